//! File modes: the store, its -wal and -shm are 0600 and its directory 0700
//! even under umask 000, also for an unprivileged user (for whom modes
//! matter), and a store others can read is warned about.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::env::{mode, raw_cmd, run_checked, TestEnv};
use crate::support::system::{limit_child, skip, Unprivileged};

fn companions(store: &Path) -> [PathBuf; 2] {
    ["-wal", "-shm"].map(|s| PathBuf::from(format!("{}{s}", store.display())))
}

/// Start `c` again and again, SIGKILLing it ever later, until a kill leaves
/// the -wal and -shm that tokenctl itself created behind (a clean exit
/// removes them). Returns whether it did.
fn leave_companions_behind(mut make: impl FnMut() -> Command, store: &Path) -> bool {
    for attempt in 0..60u64 {
        for p in companions(store) {
            let _ = fs::remove_file(p);
        }
        let mut child = make()
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(2 + attempt));
        let _ = child.kill();
        let _ = child.wait();
        if companions(store).iter().all(|p| p.exists()) {
            return true;
        }
    }
    false
}

/// The modes of a store made and used under umask 000 by `run`.
fn check_private_under_umask_000(
    env: &TestEnv,
    mut make: impl FnMut(&[&str]) -> Command,
    owner: Option<u32>,
) {
    let mut init = make(&[
        "init",
        "--kdf-memory",
        "19",
        "--kdf-iterations",
        "2",
        "--kdf-parallelism",
        "1",
    ]);
    limit_child(&mut init, None, Some(0o000));
    run_checked(env, init, &["init"]).ok();
    let mut create = make(&["token", "create", "--name", "first"]);
    limit_child(&mut create, None, Some(0o000));
    run_checked(env, create, &["token", "create"]).ok();
    assert_eq!(mode(&env.store), 0o600);
    assert_eq!(mode(env.store.parent().unwrap()), 0o700);
    // The -wal and -shm as tokenctl itself creates them, under umask 000.
    let left = leave_companions_behind(
        || {
            let mut c = make(&["token", "list"]);
            limit_child(&mut c, None, Some(0o000));
            c
        },
        &env.store,
    );
    assert!(left, "no kill left the -wal and -shm behind");
    for p in companions(&env.store) {
        assert_eq!(mode(&p), 0o600, "{}", p.display());
        if let Some(uid) = owner {
            assert_eq!(fs::metadata(&p).unwrap().uid(), uid, "{}", p.display());
        }
    }
    // And after that crash the store is sound.
    run_checked(env, make(&["store", "check"]), &["store", "check"]).ok();
}

#[test]
fn store_wal_and_shm_are_private_under_umask_000() {
    let env = TestEnv::new();
    check_private_under_umask_000(&env, |args| raw_cmd(&env, args), None);
}

#[test]
fn store_wal_and_shm_are_private_for_an_unprivileged_user_under_umask_000() {
    let env = TestEnv::new();
    let user = match Unprivileged::new(&env) {
        Ok(u) => u,
        Err(why) => return skip(&why),
    };
    // That user needs a directory it can create the store's directory in.
    fs::set_permissions(env.dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
    fs::set_permissions(&env.pass_file, fs::Permissions::from_mode(0o644)).unwrap();
    let owner = user.uid();
    check_private_under_umask_000(&env, |args| user.cmd(&env, args), Some(owner));
    assert_eq!(fs::metadata(&env.store).unwrap().uid(), owner);
    // Modes matter for that user: another unprivileged user cannot read it.
    if owner == 65534 {
        let out = Command::new("setpriv")
            .args(["--reuid=65533", "--regid=65533", "--clear-groups", "cat"])
            .arg(&env.store)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(!out.success(), "another user could read the store");
    }
}

#[test]
fn a_store_or_companion_others_can_read_is_warned_about() {
    let env = TestEnv::init();
    let conn = env.sqlite();
    // A write that stays in the -wal while this connection is open (SQLite
    // itself resets the mode of an empty -wal to the store's).
    conn.execute_batch(
        "BEGIN; UPDATE header SET format = format + 1; UPDATE header SET format = format - 1; COMMIT;",
    )
    .unwrap();
    let [wal, shm] = companions(&env.store);
    assert!(fs::metadata(&wal).unwrap().len() > 0);
    for (file, loose) in [
        (&env.store, 0o604),
        (&env.store, 0o640),
        (&wal, 0o644),
        (&shm, 0o604),
    ] {
        fs::set_permissions(file, fs::Permissions::from_mode(loose)).unwrap();
        for args in [
            &["store", "info"][..],
            &["secret", "list"],
            &["token", "list"],
        ] {
            let run = env.tk(args).run().ok();
            let warning = run
                .stderr()
                .lines()
                .find(|l| l.starts_with("warning:") && l.contains(&file.display().to_string()))
                .unwrap_or_else(|| {
                    panic!(
                        "no warning for {} at {loose:o}: {}",
                        file.display(),
                        run.stderr()
                    )
                })
                .to_string();
            assert!(warning.contains(&format!("{loose:04o}")), "{warning}");
            assert!(warning.contains("chmod 600"), "{warning}");
        }
        fs::set_permissions(file, fs::Permissions::from_mode(0o600)).unwrap();
    }
    // Private again: no warning.
    let run = env.tk(&["store", "info"]).run().ok();
    assert!(!run.stderr().contains("warning:"), "{}", run.stderr());
}
