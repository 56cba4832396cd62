//! How a token record is laid out inside its sealed blob.
//!
//! Since format 8 a record is a tag byte and a compact binary encoding
//! (postcard): times as Unix seconds, the hash as 32 bytes, custom claims
//! as their JSON text, and no token id, which the row's associated data
//! already binds. Earlier formats sealed the record as JSON; such a blob
//! starts with `{` and still reads. A record whose fields the compact form
//! cannot carry exactly (a time that is not whole-second UTC, say) is
//! sealed as JSON, so nothing is stored that would not read back as it was.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::token::time::{from_unix, rfc3339};
use crate::token::{Format, StoredStatus, TokenRecord, TokenType};

/// The first byte of a compact record (a JSON record starts with `{`).
const COMPACT: u8 = 1;

#[derive(Serialize, Deserialize)]
struct Compact<'a> {
    name: &'a str,
    token_type: TokenType,
    format: Format,
    #[serde(borrow)]
    secret: Option<&'a str>,
    #[serde(borrow)]
    secret_kid: Option<&'a str>,
    #[serde(borrow)]
    subject: Option<&'a str>,
    #[serde(borrow)]
    audience: Vec<&'a str>,
    #[serde(borrow)]
    role: Option<&'a str>,
    #[serde(borrow)]
    origins: Vec<&'a str>,
    /// The custom claims as a JSON object, empty when there are none.
    claims: &'a str,
    created_at: i64,
    created_by: &'a str,
    expires_at: Option<i64>,
    not_before: Option<i64>,
    status: StoredStatus,
    revoked_at: Option<i64>,
    #[serde(borrow)]
    revoked_by: Option<&'a str>,
    #[serde(borrow)]
    revoke_reason: Option<&'a str>,
    token_hash: [u8; 32],
}

/// Why a sealed record's plaintext does not decode.
#[derive(Debug)]
pub struct Undecodable;

/// The plaintext to seal for `rec`; `None` if it would not read back.
pub fn encode(rec: &TokenRecord) -> Option<Zeroizing<Vec<u8>>> {
    if let Some(plain) = encode_compact(rec) {
        if decode(&rec.id, &plain).is_ok_and(|back| back == *rec) {
            return Some(plain);
        }
    }
    let plain = Zeroizing::new(serde_json::to_vec(rec).ok()?);
    decode(&rec.id, &plain)
        .is_ok_and(|back| back == *rec)
        .then_some(plain)
}

fn encode_compact(rec: &TokenRecord) -> Option<Zeroizing<Vec<u8>>> {
    let mut hash = [0u8; 32];
    hex::decode_to_slice(&rec.token_hash, &mut hash).ok()?;
    let claims = if rec.claims.is_empty() {
        Zeroizing::new(String::new())
    } else {
        Zeroizing::new(serde_json::to_string(&rec.claims).ok()?)
    };
    let compact = Compact {
        name: &rec.name,
        token_type: rec.token_type,
        format: rec.format,
        secret: rec.secret.as_deref(),
        secret_kid: rec.secret_kid.as_deref(),
        subject: rec.subject.as_deref(),
        audience: rec.audience.iter().map(String::as_str).collect(),
        role: rec.role.as_deref(),
        origins: rec.origins.iter().map(String::as_str).collect(),
        claims: &claims,
        created_at: unix(&rec.created_at)?,
        created_by: &rec.created_by,
        expires_at: unix_opt(rec.expires_at.as_deref())?,
        not_before: unix_opt(rec.not_before.as_deref())?,
        status: rec.status,
        revoked_at: unix_opt(rec.revoked_at.as_deref())?,
        revoked_by: rec.revoked_by.as_deref(),
        revoke_reason: rec.revoke_reason.as_deref(),
        token_hash: hash,
    };
    let mut out = Zeroizing::new(Vec::with_capacity(160 + claims.len()));
    out.push(COMPACT);
    let body = Zeroizing::new(postcard::to_allocvec(&compact).ok()?);
    out.extend_from_slice(&body);
    Some(out)
}

/// The record of token `id` from its authenticated plaintext.
pub fn decode(id: &str, plain: &[u8]) -> Result<TokenRecord, Undecodable> {
    match plain.split_first() {
        Some((&COMPACT, body)) => decode_compact(id, body),
        Some((b'{', _)) => super::decode_authenticated(plain).map_err(|_| Undecodable),
        _ => Err(Undecodable),
    }
}

fn decode_compact(id: &str, body: &[u8]) -> Result<TokenRecord, Undecodable> {
    let c: Compact<'_> = match postcard::take_from_bytes(body) {
        Ok((c, [])) => c,
        _ => return Err(Undecodable),
    };
    let owned = |s: Option<&str>| s.map(str::to_string);
    let list = |v: Vec<&str>| v.into_iter().map(str::to_string).collect();
    let time = |t: i64| from_unix(t).map(rfc3339).ok_or(Undecodable);
    let time_opt = |t: Option<i64>| t.map(time).transpose();
    let claims = if c.claims.is_empty() {
        serde_json::Map::new()
    } else {
        super::decode_authenticated(c.claims.as_bytes()).map_err(|_| Undecodable)?
    };
    Ok(TokenRecord {
        id: id.to_string(),
        name: c.name.to_string(),
        token_type: c.token_type,
        format: c.format,
        secret: owned(c.secret),
        secret_kid: owned(c.secret_kid),
        subject: owned(c.subject),
        audience: list(c.audience),
        role: owned(c.role),
        origins: list(c.origins),
        claims,
        created_at: time(c.created_at)?,
        created_by: c.created_by.to_string(),
        expires_at: time_opt(c.expires_at)?,
        not_before: time_opt(c.not_before)?,
        status: c.status,
        revoked_at: time_opt(c.revoked_at)?,
        revoked_by: owned(c.revoked_by),
        revoke_reason: owned(c.revoke_reason),
        token_hash: crate::crypto::hex_string(&c.token_hash),
    })
}

/// Unix seconds of a time the store wrote, if it reads back the same.
fn unix(s: &str) -> Option<i64> {
    let t = chrono::DateTime::parse_from_rfc3339(s).ok()?;
    let secs = t.timestamp();
    (from_unix(secs).map(rfc3339).as_deref() == Some(s)).then_some(secs)
}

fn unix_opt(s: Option<&str>) -> Option<Option<i64>> {
    match s {
        None => Some(None),
        Some(s) => unix(s).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> TokenRecord {
        let mut claims = serde_json::Map::new();
        claims.insert(
            "tier".into(),
            serde_json::json!({"n": [1, 2, {"deep": true}]}),
        );
        TokenRecord {
            id: "0123456789abcdef0123456789abcdef".into(),
            name: "ci-deploy".into(),
            token_type: TokenType::Production,
            format: Format::Jwt,
            secret: Some("default".into()),
            secret_kid: Some("0bc39ce1f76effeb".into()),
            subject: Some("alice".into()),
            audience: vec!["api".into(), "web".into()],
            role: Some("admin".into()),
            origins: vec!["https://a.example".into()],
            claims,
            created_at: "2026-12-02T04:30:36Z".into(),
            created_by: "tester".into(),
            expires_at: Some("2099-01-01T00:00:00Z".into()),
            not_before: None,
            status: StoredStatus::Revoked,
            revoked_at: Some("2026-12-02T05:00:00Z".into()),
            revoked_by: Some("admin".into()),
            revoke_reason: Some("leaked".into()),
            token_hash: hex::encode([7u8; 32]),
        }
    }

    #[test]
    fn a_record_is_compact_and_reads_back_whole() {
        let rec = record();
        let plain = encode(&rec).unwrap();
        assert_eq!(plain[0], COMPACT);
        let json = serde_json::to_vec(&rec).unwrap();
        assert!(
            plain.len() * 2 < json.len(),
            "{} vs {}",
            plain.len(),
            json.len()
        );
        assert_eq!(decode(&rec.id, &plain).unwrap(), rec);
    }

    #[test]
    fn what_the_compact_form_cannot_carry_is_sealed_as_json() {
        let mut rec = record();
        rec.expires_at = Some("2099-01-01T00:00:00+02:00".into());
        let plain = encode(&rec).unwrap();
        assert_eq!(plain[0], b'{');
        assert_eq!(decode(&rec.id, &plain).unwrap(), rec);
        rec.expires_at = None;
        rec.token_hash = "not hex".into();
        assert_eq!(encode(&rec).unwrap()[0], b'{');
    }

    #[test]
    fn json_of_earlier_formats_reads_and_garbage_does_not() {
        let rec = record();
        let json = serde_json::to_vec(&rec).unwrap();
        assert_eq!(decode(&rec.id, &json).unwrap(), rec);
        let compact = encode(&rec).unwrap();
        for bad in [
            &[][..],
            &[0u8][..],
            &[COMPACT][..],
            &compact[..compact.len() - 1],
        ] {
            assert!(decode(&rec.id, bad).is_err());
        }
        let mut trailing = compact.to_vec();
        trailing.push(0);
        assert!(decode(&rec.id, &trailing).is_err());
    }
}
