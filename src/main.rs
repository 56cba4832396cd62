//! The `tokenctl` binary: parse, run, print the error, exit with its code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use tokenctl::cli::{Cli, ClipboardHoldArgs, HOLD_COMMAND};
use tokenctl::error::{Error, Kind};

// Batches allocate many small objects on several threads; mimalloc does
// that far faster than glibc's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    tokenctl::sys::forbid_core_dumps();
    tokenctl::sys::restrict_umask();
    tokenctl::sys::ignore_file_size_signal();
    if std::env::args_os().nth(1).as_deref() == Some(std::ffi::OsStr::new(HOLD_COMMAND)) {
        return hold_clipboard();
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    match tokenctl::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(&e),
    }
}

/// The detached clipboard holder `token create --copy` starts: not part of
/// the user-facing command tree.
fn hold_clipboard() -> ExitCode {
    let args = match ClipboardHoldArgs::try_parse_from(std::env::args_os().skip(1)) {
        Ok(a) => a,
        Err(e) => return clap_exit(&e),
    };
    match tokenctl::cmd::clipboard::run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(&e),
    }
}

fn report(e: &Error) -> ExitCode {
    if e.kind() != Kind::OutputClosed {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "tokenctl: {}", tokenctl::ui::clean(e.message()));
        if let Some(h) = e.hint() {
            let _ = writeln!(err, "hint: {}", tokenctl::ui::clean(h));
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
            let mut message = first.strip_prefix("error: ").unwrap_or(first).to_string();
            // "the following required arguments were not provided:" lists them on the next lines.
            if message.ends_with(':') {
                let listed: Vec<&str> = rendered
                    .lines()
                    .skip(1)
                    .take_while(|l| !l.trim().is_empty())
                    .map(str::trim)
                    .collect();
                message = format!("{} {}", message, listed.join(", "));
            }
            let rest: Vec<&str> = lines.map(str::trim).collect();
            if let Some(values) = rest.iter().find(|l| l.starts_with("[possible values:")) {
                message = format!("{message} {values}");
            }
            let tip = rest
                .iter()
                .find_map(|l| l.strip_prefix("tip: "))
                .map(str::to_string);
            let hint = tip.unwrap_or_else(|| "see `tokenctl --help`".into());
            report(&Error::usage(message).with_hint(hint))
        }
    }
}
