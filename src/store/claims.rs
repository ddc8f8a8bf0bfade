//! Claims in the workspace: claim lines and pharmacy claims as imported, the aggregated cells
//! an import writes beside them (by purchaser, plan, month and category), members' annual
//! totals, and the reading of all of it into `model::claims::ClaimsData`.

use super::bulk::{BulkInsert, Rows};
use super::{StoreResult, Workspace};
use crate::model::claims::{Category, Cell, ClaimsData, MemberMonthCell, MemberYear, Month};
use chrono::NaiveDate;
use rusqlite::{Transaction, params};
use std::collections::{BTreeMap, HashMap};

/// Members' years are read when their allowed claims exceed this: a large claimant is one over
/// the pooling point, which the Claims view and the renewal keep at $10,000 or more.
pub const CLAIMANT_FLOOR_USD: f64 = 10_000.0;

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

const LINE_INSERT: &str = "INSERT INTO claim_line(claim_id, line_number, claim_type,
    member_external_id, purchaser_id, start_date, end_date, admission_date, discharge_date,
    place_of_service, bill_type, revenue_code, hcpcs_code, drg_code, provider_npi,
    allowed_amount, paid_amount, service_category, import_batch_id)";
const FILL_INSERT: &str = "INSERT INTO pharmacy_claim(claim_id, member_external_id,
    purchaser_id, fill_date, ndc_code, allowed_amount, paid_amount, import_batch_id)";

/// Values in a `claim_line` row as `LINE_INSERT` names them.
pub const LINE_WIDTH: usize = 19;
/// Values in a `pharmacy_claim` row as `FILL_INSERT` names them.
pub const FILL_WIDTH: usize = 8;

/// Buffers one claim line as a `claim_line` row of import `batch_id`.
pub fn encode_line(b: &mut Rows, l: &LineRow, batch_id: i64) {
    b.text(l.claim_id);
    b.int(l.line_number);
    b.opt_text(l.claim_type);
    b.text(l.member);
    b.int(Some(l.purchaser_id));
    for d in [l.start_date, l.end_date, l.admission_date, l.discharge_date] {
        b.date(d);
    }
    for t in [
        l.place_of_service,
        l.bill_type,
        l.revenue_code,
        l.hcpcs_code,
        l.drg_code,
        l.provider_npi,
    ] {
        b.opt_text(t);
    }
    b.real(l.allowed_usd);
    b.real(l.paid_usd);
    b.opt_text(l.category.map_or("", Category::code));
    b.int(Some(batch_id));
}

/// Buffers one pharmacy claim as a `pharmacy_claim` row of import `batch_id`.
pub fn encode_fill(b: &mut Rows, f: &FillRow, batch_id: i64) {
    b.text(f.claim_id);
    b.text(f.member);
    b.int(Some(f.purchaser_id));
    b.date(f.fill_date);
    b.opt_text(f.ndc_code);
    b.real(f.allowed_usd);
    b.real(f.paid_usd);
    b.int(Some(batch_id));
}

/// Stores buffered claim lines and pharmacy claims (`store::bulk`), statements prepared once.
pub struct ClaimWriter<'t> {
    lines: BulkInsert<'t>,
    fills: BulkInsert<'t>,
}

impl<'t> ClaimWriter<'t> {
    pub fn new(tx: &'t Transaction<'t>) -> rusqlite::Result<Self> {
        Ok(ClaimWriter {
            lines: BulkInsert::new(tx, LINE_INSERT, LINE_WIDTH)?,
            fills: BulkInsert::new(tx, FILL_INSERT, FILL_WIDTH)?,
        })
    }

    /// Stores rows made by `encode_line`.
    pub fn lines(&mut self, rows: &Rows) -> rusqlite::Result<()> {
        self.lines.write(rows)
    }

    /// Stores rows made by `encode_fill`.
    pub fn fills(&mut self, rows: &Rows) -> rusqlite::Result<()> {
        self.fills.write(rows)
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

/// Writes an import's aggregated cells and member-years under its batch, and adds the
/// member-years to the running totals.
pub fn write_aggregates<'t>(
    tx: &'t Transaction<'t>,
    batch_id: i64,
    cells: &HashMap<CellKey, CellSums>,
    member_years: &HashMap<(i64, String, i32), (f64, f64)>,
) -> rusqlite::Result<()> {
    let mut cell = BulkInsert::new(
        tx,
        "INSERT INTO claims_cell(purchaser_id, plan_code, month, service_category,
         allowed_amount, paid_amount, lines, events, import_batch_id)",
        9,
    )?;
    for ((purchaser, plan, month, category), s) in cells {
        let r = cell.row();
        r.int(Some(*purchaser));
        r.text(plan);
        r.text(&month.key());
        r.text(category.code());
        r.real(s.allowed_usd);
        r.real(s.paid_usd);
        r.int(Some(s.lines as i64));
        r.int(Some(s.events as i64));
        r.int(Some(batch_id));
        cell.end_row()?;
    }
    cell.finish()?;
    // In key order, so the totals' primary key grows in order rather than at random.
    let mut years: Vec<_> = member_years.iter().collect();
    years.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut year = BulkInsert::new(
        tx,
        "INSERT INTO claims_member_year(purchaser_id, member_external_id, year,
         allowed_amount, paid_amount, import_batch_id)",
        6,
    )?;
    for ((purchaser, member, y), (allowed, paid)) in years {
        let r = year.row();
        r.int(Some(*purchaser));
        r.text(member);
        r.int(Some(i64::from(*y)));
        r.real(*allowed);
        r.real(*paid);
        r.int(Some(batch_id));
        year.end_row()?;
    }
    year.finish()?;
    tx.execute(
        "INSERT INTO claims_member_total(purchaser_id, member_external_id, year, allowed_amount,
         paid_amount)
         SELECT purchaser_id, member_external_id, year, allowed_amount, paid_amount
         FROM claims_member_year WHERE import_batch_id = ?1
         ON CONFLICT(purchaser_id, member_external_id, year) DO UPDATE SET
         allowed_amount = allowed_amount + excluded.allowed_amount,
         paid_amount = paid_amount + excluded.paid_amount",
        [batch_id],
    )?;
    Ok(())
}

/// Facility services by hospital: (NPI, code type, code, setting) → (services, allowed).
pub type ProviderServices = HashMap<(String, &'static str, String, &'static str), (u64, f64)>;

/// Writes an import's facility services by hospital NPI and code.
pub fn write_provider_services(
    tx: &Transaction,
    batch_id: i64,
    services: &ProviderServices,
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO claims_provider_service(provider_npi, code_type, code, setting, services,
         allowed_amount, import_batch_id) VALUES (?1,?2,?3,?4,?5,?6,?7)",
    )?;
    for ((npi, code_type, code, setting), (n, allowed)) in services {
        stmt.execute(params![
            npi, code_type, code, setting, *n as i64, allowed, batch_id
        ])?;
    }
    Ok(())
}

/// One hospital's facility services from claims, summed over imports.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedService {
    pub code_type: String,
    pub code: String,
    pub setting: String,
    pub services: u64,
    pub allowed_usd: f64,
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
    pub plan_code: std::sync::Arc<str>,
}

/// Who each member is: eligibility spans by member, and census purchasers, for attributing a
/// claim to a purchaser and plan.
#[derive(Debug, Default)]
pub struct Enrollment {
    pub spans: HashMap<String, Vec<SpanRef>>,
    /// Each census member ID's purchasers (an ID may repeat across employers).
    pub census: HashMap<String, Vec<i64>>,
}

/// Whose member an ID is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    One(i64),
    /// The ID is on file for several purchasers and the date does not tell them apart.
    Several,
    Unknown,
}

fn one_of(mut ids: Vec<i64>) -> Whose {
    ids.sort_unstable();
    ids.dedup();
    match ids.as_slice() {
        [] => Whose::Unknown,
        [one] => Whose::One(*one),
        _ => Whose::Several,
    }
}

impl Enrollment {
    /// The purchaser of a member on `date`: the one whose span covers the date, else the only
    /// one with spans, else the only one in the census.
    pub fn purchaser_of(&self, member: &str, date: NaiveDate) -> Whose {
        if let Some(spans) = self.spans.get(member) {
            let covering = spans
                .iter()
                .filter(|s| s.start <= date && s.end.is_none_or(|e| date <= e))
                .map(|s| s.purchaser_id)
                .collect();
            match one_of(covering) {
                Whose::Unknown => {}
                found => return found,
            }
            match one_of(spans.iter().map(|s| s.purchaser_id).collect()) {
                Whose::Unknown => {}
                found => return found,
            }
        }
        one_of(self.census.get(member).cloned().unwrap_or_default())
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
        let mut plans: HashMap<String, std::sync::Arc<str>> = HashMap::new();
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
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (id, purchaser) = row?;
            out.census.entry(id).or_default().push(purchaser);
        }
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
            "SELECT purchaser_id, member_external_id, year, allowed_amount, paid_amount
             FROM claims_member_total WHERE allowed_amount > ?1",
        )?;
        let rows = stmt.query_map([CLAIMANT_FLOOR_USD], |r| {
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

    /// Member months by purchaser, plan and month from the eligibility spans, over `lo..=hi`:
    /// each span adds 1 at its first counted month and takes it off after its last (a
    /// difference array per purchaser and plan), so a million spans cost one pass.
    fn eligibility_member_months(
        &self,
        lo: Month,
        hi: Month,
        name: &dyn Fn(i64) -> String,
    ) -> StoreResult<Vec<MemberMonthCell>> {
        use crate::model::claims::span_member_months;
        let width = (hi.0 - lo.0 + 1).max(0) as usize;
        let mut stmt = self
            .conn()
            .prepare("SELECT purchaser_id, plan_code, start_date, end_date FROM eligibility")?;
        let mut rows = stmt.query([])?;
        let mut steps: HashMap<(i64, String), Vec<f64>> = HashMap::new();
        while let Some(r) = rows.next()? {
            let Some(start) = r.get_ref(2)?.as_str().ok().and_then(date) else {
                continue;
            };
            let end = match r.get_ref(3)? {
                rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).ok().and_then(date),
                _ => None,
            };
            let mut months = span_member_months(start, end, lo, hi);
            let Some(first) = months.next() else {
                continue;
            };
            let last = months.last().unwrap_or(first);
            let purchaser: i64 = r.get(0)?;
            let plan = r.get_ref(1)?.as_str().unwrap_or_default();
            let diff = match steps.get_mut(&(purchaser, plan.to_string())) {
                Some(d) => d,
                None => steps
                    .entry((purchaser, plan.to_string()))
                    .or_insert_with(|| vec![0.0; width + 1]),
            };
            diff[(first.0 - lo.0) as usize] += 1.0;
            diff[(last.0 - lo.0) as usize + 1] -= 1.0;
        }
        let mut out = Vec::new();
        for ((purchaser, plan_code), diff) in steps {
            let mut running = 0.0;
            for (i, step) in diff.iter().take(width).enumerate() {
                running += step;
                if running > 0.0 {
                    out.push(MemberMonthCell {
                        purchaser: name(purchaser),
                        plan_code: plan_code.clone(),
                        month: Month(lo.0 + i as i32),
                        member_months: running,
                    });
                }
            }
        }
        out.sort_by(|a, b| {
            (&a.purchaser, &a.plan_code, a.month).cmp(&(&b.purchaser, &b.plan_code, b.month))
        });
        Ok(out)
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

    /// The facility services claims hold for the hospital with this NPI.
    pub fn claimed_services(&self, npi: &str) -> StoreResult<Vec<ClaimedService>> {
        let mut stmt = self.conn().prepare(
            "SELECT code_type, code, setting, sum(services), sum(allowed_amount)
             FROM claims_provider_service WHERE provider_npi = ?1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        )?;
        let rows = stmt.query_map([npi], |r| {
            Ok(ClaimedService {
                code_type: r.get(0)?,
                code: r.get(1)?,
                setting: r.get(2)?,
                services: r.get::<_, i64>(3)? as u64,
                allowed_usd: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// True when eligibility spans were imported after claims: the claims' plans were found
    /// from the spans of their own import, so the plan figures may be out of date.
    pub fn eligibility_after_claims(&self) -> StoreResult<bool> {
        let later: Option<i64> = self.conn().query_row(
            "SELECT max(e.import_batch_id) > (SELECT min(c.import_batch_id) FROM claims_cell c
               JOIN import_batch b ON b.id = c.import_batch_id
               WHERE b.kind IN ('medical_claims', 'pharmacy_claims'))
             FROM eligibility e",
            [],
            |r| r.get(0),
        )?;
        Ok(later == Some(1))
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
