//! `tokenctl token create | list | show | revoke | inspect | verify`

mod create;
mod inspect;
mod list;
mod revoke;
mod show;
mod verify;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Ctx;
use crate::cli::TokenCommand;
use crate::error::{Error, Result};
use crate::token::{Format, Status, TokenRecord, TokenType};

pub(super) fn run(ctx: &Ctx, cmd: TokenCommand) -> Result<()> {
    match cmd {
        TokenCommand::Create(args) => create::run(ctx, &args),
        TokenCommand::List(args) => list::run(ctx, &args),
        TokenCommand::Show(args) => show::run(ctx, &args),
        TokenCommand::Revoke(args) => revoke::run(ctx, &args),
        TokenCommand::Inspect(args) => inspect::run(ctx, &args),
        TokenCommand::Verify(args) => verify::run(ctx, &args),
    }
}

/// Exit 7 when an access key unlocked the store and did not mint `rec`:
/// a key sees and changes only its own tokens.
fn refuse_foreign(u: &crate::store::Unlocked, rec: &TokenRecord) -> Result<()> {
    match u.access().grant() {
        Some(g) if !u.access().minted(&rec.created_by) => Err(Error::not_allowed(format!(
            "access key '{}' does not allow touching token '{}': it did not mint it",
            g.name, rec.name
        ))
        .with_hint("an access key lists, shows, verifies and revokes only the tokens it minted")),
        _ => Ok(()),
    }
}

/// The record fields `token list --json` and `token revoke --json` show.
#[derive(Serialize)]
struct ListItem<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    token_type: TokenType,
    format: Format,
    status: Status,
    secret: Option<&'a str>,
    subject: Option<&'a str>,
    created_at: &'a str,
    created_by: &'a str,
    expires_at: Option<&'a str>,
    revoked_at: Option<&'a str>,
    revoked_by: Option<&'a str>,
    revoke_reason: Option<&'a str>,
    /// When `serve` last introspected it; only `token list` fills it in.
    #[serde(skip_serializing_if = "Option::is_none")]
    last_used_at: Option<Option<&'a str>>,
}

fn list_item(rec: &TokenRecord, now: DateTime<Utc>) -> ListItem<'_> {
    ListItem {
        id: &rec.id,
        name: &rec.name,
        token_type: rec.token_type,
        format: rec.format,
        status: rec.status_at(now),
        secret: rec.secret.as_deref(),
        subject: rec.subject.as_deref(),
        created_at: &rec.created_at,
        created_by: &rec.created_by,
        expires_at: rec.expires_at.as_deref(),
        revoked_at: rec.revoked_at.as_deref(),
        revoked_by: rec.revoked_by.as_deref(),
        revoke_reason: rec.revoke_reason.as_deref(),
        last_used_at: None,
    }
}

/// Refuse an argument that looks like a bearer token where a name or id
/// is expected, without echoing it: it would end up in the terminal's
/// scrollback and in logs.
fn refuse_token_value(target: &str, instead: &str) -> Result<()> {
    if crate::token::looks_like_token(target) {
        return Err(Error::usage(
            "that argument looks like a token, not a token name or id; it is not shown here",
        )
        .with_hint(format!(
            "pass the token on stdin instead: `... | {instead}`"
        )));
    }
    Ok(())
}

/// "T by WHO (reason)": when, by whom and why a token was revoked.
fn revocation(rec: &TokenRecord) -> String {
    format!(
        "{} by {}{}",
        rec.revoked_at.as_deref().unwrap_or("?"),
        rec.revoked_by.as_deref().unwrap_or("?"),
        rec.revoke_reason
            .as_deref()
            .map(|x| format!(" ({x})"))
            .unwrap_or_default()
    )
}
