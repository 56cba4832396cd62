//! Leak canaries beyond what every run already checks: `--json` output of
//! every command, error paths, the SQLite file and its -wal after a whole
//! session of operations, and the argv and environment of running processes.

use std::io::Write;
use std::process::Stdio;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::support::env::{contains, path_str, raw_cmd, TestEnv, CANARY_SECRET, PASSPHRASE};
use crate::support::store::{assert_files_clean, store_files};

const SECOND_PASSPHRASE: &str = "canary-second-passphrase-9b41e7";
const WRONG_PASSPHRASE: &str = "canary-wrong-passphrase-31aa0c";
const SHORT_SECRET: &str = "CANARY-SHORT-a1b2c3";

fn env_with_canaries() -> TestEnv {
    let mut env = TestEnv::init();
    for c in [SECOND_PASSPHRASE, WRONG_PASSPHRASE, SHORT_SECRET] {
        env.canaries.push(c.into());
    }
    // The canary secret as base64, which `secret add --base64` decodes.
    env.canaries.push(STANDARD.encode(CANARY_SECRET));
    env
}

#[test]
fn no_command_prints_a_secret_in_json_or_on_an_error_path_or_writes_one_to_disk() {
    let env = env_with_canaries();
    // Keep a connection open the whole time, so the -wal survives to be scanned.
    let conn = env.sqlite();
    let _: i64 = conn
        .query_row("SELECT count(*) FROM secrets", [], |r| r.get(0))
        .unwrap();

    // Every command with --json (each run is checked for every canary).
    let b64_file = env.file("secret.b64", STANDARD.encode(CANARY_SECRET));
    env.tk(&["--json", "secret", "add", "canary", "--from-env", "K"])
        .env("K", CANARY_SECRET)
        .run()
        .ok();
    env.tk(&[
        "--json",
        "secret",
        "add",
        "canary64",
        "--base64",
        "--from-file",
        path_str(&b64_file),
        "-a",
        "HS256",
    ])
    .run()
    .ok();
    env.tk(&["secret", "add", "canary-stdin"])
        .stdin(format!("{CANARY_SECRET}\n"))
        .run()
        .ok();
    env.tk(&["secret", "list", "--json"]).run().ok();
    let created = env
        .tk(&[
            "token", "create", "--json", "--name", "j", "--secret", "canary",
        ])
        .run()
        .ok()
        .json();
    let token = created["token"].as_str().unwrap();
    env.tk(&[
        "token", "create", "--json", "--name", "o", "--format", "opaque",
    ])
    .run()
    .ok();
    env.tk(&["token", "list", "--json", "--status", "all"])
        .run()
        .ok();
    env.tk(&["token", "verify", "--json", token]).run().ok();
    env.tk(&["token", "inspect", "--json", token]).run().ok();
    env.tk(&["token", "inspect", "--json", "--no-store", token])
        .run()
        .ok();
    env.tk(&["store", "info", "--json"]).run().ok();
    env.tk(&["store", "check", "--json"]).run().ok();
    env.tk(&["--json", "token", "revoke", "j", "--yes"])
        .run()
        .ok();
    env.tk(&["token", "verify", "--json", token])
        .run()
        .expect(1);
    let new = env.file("second", format!("{SECOND_PASSPHRASE}\n"));
    env.tk(&["store", "passwd", "--new-passphrase-file", path_str(&new)])
        .run()
        .ok();
    env.tk(&["store", "passwd", "--passphrase-file", path_str(&new)])
        .env("TOKENCTL_NEW_PASSPHRASE", PASSPHRASE)
        .run()
        .ok();

    // Error paths.
    let wrong = env.file("wrong", format!("{WRONG_PASSPHRASE}\n"));
    for args in [
        &["secret", "list", "--json"][..],
        &["token", "verify", "--json", token],
        &["store", "check", "--json"],
    ] {
        let mut a = args.to_vec();
        a.extend(["--passphrase-file", path_str(&wrong)]);
        env.tk(&a).run().expect(3);
        env.tk(args)
            .env_remove("TOKENCTL_PASSPHRASE_FILE")
            .env("TOKENCTL_PASSPHRASE", WRONG_PASSPHRASE)
            .run()
            .expect(3);
    }
    // A key too short for its algorithm, and input that is not base64.
    env.tk(&["secret", "add", "weak", "--from-env", "K"])
        .env("K", SHORT_SECRET)
        .run()
        .expect(2);
    let not_b64 = env.file("not-b64", format!("{CANARY_SECRET}!!"));
    env.tk(&[
        "secret",
        "add",
        "bad64",
        "--base64",
        "--from-file",
        path_str(&not_b64),
    ])
    .run()
    .expect(2);
    env.tk(&["secret", "add", "canary", "--from-env", "K"])
        .env("K", CANARY_SECRET)
        .run()
        .expect(5);
    // A passphrase file that is not UTF-8 around the passphrase.
    let mut bytes = PASSPHRASE.as_bytes().to_vec();
    bytes.push(0xff);
    let not_utf8 = env.file("not-utf8", bytes);
    env.tk(&["secret", "list", "--passphrase-file", path_str(&not_utf8)])
        .run()
        .expect(3);
    // A tampered store, with a backtrace requested.
    conn.execute(
        "UPDATE secrets SET version = version + 1 WHERE name = 'canary'",
        [],
    )
    .unwrap();
    for args in [
        &["secret", "list", "--json"][..],
        &["store", "check", "--json"],
        &[
            "token", "create", "--json", "--name", "x", "--secret", "canary",
        ],
    ] {
        env.tk(args).env("RUST_BACKTRACE", "full").run().expect(4);
    }

    // Nothing secret in the file, its -wal or its -shm, in any encoding.
    assert!(
        store_files(&env.store).len() == 3,
        "the -wal and -shm should exist while a connection is open"
    );
    assert_files_clean(&env);
    drop(conn);
    assert_files_clean(&env);
}

#[test]
fn a_running_tokenctls_argv_and_environment_hold_no_secret() {
    let env = env_with_canaries();
    // Commands that block reading stdin, so they can be looked at while they run.
    for args in [
        vec!["secret", "add", "from-stdin"],
        vec!["token", "verify", "-"],
        vec!["token", "revoke", "--token", "-", "--yes"],
    ] {
        let mut c = raw_cmd(&env, &args);
        c.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        let pid = child.id();
        // Wait until it has exec'd tokenctl (its argv names the subcommand).
        let mut cmdline = Vec::new();
        for _ in 0..200 {
            cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            if contains(&cmdline, args[1].as_bytes()) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(
            contains(&cmdline, args[1].as_bytes()),
            "never saw tokenctl's argv"
        );
        let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap();
        for c in &env.canaries {
            assert!(
                !contains(&cmdline, c.as_bytes()),
                "{args:?}: a secret on argv"
            );
            assert!(
                !contains(&environ, c.as_bytes()),
                "{args:?}: a secret in the environment"
            );
        }
        let input = if args[0] == "secret" {
            CANARY_SECRET.to_string()
        } else {
            "not-a-token".to_string()
        };
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        env.assert_no_leak(&out.stdout, "stdout", &[]);
        env.assert_no_leak(&out.stderr, "stderr", &[]);
    }
}
