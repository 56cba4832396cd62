//! Signing secrets: algorithms, values, names and the weak-key rule.

use std::fmt;
use std::str::FromStr;

use zeroize::Zeroizing;

/// A signing algorithm. Only the HMAC family is supported today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// HMAC with SHA-256.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
}

impl Algorithm {
    /// Every supported algorithm.
    pub const ALL: [Algorithm; 3] = [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];

    /// The JOSE name (`HS256`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
        }
    }

    /// The minimum (and generated) key length: the hash's output size (RFC 7518 §3.2).
    pub fn min_key_len(self) -> usize {
        match self {
            Algorithm::HS256 => 32,
            Algorithm::HS384 => 48,
            Algorithm::HS512 => 64,
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
        match s.to_ascii_uppercase().as_str() {
            "HS256" => Ok(Algorithm::HS256),
            "HS384" => Ok(Algorithm::HS384),
            "HS512" => Ok(Algorithm::HS512),
            "EDDSA" | "ES256" | "RS256" => Err(format!(
                "algorithm {s} is not supported yet (supported: HS256, HS384, HS512)"
            )),
            _ => Err(format!(
                "unknown algorithm '{s}' (supported: HS256, HS384, HS512)"
            )),
        }
    }
}

/// A secret key value: zeroized on drop, redacted in `Debug`, not `Clone`.
pub struct SecretValue(Zeroizing<Vec<u8>>);

impl SecretValue {
    /// Wrap bytes that are already in a zeroizing buffer.
    pub fn new(bytes: Zeroizing<Vec<u8>>) -> Self {
        SecretValue(bytes)
    }

    /// A random key of the algorithm's full strength.
    pub fn generate(alg: Algorithm) -> Self {
        let mut v = Zeroizing::new(vec![0u8; alg.min_key_len()]);
        crate::crypto::fill_random(&mut v);
        SecretValue(v)
    }

    /// The raw bytes. Never print, log or copy them into a plain buffer.
    pub fn expose_secret(&self) -> &[u8] {
        &self.0
    }

    /// Refuse keys weaker than the algorithm requires (RFC 7518 §3.2).
    pub fn check_strength(&self, alg: Algorithm) -> Result<(), String> {
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
        for alg in Algorithm::ALL {
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
        assert!("none".parse::<Algorithm>().is_err());
        assert!("RS256"
            .parse::<Algorithm>()
            .unwrap_err()
            .contains("not supported yet"));
    }
}
