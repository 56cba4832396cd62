//! The store header: format, store id, KDF parameters, salt and the wrapped data key.
//!
//! Two layers protect it. A SHA-256 checksum over every field tells
//! corruption (exit 4) apart from a wrong passphrase (exit 3) before any
//! KDF runs. And the header's fields are the associated data of the wrapped
//! data key, so no field can be changed without the passphrase noticing.

use secrecy::SecretString;

use super::db::{args, Db};
use super::error::{Result, StoreError};
use crate::crypto::{self, KdfError, KdfParams, Key, SALT_LEN};

/// Layout version of the header itself: 1 when the header's passphrase
/// wrapped the data key (before members), 2 since member slots do and
/// the header's `wrapped_key` is a check value sealed under the data key.
pub const HEADER_FORMAT: i64 = 2;
/// The header of a store from before members.
pub const LEGACY_FORMAT: i64 = 1;
const KDF_NAME: &str = "argon2id";

/// The store header as read from (or written to) the `header` row.
#[derive(Debug, Clone)]
pub struct Header {
    /// Layout version of this header.
    pub format: i64,
    /// Random id of this store, bound into every sealed row.
    pub store_id: [u8; 16],
    /// Argon2id cost.
    pub kdf: KdfParams,
    /// KDF salt.
    pub salt: [u8; SALT_LEN],
    /// The data key sealed under the passphrase key (nonce || ciphertext).
    pub wrapped_key: Vec<u8>,
    /// SHA-256 over every other field.
    pub checksum: [u8; 32],
}

/// Run the KDF for a passphrase; parameters out of bounds are corruption.
pub(super) fn derive(passphrase: &SecretString, salt: &[u8], kdf: KdfParams) -> Result<Key> {
    crypto::derive_key(passphrase, salt, kdf).map_err(|e| match e {
        KdfError::Params(why) => corrupt(&why),
        memory => kdf_error(memory),
    })
}

impl Header {
    /// A new header for a store with a fresh id and the KDF cost its
    /// members' slots use.
    pub fn new(kdf: KdfParams, data_key: &Key) -> Header {
        Self::keyring(crypto::random_array(), kdf, data_key)
    }

    /// The header of store `store_id` whose data key is `data_key`: its
    /// `wrapped_key` is a check value sealed under that key, so a new data
    /// key (`store rekey`) makes a new header.
    pub(super) fn keyring(store_id: [u8; 16], kdf: KdfParams, data_key: &Key) -> Header {
        let mut h = Header {
            format: HEADER_FORMAT,
            store_id,
            kdf,
            salt: crypto::random_array(),
            wrapped_key: Vec::new(),
            checksum: [0; 32],
        };
        h.wrapped_key = crypto::seal(data_key, b"tokenctl/keyring/v1", &h.associated_data());
        h.checksum = h.compute_checksum();
        h
    }

    /// Whether this is the header of a store from before members.
    pub fn is_legacy(&self) -> bool {
        self.format == LEGACY_FORMAT
    }

    /// The canonical bytes of every field but the wrapped key and checksum.
    fn associated_data(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(96);
        v.extend_from_slice(b"tokenctl/header\0");
        v.extend_from_slice(&self.format.to_be_bytes());
        v.extend_from_slice(&self.store_id);
        v.extend_from_slice(KDF_NAME.as_bytes());
        v.push(0);
        v.extend_from_slice(&self.kdf.memory_kib.to_be_bytes());
        v.extend_from_slice(&self.kdf.iterations.to_be_bytes());
        v.extend_from_slice(&self.kdf.parallelism.to_be_bytes());
        v.extend_from_slice(&self.salt);
        v
    }

    fn compute_checksum(&self) -> [u8; 32] {
        let mut v = self.associated_data();
        v.extend_from_slice(&self.wrapped_key);
        crypto::sha256(&v)
    }

    /// Read and check the header: checksum and KDF bounds, before any KDF runs.
    pub(crate) fn read(db: &Db) -> Result<Header> {
        type Row = (
            i64,
            Vec<u8>,
            String,
            i64,
            i64,
            i64,
            Vec<u8>,
            Vec<u8>,
            Vec<u8>,
        );
        let row: Option<Row> = db
            .row(
                "SELECT format, store_id, kdf, kdf_memory_kib, kdf_iterations, kdf_parallelism,
                        salt, wrapped_key, checksum FROM header WHERE id = 1",
                &[],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                    ))
                },
            )
            .map_err(|_| corrupt("its header row cannot be read"))?;
        let (format, store_id, kdf, mem, iters, par, salt, wrapped_key, checksum) =
            row.ok_or_else(|| corrupt("its header row is missing"))?;
        if format != HEADER_FORMAT && format != LEGACY_FORMAT {
            return Err(corrupt(&format!("unknown header format {format}")));
        }
        if kdf != KDF_NAME {
            return Err(corrupt(&format!("unknown KDF '{}'", kdf.escape_debug())));
        }
        let as_u32 =
            |v: i64| u32::try_from(v).map_err(|_| corrupt("its KDF parameters are out of range"));
        let params = KdfParams {
            memory_kib: as_u32(mem)?,
            iterations: as_u32(iters)?,
            parallelism: as_u32(par)?,
        };
        let header = Header {
            format,
            store_id: store_id
                .try_into()
                .map_err(|_| corrupt("its store id has the wrong length"))?,
            kdf: params,
            salt: salt
                .try_into()
                .map_err(|_| corrupt("its salt has the wrong length"))?,
            wrapped_key,
            checksum: checksum
                .try_into()
                .map_err(|_| corrupt("its checksum has the wrong length"))?,
        };
        if !crypto::ct_eq(&header.compute_checksum(), &header.checksum) {
            return Err(corrupt("its header checksum does not match"));
        }
        params
            .check()
            .map_err(|why| corrupt(&format!("refusing its KDF parameters: {why}")))?;
        Ok(header)
    }

    /// A store from before members: derive the passphrase key and unwrap
    /// the data key; failure is a wrong passphrase. The derived key comes
    /// back too, to seal the first member's slot without a second KDF run.
    pub(super) fn unwrap_legacy(&self, passphrase: &SecretString) -> Result<(Key, Key)> {
        let kek = derive(passphrase, &self.salt, self.kdf)?;
        let key = crypto::open(&kek, &self.wrapped_key, &self.associated_data())
            .and_then(|k| Key::from_slice(&k))
            .ok_or(StoreError::WrongPassphrase)?;
        Ok((key, kek))
    }

    /// Insert as the one header row.
    pub(crate) fn insert(&self, db: &Db) -> Result<()> {
        db.execute(
            "INSERT INTO header (id, format, store_id, kdf, kdf_memory_kib, kdf_iterations,
                                 kdf_parallelism, salt, wrapped_key, checksum)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            args![
                self.format,
                self.store_id,
                KDF_NAME,
                self.kdf.memory_kib,
                self.kdf.iterations,
                self.kdf.parallelism,
                self.salt,
                self.wrapped_key,
                self.checksum,
            ],
        )?;
        Ok(())
    }

    /// Replace the header row's format, salt, wrapped key and checksum.
    pub(crate) fn update(&self, db: &Db) -> Result<()> {
        let n = db.execute(
            "UPDATE header SET format = ?1, salt = ?2, wrapped_key = ?3, checksum = ?4 WHERE id = 1",
            args![self.format, self.salt, self.wrapped_key, self.checksum],
        )?;
        if n != 1 {
            return Err(corrupt("its header row is missing"));
        }
        Ok(())
    }
}

fn kdf_error(e: KdfError) -> StoreError {
    match e {
        KdfError::Params(why) => StoreError::KdfParams(why),
        KdfError::Memory { mib } => StoreError::KdfMemory { mib },
    }
}

fn corrupt(why: &str) -> StoreError {
    StoreError::CorruptHeader(why.to_string())
}
