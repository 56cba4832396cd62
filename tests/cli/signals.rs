//! SIGINT, SIGTERM and SIGHUP are treated alike: one that arrives between
//! recording a token (or a session) and handing it over undoes the record,
//! and the exit is 128 + the signal's number. The signals are real, sent
//! to real processes blocked on a real pipe or terminal.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::support::env::{raw_cmd, TestEnv};
use crate::support::pty::{jwt_in, on_pty, STORED};
use crate::support::tokens::{assert_reason, list, names, record};

/// Each signal, its name for `kill -s` and the exit it must cause.
const SIGNALS: [(&str, i32, &str); 3] = [
    ("TERM", 143, "terminated"),
    ("INT", 130, "cancelled"),
    ("HUP", 129, "hung up"),
];

/// Send the signal `name` (as `kill -s` spells it) to `pid`.
fn send_signal(pid: u32, name: &str) {
    let status = Command::new("kill")
        .args(["-s", name, &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -s {name} {pid}: {status}");
}

/// Runs tokenctl with stdout on a 4 KiB pipe that nobody reads (filled up
/// first when asked), waits until a query on the store counts at least one
/// row, sends a signal and reports the exit and what reached the pipe.
const BLOCKED_DRIVER: &str = r##"
import fcntl, json, os, sqlite3, subprocess, sys, time

cfg = json.loads(sys.argv[1])
r, w = os.pipe()
F_SETPIPE_SZ = 1031
size = fcntl.fcntl(w, F_SETPIPE_SZ, 4096)
filler = 0
if cfg["fill"]:
    os.set_blocking(w, False)
    try:
        while True:
            filler += os.write(w, b"#")
    except BlockingIOError:
        pass
    os.set_blocking(w, True)
child = subprocess.Popen(cfg["argv"], stdin=subprocess.DEVNULL, stdout=w,
                         stderr=subprocess.PIPE)
os.close(w)
db = sqlite3.connect(cfg["store"])
ready = False
end = time.monotonic() + 30
while not ready and child.poll() is None and time.monotonic() < end:
    try:
        ready = db.execute(cfg["until"]).fetchone()[0] >= 1
    except sqlite3.Error:
        pass
    if not ready:
        time.sleep(0.02)
db.close()
blocked = child.poll() is None
if ready and blocked:
    os.kill(child.pid, getattr(__import__("signal"), cfg["signal"]))
try:
    child.wait(timeout=30)
except subprocess.TimeoutExpired:
    child.kill()
    child.wait()
stderr = child.stderr.read()
out = bytearray()
os.set_blocking(r, False)
try:
    while True:
        data = os.read(r, 65536)
        if not data:
            break
        out.extend(data)
except BlockingIOError:
    pass
print(json.dumps({
    "ready": ready,
    "blocked": blocked,
    "code": child.returncode,
    "pipe": size,
    "stdout": out[filler:].decode("utf-8", "replace"),
    "stderr": stderr.decode("utf-8", "replace"),
}))
"##;

struct Blocked {
    code: i64,
    stdout: String,
    stderr: String,
}

/// `tokenctl ARGS` with its stdout blocked; once `until` (a count query on
/// the store) is at least 1, the signal `name` is sent.
fn signal_while_blocked(
    env: &TestEnv,
    args: &[&str],
    until: &str,
    name: &str,
    fill: bool,
) -> Blocked {
    let bin = assert_cmd::cargo::cargo_bin("tokenctl");
    let mut argv = vec![bin.to_str().unwrap()];
    argv.extend_from_slice(args);
    let cfg = serde_json::json!({
        "argv": argv,
        "store": env.store,
        "until": until,
        "signal": format!("SIG{name}"),
        "fill": fill,
    });
    let mut cmd = Command::new("python3");
    env.scrub(&mut cmd);
    let out = cmd
        .arg("-c")
        .arg(BLOCKED_DRIVER)
        .arg(cfg.to_string())
        .stdin(Stdio::null())
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "driver failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("driver JSON");
    let run = Blocked {
        code: v["code"].as_i64().unwrap(),
        stdout: v["stdout"].as_str().unwrap().to_string(),
        stderr: v["stderr"].as_str().unwrap().to_string(),
    };
    env.assert_no_leak(run.stdout.as_bytes(), "stdout", &[]);
    env.assert_no_leak(run.stderr.as_bytes(), "stderr", &[]);
    assert_eq!(v["pipe"], 4096, "the pipe could not be made small");
    assert!(
        v["ready"].as_bool().unwrap(),
        "{args:?} never recorded: {}",
        run.stderr
    );
    assert!(
        v["blocked"].as_bool().unwrap(),
        "{args:?} did not block on its stdout (exit {}): {}",
        run.code,
        run.stderr
    );
    run
}

#[test]
fn a_signal_while_a_token_cannot_be_written_leaves_it_undelivered() {
    let env = TestEnv::init();
    // About 27 KiB of token for a 4 KiB pipe: the write blocks.
    let big = env.file("big.txt", "x".repeat(20 * 1024));
    let claim = format!("big=@{}", big.display());
    for (signal, code, what) in SIGNALS {
        let name = format!("big-{signal}");
        let run = signal_while_blocked(
            &env,
            &["token", "create", "--name", &name, "--claim", &claim],
            &format!("SELECT count(*) FROM tokens WHERE name = '{name}'"),
            signal,
            false,
        );
        assert_eq!(run.code, i64::from(code), "SIG{signal}: {}", run.stderr);
        assert_eq!(
            run.stderr,
            format!("tokenctl: {what}; it was recorded as undelivered and will never verify\n")
        );
        assert!(run.stdout.starts_with("eyJ"), "{:?}", run.stdout);
        assert_eq!(record(&env, &name)["status"], "undelivered", "SIG{signal}");
    }
    assert_eq!(list(&env, &[]), Vec::<Value>::new());
    env.tk(&["store", "check"]).run().ok();
}

#[test]
fn closing_the_terminal_at_the_confirmation_leaves_the_token_undelivered() {
    let env = TestEnv::init();
    let run = on_pty(
        &env,
        &["token", "create", "--name", "hung-up"],
        STORED,
        "HANGUP",
        None,
    );
    assert!(run.seen, "no confirmation prompt:\n{}", run.output);
    // SIGHUP (129) or, when the prompt's read fails first, a cancellation
    // (130): the token is undelivered either way.
    assert!(
        run.code == 129 || run.code == 130,
        "exit {}:\n{}",
        run.code,
        run.output
    );
    let token = jwt_in(&run.output);
    assert_reason(&env, &token, &[], "undelivered");
    assert_eq!(record(&env, "hung-up")["status"], "undelivered");
}

#[test]
fn sigterm_while_a_reader_stalls_mid_batch_leaves_the_whole_batch_undelivered() {
    let env = TestEnv::init();
    let mut child = raw_cmd(&env, &["token", "create", "--batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(names(2000, "b").as_bytes())
        .unwrap();
    // Read the first 135 tokens, then stop reading without closing.
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = Vec::new();
    for _ in 0..135 {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        first.push(serde_json::from_str::<Value>(&line).unwrap());
    }
    send_signal(child.id(), "TERM");
    let out = child.wait_with_output().unwrap();
    drop(reader);
    let stderr = String::from_utf8_lossy(&out.stderr);
    env.assert_no_leak(&out.stderr, "stderr", &[]);
    assert_eq!(out.status.code(), Some(143), "{stderr}");
    assert_eq!(
        stderr,
        "tokenctl: terminated; all 2000 tokens of the batch were recorded as undelivered and will never verify\n"
    );
    let all = list(&env, &["--status", "all"]);
    assert_eq!(all.len(), 2000);
    assert!(all.iter().all(|r| r["status"] == "undelivered"));
    for t in [&first[0], &first[134]] {
        assert_reason(&env, t["token"].as_str().unwrap(), &[], "undelivered");
    }
    env.tk(&["store", "check"]).run().ok();
}

#[test]
fn a_signal_while_unlock_cannot_write_its_key_ends_the_session() {
    let env = TestEnv::init();
    for (signal, code, what) in SIGNALS {
        let run = signal_while_blocked(
            &env,
            &["unlock"],
            "SELECT count(*) FROM sessions",
            signal,
            true,
        );
        assert_eq!(run.code, i64::from(code), "SIG{signal}: {}", run.stderr);
        assert_eq!(
            run.stderr,
            format!("tokenctl: {what}; the session was ended\n")
        );
        let rows: i64 = env
            .sqlite()
            .query_row("SELECT count(*) FROM sessions", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 0, "SIG{signal}: the session is still there");
        // Whatever reached the pipe opens nothing.
        if let Some(at) = run.stdout.find("tks_") {
            let key: String = run.stdout[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
                .collect();
            env.tk(&["token", "list"])
                .env_remove("TOKENCTL_PASSPHRASE_FILE")
                .env("TOKENCTL_SESSION", &key)
                .run()
                .expect(3);
        }
    }
}
