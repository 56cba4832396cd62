//! Unlock sessions: a member's keys sealed under a random session key.
//!
//! `unlock` runs the KDF once and writes a `sessions` row holding the data
//! key sealed under a fresh 256-bit session key, bound to the store, the
//! session id and its expiry. The session key goes to the user (as
//! `tks_` + base64url(id || key)); the store keeps only the sealed copy.
//! A later command with the session key opens that row and skips the KDF.
//! `lock` deletes every row, and expired rows are deleted by the next command
//! that opens the store, so once a session has ended its key unwraps nothing.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use zeroize::Zeroizing;

use super::db::{args, Db};
use super::error::{Result, StoreError};
use super::{Store, Unlocked};
use crate::crypto::{self, Key, KEY_LEN};

/// Prefix of every session key, so a leaked one is recognisable.
pub const SESSION_PREFIX: &str = "tks_";
pub(super) const ID_LEN: usize = 16;

/// A session key as parsed from `TOKENCTL_SESSION`.
struct SessionKey {
    id: [u8; ID_LEN],
    key: Key,
}

impl SessionKey {
    fn parse(text: &str) -> Result<SessionKey> {
        let (id, key) = decode_id_key(text, SESSION_PREFIX).ok_or(StoreError::SessionMalformed)?;
        Ok(SessionKey { id, key })
    }

    fn encode(&self) -> Zeroizing<String> {
        encode_id_key(SESSION_PREFIX, &self.id, &self.key)
    }
}

/// `prefix` + base64url(id || key): how a session key or an access key is
/// handed to the user. `None` for anything else.
pub(super) fn decode_id_key(text: &str, prefix: &str) -> Option<([u8; ID_LEN], Key)> {
    let body = text.trim().strip_prefix(prefix)?;
    let raw = Zeroizing::new(URL_SAFE_NO_PAD.decode(body).ok()?);
    if raw.len() != ID_LEN + KEY_LEN {
        return None;
    }
    let (id, key) = raw.split_at(ID_LEN);
    Some((id.try_into().ok()?, Key::from_slice(key)?))
}

/// The text [`decode_id_key`] reads.
pub(super) fn encode_id_key(prefix: &str, id: &[u8; ID_LEN], key: &Key) -> Zeroizing<String> {
    let mut raw = Zeroizing::new(Vec::with_capacity(ID_LEN + KEY_LEN));
    raw.extend_from_slice(id);
    raw.extend_from_slice(key.expose_secret());
    let mut s = Zeroizing::new(String::with_capacity(prefix.len() + 64));
    s.push_str(prefix);
    URL_SAFE_NO_PAD.encode_string(&raw[..], &mut s);
    s
}

/// Associated data of a session's sealed keys: store, session id, expiry
/// and the member it belongs to.
fn aad(store_id: &[u8], id: &[u8], expires_at: i64, member: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(64 + member.len());
    v.extend_from_slice(b"tokenctl/session/v2\0");
    v.extend_from_slice(store_id);
    v.extend_from_slice(id);
    v.extend_from_slice(&expires_at.to_be_bytes());
    v.extend_from_slice(member.as_bytes());
    v
}

/// Delete expired sessions. Best effort: a read-only or busy store keeps
/// them until a later command (they are refused on use either way).
pub(super) fn purge_expired(db: &Db) {
    let now = Utc::now().timestamp();
    let any: Result<bool> = db.value(
        "SELECT EXISTS (SELECT 1 FROM sessions WHERE expires_at <= ?1)",
        args![now],
    );
    if !matches!(any, Ok(true)) {
        return;
    }
    let _ = (|| -> Result<()> {
        let tx = db.begin_write()?;
        tx.execute("DELETE FROM sessions WHERE expires_at <= ?1", args![now])?;
        tx.commit()
    })();
}

/// Delete every session row inside `tx`; the write must take effect.
pub(super) fn end_all(tx: &Db) -> Result<usize> {
    let n = tx.execute("DELETE FROM sessions", &[])?;
    let left: i64 = tx.value("SELECT count(*) FROM sessions", &[])?;
    if left != 0 {
        return Err(StoreError::tampered("session rows survived their deletion"));
    }
    Ok(n)
}

/// Sessions ended by `lock`, `store passwd` or `store rekey`.
#[derive(Debug, Clone, Copy)]
pub struct Ended {
    /// How many sessions there were.
    pub sessions: usize,
    /// Whether their sealed keys are gone from the store file and its -wal
    /// too. `false` when another process was reading the store, so the
    /// -wal could not be emptied yet.
    pub wiped: bool,
}

/// A new session as `unlock` reports it.
pub struct NewSession {
    /// The session key to hand to the user (`tks_...`).
    pub key: Zeroizing<String>,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

impl Store {
    /// Unlock with a session key from `tokenctl unlock`: no KDF. An unknown,
    /// ended, expired or wrong session is exit 3.
    pub fn unlock_session(self, text: &str) -> Result<Unlocked> {
        let session = SessionKey::parse(text)?;
        let row: Option<(i64, Vec<u8>, String)> = self.db.row(
            "SELECT expires_at, wrapped, member FROM sessions WHERE id = ?1",
            args![session.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let Some((expires_at, wrapped, member)) = row else {
            return Err(StoreError::SessionEnded);
        };
        if expires_at <= Utc::now().timestamp() {
            let when = crate::token::time::from_unix(expires_at)
                .map_or_else(|| "an unknown time".into(), crate::token::time::rfc3339);
            return Err(StoreError::SessionExpired(when));
        }
        let plain = crypto::open(
            &session.key,
            &wrapped,
            &aad(&self.header.store_id, &session.id, expires_at, &member),
        )
        .ok_or(StoreError::SessionWrong)?;
        let (key, wrap) = super::keyring::unpair(&plain)
            .ok_or_else(|| StoreError::tampered("a session row holds a malformed key"))?;
        Unlocked {
            store: self,
            key,
            access: super::Access::Member {
                name: member,
                wrap,
                slot: Vec::new(),
            },
            witness: Default::default(),
        }
        .migrated()
        .map_err(|failed| failed.1)
    }

    /// End every session of this store at once, and wipe their sealed
    /// keys from the file and its -wal.
    /// Without the key the event cannot be sealed: it is kept aside and
    /// sealed into the audit log, as `unauthenticated`, by the next change
    /// ([`Unlocked::lock`] logs who).
    pub fn lock(&mut self) -> Result<Ended> {
        let tx = self.db.begin_write()?;
        let sessions = end_all(&tx)?;
        if sessions > 0 {
            super::audit::pend(&tx, "session.lock", &format!("{sessions} sessions ended"))?;
        }
        tx.commit()?;
        Ok(Ended {
            sessions,
            wiped: super::wipe_wal(&self.db),
        })
    }
}

impl Unlocked {
    /// End every session, as [`Store::lock`] does, logging who did.
    pub fn lock(&mut self) -> Result<Ended> {
        let tx = super::begin_write(&self.store.db, &self.key, &self.store.header)?;
        let sessions = end_all(&tx)?;
        let change = super::Change::new("session.lock", "every session")
            .outcome(format!("{sessions} ended"));
        self.commit(tx, change)?;
        Ok(Ended {
            sessions,
            wiped: super::wipe_wal(&self.store.db),
        })
    }

    /// Start a session that ends at `expires_at`: the data key, sealed under a
    /// fresh session key, is written to the store; the key is returned once.
    pub fn start_session(&mut self, expires_at: DateTime<Utc>) -> Result<NewSession> {
        let session = SessionKey {
            id: crypto::random_array(),
            key: Key::generate(),
        };
        let exp = expires_at.timestamp();
        let super::Access::Member { name, wrap, slot } = &self.access else {
            return Err(StoreError::NotAllowed("start a session".into()));
        };
        let wrapped = crypto::seal(
            &session.key,
            &super::keyring::pair(&self.key, wrap),
            &aad(&self.store.header.store_id, &session.id, exp, name),
        );
        let tx = self.store.db.begin_write()?;
        // A passphrase change that committed while the KDF ran would end
        // every session; this one must not outlive it.
        let current = super::Header::read(&tx)?;
        // The slot this process opened must still be the member's: a
        // passphrase change or removal since then ends the session's chance.
        let now_slot: Option<Vec<u8>> = tx.row(
            "SELECT wrapped FROM members WHERE name = ?1",
            args![name],
            |r| r.get(0),
        )?;
        let still_member = now_slot.is_some_and(|s| slot.is_empty() || crypto::ct_eq(&s, slot));
        if !crypto::ct_eq(&current.checksum, &self.store.header.checksum) || !still_member {
            return Err(StoreError::PassphraseChangedSession);
        }
        tx.execute(
            "DELETE FROM sessions WHERE expires_at <= ?1",
            args![Utc::now().timestamp()],
        )?;
        tx.execute(
            "INSERT INTO sessions (id, created_at, expires_at, wrapped, member)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            args![session.id, super::now_rfc3339(), exp, wrapped, name],
        )?;
        let change = super::Change::new("session.unlock", format!("member {name}"))
            .outcome(format!("until {}", crate::token::time::rfc3339(expires_at)));
        self.commit(tx, change)?;
        Ok(NewSession {
            key: session.encode(),
            expires_at,
        })
    }

    /// End one session, by its key (used when its key could not be handed over).
    pub fn end_session(&mut self, text: &str) -> Result<()> {
        let session = SessionKey::parse(text)?;
        let tx = self.store.db.begin_write()?;
        let n = tx.execute("DELETE FROM sessions WHERE id = ?1", args![session.id])?;
        if n > 0 {
            // An undelivered session's key: logged when the data key is
            // still the store's (else it waits, like `lock`).
            if super::ensure_current_key(&tx, &self.key, &self.store.header).is_ok() {
                let change = super::Change::new("session.lock", "1 session").outcome("undelivered");
                self.commit(tx, change)?;
            } else {
                super::audit::pend(&tx, "session.lock", "1 undelivered session ended")?;
                tx.commit()?;
            }
        } else {
            tx.commit()?;
        }
        super::wipe_wal(&self.store.db);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_keys_round_trip_and_refuse_garbage() {
        let s = SessionKey {
            id: [7; ID_LEN],
            key: Key::generate(),
        };
        let text = s.encode();
        assert!(text.starts_with(SESSION_PREFIX));
        let back = SessionKey::parse(&text).unwrap();
        assert_eq!(back.id, s.id);
        assert_eq!(back.key.expose_secret(), s.key.expose_secret());
        for bad in [
            "",
            "tks_",
            "tks_!!!!",
            &text[SESSION_PREFIX.len()..],
            &text[..text.len() - 1],
            &format!("{}AA", &*text),
        ] {
            let e = SessionKey::parse(bad).err().expect(bad);
            assert!(matches!(e, StoreError::SessionMalformed), "{bad}");
        }
    }

    #[test]
    fn the_sealed_key_is_bound_to_store_id_and_expiry() {
        let sk = Key::generate();
        let data = Key::generate();
        let sealed = crypto::seal(
            &sk,
            data.expose_secret(),
            &aad(b"store-a", b"id", 100, "alice"),
        );
        assert!(crypto::open(&sk, &sealed, &aad(b"store-a", b"id", 100, "alice")).is_some());
        assert!(crypto::open(&sk, &sealed, &aad(b"store-a", b"id", 101, "alice")).is_none());
        assert!(crypto::open(&sk, &sealed, &aad(b"store-b", b"id", 100, "alice")).is_none());
        assert!(crypto::open(&sk, &sealed, &aad(b"store-a", b"iD", 100, "alice")).is_none());
        assert!(crypto::open(&sk, &sealed, &aad(b"store-a", b"id", 100, "bob")).is_none());
    }
}
