//! `tokenctl jwks`: what it publishes (public keys only, never an HMAC
//! key, never one the file was tampered with to change), and how `--out`
//! writes the file (mode 0644 whatever the umask, atomically).

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde_json::{json, Value};

use crate::support::env::{mode, raw_cmd, run_checked, TestEnv};
use crate::support::keys::{generated_store, jwks, kids, name_of, ASYMMETRIC};
use crate::support::system::limit_child;
use crate::support::tokens::{add_known_secret, kid_of, mint};

#[test]
fn an_hmac_only_store_publishes_an_empty_jwks() {
    let env = TestEnv::init();
    add_known_secret(&env, "h384", "HS384");
    let key = add_known_secret(&env, "h512", "HS512");
    let run = env.tk(&["jwks"]).run().ok();
    assert_eq!(run.stdout(), "{\n  \"keys\": []\n}\n");
    assert!(
        run.stderr().contains("The JWKS is empty"),
        "{}",
        run.stderr()
    );
    assert!(!run.stdout().contains(std::str::from_utf8(&key).unwrap()));
    let out = env.path("jwks.json");
    env.tk(&["jwks", "--out", out.to_str().unwrap()]).run().ok();
    let written: Value = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
    assert_eq!(written, json!({"keys": []}));
}

#[test]
fn hmac_keys_never_reach_a_jwks_beside_public_ones() {
    let mut env = generated_store();
    let known = add_known_secret(&env, "shared", "HS512");
    env.canaries.push(String::from_utf8(known).unwrap());
    let jwks = jwks(&env);
    let want: Vec<String> = ASYMMETRIC
        .iter()
        .map(|alg| kid_of(&env, &name_of(alg)))
        .collect();
    let mut got = kids(&jwks);
    got.sort();
    let mut want_sorted = want.clone();
    want_sorted.sort();
    assert_eq!(got, want_sorted, "{jwks}");
    for jwk in jwks["keys"].as_array().unwrap() {
        assert_ne!(jwk["kty"], "oct", "{jwk}");
        assert!(jwk.get("k").is_none() && jwk.get("d").is_none(), "{jwk}");
        assert_eq!(jwk["use"], "sig");
    }
    for hmac in ["default", "shared"] {
        assert!(!got.contains(&kid_of(&env, hmac)));
    }
}

/// `tokenctl jwks --out FILE` under `umask`.
fn write_under_umask(env: &TestEnv, out: &str, umask: u32) {
    let args = ["jwks", "--out", out];
    let mut cmd = raw_cmd(env, &args);
    limit_child(&mut cmd, None, Some(umask));
    run_checked(env, cmd, &args).ok();
}

#[test]
fn jwks_out_is_mode_0644_whatever_the_umask() {
    let env = generated_store();
    for (i, umask) in [0o077, 0o000, 0o022, 0o777].into_iter().enumerate() {
        let out = env.path(&format!("jwks-{i}.json"));
        write_under_umask(&env, out.to_str().unwrap(), umask);
        assert_eq!(mode(&out), 0o644, "umask {umask:o}");
        let parsed: Value = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
        assert_eq!(parsed, jwks(&env));
    }
    // A file that was there with other modes is replaced by a 0644 one.
    let existing = env.file("existing.json", "old");
    for old_mode in [0o600, 0o666, 0o755] {
        fs::set_permissions(&existing, fs::Permissions::from_mode(old_mode)).unwrap();
        write_under_umask(&env, existing.to_str().unwrap(), 0o077);
        assert_eq!(mode(&existing), 0o644, "was {old_mode:o}");
    }
    assert_eq!(
        env.tk(&["jwks", "--out", existing.to_str().unwrap()])
            .run()
            .ok()
            .stderr(),
        format!("Wrote 5 keys to {}\n", existing.display())
    );
}

#[test]
fn jwks_out_replaces_the_file_atomically() {
    let env = generated_store();
    let dir = env.path("www");
    fs::create_dir(&dir).unwrap();
    let out = dir.join("jwks.json");
    let out_s = out.to_str().unwrap().to_string();
    env.tk(&["jwks", "--out", &out_s]).run().ok();
    // A reader reads the file over and over while it is rewritten: each
    // read is the whole old file or the whole new one, never a part.
    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let (stop, out) = (stop.clone(), out.clone());
        std::thread::spawn(move || {
            let mut reads = 0usize;
            while !stop.load(Ordering::Relaxed) {
                let bytes = fs::read(&out).expect("the file is always there");
                let parsed: Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                    panic!(
                        "a reader saw a partial file ({e}): {:?}",
                        String::from_utf8_lossy(&bytes)
                    )
                });
                assert!(parsed["keys"].is_array());
                reads += 1;
            }
            reads
        })
    };
    let mut seen = Vec::new();
    for i in 0..6 {
        // Each write has different keys: one more version after a rotation.
        if i > 0 {
            mint(&env, &format!("t{i}"), &["--secret", "eddsa"]);
            env.tk(&["secret", "rotate", "eddsa"]).run().ok();
        }
        env.tk(&["jwks", "--out", &out_s]).run().ok();
        let parsed: Value = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
        assert_eq!(parsed, jwks(&env), "write {i}");
        seen.push(kids(&parsed).len());
    }
    stop.store(true, Ordering::Relaxed);
    let reads = reader.join().expect("the reader saw only whole files");
    assert!(reads > 0);
    assert_eq!(seen, [5, 6, 7, 8, 9, 10]);
    // Nothing but the file is left in its directory: no temporary file.
    let left: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["jwks.json"]);
}

#[test]
fn jwks_out_into_a_missing_directory_is_exit_4_and_leaves_nothing() {
    let env = generated_store();
    let out = env.path("missing/jwks.json");
    env.tk(&["jwks", "--out", out.to_str().unwrap()])
        .run()
        .expect(4)
        .stderr_has("cannot write");
    assert!(!out.parent().unwrap().exists());
}

/// Flip one byte of the sealed row of key id `kid`.
fn flip_sealed_byte(env: &TestEnv, kid: &str) {
    let conn = env.sqlite();
    let mut sealed: Vec<u8> = conn
        .query_row("SELECT sealed FROM secrets WHERE kid = ?1", [kid], |r| {
            r.get(0)
        })
        .unwrap();
    let at = sealed.len() / 2;
    sealed[at] ^= 0x01;
    let n = conn
        .execute(
            "UPDATE secrets SET sealed = ?1 WHERE kid = ?2",
            rusqlite::params![sealed, kid],
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_tampered_secret_row_never_reaches_a_jwks() {
    for alg in ASYMMETRIC {
        let env = generated_store();
        let kid = kid_of(&env, &name_of(alg));
        let out = env.path("jwks.json");
        env.tk(&["jwks", "--out", out.to_str().unwrap()]).run().ok();
        let published = fs::read(&out).unwrap();
        flip_sealed_byte(&env, &kid);
        let run = env.tk(&["jwks"]).run().expect(4);
        assert_eq!(run.stdout(), "", "{alg}: a JWKS was printed");
        assert!(
            run.stderr()
                .contains(&format!("secret row {kid} failed authentication")),
            "{alg}: {}",
            run.stderr()
        );
        env.tk(&["jwks", "--out", out.to_str().unwrap()])
            .run()
            .expect(4);
        assert_eq!(
            fs::read(&out).unwrap(),
            published,
            "{alg}: the file changed"
        );
        env.tk(&["secret", "public", &name_of(alg)]).run().expect(4);
    }
}

#[test]
fn a_sealed_key_moved_to_another_row_never_reaches_a_jwks() {
    let env = generated_store();
    let (a, b) = (kid_of(&env, "eddsa"), kid_of(&env, "es256"));
    let conn = env.sqlite();
    let sealed_b: Vec<u8> = conn
        .query_row("SELECT sealed FROM secrets WHERE kid = ?1", [&b], |r| {
            r.get(0)
        })
        .unwrap();
    conn.execute(
        "UPDATE secrets SET sealed = ?1 WHERE kid = ?2",
        rusqlite::params![sealed_b, a],
    )
    .unwrap();
    drop(conn);
    let run = env.tk(&["jwks"]).run().expect(4);
    assert_eq!(run.stdout(), "");
    // Relabelling a row's algorithm is caught the same way.
    let env = generated_store();
    let kid = kid_of(&env, "es256");
    env.sqlite()
        .execute(
            "UPDATE secrets SET algorithm = 'ES384' WHERE kid = ?1",
            [&kid],
        )
        .unwrap();
    let run = env.tk(&["jwks"]).run().expect(4);
    assert_eq!(run.stdout(), "");
}
