//! `tokenctl token create | list | revoke | inspect | verify`

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{json, Map, Value};
use zeroize::Zeroizing;

use super::deliver::{Delivery, Undo};
use super::{confirm_or_yes, read_limited, read_limited_file, Ctx};
use crate::cli::{
    TokenCommand, TokenCreateArgs, TokenInspectArgs, TokenListArgs, TokenRevokeArgs,
    TokenVerifyArgs,
};
use crate::error::{Error, Result};
use crate::secret::validate_name;
use crate::secret::{Algorithm, SecretValue};
use crate::store::{FoundToken, Opener, Revoked, Unlocked};
use crate::token::time::{self, rfc3339};
use crate::token::verify::{check_active, record_claims, Constraints, Reason};
use crate::token::{
    claims, json as strict_json, jwt, opaque, token_hash, Format, Status, StoredStatus,
    TokenRecord, TokenType, MAX_TOKEN_LEN,
};
use crate::ui::{self, clipboard, table};

pub(super) fn run(ctx: &Ctx, cmd: TokenCommand) -> Result<()> {
    match cmd {
        TokenCommand::Create(args) => create(ctx, &args),
        TokenCommand::List(args) => list(ctx, &args),
        TokenCommand::Revoke(args) => revoke(ctx, &args),
        TokenCommand::Inspect(args) => inspect(ctx, &args),
        TokenCommand::Verify(args) => verify(ctx, &args),
    }
}

/// The record fields `token list --json` and `revoke --json` show.
#[derive(Serialize)]
struct ListItem<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    token_type: TokenType,
    format: Format,
    status: Status,
    secret: Option<&'a str>,
    subject: Option<&'a str>,
    created_at: &'a str,
    created_by: &'a str,
    expires_at: Option<&'a str>,
    revoked_at: Option<&'a str>,
    revoked_by: Option<&'a str>,
    revoke_reason: Option<&'a str>,
}

fn list_item(rec: &TokenRecord, now: DateTime<Utc>) -> ListItem<'_> {
    ListItem {
        id: &rec.id,
        name: &rec.name,
        token_type: rec.token_type,
        format: rec.format,
        status: rec.status_at(now),
        secret: rec.secret.as_deref(),
        subject: rec.subject.as_deref(),
        created_at: &rec.created_at,
        created_by: &rec.created_by,
        expires_at: rec.expires_at.as_deref(),
        revoked_at: rec.revoked_at.as_deref(),
        revoked_by: rec.revoked_by.as_deref(),
        revoke_reason: rec.revoke_reason.as_deref(),
    }
}

fn read_claim_file(path: &Path) -> std::result::Result<Vec<u8>, String> {
    read_limited_file(path)
        .map(|b| b.to_vec())
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn non_empty(flag: &str, v: &str) -> Result<()> {
    if v.trim().is_empty() || v.chars().any(char::is_control) {
        return Err(Error::usage(format!(
            "{flag} must be non-empty text without control characters"
        )));
    }
    Ok(())
}

/// Where `create` sends the token.
enum Destination {
    /// Stdout: the token and a newline, or the `--json` object.
    Stdout,
    /// The clipboard (`--copy`), cleared after this long (`None`: never).
    Clipboard { clear_after: Option<Duration> },
}

/// One token's request as given: by flags, or by a line of a batch.
pub(super) struct SpecInput<'a> {
    pub name: &'a str,
    pub token_type: &'a str,
    pub format: &'a str,
    pub expiry: &'a str,
    pub not_before: Option<&'a str>,
    pub secret: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub audience: &'a [String],
    pub role: Option<&'a str>,
    pub origins: &'a [String],
}

/// One token's request, validated: everything but the signing secret is known good.
pub(super) struct TokenSpec {
    pub name: String,
    pub token_type: TokenType,
    pub format: Format,
    pub expires_at: Option<DateTime<Utc>>,
    pub not_before: Option<DateTime<Utc>>,
    pub secret: Option<String>,
    pub subject: Option<String>,
    pub audience: Vec<String>,
    pub role: Option<String>,
    pub origins: Vec<String>,
    pub claims: Map<String, Value>,
}

/// Validate one token's request; every error is a usage error (exit 2).
pub(super) fn validate_spec(
    input: &SpecInput<'_>,
    claims: Map<String, Value>,
    now: DateTime<Utc>,
) -> Result<TokenSpec> {
    validate_name(input.name).map_err(Error::usage)?;
    let token_type: TokenType = input.token_type.parse().map_err(Error::usage)?;
    let format: Format = input.format.parse().map_err(Error::usage)?;
    if format == Format::Opaque && input.secret.is_some() {
        return Err(Error::usage(
            "--secret applies to JWTs; opaque tokens are not signed",
        ));
    }
    let expires_at = time::parse_expiry(input.expiry, now).map_err(Error::usage)?;
    let not_before = match input.not_before {
        Some(s) => Some(time::parse_not_before(s, now).map_err(Error::usage)?),
        None => None,
    };
    if let (Some(nbf), Some(exp)) = (not_before, expires_at) {
        if nbf >= exp {
            return Err(Error::usage("--not-before must be before the expiry"));
        }
    }
    for (flag, v) in [("--subject", input.subject), ("--role", input.role)] {
        if let Some(v) = v {
            non_empty(flag, v)?;
        }
    }
    for a in input.audience {
        non_empty("--audience", a)?;
    }
    for o in input.origins {
        non_empty("--origin", o)?;
    }
    for (k, v) in &claims {
        claims::check_not_reserved(k).map_err(Error::usage)?;
        claims::check_depth(k, v).map_err(Error::usage)?;
    }
    Ok(TokenSpec {
        name: input.name.to_string(),
        token_type,
        format,
        expires_at,
        not_before,
        secret: input.secret.map(str::to_string),
        subject: input.subject.map(str::to_string),
        audience: input.audience.to_vec(),
        role: input.role.map(str::to_string),
        origins: input.origins.to_vec(),
        claims,
    })
}

/// Everything `create` validated before touching the store.
struct Plan {
    spec: TokenSpec,
    destination: Destination,
}

fn plan(args: &TokenCreateArgs, name: &str, json: bool, now: DateTime<Utc>) -> Result<Plan> {
    let destination = if args.copy {
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
        Destination::Clipboard { clear_after }
    } else if args.clear_after.is_some() {
        return Err(Error::usage("--clear-after applies only with --copy")
            .with_hint("add --copy to put the token on the clipboard"));
    } else {
        Destination::Stdout
    };
    let input = SpecInput {
        name,
        token_type: &args.token_type,
        format: &args.format,
        expiry: &args.expiry,
        not_before: args.not_before.as_deref(),
        secret: args.secret.as_deref(),
        subject: args.subject.as_deref(),
        audience: &args.audience,
        role: args.role.as_deref(),
        origins: &args.origin,
    };
    // Check the cheap flags before reading any claims file.
    validate_spec(&input, Map::new(), now)?;
    let file =
        match &args.claims_file {
            None => None,
            Some(p) => {
                let bytes = if p.as_os_str() == "-" {
                    read_limited(std::io::stdin().lock())
                        .map_err(|e| Error::usage(format!("cannot read claims from stdin: {e}")))?
                } else {
                    read_limited_file(p)
                        .map_err(|e| Error::usage(format!("cannot read {}: {e}", p.display())))?
                };
                Some(strict_json::parse_object(&bytes).map_err(|e| {
                    Error::usage(format!("--claims-file must hold a JSON object: {e}"))
                })?)
            }
        };
    let claims = claims::collect(file, &args.claim, &read_claim_file).map_err(Error::usage)?;
    Ok(Plan {
        spec: validate_spec(&input, claims, now)?,
        destination,
    })
}

/// A secret ready to sign with.
pub(super) struct SignerEntry {
    name: String,
    kid: String,
    signer: jwt::Signer,
}

/// Finds the signing secrets a set of requests needs, each opened once.
pub(super) struct Minter<'a> {
    unlocked: &'a Unlocked,
    default_kid: Option<String>,
    mint: Mint,
}

/// Turns validated requests into records and tokens, on any thread, once
/// [`Minter`] has found their secrets.
pub(super) struct Mint {
    issuer: Option<String>,
    actor: String,
    now: DateTime<Utc>,
    signers: HashMap<Option<String>, Arc<SignerEntry>>,
}

impl<'a> Minter<'a> {
    /// Read the config once: issuer and default secret.
    pub(super) fn new(unlocked: &'a Unlocked, actor: String, now: DateTime<Utc>) -> Result<Self> {
        let config = unlocked.config()?;
        Ok(Minter {
            unlocked,
            default_kid: config.default_secret,
            mint: Mint {
                issuer: config.issuer,
                actor,
                now,
                signers: HashMap::new(),
            },
        })
    }

    /// Find the secret `spec` is signed with (a JWT's `--secret`, or the default).
    pub(super) fn prepare(&mut self, spec: &TokenSpec) -> Result<()> {
        if spec.format == Format::Opaque {
            return Ok(());
        }
        let name = spec.secret.as_deref();
        let key = name.map(str::to_string);
        if self.mint.signers.contains_key(&key) {
            return Ok(());
        }
        // The default is found by key id from the config already read.
        let found = match (name, &self.default_kid) {
            (Some(name), _) => Some(self.unlocked.secret(name)?),
            (None, Some(kid)) => self.unlocked.secret_by_kid(kid)?,
            (None, None) => None,
        };
        let (info, alg, value) = found.ok_or_else(|| {
            Error::name("the store has no default secret").with_hint(
                "pass --secret NAME, or add one with `tokenctl secret add NAME --generate --default`",
            )
        })?;
        let entry = Arc::new(SignerEntry {
            signer: jwt::Signer::new(alg, &info.kid, &value),
            name: info.name,
            kid: info.kid,
        });
        self.mint.signers.insert(key, entry);
        Ok(())
    }

    /// Done finding secrets.
    pub(super) fn into_mint(self) -> Mint {
        self.mint
    }
}

impl Mint {
    /// The key ids of the secrets found.
    pub(super) fn kids(&self) -> std::collections::HashSet<&str> {
        self.signers.values().map(|s| s.kid.as_str()).collect()
    }

    /// Mint one token: its record (not yet stored) and the token itself.
    pub(super) fn mint(&self, spec: TokenSpec) -> Result<(TokenRecord, Zeroizing<String>)> {
        let signer = match spec.format {
            Format::Opaque => None,
            Format::Jwt => Some(
                self.signers
                    .get(&spec.secret)
                    .ok_or_else(|| Error::store("the token's secret was not prepared"))?,
            ),
        };
        let mut rec = TokenRecord {
            id: crate::crypto::hex(&crate::crypto::random_array::<16>()),
            name: spec.name,
            token_type: spec.token_type,
            format: spec.format,
            secret: signer.map(|s| s.name.clone()),
            secret_kid: signer.map(|s| s.kid.clone()),
            subject: spec.subject,
            audience: spec.audience,
            role: spec.role,
            origins: spec.origins,
            claims: spec.claims,
            created_at: rfc3339(self.now),
            created_by: self.actor.clone(),
            expires_at: spec.expires_at.map(rfc3339),
            not_before: spec.not_before.map(rfc3339),
            status: StoredStatus::Active,
            revoked_at: None,
            revoked_by: None,
            revoke_reason: None,
            token_hash: String::new(),
        };
        let token = Zeroizing::new(match signer {
            Some(s) => s
                .signer
                .sign(&record_claims(&rec, self.issuer.as_deref()))
                .map_err(Error::store)?,
            None => opaque::generate(rec.token_type),
        });
        // Nothing is minted that `verify` would refuse to read.
        if token.len() > MAX_TOKEN_LEN {
            return Err(Error::usage(format!(
                "the token would be {} KiB, over the {} KiB that `token verify` accepts",
                token.len().div_ceil(1024),
                MAX_TOKEN_LEN / 1024
            ))
            .with_hint("use fewer or smaller claims"));
        }
        rec.token_hash = token_hash(&token);
        Ok((rec, token))
    }
}

/// The `--json` object of a created token.
pub(super) fn created_json(rec: &TokenRecord, token: &str) -> Value {
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

fn create(ctx: &Ctx, args: &TokenCreateArgs) -> Result<()> {
    if let Some(source) = &args.batch {
        return super::batch::create(ctx, args, source);
    }
    let Some(name) = args.name.as_deref() else {
        return Err(Error::usage("give the token a name with --name NAME"));
    };
    let now = Utc::now();
    let plan = plan(args, name, ctx.global.json, now)?;
    if let Destination::Clipboard { .. } = plan.destination {
        // Before the passphrase and before minting: a machine without a
        // clipboard never gets a token it cannot deliver.
        clipboard::check_available()?;
    }
    let mut unlocked = ctx.unlock()?;
    let expires_at = plan.spec.expires_at;
    let mut minter = Minter::new(&unlocked, ctx.actor(), now)?;
    minter.prepare(&plan.spec)?;
    let (rec, token) = minter.into_mint().mint(plan.spec)?;
    let payload = Zeroizing::new(if ctx.global.json {
        let mut s = serde_json::to_string_pretty(&created_json(&rec, &token))
            .map_err(|e| Error::store(e.to_string()))?;
        s.push('\n');
        s
    } else if let Destination::Clipboard { .. } = plan.destination {
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
    deliver(ctx, &delivery, &payload, &plan.destination)?;
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
    if let Destination::Clipboard { clear_after } = plan.destination {
        ctx.notes.say(match clear_after {
            Some(d) => format!(
                "Copied the token to the clipboard; it will be cleared in {}, at {}, unless something else is copied first",
                humantime::format_duration(d),
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

/// Write the token once, or put it on the clipboard. A failure, or a person
/// at a terminal who does not confirm they stored a printed token, makes the
/// record undelivered.
fn deliver(ctx: &Ctx, delivery: &Delivery, payload: &str, to: &Destination) -> Result<()> {
    let sent = match to {
        Destination::Stdout => {
            let mut out = std::io::stdout().lock();
            out.write_all(payload.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| {
                    (
                        format!("could not write the token ({e})"),
                        "write to a working stdout, or use --json and capture the output",
                    )
                })
        }
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
    if matches!(to, Destination::Stdout) && ui::stdout_is_terminal() && ui::stdin_is_terminal() {
        ctx.notes.warn(
            "this token is shown only once; tokenctl keeps only its hash and cannot show it again",
        );
        let stored = ui::prompt::confirm("Have you stored the token somewhere safe?");
        if !matches!(stored, Ok(true)) {
            let how = delivery.undo();
            return Err(Error::cancelled_with(format!("token not confirmed; {how}")));
        }
    }
    delivery.finish();
    Ok(())
}

/// Undoing the delivery of freshly recorded tokens: they become undelivered.
pub(super) fn undelivered(mut unlocked: Unlocked, ids: Vec<String>) -> Undo {
    let (done, by_hand) = match ids.as_slice() {
        [id] => (
            "it was recorded as undelivered and will never verify".to_string(),
            format!("revoke it with `tokenctl token revoke {id} --yes`"),
        ),
        _ => (
            format!(
                "all {} tokens of the batch were recorded as undelivered and will never verify",
                ids.len()
            ),
            "revoke them (`tokenctl token list` shows them)".to_string(),
        ),
    };
    Undo::new(move || unlocked.mark_undelivered(&ids), done, by_hand)
}

fn parse_status_filter(s: Option<&str>) -> Result<Option<Vec<Status>>> {
    match s {
        None => Ok(Some(vec![Status::Active, Status::Expired])),
        Some("all") => Ok(None),
        Some(s) => Ok(Some(vec![s.parse().map_err(Error::usage)?])),
    }
}

/// Shortest prefix of each id (at least 8 characters) unique among `ids`.
fn short_ids(ids: &[&str]) -> Vec<String> {
    let mut sorted: Vec<&str> = ids.to_vec();
    sorted.sort_unstable();
    let common = |a: &str, b: &str| a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    ids.iter()
        .map(|id| {
            let i = sorted.binary_search(id).unwrap_or(0);
            let mut need = 8;
            if i > 0 {
                need = need.max(common(id, sorted[i - 1]) + 1);
            }
            if i + 1 < sorted.len() {
                need = need.max(common(id, sorted[i + 1]) + 1);
            }
            id.chars().take(need).collect()
        })
        .collect()
}

fn expiry_cell(rec: &TokenRecord, now: DateTime<Utc>) -> String {
    match rec
        .expires_at
        .as_deref()
        .and_then(|e| DateTime::parse_from_rfc3339(e).ok())
    {
        None => "Never".into(),
        Some(e) if e.timestamp() <= now.timestamp() => "expired".into(),
        Some(e) => {
            let left = (e.timestamp() - now.timestamp()).unsigned_abs();
            if left >= 86_400 {
                let days = left / 86_400;
                format!("{days} day{}", if days == 1 { "" } else { "s" })
            } else {
                time::approx(left)
            }
        }
    }
}

fn list(ctx: &Ctx, args: &TokenListArgs) -> Result<()> {
    let statuses = parse_status_filter(args.status.as_deref())?;
    let wanted_type: Option<TokenType> = match &args.token_type {
        Some(t) => Some(t.parse().map_err(Error::usage)?),
        None => None,
    };
    let unlocked = ctx.unlock()?;
    let kid = match &args.secret {
        Some(name) => Some(unlocked.secret(name)?.0.kid),
        None => None,
    };
    let now = Utc::now();
    let shown = unlocked.list_tokens_where(|r| {
        statuses
            .as_ref()
            .is_none_or(|s| s.contains(&r.status_at(now)))
            && wanted_type.is_none_or(|t| t == r.token_type)
            && (kid.is_none() || r.secret_kid == kid)
    })?;
    if ctx.global.json {
        let items: Vec<ListItem<'_>> = shown.iter().map(|r| list_item(r, now)).collect();
        return ui::print_json_array(&items);
    }
    if shown.is_empty() {
        ctx.notes
            .say("No tokens. Mint one with `tokenctl token create --name NAME`.");
        return Ok(());
    }
    // Short ids are unique among every token, shown or not.
    let ids = unlocked.token_ids()?;
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let short: HashMap<&str, String> = id_refs.iter().copied().zip(short_ids(&id_refs)).collect();
    let short_of = |id: &str| short.get(id).cloned().unwrap_or_else(|| id.to_string());
    let mut t = table::new(&[
        "ID",
        "Name",
        "Type",
        "Status",
        "Expiry",
        "Created by",
        "Created",
    ]);
    for r in &shown {
        table::add_row(
            &mut t,
            vec![
                short_of(&r.id),
                r.name.clone(),
                r.token_type.to_string(),
                r.status_at(now).as_str().to_string(),
                expiry_cell(r, now),
                r.created_by.clone(),
                r.created_at.get(..10).unwrap_or(&r.created_at).to_string(),
            ],
        );
    }
    ui::print_stdout(&table::render(&t))
}

/// Read a token from the argument or stdin (`-` or nothing), size-limited.
fn read_token(arg: Option<&str>) -> std::result::Result<String, String> {
    let raw = match arg {
        Some(t) if t != "-" => t.to_string(),
        _ => {
            if arg.is_none() && ui::stdin_is_terminal() {
                return Err("no token given: pass it as an argument or pipe it on stdin".into());
            }
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .take(MAX_TOKEN_LEN as u64 + 1)
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read stdin: {e}"))?;
            if buf.len() > MAX_TOKEN_LEN {
                return Err(format!(
                    "the token is larger than {} KiB",
                    MAX_TOKEN_LEN / 1024
                ));
            }
            String::from_utf8(buf).map_err(|_| "the token is not UTF-8 text".to_string())?
        }
    };
    // Only ASCII white space: a token followed by, say, a no-break space
    // is not the token that was minted.
    let t = raw.trim_ascii();
    if t.is_empty() {
        return Err("the token is empty".into());
    }
    if t.len() > MAX_TOKEN_LEN {
        return Err(format!(
            "the token is larger than {} KiB",
            MAX_TOKEN_LEN / 1024
        ));
    }
    Ok(t.to_string())
}

fn revoke(ctx: &Ctx, args: &TokenRevokeArgs) -> Result<()> {
    if let Some(r) = &args.reason {
        non_empty("--reason", r)?;
    }
    let mut unlocked = ctx.unlock()?;
    let rec = match (&args.token, &args.target) {
        (Some(value), _) => {
            let tok = read_token(Some(value)).map_err(Error::usage)?;
            unlocked.token_by_hash(&token_hash(&tok))?.ok_or_else(|| {
                Error::name("this store has no record of that token")
                    .with_hint("`tokenctl token list --status all` shows every token")
            })?
        }
        (None, Some(target)) => unlocked.resolve_token(target)?,
        (None, None) => return Err(Error::usage("give a token name or id, or --token")),
    };
    if rec.status != StoredStatus::Revoked {
        confirm_or_yes(
            args.yes,
            &format!(
                "Revoke {} token '{}' (id {})? It stops verifying at once. This cannot be undone.",
                rec.token_type, rec.name, rec.id
            ),
        )?;
    }
    let now = Utc::now();
    match unlocked.revoke_token(&rec.id, &ctx.actor(), args.reason.as_deref())? {
        Revoked::Now(r) => {
            if ctx.global.json {
                ui::print_json(&list_item(&r, now))?;
            }
            ctx.notes
                .say(format!("Revoked token '{}' (id {})", r.name, r.id));
        }
        Revoked::Already(r) => {
            if ctx.global.json {
                ui::print_json(&list_item(&r, now))?;
            }
            ctx.notes.say(format!(
                "Token '{}' (id {}) was already revoked at {}{}",
                r.name,
                r.id,
                r.revoked_at.as_deref().unwrap_or("an unknown time"),
                r.revoke_reason
                    .as_deref()
                    .map(|x| format!(" ({x})"))
                    .unwrap_or_default()
            ));
        }
    }
    Ok(())
}

/// What was found out about one token.
pub(super) struct Examined {
    record: Option<TokenRecord>,
    /// The token's claims: the JWT payload, or an opaque token's record as claims.
    claims: Map<String, Value>,
    signature_verified: bool,
}

/// What examining a token concluded: identified, or why not.
pub(super) type Examination = std::result::Result<Examined, (Reason, String)>;

/// A token as read: an opaque token, a decoded JWT, or not a token.
enum Shape {
    Opaque,
    Jwt(Box<jwt::Parsed>),
    Malformed(String),
}

fn shape(tok: &str) -> Shape {
    if opaque::looks_opaque(tok) {
        match opaque::check(tok) {
            Ok(_) => Shape::Opaque,
            Err(why) => Shape::Malformed(why.into()),
        }
    } else {
        match jwt::parse(tok) {
            Ok(p) => Shape::Jwt(Box::new(p)),
            Err(why) => Shape::Malformed(why),
        }
    }
}

fn unknown() -> Examination {
    Err((Reason::Unknown, "this store never minted it".into()))
}

/// The signing secrets a batch needs, each opened once, by key id (`None`: removed).
type Secrets = HashMap<String, Option<(Algorithm, SecretValue)>>;

/// Identify tokens against the store: each one's record and, for JWTs, a
/// signature check with the algorithm pinned to the record's secret. Two
/// queries however many tokens there are; each secret is opened once; a
/// record is decrypted only when the verdict depends on it; parsing and
/// checking run on every core.
pub(super) fn examine_many(
    unlocked: &Unlocked,
    issuer: Option<&str>,
    toks: &[&str],
) -> Result<Vec<Examination>> {
    let read: Vec<(Shape, Vec<u8>)> = crate::par::map(toks.to_vec(), |t| {
        (shape(t), crate::crypto::sha256(t.as_bytes()).to_vec())
    });
    let wanted: Vec<Vec<u8>> = read
        .iter()
        .filter(|(s, _)| !matches!(s, Shape::Malformed(_)))
        .map(|(_, h)| h.clone())
        .collect();
    let found = unlocked.find_by_hashes(&wanted)?;
    // A JWT that is not on record but carries a known id was altered.
    let jtis: Vec<&str> = read
        .iter()
        .filter_map(|(s, h)| match s {
            Shape::Jwt(p) if !found.contains_key(h) => p.jti(),
            _ => None,
        })
        .collect();
    let known = unlocked.hashes_by_id(&jtis)?;
    let mut secrets = Secrets::new();
    for kid in found.values().filter_map(FoundToken::secret_kid) {
        if !secrets.contains_key(kid) {
            let s = unlocked.secret_by_kid(kid)?.map(|(_, alg, v)| (alg, v));
            secrets.insert(kid.to_string(), s);
        }
    }
    // The same token may appear more than once: each gets the same row.
    let work: Vec<(Shape, Vec<u8>)> = read;
    let opener = unlocked.opener();
    crate::par::map(work, |(shape, hash)| {
        let found = found.get(&hash);
        judge(shape, &hash, found, &known, &secrets, &opener, issuer)
    })
    .into_iter()
    .collect()
}

/// The examination of one token, given what the store holds for it.
fn judge(
    shape: Shape,
    hash: &[u8],
    found: Option<&FoundToken>,
    known: &HashMap<String, Vec<u8>>,
    secrets: &Secrets,
    opener: &Opener<'_>,
    issuer: Option<&str>,
) -> Result<Examination> {
    Ok(match shape {
        Shape::Malformed(why) => Err((Reason::Malformed, why)),
        Shape::Opaque => match found {
            None => unknown(),
            Some(f) => {
                let rec = opener.open(f)?;
                if rec.format == Format::Opaque {
                    Ok(Examined {
                        claims: record_claims(&rec, issuer),
                        record: Some(rec),
                        signature_verified: false,
                    })
                } else {
                    unknown()
                }
            }
        },
        Shape::Jwt(parsed) => match found {
            // The hash index missed a token whose id row holds this very
            // hash: the index is corrupt (found with one lookup by id).
            None if parsed.jti().and_then(|j| known.get(j)).map(Vec::as_slice) == Some(hash) => {
                return Err(Error::tampered(
                    "the token hash index does not match the tokens table",
                ));
            }
            None if parsed.jti().is_some_and(|j| known.contains_key(j)) => Err((
                Reason::BadSignature,
                "its id is known but the token is not the one minted".into(),
            )),
            None => unknown(),
            Some(f) => examine_jwt(*parsed, f, secrets, opener)?,
        },
    })
}

/// A JWT whose hash is on record: check its signature, then open the record.
fn examine_jwt(
    parsed: jwt::Parsed,
    found: &FoundToken,
    secrets: &Secrets,
    opener: &Opener<'_>,
) -> Result<Examination> {
    let secret = found
        .secret_kid()
        .and_then(|kid| secrets.get(kid))
        .and_then(Option::as_ref);
    let verified = match secret {
        Some((alg, value)) => {
            parsed.kid() == found.secret_kid() && parsed.signature_valid(*alg, value)
        }
        None => false,
    };
    if verified {
        return Ok(Ok(Examined {
            record: Some(opener.open(found)?),
            claims: parsed.claims,
            signature_verified: true,
        }));
    }
    if secret.is_some() {
        // The exact token the store minted fails its own secret: either the
        // secret changed or the row's key id column was edited. Authenticate
        // the row first, so that tampering is reported as tampering.
        opener.open(found)?;
        return Ok(Err((
            Reason::BadSignature,
            "the signature does not match its secret and algorithm".into(),
        )));
    }
    // Its secret was removed: say why it cannot verify, from the record.
    let rec = opener.open(found)?;
    Ok(Err(match rec.status {
        StoredStatus::Revoked => (Reason::Revoked, revoked_detail(&rec)),
        StoredStatus::Undelivered => (Reason::Undelivered, undelivered_detail()),
        StoredStatus::Active => (
            Reason::BadSignature,
            "its signing secret was removed".into(),
        ),
    }))
}

/// Examine one token.
fn examine(unlocked: &Unlocked, tok: &str, issuer: Option<&str>) -> Result<Examination> {
    examine_many(unlocked, issuer, &[tok])?
        .pop()
        .ok_or_else(|| Error::store("no result for the token"))
}

/// Whether `tok` is structurally a token: an opaque token's checksum, or a strict JWT parse.
pub(super) fn well_formed(tok: &str) -> std::result::Result<(), String> {
    match shape(tok) {
        Shape::Malformed(why) => Err(why),
        _ => Ok(()),
    }
}

fn revoked_detail(rec: &TokenRecord) -> String {
    format!(
        "revoked at {}{}",
        rec.revoked_at.as_deref().unwrap_or("?"),
        rec.revoke_reason
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default()
    )
}

fn undelivered_detail() -> String {
    "it never reached its user and can never be valid".into()
}

/// The `verify` constraints from its flags.
fn constraints(args: &TokenVerifyArgs) -> Result<Constraints> {
    let leeway = time::parse_duration(&args.leeway).map_err(Error::usage)?;
    Ok(Constraints {
        token_type: match &args.token_type {
            Some(t) => Some(t.parse().map_err(Error::usage)?),
            None => None,
        },
        origin: args.origin.clone(),
        audience: args.audience.clone(),
        leeway_secs: leeway.num_seconds(),
    })
}

/// Whether an examined token is active now under `c`, or why not.
pub(super) fn verdict(ex: Examination, now: DateTime<Utc>, c: &Constraints) -> Examination {
    let ex = ex?;
    let Some(rec) = ex.record.as_ref() else {
        return Err((Reason::Unknown, "no record".into()));
    };
    match check_active(rec, &ex.claims, now, c) {
        Ok(()) => Ok(ex),
        Err(reason) => {
            let detail = match reason {
                Reason::Revoked => revoked_detail(rec),
                Reason::Undelivered => undelivered_detail(),
                _ => format!("token '{}' (id {})", rec.name, rec.id),
            };
            Err((reason, detail))
        }
    }
}

/// The `verify --json` object: RFC 7662's shape.
pub(super) fn verdict_json(v: &Examination) -> Value {
    match v {
        Ok(ex) => {
            // The record's fields go in last, so no custom claim can spoof them.
            let mut out = ex.claims.clone();
            out.insert("active".into(), Value::Bool(true));
            if let Some(rec) = &ex.record {
                out.insert("name".into(), Value::from(rec.name.as_str()));
                out.insert("token_type".into(), Value::from(rec.token_type.as_str()));
            }
            Value::Object(out)
        }
        Err((reason, _)) => json!({"active": false, "reason": reason.as_str()}),
    }
}

fn verify(ctx: &Ctx, args: &TokenVerifyArgs) -> Result<()> {
    let constraints = constraints(args)?;
    if let Some(source) = &args.batch {
        return super::batch::verify(ctx, &constraints, source);
    }
    // A token that is not well formed is refused before any KDF runs.
    let input = read_token(args.token.as_deref()).and_then(|t| well_formed(&t).map(|()| t));
    let examination = match input {
        Err(why) => Err((Reason::Malformed, why)),
        Ok(tok) => {
            let unlocked = ctx.unlock()?;
            let issuer = unlocked.config()?.issuer;
            examine(&unlocked, &tok, issuer.as_deref())?
        }
    };
    let outcome = verdict(examination, Utc::now(), &constraints);
    if ctx.global.json {
        ui::print_json(&verdict_json(&outcome))?;
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

fn inspect(ctx: &Ctx, args: &TokenInspectArgs) -> Result<()> {
    let tok = read_token(args.token.as_deref())
        .map_err(|why| Error::invalid(format!("not a token: {why}")))?;
    let now = Utc::now();
    // Decode first: a non-token is exit 1 before any passphrase is asked for.
    let parsed = if opaque::looks_opaque(&tok) {
        opaque::check(&tok).map_err(|why| Error::invalid(why.to_string()))?;
        None
    } else {
        Some(jwt::parse(&tok).map_err(|why| Error::invalid(format!("not a token: {why}")))?)
    };
    let use_store = !args.no_store && ctx.store_path()?.exists();
    let mut record = None;
    let mut verified = false;
    let mut note = "no store was consulted (--no-store or no store)".to_string();
    if use_store {
        let unlocked = ctx.unlock()?;
        let issuer = unlocked.config()?.issuer;
        match examine(&unlocked, &tok, issuer.as_deref())? {
            Ok(ex) => {
                verified = ex.signature_verified;
                note = match &ex.record {
                    Some(r) if r.format == Format::Opaque => {
                        "opaque tokens carry no signature; found by hash in the store".into()
                    }
                    Some(r) => format!(
                        "{} with secret '{}'",
                        parsed.as_ref().map_or("", |p| p.alg()),
                        r.secret.as_deref().unwrap_or("?")
                    ),
                    None => String::new(),
                };
                record = ex.record;
            }
            Err((reason, why)) => {
                note = why;
                // A known token whose signature fails still shows its record.
                if reason != Reason::Unknown {
                    record = unlocked.token_by_hash(&token_hash(&tok))?;
                    if record.is_none() {
                        if let Some(jti) = parsed.as_ref().and_then(|p| p.jti()) {
                            record = unlocked.token_by_id(jti)?;
                        }
                    }
                }
            }
        }
    }
    let claims = match (&parsed, &record) {
        (Some(p), _) => p.claims.clone(),
        (None, Some(r)) => record_claims(r, None),
        (None, None) => Map::new(),
    };
    if ctx.global.json {
        return ui::print_json(&json!({
            "header": parsed.as_ref().map(|p| &p.header),
            "claims": claims,
            "signature_verified": verified,
            "record": record.as_ref().map(|r| list_item(r, now)),
        }));
    }
    // Everything below comes from the token or the store: each key and
    // value is made safe for a terminal, so no token can forge a line.
    let mut out = String::new();
    if let Some(p) = &parsed {
        out.push_str("Header\n");
        for (k, v) in &p.header {
            field(&mut out, k, &show(v));
        }
    } else if tok.starts_with("tkp_") {
        out.push_str("Opaque production token (checksum valid)\n");
    } else {
        out.push_str("Opaque development token (checksum valid)\n");
    }
    out.push_str("Claims\n");
    for (k, v) in &claims {
        let extra = match (k.as_str(), v.as_i64()) {
            ("iat" | "nbf" | "exp", Some(secs)) => time::from_unix(secs)
                .map(|t| format!(" ({}, {})", rfc3339(t), time::relative(t, now)))
                .unwrap_or_default(),
            _ => String::new(),
        };
        field(&mut out, k, &format!("{}{extra}", show(v)));
    }
    if parsed.is_some() && !claims.contains_key("exp") {
        out.push_str("  (no exp: never expires)\n");
    }
    let verdict = if verified { "verified" } else { "NOT verified" };
    out.push_str(&format!("Signature: {verdict} ({})\n", ui::clean(&note)));
    if let Some(r) = &record {
        out.push_str("Record\n");
        field(&mut out, "id", &r.id);
        field(&mut out, "name", &r.name);
        field(&mut out, "type", r.token_type.as_str());
        field(&mut out, "format", r.format.as_str());
        field(&mut out, "status", r.status_at(now).as_str());
        if let Some(s) = &r.secret {
            field(&mut out, "secret", s);
        }
        field(&mut out, "created by", &r.created_by);
        field(&mut out, "created", &r.created_at);
        field(
            &mut out,
            "expires",
            r.expires_at.as_deref().unwrap_or("never"),
        );
        if r.status == StoredStatus::Revoked {
            let revoked = format!(
                "{} by {}{}",
                r.revoked_at.as_deref().unwrap_or("?"),
                r.revoked_by.as_deref().unwrap_or("?"),
                r.revoke_reason
                    .as_deref()
                    .map(|x| format!(" ({x})"))
                    .unwrap_or_default()
            );
            field(&mut out, "revoked", &revoked);
        }
    } else if use_store {
        out.push_str("Record: none (this store did not mint this token)\n");
    }
    ui::print_stdout(&out)
}

/// One indented `key: value` line, both made safe for a terminal.
fn field(out: &mut String, key: &str, value: &str) {
    out.push_str(&format!("  {}: {}\n", ui::clean(key), ui::clean(value)));
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) if a.iter().all(Value::is_string) => a
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ids_are_unique_prefixes() {
        let ids = ["abcdef0123", "abcdef0124", "ffff000011"];
        let s = short_ids(&ids);
        assert_eq!(s, ["abcdef0123", "abcdef0124", "ffff0000"]);
    }
}
