//! JWT encoding (each signer's key parsed once; HMAC through
//! `jsonwebtoken`) and a strict decoder that refuses anything ambiguous
//! before any signature is checked.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{Map, Value};

use super::json::parse_object;
use super::MAX_TOKEN_LEN;
use crate::secret::keys::{self, KeyError, PublicKey};
use crate::secret::{Algorithm, SecretValue};

fn jose_alg(alg: Algorithm) -> jsonwebtoken::Algorithm {
    match alg {
        Algorithm::HS256 => jsonwebtoken::Algorithm::HS256,
        Algorithm::HS384 => jsonwebtoken::Algorithm::HS384,
        Algorithm::HS512 => jsonwebtoken::Algorithm::HS512,
        Algorithm::EdDSA => jsonwebtoken::Algorithm::EdDSA,
        Algorithm::ES256 => jsonwebtoken::Algorithm::ES256,
        Algorithm::ES384 => jsonwebtoken::Algorithm::ES384,
        Algorithm::RS256 => jsonwebtoken::Algorithm::RS256,
        Algorithm::PS256 => jsonwebtoken::Algorithm::PS256,
    }
}

/// A signer for one secret, reusable across many tokens.
pub struct Signer {
    alg: Algorithm,
    /// The encoded header, the same for every token of this signer.
    header: String,
    key: keys::SigningKey,
}

impl Signer {
    /// A signer for `value` under `alg`, naming `kid` in the header.
    pub fn new(alg: Algorithm, kid: &str, value: &SecretValue) -> Result<Signer, KeyError> {
        let mut header = jsonwebtoken::Header::new(jose_alg(alg));
        header.kid = Some(kid.to_string());
        let header = serde_json::to_vec(&header)
            .map_err(|e| KeyError::Unreadable(format!("cannot encode the header: {e}")))?;
        Ok(Signer {
            alg,
            header: URL_SAFE_NO_PAD.encode(header),
            key: keys::SigningKey::new(alg, value)?,
        })
    }

    /// The algorithm this signer signs with.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// Sign `claims` into a compact JWT with header `alg`, `typ: JWT`, `kid`.
    pub fn sign(&self, claims: &Map<String, Value>) -> Result<String, String> {
        let payload = serde_json::to_vec(claims).map_err(|e| format!("cannot sign: {e}"))?;
        let mut token = String::with_capacity(self.header.len() + payload.len() * 4 / 3 + 520);
        token.push_str(&self.header);
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(&payload, &mut token);
        // With the public header and claims, the signature is the token.
        let signature = zeroize::Zeroizing::new(
            self.key
                .sign(jose_alg(self.alg), token.as_bytes())
                .map_err(|e| format!("cannot sign: {e}"))?,
        );
        token.push('.');
        token.push_str(&signature);
        Ok(token)
    }
}

/// The key a JWT's signature is checked with, and the one algorithm it is
/// pinned to: a token whose header names any other algorithm fails.
pub struct Verifier {
    alg: Algorithm,
    key: jsonwebtoken::DecodingKey,
}

impl Verifier {
    /// Verify with a secret of the store: its HMAC key, or the public half
    /// of its private key.
    pub fn for_secret(alg: Algorithm, value: &SecretValue) -> Result<Verifier, KeyError> {
        let key = if alg.is_asymmetric() {
            PublicKey::of_private(alg, value)?.decoding_key()
        } else {
            jsonwebtoken::DecodingKey::from_secret(value.expose_secret())
        };
        Ok(Verifier { alg, key })
    }

    /// Verify with a public key, for `alg` (which must fit the key's type).
    pub fn for_public(alg: Algorithm, key: &PublicKey) -> Option<Verifier> {
        key.fits(alg).then(|| Verifier {
            alg,
            key: key.decoding_key(),
        })
    }

    /// The algorithm it is pinned to.
    pub fn alg(&self) -> Algorithm {
        self.alg
    }
}

/// A structurally valid JWT, decoded but not yet verified.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// Header object.
    pub header: Map<String, Value>,
    /// Claims object.
    pub claims: Map<String, Value>,
    signing_input: String,
    signature: String,
}

impl Parsed {
    /// The `alg` header.
    pub fn alg(&self) -> &str {
        self.header.get("alg").and_then(Value::as_str).unwrap_or("")
    }

    /// The `kid` header.
    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }

    /// The `jti` claim.
    pub fn jti(&self) -> Option<&str> {
        self.claims.get("jti").and_then(Value::as_str)
    }

    /// Check the signature with `v`, whose algorithm is pinned: a header
    /// naming any other algorithm fails, whatever its signature.
    pub fn signature_valid(&self, v: &Verifier) -> bool {
        if self.alg() != v.alg.as_str() {
            return false;
        }
        jsonwebtoken::crypto::verify(
            &self.signature,
            self.signing_input.as_bytes(),
            &v.key,
            jose_alg(v.alg),
        )
        .unwrap_or(false)
    }
}

fn b64_part(part: &str, what: &str) -> Result<Vec<u8>, String> {
    if part.is_empty() {
        return Err(format!("the {what} is empty"));
    }
    if !part
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(format!("the {what} is not base64url"));
    }
    URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| format!("the {what} is not base64url"))
}

/// Decode a compact JWT strictly: three base64url parts, JSON objects
/// without duplicate keys, a signing `alg` that is not `none`, no `crit`.
pub fn parse(token: &str) -> Result<Parsed, String> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(format!(
            "the token is larger than {} KiB",
            MAX_TOKEN_LEN / 1024
        ));
    }
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(format!(
            "a JWT has 3 dot-separated parts, this has {}",
            parts.len()
        ));
    }
    let header = parse_object(&b64_part(parts[0], "header")?)
        .map_err(|e| format!("the header is not a JSON object: {e}"))?;
    let claims = parse_object(&b64_part(parts[1], "payload")?)
        .map_err(|e| format!("the payload is not a JSON object: {e}"))?;
    let alg = header
        .get("alg")
        .and_then(Value::as_str)
        .ok_or("the header has no alg")?;
    if alg.eq_ignore_ascii_case("none") || alg.is_empty() {
        return Err("unsigned tokens (alg none) are refused".into());
    }
    if header.contains_key("crit") {
        return Err(
            "the header has critical extensions (crit), which tokenctl does not support".into(),
        );
    }
    if let Some(kid) = header.get("kid") {
        if !kid.is_string() {
            return Err("the kid header is not a string".into());
        }
    }
    b64_part(parts[2], "signature")?;
    for claim in ["exp", "nbf", "iat"] {
        if let Some(v) = claims.get(claim) {
            if !v.is_i64() && !v.is_u64() {
                return Err(format!("the {claim} claim is not a whole number"));
            }
        }
    }
    Ok(Parsed {
        header,
        claims,
        signing_input: format!("{}.{}", parts[0], parts[1]),
        signature: parts[2].to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn b64(v: &Value) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    }

    fn key() -> SecretValue {
        SecretValue::new(zeroize::Zeroizing::new(vec![9u8; 32]))
    }

    #[test]
    fn round_trip_and_pinning() {
        let signer = Signer::new(Algorithm::HS256, "kid1", &key()).unwrap();
        let check = |alg, k: &SecretValue| Verifier::for_secret(alg, k).unwrap();
        let mut claims = Map::new();
        claims.insert("jti".into(), json!("abc"));
        claims.insert("exp".into(), json!(4_000_000_000u64));
        let tok = signer.sign(&claims).unwrap();
        let p = parse(&tok).unwrap();
        assert_eq!(p.kid(), Some("kid1"));
        assert_eq!(p.jti(), Some("abc"));
        assert_eq!(p.header["typ"], "JWT");
        assert!(p.signature_valid(&check(Algorithm::HS256, &key())));
        assert!(!p.signature_valid(&check(Algorithm::HS512, &key())));
        let other = SecretValue::new(zeroize::Zeroizing::new(vec![8u8; 32]));
        assert!(!p.signature_valid(&check(Algorithm::HS256, &other)));
        // The same claims re-signed with HS384 under the same key: the alg is pinned.
        let t384 = Signer::new(Algorithm::HS384, "kid1", &key())
            .unwrap()
            .sign(&claims)
            .unwrap();
        assert!(!parse(&t384)
            .unwrap()
            .signature_valid(&check(Algorithm::HS256, &key())));
    }

    #[test]
    fn refuses_ambiguous_tokens() {
        let claims = b64(&json!({"jti":"x"}));
        let sig = "c2ln";
        for (header, why) in [
            (json!({"alg":"none"}), "none"),
            (json!({"alg":"NoNe"}), "none"),
            (json!({"alg":"HS256","crit":["exp"]}), "crit"),
            (json!({"typ":"JWT"}), "alg"),
            (json!({"alg":"HS256","kid":7}), "kid"),
        ] {
            let tok = format!("{}.{claims}.{sig}", b64(&header));
            assert!(parse(&tok).unwrap_err().contains(why), "{header}");
        }
        let dup_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","alg":"none"}"#);
        assert!(parse(&format!("{dup_header}.{claims}.{sig}")).is_err());
        let good_header = b64(&json!({"alg":"HS256"}));
        let dup_claims = URL_SAFE_NO_PAD.encode(br#"{"jti":"a","jti":"b"}"#);
        assert!(parse(&format!("{good_header}.{dup_claims}.{sig}")).is_err());
        let str_exp = b64(&json!({"exp":"4000000000"}));
        assert!(parse(&format!("{good_header}.{str_exp}.{sig}")).is_err());
        for bad in [
            "",
            "a.b",
            "a.b.c.d",
            &format!("{good_header}.{claims}."),
            &format!("{good_header}.{claims}.{sig}="),
            &format!("{good_header}.{claims}.{sig}.x"),
            "é.é.é",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(parse(&"a".repeat(MAX_TOKEN_LEN + 1)).is_err());
        assert!(parse(&format!("{good_header}.{claims}.{sig}")).is_ok());
    }
}
