//! The comparison sheets: the model (inputs and live formulas for employee shares, annual
//! totals, member cost and an out-of-pocket chart) and the table as the app shows it.

use super::cells::{Sheet, abs};
use crate::domain::Tier;
use crate::model::compare::{self, Comparison, USE_LEVELS};
use crate::model::labels::Unit;
use crate::model::plan_cost::{self, CostSharing};
use rust_xlsxwriter::{Chart, ChartType, XlsxError};

/// Claims from 0 to $60,000 in $2,500 steps for the out-of-pocket chart.
const CURVE_STEPS: u32 = 25;
const CURVE_STEP_USD: f64 = 2_500.0;

/// A tier's input references: (monthly premium, employer monthly, subscribers).
type TierRefs = (String, String, String);
/// Reads one total of a plan's cost.
type Total = fn(&plan_cost::PlanCost) -> f64;

/// Input references of one plan's column.
struct PlanRefs {
    deductible: String,
    coinsurance: String,
    oop_max: String,
}

/// Writes the comparison model: blue input cells, formulas over them.
pub fn model_sheet(s: &mut Sheet, cmp: &Comparison, population: &str) -> Result<(), XlsxError> {
    let f = s.f;
    s.text(0, 0, &format!("Plan comparison: {population}"), &f.title)?;
    s.text(
        1,
        0,
        "Inputs are the shaded cells with a dashed border: change one and the employee shares, annual totals and member costs recalculate.",
        &f.note,
    )?;
    let header = 3;
    s.text(header, 0, "Plan", &f.header)?;
    for (i, c) in cmp.columns.iter().enumerate() {
        s.text(header, col(i), &c.plan.code, &f.header)?;
    }
    let mut row = header + 2;
    s.section(row, "Plan design")?;
    row += 1;
    let mut refs = Vec::new();
    for (i, c) in cmp.columns.iter().enumerate() {
        let p = &c.plan;
        refs.push(PlanRefs {
            deductible: s.input(row, col(i), p.deductible_individual, Unit::Usd)?,
            coinsurance: s.input(row + 1, col(i), p.coinsurance, Unit::Percent)?,
            oop_max: s.input(row + 2, col(i), p.oop_max_individual, Unit::Usd)?,
        });
    }
    for (k, label) in [
        "Deductible (individual)",
        "Coinsurance (member share)",
        "Out-of-pocket max (individual)",
    ]
    .iter()
    .enumerate()
    {
        s.text(row + k as u32, 0, label, &f.text)?;
    }
    row += 4;
    s.section(row, "Rates and enrollment by coverage tier")?;
    row += 1;
    let tiers = tier_inputs(s, cmp, row)?;
    row += 3 * Tier::ALL.len() as u32 + 1;
    s.section(row, "Employee share and annual cost")?;
    row += 1;
    let ee_employee_row = row;
    for (t, tier) in Tier::ALL.iter().enumerate() {
        s.text(
            row,
            0,
            &format!("{} employee monthly", tier.code()),
            &f.text,
        )?;
        for (i, c) in cmp.columns.iter().enumerate() {
            let line = &c.cost.tiers[t];
            let (Some(_), Some(e)) = (line.monthly_premium, line.employee_monthly) else {
                continue;
            };
            let (p_ref, e_ref, _) = &tiers[i][t];
            s.formula(
                row,
                col(i),
                &format!("ROUND({p_ref}-{e_ref},2)"),
                e,
                Unit::Usd,
            )?;
        }
        row += 1;
    }
    let totals: [(&str, Total); 3] = [
        ("Annual premium", |c| c.annual_premium_usd),
        ("Annual employer cost", |c| c.annual_employer_usd),
        ("Annual employee cost", |c| c.annual_employee_usd),
    ];
    let first_total = row;
    for (k, (label, value)) in totals.iter().enumerate() {
        s.text(row, 0, label, &f.bold)?;
        for (i, c) in cmp.columns.iter().enumerate() {
            let formula = match k {
                0 => annual_sum(&tiers[i], c, |(p, _, n)| format!("ROUND({n}*{p}*12,2)")),
                1 => annual_sum(&tiers[i], c, |(_, e, n)| format!("ROUND({n}*{e}*12,2)")),
                _ => format!(
                    "{}-{}",
                    abs(first_total, col(i)),
                    abs(first_total + 1, col(i))
                ),
            };
            s.formula(row, col(i), &formula, value(&c.cost), Unit::Usd)?;
        }
        row += 1;
    }
    row += 1;
    s.section(
        row,
        "Member cost a year, employee only (premium share + out-of-pocket)",
    )?;
    row += 1;
    let mut claims_refs = Vec::new();
    for (k, (label, _)) in USE_LEVELS.iter().enumerate() {
        let claims = cmp.use_level_claims_usd.get(k).copied().unwrap_or(0.0);
        s.text(
            row,
            0,
            &format!("Claims at {}", label.to_lowercase()),
            &f.text,
        )?;
        claims_refs.push(s.input(row, 1, claims, Unit::Usd)?);
        row += 1;
    }
    for (k, (label, _)) in USE_LEVELS.iter().enumerate() {
        s.text(
            row,
            0,
            &format!("Member cost, {}", label.to_lowercase()),
            &f.bold,
        )?;
        for (i, c) in cmp.columns.iter().enumerate() {
            let Some(v) = c.member_cost_usd.get(k) else {
                continue;
            };
            if !v.is_finite() {
                s.text(row, col(i), super::NO_PREMIUM, &f.text)?;
                continue;
            }
            let ee = abs(ee_employee_row, col(i));
            let oop = oop_formula(&claims_refs[k], &refs[i]);
            s.formula(row, col(i), &format!("{ee}*12+{oop}"), *v, Unit::Usd)?;
        }
        row += 1;
    }
    row += 1;
    row = values_block(s, cmp, row)?;
    curve_block(s, cmp, &refs, row + 1)?;
    s.ws.set_column_width(0, 44)?;
    for i in 0..cmp.columns.len() {
        s.ws.set_column_width(col(i), 20)?;
    }
    s.ws.set_freeze_panes(header + 1, 1)?;
    Ok(())
}

fn col(i: usize) -> u16 {
    (i + 1) as u16
}

/// Premium, employer and subscriber inputs for each plan and tier: (premium, employer, count).
fn tier_inputs(
    s: &mut Sheet,
    cmp: &Comparison,
    start: u32,
) -> Result<Vec<Vec<TierRefs>>, XlsxError> {
    let f = s.f;
    let n = Tier::ALL.len() as u32;
    for (t, tier) in Tier::ALL.iter().enumerate() {
        let t = t as u32;
        s.text(
            start + t,
            0,
            &format!("{} monthly premium", tier.code()),
            &f.text,
        )?;
        s.text(
            start + n + t,
            0,
            &format!("{} employer monthly", tier.code()),
            &f.text,
        )?;
        s.text(
            start + 2 * n + t,
            0,
            &format!("{} subscribers", tier.code()),
            &f.text,
        )?;
    }
    let mut out = Vec::new();
    for (i, c) in cmp.columns.iter().enumerate() {
        let mut plan = Vec::new();
        for (t, line) in c.cost.tiers.iter().enumerate() {
            let t = t as u32;
            let p = match line.monthly_premium {
                Some(p) => s.input(start + t, col(i), p, Unit::Usd)?,
                None => abs(start + t, col(i)),
            };
            let e = match line.employer_monthly {
                Some(e) => s.input(start + n + t, col(i), e, Unit::Usd)?,
                None => abs(start + n + t, col(i)),
            };
            let count = s.input(start + 2 * n + t, col(i), line.enrolled, Unit::Count)?;
            plan.push((p, e, count));
        }
        out.push(plan);
    }
    Ok(out)
}

/// Σ over the rated tiers of a plan (tiers without a rate are left out, as in the app).
fn annual_sum(
    tiers: &[TierRefs],
    c: &compare::PlanColumn,
    term: impl Fn(&TierRefs) -> String,
) -> String {
    let terms: Vec<String> = tiers
        .iter()
        .zip(&c.cost.tiers)
        .filter(|(_, line)| line.monthly_premium.is_some())
        .map(|(refs, _)| term(refs))
        .collect();
    if terms.is_empty() {
        "0".into()
    } else {
        terms.join("+")
    }
}

/// min(M, min(c, D) + k·max(0, c − D)).
fn oop_formula(claims: &str, p: &PlanRefs) -> String {
    let (d, k, m) = (&p.deductible, &p.coinsurance, &p.oop_max);
    format!("MIN({m},MIN({claims},{d})+{k}*MAX(0,{claims}-{d}))")
}

/// Values the app computes by models a spreadsheet cannot hold (actuarial value by the CMS
/// tables, quality composites).
fn values_block(s: &mut Sheet, cmp: &Comparison, mut row: u32) -> Result<u32, XlsxError> {
    let f = s.f;
    s.section(row, "Actuarial value and quality (values from the app)")?;
    row += 1;
    let lines: [(&str, Unit); 3] = [
        ("Actuarial value (estimate, CMS method)", Unit::Percent),
        ("Actuarial value (carrier)", Unit::Percent),
        ("Quality composite (0–100)", Unit::Factor),
    ];
    for (k, (label, unit)) in lines.iter().enumerate() {
        s.text(row, 0, label, &f.text)?;
        for (i, c) in cmp.columns.iter().enumerate() {
            let v = match k {
                0 => Some(c.actuarial_value),
                1 => c.plan.actuarial_value,
                _ => c.rating.as_ref().and_then(|r| r.composite.value()),
            };
            if let Some(v) = v {
                let fmt = if k == 2 {
                    f.count.clone().set_num_format("0.0")
                } else {
                    f.of(*unit).clone()
                };
                s.number(row, col(i), v, &fmt)?;
            }
        }
        row += 1;
    }
    s.text(row, 0, "Metal level", &f.text)?;
    for (i, c) in cmp.columns.iter().enumerate() {
        s.text(row, col(i), &c.metal_level, &f.text)?;
    }
    Ok(row + 1)
}

/// Out-of-pocket by claims for each plan (formulas over the design inputs) and a line chart.
fn curve_block(
    s: &mut Sheet,
    cmp: &Comparison,
    refs: &[PlanRefs],
    start: u32,
) -> Result<(), XlsxError> {
    let f = s.f;
    s.section(start, "Out-of-pocket cost by yearly claims")?;
    let head = start + 1;
    s.text(head, 0, "Yearly allowed claims", &f.header)?;
    for (i, c) in cmp.columns.iter().enumerate() {
        s.text(head, col(i), &c.plan.code, &f.header)?;
    }
    for step in 0..=CURVE_STEPS {
        let row = head + 1 + step;
        let claims = step as f64 * CURVE_STEP_USD;
        let claims_ref = s.input(row, 0, claims, Unit::Usd)?;
        for (i, c) in cmp.columns.iter().enumerate() {
            let design = CostSharing {
                deductible_usd: c.plan.deductible_individual,
                coinsurance: c.plan.coinsurance,
                oop_max_usd: c.plan.oop_max_individual,
            };
            let oop = plan_cost::oop_usd(claims, design);
            s.formula(
                row,
                col(i),
                &oop_formula(&claims_ref, &refs[i]),
                oop,
                Unit::Usd,
            )?;
        }
    }
    let last = head + 1 + CURVE_STEPS;
    let mut chart = Chart::new(ChartType::Line);
    for i in 0..cmp.columns.len() {
        chart
            .add_series()
            .set_name((s.name.as_str(), head, col(i)))
            .set_categories((s.name.as_str(), head + 1, 0, last, 0))
            .set_values((s.name.as_str(), head + 1, col(i), last, col(i)));
    }
    chart
        .title()
        .set_name("Member out-of-pocket by yearly claims");
    chart.x_axis().set_name("Yearly allowed claims");
    chart
        .y_axis()
        .set_name("Out-of-pocket ($)")
        .set_num_format("$#,##0");
    chart.set_width(720).set_height(360);
    s.ws.insert_chart(start, (cmp.columns.len() + 2) as u16, &chart)?;
    Ok(())
}

/// The comparison as the app shows it (text), with frozen headers and a filter.
pub fn table_sheet(s: &mut Sheet, cmp: &Comparison) -> Result<(), XlsxError> {
    let f = s.f;
    let table = compare::to_table(cmp);
    for (c, h) in table.headers.iter().enumerate() {
        s.text(0, c as u16, h, &f.header)?;
    }
    for (r, line) in table.rows.iter().enumerate() {
        for (c, cell) in line.iter().enumerate() {
            s.text(r as u32 + 1, c as u16, cell, &f.text)?;
        }
    }
    let last_col = table.headers.len().saturating_sub(1) as u16;
    s.ws.autofilter(0, 0, table.rows.len() as u32, last_col)?;
    s.ws.set_freeze_panes(1, 1)?;
    s.ws.set_column_width(0, 40)?;
    for c in 1..=last_col {
        s.ws.set_column_width(c, 26)?;
    }
    Ok(())
}
