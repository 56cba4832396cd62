//! Once-only delivery: a token that cannot reach its user is recorded as
//! undelivered and never verifies; on a terminal the user must confirm.

use std::process::Stdio;

use serde_json::Value;

use crate::env::TestEnv;
use crate::token::{
    assert_active, assert_reason, list, listed_names, mint, raw_cmd, scrub, secret_field,
};

/// Run `tokenctl ARGS` with stdout going to `out`; returns (exit code, stderr).
pub fn create_into(env: &TestEnv, args: &[&str], out: impl Into<Stdio>) -> (i32, String) {
    let output = raw_cmd(env, args)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    env.assert_no_leak(&output.stderr, "stderr", &[]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output.status.code().unwrap_or(-1), stderr)
}

fn closed_pipe() -> std::io::PipeWriter {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    writer
}

#[test]
fn a_closed_stdout_makes_the_token_undelivered_with_exit_6() {
    let env = TestEnv::init();
    let (code, stderr) = create_into(&env, &["token", "create", "--name", "lost"], closed_pipe());
    assert_eq!(code, 6, "{stderr}");
    assert!(stderr.contains("undelivered"), "{stderr}");

    let (code, stderr) = create_into(
        &env,
        &["token", "create", "--name", "lost-json", "--json"],
        closed_pipe(),
    );
    assert_eq!(code, 6, "{stderr}");
    assert!(stderr.contains("undelivered"), "{stderr}");

    let (code, stderr) = create_into(
        &env,
        &[
            "token",
            "create",
            "--name",
            "lost-opaque",
            "--format",
            "opaque",
        ],
        closed_pipe(),
    );
    assert_eq!(code, 6, "{stderr}");

    let undelivered = list(&env, &["--status", "undelivered"]);
    let mut names: Vec<&str> = undelivered
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["lost", "lost-json", "lost-opaque"]);
    assert!(undelivered.iter().all(|r| r["status"] == "undelivered"));
    // Not active, not listed by default, not counted against the secret.
    assert_eq!(list(&env, &[]), Vec::<Value>::new());
    assert_eq!(list(&env, &["--status", "active"]), Vec::<Value>::new());
    assert_eq!(secret_field(&env, "default", "active_tokens"), 0);
    // The name is free again.
    let token = mint(&env, "lost", &[]);
    assert_active(&env, &token, &[]);
    assert_eq!(listed_names(&env, &[]), ["lost"]);
    env.tk(&["store", "check"]).run().ok();
}

#[test]
fn a_full_disk_on_stdout_makes_the_token_undelivered_with_exit_6() {
    let env = TestEnv::init();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let (code, stderr) = create_into(&env, &["token", "create", "--name", "full"], full);
    assert_eq!(code, 6, "{stderr}");
    assert!(stderr.contains("undelivered"), "{stderr}");
    assert_eq!(crate::token::record(&env, "full")["status"], "undelivered");
}

#[test]
fn a_reader_that_goes_away_mid_pipeline_is_never_a_live_token() {
    // `tokenctl token create | true` in a shell, many times: each token is
    // either delivered to `true` (and so active) or undelivered, never a
    // panic, never another exit code.
    let env = TestEnv::init();
    let bin = assert_cmd::cargo::cargo_bin("tokenctl");
    for i in 0..5 {
        let mut cmd = std::process::Command::new("bash");
        scrub(&mut cmd, &env);
        let out = cmd
            .arg("-c")
            .arg(r#""$0" token create --name "p$1" | true; echo "exit=${PIPESTATUS[0]}""#)
            .arg(&bin)
            .arg(i.to_string())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        let status = crate::token::record(&env, &format!("p{i}"))["status"].clone();
        match stdout.trim() {
            "exit=0" => assert_eq!(status, "active"),
            "exit=6" => assert_eq!(status, "undelivered", "{stderr}"),
            other => panic!("unexpected {other}: {stderr}"),
        }
    }
}

// ----------------------------------------------------------- on a terminal

/// Drives tokenctl on a pseudo-terminal: waits for the confirmation prompt,
/// optionally runs another command while the prompt is up, sends one key
/// (or `SIGINT`, or `HANGUP`: closes the terminal), and reports everything
/// as JSON.
const PTY_DRIVER: &str = r#"
import fcntl, json, os, pty, select, signal, struct, subprocess, sys, termios, time

argv = json.loads(sys.argv[1])
answer = sys.argv[2].encode()
during = json.loads(sys.argv[3])
PROMPT = sys.argv[4].encode()

pid, fd = pty.fork()
if pid == 0:
    try:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))
        os.execv(argv[0], argv)
    finally:
        os._exit(127)

out = bytearray()
eof = False

def pump(cond, timeout):
    global eof
    end = time.monotonic() + timeout
    while not eof and not cond() and time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            if not data:
                eof = True
            out.extend(data)
    return cond()

seen = pump(lambda: PROMPT in out, 30)
during_code = None
if seen:
    if during is not None:
        during_code = subprocess.run(
            during, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, timeout=60).returncode
    # Let the prompt switch the terminal to raw mode before the key arrives.
    time.sleep(0.3)
    for _ in range(5):
        if answer == b"SIGINT":
            os.kill(pid, signal.SIGINT)
        elif answer == b"HANGUP":
            # The terminal goes away: the kernel hangs up its session.
            os.close(fd)
            eof = True
            break
        else:
            os.write(fd, answer)
        if pump(lambda: eof, 4):
            break
if not eof:
    pump(lambda: eof, 2)
if not eof:
    os.kill(pid, 9)
end = time.monotonic() + 20
while True:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        break
    if time.monotonic() > end:
        os.kill(pid, 9)
        _, status = os.waitpid(pid, 0)
        break
    time.sleep(0.02)
print(json.dumps({
    "seen": seen,
    "code": os.waitstatus_to_exitcode(status),
    "output": out.decode("utf-8", "replace"),
    "during": during_code,
}))
"#;

pub struct PtyRun {
    pub seen: bool,
    pub code: i64,
    pub output: String,
    pub during: Option<i64>,
}

pub const STORED: &str = "Have you stored the token somewhere safe?";

pub fn on_pty(
    env: &TestEnv,
    args: &[&str],
    prompt: &str,
    answer: &str,
    during: Option<&[&str]>,
) -> PtyRun {
    let bin = assert_cmd::cargo::cargo_bin("tokenctl");
    let bin = bin.to_str().unwrap();
    let mut argv = vec![bin];
    argv.extend_from_slice(args);
    let during: Option<Vec<&str>> = during.map(|d| {
        let mut v = vec![bin];
        v.extend_from_slice(d);
        v
    });
    let mut cmd = std::process::Command::new("python3");
    scrub(&mut cmd, env);
    let out = cmd
        .env("TERM", "xterm-256color")
        .arg("-c")
        .arg(PTY_DRIVER)
        .arg(serde_json::to_string(&argv).unwrap())
        .arg(answer)
        .arg(serde_json::to_string(&during).unwrap())
        .arg(prompt)
        .stdin(Stdio::null())
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "pty driver failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    env.assert_no_leak(&out.stdout, "pty output", &[]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("driver JSON");
    let run = PtyRun {
        seen: v["seen"].as_bool().unwrap(),
        code: v["code"].as_i64().unwrap(),
        output: v["output"].as_str().unwrap().to_string(),
        during: v["during"].as_i64(),
    };
    assert!(!run.output.contains("panicked"), "{}", run.output);
    run
}

/// The one JWT shown on the terminal.
pub fn jwt_in(output: &str) -> String {
    let start = output
        .find("eyJ")
        .unwrap_or_else(|| panic!("no token on the terminal:\n{output}"));
    let token: String = output[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    assert_eq!(token.split('.').count(), 3, "{token}");
    assert_eq!(output.matches(&token).count(), 1, "shown once:\n{output}");
    token
}

#[test]
fn declining_on_a_terminal_makes_the_token_undelivered_with_exit_130() {
    let env = TestEnv::init();
    let run = on_pty(
        &env,
        &["token", "create", "--name", "declined"],
        STORED,
        "n\n",
        None,
    );
    assert!(run.seen, "no confirmation prompt:\n{}", run.output);
    assert!(
        run.output.contains("once"),
        "no shown-only-once warning:\n{}",
        run.output
    );
    assert_eq!(run.code, 130, "{}", run.output);
    let token = jwt_in(&run.output);
    assert_reason(&env, &token, &[], "undelivered");
    assert_eq!(
        crate::token::record(&env, "declined")["status"],
        "undelivered"
    );
    assert_eq!(list(&env, &[]), Vec::<Value>::new());
    // The name is free again.
    mint(&env, "declined", &[]);
}

#[test]
fn pressing_enter_at_the_prompt_declines_by_default() {
    let env = TestEnv::init();
    let run = on_pty(
        &env,
        &["token", "create", "--name", "enter"],
        STORED,
        "\r",
        None,
    );
    assert!(run.seen, "no confirmation prompt:\n{}", run.output);
    assert_eq!(run.code, 130, "{}", run.output);
    let token = jwt_in(&run.output);
    assert_reason(&env, &token, &[], "undelivered");
}

#[test]
fn ctrl_c_at_the_prompt_makes_the_token_undelivered() {
    let env = TestEnv::init();
    let run = on_pty(
        &env,
        &["token", "create", "--name", "interrupted"],
        STORED,
        "\x03",
        None,
    );
    assert!(run.seen, "no confirmation prompt:\n{}", run.output);
    assert_eq!(run.code, 130, "{}", run.output);
    let token = jwt_in(&run.output);
    assert_reason(&env, &token, &[], "undelivered");
}

#[test]
fn sigint_at_the_prompt_makes_the_token_undelivered() {
    // Ctrl-C delivered as a signal (as when it lands before the prompt has
    // put the terminal in raw mode) must not leave a live token behind.
    let env = TestEnv::init();
    let run = on_pty(
        &env,
        &["token", "create", "--name", "signalled"],
        STORED,
        "SIGINT",
        None,
    );
    assert!(run.seen, "no confirmation prompt:\n{}", run.output);
    assert_eq!(run.code, 130, "{}", run.output);
    let token = jwt_in(&run.output);
    assert_reason(&env, &token, &[], "undelivered");
}

#[test]
fn confirming_on_a_terminal_keeps_the_token_and_no_lock_is_held_while_asking() {
    let env = TestEnv::init();
    let run = on_pty(
        &env,
        &["token", "create", "--name", "kept"],
        STORED,
        "y\n",
        Some(&["token", "create", "--name", "meanwhile"]),
    );
    assert!(run.seen, "no confirmation prompt:\n{}", run.output);
    assert_eq!(run.code, 0, "{}", run.output);
    assert_eq!(
        run.during,
        Some(0),
        "another process could not write while the prompt was up"
    );
    let token = jwt_in(&run.output);
    let json = assert_active(&env, &token, &[]);
    assert_eq!(json["name"], "kept");
    let mut names = listed_names(&env, &[]);
    names.sort();
    assert_eq!(names, ["kept", "meanwhile"]);
}

#[test]
fn an_opaque_token_declined_on_a_terminal_is_undelivered() {
    let env = TestEnv::init();
    let run = on_pty(
        &env,
        &["token", "create", "--name", "op", "--format", "opaque"],
        STORED,
        "n\n",
        None,
    );
    assert!(run.seen, "no confirmation prompt:\n{}", run.output);
    assert_eq!(run.code, 130, "{}", run.output);
    let start = run.output.find("tkd_").expect("opaque token shown");
    let token = &run.output[start..start + 40];
    crate::token::assert_opaque_shape(token, "tkd_");
    assert_reason(&env, token, &[], "undelivered");
}

#[test]
fn revoke_on_a_terminal_asks_first_and_declining_revokes_nothing() {
    let env = TestEnv::init();
    let token = mint(&env, "guarded", &[]);
    let run = on_pty(
        &env,
        &["token", "revoke", "guarded"],
        "cannot be undone",
        "n\n",
        None,
    );
    assert!(run.seen, "no confirmation prompt:\n{}", run.output);
    assert!(
        run.output.contains("guarded"),
        "prompt names the token:\n{}",
        run.output
    );
    assert_eq!(run.code, 130, "{}", run.output);
    assert_active(&env, &token, &[]);

    let run = on_pty(
        &env,
        &["token", "revoke", "guarded"],
        "cannot be undone",
        "y\n",
        Some(&["token", "create", "--name", "meanwhile"]),
    );
    assert!(run.seen, "no confirmation prompt:\n{}", run.output);
    assert_eq!(run.code, 0, "{}", run.output);
    assert_eq!(
        run.during,
        Some(0),
        "the store was locked during the prompt"
    );
    assert_reason(&env, &token, &[], "revoked");
}
