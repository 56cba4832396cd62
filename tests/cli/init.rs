use std::fs;
use std::process::Command as StdCommand;

use crate::support::env::{mode, TestEnv, PASSPHRASE};

#[test]
fn init_creates_a_private_store_with_a_default_secret() {
    let env = TestEnv::new();
    env.init_store().ok().stderr_has("Created store");
    assert_eq!(mode(&env.store), 0o600);
    assert_eq!(mode(env.store.parent().unwrap()), 0o700);
    let list = env.tk(&["secret", "list", "--json"]).run().ok().json();
    let secrets = list.as_array().unwrap();
    assert_eq!(secrets.len(), 1);
    assert_eq!(secrets[0]["name"], "default");
    assert_eq!(secrets[0]["algorithm"], "HS256");
    assert_eq!(secrets[0]["default"], true);
    assert_eq!(secrets[0]["created_by"], "tester");
}

#[test]
fn init_is_private_even_under_umask_000() {
    let env = TestEnv::new();
    let bin = assert_cmd::cargo::cargo_bin("tokenctl");
    let status = StdCommand::new("sh")
        .arg("-c")
        .arg(r#"umask 000; exec "$0" init --kdf-memory 19 --kdf-iterations 2"#)
        .arg(&bin)
        .env("TOKENCTL_STORE", &env.store)
        .env("TOKENCTL_PASSPHRASE_FILE", &env.pass_file)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(mode(&env.store), 0o600);
    assert_eq!(mode(env.store.parent().unwrap()), 0o700);
    // Hold a connection so SQLite keeps its -wal and -shm while tokenctl writes.
    let conn = env.sqlite();
    let _: i64 = conn
        .query_row("SELECT count(*) FROM secrets", [], |r| r.get(0))
        .unwrap();
    env.tk(&["secret", "add", "second", "--generate"])
        .run()
        .ok();
    for suffix in ["-wal", "-shm"] {
        let p = std::path::PathBuf::from(format!("{}{suffix}", env.store.display()));
        assert!(p.exists(), "{} missing", p.display());
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
}

#[test]
fn init_twice_is_refused_and_the_store_is_untouched() {
    let env = TestEnv::init();
    let before = env.store_bytes();
    env.init_store()
        .expect(5)
        .stderr_has("tokenctl: a store already exists")
        .stderr_has("hint:");
    assert_eq!(before, env.store_bytes());
}

#[test]
fn empty_passphrase_is_refused_and_nothing_is_created() {
    let env = TestEnv::new();
    fs::write(&env.pass_file, "\n").unwrap();
    env.init_store().expect(2).stderr_has("empty passphrase");
    assert!(!env.store.exists());
    env.tk(&["init"])
        .env_remove("TOKENCTL_PASSPHRASE_FILE")
        .env("TOKENCTL_PASSPHRASE", "")
        .run()
        .expect(3);
    assert!(!env.store.exists());
}

#[test]
fn kdf_cost_under_the_floor_is_refused() {
    let env = TestEnv::new();
    env.tk(&["init", "--kdf-memory", "18"])
        .run()
        .expect(2)
        .stderr_has("floor");
    env.tk(&["init", "--kdf-memory", "19", "--kdf-iterations", "1"])
        .run()
        .expect(2);
    env.tk(&["init", "--kdf-memory", "5000"])
        .run()
        .expect(2)
        .stderr_has("ceiling");
    assert!(!env.store.exists());
}

#[test]
fn init_without_passphrase_or_terminal_fails_at_once() {
    let env = TestEnv::new();
    env.tk(&["init"])
        .env_remove("TOKENCTL_PASSPHRASE_FILE")
        .run()
        .expect(3)
        .stderr_has("no passphrase");
    assert!(!env.store.exists());
}

#[test]
fn passphrase_sources_follow_the_spec_order() {
    let env = TestEnv::init();
    let wrong = env.file("wrong", "not it\n");
    // --passphrase-file beats TOKENCTL_PASSPHRASE_FILE beats TOKENCTL_PASSPHRASE.
    env.tk(&[
        "secret",
        "list",
        "--passphrase-file",
        wrong.to_str().unwrap(),
    ])
    .run()
    .expect(3);
    env.tk(&["secret", "list"])
        .env("TOKENCTL_PASSPHRASE", "not it")
        .run()
        .ok();
    env.tk(&["secret", "list"])
        .env_remove("TOKENCTL_PASSPHRASE_FILE")
        .env("TOKENCTL_PASSPHRASE", PASSPHRASE)
        .run()
        .ok();
    env.tk(&["secret", "list"])
        .env_remove("TOKENCTL_PASSPHRASE_FILE")
        .env("TOKENCTL_PASSPHRASE", "not it")
        .run()
        .expect(3)
        .stderr_has("wrong passphrase");
    env.tk(&[
        "secret",
        "list",
        "--passphrase-file",
        env.path("missing").to_str().unwrap(),
    ])
    .run()
    .expect(3)
    .stderr_has("cannot read passphrase file");
}

#[test]
fn issuer_is_recorded() {
    let env = TestEnv::new();
    let out = env
        .init_store_with(&["--issuer", "https://auth.example", "--json"])
        .ok()
        .json();
    assert_eq!(out["issuer"], "https://auth.example");
    assert_eq!(out["secrets"][0]["name"], "default");
}

#[test]
fn no_default_secret_then_first_secret_becomes_default() {
    let env = TestEnv::new();
    env.init_store_with(&["--no-default-secret"]).ok();
    let list = env.tk(&["secret", "list", "--json"]).run().ok().json();
    assert_eq!(list.as_array().unwrap().len(), 0);
    env.tk(&["secret", "add", "first", "--generate"]).run().ok();
    let list = env.tk(&["secret", "list", "--json"]).run().ok().json();
    assert_eq!(list[0]["default"], true);
}

#[test]
fn missing_store_says_to_run_init() {
    let env = TestEnv::new();
    for args in [
        &["secret", "list"][..],
        &["store", "info"],
        &["store", "check"],
    ] {
        env.tk(args)
            .run()
            .expect(4)
            .stderr_has("no store at")
            .stderr_has("hint: run `tokenctl init`");
    }
}

#[test]
fn usage_errors_are_one_line_with_exit_2() {
    let env = TestEnv::init();
    let run = env.tk(&["secret", "add"]).run().expect(2);
    let err = run.stderr();
    assert!(err.starts_with("tokenctl: "), "{err}");
    assert!(err.lines().count() <= 2, "{err}");
    // A missing required flag is named on the one line.
    env.tk(&["token", "create"])
        .run()
        .expect(2)
        .stderr_has("required arguments were not provided: --name <NAME>");
    env.tk(&["frobnicate"])
        .run()
        .expect(2)
        .stderr_has("tokenctl: unrecognized subcommand");
    env.tk(&["--version"]).run().ok();
    env.tk(&["--help"]).run().ok();
}
