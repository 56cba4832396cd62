//! Once-only delivery, signals included.
//!
//! A token (or a session key) is recorded first and handed over second. If
//! the hand-over fails, is declined, or the process is interrupted,
//! terminated or hung up on in between, what was recorded is undone: the
//! token becomes `undelivered`, the session ends. One [`Delivery`] covers
//! that whole span for `token create`, `token create --batch` and `unlock`.
//!
//! SIGINT, SIGTERM and SIGHUP are caught from [`Delivery::begin`] on by a
//! thread that waits for them. While the record is being committed the
//! thread waits for the commit to finish, so a signal can never fall
//! between a commit and the undo it needs. It then undoes, says so on
//! stderr and exits with 128 + the signal's number (130 for Ctrl-C).

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::error::{Error, Result};

/// What undoes a recorded delivery, and how to say that it did.
pub(super) struct Undo {
    /// Undoes, and says what that achieved: "it was recorded as undelivered ...".
    run: Box<dyn FnOnce() -> Result<String> + Send>,
    /// What the user must do when undoing fails: "revoke it with ...".
    by_hand: String,
}

impl Undo {
    /// `run` undoes and says what it achieved; `by_hand` is what to do if it fails.
    pub(super) fn new(
        run: impl FnOnce() -> Result<String> + Send + 'static,
        by_hand: impl Into<String>,
    ) -> Undo {
        Undo {
            run: Box::new(run),
            by_hand: by_hand.into(),
        }
    }

    /// Undo, and say how that went.
    fn apply(self) -> String {
        match (self.run)() {
            Ok(done) => done,
            Err(e) => format!("it could not be undone ({}); {}", e.message(), self.by_hand),
        }
    }
}

enum State {
    /// Nothing recorded yet: a signal only ends the process.
    Idle,
    /// Recorded and not yet delivered: a signal undoes first.
    Pending(Undo),
    /// Undone by the command itself, which is on its way out with its own
    /// message and exit code: a signal changes nothing.
    Undone,
    /// Handed over: a signal has its usual effect.
    Delivered,
}

/// The span from recording something to handing it over.
pub(super) struct Delivery {
    state: Arc<Mutex<State>>,
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Delivery {
    /// Start catching SIGINT, SIGTERM and SIGHUP, for the rest of the process.
    pub(super) fn begin() -> Result<Delivery> {
        let state = Arc::new(Mutex::new(State::Idle));
        let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP])
            .map_err(|e| Error::store(format!("cannot watch for signals: {e}")))?;
        let watched = Arc::clone(&state);
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    on_signal(&watched, signal);
                }
            })
            .map_err(|e| Error::store(format!("cannot watch for signals: {e}")))?;
        Ok(Delivery { state })
    }

    /// Record with `commit`, which returns its result and how to undo it.
    /// A signal arriving meanwhile waits for `commit` to return.
    pub(super) fn record<T>(&self, commit: impl FnOnce() -> Result<(T, Undo)>) -> Result<T> {
        let mut state = lock(&self.state);
        let (value, undo) = commit()?;
        *state = State::Pending(undo);
        Ok(value)
    }

    /// The hand-over failed or was declined: undo now and say how it went.
    pub(super) fn undo(&self) -> String {
        match std::mem::replace(&mut *lock(&self.state), State::Undone) {
            State::Pending(undo) => undo.apply(),
            _ => "nothing had been recorded".into(),
        }
    }

    /// Hand `text` over on stdout; if it cannot be written, undo and fail
    /// with "could not write the WHAT", saying how the undoing went.
    pub(super) fn print(&self, text: &[u8], what: &str) -> Result<()> {
        let written = {
            let mut out = std::io::stdout().lock();
            out.write_all(text).and_then(|()| out.flush())
        };
        written.map_err(|e| {
            let how = self.undo();
            Error::delivery(format!("could not write the {what} ({e}); {how}"))
        })
    }

    /// Handed over: nothing is left to undo.
    pub(super) fn finish(&self) {
        let done = std::mem::replace(&mut *lock(&self.state), State::Delivered);
        drop(done);
    }
}

/// Act on one signal: undo what is pending and exit with 128 + its number.
fn on_signal(state: &Mutex<State>, signal: i32) {
    let mut state = lock(state);
    let outcome = match std::mem::replace(&mut *state, State::Undone) {
        State::Pending(undo) => Some(undo.apply()),
        State::Idle => None,
        State::Undone => return,
        State::Delivered => {
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            return;
        }
    };
    let what = match signal {
        SIGINT => "cancelled",
        SIGTERM => "terminated",
        _ => "hung up",
    };
    let mut err = std::io::stderr().lock();
    if err.is_terminal() {
        // A hidden-input prompt may have hidden the cursor.
        let _ = writeln!(err, "\x1b[?25h");
    }
    let _ = match outcome {
        Some(outcome) => writeln!(err, "tokenctl: {what}; {outcome}"),
        None => writeln!(err, "tokenctl: {what}"),
    };
    std::process::exit(128 + signal);
}
