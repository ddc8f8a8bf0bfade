//! `alliance-desk info`: what the workspace holds.

use super::{Cli, OutputFormat, open_existing};
use crate::out;
use anyhow::Result;

/// `info` options.
#[derive(Debug, clap::Args)]
pub struct InfoArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

/// Prints the workspace summary.
pub fn run(cli: &Cli, args: &InfoArgs) -> Result<()> {
    let ws = open_existing(cli)?;
    let summary = ws.summary()?;
    if args.format == OutputFormat::Json {
        out!("{}", serde_json::to_string_pretty(&summary)?)?;
        return Ok(());
    }
    let rows = [
        ("Purchasers", summary.purchasers),
        ("Plans", summary.plans),
        ("Members", summary.members),
        ("Providers", summary.providers),
        ("Measures", summary.measures),
        ("Measure results", summary.measure_results),
        ("Service volumes", summary.service_volumes),
        ("Price tiers", summary.price_tiers),
        ("Spend months", summary.spend_months),
        ("Imports", summary.imports),
        ("Scenarios", summary.scenarios),
        ("Scenario runs", summary.scenario_runs),
    ];
    out!(
        "Workspace {} (schema v{})",
        summary.name,
        summary.schema_version
    )?;
    for (label, n) in rows {
        out!("  {label:<16} {:>10}", crate::format::count(n))?;
    }
    Ok(())
}
