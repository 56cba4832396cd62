//! A token request, as given by `token create`'s flags or by one line of
//! a batch, checked before anything is minted.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};
use thiserror::Error;

use super::{claims, json as strict_json, time, Format, TokenType};
use crate::secret::validate_name;

/// Why a request is refused (always a usage error).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SpecError {
    /// A value is invalid; the text says which and why.
    #[error("{0}")]
    Invalid(String),
    /// A batch line is not a token object.
    #[error("not a valid token object: {what} (column {column})")]
    Line {
        /// serde's description, without its position.
        what: String,
        /// The column it points at.
        column: usize,
    },
}

impl From<String> for SpecError {
    fn from(why: String) -> Self {
        SpecError::Invalid(why)
    }
}

/// One token's request as given: by flags, or by a line of a batch.
#[derive(Debug, Clone, Copy)]
pub struct SpecInput<'a> {
    /// `--name`.
    pub name: &'a str,
    /// `--type`.
    pub token_type: &'a str,
    /// `--format`.
    pub format: &'a str,
    /// `--expiry`.
    pub expiry: &'a str,
    /// `--not-before`.
    pub not_before: Option<&'a str>,
    /// `--secret`.
    pub secret: Option<&'a str>,
    /// `--subject`.
    pub subject: Option<&'a str>,
    /// `--audience`.
    pub audience: &'a [String],
    /// `--role`.
    pub role: Option<&'a str>,
    /// `--origin`.
    pub origins: &'a [String],
}

/// One token's request, validated: everything but the signing secret is known good.
#[derive(Debug, Clone)]
pub struct TokenSpec {
    /// Name.
    pub name: String,
    /// Type.
    pub token_type: TokenType,
    /// Format.
    pub format: Format,
    /// Expiry (`None`: never).
    pub expires_at: Option<DateTime<Utc>>,
    /// `nbf`.
    pub not_before: Option<DateTime<Utc>>,
    /// Signing secret by name (`None`: the default).
    pub secret: Option<String>,
    /// `sub`.
    pub subject: Option<String>,
    /// `aud`.
    pub audience: Vec<String>,
    /// `role`.
    pub role: Option<String>,
    /// `origins`.
    pub origins: Vec<String>,
    /// Custom claims.
    pub claims: Map<String, Value>,
}

fn non_empty(field: &str, v: &str) -> Result<(), SpecError> {
    if v.trim().is_empty() || v.chars().any(char::is_control) {
        return Err(SpecError::Invalid(format!(
            "{field} must be non-empty text without control characters"
        )));
    }
    Ok(())
}

/// Validate one request at `now`.
pub fn validate(
    input: &SpecInput<'_>,
    claims: Map<String, Value>,
    now: DateTime<Utc>,
) -> Result<TokenSpec, SpecError> {
    validate_name(input.name)?;
    let token_type: TokenType = input.token_type.parse()?;
    let format: Format = input.format.parse()?;
    if format == Format::Opaque && input.secret.is_some() {
        return Err(SpecError::Invalid(
            "--secret applies to JWTs; opaque tokens are not signed".into(),
        ));
    }
    let expires_at = time::parse_expiry(input.expiry, now)?;
    let not_before = match input.not_before {
        Some(s) => Some(time::parse_not_before(s, now)?),
        None => None,
    };
    if let (Some(nbf), Some(exp)) = (not_before, expires_at) {
        if nbf >= exp {
            return Err(SpecError::Invalid(
                "--not-before must be before the expiry".into(),
            ));
        }
    }
    for (field, v) in [("--subject", input.subject), ("--role", input.role)] {
        if let Some(v) = v {
            non_empty(field, v)?;
        }
    }
    for a in input.audience {
        non_empty("--audience", a)?;
    }
    for o in input.origins {
        non_empty("--origin", o)?;
    }
    for (k, v) in &claims {
        claims::check_not_reserved(k)?;
        claims::check_depth(k, v)?;
    }
    Ok(TokenSpec {
        name: input.name.to_string(),
        token_type,
        format,
        expires_at,
        not_before,
        secret: input.secret.map(str::to_string),
        subject: input.subject.map(str::to_string),
        audience: input.audience.to_vec(),
        role: input.role.map(str::to_string),
        origins: input.origins.to_vec(),
        claims,
    })
}

/// The command's flags that batch lines fall back on.
#[derive(Debug, Clone, Copy)]
pub struct Defaults<'a> {
    /// `--type`.
    pub token_type: &'a str,
    /// `--format`.
    pub format: &'a str,
    /// `--expiry`.
    pub expiry: &'a str,
    /// `--not-before`.
    pub not_before: Option<&'a str>,
    /// `--secret` (for JWT lines only).
    pub secret: Option<&'a str>,
}

/// `audience` may be one string or a list, as in a JWT's `aud`.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    let bad = || serde::de::Error::custom("audience must be a string or a list of strings");
    match <Value as Deserialize>::deserialize(d)? {
        Value::String(s) => Ok(Some(vec![s])),
        Value::Array(items) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                _ => Err(bad()),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Value::Null => Ok(None),
        _ => Err(bad()),
    }
}

/// `claims` refuses duplicate keys at any depth, like `--claims-file`.
fn strict_claims<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Map<String, Value>>, D::Error> {
    match strict_json::deserialize_strict(d)? {
        Value::Object(m) => Ok(Some(m)),
        Value::Null => Ok(None),
        _ => Err(serde::de::Error::custom("claims must be a JSON object")),
    }
}

/// One line of a create batch: the fields of `token create`'s flags.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    name: String,
    #[serde(rename = "type")]
    token_type: Option<String>,
    expiry: Option<String>,
    not_before: Option<String>,
    format: Option<String>,
    secret: Option<String>,
    subject: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    audience: Option<Vec<String>>,
    role: Option<String>,
    origins: Option<Vec<String>>,
    #[serde(default, deserialize_with = "strict_claims")]
    claims: Option<Map<String, Value>>,
}

/// The fields a batch line may have, for documentation.
pub const LINE_FIELDS: &[&str] = &[
    "name",
    "type",
    "expiry",
    "not_before",
    "format",
    "secret",
    "subject",
    "audience",
    "role",
    "origins",
    "claims",
];

/// Parse and validate one batch line (JSON), falling back on `defaults`.
pub fn parse_line(
    bytes: &[u8],
    defaults: &Defaults<'_>,
    now: DateTime<Utc>,
) -> Result<TokenSpec, SpecError> {
    let line: Line = serde_json::from_slice(bytes).map_err(|e| {
        // serde's "at line 1 column N" would contradict the batch's line number.
        let msg = e.to_string();
        let what = msg.rfind(" at line ").map_or(msg.as_str(), |i| &msg[..i]);
        SpecError::Line {
            what: what.to_string(),
            column: e.column(),
        }
    })?;
    let audience = line.audience.unwrap_or_default();
    let origins = line.origins.unwrap_or_default();
    let format = line.format.as_deref().unwrap_or(defaults.format);
    // A --secret given for the JWT lines does not apply to an opaque line.
    let default_secret = defaults
        .secret
        .filter(|_| !format.eq_ignore_ascii_case("opaque"));
    let input = SpecInput {
        name: &line.name,
        token_type: line.token_type.as_deref().unwrap_or(defaults.token_type),
        format,
        expiry: line.expiry.as_deref().unwrap_or(defaults.expiry),
        not_before: line.not_before.as_deref().or(defaults.not_before),
        secret: line.secret.as_deref().or(default_secret),
        subject: line.subject.as_deref(),
        audience: &audience,
        role: line.role.as_deref(),
        origins: &origins,
    };
    validate(&input, line.claims.unwrap_or_default(), now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Defaults<'static> {
        Defaults {
            token_type: "development",
            format: "jwt",
            expiry: "1h",
            not_before: None,
            secret: Some("ci"),
        }
    }

    #[test]
    fn a_line_takes_the_flags_as_defaults() {
        let now = Utc::now();
        let spec = parse_line(br#"{"name":"a","audience":"api"}"#, &defaults(), now).unwrap();
        assert_eq!(spec.token_type, TokenType::Development);
        assert_eq!(spec.secret.as_deref(), Some("ci"));
        assert_eq!(spec.audience, ["api"]);
        let opaque = parse_line(br#"{"name":"b","format":"opaque"}"#, &defaults(), now).unwrap();
        assert_eq!(opaque.secret, None);
    }

    #[test]
    fn bad_lines_say_why_without_serdes_position() {
        let now = Utc::now();
        let e = parse_line(br#"{"name":"a","nope":1}"#, &defaults(), now).unwrap_err();
        assert!(e.to_string().contains("unknown field `nope`"), "{e}");
        assert!(!e.to_string().contains("at line"), "{e}");
        let e = parse_line(br#"{"name":"a","claims":{"x":1,"x":2}}"#, &defaults(), now);
        assert!(e.is_err());
    }
}
