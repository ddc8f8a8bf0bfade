//! Hospital price transparency files (45 CFR 180, CMS's v2 and v3 formats): CSV tall, CSV wide
//! (payer and plan in the column names) and JSON, recognised by their content and read as a
//! stream of charges, one per item, setting, payer and plan, so memory stays flat however large
//! the file.

pub mod cms_files;
mod csv_layout;
mod each_item;
pub mod insurer;
mod json;

use crate::import::handover::{self, Handover, Outbox, Stopped};
use crate::store::prices::{CHARGE_WIDTH, encode_charge};
use crate::store::{StoreError, Workspace};
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::Ordering;

pub use crate::store::prices::{Charge, HospitalInfo};

/// Which of CMS's layouts a file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    CsvTall,
    CsvWide,
    Json,
    /// An insurer's in-network rate file (Transparency in Coverage).
    InsurerJson,
}

impl Layout {
    pub fn label(self) -> &'static str {
        match self {
            Layout::CsvTall => "CSV, tall",
            Layout::CsvWide => "CSV, wide",
            Layout::Json => "JSON",
            Layout::InsurerJson => "insurer in-network rates, JSON",
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

/// Progress of a price file read, the import's own: `rows_done` and `rows_total` count bytes
/// of the file here; set `cancel` to stop.
pub use super::Progress as PriceProgress;

/// A reader that counts the bytes it hands on, for progress, and hashes them, so the file's
/// sha256 comes from the one pass that reads it.
pub(crate) struct Counting<'a, R> {
    inner: R,
    progress: &'a PriceProgress,
    hasher: SharedHasher,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut h) = self.hasher.lock() {
            h.update(&buf[..n]);
        }
        self.progress.rows_done.fetch_add(n, Ordering::Relaxed);
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
        if text.contains("\"in_network\"") || text.contains("\"reporting_entity_name\"") {
            return Some(Layout::InsurerJson);
        }
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
    read_hashed(path, layout, progress, sink).map(|(info, problems, _)| (info, problems))
}

/// Reads CMS's JSON layout from any stream (`file` names it in messages): what `read` does for
/// a JSON file, for a source that is not a file on disk.
pub fn read_json_stream<R: BufRead>(
    reader: R,
    file: &str,
    sink: &mut dyn FnMut(Charge) -> Result<(), String>,
) -> Result<(HospitalInfo, Vec<PriceProblem>), PriceFileError> {
    json::read(reader, file, sink)
}

/// As `read`, with the file's sha256.
fn read_hashed(
    path: &Path,
    layout: Layout,
    progress: &PriceProgress,
    sink: &mut dyn FnMut(Charge) -> Result<(), String>,
) -> Result<(HospitalInfo, Vec<PriceProblem>, String), PriceFileError> {
    let file_name = path.display().to_string();
    let (reader, hasher) = open_counted(path, progress)?;
    let result = match layout {
        Layout::CsvTall | Layout::CsvWide => csv_layout::read(reader, &file_name, sink),
        Layout::Json => json::read(reader, &file_name, sink),
        Layout::InsurerJson => {
            return Err(PriceFileError::Unreadable {
                file: file_name,
                reason: "an insurer's in-network rate file: import it as one (import_insurer_file)"
                    .into(),
            });
        }
    };
    if progress.cancel.load(Ordering::Relaxed) {
        return Err(PriceFileError::Cancelled);
    }
    let (info, problems) = result?;
    Ok((info, problems, sha256_of(&hasher)))
}

/// A price file read through a byte counter.
pub(crate) type CountedFile<'p> = BufReader<Counting<'p, std::fs::File>>;
/// The hasher the counter feeds, read once the file is through.
pub(crate) type SharedHasher = std::sync::Arc<std::sync::Mutex<Sha256>>;

/// The file opened for a streamed read: `progress` counts its bytes from 0 of its size, and
/// the hasher takes in every byte read, for `sha256_of` once the read is through.
pub(crate) fn open_counted<'p>(
    path: &Path,
    progress: &'p PriceProgress,
) -> Result<(CountedFile<'p>, SharedHasher), PriceFileError> {
    let file = std::fs::File::open(path).map_err(|e| PriceFileError::Unreadable {
        file: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let size = file.metadata().map(|m| m.len() as usize).unwrap_or(0);
    progress.rows_total.store(size, Ordering::Relaxed);
    progress.rows_done.store(0, Ordering::Relaxed);
    let hasher = SharedHasher::default();
    let reader = BufReader::with_capacity(
        1 << 20,
        Counting {
            inner: file,
            progress,
            hasher: hasher.clone(),
        },
    );
    Ok((reader, hasher))
}

/// The sha256 of everything read through `open_counted`'s reader, as hex.
pub(crate) fn sha256_of(hasher: &SharedHasher) -> String {
    let mut h = hasher
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    crate::format::hex(&std::mem::take(&mut *h).finalize())
}

/// What a price file import wrote.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HospitalImport {
    pub file: String,
    pub layout: Layout,
    pub hospital: HospitalInfo,
    pub batch_id: i64,
    /// Charges written (one per item, setting, payer and plan).
    pub charges: usize,
    /// Of them, those with a negotiated dollar amount.
    pub dollar_charges: usize,
    /// Cells left out, at most `MAX_PROBLEMS_KEPT` kept; the count is exact.
    pub problems: Vec<PriceProblem>,
    pub problems_total: usize,
}

/// Why a price file import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum PriceImportError {
    #[error(transparent)]
    File(#[from] PriceFileError),
    #[error(
        "{file}: {total} cells could not be read, so nothing was imported (first: row {row}, column '{column}', '{value}': {problem}); import the valid rows only to leave them out"
    )]
    Rejected {
        file: String,
        total: usize,
        row: u64,
        column: String,
        value: String,
        problem: String,
    },
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl From<Stopped> for PriceImportError {
    /// The storing thread stopped; its own error is the one reported.
    fn from(_: Stopped) -> Self {
        PriceImportError::File(PriceFileError::Cancelled)
    }
}

impl From<rusqlite::Error> for PriceImportError {
    fn from(e: rusqlite::Error) -> Self {
        PriceImportError::Store(StoreError::from(e))
    }
}

/// Imports a hospital price file in one transaction under a new import batch: the hospital
/// becomes (or is matched to) a provider, and every charge is written. Strict by default: a
/// cell that cannot be read means nothing is written; `skip_invalid` leaves such cells out.
pub fn import_file(
    ws: &mut Workspace,
    path: &Path,
    skip_invalid: bool,
    progress: &PriceProgress,
) -> Result<HospitalImport, PriceImportError> {
    let file = path.display().to_string();
    let layout = sniff(path).ok_or_else(|| PriceFileError::Unreadable {
        file: file.clone(),
        reason: "not a hospital price file (CMS's CSV or JSON layout)".into(),
    })?;
    let name = path
        .file_name()
        .map_or(file.clone(), |n| n.to_string_lossy().into_owned());
    ws.write_bulk(|tx| {
        let batch =
            crate::store::records::insert_batch(tx, &name, "", None, "hospital_prices", "{}")?;
        // The charges go to a provider row made for this import; once the file has named the
        // hospital it is matched to one the workspace knows, or takes the hospital's name.
        let pending = crate::store::prices::pending_provider(tx, &name, batch)?;
        let mut bulk = crate::store::prices::charge_insert(tx)?;
        let read = |out: &mut Outbox<()>| -> Result<_, PriceImportError> {
            let (mut charges, mut dollar_charges) = (0usize, 0usize);
            let mut codes = String::new();
            let mut sink = |c: Charge| -> Result<(), String> {
                charges += 1;
                dollar_charges += usize::from(c.negotiated_dollar.is_some());
                encode_charge(out.rows(0), &c, (pending, batch), &mut codes);
                Ok(out.end_row(0)?)
            };
            let read = read_hashed(path, layout, progress, &mut sink)?;
            Ok((read, charges, dollar_charges))
        };
        let stored = handover::run(&[CHARGE_WIDTH], read, |h| match h {
            Handover::Rows(_, rows) => Ok(bulk.write(rows)?),
            Handover::Ask(()) => Ok(()),
        })?;
        let ((hospital, problems, sha256), charges, dollar_charges) = stored;
        if let (false, Some(p)) = (skip_invalid, problems.first()) {
            return Err(PriceImportError::Rejected {
                file: file.clone(),
                total: problems.len(),
                row: p.row,
                column: p.column.clone(),
                value: p.value.clone(),
                problem: p.problem.clone(),
            });
        }
        crate::store::prices::settle_provider(tx, pending, &hospital)?;
        crate::store::records::finish_batch(tx, batch, charges)?;
        crate::store::records::set_batch_sha256(tx, batch, &sha256)?;
        let problems_total = problems.len();
        Ok(HospitalImport {
            file: file.clone(),
            layout,
            hospital,
            batch_id: batch,
            charges,
            dollar_charges,
            problems: problems
                .into_iter()
                .take(super::MAX_PROBLEMS_KEPT)
                .collect(),
            problems_total,
        })
    })
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

/// What an in-network rate file import wrote.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct InsurerImport {
    pub file: String,
    pub insurer: insurer::InsurerInfo,
    pub batch_id: i64,
    /// Rates written, one per item, price and provider group kept.
    pub rates: usize,
    /// Providers the rates were attached to.
    pub providers: usize,
    pub problems: Vec<PriceProblem>,
}

/// A provider group, and where its provider id goes.
type GroupAsk = (
    crate::store::prices::ProviderGroup,
    std::sync::mpsc::SyncSender<rusqlite::Result<i64>>,
);

/// What the reading thread of an insurer import keeps: the provider id of each group (by tax
/// id, then name), the rates handed over, and the payer and plan they were written under
/// (`None` once they varied: the file named its insurer only after some rates).
#[derive(Default)]
struct RatesRead {
    providers: std::collections::HashMap<String, Vec<(String, i64)>>,
    count: usize,
    named: Option<(String, String)>,
    codes: String,
}

impl RatesRead {
    fn add(
        &mut self,
        out: &mut Outbox<GroupAsk>,
        info: &insurer::InsurerInfo,
        r: &insurer::InNetworkRate,
        batch: i64,
    ) -> Result<(), String> {
        let provider = self.provider(out, &r.group)?;
        let plan = match info.plan_name.trim() {
            "" => insurer::PLANS_NOT_NAMED,
            _ => info.plan_name.as_str(),
        };
        let payer = info.reporting_entity_name.as_str();
        let same = matches!(&self.named, Some((p, q)) if p == payer && q == plan);
        if self.count == 0 {
            self.named = Some((payer.to_string(), plan.to_string()));
        } else if !same {
            self.named = None;
        }
        self.count += 1;
        let row = out.rows(0);
        crate::store::prices::encode_rate(
            row,
            r,
            (provider, batch),
            (payer, plan),
            &mut self.codes,
        );
        Ok(out.end_row(0)?)
    }

    /// The group's provider id, asked of the storing thread the first time.
    fn provider(
        &mut self,
        out: &mut Outbox<GroupAsk>,
        g: &crate::store::prices::ProviderGroup,
    ) -> Result<i64, String> {
        let known = self.providers.get(&g.tin).and_then(|names| {
            names
                .iter()
                .find(|(n, _)| *n == g.business_name)
                .map(|(_, id)| *id)
        });
        if let Some(id) = known {
            return Ok(id);
        }
        let (reply, answer) = std::sync::mpsc::sync_channel(1);
        out.ask((g.clone(), reply))?;
        let id = answer.recv().map_err(|_| String::from(Stopped))?;
        let id = id.map_err(|e| e.to_string())?;
        let names = self.providers.entry(g.tin.clone()).or_default();
        names.push((g.business_name.clone(), id));
        Ok(id)
    }
}

/// Imports an insurer's in-network rate file in one transaction: each kept rate becomes a
/// `hospital_price` row of the provider group it names (matched by name to a provider the
/// workspace knows, or added), with the reporting entity as payer and the plan as plan.
pub fn import_insurer_file(
    ws: &mut Workspace,
    path: &Path,
    filter: &insurer::InsurerFilter,
    progress: &PriceProgress,
) -> Result<InsurerImport, PriceImportError> {
    let file = path.display().to_string();
    let name = path
        .file_name()
        .map_or(file.clone(), |n| n.to_string_lossy().into_owned());
    let (reader, hasher) = open_counted(path, progress)?;
    ws.write_bulk(|tx| {
            let batch =
                crate::store::records::insert_batch(tx, &name, "", None, "insurer_rates", "{}")?;
            let mut bulk = crate::store::prices::charge_insert(tx)?;
            let read = |out: &mut Outbox<GroupAsk>| -> Result<_, PriceImportError> {
                let mut rates = RatesRead::default();
                let mut sink = |info: &insurer::InsurerInfo, r: insurer::InNetworkRate| {
                    rates.add(out, info, &r, batch)
                };
                let (info, problems) = insurer::read(reader, &file, filter, &mut sink)?;
                Ok((info, problems, rates))
            };
            let stored = handover::run(&[CHARGE_WIDTH], read, |h| match h {
                Handover::Rows(_, rows) => Ok(bulk.write(rows)?),
                Handover::Ask((group, reply)) => {
                    let _ = reply.send(crate::store::prices::group_provider(tx, &group, batch));
                    Ok(())
                }
            })?;
            let (info, problems, rates) = stored;
            if progress.cancel.load(Ordering::Relaxed) {
                return Err(PriceFileError::Cancelled.into());
            }
            let providers = rates.providers.values().map(Vec::len).sum();
            let named_all = matches!(&rates.named,
                Some((payer, plan)) if *payer == info.reporting_entity_name && *plan == info.plan_name);
            if !named_all {
                crate::store::prices::name_payer(
                    tx,
                    batch,
                    &info.reporting_entity_name,
                    &info.plan_name,
                )?;
            }
            let rates = rates.count;
            let sha256 = sha256_of(&hasher);
            crate::store::records::finish_batch(tx, batch, rates)?;
            crate::store::records::set_batch_sha256(tx, batch, &sha256)?;
            Ok(InsurerImport {
                file: file.clone(),
                insurer: info,
                batch_id: batch,
                rates,
                providers,
                problems: problems
                    .into_iter()
                    .take(super::MAX_PROBLEMS_KEPT)
                    .collect(),
            })
    })
}
