//! A throwaway PostgreSQL server for the tests: `initdb` into a temporary
//! directory as an unprivileged user, listening on a Unix socket in that
//! directory and on 127.0.0.1 (an ephemeral port, TLS only, with a
//! certificate for `localhost` from a CA made for the run), started once
//! per test process and stopped, its directory removed, when the process
//! exits.
//! Each test gets a database of its own, owned by a role without
//! superuser rights, as a team's database administrator would set it up.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::support::system::{euid, in_ci, succeed};

/// The role tokenctl connects as: owner of each test database, nothing more.
pub const ROLE: &str = "tokenctl";
/// Its password, for the tests that log in over TCP with one.
pub const ROLE_PASSWORD: &str = "canary-pg-password-5e1f0c";
/// The server's superuser, who plays the database administrator.
const ADMIN: &str = "dba";

/// A running server.
pub struct Server {
    /// The directory holding the socket (and the data directory).
    pub socket_dir: PathBuf,
    /// Its TCP port on 127.0.0.1.
    pub port: u16,
    /// The CA certificate (PEM) its TLS certificate is signed by.
    pub ca: PathBuf,
}

static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();
static DATABASES: AtomicUsize = AtomicUsize::new(0);

/// The server, started on first use; `Err` says why there is none.
pub fn server() -> Result<&'static Server, String> {
    SERVER.get_or_init(start).as_ref().map_err(Clone::clone)
}

/// A fresh database for one test, owned by [`ROLE`]; `None` (after a
/// printed reason) when no server can run here, a failure under `CI=true`.
pub fn database() -> Option<Database> {
    match server() {
        Ok(server) => {
            let n = DATABASES.fetch_add(1, Ordering::Relaxed);
            let name = format!("t{}_{n}", std::process::id());
            let mut admin = server.admin("postgres");
            admin
                .batch_execute(&format!("CREATE DATABASE {name} OWNER {ROLE}"))
                .expect("create a test database");
            Some(Database { name, server })
        }
        Err(why) => {
            crate::support::system::skip(&format!("no PostgreSQL server: {why}"));
            None
        }
    }
}

/// One test's database.
pub struct Database {
    pub name: String,
    server: &'static Server,
}

impl Database {
    /// The store URL tokenctl is given: the role, over the Unix socket.
    pub fn url(&self) -> String {
        format!(
            "postgres://{ROLE}@{}:{}/{}",
            encode(&self.server.socket_dir),
            self.server.port,
            self.name
        )
    }

    /// The same database over TCP: `localhost` (for the certificate) at
    /// 127.0.0.1, with `query` (sslmode and the like), password
    /// authentication.
    pub fn tcp_url(&self, query: &str) -> String {
        format!(
            "postgres://{ROLE}@localhost:{}/{}?hostaddr=127.0.0.1&{query}",
            self.server.port, self.name
        )
    }

    /// The server's TCP port.
    pub fn port(&self) -> u16 {
        self.server.port
    }

    /// The CA certificate of the server's TLS certificate.
    pub fn ca(&self) -> &Path {
        &self.server.ca
    }

    /// A connection as the database administrator (superuser), as an
    /// attacker with the server's keys would have.
    pub fn admin(&self) -> postgres::Client {
        self.server.admin(&self.name)
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        let mut admin = self.server.admin("postgres");
        let _ = admin.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}

impl Server {
    fn admin(&self, db: &str) -> postgres::Client {
        postgres::Config::new()
            .host_path(&self.socket_dir)
            .port(self.port)
            .user(ADMIN)
            .dbname(db)
            .connect(postgres::NoTls)
            .expect("connect to the test server as its administrator")
    }
}

/// A path as the host part of a URL.
fn encode(p: &Path) -> String {
    p.to_string_lossy().replace('/', "%2F")
}

/// The directory of the server binaries: Debian's newest
/// `/usr/lib/postgresql/N/bin`, else wherever `initdb` is on PATH.
fn bin_dir() -> Result<PathBuf, String> {
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((v, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Ok(bin);
    }
    std::env::var_os("PATH")
        .and_then(|p| {
            std::env::split_paths(&p)
                .find(|d| d.join("initdb").is_file() && d.join("postgres").is_file())
        })
        .ok_or_else(|| {
            "initdb and postgres are not installed (Debian: apt-get install postgresql)".into()
        })
}

/// The uid and gid the server runs as: this user, or when the tests run
/// as root (PostgreSQL refuses to), the `postgres` user, else nobody.
fn server_user() -> Option<(u32, u32)> {
    if euid() != 0 {
        return None;
    }
    let passwd = fs::read_to_string("/etc/passwd").unwrap_or_default();
    let found = passwd.lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        (f.first() == Some(&"postgres") && f.len() > 3)
            .then(|| Some((f[2].parse().ok()?, f[3].parse().ok()?)))
            .flatten()
    });
    Some(found.unwrap_or((65534, 65534)))
}

fn as_server_user(program: &Path) -> Command {
    match server_user() {
        None => Command::new(program),
        Some((uid, gid)) => {
            let mut c = Command::new("setpriv");
            c.arg(format!("--reuid={uid}"))
                .arg(format!("--regid={gid}"))
                .arg("--clear-groups")
                .arg(program);
            c
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free port")
}

fn start() -> Result<Server, String> {
    let bin = bin_dir()?;
    let root = tempfile::Builder::new()
        .prefix("tokenctl-pg-")
        .tempdir_in("/tmp")
        .map_err(|e| e.to_string())?
        .keep();
    let data = root.join("data");
    if let Some((uid, gid)) = server_user() {
        std::os::unix::fs::chown(&root, Some(uid), Some(gid)).map_err(|e| e.to_string())?;
    }
    fs::set_permissions(&root, fs::Permissions::from_mode(0o700)).map_err(|e| e.to_string())?;
    let pwfile = root.join("pw");
    fs::write(&pwfile, "unused\n").map_err(|e| e.to_string())?;
    if let Some((uid, gid)) = server_user() {
        std::os::unix::fs::chown(&pwfile, Some(uid), Some(gid)).map_err(|e| e.to_string())?;
    }
    let out = as_server_user(&bin.join("initdb"))
        .arg("-D")
        .arg(&data)
        .args([
            "-U",
            ADMIN,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
        ])
        .arg(format!("--pwfile={}", pwfile.display()))
        .args(["-E", "UTF8", "--locale=C", "--no-sync"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run initdb: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let tls = make_certificates(&root)?;
    // Local connections are trusted; over TCP, TLS and a password or nothing.
    fs::write(
        data.join("pg_hba.conf"),
        "local all all trust\n\
         hostnossl all all 127.0.0.1/32 reject\n\
         hostssl all all 127.0.0.1/32 scram-sha-256\n",
    )
    .map_err(|e| e.to_string())?;
    let port = free_port();
    let log = fs::File::create(root.join("log")).map_err(|e| e.to_string())?;
    let child = as_server_user(&bin.join("postgres"))
        .arg("-D")
        .arg(&data)
        .arg("-k")
        .arg(&root)
        .args(["-c", "listen_addresses=127.0.0.1", "-p", &port.to_string()])
        .args(["-c", "fsync=off", "-c", "synchronous_commit=off"])
        .args(["-c", "full_page_writes=off", "-c", "max_connections=300"])
        .args(["-c", "ssl=on"])
        .arg("-c")
        .arg(format!("ssl_cert_file={}", tls.cert.display()))
        .arg("-c")
        .arg(format!("ssl_key_file={}", tls.key.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start postgres: {e}"))?;
    reap_on_exit(child.id(), &root);
    let server = Server {
        socket_dir: root.clone(),
        port,
        ca: tls.ca,
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let ready = postgres::Config::new()
            .host_path(&root)
            .port(port)
            .user(ADMIN)
            .dbname("postgres")
            .connect(postgres::NoTls);
        match ready {
            Ok(mut c) => {
                c.batch_execute(&format!(
                    "CREATE ROLE {ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{ROLE_PASSWORD}'"
                ))
                .map_err(|e| e.to_string())?;
                return Ok(server);
            }
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => {
                let log = fs::read_to_string(root.join("log")).unwrap_or_default();
                return Err(format!("postgres did not start: {e}\n{log}"));
            }
        }
    }
}

struct Certificates {
    ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
}

/// A CA and a certificate it signs for `localhost` (only: not for
/// 127.0.0.1, so a check of the host name can fail), with `openssl`.
fn make_certificates(root: &Path) -> Result<Certificates, String> {
    let run = |args: &[&str]| {
        succeed(
            Command::new("openssl").args(args).current_dir(root),
            &format!("openssl {}", args[0]),
        )
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    let mut ca_args = vec!["req", "-x509"];
    ca_args.extend(ec);
    ca_args.extend([
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=tokenctl test CA",
    ]);
    run(&ca_args)?;
    let mut req = vec!["req"];
    req.extend(ec);
    req.extend([
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    ]);
    run(&req)?;
    fs::write(root.join("san.ext"), "subjectAltName=DNS:localhost\n").map_err(|e| e.to_string())?;
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "san.ext",
    ])?;
    let key = root.join("server.key");
    fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).map_err(|e| e.to_string())?;
    if let Some((uid, gid)) = server_user() {
        for f in ["server.key", "server.pem", "ca.pem"] {
            std::os::unix::fs::chown(root.join(f), Some(uid), Some(gid))
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(Certificates {
        ca: root.join("ca.pem"),
        cert: root.join("server.pem"),
        key,
    })
}

/// Stop the server and remove its directory once this test process has
/// exited (a test harness runs no destructor for statics): a watcher in a
/// session of its own waits for this process to go.
fn reap_on_exit(server_pid: u32, root: &Path) {
    let script = format!(
        "while kill -0 {me} 2>/dev/null; do sleep 0.5; done; \
         kill -QUIT {server_pid} 2>/dev/null; \
         for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 {server_pid} 2>/dev/null || break; sleep 0.5; done; \
         kill -KILL {server_pid} 2>/dev/null; rm -rf '{root}'",
        me = std::process::id(),
        root = root.display()
    );
    let mut cmd = Command::new("setsid");
    cmd.args(["sh", "-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if cmd.spawn().is_err() && in_ci() {
        panic!("cannot start the watcher that stops the test server");
    }
}
