//! `alliance-desk compare` and `alliance-desk quality`.

use super::{Cli, OutputFormat, RejectedInput, open_existing};
use crate::model::compare::{self, CompareSettings};
use crate::model::plan_cost::Contribution;
use crate::model::rating;
use crate::out;
use anyhow::Result;
use serde_json::json;

/// `compare` options.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Plan codes, comma-separated (2 to 6).
    #[arg(long, value_delimiter = ',', required = true)]
    pub plans: Vec<String>,
    /// Limit enrollment and claims to one purchaser (default: the whole coalition).
    #[arg(long)]
    pub purchaser: Option<String>,
    /// Baseline plan code for differences (default: the first plan).
    #[arg(long)]
    pub baseline: Option<String>,
    /// Model a contribution change: employer share of premium (0.8 = 80 %).
    #[arg(long)]
    pub employer_share: Option<f64>,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

/// `quality` options.
#[derive(Debug, clap::Args)]
pub struct QualityArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

/// Prints every number of the Compare view for the given plans.
pub fn compare(cli: &Cli, args: &CompareArgs) -> Result<()> {
    let distinct = super::distinct(&args.plans);
    let (plans, purchaser, baseline, format) = (
        &distinct,
        args.purchaser.as_deref(),
        args.baseline.as_deref(),
        args.format,
    );
    if !(2..=compare::MAX_COMPARED_PLANS).contains(&plans.len()) {
        return Err(RejectedInput(format!(
            "compare takes 2 to {} different plan codes, got {}",
            compare::MAX_COMPARED_PLANS,
            plans.len()
        ))
        .into());
    }
    let ws = open_existing(cli)?;
    let purchaser_id = match purchaser {
        Some(name) => Some(
            ws.purchaser_id(name)?
                .ok_or_else(|| RejectedInput(format!("no purchaser named '{name}'")))?,
        ),
        None => None,
    };
    let inputs = ws.compare_inputs(purchaser_id)?;
    let settings = CompareSettings {
        plan_codes: plans.to_vec(),
        baseline: baseline.map(str::to_string),
        contribution: args.employer_share.map_or(Contribution::AsRated, |s| {
            Contribution::PercentOfPremium { employer_share: s }
        }),
        quality: ws.quality_settings()?,
        ..Default::default()
    };
    let cmp = compare::compare(&inputs, &settings);
    if !cmp.missing_plans.is_empty() {
        return Err(RejectedInput(compare::describe_missing(&inputs, &cmp.missing_plans)).into());
    }
    match format {
        OutputFormat::Json => {
            let doc = json!({
                "purchaser": purchaser.unwrap_or("coalition"),
                "baseline": cmp.columns.get(cmp.baseline).map(|c| c.plan.code.clone()),
                "comparison": cmp,
                "rows": compare::rows(&cmp),
            });
            out!("{}", serde_json::to_string_pretty(&doc)?)?;
        }
        OutputFormat::Table => out!("{}", aligned(&compare::to_tsv(&cmp)))?,
    }
    Ok(())
}

/// Lines of tab-separated text as aligned columns.
fn aligned(tsv: &str) -> String {
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .filter(|_| true)
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        if r.len() == 1 {
            out.push_str(&format!("\n{}\n", r[0]));
            continue;
        }
        for (i, c) in r.iter().enumerate() {
            let pad = widths[i].min(44);
            if i == 0 {
                out.push_str(&format!("  {c:<pad$}"));
            } else {
                out.push_str(&format!("  {c:>pad$}", pad = widths[i].min(24)));
            }
        }
        out.push('\n');
    }
    out
}

/// Prints composites, stars and certification for plans and providers.
pub fn quality(cli: &Cli, args: &QualityArgs) -> Result<()> {
    let format = args.format;
    let ws = open_existing(cli)?;
    let settings = ws.quality_settings()?;
    let measures = ws.measures()?;
    let plans: Vec<(i64, String)> = ws.plans()?.into_iter().map(|p| (p.id, p.code)).collect();
    let providers: Vec<(i64, String)> = ws
        .providers()?
        .into_iter()
        .map(|(id, n, _)| (id, n))
        .collect();
    let rated_plans = rating::rate(&plans, &measures, &ws.measure_results("plan")?, &settings);
    let rated_providers = rating::rate(
        &providers,
        &measures,
        &ws.measure_results("provider")?,
        &settings,
    );
    match format {
        OutputFormat::Json => {
            out!(
                "{}",
                serde_json::to_string_pretty(
                    &json!({"settings": settings, "plans": rated_plans, "providers": rated_providers})
                )?
            )?;
        }
        OutputFormat::Table => {
            for (title, list) in [("Plans", &rated_plans), ("Providers", &rated_providers)] {
                out!("{title}")?;
                out!(
                    "  {:<46} {:>18}  {:<14} {}",
                    "Name",
                    "Composite (0-100)",
                    "Stars",
                    "Best in class"
                )?;
                for r in list {
                    let composite = r
                        .composite
                        .value()
                        .map_or("insufficient data".to_string(), |c| format!("{c:.1}"));
                    let stars = r.stars.map_or("—".to_string(), compare::star_text);
                    let cert = if r.certification.certified {
                        "certified"
                    } else {
                        "not certified:"
                    };
                    out!("  {:<46} {:>18}  {:<14} {cert}", r.name, composite, stars)?;
                    // One reason a line, so a terminal does not wrap them into one another.
                    for reason in &r.certification.reasons {
                        out!("  {:<46} {:>18}  {:<14}   - {reason}", "", "", "")?;
                    }
                }
            }
        }
    }
    Ok(())
}
