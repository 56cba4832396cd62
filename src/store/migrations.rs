//! Append-only schema migrations keyed by `PRAGMA user_version`.
//!
//! Never edit a shipped migration; add one at the end. The store's format
//! version is the number of migrations applied.

/// Each entry moves the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: header, sealed configuration, signing secrets.
    r"
    CREATE TABLE header (
        id              INTEGER PRIMARY KEY CHECK (id = 1),
        format          INTEGER NOT NULL,
        store_id        BLOB    NOT NULL,
        kdf             TEXT    NOT NULL,
        kdf_memory_kib  INTEGER NOT NULL,
        kdf_iterations  INTEGER NOT NULL,
        kdf_parallelism INTEGER NOT NULL,
        salt            BLOB    NOT NULL,
        wrapped_key     BLOB    NOT NULL,
        checksum        BLOB    NOT NULL
    ) STRICT;
    CREATE TABLE config (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL,
        sealed  BLOB    NOT NULL
    ) STRICT;
    CREATE TABLE secrets (
        kid        TEXT    PRIMARY KEY,
        name       TEXT    NOT NULL UNIQUE,
        algorithm  TEXT    NOT NULL,
        created_at TEXT    NOT NULL,
        version    INTEGER NOT NULL,
        sealed     BLOB    NOT NULL
    ) STRICT;
    ",
    // 2: tokens. Plain columns are indexes; the sealed record is the truth.
    r"
    CREATE TABLE tokens (
        id         TEXT    PRIMARY KEY,
        name       TEXT    NOT NULL,
        status     TEXT    NOT NULL,
        secret_kid TEXT,
        token_hash BLOB    NOT NULL UNIQUE,
        created_at TEXT    NOT NULL,
        expires_at TEXT,
        version    INTEGER NOT NULL,
        sealed     BLOB    NOT NULL
    ) STRICT;
    CREATE INDEX tokens_name ON tokens (name, status);
    CREATE INDEX tokens_secret ON tokens (secret_kid, status);
    CREATE INDEX tokens_created ON tokens (created_at);
    ",
    // 3: unlock sessions. Each row holds the data key sealed under a session
    // key that only the session's holder has; `lock` deletes every row.
    r"
    CREATE TABLE sessions (
        id         BLOB    PRIMARY KEY,
        created_at TEXT    NOT NULL,
        expires_at INTEGER NOT NULL,
        wrapped    BLOB    NOT NULL
    ) STRICT;
    CREATE INDEX sessions_expiry ON sessions (expires_at);
    ",
    // 4: fewer indexes to update per token. Listing sorts in memory and the
    // rare per-secret queries scan; names and hashes keep their indexes.
    r"
    DROP INDEX tokens_created;
    DROP INDEX tokens_secret;
    ",
    // 5: mark the file as a tokenctl store ("tkct"), so no other program's
    // database is ever taken for one, migrated or written to.
    r"
    PRAGMA application_id = 1953194868;
    ",
    // 6: key versions. A secret is a name with one or more versions (`seq`),
    // each with its own key id; the newest signs, the others keep verifying
    // the tokens they signed. The table keeps its name, so sealed rows keep
    // their associated data.
    r"
    CREATE TABLE secrets_v6 (
        kid        TEXT    PRIMARY KEY,
        name       TEXT    NOT NULL,
        seq        INTEGER NOT NULL,
        algorithm  TEXT    NOT NULL,
        created_at TEXT    NOT NULL,
        version    INTEGER NOT NULL,
        sealed     BLOB    NOT NULL,
        UNIQUE (name, seq)
    ) STRICT;
    INSERT INTO secrets_v6 (kid, name, seq, algorithm, created_at, version, sealed)
        SELECT kid, name, 1, algorithm, created_at, version, sealed FROM secrets;
    DROP TABLE secrets;
    ALTER TABLE secrets_v6 RENAME TO secrets;
    ",
    // 7: `serve`: the clients that may call it, each with the hash of its
    // secret (sealed), and when each token was last introspected (sealed,
    // written at most once a minute per token).
    r"
    CREATE TABLE clients (
        name       TEXT    PRIMARY KEY,
        created_at TEXT    NOT NULL,
        version    INTEGER NOT NULL,
        sealed     BLOB    NOT NULL
    ) STRICT;
    CREATE TABLE token_usage (
        token_id   TEXT    PRIMARY KEY,
        version    INTEGER NOT NULL,
        sealed     BLOB    NOT NULL
    ) STRICT;
    ",
    // 8: a leaner token row. Each record is re-sealed in the compact
    // encoding (`record.rs`), ids and hashes are found through 8-byte
    // integer keys instead of 32-byte text and blob keys, and the row key
    // is an explicit integer in creation order. The functions are
    // tokenctl's own (see `tokens::with_migration_functions`); re-sealing
    // needs the data key, so this migration runs when the store is
    // unlocked, in one transaction like every other.
    r"
    ALTER TABLE tokens RENAME TO tokens_v7;
    CREATE TABLE tokens (
        seq        INTEGER PRIMARY KEY,
        id         TEXT    NOT NULL,
        id_key     INTEGER NOT NULL,
        name       TEXT    NOT NULL,
        status     TEXT    NOT NULL,
        secret_kid TEXT,
        token_hash BLOB    NOT NULL,
        hash_key   INTEGER NOT NULL,
        created_at TEXT    NOT NULL,
        expires_at TEXT,
        version    INTEGER NOT NULL,
        sealed     BLOB    NOT NULL
    ) STRICT;
    INSERT INTO tokens (seq, id, id_key, name, status, secret_kid, token_hash, hash_key,
                        created_at, expires_at, version, sealed)
        SELECT rowid, id, tokenctl_id_key(id), name, status, secret_kid, token_hash,
               tokenctl_hash_key(token_hash), created_at, expires_at, version,
               tokenctl_reseal_token(id, version, sealed)
        FROM tokens_v7 ORDER BY rowid;
    DROP TABLE tokens_v7;
    CREATE UNIQUE INDEX tokens_id_key ON tokens (id_key);
    CREATE UNIQUE INDEX tokens_hash_key ON tokens (hash_key);
    CREATE INDEX tokens_name ON tokens (name, status);
    ",
    // 9: whether the token rows, read by row key, are in creation order
    // (a clock that went back breaks it). A listing streams them when they
    // are, and sorts them in memory when not. The flag is not sealed: a
    // flag set to 0 only costs the sort, and one set to 1 over rows out of
    // order is found by the listing that trusts it and by `store check`.
    r"
    CREATE TABLE token_order (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        in_order INTEGER NOT NULL CHECK (in_order IN (0, 1))
    ) STRICT;
    INSERT INTO token_order (id, in_order)
        SELECT 1, NOT EXISTS (
            SELECT 1 FROM (SELECT created_at,
                                  lag(created_at) OVER (ORDER BY seq) AS before
                           FROM tokens)
            WHERE created_at < before);
    ",
    // 10: members, access keys and a key per secret (see `keyring`). The
    // header's passphrase becomes the first member's slot when the store
    // is next unlocked with it; sessions, which held the data key alone,
    // end, and from now on name the member they belong to.
    r"
    CREATE TABLE members (
        name            TEXT    PRIMARY KEY,
        created_at      TEXT    NOT NULL,
        created_by      TEXT    NOT NULL,
        kdf_memory_kib  INTEGER NOT NULL,
        kdf_iterations  INTEGER NOT NULL,
        kdf_parallelism INTEGER NOT NULL,
        salt            BLOB    NOT NULL,
        wrapped         BLOB    NOT NULL
    ) STRICT;
    CREATE TABLE access_keys (
        id           BLOB    PRIMARY KEY,
        name         TEXT    NOT NULL UNIQUE,
        created_at   TEXT    NOT NULL,
        created_by   TEXT    NOT NULL,
        expires_at   INTEGER,
        scope        TEXT    NOT NULL,
        last_used_at TEXT,
        revoked_at   TEXT,
        wrapped      BLOB    NOT NULL
    ) STRICT;
    CREATE TABLE secret_keys (
        name    TEXT PRIMARY KEY,
        wrapped BLOB NOT NULL
    ) STRICT;
    DELETE FROM sessions;
    ALTER TABLE sessions ADD COLUMN member TEXT NOT NULL DEFAULT '';
    ",
    // 11: the audit log (see `audit`): one sealed event per change, chained
    // by hash; the chain's length and head are sealed in the config row.
    // `audit_pending` holds what was done without the key (`lock`) until
    // the next change seals it into the chain.
    r"
    CREATE TABLE audit (
        seq    INTEGER PRIMARY KEY,
        sealed BLOB    NOT NULL
    ) STRICT;
    CREATE TABLE audit_pending (
        id     INTEGER PRIMARY KEY,
        at     TEXT    NOT NULL,
        action TEXT    NOT NULL,
        detail TEXT    NOT NULL
    ) STRICT;
    ",
];

/// The migrations that re-seal records, by the version they make: they
/// need the data key, so they run when the store is unlocked.
pub const KEYED: &[i64] = &[8];

/// How far a store at format `from` can be migrated without the data key:
/// up to (not including) the first migration in [`KEYED`].
pub fn keyless_until(from: usize) -> usize {
    (from..MIGRATIONS.len())
        .find(|&i| KEYED.contains(&(i as i64 + 1)))
        .unwrap_or(MIGRATIONS.len())
}

/// `PRAGMA application_id` of a tokenctl store: "tkct".
pub const APPLICATION_ID: i64 = 1_953_194_868;

/// The first format version with the audit log.
pub const AUDIT_SINCE: i64 = 11;

/// The first format version whose stores carry [`APPLICATION_ID`].
pub const MARKED_SINCE: i64 = 5;

/// The schema version this build writes and reads.
pub fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}
