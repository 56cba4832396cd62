//! This machine's record of how far each store's audit chain has reached:
//! one small file per store id, in a 0700 directory, sealed under a key
//! derived from a secret only the store's config holds, with an entry per
//! place the store was used at (a file path, a database URL). A store whose
//! chain is shorter than what this machine has seen there, or whose event
//! at that position is another, was put back to an older copy. A copy made
//! with `store copy` lives at another place and goes on by itself.

use std::fs;
use std::io::{ErrorKind, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

use super::error::Result;
use super::StoreError;
use crate::crypto::{self, Key};

/// The secret the anchors of a store are sealed under (kept in its config).
pub struct AnchorSecret(Zeroizing<[u8; 32]>);

impl AnchorSecret {
    /// A new random one.
    pub fn generate() -> AnchorSecret {
        AnchorSecret(Zeroizing::new(crypto::random_array()))
    }

    /// The key sealing this store's anchor files.
    pub(super) fn key(&self, store_id: &[u8]) -> Key {
        let mut input = Zeroizing::new(Vec::with_capacity(64));
        input.extend_from_slice(b"tokenctl/anchor/v1\0");
        input.extend_from_slice(&self.0[..]);
        input.extend_from_slice(store_id);
        Key::from_array(&Zeroizing::new(crypto::sha256(&input)))
    }
}

impl Clone for AnchorSecret {
    fn clone(&self) -> Self {
        AnchorSecret(self.0.clone())
    }
}

impl std::fmt::Debug for AnchorSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AnchorSecret(..)")
    }
}

impl Serialize for AnchorSecret {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&Zeroizing::new(STANDARD.encode(&self.0[..])))
    }
}

impl<'de> Deserialize<'de> for AnchorSecret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = Zeroizing::new(String::deserialize(d)?);
        let bytes = Zeroizing::new(
            STANDARD
                .decode(text.as_bytes())
                .map_err(serde::de::Error::custom)?,
        );
        let arr: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| serde::de::Error::custom("an anchor secret is 32 bytes"))?;
        Ok(AnchorSecret(Zeroizing::new(arr)))
    }
}

/// How far this machine has seen a store's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    /// Its length.
    pub length: u64,
    /// The hash of its event at that length (hex).
    pub head: String,
}

/// What this machine has seen of one store, by place.
pub type Records = std::collections::BTreeMap<String, Seen>;

/// The anchor file of `store_id` in `dir`.
pub(super) fn path(dir: &Path, store_id: &[u8]) -> PathBuf {
    dir.join(crypto::hex_string(store_id))
}

fn aad(store_id: &[u8]) -> Vec<u8> {
    let mut v = b"tokenctl/anchor/v1\0".to_vec();
    v.extend_from_slice(store_id);
    v
}

/// What the anchor file at `path` says; `None` when there is none. A file
/// that does not authenticate is an error (fail closed).
pub(super) fn read(path: &Path, key: &Key, store_id: &[u8]) -> Result<Records> {
    match load(path)? {
        Some(sealed) => open(path, &sealed, key, store_id),
        None => Ok(Records::new()),
    }
}

/// The sealed bytes of the anchor file at `path`; `None` when there is
/// none, or it is another user's that this one may not read (a command
/// run as another user keeps no record of its own there).
pub(super) fn load(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::PermissionDenied) => Ok(None),
        Err(e) => Err(StoreError::AnchorBad {
            path: path.to_path_buf(),
            why: format!("cannot be read: {e}"),
        }),
    }
}

/// Open the anchor file's `sealed` bytes; one that does not authenticate
/// is an error.
pub(super) fn open(path: &Path, sealed: &[u8], key: &Key, store_id: &[u8]) -> Result<Records> {
    let bad = |why: &str| StoreError::AnchorBad {
        path: path.to_path_buf(),
        why: why.to_string(),
    };
    let plain = crypto::open(key, sealed, &aad(store_id))
        .ok_or_else(|| bad("does not authenticate: it was edited, or belongs to another store"))?;
    serde_json::from_slice(&plain).map_err(|_| bad("cannot be read by this version of tokenctl"))
}

/// Write `seen` to `path` (its directory 0700, the file 0600), replacing
/// the old file in one rename.
pub(super) fn write(path: &Path, key: &Key, store_id: &[u8], seen: &Records) -> Result<()> {
    let bad = |e: std::io::Error| StoreError::AnchorBad {
        path: path.to_path_buf(),
        why: format!("cannot be written: {e}"),
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(bad)?;
    let plain = serde_json::to_vec(seen).map_err(|_| StoreError::Unencodable("anchor"))?;
    let sealed = crypto::seal(key, &plain, &aad(store_id));
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let written = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(&sealed)?;
        // Not synced: a crash loses at most the latest position, which the
        // next command records again.
        fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written.map_err(bad)
}

/// Record `seen` at `place` unless the file already records as far or
/// further there (another process may have written a later position
/// meanwhile). A file that does not authenticate is left as it is.
pub(super) fn advance(
    path: &Path,
    key: &Key,
    store_id: &[u8],
    place: &str,
    seen: Seen,
) -> Result<()> {
    let mut records = read(path, key, store_id)?;
    if records
        .get(place)
        .is_some_and(|old| old.length >= seen.length)
    {
        return Ok(());
    }
    records.insert(place.to_string(), seen);
    write(path, key, store_id, &records)
}
