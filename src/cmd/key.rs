//! `tokenctl key create | list | revoke`

use chrono::Utc;
use serde_json::json;

use super::deliver::{Delivery, Undo};
use super::{confirm_or_yes, Ctx};
use crate::cli::{KeyCommand, KeyCreateArgs, KeyRevokeArgs};
use crate::error::{Error, Result};
use crate::secret::validate_name;
use crate::store::{KeyInfo, Scope};
use crate::token::policy::human;
use crate::token::time::{self, rfc3339};
use crate::token::TokenType;
use crate::ui::{self, table};

pub(super) fn run(ctx: &Ctx, cmd: KeyCommand) -> Result<()> {
    match cmd {
        KeyCommand::Create(args) => create(ctx, &args),
        KeyCommand::List => list(ctx),
        KeyCommand::Revoke(args) => revoke(ctx, &args),
    }
}

/// A positive duration flag, in seconds.
pub(super) fn seconds(flag: &str, value: &str) -> Result<u64> {
    let d = time::parse_duration(value).map_err(|e| Error::usage(format!("{flag}: {e}")))?;
    u64::try_from(d.num_seconds())
        .ok()
        .filter(|&s| s > 0)
        .ok_or_else(|| Error::usage(format!("{flag} must be at least one second")))
}

/// The scope `key create` asks for, checked before the store is unlocked.
fn scope(args: &KeyCreateArgs) -> Result<Scope> {
    for what in &args.allow {
        if what != "mint" {
            return Err(Error::usage(format!(
                "--allow {}: an access key can only be allowed to mint",
                what.escape_debug()
            )));
        }
    }
    let mut types: Vec<TokenType> = Vec::new();
    for t in &args.token_type {
        let t: TokenType = t.parse().map_err(Error::usage)?;
        if !types.contains(&t) {
            types.push(t);
        }
    }
    if types.is_empty() {
        types.push(TokenType::Development);
    }
    let mut secrets: Vec<String> = Vec::new();
    for name in &args.secret {
        validate_name(name).map_err(|e| Error::usage(format!("--secret: {e}")))?;
        if !secrets.contains(name) {
            secrets.push(name.clone());
        }
    }
    let max_ttl = match &args.max_ttl {
        Some(v) => Some(seconds("--max-ttl", v)?),
        None => None,
    };
    let ttl = match &args.ttl {
        Some(v) => Some(seconds("--ttl", v)?),
        None => None,
    };
    if let (Some(ttl), Some(max)) = (ttl, max_ttl) {
        if ttl > max {
            return Err(Error::usage(format!(
                "--ttl {} is longer than --max-ttl {}",
                human(ttl),
                human(max)
            )));
        }
    }
    Ok(Scope {
        allow: vec!["mint".into()],
        types,
        secrets,
        max_ttl,
        ttl,
    })
}

/// The scope in a few words: `mint development with dev, up to 2h`.
pub fn describe(scope: &Scope) -> String {
    let types: Vec<&str> = scope.types.iter().map(|t| t.as_str()).collect();
    let mut s = format!(
        "{} {} with {}",
        scope.allow.join(","),
        types.join(","),
        scope.secrets.join(",")
    );
    if let Some(max) = scope.max_ttl {
        s.push_str(&format!(", up to {}", human(max)));
    }
    s
}

fn create(ctx: &Ctx, args: &KeyCreateArgs) -> Result<()> {
    validate_name(&args.name).map_err(Error::usage)?;
    let scope = scope(args)?;
    let now = Utc::now();
    let expires = time::parse_expiry(&args.expiry, now)
        .map_err(|e| Error::usage(format!("--expiry: {e}")))?;
    let mut unlocked = ctx.unlock("`tokenctl key create`")?;
    let actor = ctx.actor(&unlocked);
    let delivery = Delivery::begin()?;
    let name = args.name.clone();
    let (info, key) = delivery.record(|| {
        let created = unlocked.create_key(&name, scope, expires.map(|e| e.timestamp()), &actor)?;
        let undo = Undo::new(
            move || {
                unlocked.revoke_key(&name)?;
                Ok("the key was revoked".to_string())
            },
            "revoke it with `tokenctl key revoke NAME --yes`",
        );
        Ok((created, undo))
    })?;
    let text = zeroize::Zeroizing::new(if ctx.global.json {
        let mut s = serde_json::to_string_pretty(&json!({
            "name": info.name,
            "key": key.as_str(),
            "scope": info.scope,
            "expires_at": info.expires_at,
        }))
        .map_err(|e| Error::store(e.to_string()))?;
        s.push('\n');
        s
    } else {
        format!("{}\n", key.as_str())
    });
    drop(key);
    delivery.print(text.as_bytes(), "access key")?;
    delivery.finish();
    ctx.notes.say(format!(
        "Created access key '{}' ({}), {}; it is shown only once. Use it with TOKENCTL_KEY",
        info.name,
        describe(&info.scope),
        match &info.expires_at {
            Some(e) => format!("expires {e}"),
            None => "never expires".into(),
        }
    ));
    Ok(())
}

fn list(ctx: &Ctx) -> Result<()> {
    let unlocked = ctx.unlock("`tokenctl key list`")?;
    let keys = unlocked.list_keys()?;
    if ctx.global.json {
        return ui::print_json(&keys);
    }
    if keys.is_empty() {
        ctx.notes
            .say("No access keys. Create one with `tokenctl key create NAME --allow mint`.");
        return Ok(());
    }
    let now = rfc3339(Utc::now());
    let mut t = table::new(&[
        "Name",
        "Scope",
        "Expires",
        "Last used",
        "Created by",
        "Status",
    ]);
    for k in &keys {
        table::add_row(&mut t, row(k, &now));
    }
    ui::print_stdout(&table::render(&t))
}

fn row(k: &KeyInfo, now: &str) -> Vec<String> {
    let status = if k.revoked_at.is_some() {
        "revoked"
    } else if k.expires_at.as_deref().is_some_and(|e| e <= now) {
        "expired"
    } else {
        "active"
    };
    vec![
        k.name.clone(),
        describe(&k.scope),
        k.expires_at.clone().unwrap_or_else(|| "never".into()),
        k.last_used_at.clone().unwrap_or_else(|| "never".into()),
        k.created_by.clone(),
        status.into(),
    ]
}

fn revoke(ctx: &Ctx, args: &KeyRevokeArgs) -> Result<()> {
    validate_name(&args.name).map_err(Error::usage)?;
    let mut unlocked = ctx.unlock("`tokenctl key revoke`")?;
    if !unlocked.list_keys()?.iter().any(|k| k.name == args.name) {
        return Err(crate::store::StoreError::NoSuchKey(args.name.clone()).into());
    }
    confirm_or_yes(
        args.yes,
        &format!(
            "Revoke access key '{}'? It unlocks nothing from its next use. This cannot be undone.",
            args.name
        ),
    )?;
    let now_revoked = unlocked.revoke_key(&args.name)?;
    if ctx.global.json {
        ui::print_json(&json!({ "name": args.name, "revoked": true }))?;
    }
    ctx.notes.say(if now_revoked {
        format!("Revoked access key '{}'", args.name)
    } else {
        format!("Access key '{}' was already revoked", args.name)
    });
    Ok(())
}
