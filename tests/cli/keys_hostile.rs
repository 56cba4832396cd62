//! Hostile keys and tokens against the asymmetric paths: algorithm
//! confusion both ways, kids that name another key, hostile JWKS files,
//! key URLs and embedded keys in headers, malformed and oversized keys,
//! and no private key material anywhere.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use jwt_simple::prelude::Ed25519KeyPair;
use serde_json::{json, Map, Value};

use crate::support::env::{Run, TestEnv};
use crate::support::keys::{
    big_modulus, first_pem_block, generated_store, guard, jwks, jwks_file, kid_in, name_of, pem,
    pem_der, pems, relabel, rsa_public_der, sign_ed25519, ASYMMETRIC,
};
use crate::support::store::{assert_files_clean, store_files};
use crate::support::tokens::{assert_reason, b64, kid_of, mint, mint_json, now, raw_parts, sign};

/// `token verify --json KEYS... TOKEN` without a store: exit 1 and exactly
/// this reason.
#[track_caller]
fn offline_reason(env: &TestEnv, keys: [&str; 2], token: &str, reason: &str) {
    let out = env
        .tk(&["token", "verify", "--json", keys[0], keys[1], token])
        .run()
        .expect(1)
        .json();
    assert_eq!(
        out,
        json!({"active": false, "reason": reason, "store": false}),
        "{keys:?}"
    );
    env.tk(&["token", "verify", keys[0], keys[1], token])
        .run()
        .expect(1)
        .stderr_has(&format!("({reason})"));
}

/// `token verify --json KEYS... TOKEN` without a store: exit 0, active.
#[track_caller]
fn offline_active(env: &TestEnv, keys: [&str; 2], token: &str) -> Value {
    let out = env
        .tk(&["token", "verify", "--json", keys[0], keys[1], token])
        .run()
        .ok()
        .json();
    assert_eq!(out["active"], true, "{out}");
    assert_eq!(out["store"], false, "{out}");
    out
}

/// `secret public NAME` written to `NAME.pub.pem`; returns its path.
fn public_pem(env: &TestEnv, name: &str) -> String {
    let pem = env.tk(&["secret", "public", name]).run().ok().stdout();
    let p = env.file(&format!("{name}.pub.pem"), pem);
    p.to_str().unwrap().to_string()
}

/// `token verify --batch - KEYS...` (KEYS empty: the store) with one token
/// per line: every line's verdict is `reason`, exit 1.
#[track_caller]
fn batch_reasons(env: &TestEnv, keys: &[&str], tokens: &[String], reason: &str) {
    let mut args = vec!["token", "verify", "--batch", "-"];
    args.extend_from_slice(keys);
    let run = env.tk(&args).stdin(tokens.join("\n")).run().expect(1);
    let lines: Vec<Value> = run
        .stdout()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), tokens.len(), "{keys:?}");
    let mut want = json!({"active": false, "reason": reason});
    if !keys.is_empty() {
        want["store"] = json!(false);
    }
    for (line, token) in lines.iter().zip(tokens) {
        assert_eq!(*line, want, "{keys:?}: {token}");
    }
}

#[test]
fn an_hmac_token_keyed_with_a_public_key_is_bad_signature() {
    let env = generated_store();
    let jwks = jwks_file(&env, "jwks.json");
    for alg in ASYMMETRIC {
        let name = name_of(alg);
        let kid = kid_of(&env, &name);
        let pub_pem = public_pem(&env, &name);
        let pem_text = std::fs::read(&pub_pem).unwrap();
        let jwk_text = env
            .tk(&["secret", "public", &name, "--format", "jwk"])
            .run()
            .ok()
            .stdout();
        let jwk: Value = serde_json::from_str(&jwk_text).unwrap();
        // The public key as PEM, as DER and as a JWK, each as printed and trimmed.
        let materials = [
            pem_text.clone(),
            pem_text.strip_suffix(b"\n").unwrap().to_vec(),
            pem_der(std::str::from_utf8(&pem_text).unwrap()),
            jwk_text.clone().into_bytes(),
            jwk_text.trim_end().as_bytes().to_vec(),
            jwk.to_string().into_bytes(),
            serde_json::to_vec(&json!({"keys": [jwk]})).unwrap(),
        ];
        // A real token's claims, so the store knows its id.
        let real = mint(&env, &format!("real-{alg}"), &["--secret", &name]);
        let (_, payload) = raw_parts(&real);
        let mut forged = Vec::new();
        for key in &materials {
            for hs in ["HS256", "HS384", "HS512"] {
                for header in [
                    json!({"alg": hs, "typ": "JWT", "kid": kid}),
                    json!({"alg": hs, "typ": "JWT"}),
                ] {
                    forged.push(sign(hs, key, &header.to_string(), &payload));
                }
            }
        }
        batch_reasons(&env, &["--key", &pub_pem], &forged, "bad_signature");
        let with_kid: Vec<String> = forged.iter().step_by(2).cloned().collect();
        batch_reasons(&env, &["--jwks", &jwks], &with_kid, "bad_signature");
        batch_reasons(&env, &[], &forged, "bad_signature");
        // One of them, alone, with the reason on stderr.
        offline_reason(&env, ["--key", &pub_pem], &forged[0], "bad_signature");
        offline_reason(&env, ["--jwks", &jwks], &forged[0], "bad_signature");
    }
}

/// The file's bytes as `--key` would use them for HMAC: one trailing
/// newline stripped.
fn as_hmac_key(bytes: &[u8]) -> Vec<u8> {
    bytes.strip_suffix(b"\n").unwrap_or(bytes).to_vec()
}

#[test]
fn a_public_key_in_another_encoding_is_never_taken_for_an_hmac_key() {
    let env = generated_store();
    let name = name_of("EdDSA");
    let pem_text = env.tk(&["secret", "public", &name]).run().ok().stdout();
    let jwk_text = env
        .tk(&["secret", "public", &name, "--format", "jwk"])
        .run()
        .ok()
        .stdout();
    let files = [
        ("pub.der", pem_der(&pem_text)),
        ("pub.jwk", jwk_text.into_bytes()),
        ("jwks.json", serde_json::to_vec(&jwks(&env)).unwrap()),
        (
            "commented.pem",
            format!("# the signing key\n{pem_text}").into_bytes(),
        ),
        (
            "explained.pem",
            format!("Public key of {name}:\n{pem_text}").into_bytes(),
        ),
        (
            "bom.pem",
            [&b"\xef\xbb\xbf"[..], pem_text.as_bytes()].concat(),
        ),
    ];
    let payload = json!({"sub": "mallory", "exp": now() + 600}).to_string();
    let mut forgeable = Vec::new();
    for (file, bytes) in files {
        let path = env.file(file, &bytes);
        let path = path.to_str().unwrap();
        let forged = sign(
            "HS256",
            &as_hmac_key(&bytes),
            &json!({"alg": "HS256", "typ": "JWT"}).to_string(),
            &payload,
        );
        let verified = env.tk(&["token", "verify", "--key", path, &forged]).run();
        let inspected = env
            .tk(&["token", "inspect", "--json", "--key", path, &forged])
            .run();
        if verified.code() == 0
            || (inspected.code() == 0 && inspected.json()["signature_verified"] == true)
        {
            forgeable.push(file);
        }
    }
    assert!(
        forgeable.is_empty(),
        "HS256 tokens forged with the public key's own bytes verify with --key {forgeable:?}"
    );
}

#[test]
fn a_relabelled_alg_is_bad_signature() {
    let env = generated_store();
    let jwks = jwks_file(&env, "jwks.json");
    for alg in ASYMMETRIC {
        let name = name_of(alg);
        let pub_pem = public_pem(&env, &name);
        let token = mint(&env, &format!("t-{alg}"), &["--secret", &name]);
        let others = [
            "HS256", "HS384", "HS512", "EdDSA", "Ed25519", "ES256", "ES384", "ES512", "RS256",
            "RS384", "PS256", "PS384", "eddsa", "es256", "ps256",
        ];
        let relabelled: Vec<String> = others
            .iter()
            .filter(|o| **o != alg)
            .map(|other| {
                relabel(&token, |h| {
                    h.insert("alg".into(), json!(other));
                })
            })
            .collect();
        batch_reasons(&env, &["--key", &pub_pem], &relabelled, "bad_signature");
        batch_reasons(&env, &["--jwks", &jwks], &relabelled, "bad_signature");
        batch_reasons(&env, &[], &relabelled, "bad_signature");
        // Unsigned is not a token at all.
        let unsigned: Vec<String> = ["none", "None", "NONE", ""]
            .iter()
            .map(|none| {
                relabel(&token, |h| {
                    h.insert("alg".into(), json!(none));
                })
            })
            .collect();
        batch_reasons(&env, &["--key", &pub_pem], &unsigned, "malformed");
        batch_reasons(&env, &["--jwks", &jwks], &unsigned, "malformed");
        // The untouched token passes every way, so the refusals are the relabelling's.
        for keys in [["--key", pub_pem.as_str()], ["--jwks", jwks.as_str()]] {
            offline_active(&env, keys, &token);
        }
        offline_reason(&env, ["--jwks", &jwks], &relabelled[0], "bad_signature");
    }
}

#[test]
fn a_kid_that_names_another_key_is_bad_signature() {
    let env = generated_store();
    let first = kid_of(&env, "eddsa");
    let old = mint(&env, "old", &["--secret", "eddsa"]);
    env.tk(&["secret", "rotate", "eddsa"]).run().ok();
    let second = kid_of(&env, "eddsa");
    let new = mint(&env, "new", &["--secret", "eddsa"]);
    assert_eq!(
        (kid_in(&old), kid_in(&new)),
        (first.clone(), second.clone())
    );
    let jwks = jwks_file(&env, "jwks.json");
    let set_kid = |token: &str, kid: &str| {
        relabel(token, |h| {
            h.insert("kid".into(), json!(kid));
        })
    };
    // Another version of the same secret, and another secret's key.
    for (token, kid) in [
        (&old, second.as_str()),
        (&new, first.as_str()),
        (&new, &kid_of(&env, "es256")),
        (&new, &kid_of(&env, "ps256")),
    ] {
        let relabelled = set_kid(token, kid);
        offline_reason(&env, ["--jwks", &jwks], &relabelled, "bad_signature");
        assert_reason(&env, &relabelled, &[], "bad_signature");
    }
    // A kid no key has, or none at all among several keys: no key to check with.
    offline_reason(
        &env,
        ["--jwks", &jwks],
        &set_kid(&new, "0000000000000000"),
        "unknown",
    );
    offline_reason(&env, ["--jwks", &jwks], &set_kid(&new, "HS256"), "unknown");
    let no_kid = relabel(&new, |h| {
        h.remove("kid");
    });
    offline_reason(&env, ["--jwks", &jwks], &no_kid, "unknown");
    // The HMAC secret's kid names no JWKS key either.
    offline_reason(
        &env,
        ["--jwks", &jwks],
        &set_kid(&new, &kid_of(&env, "default")),
        "unknown",
    );
}

/// `token verify --jwks FILE` and `token inspect --jwks FILE` with `doc`
/// as the file: exit 2, one line on stderr naming the file and `reason`.
#[track_caller]
fn jwks_refused(env: &TestEnv, token: &str, doc: &[u8], reason: &str) {
    let file = env.file("hostile.json", doc);
    let file = file.to_str().unwrap();
    for sub in ["verify", "inspect"] {
        let run = env
            .tk(&["token", sub, "--json", "--jwks", file, token])
            .run()
            .expect(2);
        assert_eq!(run.stdout(), "", "{sub}");
        let err = run.stderr();
        assert_eq!(err.lines().count(), 1, "{sub}: {err}");
        assert!(
            err.starts_with(&format!("tokenctl: --jwks {file}: ")) && err.contains(reason),
            "{sub}: {err:?} lacks {reason:?}"
        );
    }
}

#[test]
fn hostile_jwks_files_are_refused_with_exit_2() {
    let env = generated_store();
    let token = mint(&env, "t", &["--secret", "eddsa"]);
    let real = jwks(&env);
    let keys = real["keys"].as_array().unwrap().clone();
    let ed = keys
        .iter()
        .find(|k| k["kid"] == kid_of(&env, "eddsa"))
        .unwrap()
        .clone();
    let with = |edit: &dyn Fn(&mut Map<String, Value>)| {
        let mut k = ed.as_object().unwrap().clone();
        edit(&mut k);
        json!({"keys": [Value::Object(k)]}).to_string().into_bytes()
    };
    let dup = json!({"keys": [ed, keys[1], ed]}).to_string();
    jwks_refused(&env, &token, dup.as_bytes(), "two keys with kid");
    for private in ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] {
        let doc = with(&|k| {
            k.insert(private.into(), json!("AAAA"));
        });
        jwks_refused(
            &env,
            &token,
            &doc,
            &format!("a JWK with the private member '{private}'"),
        );
    }
    let oct = json!({"keys": [ed, {"kty": "oct", "kid": "shared", "alg": "HS256"}]}).to_string();
    jwks_refused(&env, &token, oct.as_bytes(), "a symmetric (oct) JWK");
    for not_json in [
        &b"not json"[..],
        b"",
        b"{",
        b"\xff\xfe",
        b"{\"keys\": [] ",
        b"[]",
    ] {
        jwks_refused(&env, &token, not_json, "not a JWKS");
    }
    jwks_refused(&env, &token, br#"{"keys": [], "keys": []}"#, "not a JWKS");
    jwks_refused(&env, &token, br#"{"keys": {}}"#, "no \"keys\" list");
    jwks_refused(&env, &token, br#"{"keys": []}"#, "the JWKS has no keys");
    jwks_refused(&env, &token, br#"{"keys": ["x"]}"#, "not an object");
    let single = ed.to_string();
    jwks_refused(&env, &token, single.as_bytes(), "no \"keys\" list");
    let doc = with(&|k| {
        k.insert("alg".into(), json!("ES256"));
    });
    jwks_refused(&env, &token, &doc, "does not fit its key type");
    let doc = with(&|k| {
        k.insert("alg".into(), json!("HS256"));
    });
    jwks_refused(&env, &token, &doc, "does not fit its key type");
    let doc = with(&|k| {
        k.insert("alg".into(), json!("none"));
    });
    jwks_refused(&env, &token, &doc, "unsupported 'alg'");
    let doc = with(&|k| {
        k.insert("x".into(), json!("AAAA"));
    });
    jwks_refused(&env, &token, &doc, "not 32 bytes");
    let doc = with(&|k| {
        k.insert("x".into(), json!("not base64url!"));
    });
    jwks_refused(&env, &token, &doc, "not base64url");
    let doc = with(&|k| {
        k.remove("kty");
    });
    jwks_refused(&env, &token, &doc, "without 'kty'");
    let doc = with(&|k| {
        k.insert("crv".into(), json!("X25519"));
    });
    jwks_refused(&env, &token, &doc, "unsupported type");
    // An EC point that is not on its curve.
    let ec = keys.iter().find(|k| k["kty"] == "EC").unwrap().clone();
    let mut off_curve = ec.as_object().unwrap().clone();
    off_curve.insert("y".into(), off_curve["x"].clone());
    let doc = json!({"keys": [Value::Object(off_curve)]}).to_string();
    let file = env.file("off-curve.json", &doc);
    env.tk(&["token", "verify", "--jwks", file.to_str().unwrap(), &token])
        .run()
        .expect(2);
}

#[test]
fn key_urls_and_embedded_keys_in_a_header_are_never_followed() {
    let mut env = TestEnv::init();
    let partner = Ed25519KeyPair::generate();
    let attacker = Ed25519KeyPair::generate();
    let partner_pem = first_pem_block(&partner.to_pem());
    guard(&mut env, &partner_pem);
    env.tk(&["secret", "add", "partner", "-a", "EdDSA"])
        .stdin(partner_pem.clone())
        .run()
        .ok();
    let kid = kid_of(&env, "partner");
    let jwks = jwks_file(&env, "jwks.json");
    let pub_pem = public_pem(&env, "partner");
    let attacker_jwk = json!({
        "kty": "OKP",
        "crv": "Ed25519",
        "x": URL_SAFE_NO_PAD.encode(attacker.public_key().to_bytes()),
        "kid": "attacker",
        "alg": "EdDSA",
    });
    let payload = json!({"sub": "svc", "exp": now() + 600, "jti": "0123456789abcdef"});
    let plain = |kid: &str| json!({"alg": "EdDSA", "typ": "JWT", "kid": kid});
    // Nothing listens there; a fetch would fail or hang, never change a verdict.
    let hostile = |kid: &str| {
        json!({
            "alg": "EdDSA",
            "typ": "JWT",
            "kid": kid,
            "jku": "http://127.0.0.1:9/jwks.json",
            "x5u": "http://127.0.0.1:9/cert.pem",
            "jwk": attacker_jwk,
        })
    };
    let attacker_pem = first_pem_block(&attacker.to_pem());
    let cases = [
        // The partner's key signed it: valid with or without the headers.
        (plain(&kid), partner_pem.as_str(), None),
        (hostile(&kid), partner_pem.as_str(), None),
        // The attacker signed it, naming the partner's kid and offering its own key.
        (plain(&kid), attacker_pem.as_str(), Some("bad_signature")),
        (hostile(&kid), attacker_pem.as_str(), Some("bad_signature")),
        // The attacker's own kid: the JWKS has no such key, whatever the header offers.
        (plain("attacker"), attacker_pem.as_str(), Some("unknown")),
        (hostile("attacker"), attacker_pem.as_str(), Some("unknown")),
    ];
    for (header, signer, jwks_verdict) in cases {
        let token = sign_ed25519(signer, &header, &payload);
        match jwks_verdict {
            None => {
                let out = offline_active(&env, ["--jwks", &jwks], &token);
                assert_eq!(out["sub"], "svc");
            }
            Some(reason) => offline_reason(&env, ["--jwks", &jwks], &token, reason),
        }
        // One public key: the kid does not pick it, the signature decides.
        if signer == partner_pem {
            offline_active(&env, ["--key", &pub_pem], &token);
        } else {
            offline_reason(&env, ["--key", &pub_pem], &token, "bad_signature");
        }
        // The store never minted any of them.
        assert_reason(&env, &token, &[], "unknown");
        let inspected = env
            .tk(&["token", "inspect", "--json", "--jwks", &jwks, &token])
            .run()
            .ok()
            .json();
        assert_eq!(inspected["signature_verified"], jwks_verdict.is_none());
        assert_eq!(inspected["store"], false);
    }
}

/// `token verify --key FILE` with `bytes` as the file: exit 2, one line.
#[track_caller]
fn key_refused(env: &TestEnv, token: &str, bytes: &[u8]) -> Run {
    let file = env.file("hostile.key", bytes);
    let run = env
        .tk(&[
            "token",
            "verify",
            "--json",
            "--key",
            file.to_str().unwrap(),
            token,
        ])
        .run()
        .expect(2);
    assert_eq!(run.stdout(), "");
    assert_eq!(run.stderr().lines().count(), 1, "{}", run.stderr());
    run
}

#[test]
fn malformed_pem_and_der_keys_are_refused_or_fail_never_verify() {
    let env = generated_store();
    let token = mint(&env, "t", &["--secret", "eddsa"]);
    let pem_text = env.tk(&["secret", "public", "eddsa"]).run().ok().stdout();
    let der = pem_der(&pem_text);
    let labelled = |label: &str, body: &str| {
        format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n").into_bytes()
    };
    for bad in [
        labelled("PUBLIC KEY", "not base64 !!"),
        labelled("PUBLIC KEY", "AAAA"),
        labelled("PUBLIC KEY", ""),
        pem("PUBLIC KEY", &der[..der.len() - 1]).into_bytes(),
        pem("PUBLIC KEY", &[der.clone(), vec![0]].concat()).into_bytes(),
        pem("PUBLIC KEY", &[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).into_bytes(),
        pem("CERTIFICATE", &der).into_bytes(),
        pem("EC PUBLIC KEY", &der).into_bytes(),
        pem("RSA PUBLIC KEY", &der).into_bytes(),
        pem_text
            .replace("END PUBLIC KEY", "END PRIVATE KEY")
            .into_bytes(),
        pem_text
            .replace("-----END PUBLIC KEY-----\n", "")
            .into_bytes(),
        b"-----BEGIN".to_vec(),
        vec![b'-'; 5],
        b"".to_vec(),
        b"short hmac key".to_vec(),
    ] {
        key_refused(&env, &token, &bad);
        // The same bytes never import as a signing key either.
        env.tk(&["secret", "add", "bad", "-a", "EdDSA"])
            .stdin(bad)
            .run()
            .expect(2);
    }
    // A private key where a public one is needed.
    let run = key_refused(
        &env,
        &token,
        &pem("PRIVATE KEY", &[0x30, 0x03, 0x02, 0x01, 0x00]).into_bytes(),
    );
    assert!(run
        .stderr()
        .contains("this is a private key; give the public key"));
    // DER is read as DER: the key's own SPKI verifies its token; broken
    // DER is refused, never taken for an HMAC key.
    let file = env.file("key.der", &der);
    offline_active(&env, ["--key", file.to_str().unwrap()], &token);
    for der_like in [
        der[..der.len() - 1].to_vec(),
        [der.clone(), vec![0]].concat(),
        [vec![0x30, 0x82, 0xff, 0xff], vec![0u8; 60]].concat(),
    ] {
        let run = key_refused(&env, &token, &der_like);
        assert_eq!(
            run.stderr(),
            format!(
                "tokenctl: --key {}: not a key: the input is not a DER public key (SubjectPublicKeyInfo or PKCS#1)\n",
                env.path("hostile.key").display()
            )
        );
    }
    env.tk(&["secret", "add", "bad", "-a", "EdDSA"])
        .stdin(der)
        .run()
        .expect(2);
    // Nothing was added.
    let list = env.tk(&["secret", "list", "--json"]).run().ok().json();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["default", "eddsa", "es256", "es384", "rs256", "ps256"]
    );
}

#[test]
fn an_rsa_key_outside_2048_to_4096_bits_is_refused_and_4096_is_not() {
    let env = generated_store();
    let token = mint(&env, "t", &["--secret", "rs256"]);
    let e = [1u8, 0, 1];
    for bits in [8192, 4104, 1024] {
        let n = big_modulus(bits);
        let (pkcs1, spki) = rsa_public_der(&n, &e);
        key_refused(&env, &token, pem("PUBLIC KEY", &spki).as_bytes());
        key_refused(&env, &token, pem("RSA PUBLIC KEY", &pkcs1).as_bytes());
        let doc = json!({"keys": [{"kty": "RSA", "n": b64(&n), "e": "AQAB", "kid": kid_in(&token), "alg": "RS256", "use": "sig"}]});
        jwks_refused(
            &env,
            &token,
            doc.to_string().as_bytes(),
            &format!("the RSA key has {bits} bits; tokenctl accepts 2048 to 4096"),
        );
    }
    // At the ceiling the key is read; the token simply does not fit it.
    let n = big_modulus(4096);
    let (_, spki) = rsa_public_der(&n, &e);
    let file = env.file("4096.pem", pem("PUBLIC KEY", &spki));
    offline_reason(
        &env,
        ["--key", file.to_str().unwrap()],
        &token,
        "bad_signature",
    );
    let doc = json!({"keys": [{"kty": "RSA", "n": b64(&n), "e": "AQAB", "kid": kid_in(&token), "alg": "RS256"}]});
    let file = env.file("4096.json", doc.to_string());
    offline_reason(
        &env,
        ["--jwks", file.to_str().unwrap()],
        &token,
        "bad_signature",
    );
}

#[test]
fn key_sources_that_cannot_be_used_are_usage_errors() {
    let env = generated_store();
    let token = mint(&env, "t", &["--secret", "eddsa"]);
    let missing = env.path("missing.json");
    let missing = missing.to_str().unwrap();
    for flag in ["--jwks", "--key", "--hmac-key"] {
        env.tk(&["token", "verify", flag, missing, &token])
            .run()
            .expect(2)
            .stderr_has(&format!("cannot read {missing}"));
    }
    let jwks = jwks_file(&env, "jwks.json");
    let pub_pem = public_pem(&env, "eddsa");
    env.tk(&[
        "token", "verify", "--jwks", &jwks, "--key", &pub_pem, &token,
    ])
    .run()
    .expect(2);
    env.tk(&["token", "verify", "--no-store", &token])
        .run()
        .expect(2)
        .stderr_has(
            "tokenctl: without a store, verify needs the keys: --jwks FILE, --key FILE or --hmac-key FILE\n",
        );
    // --no-store with keys is the offline check.
    offline_active(&env, ["--jwks", &jwks], &token);
    env.tk(&["token", "verify", "--no-store", "--jwks", &jwks, &token])
        .run()
        .ok();
}

#[test]
fn no_private_key_material_appears_in_any_output_or_unsealed_in_the_store() {
    let Some(pems) = pems() else {
        return;
    };
    let mut env = TestEnv::init();
    let imports = [
        ("ed", "EdDSA", &pems.ed25519),
        ("p256", "ES256", &pems.p256),
        ("p384", "ES384", &pems.p384_sec1),
        ("rs", "RS256", &pems.rsa),
        ("ps", "PS256", &pems.rsa),
    ];
    for (_, _, pem) in imports {
        guard(&mut env, pem);
        // The guard is not vacuous: the key in any of its forms trips it.
        let der = pem_der(pem);
        for form in [
            pem.as_bytes().to_vec(),
            der.clone(),
            STANDARD.encode(&der).into_bytes(),
            hex::encode(&der).into_bytes(),
        ] {
            assert!(env.leaks(&form));
        }
    }
    // An idle connection keeps the -wal, so it is scanned too.
    let conn = env.sqlite();
    let _: i64 = conn
        .query_row("SELECT count(*) FROM secrets", [], |r| r.get(0))
        .unwrap();
    let mut files = Vec::new();
    for (name, alg, pem) in imports {
        let file = env.file(&format!("{name}.pem"), pem);
        let file = file.to_str().unwrap().to_string();
        env.tk(&[
            "--json",
            "secret",
            "add",
            name,
            "-a",
            alg,
            "--from-file",
            &file,
        ])
        .run()
        .ok();
        files.push((name, alg, file));
    }
    // Every command that shows a secret or its key (each run is checked
    // for every form of every private key).
    for (name, _, _) in &files {
        env.tk(&["secret", "public", name]).run().ok();
        env.tk(&["secret", "public", name, "--format", "jwk"])
            .run()
            .ok();
        let created = mint_json(&env, &format!("tok-{name}"), &["--secret", name]);
        let token = created["token"].as_str().unwrap();
        env.tk(&["token", "show", "--json", &format!("tok-{name}")])
            .run()
            .ok();
        env.tk(&["token", "inspect", "--json", token]).run().ok();
        env.tk(&["token", "verify", "--json", token]).run().ok();
    }
    for args in [
        &["secret", "list"][..],
        &["secret", "list", "--json"],
        &["jwks"],
        &["token", "list", "--json"],
        &["store", "info"],
        &["store", "info", "--json"],
        &["store", "check", "--json"],
    ] {
        env.tk(args).run().ok();
    }
    let out = env.path("jwks.json");
    env.tk(&["jwks", "--out", out.to_str().unwrap()]).run().ok();
    env.assert_no_leak(&std::fs::read(&out).unwrap(), "the JWKS file", &[]);
    // Error paths that hold the key: another algorithm, a taken name, a
    // private key where a public one is needed.
    for (name, alg, file) in &files {
        let wrong = if *alg == "EdDSA" { "ES256" } else { "EdDSA" };
        env.tk(&["secret", "add", "wrong", "-a", wrong, "--from-file", file])
            .run()
            .expect(2);
        env.tk(&["secret", "add", name, "-a", alg, "--from-file", file])
            .run()
            .expect(5);
        let token = mint(&env, &format!("err-{name}"), &["--secret", name]);
        env.tk(&["token", "verify", "--key", file, &token])
            .run()
            .expect(2)
            .stderr_has("this is a private key");
        env.tk(&[
            "--json",
            "secret",
            "add",
            "wrong",
            "-a",
            alg,
            "--base64",
            "--from-file",
            file,
        ])
        .run()
        .expect(2);
    }
    // Nothing unsealed in the file, its -wal or its -shm.
    assert_eq!(
        store_files(&env.store).len(),
        3,
        "the -wal and -shm are there"
    );
    assert_files_clean(&env);
    drop(conn);
    assert_files_clean(&env);
}

#[test]
fn an_hmac_key_is_given_with_hmac_key_and_never_with_key() {
    let env = generated_store();
    let key = crate::support::tokens::add_known_secret(&env, "hs", "HS384");
    let token = mint(&env, "t", &["--secret", "hs"]);
    let file = env.file("hs.key", [key.clone(), b"\n".to_vec()].concat());
    let file = file.to_str().unwrap();
    let out = offline_active(&env, ["--hmac-key", file], &token);
    assert_eq!(out["sub"], Value::Null, "{out}");
    let inspected = env
        .tk(&["token", "inspect", "--json", "--hmac-key", file, &token])
        .run()
        .ok()
        .json();
    assert_eq!(inspected["signature_verified"], true);
    // The same bytes through --key are not a public key.
    env.tk(&["token", "verify", "--key", file, &token])
        .run()
        .expect(2)
        .stderr_is(&format!(
            "tokenctl: --key {file}: not a key: not a public key in PEM, DER or JWK form (an HMAC key is given with --hmac-key)\n"
        ));
    // An asymmetric token never fits an HMAC key.
    let eddsa = mint(&env, "e", &["--secret", "eddsa"]);
    offline_reason(&env, ["--hmac-key", file], &eddsa, "bad_signature");
    // Another HMAC key: bad signature.
    let other = env.file("other.key", vec![b'x'; 48]);
    offline_reason(
        &env,
        ["--hmac-key", other.to_str().unwrap()],
        &token,
        "bad_signature",
    );
    // A short key is refused.
    let short = env.file("short.key", vec![b'x'; 31]);
    let short = short.to_str().unwrap();
    env.tk(&["token", "verify", "--hmac-key", short, &token])
        .run()
        .expect(2)
        .stderr_is(&format!(
            "tokenctl: --hmac-key {short}: not a key: an HMAC key of 31 bytes; HMAC keys have at least 32\n"
        ));
    // A public key, in any encoding, is refused as an HMAC key: anyone
    // holding it could sign tokens it would verify.
    let pem_text = env.tk(&["secret", "public", "eddsa"]).run().ok().stdout();
    let jwk_text = env
        .tk(&["secret", "public", "eddsa", "--format", "jwk"])
        .run()
        .ok()
        .stdout();
    for (name, bytes) in [
        ("pub.pem", pem_text.clone().into_bytes()),
        ("commented.pem", format!("# key\n{pem_text}").into_bytes()),
        ("pub.der", pem_der(&pem_text)),
        ("pub.jwk", jwk_text.into_bytes()),
        ("jwks.json", serde_json::to_vec(&jwks(&env)).unwrap()),
    ] {
        let path = env.file(name, &bytes);
        let path = path.to_str().unwrap();
        let forged = sign(
            "HS256",
            &as_hmac_key(&bytes),
            &json!({"alg": "HS256", "typ": "JWT"}).to_string(),
            &json!({"sub": "mallory"}).to_string(),
        );
        env.tk(&["token", "verify", "--hmac-key", path, &forged])
            .run()
            .expect(2)
            .stderr_is(&format!(
                "tokenctl: --hmac-key {path}: not a key: this is a public key, not an HMAC key; give it with --key\n"
            ));
    }
    // One source at a time.
    let pub_pem = public_pem(&env, "eddsa");
    for other in [["--key", pub_pem.as_str()], ["--jwks", pub_pem.as_str()]] {
        env.tk(&[
            "token",
            "verify",
            "--hmac-key",
            file,
            other[0],
            other[1],
            &token,
        ])
        .run()
        .expect(2);
    }
}

#[test]
fn a_public_key_reads_as_pem_der_jwk_or_jwks_through_key() {
    let env = generated_store();
    for alg in ASYMMETRIC {
        let name = name_of(alg);
        let token = mint(&env, &format!("t-{alg}"), &["--secret", &name]);
        let pem_text = env.tk(&["secret", "public", &name]).run().ok().stdout();
        let jwk_text = env
            .tk(&["secret", "public", &name, "--format", "jwk"])
            .run()
            .ok()
            .stdout();
        for (file, bytes) in [
            ("pub.der", pem_der(&pem_text)),
            ("pub.jwk", jwk_text.clone().into_bytes()),
            ("jwks.json", serde_json::to_vec(&jwks(&env)).unwrap()),
            (
                "commented.pem",
                format!("# {name}\n{pem_text}").into_bytes(),
            ),
            (
                "bom.pem",
                [&b"\xef\xbb\xbf"[..], pem_text.as_bytes()].concat(),
            ),
        ] {
            let path = env.file(file, &bytes);
            offline_active(&env, ["--key", path.to_str().unwrap()], &token);
        }
        // A JWK pins its alg: a token relabelled to another alg of the
        // same key type does not verify with it.
        let jwk: Value = serde_json::from_str(&jwk_text).unwrap();
        assert_eq!(jwk["alg"], alg, "{jwk}");
    }
    // A JWK whose alg is not the token's.
    let token = mint(&env, "rs", &["--secret", "rs256"]);
    let mut jwk: Value = serde_json::from_str(
        &env.tk(&["secret", "public", "rs256", "--format", "jwk"])
            .run()
            .ok()
            .stdout(),
    )
    .unwrap();
    jwk["alg"] = json!("PS256");
    let path = env.file("ps.jwk", jwk.to_string());
    offline_reason(
        &env,
        ["--key", path.to_str().unwrap()],
        &token,
        "bad_signature",
    );
}

#[test]
fn jwks_keys_for_another_use_are_skipped() {
    let env = generated_store();
    let token = mint(&env, "t", &["--secret", "eddsa"]);
    let set = jwks(&env);
    let mine = set["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid_in(&token).as_str())
        .unwrap()
        .clone();
    let with = |edit: &dyn Fn(&mut Map<String, Value>)| {
        let mut k = mine.clone();
        edit(k.as_object_mut().unwrap());
        k
    };
    // An encryption key of an unsupported type beside it is skipped, not
    // a reason to refuse the whole set.
    let enc_other = json!({"kty": "EC", "crv": "X25519", "x": "AAAA", "use": "enc", "kid": "e"});
    let doc = json!({"keys": [enc_other, mine]});
    let path = env.file("mixed.json", doc.to_string());
    offline_active(&env, ["--jwks", path.to_str().unwrap()], &token);
    // The token's own key marked for encryption, or with key_ops that do
    // not include verify, is not used to check signatures.
    for (file, key) in [
        (
            "enc.json",
            with(&|k| {
                k.insert("use".into(), json!("enc"));
            }),
        ),
        (
            "ops.json",
            with(&|k| {
                k.insert("key_ops".into(), json!(["encrypt"]));
            }),
        ),
    ] {
        let path = env.file(file, json!({"keys": [key]}).to_string());
        let path = path.to_str().unwrap();
        env.tk(&["token", "verify", "--jwks", path, &token])
            .run()
            .expect(2)
            .stderr_is(&format!(
                "tokenctl: --jwks {path}: not a key: the JWKS has no signing keys (every key is for another use)\n"
            ));
    }
    let ops = with(&|k| {
        k.insert("key_ops".into(), json!(["verify"]));
    });
    let path = env.file("verify.json", json!({"keys": [ops]}).to_string());
    offline_active(&env, ["--jwks", path.to_str().unwrap()], &token);
}
