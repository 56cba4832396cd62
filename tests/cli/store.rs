use std::fs;

use crate::support::env::{TestEnv, PASSPHRASE};

crate::on_every_store! {
    fn info_needs_no_passphrase(env: TestEnv) {
        env.init_store().ok();
        let info = env
            .tk(&["store", "info", "--json"])
            .env_remove("TOKENCTL_PASSPHRASE_FILE")
            .run()
            .ok()
            .json();
        assert_eq!(info["format_version"], tokenctl::store::current_version());
        assert_eq!(info["tokens"], 0);
        assert_eq!(info["kdf"]["algorithm"], "argon2id");
        assert_eq!(info["kdf"]["memory_kib"], 19 * 1024);
        assert_eq!(info["kdf"]["iterations"], 2);
        assert_eq!(info["secrets"], 1);
        let text = env
            .tk(&["store", "info"])
            .env_remove("TOKENCTL_PASSPHRASE_FILE")
            .run()
            .ok()
            .stdout();
        assert!(
            text.contains(&format!(
                "Format version:  {}",
                tokenctl::store::current_version()
            )),
            "{text}"
        );
    }
}

crate::on_every_store! {
    fn check_is_green_on_a_sound_store(env: TestEnv) {
        env.init_store().ok();
        env.tk(&["secret", "add", "more", "--generate", "-a", "HS384"])
            .run()
            .ok();
        env.tk(&["store", "check"])
            .run()
            .ok()
            .stderr_has("Store is sound");
        let out = env.tk(&["store", "check", "--json"]).run().ok().json();
        assert_eq!(out["ok"], true);
        assert_eq!(out["problems"].as_array().unwrap().len(), 0);
    }
}

crate::on_every_store! {
    fn wrong_passphrase_exits_3(env: TestEnv) {
        env.init_store().ok();
        let wrong = env.file("wrong", "hunter2\n");
        for args in [
            &["secret", "list"][..],
            &["store", "check"],
            &["secret", "add", "x", "--generate"],
        ] {
            let mut a = args.to_vec();
            a.extend(["--passphrase-file", wrong.to_str().unwrap()]);
            env.tk(&a).run().expect(3).stderr_has("wrong passphrase");
        }
    }
}

crate::on_every_store! {
    fn no_passphrase_and_no_terminal_exits_3_at_once(env: TestEnv) {
        env.init_store().ok();
        let started = std::time::Instant::now();
        env.tk(&["secret", "list"])
            .env_remove("TOKENCTL_PASSPHRASE_FILE")
            .run()
            .expect(3)
            .stderr_has("no passphrase available")
            .stderr_has("hint:");
        // A hang guard, not a speed target: it must not wait for input.
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
    }
}

crate::on_every_store! {
    fn passwd_then_old_fails_and_new_works(env: TestEnv) {
        env.init_store().ok();
        let new = env.file("new", "a much better passphrase\n");
        env.tk(&[
            "store",
            "passwd",
            "--new-passphrase-file",
            new.to_str().unwrap(),
        ])
        .run()
        .ok()
        .stderr_has("Passphrase changed");
        env.tk(&["secret", "list"]).run().expect(3);
        env.tk(&["secret", "list", "--passphrase-file", new.to_str().unwrap()])
            .run()
            .ok();
        // The environment variable works too, and back again.
        env.tk(&[
            "store",
            "passwd",
            "--passphrase-file",
            new.to_str().unwrap(),
        ])
        .env("TOKENCTL_NEW_PASSPHRASE", PASSPHRASE)
        .run()
        .ok();
        env.tk(&["secret", "list"]).run().ok();
        env.tk(&["store", "check"]).run().ok();
    }
}

#[test]
fn passwd_refuses_without_a_new_passphrase_or_an_empty_one() {
    let env = TestEnv::init();
    let before = env.store_bytes();
    env.tk(&["store", "passwd"])
        .run()
        .expect(3)
        .stderr_has("no new passphrase");
    let empty = env.file("empty", "\n");
    env.tk(&[
        "store",
        "passwd",
        "--new-passphrase-file",
        empty.to_str().unwrap(),
    ])
    .run()
    .expect(2);
    let new = env.file("new", "whatever it is\n");
    let wrong = env.file("wrong", "nope\n");
    env.tk(&[
        "store",
        "passwd",
        "--passphrase-file",
        wrong.to_str().unwrap(),
        "--new-passphrase-file",
        new.to_str().unwrap(),
    ])
    .run()
    .expect(3);
    assert_eq!(before, env.store_bytes());
    env.tk(&["secret", "list"]).run().ok();
}

#[test]
fn passwd_uses_a_new_salt() {
    let env = TestEnv::init();
    let salt = |env: &TestEnv| -> Vec<u8> {
        env.sqlite()
            .query_row("SELECT salt FROM members", [], |r| r.get(0))
            .unwrap()
    };
    let before = salt(&env);
    // Same passphrase again: the salt and wrapped key still change.
    env.tk(&["store", "passwd"])
        .env("TOKENCTL_NEW_PASSPHRASE", PASSPHRASE)
        .run()
        .ok();
    assert_ne!(before, salt(&env));
    env.tk(&["store", "check"]).run().ok();
}

#[test]
fn a_store_readable_by_others_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::init();
    fs::set_permissions(&env.store, fs::Permissions::from_mode(0o644)).unwrap();
    env.tk(&["store", "info"])
        .run()
        .ok()
        .stderr_has("warning:")
        .stderr_has("chmod 600");
}

#[test]
fn an_older_format_is_migrated_in_place() {
    let env = TestEnv::init();
    // Make it a format-1 store: no tokens, sessions, clients or
    // token_usage table, the secrets table as format 1 declared it (one
    // version per name), and no application id (stores before format 5
    // had none).
    let first = tokenctl::store::MIGRATIONS[0];
    let start = first.find("CREATE TABLE secrets (").unwrap();
    let end = start + first[start..].find(") STRICT;").unwrap() + ") STRICT;".len();
    let conn = env.sqlite();
    conn.execute_batch(&format!(
        "DROP TABLE tokens; DROP TABLE sessions; DROP TABLE clients; DROP TABLE token_usage;
         DROP TABLE token_order; DROP TABLE members; DROP TABLE access_keys; DROP TABLE secret_keys;
         DROP TABLE audit; DROP TABLE audit_pending;
         ALTER TABLE secrets RENAME TO secrets_now;
         {}
         INSERT INTO secrets (kid, name, algorithm, created_at, version, sealed)
             SELECT kid, name, algorithm, created_at, version, sealed FROM secrets_now;
         DROP TABLE secrets_now;
         PRAGMA user_version = 1; PRAGMA application_id = 0;",
        &first[start..end]
    ))
    .unwrap();
    drop(conn);
    // Opening migrates the schema (no key needed). The keyring is format
    // 10's, so this made-up store is not unlocked: the real format-7 stores
    // of the migration tests cover unlocking an old store.
    env.tk(&["store", "info"]).run().ok();
    let (version, app_id): (i64, i64) = env
        .sqlite()
        .query_row(
            "SELECT * FROM pragma_user_version, pragma_application_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    // Up to format 7: format 8 re-seals records and waits for the data key.
    assert_eq!((version, app_id), (7, 0x746b_6374));
}
