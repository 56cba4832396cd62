//! Signing secrets: algorithms, values, names, the weak-key rule, and
//! (in `keys`) private and public keys.

pub mod keys;

use std::fmt;
use std::str::FromStr;

use zeroize::Zeroizing;

/// A signing algorithm: HMAC with a shared key, or a private key whose
/// public half anyone may use to verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// HMAC with SHA-256.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
    /// Ed25519 signatures.
    EdDSA,
    /// ECDSA on P-256 with SHA-256.
    ES256,
    /// ECDSA on P-384 with SHA-384.
    ES384,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
    /// RSASSA-PSS with SHA-256.
    PS256,
}

/// What kind of key an algorithm signs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// A shared HMAC key.
    Hmac,
    /// An Ed25519 key pair.
    Ed25519,
    /// A P-256 key pair.
    P256,
    /// A P-384 key pair.
    P384,
    /// An RSA key pair.
    Rsa,
}

impl Algorithm {
    /// Every supported algorithm.
    pub const ALL: [Algorithm; 8] = [
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
        Algorithm::EdDSA,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::RS256,
        Algorithm::PS256,
    ];

    /// The JOSE name (`HS256`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
            Algorithm::EdDSA => "EdDSA",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            Algorithm::RS256 => "RS256",
            Algorithm::PS256 => "PS256",
        }
    }

    /// The kind of key it signs with.
    pub fn key_type(self) -> KeyType {
        match self {
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => KeyType::Hmac,
            Algorithm::EdDSA => KeyType::Ed25519,
            Algorithm::ES256 => KeyType::P256,
            Algorithm::ES384 => KeyType::P384,
            Algorithm::RS256 | Algorithm::PS256 => KeyType::Rsa,
        }
    }

    /// Whether it has a public half (every algorithm but HMAC).
    pub fn is_asymmetric(self) -> bool {
        self.key_type() != KeyType::Hmac
    }

    /// The minimum (and generated) HMAC key length: the hash's output size
    /// (RFC 7518 §3.2). Zero for the asymmetric algorithms.
    pub fn min_key_len(self) -> usize {
        match self {
            Algorithm::HS256 => 32,
            Algorithm::HS384 => 48,
            Algorithm::HS512 => 64,
            _ => 0,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Algorithm {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Algorithm::ALL
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!(
                    "unknown algorithm '{}' (supported: {})",
                    s.escape_debug(),
                    Algorithm::ALL.map(Algorithm::as_str).join(", ")
                )
            })
    }
}

/// A secret key value: zeroized on drop, redacted in `Debug`, not `Clone`.
pub struct SecretValue(Zeroizing<Vec<u8>>);

impl SecretValue {
    /// Wrap bytes that are already in a zeroizing buffer.
    pub fn new(bytes: Zeroizing<Vec<u8>>) -> Self {
        SecretValue(bytes)
    }

    /// A random key of the algorithm's full strength: HMAC bytes, or a
    /// private key (RSA: 3072 bits) as PKCS#8 DER.
    pub fn generate(alg: Algorithm) -> Self {
        if alg.is_asymmetric() {
            return keys::generate(alg.key_type());
        }
        let mut v = Zeroizing::new(vec![0u8; alg.min_key_len()]);
        crate::crypto::fill_random(&mut v);
        SecretValue(v)
    }

    /// The raw bytes. Never print, log or copy them into a plain buffer.
    pub fn expose_secret(&self) -> &[u8] {
        &self.0
    }

    /// Refuse HMAC keys weaker than the algorithm requires (RFC 7518 §3.2).
    pub fn check_strength(&self, alg: Algorithm) -> Result<(), String> {
        if alg.is_asymmetric() {
            return Ok(());
        }
        let len = self.0.len();
        if len == 0 {
            return Err("the secret value is empty".into());
        }
        if len < alg.min_key_len() {
            return Err(format!(
                "the secret value is {len} bytes; {alg} needs at least {} bytes (RFC 7518 §3.2)",
                alg.min_key_len()
            ));
        }
        Ok(())
    }
}

impl fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretValue([REDACTED])")
    }
}

/// Check a secret or token name: `[A-Za-z0-9][A-Za-z0-9._-]{0,63}`.
pub fn validate_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let ok = match chars.next() {
        Some(c) if c.is_ascii_alphanumeric() => {
            name.len() <= 64
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "invalid name '{}': use 1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit",
            name.escape_debug()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in ["a", "default", "ci-deploy.v2", "A_1", &"x".repeat(64)] {
            assert!(validate_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", "-a", ".a", "a b", "a/b", "é", &"x".repeat(65), "a\n"] {
            assert!(validate_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn strength() {
        for alg in Algorithm::ALL.into_iter().filter(|a| !a.is_asymmetric()) {
            let short = SecretValue::new(Zeroizing::new(vec![1; alg.min_key_len() - 1]));
            assert!(short.check_strength(alg).is_err());
            assert!(SecretValue::generate(alg).check_strength(alg).is_ok());
        }
        let empty = SecretValue::new(Zeroizing::new(vec![]));
        assert!(empty.check_strength(Algorithm::HS256).is_err());
    }

    #[test]
    fn algorithm_parse() {
        assert_eq!("hs384".parse::<Algorithm>(), Ok(Algorithm::HS384));
        assert_eq!("eddsa".parse::<Algorithm>(), Ok(Algorithm::EdDSA));
        for a in Algorithm::ALL {
            assert_eq!(a.as_str().parse::<Algorithm>(), Ok(a));
        }
        assert!("none".parse::<Algorithm>().is_err());
        assert!("RS512".parse::<Algorithm>().is_err());
    }
}
