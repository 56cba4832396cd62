//! SIGKILL at random moments during `token create`, `token revoke` and
//! `store passwd`: the store always opens and checks sound, every operation
//! that exited 0 is there, and after a killed `passwd` exactly one of the old
//! and new passphrases works.
//!
//! CI size: 40 kills; `TOKENCTL_STRESS=full`: at least 200.

use std::collections::{HashMap, HashSet};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::env::{raw_cmd, run_checked, TestEnv, PASSPHRASE};
use crate::support::store::assert_files_clean;
use crate::support::system::{scale, Rng};
use crate::support::tokens::mint;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Op {
    Create,
    Revoke,
    Passwd,
}

/// How a run ended: its exit code, or `None` when SIGKILL ended it.
struct Ended {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

/// Start `c`, SIGKILL it after `delay` unless it has finished, and reap it.
fn run_and_kill(env: &TestEnv, mut c: Command, delay: Duration) -> Ended {
    c.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn tokenctl");
    std::thread::sleep(delay);
    // Sends SIGKILL; harmless when the child already exited (it is not reaped yet).
    let _ = child.kill();
    let out = child.wait_with_output().expect("reap tokenctl");
    env.assert_no_leak(&out.stdout, "stdout", &[]);
    env.assert_no_leak(&out.stderr, "stderr", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "tokenctl panicked: {stderr}");
    match out.status.signal() {
        Some(9) => Ended {
            code: None,
            stdout: out.stdout,
            stderr,
        },
        Some(sig) => panic!("tokenctl died of signal {sig}: {stderr}"),
        None => Ended {
            code: out.status.code(),
            stdout: out.stdout,
            stderr,
        },
    }
}

/// Whether `secret list` unlocks with the passphrase in `file`: exit 0 or 3, nothing else.
fn unlocks_with(env: &TestEnv, file: &std::path::Path) -> bool {
    let mut c = raw_cmd(env, &["secret", "list"]);
    c.env("TOKENCTL_PASSPHRASE_FILE", file);
    let run = run_checked(env, c, &["secret", "list"]);
    match run.code() {
        0 => true,
        3 => {
            assert!(
                run.stderr().contains("wrong passphrase"),
                "{}",
                run.stderr()
            );
            false
        }
        other => panic!("secret list exited {other}: {}", run.stderr()),
    }
}

#[test]
fn sigkill_at_random_moments_loses_nothing_that_completed() {
    let kills_wanted = scale(40, 200);
    let mut env = TestEnv::init();
    let mut rng = Rng::new("crash");
    let new_pass = env.path("new-passphrase");

    // How long each operation takes here, so the kills spread over the whole run.
    let started = Instant::now();
    mint(&env, "calibrate", &[]);
    env.tk(&["token", "revoke", "calibrate", "--yes"])
        .run()
        .ok();
    env.tk(&["store", "passwd"])
        .env("TOKENCTL_NEW_PASSPHRASE", PASSPHRASE)
        .run()
        .ok();
    let window = (started.elapsed() / 3 * 3 / 2).max(Duration::from_millis(30));

    // id -> token for creates that exited 0; ids whose revoke exited 0;
    // ids whose revoke was killed (either state is fine).
    let mut created: HashMap<String, String> = HashMap::new();
    let mut revoked: HashSet<String> = HashSet::new();
    let mut maybe_revoked: HashSet<String> = HashSet::new();
    let mut killed_names: HashSet<String> = HashSet::new();
    let mut kills: HashMap<String, usize> = HashMap::new();
    let mut finished = 0usize;

    let mut iteration = 0;
    while kills.values().sum::<usize>() < kills_wanted {
        iteration += 1;
        assert!(
            iteration < kills_wanted * 20,
            "too few runs could be killed"
        );
        let active: Vec<&String> = created
            .keys()
            .filter(|id| !revoked.contains(*id) && !maybe_revoked.contains(*id))
            .collect();
        let op = match rng.below(3) {
            1 if !active.is_empty() => Op::Revoke,
            2 => Op::Passwd,
            _ => Op::Create,
        };
        let delay = Duration::from_micros(rng.below(window.as_micros() as usize) as u64);
        let name = format!("crash-{iteration}");
        let target = (op == Op::Revoke).then(|| active[rng.below(active.len())].clone());
        let next_pass = format!("canary-crash-pass-{iteration}-{}", rng.next());
        let c = match op {
            Op::Create => {
                let fmt = if iteration % 2 == 0 { "jwt" } else { "opaque" };
                raw_cmd(
                    &env,
                    &[
                        "token", "create", "--json", "--name", &name, "--format", fmt,
                    ],
                )
            }
            Op::Revoke => raw_cmd(
                &env,
                &["token", "revoke", target.as_deref().unwrap(), "--yes"],
            ),
            Op::Passwd => {
                env.canaries.push(next_pass.clone());
                std::fs::write(&new_pass, format!("{next_pass}\n")).unwrap();
                let mut c = raw_cmd(&env, &["store", "passwd"]);
                c.arg("--new-passphrase-file").arg(&new_pass);
                c
            }
        };
        let ended = run_and_kill(&env, c, delay);
        match ended.code {
            Some(code) => {
                assert_eq!(code, 0, "{op:?} exited {code}: {}", ended.stderr);
                finished += 1;
                match op {
                    Op::Create => {
                        let json: serde_json::Value =
                            serde_json::from_slice(&ended.stdout).unwrap();
                        created.insert(
                            json["id"].as_str().unwrap().to_string(),
                            json["token"].as_str().unwrap().to_string(),
                        );
                    }
                    Op::Revoke => {
                        revoked.insert(target.unwrap());
                    }
                    Op::Passwd => {
                        std::fs::write(&env.pass_file, format!("{next_pass}\n")).unwrap();
                    }
                }
            }
            None => {
                *kills.entry(format!("{op:?}")).or_default() += 1;
                match op {
                    Op::Create => {
                        killed_names.insert(name);
                    }
                    Op::Revoke => {
                        maybe_revoked.insert(target.unwrap());
                    }
                    Op::Passwd => {
                        // Exactly one of the old and the new passphrase works.
                        let old = unlocks_with(&env, &env.pass_file);
                        let new = unlocks_with(&env, &new_pass);
                        assert!(
                            old != new,
                            "after a killed passwd old works: {old}, new works: {new}"
                        );
                        if new {
                            std::fs::copy(&new_pass, &env.pass_file).unwrap();
                        }
                    }
                }
            }
        }
        // The store opens and is sound after every run, killed or not.
        env.tk(&["store", "check"]).run().ok();
    }
    eprintln!("{finished} runs finished, kills: {kills:?}");

    // Every create that exited 0 is there exactly once; every revoke that
    // exited 0 holds; the rest are whole records in one state or the other.
    let listed = env
        .tk(&["token", "list", "--json", "--status", "all"])
        .run()
        .ok()
        .json();
    let mut by_id: HashMap<String, serde_json::Value> = HashMap::new();
    for rec in listed.as_array().unwrap() {
        let id = rec["id"].as_str().unwrap().to_string();
        let name = rec["name"].as_str().unwrap();
        assert!(
            created.contains_key(&id) || killed_names.contains(name) || name == "calibrate",
            "a record nobody created: {rec}"
        );
        assert!(
            by_id.insert(id, rec.clone()).is_none(),
            "an id listed twice: {rec}"
        );
    }
    for (id, token) in &created {
        let rec = by_id
            .get(id)
            .unwrap_or_else(|| panic!("created token {id} was lost"));
        let run = env.tk(&["token", "verify", "--json", token]).run();
        if revoked.contains(id) {
            assert_eq!(rec["status"], "revoked", "{rec}");
            assert_eq!(run.expect(1).json()["reason"], "revoked");
        } else if maybe_revoked.contains(id) {
            let status = rec["status"].as_str().unwrap();
            assert!(status == "active" || status == "revoked", "{rec}");
            assert_eq!(run.code(), if status == "active" { 0 } else { 1 }, "{rec}");
        } else {
            assert_eq!(rec["status"], "active", "{rec}");
            run.ok();
        }
    }
    env.tk(&["store", "check"]).run().ok();
    // Hold a connection so the -wal survives for the scan too.
    let conn = env.sqlite();
    let _: i64 = conn
        .query_row("SELECT count(*) FROM tokens", [], |r| r.get(0))
        .unwrap();
    assert_files_clean(&env);
}
