//! Interactive prompts. Callers check for a terminal first; these never
//! run without one.

use dialoguer::{Confirm, Password};
use secrecy::SecretString;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

fn prompt_error(err: dialoguer::Error) -> Error {
    match err {
        dialoguer::Error::IO(e) if e.kind() == std::io::ErrorKind::Interrupted => {
            Error::cancelled()
        }
        dialoguer::Error::IO(e) => Error::unlock(format!("cannot read from the terminal: {e}")),
    }
}

/// Ask for a hidden value once, or twice when `confirm` is set.
pub fn hidden(prompt: &str, confirm: Option<&str>) -> Result<Zeroizing<String>> {
    let mut p = Password::new()
        .with_prompt(prompt)
        .allow_empty_password(true);
    if let Some(again) = confirm {
        p = p.with_confirmation(again, "the two entries do not match");
    }
    p.interact().map(Zeroizing::new).map_err(prompt_error)
}

/// Ask for a hidden passphrase.
pub fn passphrase(prompt: &str, confirm: Option<&str>) -> Result<SecretString> {
    let s = hidden(prompt, confirm)?;
    Ok(SecretString::from(s.as_str()))
}

/// Ask a yes/no question, defaulting to no.
pub fn confirm(question: &str) -> Result<bool> {
    Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact()
        .map_err(prompt_error)
}
