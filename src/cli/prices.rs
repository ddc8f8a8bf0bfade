//! `alliance-desk prices`: each hospital's prices as a percent of Medicare (DESIGN §4.9, §5).

use super::{Cli, OutputFormat, RejectedInput, open_existing};
use crate::format::pct;
use crate::model::medicare::MedicareTables;
use crate::model::prices::{
    HospitalPlace, HospitalPrices, NegotiatedCharge, RelativePrice, hospital_prices,
};
use crate::out;
use crate::store::prices::{Hospital, StoredCharge};
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
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

fn charge(c: StoredCharge) -> NegotiatedCharge {
    NegotiatedCharge {
        code: c.code,
        code_type: c.code_type,
        setting: c.setting,
        payer: c.payer,
        plan: c.plan,
        description: c.description,
        dollar: c.negotiated_dollar,
        percentage: c.negotiated_percentage,
        algorithm: c.algorithm,
        count: c.count,
    }
}

fn rp_json(r: &RelativePrice) -> Value {
    json!({
        "relative_price": r.relative_price,
        "services_priced": r.services_priced,
        "services_unpriced": r.services_unpriced,
        "volume_weighted": r.volume_weighted,
    })
}

fn hospital_json(h: &Hospital, p: &HospitalPrices, with_unpriced: bool) -> Value {
    let mut doc = json!({
        "name": h.name,
        "state": h.state,
        "wage_index": h.wage_index.unwrap_or(1.0),
        "relative_price": p.overall.relative_price,
        "services_priced": p.overall.services_priced,
        "services_unpriced": p.overall.services_unpriced,
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
    let mut hospitals = ws.hospitals()?;
    if let Some(name) = &args.hospital {
        hospitals.retain(|h| h.name.eq_ignore_ascii_case(name));
        if hospitals.is_empty() {
            return Err(RejectedInput(format!(
                "no hospital named '{name}' has prices in the workspace"
            ))
            .into());
        }
    }
    if hospitals.is_empty() {
        return Err(RejectedInput(
            "the workspace holds no hospital prices: import a hospital's price transparency file first".into(),
        )
        .into());
    }
    let tables = MedicareTables::embedded();
    let mut docs = Vec::new();
    for h in &hospitals {
        let charges: Vec<NegotiatedCharge> =
            ws.hospital_charges(h)?.into_iter().map(charge).collect();
        let place = HospitalPlace {
            state: h.state.clone(),
            wage_index: h.wage_index,
        };
        let prices = hospital_prices(&tables, &charges, &place);
        if args.format == OutputFormat::Json {
            docs.push(hospital_json(h, &prices, args.unpriced));
            continue;
        }
        print_hospital(h, &prices, args.unpriced)?;
    }
    if args.format == OutputFormat::Json {
        out!(
            "{}",
            serde_json::to_string_pretty(&json!({ "hospitals": docs }))?
        )?;
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
