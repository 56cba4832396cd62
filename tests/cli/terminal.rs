//! At a terminal: confirmations wait for Enter and take y or yes; prompts
//! are asked on the controlling terminal even while stdin is a pipe; a
//! mistyped passphrase may be typed again.

use crate::support::env::{TestEnv, PASSPHRASE};
use crate::support::pty::{self, Pty, Step::*};
use crate::support::text::mask_times;
use crate::support::tokens::{assert_active, assert_reason, kid_of, mint, record};

/// What the shell reads after tokenctl ends shows what tokenctl left unread.
const THEN_READ: &str = r#"; echo "exit=$?"; read rest; echo "rest=[$rest]""#;

/// No passphrase in the environment: tokenctl must ask for it.
const NO_PASSPHRASE: &[(&str, Option<&str>)] = &[("TOKENCTL_PASSPHRASE_FILE", None)];

/// Run `CMD` and then `read rest`, typing `answer` at the `[y/N]` prompt and
/// `after` once tokenctl has exited.
fn answer_then_type(env: &TestEnv, cmd: &str, answer: &str) -> Option<Pty> {
    pty::run(
        env,
        &format!("{cmd}{THEN_READ}"),
        &[],
        &[
            Expect("[y/N] "),
            Send(answer),
            Expect("exit="),
            Send("after\n"),
            Expect("rest=["),
        ],
    )
    .map(Pty::completed)
}

fn id_of(env: &TestEnv, name: &str) -> String {
    record(env, name)["id"].as_str().unwrap().to_string()
}

fn revoke_question(env: &TestEnv, name: &str) -> String {
    let id = id_of(env, name);
    format!(
        "Revoke development token '{name}' (id {id})? It stops verifying at once. \
         This cannot be undone. [y/N] "
    )
}

#[test]
fn yes_then_enter_revokes_and_leaves_nothing_unread_for_the_shell() {
    let env = TestEnv::init();
    let token = mint(&env, "guarded", &[]);
    let question = revoke_question(&env, "guarded");
    let id = id_of(&env, "guarded");
    let Some(run) = answer_then_type(&env, "tokenctl token revoke guarded", "yes\n") else {
        return;
    };
    assert_eq!(
        run.transcript,
        format!("{question}yes\nRevoked token 'guarded' (id {id})\nexit=0\nafter\nrest=[after]\n")
    );
    assert_reason(&env, &token, &[], "revoked");

    // Typed ahead in one go, the second line is still the shell's.
    let token = mint(&env, "ahead", &[]);
    let Some(run) = pty::run(
        &env,
        &format!("tokenctl token revoke ahead{THEN_READ}"),
        &[],
        &[Expect("[y/N] "), Send("yes\nafter\n"), Expect("rest=[")],
    ) else {
        return;
    };
    let run = run.completed();
    assert!(
        run.transcript.ends_with("exit=0\nrest=[after]\n"),
        "{}",
        run.transcript
    );
    assert_reason(&env, &token, &[], "revoked");
}

#[test]
fn y_and_yes_in_any_case_confirm_and_every_other_answer_revokes_nothing() {
    let env = TestEnv::init();
    for (i, answer) in ["YES", "Y", "yEs"].into_iter().enumerate() {
        let name = format!("revoked-{i}");
        let token = mint(&env, &name, &[]);
        let (question, id) = (revoke_question(&env, &name), id_of(&env, &name));
        let Some(run) = answer_then_type(
            &env,
            &format!("tokenctl token revoke {name}"),
            &format!("{answer}\n"),
        ) else {
            return;
        };
        assert_eq!(
            run.transcript,
            format!(
                "{question}{answer}\nRevoked token '{name}' (id {id})\nexit=0\nafter\nrest=[after]\n"
            )
        );
        assert_reason(&env, &token, &[], "revoked");
    }
    for (i, answer) in ["yess", "n", "no", "ye", ""].into_iter().enumerate() {
        let name = format!("kept-{i}");
        let token = mint(&env, &name, &[]);
        let question = revoke_question(&env, &name);
        let Some(run) = answer_then_type(
            &env,
            &format!("tokenctl token revoke {name}"),
            &format!("{answer}\n"),
        ) else {
            return;
        };
        assert_eq!(
            run.transcript,
            format!("{question}{answer}\ntokenctl: cancelled\nexit=130\nafter\nrest=[after]\n"),
            "answer {answer:?}"
        );
        assert_active(&env, &token, &[]);
    }
}

#[test]
fn a_y_without_enter_is_no_answer_until_enter_is_pressed() {
    let env = TestEnv::init();
    let token = mint(&env, "guarded", &[]);
    let question = revoke_question(&env, "guarded");
    let id = id_of(&env, "guarded");
    // Had the lone `y` answered, the Enter after it would be the shell's
    // `read` and `after` would never be read.
    let Some(run) = pty::run(
        &env,
        &format!("tokenctl token revoke guarded{THEN_READ}"),
        &[],
        &[
            Expect("[y/N] "),
            Send("y"),
            Sleep(300),
            Send("\n"),
            Expect("exit="),
            Send("after\n"),
            Expect("rest=["),
        ],
    ) else {
        return;
    };
    assert_eq!(
        run.completed().transcript,
        format!("{question}y\nRevoked token 'guarded' (id {id})\nexit=0\nafter\nrest=[after]\n")
    );
    assert_reason(&env, &token, &[], "revoked");
}

const SHOWN_ONCE: &str = "warning: this token is shown only once; \
     tokenctl keeps only its hash and cannot show it again\n";

/// The one JWT on the terminal.
fn jwt_on(transcript: &str) -> String {
    let line = transcript
        .lines()
        .find(|l| l.starts_with("eyJ"))
        .unwrap_or_else(|| panic!("no token shown:\n{transcript}"));
    line.to_string()
}

#[test]
fn the_stored_token_confirmation_waits_for_enter_and_takes_yes() {
    let env = TestEnv::init();
    let Some(run) = pty::run(
        &env,
        &format!("tokenctl token create --name kept{THEN_READ}"),
        &[],
        &[
            Expect("[y/N] "),
            Send("y"),
            Sleep(300),
            Send("es\n"),
            Expect("exit="),
            Send("after\n"),
            Expect("rest=["),
        ],
    ) else {
        return;
    };
    let run = run.completed();
    let token = jwt_on(&run.transcript);
    let rec = record(&env, "kept");
    assert_eq!(
        mask_times(&run.transcript),
        format!(
            "{token}\n\
             {SHOWN_ONCE}\
             Have you stored the token somewhere safe? [y/N] yes\n\
             Created development JWT token 'kept' (id {}), expires <time> (in 1 hour)\n\
             exit=0\nafter\nrest=[after]\n",
            rec["id"].as_str().unwrap()
        )
    );
    assert_active(&env, &token, &[]);

    for answer in ["yess", "n", ""] {
        let Some(run) = answer_then_type(
            &env,
            "tokenctl token create --name declined",
            &format!("{answer}\n"),
        ) else {
            return;
        };
        let token = jwt_on(&run.transcript);
        assert_eq!(
            run.transcript,
            format!(
                "{token}\n{SHOWN_ONCE}\
                 Have you stored the token somewhere safe? [y/N] {answer}\n\
                 tokenctl: token not confirmed; it was recorded as undelivered and will never verify\n\
                 exit=130\nafter\nrest=[after]\n"
            )
        );
        assert_reason(&env, &token, &[], "undelivered");
    }
}

// ------------------------------------------- prompts while stdin is a pipe

#[test]
fn secret_add_from_a_pipe_asks_the_passphrase_on_the_terminal() {
    let env = TestEnv::init();
    // 48 random bytes: one trailing newline is dropped from a piped key,
    // and at least 32 must remain whatever the last byte is.
    let Some(run) = pty::run(
        &env,
        r#"head -c 48 /dev/urandom | tokenctl secret add legacy; echo "exit=$?""#,
        NO_PASSPHRASE,
        &[
            Expect("Passphrase: "),
            Hidden(&format!("{PASSPHRASE}\n")),
            Expect("exit="),
        ],
    ) else {
        return;
    };
    assert_eq!(
        run.completed().transcript,
        format!(
            "Passphrase: \nAdded HS256 secret 'legacy' (key id {})\nexit=0\n",
            kid_of(&env, "legacy")
        )
    );
}

#[test]
fn verify_from_a_pipe_asks_the_passphrase_on_the_terminal() {
    let env = TestEnv::init();
    let token = mint(&env, "piped", &[]);
    let id = id_of(&env, "piped");
    let Some(run) = pty::run(
        &env,
        r#"printf '%s' "$TOKEN" | tokenctl token verify -; echo "exit=$?""#,
        &[("TOKENCTL_PASSPHRASE_FILE", None), ("TOKEN", Some(&token))],
        &[
            Expect("Passphrase: "),
            Hidden(&format!("{PASSPHRASE}\n")),
            Expect("exit="),
        ],
    ) else {
        return;
    };
    assert_eq!(
        run.completed().transcript,
        format!("Passphrase: \nToken 'piped' (id {id}) is active\nexit=0\n")
    );
}

#[test]
fn revoke_of_a_piped_token_confirms_on_the_terminal_without_yes() {
    let env = TestEnv::init();
    let token = mint(&env, "piped", &[]);
    let question = revoke_question(&env, "piped");
    let id = id_of(&env, "piped");
    let Some(run) = pty::run(
        &env,
        r#"printf '%s' "$TOKEN" | tokenctl token revoke --token -; echo "exit=$?""#,
        &[("TOKEN", Some(&token))],
        &[Expect("[y/N] "), Send("y\n"), Expect("exit=")],
    ) else {
        return;
    };
    assert_eq!(
        run.completed().transcript,
        format!("{question}y\nRevoked token 'piped' (id {id})\nexit=0\n")
    );
    assert_reason(&env, &token, &[], "revoked");
}

#[test]
fn without_a_terminal_the_piped_commands_fail_at_once() {
    let env = TestEnv::init();
    let token = mint(&env, "piped", &[]);
    let no_pass = |args: &[&str], stdin: Vec<u8>| {
        env.tk(args)
            .env_remove("TOKENCTL_PASSPHRASE_FILE")
            .stdin(stdin)
            .run()
            .expect(3)
            .stderr()
    };
    let no_terminal = "tokenctl: no passphrase available and no terminal to ask on\n\
         hint: pass --passphrase-file PATH, or set TOKENCTL_PASSPHRASE_FILE or TOKENCTL_PASSPHRASE\n";
    assert_eq!(
        no_pass(&["secret", "add", "legacy"], vec![7; 32]),
        no_terminal
    );
    assert_eq!(
        no_pass(&["token", "verify", "-"], token.clone().into_bytes()),
        no_terminal
    );
    let run = env
        .tk(&["token", "revoke", "--token", "-"])
        .stdin(token.clone())
        .run()
        .expect(2);
    assert_eq!(
        run.stderr(),
        "tokenctl: refusing to continue without confirmation\n\
         hint: pass --yes to confirm when there is no terminal\n"
    );
    assert_active(&env, &token, &[]);
    let secrets = env.tk(&["secret", "list", "--json"]).run().ok().json();
    assert_eq!(secrets.as_array().unwrap().len(), 1, "{secrets}");
}

// ------------------------------------------------- a mistyped passphrase

/// `tokenctl token list` on a terminal, stderr kept apart in a file, typing
/// each of `entries` at its passphrase prompt. Returns the run and stderr.
fn list_typing(env: &TestEnv, entries: &[&str]) -> Option<(Pty, String)> {
    let err = env.path("stderr.txt");
    let cmd = format!(
        r#"tokenctl token list 2>"{}"; echo "exit=$?""#,
        err.display()
    );
    let typed: Vec<String> = entries.iter().map(|e| format!("{e}\n")).collect();
    let mut steps = Vec::new();
    for t in &typed {
        steps.push(Expect("Passphrase: "));
        steps.push(Hidden(t));
    }
    steps.push(Expect("exit="));
    let run = pty::run(env, &cmd, NO_PASSPHRASE, &steps)?.completed();
    let stderr = std::fs::read_to_string(&err).unwrap();
    env.assert_no_leak(stderr.as_bytes(), "stderr", &[]);
    Some((run, stderr))
}

const WRONG: &str = "Wrong passphrase; try again.\n";

#[test]
fn a_wrong_passphrase_may_be_typed_again_twice() {
    let env = TestEnv::init();
    let Some((run, stderr)) = list_typing(&env, &["wrong-one", "wrong-two", PASSPHRASE]) else {
        return;
    };
    assert_eq!(
        run.transcript,
        format!("Passphrase: \n{WRONG}Passphrase: \n{WRONG}Passphrase: \nexit=0\n")
    );
    assert_eq!(
        stderr,
        "No tokens. Mint one with `tokenctl token create --name NAME`.\n"
    );
}

#[test]
fn three_wrong_passphrases_are_exit_3_with_a_hint_for_the_person_typing() {
    let env = TestEnv::init();
    let Some((run, stderr)) = list_typing(&env, &["wrong-1", "wrong-2", "wrong-3"]) else {
        return;
    };
    assert_eq!(
        run.transcript,
        format!("Passphrase: \n{WRONG}Passphrase: \n{WRONG}Passphrase: \nexit=3\n")
    );
    assert_eq!(
        stderr,
        "tokenctl: wrong passphrase (3 attempts)\n\
         hint: type the passphrase this store was created with, or last set with `tokenctl store passwd`\n"
    );
}

#[test]
fn an_empty_entry_is_nothing_entered_never_a_wrong_passphrase() {
    let env = TestEnv::init();
    const NOTHING: &str = "Nothing was entered; type the store's passphrase.\n";
    let Some((run, stderr)) = list_typing(&env, &["", PASSPHRASE]) else {
        return;
    };
    assert_eq!(
        run.transcript,
        format!("Passphrase: \n{NOTHING}Passphrase: \nexit=0\n")
    );
    assert_eq!(
        stderr,
        "No tokens. Mint one with `tokenctl token create --name NAME`.\n"
    );

    let Some((run, stderr)) = list_typing(&env, &["", "", ""]) else {
        return;
    };
    assert_eq!(
        run.transcript,
        format!("Passphrase: \n{NOTHING}Passphrase: \n{NOTHING}Passphrase: \nexit=3\n")
    );
    assert_eq!(
        stderr,
        "tokenctl: no passphrase was entered\n\
         hint: type the store's passphrase at the prompt, or pass --passphrase-file PATH\n"
    );
}
