//! Hospital price transparency files in CMS's v3 layouts (tall CSV, JSON) with negotiated rates
//! a hospital-specific multiple of Medicare's, for the sample workspace and `bench prices`.

use crate::dice::Dice;
use crate::store::prices::Charge;
use std::io::Write;
use std::path::Path;

/// Services a hospital price file lists, each with what Medicare pays (CY 2025 OPPS national,
/// or the 2021 national average for a DRG) so the multiples land near a study's levels.
const SERVICES: [(&str, &str, &str, &str, f64); 16] = [
    (
        "MRI of brain (no contrast)",
        "70551",
        "CPT",
        "outpatient",
        241.72,
    ),
    (
        "Inguinal hernia repair",
        "49505",
        "CPT",
        "outpatient",
        3_529.06,
    ),
    (
        "Colonoscopy with biopsy",
        "45380",
        "CPT",
        "outpatient",
        1_228.21,
    ),
    (
        "Knee arthroplasty, total",
        "27447",
        "CPT",
        "outpatient",
        12_866.82,
    ),
    (
        "Emergency department visit, level 3",
        "99283",
        "CPT",
        "outpatient",
        276.89,
    ),
    (
        "CT of abdomen and pelvis with contrast",
        "74177",
        "CPT",
        "outpatient",
        402.83,
    ),
    ("Clinic visit", "G0463", "HCPCS", "outpatient", 128.87),
    (
        "Cataract removal with lens insertion",
        "66984",
        "CPT",
        "outpatient",
        2_322.07,
    ),
    (
        "Major hip and knee joint replacement without MCC",
        "470",
        "MS-DRG",
        "inpatient",
        15_779.58,
    ),
    (
        "Septicemia or severe sepsis with MCC",
        "871",
        "MS-DRG",
        "inpatient",
        16_945.36,
    ),
    (
        "Heart failure and shock with MCC",
        "291",
        "MS-DRG",
        "inpatient",
        11_385.06,
    ),
    (
        "Vaginal delivery without complications",
        "807",
        "MS-DRG",
        "inpatient",
        6_000.0,
    ),
    (
        "Simple pneumonia and pleurisy with MCC",
        "193",
        "MS-DRG",
        "inpatient",
        10_400.0,
    ),
    (
        "Cesarean section without sterilization without CC/MCC",
        "788",
        "MS-DRG",
        "inpatient",
        7_900.0,
    ),
    ("Medical surgical bed", "120", "RC", "inpatient", 0.0),
    ("Pharmacy, general", "250", "RC", "outpatient", 0.0),
];

/// Provider groups of the generated insurer file, the hospital first.
const GROUPS: usize = 20;

const PAYERS: [(&str, &str); 6] = [
    ("Northern Lakes Health Plan", "PPO"),
    ("Northern Lakes Health Plan", "HMO"),
    ("Prairie Mutual", "PPO"),
    ("Prairie Mutual", "EPO"),
    ("Summit Health Partners", "Commercial"),
    ("Summit Health Partners", "ACO"),
];

/// A hospital to write a file for: its name, state, NPI and price level (× Medicare).
pub struct PriceFileSpec<'a> {
    pub hospital: &'a str,
    pub state: &'a str,
    pub npi: &'a str,
    pub level: f64,
}

fn header(spec: &PriceFileSpec) -> String {
    format!(
        "hospital_name,last_updated_on,version,location_name,hospital_address,license_number|{state},type_2_npi,attestation,attester_name\n\
         {name},2026-01-01,3.0.0,{name},\"1 Main Street, {state}\",{npi}0,{npi},TRUE,Generated\n",
        name = spec.hospital,
        state = spec.state,
        npi = spec.npi,
    )
}

/// The tall layout's item header.
const TALL_COLUMNS: [&str; 20] = [
    "description",
    "code|1",
    "code|1|type",
    "setting",
    "standard_charge|gross",
    "standard_charge|discounted_cash",
    "payer_name",
    "plan_name",
    "modifiers",
    "standard_charge|negotiated_dollar",
    "standard_charge|negotiated_percentage",
    "standard_charge|negotiated_algorithm",
    "median_amount",
    "10th_percentile",
    "90th_percentile",
    "count",
    "standard_charge|min",
    "standard_charge|max",
    "standard_charge|methodology",
    "additional_generic_notes",
];

/// A negotiated rate: the service's Medicare price × the hospital's level × a payer's spread.
fn rate(dice: &mut Dice, medicare: f64, level: f64, payer: usize) -> f64 {
    let spread = 0.8 + 0.08 * payer as f64 + 0.1 * dice.uniform();
    let base = if medicare > 0.0 { medicare } else { 900.0 };
    ((base * level * spread) * 100.0).round() / 100.0
}

/// One round of every service for every payer; descriptions carry `round` when given (a big
/// file repeats the services).
pub fn round_charges(dice: &mut Dice, spec: &PriceFileSpec, round: Option<u64>) -> Vec<Charge> {
    let mut out = Vec::with_capacity(SERVICES.len() * PAYERS.len());
    for (description, code, kind, setting, medicare) in SERVICES {
        let gross = rate(dice, medicare, spec.level * 2.2, 2);
        let description = match round {
            Some(r) => format!("{description} ({r})"),
            None => description.to_string(),
        };
        for (p, (payer, plan)) in PAYERS.iter().enumerate() {
            let dollar = rate(dice, medicare, spec.level, p);
            let count = 11 + (dice.uniform() * 400.0) as u64;
            out.push(Charge {
                description: description.clone(),
                codes: vec![(code.to_string(), kind.to_string())],
                setting: setting.to_string(),
                modifiers: String::new(),
                gross_charge: Some(gross),
                cash_price: Some(cents(gross * 0.9)),
                payer: payer.to_string(),
                plan: plan.to_string(),
                negotiated_dollar: Some(dollar),
                negotiated_percentage: None,
                algorithm: None,
                methodology: "fee schedule".into(),
                count: Some(count.to_string()),
            });
        }
    }
    out
}

fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn money(x: Option<f64>) -> String {
    x.map_or(String::new(), |v| format!("{v:.2}"))
}

/// A charge as a tall row, in `TALL_COLUMNS` order.
fn tall_row(c: &Charge) -> [String; 20] {
    let (code, kind) = c.codes.first().cloned().unwrap_or_default();
    [
        c.description.clone(),
        code,
        kind,
        c.setting.clone(),
        money(c.gross_charge),
        money(c.cash_price),
        c.payer.clone(),
        c.plan.clone(),
        c.modifiers.clone(),
        money(c.negotiated_dollar),
        c.negotiated_percentage
            .map_or(String::new(), |p| p.to_string()),
        c.algorithm.clone().unwrap_or_default(),
        String::new(),
        String::new(),
        String::new(),
        c.count.clone().unwrap_or_default(),
        String::new(),
        String::new(),
        c.methodology.clone(),
        String::new(),
    ]
}

/// Writes `charges` as a tall CSV for the hospital of `spec`.
pub fn write_tall_charges(
    path: &Path,
    spec: &PriceFileSpec,
    charges: &[Charge],
) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    file.write_all(header(spec).as_bytes())?;
    let mut w = csv::Writer::from_writer(file);
    w.write_record(TALL_COLUMNS)?;
    for c in charges {
        w.write_record(tall_row(c))?;
    }
    w.flush()?;
    Ok(())
}

/// Writes a tall CSV of at least `target_bytes` (rounds of every service for every payer);
/// returns the bytes and charge rows written.
pub fn write_tall_csv(
    path: &Path,
    spec: &PriceFileSpec,
    target_bytes: u64,
    seed: u64,
) -> std::io::Result<(u64, u64)> {
    let mut dice = Dice::new(seed);
    let mut file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let head = header(spec);
    file.write_all(head.as_bytes())?;
    let mut w = csv::Writer::from_writer(file);
    w.write_record(TALL_COLUMNS)?;
    let mut rows = 0u64;
    let mut round = 0u64;
    loop {
        for c in round_charges(&mut dice, spec, Some(round)) {
            w.write_record(tall_row(&c))?;
            rows += 1;
        }
        round += 1;
        if w.get_ref().get_ref().metadata()?.len() >= target_bytes {
            break;
        }
    }
    w.flush()?;
    let bytes = std::fs::metadata(path)?.len();
    Ok((bytes, rows))
}

/// Writes the same charges as one JSON object whose `standard_charge_information` array holds
/// every item: the shape that must be streamed. Returns the bytes and charges written.
pub fn write_json(
    path: &Path,
    spec: &PriceFileSpec,
    target_bytes: u64,
    seed: u64,
) -> std::io::Result<(u64, u64)> {
    use std::fmt::Write as _;
    let mut dice = Dice::new(seed);
    let head = format!(
        "{{\"hospital_name\":\"{}\",\"last_updated_on\":\"2026-01-01\",\"version\":\"3.0.0\",\"license_information\":{{\"state\":\"{}\",\"license_number\":\"1\"}},\"type_2_npi\":[\"{}\"],\"standard_charge_information\":[",
        spec.hospital, spec.state, spec.npi
    );
    write_array(path, &head, target_bytes, |item, round, service| {
        let (description, code, kind, setting, medicare) = service;
        let gross = rate(&mut dice, medicare, spec.level * 2.2, 2);
        let _ = write!(
            item,
            "{{\"description\":\"{description} ({round})\",\"code_information\":[{{\"code\":\"{code}\",\"type\":\"{kind}\"}}],\"standard_charges\":[{{\"setting\":\"{setting}\",\"gross_charge\":{gross:.2},\"discounted_cash\":{:.2},\"payers_information\":[",
            gross * 0.9
        );
        for (p, (payer, plan)) in PAYERS.iter().enumerate() {
            let dollar = rate(&mut dice, medicare, spec.level, p);
            if p > 0 {
                item.push(',');
            }
            let _ = write!(
                item,
                "{{\"payer_name\":\"{payer}\",\"plan_name\":\"{plan}\",\"standard_charge_dollar\":{dollar:.2},\"methodology\":\"fee schedule\",\"count\":\"{}\"}}",
                11 + (dice.uniform() * 400.0) as u64
            );
        }
        item.push_str("]}]}");
        Some(PAYERS.len() as u64)
    })
}

/// One service of `SERVICES`: description, code, code type, setting, Medicare's price.
type Service = (&'static str, &'static str, &'static str, &'static str, f64);

/// Writes `head`, then rounds of items (one per service that `item` writes, comma-separated)
/// until the file holds `target_bytes`, then closes the array and the object. `item` writes an
/// item's text and returns how many rates it holds, or `None` to leave the service out.
/// Returns the bytes and rates written.
fn write_array(
    path: &Path,
    head: &str,
    target_bytes: u64,
    mut item: impl FnMut(&mut String, u64, Service) -> Option<u64>,
) -> std::io::Result<(u64, u64)> {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    out.write_all(head.as_bytes())?;
    let (mut bytes, mut rates) = (head.len() as u64, 0u64);
    let mut text = String::with_capacity(8192);
    let mut round = 0u64;
    let mut first = true;
    while bytes < target_bytes || round == 0 {
        for service in SERVICES {
            text.clear();
            if !first {
                text.push(',');
            }
            let Some(n) = item(&mut text, round, service) else {
                continue;
            };
            first = false;
            rates += n;
            out.write_all(text.as_bytes())?;
            bytes += text.len() as u64;
        }
        round += 1;
    }
    out.write_all(b"]}")?;
    out.flush()?;
    Ok((bytes + 2, rates))
}

/// Writes an insurer's in-network rate file (Transparency in Coverage 2.x) of at least
/// `target_bytes`: the services for 20 provider groups (the hospital's first), each item's
/// rates for every group. Returns the bytes and rates written.
pub fn write_in_network_json(
    path: &Path,
    spec: &PriceFileSpec,
    target_bytes: u64,
    seed: u64,
) -> std::io::Result<(u64, u64)> {
    let mut dice = Dice::new(seed);
    let mut head = String::from(
        "{\"reporting_entity_name\":\"Northern Lakes Health Plan\",\"reporting_entity_type\":\"health insurance issuer\",\"plan_name\":\"PPO\",\"plan_id_type\":\"ein\",\"plan_id\":\"0000000000\",\"plan_market_type\":\"group\",\"last_updated_on\":\"2026-01-01\",\"version\":\"2.0.0\",\"provider_references\":[",
    );
    for g in 0..GROUPS {
        if g > 0 {
            head.push(',');
        }
        let name = if g == 0 {
            spec.hospital.to_string()
        } else {
            format!("Provider Group {g}")
        };
        head.push_str(&format!(
            "{{\"provider_group_id\":{g},\"provider_groups\":[{{\"npi\":[{}],\"tin\":{{\"type\":\"ein\",\"value\":\"41-{:07}\",\"business_name\":\"{name}\"}}}}]}}",
            if g == 0 { spec.npi.to_string() } else { format!("{}", 1_500_000_000 + g) },
            g
        ));
    }
    head.push_str("],\"in_network\":[");
    write_array(path, &head, target_bytes, |item, round, service| {
        use std::fmt::Write as _;
        let (description, code, kind, setting, medicare) = service;
        if kind == "RC" {
            return None;
        }
        let _ = write!(
            item,
            "{{\"negotiation_arrangement\":\"ffs\",\"name\":\"{description} ({round})\",\"billing_code_type\":\"{kind}\",\"billing_code_type_version\":\"2025\",\"billing_code\":\"{code}\",\"description\":\"{description}\",\"negotiated_rates\":["
        );
        for g in 0..GROUPS {
            let rate = rate(&mut dice, medicare, spec.level, g % PAYERS.len());
            if g > 0 {
                item.push(',');
            }
            let _ = write!(
                item,
                "{{\"provider_references\":[{g}],\"negotiated_prices\":[{{\"negotiated_type\":\"negotiated\",\"negotiated_rate\":{rate:.2},\"expiration_date\":\"9999-12-31\",\"setting\":\"{setting}\",\"billing_class\":\"institutional\"}}]}}"
            );
        }
        item.push_str("]}");
        Some(GROUPS as u64)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::prices::{Layout, PriceProgress, read, sniff};

    const SPEC: PriceFileSpec = PriceFileSpec {
        hospital: "Riverbend Community Hospital",
        state: "MN",
        npi: "1234567890",
        level: 2.5,
    };

    #[test]
    fn a_generated_tall_file_reads_back_every_charge() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tall.csv");
        let (_, rows) = write_tall_csv(&path, &SPEC, 20_000, 1).unwrap();
        assert_eq!(sniff(&path), Some(Layout::CsvTall));
        let mut n = 0;
        let (info, problems) = read(
            &path,
            Layout::CsvTall,
            &PriceProgress::default(),
            &mut |_| {
                n += 1;
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(n, rows);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(info.state.as_deref(), Some("MN"));
    }

    #[test]
    fn a_generated_insurer_file_reads_back_every_rate() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in-network.json");
        let (_, rates) = write_in_network_json(&path, &SPEC, 20_000, 1).unwrap();
        assert_eq!(sniff(&path), Some(Layout::InsurerJson));
        let mut ws = crate::store::Workspace::in_memory().unwrap();
        let done = crate::import::prices::import_insurer_file(
            &mut ws,
            &path,
            &Default::default(),
            &PriceProgress::default(),
        )
        .unwrap();
        assert_eq!(done.rates as u64, rates);
        assert_eq!(done.providers, 20);
    }

    #[test]
    fn a_generated_json_file_reads_back_every_charge() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prices.json");
        let (_, charges) = write_json(&path, &SPEC, 20_000, 1).unwrap();
        assert_eq!(sniff(&path), Some(Layout::Json));
        let mut n = 0;
        read(&path, Layout::Json, &PriceProgress::default(), &mut |_| {
            n += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(n, charges);
    }
}
