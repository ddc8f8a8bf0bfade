//! Relative price (DESIGN §4.9, the employer-led hospital price study's method): what payers
//! pay a hospital divided by what Medicare would pay for the same services,
//! RP = Σ w·negotiated / Σ w·Medicare over the services that have both, by payer and plan and
//! by setting, with every service left unpriced and why.

use super::medicare::{MedicareTables, PriceQuery, Setting};
use std::collections::BTreeMap;

/// One negotiated charge as the method reads it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NegotiatedCharge {
    pub code: String,
    pub code_type: String,
    /// inpatient, outpatient or both (as the file says).
    pub setting: String,
    pub payer: String,
    pub plan: String,
    pub description: String,
    pub dollar: Option<f64>,
    pub percentage: Option<f64>,
    pub algorithm: Option<String>,
    pub count: Option<String>,
}

/// Where the hospital is, for Medicare's local prices.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HospitalPlace {
    pub state: Option<String>,
    pub wage_index: Option<f64>,
}

/// A service with both prices.
#[derive(Debug, Clone, PartialEq)]
pub struct PricedService {
    pub code: String,
    pub setting: Setting,
    pub payer: String,
    pub plan: String,
    pub negotiated: f64,
    pub medicare: f64,
    /// The price file's count, where it gives a number.
    pub count: Option<f64>,
}

impl PricedService {
    /// This service's negotiated price as a multiple of Medicare's.
    pub fn ratio(&self) -> f64 {
        self.negotiated / self.medicare
    }
}

/// A service left out, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnpricedService {
    pub code: String,
    pub description: String,
    pub payer: String,
    pub plan: String,
    pub reason: String,
}

/// A relative price over some services, and how much of them it rests on.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RelativePrice {
    /// As a fraction: 2.54 = 254 % of Medicare; `None` when nothing could be priced.
    pub relative_price: Option<f64>,
    pub services_priced: usize,
    pub services_unpriced: usize,
    /// The share of the volume priced, where the file's counts give volumes.
    pub volume_weighted: bool,
}

/// The `count` as a number: "14" → 14; a range like "1 through 10" or a blank → none.
pub fn count_number(count: Option<&str>) -> Option<f64> {
    count?
        .trim()
        .replace(',', "")
        .parse::<f64>()
        .ok()
        .filter(|c| *c >= 0.0)
}

/// Σ w·negotiated / Σ w·Medicare, with w the file's count when every service has a count of
/// 11 or more (smaller counts are suppressed as ranges), else 1.
pub fn relative_price(services: &[&PricedService]) -> (Option<f64>, bool) {
    if services.is_empty() {
        return (None, false);
    }
    let by_volume = services.iter().all(|s| s.count.is_some_and(|c| c >= 11.0));
    let weight = |s: &PricedService| {
        if by_volume {
            s.count.unwrap_or(1.0)
        } else {
            1.0
        }
    };
    let paid: f64 = services.iter().map(|s| weight(s) * s.negotiated).sum();
    let medicare: f64 = services.iter().map(|s| weight(s) * s.medicare).sum();
    ((medicare > 0.0).then(|| paid / medicare), by_volume)
}

/// A hospital's price from the coalition's own claims: allowed amounts against what Medicare
/// would pay for the same services, weighted by the claims' counts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ClaimsPrice {
    /// Σ allowed / Σ services × Medicare, as a fraction; `None` when nothing could be priced.
    pub relative_price: Option<f64>,
    pub services_priced: u64,
    pub services_unpriced: u64,
    pub allowed_priced: f64,
}

/// One of a hospital's services in claims: code type, code, setting, count and allowed sum.
pub type ClaimedService<'a> = (&'a str, &'a str, &'a str, u64, f64);

/// The relative price of what claims paid the hospital (DESIGN §4.9 with w = claim counts).
pub fn claims_relative_price(
    tables: &MedicareTables,
    place: &HospitalPlace,
    services: &[ClaimedService],
) -> ClaimsPrice {
    let (mut allowed, mut medicare, mut priced, mut unpriced) = (0.0, 0.0, 0, 0);
    for (code_type, code, setting, count, allowed_usd) in services {
        let charge = NegotiatedCharge {
            code: code.to_string(),
            code_type: code_type.to_string(),
            setting: setting.to_string(),
            ..Default::default()
        };
        match medicare_for(tables, &charge, place) {
            Ok((_, price)) if price > 0.0 && *count > 0 => {
                allowed += allowed_usd;
                medicare += *count as f64 * price;
                priced += count;
            }
            _ => unpriced += count,
        }
    }
    ClaimsPrice {
        relative_price: (medicare > 0.0).then(|| allowed / medicare),
        services_priced: priced,
        services_unpriced: unpriced,
        allowed_priced: allowed,
    }
}

/// Medicare's price for a charge, or why it has none.
pub fn medicare_for(
    tables: &MedicareTables,
    c: &NegotiatedCharge,
    place: &HospitalPlace,
) -> Result<(Setting, f64), String> {
    if c.code.is_empty() {
        return Err("no code".into());
    }
    let kind = c.code_type.to_ascii_uppercase();
    let setting = match kind.as_str() {
        "MS-DRG" => Setting::Inpatient,
        // A professional fee (an insurer's file says so) is priced on the physician fee
        // schedule at its facility rate.
        "CPT" | "HCPCS" if c.setting == "professional" => Setting::Facility,
        "CPT" | "HCPCS" if c.setting == "inpatient" => {
            return Err(
                "an inpatient service priced per day or per service, without an MS-DRG".into(),
            );
        }
        "CPT" | "HCPCS" => Setting::Outpatient,
        "RC" => return Err("a revenue code alone: Medicare prices by HCPCS or MS-DRG".into()),
        "NDC" => return Err("a drug by NDC: no Medicare rate here".into()),
        other => return Err(format!("a {other} code: no Medicare rate here")),
    };
    let query = PriceQuery {
        code: c.code.clone(),
        setting: Some(setting),
        state: place.state.clone(),
        wage_index: place.wage_index,
        ..Default::default()
    };
    tables
        .price(&query)
        .map(|p| (setting, p.medicare_allowed))
        .map_err(|e| e.to_string())
}

/// Why a charge has no dollar amount to compare.
fn no_dollar_reason(c: &NegotiatedCharge) -> String {
    if let Some(p) = c.percentage {
        return format!("{p} % of charges: no dollar amount");
    }
    if c.algorithm.is_some() {
        return "an algorithm without a dollar amount".into();
    }
    "no dollar amount".into()
}

/// Every charge priced against Medicare, or set aside with its reason.
pub fn price_charges(
    tables: &MedicareTables,
    charges: &[NegotiatedCharge],
    place: &HospitalPlace,
) -> (Vec<PricedService>, Vec<UnpricedService>) {
    let mut priced = Vec::new();
    let mut unpriced = Vec::new();
    for c in charges {
        let left_out = |reason: String| UnpricedService {
            code: c.code.clone(),
            description: c.description.clone(),
            payer: c.payer.clone(),
            plan: c.plan.clone(),
            reason,
        };
        let Some(dollar) = c.dollar else {
            unpriced.push(left_out(no_dollar_reason(c)));
            continue;
        };
        match medicare_for(tables, c, place) {
            Ok((setting, medicare)) if medicare > 0.0 => priced.push(PricedService {
                code: c.code.clone(),
                setting,
                payer: c.payer.clone(),
                plan: c.plan.clone(),
                negotiated: dollar,
                medicare,
                count: count_number(c.count.as_deref()),
            }),
            Ok(_) => unpriced.push(left_out("Medicare's price is zero".into())),
            Err(reason) => unpriced.push(left_out(reason)),
        }
    }
    (priced, unpriced)
}

/// A hospital's relative prices: overall, by setting, and by payer and plan.
#[derive(Debug, Clone, PartialEq)]
pub struct HospitalPrices {
    pub overall: RelativePrice,
    pub by_setting: BTreeMap<&'static str, RelativePrice>,
    pub by_payer: Vec<(String, String, RelativePrice)>,
    pub priced: Vec<PricedService>,
    pub unpriced: Vec<UnpricedService>,
}

fn summarise(priced: &[&PricedService], unpriced: usize) -> RelativePrice {
    let (relative_price, volume_weighted) = relative_price(priced);
    RelativePrice {
        relative_price,
        services_priced: priced.len(),
        services_unpriced: unpriced,
        volume_weighted,
    }
}

/// The relative prices of one hospital's charges.
pub fn hospital_prices(
    tables: &MedicareTables,
    charges: &[NegotiatedCharge],
    place: &HospitalPlace,
) -> HospitalPrices {
    let (priced, unpriced) = price_charges(tables, charges, place);
    let all: Vec<&PricedService> = priced.iter().collect();
    let mut by_setting = BTreeMap::new();
    for setting in [Setting::Inpatient, Setting::Outpatient, Setting::Facility] {
        let these: Vec<&PricedService> = priced.iter().filter(|p| p.setting == setting).collect();
        if !these.is_empty() {
            let key = match setting {
                Setting::Facility => "professional",
                other => other.code(),
            };
            by_setting.insert(key, summarise(&these, 0));
        }
    }
    let mut payers: Vec<(String, String)> = charges
        .iter()
        .map(|c| (c.payer.clone(), c.plan.clone()))
        .collect();
    payers.sort();
    payers.dedup();
    let by_payer = payers
        .into_iter()
        .map(|(payer, plan)| {
            let these: Vec<&PricedService> = priced
                .iter()
                .filter(|p| p.payer == payer && p.plan == plan)
                .collect();
            let left = unpriced
                .iter()
                .filter(|u| u.payer == payer && u.plan == plan)
                .count();
            let summary = summarise(&these, left);
            (payer, plan, summary)
        })
        .collect();
    HospitalPrices {
        overall: summarise(&all, unpriced.len()),
        by_setting,
        by_payer,
        priced,
        unpriced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(negotiated: f64, medicare: f64, count: Option<f64>) -> PricedService {
        PricedService {
            code: "x".into(),
            setting: Setting::Outpatient,
            payer: "P".into(),
            plan: "A".into(),
            negotiated,
            medicare,
            count,
        }
    }

    #[test]
    fn the_relative_price_is_the_ratio_of_the_sums_not_the_mean_of_ratios() {
        let (a, b) = (service(400.0, 200.0, None), service(8_000.0, 2_000.0, None));
        // (400 + 8,000) / (200 + 2,000) = 3.818…, not (2 + 4) / 2.
        let (rp, by_volume) = relative_price(&[&a, &b]);
        assert!((rp.unwrap() - 8_400.0 / 2_200.0).abs() < 1e-12);
        assert!(!by_volume);
    }

    #[test]
    fn counts_weight_the_services_only_when_every_one_is_eleven_or_more() {
        let (a, b) = (
            service(400.0, 200.0, Some(100.0)),
            service(8_000.0, 2_000.0, Some(11.0)),
        );
        let (rp, by_volume) = relative_price(&[&a, &b]);
        let want = (100.0 * 400.0 + 11.0 * 8_000.0) / (100.0 * 200.0 + 11.0 * 2_000.0);
        assert!((rp.unwrap() - want).abs() < 1e-12);
        assert!(by_volume);
        let small = service(8_000.0, 2_000.0, Some(5.0));
        assert!(
            !relative_price(&[&a, &small]).1,
            "a suppressed count leaves weights at 1"
        );
    }

    #[test]
    fn a_count_range_is_not_a_number() {
        assert_eq!(count_number(Some("1 through 10")), None);
        assert_eq!(count_number(Some("1,250")), Some(1_250.0));
    }
}

#[cfg(test)]
mod claims_price_tests {
    use super::*;

    #[test]
    fn claims_pay_a_hospital_twice_medicare_when_allowed_is_twice_the_medicare_price() {
        let tables = MedicareTables::embedded();
        let place = HospitalPlace::default();
        // 70551 (MRI brain) is $241.72 on OPPS nationally; two scans allowed $966.88.
        let services = [
            ("HCPCS", "70551", "outpatient", 2, 966.88),
            ("HCPCS", "NOTACODE", "outpatient", 3, 500.0),
        ];
        let p = claims_relative_price(&tables, &place, &services);
        assert!((p.relative_price.unwrap() - 2.0).abs() < 1e-9, "{p:?}");
        assert_eq!((p.services_priced, p.services_unpriced), (2, 3));
    }
}
