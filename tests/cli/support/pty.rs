//! Two pseudo-terminal drivers, both on python3's `pty`.
//!
//! `run`: `sh -c CMD` runs with the terminal as its controlling terminal
//! (and as stdin, stdout and stderr unless CMD redirects them), `tokenctl`
//! on its PATH and the `TestEnv` environment, while a script of steps types
//! into it.
//!
//! `on_pty`: tokenctl itself on a terminal, answering one confirmation
//! prompt, optionally with another command run while the prompt is up.

use std::process::{Command, Stdio};

use serde_json::{json, Value};

use crate::support::env::TestEnv;

/// One step of a script, taken in order.
pub enum Step<'a> {
    /// Wait up to 30 s for this text to appear after the previous match.
    Expect(&'a str),
    /// Type this text.
    Send(&'a str),
    /// Type this text once the terminal no longer echoes (a hidden prompt
    /// is reading), so it never shows up in the transcript.
    Hidden(&'a str),
    /// Wait this many milliseconds, reading output meanwhile.
    Sleep(u64),
}

/// What happened on the terminal.
#[derive(Debug)]
pub struct Pty {
    /// Everything the terminal showed, typed echoes included, with the
    /// terminal's `\r\n` turned back into `\n`.
    pub transcript: String,
    /// The exit code of `sh -c CMD` (128 + N for a signal).
    pub code: i32,
    /// The index of the step that failed (an `Expect` that never matched,
    /// a `Hidden` whose prompt never came), if one did.
    pub failed: Option<usize>,
}

impl Pty {
    /// Assert that every step succeeded, showing the transcript when not.
    #[track_caller]
    pub fn completed(self) -> Self {
        assert_eq!(self.failed, None, "a step failed:\n{}", self.transcript);
        self
    }
}

const DRIVER: &str = r#"
import fcntl, json, os, pty, select, signal, struct, sys, termios, time

cmd, steps = sys.argv[1], json.loads(sys.argv[2])
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    os.execvp("sh", ["sh", "-c", cmd])

out, eof = bytearray(), False

def pump(done, timeout):
    global eof
    end = time.monotonic() + timeout
    while not eof and not done() and time.monotonic() < end:
        if select.select([fd], [], [], 0.02)[0]:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            eof = not data
            out.extend(data)
    return done()

def echo_off():
    try:
        return not termios.tcgetattr(fd)[3] & termios.ECHO
    except termios.error:
        return False

failed, at = None, 0
for i, (kind, arg) in enumerate(steps):
    if kind == "expect":
        want = arg.encode()
        if not pump(lambda: out.find(want, at) >= 0, 30):
            failed = i
            break
        at = out.find(want, at) + len(want)
    elif kind == "hidden":
        if not pump(echo_off, 30):
            failed = i
            break
        os.write(fd, arg.encode())
    elif kind == "send":
        os.write(fd, arg.encode())
    else:
        pump(lambda: False, arg / 1000)

pump(lambda: False, 30 if failed is None else 2)
if not eof:
    os.killpg(pid, signal.SIGKILL)
_, status = os.waitpid(pid, 0)
print(json.dumps({
    "transcript": out.decode("utf-8", "replace").replace("\r\n", "\n"),
    "code": os.waitstatus_to_exitcode(status),
    "failed": failed,
}))
"#;

fn python3() -> bool {
    Command::new("python3")
        .arg("-c")
        .arg("import pty, termios")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Run `sh -c CMD` on a terminal with `env`'s environment changed by
/// `vars` (`None` unsets), following `steps`. `None` when python3 is
/// missing (a skip locally, a failure under CI). Asserts no canary and no
/// panic reached the terminal.
pub fn run(env: &TestEnv, cmd: &str, vars: &[(&str, Option<&str>)], steps: &[Step]) -> Option<Pty> {
    if !python3() {
        crate::support::system::skip("python3 with its pty module is needed to drive a terminal");
        return None;
    }
    let steps: Vec<Value> = steps
        .iter()
        .map(|s| match s {
            Step::Expect(t) => json!(["expect", t]),
            Step::Send(t) => json!(["send", t]),
            Step::Hidden(t) => json!(["hidden", t]),
            Step::Sleep(ms) => json!(["sleep", ms]),
        })
        .collect();
    let bin = assert_cmd::cargo::cargo_bin("tokenctl");
    let path = std::env::join_paths(std::iter::once(bin.parent().unwrap().to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let mut python = Command::new("python3");
    env.scrub(&mut python);
    python.env("PATH", path).env("TERM", "dumb");
    for (k, v) in vars {
        match v {
            Some(v) => python.env(k, v),
            None => python.env_remove(k),
        };
    }
    let out = python
        .arg("-c")
        .arg(DRIVER)
        .arg(cmd)
        .arg(Value::from(steps).to_string())
        .stdin(Stdio::null())
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "pty driver failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("driver JSON");
    let run = Pty {
        transcript: v["transcript"].as_str().unwrap().to_string(),
        code: v["code"].as_i64().unwrap() as i32,
        failed: v["failed"].as_u64().map(|i| i as usize),
    };
    env.assert_no_leak(
        run.transcript.as_bytes(),
        "the terminal",
        &[cmd.to_string()],
    );
    assert!(!run.transcript.contains("panicked"), "{}", run.transcript);
    Some(run)
}

// ------------------------------------------------- one prompt, one answer

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

/// What happened in `on_pty`.
pub struct PtyRun {
    /// Whether the prompt appeared.
    pub seen: bool,
    /// The exit code of tokenctl (128 + N for a signal).
    pub code: i64,
    /// Everything the terminal showed.
    pub output: String,
    /// The exit code of the command run while the prompt was up, if one ran.
    pub during: Option<i64>,
}

/// The confirmation prompt of `token create` on a terminal.
pub const STORED: &str = "Have you stored the token somewhere safe?";

/// Run `tokenctl ARGS` on a terminal with `env`'s environment, wait for
/// `prompt`, run `tokenctl DURING` meanwhile when given, then type `answer`
/// (`SIGINT` sends the signal, `HANGUP` closes the terminal). Asserts no
/// canary and no panic reached the terminal.
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
    env.scrub(&mut cmd);
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
