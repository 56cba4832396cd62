//! Token records: sealed rows in `tokens`, keyed by token id.
//!
//! The plain columns (name, status, secret key id, token hash, times) are
//! indexes; every read authenticates the sealed record and checks that they
//! agree with it, so editing a column (say, un-revoking) is tampering.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde_json::Value;

use super::error::{Result, StoreError};
use super::{open_json, seal_json, Unlocked};
use crate::crypto::Key;
use crate::token::{StoredStatus, TokenRecord};

const TABLE: &str = "tokens";
/// Rows read and authenticated together when listing, on every core.
const LIST_CHUNK: usize = 8192;

const SELECT: &str =
    "SELECT id, name, status, secret_kid, token_hash, created_at, expires_at, version, sealed FROM tokens";

struct Row {
    id: String,
    name: String,
    status: String,
    secret_kid: Option<String>,
    token_hash: Vec<u8>,
    created_at: String,
    expires_at: Option<String>,
    version: i64,
    sealed: Vec<u8>,
}

fn map_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        name: r.get(1)?,
        status: r.get(2)?,
        secret_kid: r.get(3)?,
        token_hash: r.get(4)?,
        created_at: r.get(5)?,
        expires_at: r.get(6)?,
        version: r.get(7)?,
        sealed: r.get(8)?,
    })
}

impl Row {
    fn open(&self, key: &Key, store_id: &[u8]) -> Result<TokenRecord> {
        let rec: TokenRecord =
            open_json(key, store_id, TABLE, &self.id, self.version, &self.sealed)?;
        let agrees = rec.id == self.id
            && rec.name == self.name
            && rec.status.as_str() == self.status
            && rec.secret_kid == self.secret_kid
            && rec.token_hash == hex::encode(&self.token_hash)
            && rec.created_at == self.created_at
            && rec.expires_at == self.expires_at;
        if !agrees {
            return Err(StoreError::tampered(format!(
                "token row {} does not match its sealed record",
                self.id
            )));
        }
        Ok(rec)
    }
}

/// A token row sealed and ready to write.
pub struct SealedToken {
    id: String,
    name: String,
    status: &'static str,
    secret_kid: Option<String>,
    hash: Vec<u8>,
    created_at: String,
    expires_at: Option<String>,
    version: i64,
    sealed: Vec<u8>,
}

fn seal_row(key: &Key, store_id: &[u8], rec: &TokenRecord, version: i64) -> Result<SealedToken> {
    Ok(SealedToken {
        sealed: seal_json(key, store_id, TABLE, &rec.id, version, rec)?,
        hash: hex::decode(&rec.token_hash).map_err(|_| StoreError::Unencodable(TABLE))?,
        id: rec.id.clone(),
        name: rec.name.clone(),
        status: rec.status.as_str(),
        secret_kid: rec.secret_kid.clone(),
        created_at: rec.created_at.clone(),
        expires_at: rec.expires_at.clone(),
        version,
    })
}

/// Write a sealed row: a new token (`version` 1) is inserted, and a new id
/// that somehow exists is an error, never an overwrite; a later version
/// replaces the row.
fn insert_row(conn: &Connection, row: &SealedToken) -> Result<()> {
    let sql = if row.version == 1 {
        "INSERT INTO tokens (id, name, status, secret_kid, token_hash, created_at, expires_at, version, sealed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    } else {
        "UPDATE tokens SET name = ?2, status = ?3, secret_kid = ?4, token_hash = ?5,
             created_at = ?6, expires_at = ?7, version = ?8, sealed = ?9 WHERE id = ?1"
    };
    let changed = conn.prepare_cached(sql)?.execute(params![
        row.id,
        row.name,
        row.status,
        row.secret_kid,
        row.hash,
        row.created_at,
        row.expires_at,
        row.version,
        row.sealed
    ])?;
    if changed != 1 {
        return Err(StoreError::tampered(format!(
            "token row {} is missing",
            row.id
        )));
    }
    Ok(())
}

fn write(
    conn: &Connection,
    key: &Key,
    store_id: &[u8],
    rec: &TokenRecord,
    version: i64,
) -> Result<()> {
    insert_row(conn, &seal_row(key, store_id, rec, version)?)
}

fn query_one(
    conn: &Connection,
    key: &Key,
    store_id: &[u8],
    clause: &str,
    arg: &dyn rusqlite::ToSql,
) -> Result<Option<(TokenRecord, i64)>> {
    match find_one(conn, key, store_id, clause, arg)? {
        Some(found) => Ok(Some(found)),
        None => {
            // The lookup went through an index. A row that the table holds
            // but its index cannot find is corruption, not a missing token.
            // Only the commands that change a token pay for this scan;
            // lookups by a token's hash do not (see `find_one`).
            super::check_index_miss(conn, TABLE, clause, arg)?;
            Ok(None)
        }
    }
}

/// The row `clause` finds through its index, authenticated. A miss costs
/// no more than a hit: whoever can submit tokens must not be able to make
/// each one cost a table scan. A corrupt index is `store check`'s to find.
fn find_one(
    conn: &Connection,
    key: &Key,
    store_id: &[u8],
    clause: &str,
    arg: &dyn rusqlite::ToSql,
) -> Result<Option<(TokenRecord, i64)>> {
    let row = conn
        .query_row(&format!("{SELECT} WHERE {clause}"), [arg], map_row)
        .optional()?;
    row.map(|r| Ok((r.open(key, store_id)?, r.version)))
        .transpose()
}

fn query_all(
    conn: &Connection,
    key: &Key,
    store_id: &[u8],
    sql: &str,
    arg: &[&dyn rusqlite::ToSql],
) -> Result<Vec<(TokenRecord, i64)>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(arg, map_row)?;
    let mut out = Vec::new();
    for row in rows {
        let row = row?;
        out.push((row.open(key, store_id)?, row.version));
    }
    Ok(out)
}

/// Inside the write transaction: every signing key id still names a secret
/// (another process may have removed one while this one signed).
fn secrets_still_exist<'k>(
    tx: &Transaction<'_>,
    kids: impl IntoIterator<Item = &'k str>,
) -> Result<()> {
    for kid in kids {
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM secrets WHERE kid = ?1)",
            [kid],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(StoreError::SecretRemoved);
        }
    }
    Ok(())
}

/// Who revoked, why and when.
struct Revocation<'a> {
    by: &'a str,
    reason: Option<&'a str>,
    at: &'a str,
}

/// Mark `rec` revoked and write it back at the next version.
fn revoke_in(
    tx: &Transaction<'_>,
    key: &Key,
    store_id: &[u8],
    (mut rec, version): (TokenRecord, i64),
    how: &Revocation<'_>,
) -> Result<TokenRecord> {
    rec.status = StoredStatus::Revoked;
    rec.revoked_at = Some(how.at.to_string());
    rec.revoked_by = Some(how.by.to_string());
    rec.revoke_reason = how.reason.map(str::to_string);
    write(tx, key, store_id, &rec, version + 1)?;
    Ok(rec)
}

/// How undelivered tokens were made harmless.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undelivered {
    /// Their records say `undelivered`.
    Marked,
    /// Their records were deleted (this many), because the data key had
    /// been replaced; they are unknown tokens now.
    Withdrawn(usize),
}

/// The outcome of revoking one token.
pub enum Revoked {
    /// Revoked now.
    Now(TokenRecord),
    /// It had been revoked before.
    Already(TokenRecord),
}

impl Unlocked {
    /// Record a new token. A name held by an active, unexpired token is exit 5,
    /// unless `replace`, which revokes that token in the same transaction.
    /// A batch of one: the same checks and the same transaction.
    pub fn insert_token(
        &mut self,
        rec: &TokenRecord,
        replace: bool,
        actor: &str,
    ) -> Result<Option<TokenRecord>> {
        let (sealer, writer) = self.batch_parts();
        let row = sealer.seal_new(rec)?;
        let kids: HashSet<&str> = rec.secret_kid.as_deref().into_iter().collect();
        let mut replaced =
            writer.insert(&[&rec.name], &kids, replace, actor, 1, std::iter::once(row))?;
        Ok(replaced.pop())
    }

    /// Revoke the tokens `ids` in one transaction: all or none (an unknown
    /// id is an error and nothing is revoked). A token revoked before is
    /// reported as such and left as it was.
    pub fn revoke_tokens(
        &mut self,
        ids: &[String],
        by: &str,
        reason: Option<&str>,
    ) -> Result<Vec<Revoked>> {
        let store_id = self.store.header.store_id;
        let now = super::now_rfc3339();
        let how = Revocation {
            by,
            reason,
            at: &now,
        };
        let tx = super::begin_write(&mut self.store.conn, &self.key, &self.store.header)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let (rec, version) = query_one(&tx, &self.key, &store_id, "id = ?1", id)?
                .ok_or_else(|| StoreError::NoSuchToken(id.clone()))?;
            out.push(if rec.status == StoredStatus::Revoked {
                Revoked::Already(rec)
            } else {
                Revoked::Now(revoke_in(&tx, &self.key, &store_id, (rec, version), &how)?)
            });
        }
        tx.commit()?;
        Ok(out)
    }

    /// The record of the token whose SHA-256 is `hash_hex`.
    pub fn token_by_hash(&self, hash_hex: &str) -> Result<Option<TokenRecord>> {
        self.reading(|| {
            let Ok(hash) = hex::decode(hash_hex) else {
                return Ok(None);
            };
            Ok(find_one(
                &self.store.conn,
                &self.key,
                self.store_id(),
                "token_hash = ?1",
                &hash,
            )?
            .map(|r| r.0))
        })
    }

    /// The record with token id `id`.
    pub fn token_by_id(&self, id: &str) -> Result<Option<TokenRecord>> {
        self.reading(|| {
            Ok(
                query_one(&self.store.conn, &self.key, self.store_id(), "id = ?1", &id)?
                    .map(|r| r.0),
            )
        })
    }

    /// Find a token by exact id, by name (the active one, else the newest),
    /// or by a unique id prefix of at least 6 characters. A whole id wins
    /// over a name; an argument that is both a name and the start of
    /// another token's id is ambiguous (exit 5), so a token named like
    /// another's short id cannot take its place.
    pub fn resolve_token(&self, target: &str) -> Result<TokenRecord> {
        self.reading(|| {
            let hex_digits = target.bytes().all(|b| b.is_ascii_hexdigit());
            if target.len() == 32 && hex_digits {
                if let Some(rec) = self.token_by_id(&target.to_ascii_lowercase())? {
                    return Ok(rec);
                }
            }
            let conn = &self.store.conn;
            let by_name = query_all(
                conn,
                &self.key,
                self.store_id(),
                &format!("{SELECT} WHERE name = ?1 ORDER BY created_at DESC, rowid DESC"),
                &[&target],
            )?;
            let now = chrono::Utc::now();
            let named = by_name
                .iter()
                .find(|(r, _)| r.status_at(now) == crate::token::Status::Active)
                .or(by_name.first())
                .map(|(r, _)| r.clone());
            let by_prefix = if (6..32).contains(&target.len()) && hex_digits {
                // Ids are lower-case hex, so every id starting with `p` lies in [p, p + "g").
                let low = target.to_ascii_lowercase();
                let high = format!("{low}g");
                let mut matches = query_all(
                    conn,
                    &self.key,
                    self.store_id(),
                    &format!("{SELECT} WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 2"),
                    &[&low, &high],
                )?;
                if matches.len() > 1 {
                    return Err(StoreError::AmbiguousPrefix(target.to_string()));
                }
                matches.pop().map(|(r, _)| r)
            } else {
                None
            };
            match (named, by_prefix) {
                (Some(n), Some(p)) if n.id != p.id => Err(StoreError::AmbiguousTarget {
                    target: target.to_string(),
                    named: n.id,
                    other: p.id,
                    other_name: p.name,
                }),
                (Some(rec), _) | (None, Some(rec)) => Ok(rec),
                (None, None) => Err(StoreError::NoSuchToken(target.to_string())),
            }
        })
    }

    /// The token records `keep` accepts, newest first. Every row is
    /// authenticated, a chunk at a time on every core, so memory holds the
    /// kept records and one chunk of rows.
    pub fn list_tokens_where(
        &self,
        keep: impl Fn(&TokenRecord) -> bool + Sync,
    ) -> Result<Vec<TokenRecord>> {
        let mut out = Vec::new();
        self.rows_newest_first(keep, |kept| {
            out.extend(kept);
            Ok::<(), StoreError>(())
        })?;
        // A stable sort by creation time: SQLite never sorts the sealed blobs.
        out.sort_by(|a, b| b.created_at.cmp(&a.created_at));
        Ok(out)
    }

    /// The token records `keep` accepts, newest first, as
    /// [`Unlocked::list_tokens_where`] orders them, handed to `sink` a chunk
    /// at a time: memory holds one chunk of rows, not the listing. Both
    /// passes read one snapshot of the store.
    ///
    /// Rows are read newest rowid first. That is creation order unless a
    /// clock went back, so a first pass over the `created_at` column (which
    /// every row's sealed record must match, or it does not open) checks it;
    /// if it does not hold, the records are sorted in memory as before.
    pub fn each_token_where<E: From<StoreError>>(
        &self,
        keep: impl Fn(&TokenRecord) -> bool + Sync,
        mut sink: impl FnMut(Vec<TokenRecord>) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let snapshot = self
            .store
            .conn
            .unchecked_transaction()
            .map_err(StoreError::from)?;
        if self.reading(|| self.created_in_rowid_order())? {
            self.rows_newest_first(keep, sink)?;
        } else {
            sink(self.list_tokens_where(keep)?)?;
        }
        snapshot.finish().map_err(StoreError::from)?;
        Ok(())
    }

    /// Read every row newest rowid first, authenticate a chunk at a time
    /// on every core, and hand what `keep` accepts of each chunk to `sink`.
    fn rows_newest_first<E: From<StoreError>>(
        &self,
        keep: impl Fn(&TokenRecord) -> bool + Sync,
        mut sink: impl FnMut(Vec<TokenRecord>) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let (key, store_id) = (&self.key, self.store_id());
        let fail = |e: StoreError| E::from(self.explain(e));
        let mut stmt = self
            .store
            .conn
            .prepare(&format!("{SELECT} ORDER BY rowid DESC"))
            .map_err(|e| fail(e.into()))?;
        let mut rows = stmt.query_map([], map_row).map_err(|e| fail(e.into()))?;
        loop {
            let chunk = rows
                .by_ref()
                .take(LIST_CHUNK)
                .collect::<rusqlite::Result<Vec<Row>>>()
                .map_err(|e| fail(e.into()))?;
            if chunk.is_empty() {
                return Ok(());
            }
            let opened = crate::par::map(chunk, |r| {
                r.open(key, store_id).map(|rec| keep(&rec).then_some(rec))
            });
            let mut kept = Vec::with_capacity(opened.len());
            for rec in opened {
                kept.extend(rec.map_err(fail)?);
            }
            if !kept.is_empty() {
                sink(kept)?;
            }
        }
    }

    /// Whether `created_at` never increases from one row to the next in
    /// descending rowid order (ties allowed: they keep rowid order).
    fn created_in_rowid_order(&self) -> Result<bool> {
        let mut stmt = self
            .store
            .conn
            .prepare("SELECT created_at FROM tokens ORDER BY rowid DESC")?;
        let mut rows = stmt.query([])?;
        let mut newer: Option<String> = None;
        while let Some(row) = rows.next()? {
            let at: String = row.get(0)?;
            if newer.as_ref().is_some_and(|n| at > *n) {
                return Ok(false);
            }
            newer = Some(at);
        }
        Ok(true)
    }

    /// Every token id, from the index column (no decryption).
    pub fn token_ids(&self) -> Result<Vec<String>> {
        let mut stmt = self.store.conn.prepare("SELECT id FROM tokens")?;
        let ids = stmt.query_map([], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    /// Opens found rows; shareable across threads.
    pub fn opener(&self) -> Opener<'_> {
        Opener {
            key: &self.key,
            store_id: self.store.header.store_id,
        }
    }

    /// Active, unexpired tokens per signing key id (authenticated).
    pub fn active_tokens_by_secret(&self) -> Result<HashMap<String, usize>> {
        self.reading(|| active_by_secret(&self.store.conn, &self.key, self.store_id()))
    }
}

/// Whether any token signed with `kid` is active now: the rows whose key
/// id column names it (an index lookup), each authenticated, the first
/// active one ending the search. This is how a JWKS decides to keep an
/// older key, on every request to `serve`, so it does not read every row
/// as `active_by_secret` does; an edited key id column can only drop a key
/// from the JWKS early, which fails closed.
pub(super) fn any_active_with_kid(
    conn: &Connection,
    key: &Key,
    store_id: &[u8],
    kid: &str,
) -> Result<bool> {
    let now = chrono::Utc::now();
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE secret_kid = ?1"))?;
    for row in stmt.query_map([kid], map_row)? {
        let rec = row?.open(key, store_id)?;
        if rec.status_at(now) == crate::token::Status::Active
            && rec.secret_kid.as_deref() == Some(kid)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Active, unexpired tokens per signing key id. Every row is read and
/// authenticated, and the count is taken from the sealed records: filtering
/// on the plain status or key id columns first would let an edited column
/// hide a token from the count instead of being reported.
pub(super) fn active_by_secret(
    conn: &Connection,
    key: &Key,
    store_id: &[u8],
) -> Result<HashMap<String, usize>> {
    let now = chrono::Utc::now();
    let mut counts = HashMap::new();
    for (rec, _) in query_all(conn, key, store_id, SELECT, &[])? {
        if rec.status_at(now) != crate::token::Status::Active {
            continue;
        }
        if let Some(kid) = rec.secret_kid {
            *counts.entry(kid).or_insert(0) += 1;
        }
    }
    Ok(counts)
}

/// Revoke every active token signed by `kid` inside `tx`, for `reason`.
pub(super) fn revoke_by_secret(
    tx: &Transaction<'_>,
    key: &Key,
    store_id: &[u8],
    kid: &str,
    by: &str,
    reason: &str,
) -> Result<usize> {
    let now = super::now_rfc3339();
    let rows: Vec<_> = query_all(
        tx,
        key,
        store_id,
        &format!("{SELECT} WHERE secret_kid = ?1"),
        &[&kid],
    )?
    .into_iter()
    .filter(|(r, _)| r.status == StoredStatus::Active)
    .collect();
    let n = rows.len();
    for (rec, version) in rows {
        let how = Revocation {
            by,
            reason: Some(reason),
            at: &now,
        };
        revoke_in(tx, key, store_id, (rec, version), &how)?;
    }
    Ok(n)
}

/// Re-seal every token record under `new` inside `tx`, a chunk at a time,
/// calling `progress` with the number done in each chunk.
pub(super) fn reseal_all(
    tx: &Transaction<'_>,
    old: &Key,
    new: &Key,
    store_id: &[u8],
    progress: &mut dyn FnMut(u64),
) -> Result<()> {
    let mut after = String::new();
    loop {
        let rows: Vec<Row> = tx
            .prepare_cached(&format!("{SELECT} WHERE id > ?1 ORDER BY id LIMIT 1024"))?
            .query_map([&after], map_row)?
            .collect::<rusqlite::Result<_>>()?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.id.clone();
        for row in &rows {
            let rec = row.open(old, store_id)?;
            let sealed = seal_json(new, store_id, TABLE, &row.id, row.version, &rec)?;
            let n = tx
                .prepare_cached("UPDATE tokens SET sealed = ?1 WHERE id = ?2 AND version = ?3")?
                .execute(params![sealed, row.id, row.version])?;
            if n != 1 {
                return Err(StoreError::tampered(format!(
                    "token row {} is missing",
                    row.id
                )));
            }
        }
        progress(rows.len() as u64);
    }
}

/// Authenticate every token row; one line per problem.
pub(super) fn check_all(u: &Unlocked) -> Result<Vec<String>> {
    let mut stmt = u.store.conn.prepare(SELECT)?;
    let rows = stmt.query_map([], map_row)?;
    let mut problems = Vec::new();
    for row in rows {
        if let Err(e) = row?.open(&u.key, u.store_id()) {
            problems.push(e.to_string());
        }
    }
    Ok(problems)
}

/// A token row found by hash for `verify`, not yet authenticated: opening
/// it (decrypting and checking its columns) is left to whoever needs it.
pub struct FoundToken(Row);

impl FoundToken {
    /// The signing key id from the index column (authenticated on open).
    pub fn secret_kid(&self) -> Option<&str> {
        self.0.secret_kid.as_deref()
    }
}

/// Strings as one JSON array, for `json_each`: a whole list in one query.
fn json_array(items: impl Iterator<Item = String>) -> String {
    let list: Vec<Value> = items.map(Value::String).collect();
    Value::Array(list).to_string()
}

impl Unlocked {
    /// Split for a batch: a [`Sealer`] any thread may use, and the
    /// [`BatchWriter`] that records what it seals.
    pub fn batch_parts(&mut self) -> (Sealer<'_>, BatchWriter<'_>) {
        let store_id = self.store.header.store_id;
        (
            Sealer {
                key: &self.key,
                store_id,
            },
            BatchWriter {
                conn: &mut self.store.conn,
                key: &self.key,
                header: &self.store.header,
                store_id,
            },
        )
    }

    /// Mark freshly inserted tokens undelivered, in one transaction (their
    /// delivery failed or was declined). Each record is read back and
    /// authenticated; tokens changed since are left alone. If the data key
    /// was replaced meanwhile (`store rekey`), the records cannot be
    /// re-sealed with this process's key: they are withdrawn instead, and a
    /// token without a record never verifies.
    pub fn mark_undelivered(&mut self, ids: &[String]) -> Result<Undelivered> {
        let store_id = self.store.header.store_id;
        let tx = self
            .store
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if super::ensure_current_key(&tx, &self.key, &self.store.header).is_err() {
            let list = json_array(ids.iter().cloned());
            let n = tx.execute(
                "DELETE FROM tokens WHERE id IN (SELECT value FROM json_each(?1))
                 AND version = 1 AND status = 'active'",
                [list],
            )?;
            tx.commit()?;
            return Ok(Undelivered::Withdrawn(n));
        }
        for id in ids {
            let Some((mut rec, version)) = query_one(&tx, &self.key, &store_id, "id = ?1", id)?
            else {
                continue;
            };
            if version != 1 || rec.status != StoredStatus::Active {
                continue;
            }
            rec.status = StoredStatus::Undelivered;
            let sealed = seal_json(&self.key, &store_id, TABLE, &rec.id, 2, &rec)?;
            tx.prepare_cached(
                "UPDATE tokens SET status = 'undelivered', version = 2, sealed = ?1
                 WHERE id = ?2 AND version = 1 AND status = 'active'",
            )?
            .execute(params![sealed, rec.id])?;
        }
        tx.commit()?;
        Ok(Undelivered::Marked)
    }

    /// The rows whose token hash is one of `hashes`, in one query, keyed by hash.
    pub fn find_by_hashes(&self, hashes: &[Vec<u8>]) -> Result<HashMap<Vec<u8>, FoundToken>> {
        let mut out = HashMap::with_capacity(hashes.len());
        if hashes.is_empty() {
            return Ok(out);
        }
        // One token (a single verify, an introspection): a plain index
        // lookup; many: one query over them all.
        let mut stmt;
        let rows = if let [one] = hashes {
            stmt = self
                .store
                .conn
                .prepare_cached(&format!("{SELECT} WHERE token_hash = ?1"))?;
            stmt.query_map([one], map_row)?
        } else {
            let list = json_array(hashes.iter().map(hex::encode));
            stmt = self.store.conn.prepare_cached(&format!(
                "{SELECT} WHERE token_hash IN (SELECT unhex(value) FROM json_each(?1))"
            ))?;
            stmt.query_map([list], map_row)?
        };
        for row in rows {
            let row = row?;
            out.insert(row.token_hash.clone(), FoundToken(row));
        }
        // A miss is not re-checked against the table (see `find_one`).
        Ok(out)
    }

    /// The token hash of each of `ids` that is a token id in this store
    /// (plain index columns, one query).
    pub fn hashes_by_id(&self, ids: &[&str]) -> Result<HashMap<String, Vec<u8>>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let list = json_array(ids.iter().map(|s| s.to_string()));
        let mut stmt = self.store.conn.prepare(
            "SELECT id, token_hash FROM tokens WHERE id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([list], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Seals new token records; shared by the threads of a batch.
pub struct Sealer<'a> {
    key: &'a Key,
    store_id: [u8; 16],
}

impl Sealer<'_> {
    /// Seal a new record (version 1).
    pub fn seal_new(&self, rec: &TokenRecord) -> Result<SealedToken> {
        seal_row(self.key, &self.store_id, rec, 1)
    }
}

/// Records a batch of new tokens in one transaction.
pub struct BatchWriter<'a> {
    conn: &'a mut Connection,
    key: &'a Key,
    header: &'a super::Header,
    store_id: [u8; 16],
}

impl BatchWriter<'_> {
    /// Record exactly `expected` rows from `rows`, in one transaction; fewer
    /// means the producer failed and nothing is written. `names` and `kids`
    /// are the batch's names and signing key ids, checked first: a name held
    /// by an active, unexpired token is [`StoreError::NameTaken`] and nothing
    /// is written, unless `replace`, which revokes the holders in the same
    /// transaction. Returns the replaced tokens.
    pub fn insert(
        self,
        names: &[&str],
        kids: &HashSet<&str>,
        replace: bool,
        actor: &str,
        expected: usize,
        rows: impl Iterator<Item = SealedToken>,
    ) -> Result<Vec<TokenRecord>> {
        let (key, store_id) = (self.key, self.store_id);
        let now = super::now_rfc3339();
        // 16 MiB of page cache for a large batch: enough to keep the three
        // indexes of 100,000 tokens, whose inserts land at random pages, in
        // memory; appended table pages spill to the WAL instead of staying
        // (64 MiB held them all: 50 MiB more memory, no faster).
        if expected > 1000 {
            self.conn.pragma_update(None, "cache_size", -16384)?;
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        super::ensure_current_key(&tx, key, self.header)?;
        secrets_still_exist(&tx, kids.iter().copied())?;
        let list = json_array(names.iter().map(|n| n.to_string()));
        // Every row of those names is authenticated; whether it is active is
        // read from the sealed record, not from the plain columns.
        let at = chrono::Utc::now();
        let holders: Vec<(TokenRecord, i64)> = query_all(
            &tx,
            key,
            &store_id,
            &format!("{SELECT} WHERE name IN (SELECT value FROM json_each(?1))"),
            &[&list],
        )?
        .into_iter()
        .filter(|(r, _)| r.status_at(at) == crate::token::Status::Active)
        .collect();
        let mut replaced = Vec::new();
        if !holders.is_empty() {
            let index: HashMap<&str, usize> =
                names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
            for (old, version) in holders {
                if !replace {
                    return Err(StoreError::NameTaken {
                        index: index.get(old.name.as_str()).copied().unwrap_or(0),
                        name: old.name,
                        holder: old.id,
                    });
                }
                let how = Revocation {
                    by: actor,
                    reason: Some("replaced"),
                    at: &now,
                };
                replaced.push(revoke_in(&tx, key, &store_id, (old, version), &how)?);
            }
        }
        let mut written = 0;
        for row in rows {
            insert_row(&tx, &row)?;
            written += 1;
        }
        if written != expected {
            return Err(StoreError::Incomplete { written, expected });
        }
        tx.commit()?;
        Ok(replaced)
    }
}

/// Authenticates found token rows; shared by the threads of a batch.
pub struct Opener<'a> {
    key: &'a Key,
    store_id: [u8; 16],
}

impl Opener<'_> {
    /// Authenticate a found row and return its record.
    pub fn open(&self, found: &FoundToken) -> Result<TokenRecord> {
        found.0.open(self.key, &self.store_id)
    }
}
