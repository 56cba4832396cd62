//! The documentation stands alone: nothing points outside the repository,
//! every man page describes its command beyond the one-line summary and
//! lists that command's own exit codes, and ignored tests point only at
//! files that exist.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::support::docs::repo;
use crate::support::env::TestEnv;

/// Every man page: file name to text.
fn man_pages() -> BTreeMap<String, String> {
    let pages: BTreeMap<String, String> = fs::read_dir(repo().join("man"))
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    assert_eq!(pages.len(), 44, "{:?}", pages.keys());
    pages
}

/// The text lines of the section `.SH NAME` (or `.SH "NAME"`), requests left out.
fn section<'a>(page: &'a str, name: &str) -> Vec<&'a str> {
    let heading = |l: &str| {
        l.strip_prefix(".SH ")
            .map(|h| h.trim_matches('"') == name)
            .unwrap_or(false)
    };
    page.lines()
        .skip_while(|l| !heading(l))
        .skip(1)
        .take_while(|l| !l.starts_with(".SH "))
        .filter(|l| !l.starts_with('.'))
        .collect()
}

#[test]
fn no_man_page_and_not_the_readme_points_outside_the_repository() {
    let mut docs = man_pages();
    docs.insert(
        "README.md".into(),
        fs::read_to_string(repo().join("README.md")).unwrap(),
    );
    for (file, text) in &docs {
        for outside in ["../", "shared/SPEC", "shared/"] {
            assert!(!text.contains(outside), "{file} mentions {outside}");
        }
        // Every relative link of the README names a file of the repository.
        for target in text.split("](").skip(1) {
            let target = target.split(')').next().unwrap();
            let path = target.split('#').next().unwrap();
            if path.is_empty() || path.contains("://") || path.starts_with("mailto:") {
                continue;
            }
            assert!(repo().join(path).exists(), "{file} links to {target}");
        }
    }
}

/// (NAME line, its summary after `\-`, DESCRIPTION) of every page.
fn names_and_descriptions() -> Vec<(String, String, String, String)> {
    man_pages()
        .into_iter()
        .map(|(file, page)| {
            let name = section(&page, "NAME").join(" ");
            let summary = name.split(" \\- ").nth(1).unwrap_or(&name).to_string();
            let description = section(&page, "DESCRIPTION").join(" ");
            (file, name, summary, description)
        })
        .collect()
}

#[test]
fn every_man_page_describes_its_command_not_just_repeats_the_summary() {
    for (file, _, summary, description) in names_and_descriptions() {
        assert!(
            !description.is_empty() && !description.starts_with(&summary),
            "{file}: DESCRIPTION {description:?} repeats NAME {summary:?}"
        );
    }
}

#[test]
fn every_man_page_description_is_longer_than_its_name_line() {
    for (file, name, _, description) in names_and_descriptions() {
        assert!(
            description.len() > name.len(),
            "{file}: DESCRIPTION {description:?} is no longer than NAME {name:?}"
        );
    }
}

/// The exit codes the EXIT STATUS section lists, in order.
fn exit_codes(page: &str) -> Vec<u8> {
    section(page, "EXIT STATUS")
        .iter()
        .filter_map(|l| l.strip_prefix("\\fB")?.strip_suffix("\\fR")?.parse().ok())
        .collect()
}

const ALL: &[u8] = &[0, 1, 2, 3, 4, 5, 6, 7, 130, 129, 143];

/// What each command can exit with, from what it does.
const OWN_CODES: &[(&str, &[u8])] = &[
    ("tokenctl.1", ALL),
    ("tokenctl-audit.1", &[0, 2, 3, 4, 7]),
    ("tokenctl-audit-verify.1", &[0, 2, 3, 4, 7]),
    ("tokenctl-client.1", ALL),
    ("tokenctl-client-add.1", &[0, 2, 3, 4, 5, 6, 7]),
    ("tokenctl-client-list.1", &[0, 2, 3, 4, 7]),
    ("tokenctl-client-remove.1", &[0, 2, 3, 4, 5, 7, 130]),
    ("tokenctl-init.1", &[0, 2, 3, 4, 5]),
    ("tokenctl-jwks.1", &[0, 2, 3, 4, 7]),
    ("tokenctl-key.1", ALL),
    ("tokenctl-key-create.1", &[0, 2, 3, 4, 5, 6, 7]),
    ("tokenctl-key-list.1", &[0, 2, 3, 4, 7]),
    ("tokenctl-key-revoke.1", &[0, 2, 3, 4, 5, 7, 130]),
    ("tokenctl-lock.1", &[0, 2, 4]),
    ("tokenctl-member.1", ALL),
    ("tokenctl-member-add.1", &[0, 2, 3, 4, 5, 7]),
    ("tokenctl-member-list.1", &[0, 2, 3, 4, 7]),
    ("tokenctl-member-remove.1", &[0, 2, 3, 4, 5, 7, 130]),
    ("tokenctl-policy.1", ALL),
    ("tokenctl-policy-set.1", &[0, 2, 3, 4, 7]),
    ("tokenctl-policy-show.1", &[0, 2, 3, 4]),
    ("tokenctl-policy-unset.1", &[0, 2, 3, 4, 7]),
    ("tokenctl-secret.1", ALL),
    ("tokenctl-secret-add.1", &[0, 2, 3, 4, 5, 7]),
    ("tokenctl-secret-list.1", &[0, 2, 3, 4, 7]),
    ("tokenctl-secret-public.1", &[0, 2, 3, 4, 5, 7]),
    ("tokenctl-secret-remove.1", &[0, 2, 3, 4, 5, 7, 130]),
    ("tokenctl-secret-retire.1", &[0, 2, 3, 4, 5, 7, 130]),
    ("tokenctl-secret-rotate.1", &[0, 2, 3, 4, 5, 7]),
    ("tokenctl-serve.1", &[0, 2, 3, 4, 7]),
    ("tokenctl-store.1", ALL),
    ("tokenctl-store-check.1", &[0, 2, 3, 4, 7]),
    ("tokenctl-store-info.1", &[0, 2, 4]),
    ("tokenctl-store-passwd.1", &[0, 2, 3, 4, 130]),
    ("tokenctl-store-rekey.1", &[0, 2, 3, 4]),
    ("tokenctl-store-copy.1", &[0, 2, 3, 4, 5, 7]),
    ("tokenctl-token.1", ALL),
    (
        "tokenctl-token-create.1",
        &[0, 2, 3, 4, 5, 6, 7, 130, 129, 143],
    ),
    ("tokenctl-token-inspect.1", &[0, 1, 2, 3, 4, 7]),
    ("tokenctl-token-list.1", &[0, 2, 3, 4, 5, 7]),
    ("tokenctl-token-revoke.1", &[0, 2, 3, 4, 5, 7, 130]),
    ("tokenctl-token-show.1", &[0, 2, 3, 4, 5, 7]),
    ("tokenctl-token-verify.1", &[0, 1, 2, 3, 4, 7]),
    ("tokenctl-unlock.1", &[0, 2, 3, 4, 6, 130]),
];

#[test]
fn every_man_page_lists_its_own_exit_codes() {
    let pages = man_pages();
    assert_eq!(pages.len(), OWN_CODES.len());
    for (file, codes) in OWN_CODES {
        let page = pages.get(*file).unwrap_or_else(|| panic!("no {file}"));
        assert_eq!(exit_codes(page), *codes, "{file}");
    }
    let verify = &pages["tokenctl-token-verify.1"];
    for reason in [
        "malformed",
        "unknown",
        "bad_signature",
        "expired",
        "not_yet_valid",
        "revoked",
        "undelivered",
        "wrong_type",
        "origin_not_allowed",
        "audience_mismatch",
        "policy",
    ] {
        assert!(
            verify.contains(&format!("\\fB{reason}\\fR")),
            "tokenctl-token-verify.1 lacks {reason}"
        );
    }
}

#[test]
fn every_command_page_lists_exit_2_which_a_bad_flag_gives() {
    let env = TestEnv::init();
    let pages = man_pages();
    for (file, page) in &pages {
        let words: Vec<&str> = file.trim_end_matches(".1").split('-').skip(1).collect();
        let mut args = words.clone();
        args.push("--no-such-flag");
        env.tk(&args).run().expect(2);
        assert!(exit_codes(page).contains(&2), "{file} does not list 2");
    }
}

/// Every file of the repository, by name, outside `target` and `.git`.
fn file_names(dir: &Path, out: &mut Vec<String>) {
    for e in fs::read_dir(dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name == "target" || name == ".git" {
            continue;
        }
        if e.file_type().unwrap().is_dir() {
            file_names(&e.path(), out);
        } else {
            out.push(name);
        }
    }
}

#[test]
fn ignored_tests_point_only_at_files_that_exist() {
    let mut names = Vec::new();
    file_names(&repo(), &mut names);
    let exists = |what: &str| {
        names
            .iter()
            .any(|n| n == what || n.split('.').next() == Some(what))
    };
    for e in fs::read_dir(repo().join("tests/cli")).unwrap().flatten() {
        let text = fs::read_to_string(e.path()).unwrap_or_default();
        for message in text.split("#[ignore = \"").skip(1) {
            let message = message.split("\"]").next().unwrap();
            for pointer in message.split("see ").skip(1) {
                let file = pointer.split([',', ';', ')']).next().unwrap().trim();
                assert!(
                    exists(file),
                    "{}: the ignore message {message:?} points at {file:?}, which is no file here",
                    e.file_name().to_string_lossy()
                );
            }
        }
    }
}
