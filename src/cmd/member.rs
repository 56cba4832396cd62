//! `tokenctl member add | list | remove`

use secrecy::{ExposeSecret, SecretString};

use super::ctx::{new_passphrase_source, read_passphrase};
use super::{confirm_or_yes, Ctx};
use crate::cli::{MemberAddArgs, MemberCommand, MemberRemoveArgs};
use crate::error::{Error, Result};
use crate::secret::validate_name;
use crate::ui::{self, table};

pub(super) fn run(ctx: &Ctx, cmd: MemberCommand) -> Result<()> {
    match cmd {
        MemberCommand::Add(args) => add(ctx, &args),
        MemberCommand::List => list(ctx),
        MemberCommand::Remove(args) => remove(ctx, &args),
    }
}

fn add(ctx: &Ctx, args: &MemberAddArgs) -> Result<()> {
    validate_name(&args.name).map_err(Error::usage)?;
    if std::env::var_os(super::ctx::ENV_KEY).is_some() {
        // An access key is refused (exit 7) before anything is asked.
        ctx.unlock("`tokenctl member add`")?;
    }
    // Both passphrases' sources are settled before anything is asked.
    let new_source = new_passphrase_source(args.new_passphrase_file.as_deref(), || {
        Error::usage("no passphrase for the new member and no terminal to ask on")
            .with_hint("pass --new-passphrase-file PATH or set TOKENCTL_NEW_PASSPHRASE")
    })?;
    let mut unlocked = ctx.unlock("`tokenctl member add`")?;
    let new: SecretString = read_passphrase(
        new_source,
        &format!("Passphrase for {}", args.name),
        Some("Repeat passphrase"),
    )?;
    if new.expose_secret().is_empty() {
        return Err(Error::usage("refusing an empty passphrase"));
    }
    let actor = ctx.actor(&unlocked);
    let info = unlocked.add_member(&args.name, &new, &actor)?;
    if ctx.global.json {
        ui::print_json(&info)?;
    }
    ctx.notes.say(format!(
        "Added member '{}'; they unlock with `--member {}` and their own passphrase",
        info.name, info.name
    ));
    Ok(())
}

fn list(ctx: &Ctx) -> Result<()> {
    let unlocked = ctx.unlock("`tokenctl member list`")?;
    let members = unlocked.list_members()?;
    if ctx.global.json {
        return ui::print_json(&members);
    }
    let mut t = table::new(&["Name", "Created by", "Created"]);
    for m in &members {
        table::add_row(
            &mut t,
            vec![
                m.name.clone(),
                m.created_by.clone(),
                m.created_at.get(..10).unwrap_or(&m.created_at).to_string(),
            ],
        );
    }
    ui::print_stdout(&table::render(&t))
}

fn remove(ctx: &Ctx, args: &MemberRemoveArgs) -> Result<()> {
    validate_name(&args.name).map_err(Error::usage)?;
    let mut unlocked = ctx.unlock("`tokenctl member remove`")?;
    let members = unlocked.list_members()?;
    if !members.iter().any(|m| m.name == args.name) {
        return Err(crate::store::StoreError::NoSuchMember(args.name.clone()).into());
    }
    if members.len() == 1 {
        return Err(crate::store::StoreError::LastMember(args.name.clone()).into());
    }
    confirm_or_yes(
        args.yes,
        &format!(
            "Remove member '{}'? Their passphrase will unlock nothing. This cannot be undone.",
            args.name
        ),
    )?;
    let ended = unlocked.remove_member(&args.name)?;
    if ctx.global.json {
        ui::print_json(&serde_json::json!({
            "name": args.name,
            "sessions_ended": ended.sessions,
        }))?;
    }
    ctx.notes.say(format!("Removed member '{}'", args.name));
    super::session::warn_unwiped(ctx, &ended);
    Ok(())
}
