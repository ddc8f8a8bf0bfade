//! Renewal rating (DESIGN.md §4.3): experience, pooling, trend, credibility, retention,
//! and the renewal change against the current premium. All rates are PMPM.

use serde::{Deserialize, Serialize};

/// Inputs of a renewal scenario; names are the public scenario-file schema (DESIGN.md §4.7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenewalParams {
    /// Paid medical + Rx claims in the 12-month experience period, USD.
    pub paid_claims: f64,
    /// Incurred ÷ paid (IBNR), typically 1.02–1.10.
    #[serde(default = "one")]
    pub completion_factor: f64,
    /// Member months in the experience period.
    pub member_months: f64,
    /// Subscribers (employees) enrolled.
    pub employees: f64,
    /// Annual claim totals of large claimants, for pooling.
    #[serde(default)]
    pub claimants: Vec<f64>,
    /// Claims above this per claimant are pooled; 0 means no pooling.
    #[serde(default)]
    pub pooling_point: f64,
    /// Pooling charge as a fraction of the claims kept after pooling.
    #[serde(default)]
    pub pooling_charge_pct: f64,
    /// Product of benefit, demographic, network and other adjustment factors.
    #[serde(default = "one")]
    pub adjustment_factor: f64,
    /// Annual medical trend (0.07 = 7 %).
    pub trend_medical: f64,
    /// Annual Rx trend.
    pub trend_rx: f64,
    /// Rx share of claims (0–1).
    #[serde(default)]
    pub rx_share: f64,
    /// Months from the experience midpoint to the rating-period midpoint (12 + lag).
    #[serde(default = "default_trend_months")]
    pub trend_months: f64,
    /// Manual (book) rate PMPM at experience-period level, blended by credibility.
    #[serde(default)]
    pub manual_pmpm: f64,
    /// Member months for full credibility.
    #[serde(default = "default_full_credibility")]
    pub full_credibility_mm: f64,
    /// Fixed administration per employee per month, USD.
    #[serde(default)]
    pub admin_pepm: f64,
    /// Percentage loads (commissions, taxes, risk, profit) as a fraction of premium.
    #[serde(default)]
    pub loads_pct: f64,
    /// Target loss ratio; replaces admin and loads (never below the 85 % minimum).
    #[serde(default)]
    pub target_loss_ratio: Option<f64>,
    /// Current premium PMPM.
    pub current_premium_pmpm: f64,
    /// Negotiated cap on the renewal change (0.08 = +8 % at most).
    #[serde(default)]
    pub rate_cap: Option<f64>,
    /// Allowed PMPM, to leverage trend over fixed member cost sharing (optional).
    #[serde(default)]
    pub allowed_pmpm: Option<f64>,
    /// Fixed member cost sharing PMPM (copays, deductibles that do not move with trend).
    #[serde(default)]
    pub fixed_cost_sharing_pmpm: Option<f64>,
    /// Years projected by the multi-year view.
    #[serde(default = "default_years")]
    pub projection_years: u32,
}

fn one() -> f64 {
    1.0
}
fn default_trend_months() -> f64 {
    15.0
}
fn default_full_credibility() -> f64 {
    24_000.0
}
fn default_years() -> u32 {
    3
}

/// Large-group minimum loss ratio (ACA).
pub const MIN_LOSS_RATIO: f64 = 0.85;

/// One year of the multi-year projection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectedYear {
    pub year: u32,
    pub required_pmpm: f64,
    pub change_from_current: f64,
}

/// Outputs of a renewal run; names are the public schema (DESIGN.md §4.7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RenewalOutputs {
    pub incurred_claims: f64,
    pub pooled_claims: f64,
    pub pooling_charge: f64,
    pub experience_pmpm: f64,
    pub trend_factor: f64,
    pub credibility: f64,
    pub projected_pmpm: f64,
    pub required_pmpm: f64,
    pub renewal_change: f64,
    pub uncapped_change: f64,
    pub renewal_premium_pmpm: f64,
    pub loss_ratio_used: Option<f64>,
    /// Waterfall steps from experience to required PMPM: (label, PMPM after the step).
    pub waterfall: Vec<(String, f64)>,
    pub years: Vec<ProjectedYear>,
}

/// A parameter outside its allowed range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidParam(pub String);

fn check(name: &str, value: f64, lo: f64, hi: f64, unit_pct: bool) -> Result<(), InvalidParam> {
    if !value.is_finite() {
        return Err(InvalidParam(format!("{name} must be a number")));
    }
    if value < lo || value > hi {
        let range = if unit_pct {
            format!("{} % and {} %", lo * 100.0, hi * 100.0)
        } else {
            format!(
                "{} and {}",
                crate::format::grouped(lo, 2),
                crate::format::grouped(hi, 2)
            )
        };
        return Err(InvalidParam(format!(
            "{name} must be between {range} (got {value})"
        )));
    }
    Ok(())
}

impl RenewalParams {
    /// Checks every input's range, naming the first one out of bounds.
    pub fn validate(&self) -> Result<(), InvalidParam> {
        check("paid_claims", self.paid_claims, 0.0, 1e12, false)?;
        check("completion_factor", self.completion_factor, 1.0, 2.0, false)?;
        check("member_months", self.member_months, 1.0, 1e9, false)?;
        check("employees", self.employees, 1.0, 1e8, false)?;
        check("pooling_point", self.pooling_point, 0.0, 1e9, false)?;
        check(
            "pooling_charge_pct",
            self.pooling_charge_pct,
            0.0,
            0.5,
            true,
        )?;
        check(
            "adjustment_factor",
            self.adjustment_factor,
            0.1,
            10.0,
            false,
        )?;
        check("trend_medical", self.trend_medical, -0.5, 1.0, true)?;
        check("trend_rx", self.trend_rx, -0.5, 1.0, true)?;
        check("rx_share", self.rx_share, 0.0, 1.0, true)?;
        check("trend_months", self.trend_months, 0.0, 60.0, false)?;
        check("manual_pmpm", self.manual_pmpm, 0.0, 1e6, false)?;
        check(
            "full_credibility_mm",
            self.full_credibility_mm,
            1.0,
            1e9,
            false,
        )?;
        check("admin_pepm", self.admin_pepm, 0.0, 1e5, false)?;
        check("loads_pct", self.loads_pct, 0.0, 0.6, true)?;
        check(
            "current_premium_pmpm",
            self.current_premium_pmpm,
            0.01,
            1e6,
            false,
        )?;
        if let Some(t) = self.target_loss_ratio {
            check("target_loss_ratio", t, 0.5, 1.2, true)?;
        }
        if let Some(c) = self.rate_cap {
            check("rate_cap", c, -0.5, 2.0, true)?;
        }
        for (i, c) in self.claimants.iter().enumerate() {
            check(&format!("claimants[{i}]"), *c, 0.0, 1e10, false)?;
        }
        if let (Some(a), Some(c)) = (self.allowed_pmpm, self.fixed_cost_sharing_pmpm) {
            check("allowed_pmpm", a, 0.01, 1e6, false)?;
            check("fixed_cost_sharing_pmpm", c, 0.0, a * 0.99, false)?;
        }
        if self.projection_years > 30 {
            return Err(InvalidParam(
                "projection_years must be between 0 and 30".into(),
            ));
        }
        Ok(())
    }
}

/// Incurred claims from paid claims and the completion factor.
pub fn incurred_claims(paid: f64, completion_factor: f64) -> f64 {
    paid * completion_factor
}

/// Claims above the pooling point removed: Σ max(0, claimant − P).
pub fn pooled_excess(claimants: &[f64], pooling_point: f64) -> f64 {
    if pooling_point <= 0.0 {
        return 0.0;
    }
    claimants.iter().map(|c| (c - pooling_point).max(0.0)).sum()
}

/// Blended trend factor over `months`: medical and Rx trended separately.
pub fn trend_factor(trend_medical: f64, trend_rx: f64, rx_share: f64, months: f64) -> f64 {
    let years = months / 12.0;
    (1.0 + trend_medical).powf(years) * (1.0 - rx_share) + (1.0 + trend_rx).powf(years) * rx_share
}

/// Leveraged trend: fixed cost sharing C on allowed A makes plan-paid trend exceed allowed trend.
pub fn leveraged_trend(trend: f64, allowed: f64, fixed_cost_sharing: f64) -> f64 {
    ((1.0 + trend) * allowed - fixed_cost_sharing) / (allowed - fixed_cost_sharing) - 1.0
}

/// Credibility Z = min(1, √(MM / n_full)).
pub fn credibility(member_months: f64, full_credibility_mm: f64) -> f64 {
    (member_months / full_credibility_mm).sqrt().min(1.0)
}

/// Runs the renewal model; validates first.
pub fn run(p: &RenewalParams) -> Result<RenewalOutputs, InvalidParam> {
    p.validate()?;
    let incurred = incurred_claims(p.paid_claims, p.completion_factor);
    let excess = pooled_excess(&p.claimants, p.pooling_point).min(incurred);
    let pooled = incurred - excess;
    let pooling_charge = pooled * p.pooling_charge_pct;
    let incurred_pmpm = incurred / p.member_months;
    let after_pooling_pmpm = (pooled + pooling_charge) / p.member_months;
    let experience_pmpm = after_pooling_pmpm * p.adjustment_factor;
    let trend_med = match (p.allowed_pmpm, p.fixed_cost_sharing_pmpm) {
        (Some(a), Some(c)) => leveraged_trend(p.trend_medical, a, c),
        _ => p.trend_medical,
    };
    let factor = trend_factor(trend_med, p.trend_rx, p.rx_share, p.trend_months);
    let z = credibility(p.member_months, p.full_credibility_mm);
    let trended_experience = experience_pmpm * factor;
    let projected = z * trended_experience + (1.0 - z) * p.manual_pmpm * factor;
    let members = p.member_months / 12.0;
    let (required, loss_ratio_used) = match p.target_loss_ratio {
        Some(t) => {
            let lr = t.max(MIN_LOSS_RATIO);
            (projected / lr, Some(lr))
        }
        None => (
            (projected + p.admin_pepm * p.employees / members) / (1.0 - p.loads_pct),
            None,
        ),
    };
    let uncapped = required / p.current_premium_pmpm - 1.0;
    let change = p.rate_cap.map_or(uncapped, |cap| uncapped.min(cap));
    let waterfall = vec![
        ("Incurred".to_string(), incurred_pmpm),
        ("Pooling".to_string(), after_pooling_pmpm),
        ("Adjustments".to_string(), experience_pmpm),
        ("Trend".to_string(), trended_experience),
        ("Credibility".to_string(), projected),
        ("Retention".to_string(), required),
    ];
    let annual_trend = factor.powf(12.0 / p.trend_months.max(1.0)) - 1.0;
    let years = (1..=p.projection_years)
        .map(|y| {
            let pmpm = required * (1.0 + annual_trend).powi(y as i32 - 1);
            ProjectedYear {
                year: y,
                required_pmpm: pmpm,
                change_from_current: pmpm / p.current_premium_pmpm - 1.0,
            }
        })
        .collect();
    Ok(RenewalOutputs {
        incurred_claims: incurred,
        pooled_claims: pooled,
        pooling_charge,
        experience_pmpm,
        trend_factor: factor,
        credibility: z,
        projected_pmpm: projected,
        required_pmpm: required,
        renewal_change: change,
        uncapped_change: uncapped,
        renewal_premium_pmpm: p.current_premium_pmpm * (1.0 + change),
        loss_ratio_used,
        waterfall,
        years,
    })
}

/// Converts a composite PMPM into tier rates: total premium kept, tiers in the given ratios.
pub fn tier_rates(
    pmpm: f64,
    members: f64,
    tier_counts: &[(crate::domain::Tier, f64)],
) -> Vec<(crate::domain::Tier, f64)> {
    let weighted: f64 = tier_counts.iter().map(|(t, n)| n * t.default_ratio()).sum();
    if weighted <= 0.0 {
        return Vec::new();
    }
    let base = pmpm * members / weighted;
    tier_counts
        .iter()
        .map(|(t, _)| (*t, base * t.default_ratio()))
        .collect()
}

/// The worked example of DESIGN.md §4.3, used by tests, docs and the sample scenario file.
pub fn worked_example() -> RenewalParams {
    RenewalParams {
        paid_claims: 10_200_000.0,
        completion_factor: 1.03,
        member_months: 24_000.0,
        employees: 2_000.0,
        claimants: vec![600_000.0],
        pooling_point: 250_000.0,
        pooling_charge_pct: 0.04,
        adjustment_factor: 1.0,
        trend_medical: 0.07,
        trend_rx: 0.10,
        rx_share: 0.2,
        trend_months: 15.0,
        manual_pmpm: 450.0,
        full_credibility_mm: 24_000.0,
        admin_pepm: 45.0,
        loads_pct: 0.10,
        target_loss_ratio: None,
        current_premium_pmpm: 540.0,
        rate_cap: None,
        allowed_pmpm: None,
        fixed_cost_sharing_pmpm: None,
        projection_years: 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn worked_example_matches_design() {
        let out = run(&worked_example()).unwrap();
        // 10,200,000 × 1.03 = 10,506,000
        assert!(close(out.incurred_claims, 10_506_000.0, 1e-6));
        // one claimant 600,000 over P 250,000 removes 350,000
        assert!(close(out.pooled_claims, 10_156_000.0, 1e-6));
        // 4 % of 10,156,000
        assert!(close(out.pooling_charge, 406_240.0, 1e-6));
        // (10,156,000 + 406,240) / 24,000 = 440.0933
        assert!(close(out.experience_pmpm, 440.0933, 1e-4));
        // 1.07^1.25·0.8 + 1.10^1.25·0.2 = 1.09591
        assert!(close(out.trend_factor, 1.09591, 1e-5));
        assert!(close(out.credibility, 1.0, 1e-12));
        assert!(close(out.projected_pmpm, 482.30, 0.005));
        // (482.30 + 45 × 2,000 / 2,000) / 0.9 = 585.89
        assert!(close(out.required_pmpm, 585.89, 0.005));
        assert!(close(out.renewal_change, 0.0850, 0.00005));
    }

    #[test]
    fn zero_credibility_uses_the_trended_manual_rate() {
        let mut p = worked_example();
        p.paid_claims = 0.0;
        p.full_credibility_mm = 1e9;
        p.member_months = 1.0;
        p.employees = 1.0;
        let out = run(&p).unwrap();
        // Z = √(1/1e9) ≈ 3.2e-5: projected ≈ manual × trend = 450 × 1.09591
        assert!(out.credibility < 1e-4);
        assert!(close(out.projected_pmpm, 450.0 * 1.095_906, 0.05));
    }

    #[test]
    fn partial_credibility_blends_experience_and_manual() {
        let mut p = worked_example();
        p.full_credibility_mm = 96_000.0; // Z = √(24,000 / 96,000) = 0.5
        let out = run(&p).unwrap();
        assert!(close(out.credibility, 0.5, 1e-12));
        let expected = (0.5 * 440.0933 + 0.5 * 450.0) * out.trend_factor;
        assert!(close(out.projected_pmpm, expected, 1e-3));
    }

    #[test]
    fn claimant_below_pooling_point_is_not_pooled() {
        assert_eq!(pooled_excess(&[200_000.0, 250_000.0], 250_000.0), 0.0);
        assert_eq!(pooled_excess(&[300_000.0, 400_000.0], 250_000.0), 200_000.0);
        assert_eq!(
            pooled_excess(&[900_000.0], 0.0),
            0.0,
            "pooling point 0 means no pooling"
        );
    }

    #[test]
    fn target_loss_ratio_is_never_below_the_minimum() {
        let mut p = worked_example();
        p.target_loss_ratio = Some(0.80);
        let out = run(&p).unwrap();
        assert_eq!(out.loss_ratio_used, Some(0.85));
        assert!(close(out.required_pmpm, out.projected_pmpm / 0.85, 1e-9));
    }

    #[test]
    fn rate_cap_limits_the_change_but_keeps_the_uncapped_figure() {
        let mut p = worked_example();
        p.rate_cap = Some(0.05);
        let out = run(&p).unwrap();
        assert_eq!(out.renewal_change, 0.05);
        assert!(out.uncapped_change > 0.084);
    }

    #[test]
    fn leveraged_trend_exceeds_allowed_trend() {
        // ((1.07 × 500) − 100) / (500 − 100) − 1 = 435 / 400 − 1 = 8.75 %
        assert!(close(leveraged_trend(0.07, 500.0, 100.0), 0.0875, 1e-12));
    }

    #[test]
    fn out_of_range_trend_is_rejected_with_its_name() {
        let mut p = worked_example();
        p.trend_medical = 1.5;
        let err = run(&p).unwrap_err();
        assert_eq!(
            err.0,
            "trend_medical must be between -50 % and 100 % (got 1.5)"
        );
    }

    #[test]
    fn tier_rates_keep_the_total_premium() {
        use crate::domain::Tier;
        let counts = [(Tier::EE, 100.0), (Tier::FAM, 50.0)];
        let rates = tier_rates(500.0, 250.0, &counts);
        let total: f64 = rates
            .iter()
            .zip(counts.iter())
            .map(|((_, r), (_, n))| r * n)
            .sum();
        assert!(close(total, 500.0 * 250.0, 1e-6));
    }

    #[test]
    fn multi_year_projection_grows_by_the_annual_trend() {
        let out = run(&worked_example()).unwrap();
        assert_eq!(out.years.len(), 3);
        assert!(close(out.years[0].required_pmpm, out.required_pmpm, 1e-9));
        assert!(out.years[2].required_pmpm > out.years[1].required_pmpm);
    }
}
