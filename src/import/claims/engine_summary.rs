//! A claims summary computed elsewhere (`claims sql` run by DuckDB or Spark over a
//! warehouse's Parquet files) imported back: its cells, member months and large members'
//! years, under one batch, so a population too large for a laptop is negotiated on one.

use super::rows::{RowReader, Value, money};
use super::{ClaimsError, ClaimsFormat, csv_source, format_of, parquet_source};
use crate::import::{Problem, Progress};
use crate::model::claims::{Category, Month};
use crate::store::Workspace;
use crate::store::claims::{CellKey, CellSums, write_aggregates, write_member_months};
use crate::store::records::{self, KeyCache};
use std::collections::HashMap;
use std::path::Path;

/// The columns the query writes.
const COLUMNS: [&str; 12] = [
    "row_kind",
    "purchaser",
    "plan_code",
    "month",
    "service_category",
    "allowed_amount",
    "paid_amount",
    "lines",
    "events",
    "member_external_id",
    "year",
    "member_months",
];

/// What an engine summary import wrote.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EngineSummaryImport {
    pub file: String,
    pub batch_id: i64,
    pub cells: usize,
    pub member_month_rows: usize,
    pub member_years: usize,
    pub allowed_total: f64,
    /// A batch already imported from a file with the same sha256.
    pub duplicate_of: Option<i64>,
}

/// True when the headers are the summary query's.
pub fn is_engine_summary(headers: &[String]) -> bool {
    let lower: Vec<String> = headers
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    COLUMNS.iter().all(|c| lower.iter().any(|h| h == c))
}

fn text(v: Value) -> String {
    match v {
        Value::Empty => String::new(),
        other => other.display().trim().to_string(),
    }
}

fn count(v: Value) -> Option<u64> {
    match money(v) {
        Ok(Some(x)) if x >= 0.0 && x.fract() == 0.0 => Some(x as u64),
        _ => None,
    }
}

/// Parsed rows, by kind.
#[derive(Default)]
struct Parsed {
    cells: Vec<(String, String, Month, Category, CellSums)>,
    member_months: Vec<(String, String, Month, f64)>,
    member_years: Vec<(String, String, i32, f64, f64)>,
}

fn bad(file: &str, row: u64, column: &str, value: String, problem: &str) -> ClaimsError {
    let p = Problem {
        row: row as usize,
        column: column.into(),
        value,
        problem: problem.into(),
    };
    ClaimsError::Unreadable {
        file: file.to_string(),
        reason: format!(
            "row {}, column {}, value '{}': {}; nothing was imported",
            p.row,
            p.column,
            p.value_one_line(),
            p.problem
        ),
    }
}

fn parse_row(
    file: &str,
    at: &[usize; 12],
    row: u64,
    v: &[Value],
    out: &mut Parsed,
) -> Result<(), ClaimsError> {
    let get = |i: usize| v.get(at[i]).copied().unwrap_or(Value::Empty);
    let kind = text(get(0));
    let purchaser = text(get(1));
    if purchaser.is_empty() {
        return Err(bad(
            file,
            row,
            "purchaser",
            String::new(),
            "the purchaser is missing",
        ));
    }
    let month = || {
        Month::parse(&text(get(3))).ok_or_else(|| {
            bad(
                file,
                row,
                "month",
                text(get(3)),
                "expected a month as YYYY-MM",
            )
        })
    };
    let amount = |i: usize| money(get(i)).ok().flatten().unwrap_or(0.0);
    match kind.as_str() {
        "cell" => {
            let category = Category::parse(&text(get(4))).ok_or_else(|| {
                bad(
                    file,
                    row,
                    "service_category",
                    text(get(4)),
                    "not a service category",
                )
            })?;
            let sums = CellSums {
                allowed_usd: amount(5),
                paid_usd: amount(6),
                lines: count(get(7)).unwrap_or(0),
                events: count(get(8)).unwrap_or(0),
            };
            out.cells
                .push((purchaser, text(get(2)), month()?, category, sums));
        }
        "member_months" => {
            out.member_months
                .push((purchaser, text(get(2)), month()?, amount(11)));
        }
        "member_year" => {
            let year = count(get(10))
                .ok_or_else(|| bad(file, row, "year", text(get(10)), "expected a year"))?;
            out.member_years
                .push((purchaser, text(get(9)), year as i32, amount(5), amount(6)));
        }
        other => {
            return Err(bad(
                file,
                row,
                "row_kind",
                other.to_string(),
                "expected cell, member_months or member_year",
            ));
        }
    }
    Ok(())
}

/// Imports a summary the query produced (CSV or Parquet); any bad row writes nothing.
pub fn import_engine_summary(
    ws: &mut Workspace,
    path: &Path,
    progress: &Progress,
) -> Result<EngineSummaryImport, ClaimsError> {
    let file = path.display().to_string();
    let unreadable = |reason: String| ClaimsError::Unreadable {
        file: file.clone(),
        reason,
    };
    let mut reader: Box<dyn RowReader> = match format_of(path) {
        Some(ClaimsFormat::Csv) => {
            Box::new(csv_source::CsvRows::open(path, progress).map_err(unreadable)?)
        }
        Some(ClaimsFormat::Parquet) => {
            Box::new(parquet_source::ParquetRows::open(path, progress).map_err(unreadable)?)
        }
        _ => return Err(unreadable("a claims summary is CSV or Parquet".into())),
    };
    let lower: Vec<String> = reader
        .headers()
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let mut at = [0usize; 12];
    for (i, c) in COLUMNS.iter().enumerate() {
        at[i] = lower.iter().position(|h| h == c).ok_or_else(|| {
            unreadable(format!(
                "no column '{c}': this is not the output of `claims sql`"
            ))
        })?;
    }
    let mut parsed = Parsed::default();
    reader.for_each_row(&mut |row, values| parse_row(&file, &at, row, values, &mut parsed))?;
    let sha256 = reader.sha256().map_err(unreadable)?;
    let file_name = path
        .file_name()
        .map_or(file.clone(), |n| n.to_string_lossy().into_owned());
    ws.write(|tx| {
        let batch = records::insert_batch(tx, &file_name, &sha256, None, "claims_summary", "{}")?;
        let mut keys = KeyCache::new(tx, batch);
        let mut cells: HashMap<CellKey, CellSums> = HashMap::new();
        for (p, plan, month, category, s) in &parsed.cells {
            let id = keys.purchaser_id(p, "employer")?;
            let cell = cells
                .entry((id, plan.clone(), *month, *category))
                .or_default();
            cell.allowed_usd += s.allowed_usd;
            cell.paid_usd += s.paid_usd;
            cell.lines += s.lines;
            cell.events += s.events;
        }
        let mut years = HashMap::new();
        for (p, member, year, allowed, paid) in &parsed.member_years {
            let id = keys.purchaser_id(p, "employer")?;
            let y: &mut (f64, f64) = years.entry((id, member.clone(), *year)).or_default();
            y.0 += allowed;
            y.1 += paid;
        }
        let mut months = Vec::new();
        for (p, plan, month, mm) in &parsed.member_months {
            months.push((keys.purchaser_id(p, "employer")?, plan.clone(), *month, *mm));
        }
        write_aggregates(tx, batch, &cells, &years)?;
        write_member_months(tx, batch, &months)?;
        let rows = parsed.cells.len() + parsed.member_months.len() + parsed.member_years.len();
        records::finish_batch(tx, batch, rows)?;
        Ok(EngineSummaryImport {
            file: file.clone(),
            batch_id: batch,
            cells: cells.len(),
            member_month_rows: months.len(),
            member_years: years.len(),
            allowed_total: parsed.cells.iter().map(|c| c.4.allowed_usd).sum(),
            duplicate_of: crate::store::imports::earlier_import_of(tx, &sha256, batch)?,
        })
    })
}
