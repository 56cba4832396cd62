//! `tokenctl client add | list | remove`

use serde_json::json;

use super::deliver::{Delivery, Undo};
use super::{confirm_or_yes, Ctx};
use crate::cli::{ClientCommand, ClientNameArgs, ClientRemoveArgs};
use crate::error::{Error, Result};
use crate::secret::validate_name;
use crate::ui::{self, table};

pub(super) fn run(ctx: &Ctx, cmd: ClientCommand) -> Result<()> {
    match cmd {
        ClientCommand::Add(args) => add(ctx, &args),
        ClientCommand::List => list(ctx),
        ClientCommand::Remove(args) => remove(ctx, &args),
    }
}

/// `client add NAME`: the secret is printed once, like a token; if it
/// cannot be, the client is removed again.
fn add(ctx: &Ctx, args: &ClientNameArgs) -> Result<()> {
    validate_name(&args.name).map_err(Error::usage)?;
    let mut unlocked = ctx.unlock("`tokenctl client add`")?;
    let actor = ctx.actor(&unlocked);
    let delivery = Delivery::begin()?;
    let name = args.name.clone();
    let (info, secret) = delivery.record(|| {
        let (info, secret) = unlocked.add_client(&name, &actor)?;
        let undo = Undo::new(
            move || {
                unlocked.remove_client(&name)?;
                Ok("the client was removed again".to_string())
            },
            "remove it with `tokenctl client remove NAME --yes`",
        );
        Ok(((info, secret), undo))
    })?;
    let text = zeroize::Zeroizing::new(if ctx.global.json {
        let mut s = serde_json::to_string_pretty(&json!({
            "name": info.name,
            "secret": secret.as_str(),
            "created_at": info.created_at,
        }))
        .map_err(|e| Error::store(e.to_string()))?;
        s.push('\n');
        s
    } else {
        format!("{}\n", secret.as_str())
    });
    drop(secret);
    delivery.print(text.as_bytes(), "client secret")?;
    delivery.finish();
    ctx.notes.say(format!(
        "Added client '{}'; the secret is shown only once. Callers send it with HTTP Basic as {}:SECRET",
        info.name, info.name
    ));
    Ok(())
}

fn list(ctx: &Ctx) -> Result<()> {
    let unlocked = ctx.unlock("`tokenctl client list`")?;
    let clients = unlocked.list_clients()?;
    if ctx.global.json {
        return ui::print_json(&clients);
    }
    if clients.is_empty() {
        ctx.notes
            .say("No clients. Add one with `tokenctl client add NAME`.");
        return Ok(());
    }
    let mut t = table::new(&["Name", "Created by", "Created"]);
    for c in &clients {
        table::add_row(
            &mut t,
            vec![
                c.name.clone(),
                c.created_by.clone(),
                c.created_at.get(..10).unwrap_or(&c.created_at).to_string(),
            ],
        );
    }
    ui::print_stdout(&table::render(&t))
}

fn remove(ctx: &Ctx, args: &ClientRemoveArgs) -> Result<()> {
    validate_name(&args.name).map_err(Error::usage)?;
    let mut unlocked = ctx.unlock("`tokenctl client remove`")?;
    // An unknown client is exit 5 before anyone is asked anything.
    if !unlocked.list_clients()?.iter().any(|c| c.name == args.name) {
        return Err(crate::store::StoreError::NoSuchClient(args.name.clone()).into());
    }
    confirm_or_yes(
        args.yes,
        &format!(
            "Remove client '{}'? Its next request to serve is refused. This cannot be undone.",
            args.name
        ),
    )?;
    let removed = unlocked.remove_client(&args.name)?;
    if ctx.global.json {
        ui::print_json(&removed)?;
    }
    ctx.notes.say(format!("Removed client '{}'", removed.name));
    Ok(())
}
