//! Hospital price transparency files (45 CFR 180, CMS's v2 and v3 formats): CSV tall, CSV wide
//! (payer and plan in the column names) and JSON, recognised by their content and read as a
//! stream of charges, one per item, setting, payer and plan, so memory stays flat however large
//! the file.

mod csv_layout;
mod json;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// What the file says about the hospital.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct HospitalInfo {
    pub name: String,
    /// The state of its licence (two letters), where the file gives one.
    pub state: Option<String>,
    /// Type 2 (organisation) NPIs.
    pub npis: Vec<String>,
    pub last_updated_on: Option<String>,
    pub version: Option<String>,
}

/// One standard charge for one payer and plan (or the gross and cash prices alone).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Charge {
    pub description: String,
    /// Every code of the item with its type (CPT, HCPCS, MS-DRG, RC, NDC …).
    pub codes: Vec<(String, String)>,
    /// inpatient, outpatient or both.
    pub setting: String,
    pub modifiers: String,
    pub gross_charge: Option<f64>,
    pub cash_price: Option<f64>,
    pub payer: String,
    pub plan: String,
    pub negotiated_dollar: Option<f64>,
    pub negotiated_percentage: Option<f64>,
    pub algorithm: Option<String>,
    pub methodology: String,
    /// As written: a number, or a range such as "1 through 10".
    pub count: Option<String>,
}

impl Charge {
    /// The code Medicare prices by: an MS-DRG for an inpatient stay, else CPT or HCPCS, else
    /// the first code given.
    pub fn primary_code(&self) -> Option<(&str, &str)> {
        let find = |types: &[&str]| {
            self.codes
                .iter()
                .find(|(_, t)| types.iter().any(|x| t.eq_ignore_ascii_case(x)))
        };
        let chosen = if self.setting != "outpatient" {
            find(&["MS-DRG"]).or_else(|| find(&["CPT", "HCPCS"]))
        } else {
            find(&["CPT", "HCPCS"]).or_else(|| find(&["MS-DRG"]))
        };
        chosen
            .or(self.codes.first())
            .map(|(c, t)| (c.as_str(), t.as_str()))
    }
}

/// Which of CMS's layouts a file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    CsvTall,
    CsvWide,
    Json,
}

impl Layout {
    pub fn label(self) -> &'static str {
        match self {
            Layout::CsvTall => "CSV, tall",
            Layout::CsvWide => "CSV, wide",
            Layout::Json => "JSON",
        }
    }
}

/// A cell that could not be read, named by row and column.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PriceProblem {
    pub row: u64,
    pub column: String,
    pub value: String,
    pub problem: String,
}

/// Why a price file could not be read; every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum PriceFileError {
    #[error("{file}: {reason}")]
    Unreadable { file: String, reason: String },
    #[error("{file}, row {row}: {reason}")]
    Row {
        file: String,
        row: u64,
        reason: String,
    },
    #[error("import cancelled; nothing was written")]
    Cancelled,
}

/// Progress of a price file read: bytes read of the file's size; set `cancel` to stop.
#[derive(Debug, Default)]
pub struct PriceProgress {
    pub bytes_done: AtomicUsize,
    pub bytes_total: AtomicUsize,
    pub cancel: AtomicBool,
}

/// A reader that counts the bytes it hands on, for progress.
struct Counting<'a, R> {
    inner: R,
    progress: &'a PriceProgress,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.bytes_done.fetch_add(n, Ordering::Relaxed);
        if self.progress.cancel.load(Ordering::Relaxed) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "cancelled",
            ));
        }
        Ok(n)
    }
}

/// The layout of a hospital price file, from its first bytes; `None` when it is not one.
pub fn sniff(path: &Path) -> Option<Layout> {
    let mut head = vec![0u8; 64 * 1024];
    let n = std::fs::File::open(path).ok()?.read(&mut head).ok()?;
    let text = String::from_utf8_lossy(&head[..n]);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('{') {
        return (text.contains("\"standard_charge_information\"")
            || text.contains("\"hospital_name\""))
        .then_some(Layout::Json);
    }
    let first = text.lines().next()?.to_ascii_lowercase();
    if !first.starts_with("hospital_name") {
        return None;
    }
    let header = text.lines().nth(2)?.to_ascii_lowercase();
    let compact: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.split(',').any(|h| h == "payer_name") {
        Some(Layout::CsvTall)
    } else {
        Some(Layout::CsvWide)
    }
}

/// Reads `path` as `layout`, handing each charge to `sink`; returns what the file says of the
/// hospital and the cells that could not be read (a bad row is left out and reported).
pub fn read(
    path: &Path,
    layout: Layout,
    progress: &PriceProgress,
    sink: &mut dyn FnMut(Charge) -> Result<(), String>,
) -> Result<(HospitalInfo, Vec<PriceProblem>), PriceFileError> {
    let file_name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| PriceFileError::Unreadable {
        file: file_name.clone(),
        reason: e.to_string(),
    })?;
    let size = file.metadata().map(|m| m.len() as usize).unwrap_or(0);
    progress.bytes_total.store(size, Ordering::Relaxed);
    progress.bytes_done.store(0, Ordering::Relaxed);
    let reader = BufReader::with_capacity(
        1 << 20,
        Counting {
            inner: file,
            progress,
        },
    );
    let result = match layout {
        Layout::CsvTall | Layout::CsvWide => csv_layout::read(reader, &file_name, sink),
        Layout::Json => json::read(reader, &file_name, sink),
    };
    if progress.cancel.load(Ordering::Relaxed) {
        return Err(PriceFileError::Cancelled);
    }
    result
}

/// A money or number cell: `$1,200.50`, `1200`; `None` when blank.
fn amount(text: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let cleaned: String = t
        .chars()
        .filter(|c| !matches!(c, '$' | ',' | ' '))
        .collect();
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
        Ok(_) => Err("a price cannot be negative".into()),
        Err(_) => Err("not a number".into()),
    }
}

/// Skips a byte-order mark at the start of a reader.
fn skip_bom<R: BufRead>(reader: &mut R) {
    if let Ok(buf) = reader.fill_buf()
        && buf.starts_with(&[0xEF, 0xBB, 0xBF])
    {
        reader.consume(3);
    }
}

#[cfg(test)]
mod tests;
