//! What every command needs: the global flags, the store, how to unlock
//! it, who is acting, and a place for notes.

use secrecy::{ExposeSecret, SecretString};

use crate::cli::GlobalArgs;
use crate::error::{Error, Result};
use crate::input::{self, PassSource};
use crate::store::{Location, Store, StoreError, Unlocked};
use crate::ui::{self, Notes};

/// Environment variable holding the passphrase.
pub const ENV_PASSPHRASE: &str = "TOKENCTL_PASSPHRASE";
/// Environment variable naming a file that holds the passphrase.
pub const ENV_PASSPHRASE_FILE: &str = "TOKENCTL_PASSPHRASE_FILE";
/// Environment variable holding the new passphrase for `store passwd`.
pub const ENV_NEW_PASSPHRASE: &str = "TOKENCTL_NEW_PASSPHRASE";
/// Environment variable holding a session key from `tokenctl unlock`.
pub const ENV_SESSION: &str = "TOKENCTL_SESSION";
/// Environment variable holding a label added to the actor.
pub const ENV_ACTOR: &str = "TOKENCTL_ACTOR";
/// Environment variable holding an access key from `tokenctl key create`.
pub const ENV_KEY: &str = "TOKENCTL_KEY";

/// How many times a passphrase may be typed at a prompt.
const ATTEMPTS: usize = 3;

/// Global flags and notes, for every command.
pub struct Ctx {
    /// Global flags.
    pub global: GlobalArgs,
    /// Informational stderr output.
    pub notes: Notes,
    /// Set by `store check`: unlock without refusing a store this machine
    /// saw further along (it lists that as a problem, or accepts it).
    pub(super) deferring_rollback_check: std::cell::Cell<bool>,
}

/// An access key, a session key, or where the passphrase comes from.
pub(super) enum UnlockSource {
    Key(SecretString),
    Session(SecretString),
    Passphrase(PassSource),
}

impl Ctx {
    pub(super) fn new(global: GlobalArgs) -> Self {
        let notes = Notes::new(global.quiet);
        Ctx {
            global,
            notes,
            deferring_rollback_check: std::cell::Cell::new(false),
        }
    }

    /// Where the store is: `--store`, `TOKENCTL_STORE` (a path, or a
    /// `postgres://` URL), else the platform data dir.
    pub fn store_location(&self) -> Result<Location> {
        if let Some(p) = &self.global.store {
            return Ok(Location::parse(p.as_os_str())?);
        }
        directories::ProjectDirs::from("", "", "tokenctl")
            .map(|d| Location::File(d.data_dir().join("store.db")))
            .ok_or_else(|| {
                Error::store("cannot find a home directory for the default store")
                    .with_hint("pass --store PATH or set TOKENCTL_STORE")
            })
    }

    /// Open the store (no unlock), warning about loose permissions.
    pub fn open_store(&self) -> Result<Store> {
        let location = self.store_location()?;
        let store = Store::open(&location)?;
        let Some(path) = location.file() else {
            return Ok(store);
        };
        for (p, mode) in crate::store::loose_permissions(path) {
            self.notes.warn(format!(
                "{} is accessible by other users (mode {mode:04o}); run `chmod 600 {}`",
                p.display(),
                p.display()
            ));
        }
        Ok(store)
    }

    /// Open and unlock the store as a member, for `what` only members may
    /// do: with the access key in `TOKENCTL_KEY` this is exit 7 naming
    /// `what` (exit 3 first if the key itself does not unlock).
    pub fn unlock(&self, what: &str) -> Result<Unlocked> {
        let u = self.unlock_tokens()?;
        self.require_member(&u, what)?;
        Ok(u)
    }

    /// Open and unlock the store for token work, which an access key may
    /// do within its scope: with `TOKENCTL_KEY` when it is set, else the
    /// session in `TOKENCTL_SESSION` (no KDF), else the passphrase.
    pub fn unlock_tokens(&self) -> Result<Unlocked> {
        let store = self.open_store()?;
        let how = self.unlock_source()?;
        self.unlock_by(store, how)
    }

    /// Exit 7 naming `what` unless a member unlocked `u`.
    pub fn require_member(&self, u: &Unlocked, what: &str) -> Result<()> {
        match u.access().grant() {
            None => Ok(()),
            Some(g) => Err(Error::not_allowed(format!(
                "access key '{}' does not allow {what}: it only mints {} tokens and manages the tokens it minted",
                g.name,
                g.scope
                    .types
                    .iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
                    .join(" and ")
            ))
            .with_hint("ask a member of the store, or unset TOKENCTL_KEY to unlock as a member")),
        }
    }

    /// How the store will be unlocked, decided before any other input is
    /// read: exit 3 at once when there is no way.
    pub(super) fn unlock_source(&self) -> Result<UnlockSource> {
        if let Some(key) = input::env_secret(ENV_KEY) {
            return Ok(UnlockSource::Key(key));
        }
        match input::env_secret(ENV_SESSION) {
            Some(session) => Ok(UnlockSource::Session(session)),
            None => Ok(UnlockSource::Passphrase(self.passphrase_source()?)),
        }
    }

    /// Unlock `store` the way `how` says.
    pub(super) fn unlock_by(&self, store: Store, how: UnlockSource) -> Result<Unlocked> {
        let unlocked = match how {
            UnlockSource::Key(key) => store.unlock_key(key.expose_secret())?,
            UnlockSource::Session(session) => store.unlock_session(session.expose_secret())?,
            UnlockSource::Passphrase(source) => self.unlock_with(store, source)?.0,
        };
        self.witnessed(unlocked)
    }

    /// `u`, with the label its changes are logged with, checked against
    /// this machine's record of the store's audit chain (a store put back
    /// to an older copy is exit 4), unless a rollback is being accepted.
    fn witnessed(&self, mut u: Unlocked) -> Result<Unlocked> {
        u.set_label(self.label());
        if let Some(dir) = anchors_dir() {
            if self.deferring_rollback_check.get() {
                u.keep_anchors_in(dir);
            } else {
                u.witness(dir)?;
            }
        }
        Ok(u)
    }

    /// The member named by `--member` / `TOKENCTL_MEMBER`.
    pub fn member(&self) -> Option<&str> {
        self.global.member.as_deref()
    }

    /// Unlock `store` with the passphrase, never a session; the passphrase
    /// is returned too, for commands that wrap a key under it again.
    pub fn unlock_with_passphrase(&self, store: Store) -> Result<(Unlocked, SecretString)> {
        let source = self.passphrase_source()?;
        let (unlocked, pass) = self.unlock_with(store, source)?;
        Ok((self.witnessed(unlocked)?, pass))
    }

    /// Unlock with a passphrase from `source`. At a prompt a wrong entry
    /// may be typed again, twice; an empty one is said to be empty.
    fn unlock_with(&self, store: Store, source: PassSource) -> Result<(Unlocked, SecretString)> {
        let PassSource::Prompt = source else {
            let pass = read_passphrase(source, "Passphrase", None)?;
            let unlocked = store.unlock(self.member(), &pass)?;
            return Ok((unlocked, pass));
        };
        let mut store = store;
        let mut typed_any = false;
        for attempt in 1..=ATTEMPTS {
            let pass = ui::prompt::passphrase("Passphrase", None)?;
            let last = attempt == ATTEMPTS;
            if pass.expose_secret().is_empty() {
                if !last {
                    ui::prompt::say("Nothing was entered; type the store's passphrase.");
                }
                continue;
            }
            typed_any = true;
            match store.try_unlock(self.member(), &pass) {
                Ok(unlocked) => return Ok((unlocked, pass)),
                Err(refused) if matches!(refused.1, StoreError::WrongPassphrase) => {
                    store = *refused.0;
                    if !last {
                        ui::prompt::say("Wrong passphrase; try again.");
                    }
                }
                Err(refused) => return Err(refused.1.into()),
            }
        }
        Err(if typed_any {
            Error::unlock(format!("wrong passphrase ({ATTEMPTS} attempts)")).with_hint(
                "type the passphrase this store was created with, or last set with `tokenctl store passwd`",
            )
        } else {
            Error::unlock("no passphrase was entered").with_hint(
                "type the store's passphrase at the prompt, or pass --passphrase-file PATH",
            )
        })
    }

    /// The first passphrase source there is, or exit 3 at once.
    pub(super) fn passphrase_source(&self) -> Result<PassSource> {
        input::passphrase_source(
            self.global.passphrase_file.as_deref(),
            Some(ENV_PASSPHRASE_FILE),
            ENV_PASSPHRASE,
            ui::prompt::terminal_available(),
        )
        .ok_or_else(|| {
            Error::unlock("no passphrase available and no terminal to ask on").with_hint(
                "pass --passphrase-file PATH, or set TOKENCTL_PASSPHRASE_FILE or TOKENCTL_PASSPHRASE",
            )
        })
    }

    /// The passphrase for a new store, asked twice on a terminal.
    pub fn new_store_passphrase(&self) -> Result<SecretString> {
        let source = self.passphrase_source()?;
        read_passphrase(source, "New passphrase", Some("Repeat passphrase"))
    }

    /// Who is acting, as records name them: the member or access key that
    /// unlocked the store, with `TOKENCTL_ACTOR` added as a label.
    pub fn actor(&self, u: &Unlocked) -> String {
        self.labelled(u.access().actor())
    }

    /// `who`, with `TOKENCTL_ACTOR` (cleaned of control characters, at
    /// most 128 characters) added as a label: `alice (deploy-job-42)`.
    pub fn labelled(&self, who: String) -> String {
        match self.label() {
            Some(l) if l != who => format!("{who} ({l})"),
            _ => who,
        }
    }

    /// `TOKENCTL_ACTOR`, cleaned of control characters, at most 128
    /// characters; `None` when unset or empty.
    pub fn label(&self) -> Option<String> {
        std::env::var(ENV_ACTOR)
            .ok()
            .map(|v| {
                v.trim()
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(128)
                    .collect::<String>()
            })
            .filter(|l| !l.is_empty())
    }
}

/// Where this machine records how far it has seen each store's audit
/// chain: `$XDG_STATE_HOME/tokenctl` (else `~/.local/state/tokenctl`).
pub(super) fn anchors_dir() -> Option<std::path::PathBuf> {
    directories::ProjectDirs::from("", "", "tokenctl")
        .and_then(|d| d.state_dir().map(|p| p.join("seen")))
}

/// Where a new passphrase comes from: `file`, else `TOKENCTL_NEW_PASSPHRASE`,
/// else the terminal; `none` when there is none of them.
pub(super) fn new_passphrase_source(
    file: Option<&std::path::Path>,
    none: impl FnOnce() -> Error,
) -> Result<PassSource> {
    input::passphrase_source(
        file,
        None,
        ENV_NEW_PASSPHRASE,
        ui::prompt::terminal_available(),
    )
    .ok_or_else(none)
}

/// Read a passphrase from `source`, prompting (twice with `again`) when it is the terminal.
pub(super) fn read_passphrase(
    source: PassSource,
    prompt: &str,
    again: Option<&str>,
) -> Result<SecretString> {
    match source {
        PassSource::File(path) => input::passphrase_from_file(&path).map_err(Error::unlock),
        PassSource::Env(s) => Ok(s),
        PassSource::Prompt => ui::prompt::passphrase(prompt, again),
    }
}
