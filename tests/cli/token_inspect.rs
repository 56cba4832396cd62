//! `token inspect`: decoding any JWT, saying plainly whether the signature
//! was verified, and showing the store's record when there is one.

use serde_json::{json, Value};

use crate::support::env::TestEnv;
use crate::support::tokens::{
    add_known_secret, assert_keys, b64, forge_opaque, kid_of, mint, mint_json, now, parts,
    raw_parts, sign,
};

const FOREIGN_KEY: &[u8] = b"a foreign key of thirty-two bytes!!";

fn inspect_json(env: &TestEnv, token: &str, extra: &[&str]) -> Value {
    let mut args = vec!["token", "inspect", "--json", token];
    args.extend_from_slice(extra);
    let json = env.tk(&args).run().ok().json();
    assert_keys(&json, &["header", "claims", "signature_verified", "record"]);
    json
}

#[test]
fn inspect_shows_header_claims_times_record_and_a_verified_signature() {
    let env = TestEnv::init();
    let created = mint_json(
        &env,
        "web-app",
        &[
            "--subject",
            "user-99",
            "--origin",
            "https://app.example",
            "--role",
            "editor",
            "--claim",
            "plan=team",
        ],
    );
    let token = created["token"].as_str().unwrap();
    let out = env.tk(&["token", "inspect", token]).run().ok().stdout();
    for needle in [
        "HS256",
        "JWT",
        kid_of(&env, "default").as_str(),
        "user-99",
        "https://app.example",
        "editor",
        "team",
        created["id"].as_str().unwrap(),
        "web-app",
        "active",
        "Signature: verified",
    ] {
        assert!(
            out.contains(needle),
            "inspect output lacks {needle:?}:\n{out}"
        );
    }
    assert!(!out.contains("NOT verified"), "{out}");
    // exp as a UTC time with relative text.
    let exp = created["expires_at"].as_str().unwrap();
    let (date, time) = exp.trim_end_matches('Z').split_once('T').unwrap();
    assert!(
        out.contains(date) && out.contains(time),
        "exp {exp} not shown:\n{out}"
    );
    assert!(
        out.contains("in 59 minutes") || out.contains("in 1 hour") || out.contains("in 60 minutes"),
        "no relative expiry:\n{out}"
    );
    // The token itself is not echoed back as a line of its own.
    assert!(!out.lines().any(|l| l.trim() == token), "{out}");

    let json = inspect_json(&env, token, &[]);
    assert_eq!(json["signature_verified"], true);
    let (header, claims) = parts(token);
    assert_eq!(json["header"], header);
    assert_eq!(json["claims"], claims);
    assert_eq!(json["record"]["name"], "web-app");
    assert_eq!(json["record"]["status"], "active");
    assert_eq!(json["record"]["id"], created["id"]);
    assert_eq!(json["record"]["created_by"], "tester");
}

#[test]
fn inspect_reads_the_token_from_stdin() {
    let env = TestEnv::init();
    let created = mint_json(&env, "piped", &[]);
    let token = created["token"].as_str().unwrap();
    for args in [
        vec!["token", "inspect", "--json"],
        vec!["token", "inspect", "--json", "-"],
    ] {
        let json = env.tk(&args).stdin(format!("{token}\n")).run().ok().json();
        assert_eq!(json["claims"]["jti"], created["id"]);
        assert_eq!(json["signature_verified"], true);
    }
}

#[test]
fn inspect_decodes_a_foreign_jwt_and_says_the_signature_is_not_verified() {
    let env = TestEnv::init();
    let t = now();
    let token = sign(
        "HS256",
        FOREIGN_KEY,
        r#"{"alg":"HS256","typ":"JWT","kid":"someone-else"}"#,
        &json!({
            "iss": "https://other.example",
            "sub": "stranger",
            "iat": t - 2 * 86400,
            "exp": t - 86400,
            "jti": "foreign-1",
        })
        .to_string(),
    );
    let out = env.tk(&["token", "inspect", &token]).run().ok().stdout();
    for needle in [
        "someone-else",
        "https://other.example",
        "stranger",
        "Signature: NOT verified",
        "ago",
    ] {
        assert!(
            out.contains(needle),
            "inspect output lacks {needle:?}:\n{out}"
        );
    }
    assert!(!out.contains("Signature: verified"), "{out}");
    let json = inspect_json(&env, &token, &[]);
    assert_eq!(json["signature_verified"], false);
    assert_eq!(json["record"], Value::Null);
    assert_eq!(json["claims"]["sub"], "stranger");
    assert_eq!(json["header"]["kid"], "someone-else");
}

#[test]
fn inspect_of_a_tampered_token_still_decodes_but_is_not_verified() {
    let env = TestEnv::init();
    let created = mint_json(&env, "victim", &[]);
    let token = created["token"].as_str().unwrap();
    let segs: Vec<&str> = token.split('.').collect();
    let (_, mut claims) = parts(token);
    claims["sub"] = json!("mallory");
    let forged = format!(
        "{}.{}.{}",
        segs[0],
        b64(claims.to_string().as_bytes()),
        segs[2]
    );
    let out = env.tk(&["token", "inspect", &forged]).run().ok().stdout();
    assert!(out.contains("Signature: NOT verified"), "{out}");
    assert!(out.contains("mallory"), "{out}");
    let json = inspect_json(&env, &forged, &[]);
    assert_eq!(json["signature_verified"], false);
}

#[test]
fn inspect_shows_a_revoked_record() {
    let env = TestEnv::init();
    let token = mint(&env, "old", &[]);
    env.tk(&["token", "revoke", "old", "--yes", "--reason", "rotated"])
        .run()
        .ok();
    let out = env.tk(&["token", "inspect", &token]).run().ok().stdout();
    assert!(out.contains("revoked"), "{out}");
    let json = inspect_json(&env, &token, &[]);
    assert_eq!(json["record"]["status"], "revoked");
    assert_eq!(json["record"]["name"], "old");
}

#[test]
fn no_store_decodes_without_a_passphrase() {
    let env = TestEnv::init();
    let token = mint(&env, "offline", &[]);
    let run = env
        .tk(&["token", "inspect", "--no-store", &token])
        .env_remove("TOKENCTL_PASSPHRASE_FILE")
        .run()
        .ok();
    assert!(
        run.stdout().contains("Signature: NOT verified"),
        "{}",
        run.stdout()
    );
    let json = env
        .tk(&["token", "inspect", "--no-store", "--json", &token])
        .env_remove("TOKENCTL_PASSPHRASE_FILE")
        .run()
        .ok()
        .json();
    assert_eq!(json["signature_verified"], false);
    assert_eq!(json["record"], Value::Null);
    assert_eq!(json["claims"], parts(&token).1);
    // No store at all: still fine with --no-store.
    let nowhere = TestEnv::new();
    nowhere
        .tk(&["token", "inspect", "--no-store", &token])
        .env_remove("TOKENCTL_PASSPHRASE_FILE")
        .run()
        .ok();
    assert!(!nowhere.store.exists());
}

#[test]
fn inspect_of_something_that_is_not_a_token_is_exit_1() {
    let env = TestEnv::init();
    for garbage in [
        "garbage",
        "a.b.c",
        "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln",
        "tkd_short",
    ] {
        env.tk(&["token", "inspect", garbage]).run().expect(1);
        env.tk(&["token", "inspect", "--no-store", garbage])
            .run()
            .expect(1);
    }
    env.tk(&["token", "inspect"])
        .stdin("a".repeat(1 << 20))
        .run()
        .expect(1);
    // An opaque-looking token whose checksum is wrong is not a token.
    let fake = forge_opaque("tkd_", "abcdefghijABCDEFGHIJ0123456789");
    let last = if fake.ends_with('0') { "1" } else { "0" };
    let mut bad = fake.clone();
    bad.replace_range(bad.len() - 1.., last);
    env.tk(&["token", "inspect", &bad]).run().expect(1);
    env.tk(&["token", "inspect", "--no-store", &bad])
        .run()
        .expect(1);
    // With a valid checksum it decodes, but the store does not know it.
    let json = inspect_json(&env, &fake, &[]);
    assert_eq!(json["record"], Value::Null);
    assert_ne!(json["signature_verified"], true);
}

#[test]
fn inspect_of_a_minted_opaque_token_shows_its_record() {
    let env = TestEnv::init();
    let created = mint_json(&env, "api-key", &["--format", "opaque", "--type", "prod"]);
    let token = created["token"].as_str().unwrap();
    let out = env.tk(&["token", "inspect", token]).run().ok().stdout();
    assert!(out.contains("api-key"), "{out}");
    assert!(out.contains("production"), "{out}");
    let json = inspect_json(&env, token, &[]);
    assert_eq!(json["record"]["name"], "api-key");
    assert_eq!(json["record"]["id"], created["id"]);
    assert_eq!(json["record"]["status"], "active");
    assert_eq!(json["record"]["format"], "opaque");
    env.tk(&["token", "inspect", "--no-store", token])
        .run()
        .ok();
}

#[test]
fn inspect_never_calls_a_downgraded_signature_verified() {
    let env = TestEnv::init();
    let key = add_known_secret(&env, "known", "HS256");
    let token = mint(&env, "target", &["--secret", "known"]);
    let (header, payload) = raw_parts(&token);
    let none = format!(
        "{}.{}.",
        b64(header.replace("HS256", "none").as_bytes()),
        b64(payload.as_bytes())
    );
    let hs384 = sign("HS384", &key, &header.replace("HS256", "HS384"), &payload);
    for forged in [none, hs384] {
        let run = env.tk(&["token", "inspect", &forged]).run();
        if run.code() == 0 {
            assert!(
                run.stdout().contains("Signature: NOT verified"),
                "{}",
                run.stdout()
            );
            let json = inspect_json(&env, &forged, &[]);
            assert_eq!(json["signature_verified"], false, "{json}");
        } else {
            run.expect(1);
        }
    }
}
