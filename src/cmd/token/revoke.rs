//! `tokenctl token revoke NAME|ID... | --token VALUE|- | --all FILTERS`

use chrono::Utc;

use super::super::{confirm_or_yes, Ctx};
use super::{list_item, refuse_token_value, revocation};
use crate::cli::TokenRevokeArgs;
use crate::error::{Error, Result};
use crate::input;
use crate::store::{Revoked, Unlocked};
use crate::token::{token_hash, Status, StoredStatus, TokenRecord, TokenType};
use crate::ui;

/// A confirmation names at most this many tokens, then how many more.
const NAMED: usize = 10;

pub(super) fn run(ctx: &Ctx, args: &TokenRevokeArgs) -> Result<()> {
    if let Some(r) = &args.reason {
        if r.trim().is_empty() || r.chars().any(char::is_control) {
            return Err(Error::usage(
                "--reason must be non-empty text without control characters",
            ));
        }
    }
    for t in &args.targets {
        refuse_token_value(t, "tokenctl token revoke --token -")?;
    }
    let wanted_type: Option<TokenType> = match &args.token_type {
        Some(t) => Some(t.parse().map_err(Error::usage)?),
        None => None,
    };
    if args.all && args.secret.is_none() && wanted_type.is_none() && args.created_by.is_none() {
        return Err(Error::usage("--all needs at least one filter")
            .with_hint("add --secret NAME, --type TYPE or --created-by ACTOR"));
    }
    let token = match &args.token {
        Some(value) => Some(input::read_token(Some(value)).map_err(Error::usage)?),
        None => None,
    };
    let mut unlocked = ctx.unlock_tokens()?;
    let chosen = choose(&unlocked, args, token.as_deref(), wanted_type)?;
    if chosen.is_empty() {
        ctx.notes
            .say("No active token matches; nothing was revoked.");
        return if ctx.global.json {
            ui::print_json(&serde_json::json!([]))
        } else {
            Ok(())
        };
    }
    for rec in &chosen {
        super::refuse_foreign(&unlocked, rec)?;
    }
    let pending: Vec<&TokenRecord> = chosen
        .iter()
        .filter(|r| r.status != StoredStatus::Revoked)
        .collect();
    if !pending.is_empty() {
        confirm_or_yes(args.yes, &question(&pending))?;
    }
    let ids: Vec<String> = chosen.iter().map(|r| r.id.clone()).collect();
    let done = unlocked.revoke_tokens(&ids, &ctx.actor(&unlocked), args.reason.as_deref())?;
    let now = Utc::now();
    if ctx.global.json {
        let items: Vec<_> = done.iter().map(|r| list_item(record(r), now)).collect();
        // One token named on the command line: one object, as before.
        if items.len() == 1 && !args.all && args.targets.len() <= 1 {
            ui::print_json(&items[0])?;
        } else {
            ui::print_json(&items)?;
        }
    }
    for r in &done {
        ctx.notes.say(match r {
            Revoked::Now(r) => format!("Revoked token '{}' (id {})", r.name, r.id),
            Revoked::Already(r) => format!(
                "Token '{}' (id {}) was already revoked at {}",
                r.name,
                r.id,
                revocation(r)
            ),
        });
    }
    Ok(())
}

fn record(r: &Revoked) -> &TokenRecord {
    match r {
        Revoked::Now(r) | Revoked::Already(r) => r,
    }
}

/// The tokens the arguments name, each once, or those `--all` selects.
/// Every name or id must resolve, or nothing is revoked.
fn choose(
    unlocked: &Unlocked,
    args: &TokenRevokeArgs,
    token: Option<&str>,
    wanted_type: Option<TokenType>,
) -> Result<Vec<TokenRecord>> {
    if let Some(tok) = token {
        let rec = unlocked.token_by_hash(&token_hash(tok))?.ok_or_else(|| {
            Error::name("this store has no record of that token")
                .with_hint("`tokenctl token list --status all` shows every token")
        })?;
        return Ok(vec![rec]);
    }
    if args.all {
        let kid = match &args.secret {
            Some(name) => Some(unlocked.secret(name)?.0.kid),
            None => None,
        };
        let now = Utc::now();
        return Ok(unlocked.list_tokens_where(|r| {
            r.status_at(now) == Status::Active
                && (kid.is_none() || r.secret_kid == kid)
                && wanted_type.is_none_or(|t| t == r.token_type)
                && args.created_by.as_ref().is_none_or(|c| *c == r.created_by)
        })?);
    }
    let mut out: Vec<TokenRecord> = Vec::with_capacity(args.targets.len());
    for target in &args.targets {
        let rec = unlocked.resolve_token(target)?;
        if !out.iter().any(|r| r.id == rec.id) {
            out.push(rec);
        }
    }
    Ok(out)
}

/// "Revoke development token 'a' (id ...)?" or "Revoke 3 tokens: ...?".
fn question(tokens: &[&TokenRecord]) -> String {
    let named = |r: &TokenRecord| format!("{} token '{}' (id {})", r.token_type, r.name, r.id);
    if let [one] = tokens {
        return format!(
            "Revoke {}? It stops verifying at once. This cannot be undone.",
            named(one)
        );
    }
    let mut list: Vec<String> = tokens.iter().take(NAMED).map(|r| named(r)).collect();
    if tokens.len() > NAMED {
        list.push(format!("and {} more", tokens.len() - NAMED));
    }
    format!(
        "Revoke {} tokens: {}? They stop verifying at once. This cannot be undone.",
        tokens.len(),
        list.join(", ")
    )
}
