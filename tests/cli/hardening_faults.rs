//! Resource faults: a full disk (a small tmpfs, else RLIMIT_FSIZE) and a
//! read-only store (an unprivileged user, or a read-only bind mount). Writes
//! fail with a clear exit 4 and print no token; earlier data is intact;
//! reads of a read-only store still work.

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::env::{path_str, raw_cmd, run_checked, Run, TestEnv};
use crate::support::system::{euid, limit_child, open_up, skip, Mount, Unprivileged};
use crate::support::tokens::{assert_reason, mint, mint_json};

/// What the reading commands print, to compare before and after a fault.
#[derive(Debug, PartialEq)]
struct Snapshot {
    tokens: String,
    secrets: String,
    verified: Vec<(i32, String)>,
}

/// A store with an active JWT, an active opaque token and a revoked JWT;
/// returns the tokens.
fn populated() -> (TestEnv, Vec<String>) {
    let env = TestEnv::init();
    let jwt = mint(&env, "jwt", &["--subject", "s"]);
    let opaque = mint(&env, "opaque", &["--format", "opaque"]);
    let revoked = mint_json(&env, "revoked", &[])["token"]
        .as_str()
        .unwrap()
        .to_string();
    env.tk(&["token", "revoke", "revoked", "--yes"]).run().ok();
    (env, vec![jwt, opaque, revoked])
}

/// Run the reading commands through `run`, which builds and runs each.
fn snapshot(tokens: &[String], run: &mut dyn FnMut(&[&str]) -> Run) -> Snapshot {
    let tokens_out = run(&["token", "list", "--json", "--status", "all"])
        .ok()
        .stdout();
    let secrets = run(&["secret", "list", "--json"]).ok().stdout();
    let verified = tokens
        .iter()
        .map(|t| {
            let r = run(&["token", "verify", "--json", t]);
            (r.code(), r.stdout())
        })
        .collect();
    Snapshot {
        tokens: tokens_out,
        secrets,
        verified,
    }
}

fn snapshot_as_usual(env: &TestEnv, tokens: &[String]) -> Snapshot {
    snapshot(tokens, &mut |args| env.tk(args).run())
}

/// The writes a full or read-only store must refuse.
fn writes(new_pass: &Path) -> Vec<Vec<String>> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        s(&["token", "create", "--name", "refused"]),
        s(&[
            "token",
            "create",
            "--json",
            "--name",
            "refused-json",
            "--format",
            "opaque",
        ]),
        s(&["token", "revoke", "jwt", "--yes"]),
        s(&["secret", "add", "refused", "--generate"]),
        s(&[
            "store",
            "passwd",
            "--new-passphrase-file",
            path_str(new_pass),
        ]),
    ]
}

/// A refused write: exit 4, one `tokenctl:` line naming the problem, and no
/// token (nothing at all) on stdout.
#[track_caller]
fn assert_refused(run: &Run, why: &[&str]) {
    assert_eq!(run.code(), 4, "{:?}: {}", run.args, run.stderr());
    assert!(
        run.stdout().is_empty(),
        "{:?} printed {:?}",
        run.args,
        run.stdout()
    );
    let err = run.stderr();
    assert!(
        err.lines()
            .any(|l| l.starts_with("tokenctl: store") && why.iter().any(|w| l.contains(w))),
        "{:?}: {err}",
        run.args
    );
}

/// After the fault is gone: same data, sound store, the old passphrase.
fn assert_intact(env: &TestEnv, tokens: &[String], before: &Snapshot) {
    assert_eq!(&snapshot_as_usual(env, tokens), before);
    env.tk(&["store", "check"]).run().ok();
    let all = env
        .tk(&["token", "list", "--json", "--status", "all"])
        .run()
        .ok()
        .stdout();
    assert!(
        !all.contains("refused"),
        "a refused write left a record: {all}"
    );
}

/// Writes under a file-size limit: with no -shm yet (the open fails) and with
/// the -wal and -shm held open by another connection (the commit fails).
fn file_size_limit_refuses_writes() {
    let (env, tokens) = populated();
    let new_pass = env.file("new-pass", "canary-new-passphrase-for-faults\n");
    let before = snapshot_as_usual(&env, &tokens);
    for hold in [false, true] {
        let conn = hold.then(|| {
            let c = env.sqlite();
            let _: i64 = c
                .query_row("SELECT count(*) FROM tokens", [], |r| r.get(0))
                .unwrap();
            c
        });
        for args in writes(&new_pass) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let mut c = raw_cmd(&env, &args);
            limit_child(&mut c, Some(1024), None);
            let run = run_checked(&env, c, &args);
            // Killed by SIGXFSZ, there would be no exit code at all.
            assert_refused(&run, &["I/O error", "disk is full"]);
        }
        drop(conn);
        assert_intact(&env, &tokens, &before);
    }
}

#[test]
fn a_file_size_limit_fails_writes_with_exit_4_and_keeps_the_data() {
    file_size_limit_refuses_writes();
}

#[test]
fn a_full_filesystem_fails_writes_with_exit_4_and_keeps_the_data() {
    let mut env = TestEnv::new();
    let mnt = env.path("small-fs");
    let _mount = match Mount::tmpfs(&mnt, 1024 * 1024) {
        Ok(m) => m,
        Err(why) => {
            // A container without mount: the same promise through RLIMIT_FSIZE.
            eprintln!("no tmpfs ({why}); testing a full disk through RLIMIT_FSIZE instead");
            return file_size_limit_refuses_writes();
        }
    };
    env.store = mnt.join("data").join("store.db");
    env.init_store().ok();
    let jwt = mint(&env, "jwt", &[]);
    let opaque = mint(&env, "opaque", &["--format", "opaque"]);
    let tokens = vec![jwt, opaque];
    let new_pass = env.file("new-pass", "canary-new-passphrase-for-faults\n");
    let before = snapshot_as_usual(&env, &tokens);

    // Fill the filesystem to the last byte.
    let filler = mnt.join("filler");
    let mut f = fs::File::create(&filler).unwrap();
    let chunk = vec![0x5au8; 4096];
    loop {
        match f.write(&chunk) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                assert_eq!(e.raw_os_error(), Some(28), "filling: {e}");
                break;
            }
        }
    }
    while f.write(&[0]).is_ok_and(|n| n == 1) {}
    drop(f);

    for args in writes(&new_pass) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = env.tk(&args).run();
        assert_refused(&run, &["disk is full", "I/O error"]);
    }
    // Reads need room for the -shm file: they either work unchanged or fail
    // with exit 4, never with other data.
    for args in [
        &["token", "list", "--json", "--status", "all"][..],
        &["secret", "list", "--json"],
    ] {
        let run = env.tk(args).run();
        let expected = if args[0] == "token" {
            &before.tokens
        } else {
            &before.secrets
        };
        assert!(
            (run.code() == 0 && &run.stdout() == expected) || run.code() == 4,
            "{args:?} on a full disk: exit {} {}",
            run.code(),
            run.stderr()
        );
    }
    fs::remove_file(&filler).unwrap();
    assert_intact(&env, &tokens, &before);
    env.tk(&["token", "create", "--name", "after-space-returned"])
        .run()
        .ok();
}

#[test]
fn a_read_only_store_refuses_writes_and_still_serves_reads() {
    let mut ran = Vec::new();
    let mut why_not = Vec::new();

    // 1. An unprivileged user who can read but not write the store.
    let (env, tokens) = populated();
    match Unprivileged::new(&env) {
        Ok(user) => {
            let new_pass = env.file("new-pass", "canary-new-passphrase-for-faults\n");
            let before = snapshot_as_usual(&env, &tokens);
            open_up(&env, &env.store, 0o644);
            open_up(&env, &env.pass_file, 0o644);
            open_up(&env, &new_pass, 0o644);
            let data_dir = env.store.parent().unwrap();
            if user.uid() == euid() {
                // Not root: the owner's own store, made read-only by its modes.
                fs::set_permissions(&env.store, fs::Permissions::from_mode(0o444)).unwrap();
                fs::set_permissions(data_dir, fs::Permissions::from_mode(0o555)).unwrap();
            }
            let mut as_other = |args: &[&str]| run_checked(&env, user.cmd(&env, args), args);
            assert_eq!(
                snapshot(&tokens, &mut as_other),
                before,
                "reads as another user"
            );
            for args in writes(&new_pass) {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                assert_refused(&as_other(&args), &["read-only"]);
            }
            fs::set_permissions(data_dir, fs::Permissions::from_mode(0o700)).unwrap();
            fs::set_permissions(&env.store, fs::Permissions::from_mode(0o600)).unwrap();
            assert_intact(&env, &tokens, &before);
            ran.push("unprivileged user");
        }
        Err(why) => why_not.push(why),
    }

    // 2. A read-only bind mount, which binds root too.
    let (env, tokens) = populated();
    let new_pass = env.file("new-pass", "canary-new-passphrase-for-faults\n");
    let before = snapshot_as_usual(&env, &tokens);
    let ro_dir = env.path("ro");
    match Mount::read_only_bind(env.store.parent().unwrap(), &ro_dir) {
        Ok(mount) => {
            let ro_store = ro_dir.join("store.db");
            let mut on_ro = |args: &[&str]| env.tk(args).env("TOKENCTL_STORE", &ro_store).run();
            assert_eq!(
                snapshot(&tokens, &mut on_ro),
                before,
                "reads on a read-only mount"
            );
            for args in writes(&new_pass) {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                assert_refused(&on_ro(&args), &["read-only"]);
            }
            drop(mount);
            assert_intact(&env, &tokens, &before);
            ran.push("read-only bind mount");
        }
        Err(why) => why_not.push(why),
    }

    if ran.is_empty() {
        skip(&format!(
            "no way to make a store read-only: {}",
            why_not.join("; ")
        ));
    } else if !why_not.is_empty() {
        eprintln!(
            "ran with {ran:?}; not with the rest: {}",
            why_not.join("; ")
        );
    }
}

#[test]
fn a_reader_who_cannot_write_never_sees_a_state_older_than_the_last_commit() {
    // The owner has committed a revocation that is still only in the -wal.
    let (env, tokens) = populated();
    let user = match Unprivileged::new(&env) {
        Ok(u) if u.uid() != euid() => u,
        Ok(_) => return skip("not root: there is no second user to read the store"),
        Err(why) => return skip(&why),
    };
    open_up(&env, &env.store, 0o644);
    open_up(&env, &env.pass_file, 0o644);
    let conn = env.sqlite();
    let _: i64 = conn
        .query_row("SELECT count(*) FROM tokens", [], |r| r.get(0))
        .unwrap();
    env.tk(&["token", "revoke", "jwt", "--yes"]).run().ok();
    let [wal, shm] = ["-wal", "-shm"].map(|s| format!("{}{s}", env.store.display()));
    assert!(
        fs::metadata(&wal).unwrap().len() > 0,
        "the revocation is not in the -wal"
    );
    let verify = ["token", "verify", "--json", tokens[0].as_str()];
    // The -wal and -shm are readable (SQLite gives them the store's mode): the reader sees it.
    let run = run_checked(&env, user.cmd(&env, &verify), &verify).expect(1);
    assert_eq!(run.json()["reason"], "revoked");
    // They are not: refused, rather than the older state of the main file.
    for p in [&wal, &shm] {
        fs::set_permissions(p, fs::Permissions::from_mode(0o600)).unwrap();
    }
    let run = run_checked(&env, user.cmd(&env, &verify), &verify);
    assert_eq!(run.code(), 4, "{}", run.stderr());
    assert!(run.stderr().contains("-wal"), "{}", run.stderr());
    drop(conn);
    fs::set_permissions(&env.store, fs::Permissions::from_mode(0o600)).unwrap();
    assert_reason(&env, &tokens[0], &[], "revoked");
}
