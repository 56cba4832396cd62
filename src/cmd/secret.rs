//! `tokenctl secret add | list | remove | public | rotate | retire`

use std::io::IsTerminal;

use base64::Engine;
use zeroize::Zeroizing;

use super::{confirm_or_yes, Ctx};
use crate::cli::{
    SecretAddArgs, SecretCommand, SecretPublicArgs, SecretRemoveArgs, SecretRetireArgs,
    SecretRotateArgs,
};
use crate::error::{Error, Result};
use crate::input;
use crate::secret::keys;
use crate::secret::{validate_name, Algorithm, SecretValue};
use crate::store::NewSecret;
use crate::ui::{self, table};

pub(super) fn run(ctx: &Ctx, cmd: SecretCommand) -> Result<()> {
    match cmd {
        SecretCommand::Add(args) => add(ctx, &args),
        SecretCommand::List => list(ctx),
        SecretCommand::Remove(args) => remove(ctx, &args),
        SecretCommand::Public(args) => public(ctx, &args),
        SecretCommand::Rotate(args) => rotate(ctx, &args),
        SecretCommand::Retire(args) => retire(ctx, &args),
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
    ctx.require_member(&unlocked, "`tokenctl secret add`")?;
    let actor = ctx.actor(&unlocked);
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

/// The secret value from the one source the flags name, stdin, or a
/// prompt: HMAC key bytes, or a private key in PEM for the other algorithms.
fn read_value(args: &SecretAddArgs, algorithm: Algorithm) -> Result<SecretValue> {
    if args.generate {
        return Ok(SecretValue::generate(algorithm));
    }
    if algorithm.is_asymmetric() {
        if args.base64 {
            return Err(Error::usage(format!(
                "--base64 applies to HMAC keys; an {algorithm} key is imported as PEM"
            )));
        }
        if args.from_file.is_none() && args.from_env.is_none() && std::io::stdin().is_terminal() {
            return Err(
                Error::usage(format!("an {algorithm} key is not typed at a prompt")).with_hint(
                    "pass --generate, or a PEM private key with --from-file PATH or on stdin",
                ),
            );
        }
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
    if algorithm.is_asymmetric() {
        return Ok(keys::import_private(algorithm, &raw)?);
    }
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
    let unlocked = ctx.unlock("`tokenctl secret list`")?;
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
    let date = |t: &str| t.get(..10).unwrap_or(t).to_string();
    for s in &secrets {
        if s.versions.is_empty() {
            table::add_row(
                &mut t,
                vec![
                    s.name.clone(),
                    s.algorithm.clone(),
                    s.kid.clone(),
                    if s.default { "yes" } else { "no" }.to_string(),
                    s.active_tokens.to_string(),
                    s.created_by.clone(),
                    date(&s.created_at),
                ],
            );
            continue;
        }
        // A rotated secret: a row per version, the one that signs first.
        for v in &s.versions {
            table::add_row(
                &mut t,
                vec![
                    s.name.clone(),
                    s.algorithm.clone(),
                    if v.current {
                        v.kid.clone()
                    } else {
                        format!("{} (previous)", v.kid)
                    },
                    if s.default && v.current { "yes" } else { "no" }.to_string(),
                    v.active_tokens.to_string(),
                    v.created_by.clone(),
                    date(&v.created_at),
                ],
            );
        }
    }
    ui::print_stdout(&table::render(&t))
}

/// `secret public NAME [--format pem|jwk]`
fn public(ctx: &Ctx, args: &SecretPublicArgs) -> Result<()> {
    validate_name(&args.name).map_err(Error::usage)?;
    let unlocked = ctx.unlock("`tokenctl secret public`")?;
    let (info, alg, _) = unlocked.secret(&args.name)?;
    if !alg.is_asymmetric() {
        return Err(Error::usage(format!(
            "secret '{}' is an {alg} (HMAC) key: it has no public half",
            info.name
        ))
        .with_hint("services verify HMAC tokens only with the shared key; use EdDSA or ES256 for tokens others verify"));
    }
    let published = unlocked.published_keys(Some(&args.name))?;
    let key = published
        .into_iter()
        .find(|k| k.current)
        .ok_or_else(|| Error::store("the signing version has no public key"))?;
    if args.format == "jwk" || ctx.global.json {
        return ui::print_json(&key.key.to_jwk(key.algorithm, &key.kid));
    }
    ui::print_stdout(&key.key.to_pem()?)
}

/// `secret rotate NAME`: a new, generated version signs from now on.
fn rotate(ctx: &Ctx, args: &SecretRotateArgs) -> Result<()> {
    validate_name(&args.name).map_err(Error::usage)?;
    let mut unlocked = ctx.unlock("`tokenctl secret rotate`")?;
    let (_, alg, _) = unlocked.secret(&args.name)?;
    let value = SecretValue::generate(alg);
    let (kid, old) = unlocked.rotate_secret(&args.name, &value, &ctx.actor(&unlocked))?;
    if ctx.global.json {
        ui::print_json(&serde_json::json!({
            "name": args.name,
            "kid": kid,
            "previous_kid": old,
        }))?;
    }
    ctx.notes.say(format!(
        "Rotated secret '{}': key id {kid} signs from now on; {old} keeps verifying the tokens it signed",
        args.name
    ));
    Ok(())
}

/// `secret retire NAME --kid KID`: end an older version and its tokens.
fn retire(ctx: &Ctx, args: &SecretRetireArgs) -> Result<()> {
    validate_name(&args.name).map_err(Error::usage)?;
    let mut unlocked = ctx.unlock("`tokenctl secret retire`")?;
    // Refuse an unknown secret before anyone is asked anything.
    unlocked.secret(&args.name)?;
    confirm_or_yes(
        args.yes,
        &format!(
            "Retire key id {} of secret '{}'? Its active tokens are revoked at once and it leaves the JWKS. This cannot be undone.",
            args.kid, args.name
        ),
    )?;
    let revoked = unlocked.retire_secret(&args.name, &args.kid, &ctx.actor(&unlocked))?;
    if ctx.global.json {
        ui::print_json(&serde_json::json!({
            "name": args.name,
            "kid": args.kid,
            "revoked": revoked,
        }))?;
    }
    ctx.notes.say(format!(
        "Retired key id {} of secret '{}'; revoked {revoked} token{} it signed (reason \"key retired\")",
        args.kid,
        args.name,
        if revoked == 1 { "" } else { "s" }
    ));
    Ok(())
}

fn remove(ctx: &Ctx, args: &SecretRemoveArgs) -> Result<()> {
    validate_name(&args.name).map_err(Error::usage)?;
    let mut unlocked = ctx.unlock("`tokenctl secret remove`")?;
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
        unlocked.remove_secret(&args.name, args.revoke_tokens, &ctx.actor(&unlocked))?;
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
