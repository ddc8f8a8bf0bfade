//! A table as it is shown, kept below the layers that make one (Compare, the workspace's
//! exports) and those that write one (CSV, workbooks); and its cells made safe for a
//! spreadsheet, which the importer undoes when it reads a package back.

use std::borrow::Cow;

/// A table as it is shown: headers and rows of display text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A cell made safe for a spreadsheet: text starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'` (OWASP's advice), so `=HYPERLINK(…)` stays text. Plain
/// numbers such as `-274.11` or `-$1,500` are left alone: a spreadsheet reads them as numbers,
/// never as formulas.
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if !risky || is_plain_number(cell) {
        return Cow::Borrowed(cell);
    }
    Cow::Owned(format!("'{cell}"))
}

/// The text as written before `neutralize`: one leading `'` dropped where `neutralize` put it,
/// so a share package read back gives peers' names as they were (`=Acme`, not `'=Acme`).
pub fn unneutralize(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if neutralize(rest).len() != rest.len() => rest,
        _ => cell,
    }
}

/// `-274.11`, `+8.50%`, `-$1,500`: a sign, an optional $, digits with separators, an optional %.
fn is_plain_number(cell: &str) -> bool {
    let body = cell
        .trim_start_matches(['+', '-'])
        .trim_start_matches('$')
        .trim_end_matches('%')
        .replace(',', "");
    !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.parse::<f64>().is_ok()
}
