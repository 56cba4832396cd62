//! The encrypted store, in an SQLite file or a PostgreSQL database: open,
//! create, unlock, migrate, and typed queries.
//!
//! Layout: a `header` row (authenticated by a checksum and by being the
//! associated data of the wrapped data key), a sealed `config` row, and one
//! sealed row per secret. Every sealed row is bound to the store id, its
//! table, its row id and its row version; the plain columns are indexes that
//! must agree with the sealed record. Both databases hold the same rows and
//! answer the same queries (`db`); what only one has is in `pg` or behind
//! `Db::Lite`. Nothing here prints or prompts.

mod anchor;
mod audit;
mod clients;
mod copy;
pub(crate) mod db;
mod error;
mod header;
mod keyring;
mod migrations;
mod pg;
mod record;
mod schema;
mod secrets;
mod session;
mod tokens;

use std::fs;
use std::io::ErrorKind;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::crypto::{self, KdfParams, Key};
pub use audit::{Chain, Change, Event, Walked};
/// Which audit events to list.
pub mod audit_filter {
    pub use super::audit::Filter;
}
pub use clients::{secret_hash, ClientInfo, CLIENT_PREFIX};
pub use copy::Copied;
pub use db::Kind;
use db::{args, Db, Tx};
use error::Result;
pub use error::StoreError;
pub use pg::Target;

pub use header::Header;
pub use keyring::{
    default_member_name, minted_by, Access, Grant, KeyInfo, MemberInfo, Scope, KEY_PREFIX,
};
pub use migrations::{current_version, MIGRATIONS};
pub use record::{decode as decode_token_record, encode as encode_token_record, Undecodable};
pub use secrets::{NewSecret, PublishedKey, SecretInfo, VersionInfo};
pub use session::{Ended, NewSession, SESSION_PREFIX};
pub use tokens::{BatchWriter, FoundToken, Opener, Revoked, SealedToken, Sealer, Undelivered};

/// How long a command waits for another process's write lock.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Where a store is: a file, or a PostgreSQL database.
#[derive(Debug, Clone)]
pub enum Location {
    /// An SQLite file.
    File(PathBuf),
    /// A PostgreSQL database.
    Postgres(Box<Target>),
}

impl Location {
    /// `postgres://` and `postgresql://` URLs name a database; anything
    /// else is a file path.
    pub fn parse(s: &std::ffi::OsStr) -> Result<Location> {
        match s.to_str() {
            Some(url) if pg::is_url(url) => Ok(Location::Postgres(Box::new(Target::parse(url)?))),
            _ => Ok(Location::File(PathBuf::from(s))),
        }
    }

    /// Which kind of database it is.
    pub fn kind(&self) -> Kind {
        match self {
            Location::File(_) => Kind::Sqlite,
            Location::Postgres(_) => Kind::Postgres,
        }
    }

    /// The file, for a store file.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Location::File(p) => Some(p),
            Location::Postgres(_) => None,
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::File(p) => write!(f, "{}", p.display()),
            Location::Postgres(t) => write!(f, "{t}"),
        }
    }
}

/// An opened store whose header has been read and checked, not yet unlocked.
pub struct Store {
    db: Db,
    location: Location,
    header: Header,
}

/// A store whose data key is known: it can read and write sealed rows,
/// and open the secrets its [`Access`] holds the keys of.
pub struct Unlocked {
    store: Store,
    key: Key,
    access: Access,
    witness: Witness,
}

/// What the audit log records of the process besides its access: the
/// `TOKENCTL_ACTOR` label, and where this machine keeps its record of the
/// chain (see `anchor`).
#[derive(Debug, Clone, Default)]
struct Witness {
    label: Option<String>,
    anchors: Option<PathBuf>,
}

/// Store-wide settings, sealed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Config {
    /// `iss` for tokens of this store.
    pub issuer: Option<String>,
    /// Key id of the default secret.
    pub default_secret: Option<String>,
    /// What every token of a type must keep to (`policy set`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy: Vec<crate::token::policy::Rule>,
    /// The audit chain's length, head and row digest.
    #[serde(default)]
    pub chain: Chain,
    /// What this machine's records of the chain are sealed under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<anchor::AnchorSecret>,
}

/// What `init` needs to create a store.
pub struct InitOptions<'a> {
    /// The first member's name.
    pub member: &'a str,
    /// The passphrase that will unlock the store, as that member's.
    pub passphrase: &'a SecretString,
    /// Argon2id cost.
    pub kdf: KdfParams,
    /// `iss` claim for tokens.
    pub issuer: Option<String>,
    /// A first secret, which becomes the default.
    pub default_secret: Option<NewSecret<'a>>,
    /// The `TOKENCTL_ACTOR` label, for the audit log.
    pub label: Option<String>,
    /// Where this machine records the audit chain (see [`Unlocked::witness`]).
    pub anchors: Option<PathBuf>,
}

/// What `store rekey` did.
#[derive(Debug, Clone, Copy)]
pub struct Rekeyed {
    /// Records re-sealed: the config, every secret and every token.
    pub records: u64,
    /// The sessions it ended.
    pub ended: Ended,
    /// The other members, whose slots held the old keys: removed.
    pub members_removed: usize,
    /// The access keys, whose slots held the old keys: revoked.
    pub keys_revoked: usize,
}

/// Counts shown by `store info`, read without unlocking.
#[derive(Debug, Clone, Copy)]
pub struct Counts {
    /// Number of secrets.
    pub secrets: i64,
    /// Number of token records, any status.
    pub tokens: i64,
    /// The audit log's length (its last event's number, unverified).
    pub audit_events: i64,
}

fn open_connection(path: &Path) -> Result<Connection> {
    Ok(connect(path)?)
}

fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure(&conn)?;
    Ok(conn)
}

/// Per-connection settings (nothing is written to the file), applied
/// before the connection first reads the schema.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    schema::harden(conn)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Deleted and overwritten content is zeroed, so an ended session's
    // sealed key or a replaced record does not linger in free space.
    conn.pragma_update(None, "secure_delete", "ON")?;
    Ok(())
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
        return Err(StoreError::ReadOnlyWithWal(wal));
    }
    let conn = Connection::open_with_flags(
        immutable_uri(path),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure(&conn)?;
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

fn application_id(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA application_id", [], |r| r.get(0))?)
}

/// Check that `conn` holds a tokenctl store whose schema is exactly what
/// the migrations make for its format version; returns that version. A
/// file that is not a tokenctl store, or is newer, is refused untouched.
fn check_format(conn: &Connection, path: &Path) -> Result<i64> {
    let app_id = application_id(conn)?;
    let version = user_version(conn)?;
    let marked = app_id == migrations::APPLICATION_ID;
    if !marked && app_id != 0 {
        return Err(not_a_store(path));
    }
    if version > current_version() {
        return Err(newer_format(version));
    }
    if version == 0 {
        return Err(StoreError::Uninitialised(path.to_path_buf()));
    }
    schema::verify(conn, version, marked)?;
    if version >= migrations::MARKED_SINCE && !marked {
        return Err(StoreError::tampered("its application id was erased"));
    }
    Ok(version)
}

fn not_a_store(path: &Path) -> StoreError {
    StoreError::Foreign(path.to_path_buf())
}

/// Bring the schema up to date, each step in one `BEGIN IMMEDIATE`
/// transaction. Without the data key, only up to the first migration that
/// re-seals records ([`migrations::KEYED`]); the rest run on unlock. A
/// SIGKILL at any moment leaves the store at one whole format version.
fn migrate(conn: &mut Connection, path: &Path, key: Option<(&Key, [u8; 16])>) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have migrated since the store was checked.
    let from = check_format(&tx, path)? as usize;
    let to = match key {
        Some(_) => MIGRATIONS.len(),
        None => migrations::keyless_until(from),
    };
    run_migrations(&tx, from..to, key)?;
    tx.commit()?;
    Ok(())
}

/// Run `MIGRATIONS[range]` on `conn` in order, each followed by its
/// version, with the SQL functions they call (see
/// `tokens::with_migration_functions`).
fn run_migrations(
    conn: &Connection,
    range: std::ops::Range<usize>,
    key: Option<(&Key, [u8; 16])>,
) -> Result<()> {
    tokens::with_migration_functions(conn, key, || {
        for (i, sql) in MIGRATIONS
            .iter()
            .enumerate()
            .take(range.end)
            .skip(range.start)
        {
            conn.execute_batch(sql)?;
            conn.pragma_update(None, "user_version", (i + 1) as i64)?;
        }
        Ok(())
    })
}

fn newer_format(found: i64) -> StoreError {
    StoreError::Newer {
        found,
        supported: current_version(),
    }
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
        .map_err(|source| StoreError::Create {
            path: dir.to_path_buf(),
            source,
        })
}

/// Why nothing will be created at `path`, which exists: a store is there
/// already, or something that is not one.
pub fn path_taken(path: &Path) -> StoreError {
    let what = match fs::metadata(path) {
        Ok(m) if m.is_file() => match sqlite_header(path) {
            Some((user_version, app_id))
                if app_id == migrations::APPLICATION_ID
                    || (app_id == 0 && (1..migrations::MARKED_SINCE).contains(&user_version)) =>
            {
                None
            }
            Some(_) => Some("another program's SQLite database"),
            None => Some("a file that is not a tokenctl store"),
        },
        Ok(m) if m.is_dir() => Some("a directory"),
        Ok(_) => Some("not a regular file (a device, pipe or socket)"),
        Err(_) => Some("something this user cannot read"),
    };
    StoreError::PathTaken {
        path: path.to_path_buf(),
        what,
    }
}

/// The user version and application id from an SQLite file's header, if
/// the file starts like an SQLite database. Reads 72 bytes; opens nothing.
fn sqlite_header(path: &Path) -> Option<(i64, i64)> {
    use std::io::Read;
    let mut head = [0u8; 72];
    fs::File::open(path).ok()?.read_exact(&mut head).ok()?;
    if &head[..16] != b"SQLite format 3\0" {
        return None;
    }
    let be = |at: usize| {
        i64::from(i32::from_be_bytes([
            head[at],
            head[at + 1],
            head[at + 2],
            head[at + 3],
        ]))
    };
    Some((be(60), be(68)))
}

/// Refuse a store that someone else could have changed: one in a
/// directory, or a file, that other users may write or that belongs to
/// another user (root aside), as ssh refuses such key files. Whoever can
/// write there can replace the store or plant files beside it.
fn check_location(path: &Path) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let me = crate::sys::euid();
    let [wal, shm] = companion_paths(path);
    let places = [
        ("directory", dir),
        ("file", path),
        ("file", wal.as_path()),
        ("file", shm.as_path()),
    ];
    for (what, p) in places {
        let Ok(meta) = fs::metadata(p) else { continue };
        let mode = meta.mode() & 0o7777;
        let why = if meta.uid() != me && meta.uid() != 0 {
            format!("belongs to another user (uid {})", meta.uid())
        } else if mode & 0o022 != 0 {
            format!("is writable by other users (mode {mode:04o})")
        } else {
            continue;
        };
        return Err(StoreError::Unsafe {
            what,
            path: p.to_path_buf(),
            why,
        });
    }
    Ok(())
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
    pub fn open(location: &Location) -> Result<Store> {
        let db = match location {
            Location::File(path) => open_file(path)?,
            Location::Postgres(target) => {
                let db = target.connect()?;
                pg::check(&db, target)?;
                db
            }
        };
        let header = Header::read(&db)?;
        session::purge_expired(&db);
        Ok(Store {
            db,
            location: location.clone(),
            header,
        })
    }

    /// Create a new store (refusing an existing file, or a database that
    /// holds one), with its header, config and no secrets, in one
    /// transaction.
    pub fn create(location: &Location, opts: &InitOptions<'_>) -> Result<Unlocked> {
        opts.kdf.check().map_err(StoreError::KdfParams)?;
        match location {
            Location::File(path) => create_file(path, opts),
            Location::Postgres(target) => {
                let db = target.connect()?;
                Self::initialise(db, location, opts)
            }
        }
    }

    fn initialise(db: Db, location: &Location, opts: &InitOptions<'_>) -> Result<Unlocked> {
        let data_key = Key::generate();
        let wrap = Key::generate();
        let header = Header::new(opts.kdf, &data_key);
        let slot = keyring::Slot::new(
            &header.store_id,
            opts.member,
            opts.passphrase,
            opts.kdf,
            &data_key,
            &wrap,
        )?;
        let first_wrap = wrap.duplicate();
        let unlocked = Unlocked {
            store: Store {
                db,
                location: location.clone(),
                header,
            },
            key: data_key,
            access: Access::Member {
                name: opts.member.to_string(),
                wrap,
                slot: Vec::new(),
            },
            witness: Witness {
                label: opts.label.clone(),
                anchors: opts.anchors.clone(),
            },
        };
        let (db, header, data_key) = (&unlocked.store.db, &unlocked.store.header, &unlocked.key);
        let tx = db.begin_write()?;
        match (&*tx, location) {
            (Db::Lite(conn), _) => run_migrations(conn, 0..MIGRATIONS.len(), None)?,
            (Db::Pg(_), Location::Postgres(target)) => pg::create(&tx, target)?,
            (Db::Pg(_), Location::File(_)) => {
                return Err(StoreError::Io(
                    "a file store on a database connection".into(),
                ))
            }
        }
        header.insert(&tx)?;
        slot.insert(&tx, opts.member)?;
        let default_secret = match &opts.default_secret {
            Some(new) => Some(secrets::insert(&tx, &first_wrap, &header.store_id, new)?.0),
            None => None,
        };
        let config = Config {
            issuer: opts.issuer.clone(),
            default_secret,
            ..Config::default()
        };
        let sealed = seal_json(data_key, &header.store_id, "config", "1", 1, &config)?;
        tx.execute(
            "INSERT INTO config (id, version, sealed) VALUES (1, 1, ?1)",
            args![sealed],
        )?;
        let target = match &opts.default_secret {
            Some(new) => format!("store (member {}, secret {})", opts.member, new.name),
            None => format!("store (member {})", opts.member),
        };
        unlocked.commit(tx, Change::new("store.init", target))?;
        Ok(unlocked)
    }

    /// Where the store is.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The checked header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The format version the store is at: [`current_version`] once it has
    /// been unlocked by this build (migrations that re-seal records wait
    /// for the data key).
    pub fn format_version(&self) -> Result<i64> {
        match &self.db {
            Db::Lite(conn) => user_version(conn),
            Db::Pg(_) => self.db.value("SELECT format FROM tokenctl_meta", &[]),
        }
    }

    /// The database server's version, for a store on PostgreSQL.
    pub fn server_version(&self) -> Result<Option<String>> {
        match &self.db {
            Db::Lite(_) => Ok(None),
            Db::Pg(_) => pg::server_version(&self.db).map(Some),
        }
    }

    /// Row counts from the plain index columns (no unlock).
    pub fn counts(&self) -> Result<Counts> {
        let secrets = self.db.value("SELECT count(*) FROM secrets", &[])?;
        let tokens = self.db.value("SELECT count(*) FROM tokens", &[])?;
        // A file store waits for its first unlock to reach the format
        // with the log.
        let audit_events = if self.format_version()? >= migrations::AUDIT_SINCE {
            self.db
                .value("SELECT coalesce(max(seq), 0) FROM audit", &[])?
        } else {
            0
        };
        Ok(Counts {
            secrets,
            tokens,
            audit_events,
        })
    }

    /// Unlock as `member` (or the only member, or the one named after the
    /// OS user) with `passphrase`.
    pub fn unlock(self, member: Option<&str>, passphrase: &SecretString) -> Result<Unlocked> {
        self.try_unlock(member, passphrase).map_err(|(_, e)| e)
    }

    /// Like [`Store::unlock`], but a refused passphrase hands the store
    /// back, so that another one can be tried. One slot is tried, so one
    /// KDF run, however many members the store has.
    pub fn try_unlock(
        self,
        member: Option<&str>,
        passphrase: &SecretString,
    ) -> std::result::Result<Unlocked, (Box<Store>, StoreError)> {
        if let Db::Pg(_) = &self.db {
            if let Err(e) = pg::check_schema(&self.db) {
                return Err((Box::new(self), e));
            }
        }
        if self.header.is_legacy() {
            return self.unlock_legacy(member, passphrase);
        }
        let opened = keyring::choose(&self.db, member).and_then(|slot| {
            let keys = slot.open(&self.header.store_id, passphrase)?;
            Ok((keys, slot.name, slot.wrapped))
        });
        match opened {
            Ok(((key, wrap), name, slot)) => Unlocked {
                store: self,
                key,
                access: Access::Member { name, wrap, slot },
                witness: Witness::default(),
            }
            .migrated()
            .map_err(|failed| {
                let (u, e) = *failed;
                (Box::new(u.store), e)
            }),
            Err(e) => Err((Box::new(self), e)),
        }
    }

    /// A store from before members: its passphrase unwraps the data key,
    /// the format migrations run, and the passphrase becomes the slot of
    /// the first member (`member`, else named after the OS user).
    fn unlock_legacy(
        self,
        member: Option<&str>,
        passphrase: &SecretString,
    ) -> std::result::Result<Unlocked, (Box<Store>, StoreError)> {
        let (key, kek) = match self.header.unwrap_legacy(passphrase) {
            Ok(k) => k,
            Err(e) => return Err((Box::new(self), e)),
        };
        let name = member.map_or_else(default_member_name, str::to_string);
        let unlocked = Unlocked {
            store: self,
            key,
            access: Access::Member {
                name: name.clone(),
                wrap: Key::generate(),
                slot: Vec::new(),
            },
            witness: Witness::default(),
        };
        let mut u = unlocked.migrated().map_err(|failed| {
            let (u, e) = *failed;
            (Box::new(u.store), e)
        })?;
        match u.upgrade_keyring(&kek, &name) {
            Ok(()) => Ok(u),
            Err(e) => Err((Box::new(u.store), e)),
        }
    }
}

/// Open a store file: its location checked, an older format migrated as
/// far as it can be without the data key.
fn open_file(path: &Path) -> Result<Db> {
    match fs::metadata(path) {
        Ok(m) if m.is_file() => {}
        Ok(_) => return Err(StoreError::NotAFile(path.to_path_buf())),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        Err(source) => {
            return Err(StoreError::Unreadable {
                path: path.to_path_buf(),
                source,
            })
        }
    }
    check_location(path)?;
    let mut conn = open_existing(path)?;
    let version = check_format(&conn, path)?;
    // The migrations that need no key run now; those that re-seal
    // records wait for the data key (see `Unlocked::migrated`).
    if migrations::keyless_until(version as usize) > version as usize {
        migrate(&mut conn, path, None)?;
    }
    Ok(Db::Lite(conn))
}

/// Create a store file and initialise it.
fn create_file(path: &Path, opts: &InitOptions<'_>) -> Result<Unlocked> {
    new_file(path, |db| {
        Store::initialise(db, &Location::File(path.to_path_buf()), opts)
    })
}

/// Create a new SQLite file at `path` (refusing an existing one) and hand
/// its connection to `fill`: the file exists with mode 0600 before SQLite
/// first touches it, in WAL mode; when `fill` fails it is removed again.
fn new_file<T>(path: &Path, fill: impl FnOnce(Db) -> Result<T>) -> Result<T> {
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    check_location(path)?;
    match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::AlreadyExists => return Err(path_taken(path)),
        Err(source) => {
            return Err(StoreError::Create {
                path: path.to_path_buf(),
                source,
            });
        }
    }
    let result = (|| {
        let conn = open_connection(path)?;
        let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Io(format!(
                "cannot use WAL mode on {} (got {mode})",
                path.display()
            )));
        }
        fill(Db::Lite(conn))
    })();
    if result.is_err() {
        remove_store_files(path);
    }
    result
}

/// Copy every change in the -wal into the store file and empty the -wal,
/// so that content the last transactions deleted or replaced (zeroed in
/// the file by `secure_delete`) survives in neither. Waits up to the busy
/// timeout for readers; `false` when one still holds an older snapshot.
fn wipe_wal(db: &Db) -> bool {
    let Db::Lite(conn) = db else {
        return true;
    };
    let done = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    });
    matches!(done, Ok((0, _, _)))
}

/// Remove a half-made store and its companions (used when `init` fails).
fn remove_store_files(path: &Path) {
    let [wal, shm] = companion_paths(path);
    for p in [path.to_path_buf(), wal, shm] {
        let _ = fs::remove_file(p);
    }
}

/// Seal a serialisable record for `table`/`row_id`/`version`. The record
/// is decoded again first: nothing is stored that would not read back.
fn seal_json<T: Serialize + for<'de> Deserialize<'de>>(
    key: &Key,
    store_id: &[u8],
    table: &'static str,
    row_id: &str,
    version: i64,
    value: &T,
) -> Result<Vec<u8>> {
    let plain =
        Zeroizing::new(serde_json::to_vec(value).map_err(|_| StoreError::Unencodable(table))?);
    serde_json::from_slice::<T>(&plain).map_err(|_| StoreError::Unencodable(table))?;
    Ok(crypto::seal(
        key,
        &plain,
        &crypto::row_aad(store_id, table, row_id, version),
    ))
}

/// Open a sealed record. One that does not authenticate is tampering; one
/// that authenticates was written by tokenctl, so if it does not decode it
/// is reported as unreadable, never as tampering.
fn open_json<T: for<'de> Deserialize<'de>>(
    key: &Key,
    store_id: &[u8],
    table: &'static str,
    row_id: &str,
    version: i64,
    sealed: &[u8],
) -> Result<T> {
    let plain = crypto::open(
        key,
        sealed,
        &crypto::row_aad(store_id, table, row_id, version),
    )
    .ok_or_else(|| StoreError::tampered(format!("{table} row {row_id} failed authentication")))?;
    decode_authenticated(&plain).map_err(|_| StoreError::Undecodable {
        table,
        row: row_id.to_string(),
    })
}

/// Decode JSON that authenticated under the data key. Only tokenctl
/// writes such records, so serde_json's nesting limit, meant for hostile
/// input, is lifted: a record an older tokenctl accepted stays readable.
fn decode_authenticated<T: for<'de> Deserialize<'de>>(plain: &[u8]) -> serde_json::Result<T> {
    let mut de = serde_json::Deserializer::from_slice(plain);
    de.disable_recursion_limit();
    let value = T::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

impl Unlocked {
    /// Run the migrations that wait for the data key (see [`migrate`]).
    /// On failure the store is handed back with the reason.
    fn migrated(mut self) -> std::result::Result<Unlocked, Box<(Unlocked, StoreError)>> {
        let (Db::Lite(conn), Location::File(path)) = (&mut self.store.db, &self.store.location)
        else {
            // A PostgreSQL store is created at the newest format its
            // migrations make, and `pg::check` refuses any other.
            return Ok(self);
        };
        let pending = match user_version(conn) {
            Ok(v) => v < current_version(),
            Err(e) => return Err(Box::new((self, e))),
        };
        if pending {
            let key = (&self.key, self.store.header.store_id);
            if let Err(e) = migrate(conn, path, Some(key)) {
                let e = self.explain(e);
                return Err(Box::new((self, e)));
            }
        }
        Ok(self)
    }

    /// The underlying store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    fn store_id(&self) -> &[u8] {
        &self.store.header.store_id
    }

    /// Another handle on the same store and data key: a connection of its
    /// own, for a thread of its own (`serve` keeps one per worker).
    pub fn try_clone(&self) -> Result<Unlocked> {
        let db = self.store.reconnect()?;
        let access = match &self.access {
            Access::Member { name, wrap, slot } => Access::Member {
                name: name.clone(),
                wrap: wrap.duplicate(),
                slot: slot.clone(),
            },
            Access::Key(_) => return Err(StoreError::NotAllowed("serve".into())),
        };
        Ok(Unlocked {
            store: Store {
                db,
                location: self.store.location.clone(),
                header: self.store.header.clone(),
            },
            key: self.key.duplicate(),
            access,
            witness: self.witness.clone(),
        })
    }

    /// A number that changes whenever another connection (of any process,
    /// on any machine) commits a change to the store.
    pub fn data_version(&self) -> Result<i64> {
        self.store.db.data_version()
    }

    /// The sealed store configuration.
    pub fn config(&self) -> Result<Config> {
        read_config(&self.store.db, &self.key, self.store_id()).map_err(|e| self.explain(e))
    }

    /// Move a store from before members to member slots (see
    /// `keyring::upgrade`), in one transaction.
    fn upgrade_keyring(&mut self, kek: &Key, name: &str) -> Result<()> {
        let Access::Member { wrap, .. } = &self.access else {
            return Err(StoreError::NotAllowed("upgrade the store".into()));
        };
        let tx = self.store.db.begin_write()?;
        let current = Header::read(&tx)?;
        if !crypto::ct_eq(&current.checksum, &self.store.header.checksum) {
            // Another process upgraded it (or changed it) meanwhile.
            return Err(StoreError::PassphraseChanged);
        }
        let header = keyring::upgrade(&tx, &current, &self.key, wrap, kek, name)?;
        session::end_all(&tx)?;
        self.commit(tx, Change::new("store.upgrade", format!("member {name}")))?;
        self.store.header = header;
        wipe_wal(&self.store.db);
        Ok(())
    }

    /// Replace every key: a new data key, wrapping key and per-secret
    /// keys; every record is re-sealed, the acting member's slot is sealed
    /// again under `passphrase` (a new salt), every session ends, the other
    /// members' slots are removed and every access key is revoked (their
    /// slots hold the old keys), in one transaction; the old keys then open
    /// nothing in the store. For when a passphrase, a session key or a
    /// copy of the file has leaked. `progress` gets (done, total) records.
    pub fn rekey(
        &mut self,
        passphrase: &SecretString,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Rekeyed> {
        let Access::Member { name, wrap, .. } = &self.access else {
            return Err(StoreError::NotAllowed("re-key the store".into()));
        };
        let name = name.clone();
        let old_checksum = self.store.header.checksum;
        let store_id = self.store.header.store_id;
        let new_key = Key::generate();
        let new_wrap = Key::generate();
        let header = Header::keyring(store_id, self.store.header.kdf, &new_key);
        let slot = keyring::Slot::new(
            &store_id,
            &name,
            passphrase,
            self.store.header.kdf,
            &new_key,
            &new_wrap,
        )?;
        let tx = self.store.db.begin_write()?;
        let current = Header::read(&tx)?;
        if !crypto::ct_eq(&current.checksum, &old_checksum) {
            return Err(StoreError::PassphraseChanged);
        }
        let counts: (i64, i64, i64) = tx
            .row(
                "SELECT (SELECT count(*) FROM secrets), (SELECT count(*) FROM tokens),
                        (SELECT count(*) FROM clients) + (SELECT count(*) FROM token_usage)
                        + (SELECT count(*) FROM audit)",
                &[],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?
            .unwrap_or_default();
        let total = 1 + counts.0.unsigned_abs() + counts.1.unsigned_abs() + counts.2.unsigned_abs();
        let (version, sealed): (i64, Vec<u8>) = tx
            .row(
                "SELECT version, sealed FROM config WHERE id = 1",
                &[],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .ok_or_else(|| StoreError::tampered("the config row is missing"))?;
        let config: Config = open_json(&self.key, &store_id, "config", "1", version, &sealed)?;
        let sealed = seal_json(&new_key, &store_id, "config", "1", version, &config)?;
        if tx.execute("UPDATE config SET sealed = ?1 WHERE id = 1", args![sealed])? != 1 {
            return Err(StoreError::tampered("the config row is missing"));
        }
        let mut done = 1
            + secrets::reseal_all(&tx, wrap, &new_wrap, &store_id)?
            + clients::reseal_all(&tx, &self.key, &new_key, &store_id)?;
        progress(done, total);
        tokens::reseal_all(&tx, &self.key, &new_key, &store_id, &mut |n| {
            done += n;
            progress(done, total);
        })?;
        done += audit::reseal_all(&tx, &self.key, &new_key, &store_id)?;
        progress(done, total);
        header.update(&tx)?;
        let members_removed = tx.execute("DELETE FROM members WHERE name <> ?1", args![name])?;
        tx.execute("DELETE FROM members WHERE name = ?1", args![name])?;
        slot.insert(&tx, &name)?;
        let keys_revoked = tx.execute(
            "UPDATE access_keys SET revoked_at = ?1, wrapped = ?2 WHERE revoked_at IS NULL",
            args![now_rfc3339(), Vec::<u8>::new()],
        )?;
        let sessions = session::end_all(&tx)?;
        let outcome = format!(
            "{done} records re-sealed, {sessions} sessions ended, {members_removed} members removed, \
             {keys_revoked} access keys revoked"
        );
        // The event is sealed under the new key, like everything after it.
        let author = self.author();
        let (chain, _) = audit::append(
            &tx,
            &new_key,
            &store_id,
            &author,
            Change::new("store.rekey", "store").outcome(outcome),
        )?;
        tx.commit()?;
        self.key = new_key;
        self.access = Access::Member {
            name,
            wrap: new_wrap,
            slot: slot.wrapped.clone(),
        };
        self.store.header = header;
        let _ = self.anchor_at(&chain);
        Ok(Rekeyed {
            records: done,
            ended: Ended {
                sessions,
                wiped: wipe_wal(&self.store.db),
            },
            members_removed,
            keys_revoked,
        })
    }

    /// Authenticate every sealed row and run SQLite's integrity check.
    /// Returns one line per problem; empty when all is sound.
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        if let Db::Pg(_) = &self.store.db {
            if let Err(e) = pg::check_schema(&self.store.db) {
                problems.push(e.to_string());
            }
        }
        if let Db::Lite(conn) = &self.store.db {
            let mut stmt = conn.prepare("PRAGMA integrity_check")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            for row in rows {
                let line = row?;
                if line != "ok" {
                    problems.push(format!("sqlite: {line}"));
                }
            }
        }
        if let Err(e) = self.config() {
            problems.push(e.to_string());
        }
        problems.extend(secrets::check_all(self)?);
        problems.extend(tokens::check_all(self)?);
        problems.extend(clients::check_all(self)?);
        problems.extend(self.check_audit()?);
        // Records sealed under a key replaced since this process unlocked.
        if !problems.is_empty() && self.key_replaced() {
            return Err(StoreError::Rekeyed);
        }
        Ok(problems)
    }
}

/// Whether `key` is still the store's data key, as of `conn`'s snapshot: the
/// header is the one this process unlocked (`checksum`), or it changed but
/// the config still opens (a passphrase change re-wraps the same key).
/// `store rekey` replaces the key; afterwards nothing may be written, or
/// read as tampered, with the old one.
fn key_is_current(db: &Db, key: &Key, store_id: &[u8], checksum: &[u8]) -> Result<bool> {
    let now: Vec<u8> = db.value("SELECT checksum FROM header WHERE id = 1", &[])?;
    Ok(crypto::ct_eq(&now, checksum) || read_config(db, key, store_id).is_ok())
}

/// Begin a write transaction (taking the write lock at once) and refuse to
/// write with a data key another process replaced.
fn begin_write<'c>(db: &'c Db, key: &Key, header: &Header) -> Result<Tx<'c>> {
    let tx = db.begin_write()?;
    ensure_current_key(&tx, key, header)?;
    Ok(tx)
}

/// Inside a write transaction: refuse to write with a replaced data key.
fn ensure_current_key(tx: &Db, key: &Key, header: &Header) -> Result<()> {
    if key_is_current(tx, key, &header.store_id, &header.checksum)? {
        Ok(())
    } else {
        Err(StoreError::Rekeyed)
    }
}

impl Store {
    /// Another connection to the same store.
    fn reconnect(&self) -> Result<Db> {
        match &self.location {
            Location::File(path) => Ok(Db::Lite(open_existing(path)?)),
            Location::Postgres(target) => target.connect(),
        }
    }
}

impl Unlocked {
    /// Run a read, explaining a failure to authenticate (see [`Unlocked::explain`]).
    fn reading<T>(&self, read: impl FnOnce() -> Result<T>) -> Result<T> {
        read().map_err(|e| self.explain(e))
    }

    /// Whether another process replaced the data key (`store rekey`)
    /// since this one unlocked.
    fn key_replaced(&self) -> bool {
        let current = key_is_current(
            &self.store.db,
            &self.key,
            self.store_id(),
            &self.store.header.checksum,
        );
        matches!(current, Ok(false))
    }

    /// A record that failed to authenticate because the data key was
    /// replaced since this process unlocked is reported as that, not as
    /// tampering.
    pub fn explain(&self, e: StoreError) -> StoreError {
        match e {
            StoreError::Tampered(_) if self.key_replaced() => StoreError::Rekeyed,
            other => other,
        }
    }
}

fn read_config(db: &Db, key: &Key, store_id: &[u8]) -> Result<Config> {
    let row: Option<(i64, Vec<u8>)> = db.row(
        "SELECT version, sealed FROM config WHERE id = 1",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (version, sealed) = row.ok_or_else(|| StoreError::tampered("the config row is missing"))?;
    open_json(key, store_id, "config", "1", version, &sealed)
}

fn write_config(tx: &Db, key: &Key, store_id: &[u8], config: &Config) -> Result<()> {
    let (version, sealed): (i64, Vec<u8>) = tx
        .row(
            "SELECT version, sealed FROM config WHERE id = 1",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .ok_or_else(|| StoreError::tampered("the config row is missing"))?;
    // Authenticate what is there before replacing it.
    open_json::<Config>(key, store_id, "config", "1", version, &sealed)?;
    let next = version + 1;
    let sealed = seal_json(key, store_id, "config", "1", next, config)?;
    let changed = tx.execute(
        "UPDATE config SET version = ?1, sealed = ?2 WHERE id = 1",
        args![next, sealed],
    )?;
    if changed != 1 {
        return Err(StoreError::tampered("the config row is missing"));
    }
    Ok(())
}

impl Unlocked {
    /// Set (`Some`) or remove (`None`) the policy rule for `token_type`;
    /// only a member may. Returns whether a rule was there before.
    pub fn set_policy(
        &mut self,
        rule: Option<crate::token::policy::Rule>,
        token_type: crate::token::TokenType,
    ) -> Result<bool> {
        self.member_wrap("changing the policy")?;
        let store_id = self.store.header.store_id;
        let tx = begin_write(&self.store.db, &self.key, &self.store.header)?;
        let mut config = read_config(&tx, &self.key, &store_id)?;
        let before = config.policy.len();
        config.policy.retain(|r| r.token_type != token_type);
        let had = config.policy.len() != before;
        let change = match &rule {
            Some(r) => Change::new("policy.set", token_type.as_str()).outcome(format!(
                "max-ttl {}{}",
                crate::token::policy::human(r.max_ttl),
                if r.require_audience {
                    ", audience required"
                } else {
                    ""
                }
            )),
            None => Change::new("policy.unset", token_type.as_str()).outcome(if had {
                "ok"
            } else {
                "no rule"
            }),
        };
        config.policy.extend(rule);
        write_config(&tx, &self.key, &store_id, &config)?;
        self.commit(tx, change)?;
        Ok(had)
    }
}

/// After an indexed lookup of `table` by `clause` found nothing: when the
/// table itself holds such a row, the index is corrupt and that is
/// tampering (exit 4), not a missing row. Costs one scan, only on a miss.
/// PostgreSQL keeps its indexes itself: no row-level edit reaches them.
fn check_index_miss(db: &Db, table: &str, clause: &str, arg: db::Arg<'_>) -> Result<()> {
    let Db::Lite(conn) = db else {
        return Ok(());
    };
    let in_table: bool = conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} NOT INDEXED WHERE {clause})"),
        [arg],
        |r| r.get(0),
    )?;
    if in_table {
        return Err(StoreError::tampered(format!(
            "an index of the {table} table does not match its rows"
        )));
    }
    Ok(())
}

/// Current UTC time as the store writes it: RFC 3339, whole seconds.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
