//! Claims in the workspace: claim lines and pharmacy claims as imported, the aggregated cells
//! an import writes beside them (by purchaser, plan, month and category), members' annual
//! totals, and the reading of all of it into `model::claims::ClaimsData`.

use super::{StoreResult, Workspace};
use crate::model::claims::{Category, Cell, ClaimsData, MemberMonthCell, MemberYear, Month};
use chrono::NaiveDate;
use rusqlite::{Statement, Transaction, params};
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

/// Rows per multi-row INSERT (19 parameters each, well under SQLite's 32,766).
const ROWS_PER_INSERT: usize = 64;

/// One buffered value; text lies in the buffer's arena.
#[derive(Debug, Clone, Copy)]
enum Field {
    Null,
    Int(i64),
    Real(f64),
    Text(u32, u32),
}

/// Rows waiting for a multi-row INSERT, their text in one arena: no allocation per value.
struct RowBuffer {
    width: usize,
    fields: Vec<Field>,
    text: String,
}

impl RowBuffer {
    fn new(width: usize) -> Self {
        RowBuffer {
            width,
            fields: Vec::with_capacity(width * ROWS_PER_INSERT),
            text: String::with_capacity(4096),
        }
    }

    fn rows(&self) -> usize {
        self.fields.len() / self.width
    }

    fn text(&mut self, s: &str) {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        self.fields.push(Field::Text(start, self.text.len() as u32));
    }

    /// Empty text is stored as NULL.
    fn opt_text(&mut self, s: &str) {
        if s.is_empty() {
            self.fields.push(Field::Null);
        } else {
            self.text(s);
        }
    }

    fn int(&mut self, i: Option<i64>) {
        self.fields.push(i.map_or(Field::Null, Field::Int));
    }

    fn real(&mut self, x: f64) {
        self.fields.push(Field::Real(x));
    }

    /// A date as ISO text, written straight into the arena.
    fn date(&mut self, d: Option<NaiveDate>) {
        let Some(d) = d else {
            self.fields.push(Field::Null);
            return;
        };
        use chrono::Datelike;
        let start = self.text.len() as u32;
        let (y, m, day) = (d.year().clamp(0, 9999) as u32, d.month(), d.day());
        for digit in [y / 1000, y / 100 % 10, y / 10 % 10, y % 10] {
            self.text.push(char::from(b'0' + digit as u8));
        }
        for (sep, v) in [('-', m), ('-', day)] {
            self.text.push(sep);
            self.text.push(char::from(b'0' + (v / 10) as u8));
            self.text.push(char::from(b'0' + (v % 10) as u8));
        }
        self.fields.push(Field::Text(start, self.text.len() as u32));
    }

    /// Binds rows `rows` of the buffer to `stmt` and runs it.
    fn execute(&self, stmt: &mut Statement, rows: std::ops::Range<usize>) -> rusqlite::Result<()> {
        let fields = &self.fields[rows.start * self.width..rows.end * self.width];
        for (i, f) in fields.iter().enumerate() {
            let at = i + 1;
            match *f {
                Field::Null => stmt.raw_bind_parameter(at, rusqlite::types::Null)?,
                Field::Int(v) => stmt.raw_bind_parameter(at, v)?,
                Field::Real(v) => stmt.raw_bind_parameter(at, v)?,
                Field::Text(a, b) => {
                    stmt.raw_bind_parameter(at, &self.text[a as usize..b as usize])?
                }
            }
        }
        stmt.raw_execute()?;
        Ok(())
    }

    /// Writes every buffered row: whole chunks through `chunk`, the rest through `one`.
    fn flush(&mut self, chunk: &mut Statement, one: &mut Statement) -> rusqlite::Result<()> {
        let rows = self.rows();
        if rows == ROWS_PER_INSERT {
            self.execute(chunk, 0..rows)?;
        } else {
            for r in 0..rows {
                self.execute(one, r..r + 1)?;
            }
        }
        self.fields.clear();
        self.text.clear();
        Ok(())
    }
}

fn insert_sql(head: &str, width: usize, rows: usize) -> String {
    let one = format!("({})", vec!["?"; width].join(","));
    format!("{head} VALUES {}", vec![one; rows].join(","))
}

const LINE_INSERT: &str = "INSERT INTO claim_line(claim_id, line_number, claim_type,
    member_external_id, purchaser_id, start_date, end_date, admission_date, discharge_date,
    place_of_service, bill_type, revenue_code, hcpcs_code, drg_code, provider_npi,
    allowed_amount, paid_amount, service_category, import_batch_id)";
const FILL_INSERT: &str = "INSERT INTO pharmacy_claim(claim_id, member_external_id,
    purchaser_id, fill_date, ndc_code, allowed_amount, paid_amount, import_batch_id)";

/// Writes claim rows many to a statement, with statements prepared once; `finish` writes the
/// rows still buffered.
pub struct ClaimWriter<'t> {
    lines: (Statement<'t>, Statement<'t>, RowBuffer),
    fills: (Statement<'t>, Statement<'t>, RowBuffer),
    batch_id: i64,
}

impl<'t> ClaimWriter<'t> {
    pub fn new(tx: &'t Transaction<'t>, batch_id: i64) -> rusqlite::Result<Self> {
        let prepare = |head: &str, width: usize| -> rusqlite::Result<_> {
            Ok((
                tx.prepare(&insert_sql(head, width, ROWS_PER_INSERT))?,
                tx.prepare(&insert_sql(head, width, 1))?,
                RowBuffer::new(width),
            ))
        };
        Ok(ClaimWriter {
            lines: prepare(LINE_INSERT, 19)?,
            fills: prepare(FILL_INSERT, 8)?,
            batch_id,
        })
    }

    pub fn line(&mut self, l: &LineRow) -> rusqlite::Result<()> {
        let b = &mut self.lines.2;
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
        b.int(Some(self.batch_id));
        if b.rows() == ROWS_PER_INSERT {
            let (chunk, one, buffer) = &mut self.lines;
            buffer.flush(chunk, one)?;
        }
        Ok(())
    }

    pub fn fill(&mut self, f: &FillRow) -> rusqlite::Result<()> {
        let b = &mut self.fills.2;
        b.text(f.claim_id);
        b.text(f.member);
        b.int(Some(f.purchaser_id));
        b.date(f.fill_date);
        b.opt_text(f.ndc_code);
        b.real(f.allowed_usd);
        b.real(f.paid_usd);
        b.int(Some(self.batch_id));
        if b.rows() == ROWS_PER_INSERT {
            let (chunk, one, buffer) = &mut self.fills;
            buffer.flush(chunk, one)?;
        }
        Ok(())
    }

    /// Writes the rows still buffered.
    pub fn finish(&mut self) -> rusqlite::Result<()> {
        let (chunk, one, buffer) = &mut self.lines;
        buffer.flush(chunk, one)?;
        let (chunk, one, buffer) = &mut self.fills;
        buffer.flush(chunk, one)
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
    let mut total = tx.prepare(
        "INSERT INTO claims_member_total(purchaser_id, member_external_id, year, allowed_amount,
         paid_amount) VALUES (?1,?2,?3,?4,?5)
         ON CONFLICT(purchaser_id, member_external_id, year) DO UPDATE SET
         allowed_amount = allowed_amount + excluded.allowed_amount,
         paid_amount = paid_amount + excluded.paid_amount",
    )?;
    for ((purchaser, member, y), (allowed, paid)) in member_years {
        year.execute(params![purchaser, member, y, allowed, paid, batch_id])?;
        total.execute(params![purchaser, member, y, allowed, paid])?;
    }
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
    pub plan_code: std::rc::Rc<str>,
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
