//! Two plan years of enrollment from eligibility spans: the members enrolled in both years,
//! the plan each held longest in each year, grouped by coverage tier — what β is estimated
//! from. The panel keeps the same people in both years, as the choice model assumes.

use super::estimate::TwoYears;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One eligibility span of one member.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub plan_code: String,
    pub start: NaiveDate,
    /// `None`: still enrolled.
    pub end: Option<NaiveDate>,
    /// The coverage tier the file gave, if any.
    pub tier: Option<String>,
}

/// Days of `year` that a span covers (0 when it misses the year).
pub fn days_in_year(span: &Span, year: i32) -> i64 {
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return 0;
    };
    let start = span.start.max(first);
    let end = span.end.unwrap_or(last).min(last);
    ((end - start).num_days() + 1).max(0)
}

/// The span a member was enrolled in longest during `year` (the later one on a tie).
pub fn held_in_year(spans: &[Span], year: i32) -> Option<&Span> {
    spans
        .iter()
        .map(|s| (days_in_year(s, year), s))
        .filter(|(days, _)| *days > 0)
        .max_by(|(a, sa), (b, sb)| a.cmp(b).then(sa.start.cmp(&sb.start)))
        .map(|(_, s)| s)
}

/// The two years' enrollment and what was left out, in counts a user can check.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EnrollmentHistory {
    pub year1: i32,
    pub year2: i32,
    pub rows: Vec<TwoYears>,
    /// Members enrolled in both years with a known tier (the panel).
    pub members_both_years: usize,
    /// Members enrolled in only one of the years (hired or left in between).
    pub members_one_year: usize,
    /// Members in both years whose coverage tier neither the spans nor the census give.
    pub members_without_tier: usize,
    /// Plans held by panel members that lack an employee contribution in either year.
    pub plans_without_rates: Vec<String>,
    /// Members left out because their plan lacks a contribution in either year.
    pub members_in_unpriced_plans: usize,
}

impl EnrollmentHistory {
    /// What the estimate rests on and what it left out, a sentence each.
    pub fn notes(&self) -> Vec<String> {
        use crate::format::count;
        let n = |x: usize| count(x as i64);
        let mut out = vec![format!(
            "{} members enrolled in both {} and {}",
            n(self.members_both_years),
            self.year1,
            self.year2
        )];
        if self.members_one_year > 0 {
            out.push(format!(
                "{} enrolled in only one of the years (hired or left), not counted",
                n(self.members_one_year)
            ));
        }
        if self.members_without_tier > 0 {
            out.push(format!(
                "{} with no coverage tier in the spans or the census, not counted",
                n(self.members_without_tier)
            ));
        }
        if !self.plans_without_rates.is_empty() {
            out.push(format!(
                "{} members of plans without rates for both years ({}), not counted",
                n(self.members_in_unpriced_plans),
                self.plans_without_rates.join(", ")
            ));
        }
        out
    }
}

/// What the panel needs from outside the spans: the census tier, and each plan's employee
/// contribution a year in a tier and year.
pub trait HistoryLookups {
    fn census_tier(&self, member: &str) -> Option<String>;
    fn contribution_annual(&self, plan_code: &str, tier: &str, year: i32) -> Option<f64>;
}

/// Builds the panel from every member's spans.
pub fn two_years(
    members: &BTreeMap<String, Vec<Span>>,
    year1: i32,
    year2: i32,
    lookups: &dyn HistoryLookups,
) -> EnrollmentHistory {
    let mut out = EnrollmentHistory {
        year1,
        year2,
        ..Default::default()
    };
    // (tier, plan) → members in year 1 and year 2, counted by the year-2 tier.
    let mut counts: BTreeMap<(String, String), [f64; 2]> = BTreeMap::new();
    let mut moves: Vec<(String, String, String)> = Vec::new();
    for (id, spans) in members {
        let (Some(a), Some(b)) = (held_in_year(spans, year1), held_in_year(spans, year2)) else {
            if held_in_year(spans, year1).is_some() || held_in_year(spans, year2).is_some() {
                out.members_one_year += 1;
            }
            continue;
        };
        let tier = b
            .tier
            .clone()
            .or_else(|| a.tier.clone())
            .or_else(|| lookups.census_tier(id));
        let Some(tier) = tier else {
            out.members_without_tier += 1;
            continue;
        };
        moves.push((tier, a.plan_code.clone(), b.plan_code.clone()));
    }
    let change = |plan: &str, tier: &str| {
        let before = lookups.contribution_annual(plan, tier, year1)?;
        let after = lookups.contribution_annual(plan, tier, year2)?;
        Some(after - before)
    };
    let mut changes: BTreeMap<(String, String), Option<f64>> = BTreeMap::new();
    for (tier, from, to) in &moves {
        for plan in [from, to] {
            changes
                .entry((tier.clone(), plan.clone()))
                .or_insert_with(|| change(plan, tier));
        }
    }
    for (tier, from, to) in moves {
        let priced = |p: &String| changes[&(tier.clone(), p.clone())].is_some();
        if !priced(&from) || !priced(&to) {
            out.members_in_unpriced_plans += 1;
            continue;
        }
        out.members_both_years += 1;
        counts.entry((tier.clone(), from)).or_default()[0] += 1.0;
        counts.entry((tier, to)).or_default()[1] += 1.0;
    }
    for ((tier, plan), c) in &changes {
        if c.is_none() && !out.plans_without_rates.contains(plan) {
            out.plans_without_rates.push(plan.clone());
        }
        let Some(change) = c else { continue };
        let [y1, y2] = counts
            .get(&(tier.clone(), plan.clone()))
            .copied()
            .unwrap_or_default();
        out.rows.push(TwoYears {
            tier: tier.clone(),
            code: plan.clone(),
            members_year1: y1,
            members_year2: y2,
            contribution_change_annual: *change,
        });
    }
    out.rows
        .sort_by_key(|r| (tier_order(&r.tier), r.code.clone()));
    out
}

fn tier_order(tier: &str) -> usize {
    ["EE", "ES", "EC", "FAM"]
        .iter()
        .position(|t| *t == tier)
        .unwrap_or(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn span(plan: &str, start: NaiveDate, end: Option<NaiveDate>) -> Span {
        Span {
            plan_code: plan.into(),
            start,
            end,
            tier: None,
        }
    }

    /// Every member is EE; the PPO's contribution rises $600 a year, the HMO's stays.
    struct Fixed;
    impl HistoryLookups for Fixed {
        fn census_tier(&self, _: &str) -> Option<String> {
            Some("EE".into())
        }
        fn contribution_annual(&self, plan: &str, _: &str, year: i32) -> Option<f64> {
            match (plan, year) {
                ("PPO", 2025) => Some(1_200.0),
                ("PPO", 2026) => Some(1_800.0),
                ("HMO", _) => Some(600.0),
                _ => None,
            }
        }
    }

    #[test]
    fn a_span_counts_the_days_it_covers_in_the_year() {
        let s = span("PPO", date(2025, 7, 1), Some(date(2026, 1, 31)));
        assert_eq!(days_in_year(&s, 2025), 184);
        assert_eq!(days_in_year(&s, 2026), 31);
        assert_eq!(days_in_year(&s, 2027), 0);
        assert_eq!(
            days_in_year(&span("PPO", date(2024, 1, 1), None), 2026),
            365
        );
    }

    #[test]
    fn the_plan_held_in_a_year_is_the_one_held_longest() {
        let spans = [
            span("PPO", date(2025, 1, 1), Some(date(2025, 3, 31))),
            span("HMO", date(2025, 4, 1), None),
        ];
        assert_eq!(held_in_year(&spans, 2025).unwrap().plan_code, "HMO");
        assert!(held_in_year(&spans, 2024).is_none());
    }

    #[test]
    fn the_panel_counts_each_member_in_both_years_by_the_plan_held() {
        let mut members = BTreeMap::new();
        // Stays in the PPO; moves PPO → HMO at the new year; joins in 2026 only; left in 2025.
        members.insert("1".to_string(), vec![span("PPO", date(2020, 1, 1), None)]);
        members.insert(
            "2".to_string(),
            vec![
                span("PPO", date(2024, 1, 1), Some(date(2025, 12, 31))),
                span("HMO", date(2026, 1, 1), None),
            ],
        );
        members.insert("3".to_string(), vec![span("HMO", date(2026, 3, 1), None)]);
        members.insert(
            "4".to_string(),
            vec![span("HMO", date(2024, 1, 1), Some(date(2025, 6, 30)))],
        );
        let h = two_years(&members, 2025, 2026, &Fixed);
        assert_eq!(h.members_both_years, 2);
        assert_eq!(h.members_one_year, 2);
        assert_eq!(
            h.rows,
            vec![
                TwoYears {
                    tier: "EE".into(),
                    code: "HMO".into(),
                    members_year1: 0.0,
                    members_year2: 1.0,
                    contribution_change_annual: 0.0,
                },
                TwoYears {
                    tier: "EE".into(),
                    code: "PPO".into(),
                    members_year1: 2.0,
                    members_year2: 1.0,
                    contribution_change_annual: 600.0,
                },
            ]
        );
    }

    #[test]
    fn a_plan_without_a_contribution_in_either_year_is_named_and_its_members_left_out() {
        let mut members = BTreeMap::new();
        members.insert("1".to_string(), vec![span("PPO", date(2020, 1, 1), None)]);
        members.insert("2".to_string(), vec![span("EPO", date(2020, 1, 1), None)]);
        let h = two_years(&members, 2025, 2026, &Fixed);
        assert_eq!(h.plans_without_rates, vec!["EPO".to_string()]);
        assert_eq!(h.members_in_unpriced_plans, 1);
        assert_eq!(h.members_both_years, 1);
    }

    #[test]
    fn the_tier_on_the_span_wins_over_the_census() {
        let mut members = BTreeMap::new();
        let mut s = span("HMO", date(2020, 1, 1), None);
        s.tier = Some("FAM".into());
        members.insert("1".to_string(), vec![s]);
        let h = two_years(&members, 2025, 2026, &Fixed);
        assert_eq!(h.rows[0].tier, "FAM");
    }
}
