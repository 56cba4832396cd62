//! Token records: sealed rows in `tokens`, keyed by token id.
//!
//! The plain columns (name, status, secret key id, token hash, times) are
//! indexes; every read authenticates the sealed record and checks that they
//! agree with it, so editing a column (say, un-revoking) is tampering.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::{open_json, seal_json, Unlocked};
use crate::crypto::{hex, Key};
use crate::error::{Error, Result};
use crate::token::{StoredStatus, TokenRecord};

const TABLE: &str = "tokens";
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

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

impl Row {
    fn open(&self, key: &Key, store_id: &[u8]) -> Result<TokenRecord> {
        let rec: TokenRecord =
            open_json(key, store_id, TABLE, &self.id, self.version, &self.sealed)?;
        let agrees = rec.id == self.id
            && rec.name == self.name
            && rec.status.as_str() == self.status
            && rec.secret_kid == self.secret_kid
            && rec.token_hash == hex(&self.token_hash)
            && rec.created_at == self.created_at
            && rec.expires_at == self.expires_at;
        if !agrees {
            return Err(Error::tampered(format!(
                "token row {} does not match its sealed record",
                self.id
            )));
        }
        Ok(rec)
    }
}

fn write(
    conn: &Connection,
    key: &Key,
    store_id: &[u8],
    rec: &TokenRecord,
    version: i64,
) -> Result<()> {
    let sealed = seal_json(key, store_id, TABLE, &rec.id, version, rec)?;
    let hash = unhex(&rec.token_hash).ok_or_else(|| Error::store("bad token hash"))?;
    conn.execute(
        "INSERT INTO tokens (id, name, status, secret_kid, token_hash, created_at, expires_at, version, sealed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (id) DO UPDATE SET name = ?2, status = ?3, secret_kid = ?4, token_hash = ?5,
             created_at = ?6, expires_at = ?7, version = ?8, sealed = ?9",
        params![
            rec.id,
            rec.name,
            rec.status.as_str(),
            rec.secret_kid,
            hash,
            rec.created_at,
            rec.expires_at,
            version,
            sealed
        ],
    )?;
    Ok(())
}

fn query_one(
    conn: &Connection,
    key: &Key,
    store_id: &[u8],
    clause: &str,
    arg: &dyn rusqlite::ToSql,
) -> Result<Option<(TokenRecord, i64)>> {
    let row = conn
        .query_row(&format!("{SELECT} WHERE {clause}"), [arg], map_row)
        .optional()?;
    match row {
        Some(r) => Ok(Some((r.open(key, store_id)?, r.version))),
        None => {
            // The lookup went through an index. A row that the table holds
            // but its index cannot find is corruption, not an unknown token
            // (which `verify` would report as "unknown" or "bad_signature").
            let in_table: bool = conn.query_row(
                &format!("SELECT EXISTS (SELECT 1 FROM {TABLE} NOT INDEXED WHERE {clause})"),
                [arg],
                |r| r.get(0),
            )?;
            if in_table {
                return Err(Error::tampered(format!(
                    "an index of the {TABLE} table does not match its rows"
                )));
            }
            Ok(None)
        }
    }
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

/// A token's "undelivered" record, sealed in advance so that a signal
/// handler can write it without the data key.
pub struct PendingUndelivered {
    path: std::path::PathBuf,
    id: String,
    version: i64,
    sealed: Vec<u8>,
}

impl PendingUndelivered {
    /// Write the undelivered record over the active one, if nothing changed it since.
    pub fn apply(&self) -> Result<()> {
        let mut conn = super::open_connection(&self.path)?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE tokens SET status = 'undelivered', version = ?1, sealed = ?2
             WHERE id = ?3 AND version = ?4 AND status = 'active'",
            params![self.version + 1, self.sealed, self.id, self.version],
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// The outcome of `revoke_token`.
pub enum Revoked {
    /// Revoked now.
    Now(TokenRecord),
    /// It had been revoked before.
    Already(TokenRecord),
}

impl Unlocked {
    /// Record a new token. A name held by an active, unexpired token is exit 5,
    /// unless `replace`, which revokes that token in the same transaction.
    pub fn insert_token(
        &mut self,
        rec: &TokenRecord,
        replace: bool,
        actor: &str,
    ) -> Result<Option<TokenRecord>> {
        let store_id = self.store.header.store_id;
        let now = super::now_rfc3339();
        let tx = self
            .store
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(kid) = &rec.secret_kid {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM secrets WHERE kid = ?1)",
                [kid],
                |r| r.get(0),
            )?;
            if !exists {
                return Err(Error::name(
                    "the signing secret was removed while this command ran",
                ));
            }
        }
        // Every row of that name is authenticated; whether it is active is
        // read from the sealed record, not from the plain columns.
        let at = chrono::Utc::now();
        let holders = query_all(
            &tx,
            &self.key,
            &store_id,
            &format!("{SELECT} WHERE name = ?1"),
            &[&rec.name],
        )?
        .into_iter()
        .filter(|(r, _)| r.status_at(at) == crate::token::Status::Active);
        let mut replaced = None;
        for (old, version) in holders {
            if !replace {
                return Err(Error::name(format!(
                    "an active token named '{}' already exists (id {})",
                    rec.name, old.id
                ))
                .with_hint("pass --replace to revoke it and mint a new one in one step, or choose another name"));
            }
            let how = Revocation {
                by: actor,
                reason: Some("replaced"),
                at: &now,
            };
            replaced = Some(revoke_in(&tx, &self.key, &store_id, (old, version), &how)?);
        }
        write(&tx, &self.key, &store_id, rec, 1)?;
        tx.commit()?;
        Ok(replaced)
    }

    /// Seal the undelivered form of an active token now, to write later.
    pub fn prepare_undelivered(&self, id: &str) -> Result<PendingUndelivered> {
        let (mut rec, version) =
            query_one(&self.store.conn, &self.key, self.store_id(), "id = ?1", &id)?
                .ok_or_else(|| Error::name(format!("no token with id {id}")))?;
        rec.status = StoredStatus::Undelivered;
        Ok(PendingUndelivered {
            path: self.store.path.clone(),
            id: id.to_string(),
            version,
            sealed: seal_json(&self.key, self.store_id(), TABLE, id, version + 1, &rec)?,
        })
    }

    /// Revoke a token by id; revoking a revoked token reports when it was.
    pub fn revoke_token(&mut self, id: &str, by: &str, reason: Option<&str>) -> Result<Revoked> {
        let store_id = self.store.header.store_id;
        let now = super::now_rfc3339();
        let tx = self
            .store
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (rec, version) = query_one(&tx, &self.key, &store_id, "id = ?1", &id)?
            .ok_or_else(|| Error::name(format!("no token with id {id}")))?;
        if rec.status == StoredStatus::Revoked {
            return Ok(Revoked::Already(rec));
        }
        let how = Revocation {
            by,
            reason,
            at: &now,
        };
        let rec = revoke_in(&tx, &self.key, &store_id, (rec, version), &how)?;
        tx.commit()?;
        Ok(Revoked::Now(rec))
    }

    /// The record of the token whose SHA-256 is `hash_hex`.
    pub fn token_by_hash(&self, hash_hex: &str) -> Result<Option<TokenRecord>> {
        let Some(hash) = unhex(hash_hex) else {
            return Ok(None);
        };
        Ok(query_one(
            &self.store.conn,
            &self.key,
            self.store_id(),
            "token_hash = ?1",
            &hash,
        )?
        .map(|r| r.0))
    }

    /// The record with token id `id`.
    pub fn token_by_id(&self, id: &str) -> Result<Option<TokenRecord>> {
        Ok(query_one(&self.store.conn, &self.key, self.store_id(), "id = ?1", &id)?.map(|r| r.0))
    }

    /// Find a token by exact id, by name (the active one, else the newest),
    /// or by a unique id prefix of at least 6 characters.
    pub fn resolve_token(&self, target: &str) -> Result<TokenRecord> {
        if let Some(rec) = self.token_by_id(target)? {
            return Ok(rec);
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
        if let Some((rec, _)) = by_name
            .iter()
            .find(|(r, _)| r.status_at(now) == crate::token::Status::Active)
            .or(by_name.first())
        {
            return Ok(rec.clone());
        }
        if target.len() >= 6 && target.bytes().all(|b| b.is_ascii_hexdigit()) {
            let pattern = format!("{}%", target.to_ascii_lowercase());
            let mut matches = query_all(
                conn,
                &self.key,
                self.store_id(),
                &format!("{SELECT} WHERE id LIKE ?1 LIMIT 2"),
                &[&pattern],
            )?;
            if matches.len() > 1 {
                return Err(
                    Error::name(format!("token id prefix '{target}' is ambiguous"))
                        .with_hint("give more characters of the id, or the token's name"),
                );
            }
            if let Some((rec, _)) = matches.pop() {
                return Ok(rec);
            }
        }
        Err(Error::name(format!(
            "no token named or with id '{}'",
            target.escape_debug()
        ))
        .with_hint("`tokenctl token list --status all` shows every token"))
    }

    /// Every token record, newest first.
    pub fn list_tokens(&self) -> Result<Vec<TokenRecord>> {
        Ok(query_all(
            &self.store.conn,
            &self.key,
            self.store_id(),
            &format!("{SELECT} ORDER BY created_at DESC, rowid DESC"),
            &[],
        )?
        .into_iter()
        .map(|r| r.0)
        .collect())
    }

    /// Active, unexpired tokens per signing key id (authenticated).
    pub fn active_tokens_by_secret(&self) -> Result<HashMap<String, usize>> {
        active_by_secret(&self.store.conn, &self.key, self.store_id())
    }
}

/// Active, unexpired tokens per signing key id. Every row is read and
/// authenticated, and the count is taken from the sealed records: filtering
/// on the plain status or key id columns first would let an edited column
/// hide a token from the count instead of being reported.
fn active_by_secret(
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

/// Revoke every active token signed by `kid` inside `tx` (reason "secret removed").
pub(super) fn revoke_by_secret(
    tx: &Transaction<'_>,
    key: &Key,
    store_id: &[u8],
    kid: &str,
    by: &str,
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
            reason: Some("secret removed"),
            at: &now,
        };
        revoke_in(tx, key, store_id, (rec, version), &how)?;
    }
    Ok(n)
}

/// Active, unexpired tokens signed by `kid` inside `tx`.
pub(super) fn active_for_secret(
    tx: &Transaction<'_>,
    key: &Key,
    store_id: &[u8],
    kid: &str,
) -> Result<usize> {
    Ok(active_by_secret(tx, key, store_id)?
        .get(kid)
        .copied()
        .unwrap_or(0))
}

/// Authenticate every token row; one line per problem.
pub(super) fn check_all(u: &Unlocked) -> Result<Vec<String>> {
    let mut stmt = u.store.conn.prepare(SELECT)?;
    let rows = stmt.query_map([], map_row)?;
    let mut problems = Vec::new();
    for row in rows {
        if let Err(e) = row?.open(&u.key, u.store_id()) {
            problems.push(e.message().to_string());
        }
    }
    Ok(problems)
}
