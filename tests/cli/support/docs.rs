//! Shell completions and man pages, generated from the clap definition in
//! `tokenctl::cli`. They are build tools, not part of the shipped binary:
//! only the tests use clap_complete and clap_mangen.
//!
//! Regenerate the committed files with
//! `TOKENCTL_REGENERATE=1 cargo test --test cli generated`; the same test
//! fails whenever they are stale.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::roff::{bold, italic, roman, Roff};
use clap_mangen::Man;

use tokenctl::cli::Cli;

/// The repository's root, where the committed completions and man pages are.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shells completions are generated for.
pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::Elvish,
    Shell::PowerShell,
];

/// The full command tree, built (so global flags reach every subcommand).
pub fn command() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// Write one completion script per shell into `dir`; returns the paths.
pub fn write_completions(dir: &Path) -> io::Result<Vec<PathBuf>> {
    fs::create_dir_all(dir)?;
    let mut cmd = Cli::command();
    SHELLS
        .iter()
        .map(|&shell| clap_complete::generate_to(shell, &mut cmd, "tokenctl", dir))
        .collect()
}

/// Every visible command, depth first: `tokenctl`, `tokenctl init`, ...
fn walk(cmd: &clap::Command, out: &mut Vec<clap::Command>) {
    out.push(cmd.clone());
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        walk(sub, out);
    }
}

/// The man page file name of `cmd`: `tokenctl-token-create.1`.
fn page_name(cmd: &clap::Command) -> String {
    format!("{}.1", cmd.get_display_name().unwrap_or(cmd.get_name()))
}

/// Write `tokenctl.1` and one page per subcommand into `dir`; returns the paths.
pub fn write_man_pages(dir: &Path) -> io::Result<Vec<PathBuf>> {
    fs::create_dir_all(dir)?;
    let root = command();
    let mut all = Vec::new();
    walk(&root, &mut all);
    let mut written = Vec::new();
    for cmd in &all {
        let path = dir.join(page_name(cmd));
        fs::write(&path, render_page(cmd, &root))?;
        written.push(path);
    }
    Ok(written)
}

/// One man page: clap_mangen's sections, then the ones a reader expects.
pub fn render_page(cmd: &clap::Command, root: &clap::Command) -> Vec<u8> {
    let man = Man::new(cmd.clone()).manual("tokenctl manual");
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = man.render_title(&mut out);
    let _ = man.render_name_section(&mut out);
    let _ = man.render_synopsis_section(&mut out);
    let mut description = Roff::new();
    self::description(&mut description, cmd);
    let _ = description.to_writer(&mut out);
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        let _ = man.render_options_section(&mut out);
    }
    if cmd.has_subcommands() {
        let _ = man.render_subcommands_section(&mut out);
    }
    let mut roff = Roff::new();
    examples(&mut roff, cmd);
    exit_status(&mut roff, &page_name(cmd));
    environment(&mut roff);
    files(&mut roff);
    see_also(&mut roff, cmd, root);
    let _ = roff.to_writer(&mut out);
    let _ = man.render_version_section(&mut out);
    out
}

fn examples(roff: &mut Roff, cmd: &clap::Command) {
    let Some(text) = cmd.get_after_help() else {
        return;
    };
    roff.control("SH", ["EXAMPLES"]);
    roff.control("nf", [] as [&str; 0]);
    for line in text.to_string().lines().skip_while(|l| l.ends_with(':')) {
        roff.text([roman(line.trim_start())]);
    }
    roff.control("fi", [] as [&str; 0]);
}

/// DESCRIPTION from the command's long help: paragraphs, and lines that
/// start with two spaces as a list of terms and their meanings.
fn description(roff: &mut Roff, cmd: &clap::Command) {
    let Some(text) = cmd.get_long_about().or_else(|| cmd.get_about()) else {
        return;
    };
    roff.control("SH", ["DESCRIPTION"]);
    let mut in_list = false;
    for line in text.to_string().lines() {
        if line.trim().is_empty() {
            roff.control("PP", [] as [&str; 0]);
            in_list = false;
        } else if let Some(item) = line.strip_prefix("  ") {
            let (term, meaning) = item.split_once("  ").unwrap_or((item, ""));
            roff.control("TP", [] as [&str; 0]);
            roff.text([bold(term.trim())]);
            roff.text([roman(meaning.trim())]);
            in_list = true;
        } else {
            if in_list {
                roff.control("PP", [] as [&str; 0]);
                in_list = false;
            }
            roff.text([roman(line)]);
        }
    }
}

fn exit_status(roff: &mut Roff, page: &str) {
    roff.control("SH", ["EXIT STATUS"]);
    let page = page.trim_end_matches(".1");
    for (code, meaning) in tokenctl::cli::exits::of(page) {
        roff.control("TP", [] as [&str; 0]);
        roff.text([bold(code.to_string())]);
        roff.text([roman(meaning)]);
    }
    roff.control("PP", [] as [&str; 0]);
    roff.text([roman(
        "Every error is one line on standard error, \"tokenctl: what happened\", followed where useful by a line \"hint: what to do\".",
    )]);
}

fn environment(roff: &mut Roff) {
    roff.control("SH", ["ENVIRONMENT"]);
    let vars = [
        ("TOKENCTL_STORE", "Path of the store file, or postgres://USER@HOST[:PORT]/DB[?sslmode=...] for a store in a PostgreSQL database; --store overrides it."),
        ("PGPASSWORD, PGPASSFILE", "For a store on PostgreSQL: the password, or a file of host:port:database:user:password lines (default ~/.pgpass, ignored unless mode 0600), as for psql. A password inside the store URL is refused (exit 2)."),
        ("TOKENCTL_PASSPHRASE_FILE", "A file holding the passphrase (one trailing newline is stripped); --passphrase-file overrides it."),
        ("TOKENCTL_PASSPHRASE", "The passphrase itself, used when no passphrase file is given. Without any of these and without a terminal, commands that unlock fail at once with exit 3."),
        ("TOKENCTL_NEW_PASSPHRASE", "The new passphrase for store passwd, when --new-passphrase-file is not given."),
        ("TOKENCTL_SESSION", "A session key printed by tokenctl unlock. When set, it unlocks the store without the passphrase or the KDF, and is used before any passphrase source; an expired, ended (tokenctl lock) or wrong session is exit 3. unlock and store passwd always ask for the passphrase. While it lives, the key is a bearer secret: anyone holding it and the store file can use the store."),
        ("TOKENCTL_ACTOR", "Who is acting, recorded as \"Created by\" and \"Revoked by\"; defaults to the OS user's name in the password database."),
        ("NO_COLOR", "Accepted, like --no-color; tokenctl prints no colour."),
    ];
    for (name, meaning) in vars {
        roff.control("TP", [] as [&str; 0]);
        roff.text([bold(name)]);
        roff.text([roman(meaning)]);
    }
}

fn files(roff: &mut Roff) {
    roff.control("SH", ["FILES"]);
    roff.control("TP", [] as [&str; 0]);
    roff.text([italic("$XDG_DATA_HOME/tokenctl/store.db")]);
    roff.text([roman(
        "The default store (~/.local/share/tokenctl/store.db when XDG_DATA_HOME is unset): an SQLite file, mode 0600, in a directory of mode 0700. Secrets and token records in it are encrypted; only SHA-256 hashes of tokens are kept.",
    )]);
    roff.control("TP", [] as [&str; 0]);
    roff.text([italic("store.db-wal"), roman(", "), italic("store.db-shm")]);
    roff.text([roman(
        "SQLite's write-ahead log and shared-memory index beside the store, with the store's mode. Copy all three, or none, when backing up a store in use.",
    )]);
}

fn see_also(roff: &mut Roff, cmd: &clap::Command, root: &clap::Command) {
    let mut all = Vec::new();
    walk(root, &mut all);
    let me = page_name(cmd);
    let refs: Vec<String> = all
        .iter()
        .map(page_name)
        .filter(|p| *p != me)
        .map(|p| format!("{}(1)", p.trim_end_matches(".1")))
        .collect();
    roff.control("SH", ["SEE ALSO"]);
    roff.text([roman(refs.join(", "))]);
}
