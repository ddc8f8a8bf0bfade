//! Claims from a workbook (xlsx, xlsm, xlsb, xls, ods): the first visible sheet with a header,
//! found as any workbook's is (title rows above it, a totals row below), read whole through
//! calamine with the workbook importer's guards. A sheet holds at most 1,048,576 rows, so the
//! whole-sheet read stays bounded.

use super::ClaimsError;
use super::rows::{EachRow, RowReader, Value};
use crate::import::Source;
use crate::import::cell::CellValue;
use crate::import::layout::{self, Layout};
use crate::import::source::SheetData;
use std::path::Path;

/// True for a zip (xlsx, xlsm, xlsb, ods) or OLE (xls) file.
pub fn is_workbook(path: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 4];
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut magic));
    read.is_ok() && (magic == *b"PK\x03\x04" || magic == [0xD0, 0xCF, 0x11, 0xE0])
}

/// The header of the sheet a claims import would read (its first rows only).
pub fn headers(path: &Path) -> Result<Vec<String>, String> {
    let src = Source::open(path).map_err(|e| e.to_string())?;
    crate::import::sheet_headers(&src).map_err(|e| e.to_string())
}

/// A workbook's claims sheet, read.
pub struct WorkbookRows {
    data: SheetData,
    layout: Layout,
    sha256: String,
}

impl WorkbookRows {
    pub fn open(path: &Path, sheet: Option<&str>) -> Result<Self, String> {
        let src = Source::open(path).map_err(|e| e.to_string())?;
        let mut first_error = None;
        let chosen = src
            .sheets
            .iter()
            .filter(|s| sheet.map_or(!s.hidden, |name| s.name == name));
        for sheet in chosen {
            match src.read_sheet(&sheet.name) {
                Ok(data) => {
                    if let Some(layout) = layout::detect(&data) {
                        return Ok(WorkbookRows {
                            data,
                            layout,
                            sha256: src.sha256.clone(),
                        });
                    }
                }
                Err(e) => {
                    first_error.get_or_insert(e.to_string());
                }
            }
        }
        Err(first_error.unwrap_or_else(|| "no sheet with a header row".into()))
    }
}

fn value(c: &CellValue) -> Value<'_> {
    match c {
        CellValue::Empty | CellValue::Error(_) => Value::Empty,
        CellValue::Text(t) => Value::Text(t),
        CellValue::Number(x) => Value::Number(*x),
        CellValue::Bool(b) => Value::Int(i64::from(*b)),
        CellValue::Date(d) => Value::Date(*d),
    }
}

impl RowReader for WorkbookRows {
    fn headers(&self) -> &[String] {
        &self.layout.headers
    }

    fn for_each_row(&mut self, each: &mut EachRow) -> Result<(), ClaimsError> {
        let l = &self.layout;
        let rows = self
            .data
            .rows_from(l.data_start)
            .take(l.data_end.saturating_sub(l.data_start));
        for (i, cells) in rows.enumerate() {
            let values: Vec<Value> = cells.iter().map(value).collect();
            each(l.sheet_row(l.data_start + i) as u64, &values)?;
        }
        Ok(())
    }

    fn sha256(&mut self) -> Result<String, String> {
        Ok(self.sha256.clone())
    }
}
