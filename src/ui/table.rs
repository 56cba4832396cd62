//! Plain, borderless tables in the style of `gh` and `kubectl`.

use comfy_table::{presets, ContentArrangement, Table};

/// A table with `headers` and borderless layout, wrapped to the terminal when there is one.
pub fn new(headers: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().map(|h| h.to_uppercase()));
    // Left-align with one space between columns instead of comfy's default padding on both sides.
    for col in t.column_iter_mut() {
        col.set_padding((0, 2));
    }
    t
}

/// Add a row, each cell made safe for a terminal first (see [`super::clean`]).
pub fn add_row(table: &mut Table, cells: Vec<String>) {
    table.add_row(
        cells
            .iter()
            .map(|c| super::clean(c).into_owned())
            .collect::<Vec<_>>(),
    );
}

/// Render a table as text ending in a newline, with trailing spaces trimmed.
pub fn render(table: &Table) -> String {
    let mut out = String::new();
    for line in table.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
