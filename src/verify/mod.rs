//! The verification engine: one verdict for a token and a store state,
//! whoever asks (`token verify`, `token verify --batch`, `token inspect`,
//! and any service built on this crate).
//!
//! A token is identified by its SHA-256 in the store's hash index (a JWT's
//! `jti` only tells an altered token from an unknown one); a JWT's
//! signature is checked with the algorithm pinned to the record's secret;
//! then the record's status, times and the caller's constraints decide.

pub mod offline;
mod rules;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

pub use rules::{check_active, check_claims, Constraints, Reason};

use crate::store::{FoundToken, Opener, StoreError, Unlocked};
use crate::token::jwt::{self, Verifier};
use crate::token::{opaque, Format, StoredStatus, TokenRecord};

/// What was found out about one token.
#[derive(Debug)]
pub struct Examined {
    /// The store's record of it.
    pub record: Option<TokenRecord>,
    /// The token's claims: the JWT payload, or an opaque token's record as claims.
    pub claims: Map<String, Value>,
    /// Whether a signature was checked and holds (JWTs only).
    pub signature_verified: bool,
}

/// What examining a token concluded: identified, or why not.
pub type Examination = std::result::Result<Examined, (Reason, String)>;

/// A token as read: an opaque token, a decoded JWT, or not a token.
enum Shape {
    Opaque,
    Jwt(Box<jwt::Parsed>),
    Malformed(String),
}

fn shape(tok: &str) -> Shape {
    if opaque::looks_opaque(tok) {
        match opaque::check(tok) {
            Ok(_) => Shape::Opaque,
            Err(why) => Shape::Malformed(why.into()),
        }
    } else {
        match jwt::parse(tok) {
            Ok(p) => Shape::Jwt(Box::new(p)),
            Err(why) => Shape::Malformed(why),
        }
    }
}

fn unknown() -> Examination {
    Err((Reason::Unknown, "this store never minted it".into()))
}

/// The signing secrets a batch needs, each opened once, by key id (`None`: removed).
type Secrets = HashMap<String, Option<Arc<Verifier>>>;

/// The verifiers of the store's secrets, by key id, each made once: a
/// command keeps them for one batch, `serve` until the store changes.
#[derive(Default)]
pub struct Verifiers(Mutex<Secrets>);

impl Verifiers {
    /// The verifier of key id `kid` (`None`: no such secret version).
    fn get(&self, unlocked: &Unlocked, kid: &str) -> Result<Option<Arc<Verifier>>, StoreError> {
        if let Some(v) = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(kid)
        {
            return Ok(v.clone());
        }
        let verifier = match unlocked.secret_by_kid(kid)? {
            Some((_, alg, value)) => Some(Arc::new(Verifier::for_secret(alg, &value).map_err(
                |_| StoreError::Undecodable {
                    table: "secrets",
                    row: kid.to_string(),
                },
            )?)),
            None => None,
        };
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(kid.to_string(), verifier.clone());
        Ok(verifier)
    }
}

/// Identify tokens against the store: each one's record and, for JWTs, a
/// signature check with the algorithm pinned to the record's secret. Two
/// queries however many tokens there are; each secret is opened once; a
/// record is decrypted only when the verdict depends on it; parsing and
/// checking run on every core.
pub fn examine_many(
    unlocked: &Unlocked,
    issuer: Option<&str>,
    toks: &[&str],
) -> Result<Vec<Examination>, StoreError> {
    examine_many_with(unlocked, issuer, toks, &Verifiers::default())
}

/// [`examine_many`] with verifiers kept by the caller.
pub fn examine_many_with(
    unlocked: &Unlocked,
    issuer: Option<&str>,
    toks: &[&str],
    verifiers: &Verifiers,
) -> Result<Vec<Examination>, StoreError> {
    let read: Vec<(Shape, Vec<u8>)> = crate::par::map(toks.to_vec(), |t| {
        (shape(t), crate::crypto::sha256(t.as_bytes()).to_vec())
    });
    let wanted: Vec<Vec<u8>> = read
        .iter()
        .filter(|(s, _)| !matches!(s, Shape::Malformed(_)))
        .map(|(_, h)| h.clone())
        .collect();
    let found = unlocked.find_by_hashes(&wanted)?;
    // A JWT that is not on record but carries a known id was altered.
    let jtis: Vec<&str> = read
        .iter()
        .filter_map(|(s, h)| match s {
            Shape::Jwt(p) if !found.contains_key(h) => p.jti(),
            _ => None,
        })
        .collect();
    let known = unlocked.hashes_by_id(&jtis)?;
    let mut secrets = Secrets::new();
    for kid in found.values().filter_map(FoundToken::secret_kid) {
        if !secrets.contains_key(kid) {
            secrets.insert(kid.to_string(), verifiers.get(unlocked, kid)?);
        }
    }
    // The same token may appear more than once: each gets the same row.
    let work: Vec<(Shape, Vec<u8>)> = read;
    let opener = unlocked.opener();
    crate::par::map(work, |(shape, hash)| {
        let found = found.get(&hash);
        judge(shape, &hash, found, &known, &secrets, &opener, issuer)
    })
    .into_iter()
    .collect::<Result<_, _>>()
    .map_err(|e| unlocked.explain(e))
}

/// The examination of one token, given what the store holds for it.
fn judge(
    shape: Shape,
    hash: &[u8],
    found: Option<&FoundToken>,
    known: &HashMap<String, Vec<u8>>,
    secrets: &Secrets,
    opener: &Opener<'_>,
    issuer: Option<&str>,
) -> Result<Examination, StoreError> {
    Ok(match shape {
        Shape::Malformed(why) => Err((Reason::Malformed, why)),
        Shape::Opaque => match found {
            None => unknown(),
            Some(f) => {
                let rec = opener.open(f)?;
                if rec.format == Format::Opaque {
                    Ok(Examined {
                        claims: rec.claims_as_jwt(issuer),
                        record: Some(rec),
                        signature_verified: false,
                    })
                } else {
                    unknown()
                }
            }
        },
        Shape::Jwt(parsed) => match found {
            // The hash index missed a token whose id row holds this very
            // hash: the index is corrupt (found with one lookup by id).
            None if parsed.jti().and_then(|j| known.get(j)).map(Vec::as_slice) == Some(hash) => {
                return Err(StoreError::tampered(
                    "the token hash index does not match the tokens table",
                ));
            }
            None if parsed.jti().is_some_and(|j| known.contains_key(j)) => Err((
                Reason::BadSignature,
                "its id is known but the token is not the one minted".into(),
            )),
            None => unknown(),
            Some(f) => examine_jwt(*parsed, f, secrets, opener)?,
        },
    })
}

/// A JWT whose hash is on record: check its signature, then open the record.
fn examine_jwt(
    parsed: jwt::Parsed,
    found: &FoundToken,
    secrets: &Secrets,
    opener: &Opener<'_>,
) -> Result<Examination, StoreError> {
    let secret = found
        .secret_kid()
        .and_then(|kid| secrets.get(kid))
        .and_then(Option::as_ref);
    let verified = match secret {
        Some(v) => parsed.kid() == found.secret_kid() && parsed.signature_valid(v),
        None => false,
    };
    if verified {
        return Ok(Ok(Examined {
            record: Some(opener.open(found)?),
            claims: parsed.claims,
            signature_verified: true,
        }));
    }
    if secret.is_some() {
        // The exact token the store minted fails its own secret: either the
        // secret changed or the row's key id column was edited. Authenticate
        // the row first, so that tampering is reported as tampering.
        opener.open(found)?;
        return Ok(Err((
            Reason::BadSignature,
            "the signature does not match its secret and algorithm".into(),
        )));
    }
    // Its secret was removed: say why it cannot verify, from the record.
    let rec = opener.open(found)?;
    Ok(Err(match rec.status {
        StoredStatus::Revoked => (Reason::Revoked, revoked_detail(&rec)),
        StoredStatus::Undelivered => (Reason::Undelivered, undelivered_detail()),
        StoredStatus::Active => (
            Reason::BadSignature,
            "its signing secret was removed".into(),
        ),
    }))
}

/// Examine one token: a batch of one.
pub fn examine(
    unlocked: &Unlocked,
    tok: &str,
    issuer: Option<&str>,
) -> Result<Examination, StoreError> {
    let mut all = examine_many(unlocked, issuer, &[tok])?;
    Ok(all.pop().unwrap_or_else(unknown))
}

/// Whether `tok` is structurally a token: an opaque token's checksum, or a strict JWT parse.
pub fn well_formed(tok: &str) -> Result<(), String> {
    match shape(tok) {
        Shape::Malformed(why) => Err(why),
        _ => Ok(()),
    }
}

fn revoked_detail(rec: &TokenRecord) -> String {
    format!(
        "revoked at {}{}",
        rec.revoked_at.as_deref().unwrap_or("?"),
        rec.revoke_reason
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default()
    )
}

fn undelivered_detail() -> String {
    "it never reached its user and can never be valid".into()
}

/// Whether an examined token is active now under `c`, or why not.
pub fn verdict(ex: Examination, now: DateTime<Utc>, c: &Constraints) -> Examination {
    let ex = ex?;
    check_now(&ex, now, c)?;
    Ok(ex)
}

/// [`verdict`] without giving up the examination (`serve` keeps it for
/// the next request): `Ok` when the token is active now under `c`.
pub fn verdict_of(
    ex: &Examination,
    now: DateTime<Utc>,
    c: &Constraints,
) -> Result<(), (Reason, String)> {
    match ex {
        Ok(ex) => check_now(ex, now, c),
        Err(why) => Err(why.clone()),
    }
}

fn check_now(ex: &Examined, now: DateTime<Utc>, c: &Constraints) -> Result<(), (Reason, String)> {
    let Some(rec) = ex.record.as_ref() else {
        return Err((Reason::Unknown, "no record".into()));
    };
    check_active(rec, &ex.claims, now, c).map_err(|reason| {
        let detail = match reason {
            Reason::Revoked => revoked_detail(rec),
            Reason::Undelivered => undelivered_detail(),
            _ => format!("token '{}' (id {})", rec.name, rec.id),
        };
        (reason, detail)
    })
}

/// The `verify --json` object: RFC 7662's shape.
pub fn verdict_json(v: &Examination) -> Value {
    match v {
        Ok(ex) => {
            // The record's fields go in last, so no custom claim can spoof them.
            let mut out = ex.claims.clone();
            out.insert("active".into(), Value::Bool(true));
            if let Some(rec) = &ex.record {
                out.insert("name".into(), Value::from(rec.name.as_str()));
                out.insert("token_type".into(), Value::from(rec.token_type.as_str()));
            }
            Value::Object(out)
        }
        Err((reason, _)) => json!({"active": false, "reason": reason.as_str()}),
    }
}

/// A token decoded for `token inspect`: a JWT's header and claims, or an
/// opaque token whose checksum holds (`None`). `Err` says why it is not a token.
pub fn decode(tok: &str) -> Result<Option<jwt::Parsed>, String> {
    if opaque::looks_opaque(tok) {
        opaque::check(tok).map_err(str::to_string)?;
        return Ok(None);
    }
    jwt::parse(tok)
        .map(Some)
        .map_err(|why| format!("not a token: {why}"))
}

/// What `token inspect` learns about a token from a store.
pub struct Inspection {
    /// The store's record of it, also when its signature fails.
    pub record: Option<TokenRecord>,
    /// Whether its signature was checked and holds.
    pub verified: bool,
    /// How it was checked, or why it does not verify.
    pub note: String,
}

/// Look `tok` (decoded as `parsed`) up in the store and check it.
pub fn inspect(
    unlocked: &Unlocked,
    tok: &str,
    parsed: Option<&jwt::Parsed>,
) -> Result<Inspection, StoreError> {
    let issuer = unlocked.config()?.issuer;
    Ok(match examine(unlocked, tok, issuer.as_deref())? {
        Ok(ex) => Inspection {
            note: match &ex.record {
                Some(r) if r.format == Format::Opaque => {
                    "opaque tokens carry no signature; found by hash in the store".into()
                }
                Some(r) => format!(
                    "{} with secret '{}'",
                    parsed.map_or("", |p| p.alg()),
                    r.secret.as_deref().unwrap_or("?")
                ),
                None => String::new(),
            },
            verified: ex.signature_verified,
            record: ex.record,
        },
        Err((reason, note)) => {
            // A known token whose signature fails still shows its record.
            let mut record = None;
            if reason != Reason::Unknown {
                record = unlocked.token_by_hash(&crate::token::token_hash(tok))?;
                if record.is_none() {
                    if let Some(jti) = parsed.and_then(|p| p.jti()) {
                        record = unlocked.token_by_id(jti)?;
                    }
                }
            }
            Inspection {
                record,
                verified: false,
                note,
            }
        }
    })
}
