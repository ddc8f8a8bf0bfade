//! `alliance-desk compare` and `alliance-desk quality`.

use crate::cli::{Cli, OutputFormat, RejectedInput, workspace_path};
use crate::model::compare::{self, CompareSettings};
use crate::model::plan_cost::Contribution;
use crate::model::rating;
use crate::store::Workspace;
use anyhow::Result;
use serde_json::json;

/// Prints every number of the Compare view for the given plans.
pub fn compare(
    cli: &Cli,
    plans: &[String],
    purchaser: Option<&str>,
    baseline: Option<&str>,
    employer_share: Option<f64>,
    format: OutputFormat,
) -> Result<()> {
    if !(2..=6).contains(&plans.len()) {
        return Err(RejectedInput(format!(
            "compare takes 2 to 6 plan codes, got {}",
            plans.len()
        ))
        .into());
    }
    let ws = Workspace::open(workspace_path(cli)?)?;
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
        contribution: employer_share.map_or(Contribution::AsRated, |s| {
            Contribution::PercentOfPremium { employer_share: s }
        }),
        quality: ws.quality_settings()?,
        ..Default::default()
    };
    let cmp = compare::compare(&inputs, &settings);
    if !cmp.missing_plans.is_empty() {
        return Err(RejectedInput(format!(
            "no plan with code {}",
            cmp.missing_plans.join(", ")
        ))
        .into());
    }
    match format {
        OutputFormat::Json => {
            let doc = json!({
                "purchaser": purchaser.unwrap_or("coalition"),
                "baseline": cmp.columns.get(cmp.baseline).map(|c| c.plan.code.clone()),
                "comparison": cmp,
                "rows": compare::rows(&cmp),
            });
            println!("{}", serde_json::to_string_pretty(&doc)?);
        }
        OutputFormat::Table => print!("{}", aligned(&compare::to_tsv(&cmp))),
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
pub fn quality(cli: &Cli, format: OutputFormat) -> Result<()> {
    let ws = Workspace::open(workspace_path(cli)?)?;
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
            println!(
                "{}",
                serde_json::to_string_pretty(
                    &json!({"settings": settings, "plans": rated_plans, "providers": rated_providers})
                )?
            );
        }
        OutputFormat::Table => {
            for (title, list) in [("Plans", &rated_plans), ("Providers", &rated_providers)] {
                println!("{title}");
                for r in list {
                    let composite = r
                        .composite
                        .value()
                        .map_or("insufficient data".to_string(), |c| format!("{c:.1}"));
                    let stars = r.stars.map_or("—".to_string(), compare::star_text);
                    let cert = if r.certification.certified {
                        "CERTIFIED".to_string()
                    } else {
                        format!("not certified: {}", r.certification.reasons.join("; "))
                    };
                    println!("  {:<46} {:>18}  {:<14} {cert}", r.name, composite, stars);
                }
            }
        }
    }
    Ok(())
}
