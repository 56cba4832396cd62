//! Many processes on one store at once: no write is lost, none is doubled,
//! every revocation holds, and the store stays sound.
//!
//! CI size: 8 processes x 8 tokens; `TOKENCTL_STRESS=full`: 16 x 50.

use std::collections::HashMap;
use std::process::Command;
use std::sync::Arc;

use serde_json::Value;

use crate::support::env::{raw_cmd, run_checked, Backend, Run, TestEnv};
use crate::support::store::assert_files_clean;
use crate::support::system::scale;
use crate::support::tokens::{assert_active, mint};

/// What one worker saw.
#[derive(Default)]
struct Tally {
    /// (id, name, token) of every token whose create exited 0.
    minted: Vec<(String, String, String)>,
    /// Ids whose revoke exited 0.
    revoked: Vec<String>,
    /// Commands that exited 4 with "busy, retry" and were retried.
    busy: usize,
}

/// Run `args` until it is not busy: exit 0 is returned; exit 4 with "busy,
/// retry" is counted and retried (at most 20 times); anything else fails.
fn until_not_busy(env: &TestEnv, args: &[&str], busy: &mut usize) -> Run {
    for _ in 0..20 {
        let run = run_checked(env, raw_cmd(env, args), args);
        if run.code() == 4 && run.stderr().contains("busy, retry") {
            *busy += 1;
            continue;
        }
        return run.expect(0);
    }
    panic!("{args:?} was busy 20 times in a row");
}

fn worker(env: &TestEnv, w: usize, per: usize) -> Tally {
    let mut t = Tally::default();
    for i in 0..per {
        let name = format!("w{w}-t{i}");
        let args = ["token", "create", "--json", "--name", &name];
        let created = until_not_busy(env, &args, &mut t.busy).json();
        let id = created["id"].as_str().unwrap().to_string();
        let token = created["token"].as_str().unwrap().to_string();
        // Read-your-writes across processes: the new token verifies at once.
        until_not_busy(env, &["token", "verify", &token], &mut t.busy);
        t.minted.push((id.clone(), name, token));
        until_not_busy(env, &["token", "revoke", &id, "--yes"], &mut t.busy);
        t.revoked.push(id);
    }
    t
}

#[test]
fn many_processes_minting_and_revoking_at_once_lose_nothing() {
    minting_and_revoking_at_once(TestEnv::init(), scale(8, 16), scale(8, 50));
}

/// The same on a store on PostgreSQL, as several machines would share it:
/// 16 processes at once, each minting, verifying and revoking.
#[test]
fn sixteen_processes_on_one_postgres_store_lose_nothing() {
    let Some(env) = TestEnv::on(Backend::Postgres) else {
        return;
    };
    env.init_store().ok();
    minting_and_revoking_at_once(env, 16, scale(4, 50));
}

fn minting_and_revoking_at_once(env: TestEnv, workers: usize, per: usize) {
    let env = Arc::new(env);
    let handles: Vec<_> = (0..workers)
        .map(|w| {
            let env = Arc::clone(&env);
            std::thread::spawn(move || worker(&env, w, per))
        })
        .collect();
    let tallies: Vec<Tally> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let busy: usize = tallies.iter().map(|t| t.busy).sum();
    eprintln!(
        "{workers} processes x {per} tokens: {busy} busy answer(s), each retried until it succeeded"
    );

    // Every minted id is in the store exactly once, and revoked.
    let listed = env
        .tk(&["token", "list", "--json", "--status", "all"])
        .run()
        .ok()
        .json();
    let mut seen: HashMap<String, Value> = HashMap::new();
    for rec in listed.as_array().unwrap() {
        let id = rec["id"].as_str().unwrap().to_string();
        assert!(
            seen.insert(id.clone(), rec.clone()).is_none(),
            "id {id} listed twice"
        );
    }
    let minted: Vec<&(String, String, String)> = tallies.iter().flat_map(|t| &t.minted).collect();
    assert_eq!(minted.len(), workers * per);
    assert_eq!(
        seen.len(),
        minted.len(),
        "the store has records nobody minted, or lost some"
    );
    let revoked: Vec<&String> = tallies.iter().flat_map(|t| &t.revoked).collect();
    assert_eq!(revoked.len(), workers * per);
    for (id, name, _) in &minted {
        let rec = seen
            .get(id)
            .unwrap_or_else(|| panic!("minted id {id} is not in the store"));
        assert_eq!(rec["name"], name.as_str());
        assert_eq!(rec["status"], "revoked", "{rec}");
    }
    // Every revoked token verifies as revoked, in a fresh process.
    for (_, _, token) in &minted {
        let run = env
            .tk(&["token", "verify", "--json", token])
            .run()
            .expect(1);
        assert_eq!(
            run.json(),
            serde_json::json!({"active": false, "reason": "revoked"})
        );
    }
    env.tk(&["store", "check"]).run().ok();
    env.tk(&["secret", "list"]).run().ok();
    if env.pg.is_none() {
        assert_files_clean(&env);
    }
}

#[test]
fn readers_and_a_passphrase_change_racing_never_see_a_broken_store() {
    // While verifiers and listers run, the passphrase changes back and forth:
    // every reader either unlocks (exit 0) or reports the passphrase it holds
    // as wrong (exit 3), never corruption, and the store stays sound.
    const OTHER: &str = "canary-second-passphrase-5d0c2b";
    let mut env = TestEnv::init();
    env.canaries.push(OTHER.into());
    let other = env.file("other-pass", format!("{OTHER}\n"));
    let env = Arc::new(env);
    let token = mint(&env, "steady", &[]);
    let rounds = scale(4, 20);
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..3)
        .map(|r| {
            let env = Arc::clone(&env);
            let stop = Arc::clone(&stop);
            let token = token.clone();
            std::thread::spawn(move || {
                let mut codes = Vec::new();
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    let args: Vec<&str> = if r % 2 == 0 {
                        vec!["token", "verify", &token]
                    } else {
                        vec!["token", "list", "--json"]
                    };
                    let run = run_checked(&env, raw_cmd(&env, &args), &args);
                    codes.push((run.code(), run.stderr()));
                }
                codes
            })
        })
        .collect();
    let pass_file = env.pass_file.to_str().unwrap().to_string();
    let other = other.to_str().unwrap().to_string();
    for i in 0..rounds {
        let (from, to) = if i % 2 == 0 {
            (&pass_file, &other)
        } else {
            (&other, &pass_file)
        };
        let mut c: Command = raw_cmd(&env, &["store", "passwd"]);
        c.args(["--passphrase-file", from, "--new-passphrase-file", to]);
        run_checked(&env, c, &["store", "passwd"]).ok();
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for r in readers {
        for (code, stderr) in r.join().unwrap() {
            assert!(
                code == 0
                    || (code == 3 && stderr.contains("wrong passphrase"))
                    || (code == 4 && stderr.contains("busy, retry")),
                "a reader exited {code}: {stderr}"
            );
        }
    }
    if rounds % 2 == 1 {
        std::fs::copy(&other, &env.pass_file).unwrap();
    }
    assert_active(&env, &token, &[]);
    env.tk(&["store", "check"]).run().ok();
}

#[test]
fn a_write_lock_held_past_the_busy_timeout_is_exit_4_busy_and_nothing_is_minted() {
    let env = TestEnv::init();
    let token = mint(&env, "held", &[]);
    let list_before = env
        .tk(&["token", "list", "--json", "--status", "all"])
        .run()
        .ok()
        .stdout();
    // Another writer holds the write lock for longer than the busy timeout.
    let conn = env.sqlite();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    for args in [
        &["token", "create", "--name", "blocked"][..],
        &["token", "revoke", "held", "--yes"],
    ] {
        let run = env.tk(args).run();
        assert_eq!(run.code(), 4, "{args:?}: {}", run.stderr());
        assert!(run.stdout().is_empty(), "{args:?} printed {}", run.stdout());
        let err = run.stderr();
        assert!(err.contains("tokenctl: store is busy, retry"), "{err}");
        // The hint names the timeout tokenctl really waits (README: 10 s).
        let secs = tokenctl::store::BUSY_TIMEOUT.as_secs();
        assert!(
            err.contains(&format!(
                "hint: another tokenctl process held the store past the {secs} s busy timeout"
            )),
            "{err}"
        );
    }
    // Readers are not blocked by a writer in WAL mode.
    assert_active(&env, &token, &[]);
    conn.execute_batch("ROLLBACK").unwrap();
    drop(conn);
    // Nothing happened: the op is absent, and a retry now succeeds.
    assert_eq!(
        env.tk(&["token", "list", "--json", "--status", "all"])
            .run()
            .ok()
            .stdout(),
        list_before
    );
    env.tk(&["token", "create", "--name", "blocked"]).run().ok();
    env.tk(&["token", "revoke", "held", "--yes"]).run().ok();
    env.tk(&["store", "check"]).run().ok();
}

crate::on_every_store! {
    fn racing_creates_of_one_name_leave_exactly_one_active_token(env: TestEnv) {
        env.init_store().ok();
        let env = Arc::new(env);
        let racers = scale(6, 16);
        let race = |args: Vec<String>| -> Vec<Run> {
            let handles: Vec<_> = (0..racers)
                .map(|_| {
                    let env = Arc::clone(&env);
                    let args = args.clone();
                    std::thread::spawn(move || {
                        let a: Vec<&str> = args.iter().map(String::as_str).collect();
                        run_checked(&env, raw_cmd(&env, &a), &a)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        };
        let args = |extra: &[&str]| -> Vec<String> {
            ["token", "create", "--json", "--name", "contested"]
                .iter()
                .chain(extra)
                .map(|s| s.to_string())
                .collect()
        };
        // Without --replace: one wins, the others are told the name is taken.
        let runs = race(args(&[]));
        let winners: Vec<&Run> = runs.iter().filter(|r| r.code() == 0).collect();
        assert_eq!(
            winners.len(),
            1,
            "{} creates of one name succeeded",
            winners.len()
        );
        for r in runs.iter().filter(|r| r.code() != 0) {
            assert_eq!(r.code(), 5, "{}", r.stderr());
            assert!(r.stdout().is_empty());
        }
        // With --replace: every one succeeds, and only the last one stays active.
        let runs = race(args(&["--replace"]));
        let mut ids = Vec::new();
        for r in &runs {
            ids.push(r.json()["id"].as_str().unwrap().to_string());
        }
        let all = env
            .tk(&["token", "list", "--json", "--status", "all"])
            .run()
            .ok()
            .json();
        let recs = all.as_array().unwrap();
        assert_eq!(recs.len(), racers + 1);
        let active: Vec<&Value> = recs.iter().filter(|r| r["status"] == "active").collect();
        assert_eq!(active.len(), 1, "{all}");
        for r in recs.iter().filter(|r| r["status"] != "active") {
            assert_eq!(r["status"], "revoked", "{r}");
            assert_eq!(r["revoke_reason"], "replaced", "{r}");
        }
        assert!(ids.contains(&active[0]["id"].as_str().unwrap().to_string()));
        env.tk(&["store", "check"]).run().ok();
    }
}
