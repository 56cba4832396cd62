//! `tokenctl store info | check | passwd`

use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use super::ctx::{new_passphrase_source, read_passphrase};
use super::Ctx;
use crate::cli::{CheckArgs, CopyArgs, PasswdArgs, StoreCommand};
use crate::error::{Error, Result};
use crate::store::{Kind, Location};
use crate::ui;

pub(super) fn run(ctx: &Ctx, cmd: StoreCommand) -> Result<()> {
    match cmd {
        StoreCommand::Info => info(ctx),
        StoreCommand::Check(args) => check(ctx, &args),
        StoreCommand::Passwd(args) => passwd(ctx, &args),
        StoreCommand::Rekey => rekey(ctx),
        StoreCommand::Copy(args) => copy(ctx, &args),
    }
}

fn copy(ctx: &Ctx, args: &CopyArgs) -> Result<()> {
    let dest = Location::parse(&args.to)?;
    let unlocked = ctx.unlock("`tokenctl store copy`")?;
    let bar = ui::progress::bar("Copying");
    let done = unlocked.copy_to(&dest, &mut |done, total| bar.show(done, total));
    bar.finish();
    let done = done?;
    if ctx.global.json {
        return ui::print_json(&json!({ "to": dest.to_string(), "rows": done.rows }));
    }
    ctx.notes.say(format!(
        "Copied the store to {dest}: {} rows, every record authenticated. It opens with the same passphrase.",
        done.rows
    ));
    Ok(())
}

fn rekey(ctx: &Ctx) -> Result<()> {
    // The passphrase, never a session: the new data key is wrapped under it.
    let store = ctx.open_store()?;
    let (mut unlocked, passphrase) = ctx.unlock_with_passphrase(store)?;
    let bar = ui::progress::bar("Re-sealing records");
    let done = unlocked.rekey(&passphrase, &mut |done, total| bar.show(done, total));
    bar.finish();
    let done = done?;
    if ctx.global.json {
        ui::print_json(&json!({
            "records": done.records,
            "sessions_ended": done.ended.sessions,
            "members_removed": done.members_removed,
            "keys_revoked": done.keys_revoked,
        }))?;
    }
    ctx.notes.say(format!(
        "Replaced the data key: re-sealed {} records{}. The old data key opens nothing in the store now.",
        done.records,
        match done.ended.sessions {
            0 => String::new(),
            1 => "; ended 1 unlock session".into(),
            n => format!("; ended {n} unlock sessions"),
        }
    ));
    if done.members_removed > 0 || done.keys_revoked > 0 {
        ctx.notes.warn(format!(
            "removed {} other member(s) and revoked {} access key(s): their slots held the old keys; add them again with `tokenctl member add` and `tokenctl key create`",
            done.members_removed, done.keys_revoked
        ));
    }
    super::session::warn_unwiped(ctx, &done.ended);
    Ok(())
}

fn info(ctx: &Ctx) -> Result<()> {
    let store = ctx.open_store()?;
    let h = store.header();
    let counts = store.counts()?;
    let format_version = store.format_version()?;
    let store_id = hex::encode(h.store_id);
    let path = match store.location() {
        Location::File(p) => std::fs::canonicalize(p)
            .unwrap_or_else(|_| p.clone())
            .display()
            .to_string(),
        other => other.to_string(),
    };
    let server = store.server_version()?;
    if ctx.global.json {
        let mut info = json!({
            "path": path,
            "format_version": format_version,
            "store_id": store_id,
            "kdf": {
                "algorithm": "argon2id",
                "memory_kib": h.kdf.memory_kib,
                "iterations": h.kdf.iterations,
                "parallelism": h.kdf.parallelism,
            },
            "secrets": counts.secrets,
            "tokens": counts.tokens,
            "audit_events": counts.audit_events,
        });
        if let Some(server) = &server {
            info["server"] = json!(format!("PostgreSQL {server}"));
        }
        return ui::print_json(&info);
    }
    let server = server.map_or_else(String::new, |s| {
        format!("Server:          PostgreSQL {s}\n")
    });
    ui::print_stdout(&format!(
        "Path:            {}\n{server}Format version:  {}\nStore id:        {store_id}\nKDF:             argon2id, {} MiB, {} passes, {} lanes\nSecrets:         {}\nTokens:          {}\nAudit events:    {}\n",
        path,
        format_version,
        h.kdf.memory_kib / 1024,
        h.kdf.iterations,
        h.kdf.parallelism,
        counts.secrets,
        counts.tokens,
        counts.audit_events,
    ))
}

fn check(ctx: &Ctx, args: &CheckArgs) -> Result<()> {
    // A store put back to an older copy is one of the problems listed here.
    ctx.deferring_rollback_check.set(true);
    let mut unlocked = ctx.unlock("`tokenctl store check`")?;
    let mut problems = Vec::new();
    let mut rolled_back = false;
    if !args.accept_rollback {
        if let Err(e) = unlocked.check_rollback() {
            rolled_back = matches!(e, crate::store::StoreError::RolledBack(_));
            problems.push(e.to_string());
        }
    } else {
        let (before, restored) = unlocked.accept_rollback()?;
        ctx.notes.say(match before {
            Some(b) if b > restored => format!(
                "Accepted the rollback: this machine had seen the audit log reach event {b}; the restored store's ends at event {restored}."
            ),
            _ => format!("This machine now records the store's audit log from event {restored} on."),
        });
    }
    problems.extend(unlocked.check()?);
    if ctx.global.json {
        ui::print_json(&json!({ "ok": problems.is_empty(), "problems": problems }))?;
    } else if problems.is_empty() {
        ctx.notes.say(match unlocked.store().location().kind() {
            Kind::Sqlite => {
                "Store is sound: every record authenticated and SQLite's integrity check passed."
            }
            Kind::Postgres => "Store is sound: every record authenticated.",
        });
    }
    if problems.is_empty() {
        return Ok(());
    }
    if !ctx.global.json {
        for p in &problems {
            eprintln!("  - {p}");
        }
    }
    Err(
        Error::store(format!("store check found {} problem(s)", problems.len())).with_hint(
            if rolled_back {
                "if the store was restored from a backup on purpose, run \
                 `tokenctl store check --accept-rollback`; otherwise restore the newest copy"
            } else {
                "restore the store from a backup"
            },
        ),
    )
}

fn passwd(ctx: &Ctx, args: &PasswdArgs) -> Result<()> {
    let store = ctx.open_store()?;
    // Both sources are settled before anything is asked or the KDF runs.
    let new_source = new_passphrase_source(args.new_passphrase_file.as_deref(), || {
        Error::unlock("no new passphrase available and no terminal to ask on")
            .with_hint("pass --new-passphrase-file PATH or set TOKENCTL_NEW_PASSPHRASE")
    })?;
    let (mut unlocked, old) = ctx.unlock_with_passphrase(store)?;
    drop(old);
    let new: SecretString =
        read_passphrase(new_source, "New passphrase", Some("Repeat new passphrase"))?;
    if new.expose_secret().is_empty() {
        return Err(Error::usage("refusing an empty passphrase"));
    }
    let ended = unlocked.change_passphrase(&new)?;
    let member = unlocked.access().actor();
    ctx.notes.say(if ended.sessions == 0 {
        format!("Passphrase changed for member '{member}'.")
    } else {
        format!(
            "Passphrase changed for member '{member}'; ended {} unlock session{} (run `tokenctl unlock` again)",
            ended.sessions,
            if ended.sessions == 1 { "" } else { "s" }
        )
    });
    super::session::warn_unwiped(ctx, &ended);
    Ok(())
}
