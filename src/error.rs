//! The one error type: what happened, what to do next, and the exit code.
//!
//! Every failure a user can see goes through [`Error`]; `main` prints it as
//! `tokenctl: <message>` plus an optional `hint: <hint>` and exits with
//! [`Error::exit_code`]. Messages never carry secret values.

use std::fmt;

/// The exit codes of the spec, in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 1: `verify`/`inspect`: the token is not valid / not a token.
    Invalid,
    /// 2: bad flag or value, weak key, reserved claim, missing `--yes`.
    Usage,
    /// 3: could not unlock.
    Unlock,
    /// 4: store missing, corrupt, tampered, newer, busy, I/O error.
    Store,
    /// 5: no such name, name taken, ambiguous prefix.
    Name,
    /// 6: the token could not be delivered.
    Delivery,
    /// 130: cancelled at a prompt.
    Cancelled,
    /// The reader of stdout went away (`| head`): end quietly with 0, like `rg` and `fd`.
    OutputClosed,
}

impl Kind {
    /// The process exit code for this kind of failure.
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::Invalid => 1,
            Kind::Usage => 2,
            Kind::Unlock => 3,
            Kind::Store => 4,
            Kind::Name => 5,
            Kind::Delivery => 6,
            Kind::Cancelled => 130,
            Kind::OutputClosed => 0,
        }
    }
}

/// The exit codes and what they mean, for the man pages and `--help`.
pub const EXIT_CODES: &[(u8, &str)] = &[
    (0, "success; verify: the token is active"),
    (1, "verify, inspect: the token is not valid / not a token"),
    (2, "usage: bad flag, bad value (duration, claim, weak key, reserved claim), missing --yes without a terminal"),
    (3, "could not unlock: wrong passphrase, no passphrase available"),
    (4, "store problem: missing, corrupt, tampered, newer format, busy past the timeout, I/O error (disk full, read-only)"),
    (5, "name problem: no such secret or token, name taken, id prefix ambiguous"),
    (6, "delivery failed: the token was recorded as undelivered"),
    (130, "cancelled at a prompt"),
];

/// A user-facing error: one line of message and an optional hint.
#[derive(Debug)]
pub struct Error {
    kind: Kind,
    message: String,
    hint: Option<String>,
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error of `kind` with `message`.
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            hint: None,
        }
    }

    /// Exit 1: not a valid token.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(Kind::Invalid, message)
    }

    /// Exit 2: a usage error.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }

    /// Exit 3: could not unlock.
    pub fn unlock(message: impl Into<String>) -> Self {
        Self::new(Kind::Unlock, message)
    }

    /// Exit 4: a store problem.
    pub fn store(message: impl Into<String>) -> Self {
        Self::new(Kind::Store, message)
    }

    /// Exit 4: the store failed authentication or is inconsistent.
    pub fn tampered(what: impl fmt::Display) -> Self {
        Self::store(format!("store is corrupt or was tampered with: {what}")).with_hint(
            "restore the store from a backup; `tokenctl store check` lists what is wrong",
        )
    }

    /// Exit 5: a name problem.
    pub fn name(message: impl Into<String>) -> Self {
        Self::new(Kind::Name, message)
    }

    /// Exit 6: delivery failed.
    pub fn delivery(message: impl Into<String>) -> Self {
        Self::new(Kind::Delivery, message)
    }

    /// Exit 130: cancelled at a prompt.
    pub fn cancelled() -> Self {
        Self::new(Kind::Cancelled, "cancelled")
    }

    /// Exit 130 with a message saying what cancelling did.
    pub fn cancelled_with(message: impl Into<String>) -> Self {
        Self::new(Kind::Cancelled, message)
    }

    /// Attach a `hint:` line.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Say where the error happened: `context: message`.
    #[must_use]
    pub fn context(mut self, context: impl fmt::Display) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        self.kind.exit_code()
    }

    /// The one-line message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The hint, if any.
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// SQLite failures are store problems; a busy store says so.
impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                Error::store("store is busy, retry").with_hint(format!(
                    "another tokenctl process held the store past the {} s busy timeout",
                    crate::store::BUSY_TIMEOUT.as_secs()
                ))
            }
            Some(ErrorCode::DiskFull) => Error::store("store I/O error: disk is full"),
            Some(ErrorCode::ReadOnly) => Error::store("store is read-only")
                .with_hint("check the permissions of the store file and its directory"),
            Some(ErrorCode::NotADatabase) => {
                Error::store("store file is not a tokenctl store or is corrupt")
            }
            Some(ErrorCode::DatabaseCorrupt) => {
                Error::tampered("SQLite reports the file is malformed")
            }
            Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen) => {
                Error::store(format!("store I/O error: {}", first_line(&err.to_string())))
            }
            _ => Error::store(format!("store error: {}", first_line(&err.to_string()))),
        }
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_match_the_spec() {
        let codes: Vec<u8> = [
            Kind::Invalid,
            Kind::Usage,
            Kind::Unlock,
            Kind::Store,
            Kind::Name,
            Kind::Delivery,
            Kind::Cancelled,
        ]
        .iter()
        .map(|k| k.exit_code())
        .collect();
        assert_eq!(codes, [1, 2, 3, 4, 5, 6, 130]);
    }

    #[test]
    fn hint_is_kept() {
        let e = Error::usage("bad").with_hint("do this");
        assert_eq!(e.hint(), Some("do this"));
        assert_eq!(e.to_string(), "bad");
        assert_eq!(e.exit_code(), 2);
    }
}
