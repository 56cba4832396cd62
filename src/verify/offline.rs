//! Verifying without a store: with the keys of a JWKS, one public key (PEM,
//! DER or a JWK), or an HMAC key file. The algorithm is pinned by the key,
//! never taken from the token; nothing is known of revocation or delivery.
//!
//! A public key and an HMAC key come through separate doors. A key file is
//! never guessed to be an HMAC key because it failed to read as a public
//! one: that guess turns a public key in an unexpected encoding into an
//! HMAC secret everyone holds, and every HS256 token signed with it would
//! verify.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{Constraints, Examination, Examined, Reason};
use crate::secret::keys::{KeyError, PublicKey};
use crate::secret::{Algorithm, SecretValue};
use crate::token::jwt::{self, Verifier};
use crate::token::{json as strict_json, opaque};

/// Keys to verify with.
pub enum Keys {
    /// A JWKS: each key with its `kid` and, when the JWK names one, its `alg`.
    Jwks(Vec<(Option<String>, Option<Algorithm>, PublicKey)>),
    /// One public key, and the algorithm it is pinned to when it names one
    /// (a JWK's `alg`).
    Public(Option<Algorithm>, PublicKey),
    /// One HMAC key.
    Hmac(SecretValue),
}

/// Read a JWKS (`{"keys": [...]}`): public keys only, distinct key ids.
pub fn load_jwks(bytes: &[u8]) -> Result<Keys, KeyError> {
    let bad = |why: String| KeyError::Unreadable(why);
    let doc = strict_json::parse_object(bytes).map_err(|e| bad(format!("not a JWKS: {e}")))?;
    let list = doc
        .get("keys")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("not a JWKS: it has no \"keys\" list".into()))?;
    let mut keys = Vec::with_capacity(list.len());
    for jwk in list {
        let jwk = jwk
            .as_object()
            .ok_or_else(|| bad("a JWKS entry is not an object".into()))?;
        if !for_signatures(jwk) {
            continue;
        }
        let (kid, alg, key) = PublicKey::from_jwk(jwk)?;
        if kid.is_some() && keys.iter().any(|(k, _, _)| k == &kid) {
            return Err(bad(format!(
                "the JWKS has two keys with kid '{}'",
                kid.unwrap_or_default().escape_debug()
            )));
        }
        keys.push((kid, alg, key));
    }
    if keys.is_empty() {
        return Err(bad(if list.is_empty() {
            "the JWKS has no keys".into()
        } else {
            "the JWKS has no signing keys (every key is for another use)".into()
        }));
    }
    Ok(Keys::Jwks(keys))
}

/// Whether a JWK is for checking signatures: RFC 7517's `use` is absent or
/// "sig", and `key_ops`, when present, includes "verify". Other keys (an
/// encryption key published in the same set) are skipped, not read.
fn for_signatures(jwk: &serde_json::Map<String, Value>) -> bool {
    let use_sig = jwk.get("use").is_none_or(|u| u == "sig");
    let ops_verify = jwk.get("key_ops").is_none_or(|ops| {
        ops.as_array()
            .is_some_and(|o| o.iter().any(|op| op == "verify"))
    });
    use_sig && ops_verify
}

/// Read a public key file: PEM (`PUBLIC KEY` or `RSA PUBLIC KEY`, text
/// around the block ignored), DER (SubjectPublicKeyInfo or PKCS#1), a JWK,
/// or a JWKS. Anything else is refused, never taken for an HMAC key.
pub fn load_key(bytes: &[u8]) -> Result<Keys, KeyError> {
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = text.trim_ascii_start();
    if text.starts_with(b"{") {
        let doc = strict_json::parse_object(text)
            .map_err(|e| KeyError::Unreadable(format!("not a JWK: {e}")))?;
        if doc.contains_key("keys") {
            return load_jwks(text);
        }
        let (_, alg, key) = PublicKey::from_jwk(&doc)?;
        return Ok(Keys::Public(alg, key));
    }
    if contains(bytes, b"-----BEGIN ") {
        return Ok(Keys::Public(None, PublicKey::from_pem(bytes)?));
    }
    if bytes.first() == Some(&0x30) {
        return Ok(Keys::Public(None, PublicKey::from_der(bytes)?));
    }
    Err(KeyError::Unreadable(
        "not a public key in PEM, DER or JWK form (an HMAC key is given with --hmac-key)".into(),
    ))
}

/// Read an HMAC key file: its bytes (one trailing newline stripped), at
/// least 32 of them. A file that reads as a public key is refused: anyone
/// holding it could sign tokens this key would verify.
pub fn load_hmac_key(bytes: &[u8]) -> Result<Keys, KeyError> {
    if load_key(bytes).is_ok() || contains(bytes, b"-----BEGIN ") {
        return Err(KeyError::Unreadable(
            "this is a public key, not an HMAC key; give it with --key".into(),
        ));
    }
    let raw = crate::input::strip_newline(bytes);
    if raw.len() < Algorithm::HS256.min_key_len() {
        return Err(KeyError::Unreadable(format!(
            "an HMAC key of {} bytes; HMAC keys have at least 32",
            raw.len()
        )));
    }
    Ok(Keys::Hmac(SecretValue::new(zeroize::Zeroizing::new(
        raw.to_vec(),
    ))))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Check one token's signature with `keys`: identified (no record), or why not.
pub fn examine(keys: &Keys, tok: &str) -> Examination {
    if opaque::looks_opaque(tok) {
        return match opaque::check(tok) {
            Err(why) => Err((Reason::Malformed, why.into())),
            Ok(_) => Err((
                Reason::Unknown,
                "an opaque token can only be checked by the store that minted it".into(),
            )),
        };
    }
    let parsed = jwt::parse(tok).map_err(|why| (Reason::Malformed, why))?;
    let verifier = pick(keys, &parsed)?;
    if !parsed.signature_valid(&verifier) {
        return Err((
            Reason::BadSignature,
            format!("the signature does not match the {} key", verifier.alg()),
        ));
    }
    Ok(Examined {
        record: None,
        claims: parsed.claims,
        signature_verified: true,
    })
}

/// The verifier for `parsed`: the key its `kid` names (or the only one),
/// with the algorithm the key allows. A token whose `alg` does not fit the
/// key is `bad_signature`.
fn pick(keys: &Keys, parsed: &jwt::Parsed) -> Result<Verifier, (Reason, String)> {
    let claimed: Option<Algorithm> = parsed.alg().parse().ok();
    let mismatch = || {
        (
            Reason::BadSignature,
            format!(
                "its alg '{}' does not fit the key",
                parsed.alg().escape_debug()
            ),
        )
    };
    let (pinned, key) = match keys {
        Keys::Hmac(secret) => {
            let alg = claimed
                .filter(|a| !a.is_asymmetric())
                .ok_or_else(mismatch)?;
            return Verifier::for_secret(alg, secret).map_err(|_| mismatch());
        }
        Keys::Public(alg, key) => (*alg, key),
        Keys::Jwks(list) => {
            let found = match parsed.kid() {
                Some(kid) => list.iter().find(|(k, _, _)| k.as_deref() == Some(kid)),
                None if list.len() == 1 => list.first(),
                None => None,
            };
            let (_, alg, key) = found.ok_or_else(|| {
                (
                    Reason::Unknown,
                    match parsed.kid() {
                        Some(kid) => format!("no key in the JWKS has kid '{}'", kid.escape_debug()),
                        None => "it names no kid and the JWKS has several keys".into(),
                    },
                )
            })?;
            (*alg, key)
        }
    };
    let alg = claimed.ok_or_else(mismatch)?;
    if pinned.is_some_and(|p| p != alg) {
        return Err(mismatch());
    }
    Verifier::for_public(alg, key).ok_or_else(mismatch)
}

/// Whether a token whose signature holds is active now under `c`, from its
/// claims alone: `exp`, `nbf`, `token_type`, `origins` and `aud`.
pub fn verdict(ex: Examination, now: DateTime<Utc>, c: &Constraints) -> Examination {
    let ex = ex?;
    super::rules::check_claims(&ex.claims, now, c).map_err(|reason| {
        let detail = match reason {
            Reason::Expired => "past its exp".to_string(),
            Reason::NotYetValid => "before its nbf".to_string(),
            other => other.as_str().replace('_', " "),
        };
        (reason, detail)
    })?;
    Ok(ex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jwks_with_two_keys_of_one_kid_is_refused() {
        let key = PublicKey::of_private(Algorithm::EdDSA, &SecretValue::generate(Algorithm::EdDSA))
            .unwrap()
            .to_jwk(Algorithm::EdDSA, "same");
        let doc = serde_json::json!({"keys": [key.clone(), key]}).to_string();
        assert!(load_jwks(doc.as_bytes()).is_err());
    }

    #[test]
    fn an_hmac_token_is_never_checked_with_a_public_key() {
        let secret = SecretValue::generate(Algorithm::EdDSA);
        let public = PublicKey::of_private(Algorithm::EdDSA, &secret).unwrap();
        // An HS256 token whose "secret" is the public key's PEM text.
        let pem = public.to_pem().unwrap();
        let forged = jwt::Signer::new(
            Algorithm::HS256,
            "k",
            &SecretValue::new(zeroize::Zeroizing::new(pem.into_bytes())),
        )
        .unwrap()
        .sign(&serde_json::Map::new())
        .unwrap();
        let (reason, _) = examine(&Keys::Public(None, public), &forged).unwrap_err();
        assert_eq!(reason, Reason::BadSignature);
    }
}
