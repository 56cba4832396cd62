//! `tokenctl __clipboard-hold`: the hidden, detached process that keeps a
//! token from `token create --copy` on the clipboard. It never opens the store.

use crate::cli::ClipboardHoldArgs;
use crate::clipboard;
use crate::error::{Error, Result};

/// Run the holder with its already-parsed arguments.
pub fn run(args: &ClipboardHoldArgs) -> Result<()> {
    let clear_after = clipboard::parse_clear_after(&args.clear_after).map_err(Error::usage)?;
    clipboard::hold(clear_after)
}
