//! Key derivation, sealing with associated data, and key newtypes.
//!
//! Keys live in [`Key`], which zeroizes on drop and never prints. Sealed
//! blobs are `nonce (24) || ciphertext+tag`, made with XChaCha20-Poly1305
//! and a fresh random nonce per write.

use std::fmt;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Length of every symmetric key, in bytes.
pub const KEY_LEN: usize = 32;
/// Length of an XChaCha20 nonce.
pub const NONCE_LEN: usize = 24;
/// Length of the Poly1305 tag.
pub const TAG_LEN: usize = 16;
/// Length of a KDF salt.
pub const SALT_LEN: usize = 16;

/// A 256-bit symmetric key: zeroized on drop, redacted in `Debug`, never cloned.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct Key([u8; KEY_LEN]);

impl Key {
    /// A fresh random key from the operating system's CSPRNG.
    pub fn generate() -> Self {
        let mut k = Key([0u8; KEY_LEN]);
        fill_random(&mut k.0);
        k
    }

    /// Take a key from exactly 32 bytes; `None` for any other length.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        let arr: [u8; KEY_LEN] = bytes.try_into().ok()?;
        Some(Key(arr))
    }

    /// Exactly 32 bytes as a key.
    pub fn from_array(bytes: &[u8; KEY_LEN]) -> Self {
        Key(*bytes)
    }

    /// A second key with the same bytes (for another thread or a slot),
    /// zeroized on drop like this one.
    pub fn duplicate(&self) -> Self {
        Key(self.0)
    }

    /// The raw key bytes. Callers must not copy them anywhere that outlives the key.
    pub fn expose_secret(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key([REDACTED])")
    }
}

/// Fill `buf` with cryptographically secure random bytes.
pub fn fill_random(buf: &mut [u8]) {
    rand::rng().fill_bytes(buf);
}

/// Random bytes as a fixed-size array.
pub fn random_array<const N: usize>() -> [u8; N] {
    let mut a = [0u8; N];
    fill_random(&mut a);
    a
}

/// Argon2id cost parameters, as stored in the store header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl KdfParams {
    /// The floor: 19 MiB, 2 passes (OWASP's Argon2id minimum).
    pub const MIN_MEMORY_KIB: u32 = 19 * 1024;
    /// The floor on passes.
    pub const MIN_ITERATIONS: u32 = 2;
    /// The ceiling: 4 GiB.
    pub const MAX_MEMORY_KIB: u32 = 4 * 1024 * 1024;
    /// The ceiling on passes.
    pub const MAX_ITERATIONS: u32 = 20;
    /// The ceiling on lanes.
    pub const MAX_PARALLELISM: u32 = 64;

    /// RFC 9106's second recommended option: 64 MiB, 3 passes, 4 lanes.
    pub const DEFAULT: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 4,
    };

    /// Check the parameters against the floor and ceiling; `Err` says which bound.
    pub fn check(&self) -> Result<(), String> {
        if self.memory_kib < Self::MIN_MEMORY_KIB {
            return Err(format!(
                "KDF memory {} KiB is under the floor of {} MiB",
                self.memory_kib,
                Self::MIN_MEMORY_KIB / 1024
            ));
        }
        if self.memory_kib > Self::MAX_MEMORY_KIB {
            return Err(format!(
                "KDF memory {} KiB is over the ceiling of {} GiB",
                self.memory_kib,
                Self::MAX_MEMORY_KIB / 1024 / 1024
            ));
        }
        if self.iterations < Self::MIN_ITERATIONS || self.iterations > Self::MAX_ITERATIONS {
            return Err(format!(
                "KDF iterations {} are outside {}..={}",
                self.iterations,
                Self::MIN_ITERATIONS,
                Self::MAX_ITERATIONS
            ));
        }
        if self.parallelism < 1 || self.parallelism > Self::MAX_PARALLELISM {
            return Err(format!(
                "KDF parallelism {} is outside 1..={}",
                self.parallelism,
                Self::MAX_PARALLELISM
            ));
        }
        // Argon2 needs at least 8 KiB per lane.
        if self.memory_kib < 8 * self.parallelism {
            return Err("KDF memory is too small for its parallelism".into());
        }
        Ok(())
    }
}

/// Why a key could not be derived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KdfError {
    /// The parameters are outside the bounds or invalid.
    Params(String),
    /// The memory the parameters ask for could not be allocated.
    Memory {
        /// How much was asked for, in MiB.
        mib: u32,
    },
}

impl fmt::Display for KdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KdfError::Params(why) => f.write_str(why),
            KdfError::Memory { mib } => write!(
                f,
                "cannot allocate the {mib} MiB of memory the key derivation (Argon2id) needs"
            ),
        }
    }
}

/// Run Argon2id over `passphrase` and `salt`. The memory is allocated
/// fallibly, so a host that cannot give it is an error, not an abort, and
/// it is wiped afterwards.
pub fn derive_key(
    passphrase: &SecretString,
    salt: &[u8],
    params: KdfParams,
) -> Result<Key, KdfError> {
    params.check().map_err(KdfError::Params)?;
    let p = argon2::Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        Some(KEY_LEN),
    )
    .map_err(|e| KdfError::Params(format!("invalid KDF parameters: {e}")))?;
    let blocks = p.block_count();
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, p);
    let mut memory: Vec<argon2::Block> = Vec::new();
    memory
        .try_reserve_exact(blocks)
        .map_err(|_| KdfError::Memory {
            mib: params.memory_kib / 1024,
        })?;
    memory.resize(blocks, argon2::Block::default());
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    let result = argon.hash_password_into_with_memory(
        passphrase.expose_secret().as_bytes(),
        salt,
        out.as_mut(),
        &mut memory,
    );
    memory.iter_mut().for_each(Zeroize::zeroize);
    result.map_err(|e| KdfError::Params(format!("key derivation failed: {e}")))?;
    Ok(Key(*out))
}

/// Seal `plaintext` under `key`, bound to `aad`. Returns `nonce || ciphertext`.
pub fn seal(key: &Key, plaintext: &[u8], aad: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.expose_secret().into());
    let nonce: [u8; NONCE_LEN] = random_array();
    let ct = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        // Encryption only fails for inputs over 256 GiB.
        .unwrap_or_default();
    let mut out = Vec::with_capacity(NONCE_LEN + ct.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    out
}

/// Open a blob made by [`seal`]; `None` unless it authenticates under `key` and `aad`.
pub fn open(key: &Key, sealed: &[u8], aad: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if sealed.len() < NONCE_LEN + TAG_LEN {
        return None;
    }
    let (nonce, ct) = sealed.split_at(NONCE_LEN);
    let cipher = XChaCha20Poly1305::new(key.expose_secret().into());
    cipher
        .decrypt(XNonce::from_slice(nonce), Payload { msg: ct, aad })
        .ok()
        .map(Zeroizing::new)
}

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(data).into()
}

/// Constant-time equality for digests and tags.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Associated data binding a sealed value to its store, table, row and version.
pub fn row_aad(store_id: &[u8], table: &str, row_id: &str, version: i64) -> Vec<u8> {
    let mut aad = Vec::with_capacity(64 + table.len() + row_id.len());
    aad.extend_from_slice(b"tokenctl/row/v1\0");
    aad.extend_from_slice(store_id);
    for part in [table.as_bytes(), row_id.as_bytes()] {
        aad.extend_from_slice(&(part.len() as u32).to_be_bytes());
        aad.extend_from_slice(part);
    }
    aad.extend_from_slice(&version.to_be_bytes());
    aad
}

/// Lower-case hex of `bytes`, through `hex`'s table-driven slice encoder
/// (its `encode` collects chars one at a time, which shows in listings).
pub fn hex_string(bytes: &[u8]) -> String {
    let mut out = vec![0u8; bytes.len() * 2];
    // The buffer is exactly twice as long, which is all this can fail on.
    let _ = hex::encode_to_slice(bytes, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_round_trip_and_binding() {
        let k = Key::generate();
        let aad = row_aad(b"store-a", "secrets", "r1", 1);
        let sealed = seal(&k, b"hello", &aad);
        assert_eq!(open(&k, &sealed, &aad).unwrap().as_slice(), b"hello");
        // Another row, version, table or store: refused.
        for other in [
            row_aad(b"store-a", "secrets", "r2", 1),
            row_aad(b"store-a", "secrets", "r1", 2),
            row_aad(b"store-a", "tokens", "r1", 1),
            row_aad(b"store-b", "secrets", "r1", 1),
        ] {
            assert!(open(&k, &sealed, &other).is_none());
        }
        // Another key: refused.
        assert!(open(&Key::generate(), &sealed, &aad).is_none());
        // Any flipped bit: refused.
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 0x01;
            assert!(open(&k, &bad, &aad).is_none(), "flip at {i} accepted");
        }
        assert!(open(&k, &sealed[..10], &aad).is_none());
    }

    #[test]
    fn nonces_are_fresh() {
        let k = Key::generate();
        assert_ne!(seal(&k, b"x", b""), seal(&k, b"x", b""));
    }

    #[test]
    fn kdf_bounds() {
        assert!(KdfParams::DEFAULT.check().is_ok());
        let low = KdfParams {
            memory_kib: 18 * 1024,
            ..KdfParams::DEFAULT
        };
        assert!(low.check().is_err());
        let passes = KdfParams {
            iterations: 1,
            ..KdfParams::DEFAULT
        };
        assert!(passes.check().is_err());
        let huge = KdfParams {
            memory_kib: u32::MAX,
            ..KdfParams::DEFAULT
        };
        assert!(huge.check().is_err());
        let slow = KdfParams {
            iterations: 1 << 31,
            ..KdfParams::DEFAULT
        };
        assert!(slow.check().is_err());
    }

    #[test]
    fn derive_is_deterministic_and_salted() {
        let p = KdfParams {
            memory_kib: KdfParams::MIN_MEMORY_KIB,
            iterations: 2,
            parallelism: 1,
        };
        let pass = SecretString::from("correct horse");
        let a = derive_key(&pass, &[1u8; 16], p).unwrap();
        let b = derive_key(&pass, &[1u8; 16], p).unwrap();
        let c = derive_key(&pass, &[2u8; 16], p).unwrap();
        assert_eq!(a.expose_secret(), b.expose_secret());
        assert_ne!(a.expose_secret(), c.expose_secret());
        assert_eq!(format!("{a:?}"), "Key([REDACTED])");
    }
}
