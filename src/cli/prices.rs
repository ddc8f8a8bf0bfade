//! `alliance-desk prices`: each hospital's prices as a percent of Medicare (DESIGN §4.9, §5).

use super::{Cli, OutputFormat, RejectedInput, open_existing};
use crate::format::pct;
use crate::model::medicare::MedicareTables;
use crate::model::prices::{HospitalPrices, RelativePrice};
use crate::out;
use crate::report::prices::{HospitalRow, hospital_rows};
use crate::store::prices::Hospital;
use anyhow::Result;
use serde_json::{Value, json};

/// `prices` options.
#[derive(Debug, clap::Args)]
pub struct PricesArgs {
    /// One hospital (by name); every hospital with prices when left out.
    #[arg(long)]
    pub hospital: Option<String>,
    /// List every service left unpriced, with its reason.
    #[arg(long)]
    pub unpriced: bool,
    /// Set the hospital's area first: its CBSA (the FY 2021 wage index is looked up).
    #[arg(long, requires = "hospital")]
    pub cbsa: Option<String>,
    /// Set the hospital's area wage index first (outpatient Medicare prices use it).
    #[arg(long, requires = "hospital", conflicts_with = "cbsa")]
    pub wage_index: Option<f64>,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

fn rp_json(r: &RelativePrice) -> Value {
    json!({
        "relative_price": r.relative_price,
        "services_priced": r.services_priced,
        "services_unpriced": r.services_unpriced,
        "volume_weighted": r.volume_weighted,
    })
}

fn hospital_json(row: &HospitalRow, with_unpriced: bool) -> Value {
    let (h, p) = (&row.hospital, &row.prices);
    let mut doc = json!({
        "name": h.name,
        "state": h.state,
        "wage_index": h.wage_index.unwrap_or(1.0),
        "relative_price": p.overall.relative_price,
        "services_priced": p.overall.services_priced,
        "services_unpriced": p.overall.services_unpriced,
        "quality_composite": row.quality.as_ref().and_then(|q| q.composite.value()),
        "claims_relative_price": row.claims.as_ref().and_then(|c| c.relative_price),
        "claims_services_priced": row.claims.as_ref().map(|c| c.services_priced),
        "certified": row.quality.as_ref().is_some_and(|q| q.certification.certified),
        "by_setting": p.by_setting.iter().map(|(k, v)| (k.to_string(), rp_json(v))).collect::<serde_json::Map<_, _>>(),
        "by_payer": p.by_payer.iter().map(|(payer, plan, r)| json!({
            "payer": payer,
            "plan": plan,
            "relative_price": r.relative_price,
            "services_priced": r.services_priced,
            "services_unpriced": r.services_unpriced,
        })).collect::<Vec<_>>(),
    });
    if with_unpriced {
        doc["unpriced"] = serde_json::to_value(&p.unpriced).unwrap_or_default();
    }
    doc
}

fn percent(rp: Option<f64>) -> String {
    rp.map_or("not priced".into(), |r| format!("{} of Medicare", pct(r)))
}

/// Prints each hospital's relative price overall, by setting and by payer and plan.
pub fn run(cli: &Cli, args: &PricesArgs) -> Result<()> {
    let ws = open_existing(cli)?;
    let tables = crate::report::prices::medicare_tables(&ws)?;
    if args.cbsa.is_some() || args.wage_index.is_some() {
        set_area(cli, args, &tables)?;
    }
    let mut rows = hospital_rows(&ws, &tables)?;
    if let Some(name) = &args.hospital {
        rows.retain(|r| r.hospital.name.eq_ignore_ascii_case(name));
        if rows.is_empty() {
            return Err(RejectedInput(format!(
                "no hospital named '{name}' has prices in the workspace"
            ))
            .into());
        }
    }
    if rows.is_empty() {
        return Err(RejectedInput(
            "the workspace holds no hospital prices: import a hospital's price transparency file first".into(),
        )
        .into());
    }
    if args.format == OutputFormat::Json {
        let docs: Vec<Value> = rows
            .iter()
            .map(|r| hospital_json(r, args.unpriced))
            .collect();
        out!(
            "{}",
            serde_json::to_string_pretty(&json!({ "hospitals": docs }))?
        )?;
        return Ok(());
    }
    for r in &rows {
        print_hospital(&r.hospital, &r.prices, args.unpriced)?;
    }
    Ok(())
}

fn print_hospital(h: &Hospital, p: &HospitalPrices, with_unpriced: bool) -> Result<()> {
    out!(
        "{}{}: {} ({} services priced, {} not)",
        h.name,
        h.state
            .as_deref()
            .map(|s| format!(", {s}"))
            .unwrap_or_default(),
        percent(p.overall.relative_price),
        p.overall.services_priced,
        p.overall.services_unpriced
    )?;
    if h.wage_index.is_none() {
        out!("  outpatient Medicare prices at wage index 1.0 (the hospital's area is not set)")?;
    }
    for (setting, r) in &p.by_setting {
        out!(
            "  {setting:<11} {} ({} services)",
            percent(r.relative_price),
            r.services_priced
        )?;
    }
    for (payer, plan, r) in &p.by_payer {
        out!(
            "  {payer} / {plan}: {} ({} priced, {} not)",
            percent(r.relative_price),
            r.services_priced,
            r.services_unpriced
        )?;
    }
    if with_unpriced {
        for u in &p.unpriced {
            out!(
                "  not priced: {} {} ({} / {}): {}",
                u.code,
                u.description,
                u.payer,
                u.plan,
                u.reason
            )?;
        }
    }
    Ok(())
}

/// Sets the named hospital's CBSA and wage index before the prices are read.
fn set_area(cli: &Cli, args: &PricesArgs, tables: &MedicareTables) -> Result<()> {
    let name = args.hospital.as_deref().unwrap_or_default();
    let mut ws = super::open_for_writing(super::workspace_path(cli)?)?;
    let hospital = ws
        .hospitals()?
        .into_iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            RejectedInput(format!(
                "no hospital named '{name}' has prices in the workspace"
            ))
        })?;
    let (cbsa, wage_index) = match (&args.cbsa, args.wage_index) {
        (Some(cbsa), _) => {
            let area = tables
                .wage_areas(cbsa)
                .into_iter()
                .find(|a| a.cbsa == cbsa.trim())
                .ok_or_else(|| {
                    RejectedInput(format!("no CBSA '{cbsa}' in the FY 2021 wage index table"))
                })?;
            (Some(area.cbsa.clone()), area.wage_index)
        }
        (None, Some(w)) if w > 0.0 && w.is_finite() => (None, w),
        (None, Some(w)) => {
            return Err(RejectedInput(format!("the wage index must be above 0, not {w}")).into());
        }
        (None, None) => return Ok(()),
    };
    ws.set_hospital_wage_index(hospital.id, cbsa.as_deref(), wage_index)?;
    Ok(())
}
