//! Claims in the workspace: claim lines and pharmacy claims as imported, the aggregated cells
//! an import writes beside them (by purchaser, plan, month and category), members' annual
//! totals, and the reading of all of it into `model::claims::ClaimsData`.

use super::{StoreResult, Workspace};
use crate::model::claims::{Category, Cell, ClaimsData, MemberMonthCell, MemberYear, Month};
use chrono::NaiveDate;
use rusqlite::{Statement, Transaction, params};
use std::collections::{BTreeMap, HashMap};

/// One medical claim line ready to store (borrowed from the row being read).
#[derive(Debug, Clone, Copy, Default)]
pub struct LineRow<'a> {
    pub claim_id: &'a str,
    pub line_number: Option<i64>,
    pub claim_type: &'a str,
    pub member: &'a str,
    pub purchaser_id: i64,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub admission_date: Option<NaiveDate>,
    pub discharge_date: Option<NaiveDate>,
    pub place_of_service: &'a str,
    pub bill_type: &'a str,
    pub revenue_code: &'a str,
    pub hcpcs_code: &'a str,
    pub drg_code: &'a str,
    pub provider_npi: &'a str,
    pub allowed_usd: f64,
    pub paid_usd: f64,
    pub category: Option<Category>,
}

/// One pharmacy claim ready to store.
#[derive(Debug, Clone, Copy, Default)]
pub struct FillRow<'a> {
    pub claim_id: &'a str,
    pub member: &'a str,
    pub purchaser_id: i64,
    pub fill_date: Option<NaiveDate>,
    pub ndc_code: &'a str,
    pub allowed_usd: f64,
    pub paid_usd: f64,
}

fn text(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

fn iso(d: Option<NaiveDate>) -> Option<String> {
    d.map(crate::import::cell::iso_date)
}

/// Writes claim rows with statements prepared once.
pub struct ClaimWriter<'t> {
    line: Statement<'t>,
    fill: Statement<'t>,
    batch_id: i64,
}

impl<'t> ClaimWriter<'t> {
    pub fn new(tx: &'t Transaction<'t>, batch_id: i64) -> rusqlite::Result<Self> {
        let line = tx.prepare(
            "INSERT INTO claim_line(claim_id, line_number, claim_type, member_external_id,
             purchaser_id, start_date, end_date, admission_date, discharge_date, place_of_service,
             bill_type, revenue_code, hcpcs_code, drg_code, provider_npi, allowed_amount,
             paid_amount, service_category, import_batch_id)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)",
        )?;
        let fill = tx.prepare(
            "INSERT INTO pharmacy_claim(claim_id, member_external_id, purchaser_id, fill_date,
             ndc_code, allowed_amount, paid_amount, import_batch_id)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
        )?;
        Ok(ClaimWriter {
            line,
            fill,
            batch_id,
        })
    }

    pub fn line(&mut self, l: &LineRow) -> rusqlite::Result<()> {
        self.line.execute(params![
            l.claim_id,
            l.line_number,
            text(l.claim_type),
            l.member,
            l.purchaser_id,
            iso(l.start_date),
            iso(l.end_date),
            iso(l.admission_date),
            iso(l.discharge_date),
            text(l.place_of_service),
            text(l.bill_type),
            text(l.revenue_code),
            text(l.hcpcs_code),
            text(l.drg_code),
            text(l.provider_npi),
            l.allowed_usd,
            l.paid_usd,
            l.category.map(Category::code),
            self.batch_id
        ])?;
        Ok(())
    }

    pub fn fill(&mut self, f: &FillRow) -> rusqlite::Result<()> {
        self.fill.execute(params![
            f.claim_id,
            f.member,
            f.purchaser_id,
            iso(f.fill_date),
            text(f.ndc_code),
            f.allowed_usd,
            f.paid_usd,
            self.batch_id
        ])?;
        Ok(())
    }
}

/// An aggregated cell's key: purchaser id, plan code, month, category.
pub type CellKey = (i64, String, Month, Category);

/// Sums of one cell as an import adds them up.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CellSums {
    pub allowed_usd: f64,
    pub paid_usd: f64,
    pub lines: u64,
    pub events: u64,
}

/// Writes an import's aggregated cells and member-years under its batch.
pub fn write_aggregates(
    tx: &Transaction,
    batch_id: i64,
    cells: &HashMap<CellKey, CellSums>,
    member_years: &HashMap<(i64, String, i32), (f64, f64)>,
) -> rusqlite::Result<()> {
    let mut cell = tx.prepare(
        "INSERT INTO claims_cell(purchaser_id, plan_code, month, service_category,
         allowed_amount, paid_amount, lines, events, import_batch_id)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
    )?;
    for ((purchaser, plan, month, category), s) in cells {
        cell.execute(params![
            purchaser,
            plan,
            month.key(),
            category.code(),
            s.allowed_usd,
            s.paid_usd,
            s.lines as i64,
            s.events as i64,
            batch_id
        ])?;
    }
    let mut year = tx.prepare(
        "INSERT INTO claims_member_year(purchaser_id, member_external_id, year,
         allowed_amount, paid_amount, import_batch_id) VALUES (?1,?2,?3,?4,?5,?6)",
    )?;
    for ((purchaser, member, y), (allowed, paid)) in member_years {
        year.execute(params![purchaser, member, y, allowed, paid, batch_id])?;
    }
    Ok(())
}

/// Writes member months an engine computed (a claims summary imported back).
pub fn write_member_months(
    tx: &Transaction,
    batch_id: i64,
    rows: &[(i64, String, Month, f64)],
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO claims_member_month(purchaser_id, plan_code, month, member_months,
         import_batch_id) VALUES (?1,?2,?3,?4,?5)",
    )?;
    for (purchaser, plan, month, mm) in rows {
        stmt.execute(params![purchaser, plan, month.key(), mm, batch_id])?;
    }
    Ok(())
}

/// A member's eligibility span as claims attribution reads it.
#[derive(Debug, Clone)]
pub struct SpanRef {
    pub purchaser_id: i64,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub plan_code: std::rc::Rc<str>,
}

/// Who each member is: eligibility spans by member, and census purchasers, for attributing a
/// claim to a purchaser and plan.
#[derive(Debug, Default)]
pub struct Enrollment {
    pub spans: HashMap<String, Vec<SpanRef>>,
    pub census: HashMap<String, i64>,
}

impl Enrollment {
    /// The purchaser of a member: its spans', else the census's.
    pub fn purchaser_of(&self, member: &str) -> Option<i64> {
        let from_spans = self.spans.get(member).and_then(|s| s.first());
        from_spans
            .map(|s| s.purchaser_id)
            .or_else(|| self.census.get(member).copied())
    }

    /// The plan of the member's span covering `date` (the smallest code if several do);
    /// "" when none does.
    pub fn plan_on(&self, member: &str, purchaser_id: i64, date: NaiveDate) -> &str {
        let Some(spans) = self.spans.get(member) else {
            return "";
        };
        spans
            .iter()
            .filter(|s| s.purchaser_id == purchaser_id && s.start <= date)
            .filter(|s| s.end.is_none_or(|e| date <= e))
            .map(|s| &*s.plan_code)
            .min()
            .unwrap_or("")
    }
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

impl Workspace {
    /// Eligibility spans and census purchasers, read once before a claims import.
    pub fn enrollment_for_claims(&self) -> StoreResult<Enrollment> {
        let mut out = Enrollment::default();
        let mut plans: HashMap<String, std::rc::Rc<str>> = HashMap::new();
        let mut stmt = self.conn().prepare(
            "SELECT member_external_id, purchaser_id, plan_code, start_date, end_date
             FROM eligibility ORDER BY purchaser_id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(start) = date(&r.get::<_, String>(3)?) else {
                continue;
            };
            let code: String = r.get(2)?;
            let plan_code = plans
                .entry(code.clone())
                .or_insert_with(|| code.as_str().into())
                .clone();
            out.spans.entry(r.get(0)?).or_default().push(SpanRef {
                purchaser_id: r.get(1)?,
                start,
                end: r.get::<_, Option<String>>(4)?.as_deref().and_then(date),
                plan_code,
            });
        }
        let mut stmt = self
            .conn()
            .prepare("SELECT external_id, purchaser_id FROM member")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        out.census = rows.collect::<Result<_, _>>()?;
        Ok(out)
    }

    /// Every claims aggregate in the workspace, with member months from eligibility (or from
    /// an engine's summary) over the claims' months.
    pub fn claims_data(&self) -> StoreResult<ClaimsData> {
        let names: HashMap<i64, String> = self.purchaser_names()?.into_iter().collect();
        let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
        let mut data = ClaimsData {
            cells: self.claim_cells(&name)?,
            ..ClaimsData::default()
        };
        data.member_years = self.member_years(&name)?;
        let (Some(lo), Some(hi)) = (
            data.cells.iter().map(|c| c.month).min(),
            data.cells.iter().map(|c| c.month).max(),
        ) else {
            return Ok(data);
        };
        let engine = self.engine_member_months(&name)?;
        let engine_purchasers: Vec<String> = engine.iter().map(|c| c.purchaser.clone()).collect();
        data.member_months = engine;
        for cell in self.eligibility_member_months(lo, hi, &name)? {
            if !engine_purchasers.contains(&cell.purchaser) {
                data.member_months.push(cell);
            }
        }
        data.census_members = self.census_counts(&name)?;
        Ok(data)
    }

    fn claim_cells(&self, name: &dyn Fn(i64) -> String) -> StoreResult<Vec<Cell>> {
        let mut stmt = self.conn().prepare(
            "SELECT purchaser_id, plan_code, month, service_category, sum(allowed_amount),
             sum(paid_amount), sum(lines), sum(events) FROM claims_cell
             GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let (Some(month), Some(category)) = (
                Month::parse(&r.get::<_, String>(2)?),
                Category::parse(&r.get::<_, String>(3)?),
            ) else {
                continue;
            };
            out.push(Cell {
                purchaser: name(r.get(0)?),
                plan_code: r.get(1)?,
                month,
                category,
                allowed_usd: r.get(4)?,
                paid_usd: r.get(5)?,
                lines: r.get::<_, i64>(6)? as u64,
                events: r.get::<_, i64>(7)? as u64,
            });
        }
        Ok(out)
    }

    fn member_years(&self, name: &dyn Fn(i64) -> String) -> StoreResult<Vec<MemberYear>> {
        let mut stmt = self.conn().prepare(
            "SELECT purchaser_id, member_external_id, year, sum(allowed_amount), sum(paid_amount)
             FROM claims_member_year GROUP BY 1, 2, 3",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(MemberYear {
                purchaser: name(r.get(0)?),
                member: r.get(1)?,
                year: r.get(2)?,
                allowed_usd: r.get(3)?,
                paid_usd: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn engine_member_months(
        &self,
        name: &dyn Fn(i64) -> String,
    ) -> StoreResult<Vec<MemberMonthCell>> {
        let mut stmt = self.conn().prepare(
            "SELECT purchaser_id, plan_code, month, sum(member_months) FROM claims_member_month
             GROUP BY 1, 2, 3",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            if let Some(month) = Month::parse(&r.get::<_, String>(2)?) {
                out.push(MemberMonthCell {
                    purchaser: name(r.get(0)?),
                    plan_code: r.get(1)?,
                    month,
                    member_months: r.get(3)?,
                });
            }
        }
        Ok(out)
    }

    /// Member months by purchaser, plan and month from the eligibility spans, over `lo..=hi`.
    fn eligibility_member_months(
        &self,
        lo: Month,
        hi: Month,
        name: &dyn Fn(i64) -> String,
    ) -> StoreResult<Vec<MemberMonthCell>> {
        use crate::model::claims::span_member_months;
        let mut stmt = self
            .conn()
            .prepare("SELECT purchaser_id, plan_code, start_date, end_date FROM eligibility")?;
        let mut rows = stmt.query([])?;
        let mut counts: BTreeMap<(i64, String, Month), f64> = BTreeMap::new();
        while let Some(r) = rows.next()? {
            let Some(start) = date(&r.get::<_, String>(2)?) else {
                continue;
            };
            let end = r.get::<_, Option<String>>(3)?.as_deref().and_then(date);
            let (purchaser, plan): (i64, String) = (r.get(0)?, r.get(1)?);
            for m in span_member_months(start, end, lo, hi) {
                *counts.entry((purchaser, plan.clone(), m)).or_default() += 1.0;
            }
        }
        Ok(counts
            .into_iter()
            .map(|((p, plan_code, month), member_months)| MemberMonthCell {
                purchaser: name(p),
                plan_code,
                month,
                member_months,
            })
            .collect())
    }

    fn census_counts(&self, name: &dyn Fn(i64) -> String) -> StoreResult<BTreeMap<String, u64>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT purchaser_id, count(*) FROM member GROUP BY 1")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        let mut out = BTreeMap::new();
        for row in rows {
            let (id, n) = row?;
            out.insert(name(id), n as u64);
        }
        Ok(out)
    }

    /// Claim lines and pharmacy claims held, for the info line.
    pub fn claim_counts(&self) -> StoreResult<(i64, i64)> {
        let lines = self
            .conn()
            .query_row("SELECT count(*) FROM claim_line", [], |r| r.get(0))?;
        let fills = self
            .conn()
            .query_row("SELECT count(*) FROM pharmacy_claim", [], |r| r.get(0))?;
        Ok((lines, fills))
    }
}
