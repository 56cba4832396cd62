//! What can go wrong in the store, as types. The store says what happened;
//! `crate::error` decides the exit code and the hint (which names flags and
//! commands), so nothing here knows about the command line.

use std::path::PathBuf;
use std::time::Duration;

use thiserror::Error;

/// A store operation's failure.
#[derive(Debug, Error)]
pub enum StoreError {
    /// Nothing at the store path.
    #[error("no store at {}", .0.display())]
    Missing(PathBuf),
    /// The store path names a directory or a device.
    #[error("{} is not a file", .0.display())]
    NotAFile(PathBuf),
    /// The store path cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file or directory cannot be created.
    #[error("cannot create {}: {source}", path.display())]
    Create {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// `init` found something at its path.
    #[error("{}", taken_message(path, what.as_deref()))]
    PathTaken {
        /// The path.
        path: PathBuf,
        /// What is there, or `None` for a tokenctl store.
        what: Option<&'static str>,
    },
    /// The file is an SQLite database but never became a store.
    #[error("{} is not a tokenctl store, or its creation was interrupted", .0.display())]
    Uninitialised(PathBuf),
    /// Another program's database.
    #[error("{} is not a tokenctl store (another program's database); it was not changed", .0.display())]
    Foreign(PathBuf),
    /// An unmarked file whose schema is not a tokenctl store's.
    #[error("this file is not a tokenctl store, or its schema was tampered with ({0}); it was not changed")]
    ForeignSchema(String),
    /// A store from a newer tokenctl.
    #[error("store format {found} is newer than this tokenctl supports ({supported}); the file was not changed")]
    Newer {
        /// The store's format.
        found: i64,
        /// This build's format.
        supported: i64,
    },
    /// Someone other than its owner could have changed the store.
    #[error("refusing the store: its {what} {} {why}, so anyone could have replaced or planted files in it", path.display())]
    Unsafe {
        /// "directory" or "file".
        what: &'static str,
        /// The path.
        path: PathBuf,
        /// "is writable by other users (mode 0777)".
        why: String,
    },
    /// Authenticated data failed to authenticate or disagrees with itself.
    #[error("store is corrupt or was tampered with: {0}")]
    Tampered(String),
    /// The header failed its checksum or bounds.
    #[error("store header is corrupt: {0}")]
    CorruptHeader(String),
    /// A record authenticates but does not decode.
    #[error("{table} row {row} authenticates but this tokenctl cannot decode it")]
    Undecodable {
        /// Its table.
        table: &'static str,
        /// Its row id.
        row: String,
    },
    /// A record would not read back, so it is not stored.
    #[error("refusing to store a {0} record that would not read back (too deeply nested?)")]
    Unencodable(&'static str),
    /// The -wal holds changes a read-only user cannot see.
    #[error("store is read-only for this user and {} holds changes not yet in the store file", .0.display())]
    ReadOnlyWithWal(PathBuf),
    /// Another process held the write lock too long.
    #[error("store is busy, retry")]
    Busy {
        /// How long this process waited.
        waited: Duration,
    },
    /// Writes are not possible.
    #[error("store is read-only")]
    ReadOnly,
    /// The disk is full.
    #[error("store I/O error: disk is full")]
    DiskFull,
    /// SQLite does not recognise the file.
    #[error("store file is not a tokenctl store or is corrupt")]
    NotADatabase,
    /// Another I/O error.
    #[error("store I/O error: {0}")]
    Io(String),
    /// SQLite failed otherwise.
    #[error("store error: {0}")]
    Sqlite(String),
    /// The PostgreSQL server refused or failed a statement.
    #[error("store database error: {0}")]
    Database(String),
    /// A `postgres://` store URL that cannot be used.
    #[error("invalid store URL: {0}")]
    BadUrl(String),
    /// A password inside the store URL.
    #[error("refusing a password inside the store URL (it would be kept in shell history and shown in process lists)")]
    PasswordInUrl,
    /// The database server cannot be reached or refused the login.
    #[error("cannot connect to the database server at {server}: {why}")]
    Unreachable {
        /// `host:port` or the socket directory.
        server: String,
        /// Why, as the server or the network said.
        why: String,
        /// Whether the server's TLS certificate did not verify.
        certificate: bool,
    },
    /// The connection to the database server broke.
    #[error("the connection to the database server was lost")]
    ConnectionLost,
    /// The database holds no store.
    #[error("no store in the database {0}")]
    NoStoreInDatabase(String),
    /// `init` found a store in the database.
    #[error("a store already exists in the database {0}")]
    StoreInDatabase(String),
    /// `store copy` into a destination that is not empty.
    #[error("{0} is not empty; a store is copied only into an empty destination")]
    DestinationNotEmpty(String),
    /// The KDF's parameters are outside the bounds.
    #[error("{0}")]
    KdfParams(String),
    /// The KDF's memory could not be allocated.
    #[error("cannot allocate the {mib} MiB of memory the key derivation (Argon2id) needs")]
    KdfMemory {
        /// How much, in MiB.
        mib: u32,
    },
    /// The passphrase does not unwrap the data key.
    #[error("wrong passphrase")]
    WrongPassphrase,
    /// The session key is not one at all.
    #[error("the session key is not a tokenctl session key")]
    SessionMalformed,
    /// The session was locked, expired and purged, or is another store's.
    #[error("the session has ended: it expired, was locked, or belongs to another store")]
    SessionEnded,
    /// The session expired.
    #[error("the session expired at {0}")]
    SessionExpired(String),
    /// The session key does not open its row.
    #[error("the session key is wrong")]
    SessionWrong,
    /// `store rekey` replaced the data key after this process unlocked.
    #[error("the store's data key was replaced (store rekey) while this command ran; nothing was written with the old one")]
    Rekeyed,
    /// A passphrase change committed while this command ran.
    #[error("the store's passphrase changed while this command ran")]
    PassphraseChanged,
    /// The same, at `unlock`: no session was started.
    #[error("the store's passphrase changed while this command ran; no session was started")]
    PassphraseChangedSession,
    /// An active token holds the name (`index`: the batch line's position).
    #[error("an active token named '{name}' already exists (id {holder})")]
    NameTaken {
        /// The name.
        name: String,
        /// The id of the token holding it.
        holder: String,
        /// Which record of a batch wanted it.
        index: usize,
    },
    /// A secret of that name exists.
    #[error("a secret named '{0}' already exists")]
    SecretExists(String),
    /// No secret of that name.
    #[error("no secret named '{0}'")]
    NoSuchSecret(String),
    /// The secret has no version with that key id.
    #[error("secret '{name}' has no version with key id '{kid}'")]
    NoSuchVersion {
        /// The secret.
        name: String,
        /// The key id given.
        kid: String,
    },
    /// Retiring the version that signs.
    #[error("key id {kid} is the version of secret '{name}' that signs; it cannot be retired")]
    RetiringCurrent {
        /// The secret.
        name: String,
        /// Its signing key id.
        kid: String,
    },
    /// The store has no default secret.
    #[error("the store has no default secret")]
    NoDefaultSecret,
    /// A secret still signs active tokens.
    #[error("secret '{name}' signs {active} active token(s); refusing to remove it")]
    SecretInUse {
        /// The secret.
        name: String,
        /// How many active tokens.
        active: usize,
    },
    /// A signing secret disappeared mid-command.
    #[error("a signing secret was removed while this command ran")]
    SecretRemoved,
    /// A client of that name exists.
    #[error("a client named '{0}' already exists")]
    ClientExists(String),
    /// No client of that name.
    #[error("no client named '{0}'")]
    NoSuchClient(String),
    /// No token matches.
    #[error("no token named or with id '{0}'")]
    NoSuchToken(String),
    /// An id prefix matches several tokens.
    #[error("token id prefix '{0}' is ambiguous")]
    AmbiguousPrefix(String),
    /// An argument names one token and starts another's id.
    #[error("'{target}' is ambiguous: it names token {named} and starts the id of token '{other_name}' ({other})")]
    AmbiguousTarget {
        /// What was given.
        target: String,
        /// The id of the token so named.
        named: String,
        /// The token whose id it starts.
        other: String,
        /// That token's name.
        other_name: String,
    },
    /// What unlocked the store does not allow this (an access key).
    #[error("the access key does not allow this: {0}")]
    NotAllowed(String),
    /// `--member` names no member.
    #[error("no member named '{0}' in this store")]
    UnknownMember(String),
    /// Several members and none was named.
    #[error("this store has {0} members; say which one you are")]
    WhichMember(usize),
    /// `member add` of a taken name.
    #[error("a member named '{0}' already exists")]
    MemberExists(String),
    /// `member remove` of an unknown name.
    #[error("no member named '{0}'")]
    NoSuchMember(String),
    /// `member remove` of the last member.
    #[error("'{0}' is the store's last member; refusing to remove it")]
    LastMember(String),
    /// `key create` of a taken name.
    #[error("an access key named '{0}' already exists (names are never reused)")]
    KeyExists(String),
    /// `key revoke` of an unknown name.
    #[error("no access key named '{0}'")]
    NoSuchKey(String),
    /// `TOKENCTL_KEY` is not an access key.
    #[error("TOKENCTL_KEY does not hold a tokenctl access key")]
    KeyMalformed,
    /// No such access key in this store.
    #[error("the access key in TOKENCTL_KEY is not one of this store's")]
    KeyUnknown,
    /// A revoked access key.
    #[error("access key '{0}' was revoked")]
    KeyRevoked(String),
    /// An expired access key.
    #[error("access key '{name}' expired at {at}")]
    KeyExpired {
        /// The key's name.
        name: String,
        /// When.
        at: String,
    },
    /// The key does not open its slot.
    #[error("the access key in TOKENCTL_KEY is wrong")]
    KeyWrong,
    /// The store's audit chain is behind, or not the one, this machine saw.
    #[error("store rolled back: {0}")]
    RolledBack(String),
    /// This machine's record of the store's chain is unreadable or forged.
    #[error("this machine's record of the store's audit log ({}) {why}", path.display())]
    AnchorBad {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },
    /// The audit log does not verify.
    #[error("{0}")]
    AuditBroken(String),
    /// A batch producer stopped early.
    #[error("only {written} of {expected} tokens were prepared; nothing was recorded")]
    Incomplete {
        /// Rows received.
        written: usize,
        /// Rows expected.
        expected: usize,
    },
}

fn taken_message(path: &std::path::Path, what: Option<&str>) -> String {
    match what {
        None => format!("a store already exists at {}", path.display()),
        Some(what) => format!("{} already exists and is {what}", path.display()),
    }
}

impl StoreError {
    /// Tampering, described.
    pub fn tampered(what: impl Into<String>) -> StoreError {
        StoreError::Tampered(what.into())
    }
}

/// The crate-internal result of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// SQLite failures, sorted by what the user can do about them.
impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        let first_line =
            |e: &rusqlite::Error| e.to_string().lines().next().unwrap_or("").to_string();
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy {
                waited: super::BUSY_TIMEOUT,
            },
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(ErrorCode::NotADatabase) => StoreError::NotADatabase,
            Some(ErrorCode::DatabaseCorrupt) => {
                StoreError::tampered("SQLite reports the file is malformed")
            }
            Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen) => {
                StoreError::Io(first_line(&err))
            }
            _ => StoreError::Sqlite(first_line(&err)),
        }
    }
}
