//! `alliance-desk export-csv`: any workspace table, or a plan comparison, as CSV.

use super::{Cli, RejectedInput, check_output, open_existing};
use crate::model::compare::{self, CompareSettings};
use crate::report::csv_export::save_csv;
use crate::store::StoreError;
use anyhow::Result;
use std::path::PathBuf;

/// `export-csv` options.
#[derive(Debug, clap::Args)]
pub struct ExportCsvArgs {
    /// A workspace table (plan, member, plan_rate, measure_result, …) or `compare`.
    #[arg(long)]
    pub table: String,
    /// For `compare`: plan codes, comma-separated (2 to 6).
    #[arg(long, value_delimiter = ',')]
    pub plans: Vec<String>,
    #[arg(long)]
    pub out: PathBuf,
    /// Start the file with a byte-order mark, so Excel reads accents correctly.
    #[arg(long)]
    pub bom: bool,
}

/// Writes the table; every text cell is protected against formula injection.
pub fn run(cli: &Cli, args: &ExportCsvArgs) -> Result<()> {
    check_output(&args.out, &["csv", "tsv", "txt"], "a table")?;
    let ws = open_existing(cli)?;
    let table = if args.table == "compare" {
        let plans = super::distinct(&args.plans);
        if !(2..=compare::MAX_COMPARED_PLANS).contains(&plans.len()) {
            return Err(RejectedInput(format!(
                "export-csv --table compare needs --plans with 2 to {} different plan codes",
                compare::MAX_COMPARED_PLANS
            ))
            .into());
        }
        let settings = CompareSettings {
            plan_codes: plans,
            quality: ws.quality_settings()?,
            ..Default::default()
        };
        let inputs = ws.compare_inputs(None)?;
        let cmp = compare::compare(&inputs, &settings);
        if !cmp.missing_plans.is_empty() {
            return Err(
                RejectedInput(compare::describe_missing(&inputs, &cmp.missing_plans)).into(),
            );
        }
        compare::to_table(&cmp)
    } else {
        match ws.export_table(&args.table) {
            Ok(t) => t,
            Err(e @ StoreError::UnknownTable(_)) => return Err(RejectedInput(e.to_string()).into()),
            Err(e) => return Err(e.into()),
        }
    };
    save_csv(&table, &args.out, args.bom)?;
    eprintln!(
        "wrote {} rows to {}",
        crate::format::count(table.rows.len() as i64),
        args.out.display()
    );
    Ok(())
}

/// `guide` options.
#[derive(Debug, clap::Args)]
pub struct GuideArgs {
    /// The purchaser whose employees the guide is for.
    #[arg(long)]
    pub purchaser: String,
    #[arg(long)]
    pub out: PathBuf,
    /// The plan year the guide is for (default: the latest year of the plans it shows).
    #[arg(long, value_parser = clap::value_parser!(i64).range(1900..=2200))]
    pub plan_year: Option<i64>,
}

/// Writes the employee plan guide: the plans the purchaser's members are enrolled in.
pub fn guide(cli: &Cli, args: &GuideArgs) -> Result<()> {
    check_output(&args.out, &["html", "htm"], "the plan guide")?;
    use crate::report::assemble::{AssembleError, guide_html};
    let ws = open_existing(cli)?;
    let html = match guide_html(&ws, &args.purchaser, args.plan_year) {
        Ok(h) => h,
        Err(AssembleError::Store(e)) => return Err(e.into()),
        Err(AssembleError::NothingOffered(p)) => {
            return Err(RejectedInput(format!(
                "{p} has no enrolled members, so the guide would list no plan"
            ))
            .into());
        }
        Err(e) => return Err(RejectedInput(e.to_string()).into()),
    };
    let tmp = args.out.with_extension("html.partial");
    std::fs::write(&tmp, html)?;
    std::fs::rename(&tmp, &args.out)?;
    eprintln!(
        "wrote the plan guide for {} to {}",
        args.purchaser,
        args.out.display()
    );
    Ok(())
}

/// `export` options: a workbook report.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[arg(long)]
    pub out: PathBuf,
    /// Plan codes to compare, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub compare: Vec<String>,
    /// Saved scenario ids, comma-separated (`scenario list` shows them).
    #[arg(long, value_delimiter = ',')]
    pub scenarios: Vec<i64>,
    /// One purchaser's population; adds its employee plan guide (and, without --compare,
    /// compares the plans it offers).
    #[arg(long)]
    pub purchaser: Option<String>,
}

/// Writes the report workbook: cover, comparison (live formulas and as shown), scenarios, guide.
pub fn export(cli: &Cli, args: &ExportArgs) -> Result<()> {
    use crate::report::assemble::{AssembleError, ReportRequest, assemble};
    check_output(&args.out, &["xlsx"], "a report workbook")?;
    let compare = super::distinct(&args.compare);
    let most = crate::report::assemble::MAX_REPORT_PLANS;
    if !compare.is_empty() && !(2..=most).contains(&compare.len()) {
        return Err(RejectedInput(format!(
            "--compare needs 2 to {most} different plan codes, got {}",
            compare.len()
        ))
        .into());
    }
    let ws = open_existing(cli)?;
    let req = ReportRequest {
        compare,
        scenario_ids: args.scenarios.clone(),
        purchaser: args.purchaser.clone(),
        ..Default::default()
    };
    let content = match assemble(&ws, &req) {
        Ok(c) => c,
        Err(AssembleError::Store(e)) => return Err(e.into()),
        Err(e) => return Err(RejectedInput(e.to_string()).into()),
    };
    let summary = crate::report::workbook::write_report(&content, &args.out)?;
    eprintln!(
        "wrote {} ({}: {}; {} live formulas)",
        args.out.display(),
        crate::format::plural(summary.sheets.len(), "sheet", "sheets"),
        summary.sheets.join(", "),
        crate::format::count(summary.formulas.len() as i64)
    );
    Ok(())
}
