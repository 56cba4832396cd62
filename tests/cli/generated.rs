//! Completions, man pages and help text: generated from the clap types and
//! committed; these tests fail when the committed files are stale.
//!
//! Regenerate with `TOKENCTL_REGENERATE=1 cargo test --test cli generated`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command as StdCommand;

use crate::support::docs::{command, repo, write_completions, write_man_pages};
use crate::support::env::TestEnv;
use crate::support::shell::{bash_complete, require};

fn regenerate() -> bool {
    std::env::var_os("TOKENCTL_REGENERATE").is_some_and(|v| !v.is_empty())
}

fn read_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            out.insert(
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            );
        }
    }
    out
}

/// Compare `fresh` with the committed `dir`, or replace `dir` when regenerating.
fn check_or_update(fresh: &Path, dir: &Path) {
    let want = read_dir(fresh);
    if regenerate() {
        let _ = fs::remove_dir_all(dir);
        fs::create_dir_all(dir).unwrap();
        for (name, bytes) in &want {
            fs::write(dir.join(name), bytes).unwrap();
        }
        return;
    }
    let have = read_dir(dir);
    let mut stale: Vec<String> = Vec::new();
    for (name, bytes) in &want {
        if have.get(name) != Some(bytes) {
            stale.push(format!("{} (missing or different)", name));
        }
    }
    for name in have.keys().filter(|n| !want.contains_key(*n)) {
        stale.push(format!("{name} (no longer generated)"));
    }
    assert!(
        stale.is_empty(),
        "{} is stale: {}\nrun: TOKENCTL_REGENERATE=1 cargo test --test cli generated",
        dir.display(),
        stale.join(", ")
    );
}

#[test]
fn generated_completions_are_up_to_date() {
    let tmp = tempfile::tempdir().unwrap();
    let written = write_completions(tmp.path()).unwrap();
    assert_eq!(written.len(), 5);
    check_or_update(tmp.path(), &repo().join("completions"));
}

#[test]
fn generated_man_pages_are_up_to_date() {
    let tmp = tempfile::tempdir().unwrap();
    let written = write_man_pages(tmp.path()).unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for page in [
        "tokenctl.1",
        "tokenctl-init.1",
        "tokenctl-token-create.1",
        "tokenctl-store-passwd.1",
    ] {
        assert!(
            names.contains(&page.to_string()),
            "{page} not generated: {names:?}"
        );
    }
    check_or_update(tmp.path(), &repo().join("man"));
}

/// Help text snapshots: wording changes must be deliberate.
#[test]
fn help_snapshots_are_up_to_date() {
    let env = TestEnv::new();
    let snapshots = repo().join("tests").join("snapshots");
    for (file, args) in [
        ("help.txt", &["--help"][..]),
        ("help-token-create.txt", &["token", "create", "--help"]),
    ] {
        let out = env.tk(args).env("COLUMNS", "100").run().ok().stdout();
        let path = snapshots.join(file);
        if regenerate() {
            fs::create_dir_all(&snapshots).unwrap();
            fs::write(&path, &out).unwrap();
            continue;
        }
        let want = fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            out, want,
            "`tokenctl {}` differs from {}; if the change is deliberate run: TOKENCTL_REGENERATE=1 cargo test --test cli generated",
            args.join(" "),
            path.display()
        );
    }
}

#[test]
fn the_token_create_man_page_renders_without_warnings_and_shows_every_flag() {
    if !require("man") || !require("groff") {
        return;
    }
    let page = repo().join("man").join("tokenctl-token-create.1");
    let out = StdCommand::new("man")
        .args(["--warnings", "-l"])
        .arg(&page)
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "man failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.trim().is_empty(), "man warnings:\n{stderr}");
    let text = String::from_utf8_lossy(&out.stdout);
    let root = command();
    let create = root
        .find_subcommand("token")
        .and_then(|t| t.find_subcommand("create"))
        .unwrap();
    for arg in create.get_arguments().filter(|a| !a.is_hide_set()) {
        if let Some(long) = arg.get_long() {
            assert!(
                text.contains(&format!("--{long}")),
                "--{long} missing from the man page"
            );
        }
    }
    for section in [
        "EXIT STATUS",
        "EXAMPLES",
        "ENVIRONMENT",
        "FILES",
        "SEE ALSO",
    ] {
        assert!(text.contains(section), "{section} missing");
    }
    assert!(text.contains("TOKENCTL_PASSPHRASE_FILE"));
    assert!(text.contains("tokenctl token create --name ci-deploy --expiry 2h"));
    // groff's own strictest check agrees.
    let out = StdCommand::new("groff")
        .args(["-ww", "-man", "-Tutf8", "-z"])
        .arg(&page)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.trim().is_empty(), "groff warnings:\n{stderr}");
}

#[test]
fn bash_completion_offers_commands_and_flags() {
    if !require("bash") {
        return;
    }
    assert_eq!(bash_complete("tokenctl tok"), ["token"]);
    assert_eq!(bash_complete("tokenctl token cr"), ["create"]);
    let flags = bash_complete("tokenctl token create --ex");
    assert_eq!(flags, ["--expiry"]);
    let subs = bash_complete("tokenctl secret ");
    for s in ["add", "list", "remove"] {
        assert!(subs.contains(&s.to_string()), "{subs:?}");
    }
}
