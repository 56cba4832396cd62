//! `store copy`: a whole store into an empty destination (a new file, or a
//! database without a store), SQLite to PostgreSQL or back.
//!
//! The rows are copied as they are: the same sealed records under the same
//! data key with the same associated data (store id, table, row id,
//! version), so the copy opens with the same passphrase and its records
//! authenticate as the original's did. Every record is authenticated
//! first, in the same snapshot the rows are then read from. The
//! destination is written in one transaction: a failure leaves it empty
//! (a new file is removed). Unlock sessions are not copied: they belong to
//! the store they were started on.

use super::db::{args, Db, Value};
use super::error::{Result, StoreError};
use super::{migrations, pg, Location, Unlocked};

/// What is copied of each table, in order: its columns and the order rows
/// are read in (the order the copy's own listings follow).
const TABLES: &[(&str, &[&str], &str)] = &[
    (
        "header",
        &[
            "id",
            "format",
            "store_id",
            "kdf",
            "kdf_memory_kib",
            "kdf_iterations",
            "kdf_parallelism",
            "salt",
            "wrapped_key",
            "checksum",
        ],
        "id",
    ),
    ("config", &["id", "version", "sealed"], "id"),
    (
        "secrets",
        &[
            "kid",
            "name",
            "seq",
            "algorithm",
            "created_at",
            "version",
            "sealed",
        ],
        "rowid",
    ),
    (
        "tokens",
        &[
            "seq",
            "id",
            "id_key",
            "name",
            "status",
            "secret_kid",
            "token_hash",
            "hash_key",
            "created_at",
            "expires_at",
            "version",
            "sealed",
        ],
        "seq",
    ),
    ("token_order", &["id", "in_order"], "id"),
    (
        "clients",
        &["name", "created_at", "version", "sealed"],
        "created_at, rowid",
    ),
    (
        "token_usage",
        &["token_id", "version", "sealed"],
        "token_id",
    ),
    (
        "members",
        &[
            "name",
            "created_at",
            "created_by",
            "kdf_memory_kib",
            "kdf_iterations",
            "kdf_parallelism",
            "salt",
            "wrapped",
        ],
        "name",
    ),
    (
        "access_keys",
        &[
            "id",
            "name",
            "created_at",
            "created_by",
            "expires_at",
            "scope",
            "last_used_at",
            "revoked_at",
            "wrapped",
        ],
        "name",
    ),
    ("secret_keys", &["name", "wrapped"], "name"),
    ("audit", &["seq", "sealed"], "seq"),
    ("audit_pending", &["id", "at", "action", "detail"], "id"),
];

/// Rows held in memory at a time while copying.
const CHUNK: usize = 4096;

/// What `store copy` did.
#[derive(Debug, Clone, Copy)]
pub struct Copied {
    /// Rows copied, every table.
    pub rows: u64,
}

impl Unlocked {
    /// Copy this store into `dest`, which must be empty; `progress` gets
    /// (done, total) rows.
    pub fn copy_to(&self, dest: &Location, progress: &mut dyn FnMut(u64, u64)) -> Result<Copied> {
        let snapshot = self.store.db.begin_read()?;
        let problems = self.check()?;
        if let Some(first) = problems.first() {
            return Err(StoreError::tampered(format!(
                "{first} (store check lists every problem; nothing was copied)"
            )));
        }
        let mut total = 0u64;
        for (table, _, _) in TABLES {
            let n: i64 = snapshot.value(&format!("SELECT count(*) FROM {table}"), &[])?;
            total += n.unsigned_abs();
        }
        match dest {
            Location::File(path) if std::fs::symlink_metadata(path).is_ok() => {
                Err(StoreError::DestinationNotEmpty(path.display().to_string()))
            }
            Location::File(path) => {
                super::new_file(path, |db| fill(&snapshot, &db, dest, total, progress))
            }
            Location::Postgres(target) => {
                fill(&snapshot, &target.connect()?, dest, total, progress)
            }
        }
    }
}

/// Make the schema in `db` and copy every table from `src` into it, in one
/// transaction.
fn fill(
    src: &Db,
    db: &Db,
    dest: &Location,
    total: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Copied> {
    let tx = db.begin_write()?;
    match (&*tx, dest) {
        (Db::Lite(conn), _) => super::run_migrations(conn, 0..migrations::MIGRATIONS.len(), None)?,
        (Db::Pg(_), Location::Postgres(target)) => {
            pg::create(&tx, target).map_err(|e| match e {
                StoreError::StoreInDatabase(d) => StoreError::DestinationNotEmpty(d),
                other => other,
            })?
        }
        (Db::Pg(_), Location::File(_)) => {
            return Err(StoreError::Io(
                "a file store on a database connection".into(),
            ))
        }
    }
    // The schema makes the one `token_order` row; the source's replaces it.
    tx.execute("DELETE FROM token_order", &[])?;
    let mut done = 0u64;
    progress(done, total);
    for (table, columns, order) in TABLES {
        let mut rows: Vec<Vec<Value>> = Vec::with_capacity(CHUNK);
        let sql = format!(
            "SELECT {} FROM {table} ORDER BY {order}",
            columns.join(", ")
        );
        let mut flush = |rows: &mut Vec<Vec<Value>>, done: &mut u64| -> Result<()> {
            tx.insert_rows(table, columns, rows)?;
            *done += rows.len() as u64;
            rows.clear();
            progress(*done, total);
            Ok(())
        };
        src.each(&sql, &[], |r| {
            let row = (0..columns.len())
                .map(|i| r.value(i))
                .collect::<Result<Vec<Value>>>()?;
            rows.push(row);
            if rows.len() == CHUNK {
                flush(&mut rows, &mut done)?;
            }
            Ok(())
        })?;
        flush(&mut rows, &mut done)?;
    }
    if let Db::Pg(_) = &*tx {
        // Rows were copied with their keys; new rows continue after them.
        for (table, column) in [
            ("tokens", "seq"),
            ("secrets", "rowid"),
            ("clients", "rowid"),
            ("audit_pending", "id"),
        ] {
            tx.execute(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', '{column}'),
                                   coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)"
                ),
                args![],
            )?;
        }
    }
    tx.commit()?;
    Ok(Copied { rows: done })
}
