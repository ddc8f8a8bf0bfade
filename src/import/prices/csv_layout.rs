//! CMS's CSV layouts: two file-level rows (the hospital's header and values) above the item
//! header, then one row per item (wide: payers and plans in the column names) or per item,
//! payer and plan (tall). Headers are matched with case and the spaces around `|` ignored
//! (`code | 1` and `code|1` are one header).

use super::{Charge, HospitalInfo, PriceFileError, PriceProblem, amount, skip_bom};
use std::collections::HashMap;
use std::io::BufRead;

/// `code | 1 | Type` → `code|1|type`: tokens trimmed, lower case.
fn normalise(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .split('|')
        .map(|t| t.trim().to_lowercase())
        .collect::<Vec<_>>()
        .join("|")
}

/// The hospital from the two file-level rows.
fn hospital(names: &csv::StringRecord, values: &csv::StringRecord) -> HospitalInfo {
    let mut info = HospitalInfo::default();
    for (name, value) in names.iter().zip(values.iter()) {
        let key = normalise(name);
        let value = value.trim();
        match key.as_str() {
            "hospital_name" => info.name = value.to_string(),
            "last_updated_on" => info.last_updated_on = Some(value.to_string()),
            "version" => info.version = Some(value.to_string()),
            "type_2_npi" => {
                info.npis = value
                    .split('|')
                    .map(|n| n.trim().to_string())
                    .filter(|n| !n.is_empty())
                    .collect()
            }
            k if k.starts_with("license_number|") => {
                let state = k.trim_start_matches("license_number|").to_ascii_uppercase();
                if state.len() == 2 {
                    info.state = Some(state);
                }
            }
            _ => {}
        }
    }
    info
}

/// Where the fields every row reads sit.
struct Known {
    description: Option<usize>,
    setting: Option<usize>,
    modifiers: Option<usize>,
    gross: Option<usize>,
    cash: Option<usize>,
    payer: Option<usize>,
    plan: Option<usize>,
    dollar: Option<usize>,
    percentage: Option<usize>,
    algorithm: Option<usize>,
    methodology: Option<usize>,
    count: Option<usize>,
}

/// Where each field sits in the item header.
struct Columns {
    by_name: HashMap<String, usize>,
    /// The fields every row reads, found once (a name lookup per cell cost a tenth of an import).
    known: Known,
    /// (code column, type column), in code order.
    codes: Vec<(usize, Option<usize>)>,
    /// Wide files: each payer and plan with its columns, by field suffix.
    payers: Vec<(String, String, HashMap<String, usize>)>,
}

impl Columns {
    fn new(header: &csv::StringRecord) -> Columns {
        let mut by_name = HashMap::new();
        let mut payers: Vec<(String, String, HashMap<String, usize>)> = Vec::new();
        // Where each payer and plan sits in `payers`: a wide file can name 100,000 of them.
        let mut slot: HashMap<(String, String), usize> = HashMap::new();
        for (i, raw) in header.iter().enumerate() {
            let key = normalise(raw);
            by_name.entry(key.clone()).or_insert(i);
            let parts: Vec<&str> = raw.split('|').map(str::trim).collect();
            let field = parts[0].trim_start_matches('\u{feff}').to_lowercase();
            // standard_charge|payer|plan|negotiated_dollar, count|payer|plan, …
            let (payer, plan, suffix) = match (field.as_str(), parts.len()) {
                ("standard_charge", 4) => (parts[1], parts[2], parts[3].to_lowercase()),
                (_, 3) if field != "code" => (parts[1], parts[2], field.clone()),
                _ => continue,
            };
            let key = (payer.to_string(), plan.to_string());
            match slot.get(&key) {
                Some(&k) => {
                    payers[k].2.insert(suffix, i);
                }
                None => {
                    slot.insert(key, payers.len());
                    payers.push((
                        payer.to_string(),
                        plan.to_string(),
                        HashMap::from([(suffix, i)]),
                    ));
                }
            }
        }
        let mut codes = Vec::new();
        for n in 1.. {
            let Some(&code) = by_name.get(&format!("code|{n}")) else {
                break;
            };
            codes.push((code, by_name.get(&format!("code|{n}|type")).copied()));
        }
        let at = |name: &str| by_name.get(name).copied();
        let known = Known {
            description: at("description"),
            setting: at("setting"),
            modifiers: at("modifiers"),
            gross: at("standard_charge|gross"),
            cash: at("standard_charge|discounted_cash"),
            payer: at("payer_name"),
            plan: at("plan_name"),
            dollar: at("standard_charge|negotiated_dollar"),
            percentage: at("standard_charge|negotiated_percentage"),
            algorithm: at("standard_charge|negotiated_algorithm"),
            methodology: at("standard_charge|methodology"),
            count: at("count"),
        };
        Columns {
            by_name,
            known,
            codes,
            payers,
        }
    }

    fn at(row: &csv::StringRecord, index: Option<usize>) -> &str {
        index.and_then(|i| row.get(i)).map_or("", str::trim)
    }
}

/// Reads the common fields of an item row; a bad money cell is reported and left out.
fn item(
    cols: &Columns,
    row: &csv::StringRecord,
    line: u64,
    problems: &mut Vec<PriceProblem>,
) -> Charge {
    let k = &cols.known;
    let mut money = |name: &str, index: Option<usize>| {
        let text = Columns::at(row, index);
        match amount(text) {
            Ok(v) => v,
            Err(problem) => {
                problems.push(PriceProblem {
                    row: line,
                    column: name.to_string(),
                    value: text.to_string(),
                    problem,
                });
                None
            }
        }
    };
    let gross_charge = money("standard_charge|gross", k.gross);
    let cash_price = money("standard_charge|discounted_cash", k.cash);
    let codes = cols
        .codes
        .iter()
        .filter_map(|(c, t)| {
            let code = row.get(*c)?.trim();
            let kind = t.and_then(|t| row.get(t)).unwrap_or("").trim();
            (!code.is_empty()).then(|| (code.to_string(), kind.to_ascii_uppercase()))
        })
        .collect();
    Charge {
        description: Columns::at(row, k.description).to_string(),
        codes,
        setting: Columns::at(row, k.setting).to_ascii_lowercase(),
        modifiers: Columns::at(row, k.modifiers).to_string(),
        gross_charge,
        cash_price,
        ..Default::default()
    }
}

fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// One payer's charge from its cells (tall: the row's own; wide: the payer's columns).
/// Gives `charge` one payer's price from its cells (tall: the row's own; wide: the payer's
/// columns); false when the payer has no price in this row. `name` words a cell for a problem.
#[allow(clippy::too_many_arguments)]
fn payer_fields<'r>(
    charge: &mut Charge,
    payer: &str,
    plan: &str,
    value: &dyn Fn(&str) -> &'r str,
    name: &dyn Fn(&str) -> String,
    line: u64,
    problems: &mut Vec<PriceProblem>,
) -> bool {
    let mut money = |suffix: &str| {
        let text = value(suffix);
        match amount(text) {
            Ok(v) => v,
            Err(problem) => {
                problems.push(PriceProblem {
                    row: line,
                    column: name(suffix),
                    value: text.to_string(),
                    problem,
                });
                None
            }
        }
    };
    let dollar = money("negotiated_dollar");
    let percentage = money("negotiated_percentage");
    let algorithm = optional(value("negotiated_algorithm"));
    if dollar.is_none() && percentage.is_none() && algorithm.is_none() {
        return false;
    }
    charge.payer = payer.to_string();
    charge.plan = plan.to_string();
    charge.negotiated_dollar = dollar;
    charge.negotiated_percentage = percentage;
    charge.algorithm = algorithm;
    charge.methodology = value("methodology").to_string();
    charge.count = optional(value("count"));
    true
}

pub(super) fn read<R: BufRead>(
    mut reader: R,
    file: &str,
    sink: &mut dyn FnMut(Charge) -> Result<(), String>,
) -> Result<(HospitalInfo, Vec<PriceProblem>), PriceFileError> {
    skip_bom(&mut reader);
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(reader);
    let mut records = csv.records();
    let mut next = |what: &str| {
        records
            .next()
            .ok_or_else(|| PriceFileError::Unreadable {
                file: file.into(),
                reason: format!("ends before its {what}"),
            })?
            .map_err(|e| PriceFileError::Unreadable {
                file: file.into(),
                reason: e.to_string(),
            })
    };
    let names = next("hospital header row")?;
    let values = next("hospital row")?;
    let header = next("item header row (the third line)")?;
    let info = hospital(&names, &values);
    let cols = Columns::new(&header);
    if !cols.by_name.contains_key("description") {
        return Err(PriceFileError::Row {
            file: file.into(),
            row: 3,
            reason: "the item header (description, code|1, …, setting) is missing".into(),
        });
    }
    let tall = cols.by_name.contains_key("payer_name");
    let mut problems = Vec::new();
    for record in records {
        let row = record.map_err(|e| PriceFileError::Unreadable {
            file: file.into(),
            reason: e.to_string(),
        })?;
        let line = row.position().map_or(0, |p| p.line());
        let base = item(&cols, &row, line, &mut problems);
        let emit = |c: Charge, sink: &mut dyn FnMut(Charge) -> Result<(), String>| {
            sink(c).map_err(|reason| PriceFileError::Row {
                file: file.into(),
                row: line,
                reason,
            })
        };
        if tall {
            let k = &cols.known;
            let index = |suffix: &str| match suffix {
                "negotiated_dollar" => k.dollar,
                "negotiated_percentage" => k.percentage,
                "negotiated_algorithm" => k.algorithm,
                "methodology" => k.methodology,
                _ => k.count,
            };
            let value = |suffix: &str| Columns::at(&row, index(suffix));
            let name = |suffix: &str| match suffix {
                "count" => "count".to_string(),
                other => format!("standard_charge|{other}"),
            };
            let (payer, plan) = (Columns::at(&row, k.payer), Columns::at(&row, k.plan));
            let mut charge = base;
            payer_fields(&mut charge, payer, plan, &value, &name, line, &mut problems);
            emit(charge, sink)?;
            continue;
        }
        let mut any = false;
        for (payer, plan, at) in &cols.payers {
            let value = |suffix: &str| at.get(suffix).and_then(|i| row.get(*i)).unwrap_or("");
            let name = |suffix: &str| format!("{suffix}|{payer}|{plan}");
            let mut charge = base.clone();
            if payer_fields(&mut charge, payer, plan, &value, &name, line, &mut problems) {
                let c = charge;
                emit(c, sink)?;
                any = true;
            }
        }
        if !any {
            emit(base, sink)?;
        }
    }
    Ok((info, problems))
}
