//! Insurers' in-network rate files (Transparency in Coverage, schema 2.x): read as a stream,
//! each negotiated price attached to the provider groups its `provider_references` name, and
//! kept only for the providers and codes asked for (a payer's file runs to tens of GB).

use super::each_item::EachItem;
use super::{PriceFileError, PriceProblem};
use serde::Deserialize;
use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::BufRead;

pub use crate::store::prices::{InNetworkRate, ProviderGroup};

/// Which rates to keep: providers by NPI or tax id, and billing codes (empty: all).
#[derive(Debug, Clone, Default)]
pub struct InsurerFilter {
    pub npis: HashSet<String>,
    pub tins: HashSet<String>,
    pub codes: HashSet<String>,
}

impl InsurerFilter {
    fn keeps_group(&self, g: &ProviderGroup) -> bool {
        (self.npis.is_empty() && self.tins.is_empty())
            || self.tins.contains(&g.tin)
            || g.npis.iter().any(|n| self.npis.contains(n))
    }

    fn keeps_code(&self, code: &str) -> bool {
        self.codes.is_empty() || self.codes.contains(code)
    }
}

/// The plan of a file that names none (its plans are in the insurer's table of contents).
pub const PLANS_NOT_NAMED: &str = "plans named in the insurer's table of contents";

/// The file's own facts: who reports, and for which plan.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct InsurerInfo {
    pub reporting_entity_name: String,
    pub plan_name: String,
    pub last_updated_on: Option<String>,
    pub version: Option<String>,
}

#[derive(Deserialize)]
struct ReportingPlan {
    #[serde(default)]
    plan_name: String,
}

#[derive(Deserialize)]
struct Tin {
    #[serde(default)]
    value: String,
    #[serde(default)]
    business_name: String,
}

#[derive(Deserialize)]
struct RawGroup {
    #[serde(default)]
    npi: Vec<Value>,
    tin: Option<Tin>,
}

#[derive(Deserialize)]
struct RawReference {
    provider_group_id: Value,
    #[serde(default)]
    provider_groups: Vec<RawGroup>,
    location: Option<String>,
}

#[derive(Deserialize)]
struct RawPrice {
    #[serde(default)]
    setting: String,
    #[serde(default)]
    negotiated_type: String,
    negotiated_rate: Option<f64>,
    #[serde(default)]
    billing_class: String,
    #[serde(default)]
    billing_code_modifier: Vec<String>,
}

#[derive(Deserialize)]
struct RawRate {
    #[serde(default)]
    provider_references: Vec<Value>,
    #[serde(default)]
    provider_groups: Vec<RawGroup>,
    #[serde(default)]
    negotiated_prices: Vec<RawPrice>,
}

#[derive(Deserialize)]
struct RawItem {
    #[serde(default)]
    billing_code_type: String,
    #[serde(default)]
    billing_code: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    negotiated_rates: Vec<RawRate>,
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        other => other.to_string(),
    }
}

fn group(raw: RawGroup) -> ProviderGroup {
    let tin = raw.tin.unwrap_or(Tin {
        value: String::new(),
        business_name: String::new(),
    });
    ProviderGroup {
        npis: raw.npi.iter().map(text).collect(),
        tin: tin.value.trim().to_string(),
        business_name: tin.business_name.trim().to_string(),
    }
}

struct State<'s> {
    info: InsurerInfo,
    filter: &'s InsurerFilter,
    references: HashMap<String, Vec<ProviderGroup>>,
    /// References given by a `location` (another file): named in the problems, not fetched.
    remote: HashSet<String>,
    problems: Vec<PriceProblem>,
    items: u64,
    sink: &'s mut dyn FnMut(&InsurerInfo, InNetworkRate) -> Result<(), String>,
    failed: Option<(u64, String)>,
}

impl State<'_> {
    fn groups_of(&mut self, rate: &mut RawRate) -> Vec<ProviderGroup> {
        let mut groups: Vec<ProviderGroup> = rate.provider_groups.drain(..).map(group).collect();
        for r in &rate.provider_references {
            let id = text(r);
            match self.references.get(&id) {
                Some(found) => groups.extend(found.iter().cloned()),
                None => {
                    let problem = if self.remote.contains(&id) {
                        "provider reference kept in another file (a location): not fetched, since nothing leaves this machine"
                    } else {
                        "provider reference not found in provider_references"
                    };
                    self.problems.push(PriceProblem {
                        row: self.items,
                        column: "provider_references".into(),
                        value: id,
                        problem: problem.into(),
                    });
                }
            }
        }
        groups
    }

    /// Keeps a provider reference's groups, or notes that another file holds them.
    fn reference(&mut self, r: RawReference) {
        let id = text(&r.provider_group_id);
        if r.location.is_some() && r.provider_groups.is_empty() {
            self.remote.insert(id);
            return;
        }
        let groups = r.provider_groups.into_iter().map(group).collect();
        self.references.insert(id, groups);
    }

    fn item(&mut self, mut item: RawItem) -> Result<(), String> {
        self.items += 1;
        if !self.filter.keeps_code(&item.billing_code) {
            return Ok(());
        }
        let description = if item.description.is_empty() {
            item.name.clone()
        } else {
            item.description.clone()
        };
        for mut rate in std::mem::take(&mut item.negotiated_rates) {
            let groups: Vec<ProviderGroup> = self
                .groups_of(&mut rate)
                .into_iter()
                .filter(|g| self.filter.keeps_group(g))
                .collect();
            for price in &rate.negotiated_prices {
                let Some(value) = price.negotiated_rate.filter(|r| r.is_finite() && *r >= 0.0)
                else {
                    self.problems.push(PriceProblem {
                        row: self.items,
                        column: "negotiated_rate".into(),
                        value: price
                            .negotiated_rate
                            .map(|r| r.to_string())
                            .unwrap_or_default(),
                        problem: "missing or negative".into(),
                    });
                    continue;
                };
                for g in &groups {
                    (self.sink)(
                        &self.info,
                        InNetworkRate {
                            group: g.clone(),
                            code: item.billing_code.trim().to_string(),
                            code_type: item.billing_code_type.trim().to_ascii_uppercase(),
                            description: description.clone(),
                            setting: price.setting.to_ascii_lowercase(),
                            billing_class: price.billing_class.to_ascii_lowercase(),
                            negotiated_type: price.negotiated_type.to_ascii_lowercase(),
                            rate: value,
                            modifiers: price.billing_code_modifier.join("|"),
                        },
                    )?;
                }
            }
        }
        Ok(())
    }
}

struct Top<'a, 's>(&'a mut State<'s>);

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an in-network rate file object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let info = &mut self.0.info;
            match key.as_str() {
                "reporting_entity_name" => info.reporting_entity_name = map.next_value()?,
                "plan_name" => info.plan_name = map.next_value()?,
                // A file for several plans lists them instead of one plan_name.
                "reporting_plans" => {
                    let plans: Vec<ReportingPlan> = map.next_value()?;
                    if info.plan_name.is_empty() {
                        info.plan_name = plans
                            .iter()
                            .map(|p| p.plan_name.trim())
                            .filter(|p| !p.is_empty())
                            .collect::<Vec<_>>()
                            .join("; ");
                    }
                }
                "last_updated_on" => info.last_updated_on = Some(map.next_value()?),
                "version" => info.version = Some(map.next_value()?),
                "provider_references" => {
                    let state = &mut *self.0;
                    let mut each = |r: RawReference| {
                        state.reference(r);
                        Ok(())
                    };
                    map.next_value_seed(EachItem::new("a list of provider references", &mut each))?
                }
                "in_network" => {
                    let state = &mut *self.0;
                    let mut each = |item: RawItem| {
                        let done = state.item(item);
                        if let Err(e) = &done {
                            state.failed = Some((state.items, e.clone()));
                        }
                        done
                    };
                    map.next_value_seed(EachItem::new("a list of in-network items", &mut each))?
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// Reads an in-network rate file; each kept rate goes to `sink` with what the file has said of
/// the insurer so far (its name comes first in files that follow the schema's order).
/// `provider_references` must
/// come before `in_network`, as the schema lists them (a reference not yet read is reported).
pub fn read<R: BufRead>(
    reader: R,
    file: &str,
    filter: &InsurerFilter,
    sink: &mut dyn FnMut(&InsurerInfo, InNetworkRate) -> Result<(), String>,
) -> Result<(InsurerInfo, Vec<PriceProblem>), PriceFileError> {
    let mut state = State {
        info: InsurerInfo::default(),
        filter,
        references: HashMap::new(),
        remote: HashSet::new(),
        problems: Vec::new(),
        items: 0,
        sink,
        failed: None,
    };
    let parsed = super::each_item::read_object(reader, Top(&mut state));
    let failed = state.failed.take();
    super::each_item::outcome(parsed, failed, state.items, file, "in-network rate file")?;
    // A file shared by several plans names them in the insurer's table of contents instead.
    if state.info.plan_name.trim().is_empty() {
        state.info.plan_name = PLANS_NOT_NAMED.into();
    }
    Ok((state.info, state.problems))
}
