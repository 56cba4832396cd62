//! Tokens: types, records, the JWT and opaque formats, claims, expiry and verification.

pub mod claims;
pub mod json;
pub mod jwt;
pub mod opaque;
pub mod policy;
pub mod spec;
pub mod time;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Largest token `verify` and `inspect` accept; bigger input is refused unread.
pub const MAX_TOKEN_LEN: usize = 64 * 1024;

/// `development` or `production`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenType {
    /// Development (default; alias `dev`).
    Development,
    /// Production (alias `prod`).
    Production,
}

impl TokenType {
    /// The canonical name.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenType::Development => "development",
            TokenType::Production => "production",
        }
    }
}

impl fmt::Display for TokenType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TokenType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "development" | "dev" => Ok(TokenType::Development),
            "production" | "prod" => Ok(TokenType::Production),
            _ => Err(format!(
                "invalid token type '{}': use development (dev) or production (prod)",
                s.escape_debug()
            )),
        }
    }
}

/// `jwt` or `opaque`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A signed JWT.
    Jwt,
    /// A random API token with a checksum.
    Opaque,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "jwt" => Ok(Format::Jwt),
            "opaque" => Ok(Format::Opaque),
            _ => Err(format!(
                "invalid format '{}': use jwt or opaque",
                s.escape_debug()
            )),
        }
    }
}

impl Format {
    /// The canonical name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jwt => "jwt",
            Format::Opaque => "opaque",
        }
    }
}

/// The status written in a record. `expired` is derived from the expiry time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StoredStatus {
    /// Delivered and not revoked.
    Active,
    /// Revoked.
    Revoked,
    /// Never reached its user.
    Undelivered,
}

impl StoredStatus {
    /// The name used in the index column.
    pub fn as_str(self) -> &'static str {
        match self {
            StoredStatus::Active => "active",
            StoredStatus::Revoked => "revoked",
            StoredStatus::Undelivered => "undelivered",
        }
    }
}

/// The status users see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Valid now.
    Active,
    /// Past its expiry.
    Expired,
    /// Revoked.
    Revoked,
    /// Never reached its user.
    Undelivered,
}

impl Status {
    /// The canonical name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Expired => "expired",
            Status::Revoked => "revoked",
            Status::Undelivered => "undelivered",
        }
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "active" => Ok(Status::Active),
            "expired" => Ok(Status::Expired),
            "revoked" => Ok(Status::Revoked),
            "undelivered" => Ok(Status::Undelivered),
            _ => Err(format!(
                "invalid status '{}': use active, expired, revoked, undelivered or all",
                s.escape_debug()
            )),
        }
    }
}

/// Everything the store knows about a token: sealed as one record.
/// Empty fields are left out of the sealed JSON and read back as empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenRecord {
    /// Random id; the JWT's `jti`.
    pub id: String,
    /// Name, unique among active tokens.
    pub name: String,
    /// development / production.
    #[serde(rename = "type")]
    pub token_type: TokenType,
    /// jwt / opaque.
    pub format: Format,
    /// Name of the signing secret at creation (JWT only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// Key id of the signing secret (JWT only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_kid: Option<String>,
    /// `sub`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// `aud`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audience: Vec<String>,
    /// `role`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// `origins`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origins: Vec<String>,
    /// Custom claims.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub claims: Map<String, Value>,
    /// Creation time, RFC 3339 UTC.
    pub created_at: String,
    /// Actor.
    pub created_by: String,
    /// Expiry, RFC 3339 UTC; `None` for never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// `nbf`, RFC 3339 UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<String>,
    /// Stored status.
    pub status: StoredStatus,
    /// When revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
    /// Who revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_by: Option<String>,
    /// Why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoke_reason: Option<String>,
    /// Hex SHA-256 of the token string.
    pub token_hash: String,
}

impl TokenRecord {
    /// The status at `now`.
    pub fn status_at(&self, now: chrono::DateTime<chrono::Utc>) -> Status {
        match self.status {
            StoredStatus::Revoked => Status::Revoked,
            StoredStatus::Undelivered => Status::Undelivered,
            StoredStatus::Active if self.is_expired_at(now) => Status::Expired,
            StoredStatus::Active => Status::Active,
        }
    }

    /// The claims of this token as a JWT carries them (for an opaque
    /// token, what a JWT of the same record would carry).
    pub fn claims_as_jwt(&self, issuer: Option<&str>) -> Map<String, Value> {
        let ts = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|t| Value::from(t.timestamp()))
        };
        let mut m = self.claims.clone();
        if let Some(iss) = issuer {
            m.insert("iss".into(), Value::from(iss));
        }
        if let Some(sub) = &self.subject {
            m.insert("sub".into(), Value::from(sub.as_str()));
        }
        match self.audience.as_slice() {
            [] => {}
            [one] => {
                m.insert("aud".into(), Value::from(one.as_str()));
            }
            many => {
                m.insert("aud".into(), Value::from(many.to_vec()));
            }
        }
        if let Some(exp) = self.expires_at.as_deref().and_then(ts) {
            m.insert("exp".into(), exp);
        }
        if let Some(nbf) = self.not_before.as_deref().and_then(ts) {
            m.insert("nbf".into(), nbf);
        }
        if let Some(iat) = ts(&self.created_at) {
            m.insert("iat".into(), iat);
        }
        m.insert("jti".into(), Value::from(self.id.as_str()));
        m.insert("token_type".into(), Value::from(self.token_type.as_str()));
        if let Some(role) = &self.role {
            m.insert("role".into(), Value::from(role.as_str()));
        }
        if !self.origins.is_empty() {
            m.insert("origins".into(), Value::from(self.origins.clone()));
        }
        m
    }

    /// Whether the expiry has passed at `now`.
    pub fn is_expired_at(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        self.expires_at
            .as_deref()
            .and_then(|e| chrono::DateTime::parse_from_rfc3339(e).ok())
            .is_some_and(|e| e.timestamp() <= now.timestamp())
    }
}

/// Whether `s` has the shape of a bearer token (a JWT, an opaque token, or
/// a session, access or client key), so it is never echoed back.
pub fn looks_like_token(s: &str) -> bool {
    let s = s.trim_ascii();
    let key_chars = |t: &str| {
        t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    // Opaque tokens have 36 characters after the prefix, session keys 64;
    // access and client keys at least 32.
    let prefixed = [
        ("tkp_", 36),
        ("tkd_", 36),
        ("tks_", 64),
        ("tka_", 32),
        ("tkc_", 32),
    ]
    .iter()
    .any(|(p, len)| {
        s.strip_prefix(p)
            .is_some_and(|t| t.len() >= *len && key_chars(t))
    });
    // Every JWT's header is a JSON object, so its base64url starts "eyJ".
    let parts: Vec<&str> = s.split('.').collect();
    let jwt_shaped = parts.len() == 3 && parts[0].starts_with("eyJ") && parts[1].len() > 2;
    prefixed || jwt_shaped
}

/// Hex SHA-256 of a token string: the only form in which a token is stored.
pub fn token_hash(token: &str) -> String {
    crate::crypto::hex_string(&crate::crypto::sha256(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::{looks_like_token, opaque, TokenType};

    #[test]
    fn tokens_are_told_from_names() {
        let jwt = "eyJ0eXAiOiJKV1QifQ.eyJqdGkiOiJ4In0.c2ln";
        for t in [
            jwt,
            &opaque::generate(TokenType::Production),
            &format!(" {jwt}\n"),
        ] {
            assert!(looks_like_token(t), "{t}");
        }
        for name in [
            "ci-deploy",
            "a.b.c",
            "ci.deploy.production-1",
            "tkd_short",
            "eyJ",
        ] {
            assert!(!looks_like_token(name), "{name}");
        }
    }
}
