//! Signing secrets: sealed rows in `secrets`, keyed by their random key id.
//!
//! The sealed plaintext is `u32 length || metadata JSON || key bytes`, so the
//! key bytes never pass through a JSON string.

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::error::{Result, StoreError};
use super::{read_config, write_config, Unlocked};
use crate::crypto;
use crate::secret::{Algorithm, SecretValue};

const TABLE: &str = "secrets";

/// A secret's public description: everything but its value.
#[derive(Debug, Clone, Serialize)]
pub struct SecretInfo {
    /// Name, unique in the store.
    pub name: String,
    /// Signing algorithm.
    pub algorithm: String,
    /// Key id: random, reveals nothing about the value.
    pub kid: String,
    /// Whether `token create` uses it by default.
    pub default: bool,
    /// Active, unexpired tokens it signs.
    pub active_tokens: usize,
    /// Who added it.
    pub created_by: String,
    /// When it was added (RFC 3339 UTC).
    pub created_at: String,
}

/// What `secret add` stores.
pub struct NewSecret<'a> {
    /// Name.
    pub name: &'a str,
    /// Algorithm.
    pub algorithm: Algorithm,
    /// The key.
    pub value: &'a SecretValue,
    /// Actor.
    pub created_by: &'a str,
    /// Make it the default (the first secret of a store always is).
    pub make_default: bool,
}

#[derive(Serialize, Deserialize)]
pub(super) struct Meta {
    name: String,
    algorithm: String,
    created_by: String,
    created_at: String,
}

struct Row {
    kid: String,
    name: String,
    algorithm: String,
    created_at: String,
    version: i64,
    sealed: Vec<u8>,
}

const SELECT: &str = "SELECT kid, name, algorithm, created_at, version, sealed FROM secrets";

fn map_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        kid: r.get(0)?,
        name: r.get(1)?,
        algorithm: r.get(2)?,
        created_at: r.get(3)?,
        version: r.get(4)?,
        sealed: r.get(5)?,
    })
}

fn seal(
    key: &crypto::Key,
    store_id: &[u8],
    kid: &str,
    version: i64,
    meta: &Meta,
    value: &[u8],
) -> Result<Vec<u8>> {
    let json = serde_json::to_vec(meta).map_err(|_| StoreError::Unencodable(TABLE))?;
    let mut plain = Zeroizing::new(Vec::with_capacity(4 + json.len() + value.len()));
    plain.extend_from_slice(&(json.len() as u32).to_be_bytes());
    plain.extend_from_slice(&json);
    plain.extend_from_slice(value);
    Ok(crypto::seal(
        key,
        &plain,
        &crypto::row_aad(store_id, TABLE, kid, version),
    ))
}

impl Row {
    /// Authenticate the row and check its plain columns against the sealed record.
    fn open(&self, key: &crypto::Key, store_id: &[u8]) -> Result<(Meta, SecretValue)> {
        let bad = || StoreError::tampered(format!("secret row {} failed authentication", self.kid));
        let plain = crypto::open(
            key,
            &self.sealed,
            &crypto::row_aad(store_id, TABLE, &self.kid, self.version),
        )
        .ok_or_else(bad)?;
        let len_bytes: [u8; 4] = plain
            .get(..4)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(bad)?;
        let json_len = u32::from_be_bytes(len_bytes) as usize;
        let json = plain.get(4..4 + json_len).ok_or_else(bad)?;
        let meta: Meta = serde_json::from_slice(json).map_err(|_| bad())?;
        if meta.name != self.name
            || meta.algorithm != self.algorithm
            || meta.created_at != self.created_at
        {
            return Err(StoreError::tampered(format!(
                "secret row {} does not match its sealed record",
                self.kid
            )));
        }
        let value = SecretValue::new(Zeroizing::new(plain[4 + json_len..].to_vec()));
        Ok((meta, value))
    }

    /// Like [`Row::open`], also parsing the algorithm.
    fn open_with_alg(
        &self,
        key: &crypto::Key,
        store_id: &[u8],
    ) -> Result<(Meta, Algorithm, SecretValue)> {
        let (meta, value) = self.open(key, store_id)?;
        let alg = meta.algorithm.parse().map_err(|_| {
            StoreError::tampered(format!("secret row {} has an unknown algorithm", self.kid))
        })?;
        Ok((meta, alg, value))
    }

    fn info(&self, meta: Meta, default_kid: Option<&str>) -> SecretInfo {
        SecretInfo {
            active_tokens: 0,
            default: default_kid == Some(self.kid.as_str()),
            name: meta.name,
            algorithm: meta.algorithm,
            kid: self.kid.clone(),
            created_by: meta.created_by,
            created_at: meta.created_at,
        }
    }
}

/// The one row matching `clause` (a lookup through an index). A row that the
/// table holds but its index cannot find is corruption, not a missing secret.
fn find(conn: &rusqlite::Connection, clause: &str, arg: &str) -> Result<Option<Row>> {
    let row = conn
        .query_row(&format!("{SELECT} WHERE {clause}"), [arg], map_row)
        .optional()?;
    if row.is_none() {
        super::check_index_miss(conn, TABLE, clause, &arg)?;
    }
    Ok(row)
}

fn no_such_secret(name: &str) -> StoreError {
    StoreError::NoSuchSecret(name.to_string())
}

impl Unlocked {
    /// Add a secret; a taken name is exit 5.
    pub fn add_secret(&mut self, new: &NewSecret<'_>) -> Result<SecretInfo> {
        let store_id = self.store.header.store_id;
        let tx = self
            .store
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        super::ensure_current_key(&tx, &self.key, &self.store.header)?;
        let (kid, meta) = insert(&tx, &self.key, &store_id, new)?;
        let mut config = read_config(&tx, &self.key, &store_id)?;
        let default_exists = match &config.default_secret {
            Some(k) => tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM secrets WHERE kid = ?1)",
                [k],
                |r| r.get::<_, bool>(0),
            )?,
            None => false,
        };
        if new.make_default || !default_exists {
            config.default_secret = Some(kid.clone());
            write_config(&tx, &self.key, &store_id, &config)?;
        }
        tx.commit()?;
        Ok(SecretInfo {
            active_tokens: 0,
            default: config.default_secret.as_deref() == Some(kid.as_str()),
            name: meta.name,
            algorithm: meta.algorithm,
            kid,
            created_by: meta.created_by,
            created_at: meta.created_at,
        })
    }

    /// Every secret, authenticated, oldest first.
    pub fn list_secrets(&self) -> Result<Vec<SecretInfo>> {
        self.reading(|| {
            let config = self.config()?;
            let counts = self.active_tokens_by_secret()?;
            let mut stmt = self
                .store
                .conn
                .prepare(&format!("{SELECT} ORDER BY created_at, rowid"))?;
            let rows = stmt.query_map([], map_row)?;
            let mut out = Vec::new();
            for row in rows {
                let row = row?;
                let (meta, _value) = row.open(&self.key, self.store_id())?;
                let mut info = row.info(meta, config.default_secret.as_deref());
                info.active_tokens = counts.get(&row.kid).copied().unwrap_or(0);
                out.push(info);
            }
            Ok(out)
        })
    }

    /// One secret and its value, by name.
    pub fn secret(&self, name: &str) -> Result<(SecretInfo, Algorithm, SecretValue)> {
        self.reading(|| {
            let row =
                find(&self.store.conn, "name = ?1", name)?.ok_or_else(|| no_such_secret(name))?;
            let config = self.config()?;
            let (meta, alg, value) = row.open_with_alg(&self.key, self.store_id())?;
            Ok((row.info(meta, config.default_secret.as_deref()), alg, value))
        })
    }

    /// One secret and its value, by key id; `None` when no such secret exists.
    pub fn secret_by_kid(&self, kid: &str) -> Result<Option<(SecretInfo, Algorithm, SecretValue)>> {
        self.reading(|| {
            let Some(row) = find(&self.store.conn, "kid = ?1", kid)? else {
                return Ok(None);
            };
            let (meta, alg, value) = row.open_with_alg(&self.key, self.store_id())?;
            Ok(Some((row.info(meta, None), alg, value)))
        })
    }

    /// Remove a secret by name. The default is cleared if it was this one.
    /// While active tokens use it this is exit 5, unless `revoke_tokens`,
    /// which revokes them (reason "secret removed") in the same transaction.
    /// Returns the secret and how many tokens were revoked.
    pub fn remove_secret(
        &mut self,
        name: &str,
        revoke_tokens: bool,
        actor: &str,
    ) -> Result<(SecretInfo, usize)> {
        let store_id = self.store.header.store_id;
        let tx = self
            .store
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        super::ensure_current_key(&tx, &self.key, &self.store.header)?;
        let row = find(&tx, "name = ?1", name)?.ok_or_else(|| no_such_secret(name))?;
        let (meta, _value) = row.open(&self.key, &store_id)?;
        let mut config = read_config(&tx, &self.key, &store_id)?;
        let info = row.info(meta, config.default_secret.as_deref());
        let active = super::tokens::active_for_secret(&tx, &self.key, &store_id, &row.kid)?;
        let revoked = if active > 0 && !revoke_tokens {
            return Err(StoreError::SecretInUse {
                name: name.to_string(),
                active,
            });
        } else if revoke_tokens {
            super::tokens::revoke_by_secret(&tx, &self.key, &store_id, &row.kid, actor)?
        } else {
            0
        };
        if tx.execute("DELETE FROM secrets WHERE kid = ?1", [&row.kid])? != 1 {
            return Err(StoreError::tampered(format!(
                "secret row {} survived its deletion",
                row.kid
            )));
        }
        if info.default {
            config.default_secret = None;
            write_config(&tx, &self.key, &store_id, &config)?;
        }
        tx.commit()?;
        Ok((info, revoked))
    }
}

/// Insert a new secret row inside `tx`; returns its key id and metadata.
pub(super) fn insert(
    tx: &rusqlite::Connection,
    key: &crypto::Key,
    store_id: &[u8],
    new: &NewSecret<'_>,
) -> Result<(String, Meta)> {
    let taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM secrets WHERE name = ?1)",
        [new.name],
        |r| r.get(0),
    )?;
    if taken {
        return Err(StoreError::SecretExists(new.name.to_string()));
    }
    let kid = hex::encode(crypto::random_array::<8>());
    let meta = Meta {
        name: new.name.to_string(),
        algorithm: new.algorithm.as_str().to_string(),
        created_by: new.created_by.to_string(),
        created_at: super::now_rfc3339(),
    };
    let sealed = seal(key, store_id, &kid, 1, &meta, new.value.expose_secret())?;
    tx.execute(
        "INSERT INTO secrets (kid, name, algorithm, created_at, version, sealed)
         VALUES (?1, ?2, ?3, ?4, 1, ?5)",
        params![kid, meta.name, meta.algorithm, meta.created_at, sealed],
    )?;
    Ok((kid, meta))
}

/// Re-seal every secret under `new` inside `tx`; returns how many.
pub(super) fn reseal_all(
    tx: &rusqlite::Connection,
    old: &crypto::Key,
    new: &crypto::Key,
    store_id: &[u8],
) -> Result<u64> {
    let rows: Vec<Row> = tx
        .prepare(SELECT)?
        .query_map([], map_row)?
        .collect::<rusqlite::Result<_>>()?;
    for row in &rows {
        let (meta, value) = row.open(old, store_id)?;
        let sealed = seal(
            new,
            store_id,
            &row.kid,
            row.version,
            &meta,
            value.expose_secret(),
        )?;
        let n = tx.execute(
            "UPDATE secrets SET sealed = ?1 WHERE kid = ?2 AND version = ?3",
            params![sealed, row.kid, row.version],
        )?;
        if n != 1 {
            return Err(StoreError::tampered(format!(
                "secret row {} is missing",
                row.kid
            )));
        }
    }
    Ok(rows.len() as u64)
}

/// Authenticate every secret row; one line per problem.
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
