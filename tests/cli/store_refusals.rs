//! Stores tokenctl refuses to open, leaving them exactly as they are:
//! another program's SQLite database, and a store that others could have
//! replaced or planted files beside (its directory or file writable by
//! other users, or owned by another user).

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::env::{path_str, TestEnv};
use crate::support::store::store_files;
use crate::support::system::{euid, skip};
use crate::support::tokens::{assert_active, mint};

/// Make `path` an SQLite database of another program.
fn foreign_database(path: &Path, sql: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::set_permissions(path.parent().unwrap(), fs::Permissions::from_mode(0o700)).unwrap();
    rusqlite::Connection::open(path)
        .unwrap()
        .execute_batch(sql)
        .unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o600)).unwrap();
}

#[test]
fn another_programs_database_is_refused_and_left_byte_for_byte_as_it_was() {
    for (what, sql, taken) in [
        (
            "a user_version of 1",
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
             INSERT INTO notes (body) VALUES ('keep me');
             PRAGMA user_version = 1;",
            // By its header alone, this is a store made before format 5.
            "a store already exists at",
        ),
        (
            "another application id",
            "PRAGMA application_id = 1196444487;
             CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY);
             PRAGMA user_version = 2;",
            "already exists and is another program's SQLite database",
        ),
    ] {
        let env = TestEnv::new();
        foreign_database(&env.store, sql);
        let before = env.store_bytes();
        for args in [
            &["store", "info"][..],
            &["token", "list"],
            &["secret", "list"],
            &["lock"],
        ] {
            let run = env
                .tk(args)
                .run()
                .expect(4)
                .stderr_has("is not a tokenctl store");
            assert_eq!(run.stdout(), "", "{what}: {args:?}");
            assert!(
                env.store_bytes() == before,
                "{what}: {args:?} changed the file"
            );
            assert_eq!(
                store_files(&env.store).len(),
                1,
                "{what}: {args:?} left files"
            );
        }
        env.init_store().expect(5).stderr_has(taken);
        assert!(env.store_bytes() == before, "{what}: init changed the file");
    }
}

#[test]
fn init_on_a_device_says_it_is_not_a_regular_file() {
    let env = TestEnv::new();
    env.init_store_with(&["--store", "/dev/zero"])
        .expect(5)
        .stderr_has("/dev/zero already exists and is not a regular file");
}

/// Every command that opens the store, for a store holding `token` named "t".
fn commands(token: &str) -> Vec<Vec<String>> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        s(&["store", "info"]),
        s(&["store", "check"]),
        s(&["store", "rekey"]),
        s(&["store", "passwd"]),
        s(&["token", "list"]),
        s(&["token", "create", "--name", "another"]),
        s(&["token", "verify", token]),
        s(&["token", "inspect", token]),
        s(&["token", "revoke", "t", "--yes"]),
        s(&["secret", "list"]),
        s(&["secret", "add", "more", "--generate"]),
        s(&["unlock"]),
        s(&["lock"]),
    ]
}

#[test]
fn a_store_others_could_have_replaced_is_refused_by_every_command() {
    if euid() != 0 {
        return skip("giving the store to another user needs root");
    }
    let env = TestEnv::init();
    let token = mint(&env, "t", &[]);
    let dir = env.store.parent().unwrap().to_path_buf();
    let store = env.store.clone();
    let chmod_dir = format!("`chmod 700 {}`", dir.display());
    let chmod_file = format!("`chmod 600 {}`", store.display());
    let chown = |p: &Path, uid: u32| std::os::unix::fs::chown(p, Some(uid), None).unwrap();
    let chmod = |p: &Path, m: u32| fs::set_permissions(p, fs::Permissions::from_mode(m)).unwrap();
    type Edit<'a> = Box<dyn Fn(bool) + 'a>;
    let cases: [(&str, &str, Edit); 4] = [
        (
            "is writable by other users (mode 0777)",
            &chmod_dir,
            Box::new(|on| chmod(&dir, if on { 0o777 } else { 0o700 })),
        ),
        (
            "belongs to another user (uid 65534)",
            &chmod_dir,
            Box::new(|on| chown(&dir, if on { 65534 } else { 0 })),
        ),
        (
            "is writable by other users (mode 0666)",
            &chmod_file,
            Box::new(|on| chmod(&store, if on { 0o666 } else { 0o600 })),
        ),
        (
            "belongs to another user (uid 65534)",
            &chmod_file,
            Box::new(|on| chown(&store, if on { 65534 } else { 0 })),
        ),
    ];
    for (why, hint, edit) in &cases {
        edit(true);
        let before = env.store_bytes();
        for args in commands(&token) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = env
                .tk(&args)
                .env("TOKENCTL_NEW_PASSPHRASE", "unused")
                .run()
                .expect(4)
                .stderr_has("refusing the store")
                .stderr_has(why)
                .stderr_has(hint);
            assert_eq!(run.stdout(), "", "{why}: {args:?}");
        }
        assert!(env.store_bytes() == before, "{why}: the store changed");
        edit(false);
        assert_active(&env, &token, &[]);
    }
    env.tk(&["store", "check"]).run().ok();
}

#[test]
fn init_into_a_directory_everyone_can_write_is_refused() {
    let env = TestEnv::new();
    let dir = env.path("shared");
    fs::create_dir(&dir).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o1777)).unwrap();
    let store = dir.join("store.db");
    env.init_store_with(&["--store", path_str(&store)])
        .expect(4)
        .stderr_has("is writable by other users (mode 1777)")
        .stderr_has(&format!("`chmod 700 {}`", dir.display()));
    assert!(!store.exists(), "a store was created");
}
