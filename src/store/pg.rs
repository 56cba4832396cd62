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
    tls: TlsMode,
    /// `sslrootcert`: the certificates a server's chain must end in
    /// (else the system's, from `SSL_CERT_FILE` or the Debian bundle).
    root_cert: Option<PathBuf>,
}

/// `sslmode`, as libpq names it. Whenever TLS is used the server's
/// certificate is verified; unlike libpq, `prefer` and `require` check
/// the host name too (a certificate nobody checks stops no one in the
/// middle).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TlsMode {
    /// Never TLS.
    Disable,
    /// TLS when the server offers it (`allow`, `prefer`, the default).
    Prefer,
    /// TLS or no connection (`require`, `verify-full`).
    Require,
    /// TLS or no connection, the chain checked but not the host name.
    VerifyCa,
}

/// Take `sslmode` and `sslrootcert` out of the URL's query (tokio-postgres
/// knows neither `verify-ca` nor `verify-full`), leaving the rest.
fn split_tls(url: &str) -> Result<(String, TlsMode, Option<PathBuf>)> {
    let Some((base, query)) = url.split_once('?') else {
        return Ok((url.to_string(), TlsMode::Prefer, None));
    };
    let mut mode = TlsMode::Prefer;
    let mut root = None;
    let mut rest = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "sslmode" => {
                mode = match value {
                    "disable" => TlsMode::Disable,
                    "allow" | "prefer" => TlsMode::Prefer,
                    "require" | "verify-full" => TlsMode::Require,
                    "verify-ca" => TlsMode::VerifyCa,
                    other => {
                        return Err(StoreError::BadUrl(format!(
                            "sslmode must be disable, allow, prefer, require, verify-ca or verify-full, not '{}'",
                            other.escape_debug()
                        )))
                    }
                }
            }
            "sslrootcert" => {
                let path = percent_encoding::percent_decode_str(value)
                    .decode_utf8()
                    .map_err(|_| StoreError::BadUrl("sslrootcert is not UTF-8".into()))?;
                root = Some(PathBuf::from(path.as_ref()));
            }
            _ => rest.push(pair),
        }
    }
    let base = if rest.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", rest.join("&"))
    };
    Ok((base, mode, root))
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
        let (rest, tls, root_cert) = split_tls(url)?;
        let mut config: postgres::Config = rest
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
        config.ssl_mode(match tls {
            TlsMode::Disable => postgres::config::SslMode::Disable,
            TlsMode::Prefer => postgres::config::SslMode::Prefer,
            TlsMode::Require | TlsMode::VerifyCa => postgres::config::SslMode::Require,
        });
        Ok(Target {
            url: url.to_string(),
            config,
            tls,
            root_cert,
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
        let client = if self.tls == TlsMode::Disable {
            config.connect(postgres::NoTls)
        } else {
            let tls = tokio_postgres_rustls::MakeRustlsConnect::new(self.tls_config()?);
            config.connect(tls)
        }
        .map_err(|e| self.unreachable(&e))?;
        let db = Db::pg(client);
        db.batch(&format!(
            "SET lock_timeout = '{}s'; SET idle_in_transaction_session_timeout = '300s'",
            super::BUSY_TIMEOUT.as_secs()
        ))?;
        Ok(db)
    }

    /// The TLS client settings: the roots to verify against, and whether
    /// the host name must match.
    fn tls_config(&self) -> Result<rustls::ClientConfig> {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::CertificateDer;
        use std::sync::Arc;
        let file = match &self.root_cert {
            Some(p) => p.clone(),
            None => std::env::var_os("SSL_CERT_FILE")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("/etc/ssl/certs/ca-certificates.crt")),
        };
        let unreadable = |why: String| StoreError::Unreachable {
            server: self.server(),
            why: format!(
                "cannot read the root certificates {}: {why}",
                file.display()
            ),
            certificate: false,
        };
        let mut roots = rustls::RootCertStore::empty();
        match CertificateDer::pem_file_iter(&file) {
            Ok(certs) => {
                for cert in certs {
                    let cert = cert.map_err(|e| unreadable(e.to_string()))?;
                    roots.add(cert).map_err(|e| unreadable(e.to_string()))?;
                }
            }
            // No system bundle: only a server without TLS can be reached
            // (`prefer`), and `require` fails at the handshake.
            Err(_) if self.root_cert.is_none() => {}
            Err(e) => return Err(unreadable(e.to_string())),
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
            .with_safe_default_protocol_versions()
            .map_err(|e| StoreError::Io(format!("TLS: {e}")))?;
        let config = if self.tls == TlsMode::VerifyCa {
            let inner = rustls::client::WebPkiServerVerifier::builder_with_provider(
                Arc::new(roots),
                provider,
            )
            .build()
            .map_err(|e| unreadable(e.to_string()))?;
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(ChainOnly(inner)))
                .with_no_client_auth()
        } else {
            builder.with_root_certificates(roots).with_no_client_auth()
        };
        Ok(config)
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
        let certificate = why.contains("certificate");
        StoreError::Unreachable {
            server: self.server(),
            why: first_line(&why),
            certificate,
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

/// `sslmode=verify-ca`: the server's chain must end in a trusted root; the
/// host name it is for is not checked (libpq's meaning).
#[derive(Debug)]
struct ChainOnly(std::sync::Arc<rustls::client::WebPkiServerVerifier>);

impl rustls::client::danger::ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        server_name: &rustls::pki_types::ServerName<'_>,
        ocsp: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        use rustls::{CertificateError, Error};
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(rustls::client::danger::ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.supported_verify_schemes()
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
pub(crate) const PG_MIGRATIONS: &[&str] = &[
    r#"
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
"#,
    r#"
    CREATE TABLE members (
        name            TEXT   COLLATE "C" PRIMARY KEY,
        created_at      TEXT   COLLATE "C" NOT NULL,
        created_by      TEXT   COLLATE "C" NOT NULL,
        kdf_memory_kib  BIGINT NOT NULL,
        kdf_iterations  BIGINT NOT NULL,
        kdf_parallelism BIGINT NOT NULL,
        salt            BYTEA  NOT NULL,
        wrapped         BYTEA  NOT NULL
    );
    CREATE TABLE access_keys (
        id           BYTEA  PRIMARY KEY,
        name         TEXT   COLLATE "C" NOT NULL UNIQUE,
        created_at   TEXT   COLLATE "C" NOT NULL,
        created_by   TEXT   COLLATE "C" NOT NULL,
        expires_at   BIGINT,
        scope        TEXT   COLLATE "C" NOT NULL,
        last_used_at TEXT   COLLATE "C",
        revoked_at   TEXT   COLLATE "C",
        wrapped      BYTEA  NOT NULL
    );
    CREATE TABLE secret_keys (
        name    TEXT  COLLATE "C" PRIMARY KEY,
        wrapped BYTEA NOT NULL
    );
    DELETE FROM sessions;
    ALTER TABLE sessions ADD COLUMN member TEXT COLLATE "C" NOT NULL DEFAULT '';
"#,
    r#"
    CREATE TABLE audit (
        seq    BIGINT PRIMARY KEY,
        sealed BYTEA  NOT NULL
    );
    CREATE TABLE audit_pending (
        id     BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        at     TEXT   COLLATE "C" NOT NULL,
        action TEXT   COLLATE "C" NOT NULL,
        detail TEXT   COLLATE "C" NOT NULL
    );
"#,
];

/// The format this build makes PostgreSQL stores at.
pub(crate) fn current_version() -> i64 {
    PG_SINCE + PG_MIGRATIONS.len() as i64 - 1
}

/// The store's tables in the current schema (a CTE for the queries below).
const OURS: &str = r"
WITH ours AS (
    SELECT c.oid, c.relname, c.relkind, c.relrowsecurity FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace
      AND c.relname IN ('tokenctl_meta', 'header', 'config', 'secrets', 'tokens',
                        'token_order', 'sessions', 'clients', 'token_usage',
                        'members', 'access_keys', 'secret_keys', 'audit', 'audit_pending')
)";

/// What could run code or hide rows on the store's tables (triggers,
/// rules, row-level security, a view in a table's place), and how many of
/// them there are: whoever can change the schema could add a trigger that
/// undoes a revocation. Checked by every command.
const GUARDS: &str = r"
SELECT
    (SELECT count(*) FROM ours WHERE relkind <> 'r' OR relrowsecurity)
  + (SELECT count(*) FROM pg_trigger t JOIN ours o ON o.oid = t.tgrelid WHERE NOT t.tgisinternal)
  + (SELECT count(*) FROM pg_rewrite r JOIN ours o ON o.oid = r.ev_class)
  + (SELECT count(*) FROM pg_policy p JOIN ours o ON o.oid = p.polrelid),
    (SELECT count(*) FROM ours)";

/// The whole catalogue of the store's tables (columns, types, collations,
/// constraints, indexes) as one digest. Checked when a passphrase unlocks
/// the store and by `store check`; a session's quick unlock skips it (a
/// changed column cannot forge a sealed record).
const DIGEST: &str = r"
SELECT md5(string_agg(d, ';' ORDER BY d)) FROM (
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
) s";

/// The catalogue digest of each format, from `PG_SINCE` on.
const DIGESTS: &[&str] = &[
    "3b7e15e332b5517620be515469662d49",
    "6ef65e1a6ceccb70942db7d420aef36f",
    "642caf496ab65d2cd6052a21ff86bf07",
];

/// Check the schema of the store in `db`: its format (refusing a newer
/// one), then that its tables are exactly what that format makes and that
/// nothing runs on them. `Ok(None)` when the database holds no store.
pub(crate) fn check(db: &Db, target: &Target) -> Result<i64> {
    let (extras, tables): (i64, i64) = db
        .row(&format!("{OURS} {GUARDS}"), &[], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
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
    if format < current_version() {
        migrate(db, format)?;
    }
    Ok(format)
}

/// Bring a store at an older `format` up to date, in one transaction
/// that holds the write lock (another process may have done it first).
/// The schema is checked against its format's digest first.
fn migrate(db: &Db, format: i64) -> Result<()> {
    let tx = db.begin_write()?;
    let now: i64 = tx.value("SELECT format FROM tokenctl_meta WHERE id = 1", &[])?;
    if now >= current_version() {
        return Ok(());
    }
    check_schema(&tx)?;
    let from = usize::try_from(now.max(format) - PG_SINCE + 1)
        .map_err(|_| StoreError::tampered(format!("unknown format {now}")))?;
    for sql in &PG_MIGRATIONS[from..] {
        tx.batch(sql)?;
    }
    tx.execute(
        "UPDATE tokenctl_meta SET format = ?1 WHERE id = 1",
        args![current_version()],
    )?;
    tx.commit()
}

/// Check that the store's tables are exactly what its format makes.
pub(crate) fn check_schema(db: &Db) -> Result<()> {
    let format: i64 = db.value("SELECT format FROM tokenctl_meta WHERE id = 1", &[])?;
    let digest: Option<String> = db.value(&format!("{OURS} {DIGEST}"), &[])?;
    let want = usize::try_from(format - PG_SINCE)
        .ok()
        .and_then(|i| DIGESTS.get(i));
    if want.is_none_or(|w| Some(*w) != digest.as_deref()) {
        return Err(StoreError::tampered(format!(
            "its schema is not what format {format} makes (catalogue {})",
            digest.as_deref().unwrap_or("empty")
        )));
    }
    Ok(())
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
                StoreError::ConnectionLost
            } else {
                StoreError::Io(first_line(&err.to_string()))
            };
        };
        let code = db.code();
        if [
            SqlState::ADMIN_SHUTDOWN,
            SqlState::CRASH_SHUTDOWN,
            SqlState::CANNOT_CONNECT_NOW,
        ]
        .contains(code)
        {
            StoreError::ConnectionLost
        } else if *code == SqlState::LOCK_NOT_AVAILABLE || *code == SqlState::QUERY_CANCELED {
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
    fn sslmode_and_sslrootcert_are_taken_out_of_the_url() {
        let (rest, mode, root) = split_tls(
            "postgres://u@h/db?sslmode=verify-ca&connect_timeout=3&sslrootcert=%2Fetc%2Fca.pem",
        )
        .unwrap();
        assert_eq!(rest, "postgres://u@h/db?connect_timeout=3");
        assert_eq!(mode, TlsMode::VerifyCa);
        assert_eq!(root, Some(PathBuf::from("/etc/ca.pem")));
        for (q, want) in [
            ("", TlsMode::Prefer),
            ("?sslmode=disable", TlsMode::Disable),
            ("?sslmode=allow", TlsMode::Prefer),
            ("?sslmode=require", TlsMode::Require),
            ("?sslmode=verify-full", TlsMode::Require),
        ] {
            let (rest, mode, _) = split_tls(&format!("postgres://u@h/db{q}")).unwrap();
            assert_eq!((rest.as_str(), mode), ("postgres://u@h/db", want), "{q}");
        }
        assert!(matches!(
            split_tls("postgres://u@h/db?sslmode=sometimes"),
            Err(StoreError::BadUrl(_))
        ));
    }

    #[test]
    fn the_formats_of_both_kinds_of_store_agree() {
        assert_eq!(current_version(), super::super::current_version());
        assert_eq!(DIGESTS.len(), PG_MIGRATIONS.len());
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
