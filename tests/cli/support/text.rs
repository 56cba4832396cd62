//! Building the exact text a test expects: tables, and times or keys that
//! differ from run to run.

/// A borderless table as tokenctl draws one: every column as wide as its
/// widest cell plus two spaces, each line with its trailing spaces trimmed.
pub fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let line: String = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<width$}", width = w + 2))
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A table line's cells: the text between runs of two or more spaces.
pub fn cells(line: &str) -> Vec<&str> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

/// `text` with every `YYYY-MM-DDTHH:MM:SSZ` written as `<time>`.
pub fn mask_times(text: &str) -> String {
    let shape = |w: &[u8]| {
        w.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
    };
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes.len() - i >= 20 && shape(&bytes[i..i + 20]) {
            out.push_str("<time>");
            i += 20;
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// `text` with every session key (`tks_` and what follows) written as `<key>`.
pub fn mask_session_keys(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("tks_") {
        out.push_str(&rest[..at]);
        out.push_str("<key>");
        rest = rest[at..]
            .trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    }
    out.push_str(rest);
    out
}
