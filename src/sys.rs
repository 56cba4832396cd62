//! The few calls into libc that std does not offer.
#![allow(unsafe_code)]

/// Make every file and directory this process creates private (umask 077).
pub fn restrict_umask() {
    // SAFETY: umask has no preconditions and cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

/// Ignore SIGXFSZ, so a write past the file-size limit (`ulimit -f`,
/// RLIMIT_FSIZE) fails with EFBIG, which SQLite reports as an I/O error
/// (exit 4), instead of the signal killing the process in the middle of a
/// command, possibly after a token was already printed.
pub fn ignore_file_size_signal() {
    // SAFETY: setting a signal's disposition to SIG_IGN runs no handler code
    // and has no preconditions.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// Keep secrets out of core dumps and away from debuggers: no core file
/// (RLIMIT_CORE 0) and not dumpable, which also stops other processes of
/// the same user from attaching with ptrace or reading /proc/PID/mem.
/// Best effort: a failure leaves the process as it was.
pub fn forbid_core_dumps() {
    let none = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: setrlimit reads the struct we pass; prctl with
    // PR_SET_DUMPABLE takes plain integers. Neither touches other memory.
    unsafe {
        libc::setrlimit(libc::RLIMIT_CORE, &none);
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

/// The effective user id.
pub fn euid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// The name of the effective user in the password database (getpwuid_r),
/// when it has one.
pub fn user_name() -> Option<String> {
    let mut buf = vec![0 as libc::c_char; 4096];
    // SAFETY: `pwd` is plain data that getpwuid_r fills in; `buf` outlives
    // every pointer it stores in `pwd`, and its length is passed with it.
    unsafe {
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(
            libc::geteuid(),
            &mut pwd,
            buf.as_mut_ptr(),
            buf.len(),
            &mut found,
        );
        if rc != 0 || found.is_null() || pwd.pw_name.is_null() {
            return None;
        }
        let name = std::ffi::CStr::from_ptr(pwd.pw_name).to_str().ok()?;
        (!name.is_empty()).then(|| name.to_string())
    }
}

/// The real user id.
pub fn uid() -> u32 {
    // SAFETY: getuid has no preconditions and cannot fail.
    unsafe { libc::getuid() }
}

/// Spawn `cmd` as the leader of a new session (setsid), so it has no
/// controlling terminal and no terminal signal (Ctrl-C, hang-up) reaches it.
pub fn spawn_in_new_session(
    cmd: &mut std::process::Command,
) -> std::io::Result<std::process::Child> {
    use std::os::unix::process::CommandExt;
    // SAFETY: the closure runs in the forked child before exec and calls
    // only setsid, which is async-signal-safe and touches no shared memory.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() == -1 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.spawn()
}

/// Point stdin, stdout and stderr at /dev/null, closing whatever they were
/// (for a detached process, the pipes it was started with).
pub fn stdio_to_dev_null() -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let null = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")?;
    for fd in 0..=2 {
        // SAFETY: dup2 on a valid open descriptor and a standard descriptor
        // number; it atomically replaces the latter and cannot touch memory.
        if unsafe { libc::dup2(null.as_raw_fd(), fd) } == -1 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}
