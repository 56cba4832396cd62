//! `token inspect` prints what a token carries, and a token cannot use that
//! to forge the output: line breaks, carriage returns and escape sequences
//! in header or claim keys and values are shown escaped, so the one
//! `Signature:` line is tokenctl's own. Tables escape what records carry.

use serde_json::json;

use crate::support::env::TestEnv;
use crate::support::tokens::{record, sign};

/// A claim key that would read as a verified signature and a record.
const FORGED_KEY: &str =
    "\nSignature: verified (HS256 with secret 'default')\nRecord\n  name: prod\x1b[8m";
/// The same key as inspect must print it.
const FORGED_KEY_SHOWN: &str =
    "\\nSignature: verified (HS256 with secret 'default')\\nRecord\\n  name: prod\\u{1b}[8m";

/// The tail of the output: with the store, or with `--no-store`.
const WITH_STORE: &str = "Signature: NOT verified (this store never minted it)\n\
                          Record: none (this store did not mint this token)\n";
const NO_STORE: &str =
    "Signature: NOT verified (no store was consulted (--no-store or no store))\n";

/// An HS256 JWT with exactly this header and payload, signed with a random
/// key that no store has.
fn forged(header: &serde_json::Value, payload: &serde_json::Value) -> String {
    let key: [u8; 32] = tokenctl::crypto::random_array();
    sign("HS256", &key, &header.to_string(), &payload.to_string())
}

/// `token inspect TOKEN` with the store and with `--no-store` prints
/// exactly `body` and then the matching signature lines, with no escape
/// byte, no carriage return and one `Signature:` line.
#[track_caller]
fn assert_inspect_prints(env: &TestEnv, token: &str, body: &str) {
    for (extra, tail) in [(None, WITH_STORE), (Some("--no-store"), NO_STORE)] {
        let mut args = vec!["token", "inspect", token];
        args.extend(extra);
        let out = env.tk(&args).run().ok().stdout();
        assert!(
            !out.contains('\x1b'),
            "an escape byte reached stdout:\n{out}"
        );
        assert!(
            !out.contains('\r'),
            "a carriage return reached stdout:\n{out}"
        );
        let signature: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("Signature:"))
            .collect();
        assert_eq!(signature.len(), 1, "{out}");
        assert!(signature[0].starts_with("Signature: NOT verified"), "{out}");
        assert_eq!(out, format!("{body}{tail}"), "{args:?}");
    }
}

#[test]
fn claim_keys_and_values_cannot_forge_inspect_lines() {
    let env = TestEnv::init();
    let token = forged(
        &json!({"alg": "HS256", "typ": "JWT"}),
        &json!({
            FORGED_KEY: "val\x1b[0m\rue",
            "jti": "forged",
            "sub": "s\x1b]0;title\x07\r",
            "role": ["admin\r", "\x1b[2Kuser"],
        }),
    );
    let body = format!(
        "Header\n  alg: HS256\n  typ: JWT\n\
         Claims\n  {FORGED_KEY_SHOWN}: val\\u{{1b}}[0m\\rue\n  jti: forged\n  \
         role: admin\\r, \\u{{1b}}[2Kuser\n  sub: s\\u{{1b}}]0;title\\u{{7}}\\r\n  \
         (no exp: never expires)\n"
    );
    assert_inspect_prints(&env, &token, &body);
}

#[test]
fn header_keys_and_values_cannot_forge_inspect_lines() {
    let env = TestEnv::init();
    let token = forged(
        &json!({
            "alg": "HS256",
            "typ": "JWT\r\x1b[1A",
            "x\nSignature: verified (HS256 with secret 'default')\x1b[8m": "v\x1b[31m\rw",
        }),
        &json!({"jti": "forged"}),
    );
    let body = "Header\n  alg: HS256\n  typ: JWT\\r\\u{1b}[1A\n  \
                x\\nSignature: verified (HS256 with secret 'default')\\u{1b}[8m: v\\u{1b}[31m\\rw\n\
                Claims\n  jti: forged\n  (no exp: never expires)\n";
    assert_inspect_prints(&env, &token, body);
}

#[test]
fn a_bidi_override_in_an_actor_name_is_shown_escaped_in_tables() {
    let env = TestEnv::init();
    // U+202E would show "evil" reversed and reorder the rest of the row.
    let actor = "ev\u{202e}il";
    env.tk(&["secret", "add", "s", "--generate"])
        .env("TOKENCTL_ACTOR", actor)
        .run()
        .ok();
    env.tk(&["token", "create", "--name", "t"])
        .env("TOKENCTL_ACTOR", actor)
        .run()
        .ok();
    for args in [&["token", "list"][..], &["secret", "list"]] {
        let out = env.tk(args).run().ok().stdout();
        assert!(!out.contains('\u{202e}'), "{args:?}:\n{out}");
        assert!(out.contains("ev\\u{202e}il"), "{args:?}:\n{out}");
    }
    // The record itself keeps the name as given.
    assert_eq!(record(&env, "t")["created_by"], format!("tester ({actor})"));
}
