//! What the user sees: output streams, prompts, tables and the clipboard.

pub mod clipboard;
pub mod prompt;
pub mod table;

use std::io::{self, IsTerminal, Write};

use crate::error::{Error, Kind, Result};

/// Whether a person is at the keyboard: stdin is a terminal.
pub fn stdin_is_terminal() -> bool {
    io::stdin().is_terminal()
}

/// Whether stdout is a terminal.
pub fn stdout_is_terminal() -> bool {
    io::stdout().is_terminal()
}

/// Map a failed write to stdout: a closed pipe ends the command quietly.
pub fn output_error(err: &io::Error) -> Error {
    if err.kind() == io::ErrorKind::BrokenPipe {
        Error::new(Kind::OutputClosed, "stdout was closed")
    } else {
        Error::store(format!("cannot write output: {err}"))
    }
}

/// Write `text` to stdout and flush it.
pub fn print_stdout(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| output_error(&e))
}

/// Print `value` as pretty JSON plus a newline on stdout.
pub fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<()> {
    let mut s = serde_json::to_string_pretty(value)
        .map_err(|e| Error::store(format!("cannot encode JSON: {e}")))?;
    s.push('\n');
    print_stdout(&s)
}

/// Informational messages on stderr, silenced by `--quiet`.
#[derive(Debug, Clone, Copy)]
pub struct Notes {
    quiet: bool,
}

impl Notes {
    /// Notes that print unless `quiet`.
    pub fn new(quiet: bool) -> Self {
        Notes { quiet }
    }

    /// Print one line on stderr unless quiet. A failed write is ignored:
    /// notes are never worth failing a command for.
    pub fn say(&self, line: impl AsRef<str>) {
        if !self.quiet {
            let _ = writeln!(io::stderr().lock(), "{}", line.as_ref());
        }
    }

    /// Print a warning on stderr, even when quiet.
    pub fn warn(&self, line: impl AsRef<str>) {
        let _ = writeln!(io::stderr().lock(), "warning: {}", line.as_ref());
    }
}
