//! Raw rows into typed records, one problem per bad cell (row, column, value, message).

use super::cell::{self, CellValue};
use super::layout::Layout;
use super::mapping::{Kind, Mapping};
use crate::domain::{Plan, PurchaserKind, Tier};
use crate::model::quality::cms_weight;
use crate::store::records::*;
use serde::Serialize;
use std::collections::HashSet;

/// A cell that could not be imported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// 1-based row number as the spreadsheet shows it.
    pub row: usize,
    /// Column letter and header, e.g. "D (Coverage Level)".
    pub column: String,
    pub value: String,
    pub problem: String,
}

impl Problem {
    /// The value on one line (a header-like cell can hold line breaks), for messages and tables.
    pub fn value_one_line(&self) -> String {
        self.value.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Who a census row is in the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relationship {
    Employee,
    Spouse,
    Child,
}

/// Reads the usual spellings: self/employee/subscriber, spouse/partner, child/dependent.
pub fn parse_relationship(s: &str) -> Option<Relationship> {
    let t = s.trim().to_ascii_lowercase();
    match t.as_str() {
        "self" | "employee" | "ee" | "subscriber" | "e" | "emp" | "primary" | "s" | "sub" => {
            Some(Relationship::Employee)
        }
        "spouse" | "sp" | "domestic partner" | "domestic_partner" | "partner" | "husband"
        | "wife" | "dp" => Some(Relationship::Spouse),
        "child" | "ch" | "c" | "dependent" | "son" | "daughter" | "dependent child"
        | "stepchild" | "foster child" | "ward" | "disabled child" | "adopted child" => {
            Some(Relationship::Child)
        }
        _ => None,
    }
}

/// A parsed row of any kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Member(MemberRecord, Option<Relationship>),
    Plan(Plan),
    Rate(RateRecord),
    Measure(MeasureRecord),
    Result(ResultRecord),
    Provider(ProviderRecord),
    Volume(VolumeRecord),
    PriceTier(PriceTierRecord),
    Spend(SpendRecord),
    Eligibility(EligibilityRecord),
}

/// Names already in the workspace that rows refer to.
#[derive(Debug, Clone, Default)]
pub struct Lookups {
    pub plan_codes: HashSet<String>,
    pub provider_names: HashSet<String>,
    pub measure_codes: HashSet<String>,
    /// Purchaser for a census without an employer column.
    pub default_purchaser: Option<String>,
    /// Year for rates without a year column.
    pub default_year: i64,
    /// The workbook counts days from 1904 (old Mac Excel): plain numbers in date columns
    /// are serials on that base.
    pub date1904: bool,
}

struct Row<'a> {
    cells: &'a [CellValue],
    mapping: &'a Mapping,
    layout: &'a Layout,
    row: usize,
    problems: Vec<Problem>,
    /// Fields this row left empty that were given an assumed value.
    defaulted: Vec<&'static str>,
}

impl<'a> Row<'a> {
    fn cell(&self, field: &str) -> Option<(usize, &'a CellValue)> {
        let col = self.mapping.column_of(field)?;
        Some((col, self.cells.get(col).unwrap_or(&CellValue::Empty)))
    }

    fn report(&mut self, col: usize, value: &CellValue, problem: String) {
        let header = self.layout.headers.get(col).cloned().unwrap_or_default();
        self.problems.push(Problem {
            row: self.row,
            column: format!("{} ({header})", self.layout.sheet_column(col)),
            value: value.display(),
            problem,
        });
    }

    fn get<T>(
        &mut self,
        field: &str,
        required: bool,
        parse: fn(&CellValue) -> Result<Option<T>, String>,
    ) -> Option<T> {
        let (col, cell) = self.cell(field)?;
        match parse(cell) {
            Ok(Some(v)) => Some(v),
            Ok(None) => {
                if required {
                    let name = crate::model::labels::field_label(field);
                    self.report(col, cell, format!("{name} is required"));
                }
                None
            }
            Err(e) => {
                self.report(col, cell, e);
                None
            }
        }
    }

    fn check(&mut self, field: &str, ok: bool, problem: impl FnOnce() -> String) {
        if ok {
            return;
        }
        if let Some((col, cell)) = self.cell(field) {
            let message = problem();
            self.report(col, cell, message);
        }
    }

    /// The first of `fields` with a value (CMS files state the same thing in either of two
    /// columns, the other saying "Not Applicable").
    fn first_money(&mut self, fields: &[&str]) -> Option<f64> {
        fields.iter().find_map(|f| self.money(f))
    }

    fn first_percent(&mut self, fields: &[&str]) -> Option<f64> {
        fields
            .iter()
            .find_map(|f| self.get(f, false, cell::parse_percent))
    }

    /// `value`, or `assumed` noted as a default for the import report.
    fn or_assumed(&mut self, value: Option<f64>, field: &'static str, assumed: f64) -> f64 {
        value.unwrap_or_else(|| {
            self.defaulted.push(field);
            assumed
        })
    }

    fn money(&mut self, field: &str) -> Option<f64> {
        let v = self.get(field, false, cell::parse_money)?;
        self.check(field, v >= 0.0, || {
            format!(
                "{} cannot be negative",
                crate::model::labels::field_label(field)
            )
        });
        (v >= 0.0).then_some(v)
    }
}

/// True when the row has no values at all.
pub fn is_blank(cells: &[CellValue]) -> bool {
    cells.iter().all(CellValue::is_missing)
}

/// A row read without problems, and the fields it left empty that were given assumed values.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub record: Record,
    pub defaulted: Vec<&'static str>,
}

/// Parses one row (1-based `row`); returns the record or every problem found.
pub fn parse_row(
    kind: Kind,
    mapping: &Mapping,
    layout: &Layout,
    cells: &[CellValue],
    row: usize,
    lookups: &Lookups,
) -> Result<Parsed, Vec<Problem>> {
    let mut r = Row {
        cells,
        mapping,
        layout,
        row,
        problems: Vec::new(),
        defaulted: Vec::new(),
    };
    let record = match kind {
        Kind::Members => member(&mut r, lookups),
        Kind::Plans => plan(&mut r, lookups),
        Kind::Rates => rate(&mut r, lookups),
        Kind::Measures => measure(&mut r),
        Kind::MeasureResults => result(&mut r, lookups),
        Kind::Providers => provider(&mut r),
        Kind::Volumes => volume(&mut r),
        Kind::PriceTiers => price_tier(&mut r),
        Kind::Spend => spend(&mut r),
        Kind::Eligibility => eligibility(&mut r, lookups),
    };
    match record {
        Some(record) if r.problems.is_empty() => Ok(Parsed {
            record,
            defaulted: r.defaulted,
        }),
        _ => Err(r.problems),
    }
}

fn text(r: &mut Row, field: &str, required: bool) -> Option<String> {
    r.get(field, required, cell::parse_text)
}

/// The optional coverage tier, reported when it is there but unreadable.
fn tier(r: &mut Row) -> Option<Tier> {
    let (col, c) = r.cell("tier").filter(|(_, c)| !c.is_missing())?;
    let t = Tier::parse(&c.display());
    if t.is_none() {
        r.report(
            col,
            c,
            "not a coverage tier (EE, ES, EC, FAM or e.g. EE+SP, Family)".into(),
        );
    }
    t
}

fn date_parser(
    l: &Lookups,
) -> fn(&CellValue) -> Result<Option<chrono::NaiveDate>, cell::CellProblem> {
    if l.date1904 {
        cell::parse_date_1904
    } else {
        cell::parse_date
    }
}

fn member(r: &mut Row, l: &Lookups) -> Option<Record> {
    let external_id = text(r, "external_id", true);
    let purchaser = text(r, "purchaser", true).or_else(|| l.default_purchaser.clone());
    let purchaser_kind = match r.cell("purchaser_kind") {
        Some((col, c)) if !c.is_missing() => {
            let kind = match c {
                CellValue::Text(t) => PurchaserKind::parse(t),
                other => PurchaserKind::parse(&other.display()),
            };
            if kind.is_none() {
                r.report(
                    col,
                    c,
                    "not a purchaser type (employer, public program, union trust or hospital)"
                        .into(),
                );
            }
            kind
        }
        _ => None,
    };
    let plan_code = text(r, "plan_code", false);
    if let Some(code) = &plan_code {
        r.check("plan_code", l.plan_codes.contains(code), || {
            format!("plan {code} is not in the workspace; import plans first")
        });
    }
    let tier = tier(r);
    let relationship = match r.cell("relationship") {
        Some((col, c)) if !c.is_missing() => {
            let rel = parse_relationship(&c.display());
            if rel.is_none() {
                r.report(
                    col,
                    c,
                    "not a relationship (employee, spouse or child)".into(),
                );
            }
            rel
        }
        _ => None,
    };
    let date = date_parser(l);
    let birth = r.get("birth_date", false, date);
    let hire = r.get("hire_date", false, date);
    let zip = text(r, "zip", false).map(|z| {
        if z.len() < 5 && z.chars().all(|c| c.is_ascii_digit()) {
            format!("{z:0>5}")
        } else {
            z
        }
    });
    let sex = text(r, "sex", false).map(|s| match s.to_ascii_lowercase().as_str() {
        "female" | "f" => "F".to_string(),
        "male" | "m" => "M".to_string(),
        _ => s,
    });
    let salary = r.money("annual_salary");
    let claims = r.money("annual_allowed_claims");
    if purchaser.is_none() && r.mapping.column_of("purchaser").is_none() {
        r.problems.push(Problem {
            row: r.row,
            column: "(none)".into(),
            value: String::new(),
            problem: "this census has no employer column: choose the purchaser it belongs to"
                .into(),
        });
    }
    Some(Record::Member(
        MemberRecord {
            external_id: external_id?,
            purchaser: purchaser?,
            purchaser_kind,
            plan_code,
            tier,
            birth_date: birth.map(cell::iso_date),
            sex,
            zip,
            hire_date: hire.map(cell::iso_date),
            annual_salary: salary,
            annual_allowed_claims: claims,
        },
        relationship,
    ))
}

fn plan(r: &mut Row, l: &Lookups) -> Option<Record> {
    let code = text(r, "code", true);
    let name = text(r, "name", true);
    let year = r
        .get("year", false, cell::parse_int)
        .unwrap_or(l.default_year);
    let design = plan_design(r);
    if design.dental_only {
        // A dental plan's empty medical cost sharing is expected, not an assumption to report.
        r.defaulted.clear();
    }
    let plan = Plan {
        id: 0,
        code: code?,
        name: name?,
        carrier: text(r, "carrier", false).unwrap_or_default(),
        plan_type: text(r, "plan_type", false).unwrap_or_default(),
        network: text(r, "network", false).unwrap_or_default(),
        year,
        ..design
    };
    Some(Record::Plan(plan))
}

/// The cost-sharing part of a plan row. A CMS file with separate medical and drug
/// deductibles states the medical side under MEHB and the drug side under DEHB.
fn plan_design(r: &mut Row) -> Plan {
    let combined_deductible = r.money("deductible_individual");
    let integrated = r.get("deductibles_integrated", false, cell::parse_bool);
    let rx_deductible = r.money("rx_deductible_individual");
    let separate_rx = integrated == Some(false)
        || (integrated.is_none() && combined_deductible.is_none() && rx_deductible.is_some());
    let deductible = combined_deductible.or_else(|| r.money("medical_deductible_individual"));
    let deductible_family = r.first_money(&["deductible_family", "medical_deductible_family"]);
    let coinsurance = r.first_percent(&["coinsurance", "medical_coinsurance"]);
    let oop_max = r.first_money(&["oop_max_individual", "medical_oop_max_individual"]);
    let oop_max_family = r.first_money(&["oop_max_family", "medical_oop_max_family"]);
    let dental_only = r
        .get("dental_only", false, cell::parse_bool)
        .unwrap_or(false);
    let rx_coinsurance = r.get("rx_coinsurance", false, cell::parse_percent);
    let rx_deductible_family = r.money("rx_deductible_family");
    Plan {
        deductible_individual: r.or_assumed(deductible, "deductible_individual", 0.0),
        deductible_family: r.or_assumed(deductible_family, "deductible_family", 0.0),
        coinsurance: r.or_assumed(coinsurance, "coinsurance", 0.0),
        oop_max_individual: r.or_assumed(oop_max, "oop_max_individual", 0.0),
        oop_max_family: r.or_assumed(oop_max_family, "oop_max_family", 0.0),
        pcp_copay: r.money("pcp_copay").unwrap_or(0.0),
        specialist_copay: r.money("specialist_copay").unwrap_or(0.0),
        er_copay: r.money("er_copay").unwrap_or(0.0),
        generic_drug_copay: r.money("generic_drug_copay").unwrap_or(0.0),
        free_primary_care_visits: r
            .get("free_primary_care_visits", false, cell::parse_int)
            .unwrap_or(0)
            .max(0),
        actuarial_value: r.first_percent(&["actuarial_value", "calculator_actuarial_value"]),
        hsa_eligible: r
            .get("hsa_eligible", false, cell::parse_bool)
            .unwrap_or(false),
        rx_deductible_individual: separate_rx.then(|| rx_deductible.unwrap_or(0.0)),
        rx_deductible_family: if separate_rx {
            rx_deductible_family
        } else {
            None
        },
        rx_coinsurance: if separate_rx { rx_coinsurance } else { None },
        dental_only,
        metal_level: text(r, "metal_level", false).unwrap_or_default(),
        hsa_hra_funding_usd: r.money("hsa_hra_funding").unwrap_or(0.0),
        copays_after_deductible: r
            .get("copays_before_deductible", false, cell::parse_bool)
            .is_some_and(|before| !before),
        ..Default::default()
    }
}

fn rate(r: &mut Row, l: &Lookups) -> Option<Record> {
    let plan_code = text(r, "plan_code", true);
    if let Some(code) = &plan_code {
        r.check("plan_code", l.plan_codes.contains(code), || {
            format!("plan {code} is not in the workspace; import plans first")
        });
    }
    let tier = match r.cell("tier") {
        Some((col, c)) => {
            let t = Tier::parse(&c.display());
            if t.is_none() {
                r.report(col, c, "not a coverage tier (EE, ES, EC, FAM)".into());
            }
            t
        }
        None => None,
    };
    let year = r
        .get("year", false, cell::parse_int)
        .unwrap_or(l.default_year);
    let premium = r.get("monthly_premium", true, cell::parse_money);
    if let Some(p) = premium {
        r.check("monthly_premium", p > 0.0, || {
            "monthly premium must be above zero".into()
        });
    }
    let employer = r.money("employer_monthly").unwrap_or(0.0);
    if let Some(p) = premium {
        r.check("employer_monthly", employer <= p + 0.005, || {
            "employer contribution is more than the premium".into()
        });
    }
    Some(Record::Rate(RateRecord {
        plan_code: plan_code?,
        year,
        tier: tier?,
        monthly_premium: premium?,
        employer_monthly: employer,
    }))
}

fn measure(r: &mut Row) -> Option<Record> {
    let code = text(r, "code", true);
    let name = text(r, "name", true);
    let domain = text(r, "domain", false).unwrap_or_default();
    let higher = match r.cell("higher_is_better") {
        Some((col, c)) if !c.is_missing() => match c.display().trim().to_ascii_lowercase().as_str()
        {
            "higher" | "higher is better" | "up" => Some(true),
            "lower" | "lower is better" | "down" | "inverse" => Some(false),
            _ => match cell::parse_bool(c) {
                Ok(b) => b,
                Err(e) => {
                    r.report(col, c, e);
                    None
                }
            },
        },
        _ => None,
    };
    let weight = r
        .get("weight", false, cell::parse_number)
        .unwrap_or_else(|| cms_weight(&domain));
    Some(Record::Measure(MeasureRecord {
        code: code?,
        name: name?,
        domain,
        higher_is_better: higher.unwrap_or(true),
        weight,
        unit: text(r, "unit", false).unwrap_or_default(),
    }))
}

fn result(r: &mut Row, l: &Lookups) -> Option<Record> {
    let kind = text(r, "entity_kind", true).map(|k| k.to_ascii_lowercase());
    let kind = match kind.as_deref() {
        Some("plan" | "health plan" | "health_plan") => Some("plan".to_string()),
        Some("provider" | "hospital" | "clinic" | "medical group" | "facility" | "physician") => {
            Some("provider".to_string())
        }
        Some(other) => {
            let other = other.to_string();
            r.check("entity_kind", false, || {
                format!("'{other}' is neither plan nor provider")
            });
            None
        }
        None => None,
    };
    let entity = text(r, "entity", true);
    if let (Some(k), Some(e)) = (&kind, &entity) {
        let known = if k == "plan" {
            l.plan_codes.contains(e)
        } else {
            l.provider_names.contains(e)
        };
        r.check("entity", known, || {
            format!("{k} '{e}' is not in the workspace")
        });
    }
    let measure = text(r, "measure_code", true);
    if let Some(m) = &measure {
        r.check("measure_code", l.measure_codes.contains(m), || {
            format!("measure {m} is not in the catalogue; import measures first")
        });
    }
    let year = r.get("year", true, cell::parse_int);
    let value = r.get("value", true, cell::parse_number);
    let denominator = r.get("denominator", false, cell::parse_number);
    Some(Record::Result(ResultRecord {
        entity_kind: kind?,
        entity: entity?,
        measure_code: measure?,
        year: year?,
        value: value?,
        denominator,
    }))
}

fn provider(r: &mut Row) -> Option<Record> {
    let name = text(r, "name", true);
    Some(Record::Provider(ProviderRecord {
        name: name?,
        system: text(r, "system", false).unwrap_or_default(),
        kind: text(r, "kind", false).unwrap_or_default(),
        region: text(r, "region", false).unwrap_or_default(),
    }))
}

fn volume(r: &mut Row) -> Option<Record> {
    let purchaser = text(r, "purchaser", true);
    let service = text(r, "service_code", true);
    let year = r.get("year", true, cell::parse_int);
    let volume = r.get("annual_volume", true, cell::parse_number);
    if let Some(v) = volume {
        r.check("annual_volume", v >= 0.0, || {
            "volume cannot be negative".into()
        });
    }
    let price = r.money("current_unit_price");
    Some(Record::Volume(VolumeRecord {
        purchaser: purchaser?,
        service_code: service?,
        year: year?,
        annual_volume: volume?,
        current_unit_price: price,
    }))
}

fn price_tier(r: &mut Row) -> Option<Record> {
    let schedule = text(r, "schedule", true);
    let service = text(r, "service_code", true);
    let min = r.get("min_volume", true, cell::parse_number);
    let price = r.get("unit_price", true, cell::parse_money);
    Some(Record::PriceTier(PriceTierRecord {
        schedule: schedule?,
        service_code: service?,
        min_volume: min?,
        unit_price: price?,
    }))
}

fn spend(r: &mut Row) -> Option<Record> {
    let purchaser = text(r, "purchaser", true);
    let year_col = r.get("year", false, cell::parse_int);
    let (year, month) = match (year_col, r.cell("month")) {
        (Some(y), Some((_, CellValue::Number(m))))
            if (1.0..=12.0).contains(m) && m.fract() == 0.0 =>
        {
            (Some(y), Some(*m as i64))
        }
        _ => match r.get("month", true, cell::parse_year_month) {
            Some((y, m)) => (Some(y), Some(m)),
            None => (None, None),
        },
    };
    let mm = r.get("member_months", true, cell::parse_number);
    let medical = r.get("medical_paid", true, cell::parse_money);
    let rx = r.get("rx_paid", true, cell::parse_money);
    Some(Record::Spend(SpendRecord {
        purchaser: purchaser?,
        year: year?,
        month: month?,
        member_months: mm?,
        medical_paid: medical?,
        rx_paid: rx?,
    }))
}

fn eligibility(r: &mut Row, l: &Lookups) -> Option<Record> {
    let external_id = text(r, "member_external_id", true);
    let purchaser = text(r, "purchaser", false).or_else(|| l.default_purchaser.clone());
    let plan_code = text(r, "plan_code", true);
    let date = date_parser(l);
    let start = r.get("start_date", true, date);
    // Eligibility exports write "still enrolled" as 9999-12-31 (or 12/31/9999).
    let open_ended = r
        .cell("end_date")
        .is_some_and(|(_, c)| c.display().contains("9999"));
    let end = if open_ended {
        None
    } else {
        r.get("end_date", false, date)
    };
    if let (Some(s), Some(e)) = (start, end) {
        r.check("end_date", e >= s, || {
            format!("the span ends before it starts ({})", cell::iso_date(s))
        });
    }
    let tier = tier(r);
    if purchaser.is_none() {
        r.problems.push(Problem {
            row: r.row,
            column: "(none)".into(),
            value: String::new(),
            problem: "this file has no employer column: choose the purchaser it belongs to".into(),
        });
    }
    Some(Record::Eligibility(EligibilityRecord {
        member_external_id: external_id?,
        purchaser: purchaser?,
        plan_code: plan_code?,
        start_date: cell::iso_date(start?),
        end_date: end.map(cell::iso_date),
        tier,
    }))
}
