//! The store's schema is authenticated like its rows.
//!
//! Whoever can write the file can add a trigger that undoes a revocation,
//! a view, an index or a table, or change a table's definition, all
//! without the passphrase. So every connection runs with triggers and
//! views disabled, `trusted_schema` off and defensive mode on, and every
//! open compares the schema the file declares with the one tokenctl's own
//! migrations make for that format version: anything more, less or
//! different is tampering, refused before any command reads or writes.
//!
//! The comparison is backend-neutral: a catalogue is a sorted list of
//! (kind, name, table, definition) entries. SQLite's comes from
//! `sqlite_schema`; another backend lists its catalogue the same way and
//! compares it with the one its migrations make.

use rusqlite::config::DbConfig;
use rusqlite::Connection;

use super::error::{Result, StoreError};
use super::migrations::MIGRATIONS;

/// One object a schema declares.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Entry {
    kind: String,
    name: String,
    table: String,
    /// The definition as the database keeps it (`None` for the indexes
    /// SQLite makes itself for UNIQUE and PRIMARY KEY constraints).
    sql: Option<String>,
}

/// Turn off everything by which a schema could run code or redirect a
/// write: triggers, views, untrusted functions in schema, and writes to
/// the schema table itself. Set before the connection reads the schema.
pub(super) fn harden(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    Ok(())
}

/// The catalogue `conn`'s database declares, sorted.
pub(super) fn declared(conn: &Connection) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema")?;
    let rows = stmt.query_map([], |r| {
        Ok(Entry {
            kind: r.get(0)?,
            name: r.get(1)?,
            table: r.get(2)?,
            sql: r.get(3)?,
        })
    })?;
    let mut out = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    out.sort();
    Ok(out)
}

/// The catalogue the first `version` migrations make, sorted: built by
/// running them on an empty in-memory database.
pub(super) fn expected(version: i64) -> Result<Vec<Entry>> {
    let conn = Connection::open_in_memory()?;
    harden(&conn)?;
    let n = usize::try_from(version).unwrap_or(0).min(MIGRATIONS.len());
    super::run_migrations(&conn, 0..n, None)?;
    declared(&conn)
}

/// SHA-256 over a catalogue, in a canonical form.
fn fingerprint(entries: &[Entry]) -> [u8; 32] {
    let mut text = Vec::with_capacity(2048);
    for e in entries {
        for part in [&e.kind, &e.name, &e.table] {
            text.extend_from_slice(part.as_bytes());
            text.push(0);
        }
        match &e.sql {
            Some(sql) => {
                text.push(b'+');
                text.extend_from_slice(sql.as_bytes());
            }
            None => text.push(b'-'),
        }
        text.push(b'\n');
    }
    crate::crypto::sha256(&text)
}

/// The fingerprint of the catalogue the current format's migrations make,
/// so that opening a current store compares it without replaying them. A
/// unit test recomputes it; a new migration changes it.
const CURRENT: [u8; 32] = [
    165, 125, 33, 118, 127, 102, 104, 149, 103, 249, 127, 67, 213, 206, 192, 69, 33, 228, 15, 6,
    102, 162, 112, 204, 222, 14, 168, 30, 222, 60, 142, 65,
];

/// Refuse a store whose schema is not exactly what tokenctl's migrations
/// make for `version`. An unmarked file that differs is not a tokenctl
/// store; a marked store that differs was tampered with.
pub(super) fn verify(conn: &Connection, version: i64, marked: bool) -> Result<()> {
    let have = declared(conn)?;
    if version == MIGRATIONS.len() as i64 && fingerprint(&have) == CURRENT {
        return Ok(());
    }
    let want = expected(version)?;
    if have == want {
        return Ok(());
    }
    let what = describe_difference(&have, &want);
    if marked {
        Err(StoreError::tampered(format!(
            "its schema is not the one tokenctl made ({what})"
        )))
    } else {
        Err(StoreError::ForeignSchema(what))
    }
}

/// The first difference, in a few words: "unexpected trigger 't'".
fn describe_difference(have: &[Entry], want: &[Entry]) -> String {
    let quoted = |e: &Entry| format!("{} '{}'", e.kind, e.name.escape_debug());
    if let Some(extra) = have
        .iter()
        .find(|h| !want.iter().any(|w| w.kind == h.kind && w.name == h.name))
    {
        return format!("unexpected {}", quoted(extra));
    }
    if let Some(missing) = want
        .iter()
        .find(|w| !have.iter().any(|h| h.kind == w.kind && h.name == w.name))
    {
        return format!("missing {}", quoted(missing));
    }
    match have.iter().zip(want).find(|(h, w)| h != w) {
        Some((changed, _)) => format!("changed {}", quoted(changed)),
        None => "different objects".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_fingerprint_is_the_migrations_own() {
        let computed = fingerprint(&expected(MIGRATIONS.len() as i64).unwrap());
        assert_eq!(
            computed, CURRENT,
            "a migration changed the schema: set CURRENT to {computed:?}"
        );
    }

    #[test]
    fn every_version_replays_and_a_planted_trigger_is_seen() {
        for v in 1..=MIGRATIONS.len() as i64 {
            assert!(!expected(v).unwrap().is_empty(), "version {v}");
        }
        let conn = Connection::open_in_memory().unwrap();
        super::super::run_migrations(&conn, 0..MIGRATIONS.len(), None).unwrap();
        let v = MIGRATIONS.len() as i64;
        verify(&conn, v, true).unwrap();
        conn.execute_batch("CREATE TRIGGER t AFTER DELETE ON sessions BEGIN SELECT 1; END;")
            .unwrap();
        let e = verify(&conn, v, true).unwrap_err();
        assert!(matches!(e, StoreError::Tampered(_)), "{e}");
        assert!(e.to_string().contains("unexpected trigger 't'"), "{e}");
    }

    #[test]
    fn hardened_connections_run_no_trigger() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE a (x INTEGER); CREATE TABLE b (y INTEGER);
             CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); END;",
        )
        .unwrap();
        harden(&conn).unwrap();
        conn.execute("INSERT INTO a VALUES (1)", []).unwrap();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM b", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }
}
