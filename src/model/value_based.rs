//! Value-based contracts (DESIGN.md §4.5): a total-cost-of-care benchmark, shared savings and
//! losses past a minimum savings or loss rate, quality gate or multiplier, caps and
//! sequestration (MSSP's reconciliation), outcome payments, a multi-year glide path, actual
//! spend built from utilization levers, and a seeded Monte Carlo of the settlement.
//!
//! Money in USD; PMPM = per member per month; rates are fractions of the benchmark.

use crate::dice::Dice;
use serde::{Deserialize, Serialize};

/// The minimum savings (or loss) rate: a fixed fraction, or MSSP's table by attributed lives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Threshold {
    Rate(f64),
    /// `"table"`: the MSSP one-sided table by attributed lives.
    Table(String),
}

impl Default for Threshold {
    fn default() -> Self {
        Threshold::Rate(0.0)
    }
}

/// How quality moves the sharing rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum QualityMode {
    /// The full rate when the quality score reaches the gate, nothing below it.
    #[default]
    Gate,
    /// The rate times the quality score (MSSP).
    Multiply,
}

/// A service category of the utilization model: use per 1,000 members a year, unit cost,
/// and the lever (a percentage change in use) the deal expects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceCategory {
    pub name: String,
    pub util_per_1000: f64,
    pub unit_cost: f64,
    #[serde(default)]
    pub lever: f64,
}

/// A bonus paid when a measure reaches its target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomePayment {
    pub measure: String,
    pub target: f64,
    pub actual: f64,
    pub amount: f64,
    #[serde(default = "yes")]
    pub higher_is_better: bool,
}

fn yes() -> bool {
    true
}

/// A multi-year glide path: the total reduction below trend and the years to reach it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlidePath {
    pub total_reduction: f64,
    pub years: u32,
}

/// Inputs of a `value_based` scenario (DESIGN.md §4.7; names fixed, extras added).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueBasedParams {
    /// Attributed lives (person-years).
    pub attributed_lives: f64,
    #[serde(default)]
    pub baseline_pmpm: f64,
    #[serde(default)]
    pub trend: f64,
    #[serde(default)]
    pub years: f64,
    #[serde(default = "one")]
    pub risk_ratio: f64,
    #[serde(default)]
    pub target_discount: f64,
    /// Overrides the benchmark built from the baseline.
    #[serde(default)]
    pub benchmark_pmpm: Option<f64>,
    /// Actual spend; without it, built from `utilization`.
    #[serde(default)]
    pub actual_pmpm: Option<f64>,
    #[serde(default)]
    pub msr: Threshold,
    #[serde(default)]
    pub mlr: Threshold,
    pub shared_savings_rate: f64,
    /// Without it, MSSP's enhanced track: 1 − effective sharing rate, within 40–75 %.
    #[serde(default)]
    pub shared_loss_rate: Option<f64>,
    #[serde(default = "one")]
    pub quality_score: f64,
    #[serde(default)]
    pub quality_gate: f64,
    #[serde(default)]
    pub quality_mode: QualityMode,
    /// Savings paid at most this share of the benchmark.
    #[serde(default = "one")]
    pub savings_cap: f64,
    /// Losses owed at most this share of the benchmark.
    #[serde(default = "one")]
    pub loss_cap: f64,
    #[serde(default)]
    pub sequestration: f64,
    #[serde(default)]
    pub two_sided: bool,
    /// Member-level coefficient of variation of yearly spend (the contract's CV is this / √N).
    #[serde(default = "default_cv")]
    pub cv_member: f64,
    /// Standard deviation of the quality score in the Monte Carlo.
    #[serde(default = "default_quality_sd")]
    pub quality_sd: f64,
    #[serde(default)]
    pub trials: u32,
    #[serde(default = "default_seed")]
    pub seed: u64,
    #[serde(default)]
    pub utilization: Vec<ServiceCategory>,
    #[serde(default)]
    pub outcome_payments: Vec<OutcomePayment>,
    #[serde(default)]
    pub glide_path: Option<GlidePath>,
}

fn one() -> f64 {
    1.0
}
fn default_cv() -> f64 {
    3.0
}
fn default_quality_sd() -> f64 {
    0.05
}
fn default_seed() -> u64 {
    1
}

/// Input the model cannot settle, naming the field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidContract(pub String);

/// One year of the glide path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GlideYear {
    pub year: u32,
    pub benchmark_pmpm: f64,
    pub actual_pmpm: f64,
    pub settlement: f64,
    pub cumulative_settlement: f64,
}

/// One category of the utilization model after its lever.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryResult {
    pub name: String,
    pub util_per_1000: f64,
    pub util_after_lever: f64,
    pub unit_cost: f64,
    pub pmpm_before: f64,
    pub pmpm_after: f64,
}

/// The Monte Carlo's histogram: bin edges (one more than counts) and counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    pub edges: Vec<f64>,
    pub counts: Vec<u32>,
}

/// Everything the value-based views and files show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueBasedOutputs {
    pub benchmark_pmpm: f64,
    pub actual_pmpm: f64,
    pub benchmark_total: f64,
    pub actual_total: f64,
    pub savings: f64,
    pub savings_rate: f64,
    pub msr_used: f64,
    pub mlr_used: f64,
    pub quality_gate_passed: bool,
    pub sharing_rate_used: f64,
    pub loss_rate_used: f64,
    pub shared_savings: f64,
    pub shared_losses: f64,
    /// Shared savings − shared losses: positive is paid to the provider side.
    pub settlement: f64,
    pub outcome_payments_total: f64,
    /// Settlement plus outcome payments.
    pub provider_total: f64,
    /// Savings − settlement − outcome payments.
    pub payer_net_savings: f64,
    pub savings_cap_usd: f64,
    pub loss_cap_usd: f64,
    pub utilization: Vec<CategoryResult>,
    pub yearly_reduction: Option<f64>,
    pub glide: Vec<GlideYear>,
    pub p_savings: Option<f64>,
    pub p_losses: Option<f64>,
    pub mean_settlement: Option<f64>,
    pub p5: Option<f64>,
    pub p50: Option<f64>,
    pub p95: Option<f64>,
    pub histogram: Option<Histogram>,
}

/// MSSP's one-sided minimum savings rate by attributed lives, linear within each band.
pub fn msr_table(lives: f64) -> f64 {
    const BANDS: [(f64, f64, f64, f64); 9] = [
        (5_000.0, 5_999.0, 0.039, 0.036),
        (6_000.0, 6_999.0, 0.036, 0.034),
        (7_000.0, 7_999.0, 0.034, 0.032),
        (8_000.0, 8_999.0, 0.032, 0.031),
        (9_000.0, 9_999.0, 0.031, 0.030),
        (10_000.0, 14_999.0, 0.030, 0.027),
        (15_000.0, 19_999.0, 0.027, 0.025),
        (20_000.0, 49_999.0, 0.025, 0.022),
        (50_000.0, 59_999.0, 0.022, 0.020),
    ];
    if lives < 5_000.0 {
        return 0.039;
    }
    BANDS
        .iter()
        .find(|(lo, hi, ..)| lives >= *lo && lives < hi + 1.0)
        .map_or(0.020, |(lo, hi, a, b)| {
            a - (a - b) * ((lives - lo).min(hi - lo) / (hi - lo))
        })
}

/// The yearly reduction below trend that reaches `total` over `years`: 1 − (1 − R)^(1/Y).
pub fn yearly_reduction(total: f64, years: u32) -> f64 {
    1.0 - (1.0 - total).powf(1.0 / years.max(1) as f64)
}

/// The contract terms after checks: thresholds resolved, rates bounded.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Terms {
    lives: f64,
    msr: f64,
    mlr: f64,
    sharing: f64,
    loss_rate: f64,
    gate_passed: bool,
    savings_cap: f64,
    loss_cap: f64,
    sequestration: f64,
    two_sided: bool,
}

/// Shared savings and losses of one benchmark and actual (totals in USD).
fn settle(t: &Terms, benchmark: f64, actual: f64) -> (f64, f64) {
    let savings = benchmark - actual;
    let rate = if benchmark > 0.0 {
        savings / benchmark
    } else {
        0.0
    };
    let shared = if rate >= t.msr && t.gate_passed && savings > 0.0 {
        (savings * t.sharing * (1.0 - t.sequestration)).min(t.savings_cap * benchmark)
    } else {
        0.0
    };
    let losses = if t.two_sided && -rate >= t.mlr && savings < 0.0 {
        (-savings * t.loss_rate).min(t.loss_cap * benchmark)
    } else {
        0.0
    };
    (shared, losses)
}

fn threshold(value: &Threshold, lives: f64, field: &str) -> Result<f64, InvalidContract> {
    match value {
        Threshold::Rate(r) if r.is_finite() && (0.0..=0.5).contains(r) => Ok(*r),
        Threshold::Rate(r) => Err(InvalidContract(format!(
            "{field}: must be between 0 % and 50 % of the benchmark (got {r})"
        ))),
        Threshold::Table(t) if t == "table" => Ok(msr_table(lives)),
        Threshold::Table(t) => Err(InvalidContract(format!(
            "{field}: a rate such as 0.02, or \"table\" (got \"{t}\")"
        ))),
    }
}

fn check_range(field: &str, value: f64, lo: f64, hi: f64) -> Result<(), InvalidContract> {
    if value.is_finite() && (lo..=hi).contains(&value) {
        Ok(())
    } else {
        Err(InvalidContract(format!(
            "{field}: must be between {lo} and {hi} (got {value})"
        )))
    }
}

/// Checks the inputs and resolves the contract terms for a quality score.
fn terms(p: &ValueBasedParams, quality: f64) -> Result<Terms, InvalidContract> {
    check_range("attributed_lives", p.attributed_lives, 1.0, 1e9)?;
    check_range("shared_savings_rate", p.shared_savings_rate, 0.0, 1.0)?;
    check_range("quality_score", p.quality_score, 0.0, 1.0)?;
    check_range("quality_gate", p.quality_gate, 0.0, 1.0)?;
    check_range("savings_cap", p.savings_cap, 0.0, 1.0)?;
    check_range("loss_cap", p.loss_cap, 0.0, 1.0)?;
    check_range("sequestration", p.sequestration, 0.0, 0.5)?;
    let gate_passed = quality + 1e-12 >= p.quality_gate;
    let sharing = match p.quality_mode {
        QualityMode::Gate => p.shared_savings_rate,
        QualityMode::Multiply => p.shared_savings_rate * quality,
    };
    let loss_rate = match p.shared_loss_rate {
        Some(l) => {
            check_range("shared_loss_rate", l, 0.0, 1.0)?;
            l
        }
        None => (1.0 - sharing).clamp(0.40, 0.75),
    };
    Ok(Terms {
        lives: p.attributed_lives,
        msr: threshold(&p.msr, p.attributed_lives, "msr")?,
        mlr: threshold(&p.mlr, p.attributed_lives, "mlr")?,
        sharing,
        loss_rate,
        gate_passed,
        savings_cap: p.savings_cap,
        loss_cap: p.loss_cap,
        sequestration: p.sequestration,
        two_sided: p.two_sided,
    })
}

/// The benchmark PMPM: given directly, or baseline × trend over the years × risk ratio ×
/// (1 − target discount).
pub fn benchmark_pmpm(p: &ValueBasedParams) -> Result<f64, InvalidContract> {
    if let Some(b) = p.benchmark_pmpm {
        check_range("benchmark_pmpm", b, 0.0, 1e6)?;
        return Ok(b);
    }
    check_range("baseline_pmpm", p.baseline_pmpm, 0.01, 1e6)?;
    check_range("trend", p.trend, -0.5, 1.0)?;
    check_range("years", p.years, 0.0, 30.0)?;
    check_range("risk_ratio", p.risk_ratio, 0.1, 10.0)?;
    check_range("target_discount", p.target_discount, 0.0, 0.9)?;
    Ok(p.baseline_pmpm * (1.0 + p.trend).powf(p.years) * p.risk_ratio * (1.0 - p.target_discount))
}

/// Actual PMPM from utilization: Σ use per 1,000 × (1 + lever) / 1,000 × unit cost / 12.
pub fn utilization_pmpm(
    categories: &[ServiceCategory],
) -> Result<Vec<CategoryResult>, InvalidContract> {
    categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            check_range(
                &format!("utilization[{i}].util_per_1000"),
                c.util_per_1000,
                0.0,
                1e7,
            )?;
            check_range(
                &format!("utilization[{i}].unit_cost"),
                c.unit_cost,
                0.0,
                1e7,
            )?;
            check_range(&format!("utilization[{i}].lever"), c.lever, -1.0, 1.0)?;
            let after = c.util_per_1000 * (1.0 + c.lever);
            Ok(CategoryResult {
                name: c.name.clone(),
                util_per_1000: c.util_per_1000,
                util_after_lever: after,
                unit_cost: c.unit_cost,
                pmpm_before: c.util_per_1000 / 1000.0 * c.unit_cost / 12.0,
                pmpm_after: after / 1000.0 * c.unit_cost / 12.0,
            })
        })
        .collect()
}

fn actual_pmpm(
    p: &ValueBasedParams,
    categories: &[CategoryResult],
) -> Result<f64, InvalidContract> {
    match (p.actual_pmpm, categories.is_empty()) {
        (Some(a), _) => {
            check_range("actual_pmpm", a, 0.0, 1e6)?;
            Ok(a)
        }
        (None, false) => Ok(categories.iter().map(|c| c.pmpm_after).sum()),
        (None, true) => Err(InvalidContract(
            "actual_pmpm: give the actual PMPM, or utilization by service category".into(),
        )),
    }
}

fn outcome_total(payments: &[OutcomePayment]) -> f64 {
    payments
        .iter()
        .filter(|o| {
            if o.higher_is_better {
                o.actual >= o.target
            } else {
                o.actual <= o.target
            }
        })
        .map(|o| o.amount)
        .sum()
}

/// The settlement if actual spend landed at `savings_rate` below the benchmark (the corridor
/// chart's curve), with the contract's quality score.
pub fn settlement_at_rate(p: &ValueBasedParams, savings_rate: f64) -> Result<f64, InvalidContract> {
    let t = terms(p, p.quality_score)?;
    let benchmark = benchmark_pmpm(p)? * 12.0 * t.lives;
    let (shared, losses) = settle(&t, benchmark, benchmark * (1.0 - savings_rate));
    Ok(shared - losses)
}

/// Runs the contract.
pub fn run(p: &ValueBasedParams) -> Result<ValueBasedOutputs, InvalidContract> {
    let t = terms(p, p.quality_score)?;
    let bench_pmpm = benchmark_pmpm(p)?;
    let categories = utilization_pmpm(&p.utilization)?;
    let act_pmpm = actual_pmpm(p, &categories)?;
    let to_total = |pmpm: f64| pmpm * 12.0 * t.lives;
    let (benchmark, actual) = (to_total(bench_pmpm), to_total(act_pmpm));
    let (shared, losses) = settle(&t, benchmark, actual);
    let settlement = shared - losses;
    let outcomes = outcome_total(&p.outcome_payments);
    let savings = benchmark - actual;
    let mut out = ValueBasedOutputs {
        benchmark_pmpm: bench_pmpm,
        actual_pmpm: act_pmpm,
        benchmark_total: benchmark,
        actual_total: actual,
        savings,
        savings_rate: if benchmark > 0.0 {
            savings / benchmark
        } else {
            0.0
        },
        msr_used: t.msr,
        mlr_used: t.mlr,
        quality_gate_passed: t.gate_passed,
        sharing_rate_used: t.sharing,
        loss_rate_used: if t.two_sided { t.loss_rate } else { 0.0 },
        shared_savings: shared,
        shared_losses: losses,
        settlement,
        outcome_payments_total: outcomes,
        provider_total: settlement + outcomes,
        payer_net_savings: savings - settlement - outcomes,
        savings_cap_usd: t.savings_cap * benchmark,
        loss_cap_usd: t.loss_cap * benchmark,
        utilization: categories,
        yearly_reduction: None,
        glide: Vec::new(),
        p_savings: None,
        p_losses: None,
        mean_settlement: None,
        p5: None,
        p50: None,
        p95: None,
        histogram: None,
    };
    if let Some(g) = p.glide_path {
        check_range("glide_path.total_reduction", g.total_reduction, 0.0, 0.9)?;
        out.yearly_reduction = Some(yearly_reduction(g.total_reduction, g.years));
        out.glide = glide(p, &t, bench_pmpm, g);
    }
    if p.trials > 0 {
        check_range("trials", p.trials as f64, 1.0, 1e6)?;
        check_range("cv_member", p.cv_member, 0.0, 20.0)?;
        monte_carlo(p, bench_pmpm, act_pmpm, &mut out)?;
    }
    Ok(out)
}

/// Year by year: the benchmark keeps its trend; actual spend falls below trend by the yearly
/// reduction that reaches the total goal in the last year.
fn glide(p: &ValueBasedParams, t: &Terms, bench_pmpm: f64, g: GlidePath) -> Vec<GlideYear> {
    let r = yearly_reduction(g.total_reduction, g.years);
    let base = p.benchmark_pmpm.unwrap_or(p.baseline_pmpm * p.risk_ratio);
    let mut cumulative = 0.0;
    (1..=g.years)
        .map(|year| {
            let trend = (1.0 + p.trend).powi(year as i32);
            let bench = if p.benchmark_pmpm.is_some() {
                bench_pmpm * (1.0 + p.trend).powi(year as i32 - 1)
            } else {
                base * trend * (1.0 - p.target_discount)
            };
            let actual = base * trend * (1.0 - r).powi(year as i32);
            let (shared, losses) = settle(t, bench * 12.0 * t.lives, actual * 12.0 * t.lives);
            cumulative += shared - losses;
            GlideYear {
                year,
                benchmark_pmpm: bench,
                actual_pmpm: actual,
                settlement: shared - losses,
                cumulative_settlement: cumulative,
            }
        })
        .collect()
}

/// Seeded trials of actual spend (lognormal, CV = member CV / √lives) and quality (normal,
/// clipped to [0, 1]).
fn monte_carlo(
    p: &ValueBasedParams,
    bench_pmpm: f64,
    act_pmpm: f64,
    out: &mut ValueBasedOutputs,
) -> Result<(), InvalidContract> {
    let cv = p.cv_member / p.attributed_lives.sqrt();
    let (mu, sigma) = crate::dice::lognormal_params(act_pmpm.max(1e-9), cv);
    let mut dice = Dice::new(p.seed);
    let benchmark = bench_pmpm * 12.0 * p.attributed_lives;
    let mut settlements: Vec<f64> = Vec::with_capacity(p.trials as usize);
    for _ in 0..p.trials {
        let actual = (mu + sigma * dice.normal()).exp() * 12.0 * p.attributed_lives;
        let quality = (p.quality_score + p.quality_sd * dice.normal()).clamp(0.0, 1.0);
        let t = terms(p, quality)?;
        let (shared, losses) = settle(&t, benchmark, actual);
        settlements.push(shared - losses);
    }
    let n = settlements.len() as f64;
    out.p_savings = Some(settlements.iter().filter(|s| **s > 0.0).count() as f64 / n);
    out.p_losses = Some(settlements.iter().filter(|s| **s < 0.0).count() as f64 / n);
    out.mean_settlement = Some(settlements.iter().sum::<f64>() / n);
    settlements.sort_by(f64::total_cmp);
    let at = |q: f64| settlements[((q * n) as usize).min(settlements.len() - 1)];
    out.p5 = Some(at(0.05));
    out.p50 = Some(at(0.50));
    out.p95 = Some(at(0.95));
    out.histogram = Some(histogram(&settlements, 30));
    Ok(())
}

fn histogram(sorted: &[f64], bins: usize) -> Histogram {
    let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
    let width = ((hi - lo) / bins as f64).max(1e-9);
    let edges: Vec<f64> = (0..=bins).map(|i| lo + width * i as f64).collect();
    let mut counts = vec![0u32; bins];
    for v in sorted {
        let i = (((v - lo) / width) as usize).min(bins - 1);
        counts[i] += 1;
    }
    Histogram { edges, counts }
}

/// DESIGN.md's worked example: a real MSSP ACO, performance year 2018.
pub fn worked_example() -> ValueBasedParams {
    ValueBasedParams {
        attributed_lives: 75_629.0,
        baseline_pmpm: 0.0,
        trend: 0.0,
        years: 0.0,
        risk_ratio: 1.0,
        target_discount: 0.0,
        benchmark_pmpm: Some(14_182.0 / 12.0),
        actual_pmpm: Some(12_694.0 / 12.0),
        msr: Threshold::Rate(0.02),
        mlr: Threshold::Rate(0.02),
        shared_savings_rate: 0.5,
        shared_loss_rate: None,
        quality_score: 0.9084,
        quality_gate: 0.0,
        quality_mode: QualityMode::Multiply,
        savings_cap: 0.10,
        loss_cap: 0.05,
        sequestration: 0.02,
        two_sided: false,
        cv_member: 3.0,
        quality_sd: 0.05,
        trials: 0,
        seed: 1,
        utilization: Vec::new(),
        outcome_payments: Vec::new(),
        glide_path: None,
    }
}

#[cfg(test)]
mod tests;
