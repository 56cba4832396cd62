//! `tokenctl jwks [--out FILE]`: the public keys that verify this store's tokens.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use serde_json::{json, Value};

use super::Ctx;
use crate::cli::JwksArgs;
use crate::error::{Error, Result};
use crate::ui;

pub(super) fn run(ctx: &Ctx, args: &JwksArgs) -> Result<()> {
    let unlocked = ctx.unlock("`tokenctl jwks`")?;
    let keys: Vec<Value> = unlocked
        .published_keys(None)?
        .iter()
        .map(|k| k.key.to_jwk(k.algorithm, &k.kid))
        .collect();
    let count = keys.len();
    let jwks = json!({ "keys": keys });
    match &args.out {
        None => ui::print_json(&jwks)?,
        Some(path) => write_atomically(path, &jwks)?,
    }
    if count == 0 {
        ctx.notes.say(
            "The JWKS is empty: no secret has a public half (add one with `tokenctl secret add NAME --generate --algorithm EdDSA`).",
        );
    } else if let Some(path) = &args.out {
        ctx.notes.say(format!(
            "Wrote {count} key{} to {}",
            if count == 1 { "" } else { "s" },
            path.display()
        ));
    }
    Ok(())
}

/// Write `value` to a temporary file beside `path`, readable by everyone
/// (0644: it is published), then rename it over `path`: a reader sees the
/// old file or the new one, never half of one.
fn write_atomically(path: &Path, value: &Value) -> Result<()> {
    let cannot = |e: std::io::Error| Error::store(format!("cannot write {}: {e}", path.display()));
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| Error::usage(format!("--out {} names no file", path.display())))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    let written = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o644)
            .open(&tmp)?;
        // The process umask (077) would take the read bits away.
        f.set_permissions(std::fs::Permissions::from_mode(0o644))?;
        let mut text = serde_json::to_vec_pretty(value).map_err(std::io::Error::other)?;
        text.push(b'\n');
        f.write_all(&text)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.map_err(cannot)
}
