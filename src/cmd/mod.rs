//! One module per command group. `cmd` decides what the user sees; the
//! domain modules below it never print or prompt.

mod batch;
pub mod clipboard;
mod deliver;
mod init;
mod secret;
mod session;
mod store;
mod token;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::cli::{Cli, Command, GlobalArgs};
use crate::error::{Error, Result};
use crate::store::{Store, Unlocked};
use crate::ui::{self, Notes};

/// Environment variable holding the passphrase.
pub const ENV_PASSPHRASE: &str = "TOKENCTL_PASSPHRASE";
/// Environment variable naming a file that holds the passphrase.
pub const ENV_PASSPHRASE_FILE: &str = "TOKENCTL_PASSPHRASE_FILE";
/// Environment variable holding the new passphrase for `store passwd`.
pub const ENV_NEW_PASSPHRASE: &str = "TOKENCTL_NEW_PASSPHRASE";
/// Environment variable holding a session key from `tokenctl unlock`.
pub const ENV_SESSION: &str = "TOKENCTL_SESSION";
/// Environment variable naming the actor.
pub const ENV_ACTOR: &str = "TOKENCTL_ACTOR";

/// Largest passphrase or secret file we read; anything bigger is a mistake.
const MAX_INPUT: u64 = 64 * 1024;

/// Run the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let ctx = Ctx::new(cli.global);
    match cli.command {
        Command::Init(args) => init::run(&ctx, &args),
        Command::Secret(sub) => secret::run(&ctx, sub),
        Command::Store(sub) => store::run(&ctx, sub),
        Command::Token(sub) => token::run(&ctx, sub),
        Command::Unlock(args) => session::unlock(&ctx, &args),
        Command::Lock => session::lock(&ctx),
    }
}

/// What every command needs: global flags and a place for notes.
pub struct Ctx {
    /// Global flags.
    pub global: GlobalArgs,
    /// Informational stderr output.
    pub notes: Notes,
}

/// Where a passphrase may come from, resolved before any KDF runs.
enum PassSource {
    File(PathBuf),
    Env(SecretString),
    Prompt,
}

impl Ctx {
    fn new(global: GlobalArgs) -> Self {
        let notes = Notes::new(global.quiet);
        Ctx { global, notes }
    }

    /// The store path: `--store`, `TOKENCTL_STORE`, else the platform data dir.
    pub fn store_path(&self) -> Result<PathBuf> {
        if let Some(p) = &self.global.store {
            return Ok(p.clone());
        }
        directories::ProjectDirs::from("", "", "tokenctl")
            .map(|d| d.data_dir().join("store.db"))
            .ok_or_else(|| {
                Error::store("cannot find a home directory for the default store")
                    .with_hint("pass --store PATH or set TOKENCTL_STORE")
            })
    }

    /// Open the store (no unlock), warning about loose permissions.
    pub fn open_store(&self) -> Result<Store> {
        let path = self.store_path()?;
        let store = Store::open(&path)?;
        for (p, mode) in crate::store::loose_permissions(&path) {
            self.notes.warn(format!(
                "{} is accessible by other users (mode {mode:04o}); run `chmod 600 {}`",
                p.display(),
                p.display()
            ));
        }
        Ok(store)
    }

    /// Open and unlock the store: with the session in `TOKENCTL_SESSION`
    /// (no KDF) when it is set, else with the passphrase from its sources.
    pub fn unlock(&self) -> Result<Unlocked> {
        let store = self.open_store()?;
        let how = self.unlock_source()?;
        unlock_by(store, how)
    }

    /// How the store will be unlocked, decided before any other input is
    /// read: exit 3 at once when there is no way.
    fn unlock_source(&self) -> Result<UnlockSource> {
        match env_secret(ENV_SESSION) {
            Some(session) => Ok(UnlockSource::Session(session)),
            None => Ok(UnlockSource::Passphrase(self.passphrase_source()?)),
        }
    }

    /// Unlock `store` with the passphrase from its sources, never a session.
    pub fn unlock_with_passphrase(&self, store: Store) -> Result<Unlocked> {
        let how = UnlockSource::Passphrase(self.passphrase_source()?);
        unlock_by(store, how)
    }

    /// The first passphrase source the spec's order names, or exit 3 at once.
    fn passphrase_source(&self) -> Result<PassSource> {
        if let Some(p) = &self.global.passphrase_file {
            return Ok(PassSource::File(p.clone()));
        }
        if let Some(p) = std::env::var_os(ENV_PASSPHRASE_FILE).filter(|v| !v.is_empty()) {
            return Ok(PassSource::File(PathBuf::from(p)));
        }
        if let Some(s) = env_secret(ENV_PASSPHRASE) {
            return Ok(PassSource::Env(s));
        }
        if ui::stdin_is_terminal() {
            return Ok(PassSource::Prompt);
        }
        Err(Error::unlock("no passphrase available and no terminal to ask on").with_hint(
            "pass --passphrase-file PATH, or set TOKENCTL_PASSPHRASE_FILE or TOKENCTL_PASSPHRASE",
        ))
    }

    /// The passphrase for a new store, asked twice on a terminal.
    pub fn new_store_passphrase(&self) -> Result<SecretString> {
        let source = self.passphrase_source()?;
        read_passphrase(source, "New passphrase", Some("Repeat passphrase"))
    }

    /// Who is acting: `TOKENCTL_ACTOR`, else the OS user name.
    pub fn actor(&self) -> String {
        for var in [ENV_ACTOR, "USER", "LOGNAME"] {
            if let Ok(v) = std::env::var(var) {
                let v = v.trim();
                if !v.is_empty() {
                    return v.chars().filter(|c| !c.is_control()).take(128).collect();
                }
            }
        }
        format!("uid:{}", crate::sys::uid())
    }
}

/// A session key, or where the passphrase comes from.
enum UnlockSource {
    Session(SecretString),
    Passphrase(PassSource),
}

fn unlock_by(store: Store, how: UnlockSource) -> Result<Unlocked> {
    match how {
        UnlockSource::Session(session) => store.unlock_session(session.expose_secret()),
        UnlockSource::Passphrase(source) => {
            let pass = read_passphrase(source, "Passphrase", None)?;
            store.unlock(&pass)
        }
    }
}

/// An environment variable's value as a secret, or `None` when unset or empty.
fn env_secret(var: &str) -> Option<SecretString> {
    let v = Zeroizing::new(std::env::var(var).ok()?);
    (!v.is_empty()).then(|| SecretString::from(v.as_str()))
}

fn read_passphrase(
    source: PassSource,
    prompt: &str,
    confirm: Option<&str>,
) -> Result<SecretString> {
    match source {
        PassSource::File(path) => {
            let bytes = read_limited_file(&path).map_err(|e| {
                Error::unlock(format!(
                    "cannot read passphrase file {}: {e}",
                    path.display()
                ))
            })?;
            let text = std::str::from_utf8(strip_newline(&bytes)).map_err(|_| {
                Error::unlock(format!("passphrase file {} is not UTF-8", path.display()))
            })?;
            Ok(SecretString::from(text))
        }
        PassSource::Env(s) => Ok(s),
        PassSource::Prompt => ui::prompt::passphrase(prompt, confirm),
    }
}

/// Read at most [`MAX_INPUT`] bytes from a file into a zeroizing buffer.
fn read_limited_file(path: &Path) -> std::io::Result<Zeroizing<Vec<u8>>> {
    let file = fs::File::open(path)?;
    read_limited(file)
}

/// Read at most [`MAX_INPUT`] bytes; more is an error, not a truncation.
fn read_limited(reader: impl Read) -> std::io::Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::with_capacity(4096));
    reader.take(MAX_INPUT + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > MAX_INPUT {
        return Err(std::io::Error::other(format!(
            "input is larger than {} KiB",
            MAX_INPUT / 1024
        )));
    }
    Ok(buf)
}

/// Strip one trailing newline (`\n` or `\r\n`).
fn strip_newline(bytes: &[u8]) -> &[u8] {
    let b = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    if b.len() < bytes.len() {
        b.strip_suffix(b"\r").unwrap_or(b)
    } else {
        b
    }
}

/// Ask for confirmation on a terminal, or require `--yes` without one.
fn confirm_or_yes(yes: bool, question: &str) -> Result<()> {
    if yes {
        return Ok(());
    }
    if !ui::stdin_is_terminal() {
        return Err(Error::usage("refusing to continue without confirmation")
            .with_hint("pass --yes to confirm when there is no terminal"));
    }
    if ui::prompt::confirm(question)? {
        Ok(())
    } else {
        Err(Error::cancelled())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_one_newline() {
        assert_eq!(strip_newline(b"abc\n"), b"abc");
        assert_eq!(strip_newline(b"abc\r\n"), b"abc");
        assert_eq!(strip_newline(b"abc\n\n"), b"abc\n");
        assert_eq!(strip_newline(b"abc"), b"abc");
        assert_eq!(strip_newline(b"abc\r"), b"abc\r");
        assert_eq!(strip_newline(b""), b"");
    }

    #[test]
    fn limited_read_refuses_oversize() {
        let big = vec![b'x'; MAX_INPUT as usize + 1];
        assert!(read_limited(&big[..]).is_err());
        let ok = vec![b'x'; MAX_INPUT as usize];
        assert_eq!(read_limited(&ok[..]).unwrap().len(), ok.len());
    }
}
