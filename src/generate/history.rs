//! The sample's enrollment history: last plan year's rates, and eligibility spans for both
//! years in which members moved between plans as a migration with a known β would have them
//! move, so "Estimate from the workspace" has something true to find.

use super::catalogue::{PURCHASERS, TIER_SHAPE};
use super::{PLAN_YEAR, cents};
use crate::dice::Dice;
use crate::domain::Tier;
use crate::store::records::{EligibilityRecord, MemberRecord, RateRecord};
use std::collections::BTreeMap;

/// The price sensitivity the sample's moves follow, per $100 a year of contribution.
pub const SAMPLE_BETA: f64 = -0.12;

/// Premium trend from last year to this year.
const TREND: f64 = 1.065;

/// How much each plan's employee-only contribution rose from last year, dollars a year
/// (other tiers in proportion to their premium).
const CONTRIBUTION_CHANGE_EE_ANNUAL: [(&str, f64); 8] = [
    ("BCH-PPO500", 480.0),
    ("BCH-PPO1500", 120.0),
    ("BCH-HSA3400", -240.0),
    ("MVH-HMO250", 360.0),
    ("MVH-EPO1000", 0.0),
    ("SHP-POS750", 240.0),
    ("SHP-HSA2800", -120.0),
    ("SHP-ACO500", -180.0),
];

/// The change in a plan's employee contribution a year in a tier, last year to this.
pub fn contribution_change_annual(plan_code: &str, tier: Tier) -> f64 {
    let ee = CONTRIBUTION_CHANGE_EE_ANNUAL
        .iter()
        .find(|(c, _)| *c == plan_code)
        .map_or(0.0, |(_, d)| *d);
    let ratio = TIER_SHAPE
        .iter()
        .find(|(t, ..)| *t == tier)
        .map_or(1.0, |(_, r, ..)| *r);
    ee * ratio
}

/// Last year's rates: premiums a trend lower, employee shares lower by this year's rise.
pub fn prior_year_rates(current: &[RateRecord]) -> Vec<RateRecord> {
    current
        .iter()
        .filter(|r| r.year == PLAN_YEAR)
        .map(|r| {
            let premium = cents(r.monthly_premium / TREND);
            let employee_now = r.monthly_premium - r.employer_monthly;
            let employee = employee_now - contribution_change_annual(&r.plan_code, r.tier) / 12.0;
            RateRecord {
                plan_code: r.plan_code.clone(),
                year: PLAN_YEAR - 1,
                tier: r.tier,
                monthly_premium: premium,
                employer_monthly: cents((premium - employee).clamp(0.0, premium)),
            }
        })
        .collect()
}

/// Spans for last year and this: members hired before this year held, last year, the plans
/// that make this year's enrollment what a logit with `SAMPLE_BETA` predicts from last year's.
pub fn eligibility(dice: &mut Dice, members: &[MemberRecord]) -> Vec<EligibilityRecord> {
    let year_start = format!("{PLAN_YEAR}-01-01");
    let prior_start = format!("{}-01-01", PLAN_YEAR - 1);
    let prior_end = format!("{}-12-31", PLAN_YEAR - 1);
    let prior_plans = prior_plans(dice, members, &year_start);
    let mut out = Vec::with_capacity(members.len() * 5 / 4);
    for (i, m) in members.iter().enumerate() {
        let (Some(plan), Some(hire)) = (&m.plan_code, &m.hire_date) else {
            continue;
        };
        let start = hire.clone().max(prior_start.clone());
        let span = |plan: &str, start: &str, end: Option<&str>| EligibilityRecord {
            member_external_id: m.external_id.clone(),
            purchaser: m.purchaser.clone(),
            plan_code: plan.into(),
            start_date: start.into(),
            end_date: end.map(str::to_string),
            tier: None,
        };
        match prior_plans.get(&i) {
            Some(before) if before != plan => {
                out.push(span(before, &start, Some(&prior_end)));
                out.push(span(plan, &year_start, None));
            }
            _ => out.push(span(plan, &start, None)),
        }
    }
    out
}

/// Member index → last year's plan, for members enrolled before this year.
fn prior_plans(
    dice: &mut Dice,
    members: &[MemberRecord],
    year_start: &str,
) -> BTreeMap<usize, String> {
    let mut groups: BTreeMap<(&str, Tier), Vec<usize>> = BTreeMap::new();
    for (i, m) in members.iter().enumerate() {
        let enrolled_before = m.hire_date.as_deref().is_some_and(|h| h < year_start);
        if let (true, Some(tier), Some(_)) = (enrolled_before, m.tier, &m.plan_code) {
            groups
                .entry((m.purchaser.as_str(), tier))
                .or_default()
                .push(i);
        }
    }
    let mut out = BTreeMap::new();
    for ((purchaser, tier), mut group) in groups {
        let Some(spec) = PURCHASERS.iter().find(|p| p.name == purchaser) else {
            continue;
        };
        shuffle(dice, &mut group);
        let plan_of = |i: usize| members[i].plan_code.clone().unwrap_or_default();
        let now: Vec<usize> = spec
            .plans
            .iter()
            .map(|p| group.iter().filter(|i| plan_of(**i) == *p).count())
            .collect();
        let before = last_year_counts(spec.plans, tier, &now);
        // Members of plans that grew came from plans that shrank; everyone else stayed.
        let mut arrivals: Vec<usize> = now
            .iter()
            .zip(&before)
            .map(|(n, b)| n.saturating_sub(*b))
            .collect();
        let mut departures: Vec<usize> = before
            .iter()
            .zip(&now)
            .map(|(b, n)| b.saturating_sub(*n))
            .collect();
        for i in group {
            let Some(k) = spec.plans.iter().position(|p| *p == plan_of(i)) else {
                continue;
            };
            let from = departures.iter().position(|d| *d > 0);
            if let (true, Some(from)) = (arrivals[k] > 0, from) {
                arrivals[k] -= 1;
                departures[from] -= 1;
                out.insert(i, spec.plans[from].to_string());
            }
        }
    }
    out
}

/// Last year's counts that the logit with `SAMPLE_BETA` carries to `now`: n₁ ∝ n₂·e^(−βΔ/100),
/// rounded by largest remainder to the same total.
fn last_year_counts(plans: &[&str], tier: Tier, now: &[usize]) -> Vec<usize> {
    let total: usize = now.iter().sum();
    let weights: Vec<f64> = plans
        .iter()
        .zip(now)
        .map(|(p, n)| {
            *n as f64 * (-SAMPLE_BETA * contribution_change_annual(p, tier) / 100.0).exp()
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 {
        return now.to_vec();
    }
    let exact: Vec<f64> = weights.iter().map(|w| w / sum * total as f64).collect();
    let mut counts: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|a, b| {
        (exact[*b] - exact[*b].floor()).total_cmp(&(exact[*a] - exact[*a].floor()))
    });
    let short = total - counts.iter().sum::<usize>();
    for k in order.into_iter().take(short) {
        counts[k] += 1;
    }
    counts
}

fn shuffle(dice: &mut Dice, items: &mut [usize]) {
    for i in (1..items.len()).rev() {
        let j = dice.int(0, i as i64) as usize;
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_years_counts_keep_the_total_and_undo_the_logit() {
        let plans = ["BCH-PPO500", "SHP-POS750"];
        let counts = last_year_counts(&plans, Tier::EE, &[600, 400]);
        assert_eq!(counts.iter().sum::<usize>(), 1_000);
        // n₁ ∝ 600·e^(0.12·4.8), 400·e^(0.12·2.4): 0.6·1.7787 / (0.6·1.7787 + 0.4·1.3337).
        let expected =
            1_000.0 * 600.0 * 0.576f64.exp() / (600.0 * 0.576f64.exp() + 400.0 * 0.288f64.exp());
        assert_eq!(counts[0], expected.round() as usize);
    }

    #[test]
    fn prior_rates_lower_the_employee_share_by_the_rise() {
        let now = RateRecord {
            plan_code: "BCH-PPO500".into(),
            year: PLAN_YEAR,
            tier: Tier::EE,
            monthly_premium: 700.0,
            employer_monthly: 595.0,
        };
        let before = &prior_year_rates(std::slice::from_ref(&now))[0];
        assert_eq!(before.year, PLAN_YEAR - 1);
        assert_eq!(before.monthly_premium, 657.28);
        let employee_before = before.monthly_premium - before.employer_monthly;
        assert!((12.0 * (105.0 - employee_before) - 480.0).abs() < 0.01);
    }
}
