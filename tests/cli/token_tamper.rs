//! Token records edited without the key are detected (exit 4), never
//! accepted; token values are never stored.

use sha2::{Digest, Sha256};

use crate::support::env::{contains, raw_cmd, TestEnv, CANARY_SECRET, PASSPHRASE};
use crate::support::tokens::{assert_active, assert_reason, mint, mint_json, verify};

fn exec(env: &TestEnv, sql: &str, params: impl rusqlite::Params) -> usize {
    env.sqlite().execute(sql, params).unwrap()
}

fn sealed_of(env: &TestEnv, id: &str) -> Vec<u8> {
    env.sqlite()
        .query_row("SELECT sealed FROM tokens WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
}

/// Tampering is reported: verify of `token` and list exit 4 (never 0), and
/// `store check` lists a problem.
#[track_caller]
fn assert_detected(env: &TestEnv, token: &str) {
    verify(env, token, &[]).expect(4);
    env.tk(&["token", "verify", "--json", token])
        .run()
        .expect(4);
    env.tk(&["token", "list"]).run().expect(4);
    env.tk(&["token", "list", "--json", "--status", "all"])
        .run()
        .expect(4);
    let check = env.tk(&["store", "check", "--json"]).run().expect(4).json();
    assert_eq!(check["ok"], false);
    assert!(!check["problems"].as_array().unwrap().is_empty(), "{check}");
}

#[test]
fn un_revoking_a_token_in_sqlite_is_detected() {
    let env = TestEnv::init();
    let created = mint_json(&env, "victim", &[]);
    let token = created["token"].as_str().unwrap();
    env.tk(&["token", "revoke", "victim", "--yes"]).run().ok();
    assert_reason(&env, token, &[], "revoked");
    let n = exec(
        &env,
        "UPDATE tokens SET status = 'active' WHERE id = ?1",
        [created["id"].as_str().unwrap()],
    );
    assert_eq!(n, 1);
    assert_detected(&env, token);
}

#[test]
fn marking_an_undelivered_token_active_in_sqlite_is_detected() {
    let env = TestEnv::init();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let status = raw_cmd(
        &env,
        &["token", "create", "--name", "ghost", "--format", "opaque"],
    )
    .stdout(full)
    .stderr(std::process::Stdio::null())
    .status()
    .unwrap();
    assert_eq!(status.code(), Some(6));
    let n = exec(
        &env,
        "UPDATE tokens SET status = 'active' WHERE status = 'undelivered'",
        [],
    );
    assert_eq!(n, 1);
    env.tk(&["token", "list"]).run().expect(4);
    env.tk(&["store", "check"]).run().expect(4);
}

#[test]
fn a_flipped_byte_in_a_sealed_token_record_is_detected() {
    let env = TestEnv::init();
    let created = mint_json(&env, "sealed", &[]);
    let id = created["id"].as_str().unwrap();
    let token = created["token"].as_str().unwrap();
    let original = sealed_of(&env, id);
    for pos in [0, original.len() / 2, original.len() - 1] {
        let mut bad = original.clone();
        bad[pos] ^= 0x01;
        exec(
            &env,
            "UPDATE tokens SET sealed = ?1 WHERE id = ?2",
            rusqlite::params![bad, id],
        );
        assert_detected(&env, token);
    }
    exec(
        &env,
        "UPDATE tokens SET sealed = ?1 WHERE id = ?2",
        rusqlite::params![original, id],
    );
    assert_active(&env, token, &[]);
    env.tk(&["store", "check"]).run().ok();
}

#[test]
fn a_sealed_record_copied_onto_another_row_is_detected() {
    let env = TestEnv::init();
    let revoked = mint_json(&env, "revoked", &[]);
    let active = mint_json(&env, "active", &[]);
    env.tk(&["token", "revoke", "revoked", "--yes"]).run().ok();
    // Copy the active row's sealed record over the revoked one.
    let sealed = sealed_of(&env, active["id"].as_str().unwrap());
    exec(
        &env,
        "UPDATE tokens SET sealed = ?1, status = 'active' WHERE id = ?2",
        rusqlite::params![sealed, revoked["id"].as_str().unwrap()],
    );
    assert_detected(&env, revoked["token"].as_str().unwrap());
}

#[test]
fn an_old_sealed_record_replayed_after_revocation_is_found_by_store_check() {
    // Save the row while active, revoke, then put the saved row back.
    let env = TestEnv::init();
    let created = mint_json(&env, "replayed", &[]);
    let id = created["id"].as_str().unwrap();
    let conn = env.sqlite();
    let before: (String, i64, Vec<u8>) = conn
        .query_row(
            "SELECT status, version, sealed FROM tokens WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    drop(conn);
    env.tk(&["token", "revoke", "replayed", "--yes"]).run().ok();
    exec(
        &env,
        "UPDATE tokens SET status = ?1, version = ?2, sealed = ?3 WHERE id = ?4",
        rusqlite::params![before.0, before.1, before.2, id],
    );
    // The row authenticates (it is a real older copy), but the audit log
    // wrote it at version 2: `store check` names it. (`verify` reads the row
    // as it is; see the README on what is detected where.)
    env.tk(&["store", "check"]).run().expect(4).stderr_is(&format!(
        "  - token {id} is at version 1, but the audit log last wrote it at version 2 (the row was put back to an older copy)\n\
         tokenctl: store check found 1 problem(s)\n\
         hint: restore the store from a backup\n"
    ));
}

#[test]
fn extending_an_opaque_tokens_expiry_in_sqlite_is_detected() {
    let env = TestEnv::init();
    let created = mint_json(&env, "short", &["--format", "opaque", "--expiry", "1s"]);
    let token = created["token"].as_str().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_reason(&env, token, &[], "expired");
    let n = exec(
        &env,
        "UPDATE tokens SET expires_at = '2099-01-01T00:00:00Z' WHERE id = ?1",
        [created["id"].as_str().unwrap()],
    );
    assert_eq!(n, 1);
    assert_detected(&env, token);
}

#[test]
fn swapping_token_hashes_between_rows_is_detected() {
    let env = TestEnv::init();
    let revoked = mint_json(&env, "was-revoked", &["--format", "opaque"]);
    let active = mint_json(&env, "still-active", &["--format", "opaque"]);
    env.tk(&["token", "revoke", "was-revoked", "--yes"])
        .run()
        .ok();
    let (rid, aid) = (
        revoked["id"].as_str().unwrap(),
        active["id"].as_str().unwrap(),
    );
    let hash = |id: &str| -> Vec<u8> {
        env.sqlite()
            .query_row("SELECT token_hash FROM tokens WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let (rh, ah) = (hash(rid), hash(aid));
    // Through a placeholder, in case the column is UNIQUE.
    exec(
        &env,
        "UPDATE tokens SET token_hash = x'00' WHERE id = ?1",
        [rid],
    );
    exec(
        &env,
        "UPDATE tokens SET token_hash = ?1 WHERE id = ?2",
        rusqlite::params![rh, aid],
    );
    exec(
        &env,
        "UPDATE tokens SET token_hash = ?1 WHERE id = ?2",
        rusqlite::params![ah, rid],
    );
    // The revoked token's hash now points at the active row: it must not
    // verify, and the disagreement with the sealed records is reported.
    assert_detected(&env, revoked["token"].as_str().unwrap());
}

#[test]
fn the_token_value_is_never_stored_only_its_sha256() {
    let env = TestEnv::init();
    // Keep a connection open so the -wal file survives for inspection.
    let conn = env.sqlite();
    let _: i64 = conn
        .query_row("SELECT count(*) FROM tokens", [], |r| r.get(0))
        .unwrap();
    let jwt = mint_json(&env, "jwt", &["--subject", "s"]);
    let opaque = mint_json(&env, "opaque", &["--format", "opaque"]);
    let plain = mint(&env, "plain", &[]);
    env.tk(&["token", "revoke", "plain", "--yes"]).run().ok();
    let tokens = [
        jwt["token"].as_str().unwrap().to_string(),
        opaque["token"].as_str().unwrap().to_string(),
        plain,
    ];
    for t in &tokens {
        env.tk(&["token", "verify", t]).run();
        env.tk(&["token", "inspect", t]).run().ok();
    }
    env.tk(&["token", "list", "--status", "all"]).run().ok();

    let wal = std::path::PathBuf::from(format!("{}-wal", env.store.display()));
    let wal_bytes = std::fs::read(&wal).expect("a -wal file while a connection is open");
    for (what, bytes) in [("store", env.store_bytes()), ("wal", wal_bytes)] {
        for t in &tokens {
            assert!(
                !contains(&bytes, t.as_bytes()),
                "{what} holds a token value"
            );
            // A JWT's whole signature, an opaque token's whole body: never a
            // fragment after a `_` inside base64url, which may be a byte or two
            // that a binary file holds by chance.
            let sig = t.rsplit('.').next().unwrap();
            let sig = sig
                .strip_prefix("tkd_")
                .or_else(|| sig.strip_prefix("tkp_"))
                .unwrap_or(sig);
            assert!(
                !contains(&bytes, sig.as_bytes()),
                "{what} holds a token's signature or body"
            );
        }
    }
    // What is stored is the SHA-256 of the token string.
    for (t, id) in [(&tokens[0], &jwt["id"]), (&tokens[1], &opaque["id"])] {
        let hash: Vec<u8> = conn
            .query_row(
                "SELECT token_hash FROM tokens WHERE id = ?1",
                [id.as_str().unwrap()],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(hash, Sha256::digest(t.as_bytes()).to_vec());
    }
    drop(conn);
    let bytes = env.store_bytes();
    for t in &tokens {
        assert!(!contains(&bytes, t.as_bytes()));
    }
}

#[test]
fn token_commands_never_print_the_secret_or_the_passphrase() {
    // Every run checks stdout and stderr for the canaries.
    let env = TestEnv::init();
    env.tk(&["secret", "add", "canary", "--from-env", "K"])
        .env("K", CANARY_SECRET)
        .run()
        .ok();
    let json = mint_json(&env, "c", &["--secret", "canary", "--claim", "x=1"]);
    let token = json["token"].as_str().unwrap();
    assert_active(&env, token, &[]);
    env.tk(&["token", "inspect", token]).run().ok();
    env.tk(&["token", "inspect", "--json", token]).run().ok();
    env.tk(&["token", "list"]).run().ok();
    env.tk(&["token", "list", "--json"]).run().ok();
    // Errors too: a tampered signature, a bad claim, an unknown secret.
    let mut bad = token.to_string();
    bad.push('A');
    env.tk(&["token", "verify", &bad]).run().expect(1);
    env.tk(&[
        "token", "create", "--name", "e", "--secret", "canary", "--claim", "sub=x",
    ])
    .run()
    .expect(2);
    env.tk(&["token", "revoke", "c", "--yes"]).run().ok();
    env.tk(&["token", "inspect", token]).run().ok();
    let bytes = env.store_bytes();
    assert!(!contains(&bytes, CANARY_SECRET.as_bytes()));
    assert!(!contains(&bytes, PASSPHRASE.as_bytes()));
}
