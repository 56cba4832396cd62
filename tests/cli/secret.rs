use base64::Engine;

use crate::support::env::{contains, TestEnv, CANARY_SECRET, PASSPHRASE};
use crate::support::tokens::secret_names;

crate::on_every_store! {
    fn every_value_source_is_accepted(env: TestEnv) {
        env.init_store().ok();
        let key32 = "k".repeat(32);
        env.tk(&["secret", "add", "gen", "--generate", "-a", "HS512"])
            .run()
            .ok();
        let file = env.file("key", format!("{key32}\n"));
        env.tk(&[
            "secret",
            "add",
            "file",
            "--from-file",
            file.to_str().unwrap(),
        ])
        .run()
        .ok();
        env.tk(&["secret", "add", "envvar", "--from-env", "MY_KEY"])
            .env("MY_KEY", &key32)
            .run()
            .ok();
        env.tk(&["secret", "add", "stdin"])
            .stdin(format!("{key32}\n"))
            .run()
            .ok();
        let b64 = base64::engine::general_purpose::STANDARD.encode([7u8; 48]);
        env.tk(&["secret", "add", "b64", "--base64", "-a", "HS384"])
            .stdin(format!("{b64}\n"))
            .run()
            .ok();
        let b64url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([0xfbu8; 32]);
        let b64file = env.file("b64", &b64url);
        env.tk(&[
            "secret",
            "add",
            "b64file",
            "--base64",
            "--from-file",
            b64file.to_str().unwrap(),
        ])
        .run()
        .ok();
        assert_eq!(
            secret_names(&env),
            ["default", "gen", "file", "envvar", "stdin", "b64", "b64file"]
        );
        let list = env.tk(&["secret", "list", "--json"]).run().ok().json();
        let algs: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["algorithm"].as_str().unwrap())
            .collect();
        assert_eq!(
            algs,
            ["HS256", "HS512", "HS256", "HS256", "HS256", "HS384", "HS256"]
        );
    }
}

crate::on_every_store! {
    fn exactly_one_trailing_newline_is_stripped(env: TestEnv) {
        env.init_store().ok();
        let k31 = "k".repeat(31);
        // 31 bytes + newline: the newline is not key material, so it is too short.
        let f = env.file("short", format!("{k31}\n"));
        env.tk(&["secret", "add", "a", "--from-file", f.to_str().unwrap()])
            .run()
            .expect(2);
        env.tk(&["secret", "add", "a"])
            .stdin(format!("{k31}\r\n"))
            .run()
            .expect(2);
        // 31 bytes + two newlines: only one is stripped, 32 bytes remain.
        let f = env.file("two", format!("{k31}\n\n"));
        env.tk(&["secret", "add", "a", "--from-file", f.to_str().unwrap()])
            .run()
            .ok();
    }
}

crate::on_every_store! {
    fn weak_hmac_keys_are_refused_with_exit_2(env: TestEnv) {
        env.init_store().ok();
        for (alg, len) in [("HS256", 32), ("HS384", 48), ("HS512", 64)] {
            let weak = "w".repeat(len - 1);
            env.tk(&["secret", "add", "weak", "-a", alg])
                .stdin(weak)
                .run()
                .expect(2)
                .stderr_has("weak key refused")
                .stderr_has(&format!("{alg} needs at least {len} bytes"));
            let strong = "s".repeat(len);
            env.tk(&["secret", "add", &format!("strong-{alg}"), "-a", alg])
                .stdin(strong)
                .run()
                .ok();
        }
        env.tk(&["secret", "add", "empty"])
            .stdin("")
            .run()
            .expect(2)
            .stderr_has("empty");
        let b64 = base64::engine::general_purpose::STANDARD.encode([1u8; 31]);
        env.tk(&["secret", "add", "b", "--base64"])
            .stdin(b64)
            .run()
            .expect(2);
        env.tk(&["secret", "add", "b", "--base64"])
            .stdin("not base64!!")
            .run()
            .expect(2);
        assert!(!secret_names(&env).contains(&"weak".to_string()));
    }
}

crate::on_every_store! {
    fn bad_names_algorithms_and_flag_combinations_are_usage_errors(env: TestEnv) {
        env.init_store().ok();
        for name in ["-x", "a b", "a/b", &"n".repeat(65)] {
            env.tk(&["secret", "add", "--generate", "--", name])
                .run()
                .expect(2);
        }
        env.tk(&["secret", "add", "x", "--generate", "-a", "none"])
            .run()
            .expect(2);
        env.tk(&["secret", "add", "x", "--generate", "-a", "RS512"])
            .run()
            .expect(2)
            .stderr_has("[possible values: HS256, HS384, HS512, EdDSA, ES256, ES384, RS256, PS256]");
        env.tk(&["secret", "add", "x", "--generate", "--from-env", "X"])
            .run()
            .expect(2);
        env.tk(&["secret", "add", "x", "--generate", "--base64"])
            .run()
            .expect(2);
        env.tk(&["secret", "add", "x", "--from-env", "TOKENCTL_TEST_UNSET"])
            .run()
            .expect(2)
            .stderr_has("not set");
        assert_eq!(secret_names(&env), ["default"]);
    }
}

crate::on_every_store! {
    fn duplicate_names_exit_5(env: TestEnv) {
        env.init_store().ok();
        env.tk(&["secret", "add", "default", "--generate"])
            .run()
            .expect(5)
            .stderr_has("already exists");
        env.tk(&["secret", "add", "dup", "--generate"]).run().ok();
        env.tk(&["secret", "add", "dup", "--generate"])
            .run()
            .expect(5);
    }
}

crate::on_every_store! {
    fn default_moves_with_flag(env: TestEnv) {
        env.init_store().ok();
        env.tk(&["secret", "add", "other", "--generate", "--default"])
            .run()
            .ok();
        let list = env.tk(&["secret", "list", "--json"]).run().ok().json();
        assert_eq!(list[0]["default"], false);
        assert_eq!(list[1]["default"], true);
        let table = env.tk(&["secret", "list"]).run().ok().stdout();
        let header = table.lines().next().unwrap();
        for col in [
            "NAME",
            "ALGORITHM",
            "KEY ID",
            "DEFAULT",
            "CREATED BY",
            "CREATED",
        ] {
            assert!(header.contains(col), "{header}");
        }
        let other = table.lines().find(|l| l.starts_with("other")).unwrap();
        assert!(other.contains("yes"), "{table}");
    }
}

crate::on_every_store! {
    fn key_ids_reveal_nothing_and_differ(env: TestEnv) {
        env.init_store().ok();
        env.tk(&["secret", "add", "a", "--from-env", "K"])
            .env("K", CANARY_SECRET)
            .run()
            .ok();
        env.tk(&["secret", "add", "b", "--from-env", "K"])
            .env("K", CANARY_SECRET)
            .run()
            .ok();
        let list = env.tk(&["secret", "list", "--json"]).run().ok().json();
        let kid_a = list[1]["kid"].as_str().unwrap();
        let kid_b = list[2]["kid"].as_str().unwrap();
        assert_ne!(kid_a, kid_b, "same value must not give the same key id");
        assert_eq!(kid_a.len(), 16);
    }
}

crate::on_every_store! {
    fn remove_needs_yes_without_a_terminal(env: TestEnv) {
        env.init_store().ok();
        env.tk(&["secret", "add", "gone", "--generate"]).run().ok();
        env.tk(&["secret", "remove", "gone"])
            .run()
            .expect(2)
            .stderr_has("--yes");
        assert!(secret_names(&env).contains(&"gone".to_string()));
        env.tk(&["secret", "remove", "gone", "--yes"]).run().ok();
        assert_eq!(secret_names(&env), ["default"]);
        env.tk(&["secret", "remove", "gone", "--yes"])
            .run()
            .expect(5)
            .stderr_has("no secret named 'gone'");
    }
}

crate::on_every_store! {
    fn removing_the_default_clears_it(env: TestEnv) {
        env.init_store().ok();
        env.tk(&["secret", "add", "other", "--generate"]).run().ok();
        env.tk(&["secret", "remove", "default", "--yes"]).run().ok();
        let list = env.tk(&["secret", "list", "--json"]).run().ok().json();
        assert_eq!(list[0]["name"], "other");
        assert_eq!(list[0]["default"], false);
        env.tk(&["store", "check"]).run().ok();
    }
}

#[test]
fn the_secret_value_never_appears_in_output_or_in_the_file() {
    let env = TestEnv::init();
    // Keep a connection open so the -wal file survives for inspection.
    let conn = env.sqlite();
    let _: i64 = conn
        .query_row("SELECT count(*) FROM secrets", [], |r| r.get(0))
        .unwrap();
    env.tk(&["secret", "add", "canary", "--from-env", "K", "--json"])
        .env("K", CANARY_SECRET)
        .run()
        .ok();
    env.tk(&["secret", "add", "canary2"])
        .stdin(CANARY_SECRET)
        .run()
        .ok();
    env.tk(&["secret", "list"]).run().ok();
    env.tk(&["secret", "list", "--json"]).run().ok();
    env.tk(&["store", "info", "--json"]).run().ok();
    env.tk(&["store", "check", "--json"]).run().ok();
    env.tk(&["secret", "add", "canary", "--from-env", "K"])
        .env("K", CANARY_SECRET)
        .run()
        .expect(5);
    let wal = std::path::PathBuf::from(format!("{}-wal", env.store.display()));
    let wal_bytes = std::fs::read(&wal).expect("a -wal file while a connection is open");
    assert!(!wal_bytes.is_empty());
    for (what, bytes) in [("store", env.store_bytes()), ("wal", wal_bytes)] {
        for canary in [CANARY_SECRET, PASSPHRASE] {
            assert!(
                !contains(&bytes, canary.as_bytes()),
                "{what} holds a secret in plain text"
            );
        }
    }
    drop(conn);
    let bytes = env.store_bytes();
    assert!(!contains(&bytes, CANARY_SECRET.as_bytes()));
}

#[test]
fn closed_stdout_is_not_a_panic() {
    let env = TestEnv::init();
    let bin = assert_cmd::cargo::cargo_bin("tokenctl");
    for _ in 0..5 {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(r#""$0" secret list --json | true; echo "exit=${PIPESTATUS[0]}""#)
            .arg(&bin)
            .env("TOKENCTL_STORE", &env.store)
            .env("TOKENCTL_PASSPHRASE_FILE", &env.pass_file)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stdout.contains("exit=0"), "{stdout} {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // A full disk is an error, not a success and not a panic.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(&bin)
        .args(["secret", "list", "--json"])
        .env("TOKENCTL_STORE", &env.store)
        .env("TOKENCTL_PASSPHRASE_FILE", &env.pass_file)
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("tokenctl: cannot write output"));
}
