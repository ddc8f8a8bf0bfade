//! Coalition benchmarks: a plan's aggregates (premium PMPM, employer share, deductible,
//! actuarial value, quality composite), the small-cell suppression a share package applies,
//! and where each of our plans stands among the plans coalition peers shared.

use super::compare::PlanColumn;
use super::labels::{Better, Unit};
use serde::{Deserialize, Serialize};

/// Counts below this are suppressed in anything shared (CMS's cell-size rule).
pub const MIN_CELL: f64 = 11.0;

/// The metrics a plan is benchmarked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    PremiumPmpm,
    EmployerShare,
    Deductible,
    ActuarialValue,
    QualityComposite,
}

impl Metric {
    /// Every metric, in display order.
    pub const ALL: [Metric; 5] = [
        Metric::PremiumPmpm,
        Metric::EmployerShare,
        Metric::Deductible,
        Metric::ActuarialValue,
        Metric::QualityComposite,
    ];

    /// "Premium per subscriber a month".
    pub fn label(self) -> &'static str {
        match self {
            Metric::PremiumPmpm => "Premium per subscriber a month",
            Metric::EmployerShare => "Employer share of premium",
            Metric::Deductible => "Deductible (individual)",
            Metric::ActuarialValue => "Actuarial value",
            Metric::QualityComposite => "Quality composite (0–100)",
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Metric::PremiumPmpm | Metric::Deductible => Unit::Usd,
            Metric::EmployerShare | Metric::ActuarialValue => Unit::Percent,
            Metric::QualityComposite => Unit::Score,
        }
    }

    /// Which way is better for members and the purchaser.
    pub fn better(self) -> Better {
        match self {
            Metric::PremiumPmpm | Metric::Deductible => Better::Lower,
            Metric::EmployerShare | Metric::ActuarialValue | Metric::QualityComposite => {
                Better::Higher
            }
        }
    }

    /// The `benchmark --format json` key.
    pub fn code(self) -> &'static str {
        match self {
            Metric::PremiumPmpm => "premium_pmpm",
            Metric::EmployerShare => "employer_share",
            Metric::Deductible => "deductible",
            Metric::ActuarialValue => "actuarial_value",
            Metric::QualityComposite => "quality_composite",
        }
    }
}

/// One plan's aggregates, as shared in a package or computed for our own plans.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PlanAggregate {
    pub plan_code: String,
    pub plan_name: String,
    pub carrier: String,
    pub metal_level: String,
    /// Subscribers; `None` when suppressed (fewer than 11).
    pub enrolled: Option<f64>,
    /// Enrollment-weighted monthly premium per subscriber.
    pub premium_pmpm: Option<f64>,
    /// Employer dollars over premium dollars.
    pub employer_share: Option<f64>,
    /// Allowed claims per member a month, from the members' claims.
    pub spend_pmpm: Option<f64>,
    pub deductible: f64,
    pub oop_max: f64,
    pub actuarial_value: Option<f64>,
    pub quality_composite: Option<f64>,
}

impl PlanAggregate {
    /// The value of a metric, if known.
    pub fn metric(&self, m: Metric) -> Option<f64> {
        match m {
            Metric::PremiumPmpm => self.premium_pmpm,
            Metric::EmployerShare => self.employer_share,
            Metric::Deductible => Some(self.deductible),
            Metric::ActuarialValue => self.actuarial_value,
            Metric::QualityComposite => self.quality_composite,
        }
    }
}

/// Aggregates of a compared plan; `spend` is (members with claims, their yearly claims).
/// Averages over fewer than 11 subscribers or members are withheld.
pub fn aggregate(col: &PlanColumn, spend: Option<(f64, f64)>) -> PlanAggregate {
    let rated: Vec<_> = col
        .cost
        .tiers
        .iter()
        .filter(|t| t.monthly_premium.is_some() && t.enrolled > 0.0)
        .collect();
    let n: f64 = rated.iter().map(|t| t.enrolled).sum();
    let premium: f64 = rated
        .iter()
        .map(|t| t.enrolled * t.monthly_premium.unwrap_or(0.0))
        .sum();
    let employer: f64 = rated
        .iter()
        .map(|t| t.enrolled * t.employer_monthly.unwrap_or(0.0))
        .sum();
    let enough = n >= MIN_CELL;
    PlanAggregate {
        plan_code: col.plan.code.clone(),
        plan_name: col.plan.name.clone(),
        carrier: col.plan.carrier.clone(),
        metal_level: col.metal_level.clone(),
        enrolled: suppress(col.cost.enrolled),
        premium_pmpm: (enough && n > 0.0).then(|| premium / n),
        employer_share: (enough && premium > 0.0).then(|| employer / premium),
        spend_pmpm: spend
            .filter(|(members, _)| *members >= MIN_CELL)
            .map(|(members, claims)| claims / (members * 12.0)),
        deductible: col.plan.deductible_individual,
        oop_max: col.plan.oop_max_individual,
        actuarial_value: Some(col.actuarial_value),
        quality_composite: col.rating.as_ref().and_then(|r| r.composite.value()),
    }
}

/// A count as shared: withheld when 1–10.
pub fn suppress(count: f64) -> Option<f64> {
    (count == 0.0 || count >= MIN_CELL).then_some(count)
}

/// Tier counts as shared: each count of 1–10 withheld, and when exactly one is withheld, the
/// next smallest non-zero count too, so it cannot be recovered from the plan's total.
pub fn suppress_with_complement(counts: &[f64]) -> Vec<Option<f64>> {
    let mut out: Vec<Option<f64>> = counts.iter().map(|c| suppress(*c)).collect();
    if out.iter().filter(|c| c.is_none()).count() == 1 {
        let next = counts
            .iter()
            .enumerate()
            .filter(|(i, c)| out[*i].is_some() && **c > 0.0)
            .min_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, _)| i);
        if let Some(i) = next {
            out[i] = None;
        }
    }
    out
}

/// Mid-rank percentile of `value` among `others` (0–100): the share below plus half the ties.
pub fn percentile(value: f64, others: &[f64]) -> Option<f64> {
    if others.is_empty() {
        return None;
    }
    let below = others.iter().filter(|o| **o < value).count() as f64;
    let ties = others.iter().filter(|o| **o == value).count() as f64;
    Some((below + 0.5 * ties) / others.len() as f64 * 100.0)
}

/// Min, first quartile, median, third quartile and max (linear interpolation).
pub fn five_numbers(values: &[f64]) -> Option<[f64; 5]> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let pos = p * (v.len() - 1) as f64;
        let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
        v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
    };
    Some([v[0], q(0.25), q(0.5), q(0.75), v[v.len() - 1]])
}

/// A coalition peer's plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeerPlan {
    pub peer: String,
    pub plan: PlanAggregate,
}

/// One of our plans on one metric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    pub metric: Metric,
    pub value: Option<f64>,
    /// Percent of coalition plans below ours (ties count half); `None` without data.
    pub percentile: Option<f64>,
    /// Coalition plans with a value for this metric.
    pub coalition_plans: usize,
}

/// Where one of our plans stands on every metric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanStanding {
    pub plan: PlanAggregate,
    pub standings: Vec<Standing>,
}

/// Our plans against the plans coalition peers shared.
pub fn benchmark(ours: &[PlanAggregate], coalition: &[PeerPlan]) -> Vec<PlanStanding> {
    ours.iter()
        .map(|plan| PlanStanding {
            plan: plan.clone(),
            standings: Metric::ALL
                .iter()
                .map(|m| {
                    let others: Vec<f64> =
                        coalition.iter().filter_map(|p| p.plan.metric(*m)).collect();
                    let value = plan.metric(*m);
                    Standing {
                        metric: *m,
                        value,
                        percentile: value.and_then(|v| percentile(v, &others)),
                        coalition_plans: others.len(),
                    }
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_counts_ties_as_half() {
        assert_eq!(percentile(5.0, &[1.0, 5.0, 9.0, 10.0]), Some(37.5));
        assert_eq!(percentile(0.0, &[1.0, 2.0]), Some(0.0));
        assert_eq!(percentile(3.0, &[1.0, 2.0]), Some(100.0));
        assert_eq!(percentile(3.0, &[]), None);
    }

    #[test]
    fn counts_of_one_to_ten_are_withheld_and_zero_is_not() {
        assert_eq!(suppress(0.0), Some(0.0));
        assert_eq!(suppress(10.0), None);
        assert_eq!(suppress(11.0), Some(11.0));
    }

    #[test]
    fn a_lone_withheld_tier_takes_the_next_smallest_with_it() {
        let out = suppress_with_complement(&[120.0, 4.0, 30.0, 55.0]);
        assert_eq!(out, vec![Some(120.0), None, None, Some(55.0)]);
    }

    #[test]
    fn two_withheld_tiers_need_no_complement() {
        let out = suppress_with_complement(&[120.0, 4.0, 3.0, 55.0]);
        assert_eq!(out, vec![Some(120.0), None, None, Some(55.0)]);
    }

    #[test]
    fn quartiles_interpolate() {
        assert_eq!(
            five_numbers(&[4.0, 1.0, 3.0, 2.0, 5.0]),
            Some([1.0, 2.0, 3.0, 4.0, 5.0])
        );
    }
}
