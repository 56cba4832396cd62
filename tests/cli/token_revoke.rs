//! `token revoke`, and `secret remove` with tokens still signed by the secret.

use serde_json::Value;

use crate::support::env::TestEnv;
use crate::support::tokens::{
    assert_active, assert_reason, forge_opaque, list, mint, mint_json, now, parts, record,
    secret_field, sign, utc, verify,
};

crate::on_every_store! {
    fn revoke_needs_yes_without_a_terminal_and_records_who_and_why(env: TestEnv) {
        env.init_store().ok();
        let token = mint(&env, "ci", &[]);
        env.tk(&["token", "revoke", "ci"])
            .run()
            .expect(2)
            .stderr_has("--yes");
        env.tk(&["token", "revoke", "ci", "--reason", "no yes"])
            .run()
            .expect(2);
        assert_active(&env, &token, &[]);
        assert_eq!(record(&env, "ci")["status"], "active");

        let before = now();
        env.tk(&[
            "token",
            "revoke",
            "ci",
            "--yes",
            "--reason",
            "leaked in a CI log",
        ])
        .env("TOKENCTL_ACTOR", "security-oncall")
        .run()
        .ok();
        assert_reason(&env, &token, &[], "revoked");
        let rec = record(&env, "ci");
        assert_eq!(rec["status"], "revoked");
        // TOKENCTL_ACTOR labels the member who unlocked.
        assert_eq!(rec["revoked_by"], "tester (security-oncall)");
        assert_eq!(rec["created_by"], "tester");
        assert_eq!(rec["revoke_reason"], "leaked in a CI log");
        let at = utc(&rec["revoked_at"]);
        assert!((before - 1..=now() + 1).contains(&at));
        // Without --reason, who did it is still recorded.
        mint(&env, "plain", &[]);
        env.tk(&["token", "revoke", "plain", "-y"]).run().ok();
        let rec = record(&env, "plain");
        assert_eq!(rec["status"], "revoked");
        assert_eq!(rec["revoked_by"], "tester");
        utc(&rec["revoked_at"]);
    }
}

crate::on_every_store! {
    fn revoke_by_id_or_a_unique_prefix_of_at_least_six_characters(env: TestEnv) {
        env.init_store().ok();
        let a = mint_json(&env, "a", &[]);
        let b = mint_json(&env, "b", &[]);
        let c = mint_json(&env, "c", &[]);
        let id = |v: &Value| v["id"].as_str().unwrap().to_string();
        env.tk(&["token", "revoke", &id(&a), "--yes"]).run().ok();
        assert_eq!(record(&env, "a")["status"], "revoked");
        assert_eq!(record(&env, "b")["status"], "active");

        // The shortest prefix that tells b from c (and a), but never under 6.
        let (ib, ic) = (id(&b), id(&c));
        let common = ib
            .chars()
            .zip(ic.chars())
            .take_while(|(x, y)| x == y)
            .count();
        let len = (common + 1).max(6);
        env.tk(&["token", "revoke", &ib[..5], "--yes"])
            .run()
            .expect(5);
        assert_eq!(
            record(&env, "b")["status"],
            "active",
            "a 5-character prefix must not match"
        );
        env.tk(&["token", "revoke", &ib[..len], "--yes"]).run().ok();
        assert_eq!(record(&env, "b")["status"], "revoked");
        assert_eq!(record(&env, "c")["status"], "active");
        assert_reason(&env, b["token"].as_str().unwrap(), &[], "revoked");
        assert_active(&env, c["token"].as_str().unwrap(), &[]);
    }
}

/// Ids are 128 random bits, so two ids sharing 6 characters takes thousands
/// of mints (a birthday bound of about 5,000): minted in batches.
#[test]
fn an_ambiguous_id_prefix_is_exit_5_and_revokes_nothing() {
    use std::collections::HashMap;
    let env = TestEnv::init();
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut found = None;
    for round in 0..20 {
        let input: String = (0..2000)
            .map(|i| format!("{{\"name\":\"r{round}-{i}\"}}\n"))
            .collect();
        let out = env
            .tk(&["token", "create", "--batch", "-"])
            .stdin(input)
            .run()
            .ok()
            .stdout();
        for line in out.lines() {
            let v: Value = serde_json::from_str(line).unwrap();
            let id = v["id"].as_str().unwrap().to_string();
            if let Some(other) = seen.insert(id[..6].to_string(), id.clone()) {
                found = Some((id[..6].to_string(), other, id));
                break;
            }
        }
        if found.is_some() {
            break;
        }
    }
    let (prefix, a, b) = found.expect("a shared prefix");
    env.tk(&["token", "revoke", &prefix, "--yes"])
        .run()
        .expect(5)
        .stderr_has("ambiguous");
    assert!(list(&env, &[]).iter().all(|r| r["status"] == "active"));
    // One more character tells them apart.
    let n = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    env.tk(&["token", "revoke", &a[..=n], "--yes"]).run().ok();
    let revoked = list(&env, &["--status", "revoked"]);
    assert_eq!(revoked.len(), 1);
    assert_eq!(revoked[0]["id"], a.as_str());
}

crate::on_every_store! {
    fn an_unknown_name_or_id_is_exit_5(env: TestEnv) {
        env.init_store().ok();
        let token = mint(&env, "real", &[]);
        for target in ["nope", "real2", "rea", "0000000000", "ffffffff-ffff"] {
            env.tk(&["token", "revoke", target, "--yes"])
                .run()
                .expect(5);
        }
        assert_active(&env, &token, &[]);
        // Neither a name nor --token: usage error. Both at once: usage error.
        env.tk(&["token", "revoke", "--yes"]).run().expect(2);
        env.tk(&["token", "revoke", "real", "--token", &token, "--yes"])
            .run()
            .expect(2);
        assert_active(&env, &token, &[]);
    }
}

crate::on_every_store! {
    fn revoking_a_revoked_token_is_exit_0_and_changes_nothing(env: TestEnv) {
        env.init_store().ok();
        let t = mint_json(&env, "twice", &[]);
        env.tk(&["token", "revoke", "twice", "--yes", "--reason", "first"])
            .run()
            .ok();
        let first = record(&env, "twice");
        std::thread::sleep(std::time::Duration::from_millis(1100));
        env.tk(&[
            "token",
            "revoke",
            t["id"].as_str().unwrap(),
            "--yes",
            "--reason",
            "second",
        ])
        .env("TOKENCTL_ACTOR", "someone-else")
        .run()
        .ok()
        .stderr_has("already revoked");
        let second = record(&env, "twice");
        assert_eq!(first, second, "a second revoke must not rewrite the record");
        assert_eq!(second["revoke_reason"], "first");
        assert_eq!(second["revoked_by"], "tester");
        // By the token value too.
        env.tk(&[
            "token",
            "revoke",
            "--token",
            t["token"].as_str().unwrap(),
            "--yes",
        ])
        .run()
        .ok()
        .stderr_has("already revoked");
    }
}

crate::on_every_store! {
    fn revoke_by_the_token_itself_from_an_argument_or_stdin(env: TestEnv) {
        env.init_store().ok();
        let jwt = mint(&env, "by-value", &[]);
        let opaque = mint(&env, "by-stdin", &["--format", "opaque"]);
        let opaque_arg = mint(
            &env,
            "opaque-arg",
            &["--format", "opaque", "--type", "prod"],
        );
        let jwt_stdin = mint(&env, "jwt-stdin", &[]);
        let bystander = mint(&env, "bystander", &[]);

        env.tk(&["token", "revoke", "--token", &jwt, "--yes"])
            .run()
            .ok();
        env.tk(&[
            "token", "revoke", "--token", "-", "--yes", "--reason", "piped",
        ])
        .stdin(format!("{opaque}\n"))
        .run()
        .ok();
        env.tk(&["token", "revoke", "--token", &opaque_arg, "--yes"])
            .run()
            .ok();
        env.tk(&["token", "revoke", "--token", "-", "--yes"])
            .stdin(jwt_stdin.clone())
            .run()
            .ok();
        for t in [&jwt, &opaque, &opaque_arg, &jwt_stdin] {
            assert_reason(&env, t, &[], "revoked");
        }
        assert_eq!(record(&env, "by-stdin")["revoke_reason"], "piped");
        assert_active(&env, &bystander, &[]);

        // Tokens this store never minted are unknown: exit 5, nothing revoked.
        let fake = forge_opaque("tkd_", "abcdefghijABCDEFGHIJ0123456789");
        env.tk(&["token", "revoke", "--token", &fake, "--yes"])
            .run()
            .expect(5);
        let foreign = sign(
            "HS256",
            b"a foreign key of thirty-two bytes!!",
            r#"{"alg":"HS256","typ":"JWT"}"#,
            r#"{"jti":"not-minted","iat":1,"token_type":"development"}"#,
        );
        env.tk(&["token", "revoke", "--token", &foreign, "--yes"])
            .run()
            .expect(5);
        // A payload altered to carry bystander's jti does not revoke bystander.
        let (_, claims) = parts(&bystander);
        let forged = sign(
            "HS256",
            b"a foreign key of thirty-two bytes!!",
            r#"{"alg":"HS256","typ":"JWT"}"#,
            &serde_json::json!({"jti": claims["jti"], "iat": 1}).to_string(),
        );
        let code = env
            .tk(&["token", "revoke", "--token", &forged, "--yes"])
            .run()
            .code();
        assert_ne!(code, 0, "a forged token revoked a real one");
        assert_active(&env, &bystander, &[]);
        // Garbage is refused, not a crash.
        let code = env
            .tk(&["token", "revoke", "--token", "garbage", "--yes"])
            .run()
            .code();
        assert!(code == 2 || code == 5, "exit {code}");
    }
}

crate::on_every_store! {
    fn revoke_by_name_targets_the_active_token_of_that_name(env: TestEnv) {
        env.init_store().ok();
        let first = mint(&env, "rotating", &[]);
        let second = mint(&env, "rotating", &["--replace"]);
        assert_reason(&env, &first, &[], "revoked");
        env.tk(&["token", "revoke", "rotating", "--yes"]).run().ok();
        assert_reason(&env, &second, &[], "revoked");
        let revoked = list(&env, &["--status", "revoked"]);
        assert_eq!(revoked.len(), 2);
        let reasons: Vec<&Value> = revoked.iter().map(|r| &r["revoke_reason"]).collect();
        assert!(reasons.contains(&&Value::from("replaced")), "{reasons:?}");
    }
}

crate::on_every_store! {
    fn a_secret_with_active_tokens_is_kept_unless_they_are_revoked_with_it(env: TestEnv) {
        env.init_store().ok();
        env.tk(&["secret", "add", "signer", "--generate"])
            .run()
            .ok();
        let a = mint(&env, "a", &["--secret", "signer"]);
        let b = mint(&env, "b", &["--secret", "signer", "--type", "prod"]);
        mint(&env, "c", &["--secret", "signer"]);
        env.tk(&["token", "revoke", "c", "--yes"]).run().ok();
        let bystander = mint(&env, "bystander", &[]);
        assert_eq!(secret_field(&env, "signer", "active_tokens"), 2);

        env.tk(&["secret", "remove", "signer", "--yes"])
            .run()
            .expect(5);
        env.tk(&["secret", "remove", "signer", "--revoke-tokens"])
            .run()
            .expect(2);
        assert_active(&env, &a, &[]);
        assert_active(&env, &b, &[]);
        assert_eq!(secret_field(&env, "signer", "active_tokens"), 2);

        env.tk(&["secret", "remove", "signer", "--revoke-tokens", "--yes"])
            .run()
            .ok();
        for t in [&a, &b] {
            verify(&env, t, &[]).expect(1);
        }
        for name in ["a", "b"] {
            let rec = record(&env, name);
            assert_eq!(rec["status"], "revoked", "{rec}");
            assert_eq!(rec["revoke_reason"], "secret removed");
            assert_eq!(rec["revoked_by"], "tester");
        }
        assert_ne!(record(&env, "c")["revoke_reason"], "secret removed");
        assert_active(&env, &bystander, &[]);
        env.tk(&["token", "list", "--secret", "signer"])
            .run()
            .expect(5);
        env.tk(&["store", "check"]).run().ok();
    }
}

crate::on_every_store! {
    fn a_secret_whose_tokens_are_all_revoked_can_be_removed(env: TestEnv) {
        env.init_store().ok();
        env.tk(&["secret", "add", "old", "--generate"]).run().ok();
        mint(&env, "x", &["--secret", "old"]);
        env.tk(&["token", "revoke", "x", "--yes"]).run().ok();
        assert_eq!(secret_field(&env, "old", "active_tokens"), 0);
        env.tk(&["secret", "remove", "old", "--yes"]).run().ok();
        env.tk(&["store", "check"]).run().ok();
        env.tk(&["token", "list", "--status", "all"]).run().ok();
    }
}
