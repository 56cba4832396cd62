//! What an ended session leaves behind: after `lock` or `store passwd` its
//! sealed data key is in none of the store's files, and after `store
//! rekey` the data key a session (or a copy of the file) revealed opens
//! nothing. A session that `unlock` hands out while `store passwd` runs
//! never outlives the change.

use std::fs;
use std::io::Write;
use std::process::{Child, Stdio};
use std::time::Duration;

use tokenctl::crypto::{self, Key};

use crate::support::env::{contains, raw_cmd, TestEnv};
use crate::support::pty::{jwt_in, on_pty, STORED};
use crate::support::store::{install, store_files};
use crate::support::system::{scale, wait_until_asleep, Rng};
use crate::support::tokens::{
    assert_active, assert_reason, data_key_from_session, mint, names, unlock, with_session,
};

/// A copy of the store as its files are now (the -wal and -shm included),
/// in a scratch directory of its own.
fn copy_of(env: &TestEnv) -> TestEnv {
    let copy = TestEnv::new();
    install(&copy, &env.store_bytes());
    for p in store_files(&env.store).iter().skip(1) {
        let suffix = &p.to_str().unwrap()[env.store.to_str().unwrap().len()..];
        fs::copy(p, format!("{}{suffix}", copy.store.display())).unwrap();
    }
    copy
}

/// The sealed data key of the one session row.
fn sealed_session_key(conn: &rusqlite::Connection) -> Vec<u8> {
    conn.query_row("SELECT wrapped FROM sessions", [], |r| r.get(0))
        .unwrap()
}

/// No 16-byte piece of `sealed` is in the store, its -wal or its -shm.
#[track_caller]
fn assert_gone_from_disk(env: &TestEnv, sealed: &[u8], after: &str) {
    assert_eq!(
        sealed.len(),
        24 + 64 + 16,
        "nonce, the data and wrapping keys, and tag"
    );
    for p in store_files(&env.store) {
        let bytes = fs::read(&p).unwrap();
        for piece in sealed.chunks(16) {
            assert!(
                !contains(&bytes, piece),
                "after {after}, {} still holds the ended session's sealed key",
                p.display()
            );
        }
    }
}

#[test]
fn lock_wipes_the_ended_sessions_sealed_key_from_every_file() {
    let env = TestEnv::init();
    // An attacker's idle connection keeps the -wal from being removed.
    let attacker = env.sqlite();
    let session = unlock(&env, &[]);
    let sealed = sealed_session_key(&attacker);
    env.tk(&["lock"]).run().ok().stderr_has("Ended 1 session.");
    assert_eq!(
        store_files(&env.store).len(),
        3,
        "the -wal and -shm are there"
    );
    assert_gone_from_disk(&env, &sealed, "lock");
    // A copy of the files taken now opens nothing with the key.
    let copy = copy_of(&env);
    with_session(&copy, &session, &["token", "list"]).expect(3);
    drop(attacker);
    with_session(&env, &session, &["token", "list"]).expect(3);
}

#[test]
fn passwd_wipes_the_ended_sessions_sealed_key_from_every_file() {
    let env = TestEnv::init();
    let attacker = env.sqlite();
    let session = unlock(&env, &[]);
    let sealed = sealed_session_key(&attacker);
    let new = env.file("new-passphrase", "a new passphrase for passwd");
    env.tk(&[
        "store",
        "passwd",
        "--new-passphrase-file",
        new.to_str().unwrap(),
    ])
    .run()
    .ok()
    .stderr_has("ended 1 unlock session");
    assert_gone_from_disk(&env, &sealed, "store passwd");
    let copy = copy_of(&env);
    with_session(&copy, &session, &["token", "list"]).expect(3);
}

// ------------------------------------------------------------- rekey

/// How many of the config, secret and token records `key` opens, and how
/// many there are.
fn records_opened(env: &TestEnv, key: &Key) -> (usize, usize) {
    let conn = env.sqlite();
    let store_id: Vec<u8> = conn
        .query_row("SELECT store_id FROM header", [], |r| r.get(0))
        .unwrap();
    let (mut opened, mut total) = (0, 0);
    // The records the data key seals (each secret has a key of its own).
    for (table, id) in [("config", "id"), ("tokens", "id")] {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT CAST({id} AS TEXT), version, sealed FROM {table}"
            ))
            .unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Vec<u8>>(2)?,
                ))
            })
            .unwrap();
        for row in rows {
            let (row_id, version, sealed) = row.unwrap();
            total += 1;
            let aad = crypto::row_aad(&store_id, table, &row_id, version);
            if crypto::open(key, &sealed, &aad).is_some() {
                opened += 1;
            }
        }
    }
    (opened, total)
}

#[test]
fn rekey_keeps_every_record_and_the_old_data_key_opens_nothing() {
    let env = TestEnv::init();
    env.tk(&["secret", "add", "second", "--generate"])
        .run()
        .ok();
    let jwt = mint(&env, "jwt", &["--secret", "second"]);
    let opaque = mint(&env, "opaque", &["--format", "opaque"]);
    let secrets = env.tk(&["secret", "list", "--json"]).run().ok().stdout();
    let session = unlock(&env, &[]);
    // A copy leaks, with a session key for it.
    let leaked = copy_of(&env);
    let old_key = data_key_from_session(&leaked, &session);
    assert_eq!(records_opened(&leaked, &old_key), (3, 3));

    let run = env.tk(&["store", "rekey"]).run().ok();
    assert_eq!(
        run.stderr(),
        // The config, 2 secrets, 2 tokens, and the 5 audit events so far.
        "Replaced the data key: re-sealed 10 records; ended 1 unlock session. \
         The old data key opens nothing in the store now.\n"
    );
    assert_eq!(records_opened(&env, &old_key), (0, 3));
    // Everything else is as it was, and the passphrase still works.
    assert_active(&env, &jwt, &[]);
    assert_active(&env, &opaque, &[]);
    assert_eq!(
        env.tk(&["secret", "list", "--json"]).run().ok().stdout(),
        secrets
    );
    env.tk(&["store", "check"]).run().ok();
    with_session(&env, &session, &["token", "list"])
        .expect(3)
        .stderr_has("has ended");
    let after = mint(&env, "after", &[]);
    assert_active(&env, &after, &[]);
}

#[test]
fn rekey_needs_the_passphrase_not_a_session() {
    let env = TestEnv::init();
    let session = unlock(&env, &[]);
    with_session(&env, &session, &["store", "rekey"]).expect(3);
    env.tk(&["store", "rekey"])
        .env("TOKENCTL_PASSPHRASE_FILE", env.file("wrong", "not it"))
        .run()
        .expect(3);
    with_session(&env, &session, &["token", "list"]).ok();
}

// ------------------------------------------------- unlock during passwd

fn spawn(env: &TestEnv, args: &[&str], passphrase: &std::path::Path) -> Child {
    raw_cmd(env, args)
        .env("TOKENCTL_PASSPHRASE_FILE", passphrase)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn a_session_unlocked_while_passwd_runs_never_outlives_the_change() {
    let mut env = TestEnv::init();
    let mut rng = Rng::new("unlock during passwd");
    let mut old = env.pass_file.clone();
    let rounds = scale(8, 60);
    for round in 0..rounds {
        let passphrase = format!("passphrase of round {round}");
        let new = env.file(&format!("pass-{round}"), &passphrase);
        env.canaries.push(passphrase);
        let passwd_first = rng.below(3) != 0;
        let pause = Duration::from_millis(rng.below(120) as u64);
        let passwd_args = [
            "store",
            "passwd",
            "--new-passphrase-file",
            new.to_str().unwrap(),
        ];
        let (passwd, unlock) = if passwd_first {
            let p = spawn(&env, &passwd_args, &old);
            std::thread::sleep(pause);
            (p, spawn(&env, &["unlock"], &old))
        } else {
            let u = spawn(&env, &["unlock"], &old);
            std::thread::sleep(pause);
            (spawn(&env, &passwd_args, &old), u)
        };
        let passwd = passwd.wait_with_output().unwrap();
        let unlock = unlock.wait_with_output().unwrap();
        for out in [&passwd.stderr, &unlock.stderr] {
            env.assert_no_leak(out, "stderr", &[]);
        }
        assert_eq!(
            passwd.status.code(),
            Some(0),
            "round {round}: {}",
            String::from_utf8_lossy(&passwd.stderr)
        );
        let key = String::from_utf8(unlock.stdout).unwrap();
        match unlock.status.code() {
            Some(0) => {
                with_session(&env, key.trim(), &["token", "list"])
                    .expect(3)
                    .stderr_has("has ended");
            }
            Some(3) => assert_eq!(key, "", "round {round}"),
            other => panic!(
                "round {round}: unlock exited {other:?}: {}",
                String::from_utf8_lossy(&unlock.stderr)
            ),
        }
        old = new;
    }
}

// ------------------------------------------------- writes across a rekey

/// The declined token's record was re-sealed under a key this process does
/// not have, so it cannot be marked undelivered: it is withdrawn instead
/// (no record: an unknown token, which never verifies).
#[test]
fn declining_a_token_while_the_store_is_rekeyed_withdraws_it() {
    let env = TestEnv::init();
    let run = on_pty(
        &env,
        &["token", "create", "--name", "declined"],
        STORED,
        "n\n",
        Some(&["store", "rekey"]),
    );
    assert!(run.seen, "no confirmation prompt:\n{}", run.output);
    assert_eq!(run.during, Some(0), "store rekey failed during the prompt");
    let token = jwt_in(&run.output);
    assert!(
        run.output
            .contains("the store was re-keyed meanwhile, so it was withdrawn instead"),
        "{}",
        run.output
    );
    assert_reason(&env, &token, &[], "unknown");
    assert_eq!(run.code, 130, "{}", run.output);
    env.tk(&["store", "check"]).run().ok();
}

#[test]
fn a_secret_added_across_a_rekey_is_not_called_tampering() {
    let env = TestEnv::init();
    // `secret add` opens the store, then waits for the value on stdin.
    let mut add = raw_cmd(&env, &["secret", "add", "late"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until_asleep(add.id(), "tokenctl");
    env.tk(&["store", "rekey"]).run().ok();
    let value = hex::encode(crypto::random_array::<32>());
    add.stdin
        .take()
        .unwrap()
        .write_all(value.as_bytes())
        .unwrap();
    let out = add.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Adding it, or refusing because the store changed meanwhile, is fine;
    // telling the user to restore a sound store from a backup is not.
    assert!(
        out.status.code() == Some(0) || !stderr.contains("tampered"),
        "secret add exited {:?}: {stderr}",
        out.status.code()
    );
    env.tk(&["store", "check"]).run().ok();
    env.tk(&["secret", "list"]).run().ok();
}

#[test]
fn a_token_minted_while_the_store_is_rekeyed_stays_readable() {
    let env = TestEnv::init();
    // Enough records that re-sealing them takes a while.
    env.tk(&["token", "create", "--batch", "-"])
        .stdin(names(2000, "bulk"))
        .run()
        .ok();
    let rekey = spawn(&env, &["store", "rekey"], &env.pass_file);
    // The create unlocks while the rekey re-seals, and writes after it.
    std::thread::sleep(Duration::from_millis(150));
    let create = spawn(&env, &["token", "create", "--name", "late"], &env.pass_file);
    let rekey = rekey.wait_with_output().unwrap();
    let create = create.wait_with_output().unwrap();
    assert_eq!(
        rekey.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&rekey.stderr)
    );
    let check = env.tk(&["store", "check"]).run();
    assert_eq!(
        check.code(),
        0,
        "create exited {:?}: {}",
        create.status.code(),
        check.stderr()
    );
    if create.status.code() == Some(0) {
        let token = String::from_utf8(create.stdout).unwrap();
        assert_active(&env, token.trim(), &[]);
    }
}
