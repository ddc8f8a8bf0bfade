//! Workbooks in: open any supported format safely, find the header, map columns to fields,
//! parse and validate every row, then commit the valid rows in one transaction under an
//! `import_batch` (strict by default: any invalid row means nothing is written).

pub mod cell;
pub mod claims;
pub mod handover;
pub mod layout;
pub mod mapping;
mod packed;
pub mod parse;
pub mod prices;
pub mod scenario_file;
pub mod share_package;
pub mod source;
mod stream;
mod text;
pub mod two_years;

pub use mapping::{Kind, Mapping};
pub use parse::Problem;
pub use source::{Format, SheetInfo, Source};

use crate::store::imports;
use crate::store::records::{self, KeyCache};
use crate::store::{StoreError, Workspace};
use layout::Layout;
use parse::{Lookups, Record, Relationship};
use serde::Serialize;
use source::SheetData;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Most problems kept in a report (the count is always exact).
pub const MAX_PROBLEMS_KEPT: usize = 10_000;
/// Member imports larger than this rebuild the member indexes after loading.
const BULK_ROWS: usize = 20_000;

/// Why an import did not happen; every message names the file (and sheet, row, column).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: {reason}")]
    Unreadable { file: String, reason: String },
    #[error("{file}: no sheet named '{sheet}' (sheets: {sheets})")]
    NoSuchSheet {
        file: String,
        sheet: String,
        sheets: String,
    },
    #[error(
        "{file}, sheet '{sheet}': no header row found (the sheet is empty or has no column titles)"
    )]
    NoHeader { file: String, sheet: String },
    #[error("{file}, sheet '{sheet}': header only, no data rows")]
    NoData { file: String, sheet: String },
    #[error(
        "{file}, sheet '{sheet}': no column for {fields} (a {kind} file needs them; fix the mapping or pass --kind)"
    )]
    MissingFields {
        file: String,
        sheet: String,
        kind: &'static str,
        fields: String,
    },
    #[error(
        "{file}, sheet '{sheet}': cannot tell what this sheet holds (only {known} looks familiar); name the kind with --kind members|plans|rates|measures|providers|… or choose it in the Import view"
    )]
    UnclearKind {
        file: String,
        sheet: String,
        known: String,
    },
    #[error("{}", rejected_message(.0))]
    Rejected(Box<ImportSummary>),
    #[error("import cancelled; nothing was written")]
    Cancelled,
    /// Internal: carries a dry run's report out of the rolled-back transaction.
    #[error("checked only; nothing was written")]
    Checked(Box<ImportSummary>),
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ImportError {
    fn from(e: rusqlite::Error) -> Self {
        ImportError::Store(StoreError::Sqlite(e))
    }
}

fn rejected_message(s: &ImportSummary) -> String {
    let first = s
        .problems
        .first()
        .map(|p| {
            format!(
                "; first: row {}, column {}, value '{}': {}",
                p.row,
                crate::model::labels::field_label(&p.column),
                p.value_one_line(),
                p.problem
            )
        })
        .unwrap_or_default();
    format!(
        "{}, sheet '{}': {} of {} rows are invalid, nothing was imported (use --skip-invalid to import the {} valid rows){first}",
        s.file,
        s.sheet,
        s.rows_rejected,
        s.rows_rejected + s.rows_valid,
        s.rows_valid
    )
}

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub sheet: Option<String>,
    pub kind: Option<Kind>,
    pub skip_invalid: bool,
    /// Purchaser for a census without an employer column (created if new).
    pub purchaser: Option<String>,
    /// A mapping the user corrected; remembered for this header set.
    pub mapping: Option<Mapping>,
    /// Check every row and report, then roll back: nothing is written.
    pub dry_run: bool,
}

/// Progress of a running import, shared with the UI thread; set `cancel` to stop.
#[derive(Debug, Default)]
pub struct Progress {
    pub rows_done: AtomicUsize,
    pub rows_total: AtomicUsize,
    pub cancel: AtomicBool,
}

/// The outcome of an import (or of a rejected one).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportSummary {
    pub batch_id: Option<i64>,
    pub file: String,
    pub sheet: String,
    pub kind: Kind,
    pub header_row: usize,
    pub rows_valid: usize,
    pub rows_imported: usize,
    pub rows_rejected: usize,
    /// Dependents folded into their subscriber's tier.
    pub dependents_rolled_up: usize,
    pub problems: Vec<Problem>,
    pub problems_total: usize,
    /// A batch already imported from a file with the same sha256.
    pub duplicate_of: Option<i64>,
    pub mapping: Mapping,
    /// A warning about the file itself (a text file named like a workbook).
    pub notice: Option<String>,
    /// Source columns with a header that no field took, in sheet order.
    pub unused_columns: Vec<String>,
    /// Fields some valid rows left empty, and what was assumed for them.
    pub defaulted: Vec<DefaultedField>,
}

/// A field that valid rows left empty and that got an assumed value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DefaultedField {
    pub field: &'static str,
    /// What a user reads: "Coinsurance (%)".
    pub label: String,
    /// The value assumed, as shown: "0".
    pub assumed: String,
    pub rows: usize,
    /// "Coinsurance (%) not found: assumed 0 for 1,039 plans".
    pub message: String,
}

fn unused_columns(layout: &Layout, map: &Mapping) -> Vec<String> {
    layout
        .headers
        .iter()
        .zip(&map.columns)
        .filter(|(h, field)| field.is_none() && !h.trim().is_empty())
        .map(|(h, _)| h.trim().to_string())
        .collect()
}

fn defaulted_fields(counts: &BTreeMap<&'static str, usize>, kind: Kind) -> Vec<DefaultedField> {
    let (one, many) = match kind {
        Kind::Plans => ("plan", "plans"),
        _ => ("row", "rows"),
    };
    counts
        .iter()
        .map(|(field, rows)| {
            let label = crate::model::labels::field_label(field);
            let message = format!(
                "{label} not found: assumed 0 for {}",
                crate::format::plural(*rows, one, many)
            );
            DefaultedField {
                field,
                label,
                assumed: "0".into(),
                rows: *rows,
                message,
            }
        })
        .collect()
}

/// Everything the Import view shows before importing.
pub struct Preview {
    pub sheet: String,
    pub layout: Layout,
    pub kind: Kind,
    pub mapping: Mapping,
    pub remembered: bool,
    /// The first rows from the header on, as text.
    pub rows: Vec<Vec<String>>,
    pub width: usize,
    /// True when only the first rows were read and the data extent is the sheet's declared
    /// height (the import finds the exact end).
    pub extent_estimated: bool,
}

/// Rows a preview reads from a sheet that can be read row by row.
const PREVIEW_ROWS: usize = 120;

/// A sheet as read for choosing it, and its declared height when rows were left unread.
type SheetRead = (SheetData, Option<usize>);

fn read_whole(src: &Source, name: &str) -> Result<SheetRead, ImportError> {
    src.read_sheet(name).map(|data| (data, None))
}

/// Reads only the rows a preview shows where the format allows it: a large census previews at
/// once and without holding its whole sheet.
fn read_head(src: &Source, name: &str) -> Result<SheetRead, ImportError> {
    stream::head(src, name, PREVIEW_ROWS).unwrap_or_else(|| read_whole(src, name))
}

/// Finds the table; a sheet read in part ends at its declared height, not at the last row read.
fn detect_layout((data, unread_height): &SheetRead) -> Option<(Layout, bool)> {
    let mut layout = layout::detect(data)?;
    let ran_to_the_end_of_the_head = layout.data_end == data.height();
    match unread_height {
        Some(height) if ran_to_the_end_of_the_head => {
            layout.data_end = layout.data_end.max(*height);
            Some((layout, true))
        }
        _ => Some((layout, false)),
    }
}

/// A chosen sheet: its name, what was read of it, the table found and whether the table's end
/// is estimated.
type Chosen = (String, SheetData, Layout, bool);

/// Chooses the sheet: the one asked for, else the first visible sheet with a header.
fn choose_sheet(
    src: &Source,
    asked: Option<&str>,
    read: fn(&Source, &str) -> Result<SheetRead, ImportError>,
) -> Result<Chosen, ImportError> {
    let file = src.path.display().to_string();
    if let Some(name) = asked {
        let sheet = read(src, name)?;
        let (layout, estimated) = detect_layout(&sheet).ok_or_else(|| ImportError::NoHeader {
            file,
            sheet: name.to_string(),
        })?;
        return Ok((name.to_string(), sheet.0, layout, estimated));
    }
    let mut first_error = None;
    let mut header_only = None;
    for s in src.sheets.iter().filter(|s| !s.hidden) {
        match read(src, &s.name) {
            Ok(sheet) => match detect_layout(&sheet) {
                Some((l, estimated)) if l.data_end > l.data_start => {
                    return Ok((s.name.clone(), sheet.0, l, estimated));
                }
                Some((l, estimated)) => {
                    header_only.get_or_insert((s.name.clone(), sheet.0, l, estimated));
                }
                None => {}
            },
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(found) = header_only {
        return Ok(found);
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    let sheet = src
        .sheets
        .first()
        .map(|s| s.name.clone())
        .unwrap_or_default();
    Err(ImportError::NoHeader { file, sheet })
}

fn remembered_mapping(ws: &Workspace, headers: &[String]) -> Result<Option<Mapping>, ImportError> {
    let json = ws.remembered_mapping_json(&mapping::header_key(headers))?;
    // A mapping saved by another version that no longer parses is simply not offered.
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// The header of the sheet an import would choose, read from its first rows only.
pub fn sheet_headers(src: &Source) -> Result<Vec<String>, ImportError> {
    let (_, _, layout, _) = choose_sheet(src, None, read_head)?;
    Ok(layout.headers)
}

/// Reads a file far enough to show the sheet, detected header, guessed kind and mapping.
pub fn preview(
    ws: &Workspace,
    src: &Source,
    sheet: Option<&str>,
    kind: Option<Kind>,
) -> Result<Preview, ImportError> {
    let (sheet, data, layout, extent_estimated) = choose_sheet(src, sheet, read_head)?;
    let remembered =
        remembered_mapping(ws, &layout.headers)?.filter(|m| kind.is_none_or(|k| k == m.kind));
    let kind = kind
        .or(remembered.as_ref().map(|m| m.kind))
        .unwrap_or_else(|| mapping::guess_kind(&layout.headers));
    let mapping = remembered
        .clone()
        .unwrap_or_else(|| mapping::map_headers(kind, &layout.headers));
    let rows = data
        .rows_from(layout.header_row)
        .take(60)
        .map(|r| r.iter().map(cell::CellValue::display).collect())
        .collect();
    Ok(Preview {
        sheet,
        width: layout.headers.len(),
        layout,
        kind,
        mapping,
        remembered: remembered.is_some(),
        rows,
        extent_estimated,
    })
}

fn lookups(
    ws: &Workspace,
    default_purchaser: Option<String>,
    date1904: bool,
) -> Result<Lookups, ImportError> {
    use crate::store::imports::KnownKeys;
    Ok(Lookups {
        plan_codes: ws.known_keys(KnownKeys::PlanCodes)?,
        provider_names: ws.known_keys(KnownKeys::ProviderNames)?,
        measure_codes: ws.known_keys(KnownKeys::MeasureCodes)?,
        default_purchaser,
        default_year: chrono::Datelike::year(&chrono::Local::now().date_naive()) as i64,
        date1904,
    })
}

#[derive(Default)]
struct Family {
    employee: bool,
    spouse: bool,
    children: bool,
}

fn family_tier(f: &Family) -> crate::domain::Tier {
    use crate::domain::Tier;
    match (f.spouse, f.children) {
        (true, true) => Tier::FAM,
        (true, false) => Tier::ES,
        (false, true) => Tier::EC,
        (false, false) => Tier::EE,
    }
}

/// Imports one file into `ws`: all rows or nothing (unless `skip_invalid`), in one transaction.
pub fn import_file(
    ws: &mut Workspace,
    path: &Path,
    opts: &ImportOptions,
    progress: &Progress,
) -> Result<ImportSummary, ImportError> {
    let src = Source::open(path)?;
    import_source(ws, &src, opts, progress)
}

/// Imports an already opened file (the Import view keeps it open for the preview).
pub fn import_source(
    ws: &mut Workspace,
    src: &Source,
    opts: &ImportOptions,
    progress: &Progress,
) -> Result<ImportSummary, ImportError> {
    if let Some(outcome) = stream::try_import(ws, src, opts, progress) {
        return outcome;
    }
    let file = src.path.display().to_string();
    let (sheet, data, layout, _) = choose_sheet(src, opts.sheet.as_deref(), read_whole)?;
    if layout.data_end <= layout.data_start {
        return Err(ImportError::NoData { file, sheet });
    }
    let (kind, map) = resolve_mapping(ws, opts, &layout.headers, &file, &sheet)?;
    let look = lookups(ws, opts.purchaser.clone(), src.date1904())?;
    let rows = layout.data_end - layout.data_start;
    progress.rows_total.store(rows, Ordering::Relaxed);
    let source = data
        .rows_from(layout.data_start)
        .take(rows)
        .enumerate()
        .map(|(i, cells)| (i, layout.sheet_row(layout.data_start + i), cells));
    let target = Target {
        src,
        opts,
        sheet: &sheet,
        layout: &layout,
        kind,
        map: &map,
        look: &look,
        expected_rows: rows,
    };
    commit(ws, &target, source, progress, &|| Ok(()))
}

/// Chooses the kind and column mapping: the user's, a remembered one, or from the headers.
fn resolve_mapping(
    ws: &Workspace,
    opts: &ImportOptions,
    headers: &[String],
    file: &str,
    sheet: &str,
) -> Result<(Kind, Mapping), ImportError> {
    let remembered =
        remembered_mapping(ws, headers)?.filter(|m| opts.kind.is_none_or(|k| k == m.kind));
    let chosen = opts
        .kind
        .or(opts.mapping.as_ref().map(|m| m.kind))
        .or(remembered.as_ref().map(|m| m.kind));
    let kind = chosen.unwrap_or_else(|| mapping::guess_kind(headers));
    if chosen.is_none() {
        // A guess resting on one familiar header ("Name") would file any list as that kind.
        let matched: Vec<&String> = mapping::map_headers(kind, headers)
            .columns
            .iter()
            .zip(headers)
            .filter_map(|(field, header)| field.as_ref().map(|_| header))
            .collect();
        if matched.len() < 2 {
            let known = matched
                .first()
                .map_or("no column".to_string(), |h| format!("the column '{h}'"));
            return Err(ImportError::UnclearKind {
                file: file.to_string(),
                sheet: sheet.to_string(),
                known,
            });
        }
    }
    let map = opts
        .mapping
        .clone()
        .or(remembered)
        .unwrap_or_else(|| mapping::map_headers(kind, headers));
    let missing = map.missing_required();
    if !missing.is_empty() {
        return Err(ImportError::MissingFields {
            file: file.to_string(),
            sheet: sheet.to_string(),
            kind: kind.code(),
            fields: missing.join(", "),
        });
    }
    Ok((kind, map))
}

/// Where rows go and how to read them.
struct Target<'a> {
    src: &'a Source,
    opts: &'a ImportOptions,
    sheet: &'a str,
    layout: &'a Layout,
    kind: Kind,
    map: &'a Mapping,
    look: &'a Lookups,
    expected_rows: usize,
}

/// Writes the rows under a new batch in one transaction; strict, dry-run and skip-invalid
/// decide what survives.
fn commit(
    ws: &mut Workspace,
    t: &Target,
    rows: impl Iterator<Item = (usize, usize, Vec<cell::CellValue>)>,
    progress: &Progress,
    source_ok: &dyn Fn() -> Result<(), ImportError>,
) -> Result<ImportSummary, ImportError> {
    let duplicate_of = ws.previous_import_of(&t.src.sha256, t.sheet)?;
    let mapping_json = serde_json::to_string(t.map).unwrap_or_default();
    let file_name = t.src.file_name();
    let outcome = ws.write(|tx| {
        let batch = records::insert_batch(
            tx,
            &file_name,
            &t.src.sha256,
            Some(t.sheet),
            t.kind.code(),
            &mapping_json,
        )?;
        // Secondary indexes are rebuilt once after a large load instead of updated per row.
        let bulk = t.kind == Kind::Members && t.expected_rows > BULK_ROWS;
        if bulk {
            imports::drop_member_indexes(tx)?;
        }
        let pass = load_rows(tx, batch, rows, t.layout, t.map, t.look, progress)?;
        // A reader that failed part-way must not leave a partial batch.
        source_ok()?;
        if pass.rows_valid + pass.rejected == 0 {
            return Err(ImportError::NoData {
                file: t.src.path.display().to_string(),
                sheet: t.sheet.to_string(),
            });
        }
        if bulk {
            imports::create_member_indexes(tx)?;
        }
        let mut summary = ImportSummary {
            batch_id: Some(batch),
            file: file_name.clone(),
            sheet: t.sheet.to_string(),
            kind: t.kind,
            header_row: t.layout.sheet_row(t.layout.header_row),
            rows_valid: pass.rows_valid,
            rows_imported: pass.imported,
            rows_rejected: pass.rejected,
            dependents_rolled_up: pass.dependents_rolled_up,
            problems: pass.problems,
            problems_total: pass.problems_total,
            duplicate_of,
            mapping: t.map.clone(),
            notice: t.src.notice.clone(),
            unused_columns: unused_columns(t.layout, t.map),
            defaulted: defaulted_fields(&pass.defaulted, t.kind),
        };
        if t.opts.dry_run {
            summary.batch_id = None;
            summary.rows_imported = 0;
            return Err(ImportError::Checked(Box::new(summary)));
        }
        if summary.rows_rejected > 0 && !t.opts.skip_invalid {
            // Strict: roll the whole batch back and report every problem.
            summary.batch_id = None;
            summary.rows_imported = 0;
            summary.file = t.src.path.display().to_string();
            return Err(ImportError::Rejected(Box::new(summary)));
        }
        records::finish_batch(tx, batch, pass.imported)?;
        if t.opts.mapping.is_some() {
            imports::remember_mapping(
                tx,
                &mapping::header_key(&t.layout.headers),
                t.kind.code(),
                &mapping_json,
            )?;
        }
        Ok(summary)
    });
    match outcome {
        Err(ImportError::Checked(summary)) => Ok(*summary),
        other => other,
    }
}

struct Pass {
    imported: usize,
    rows_valid: usize,
    rejected: usize,
    problems: Vec<Problem>,
    problems_total: usize,
    dependents_rolled_up: usize,
    /// Valid rows that left each field empty and got its assumed value.
    defaulted: BTreeMap<&'static str, usize>,
}

impl Pass {
    fn reject(&mut self, problems: Vec<Problem>) {
        self.rejected += 1;
        self.problems_total += problems.len();
        let room = MAX_PROBLEMS_KEPT.saturating_sub(self.problems.len());
        self.problems.extend(problems.into_iter().take(room));
    }
}

/// Dependents seen as their own rows, folded into their subscriber once every row is read.
#[derive(Default)]
struct Families {
    by_id: HashMap<String, Family>,
    /// Sheet row and family id of each dependent row, for the ones with no employee row.
    dependent_rows: Vec<(usize, String)>,
}

impl Families {
    /// Notes a member row; true when it is a dependent (kept out of the member table).
    fn note(&mut self, row: usize, id: &str, rel: Option<Relationship>) -> bool {
        let family = self.by_id.entry(id.to_string()).or_default();
        match rel {
            Some(Relationship::Spouse) => family.spouse = true,
            Some(Relationship::Child) => family.children = true,
            _ => family.employee = true,
        }
        let dependent = matches!(rel, Some(Relationship::Spouse | Relationship::Child));
        if dependent {
            self.dependent_rows.push((row, id.to_string()));
        }
        dependent
    }

    /// Rejects dependents without an employee row and sets the tier of each subscriber whose
    /// row gave none from the family it heads.
    fn finish(
        self,
        tx: &rusqlite::Transaction,
        batch: i64,
        pass: &mut Pass,
    ) -> Result<(), ImportError> {
        for (row, id) in &self.dependent_rows {
            if self.by_id.get(id).is_some_and(|f| !f.employee) {
                pass.rows_valid -= 1;
                pass.reject(vec![Problem {
                    row: *row,
                    column: "external_id".into(),
                    value: id.clone(),
                    problem: format!("dependent of family {id} has no employee row"),
                }]);
            }
        }
        pass.dependents_rolled_up = self
            .by_id
            .values()
            .map(|f| usize::from(f.spouse) + usize::from(f.children))
            .sum();
        let tiers = self
            .by_id
            .iter()
            .filter(|(_, f)| f.employee)
            .map(|(id, family)| (id.as_str(), family_tier(family).code()));
        imports::set_family_tiers(tx, batch, tiers)?;
        Ok(())
    }
}

/// One pass over the data rows (index, sheet row, cells): parse, insert the good ones,
/// collect problems; a census with dependents as rows is rolled up at the end.
fn load_rows(
    tx: &rusqlite::Transaction,
    batch: i64,
    rows: impl Iterator<Item = (usize, usize, Vec<cell::CellValue>)>,
    layout: &Layout,
    map: &Mapping,
    look: &Lookups,
    progress: &Progress,
) -> Result<Pass, ImportError> {
    let mut keys = KeyCache::new(tx, batch);
    let mut pass = Pass {
        imported: 0,
        rows_valid: 0,
        rejected: 0,
        problems: Vec::new(),
        problems_total: 0,
        dependents_rolled_up: 0,
        defaulted: BTreeMap::new(),
    };
    let mut families = map.column_of("relationship").map(|_| Families::default());
    let mut seen = 0;
    let mut members = Vec::with_capacity(records::MEMBERS_PER_INSERT);
    for (i, row, cells) in rows {
        seen = i;
        if i % 4096 == 0 {
            if progress.cancel.load(Ordering::Relaxed) {
                return Err(ImportError::Cancelled);
            }
            progress.rows_done.store(i, Ordering::Relaxed);
        }
        if parse::is_blank(&cells) {
            continue;
        }
        let record = match parse::parse_row(map.kind, map, layout, &cells, row, look) {
            Ok(parsed) => {
                for field in parsed.defaulted {
                    *pass.defaulted.entry(field).or_default() += 1;
                }
                parsed.record
            }
            Err(problems) => {
                pass.reject(problems);
                continue;
            }
        };
        pass.rows_valid += 1;
        if let (Record::Member(m, rel), Some(f)) = (&record, families.as_mut())
            && f.note(row, &m.external_id, *rel)
        {
            continue;
        }
        pass.imported += insert_record(tx, &mut keys, batch, record, &mut members)?;
        if members.len() >= records::MEMBERS_PER_INSERT {
            records::insert_members(&mut keys, &members, "employer")?;
            members.clear();
        }
    }
    records::insert_members(&mut keys, &members, "employer")?;
    if let Some(f) = families {
        f.finish(tx, batch, &mut pass)?;
    }
    progress.rows_done.store(seen + 1, Ordering::Relaxed);
    Ok(pass)
}

/// Writes one record, except members: they are queued in `members` for a multi-row insert.
fn insert_record(
    tx: &rusqlite::Transaction,
    keys: &mut KeyCache,
    batch: i64,
    record: Record,
    members: &mut Vec<records::MemberRecord>,
) -> Result<usize, ImportError> {
    use std::slice::from_ref;
    let n = match record {
        Record::Member(m, _) => {
            members.push(m);
            1
        }
        Record::Plan(p) => {
            records::upsert_plan(tx, &p, batch)?;
            1
        }
        Record::Rate(r) => records::insert_rates(keys, from_ref(&r))?,
        Record::Measure(m) => records::upsert_measures(keys, from_ref(&m))?,
        Record::Result(r) => records::insert_results(keys, from_ref(&r))?,
        Record::Provider(p) => records::insert_providers(keys, from_ref(&p))?,
        Record::Volume(v) => records::insert_volumes(keys, from_ref(&v))?,
        Record::PriceTier(t) => records::insert_price_tiers(keys, from_ref(&t))?,
        Record::Spend(s) => records::insert_spend(keys, from_ref(&s))?,
        Record::Eligibility(e) => records::insert_eligibility(keys, from_ref(&e))?,
    };
    Ok(n)
}
