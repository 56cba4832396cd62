//! The checks made once a token's identity and signature are established:
//! status, time and the caller's constraints.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::token::{StoredStatus, TokenRecord, TokenType};

/// Why a token is not active: the `reason` of `verify --json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Not a token: bad structure, encoding, `alg: none`, `crit`, too large.
    Malformed,
    /// Well-formed, but this store never minted it.
    Unknown,
    /// The signature or algorithm does not match the token's secret.
    BadSignature,
    /// Past `exp`.
    Expired,
    /// Before `nbf`.
    NotYetValid,
    /// Revoked.
    Revoked,
    /// Never delivered.
    Undelivered,
    /// `--type` differs.
    WrongType,
    /// `--origin` is not among the token's origins.
    OriginNotAllowed,
    /// `--audience` is not in `aud`.
    AudienceMismatch,
    /// Its lifetime or audience breaks the store's policy.
    Policy,
}

impl Reason {
    /// The spec's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Malformed => "malformed",
            Reason::Unknown => "unknown",
            Reason::BadSignature => "bad_signature",
            Reason::Expired => "expired",
            Reason::NotYetValid => "not_yet_valid",
            Reason::Revoked => "revoked",
            Reason::Undelivered => "undelivered",
            Reason::WrongType => "wrong_type",
            Reason::OriginNotAllowed => "origin_not_allowed",
            Reason::AudienceMismatch => "audience_mismatch",
            Reason::Policy => "policy",
        }
    }
}

/// What the caller requires beyond "active".
#[derive(Debug, Clone, Default)]
pub struct Constraints {
    /// `--type`.
    pub token_type: Option<TokenType>,
    /// `--origin`.
    pub origin: Option<String>,
    /// `--audience`.
    pub audience: Option<String>,
    /// `--leeway` in seconds.
    pub leeway_secs: i64,
    /// The store's policy.
    pub policy: Vec<crate::token::policy::Rule>,
}

fn ts(s: Option<&str>) -> Option<i64> {
    s.and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.timestamp())
}

fn same_origin(a: &str, b: &str) -> bool {
    a.trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim_end_matches('/'))
}

/// Check a token whose record is known and whose signature (for JWTs) is valid.
pub fn check_active(
    rec: &TokenRecord,
    claims: &Map<String, Value>,
    now: DateTime<Utc>,
    c: &Constraints,
) -> Result<(), Reason> {
    match rec.status {
        StoredStatus::Revoked => return Err(Reason::Revoked),
        StoredStatus::Undelivered => return Err(Reason::Undelivered),
        StoredStatus::Active => {}
    }
    let now = now.timestamp();
    let claim = |k: &str| claims.get(k).and_then(Value::as_i64);
    // The record is the truth; the claim must agree, and either one expiring is enough.
    if rec.expires_at.is_some() && claim("exp").is_none() && !claims.is_empty() {
        return Err(Reason::BadSignature);
    }
    for exp in [ts(rec.expires_at.as_deref()), claim("exp")]
        .into_iter()
        .flatten()
    {
        if now >= exp.saturating_add(c.leeway_secs) {
            return Err(Reason::Expired);
        }
    }
    for nbf in [ts(rec.not_before.as_deref()), claim("nbf")]
        .into_iter()
        .flatten()
    {
        if now.saturating_add(c.leeway_secs) < nbf {
            return Err(Reason::NotYetValid);
        }
    }
    if !c.policy.is_empty() {
        let created = DateTime::parse_from_rfc3339(&rec.created_at).map(|t| t.with_timezone(&Utc));
        let expires = rec
            .expires_at
            .as_deref()
            .map(|t| DateTime::parse_from_rfc3339(t).map(|t| t.with_timezone(&Utc)));
        match (created, expires.transpose()) {
            (Ok(created), Ok(expires)) => {
                if crate::token::policy::breach(
                    &c.policy,
                    rec.token_type,
                    created,
                    expires,
                    !rec.audience.is_empty(),
                )
                .is_some()
                {
                    return Err(Reason::Policy);
                }
            }
            _ => return Err(Reason::Policy),
        }
    }
    if let Some(t) = c.token_type {
        if t != rec.token_type {
            return Err(Reason::WrongType);
        }
    }
    if let Some(o) = &c.origin {
        if !rec.origins.is_empty() && !rec.origins.iter().any(|x| same_origin(x, o)) {
            return Err(Reason::OriginNotAllowed);
        }
    }
    if let Some(a) = &c.audience {
        if !rec.audience.iter().any(|x| x == a) {
            return Err(Reason::AudienceMismatch);
        }
    }
    Ok(())
}

/// Check a token known only by its claims (no store): `exp` and `nbf` with
/// the leeway, and the constraints against `token_type`, `origins` and `aud`.
pub fn check_claims(
    claims: &Map<String, Value>,
    now: DateTime<Utc>,
    c: &Constraints,
) -> Result<(), Reason> {
    let now = now.timestamp();
    let claim = |k: &str| claims.get(k).and_then(Value::as_i64);
    if claim("exp").is_some_and(|exp| now >= exp.saturating_add(c.leeway_secs)) {
        return Err(Reason::Expired);
    }
    if claim("nbf").is_some_and(|nbf| now.saturating_add(c.leeway_secs) < nbf) {
        return Err(Reason::NotYetValid);
    }
    if let Some(t) = c.token_type {
        if claims.get("token_type").and_then(Value::as_str) != Some(t.as_str()) {
            return Err(Reason::WrongType);
        }
    }
    let strings = |v: Option<&Value>| -> Vec<String> {
        match v {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        }
    };
    if let Some(o) = &c.origin {
        let origins = strings(claims.get("origins"));
        if !origins.is_empty() && !origins.iter().any(|x| same_origin(x, o)) {
            return Err(Reason::OriginNotAllowed);
        }
    }
    if let Some(a) = &c.audience {
        if !strings(claims.get("aud")).iter().any(|x| x == a) {
            return Err(Reason::AudienceMismatch);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::Format;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap()
    }

    fn rec() -> TokenRecord {
        TokenRecord {
            id: "id1".into(),
            name: "n".into(),
            token_type: TokenType::Development,
            format: Format::Jwt,
            secret: Some("default".into()),
            secret_kid: Some("k".into()),
            subject: None,
            audience: vec!["api".into()],
            role: None,
            origins: vec!["https://app.example".into()],
            claims: Map::new(),
            created_at: "2026-05-31T23:00:00Z".into(),
            created_by: "t".into(),
            expires_at: Some("2026-06-01T01:00:00Z".into()),
            not_before: None,
            status: StoredStatus::Active,
            revoked_at: None,
            revoked_by: None,
            revoke_reason: None,
            token_hash: String::new(),
        }
    }

    fn check(r: &TokenRecord, at: DateTime<Utc>, c: &Constraints) -> Result<(), Reason> {
        check_active(r, &r.claims_as_jwt(None), at, c)
    }

    #[test]
    fn reasons() {
        let c = Constraints::default();
        let r = rec();
        assert_eq!(check(&r, now(), &c), Ok(()));
        let later = now() + chrono::Duration::hours(1);
        assert_eq!(check(&r, later, &c), Err(Reason::Expired));
        let lee = Constraints {
            leeway_secs: 60,
            ..Constraints::default()
        };
        assert_eq!(check(&r, later, &lee), Ok(()));
        assert_eq!(
            check(&r, later + chrono::Duration::seconds(60), &lee),
            Err(Reason::Expired)
        );
        let mut nbf = rec();
        nbf.not_before = Some("2026-06-01T00:10:00Z".into());
        assert_eq!(check(&nbf, now(), &c), Err(Reason::NotYetValid));
        let lee = Constraints {
            leeway_secs: 600,
            ..Constraints::default()
        };
        assert_eq!(check(&nbf, now(), &lee), Ok(()));
        let mut rev = rec();
        rev.status = StoredStatus::Revoked;
        assert_eq!(check(&rev, later, &c), Err(Reason::Revoked));
        let ty = Constraints {
            token_type: Some(TokenType::Production),
            ..Constraints::default()
        };
        assert_eq!(check(&r, now(), &ty), Err(Reason::WrongType));
        let o = Constraints {
            origin: Some("https://evil.example".into()),
            ..Constraints::default()
        };
        assert_eq!(check(&r, now(), &o), Err(Reason::OriginNotAllowed));
        let o = Constraints {
            origin: Some("https://app.example/".into()),
            ..Constraints::default()
        };
        assert_eq!(check(&r, now(), &o), Ok(()));
        let a = Constraints {
            audience: Some("other".into()),
            ..Constraints::default()
        };
        assert_eq!(check(&r, now(), &a), Err(Reason::AudienceMismatch));
    }

    #[test]
    fn a_missing_exp_claim_on_an_expiring_token_is_refused() {
        let r = rec();
        let mut claims = r.claims_as_jwt(None);
        claims.remove("exp");
        assert_eq!(
            check_active(&r, &claims, now(), &Constraints::default()),
            Err(Reason::BadSignature)
        );
    }
}
