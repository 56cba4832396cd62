//! One module per command or small group: each turns arguments into calls
//! on the domain and results into output. The domain never prints or
//! prompts; what the user sees is decided here.

mod audit;
mod client;
pub mod clipboard;
mod ctx;
mod deliver;
mod init;
mod jwks;
mod key;
mod member;
mod policy;
mod secret;
mod serve;
mod session;
mod store;
mod token;

pub use ctx::Ctx;

use crate::cli::{Cli, Command};
use crate::error::{Error, Result};
use crate::ui;

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
        Command::Jwks(args) => jwks::run(&ctx, &args),
        Command::Serve(args) => serve::run(&ctx, &args),
        Command::Client(sub) => client::run(&ctx, sub),
        Command::Member(sub) => member::run(&ctx, sub),
        Command::Key(sub) => key::run(&ctx, sub),
        Command::Policy(sub) => policy::run(&ctx, sub),
        Command::Audit(args) => audit::run(&ctx, &args),
    }
}

/// Ask for confirmation on the terminal, or require `--yes` without one.
fn confirm_or_yes(yes: bool, question: &str) -> Result<()> {
    if yes {
        return Ok(());
    }
    if !ui::prompt::terminal_available() {
        return Err(Error::usage("refusing to continue without confirmation")
            .with_hint("pass --yes to confirm when there is no terminal"));
    }
    if ui::prompt::confirm(question)? {
        Ok(())
    } else {
        Err(Error::cancelled())
    }
}
