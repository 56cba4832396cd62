//! Revoking several tokens at once: all named ones or none, or every
//! active token a filter selects, with one confirmation naming how many.

use crate::support::env::TestEnv;
use crate::support::pty::{self, Step::*};
use crate::support::tokens::{assert_keys, list, mint, record, RECORD_KEYS};

fn id(env: &TestEnv, name: &str) -> String {
    record(env, name)["id"].as_str().unwrap().to_string()
}

fn status(env: &TestEnv, name: &str) -> String {
    record(env, name)["status"].as_str().unwrap().to_string()
}

/// The names whose status is `status`, sorted.
fn names_with(env: &TestEnv, status: &str) -> Vec<String> {
    let mut names: Vec<String> = list(env, &["--status", status])
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

fn revoked_lines(env: &TestEnv, names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("Revoked token '{n}' (id {})\n", id(env, n)))
        .collect()
}

crate::on_every_store! {
    fn several_names_are_revoked_in_one_go(env: TestEnv) {
        env.init_store().ok();
        for n in ["a", "b", "c", "d"] {
            mint(&env, n, &[]);
        }
        let run = env
            .tk(&[
                "token", "revoke", "a", "b", "c", "--reason", "cleanup", "--yes",
            ])
            .run()
            .ok();
        assert_eq!(run.stderr(), revoked_lines(&env, &["a", "b", "c"]));
        assert_eq!(names_with(&env, "revoked"), ["a", "b", "c"]);
        assert_eq!(names_with(&env, "active"), ["d"]);
        let (a, b, c) = (record(&env, "a"), record(&env, "b"), record(&env, "c"));
        assert_eq!(a["revoke_reason"], "cleanup");
        assert!(a["revoked_at"] == b["revoked_at"] && b["revoked_at"] == c["revoked_at"]);
    }
}

crate::on_every_store! {
    fn one_unknown_name_among_several_revokes_none(env: TestEnv) {
        env.init_store().ok();
        mint(&env, "a", &[]);
        mint(&env, "c", &[]);
        let run = env
            .tk(&["token", "revoke", "a", "nope", "c", "--yes"])
            .run()
            .expect(5);
        assert_eq!(
            run.stderr(),
            "tokenctl: no token named or with id 'nope'\n\
         hint: `tokenctl token list --status all` shows every token\n"
        );
        assert_eq!(names_with(&env, "active"), ["a", "c"]);
    }
}

#[test]
fn one_confirmation_names_how_many_and_declining_revokes_none() {
    let env = TestEnv::init();
    for n in ["a", "b", "c"] {
        mint(&env, n, &[]);
    }
    let question = format!(
        "Revoke 3 tokens: development token 'a' (id {}), development token 'b' (id {}), \
         development token 'c' (id {})? They stop verifying at once. This cannot be undone. [y/N] ",
        id(&env, "a"),
        id(&env, "b"),
        id(&env, "c")
    );
    let cmd = r#"tokenctl token revoke a b c; echo "exit=$?""#;
    let steps = |answer| [Expect("[y/N] "), Send(answer), Expect("exit=")];
    let Some(run) = pty::run(&env, cmd, &[], &steps("n\n")) else {
        return;
    };
    assert_eq!(
        run.completed().transcript,
        format!("{question}n\ntokenctl: cancelled\nexit=130\n")
    );
    assert_eq!(names_with(&env, "active"), ["a", "b", "c"]);

    let Some(run) = pty::run(&env, cmd, &[], &steps("y\n")) else {
        return;
    };
    assert_eq!(
        run.completed().transcript,
        format!(
            "{question}y\n{}exit=0\n",
            revoked_lines(&env, &["a", "b", "c"])
        )
    );
    assert_eq!(names_with(&env, "revoked"), ["a", "b", "c"]);
}

crate::on_every_store! {
    fn all_with_a_secret_revokes_exactly_the_active_tokens_it_signs(env: TestEnv) {
        env.init_store().ok();
        env.tk(&["secret", "add", "old-key", "--generate"])
            .run()
            .ok();
        mint(&env, "mine-1", &[]);
        mint(&env, "mine-2", &["--type", "production"]);
        mint(&env, "opaque", &["--format", "opaque"]);
        mint(&env, "old-1", &["--secret", "old-key"]);
        mint(&env, "old-2", &["--secret", "old-key", "--type", "prod"]);
        mint(&env, "old-gone", &["--secret", "old-key"]);
        env.tk(&["token", "revoke", "old-gone", "--yes"]).run().ok();
        let gone_at = record(&env, "old-gone")["revoked_at"].clone();

        let run = env
            .tk(&["token", "revoke", "--all", "--secret", "old-key", "--yes"])
            .run()
            .ok();
        let stderr = run.stderr();
        let mut shown: Vec<&str> = stderr.lines().collect();
        shown.sort();
        let want = revoked_lines(&env, &["old-1", "old-2"]);
        assert_eq!(shown, want.lines().collect::<Vec<_>>());
        assert_eq!(names_with(&env, "revoked"), ["old-1", "old-2", "old-gone"]);
        assert_eq!(names_with(&env, "active"), ["mine-1", "mine-2", "opaque"]);
        assert_eq!(record(&env, "old-gone")["revoked_at"], gone_at);
    }
}

crate::on_every_store! {
    fn all_with_a_type_or_a_creator_revokes_just_those(env: TestEnv) {
        env.init_store().ok();
        mint(&env, "dev", &[]);
        mint(&env, "prod-1", &["--type", "production"]);
        mint(&env, "prod-2", &["--type", "prod"]);
        env.tk(&["token", "create", "--name", "alices"])
            .env("TOKENCTL_ACTOR", "alice")
            .run()
            .ok();

        env.tk(&["token", "revoke", "--all", "--type", "production", "--yes"])
            .run()
            .ok();
        assert_eq!(names_with(&env, "revoked"), ["prod-1", "prod-2"]);

        let run = env
            .tk(&["token", "revoke", "--all", "--created-by", "tester (alice)", "--yes"])
            .run()
            .ok();
        assert_eq!(run.stderr(), revoked_lines(&env, &["alices"]));
        assert_eq!(status(&env, "dev"), "active");

        let run = env
            .tk(&[
                "token",
                "revoke",
                "--all",
                "--created-by",
                "nobody",
                "--yes",
            ])
            .run()
            .ok();
        assert_eq!(
            run.stderr(),
            "No active token matches; nothing was revoked.\n"
        );
        assert_eq!(status(&env, "dev"), "active");
    }
}

crate::on_every_store! {
    fn all_without_a_filter_is_exit_2(env: TestEnv) {
        env.init_store().ok();
        mint(&env, "kept", &[]);
        let run = env
            .tk(&["token", "revoke", "--all", "--yes"])
            .run()
            .expect(2);
        assert_eq!(
            run.stderr(),
            "tokenctl: --all needs at least one filter\n\
         hint: add --secret NAME, --type TYPE or --created-by ACTOR\n"
        );
        assert_eq!(status(&env, "kept"), "active");
    }
}

crate::on_every_store! {
    fn json_of_several_is_an_array_of_records(env: TestEnv) {
        env.init_store().ok();
        mint(&env, "a", &[]);
        mint(&env, "b", &[]);
        let json = env
            .tk(&["token", "revoke", "a", "b", "--yes", "--json"])
            .run()
            .ok()
            .json();
        let items = json
            .as_array()
            .unwrap_or_else(|| panic!("not an array: {json}"));
        let names: Vec<&str> = items.iter().map(|r| r["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["a", "b"]);
        // The records of `token list --json`, less `last_used_at`, which only
        // `token list` reports.
        let keys: Vec<&str> = RECORD_KEYS
            .iter()
            .copied()
            .filter(|k| *k != "last_used_at")
            .collect();
        for item in items {
            assert_keys(item, &keys);
            assert_eq!(item["status"], "revoked");
            let mut listed = record(&env, item["name"].as_str().unwrap());
            let used = listed.as_object_mut().unwrap().remove("last_used_at");
            assert_eq!(used, Some(serde_json::Value::Null));
            assert_eq!(*item, listed);
        }
        // --all selecting one is still an array.
        mint(&env, "c", &["--type", "production"]);
        let json = env
            .tk(&[
                "token",
                "revoke",
                "--all",
                "--type",
                "production",
                "--yes",
                "--json",
            ])
            .run()
            .ok()
            .json();
        assert_eq!(json.as_array().map(Vec::len), Some(1), "{json}");
    }
}
