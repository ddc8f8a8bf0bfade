//! Reference pricing (scenario kind `reference_price`, DESIGN §4.9): pay hospitals a set
//! percent of Medicare, as a cap on today's prices or as a flat rate, at a target the
//! coalition chooses or at its own median. Each hospital's spend now and at the target, and
//! the savings.

use serde::{Deserialize, Serialize};

/// How the target applies (`mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefPricing {
    /// Prices above the target come down to it; prices below stay.
    #[default]
    Cap,
    /// Every hospital is paid the target.
    Flat,
}

/// The target: a multiple of Medicare (2.0 = 200 %), or the coalition's median (`"median"`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Target {
    Multiple(f64),
    Named(TargetName),
}

/// The named target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetName {
    /// The median of the hospitals' prices today.
    Median,
}

/// One service a hospital gives: its yearly volume, negotiated price and Medicare's price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceLine {
    pub code: String,
    #[serde(default)]
    pub setting: String,
    pub volume: f64,
    pub negotiated: f64,
    pub medicare: f64,
}

/// A hospital and its services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HospitalServices {
    pub name: String,
    pub services: Vec<ServiceLine>,
}

impl HospitalServices {
    /// Σ volume × negotiated.
    pub fn spend(&self) -> f64 {
        self.services.iter().map(|s| s.volume * s.negotiated).sum()
    }

    /// Σ volume × Medicare: what Medicare would pay for the same services.
    pub fn medicare_spend(&self) -> f64 {
        self.services.iter().map(|s| s.volume * s.medicare).sum()
    }
}

/// The inputs (DESIGN §4.7 `reference_price`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferencePriceParams {
    pub target: Target,
    #[serde(default)]
    pub mode: RefPricing,
    pub hospitals: Vec<HospitalServices>,
}

/// One hospital now and at the target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HospitalResult {
    pub name: String,
    pub relative_price_now: f64,
    pub relative_price_at_target: f64,
    pub spend_now: f64,
    pub spend_at_target: f64,
    pub savings: f64,
}

/// The outputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferencePriceOutputs {
    pub spend_now: f64,
    pub spend_at_target: f64,
    pub savings: f64,
    pub hospitals: Vec<HospitalResult>,
    /// The target applied (the median when asked for), as a multiple of Medicare.
    pub target_used: f64,
    /// Savings as a share of today's spend.
    pub savings_pct: f64,
}

/// Why the inputs cannot be run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct ReferencePriceError(pub String);

/// The median of the hospitals' prices today (the middle two averaged).
pub fn median_relative_price(hospitals: &[HospitalServices]) -> Option<f64> {
    let mut v: Vec<f64> = hospitals
        .iter()
        .filter(|h| h.medicare_spend() > 0.0)
        .map(|h| h.spend() / h.medicare_spend())
        .collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// A service's yearly spend at `target` × Medicare: capped per service, or flat.
pub fn service_at_target(s: &ServiceLine, target: f64, mode: RefPricing) -> f64 {
    let at = target * s.medicare;
    s.volume
        * match mode {
            RefPricing::Cap => s.negotiated.min(at),
            RefPricing::Flat => at,
        }
}

fn check(p: &ReferencePriceParams) -> Result<(), ReferencePriceError> {
    if p.hospitals.is_empty() {
        return Err(ReferencePriceError(
            "add at least one hospital (Fill from workspace takes the imported prices)".into(),
        ));
    }
    for h in &p.hospitals {
        if h.medicare_spend() <= 0.0 {
            return Err(ReferencePriceError(format!(
                "{}: no service with a Medicare price and a volume",
                h.name
            )));
        }
        if let Some(s) = h
            .services
            .iter()
            .find(|s| s.volume < 0.0 || s.negotiated < 0.0 || s.medicare < 0.0)
        {
            return Err(ReferencePriceError(format!(
                "{}, {}: volume and prices cannot be negative",
                h.name, s.code
            )));
        }
    }
    Ok(())
}

/// Runs the scenario.
pub fn run(p: &ReferencePriceParams) -> Result<ReferencePriceOutputs, ReferencePriceError> {
    check(p)?;
    let target = match p.target {
        Target::Multiple(t) => t,
        Target::Named(TargetName::Median) => median_relative_price(&p.hospitals).unwrap_or(0.0),
    };
    if target <= 0.0 || !target.is_finite() {
        return Err(ReferencePriceError(
            "the target must be above 0 % of Medicare".into(),
        ));
    }
    let hospitals: Vec<HospitalResult> = p
        .hospitals
        .iter()
        .map(|h| {
            let (now, medicare) = (h.spend(), h.medicare_spend());
            let at: f64 = h
                .services
                .iter()
                .map(|s| service_at_target(s, target, p.mode))
                .sum();
            HospitalResult {
                name: h.name.clone(),
                relative_price_now: now / medicare,
                relative_price_at_target: at / medicare,
                spend_now: now,
                spend_at_target: at,
                savings: now - at,
            }
        })
        .collect();
    let spend_now: f64 = hospitals.iter().map(|h| h.spend_now).sum();
    let spend_at: f64 = hospitals.iter().map(|h| h.spend_at_target).sum();
    Ok(ReferencePriceOutputs {
        spend_now,
        spend_at_target: spend_at,
        savings: spend_now - spend_at,
        hospitals,
        target_used: target,
        savings_pct: if spend_now > 0.0 {
            (spend_now - spend_at) / spend_now
        } else {
            0.0
        },
    })
}

/// Three hospitals, each with an MRI and a knee replacement, at 280 %, 225 % and 200 % of
/// Medicare, capped at 200 %: $3,226,400 of $11,932,800 saved (DESIGN's worked example in
/// the test).
pub fn worked_example() -> ReferencePriceParams {
    let line =
        |code: &str, setting: &str, volume: f64, negotiated: f64, medicare: f64| ServiceLine {
            code: code.into(),
            setting: setting.into(),
            volume,
            negotiated,
            medicare,
        };
    let hospital = |name: &str, level: f64| HospitalServices {
        name: name.into(),
        services: vec![
            line(
                "70551",
                "outpatient",
                2_000.0,
                (241.72 * level * 100.0).round() / 100.0,
                241.72,
            ),
            line(
                "470",
                "inpatient",
                300.0,
                (15_545.62 * level * 100.0).round() / 100.0,
                15_545.62,
            ),
        ],
    };
    ReferencePriceParams {
        target: Target::Multiple(2.0),
        mode: RefPricing::Cap,
        hospitals: vec![
            hospital("Lakes Regional Medical Center", 2.8),
            hospital("Riverbend Community Hospital", 2.25),
            hospital("Harbor County Hospital", 2.0),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Medicare spend of each example hospital: 2,000 × $241.72 + 300 × $15,545.62.
    const MEDICARE: f64 = 2_000.0 * 241.72 + 300.0 * 15_545.62;

    #[test]
    fn a_cap_at_200_percent_brings_only_the_dearer_hospitals_down() {
        let out = run(&worked_example()).unwrap();
        let at = 2.0 * MEDICARE;
        assert!((out.hospitals[0].spend_at_target - at).abs() < 0.01);
        assert!((out.hospitals[1].spend_at_target - at).abs() < 0.01);
        assert!(out.hospitals[2].savings.abs() < 0.01, "already at 200 %");
        assert!((out.hospitals[0].relative_price_now - 2.8).abs() < 1e-4);
        assert!((out.hospitals[0].relative_price_at_target - 2.0).abs() < 1e-9);
        let saved = out.hospitals[0].savings + out.hospitals[1].savings;
        assert!((out.savings - saved).abs() < 1e-6);
        // Prices rounded to cents move the savings a few dollars from 1.05 × Medicare.
        assert!(
            (out.savings - (0.8 + 0.25) * MEDICARE).abs() < 50.0,
            "{}",
            out.savings
        );
    }

    #[test]
    fn a_flat_rate_raises_a_hospital_below_the_target() {
        let mut p = worked_example();
        p.mode = RefPricing::Flat;
        p.target = Target::Multiple(2.1);
        let out = run(&p).unwrap();
        // Harbor at 200 % is paid 210 %: 0.1 × its Medicare spend more.
        assert!((out.hospitals[2].savings + 0.1 * MEDICARE).abs() < 1.0);
    }

    #[test]
    fn the_median_target_is_the_middle_hospitals_price() {
        let p: ReferencePriceParams = serde_json::from_value(serde_json::json!({
            "target": "median",
            "mode": "cap",
            "hospitals": serde_json::to_value(worked_example().hospitals).unwrap(),
        }))
        .unwrap();
        let out = run(&p).unwrap();
        assert!((out.target_used - 2.25).abs() < 1e-4);
        // Only Lakes Regional (280 %) is above 225 %: 0.55 × its Medicare spend.
        assert!(
            (out.savings - 0.55 * MEDICARE).abs() < 50.0,
            "{}",
            out.savings
        );
    }

    #[test]
    fn a_hospital_without_medicare_prices_is_refused_by_name() {
        let mut p = worked_example();
        p.hospitals[0]
            .services
            .iter_mut()
            .for_each(|s| s.medicare = 0.0);
        assert!(run(&p).unwrap_err().0.contains("Lakes Regional"));
    }
}
