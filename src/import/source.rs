//! Opening a workbook safely: sniff the real format, refuse bombs and encrypted files before
//! calamine sees them, list sheets, and read one sheet with a cell budget and panic guard.

use super::ImportError;
use super::cell::CellValue;
use calamine::{Data, Range, Reader, SheetVisible, Sheets};
use sha2::{Digest, Sha256};
use std::io::{BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Largest file we open (bigger files are almost surely not a census or rate sheet).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;
/// Largest total uncompressed size of a zip-based workbook.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 4 * 1024 * 1024 * 1024;
/// Largest compression ratio of any sizeable entry (zip bombs compress far better).
pub const MAX_COMPRESSION_RATIO: u64 = 100;
/// Most entries in a workbook zip.
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// Most cells of one sheet (a full 1,048,576-row sheet of 20 columns fits).
pub const MAX_CELLS: u64 = 40_000_000;
/// Most fields on one line of delimited text. A line of millions of fields is not a table,
/// and reading one as a table took minutes and gigabytes; a wide price file (a column per
/// payer and plan, 100,000 of them) is.
pub const MAX_COLUMNS: usize = 1_000_000;

/// The import's size limits. Each has a default above and can be changed for one run with an
/// environment variable (sizes in MB): `ALLIANCE_DESK_MAX_FILE_MB`,
/// `ALLIANCE_DESK_MAX_EXPANDED_MB`, `ALLIANCE_DESK_MAX_RATIO`, `ALLIANCE_DESK_MAX_PARTS`,
/// `ALLIANCE_DESK_MAX_CELLS`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_uncompressed_bytes: u64,
    pub max_compression_ratio: u64,
    pub max_zip_entries: usize,
    pub max_cells: u64,
    pub max_columns: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: MAX_FILE_BYTES,
            max_uncompressed_bytes: MAX_UNCOMPRESSED_BYTES,
            max_compression_ratio: MAX_COMPRESSION_RATIO,
            max_zip_entries: MAX_ZIP_ENTRIES,
            max_cells: MAX_CELLS,
            max_columns: MAX_COLUMNS,
        }
    }
}

impl Limits {
    /// The defaults, with any set environment variable applied (an unreadable value is ignored).
    pub fn from_env() -> Limits {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        let d = Limits::default();
        Limits {
            max_file_bytes: var("ALLIANCE_DESK_MAX_FILE_MB")
                .map_or(d.max_file_bytes, |m| m * 1_000_000),
            max_uncompressed_bytes: var("ALLIANCE_DESK_MAX_EXPANDED_MB")
                .map_or(d.max_uncompressed_bytes, |m| m * 1_000_000),
            max_compression_ratio: var("ALLIANCE_DESK_MAX_RATIO")
                .unwrap_or(d.max_compression_ratio),
            max_zip_entries: var("ALLIANCE_DESK_MAX_PARTS")
                .map_or(d.max_zip_entries, |n| n as usize),
            max_cells: var("ALLIANCE_DESK_MAX_CELLS").unwrap_or(d.max_cells),
            max_columns: var("ALLIANCE_DESK_MAX_COLUMNS").map_or(d.max_columns, |n| n as usize),
        }
    }
}

/// The real format of a file, from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsb,
    Ods,
    Xls,
    Csv,
}

impl Format {
    /// A name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "Excel workbook (xlsx/xlsm)",
            Format::Xlsb => "Excel binary workbook (xlsb)",
            Format::Ods => "OpenDocument spreadsheet (ods)",
            Format::Xls => "Excel 97-2003 workbook (xls)",
            Format::Csv => "delimited text (csv/tsv)",
        }
    }
}

/// A sheet of an opened file.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetInfo {
    pub name: String,
    pub hidden: bool,
}

/// A calamine reader over the file's bytes.
pub(crate) type OpenWorkbook = Sheets<Cursor<Arc<[u8]>>>;

/// An opened file: its bytes (for the sha256 and re-reading), format and sheets.
pub struct Source {
    pub path: PathBuf,
    pub format: Format,
    pub sha256: String,
    pub sheets: Vec<SheetInfo>,
    bytes: Arc<[u8]>,
    /// The workbook opened once (xlsx shared strings are parsed at open).
    workbook: Mutex<Option<OpenWorkbook>>,
    date1904: bool,
    /// Set when the file's name promises a workbook but its bytes are plain text.
    pub notice: Option<String>,
}

/// The cells of one sheet: calamine's range for workbooks, decoded records for text files.
pub enum SheetData {
    Range(Range<Data>),
    Text(Vec<Vec<String>>),
    /// Rows already converted (the head of a streamed sheet), from sheet row `first_row` and
    /// column `first_col`.
    Cells {
        first_row: usize,
        first_col: usize,
        rows: Vec<Vec<CellValue>>,
    },
}

/// What a row looks like, read without copying its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowShape {
    pub filled: usize,
    pub first_is_text: bool,
    pub total_label: bool,
}

/// True when a row's first label reads as a totals line.
pub fn is_total_label(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    t == "total"
        || t.starts_with("total ")
        || t.starts_with("totals")
        || t.starts_with("grand total")
        || t.starts_with("subtotal")
}

fn shape_of<'a>(
    cells: impl Iterator<Item = Option<&'a str>>,
    filled_flags: impl Iterator<Item = bool>,
) -> RowShape {
    let mut shape = RowShape {
        filled: 0,
        first_is_text: false,
        total_label: false,
    };
    for (text, filled) in cells.zip(filled_flags) {
        if !filled {
            continue;
        }
        if shape.filled == 0 {
            shape.first_is_text = text.is_some();
            shape.total_label = text.is_some_and(is_total_label);
        }
        shape.filled += 1;
    }
    shape
}

fn data_text(d: &Data) -> Option<&str> {
    match d {
        Data::String(s) => Some(s.as_str()),
        _ => None,
    }
}

fn data_filled(d: &Data) -> bool {
    match d {
        Data::Empty => false,
        Data::String(s) => !s.trim().is_empty(),
        _ => true,
    }
}

impl SheetData {
    /// Shapes of the rows from `start`, without converting cells.
    pub fn shapes_from(&self, start: usize) -> Box<dyn Iterator<Item = RowShape> + '_> {
        match self {
            SheetData::Range(r) => {
                Box::new(r.rows().skip(start).map(|cells| {
                    shape_of(cells.iter().map(data_text), cells.iter().map(data_filled))
                }))
            }
            SheetData::Text(rows) => Box::new(rows.iter().skip(start).map(|r| {
                shape_of(
                    r.iter().map(|s| Some(s.as_str())),
                    r.iter().map(|s| !s.trim().is_empty()),
                )
            })),
            SheetData::Cells { rows, .. } => Box::new(rows.iter().skip(start).map(|r| {
                let texts = r.iter().map(|c| match c {
                    CellValue::Text(t) => Some(t.as_str()),
                    _ => None,
                });
                shape_of(texts, r.iter().map(|c| !matches!(c, CellValue::Empty)))
            })),
        }
    }

    /// Sheet row and column of the first cell of the used range (0-based).
    pub fn origin(&self) -> (usize, usize) {
        match self {
            SheetData::Range(r) => r
                .start()
                .map_or((0, 0), |(row, col)| (row as usize, col as usize)),
            SheetData::Text(_) => (0, 0),
            SheetData::Cells {
                first_row,
                first_col,
                ..
            } => (*first_row, *first_col),
        }
    }

    /// Number of rows.
    pub fn height(&self) -> usize {
        match self {
            SheetData::Range(r) => r.height(),
            SheetData::Text(rows) => rows.len(),
            SheetData::Cells { rows, .. } => rows.len(),
        }
    }

    /// Number of columns (the widest row).
    pub fn width(&self) -> usize {
        match self {
            SheetData::Range(r) => r.width(),
            SheetData::Text(rows) => rows.iter().map(Vec::len).max().unwrap_or(0),
            SheetData::Cells { rows, .. } => rows.iter().map(Vec::len).max().unwrap_or(0),
        }
    }

    /// Row `i` as typed cells (converted on the fly; no copy of the sheet).
    pub fn row(&self, i: usize) -> Vec<CellValue> {
        self.rows_from(i).next().unwrap_or_default()
    }

    /// Iterates rows from `start` as typed cells.
    pub fn rows_from(&self, start: usize) -> Box<dyn Iterator<Item = Vec<CellValue>> + '_> {
        match self {
            SheetData::Range(r) => Box::new(
                r.rows()
                    .skip(start)
                    .map(|cells| cells.iter().map(from_data).collect()),
            ),
            SheetData::Text(rows) => Box::new(
                rows.iter()
                    .skip(start)
                    .map(|r| r.iter().map(|s| text_cell(s)).collect()),
            ),
            SheetData::Cells { rows, .. } => Box::new(rows.iter().skip(start).cloned()),
        }
    }
}

/// A text cell: blank text is empty.
fn text_cell(s: &str) -> CellValue {
    if is_blank_text(s) {
        CellValue::Empty
    } else {
        CellValue::Text(s.to_string())
    }
}

/// True for "" and whitespace only; checks the first byte before walking the text.
pub(crate) fn is_blank_text(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(b) if b.is_ascii_alphanumeric() => false,
        Some(_) => s.trim().is_empty(),
    }
}

/// Converts a streamed cell (shared strings borrowed) like [`from_data`].
pub(crate) fn from_data_ref(d: &calamine::DataRef<'_>) -> CellValue {
    use calamine::DataRef;
    match d {
        DataRef::SharedString(s) => text_cell(s),
        DataRef::String(s) => text_cell(s),
        DataRef::Int(i) => CellValue::Number(*i as f64),
        DataRef::Float(f) => CellValue::Number(*f),
        DataRef::Bool(b) => CellValue::Bool(*b),
        DataRef::DateTime(dt) => from_data(&Data::DateTime(*dt)),
        DataRef::DateTimeIso(s) => from_data(&Data::DateTimeIso(s.clone())),
        DataRef::DurationIso(s) => CellValue::Text(s.clone()),
        DataRef::Error(e) => CellValue::Error(e.to_string()),
        DataRef::Empty => CellValue::Empty,
    }
}

fn from_data(d: &Data) -> CellValue {
    match d {
        Data::Empty => CellValue::Empty,
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::String(s) => {
            if s.trim().is_empty() {
                CellValue::Empty
            } else {
                CellValue::Text(s.clone())
            }
        }
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => {
            if dt.is_datetime() {
                // calamine applies the workbook's 1904 flag itself to typed date cells; plain
                // numbers in date columns get it when parsed (`Lookups::date1904`).
                match dt.as_datetime() {
                    Some(d) => CellValue::Date(d.date()),
                    None => CellValue::Number(dt.as_f64()),
                }
            } else {
                CellValue::Number(dt.as_f64())
            }
        }
        Data::DateTimeIso(s) => {
            match chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d") {
                Ok(date) => CellValue::Date(date),
                Err(_) => CellValue::Text(s.clone()),
            }
        }
        Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Error(e.to_string()),
    }
}

/// `<html`, `<!DOCTYPE html` or `<table` at the start (after a BOM and blanks).
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head: Vec<u8> = head[start..]
        .iter()
        .take(16)
        .map(u8::to_ascii_lowercase)
        .collect();
    [&b"<html"[..], b"<!doctype html", b"<table"]
        .iter()
        .any(|p| head.starts_with(p))
}

/// What a password-protected workbook is refused with, whoever finds it out.
const PASSWORD_PROTECTED: &str =
    "the workbook is password-protected; save an unprotected copy and import that";

fn sniff(path: &Path, bytes: &[u8]) -> Result<Format, ImportError> {
    let file = path.display().to_string();
    if bytes.is_empty() {
        return Err(ImportError::Unreadable {
            file,
            reason: "the file is empty".into(),
        });
    }
    if bytes.starts_with(b"SQLite format 3\0") {
        return Err(ImportError::Unreadable {
            file,
            reason: "this is a database (an Alliance Desk workspace?), not a spreadsheet; open a workspace with File ▸ Open workspace… or --workspace".into(),
        });
    }
    if looks_like_html(bytes) {
        return Err(ImportError::Unreadable {
            file,
            reason: "this is a web page (HTML) saved with a spreadsheet name; open it in Excel or LibreOffice and save it as .xlsx, then import that".into(),
        });
    }
    if bytes.starts_with(b"%PDF") {
        return Err(ImportError::Unreadable {
            file,
            reason: "this is a PDF document, not a spreadsheet".into(),
        });
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        if contains(bytes, &utf16("EncryptionInfo")) || contains(bytes, &utf16("EncryptedPackage"))
        {
            return Err(ImportError::Unreadable {
                file,
                reason: PASSWORD_PROTECTED.into(),
            });
        }
        return Ok(Format::Xls);
    }
    if bytes.len() > 4
        && bytes[0] == 0x09
        && matches!(bytes[1], 0x00 | 0x02 | 0x04 | 0x08)
        && bytes[3] == 0x00
    {
        return Err(ImportError::Unreadable { file, reason: "an Excel 2.x–5.0 worksheet from before 1997, which cannot be read; open it in Excel or LibreOffice and save it as .xlsx".into() });
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_format(path, bytes);
    }
    if bytes.iter().take(4096).filter(|b| **b == 0).count() > 8
        && !(bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]))
    {
        return Err(ImportError::Unreadable {
            file,
            reason: "this is a binary file that is not a spreadsheet".into(),
        });
    }
    Ok(Format::Csv)
}

/// "report.xlsx is not a workbook": a text file whose name says spreadsheet.
fn text_named_as_workbook(path: &Path, format: Format) -> Option<String> {
    let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
    let workbook = matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods");
    (format == Format::Csv && workbook).then(|| {
        format!(
            "{} is named like a workbook (.{ext}) but is not one: its contents are plain text, so it is read as delimited text",
            path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        )
    })
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Reads the zip central directory: refuses bombs and tells xlsx, xlsb and ods apart.
fn zip_format(path: &Path, bytes: &[u8]) -> Result<Format, ImportError> {
    let file = path.display().to_string();
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ImportError::Unreadable {
            file: file.clone(),
            reason: format!("the workbook is damaged or truncated ({e})"),
        })?;
    let limits = Limits::from_env();
    if zip.len() > limits.max_zip_entries {
        return Err(ImportError::Unreadable {
            file,
            reason: format!(
                "the workbook has {} parts (more than {}); refusing it as a possible zip bomb",
                zip.len(),
                limits.max_zip_entries
            ),
        });
    }
    let mut total: u64 = 0;
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| ImportError::Unreadable {
            file: file.clone(),
            reason: format!("the workbook is damaged ({e})"),
        })?;
        let (size, packed) = (entry.size(), entry.compressed_size().max(1));
        total = total.saturating_add(size);
        if size > 1_000_000 && size / packed > limits.max_compression_ratio {
            return Err(ImportError::Unreadable {
                file,
                reason: format!(
                    "part {} expands {}:1 (more than {}:1); refusing it as a possible zip bomb",
                    entry.name_raw().escape_ascii(),
                    size / packed,
                    limits.max_compression_ratio
                ),
            });
        }
        names.push(String::from_utf8_lossy(entry.name_raw()).into_owned());
    }
    if total > limits.max_uncompressed_bytes {
        return Err(ImportError::Unreadable {
            file,
            reason: format!(
                "the workbook expands to {} MB; refusing it as a possible zip bomb",
                total / 1_000_000
            ),
        });
    }
    if names.iter().any(|n| n == "content.xml") {
        return Ok(Format::Ods);
    }
    if names.iter().any(|n| n.ends_with("workbook.bin")) {
        return Ok(Format::Xlsb);
    }
    if names
        .iter()
        .any(|n| n.starts_with("xl/") || n == "[Content_Types].xml")
    {
        return Ok(Format::Xlsx);
    }
    Err(ImportError::Unreadable {
        file,
        reason: "a zip file that is not a spreadsheet (no workbook inside)".into(),
    })
}

fn open_sheets(bytes: Arc<[u8]>, format: Format) -> Result<Sheets<Cursor<Arc<[u8]>>>, String> {
    let cursor = Cursor::new(bytes);
    let sheets = match format {
        Format::Xlsx => Sheets::Xlsx(
            calamine::open_workbook_from_rs(cursor)
                .map_err(|e: calamine::XlsxError| e.to_string())?,
        ),
        Format::Xlsb => Sheets::Xlsb(
            calamine::open_workbook_from_rs(cursor)
                .map_err(|e: calamine::XlsbError| e.to_string())?,
        ),
        Format::Ods => Sheets::Ods(
            calamine::open_workbook_from_rs(cursor)
                .map_err(|e: calamine::OdsError| e.to_string())?,
        ),
        Format::Xls => Sheets::Xls(
            calamine::open_workbook_from_rs(cursor)
                .map_err(|e: calamine::XlsError| e.to_string())?,
        ),
        Format::Csv => return Err("not a workbook".into()),
    };
    Ok(sheets)
}

/// A reader's own error, said as what it means for the user and what to do; the reader's
/// words stay in brackets for whoever reports the file.
fn in_plain_words(reason: String) -> String {
    let lower = reason.to_lowercase();
    let what = if lower.contains("password") || lower.contains("encrypt") {
        PASSWORD_PROTECTED
    } else if lower.contains("codepage") {
        "the workbook cannot be read: it is most likely password-protected (its character set is unreadable); save an unprotected copy as .xlsx and import that"
    } else if ["xml error", "zip error", "cfb error", "declared"]
        .iter()
        .any(|m| lower.contains(m))
    {
        "the workbook is damaged (a part of it is not what it says it is); open it in Excel or LibreOffice, save a copy as .xlsx and import that"
    } else {
        return reason;
    };
    format!("{what} (the reader said: {reason})")
}

/// Runs `f`, turning a panic inside a parser into an error.
fn guarded<T>(file: &str, f: impl FnOnce() -> Result<T, String>) -> Result<T, ImportError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(reason)) => Err(ImportError::Unreadable {
            file: file.to_string(),
            reason: in_plain_words(reason),
        }),
        Err(_) => Err(ImportError::Unreadable {
            file: file.to_string(),
            reason: "this file could not be read (the reader failed on malformed content)".into(),
        }),
    }
}

/// True when the workbook counts days from 1904 (calamine reads the flag of every format
/// that has one; OpenDocument stores dates as text).
fn uses_1904(wb: &OpenWorkbook) -> bool {
    match wb {
        Sheets::Xlsx(x) => x.has_1904_epoch(),
        Sheets::Xls(x) => x.has_1904_epoch(),
        Sheets::Xlsb(x) => x.has_1904_epoch(),
        Sheets::Ods(_) => false,
    }
}

impl Source {
    /// Opens `path`: sniffs the format, applies every guard, lists sheets.
    pub fn open(path: &Path) -> Result<Source, ImportError> {
        let file = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| ImportError::Unreadable {
            file: file.clone(),
            reason: crate::format::io_words(&e),
        })?;
        let max_file_bytes = Limits::from_env().max_file_bytes;
        if meta.len() > max_file_bytes {
            return Err(ImportError::Unreadable {
                file,
                reason: format!(
                    "the file is {} MB, over the {} MB limit",
                    meta.len() / 1_000_000,
                    max_file_bytes / 1_000_000
                ),
            });
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        BufReader::new(
            std::fs::File::open(path).map_err(|e| ImportError::Unreadable {
                file: file.clone(),
                reason: crate::format::io_words(&e),
            })?,
        )
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::Unreadable {
            file: file.clone(),
            reason: crate::format::io_words(&e),
        })?;
        Source::from_bytes(path, bytes)
    }

    /// A source over bytes already read (`path` names it in messages and picks the sheet name
    /// of a text file); every guard of `open` except the file-size check applies.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Source, ImportError> {
        let file = path.display().to_string();
        let format = sniff(path, &bytes)?;
        let sha256 = crate::format::hex(&Sha256::digest(&bytes));
        let bytes: Arc<[u8]> = bytes.into();
        let mut opened = None;
        let mut date1904 = false;
        let sheets = if format == Format::Csv {
            vec![SheetInfo {
                name: path
                    .file_stem()
                    .map_or("data".into(), |s| s.to_string_lossy().into_owned()),
                hidden: false,
            }]
        } else {
            guarded(&file, || {
                let wb = open_sheets(bytes.clone(), format)?;
                let list = wb
                    .sheets_metadata()
                    .iter()
                    .map(|s| SheetInfo {
                        name: s.name.clone(),
                        hidden: s.visible != SheetVisible::Visible,
                    })
                    .collect();
                date1904 = uses_1904(&wb);
                opened = Some(wb);
                Ok(list)
            })?
        };
        Ok(Source {
            path: path.to_path_buf(),
            format,
            sha256,
            sheets,
            bytes,
            workbook: Mutex::new(opened),
            date1904,
            notice: text_named_as_workbook(path, format),
        })
    }

    /// The file name for messages and the batch record.
    pub fn file_name(&self) -> String {
        self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    /// Runs `f` on the opened workbook reader (for streaming a sheet's cells).
    pub(crate) fn with_workbook<T>(&self, f: impl FnOnce(&mut OpenWorkbook) -> T) -> Option<T> {
        let mut slot = self.workbook.lock().ok()?;
        if slot.is_none() {
            *slot = open_sheets(self.bytes.clone(), self.format).ok();
        }
        Some(f(slot.as_mut()?))
    }

    /// The file's bytes.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// True when the workbook uses the 1904 date system (old Mac Excel).
    pub fn date1904(&self) -> bool {
        self.date1904
    }

    /// Refuses a sheet name the workbook does not have (a text file has one sheet, any name).
    pub fn check_sheet(&self, sheet: &str) -> Result<(), ImportError> {
        if self.format == Format::Csv || self.sheets.iter().any(|s| s.name == sheet) {
            return Ok(());
        }
        let names: Vec<_> = self.sheets.iter().map(|s| s.name.as_str()).collect();
        Err(ImportError::NoSuchSheet {
            file: self.path.display().to_string(),
            sheet: sheet.to_string(),
            sheets: names.join(", "),
        })
    }

    /// Reads one sheet (or the text file), refusing sheets over the cell budget.
    pub fn read_sheet(&self, sheet: &str) -> Result<SheetData, ImportError> {
        let file = self.path.display().to_string();
        if self.format == Format::Csv {
            return super::text::read_delimited(&self.bytes, Limits::from_env().max_columns)
                .map(SheetData::Text)
                .map_err(|reason| ImportError::Unreadable { file, reason });
        }
        self.check_sheet(sheet)?;
        let range = guarded(&file, || {
            let mut slot = self
                .workbook
                .lock()
                .map_err(|_| "the workbook reader failed earlier".to_string())?;
            if slot.is_none() {
                *slot = Some(open_sheets(self.bytes.clone(), self.format)?);
            }
            let wb = slot.as_mut().ok_or("the workbook could not be opened")?;
            wb.worksheet_range(sheet)
                .map_err(|e| format!("sheet '{sheet}' could not be read: {e}"))
        })?;
        let (h, w) = range.get_size();
        let max_cells = Limits::from_env().max_cells;
        if (h as u64).saturating_mul(w as u64) > max_cells {
            return Err(ImportError::Unreadable {
                file,
                reason: format!(
                    "sheet '{sheet}' spans {h} rows × {w} columns, over the {max_cells}-cell limit"
                ),
            });
        }
        Ok(SheetData::Range(range))
    }
}

#[cfg(test)]
mod plain_words_tests {
    use super::in_plain_words;

    #[test]
    fn reader_errors_are_said_as_what_to_do_with_the_readers_words_kept() {
        let damaged =
            in_plain_words("Xml error: I/O error: File is larger than its declared size".into());
        assert!(damaged.starts_with("the workbook is damaged"), "{damaged}");
        assert!(damaged.contains("(the reader said: Xml error"), "{damaged}");
        let locked = in_plain_words("Cfb error: Codepage D7D4 not found".into());
        assert!(
            locked.contains("most likely password-protected"),
            "{locked}"
        );
        assert_eq!(
            in_plain_words("Worksheet 'X' not found".into()),
            "Worksheet 'X' not found"
        );
    }
}
