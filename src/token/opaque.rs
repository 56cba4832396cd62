//! Opaque API tokens: `tkp_`/`tkd_` + 30 random base62 characters + 6 base62
//! characters of their CRC32, so a leaked token can be recognised offline.

use rand::distr::{Alphanumeric, SampleString};

use super::TokenType;

const BODY_LEN: usize = 30;
const CHECK_LEN: usize = 6;
const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn prefix(t: TokenType) -> &'static str {
    match t {
        TokenType::Production => "tkp_",
        TokenType::Development => "tkd_",
    }
}

/// CRC32 of `body` in 6 base62 digits, most significant first.
fn checksum(body: &str) -> String {
    let mut n = u64::from(crc32fast::hash(body.as_bytes()));
    let mut out = [b'0'; CHECK_LEN];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A fresh opaque token of type `t`.
pub fn generate(t: TokenType) -> String {
    let body = Alphanumeric.sample_string(&mut rand::rng(), BODY_LEN);
    format!("{}{body}{}", prefix(t), checksum(&body))
}

/// Whether `s` has the opaque shape (prefix and length), checksum aside.
pub fn looks_opaque(s: &str) -> bool {
    s.starts_with("tkp_") || s.starts_with("tkd_")
}

/// Check shape and checksum; the type the prefix names, or why not.
pub fn check(s: &str) -> Result<TokenType, &'static str> {
    let (t, rest) = if let Some(r) = s.strip_prefix("tkp_") {
        (TokenType::Production, r)
    } else if let Some(r) = s.strip_prefix("tkd_") {
        (TokenType::Development, r)
    } else {
        return Err("not an opaque token (no tkp_/tkd_ prefix)");
    };
    if rest.len() != BODY_LEN + CHECK_LEN || !rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err("not an opaque token (wrong length or characters)");
    }
    let (body, check) = rest.split_at(BODY_LEN);
    if checksum(body) != check {
        return Err("not a token: the checksum does not match");
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_check() {
        for t in [TokenType::Development, TokenType::Production] {
            let tok = generate(t);
            assert_eq!(tok.len(), 4 + 36);
            assert_eq!(check(&tok), Ok(t));
        }
        assert!(generate(TokenType::Production).starts_with("tkp_"));
    }

    #[test]
    fn any_change_breaks_the_checksum() {
        let tok = generate(TokenType::Development);
        let mut bytes = tok.clone().into_bytes();
        bytes[10] = if bytes[10] == b'a' { b'b' } else { b'a' };
        assert!(check(std::str::from_utf8(&bytes).unwrap()).is_err());
        assert!(check(&tok[..tok.len() - 1]).is_err());
        assert!(check(&format!("{tok}x")).is_err());
        assert!(check("tkx_abc").is_err());
    }

    #[test]
    fn checksum_is_base62_crc32() {
        // crc32("") == 0
        assert_eq!(checksum(""), "000000");
        // u32::MAX in base62 is 4gfFC3
        let n = u64::from(crc32fast::hash(b"abc"));
        let s = checksum("abc");
        let back = s.bytes().fold(0u64, |acc, c| {
            acc * 62 + ALPHABET.iter().position(|&a| a == c).unwrap() as u64
        });
        assert_eq!(back, n);
    }
}
