//! `alliance-desk export-csv`: any workspace table, or a plan comparison, as CSV.

use super::{Cli, RejectedInput, open_existing};
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
    let ws = open_existing(cli)?;
    let table = if args.table == "compare" {
        if !(2..=6).contains(&args.plans.len()) {
            return Err(RejectedInput(
                "export-csv --table compare needs --plans with 2 to 6 plan codes".into(),
            )
            .into());
        }
        let settings = CompareSettings {
            plan_codes: args.plans.clone(),
            quality: ws.quality_settings()?,
            ..Default::default()
        };
        let cmp = compare::compare(&ws.compare_inputs(None)?, &settings);
        if !cmp.missing_plans.is_empty() {
            return Err(RejectedInput(format!(
                "no plan with code {}",
                cmp.missing_plans.join(", ")
            ))
            .into());
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
