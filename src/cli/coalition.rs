//! `alliance-desk share` and `alliance-desk benchmark`: coalition sharing.

use super::{Cli, OutputFormat, RejectedInput, check_output, open_existing};
use crate::model::benchmark;
use crate::model::labels::display_value;
use crate::out;
use crate::report::assemble::{self, AssembleError};
use anyhow::Result;
use serde_json::json;
use std::path::PathBuf;

/// `share` options.
#[derive(Debug, clap::Args)]
pub struct ShareArgs {
    /// The purchaser whose plan aggregates to share.
    #[arg(long)]
    pub purchaser: String,
    #[arg(long)]
    pub out: PathBuf,
}

/// Writes a de-identified share package for one purchaser.
pub fn share(cli: &Cli, args: &ShareArgs) -> Result<()> {
    check_output(&args.out, &["xlsx"], "a share package")?;
    let ws = open_existing(cli)?;
    let content = match assemble::share_content(&ws, &args.purchaser) {
        Ok(c) => c,
        Err(AssembleError::Store(e)) => return Err(e.into()),
        Err(e) => return Err(RejectedInput(e.to_string()).into()),
    };
    crate::report::share::write_package(&content, &args.out)?;
    eprintln!(
        "wrote {}: {} of {} (no member-level data; counts under 11 withheld)",
        args.out.display(),
        crate::format::plural(content.plans.len(), "plan", "plans"),
        args.purchaser
    );
    Ok(())
}

/// `benchmark` options.
#[derive(Debug, clap::Args)]
pub struct BenchmarkArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

/// Prints each of our plans' percentile among the coalition's plans on every metric.
pub fn benchmark(cli: &Cli, args: &BenchmarkArgs) -> Result<()> {
    let ws = open_existing(cli)?;
    let peers = ws.peer_plans()?;
    let ours = assemble::our_aggregates(&ws)?;
    let result = benchmark::benchmark(&ours, &peers);
    if args.format == OutputFormat::Json {
        let plans: Vec<_> = result
            .iter()
            .map(|p| {
                let metrics: serde_json::Map<String, serde_json::Value> = p
                    .standings
                    .iter()
                    .map(|s| {
                        (
                            s.metric.code().to_string(),
                            json!({"value": s.value, "percentile": s.percentile, "coalition_plans": s.coalition_plans}),
                        )
                    })
                    .collect();
                json!({"code": p.plan.plan_code, "name": p.plan.plan_name, "metrics": metrics})
            })
            .collect();
        let peer_names: std::collections::BTreeSet<&str> =
            peers.iter().map(|p| p.peer.as_str()).collect();
        let doc = json!({"peers": peer_names, "coalition_plans": peers.len(), "plans": plans});
        out!("{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(());
    }
    if peers.is_empty() {
        out!(
            "No share packages received yet: import one with `alliance-desk import PACKAGE.xlsx`."
        )?;
        return Ok(());
    }
    out!(
        "Our plans against {} shared by coalition peers (percentile: share of coalition plans below ours)",
        crate::format::plural(peers.len(), "plan", "plans")
    )?;
    for p in &result {
        out!("{}  {}", p.plan.plan_code, p.plan.plan_name)?;
        for s in &p.standings {
            let value = s
                .value
                .map(|v| display_value(s.metric.unit(), v))
                .unwrap_or_else(|| "—".into());
            let rank = s
                .percentile
                .map(|x| format!("{} percentile", crate::format::ordinal(x.round() as i64)))
                .unwrap_or_else(|| "no coalition data".into());
            out!("  {:<34} {:>12}   {}", s.metric.label(), value, rank)?;
        }
    }
    Ok(())
}
