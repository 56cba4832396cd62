//! `tokenctl token create`, one token from flags or many from `--batch`.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};
use zeroize::Zeroizing;

use super::super::deliver::{Delivery, Undo};
use super::super::Ctx;
use crate::cli::TokenCreateArgs;
use crate::clipboard;
use crate::error::{Error, Result};
use crate::input;
use crate::mint::{self, MintError, Minter};
use crate::store::{StoreError, Undelivered, Unlocked};
use crate::token::spec::{self, Defaults, SpecInput, TokenSpec};
use crate::token::time::{self, rfc3339};
use crate::token::{claims, json as strict_json, Format, TokenRecord};
use crate::ui;

/// `--expiry` when none is given (an access key may set another).
const DEFAULT_EXPIRY: &str = "1h";

/// The longest line a create batch accepts (claims included).
const MAX_LINE: usize = 64 * 1024;
/// Output is written in pieces of about this size.
const WRITE_CHUNK: usize = 64 * 1024;

/// Where the token goes.
enum Destination {
    /// Stdout: the token and a newline, or the `--json` object.
    Stdout,
    /// The clipboard (`--copy`), cleared after this long (`None`: never).
    Clipboard { clear_after: Option<Duration> },
}

pub(super) fn run(ctx: &Ctx, args: &TokenCreateArgs) -> Result<()> {
    if let Some(source) = &args.batch {
        return batch(ctx, args, source);
    }
    let Some(name) = args.name.as_deref() else {
        return Err(Error::usage("give the token a name with --name NAME"));
    };
    let now = Utc::now();
    let destination = destination(args, ctx.global.json)?;
    let spec = request(args, name, now)?;
    if let Destination::Clipboard { .. } = destination {
        // Before the passphrase and before minting: a machine without a
        // clipboard never gets a token it cannot deliver.
        clipboard::check_available()?;
    }
    let mut unlocked = ctx.unlock_tokens()?;
    let mut spec = spec;
    if let (None, Some(g)) = (&args.expiry, unlocked.access().grant()) {
        // An access key's own default lifetime: its --ttl, else its
        // --max-ttl when that is shorter than the usual hour.
        let own = g.scope.ttl.or(g.scope.max_ttl.filter(|&m| m < 3600));
        if let Some(secs) = own.and_then(|s| i64::try_from(s).ok()) {
            spec.expires_at = Some(now + chrono::Duration::seconds(secs));
        }
    }
    let expires_at = spec.expires_at;
    let mut minter = Minter::new(&unlocked, ctx.actor(&unlocked), now)?;
    minter.prepare(&spec)?;
    let (rec, token) = minter.into_mint().mint(spec)?;
    let payload = Zeroizing::new(if ctx.global.json {
        let mut s = serde_json::to_string_pretty(&created_json(&rec, &token))
            .map_err(|e| Error::store(e.to_string()))?;
        s.push('\n');
        s
    } else if let Destination::Clipboard { .. } = destination {
        token.to_string()
    } else {
        format!("{}\n", token.as_str())
    });
    drop(token);
    // The record is committed before the token leaves the process.
    let delivery = Delivery::begin()?;
    let replaced = delivery.record(|| {
        let replaced = unlocked.insert_token(&rec, args.replace, &rec.created_by)?;
        Ok((replaced, undelivered(unlocked, vec![rec.id.clone()])))
    })?;
    deliver(ctx, &delivery, &payload, &destination)?;
    if let Some(old) = replaced {
        ctx.notes.say(format!(
            "Revoked the previous token '{}' (id {}, reason \"replaced\")",
            old.name, old.id
        ));
    }
    ctx.notes.say(format!(
        "Created {} {} token '{}' (id {}), {}",
        rec.token_type,
        if rec.format == Format::Jwt {
            "JWT"
        } else {
            "opaque"
        },
        rec.name,
        rec.id,
        match expires_at {
            Some(e) => format!("expires {} ({})", rfc3339(e), time::relative(e, now)),
            None => "never expires".into(),
        }
    ));
    if let Destination::Clipboard { clear_after } = destination {
        ctx.notes.say(match clear_after {
            Some(d) => format!(
                "Copied the token to the clipboard; it will be cleared in {}, at {}, unless something else is copied first",
                time::human(d),
                chrono::Duration::from_std(d)
                    .ok()
                    .and_then(|d| Utc::now().checked_add_signed(d))
                    .map_or_else(|| "much later".into(), rfc3339),
            ),
            None => "Copied the token to the clipboard; it stays there until something else is copied (--clear-after never)".into(),
        });
    }
    Ok(())
}

fn destination(args: &TokenCreateArgs, json: bool) -> Result<Destination> {
    if args.copy {
        if json {
            return Err(Error::usage(
                "--copy and --json cannot be combined: --json prints the token on stdout",
            )
            .with_hint("drop --json to copy the token, or drop --copy to print the JSON"));
        }
        let clear_after = match &args.clear_after {
            Some(s) => clipboard::parse_clear_after(s).map_err(Error::usage)?,
            None => Some(clipboard::DEFAULT_CLEAR_AFTER),
        };
        return Ok(Destination::Clipboard { clear_after });
    }
    if args.clear_after.is_some() {
        return Err(Error::usage("--clear-after applies only with --copy")
            .with_hint("add --copy to put the token on the clipboard"));
    }
    Ok(Destination::Stdout)
}

/// The request the flags make, with claims from `--claim` and `--claims-file`.
fn request(args: &TokenCreateArgs, name: &str, now: DateTime<Utc>) -> Result<TokenSpec> {
    let input = SpecInput {
        name,
        token_type: &args.token_type,
        format: &args.format,
        expiry: args.expiry.as_deref().unwrap_or(DEFAULT_EXPIRY),
        not_before: args.not_before.as_deref(),
        secret: args.secret.as_deref(),
        subject: args.subject.as_deref(),
        audience: &args.audience,
        role: args.role.as_deref(),
        origins: &args.origin,
    };
    // Check the cheap flags before reading any claims file.
    spec::validate(&input, Map::new(), now)?;
    let file =
        match &args.claims_file {
            None => None,
            Some(p) => {
                let bytes = input::read_file_or_stdin(p)
                    .map_err(|e| Error::usage(format!("cannot read {}: {e}", p.display())))?;
                Some(strict_json::parse_object(&bytes).map_err(|e| {
                    Error::usage(format!("--claims-file must hold a JSON object: {e}"))
                })?)
            }
        };
    let read = |p: &Path| {
        input::read_file(p)
            .map(|b| input::strip_newline(&b).to_vec())
            .map_err(|e| format!("cannot read {}: {e}", p.display()))
    };
    let claims = claims::collect(file, &args.claim, &read).map_err(Error::usage)?;
    Ok(spec::validate(&input, claims, now)?)
}

/// The `--json` object of a created token.
fn created_json(rec: &TokenRecord, token: &str) -> Value {
    json!({
        "id": rec.id,
        "name": rec.name,
        "type": rec.token_type,
        "format": rec.format,
        "token": token,
        "secret": rec.secret,
        "subject": rec.subject,
        "created_at": rec.created_at,
        "created_by": rec.created_by,
        "expires_at": rec.expires_at,
    })
}

/// Write the token once, or put it on the clipboard. A failure, or a person
/// at a terminal who does not confirm they stored a printed token, makes the
/// record undelivered.
fn deliver(ctx: &Ctx, delivery: &Delivery, payload: &str, to: &Destination) -> Result<()> {
    let sent = match to {
        Destination::Stdout => write_out(payload.as_bytes()).map_err(|e| {
            (
                format!("could not write the token ({e})"),
                "write to a working stdout, or use --json and capture the output",
            )
        }),
        Destination::Clipboard { clear_after } => clipboard::copy(payload, *clear_after)
            .map_err(|why| {
                (
                    format!("could not copy the token to the clipboard ({why})"),
                    "drop --copy to print the token on stdout, or use --json and capture the output",
                )
            }),
    };
    if let Err((what, hint)) = sent {
        let how = delivery.undo();
        return Err(Error::delivery(format!("{what}; {how}")).with_hint(hint));
    }
    // A copied token was never shown: there is nothing to confirm having stored.
    if matches!(to, Destination::Stdout) {
        confirm_stored(
            ctx,
            delivery,
            "this token is shown only once; tokenctl keeps only its hash and cannot show it again",
            "Have you stored the token somewhere safe?",
            "token not confirmed",
        )?;
    }
    delivery.finish();
    Ok(())
}

/// On a terminal, the user confirms having stored what was shown; anything
/// but yes undoes the delivery (exit 130).
fn confirm_stored(
    ctx: &Ctx,
    delivery: &Delivery,
    warning: &str,
    question: &str,
    declined: &str,
) -> Result<()> {
    if !ui::stdout_is_terminal() || !ui::prompt::terminal_available() {
        return Ok(());
    }
    ctx.notes.warn(warning);
    let stored = ui::prompt::confirm(question);
    if matches!(stored, Ok(true)) {
        return Ok(());
    }
    let how = delivery.undo();
    Err(Error::cancelled_with(format!("{declined}; {how}")))
}

/// Write to stdout in pieces and flush.
fn write_out(bytes: &[u8]) -> std::io::Result<()> {
    write_pieces(bytes.chunks(WRITE_CHUNK))
}

/// Write each piece to stdout, then flush.
fn write_pieces<'a>(pieces: impl Iterator<Item = &'a [u8]>) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    for piece in pieces {
        out.write_all(piece)?;
    }
    out.flush()
}

/// Undoing the delivery of freshly recorded tokens: they become undelivered.
fn undelivered(mut unlocked: Unlocked, ids: Vec<String>) -> Undo {
    let (which, it, by_hand) = match ids.as_slice() {
        [id] => (
            "it was".to_string(),
            "it",
            format!("revoke it with `tokenctl token revoke {id} --yes`"),
        ),
        _ => (
            format!("all {} tokens of the batch were", ids.len()),
            "they",
            "revoke them (`tokenctl token list` shows them)".to_string(),
        ),
    };
    let run = move || {
        Ok(match unlocked.mark_undelivered(&ids)? {
            Undelivered::Marked => {
                format!("{which} recorded as undelivered and will never verify")
            }
            Undelivered::Withdrawn(_) => format!(
                "the store was re-keyed meanwhile, so {which} withdrawn instead: no record is left and {it} will never verify"
            ),
        })
    };
    Undo::new(run, by_hand)
}

/// `token create --batch FILE|-`: every line is read and validated before
/// the store is unlocked; all tokens are recorded in one transaction, then
/// written out.
fn batch(ctx: &Ctx, args: &TokenCreateArgs, source: &Path) -> Result<()> {
    let now = Utc::now();
    let (lines, specs) = read_batch(source, args, now)?;
    if specs.is_empty() {
        ctx.notes.say("The batch is empty; nothing was minted.");
        return Ok(());
    }
    let count = specs.len();
    let mut unlocked = ctx.unlock_tokens()?;
    let actor = ctx.actor(&unlocked);
    let format = |rec: &TokenRecord, token: &str, out: &mut Vec<u8>| {
        // Serialising a JSON value into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, &created_json(rec, token));
        out.push(b'\n');
    };
    let delivery = Delivery::begin()?;
    let recorded = delivery.record(|| {
        let recorded = mint::record_batch(&mut unlocked, &actor, now, specs, args.replace, &format)
            .map_err(|e| batch_error(e, &lines))?;
        let undo = undelivered(unlocked, recorded.ids.clone());
        Ok((recorded, undo))
    })?;
    if let Err(e) = write_pieces(recorded.output.pieces()) {
        let how = delivery.undo();
        return Err(
            Error::delivery(format!("could not write the tokens ({e}); {how}"))
                .with_hint("write to a working stdout, for example a file"),
        );
    }
    drop(recorded.output);
    confirm_stored(
        ctx,
        &delivery,
        "these tokens are shown only once; tokenctl keeps only their hashes and cannot show them again",
        "Have you stored the tokens somewhere safe?",
        "tokens not confirmed",
    )?;
    delivery.finish();
    let replaced = recorded.replaced.len();
    if replaced > 0 {
        ctx.notes.say(format!(
            "Revoked {replaced} previous token{} of the same names (reason \"replaced\")",
            if replaced == 1 { "" } else { "s" }
        ));
    }
    ctx.notes.say(format!(
        "Created {count} token{}",
        if count == 1 { "" } else { "s" }
    ));
    Ok(())
}

/// A batch failure, named by the input line it came from.
fn batch_error(e: MintError, lines: &[usize]) -> Error {
    let line = |i: usize| lines.get(i).copied().unwrap_or(0);
    match e {
        MintError::At { index, source } => Error::from(*source).context(format!("line {}", line(index))),
        MintError::Store(StoreError::NameTaken { index, .. }) => Error::from(e)
            .context(format!("line {}", line(index)))
            .with_hint("pass --replace to revoke it in the same transaction, or choose another name; nothing was minted"),
        other => other.into(),
    }
}

/// Read and validate every line (in parallel); nothing is minted unless all
/// are good. Returns each request's input line number and the requests.
fn read_batch(
    source: &Path,
    args: &TokenCreateArgs,
    now: DateTime<Utc>,
) -> Result<(Vec<usize>, Vec<TokenSpec>)> {
    let cannot_read = |e: std::io::Error| Error::usage(format!("cannot read the batch: {e}"));
    let mut reader = input::open_lines(source)
        .map_err(|e| Error::usage(format!("cannot read {}: {e}", source.display())))?;
    let mut lines = Vec::new();
    let mut n = 0;
    let mut buf = Vec::new();
    while let Some(fits) = input::read_line(&mut reader, &mut buf, MAX_LINE).map_err(cannot_read)? {
        n += 1;
        if !fits {
            return Err(Error::usage(format!(
                "line {n} is longer than {} KiB",
                MAX_LINE / 1024
            )));
        }
        if !buf.trim_ascii().is_empty() {
            lines.push((n, std::mem::take(&mut buf)));
        }
    }
    let defaults = Defaults {
        token_type: &args.token_type,
        format: &args.format,
        expiry: args.expiry.as_deref().unwrap_or(DEFAULT_EXPIRY),
        not_before: args.not_before.as_deref(),
        secret: args.secret.as_deref(),
    };
    let mut parsed = crate::par::map(lines, |(n, buf)| {
        (n, spec::parse_line(buf.trim_ascii(), &defaults, now))
    });
    // The first bad line, in input order, is the one reported. The names
    // are borrowed and the requests moved into the same allocation: a
    // large batch is held once, not twice.
    let mut names: HashMap<&str, usize> = HashMap::with_capacity(parsed.len());
    let mut bad = None;
    for (i, (n, spec)) in parsed.iter().enumerate() {
        let Ok(spec) = spec else {
            bad = Some(i);
            break;
        };
        if let Some(first) = names.insert(&spec.name, *n) {
            return Err(Error::name(format!(
                "line {n}: the name '{}' is also on line {first}",
                spec.name
            ))
            .with_hint("names are unique among active tokens; give each line its own"));
        }
    }
    drop(names);
    if let Some(i) = bad {
        if let (n, Err(e)) = parsed.swap_remove(i) {
            return Err(Error::from(e).context(format!("line {n}")));
        }
    }
    let numbers: Vec<usize> = parsed.iter().map(|(n, _)| *n).collect();
    let specs: Vec<TokenSpec> = parsed.into_iter().filter_map(|(_, s)| s.ok()).collect();
    Ok((numbers, specs))
}
