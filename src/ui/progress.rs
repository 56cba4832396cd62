//! Progress bars for long work, on stderr and only at a terminal.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar that draws only when stderr is a terminal (and is
/// silent otherwise), so scripts and logs see no control sequences.
pub struct Bar(Option<ProgressBar>);

/// A bar labelled `what`; its length is set by the first [`Bar::show`].
pub fn bar(what: &str) -> Bar {
    if !std::io::stderr().is_terminal() {
        return Bar(None);
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta} left)")
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message(what.to_string());
    Bar(Some(bar))
}

impl Bar {
    /// `done` of `total` so far.
    pub fn show(&self, done: u64, total: u64) {
        if let Some(b) = &self.0 {
            b.set_length(total);
            b.set_position(done);
        }
    }

    /// Remove the bar from the terminal.
    pub fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}
