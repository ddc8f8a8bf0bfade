//! Seeded claims consistent with the census: each member's medical lines and pharmacy fills
//! over the plan year add up, to the cent, to the member's `annual_allowed_claims`. Lines are
//! written in the Tuva Project's input layout, as CSV (built in one reused buffer, so
//! generation runs well over a million lines a second) or Parquet.

use super::catalogue::PLAN_YEAR;
use crate::dice::Dice;
use crate::store::records::MemberRecord;
use chrono::{Datelike, Duration, NaiveDate};
use std::io::Write;
use std::path::Path;

/// The Tuva `medical_claim` columns written.
pub const MEDICAL_HEADER: &str = "claim_id,claim_line_number,claim_type,member_id,claim_line_start_date,claim_line_end_date,admission_date,discharge_date,place_of_service_code,bill_type_code,revenue_center_code,hcpcs_code,drg_code,rendering_npi,allowed_amount,paid_amount";
/// The Tuva `pharmacy_claim` columns written.
pub const PHARMACY_HEADER: &str =
    "claim_id,claim_line_number,member_id,dispensing_date,ndc_code,allowed_amount,paid_amount";

/// One generated medical line (amounts in cents).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub claim_id: u64,
    pub line_number: u32,
    pub institutional: bool,
    pub member: usize,
    pub date: NaiveDate,
    pub admission: Option<(NaiveDate, NaiveDate)>,
    pub place_of_service: &'static str,
    pub bill_type: &'static str,
    pub revenue_code: &'static str,
    pub hcpcs_code: &'static str,
    pub drg_code: &'static str,
    pub npi: &'static str,
    pub allowed_cents: i64,
    pub paid_cents: i64,
}

/// One generated pharmacy fill (amounts in cents).
#[derive(Debug, Clone, PartialEq)]
pub struct Fill {
    pub claim_id: u64,
    pub member: usize,
    pub date: NaiveDate,
    pub ndc: &'static str,
    pub allowed_cents: i64,
    pub paid_cents: i64,
}

const HOSPITAL_NPIS: [&str; 3] = ["1000234500", "1000234501", "1000234502"];
const DOCTOR_NPIS: [&str; 4] = ["1467512345", "1598765432", "1326547890", "1730498215"];
const OFFICE_CODES: [&str; 5] = ["99213", "99214", "99203", "80053", "85025"];
const OUTPATIENT: [(&str, &str); 3] = [("0360", "29881"), ("0320", "70551"), ("0510", "99213")];
const INPATIENT_REVENUE: [&str; 4] = ["0120", "0250", "0300", "0360"];
const DRGS: [&str; 4] = ["470", "871", "291", "392"];
const NDCS: [&str; 4] = ["00093505601", "00378395077", "00002143380", "68180051301"];

/// Splits `total_cents` over `weights`, the last part taking the rounding.
fn split_cents(total_cents: i64, weights: &[f64]) -> Vec<i64> {
    let sum: f64 = weights.iter().sum();
    let mut out: Vec<i64> = weights
        .iter()
        .map(|w| (total_cents as f64 * w / sum).floor() as i64)
        .collect();
    let given: i64 = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += total_cents - given;
    }
    out
}

/// Paid by the plan: 80 % of allowed after a little member cost sharing.
fn paid(allowed_cents: i64) -> i64 {
    allowed_cents * 4 / 5
}

/// The member's enrolled dates in the plan year.
fn coverage(m: &MemberRecord) -> (NaiveDate, NaiveDate) {
    let year_start = NaiveDate::from_ymd_opt(PLAN_YEAR as i32, 1, 1).unwrap_or_default();
    let year_end = NaiveDate::from_ymd_opt(PLAN_YEAR as i32, 12, 31).unwrap_or_default();
    let hired = m
        .hire_date
        .as_deref()
        .and_then(|h| NaiveDate::parse_from_str(h, "%Y-%m-%d").ok())
        .unwrap_or(year_start);
    (hired.max(year_start).min(year_end), year_end)
}

fn day_in(dice: &mut Dice, (from, to): (NaiveDate, NaiveDate)) -> NaiveDate {
    let days = (to - from).num_days().max(0);
    from + Duration::days(dice.int(0, days))
}

/// Generates every member's claims; `on_line` and `on_fill` take each as it is made.
pub fn generate(
    seed: u64,
    members: &[MemberRecord],
    on_line: &mut dyn FnMut(&Line),
    on_fill: &mut dyn FnMut(&Fill),
) {
    let mut dice = Dice::new(seed ^ 0x636c_6169_6d73);
    let mut claim_id: u64 = 10_000_000;
    for (i, m) in members.iter().enumerate() {
        let total = (m.annual_allowed_claims.unwrap_or(0.0) * 100.0).round() as i64;
        if total <= 0 || m.plan_code.is_none() {
            continue;
        }
        let span = coverage(m);
        // Pharmacy takes a fifth of the year's claims, at about $90 a fill.
        let rx_total = total / 5;
        let fills = (rx_total / 9_000).clamp(1, 40) as usize;
        let weights: Vec<f64> = (0..fills).map(|_| 0.5 + dice.uniform()).collect();
        for amount in split_cents(rx_total, &weights) {
            claim_id += 1;
            let fill = Fill {
                claim_id,
                member: i,
                date: day_in(&mut dice, span),
                ndc: NDCS[dice.int(0, 3) as usize],
                allowed_cents: amount,
                paid_cents: paid(amount) * 9 / 10,
            };
            on_fill(&fill);
        }
        let lines = medical_lines(&mut dice, &mut claim_id, i, total - rx_total, span);
        for l in &lines {
            on_line(l);
        }
    }
}

/// The member's medical lines: an admission for large claimants, sometimes an ER visit or an
/// outpatient procedure, and office visits; amounts split to add up to `total_cents`.
fn medical_lines(
    dice: &mut Dice,
    claim_id: &mut u64,
    member: usize,
    total_cents: i64,
    span: (NaiveDate, NaiveDate),
) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut weights: Vec<f64> = Vec::new();
    let blank = |claim: u64, n: u32, date: NaiveDate| Line {
        claim_id: claim,
        line_number: n,
        institutional: false,
        member,
        date,
        admission: None,
        place_of_service: "",
        bill_type: "",
        revenue_code: "",
        hcpcs_code: "",
        drg_code: "",
        npi: DOCTOR_NPIS[0],
        allowed_cents: 0,
        paid_cents: 0,
    };
    if total_cents > 4_000_000 && dice.chance(0.8) {
        *claim_id += 1;
        let admit = day_in(
            dice,
            (span.0, span.1 - Duration::days(5).min(span.1 - span.0)),
        );
        let discharge = (admit + Duration::days(dice.int(1, 5))).min(span.1);
        let drg = DRGS[dice.int(0, 3) as usize];
        for (n, rev) in INPATIENT_REVENUE.iter().enumerate() {
            let mut l = blank(*claim_id, n as u32 + 1, admit);
            l.institutional = true;
            l.admission = Some((admit, discharge));
            l.bill_type = "111";
            l.revenue_code = rev;
            l.drg_code = drg;
            l.npi = HOSPITAL_NPIS[member % 3];
            lines.push(l);
            weights.push(if n == 0 { 12.0 } else { 4.0 });
        }
    }
    if dice.chance(0.18) {
        let date = day_in(dice, span);
        *claim_id += 1;
        let mut facility = blank(*claim_id, 1, date);
        facility.institutional = true;
        facility.bill_type = "131";
        facility.revenue_code = "0450";
        facility.hcpcs_code = "99284";
        facility.npi = HOSPITAL_NPIS[member % 3];
        lines.push(facility);
        weights.push(3.0);
        *claim_id += 1;
        let mut doctor = blank(*claim_id, 1, date);
        doctor.place_of_service = "23";
        doctor.hcpcs_code = "99284";
        lines.push(doctor);
        weights.push(0.6);
    }
    if dice.chance(0.25) {
        *claim_id += 1;
        let (rev, code) = OUTPATIENT[dice.int(0, 2) as usize];
        let mut l = blank(*claim_id, 1, day_in(dice, span));
        l.institutional = true;
        l.bill_type = "131";
        l.revenue_code = rev;
        l.hcpcs_code = code;
        l.npi = HOSPITAL_NPIS[(member + 1) % 3];
        lines.push(l);
        weights.push(2.0);
    }
    let visits = (total_cents / 60_000).clamp(1, 30);
    for _ in 0..visits {
        *claim_id += 1;
        let date = day_in(dice, span);
        let count = dice.int(1, 3) as u32;
        for n in 1..=count {
            let mut l = blank(*claim_id, n, date);
            l.place_of_service = "11";
            l.hcpcs_code = OFFICE_CODES[dice.int(0, 4) as usize];
            l.npi = DOCTOR_NPIS[dice.int(0, 3) as usize];
            lines.push(l);
            weights.push(0.2 + dice.uniform() * 0.3);
        }
    }
    for (l, amount) in lines.iter_mut().zip(split_cents(total_cents, &weights)) {
        l.allowed_cents = amount;
        l.paid_cents = paid(amount);
    }
    lines
}

/// Appends cents as dollars ("-12.05").
fn push_cents(out: &mut String, cents: i64) {
    if cents < 0 {
        out.push('-');
    }
    let c = cents.unsigned_abs();
    push_u64(out, c / 100);
    out.push('.');
    let rest = c % 100;
    out.push(char::from(b'0' + (rest / 10) as u8));
    out.push(char::from(b'0' + (rest % 10) as u8));
}

fn push_u64(out: &mut String, n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
}

fn push_date(out: &mut String, d: NaiveDate) {
    let (y, m, day) = (d.year() as u64, d.month() as u64, d.day() as u64);
    push_u64(out, y);
    out.push('-');
    if m < 10 {
        out.push('0');
    }
    push_u64(out, m);
    out.push('-');
    if day < 10 {
        out.push('0');
    }
    push_u64(out, day);
}

/// One medical line as a CSV record (with its newline).
pub fn medical_csv_line(out: &mut String, l: &Line, member_id: &str) {
    push_u64(out, l.claim_id);
    out.push(',');
    push_u64(out, u64::from(l.line_number));
    out.push_str(if l.institutional {
        ",institutional,"
    } else {
        ",professional,"
    });
    out.push_str(member_id);
    out.push(',');
    push_date(out, l.date);
    out.push(',');
    push_date(out, l.admission.map_or(l.date, |a| a.1));
    out.push(',');
    if let Some((a, d)) = l.admission {
        push_date(out, a);
        out.push(',');
        push_date(out, d);
    } else {
        out.push(',');
    }
    for field in [
        l.place_of_service,
        l.bill_type,
        l.revenue_code,
        l.hcpcs_code,
        l.drg_code,
        l.npi,
    ] {
        out.push(',');
        out.push_str(field);
    }
    out.push(',');
    push_cents(out, l.allowed_cents);
    out.push(',');
    push_cents(out, l.paid_cents);
    out.push('\n');
}

/// One fill as a CSV record.
pub fn pharmacy_csv_line(out: &mut String, f: &Fill, member_id: &str) {
    push_u64(out, f.claim_id);
    out.push_str(",1,");
    out.push_str(member_id);
    out.push(',');
    push_date(out, f.date);
    out.push(',');
    out.push_str(f.ndc);
    out.push(',');
    push_cents(out, f.allowed_cents);
    out.push(',');
    push_cents(out, f.paid_cents);
    out.push('\n');
}

/// Counts of what `write_csv` wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Written {
    pub lines: u64,
    pub fills: u64,
}

/// Writes `medical_claim.csv` and `pharmacy_claim.csv` into `dir`.
pub fn write_csv(seed: u64, members: &[MemberRecord], dir: &Path) -> std::io::Result<Written> {
    std::fs::create_dir_all(dir)?;
    let mut medical = std::io::BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(dir.join("medical_claim.csv"))?,
    );
    let mut pharmacy = std::io::BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(dir.join("pharmacy_claim.csv"))?,
    );
    writeln!(medical, "{MEDICAL_HEADER}")?;
    writeln!(pharmacy, "{PHARMACY_HEADER}")?;
    let (mut m_buf, mut p_buf) = (
        String::with_capacity(1 << 16),
        String::with_capacity(1 << 16),
    );
    let mut written = Written::default();
    let failed: std::cell::RefCell<Option<std::io::Error>> = std::cell::RefCell::new(None);
    generate(
        seed,
        members,
        &mut |l| {
            medical_csv_line(&mut m_buf, l, &members[l.member].external_id);
            written.lines += 1;
            if m_buf.len() > 60_000 {
                if let Err(e) = medical.write_all(m_buf.as_bytes()) {
                    failed.borrow_mut().get_or_insert(e);
                }
                m_buf.clear();
            }
        },
        &mut |f| {
            pharmacy_csv_line(&mut p_buf, f, &members[f.member].external_id);
            written.fills += 1;
            if p_buf.len() > 60_000 {
                if let Err(e) = pharmacy.write_all(p_buf.as_bytes()) {
                    failed.borrow_mut().get_or_insert(e);
                }
                p_buf.clear();
            }
        },
    );
    if let Some(e) = failed.into_inner() {
        return Err(e);
    }
    medical.write_all(m_buf.as_bytes())?;
    pharmacy.write_all(p_buf.as_bytes())?;
    medical.flush()?;
    pharmacy.flush()?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, allowed: f64) -> MemberRecord {
        MemberRecord {
            external_id: id.into(),
            purchaser: "Acme".into(),
            plan_code: Some("PPO".into()),
            annual_allowed_claims: Some(allowed),
            hire_date: Some("2015-01-01".into()),
            ..Default::default()
        }
    }

    #[test]
    fn each_members_claims_add_up_to_the_census_to_the_cent() {
        let members = [
            member("001", 1234.56),
            member("002", 87_654.32),
            member("003", 0.0),
        ];
        let (mut medical, mut pharmacy) = ([0i64; 3], [0i64; 3]);
        generate(
            7,
            &members,
            &mut |l| medical[l.member] += l.allowed_cents,
            &mut |f| pharmacy[f.member] += f.allowed_cents,
        );
        let totals: Vec<i64> = medical.iter().zip(pharmacy).map(|(m, p)| m + p).collect();
        assert_eq!(totals, [123_456, 8_765_432, 0]);
    }

    #[test]
    fn cents_print_as_dollars() {
        let mut s = String::new();
        push_cents(&mut s, -1205);
        s.push(' ');
        push_cents(&mut s, 7);
        assert_eq!(s, "-12.05 0.07");
    }
}
