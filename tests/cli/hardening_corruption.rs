//! Corruption and tampering of the whole file: every byte flipped (or a
//! dense sample), truncation at many points, sealed rows and the header
//! swapped between stores with the same passphrase, and absurd KDF
//! parameters. Each read either behaves exactly as before or fails with exit
//! 3 or 4: never a panic, never other data accepted.
//!
//! CI size: the SQLite header and a sample of 300 positions, 24 cuts;
//! `TOKENCTL_STRESS=full`: every byte, a cut every 64 bytes.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use crate::support::env::{TestEnv, CANARY_SECRET};
use crate::support::store::{edit_header, header_checksum, store_files};
use crate::support::system::{full, scale, Rng};
use crate::support::tokens::{assert_active, mint, mint_json};

/// What one read printed, with its exit code.
type Outcome = (i32, String);

/// A small store: a canary secret, an active JWT, an active opaque token
/// and a revoked JWT, rewritten with 512-byte pages (so that flipping every
/// byte stays affordable) and checkpointed, with no -wal left.
struct Small {
    tokens: Vec<String>,
    bytes: Vec<u8>,
    /// Each read's outcome on the intact file.
    base: Vec<(Vec<String>, Outcome)>,
}

fn small_store() -> Small {
    let env = TestEnv::init();
    env.tk(&["secret", "add", "canary", "--from-env", "K"])
        .env("K", CANARY_SECRET)
        .run()
        .ok();
    let jwt = mint(&env, "jwt", &["--secret", "canary", "--subject", "s"]);
    let opaque = mint(&env, "opaque", &["--format", "opaque"]);
    let revoked = mint(&env, "revoked", &[]);
    env.tk(&["token", "revoke", "revoked", "--yes"]).run().ok();
    let conn = env.sqlite();
    conn.execute_batch(
        "PRAGMA wal_checkpoint(TRUNCATE);
         PRAGMA journal_mode = DELETE;
         PRAGMA page_size = 512;
         VACUUM;
         PRAGMA journal_mode = WAL;",
    )
    .unwrap();
    drop(conn);
    for p in store_files(&env.store).iter().skip(1) {
        assert_eq!(
            fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            0,
            "{} not empty",
            p.display()
        );
    }
    let bytes = env.store_bytes();
    env.tk(&["store", "check"]).run().ok();
    let tokens = vec![jwt, opaque, revoked];
    install(&env.store, &bytes);
    let base = baseline(&env, &tokens);
    assert_eq!(base.len(), 5);
    assert!(base.iter().all(|(_, o)| o.0 == 0 || o.0 == 1), "{base:?}");
    Small {
        tokens,
        bytes,
        base,
    }
}

/// The reads, as (args, for which token), so each position runs three.
fn reads(tokens: &[String], pos: usize) -> Vec<Vec<String>> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        s(&["token", "list", "--json", "--status", "all"]),
        s(&["secret", "list", "--json"]),
        s(&["token", "verify", "--json", &tokens[pos % tokens.len()]]),
    ]
}

fn read(env: &TestEnv, args: &[String]) -> Outcome {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = env.tk(&args).run();
    assert_ne!(run.code(), 101, "{args:?} panicked: {}", run.stderr());
    (run.code(), run.stdout())
}

/// Every read's outcome on the intact file, keyed by its arguments.
fn baseline(env: &TestEnv, tokens: &[String]) -> Vec<(Vec<String>, Outcome)> {
    let mut out: Vec<(Vec<String>, Outcome)> = Vec::new();
    for pos in 0..tokens.len() {
        for args in reads(tokens, pos) {
            if !out.iter().any(|(a, _)| a == &args) {
                let o = read(env, &args);
                out.push((args, o));
            }
        }
    }
    out
}

/// Put `bytes` in place as the whole store (no -wal, no -shm).
fn install(store: &Path, bytes: &[u8]) {
    for p in store_files(store).iter().skip(1) {
        let _ = fs::remove_file(p);
    }
    fs::write(store, bytes).unwrap();
}

/// Run the reads for `pos` against `damaged` and check each: as before, or
/// exit 3 or 4. A token lookup goes through the hash index and a miss is
/// not re-checked against the table (that would let anyone who submits
/// unknown tokens make each one cost a scan), so a damaged index may turn
/// an active token into a refused one (exit 1); then `store check` must
/// report the damage.
fn check_damaged(
    env: &TestEnv,
    tokens: &[String],
    base: &[(Vec<String>, Outcome)],
    damaged: &[u8],
    pos: usize,
    what: &str,
) {
    for args in reads(tokens, pos) {
        install(&env.store, damaged);
        let expected = &base.iter().find(|(a, _)| a == &args).unwrap().1;
        let got = read(env, &args);
        if got.0 == 1 && expected.0 == 0 && args[1] == "verify" {
            install(&env.store, damaged);
            let check = env.tk(&["store", "check"]).run();
            assert!(
                check.code() == 3 || check.code() == 4,
                "{what}: {args:?} refused an active token but `store check` exited {}:\n{}",
                check.code(),
                check.stderr()
            );
            continue;
        }
        assert!(
            &got == expected || got.0 == 3 || got.0 == 4,
            "{what}: {args:?} exited {} (before: {}) and printed\n{}\nbefore:\n{}",
            got.0,
            expected.0,
            got.1,
            expected.1
        );
    }
}

/// A copy of the small store in a scratch directory of its own, for a worker thread.
fn clone_env(small: &Small) -> TestEnv {
    let env = TestEnv::new();
    fs::create_dir_all(env.store.parent().unwrap()).unwrap();
    fs::write(&env.store, &small.bytes).unwrap();
    env
}

/// Run `check` for every item on two threads, each with its own copy of the store.
fn in_parallel(small: &Arc<Small>, items: Vec<usize>, check: fn(&TestEnv, &Small, usize)) {
    let items = Arc::new(items);
    let handles: Vec<_> = (0..2)
        .map(|t| {
            let small = Arc::clone(small);
            let items = Arc::clone(&items);
            std::thread::spawn(move || {
                let env = clone_env(&small);
                for i in items.iter().skip(t).step_by(2) {
                    check(&env, &small, *i);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

#[test]
fn every_flipped_byte_is_harmless_or_reported() {
    let small = small_store();
    let len = small.bytes.len();
    let positions: Vec<usize> = if full() {
        (0..len).collect()
    } else {
        // The 100-byte SQLite header, then an even spread with a random offset.
        let mut rng = Rng::new("byte flips");
        let sample = scale(300, len);
        let step = len / sample;
        let offset = rng.below(step.max(1));
        (0..100)
            .chain((100..len).skip(offset).step_by(step.max(1)))
            .collect()
    };
    eprintln!("flipping {} of {len} bytes", positions.len());
    let small = Arc::new(small);
    in_parallel(&small, positions, |env, small, pos| {
        let mut damaged = small.bytes.clone();
        // Vary the flip: single bits at every position, and all eight bits.
        damaged[pos] ^= [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff][pos % 9];
        check_damaged(
            env,
            &small.tokens,
            &small.base,
            &damaged,
            pos,
            &format!("byte {pos} flipped"),
        );
    });
}

#[test]
fn a_store_truncated_anywhere_is_harmless_or_reported() {
    let small = small_store();
    let len = small.bytes.len();
    let cuts: Vec<usize> = if full() {
        (0..len).step_by(64).chain([len - 1]).collect()
    } else {
        let mut rng = Rng::new("truncation");
        let mut c: Vec<usize> = vec![0, 1, 99, 100, 512, 513, len / 2, len - 512, len - 1];
        while c.len() < scale(24, 24) {
            c.push(rng.below(len));
        }
        c
    };
    let small = Arc::new(small);
    in_parallel(&small, cuts, |env, small, cut| {
        check_damaged(
            env,
            &small.tokens,
            &small.base,
            &small.bytes[..cut],
            cut,
            &format!("cut at {cut}"),
        );
    });
}

// ------------------------------------------------- swaps between stores

/// Two stores with the same passphrase, each with a secret and a token.
fn twin_stores() -> (TestEnv, TestEnv, serde_json::Value, serde_json::Value) {
    let a = TestEnv::init();
    let b = TestEnv::init();
    let ta = mint_json(&a, "shared-name", &[]);
    let tb = mint_json(&b, "shared-name", &[]);
    (a, b, ta, tb)
}

/// `token verify` of each token exits 4 (never 0, never 3), `token list`
/// exits 4 or, when `list_before` is given, prints exactly that (it reads no
/// row that was touched), and `store check` reports the problem.
#[track_caller]
fn assert_rejected_but_list(env: &TestEnv, tokens: &[&str], list_before: Option<&str>) {
    for t in tokens {
        let run = env.tk(&["token", "verify", "--json", t]).run();
        assert_eq!(run.code(), 4, "verify: {}", run.stderr());
    }
    let list = env
        .tk(&["token", "list", "--json", "--status", "all"])
        .run();
    match list_before {
        Some(before) if list.code() == 0 => assert_eq!(list.stdout(), before),
        _ => assert_eq!(list.code(), 4, "{}", list.stderr()),
    }
    env.tk(&["store", "check"]).run().expect(4);
}

#[track_caller]
fn assert_rejected(env: &TestEnv, tokens: &[&str]) {
    assert_rejected_but_list(env, tokens, None);
}

#[test]
fn a_token_row_moved_from_another_store_with_the_same_passphrase_is_rejected() {
    let (a, b, ta, tb) = twin_stores();
    // Store a's own row goes; b's row (id, hash and all) takes its place.
    let conn = a.sqlite();
    conn.execute("ATTACH DATABASE ?1 AS other", [b.store.to_str().unwrap()])
        .unwrap();
    conn.execute_batch(
        "DELETE FROM main.tokens; INSERT INTO main.tokens SELECT * FROM other.tokens; DETACH DATABASE other;",
    )
    .unwrap();
    drop(conn);
    assert_rejected(&a, &[tb["token"].as_str().unwrap()]);
    // The store it came from is untouched.
    assert_active(&b, tb["token"].as_str().unwrap(), &[]);
    let _ = ta;
}

#[test]
fn a_header_or_config_row_from_another_store_with_the_same_passphrase_is_rejected() {
    for table in ["header", "config"] {
        let (a, b, ta, tb) = twin_stores();
        let list_before = a
            .tk(&["token", "list", "--json", "--status", "all"])
            .run()
            .ok()
            .stdout();
        let cols = if table == "header" {
            "format, store_id, kdf, kdf_memory_kib, kdf_iterations, kdf_parallelism, salt, wrapped_key, checksum"
        } else {
            "version, sealed"
        };
        // Copy b's row over a's, through an attached database.
        let conn = a.sqlite();
        conn.execute("ATTACH DATABASE ?1 AS other", [b.store.to_str().unwrap()])
            .unwrap();
        conn.execute_batch(&format!(
            "DELETE FROM main.{table}; INSERT INTO main.{table} (id, {cols}) SELECT id, {cols} FROM other.{table};"
        ))
        .unwrap();
        conn.execute_batch("DETACH DATABASE other").unwrap();
        drop(conn);
        // A foreign config: the passphrase still opens a's keys, and b's
        // record does not authenticate under them (exit 4). A foreign header
        // binds a's member slots to b's store id: no slot opens (exit 3).
        if table == "config" {
            a.tk(&["secret", "list"])
                .run()
                .expect(4)
                .stderr_has("tampered");
        } else {
            a.tk(&["secret", "list"])
                .run()
                .expect(3)
                .stderr_has("wrong passphrase");
        }
        // token list reads no config; with a foreign header nothing authenticates.
        let tokens = [ta["token"].as_str().unwrap(), tb["token"].as_str().unwrap()];
        if table == "config" {
            assert_rejected_but_list(&a, &tokens, Some(&list_before));
        } else {
            // No slot opens: nothing is verified or listed.
            for token in tokens {
                a.tk(&["token", "verify", token]).run().expect(3);
            }
            a.tk(&["token", "list"]).run().expect(3);
        }
    }
}

#[test]
fn a_secret_sealed_value_put_in_a_token_row_is_rejected() {
    let env = TestEnv::init();
    let t = mint_json(&env, "victim", &[]);
    let conn = env.sqlite();
    let sealed: Vec<u8> = conn
        .query_row("SELECT sealed FROM secrets", [], |r| r.get(0))
        .unwrap();
    conn.execute("UPDATE tokens SET sealed = ?1", [sealed])
        .unwrap();
    drop(conn);
    assert_rejected(&env, &[t["token"].as_str().unwrap()]);
}

#[test]
fn swapping_two_token_records_sealed_values_is_rejected() {
    let env = TestEnv::init();
    let x = mint_json(&env, "x", &[]);
    let y = mint_json(&env, "y", &["--format", "opaque"]);
    let conn = env.sqlite();
    let get = |id: &str| -> Vec<u8> {
        conn.query_row("SELECT sealed FROM tokens WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
    };
    let (xid, yid) = (x["id"].as_str().unwrap(), y["id"].as_str().unwrap());
    let (xs, ys) = (get(xid), get(yid));
    conn.execute(
        "UPDATE tokens SET sealed = ?1 WHERE id = ?2",
        rusqlite::params![ys, xid],
    )
    .unwrap();
    conn.execute(
        "UPDATE tokens SET sealed = ?1 WHERE id = ?2",
        rusqlite::params![xs, yid],
    )
    .unwrap();
    drop(conn);
    assert_rejected(
        &env,
        &[x["token"].as_str().unwrap(), y["token"].as_str().unwrap()],
    );
}

// ------------------------------------------------- absurd KDF parameters

#[test]
fn the_checksum_reconstruction_matches_tokenctls() {
    // Without this, the tests below could pass on a checksum mismatch alone.
    let env = TestEnv::init();
    let conn = env.sqlite();
    let stored: Vec<u8> = conn
        .query_row("SELECT checksum FROM header", [], |r| r.get(0))
        .unwrap();
    assert_eq!(header_checksum(&conn), stored);
}

#[test]
fn absurd_kdf_parameters_are_refused_before_the_kdf_runs() {
    let token_env = TestEnv::init();
    let token = mint(&token_env, "t", &[]);
    for (column, value) in [
        ("kdf_memory_kib", 1i64 << 30),      // 1 TiB
        ("kdf_memory_kib", u32::MAX as i64), // 4 TiB
        ("kdf_memory_kib", 1i64 << 40),      // does not fit the field
        ("kdf_memory_kib", 1024),            // under the 19 MiB floor
        ("kdf_memory_kib", 0),
        ("kdf_memory_kib", -1),
        ("kdf_iterations", 1i64 << 31),
        ("kdf_iterations", 1),
        ("kdf_iterations", 0),
        ("kdf_parallelism", 0),
        ("kdf_parallelism", 1 << 24),
        ("kdf_parallelism", -4),
    ] {
        let env = TestEnv::init();
        let minted = mint(&env, "t", &[]);
        edit_header(&env, column, value);
        let what = format!("{column} = {value}");
        for args in [
            &["secret", "list"][..],
            &["store", "info"],
            &["store", "check"],
            &["token", "verify", &minted],
            &["token", "verify", &token],
            &["token", "create", "--name", "more"],
        ] {
            let run = env.tk(args).run();
            assert_eq!(run.code(), 4, "{what}: {args:?}: {}", run.stderr());
            assert!(
                run.stderr().contains("KDF parameters"),
                "{what}: {args:?}: {}",
                run.stderr()
            );
            assert!(run.stdout().is_empty(), "{what}: {args:?}");
        }
        let minted_more: i64 = env
            .sqlite()
            .query_row("SELECT count(*) FROM tokens WHERE name = 'more'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(minted_more, 0, "{what}: a token was minted");
    }
}

#[test]
fn a_flipped_byte_in_the_wal_does_not_undo_a_revocation() {
    // A revocation still in the -wal; one byte of its last frame flipped.
    // SQLite takes the damaged frame for an interrupted write and stops
    // reading the log before it, so the store looks as it was before the
    // revocation: sound, but behind what this machine saw, so refused.
    let env = TestEnv::init();
    let token = mint(&env, "victim", &[]);
    let conn = env.sqlite();
    let _: i64 = conn
        .query_row("SELECT count(*) FROM tokens", [], |r| r.get(0))
        .unwrap();
    env.tk(&["token", "revoke", "victim", "--yes"]).run().ok();
    let main = fs::read(&env.store).unwrap();
    let mut wal = fs::read(format!("{}-wal", env.store.display())).unwrap();
    let at = wal.len() - 100;
    wal[at] ^= 0x01;
    drop(conn);
    // The store's files, in place, as the damage leaves them.
    fs::write(&env.store, main).unwrap();
    fs::write(format!("{}-wal", env.store.display()), wal).unwrap();
    let _ = fs::remove_file(format!("{}-shm", env.store.display()));
    // This machine's record of the store says the log reached the revocation.
    let run = env.tk(&["token", "verify", "--json", &token]).run();
    assert_ne!(run.code(), 0, "a damaged -wal brought a revoked token back");
    run.expect(4).stderr_has("store rolled back");
}

// ------------------------------------------------- edited index columns on write paths

#[test]
fn an_edited_status_or_expiry_column_is_detected_by_the_commands_that_write() {
    // A token whose plain columns were edited to look revoked or expired:
    // minting its name again, or removing its secret with --revoke-tokens,
    // must report the tampering (exit 4), not skip the row.
    for edit in [
        "UPDATE tokens SET status = 'revoked'",
        "UPDATE tokens SET status = 'undelivered'",
        "UPDATE tokens SET expires_at = '2000-01-01T00:00:00Z'",
    ] {
        let env = TestEnv::init();
        env.tk(&["secret", "add", "s", "--generate"]).run().ok();
        let token = mint(&env, "taken", &["--secret", "s"]);
        env.sqlite().execute(edit, []).unwrap();
        let run = env.tk(&["token", "create", "--name", "taken"]).run();
        assert_eq!(run.code(), 4, "{edit}: create: {}", run.stderr());
        assert!(run.stdout().is_empty(), "{edit}: a token was printed");
        let run = env
            .tk(&["secret", "remove", "s", "--revoke-tokens", "--yes"])
            .run();
        assert_eq!(run.code(), 4, "{edit}: secret remove: {}", run.stderr());
        // Nothing changed: the secret is still there, and the tampering is reported.
        let n: i64 = env
            .sqlite()
            .query_row("SELECT count(*) FROM secrets WHERE name = 's'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(n, 1, "{edit}: the secret was removed");
        env.tk(&["token", "verify", &token]).run().expect(4);
    }
}
