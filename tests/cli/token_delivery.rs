//! Once-only delivery: a token that cannot reach its user is recorded as
//! undelivered and never verifies; on a terminal the user must confirm.

use serde_json::Value;

use crate::support::env::TestEnv;
use crate::support::pty::{jwt_in, on_pty, STORED};
use crate::support::tokens::{
    assert_active, assert_opaque_shape, assert_reason, create_into, list, listed_names, mint,
    record, secret_field,
};

fn closed_pipe() -> std::io::PipeWriter {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    writer
}

crate::on_every_store! {
    fn a_closed_stdout_makes_the_token_undelivered_with_exit_6(env: TestEnv) {
        env.init_store().ok();
        let (code, stderr) = create_into(&env, &["token", "create", "--name", "lost"], closed_pipe());
        assert_eq!(code, 6, "{stderr}");
        assert!(stderr.contains("undelivered"), "{stderr}");

        let (code, stderr) = create_into(
            &env,
            &["token", "create", "--name", "lost-json", "--json"],
            closed_pipe(),
        );
        assert_eq!(code, 6, "{stderr}");
        assert!(stderr.contains("undelivered"), "{stderr}");

        let (code, stderr) = create_into(
            &env,
            &[
                "token",
                "create",
                "--name",
                "lost-opaque",
                "--format",
                "opaque",
            ],
            closed_pipe(),
        );
        assert_eq!(code, 6, "{stderr}");

        let undelivered = list(&env, &["--status", "undelivered"]);
        let mut names: Vec<&str> = undelivered
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["lost", "lost-json", "lost-opaque"]);
        assert!(undelivered.iter().all(|r| r["status"] == "undelivered"));
        // Not active, not listed by default, not counted against the secret.
        assert_eq!(list(&env, &[]), Vec::<Value>::new());
        assert_eq!(list(&env, &["--status", "active"]), Vec::<Value>::new());
        assert_eq!(secret_field(&env, "default", "active_tokens"), 0);
        // The name is free again.
        let token = mint(&env, "lost", &[]);
        assert_active(&env, &token, &[]);
        assert_eq!(listed_names(&env, &[]), ["lost"]);
        env.tk(&["store", "check"]).run().ok();
    }
}

crate::on_every_store! {
    fn a_full_disk_on_stdout_makes_the_token_undelivered_with_exit_6(env: TestEnv) {
        env.init_store().ok();
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let (code, stderr) = create_into(&env, &["token", "create", "--name", "full"], full);
        assert_eq!(code, 6, "{stderr}");
        assert!(stderr.contains("undelivered"), "{stderr}");
        assert_eq!(record(&env, "full")["status"], "undelivered");
    }
}

#[test]
fn a_reader_that_goes_away_mid_pipeline_is_never_a_live_token() {
    // `tokenctl token create | true` in a shell, many times: each token is
    // either delivered to `true` (and so active) or undelivered, never a
    // panic, never another exit code.
    let env = TestEnv::init();
    let bin = assert_cmd::cargo::cargo_bin("tokenctl");
    for i in 0..5 {
        let mut cmd = std::process::Command::new("bash");
        env.scrub(&mut cmd);
        let out = cmd
            .arg("-c")
            .arg(r#""$0" token create --name "p$1" | true; echo "exit=${PIPESTATUS[0]}""#)
            .arg(&bin)
            .arg(i.to_string())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        let status = record(&env, &format!("p{i}"))["status"].clone();
        match stdout.trim() {
            "exit=0" => assert_eq!(status, "active"),
            "exit=6" => assert_eq!(status, "undelivered", "{stderr}"),
            other => panic!("unexpected {other}: {stderr}"),
        }
    }
}

// ----------------------------------------------------------- on a terminal

/// `token create --name NAME` on a terminal, answered with `answer`: the
/// prompt came, the exit is 130 and the token it showed is undelivered.
#[track_caller]
fn assert_declined_on_a_terminal(env: &TestEnv, name: &str, answer: &str) {
    let run = on_pty(
        env,
        &["token", "create", "--name", name],
        STORED,
        answer,
        None,
    );
    assert!(run.seen, "no confirmation prompt:\n{}", run.output);
    assert_eq!(run.code, 130, "{}", run.output);
    let token = jwt_in(&run.output);
    assert_reason(env, &token, &[], "undelivered");
}

crate::on_every_store! {
    fn declining_on_a_terminal_makes_the_token_undelivered_with_exit_130(env: TestEnv) {
        env.init_store().ok();
        let run = on_pty(
            &env,
            &["token", "create", "--name", "declined"],
            STORED,
            "n\n",
            None,
        );
        assert!(run.seen, "no confirmation prompt:\n{}", run.output);
        assert!(
            run.output.contains("once"),
            "no shown-only-once warning:\n{}",
            run.output
        );
        assert_eq!(run.code, 130, "{}", run.output);
        let token = jwt_in(&run.output);
        assert_reason(&env, &token, &[], "undelivered");
        assert_eq!(record(&env, "declined")["status"], "undelivered");
        assert_eq!(list(&env, &[]), Vec::<Value>::new());
        // The name is free again.
        mint(&env, "declined", &[]);
    }
}

crate::on_every_store! {
    fn pressing_enter_at_the_prompt_declines_by_default(env: TestEnv) {
        env.init_store().ok();
        assert_declined_on_a_terminal(&env, "enter", "\r");
    }
}

crate::on_every_store! {
    fn ctrl_c_at_the_prompt_makes_the_token_undelivered(env: TestEnv) {
        env.init_store().ok();
        assert_declined_on_a_terminal(&env, "interrupted", "\x03");
    }
}

#[test]
fn sigint_at_the_prompt_makes_the_token_undelivered() {
    // Ctrl-C delivered as a signal (as when it lands before the prompt has
    // put the terminal in raw mode) must not leave a live token behind.
    let env = TestEnv::init();
    assert_declined_on_a_terminal(&env, "signalled", "SIGINT");
}

crate::on_every_store! {
    fn confirming_on_a_terminal_keeps_the_token_and_no_lock_is_held_while_asking(env: TestEnv) {
        env.init_store().ok();
        let run = on_pty(
            &env,
            &["token", "create", "--name", "kept"],
            STORED,
            "y\n",
            Some(&["token", "create", "--name", "meanwhile"]),
        );
        assert!(run.seen, "no confirmation prompt:\n{}", run.output);
        assert_eq!(run.code, 0, "{}", run.output);
        assert_eq!(
            run.during,
            Some(0),
            "another process could not write while the prompt was up"
        );
        let token = jwt_in(&run.output);
        let json = assert_active(&env, &token, &[]);
        assert_eq!(json["name"], "kept");
        let mut names = listed_names(&env, &[]);
        names.sort();
        assert_eq!(names, ["kept", "meanwhile"]);
    }
}

crate::on_every_store! {
    fn an_opaque_token_declined_on_a_terminal_is_undelivered(env: TestEnv) {
        env.init_store().ok();
        let run = on_pty(
            &env,
            &["token", "create", "--name", "op", "--format", "opaque"],
            STORED,
            "n\n",
            None,
        );
        assert!(run.seen, "no confirmation prompt:\n{}", run.output);
        assert_eq!(run.code, 130, "{}", run.output);
        let start = run.output.find("tkd_").expect("opaque token shown");
        let token = &run.output[start..start + 40];
        assert_opaque_shape(token, "tkd_");
        assert_reason(&env, token, &[], "undelivered");
    }
}

crate::on_every_store! {
    fn revoke_on_a_terminal_asks_first_and_declining_revokes_nothing(env: TestEnv) {
        env.init_store().ok();
        let token = mint(&env, "guarded", &[]);
        let run = on_pty(
            &env,
            &["token", "revoke", "guarded"],
            "cannot be undone",
            "n\n",
            None,
        );
        assert!(run.seen, "no confirmation prompt:\n{}", run.output);
        assert!(
            run.output.contains("guarded"),
            "prompt names the token:\n{}",
            run.output
        );
        assert_eq!(run.code, 130, "{}", run.output);
        assert_active(&env, &token, &[]);

        let run = on_pty(
            &env,
            &["token", "revoke", "guarded"],
            "cannot be undone",
            "y\n",
            Some(&["token", "create", "--name", "meanwhile"]),
        );
        assert!(run.seen, "no confirmation prompt:\n{}", run.output);
        assert_eq!(run.code, 0, "{}", run.output);
        assert_eq!(
            run.during,
            Some(0),
            "the store was locked during the prompt"
        );
        assert_reason(&env, &token, &[], "revoked");
    }
}
