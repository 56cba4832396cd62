//! The one error type: what happened, what to do next, and the exit code.
//!
//! Every failure a user can see goes through [`Error`]; `main` prints it as
//! `tokenctl: <message>` plus an optional `hint: <hint>` and exits with
//! [`Error::exit_code`]. Messages never carry secret values.

use std::fmt;

use crate::mint::MintError;
use crate::store::StoreError;
use crate::token::spec::SpecError;

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
    /// 7: the access key's scope or the store's policy forbids it.
    NotAllowed,
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
            Kind::NotAllowed => 7,
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
    (3, "could not unlock: wrong passphrase or session, no passphrase available"),
    (4, "store problem: missing, corrupt, tampered, newer format, busy past the timeout, I/O error (disk full, read-only)"),
    (5, "name problem: no such secret or token, name taken, id prefix ambiguous"),
    (6, "delivery failed: a token already minted was recorded as undelivered (with --copy and no clipboard, nothing was minted)"),
    (7, "not allowed: the access key's scope or the store's policy forbids it"),
    (130, "cancelled at a prompt, or interrupted (SIGINT); a token being delivered was recorded as undelivered"),
    (129, "hung up on (SIGHUP) while delivering: the token was recorded as undelivered"),
    (143, "terminated (SIGTERM) while delivering: the token was recorded as undelivered"),
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

    /// Exit 7: not allowed by the access key's scope or the store's policy.
    pub fn not_allowed(message: impl Into<String>) -> Self {
        Self::new(Kind::NotAllowed, message)
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

/// The store's failures: the exit code, and the hint that names what to
/// run or pass. This is the one place that knows both.
impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        use StoreError as S;
        const SESSION_HINT: &str =
            "run `tokenctl unlock` for a new session, or unset TOKENCTL_SESSION to use the passphrase";
        let message = match &e {
            S::SessionMalformed => "TOKENCTL_SESSION does not hold a tokenctl session key".into(),
            S::SessionEnded => "the session in TOKENCTL_SESSION has ended: it expired, was locked, or belongs to another store".into(),
            S::SessionExpired(at) => format!("the session in TOKENCTL_SESSION expired at {at}"),
            S::SessionWrong => "the session key in TOKENCTL_SESSION is wrong".into(),
            other => other.to_string(),
        };
        let (kind, hint): (Kind, Option<String>) = match &e {
            S::BadUrl(_) => (
                Kind::Usage,
                Some("a store URL looks like postgres://USER@HOST[:PORT]/DATABASE[?sslmode=...]".into()),
            ),
            S::PasswordInUrl => (
                Kind::Usage,
                Some("set PGPASSWORD, or keep the password in PGPASSFILE or ~/.pgpass (mode 0600)".into()),
            ),
            S::Unreachable {
                certificate: true, ..
            } => (
                Kind::Store,
                Some("the server's certificate must verify: name its CA with sslrootcert=PATH in the store URL".into()),
            ),
            S::ConnectionLost => (Kind::Store, Some("run the command again".into())),
            S::Unreachable { .. } => (
                Kind::Store,
                Some("check that the server is running, the host, port and user in the store URL, and PGPASSWORD or ~/.pgpass".into()),
            ),
            S::StoreInDatabase(_) => (
                Kind::Name,
                Some("tokenctl init never overwrites a store; name another database in --store".into()),
            ),
            S::DestinationNotEmpty(_) => (
                Kind::Name,
                Some("copy into a new file, or into a database without a store".into()),
            ),
            S::NoStoreInDatabase(_) | S::Missing(_) => (
                Kind::Store,
                Some("run `tokenctl init` to create one, or pass --store PATH".into()),
            ),
            S::PathTaken { what: None, .. } => (
                Kind::Name,
                Some("tokenctl init never overwrites a store; pass --store PATH for a new one".into()),
            ),
            S::PathTaken { .. } => (
                Kind::Name,
                Some("tokenctl init never overwrites anything; pass --store PATH for a new store".into()),
            ),
            S::Uninitialised(_) => (
                Kind::Store,
                Some("if an earlier `tokenctl init` was interrupted, delete the file and run it again".into()),
            ),
            S::Foreign(_) | S::ForeignSchema(_) => (
                Kind::Store,
                Some("pass --store PATH to name a tokenctl store".into()),
            ),
            S::Newer { .. } => (Kind::Store, Some("upgrade tokenctl to use this store".into())),
            S::Unsafe { what, path, .. } => {
                let fix = if *what == "directory" {
                    format!("`chmod 700 {}`, or keep the store in a private directory", path.display())
                } else {
                    format!("`chmod 600 {}`", path.display())
                };
                (
                    Kind::Store,
                    Some(format!("check that nobody tampered with it, then run {fix}")),
                )
            }
            S::Tampered(_) => (
                Kind::Store,
                Some("restore the store from a backup; `tokenctl store check` lists what is wrong".into()),
            ),
            S::CorruptHeader(_) => (Kind::Store, Some("restore the store from a backup".into())),
            S::Undecodable { .. } => (
                Kind::Store,
                Some("it was written by another tokenctl version: upgrade tokenctl; `tokenctl store check` lists every such row".into()),
            ),
            S::ReadOnlyWithWal(_) => (
                Kind::Store,
                Some("run any tokenctl command once as a user who can write the store".into()),
            ),
            S::Busy { waited } => (
                Kind::Store,
                Some(format!(
                    "another tokenctl process held the store past the {} s busy timeout",
                    waited.as_secs()
                )),
            ),
            S::ReadOnly => (
                Kind::Store,
                Some("check the permissions of the store file and its directory".into()),
            ),
            S::KdfMemory { mib } => (
                Kind::Store,
                Some(format!(
                    "free memory or raise this process's memory limit: the store's KDF needs {mib} MiB"
                )),
            ),
            S::Unencodable(_) | S::KdfParams(_) => (Kind::Usage, None),
            S::WrongPassphrase => (
                Kind::Unlock,
                Some("check TOKENCTL_PASSPHRASE, TOKENCTL_PASSPHRASE_FILE or --passphrase-file".into()),
            ),
            S::SessionMalformed => (
                Kind::Unlock,
                Some("set TOKENCTL_SESSION to the output of `tokenctl unlock`, or unset it".into()),
            ),
            S::SessionEnded | S::SessionExpired(_) | S::SessionWrong => {
                (Kind::Unlock, Some(SESSION_HINT.into()))
            }
            S::RolledBack(_) => (
                Kind::Store,
                Some(
                    "if the store was restored from a backup on purpose, run \
                     `tokenctl store check --accept-rollback`; otherwise restore the newest copy"
                        .into(),
                ),
            ),
            S::AnchorBad { .. } => (
                Kind::Store,
                Some(
                    "check who changed it; `tokenctl store check --accept-rollback` records the \
                     store's chain anew"
                        .into(),
                ),
            ),
            S::AuditBroken(_) => (
                Kind::Store,
                Some("restore the store from a backup; `tokenctl audit verify` names the event".into()),
            ),
            S::PassphraseChanged | S::Rekeyed => {
                (Kind::Store, Some("run the command again".into()))
            }
            S::PassphraseChangedSession => (
                Kind::Unlock,
                Some("run `tokenctl unlock` again with the new passphrase".into()),
            ),
            S::NotAllowed(_) => (
                Kind::NotAllowed,
                Some("an access key mints within its scope and manages only its own tokens; ask a member".into()),
            ),
            S::UnknownMember(_) | S::WhichMember(_) => (
                Kind::Unlock,
                Some("pass --member NAME or set TOKENCTL_MEMBER; a member sees the names with `tokenctl member list`".into()),
            ),
            S::MemberExists(_) => (Kind::Name, Some("choose another name".into())),
            S::NoSuchMember(_) => (
                Kind::Name,
                Some("`tokenctl member list` shows the members".into()),
            ),
            S::LastMember(_) => (
                Kind::Name,
                Some("add another member first (`tokenctl member add NAME`)".into()),
            ),
            S::KeyExists(_) => (Kind::Name, Some("choose another name".into())),
            S::NoSuchKey(_) => (
                Kind::Name,
                Some("`tokenctl key list` shows the access keys".into()),
            ),
            S::KeyMalformed | S::KeyUnknown | S::KeyRevoked(_) | S::KeyExpired { .. } | S::KeyWrong => (
                Kind::Unlock,
                Some("ask a member for a new key (`tokenctl key create`), or unset TOKENCTL_KEY".into()),
            ),
            S::NameTaken { .. } => (
                Kind::Name,
                Some("pass --replace to revoke it and mint a new one in one step, or choose another name".into()),
            ),
            S::SecretExists(_) => (
                Kind::Name,
                Some("choose another name, or remove the old secret first".into()),
            ),
            S::NoSuchSecret(_) => (
                Kind::Name,
                Some("`tokenctl secret list` shows the secrets".into()),
            ),
            S::NoDefaultSecret => (
                Kind::Name,
                Some("pass --secret NAME, or add one with `tokenctl secret add NAME --generate --default`".into()),
            ),
            S::SecretInUse { .. } => (
                Kind::Name,
                Some("pass --revoke-tokens to revoke them in the same step".into()),
            ),
            S::SecretRemoved => (Kind::Name, None),
            S::NoSuchVersion { .. } => (
                Kind::Name,
                Some("`tokenctl secret list` shows every version's key id".into()),
            ),
            S::RetiringCurrent { .. } => (
                Kind::Name,
                Some("rotate it first (`tokenctl secret rotate NAME`), then retire the older version".into()),
            ),
            S::ClientExists(_) => (
                Kind::Name,
                Some("choose another name, or remove the old client first".into()),
            ),
            S::NoSuchClient(_) => (
                Kind::Name,
                Some("`tokenctl client list` shows the clients".into()),
            ),
            S::NoSuchToken(_) => (
                Kind::Name,
                Some("`tokenctl token list --status all` shows every token".into()),
            ),
            S::AmbiguousPrefix(_) => (
                Kind::Name,
                Some("give more characters of the id, or the token's name".into()),
            ),
            S::AmbiguousTarget { .. } => (
                Kind::Name,
                Some("give the whole id of the token you mean".into()),
            ),
            S::NotAFile(_)
            | S::Unreadable { .. }
            | S::Create { .. }
            | S::NotADatabase
            | S::DiskFull
            | S::Io(_)
            | S::Sqlite(_)
            | S::Database(_)
            | S::Incomplete { .. } => (Kind::Store, None),
        };
        Error {
            kind,
            message,
            hint,
        }
    }
}

/// A key that cannot be used is a usage error.
impl From<crate::secret::keys::KeyError> for Error {
    fn from(e: crate::secret::keys::KeyError) -> Self {
        Error::usage(e.to_string())
    }
}

/// A refused token request is a usage error.
impl From<SpecError> for Error {
    fn from(e: SpecError) -> Self {
        Error::usage(e.to_string())
    }
}

/// Minting fails in the store, or on a token too large to verify.
impl From<MintError> for Error {
    fn from(e: MintError) -> Self {
        match e {
            MintError::Store(e) => e.into(),
            MintError::TooLarge { .. } => {
                Error::usage(e.to_string()).with_hint("use fewer or smaller claims")
            }
            MintError::Sign(why) => Error::store(format!("cannot sign: {why}")),
            MintError::NotAllowed(why) => Error::not_allowed(why),
            MintError::At { source, .. } => (*source).into(),
        }
    }
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
            Kind::NotAllowed,
            Kind::Cancelled,
        ]
        .iter()
        .map(|k| k.exit_code())
        .collect();
        assert_eq!(codes, [1, 2, 3, 4, 5, 6, 7, 130]);
    }

    #[test]
    fn hint_is_kept() {
        let e = Error::usage("bad").with_hint("do this");
        assert_eq!(e.hint(), Some("do this"));
        assert_eq!(e.to_string(), "bad");
        assert_eq!(e.exit_code(), 2);
    }
}
