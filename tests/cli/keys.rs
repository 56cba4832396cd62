//! Asymmetric secrets: tokens of every algorithm verify through an
//! independent implementation (jwt-simple) with only the JWKS, keys
//! jwt-simple made verify offline, `secret public` is what openssl reads,
//! openssl's private keys import (and the wrong ones are refused), and
//! `init --algorithm` picks the default's algorithm.

use jwt_simple::prelude::{
    Claims, Duration, ECDSAP256KeyPairLike, ECDSAP384KeyPairLike, ES256KeyPair, ES384KeyPair,
    Ed25519KeyPair, EdDSAKeyPairLike, EdDSAPublicKeyLike, PS256KeyPair, RS256KeyPair,
    RSAKeyPairLike,
};
use serde_json::{json, Map, Value};

use crate::support::env::TestEnv;
use crate::support::keys::{
    first_pem_block, generated_store, guard, jwk_of, jwks, jwks_file, jwt_simple_verify, kid_in,
    kids, name_of, openssl, openssl_public, openssl_text, pems, ASYMMETRIC,
};
use crate::support::tokens::{
    assert_keys, assert_reason, kid_of, mint, parts, secret_field, secret_names,
};

#[test]
fn every_asymmetric_token_verifies_with_jwt_simple_and_only_the_jwks() {
    let env = generated_store();
    let mut tokens = Vec::new();
    for alg in ASYMMETRIC {
        let token = mint(
            &env,
            &format!("svc-{alg}"),
            &[
                "--secret",
                &name_of(alg),
                "--subject",
                "alice",
                "--audience",
                "api",
                "--role",
                "reader",
                "--claim",
                "plan=pro",
                "--claim",
                "quota:=5",
            ],
        );
        tokens.push((alg, token));
    }
    // The JWKS is printed after every token was minted; each token is
    // checked with the one entry its kid names and nothing else.
    let jwks = jwks(&env);
    assert_eq!(kids(&jwks).len(), ASYMMETRIC.len(), "{jwks}");
    for (alg, token) in &tokens {
        let (header, payload) = parts(token);
        assert_eq!(header["alg"], *alg);
        let jwk = jwk_of(&jwks, &kid_in(token));
        assert_eq!(jwk["alg"], *alg, "{jwk}");
        assert_eq!(header["kid"], kid_of(&env, &name_of(alg)));
        let claims = jwt_simple_verify(alg, &jwk, token)
            .unwrap_or_else(|e| panic!("jwt-simple refuses the {alg} token: {e}"));
        assert_eq!(claims, payload, "{alg}");
        assert_eq!(claims["sub"], "alice");
        assert_eq!(claims["plan"], "pro");
        assert_eq!(claims["quota"], 5);
    }
    // The check is not vacuous: a token another key signed under the same
    // kid fails it.
    let kid = kid_of(&env, "eddsa");
    let forged = Ed25519KeyPair::generate()
        .with_key_id(&kid)
        .sign(Claims::create(Duration::from_mins(5)))
        .unwrap();
    assert!(jwt_simple_verify("EdDSA", &jwk_of(&jwks, &kid), &forged).is_err());
}

/// Import `pem` as secret `name` for `alg` (on stdin); returns its kid.
fn import(env: &TestEnv, name: &str, alg: &str, pem: &str) -> String {
    env.tk(&["secret", "add", name, "-a", alg])
        .stdin(pem)
        .run()
        .ok();
    kid_of(env, name)
}

#[test]
fn tokens_jwt_simple_signs_with_an_imported_key_verify_offline_but_not_with_the_store() {
    let mut env = TestEnv::init();
    let ed = Ed25519KeyPair::generate();
    let p256 = ES256KeyPair::generate();
    let p384 = ES384KeyPair::generate();
    let rsa = RS256KeyPair::generate(2048).unwrap();
    let rsa_pem = rsa.to_pem().unwrap();
    let pss = PS256KeyPair::from_pem(&rsa_pem).unwrap();
    let pems = [
        ("EdDSA", first_pem_block(&ed.to_pem())),
        ("ES256", p256.to_pem().unwrap()),
        ("ES384", p384.to_pem().unwrap()),
        ("RS256", rsa_pem.clone()),
        ("PS256", rsa_pem),
    ];
    let mut kids = Vec::new();
    for (alg, pem) in &pems {
        guard(&mut env, pem);
        kids.push(import(&env, &name_of(alg), alg, pem));
    }
    let mut custom = Map::new();
    custom.insert("plan".into(), json!("pro"));
    let claims =
        || Claims::with_custom_claims(custom.clone(), Duration::from_mins(10)).with_subject("bob");
    let signed = [
        ed.with_key_id(&kids[0]).sign(claims()).unwrap(),
        p256.with_key_id(&kids[1]).sign(claims()).unwrap(),
        p384.with_key_id(&kids[2]).sign(claims()).unwrap(),
        rsa.with_key_id(&kids[3]).sign(claims()).unwrap(),
        pss.with_key_id(&kids[4]).sign(claims()).unwrap(),
    ];
    let jwks = jwks_file(&env, "jwks.json");
    for ((alg, _), token) in pems.iter().zip(&signed) {
        assert_eq!(parts(token).0["alg"], *alg);
        // tokenctl's store accepts only the tokens it minted.
        assert_reason(&env, token, &[], "unknown");
        // Offline, the signature is all there is to check.
        let public = env.file(
            &format!("{alg}.pub.pem"),
            env.tk(&["secret", "public", &name_of(alg)])
                .run()
                .ok()
                .stdout(),
        );
        let public = public.to_str().unwrap();
        for keys in [["--key", public], ["--jwks", &jwks]] {
            let out = env
                .tk(&["token", "verify", "--json", keys[0], keys[1], token])
                .run()
                .ok()
                .json();
            let mut want = parts(token).1.as_object().unwrap().clone();
            want.insert("active".into(), json!(true));
            want.insert("store".into(), json!(false));
            assert_eq!(out, Value::Object(want), "{alg} with {keys:?}");
            env.tk(&["token", "verify", keys[0], keys[1], token])
                .run()
                .ok()
                .stderr_has("no store: revocation is not known");
        }
    }
}

#[test]
fn openssl_reads_every_public_pem_and_it_matches_the_jwk() {
    if pems().is_none() {
        return;
    }
    let env = generated_store();
    for alg in ASYMMETRIC {
        let name = name_of(alg);
        let pem = env.tk(&["secret", "public", &name]).run().ok().stdout();
        assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----\n"), "{pem}");
        assert!(pem.ends_with("-----END PUBLIC KEY-----\n"), "{pem}");
        let file = env.file(&format!("{name}.pem"), &pem);
        let file = file.to_str().unwrap();
        openssl(&["pkey", "-pubin", "-in", file, "-noout"], b"");
        // The PEM and the JWK are the same key.
        let jwk = env
            .tk(&["secret", "public", &name, "--format", "jwk"])
            .run()
            .ok()
            .json();
        let der = openssl(&["pkey", "-pubin", "-in", file, "-outform", "DER"], b"");
        let b = |m: &str| {
            use base64::Engine;
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(jwk[m].as_str().unwrap())
                .unwrap()
        };
        match alg {
            "EdDSA" => assert!(der.ends_with(&b("x")), "{alg}"),
            "ES256" | "ES384" => {
                let point = [vec![4u8], b("x"), b("y")].concat();
                assert!(der.ends_with(&point), "{alg}");
            }
            _ => {
                let modulus =
                    openssl_text(&["rsa", "-pubin", "-in", file, "-modulus", "-noout"], b"");
                assert_eq!(
                    modulus.trim(),
                    format!("Modulus={}", hex::encode_upper(b("n")))
                );
                assert_eq!(b("e"), [1, 0, 1]);
                let text = openssl_text(&["pkey", "-pubin", "-in", file, "-noout", "-text"], b"");
                assert!(text.contains("Public-Key: (3072 bit)"), "{text}");
            }
        }
    }
}

#[test]
fn a_public_jwk_has_exactly_the_members_of_its_key_type() {
    let env = generated_store();
    for alg in ASYMMETRIC {
        let name = name_of(alg);
        let jwk = env
            .tk(&["secret", "public", &name, "--format", "jwk"])
            .run()
            .ok()
            .json();
        let (kty, crv) = match alg {
            "EdDSA" => ("OKP", Some("Ed25519")),
            "ES256" => ("EC", Some("P-256")),
            "ES384" => ("EC", Some("P-384")),
            _ => ("RSA", None),
        };
        match kty {
            "OKP" => assert_keys(&jwk, &["kty", "crv", "x", "kid", "alg", "use"]),
            "EC" => assert_keys(&jwk, &["kty", "crv", "x", "y", "kid", "alg", "use"]),
            _ => assert_keys(&jwk, &["kty", "n", "e", "kid", "alg", "use"]),
        }
        assert_eq!(jwk["kty"], kty);
        if let Some(crv) = crv {
            assert_eq!(jwk["crv"], crv);
        }
        assert_eq!(jwk["kid"], kid_of(&env, &name));
        assert_eq!(jwk["alg"], alg);
        assert_eq!(jwk["use"], "sig");
        // The same entry as the JWKS's, and --json prints it too.
        assert_eq!(jwk, jwk_of(&jwks(&env), &kid_of(&env, &name)));
        let json = env
            .tk(&["secret", "public", &name, "--json"])
            .run()
            .ok()
            .json();
        assert_eq!(json, jwk);
    }
}

#[test]
fn an_hmac_secret_has_no_public_half() {
    let env = TestEnv::init();
    for format in ["pem", "jwk"] {
        let run = env
            .tk(&["secret", "public", "default", "--format", format])
            .run()
            .expect(2)
            .stderr_has("tokenctl: secret 'default' is an HS256 (HMAC) key: it has no public half");
        assert_eq!(run.stdout(), "");
    }
    env.tk(&["secret", "public", "nosuch"])
        .run()
        .expect(5)
        .stderr_has("no secret named 'nosuch'");
}

#[test]
fn openssl_private_keys_import_from_a_file_and_from_stdin_and_sign() {
    let Some(pems) = pems() else {
        return;
    };
    let mut env = TestEnv::init();
    let cases = [
        ("ed25519", "EdDSA", &pems.ed25519, "PRIVATE KEY"),
        ("p256", "ES256", &pems.p256, "PRIVATE KEY"),
        ("p256-sec1", "ES256", &pems.p256_sec1, "EC PRIVATE KEY"),
        ("p384-sec1", "ES384", &pems.p384_sec1, "EC PRIVATE KEY"),
        ("rsa", "RS256", &pems.rsa, ""),
        ("rsa-pkcs1", "PS256", &pems.rsa_pkcs1, "RSA PRIVATE KEY"),
    ];
    for (what, alg, pem, label) in cases {
        if !label.is_empty() {
            assert!(
                pem.starts_with(&format!("-----BEGIN {label}-----\n")),
                "{what}: {pem}"
            );
        }
        guard(&mut env, pem);
        let file = env.file(&format!("{what}.pem"), pem);
        let public = env.file(&format!("{what}.pub.pem"), openssl_public(pem));
        let from_file = format!("{what}-file");
        let from_stdin = format!("{what}-stdin");
        env.tk(&[
            "secret",
            "add",
            &from_file,
            "-a",
            alg,
            "--from-file",
            file.to_str().unwrap(),
        ])
        .run()
        .ok()
        .stderr_has(&format!("Added {alg} secret '{from_file}'"));
        env.tk(&["secret", "add", &from_stdin, "--algorithm", alg])
            .stdin(pem.as_bytes())
            .run()
            .ok();
        for name in [&from_file, &from_stdin] {
            assert_eq!(secret_field(&env, name, "algorithm"), alg);
            // The public half tokenctl derives is openssl's, byte for byte.
            let derived = env.tk(&["secret", "public", name]).run().ok().stdout();
            assert_eq!(derived, openssl_public(pem), "{what}");
            let token = mint(&env, &format!("tok-{name}"), &["--secret", name]);
            assert_eq!(parts(&token).0["alg"], alg);
            env.tk(&["token", "verify", "--key", public.to_str().unwrap(), &token])
                .run()
                .ok();
            env.tk(&["token", "verify", &token]).run().ok();
        }
        // Two imports of one key are two secrets with two key ids.
        assert_ne!(kid_of(&env, &from_file), kid_of(&env, &from_stdin));
    }
    crate::support::store::assert_files_clean(&env);
}

#[test]
fn a_private_key_pem_among_other_pem_blocks_imports() {
    let mut env = TestEnv::init();
    let mut refused = Vec::new();
    let pair = Ed25519KeyPair::generate();
    let bundle = pair.to_pem();
    assert_eq!(bundle.matches("-----BEGIN ").count(), 2, "{bundle}");
    guard(&mut env, &first_pem_block(&bundle));
    let run = env
        .tk(&["secret", "add", "pair", "-a", "EdDSA"])
        .stdin(bundle)
        .run();
    if run.code() == 0 {
        let token = mint(&env, "t", &["--secret", "pair"]);
        pair.public_key()
            .verify_token::<jwt_simple::prelude::NoCustomClaims>(&token, None)
            .unwrap();
    } else {
        refused.push(("private key, then public key", run.stderr()));
    }
    if crate::support::keys::have_openssl() {
        let with_params = openssl(&["ecparam", "-name", "prime256v1", "-genkey"], b"");
        let text = String::from_utf8(with_params.clone()).unwrap();
        assert!(
            text.starts_with("-----BEGIN EC PARAMETERS-----\n"),
            "{text}"
        );
        guard(
            &mut env,
            &text[text.find("-----BEGIN EC PRIVATE KEY").unwrap()..],
        );
        // openssl itself reads the key out of it.
        openssl(&["pkey", "-noout"], &with_params);
        let run = env
            .tk(&["secret", "add", "ec", "-a", "ES256"])
            .stdin(with_params)
            .run();
        if run.code() != 0 {
            refused.push(("EC PARAMETERS, then the key", run.stderr()));
        }
    }
    assert!(refused.is_empty(), "refused: {refused:?}");
}

#[test]
fn a_pem_bundle_must_hold_one_private_key_and_only_its_own_public_key() {
    let mut env = TestEnv::init();
    let (one, two) = (Ed25519KeyPair::generate(), Ed25519KeyPair::generate());
    let (one_pem, two_pem) = (one.to_pem(), two.to_pem());
    let (one_private, two_private) = (first_pem_block(&one_pem), first_pem_block(&two_pem));
    let two_public = two_pem[two_private.len()..].to_string();
    guard(&mut env, &one_private);
    guard(&mut env, &two_private);
    for (input, reason) in [
        (
            format!("{one_private}{two_public}"),
            "not a key: the public key in the input is not the private key's",
        ),
        (
            format!("{one_private}{two_private}"),
            "not a key: the input holds several keys; give one key",
        ),
        (
            format!("{two_public}{two_public}"),
            "not a key: the input holds no private key among its PEM blocks",
        ),
    ] {
        refused(&env, "EdDSA", input.as_bytes(), reason);
    }
    // Comments and a certificate-like block beside the key are ignored, as
    // openssl ignores them.
    let text = format!(
        "Key for the build farm\n{one_private}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    );
    env.tk(&["secret", "add", "one", "-a", "EdDSA"])
        .stdin(text)
        .run()
        .ok();
    let token = mint(&env, "t", &["--secret", "one"]);
    one.public_key()
        .verify_token::<jwt_simple::prelude::NoCustomClaims>(&token, None)
        .unwrap();
    crate::support::store::assert_files_clean(&env);
}

/// `secret add NAME -a ALG` with `input` on stdin is refused: exit 2, one
/// line saying `reason`.
#[track_caller]
fn refused(env: &TestEnv, alg: &str, input: &[u8], reason: &str) {
    let run = env
        .tk(&["secret", "add", "refused", "-a", alg])
        .stdin(input)
        .run()
        .expect(2);
    assert_eq!(run.stderr(), format!("tokenctl: {reason}\n"), "{alg}");
    assert_eq!(run.stdout(), "");
}

#[test]
fn encrypted_public_weak_mismatched_and_garbage_keys_are_refused() {
    let Some(pems) = pems() else {
        return;
    };
    let mut env = TestEnv::init();
    for pem in [&pems.ed25519, &pems.p384_sec1, &pems.rsa, &pems.p256_sec1] {
        guard(&mut env, pem);
    }
    let encrypted =
        "the key is encrypted; decrypt it first (e.g. `openssl pkey -in key.pem -out plain.pem`)";
    let pkcs8_encrypted = openssl(
        &[
            "pkcs8",
            "-topk8",
            "-v2",
            "aes-256-cbc",
            "-passout",
            "pass:x",
        ],
        pems.ed25519.as_bytes(),
    );
    assert!(pkcs8_encrypted.starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    refused(&env, "EdDSA", &pkcs8_encrypted, encrypted);
    let generated_encrypted = openssl(
        &[
            "genpkey",
            "-algorithm",
            "ed25519",
            "-aes256",
            "-pass",
            "pass:x",
        ],
        b"",
    );
    refused(&env, "EdDSA", &generated_encrypted, encrypted);
    // Legacy PEM encryption: the PKCS#1 or SEC1 label, then Proc-Type.
    for (alg, tool, pem) in [
        ("RS256", &["rsa", "-traditional"][..], &pems.rsa),
        ("ES256", &["ec"][..], &pems.p256_sec1),
    ] {
        let args = [tool, &["-aes256", "-passout", "pass:x"]].concat();
        let legacy = openssl(&args, pem.as_bytes());
        let text = String::from_utf8(legacy.clone()).unwrap();
        assert!(text.contains("\nProc-Type: 4,ENCRYPTED\n"), "{text}");
        refused(&env, alg, &legacy, encrypted);
    }
    let public_only =
        "this is a public key (or a certificate) alone; a signing secret needs the private key";
    refused(
        &env,
        "EdDSA",
        openssl_public(&pems.ed25519).as_bytes(),
        public_only,
    );
    refused(
        &env,
        "RS256",
        openssl_public(&pems.rsa).as_bytes(),
        public_only,
    );
    let pkcs1_public = openssl(&["rsa", "-RSAPublicKey_out"], pems.rsa.as_bytes());
    refused(&env, "RS256", &pkcs1_public, public_only);
    let weak = openssl(&["genrsa", "1024"], b"");
    refused(
        &env,
        "RS256",
        &weak,
        "the RSA key has 1024 bits; tokenctl accepts 2048 to 4096",
    );
    for (alg, pem, reason) in [
        (
            "ES256",
            &pems.ed25519,
            "the key is an Ed25519 key, but ES256 signs with a P-256 key",
        ),
        (
            "ES256",
            &pems.p384_sec1,
            "the key is a P-384 key, but ES256 signs with a P-256 key",
        ),
        (
            "EdDSA",
            &pems.rsa,
            "the key is an RSA key, but EdDSA signs with an Ed25519 key",
        ),
        (
            "ES384",
            &pems.p256_sec1,
            "the key is a P-256 key, but ES384 signs with a P-384 key",
        ),
        (
            "EdDSA",
            &pems.p256_sec1,
            "the key is a P-256 key, but EdDSA signs with an Ed25519 key",
        ),
        (
            "PS256",
            &pems.p256,
            "the key is a P-256 key, but PS256 signs with an RSA key",
        ),
    ] {
        refused(&env, alg, pem.as_bytes(), reason);
    }
    let p384_pkcs8 = openssl(&["pkey"], pems.p384_sec1.as_bytes());
    refused(
        &env,
        "ES256",
        &p384_pkcs8,
        "the key is a P-384 key, but ES256 signs with a P-256 key",
    );
    // Garbage: not PEM, PEM of nothing, PEM of another kind.
    for garbage in [
        &b"garbage\n"[..],
        b"",
        b"\x00\xff\x10 binary",
        b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        b"-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----\n",
        b"-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
    ] {
        let run = env
            .tk(&["secret", "add", "refused", "-a", "EdDSA"])
            .stdin(garbage)
            .run()
            .expect(2);
        let err = run.stderr();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("tokenctl: "), "{err}");
    }
    // --base64 is for HMAC keys only, whatever the input.
    let file = env.file("ed.pem", &pems.ed25519);
    env.tk(&[
        "secret",
        "add",
        "refused",
        "-a",
        "EdDSA",
        "--base64",
        "--from-file",
        file.to_str().unwrap(),
    ])
    .run()
    .expect(2)
    .stderr_has("tokenctl: --base64 applies to HMAC keys; an EdDSA key is imported as PEM\n");
    // Nothing was added by any of them.
    assert_eq!(secret_names(&env), ["default"]);
}

#[test]
fn init_with_eddsa_makes_the_default_secret_eddsa() {
    let env = TestEnv::new();
    env.init_store_with(&["--algorithm", "EdDSA"])
        .ok()
        .stderr_has("Generated EdDSA secret 'default' (the default for `token create`)");
    assert_eq!(secret_field(&env, "default", "algorithm"), "EdDSA");
    assert_eq!(secret_field(&env, "default", "default"), true);
    let token = mint(&env, "svc", &["--subject", "alice"]);
    let (header, _) = parts(&token);
    assert_eq!(header["alg"], "EdDSA");
    assert_eq!(header["kid"], kid_of(&env, "default"));
    env.tk(&["token", "verify", &token]).run().ok();
    let jwks = jwks(&env);
    assert_eq!(kids(&jwks), [kid_of(&env, "default")]);
    assert!(jwt_simple_verify("EdDSA", &jwk_of(&jwks, &kid_in(&token)), &token).is_ok());
    // The algorithm is for the default secret: there is none to give it to.
    let none = TestEnv::new();
    none.init_store_with(&["--no-default-secret", "--algorithm", "EdDSA"])
        .expect(2);
    assert!(!none.store.exists());
}
