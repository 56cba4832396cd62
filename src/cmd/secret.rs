//! `tokenctl secret add | list | remove`

use std::io::IsTerminal;

use base64::Engine;
use zeroize::Zeroizing;

use super::{confirm_or_yes, Ctx};
use crate::cli::{SecretAddArgs, SecretCommand, SecretRemoveArgs};
use crate::error::{Error, Result};
use crate::input;
use crate::secret::{validate_name, Algorithm, SecretValue};
use crate::store::NewSecret;
use crate::ui::{self, table};

pub(super) fn run(ctx: &Ctx, cmd: SecretCommand) -> Result<()> {
    match cmd {
        SecretCommand::Add(args) => add(ctx, &args),
        SecretCommand::List => list(ctx),
        SecretCommand::Remove(args) => remove(ctx, &args),
    }
}

fn add(ctx: &Ctx, args: &SecretAddArgs) -> Result<()> {
    validate_name(&args.name).map_err(Error::usage)?;
    let algorithm: Algorithm = args.algorithm.parse().map_err(Error::usage)?;
    let store = ctx.open_store()?;
    let how = ctx.unlock_source()?;
    let value = read_value(args, algorithm)?;
    value.check_strength(algorithm).map_err(|why| {
        Error::usage(format!("weak key refused: {why}")).with_hint(format!(
            "use --generate for a random {}-byte key",
            algorithm.min_key_len()
        ))
    })?;
    let mut unlocked = ctx.unlock_by(store, how)?;
    let actor = ctx.actor();
    let info = unlocked.add_secret(&NewSecret {
        name: &args.name,
        algorithm,
        value: &value,
        created_by: &actor,
        make_default: args.default,
    })?;
    if ctx.global.json {
        ui::print_json(&info)?;
    }
    ctx.notes.say(format!(
        "Added {} secret '{}' (key id {}){}",
        info.algorithm,
        info.name,
        info.kid,
        if info.default { ", the default" } else { "" }
    ));
    Ok(())
}

/// The secret value from the one source the flags name, stdin, or a prompt.
fn read_value(args: &SecretAddArgs, algorithm: Algorithm) -> Result<SecretValue> {
    if args.generate {
        return Ok(SecretValue::generate(algorithm));
    }
    let raw: Zeroizing<Vec<u8>> = if let Some(path) = &args.from_file {
        let bytes = input::read_file(path)
            .map_err(|e| Error::usage(format!("cannot read {}: {e}", path.display())))?;
        Zeroizing::new(input::strip_newline(&bytes).to_vec())
    } else if let Some(var) = &args.from_env {
        let v = std::env::var_os(var)
            .ok_or_else(|| Error::usage(format!("environment variable {var} is not set")))?;
        Zeroizing::new(v.into_encoded_bytes())
    } else if !std::io::stdin().is_terminal() {
        let bytes = input::read_stdin()
            .map_err(|e| Error::usage(format!("cannot read the secret from stdin: {e}")))?;
        Zeroizing::new(input::strip_newline(&bytes).to_vec())
    } else {
        let s = ui::prompt::hidden_twice("Secret value", "Repeat secret value")?;
        Zeroizing::new(s.as_bytes().to_vec())
    };
    if !args.base64 {
        return Ok(SecretValue::new(raw));
    }
    let text = std::str::from_utf8(&raw)
        .map_err(|_| Error::usage("--base64 input is not valid base64"))?;
    let text = text.trim();
    let engines = [
        base64::engine::general_purpose::STANDARD,
        base64::engine::general_purpose::STANDARD_NO_PAD,
        base64::engine::general_purpose::URL_SAFE,
        base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ];
    engines
        .iter()
        .find_map(|e| e.decode(text).ok())
        .map(|v| SecretValue::new(Zeroizing::new(v)))
        .ok_or_else(|| Error::usage("--base64 input is not valid base64"))
}

fn list(ctx: &Ctx) -> Result<()> {
    let unlocked = ctx.unlock()?;
    let secrets = unlocked.list_secrets()?;
    if ctx.global.json {
        return ui::print_json(&secrets);
    }
    if secrets.is_empty() {
        ctx.notes
            .say("No secrets. Add one with `tokenctl secret add NAME --generate`.");
        return Ok(());
    }
    let mut t = table::new(&[
        "Name",
        "Algorithm",
        "Key ID",
        "Default",
        "Active tokens",
        "Created by",
        "Created",
    ]);
    for s in &secrets {
        table::add_row(
            &mut t,
            vec![
                s.name.clone(),
                s.algorithm.clone(),
                s.kid.clone(),
                if s.default { "yes" } else { "no" }.to_string(),
                s.active_tokens.to_string(),
                s.created_by.clone(),
                s.created_at.get(..10).unwrap_or(&s.created_at).to_string(),
            ],
        );
    }
    ui::print_stdout(&table::render(&t))
}

fn remove(ctx: &Ctx, args: &SecretRemoveArgs) -> Result<()> {
    validate_name(&args.name).map_err(Error::usage)?;
    let mut unlocked = ctx.unlock()?;
    // Look it up first so a typo is exit 5 before anyone is asked anything.
    let (info, _, _) = unlocked.secret(&args.name)?;
    confirm_or_yes(
        args.yes,
        &format!(
            "Remove secret '{}' (key id {})? Tokens it signed will no longer verify. This cannot be undone.",
            info.name, info.kid
        ),
    )?;
    let (removed, revoked) =
        unlocked.remove_secret(&args.name, args.revoke_tokens, &ctx.actor())?;
    if ctx.global.json {
        ui::print_json(&removed)?;
    }
    ctx.notes.say(format!("Removed secret '{}'", removed.name));
    if revoked > 0 {
        ctx.notes.say(format!(
            "Revoked {revoked} token(s) it signed (reason \"secret removed\")"
        ));
    }
    if removed.default {
        ctx.notes
            .say("It was the default secret; make another one the default with `secret add --default` or pass --secret.");
    }
    Ok(())
}
