//! Enrollment history held in the workspace: the eligibility spans of one purchaser, and the
//! two-year panel a migration's β is estimated from (`model::migration::history`).

use super::{StoreResult, Workspace};
use crate::model::migration::history::{self, EnrollmentHistory, HistoryLookups, Span};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, HashMap};

/// Census tiers and plan contributions, read once for the panel.
struct Lookups {
    tiers: HashMap<String, String>,
    /// (plan code, tier, year) → employee contribution a year.
    contributions: HashMap<(String, String, i32), f64>,
}

impl HistoryLookups for Lookups {
    fn census_tier(&self, member: &str) -> Option<String> {
        self.tiers.get(member).cloned()
    }

    fn contribution_annual(&self, plan_code: &str, tier: &str, year: i32) -> Option<f64> {
        self.contributions
            .get(&(plan_code.to_string(), tier.to_string(), year))
            .copied()
    }
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The years any span covers (an open span runs to today, not to the end of time).
fn years_covered(spans: &BTreeMap<String, Vec<Span>>) -> Vec<i32> {
    let today = chrono::Local::now().date_naive();
    let mut years: Vec<i32> = Vec::new();
    for s in spans.values().flatten() {
        let end = s.end.unwrap_or(today).min(today).max(s.start);
        for y in s.start.year()..=end.year() {
            if !years.contains(&y) {
                years.push(y);
            }
        }
    }
    years
}

/// The later of the latest two consecutive years that both the spans and the plan rates cover.
fn latest_pair(
    spans: &BTreeMap<String, Vec<Span>>,
    contributions: &HashMap<(String, String, i32), f64>,
) -> Option<i32> {
    let covered = years_covered(spans);
    let mut rated: Vec<i32> = contributions.keys().map(|k| k.2).collect();
    rated.sort_unstable_by(|a, b| b.cmp(a));
    rated.dedup();
    let has = |y: i32| covered.contains(&y) && rated.contains(&y);
    rated.iter().copied().find(|y| has(*y) && has(y - 1))
}

impl Workspace {
    /// The panel of members enrolled in both `year2` and the year before it, by tier and plan,
    /// with each plan's change in employee contribution between the years. Without `year2`,
    /// the latest two consecutive years that both the spans and the plan rates cover; `None`
    /// when there are none. The spans and rates are read once.
    pub fn enrollment_history(
        &self,
        purchaser_id: i64,
        year2: Option<i32>,
    ) -> StoreResult<Option<EnrollmentHistory>> {
        let spans = self.eligibility_spans(purchaser_id)?;
        let contributions = self.contributions_by_year()?;
        let Some(year2) = year2.or_else(|| latest_pair(&spans, &contributions)) else {
            return Ok(None);
        };
        let lookups = Lookups {
            tiers: self.census_tiers(purchaser_id)?,
            contributions,
        };
        Ok(Some(history::two_years(&spans, year2 - 1, year2, &lookups)))
    }

    /// Each member's spans; rows whose dates do not read are skipped (the import wrote ISO).
    fn eligibility_spans(&self, purchaser_id: i64) -> StoreResult<BTreeMap<String, Vec<Span>>> {
        let mut stmt = self.conn().prepare(
            "SELECT member_external_id, plan_code, start_date, end_date, tier FROM eligibility
             WHERE purchaser_id = ?1",
        )?;
        let mut out: BTreeMap<String, Vec<Span>> = BTreeMap::new();
        let rows = stmt.query_map([purchaser_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        for row in rows {
            let (id, plan_code, start, end, tier) = row?;
            let Some(start) = date(&start) else { continue };
            out.entry(id).or_default().push(Span {
                plan_code,
                start,
                end: end.as_deref().and_then(date),
                tier,
            });
        }
        Ok(out)
    }

    fn census_tiers(&self, purchaser_id: i64) -> StoreResult<HashMap<String, String>> {
        let mut stmt = self.conn().prepare(
            "SELECT external_id, tier FROM member WHERE purchaser_id = ?1 AND tier IS NOT NULL",
        )?;
        let rows = stmt.query_map([purchaser_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn contributions_by_year(&self) -> StoreResult<HashMap<(String, String, i32), f64>> {
        let mut stmt = self.conn().prepare(
            "SELECT p.code, r.tier, r.year, 12 * (r.monthly_premium - r.employer_monthly)
             FROM plan_rate r JOIN plan p ON p.id = r.plan_id",
        )?;
        let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
