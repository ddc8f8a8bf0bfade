//! A migration's plans filled from a comparison: every plan and tier with members, at the
//! contributions the comparison shows, nothing changed yet.

use super::PlanTier;
use crate::model::compare::Comparison;

/// One entry per plan and tier with members (annual amounts from the monthly ones); the new
/// values equal today's until the user changes them.
pub fn plans_from_comparison(cmp: &Comparison) -> Vec<PlanTier> {
    let mut out = Vec::new();
    for col in &cmp.columns {
        for t in &col.cost.tiers {
            if t.enrolled <= 0.0 {
                continue;
            }
            let employee = t.employee_monthly.unwrap_or(0.0) * 12.0;
            let employer = t.employer_monthly.unwrap_or(0.0) * 12.0;
            out.push(PlanTier {
                code: col.plan.code.clone(),
                tier: t.tier.code().to_string(),
                members: t.enrolled,
                contribution_annual: employee,
                new_contribution_annual: employee,
                employer_annual: employer,
                new_employer_annual: employer,
                oop: col.expected_oop_usd,
                new_oop: col.expected_oop_usd,
                offered: true,
                new_offered: true,
                like: None,
                band_shares: None,
            });
        }
    }
    out
}

/// Moves `monthly_usd` of a plan's premium from the employer to the employee in every tier
/// (negative: back to the employer), never below zero on either side.
pub fn shift_contribution(plans: &mut [PlanTier], code: &str, monthly_usd: f64) {
    for t in plans.iter_mut().filter(|t| t.code == code) {
        let premium = t.contribution_annual + t.employer_annual;
        let employee = (t.contribution_annual + monthly_usd * 12.0).clamp(0.0, premium);
        t.new_contribution_annual = employee;
        t.new_employer_annual = premium - employee;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shift_moves_dollars_from_employer_to_employee_and_keeps_the_premium() {
        let mut plans = vec![PlanTier {
            code: "PPO".into(),
            tier: "EE".into(),
            members: 10.0,
            contribution_annual: 1_200.0,
            new_contribution_annual: 1_200.0,
            employer_annual: 6_000.0,
            new_employer_annual: 6_000.0,
            oop: 0.0,
            new_oop: 0.0,
            offered: true,
            new_offered: true,
            like: None,
            band_shares: None,
        }];
        shift_contribution(&mut plans, "PPO", 50.0);
        assert_eq!(plans[0].new_contribution_annual, 1_800.0);
        assert_eq!(plans[0].new_employer_annual, 5_400.0);
        shift_contribution(&mut plans, "PPO", -200.0);
        assert_eq!(plans[0].new_contribution_annual, 0.0, "never below zero");
        assert_eq!(plans[0].new_employer_annual, 7_200.0);
    }
}
