//! `token show NAME|ID`: one token's whole record, as aligned text or as
//! JSON with every field.

use serde_json::json;

use crate::support::env::TestEnv;
use crate::support::tokens::{assert_keys, kid_of, mint, record};

/// A production token with a subject, two audiences, a role, two origins
/// and two custom claims (a string and a number). Returns its id.
fn full_token(env: &TestEnv) -> String {
    mint(
        env,
        "full",
        &[
            "--type",
            "production",
            "--expiry",
            "30d",
            "--subject",
            "user-7",
            "--audience",
            "api.example",
            "--audience",
            "web.example",
            "--role",
            "admin",
            "--origin",
            "https://app.example.com",
            "--origin",
            "https://admin.example.com",
            "--claim",
            "plan=pro",
            "--claim",
            "seats:=5",
        ],
    );
    record(env, "full")["id"].as_str().unwrap().to_string()
}

/// `Created:` says how long ago, which depends on when `show` ran: the
/// line as shown, checked to be that time and a few seconds ago at most.
fn created_line(shown: &str, created_at: &str) -> String {
    let line = shown
        .lines()
        .find(|l| l.starts_with("Created:"))
        .unwrap_or_else(|| panic!("no Created line:\n{shown}"))
        .to_string();
    let ago = line
        .strip_prefix(&format!("Created:    {created_at} ("))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{line}"));
    assert!(
        ago == "now" || ago == "1 second ago" || ago.ends_with(" seconds ago"),
        "{line}"
    );
    line
}

crate::on_every_store! {
    fn show_prints_the_whole_record_aligned(env: TestEnv) {
        env.init_store().ok();
        let id = full_token(&env);
        let rec = record(&env, "full");
        let (created, expires) = (
            rec["created_at"].as_str().unwrap(),
            rec["expires_at"].as_str().unwrap(),
        );
        let kid = kid_of(&env, "default");
        let shown = env.tk(&["token", "show", "full"]).run().ok().stdout();
        assert_eq!(
            shown,
            format!(
                "ID:         {id}
Name:       full
Type:       production
Format:     jwt
Status:     active
Secret:     default (key id {kid})
Subject:    user-7
Audience:   api.example, web.example
Role:       admin
Origins:    https://app.example.com, https://admin.example.com
Created by: tester
{}
Expires:    {expires} (in 30 days)
Last used:  -
Claims:
  plan: pro
  seats: 5
",
                created_line(&shown, created)
            )
        );
        // By a unique prefix of its id, the same record.
        let by_prefix = env.tk(&["token", "show", &id[..8]]).run().ok().stdout();
        let timeless = |s: &str| s.replace(&created_line(s, created), "Created:");
        assert_eq!(timeless(&by_prefix), timeless(&shown));
    }
}

crate::on_every_store! {
    fn show_of_a_revoked_token_says_when_by_whom_and_why(env: TestEnv) {
        env.init_store().ok();
        mint(&env, "gone", &["--expiry", "never"]);
        env.tk(&[
            "token",
            "revoke",
            "gone",
            "--reason",
            "leaked in a log",
            "--yes",
        ])
        .run()
        .ok();
        let rec = record(&env, "gone");
        let shown = env.tk(&["token", "show", "gone"]).run().ok().stdout();
        assert_eq!(
            shown,
            format!(
                "ID:         {}
Name:       gone
Type:       development
Format:     jwt
Status:     revoked
Secret:     default (key id {})
Subject:    -
Audience:   -
Role:       -
Origins:    -
Created by: tester
{}
Expires:    never
Revoked:    {} by tester (leaked in a log)
Last used:  -
Claims:     -
",
                rec["id"].as_str().unwrap(),
                kid_of(&env, "default"),
                created_line(&shown, rec["created_at"].as_str().unwrap()),
                rec["revoked_at"].as_str().unwrap(),
            )
        );
    }
}

crate::on_every_store! {
    fn show_names_no_command_that_does_not_exist(env: TestEnv) {
        env.init_store().ok();
        mint(&env, "t", &[]);
        let shown = env.tk(&["token", "show", "t"]).run().ok().stdout();
        for named in shown.split("`tokenctl ").skip(1) {
            let command = named.split([' ', '`']).next().unwrap();
            env.tk(&[command, "--help"]).run().ok();
        }
    }
}

crate::on_every_store! {
    fn show_json_has_every_field_of_the_record(env: TestEnv) {
        env.init_store().ok();
        let id = full_token(&env);
        let rec = record(&env, "full");
        let json = env
            .tk(&["token", "show", "full", "--json"])
            .run()
            .ok()
            .json();
        assert_keys(
            &json,
            &[
                "id",
                "name",
                "type",
                "format",
                "status",
                "secret",
                "kid",
                "subject",
                "audience",
                "role",
                "origins",
                "claims",
                "created_at",
                "created_by",
                "expires_at",
                "not_before",
                "revoked_at",
                "revoked_by",
                "revoke_reason",
                "last_used_at",
            ],
        );
        assert_eq!(
            json,
            json!({
                "id": id,
                "name": "full",
                "type": "production",
                "format": "jwt",
                "status": "active",
                "secret": "default",
                "kid": kid_of(&env, "default"),
                "subject": "user-7",
                "audience": ["api.example", "web.example"],
                "role": "admin",
                "origins": ["https://app.example.com", "https://admin.example.com"],
                "claims": {"plan": "pro", "seats": 5},
                "created_at": rec["created_at"],
                "created_by": "tester",
                "expires_at": rec["expires_at"],
                "not_before": null,
                "revoked_at": null,
                "revoked_by": null,
                "revoke_reason": null,
                "last_used_at": null,
            })
        );
        let by_prefix = env
            .tk(&["token", "show", &id[..6], "--json"])
            .run()
            .ok()
            .json();
        assert_eq!(by_prefix, json);
    }
}

crate::on_every_store! {
    fn show_of_an_unknown_name_is_exit_5(env: TestEnv) {
        env.init_store().ok();
        mint(&env, "known", &[]);
        let run = env.tk(&["token", "show", "unknown"]).run().expect(5);
        assert_eq!(
            run.stderr(),
            "tokenctl: no token named or with id 'unknown'\n\
         hint: `tokenctl token list --status all` shows every token\n"
        );
        assert_eq!(run.stdout(), "");
    }
}
