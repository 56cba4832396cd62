//! Who may do what: members with passphrases of their own, access keys
//! whose scope limits what they mint and see, and the store's policy.
//! Every story runs on a store file and on PostgreSQL.

use serde_json::Value;

use crate::support::env::TestEnv;
use crate::support::tokens::{assert_reason, list, mint};

/// A second passphrase, for member `bob`.
const BOB: &str = "bob's own passphrase, not the tester's";

fn add_bob(env: &TestEnv) {
    let file = env.file("bob-pass", format!("{BOB}\n"));
    env.tk(&[
        "member",
        "add",
        "bob",
        "--new-passphrase-file",
        file.to_str().unwrap(),
    ])
    .run()
    .ok();
}

fn as_bob<'a>(env: &'a TestEnv, args: &[&str]) -> crate::support::env::Invocation<'a> {
    let file = env.path("bob-pass");
    env.tk(args)
        .env("TOKENCTL_MEMBER", "bob")
        .env("TOKENCTL_PASSPHRASE_FILE", file)
        .env_remove("TOKENCTL_ACTOR")
}

/// Create access key `name` with `flags`; returns the key.
fn key(env: &TestEnv, name: &str, flags: &[&str]) -> String {
    let mut args = vec!["key", "create", name, "--allow", "mint"];
    args.extend_from_slice(flags);
    args.push("--json");
    let out = env.tk(&args).run().ok().json();
    let key = out["key"].as_str().expect("a key").to_string();
    assert!(key.starts_with("tka_"), "{key}");
    key
}

fn with_key<'a>(env: &'a TestEnv, key: &str, args: &[&str]) -> crate::support::env::Invocation<'a> {
    env.tk(args)
        .env("TOKENCTL_KEY", key)
        .env_remove("TOKENCTL_PASSPHRASE_FILE")
}

fn names(tokens: &[Value]) -> Vec<String> {
    tokens
        .iter()
        .map(|t| t["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

crate::on_every_store! {
    fn two_members_unlock_with_their_own_passphrases_and_are_recorded(env: TestEnv) {
        let mut env = env;
        env.canaries.push(BOB.into());
        env.init_store().ok();
        add_bob(&env);
        let members: Vec<String> = env.tk(&["member", "list", "--json"])
            .env("TOKENCTL_MEMBER", "tester").run().ok().json()
            .as_array().unwrap().iter()
            .map(|m| m["name"].as_str().unwrap().to_string()).collect();
        let mut members = members;
        members.sort();
        assert_eq!(members, ["bob", "tester"]);
        // Two members: the passphrase is tried against the slot named, only.
        env.tk(&["token", "create", "--name", "a"]).env("TOKENCTL_MEMBER", "tester").run().ok();
        as_bob(&env, &["token", "create", "--name", "b"]).run().ok();
        as_bob(&env, &["token", "revoke", "a", "--yes"]).run().ok();
        // Bob's passphrase does not open the tester's slot, nor the reverse.
        env.tk(&["token", "list"]).env("TOKENCTL_MEMBER", "bob").run().expect(3)
            .stderr_has("wrong passphrase");
        as_bob(&env, &["token", "list"]).env("TOKENCTL_MEMBER", "tester").run().expect(3);
        let all = env.tk(&["token", "list", "--status", "all", "--json"])
            .env("TOKENCTL_MEMBER", "tester").run().ok().json();
        let all = all.as_array().unwrap();
        let by: Vec<(String, String)> = all.iter()
            .map(|t| (t["name"].as_str().unwrap().into(), t["created_by"].as_str().unwrap().into()))
            .collect();
        assert!(by.contains(&("a".into(), "tester".into())), "{by:?}");
        assert!(by.contains(&("b".into(), "bob".into())), "{by:?}");
        let a = env.tk(&["token", "show", "a", "--json"]).env("TOKENCTL_MEMBER", "tester").run().ok().json();
        assert_eq!(a["revoked_by"], "bob");
        // Removing bob: his passphrase unlocks nothing, the tester's works.
        env.tk(&["member", "remove", "bob", "--yes"]).env("TOKENCTL_MEMBER", "tester").run().ok();
        as_bob(&env, &["token", "list"]).run().expect(3)
            .stderr_is("tokenctl: no member named 'bob' in this store\nhint: pass --member NAME or set TOKENCTL_MEMBER; a member sees the names with `tokenctl member list`\n");
        env.tk(&["token", "list"]).run().ok();
        // The last member stays.
        env.tk(&["member", "remove", "tester", "--yes"]).run().expect(5)
            .stderr_is("tokenctl: 'tester' is the store's last member; refusing to remove it\nhint: add another member first (`tokenctl member add NAME`)\n");
        env.tk(&["token", "list"]).run().ok();
    }

    fn an_access_key_mints_within_its_scope_and_nothing_else(env: TestEnv) {
        let mut env = env;
        env.init_store().ok();
        env.tk(&["secret", "add", "prod", "--generate"]).run().ok();
        let theirs = mint(&env, "theirs", &[]);
        let k = key(&env, "ci", &["--type", "development", "--max-ttl", "2h"]);
        // From here on the key must appear in no output, and never in
        // plain in the store file.
        env.canaries.push(k.clone());
        if env.pg.is_none() {
            assert!(!crate::support::env::contains(&env.store_bytes(), k.as_bytes()));
        }
        // Within scope.
        let mine = with_key(&env, &k, &["token", "create", "--name", "mine", "--expiry", "1h"])
            .env("TOKENCTL_ACTOR", "job-42").run().ok().stdout();
        let before = list(&env, &["--status", "all"]);
        // Out of scope: exit 7, each naming what the key lacks, nothing changed.
        for (args, says) in [
            (vec!["token", "create", "--name", "p", "--type", "production"], "tokenctl: access key 'ci' does not allow minting production tokens\n"),
            (vec!["token", "create", "--name", "long", "--expiry", "3h"], "tokenctl: access key 'ci' does not allow tokens that live longer than 2h (this one would live 3h)\n"),
            (vec!["token", "create", "--name", "s", "--secret", "prod"], "tokenctl: access key 'ci' does not allow signing with secret 'prod'\n"),
        ] {
            with_key(&env, &k, &args).run().expect(7).stderr_is(says);
        }
        for (args, what) in [
            (vec!["secret", "list", "--json"], "`tokenctl secret list`"),
            (vec!["member", "add", "eve"], "`tokenctl member add`"),
            (vec!["policy", "set", "--type", "development", "--max-ttl", "1h"], "`tokenctl policy set`"),
            (vec!["key", "create", "more", "--allow", "mint"], "`tokenctl key create`"),
            (vec!["store", "passwd"], "`tokenctl store passwd`"),
        ] {
            let _ = what;
            let run = with_key(&env, &k, &args).run();
            let code = run.code();
            // `store passwd` asks for a passphrase, never a key: exit 3.
            if args[0] == "store" {
                assert_eq!(code, 3, "{}", run.stderr());
                continue;
            }
            run.expect(7).stderr_is(&format!(
                "tokenctl: access key 'ci' does not allow {what}: it only mints development tokens and manages the tokens it minted\n\
                 hint: ask a member of the store, or unset TOKENCTL_KEY to unlock as a member\n"
            ));
        }
        with_key(&env, &k, &["token", "revoke", "theirs", "--yes"]).run().expect(7).stderr_is(
            "tokenctl: access key 'ci' does not allow touching token 'theirs': it did not mint it\n\
             hint: an access key lists, shows, verifies and revokes only the tokens it minted\n",
        );
        with_key(&env, &k, &["token", "verify", &theirs]).run().expect(7);
        with_key(&env, &k, &["token", "show", "theirs"]).run().expect(7);
        assert_eq!(list(&env, &["--status", "all"]), before, "a refused command changed nothing");
        assert_eq!(env.tk(&["member", "list", "--json"]).run().ok().json().as_array().unwrap().len(), 1);
        // Its own tokens: listed (only they), verified, revoked.
        let seen = with_key(&env, &k, &["token", "list", "--json"]).run().ok().json();
        assert_eq!(names(seen.as_array().unwrap()), ["mine"]);
        assert_eq!(seen[0]["created_by"], "key:ci (job-42)");
        with_key(&env, &k, &["token", "verify", mine.trim()]).run().ok();
        with_key(&env, &k, &["token", "revoke", "mine", "--yes"]).run().ok();
        // Listed for members, never the key itself.
        let keys = env.tk(&["key", "list", "--json"]).run().ok();
        let listed = keys.json();
        assert_eq!(listed[0]["name"], "ci");
        assert_eq!(listed[0]["scope"]["max_ttl"], 7200);
        assert_eq!(listed[0]["created_by"], "tester");
        assert!(listed[0]["last_used_at"].is_string());
        // Revoked: exit 3 from the next command on.
        env.tk(&["key", "revoke", "ci", "--yes"]).run().ok();
        with_key(&env, &k, &["token", "list"]).run().expect(3)
            .stderr_is("tokenctl: access key 'ci' was revoked\nhint: ask a member for a new key (`tokenctl key create`), or unset TOKENCTL_KEY\n");
        // Expired: exit 3.
        let brief = key(&env, "brief", &["--expiry", "1s"]);
        std::thread::sleep(std::time::Duration::from_millis(2100));
        let run = with_key(&env, &brief, &["token", "create", "--name", "late"]).run().expect(3);
        assert!(run.stderr().starts_with("tokenctl: access key 'brief' expired at "), "{}", run.stderr());
        // A key that is not one, or not this store's: exit 3.
        with_key(&env, &k, &["token", "list"]).env("TOKENCTL_KEY", "tka_nonsense").run().expect(3);
    }

    fn a_policy_refuses_long_tokens_and_makes_older_ones_inactive(env: TestEnv) {
        env.init_store().ok();
        let old = mint(&env, "old", &["--expiry", "3h"]);
        env.tk(&["policy", "set", "--type", "development", "--max-ttl", "2h"]).run().ok();
        let shown = env.tk(&["policy", "show", "--json"]).run().ok().json();
        assert_eq!(shown, serde_json::json!([{"token_type": "development", "max_ttl": 7200, "require_audience": false}]));
        env.tk(&["token", "create", "--name", "new", "--expiry", "3h"]).run().expect(7).stderr_is(
            "tokenctl: refused by the store's policy: development tokens may live at most 2h (policy); this one would live 3h\n",
        );
        assert_reason(&env, &old, &[], "policy");
        let ok = mint(&env, "fine", &["--expiry", "1h"]);
        crate::support::tokens::assert_active(&env, &ok, &[]);
        // verify --batch says the same.
        let batch = env.file("batch", format!("{old}\n{ok}\n"));
        let out = env.tk(&["token", "verify", "--batch", batch.to_str().unwrap()]).run().expect(1).stdout();
        let reasons: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(reasons[0], serde_json::json!({"active": false, "reason": "policy"}));
        assert_eq!(reasons[1]["active"], true);
        // A batch create that breaks it records nothing.
        let lines = env.file("create", "{\"name\":\"x1\",\"expiry\":\"1h\"}\n{\"name\":\"x2\",\"expiry\":\"5h\"}\n");
        env.tk(&["token", "create", "--batch", lines.to_str().unwrap()]).run().expect(7);
        assert!(!names(&list(&env, &["--status", "all"])).contains(&"x1".to_string()));
        // Without the rule the old token is active again.
        env.tk(&["policy", "unset", "--type", "development"]).run().ok();
        crate::support::tokens::assert_active(&env, &old, &[]);
    }
}
