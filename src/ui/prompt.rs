//! Prompts, asked on the controlling terminal (`/dev/tty`) whenever the
//! process has one, so they work while stdin or stdout is a pipe:
//! `openssl rand 32 | tokenctl secret add k` still asks for the passphrase.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};

use secrecy::SecretString;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

const TTY: &str = "/dev/tty";

fn open_terminal() -> io::Result<File> {
    OpenOptions::new().read(true).write(true).open(TTY)
}

/// Whether a person can be asked: the process has a controlling terminal.
pub fn terminal_available() -> bool {
    open_terminal().is_ok()
}

fn prompt_error(err: io::Error) -> Error {
    match err.kind() {
        io::ErrorKind::Interrupted | io::ErrorKind::UnexpectedEof => Error::cancelled(),
        _ => Error::unlock(format!("cannot read from the terminal: {err}")),
    }
}

/// Ask for a hidden value once.
pub fn hidden(prompt: &str) -> Result<Zeroizing<String>> {
    rpassword::prompt_password(format!("{prompt}: "))
        .map(Zeroizing::new)
        .map_err(prompt_error)
}

/// Ask for a new hidden value twice; entries that differ are asked again.
pub fn hidden_twice(prompt: &str, again: &str) -> Result<Zeroizing<String>> {
    for _ in 0..3 {
        let first = hidden(prompt)?;
        let second = hidden(again)?;
        if *first == *second {
            return Ok(first);
        }
        say("The two entries do not match; try again.");
    }
    Err(Error::usage("the two entries did not match three times"))
}

/// Ask for a hidden passphrase, once or (with `again`) twice.
pub fn passphrase(prompt: &str, again: Option<&str>) -> Result<SecretString> {
    let s = match again {
        Some(again) => hidden_twice(prompt, again)?,
        None => hidden(prompt)?,
    };
    Ok(SecretString::from(s.as_str()))
}

/// Write one line to the terminal (for a prompt's feedback). Best effort.
pub fn say(line: &str) {
    if let Ok(mut tty) = open_terminal() {
        let _ = writeln!(tty, "{line}");
    }
}

/// Ask a yes/no question and wait for Enter: `y` or `yes` in any case is
/// yes, anything else (an empty line, end of input) is no.
pub fn confirm(question: &str) -> Result<bool> {
    let mut tty = open_terminal().map_err(prompt_error)?;
    write!(tty, "{question} [y/N] ")
        .and_then(|()| tty.flush())
        .map_err(prompt_error)?;
    let mut line = String::new();
    BufReader::new(tty)
        .read_line(&mut line)
        .map_err(prompt_error)?;
    Ok(is_yes(&line))
}

fn is_yes(answer: &str) -> bool {
    let a = answer.trim();
    a.eq_ignore_ascii_case("y") || a.eq_ignore_ascii_case("yes")
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_y_and_yes_are_yes() {
        for yes in ["y\n", "Y\n", "yes\n", "YES\r\n", " yes "] {
            assert!(super::is_yes(yes), "{yes:?}");
        }
        for no in [
            "", "\n", "n\n", "no\n", "yess\n", "ye\n", "sure\n", "y es\n",
        ] {
            assert!(!super::is_yes(no), "{no:?}");
        }
    }
}
