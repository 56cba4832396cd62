//! The `tokenctl` binary: parse, run, print the error, exit with its code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use tokenctl::cli::Cli;
use tokenctl::error::{Error, Kind};

fn main() -> ExitCode {
    tokenctl::sys::restrict_umask();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    match tokenctl::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(&e),
    }
}

fn report(e: &Error) -> ExitCode {
    if e.kind() != Kind::OutputClosed {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "tokenctl: {}", e.message());
        if let Some(h) = e.hint() {
            let _ = writeln!(err, "hint: {h}");
        }
    }
    ExitCode::from(e.exit_code())
}

/// Help and version print normally; every parse error becomes our one-line
/// form with exit 2.
fn clap_exit(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let code = if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                2
            } else {
                0
            };
            let _ = e.print();
            ExitCode::from(code)
        }
        _ => {
            let rendered = e.render().to_string();
            let mut lines = rendered.lines();
            let first = lines.next().unwrap_or("invalid arguments");
            let message = first.strip_prefix("error: ").unwrap_or(first);
            let tip = lines
                .map(str::trim)
                .find_map(|l| l.strip_prefix("tip: "))
                .map(str::to_string);
            let hint = tip.unwrap_or_else(|| "see `tokenctl --help`".into());
            report(&Error::usage(message.to_string()).with_hint(hint))
        }
    }
}
