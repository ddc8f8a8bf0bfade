//! Claims in: medical claim lines and pharmacy claims (the Tuva Project's input layout, or a
//! TPA's through synonyms) from delimited text or Parquet, read as a stream with progress and
//! cancel. Each line is categorised (DESIGN §4.10), linked to its member's purchaser and plan,
//! stored, and added to the cells the summary reads, all in one transaction: strict (any bad
//! row writes nothing) or valid rows only, and undoable as one import.

pub(crate) mod csv_source;
pub mod engine_summary;
pub mod fields;
pub(crate) mod parquet_source;
mod pipeline;
pub(crate) mod rows;
mod workbook_source;

pub use fields::{ClaimFile, ColumnMap};

use crate::import::{Problem, Progress};
use crate::model::claims::{Category, LineCodes, Month, categorize};
use crate::store::claims::{
    CellKey, CellSums, ClaimWriter, Enrollment, FillRow, LineRow, write_aggregates,
};
use crate::store::records::{self, KeyCache};
use crate::store::{StoreError, Workspace};
use chrono::{Datelike, NaiveDate};
use pipeline::{ClaimsOutbox, Outbox};
use rows::{RowReader, Value};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::Ordering;

/// Most problems kept (the count is always exact).
const MAX_PROBLEMS_KEPT: usize = crate::import::MAX_PROBLEMS_KEPT;

/// The formats claims arrive in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimsFormat {
    Csv,
    Parquet,
    Workbook,
}

impl ClaimsFormat {
    pub fn label(self) -> &'static str {
        match self {
            ClaimsFormat::Csv => "delimited text",
            ClaimsFormat::Parquet => "Parquet",
            ClaimsFormat::Workbook => "workbook",
        }
    }
}

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct ClaimsOptions {
    /// The purchaser of members found in neither the eligibility nor the census.
    pub purchaser: Option<String>,
    pub skip_invalid: bool,
    /// Check every row, then roll back.
    pub dry_run: bool,
    /// Read the file as this kind instead of recognising it.
    pub kind: Option<ClaimFile>,
    /// Fields the user mapped to columns by header (field name, header); remembered for the
    /// file's header set when the import succeeds.
    pub columns: Vec<(String, String)>,
    /// A workbook's sheet to read (default: the first visible sheet with a header).
    pub sheet: Option<String>,
}

/// What a claims import wrote (or, rejected, would have).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ClaimsImport {
    pub file: String,
    pub format: ClaimsFormat,
    pub kind: ClaimFile,
    pub batch_id: Option<i64>,
    pub rows_read: u64,
    pub rows_imported: u64,
    pub rows_rejected: u64,
    pub problems: Vec<Problem>,
    pub problems_total: u64,
    pub allowed_total: f64,
    pub paid_total: f64,
    /// Lines whose allowed amount is negative (reversals: kept, and netted in every sum).
    pub reversals: u64,
    pub members: usize,
    /// Lines of members with no eligibility span covering the service date.
    pub lines_without_plan: u64,
    pub first_month: Option<String>,
    pub last_month: Option<String>,
    /// A batch already imported from a file with the same sha256.
    pub duplicate_of: Option<i64>,
    pub unused_columns: Vec<String>,
    /// Where the time went (for the benchmark; not part of the JSON output).
    #[serde(skip)]
    pub phases: Phases,
}

/// Seconds an import spent in each phase.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Phases {
    /// Opening, the eligibility and census read for linking, the file's header and mapping.
    pub prepare_s: f64,
    /// Reading, checking and storing every line (on two threads).
    pub read_and_store_s: f64,
    /// The sums by cell, member and hospital, and the import's record.
    pub sums_s: f64,
    /// The commit: the write-ahead log synced to disk and checkpointed into the file.
    pub commit_s: f64,
}

/// Why a claims import wrote nothing; every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum ClaimsError {
    #[error("{file}: {reason}")]
    Unreadable { file: String, reason: String },
    #[error(
        "{file}: no column for {fields} (a file of {kind} needs them; its columns are: {columns})"
    )]
    MissingFields {
        file: String,
        kind: &'static str,
        fields: String,
        columns: String,
    },
    #[error(
        "{file}: the columns are not recognised as medical claim lines or pharmacy claims (columns: {columns}); read it as claims with Claims… in Import (or --claims medical|pharmacy) and choose each field's column"
    )]
    NotClaims { file: String, columns: String },
    #[error("{}", rejected_message(.0))]
    Rejected(Box<ClaimsImport>),
    #[error("import cancelled; nothing was written")]
    Cancelled,
    /// Internal: a dry run's report out of the rolled-back transaction.
    #[error("checked only; nothing was written")]
    Checked(Box<ClaimsImport>),
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ClaimsError {
    fn from(e: rusqlite::Error) -> Self {
        ClaimsError::Store(StoreError::Sqlite(e))
    }
}

fn rejected_message(s: &ClaimsImport) -> String {
    let first = s
        .problems
        .first()
        .map(|p| {
            format!(
                "; first: row {}, column {}, value '{}': {}",
                p.row,
                p.column,
                p.value_one_line(),
                p.problem
            )
        })
        .unwrap_or_default();
    format!(
        "{}: {} of {} rows are invalid, nothing was imported (import the valid rows only, or --skip-invalid, to import the {} valid rows){first}",
        s.file,
        s.rows_rejected,
        s.rows_read,
        s.rows_read - s.rows_rejected
    )
}

/// What a file's columns say it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    Claims(ClaimFile),
    /// A claims summary an external engine computed (`claims sql`'s output).
    EngineSummary,
}

/// What a header holds: claims the synonyms recognise, an engine's summary, or (given the
/// workspace) claims that a mapping remembered for these very columns reads.
pub fn holds(ws: Option<&Workspace>, headers: &[String]) -> Option<Holds> {
    if engine_summary::is_engine_summary(headers) {
        return Some(Holds::EngineSummary);
    }
    if let Some(kind) = fields::recognise(headers) {
        return Some(Holds::Claims(kind));
    }
    let json = ws?
        .remembered_mapping_json(&crate::import::mapping::header_key(headers))
        .ok()??;
    [ClaimFile::Medical, ClaimFile::Pharmacy]
        .into_iter()
        .find(|k| ColumnMap::from_json(*k, &json, headers).is_some())
        .map(Holds::Claims)
}

/// A file's format, header and what it holds, from one read of its header; `None` when it is
/// not claims.
pub fn detect(ws: Option<&Workspace>, path: &Path) -> Option<(ClaimsFormat, Vec<String>, Holds)> {
    let format = format_of(path)?;
    let headers = headers_of(path, format).ok()?;
    let held = holds(ws, &headers)?;
    Some((format, headers, held))
}

/// Claims file format and kind, from the file's first bytes and header; `None` when it is not
/// a claims file.
pub fn sniff(path: &Path) -> Option<(ClaimsFormat, ClaimFile)> {
    match detect(None, path)? {
        (format, _, Holds::Claims(kind)) => Some((format, kind)),
        _ => None,
    }
}

/// The header of a claims file in `format`.
pub fn headers_of(path: &Path, format: ClaimsFormat) -> Result<Vec<String>, String> {
    match format {
        ClaimsFormat::Parquet => parquet_source::headers(path),
        ClaimsFormat::Csv => csv_source::headers(path),
        ClaimsFormat::Workbook => workbook_source::headers(path),
    }
}

/// The columns a file of `kind` is read by before any choice: the mapping remembered for its
/// header set, else the synonyms.
pub fn initial_map(ws: &Workspace, kind: ClaimFile, headers: &[String]) -> ColumnMap {
    ws.remembered_mapping_json(&crate::import::mapping::header_key(headers))
        .ok()
        .flatten()
        .and_then(|json| ColumnMap::from_json(kind, &json, headers))
        .unwrap_or_else(|| ColumnMap::from_headers(kind, headers))
}

/// The columns to read: the user's choices over the remembered mapping for this header set over
/// the synonyms; true when the user chose (so the mapping is remembered).
fn column_map(
    ws: &Workspace,
    kind: ClaimFile,
    headers: &[String],
    opts: &ClaimsOptions,
) -> Result<(ColumnMap, bool), String> {
    let mut map = initial_map(ws, kind, headers);
    for (field, header) in &opts.columns {
        map.set(field, header, headers)?;
    }
    Ok((map, !opts.columns.is_empty()))
}

pub fn format_of(path: &Path) -> Option<ClaimsFormat> {
    use std::io::Read;
    let mut magic = [0u8; 4];
    let mut file = std::fs::File::open(path).ok()?;
    let n = file.read(&mut magic).ok()?;
    if n == 4 && &magic == b"PAR1" {
        return Some(ClaimsFormat::Parquet);
    }
    if workbook_source::is_workbook(path) {
        return Some(ClaimsFormat::Workbook);
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(ext.as_str(), "csv" | "tsv" | "txt" | "psv").then_some(ClaimsFormat::Csv)
}

/// Imports a claims file into `ws` (one transaction; see the module doc).
pub fn import_claims_file(
    ws: &mut Workspace,
    path: &Path,
    opts: &ClaimsOptions,
    progress: &Progress,
) -> Result<ClaimsImport, ClaimsError> {
    match import_claims(ws, path, opts, progress) {
        // However the read noticed (a reader's interrupted I/O, a row check), a cancel is one.
        Err(_) if progress.cancel.load(Ordering::Relaxed) => Err(ClaimsError::Cancelled),
        other => other,
    }
}

fn import_claims(
    ws: &mut Workspace,
    path: &Path,
    opts: &ClaimsOptions,
    progress: &Progress,
) -> Result<ClaimsImport, ClaimsError> {
    let started = std::time::Instant::now();
    let file = path.display().to_string();
    let unreadable = |reason: String| ClaimsError::Unreadable {
        file: file.clone(),
        reason,
    };
    let format = format_of(path).ok_or_else(|| {
        unreadable("not a claims file this version reads (CSV, TSV, Parquet or a workbook)".into())
    })?;
    let mut reader: Box<dyn RowReader + Send> = match format {
        ClaimsFormat::Csv => {
            Box::new(csv_source::CsvRows::open(path, progress).map_err(unreadable)?)
        }
        ClaimsFormat::Parquet => {
            Box::new(parquet_source::ParquetRows::open(path, progress).map_err(unreadable)?)
        }
        ClaimsFormat::Workbook => Box::new(
            workbook_source::WorkbookRows::open(path, opts.sheet.as_deref()).map_err(unreadable)?,
        ),
    };
    let headers = reader.headers().to_vec();
    let kind = match opts.kind.or_else(|| fields::recognise(&headers)) {
        Some(k) => k,
        None => {
            return Err(ClaimsError::NotClaims {
                file,
                columns: headers.join(", "),
            });
        }
    };
    let (map, chosen) =
        column_map(ws, kind, &headers, opts).map_err(|reason| ClaimsError::Unreadable {
            file: file.clone(),
            reason,
        })?;
    let missing = map.missing_required();
    if !missing.is_empty() {
        return Err(ClaimsError::MissingFields {
            file,
            kind: kind.label(),
            fields: missing.join(", "),
            columns: headers.join(", "),
        });
    }
    let used: Vec<usize> = map.columns.iter().flatten().copied().collect();
    reader.project(&used);
    let enrollment = ws.enrollment_for_claims()?;
    let file_name = path
        .file_name()
        .map_or(file.clone(), |n| n.to_string_lossy().into_owned());
    let mut phases = Phases {
        prepare_s: started.elapsed().as_secs_f64(),
        ..Phases::default()
    };
    let mut lap = std::time::Instant::now();
    let since = |lap: &mut std::time::Instant| {
        let s = lap.elapsed().as_secs_f64();
        *lap = std::time::Instant::now();
        s
    };
    let cols = Columns::new(&map);
    let outcome = ws.write_bulk(|tx| {
        let batch = records::insert_batch(tx, &file_name, "", None, kind.code(), "{}")?;
        let mut keys = KeyCache::new(tx, batch);
        let default_purchaser = match &opts.purchaser {
            Some(name) => Some(keys.purchaser_id(name, "employer")?),
            None => None,
        };
        let mut writer = ClaimWriter::new(tx)?;
        let reader = &mut reader;
        let mut load = pipeline::run(&mut writer, &mut keys, |out| {
            let mut load = Load::new(batch, kind, &cols, &enrollment, default_purchaser, &headers);
            reader.for_each_row(&mut |row, values| load.row(row, values, progress, out))?;
            Ok(load)
        })?;
        phases.read_and_store_s = since(&mut lap);
        let sha256 = reader.sha256().map_err(unreadable)?;
        records::set_batch_sha256(tx, batch, &sha256)?;
        load.finish(tx)?;
        let mut summary = load.summary(file.clone(), format, &headers);
        summary.duplicate_of = crate::store::imports::earlier_import_of(tx, &sha256, batch)?;
        if summary.rows_imported + summary.rows_rejected == 0 {
            return Err(unreadable("header only, no claim rows".into()));
        }
        if opts.dry_run {
            summary.batch_id = None;
            summary.rows_imported = 0;
            return Err(ClaimsError::Checked(Box::new(summary)));
        }
        if summary.rows_rejected > 0 && !opts.skip_invalid {
            summary.batch_id = None;
            summary.rows_imported = 0;
            return Err(ClaimsError::Rejected(Box::new(summary)));
        }
        records::finish_batch(tx, batch, summary.rows_imported as usize)?;
        if chosen {
            let key = crate::import::mapping::header_key(&headers);
            crate::store::imports::remember_mapping(tx, &key, kind.code(), &map.to_json(&headers))?;
        }
        phases.sums_s = since(&mut lap);
        Ok(summary)
    });
    match outcome {
        Err(ClaimsError::Checked(s)) => Ok(*s),
        Ok(mut summary) => {
            summary.phases = Phases {
                commit_s: since(&mut lap),
                ..phases
            };
            Ok(summary)
        }
        other => other,
    }
}

/// One import's running state on the reading thread: the sums and the problems.
struct Load<'e> {
    batch_id: i64,
    kind: ClaimFile,
    cols: &'e Columns,
    enrollment: &'e Enrollment,
    default_purchaser: Option<i64>,
    /// Cells by (purchaser, plan index, month, category): no allocation per line.
    cells: HashMap<(i64, u32, Month, Category), CellSums>,
    plans: Interned,
    /// Members' years by (purchaser, member index, year).
    member_years: HashMap<(i64, u32, i32), (f64, f64)>,
    members: Interned,
    /// (purchaser, member, day) of every ER visit counted.
    er_visits: HashSet<(i64, String, NaiveDate)>,
    /// (purchaser, claim) of every inpatient claim → its admission date and plan.
    admissions: HashMap<(i64, String), (NaiveDate, String)>,
    purchasers_by_name: HashMap<String, i64>,
    /// Facility services by hospital NPI and code, for prices from claims.
    provider_services: crate::store::claims::ProviderServices,
    headers: &'e [String],
    rows_read: u64,
    imported: u64,
    rejected: u64,
    reversals: u64,
    without_plan: u64,
    allowed_total: f64,
    paid_total: f64,
    problems: Vec<Problem>,
    problems_total: u64,
    months: Option<(Month, Month)>,
}

/// Strings numbered as first seen, so hash keys hold a number instead of a copy.
#[derive(Default)]
struct Interned {
    index: HashMap<String, u32>,
    names: Vec<String>,
}

impl Interned {
    fn index(&mut self, s: &str) -> u32 {
        if let Some(i) = self.index.get(s) {
            return *i;
        }
        let i = self.names.len() as u32;
        self.names.push(s.to_string());
        self.index.insert(s.to_string(), i);
        i
    }

    fn name(&self, i: u32) -> &str {
        &self.names[i as usize]
    }
}

/// The column index of every field (`usize::MAX` when absent).
struct Columns([usize; 17]);

impl Columns {
    fn new(map: &ColumnMap) -> Columns {
        let mut out = [usize::MAX; 17];
        for (i, c) in map.columns.iter().enumerate() {
            out[i] = c.unwrap_or(usize::MAX);
        }
        Columns(out)
    }
}

/// Field positions in `fields::MEDICAL` and `fields::PHARMACY`.
mod at {
    pub const CLAIM_ID: usize = 0;
    pub const LINE: usize = 1;
    pub const CLAIM_TYPE: usize = 2;
    pub const MEMBER: usize = 3;
    pub const PURCHASER: usize = 4;
    pub const START: usize = 5;
    pub const END: usize = 6;
    pub const ADMISSION: usize = 7;
    pub const DISCHARGE: usize = 8;
    pub const POS: usize = 9;
    pub const BILL_TYPE: usize = 10;
    pub const REVENUE: usize = 11;
    pub const HCPCS: usize = 12;
    pub const DRG: usize = 13;
    pub const NPI: usize = 14;
    pub const ALLOWED: usize = 15;
    pub const PAID: usize = 16;
    pub mod rx {
        pub const CLAIM_ID: usize = 0;
        pub const MEMBER: usize = 1;
        pub const PURCHASER: usize = 2;
        pub const FILL: usize = 3;
        pub const NDC: usize = 4;
        pub const ALLOWED: usize = 5;
        pub const PAID: usize = 6;
    }
}

/// Reads one row's fields, collecting a problem per bad cell.
struct RowFields<'r, 'v> {
    values: &'r [Value<'v>],
    cols: &'r Columns,
    fields: &'static [fields::ClaimField],
    headers: &'r [String],
    row: u64,
    problems: Vec<Problem>,
}

impl<'r, 'v> RowFields<'r, 'v> {
    fn new(
        values: &'r [Value<'v>],
        cols: &'r Columns,
        kind: ClaimFile,
        headers: &'r [String],
        row: u64,
    ) -> Self {
        RowFields {
            values,
            cols,
            fields: kind.fields(),
            headers,
            row,
            problems: Vec::new(),
        }
    }

    fn value(&self, field: usize) -> Value<'v> {
        let col = self.cols.0[field];
        self.values.get(col).copied().unwrap_or(Value::Empty)
    }

    fn problem(&mut self, field: usize, value: String, problem: String) {
        let col = self.cols.0[field];
        let header = self.headers.get(col).map_or("", String::as_str);
        self.problems.push(Problem {
            row: self.row as usize,
            column: format!(
                "{} ({})",
                crate::import::layout::column_letter(col),
                if header.is_empty() {
                    self.fields[field].label
                } else {
                    header
                }
            ),
            value,
            problem,
        });
    }

    fn text(&mut self, field: usize) -> &'v str {
        match self.value(field) {
            Value::Text(s) => s.trim(),
            _ => "",
        }
    }

    /// Codes and ids: text as is, whole numbers without ".0".
    fn code(&self, field: usize) -> Cow<'v, str> {
        match self.value(field) {
            Value::Text(s) => Cow::Borrowed(s.trim()),
            v @ (Value::Number(_) | Value::Int(_)) => Cow::Owned(v.display()),
            _ => Cow::Borrowed(""),
        }
    }

    fn required_code(&mut self, field: usize, what: &str) -> Option<Cow<'v, str>> {
        let c = self.code(field);
        if c.is_empty() {
            self.problem(field, String::new(), format!("{what} is missing"));
            return None;
        }
        Some(c)
    }

    fn date(&mut self, field: usize, required: bool) -> Option<NaiveDate> {
        match rows::date(self.value(field)) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                if required {
                    self.problem(field, String::new(), "the date is missing".into());
                }
                None
            }
            Err(e) => {
                let shown = self.value(field).display();
                self.problem(field, shown, e);
                None
            }
        }
    }

    fn money(&mut self, field: usize, required: bool) -> Option<f64> {
        match rows::money(self.value(field)) {
            Ok(Some(x)) => Some(x),
            Ok(None) if required => {
                self.problem(field, String::new(), "the amount is missing".into());
                None
            }
            Ok(None) => Some(0.0),
            Err(e) => {
                let shown = self.value(field).display();
                self.problem(field, shown, e);
                None
            }
        }
    }
}

impl<'e> Load<'e> {
    fn new(
        batch_id: i64,
        kind: ClaimFile,
        cols: &'e Columns,
        enrollment: &'e Enrollment,
        default_purchaser: Option<i64>,
        headers: &'e [String],
    ) -> Self {
        Load {
            batch_id,
            kind,
            cols,
            enrollment,
            default_purchaser,
            cells: HashMap::new(),
            plans: Interned::default(),
            member_years: HashMap::new(),
            members: Interned::default(),
            er_visits: HashSet::new(),
            admissions: HashMap::new(),
            purchasers_by_name: HashMap::new(),
            provider_services: HashMap::new(),
            headers,
            rows_read: 0,
            imported: 0,
            rejected: 0,
            reversals: 0,
            without_plan: 0,
            allowed_total: 0.0,
            paid_total: 0.0,
            problems: Vec::new(),
            problems_total: 0,
            months: None,
        }
    }

    fn reject(&mut self, problems: Vec<Problem>) {
        self.rejected += 1;
        self.problems_total += problems.len() as u64;
        let room = MAX_PROBLEMS_KEPT.saturating_sub(self.problems.len());
        self.problems.extend(problems.into_iter().take(room));
    }

    /// One data row (its row number in the file, header = 1).
    fn row(
        &mut self,
        row: u64,
        values: &[Value],
        progress: &Progress,
        out: &mut Outbox,
    ) -> Result<(), ClaimsError> {
        if self.rows_read.is_multiple_of(4096) && progress.cancel.load(Ordering::Relaxed) {
            return Err(ClaimsError::Cancelled);
        }
        if values.iter().all(|v| v.is_empty()) {
            return Ok(());
        }
        self.rows_read += 1;
        match self.kind {
            ClaimFile::Medical => self.medical(row, values, out),
            ClaimFile::Pharmacy => self.pharmacy(row, values, out),
        }
    }

    fn purchaser(
        &mut self,
        out: &mut Outbox,
        named: &str,
        member: &str,
        date: Option<NaiveDate>,
        r: &mut RowFields,
        field: usize,
    ) -> Result<Option<i64>, ClaimsError> {
        use crate::store::claims::Whose;
        if !named.is_empty() {
            if let Some(id) = self.purchasers_by_name.get(named) {
                return Ok(Some(*id));
            }
            let id = out.purchaser(named)?;
            self.purchasers_by_name.insert(named.to_string(), id);
            return Ok(Some(id));
        }
        let Some(date) = date else {
            return Ok(None);
        };
        let whose = self.enrollment.purchaser_of(member, date);
        let found = match whose {
            Whose::One(id) => Some(id),
            _ => self.default_purchaser,
        };
        if found.is_none() {
            let problem = if whose == Whose::Several {
                format!(
                    "member ID {member} is on file for several purchasers: add a purchaser column or choose the purchaser these claims belong to"
                )
            } else {
                format!(
                    "member {member} is in neither the eligibility nor the census, and the file names no purchaser: choose the purchaser these claims belong to"
                )
            };
            r.problem(field, member.to_string(), problem);
        }
        Ok(found)
    }

    fn medical(&mut self, row: u64, values: &[Value], out: &mut Outbox) -> Result<(), ClaimsError> {
        let (cols, headers) = (self.cols, self.headers);
        let mut r = RowFields::new(values, cols, ClaimFile::Medical, headers, row);
        let claim_id = r.required_code(at::CLAIM_ID, "the claim ID");
        let member = r.required_code(at::MEMBER, "the member ID");
        let start = r.date(at::START, true);
        let end = r.date(at::END, false);
        let admission = r.date(at::ADMISSION, false);
        let discharge = r.date(at::DISCHARGE, false);
        let allowed = r.money(at::ALLOWED, true);
        let paid = r.money(at::PAID, false);
        let line_number = rows::int(r.value(at::LINE));
        let (bill, revenue, pos) = (r.code(at::BILL_TYPE), r.code(at::REVENUE), r.code(at::POS));
        let (hcpcs, drg, npi) = (r.code(at::HCPCS), r.code(at::DRG), r.code(at::NPI));
        let codes = LineCodes {
            claim_type: r.text(at::CLAIM_TYPE),
            bill_type: &bill,
            revenue_code: &revenue,
            place_of_service: &pos,
            hcpcs_code: &hcpcs,
            drg_code: &drg,
        };
        let named = r.text(at::PURCHASER);
        let purchaser = match &member {
            Some(m) => self.purchaser(out, named, m, start, &mut r, at::MEMBER)?,
            None => None,
        };
        if !r.problems.is_empty() {
            self.reject(r.problems);
            return Ok(());
        }
        // Every field left out above recorded a problem, so all are here.
        let (Some(claim_id), Some(member), Some(start), Some(allowed), Some(paid), Some(p)) =
            (claim_id, member, start, allowed, paid, purchaser)
        else {
            return Ok(());
        };
        let category = categorize(&codes);
        out.line(
            &LineRow {
                claim_id: &claim_id,
                line_number,
                claim_type: codes.claim_type,
                member: &member,
                purchaser_id: p,
                start_date: Some(start),
                end_date: end,
                admission_date: admission,
                discharge_date: discharge,
                place_of_service: &pos,
                bill_type: &bill,
                revenue_code: &revenue,
                hcpcs_code: &hcpcs,
                drg_code: &drg,
                provider_npi: &npi,
                allowed_usd: allowed,
                paid_usd: paid,
                category: Some(category),
            },
            self.batch_id,
        )?;
        let events = match category {
            Category::Emergency => u64::from(self.er_visits.insert((p, member.to_string(), start))),
            Category::Inpatient => {
                let admitted = admission.unwrap_or(start).min(start);
                let new = self.note_admission(p, &claim_id, &member, admitted);
                self.note_facility(&npi, ("MS-DRG", &drg, "inpatient"), u64::from(new), allowed);
                0
            }
            _ => 1,
        };
        if category != Category::Inpatient && crate::model::claims::is_institutional(&codes) {
            self.note_facility(&npi, ("HCPCS", &hcpcs, "outpatient"), 1, allowed);
        }
        self.add(p, &member, start, category, (allowed, paid), events);
        Ok(())
    }

    /// Keeps each inpatient claim's earliest admission date (its lines may arrive in any
    /// order); true for a claim not seen before.
    fn note_admission(
        &mut self,
        purchaser: i64,
        claim_id: &str,
        member: &str,
        admitted: NaiveDate,
    ) -> bool {
        let plan = self.enrollment.plan_on(member, purchaser, admitted);
        match self.admissions.get_mut(&(purchaser, claim_id.to_string())) {
            Some(entry) => {
                if admitted < entry.0 {
                    *entry = (admitted, plan.to_string());
                }
                false
            }
            None => {
                let key = (purchaser, claim_id.to_string());
                self.admissions.insert(key, (admitted, plan.to_string()));
                true
            }
        }
    }

    /// Adds a facility line to its hospital's service (admissions count once per claim).
    fn note_facility(
        &mut self,
        npi: &str,
        (code_type, code, setting): (&'static str, &str, &'static str),
        services: u64,
        allowed: f64,
    ) {
        if npi.is_empty() || code.is_empty() {
            return;
        }
        let key = (npi.to_string(), code_type, code.to_string(), setting);
        let entry = self.provider_services.entry(key).or_default();
        entry.0 += services;
        entry.1 += allowed;
    }

    fn pharmacy(
        &mut self,
        row: u64,
        values: &[Value],
        out: &mut Outbox,
    ) -> Result<(), ClaimsError> {
        use at::rx;
        let (cols, headers) = (self.cols, self.headers);
        let mut r = RowFields::new(values, cols, ClaimFile::Pharmacy, headers, row);
        let claim_id = r.required_code(rx::CLAIM_ID, "the claim ID");
        let member = r.required_code(rx::MEMBER, "the member ID");
        let fill = r.date(rx::FILL, true);
        let allowed = r.money(rx::ALLOWED, true);
        let paid = r.money(rx::PAID, false);
        let ndc = r.code(rx::NDC);
        let named = r.text(rx::PURCHASER);
        let purchaser = match &member {
            Some(m) => self.purchaser(out, named, m, fill, &mut r, rx::MEMBER)?,
            None => None,
        };
        if !r.problems.is_empty() {
            self.reject(r.problems);
            return Ok(());
        }
        // Every field left out above recorded a problem, so all are here.
        let (Some(claim_id), Some(member), Some(fill), Some(allowed), Some(paid), Some(p)) =
            (claim_id, member, fill, allowed, paid, purchaser)
        else {
            return Ok(());
        };
        out.fill(
            &FillRow {
                claim_id: &claim_id,
                member: &member,
                purchaser_id: p,
                fill_date: Some(fill),
                ndc_code: &ndc,
                allowed_usd: allowed,
                paid_usd: paid,
            },
            self.batch_id,
        )?;
        self.add(p, &member, fill, Category::Pharmacy, (allowed, paid), 1);
        Ok(())
    }

    /// Adds one stored line to its cell (the plan of the member's span on `date`) and to the
    /// member's year.
    fn add(
        &mut self,
        purchaser: i64,
        member: &str,
        date: NaiveDate,
        category: Category,
        (allowed, paid): (f64, f64),
        events: u64,
    ) {
        let month = Month::of(date);
        let plan = self.enrollment.plan_on(member, purchaser, date);
        self.without_plan += u64::from(plan.is_empty());
        let plan = self.plans.index(plan);
        let cell = self
            .cells
            .entry((purchaser, plan, month, category))
            .or_default();
        cell.allowed_usd += allowed;
        cell.paid_usd += paid;
        cell.lines += 1;
        cell.events += events;
        let member = self.members.index(member);
        let year = self
            .member_years
            .entry((purchaser, member, date.year()))
            .or_default();
        year.0 += allowed;
        year.1 += paid;
        self.imported += 1;
        self.allowed_total += allowed;
        self.paid_total += paid;
        self.reversals += u64::from(allowed < 0.0);
        self.months = Some(match self.months {
            None => (month, month),
            Some((lo, hi)) => (lo.min(month), hi.max(month)),
        });
    }

    /// Counts each inpatient claim once, in the month and plan of its admission, and writes
    /// the sums.
    fn finish<'t>(&mut self, tx: &'t rusqlite::Transaction<'t>) -> Result<(), ClaimsError> {
        for ((purchaser, _), (admitted, plan)) in std::mem::take(&mut self.admissions) {
            let plan = self.plans.index(&plan);
            let key = (purchaser, plan, Month::of(admitted), Category::Inpatient);
            self.cells.entry(key).or_default().events += 1;
        }
        let cells: HashMap<CellKey, CellSums> = self
            .cells
            .iter()
            .map(|((p, plan, m, c), s)| ((*p, self.plans.name(*plan).to_string(), *m, *c), *s))
            .collect();
        let years: HashMap<(i64, String, i32), (f64, f64)> = self
            .member_years
            .iter()
            .map(|((p, m, y), s)| ((*p, self.members.name(*m).to_string(), *y), *s))
            .collect();
        write_aggregates(tx, self.batch_id, &cells, &years)?;
        crate::store::claims::write_provider_services(tx, self.batch_id, &self.provider_services)?;
        Ok(())
    }

    fn summary(&self, file: String, format: ClaimsFormat, headers: &[String]) -> ClaimsImport {
        let used: Vec<usize> = self
            .cols
            .0
            .iter()
            .copied()
            .filter(|c| *c != usize::MAX)
            .collect();
        let members: HashSet<u32> = self.member_years.keys().map(|k| k.1).collect();
        ClaimsImport {
            file,
            format,
            kind: self.kind,
            batch_id: Some(self.batch_id),
            rows_read: self.rows_read,
            rows_imported: self.imported,
            rows_rejected: self.rejected,
            problems: self.problems.clone(),
            problems_total: self.problems_total,
            allowed_total: self.allowed_total,
            paid_total: self.paid_total,
            reversals: self.reversals,
            members: members.len(),
            lines_without_plan: self.without_plan,
            first_month: self.months.map(|m| m.0.key()),
            last_month: self.months.map(|m| m.1.key()),
            duplicate_of: None,
            unused_columns: headers
                .iter()
                .enumerate()
                .filter(|(i, h)| !used.contains(i) && !h.trim().is_empty())
                .map(|(_, h)| h.clone())
                .collect(),
            phases: Phases::default(),
        }
    }
}

#[cfg(test)]
mod tests;
