//! `token create --batch` and `token verify --batch`: JSON Lines in and out.
//!
//! Create validates every line before the store is unlocked, mints all
//! tokens, records them in one transaction and then streams them out; if
//! the output fails, or the user cancels, the whole batch is recorded as
//! undelivered. Verify reads tokens in chunks and examines each chunk with
//! a fixed number of queries.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::sync::mpsc::{sync_channel, SyncSender};

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::deliver::Delivery;
use super::token::{
    created_json, examine_many, undelivered, validate_spec, verdict, verdict_json, well_formed,
    Examination, Mint, Minter, SpecInput, TokenSpec,
};
use super::Ctx;
use crate::cli::TokenCreateArgs;
use crate::error::{Error, Result};
use crate::store::{NameTaken, SealedToken, Sealer, Unlocked};
use crate::token::verify::{Constraints, Reason};
use crate::token::{json as strict_json, MAX_TOKEN_LEN};
use crate::ui;

/// Tokens verified per round of queries.
const VERIFY_CHUNK: usize = 8192;
/// A round of queries holds at most about this many bytes of tokens.
const VERIFY_CHUNK_BYTES: usize = 8 << 20;
/// The longest line a create batch accepts (claims included).
const MAX_LINE: usize = 64 * 1024;
/// Output is written in pieces of about this size.
const WRITE_CHUNK: usize = 64 * 1024;

/// `audience` may be one string or a list, as in a JWT's `aud`.
fn one_or_many<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Vec<String>>, D::Error> {
    match <Value as Deserialize>::deserialize(d)? {
        Value::String(s) => Ok(Some(vec![s])),
        Value::Array(items) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                _ => Err(serde::de::Error::custom(
                    "audience must be a string or a list of strings",
                )),
            })
            .collect::<std::result::Result<Vec<_>, _>>()
            .map(Some),
        Value::Null => Ok(None),
        _ => Err(serde::de::Error::custom(
            "audience must be a string or a list of strings",
        )),
    }
}

/// One line of a create batch: the fields of `token create`'s flags.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    name: String,
    #[serde(rename = "type")]
    token_type: Option<String>,
    expiry: Option<String>,
    not_before: Option<String>,
    format: Option<String>,
    secret: Option<String>,
    subject: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    audience: Option<Vec<String>>,
    role: Option<String>,
    origins: Option<Vec<String>>,
    #[serde(default, deserialize_with = "strict_claims")]
    claims: Option<Map<String, Value>>,
}

/// `claims` refuses duplicate keys at any depth, like `--claims-file`.
fn strict_claims<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Map<String, Value>>, D::Error> {
    match strict_json::deserialize_strict(d)? {
        Value::Object(m) => Ok(Some(m)),
        Value::Null => Ok(None),
        _ => Err(serde::de::Error::custom("claims must be a JSON object")),
    }
}

/// Open the batch input: a file, or stdin for `-`.
fn open_input(source: &Path) -> Result<Box<dyn BufRead>> {
    if source.as_os_str() == "-" {
        return Ok(Box::new(BufReader::new(std::io::stdin())));
    }
    let file = File::open(source)
        .map_err(|e| Error::usage(format!("cannot read {}: {e}", source.display())))?;
    Ok(Box::new(BufReader::with_capacity(256 * 1024, file)))
}

fn line_error(n: usize) -> impl Fn(Error) -> Error {
    move |e| e.context(format!("line {n}"))
}

/// Parse and validate one line against the command's flags as defaults.
fn parse_line(bytes: &[u8], args: &TokenCreateArgs, now: DateTime<Utc>) -> Result<TokenSpec> {
    let line: Line = serde_json::from_slice(bytes).map_err(|e| {
        // serde's "at line 1 column N" would contradict the batch's line number.
        let msg = e.to_string();
        let what = msg.rfind(" at line ").map_or(msg.as_str(), |i| &msg[..i]);
        Error::usage(format!(
            "not a valid token object: {what} (column {})",
            e.column()
        ))
    })?;
    let audience = line.audience.unwrap_or_default();
    let origins = line.origins.unwrap_or_default();
    let format = line.format.as_deref().unwrap_or(&args.format);
    // A --secret given for the JWT lines does not apply to an opaque line.
    let default_secret = args
        .secret
        .as_deref()
        .filter(|_| !format.eq_ignore_ascii_case("opaque"));
    let input = SpecInput {
        name: &line.name,
        token_type: line.token_type.as_deref().unwrap_or(&args.token_type),
        format,
        expiry: line.expiry.as_deref().unwrap_or(&args.expiry),
        not_before: line.not_before.as_deref().or(args.not_before.as_deref()),
        secret: line.secret.as_deref().or(default_secret),
        subject: line.subject.as_deref(),
        audience: &audience,
        role: line.role.as_deref(),
        origins: &origins,
    };
    validate_spec(&input, line.claims.unwrap_or_default(), now)
}

/// Read and validate every line; nothing is minted unless all are good.
fn read_specs(
    source: &Path,
    args: &TokenCreateArgs,
    now: DateTime<Utc>,
) -> Result<Vec<(usize, TokenSpec)>> {
    let mut input = open_input(source)?;
    let mut lines = Vec::new();
    let mut n = 0;
    loop {
        let mut buf = Vec::new();
        let read = (&mut *input)
            .take(MAX_LINE as u64 + 2)
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::usage(format!("cannot read the batch: {e}")))?;
        if read == 0 {
            break;
        }
        n += 1;
        if buf.len() > MAX_LINE && buf.last() != Some(&b'\n') {
            return Err(Error::usage(format!(
                "line {n} is longer than {} KiB",
                MAX_LINE / 1024
            )));
        }
        if !buf.trim_ascii().is_empty() {
            lines.push((n, buf));
        }
    }
    let parsed = crate::par::map(lines, |(n, buf)| {
        parse_line(buf.trim_ascii(), args, now)
            .map(|spec| (n, spec))
            .map_err(line_error(n))
    });
    let mut specs = Vec::with_capacity(parsed.len());
    let mut names: HashMap<String, usize> = HashMap::new();
    // The first bad line, in input order, is the one reported.
    for p in parsed {
        let (n, spec) = p?;
        if let Some(first) = names.insert(spec.name.clone(), n) {
            return Err(Error::name(format!(
                "line {n}: the name '{}' is also on line {first}",
                spec.name
            ))
            .with_hint("names are unique among active tokens; give each line its own"));
        }
        specs.push((n, spec));
    }
    Ok(specs)
}

/// Write the prepared JSON Lines to stdout, in pieces.
fn write_out(text: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    for piece in text.chunks(WRITE_CHUNK) {
        out.write_all(piece)?;
    }
    out.flush()
}

/// What the minting thread hands back: every token id, and the output text.
type Minted = (Vec<String>, Zeroizing<Vec<u8>>);

/// Mint, seal and format every token, sending each sealed row to the
/// writer as soon as it is ready. Stops early if the writer has stopped.
fn mint_all(
    mint: &Mint,
    sealer: &Sealer<'_>,
    specs: Vec<(usize, TokenSpec)>,
    rows: SyncSender<SealedToken>,
) -> Result<Minted> {
    let mut ids = Vec::with_capacity(specs.len());
    let mut text = Zeroizing::new(Vec::with_capacity(specs.len() * 600));
    for (n, spec) in specs {
        let (rec, token) = mint.mint(spec).map_err(line_error(n))?;
        serde_json::to_writer(&mut *text, &created_json(&rec, &token))
            .map_err(|e| Error::store(format!("cannot encode JSON: {e}")))?;
        text.push(b'\n');
        drop(token);
        let row = sealer.seal_new(&rec)?;
        ids.push(rec.id);
        if rows.send(row).is_err() {
            break;
        }
    }
    Ok((ids, text))
}

/// `token create --batch FILE|-`
pub(super) fn create(ctx: &Ctx, args: &TokenCreateArgs, source: &Path) -> Result<()> {
    let now = Utc::now();
    let specs = read_specs(source, args, now)?;
    if specs.is_empty() {
        ctx.notes.say("The batch is empty; nothing was minted.");
        return Ok(());
    }
    let mut unlocked = ctx.unlock()?;
    let actor = ctx.actor();
    // Every secret is found before the first token is signed.
    let mut minter = Minter::new(&unlocked, actor.clone(), now)?;
    for (n, spec) in &specs {
        minter.prepare(spec).map_err(line_error(*n))?;
    }
    let mint = minter.into_mint();
    let lines: Vec<usize> = specs.iter().map(|(n, _)| *n).collect();
    let names: Vec<String> = specs.iter().map(|(_, s)| s.name.clone()).collect();
    let count = specs.len();
    let delivery = Delivery::begin()?;
    let (replaced, text) = delivery.record(|| {
        // One thread mints and seals while this one writes rows into the
        // open transaction; it commits only when all of them are in.
        let (inserted, minted) = {
            let (sealer, writer) = unlocked.batch_parts();
            let (tx, rx) = sync_channel::<SealedToken>(1024);
            let kids = mint.kids();
            let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
            std::thread::scope(|scope| {
                let producer = scope.spawn(|| mint_all(&mint, &sealer, specs, tx));
                let inserted =
                    writer.insert(&name_refs, &kids, args.replace, &actor, count, rx.iter());
                let minted = producer
                    .join()
                    .unwrap_or_else(|_| Err(Error::store("the minting thread failed")));
                (inserted, minted)
            })
        };
        // A minting error explains a short batch better than the writer can.
        let (ids, text) = minted?;
        let replaced = match inserted? {
            Ok(r) => r,
            Err(NameTaken { index, holder }) => {
                return Err(Error::name(format!(
                    "line {}: an active token named '{}' already exists (id {holder})",
                    lines[index], names[index]
                ))
                .with_hint("pass --replace to revoke it in the same transaction, or choose another name; nothing was minted"));
            }
        };
        Ok(((replaced, text), undelivered(unlocked, ids)))
    })?;
    let written = write_out(&text);
    drop(text);
    if let Err(e) = written {
        let how = delivery.undo();
        return Err(
            Error::delivery(format!("could not write the tokens ({e}); {how}"))
                .with_hint("write to a working stdout, for example a file"),
        );
    }
    if ui::stdout_is_terminal() && ui::stdin_is_terminal() {
        ctx.notes.warn(
            "these tokens are shown only once; tokenctl keeps only their hashes and cannot show them again",
        );
        let stored = ui::prompt::confirm("Have you stored the tokens somewhere safe?");
        if !matches!(stored, Ok(true)) {
            let how = delivery.undo();
            return Err(Error::cancelled_with(format!(
                "tokens not confirmed; {how}"
            )));
        }
    }
    delivery.finish();
    if !replaced.is_empty() {
        ctx.notes.say(format!(
            "Revoked {} previous token{} of the same names (reason \"replaced\")",
            replaced.len(),
            if replaced.len() == 1 { "" } else { "s" }
        ));
    }
    ctx.notes.say(format!(
        "Created {count} token{}",
        if count == 1 { "" } else { "s" }
    ));
    Ok(())
}

/// Read one line of at most [`MAX_TOKEN_LEN`] bytes (plus its newline);
/// a longer line is consumed and reported as too large. `None` at the end.
fn read_token_line(
    input: &mut dyn BufRead,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<std::result::Result<(), String>>> {
    buf.clear();
    let read = (&mut *input)
        .take(MAX_TOKEN_LEN as u64 + 2)
        .read_until(b'\n', buf)?;
    if read == 0 {
        return Ok(None);
    }
    if buf.last() != Some(&b'\n') && buf.len() > MAX_TOKEN_LEN {
        // Skip the rest of this line without holding it.
        loop {
            let chunk = input.fill_buf()?;
            if chunk.is_empty() {
                break;
            }
            match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    input.consume(i + 1);
                    break;
                }
                None => {
                    let len = chunk.len();
                    input.consume(len);
                }
            }
        }
        buf.clear();
        return Ok(Some(Err(format!(
            "the token is larger than {} KiB",
            MAX_TOKEN_LEN / 1024
        ))));
    }
    Ok(Some(Ok(())))
}

/// One input line of a verify batch, read and trimmed, or why it is not a token.
type TokenLine = std::result::Result<String, String>;

/// `token verify --batch FILE|-`
pub(super) fn verify(ctx: &Ctx, constraints: &Constraints, source: &Path) -> Result<()> {
    let mut input = open_input(source)?;
    let mut unlocked: Option<(Unlocked, Option<String>)> = None;
    let mut out = std::io::stdout().lock();
    let mut buf = Vec::new();
    let (mut total, mut active) = (0usize, 0usize);
    loop {
        let mut chunk: Vec<TokenLine> = Vec::with_capacity(VERIFY_CHUNK);
        let mut bytes = 0;
        while chunk.len() < VERIFY_CHUNK && bytes < VERIFY_CHUNK_BYTES {
            let Some(line) = read_token_line(&mut input, &mut buf)
                .map_err(|e| Error::usage(format!("cannot read the batch: {e}")))?
            else {
                break;
            };
            bytes += buf.len();
            chunk.push(line.and_then(|()| {
                let text = std::str::from_utf8(&buf)
                    .map_err(|_| "the token is not UTF-8 text".to_string())?
                    .trim_ascii();
                if text.is_empty() {
                    return Err("the line is empty".into());
                }
                Ok(text.to_string())
            }));
        }
        if chunk.is_empty() {
            break;
        }
        let toks: Vec<&str> = chunk.iter().map(|l| l.as_deref().unwrap_or("")).collect();
        // The store is unlocked only once a line is well formed.
        if unlocked.is_none()
            && chunk
                .iter()
                .any(|l| l.as_deref().is_ok_and(|t| well_formed(t).is_ok()))
        {
            let u = ctx.unlock()?;
            let issuer = u.config()?.issuer;
            unlocked = Some((u, issuer));
        }
        let results = match &unlocked {
            Some((u, issuer)) => examine_many(u, issuer.as_deref(), &toks)?,
            None => Vec::new(),
        };
        let now = Utc::now();
        // `results` has one entry per line whenever the store was unlocked.
        let mut results = results.into_iter();
        let work: Vec<(TokenLine, Option<Examination>)> =
            chunk.into_iter().map(|l| (l, results.next())).collect();
        let lines = crate::par::map(work, |(line, examined)| -> Result<(bool, Vec<u8>)> {
            let ex = match line {
                Err(why) => Err((Reason::Malformed, why)),
                Ok(t) => match examined {
                    Some(ex) => ex,
                    // Not unlocked: no line of the batch so far is well formed.
                    None => Err((Reason::Malformed, well_formed(&t).err().unwrap_or_default())),
                },
            };
            let v = verdict(ex, now, constraints);
            let mut text =
                serde_json::to_vec(&verdict_json(&v)).map_err(|e| Error::store(e.to_string()))?;
            text.push(b'\n');
            Ok((v.is_ok(), text))
        });
        let mut text = Vec::with_capacity(lines.len() * 160);
        for line in lines {
            let (ok, t) = line?;
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
