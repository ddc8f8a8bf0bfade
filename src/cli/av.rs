//! `alliance-desk av`: actuarial value by the CMS calculator's method, for the workspace's plans
//! or for a design given on the command line.

use super::{Cli, OutputFormat, RejectedInput, open_existing};
use crate::domain::Plan;
use crate::format::pct;
use crate::model::actuarial_value::{self as av, Metal};
use crate::out;
use anyhow::Result;
use serde_json::json;

/// `av` options: `--plans` over the workspace, or a design by `--deductible` and friends.
#[derive(Debug, clap::Args)]
pub struct AvArgs {
    /// Plan codes, comma-separated (default: every plan in the workspace).
    #[arg(long, value_delimiter = ',', conflicts_with = "deductible")]
    pub plans: Vec<String>,
    /// A design given directly: the deductible in dollars.
    #[arg(long, requires_all = ["coinsurance", "oop_max"])]
    pub deductible: Option<f64>,
    /// The member's coinsurance after the deductible (0.2 or 20 for 20 %).
    #[arg(long)]
    pub coinsurance: Option<f64>,
    /// The out-of-pocket maximum in dollars.
    #[arg(long)]
    pub oop_max: Option<f64>,
    #[arg(long, default_value_t = 0.0)]
    pub pcp_copay: f64,
    #[arg(long, default_value_t = 0.0)]
    pub specialist_copay: f64,
    #[arg(long, default_value_t = 0.0)]
    pub er_copay: f64,
    #[arg(long, default_value_t = 0.0)]
    pub generic_copay: f64,
    /// Copays apply only after the deductible.
    #[arg(long)]
    pub copays_after_deductible: bool,
    /// A separate drug deductible (medical and drug deductibles not combined).
    #[arg(long)]
    pub rx_deductible: Option<f64>,
    /// Drug coinsurance with a separate drug deductible (default: the medical one).
    #[arg(long)]
    pub rx_coinsurance: Option<f64>,
    /// Employer HSA/HRA money a year.
    #[arg(long, default_value_t = 0.0)]
    pub hsa_funding: f64,
    /// The metal tier whose tables to start from (default silver).
    #[arg(long, value_enum)]
    pub metal: Option<Metal>,
    /// Plan year for the metal bands.
    #[arg(long, default_value_t = 2026)]
    pub year: i64,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

/// Prints actuarial values for the chosen plans or the given design.
pub fn run(cli: &Cli, args: &AvArgs) -> Result<()> {
    let plans = match args.deductible {
        Some(_) => vec![plan_from_args(args)?],
        None => workspace_plans(cli, &args.plans)?,
    };
    let rows: Vec<serde_json::Value> = plans.iter().map(plan_json).collect();
    if args.format == OutputFormat::Json {
        let doc = json!({ "calculator": av::CALCULATOR, "plans": rows });
        out!("{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(());
    }
    print_table(&plans)
}

fn workspace_plans(cli: &Cli, codes: &[String]) -> Result<Vec<Plan>> {
    let ws = open_existing(cli)?;
    let all = ws.plans()?;
    if codes.is_empty() {
        return Ok(all);
    }
    codes
        .iter()
        .map(|code| {
            all.iter()
                .find(|p| &p.code == code)
                .cloned()
                .ok_or_else(|| RejectedInput(format!("no plan with code '{code}'")).into())
        })
        .collect()
}

fn fraction(x: f64, what: &str) -> Result<f64> {
    let f = if x > 1.0 { x / 100.0 } else { x };
    if !(0.0..=1.0).contains(&f) {
        return Err(RejectedInput(format!("{what} must be between 0 and 100 %, got {x}")).into());
    }
    Ok(f)
}

fn plan_from_args(a: &AvArgs) -> Result<Plan> {
    let coinsurance = fraction(a.coinsurance.unwrap_or(0.0), "--coinsurance")?;
    for (name, v) in [
        ("--deductible", a.deductible.unwrap_or(0.0)),
        ("--oop-max", a.oop_max.unwrap_or(0.0)),
        ("--hsa-funding", a.hsa_funding),
    ] {
        if !v.is_finite() || v < 0.0 {
            return Err(RejectedInput(format!("{name} must be a positive amount, got {v}")).into());
        }
    }
    let (deductible, oop_max) = (a.deductible.unwrap_or(0.0), a.oop_max.unwrap_or(0.0));
    if oop_max < deductible {
        return Err(RejectedInput(format!(
            "--oop-max ({}) is below --deductible ({}); the out-of-pocket maximum includes the deductible",
            crate::format::money(oop_max),
            crate::format::money(deductible)
        ))
        .into());
    }
    if !(2014..=2100).contains(&a.year) {
        return Err(RejectedInput(format!(
            "--year {} is outside the plan years with metal levels (2014 on)",
            a.year
        ))
        .into());
    }
    let rx_coinsurance = a
        .rx_coinsurance
        .map(|c| fraction(c, "--rx-coinsurance"))
        .transpose()?;
    Ok(Plan {
        code: "design".into(),
        name: "Design given on the command line".into(),
        year: a.year,
        deductible_individual: a.deductible.unwrap_or(0.0),
        coinsurance,
        oop_max_individual: a.oop_max.unwrap_or(0.0),
        pcp_copay: a.pcp_copay,
        specialist_copay: a.specialist_copay,
        er_copay: a.er_copay,
        rx_deductible_individual: a.rx_deductible,
        rx_coinsurance,
        generic_drug_copay: a.generic_copay,
        metal_level: a.metal.map(|m| m.label().to_string()).unwrap_or_default(),
        hsa_hra_funding_usd: a.hsa_funding,
        copays_after_deductible: a.copays_after_deductible,
        ..Default::default()
    })
}

fn plan_json(p: &Plan) -> serde_json::Value {
    let r = av::plan_av(p);
    json!({
        "code": p.code,
        "av_estimate": r.as_ref().map(|r| round4(r.estimate.av)),
        "av_official": p.actuarial_value,
        "metal_level": r.as_ref().and_then(|r| r.metal_level),
        // In words also where no band applies ("Between silver and gold").
        "metal_label": r.as_ref().map(|r| av::metal_label(p.actuarial_value.unwrap_or(r.estimate.av), p.year)),
        "minimum_value": r.as_ref().map(|r| r.minimum_value),
        "dental_only": p.dental_only,
        "table": r.as_ref().map(|r| r.estimate.table.label()),
    })
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn print_table(plans: &[Plan]) -> Result<()> {
    out!(
        "{:<20} {:>13} {:>13} {:<18} {:<14}",
        "Plan",
        "AV estimate",
        "AV (carrier)",
        "Metal level",
        "Minimum value"
    )?;
    for p in plans {
        let Some(r) = av::plan_av(p) else {
            out!(
                "{:<20} {:>13} {:>13} {:<18} {:<14}",
                p.code,
                "—",
                "—",
                "Dental only",
                "—"
            )?;
            continue;
        };
        out!(
            "{:<20} {:>13} {:>13} {:<18} {:<14}",
            p.code,
            pct(r.estimate.av),
            p.actuarial_value.map(pct).unwrap_or_else(|| "—".into()),
            av::metal_label(p.actuarial_value.unwrap_or(r.estimate.av), p.year),
            if r.minimum_value { "Yes" } else { "No" }
        )?;
    }
    out!("{}", av::CALCULATOR)?;
    Ok(())
}
