//! The encrypted SQLite store: open, create, unlock, migrate, and typed queries.
//!
//! Layout: a `header` row (authenticated by a checksum and by being the
//! associated data of the wrapped data key), a sealed `config` row, and one
//! sealed row per secret. Every sealed row is bound to the store id, its
//! table, its row id and its row version; the plain columns are indexes that
//! must agree with the sealed record. Nothing here prints or prompts.

mod header;
mod migrations;
mod secrets;
mod session;
mod tokens;

use std::fs;
use std::io::ErrorKind;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::crypto::{self, KdfParams, Key};
use crate::error::{Error, Result};

pub use header::Header;
pub use migrations::current_version;
pub use secrets::{NewSecret, SecretInfo};
pub use session::{NewSession, SESSION_PREFIX};
pub use tokens::{
    BatchWriter, FoundToken, NameTaken, Opener, PendingUndelivered, Revoked, SealedToken, Sealer,
};

/// How long a command waits for another process's write lock.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// An opened store whose header has been read and checked, not yet unlocked.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    header: Header,
}

/// A store whose data key is known: it can read and write sealed rows.
pub struct Unlocked {
    store: Store,
    key: Key,
}

/// Store-wide settings, sealed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Config {
    /// `iss` for tokens of this store.
    pub issuer: Option<String>,
    /// Key id of the default secret.
    pub default_secret: Option<String>,
}

/// What `init` needs to create a store.
pub struct InitOptions<'a> {
    /// The passphrase that will unlock the store.
    pub passphrase: &'a SecretString,
    /// Argon2id cost.
    pub kdf: KdfParams,
    /// `iss` claim for tokens.
    pub issuer: Option<String>,
    /// A first secret, which becomes the default.
    pub default_secret: Option<NewSecret<'a>>,
}

/// Counts shown by `store info`, read without unlocking.
#[derive(Debug, Clone, Copy)]
pub struct Counts {
    /// Number of secrets.
    pub secrets: i64,
    /// Number of token records, any status.
    pub tokens: i64,
}

fn open_connection(path: &Path) -> Result<Connection> {
    Ok(connect(path)?)
}

fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Both are per-connection settings: nothing is written to the file.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(conn)
}

/// Open an existing store. A store this user cannot write (its file or
/// directory read-only, a read-only mount) is still readable: SQLite then
/// needs to create the -shm file, and when it cannot, the store is opened
/// `immutable` instead, provided no -wal file holds changes that are not in
/// the main file yet. Writes on such a connection fail as read-only (exit 4).
fn open_existing(path: &Path) -> Result<Connection> {
    let probe = connect(path).and_then(|conn| {
        conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))?;
        Ok(conn)
    });
    let err = match probe {
        Ok(conn) => return Ok(conn),
        Err(err) => err,
    };
    let read_only = matches!(
        err.sqlite_error_code(),
        Some(rusqlite::ffi::ErrorCode::ReadOnly | rusqlite::ffi::ErrorCode::CannotOpen)
    );
    if !read_only || is_writable(path) {
        return Err(err.into());
    }
    let [wal, _] = companion_paths(path);
    if fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Err(Error::store(format!(
            "store is read-only for this user and {} holds changes not yet in the store file",
            wal.display()
        ))
        .with_hint("run any tokenctl command once as a user who can write the store"));
    }
    let conn = Connection::open_with_flags(
        immutable_uri(path),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

/// Whether this process may write the file at `path` (opening it for writing
/// changes nothing).
fn is_writable(path: &Path) -> bool {
    fs::OpenOptions::new().write(true).open(path).is_ok()
}

/// A `file:` URI for `path` opened read-only and immutable.
fn immutable_uri(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    uri
}

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Bring the schema up to date in one `BEGIN IMMEDIATE` transaction.
fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let from = user_version(&tx)?;
    let to = current_version();
    if from > to {
        return Err(newer_format(from));
    }
    for (i, sql) in migrations::MIGRATIONS
        .iter()
        .enumerate()
        .skip(from as usize)
    {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}

fn newer_format(found: i64) -> Error {
    Error::store(format!(
        "store format {found} is newer than this tokenctl supports ({}); the file was not changed",
        current_version()
    ))
    .with_hint("upgrade tokenctl to use this store")
}

/// Create `dir` and any missing parents with mode 0700.
fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Error::store(format!("cannot create {}: {e}", dir.display())))
}

/// The store file's -wal and -shm companions.
pub fn companion_paths(path: &Path) -> [PathBuf; 2] {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let mut shm = path.as_os_str().to_owned();
    shm.push("-shm");
    [PathBuf::from(wal), PathBuf::from(shm)]
}

/// The store or companion files that others may read or write, with their modes.
pub fn loose_permissions(path: &Path) -> Vec<(PathBuf, u32)> {
    let mut out = Vec::new();
    let [wal, shm] = companion_paths(path);
    for p in [path.to_path_buf(), wal, shm] {
        if let Ok(meta) = fs::metadata(&p) {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                out.push((p, mode));
            }
        }
    }
    out
}

impl Store {
    /// Open an existing store: migrate an older schema, refuse a newer one
    /// untouched, and read and check the header. Does not unlock.
    pub fn open(path: &Path) -> Result<Store> {
        match fs::metadata(path) {
            Ok(m) if m.is_file() => {}
            Ok(_) => return Err(Error::store(format!("{} is not a file", path.display()))),
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(Error::store(format!("no store at {}", path.display()))
                    .with_hint("run `tokenctl init` to create one, or pass --store PATH"));
            }
            Err(e) => return Err(Error::store(format!("cannot read {}: {e}", path.display()))),
        }
        let mut conn = open_existing(path)?;
        let version = user_version(&conn)?;
        if version > current_version() {
            return Err(newer_format(version));
        }
        if version == 0 {
            return Err(Error::store(format!(
                "{} is not a tokenctl store, or its creation was interrupted",
                path.display()
            ))
            .with_hint(
                "if an earlier `tokenctl init` was interrupted, delete the file and run it again",
            ));
        }
        if version < current_version() {
            migrate(&mut conn)?;
        }
        let header = Header::read(&conn)?;
        session::purge_expired(&mut conn);
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            header,
        })
    }

    /// Create a new store at `path` (refusing an existing file), with its
    /// header, config and no secrets, in one transaction.
    pub fn create(path: &Path, opts: &InitOptions<'_>) -> Result<Unlocked> {
        opts.kdf.check().map_err(Error::usage)?;
        if let Some(dir) = path.parent() {
            create_private_dir(dir)?;
        }
        // The file exists with mode 0600 before SQLite first touches it.
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                return Err(
                    Error::name(format!("a store already exists at {}", path.display())).with_hint(
                        "tokenctl init never overwrites a store; pass --store PATH for a new one",
                    ),
                );
            }
            Err(e) => {
                return Err(Error::store(format!(
                    "cannot create {}: {e}",
                    path.display()
                )));
            }
        }
        let result = Self::initialise(path, opts);
        if result.is_err() {
            remove_store_files(path);
        }
        result
    }

    fn initialise(path: &Path, opts: &InitOptions<'_>) -> Result<Unlocked> {
        let mut conn = open_connection(path)?;
        let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::store(format!(
                "cannot use WAL mode on {} (got {mode})",
                path.display()
            )));
        }
        let data_key = Key::generate();
        let header = Header::new(opts.passphrase, opts.kdf, &data_key)?;
        {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            for (i, sql) in migrations::MIGRATIONS.iter().enumerate() {
                tx.execute_batch(sql)?;
                tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            }
            header.insert(&tx)?;
            let default_secret = match &opts.default_secret {
                Some(new) => Some(secrets::insert(&tx, &data_key, &header.store_id, new)?.0),
                None => None,
            };
            let config = Config {
                issuer: opts.issuer.clone(),
                default_secret,
            };
            let sealed = seal_json(&data_key, &header.store_id, "config", "1", 1, &config)?;
            tx.execute(
                "INSERT INTO config (id, version, sealed) VALUES (1, 1, ?1)",
                [sealed],
            )?;
            tx.commit()?;
        }
        Ok(Unlocked {
            store: Store {
                conn,
                path: path.to_path_buf(),
                header,
            },
            key: data_key,
        })
    }

    /// The store's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The checked header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Row counts from the plain index columns (no unlock).
    pub fn counts(&self) -> Result<Counts> {
        let secrets = self
            .conn
            .query_row("SELECT count(*) FROM secrets", [], |r| r.get(0))?;
        let tokens = self
            .conn
            .query_row("SELECT count(*) FROM tokens", [], |r| r.get(0))?;
        Ok(Counts { secrets, tokens })
    }

    /// Unwrap the data key with `passphrase`. A wrong passphrase is exit 3.
    pub fn unlock(self, passphrase: &SecretString) -> Result<Unlocked> {
        let key = self.header.unwrap_key(passphrase)?;
        Ok(Unlocked { store: self, key })
    }
}

/// Remove a half-made store and its companions (used when `init` fails).
fn remove_store_files(path: &Path) {
    let [wal, shm] = companion_paths(path);
    for p in [path.to_path_buf(), wal, shm] {
        let _ = fs::remove_file(p);
    }
}

/// Seal a serialisable record for `table`/`row_id`/`version`.
fn seal_json<T: Serialize>(
    key: &Key,
    store_id: &[u8],
    table: &str,
    row_id: &str,
    version: i64,
    value: &T,
) -> Result<Vec<u8>> {
    let plain = Zeroizing::new(
        serde_json::to_vec(value)
            .map_err(|e| Error::store(format!("cannot encode record: {e}")))?,
    );
    Ok(crypto::seal(
        key,
        &plain,
        &crypto::row_aad(store_id, table, row_id, version),
    ))
}

/// Open a sealed record; anything that does not authenticate or parse is tampering.
fn open_json<T: for<'de> Deserialize<'de>>(
    key: &Key,
    store_id: &[u8],
    table: &str,
    row_id: &str,
    version: i64,
    sealed: &[u8],
) -> Result<T> {
    let what = || format!("{table} row {row_id} failed authentication");
    let plain = crypto::open(
        key,
        sealed,
        &crypto::row_aad(store_id, table, row_id, version),
    )
    .ok_or_else(|| Error::tampered(what()))?;
    serde_json::from_slice(&plain).map_err(|_| Error::tampered(what()))
}

impl Unlocked {
    /// The underlying store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    fn store_id(&self) -> &[u8] {
        &self.store.header.store_id
    }

    /// The sealed store configuration.
    pub fn config(&self) -> Result<Config> {
        read_config(&self.store.conn, &self.key, self.store_id())
    }

    /// Re-wrap the data key under a new passphrase and a new salt, atomically,
    /// and end every session. Returns how many sessions were ended.
    pub fn change_passphrase(&mut self, new: &SecretString) -> Result<usize> {
        let old_checksum = self.store.header.checksum;
        let header = self.store.header.rewrap(new, &self.key)?;
        let tx = self
            .store
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have changed the passphrase while the KDF ran.
        let current = Header::read(&tx)?;
        if !crypto::ct_eq(&current.checksum, &old_checksum) {
            return Err(
                Error::store("the store's passphrase changed while this command ran")
                    .with_hint("run the command again"),
            );
        }
        header.update(&tx)?;
        let ended = tx.execute("DELETE FROM sessions", [])?;
        tx.commit()?;
        self.store.header = header;
        Ok(ended)
    }

    /// Authenticate every sealed row and run SQLite's integrity check.
    /// Returns one line per problem; empty when all is sound.
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.store.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for row in rows {
            let line = row?;
            if line != "ok" {
                problems.push(format!("sqlite: {line}"));
            }
        }
        if let Err(e) = self.config() {
            problems.push(e.message().to_string());
        }
        problems.extend(secrets::check_all(self)?);
        problems.extend(tokens::check_all(self)?);
        Ok(problems)
    }
}

fn read_config(conn: &Connection, key: &Key, store_id: &[u8]) -> Result<Config> {
    let row: Option<(i64, Vec<u8>)> = conn
        .query_row("SELECT version, sealed FROM config WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let (version, sealed) = row.ok_or_else(|| Error::tampered("the config row is missing"))?;
    open_json(key, store_id, "config", "1", version, &sealed)
}

fn write_config(
    tx: &rusqlite::Transaction<'_>,
    key: &Key,
    store_id: &[u8],
    config: &Config,
) -> Result<()> {
    let version: i64 = tx
        .query_row("SELECT version FROM config WHERE id = 1", [], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::tampered("the config row is missing"))?;
    // Authenticate what is there before replacing it.
    let sealed: Vec<u8> =
        tx.query_row("SELECT sealed FROM config WHERE id = 1", [], |r| r.get(0))?;
    open_json::<Config>(key, store_id, "config", "1", version, &sealed)?;
    let next = version + 1;
    let sealed = seal_json(key, store_id, "config", "1", next, config)?;
    tx.execute(
        "UPDATE config SET version = ?1, sealed = ?2 WHERE id = 1",
        rusqlite::params![next, sealed],
    )?;
    Ok(())
}

/// After an indexed lookup of `table` by `clause` found nothing: when the
/// table itself holds such a row, the index is corrupt and that is
/// tampering (exit 4), not a missing row. Costs one scan, only on a miss.
fn check_index_miss(
    conn: &Connection,
    table: &str,
    clause: &str,
    arg: &dyn rusqlite::ToSql,
) -> Result<()> {
    let in_table: bool = conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} NOT INDEXED WHERE {clause})"),
        [arg],
        |r| r.get(0),
    )?;
    if in_table {
        return Err(Error::tampered(format!(
            "an index of the {table} table does not match its rows"
        )));
    }
    Ok(())
}

/// Current UTC time as the store writes it: RFC 3339, whole seconds.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
