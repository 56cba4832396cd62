//! The access log: one JSON line per request on stderr. A request appends
//! its line to a buffer; a thread of its own writes the buffer out a few
//! times a second, so a request never waits for a write to a terminal, a
//! pipe or journald, and never wakes another thread.

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use serde::Serialize;

/// How often the buffer is written out.
const EVERY: Duration = Duration::from_millis(100);
/// A buffer this full is written out by the request that filled it, so a
/// stalled stderr slows the server instead of filling its memory.
const FULL: usize = 1 << 20;

/// One request, as the access log records it: never a token or a
/// credential, only what identifies the request.
#[derive(Serialize)]
pub struct Line<'a> {
    /// When it was answered, RFC 3339 UTC.
    pub time: &'a str,
    /// The HTTP method.
    pub method: &'a str,
    /// The path, control characters dropped, at most 200 characters.
    pub path: &'a str,
    /// The status answered.
    pub status: u16,
    /// How long the answer took.
    pub duration_ms: f64,
    /// The peer's address and port.
    pub remote: &'a str,
    /// The client that authenticated (or tried to), if any.
    pub client: Option<&'a str>,
    /// `active`, the reason a token is not, or what went wrong.
    pub result: Option<&'a str>,
    /// The record id of the token introspected, if it names one.
    pub token_id: Option<&'a str>,
}

#[derive(Default)]
struct Shared {
    buffer: Mutex<(Vec<u8>, bool)>,
    stopped: Condvar,
}

/// Where request lines go: a buffer a thread writes out, or nowhere
/// (`--quiet`).
#[derive(Clone)]
pub struct AccessLog {
    shared: Option<Arc<Shared>>,
}

/// The writer thread, to be stopped once the server is done.
pub struct Writer {
    shared: Arc<Shared>,
    thread: JoinHandle<()>,
}

impl AccessLog {
    /// A log written to stderr by a new thread.
    pub fn start() -> std::io::Result<(AccessLog, Writer)> {
        let shared = Arc::new(Shared::default());
        let thread = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("access-log".into())
                .spawn(move || write_out(&shared))?
        };
        Ok((
            AccessLog {
                shared: Some(Arc::clone(&shared)),
            },
            Writer { shared, thread },
        ))
    }

    /// A log that writes nothing.
    pub fn off() -> AccessLog {
        AccessLog { shared: None }
    }

    /// Whether lines are written at all.
    pub fn on(&self) -> bool {
        self.shared.is_some()
    }

    /// Append `line`.
    pub fn write(&self, line: &Line<'_>) {
        let Some(shared) = &self.shared else {
            return;
        };
        let mut guard = shared.buffer.lock().unwrap_or_else(PoisonError::into_inner);
        let buffer = &mut guard.0;
        // Serializing borrowed strings and numbers cannot fail.
        if serde_json::to_writer(&mut *buffer, line).is_ok() {
            buffer.push(b'\n');
        }
        if buffer.len() >= FULL {
            let _ = std::io::stderr().write_all(buffer);
            buffer.clear();
        }
    }
}

impl Writer {
    /// Write every line so far, then end the thread.
    pub fn stop(self) {
        self.shared
            .buffer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .1 = true;
        self.shared.stopped.notify_one();
        let _ = self.thread.join();
    }
}

fn write_out(shared: &Shared) {
    let mut out = Vec::new();
    loop {
        let stop = {
            let guard = shared.buffer.lock().unwrap_or_else(PoisonError::into_inner);
            let (mut guard, _) = shared
                .stopped
                .wait_timeout_while(guard, EVERY, |(_, stop)| !*stop)
                .unwrap_or_else(PoisonError::into_inner);
            std::mem::swap(&mut guard.0, &mut out);
            guard.1
        };
        if !out.is_empty() {
            let _ = std::io::stderr().write_all(&out);
            out.clear();
        }
        if stop {
            return;
        }
    }
}
