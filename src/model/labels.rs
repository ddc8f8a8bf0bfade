//! Display names: one table for every scenario input and output and every import field, with
//! its unit, so views, the CLI and reports never show an internal name (`trend_medical`) or a
//! raw fraction (`0.0850`).

use super::kind::ScenarioKind;
use crate::format::{grouped, money, pct};
use kinds::*;
use migration::{MIGRATION_OUTPUTS, MIGRATION_SPECS};
use reference_price::{REFERENCE_PRICE_OUTPUTS, REFERENCE_PRICE_SPECS};
use serde_json::Value;

mod kinds;
mod migration;
mod reference_price;

/// How an input is entered and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Unit {
    Usd,
    UsdPmpm,
    UsdPepm,
    Percent,
    /// A difference between two percentages, shown in percentage points (`-1.87 pts`).
    Points,
    Count,
    Months,
    Factor,
    Years,
    /// A 0–100 quality score.
    Score,
    /// A star rating, 1–5 in half stars.
    Stars,
}

/// Label, unit and help text of one scenario input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamSpec {
    pub name: &'static str,
    pub label: &'static str,
    pub unit: Unit,
    pub optional: bool,
    pub help: &'static str,
}

const fn spec(
    name: &'static str,
    label: &'static str,
    unit: Unit,
    optional: bool,
    help: &'static str,
) -> ParamSpec {
    ParamSpec {
        name,
        label,
        unit,
        optional,
        help,
    }
}

/// The inputs of a kind, in form order (lists such as a tier schedule have editors of their own).
pub fn param_specs(kind: ScenarioKind) -> &'static [ParamSpec] {
    match kind {
        ScenarioKind::Renewal => RENEWAL_SPECS,
        ScenarioKind::PooledVolume => POOLED_SPECS,
        ScenarioKind::ValueBased => VALUE_SPECS,
        ScenarioKind::PlanDesign => DESIGN_SPECS,
        ScenarioKind::Migration => MIGRATION_SPECS,
        ScenarioKind::ReferencePrice => REFERENCE_PRICE_SPECS,
    }
}

/// Which way an output is better for the purchaser (for green/red deltas).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Lower,
    Higher,
    Neither,
}

/// Label, unit and direction of one scenario output.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutputSpec {
    pub name: &'static str,
    pub label: &'static str,
    pub unit: Unit,
    pub better: Better,
}

const fn out(name: &'static str, label: &'static str, unit: Unit, better: Better) -> OutputSpec {
    OutputSpec {
        name,
        label,
        unit,
        better,
    }
}

/// The outputs of a kind, in display order.
pub fn output_specs(kind: ScenarioKind) -> &'static [OutputSpec] {
    match kind {
        ScenarioKind::Renewal => RENEWAL_OUTPUTS,
        ScenarioKind::PooledVolume => POOLED_OUTPUTS,
        ScenarioKind::ValueBased => VALUE_OUTPUTS,
        ScenarioKind::PlanDesign => DESIGN_OUTPUTS,
        ScenarioKind::Migration => MIGRATION_OUTPUTS,
        ScenarioKind::ReferencePrice => REFERENCE_PRICE_OUTPUTS,
    }
}

/// The field that names an item of a list (a member's `name`, a payment's `measure`), so a
/// label can say "Harbor County Hospital: volume" instead of "Member 1: volume".
pub fn item_name_field(list: &str) -> Option<&'static str> {
    match list {
        "members" | "utilization" => Some("name"),
        "outcome_payments" => Some("measure"),
        "plans" => Some("code"),
        "hospitals" => Some("name"),
        _ => None,
    }
}

/// Label and unit of a path into a list of records (`schedule.2.unit_price`); `subject`
/// names the item when known, else it is numbered ("Member 2").
fn path_label(name: &str, subject: Option<&str>) -> Option<(String, Unit)> {
    let mut parts = name.split('.');
    let (list, index, field) = (parts.next()?, parts.next()?, parts.next()?);
    let n = index.parse::<usize>().ok()? + 1;
    let who = |word: &str| subject.map_or_else(|| format!("{word} {n}"), str::to_string);
    Some(match (list, field) {
        ("schedule", "unit_price") => (format!("Tier {n} unit price"), Unit::Usd),
        ("schedule", "min_volume") => (format!("Tier {n} starts at (units)"), Unit::Count),
        ("members", "volume") => (format!("{}: volume (units)", who("Member")), Unit::Count),
        ("members", "current_unit_price") => {
            (format!("{}: current unit price", who("Member")), Unit::Usd)
        }
        ("utilization", "lever") => (format!("{}: change in use", who("Service")), Unit::Percent),
        ("utilization", "util_per_1000") => (
            format!("{}: use per 1,000 a year", who("Service")),
            Unit::Count,
        ),
        ("utilization", "unit_cost") => (format!("{}: unit cost", who("Service")), Unit::Usd),
        ("outcome_payments", "amount") => (format!("{}: bonus", who("Outcome payment")), Unit::Usd),
        ("outcome_payments", "target") => {
            (format!("{}: target", who("Outcome payment")), Unit::Factor)
        }
        ("hospitals", "spend") => (format!("{}: spend a year", who("Hospital")), Unit::Usd),
        ("hospitals", "medicare_spend") => (
            format!("{}: Medicare would pay a year", who("Hospital")),
            Unit::Usd,
        ),
        ("plans", field) => (
            format!("{}: {}", who("Plan"), plan_field_label(field)),
            plan_field_unit(field),
        ),
        ("outcome_payments", "actual") => {
            (format!("{}: result", who("Outcome payment")), Unit::Factor)
        }
        _ => (
            format!("{} {n}: {}", readable(list), readable(field)),
            Unit::Factor,
        ),
    })
}

/// A migration plan's field in words.
fn plan_field_label(field: &str) -> String {
    match field {
        "members" => "members today".into(),
        "contribution_annual" => "employee contribution a year today".into(),
        "new_contribution_annual" => "new employee contribution a year".into(),
        "employer_annual" => "employer contribution a year today".into(),
        "new_employer_annual" => "new employer contribution a year".into(),
        "oop" => "expected out-of-pocket today".into(),
        "new_oop" => "new expected out-of-pocket".into(),
        other => readable(other),
    }
}

fn plan_field_unit(field: &str) -> Unit {
    if field == "members" {
        Unit::Count
    } else {
        Unit::Usd
    }
}

/// The label of a path whose item has a name: "Emergency visits: change in use".
pub fn item_display_name(name: &str, subject: &str) -> String {
    path_label(name, Some(subject)).map_or_else(|| display_name(name), |(label, _)| label)
}

fn find_output(name: &str) -> Option<&'static OutputSpec> {
    ScenarioKind::ALL
        .iter()
        .flat_map(|k| output_specs(*k))
        .find(|o| o.name == name)
}

fn find_param(name: &str) -> Option<&'static ParamSpec> {
    ScenarioKind::ALL
        .iter()
        .flat_map(|k| param_specs(*k))
        .find(|p| p.name == name)
}

/// The label of an output ("Required premium"); unknown names are made readable.
pub fn output_label(name: &str) -> String {
    find_output(name).map_or_else(|| readable(name), |o| o.label.to_string())
}

/// The unit of an output.
pub fn output_unit(name: &str) -> Unit {
    if let Some(o) = find_output(name) {
        return o.unit;
    }
    if name.ends_with("_pmpm") {
        Unit::UsdPmpm
    } else if name.contains("change") || name.ends_with("_rate") || name.ends_with("_pct") {
        Unit::Percent
    } else if name.ends_with("factor") {
        Unit::Factor
    } else {
        Unit::Usd
    }
}

/// Which way an output is better for the purchaser.
pub fn output_better(name: &str) -> Better {
    find_output(name).map_or(Better::Neither, |o| o.better)
}

/// The label of an input or output, whichever `name` is.
pub fn display_name(name: &str) -> String {
    if let Some((label, _)) = path_label(name, None) {
        return label;
    }
    find_param(name).map_or_else(|| output_label(name), |p| p.label.to_string())
}

/// The unit of an input (inputs first, then outputs).
pub fn unit_of(name: &str) -> Unit {
    if let Some((_, unit)) = path_label(name, None) {
        return unit;
    }
    find_param(name).map_or_else(|| output_unit(name), |p| p.unit)
}

/// A value in its unit: money with $ and separators (see `format::money`), rates as %.
pub fn display_value(unit: Unit, value: f64) -> String {
    match unit {
        Unit::Usd => money(value),
        Unit::UsdPmpm => format!("{} PMPM", rate_usd(value)),
        Unit::UsdPepm => format!("{} PEPM", rate_usd(value)),
        Unit::Percent => pct(value),
        Unit::Points => format!("{:+.2} pts", value * 100.0),
        Unit::Count => grouped(value, 0),
        Unit::Months => format!("{} months", grouped(value, 1)),
        Unit::Factor => format!("{value:.4}"),
        Unit::Years => grouped(value, 0),
        Unit::Score => format!("{value:.1}"),
        Unit::Stars => format!("{value:.1} stars"),
    }
}

/// A monthly rate in cents up to $10,000 (`$450.00`, `$585.89`): a column of rates reads
/// alike; whole dollars beyond, where cents are noise.
fn rate_usd(value: f64) -> String {
    if value.abs() >= 9_999.995 {
        money(value)
    } else {
        crate::format::usd(value)
    }
}

/// How a value of this unit is typed: the factor from stored to shown (100 for percents),
/// the prefix and the suffix.
pub fn entry_format(unit: Unit) -> (f64, &'static str, &'static str) {
    match unit {
        Unit::Percent => (100.0, "", " %"),
        Unit::Points => (100.0, "", " pts"),
        Unit::Usd => (1.0, "$", ""),
        Unit::UsdPmpm => (1.0, "$", " PMPM"),
        Unit::UsdPepm => (1.0, "$", " PEPM"),
        Unit::Months => (1.0, "", " mo"),
        Unit::Count | Unit::Factor | Unit::Years | Unit::Score | Unit::Stars => (1.0, "", ""),
    }
}

/// A signed difference in the unit: `+1.20 pts`, `+$12.50`, `+120`.
pub fn display_delta(unit: Unit, delta: f64) -> String {
    match unit {
        Unit::Percent | Unit::Points => format!("{:+.2} pts", delta * 100.0),
        Unit::Usd => crate::format::signed_money(delta),
        Unit::UsdPmpm | Unit::UsdPepm => crate::format::signed_usd(delta),
        Unit::Count | Unit::Years => format!(
            "{}{}",
            if delta >= 0.0 { "+" } else { "" },
            grouped(delta, 0)
        ),
        Unit::Months => format!("{:+.1} months", delta),
        Unit::Factor => format!("{delta:+.4}"),
        Unit::Score => format!("score {delta:+.1}"),
        Unit::Stars => format!("{delta:+.1} stars"),
    }
}

/// The value an optional input takes when the user switches it on.
pub fn enabled_default(name: &str) -> f64 {
    match name {
        "target_loss_ratio" => 0.85,
        "benchmark_pmpm" => 1_000.0,
        "actual_pmpm" => 950.0,
        "shared_loss_rate" => 0.5,
        "rate_cap" => 0.08,
        "allowed_pmpm" => 600.0,
        "fixed_cost_sharing_pmpm" => 60.0,
        _ => 0.0,
    }
}

/// One line of the assumption log per changed input: "Medical trend: from 7.00% to 8.50%".
pub fn describe_changes(before: &Value, after: &Value) -> Vec<String> {
    let Some(after_map) = after.as_object() else {
        return Vec::new();
    };
    after_map
        .iter()
        .filter(|(k, v)| before.get(k.as_str()) != Some(*v))
        .map(|(k, v)| {
            let unit = unit_of(k);
            let show = |x: Option<&Value>| match x {
                Some(Value::Number(n)) => {
                    n.as_f64().map_or("—".into(), |f| display_value(unit, f))
                }
                Some(Value::Array(a)) => format!("{} values", a.len()),
                Some(Value::Null) | None => "not used".into(),
                Some(other) => other.to_string(),
            };
            format!(
                "{}: from {} to {}",
                display_name(k),
                show(before.get(k.as_str())),
                show(Some(v))
            )
        })
        .collect()
}

/// Plain words for an import field (`external_id` → "Member ID").
pub fn field_label(name: &str) -> String {
    let label = match name {
        "external_id" => "Member ID",
        "purchaser" => "Purchaser (employer)",
        "purchaser_kind" => "Purchaser type",
        "plan_code" => "Plan code",
        "tier" => "Coverage tier",
        "relationship" => "Relationship",
        "birth_date" => "Birth date",
        "sex" => "Sex",
        "zip" => "ZIP code",
        "hire_date" => "Hire date",
        "annual_salary" => "Annual salary ($)",
        "annual_allowed_claims" => "Annual allowed claims ($)",
        "code" => "Code",
        "name" => "Name",
        "carrier" => "Carrier",
        "plan_type" => "Plan type",
        "network" => "Network",
        "year" => "Plan year",
        "deductible_individual" => "Deductible, individual ($)",
        "deductible_family" => "Deductible, family ($)",
        "coinsurance" => "Coinsurance (%)",
        "oop_max_individual" => "Out-of-pocket max, individual ($)",
        "oop_max_family" => "Out-of-pocket max, family ($)",
        "pcp_copay" => "Primary care copay ($)",
        "specialist_copay" => "Specialist copay ($)",
        "er_copay" => "Emergency room copay ($)",
        "generic_drug_copay" => "Generic drug copay ($)",
        "free_primary_care_visits" => "Primary care visits free before cost sharing",
        "actuarial_value" => "Actuarial value, carrier's (%)",
        "calculator_actuarial_value" => "Actuarial value, CMS calculator output (%)",
        "medical_deductible_individual" => "Medical deductible, individual ($)",
        "medical_deductible_family" => "Medical deductible, family ($)",
        "medical_coinsurance" => "Medical coinsurance (%)",
        "medical_oop_max_individual" => "Medical out-of-pocket max, individual ($)",
        "medical_oop_max_family" => "Medical out-of-pocket max, family ($)",
        "rx_deductible_individual" => "Drug deductible, individual ($)",
        "rx_deductible_family" => "Drug deductible, family ($)",
        "rx_coinsurance" => "Drug coinsurance (%)",
        "deductibles_integrated" => "Medical and drug deductibles combined",
        "dental_only" => "Dental-only plan",
        "metal_level" => "Metal level (as filed)",
        "hsa_hra_funding" => "Employer HSA/HRA funding ($ a year)",
        "copays_before_deductible" => "Copays apply before the deductible",
        "hsa_eligible" => "HSA eligible",
        "monthly_premium" => "Monthly premium ($)",
        "employer_monthly" => "Employer monthly share ($)",
        "domain" => "Domain",
        "higher_is_better" => "Higher is better",
        "weight" => "Weight",
        "unit" => "Unit",
        "entity_kind" => "Rated entity kind",
        "entity" => "Plan or provider",
        "measure_code" => "Measure code",
        "value" => "Result",
        "denominator" => "Denominator",
        "system" => "Health system",
        "kind" => "Kind",
        "region" => "Region",
        "service_code" => "Service code",
        "annual_volume" => "Annual volume",
        "current_unit_price" => "Current unit price ($)",
        "schedule" => "Price schedule",
        "min_volume" => "Minimum volume",
        "pricing" => "Pricing",
        "allocation" => "Allocation method",
        "unit_price" => "Unit price ($)",
        "month" => "Month",
        "member_months" => "Member months",
        "medical_paid" => "Medical claims paid ($)",
        "rx_paid" => "Pharmacy claims paid ($)",
        "member_external_id" => "Member ID",
        "start_date" => "Enrollment start date",
        "end_date" => "Enrollment end date",
        _ => return readable(name),
    };
    label.to_string()
}

/// `some_name` → "Some name", for names no table knows.
fn readable(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
