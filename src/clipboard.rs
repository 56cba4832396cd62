//! The system clipboard for `token create --copy`.
//!
//! On X11 and Wayland the clipboard is not a buffer but a promise: the
//! program that copied serves the text to whoever pastes, and when it exits
//! the text is gone. So `tokenctl` hands the token to a detached holder, the
//! same binary started as `tokenctl __clipboard-hold` in a session of its
//! own, through a pipe on the holder's stdin (never argv, never the
//! environment). The holder takes the selection, marks it as a secret for
//! clipboard managers, answers one status line on its stdout, and then
//! serves the token until `--clear-after` has passed (it clears the
//! clipboard only if it still holds the token) or another program copies
//! something (it just exits). It never opens the store.
//!
//! Built without the `clipboard` feature (or on a system without X11 or
//! Wayland), every entry point fails with a usage error instead.

use std::time::Duration;

/// How long a copied token stays on the clipboard when `--clear-after` is not given.
pub const DEFAULT_CLEAR_AFTER: Duration = Duration::from_secs(45);

/// The hidden subcommand that holds the clipboard (see `cli::Command::ClipboardHold`).
pub use crate::cli::HOLD_COMMAND;

/// Parse `--clear-after`: a duration such as `45s` or `2m`, or `never` (`None`).
pub fn parse_clear_after(s: &str) -> Result<Option<Duration>, String> {
    if s.trim().eq_ignore_ascii_case("never") {
        return Ok(None);
    }
    let d = crate::token::time::parse_duration(s)
        .ok()
        .and_then(|d| d.to_std().ok())
        .ok_or_else(|| {
            format!(
                "invalid --clear-after '{}': use a duration (45s, 2m, 1h) or never",
                s.escape_debug()
            )
        })?;
    if d.is_zero() {
        return Err("--clear-after must be longer than 0s (or never)".into());
    }
    Ok(Some(d))
}

/// `--clear-after` as the holder's argument: milliseconds, or `never`.
#[cfg_attr(not(feature = "clipboard"), allow(dead_code))]
fn clear_after_arg(clear_after: Option<Duration>) -> String {
    match clear_after {
        Some(d) => format!("{}ms", d.as_millis()),
        None => "never".into(),
    }
}

pub use system::{check_available, copy, hold};

#[cfg(all(
    feature = "clipboard",
    unix,
    not(any(target_os = "macos", target_os = "ios", target_os = "android"))
))]
mod system {
    use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
    use std::os::fd::AsFd;
    use std::os::unix::ffi::OsStrExt;
    use std::process::{Command, Stdio};
    use std::sync::mpsc::{self, RecvTimeoutError};
    use std::thread;
    use std::time::{Duration, Instant};

    use arboard::{Clipboard, LinuxClipboardKind, SetExtLinux};
    use zeroize::Zeroizing;

    use super::{clear_after_arg, HOLD_COMMAND};
    use crate::error::{Error, Result};
    use crate::token::MAX_TOKEN_LEN;

    /// How long `token create` waits for the holder to say it owns the clipboard.
    const ANSWER_WITHIN: Duration = Duration::from_secs(10);
    /// How long the holder waits to see its own token on the clipboard.
    const TAKE_WITHIN: Duration = Duration::from_secs(5);
    /// How often the holder checks it still owns the clipboard, so that it
    /// exits when the display goes away.
    const TICK: Duration = Duration::from_secs(2);

    const NO_CLIPBOARD_HINT: &str =
        "drop --copy to print the token on stdout, or use --json and capture the output";

    fn set(var: &str) -> bool {
        std::env::var_os(var).is_some_and(|v| !v.is_empty())
    }

    /// Fail (exit 6) unless a clipboard can be reached: called before a
    /// token is minted, so a machine without one never gets a token.
    pub fn check_available() -> Result<()> {
        // Without a display variable there is nothing to connect to: say so
        // at once rather than after a connection attempt.
        if !set("DISPLAY") && !set("WAYLAND_DISPLAY") {
            return Err(Error::delivery(
                "no clipboard: neither DISPLAY nor WAYLAND_DISPLAY is set \
                 (no desktop session, or SSH without X forwarding); no token was minted",
            )
            .with_hint(NO_CLIPBOARD_HINT));
        }
        Clipboard::new().map(drop).map_err(|e| {
            Error::delivery(format!(
                "cannot open the clipboard ({e}); no token was minted"
            ))
            .with_hint(NO_CLIPBOARD_HINT)
        })
    }

    /// Put `token` on the clipboard through a detached holder process and
    /// wait until it says it owns the selection. `Err` says why not; the
    /// holder is then stopped, so the token is not left on the clipboard.
    pub fn copy(token: &str, clear_after: Option<Duration>) -> std::result::Result<(), String> {
        let exe =
            std::env::current_exe().map_err(|e| format!("cannot find the tokenctl binary: {e}"))?;
        let mut cmd = Command::new(exe);
        cmd.arg(HOLD_COMMAND)
            .arg("--clear-after")
            .arg(clear_after_arg(clear_after))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .current_dir("/");
        // The holder needs the display, not the passphrase or the store.
        for (k, _) in std::env::vars_os() {
            if k.as_bytes().starts_with(b"TOKENCTL_") {
                cmd.env_remove(&k);
            }
        }
        // It runs in `/`: a relative XAUTHORITY must still name the same file.
        if let Some(auth) = std::env::var_os("XAUTHORITY").map(std::path::PathBuf::from) {
            if auth.is_relative() && !auth.as_os_str().is_empty() {
                if let Ok(abs) = std::path::absolute(&auth) {
                    cmd.env("XAUTHORITY", abs);
                }
            }
        }
        let mut child = crate::sys::spawn_in_new_session(&mut cmd)
            .map_err(|e| format!("cannot start the clipboard holder: {e}"))?;
        let outcome = hand_over(&mut child, token);
        if outcome.is_err() {
            // Our own child, by its handle: no clipboard owner stays behind.
            let _ = child.kill();
            let _ = child.wait();
        }
        // On success the holder lives on in its own session; it is not waited for.
        outcome
    }

    /// Write the token on the holder's stdin, close it, and read its one status line.
    fn hand_over(child: &mut std::process::Child, token: &str) -> std::result::Result<(), String> {
        let stdin = child.stdin.take();
        let stdout = child.stdout.take();
        let (Some(mut stdin), Some(stdout)) = (stdin, stdout) else {
            return Err("the clipboard holder has no pipes".into());
        };
        stdin
            .write_all(token.as_bytes())
            .map_err(|e| format!("cannot hand the token to the clipboard holder: {e}"))?;
        drop(stdin);
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut line = String::new();
            let read = BufReader::new(stdout.take(512)).read_line(&mut line);
            let _ = tx.send(read.map(|_| line));
        });
        match rx.recv_timeout(ANSWER_WITHIN) {
            Ok(Ok(line)) if line == "ok\n" => Ok(()),
            Ok(Ok(line)) if line.is_empty() => Err("the clipboard holder stopped".into()),
            Ok(Ok(line)) => Err(clean(line.strip_prefix("error: ").unwrap_or(&line))),
            Ok(Err(e)) => Err(format!("cannot read from the clipboard holder: {e}")),
            Err(RecvTimeoutError::Timeout) => Err(format!(
                "the clipboard did not take the token within {} s",
                ANSWER_WITHIN.as_secs()
            )),
            Err(RecvTimeoutError::Disconnected) => Err("the clipboard holder stopped".into()),
        }
    }

    /// One line of printable text, at most 200 characters.
    fn clean(s: &str) -> String {
        s.trim()
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect()
    }

    /// The holder: read the token from stdin, take the clipboard, answer
    /// `ok` (or `error: WHY`) on stdout, then hold until `clear_after` has
    /// passed or another program owns the clipboard.
    pub fn hold(clear_after: Option<Duration>) -> Result<()> {
        if io::stdin().is_terminal() {
            return Err(Error::usage(format!(
                "{HOLD_COMMAND} is internal: `tokenctl token create --copy` starts it"
            )));
        }
        let deadline = clear_after.and_then(|d| Instant::now().checked_add(d));
        let mut out = io::stdout().lock();
        let held = read_token().and_then(|token| take(&token).map(|held| (token, held)));
        let (token, (mut clipboard, lost)) = match held {
            Ok(h) => h,
            Err(why) => {
                let _ = writeln!(out, "error: {}", clean(&why)).and_then(|()| out.flush());
                return Err(Error::delivery(why));
            }
        };
        if writeln!(out, "ok").and_then(|()| out.flush()).is_err() {
            // Nobody heard us: `token create` counts the token as undelivered.
            let _ = clipboard.clear();
            return Err(Error::delivery("token create went away"));
        }
        drop(out);
        // Let go of the hand-off pipes; from here on nothing is printed.
        let _ = crate::sys::stdio_to_dev_null();
        loop {
            let wait = match deadline {
                Some(d) => d.saturating_duration_since(Instant::now()).min(TICK),
                None => TICK,
            };
            match lost.recv_timeout(wait) {
                // Another program took the clipboard (or the display went away).
                Ok(_) | Err(RecvTimeoutError::Disconnected) => return Ok(()),
                Err(RecvTimeoutError::Timeout) => {}
            }
            if !holds(&mut clipboard, &token) {
                return Ok(());
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                let _ = clipboard.clear();
                return Ok(());
            }
        }
    }

    /// The token from stdin, in a buffer wiped on drop.
    fn read_token() -> std::result::Result<Zeroizing<String>, String> {
        // Read the descriptor itself, not through std's stdin buffer, which
        // would keep a copy; the buffer is allocated once, so no copy is left
        // behind by a reallocation either.
        let stdin = io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .map_err(|e| format!("cannot read the token: {e}"))?;
        let mut buf = Zeroizing::new(Vec::with_capacity(MAX_TOKEN_LEN + 1));
        std::fs::File::from(stdin)
            .take(MAX_TOKEN_LEN as u64 + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read the token: {e}"))?;
        if buf.is_empty() || buf.len() > MAX_TOKEN_LEN {
            return Err("no token, or one that is too large, was handed over".into());
        }
        let text = std::str::from_utf8(&buf).map_err(|_| "the token is not UTF-8".to_string())?;
        Ok(Zeroizing::new(text.to_string()))
    }

    /// Take the clipboard with `token` and confirm it holds it. Returns the
    /// clipboard and a channel that fires when ownership is lost.
    fn take(
        token: &Zeroizing<String>,
    ) -> std::result::Result<(Clipboard, mpsc::Receiver<()>), String> {
        let mut clipboard =
            Clipboard::new().map_err(|e| format!("cannot open the clipboard ({e})"))?;
        let (lost_tx, lost) = mpsc::channel();
        let (failed_tx, failed) = mpsc::channel();
        let text = Zeroizing::new(token.as_str().to_string());
        // arboard's wait support serves the selection from this thread until
        // another program owns it (or the clipboard is cleared below).
        thread::spawn(move || {
            let served = Clipboard::new().and_then(|mut c| {
                c.set()
                    .clipboard(LinuxClipboardKind::Clipboard)
                    .exclude_from_history()
                    .wait()
                    .text(text.as_str())
            });
            drop(text);
            match served {
                Ok(()) => drop(lost_tx.send(())),
                Err(e) => drop(failed_tx.send(format!("cannot copy to the clipboard ({e})"))),
            }
        });
        let give_up = Instant::now() + TAKE_WITHIN;
        loop {
            if let Ok(why) = failed.try_recv() {
                return Err(why);
            }
            if lost.try_recv().is_ok() {
                return Err("another program took the clipboard at once".into());
            }
            if holds(&mut clipboard, token) {
                return Ok((clipboard, lost));
            }
            if Instant::now() >= give_up {
                return Err("the clipboard did not take the token".into());
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the clipboard holds exactly `token`.
    fn holds(clipboard: &mut Clipboard, token: &str) -> bool {
        match clipboard.get().text() {
            Ok(text) => Zeroizing::new(text).as_str() == token,
            Err(_) => false,
        }
    }
}

#[cfg(not(all(
    feature = "clipboard",
    unix,
    not(any(target_os = "macos", target_os = "ios", target_os = "android"))
)))]
mod system {
    use std::time::Duration;

    use crate::error::{Error, Result};

    fn unsupported() -> Error {
        Error::usage(
            "this tokenctl cannot copy to the clipboard: it was built without the `clipboard` feature",
        )
        .with_hint("drop --copy to print the token on stdout, or install a build with default features")
    }

    /// Always a usage error: this build has no clipboard.
    pub fn check_available() -> Result<()> {
        Err(unsupported())
    }

    /// Never reached: `check_available` refuses first.
    pub fn copy(_token: &str, _clear_after: Option<Duration>) -> std::result::Result<(), String> {
        Err(unsupported().message().to_string())
    }

    /// Always a usage error: this build has no clipboard.
    pub fn hold(_clear_after: Option<Duration>) -> Result<()> {
        Err(unsupported())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clear_after_takes_durations_and_never() {
        assert_eq!(parse_clear_after("45s"), Ok(Some(Duration::from_secs(45))));
        assert_eq!(parse_clear_after("2m"), Ok(Some(Duration::from_secs(120))));
        assert_eq!(parse_clear_after("never"), Ok(None));
        assert_eq!(parse_clear_after("Never"), Ok(None));
        assert!(parse_clear_after("0s").is_err());
        assert!(parse_clear_after("soon").is_err());
        assert!(parse_clear_after("").is_err());
    }

    #[test]
    fn the_holder_gets_its_duration_back() {
        for d in [
            None,
            Some(Duration::from_millis(1500)),
            Some(DEFAULT_CLEAR_AFTER),
        ] {
            assert_eq!(parse_clear_after(&clear_after_arg(d)), Ok(d));
        }
    }
}
