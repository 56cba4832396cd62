//! The few calls into libc that std does not offer.
#![allow(unsafe_code)]

/// Make every file and directory this process creates private (umask 077).
pub fn restrict_umask() {
    // SAFETY: umask has no preconditions and cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

/// The real user id.
pub fn uid() -> u32 {
    // SAFETY: getuid has no preconditions and cannot fail.
    unsafe { libc::getuid() }
}
