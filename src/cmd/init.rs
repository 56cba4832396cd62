//! `tokenctl init`

use serde_json::json;

use super::Ctx;
use crate::cli::InitArgs;
use crate::crypto::KdfParams;
use crate::error::{Error, Result};
use crate::secret::{Algorithm, SecretValue};
use crate::store::{InitOptions, NewSecret, Store};
use crate::ui;

/// Name of the secret `init` generates.
const DEFAULT_SECRET: &str = "default";

pub(super) fn run(ctx: &Ctx, args: &InitArgs) -> Result<()> {
    let location = ctx.store_location()?;
    let kdf = KdfParams {
        memory_kib: args.kdf_memory.saturating_mul(1024),
        iterations: args.kdf_iterations,
        parallelism: args.kdf_parallelism,
    };
    kdf.check().map_err(|why| {
        Error::usage(why).with_hint("the floor is --kdf-memory 19 --kdf-iterations 2 (OWASP); the default is 64 MiB, 3 passes")
    })?;
    if let Some(iss) = &args.issuer {
        if iss.is_empty() || iss.chars().any(char::is_control) {
            return Err(Error::usage(
                "--issuer must be non-empty text without control characters",
            ));
        }
    }
    // Fail before asking anything when the store file is already there.
    if let Some(path) = location.file().filter(|p| p.exists()) {
        return Err(crate::store::path_taken(path).into());
    }
    let member = match ctx.member() {
        Some(name) => {
            crate::secret::validate_name(name)
                .map_err(|why| Error::usage(format!("--member: {why}")))?;
            name.to_string()
        }
        None => crate::store::default_member_name(),
    };
    let passphrase = ctx.new_store_passphrase()?;
    if secrecy::ExposeSecret::expose_secret(&passphrase).is_empty() {
        return Err(Error::usage("refusing an empty passphrase"));
    }
    let actor = ctx.labelled(member.clone());
    let algorithm: Algorithm = args.algorithm.parse().map_err(Error::usage)?;
    let value = SecretValue::generate(algorithm);
    let default_secret = (!args.no_default_secret).then(|| NewSecret {
        name: DEFAULT_SECRET,
        algorithm,
        value: &value,
        created_by: &actor,
        make_default: true,
    });
    let unlocked = Store::create(
        &location,
        &InitOptions {
            member: &member,
            passphrase: &passphrase,
            kdf,
            issuer: args.issuer.clone(),
            default_secret,
            label: ctx.label(),
            anchors: super::ctx::anchors_dir(),
        },
    )?;
    let header = unlocked.store().header();
    if ctx.global.json {
        let secrets = unlocked.list_secrets()?;
        ui::print_json(&json!({
            "path": location.to_string(),
            "format_version": crate::store::current_version(),
            "issuer": args.issuer,
            "secrets": secrets,
            "kdf": {
                "algorithm": "argon2id",
                "memory_kib": header.kdf.memory_kib,
                "iterations": header.kdf.iterations,
                "parallelism": header.kdf.parallelism,
            },
        }))?;
    }
    ctx.notes
        .say(format!("Created store {location}, with member '{member}'"));
    if !args.no_default_secret {
        ctx.notes.say(format!(
            "Generated {algorithm} secret '{DEFAULT_SECRET}' (the default for `token create`)"
        ));
    }
    Ok(())
}
