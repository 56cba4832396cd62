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
