//! Finding the header row (below titles, notes, key rows) and the data extent (above a
//! totals row or trailing notes).

use super::cell::CellValue;
use super::mapping::{Field, Kind, normalise};
use super::source::SheetData;
pub use super::source::is_total_label;

/// Rows searched for the header.
const HEADER_SCAN_ROWS: usize = 40;

/// Where the table sits in a sheet (0-based rows; `data_end` exclusive).
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub header_row: usize,
    pub data_start: usize,
    pub data_end: usize,
    pub headers: Vec<String>,
    /// Sheet row and column of the used range's first cell (0-based).
    pub first_row: usize,
    pub first_col: usize,
}

impl Layout {
    /// The row number a spreadsheet shows for row `i` of the used range.
    pub fn sheet_row(&self, i: usize) -> usize {
        self.first_row + i + 1
    }

    /// The column letter a spreadsheet shows for column `i` of the used range.
    pub fn sheet_column(&self, i: usize) -> String {
        column_letter(self.first_col + i)
    }
}

/// Text cells whose normalised text some field of some kind recognises by `matches`.
fn field_hits(cells: &[CellValue], matches: impl Fn(&str) -> bool) -> usize {
    cells
        .iter()
        .filter_map(|c| match c {
            CellValue::Text(s) => Some(normalise(s)),
            _ => None,
        })
        .filter(|n| matches(n))
        .count()
}

/// Every field's name and synonyms over all kinds, normalised, gathered once: a header row is
/// checked cell by cell, and a line of a million fields must not walk every field per cell.
fn known_headers() -> &'static std::collections::HashSet<String> {
    static KNOWN: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    KNOWN.get_or_init(|| {
        Kind::ALL
            .iter()
            .flat_map(|k| k.fields().iter())
            .flat_map(|f: &Field| {
                f.synonyms
                    .iter()
                    .map(|s| s.to_string())
                    .chain(std::iter::once(normalise(f.name)))
            })
            .collect()
    })
}

/// Synonyms long enough to start a label with a note ("dateofbirthmmddyyyy").
fn label_stems() -> &'static [&'static str] {
    static STEMS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    STEMS.get_or_init(|| {
        let mut stems: Vec<&'static str> = Kind::ALL
            .iter()
            .flat_map(|k| k.fields().iter())
            .flat_map(|f: &Field| f.synonyms.iter().copied())
            .filter(|syn| syn.len() >= 4)
            .collect();
        stems.sort_unstable();
        stems.dedup();
        stems
    })
}

/// Cells that are a field's name or one of its synonyms.
fn synonym_hits(cells: &[CellValue]) -> usize {
    let known = known_headers();
    field_hits(cells, |n| known.contains(n))
}

fn header_score(cells: &[CellValue]) -> i64 {
    let text = cells
        .iter()
        .filter(|c| matches!(c, CellValue::Text(_)))
        .count() as i64;
    let other = cells
        .iter()
        .filter(|c| {
            matches!(
                c,
                CellValue::Number(_) | CellValue::Date(_) | CellValue::Bool(_)
            )
        })
        .count() as i64;
    if text < 1 {
        return i64::MIN;
    }
    // A lone text cell is a weak header (titles look like that too).
    let lone = if text == 1 { -2 } else { 0 };
    synonym_hits(cells) as i64 * 4 + text - other * 3 + lone
}

fn non_empty(cells: &[CellValue]) -> usize {
    cells
        .iter()
        .filter(|c| !matches!(c, CellValue::Empty))
        .count()
}

fn looks_like_header(cells: &[CellValue]) -> bool {
    let filled = non_empty(cells);
    filled >= 2
        && cells
            .iter()
            .all(|c| matches!(c, CellValue::Text(_) | CellValue::Empty))
        && synonym_hits(cells).max(label_hits(cells)) * 2 >= filled.min(6)
}

/// Cells that read as a field's label with more said after it, as templates write them:
/// "Date of Birth (MM/DD/YYYY)", "Relationship (EE, Spouse, Domestic Partner, or Child)".
fn label_hits(cells: &[CellValue]) -> usize {
    let stems = label_stems();
    field_hits(cells, |n| {
        stems
            .iter()
            .any(|syn| n.len() > syn.len() && n.starts_with(syn))
    })
}

/// Header labels: text of each cell, newlines folded, blanks named by column.
pub fn header_labels(cells: &[CellValue], width: usize, first_col: usize) -> Vec<String> {
    (0..width)
        .map(|i| {
            let label = cells.get(i).map(CellValue::display).unwrap_or_default();
            let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
            if label.is_empty() {
                format!("Column {}", column_letter(first_col + i))
            } else {
                label
            }
        })
        .collect()
}

/// Spreadsheet column letters: 0 → A, 26 → AA.
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Finds the header row and the data rows, or `None` when no row looks like a header.
pub fn detect(sheet: &SheetData) -> Option<Layout> {
    let height = sheet.height();
    let scan: Vec<Vec<CellValue>> = (0..height.min(HEADER_SCAN_ROWS))
        .map(|i| sheet.row(i))
        .collect();
    let (header_row, _) = scan
        .iter()
        .enumerate()
        .map(|(i, r)| (i, header_score(r)))
        .filter(|(_, s)| *s > i64::MIN)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
    let width = sheet.width();
    let (first_row, first_col) = sheet.origin();
    let headers = header_labels(&scan[header_row], width, first_col);
    let mut data_start = header_row + 1;
    // A second header-like row (human labels under machine keys, or units) is not data.
    while data_start < scan.len() && looks_like_header(&scan[data_start]) {
        data_start += 1;
    }
    let data_end = data_extent(sheet, data_start, width);
    Some(Layout {
        header_row,
        data_start,
        data_end,
        headers,
        first_row,
        first_col,
    })
}

fn data_extent(sheet: &SheetData, start: usize, width: usize) -> usize {
    let mut end = start;
    let mut blank_run = 0;
    for (offset, shape) in sheet.shapes_from(start).enumerate() {
        if shape.filled == 0 {
            blank_run += 1;
            continue;
        }
        if shape.total_label {
            break;
        }
        // A lone text cell after a gap is a note ("Source: …"), not a record.
        if blank_run > 0 && shape.filled == 1 && width >= 3 && shape.first_is_text {
            break;
        }
        blank_run = 0;
        end = start + offset + 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> SheetData {
        SheetData::Text(
            rows.iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect(),
        )
    }

    #[test]
    fn title_rows_above_the_header_are_skipped() {
        let s = sheet(&[
            &["Census export"],
            &[""],
            &["Employee ID", "Employer", "DOB"],
            &["001", "A", "1980-01-01"],
            &["002", "A", "1981-01-01"],
        ]);
        let l = detect(&s).unwrap();
        assert_eq!((l.header_row, l.data_start, l.data_end), (2, 3, 5));
    }

    #[test]
    fn totals_row_and_notes_end_the_data() {
        let s = sheet(&[
            &["Plan Code", "Tier", "Monthly Premium"],
            &["A", "EE", "500"],
            &["Total", "", "500"],
            &["B", "EE", "1"],
        ]);
        assert_eq!(detect(&s).unwrap().data_end, 2);
        let s = sheet(&[
            &["Plan Code", "Tier", "Monthly Premium"],
            &["A", "EE", "500"],
            &["", "", ""],
            &["Source: carrier renewal", "", ""],
        ]);
        assert_eq!(detect(&s).unwrap().data_end, 2);
    }

    #[test]
    fn machine_keys_row_then_labels_row_then_data() {
        let s = sheet(&[
            &["Employee Census", "", ""],
            &[
                "employer_assigned_family_id",
                "employee_relationship",
                "dob",
            ],
            &["Family ID", "Relationship", "Date of Birth"],
            &["F1", "self", "1980-01-01"],
        ]);
        let l = detect(&s).unwrap();
        assert_eq!(l.data_start, 3);
    }

    #[test]
    fn a_template_label_row_with_notes_under_the_keys_is_not_data() {
        let s = sheet(&[
            &["employee_relationship", "dob", "hire_date", "last_name"],
            &[
                "Relationship\n(EE, Spouse, Domestic Partner, or Child)",
                "Date of Birth (MM/DD/YYYY)",
                "Date of Hire (MM/DD/YYYY)",
                "Last Name (as on the ID card)",
            ],
            &["Employee", "1980-01-02", "2010-05-01", "Smith"],
        ]);
        let l = detect(&s).unwrap();
        assert_eq!((l.header_row, l.data_start), (0, 2));
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
    }

    #[test]
    fn empty_sheet_has_no_header() {
        assert_eq!(detect(&sheet(&[])), None);
    }
}
