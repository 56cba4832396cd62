//! The store's files as an attacker sees them: which files there are, what
//! they hold, and edits made straight to the SQLite file.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::support::env::{contains, TestEnv};

/// The store file and whichever of -wal and -shm exist.
pub fn store_files(store: &Path) -> Vec<PathBuf> {
    let mut out = vec![store.to_path_buf()];
    for suffix in ["-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", store.display()));
        if p.exists() {
            out.push(p);
        }
    }
    out
}

/// No canary (passphrases, secret values, private keys' bytes, in plain,
/// hex or base64 form) in the store file or its companions.
#[track_caller]
pub fn assert_files_clean(env: &TestEnv) {
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    use base64::Engine;
    for p in store_files(&env.store) {
        let bytes = fs::read(&p).unwrap();
        for c in &env.canaries {
            let forms = [
                c.clone(),
                hex::encode(c.as_bytes()),
                STANDARD.encode(c.as_bytes()),
                URL_SAFE_NO_PAD.encode(c.as_bytes()),
            ];
            for f in forms {
                assert!(
                    !contains(&bytes, f.as_bytes()),
                    "{} holds a secret (a canary, or its hex or base64)",
                    p.display()
                );
            }
        }
        for c in &env.byte_canaries {
            let forms = [
                c.clone(),
                hex::encode(c).into_bytes(),
                STANDARD.encode(c).into_bytes(),
                URL_SAFE_NO_PAD.encode(c).into_bytes(),
            ];
            for f in forms {
                assert!(
                    !contains(&bytes, &f),
                    "{} holds private key bytes (or their hex or base64)",
                    p.display()
                );
            }
        }
    }
}

/// Put `bytes` in place as the whole store of `env`, private as tokenctl
/// makes it.
pub fn install(env: &TestEnv, bytes: &[u8]) {
    let dir = env.store.parent().unwrap();
    fs::create_dir_all(dir).unwrap();
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).unwrap();
    fs::write(&env.store, bytes).unwrap();
    fs::set_permissions(&env.store, fs::Permissions::from_mode(0o600)).unwrap();
}

/// The header checksum as tokenctl computes it (src/store/header.rs), so an
/// edit reaches the bounds check instead of failing the checksum.
pub fn header_checksum(conn: &rusqlite::Connection) -> Vec<u8> {
    let v: Vec<u8> = conn
        .query_row(
            "SELECT format, store_id, kdf, kdf_memory_kib, kdf_iterations, kdf_parallelism, salt, wrapped_key FROM header",
            [],
            |r| {
                let mut v = b"tokenctl/header\0".to_vec();
                v.extend_from_slice(&r.get::<_, i64>(0)?.to_be_bytes());
                v.extend_from_slice(&r.get::<_, Vec<u8>>(1)?);
                v.extend_from_slice(r.get::<_, String>(2)?.as_bytes());
                v.push(0);
                for i in 3..6 {
                    v.extend_from_slice(&(r.get::<_, i64>(i)? as u32).to_be_bytes());
                }
                v.extend_from_slice(&r.get::<_, Vec<u8>>(6)?);
                v.extend_from_slice(&r.get::<_, Vec<u8>>(7)?);
                Ok(v)
            },
        )
        .unwrap();
    Sha256::digest(&v).to_vec()
}

/// Set one header column and a checksum that matches, as an attacker who
/// knows the layout can.
pub fn edit_header(env: &TestEnv, column: &str, value: i64) {
    let conn = env.sqlite();
    conn.execute(&format!("UPDATE header SET {column} = ?1"), [value])
        .unwrap();
    let sum = header_checksum(&conn);
    conn.execute("UPDATE header SET checksum = ?1", [sum])
        .unwrap();
}

/// A file of the format-7 store fixture (see `tests/cli/migration.rs`).
pub fn format7_fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/format7")
        .join(name)
}

/// A test environment whose store is a fresh copy of the format-7 fixture,
/// with its passphrase.
pub fn format7_store() -> TestEnv {
    let mut env = TestEnv::new();
    env.canaries.push("fixture passphrase".into());
    let dir = env.store.parent().unwrap();
    fs::create_dir_all(dir).unwrap();
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).unwrap();
    fs::copy(format7_fixture("store.db"), &env.store).unwrap();
    fs::set_permissions(&env.store, fs::Permissions::from_mode(0o600)).unwrap();
    fs::copy(format7_fixture("passphrase"), &env.pass_file).unwrap();
    env
}
