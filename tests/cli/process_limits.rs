//! The process itself: no core file and not dumpable (so its memory, keys
//! included, cannot be read by other processes of the same user), a KDF
//! that cannot get its memory is an error rather than an abort, and
//! `token verify --batch` holds a bounded amount of its input at a time.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::support::env::{raw_cmd, run_checked, TestEnv};
use crate::support::system::{rlimit_child, skip, wait_until_asleep, Unprivileged};
use crate::support::tokens::{b64, mint};

/// The core size limit the children start with, so that a tokenctl that
/// does not lower it is seen.
const CORE_LIMIT: u64 = 64 << 20;

/// Start `cmd` with a core limit and a stdin pipe it waits on, and wait
/// until it is blocked reading it.
fn waiting(mut cmd: Command, comm: &str) -> Child {
    rlimit_child(&mut cmd, libc::RLIMIT_CORE, CORE_LIMIT);
    let child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_until_asleep(child.id(), comm);
    child
}

/// The soft and hard core size limits in `/proc/PID/limits`.
fn core_limits(pid: u32) -> (String, String) {
    let limits = fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    let f: Vec<&str> = line.split_whitespace().collect();
    (f[4].to_string(), f[5].to_string())
}

fn environ_owner(pid: u32) -> u32 {
    fs::metadata(format!("/proc/{pid}/environ")).unwrap().uid()
}

#[test]
fn tokenctl_writes_no_core_and_is_not_dumpable() {
    let env = TestEnv::init();
    let user = match Unprivileged::new(&env) {
        Ok(u) => u,
        Err(why) => return skip(&why),
    };
    // Another program run the same way is dumpable, with the core limit
    // it was given: its /proc files belong to its user.
    let mut other = waiting(user.program("cat"), "cat");
    let lim = CORE_LIMIT.to_string();
    assert_eq!(core_limits(other.id()), (lim.clone(), lim));
    assert_eq!(environ_owner(other.id()), user.uid());
    other.kill().unwrap();
    other.wait().unwrap();

    // tokenctl waiting for a token on its stdin.
    let mut tk = waiting(user.cmd(&env, &["token", "verify", "-"]), "tokenctl");
    let (soft, hard) = core_limits(tk.id());
    let owner = environ_owner(tk.id());
    tk.kill().unwrap();
    tk.wait().unwrap();
    assert_eq!(
        (soft.as_str(), hard.as_str()),
        ("0", "0"),
        "core dumps stay on"
    );
    assert_eq!(
        owner, 0,
        "the process is dumpable (its /proc files are its user's)"
    );
}

#[test]
fn a_kdf_that_cannot_get_its_memory_is_exit_4_not_an_abort() {
    let env = TestEnv::init();
    let token = mint(&env, "t", &[]);
    // The largest memory the header may ask for, 4 GiB, with a valid
    // checksum; the process may have 1 GiB of address space.
    // The member's slot says how costly its passphrase's KDF is.
    env.attack("UPDATE members SET kdf_memory_kib = 4194304");
    for args in [
        &["secret", "list"][..],
        &["token", "verify", &token],
        &["token", "create", "--name", "more"],
        &["unlock"],
    ] {
        let mut cmd = raw_cmd(&env, args);
        rlimit_child(&mut cmd, libc::RLIMIT_AS, 1 << 30);
        let run = run_checked(&env, cmd, args);
        assert_eq!(
            run.output.status.signal(),
            None,
            "{args:?} was killed by a signal (SIGABRT is 6): {}",
            run.stderr()
        );
        let run = run.expect(4).stderr_has(
            "cannot allocate the 4096 MiB of memory the key derivation (Argon2id) needs",
        );
        assert_eq!(run.stdout(), "", "{args:?}");
    }
    let n: i64 = env
        .sqlite()
        .query_row("SELECT count(*) FROM tokens", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1, "a token was minted");
}

/// Streams `count` copies of a line into `tokenctl token verify --batch -`
/// from a writer thread, counts the lines that come out, and reports the
/// child's exit and peak resident size.
const BATCH_FEEDER: &str = r#"
import json, resource, subprocess, sys, threading

argv = json.loads(sys.argv[1])
line = sys.argv[2].encode() + b"\n"
count = int(sys.argv[3])
child = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)

def feed():
    try:
        for _ in range(count):
            child.stdin.write(line)
        child.stdin.close()
    except BrokenPipeError:
        pass

writer = threading.Thread(target=feed)
writer.start()
lines, first = 0, None
for out in child.stdout:
    lines += 1
    first = first or out.decode()
child.wait()
writer.join()
print(json.dumps({
    "code": child.returncode,
    "lines": lines,
    "first": first,
    "maxrss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"#;

#[test]
fn batch_verify_holds_a_bounded_part_of_its_input() {
    let env = TestEnv::init();
    // 8,192 lines of about 60 KiB, shaped header.payload.signature: 480 MiB
    // in all, all of which one chunk of 8,192 lines would hold. The header
    // is not JSON, so each line is refused cheaply once read.
    let line = format!(
        "{}.{}.{}",
        b64(b"not a JSON header"),
        b64(&vec![b'p'; 46_000]),
        b64(&[7; 32])
    );
    assert!(line.len() > 59 * 1024 && line.len() < 64 * 1024);
    let bin = assert_cmd::cargo::cargo_bin("tokenctl");
    let argv = [bin.to_str().unwrap(), "token", "verify", "--batch", "-"];
    let mut cmd = Command::new("python3");
    env.scrub(&mut cmd);
    let out = cmd
        .arg("-c")
        .arg(BATCH_FEEDER)
        .arg(serde_json::to_string(&argv).unwrap())
        .arg(&line)
        .arg("8192")
        .stdin(Stdio::null())
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "feeder failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["code"], 1, "{v}");
    assert_eq!(v["lines"], 8192, "{v}");
    assert_eq!(v["first"], "{\"active\":false,\"reason\":\"malformed\"}\n");
    let peak_mib = v["maxrss_kib"].as_u64().unwrap() / 1024;
    assert!(
        peak_mib < 256,
        "token verify --batch peaked at {peak_mib} MiB"
    );
}
