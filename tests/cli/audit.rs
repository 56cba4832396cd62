//! The audit log and rollback detection: every change adds its event, the
//! chain finds an edited, deleted, reordered or truncated event, a whole
//! store put back to an older copy is refused on the machine that saw it
//! further, and a single row put back is found by `store check`.

use std::fs;

use serde_json::Value;

use crate::support::env::{Backend, TestEnv};
use crate::support::tokens::mint;

/// Every event, oldest first, as `audit --json` lists them (newest first).
fn events(env: &TestEnv) -> Vec<Value> {
    let mut all = env
        .tk(&["audit", "--json"])
        .env("TOKENCTL_MEMBER", "tester")
        .run()
        .ok()
        .json()
        .as_array()
        .expect("an array")
        .clone();
    all.reverse();
    all
}

fn actions(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["actor"].as_str().unwrap(),
                e["action"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn every_change_adds_exactly_its_events_and_reads_add_none() {
    let env = TestEnv::init();
    let bob = env.file("bob-pass", "bob's passphrase\n");
    let bob = bob.to_str().unwrap();
    let new_pass = env.file("new-pass", "a new passphrase for tester\n");
    let batch = "{\"name\":\"b1\"}\n{\"name\":\"b2\"}\n";
    // (command, stdin, the events it must add: actor and action)
    #[rustfmt::skip]
    let table: Vec<(Vec<&str>, Option<&str>, Vec<&str>)> = vec![
        (vec!["secret", "add", "s2", "--generate"], None, vec!["tester secret.add"]),
        (vec!["token", "create", "--name", "a", "--secret", "s2"], None, vec!["tester token.create"]),
        (vec!["token", "revoke", "a", "--yes"], None, vec!["tester token.revoke"]),
        (vec!["token", "create", "--batch", "-"], Some(batch), vec!["tester token.create"]),
        (vec!["secret", "rotate", "s2"], None, vec!["tester secret.rotate"]),
        (vec!["member", "add", "bob", "--new-passphrase-file", bob], None, vec!["tester member.add"]),
        (vec!["member", "remove", "bob", "--yes"], None, vec!["tester member.remove"]),
        (vec!["key", "create", "ci", "--allow", "mint"], None, vec!["tester key.create"]),
        (vec!["key", "revoke", "ci", "--yes"], None, vec!["tester key.revoke"]),
        (vec!["client", "add", "web"], None, vec!["tester client.add"]),
        (vec!["client", "remove", "web", "--yes"], None, vec!["tester client.remove"]),
        (vec!["policy", "set", "--type", "development", "--max-ttl", "2h"], None, vec!["tester policy.set"]),
        (vec!["policy", "unset", "--type", "development"], None, vec!["tester policy.unset"]),
        (vec!["unlock"], None, vec!["tester session.unlock"]),
        // `lock` needs no passphrase: its event is sealed by the next change.
        (vec!["lock"], None, vec![]),
        (vec!["secret", "add", "s3", "--generate"], None, vec!["unauthenticated session.lock", "tester secret.add"]),
        (vec!["secret", "remove", "s3", "--yes"], None, vec!["tester secret.remove"]),
        (vec!["token", "list"], None, vec![]),
        (vec!["secret", "list"], None, vec![]),
        (vec!["jwks"], None, vec![]),
        (vec!["audit", "verify"], None, vec![]),
        (vec!["store", "check"], None, vec![]),
        (vec!["store", "info"], None, vec![]),
    ];
    let mut seen = events(&env);
    assert_eq!(actions(&seen), ["tester store.init"]);
    for (args, stdin, added) in table {
        let mut cmd = env.tk(&args).env("TOKENCTL_MEMBER", "tester");
        if let Some(input) = stdin {
            cmd = cmd.stdin(input);
        }
        cmd.run().ok();
        let now = events(&env);
        assert_eq!(
            actions(&now[seen.len()..]),
            added,
            "tokenctl {}",
            args.join(" ")
        );
        seen = now;
    }
    env.tk(&[
        "store",
        "passwd",
        "--new-passphrase-file",
        new_pass.to_str().unwrap(),
    ])
    .env("TOKENCTL_MEMBER", "tester")
    .run()
    .ok();
    let last = env
        .tk(&["audit", "--json", "--action", "store"])
        .env("TOKENCTL_PASSPHRASE_FILE", &new_pass)
        .env("TOKENCTL_MEMBER", "tester")
        .run()
        .ok()
        .json();
    assert_eq!(last[0]["action"], "store.passwd");
    assert_eq!(last[0]["target"], "member tester");
    // The events chain: sequence numbers 1..n, every one listed.
    let all = env
        .tk(&["audit", "--json"])
        .env("TOKENCTL_PASSPHRASE_FILE", &new_pass)
        .env("TOKENCTL_MEMBER", "tester")
        .run()
        .ok()
        .json();
    let seqs: Vec<u64> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect();
    let n = seqs.len() as u64;
    assert_eq!(seqs, (1..=n).rev().collect::<Vec<_>>());
    let info = env.tk(&["store", "info", "--json"]).run().ok().json();
    assert_eq!(info["audit_events"].as_u64(), Some(n));
}

#[test]
fn the_table_lists_newest_first_and_filters() {
    let env = TestEnv::init();
    let id = env
        .tk(&["token", "create", "--name", "a", "--json"])
        .run()
        .ok()
        .json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let listed = env.tk(&["audit", "--action", "token"]).run().ok().stdout();
    let time = events(&env)[1]["time"].as_str().unwrap().to_string();
    let target = format!("token {id} (a)");
    let w = target.len().max(6);
    let expected = format!(
        "#  TIME{}  ACTOR   ACTION        {:w$}  OUTCOME\n2  {time}  tester  token.create  {target:w$}  ok\n",
        " ".repeat(time.len() - 4),
        "TARGET",
    );
    assert_eq!(listed, expected);
    let none = env.tk(&["audit", "--actor", "key:ci"]).run().ok();
    assert_eq!(none.stdout(), "");
    assert_eq!(none.stderr(), "No audit events match.\n");
    let since = env
        .tk(&["audit", "--since", "2099-01-01", "--json"])
        .run()
        .ok()
        .json();
    assert_eq!(since, serde_json::json!([]));
    env.tk(&["audit", "--since", "soon"]).run().expect(2);
}

#[test]
fn the_actor_is_who_unlocked_and_the_label_only_a_label() {
    let env = TestEnv::init();
    env.tk(&["token", "create", "--name", "a"])
        .env("TOKENCTL_ACTOR", "admin")
        .run()
        .ok();
    let key = env
        .tk(&["key", "create", "ci", "--allow", "mint", "--json"])
        .run()
        .ok()
        .json()["key"]
        .as_str()
        .unwrap()
        .to_string();
    env.tk(&["token", "create", "--name", "b"])
        .env("TOKENCTL_KEY", &key)
        .env("TOKENCTL_ACTOR", "tester")
        .env_remove("TOKENCTL_PASSPHRASE_FILE")
        .run()
        .ok();
    let all = events(&env);
    let create: Vec<(&str, &Value)> = all
        .iter()
        .filter(|e| e["action"] == "token.create")
        .map(|e| (e["actor"].as_str().unwrap(), &e["label"]))
        .collect();
    assert_eq!(
        create,
        [
            ("tester", &Value::from("admin")),
            ("key:ci", &Value::from("tester"))
        ]
    );
    // Nothing secret in any event: the key, tokens, the passphrase.
    let mut env = env;
    env.canaries.push(key.clone());
    let out = env.tk(&["audit", "--json"]).run().ok();
    env.assert_no_leak(out.stdout().as_bytes(), "stdout", &[]);
    let token = mint(&env, "c", &[]);
    let out = env.tk(&["audit", "--json"]).run().ok().stdout();
    assert!(!out.contains(&token) && !out.contains(&key[4..]));
}

crate::on_every_store! {
    fn an_edited_deleted_reordered_or_truncated_event_is_named(env: TestEnv) {
        let backend = if env.pg.is_some() { Backend::Postgres } else { Backend::Sqlite };
        let garbage = if env.pg.is_some() { "decode(md5('x') || md5('y') || md5('z'), 'hex')" } else { "randomblob(48)" };
        let edit = format!("UPDATE audit SET sealed = {garbage} WHERE seq = 3");
        let cases = [
            (edit.as_str(), "audit event 3 failed authentication (edited)"),
            ("DELETE FROM audit WHERE seq = 3", "audit event 3 is missing (deleted)"),
            (
                "UPDATE audit SET seq = seq + 1000 WHERE seq IN (3, 4); \
                 UPDATE audit SET seq = 4 WHERE seq = 1003; UPDATE audit SET seq = 3 WHERE seq = 1004",
                "audit event 3 holds event 4's record (the log was reordered)",
            ),
            (
                "DELETE FROM audit WHERE seq = 5",
                "audit event 5 is missing: the log ends at event 4 but the store recorded 5 (events were removed from the end)",
            ),
        ];
        let mut envs = vec![env];
        for _ in 1..cases.len() {
            envs.push(TestEnv::on(backend).expect("the same backend again"));
        }
        for (i, (env, (sql, named))) in envs.iter().zip(cases).enumerate() {
            env.init_store().ok();
            for name in ["a", "b", "c", "d"] {
                env.tk(&["secret", "add", name, "--generate"]).run().ok();
            }
            env.tk(&["audit", "verify"]).run().ok();
            env.attack(sql);
            env.tk(&["audit", "verify"])
                .run()
                .expect(4)
                .stderr_is(&format!(
                    "tokenctl: {named}\nhint: restore the store from a backup; `tokenctl audit verify` names the event\n"
                ));
            let check = env.tk(&["store", "check"]).run().expect(4);
            assert!(check.stderr().contains(&format!("  - {named}\n")), "{}", check.stderr());
            if i == 3 {
                // Nothing is written after a log whose end is missing.
                env.tk(&["secret", "add", "e", "--generate"]).run().expect(4);
                assert_eq!(env.peek("SELECT count(*) FROM secrets").as_deref(), Some("5"));
            }
        }
    }
}

#[test]
fn a_whole_store_put_back_to_an_older_copy_is_refused_until_accepted() {
    let env = TestEnv::init();
    let token = mint(&env, "victim", &[]);
    // A copy taken while the token was active (the -wal checkpointed first).
    env.tk(&["store", "check"]).run().ok();
    env.sqlite()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let saved = fs::read(&env.store).unwrap();
    env.tk(&["token", "revoke", "victim", "--yes"]).run().ok();
    env.sqlite()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    fs::write(&env.store, &saved).unwrap();
    let refused = "tokenctl: store rolled back: this machine has seen its audit log reach event 3, but it now ends at event 2\n\
                   hint: if the store was restored from a backup on purpose, run `tokenctl store check --accept-rollback`; otherwise restore the newest copy\n";
    for args in [
        vec!["token", "verify", token.as_str()],
        vec!["token", "list"],
        vec!["token", "create", "--name", "x"],
    ] {
        let run = env.tk(&args).run().expect(4).stderr_is(refused);
        assert_eq!(run.stdout(), "", "{args:?}");
    }
    env.tk(&["store", "check"]).run().expect(4).stderr_is(
        "  - store rolled back: this machine has seen its audit log reach event 3, but it now ends at event 2\n\
         tokenctl: store check found 1 problem(s)\n\
         hint: if the store was restored from a backup on purpose, run `tokenctl store check --accept-rollback`; otherwise restore the newest copy\n",
    );
    env.tk(&["store", "check", "--accept-rollback"])
        .run()
        .ok()
        .stderr_is(
            "Accepted the rollback: this machine had seen the audit log reach event 3; the restored store's ends at event 2.\n\
             Store is sound: every record authenticated and SQLite's integrity check passed.\n",
        );
    // Accepted: the restored store is used again, its log says so.
    env.tk(&["token", "verify", &token]).run().ok();
    let all = events(&env);
    assert_eq!(
        actions(&all),
        [
            "tester store.init",
            "tester token.create",
            "tester store.accept-rollback"
        ]
    );
    assert_eq!(all[2]["outcome"], "was at event 3");
    // A copy that went its own way is refused as well.
    env.tk(&["token", "revoke", "victim", "--yes"]).run().ok();
    env.sqlite()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    fs::write(&env.store, &saved).unwrap();
    env.tk(&["token", "create", "--name", "y"]).run().expect(4);
    env.tk(&["secret", "list"])
        .run()
        .expect(4)
        .stderr_has("store rolled back");
}

#[test]
fn a_forged_record_of_the_chain_is_refused() {
    let env = TestEnv::init();
    let dir = env.path("state").join("tokenctl").join("seen");
    let files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    assert_eq!(crate::support::env::mode(&dir), 0o700);
    assert_eq!(crate::support::env::mode(&files[0]), 0o600);
    let mut bytes = fs::read(&files[0]).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    fs::write(&files[0], bytes).unwrap();
    env.tk(&["token", "list"])
        .run()
        .expect(4)
        .stderr_has("does not authenticate");
    env.tk(&["store", "check", "--accept-rollback"]).run().ok();
    env.tk(&["token", "list"]).run().ok();
}
