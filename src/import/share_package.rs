//! Reading a coalition share package (`report::share`): the import recognises it by its About
//! sheet and stores the sender as a coalition peer, never touching our own members or plans.

use super::ImportError;
use super::source::{SheetData, Source};
use crate::domain::Tier;
use crate::model::benchmark::PlanAggregate;
use crate::share_format::{FORMAT, HOSPITAL_HEADERS, PLAN_HEADERS, TIER_HEADERS, TITLE};
use crate::store::Workspace;
use crate::store::peers::Package;
use calamine::{Data, Range};
use serde::Serialize;
use std::path::Path;

/// What importing a package did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackageSummary {
    pub batch_id: i64,
    pub sender: String,
    pub plans: usize,
    pub file: String,
    /// The sender's earlier package, replaced by this one.
    pub replaced_batch: Option<i64>,
    /// An import of the same file before (same SHA-256).
    pub duplicate_of: Option<i64>,
    /// The sender is a purchaser in this workspace: a benchmark would compare our plans with
    /// themselves.
    pub from_our_purchaser: bool,
}

impl PackageSummary {
    /// Warnings worth a user's attention, in words.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(prev) = self.duplicate_of {
            out.push(format!(
                "{} has the same contents as import {prev} (same SHA-256)",
                self.file
            ));
        }
        if let Some(old) = self.replaced_batch {
            out.push(format!(
                "it replaces the package {} sent before (import {old}, now gone from the history)",
                self.sender
            ));
        }
        if self.from_our_purchaser {
            out.push(format!(
                "{} is a purchaser in this workspace: benchmarking against its package compares our plans with themselves",
                self.sender
            ));
        }
        out
    }
}

fn cell_text(r: &Range<Data>, row: u32, col: u32) -> String {
    match r.get_value((row, col)) {
        Some(Data::String(s)) => crate::table::unneutralize(s.trim()).to_string(),
        Some(Data::Float(x)) => x.to_string(),
        Some(Data::Int(x)) => x.to_string(),
        _ => String::new(),
    }
}

fn number(r: &Range<Data>, row: u32, col: u32) -> Option<f64> {
    match r.get_value((row, col)) {
        Some(Data::Float(x)) => Some(*x),
        Some(Data::Int(x)) => Some(*x as f64),
        _ => None,
    }
}

fn range(src: &Source, sheet: &str) -> Result<Range<Data>, ImportError> {
    match src.read_sheet(sheet)? {
        SheetData::Range(r) => Ok(r),
        _ => Err(ImportError::Unreadable {
            file: src.path.display().to_string(),
            reason: format!("sheet '{sheet}' of the share package could not be read"),
        }),
    }
}

/// True when `src` is a share package (an About sheet titled as one).
/// True when the file begins with a zip's local-file signature.
fn starts_as_zip(path: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 4];
    std::fs::File::open(path).is_ok_and(|mut f| f.read_exact(&mut magic).is_ok())
        && magic == *b"PK\x03\x04"
}

pub fn is_share_package(src: &Source) -> bool {
    src.sheets.iter().any(|s| s.name == "About")
        && range(src, "About").is_ok_and(|r| cell_text(&r, 0, 0) == TITLE)
}

fn bad(src: &Source, sheet: &str, row: u32, col: u32, what: String) -> ImportError {
    ImportError::Unreadable {
        file: src.path.display().to_string(),
        reason: format!(
            "share package, sheet '{sheet}', row {}, column {}: {what}",
            row + 1,
            rust_xlsxwriter::utility::column_number_to_name(col as u16)
        ),
    }
}

fn check_headers(
    src: &Source,
    r: &Range<Data>,
    sheet: &str,
    headers: &[&str],
) -> Result<(), ImportError> {
    for (i, h) in headers.iter().enumerate() {
        let found = cell_text(r, 0, i as u32);
        if found != *h {
            return Err(bad(
                src,
                sheet,
                0,
                i as u32,
                format!("expected the header '{h}', found '{found}'"),
            ));
        }
    }
    Ok(())
}

/// Reads a package; every problem names the sheet, row and column.
pub fn read_package(src: &Source) -> Result<Package, ImportError> {
    let about = range(src, "About")?;
    let value = |key: &str| {
        (1..20)
            .find(|row| cell_text(&about, *row, 0) == key)
            .map(|row| cell_text(&about, row, 1))
    };
    let format = value("Format").unwrap_or_default();
    if format.split('/').next() != FORMAT.split('/').next() {
        return Err(bad(
            src,
            "About",
            1,
            1,
            format!("not a share package format ('{format}')"),
        ));
    }
    let sender = value("Sender")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| bad(src, "About", 2, 1, "the sender's name is missing".into()))?;
    let plans_sheet = range(src, "Plans")?;
    check_headers(src, &plans_sheet, "Plans", &PLAN_HEADERS)?;
    let mut plans = Vec::new();
    for row in 1..plans_sheet.height() as u32 {
        let code = cell_text(&plans_sheet, row, 0);
        if code.is_empty() {
            continue;
        }
        let n = |c| number(&plans_sheet, row, c);
        let deductible = n(8).ok_or_else(|| {
            bad(
                src,
                "Plans",
                row,
                8,
                "the deductible is not a number".into(),
            )
        })?;
        plans.push(PlanAggregate {
            plan_code: code,
            plan_name: cell_text(&plans_sheet, row, 1),
            carrier: cell_text(&plans_sheet, row, 2),
            metal_level: cell_text(&plans_sheet, row, 3),
            enrolled: n(4),
            premium_pmpm: n(5),
            employer_share: n(6),
            spend_pmpm: n(7),
            deductible,
            oop_max: n(9).unwrap_or(0.0),
            actuarial_value: n(10),
            quality_composite: n(11),
        });
    }
    let tiers_sheet = range(src, "Tiers")?;
    check_headers(src, &tiers_sheet, "Tiers", &TIER_HEADERS)?;
    let mut tiers = Vec::new();
    for row in 1..tiers_sheet.height() as u32 {
        let code = cell_text(&tiers_sheet, row, 0);
        if code.is_empty() {
            continue;
        }
        let tier_text = cell_text(&tiers_sheet, row, 1);
        let tier = Tier::parse(&tier_text).ok_or_else(|| {
            bad(
                src,
                "Tiers",
                row,
                1,
                format!("'{tier_text}' is not a coverage tier"),
            )
        })?;
        let n = |c| number(&tiers_sheet, row, c);
        tiers.push((code, tier, n(2), n(3), n(4)));
    }
    Ok(Package {
        sender,
        format,
        sent_at: value("Generated").unwrap_or_default(),
        plans,
        tiers,
        hospitals: read_hospitals(src)?,
    })
}

/// The Hospitals sheet, when the package has one (older packages do not).
fn read_hospitals(src: &Source) -> Result<Vec<crate::store::peers::HospitalLine>, ImportError> {
    if !src.sheets.iter().any(|s| s.name == "Hospitals") {
        return Ok(Vec::new());
    }
    let sheet = range(src, "Hospitals")?;
    check_headers(src, &sheet, "Hospitals", &HOSPITAL_HEADERS)?;
    let mut out = Vec::new();
    for row in 1..sheet.height() as u32 {
        let hospital = cell_text(&sheet, row, 0);
        if hospital.is_empty() {
            continue;
        }
        out.push(crate::store::peers::HospitalLine {
            hospital,
            state: cell_text(&sheet, row, 1),
            setting: cell_text(&sheet, row, 2),
            relative_price: number(&sheet, row, 3),
            services_priced: number(&sheet, row, 4).unwrap_or(0.0) as usize,
        });
    }
    Ok(out)
}

/// Imports a package as a coalition peer in one transaction.
pub fn import_package(ws: &mut Workspace, path: &Path) -> Result<PackageSummary, ImportError> {
    let src = Source::open(path)?;
    let pkg = read_package(&src)?;
    let file = src.file_name();
    let duplicate_of = ws.previous_import_of(&src.sha256, "About")?;
    let from_our_purchaser = ws
        .purchasers()?
        .iter()
        .any(|(_, name, _)| name == &pkg.sender);
    let (batch_id, replaced_batch) = ws.add_peer_package(&pkg, &file, &src.sha256)?;
    Ok(PackageSummary {
        batch_id,
        sender: pkg.sender,
        plans: pkg.plans.len(),
        file,
        replaced_batch,
        duplicate_of,
        from_our_purchaser,
    })
}

/// Opens `path` and imports it as a share package when it is one; `None` otherwise.
pub fn import_if_package(
    ws: &mut Workspace,
    path: &Path,
) -> Result<Option<PackageSummary>, ImportError> {
    // A package is an xlsx (a zip); anything else, such as a claims CSV of gigabytes, is not
    // read whole to find out.
    if !starts_as_zip(path) {
        return Ok(None);
    }
    let src = match Source::open(path) {
        Ok(s) => s,
        Err(_) => return Ok(None),
    };
    if !is_share_package(&src) {
        return Ok(None);
    }
    drop(src);
    import_package(ws, path).map(Some)
}
