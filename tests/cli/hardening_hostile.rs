//! Hostile tokens for `verify` and `inspect`, beyond what token_verify.rs
//! covers: each is exit 1 with the right reason in `--json`, never 0, never
//! a panic; `inspect` says exit 1 for what is not a token and never panics.

use std::time::Duration;

use serde_json::{json, Value};

use crate::support::env::{raw_cmd, run_checked, TestEnv};
use crate::support::tokens::{
    add_known_secret, assert_active, assert_reason, assert_reason_stdin, b64, kid_of, mint,
    mint_json, now, parts, raw_parts, sign,
};

/// A store with a secret `known` whose bytes the test holds, a token signed
/// by it, a second token, and a second store with a known secret of its own.
struct Hostile {
    env: TestEnv,
    key: Vec<u8>,
    kid: String,
    token: String,
    header: String,
    payload: String,
    other_id: String,
    foreign_kid: String,
}

fn hostile() -> Hostile {
    let env = TestEnv::init();
    let key = add_known_secret(&env, "known", "HS256");
    let kid = kid_of(&env, "known");
    let token = mint(&env, "target", &["--secret", "known", "--subject", "alice"]);
    let other = mint_json(&env, "other", &["--secret", "known"]);
    let foreign = TestEnv::init();
    add_known_secret(&foreign, "known", "HS256");
    let foreign_kid = kid_of(&foreign, "known");
    let (header, payload) = raw_parts(&token);
    // The test's own HMAC reproduces tokenctl's signature exactly, so every
    // forgery below differs from the minted token only where it says.
    assert_eq!(sign("HS256", &key, &header, &payload), token);
    Hostile {
        env,
        key,
        kid,
        token,
        header,
        payload,
        other_id: other["id"].as_str().unwrap().to_string(),
        foreign_kid,
    }
}

impl Hostile {
    /// The minted header with `alg` and `kid` replaced (`None`: removed).
    fn header_with(&self, alg: &str, kid: Option<&str>) -> String {
        let mut h: serde_json::Map<String, Value> = serde_json::from_str(&self.header).unwrap();
        h.insert("alg".into(), json!(alg));
        match kid {
            Some(k) => h.insert("kid".into(), json!(k)),
            None => h.remove("kid"),
        };
        Value::Object(h).to_string()
    }

    /// The minted payload with `edit` applied.
    fn payload_with(&self, edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> String {
        let mut p: serde_json::Map<String, Value> = serde_json::from_str(&self.payload).unwrap();
        edit(&mut p);
        Value::Object(p).to_string()
    }

    /// The minted header over the minted payload with claim `key` set to
    /// `value`, signed with the store's own key.
    fn with_claim(&self, key: &str, value: Value) -> String {
        self.signed(
            &self.header,
            &self.payload_with(|m| {
                m.insert(key.into(), value);
            }),
        )
    }

    /// The minted header over the minted payload without claim `key`,
    /// signed with the store's own key.
    fn without_claim(&self, key: &str) -> String {
        self.signed(
            &self.header,
            &self.payload_with(|m| {
                m.remove(key);
            }),
        )
    }

    /// HMAC-SHA256 over exactly these texts with the store's own key.
    fn signed(&self, header: &str, payload: &str) -> String {
        sign("HS256", &self.key, header, payload)
    }
}

#[test]
fn hostile_tokens_are_refused_with_the_right_reason() {
    let h = hostile();
    let kid = h.kid.as_str();
    let hs = |alg: &str| h.header_with(alg, Some(kid));
    let sig = h.token.rsplit('.').next().unwrap().to_string();
    let unsigned = |header: &str, payload: &str| {
        format!(
            "{}.{}.{sig}",
            b64(header.as_bytes()),
            b64(payload.as_bytes())
        )
    };
    let p = h.payload.clone();
    let cases: Vec<(&str, String, &str)> = vec![
        // HS/RS confusion: an asymmetric alg, "verified" with the HMAC secret as its key.
        (
            "RS256 header, HMAC-SHA256 signature with the secret",
            h.signed(&hs("RS256"), &p),
            "bad_signature",
        ),
        (
            "RS256 header, the minted signature",
            unsigned(&hs("RS256"), &p),
            "bad_signature",
        ),
        (
            "ES256 header, HMAC signature",
            h.signed(&hs("ES256"), &p),
            "bad_signature",
        ),
        (
            "EdDSA header, HMAC signature",
            h.signed(&hs("EdDSA"), &p),
            "bad_signature",
        ),
        (
            "PS256 header, HMAC signature",
            h.signed(&hs("PS256"), &p),
            "bad_signature",
        ),
        (
            "alg in lower case",
            h.signed(&hs("hs256"), &p),
            "bad_signature",
        ),
        (
            "alg with a trailing space",
            h.signed(&hs("HS256 "), &p),
            "bad_signature",
        ),
        (
            "alg none with the real signature",
            unsigned(&hs("none"), &p),
            "malformed",
        ),
        (
            "alg nOnE, empty signature",
            format!("{}.{}.", b64(hs("nOnE").as_bytes()), b64(p.as_bytes())),
            "malformed",
        ),
        ("alg empty", h.signed(&hs(""), &p), "malformed"),
        (
            "alg a number",
            h.signed(&h.header.replace("\"HS256\"", "256"), &p),
            "malformed",
        ),
        // HS512 over the HS256 secret's key.
        (
            "re-signed HS512 with the same key",
            sign("HS512", &h.key, &hs("HS512"), &p),
            "bad_signature",
        ),
        // kid games: the signature is valid for the key, the kid is not the secret's.
        (
            "kid path traversal",
            h.signed(&h.header_with("HS256", Some("../../../../etc/passwd")), &p),
            "bad_signature",
        ),
        (
            "kid SQL",
            h.signed(&h.header_with("HS256", Some("' OR '1'='1' --")), &p),
            "bad_signature",
        ),
        (
            "kid NUL byte",
            h.signed(&h.header_with("HS256", Some("a\u{0}b")), &p),
            "bad_signature",
        ),
        (
            "kid the secret's name",
            h.signed(&h.header_with("HS256", Some("known")), &p),
            "bad_signature",
        ),
        (
            "kid of another store",
            h.signed(&h.header_with("HS256", Some(&h.foreign_kid)), &p),
            "bad_signature",
        ),
        (
            "no kid",
            h.signed(&h.header_with("HS256", None), &p),
            "bad_signature",
        ),
        (
            "kid a number",
            h.signed(&h.header.replace(&format!("\"{kid}\""), "7"), &p),
            "malformed",
        ),
        (
            "crit header",
            h.signed(
                &h.header.replace("{", "{\"crit\":[\"b64\"],\"b64\":false,"),
                &p,
            ),
            "malformed",
        ),
        // jti games.
        (
            "jti SQL",
            h.with_claim("jti", json!("x' OR 1=1 --")),
            "unknown",
        ),
        (
            "jti of another token",
            h.with_claim("jti", json!(h.other_id)),
            "bad_signature",
        ),
        ("jti a number", h.with_claim("jti", json!(1)), "unknown"),
        ("no jti", h.without_claim("jti"), "unknown"),
        // Times. The record is the truth: only the minted string verifies.
        (
            "exp removed (the record expires)",
            h.without_claim("exp"),
            "bad_signature",
        ),
        (
            "exp far in the future",
            h.with_claim("exp", json!(4_102_444_800_i64)),
            "bad_signature",
        ),
        (
            "exp u64::MAX",
            h.with_claim("exp", json!(u64::MAX)),
            "bad_signature",
        ),
        (
            "exp negative",
            h.with_claim("exp", json!(-1)),
            "bad_signature",
        ),
        (
            "exp a string",
            h.with_claim("exp", json!("4102444800")),
            "malformed",
        ),
        ("nbf a string", h.with_claim("nbf", json!("0")), "malformed"),
        ("iat a float", h.with_claim("iat", json!(1.5)), "malformed"),
        (
            "exp 1e400",
            h.signed(
                &h.header,
                &p.replacen("\"exp\":", "\"exp\":1e400,\"x\":", 1),
            ),
            "malformed",
        ),
        ("exp null", h.with_claim("exp", Value::Null), "malformed"),
        (
            "nbf in the future",
            h.with_claim("nbf", json!(now() + 3600)),
            "bad_signature",
        ),
        // Duplicate keys: the JSON is ambiguous, whoever signed it.
        (
            "duplicate exp",
            h.signed(
                &h.header,
                &p.replacen('{', &format!("{{\"exp\":{},", now() + 99_999), 1),
            ),
            "malformed",
        ),
        (
            "duplicate alg",
            h.signed(&h.header.replacen('{', "{\"alg\":\"none\",", 1), &p),
            "malformed",
        ),
        (
            "duplicate nested key",
            h.signed(&h.header, &p.replacen('{', "{\"x\":{\"a\":1,\"a\":2},", 1)),
            "malformed",
        ),
        // Not JSON objects, not UTF-8.
        (
            "payload an array",
            h.signed(&h.header, "[1,2]"),
            "malformed",
        ),
        ("payload null", h.signed(&h.header, "null"), "malformed"),
        (
            "header not UTF-8",
            format!(
                "{}.{}.{sig}",
                b64(b"{\"alg\":\"HS256\",\"x\":\"\xff\xfe\"}"),
                b64(p.as_bytes())
            ),
            "malformed",
        ),
        (
            "payload with a lone surrogate escape",
            h.signed(&h.header, &p.replacen('{', "{\"x\":\"\\ud800\",", 1)),
            "malformed",
        ),
        // Base64 that is not canonical base64url.
        (
            "standard alphabet",
            format!("{}/", &h.token[..h.token.len() - 1]),
            "malformed",
        ),
        ("padding", format!("{}=", h.token), "malformed"),
        (
            "a space inside",
            format!("{} {}", &h.token[..10], &h.token[10..]),
            "malformed",
        ),
        ("a dot more", format!("{}.", h.token), "malformed"),
        ("empty parts", "..".to_string(), "malformed"),
        ("a lone part", b64(h.header.as_bytes()), "malformed"),
        (
            "non-canonical last character of the signature",
            noncanonical(&h.token),
            "malformed",
        ),
    ];
    let mut seen = std::collections::HashSet::new();
    for (what, token, reason) in &cases {
        assert!(
            seen.insert(token.clone()),
            "two cases build the same token: {what}"
        );
        assert_ne!(token, &h.token, "{what} is the minted token");
        let run = h.env.tk(&["token", "verify", "--json", "--", token]).run();
        assert_eq!(
            run.code(),
            1,
            "{what}: exit {} {}",
            run.code(),
            run.stderr()
        );
        assert_eq!(
            run.json(),
            json!({"active": false, "reason": reason}),
            "{what}"
        );
        // inspect: exit 0 when it decodes (and then never "verified"), 1 when it cannot.
        let ins = h.env.tk(&["token", "inspect", "--json", "--", token]).run();
        match *reason {
            "malformed" => {
                assert_eq!(ins.code(), 1, "inspect {what}: {}", ins.stderr());
                assert!(ins.stdout().is_empty(), "inspect {what}");
            }
            _ => {
                let out = ins.expect(0).json();
                assert_eq!(out["signature_verified"], false, "inspect {what}: {out}");
            }
        }
    }
    // The minted token itself is untouched by all of this.
    assert_active(&h.env, &h.token, &[]);
}

/// The token with its signature's last character changed to another that
/// decodes to the same bytes (unused low bits set), if there is one.
fn noncanonical(token: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let sig_len = token.rsplit('.').next().unwrap().len();
    // HS256: 32 bytes = 43 characters, the last carrying 4 bits and 2 unused.
    assert_eq!(sig_len % 4, 3, "{token}");
    let last = *token.as_bytes().last().unwrap();
    let v = ALPHABET.iter().position(|&c| c == last).unwrap();
    let other = ALPHABET[v | 0b01];
    let other = if other == last {
        ALPHABET[v | 0b10]
    } else {
        other
    };
    format!("{}{}", &token[..token.len() - 1], other as char)
}

#[test]
fn ten_megabytes_and_raw_bytes_on_stdin_are_malformed() {
    let h = hostile();
    assert_reason_stdin(&h.env, vec![b'A'; 10 << 20], "malformed");
    let big = format!(
        "{}.{}.{}",
        b64(h.header.as_bytes()),
        "A".repeat(10 << 20),
        "x"
    );
    assert_reason_stdin(&h.env, big, "malformed");
    let mut bytes = h.token.clone().into_bytes();
    bytes.insert(20, 0xff);
    assert_reason_stdin(&h.env, bytes.clone(), "malformed");
    let mut nul = h.token.clone().into_bytes();
    nul.insert(20, 0);
    assert_reason_stdin(&h.env, nul, "malformed");
    assert_reason_stdin(&h.env, format!("{}\ngarbage", h.token), "malformed");
    assert_reason_stdin(&h.env, "", "malformed");
    assert_reason_stdin(&h.env, " \n\t\n", "malformed");
    // inspect never panics on these either.
    for input in [bytes, vec![0u8; 1000], vec![b'.'; 70_000]] {
        h.env
            .tk(&["token", "inspect", "--no-store", "-"])
            .stdin(input)
            .run()
            .expect(1);
    }
}

#[test]
fn a_token_argument_that_is_not_utf8_is_refused_never_accepted() {
    use std::os::unix::ffi::OsStrExt;
    let h = hostile();
    let mut bad = h.token.clone().into_bytes();
    bad.push(0xff);
    for sub in ["verify", "inspect"] {
        let mut c = raw_cmd(&h.env, &["token", sub]);
        c.arg(std::ffi::OsStr::from_bytes(&bad));
        let run = run_checked(&h.env, c, &["token", sub, "<non-UTF-8>"]);
        // clap refuses a non-UTF-8 argument as a usage error before tokenctl sees it.
        assert_eq!(run.code(), 2, "{sub}: {}", run.stderr());
        assert!(run.stdout().is_empty());
    }
}

#[test]
fn inspect_says_exit_1_for_anything_that_is_not_a_token() {
    let env = TestEnv::init();
    let opaque = mint(&env, "o", &["--format", "opaque"]);
    let mut wrong_sum = opaque.clone();
    let last = if wrong_sum.ends_with('0') { "1" } else { "0" };
    wrong_sum.replace_range(wrong_sum.len() - 1.., last);
    for garbage in [
        "x".to_string(),
        "a.b.c".into(),
        "...".into(),
        wrong_sum,
        format!("{opaque}x"),
        format!("{}.{}.", b64(br#"{"alg":"none"}"#), b64(b"{}")),
        format!(
            "{}.{}.c2ln",
            b64(br#"{"alg":"HS256","crit":[]}"#),
            b64(b"{}")
        ),
        format!(
            "{}.{}.c2ln",
            b64(br#"{"alg":"HS256"}"#),
            b64(br#"{"exp":"1"}"#)
        ),
        format!(
            "{}.{}.c2ln",
            b64(br#"{"alg":"HS256","alg":"HS256"}"#),
            b64(b"{}")
        ),
        format!("{}.{}.c2ln", b64(b"[]"), b64(b"{}")),
    ] {
        for store in [&["--no-store"][..], &[]] {
            let mut args = vec!["token", "inspect"];
            args.extend_from_slice(store);
            args.extend(["--", garbage.as_str()]);
            let run = env.tk(&args).run().expect(1);
            assert!(run.stdout().is_empty(), "{garbage}: {}", run.stdout());
            assert!(run.stderr().starts_with("tokenctl: "), "{}", run.stderr());
        }
    }
}

#[test]
fn expired_by_one_second_stays_expired_unless_the_leeway_covers_it() {
    let env = TestEnv::init();
    let token = mint(&env, "brief", &["--expiry", "1s"]);
    let exp = parts(&token).1["exp"].as_i64().unwrap();
    // Wait until it is at least one second past its expiry.
    while now() < exp + 1 {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_reason(&env, &token, &[], "expired");
    assert_reason(&env, &token, &["--leeway", "0s"], "expired");
    // At least a second has passed since exp, so a 1 s leeway is not enough.
    assert_reason(&env, &token, &["--leeway", "1s"], "expired");
    assert_active(&env, &token, &["--leeway", "1h"]);
}
