//! `tokenctl token inspect`

use chrono::Utc;
use serde_json::{json, Map, Value};

use super::super::Ctx;
use super::list_item;
use crate::cli::TokenInspectArgs;
use crate::error::{Error, Result};
use crate::input;
use crate::token::time::{self, rfc3339};
use crate::token::StoredStatus;
use crate::ui;
use crate::verify;

pub(super) fn run(ctx: &Ctx, args: &TokenInspectArgs) -> Result<()> {
    let tok = input::read_token(args.token.as_deref())
        .map_err(|why| Error::invalid(format!("not a token: {why}")))?;
    let now = Utc::now();
    // Decode first: a non-token is exit 1 before any passphrase is asked for.
    let parsed = verify::decode(&tok).map_err(Error::invalid)?;
    let keys = super::verify::offline_keys(&args.keys)?;
    let use_store =
        keys.is_none() && !args.no_store && ctx.store_location()?.file().is_none_or(|p| p.exists());
    let found = if let Some(keys) = &keys {
        let (verified, note) = match verify::offline::examine(keys, &tok) {
            Ok(_) => (
                true,
                format!(
                    "{} with the given key",
                    parsed.as_ref().map_or("", |p| p.alg())
                ),
            ),
            Err((_, why)) => (false, why),
        };
        Some(verify::Inspection {
            record: None,
            verified,
            note,
        })
    } else if use_store {
        let unlocked =
            ctx.unlock("`tokenctl token inspect` against the store (pass --no-store)")?;
        Some(verify::inspect(&unlocked, &tok, parsed.as_ref())?)
    } else {
        None
    };
    let record = found.as_ref().and_then(|f| f.record.as_ref());
    let verified = found.as_ref().is_some_and(|f| f.verified);
    let claims = match (&parsed, record) {
        (Some(p), _) => p.claims.clone(),
        (None, Some(r)) => r.claims_as_jwt(None),
        (None, None) => Map::new(),
    };
    if ctx.global.json {
        let mut out = json!({
            "header": parsed.as_ref().map(|p| &p.header),
            "claims": claims,
            "signature_verified": verified,
            "record": record.map(|r| list_item(r, now)),
        });
        if keys.is_some() {
            out["store"] = Value::Bool(false);
        }
        return ui::print_json(&out);
    }
    // Everything below comes from the token or the store: each key and
    // value is made safe for a terminal, so no token can forge a line.
    let mut out = String::new();
    if let Some(p) = &parsed {
        out.push_str("Header\n");
        for (k, v) in &p.header {
            field(&mut out, k, &show(v));
        }
    } else if tok.starts_with("tkp_") {
        out.push_str("Opaque production token (checksum valid)\n");
    } else {
        out.push_str("Opaque development token (checksum valid)\n");
    }
    out.push_str("Claims\n");
    for (k, v) in &claims {
        let extra = match (k.as_str(), v.as_i64()) {
            ("iat" | "nbf" | "exp", Some(secs)) => time::from_unix(secs)
                .map(|t| format!(" ({}, {})", rfc3339(t), time::relative(t, now)))
                .unwrap_or_default(),
            _ => String::new(),
        };
        field(&mut out, k, &format!("{}{extra}", show(v)));
    }
    if parsed.is_some() && !claims.contains_key("exp") {
        out.push_str("  (no exp: never expires)\n");
    }
    let note = found
        .as_ref()
        .map_or("no store was consulted (--no-store or no store)", |f| {
            f.note.as_str()
        });
    let verdict = if verified { "verified" } else { "NOT verified" };
    out.push_str(&format!("Signature: {verdict} ({})\n", ui::clean(note)));
    if let Some(r) = record {
        out.push_str("Record\n");
        field(&mut out, "id", &r.id);
        field(&mut out, "name", &r.name);
        field(&mut out, "type", r.token_type.as_str());
        field(&mut out, "format", r.format.as_str());
        field(&mut out, "status", r.status_at(now).as_str());
        if let Some(s) = &r.secret {
            field(&mut out, "secret", s);
        }
        field(&mut out, "created by", &r.created_by);
        field(&mut out, "created", &r.created_at);
        field(
            &mut out,
            "expires",
            r.expires_at.as_deref().unwrap_or("never"),
        );
        if r.status == StoredStatus::Revoked {
            field(&mut out, "revoked", &super::revocation(r));
        }
    } else if use_store {
        out.push_str("Record: none (this store did not mint this token)\n");
    }
    ui::print_stdout(&out)
}

/// One indented `key: value` line, both made safe for a terminal.
fn field(out: &mut String, key: &str, value: &str) {
    out.push_str(&format!("  {}: {}\n", ui::clean(key), ui::clean(value)));
}

/// A claim's value as text: strings bare, lists of strings joined, the rest as JSON.
fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) if a.iter().all(Value::is_string) => a
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}
