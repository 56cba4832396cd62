//! Minting: validated requests become records and signed tokens, and are
//! recorded in one transaction before anything leaves the process.

use std::collections::{HashMap, HashSet};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use thiserror::Error;
use zeroize::Zeroizing;

use crate::store::{SealedToken, Sealer, StoreError, Unlocked};
use crate::token::policy::{self, Rule};
use crate::token::spec::TokenSpec;
use crate::token::time::rfc3339;
use crate::token::{jwt, opaque, token_hash, Format, StoredStatus, TokenRecord, MAX_TOKEN_LEN};

/// Why minting failed.
#[derive(Debug, Error)]
pub enum MintError {
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The signed token would be too large to verify.
    #[error("the token would be {kib} KiB, over the {max} KiB that `token verify` accepts")]
    TooLarge {
        /// Its size, rounded up.
        kib: usize,
        /// The limit.
        max: usize,
    },
    /// Signing failed.
    #[error("cannot sign: {0}")]
    Sign(String),
    /// The access key's scope or the store's policy forbids the request.
    #[error("{0}")]
    NotAllowed(String),
    /// The request at `index` of a batch failed.
    #[error("{source}")]
    At {
        /// Its position in the batch.
        index: usize,
        /// Why.
        source: Box<MintError>,
    },
}

impl MintError {
    fn at(index: usize) -> impl Fn(MintError) -> MintError {
        move |e| match e {
            // A name clash already says which record of the batch it was.
            MintError::Store(StoreError::NameTaken { .. }) | MintError::At { .. } => e,
            other => MintError::At {
                index,
                source: Box::new(other),
            },
        }
    }
}

/// A secret ready to sign with.
struct SignerEntry {
    name: String,
    kid: String,
    signer: jwt::Signer,
}

/// Finds the signing secrets a set of requests needs, each opened once.
pub struct Minter<'a> {
    unlocked: &'a Unlocked,
    default_kid: Option<String>,
    policy: Vec<Rule>,
    mint: Mint,
}

/// Turns validated requests into records and tokens, on any thread, once
/// [`Minter`] has found their secrets.
pub struct Mint {
    issuer: Option<String>,
    actor: String,
    now: DateTime<Utc>,
    signers: HashMap<Option<String>, Arc<SignerEntry>>,
}

impl<'a> Minter<'a> {
    /// Read the config once: issuer and default secret.
    pub fn new(
        unlocked: &'a Unlocked,
        actor: String,
        now: DateTime<Utc>,
    ) -> Result<Self, MintError> {
        let config = unlocked.config()?;
        Ok(Minter {
            unlocked,
            default_kid: config.default_secret,
            policy: config.policy,
            mint: Mint {
                issuer: config.issuer,
                actor,
                now,
                signers: HashMap::new(),
            },
        })
    }

    /// Find the secret `spec` is signed with (a JWT's secret, or the default).
    /// An access key signs with the first secret of its scope when the
    /// request names none.
    pub fn prepare(&mut self, spec: &TokenSpec) -> Result<(), MintError> {
        self.permit(spec)?;
        if spec.format == Format::Opaque {
            return Ok(());
        }
        let grant = self.unlocked.access().grant();
        let name = spec
            .secret
            .as_deref()
            .or_else(|| grant.and_then(|g| g.scope.secrets.first().map(String::as_str)));
        let key = spec.secret.clone();
        if self.mint.signers.contains_key(&key) {
            return Ok(());
        }
        // The default is found by key id from the config already read.
        let found = match (name, &self.default_kid) {
            (Some(name), _) => Some(self.unlocked.secret(name)?),
            (None, Some(kid)) => self.unlocked.secret_by_kid(kid)?,
            (None, None) => None,
        };
        let (info, alg, value) = found.ok_or(StoreError::NoDefaultSecret)?;
        let entry = Arc::new(SignerEntry {
            signer: jwt::Signer::new(alg, &info.kid, &value)
                .map_err(|e| MintError::Sign(e.to_string()))?,
            name: info.name,
            kid: info.kid,
        });
        self.mint.signers.insert(key, entry);
        Ok(())
    }

    /// Refuse what the store's policy or the access key's scope forbids.
    fn permit(&self, spec: &TokenSpec) -> Result<(), MintError> {
        let now = self.mint.now;
        if let Some(why) = policy::breach(
            &self.policy,
            spec.token_type,
            now,
            spec.expires_at,
            !spec.audience.is_empty(),
        ) {
            return Err(MintError::NotAllowed(format!(
                "refused by the store's policy: {why}"
            )));
        }
        let Some(g) = self.unlocked.access().grant() else {
            return Ok(());
        };
        let refuse = |what: String| {
            MintError::NotAllowed(format!("access key '{}' does not allow {what}", g.name))
        };
        let scope = &g.scope;
        if !scope.allow.iter().any(|a| a == "mint") {
            return Err(refuse("minting tokens".into()));
        }
        if !scope.types.contains(&spec.token_type) {
            return Err(refuse(format!("minting {} tokens", spec.token_type)));
        }
        if spec.format == Format::Jwt {
            if let Some(name) = spec.secret.as_deref() {
                if !scope.secrets.iter().any(|s| s == name) {
                    return Err(refuse(format!("signing with secret '{name}'")));
                }
            }
        }
        if let Some(max) = scope.max_ttl {
            let limit = policy::human(max);
            match spec.expires_at {
                None => {
                    return Err(refuse(format!(
                        "tokens that never expire (its limit is {limit})"
                    )))
                }
                Some(exp) if (exp - now).num_seconds() > i64::try_from(max).unwrap_or(i64::MAX) => {
                    return Err(refuse(format!(
                        "tokens that live longer than {limit} (this one would live {})",
                        policy::human((exp - now).num_seconds().unsigned_abs())
                    )))
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Done finding secrets.
    pub fn into_mint(self) -> Mint {
        self.mint
    }
}

impl Mint {
    /// Whether any secret found signs asymmetrically, at a cost per token
    /// worth spreading over the cores.
    fn slow_signing(&self) -> bool {
        self.signers
            .values()
            .any(|s| s.signer.algorithm().is_asymmetric())
    }

    /// The key ids of the secrets found.
    pub fn kids(&self) -> HashSet<&str> {
        self.signers.values().map(|s| s.kid.as_str()).collect()
    }

    /// Mint one token: its record (not yet stored) and the token itself.
    pub fn mint(&self, spec: TokenSpec) -> Result<(TokenRecord, Zeroizing<String>), MintError> {
        let signer =
            match spec.format {
                Format::Opaque => None,
                Format::Jwt => Some(self.signers.get(&spec.secret).ok_or_else(|| {
                    MintError::Sign("the token's secret was not prepared".into())
                })?),
            };
        let mut rec = TokenRecord {
            id: crate::crypto::hex_string(&crate::crypto::random_array::<16>()),
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
                .sign(&rec.claims_as_jwt(self.issuer.as_deref()))
                .map_err(MintError::Sign)?,
            None => opaque::generate(rec.token_type),
        });
        // Nothing is minted that `verify` would refuse to read.
        if token.len() > MAX_TOKEN_LEN {
            return Err(MintError::TooLarge {
                kib: token.len().div_ceil(1024),
                max: MAX_TOKEN_LEN / 1024,
            });
        }
        rec.token_hash = token_hash(&token);
        Ok((rec, token))
    }
}

/// Output held until the batch is recorded: pieces of about 64 KiB, so it
/// grows without ever being copied to a larger buffer, each wiped when
/// dropped.
#[derive(Default)]
pub struct Held {
    pieces: Vec<Zeroizing<Vec<u8>>>,
}

impl Held {
    const PIECE: usize = 64 * 1024;

    fn push(&mut self, bytes: &[u8]) {
        match self.pieces.last_mut() {
            Some(last) if last.len() + bytes.len() <= last.capacity() => {
                last.extend_from_slice(bytes);
            }
            _ => {
                let mut piece = Zeroizing::new(Vec::with_capacity(Self::PIECE.max(bytes.len())));
                piece.extend_from_slice(bytes);
                self.pieces.push(piece);
            }
        }
    }

    /// The output, in order.
    pub fn pieces(&self) -> impl Iterator<Item = &[u8]> {
        self.pieces.iter().map(|p| p.as_slice())
    }
}

/// What recording a batch produced.
pub struct Recorded {
    /// Every new token's id, in order.
    pub ids: Vec<String>,
    /// The formatted output, one line per token, in order.
    pub output: Held,
    /// Tokens revoked because a new one took their name (`replace`).
    pub replaced: Vec<TokenRecord>,
}

/// Find the secrets of `specs`, then mint, seal and record them all in one
/// transaction: one thread signs, seals and formats (with `format`, which
/// appends a token's output) while this one writes the rows. Nothing is
/// recorded unless every token is. A name held by an active token is
/// refused unless `replace`, which revokes its holder in the same
/// transaction.
pub fn record_batch(
    unlocked: &mut Unlocked,
    actor: &str,
    now: DateTime<Utc>,
    specs: Vec<TokenSpec>,
    replace: bool,
    format: &(dyn Fn(&TokenRecord, &str, &mut Vec<u8>) + Sync),
) -> Result<Recorded, MintError> {
    let mut minter = Minter::new(unlocked, actor.to_string(), now)?;
    for (i, spec) in specs.iter().enumerate() {
        minter.prepare(spec).map_err(MintError::at(i))?;
    }
    let mint = minter.into_mint();
    let count = specs.len();
    let (sealer, writer) = unlocked.batch_parts();
    let (tx, rx) = sync_channel::<Vec<SealedToken>>(8);
    let kids = mint.kids();
    let (inserted, minted) = std::thread::scope(|scope| {
        let producer = scope.spawn(|| mint_all(&mint, &sealer, specs, format, tx));
        let inserted = writer.insert(&kids, replace, actor, count, rx.iter().flatten());
        let minted = producer
            .join()
            .unwrap_or_else(|_| Err(MintError::Sign("the minting thread failed".into())));
        (inserted, minted)
    });
    // A minting error explains a short batch better than the writer can.
    let (ids, output) = minted?;
    let replaced = inserted?;
    Ok(Recorded {
        ids,
        output,
        replaced,
    })
}

/// How many tokens are minted together when signing is slow enough to
/// spread over the cores: enough to keep them busy, few enough that the
/// writer never waits long for its first rows.
const PARALLEL_CHUNK: usize = 2048;

/// Sealed rows go to the writer this many at a time: one hand-over (and
/// at most one thread wake-up) per chunk, not per row.
const SEND_CHUNK: usize = 256;

/// Mint, seal and format every token, sending each sealed row to the
/// writer as soon as it is ready. Stops early if the writer has stopped.
/// With an asymmetric signer (tens of microseconds to milliseconds a
/// signature) chunks of tokens are minted on every core, in order; HMAC
/// signing is cheaper than the writer's insert and stays on this thread.
fn mint_all(
    mint: &Mint,
    sealer: &Sealer<'_>,
    specs: Vec<TokenSpec>,
    format: &(dyn Fn(&TokenRecord, &str, &mut Vec<u8>) + Sync),
    rows: SyncSender<Vec<SealedToken>>,
) -> Result<(Vec<String>, Held), MintError> {
    let mut ids = Vec::with_capacity(specs.len());
    let mut output = Held::default();
    let one = |(i, spec): (usize, TokenSpec)| {
        let (rec, token) = mint.mint(spec).map_err(MintError::at(i))?;
        let mut text = Zeroizing::new(Vec::with_capacity(token.len() + 512));
        format(&rec, &token, &mut text);
        drop(token);
        let row = sealer.seal_new(&rec)?;
        Ok::<_, MintError>((rec.id, text, row))
    };
    let chunk = if mint.slow_signing() && specs.len() > 1 {
        PARALLEL_CHUNK
    } else {
        1
    };
    let mut ready = Vec::with_capacity(SEND_CHUNK);
    let mut specs = specs.into_iter().enumerate().peekable();
    while specs.peek().is_some() {
        let work: Vec<(usize, TokenSpec)> = specs.by_ref().take(chunk).collect();
        for minted in crate::par::map(work, one) {
            let (id, text, row) = minted?;
            output.push(&text);
            ids.push(id);
            ready.push(row);
            if ready.len() == SEND_CHUNK {
                if rows.send(std::mem::take(&mut ready)).is_err() {
                    return Ok((ids, output));
                }
                ready.reserve(SEND_CHUNK);
            }
        }
    }
    if !ready.is_empty() {
        // The writer may have stopped; it then reports why.
        let _ = rows.send(ready);
    }
    Ok((ids, output))
}
