//! `tokenctl token list`

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::super::Ctx;
use super::{list_item, ListItem};
use crate::cli::TokenListArgs;
use crate::error::{Error, Result};
use crate::token::{time, Status, TokenRecord, TokenType};
use crate::ui::{self, table};

pub(super) fn run(ctx: &Ctx, args: &TokenListArgs) -> Result<()> {
    let statuses: Option<Vec<Status>> = match args.status.as_deref() {
        None => Some(vec![Status::Active, Status::Expired]),
        Some("all") => None,
        Some(s) => Some(vec![s.parse().map_err(Error::usage)?]),
    };
    let wanted_type: Option<TokenType> = match &args.token_type {
        Some(t) => Some(t.parse().map_err(Error::usage)?),
        None => None,
    };
    let unlocked = ctx.unlock_tokens()?;
    let kid = match &args.secret {
        Some(name) => Some(unlocked.secret(name)?.0.kid),
        None => None,
    };
    let now = Utc::now();
    let key_actor = unlocked.access().actor();
    let is_key = unlocked.access().grant().is_some();
    let keep = |r: &TokenRecord| {
        statuses
            .as_ref()
            .is_none_or(|s| s.contains(&r.status_at(now)))
            && wanted_type.is_none_or(|t| t == r.token_type)
            && (kid.is_none() || r.secret_kid == kid)
            && (!is_key || crate::store::minted_by(&key_actor, &r.created_by))
    };
    if ctx.global.json {
        // Streamed a chunk at a time: memory does not grow with the store.
        let used = unlocked.last_used()?;
        let mut out = ui::JsonArray::stdout();
        unlocked.each_token_where(keep, |chunk| {
            let items: Vec<ListItem<'_>> = chunk
                .iter()
                .map(|r| ListItem {
                    last_used_at: Some(used.get(&r.id).map(String::as_str)),
                    ..list_item(r, now)
                })
                .collect();
            out.extend(&items)
        })?;
        return out.finish();
    }
    let shown = unlocked.list_tokens_where(keep)?;
    if shown.is_empty() {
        ctx.notes
            .say("No tokens. Mint one with `tokenctl token create --name NAME`.");
        return Ok(());
    }
    // Short ids are unique among every token, shown or not.
    let ids = unlocked.token_ids()?;
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let short: HashMap<&str, String> = id_refs.iter().copied().zip(short_ids(&id_refs)).collect();
    let short_of = |id: &str| short.get(id).cloned().unwrap_or_else(|| id.to_string());
    let mut t = table::new(&[
        "ID",
        "Name",
        "Type",
        "Status",
        "Expiry",
        "Created by",
        "Created",
    ]);
    for r in &shown {
        table::add_row(
            &mut t,
            vec![
                short_of(&r.id),
                r.name.clone(),
                r.token_type.to_string(),
                r.status_at(now).as_str().to_string(),
                expiry_cell(r, now),
                r.created_by.clone(),
                r.created_at.get(..10).unwrap_or(&r.created_at).to_string(),
            ],
        );
    }
    ui::print_stdout(&table::render(&t))
}

/// Shortest prefix of each id (at least 8 characters) unique among `ids`.
fn short_ids(ids: &[&str]) -> Vec<String> {
    let mut sorted: Vec<&str> = ids.to_vec();
    sorted.sort_unstable();
    let common = |a: &str, b: &str| a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    ids.iter()
        .map(|id| {
            let i = sorted.binary_search(id).unwrap_or(0);
            let mut need = 8;
            if i > 0 {
                need = need.max(common(id, sorted[i - 1]) + 1);
            }
            if i + 1 < sorted.len() {
                need = need.max(common(id, sorted[i + 1]) + 1);
            }
            id.chars().take(need).collect()
        })
        .collect()
}

/// "Never", "expired", or the time left rounded to the nearest unit ("30 days").
fn expiry_cell(rec: &TokenRecord, now: DateTime<Utc>) -> String {
    match rec
        .expires_at
        .as_deref()
        .and_then(|e| DateTime::parse_from_rfc3339(e).ok())
    {
        None => "Never".into(),
        Some(e) if e.timestamp() <= now.timestamp() => "expired".into(),
        Some(e) => time::approx((e.timestamp() - now.timestamp()).unsigned_abs()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ids_are_unique_prefixes() {
        let ids = ["abcdef0123", "abcdef0124", "ffff000011"];
        let s = short_ids(&ids);
        assert_eq!(s, ["abcdef0123", "abcdef0124", "ffff0000"]);
    }
}
