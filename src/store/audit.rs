//! The audit log: one sealed event per change, written in the change's own
//! transaction, each event committing to the hash of the one before.
//!
//! An event is sealed under the data key with associated data binding the
//! store, the `audit` table and its sequence number; its hash is SHA-256 of
//! its plaintext, which holds the previous event's hash. The chain's length
//! and head are sealed in the config row, with a digest of the small tables
//! (secrets, their keys, members, access keys, clients) as they are after
//! the change, and each event names the token rows it wrote and the version
//! each is at: so a row put back to an older copy of itself, which still
//! authenticates, disagrees with the log (`store check`). What can roll the
//! config row back with it, a whole older copy of the store, is caught by
//! the machine's own record of the chain (`anchor`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::db::{args, Db, DbRow, Value};
use super::error::Result;
use super::{read_config, write_config, StoreError};
use crate::crypto::{self, Key};

/// The chain as the config row records it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chain {
    /// How many events there are.
    pub length: u64,
    /// The hash of the last one (hex); empty before the first.
    #[serde(default)]
    pub head: String,
    /// Digest of the small tables after the last change (hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<String>,
}

/// One audit event, as sealed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Event {
    /// Its position in the chain, from 1.
    pub seq: u64,
    /// When (RFC 3339, UTC).
    pub time: String,
    /// Who: the member (`alice`) or access key (`key:ci`) that unlocked the
    /// store; `unauthenticated` for what was done without the key (`lock`).
    pub actor: String,
    /// The label from `TOKENCTL_ACTOR`, when one was set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// What: `token.create`, `secret.rotate`, ...
    pub action: String,
    /// On what: a name, an id, a count.
    pub target: String,
    /// How it ended.
    pub outcome: String,
    /// The token rows written, with the version each is at after it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<(String, i64)>,
    /// The previous event's hash (hex); empty for the first.
    pub prev: String,
}

/// What a change tells the log about itself.
#[derive(Debug, Clone)]
pub struct Change {
    action: &'static str,
    target: String,
    outcome: String,
    tokens: Vec<(String, i64)>,
}

impl Change {
    /// `action` on `target`, which succeeded.
    pub fn new(action: &'static str, target: impl Into<String>) -> Change {
        Change {
            action,
            target: target.into(),
            outcome: "ok".into(),
            tokens: Vec::new(),
        }
    }

    /// How it ended, when not plainly `ok`.
    pub fn outcome(mut self, outcome: impl Into<String>) -> Change {
        self.outcome = outcome.into();
        self
    }

    /// The token rows it wrote, each at the version it is at now.
    pub fn tokens(mut self, rows: impl IntoIterator<Item = (String, i64)>) -> Change {
        self.tokens.extend(rows);
        self
    }
}

/// The actions that re-seal every token row under new keys: what the log
/// recorded of rows before them is void.
const RESEALS_ALL: &[&str] = &["store.rekey"];

/// Actions the log can hold for what was done without the key.
pub(super) const UNAUTHENTICATED: &str = "unauthenticated";

fn aad(store_id: &[u8], seq: u64) -> Vec<u8> {
    crypto::row_aad(store_id, "audit", &seq.to_string(), 1)
}

/// Who wrote a change: the authenticated actor and the label.
pub(super) struct Author<'a> {
    pub actor: String,
    pub label: Option<&'a str>,
}

/// Append `change` (after any pending unauthenticated events) inside the
/// write transaction `tx`, and record the new chain in the config row.
/// Refuses to write when the log does not end where the chain does.
pub(super) fn append(
    tx: &Db,
    key: &Key,
    store_id: &[u8],
    author: &Author<'_>,
    change: Change,
) -> Result<(Chain, super::anchor::AnchorSecret)> {
    let mut config = read_config(tx, key, store_id)?;
    let last: Option<i64> = tx.value("SELECT max(seq) FROM audit", &[])?;
    let last = last.unwrap_or(0).unsigned_abs();
    if last != config.chain.length {
        return Err(StoreError::tampered(format!(
            "the audit log ends at event {last} but the store's chain at event {}; \
             nothing was changed",
            config.chain.length
        )));
    }
    let now = super::now_rfc3339();
    let mut chain = config.chain.clone();
    let pending: Vec<(String, String, String)> = tx.rows(
        "SELECT at, action, detail FROM audit_pending ORDER BY id",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    for (at, action, detail) in &pending {
        let event = Event {
            seq: 0,
            time: clean(at, 40),
            actor: UNAUTHENTICATED.into(),
            label: None,
            action: clean(action, 64),
            target: String::new(),
            outcome: clean(detail, 200),
            tokens: Vec::new(),
            prev: String::new(),
        };
        push(tx, key, store_id, &mut chain, event)?;
    }
    if !pending.is_empty() {
        tx.execute("DELETE FROM audit_pending", &[])?;
    }
    let event = Event {
        seq: 0,
        time: now,
        actor: author.actor.clone(),
        label: author.label.map(str::to_string),
        action: change.action.into(),
        target: change.target,
        outcome: change.outcome,
        tokens: change.tokens,
        prev: String::new(),
    };
    push(tx, key, store_id, &mut chain, event)?;
    chain.rows = Some(rows_digest(tx)?);
    config.chain = chain.clone();
    let secret = config
        .anchor
        .get_or_insert_with(super::anchor::AnchorSecret::generate)
        .clone();
    write_config(tx, key, store_id, &config)?;
    Ok((chain, secret))
}

/// Record, without the key, something done without it (ending every
/// session): sealed into the chain by the next change, as `unauthenticated`.
pub(super) fn pend(tx: &Db, action: &str, detail: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_pending (at, action, detail) VALUES (?1, ?2, ?3)",
        args![super::now_rfc3339(), action, detail],
    )?;
    Ok(())
}

/// `text` without control characters, at most `max` characters.
fn clean(text: &str, max: usize) -> String {
    text.chars().filter(|c| !c.is_control()).take(max).collect()
}

fn push(tx: &Db, key: &Key, store_id: &[u8], chain: &mut Chain, mut event: Event) -> Result<()> {
    event.seq = chain.length + 1;
    event.prev = std::mem::take(&mut chain.head);
    let plain = zeroize::Zeroizing::new(
        serde_json::to_vec(&event).map_err(|_| StoreError::Unencodable("audit"))?,
    );
    let sealed = crypto::seal(key, &plain, &aad(store_id, event.seq));
    let seq = i64::try_from(event.seq).map_err(|_| StoreError::Unencodable("audit"))?;
    tx.execute(
        "INSERT INTO audit (seq, sealed) VALUES (?1, ?2)",
        args![seq, sealed],
    )?;
    chain.length = event.seq;
    chain.head = crypto::hex_string(&crypto::sha256(&plain));
    Ok(())
}

/// The small tables whose every row the chain's digest covers, with the
/// columns that change only with an audited change (not `last_used_at`).
const DIGESTED: &[(&str, &str, &str)] = &[
    (
        "secrets",
        "kid, name, seq, algorithm, version, sealed",
        "kid",
    ),
    ("secret_keys", "name, wrapped", "name"),
    ("members", "name, salt, wrapped", "name"),
    (
        "access_keys",
        "id, name, expires_at, scope, revoked_at, wrapped",
        "name",
    ),
    ("clients", "name, version, sealed", "name"),
];

/// Digest of every row of the small tables.
fn rows_digest(db: &Db) -> Result<String> {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    for (table, columns, order) in DIGESTED {
        h.update(table.as_bytes());
        h.update([0]);
        let n = columns.split(',').count();
        db.each(
            &format!("SELECT {columns} FROM {table} ORDER BY {order}"),
            &[],
            |r| {
                for i in 0..n {
                    feed(&mut h, &r.value(i)?);
                }
                Ok(())
            },
        )?;
    }
    Ok(crypto::hex_string(&h.finalize()))
}

fn feed(h: &mut sha2::Sha256, value: &Value) {
    use sha2::Digest;
    let (tag, bytes): (u8, std::borrow::Cow<'_, [u8]>) = match value {
        Value::Null => (0, (&[][..]).into()),
        Value::Int(v) => (1, v.to_be_bytes().to_vec().into()),
        Value::Text(s) => (2, s.as_bytes().into()),
        Value::Blob(b) => (3, b.as_slice().into()),
    };
    h.update([tag]);
    h.update((bytes.len() as u64).to_be_bytes());
    h.update(&bytes);
}

/// What a walk of the chain found.
#[derive(Debug, Clone, Default)]
pub struct Walked {
    /// Events read.
    pub events: u64,
    /// The first problem, naming the event; `None` when the chain is whole.
    pub problem: Option<String>,
}

/// How far either side of a bad event to look for the record it holds.
const MOVED_WINDOW: u64 = 16;

/// Walk every event in order, authenticating each and its link to the one
/// before, then compare the end with `chain`; `visit` sees each good event.
/// Streams: memory does not grow with the log.
pub(super) fn walk(
    db: &Db,
    key: &Key,
    store_id: &[u8],
    chain: &Chain,
    mut visit: impl FnMut(&Event),
) -> Result<Walked> {
    let mut out = Walked::default();
    let mut head = String::new();
    let mut expected = 1u64;
    let mut problem: Option<String> = None;
    let result = db.each("SELECT seq, sealed FROM audit ORDER BY seq", &[], |r| {
        let seq = r.get::<i64>(0)?.unsigned_abs();
        let sealed = r.raw(1)?.unwrap_or_default();
        match check_one(key, store_id, seq, expected, sealed, &head) {
            Ok((event, hash)) => {
                visit(&event);
                head = hash;
                out.events = seq;
                expected = seq + 1;
                Ok(())
            }
            Err(p) => {
                problem = Some(p);
                Err(StoreError::Io(String::new()))
            }
        }
    });
    if problem.is_some() {
        out.problem = problem;
        return Ok(out);
    }
    result?;
    out.problem = if out.events < chain.length {
        Some(format!(
            "audit event {} is missing: the log ends at event {} but the store recorded {} \
             (events were removed from the end)",
            out.events + 1,
            out.events,
            chain.length
        ))
    } else if out.events > chain.length {
        Some(format!(
            "audit event {} is past the end of the chain the store recorded ({} events): \
             the config row was put back to an older copy",
            chain.length + 1,
            chain.length
        ))
    } else if !crypto::ct_eq(head.as_bytes(), chain.head.as_bytes()) {
        Some(format!(
            "audit event {} is not the last event the store recorded",
            chain.length
        ))
    } else {
        None
    };
    Ok(out)
}

/// Open event `seq`, which should be event `expected` and follow `prev`.
fn check_one(
    key: &Key,
    store_id: &[u8],
    seq: u64,
    expected: u64,
    sealed: &[u8],
    prev: &str,
) -> std::result::Result<(Event, String), String> {
    if seq != expected {
        return Err(if seq > expected {
            format!("audit event {expected} is missing (deleted)")
        } else {
            format!("audit event {seq} is out of place")
        });
    }
    let Some(plain) = crypto::open(key, sealed, &aad(store_id, seq)) else {
        let lo = seq.saturating_sub(MOVED_WINDOW).max(1);
        let moved = (lo..=seq + MOVED_WINDOW)
            .filter(|&m| m != seq)
            .find(|&m| crypto::open(key, sealed, &aad(store_id, m)).is_some());
        return Err(match moved {
            Some(m) => {
                format!("audit event {seq} holds event {m}'s record (the log was reordered)")
            }
            None => format!("audit event {seq} failed authentication (edited)"),
        });
    };
    let event: Event = super::decode_authenticated(&plain)
        .map_err(|_| format!("audit event {seq} cannot be read by this version of tokenctl"))?;
    if event.seq != seq || !crypto::ct_eq(event.prev.as_bytes(), prev.as_bytes()) {
        return Err(format!(
            "audit event {seq} does not follow event {}",
            seq - 1
        ));
    }
    Ok((event, crypto::hex_string(&crypto::sha256(&plain))))
}

/// The hash of event `seq`, if it is there and authenticates.
pub(super) fn hash_at(db: &Db, key: &Key, store_id: &[u8], seq: u64) -> Result<Option<String>> {
    let Ok(at) = i64::try_from(seq) else {
        return Ok(None);
    };
    let sealed: Option<Vec<u8>> =
        db.row("SELECT sealed FROM audit WHERE seq = ?1", args![at], |r| {
            r.get(0)
        })?;
    Ok(sealed
        .and_then(|s| crypto::open(key, &s, &aad(store_id, seq)))
        .map(|plain| crypto::hex_string(&crypto::sha256(&plain))))
}

/// Rows that disagree with the chain: a small table whose digest is not
/// the one the last change recorded, and token rows not at the version the
/// log last wrote them at (put back to an older copy, or deleted).
pub(super) fn stale_rows(
    db: &Db,
    chain: &Chain,
    tokens: &HashMap<String, i64>,
) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if let Some(recorded) = &chain.rows {
        if rows_digest(db)? != *recorded {
            out.push(
                "a secret, member, access key or client row is not as the last change left it \
                 (a row was put back to an older copy, added or deleted)"
                    .to_string(),
            );
        }
    }
    // One pass over the token rows' plain versions (each row's sealed
    // record, bound to its version, was authenticated by `check` already).
    let mut left: HashMap<&str, i64> = tokens.iter().map(|(id, v)| (id.as_str(), *v)).collect();
    let mut stale = Vec::new();
    db.each("SELECT id, version FROM tokens", &[], |r: &DbRow<'_>| {
        let id: String = r.get(0)?;
        let now: i64 = r.get(1)?;
        if let Some(version) = left.remove(id.as_str()) {
            if now != version {
                stale.push((id, now, version));
            }
        }
        Ok(())
    })?;
    stale.sort();
    for (id, now, version) in stale {
        out.push(format!(
            "token {id} is at version {now}, but the audit log last wrote it at version \
             {version} (the row was put back to an older copy)"
        ));
    }
    let mut missing: Vec<(&str, i64)> = left.into_iter().collect();
    missing.sort();
    for (id, version) in missing {
        out.push(format!(
            "token {id} is missing, but the audit log wrote it at version {version}"
        ));
    }
    Ok(out)
}

/// Collects, over a walk, the version the log last wrote each token at.
#[derive(Default)]
pub(super) struct TokenVersions(pub HashMap<String, i64>);

impl TokenVersions {
    pub(super) fn see(&mut self, event: &Event) {
        if RESEALS_ALL.contains(&event.action.as_str()) {
            self.0.clear();
        }
        for (id, version) in &event.tokens {
            self.0.insert(id.clone(), *version);
        }
    }
}

/// Which events `audit` lists.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Events at or after this time (RFC 3339, UTC).
    pub since: Option<chrono::DateTime<chrono::Utc>>,
    /// Events by this actor (the member or `key:NAME`; a label matches too).
    pub actor: Option<String>,
    /// Events of this action, or of every action under it (`token` matches
    /// `token.create`).
    pub action: Option<String>,
}

impl Filter {
    fn admits(&self, e: &Event) -> bool {
        let since = self
            .since
            .is_none_or(|t| chrono::DateTime::parse_from_rfc3339(&e.time).is_ok_and(|at| at >= t));
        let actor = self
            .actor
            .as_deref()
            .is_none_or(|a| e.actor == a || e.label.as_deref() == Some(a));
        let action = self.action.as_deref().is_none_or(|a| {
            e.action == a
                || e.action
                    .strip_prefix(a)
                    .is_some_and(|rest| rest.starts_with('.'))
        });
        since && actor && action
    }
}

impl super::Unlocked {
    /// The author of this process's changes.
    pub(super) fn author(&self) -> Author<'_> {
        let actor = self.access.actor();
        let label = self.witness.label.as_deref().filter(|l| *l != actor);
        Author { actor, label }
    }

    /// Append `change` to the audit log and commit `tx` with it; then
    /// record the new chain position on this machine (best effort: the
    /// change is in, and the next command records it again).
    pub(super) fn commit(&self, tx: super::db::Tx<'_>, change: Change) -> Result<Chain> {
        let (chain, secret) = self.append_and_commit(tx, change)?;
        let _ = self.anchor_with(&chain, &secret);
        Ok(chain)
    }

    /// Append `change` and commit `tx`; returns the new chain and the
    /// secret this machine's records are sealed under.
    fn append_and_commit(
        &self,
        tx: super::db::Tx<'_>,
        change: Change,
    ) -> Result<(Chain, super::anchor::AnchorSecret)> {
        let appended = append(&tx, &self.key, self.store_id(), &self.author(), change)?;
        tx.commit()?;
        Ok(appended)
    }

    /// Record `chain` as this machine's position, if it is further than
    /// the one recorded.
    pub(super) fn anchor_at(&self, chain: &Chain) -> Result<()> {
        if self.witness.anchors.is_none() {
            return Ok(());
        }
        match &self.config()?.anchor {
            Some(secret) => self.anchor_with(chain, secret),
            None => Ok(()),
        }
    }

    /// [`Unlocked::anchor_at`], with the store's anchor secret at hand.
    fn anchor_with(&self, chain: &Chain, secret: &super::anchor::AnchorSecret) -> Result<()> {
        let Some(dir) = &self.witness.anchors else {
            return Ok(());
        };
        let store_id = self.store_id();
        let seen = super::anchor::Seen {
            length: chain.length,
            head: chain.head.clone(),
        };
        super::anchor::advance(
            &super::anchor::path(dir, store_id),
            &secret.key(store_id),
            store_id,
            &self.place(),
            seen,
        )
    }

    /// Where this store is, as this machine's record names it: the file's
    /// canonical path, or the database URL (never a password).
    fn place(&self) -> String {
        match &self.store.location {
            super::Location::File(p) => std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string(),
            other => other.to_string(),
        }
    }

    /// Set the `TOKENCTL_ACTOR` label the audit log records with the actor.
    pub fn set_label(&mut self, label: Option<String>) {
        self.witness.label = label;
    }

    /// Keep this machine's record of the chain in `dir`, without checking
    /// the store against it (`store check --accept-rollback`).
    pub fn keep_anchors_in(&mut self, dir: std::path::PathBuf) {
        self.witness.anchors = Some(dir);
    }

    /// Keep this machine's record of the chain in `dir`, and check the store
    /// against it: a chain shorter than the one recorded, or another one, is
    /// [`StoreError::RolledBack`]. A chain that has grown is recorded.
    pub fn witness(&mut self, dir: std::path::PathBuf) -> Result<()> {
        self.witness.anchors = Some(dir);
        self.check_rollback()
    }

    /// Check the store against this machine's record of its chain (see
    /// [`Unlocked::witness`]); `serve` does on every change it sees.
    pub fn check_rollback(&self) -> Result<()> {
        let Some(dir) = &self.witness.anchors else {
            return Ok(());
        };
        let store_id = self.store_id();
        let path = super::anchor::path(dir, store_id);
        // The file first, then the store: another process records a
        // position only after committing it, so the store read afterwards
        // is at least as far along.
        let file = super::anchor::load(&path)?;
        let config = self.config()?;
        let Some(secret) = &config.anchor else {
            return Ok(());
        };
        let key = secret.key(store_id);
        let chain = &config.chain;
        let seen = match file {
            Some(sealed) => {
                super::anchor::open(&path, &sealed, &key, store_id)?.remove(&self.place())
            }
            None => None,
        };
        if let Some(seen) = seen {
            if seen.length > chain.length {
                return Err(StoreError::RolledBack(format!(
                    "this machine has seen its audit log reach event {}, but it now ends at \
                     event {}",
                    seen.length, chain.length
                )));
            }
            let head = if seen.length == chain.length {
                Some(chain.head.clone())
            } else {
                hash_at(&self.store.db, &self.key, store_id, seen.length)?
            };
            if !head.is_some_and(|h| crypto::ct_eq(h.as_bytes(), seen.head.as_bytes())) {
                return Err(StoreError::RolledBack(format!(
                    "its audit log at event {} is not the one this machine saw (an older copy, \
                     or another copy that went its own way)",
                    seen.length
                )));
            }
            if seen.length == chain.length {
                return Ok(());
            }
        }
        // Best effort: a machine where it cannot be written still works,
        // without this protection.
        let _ = self.anchor_at(chain);
        Ok(())
    }

    /// After a deliberate restore: record the store's chain as this
    /// machine's position, whatever was recorded before, and log it.
    /// Returns the position recorded before (if one authenticated) and the
    /// store's own before this acceptance was logged.
    pub fn accept_rollback(&mut self) -> Result<(Option<u64>, u64)> {
        let dir = self.witness.anchors.clone().ok_or_else(|| {
            StoreError::Io("no directory for this machine's record of the store".into())
        })?;
        let store_id = self.store.header.store_id;
        let path = super::anchor::path(&dir, &store_id);
        let place = self.place();
        let config = self.config()?;
        let restored = config.chain.length;
        let mut records = config
            .anchor
            .and_then(|s| super::anchor::read(&path, &s.key(&store_id), &store_id).ok())
            .unwrap_or_default();
        let before = records.get(&place).map(|s| s.length);
        let tx = super::begin_write(&self.store.db, &self.key, &self.store.header)?;
        let outcome = match before {
            Some(n) => format!("was at event {n}"),
            None => "no earlier record".to_string(),
        };
        let change = Change::new("store.accept-rollback", "this machine").outcome(outcome);
        // Not `commit`: its record only ever moves forward; this one is set.
        let (chain, secret) = self.append_and_commit(tx, change)?;
        let seen = super::anchor::Seen {
            length: chain.length,
            head: chain.head.clone(),
        };
        records.insert(place, seen);
        super::anchor::write(&path, &secret.key(&store_id), &store_id, &records)?;
        Ok((before, restored))
    }

    /// The events `filter` admits, newest first, each authenticated.
    pub fn audit_events(&self, filter: &Filter) -> Result<Vec<Event>> {
        let chain = self.config()?.chain;
        let mut out = Vec::new();
        let walked = walk(&self.store.db, &self.key, self.store_id(), &chain, |e| {
            if filter.admits(e) {
                out.push(e.clone());
            }
        })?;
        if let Some(p) = walked.problem {
            return Err(StoreError::AuditBroken(p));
        }
        out.reverse();
        Ok(out)
    }

    /// Walk the whole chain (`audit verify`).
    pub fn audit_verify(&self) -> Result<Walked> {
        let chain = self.config()?.chain;
        walk(&self.store.db, &self.key, self.store_id(), &chain, |_| {})
    }

    /// `store check`'s part: the chain, then rows that disagree with it.
    pub(super) fn check_audit(&self) -> Result<Vec<String>> {
        // A config row that does not open is reported by `check` already.
        let Ok(config) = self.config() else {
            return Ok(Vec::new());
        };
        let chain = config.chain;
        let mut versions = TokenVersions::default();
        let walked = walk(&self.store.db, &self.key, self.store_id(), &chain, |e| {
            versions.see(e)
        })?;
        if let Some(p) = walked.problem {
            return Ok(vec![p]);
        }
        stale_rows(&self.store.db, &chain, &versions.0)
    }
}

/// Re-seal every event from `old` to `new` (`store rekey`); their hashes,
/// over the plaintext, stay. Returns how many.
pub(super) fn reseal_all(tx: &Db, old: &Key, new: &Key, store_id: &[u8]) -> Result<u64> {
    let rows: Vec<(i64, Vec<u8>)> =
        tx.rows("SELECT seq, sealed FROM audit ORDER BY seq", &[], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    for (seq, sealed) in &rows {
        let aad = aad(store_id, seq.unsigned_abs());
        let plain = crypto::open(old, sealed, &aad).ok_or_else(|| {
            StoreError::tampered(format!("audit event {seq} failed authentication (edited)"))
        })?;
        tx.execute(
            "UPDATE audit SET sealed = ?1 WHERE seq = ?2",
            args![crypto::seal(new, &plain, &aad), seq],
        )?;
    }
    Ok(rows.len() as u64)
}
