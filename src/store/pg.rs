//! PostgreSQL: the store URL, passwords (as `psql` finds them), the
//! connection, the schema and its check.
//!
//! A store on PostgreSQL is the same tables as a store file, with the same
//! sealed records and associated data; `tokenctl_meta` holds the format
//! version (SQLite keeps it in `PRAGMA user_version`) and a change count
//! every write adds to, which tells other processes (`serve`) that the
//! store changed.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::db::{args, Db};
use super::error::{Result, StoreError};

/// A PostgreSQL store's address: the URL as given (it holds no password)
/// and the connection settings parsed from it.
#[derive(Clone)]
pub struct Target {
    url: String,
    config: postgres::Config,
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

/// Whether `s` names a PostgreSQL store rather than a file.
pub fn is_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// How long a connection attempt waits, unless the URL says otherwise.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl Target {
    /// Parse a `postgres://` URL. A password in it is refused: it would sit
    /// in shell history and process lists.
    pub fn parse(url: &str) -> Result<Target> {
        let mut config: postgres::Config = url
            .parse()
            .map_err(|e: postgres::Error| StoreError::BadUrl(first_line(&e.to_string())))?;
        if config.get_password().is_some() {
            return Err(StoreError::PasswordInUrl);
        }
        if config.get_hosts().is_empty() {
            return Err(StoreError::BadUrl("it names no host".into()));
        }
        if config.get_dbname().is_none() {
            return Err(StoreError::BadUrl("it names no database".into()));
        }
        if config.get_user().is_none() {
            let user = crate::sys::user_name()
                .ok_or_else(|| StoreError::BadUrl("it names no user".into()))?;
            config.user(&user);
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("tokenctl");
        }
        if config.get_ssl_mode() == postgres::config::SslMode::Require {
            return Err(StoreError::BadUrl(
                "sslmode=require is not supported by this build; use a Unix socket or sslmode=disable on a trusted network".into(),
            ));
        }
        Ok(Target {
            url: url.to_string(),
            config,
        })
    }

    /// The server, as messages name it: `host:port` or the socket directory.
    pub fn server(&self) -> String {
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        match self.config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => format!("{h}:{port}"),
            Some(postgres::config::Host::Unix(p)) => format!("{}:{port}", p.display()),
            None => format!("localhost:{port}"),
        }
    }

    /// Open a connection: the password (if the server asks for one) from
    /// `PGPASSWORD`, else `PGPASSFILE` or `~/.pgpass`; lock waits bounded
    /// by the busy timeout.
    pub(crate) fn connect(&self) -> Result<Db> {
        let mut config = self.config.clone();
        if let Some(pass) = self.password() {
            config.password(pass.as_bytes());
        }
        let client = config
            .connect(postgres::NoTls)
            .map_err(|e| self.unreachable(&e))?;
        let db = Db::pg(client);
        db.batch(&format!(
            "SET lock_timeout = '{}s'; SET idle_in_transaction_session_timeout = '300s'",
            super::BUSY_TIMEOUT.as_secs()
        ))?;
        Ok(db)
    }

    fn unreachable(&self, e: &postgres::Error) -> StoreError {
        let why = match e.as_db_error() {
            Some(db) => db.message().to_string(),
            None => {
                let mut why = e.to_string();
                let mut source = std::error::Error::source(e);
                while let Some(s) = source {
                    why = s.to_string();
                    source = s.source();
                }
                why
            }
        };
        StoreError::Unreachable {
            server: self.server(),
            why: first_line(&why),
        }
    }

    /// The password for this connection, as libpq finds it.
    fn password(&self) -> Option<zeroize::Zeroizing<String>> {
        if let Some(p) = std::env::var_os("PGPASSWORD") {
            return p.into_string().ok().map(zeroize::Zeroizing::new);
        }
        let file = match std::env::var_os("PGPASSFILE") {
            Some(f) => PathBuf::from(f),
            None => PathBuf::from(std::env::var_os("HOME")?).join(".pgpass"),
        };
        let host = match self.config.get_hosts().first()? {
            postgres::config::Host::Tcp(h) => h.clone(),
            postgres::config::Host::Unix(p) => p.display().to_string(),
        };
        let port = self
            .config
            .get_ports()
            .first()
            .copied()
            .unwrap_or(5432)
            .to_string();
        passfile_lookup(
            &file,
            [
                host.as_str(),
                port.as_str(),
                self.config.get_dbname().unwrap_or(""),
                self.config.get_user().unwrap_or(""),
            ],
        )
    }
}

/// The password of the first line of a `.pgpass` file matching `want`
/// (host, port, database, user; `*` matches anything, `localhost` also a
/// Unix socket). A file others may read is ignored, as libpq does.
fn passfile_lookup(file: &Path, want: [&str; 4]) -> Option<zeroize::Zeroizing<String>> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(file).ok()?;
    if !meta.is_file() || meta.permissions().mode() & 0o077 != 0 {
        return None;
    }
    let text = zeroize::Zeroizing::new(std::fs::read_to_string(file).ok()?);
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_passfile_line(line);
        if fields.len() != 5 {
            continue;
        }
        let matches = fields[..4].iter().zip(want).enumerate().all(|(i, (f, w))| {
            f.as_str() == "*"
                || f.as_str() == w
                || (i == 0 && f.as_str() == "localhost" && w.starts_with('/'))
        });
        if matches {
            return Some(zeroize::Zeroizing::new(fields[4].to_string()));
        }
    }
    None
}

/// The `:`-separated fields of a `.pgpass` line (`\:` and `\\` escaped).
fn split_passfile_line(line: &str) -> Vec<zeroize::Zeroizing<String>> {
    let mut fields = vec![zeroize::Zeroizing::new(String::new())];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    if let Some(f) = fields.last_mut() {
                        f.push(next);
                    }
                }
            }
            ':' if fields.len() < 5 => fields.push(zeroize::Zeroizing::new(String::new())),
            c => {
                if let Some(f) = fields.last_mut() {
                    f.push(c);
                }
            }
        }
    }
    fields
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").to_string()
}

/// A query written with SQLite's `?N` placeholders, with PostgreSQL's `$N`.
pub(crate) fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

/// The first format a PostgreSQL store can be at: stores are created at
/// the newest format, and later migrations (appended to both lists) move
/// them on.
pub(crate) const PG_SINCE: i64 = 9;

/// Each entry makes format `PG_SINCE + i` (the first creates the schema).
/// Text columns compare bytewise (`COLLATE "C"`), as SQLite's do.
pub(crate) const PG_MIGRATIONS: &[&str] = &[r#"
    CREATE TABLE tokenctl_meta (
        id      BIGINT PRIMARY KEY CHECK (id = 1),
        format  BIGINT NOT NULL,
        changes BIGINT NOT NULL
    );
    CREATE TABLE header (
        id              BIGINT PRIMARY KEY CHECK (id = 1),
        format          BIGINT NOT NULL,
        store_id        BYTEA  NOT NULL,
        kdf             TEXT   COLLATE "C" NOT NULL,
        kdf_memory_kib  BIGINT NOT NULL,
        kdf_iterations  BIGINT NOT NULL,
        kdf_parallelism BIGINT NOT NULL,
        salt            BYTEA  NOT NULL,
        wrapped_key     BYTEA  NOT NULL,
        checksum        BYTEA  NOT NULL
    );
    CREATE TABLE config (
        id      BIGINT PRIMARY KEY CHECK (id = 1),
        version BIGINT NOT NULL,
        sealed  BYTEA  NOT NULL
    );
    CREATE TABLE secrets (
        rowid      BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE,
        kid        TEXT   COLLATE "C" PRIMARY KEY,
        name       TEXT   COLLATE "C" NOT NULL,
        seq        BIGINT NOT NULL,
        algorithm  TEXT   COLLATE "C" NOT NULL,
        created_at TEXT   COLLATE "C" NOT NULL,
        version    BIGINT NOT NULL,
        sealed     BYTEA  NOT NULL,
        UNIQUE (name, seq)
    );
    CREATE TABLE tokens (
        seq        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        id         TEXT   COLLATE "C" NOT NULL,
        id_key     BIGINT NOT NULL,
        name       TEXT   COLLATE "C" NOT NULL,
        status     TEXT   COLLATE "C" NOT NULL,
        secret_kid TEXT   COLLATE "C",
        token_hash BYTEA  NOT NULL,
        hash_key   BIGINT NOT NULL,
        created_at TEXT   COLLATE "C" NOT NULL,
        expires_at TEXT   COLLATE "C",
        version    BIGINT NOT NULL,
        sealed     BYTEA  NOT NULL
    );
    CREATE UNIQUE INDEX tokens_id_key ON tokens (id_key);
    CREATE UNIQUE INDEX tokens_hash_key ON tokens (hash_key);
    CREATE INDEX tokens_name ON tokens (name, status);
    CREATE TABLE token_order (
        id       BIGINT PRIMARY KEY CHECK (id = 1),
        in_order BIGINT NOT NULL CHECK (in_order IN (0, 1))
    );
    INSERT INTO token_order (id, in_order) VALUES (1, 1);
    CREATE TABLE sessions (
        id         BYTEA  PRIMARY KEY,
        created_at TEXT   COLLATE "C" NOT NULL,
        expires_at BIGINT NOT NULL,
        wrapped    BYTEA  NOT NULL
    );
    CREATE INDEX sessions_expiry ON sessions (expires_at);
    CREATE TABLE clients (
        rowid      BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE,
        name       TEXT   COLLATE "C" PRIMARY KEY,
        created_at TEXT   COLLATE "C" NOT NULL,
        version    BIGINT NOT NULL,
        sealed     BYTEA  NOT NULL
    );
    CREATE TABLE token_usage (
        token_id   TEXT   COLLATE "C" PRIMARY KEY,
        version    BIGINT NOT NULL,
        sealed     BYTEA  NOT NULL
    );
"#];

/// The format this build makes PostgreSQL stores at.
pub(crate) fn current_version() -> i64 {
    PG_SINCE + PG_MIGRATIONS.len() as i64 - 1
}

/// The catalogue of the store's tables, as one digest, and the count of
/// what could run code or hide rows on them (triggers, rules, row-level
/// security): whoever can change the schema could add a trigger that
/// undoes a revocation.
const CATALOGUE: &str = r"
WITH ours AS (
    SELECT c.oid, c.relname, c.relkind, c.relrowsecurity FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace
      AND c.relname IN ('tokenctl_meta', 'header', 'config', 'secrets', 'tokens',
                        'token_order', 'sessions', 'clients', 'token_usage')
)
SELECT
    (SELECT count(*) FROM ours WHERE relkind <> 'r' OR relrowsecurity)
  + (SELECT count(*) FROM pg_trigger t JOIN ours o ON o.oid = t.tgrelid WHERE NOT t.tgisinternal)
  + (SELECT count(*) FROM pg_rewrite r JOIN ours o ON o.oid = r.ev_class)
  + (SELECT count(*) FROM pg_policy p JOIN ours o ON o.oid = p.polrelid),
    (SELECT count(*) FROM ours),
    (SELECT md5(string_agg(d, ';' ORDER BY d)) FROM (
        SELECT o.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
               || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
               || ' ' || coalesce(co.collname, '') || ' ' || a.attidentity::text AS d
        FROM ours o JOIN pg_attribute a ON a.attrelid = o.oid
        LEFT JOIN pg_collation co ON co.oid = a.attcollation
        WHERE a.attnum > 0 AND NOT a.attisdropped
        UNION ALL
        SELECT o.relname || ' constraint ' || pg_get_constraintdef(k.oid)
        FROM pg_constraint k JOIN ours o ON o.oid = k.conrelid
        UNION ALL
        SELECT o.relname || ' index ' || i.relname || ' '
               || replace(pg_get_indexdef(x.indexrelid, 0, false),
                          quote_ident(current_schema()) || '.', '')
        FROM pg_index x JOIN ours o ON o.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
    ) s)";

/// The catalogue digest of each format, from `PG_SINCE` on.
const DIGESTS: &[&str] = &["3b7e15e332b5517620be515469662d49"];

/// Check the schema of the store in `db`: its format (refusing a newer
/// one), then that its tables are exactly what that format makes and that
/// nothing runs on them. `Ok(None)` when the database holds no store.
pub(crate) fn check(db: &Db, target: &Target) -> Result<i64> {
    let (extras, tables, digest): (i64, i64, Option<String>) = db
        .row(CATALOGUE, &[], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .ok_or_else(|| StoreError::Io("the catalogue query returned nothing".into()))?;
    if tables == 0 {
        return Err(StoreError::NoStoreInDatabase(target.to_string()));
    }
    let format: Option<i64> = db
        .row("SELECT format FROM tokenctl_meta WHERE id = 1", &[], |r| {
            r.get(0)
        })
        .unwrap_or_default();
    let Some(format) = format else {
        return Err(StoreError::Uninitialised(PathBuf::from(target.to_string())));
    };
    if format > current_version() {
        return Err(StoreError::Newer {
            found: format,
            supported: current_version(),
        });
    }
    if extras > 0 {
        return Err(StoreError::tampered(
            "its tables have triggers, rules or row security, or are not plain tables",
        ));
    }
    let want = usize::try_from(format - PG_SINCE)
        .ok()
        .and_then(|i| DIGESTS.get(i));
    if want.map(|w| Some(*w) != digest.as_deref()).unwrap_or(true) {
        return Err(StoreError::tampered(format!(
            "its schema is not what format {format} makes (catalogue {})",
            digest.as_deref().unwrap_or("empty")
        )));
    }
    Ok(format)
}

/// Create the schema of a new store in `db`, inside the caller's
/// transaction. A database that holds one already is exit 5.
pub(crate) fn create(db: &Db, target: &Target) -> Result<()> {
    let tables: i64 = db.value(
        "SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace
           AND relname IN ('tokenctl_meta', 'header', 'tokens')",
        &[],
    )?;
    if tables > 0 {
        return Err(StoreError::StoreInDatabase(target.to_string()));
    }
    for sql in PG_MIGRATIONS {
        db.batch(sql)?;
    }
    db.execute(
        "INSERT INTO tokenctl_meta (id, format, changes) VALUES (1, ?1, 0)",
        args![current_version()],
    )?;
    Ok(())
}

/// The server's version, for `store info`.
pub(crate) fn server_version(db: &Db) -> Result<String> {
    db.value("SELECT current_setting('server_version')", &[])
}

impl From<postgres::Error> for StoreError {
    fn from(err: postgres::Error) -> Self {
        use postgres::error::SqlState;
        let Some(db) = err.as_db_error() else {
            return if err.is_closed() {
                StoreError::Io("the connection to the database server was lost".into())
            } else {
                StoreError::Io(first_line(&err.to_string()))
            };
        };
        let code = db.code();
        if *code == SqlState::LOCK_NOT_AVAILABLE || *code == SqlState::QUERY_CANCELED {
            StoreError::Busy {
                waited: super::BUSY_TIMEOUT,
            }
        } else if *code == SqlState::DISK_FULL {
            StoreError::DiskFull
        } else if *code == SqlState::READ_ONLY_SQL_TRANSACTION {
            StoreError::ReadOnly
        } else {
            StoreError::Database(first_line(db.message()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_rewritten_and_nothing_else() {
        assert_eq!(
            placeholders("SELECT a FROM t WHERE b = ?1 AND c IN (?2, ?10) AND d = '?'"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $10) AND d = '?'"
        );
    }

    #[test]
    fn a_password_in_the_url_is_refused() {
        for url in [
            "postgres://u:secret@localhost/db",
            "postgresql://u:@localhost/db",
        ] {
            assert!(
                matches!(Target::parse(url), Err(StoreError::PasswordInUrl)),
                "{url}"
            );
        }
        let t = Target::parse("postgres://u@localhost:5433/db").unwrap();
        assert_eq!(t.server(), "localhost:5433");
    }

    #[test]
    fn pgpass_lines_match_as_libpq_reads_them() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(
            &file,
            "# comment\nother:5432:db:u:no\n*:5432:db:u:pa\\:ss\\\\word\n",
        )
        .unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        let got = passfile_lookup(&file, ["h", "5432", "db", "u"]).unwrap();
        assert_eq!(got.as_str(), "pa:ss\\word");
        assert!(passfile_lookup(&file, ["h", "5433", "db", "u"]).is_none());
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(passfile_lookup(&file, ["h", "5432", "db", "u"]).is_none());
    }
}
