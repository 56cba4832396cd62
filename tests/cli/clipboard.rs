//! `token create --copy`: the token goes to the clipboard instead of stdout;
//! a detached holder keeps it there, clears it after `--clear-after`, and lets
//! go when another program copies something. A machine without a clipboard
//! gets exit 6 before any token exists.
//!
//! The tests with a display start their own X server (`Xvfb`) and read the
//! clipboard with `xclip`. Without those two they skip with a reason, unless
//! `CI` is set: there they fail, so CI never passes without running them.

use serde_json::Value;

use crate::support::env::{Run, TestEnv};
use crate::support::tokens::list;

/// `token create --copy` on a machine with no display variable at all.
fn without_display(env: &TestEnv, args: &[&str]) -> Run {
    let mut all = vec!["token", "create"];
    all.extend_from_slice(args);
    env.tk(&all)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .run()
}

#[test]
fn help_shows_copy_and_clear_after_but_not_the_hidden_holder() {
    let env = TestEnv::new();
    let top = env.tk(&["--help"]).run().ok().stdout();
    assert!(!top.contains("clipboard-hold"), "{top}");
    let create = env.tk(&["token", "create", "--help"]).run().ok().stdout();
    assert!(create.contains("--copy"), "{create}");
    assert!(create.contains("--clear-after"), "{create}");
    assert!(create.contains("45s"), "{create}");
}

#[test]
fn clear_after_without_copy_and_copy_with_json_are_usage_errors() {
    let env = TestEnv::init();
    without_display(&env, &["--name", "a", "--clear-after", "10s"])
        .expect(2)
        .stderr_has("--copy");
    without_display(&env, &["--name", "a", "--copy", "--json"])
        .expect(2)
        .stderr_has("--json");
    assert_eq!(list(&env, &["--status", "all"]), Vec::<Value>::new());
}

#[cfg(not(feature = "clipboard"))]
#[test]
fn without_the_clipboard_feature_copy_is_a_usage_error() {
    let env = TestEnv::init();
    let run = without_display(&env, &["--name", "a", "--copy"])
        .expect(2)
        .stderr_has("clipboard")
        .stderr_has("hint:");
    assert_eq!(run.stdout(), "");
    assert_eq!(list(&env, &["--status", "all"]), Vec::<Value>::new());
}

#[cfg(feature = "clipboard")]
#[test]
fn a_bad_clear_after_is_a_usage_error() {
    let env = TestEnv::init();
    for bad in ["soon", "0s", ""] {
        without_display(&env, &["--name", "a", "--copy", "--clear-after", bad])
            .expect(2)
            .stderr_has("--clear-after");
    }
    assert_eq!(list(&env, &["--status", "all"]), Vec::<Value>::new());
}

#[cfg(feature = "clipboard")]
#[test]
fn without_a_display_copy_fails_with_exit_6_and_mints_nothing() {
    // No DISPLAY and no WAYLAND_DISPLAY: refused before any connection
    // attempt, and before the passphrase is even needed.
    let env = TestEnv::init();
    let run = without_display(&env, &["--name", "headless", "--copy"])
        .expect(6)
        .stderr_has("DISPLAY")
        .stderr_has("hint:")
        .stderr_has("--json");
    assert_eq!(run.stdout(), "");
    let run = env
        .tk(&["token", "create", "--name", "headless", "--copy"])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("TOKENCTL_PASSPHRASE_FILE")
        .run()
        .expect(6);
    assert_eq!(run.stdout(), "");
    assert_eq!(list(&env, &["--status", "all"]), Vec::<Value>::new());
}

#[cfg(feature = "clipboard")]
#[test]
fn a_display_without_a_server_fails_with_exit_6_and_mints_nothing() {
    // A display number nobody serves: the connection is refused at once.
    let n = (150..1000)
        .find(|n| {
            !std::path::Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                && !std::path::Path::new(&format!("/tmp/.X{n}-lock")).exists()
        })
        .unwrap();
    let env = TestEnv::init();
    let run = env
        .tk(&["token", "create", "--name", "nobody", "--copy"])
        .env("DISPLAY", format!(":{n}"))
        .env_remove("WAYLAND_DISPLAY")
        .run()
        .expect(6)
        .stderr_has("clipboard")
        .stderr_has("hint:");
    assert_eq!(run.stdout(), "");
    assert_eq!(list(&env, &["--status", "all"]), Vec::<Value>::new());
}

#[cfg(feature = "clipboard")]
mod with_a_display {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Child, ChildStdout, Command, Stdio};
    use std::time::{Duration, Instant};

    use crate::support::env::{contains, Run, TestEnv};
    use crate::support::system::on_path;
    use crate::support::tokens::{assert_active, record};

    /// A private X server on a display number it picks itself, killed on drop.
    struct Xvfb {
        child: Child,
        display: String,
        // Held open: Xvfb wrote the display number here and must not get SIGPIPE.
        _displayfd: BufReader<ChildStdout>,
    }

    impl Xvfb {
        /// Start one, or `None` when Xvfb or xclip is missing and CI is not
        /// set (a reason is printed). Under CI a missing tool fails the test.
        fn start(test: &str) -> Option<Xvfb> {
            let missing: Vec<&str> = ["Xvfb", "xclip"]
                .into_iter()
                .filter(|t| !on_path(t))
                .collect();
            if !missing.is_empty() {
                let reason = format!(
                    "{test} needs {} (Debian packages xvfb and xclip; .ci/run installs them)",
                    missing.join(" and ")
                );
                if std::env::var_os("CI").is_some() {
                    panic!("CI is set, so not skipping: {reason}");
                }
                eprintln!("skipped: {reason}");
                return None;
            }
            let mut child = Command::new("Xvfb")
                .args(["-displayfd", "1", "-nolisten", "tcp", "-screen", "0"])
                .arg("320x240x24")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("start Xvfb");
            let mut displayfd = BufReader::new(child.stdout.take().unwrap());
            let mut line = String::new();
            displayfd.read_line(&mut line).expect("read Xvfb's display");
            let n = line.trim();
            if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                let _ = child.kill();
                let _ = child.wait();
                panic!("Xvfb did not report a display number: {line:?}");
            }
            Some(Xvfb {
                display: format!(":{n}"),
                child,
                _displayfd: displayfd,
            })
        }

        /// What `xclip -o -selection clipboard` prints, or `None` when the
        /// clipboard is empty (xclip fails).
        fn clipboard(&self) -> Option<String> {
            let out = assert_cmd::Command::new("xclip")
                .args(["-o", "-selection", "clipboard"])
                .env("DISPLAY", &self.display)
                .timeout(Duration::from_secs(20))
                .output()
                .expect("run xclip");
            out.status
                .success()
                .then(|| String::from_utf8(out.stdout).expect("clipboard is UTF-8"))
        }

        /// The running `__clipboard-hold` processes on this display.
        fn holders(&self) -> Vec<u32> {
            let want = format!("DISPLAY={}", self.display);
            let mut pids = Vec::new();
            for entry in std::fs::read_dir("/proc").unwrap().flatten() {
                let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                    continue;
                };
                let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
                if !contains(&cmdline, b"__clipboard-hold") {
                    continue;
                }
                let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
                if environ.split(|b| *b == 0).any(|v| v == want.as_bytes()) {
                    pids.push(pid);
                }
            }
            pids
        }

        /// `tokenctl token create --copy ARGS` against this display.
        fn copy(&self, env: &TestEnv, name: &str, args: &[&str]) -> Run {
            let mut all = vec!["token", "create", "--name", name, "--copy"];
            all.extend_from_slice(args);
            env.tk(&all)
                .env("DISPLAY", &self.display)
                .env_remove("WAYLAND_DISPLAY")
                .run()
        }
    }

    impl Drop for Xvfb {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// `xclip -i` holding `text` on the clipboard in the foreground, killed on drop.
    struct XclipCopy(Child);

    impl XclipCopy {
        fn new(x: &Xvfb, text: &str) -> XclipCopy {
            let mut child = Command::new("xclip")
                .args(["-quiet", "-i", "-selection", "clipboard"])
                .env("DISPLAY", &x.display)
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start xclip");
            child
                .stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
            XclipCopy(child)
        }
    }

    impl Drop for XclipCopy {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    /// Poll `cond` with short sleeps until it holds; panic with `what` after `limit`.
    #[track_caller]
    fn eventually(limit: Duration, what: &str, mut cond: impl FnMut() -> bool) {
        let give_up = Instant::now() + limit;
        while !cond() {
            assert!(Instant::now() < give_up, "gave up waiting: {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A process's session id, from /proc/PID/stat.
    fn session_of(pid: u32) -> Option<u32> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // After "pid (comm) ": state ppid pgrp session ...
        let rest = &stat[stat.rfind(')')? + 2..];
        rest.split(' ').nth(3)?.parse().ok()
    }

    fn fd_target(pid: u32, fd: u32) -> Option<String> {
        std::fs::read_link(format!("/proc/{pid}/fd/{fd}"))
            .ok()
            .map(|p| p.to_string_lossy().into_owned())
    }

    #[test]
    fn copy_puts_exactly_the_token_on_the_clipboard_and_clears_it_after_the_delay() {
        let Some(x) = Xvfb::start("copy_puts_exactly_the_token_on_the_clipboard") else {
            return;
        };
        let mut env = TestEnv::init();
        // `run` returns only once tokenctl has exited and both of its output
        // pipes are closed, so the holder kept neither.
        let run = x
            .copy(&env, "copied", &["--clear-after", "3s"])
            .ok()
            .stderr_has("Copied the token to the clipboard")
            .stderr_has("cleared in 3 seconds, at ");
        assert_eq!(run.stdout(), "", "a copied token is not printed");

        let token = x.clipboard().expect("the clipboard holds the token");
        assert!(
            !token.is_empty() && !token.contains(char::is_whitespace),
            "the clipboard holds exactly the token: {token:?}"
        );
        assert!(!run.stderr().contains(&token));
        env.canaries.push(token.clone());
        let json = assert_active(&env, &token, &[]);
        assert_eq!(json["name"], "copied");

        eventually(
            Duration::from_secs(30),
            "the clipboard to be cleared",
            || x.clipboard().as_deref() != Some(token.as_str()),
        );
        assert_eq!(x.clipboard(), None, "cleared, not replaced");
        eventually(Duration::from_secs(30), "the holder to exit", || {
            x.holders().is_empty()
        });
        // Delivered: clearing the clipboard does not undo that.
        assert_active(&env, &token, &[]);
    }

    #[test]
    fn something_copied_afterwards_is_not_cleared() {
        let Some(x) = Xvfb::start("something_copied_afterwards_is_not_cleared") else {
            return;
        };
        let env = TestEnv::init();
        let started = Instant::now();
        x.copy(&env, "overwritten", &["--clear-after", "3s"]).ok();
        let token = x.clipboard().expect("the clipboard holds the token");
        assert_eq!(record(&env, "overwritten")["status"], "active");

        let _other = XclipCopy::new(&x, "something else");
        eventually(
            Duration::from_secs(20),
            "xclip to own the clipboard",
            || x.clipboard().as_deref() == Some("something else"),
        );
        // The holder lets go as soon as another program owns the clipboard.
        eventually(Duration::from_secs(20), "the holder to exit", || {
            x.holders().is_empty()
        });
        // Past the clear-after time, the other program's text is still there.
        let past = Duration::from_secs(5);
        if let Some(rest) = past.checked_sub(started.elapsed()) {
            std::thread::sleep(rest);
        }
        assert_eq!(x.clipboard().as_deref(), Some("something else"));
        assert_active(&env, &token, &[]);
    }

    #[test]
    fn never_keeps_the_token_until_something_else_is_copied() {
        let Some(x) = Xvfb::start("never_keeps_the_token_until_something_else_is_copied") else {
            return;
        };
        let mut env = TestEnv::init();
        x.copy(&env, "kept", &["--clear-after", "never"])
            .ok()
            .stderr_has("never");
        let token = x.clipboard().expect("the clipboard holds the token");
        env.canaries.push(token.clone());
        assert_active(&env, &token, &[]);

        // One holder, in a session of its own, with the token in neither its
        // argv nor its environment, and no passphrase or store settings.
        let holders = x.holders();
        assert_eq!(holders.len(), 1, "one clipboard holder: {holders:?}");
        let pid = holders[0];
        assert_eq!(session_of(pid), Some(pid), "the holder leads a new session");
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap();
        assert!(!contains(&cmdline, token.as_bytes()), "token on argv");
        let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap();
        assert!(!contains(&environ, token.as_bytes()), "token in environ");
        assert!(
            !contains(&environ, b"TOKENCTL_"),
            "store settings in environ"
        );
        eventually(Duration::from_secs(20), "holder stdio on /dev/null", || {
            (0..3).all(|fd| fd_target(pid, fd).as_deref() == Some("/dev/null"))
        });

        let _other = XclipCopy::new(&x, "next");
        eventually(Duration::from_secs(20), "the holder to exit", || {
            x.holders().is_empty()
        });
        assert_eq!(x.clipboard().as_deref(), Some("next"));
    }
}
