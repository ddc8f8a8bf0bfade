//! `alliance-desk claims summary|sql`, `export-parquet`, and the import of claims files
//! (DESIGN §4.10, §5).

use super::{Cli, OutputFormat, RejectedInput, open_existing};
use crate::format::{count, money, pct};
use crate::import::Progress;
use crate::import::claims::{ClaimsError, ClaimsImport, ClaimsOptions, import_claims_file};
use crate::model::claims::sql::{Dialect, summary_query};
use crate::model::claims::{Filter, Month, Summary, summarize};
use crate::out;
use anyhow::Result;
use serde_json::json;
use std::path::{Path, PathBuf};

/// `claims` actions.
#[derive(Debug, clap::Subcommand)]
pub enum ClaimsAction {
    /// Total cost of care: member months, PMPM by category, ER visits and admissions per 1,000.
    Summary(SummaryArgs),
    /// Print the summary as one SQL query for DuckDB or Spark over Parquet files.
    Sql(SqlArgs),
}

/// `claims summary` options.
#[derive(Debug, clap::Args)]
pub struct SummaryArgs {
    /// One purchaser (by name); all when left out.
    #[arg(long)]
    pub purchaser: Option<String>,
    /// One plan (by code).
    #[arg(long)]
    pub plan: Option<String>,
    /// First month, YYYY-MM.
    #[arg(long)]
    pub from: Option<String>,
    /// Last month, YYYY-MM.
    #[arg(long)]
    pub to: Option<String>,
    /// Members whose annual allowed claims exceed this are large claimants (dollars).
    #[arg(long, default_value_t = 100_000.0)]
    pub pooling_point: f64,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

/// `claims sql` options.
#[derive(Debug, clap::Args)]
pub struct SqlArgs {
    #[arg(long, value_enum)]
    pub dialect: Dialect,
    /// Folder holding claim_line*.parquet, pharmacy_claim*.parquet and eligibility*.parquet.
    #[arg(long)]
    pub input: String,
    /// Members' years are listed when their allowed claims exceed this (dollars); the default
    /// is the lowest pooling point the app offers.
    #[arg(long, default_value_t = crate::store::claims::CLAIMANT_FLOOR_USD)]
    pub claimant_threshold: f64,
}

/// `export-parquet` options.
#[derive(Debug, clap::Args)]
pub struct ExportParquetArgs {
    /// A workspace table by its DESIGN name (claim_line, pharmacy_claim, eligibility, member …).
    #[arg(long)]
    pub table: String,
    #[arg(long)]
    pub out: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(cli: &Cli, action: &ClaimsAction) -> Result<()> {
    match action {
        ClaimsAction::Summary(args) => summary(cli, args),
        ClaimsAction::Sql(args) => {
            out!(
                "{}",
                summary_query(args.dialect, &args.input, args.claimant_threshold)
            )?;
            Ok(())
        }
    }
}

fn month_arg(text: &Option<String>, name: &str) -> Result<Option<Month>> {
    match text {
        None => Ok(None),
        Some(t) => Month::parse(t).map(Some).ok_or_else(|| {
            RejectedInput(format!("--{name} '{t}': expected a month as YYYY-MM")).into()
        }),
    }
}

/// The summary as DESIGN §5 prints it (plus the figures behind it).
pub fn summary_json(
    s: &Summary,
    trend: Option<&crate::model::claims::PeriodTrend>,
) -> serde_json::Value {
    json!({
        "trend": trend.map(|t| json!({
            "before": [t.before.0.key(), t.before.1.key()],
            "after": [t.after.0.key(), t.after.1.key()],
            "before_allowed_pmpm": t.before_pmpm,
            "after_allowed_pmpm": t.after_pmpm,
            "change": t.change,
        })),
        "member_months": s.member_months,
        "member_months_from": s.member_months_from,
        "allowed_total": s.allowed_total,
        "paid_total": s.paid_total,
        "allowed_pmpm": s.allowed_pmpm,
        "paid_pmpm": s.paid_pmpm,
        "er_visits": s.er_visits,
        "er_visits_per_1000": s.er_visits_per_1000,
        "admissions": s.admissions,
        "admissions_per_1000": s.admissions_per_1000,
        "lines": s.lines,
        "first_month": s.first_month.map(Month::key),
        "last_month": s.last_month.map(Month::key),
        "categories": s.categories.iter().map(|c| json!({
            "category": c.category.code(),
            "allowed": c.allowed,
            "paid": c.paid,
            "allowed_pmpm": c.allowed_pmpm,
            "events": c.events,
            "per_1000": c.per_1000,
        })).collect::<Vec<_>>(),
        "pooling_point": s.pooling_point,
        "large_claimants": s.large_claimants,
    })
}

fn summary(cli: &Cli, args: &SummaryArgs) -> Result<()> {
    let ws = open_existing(cli)?;
    let data = ws.claims_data()?;
    if data.cells.is_empty() {
        return Err(RejectedInput(format!(
            "{}: no claims yet; import medical or pharmacy claims first (`alliance-desk import claims.csv`)",
            ws.path().display()
        ))
        .into());
    }
    if let Some(p) = &args.purchaser
        && !data.cells.iter().any(|c| &c.purchaser == p)
    {
        return Err(RejectedInput(format!("no claims for a purchaser named '{p}'")).into());
    }
    let filter = Filter {
        purchaser: args.purchaser.clone(),
        plan: args.plan.clone(),
        from: month_arg(&args.from, "from")?,
        to: month_arg(&args.to, "to")?,
    };
    let s = summarize(&data, &filter, args.pooling_point);
    let trend = crate::model::claims::period_trend(&data, &filter);
    match args.format {
        OutputFormat::Json => out!(
            "{}",
            serde_json::to_string_pretty(&summary_json(&s, trend.as_ref()))?
        )?,
        OutputFormat::Table => {
            print_summary(&s)?;
            if let Some(t) = trend {
                out!(
                    "Trend: allowed PMPM {} from {} – {} to {} – {}",
                    crate::format::pct(t.change),
                    t.before.0.label(),
                    t.before.1.label(),
                    t.after.0.label(),
                    t.after.1.label()
                )?;
            }
        }
    }
    Ok(())
}

fn print_summary(s: &Summary) -> Result<()> {
    let period = match (s.first_month, s.last_month) {
        (Some(a), Some(b)) => format!("{} – {}", a.label(), b.label()),
        _ => "no months".into(),
    };
    out!(
        "Claims {period}: {} member months",
        count(s.member_months.round() as i64)
    )?;
    out!(
        "Allowed {} ({} PMPM), paid {} ({} PMPM)",
        money(s.allowed_total),
        money(s.allowed_pmpm),
        money(s.paid_total),
        money(s.paid_pmpm)
    )?;
    out!(
        "ER visits {:.1} per 1,000; admissions {:.1} per 1,000",
        s.er_visits_per_1000,
        s.admissions_per_1000
    )?;
    out!(
        "{:<22} {:>16} {:>12} {:>10} {:>12}",
        "Category",
        "Allowed",
        "PMPM",
        "Events",
        "Per 1,000"
    )?;
    for c in &s.categories {
        out!(
            "{:<22} {:>16} {:>12} {:>10} {:>12.1}",
            c.category.label(),
            money(c.allowed),
            money(c.allowed_pmpm),
            count(c.events as i64),
            c.per_1000
        )?;
    }
    let share = |x: f64| {
        if s.allowed_total != 0.0 {
            pct(x / s.allowed_total)
        } else {
            "—".into()
        }
    };
    let large: f64 = s.large_claimants.iter().map(|c| c.allowed).sum();
    out!(
        "Large claimants over {}: {} ({} of allowed)",
        money(s.pooling_point),
        s.large_claimants.len(),
        share(large)
    )?;
    Ok(())
}

/// `export-parquet`: one table to a Parquet file.
pub fn export_parquet(cli: &Cli, args: &ExportParquetArgs) -> Result<()> {
    if args.out.exists() && !args.force {
        return Err(RejectedInput(format!(
            "{} exists; pass --force to replace it",
            args.out.display()
        ))
        .into());
    }
    let ws = open_existing(cli)?;
    let rows =
        crate::report::parquet::export_table(&ws, &args.table, &args.out).map_err(|e| match e {
            crate::report::parquet::ParquetExportError::Store(
                crate::store::StoreError::UnknownTable(t),
            ) => anyhow::Error::from(RejectedInput(format!(
                "no table named '{t}' (tables: {})",
                crate::store::export::EXPORTABLE.join(", ")
            ))),
            other => other.into(),
        })?;
    out!(
        "wrote {} rows of {} to {}",
        count(rows as i64),
        args.table,
        args.out.display()
    )?;
    Ok(())
}

/// Imports a claims file or an engine's summary; exit 2 when rejected.
pub fn import_claims(
    ws: &mut crate::store::Workspace,
    file: &Path,
    opts: &ClaimsOptions,
    engine_summary: bool,
    format: OutputFormat,
) -> Result<()> {
    if engine_summary {
        let done = crate::import::claims::engine_summary::import_engine_summary(
            ws,
            file,
            &Progress::default(),
        )
        .map_err(user_error)?;
        return match format {
            OutputFormat::Json => Ok(out!("{}", serde_json::to_string_pretty(&done)?)?),
            OutputFormat::Table => Ok(out!(
                "Imported a claims summary from {}: {} cells, {} member-month rows, {} members' years, allowed {} (import {})",
                file.display(),
                done.cells,
                done.member_month_rows,
                done.member_years,
                money(done.allowed_total),
                done.batch_id
            )?),
        };
    }
    let done = import_claims_file(ws, file, opts, &Progress::default()).map_err(user_error)?;
    if std::env::var_os("ALLIANCE_DESK_REPORT_PHASES").is_some() {
        let p = done.phases;
        eprintln!(
            "phases: preparing {:.1} s, reading and storing the lines {:.1} s ({:.2} M lines/s), the sums {:.1} s, the commit {:.1} s",
            p.prepare_s,
            p.read_and_store_s,
            done.rows_imported as f64 / p.read_and_store_s.max(1e-9) / 1e6,
            p.sums_s,
            p.commit_s
        );
    }
    if let Some(prev) = done.duplicate_of {
        eprintln!(
            "warning: {} has the same contents as import {prev} (same sha256); imported again",
            file.display()
        );
    }
    match format {
        OutputFormat::Json => out!("{}", serde_json::to_string_pretty(&done)?)?,
        OutputFormat::Table => print_import(&done)?,
    }
    Ok(())
}

fn user_error(e: ClaimsError) -> anyhow::Error {
    match e {
        ClaimsError::Store(s) => s.into(),
        other => RejectedInput(other.to_string()).into(),
    }
}

fn print_import(d: &ClaimsImport) -> Result<()> {
    let verb = if d.batch_id.is_some() {
        "Imported"
    } else {
        "Checked"
    };
    out!(
        "{verb} {} {} ({} members, {} – {}) from {} ({}){}",
        count(d.rows_imported as i64),
        d.kind.label(),
        count(d.members as i64),
        d.first_month.as_deref().unwrap_or("?"),
        d.last_month.as_deref().unwrap_or("?"),
        d.file,
        d.format.label(),
        d.batch_id
            .map(|b| format!(" as import {b}"))
            .unwrap_or_default()
    )?;
    out!(
        "Allowed {}, paid {}",
        money(d.allowed_total),
        money(d.paid_total)
    )?;
    if d.reversals > 0 {
        out!(
            "{} reversal lines (negative allowed) netted against their claims",
            count(d.reversals as i64)
        )?;
    }
    if d.lines_without_plan > 0 {
        out!(
            "{} lines fall outside every eligibility span: counted under \"no plan on file\"",
            count(d.lines_without_plan as i64)
        )?;
    }
    if d.rows_rejected > 0 {
        out!("{} rows left out:", count(d.rows_rejected as i64))?;
        for p in d.problems.iter().take(20) {
            out!(
                "  row {}, column {}, '{}': {}",
                p.row,
                p.column,
                p.value_one_line(),
                p.problem
            )?;
        }
    }
    Ok(())
}
