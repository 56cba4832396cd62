//! A store of format 7 (token records sealed as JSON, found by 32-byte text
//! and blob keys) migrates to the current format when it is first unlocked
//! (format 8 re-seals the records; 9 records whether the rows are in
//! creation order), in one transaction: every
//! record reads back as format 7 wrote it, every token keeps its verdict,
//! and a SIGKILL during the migration leaves one whole format, never a mix.
//!
//! The fixture (`tests/fixtures/format7`, made by `make-format7-store.sh`
//! with a format-7 build) holds tokens of every kind: active JWTs with
//! claims, opaque, production, EdDSA-signed, not yet valid, revoked,
//! replaced, expired, undelivered, signed by an older key version, and a
//! batch of 2,000; beside it, what the format-7 binary printed for them.
//!
//! CI size: 12 kills; `TOKENCTL_STRESS=full`: 60.

use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::env::{raw_cmd, TestEnv};
use crate::support::store::{format7_fixture as fixture, format7_store as format7};
use crate::support::system::{scale, Rng};
use tokenctl::store::current_version;

fn read(name: &str) -> String {
    fs::read_to_string(fixture(name)).unwrap()
}

fn user_version(env: &TestEnv) -> i64 {
    env.sqlite()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

/// The sizes of the sealed records, smallest and largest.
fn sealed_sizes(env: &TestEnv) -> (i64, i64) {
    env.sqlite()
        .query_row(
            "SELECT min(length(sealed)), max(length(sealed)) FROM tokens",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

/// The columns of the tokens table.
fn token_columns(env: &TestEnv) -> Vec<String> {
    let conn = env.sqlite();
    let mut stmt = conn
        .prepare("SELECT name FROM pragma_table_info('tokens')")
        .unwrap();
    let names = stmt.query_map([], |r| r.get(0)).unwrap();
    names.collect::<rusqlite::Result<_>>().unwrap()
}

const FORMAT7_COLUMNS: &[&str] = &[
    "id",
    "name",
    "status",
    "secret_kid",
    "token_hash",
    "created_at",
    "expires_at",
    "version",
    "sealed",
];
const FORMAT8_COLUMNS: &[&str] = &[
    "seq",
    "id",
    "id_key",
    "name",
    "status",
    "secret_kid",
    "token_hash",
    "hash_key",
    "created_at",
    "expires_at",
    "version",
    "sealed",
];

/// Every record and verdict is what format 7 printed, and the store checks sound.
fn assert_as_format7_left_it(env: &TestEnv) {
    let list = env
        .tk(&["token", "list", "--status", "all", "--json"])
        .run()
        .ok();
    assert_eq!(
        list.stdout(),
        read("list.json"),
        "token list --status all --json"
    );
    let tokens = fixture("tokens.txt");
    let verify = env
        .tk(&["token", "verify", "--batch", tokens.to_str().unwrap(), "-q"])
        .run()
        .expect(1);
    assert_eq!(
        verify.stdout(),
        read("verify.jsonl"),
        "token verify --batch"
    );
    let mut shown = String::new();
    for name in [
        "claims",
        "revoked",
        "undelivered",
        "expired",
        "rotated",
        "eddsa",
    ] {
        shown.push_str(
            &env.tk(&["token", "show", name, "--json"])
                .run()
                .ok()
                .stdout(),
        );
    }
    assert_eq!(shown, read("show.json"), "token show --json");
    let check = env.tk(&["store", "check"]).run().ok();
    assert_eq!(check.stdout(), "");
    assert_eq!(
        check.stderr(),
        "Store is sound: every record authenticated and SQLite's integrity check passed.\n"
    );
    assert_eq!(user_version(env), current_version());
    assert_eq!(token_columns(env), FORMAT8_COLUMNS);
    // The fixture's rows were written in creation order, and recorded so.
    let in_order: i64 = env
        .sqlite()
        .query_row("SELECT in_order FROM token_order", [], |r| r.get(0))
        .unwrap();
    assert_eq!(in_order, 1);
}

#[test]
fn a_format7_store_migrates_on_first_unlock_and_every_token_keeps_its_verdict() {
    let env = format7();
    let (json_min, _) = sealed_sizes(&env);
    let store_id: String = env
        .sqlite()
        .query_row("SELECT lower(hex(store_id)) FROM header", [], |r| r.get(0))
        .unwrap();
    let info = |version: i64, events: u64| {
        format!(
            "Path:            {}\nFormat version:  {version}\nStore id:        {store_id}\nKDF:             argon2id, 19 MiB, 2 passes, 1 lanes\nSecrets:         3\nTokens:          2012\nAudit events:    {events}\n",
            fs::canonicalize(&env.store).unwrap().display()
        )
    };
    // Opening without unlocking changes nothing: the records need the key.
    assert_eq!(env.tk(&["store", "info"]).run().ok().stdout(), info(7, 0));
    assert_eq!(user_version(&env), 7);
    assert_eq!(token_columns(&env), FORMAT7_COLUMNS);

    assert_as_format7_left_it(&env);
    assert_eq!(
        env.tk(&["store", "info"]).run().ok().stdout(),
        // The move to member slots is the log's first event.
        info(current_version(), 1)
    );
    // Every record was re-sealed in the compact encoding: the largest is
    // smaller than the smallest JSON one was.
    let (_, compact_max) = sealed_sizes(&env);
    assert!(
        compact_max < json_min,
        "largest record {compact_max} bytes, smallest JSON one {json_min}"
    );

    // The migrated store works: revoke, mint, find by prefix, rekey.
    env.tk(&["token", "revoke", "claims", "--yes", "-q"])
        .run()
        .ok();
    let claims = env
        .tk(&["token", "show", "claims", "--json"])
        .run()
        .ok()
        .json();
    assert_eq!(claims["status"], "revoked");
    let id = claims["id"].as_str().unwrap();
    // Prefixes found by a range of index keys, and by one key and a filter.
    for digits in [7, 20] {
        let shown = env
            .tk(&["token", "show", &id[..digits], "--json"])
            .run()
            .ok()
            .json();
        assert_eq!(shown["id"], claims["id"], "a {digits}-digit prefix");
    }
    let token = env
        .tk(&["token", "create", "--name", "after", "-q"])
        .run()
        .ok()
        .stdout();
    env.tk(&["token", "verify", token.trim(), "-q"]).run().ok();
    env.tk(&["store", "rekey", "-q"]).run().ok();
    env.tk(&["token", "verify", token.trim(), "-q"]).run().ok();
    env.tk(&["store", "check", "-q"]).run().ok();
}

#[test]
fn a_sigkill_during_the_migration_leaves_one_whole_format() {
    let mut rng = Rng::new("migration kills");
    let kills = scale(12, 60);
    let mut interrupted = 0;
    let mut completed = 0;
    for round in 0..kills {
        let env = format7();
        let args = ["token", "list", "--status", "all", "--json"];
        let mut c = raw_cmd(&env, &args);
        c.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = c.spawn().expect("spawn tokenctl");
        // The migration is the first write after unlocking: wait until a
        // write lock is held (this test's own attempt to take one is
        // busy), then kill at once or a moment later.
        let probe = env.sqlite();
        probe.busy_timeout(Duration::ZERO).unwrap();
        let started = Instant::now();
        let mut busy = false;
        while started.elapsed() < Duration::from_secs(20) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            match probe.execute_batch("BEGIN IMMEDIATE; ROLLBACK;") {
                Ok(()) => std::thread::sleep(Duration::from_micros(200)),
                Err(_) => {
                    busy = true;
                    break;
                }
            }
        }
        drop(probe);
        if busy {
            // Mostly at once or within 3 ms; every fourth kill up to 2 s
            // later, when the migration may have committed.
            let within = if round % 4 == 3 { 2_000_000 } else { 3_000 };
            std::thread::sleep(Duration::from_micros(rng.below(within) as u64));
        }
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        if out.status.signal() != Some(9) {
            assert!(out.status.success(), "exit {:?}: {stderr}", out.status);
        }
        // One whole format: the old table and version, or the new ones.
        let conn = env.sqlite();
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        drop(conn);
        match user_version(&env) {
            7 => {
                assert_eq!(token_columns(&env), FORMAT7_COLUMNS);
                if busy {
                    interrupted += 1;
                }
            }
            v if v == current_version() => {
                assert_eq!(token_columns(&env), FORMAT8_COLUMNS);
                completed += 1;
            }
            other => panic!("format version {other} after a kill"),
        }
        // Whatever was left opens, migrates and reads as format 7 wrote it.
        assert_as_format7_left_it(&env);
    }
    println!("{kills} kills: {interrupted} during the migration, {completed} after it");
    assert!(
        interrupted > 0,
        "no kill landed during the migration ({completed} after it)"
    );
}

#[test]
fn a_format8_store_records_on_opening_whether_its_rows_are_in_creation_order() {
    for moved in [false, true] {
        let env = TestEnv::init();
        crate::support::tokens::seconds_apart(&env, &["older", "newer", "newest"]);
        // Format 8, as an earlier build left it: no order flag; with
        // `moved`, the oldest row last, as a clock that went back leaves it.
        let conn = env.sqlite();
        if moved {
            conn.execute(
                "UPDATE tokens SET seq = (SELECT max(seq) + 1 FROM tokens) WHERE name = 'older'",
                [],
            )
            .unwrap();
        }
        // Format 10's tables go too. Its keyring does not (the header and
        // secrets stay in member-slot form), so past the keyless migration
        // this store cannot be unlocked: the real format-7 stores above
        // cover unlocking an old store.
        conn.execute_batch(
            "DROP TABLE token_order; DROP TABLE members; DROP TABLE access_keys;
             DROP TABLE secret_keys; ALTER TABLE sessions DROP COLUMN member;
             DROP TABLE audit; DROP TABLE audit_pending;
             PRAGMA user_version = 8;",
        )
        .unwrap();
        drop(conn);
        // Opening migrates (no key needed), even for a command that only reads.
        env.tk(&["store", "info"]).run().ok();
        assert_eq!(user_version(&env), current_version());
        let in_order: i64 = env
            .sqlite()
            .query_row("SELECT in_order FROM token_order", [], |r| r.get(0))
            .unwrap();
        assert_eq!(in_order, i64::from(!moved), "moved: {moved}");
    }
}
