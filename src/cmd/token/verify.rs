//! `tokenctl token verify TOKEN|-` and `token verify --batch FILE|-`

use std::io::Write;
use std::path::Path;

use chrono::Utc;

use super::super::Ctx;
use crate::cli::{KeySourceArgs, TokenVerifyArgs};
use crate::error::{Error, Result};
use crate::input;
use crate::store::Unlocked;
use crate::token::{time, MAX_TOKEN_LEN};
use crate::ui;
use crate::verify::offline::{self, Keys};
use crate::verify::{self, Constraints, Examination, Reason};

/// Tokens verified per round of queries.
const CHUNK: usize = 8192;
/// A round of queries holds at most about this many bytes of tokens.
const CHUNK_BYTES: usize = 8 << 20;

pub(super) fn run(ctx: &Ctx, args: &TokenVerifyArgs) -> Result<()> {
    let mut constraints = constraints(args)?;
    if let Some(keys) = offline_keys(&args.keys)? {
        return offline(ctx, args, &constraints, &keys);
    }
    if args.no_store {
        return Err(Error::usage(
            "without a store, verify needs the keys: --jwks FILE, --key FILE or --hmac-key FILE",
        ));
    }
    if let Some(source) = &args.batch {
        return batch(ctx, &constraints, source);
    }
    // A token that is not well formed is refused before any KDF runs.
    let input =
        input::read_token(args.token.as_deref()).and_then(|t| verify::well_formed(&t).map(|()| t));
    let examination = match input {
        Err(why) => Err((Reason::Malformed, why)),
        Ok(tok) => {
            let unlocked = ctx.unlock_tokens()?;
            let config = unlocked.config()?;
            constraints.policy = config.policy;
            let ex = verify::examine(&unlocked, &tok, config.issuer.as_deref())?;
            if let Ok(Some(rec)) = ex.as_ref().map(|e| e.record.as_ref()) {
                super::refuse_foreign(&unlocked, rec)?;
            }
            ex
        }
    };
    let outcome = verify::verdict(examination, Utc::now(), &constraints);
    if ctx.global.json {
        ui::print_json(&verify::verdict_json(&outcome))?;
    }
    match outcome {
        Ok(ex) => {
            if let Some(rec) = &ex.record {
                ctx.notes
                    .say(format!("Token '{}' (id {}) is active", rec.name, rec.id));
            }
            Ok(())
        }
        Err((reason, detail)) => Err(Error::invalid(format!(
            "token is not active ({}): {detail}",
            reason.as_str()
        ))),
    }
}

/// The keys of `--jwks`, `--key` or `--hmac-key`, when one is given.
pub(super) fn offline_keys(args: &KeySourceArgs) -> Result<Option<Keys>> {
    let read = |p: &Path| {
        input::read_file(p).map_err(|e| Error::usage(format!("cannot read {}: {e}", p.display())))
    };
    let (flag, path, load): (_, _, fn(&[u8]) -> _) = match (&args.jwks, &args.key, &args.hmac_key) {
        (Some(p), _, _) => ("--jwks", p, offline::load_jwks),
        (None, Some(p), _) => ("--key", p, offline::load_key),
        (None, None, Some(p)) => ("--hmac-key", p, offline::load_hmac_key),
        (None, None, None) => return Ok(None),
    };
    let keys =
        load(&read(path)?).map_err(|e| Error::usage(format!("{flag} {}: {e}", path.display())))?;
    Ok(Some(keys))
}

/// Verify without a store: the signature with `keys`, then the claims.
fn offline(ctx: &Ctx, args: &TokenVerifyArgs, c: &Constraints, keys: &Keys) -> Result<()> {
    let judge = |line: std::result::Result<String, String>| {
        let ex = line
            .map_err(|why| (Reason::Malformed, why))
            .and_then(|t| offline::examine(keys, &t));
        let v = offline::verdict(ex, Utc::now(), c);
        let mut json = verify::verdict_json(&v);
        json["store"] = serde_json::Value::Bool(false);
        (v, json)
    };
    if let Some(source) = &args.batch {
        let mut reader = input::open_lines(source)
            .map_err(|e| Error::usage(format!("cannot read {}: {e}", source.display())))?;
        let mut out = std::io::stdout().lock();
        let (mut buf, mut total, mut active) = (Vec::new(), 0usize, 0usize);
        while let Some(fits) = input::read_line(&mut reader, &mut buf, MAX_TOKEN_LEN)
            .map_err(|e| Error::usage(format!("cannot read the batch: {e}")))?
        {
            let line = if fits {
                input::token_text(&buf).map(str::to_string)
            } else {
                Err(format!(
                    "the token is larger than {} KiB",
                    MAX_TOKEN_LEN / 1024
                ))
            };
            let (v, json) = judge(line);
            total += 1;
            active += usize::from(v.is_ok());
            writeln!(out, "{json}").map_err(|e| ui::output_error(&e))?;
        }
        out.flush().map_err(|e| ui::output_error(&e))?;
        ctx.notes
            .say(format!("{active} of {total} tokens are active"));
        return if active == total {
            Ok(())
        } else {
            Err(Error::invalid(format!(
                "{} of {total} tokens are not active",
                total - active
            )))
        };
    }
    let (v, json) = judge(input::read_token(args.token.as_deref()));
    if ctx.global.json {
        ui::print_json(&json)?;
    }
    match v {
        Ok(_) => {
            ctx.notes
                .say("The token's signature and claims hold (no store: revocation is not known)");
            Ok(())
        }
        Err((reason, detail)) => Err(Error::invalid(format!(
            "token is not active ({}): {detail}",
            reason.as_str()
        ))),
    }
}

/// The constraints from the flags.
fn constraints(args: &TokenVerifyArgs) -> Result<Constraints> {
    let leeway =
        time::parse_duration(&args.leeway).map_err(|e| Error::usage(format!("--leeway: {e}")))?;
    Ok(Constraints {
        token_type: match &args.token_type {
            Some(t) => Some(t.parse().map_err(Error::usage)?),
            None => None,
        },
        origin: args.origin.clone(),
        audience: args.audience.clone(),
        leeway_secs: leeway.num_seconds(),
        policy: Vec::new(),
    })
}

/// One input line of a verify batch, read and trimmed, or why it is not a token.
type TokenLine = std::result::Result<String, String>;

/// `token verify --batch FILE|-`: one verdict per line, in order, a chunk
/// (bounded by lines and by bytes) at a time.
fn batch(ctx: &Ctx, constraints: &Constraints, source: &Path) -> Result<()> {
    let mut constraints = constraints.clone();
    let constraints = &mut constraints;
    let mut reader = input::open_lines(source)
        .map_err(|e| Error::usage(format!("cannot read {}: {e}", source.display())))?;
    let mut unlocked: Option<(Unlocked, Option<String>)> = None;
    let mut out = std::io::stdout().lock();
    let mut buf = Vec::new();
    let (mut total, mut active) = (0usize, 0usize);
    loop {
        let mut chunk: Vec<TokenLine> = Vec::with_capacity(CHUNK);
        let mut bytes = 0;
        while chunk.len() < CHUNK && bytes < CHUNK_BYTES {
            let Some(fits) = input::read_line(&mut reader, &mut buf, MAX_TOKEN_LEN)
                .map_err(|e| Error::usage(format!("cannot read the batch: {e}")))?
            else {
                break;
            };
            bytes += buf.len();
            chunk.push(if fits {
                input::token_text(&buf).map(str::to_string)
            } else {
                Err(format!(
                    "the token is larger than {} KiB",
                    MAX_TOKEN_LEN / 1024
                ))
            });
        }
        if chunk.is_empty() {
            break;
        }
        let toks: Vec<&str> = chunk.iter().map(|l| l.as_deref().unwrap_or("")).collect();
        // The store is unlocked only once a line is well formed.
        if unlocked.is_none()
            && chunk
                .iter()
                .any(|l| l.as_deref().is_ok_and(|t| verify::well_formed(t).is_ok()))
        {
            let u = ctx.unlock_tokens()?;
            let config = u.config()?;
            constraints.policy = config.policy;
            unlocked = Some((u, config.issuer));
        }
        let results = match &unlocked {
            Some((u, issuer)) => verify::examine_many(u, issuer.as_deref(), &toks)?,
            None => Vec::new(),
        };
        if let Some((u, _)) = &unlocked {
            for (i, ex) in results.iter().enumerate() {
                if let Ok(Some(rec)) = ex.as_ref().map(|e| e.record.as_ref()) {
                    super::refuse_foreign(u, rec)
                        .map_err(|e| e.context(format!("line {}", total + i + 1)))?;
                }
            }
        }
        let now = Utc::now();
        // `results` has one entry per line whenever the store was unlocked.
        let mut results = results.into_iter();
        let work: Vec<(TokenLine, Option<Examination>)> =
            chunk.into_iter().map(|l| (l, results.next())).collect();
        let lines = crate::par::map(work, |(line, examined)| {
            let ex = match line {
                Err(why) => Err((Reason::Malformed, why)),
                Ok(t) => match examined {
                    Some(ex) => ex,
                    // Not unlocked: no line of the batch so far is well formed.
                    None => Err((
                        Reason::Malformed,
                        verify::well_formed(&t).err().unwrap_or_default(),
                    )),
                },
            };
            let v = verify::verdict(ex, now, constraints);
            let mut text = verify::verdict_json(&v).to_string().into_bytes();
            text.push(b'\n');
            (v.is_ok(), text)
        });
        let mut text = Vec::with_capacity(lines.len() * 160);
        for (ok, t) in lines {
            total += 1;
            active += usize::from(ok);
            text.extend_from_slice(&t);
        }
        out.write_all(&text)
            .and_then(|()| out.flush())
            .map_err(|e| ui::output_error(&e))?;
    }
    ctx.notes
        .say(format!("{active} of {total} tokens are active"));
    if active == total {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "{} of {total} tokens are not active",
            total - active
        )))
    }
}
