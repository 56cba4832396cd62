//! Completion and help offer the real values of typed flags.

use crate::support::env::TestEnv;
use crate::support::shell::{bash_complete, require};

#[test]
fn bash_completion_offers_the_values_of_typed_flags() {
    if !require("bash") {
        return;
    }
    for (line, values) in [
        (
            "tokenctl token create --type ",
            &["development", "production"][..],
        ),
        ("tokenctl token create --format ", &["jwt", "opaque"]),
        (
            "tokenctl token list --status ",
            &["active", "expired", "revoked", "undelivered", "all"],
        ),
        (
            "tokenctl token list --type ",
            &["development", "production"],
        ),
        (
            "tokenctl token revoke --all --type ",
            &["development", "production"],
        ),
        (
            "tokenctl token verify --type ",
            &["development", "production"],
        ),
        (
            "tokenctl secret add x --algorithm ",
            &[
                "HS256", "HS384", "HS512", "EdDSA", "ES256", "ES384", "RS256", "PS256",
            ],
        ),
        (
            "tokenctl secret add x -a ",
            &[
                "HS256", "HS384", "HS512", "EdDSA", "ES256", "ES384", "RS256", "PS256",
            ],
        ),
        ("tokenctl token create --type pr", &["production"]),
    ] {
        assert_eq!(bash_complete(line), values, "completing {line:?}");
    }
}

/// The entry of `flag` (its line up to the next option) in `help`.
fn help_entry(help: &str, flag: &str) -> String {
    let mut lines = help.lines().skip_while(|l| l.trim_start() != flag);
    let first = lines
        .next()
        .unwrap_or_else(|| panic!("{flag} not in help:\n{help}"));
    // Options are indented at most six spaces; their values' lists more.
    let is_option =
        |l: &str| l.len() - l.trim_start().len() <= 6 && l.trim_start().starts_with('-');
    let rest: Vec<&str> = lines.take_while(|l| !is_option(l)).collect();
    format!("{first}\n{}\n", rest.join("\n"))
}

#[test]
fn token_create_help_lists_the_possible_values() {
    let env = TestEnv::new();
    let help = env
        .tk(&["token", "create", "--help"])
        .env("COLUMNS", "100")
        .run()
        .ok()
        .stdout();
    assert_eq!(
        help_entry(&help, "--type <TYPE>"),
        "      --type <TYPE>
          Token type

          Possible values:
          - development: for development and CI (alias dev)
          - production:  for production (alias prod)
          
          [default: development]

"
    );
    assert_eq!(
        help_entry(&help, "--format <FMT>"),
        "      --format <FMT>
          Token format

          Possible values:
          - jwt:    a signed JSON Web Token
          - opaque: a random tkp_/tkd_ token with a checksum
          
          [default: jwt]

"
    );
}
