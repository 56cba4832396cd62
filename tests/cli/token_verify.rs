//! `token verify`: every reason, every constraint, hostile input, and an
//! independent check of the signatures with jwt-simple.

use std::time::Duration;

use jwt_simple::prelude::{HS256Key, HS384Key, HS512Key, MACLike, VerificationOptions};
use serde_json::{json, Map, Value};

use crate::support::env::TestEnv;
use crate::support::tokens::{
    add_known_secret, assert_active, assert_reason, assert_reason_stdin, b64, forge_opaque, kid_of,
    list, mint, mint_json, now, parts, raw_parts, record, sign, utc, verify,
};

/// A store with a secret `known` whose bytes the test holds, and a token
/// `known-token` signed by it. Returns (env, key bytes, token).
fn known_env(alg: &str) -> (TestEnv, Vec<u8>, String) {
    let env = TestEnv::init();
    let key = add_known_secret(&env, "known", alg);
    let token = mint(
        &env,
        "known-token",
        &["--secret", "known", "--subject", "alice"],
    );
    assert_active(&env, &token, &[]);
    (env, key, token)
}

#[test]
fn an_active_token_verifies_from_an_argument_or_stdin() {
    let env = TestEnv::init();
    let json = mint_json(
        &env,
        "svc",
        &[
            "--subject",
            "alice",
            "--role",
            "reader",
            "--claim",
            "plan=pro",
            "--claim",
            "quota:=5",
        ],
    );
    let token = json["token"].as_str().unwrap();
    env.tk(&["token", "verify", token]).run().ok();
    env.tk(&["token", "verify"])
        .stdin(format!("  {token}\n"))
        .run()
        .ok();
    env.tk(&["token", "verify", "-"])
        .stdin(format!("{token}\r\n"))
        .run()
        .ok();
    let out = env
        .tk(&["token", "verify", "--json", "-"])
        .stdin(token)
        .run()
        .ok()
        .json();
    // RFC 7662 shape: active, every claim, plus name and token_type.
    let (_, claims) = parts(token);
    let mut expected: Map<String, Value> = claims.as_object().unwrap().clone();
    expected.insert("active".into(), json!(true));
    expected.insert("name".into(), json!("svc"));
    expected.insert("token_type".into(), json!("development"));
    assert_eq!(out, Value::Object(expected));
    assert_eq!(out["jti"], json["id"]);
    assert_eq!(out["sub"], "alice");
    assert_eq!(out["role"], "reader");
    assert_eq!(out["plan"], "pro");
    assert_eq!(out["quota"], 5);
}

#[test]
fn garbage_is_malformed() {
    let env = TestEnv::init();
    mint(&env, "real", &[]);
    for garbage in [
        "abc",
        "a.b.c",
        "a.b",
        "eyJ.eyJ.",
        "...",
        "!!!.???.***",
        "eyJhbGciOiJIUzI1NiJ9",
        "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln",
        "tkd_",
        "tkd_short",
        "ghp_0123456789012345678901234567890123456",
    ] {
        assert_reason(&env, garbage, &[], "malformed");
    }
    assert_reason_stdin(&env, "not a token at all\n", "malformed");
    let deep = format!(
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{}.c2ln",
        b64(format!("{}{}", "[".repeat(20_000), "]".repeat(20_000)).as_bytes())
    );
    assert_reason_stdin(&env, deep, "malformed");
    assert_reason_stdin(&env, vec![0xff, 0xfe, 0x00, 0x80], "malformed");
}

#[test]
fn a_megabyte_on_stdin_is_malformed_not_a_crash() {
    let env = TestEnv::init();
    assert_reason_stdin(&env, "a".repeat(1 << 20), "malformed");
    let huge = format!("eyJhbGciOiJIUzI1NiJ9.{}.sig", "A".repeat(1 << 20));
    assert_reason_stdin(&env, huge, "malformed");
}

#[test]
fn an_oversized_but_otherwise_valid_token_is_malformed() {
    let (env, key, token) = known_env("HS256");
    let (header, claims) = raw_parts(&token);
    let mut claims: Map<String, Value> = serde_json::from_str(&claims).unwrap();
    claims.insert("padding".into(), json!("p".repeat(70 * 1024)));
    let big = sign("HS256", &key, &header, &Value::Object(claims).to_string());
    assert!(big.len() > 64 * 1024);
    assert_reason_stdin(&env, big.clone(), "malformed");
    assert_reason(&env, &big, &[], "malformed");
}

#[test]
fn alg_none_is_malformed_in_every_spelling() {
    let (env, key, token) = known_env("HS256");
    let (_, payload) = raw_parts(&token);
    let kid = kid_of(&env, "known");
    let sig = token.rsplit('.').next().unwrap();
    for alg in ["none", "None", "NONE", "nOnE"] {
        let header = format!(r#"{{"alg":"{alg}","typ":"JWT","kid":"{kid}"}}"#);
        let unsigned = format!("{}.{}.", b64(header.as_bytes()), b64(payload.as_bytes()));
        assert_reason(&env, &unsigned, &[], "malformed");
        // Keeping the real signature does not help either.
        let with_sig = format!(
            "{}.{}.{sig}",
            b64(header.as_bytes()),
            b64(payload.as_bytes())
        );
        assert_reason(&env, &with_sig, &[], "malformed");
        // Nor does a correct HMAC over the new header.
        let signed = sign("HS256", &key, &header, &payload);
        assert_reason(&env, &signed, &[], "malformed");
    }
    // A header with no alg at all.
    let header = format!(r#"{{"typ":"JWT","kid":"{kid}"}}"#);
    assert_reason(
        &env,
        &sign("HS256", &key, &header, &payload),
        &[],
        "malformed",
    );
}

#[test]
fn a_crit_header_is_malformed_even_when_correctly_signed() {
    let (env, key, token) = known_env("HS256");
    let (header, payload) = raw_parts(&token);
    let kid = kid_of(&env, "known");
    // Sanity: the test's own HMAC over the original parts is the minted token,
    // so the only difference below is the crit header.
    assert_eq!(sign("HS256", &key, &header, &payload), token);
    for crit in [
        format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{kid}","crit":["exp"],"exp":1}}"#),
        format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{kid}","crit":["x-ext"],"x-ext":true}}"#),
        format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{kid}","crit":[]}}"#),
    ] {
        assert_reason(
            &env,
            &sign("HS256", &key, &crit, &payload),
            &[],
            "malformed",
        );
    }
}

#[test]
fn duplicate_json_keys_are_malformed_even_when_correctly_signed() {
    let (env, key, token) = known_env("HS256");
    let (header, payload) = raw_parts(&token);
    let kid = kid_of(&env, "known");
    let (_, claims) = parts(&token);
    // Duplicate alg in the header.
    let dup_header = format!(r#"{{"alg":"none","alg":"HS256","typ":"JWT","kid":"{kid}"}}"#);
    assert_reason(
        &env,
        &sign("HS256", &key, &dup_header, &payload),
        &[],
        "malformed",
    );
    let dup_header = format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{kid}","kid":"{kid}"}}"#);
    assert_reason(
        &env,
        &sign("HS256", &key, &dup_header, &payload),
        &[],
        "malformed",
    );
    // Duplicate sub, exp and jti in the payload.
    let body = payload.trim_end_matches('}');
    for extra in [
        r#","sub":"mallory""#.to_string(),
        r#","exp":4102444800"#.to_string(),
        format!(r#","jti":{}"#, claims["jti"]),
    ] {
        let dup_payload = format!("{body}{extra}}}");
        assert_reason(
            &env,
            &sign("HS256", &key, &header, &dup_payload),
            &[],
            "malformed",
        );
    }
}

#[test]
fn trailing_garbage_is_malformed() {
    let (env, key, token) = known_env("HS256");
    let (header, payload) = raw_parts(&token);
    // After the JSON of the payload or the header, inside the signed part.
    let t = sign("HS256", &key, &header, &format!("{payload}garbage"));
    assert_reason(&env, &t, &[], "malformed");
    let t = sign("HS256", &key, &header, &format!("{payload}{{}}"));
    assert_reason(&env, &t, &[], "malformed");
    let t = sign("HS256", &key, &format!("{header}]"), &payload);
    assert_reason(&env, &t, &[], "malformed");
    // An extra segment or characters that are not base64url.
    assert_reason(&env, &format!("{token}.extra"), &[], "malformed");
    assert_reason(&env, &format!("{token}."), &[], "malformed");
    assert_reason(&env, &format!("{token}!!"), &[], "malformed");
    assert_reason(&env, &format!("{token} {token}"), &[], "malformed");
    assert_reason_stdin(&env, format!("{token}\n{token}\n"), "malformed");
    // A padded or standard-alphabet signature is not compact JWS.
    assert_reason(&env, &format!("{token}="), &[], "malformed");
    // Still fine untouched.
    assert_active(&env, &token, &[]);
}

#[test]
fn an_altered_payload_or_signature_is_bad_signature() {
    let (env, key, token) = known_env("HS256");
    let segs: Vec<&str> = token.split('.').collect();
    let (_, claims) = parts(&token);
    // Change sub, keep the signature: the jti is still known.
    let mut altered = claims.as_object().unwrap().clone();
    altered.insert("sub".into(), json!("mallory"));
    let forged = format!(
        "{}.{}.{}",
        segs[0],
        b64(Value::Object(altered.clone()).to_string().as_bytes()),
        segs[2]
    );
    assert_reason(&env, &forged, &[], "bad_signature");
    // Extend exp, keep the signature.
    altered.insert("exp".into(), json!(4_102_444_800_i64));
    let forged = format!(
        "{}.{}.{}",
        segs[0],
        b64(Value::Object(altered).to_string().as_bytes()),
        segs[2]
    );
    assert_reason(&env, &forged, &[], "bad_signature");
    // Flip the first character of the signature.
    let mut sig = segs[2].to_string();
    let first = if sig.starts_with('A') { "B" } else { "A" };
    sig.replace_range(0..1, first);
    assert_reason(
        &env,
        &format!("{}.{}.{sig}", segs[0], segs[1]),
        &[],
        "bad_signature",
    );
    // Signed with the right header but another key.
    let (h, p) = raw_parts(&token);
    let other: Vec<u8> = key.iter().map(|b| b ^ 1).collect();
    assert_reason(&env, &sign("HS256", &other, &h, &p), &[], "bad_signature");
    assert_active(&env, &token, &[]);
}

#[test]
fn the_algorithm_is_pinned_to_the_secret() {
    for (alg, others) in [
        ("HS256", ["HS384", "HS512"]),
        ("HS384", ["HS256", "HS512"]),
        ("HS512", ["HS256", "HS384"]),
    ] {
        let (env, key, token) = known_env(alg);
        let (header, payload) = raw_parts(&token);
        // The test's own HMAC reproduces tokenctl's signature exactly.
        assert_eq!(sign(alg, &key, &header, &payload), token);
        for other in others {
            let h = header.replace(alg, other);
            assert_ne!(h, header);
            let resigned = sign(other, &key, &h, &payload);
            assert_reason(&env, &resigned, &[], "bad_signature");
        }
    }
}

#[test]
fn tokens_the_store_never_minted_are_unknown() {
    let (env, key, token) = known_env("HS256");
    let (header, _) = raw_parts(&token);
    let t = now();
    let payload = json!({
        "jti": "00000000-0000-0000-0000-000000000000",
        "iat": t,
        "exp": t + 3600,
        "token_type": "development",
    })
    .to_string();
    // A foreign key with a foreign kid.
    let foreign = sign(
        "HS256",
        b"a foreign key of thirty-two bytes!!",
        r#"{"alg":"HS256","typ":"JWT","kid":"0123456789abcdef"}"#,
        &payload,
    );
    assert_reason(&env, &foreign, &[], "unknown");
    // The store's own key, but a jti it never issued: still not a token of this store.
    assert_reason(
        &env,
        &sign("HS256", &key, &header, &payload),
        &[],
        "unknown",
    );
    // An opaque token with a valid checksum that was never minted.
    let fake = forge_opaque("tkd_", "abcdefghijABCDEFGHIJ0123456789");
    assert_reason(&env, &fake, &[], "unknown");
    assert_reason(
        &env,
        &forge_opaque("tkp_", "ZZZZZZZZZZzzzzzzzzzz0000000000"),
        &[],
        "unknown",
    );
    // A wrong checksum is not a token at all.
    let mut bad = fake.clone();
    let last = if bad.ends_with('0') { "1" } else { "0" };
    bad.replace_range(bad.len() - 1.., last);
    assert_reason(&env, &bad, &[], "malformed");
}

#[test]
fn an_expired_token_fails_unless_the_leeway_covers_it() {
    let env = TestEnv::init();
    let jwt = mint(&env, "short-jwt", &["--expiry", "1s"]);
    let opaque = mint(
        &env,
        "short-opaque",
        &["--expiry", "1s", "--format", "opaque"],
    );
    std::thread::sleep(Duration::from_millis(2100));
    for token in [&jwt, &opaque] {
        assert_reason(&env, token, &[], "expired");
        assert_reason(&env, token, &["--leeway", "0s"], "expired");
        assert_active(&env, token, &["--leeway", "1m"]);
    }
    env.tk(&["token", "verify", &jwt, "--leeway", "a while"])
        .run()
        .expect(2);
    // It is listed as expired, by default and with --status expired.
    let recs = list(&env, &[]);
    assert_eq!(recs.len(), 2);
    assert!(recs.iter().all(|r| r["status"] == "expired"), "{recs:?}");
    assert_eq!(list(&env, &["--status", "expired"]).len(), 2);
    assert_eq!(list(&env, &["--status", "active"]).len(), 0);
    let table = env.tk(&["token", "list"]).run().ok().stdout();
    let row = table.lines().find(|l| l.contains("short-jwt")).unwrap();
    assert!(row.contains("expired"), "{table}");
    // Its name is free again.
    let again = mint(&env, "short-jwt", &[]);
    assert_active(&env, &again, &[]);
    assert_eq!(record(&env, "short-opaque")["status"], "expired");
}

#[test]
fn a_token_before_its_not_before_time_is_not_yet_valid() {
    let env = TestEnv::init();
    let token = mint(&env, "later", &["--not-before", "1h", "--expiry", "3h"]);
    let nbf = parts(&token).1["nbf"].as_i64().unwrap();
    assert!(nbf > now() + 3500);
    assert_reason(&env, &token, &[], "not_yet_valid");
    assert_reason(&env, &token, &["--leeway", "30m"], "not_yet_valid");
    assert_active(&env, &token, &["--leeway", "2h"]);
    let at = mint(
        &env,
        "at",
        &["--not-before", "2098-06-01T00:00:00Z", "--expiry", "never"],
    );
    assert_reason(&env, &at, &[], "not_yet_valid");
    // Still listed as active: it is not expired and not revoked.
    assert_eq!(record(&env, "later")["status"], "active");
}

#[test]
fn revoked_in_one_process_fails_verify_in_the_next_at_once() {
    let env = TestEnv::init();
    let jwt = mint(&env, "jwt", &[]);
    let opaque = mint(&env, "opaque", &["--format", "opaque"]);
    assert_active(&env, &jwt, &[]);
    assert_active(&env, &opaque, &[]);
    env.tk(&["token", "revoke", "jwt", "--yes"]).run().ok();
    assert_reason(&env, &jwt, &[], "revoked");
    // Leeway does not bring a revoked token back.
    assert_reason(&env, &jwt, &["--leeway", "36500d"], "revoked");
    assert_active(&env, &opaque, &[]);
    env.tk(&["token", "revoke", "opaque", "--yes"]).run().ok();
    assert_reason(&env, &opaque, &[], "revoked");
}

#[test]
fn revocation_is_seen_by_verifiers_running_concurrently() {
    let env = TestEnv::init();
    let token = mint(&env, "hot", &[]);
    let bin = assert_cmd::cargo::cargo_bin("tokenctl");
    // Verifiers hammer the store while another process revokes.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut handles = Vec::new();
    for _ in 0..3 {
        let mut cmd = std::process::Command::new(&bin);
        env.scrub(&mut cmd);
        cmd.args(["token", "verify", &token]);
        let stop = stop.clone();
        handles.push(std::thread::spawn(move || {
            let mut codes = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                codes.push(cmd.output().unwrap().status.code());
            }
            codes
        }));
    }
    std::thread::sleep(Duration::from_millis(300));
    env.tk(&["token", "revoke", "hot", "--yes"]).run().ok();
    // Every verification that starts after the revoke has returned fails.
    for _ in 0..3 {
        assert_reason(&env, &token, &[], "revoked");
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for h in handles {
        for code in h.join().unwrap() {
            assert!(matches!(code, Some(0) | Some(1)), "verify exited {code:?}");
        }
    }
}

#[test]
fn the_type_constraint() {
    let env = TestEnv::init();
    let dev = mint(&env, "dev", &[]);
    let prod = mint(&env, "prod", &["--type", "prod"]);
    let prod_opaque = mint(&env, "prod-o", &["--type", "prod", "--format", "opaque"]);
    assert_active(&env, &dev, &["--type", "development"]);
    assert_active(&env, &dev, &["--type", "dev"]);
    assert_reason(&env, &dev, &["--type", "production"], "wrong_type");
    assert_active(&env, &prod, &["--type", "prod"]);
    assert_reason(&env, &prod, &["--type", "dev"], "wrong_type");
    assert_active(&env, &prod_opaque, &["--type", "production"]);
    assert_reason(&env, &prod_opaque, &["--type", "development"], "wrong_type");
    env.tk(&["token", "verify", &dev, "--type", "staging"])
        .run()
        .expect(2);
}

#[test]
fn the_origin_constraint_applies_only_to_tokens_with_origins() {
    let env = TestEnv::init();
    let scoped = mint(
        &env,
        "scoped",
        &[
            "--origin",
            "https://app.example",
            "--origin",
            "https://admin.example",
        ],
    );
    let open = mint(&env, "open", &[]);
    assert_active(&env, &scoped, &["--origin", "https://app.example"]);
    assert_active(&env, &scoped, &["--origin", "https://admin.example"]);
    assert_reason(
        &env,
        &scoped,
        &["--origin", "https://evil.example"],
        "origin_not_allowed",
    );
    assert_reason(
        &env,
        &scoped,
        &["--origin", "https://app.example.evil"],
        "origin_not_allowed",
    );
    assert_reason(
        &env,
        &scoped,
        &["--origin", "http://app.example"],
        "origin_not_allowed",
    );
    assert_active(&env, &scoped, &[]);
    assert_active(&env, &open, &["--origin", "https://anything.example"]);
}

#[test]
fn the_audience_constraint() {
    let env = TestEnv::init();
    let one = mint(&env, "one", &["--audience", "api"]);
    let many = mint(&env, "many", &["--audience", "api", "--audience", "web"]);
    let none = mint(&env, "none", &[]);
    assert_active(&env, &one, &["--audience", "api"]);
    assert_reason(&env, &one, &["--audience", "web"], "audience_mismatch");
    assert_reason(&env, &one, &["--audience", "ap"], "audience_mismatch");
    assert_active(&env, &many, &["--audience", "web"]);
    assert_active(&env, &many, &["--audience", "api"]);
    assert_reason(&env, &many, &["--audience", "admin"], "audience_mismatch");
    assert_reason(&env, &none, &["--audience", "api"], "audience_mismatch");
    assert_active(&env, &none, &[]);
}

#[test]
fn constraints_combine_and_the_first_failure_is_not_active() {
    let env = TestEnv::init();
    let t = mint(
        &env,
        "combo",
        &[
            "--type",
            "prod",
            "--audience",
            "api",
            "--origin",
            "https://a.example",
        ],
    );
    assert_active(
        &env,
        &t,
        &[
            "--type",
            "prod",
            "--audience",
            "api",
            "--origin",
            "https://a.example",
        ],
    );
    verify(
        &env,
        &t,
        &[
            "--type",
            "prod",
            "--audience",
            "nope",
            "--origin",
            "https://a.example",
        ],
    )
    .expect(1);
    verify(&env, &t, &["--type", "dev", "--audience", "api"]).expect(1);
}

#[test]
fn jwt_simple_independently_accepts_the_signatures() {
    for alg in ["HS256", "HS384", "HS512"] {
        let env = TestEnv::init();
        let key = add_known_secret(&env, "known", alg);
        let kid = kid_of(&env, "known");
        let json = mint_json(
            &env,
            "indep",
            &[
                "--secret",
                "known",
                "--subject",
                "user-1",
                "--audience",
                "api.example",
                "--claim",
                "plan=gold",
                "--claim",
                "seats:=12",
            ],
        );
        let token = json["token"].as_str().unwrap();
        let opts = || VerificationOptions {
            required_subject: Some("user-1".into()),
            required_key_id: Some(kid.clone()),
            allowed_audiences: Some(["api.example".to_string()].into_iter().collect()),
            // A little tolerance: jwt-simple reads a coarse clock.
            time_tolerance: Some(jwt_simple::prelude::Duration::from_secs(5)),
            ..Default::default()
        };
        let claims = match alg {
            "HS256" => {
                HS256Key::from_bytes(&key).verify_token::<Map<String, Value>>(token, Some(opts()))
            }
            "HS384" => {
                HS384Key::from_bytes(&key).verify_token::<Map<String, Value>>(token, Some(opts()))
            }
            _ => HS512Key::from_bytes(&key).verify_token::<Map<String, Value>>(token, Some(opts())),
        }
        .unwrap_or_else(|e| panic!("jwt-simple rejects the {alg} token: {e}"));
        assert_eq!(claims.jwt_id.as_deref(), json["id"].as_str());
        assert_eq!(claims.subject.as_deref(), Some("user-1"));
        let exp = claims.expires_at.unwrap().as_secs() as i64;
        let iat = claims.issued_at.unwrap().as_secs() as i64;
        assert_eq!(exp, utc(&json["expires_at"]));
        assert_eq!(exp - iat, 3600);
        assert_eq!(claims.custom["plan"], "gold");
        assert_eq!(claims.custom["seats"], 12);
        assert_eq!(claims.custom["token_type"], "development");
        let (header, _) = parts(token);
        assert_eq!(header["alg"], alg);
        assert_eq!(header["typ"], "JWT");
        assert_eq!(header["kid"], kid.as_str());
        // And jwt-simple rejects it under any other key.
        let wrong: Vec<u8> = key.iter().rev().copied().collect();
        let rejected = match alg {
            "HS256" => HS256Key::from_bytes(&wrong)
                .verify_token::<Map<String, Value>>(token, None)
                .is_err(),
            "HS384" => HS384Key::from_bytes(&wrong)
                .verify_token::<Map<String, Value>>(token, None)
                .is_err(),
            _ => HS512Key::from_bytes(&wrong)
                .verify_token::<Map<String, Value>>(token, None)
                .is_err(),
        };
        assert!(rejected, "{alg}");
    }
}

#[test]
fn a_token_signed_by_jwt_simple_with_a_fresh_jti_is_not_accepted() {
    // tokenctl's own key and algorithm, a valid signature from an independent
    // library, but a jti the store never recorded: no valid token exists that
    // the store does not know.
    let env = TestEnv::init();
    let key = add_known_secret(&env, "known", "HS256");
    let kid = kid_of(&env, "known");
    let claims = jwt_simple::prelude::Claims::create(jwt_simple::prelude::Duration::from_hours(1))
        .with_jwt_id("not-a-minted-id")
        .with_subject("mallory");
    let token = HS256Key::from_bytes(&key)
        .with_key_id(&kid)
        .authenticate(claims)
        .unwrap();
    assert_reason(&env, &token, &[], "unknown");
}

#[test]
fn a_token_from_another_store_is_unknown() {
    let a = TestEnv::init();
    let b = TestEnv::init();
    let jwt = mint(&a, "mine", &[]);
    let opaque = mint(&a, "mine-too", &["--format", "opaque"]);
    assert_active(&a, &jwt, &[]);
    assert_reason(&b, &jwt, &[], "unknown");
    assert_reason(&b, &opaque, &[], "unknown");
}

#[test]
fn absurd_leeway_is_refused_or_harmless_never_a_crash() {
    let env = TestEnv::init();
    let token = mint(&env, "t", &[]);
    for leeway in ["999999999999y", "18446744073709551615s"] {
        let code = verify(&env, &token, &["--leeway", leeway]).code();
        assert!(code == 0 || code == 2, "--leeway {leeway}: exit {code}");
    }
    env.tk(&["token", "verify", &token, "--leeway", "-5s"])
        .run()
        .expect(2);
}

#[test]
fn a_malformed_token_is_refused_before_any_passphrase_is_needed() {
    let env = TestEnv::init();
    let run = env
        .tk(&["token", "verify", "--json", "not.a.jwt"])
        .env_remove("TOKENCTL_PASSPHRASE_FILE")
        .run()
        .expect(1);
    assert_eq!(
        run.json(),
        serde_json::json!({"active": false, "reason": "malformed"})
    );
    // A well-formed token still needs the store, so no passphrase is exit 3.
    let token = mint(&env, "needs-store", &[]);
    env.tk(&["token", "verify", &token])
        .env_remove("TOKENCTL_PASSPHRASE_FILE")
        .run()
        .expect(3);
}
