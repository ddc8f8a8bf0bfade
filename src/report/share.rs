//! Share packages: one purchaser's plan aggregates as a de-identified workbook that coalition
//! peers import for their benchmarks. No member-level row, member ID, name, birth date or ZIP;
//! counts of 1–10 subscribers withheld (with a complement, so a total cannot reveal them), and
//! a plan's tier-weighted averages withheld with them (with the tier rates they would give the
//! mix away).

use super::workbook::ReportError;
use crate::domain::Tier;
use crate::model::benchmark::{self, PlanAggregate};
use crate::model::compare::Comparison;
use crate::store::peers::TierLine;
use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet, XlsxError};
use std::collections::{HashMap, HashSet};
use std::path::Path;

pub use crate::share_format::{
    FORMAT, HOSPITAL_HEADERS, NOT_KNOWN, PLAN_HEADERS, TIER_HEADERS, TITLE, WITHHELD,
    WITHHELD_COMPLEMENT,
};

/// What a package holds before it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareContent {
    pub sender: String,
    pub generated_at: String,
    pub plans: Vec<PlanAggregate>,
    /// Per plan code, tier lines: (tier, subscribers as shared, premium, employer).
    pub tiers: Vec<TierLine>,
    /// Source files (name, sha256) of the data behind it.
    pub sources: Vec<(String, String)>,
    /// Tier counts withheld only because they would reveal a smaller one.
    pub complements: HashSet<(String, Tier)>,
    /// Plans whose premium and employer-share averages are withheld: with the tier rates they
    /// would reveal how a withheld count splits.
    pub mix_withheld: HashSet<String>,
    /// The sender's hospitals' prices as a share of Medicare, overall and by setting.
    pub hospitals: Vec<crate::store::peers::HospitalLine>,
}

/// The package content of a purchaser's comparison; `spend` is members with claims and their
/// claims by plan id.
pub fn share_content(
    sender: &str,
    cmp: &Comparison,
    spend: &HashMap<i64, (f64, f64)>,
    sources: Vec<(String, String)>,
) -> ShareContent {
    let mut tiers = Vec::new();
    let mut complements = HashSet::new();
    let mut mix_withheld = HashSet::new();
    for col in &cmp.columns {
        let counts: Vec<f64> = col.cost.tiers.iter().map(|t| t.enrolled).collect();
        let shared = benchmark::suppress_with_complement(&counts);
        for ((line, n), count) in col.cost.tiers.iter().zip(&shared).zip(&counts) {
            if n.is_none() && *count >= benchmark::MIN_CELL {
                complements.insert((col.plan.code.clone(), line.tier));
            }
            tiers.push((
                col.plan.code.clone(),
                line.tier,
                *n,
                line.monthly_premium,
                line.employer_monthly,
            ));
        }
        if shared.iter().any(Option::is_none) {
            mix_withheld.insert(col.plan.code.clone());
        }
    }
    let plans = cmp
        .columns
        .iter()
        .map(|c| {
            let mut a = benchmark::aggregate(c, spend.get(&c.plan.id).copied());
            if mix_withheld.contains(&a.plan_code) {
                a.premium_pmpm = None;
                a.employer_share = None;
            }
            a
        })
        .collect();
    ShareContent {
        sender: sender.to_string(),
        generated_at: chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
        plans,
        tiers,
        sources,
        complements,
        mix_withheld,
        hospitals: Vec::new(),
    }
}

/// Hospital price lines for a package: overall and by setting, each withheld when fewer than
/// 11 services are priced (as a count of 1–10 subscribers is).
pub fn hospital_lines(
    rows: &[super::prices::HospitalRow],
) -> Vec<crate::store::peers::HospitalLine> {
    let mut out = Vec::new();
    for r in rows {
        let line = |setting: &str, rp: &crate::model::prices::RelativePrice| {
            crate::store::peers::HospitalLine {
                hospital: r.hospital.name.clone(),
                state: r.hospital.state.clone().unwrap_or_default(),
                setting: setting.to_string(),
                relative_price: rp
                    .relative_price
                    .filter(|_| rp.services_priced as f64 >= benchmark::MIN_CELL),
                services_priced: rp.services_priced,
            }
        };
        out.push(line("all", &r.prices.overall));
        for (setting, rp) in &r.prices.by_setting {
            out.push(line(setting, rp));
        }
    }
    out
}

fn text(ws: &mut Worksheet, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, super::neutralize(s), f)?;
    Ok(())
}

/// Writes `v`, or `why` when it is not shared.
fn maybe(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: Option<f64>,
    f: &Format,
    why: &str,
) -> Result<(), XlsxError> {
    match v {
        Some(x) if x.is_finite() => {
            // + 0.0 turns a negative zero (an empty tier's share) into 0.
            ws.write_number_with_format(row, col, x + 0.0, f)?;
        }
        _ => {
            ws.write_string(row, col, why)?;
        }
    }
    Ok(())
}

/// Why a plan's premium or employer-share average is not shared.
fn average_withheld(c: &ShareContent, p: &PlanAggregate) -> &'static str {
    if c.mix_withheld.contains(&p.plan_code) {
        WITHHELD_COMPLEMENT
    } else if p.enrolled.is_none() {
        WITHHELD
    } else {
        NOT_KNOWN
    }
}

/// Writes the package (About, Plans, Tiers) through a temporary file.
pub fn write_package(c: &ShareContent, path: &Path) -> Result<(), ReportError> {
    let header = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    let plain = Format::new();
    let usd = Format::new().set_num_format("$#,##0.00");
    let pct = Format::new().set_num_format("0.00%");
    let count = Format::new().set_num_format("#,##0");
    let score = Format::new().set_num_format("0.0");
    let mut wb = Workbook::new();
    let about = wb.add_worksheet().set_name("About")?;
    text(
        about,
        0,
        0,
        TITLE,
        &Format::new().set_bold().set_font_size(14),
    )?;
    let lines = [
        ("Format", FORMAT.to_string()),
        ("Sender", c.sender.clone()),
        ("Generated", c.generated_at.clone()),
        (
            "Contents",
            "Plan aggregates per plan and coverage tier; no member-level row, member ID, name, birth date or ZIP code.".into(),
        ),
        (
            "Small cells",
            "Counts of 1 to 10 subscribers are withheld, with a second count where one alone could be worked out from a total, and the plan's premium and employer-share averages wherever a tier count is withheld (with the tier rates they would reveal the split).".into(),
        ),
    ];
    for (i, (k, v)) in lines.iter().enumerate() {
        text(about, 1 + i as u32, 0, k, &header)?;
        text(about, 1 + i as u32, 1, v, &plain)?;
    }
    let mut row = 2 + lines.len() as u32;
    text(about, row, 0, "Source file", &header)?;
    text(about, row, 1, "SHA-256", &header)?;
    for (name, sha) in &c.sources {
        row += 1;
        text(about, row, 0, name, &plain)?;
        text(about, row, 1, sha, &plain)?;
    }
    about.set_column_width(0, 22)?;
    about.set_column_width(1, 100)?;
    let plans = wb.add_worksheet().set_name("Plans")?;
    for (i, h) in PLAN_HEADERS.iter().enumerate() {
        text(plans, 0, i as u16, h, &header)?;
    }
    for (r, p) in c.plans.iter().enumerate() {
        let r = r as u32 + 1;
        text(plans, r, 0, &p.plan_code, &plain)?;
        text(plans, r, 1, &p.plan_name, &plain)?;
        text(plans, r, 2, &p.carrier, &plain)?;
        text(plans, r, 3, &p.metal_level, &plain)?;
        let average = average_withheld(c, p);
        let small = if p.enrolled.is_none() {
            WITHHELD
        } else {
            NOT_KNOWN
        };
        maybe(plans, r, 4, p.enrolled, &count, WITHHELD)?;
        maybe(plans, r, 5, p.premium_pmpm, &usd, average)?;
        maybe(plans, r, 6, p.employer_share, &pct, average)?;
        maybe(plans, r, 7, p.spend_pmpm, &usd, small)?;
        maybe(plans, r, 8, Some(p.deductible), &usd, NOT_KNOWN)?;
        maybe(plans, r, 9, Some(p.oop_max), &usd, NOT_KNOWN)?;
        maybe(plans, r, 10, p.actuarial_value, &pct, NOT_KNOWN)?;
        maybe(plans, r, 11, p.quality_composite, &score, NOT_KNOWN)?;
    }
    plans.set_freeze_panes(1, 1)?;
    plans.autofilter(0, 0, c.plans.len() as u32, PLAN_HEADERS.len() as u16 - 1)?;
    for col in 0..PLAN_HEADERS.len() as u16 {
        plans.set_column_width(col, if col == 1 { 34 } else { 18 })?;
    }
    let tiers = wb.add_worksheet().set_name("Tiers")?;
    for (i, h) in TIER_HEADERS.iter().enumerate() {
        text(tiers, 0, i as u16, h, &header)?;
    }
    for (r, (code, tier, n, premium, employer)) in c.tiers.iter().enumerate() {
        let r = r as u32 + 1;
        text(tiers, r, 0, code, &plain)?;
        text(tiers, r, 1, tier.code(), &plain)?;
        let why = if c.complements.contains(&(code.clone(), *tier)) {
            WITHHELD_COMPLEMENT
        } else {
            WITHHELD
        };
        maybe(tiers, r, 2, *n, &count, why)?;
        maybe(tiers, r, 3, *premium, &usd, NOT_KNOWN)?;
        maybe(tiers, r, 4, *employer, &usd, NOT_KNOWN)?;
    }
    tiers.set_freeze_panes(1, 0)?;
    for col in 0..TIER_HEADERS.len() as u16 {
        tiers.set_column_width(col, 20)?;
    }
    if !c.hospitals.is_empty() {
        let hospitals = wb.add_worksheet().set_name("Hospitals")?;
        for (i, h) in HOSPITAL_HEADERS.iter().enumerate() {
            text(hospitals, 0, i as u16, h, &header)?;
        }
        for (r, h) in c.hospitals.iter().enumerate() {
            let r = r as u32 + 1;
            text(hospitals, r, 0, &h.hospital, &plain)?;
            text(hospitals, r, 1, &h.state, &plain)?;
            text(hospitals, r, 2, &h.setting, &plain)?;
            maybe(hospitals, r, 3, h.relative_price, &pct, WITHHELD)?;
            maybe(
                hospitals,
                r,
                4,
                Some(h.services_priced as f64),
                &count,
                NOT_KNOWN,
            )?;
        }
        hospitals.set_column_width(0, 34)?;
        for col in 1..HOSPITAL_HEADERS.len() as u16 {
            hospitals.set_column_width(col, 18)?;
        }
    }
    super::workbook::save_atomically(&wb.save_to_buffer()?, path)
}
