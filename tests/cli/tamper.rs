//! Editing the SQLite file without the key is detected (exit 4), never accepted.

use std::fs;

use crate::support::env::TestEnv;

/// A store with three secrets, so rows can be swapped.
fn store_with_secrets() -> TestEnv {
    let env = TestEnv::init();
    env.tk(&["secret", "add", "alpha", "--generate"]).run().ok();
    env.tk(&["secret", "add", "beta", "--generate", "-a", "HS512"])
        .run()
        .ok();
    env
}

fn sealed_of(env: &TestEnv, name: &str) -> Vec<u8> {
    env.sqlite()
        .query_row("SELECT sealed FROM secrets WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .unwrap()
}

fn set_sealed(env: &TestEnv, name: &str, sealed: &[u8]) {
    let n = env
        .sqlite()
        .execute(
            "UPDATE secrets SET sealed = ?1 WHERE name = ?2",
            rusqlite::params![sealed, name],
        )
        .unwrap();
    assert_eq!(n, 1);
}

/// Every reading command now fails with exit 4 and says the store was tampered with.
fn assert_detected(env: &TestEnv) {
    env.tk(&["secret", "list"])
        .run()
        .expect(4)
        .stderr_has("tampered");
    let run = env.tk(&["store", "check"]).run().expect(4);
    assert!(run.stderr().contains("problem"), "{}", run.stderr());
    let json = env.tk(&["store", "check", "--json"]).run().expect(4).json();
    assert_eq!(json["ok"], false);
    assert!(!json["problems"].as_array().unwrap().is_empty());
}

#[test]
fn a_flipped_byte_in_a_sealed_value_is_detected() {
    let env = store_with_secrets();
    let mut sealed = sealed_of(&env, "alpha");
    for pos in [0, 30, sealed.len() - 1] {
        let original = sealed[pos];
        sealed[pos] ^= 0x40;
        set_sealed(&env, "alpha", &sealed);
        assert_detected(&env);
        sealed[pos] = original;
    }
    set_sealed(&env, "alpha", &sealed);
    env.tk(&["store", "check"]).run().ok();
}

#[test]
fn a_sealed_value_copied_to_another_row_is_detected() {
    let env = store_with_secrets();
    let alpha = sealed_of(&env, "alpha");
    set_sealed(&env, "beta", &alpha);
    assert_detected(&env);
}

#[test]
fn swapped_name_columns_are_detected() {
    let env = store_with_secrets();
    let conn = env.sqlite();
    conn.execute_batch(
        "UPDATE secrets SET name = 'tmp' WHERE name = 'alpha';
         UPDATE secrets SET name = 'alpha' WHERE name = 'beta';
         UPDATE secrets SET name = 'beta' WHERE name = 'tmp';",
    )
    .unwrap();
    drop(conn);
    assert_detected(&env);
}

#[test]
fn a_bumped_row_version_is_detected() {
    let env = store_with_secrets();
    env.sqlite()
        .execute(
            "UPDATE secrets SET version = version + 1 WHERE name = 'beta'",
            [],
        )
        .unwrap();
    assert_detected(&env);
}

#[test]
fn a_tampered_config_row_is_detected() {
    let env = store_with_secrets();
    let conn = env.sqlite();
    let mut sealed: Vec<u8> = conn
        .query_row("SELECT sealed FROM config", [], |r| r.get(0))
        .unwrap();
    sealed[40] ^= 1;
    conn.execute("UPDATE config SET sealed = ?1", [sealed])
        .unwrap();
    drop(conn);
    assert_detected(&env);
}

#[test]
fn a_sealed_row_from_another_store_with_the_same_passphrase_is_rejected() {
    let a = store_with_secrets();
    let b = store_with_secrets();
    let kid_b: String = b
        .sqlite()
        .query_row("SELECT kid FROM secrets WHERE name = 'alpha'", [], |r| {
            r.get(0)
        })
        .unwrap();
    // Move store b's row, kid and all, into store a under a fresh name.
    let row: (String, String, String, i64, Vec<u8>, i64) = b
        .sqlite()
        .query_row(
            "SELECT name, algorithm, created_at, version, sealed, seq FROM secrets WHERE kid = ?1",
            [&kid_b],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap();
    a.sqlite()
        .execute("DELETE FROM secrets WHERE name = 'alpha'", [])
        .unwrap();
    a.sqlite()
        .execute(
            "INSERT INTO secrets (kid, name, algorithm, created_at, version, sealed, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![kid_b, row.0, row.1, row.2, row.3, row.4, row.5],
        )
        .unwrap();
    assert_detected(&a);
}

#[test]
fn a_corrupt_header_is_exit_4_not_a_wrong_passphrase() {
    for column in ["salt", "wrapped_key", "store_id", "checksum"] {
        let env = TestEnv::init();
        let conn = env.sqlite();
        let mut v: Vec<u8> = conn
            .query_row(&format!("SELECT {column} FROM header"), [], |r| r.get(0))
            .unwrap();
        v[3] ^= 0x01;
        conn.execute(&format!("UPDATE header SET {column} = ?1"), [v])
            .unwrap();
        drop(conn);
        env.tk(&["secret", "list"])
            .run()
            .expect(4)
            .stderr_has("header is corrupt");
        env.tk(&["store", "info"]).run().expect(4);
    }
    let env = TestEnv::init();
    env.sqlite()
        .execute("UPDATE header SET kdf_iterations = 3", [])
        .unwrap();
    env.tk(&["secret", "list"])
        .run()
        .expect(4)
        .stderr_has("header is corrupt");
    let env = TestEnv::init();
    env.sqlite().execute("DELETE FROM header", []).unwrap();
    env.tk(&["secret", "list"])
        .run()
        .expect(4)
        .stderr_has("header row is missing");
}

#[test]
fn a_newer_format_is_refused_and_left_byte_for_byte_unchanged() {
    let env = store_with_secrets();
    env.sqlite()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = env.store_bytes();
    for args in [
        &["secret", "list"][..],
        &["store", "info"],
        &["store", "check"],
        &["secret", "add", "x", "--generate"],
    ] {
        env.tk(args)
            .run()
            .expect(4)
            .stderr_has("store format 99 is newer");
        assert_eq!(before, env.store_bytes(), "{args:?} changed the file");
    }
}

#[test]
fn a_file_that_is_not_a_store_is_exit_4() {
    let env = TestEnv::new();
    fs::create_dir_all(env.store.parent().unwrap()).unwrap();
    fs::write(&env.store, b"this is not an SQLite database at all, just text....................................................................").unwrap();
    env.tk(&["secret", "list"]).run().expect(4);
    env.tk(&["store", "info"]).run().expect(4);
    // An empty SQLite file (an interrupted init) says what to do.
    fs::remove_file(&env.store).unwrap();
    rusqlite::Connection::open(&env.store)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    env.tk(&["secret", "list"])
        .run()
        .expect(4)
        .stderr_has("not a tokenctl store");
}

#[test]
fn a_truncated_store_is_exit_4() {
    let env = store_with_secrets();
    let baseline = env.tk(&["secret", "list", "--json"]).run().ok().stdout();
    let bytes = env.store_bytes();
    for cut in [
        0,
        100,
        1000,
        bytes.len() / 2,
        bytes.len() - 4096,
        bytes.len() - 100,
    ] {
        fs::write(&env.store, &bytes[..cut]).unwrap();
        let run = env.tk(&["secret", "list", "--json"]).run();
        // Either exactly what it was (the cut missed every page in use) or a store error.
        let same = run.code() == 0 && run.stdout() == baseline;
        assert!(
            same || run.code() == 4,
            "cut at {cut}: exit {} {}",
            run.code(),
            run.stderr()
        );
    }
}
