//! Total cost of care from claim lines (DESIGN §4.10): each line's service category, member
//! months from eligibility spans, and the summary (PMPM by category, ER visits and admissions
//! per 1,000, large claimants, trend) over pre-aggregated cells, so a filter edit costs
//! microseconds however many lines were imported.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

pub mod sql;

/// The service categories, in DESIGN's first-match order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Inpatient,
    Emergency,
    Outpatient,
    Professional,
    Pharmacy,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Category; 5] = [
        Category::Inpatient,
        Category::Emergency,
        Category::Outpatient,
        Category::Professional,
        Category::Pharmacy,
    ];

    /// The code stored in `claim_line.service_category` and printed in JSON.
    pub fn code(self) -> &'static str {
        match self {
            Category::Inpatient => "inpatient",
            Category::Emergency => "emergency",
            Category::Outpatient => "outpatient",
            Category::Professional => "professional",
            Category::Pharmacy => "pharmacy",
        }
    }

    /// What a benefits manager reads.
    pub fn label(self) -> &'static str {
        match self {
            Category::Inpatient => "Inpatient",
            Category::Emergency => "Emergency",
            Category::Outpatient => "Outpatient facility",
            Category::Professional => "Professional",
            Category::Pharmacy => "Pharmacy",
        }
    }

    /// What the category's events are.
    pub fn events_label(self) -> &'static str {
        match self {
            Category::Inpatient => "admissions",
            Category::Emergency => "ER visits",
            Category::Outpatient | Category::Professional => "services",
            Category::Pharmacy => "fills",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// The codes of one medical claim line that decide its category.
#[derive(Debug, Clone, Copy, Default)]
pub struct LineCodes<'a> {
    pub claim_type: &'a str,
    pub bill_type: &'a str,
    pub revenue_code: &'a str,
    pub place_of_service: &'a str,
    pub hcpcs_code: &'a str,
    pub drg_code: &'a str,
}

/// Claim type values that name a facility (UB-04) claim, lower case.
pub const INSTITUTIONAL_TYPES: [&str; 7] =
    ["institutional", "i", "u", "ub", "ub04", "ub-04", "ub92"];
/// Claim type values that name a professional (CMS-1500) claim, lower case.
pub const PROFESSIONAL_TYPES: [&str; 8] = [
    "professional",
    "p",
    "h",
    "hcfa",
    "1500",
    "cms-1500",
    "cms1500",
    "dme",
];

/// True for a facility (UB-04) claim: named so by a known claim type, else carrying a bill
/// type or revenue code (an unknown claim type, such as a TPA's own form code, is not trusted).
pub fn is_institutional(l: &LineCodes) -> bool {
    let t = l.claim_type.trim().to_ascii_lowercase();
    if INSTITUTIONAL_TYPES.contains(&t.as_str()) {
        return true;
    }
    if PROFESSIONAL_TYPES.contains(&t.as_str()) {
        return false;
    }
    !l.bill_type.trim().is_empty() || !l.revenue_code.trim().is_empty()
}

/// A bill type without its leading zero ("0111" → "111").
fn bill_type_digits(s: &str) -> &str {
    let s = s.trim();
    if s.len() == 4 {
        s.strip_prefix('0').unwrap_or(s)
    } else {
        s
    }
}

/// A revenue code as four digits ("450" → "0450").
fn revenue_is_emergency(s: &str) -> bool {
    let s = s.trim();
    let four = match s.len() {
        3 => return s.starts_with("45") || s == "981",
        _ => s,
    };
    four.starts_with("045") || four == "0981"
}

/// HCPCS 99281–99285: emergency department visits.
fn hcpcs_is_emergency(s: &str) -> bool {
    matches!(s.trim(), "99281" | "99282" | "99283" | "99284" | "99285")
}

/// DESIGN §4.10's categories, first match wins: inpatient (institutional with bill type 11x or
/// 12x, or a DRG) → emergency → outpatient facility (other institutional) → professional.
pub fn categorize(l: &LineCodes) -> Category {
    let institutional = is_institutional(l);
    let bill = bill_type_digits(l.bill_type);
    let inpatient_bill = bill.starts_with("11") || bill.starts_with("12");
    if institutional && (inpatient_bill || !l.drg_code.trim().is_empty()) {
        return Category::Inpatient;
    }
    if revenue_is_emergency(l.revenue_code)
        || l.place_of_service.trim() == "23"
        || hcpcs_is_emergency(l.hcpcs_code)
    {
        return Category::Emergency;
    }
    if institutional {
        return Category::Outpatient;
    }
    Category::Professional
}

/// A calendar month as a count of months since year 0 (sorts and subtracts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Month(pub i32);

impl Month {
    pub fn of(d: NaiveDate) -> Month {
        Month(d.year() * 12 + d.month0() as i32)
    }

    pub fn new(year: i32, month: u32) -> Month {
        Month(year * 12 + month as i32 - 1)
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1–12.
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    /// "2025-03", as stored.
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year(), self.month())
    }

    /// Parses "2025-03" (or a full ISO date).
    pub fn parse(s: &str) -> Option<Month> {
        let y: i32 = s.get(0..4)?.parse().ok()?;
        let m: u32 = s.get(5..7)?.parse().ok()?;
        (s.as_bytes().get(4) == Some(&b'-') && (1..=12).contains(&m)).then(|| Month::new(y, m))
    }

    /// "Mar 2025", for people.
    pub fn label(self) -> String {
        const NAMES: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        format!("{} {}", NAMES[self.month() as usize - 1], self.year())
    }

    fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), self.month(), 1).unwrap_or_default()
    }
}

/// Member months of one span over `from..=to`: the months whose first day it covers.
pub fn span_member_months(
    start: NaiveDate,
    end: Option<NaiveDate>,
    from: Month,
    to: Month,
) -> impl Iterator<Item = Month> {
    let first = Month::of(start);
    // Enrolled on the first day: a span starting on the 1st counts its own month.
    let first = if start.day() == 1 {
        first
    } else {
        Month(first.0 + 1)
    };
    let last = end.map_or(to, Month::of);
    (first.0.max(from.0)..=last.0.min(to.0))
        .map(Month)
        .filter(move |m| end.is_none_or(|e| m.first_day() <= e))
}

/// One aggregated cell: a purchaser's claims in one plan, month and category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub purchaser: String,
    /// The plan of the member's eligibility span on the service date; "" when none covers it.
    pub plan_code: String,
    pub month: Month,
    pub category: Category,
    pub allowed_usd: f64,
    pub paid_usd: f64,
    pub lines: u64,
    /// Admissions (inpatient), ER visits (emergency), lines (outpatient, professional), fills.
    pub events: u64,
}

/// Member months of a purchaser's plan in one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberMonthCell {
    pub purchaser: String,
    pub plan_code: String,
    pub month: Month,
    pub member_months: f64,
}

/// One member's allowed and paid claims in a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberYear {
    pub purchaser: String,
    pub member: String,
    pub year: i32,
    pub allowed_usd: f64,
    pub paid_usd: f64,
}

/// Everything the summary reads, aggregated once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClaimsData {
    pub cells: Vec<Cell>,
    /// From eligibility spans; empty when the workspace has none for a purchaser.
    pub member_months: Vec<MemberMonthCell>,
    pub member_years: Vec<MemberYear>,
    /// Census members by purchaser: member months fall back to these × 12 a claims year.
    pub census_members: BTreeMap<String, u64>,
}

/// What the summary covers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub purchaser: Option<String>,
    pub plan: Option<String>,
    pub from: Option<Month>,
    pub to: Option<Month>,
}

impl Filter {
    fn takes(&self, purchaser: &str, plan: &str, month: Month) -> bool {
        self.purchaser.as_deref().is_none_or(|p| p == purchaser)
            && self.plan.as_deref().is_none_or(|p| p == plan)
            && self.from.is_none_or(|f| month >= f)
            && self.to.is_none_or(|t| month <= t)
    }
}

/// One category's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryFigures {
    pub category: Category,
    pub allowed: f64,
    pub paid: f64,
    pub allowed_pmpm: f64,
    pub events: u64,
    pub per_1000: f64,
}

/// A member whose annual allowed claims exceed the pooling point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LargeClaimant {
    pub purchaser: String,
    pub member: String,
    pub year: i32,
    pub allowed: f64,
    pub paid: f64,
}

/// How member months were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberMonthSource {
    Eligibility,
    /// Census members × 12 over the claims' years.
    Census,
    /// Eligibility for some purchasers, the census for those without spans.
    EligibilityAndCensus,
    None,
}

/// The total cost of care over a filter (DESIGN §5's `claims summary`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub member_months: f64,
    pub member_months_from: MemberMonthSource,
    pub allowed_total: f64,
    pub paid_total: f64,
    pub allowed_pmpm: f64,
    pub paid_pmpm: f64,
    pub er_visits: u64,
    pub er_visits_per_1000: f64,
    pub admissions: u64,
    pub admissions_per_1000: f64,
    pub lines: u64,
    pub categories: Vec<CategoryFigures>,
    /// Allowed by month and category, months in order.
    pub months: Vec<MonthFigures>,
    pub large_claimants: Vec<LargeClaimant>,
    pub pooling_point: f64,
    pub first_month: Option<Month>,
    pub last_month: Option<Month>,
}

/// One month's allowed PMPM by category (the stacked chart) and member months.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthFigures {
    pub month: Month,
    pub member_months: f64,
    /// Allowed dollars by category, in `Category::ALL` order.
    pub allowed_by_category: [f64; 5],
}

impl MonthFigures {
    /// PMPM of one category this month (0 without member months).
    pub fn pmpm(&self, category: Category) -> f64 {
        let i = Category::ALL
            .iter()
            .position(|c| *c == category)
            .unwrap_or(0);
        per_member_month(self.allowed_by_category[i], self.member_months)
    }
}

/// Dollars per member per month (0 when there are no member months).
pub fn per_member_month(amount_usd: f64, member_months: f64) -> f64 {
    if member_months > 0.0 {
        amount_usd / member_months
    } else {
        0.0
    }
}

/// Events per 1,000 members a year: events ÷ member months × 12,000.
pub fn per_1000(events: u64, member_months: f64) -> f64 {
    if member_months > 0.0 {
        events as f64 / member_months * 12_000.0
    } else {
        0.0
    }
}

/// The change between two periods' PMPM, as a fraction (0.05 = +5 %).
pub fn trend(before_pmpm: f64, after_pmpm: f64) -> Option<f64> {
    (before_pmpm > 0.0).then(|| after_pmpm / before_pmpm - 1.0)
}

fn category_index(c: Category) -> usize {
    Category::ALL.iter().position(|x| *x == c).unwrap_or(0)
}

/// The months with claims under the filter's purchaser and plan, and the filter's own bounds.
fn period(data: &ClaimsData, f: &Filter) -> Option<(Month, Month)> {
    let months = data
        .cells
        .iter()
        .filter(|c| f.takes(&c.purchaser, &c.plan_code, c.month))
        .map(|c| c.month);
    let (lo, hi) = months.fold(None, |acc: Option<(Month, Month)>, m| match acc {
        None => Some((m, m)),
        Some((lo, hi)) => Some((lo.min(m), hi.max(m))),
    })?;
    Some((f.from.unwrap_or(lo), f.to.unwrap_or(hi)))
}

/// Member months by month under the filter, and where they came from.
fn member_months_by_month(
    data: &ClaimsData,
    f: &Filter,
    (lo, hi): (Month, Month),
) -> (BTreeMap<Month, f64>, MemberMonthSource) {
    let mut by_month: BTreeMap<Month, f64> = BTreeMap::new();
    let mut with_spans: std::collections::BTreeSet<&str> = Default::default();
    for c in &data.member_months {
        with_spans.insert(&c.purchaser);
        if c.month >= lo && c.month <= hi && f.takes(&c.purchaser, &c.plan_code, c.month) {
            *by_month.entry(c.month).or_default() += c.member_months;
        }
    }
    // Census fallback, purchaser by purchaser: one with claims here but no eligibility spans
    // counts its census members each month. A plan filter cannot apply (the census knows
    // today's plan only), so it gives none.
    let census_only: Vec<&str> = data
        .cells
        .iter()
        .filter(|c| f.takes(&c.purchaser, &c.plan_code, c.month))
        .map(|c| c.purchaser.as_str())
        .filter(|p| !with_spans.contains(p))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let members: u64 = census_only
        .iter()
        .filter_map(|p| data.census_members.get(*p))
        .sum();
    let from_spans = !by_month.is_empty();
    if members == 0 || f.plan.is_some() {
        let source = if from_spans {
            MemberMonthSource::Eligibility
        } else {
            MemberMonthSource::None
        };
        return (by_month, source);
    }
    // "× 12 over the claims' year": whole years, so a year with one month of claims still
    // counts twelve months of membership; a filter's months cut them the same way whether or
    // not they are the claims' own months.
    let first = Month::new(lo.year(), 1).max(f.from.unwrap_or(Month(i32::MIN)));
    let last = Month::new(hi.year(), 12).min(f.to.unwrap_or(Month(i32::MAX)));
    for m in first.0..=last.0 {
        *by_month.entry(Month(m)).or_default() += members as f64;
    }
    let source = if from_spans {
        MemberMonthSource::EligibilityAndCensus
    } else {
        MemberMonthSource::Census
    };
    (by_month, source)
}

/// Summarises the cells under `filter`; members over `pooling_point_usd` a year are listed.
pub fn summarize(data: &ClaimsData, filter: &Filter, pooling_point_usd: f64) -> Summary {
    let period = period(data, filter);
    let (mm_by_month, source) = match period {
        Some(p) => member_months_by_month(data, filter, p),
        None => (BTreeMap::new(), MemberMonthSource::None),
    };
    let member_months: f64 = mm_by_month.values().sum();
    let mut months: BTreeMap<Month, MonthFigures> = mm_by_month
        .iter()
        .map(|(m, mm)| {
            let fig = MonthFigures {
                month: *m,
                member_months: *mm,
                allowed_by_category: [0.0; 5],
            };
            (*m, fig)
        })
        .collect();
    let mut allowed = [0.0; 5];
    let mut paid = [0.0; 5];
    let mut events = [0u64; 5];
    let mut lines = 0;
    for c in data
        .cells
        .iter()
        .filter(|c| filter.takes(&c.purchaser, &c.plan_code, c.month))
    {
        let i = category_index(c.category);
        allowed[i] += c.allowed_usd;
        paid[i] += c.paid_usd;
        events[i] += c.events;
        lines += c.lines;
        let month = months.entry(c.month).or_insert_with(|| MonthFigures {
            month: c.month,
            member_months: 0.0,
            allowed_by_category: [0.0; 5],
        });
        month.allowed_by_category[i] += c.allowed_usd;
    }
    let categories = Category::ALL
        .iter()
        .enumerate()
        .map(|(i, c)| CategoryFigures {
            category: *c,
            allowed: allowed[i],
            paid: paid[i],
            allowed_pmpm: per_member_month(allowed[i], member_months),
            events: events[i],
            per_1000: per_1000(events[i], member_months),
        })
        .collect();
    let allowed_total: f64 = allowed.iter().sum();
    let paid_total: f64 = paid.iter().sum();
    let er = events[category_index(Category::Emergency)];
    let admissions = events[category_index(Category::Inpatient)];
    Summary {
        member_months,
        member_months_from: source,
        allowed_total,
        paid_total,
        allowed_pmpm: per_member_month(allowed_total, member_months),
        paid_pmpm: per_member_month(paid_total, member_months),
        er_visits: er,
        er_visits_per_1000: per_1000(er, member_months),
        admissions,
        admissions_per_1000: per_1000(admissions, member_months),
        lines,
        categories,
        months: months.into_values().collect(),
        large_claimants: large_claimants(data, filter, pooling_point_usd),
        pooling_point: pooling_point_usd,
        first_month: period.map(|p| p.0),
        last_month: period.map(|p| p.1),
    }
}

/// Members whose annual allowed claims exceed the pooling point, largest first. A plan filter
/// does not apply: a member's year may span plans.
pub fn large_claimants(
    data: &ClaimsData,
    f: &Filter,
    pooling_point_usd: f64,
) -> Vec<LargeClaimant> {
    let years = |y: i32| f.from.is_none_or(|m| y >= m.year()) && f.to.is_none_or(|m| y <= m.year());
    let mut out: Vec<LargeClaimant> = data
        .member_years
        .iter()
        .filter(|m| f.purchaser.as_deref().is_none_or(|p| p == m.purchaser))
        .filter(|m| years(m.year) && m.allowed_usd > pooling_point_usd)
        .map(|m| LargeClaimant {
            purchaser: m.purchaser.clone(),
            member: m.member.clone(),
            year: m.year,
            allowed: m.allowed_usd,
            paid: m.paid_usd,
        })
        .collect();
    out.sort_by(|a, b| b.allowed.total_cmp(&a.allowed));
    out
}

/// Allowed PMPM in two periods and the change between them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodTrend {
    pub before: (Month, Month),
    pub after: (Month, Month),
    pub before_pmpm: f64,
    pub after_pmpm: f64,
    /// After over before, less one (0.05 = +5 %).
    pub change: f64,
}

/// The trend between the latest twelve months with claims and the twelve before them, or the
/// two halves of the period when it is shorter than two years (within the filter's months).
pub fn period_trend(data: &ClaimsData, filter: &Filter) -> Option<PeriodTrend> {
    let (first, last) = period(data, filter)?;
    let span = last.0 - first.0 + 1;
    if span < 2 {
        return None;
    }
    let half = if span >= 24 { 12 } else { span / 2 };
    let after = (Month(last.0 - half + 1), last);
    let before = (Month(after.0.0 - half), Month(after.0.0 - 1));
    let pmpm = |(from, to): (Month, Month)| {
        let f = Filter {
            from: Some(from),
            to: Some(to),
            ..filter.clone()
        };
        summarize(data, &f, f64::INFINITY).allowed_pmpm
    };
    let (before_pmpm, after_pmpm) = (pmpm(before), pmpm(after));
    Some(PeriodTrend {
        before,
        after,
        before_pmpm,
        after_pmpm,
        change: trend(before_pmpm, after_pmpm)?,
    })
}

/// The purchasers and plans the cells hold, for the filter's choices.
pub fn purchasers_and_plans(data: &ClaimsData) -> (Vec<String>, Vec<String>) {
    let mut purchasers: Vec<String> = data.cells.iter().map(|c| c.purchaser.clone()).collect();
    purchasers.sort();
    purchasers.dedup();
    let mut plans: Vec<String> = data
        .cells
        .iter()
        .map(|c| c.plan_code.clone())
        .filter(|p| !p.is_empty())
        .collect();
    plans.sort();
    plans.dedup();
    (purchasers, plans)
}

/// Paid claims in a year for the renewal: paid, member months, and the paid totals of
/// members over the pooling point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenewalExperience {
    pub year: i32,
    pub paid_claims: f64,
    pub member_months: f64,
    pub claimants_paid: Vec<f64>,
}

/// The latest year with claims for `purchaser`.
fn latest_year(data: &ClaimsData, purchaser: &str) -> Option<i32> {
    data.cells
        .iter()
        .filter(|c| c.purchaser == purchaser)
        .map(|c| c.month.year())
        .max()
}

/// One purchaser's calendar year.
fn year_filter(purchaser: &str, year: i32) -> Filter {
    Filter {
        purchaser: Some(purchaser.to_string()),
        plan: None,
        from: Some(Month::new(year, 1)),
        to: Some(Month::new(year, 12)),
    }
}

/// The latest claims year's renewal inputs for one purchaser.
pub fn renewal_experience(
    data: &ClaimsData,
    purchaser: &str,
    pooling_point_usd: f64,
) -> Option<RenewalExperience> {
    let year = latest_year(data, purchaser)?;
    let s = summarize(data, &year_filter(purchaser, year), pooling_point_usd);
    let mut claimants_paid: Vec<f64> = data
        .member_years
        .iter()
        .filter(|m| m.purchaser == purchaser && m.year == year && m.paid_usd > pooling_point_usd)
        .map(|m| m.paid_usd)
        .collect();
    claimants_paid.sort_by(|a, b| b.total_cmp(a));
    Some(RenewalExperience {
        year,
        paid_claims: s.paid_total,
        member_months: s.member_months,
        claimants_paid,
    })
}

/// The value-based contract's baseline from claims: allowed PMPM, attributed lives, and each
/// medical category's use per 1,000 and cost per event (their product over 12,000 is the
/// category's PMPM, so the levers add up to the baseline's medical part).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueBaseline {
    pub baseline_pmpm: f64,
    pub attributed_lives: f64,
    /// (category label, use per 1,000, cost per event).
    pub levers: Vec<(String, f64, f64)>,
}

/// The latest claims year's baseline for one purchaser; `None` without claims or members.
pub fn value_baseline(data: &ClaimsData, purchaser: &str) -> Option<ValueBaseline> {
    let year = latest_year(data, purchaser)?;
    let s = summarize(data, &year_filter(purchaser, year), f64::INFINITY);
    if s.member_months <= 0.0 {
        return None;
    }
    let levers = s
        .categories
        .iter()
        .filter(|c| c.events > 0)
        .map(|c| {
            let label = format!("{} ({})", c.category.label(), c.category.events_label());
            (label, c.per_1000, c.allowed / c.events as f64)
        })
        .collect();
    Some(ValueBaseline {
        baseline_pmpm: s.allowed_pmpm,
        attributed_lives: (s.member_months / 12.0).round(),
        levers,
    })
}

/// The share of paid claims that is pharmacy, over one purchaser's latest claims year.
pub fn pharmacy_share(data: &ClaimsData, purchaser: &str, year: i32) -> f64 {
    let s = summarize(data, &year_filter(purchaser, year), f64::INFINITY);
    let rx = s
        .categories
        .iter()
        .find(|c| c.category == Category::Pharmacy)
        .map_or(0.0, |c| c.paid);
    if s.paid_total > 0.0 {
        rx / s.paid_total
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests;
