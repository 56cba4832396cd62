//! `token create --batch` and `token verify --batch`: JSON Lines in and out,
//! all or nothing.

use std::process::Stdio;

use serde_json::{json, Value};

use crate::support::env::{raw_cmd, TestEnv};
use crate::support::tokens::{
    assert_active, assert_keys, assert_opaque_shape, assert_reason, create_into, list, mint, names,
    now, parts, record, utc, CREATE_KEYS,
};

/// JSON Lines from values.
fn jsonl(lines: &[Value]) -> String {
    lines.iter().map(|v| format!("{v}\n")).collect()
}

/// `token create --batch - EXTRA...` with `input` on stdin: exit 0, one
/// object per line. Returns the objects.
#[track_caller]
fn create_batch(env: &TestEnv, input: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["token", "create", "--batch", "-"];
    args.extend_from_slice(extra);
    let run = env.tk(&args).stdin(input).run().ok();
    parse_lines(&run.stdout())
}

#[track_caller]
fn parse_lines(out: &str) -> Vec<Value> {
    assert!(out.is_empty() || out.ends_with('\n'), "{out:?}");
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// `token verify --batch -` with `tokens` one per line; returns (exit, objects).
fn verify_batch(env: &TestEnv, tokens: &[&str], extra: &[&str]) -> (i32, Vec<Value>) {
    let mut args = vec!["token", "verify", "--batch", "-"];
    args.extend_from_slice(extra);
    let input: String = tokens.iter().map(|t| format!("{t}\n")).collect();
    let run = env.tk(&args).stdin(input).run();
    (run.code(), parse_lines(&run.stdout()))
}

crate::on_every_store! {
    fn a_batch_mints_one_token_per_line_in_order(env: TestEnv) {
        env.init_store().ok();
        env.tk(&["secret", "add", "other", "--generate", "-a", "HS512"])
            .run()
            .ok();
        let input = jsonl(&[
            json!({"name": "u1", "subject": "user-1", "audience": "api", "role": "admin"}),
            json!({"name": "u2", "type": "prod", "expiry": "never", "audience": ["a", "b"],
                   "origins": ["https://app.example.com"], "claims": {"plan": "pro", "n": 3}}),
            json!({"name": "u3", "format": "opaque", "expiry": "30d"}),
            json!({"name": "u4", "secret": "other", "not_before": "2000-01-01T00:00:00Z"}),
        ]);
        // Blank lines are skipped.
        let input = format!("\n{input}\n");
        let out = create_batch(&env, &input, &[]);
        assert_eq!(out.len(), 4);
        let got: Vec<&str> = out.iter().map(|o| o["name"].as_str().unwrap()).collect();
        assert_eq!(got, ["u1", "u2", "u3", "u4"]);
        for o in &out {
            assert_keys(o, CREATE_KEYS);
        }
        let v = assert_active(
            &env,
            out[0]["token"].as_str().unwrap(),
            &["--audience", "api"],
        );
        assert_eq!(v["sub"], "user-1");
        assert_eq!(v["role"], "admin");
        assert_eq!(v["token_type"], "development");
        let v = assert_active(
            &env,
            out[1]["token"].as_str().unwrap(),
            &[
                "--type",
                "production",
                "--origin",
                "https://app.example.com",
                "--audience",
                "b",
            ],
        );
        assert_eq!(v["plan"], "pro");
        assert_eq!(v["n"], 3);
        assert!(v.get("exp").is_none());
        assert_eq!(out[1]["expires_at"], Value::Null);
        let opaque = out[2]["token"].as_str().unwrap();
        assert_opaque_shape(opaque, "tkd_");
        assert_eq!(out[2]["format"], "opaque");
        assert_eq!(out[2]["secret"], Value::Null);
        let exp = utc(&out[2]["expires_at"]);
        assert!((exp - now() - 30 * 86_400).abs() < 60);
        assert_eq!(out[3]["secret"], "other");
        let v = assert_active(&env, out[3]["token"].as_str().unwrap(), &[]);
        assert_eq!(v["nbf"], 946_684_800);
        let (_, claims) = parts(out[3]["token"].as_str().unwrap());
        assert_eq!(claims["jti"], out[3]["id"]);
        // Every one is on record, once.
        assert_eq!(list(&env, &["--status", "all"]).len(), 4);
        env.tk(&["store", "check"]).run().ok();
    }
}

crate::on_every_store! {
    fn flags_are_defaults_that_lines_override(env: TestEnv) {
        env.init_store().ok();
        let input = jsonl(&[
            json!({"name": "a"}),
            json!({"name": "b", "type": "dev", "expiry": "2h"}),
            json!({"name": "c", "format": "jwt"}),
        ]);
        let out = create_batch(
            &env,
            &input,
            &[
                "--type",
                "production",
                "--expiry",
                "10m",
                "--format",
                "opaque",
            ],
        );
        assert_eq!(out[0]["type"], "production");
        assert_eq!(out[0]["format"], "opaque");
        let exp = utc(&out[0]["expires_at"]);
        assert!((exp - now() - 600).abs() < 60);
        assert_eq!(out[1]["type"], "development");
        let exp = utc(&out[1]["expires_at"]);
        assert!((exp - now() - 7200).abs() < 60);
        assert_eq!(out[2]["format"], "jwt");
        assert_eq!(out[2]["secret"], "default");
    }
}

crate::on_every_store! {
    fn a_bad_line_in_the_middle_is_exit_2_naming_it_and_nothing_is_minted(env: TestEnv) {
        env.init_store().ok();
        let bad_lines = [
            (r#"{"name": "x", "expiry": "soon"}"#, "expiry"),
            (r#"{"name": "x", "bogus": 1}"#, "bogus"),
            (r#"{"name": "x", "claims": {"sub": "me"}}"#, "--subject"),
            (r#"{"name": "x", "claims": {"a": 1, "a": 2}}"#, "duplicate"),
            (r#"{"name": "x", "name": "y"}"#, "duplicate"),
            (r#"{"name": "bad name!"}"#, "name"),
            (r#"{"name": "x", "type": "staging"}"#, "staging"),
            (
                r#"{"name": "x", "format": "opaque", "secret": "default"}"#,
                "opaque",
            ),
            (r#"{"subject": "no name"}"#, "name"),
            (r#"{"name": "x", "audience": 5}"#, "audience"),
            (r#"{"name": "x", "claims": [1]}"#, "object"),
            (r#"{"name": "x""#, "line 3"),
            ("not json", "line 3"),
            (r#"["name", "x"]"#, "line 3"),
        ];
        for (bad, why) in bad_lines {
            let input = format!(
                "{}\n{}\n{bad}\n{}\n",
                json!({"name": "ok1"}),
                json!({"name": "ok2"}),
                json!({"name": "ok3"})
            );
            let run = env
                .tk(&["token", "create", "--batch", "-"])
                .stdin(input)
                .run()
                .expect(2)
                .stderr_has("line 3")
                .stderr_has(why);
            assert_eq!(run.stdout(), "", "{bad}");
            let first = run.stderr().lines().next().unwrap().to_string();
            assert!(first.starts_with("tokenctl: line 3: "), "{first}");
        }
        assert_eq!(list(&env, &["--status", "all"]), Vec::<Value>::new());
    }
}

crate::on_every_store! {
    fn a_bad_batch_is_refused_before_the_store_is_unlocked(env: TestEnv) {
        env.init_store().ok();
        // No passphrase source: a bad line is still exit 2, not 3.
        env.tk(&["token", "create", "--batch", "-"])
            .env_remove("TOKENCTL_PASSPHRASE_FILE")
            .stdin("{\"name\": \"a\"}\n{\"name\": 1}\n")
            .run()
            .expect(2)
            .stderr_has("line 2");
    }
}

crate::on_every_store! {
    fn name_clashes_are_exit_5_naming_the_line_and_nothing_is_minted(env: TestEnv) {
        env.init_store().ok();
        let twice = names(3, "n") + &names(1, "n");
        env.tk(&["token", "create", "--batch", "-"])
            .stdin(twice)
            .run()
            .expect(5)
            .stderr_has("line 4")
            .stderr_has("line 1");
        let first = mint(&env, "taken", &[]);
        let input = names(2, "free") + &jsonl(&[json!({"name": "taken"})]);
        env.tk(&["token", "create", "--batch", "-"])
            .stdin(input.clone())
            .run()
            .expect(5)
            .stderr_has("line 3")
            .stderr_has("--replace");
        assert_eq!(list(&env, &["--status", "all"]).len(), 1);
        // --replace revokes the holder in the same transaction.
        let out = create_batch(&env, &input, &["--replace"]);
        assert_eq!(out.len(), 3);
        assert_reason(&env, &first, &[], "revoked");
        assert_eq!(record(&env, "free0")["status"], "active");
        // A missing secret on a line is exit 5 too, before anything is minted.
        env.tk(&["token", "create", "--batch", "-"])
            .stdin(names(2, "s") + &jsonl(&[json!({"name": "s9", "secret": "nope"})]))
            .run()
            .expect(5)
            .stderr_has("line 3")
            .stderr_has("nope");
        assert_eq!(list(&env, &["--status", "all"]).len(), 4);
    }
}

crate::on_every_store! {
    fn an_empty_batch_mints_nothing(env: TestEnv) {
        env.init_store().ok();
        let run = env
            .tk(&["token", "create", "--batch", "-"])
            .stdin("\n\n")
            .run()
            .ok();
        assert_eq!(run.stdout(), "");
        let file = env.file("empty.jsonl", "");
        env.tk(&["token", "create", "--batch", file.to_str().unwrap()])
            .run()
            .ok();
        assert_eq!(list(&env, &["--status", "all"]), Vec::<Value>::new());
    }
}

crate::on_every_store! {
    fn a_batch_reads_a_file_and_flags_for_one_token_are_refused(env: TestEnv) {
        env.init_store().ok();
        let file = env.file("in.jsonl", names(3, "f"));
        let run = env
            .tk(&["token", "create", "--batch", file.to_str().unwrap()])
            .run()
            .ok();
        assert_eq!(parse_lines(&run.stdout()).len(), 3);
        for extra in [
            &["--name", "x"][..],
            &["--subject", "s"],
            &["--claim", "a=b"],
            &["--copy"],
        ] {
            let mut args = vec!["token", "create", "--batch", file.to_str().unwrap()];
            args.extend_from_slice(extra);
            env.tk(&args).run().expect(2);
        }
        env.tk(&["token", "create", "--batch", "/nonexistent/in.jsonl"])
            .run()
            .expect(2);
        env.tk(&["token", "verify", "--batch", "-", "sometoken"])
            .run()
            .expect(2);
    }
}

/// Run a batch create from a file with stdout going to `out`; returns (exit, stderr).
fn batch_into(env: &TestEnv, input: &str, out: impl Into<Stdio>) -> (i32, String) {
    let file = env.file("batch.jsonl", input);
    create_into(
        env,
        &["token", "create", "--batch", file.to_str().unwrap()],
        out,
    )
}

crate::on_every_store! {
    fn a_batch_whose_output_closes_is_all_undelivered_with_exit_6(env: TestEnv) {
        env.init_store().ok();
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let (code, stderr) = batch_into(&env, &names(20, "p"), writer);
        assert_eq!(code, 6, "{stderr}");
        assert!(stderr.contains("all 20 tokens"), "{stderr}");
        let all = list(&env, &["--status", "all"]);
        assert_eq!(all.len(), 20);
        assert!(all.iter().all(|r| r["status"] == "undelivered"), "{all:?}");

        // A reader that goes away after the first part: the tokens it read are
        // undelivered too, so none of them verifies.
        let env = TestEnv::init();
        let mut child = raw_cmd(&env, &["token", "create", "--batch", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            stdin.write_all(names(2000, "big").as_bytes()).unwrap();
        }
        let mut stdout = child.stdout.take().unwrap();
        let mut first = vec![0u8; 4096];
        std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(6));
        let line = String::from_utf8_lossy(&first)
            .lines()
            .next()
            .unwrap()
            .to_string();
        let token: Value = serde_json::from_str(&line).unwrap();
        assert_reason(&env, token["token"].as_str().unwrap(), &[], "undelivered");
        let all = list(&env, &["--status", "all"]);
        assert_eq!(all.len(), 2000);
        assert!(all.iter().all(|r| r["status"] == "undelivered"));
        env.tk(&["store", "check"]).run().ok();
    }
}

crate::on_every_store! {
    fn a_batch_on_a_full_disk_is_all_undelivered_with_exit_6(env: TestEnv) {
        env.init_store().ok();
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let (code, stderr) = batch_into(&env, &names(5, "full"), full);
        assert_eq!(code, 6, "{stderr}");
        let all = list(&env, &["--status", "all"]);
        assert_eq!(all.len(), 5);
        assert!(all.iter().all(|r| r["status"] == "undelivered"));
    }
}

crate::on_every_store! {
    fn batch_verify_mixes_valid_revoked_expired_forged_and_malformed_in_order(env: TestEnv) {
        env.init_store().ok();
        let other = TestEnv::init();
        let out = create_batch(
            &env,
            &jsonl(&[
                json!({"name": "good"}),
                json!({"name": "gone"}),
                json!({"name": "old", "expiry": "1s"}),
                json!({"name": "opq", "format": "opaque"}),
                json!({"name": "prod", "type": "prod"}),
                json!({"name": "later", "not_before": "30m"}),
            ]),
            &[],
        );
        let tok = |i: usize| out[i]["token"].as_str().unwrap();
        env.tk(&["token", "revoke", "gone", "--yes"]).run().ok();
        std::thread::sleep(std::time::Duration::from_millis(2100));
        let good = tok(0).to_string();
        let (h, p, s) = {
            let mut it = good.split('.');
            (it.next().unwrap(), it.next().unwrap(), it.next().unwrap())
        };
        let mut sig: Vec<char> = s.chars().collect();
        sig[3] = if sig[3] == 'A' { 'B' } else { 'A' };
        let forged = format!("{h}.{p}.{}", sig.iter().collect::<String>());
        let foreign = mint(&other, "theirs", &[]);
        let oversized = "a".repeat(70 * 1024);
        let lines = [
            good.as_str(),
            tok(1),
            tok(2),
            forged.as_str(),
            "not a token",
            tok(3),
            foreign.as_str(),
            tok(4),
            tok(5),
            "",
            oversized.as_str(),
            good.as_str(),
        ];
        let (code, res) = verify_batch(&env, &lines, &["--type", "development"]);
        assert_eq!(code, 1);
        let reasons: Vec<Value> = res
            .iter()
            .map(|r| r.get("reason").cloned().unwrap_or(json!("active")))
            .collect();
        assert_eq!(
            reasons,
            [
                "active",
                "revoked",
                "expired",
                "bad_signature",
                "malformed",
                "active",
                "unknown",
                "wrong_type",
                "not_yet_valid",
                "malformed",
                "malformed",
                "active",
            ]
        );
        // An active line is the single `verify --json` object.
        assert_eq!(
            res[0],
            assert_active(&env, &good, &["--type", "development"])
        );
        assert_eq!(res[0]["name"], "good");
        assert_eq!(res[5]["name"], "opq");
        // All active: exit 0.
        let (code, res) = verify_batch(&env, &[&good, tok(3)], &[]);
        assert_eq!(code, 0);
        assert_eq!(res.len(), 2);
    }
}

crate::on_every_store! {
    fn batch_verify_of_only_malformed_lines_needs_no_passphrase(env: TestEnv) {
        env.init_store().ok();
        let (code, res) = {
            let run = env
                .tk(&["token", "verify", "--batch", "-"])
                .env_remove("TOKENCTL_PASSPHRASE_FILE")
                .stdin("junk\nmore junk\n")
                .run();
            (run.code(), parse_lines(&run.stdout()))
        };
        assert_eq!(code, 1);
        assert_eq!(
            res,
            [
                json!({"active": false, "reason": "malformed"}),
                json!({"active": false, "reason": "malformed"})
            ]
        );
    }
}

crate::on_every_store! {
    fn a_large_batch_round_trips(env: TestEnv) {
        env.init_store().ok();
        let n = 3000;
        let out = create_batch(&env, &names(n, "bulk"), &[]);
        assert_eq!(out.len(), n);
        let mut ids: Vec<&str> = out.iter().map(|o| o["id"].as_str().unwrap()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n);
        let tokens: Vec<&str> = out.iter().map(|o| o["token"].as_str().unwrap()).collect();
        let (code, res) = verify_batch(&env, &tokens, &[]);
        assert_eq!(code, 0);
        assert_eq!(res.len(), n);
        for (i, r) in res.iter().enumerate() {
            assert_eq!(r["active"], true);
            assert_eq!(r["name"], format!("bulk{i}"));
        }
        assert_eq!(list(&env, &[]).len(), n);
        env.tk(&["store", "check"]).run().ok();
    }
}

crate::on_every_store! {
    fn an_oversized_line_is_exit_2_and_nothing_is_minted(env: TestEnv) {
        env.init_store().ok();
        let big = json!({"name": "big", "claims": {"pad": "x".repeat(70 * 1024)}});
        env.tk(&["token", "create", "--batch", "-"])
            .stdin(jsonl(&[json!({"name": "ok"}), big]))
            .run()
            .expect(2)
            .stderr_has("line 2 is longer than 64 KiB");
        assert_eq!(list(&env, &["--status", "all"]), Vec::<Value>::new());
    }
}
