//! Signing secrets: sealed rows in `secrets`, one per key version, keyed by
//! their random key id. A secret is a name with one or more versions
//! (`seq`); the newest signs, the older ones keep verifying their tokens.
//!
//! The sealed plaintext is `u32 length || metadata JSON || key bytes`, so the
//! key bytes never pass through a JSON string. Every version of a secret is
//! sealed under that secret's own key (see `keyring`), so an access key can
//! open only the secrets of its scope.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::db::{args, Db, DbRow, ToArg};
use super::error::{Result, StoreError};
use super::{read_config, write_config, Unlocked};
use crate::crypto;
use crate::secret::keys::PublicKey;
use crate::secret::{Algorithm, SecretValue};

const TABLE: &str = "secrets";

/// A secret's public description: everything but its value.
#[derive(Debug, Clone, Serialize)]
pub struct SecretInfo {
    /// Name, unique in the store.
    pub name: String,
    /// Signing algorithm.
    pub algorithm: String,
    /// Key id of the version that signs: random, reveals nothing about the value.
    pub kid: String,
    /// Whether `token create` uses it by default.
    pub default: bool,
    /// Active, unexpired tokens it signs (all versions).
    pub active_tokens: usize,
    /// Who added it.
    pub created_by: String,
    /// When it was added (RFC 3339 UTC).
    pub created_at: String,
    /// Every version, newest first, when it was rotated.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<VersionInfo>,
}

/// One version of a rotated secret.
#[derive(Debug, Clone, Serialize)]
pub struct VersionInfo {
    /// Its key id.
    pub kid: String,
    /// Whether it is the one that signs.
    pub current: bool,
    /// Active, unexpired tokens it signed.
    pub active_tokens: usize,
    /// Who made it.
    pub created_by: String,
    /// When.
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

/// A public key that verifies tokens: for `jwks` and `secret public`.
pub struct PublishedKey {
    /// The secret's name.
    pub name: String,
    /// The version's key id.
    pub kid: String,
    /// The algorithm.
    pub algorithm: Algorithm,
    /// Whether it is the version that signs.
    pub current: bool,
    /// The public key, derived from the authenticated private key.
    pub key: PublicKey,
}

fn first_version() -> i64 {
    1
}

#[derive(Serialize, Deserialize)]
pub(super) struct Meta {
    name: String,
    algorithm: String,
    created_by: String,
    created_at: String,
    /// The version; records written before versions existed are the first.
    #[serde(default = "first_version")]
    seq: i64,
}

struct Row {
    kid: String,
    name: String,
    seq: i64,
    algorithm: String,
    created_at: String,
    version: i64,
    sealed: Vec<u8>,
}

const SELECT: &str = "SELECT kid, name, seq, algorithm, created_at, version, sealed FROM secrets";

fn map_row(r: &DbRow<'_>) -> Result<Row> {
    Ok(Row {
        kid: r.get(0)?,
        name: r.get(1)?,
        seq: r.get(2)?,
        algorithm: r.get(3)?,
        created_at: r.get(4)?,
        version: r.get(5)?,
        sealed: r.get(6)?,
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
        let meta: Meta = serde_json::from_slice(json).map_err(|_| StoreError::Undecodable {
            table: TABLE,
            row: self.kid.clone(),
        })?;
        if meta.name != self.name
            || meta.algorithm != self.algorithm
            || meta.created_at != self.created_at
            || meta.seq != self.seq
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
        let alg = meta
            .algorithm
            .parse()
            .map_err(|_| StoreError::Undecodable {
                table: TABLE,
                row: self.kid.clone(),
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
            versions: Vec::new(),
        }
    }
}

/// The newest version of `name` (a lookup through an index). A row that the
/// table holds but its index cannot find is corruption, not a missing secret.
fn current(db: &Db, name: &str) -> Result<Option<Row>> {
    let row = db.row(
        &format!("{SELECT} WHERE name = ?1 ORDER BY seq DESC LIMIT 1"),
        args![name],
        map_row,
    )?;
    if row.is_none() {
        super::check_index_miss(db, TABLE, "name = ?1", name.arg())?;
    }
    Ok(row)
}

/// Every version of `name`, newest first.
fn versions(db: &Db, name: &str) -> Result<Vec<Row>> {
    db.rows(
        &format!("{SELECT} WHERE name = ?1 ORDER BY seq DESC"),
        args![name],
        map_row,
    )
}

/// The version with key id `kid`.
fn by_kid(db: &Db, kid: &str) -> Result<Option<Row>> {
    let row = db.row(&format!("{SELECT} WHERE kid = ?1"), args![kid], map_row)?;
    if row.is_none() {
        super::check_index_miss(db, TABLE, "kid = ?1", kid.arg())?;
    }
    Ok(row)
}

fn no_such_secret(name: &str) -> StoreError {
    StoreError::NoSuchSecret(name.to_string())
}

/// Write a new version row inside `tx`; returns its key id and metadata.
fn insert_version(
    tx: &Db,
    key: &crypto::Key,
    store_id: &[u8],
    meta: Meta,
    value: &SecretValue,
) -> Result<(String, Meta)> {
    let kid = hex::encode(crypto::random_array::<8>());
    let sealed = seal(key, store_id, &kid, 1, &meta, value.expose_secret())?;
    tx.execute(
        "INSERT INTO secrets (kid, name, seq, algorithm, created_at, version, sealed)
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)",
        args![
            kid,
            meta.name,
            meta.seq,
            meta.algorithm,
            meta.created_at,
            sealed
        ],
    )?;
    Ok((kid, meta))
}

/// Delete one version row inside `tx`; the write must take effect.
fn delete_version(tx: &Db, kid: &str) -> Result<()> {
    if tx.execute("DELETE FROM secrets WHERE kid = ?1", args![kid])? != 1 {
        return Err(StoreError::tampered(format!(
            "secret row {kid} survived its deletion"
        )));
    }
    Ok(())
}

use super::Change;

impl Unlocked {
    /// Add a secret; a taken name is exit 5.
    pub fn add_secret(&mut self, new: &NewSecret<'_>) -> Result<SecretInfo> {
        let store_id = self.store.header.store_id;
        let wrap = self.member_wrap("add secrets")?;
        let tx = super::begin_write(&self.store.db, &self.key, &self.store.header)?;
        let (kid, meta) = insert(&tx, wrap, &store_id, new)?;
        let mut config = read_config(&tx, &self.key, &store_id)?;
        let default_exists = match &config.default_secret {
            Some(k) => tx.value::<bool>(
                "SELECT EXISTS (SELECT 1 FROM secrets WHERE kid = ?1)",
                args![k],
            )?,
            None => false,
        };
        if new.make_default || !default_exists {
            config.default_secret = Some(kid.clone());
            write_config(&tx, &self.key, &store_id, &config)?;
        }
        let change = Change::new("secret.add", format!("secret {} ({kid})", new.name))
            .outcome(new.algorithm.as_str());
        self.commit(tx, change)?;
        let default = config.default_secret.as_deref() == Some(kid.as_str());
        Ok(SecretInfo {
            active_tokens: 0,
            default,
            name: meta.name,
            algorithm: meta.algorithm,
            kid,
            created_by: meta.created_by,
            created_at: meta.created_at,
            versions: Vec::new(),
        })
    }

    /// Every secret, authenticated, oldest first, with its versions when it
    /// has more than one.
    pub fn list_secrets(&self) -> Result<Vec<SecretInfo>> {
        self.reading(|| {
            let config = self.config()?;
            let counts = self.active_tokens_by_secret()?;
            // Secrets in the order they were added (the table's own order,
            // which a scan follows whatever a row's rowid says), each one's
            // versions newest first (by the sealed version number).
            let rows = self
                .store
                .db
                .rows(&format!("{SELECT} ORDER BY rowid"), &[], map_row)?;
            let mut keys = SecretKeys::default();
            let mut opened = Vec::new();
            for row in rows {
                let (meta, _value) =
                    row.open(keys.of(self, &self.store.db, &row.name)?, self.store_id())?;
                opened.push((row, meta));
            }
            let mut first_seen: HashMap<String, usize> = HashMap::new();
            for (i, (_, meta)) in opened.iter().enumerate() {
                first_seen.entry(meta.name.clone()).or_insert(i);
            }
            opened.sort_by_key(|(_, meta)| (first_seen[&meta.name], std::cmp::Reverse(meta.seq)));
            let mut out: Vec<SecretInfo> = Vec::new();
            for (row, meta) in opened {
                let active = counts.get(&row.kid).copied().unwrap_or(0);
                let version = VersionInfo {
                    kid: row.kid.clone(),
                    current: false,
                    active_tokens: active,
                    created_by: meta.created_by.clone(),
                    created_at: meta.created_at.clone(),
                };
                match out.last_mut() {
                    Some(last) if last.name == meta.name => {
                        last.active_tokens += active;
                        last.versions.push(version);
                    }
                    _ => {
                        let mut info = row.info(meta, config.default_secret.as_deref());
                        info.active_tokens = active;
                        info.versions.push(VersionInfo {
                            current: true,
                            ..version
                        });
                        out.push(info);
                    }
                }
            }
            for info in &mut out {
                if info.versions.len() == 1 {
                    info.versions.clear();
                }
                // The oldest version says when the secret was added, and by whom.
                if let Some(first) = info.versions.last() {
                    info.created_at = first.created_at.clone();
                    info.created_by = first.created_by.clone();
                }
            }
            Ok(out)
        })
    }

    /// One secret's signing version and its value, by name.
    pub fn secret(&self, name: &str) -> Result<(SecretInfo, Algorithm, SecretValue)> {
        self.reading(|| {
            let row = current(&self.store.db, name)?.ok_or_else(|| no_such_secret(name))?;
            let config = self.config()?;
            let key = self.secret_key(&self.store.db, &row.name)?;
            let (meta, alg, value) = row.open_with_alg(&key, self.store_id())?;
            Ok((row.info(meta, config.default_secret.as_deref()), alg, value))
        })
    }

    /// One version of a secret and its value, by key id; `None` when no
    /// such version exists.
    pub fn secret_by_kid(&self, kid: &str) -> Result<Option<(SecretInfo, Algorithm, SecretValue)>> {
        self.reading(|| {
            let Some(row) = by_kid(&self.store.db, kid)? else {
                return Ok(None);
            };
            let key = self.secret_key(&self.store.db, &row.name)?;
            let (meta, alg, value) = row.open_with_alg(&key, self.store_id())?;
            Ok(Some((row.info(meta, None), alg, value)))
        })
    }

    /// The public keys that verify tokens: each asymmetric secret's signing
    /// version, and every older version while it has active tokens. Each
    /// is derived from its authenticated private key. `only`: one secret.
    pub fn published_keys(&self, only: Option<&str>) -> Result<Vec<PublishedKey>> {
        self.reading(|| {
            let rows: Vec<Row> = match only {
                Some(name) => versions(&self.store.db, name)?,
                None => self.store.db.rows(
                    &format!("{SELECT} ORDER BY name, seq DESC"),
                    &[],
                    map_row,
                )?,
            };
            let mut out = Vec::new();
            let mut seen = std::collections::HashSet::new();
            let mut keys = SecretKeys::default();
            for row in rows {
                let key = keys.of(self, &self.store.db, &row.name)?;
                let (meta, alg, value) = row.open_with_alg(key, self.store_id())?;
                let current = seen.insert(meta.name.clone());
                if !alg.is_asymmetric()
                    || (!current
                        && !super::tokens::any_active_with_kid(
                            &self.store.db,
                            &self.key,
                            self.store_id(),
                            &row.kid,
                        )?)
                {
                    continue;
                }
                let key =
                    PublicKey::of_private(alg, &value).map_err(|_| StoreError::Undecodable {
                        table: TABLE,
                        row: row.kid.clone(),
                    })?;
                out.push(PublishedKey {
                    name: meta.name,
                    kid: row.kid,
                    algorithm: alg,
                    current,
                    key,
                });
            }
            Ok(out)
        })
    }

    /// Add a new version of `name` with `value` (same algorithm) that signs
    /// from now on; the default moves with it. Returns the new version's
    /// key id and the old one's.
    pub fn rotate_secret(
        &mut self,
        name: &str,
        value: &SecretValue,
        actor: &str,
    ) -> Result<(String, String)> {
        let store_id = self.store.header.store_id;
        self.member_wrap("rotate secrets")?;
        let tx = super::begin_write(&self.store.db, &self.key, &self.store.header)?;
        let old = current(&tx, name)?.ok_or_else(|| no_such_secret(name))?;
        let secret_key = self.secret_key(&tx, name)?;
        let (meta, _) = old.open(&secret_key, &store_id)?;
        let next = Meta {
            name: meta.name,
            algorithm: meta.algorithm,
            created_by: actor.to_string(),
            created_at: super::now_rfc3339(),
            seq: old.seq + 1,
        };
        let (kid, _) = insert_version(&tx, &secret_key, &store_id, next, value)?;
        let mut config = read_config(&tx, &self.key, &store_id)?;
        if config.default_secret.as_deref() == Some(old.kid.as_str()) {
            config.default_secret = Some(kid.clone());
            write_config(&tx, &self.key, &store_id, &config)?;
        }
        let change = Change::new("secret.rotate", format!("secret {name} ({kid})"))
            .outcome(format!("replaces {}", old.kid));
        self.commit(tx, change)?;
        Ok((kid, old.kid))
    }

    /// End the older version `kid` of `name` at once: its active tokens are
    /// revoked (reason "key retired") and it is deleted, in one
    /// transaction. The signing version cannot be retired. Returns how
    /// many tokens were revoked.
    pub fn retire_secret(&mut self, name: &str, kid: &str, actor: &str) -> Result<usize> {
        let store_id = self.store.header.store_id;
        self.member_wrap("retire secret versions")?;
        let tx = super::begin_write(&self.store.db, &self.key, &self.store.header)?;
        let all = versions(&tx, name)?;
        let Some(newest) = all.first() else {
            return Err(no_such_secret(name));
        };
        let row = all
            .iter()
            .find(|r| r.kid == kid)
            .ok_or_else(|| StoreError::NoSuchVersion {
                name: name.to_string(),
                kid: kid.to_string(),
            })?;
        if row.kid == newest.kid {
            return Err(StoreError::RetiringCurrent {
                name: name.to_string(),
                kid: kid.to_string(),
            });
        }
        row.open(&self.secret_key(&tx, name)?, &store_id)?;
        let revoked =
            super::tokens::revoke_by_secret(&tx, &self.key, &store_id, kid, actor, "key retired")?;
        delete_version(&tx, kid)?;
        let n = revoked.len();
        let change = Change::new("secret.retire", format!("secret {name} ({kid})"))
            .outcome(format!("{n} tokens revoked"))
            .tokens(revoked);
        self.commit(tx, change)?;
        Ok(n)
    }

    /// Remove a secret by name, every version. The default is cleared if it
    /// was this one. While active tokens use it this is refused, unless
    /// `revoke_tokens`, which revokes them (reason "secret removed") in the
    /// same transaction. Returns the secret and how many tokens were revoked.
    pub fn remove_secret(
        &mut self,
        name: &str,
        revoke_tokens: bool,
        actor: &str,
    ) -> Result<(SecretInfo, usize)> {
        let store_id = self.store.header.store_id;
        self.member_wrap("remove secrets")?;
        let tx = super::begin_write(&self.store.db, &self.key, &self.store.header)?;
        let all = versions(&tx, name)?;
        let Some(newest) = all.first() else {
            super::check_index_miss(&tx, TABLE, "name = ?1", name.arg())?;
            return Err(no_such_secret(name));
        };
        let secret_key = self.secret_key(&tx, name)?;
        let (meta, _value) = newest.open(&secret_key, &store_id)?;
        let mut config = read_config(&tx, &self.key, &store_id)?;
        let info = newest.info(meta, config.default_secret.as_deref());
        let counts: HashMap<String, usize> =
            super::tokens::active_by_secret(&tx, &self.key, &store_id)?;
        let active: usize = all.iter().filter_map(|r| counts.get(&r.kid)).sum();
        if active > 0 && !revoke_tokens {
            return Err(StoreError::SecretInUse {
                name: name.to_string(),
                active,
            });
        }
        let mut revoked = Vec::new();
        for row in &all {
            row.open(&secret_key, &store_id)?;
            if revoke_tokens {
                revoked.extend(super::tokens::revoke_by_secret(
                    &tx,
                    &self.key,
                    &store_id,
                    &row.kid,
                    actor,
                    "secret removed",
                )?);
            }
            delete_version(&tx, &row.kid)?;
        }
        tx.execute("DELETE FROM secret_keys WHERE name = ?1", args![name])?;
        if info.default {
            config.default_secret = None;
            write_config(&tx, &self.key, &store_id, &config)?;
        }
        let n = revoked.len();
        let change = Change::new("secret.remove", format!("secret {name}"))
            .outcome(format!(
                "{} versions removed, {n} tokens revoked",
                all.len()
            ))
            .tokens(revoked);
        self.commit(tx, change)?;
        Ok((info, n))
    }
}

/// Insert a new secret (its first version) inside `tx`; returns its key id
/// and metadata.
pub(super) fn insert(
    tx: &Db,
    wrap: &crypto::Key,
    store_id: &[u8],
    new: &NewSecret<'_>,
) -> Result<(String, Meta)> {
    let taken: bool = tx.value(
        "SELECT EXISTS (SELECT 1 FROM secrets WHERE name = ?1)",
        args![new.name],
    )?;
    if taken {
        return Err(StoreError::SecretExists(new.name.to_string()));
    }
    let meta = Meta {
        name: new.name.to_string(),
        algorithm: new.algorithm.as_str().to_string(),
        created_by: new.created_by.to_string(),
        created_at: super::now_rfc3339(),
        seq: 1,
    };
    let key = crypto::Key::generate();
    super::keyring::insert_secret_key(tx, wrap, store_id, new.name, &key)?;
    insert_version(tx, &key, store_id, meta, new.value)
}

/// Give every secret a new key, sealed under the new wrapping key `new`,
/// and re-seal its versions under it, inside `tx`; returns how many rows.
pub(super) fn reseal_all(
    tx: &Db,
    old: &crypto::Key,
    new: &crypto::Key,
    store_id: &[u8],
) -> Result<u64> {
    let names: Vec<String> = tx.rows(
        "SELECT DISTINCT name FROM secrets ORDER BY name",
        &[],
        |r| r.get(0),
    )?;
    let mut done = 0;
    for name in &names {
        let old_key = super::keyring::open_secret_key(tx, old, store_id, name)?;
        let new_key = crypto::Key::generate();
        done += reseal_name(tx, &old_key, &new_key, store_id, name)?;
        super::keyring::insert_secret_key(tx, new, store_id, name, &new_key)?;
    }
    Ok(done)
}

/// Re-seal every version of secret `name` from `old` to `new` inside `tx`;
/// returns how many.
pub(super) fn reseal_name(
    tx: &Db,
    old: &crypto::Key,
    new: &crypto::Key,
    store_id: &[u8],
    name: &str,
) -> Result<u64> {
    let rows: Vec<Row> = tx.rows(&format!("{SELECT} WHERE name = ?1"), args![name], map_row)?;
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
            args![sealed, row.kid, row.version],
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

/// Per-secret keys opened once each, for a command that reads many rows.
#[derive(Default)]
struct SecretKeys(HashMap<String, crypto::Key>);

impl SecretKeys {
    fn of(&mut self, u: &Unlocked, db: &Db, name: &str) -> Result<&crypto::Key> {
        if !self.0.contains_key(name) {
            let key = u.secret_key(db, name)?;
            self.0.insert(name.to_string(), key);
        }
        self.0
            .get(name)
            .ok_or_else(|| StoreError::tampered("a secret's key vanished"))
    }
}

/// Authenticate every secret row; one line per problem.
pub(super) fn check_all(u: &Unlocked) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let rows = u.store.db.rows(SELECT, &[], map_row)?;
    let mut keys = SecretKeys::default();
    for row in rows {
        let opened = keys
            .of(u, &u.store.db, &row.name)
            .and_then(|key| row.open(key, u.store_id()));
        if let Err(e) = opened {
            problems.push(e.to_string());
        }
    }
    Ok(problems)
}
