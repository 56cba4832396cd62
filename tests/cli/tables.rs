//! `secret list` and `token list` print whole tables: a header, one row per
//! record, every cell in its column.

use serde_json::Value;

use crate::support::env::TestEnv;
use crate::support::text::{cells, table};
use crate::support::tokens::{list, mint, record, wait_past};

fn s(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
        .to_string()
}

fn date(v: &Value) -> String {
    s(v)[..10].to_string()
}

/// A store whose `default` secret signs two active tokens (`web`, one
/// hour; `api`, production, thirty days) and whose `other` secret signs
/// none: its one token, `old`, is revoked.
fn store_with_two_secrets() -> TestEnv {
    let env = TestEnv::init();
    env.tk(&["secret", "add", "other", "--generate"]).run().ok();
    mint(&env, "old", &["--secret", "other", "--expiry", "never"]);
    env.tk(&["token", "revoke", "old", "--yes"]).run().ok();
    mint(&env, "web", &[]);
    mint(&env, "api", &["--type", "production", "--expiry", "30d"]);
    wait_past(&record(&env, "api")["created_at"]);
    env
}

/// The shortest prefix of `id`, at least 8 characters, that starts no other id.
fn short_id(id: &str, all: &[Value]) -> String {
    let mut n = 8;
    while all
        .iter()
        .any(|r| r["id"] != id && s(&r["id"]).starts_with(&id[..n]))
    {
        n += 1;
    }
    id[..n].to_string()
}

#[test]
fn secret_list_is_a_table_of_seven_filled_columns() {
    let env = store_with_two_secrets();
    let secrets = env.tk(&["secret", "list", "--json"]).run().ok().json();
    let mut rows = vec![[
        "NAME",
        "ALGORITHM",
        "KEY ID",
        "DEFAULT",
        "ACTIVE TOKENS",
        "CREATED BY",
        "CREATED",
    ]
    .map(String::from)
    .to_vec()];
    for sec in secrets.as_array().unwrap() {
        rows.push(vec![
            s(&sec["name"]),
            s(&sec["algorithm"]),
            s(&sec["kid"]),
            if sec["default"] == true { "yes" } else { "no" }.into(),
            sec["active_tokens"].to_string(),
            s(&sec["created_by"]),
            date(&sec["created_at"]),
        ]);
    }
    let names: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, ["default", "other"]);
    assert_eq!((rows[1][4].as_str(), rows[2][4].as_str()), ("2", "0"));

    let out = env.tk(&["secret", "list"]).run().ok().stdout();
    assert_eq!(
        out.lines().next().unwrap(),
        "NAME     ALGORITHM  KEY ID            DEFAULT  ACTIVE TOKENS  CREATED BY  CREATED"
    );
    for (line, row) in out.lines().zip(&rows) {
        assert_eq!(cells(line), *row, "{out}");
    }
    assert_eq!(out, table(&rows));
}

/// The `token list` table of the records `token list --json EXTRA` gives.
fn expected_token_table(env: &TestEnv, extra: &[&str], expiry: &[(&str, &str)]) -> String {
    let all = list(env, &["--status", "all"]);
    let mut rows = vec![[
        "ID",
        "NAME",
        "TYPE",
        "STATUS",
        "EXPIRY",
        "CREATED BY",
        "CREATED",
    ]
    .map(String::from)
    .to_vec()];
    for rec in list(env, extra) {
        let name = s(&rec["name"]);
        let left = expiry
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("no expiry cell given for {name}"))
            .1;
        rows.push(vec![
            short_id(&s(&rec["id"]), &all),
            name,
            s(&rec["type"]),
            s(&rec["status"]),
            left.to_string(),
            s(&rec["created_by"]),
            date(&rec["created_at"]),
        ]);
    }
    table(&rows)
}

#[test]
fn token_list_is_a_whole_table_newest_first() {
    let env = store_with_two_secrets();
    let cells_of = [("api", "30 days"), ("web", "1 hour"), ("old", "Never")];

    let out = env.tk(&["token", "list"]).run().ok().stdout();
    assert_eq!(
        out.lines().next().unwrap(),
        "ID        NAME  TYPE         STATUS  EXPIRY   CREATED BY  CREATED"
    );
    let names: Vec<&str> = out.lines().skip(1).map(|l| cells(l)[1]).collect();
    assert_eq!(names, ["api", "web"], "{out}");
    assert_eq!(out, expected_token_table(&env, &[], &cells_of));

    let all = env
        .tk(&["token", "list", "--status", "all"])
        .run()
        .ok()
        .stdout();
    assert_eq!(all.lines().count(), 4, "{all}");
    assert_eq!(
        all,
        expected_token_table(&env, &["--status", "all"], &cells_of)
    );
}
