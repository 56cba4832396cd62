//! `unlock` hands a shell its session: `eval "$(tokenctl unlock --export)"`
//! works with stdout a pipe, a terminal gets the export line, a pipe
//! without --export the bare key.

use std::process::{Command, Stdio};

use crate::support::env::TestEnv;
use crate::support::pty::{self, Step::Expect};
use crate::support::text::{mask_session_keys, mask_times};

const NOTE: &str = "Session expires at <time> (in 15 minutes); `tokenctl lock` ends it sooner. \
                    Anyone holding the key can use the store until then.\n";

#[test]
fn eval_of_unlock_export_gives_bash_a_session_and_prints_no_key() {
    let env = TestEnv::init();
    let mut bash = Command::new("bash");
    env.scrub(&mut bash);
    let bin = assert_cmd::cargo::cargo_bin("tokenctl");
    let out = bash
        .arg("-c")
        .arg(
            r#"eval "$("$0" unlock --export)"
unset TOKENCTL_PASSPHRASE_FILE
"$0" token list --json; echo "exit=$?""#,
        )
        .arg(&bin)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stdout.contains("tks_") && !stderr.contains("tks_"),
        "a key was printed"
    );
    assert_eq!(stdout, "[]\nexit=0\n", "{stderr}");
    assert_eq!(mask_times(&stderr), NOTE);
}

#[test]
fn unlock_on_a_terminal_prints_one_export_line() {
    let env = TestEnv::init();
    let Some(run) = pty::run(&env, "tokenctl unlock", &[], &[Expect("ends it sooner")]) else {
        return;
    };
    let run = run.completed();
    assert_eq!(run.code, 0, "{}", run.transcript);
    assert_eq!(
        mask_times(&mask_session_keys(&run.transcript)),
        format!("export TOKENCTL_SESSION=<key>\n{NOTE}")
    );
}

#[test]
fn unlock_to_a_pipe_without_export_prints_the_bare_key() {
    let env = TestEnv::init();
    let run = env.tk(&["unlock"]).run().ok();
    assert_eq!(mask_session_keys(&run.stdout()), "<key>\n");
    assert!(run.stdout().starts_with("tks_"), "{}", run.stdout());
    assert_eq!(mask_times(&run.stderr()), NOTE);
}
