//! Building the exact text a test expects: tables, and times or keys that
//! differ from run to run.

/// A table line's cells: the text between runs of two or more spaces.
pub fn cells(line: &str) -> Vec<&str> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}
