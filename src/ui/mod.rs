//! What the user sees: output streams, prompts, tables and progress.

pub mod progress;
pub mod prompt;
pub mod table;

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};

use crate::error::{Error, Kind, Result};

/// Whether stdout is a terminal.
pub fn stdout_is_terminal() -> bool {
    io::stdout().is_terminal()
}

/// Map a failed write to stdout: a closed pipe ends the command quietly.
pub fn output_error(err: &io::Error) -> Error {
    if err.kind() == io::ErrorKind::BrokenPipe {
        Error::new(Kind::OutputClosed, "stdout was closed")
    } else {
        Error::store(format!("cannot write output: {err}"))
    }
}

/// Write `text` to stdout and flush it.
pub fn print_stdout(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| output_error(&e))
}

/// Print `value` as pretty JSON plus a newline on stdout, streamed: a
/// listing of 100,000 tokens is never held as one string.
pub fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value)
        .map_err(io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
        .map_err(|e| output_error(&e))
}

/// Print `items` as a pretty JSON array plus a newline, exactly as
/// [`print_json`] would, with the items encoded on every core.
pub fn print_json_array<T: serde::Serialize + Sync>(items: &[T]) -> Result<()> {
    let mut out = JsonArray::stdout();
    out.extend(items)?;
    out.finish()
}

/// A pretty JSON array written to stdout a chunk of items at a time, the
/// same bytes as [`print_json`] of the whole array: a listing streams
/// without ever being held whole.
pub struct JsonArray {
    out: io::BufWriter<io::StdoutLock<'static>>,
    empty: bool,
}

impl JsonArray {
    /// An array about to be written to stdout.
    pub fn stdout() -> Self {
        JsonArray {
            out: io::BufWriter::with_capacity(1 << 16, io::stdout().lock()),
            empty: true,
        }
    }

    /// Append `items`, encoded on every core.
    pub fn extend<T: serde::Serialize + Sync>(&mut self, items: &[T]) -> Result<()> {
        // Pieces small enough that every core gets some of each chunk.
        use rayon::prelude::*;
        let parts: Vec<_> = items.par_chunks(256).map(json_array_part).collect();
        let written = (|| -> io::Result<()> {
            for part in parts {
                let part = part.map_err(io::Error::from)?;
                if part.is_empty() {
                    continue;
                }
                // Every item starts with ",\n  "; the first drops its comma.
                if self.empty {
                    self.out.write_all(b"[")?;
                    self.out.write_all(&part[1..])?;
                    self.empty = false;
                } else {
                    self.out.write_all(&part)?;
                }
            }
            Ok(())
        })();
        written.map_err(|e| output_error(&e))
    }

    /// Close the array (`[]` if nothing was added) and flush.
    pub fn finish(mut self) -> Result<()> {
        let end: &[u8] = if self.empty { b"[]\n" } else { b"\n]\n" };
        self.out
            .write_all(end)
            .and_then(|()| self.out.flush())
            .map_err(|e| output_error(&e))
    }
}

/// Items as they appear inside a pretty array: each one after ",\n  ",
/// indented two more spaces.
fn json_array_part<T: serde::Serialize>(items: &[T]) -> serde_json::Result<Vec<u8>> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    // The items as a pretty array of their own, "[\n  a,\n  b\n]", are
    // indented as inside the whole array: its "[" becomes the leading
    // comma and its closing "\n]" goes.
    let mut buf = Vec::with_capacity(items.len() * 512);
    serde_json::to_writer_pretty(&mut buf, items)?;
    buf[0] = b',';
    buf.truncate(buf.len() - 2);
    Ok(buf)
}

/// Text from a token or a store made safe for a terminal: control
/// characters (escape sequences, line breaks, carriage returns) and the
/// invisible characters that reorder or hide text (bidirectional overrides,
/// zero-width marks) are written as escapes such as `\u{1b}` or `\n`, so
/// nothing a token carries can move the cursor, erase a line or forge one.
pub fn clean(s: &str) -> Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        c.is_control()
            || matches!(c,
                '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    }
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Informational messages on stderr, silenced by `--quiet`.
#[derive(Debug, Clone, Copy)]
pub struct Notes {
    quiet: bool,
}

impl Notes {
    /// Notes that print unless `quiet`.
    pub fn new(quiet: bool) -> Self {
        Notes { quiet }
    }

    /// Print one line on stderr unless quiet. A failed write is ignored:
    /// notes are never worth failing a command for.
    pub fn say(&self, line: impl AsRef<str>) {
        if !self.quiet {
            let _ = writeln!(io::stderr().lock(), "{}", clean(line.as_ref()));
        }
    }

    /// Print a warning on stderr, even when quiet.
    pub fn warn(&self, line: impl AsRef<str>) {
        let _ = writeln!(io::stderr().lock(), "warning: {}", clean(line.as_ref()));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn clean_escapes_what_could_forge_terminal_output() {
        assert_eq!(super::clean("plain text, é ✓"), "plain text, é ✓");
        assert_eq!(
            super::clean("a\nb\r\x1b[8m\u{202e}z\u{7f}"),
            "a\\nb\\r\\u{1b}[8m\\u{202e}z\\u{7f}"
        );
    }

    #[test]
    fn array_parts_match_serde_json_pretty() {
        let items = [
            json!({"a": 1, "b": [1, 2, {"c": "x\ny"}], "d": {}, "e": []}),
            json!({"z": null}),
            json!("s"),
        ];
        for n in 1..=items.len() {
            let parts = super::json_array_part(&items[..n]).unwrap();
            let ours = format!("[{}\n]", String::from_utf8(parts[1..].to_vec()).unwrap());
            assert_eq!(ours, serde_json::to_string_pretty(&items[..n]).unwrap());
        }
    }
}
