//! `tokenctl serve` as a test runs it: the real binary on 127.0.0.1 and a
//! port of the kernel's choosing, its URL read from `--json`, its stderr
//! (the access log) kept, and SIGTERM on drop, so no test leaves a server
//! behind, even when it fails. Also the clients that call it and the
//! Prometheus text it serves.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::env::{raw_cmd, TestEnv};

/// How long a server may take to start, or to stop after SIGTERM.
const GRACE: Duration = Duration::from_secs(30);

/// A running `tokenctl serve`.
pub struct Server<'a> {
    env: &'a TestEnv,
    child: Option<Child>,
    /// The address it listens on.
    pub addr: SocketAddr,
    /// Its base URL, as `--json` printed it.
    pub url: String,
    stderr: Arc<Mutex<Vec<u8>>>,
    reader: Option<JoinHandle<()>>,
    canaries: Mutex<Vec<String>>,
    check_exit: bool,
}

/// How a server ended.
pub struct Stopped {
    pub code: i32,
    /// Everything it wrote on stderr.
    pub log: String,
}

impl Stopped {
    /// The access log: every stderr line that is a JSON object.
    pub fn access_log(&self) -> Vec<Value> {
        access_lines(&self.log)
    }
}

/// The lines of `log` that are JSON objects (the access log; the rest are
/// the notes "Serving on ..." and "Stopped.").
pub fn access_lines(log: &str) -> Vec<Value> {
    log.lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[allow(unsafe_code)]
fn send(pid: u32, signal: libc::c_int) {
    // SAFETY: kill(2) on the pid of a child this process has not reaped yet
    // (so it cannot have been reused); no memory is involved.
    unsafe {
        libc::kill(pid as libc::pid_t, signal);
    }
}

/// Whether process `pid` has a handler for (or blocks) `signal`, from
/// /proc: `SigCgt` and `SigBlk`.
fn handles(pid: u32, signal: libc::c_int) -> bool {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let mask = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| u64::from_str_radix(v.trim(), 16).ok())
            .unwrap_or(0)
    };
    (mask("SigCgt:") | mask("SigBlk:")) & (1u64 << (signal - 1)) != 0
}

/// Wait (at most 10 s) until `pid` handles `signal`. `serve` installs its
/// handlers only once its accept loop first waits, after it has printed
/// its address: a SIGTERM sent before is fatal (see
/// `serve_lifecycle::sigterm_right_after_the_address_is_printed_still_exits_0`),
/// and would make every other test's exit code a race.
fn until_handled(pid: u32, signal: libc::c_int) {
    let end = Instant::now() + Duration::from_secs(10);
    while !handles(pid, signal) && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(5));
    }
}

impl<'a> Server<'a> {
    /// `tokenctl serve --listen 127.0.0.1:0 --json` in `env`.
    #[track_caller]
    pub fn start(env: &'a TestEnv) -> Server<'a> {
        Server::start_with(env, &[])
    }

    /// The same with `extra` flags.
    #[track_caller]
    pub fn start_with(env: &'a TestEnv, extra: &[&str]) -> Server<'a> {
        let mut args = vec!["serve", "--listen", "127.0.0.1:0", "--json"];
        args.extend_from_slice(extra);
        Server::start_args(env, &args)
    }

    /// `tokenctl ARGS`, which must print the `--json` address object.
    #[track_caller]
    pub fn start_args(env: &'a TestEnv, args: &[&str]) -> Server<'a> {
        let mut cmd = raw_cmd(env, args);
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn tokenctl serve");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let reader = {
            let mut pipe = child.stderr.take().unwrap();
            let sink = Arc::clone(&stderr);
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = pipe.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    sink.lock().unwrap().extend_from_slice(&buf[..n]);
                }
            })
        };
        // The pretty-printed {"listen", "url"} object, then whatever follows.
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            let mut text = String::new();
            let mut sent = false;
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if sent {
                    continue;
                }
                text.push_str(&line);
                text.push('\n');
                if let Ok(v) = serde_json::from_str::<Value>(&text) {
                    let _ = tx.send(v);
                    sent = true;
                }
            }
        });
        let mut server = Server {
            env,
            child: Some(child),
            addr: "127.0.0.1:0".parse().unwrap(),
            url: String::new(),
            stderr,
            reader: Some(reader),
            canaries: Mutex::new(Vec::new()),
            check_exit: false,
        };
        match rx.recv_timeout(GRACE) {
            Ok(v) => {
                assert_eq!(
                    crate::support::tokens::keys(&v),
                    ["listen", "url"].map(String::from).into(),
                    "{v}"
                );
                server.addr = v["listen"].as_str().unwrap().parse().unwrap();
                server.url = v["url"].as_str().unwrap().to_string();
            }
            Err(_) => {
                let stopped = server.finish();
                panic!(
                    "tokenctl {args:?} did not start (exit {}):\n{}",
                    stopped.code, stopped.log
                );
            }
        }
        server
    }

    /// Also check that it exits 0 when it is dropped.
    pub fn expect_clean_exit(mut self) -> Self {
        self.check_exit = true;
        self
    }

    /// One more string that must never appear in its output.
    pub fn forbid(&self, canary: &str) {
        self.canaries.lock().unwrap().push(canary.to_string());
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().unwrap().id()
    }

    /// Send SIGTERM once it has a handler for it, without waiting for the exit.
    pub fn terminate(&self) {
        until_handled(self.pid(), libc::SIGTERM);
        send(self.pid(), libc::SIGTERM);
    }

    /// Send SIGINT once it has a handler for it, without waiting for the exit.
    pub fn interrupt(&self) {
        until_handled(self.pid(), libc::SIGINT);
        send(self.pid(), libc::SIGINT);
    }

    /// Send SIGTERM at once, handler or not.
    pub fn terminate_now(&self) {
        send(self.pid(), libc::SIGTERM);
    }

    /// Its stderr so far.
    pub fn log(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    /// Its access log so far.
    pub fn access_log(&self) -> Vec<Value> {
        access_lines(&self.log())
    }

    /// Its access log once it has at least `n` lines (a line is written
    /// before its response is sent, but the pipe is read by a thread).
    #[track_caller]
    pub fn access_log_of(&self, n: usize) -> Vec<Value> {
        let end = Instant::now() + GRACE;
        loop {
            let lines = self.access_log();
            if lines.len() >= n || Instant::now() > end {
                assert!(lines.len() >= n, "fewer than {n} lines:\n{}", self.log());
                return lines;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// SIGTERM, then wait for the exit (SIGKILL after `GRACE`) and the end
    /// of stderr; stderr is checked for leaks.
    #[track_caller]
    pub fn stop(mut self) -> Stopped {
        self.finish()
    }

    /// Wait for it to exit by itself (it was signalled already).
    #[track_caller]
    pub fn wait(mut self) -> Stopped {
        self.reap(false)
    }

    fn finish(&mut self) -> Stopped {
        self.reap(true)
    }

    fn reap(&mut self, terminate: bool) -> Stopped {
        let mut child = self.child.take().expect("stopped once");
        if terminate && child.try_wait().unwrap().is_none() {
            until_handled(child.id(), libc::SIGTERM);
            send(child.id(), libc::SIGTERM);
        }
        let end = Instant::now() + GRACE;
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break Some(s);
            }
            if Instant::now() > end {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        let log = self.log();
        if !std::thread::panicking() {
            let args = ["serve".to_string()];
            self.env
                .assert_no_leak(log.as_bytes(), "serve stderr", &args);
            for c in self.canaries.lock().unwrap().iter() {
                assert!(
                    !log.contains(c.as_str()),
                    "the stderr of serve leaks a secret:\n{log}"
                );
            }
            assert!(!log.contains("panicked"), "serve panicked:\n{log}");
            assert!(
                status.is_some(),
                "serve did not stop within {GRACE:?} of SIGTERM:\n{log}"
            );
        }
        Stopped {
            code: status.and_then(|s| s.code()).unwrap_or(-1),
            log,
        }
    }
}

impl Drop for Server<'_> {
    fn drop(&mut self) {
        if self.child.is_some() {
            let stopped = self.finish();
            if self.check_exit && !std::thread::panicking() {
                assert_eq!(stopped.code, 0, "serve did not exit 0:\n{}", stopped.log);
            }
        }
    }
}

// ---------------------------------------------------------------- clients

/// `client add NAME`: exit 0, stdout is exactly `tkc_` and 43 base64url
/// characters and a newline. The secret becomes a canary of `env`.
#[track_caller]
pub fn add_client(env: &mut TestEnv, name: &str) -> String {
    let secret = client_secret(env, name);
    env.canaries.push(secret.clone());
    secret
}

/// `client add NAME` as `add_client` checks it, for a store a server is
/// using: the caller makes the secret a canary of that server.
#[track_caller]
pub fn client_secret(env: &TestEnv, name: &str) -> String {
    let out = env.tk(&["client", "add", name]).run().ok().stdout();
    let secret = out
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("not one line: {out:?}"));
    assert_client_secret(secret);
    secret.to_string()
}

#[track_caller]
pub fn assert_client_secret(secret: &str) {
    let rest = secret
        .strip_prefix("tkc_")
        .unwrap_or_else(|| panic!("no tkc_ prefix: {secret:?}"));
    assert_eq!(rest.len(), 43, "{secret:?}");
    assert!(
        rest.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "not base64url: {secret:?}"
    );
}

// ---------------------------------------------------------------- metrics

/// The samples of a Prometheus text page: `name{labels}` to value. Every
/// line is a comment or a sample; nothing else is accepted.
#[track_caller]
pub fn samples(text: &str) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let (series, value) = line
            .rsplit_once(' ')
            .unwrap_or_else(|| panic!("not a sample: {line:?}"));
        let value: f64 = value
            .parse()
            .unwrap_or_else(|_| panic!("not a number in {line:?}"));
        let name = series.split('{').next().unwrap();
        assert!(
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':'),
            "not a metric name in {line:?}"
        );
        assert!(
            out.insert(series.to_string(), value).is_none(),
            "{series} twice"
        );
    }
    out
}

/// How each counter of `names` moved from `before` to `after` (only the
/// series that moved).
pub fn moved(
    before: &BTreeMap<String, f64>,
    after: &BTreeMap<String, f64>,
    names: &[&str],
) -> BTreeMap<String, f64> {
    after
        .iter()
        .filter(|(series, _)| names.iter().any(|n| series.split('{').next() == Some(n)))
        .map(|(series, v)| {
            (
                series.clone(),
                v - before.get(series).copied().unwrap_or(0.0),
            )
        })
        .filter(|(_, d)| *d != 0.0)
        .collect()
}
