//! The machine the tests run on: stress sizes, skips that fail under CI,
//! running the binary with limits or as an unprivileged user, watching a
//! process, a seeded random source, and mounts.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::env::TestEnv;

/// `TOKENCTL_STRESS=full` runs every loop at full size; a number multiplies
/// the CI size (never past full); unset is CI size.
fn stress() -> Option<String> {
    std::env::var("TOKENCTL_STRESS")
        .ok()
        .filter(|s| !s.is_empty())
}

/// Whether the loops run at full size.
pub fn full() -> bool {
    stress().as_deref() == Some("full")
}

/// A loop size: `ci` by default, `full` under `TOKENCTL_STRESS=full`, and
/// `ci * N` (at most `full`) under `TOKENCTL_STRESS=N`.
pub fn scale(ci: usize, full_size: usize) -> usize {
    match stress() {
        None => ci,
        Some(s) if s == "full" => full_size,
        Some(s) => match s.parse::<usize>() {
            Ok(n) => ci.saturating_mul(n.max(1)).min(full_size.max(ci)),
            Err(_) => panic!("TOKENCTL_STRESS must be 'full' or a number, not {s:?}"),
        },
    }
}

/// Whether this is a CI run (`CI=true`), where a missing capability fails
/// the test instead of skipping it.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Skip (print why and return) locally; fail under `CI=true`.
#[track_caller]
pub fn skip(why: &str) {
    assert!(!in_ci(), "CI=true and this test cannot run here: {why}");
    eprintln!("SKIPPED: {why}");
}

/// Whether `name` is an executable file on PATH.
pub fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|dir| dir.join(name).is_file()))
}

/// This process's effective uid (from /proc, so no unsafe libc call).
pub fn euid() -> u32 {
    fs::metadata("/proc/self").expect("stat /proc/self").uid()
}

/// Runs the binary as an unprivileged user, for whom file modes apply: the
/// current user when the tests do not run as root, else uid/gid 65534
/// through `setpriv`.
pub struct Unprivileged {
    bin: PathBuf,
    setpriv: bool,
}

const SETPRIV: [&str; 3] = ["--reuid=65534", "--regid=65534", "--clear-groups"];

impl Unprivileged {
    /// Set up for the scratch directory of `env`; `Err` says why it cannot be.
    /// When uid 65534 cannot reach the built binary (a checkout under a
    /// private home), a copy in the scratch directory is used.
    pub fn new(env: &TestEnv) -> Result<Unprivileged, String> {
        let bin = assert_cmd::cargo::cargo_bin("tokenctl");
        if euid() != 0 {
            return Ok(Unprivileged {
                bin,
                setpriv: false,
            });
        }
        let quiet = |c: &mut Command| {
            c.stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
        };
        match quiet(Command::new("setpriv").args(SETPRIV).arg("true")) {
            Ok(s) if s.success() => {}
            Ok(s) => return Err(format!("setpriv cannot drop to uid 65534 here ({s})")),
            Err(e) => return Err(format!("running as root and setpriv is unavailable ({e})")),
        }
        let runs = |b: &Path| {
            quiet(
                Command::new("setpriv")
                    .args(SETPRIV)
                    .arg(b)
                    .arg("--version"),
            )
            .is_ok_and(|s| s.success())
        };
        if runs(&bin) {
            return Ok(Unprivileged { bin, setpriv: true });
        }
        let copy = env.path("bin").join("tokenctl");
        fs::create_dir_all(copy.parent().unwrap()).unwrap();
        fs::copy(&bin, &copy).map_err(|e| format!("cannot copy the binary: {e}"))?;
        open_up(env, &copy, 0o755);
        if runs(&copy) {
            Ok(Unprivileged {
                bin: copy,
                setpriv: true,
            })
        } else {
            Err(format!(
                "uid 65534 cannot run {} nor a copy of it",
                bin.display()
            ))
        }
    }

    /// The uid the binary runs as.
    pub fn uid(&self) -> u32 {
        if self.setpriv {
            65534
        } else {
            euid()
        }
    }

    /// The binary, as that user, with the test environment of `env`.
    pub fn cmd(&self, env: &TestEnv, args: &[&str]) -> Command {
        let mut c = self.program(&self.bin);
        env.scrub(&mut c);
        c.args(args);
        c
    }

    /// Any program, as that user.
    pub fn program(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        if self.setpriv {
            let mut c = Command::new("setpriv");
            c.args(SETPRIV).arg(program);
            c
        } else {
            Command::new(program)
        }
    }
}

/// Make `p` and every directory between it and the scratch root reachable by
/// other users (the scratch root itself included).
pub fn open_up(env: &TestEnv, p: &Path, mode: u32) {
    fs::set_permissions(p, fs::Permissions::from_mode(mode)).unwrap();
    let mut dir = p.parent();
    while let Some(d) = dir {
        if !d.starts_with(env.dir.path()) {
            break;
        }
        let m = fs::metadata(d).unwrap().permissions().mode() & 0o777;
        fs::set_permissions(d, fs::Permissions::from_mode(m | 0o711)).unwrap();
        dir = d.parent();
    }
}

/// Limits for a child: a file-size limit in bytes (RLIMIT_FSIZE) and a umask.
#[allow(unsafe_code)]
pub fn limit_child(cmd: &mut Command, fsize: Option<u64>, umask: Option<u32>) {
    use std::os::unix::process::CommandExt;
    if let Some(bytes) = fsize {
        rlimit_child(cmd, libc::RLIMIT_FSIZE, bytes);
    }
    if let Some(mask) = umask {
        // SAFETY: the closure runs in the forked child before exec and only
        // calls umask, which is async-signal-safe.
        unsafe {
            cmd.pre_exec(move || {
                libc::umask(mask as libc::mode_t);
                Ok(())
            });
        }
    }
}

/// Set a resource limit (soft and hard) of a child before it runs, as
/// `prlimit` would: RLIMIT_CORE, RLIMIT_AS, ...
#[allow(unsafe_code)]
pub fn rlimit_child(cmd: &mut Command, resource: libc::__rlimit_resource_t, value: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: the closure runs in the forked child before exec and calls
    // only setrlimit, which is async-signal-safe and touches no memory
    // shared with the parent.
    unsafe {
        cmd.pre_exec(move || {
            let lim = libc::rlimit {
                rlim_cur: value as libc::rlim_t,
                rlim_max: value as libc::rlim_t,
            };
            if libc::setrlimit(resource, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// Wait until process `pid` runs as `comm` and is asleep (blocked, for
/// example reading a pipe), as seen three times in a row.
pub fn wait_until_asleep(pid: u32, comm: &str) {
    let proc = format!("/proc/{pid}");
    let mut asleep = 0;
    for _ in 0..500 {
        let name = fs::read_to_string(format!("{proc}/comm")).unwrap_or_default();
        let stat = fs::read_to_string(format!("{proc}/stat")).unwrap_or_default();
        let state = stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .next();
        asleep = if name.trim() == comm && state == Some("S") {
            asleep + 1
        } else {
            0
        };
        if asleep == 3 {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("{comm} (pid {pid}) never blocked");
}

/// A small seeded generator (xorshift64*), so a failing run can be repeated
/// with `TOKENCTL_SEED`.
pub struct Rng(u64);

impl Rng {
    /// Seeded from `TOKENCTL_SEED`, else the clock; prints the seed.
    pub fn new(what: &str) -> Rng {
        let seed = std::env::var("TOKENCTL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        eprintln!("{what}: TOKENCTL_SEED={seed}");
        Rng(seed | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A tmpfs mounted on a directory, unmounted on drop.
pub struct Mount(PathBuf);

impl Mount {
    /// Mount a tmpfs of `size` bytes on `dir`, or say why not.
    pub fn tmpfs(dir: &Path, size: u64) -> Result<Mount, String> {
        fs::create_dir_all(dir).unwrap();
        mount(&[
            "-t",
            "tmpfs",
            "-o",
            &format!("size={size},mode=0755"),
            "tmpfs",
            dir.to_str().unwrap(),
        ])?;
        Ok(Mount(dir.to_path_buf()))
    }

    /// A read-only bind mount of `src` on `dir`, or say why not.
    pub fn read_only_bind(src: &Path, dir: &Path) -> Result<Mount, String> {
        fs::create_dir_all(dir).unwrap();
        mount(&["--bind", src.to_str().unwrap(), dir.to_str().unwrap()])?;
        let m = Mount(dir.to_path_buf());
        mount(&["-o", "remount,bind,ro", dir.to_str().unwrap()])?;
        Ok(m)
    }
}

fn mount(args: &[&str]) -> Result<(), String> {
    succeed(
        Command::new("mount").args(args),
        &format!("mount {}", args.join(" ")),
    )
}

/// Run a helper program (stdin empty); `Err` says, in one line, that it
/// could not start or what it wrote on stderr when it failed (`what`
/// names it).
pub fn succeed(cmd: &mut Command, what: &str) -> Result<(), String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}
