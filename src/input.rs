//! What the user hands tokenctl: files, standard input, batch lines,
//! tokens and passphrases, each read with a bound and cleaned the same way.

use std::fs::File;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};

use secrecy::SecretString;
use zeroize::Zeroizing;

use crate::token::MAX_TOKEN_LEN;

/// The largest passphrase, secret, claims or token input read at once.
pub const MAX_INPUT: usize = 64 * 1024;

/// Read at most `limit` bytes; more is an error, never a truncation.
pub fn read_bounded(reader: impl Read, limit: usize) -> io::Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::with_capacity(4096.min(limit + 1)));
    reader.take(limit as u64 + 1).read_to_end(&mut buf)?;
    if buf.len() > limit {
        return Err(io::Error::other(format!(
            "input is larger than {} KiB",
            limit / 1024
        )));
    }
    Ok(buf)
}

/// Read a whole file of at most [`MAX_INPUT`] bytes.
pub fn read_file(path: &Path) -> io::Result<Zeroizing<Vec<u8>>> {
    read_bounded(File::open(path)?, MAX_INPUT)
}

/// Read standard input to its end, at most [`MAX_INPUT`] bytes.
pub fn read_stdin() -> io::Result<Zeroizing<Vec<u8>>> {
    read_bounded(io::stdin().lock(), MAX_INPUT)
}

/// A file's contents, or standard input's for `-`.
pub fn read_file_or_stdin(path: &Path) -> io::Result<Zeroizing<Vec<u8>>> {
    if path.as_os_str() == "-" {
        read_stdin()
    } else {
        read_file(path)
    }
}

/// Strip one trailing newline (`\n` or `\r\n`), as shells and editors add.
pub fn strip_newline(bytes: &[u8]) -> &[u8] {
    match bytes.strip_suffix(b"\n") {
        Some(b) => b.strip_suffix(b"\r").unwrap_or(b),
        None => bytes,
    }
}

/// Read one line into `buf` (newline included). A line longer than
/// `limit` is consumed to its end without being held, and `buf` is left
/// empty. `None` at the end of the input, else whether the line fit.
pub fn read_line(
    input: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<Option<bool>> {
    buf.clear();
    let read = (&mut *input)
        .take(limit as u64 + 2)
        .read_until(b'\n', buf)?;
    if read == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') || buf.len() <= limit {
        return Ok(Some(true));
    }
    buf.clear();
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        if let Some(i) = chunk.iter().position(|&b| b == b'\n') {
            input.consume(i + 1);
            break;
        }
        let len = chunk.len();
        input.consume(len);
    }
    Ok(Some(false))
}

/// A batch's input: a file, or standard input for `-`.
pub fn open_lines(source: &Path) -> io::Result<Box<dyn BufRead>> {
    if source.as_os_str() == "-" {
        return Ok(Box::new(io::BufReader::new(io::stdin())));
    }
    Ok(Box::new(io::BufReader::with_capacity(
        256 * 1024,
        File::open(source)?,
    )))
}

/// A token as text: UTF-8, without surrounding ASCII white space (a token
/// followed by, say, a no-break space is not the token that was minted),
/// not empty and not over [`MAX_TOKEN_LEN`]. `Err` says why not.
pub fn token_text(bytes: &[u8]) -> Result<&str, String> {
    if bytes.len() > MAX_TOKEN_LEN + 2 {
        return Err(too_large());
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "the token is not UTF-8 text".to_string())?
        .trim_ascii();
    if text.is_empty() {
        return Err("the token is empty".into());
    }
    if text.len() > MAX_TOKEN_LEN {
        return Err(too_large());
    }
    Ok(text)
}

fn too_large() -> String {
    format!("the token is larger than {} KiB", MAX_TOKEN_LEN / 1024)
}

/// A token from an argument, or from standard input for `-` or nothing.
/// Reading a terminal that nobody typed into is refused rather than awaited.
pub fn read_token(arg: Option<&str>) -> Result<String, String> {
    let bytes: Zeroizing<Vec<u8>> = match arg {
        Some(t) if t != "-" => Zeroizing::new(t.as_bytes().to_vec()),
        _ => {
            if arg.is_none() && io::IsTerminal::is_terminal(&io::stdin()) {
                return Err("no token given: pass it as an argument or pipe it on stdin".into());
            }
            read_bounded(io::stdin().lock(), MAX_TOKEN_LEN + 2).map_err(|_| too_large())?
        }
    };
    token_text(&bytes).map(str::to_string)
}

/// Where a passphrase comes from, decided before anything is asked or read.
pub enum PassSource {
    /// A file; one trailing newline is stripped.
    File(PathBuf),
    /// An environment variable's value.
    Env(SecretString),
    /// A hidden prompt on the controlling terminal.
    Prompt,
}

/// The first passphrase source there is: a file named by `file` or by the
/// variable `file_var`, the value of `value_var`, else a prompt when
/// `can_ask` (a terminal is there). `None` when there is none.
pub fn passphrase_source(
    file: Option<&Path>,
    file_var: Option<&str>,
    value_var: &str,
    can_ask: bool,
) -> Option<PassSource> {
    if let Some(p) = file {
        return Some(PassSource::File(p.to_path_buf()));
    }
    if let Some(p) = file_var
        .and_then(std::env::var_os)
        .filter(|v| !v.is_empty())
    {
        return Some(PassSource::File(PathBuf::from(p)));
    }
    if let Some(s) = env_secret(value_var) {
        return Some(PassSource::Env(s));
    }
    can_ask.then_some(PassSource::Prompt)
}

/// An environment variable's value as a secret, or `None` when unset or empty.
pub fn env_secret(var: &str) -> Option<SecretString> {
    let v = Zeroizing::new(std::env::var(var).ok()?);
    (!v.is_empty()).then(|| SecretString::from(v.as_str()))
}

/// A passphrase from a file: one trailing newline stripped, UTF-8.
pub fn passphrase_from_file(path: &Path) -> Result<SecretString, String> {
    let bytes = read_file(path)
        .map_err(|e| format!("cannot read passphrase file {}: {e}", path.display()))?;
    let text = std::str::from_utf8(strip_newline(&bytes))
        .map_err(|_| format!("passphrase file {} is not UTF-8", path.display()))?;
    Ok(SecretString::from(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_one_newline() {
        assert_eq!(strip_newline(b"abc\n"), b"abc");
        assert_eq!(strip_newline(b"abc\r\n"), b"abc");
        assert_eq!(strip_newline(b"abc\n\n"), b"abc\n");
        assert_eq!(strip_newline(b"abc"), b"abc");
        assert_eq!(strip_newline(b"abc\r"), b"abc\r");
        assert_eq!(strip_newline(b""), b"");
    }

    #[test]
    fn bounded_reads_refuse_more_than_the_limit() {
        let big = vec![b'x'; MAX_INPUT + 1];
        assert!(read_bounded(&big[..], MAX_INPUT).is_err());
        let ok = vec![b'x'; MAX_INPUT];
        assert_eq!(read_bounded(&ok[..], MAX_INPUT).unwrap().len(), ok.len());
    }

    #[test]
    fn long_lines_are_skipped_whole() {
        let text = format!("short\n{}\nnext", "y".repeat(100));
        let mut input = io::Cursor::new(text.into_bytes());
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut input, &mut buf, 10).unwrap(), Some(true));
        assert_eq!(buf, b"short\n");
        assert_eq!(read_line(&mut input, &mut buf, 10).unwrap(), Some(false));
        assert!(buf.is_empty());
        assert_eq!(read_line(&mut input, &mut buf, 10).unwrap(), Some(true));
        assert_eq!(buf, b"next");
        assert_eq!(read_line(&mut input, &mut buf, 10).unwrap(), None);
    }

    #[test]
    fn token_text_trims_only_ascii_white_space() {
        assert_eq!(token_text(b"  abc\n").unwrap(), "abc");
        assert!(token_text("abc\u{a0}".as_bytes())
            .unwrap()
            .ends_with('\u{a0}'));
        assert!(token_text(b" \n").is_err());
        assert!(token_text(&[0xff]).is_err());
    }
}
