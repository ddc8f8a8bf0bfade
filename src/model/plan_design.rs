//! A plan design change priced by actuarial value (scenario kind `plan_design`): the new AV by
//! the CMS method, the premium it implies by benefit relativity (premium × AV new / AV now, an
//! estimate) and what a member pays at low, typical and high use, beside the current design.

use super::actuarial_value::{self as av, AvDesign, Copays, Metal};
use super::plan_cost::{self, CostSharing};
use crate::domain::Plan;
use serde::{Deserialize, Serialize};

/// Inputs of a design what-if: the current design, the changed one, the premium and use levels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanDesignParams {
    /// The plan the change starts from (informational).
    #[serde(default)]
    pub plan_code: String,
    /// The filed metal level ("Silver"); picks the calculator's first table.
    #[serde(default)]
    pub metal_level: String,
    #[serde(default = "default_year")]
    pub plan_year: f64,
    /// Today's employee-only monthly premium.
    pub monthly_premium: f64,
    /// The employee's share of the premium, 0–1.
    #[serde(default = "default_employee_share")]
    pub employee_share: f64,
    /// The employer's fixed monthly amount (a flat or defined contribution): the employee pays
    /// the rest of any premium, so a premium cut is wholly theirs. Without it the employee
    /// pays `employee_share` of the premium.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer_fixed_monthly: Option<f64>,
    pub deductible: f64,
    pub coinsurance: f64,
    pub oop_max: f64,
    #[serde(default)]
    pub pcp_copay: f64,
    #[serde(default)]
    pub specialist_copay: f64,
    #[serde(default)]
    pub er_copay: f64,
    #[serde(default)]
    pub generic_copay: f64,
    #[serde(default)]
    pub hsa_hra_funding: f64,
    pub new_deductible: f64,
    pub new_coinsurance: f64,
    pub new_oop_max: f64,
    #[serde(default)]
    pub new_pcp_copay: f64,
    #[serde(default)]
    pub new_specialist_copay: f64,
    #[serde(default)]
    pub new_er_copay: f64,
    #[serde(default)]
    pub new_generic_copay: f64,
    #[serde(default)]
    pub new_hsa_hra_funding: f64,
    /// Yearly allowed claims of a member at low, typical and high use.
    #[serde(default = "default_low")]
    pub low_use_claims: f64,
    #[serde(default = "default_typical")]
    pub typical_use_claims: f64,
    #[serde(default = "default_high")]
    pub high_use_claims: f64,
}

fn default_year() -> f64 {
    2026.0
}
fn default_employee_share() -> f64 {
    0.2
}
fn default_low() -> f64 {
    500.0
}
fn default_typical() -> f64 {
    3_000.0
}
fn default_high() -> f64 {
    25_000.0
}

/// Outputs, current beside new.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanDesignOutputs {
    pub av_current: f64,
    pub av_new: f64,
    pub av_change: f64,
    pub metal_current: String,
    pub metal_new: String,
    pub minimum_value_new: bool,
    /// Premium × AV new / AV now: an estimate that holds utilisation and network fixed.
    pub premium_new: f64,
    pub premium_change: f64,
    pub premium_change_pct: f64,
    pub member_cost_low_current: f64,
    pub member_cost_low_new: f64,
    pub member_cost_typical_current: f64,
    pub member_cost_typical_new: f64,
    pub member_cost_high_current: f64,
    pub member_cost_high_new: f64,
}

/// Why a design what-if cannot run.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignError(pub String);

/// A what-if starting from a stored plan, with its current design copied to the new one.
pub fn from_plan(plan: &Plan, monthly_premium: f64, employee_share: f64) -> PlanDesignParams {
    PlanDesignParams {
        plan_code: plan.code.clone(),
        metal_level: plan.metal_level.clone(),
        plan_year: if plan.year > 0 {
            plan.year as f64
        } else {
            2026.0
        },
        monthly_premium,
        employee_share,
        employer_fixed_monthly: None,
        deductible: plan.deductible_individual,
        coinsurance: plan.coinsurance,
        oop_max: plan.oop_max_individual,
        pcp_copay: plan.pcp_copay,
        specialist_copay: plan.specialist_copay,
        er_copay: plan.er_copay,
        generic_copay: plan.generic_drug_copay,
        hsa_hra_funding: plan.hsa_hra_funding_usd,
        new_deductible: plan.deductible_individual,
        new_coinsurance: plan.coinsurance,
        new_oop_max: plan.oop_max_individual,
        new_pcp_copay: plan.pcp_copay,
        new_specialist_copay: plan.specialist_copay,
        new_er_copay: plan.er_copay,
        new_generic_copay: plan.generic_drug_copay,
        new_hsa_hra_funding: plan.hsa_hra_funding_usd,
        low_use_claims: default_low(),
        typical_use_claims: default_typical(),
        high_use_claims: default_high(),
    }
}

/// The worked example a new `plan_design` scenario starts from: a silver plan raising its
/// deductible from $3,000 to $4,000.
pub fn worked_example() -> PlanDesignParams {
    let plan = Plan {
        code: "SILVER-3000".into(),
        metal_level: "Silver".into(),
        year: 2026,
        deductible_individual: 3_000.0,
        coinsurance: 0.2,
        oop_max_individual: 8_000.0,
        pcp_copay: 30.0,
        specialist_copay: 60.0,
        ..Default::default()
    };
    PlanDesignParams {
        new_deductible: 4_000.0,
        ..from_plan(&plan, 620.0, 0.2)
    }
}

fn designs(p: &PlanDesignParams) -> (AvDesign, AvDesign) {
    let current = AvDesign {
        deductible_usd: p.deductible,
        coinsurance: p.coinsurance,
        oop_max_usd: p.oop_max,
        copays: Copays {
            primary_care_usd: p.pcp_copay,
            specialist_usd: p.specialist_copay,
            emergency_room_usd: p.er_copay,
            generic_drug_usd: p.generic_copay,
        },
        hsa_hra_funding_usd: p.hsa_hra_funding,
        ..Default::default()
    };
    let new = AvDesign {
        deductible_usd: p.new_deductible,
        coinsurance: p.new_coinsurance,
        oop_max_usd: p.new_oop_max,
        copays: Copays {
            primary_care_usd: p.new_pcp_copay,
            specialist_usd: p.new_specialist_copay,
            emergency_room_usd: p.new_er_copay,
            generic_drug_usd: p.new_generic_copay,
        },
        hsa_hra_funding_usd: p.new_hsa_hra_funding,
        ..Default::default()
    };
    (current, new)
}

fn check(p: &PlanDesignParams) -> Result<(), DesignError> {
    let amounts = [
        ("monthly_premium", p.monthly_premium),
        ("deductible", p.deductible),
        ("oop_max", p.oop_max),
        ("new_deductible", p.new_deductible),
        ("new_oop_max", p.new_oop_max),
        ("low_use_claims", p.low_use_claims),
        ("typical_use_claims", p.typical_use_claims),
        ("high_use_claims", p.high_use_claims),
        (
            "employer_fixed_monthly",
            p.employer_fixed_monthly.unwrap_or(0.0),
        ),
    ];
    for (name, v) in amounts {
        if !v.is_finite() || v < 0.0 {
            return Err(DesignError(format!(
                "{} must be zero or more",
                super::labels::display_name(name)
            )));
        }
    }
    for (name, v) in [
        ("coinsurance", p.coinsurance),
        ("new_coinsurance", p.new_coinsurance),
        ("employee_share", p.employee_share),
    ] {
        if !(0.0..=1.0).contains(&v) {
            return Err(DesignError(format!(
                "{} must be between 0 and 100 %",
                super::labels::display_name(name)
            )));
        }
    }
    Ok(())
}

/// Member cost in a year at `claims`: the employee's premium share plus what the design makes
/// them pay (deductible, coinsurance, out-of-pocket maximum).
fn member_cost(employee_monthly: f64, claims: f64, d: &AvDesign) -> f64 {
    let sharing = CostSharing {
        deductible_usd: d.deductible_usd,
        coinsurance: d.coinsurance,
        oop_max_usd: d.oop_max_usd,
    };
    let oop = (plan_cost::oop_usd(claims, sharing) - d.hsa_hra_funding_usd).max(0.0);
    employee_monthly * 12.0 + oop
}

/// What the employee pays a month at `premium`: the rest after a fixed employer amount, or
/// their share of it.
fn employee_monthly(p: &PlanDesignParams, premium: f64) -> f64 {
    match p.employer_fixed_monthly {
        Some(employer) => (premium - employer).max(0.0),
        None => premium * p.employee_share,
    }
}

/// Prices the change.
/// What a migration run needs of this change: the factor on the premium, and the change in a
/// member's yearly out-of-pocket at typical use (member cost less the premium share).
pub fn migration_shift(p: &PlanDesignParams, o: &PlanDesignOutputs) -> (f64, f64) {
    let factor = if p.monthly_premium > 0.0 {
        o.premium_new / p.monthly_premium
    } else {
        1.0
    };
    let premium_part =
        12.0 * (employee_monthly(p, o.premium_new) - employee_monthly(p, p.monthly_premium));
    let oop = o.member_cost_typical_new - o.member_cost_typical_current - premium_part;
    (factor, oop)
}

pub fn run(p: &PlanDesignParams) -> Result<PlanDesignOutputs, DesignError> {
    check(p)?;
    let (current, new) = designs(p);
    let tier = Metal::parse(&p.metal_level);
    let year = p.plan_year.round() as i64;
    let av_current = av::estimate(&current, tier, year).av;
    let av_new = av::estimate(&new, tier, year).av;
    if av_current <= 0.0 {
        return Err(DesignError(
            "the current design pays nothing, so no premium relativity can be taken".into(),
        ));
    }
    let premium_new = p.monthly_premium * av_new / av_current;
    let metal = |v: f64| av::metal_label(v, year);
    let cost = |claims: f64, d: &AvDesign, premium: f64| {
        member_cost(employee_monthly(p, premium), claims, d)
    };
    Ok(PlanDesignOutputs {
        av_current,
        av_new,
        av_change: av_new - av_current,
        metal_current: metal(av_current),
        metal_new: metal(av_new),
        minimum_value_new: av_new + 1e-9 >= av::MINIMUM_VALUE_AV,
        premium_new,
        premium_change: premium_new - p.monthly_premium,
        premium_change_pct: premium_new / p.monthly_premium.max(f64::MIN_POSITIVE) - 1.0,
        member_cost_low_current: cost(p.low_use_claims, &current, p.monthly_premium),
        member_cost_low_new: cost(p.low_use_claims, &new, premium_new),
        member_cost_typical_current: cost(p.typical_use_claims, &current, p.monthly_premium),
        member_cost_typical_new: cost(p.typical_use_claims, &new, premium_new),
        member_cost_high_current: cost(p.high_use_claims, &current, p.monthly_premium),
        member_cost_high_new: cost(p.high_use_claims, &new, premium_new),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unchanged_design_keeps_its_value_and_premium() {
        let p = PlanDesignParams {
            new_deductible: 3_000.0,
            ..worked_example()
        };
        let out = run(&p).unwrap();
        assert_eq!(out.av_current, out.av_new);
        assert_eq!(out.premium_new, p.monthly_premium);
        assert_eq!(out.member_cost_high_current, out.member_cost_high_new);
    }

    /// Worked by hand from the CMS 2026 silver table's whole-population means (its last row):
    /// allowed $7,386.3104968 a year, of which preventive care $332.00056699. With no
    /// deductible, no copays and no out-of-pocket cap, a plan pays all preventive care and
    /// (1 − coinsurance) of the rest: AV = 1 − c × (1 − 332.00056699 / 7,386.3104968).
    fn coinsurance_only(c: f64, new_c: f64) -> PlanDesignParams {
        PlanDesignParams {
            plan_code: "COINS".into(),
            metal_level: "Silver".into(),
            plan_year: 2026.0,
            monthly_premium: 620.0,
            employee_share: 0.2,
            employer_fixed_monthly: None,
            deductible: 0.0,
            coinsurance: c,
            oop_max: 1e9,
            pcp_copay: 0.0,
            specialist_copay: 0.0,
            er_copay: 0.0,
            generic_copay: 0.0,
            hsa_hra_funding: 0.0,
            new_deductible: 0.0,
            new_coinsurance: new_c,
            new_oop_max: 1e9,
            new_pcp_copay: 0.0,
            new_specialist_copay: 0.0,
            new_er_copay: 0.0,
            new_generic_copay: 0.0,
            new_hsa_hra_funding: 0.0,
            low_use_claims: 500.0,
            typical_use_claims: 3_000.0,
            high_use_claims: 25_000.0,
        }
    }

    #[test]
    fn a_coinsurance_change_is_priced_as_worked_by_hand() {
        let out = run(&coinsurance_only(0.30, 0.32)).unwrap();
        // Preventive share 332.00056699 / 7386.3104968 = 0.0449481.
        // AV now 1 − 0.30 × 0.9550519 = 0.7134844; new 1 − 0.32 × 0.9550519 = 0.6943834.
        assert!(
            (out.av_current - 0.713_484_4).abs() < 5e-5,
            "{}",
            out.av_current
        );
        assert!((out.av_new - 0.694_383_4).abs() < 5e-5, "{}", out.av_new);
        assert_eq!(out.metal_current, "Silver");
        assert_eq!(out.metal_new, "Silver");
        // Premium by benefit relativity: $620 × 0.6943834 / 0.7134844 = $603.40.
        assert!(
            (out.premium_new - 603.40).abs() < 0.05,
            "{}",
            out.premium_new
        );
        // Typical use ($3,000): 20 % of the premium for 12 months plus 30 % of the claims.
        // Now $620 × 0.2 × 12 + $900 = $2,388; new $603.40 × 0.2 × 12 + $960 = $2,408.16.
        assert!((out.member_cost_typical_current - 2_388.0).abs() < 1e-9);
        assert!((out.member_cost_typical_new - 2_408.16).abs() < 0.15);
    }

    #[test]
    fn a_higher_deductible_costs_heavy_users_more_but_saves_light_users_premium() {
        let out = run(&worked_example()).unwrap();
        assert!(out.member_cost_low_new < out.member_cost_low_current);
        assert!(out.member_cost_high_new > out.member_cost_high_current);
    }

    #[test]
    fn under_a_fixed_employer_amount_the_employee_keeps_the_whole_premium_cut() {
        let p = PlanDesignParams {
            employer_fixed_monthly: Some(496.0),
            ..coinsurance_only(0.30, 0.32)
        };
        let out = run(&p).unwrap();
        // The employer pays $496 either way: the employee $124 now, $603.40 − $496 = $107.40 new.
        assert!((out.member_cost_typical_current - (124.0 * 12.0 + 900.0)).abs() < 1e-9);
        let new_employee = out.premium_new - 496.0;
        assert!((new_employee - 107.40).abs() < 0.05, "{new_employee}");
        assert!((out.member_cost_typical_new - (new_employee * 12.0 + 960.0)).abs() < 1e-9);
    }

    #[test]
    fn a_negative_employer_amount_is_refused() {
        let p = PlanDesignParams {
            employer_fixed_monthly: Some(-80.0),
            ..worked_example()
        };
        assert!(run(&p).unwrap_err().0.contains("zero or more"));
    }

    #[test]
    fn coinsurance_above_one_hundred_percent_is_refused_by_name() {
        let p = PlanDesignParams {
            new_coinsurance: 1.5,
            ..worked_example()
        };
        let e = run(&p).unwrap_err();
        assert!(e.0.contains("coinsurance"), "{}", e.0);
    }
}
