//! Who can unlock the store, and what each can decrypt.
//!
//! ```text
//!  member passphrase ──Argon2id──▶ member slot ──▶ data key + wrapping key
//!  access key (tka_) ───SHA-256──▶ key slot ─────▶ data key + the keys of
//!                                                  the secrets in its scope
//!  wrapping key ──▶ one key per secret ──▶ that secret's versions
//!  data key ──────▶ config, policy, tokens, clients, sessions' owners
//! ```
//!
//! Each member has a slot of their own: the data key and the wrapping key,
//! sealed under a key derived from that member's passphrase (one Argon2id
//! run, the slot chosen by name). Each signing secret is sealed under a
//! key of its own, and that key is sealed under the wrapping key. An
//! access key's slot holds the data key and only the per-secret keys of
//! its scope, never the wrapping key: whoever holds it, with any binary,
//! can decrypt no other secret.

use chrono::Utc;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::db::{args, Db};
use super::error::{Result, StoreError};
use super::{now_rfc3339, Header, Unlocked};
use crate::crypto::{self, KdfParams, Key, KEY_LEN, SALT_LEN};
use crate::token::TokenType;

/// Prefix of every access key, so a leaked one is recognisable.
pub const KEY_PREFIX: &str = "tka_";
use super::session::ID_LEN;
/// The table of per-secret keys.
const SECRET_KEYS: &str = "secret_keys";

/// How the store was unlocked, and so what this process can do.
pub enum Access {
    /// A member: everything. Holds the wrapping key of the per-secret keys.
    Member {
        /// The member's name.
        name: String,
        /// The key that wraps every secret's key.
        wrap: Key,
        /// The member's slot as it was when it was opened (empty when a
        /// session unlocked): a session is started only while it is unchanged.
        slot: Vec<u8>,
    },
    /// An access key: minting within its scope, and the tokens it minted.
    Key(Grant),
}

/// What an access key unlocked.
pub struct Grant {
    /// The key's name.
    pub name: String,
    /// What it allows.
    pub scope: Scope,
    /// The keys of the secrets in its scope, by secret name.
    secrets: Vec<(String, Key)>,
}

/// What an access key allows, as `key create` set it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    /// What it may do (`mint`).
    pub allow: Vec<String>,
    /// Token types it may mint.
    pub types: Vec<TokenType>,
    /// Secrets it may sign with.
    pub secrets: Vec<String>,
    /// The longest lifetime it may mint, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_ttl: Option<u64>,
    /// The lifetime of a token it mints without `--expiry`, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<u64>,
}

/// A member, as `member list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct MemberInfo {
    /// Name.
    pub name: String,
    /// Who added them.
    pub created_by: String,
    /// When (RFC 3339 UTC).
    pub created_at: String,
}

/// An access key, as `key list` shows it (never the key).
#[derive(Debug, Clone, Serialize)]
pub struct KeyInfo {
    /// Name.
    pub name: String,
    /// What it allows.
    pub scope: Scope,
    /// When it stops working (RFC 3339 UTC), if ever.
    pub expires_at: Option<String>,
    /// When it last unlocked the store.
    pub last_used_at: Option<String>,
    /// When it was revoked.
    pub revoked_at: Option<String>,
    /// Who made it.
    pub created_by: String,
    /// When.
    pub created_at: String,
}

impl Access {
    /// The actor this access records: the member's name, or `key:NAME`.
    pub fn actor(&self) -> String {
        match self {
            Access::Member { name, .. } => name.clone(),
            Access::Key(g) => format!("key:{}", g.name),
        }
    }

    /// The grant, when an access key unlocked the store.
    pub fn grant(&self) -> Option<&Grant> {
        match self {
            Access::Member { .. } => None,
            Access::Key(g) => Some(g),
        }
    }

    /// Whether a record's actor (`created_by`) is this access: a member may
    /// touch every token, an access key only those it minted.
    pub fn minted(&self, created_by: &str) -> bool {
        match self {
            Access::Member { .. } => true,
            Access::Key(g) => minted_by(&format!("key:{}", g.name), created_by),
        }
    }
}

/// Whether a record's `created_by` names `actor`, with or without a label.
pub fn minted_by(actor: &str, created_by: &str) -> bool {
    created_by == actor
        || created_by
            .strip_prefix(actor)
            .is_some_and(|rest| rest.starts_with(" ("))
}

/// The data key and wrapping key, as a member slot or session seals them.
pub(super) fn pair(data: &Key, wrap: &Key) -> Zeroizing<Vec<u8>> {
    let mut v = Zeroizing::new(Vec::with_capacity(2 * KEY_LEN));
    v.extend_from_slice(data.expose_secret());
    v.extend_from_slice(wrap.expose_secret());
    v
}

/// Split what [`pair`] made.
pub(super) fn unpair(plain: &[u8]) -> Option<(Key, Key)> {
    if plain.len() != 2 * KEY_LEN {
        return None;
    }
    Some((
        Key::from_slice(&plain[..KEY_LEN])?,
        Key::from_slice(&plain[KEY_LEN..])?,
    ))
}

fn push_str(v: &mut Vec<u8>, s: &str) {
    v.extend_from_slice(&(s.len() as u32).to_be_bytes());
    v.extend_from_slice(s.as_bytes());
}

/// Associated data of a member slot: the store, the name and the KDF input.
fn member_aad(store_id: &[u8], name: &str, kdf: KdfParams, salt: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(96);
    v.extend_from_slice(b"tokenctl/member/v1\0");
    v.extend_from_slice(store_id);
    push_str(&mut v, name);
    v.extend_from_slice(&kdf.memory_kib.to_be_bytes());
    v.extend_from_slice(&kdf.iterations.to_be_bytes());
    v.extend_from_slice(&kdf.parallelism.to_be_bytes());
    v.extend_from_slice(salt);
    v
}

/// A member's slot row.
pub(super) struct Slot {
    pub(super) name: String,
    kdf: KdfParams,
    salt: [u8; SALT_LEN],
    pub(super) wrapped: Vec<u8>,
}

impl Slot {
    /// A new slot for `name` under `passphrase` (one KDF run, a fresh salt).
    pub(super) fn new(
        store_id: &[u8],
        name: &str,
        passphrase: &secrecy::SecretString,
        kdf: KdfParams,
        data: &Key,
        wrap: &Key,
    ) -> Result<Slot> {
        let salt: [u8; SALT_LEN] = crypto::random_array();
        let kek = super::header::derive(passphrase, &salt, kdf)?;
        Ok(Self::with_kek(store_id, name, kdf, salt, &kek, data, wrap))
    }

    /// A slot sealed under a key already derived (the migration of a
    /// store from before members reuses the header's).
    pub(super) fn with_kek(
        store_id: &[u8],
        name: &str,
        kdf: KdfParams,
        salt: [u8; SALT_LEN],
        kek: &Key,
        data: &Key,
        wrap: &Key,
    ) -> Slot {
        let wrapped = crypto::seal(
            kek,
            &pair(data, wrap),
            &member_aad(store_id, name, kdf, &salt),
        );
        Slot {
            name: name.to_string(),
            kdf,
            salt,
            wrapped,
        }
    }

    /// Derive the member's key and open the slot; failure is a wrong passphrase.
    pub(super) fn open(
        &self,
        store_id: &[u8],
        passphrase: &secrecy::SecretString,
    ) -> Result<(Key, Key)> {
        let kek = super::header::derive(passphrase, &self.salt, self.kdf)?;
        crypto::open(
            &kek,
            &self.wrapped,
            &member_aad(store_id, &self.name, self.kdf, &self.salt),
        )
        .and_then(|p| unpair(&p))
        .ok_or(StoreError::WrongPassphrase)
    }

    pub(super) fn insert(&self, tx: &Db, created_by: &str) -> Result<()> {
        tx.execute(
            "INSERT INTO members (name, created_at, created_by, kdf_memory_kib, kdf_iterations,
                                  kdf_parallelism, salt, wrapped)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            args![
                self.name,
                now_rfc3339(),
                created_by,
                self.kdf.memory_kib,
                self.kdf.iterations,
                self.kdf.parallelism,
                self.salt,
                self.wrapped
            ],
        )?;
        Ok(())
    }

    /// Replace the salt and wrapped keys of this member's row, provided
    /// it still holds `old` (nobody changed it meanwhile).
    fn replace(&self, tx: &Db, old: &[u8]) -> Result<()> {
        let n = tx.execute(
            "UPDATE members SET salt = ?1, wrapped = ?2 WHERE name = ?3 AND wrapped = ?4",
            args![self.salt, self.wrapped, self.name, old],
        )?;
        if n != 1 {
            return Err(StoreError::PassphraseChanged);
        }
        Ok(())
    }
}

/// The slot of `name`, if there is one.
pub(super) fn slot(db: &Db, name: &str) -> Result<Option<Slot>> {
    let row = db.row(
        "SELECT name, kdf_memory_kib, kdf_iterations, kdf_parallelism, salt, wrapped
         FROM members WHERE name = ?1",
        args![name],
        |r| {
            Ok((
                r.get::<String>(0)?,
                r.get::<i64>(1)?,
                r.get::<i64>(2)?,
                r.get::<i64>(3)?,
                r.get::<Vec<u8>>(4)?,
                r.get::<Vec<u8>>(5)?,
            ))
        },
    )?;
    let Some((name, mem, iters, par, salt, wrapped)) = row else {
        return Ok(None);
    };
    let bad = || StoreError::tampered(format!("member row '{name}' is malformed"));
    let as_u32 = |v: i64| u32::try_from(v).map_err(|_| bad());
    let kdf = KdfParams {
        memory_kib: as_u32(mem)?,
        iterations: as_u32(iters)?,
        parallelism: as_u32(par)?,
    };
    kdf.check()
        .map_err(|why| StoreError::tampered(format!("member '{name}': {why}")))?;
    let salt = salt.try_into().map_err(|_| bad())?;
    Ok(Some(Slot {
        name,
        kdf,
        salt,
        wrapped,
    }))
}

/// Every member's name, oldest first.
pub(super) fn member_names(db: &Db) -> Result<Vec<String>> {
    db.rows(
        "SELECT name FROM members ORDER BY created_at, name",
        &[],
        |r| r.get(0),
    )
}

/// Which member slot a passphrase is tried against: the one named, the
/// only one, or the one named after the OS user. Never every slot in turn.
pub(super) fn choose(db: &Db, wanted: Option<&str>) -> Result<Slot> {
    if let Some(name) = wanted {
        return slot(db, name)?.ok_or_else(|| StoreError::UnknownMember(name.to_string()));
    }
    let names = member_names(db)?;
    let pick = match names.as_slice() {
        [] => return Err(StoreError::tampered("the store has no members")),
        [only] => only.clone(),
        several => match crate::sys::user_name() {
            Some(me) if several.contains(&me) => me,
            _ => return Err(StoreError::WhichMember(several.len())),
        },
    };
    slot(db, &pick)?.ok_or(StoreError::UnknownMember(pick))
}

/// The name the first member of a store gets: the OS user's, when it is a
/// valid name, else `admin`.
pub fn default_member_name() -> String {
    crate::sys::user_name()
        .filter(|n| crate::secret::validate_name(n).is_ok())
        .unwrap_or_else(|| "admin".into())
}

// ---- per-secret keys ----

fn secret_key_aad(store_id: &[u8], name: &str) -> Vec<u8> {
    crypto::row_aad(store_id, SECRET_KEYS, name, 1)
}

/// Seal a new per-secret key for `name` under `wrap`, inside `tx`.
pub(super) fn insert_secret_key(
    tx: &Db,
    wrap: &Key,
    store_id: &[u8],
    name: &str,
    key: &Key,
) -> Result<()> {
    let sealed = crypto::seal(wrap, key.expose_secret(), &secret_key_aad(store_id, name));
    tx.execute(
        "INSERT INTO secret_keys (name, wrapped) VALUES (?1, ?2)
         ON CONFLICT (name) DO UPDATE SET wrapped = excluded.wrapped",
        args![name, sealed],
    )?;
    Ok(())
}

/// Open the per-secret key of `name` with the wrapping key.
pub(super) fn open_secret_key(db: &Db, wrap: &Key, store_id: &[u8], name: &str) -> Result<Key> {
    let sealed: Option<Vec<u8>> = db.row(
        "SELECT wrapped FROM secret_keys WHERE name = ?1",
        args![name],
        |r| r.get(0),
    )?;
    let sealed = sealed
        .ok_or_else(|| StoreError::tampered(format!("the key of secret '{name}' is missing")))?;
    crypto::open(wrap, &sealed, &secret_key_aad(store_id, name))
        .and_then(|k| Key::from_slice(&k))
        .ok_or_else(|| {
            StoreError::tampered(format!("the key of secret '{name}' failed authentication"))
        })
}

impl Unlocked {
    /// The key that seals secret `name`'s versions. An access key has only
    /// those of its scope: for any other secret this is exit 7, and there
    /// is no key in this process that could open it.
    pub(super) fn secret_key(&self, db: &Db, name: &str) -> Result<Key> {
        match &self.access {
            Access::Member { wrap, .. } => open_secret_key(db, wrap, self.store_id(), name),
            Access::Key(g) => g
                .secrets
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, k)| k.duplicate())
                .ok_or_else(|| StoreError::NotAllowed(format!("use secret '{name}'"))),
        }
    }

    /// How the store was unlocked.
    pub fn access(&self) -> &Access {
        &self.access
    }

    /// The wrapping key, for what only a member may do; exit 7 naming
    /// `what` for an access key.
    pub(super) fn member_wrap(&self, what: &str) -> Result<&Key> {
        match &self.access {
            Access::Member { wrap, .. } => Ok(wrap),
            Access::Key(_) => Err(StoreError::NotAllowed(what.to_string())),
        }
    }

    // ---- members ----

    /// Every member.
    pub fn list_members(&self) -> Result<Vec<MemberInfo>> {
        self.member_wrap("list members")?;
        self.store.db.rows(
            "SELECT name, created_by, created_at FROM members ORDER BY created_at, name",
            &[],
            |r| {
                Ok(MemberInfo {
                    name: r.get(0)?,
                    created_by: r.get(1)?,
                    created_at: r.get(2)?,
                })
            },
        )
    }

    /// Add a member who unlocks with `passphrase` (one KDF run, at the
    /// store's KDF cost). A taken name is exit 5.
    pub fn add_member(
        &mut self,
        name: &str,
        passphrase: &secrecy::SecretString,
        actor: &str,
    ) -> Result<MemberInfo> {
        let wrap = self.member_wrap("add members")?;
        let store_id = self.store.header.store_id;
        let slot = Slot::new(
            &store_id,
            name,
            passphrase,
            self.store.header.kdf,
            &self.key,
            wrap,
        )?;
        let tx = super::begin_write(&self.store.db, &self.key, &self.store.header)?;
        if self::slot(&tx, name)?.is_some() {
            return Err(StoreError::MemberExists(name.to_string()));
        }
        slot.insert(&tx, actor)?;
        self.commit(tx, super::Change::new("member.add", name))?;
        Ok(MemberInfo {
            name: name.to_string(),
            created_by: actor.to_string(),
            created_at: now_rfc3339(),
        })
    }

    /// Remove a member: their slot and their sessions are deleted at once
    /// (and wiped from the file). The last member cannot be removed.
    pub fn remove_member(&mut self, name: &str) -> Result<super::Ended> {
        self.member_wrap("remove members")?;
        let tx = super::begin_write(&self.store.db, &self.key, &self.store.header)?;
        if slot(&tx, name)?.is_none() {
            return Err(StoreError::NoSuchMember(name.to_string()));
        }
        let count: i64 = tx.value("SELECT count(*) FROM members", &[])?;
        if count <= 1 {
            return Err(StoreError::LastMember(name.to_string()));
        }
        if tx.execute("DELETE FROM members WHERE name = ?1", args![name])? != 1 {
            return Err(StoreError::tampered("a member row survived its deletion"));
        }
        let sessions = tx.execute("DELETE FROM sessions WHERE member = ?1", args![name])?;
        let change =
            super::Change::new("member.remove", name).outcome(format!("{sessions} sessions ended"));
        self.commit(tx, change)?;
        Ok(super::Ended {
            sessions,
            wiped: super::wipe_wal(&self.store.db),
        })
    }

    /// Re-seal the acting member's slot under `new` (one KDF run, a new
    /// salt) and end that member's sessions.
    pub fn change_passphrase(&mut self, new: &secrecy::SecretString) -> Result<super::Ended> {
        let Access::Member { name, wrap, .. } = &self.access else {
            return Err(StoreError::NotAllowed("change a passphrase".into()));
        };
        let store_id = self.store.header.store_id;
        let old = slot(&self.store.db, name)?.ok_or(StoreError::PassphraseChanged)?;
        let slot = Slot::new(&store_id, name, new, old.kdf, &self.key, wrap)?;
        let tx = super::begin_write(&self.store.db, &self.key, &self.store.header)?;
        slot.replace(&tx, &old.wrapped)?;
        let sessions = tx.execute("DELETE FROM sessions WHERE member = ?1", args![name])?;
        let change = super::Change::new("store.passwd", format!("member {name}"))
            .outcome(format!("{sessions} sessions ended"));
        self.commit(tx, change)?;
        Ok(super::Ended {
            sessions,
            wiped: super::wipe_wal(&self.store.db),
        })
    }

    // ---- access keys ----

    /// Make an access key for `scope` (its secrets must exist; none named
    /// means the default secret), valid until `expires_at` (Unix seconds).
    /// Returns what `key list` shows and the key, once.
    pub fn create_key(
        &mut self,
        name: &str,
        mut scope: Scope,
        expires_at: Option<i64>,
        actor: &str,
    ) -> Result<(KeyInfo, Zeroizing<String>)> {
        let wrap = self.member_wrap("create access keys")?;
        let store_id = self.store.header.store_id;
        let tx = super::begin_write(&self.store.db, &self.key, &self.store.header)?;
        let taken: bool = tx.value(
            "SELECT EXISTS (SELECT 1 FROM access_keys WHERE name = ?1)",
            args![name],
        )?;
        if taken {
            return Err(StoreError::KeyExists(name.to_string()));
        }
        if scope.secrets.is_empty() {
            let config = super::read_config(&tx, &self.key, &store_id)?;
            let kid = config.default_secret.ok_or(StoreError::NoDefaultSecret)?;
            let default: Option<String> =
                tx.row("SELECT name FROM secrets WHERE kid = ?1", args![kid], |r| {
                    r.get(0)
                })?;
            scope
                .secrets
                .push(default.ok_or(StoreError::NoDefaultSecret)?);
        }
        let mut plain = Zeroizing::new(Vec::with_capacity(KEY_LEN * (1 + scope.secrets.len())));
        plain.extend_from_slice(self.key.expose_secret());
        for secret in &scope.secrets {
            let exists: bool = tx.value(
                "SELECT EXISTS (SELECT 1 FROM secrets WHERE name = ?1)",
                args![secret],
            )?;
            if !exists {
                return Err(StoreError::NoSuchSecret(secret.clone()));
            }
            let k = open_secret_key(&tx, wrap, &store_id, secret)?;
            plain.push(secret.len() as u8);
            plain.extend_from_slice(secret.as_bytes());
            plain.extend_from_slice(k.expose_secret());
        }
        let text = KeyText {
            id: crypto::random_array(),
            secret: Key::generate(),
        };
        let created_at = now_rfc3339();
        let scope_json =
            serde_json::to_string(&scope).map_err(|_| StoreError::Unencodable("access_keys"))?;
        let aad = key_aad(
            &store_id,
            &text.id,
            name,
            &scope_json,
            expires_at,
            &created_at,
        );
        let wrapped = crypto::seal(&text.kek(), &plain, &aad);
        tx.execute(
            "INSERT INTO access_keys (id, name, created_at, created_by, expires_at, scope, wrapped)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            args![text.id, name, created_at, actor, expires_at, scope_json, wrapped],
        )?;
        self.commit(
            tx,
            super::Change::new("key.create", name).outcome(format!("scope {scope_json}")),
        )?;
        let info = KeyInfo {
            name: name.to_string(),
            scope,
            expires_at: expires_at
                .and_then(crate::token::time::from_unix)
                .map(crate::token::time::rfc3339),
            last_used_at: None,
            revoked_at: None,
            created_by: actor.to_string(),
            created_at,
        };
        Ok((info, text.encode()))
    }

    /// Every access key, oldest first.
    pub fn list_keys(&self) -> Result<Vec<KeyInfo>> {
        self.member_wrap("list access keys")?;
        self.store.db.rows(
            "SELECT name, scope, expires_at, last_used_at, revoked_at, created_by, created_at
             FROM access_keys ORDER BY created_at, name",
            &[],
            |r| {
                let name: String = r.get(0)?;
                let scope: String = r.get(1)?;
                let scope = serde_json::from_str(&scope).map_err(|_| StoreError::Undecodable {
                    table: "access_keys",
                    row: name.clone(),
                })?;
                Ok(KeyInfo {
                    name,
                    scope,
                    expires_at: r
                        .get::<Option<i64>>(2)?
                        .and_then(crate::token::time::from_unix)
                        .map(crate::token::time::rfc3339),
                    last_used_at: r.get(3)?,
                    revoked_at: r.get(4)?,
                    created_by: r.get(5)?,
                    created_at: r.get(6)?,
                })
            },
        )
    }

    /// Revoke an access key at once: its slot is deleted (and wiped from
    /// the file); the row stays for `key list`. Revoking it again is a no-op.
    pub fn revoke_key(&mut self, name: &str) -> Result<bool> {
        self.member_wrap("revoke access keys")?;
        let tx = super::begin_write(&self.store.db, &self.key, &self.store.header)?;
        let revoked: Option<Option<String>> = tx.row(
            "SELECT revoked_at FROM access_keys WHERE name = ?1",
            args![name],
            |r| r.get(0),
        )?;
        match revoked {
            None => return Err(StoreError::NoSuchKey(name.to_string())),
            Some(Some(_)) => return Ok(false),
            Some(None) => {}
        }
        tx.execute(
            "UPDATE access_keys SET revoked_at = ?1, wrapped = ?2 WHERE name = ?3",
            args![now_rfc3339(), Vec::<u8>::new(), name],
        )?;
        self.commit(tx, super::Change::new("key.revoke", name))?;
        super::wipe_wal(&self.store.db);
        Ok(true)
    }
}

// ---- access key text and slots ----

/// An access key as the user holds it: `tka_` + base64url(id || secret).
struct KeyText {
    id: [u8; ID_LEN],
    secret: Key,
}

impl KeyText {
    fn parse(text: &str) -> Result<KeyText> {
        let (id, secret) =
            super::session::decode_id_key(text, KEY_PREFIX).ok_or(StoreError::KeyMalformed)?;
        Ok(KeyText { id, secret })
    }

    fn encode(&self) -> Zeroizing<String> {
        super::session::encode_id_key(KEY_PREFIX, &self.id, &self.secret)
    }

    /// The key that opens this access key's slot. The secret is 256
    /// random bits, so a hash derives it; no passphrase KDF is needed.
    fn kek(&self) -> Key {
        let mut input = Zeroizing::new(Vec::with_capacity(64));
        input.extend_from_slice(b"tokenctl/access-key/v1\0");
        input.extend_from_slice(self.secret.expose_secret());
        let out = Zeroizing::new(crypto::sha256(&input));
        Key::from_array(&out)
    }
}

/// Associated data of an access key's slot: every column that says what
/// the key may do, so none can be changed in the file.
fn key_aad(
    store_id: &[u8],
    id: &[u8],
    name: &str,
    scope: &str,
    expires_at: Option<i64>,
    created_at: &str,
) -> Vec<u8> {
    let mut v = Vec::with_capacity(128 + scope.len());
    v.extend_from_slice(b"tokenctl/access-key/v1\0");
    v.extend_from_slice(store_id);
    v.extend_from_slice(id);
    push_str(&mut v, name);
    push_str(&mut v, scope);
    v.extend_from_slice(&expires_at.unwrap_or(-1).to_be_bytes());
    push_str(&mut v, created_at);
    v
}

impl super::Store {
    /// Unlock with an access key: no KDF. A malformed, unknown, revoked,
    /// expired or wrong key is exit 3.
    pub fn unlock_key(self, text: &str) -> Result<Unlocked> {
        let key = KeyText::parse(text)?;
        type Row = (String, String, Option<i64>, Option<String>, String, Vec<u8>);
        let row: Option<Row> = self.db.row(
            "SELECT name, scope, expires_at, revoked_at, created_at, wrapped
             FROM access_keys WHERE id = ?1",
            args![key.id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )?;
        let Some((name, scope_json, expires_at, revoked_at, created_at, wrapped)) = row else {
            return Err(StoreError::KeyUnknown);
        };
        if revoked_at.is_some() || wrapped.is_empty() {
            return Err(StoreError::KeyRevoked(name));
        }
        if expires_at.is_some_and(|e| e <= Utc::now().timestamp()) {
            let when = expires_at
                .and_then(crate::token::time::from_unix)
                .map_or_else(|| "an unknown time".into(), crate::token::time::rfc3339);
            return Err(StoreError::KeyExpired { name, at: when });
        }
        let aad = key_aad(
            &self.header.store_id,
            &key.id,
            &name,
            &scope_json,
            expires_at,
            &created_at,
        );
        let plain = crypto::open(&key.kek(), &wrapped, &aad).ok_or(StoreError::KeyWrong)?;
        let malformed =
            || StoreError::tampered(format!("access key '{name}' holds a malformed slot"));
        let scope: Scope = serde_json::from_str(&scope_json).map_err(|_| malformed())?;
        let data = plain
            .get(..KEY_LEN)
            .and_then(Key::from_slice)
            .ok_or_else(malformed)?;
        let mut secrets = Vec::new();
        let mut rest = &plain[KEY_LEN..];
        while let Some((&len, tail)) = rest.split_first() {
            let len = usize::from(len);
            if tail.len() < len + KEY_LEN {
                return Err(malformed());
            }
            let secret = std::str::from_utf8(&tail[..len]).map_err(|_| malformed())?;
            let k = Key::from_slice(&tail[len..len + KEY_LEN]).ok_or_else(malformed)?;
            secrets.push((secret.to_string(), k));
            rest = &tail[len + KEY_LEN..];
        }
        // When it was last used; best effort (a read-only store keeps the old time).
        let _ = (|| -> Result<()> {
            let tx = self.db.begin_write()?;
            tx.execute(
                "UPDATE access_keys SET last_used_at = ?1 WHERE id = ?2",
                args![now_rfc3339(), key.id],
            )?;
            tx.commit()
        })();
        let access = Access::Key(Grant {
            name,
            scope,
            secrets,
        });
        Unlocked {
            store: self,
            key: data,
            access,
            witness: Default::default(),
        }
        .migrated()
        .map_err(|failed| failed.1)
    }
}

/// Move a store from before members (header format 1: one passphrase
/// wraps the data key) to member slots, inside `tx`: every secret gets a
/// key of its own under a new wrapping key, and the passphrase becomes
/// the slot of member `name`. `kek` is the key the passphrase derived
/// (so no second KDF run). Returns the new header.
pub(super) fn upgrade(
    tx: &Db,
    header: &Header,
    data: &Key,
    wrap: &Key,
    kek: &Key,
    name: &str,
) -> Result<Header> {
    let store_id = header.store_id;
    let names: Vec<String> = tx.rows(
        "SELECT DISTINCT name FROM secrets ORDER BY name",
        &[],
        |r| r.get(0),
    )?;
    for secret in &names {
        let k = Key::generate();
        super::secrets::reseal_name(tx, data, &k, &store_id, secret)?;
        insert_secret_key(tx, wrap, &store_id, secret, &k)?;
    }
    Slot::with_kek(&store_id, name, header.kdf, header.salt, kek, data, wrap).insert(tx, name)?;
    let next = Header::keyring(store_id, header.kdf, data);
    next.update(tx)?;
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_text_round_trips_and_rejects_others() {
        let k = KeyText {
            id: [7; ID_LEN],
            secret: Key::generate(),
        };
        let text = k.encode();
        assert!(text.starts_with(KEY_PREFIX));
        let back = KeyText::parse(&text).unwrap();
        assert_eq!(back.id, k.id);
        assert_eq!(back.kek().expose_secret(), k.kek().expose_secret());
        for bad in ["", "tka_", "tks_AAAA", &text[..text.len() - 2]] {
            assert!(matches!(KeyText::parse(bad), Err(StoreError::KeyMalformed)));
        }
    }

    /// The signing limit is in the keys, not in a check: with only an
    /// access key and the store file, the production secret's key and its
    /// rows open under nothing the key's slot holds.
    #[test]
    fn an_access_key_slot_holds_no_key_that_opens_another_secret() {
        use crate::secret::{Algorithm, SecretValue};
        use crate::store::{InitOptions, Location, NewSecret, Store};
        let dir = tempfile::tempdir().unwrap();
        let location = Location::File(dir.path().join("store.db"));
        let pass = secrecy::SecretString::from("a member's passphrase");
        let kdf = KdfParams {
            memory_kib: KdfParams::MIN_MEMORY_KIB,
            iterations: 2,
            parallelism: 1,
        };
        let dev = SecretValue::generate(Algorithm::HS256);
        let prod = SecretValue::generate(Algorithm::HS256);
        let mut u = Store::create(
            &location,
            &InitOptions {
                member: "alice",
                passphrase: &pass,
                kdf,
                issuer: None,
                default_secret: Some(NewSecret {
                    name: "dev",
                    algorithm: Algorithm::HS256,
                    value: &dev,
                    created_by: "alice",
                    make_default: true,
                }),
                label: None,
                anchors: None,
            },
        )
        .unwrap();
        u.add_secret(&NewSecret {
            name: "prod",
            algorithm: Algorithm::HS256,
            value: &prod,
            created_by: "alice",
            make_default: false,
        })
        .unwrap();
        let scope = Scope {
            allow: vec!["mint".into()],
            types: vec![TokenType::Development],
            secrets: vec!["dev".into()],
            max_ttl: Some(7200),
            ttl: None,
        };
        let (_, text) = u.create_key("ci", scope, None, "alice").unwrap();
        drop(u);

        let by_key = Store::open(&location).unwrap().unlock_key(&text).unwrap();
        let Access::Key(grant) = &by_key.access else {
            panic!("an access key unlocks as a key");
        };
        // What the slot holds: the data key and the dev secret's key.
        let mut held: Vec<&Key> = vec![&by_key.key];
        held.extend(grant.secrets.iter().map(|(_, k)| k));
        assert_eq!(grant.secrets.len(), 1);
        let db = &by_key.store.db;
        let store_id = by_key.store.header.store_id;
        let wrapped: Vec<u8> = db
            .value("SELECT wrapped FROM secret_keys WHERE name = 'prod'", &[])
            .unwrap();
        let rows: Vec<(String, i64, Vec<u8>)> = db
            .rows(
                "SELECT kid, version, sealed FROM secrets WHERE name = 'prod'",
                &[],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(rows.len(), 1);
        for k in &held {
            assert!(crypto::open(k, &wrapped, &secret_key_aad(&store_id, "prod")).is_none());
            for (kid, version, sealed) in &rows {
                let aad = crypto::row_aad(&store_id, "secrets", kid, *version);
                assert!(crypto::open(k, sealed, &aad).is_none());
            }
        }
        // And through the store's own paths: exit 7, while dev signs.
        assert!(matches!(
            by_key.secret("prod"),
            Err(StoreError::NotAllowed(_))
        ));
        let (_, _, value) = by_key.secret("dev").unwrap();
        assert_eq!(value.expose_secret(), dev.expose_secret());
    }

    #[test]
    fn a_key_owns_only_what_it_minted() {
        let g = Access::Key(Grant {
            name: "ci".into(),
            scope: Scope {
                allow: vec!["mint".into()],
                types: vec![TokenType::Development],
                secrets: vec!["dev".into()],
                max_ttl: None,
                ttl: None,
            },
            secrets: Vec::new(),
        });
        assert!(g.minted("key:ci"));
        assert!(g.minted("key:ci (job-42)"));
        assert!(!g.minted("key:ci2"));
        assert!(!g.minted("alice"));
        assert!(!g.minted("key:cix (job)"));
        assert_eq!(g.actor(), "key:ci");
    }
}
