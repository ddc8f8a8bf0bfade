//! The side-by-side plan comparison: every number the Compare view, the CLI and the
//! clipboard export show, computed once from aggregated inputs (never per member per frame).

use super::actuarial_value;
use super::labels::Unit;
use super::plan_cost::{self, ClaimsDistribution, Contribution, CostSharing, PlanCost, TierRate};
use super::quality::{self, QualitySettings};
use super::rating::{self, Rated};
use crate::domain::{Measure, Plan, Tier};
use crate::format::{pct, usd, usd0};
use serde::Serialize;
use std::collections::HashMap;

/// Aggregated workspace data a comparison is computed from.
#[derive(Debug, Clone, Default)]
pub struct CompareInputs {
    pub plans: Vec<Plan>,
    pub rates: HashMap<i64, HashMap<Tier, TierRate>>,
    pub enrollment: HashMap<i64, Vec<(Tier, f64)>>,
    /// Members' allowed claims (sorted once when loaded); empty means use the lognormal stand-in.
    pub claims: ClaimsDistribution,
    pub measures: Vec<Measure>,
    pub results: HashMap<(i64, i64), f64>,
}

/// What the user chose.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareSettings {
    pub plan_codes: Vec<String>,
    pub baseline: Option<String>,
    pub contribution: Contribution,
    pub quality: QualitySettings,
    /// Claims stand-in when members carry no claims: lognormal mean and CV.
    pub fallback_mean_usd: f64,
    pub fallback_cv: f64,
}

impl Default for CompareSettings {
    fn default() -> Self {
        CompareSettings {
            plan_codes: Vec::new(),
            baseline: None,
            contribution: Contribution::AsRated,
            quality: QualitySettings::default(),
            fallback_mean_usd: 6_000.0,
            fallback_cv: 3.0,
        }
    }
}

/// How many plans Compare puts side by side at most (it needs two).
pub const MAX_COMPARED_PLANS: usize = 6;

/// The percentiles of claims shown as low, median and high use.
pub const USE_LEVELS: [(&str, f64); 3] = [
    ("Low use (25th pct)", 0.25),
    ("Median use (50th pct)", 0.50),
    ("High use (90th pct)", 0.90),
];

/// One compared plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanColumn {
    pub plan: Plan,
    pub cost: PlanCost,
    /// Annual premium per subscriber at the population's tier mix (standardised cost).
    pub cost_per_member_usd: Option<f64>,
    pub expected_oop_usd: f64,
    /// CMS-method estimate (`model::actuarial_value`).
    pub actuarial_value: f64,
    /// By the carrier's value when the file states one, else by the estimate.
    pub metal_level: String,
    pub minimum_value: bool,
    /// Employee-only member total cost at each use level.
    pub member_cost_usd: Vec<f64>,
    /// Tiers in which this plan is cheapest at every use level.
    pub dominant_tiers: Vec<Tier>,
    pub rating: Option<Rated>,
    pub value_score: Option<f64>,
    pub on_frontier: bool,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub use_level_claims_usd: Vec<f64>,
    pub claims_from_members: bool,
    pub baseline: usize,
    pub columns: Vec<PlanColumn>,
    pub missing_plans: Vec<String>,
    /// Each quality measure's full name by its code, for row labels a reader understands.
    pub measure_names: Vec<(String, String)>,
}

fn design(p: &Plan) -> CostSharing {
    CostSharing {
        deductible_usd: p.deductible_individual,
        coinsurance: p.coinsurance,
        oop_max_usd: p.oop_max_individual,
    }
}

/// Actuarial value, metal level and minimum value by the CMS method; the population's own claims
/// are the fallback only where no table applies (never for a medical plan today).
fn plan_av(plan: &Plan, claims: &ClaimsDistribution, d: CostSharing) -> (f64, String, bool) {
    match actuarial_value::plan_av(plan) {
        Some(r) => (
            r.estimate.av,
            actuarial_value::shown_metal_level(
                &plan.metal_level,
                &plan.code,
                r.official.unwrap_or(r.estimate.av),
                plan.year,
            ),
            r.minimum_value,
        ),
        None => {
            let av = claims.actuarial_value(d);
            (
                av,
                plan_cost::metal_level(av).to_string(),
                av >= plan_cost::MINIMUM_VALUE_AV,
            )
        }
    }
}

/// Contribution with the defined-contribution base premiums filled from the base plan.
pub fn defined_contribution(
    inputs: &CompareInputs,
    base_code: &str,
    employer_share: f64,
) -> Contribution {
    let base = inputs
        .plans
        .iter()
        .find(|p| p.code == base_code)
        .and_then(|p| inputs.rates.get(&p.id));
    let premiums = Tier::ALL.map(|t| base.and_then(|r| r.get(&t)).map(|r| r.monthly_premium));
    Contribution::DefinedContribution {
        employer_share,
        base_premiums: premiums,
    }
}

/// Computes the comparison of the chosen plans.
pub fn compare(inputs: &CompareInputs, settings: &CompareSettings) -> Comparison {
    let fallback;
    let claims = if inputs.claims.is_empty() {
        fallback =
            ClaimsDistribution::lognormal(settings.fallback_mean_usd, settings.fallback_cv, 2_000);
        &fallback
    } else {
        &inputs.claims
    };
    let levels: Vec<f64> = USE_LEVELS
        .iter()
        .map(|(_, p)| claims.percentile(*p))
        .collect();
    let tier_mix = population_tier_mix(inputs);
    let all_plans: Vec<(i64, String)> = inputs
        .plans
        .iter()
        .map(|p| (p.id, p.code.clone()))
        .collect();
    let ratings: HashMap<i64, Rated> = rating::rate(
        &all_plans,
        &inputs.measures,
        &inputs.results,
        &settings.quality,
    )
    .into_iter()
    .map(|r| (r.id, r))
    .collect();
    let costs_all: Vec<f64> = inputs
        .plans
        .iter()
        .filter_map(|p| cost_per_member(inputs, p.id, &tier_mix))
        .collect();
    let median_cost = quality::median(&costs_all);
    let mut missing = Vec::new();
    let mut columns: Vec<PlanColumn> = Vec::new();
    for code in &settings.plan_codes {
        // Dental-only plans are not medical options: they are left out like unknown codes.
        let Some(plan) = inputs
            .plans
            .iter()
            .find(|p| &p.code == code && !p.dental_only)
        else {
            missing.push(code.clone());
            continue;
        };
        let rates = inputs.rates.get(&plan.id);
        let counts = inputs.enrollment.get(&plan.id).cloned().unwrap_or_default();
        let cost = plan_cost::plan_cost(
            &counts,
            |t| rates.and_then(|r| r.get(&t)).copied(),
            &settings.contribution,
        );
        let d = design(plan);
        // No premium on file: the member's yearly total is not known (NaN shows as "—"),
        // rather than a total that leaves the premium out and looks cheapest.
        let ee_employee = cost
            .tiers
            .iter()
            .find(|t| t.tier == Tier::EE)
            .and_then(|t| t.employee_monthly)
            .unwrap_or(f64::NAN);
        let rating = ratings.get(&plan.id).cloned();
        let cpm = cost_per_member(inputs, plan.id, &tier_mix);
        let value_score = match (
            rating.as_ref().and_then(|r| r.composite.value()),
            cpm,
            median_cost,
        ) {
            (Some(c), Some(cost), Some(m)) => quality::value_score(c, cost, m),
            _ => None,
        };
        let (av, metal_level, minimum_value) = plan_av(plan, claims, d);
        columns.push(PlanColumn {
            member_cost_usd: levels
                .iter()
                .map(|c| plan_cost::member_total_cost_usd(ee_employee, *c, d))
                .collect(),
            expected_oop_usd: claims.expected_oop_usd(d),
            actuarial_value: av,
            metal_level,
            minimum_value,
            cost_per_member_usd: cpm,
            plan: plan.clone(),
            cost,
            dominant_tiers: Vec::new(),
            rating,
            value_score,
            on_frontier: false,
        });
    }
    mark_dominance(&mut columns, &levels);
    mark_frontier(&mut columns);
    let baseline = settings
        .baseline
        .as_ref()
        .and_then(|b| columns.iter().position(|c| &c.plan.code == b))
        .unwrap_or(0);
    Comparison {
        use_level_claims_usd: levels,
        claims_from_members: claims.from_members,
        baseline,
        columns,
        missing_plans: missing,
        measure_names: inputs
            .measures
            .iter()
            .map(|m| (m.code.clone(), m.name.clone()))
            .collect(),
    }
}

fn population_tier_mix(inputs: &CompareInputs) -> Vec<(Tier, f64)> {
    let mut totals: HashMap<Tier, f64> = HashMap::new();
    for counts in inputs.enrollment.values() {
        for (t, n) in counts {
            *totals.entry(*t).or_default() += n;
        }
    }
    let sum: f64 = totals.values().sum();
    if sum <= 0.0 {
        return vec![(Tier::EE, 1.0)];
    }
    Tier::ALL
        .iter()
        .map(|t| (*t, totals.get(t).copied().unwrap_or(0.0) / sum))
        .collect()
}

fn cost_per_member(inputs: &CompareInputs, plan_id: i64, mix: &[(Tier, f64)]) -> Option<f64> {
    let rates = inputs.rates.get(&plan_id)?;
    let mut total = 0.0;
    for (t, share) in mix {
        if *share > 0.0 {
            total += share * rates.get(t)?.monthly_premium * 12.0;
        }
    }
    Some(total)
}

fn mark_dominance(columns: &mut [PlanColumn], levels: &[f64]) {
    for tier in Tier::ALL {
        let costs: Vec<Vec<f64>> = columns
            .iter()
            .map(|c| {
                let employee = c
                    .cost
                    .tiers
                    .iter()
                    .find(|t| t.tier == tier)
                    .and_then(|t| t.employee_monthly)
                    .unwrap_or(f64::INFINITY);
                levels
                    .iter()
                    .map(|l| plan_cost::member_total_cost_usd(employee, *l, design(&c.plan)))
                    .collect()
            })
            .collect();
        // "Cheapest" only means something when every plan's cost in the tier is known.
        if !costs.iter().flatten().all(|x| x.is_finite()) {
            continue;
        }
        for i in plan_cost::dominant_plans(&costs) {
            columns[i].dominant_tiers.push(tier);
        }
    }
}

fn mark_frontier(columns: &mut [PlanColumn]) {
    let points: Vec<(f64, f64)> = columns
        .iter()
        .map(|c| {
            (
                c.cost_per_member_usd.unwrap_or(f64::NAN),
                c.rating
                    .as_ref()
                    .and_then(|r| r.composite.value())
                    .unwrap_or(f64::NAN),
            )
        })
        .collect();
    for i in quality::efficient_frontier(&points) {
        columns[i].on_frontier = true;
    }
}

/// Which direction is better for a row, for colouring deltas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Lower,
    Higher,
    Neither,
}

/// One row of the comparison table: a label and a value per plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub label: String,
    pub texts: Vec<String>,
    pub values: Vec<Option<f64>>,
    pub better: Better,
    pub money: bool,
    /// How the row's values and differences read (money, percent, count, score).
    pub unit: Unit,
}

impl Row {
    /// A plan's difference from the baseline in the row's own precision: whole dollars beside
    /// whole-dollar values (`$2,500 (-$250)`), cents beside cents (`$556.00 (-$135.00)`).
    pub fn delta_text(&self, delta: f64) -> String {
        if !self.money {
            return super::labels::display_delta(self.unit, delta);
        }
        if self.texts.iter().any(|t| t.contains('.')) {
            crate::format::signed_usd(delta)
        } else {
            crate::format::signed_money(delta.round())
        }
    }
}

/// A collapsible group of rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowGroup {
    pub title: String,
    pub rows: Vec<Row>,
}

fn row(
    label: &str,
    cols: &[PlanColumn],
    better: Better,
    unit: Unit,
    f: impl Fn(&PlanColumn) -> (String, Option<f64>),
) -> Row {
    let (texts, values) = cols.iter().map(f).unzip();
    Row {
        label: label.to_string(),
        texts,
        values,
        better,
        money: matches!(unit, Unit::Usd | Unit::UsdPmpm | Unit::UsdPepm),
        unit,
    }
}

/// A coverage tier as a reader knows it, with the code the rate files use: `Family (FAM)`.
fn tier_name(tier: Tier) -> String {
    format!("{} ({})", tier.label(), tier.code())
}

fn text_row(label: &str, cols: &[PlanColumn], f: impl Fn(&PlanColumn) -> String) -> Row {
    row(label, cols, Better::Neither, Unit::Count, |c| (f(c), None))
}

/// A monthly rate, always in cents so a column of premiums reads alike.
fn monthly(x: Option<f64>) -> (String, Option<f64>) {
    (x.map(usd).unwrap_or_else(|| "—".into()), x)
}

fn money0(x: f64) -> (String, Option<f64>) {
    (usd0(x), Some(x))
}

/// The table rows, grouped: design, premiums, employer/employee, member cost, quality.
pub fn rows(cmp: &Comparison) -> Vec<RowGroup> {
    let c = &cmp.columns;
    let tier_rate = |tier: Tier, f: fn(&plan_cost::TierCost) -> Option<f64>| {
        move |col: &PlanColumn| monthly(col.cost.tiers.iter().find(|t| t.tier == tier).and_then(f))
    };
    let mut groups = vec![RowGroup {
        title: "Plan design".into(),
        rows: vec![
            text_row("Plan", c, |p| p.plan.name.clone()),
            text_row("Carrier", c, |p| p.plan.carrier.clone()),
            text_row("Type / network", c, |p| {
                format!("{} · {}", p.plan.plan_type, p.plan.network)
            }),
            row(
                "Deductible (individual)",
                c,
                Better::Lower,
                Unit::Usd,
                |p| money0(p.plan.deductible_individual),
            ),
            row(
                "Coinsurance (member share)",
                c,
                Better::Lower,
                Unit::Percent,
                |p| (pct(p.plan.coinsurance), Some(p.plan.coinsurance)),
            ),
            row("OOP max (individual)", c, Better::Lower, Unit::Usd, |p| {
                money0(p.plan.oop_max_individual)
            }),
            row(
                "PCP / specialist / ER copay",
                c,
                Better::Neither,
                Unit::Usd,
                |p| {
                    (
                        format!(
                            "{} / {} / {}",
                            usd0(p.plan.pcp_copay),
                            usd0(p.plan.specialist_copay),
                            usd0(p.plan.er_copay)
                        ),
                        None,
                    )
                },
            ),
            text_row("HSA eligible", c, |p| {
                if p.plan.hsa_eligible {
                    "Yes".into()
                } else {
                    "No".into()
                }
            }),
            row(
                "Actuarial value (estimate)",
                c,
                Better::Higher,
                Unit::Percent,
                |p| (pct(p.actuarial_value), Some(p.actuarial_value)),
            ),
        ],
    }];
    if c.iter().any(|p| p.plan.actuarial_value.is_some()) {
        groups[0].rows.push(row(
            "Actuarial value (carrier)",
            c,
            Better::Higher,
            Unit::Percent,
            |p| match p.plan.actuarial_value {
                Some(v) => (pct(v), Some(v)),
                None => ("—".into(), None),
            },
        ));
    }
    groups[0]
        .rows
        .push(text_row("Metal level", c, |p| p.metal_level.clone()));
    groups[0]
        .rows
        .push(text_row("Minimum value (60 %)", c, |p| {
            if p.minimum_value { "Yes" } else { "No" }.into()
        }));
    let mut premiums = Vec::new();
    for tier in Tier::ALL {
        premiums.push(row(
            &format!("{} monthly premium", tier_name(tier)),
            c,
            Better::Lower,
            Unit::Usd,
            tier_rate(tier, |t| t.monthly_premium),
        ));
    }
    groups.push(RowGroup {
        title: "Premiums by tier".into(),
        rows: premiums,
    });
    let mut shares = Vec::new();
    for tier in Tier::ALL {
        shares.push(row(
            &format!("{} employer monthly", tier_name(tier)),
            c,
            Better::Neither,
            Unit::Usd,
            tier_rate(tier, |t| t.employer_monthly),
        ));
        shares.push(row(
            &format!("{} employee monthly", tier_name(tier)),
            c,
            Better::Lower,
            Unit::Usd,
            tier_rate(tier, |t| t.employee_monthly),
        ));
    }
    shares.push(row(
        "Enrolled subscribers",
        c,
        Better::Neither,
        Unit::Count,
        |p| {
            (
                crate::format::count(p.cost.enrolled as i64),
                Some(p.cost.enrolled),
            )
        },
    ));
    // Totals over each plan's own enrollees differ mostly by head count: not coloured.
    shares.push(row(
        "Annual premium, current enrollees",
        c,
        Better::Neither,
        Unit::Usd,
        |p| money0(p.cost.annual_premium_usd),
    ));
    shares.push(row(
        "Annual employer cost, current enrollees",
        c,
        Better::Neither,
        Unit::Usd,
        |p| money0(p.cost.annual_employer_usd),
    ));
    shares.push(row(
        "Annual employee cost, current enrollees",
        c,
        Better::Neither,
        Unit::Usd,
        |p| money0(p.cost.annual_employee_usd),
    ));
    shares.push(row(
        "Annual premium per subscriber (coalition tier mix)",
        c,
        Better::Lower,
        Unit::Usd,
        |p| {
            (
                p.cost_per_member_usd
                    .map(usd0)
                    .unwrap_or_else(|| "—".into()),
                p.cost_per_member_usd,
            )
        },
    ));
    groups.push(RowGroup {
        title: "Employer and employee cost".into(),
        rows: shares,
    });
    let mut member = vec![row(
        "Expected out-of-pocket",
        c,
        Better::Lower,
        Unit::Usd,
        |p| money0(p.expected_oop_usd),
    )];
    for (i, (label, _)) in USE_LEVELS.iter().enumerate() {
        let claims = cmp.use_level_claims_usd.get(i).copied().unwrap_or(0.0);
        member.push(row(
            &format!("{label}: {} claims", usd0(claims)),
            c,
            Better::Lower,
            Unit::Usd,
            move |p| money0(p.member_cost_usd.get(i).copied().unwrap_or(f64::NAN)),
        ));
    }
    member.push(text_row("Cheapest at every use level", c, |p| {
        if p.dominant_tiers.is_empty() {
            "—".into()
        } else {
            p.dominant_tiers
                .iter()
                .map(|t| t.code())
                .collect::<Vec<_>>()
                .join(", ")
        }
    }));
    groups.push(RowGroup {
        title: "Member cost (employee only: premium share + OOP)".into(),
        rows: member,
    });
    groups.push(RowGroup {
        title: "Quality (each measure: result · score 0–100)".into(),
        rows: quality_rows(c, &cmp.measure_names),
    });
    groups
}

/// A measure as a reader knows it: `Controlling high blood pressure (CBP)`; the code alone
/// when the catalogue has no name for it.
fn measure_label(code: &str, names: &[(String, String)]) -> String {
    match names
        .iter()
        .find(|(c, n)| c == code && !n.trim().is_empty())
    {
        Some((_, name)) if name != code => format!("{name} ({code})"),
        _ => code.to_string(),
    }
}

fn quality_rows(c: &[PlanColumn], names: &[(String, String)]) -> Vec<Row> {
    let mut codes: Vec<String> = Vec::new();
    for col in c {
        for m in col.rating.iter().flat_map(|r| &r.measures) {
            if !codes.contains(&m.code) {
                codes.push(m.code.clone());
            }
        }
    }
    let mut rows: Vec<Row> = codes
        .iter()
        .map(|code| {
            row(
                &measure_label(code, names),
                c,
                Better::Higher,
                Unit::Score,
                |p| {
                    let line = p
                        .rating
                        .as_ref()
                        .and_then(|r| r.measures.iter().find(|m| &m.code == code));
                    match line {
                        Some(l) => (
                            format!(
                                "{} · score {}",
                                l.value.map_or("—".into(), measure_result_text),
                                l.score.map_or("—".into(), |s| format!("{s:.0}"))
                            ),
                            l.score,
                        ),
                        None => ("—".into(), None),
                    }
                },
            )
        })
        .collect();
    rows.push(row(
        "Quality composite (0–100)",
        c,
        Better::Higher,
        Unit::Score,
        |p| match p.rating.as_ref().map(|r| r.composite) {
            Some(quality::Composite::Score { value, .. }) => (format!("{value:.1}"), Some(value)),
            Some(quality::Composite::InsufficientData { .. }) => ("insufficient data".into(), None),
            None => ("—".into(), None),
        },
    ));
    rows.push(row("Stars", c, Better::Higher, Unit::Stars, |p| {
        let s = p.rating.as_ref().and_then(|r| r.stars);
        (s.map_or("—".into(), star_text), s)
    }));
    rows.push(text_row("Best in class", c, |p| match &p.rating {
        Some(r) if r.certification.certified => "Certified".into(),
        Some(_) => "Not certified".into(),
        None => "—".into(),
    }));
    rows.push(row(
        "Value score (0–100)",
        c,
        Better::Higher,
        Unit::Score,
        |p| {
            (
                p.value_score.map_or("—".into(), |v| format!("{v:.1}")),
                p.value_score,
            )
        },
    ));
    rows.push(text_row("On cost-quality frontier", c, |p| {
        if p.on_frontier {
            "Yes".into()
        } else {
            "No".into()
        }
    }));
    rows
}

/// Stars as text: "★★★½ (3.5)".
pub fn star_text(stars: f64) -> String {
    let full = stars.floor() as usize;
    let half = stars - stars.floor() >= 0.5;
    format!(
        "{}{} ({stars:.1})",
        "★".repeat(full),
        if half { "½" } else { "" }
    )
}

/// A measure's result with a typographic minus (`−0.1`): a leading `-` on a text cell would
/// need a formula guard in the spreadsheet, which a reader sees as a stray apostrophe.
fn measure_result_text(value: f64) -> String {
    let text = format!("{value:.1}");
    match text.strip_prefix('-') {
        Some(digits) if digits.chars().any(|c| c != '0' && c != '.') => format!("−{digits}"),
        Some(digits) => digits.to_string(),
        None => text,
    }
}

/// Why the requested plans in `missing` are not in a comparison, in words: a dental-only
/// plan is named as one (Compare covers medical plans), any other code as unknown.
pub fn describe_missing(inputs: &CompareInputs, missing: &[String]) -> String {
    let (dental, unknown): (Vec<&String>, Vec<&String>) = missing.iter().partition(|code| {
        inputs
            .plans
            .iter()
            .any(|p| &p.code == *code && p.dental_only)
    });
    let mut parts = Vec::new();
    if !unknown.is_empty() {
        let codes: Vec<&str> = unknown.iter().map(|c| c.as_str()).collect();
        parts.push(format!("no plan with code {}", codes.join(", ")));
    }
    if !dental.is_empty() {
        let codes: Vec<&str> = dental.iter().map(|c| c.as_str()).collect();
        parts.push(format!(
            "{} dental-only (plans are compared on medical coverage)",
            if codes.len() == 1 {
                format!("{} is", codes[0])
            } else {
                format!("{} are", codes.join(", "))
            }
        ));
    }
    parts.join("; ")
}

mod export;
pub use export::{to_table, to_tsv};

#[cfg(test)]
mod tests;
