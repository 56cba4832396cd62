//! In-process hot paths: signing, sealing, parsing and verifying one token.
//!
//! `cargo bench --bench hot_paths`. Whole-process timings on a store of
//! 100,000 tokens are in `benches/cli.py`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Map, Value};
use zeroize::Zeroizing;

use tokenctl::crypto::{self, Key};
use tokenctl::secret::{Algorithm, SecretValue};
use tokenctl::store;
use tokenctl::token::{jwt, token_hash, Format, StoredStatus, TokenRecord, TokenType};

fn record() -> TokenRecord {
    TokenRecord {
        id: hex::encode(crypto::random_array::<16>()),
        name: "bench-user-123456".into(),
        token_type: TokenType::Development,
        format: Format::Jwt,
        secret: Some("default".into()),
        secret_kid: Some("0123456789abcdef".into()),
        subject: Some("user-123456".into()),
        audience: vec!["api".into()],
        role: None,
        origins: Vec::new(),
        claims: Map::new(),
        created_at: "2026-11-22T12:00:00Z".into(),
        created_by: "ci".into(),
        expires_at: Some("2026-11-22T13:00:00Z".into()),
        not_before: None,
        status: StoredStatus::Active,
        revoked_at: None,
        revoked_by: None,
        revoke_reason: None,
        token_hash: "00".repeat(32),
    }
}

fn claims(rec: &TokenRecord) -> Map<String, Value> {
    let v = json!({
        "jti": rec.id, "sub": rec.subject, "aud": "api", "iat": 1_795_348_800_i64,
        "exp": 1_795_352_400_i64, "token_type": "development",
    });
    v.as_object().cloned().unwrap_or_default()
}

fn benches(c: &mut Criterion) {
    let secret = SecretValue::generate(Algorithm::HS256);
    let signer = jwt::Signer::new(Algorithm::HS256, "0123456789abcdef", &secret).unwrap();
    let verifier = jwt::Verifier::for_secret(Algorithm::HS256, &secret).unwrap();
    let rec = record();
    let claims = claims(&rec);
    let token = signer.sign(&claims).unwrap_or_default();
    let key = Key::generate();
    let aad = crypto::row_aad(&[7; 16], "tokens", &rec.id, 1);
    let plain = Zeroizing::new(serde_json::to_vec(&rec).unwrap_or_default());
    let sealed = crypto::seal(&key, &plain, &aad);
    let compact = store::encode_token_record(&rec).unwrap_or_default();
    let sealed_compact = crypto::seal(&key, &compact, &aad);

    c.bench_function("sign HS256 JWT", |b| {
        b.iter(|| signer.sign(black_box(&claims)))
    });
    c.bench_function("sha256 token hash", |b| {
        b.iter(|| token_hash(black_box(&token)))
    });
    c.bench_function(
        "seal token record, format 7 (JSON + XChaCha20-Poly1305)",
        |b| {
            b.iter(|| {
                let plain = Zeroizing::new(serde_json::to_vec(black_box(&rec)).unwrap_or_default());
                crypto::seal(&key, &plain, &aad)
            })
        },
    );
    c.bench_function(
        "open token record, format 7 (XChaCha20-Poly1305 + JSON)",
        |b| {
            b.iter(|| {
                let plain = crypto::open(&key, black_box(&sealed), &aad);
                plain.and_then(|p| serde_json::from_slice::<TokenRecord>(&p).ok())
            })
        },
    );
    c.bench_function("seal token record (compact + XChaCha20-Poly1305)", |b| {
        b.iter(|| {
            let plain = store::encode_token_record(black_box(&rec)).unwrap_or_default();
            crypto::seal(&key, &plain, &aad)
        })
    });
    c.bench_function("open token record (XChaCha20-Poly1305 + compact)", |b| {
        b.iter(|| {
            let plain = crypto::open(&key, black_box(&sealed_compact), &aad);
            plain.and_then(|p| store::decode_token_record(&rec.id, &p).ok())
        })
    });
    c.bench_function("strict-parse JWT", |b| {
        b.iter(|| jwt::parse(black_box(&token)))
    });
    c.bench_function("strict-parse and verify HS256 JWT", |b| {
        b.iter(|| jwt::parse(black_box(&token)).map(|p| p.signature_valid(&verifier)))
    });
    // Every asymmetric algorithm: signing, and parsing plus verifying with
    // the public key (as a service holding the JWKS would).
    for alg in [
        Algorithm::EdDSA,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::RS256,
        Algorithm::PS256,
    ] {
        let secret = SecretValue::generate(alg);
        let signer = jwt::Signer::new(alg, "0123456789abcdef", &secret).unwrap();
        let public = tokenctl::secret::keys::PublicKey::of_private(alg, &secret).unwrap();
        let verifier = jwt::Verifier::for_public(alg, &public).unwrap();
        let token = signer.sign(&claims).unwrap_or_default();
        c.bench_function(&format!("sign {alg} JWT"), |b| {
            b.iter(|| signer.sign(black_box(&claims)))
        });
        c.bench_function(&format!("strict-parse and verify {alg} JWT"), |b| {
            b.iter(|| jwt::parse(black_box(&token)).map(|p| p.signature_valid(&verifier)))
        });
    }
}

criterion_group!(hot_paths, benches);
criterion_main!(hot_paths);
