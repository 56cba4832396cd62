//! `tokenctl token show NAME|ID`: one token's whole record.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::super::Ctx;
use super::refuse_token_value;
use crate::cli::TokenShowArgs;
use crate::error::Result;
use crate::token::{time, StoredStatus, TokenRecord};
use crate::ui;

pub(super) fn run(ctx: &Ctx, args: &TokenShowArgs) -> Result<()> {
    refuse_token_value(&args.target, "tokenctl token inspect -")?;
    let unlocked = ctx.unlock_tokens()?;
    let rec = unlocked.resolve_token(&args.target)?;
    super::refuse_foreign(&unlocked, &rec)?;
    let last_used = unlocked.last_used_of(&rec.id)?;
    let now = Utc::now();
    if ctx.global.json {
        return ui::print_json(&record_json(&rec, last_used.as_deref(), now));
    }
    ui::print_stdout(&record_text(&rec, last_used.as_deref(), now))
}

/// Every field of the record, as `--json` shows it.
fn record_json(rec: &TokenRecord, last_used: Option<&str>, now: DateTime<Utc>) -> Value {
    json!({
        "id": rec.id,
        "name": rec.name,
        "type": rec.token_type,
        "format": rec.format,
        "status": rec.status_at(now),
        "secret": rec.secret,
        "kid": rec.secret_kid,
        "subject": rec.subject,
        "audience": rec.audience,
        "role": rec.role,
        "origins": rec.origins,
        "claims": rec.claims,
        "created_at": rec.created_at,
        "created_by": rec.created_by,
        "expires_at": rec.expires_at,
        "not_before": rec.not_before,
        "revoked_at": rec.revoked_at,
        "revoked_by": rec.revoked_by,
        "revoke_reason": rec.revoke_reason,
        "last_used_at": last_used,
    })
}

/// The record as aligned `key: value` lines, every value made safe for a terminal.
fn record_text(rec: &TokenRecord, last_used: Option<&str>, now: DateTime<Utc>) -> String {
    let when = |t: &str| match DateTime::parse_from_rfc3339(t) {
        Ok(at) => format!("{t} ({})", time::relative(at.with_timezone(&Utc), now)),
        Err(_) => t.to_string(),
    };
    let none = || "-".to_string();
    let mut rows: Vec<(&str, String)> = vec![
        ("ID", rec.id.clone()),
        ("Name", rec.name.clone()),
        ("Type", rec.token_type.to_string()),
        ("Format", rec.format.as_str().to_string()),
        ("Status", rec.status_at(now).as_str().to_string()),
        (
            "Secret",
            match (&rec.secret, &rec.secret_kid) {
                (Some(s), Some(k)) => format!("{s} (key id {k})"),
                _ => none(),
            },
        ),
        ("Subject", rec.subject.clone().unwrap_or_else(none)),
        ("Audience", list_or_none(&rec.audience)),
        ("Role", rec.role.clone().unwrap_or_else(none)),
        ("Origins", list_or_none(&rec.origins)),
        ("Created by", rec.created_by.clone()),
        ("Created", when(&rec.created_at)),
        (
            "Expires",
            rec.expires_at
                .as_deref()
                .map_or_else(|| "never".into(), when),
        ),
    ];
    if let Some(nbf) = &rec.not_before {
        rows.push(("Not before", when(nbf)));
    }
    if rec.status == StoredStatus::Revoked {
        rows.push(("Revoked", super::revocation(rec)));
    }
    rows.push(("Last used", last_used.map_or_else(none, when)));
    let mut out = String::new();
    for (key, value) in rows {
        out.push_str(&format!("{:<12}{}\n", format!("{key}:"), ui::clean(&value)));
    }
    if rec.claims.is_empty() {
        out.push_str("Claims:     -\n");
    } else {
        out.push_str("Claims:\n");
        for (k, v) in &rec.claims {
            let v = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            out.push_str(&format!("  {}: {}\n", ui::clean(k), ui::clean(&v)));
        }
    }
    out
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "-".into()
    } else {
        items.join(", ")
    }
}
