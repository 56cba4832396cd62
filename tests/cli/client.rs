//! `client add | list | remove`: the secret is printed once and kept only
//! as a sealed hash, the list never shows one, and removal is confirmed.

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::support::env::{contains, TestEnv};
use crate::support::serve::{add_client, assert_client_secret};
use crate::support::store::{assert_files_clean, format7_store, store_files};
use crate::support::text::table;
use crate::support::tokens::{assert_keys, utc};

fn clients(env: &TestEnv) -> Vec<Value> {
    env.tk(&["client", "list", "--json"])
        .run()
        .ok()
        .json()
        .as_array()
        .expect("client list --json is an array")
        .clone()
}

#[test]
fn client_add_prints_the_secret_alone_and_list_is_a_whole_table() {
    let mut env = TestEnv::init();
    let empty = env.tk(&["client", "list"]).run().ok();
    assert_eq!(empty.stdout(), "");
    assert_eq!(
        empty.stderr(),
        "No clients. Add one with `tokenctl client add NAME`.\n"
    );

    let run = env.tk(&["client", "add", "api"]).run().ok();
    let secret = run.stdout().strip_suffix('\n').unwrap().to_string();
    assert_client_secret(&secret);
    assert_eq!(
        run.stderr(),
        "Added client 'api'; the secret is shown only once. Callers send it with HTTP Basic as api:SECRET\n"
    );
    env.canaries.push(secret);
    let other = env
        .tk(&["client", "add", "billing.v2"])
        .env("TOKENCTL_ACTOR", "ops")
        .run()
        .ok()
        .stdout();
    env.canaries.push(other.trim_end().to_string());

    let listed = clients(&env);
    let mut rows = vec![["NAME", "CREATED BY", "CREATED"].map(String::from).to_vec()];
    for (c, (name, by)) in listed
        .iter()
        .zip([("api", "tester"), ("billing.v2", "tester (ops)")])
    {
        rows.push(vec![
            name.to_string(),
            by.to_string(),
            c["created_at"].as_str().unwrap()[..10].to_string(),
        ]);
    }
    assert_eq!(listed.len(), 2);
    assert_eq!(
        env.tk(&["client", "list"]).run().ok().stdout(),
        table(&rows)
    );
    assert_eq!(env.tk(&["client", "ls"]).run().ok().stdout(), table(&rows));
}

#[test]
fn client_list_json_has_name_creator_and_time_only() {
    let mut env = TestEnv::init();
    let before = crate::support::tokens::now();
    add_client(&mut env, "api");
    let added = env
        .tk(&["client", "add", "web", "--json"])
        .run()
        .ok()
        .json();
    assert_keys(&added, &["name", "secret", "created_at"]);
    assert_client_secret(added["secret"].as_str().unwrap());
    env.canaries
        .push(added["secret"].as_str().unwrap().to_string());
    let listed = clients(&env);
    for c in &listed {
        assert_keys(c, &["name", "created_by", "created_at"]);
        let at = utc(&c["created_at"]);
        assert!(at >= before && at <= crate::support::tokens::now(), "{c}");
    }
    let names: Vec<(Value, Value)> = listed
        .iter()
        .map(|c| (c["name"].clone(), c["created_by"].clone()))
        .collect();
    assert_eq!(
        names,
        [
            (json!("api"), json!("tester")),
            (json!("web"), json!("tester"))
        ]
    );
    assert_eq!(listed[1]["created_at"], added["created_at"]);
}

#[test]
fn a_client_secret_is_in_neither_the_store_nor_its_wal() {
    let mut env = TestEnv::init();
    // An open connection keeps the -wal file (and what tokenctl wrote to it).
    let reader = env.sqlite();
    let mode: String = reader
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let secret = add_client(&mut env, "wal-witness");
    // The client's row is in the -wal file (its name is a plain column).
    let wal = store_files(&env.store)
        .into_iter()
        .find(|p| p.to_string_lossy().ends_with("-wal"))
        .expect("a -wal file");
    assert!(contains(&std::fs::read(&wal).unwrap(), b"wal-witness"));
    // Nor its SHA-256, the one thing kept of it: that is sealed.
    env.canaries
        .push(hex::encode(Sha256::digest(secret.as_bytes())));
    assert_files_clean(&env);
    drop(reader);
    assert_files_clean(&env);
    env.tk(&["store", "check"]).run().ok();
}

#[test]
fn client_remove_needs_yes_without_a_terminal_and_an_unknown_name_is_exit_5() {
    let mut env = TestEnv::init();
    add_client(&mut env, "api");
    let run = env.tk(&["client", "remove", "api"]).run().expect(2);
    assert_eq!(
        run.stderr(),
        "tokenctl: refusing to continue without confirmation\n\
         hint: pass --yes to confirm when there is no terminal\n"
    );
    assert_eq!(clients(&env).len(), 1);

    for args in [
        &["client", "remove", "nobody"][..],
        &["client", "remove", "nobody", "--yes"][..],
    ] {
        let run = env.tk(args).run().expect(5);
        assert_eq!(
            run.stderr(),
            "tokenctl: no client named 'nobody'\n\
             hint: `tokenctl client list` shows the clients\n"
        );
    }

    let run = env.tk(&["client", "remove", "api", "--yes"]).run().ok();
    assert_eq!(run.stdout(), "");
    assert_eq!(run.stderr(), "Removed client 'api'\n");
    assert_eq!(clients(&env), Vec::<Value>::new());
    env.tk(&["client", "remove", "api", "--yes"])
        .run()
        .expect(5);
}

#[test]
fn a_taken_client_name_is_exit_5_and_a_name_unfit_for_basic_auth_exit_2() {
    let mut env = TestEnv::init();
    add_client(&mut env, "api");
    let run = env.tk(&["client", "add", "api"]).run().expect(5);
    assert_eq!(run.stdout(), "");
    assert_eq!(
        run.stderr(),
        "tokenctl: a client named 'api' already exists\n\
         hint: choose another name, or remove the old client first\n"
    );
    for bad in ["a:b", "", "-api", "with space", &"x".repeat(65)] {
        let run = env.tk(&["client", "add", bad]).run().expect(2);
        assert_eq!(run.stdout(), "", "{bad:?}");
    }
    let names: Vec<Value> = clients(&env).iter().map(|c| c["name"].clone()).collect();
    assert_eq!(names, [json!("api")]);
}

#[test]
fn a_store_of_format_6_gains_clients_on_first_use() {
    // Format 7 added the clients; the format-7 fixture without them is a
    // store of format 6.
    let mut env = format7_store();
    env.sqlite()
        .execute_batch("DROP TABLE clients; DROP TABLE token_usage; PRAGMA user_version = 6;")
        .unwrap();
    assert_eq!(clients(&env), Vec::<Value>::new());
    let version: i64 = env
        .sqlite()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, tokenctl::store::current_version());
    add_client(&mut env, "api");
    assert_eq!(clients(&env).len(), 1);
    env.tk(&["store", "check"]).run().ok();
}
