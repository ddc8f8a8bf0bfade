//! Plan cost and member share (DESIGN.md §4.1): premiums by tier, employer and employee totals,
//! contribution strategies, member out-of-pocket, actuarial value and dominance.

use crate::domain::Tier;
use serde::{Deserialize, Serialize};

/// One tier's monthly rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TierRate {
    pub monthly_premium: f64,
    pub employer_monthly: f64,
}

/// The cost-sharing design that drives out-of-pocket: deductible, coinsurance, OOP max.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CostSharing {
    pub deductible_usd: f64,
    /// Member's share after the deductible (0.2 = 20 %).
    pub coinsurance: f64,
    pub oop_max_usd: f64,
}

/// How the employer's monthly contribution is set when modelling a change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "strategy", rename_all = "snake_case")]
pub enum Contribution {
    /// The employer amounts in the rate file.
    AsRated,
    /// E = s·P for every tier.
    PercentOfPremium { employer_share: f64 },
    /// A fixed dollar amount per tier (EE, ES, EC, FAM).
    FlatPerTier { monthly_usd: [f64; 4] },
    /// E = s·P(base plan) for every plan, capped at the plan's own premium.
    DefinedContribution {
        employer_share: f64,
        base_premiums: [Option<f64>; 4],
    },
}

impl Contribution {
    /// The rule in words, for a report's assumptions: "80.00% of each tier's premium".
    pub fn describe(&self) -> String {
        use crate::format::{money, pct};
        match self {
            Contribution::AsRated => "as rated in the rate file".into(),
            Contribution::PercentOfPremium { employer_share } => {
                format!("{} of each tier's premium", pct(*employer_share))
            }
            Contribution::FlatPerTier { monthly_usd } => {
                let tiers: Vec<String> = Tier::ALL
                    .iter()
                    .zip(monthly_usd)
                    .map(|(t, usd)| format!("{} {}", t.label(), money(*usd)))
                    .collect();
                format!("a flat monthly amount per tier ({})", tiers.join(", "))
            }
            Contribution::DefinedContribution { employer_share, .. } => format!(
                "defined contribution, {} of the base plan's premium in every plan",
                pct(*employer_share)
            ),
        }
    }
}

fn tier_index(tier: Tier) -> usize {
    match tier {
        Tier::EE => 0,
        Tier::ES => 1,
        Tier::EC => 2,
        Tier::FAM => 3,
    }
}

/// Employer monthly contribution for one tier under a strategy, within [0, premium].
pub fn employer_monthly_usd(strategy: &Contribution, tier: Tier, rate: TierRate) -> f64 {
    let p = rate.monthly_premium;
    let e = match strategy {
        Contribution::AsRated => rate.employer_monthly,
        Contribution::PercentOfPremium { employer_share } => employer_share * p,
        Contribution::FlatPerTier { monthly_usd } => monthly_usd[tier_index(tier)],
        Contribution::DefinedContribution {
            employer_share,
            base_premiums,
        } => base_premiums[tier_index(tier)].map_or(0.0, |b| employer_share * b),
    };
    e.clamp(0.0, p.max(0.0))
}

/// One tier's line of a plan's cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierCost {
    pub tier: Tier,
    pub enrolled: f64,
    pub monthly_premium: Option<f64>,
    pub employer_monthly: Option<f64>,
    pub employee_monthly: Option<f64>,
    pub annual_premium_usd: f64,
    pub annual_employer_usd: f64,
    pub annual_employee_usd: f64,
}

/// Enrollment-weighted annual cost of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanCost {
    pub tiers: Vec<TierCost>,
    pub enrolled: f64,
    pub annual_premium_usd: f64,
    pub annual_employer_usd: f64,
    pub annual_employee_usd: f64,
    /// Tiers with members but no rate: their cost is unknown and left out of the totals.
    pub unrated_enrolled: f64,
}

/// Annual premium = Σ n·P·12, employer = Σ n·E·12, employee = Σ n·(P−E)·12.
pub fn plan_cost(
    counts: &[(Tier, f64)],
    rate: impl Fn(Tier) -> Option<TierRate>,
    strategy: &Contribution,
) -> PlanCost {
    let mut out = PlanCost {
        tiers: Vec::new(),
        enrolled: 0.0,
        annual_premium_usd: 0.0,
        annual_employer_usd: 0.0,
        annual_employee_usd: 0.0,
        unrated_enrolled: 0.0,
    };
    for tier in Tier::ALL {
        let n = counts
            .iter()
            .filter(|(t, _)| *t == tier)
            .map(|(_, n)| n)
            // A sum of no floats is -0.0: start from +0 so an empty tier reads 0.
            .fold(0.0, |total, n| total + n);
        out.enrolled += n;
        let line = match rate(tier) {
            Some(r) => {
                let e = employer_monthly_usd(strategy, tier, r);
                let e = to_cents(e);
                let ee = to_cents(r.monthly_premium - e);
                TierCost {
                    tier,
                    enrolled: n,
                    monthly_premium: Some(r.monthly_premium),
                    employer_monthly: Some(e),
                    employee_monthly: Some(ee),
                    annual_premium_usd: to_cents(n * r.monthly_premium * 12.0),
                    annual_employer_usd: to_cents(n * e * 12.0),
                    annual_employee_usd: to_cents(
                        to_cents(n * r.monthly_premium * 12.0) - to_cents(n * e * 12.0),
                    ),
                }
            }
            None => {
                out.unrated_enrolled += n;
                TierCost {
                    tier,
                    enrolled: n,
                    monthly_premium: None,
                    employer_monthly: None,
                    employee_monthly: None,
                    annual_premium_usd: 0.0,
                    annual_employer_usd: 0.0,
                    annual_employee_usd: 0.0,
                }
            }
        };
        // Totals are summed in whole cents so they reconcile to the penny.
        out.annual_premium_usd = to_cents(out.annual_premium_usd + line.annual_premium_usd);
        out.annual_employer_usd = to_cents(out.annual_employer_usd + line.annual_employer_usd);
        out.annual_employee_usd = to_cents(out.annual_premium_usd - out.annual_employer_usd);
        out.tiers.push(line);
    }
    out
}

/// Rounds dollars to whole cents.
pub fn to_cents(usd: f64) -> f64 {
    (usd * 100.0).round() / 100.0
}

/// Member out-of-pocket for allowed claims c: min(M, min(c, D) + k·max(0, c − D)).
pub fn oop_usd(claims_usd: f64, design: CostSharing) -> f64 {
    let c = claims_usd.max(0.0);
    let d = design.deductible_usd.max(0.0);
    (c.min(d) + design.coinsurance * (c - d).max(0.0)).min(design.oop_max_usd.max(0.0))
}

/// The allowed claims at which a member reaches the out-of-pocket maximum (the deductible,
/// then coinsurance up to the cap); `None` when coinsurance is 0 and the cap lies above the
/// deductible, so it is never reached.
pub fn claims_to_reach_oop_max_usd(design: CostSharing) -> Option<f64> {
    let d = design.deductible_usd.max(0.0);
    let cap = design.oop_max_usd.max(0.0);
    if cap <= d {
        return Some(cap);
    }
    (design.coinsurance > 0.0).then(|| d + (cap - d) / design.coinsurance)
}

/// What the plan pays for allowed claims c.
pub fn plan_paid_usd(claims_usd: f64, design: CostSharing) -> f64 {
    claims_usd.max(0.0) - oop_usd(claims_usd, design)
}

/// Annual allowed claims of a population: members' own claims, or a lognormal stand-in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClaimsDistribution {
    sorted: Vec<f64>,
    /// `prefix[i]` = sum of the `i` smallest claims, so any design's totals take two binary
    /// searches instead of a pass over every member.
    prefix: Vec<f64>,
    pub from_members: bool,
}

fn prefix_sums(sorted: &[f64]) -> Vec<f64> {
    let mut prefix = Vec::with_capacity(sorted.len() + 1);
    prefix.push(0.0);
    let mut total = 0.0;
    for c in sorted {
        total += c;
        prefix.push(total);
    }
    prefix
}

impl ClaimsDistribution {
    /// From members' annual allowed claims (missing values already removed).
    pub fn from_claims(mut claims: Vec<f64>) -> Self {
        claims.retain(|c| c.is_finite() && *c >= 0.0);
        claims.sort_by(f64::total_cmp);
        ClaimsDistribution {
            prefix: prefix_sums(&claims),
            sorted: claims,
            from_members: true,
        }
    }

    /// A lognormal with the given mean and CV, as `points` equally likely quantiles.
    pub fn lognormal(mean_usd: f64, cv: f64, points: usize) -> Self {
        let (mu, sigma) = crate::dice::lognormal_params(mean_usd, cv);
        let n = points.max(2);
        let mut sorted: Vec<f64> = (0..n)
            .map(|i| (mu + sigma * inverse_normal_cdf((i as f64 + 0.5) / n as f64)).exp())
            .collect();
        // Rescale so the discrete mean equals the requested mean exactly.
        let mean = sorted.iter().sum::<f64>() / n as f64;
        sorted.iter_mut().for_each(|c| *c *= mean_usd / mean);
        ClaimsDistribution {
            prefix: prefix_sums(&sorted),
            sorted,
            from_members: false,
        }
    }

    /// Number of claim values.
    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    /// True when there are no claims.
    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    /// Claims at percentile p ∈ [0, 1] (nearest rank).
    pub fn percentile(&self, p: f64) -> f64 {
        if self.sorted.is_empty() {
            return 0.0;
        }
        let rank = (p.clamp(0.0, 1.0) * self.sorted.len() as f64).ceil() as usize;
        self.sorted[rank.saturating_sub(1).min(self.sorted.len() - 1)]
    }

    /// Mean allowed claims.
    pub fn mean(&self) -> f64 {
        if self.sorted.is_empty() {
            0.0
        } else {
            self.total_usd() / self.sorted.len() as f64
        }
    }

    fn total_usd(&self) -> f64 {
        self.prefix.last().copied().unwrap_or(0.0)
    }

    /// Index of the first claim at or above `x`.
    fn rank(&self, x: f64) -> usize {
        self.sorted.partition_point(|c| *c < x)
    }

    /// Sum of the claims with index in `lo..hi`.
    fn sum_between(&self, lo: usize, hi: usize) -> f64 {
        self.prefix[hi] - self.prefix[lo]
    }

    /// Σ OOP over every claim, by the design's three pieces: the member pays the claim up to
    /// the deductible (or the cap), then the coinsurance share, then the out-of-pocket max.
    fn oop_total_usd(&self, d: CostSharing) -> f64 {
        let n = self.sorted.len();
        let (ded, max, k) = (
            d.deductible_usd.max(0.0),
            d.oop_max_usd.max(0.0),
            d.coinsurance,
        );
        if max <= ded {
            let at_cap = self.rank(max);
            return self.sum_between(0, at_cap) + (n - at_cap) as f64 * max;
        }
        let at_ded = self.rank(ded);
        let at_cap = if k > 0.0 {
            self.rank(ded + (max - ded) / k)
        } else {
            n
        };
        let below = self.sum_between(0, at_ded);
        let between =
            (at_cap - at_ded) as f64 * ded * (1.0 - k) + k * self.sum_between(at_ded, at_cap);
        below + between + (n - at_cap) as f64 * max
    }

    /// Expected member OOP under a design (O(log n) over the prefix sums).
    pub fn expected_oop_usd(&self, design: CostSharing) -> f64 {
        if self.sorted.is_empty() {
            return 0.0;
        }
        self.oop_total_usd(design) / self.sorted.len() as f64
    }

    /// Actuarial value: Σ plan-paid / Σ allowed = 1 − Σ OOP / Σ allowed.
    pub fn actuarial_value(&self, design: CostSharing) -> f64 {
        let allowed = self.total_usd();
        if allowed <= 0.0 {
            return 1.0;
        }
        1.0 - self.oop_total_usd(design) / allowed
    }
}

/// Expected OOP over a discrete distribution of (claims, probability).
pub fn expected_oop_discrete(points: &[(f64, f64)], design: CostSharing) -> f64 {
    points.iter().map(|(c, p)| p * oop_usd(*c, design)).sum()
}

/// Actuarial value over a discrete distribution of (claims, probability).
pub fn actuarial_value_discrete(points: &[(f64, f64)], design: CostSharing) -> f64 {
    let allowed: f64 = points.iter().map(|(c, p)| c * p).sum();
    if allowed <= 0.0 {
        return 1.0;
    }
    points
        .iter()
        .map(|(c, p)| p * plan_paid_usd(*c, design))
        .sum::<f64>()
        / allowed
}

/// Metal level an actuarial value falls in (bronze 60 %, silver 70 %, gold 80 %, platinum 90 %).
pub fn metal_level(av: f64) -> &'static str {
    match av {
        x if x >= 0.88 => "Platinum",
        x if x >= 0.78 => "Gold",
        x if x >= 0.68 => "Silver",
        x if x >= 0.58 => "Bronze",
        _ => "Below minimum value",
    }
}

/// Employer plans must reach 60 % actuarial value (minimum value).
pub const MINIMUM_VALUE_AV: f64 = 0.60;

/// Member total annual cost at a use level: employee premium share + OOP.
pub fn member_total_cost_usd(
    employee_monthly_usd: f64,
    claims_usd: f64,
    design: CostSharing,
) -> f64 {
    employee_monthly_usd * 12.0 + oop_usd(claims_usd, design)
}

/// Indexes of plans that are cheapest (ties allowed) at every use level; `costs[plan][level]`.
pub fn dominant_plans(costs: &[Vec<f64>]) -> Vec<usize> {
    let levels = costs.iter().map(Vec::len).min().unwrap_or(0);
    if levels == 0 || costs.len() < 2 {
        return Vec::new();
    }
    (0..costs.len())
        .filter(|&i| (0..levels).all(|l| costs.iter().all(|other| costs[i][l] <= other[l] + 1e-9)))
        .collect()
}

#[allow(clippy::excessive_precision)]
/// Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9).
pub fn inverse_normal_cdf(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.383577518672690e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e1,
        1.615858368580409e2,
        -1.556989798598866e2,
        6.680131188771972e1,
        -1.328068155288572e1,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-3,
        3.224671290700398e-1,
        2.445134137142996,
        3.754408661907416,
    ];
    let p = p.clamp(1e-15, 1.0 - 1e-15);
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_out_of_pocket_maximum_is_reached_after_the_deductible_and_coinsurance() {
        let d = |deductible_usd, coinsurance, oop_max_usd| super::CostSharing {
            deductible_usd,
            coinsurance,
            oop_max_usd,
        };
        // $500 + ($3,000 − $500) / 20 % = $13,000.
        assert_eq!(
            super::claims_to_reach_oop_max_usd(d(500.0, 0.2, 3_000.0)),
            Some(13_000.0)
        );
        assert_eq!(
            super::claims_to_reach_oop_max_usd(d(3_400.0, 0.0, 3_400.0)),
            Some(3_400.0)
        );
        assert_eq!(
            super::claims_to_reach_oop_max_usd(d(1_000.0, 0.0, 5_000.0)),
            None
        );
    }

    use super::*;

    #[test]
    fn a_contribution_rule_reads_in_words() {
        assert_eq!(
            Contribution::PercentOfPremium {
                employer_share: 0.8
            }
            .describe(),
            "80.00% of each tier's premium"
        );
        let flat = Contribution::FlatPerTier {
            monthly_usd: [550.0, 1_000.0, 900.0, 1_400.5],
        };
        assert_eq!(
            flat.describe(),
            "a flat monthly amount per tier (Employee only $550, Employee + spouse $1,000, \
             Employee + children $900, Family $1,400.50)"
        );
    }
    use proptest::prelude::*;

    const DESIGN: CostSharing = CostSharing {
        deductible_usd: 2_000.0,
        coinsurance: 0.2,
        oop_max_usd: 5_000.0,
    };

    #[test]
    fn worked_example_expected_oop_and_actuarial_value() {
        let points = [
            (0.0, 0.15),
            (500.0, 0.35),
            (2_000.0, 0.25),
            (6_000.0, 0.15),
            (20_000.0, 0.07),
            (100_000.0, 0.03),
        ];
        // OOP: 0, 500, 2,000, 2,000+0.2·4,000 = 2,800, min(5,000, 2,000+3,600) = 5,000, 5,000
        // E = .35·500 + .25·2,000 + .15·2,800 + .07·5,000 + .03·5,000 = 175+500+420+350+150 = 1,595
        assert!((expected_oop_discrete(&points, DESIGN) - 1_595.0).abs() < 1e-9);
        // mean allowed 5,975; AV = (5,975 − 1,595) / 5,975 = 73.3 %
        assert!((actuarial_value_discrete(&points, DESIGN) - 0.7331).abs() < 0.0001);
    }

    #[test]
    fn claims_below_the_deductible_are_paid_by_the_member() {
        assert_eq!(oop_usd(1_500.0, DESIGN), 1_500.0);
        assert_eq!(plan_paid_usd(1_500.0, DESIGN), 0.0);
    }

    #[test]
    fn claims_above_the_oop_max_cap_the_member_share() {
        assert_eq!(oop_usd(1_000_000.0, DESIGN), 5_000.0);
    }

    #[test]
    fn premium_totals_follow_enrollment() {
        let counts = [(Tier::EE, 10.0), (Tier::FAM, 5.0)];
        let rate = |t: Tier| match t {
            Tier::EE => Some(TierRate {
                monthly_premium: 600.0,
                employer_monthly: 480.0,
            }),
            Tier::FAM => Some(TierRate {
                monthly_premium: 1_700.0,
                employer_monthly: 1_200.0,
            }),
            _ => None,
        };
        let c = plan_cost(&counts, rate, &Contribution::AsRated);
        // premium 10·600·12 + 5·1,700·12 = 72,000 + 102,000 = 174,000
        assert_eq!(c.annual_premium_usd, 174_000.0);
        // employer 10·480·12 + 5·1,200·12 = 57,600 + 72,000 = 129,600
        assert_eq!(c.annual_employer_usd, 129_600.0);
        assert_eq!(c.annual_employee_usd, 44_400.0);
    }

    #[test]
    fn zero_enrollment_costs_nothing() {
        let c = plan_cost(
            &[],
            |_| {
                Some(TierRate {
                    monthly_premium: 500.0,
                    employer_monthly: 400.0,
                })
            },
            &Contribution::AsRated,
        );
        assert_eq!((c.enrolled, c.annual_premium_usd), (0.0, 0.0));
    }

    #[test]
    fn tier_missing_a_rate_is_reported_not_priced() {
        let counts = [(Tier::EE, 10.0), (Tier::ES, 4.0)];
        let c = plan_cost(
            &counts,
            |t| {
                (t == Tier::EE).then_some(TierRate {
                    monthly_premium: 500.0,
                    employer_monthly: 400.0,
                })
            },
            &Contribution::AsRated,
        );
        assert_eq!(c.unrated_enrolled, 4.0);
        assert_eq!(c.annual_premium_usd, 60_000.0);
    }

    #[test]
    fn defined_contribution_is_capped_at_the_plan_premium() {
        let strategy = Contribution::DefinedContribution {
            employer_share: 0.9,
            base_premiums: [Some(800.0), None, None, None],
        };
        // 0.9 × 800 = 720 > 650 premium: employer pays the whole 650
        assert_eq!(
            employer_monthly_usd(
                &strategy,
                Tier::EE,
                TierRate {
                    monthly_premium: 650.0,
                    employer_monthly: 0.0
                }
            ),
            650.0
        );
    }

    #[test]
    fn percent_of_premium_strategy() {
        let s = Contribution::PercentOfPremium {
            employer_share: 0.75,
        };
        assert_eq!(
            employer_monthly_usd(
                &s,
                Tier::ES,
                TierRate {
                    monthly_premium: 1_200.0,
                    employer_monthly: 0.0
                }
            ),
            900.0
        );
    }

    #[test]
    fn dominant_plan_is_cheapest_at_every_level() {
        let costs = vec![
            vec![3_000.0, 4_000.0, 9_000.0],
            vec![2_500.0, 3_900.0, 8_000.0],
            vec![2_000.0, 4_500.0, 7_000.0],
        ];
        assert_eq!(dominant_plans(&costs), Vec::<usize>::new());
        let costs = vec![vec![3_000.0, 4_000.0], vec![2_500.0, 3_900.0]];
        assert_eq!(dominant_plans(&costs), vec![1]);
    }

    #[test]
    fn lognormal_stand_in_has_the_requested_mean() {
        let d = ClaimsDistribution::lognormal(6_000.0, 3.0, 2_000);
        assert!((d.mean() - 6_000.0).abs() < 1e-6);
        assert!(d.percentile(0.5) < d.mean(), "skewed: median below mean");
    }

    #[test]
    fn inverse_normal_matches_known_quantiles() {
        assert!(inverse_normal_cdf(0.5).abs() < 1e-9);
        assert!((inverse_normal_cdf(0.975) - 1.959964).abs() < 1e-6);
        assert!((inverse_normal_cdf(0.01) + 2.326348).abs() < 1e-6);
    }

    proptest! {
        #[test]
        fn prefix_sum_totals_equal_a_pass_over_every_member(
            claims in proptest::collection::vec(0.0f64..60_000.0, 1..300),
            d in 0.0f64..8e3, k in 0.0f64..1.0, m in 0.0f64..1.2e4,
        ) {
            let design = CostSharing { deductible_usd: d, coinsurance: k, oop_max_usd: m };
            let direct = claims.iter().map(|c| oop_usd(*c, design)).sum::<f64>() / claims.len() as f64;
            let dist = ClaimsDistribution::from_claims(claims);
            prop_assert!((dist.expected_oop_usd(design) - direct).abs() < 1e-6 * (1.0 + direct));
        }

        #[test]
        fn oop_never_exceeds_the_max_nor_the_claims(c in 0.0f64..1e7, d in 0.0f64..2e4, k in 0.0f64..1.0, m in 0.0f64..3e4) {
            let o = oop_usd(c, CostSharing { deductible_usd: d, coinsurance: k, oop_max_usd: m });
            prop_assert!(o <= m + 1e-9);
            prop_assert!(o <= c + 1e-9);
            prop_assert!(o >= 0.0);
        }

        #[test]
        fn employer_plus_employee_is_the_premium(p in 0.0f64..5e3, e in 0.0f64..5e3, share in 0.0f64..1.5, n in 0.0f64..1e4) {
            for strategy in [Contribution::AsRated, Contribution::PercentOfPremium { employer_share: share }, Contribution::FlatPerTier { monthly_usd: [e; 4] }] {
                let c = plan_cost(&[(Tier::EE, n)], |_| Some(TierRate { monthly_premium: p, employer_monthly: e }), &strategy);
                prop_assert!((c.annual_employer_usd + c.annual_employee_usd - c.annual_premium_usd).abs() <= 1e-6 * c.annual_premium_usd.max(1.0));
            }
        }
    }
}
