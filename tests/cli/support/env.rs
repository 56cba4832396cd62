//! `TestEnv`: a temporary store and the real binary, with every output
//! checked for leaked secrets.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use tempfile::TempDir;

use crate::support::postgres as postgres_support;

/// The passphrase every test store uses; it must never appear in any output.
pub const PASSPHRASE: &str = "canary-passphrase-7f3a9c1e";
/// A secret value tests add; it must never appear in any output or in the file.
pub const CANARY_SECRET: &str = "CANARY-SECRET-d41d8cd98f00b204e9800998ecf8427e";

/// Which kind of store a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A scratch directory with a store path, a passphrase file and helpers.
pub struct TestEnv {
    pub dir: TempDir,
    /// The store file (on PostgreSQL: a path that is never created).
    pub store: PathBuf,
    /// On PostgreSQL: the test's own database.
    pub pg: Option<postgres_support::Database>,
    pub pass_file: PathBuf,
    /// Extra strings that must never appear in output.
    pub canaries: Vec<String>,
    /// Bytes that must never appear in output (private keys' DER).
    pub byte_canaries: Vec<Vec<u8>>,
}

/// One finished run of the binary.
pub struct Run {
    pub output: Output,
    pub args: Vec<String>,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Assert the exit code, showing both streams when it differs.
    #[track_caller]
    pub fn expect(self, code: i32) -> Self {
        assert_eq!(
            self.code(),
            code,
            "tokenctl {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.args,
            self.stdout(),
            self.stderr()
        );
        self
    }

    #[track_caller]
    pub fn ok(self) -> Self {
        self.expect(0)
    }

    /// Parse stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.output.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout()))
    }

    /// Assert stderr contains `needle`.
    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Self {
        assert!(
            self.stderr().contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr()
        );
        self
    }

    /// Assert stderr is exactly `text` and stdout is empty.
    #[track_caller]
    pub fn stderr_is(self, text: &str) -> Self {
        assert_eq!(self.stderr(), text);
        assert_eq!(self.stdout(), "", "stdout beside the error");
        self
    }
}

/// A command being built: arguments, stdin, environment.
pub struct Invocation<'a> {
    env: &'a TestEnv,
    cmd: Command,
    args: Vec<String>,
}

impl Invocation<'_> {
    pub fn stdin(mut self, data: impl Into<Vec<u8>>) -> Self {
        self.cmd.write_stdin(data.into());
        self
    }

    pub fn env(mut self, k: &str, v: impl AsRef<std::ffi::OsStr>) -> Self {
        self.cmd.env(k, v);
        self
    }

    pub fn env_remove(mut self, k: &str) -> Self {
        self.cmd.env_remove(k);
        self
    }

    /// Run it, and check no secret leaked into stdout or stderr.
    pub fn run(mut self) -> Run {
        let output = self.cmd.output().expect("run tokenctl");
        let run = Run {
            output,
            args: self.args,
        };
        self.env
            .assert_no_leak(&run.output.stdout, "stdout", &run.args);
        self.env
            .assert_no_leak(&run.output.stderr, "stderr", &run.args);
        assert!(
            !run.stderr().contains("panicked"),
            "tokenctl panicked: {}",
            run.stderr()
        );
        run
    }
}

impl TestEnv {
    /// A scratch directory with no store yet.
    pub fn new() -> TestEnv {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = dir.path().join("data").join("store.db");
        let pass_file = dir.path().join("passphrase");
        fs::write(&pass_file, format!("{PASSPHRASE}\n")).unwrap();
        TestEnv {
            dir,
            store,
            pg: None,
            pass_file,
            canaries: vec![PASSPHRASE.into(), CANARY_SECRET.into()],
            byte_canaries: Vec::new(),
        }
    }

    /// A scratch directory and no store yet, on `backend`; `None` (after
    /// a printed reason, or a failure under `CI=true`) when that backend
    /// cannot run here.
    pub fn on(backend: Backend) -> Option<TestEnv> {
        let mut env = TestEnv::new();
        if backend == Backend::Postgres {
            env.pg = Some(postgres_support::database()?);
        }
        Some(env)
    }

    /// What `--store` / `TOKENCTL_STORE` says: the file, or the URL.
    pub fn location(&self) -> std::ffi::OsString {
        match &self.pg {
            Some(db) => db.url().into(),
            None => self.store.clone().into_os_string(),
        }
    }

    /// Run SQL against the store as someone with write access to the
    /// database but not the passphrase: the file's owner with `sqlite3`,
    /// or the database administrator with `psql`. Returns rows changed
    /// (0 for several statements).
    pub fn attack(&self, sql: &str) -> u64 {
        let several = sql.trim().trim_end_matches(';').contains(';');
        let failed = "run SQL on the store";
        match (&self.pg, several) {
            (Some(db), false) => db.admin().execute(sql, &[]).expect(failed),
            (Some(db), true) => {
                db.admin().batch_execute(sql).expect(failed);
                0
            }
            (None, false) => self.sqlite().execute(sql, []).expect(failed) as u64,
            (None, true) => {
                self.sqlite().execute_batch(sql).expect(failed);
                0
            }
        }
    }

    /// The one value a query returns, as text, read as an attacker would.
    pub fn peek(&self, sql: &str) -> Option<String> {
        match &self.pg {
            Some(db) => db
                .admin()
                .query_opt(&format!("SELECT ({sql})::text"), &[])
                .expect("query the store")
                .and_then(|r| r.get(0)),
            None => {
                use rusqlite::OptionalExtension;
                self.sqlite()
                    .query_row(&format!("SELECT CAST(({sql}) AS TEXT)"), [], |r| r.get(0))
                    .optional()
                    .expect("query the store")
                    .flatten()
            }
        }
    }

    /// A scratch directory with an initialised store (cheap KDF for speed).
    pub fn init() -> TestEnv {
        let env = TestEnv::new();
        env.init_store().ok();
        env
    }

    pub fn init_store(&self) -> Run {
        self.init_store_with(&[])
    }

    /// `init` with the cheapest KDF the floor allows, plus `extra` flags.
    pub fn init_store_with(&self, extra: &[&str]) -> Run {
        let mut args = vec![
            "init",
            "--kdf-memory",
            "19",
            "--kdf-iterations",
            "2",
            "--kdf-parallelism",
            "1",
        ];
        args.extend_from_slice(extra);
        // The first member is named like the actor label, so records
        // read `tester` as before members existed.
        if !extra.contains(&"--member") {
            args.extend_from_slice(&["--member", "tester"]);
        }
        self.tk(&args).run()
    }

    /// The binary with a clean environment pointing at this store and
    /// passphrase file, stdin empty (not a terminal), and a hang guard.
    pub fn tk(&self, args: &[&str]) -> Invocation<'_> {
        let mut std_cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("tokenctl"));
        self.scrub(&mut std_cmd);
        std_cmd.args(args);
        let mut cmd = Command::from_std(std_cmd);
        cmd.timeout(Duration::from_secs(60));
        cmd.write_stdin(Vec::new());
        Invocation {
            env: self,
            cmd,
            args: args.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Give `cmd` a clean environment pointing at this store and passphrase
    /// file, in a session of its own: it has no controlling terminal, so
    /// nothing prompts on the terminal the tests were started from.
    #[allow(unsafe_code)]
    pub fn scrub(&self, cmd: &mut std::process::Command) {
        use std::os::unix::process::CommandExt;
        // SAFETY: the closure runs in the forked child before exec and calls
        // only setsid, which is async-signal-safe and touches no memory.
        unsafe {
            cmd.pre_exec(|| {
                libc::setsid();
                Ok(())
            });
        }
        for (k, _) in std::env::vars_os() {
            if k.to_string_lossy().starts_with("TOKENCTL_") {
                cmd.env_remove(&k);
            }
        }
        cmd.env("TOKENCTL_STORE", self.location())
            .env("TOKENCTL_PASSPHRASE_FILE", &self.pass_file)
            .env("TOKENCTL_ACTOR", "tester")
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("xdg"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .env_remove("NO_COLOR");
    }

    /// Whether any canary (string or bytes) appears in `bytes`.
    pub fn leaks(&self, bytes: &[u8]) -> bool {
        self.canaries.iter().any(|c| contains(bytes, c.as_bytes()))
            || self.byte_canaries.iter().any(|c| contains(bytes, c))
    }

    /// Panic when any canary appears in `bytes`.
    pub fn assert_no_leak(&self, bytes: &[u8], what: &str, args: &[String]) {
        assert!(
            !self.leaks(bytes),
            "{what} of tokenctl {args:?} leaks a secret"
        );
    }

    /// A path inside the scratch directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Write a file in the scratch directory and return its path.
    pub fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        fs::write(&p, contents).unwrap();
        p
    }

    /// A direct SQLite connection to the store, as an attacker would have.
    pub fn sqlite(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.store).expect("open store with sqlite")
    }

    /// The store file's bytes.
    pub fn store_bytes(&self) -> Vec<u8> {
        fs::read(&self.store).unwrap()
    }
}

/// The real binary with the same clean environment as `TestEnv::tk`, for
/// tests that need control over its standard streams.
pub fn raw_cmd(env: &TestEnv, args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("tokenctl"));
    env.scrub(&mut cmd);
    cmd.args(args);
    cmd
}

/// Run a prepared command (stdin empty) and apply the same checks as
/// `TestEnv::tk`: no canary in either stream, no panic.
pub fn run_checked(env: &TestEnv, mut cmd: std::process::Command, args: &[&str]) -> Run {
    cmd.stdin(std::process::Stdio::null());
    let output = cmd.output().expect("run tokenctl");
    let run = Run {
        output,
        args: args.iter().map(|s| s.to_string()).collect(),
    };
    env.assert_no_leak(&run.output.stdout, "stdout", &run.args);
    env.assert_no_leak(&run.output.stderr, "stderr", &run.args);
    assert!(
        !run.stderr().contains("panicked") && run.code() != 101,
        "tokenctl panicked: {}",
        run.stderr()
    );
    run
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

pub fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}
