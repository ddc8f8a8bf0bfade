//! `alliance-desk import` and `alliance-desk imports`.

use super::{Cli, OutputFormat, RejectedInput, open_existing, workspace_path};
use crate::import::{self, ImportError, ImportOptions, ImportSummary, Kind, Progress};
use crate::out;
use crate::store::StoreError;
use anyhow::Result;
use serde_json::json;
use std::path::PathBuf;

/// `import` options.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    pub file: PathBuf,
    /// Sheet to read (default: the first visible sheet with a table).
    #[arg(long)]
    pub sheet: Option<String>,
    /// What the sheet holds (default: guessed from the headers).
    #[arg(long, value_enum)]
    pub kind: Option<Kind>,
    /// Import the valid rows and list the rejected ones (default: all or nothing).
    #[arg(long)]
    pub skip_invalid: bool,
    /// Purchaser for a census without an employer column (created if new).
    #[arg(long)]
    pub purchaser: Option<String>,
    /// An insurer's in-network rate file: keep only these providers' NPIs (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub npi: Vec<String>,
    /// An insurer's in-network rate file: keep only these tax ids (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub tin: Vec<String>,
    /// An insurer's in-network rate file: keep only these billing codes (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub codes: Vec<String>,
    /// Read the file as claims of this kind (when its columns are not recognised).
    #[arg(long, value_enum)]
    pub claims: Option<ClaimsKindArg>,
    /// Claims: read a field from this column, e.g. --map "claim_id=Claim #" (repeatable; the
    /// mapping is remembered for the file's columns).
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub map: Vec<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

/// The claims kinds `--claims` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClaimsKindArg {
    Medical,
    Pharmacy,
}

/// `imports` options.
#[derive(Debug, clap::Args)]
pub struct ImportsArgs {
    /// Undo the import with this batch id (a backup of the workspace is taken first).
    #[arg(long)]
    pub undo: Option<i64>,
}

fn summary_json(s: &ImportSummary, status: &str) -> serde_json::Value {
    json!({
        "status": status,
        "batch_id": s.batch_id,
        "file": s.file,
        "sheet": s.sheet,
        "kind": s.kind.code(),
        "header_row": s.header_row,
        "rows_imported": s.rows_imported,
        "rows_rejected": s.rows_rejected,
        "dependents_rolled_up": s.dependents_rolled_up,
        "duplicate_of_batch": s.duplicate_of,
        "problems_total": s.problems_total,
        "notice": s.notice,
        "unused_columns": s.unused_columns,
        "defaulted": s.defaulted,
        "first_problems": s.problems.iter().take(20).collect::<Vec<_>>(),
    })
}

/// Imports a file; exit 2 when the input is rejected (nothing written).
pub fn import(cli: &Cli, args: &ImportArgs) -> Result<()> {
    let file = args.file.as_path();
    if !file.exists() {
        return Err(RejectedInput(format!("{}: no such file", file.display())).into());
    }
    if let Some(Ok(scenario)) = crate::import::scenario_file::read(file) {
        return Err(RejectedInput(format!(
            "{} is a scenario file (the {} scenario '{}'), not a table to import: `alliance-desk scenario save {}` keeps it in the workspace, `scenario run` runs it",
            file.display(),
            scenario.kind.title().to_lowercase(),
            scenario.name,
            file.display()
        ))
        .into());
    }
    let format = args.format;
    let mut ws = super::open_for_writing(workspace_path(cli)?)?;
    let opts = ImportOptions {
        sheet: args.sheet.clone(),
        kind: args.kind,
        skip_invalid: args.skip_invalid,
        purchaser: args.purchaser.clone(),
        ..Default::default()
    };
    // A coalition share package becomes a peer, not rows of our own.
    if args.kind.is_none() {
        match import::share_package::import_if_package(&mut ws, file) {
            Ok(Some(p)) => return print_package(&p, format),
            Ok(None) => {}
            Err(e @ ImportError::Store(_)) => return Err(e.into()),
            Err(e) => return Err(RejectedInput(e.to_string()).into()),
        }
    }
    // A hospital price transparency file (CMS's CSV or JSON layout) is read as a stream.
    if args.kind.is_none()
        && let Some(kind) = import::prices::cms_files::sniff(file)
    {
        return import_cms(&mut ws, file, kind, format);
    }
    // Claims (medical lines, pharmacy, or an engine's summary) are read as a stream too.
    let claims_kind = args.claims.map(|k| match k {
        ClaimsKindArg::Medical => import::claims::ClaimFile::Medical,
        ClaimsKindArg::Pharmacy => import::claims::ClaimFile::Pharmacy,
    });
    // A workbook is opened once: its header tells claims from the rest, and the rest is
    // imported from the same opened file.
    let workbook = (args.kind.is_none()
        && import::claims::format_of(file) == Some(import::claims::ClaimsFormat::Workbook))
    .then(|| import::Source::open(file).ok())
    .flatten();
    let held = match (&workbook, args.kind) {
        (_, Some(_)) => None,
        (Some(src), None) => import::sheet_headers(src)
            .ok()
            .and_then(|h| import::claims::holds(Some(&ws), &h)),
        (None, None) => import::claims::detect(Some(&ws), file).map(|d| d.2),
    };
    if args.kind.is_none() && (claims_kind.is_some() || !args.map.is_empty() || held.is_some()) {
        let columns = args
            .map
            .iter()
            .map(|m| {
                m.split_once('=')
                    .map(|(f, c)| (f.trim().to_string(), c.trim().to_string()))
                    .ok_or_else(|| RejectedInput(format!("--map '{m}': expected FIELD=COLUMN")))
            })
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let opts = import::claims::ClaimsOptions {
            purchaser: args.purchaser.clone(),
            skip_invalid: args.skip_invalid,
            kind: claims_kind.or(match held {
                Some(import::claims::Holds::Claims(kind)) => Some(kind),
                _ => None,
            }),
            columns,
            ..Default::default()
        };
        let summary = claims_kind.is_none() && held == Some(import::claims::Holds::EngineSummary);
        return super::claims::import_claims(&mut ws, file, &opts, summary, format);
    }
    match import::prices::sniff(file).filter(|_| args.kind.is_none()) {
        Some(import::prices::Layout::InsurerJson) => return import_insurer(&mut ws, args, format),
        Some(_) => return import_prices(&mut ws, file, args.skip_invalid, format),
        None => {}
    }
    let outcome = match &workbook {
        Some(src) => import::import_source(&mut ws, src, &opts, &Progress::default()),
        None => import::import_file(&mut ws, file, &opts, &Progress::default()),
    };
    match outcome {
        Ok(s) => {
            if let Some(prev) = s.duplicate_of {
                eprintln!(
                    "warning: {} has the same contents as import {prev} (same sha256); imported again",
                    file.display()
                );
            }
            match format {
                OutputFormat::Json => out!(
                    "{}",
                    serde_json::to_string_pretty(&summary_json(&s, "imported"))?
                )?,
                OutputFormat::Table => print_imported(&s)?,
            }
            Ok(())
        }
        Err(ImportError::Rejected(s)) => {
            if format == OutputFormat::Json {
                out!(
                    "{}",
                    serde_json::to_string_pretty(&summary_json(&s, "rejected"))?
                )?;
            } else {
                print_problems(&s)?;
            }
            Err(RejectedInput(ImportError::Rejected(s).to_string()).into())
        }
        Err(e @ (ImportError::Store(_) | ImportError::Cancelled)) => Err(e.into()),
        Err(e) => Err(RejectedInput(e.to_string()).into()),
    }
}

fn print_imported(s: &ImportSummary) -> std::io::Result<()> {
    if let Some(notice) = &s.notice {
        eprintln!("warning: {notice}");
    }
    out!(
        "imported {} {} rows from {} (sheet '{}', header on row {}) as batch {}",
        crate::format::count(s.rows_imported as i64),
        s.kind.code(),
        s.file,
        s.sheet,
        s.header_row,
        s.batch_id.unwrap_or_default()
    )?;
    if s.dependents_rolled_up > 0 {
        out!(
            "  {} dependents rolled up into their subscribers' tiers",
            crate::format::count(s.dependents_rolled_up as i64)
        )?;
    }
    print_assumptions(s)?;
    print_problems(s)
}

fn print_package(p: &import::share_package::PackageSummary, format: OutputFormat) -> Result<()> {
    for w in p.warnings() {
        eprintln!("warning: {w}");
    }
    match format {
        OutputFormat::Json => {
            let doc = json!({"status": "imported", "kind": "share_package", "batch_id": p.batch_id,
                "file": p.file, "peer": p.sender, "plans": p.plans,
                "replaced_batch": p.replaced_batch, "duplicate_of_batch": p.duplicate_of,
                "from_our_purchaser": p.from_our_purchaser, "warnings": p.warnings()});
            out!("{}", serde_json::to_string_pretty(&doc)?)?;
        }
        OutputFormat::Table => out!(
            "imported a share package from {} ({}) as batch {}: {} is now a coalition peer",
            p.file,
            crate::format::plural(p.plans, "plan", "plans"),
            p.batch_id,
            p.sender
        )?,
    }
    Ok(())
}

fn print_assumptions(s: &ImportSummary) -> std::io::Result<()> {
    for d in &s.defaulted {
        out!("  {}", d.message)?;
    }
    if !s.unused_columns.is_empty() {
        out!(
            "  {} not used: {}",
            crate::format::plural(s.unused_columns.len(), "column", "columns"),
            s.unused_columns.join(", ")
        )?;
    }
    Ok(())
}

fn print_problems(s: &ImportSummary) -> std::io::Result<()> {
    if s.problems_total == 0 {
        return Ok(());
    }
    out!(
        "  {} rows rejected ({} problems):",
        crate::format::count(s.rows_rejected as i64),
        crate::format::count(s.problems_total as i64)
    )?;
    for p in s.problems.iter().take(25) {
        out!(
            "    row {:>6}  {:<28} {:<20} {}",
            p.row,
            crate::model::labels::field_label(&p.column),
            format!("'{}'", p.value_one_line()),
            p.problem
        )?;
    }
    if s.problems_total > 25 {
        out!("    … and {} more", s.problems_total - 25)?;
    }
    Ok(())
}

/// Lists imports or undoes one (after a backup); an unknown batch is the user's to fix.
pub fn imports(cli: &Cli, args: &ImportsArgs) -> Result<()> {
    let mut ws = if args.undo.is_some() {
        super::open_existing_for_writing(cli)?
    } else {
        open_existing(cli)?
    };
    if let Some(id) = args.undo {
        let backup = match ws.undo_import(id) {
            Ok(undone) => undone,
            Err(e @ StoreError::NoSuchImport(_)) => return Err(RejectedInput(e.to_string()).into()),
            Err(e) => return Err(e.into()),
        };
        out!(
            "undid import {id} ({}); backup of the workspace before the undo: {}",
            backup.what,
            backup.backup.display()
        )?;
        return Ok(());
    }
    for b in ws.import_history()? {
        out!(
            "{:>5}  {:<16} {:>10} rows  {:<30} {:<20} {}",
            b.id,
            b.kind,
            crate::format::count(b.row_count),
            b.file_name,
            b.sheet,
            crate::format::local_time(&b.imported_at)
        )?;
    }
    Ok(())
}

/// Imports a hospital price file and says what it held.
fn import_prices(
    ws: &mut crate::store::Workspace,
    file: &std::path::Path,
    skip_invalid: bool,
    format: OutputFormat,
) -> Result<()> {
    use crate::import::prices::{PriceProgress, import_file};
    let Some(done) = shown_as_json(
        import_file(ws, file, skip_invalid, &PriceProgress::default()),
        format,
    )?
    else {
        return Ok(());
    };
    out!(
        "Imported {} charges ({} with a negotiated dollar amount) for {}{} from {} ({}) as import {}",
        crate::format::count(done.charges as i64),
        crate::format::count(done.dollar_charges as i64),
        done.hospital.name,
        done.hospital
            .state
            .as_deref()
            .map(|s| format!(", {s}"))
            .unwrap_or_default(),
        file.display(),
        done.layout.label(),
        done.batch_id
    )?;
    for p in done.problems.iter().take(20) {
        out!(
            "  left out: row {}, column '{}', '{}': {}",
            p.row,
            p.column,
            p.value,
            p.problem
        )?;
    }
    Ok(())
}

/// Imports an insurer's in-network rate file, kept to the providers and codes asked for.
fn import_insurer(
    ws: &mut crate::store::Workspace,
    args: &ImportArgs,
    format: OutputFormat,
) -> Result<()> {
    use crate::import::prices::insurer::InsurerFilter;
    use crate::import::prices::{PriceProgress, import_insurer_file};
    let set = |v: &[String]| v.iter().map(|s| s.trim().to_string()).collect();
    let filter = InsurerFilter {
        npis: set(&args.npi),
        tins: set(&args.tin),
        codes: set(&args.codes),
    };
    let Some(done) = shown_as_json(
        import_insurer_file(ws, &args.file, &filter, &PriceProgress::default()),
        format,
    )?
    else {
        return Ok(());
    };
    out!(
        "Imported {} in-network rates of {} ({}) for {} providers from {} as import {}",
        crate::format::count(done.rates as i64),
        done.insurer.reporting_entity_name,
        done.insurer.plan_name,
        done.providers,
        args.file.display(),
        done.batch_id
    )?;
    for p in done.problems.iter().take(20) {
        out!(
            "  note: item {}, {} '{}': {}",
            p.row,
            p.column,
            p.value,
            p.problem
        )?;
    }
    Ok(())
}

/// Imports a CMS Medicare file of a newer year and says which schedule it now prices by.
fn import_cms(
    ws: &mut crate::store::Workspace,
    file: &std::path::Path,
    kind: crate::import::prices::cms_files::CmsFile,
    format: OutputFormat,
) -> Result<()> {
    use crate::import::prices::cms_files::{CmsFile, import_cms_file};
    let Some(done) = shown_as_json(import_cms_file(ws, file), format)? else {
        return Ok(());
    };
    let what = match kind {
        CmsFile::PfsRvu { year } => format!("the CY {year} physician fee schedule"),
        CmsFile::OppsAddendumB { year } => format!("the CY {year} OPPS Addendum B"),
    };
    out!(
        "Imported {} of {what} from {} as import {}; Medicare prices now use it",
        crate::format::plural(done.codes, "code", "codes"),
        file.display(),
        done.batch_id
    )?;
    Ok(())
}

/// A price, rate or Medicare file import's outcome: input the user must fix exits 2; in JSON
/// the outcome is printed here (`None`), else it is handed back to be told in words.
fn shown_as_json<T: serde::Serialize>(
    result: std::result::Result<T, crate::import::prices::PriceImportError>,
    format: OutputFormat,
) -> Result<Option<T>> {
    use crate::import::prices::PriceImportError;
    let done = match result {
        Ok(done) => done,
        Err(PriceImportError::Store(e)) => return Err(e.into()),
        Err(e) => return Err(RejectedInput(e.to_string()).into()),
    };
    if format == OutputFormat::Json {
        out!("{}", serde_json::to_string_pretty(&done)?)?;
        return Ok(None);
    }
    Ok(Some(done))
}
