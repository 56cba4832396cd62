//! `unlock` / `lock`: a session key stands in for the passphrase until it
//! expires or the store is locked.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;

use crate::support::env::{contains, raw_cmd, TestEnv};
use crate::support::pty::on_pty;
use crate::support::tokens::{assert_active, assert_reason, mint, unlock, with_session};

fn session_rows(env: &TestEnv) -> i64 {
    env.peek("SELECT count(*) FROM sessions")
        .and_then(|n| n.parse().ok())
        .expect("a count")
}

crate::on_every_store! {
    fn a_session_unlocks_every_command_without_a_passphrase(env: TestEnv) {
        env.init_store().ok();
        let session = unlock(&env, &[]);
        // Without the session there is nothing to unlock with.
        env.tk(&["token", "list"])
            .env_remove("TOKENCTL_PASSPHRASE_FILE")
            .run()
            .expect(3);
        let token = with_session(&env, &session, &["token", "create", "--name", "s1"])
            .ok()
            .stdout();
        let token = token.trim();
        let v = with_session(&env, &session, &["token", "verify", "--json", token])
            .ok()
            .json();
        assert_eq!(v["active"], true);
        let listed = with_session(&env, &session, &["token", "list", "--json"])
            .ok()
            .json();
        assert_eq!(listed[0]["name"], "s1");
        with_session(&env, &session, &["secret", "add", "more", "--generate"]).ok();
        with_session(&env, &session, &["secret", "list"]).ok();
        with_session(&env, &session, &["token", "revoke", "s1", "--yes"]).ok();
        with_session(&env, &session, &["store", "check"]).ok();
        assert_reason(&env, token, &[], "revoked");
        // The passphrase still works alongside the session.
        mint(&env, "by-passphrase", &[]);
    }
}

crate::on_every_store! {
    fn the_session_comes_before_a_passphrase_and_a_bad_one_is_not_skipped(env: TestEnv) {
        env.init_store().ok();
        // A passphrase file is set too: a bad session must still fail, not fall back.
        env.tk(&["token", "list"])
            .env("TOKENCTL_SESSION", "tks_not-a-session")
            .run()
            .expect(3)
            .stderr_has("TOKENCTL_SESSION");
        let session = unlock(&env, &[]);
        env.tk(&["token", "list"])
            .env("TOKENCTL_SESSION", &session)
            .env(
                "TOKENCTL_PASSPHRASE_FILE",
                env.file("wrong", "not the passphrase"),
            )
            .run()
            .ok();
    }
}

crate::on_every_store! {
    fn lock_ends_every_session_at_once_without_a_passphrase(env: TestEnv) {
        env.init_store().ok();
        let a = unlock(&env, &[]);
        let b = unlock(&env, &["--ttl", "2h"]);
        assert_ne!(a, b);
        assert_eq!(session_rows(&env), 2);
        let run = env
            .tk(&["lock", "--json"])
            .env_remove("TOKENCTL_PASSPHRASE_FILE")
            .run()
            .ok();
        assert_eq!(run.json()["ended"], 2);
        assert_eq!(session_rows(&env), 0);
        for s in [&a, &b] {
            with_session(&env, s, &["token", "list"])
                .expect(3)
                .stderr_has("has ended");
        }
        env.tk(&["lock"]).run().ok().stderr_has("No sessions");
    }
}

crate::on_every_store! {
    fn an_expired_session_is_exit_3_and_its_key_copy_is_deleted(env: TestEnv) {
        env.init_store().ok();
        let run = env.tk(&["unlock", "--ttl", "2s", "--json"]).run().ok();
        let session = run.json()["session"].as_str().unwrap().to_string();
        let expires: chrono::DateTime<chrono::Utc> =
            run.json()["expires_at"].as_str().unwrap().parse().unwrap();
        // On a loaded machine the session may be over before its first use.
        let first = with_session(&env, &session, &["token", "list"]);
        if chrono::Utc::now() < expires - chrono::Duration::milliseconds(500) {
            first.ok();
        }
        // Whole seconds: wait until the second after the expiry has begun.
        while chrono::Utc::now().timestamp() <= expires.timestamp() {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        // The expired row is deleted by the first command that opens the store,
        // so the key is refused as ended.
        with_session(&env, &session, &["token", "list"])
            .expect(3)
            .stderr_has("has ended");
        assert_eq!(session_rows(&env), 0);
    }
}

#[test]
fn an_expired_session_is_refused_even_while_its_row_remains() {
    let env = TestEnv::init();
    let session = unlock(&env, &["--ttl", "1h"]);
    // Backdate the expiry as a read-only store would leave it: the sealed key
    // is bound to the original expiry, so this can only make it fail.
    let conn = env.sqlite();
    conn.execute("UPDATE sessions SET expires_at = expires_at - 7200", [])
        .unwrap();
    drop(conn);
    with_session(&env, &session, &["token", "list"]).expect(3);
    // Extending it fails authentication: exit 3, never an unlock.
    let session = unlock(&env, &["--ttl", "1s"]);
    let conn = env.sqlite();
    conn.execute("UPDATE sessions SET expires_at = expires_at + 86400", [])
        .unwrap();
    drop(conn);
    with_session(&env, &session, &["token", "list"])
        .expect(3)
        .stderr_has("wrong");
}

crate::on_every_store! {
    fn wrong_sessions_are_exit_3(env: TestEnv) {
        env.init_store().ok();
        let other = TestEnv::init();
        let session = unlock(&env, &[]);
        let theirs = unlock(&other, &[]);
        let raw = URL_SAFE_NO_PAD.decode(&session[4..]).unwrap();
        let mut wrong_key = raw.clone();
        wrong_key[40] ^= 1;
        let mut wrong_id = raw.clone();
        wrong_id[0] ^= 1;
        for bad in [
            "garbage".to_string(),
            "tks_".to_string(),
            session[4..].to_string(),
            format!("tks_{}", URL_SAFE_NO_PAD.encode(wrong_key)),
            format!("tks_{}", URL_SAFE_NO_PAD.encode(wrong_id)),
            format!("tks_{}", URL_SAFE_NO_PAD.encode(&raw[..40])),
            theirs,
        ] {
            let run = with_session(&env, &bad, &["token", "list"]).expect(3);
            assert!(run.stderr().starts_with("tokenctl: "), "{}", run.stderr());
            assert!(!run.stderr().contains(&session), "the key is never echoed");
        }
        // The real one still works.
        with_session(&env, &session, &["token", "list"]).ok();
    }
}

crate::on_every_store! {
    fn unlock_needs_the_passphrase_and_bounds_its_ttl(env: TestEnv) {
        env.init_store().ok();
        let session = unlock(&env, &[]);
        // A session does not start another.
        with_session(&env, &session, &["unlock"]).expect(3);
        env.tk(&["unlock"])
            .env("TOKENCTL_PASSPHRASE_FILE", env.file("wrong", "nope"))
            .run()
            .expect(3);
        for ttl in ["0s", "25h", "24h1s", "soon", "-5m"] {
            env.tk(&["unlock", "--ttl", ttl]).run().expect(2);
        }
        unlock(&env, &["--ttl", "24h"]);
        // The default is 15 minutes.
        let v = env.tk(&["unlock", "--json"]).run().ok().json();
        let exp = chrono::DateTime::parse_from_rfc3339(v["expires_at"].as_str().unwrap()).unwrap();
        let left = exp.timestamp() - chrono::Utc::now().timestamp();
        assert!((14 * 60..=15 * 60).contains(&left), "{left}");
        assert!(v["session"].as_str().unwrap().starts_with("tks_"));
        env.tk(&["unlock"])
            .env("TOKENCTL_STORE", env.path("missing.db"))
            .run()
            .expect(4);
    }
}

crate::on_every_store! {
    fn passwd_ends_every_session(env: TestEnv) {
        env.init_store().ok();
        let session = unlock(&env, &[]);
        env.tk(&["store", "passwd"])
            .env("TOKENCTL_NEW_PASSPHRASE", "another passphrase")
            .run()
            .ok()
            .stderr_has("ended 1 unlock session");
        with_session(&env, &session, &["token", "list"]).expect(3);
    }
}

#[test]
fn the_store_never_holds_the_session_key() {
    let env = TestEnv::init();
    let session = unlock(&env, &[]);
    let raw = URL_SAFE_NO_PAD.decode(&session[4..]).unwrap();
    let key = &raw[16..];
    let token = with_session(&env, &session, &["token", "create", "--name", "t"])
        .ok()
        .stdout();
    assert_active(&env, token.trim(), &[]);
    let mut bytes = env.store_bytes();
    let [wal, _] = tokenctl::store::companion_paths(&env.store);
    bytes.extend(std::fs::read(wal).unwrap_or_default());
    assert!(!contains(&bytes, key), "the session key is in the store");
    assert!(!contains(&bytes, session.as_bytes()));
}

crate::on_every_store! {
    fn a_session_key_that_cannot_be_written_is_ended(env: TestEnv) {
        env.init_store().ok();
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = raw_cmd(&env, &["unlock"])
            .stdin(std::process::Stdio::null())
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(6), "{out:?}");
        assert_eq!(session_rows(&env), 0);
    }
}

crate::on_every_store! {
    fn on_a_terminal_unlock_prints_an_export_line(env: TestEnv) {
        env.init_store().ok();
        let run = on_pty(&env, &["unlock", "--ttl", "5m"], "", "", None);
        assert_eq!(run.code, 0, "{}", run.output);
        let line = run
            .output
            .lines()
            .find(|l| l.starts_with("export TOKENCTL_SESSION=tks_"))
            .unwrap_or_else(|| panic!("no export line:\n{}", run.output));
        let session = line.trim_start_matches("export TOKENCTL_SESSION=").trim();
        let v: Value = with_session(&env, session, &["token", "list", "--json"])
            .ok()
            .json();
        assert_eq!(v, serde_json::json!([]));
    }
}
