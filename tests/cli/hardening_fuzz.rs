//! A stable-Rust stand-in for the cargo-fuzz targets in `fuzz/`: mutated
//! tokens, JSON and `--claim` arguments thrown at the same parsers for a
//! bounded number of rounds, then a sample of mutated tokens through the
//! binary. No panics; nothing but the exact minted string verifies.
//!
//! CI size: 50 000 mutations per parser and 40 through the binary;
//! `TOKENCTL_STRESS=full`: 1 000 000 and 400.

use serde_json::Value;
use tokenctl::secret::{Algorithm, SecretValue};
use tokenctl::token::{claims, json, jwt, opaque};

use crate::support::env::TestEnv;
use crate::support::system::{scale, Rng};
use crate::support::tokens::{add_known_secret, assert_active, forge_opaque, mint};

const KEY: [u8; 64] = [0x42; 64];

fn key() -> SecretValue {
    SecretValue::new(zeroize::Zeroizing::new(KEY.to_vec()))
}

/// A token signed with `KEY`, with claims worth mutating.
fn seed_token() -> String {
    let mut claims = serde_json::Map::new();
    claims.insert(
        "jti".into(),
        Value::from("0123456789abcdef0123456789abcdef"),
    );
    claims.insert("exp".into(), Value::from(4_102_444_800_i64));
    claims.insert("nbf".into(), Value::from(1_700_000_000_i64));
    claims.insert("aud".into(), Value::from(vec!["a", "b"]));
    claims.insert(
        "x".into(),
        serde_json::json!({"n": [1, 2.5, null, true, "s"]}),
    );
    jwt::Signer::new(Algorithm::HS256, "0011223344556677", &key())
        .unwrap()
        .sign(&claims)
        .unwrap()
}

const INTERESTING: &[&[u8]] = &[
    b".",
    b"=",
    b"+",
    b"/",
    b"-",
    b"_",
    b"\0",
    b"\xff",
    b"\xc3\xa9",
    b"\"",
    b"\\",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b",",
    b"null",
    b"1e400",
    b"-0",
    b"\\ud800",
    b"\\u0000",
    b"none",
    b"HS256",
    b"alg",
    b"crit",
    b"kid",
    b"exp",
    b"tkd_",
    b"tkp_",
    b"@",
    b":=",
    b"=@",
    b":=@",
];

/// One random edit: flip a bit, set a byte, insert or delete a run, splice
/// in an interesting token, or duplicate a slice.
fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..=rng.below(3) {
        let at = if v.is_empty() {
            0
        } else {
            rng.below(v.len() + 1)
        };
        match rng.below(6) {
            0 if !v.is_empty() => {
                let i = at.min(v.len() - 1);
                v[i] ^= 1 << rng.below(8);
            }
            1 if !v.is_empty() => {
                let i = at.min(v.len() - 1);
                v[i] = rng.next() as u8;
            }
            2 => {
                let piece = INTERESTING[rng.below(INTERESTING.len())];
                v.splice(at..at, piece.iter().copied());
            }
            3 if !v.is_empty() => {
                let end = (at + 1 + rng.below(8)).min(v.len());
                v.drain(at.min(end)..end);
            }
            4 if !v.is_empty() => {
                let start = rng.below(v.len());
                let end = (start + 1 + rng.below(16)).min(v.len());
                let slice = v[start..end].to_vec();
                v.splice(at..at, slice);
            }
            _ => v.insert(at, rng.next() as u8),
        }
    }
    v
}

/// Mutate inside a JWT's decoded header or payload and re-encode it, so the
/// mutations reach the JSON and claim checks, not just base64.
fn mutate_inside(rng: &mut Rng, token: &str) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    let i = rng.below(2);
    let decoded = URL_SAFE_NO_PAD.decode(&parts[i]).unwrap_or_default();
    parts[i] = URL_SAFE_NO_PAD.encode(mutate(rng, &decoded));
    parts.join(".")
}

#[test]
fn mutated_tokens_never_panic_the_parser_and_never_verify() {
    let rounds = scale(50_000, 1_000_000);
    let mut rng = Rng::new("token mutations");
    let seed = seed_token();
    let verifier = |alg| jwt::Verifier::for_secret(alg, &key()).unwrap();
    assert!(jwt::parse(&seed)
        .unwrap()
        .signature_valid(&verifier(Algorithm::HS256)));
    let (mut parsed, mut tried) = (0usize, 0usize);
    for round in 0..rounds {
        let candidate = if round % 2 == 0 {
            mutate(&mut rng, seed.as_bytes())
        } else {
            mutate_inside(&mut rng, &seed).into_bytes()
        };
        let Ok(text) = String::from_utf8(candidate) else {
            continue;
        };
        tried += 1;
        if let Ok(p) = jwt::parse(&text) {
            parsed += 1;
            for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
                if p.signature_valid(&verifier(alg)) {
                    assert_eq!(text, seed, "a different string verifies under the key");
                }
            }
        }
    }
    eprintln!("{tried} mutated tokens, {parsed} still parsed, none but the original verified");
}

#[test]
fn strict_json_never_panics_and_agrees_with_serde_json() {
    let rounds = scale(50_000, 1_000_000);
    let mut rng = Rng::new("json mutations");
    let seeds: [&[u8]; 3] = [
        br#"{"alg":"HS256","typ":"JWT","kid":"0011223344556677"}"#,
        br#"{"a":[1,2.5,-3e2,null,true,"s\u00e9\n"],"b":{"c":{"d":[]}},"e":""}"#,
        br#"[{"k":1},{"k":2}]"#,
    ];
    let mut accepted = 0usize;
    for _ in 0..rounds {
        let pick = seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, pick);
        if let Ok(v) = json::parse_strict(&input) {
            accepted += 1;
            let plain: Value = serde_json::from_slice(&input).unwrap_or_else(|e| {
                panic!("strict accepted what serde_json refuses ({e}): {input:?}")
            });
            assert_eq!(v, plain, "{input:?}");
        }
        let _ = json::parse_object(&input);
    }
    eprintln!("{accepted} mutated documents accepted");
}

#[test]
fn opaque_checks_never_panic_and_catch_every_single_character_change() {
    let rounds = scale(50_000, 1_000_000);
    let mut rng = Rng::new("opaque mutations");
    let env_free_token = {
        // A well-formed token with a checksum computed independently.
        forge_opaque("tkd_", "abcdefghijABCDEFGHIJ0123456789")
    };
    assert!(opaque::check(&env_free_token).is_ok());
    const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for _ in 0..rounds {
        // Any one character of the body or checksum replaced: never accepted.
        let mut b = env_free_token.clone().into_bytes();
        let i = 4 + rng.below(36);
        let c = BASE62[rng.below(62)];
        if b[i] != c {
            b[i] = c;
            let t = String::from_utf8(b).unwrap();
            assert!(opaque::check(&t).is_err(), "{t} passes the checksum");
        }
        // Arbitrary edits: never a panic, and what passes has the shape.
        if let Ok(t) = String::from_utf8(mutate(&mut rng, env_free_token.as_bytes())) {
            if opaque::check(&t).is_ok() {
                assert!(opaque::looks_opaque(&t) && t.len() == 40, "{t}");
            }
        }
    }
}

#[test]
fn claim_flags_never_panic_and_never_set_a_reserved_claim() {
    let rounds = scale(50_000, 1_000_000);
    let mut rng = Rng::new("claim mutations");
    let read = |p: &std::path::Path| -> Result<Vec<u8>, String> {
        match p.to_str() {
            Some(s) if s.starts_with('!') => Err("unreadable".into()),
            Some(s) => Ok(s.as_bytes().to_vec()),
            None => Err("not UTF-8".into()),
        }
    };
    let seeds: [&[u8]; 6] = [
        b"plan=pro",
        b"n:=42",
        b"o:={\"a\":[1,2]}",
        b"s=@file.txt",
        b"j:=@[1,2]",
        b"sub=x",
    ];
    for _ in 0..rounds {
        let pick = seeds[rng.below(seeds.len())];
        let Ok(arg) = String::from_utf8(mutate(&mut rng, pick)) else {
            continue;
        };
        if let Ok((k, _)) = claims::parse_claim(&arg, &read) {
            assert!(!k.is_empty() && arg.starts_with(&k), "{arg:?} -> {k:?}");
            assert!(
                claims::check_not_reserved(&k).is_ok(),
                "{arg:?} set reserved {k}"
            );
        }
        let _ = claims::collect(None, &[arg.clone(), arg], &read);
    }
}

#[test]
fn mutated_tokens_through_the_binary_are_never_active() {
    let runs = scale(40, 400);
    let env = TestEnv::init();
    add_known_secret(&env, "known", "HS256");
    let token = mint(&env, "target", &["--secret", "known"]);
    let opaque_token = mint(&env, "target-opaque", &["--format", "opaque"]);
    let mut rng = Rng::new("binary mutations");
    for i in 0..runs {
        let base = if i % 3 == 2 { &opaque_token } else { &token };
        let candidate = if i % 3 == 1 {
            mutate_inside(&mut rng, base).into_bytes()
        } else {
            mutate(&mut rng, base.as_bytes())
        };
        if std::str::from_utf8(&candidate).map(str::trim) == Ok(base.as_str()) {
            continue;
        }
        let run = env
            .tk(&["token", "verify", "--json", "-"])
            .stdin(candidate.clone())
            .run();
        assert_eq!(
            run.code(),
            1,
            "{:?}: {}",
            String::from_utf8_lossy(&candidate),
            run.stderr()
        );
        let reason = run.json()["reason"].as_str().unwrap().to_string();
        assert!(
            ["malformed", "unknown", "bad_signature"].contains(&reason.as_str()),
            "{reason}"
        );
        let ins = env
            .tk(&["token", "inspect", "--no-store", "-"])
            .stdin(candidate)
            .run();
        assert!(
            ins.code() == 0 || ins.code() == 1,
            "inspect exit {}",
            ins.code()
        );
    }
    assert_active(&env, &token, &[]);
}
