//! CMS's JSON layout, read as a stream: the hospital's fields are kept, and each item of
//! `standard_charge_information` is turned into charges and handed on as soon as it is read,
//! so a file of several gigabytes in one array never sits in memory.

use super::each_item::EachItem;
use super::{Charge, HospitalInfo, PriceFileError, PriceProblem};
use serde::Deserialize;
use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use std::fmt;
use std::io::BufRead;

#[derive(Deserialize)]
struct CodeInfo {
    code: Value,
    #[serde(rename = "type", default)]
    kind: String,
}

#[derive(Deserialize, Default)]
struct PayerInfo {
    #[serde(default)]
    payer_name: String,
    #[serde(default)]
    plan_name: String,
    standard_charge_dollar: Option<Value>,
    standard_charge_percentage: Option<Value>,
    standard_charge_algorithm: Option<String>,
    #[serde(default)]
    methodology: String,
    count: Option<Value>,
}

#[derive(Deserialize)]
struct StandardCharge {
    #[serde(default)]
    setting: String,
    gross_charge: Option<Value>,
    discounted_cash: Option<Value>,
    modifier_code: Option<Vec<String>>,
    #[serde(default)]
    payers_information: Vec<PayerInfo>,
}

#[derive(Deserialize)]
struct Item {
    #[serde(default)]
    description: String,
    #[serde(default)]
    code_information: Vec<CodeInfo>,
    #[serde(default)]
    standard_charges: Vec<StandardCharge>,
}

#[derive(Deserialize, Default)]
struct License {
    state: Option<String>,
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// What the stream has read so far, and where to send charges.
struct State<'s> {
    info: HospitalInfo,
    problems: Vec<PriceProblem>,
    sink: &'s mut dyn FnMut(Charge) -> Result<(), String>,
    items: u64,
    /// A sink failure, kept to report with its item once serde unwinds.
    failed: Option<(u64, String)>,
}

impl State<'_> {
    fn money(&mut self, v: &Option<Value>, column: &str) -> Option<f64> {
        let v = v.as_ref()?;
        let parsed = match v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => super::amount(s).ok().flatten(),
            _ => None,
        };
        match parsed {
            Some(x) if x >= 0.0 && x.is_finite() => Some(x),
            _ if v.is_null() => None,
            _ => {
                self.problems.push(PriceProblem {
                    row: self.items,
                    column: column.to_string(),
                    value: text(v),
                    problem: if parsed.is_some() {
                        "a price cannot be negative".into()
                    } else {
                        "not a number".into()
                    },
                });
                None
            }
        }
    }

    fn item(&mut self, item: Item) -> Result<(), String> {
        self.items += 1;
        let codes: Vec<(String, String)> = item
            .code_information
            .iter()
            .map(|c| (text(&c.code), c.kind.trim().to_ascii_uppercase()))
            .filter(|(c, _)| !c.is_empty())
            .collect();
        for sc in item.standard_charges {
            let base = Charge {
                description: item.description.clone(),
                codes: codes.clone(),
                setting: sc.setting.to_ascii_lowercase(),
                modifiers: sc.modifier_code.unwrap_or_default().join("|"),
                gross_charge: self.money(&sc.gross_charge, "gross_charge"),
                cash_price: self.money(&sc.discounted_cash, "discounted_cash"),
                ..Default::default()
            };
            if sc.payers_information.is_empty() {
                (self.sink)(base.clone())?;
            }
            for p in sc.payers_information {
                let charge = Charge {
                    payer: p.payer_name.trim().to_string(),
                    plan: p.plan_name.trim().to_string(),
                    negotiated_dollar: self
                        .money(&p.standard_charge_dollar, "standard_charge_dollar"),
                    negotiated_percentage: self
                        .money(&p.standard_charge_percentage, "standard_charge_percentage"),
                    algorithm: p.standard_charge_algorithm.filter(|a| !a.trim().is_empty()),
                    methodology: p.methodology.trim().to_string(),
                    count: p.count.as_ref().map(text).filter(|c| !c.is_empty()),
                    ..base.clone()
                };
                (self.sink)(charge)?;
            }
        }
        Ok(())
    }
}

struct Top<'a, 's>(&'a mut State<'s>);

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a hospital price file object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let info = &mut self.0.info;
            match key.as_str() {
                "hospital_name" => info.name = map.next_value::<String>()?,
                "last_updated_on" => info.last_updated_on = Some(map.next_value::<String>()?),
                "version" => info.version = Some(map.next_value::<String>()?),
                "type_2_npi" => info.npis = map.next_value::<Vec<String>>()?,
                "license_information" => {
                    info.state = map
                        .next_value::<License>()?
                        .state
                        .map(|s| s.trim().to_ascii_uppercase())
                        .filter(|s| s.len() == 2)
                }
                "standard_charge_information" => {
                    let state = &mut *self.0;
                    let mut each = |item: Item| {
                        let done = state.item(item);
                        if let Err(e) = &done {
                            state.failed = Some((state.items, e.clone()));
                        }
                        done
                    };
                    map.next_value_seed(EachItem::new(
                        "a list of standard charge items",
                        &mut each,
                    ))?
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

pub(super) fn read<R: BufRead>(
    reader: R,
    file: &str,
    sink: &mut dyn FnMut(Charge) -> Result<(), String>,
) -> Result<(HospitalInfo, Vec<PriceProblem>), PriceFileError> {
    let mut state = State {
        info: HospitalInfo::default(),
        problems: Vec::new(),
        sink,
        items: 0,
        failed: None,
    };
    let parsed = super::each_item::read_object(reader, Top(&mut state));
    let failed = state.failed.take();
    super::each_item::outcome(parsed, failed, state.items, file, "hospital price file")?;
    if state.info.name.is_empty() {
        return Err(PriceFileError::Unreadable {
            file: file.into(),
            reason: "no hospital_name: not a hospital price file".into(),
        });
    }
    Ok((state.info, state.problems))
}
