//! CSV as RFC 4180 says (quotes only where needed, CRLF line ends), UTF-8, optionally with a
//! byte-order mark so Excel on Windows reads accents and € correctly.

use super::{Table, neutralize};
use std::io::Write;
use std::path::Path;

/// Why a CSV could not be written.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Csv { path: String, source: csv::Error },
}

/// Writes `table` to `out`: headers first, every cell neutralized against formula injection.
pub fn write_csv(table: &Table, out: impl Write, bom: bool) -> Result<(), csv::Error> {
    let mut out = out;
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(table.headers.iter().map(|h| neutralize(h).into_owned()))?;
    // RFC 4180: every record has the header's number of fields (a group title row is padded).
    let width = table.headers.len();
    for row in &table.rows {
        let cells = row
            .iter()
            .map(|c| neutralize(&crate::format::no_negative_zero(c.clone())).into_owned());
        let padding = std::iter::repeat_n(String::new(), width.saturating_sub(row.len()));
        w.write_record(cells.chain(padding))?;
    }
    w.flush()?;
    Ok(())
}

/// Writes the CSV to a file through a temporary file in the same folder, renamed into place,
/// so a crash never leaves half a file under the name the user chose.
pub fn save_csv(table: &Table, path: &Path, bom: bool) -> Result<(), CsvError> {
    let shown = path.display().to_string();
    let io = |source| CsvError::Io {
        path: shown.clone(),
        source,
    };
    let tmp = path.with_extension("csv.partial");
    let file = std::fs::File::create(&tmp).map_err(io)?;
    write_csv(table, std::io::BufWriter::new(file), bom).map_err(|source| CsvError::Csv {
        path: shown.clone(),
        source,
    })?;
    std::fs::rename(&tmp, path).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            headers: vec!["Plan".into(), "Premium".into()],
            rows: vec![
                vec!["BlueCrest, \"Gold\"".into(), "$1,642".into()],
                vec!["=HYPERLINK(\"x\")".into(), "-$274.11".into()],
                vec!["Line\nbreak".into(), "".into()],
            ],
        }
    }

    fn text(bom: bool) -> String {
        let mut buf = Vec::new();
        write_csv(&table(), &mut buf, bom).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn quotes_only_where_rfc_4180_needs_them_with_crlf_line_ends() {
        assert_eq!(
            text(false),
            "Plan,Premium\r\n\"BlueCrest, \"\"Gold\"\"\",\"$1,642\"\r\n\"'=HYPERLINK(\"\"x\"\")\",-$274.11\r\n\"Line\nbreak\",\r\n"
        );
    }

    #[test]
    fn the_excel_option_starts_with_a_byte_order_mark() {
        assert!(text(true).starts_with('\u{feff}'));
        assert!(!text(false).starts_with('\u{feff}'));
    }

    #[test]
    fn a_saved_file_reads_back_with_the_csv_reader() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        save_csv(&table(), &path, false).unwrap();
        let mut r = csv::Reader::from_path(&path).unwrap();
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(&rows[0][0], "BlueCrest, \"Gold\"");
        assert_eq!(&rows[1][0], "'=HYPERLINK(\"x\")");
        assert!(!dir.path().join("t.csv.partial").exists());
    }
}
