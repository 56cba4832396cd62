//! Token records: sealed rows in `tokens`, keyed by token id.
//!
//! The plain columns (name, status, secret key id, token hash, times) are
//! indexes; every read authenticates the sealed record and checks that they
//! agree with it, so editing a column (say, un-revoking) is tampering.

use std::collections::{HashMap, HashSet};

use super::db::{args, Arg, ColumnType, Db, DbRow, ListOf, ToArg};
use super::error::{Result, StoreError};
use super::{record, Unlocked};
use crate::crypto::{self, Key};
use crate::token::{StoredStatus, TokenRecord};

const TABLE: &str = "tokens";
/// Rows read and authenticated together when listing, on every core.
const LIST_CHUNK: usize = 2048;

const SELECT: &str = "SELECT seq, id, id_key, name, status, secret_kid, token_hash, hash_key, \
     created_at, expires_at, version, sealed FROM tokens";

/// The integer index key of a random value: its first 8 bytes, in the
/// same order as the bytes. Token ids and token hashes are found through
/// these (an 8-byte integer is cheaper to keep in a B-tree than 32 bytes
/// of text or blob); the whole value is compared once the row is found.
fn index_key(bytes: &[u8]) -> Option<i64> {
    let head: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
    Some((u64::from_be_bytes(head) ^ (1 << 63)) as i64)
}

/// The index key of a token id (32 lower-case hex digits): its first 16
/// digits. `None` for what cannot be a token id.
pub(super) fn id_key(id: &str) -> Option<i64> {
    // By hand: `hex::decode_to_slice` showed in listings, where every row's
    // key is checked against its id.
    fn nibble(b: u8) -> Option<u64> {
        match b {
            b'0'..=b'9' => Some(u64::from(b - b'0')),
            b'a'..=b'f' => Some(u64::from(b - b'a' + 10)),
            b'A'..=b'F' => Some(u64::from(b - b'A' + 10)),
            _ => None,
        }
    }
    let head = id.as_bytes().get(..16)?;
    let mut n = 0u64;
    for &b in head {
        n = n << 4 | nibble(b)?;
    }
    Some((n ^ (1 << 63)) as i64)
}

/// The index keys of every id that starts with the hex digits `prefix`
/// (at most 16 of them): an inclusive range.
fn id_key_range(prefix: &str) -> Option<(i64, i64)> {
    let pad = |digit: char| {
        let mut s = prefix.to_ascii_lowercase();
        while s.len() < 16 {
            s.push(digit);
        }
        id_key(&s)
    };
    Some((pad('0')?, pad('f')?))
}

struct Row {
    seq: i64,
    id_key: i64,
    hash_key: i64,
    version: i64,
    /// The text and blob columns, end to end, in [`Field`] order: one
    /// allocation a row, not one a column (a listing reads 100,000s).
    bytes: Vec<u8>,
    /// Where each field ends in `bytes`; `None` for a NULL column.
    ends: [Option<u32>; FIELDS],
}

/// The text and blob columns of a token row, in `SELECT` order.
#[derive(Clone, Copy)]
enum Field {
    Id,
    Name,
    Status,
    SecretKid,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    Sealed,
}

const FIELDS: usize = 8;

/// The `SELECT` column of each [`Field`].
const FIELD_COLUMNS: [usize; FIELDS] = [1, 3, 4, 5, 6, 8, 9, 11];

fn map_row(r: &DbRow<'_>) -> Result<Row> {
    let mut raw: [Option<&[u8]>; FIELDS] = [None; FIELDS];
    for (slot, &column) in raw.iter_mut().zip(&FIELD_COLUMNS) {
        *slot = r.raw(column)?;
    }
    let mut bytes = Vec::with_capacity(raw.iter().flatten().map(|b| b.len()).sum());
    let mut ends = [None; FIELDS];
    for (end, b) in ends.iter_mut().zip(raw) {
        if let Some(b) = b {
            bytes.extend_from_slice(b);
            *end = Some(
                u32::try_from(bytes.len())
                    .map_err(|_| StoreError::tampered("a token row is too large"))?,
            );
        }
    }
    Ok(Row {
        seq: r.get(0)?,
        id_key: r.get(2)?,
        hash_key: r.get(7)?,
        version: r.get(10)?,
        bytes,
        ends,
    })
}

impl Row {
    /// A field's bytes; `None` if it is NULL. Text columns are compared
    /// with the sealed record's strings as bytes: a column that is not
    /// UTF-8 cannot equal one.
    fn field(&self, f: Field) -> Option<&[u8]> {
        let i = f as usize;
        let end = self.ends[i]? as usize;
        let start = self.ends[..i]
            .iter()
            .rev()
            .flatten()
            .next()
            .map_or(0, |&e| e as usize);
        self.bytes.get(start..end)
    }

    fn bytes_of(&self, f: Field) -> &[u8] {
        self.field(f).unwrap_or_default()
    }

    /// The id column, for messages and the associated data (an id that is
    /// not UTF-8 shows replacement characters; it cannot authenticate).
    fn id(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(self.bytes_of(Field::Id))
    }

    fn token_hash(&self) -> &[u8] {
        self.bytes_of(Field::TokenHash)
    }

    fn open(&self, key: &Key, store_id: &[u8]) -> Result<TokenRecord> {
        let id = self.id();
        let rec = open_record(
            key,
            store_id,
            &id,
            self.version,
            self.bytes_of(Field::Sealed),
        )?;
        let text = |f: Field, value: Option<&str>| self.field(f) == value.map(str::as_bytes);
        let agrees = rec.id.as_bytes() == self.bytes_of(Field::Id)
            && text(Field::Name, Some(&rec.name))
            && text(Field::Status, Some(rec.status.as_str()))
            && text(Field::SecretKid, rec.secret_kid.as_deref())
            && hash_matches(&rec.token_hash, self.token_hash())
            && text(Field::CreatedAt, Some(&rec.created_at))
            && text(Field::ExpiresAt, rec.expires_at.as_deref())
            && id_key(&rec.id) == Some(self.id_key)
            && index_key(self.token_hash()) == Some(self.hash_key);
        if !agrees {
            return Err(StoreError::tampered(format!(
                "token row {id} does not match its sealed record"
            )));
        }
        Ok(rec)
    }
}

/// Whether the hex `hash` of a record is the `column`'s bytes (as the
/// store writes hex: lower case).
fn hash_matches(hash: &str, column: &[u8]) -> bool {
    let mut hex = [0u8; 64];
    column.len() == 32 && hex::encode_to_slice(column, &mut hex).is_ok() && hash.as_bytes() == hex
}

/// Seal a token record for the row of token `rec.id` at `version`.
fn seal_record(key: &Key, store_id: &[u8], rec: &TokenRecord, version: i64) -> Result<Vec<u8>> {
    let plain = record::encode(rec).ok_or(StoreError::Unencodable(TABLE))?;
    Ok(crypto::seal(
        key,
        &plain,
        &crypto::row_aad(store_id, TABLE, &rec.id, version),
    ))
}

/// Open the sealed record of token `id` at `version`: one that does not
/// authenticate is tampering; one that does but does not decode was
/// written by tokenctl and is reported as unreadable.
fn open_record(
    key: &Key,
    store_id: &[u8],
    id: &str,
    version: i64,
    sealed: &[u8],
) -> Result<TokenRecord> {
    let plain = crypto::open(key, sealed, &crypto::row_aad(store_id, TABLE, id, version))
        .ok_or_else(|| StoreError::tampered(format!("{TABLE} row {id} failed authentication")))?;
    record::decode(id, &plain).map_err(|_| StoreError::Undecodable {
        table: TABLE,
        row: id.to_string(),
    })
}

/// A token row sealed and ready to write.
pub struct SealedToken {
    id: String,
    id_key: i64,
    name: String,
    status: &'static str,
    secret_kid: Option<String>,
    hash: Vec<u8>,
    hash_key: i64,
    created_at: String,
    expires_at: Option<String>,
    version: i64,
    sealed: Vec<u8>,
}

fn seal_row(key: &Key, store_id: &[u8], rec: &TokenRecord, version: i64) -> Result<SealedToken> {
    let unencodable = || StoreError::Unencodable(TABLE);
    let hash = hex::decode(&rec.token_hash).map_err(|_| unencodable())?;
    Ok(SealedToken {
        sealed: seal_record(key, store_id, rec, version)?,
        id_key: id_key(&rec.id).ok_or_else(unencodable)?,
        hash_key: index_key(&hash).ok_or_else(unencodable)?,
        hash,
        id: rec.id.clone(),
        name: rec.name.clone(),
        status: rec.status.as_str(),
        secret_kid: rec.secret_kid.clone(),
        created_at: rec.created_at.clone(),
        expires_at: rec.expires_at.clone(),
        version,
    })
}

/// The columns a token row is written with, in the order of
/// [`SealedToken::args`] (and of `insert_row`'s `?1`..`?11`).
const WRITTEN: [(&str, ColumnType); 11] = [
    ("id", ColumnType::Text),
    ("id_key", ColumnType::Int),
    ("name", ColumnType::Text),
    ("status", ColumnType::Text),
    ("secret_kid", ColumnType::Text),
    ("token_hash", ColumnType::Blob),
    ("hash_key", ColumnType::Int),
    ("created_at", ColumnType::Text),
    ("expires_at", ColumnType::Text),
    ("version", ColumnType::Int),
    ("sealed", ColumnType::Blob),
];

impl SealedToken {
    /// The row's values, in [`WRITTEN`] order.
    fn args(&self) -> [Arg<'_>; 11] {
        [
            self.id.arg(),
            self.id_key.arg(),
            self.name.arg(),
            self.status.arg(),
            self.secret_kid.arg(),
            self.hash.arg(),
            self.hash_key.arg(),
            self.created_at.arg(),
            self.expires_at.arg(),
            self.version.arg(),
            self.sealed.arg(),
        ]
    }
}

/// Write a sealed row: a new token (`version` 1) is inserted, and a new id
/// or hash whose key somehow exists is an error, never an overwrite; a
/// later version replaces the row.
fn insert_row(db: &Db, row: &SealedToken) -> Result<()> {
    let sql = if row.version == 1 {
        "INSERT INTO tokens (id, id_key, name, status, secret_kid, token_hash, hash_key,
             created_at, expires_at, version, sealed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    } else {
        "UPDATE tokens SET name = ?3, status = ?4, secret_kid = ?5, token_hash = ?6,
             hash_key = ?7, created_at = ?8, expires_at = ?9, version = ?10, sealed = ?11
         WHERE id_key = ?2 AND id = ?1"
    };
    let changed = db.execute(sql, &row.args())?;
    if changed != 1 {
        return Err(StoreError::tampered(format!(
            "token row {} is missing",
            row.id
        )));
    }
    Ok(())
}

fn write(conn: &Db, key: &Key, store_id: &[u8], rec: &TokenRecord, version: i64) -> Result<()> {
    insert_row(conn, &seal_row(key, store_id, rec, version)?)
}

/// The record of token `id`, for a command that changes or shows it.
fn query_one(
    conn: &Db,
    key: &Key,
    store_id: &[u8],
    id: &str,
) -> Result<Option<(TokenRecord, i64)>> {
    let found = id_key(id)
        .map(|k| {
            find_one(conn, key, store_id, "id_key = ?1", k.arg(), |r| {
                r.bytes_of(Field::Id) == id.as_bytes()
            })
        })
        .transpose()?
        .flatten();
    match found {
        Some(found) => Ok(Some(found)),
        None => {
            // The lookup went through an index. A row that the table holds
            // but its index cannot find is corruption, not a missing token.
            // Only the commands that change a token pay for this scan;
            // lookups by a token's hash do not (see `find_one`).
            super::check_index_miss(conn, TABLE, "id = ?1", id.arg())?;
            Ok(None)
        }
    }
}

/// The row that `clause` finds through its index key, authenticated, if
/// it is the one `wanted` (the whole id or hash, not just its key). A row
/// under the key that is another one must still authenticate: then it is
/// another token whose key is the same, and this one is not stored. A miss
/// costs no more than a hit: whoever can submit tokens must not be able to
/// make each one cost a table scan. A corrupt index is `store check`'s to
/// find.
fn find_one(
    conn: &Db,
    key: &Key,
    store_id: &[u8],
    clause: &str,
    arg: Arg<'_>,
    wanted: impl Fn(&Row) -> bool,
) -> Result<Option<(TokenRecord, i64)>> {
    let row = conn.row(&format!("{SELECT} WHERE {clause}"), &[arg], map_row)?;
    let Some(row) = row else { return Ok(None) };
    let rec = row.open(key, store_id)?;
    Ok(wanted(&row).then_some((rec, row.version)))
}

fn query_all(
    conn: &Db,
    key: &Key,
    store_id: &[u8],
    sql: &str,
    args: &[Arg<'_>],
) -> Result<Vec<(TokenRecord, i64)>> {
    conn.rows(sql, args, |r| {
        let row = map_row(r)?;
        Ok((row.open(key, store_id)?, row.version))
    })
}

/// Inside the write transaction: every signing key id still names a secret
/// (another process may have removed one while this one signed).
fn secrets_still_exist<'k>(tx: &Db, kids: impl IntoIterator<Item = &'k str>) -> Result<()> {
    for kid in kids {
        let exists: bool = tx.value(
            "SELECT EXISTS (SELECT 1 FROM secrets WHERE kid = ?1)",
            args![kid],
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

/// What an event names as the target of a change to `ids`: the id, or
/// how many.
fn targets(ids: &[String]) -> String {
    match ids {
        [one] => format!("token {one}"),
        many => format!("{} tokens", many.len()),
    }
}

/// Mark `rec` revoked and write it back at the next version.
fn revoke_in(
    tx: &Db,
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
        let mut replaced = writer.insert(&kids, replace, actor, 1, std::iter::once(row))?;
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
        let tx = super::begin_write(&self.store.db, &self.key, &self.store.header)?;
        let mut out = Vec::with_capacity(ids.len());
        let mut written = Vec::new();
        for id in ids {
            let (rec, version) = query_one(&tx, &self.key, &store_id, id)?
                .ok_or_else(|| StoreError::NoSuchToken(id.clone()))?;
            if !self.access.minted(&rec.created_by) {
                return Err(StoreError::NotAllowed(format!(
                    "revoking token '{}', which it did not mint",
                    rec.name
                )));
            }
            out.push(if rec.status == StoredStatus::Revoked {
                Revoked::Already(rec)
            } else {
                written.push((rec.id.clone(), version + 1));
                Revoked::Now(revoke_in(&tx, &self.key, &store_id, (rec, version), &how)?)
            });
        }
        let already = out.len() - written.len();
        let change = super::Change::new("token.revoke", targets(ids))
            .outcome(match (written.len(), already) {
                (_, 0) => format!("{} revoked", written.len()),
                (0, n) => format!("{n} already revoked"),
                (w, n) => format!("{w} revoked, {n} already revoked"),
            })
            .tokens(written);
        self.commit(tx, change)?;
        Ok(out)
    }

    /// The record of the token whose SHA-256 is `hash_hex`.
    pub fn token_by_hash(&self, hash_hex: &str) -> Result<Option<TokenRecord>> {
        self.reading(|| {
            let Ok(hash) = hex::decode(hash_hex) else {
                return Ok(None);
            };
            let Some(k) = index_key(&hash) else {
                return Ok(None);
            };
            Ok(find_one(
                &self.store.db,
                &self.key,
                self.store_id(),
                "hash_key = ?1",
                k.arg(),
                |r| r.token_hash() == hash.as_slice(),
            )?
            .map(|r| r.0))
        })
    }

    /// The record with token id `id`.
    pub fn token_by_id(&self, id: &str) -> Result<Option<TokenRecord>> {
        self.reading(|| Ok(query_one(&self.store.db, &self.key, self.store_id(), id)?.map(|r| r.0)))
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
            let conn = &self.store.db;
            let by_name = query_all(
                conn,
                &self.key,
                self.store_id(),
                &format!("{SELECT} WHERE name = ?1 ORDER BY created_at DESC, seq DESC"),
                args![target],
            )?;
            let now = chrono::Utc::now();
            let named = by_name
                .iter()
                .find(|(r, _)| r.status_at(now) == crate::token::Status::Active)
                .or(by_name.first())
                .map(|(r, _)| r.clone());
            let by_prefix = if (6..32).contains(&target.len()) && hex_digits {
                // Every id starting with the prefix has an index key in one
                // range: the prefix's first 16 digits padded with 0s and fs.
                let low = target.to_ascii_lowercase();
                let (from, to) =
                    id_key_range(&low[..low.len().min(16)]).unwrap_or((i64::MAX, i64::MIN));
                let mut matches = query_all(
                    conn,
                    &self.key,
                    self.store_id(),
                    &format!(
                        "{SELECT} WHERE id_key BETWEEN ?1 AND ?2 ORDER BY id_key LIMIT {}",
                        if low.len() > 16 { 1 } else { 2 }
                    ),
                    args![from, to],
                )?;
                matches.retain(|(r, _)| r.id.starts_with(&low));
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
    /// kept records and a few chunks of rows.
    pub fn list_tokens_where(
        &self,
        keep: impl Fn(&TokenRecord) -> bool + Sync,
    ) -> Result<Vec<TokenRecord>> {
        let mut out = Vec::new();
        self.rows_newest_first(false, keep, |kept| {
            out.extend(kept);
            Ok::<(), StoreError>(())
        })?;
        // A stable sort by creation time: SQLite never sorts the sealed blobs.
        out.sort_by(|a, b| b.created_at.cmp(&a.created_at));
        Ok(out)
    }

    /// The token records `keep` accepts, newest first, as
    /// [`Unlocked::list_tokens_where`] orders them, handed to `sink` a chunk
    /// at a time: memory holds a few chunks of rows, not the listing.
    ///
    /// Rows are read newest row key first. That is creation order unless a
    /// clock went back, which the store records when a write breaks it
    /// (`token_order`, read in the same snapshot); then the records are
    /// sorted in memory as before. Under a flag saying they are in order,
    /// the sealed creation times are checked as they stream: a row out of
    /// order ends the listing as tampering.
    pub fn each_token_where<E: From<StoreError>>(
        &self,
        keep: impl Fn(&TokenRecord) -> bool + Sync,
        mut sink: impl FnMut(Vec<TokenRecord>) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        if !self.rows_newest_first(true, &keep, &mut sink)? {
            sink(self.list_tokens_where(keep)?)?;
        }
        Ok(())
    }

    /// Read every row newest row key first, authenticate a chunk at a time
    /// on every core, and hand what `keep` accepts of each chunk to `sink`.
    /// A thread of its own reads the rows, on a connection of its own in
    /// one read transaction, while the chunk before is opened and handed
    /// on. With `only_in_order`, nothing is read (and `false` returned)
    /// unless the rows are in creation order.
    fn rows_newest_first<E: From<StoreError>>(
        &self,
        only_in_order: bool,
        keep: impl Fn(&TokenRecord) -> bool + Sync,
        mut sink: impl FnMut(Vec<TokenRecord>) -> std::result::Result<(), E>,
    ) -> std::result::Result<bool, E> {
        let (key, store_id) = (&self.key, self.store_id());
        let fail = |e: StoreError| E::from(self.explain(e));
        let conn = self.store.reconnect().map_err(fail)?;
        let (chunks, ready) = std::sync::mpsc::sync_channel::<Result<Vec<Row>>>(1);
        std::thread::scope(|scope| {
            let reader = scope.spawn(move || -> Result<bool> {
                let snapshot = conn.begin_read()?;
                if only_in_order && !recorded_in_order(&snapshot)? {
                    return Ok(false);
                }
                let mut chunk = Vec::with_capacity(LIST_CHUNK);
                let mut gone = false;
                let read = snapshot.each(&format!("{SELECT} ORDER BY seq DESC"), &[], |r| {
                    chunk.push(map_row(r)?);
                    if chunk.len() == LIST_CHUNK {
                        let full = std::mem::replace(&mut chunk, Vec::with_capacity(LIST_CHUNK));
                        if chunks.send(Ok(full)).is_err() {
                            // Nobody receives: stop reading.
                            gone = true;
                            return Err(StoreError::Io("the listing ended".into()));
                        }
                    }
                    Ok(())
                });
                if gone {
                    return Ok(true);
                }
                let last = match read {
                    Ok(()) if chunk.is_empty() => Ok(chunk),
                    Ok(()) => {
                        if chunks.send(Ok(chunk)).is_err() {
                            return Ok(true);
                        }
                        Ok(Vec::new())
                    }
                    Err(e) => Err(e),
                };
                let _ = chunks.send(last);
                Ok(true)
            });
            let mut result = Ok(());
            let mut newer: Option<(String, String)> = None;
            for chunk in ready.iter() {
                let chunk = match chunk {
                    Ok(c) if c.is_empty() => break,
                    Ok(c) => c,
                    Err(e) => {
                        result = Err(fail(e));
                        break;
                    }
                };
                let opened = crate::par::map(chunk, |r| {
                    r.open(key, store_id).map(|rec| (keep(&rec), rec))
                });
                let kept = opened
                    .into_iter()
                    .collect::<Result<Vec<(bool, TokenRecord)>>>()
                    .and_then(|opened| {
                        if only_in_order {
                            newer = in_order(newer.take(), &opened)?;
                        }
                        Ok(opened
                            .into_iter()
                            .filter_map(|(kept, rec)| kept.then_some(rec))
                            .collect::<Vec<_>>())
                    });
                match kept {
                    Ok(kept) if kept.is_empty() => {}
                    Ok(kept) => {
                        if let Err(e) = sink(kept) {
                            result = Err(e);
                            break;
                        }
                    }
                    Err(e) => {
                        result = Err(fail(e));
                        break;
                    }
                }
            }
            // The reader stops at its next chunk once nobody receives.
            drop(ready);
            let read = reader
                .join()
                .unwrap_or_else(|_| Err(StoreError::Io("the reading thread failed".into())));
            result?;
            read.map_err(fail)
        })
    }

    /// Every token id, from the index column (no decryption).
    pub fn token_ids(&self) -> Result<Vec<String>> {
        self.store
            .db
            .rows("SELECT id FROM tokens", &[], |r| r.get(0))
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
        self.reading(|| active_by_secret(&self.store.db, &self.key, self.store_id()))
    }
}

fn out_of_order(id: &str) -> StoreError {
    StoreError::tampered(format!("token row {id} is out of creation order"))
}

/// Check that the creation times of `opened`, read newest row key first
/// after `newer` (the creation time and id of the row before), never
/// increase (ties keep their order), as the store records; returns the
/// last. These are authenticated times: rows out of order under a flag
/// saying they are not were moved. The row named is the one with the
/// higher row key, as `store check` names it.
fn in_order(
    newer: Option<(String, String)>,
    opened: &[(bool, TokenRecord)],
) -> Result<Option<(String, String)>> {
    let mut before = newer.as_ref().map(|(at, id)| (at.as_str(), id.as_str()));
    for (_, rec) in opened {
        if let Some((at, id)) = before {
            if rec.created_at.as_str() > at {
                return Err(out_of_order(id));
            }
        }
        before = Some((&rec.created_at, &rec.id));
    }
    Ok(before.map(|(at, id)| (at.to_owned(), id.to_owned())))
}

/// Whether any token signed with `kid` is active now: the rows whose key
/// id column names it (an index lookup), each authenticated, the first
/// active one ending the search. This is how a JWKS decides to keep an
/// older key, on every request to `serve`, so it does not read every row
/// as `active_by_secret` does; an edited key id column can only drop a key
/// from the JWKS early, which fails closed.
pub(super) fn any_active_with_kid(db: &Db, key: &Key, store_id: &[u8], kid: &str) -> Result<bool> {
    let now = chrono::Utc::now();
    let mut found = false;
    db.each(
        &format!("{SELECT} WHERE secret_kid = ?1"),
        args![kid],
        |r| {
            if !found {
                let rec = map_row(r)?.open(key, store_id)?;
                found = rec.status_at(now) == crate::token::Status::Active
                    && rec.secret_kid.as_deref() == Some(kid);
            }
            Ok(())
        },
    )?;
    Ok(found)
}

/// Active, unexpired tokens per signing key id. Every row is read and
/// authenticated, and the count is taken from the sealed records: filtering
/// on the plain status or key id columns first would let an edited column
/// hide a token from the count instead of being reported.
pub(super) fn active_by_secret(
    conn: &Db,
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
    tx: &Db,
    key: &Key,
    store_id: &[u8],
    kid: &str,
    by: &str,
    reason: &str,
) -> Result<Vec<(String, i64)>> {
    let now = super::now_rfc3339();
    let rows: Vec<_> = query_all(
        tx,
        key,
        store_id,
        &format!("{SELECT} WHERE secret_kid = ?1"),
        args![kid],
    )?
    .into_iter()
    .filter(|(r, _)| r.status == StoredStatus::Active)
    .collect();
    let mut written = Vec::with_capacity(rows.len());
    for (rec, version) in rows {
        let how = Revocation {
            by,
            reason: Some(reason),
            at: &now,
        };
        let rec = revoke_in(tx, key, store_id, (rec, version), &how)?;
        written.push((rec.id, version + 1));
    }
    Ok(written)
}

/// Re-seal every token record under `new` inside `tx`, a chunk at a time,
/// calling `progress` with the number done in each chunk.
pub(super) fn reseal_all(
    tx: &Db,
    old: &Key,
    new: &Key,
    store_id: &[u8],
    progress: &mut dyn FnMut(u64),
) -> Result<()> {
    let mut after = i64::MIN;
    loop {
        let rows: Vec<Row> = tx.rows(
            &format!("{SELECT} WHERE seq > ?1 ORDER BY seq LIMIT 1024"),
            args![after],
            map_row,
        )?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.seq;
        for row in &rows {
            let rec = row.open(old, store_id)?;
            let sealed = seal_record(new, store_id, &rec, row.version)?;
            let n = tx.execute(
                "UPDATE tokens SET sealed = ?1 WHERE seq = ?2 AND version = ?3",
                args![sealed, row.seq, row.version],
            )?;
            if n != 1 {
                return Err(StoreError::tampered(format!(
                    "token row {} is missing",
                    row.id()
                )));
            }
        }
        progress(rows.len() as u64);
    }
}

/// The SQL functions the token migrations call, for as long as `run`
/// runs: the index key of an id and of a hash, and re-sealing a record
/// under `key` (the data key, when the store is unlocked; without it the
/// function fails, which only matters if there is a row to re-seal). The
/// first failure to re-seal (a record that does not authenticate, say) is
/// the error returned, not SQLite's account of it.
pub(super) fn with_migration_functions<T>(
    conn: &rusqlite::Connection,
    key: Option<(&Key, [u8; 16])>,
    run: impl FnOnce() -> Result<T>,
) -> Result<T> {
    use rusqlite::functions::FunctionFlags;
    use std::sync::{Arc, Mutex};
    let pure = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("tokenctl_id_key", 1, pure, |ctx| {
        Ok(ctx.get::<String>(0).ok().and_then(|id| id_key(&id)))
    })?;
    conn.create_scalar_function("tokenctl_hash_key", 1, pure, |ctx| {
        Ok(ctx.get::<Vec<u8>>(0).ok().and_then(|h| index_key(&h)))
    })?;
    let failure: Arc<Mutex<Option<StoreError>>> = Arc::default();
    let key = key.and_then(|(k, id)| Some((Key::from_slice(k.expose_secret())?, id)));
    let failed = Arc::clone(&failure);
    conn.create_scalar_function(
        "tokenctl_reseal_token",
        3,
        FunctionFlags::SQLITE_UTF8,
        move |ctx| {
            let resealed = match &key {
                None => Err(StoreError::Io(
                    "the store must be unlocked to migrate".into(),
                )),
                Some((key, store_id)) => (|| {
                    let id: String = ctx.get(0)?;
                    let version: i64 = ctx.get(1)?;
                    let sealed = ctx.get_raw(2).as_blob().unwrap_or_default();
                    let rec = open_record(key, store_id, &id, version, sealed)?;
                    seal_record(key, store_id, &rec, version)
                })(),
            };
            resealed.map_err(|e| {
                let why = e.to_string();
                if let Ok(mut f) = failed.lock() {
                    f.get_or_insert(e);
                }
                rusqlite::Error::UserFunctionError(why.into())
            })
        },
    )?;
    let result = run();
    for (name, n) in [
        ("tokenctl_reseal_token", 3),
        ("tokenctl_hash_key", 1),
        ("tokenctl_id_key", 1),
    ] {
        let _ = conn.remove_function(name, n);
    }
    let first = failure.lock().ok().and_then(|mut f| f.take());
    match (result, first) {
        (Err(_), Some(e)) => Err(e),
        (result, _) => result,
    }
}

/// Authenticate every token row; one line per problem.
pub(super) fn check_all(u: &Unlocked) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    u.store.db.each(SELECT, &[], |r| {
        if let Err(e) = map_row(r)?.open(&u.key, u.store_id()) {
            problems.push(e.to_string());
        }
        Ok(())
    })?;
    if let Some(id) = order_contradicted(&u.store.db)? {
        problems.push(out_of_order(&id).to_string());
    }
    Ok(problems)
}

/// A token row found by hash for `verify`, not yet authenticated: opening
/// it (decrypting and checking its columns) is left to whoever needs it.
pub struct FoundToken(Row);

impl FoundToken {
    /// The signing key id from the index column (authenticated on open).
    pub fn secret_kid(&self) -> Option<&str> {
        self.0
            .field(Field::SecretKid)
            .and_then(|b| std::str::from_utf8(b).ok())
    }
}

/// Values as one JSON array, for `json_each`: a whole list in one query.
fn json_array<T: serde::Serialize>(items: impl Iterator<Item = T>) -> String {
    // Serialising strings and integers into a String cannot fail.
    serde_json::to_string(&items.collect::<Vec<T>>()).unwrap_or_default()
}

impl Unlocked {
    /// Split for a batch: a [`Sealer`] any thread may use, and the
    /// [`BatchWriter`] that records what it seals.
    pub fn batch_parts(&self) -> (Sealer<'_>, BatchWriter<'_>) {
        let store_id = self.store.header.store_id;
        (
            Sealer {
                key: &self.key,
                store_id,
            },
            BatchWriter {
                owner: self,
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
        let tx = self.store.db.begin_write()?;
        if super::ensure_current_key(&tx, &self.key, &self.store.header).is_err() {
            let keys = json_array(ids.iter().filter_map(|id| id_key(id)));
            let list = json_array(ids.iter());
            let n = tx.execute(
                &format!(
                    "DELETE FROM tokens WHERE id_key {} AND id {}
                     AND version = 1 AND status = 'active'",
                    tx.in_list(1, ListOf::Int),
                    tx.in_list(2, ListOf::Text)
                ),
                args![keys, list],
            )?;
            // The event waits for a process holding the current key.
            super::audit::pend(
                &tx,
                "token.withdraw",
                &format!("{n} undelivered tokens deleted"),
            )?;
            tx.commit()?;
            return Ok(Undelivered::Withdrawn(n));
        }
        let mut written = Vec::with_capacity(ids.len());
        for id in ids {
            let Some((mut rec, version)) = query_one(&tx, &self.key, &store_id, id)? else {
                continue;
            };
            if version != 1 || rec.status != StoredStatus::Active {
                continue;
            }
            rec.status = StoredStatus::Undelivered;
            let sealed = seal_record(&self.key, &store_id, &rec, 2)?;
            tx.execute(
                "UPDATE tokens SET status = 'undelivered', version = 2, sealed = ?1
                 WHERE id_key = ?2 AND id = ?3 AND version = 1 AND status = 'active'",
                args![sealed, id_key(&rec.id), rec.id],
            )?;
            written.push((rec.id, 2));
        }
        let change = super::Change::new("token.undeliver", targets(ids))
            .outcome("undelivered")
            .tokens(written);
        self.commit(tx, change)?;
        Ok(Undelivered::Marked)
    }

    /// The rows whose token hash is one of `hashes`, in one query, keyed by
    /// hash. A row found under a hash's index key that holds another hash
    /// must authenticate (then it is another token, and this hash is not
    /// stored), or the store was tampered with.
    pub fn find_by_hashes(&self, hashes: &[Vec<u8>]) -> Result<HashMap<Vec<u8>, FoundToken>> {
        let mut out = HashMap::with_capacity(hashes.len());
        if hashes.is_empty() {
            return Ok(out);
        }
        let wanted: HashSet<&[u8]> = hashes.iter().map(Vec::as_slice).collect();
        // One token (a single verify, an introspection): a plain index
        // lookup; many: one query over them all.
        let db = &self.store.db;
        let mut take = |r: &DbRow<'_>| {
            let row = map_row(r)?;
            if wanted.contains(row.token_hash()) {
                out.insert(row.token_hash().to_vec(), FoundToken(row));
            } else {
                row.open(&self.key, self.store_id())?;
            }
            Ok(())
        };
        let found = if let [one] = hashes {
            db.each(
                &format!("{SELECT} WHERE hash_key = ?1"),
                args![index_key(one)],
                &mut take,
            )
        } else {
            let keys = json_array(hashes.iter().filter_map(|h| index_key(h)));
            db.each(
                &format!("{SELECT} WHERE hash_key {}", db.in_list(1, ListOf::Int)),
                args![keys],
                &mut take,
            )
        };
        found.map_err(|e| self.explain(e))?;
        // A miss is not re-checked against the table (see `find_one`).
        Ok(out)
    }

    /// The token hash of each of `ids` that is a token id in this store
    /// (plain index columns, one query).
    pub fn hashes_by_id(&self, ids: &[&str]) -> Result<HashMap<String, Vec<u8>>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let keys = json_array(ids.iter().filter_map(|id| id_key(id)));
        let db = &self.store.db;
        let rows: Vec<(String, Vec<u8>)> = db.rows(
            &format!(
                "SELECT id, token_hash FROM tokens WHERE id_key {}",
                db.in_list(1, ListOf::Int)
            ),
            args![keys],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let wanted: HashSet<&str> = ids.iter().copied().collect();
        let mut out = HashMap::new();
        for (id, hash) in rows {
            if wanted.contains(id.as_str()) {
                out.insert(id, hash);
            }
        }
        Ok(out)
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
    owner: &'a Unlocked,
    store_id: [u8; 16],
}

/// Rows a batch writer takes at a time: their names are checked in one
/// query, then they are inserted.
const WRITE_CHUNK: usize = 2048;

impl BatchWriter<'_> {
    /// Record exactly `expected` rows from `rows`, in one transaction; fewer
    /// means the producer failed and nothing is written. `kids` are the
    /// batch's signing key ids, checked first. Rows are taken a chunk at a
    /// time, and the names of each chunk checked before it is inserted: a
    /// name held by an active, unexpired token is [`StoreError::NameTaken`]
    /// and nothing is written, unless `replace`, which revokes the holders
    /// in the same transaction. So the writer never waits for the whole
    /// batch, nor the producer for a check of every name. Returns the
    /// replaced tokens.
    pub fn insert(
        self,
        kids: &HashSet<&str>,
        replace: bool,
        actor: &str,
        expected: usize,
        rows: impl Iterator<Item = SealedToken>,
    ) -> Result<Vec<TokenRecord>> {
        let (key, store_id) = (&self.owner.key, self.store_id);
        let (conn, header) = (&self.owner.store.db, &self.owner.store.header);
        let now = super::now_rfc3339();
        // 16 MiB of page cache for a large batch: enough to keep the
        // indexes of 100,000 tokens, whose inserts land at random pages, in
        // memory; appended table pages spill to the WAL instead of staying.
        if let (true, Some(conn)) = (expected > 1000, conn.lite()) {
            conn.pragma_update(None, "cache_size", -16384)?;
        }
        let tx = conn.begin_write()?;
        super::ensure_current_key(&tx, key, header)?;
        secrets_still_exist(&tx, kids.iter().copied())?;
        let mut order = OrderWatch::load(&tx)?;
        let mut replaced = Vec::new();
        let mut written = 0;
        let mut logged: Vec<(String, i64)> = Vec::with_capacity(expected);
        let mut single = None;
        let (mut first_id, mut last_id) = (None, None);
        let mut rows = rows.peekable();
        while rows.peek().is_some() {
            let chunk: Vec<SealedToken> = rows.by_ref().take(WRITE_CHUNK).collect();
            let names = chunk.iter().map(|r| r.name.as_str());
            for (i, old, version) in active_holders(&tx, key, &store_id, names)? {
                if !replace {
                    return Err(StoreError::NameTaken {
                        index: written + i,
                        name: old.name,
                        holder: old.id,
                    });
                }
                let how = Revocation {
                    by: actor,
                    reason: Some("replaced"),
                    at: &now,
                };
                let old = revoke_in(&tx, key, &store_id, (old, version), &how)?;
                logged.push((old.id.clone(), version + 1));
                replaced.push(old);
            }
            for row in &chunk {
                order.append(&row.created_at);
            }
            // A new row has no older copy to be put back to: the log names
            // a single one, and a batch by its count and its first and last
            // ids (a batch's event stays small beside its rows).
            match (written, chunk.as_slice()) {
                (0, [one]) if expected == 1 => {
                    single = Some(format!("token {} ({})", one.id, one.name));
                    logged.push((one.id.clone(), one.version));
                }
                (0, [first, ..]) => first_id = Some(first.id.clone()),
                _ => {}
            }
            if let Some(last) = chunk.last() {
                last_id = Some(last.id.clone());
            }
            insert_new(&tx, &chunk)?;
            written += chunk.len();
        }
        if written != expected {
            return Err(StoreError::Incomplete { written, expected });
        }
        order.record(&tx)?;
        let target = match (single, first_id, last_id) {
            (Some(one), _, _) => one,
            (None, Some(first), Some(last)) => format!("{expected} tokens ({first} to {last})"),
            _ => format!("{expected} tokens"),
        };
        let outcome = match replaced.len() {
            0 => "ok".to_string(),
            n => format!("{n} replaced"),
        };
        let change = super::Change::new("token.create", target)
            .outcome(outcome)
            .tokens(logged);
        self.owner.commit(tx, change)?;
        Ok(replaced)
    }
}

/// Insert new token rows (version 1): one statement a row on SQLite,
/// whose statements cost no round trip; one `COPY` on a database server.
/// A new id or hash whose key exists is an error.
fn insert_new(db: &Db, rows: &[SealedToken]) -> Result<()> {
    if db.lite().is_some() {
        return rows.iter().try_for_each(|row| insert_row(db, row));
    }
    let mut args = Vec::with_capacity(rows.len() * WRITTEN.len());
    for row in rows {
        if row.version != 1 {
            return Err(StoreError::Io("a new token row must be version 1".into()));
        }
        args.extend(row.args());
    }
    if db.copy_in(TABLE, &WRITTEN, &args)? != rows.len() {
        return Err(StoreError::Io("not every new token row was written".into()));
    }
    Ok(())
}

/// Whether the rows a transaction appends keep the table in creation
/// order (`token_order`): each new row's creation time is compared with the
/// one before it, the first with the newest row already stored.
struct OrderWatch {
    last: Option<String>,
    broken: bool,
}

impl OrderWatch {
    fn load(tx: &Db) -> Result<OrderWatch> {
        let last = tx.row(
            "SELECT created_at FROM tokens ORDER BY seq DESC LIMIT 1",
            &[],
            |r| r.get(0),
        )?;
        Ok(OrderWatch {
            last,
            broken: false,
        })
    }

    fn append(&mut self, created_at: &str) {
        match self.last.as_deref() {
            Some(last) if last == created_at => {}
            Some(last) => {
                self.broken |= created_at < last;
                self.last = Some(created_at.to_owned());
            }
            None => self.last = Some(created_at.to_owned()),
        }
    }

    fn record(self, tx: &Db) -> Result<()> {
        if self.broken {
            tx.execute(
                "UPDATE token_order SET in_order = 0 WHERE in_order = 1",
                &[],
            )?;
        }
        Ok(())
    }
}

/// Whether the store records its token rows as in creation order. A
/// missing flag is not in order: that only costs a sort.
fn recorded_in_order(conn: &Db) -> Result<bool> {
    let flag: Option<i64> =
        conn.row("SELECT in_order FROM token_order WHERE id = 1", &[], |r| {
            r.get(0)
        })?;
    Ok(flag == Some(1))
}

/// The first row, newest row key first, whose creation time is newer than
/// the row's before it, if the store records its rows as in order: a flag
/// that claims what is not so was edited (`store check`).
fn order_contradicted(conn: &Db) -> Result<Option<String>> {
    if !recorded_in_order(conn)? {
        return Ok(None);
    }
    conn.row(
        "SELECT id FROM (SELECT seq, id, created_at,
                                lag(created_at) OVER (ORDER BY seq) AS before
                         FROM tokens) AS ordered
         WHERE created_at < before ORDER BY seq LIMIT 1",
        &[],
        |r| r.get(0),
    )
}

/// The active, unexpired tokens that hold any of `names`, each with the
/// position of its name, earliest first. Every row of those names is
/// authenticated; whether it is active is read from the sealed record, not
/// from the plain columns.
fn active_holders<'n>(
    tx: &Db,
    key: &Key,
    store_id: &[u8],
    names: impl Iterator<Item = &'n str>,
) -> Result<Vec<(usize, TokenRecord, i64)>> {
    let order: HashMap<&str, usize> = names.enumerate().map(|(i, n)| (n, i)).collect();
    let list = json_array(order.keys());
    let at = chrono::Utc::now();
    let mut holders: Vec<(usize, TokenRecord, i64)> = query_all(
        tx,
        key,
        store_id,
        &format!("{SELECT} WHERE name {}", tx.in_list(1, ListOf::Text)),
        args![list],
    )?
    .into_iter()
    .filter(|(r, _)| r.status_at(at) == crate::token::Status::Active)
    .map(|(r, version)| (order.get(r.name.as_str()).copied().unwrap_or(0), r, version))
    .collect();
    holders.sort_by_key(|(i, _, _)| *i);
    Ok(holders)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_keys_keep_the_order_of_the_bytes() {
        let mut ids: Vec<String> = (0..2000)
            .map(|_| crypto::hex_string(&crypto::random_array::<16>()))
            .collect();
        ids.extend([
            "0".repeat(32),
            "f".repeat(32),
            format!("8{}", "0".repeat(31)),
        ]);
        ids.sort();
        let keys: Vec<i64> = ids.iter().map(|id| id_key(id).unwrap()).collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(id_key(&"0".repeat(32)), Some(i64::MIN));
        assert_eq!(id_key(&"f".repeat(32)), Some(i64::MAX));
        let hash = crypto::sha256(b"token");
        assert_eq!(index_key(&hash), id_key(&crypto::hex_string(&hash)));
    }

    #[test]
    fn a_prefix_range_holds_exactly_the_ids_that_start_with_it() {
        let ids: Vec<String> = (0..4000)
            .map(|_| crypto::hex_string(&crypto::random_array::<16>()))
            .collect();
        for prefix in ["a", "0f", "7ff", "8000", "c0ffee", "123456789abcdef0"] {
            let (from, to) = id_key_range(prefix).unwrap();
            for id in &ids {
                let k = id_key(id).unwrap();
                assert_eq!(
                    (from..=to).contains(&k),
                    id.starts_with(prefix),
                    "{prefix} {id}"
                );
            }
        }
        assert_eq!(id_key_range("ABC"), id_key_range("abc"));
        assert_eq!(id_key_range("xyz"), None);
    }

    #[test]
    fn what_cannot_be_an_id_or_hash_has_no_key() {
        assert_eq!(id_key("short"), None);
        assert_eq!(id_key(&"g".repeat(32)), None);
        assert_eq!(index_key(&[1, 2, 3]), None);
    }
}
