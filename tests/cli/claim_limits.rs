//! What `token create` refuses to mint, the same way from a flag, a claims
//! file and a batch line: claims nested deeper than 32 levels, tokens over
//! the 64 KiB that `token verify` reads, and custom claims under the names
//! `token verify --json` reports on. Nothing is recorded, and the store
//! stays readable.

use serde_json::{json, Value};

use crate::support::env::{Run, TestEnv};
use crate::support::tokens::{assert_active, list, mint};

/// `[[[ ... ]]]`, `levels` deep, around `inner`.
fn nested(levels: usize, inner: Value) -> Value {
    (0..levels).fold(inner, |v, _| json!([v]))
}

/// `token create --batch -` with these lines on stdin.
fn batch(env: &TestEnv, lines: &[Value]) -> Run {
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    env.tk(&["token", "create", "--batch", "-"])
        .stdin(input)
        .run()
}

/// Exit 2, nothing on stdout, and `message` as the first line of stderr.
#[track_caller]
fn usage_error(run: Run, message: &str) {
    let run = run.expect(2);
    assert_eq!(run.stdout(), "");
    assert_eq!(
        run.stderr().lines().next(),
        Some(message),
        "{}",
        run.stderr()
    );
}

/// Nothing was minted and every reading command still works.
#[track_caller]
fn nothing_recorded(env: &TestEnv) {
    assert_eq!(list(env, &["--status", "all"]), Vec::<Value>::new());
    env.tk(&["token", "list"]).run().ok();
    env.tk(&["secret", "list"]).run().ok();
    env.tk(&["store", "check"]).run().ok();
}

#[test]
fn a_claim_nested_deeper_than_32_levels_is_refused_from_a_flag_a_file_and_a_batch() {
    let env = TestEnv::init();
    let deep = nested(126, json!(1));
    usage_error(
        env.tk(&[
            "token",
            "create",
            "--name",
            "deep",
            "--claim",
            &format!("a:={deep}"),
        ])
        .run(),
        "tokenctl: claim 'a' nests 126 levels deep; claims may nest at most 32 levels",
    );
    usage_error(
        env.tk(&[
            "token",
            "create",
            "--name",
            "deep",
            "--claim",
            &format!("b:={}", nested(33, json!("x"))),
        ])
        .run(),
        "tokenctl: claim 'b' nests 33 levels deep; claims may nest at most 32 levels",
    );
    let file = env.file("claims.json", json!({ "a": deep }).to_string());
    usage_error(
        env.tk(&[
            "token",
            "create",
            "--name",
            "deep",
            "--claims-file",
            file.to_str().unwrap(),
        ])
        .run(),
        "tokenctl: claim 'a' nests 126 levels deep; claims may nest at most 32 levels",
    );
    // A batch line holds at most 127 levels in all (line, claims, value).
    usage_error(
        batch(
            &env,
            &[
                json!({"name": "fine"}),
                json!({"name": "deep", "claims": {"a": nested(125, json!(1))}}),
            ],
        ),
        "tokenctl: line 2: claim 'a' nests 125 levels deep; claims may nest at most 32 levels",
    );
    nothing_recorded(&env);
}

#[test]
fn a_claim_nested_exactly_32_levels_is_minted_and_reads_back() {
    let env = TestEnv::init();
    let value = nested(32, json!(7));
    let token = mint(&env, "deep32", &["--claim", &format!("a:={value}")]);
    let verified = assert_active(&env, &token, &[]);
    assert_eq!(verified["a"], value);
    let listed = list(&env, &[]);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["name"], "deep32");
    env.tk(&["store", "check"]).run().ok();
}

#[test]
fn a_token_over_64_kib_is_not_minted_from_a_flag_or_a_batch() {
    let env = TestEnv::init();
    // 50 KB of claim is a JWT of about 66 KiB once base64url-encoded.
    let pad = "p".repeat(50_000);
    let file = env.file("pad.txt", &pad);
    let run = env
        .tk(&[
            "token",
            "create",
            "--name",
            "huge",
            "--claim",
            &format!("pad=@{}", file.display()),
        ])
        .run();
    usage_error(
        run,
        "tokenctl: the token would be 66 KiB, over the 64 KiB that `token verify` accepts",
    );
    // The batch line itself is under the 64 KiB a line may have.
    let line = json!({"name": "huge", "claims": {"pad": pad}});
    assert!(line.to_string().len() < 64 * 1024);
    usage_error(
        batch(&env, &[json!({"name": "fine"}), line]),
        "tokenctl: line 2: the token would be 66 KiB, over the 64 KiB that `token verify` accepts",
    );
    nothing_recorded(&env);
    // Just under the limit is minted and verifies.
    let fits = env.file("fits.txt", "p".repeat(46_000));
    let token = mint(
        &env,
        "fits",
        &["--claim", &format!("pad=@{}", fits.display())],
    );
    assert!(token.len() > 60 * 1024 && token.len() <= 64 * 1024);
    assert_active(&env, &token, &[]);
}

#[test]
fn claims_named_active_name_or_reason_are_reserved_everywhere() {
    let env = TestEnv::init();
    for claim in ["active", "name", "reason"] {
        let reserved = format!("claim '{claim}' is reserved");
        let file = env.file("claims.json", json!({ claim: true }).to_string());
        for run in [
            env.tk(&[
                "token",
                "create",
                "--name",
                "t",
                "--claim",
                &format!("{claim}=x"),
            ])
            .run(),
            env.tk(&[
                "token",
                "create",
                "--name",
                "t",
                "--claims-file",
                file.to_str().unwrap(),
            ])
            .run(),
            batch(&env, &[json!({"name": "t", "claims": { claim: 1 }})])
                .stderr_has(&format!("line 1: {reserved}")),
        ] {
            let run = run.expect(2).stderr_has(&reserved);
            assert_eq!(run.stdout(), "");
        }
    }
    nothing_recorded(&env);
}
