//! `token create` and `token list`.

use serde_json::{json, Value};

use crate::support::env::{path_str, raw_cmd, TestEnv};
use crate::support::tokens::{
    assert_active, assert_keys, assert_opaque_shape, assert_reason, kid_of, list, listed_names,
    mint, mint_json, now, parts, record, secret_field, utc, CREATE_KEYS, RECORD_KEYS,
};

/// A store made with `init --issuer ISS`.
fn init_with_issuer(iss: &str) -> TestEnv {
    let env = TestEnv::new();
    env.init_store_with(&["--issuer", iss]).ok();
    env
}

// ----------------------------------------------------------- token create

crate::on_every_store! {
    fn create_prints_only_the_token_and_it_verifies(env: TestEnv) {
        env.init_store().ok();
        let run = env
            .tk(&["token", "create", "--name", "ci-deploy"])
            .run()
            .ok();
        let out = run.stdout();
        assert_eq!(out.matches('\n').count(), 1, "{out:?}");
        let token = out.trim_end();
        assert!(token.starts_with("eyJ"), "{out:?}");
        assert_eq!(token.split('.').count(), 3);
        assert_active(&env, token, &[]);
        // With --quiet stdout is unchanged and stderr is silent.
        let run = env
            .tk(&["token", "create", "--name", "quiet", "-q"])
            .run()
            .ok();
        assert!(run.stdout().starts_with("eyJ"));
        assert_eq!(run.stderr(), "");
    }
}

crate::on_every_store! {
    fn create_json_is_one_object_with_exactly_the_documented_keys(env: TestEnv) {
        env.init_store().ok();
        let before = now();
        let json = mint_json(&env, "api", &["--subject", "user-42"]);
        assert_keys(&json, CREATE_KEYS);
        assert_eq!(json["name"], "api");
        assert_eq!(json["type"], "development");
        assert_eq!(json["format"], "jwt");
        assert_eq!(json["secret"], "default");
        assert_eq!(json["subject"], "user-42");
        assert_eq!(json["created_by"], "tester");
        let created = utc(&json["created_at"]);
        assert!((before - 1..=now() + 1).contains(&created));
        assert_eq!(
            utc(&json["expires_at"]) - created,
            3600,
            "default expiry is 1h"
        );
        let token = json["token"].as_str().unwrap();
        let (_, claims) = parts(token);
        assert_eq!(claims["jti"], json["id"]);
        assert_eq!(claims["sub"], "user-42");
        assert_active(&env, token, &[]);
    }
}

#[test]
fn the_jwt_carries_the_documented_header_and_claims() {
    let env = init_with_issuer("https://issuer.example");
    let before = now();
    let json = mint_json(
        &env,
        "full",
        &[
            "--type",
            "production",
            "--subject",
            "user-7",
            "--audience",
            "api.example",
            "--role",
            "admin",
            "--origin",
            "https://a.example",
            "--origin",
            "https://b.example",
            "--claim",
            "plan=pro",
            "--claim",
            "count=42",
            "--claim",
            "n:=42",
            "--claim",
            "flags:=[true,null,{\"x\":1.5}]",
        ],
    );
    let token = json["token"].as_str().unwrap();
    let (header, claims) = parts(token);
    assert_eq!(
        header,
        json!({"alg": "HS256", "typ": "JWT", "kid": kid_of(&env, "default")})
    );
    let iat = claims["iat"].as_i64().unwrap();
    assert!((before - 1..=now() + 1).contains(&iat));
    assert_eq!(claims["exp"].as_i64().unwrap(), utc(&json["expires_at"]));
    assert_eq!(claims["exp"].as_i64().unwrap() - iat, 3600);
    assert_eq!(claims["jti"], json["id"]);
    assert_eq!(claims["iss"], "https://issuer.example");
    assert_eq!(claims["token_type"], "production");
    assert_eq!(claims["sub"], "user-7");
    assert_eq!(claims["aud"], "api.example", "one audience is a string");
    assert_eq!(claims["role"], "admin");
    assert_eq!(
        claims["origins"],
        json!(["https://a.example", "https://b.example"])
    );
    assert_eq!(claims["plan"], "pro");
    assert_eq!(claims["count"], "42", "KEY=VALUE is always a string");
    assert_eq!(claims["n"], 42);
    assert_eq!(claims["flags"], json!([true, null, {"x": 1.5}]));
    assert!(claims.get("nbf").is_none(), "no nbf without --not-before");
    assert_eq!(json["type"], "production");
    assert_active(&env, token, &[]);
}

crate::on_every_store! {
    fn a_store_without_an_issuer_mints_tokens_without_iss_and_optional_claims(env: TestEnv) {
        env.init_store().ok();
        let token = mint(&env, "bare", &[]);
        let (_, claims) = parts(&token);
        assert_keys(&claims, &["jti", "iat", "exp", "token_type"]);
        assert_eq!(claims["token_type"], "development");
    }
}

crate::on_every_store! {
    fn several_audiences_become_an_array(env: TestEnv) {
        env.init_store().ok();
        let token = mint(
            &env,
            "multi",
            &[
                "--audience",
                "one",
                "--audience",
                "two",
                "--audience",
                "three",
            ],
        );
        assert_eq!(parts(&token).1["aud"], json!(["one", "two", "three"]));
    }
}

crate::on_every_store! {
    fn type_names_and_aliases(env: TestEnv) {
        env.init_store().ok();
        for (i, (given, stored)) in [
            ("development", "development"),
            ("dev", "development"),
            ("production", "production"),
            ("prod", "production"),
        ]
        .into_iter()
        .enumerate()
        {
            let json = mint_json(&env, &format!("t{i}"), &["--type", given]);
            assert_eq!(json["type"], stored);
            let token = json["token"].as_str().unwrap();
            assert_eq!(parts(token).1["token_type"], stored);
            let opaque = mint_json(
                &env,
                &format!("o{i}"),
                &["--type", given, "--format", "opaque"],
            );
            assert_eq!(opaque["type"], stored);
        }
        for bad in ["staging", "prodution", ""] {
            env.tk(&["token", "create", "--name", "bad", "--type", bad])
                .run()
                .expect(2);
        }
        assert!(list(&env, &["--status", "all"])
            .iter()
            .all(|t| t["name"] != "bad"));
    }
}

crate::on_every_store! {
    fn expiry_accepts_durations_never_times_and_dates(env: TestEnv) {
        env.init_store().ok();
        let lifetime = |name: &str, expiry: &str| -> i64 {
            let json = mint_json(&env, name, &["--expiry", expiry]);
            let token = json["token"].as_str().unwrap();
            let (_, claims) = parts(token);
            let exp = claims["exp"].as_i64().unwrap();
            assert_eq!(exp, utc(&json["expires_at"]), "{expiry}");
            exp - claims["iat"].as_i64().unwrap()
        };
        assert_eq!(lifetime("m90", "90m"), 5400);
        assert_eq!(lifetime("d30", "30d"), 30 * 86400);
        assert_eq!(lifetime("h1m30", "1h30m"), 5400);
        assert_eq!(lifetime("h1", "1h"), 3600);
        let year = lifetime("y1", "1y");
        assert!(
            (365 * 86400..=366 * 86400).contains(&year),
            "1y is {year} seconds"
        );

        let never = mint_json(&env, "never", &["--expiry", "never"]);
        assert_eq!(never["expires_at"], Value::Null);
        let token = never["token"].as_str().unwrap();
        assert!(parts(token).1.get("exp").is_none(), "never has no exp");
        assert_active(&env, token, &[]);

        let at = mint_json(&env, "at", &["--expiry", "2099-01-01T12:30:00Z"]);
        assert_eq!(at["expires_at"], "2099-01-01T12:30:00Z");
        let offset = mint_json(&env, "offset", &["--expiry", "2099-01-01T12:30:00+02:00"]);
        assert_eq!(offset["expires_at"], "2099-01-01T10:30:00Z");
        let date = mint_json(&env, "date", &["--expiry", "2099-01-01"]);
        assert_eq!(date["expires_at"], "2099-01-01T00:00:00Z");
        let token = date["token"].as_str().unwrap();
        assert_eq!(parts(token).1["exp"], 4_070_908_800_i64);
    }
}

crate::on_every_store! {
    fn a_past_or_garbage_expiry_is_a_usage_error_and_mints_nothing(env: TestEnv) {
        env.init_store().ok();
        for bad in [
            "2000-01-01",
            "2001-02-03T04:05:06Z",
            "soon",
            "-1h",
            "1 fortnight",
            "999999999y",
            "2099-13-01",
            "",
        ] {
            env.tk(&["token", "create", "--name", "bad", "--expiry", bad])
                .run()
                .expect(2);
        }
        for bad in ["whenever", "2099-02-30T00:00:00Z", "999999999y"] {
            env.tk(&["token", "create", "--name", "bad", "--not-before", bad])
                .run()
                .expect(2);
        }
        assert_eq!(list(&env, &["--status", "all"]), Vec::<Value>::new());
    }
}

crate::on_every_store! {
    fn not_before_sets_nbf_from_a_time_or_a_duration(env: TestEnv) {
        env.init_store().ok();
        let token = mint(
            &env,
            "later",
            &[
                "--not-before",
                "2098-06-01T00:00:00Z",
                "--expiry",
                "2099-01-01",
            ],
        );
        assert_eq!(parts(&token).1["nbf"], 4_052_419_200_i64);
        let before = now();
        let token = mint(&env, "soon", &["--not-before", "30m"]);
        let nbf = parts(&token).1["nbf"].as_i64().unwrap();
        assert!(
            (before + 1800 - 1..=now() + 1800 + 1).contains(&nbf),
            "{nbf}"
        );
    }
}

crate::on_every_store! {
    fn secret_flag_picks_the_signing_key_and_its_algorithm(env: TestEnv) {
        env.init_store().ok();
        env.tk(&["secret", "add", "big", "--generate", "-a", "HS512"])
            .run()
            .ok();
        let json = mint_json(&env, "signed-by-big", &["--secret", "big"]);
        assert_eq!(json["secret"], "big");
        let token = json["token"].as_str().unwrap();
        let (header, _) = parts(token);
        assert_eq!(header["alg"], "HS512");
        assert_eq!(header["kid"], kid_of(&env, "big"));
        assert_ne!(header["kid"], kid_of(&env, "default"));
        assert_active(&env, token, &[]);
        // A new default secret signs tokens that name no secret.
        env.tk(&[
            "secret",
            "add",
            "newdef",
            "--generate",
            "-a",
            "HS384",
            "--default",
        ])
        .run()
        .ok();
        let json = mint_json(&env, "signed-by-default", &[]);
        assert_eq!(json["secret"], "newdef");
        assert_eq!(parts(json["token"].as_str().unwrap()).0["alg"], "HS384");

        env.tk(&["token", "create", "--name", "x", "--secret", "nope"])
            .run()
            .expect(5);
        assert!(list(&env, &[]).iter().all(|t| t["name"] != "x"));
    }
}

crate::on_every_store! {
    fn opaque_tokens_have_a_prefix_and_an_offline_checksum(env: TestEnv) {
        env.init_store().ok();
        let dev = mint(&env, "dev", &["--format", "opaque"]);
        assert_opaque_shape(&dev, "tkd_");
        let prod = mint(&env, "prod", &["--format", "opaque", "--type", "prod"]);
        assert_opaque_shape(&prod, "tkp_");
        let json = mint_json(&env, "json", &["--format", "opaque", "--subject", "s"]);
        assert_keys(&json, CREATE_KEYS);
        assert_eq!(json["format"], "opaque");
        assert_eq!(json["secret"], Value::Null);
        assert_eq!(json["subject"], "s");
        assert_opaque_shape(json["token"].as_str().unwrap(), "tkd_");
        assert_ne!(dev, prod);
        let a = assert_active(&env, &dev, &[]);
        assert_eq!(a["name"], "dev");
        assert_eq!(a["token_type"], "development");
        assert_eq!(assert_active(&env, &prod, &[])["token_type"], "production");
        assert_eq!(record(&env, "dev")["format"], "opaque");
        assert_eq!(record(&env, "dev")["secret"], Value::Null);

        env.tk(&["token", "create", "--name", "x", "--format", "paseto"])
            .run()
            .expect(2);
    }
}

crate::on_every_store! {
    fn claims_come_from_flags_files_and_stdin(env: TestEnv) {
        env.init_store().ok();
        let text = env.file("text", "from a file");
        let obj = env.file("obj", r#"{"a": [1, 2], "b": {"c": false}}"#);
        let claims_file = env.file("claims.json", r#"{"tier": "gold", "limits": {"rps": 10}}"#);
        let t = mint(
            &env,
            "files",
            &[
                "--claim",
                &format!("note=@{}", path_str(&text)),
                "--claim",
                &format!("nested:=@{}", path_str(&obj)),
                "--claim",
                "empty=",
                "--claim",
                "eq=a=b",
                "--claims-file",
                path_str(&claims_file),
            ],
        );
        let claims = parts(&t).1;
        assert_eq!(claims["note"], "from a file");
        assert_eq!(claims["nested"], json!({"a": [1, 2], "b": {"c": false}}));
        assert_eq!(claims["empty"], "");
        assert_eq!(claims["eq"], "a=b");
        assert_eq!(claims["tier"], "gold");
        assert_eq!(claims["limits"], json!({"rps": 10}));

        let out = env
            .tk(&["token", "create", "--name", "stdin", "--claims-file", "-"])
            .stdin(r#"{"from_stdin": true}"#)
            .run()
            .ok()
            .stdout();
        assert_eq!(parts(out.trim_end()).1["from_stdin"], true);

        // Bad claim syntax or JSON is a usage error.
        for bad in [
            "novalue",
            "=v",
            "n:=not json",
            "n:={",
            "a:=@/nonexistent/file",
        ] {
            env.tk(&["token", "create", "--name", "bad", "--claim", bad])
                .run()
                .expect(2);
        }
        assert!(list(&env, &["--status", "all"])
            .iter()
            .all(|t| t["name"] != "bad"));
    }
}

crate::on_every_store! {
    fn reserved_claims_are_refused_naming_the_flag_to_use(env: TestEnv) {
        env.init_store().ok();
        for (key, flag) in [
            ("sub", "--subject"),
            ("aud", "--audience"),
            ("exp", "--expiry"),
            ("token_type", "--type"),
            ("origins", "--origin"),
            ("role", "--role"),
            ("nbf", "--not-before"),
            ("iss", "--issuer"),
        ] {
            env.tk(&[
                "token",
                "create",
                "--name",
                "r",
                "--claim",
                &format!("{key}=x"),
            ])
            .run()
            .expect(2)
            .stderr_has(flag);
            env.tk(&[
                "token",
                "create",
                "--name",
                "r",
                "--claim",
                &format!("{key}:=1"),
            ])
            .run()
            .expect(2)
            .stderr_has(flag);
            let f = env.file("reserved.json", format!(r#"{{"ok": 1, "{key}": "x"}}"#));
            env.tk(&[
                "token",
                "create",
                "--name",
                "r",
                "--claims-file",
                path_str(&f),
            ])
            .run()
            .expect(2)
            .stderr_has(flag);
        }
        for key in ["jti", "iat"] {
            env.tk(&[
                "token",
                "create",
                "--name",
                "r",
                "--claim",
                &format!("{key}=x"),
            ])
            .run()
            .expect(2)
            .stderr_has(key);
            env.tk(&["token", "create", "--name", "r", "--claims-file", "-"])
                .stdin(format!(r#"{{"{key}": 1}}"#))
                .run()
                .expect(2)
                .stderr_has(key);
        }
        assert_eq!(list(&env, &["--status", "all"]), Vec::<Value>::new());
    }
}

crate::on_every_store! {
    fn duplicate_claims_and_non_object_claim_files_are_refused(env: TestEnv) {
        env.init_store().ok();
        let create = |extra: &[&str], stdin: &str| {
            let mut args = vec!["token", "create", "--name", "dup"];
            args.extend_from_slice(extra);
            env.tk(&args).stdin(stdin.to_string()).run()
        };
        create(&["--claim", "a=1", "--claim", "a=2"], "").expect(2);
        create(&["--claim", "a=1", "--claim", "a:=1"], "").expect(2);
        create(&["--claim", "a=1", "--claims-file", "-"], r#"{"a": 2}"#).expect(2);
        create(&["--claims-file", "-"], r#"{"a": 1, "a": 2}"#).expect(2);
        create(&["--claims-file", "-"], r#"{"a": {"b": 1, "b": 2}}"#).expect(2);
        for not_object in [
            "[1, 2]",
            "\"text\"",
            "42",
            "null",
            "not json",
            "{\"a\": 1} trailing",
            "",
        ] {
            create(&["--claims-file", "-"], not_object).expect(2);
        }
        // Nesting deep enough to exhaust a recursive parser is refused, not a crash.
        let deep = format!("{{\"a\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        create(&["--claims-file", "-"], &deep).expect(2);
        assert_eq!(list(&env, &["--status", "all"]), Vec::<Value>::new());
        // Different keys from both sources are fine.
        create(&["--claim", "a=1", "--claims-file", "-"], r#"{"b": 2}"#).ok();
    }
}

crate::on_every_store! {
    fn token_names_follow_the_naming_rule(env: TestEnv) {
        env.init_store().ok();
        let long = "n".repeat(65);
        for bad in ["-x", "a b", "a/b", ".hidden", "é", long.as_str()] {
            env.tk(&["token", "create", "--name", bad]).run().expect(2);
        }
        env.tk(&["token", "create"]).run().expect(2);
        let ok64 = "n".repeat(64);
        for good in ["a", "A.b_c-9", ok64.as_str()] {
            mint(&env, good, &[]);
        }
        assert_eq!(list(&env, &[]).len(), 3);
    }
}

crate::on_every_store! {
    fn a_name_is_unique_among_active_tokens_and_replace_rotates(env: TestEnv) {
        env.init_store().ok();
        let old = mint_json(&env, "api", &[]);
        let old_token = old["token"].as_str().unwrap();
        env.tk(&["token", "create", "--name", "api"])
            .run()
            .expect(5)
            .stderr_has("api");
        env.tk(&["token", "create", "--name", "api", "--format", "opaque"])
            .run()
            .expect(5);
        assert_active(&env, old_token, &[]);

        let new = mint_json(&env, "api", &["--replace"]);
        assert_ne!(new["id"], old["id"]);
        assert_active(&env, new["token"].as_str().unwrap(), &[]);
        assert_reason(&env, old_token, &[], "revoked");
        let all = list(&env, &["--status", "all"]);
        let old_rec = all.iter().find(|t| t["id"] == old["id"]).unwrap();
        assert_eq!(old_rec["status"], "revoked");
        assert_eq!(old_rec["revoke_reason"], "replaced");
        assert_eq!(old_rec["revoked_by"], "tester");
        utc(&old_rec["revoked_at"]);
        assert_eq!(listed_names(&env, &[]), ["api"]);

        // --replace with nothing to replace just mints.
        mint(&env, "fresh", &["--replace"]);
        // A revoked token's name is free again.
        env.tk(&["token", "revoke", "api", "--yes"]).run().ok();
        mint(&env, "api", &[]);
        assert_eq!(list(&env, &["--status", "revoked"]).len(), 2);
    }
}

#[test]
fn commands_without_a_passphrase_or_a_store_fail_cleanly() {
    let env = TestEnv::init();
    let token = mint(&env, "t", &[]);
    for args in [
        vec!["token", "create", "--name", "nopass"],
        vec!["token", "list"],
        vec!["token", "verify", token.as_str()],
        vec!["token", "revoke", "t", "--yes"],
    ] {
        env.tk(&args)
            .env_remove("TOKENCTL_PASSPHRASE_FILE")
            .run()
            .expect(3);
    }
    assert_eq!(listed_names(&env, &[]), ["t"]);
    assert_active(&env, &token, &[]);

    let missing = TestEnv::new();
    missing
        .tk(&["token", "list"])
        .run()
        .expect(4)
        .stderr_has("init");
    missing
        .tk(&["token", "create", "--name", "x"])
        .run()
        .expect(4);
    assert!(!missing.store.exists());
}

// ------------------------------------------------------------- token list

crate::on_every_store! {
    fn list_json_has_full_records_newest_first(env: TestEnv) {
        env.init_store().ok();
        // Often within one second: creation order must still decide.
        let a = mint_json(&env, "first", &["--subject", "s1"]);
        let b = mint_json(&env, "second", &["--format", "opaque", "--type", "prod"]);
        let c = mint_json(&env, "third", &["--expiry", "never"]);
        let all = list(&env, &[]);
        assert_eq!(all.len(), 3);
        for rec in &all {
            assert_keys(rec, RECORD_KEYS);
            assert_eq!(rec["status"], "active");
            assert_eq!(rec["created_by"], "tester");
            assert_eq!(rec["revoked_at"], Value::Null);
            assert_eq!(rec["revoked_by"], Value::Null);
            assert_eq!(rec["revoke_reason"], Value::Null);
            utc(&rec["created_at"]);
        }
        let ids: Vec<&Value> = all.iter().map(|r| &r["id"]).collect();
        assert_eq!(ids, [&c["id"], &b["id"], &a["id"]], "newest first");
        // The list agrees with what create printed.
        for (rec, created) in all.iter().zip([&c, &b, &a]) {
            for k in [
                "name",
                "type",
                "format",
                "secret",
                "subject",
                "created_at",
                "created_by",
                "expires_at",
            ] {
                assert_eq!(rec[k], created[k], "{k}");
            }
        }
        assert_eq!(all[2]["subject"], "s1");
        assert_eq!(all[1]["type"], "production");
        assert_eq!(all[1]["format"], "opaque");
        assert_eq!(all[0]["expires_at"], Value::Null);
        assert_eq!(all[0]["secret"], "default");
        // No token values in the list.
        let text = env.tk(&["token", "list", "--json"]).run().ok().stdout();
        for t in [&a, &b, &c] {
            assert!(!text.contains(t["token"].as_str().unwrap()));
        }
    }
}

crate::on_every_store! {
    fn list_json_streams_past_a_chunk_in_creation_order_and_filters_every_chunk(env: TestEnv) {
        env.init_store().ok();
        // More rows than one chunk read at a time (8,192), every third one of
        // another type, so some chunks' filtered output is spread thin.
        let input: String = (0..9000)
            .map(|i| {
                let t = if i % 3 == 0 {
                    "production"
                } else {
                    "development"
                };
                format!("{}\n", json!({"name": format!("n{i}"), "type": t}))
            })
            .collect();
        env.tk(&["token", "create", "--batch", "-", "-q"])
            .stdin(input)
            .run()
            .ok();
        let names: Vec<String> = (0..9000).rev().map(|i| format!("n{i}")).collect();
        assert_eq!(
            listed_names(&env, &[]),
            names,
            "newest first, across chunks"
        );
        let prod: Vec<String> = (0..9000)
            .rev()
            .filter(|i| i % 3 == 0)
            .map(|i| format!("n{i}"))
            .collect();
        assert_eq!(listed_names(&env, &["--type", "production"]), prod);
        // One pretty-printed array, its items joined across chunks as in one.
        let text = env
            .tk(&["token", "list", "--json", "--type", "production"])
            .run()
            .ok()
            .stdout();
        let items = serde_json::from_str::<Value>(&text)
            .unwrap()
            .as_array()
            .unwrap()
            .len();
        assert_eq!(items, 3000);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!((lines[0], lines[1]), ("[", "  {"));
        assert!(
            text.ends_with("\n  }\n]\n"),
            "{:?}",
            &text[text.len() - 20..]
        );
        assert_eq!(lines.iter().filter(|l| **l == "  {").count(), items);
        assert_eq!(lines.iter().filter(|l| **l == "  },").count(), items - 1);
        assert_eq!(lines.len(), items * 16 + 2, "fourteen fields an item");
        let none = env
            .tk(&["token", "list", "--json", "--status", "revoked"])
            .run()
            .ok()
            .stdout();
        assert_eq!(none, "[]\n");
    }
}

#[test]
fn a_clock_that_went_back_is_recorded_and_the_listing_is_still_newest_first() {
    let env = TestEnv::init();
    if !crate::support::system::on_path("faketime") {
        crate::support::system::skip(
            "faketime is not installed (Debian package faketime; .ci/run installs it)",
        );
        return;
    }
    crate::support::tokens::seconds_apart(&env, &["older", "newer", "newest"]);
    let in_order = |env: &TestEnv| -> i64 {
        env.sqlite()
            .query_row("SELECT in_order FROM token_order", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(in_order(&env), 1);
    // A token minted under a clock set back a year: its row is the last
    // one, its creation time the oldest.
    let mut cmd = std::process::Command::new("faketime");
    env.scrub(&mut cmd);
    cmd.arg("-f").arg("-365d");
    cmd.arg(assert_cmd::cargo::cargo_bin("tokenctl"));
    let args = ["token", "create", "--name", "from-the-past", "-q"];
    cmd.args(args);
    crate::support::env::run_checked(&env, cmd, &args).ok();
    assert_eq!(in_order(&env), 0, "the write recorded the break");
    assert_eq!(
        listed_names(&env, &[]),
        ["newest", "newer", "older", "from-the-past"]
    );
    env.tk(&["store", "check"]).run().ok();
}

#[test]
fn rows_moved_out_of_creation_order_end_the_listing_as_tampering() {
    let env = TestEnv::init();
    crate::support::tokens::seconds_apart(&env, &["older", "newer", "newest"]);
    let before = env.tk(&["token", "list", "--json"]).run().ok().stdout();
    // Move the oldest row to the end of the table, behind the store's
    // back: row order no longer follows creation, and the store says it
    // does. Every record still authenticates.
    let older: String = env
        .sqlite()
        .query_row("SELECT id FROM tokens WHERE name = 'older'", [], |r| {
            r.get(0)
        })
        .unwrap();
    env.sqlite()
        .execute(
            "UPDATE tokens SET seq = (SELECT max(seq) + 1 FROM tokens) WHERE name = 'older'",
            [],
        )
        .unwrap();
    let message = format!(
        "tokenctl: store is corrupt or was tampered with: token row {older} is out of creation order\n\
         hint: restore the store from a backup; `tokenctl store check` lists what is wrong\n"
    );
    let run = env.tk(&["token", "list", "--json"]).run().expect(4);
    assert_eq!(run.stderr(), message);
    assert!(
        serde_json::from_str::<Value>(&run.stdout()).is_err(),
        "a partial listing parsed as JSON: {}",
        run.stdout()
    );
    let check = env.tk(&["store", "check"]).run().expect(4);
    assert_eq!(
        check.stderr(),
        format!(
            "  - store is corrupt or was tampered with: token row {older} is out of creation order\n\
             tokenctl: store check found 1 problem(s)\n\
             hint: restore the store from a backup\n"
        )
    );
    // A store that says its rows are not in order is sorted in memory: the
    // same listing as before the move.
    env.sqlite()
        .execute("UPDATE token_order SET in_order = 0", [])
        .unwrap();
    let after = env.tk(&["token", "list", "--json"]).run().ok().stdout();
    assert_eq!(after, before);
    assert_eq!(listed_names(&env, &[]), ["newest", "newer", "older"]);
}

#[test]
fn a_listing_stopped_by_a_forged_row_is_exit_4_and_never_a_whole_json_array() {
    let env = TestEnv::init();
    for name in ["a", "b", "c"] {
        mint(&env, name, &[]);
    }
    // The oldest row, listed last, no longer authenticates.
    rusqlite::Connection::open(&env.store)
        .unwrap()
        .execute(
            "UPDATE tokens SET sealed = zeroblob(length(sealed)) WHERE name = 'a'",
            [],
        )
        .unwrap();
    let run = env.tk(&["token", "list", "--json"]).run().expect(4);
    let out = run.stdout();
    assert!(
        serde_json::from_str::<Value>(&out).is_err(),
        "a partial listing parsed as JSON: {out}"
    );
}

crate::on_every_store! {
    fn list_filters_by_status_type_and_secret(env: TestEnv) {
        env.init_store().ok();
        env.tk(&["secret", "add", "other", "--generate"]).run().ok();
        mint(&env, "dev-a", &[]);
        mint(&env, "prod-b", &["--type", "production"]);
        mint(&env, "other-c", &["--secret", "other"]);
        mint(&env, "gone", &[]);
        env.tk(&["token", "revoke", "gone", "--yes"]).run().ok();

        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        assert_eq!(
            sorted(listed_names(&env, &[])),
            ["dev-a", "other-c", "prod-b"],
            "default: no revoked tokens"
        );
        assert_eq!(listed_names(&env, &["--status", "revoked"]), ["gone"]);
        assert_eq!(
            sorted(listed_names(&env, &["--status", "active"])),
            ["dev-a", "other-c", "prod-b"]
        );
        assert_eq!(
            listed_names(&env, &["--status", "expired"]),
            Vec::<String>::new()
        );
        assert_eq!(
            listed_names(&env, &["--status", "undelivered"]),
            Vec::<String>::new()
        );
        assert_eq!(
            sorted(listed_names(&env, &["--status", "all"])),
            ["dev-a", "gone", "other-c", "prod-b"]
        );
        assert_eq!(listed_names(&env, &["--type", "production"]), ["prod-b"]);
        assert_eq!(listed_names(&env, &["--type", "prod"]), ["prod-b"]);
        assert_eq!(
            sorted(listed_names(&env, &["--type", "dev", "--status", "all"])),
            ["dev-a", "gone", "other-c"]
        );
        assert_eq!(listed_names(&env, &["--secret", "other"]), ["other-c"]);
        assert_eq!(
            listed_names(&env, &["--secret", "default", "--status", "revoked"]),
            ["gone"]
        );
        env.tk(&["token", "list", "--secret", "nope"])
            .run()
            .expect(5);
        env.tk(&["token", "list", "--status", "bogus"])
            .run()
            .expect(2);
        env.tk(&["token", "list", "--status", ""]).run().expect(2);
        env.tk(&["token", "list", "--type", "bogus"])
            .run()
            .expect(2);
    }
}

crate::on_every_store! {
    fn list_table_has_the_documented_columns_and_expiry_cells(env: TestEnv) {
        env.init_store().ok();
        mint(&env, "forever", &["--expiry", "never"]);
        mint(&env, "month", &["--expiry", "30d"]);
        mint(&env, "hours", &["--expiry", "5h"]);
        mint(&env, "minutes", &["--expiry", "30m"]);
        let ids: Vec<(String, String)> = list(&env, &[])
            .iter()
            .map(|r| {
                (
                    r["name"].as_str().unwrap().to_string(),
                    r["id"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let table = env.tk(&["token", "list"]).run().ok().stdout();
        let header = table.lines().next().unwrap();
        let mut at = 0;
        for col in [
            "ID",
            "NAME",
            "TYPE",
            "STATUS",
            "EXPIRY",
            "CREATED BY",
            "CREATED",
        ] {
            let pos = header[at..]
                .find(col)
                .unwrap_or_else(|| panic!("header lacks {col} in order: {header}"));
            at += pos + col.len();
        }
        let row = |name: &str| -> String {
            table
                .lines()
                .find(|l| l.split_whitespace().nth(1) == Some(name))
                .unwrap_or_else(|| panic!("no row for {name}:\n{table}"))
                .to_string()
        };
        for (name, id) in &ids {
            let r = row(name);
            let shown_id = r.split_whitespace().next().unwrap();
            assert!(shown_id.len() >= 6, "{r}");
            assert!(
                id.starts_with(shown_id),
                "ID cell {shown_id} is not a prefix of {id}"
            );
            assert!(r.contains("development"), "{r}");
            assert!(r.contains("active"), "{r}");
            assert!(r.contains("tester"), "{r}");
        }
        assert!(row("forever").contains("Never"), "{table}");
        let month = row("month");
        assert!(
            month.contains("29 days") || month.contains("30 days"),
            "{month}"
        );
        let hours = row("hours");
        assert!(
            hours.contains("4 hours") || hours.contains("5 hours"),
            "{hours}"
        );
        let minutes = row("minutes");
        assert!(
            minutes.contains("29 minutes") || minutes.contains("30 minutes"),
            "{minutes}"
        );
        // An empty store lists nothing (a header at most) and is still exit 0.
        let empty = TestEnv::init();
        let out = empty.tk(&["token", "list"]).run().ok().stdout();
        assert!(out.lines().count() <= 1, "{out}");
        assert_eq!(
            empty.tk(&["token", "list", "--json"]).run().ok().json(),
            json!([])
        );
    }
}

crate::on_every_store! {
    fn secret_list_counts_active_tokens(env: TestEnv) {
        env.init_store().ok();
        env.tk(&["secret", "add", "other", "--generate"]).run().ok();
        assert_eq!(secret_field(&env, "default", "active_tokens"), 0);
        mint(&env, "a", &[]);
        mint(&env, "b", &[]);
        mint(&env, "c", &[]);
        mint(&env, "o", &["--secret", "other"]);
        mint(&env, "opaque", &["--format", "opaque"]);
        env.tk(&["token", "revoke", "c", "--yes"]).run().ok();
        assert_eq!(secret_field(&env, "default", "active_tokens"), 2);
        assert_eq!(secret_field(&env, "other", "active_tokens"), 1);
        assert!(secret_field(&env, "other", "active_tokens").is_u64());
    }
}

crate::on_every_store! {
    fn concurrent_creates_of_one_name_yield_exactly_one_active_token(env: TestEnv) {
        env.init_store().ok();
        let children: Vec<_> = (0..6)
            .map(|_| {
                raw_cmd(&env, &["token", "create", "--name", "race"])
                    .stdin(std::process::Stdio::null())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut codes: Vec<i32> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap().status.code().unwrap_or(-1))
            .collect();
        codes.sort();
        assert_eq!(codes, [0, 5, 5, 5, 5, 5]);
        assert_eq!(listed_names(&env, &["--status", "all"]), ["race"]);
    }
}

#[test]
fn custom_claims_cannot_spoof_the_introspection_fields() {
    // verify --json is {"active":true, ...claims, "name", "token_type"}: a
    // claim named like those fields must be refused at create or lose.
    let env = TestEnv::init();
    let run = env
        .tk(&[
            "token",
            "create",
            "--name",
            "spoof",
            "--claim",
            "active:=false",
            "--claim",
            "name=admin-token",
        ])
        .run();
    match run.code() {
        2 => {}
        0 => {
            let token = run.stdout().trim_end().to_string();
            let json = assert_active(&env, &token, &[]);
            assert_eq!(json["active"], true, "a claim overrode active: {json}");
            assert_eq!(json["name"], "spoof", "a claim overrode name: {json}");
        }
        other => panic!("exit {other}: {}", run.stderr()),
    }
}
