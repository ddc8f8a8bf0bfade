//! Writes the sample data as the workbooks real senders export: an HRIS census with title rows
//! and a totals row, carrier plan designs with "$1,500" and "20%" text, rates, quality results,
//! vendor volumes and a csv of monthly spend with text months.

use super::SampleData;
use crate::domain::PurchaserKind;
use crate::domain::Tier;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::path::{Path, PathBuf};

/// Why the sample workbooks could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: {source}")]
    Xlsx { path: PathBuf, source: XlsxError },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Csv { path: PathBuf, source: csv::Error },
}

/// Writes every sample workbook into `dir`; returns the files written.
pub fn write_workbooks(data: &SampleData, dir: &Path) -> Result<Vec<PathBuf>, WriteError> {
    std::fs::create_dir_all(dir).map_err(|source| WriteError::Io {
        path: dir.into(),
        source,
    })?;
    let mut written = Vec::new();
    let xlsx = |name: &str, build: &dyn Fn(&mut Workbook) -> Result<(), XlsxError>| {
        let path = dir.join(name);
        let mut book = Workbook::new();
        build(&mut book)
            .and_then(|_| book.save(&path))
            .map_err(|source| WriteError::Xlsx {
                path: path.clone(),
                source,
            })?;
        Ok::<_, WriteError>(path)
    };
    written.push(xlsx("census.xlsx", &|b| census(b, data))?);
    written.push(xlsx("plans_and_rates.xlsx", &|b| plans(b, data))?);
    written.push(xlsx("quality_measures.xlsx", &|b| quality(b, data))?);
    written.push(xlsx("service_volumes.xlsx", &|b| volumes(b, data))?);
    written.push(spend_csv(data, &dir.join("spend_history.csv"))?);
    written.push(eligibility_csv(data, &dir.join("eligibility.csv"))?);
    for h in &data.hospital_prices {
        let path = dir.join(price_file_name(&h.name));
        super::price_file::write_tall_charges(&path, &h.spec(), &h.charges).map_err(|source| {
            WriteError::Io {
                path: path.clone(),
                source,
            }
        })?;
        written.push(path);
    }
    Ok(written)
}

fn header(ws: &mut Worksheet, row: u32, names: &[&str]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (col, name) in names.iter().enumerate() {
        ws.write_string_with_format(row, col as u16, *name, &bold)?;
        ws.set_column_width(col as u16, (name.len() as f64 + 4.0).max(12.0))?;
    }
    Ok(())
}

fn iso_date(text: &str) -> Option<ExcelDateTime> {
    let mut parts = text.split('-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    ExcelDateTime::from_ymd(y as u16, m as u8, d as u8).ok()
}

/// HRIS spelling of a tier, the way payroll systems print it.
fn hris_tier(tier: Tier) -> &'static str {
    match tier {
        Tier::EE => "EE",
        Tier::ES => "EE+SP",
        Tier::EC => "EE+CH",
        Tier::FAM => "FAM",
    }
}

fn census(book: &mut Workbook, data: &SampleData) -> Result<(), XlsxError> {
    let ws = book.add_worksheet().set_name("Census")?;
    ws.write_string(
        0,
        0,
        "Coalition HRIS census export — benefits-eligible employees",
    )?;
    ws.write_string(
        1,
        0,
        "Effective 01/01/2026 · Confidential: contains member data",
    )?;
    header(
        ws,
        3,
        &[
            "Employee ID",
            "Employer",
            "Medical Plan",
            "Coverage Level",
            "Date of Birth",
            "Gender",
            "ZIP Code",
            "Hire Date",
            "Annual Salary",
            "Allowed Claims (12 mo)",
            "Purchaser Type",
        ],
    )?;
    let date_fmt = Format::new().set_num_format("mm/dd/yyyy");
    let money = Format::new().set_num_format("$#,##0.00");
    let mut row = 4u32;
    let mut salary_total = 0.0;
    for m in &data.members {
        ws.write_string(row, 0, &m.external_id)?;
        ws.write_string(row, 1, &m.purchaser)?;
        ws.write_string(row, 2, m.plan_code.as_deref().unwrap_or(""))?;
        ws.write_string(row, 3, m.tier.map_or("", hris_tier))?;
        if let Some(d) = m.birth_date.as_deref().and_then(iso_date) {
            ws.write_datetime_with_format(row, 4, &d, &date_fmt)?;
        }
        ws.write_string(row, 5, m.sex.as_deref().unwrap_or(""))?;
        ws.write_string(row, 6, m.zip.as_deref().unwrap_or(""))?;
        // Hire dates arrive as text from this HRIS (a real quirk): MM/DD/YYYY.
        if let Some(h) = m.hire_date.as_deref() {
            let (y, rest) = h.split_at(4);
            ws.write_string(row, 7, format!("{}/{}", &rest[1..].replace('-', "/"), y))?;
        }
        if let Some(s) = m.annual_salary {
            ws.write_number_with_format(row, 8, s, &money)?;
            salary_total += s;
        }
        if let Some(c) = m.annual_allowed_claims {
            ws.write_number_with_format(row, 9, c, &money)?;
        }
        let kind = m.purchaser_kind;
        ws.write_string(row, 10, kind.map_or("", PurchaserKind::label))?;
        row += 1;
    }
    ws.write_string(row, 0, "Total")?;
    ws.write_number(row, 1, data.members.len() as f64)?;
    ws.write_number_with_format(row, 8, salary_total, &money)?;
    ws.set_freeze_panes(4, 0)?;
    Ok(())
}

fn dollars_text(x: f64) -> String {
    format!("${}", crate::format::grouped(x, 0))
}

fn plans(book: &mut Workbook, data: &SampleData) -> Result<(), XlsxError> {
    let ws = book.add_worksheet().set_name("Plan Designs")?;
    header(
        ws,
        0,
        &[
            "Plan Code",
            "Plan Name",
            "Carrier",
            "Plan Type",
            "Network",
            "Plan Year",
            "Deductible (Individual)",
            "Deductible (Family)",
            "Coinsurance",
            "OOP Max (Individual)",
            "OOP Max (Family)",
            "PCP Copay",
            "Specialist Copay",
            "ER Copay",
            "HSA Eligible",
        ],
    )?;
    for (i, p) in data.plans.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &p.code)?;
        ws.write_string(r, 1, &p.name)?;
        ws.write_string(r, 2, &p.carrier)?;
        ws.write_string(r, 3, &p.plan_type)?;
        ws.write_string(r, 4, &p.network)?;
        ws.write_number(r, 5, p.year as f64)?;
        ws.write_string(r, 6, dollars_text(p.deductible_individual))?;
        ws.write_string(r, 7, dollars_text(p.deductible_family))?;
        ws.write_string(r, 8, format!("{}%", (p.coinsurance * 100.0).round()))?;
        ws.write_string(r, 9, dollars_text(p.oop_max_individual))?;
        ws.write_string(r, 10, dollars_text(p.oop_max_family))?;
        ws.write_number(r, 11, p.pcp_copay)?;
        ws.write_number(r, 12, p.specialist_copay)?;
        ws.write_number(r, 13, p.er_copay)?;
        ws.write_string(r, 14, if p.hsa_eligible { "Yes" } else { "No" })?;
    }
    let ws = book.add_worksheet().set_name("Rates")?;
    ws.write_string(0, 0, "Monthly tier rates, plan years 2026 and 2025")?;
    header(
        ws,
        1,
        &[
            "Plan Code",
            "Plan Year",
            "Coverage Tier",
            "Monthly Premium",
            "Employer Monthly",
        ],
    )?;
    let money = Format::new().set_num_format("$#,##0.00");
    for (i, r) in data.rates.iter().enumerate() {
        let row = i as u32 + 2;
        ws.write_string(row, 0, &r.plan_code)?;
        ws.write_number(row, 1, r.year as f64)?;
        ws.write_string(row, 2, r.tier.code())?;
        ws.write_number_with_format(row, 3, r.monthly_premium, &money)?;
        ws.write_number_with_format(row, 4, r.employer_monthly, &money)?;
    }
    Ok(())
}

fn quality(book: &mut Workbook, data: &SampleData) -> Result<(), XlsxError> {
    let ws = book.add_worksheet().set_name("Measures")?;
    header(
        ws,
        0,
        &[
            "Measure Code",
            "Measure Name",
            "Domain",
            "Higher Is Better",
            "Weight",
            "Unit",
        ],
    )?;
    for (i, m) in data.measures.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &m.code)?;
        ws.write_string(r, 1, &m.name)?;
        ws.write_string(r, 2, &m.domain)?;
        ws.write_string(r, 3, if m.higher_is_better { "Y" } else { "N" })?;
        ws.write_number(r, 4, m.weight)?;
        ws.write_string(r, 5, &m.unit)?;
    }
    let ws = book.add_worksheet().set_name("Providers")?;
    header(
        ws,
        0,
        &["Provider Name", "Health System", "Provider Type", "Region"],
    )?;
    for (i, p) in data.providers.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &p.name)?;
        ws.write_string(r, 1, &p.system)?;
        ws.write_string(r, 2, &p.kind)?;
        ws.write_string(r, 3, &p.region)?;
    }
    let ws = book.add_worksheet().set_name("Results")?;
    header(
        ws,
        0,
        &[
            "Entity Type",
            "Entity",
            "Measure Code",
            "Measurement Year",
            "Rate",
            "Denominator",
        ],
    )?;
    for (i, r) in data.results.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &r.entity_kind)?;
        ws.write_string(row, 1, &r.entity)?;
        ws.write_string(row, 2, &r.measure_code)?;
        ws.write_number(row, 3, r.year as f64)?;
        ws.write_number(row, 4, r.value)?;
        if let Some(d) = r.denominator {
            ws.write_number(row, 5, d)?;
        }
    }
    Ok(())
}

fn volumes(book: &mut Workbook, data: &SampleData) -> Result<(), XlsxError> {
    let ws = book.add_worksheet().set_name("Service Volumes")?;
    header(
        ws,
        0,
        &[
            "Purchaser",
            "Service Code",
            "Year",
            "Annual Volume",
            "Current Unit Price",
        ],
    )?;
    for (i, v) in data.volumes.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &v.purchaser)?;
        ws.write_string(r, 1, &v.service_code)?;
        ws.write_number(r, 2, v.year as f64)?;
        ws.write_number(r, 3, v.annual_volume)?;
        if let Some(p) = v.current_unit_price {
            ws.write_number(r, 4, p)?;
        }
    }
    let ws = book.add_worksheet().set_name("Tier Schedule")?;
    header(
        ws,
        0,
        &["Schedule", "Service Code", "Minimum Volume", "Unit Price"],
    )?;
    for (i, t) in data.price_tiers.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &t.schedule)?;
        ws.write_string(r, 1, &t.service_code)?;
        ws.write_number(r, 2, t.min_volume)?;
        ws.write_number(r, 3, t.unit_price)?;
    }
    Ok(())
}

fn spend_csv(data: &SampleData, path: &Path) -> Result<PathBuf, WriteError> {
    let err = |source| WriteError::Csv {
        path: path.into(),
        source,
    };
    let mut w = csv::Writer::from_path(path).map_err(err)?;
    w.write_record([
        "Purchaser",
        "Month",
        "Member Months",
        "Medical Paid",
        "Rx Paid",
    ])
    .map_err(err)?;
    for s in &data.spend {
        w.write_record([
            s.purchaser.clone(),
            format!("{}-{:02}", s.year, s.month),
            format!("{}", s.member_months),
            format!("${}", crate::format::grouped(s.medical_paid, 2)),
            format!("${}", crate::format::grouped(s.rx_paid, 2)),
        ])
        .map_err(err)?;
    }
    w.flush().map_err(|source| WriteError::Io {
        path: path.into(),
        source,
    })?;
    Ok(path.into())
}

/// Eligibility spans in the Tuva Project's column names, with the employer beside them.
pub fn eligibility_csv(data: &SampleData, path: &Path) -> Result<PathBuf, WriteError> {
    let err = |source| WriteError::Csv {
        path: path.into(),
        source,
    };
    let mut w = csv::Writer::from_path(path).map_err(err)?;
    w.write_record([
        "member_id",
        "employer",
        "plan",
        "enrollment_start_date",
        "enrollment_end_date",
    ])
    .map_err(err)?;
    for e in &data.eligibility {
        w.write_record([
            e.member_external_id.as_str(),
            e.purchaser.as_str(),
            e.plan_code.as_str(),
            e.start_date.as_str(),
            e.end_date.as_deref().unwrap_or(""),
        ])
        .map_err(err)?;
    }
    w.flush().map_err(|source| WriteError::Io {
        path: path.into(),
        source,
    })?;
    Ok(path.into())
}

/// "Riverbend Community Hospital" → `prices_riverbend_community_hospital.csv`.
pub fn price_file_name(hospital: &str) -> String {
    let words: Vec<String> = hospital
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    format!("prices_{}.csv", words.join("_"))
}
