//! One sheet per scenario: its inputs in blue cells and, where the model is a closed formula,
//! its outputs as live formulas over them (renewal steps, pooled pricing and allocation by
//! volume or spend, value-based settlement, a design change's premium), with native charts.
//! Parts that are not closed formulas (Shapley values, actuarial values by the CMS tables, a
//! simulation) are written as the app's values and say so.

use super::cells::{Sheet, abs};
use crate::model::labels::{self, Unit};
use crate::model::plan_design::{PlanDesignOutputs, PlanDesignParams};
use crate::model::pooled::{Allocation, PooledOutputs, PooledParams, Pricing};
use crate::model::renewal::{MIN_LOSS_RATIO, RenewalOutputs, RenewalParams};
use crate::model::scenario::{Scenario, ScenarioKind};
use crate::model::value_based::{QualityMode, ValueBasedOutputs, ValueBasedParams};
use design::plan_design;
use migration::migration;
use reference::reference_price;
use rust_xlsxwriter::{Chart, ChartType, XlsxError};
use serde::de::DeserializeOwned;

mod design;
mod migration;
mod reference;

/// Why a scenario could not be written.
fn typed<T: DeserializeOwned>(v: serde_json::Value) -> Result<T, XlsxError> {
    serde_json::from_value(v).map_err(|e| XlsxError::ParameterError(e.to_string()))
}

/// Writes `scenario` (already validated by running it) to its sheet.
pub fn scenario_sheet(s: &mut Sheet, scenario: &Scenario) -> Result<(), XlsxError> {
    let outputs = scenario
        .run()
        .map_err(|e| XlsxError::ParameterError(e.to_string()))?;
    let out = serde_json::Value::Object(outputs);
    let f = s.f;
    s.text(
        0,
        0,
        &format!("{}: {}", scenario.kind.title(), scenario.name),
        &f.title,
    )?;
    s.text(
        1,
        0,
        "Inputs are the shaded cells with a dashed border; the outputs below them are formulas and recalculate when an input changes.",
        &f.note,
    )?;
    if !scenario.notes.is_empty() {
        s.text(2, 0, &scenario.notes, &f.note)?;
    }
    s.ws.set_column_width(0, 46)?;
    s.ws.set_column_width(1, 18)?;
    s.ws.set_column_width(2, 18)?;
    s.ws.set_column_width(3, 18)?;
    match scenario.kind {
        ScenarioKind::Renewal => renewal(s, &typed(scenario.params.clone())?, &typed(out)?),
        ScenarioKind::PooledVolume => pooled(s, &typed(scenario.params.clone())?, &typed(out)?),
        ScenarioKind::ValueBased => value_based(s, &typed(scenario.params.clone())?, &typed(out)?),
        ScenarioKind::PlanDesign => plan_design(s, &typed(scenario.params.clone())?, &typed(out)?),
        ScenarioKind::Migration => migration(s, &typed(scenario.params.clone())?, &typed(out)?),
        ScenarioKind::ReferencePrice => {
            reference_price(s, &typed(scenario.params.clone())?, &typed(out)?)
        }
    }
}

const FIRST_ROW: u32 = 4;

fn label(name: &str) -> String {
    labels::display_name(name)
}

fn renewal(s: &mut Sheet, p: &RenewalParams, o: &RenewalOutputs) -> Result<(), XlsxError> {
    let mut r = FIRST_ROW;
    s.section(r, "Inputs")?;
    r += 1;
    let mut input = |s: &mut Sheet, name: &str, v: f64, unit: Unit| {
        let cell = s.input_row(r, &label(name), v, unit);
        r += 1;
        cell
    };
    let paid = input(s, "paid_claims", p.paid_claims, Unit::Usd)?;
    let completion = input(s, "completion_factor", p.completion_factor, Unit::Factor)?;
    let mm = input(s, "member_months", p.member_months, Unit::Count)?;
    let employees = input(s, "employees", p.employees, Unit::Count)?;
    let pp = input(s, "pooling_point", p.pooling_point, Unit::Usd)?;
    let pcharge = input(s, "pooling_charge_pct", p.pooling_charge_pct, Unit::Percent)?;
    let adj = input(s, "adjustment_factor", p.adjustment_factor, Unit::Factor)?;
    let tm = input(s, "trend_medical", p.trend_medical, Unit::Percent)?;
    let trx = input(s, "trend_rx", p.trend_rx, Unit::Percent)?;
    let rxs = input(s, "rx_share", p.rx_share, Unit::Percent)?;
    let months = input(s, "trend_months", p.trend_months, Unit::Count)?;
    let manual = input(s, "manual_pmpm", p.manual_pmpm, Unit::UsdPmpm)?;
    let full = input(s, "full_credibility_mm", p.full_credibility_mm, Unit::Count)?;
    let admin = input(s, "admin_pepm", p.admin_pepm, Unit::UsdPepm)?;
    let loads = input(s, "loads_pct", p.loads_pct, Unit::Percent)?;
    let current = input(
        s,
        "current_premium_pmpm",
        p.current_premium_pmpm,
        Unit::UsdPmpm,
    )?;
    let tlr = match p.target_loss_ratio {
        Some(t) => Some(input(s, "target_loss_ratio", t, Unit::Percent)?),
        None => None,
    };
    let cap = match p.rate_cap {
        Some(c) => Some(input(s, "rate_cap", c, Unit::Percent)?),
        None => None,
    };
    let leverage = match (p.allowed_pmpm, p.fixed_cost_sharing_pmpm) {
        (Some(a), Some(c)) => Some((
            input(s, "allowed_pmpm", a, Unit::UsdPmpm)?,
            input(s, "fixed_cost_sharing_pmpm", c, Unit::UsdPmpm)?,
        )),
        _ => None,
    };
    let claimants_row = r;
    s.text(r, 0, "Large claimants (one a column)", &s.f.text.clone())?;
    let mut claimant_cells = Vec::new();
    for (i, c) in p.claimants.iter().enumerate() {
        claimant_cells.push(s.input(r, 1 + i as u16, *c, Unit::Usd)?);
    }
    r += 2;
    s.section(r, "Outputs")?;
    r += 1;
    let mut out = |s: &mut Sheet, text: &str, formula: String, v: f64, unit: Unit| {
        let cell = s.formula_row(r, text, &formula, v, unit);
        r += 1;
        cell
    };
    let incurred = out(
        s,
        &labels::output_label("incurred_claims"),
        format!("{paid}*{completion}"),
        o.incurred_claims,
        Unit::Usd,
    )?;
    let excess = if claimant_cells.is_empty() {
        "0".to_string()
    } else {
        let range = format!(
            "{}:{}",
            abs(claimants_row, 1),
            abs(claimants_row, claimant_cells.len() as u16)
        );
        format!("IF({pp}<=0,0,SUMPRODUCT(({range}-{pp})*({range}>{pp})))")
    };
    let pooled = out(
        s,
        &labels::output_label("pooled_claims"),
        format!("{incurred}-MIN({incurred},{excess})"),
        o.pooled_claims,
        Unit::Usd,
    )?;
    let charge = out(
        s,
        &labels::output_label("pooling_charge"),
        format!("{pooled}*{pcharge}"),
        o.pooling_charge,
        Unit::Usd,
    )?;
    let incurred_pmpm = o.incurred_claims / p.member_months;
    let after_pooling = (o.pooled_claims + o.pooling_charge) / p.member_months;
    let step_incurred = out(
        s,
        "Incurred claims PMPM",
        format!("{incurred}/{mm}"),
        incurred_pmpm,
        Unit::UsdPmpm,
    )?;
    let step_pooling = out(
        s,
        "Claims PMPM after pooling",
        format!("({pooled}+{charge})/{mm}"),
        after_pooling,
        Unit::UsdPmpm,
    )?;
    let experience = out(
        s,
        &labels::output_label("experience_pmpm"),
        format!("{step_pooling}*{adj}"),
        o.experience_pmpm,
        Unit::UsdPmpm,
    )?;
    let trend_med = match &leverage {
        Some((a, c)) => format!("(((1+{tm})*{a}-{c})/({a}-{c})-1)"),
        None => tm.clone(),
    };
    let factor = out(
        s,
        &labels::output_label("trend_factor"),
        format!("(1+{trend_med})^({months}/12)*(1-{rxs})+(1+{trx})^({months}/12)*{rxs}"),
        o.trend_factor,
        Unit::Factor,
    )?;
    let z = out(
        s,
        &labels::output_label("credibility"),
        format!("MIN(1,SQRT({mm}/{full}))"),
        o.credibility,
        Unit::Percent,
    )?;
    let trended = experience.clone() + "*" + &factor;
    let projected = out(
        s,
        &labels::output_label("projected_pmpm"),
        format!("{z}*{trended}+(1-{z})*{manual}*{factor}"),
        o.projected_pmpm,
        Unit::UsdPmpm,
    )?;
    let trended_v = o.experience_pmpm * o.trend_factor;
    let step_trend = out(
        s,
        "Experience PMPM after trend",
        format!("{experience}*{factor}"),
        trended_v,
        Unit::UsdPmpm,
    )?;
    let required_formula = match &tlr {
        Some(t) => format!("{projected}/MAX({t},{MIN_LOSS_RATIO})"),
        None => format!("({projected}+{admin}*{employees}/({mm}/12))/(1-{loads})"),
    };
    let required = out(
        s,
        &labels::output_label("required_pmpm"),
        required_formula,
        o.required_pmpm,
        Unit::UsdPmpm,
    )?;
    let uncapped = out(
        s,
        &labels::output_label("uncapped_change"),
        format!("{required}/{current}-1"),
        o.uncapped_change,
        Unit::Percent,
    )?;
    let change_formula = match &cap {
        Some(c) => format!("MIN({uncapped},{c})"),
        None => uncapped.clone(),
    };
    let change = out(
        s,
        &labels::output_label("renewal_change"),
        change_formula,
        o.renewal_change,
        Unit::Percent,
    )?;
    out(
        s,
        &labels::output_label("renewal_premium_pmpm"),
        format!("{current}*(1+{change})"),
        o.renewal_premium_pmpm,
        Unit::UsdPmpm,
    )?;
    r += 1;
    // The waterfall: each step's PMPM, as the app draws it.
    s.section(r, "From experience to the required premium (PMPM)")?;
    r += 1;
    let first = r;
    let steps = [
        ("Incurred", step_incurred, incurred_pmpm),
        ("After pooling", step_pooling, after_pooling),
        ("After adjustments", experience, o.experience_pmpm),
        ("After trend", step_trend, trended_v),
        ("After credibility", projected, o.projected_pmpm),
        ("Required premium", required, o.required_pmpm),
    ];
    for (name, cell, v) in steps {
        s.text(r, 0, name, &s.f.text.clone())?;
        s.formula(r, 1, &cell, v, Unit::UsdPmpm)?;
        r += 1;
    }
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name("PMPM")
        .set_categories((s.name.as_str(), first, 0, r - 1, 0))
        .set_values((s.name.as_str(), first, 1, r - 1, 1));
    chart
        .title()
        .set_name("Experience to required premium (PMPM)");
    chart.y_axis().set_num_format("$#,##0");
    chart.legend().set_hidden();
    chart.set_width(640).set_height(320);
    s.ws.insert_chart(FIRST_ROW, 4, &chart)?;
    Ok(())
}

fn pooled(s: &mut Sheet, p: &PooledParams, o: &PooledOutputs) -> Result<(), XlsxError> {
    let f = s.f;
    let mut r = FIRST_ROW;
    s.section(
        r,
        &format!(
            "Tier schedule for {} ({})",
            p.service,
            pricing_name(p.pricing)
        ),
    )?;
    r += 1;
    for (c, h) in [
        "Tier starts at (units)",
        "Unit price",
        "Tier ends at (units)",
    ]
    .iter()
    .enumerate()
    {
        s.text(r, c as u16, h, &f.header)?;
    }
    r += 1;
    let first_tier = r;
    for (i, t) in p.schedule.iter().enumerate() {
        s.input(r, 0, t.min_volume, Unit::Count)?;
        s.input(r, 1, t.unit_price, Unit::Usd)?;
        // Each tier ends where the next starts; the last never does.
        let next = if i + 1 < p.schedule.len() {
            abs(r + 1, 0)
        } else {
            "1E+15".into()
        };
        let end = p.schedule.get(i + 1).map_or(1e15, |n| n.min_volume);
        s.formula(r, 2, &next, end, Unit::Count)?;
        if i + 1 == p.schedule.len() {
            // The last tier's end is a number the formulas need, read as "no limit".
            let open_ended =
                rust_xlsxwriter::Format::new().set_num_format("[>=1E+15]\"no upper limit\";#,##0");
            s.ws.set_cell_format(r, 2, &open_ended)?;
        }
        r += 1;
    }
    let last_tier = r - 1;
    let mins = format!("{}:{}", abs(first_tier, 0), abs(last_tier, 0));
    let prices = format!("{}:{}", abs(first_tier, 1), abs(last_tier, 1));
    let ends = format!("{}:{}", abs(first_tier, 2), abs(last_tier, 2));
    let cost_of = |v: &str| match p.pricing {
        Pricing::AllUnits => format!("{v}*LOOKUP({v},{mins},{prices})"),
        Pricing::Incremental => {
            format!("SUMPRODUCT((({v}-{mins})*({v}>{mins})-({v}-{ends})*({v}>{ends}))*{prices})")
        }
    };
    r += 1;
    s.section(r, "Members")?;
    r += 1;
    let heads = [
        "Member",
        "Volume (units)",
        "Current unit price",
        "Cost alone",
        "Savings by volume",
        "Savings by spend",
        "Savings by Shapley value (value)",
        "Savings at the pooled price",
    ];
    for (c, h) in heads.iter().enumerate() {
        s.text(r, c as u16, h, &f.header)?;
    }
    r += 1;
    let first_member = r;
    let n = p.members.len() as u32;
    let last_member = first_member + n.saturating_sub(1);
    let totals_row = first_member + n + 1;
    let vol_total = abs(totals_row, 1);
    let alone_total = abs(totals_row, 3);
    let savings_cell = abs(totals_row + 3, 1);
    let unit_price_cell = abs(totals_row + 5, 1);
    for (i, (m, res)) in p.members.iter().zip(&o.members).enumerate() {
        let row = first_member + i as u32;
        s.text(row, 0, &m.name, &f.text)?;
        let vol = s.input(row, 1, m.volume, Unit::Count)?;
        let price = match m.current_unit_price {
            Some(x) => s.input(row, 2, x, Unit::Usd)?,
            None => abs(row, 2),
        };
        let alone_formula = format!("IF(ISBLANK({price}),{},{vol}*{price})", cost_of(&vol));
        let alone = s.formula(row, 3, &alone_formula, res.standalone_cost, Unit::Usd)?;
        s.formula(
            row,
            4,
            &format!("IF({vol_total}>0,{savings_cell}*{vol}/{vol_total},{savings_cell}/{n})"),
            res.volume_savings,
            Unit::Usd,
        )?;
        s.formula(
            row,
            5,
            &format!("IF({alone_total}>0,{savings_cell}*{alone}/{alone_total},{savings_cell}/{n})"),
            res.spend_savings,
            Unit::Usd,
        )?;
        s.number(row, 6, res.shapley_savings, &f.usd.clone())?;
        s.formula(
            row,
            7,
            &format!("{alone}-{vol}*{unit_price_cell}"),
            res.pooled_price_savings,
            Unit::Usd,
        )?;
    }
    s.text(totals_row, 0, "Total", &f.bold)?;
    let col_sum = |c: u16| format!("SUM({}:{})", abs(first_member, c), abs(last_member, c));
    s.formula(totals_row, 1, &col_sum(1), o.total_volume, Unit::Count)?;
    s.formula(totals_row, 3, &col_sum(3), o.standalone_total, Unit::Usd)?;
    let pooled_cost = s.formula_row(
        totals_row + 2,
        &labels::output_label("pooled_total"),
        &cost_of(&vol_total),
        o.pooled_total,
        Unit::Usd,
    )?;
    s.formula_row(
        totals_row + 3,
        &labels::output_label("savings"),
        &format!("{alone_total}-{pooled_cost}"),
        o.savings,
        Unit::Usd,
    )?;
    s.formula_row(
        totals_row + 4,
        &labels::output_label("savings_rate"),
        &format!("IF({alone_total}>0,{savings_cell}/{alone_total},0)"),
        o.savings_rate,
        Unit::Percent,
    )?;
    s.formula_row(
        totals_row + 5,
        &labels::output_label("pooled_unit_price"),
        &format!("IF({vol_total}>0,{pooled_cost}/{vol_total},0)"),
        o.pooled_unit_price,
        Unit::Usd,
    )?;
    s.formula_row(
        totals_row + 6,
        &labels::output_label("marginal_unit_price"),
        &format!("LOOKUP({vol_total},{mins},{prices})"),
        o.marginal_unit_price,
        Unit::Usd,
    )?;
    let admin = s.input_row(
        totals_row + 7,
        &label("admin_cost"),
        p.admin_cost,
        Unit::Usd,
    )?;
    s.formula_row(
        totals_row + 8,
        &labels::output_label("net_savings"),
        &format!("{savings_cell}-{admin}"),
        o.net_savings,
        Unit::Usd,
    )?;
    allocation_block(s, p, o, first_member, totals_row + 10, &admin)?;
    let mut chart = Chart::new(ChartType::Column);
    for (c, name) in [
        (3u16, "Cost alone"),
        (4, "Savings by volume"),
        (5, "Savings by spend"),
    ] {
        chart
            .add_series()
            .set_name(name)
            .set_categories((s.name.as_str(), first_member, 0, last_member, 0))
            .set_values((s.name.as_str(), first_member, c, last_member, c));
    }
    chart
        .title()
        .set_name("Each member: cost alone and savings");
    chart.y_axis().set_num_format("$#,##0");
    chart.set_width(640).set_height(320);
    s.ws.insert_chart(FIRST_ROW, 9, &chart)?;
    for c in 1..8 {
        s.ws.set_column_width(c, 20)?;
    }
    Ok(())
}

fn pricing_name(p: Pricing) -> &'static str {
    match p {
        Pricing::AllUnits => "all-units pricing",
        Pricing::Incremental => "incremental pricing",
    }
}

/// The chosen method's split with the admin cost shared in proportion to positive savings.
fn allocation_block(
    s: &mut Sheet,
    p: &PooledParams,
    o: &PooledOutputs,
    first_member: u32,
    start: u32,
    admin: &str,
) -> Result<(), XlsxError> {
    let f = s.f;
    s.section(start, &format!("Allocation: {}", p.allocation.title()))?;
    let head = start + 1;
    for (c, h) in [
        "Member",
        "Savings by this method",
        "Share of admin cost",
        "Pays in the pool",
        "Saves",
    ]
    .iter()
    .enumerate()
    {
        s.text(head, c as u16, h, &f.header)?;
    }
    // Shapley values are not a closed formula: written as the app's values.
    let method_col: Option<u16> = match p.allocation {
        Allocation::Volume => Some(4),
        Allocation::Spend => Some(5),
        Allocation::PooledPrice => Some(7),
        Allocation::Shapley => None,
    };
    let n = p.members.len() as u32;
    let first = head + 1;
    let positive = format!(
        "SUMPRODUCT(({0}:{1}>0)*{0}:{1})",
        abs(first, 1),
        abs(first + n - 1, 1)
    );
    for (i, res) in o.members.iter().enumerate() {
        let row = first + i as u32;
        let member_row = first_member + i as u32;
        s.text(row, 0, &res.name, &f.text)?;
        let chosen_value = chosen_savings(p.allocation, res);
        let chosen = match method_col {
            Some(c) => s.formula(row, 1, &abs(member_row, c), chosen_value, Unit::Usd)?,
            None => {
                s.number(row, 1, chosen_value, &f.usd.clone())?;
                abs(row, 1)
            }
        };
        let share = s.formula(
            row,
            2,
            &format!("IF({positive}>0,MAX({chosen},0)/{positive},1/{n})*{admin}"),
            res.allocated_cost - (res.standalone_cost - chosen_value),
            Unit::Usd,
        )?;
        let alone = abs(member_row, 3);
        let pays = s.formula(
            row,
            3,
            &format!("{alone}-{chosen}+{share}"),
            res.allocated_cost,
            Unit::Usd,
        )?;
        s.formula(row, 4, &format!("{alone}-{pays}"), res.savings, Unit::Usd)?;
    }
    Ok(())
}

/// A member's savings by the allocation method, before the admin cost.
fn chosen_savings(method: Allocation, res: &crate::model::pooled::MemberResult) -> f64 {
    match method {
        Allocation::Volume => res.volume_savings,
        Allocation::Spend => res.spend_savings,
        Allocation::Shapley => res.shapley_savings,
        Allocation::PooledPrice => res.pooled_price_savings,
    }
}

fn value_based(
    s: &mut Sheet,
    p: &ValueBasedParams,
    o: &ValueBasedOutputs,
) -> Result<(), XlsxError> {
    // One shared row counter, so the input and output helpers can both advance it.
    let rows = std::cell::Cell::new(FIRST_ROW);
    let next = || {
        let r = rows.get();
        rows.set(r + 1);
        r
    };
    s.section(next(), "Inputs")?;
    let input = |s: &mut Sheet, name: &str, v: f64, unit: Unit| s.input_row(next(), name, v, unit);
    let lives = input(
        s,
        &label("attributed_lives"),
        p.attributed_lives,
        Unit::Count,
    )?;
    let bench_pmpm = match p.benchmark_pmpm {
        Some(b) => input(s, &label("benchmark_pmpm"), b, Unit::UsdPmpm)?,
        None => {
            let base = input(s, &label("baseline_pmpm"), p.baseline_pmpm, Unit::UsdPmpm)?;
            let trend = input(s, &label("trend"), p.trend, Unit::Percent)?;
            let years = input(s, &label("years"), p.years, Unit::Years)?;
            let risk = input(s, &label("risk_ratio"), p.risk_ratio, Unit::Factor)?;
            let discount = input(
                s,
                &label("target_discount"),
                p.target_discount,
                Unit::Percent,
            )?;
            s.formula_row(
                next(),
                &labels::output_label("benchmark_pmpm"),
                &format!("{base}*(1+{trend})^{years}*{risk}*(1-{discount})"),
                o.benchmark_pmpm,
                Unit::UsdPmpm,
            )?
        }
    };
    let actual_label = if p.actual_pmpm.is_some() {
        label("actual_pmpm")
    } else {
        "Actual PMPM (from the utilization levers, value)".to_string()
    };
    let actual_pmpm = input(s, &actual_label, o.actual_pmpm, Unit::UsdPmpm)?;
    let msr = input(s, "Minimum savings rate used", o.msr_used, Unit::Percent)?;
    let mlr = input(s, "Minimum loss rate used", o.mlr_used, Unit::Percent)?;
    let ssr = input(
        s,
        &label("shared_savings_rate"),
        p.shared_savings_rate,
        Unit::Percent,
    )?;
    let quality = input(s, &label("quality_score"), p.quality_score, Unit::Percent)?;
    let gate = input(s, &label("quality_gate"), p.quality_gate, Unit::Percent)?;
    let cap = input(s, &label("savings_cap"), p.savings_cap, Unit::Percent)?;
    let loss_cap = input(s, &label("loss_cap"), p.loss_cap, Unit::Percent)?;
    let seq = input(s, &label("sequestration"), p.sequestration, Unit::Percent)?;
    let two_sided = input(
        s,
        "Two-sided (1 = yes)",
        if p.two_sided { 1.0 } else { 0.0 },
        Unit::Count,
    )?;
    let given_loss = match p.shared_loss_rate {
        Some(l) => Some(input(s, &label("shared_loss_rate"), l, Unit::Percent)?),
        None => None,
    };
    let outcomes = input(
        s,
        "Outcome payments earned (value)",
        o.outcome_payments_total,
        Unit::Usd,
    )?;
    next();
    s.section(next(), "Settlement")?;
    let out = |s: &mut Sheet, name: &str, formula: String, v: f64, unit: Unit| {
        s.formula_row(next(), &labels::output_label(name), &formula, v, unit)
    };
    let sharing_formula = match p.quality_mode {
        QualityMode::Gate => ssr.clone(),
        QualityMode::Multiply => format!("{ssr}*{quality}"),
    };
    let sharing = out(
        s,
        "sharing_rate_used",
        sharing_formula,
        o.sharing_rate_used,
        Unit::Percent,
    )?;
    let loss_rate_formula = match &given_loss {
        Some(l) => format!("IF({two_sided}=1,{l},0)"),
        None => format!("IF({two_sided}=1,MIN(0.75,MAX(0.4,1-{sharing})),0)"),
    };
    let loss_rate = out(
        s,
        "loss_rate_used",
        loss_rate_formula,
        o.loss_rate_used,
        Unit::Percent,
    )?;
    let bench = out(
        s,
        "benchmark_total",
        format!("{bench_pmpm}*12*{lives}"),
        o.benchmark_total,
        Unit::Usd,
    )?;
    let actual = out(
        s,
        "actual_total",
        format!("{actual_pmpm}*12*{lives}"),
        o.actual_total,
        Unit::Usd,
    )?;
    let savings = out(
        s,
        "savings",
        format!("{bench}-{actual}"),
        o.savings,
        Unit::Usd,
    )?;
    let rate = out(
        s,
        "savings_rate",
        format!("IF({bench}>0,{savings}/{bench},0)"),
        o.savings_rate,
        Unit::Percent,
    )?;
    let passed = format!("({quality}+1E-12>={gate})");
    let shared = out(
        s,
        "shared_savings",
        format!(
            "IF(AND({rate}>={msr},{passed},{savings}>0),MIN({savings}*{sharing}*(1-{seq}),{cap}*{bench}),0)"
        ),
        o.shared_savings,
        Unit::Usd,
    )?;
    let losses = out(
        s,
        "shared_losses",
        format!(
            "IF(AND({two_sided}=1,-{rate}>={mlr},{savings}<0),MIN(-{savings}*{loss_rate},{loss_cap}*{bench}),0)"
        ),
        o.shared_losses,
        Unit::Usd,
    )?;
    let settlement = out(
        s,
        "settlement",
        format!("{shared}-{losses}"),
        o.settlement,
        Unit::Usd,
    )?;
    out(
        s,
        "provider_total",
        format!("{settlement}+{outcomes}"),
        o.provider_total,
        Unit::Usd,
    )?;
    out(
        s,
        "payer_net_savings",
        format!("{savings}-{settlement}-{outcomes}"),
        o.payer_net_savings,
        Unit::Usd,
    )?;
    next();
    corridor(
        s,
        p,
        next(),
        &bench,
        &[
            &msr, &mlr, &sharing, &loss_rate, &cap, &loss_cap, &seq, &two_sided,
        ],
        &passed,
    )?;
    Ok(())
}

/// Settlement at savings rates from −15 % to +15 %: the corridor, as formulas and a chart.
#[allow(clippy::too_many_arguments)]
fn corridor(
    s: &mut Sheet,
    p: &ValueBasedParams,
    start: u32,
    bench: &str,
    terms: &[&String; 8],
    passed: &str,
) -> Result<(), XlsxError> {
    let [msr, mlr, sharing, loss_rate, cap, loss_cap, seq, two_sided] = *terms;
    let f = s.f;
    s.section(start, "Settlement by savings rate (the corridor)")?;
    let head = start + 1;
    s.text(head, 0, "Savings rate", &f.header)?;
    s.text(head, 1, "Settlement", &f.header)?;
    let steps = 21;
    for k in 0..steps {
        let row = head + 1 + k;
        let rate_v = -0.15 + 0.015 * k as f64;
        let rate = s.input(row, 0, rate_v, Unit::Percent)?;
        let sav = format!("({bench}*{rate})");
        let formula = format!(
            "IF(AND({rate}>={msr},{passed},{sav}>0),MIN({sav}*{sharing}*(1-{seq}),{cap}*{bench}),0)-IF(AND({two_sided}=1,-{rate}>={mlr},{sav}<0),MIN(-{sav}*{loss_rate},{loss_cap}*{bench}),0)"
        );
        let v = crate::model::value_based::settlement_at_rate(p, rate_v).unwrap_or(0.0);
        s.formula(row, 1, &formula, v, Unit::Usd)?;
    }
    let last = head + steps;
    let mut chart = Chart::new(ChartType::Line);
    chart
        .add_series()
        .set_name("Settlement")
        .set_categories((s.name.as_str(), head + 1, 0, last, 0))
        .set_values((s.name.as_str(), head + 1, 1, last, 1));
    chart.title().set_name("Settlement by savings rate");
    chart.x_axis().set_name("Savings rate").set_num_format("0%");
    chart.y_axis().set_num_format("$#,##0");
    chart.legend().set_hidden();
    chart.set_width(640).set_height(320);
    s.ws.insert_chart(FIRST_ROW, 4, &chart)?;
    Ok(())
}
