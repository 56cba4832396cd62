//! The clients of `tokenctl serve` (sealed rows in `clients`) and when
//! each token was last introspected (sealed rows in `token_usage`).
//!
//! A client's secret is shown once and kept only as its SHA-256: it is 256
//! random bits, so a fast hash is enough. Both tables' plain columns are
//! indexes checked against the sealed record, like every other table.

use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::db::{args, Db, DbRow};
use super::error::{Result, StoreError};
use super::{open_json, seal_json, Unlocked};
use crate::crypto;

const CLIENTS: &str = "clients";
const USAGE: &str = "token_usage";

/// Prefix of every client secret, so a leaked one is recognisable.
pub const CLIENT_PREFIX: &str = "tkc_";

/// A client as listed: never its secret.
#[derive(Debug, Clone, Serialize)]
pub struct ClientInfo {
    /// Its name: the user name of HTTP Basic authentication.
    pub name: String,
    /// Who added it.
    pub created_by: String,
    /// When (RFC 3339 UTC).
    pub created_at: String,
}

#[derive(Serialize, Deserialize)]
struct ClientRecord {
    name: String,
    secret_sha256: String,
    created_by: String,
    created_at: String,
}

#[derive(Serialize, Deserialize)]
struct UsageRecord {
    token_id: String,
    last_used_at: String,
}

struct ClientRow {
    name: String,
    created_at: String,
    version: i64,
    sealed: Vec<u8>,
}

impl ClientRow {
    fn open(&self, key: &crypto::Key, store_id: &[u8]) -> Result<ClientRecord> {
        let rec: ClientRecord = open_json(
            key,
            store_id,
            CLIENTS,
            &self.name,
            self.version,
            &self.sealed,
        )?;
        if rec.name != self.name || rec.created_at != self.created_at {
            return Err(StoreError::tampered(format!(
                "client row {} does not match its sealed record",
                self.name
            )));
        }
        Ok(rec)
    }
}

fn client_rows(db: &Db) -> Result<Vec<ClientRow>> {
    db.rows(
        "SELECT name, created_at, version, sealed FROM clients ORDER BY created_at, rowid",
        &[],
        client_row,
    )
}

fn client_row(r: &DbRow<'_>) -> Result<ClientRow> {
    Ok(ClientRow {
        name: r.get(0)?,
        created_at: r.get(1)?,
        version: r.get(2)?,
        sealed: r.get(3)?,
    })
}

/// SHA-256 of a client secret, as stored.
pub fn secret_hash(secret: &str) -> [u8; 32] {
    crypto::sha256(secret.as_bytes())
}

impl Unlocked {
    /// Add a client named `name`; returns it and its secret, which is never
    /// stored. A taken name is refused.
    pub fn add_client(
        &mut self,
        name: &str,
        actor: &str,
    ) -> Result<(ClientInfo, Zeroizing<String>)> {
        let store_id = self.store.header.store_id;
        let random = Zeroizing::new(crypto::random_array::<32>());
        let mut secret = Zeroizing::new(String::from(CLIENT_PREFIX));
        URL_SAFE_NO_PAD.encode_string(&random[..], &mut secret);
        let rec = ClientRecord {
            name: name.to_string(),
            secret_sha256: hex::encode(secret_hash(&secret)),
            created_by: actor.to_string(),
            created_at: super::now_rfc3339(),
        };
        let tx = super::begin_write(&self.store.db, &self.key, &self.store.header)?;
        let taken: bool = tx.value(
            "SELECT EXISTS (SELECT 1 FROM clients WHERE name = ?1)",
            args![name],
        )?;
        if taken {
            return Err(StoreError::ClientExists(name.to_string()));
        }
        let sealed = seal_json(&self.key, &store_id, CLIENTS, name, 1, &rec)?;
        tx.execute(
            "INSERT INTO clients (name, created_at, version, sealed) VALUES (?1, ?2, 1, ?3)",
            args![name, rec.created_at, sealed],
        )?;
        self.commit(tx, super::Change::new("client.add", name))?;
        let info = ClientInfo {
            name: rec.name,
            created_by: rec.created_by,
            created_at: rec.created_at,
        };
        Ok((info, secret))
    }

    /// Every client, authenticated, oldest first.
    pub fn list_clients(&self) -> Result<Vec<ClientInfo>> {
        self.reading(|| {
            client_rows(&self.store.db)?
                .iter()
                .map(|row| {
                    let rec = row.open(&self.key, self.store_id())?;
                    Ok(ClientInfo {
                        name: rec.name,
                        created_by: rec.created_by,
                        created_at: rec.created_at,
                    })
                })
                .collect()
        })
    }

    /// Every client's name and the SHA-256 of its secret, authenticated.
    pub fn client_secrets(&self) -> Result<HashMap<String, [u8; 32]>> {
        self.reading(|| {
            let mut out = HashMap::new();
            for row in client_rows(&self.store.db)? {
                let rec = row.open(&self.key, self.store_id())?;
                let hash: [u8; 32] = hex::decode(&rec.secret_sha256)
                    .ok()
                    .and_then(|h| h.try_into().ok())
                    .ok_or_else(|| StoreError::Undecodable {
                        table: CLIENTS,
                        row: row.name.clone(),
                    })?;
                out.insert(rec.name, hash);
            }
            Ok(out)
        })
    }

    /// Remove a client; it can no longer authenticate from the next request on.
    pub fn remove_client(&mut self, name: &str) -> Result<ClientInfo> {
        let store_id = self.store.header.store_id;
        let tx = super::begin_write(&self.store.db, &self.key, &self.store.header)?;
        let row = tx
            .row(
                "SELECT name, created_at, version, sealed FROM clients WHERE name = ?1",
                args![name],
                client_row,
            )?
            .ok_or_else(|| StoreError::NoSuchClient(name.to_string()))?;
        let rec = row.open(&self.key, &store_id)?;
        if tx.execute("DELETE FROM clients WHERE name = ?1", args![name])? != 1 {
            return Err(StoreError::tampered(format!(
                "client row {name} survived its deletion"
            )));
        }
        self.commit(tx, super::Change::new("client.remove", name))?;
        Ok(ClientInfo {
            name: rec.name,
            created_by: rec.created_by,
            created_at: rec.created_at,
        })
    }

    /// Record that each token in `uses` was introspected at that time (RFC
    /// 3339), in one transaction; an older time than the one recorded is
    /// left out.
    pub fn record_usage(&mut self, uses: &[(String, String)]) -> Result<()> {
        let store_id = self.store.header.store_id;
        let tx = super::begin_write(&self.store.db, &self.key, &self.store.header)?;
        for (id, at) in uses {
            let row: Option<(i64, Vec<u8>)> = tx.row(
                "SELECT version, sealed FROM token_usage WHERE token_id = ?1",
                args![id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let version = match &row {
                Some((version, sealed)) => {
                    let old: UsageRecord =
                        open_json(&self.key, &store_id, USAGE, id, *version, sealed)?;
                    if old.token_id != *id {
                        return Err(StoreError::tampered(format!(
                            "token_usage row {id} does not match its sealed record"
                        )));
                    }
                    if old.last_used_at >= *at {
                        continue;
                    }
                    version + 1
                }
                None => 1,
            };
            let rec = UsageRecord {
                token_id: id.clone(),
                last_used_at: at.clone(),
            };
            let sealed = seal_json(&self.key, &store_id, USAGE, id, version, &rec)?;
            let changed = if version == 1 {
                tx.execute(
                    "INSERT INTO token_usage (token_id, version, sealed) VALUES (?1, 1, ?2)",
                    args![id, sealed],
                )?
            } else {
                tx.execute(
                    "UPDATE token_usage SET version = ?2, sealed = ?3 WHERE token_id = ?1 AND version = ?4",
                    args![id, version, sealed, version - 1],
                )?
            };
            if changed != 1 {
                return Err(StoreError::tampered(format!(
                    "token_usage row {id} changed while it was written"
                )));
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// When each token was last introspected, by token id (authenticated).
    pub fn last_used(&self) -> Result<HashMap<String, String>> {
        self.reading(|| {
            let rows = usage_rows(&self.store.db)?;
            let mut out = HashMap::new();
            for (id, version, sealed) in rows {
                let rec: UsageRecord =
                    open_json(&self.key, self.store_id(), USAGE, &id, version, &sealed)?;
                if rec.token_id != id {
                    return Err(StoreError::tampered(format!(
                        "token_usage row {id} does not match its sealed record"
                    )));
                }
                out.insert(id, rec.last_used_at);
            }
            Ok(out)
        })
    }

    /// When the token `id` was last introspected, if it was.
    pub fn last_used_of(&self, id: &str) -> Result<Option<String>> {
        self.reading(|| {
            let row: Option<(i64, Vec<u8>)> = self.store.db.row(
                "SELECT version, sealed FROM token_usage WHERE token_id = ?1",
                args![id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let Some((version, sealed)) = row else {
                return Ok(None);
            };
            let rec: UsageRecord =
                open_json(&self.key, self.store_id(), USAGE, id, version, &sealed)?;
            Ok((rec.token_id == id).then_some(rec.last_used_at))
        })
    }
}

/// Re-seal every client and usage row under `new` inside `tx`; returns how many.
pub(super) fn reseal_all(
    tx: &Db,
    old: &crypto::Key,
    new: &crypto::Key,
    store_id: &[u8],
) -> Result<u64> {
    let mut n = 0;
    for row in client_rows(tx)? {
        let rec = row.open(old, store_id)?;
        let sealed = seal_json(new, store_id, CLIENTS, &row.name, row.version, &rec)?;
        tx.execute(
            "UPDATE clients SET sealed = ?1 WHERE name = ?2 AND version = ?3",
            args![sealed, row.name, row.version],
        )?;
        n += 1;
    }
    for (id, version, sealed) in usage_rows(tx)? {
        let rec: UsageRecord = open_json(old, store_id, USAGE, &id, version, &sealed)?;
        let sealed = seal_json(new, store_id, USAGE, &id, version, &rec)?;
        tx.execute(
            "UPDATE token_usage SET sealed = ?1 WHERE token_id = ?2 AND version = ?3",
            args![sealed, id, version],
        )?;
        n += 1;
    }
    Ok(n)
}

/// Authenticate every client and usage row; one line per problem.
pub(super) fn check_all(u: &Unlocked) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for row in client_rows(&u.store.db)? {
        if let Err(e) = row.open(&u.key, u.store_id()) {
            problems.push(e.to_string());
        }
    }
    if let Err(e) = u.last_used() {
        problems.push(e.to_string());
    }
    Ok(problems)
}

/// Every `token_usage` row: token id, version, sealed record.
fn usage_rows(db: &Db) -> Result<Vec<(String, i64, Vec<u8>)>> {
    db.rows(
        "SELECT token_id, version, sealed FROM token_usage",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}
