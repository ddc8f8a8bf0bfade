//! Actuarial value by the method of the HHS/CMS AV Calculator, over its 2026 continuance tables.
//!
//! Each table row is a band of enrollees by yearly allowed cost, with the band's share, its mean
//! cost and its cost and use of preventive care, primary care, specialists, the emergency room
//! and generic drugs. For every band the member's cost sharing is worked out from the plan's
//! deductible, coinsurance, out-of-pocket maximum, copays and HSA/HRA funding; the actuarial value
//! is what the plan pays over what all enrollees cost. Integrated deductibles use the combined
//! table; separate medical and drug deductibles use the medical and drug tables. The table is
//! chosen by the plan's metal tier and, when the result lands in another tier, recomputed once
//! with that tier's table, as the calculator does.
//!
//! Not modelled (the official calculator has them; results can differ by a few points): tiered
//! networks and their utilisation split, inpatient and skilled-nursing day limits and per-day
//! copays, copays for other services (imaging, labs, therapy, brand and specialty drugs),
//! coinsurance or copay caps on specialty drugs, copays that start after a number of visits, and
//! the calculator's trend for plan years other than 2026. The first 1–10 primary care visits free
//! of cost sharing are modelled from the tables' "beyond k visits" columns.

use crate::domain::Plan;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The calculator edition whose tables are embedded.
pub const CALCULATOR: &str = "CMS AV Calculator 2026 continuance tables";

/// Employer plans must reach 60 % actuarial value (minimum value, 26 CFR 1.36B-6).
pub const MINIMUM_VALUE_AV: f64 = 0.60;

/// The four metal tiers, each with its own continuance tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum Metal {
    Platinum,
    Gold,
    Silver,
    Bronze,
}

impl Metal {
    /// Every tier, best first.
    pub const ALL: [Metal; 4] = [Metal::Platinum, Metal::Gold, Metal::Silver, Metal::Bronze];

    /// "Gold".
    pub fn label(self) -> &'static str {
        match self {
            Metal::Platinum => "Platinum",
            Metal::Gold => "Gold",
            Metal::Silver => "Silver",
            Metal::Bronze => "Bronze",
        }
    }

    /// The tier's nominal actuarial value (platinum 90 % … bronze 60 %).
    pub fn nominal_av(self) -> f64 {
        match self {
            Metal::Platinum => 0.90,
            Metal::Gold => 0.80,
            Metal::Silver => 0.70,
            Metal::Bronze => 0.60,
        }
    }

    /// Reads a filed metal level: "Silver", "Expanded Bronze", "gold"; `None` for dental levels
    /// ("High", "Low") and catastrophic plans.
    pub fn parse(s: &str) -> Option<Metal> {
        let t = s.trim().to_ascii_lowercase();
        let t = t.strip_prefix("expanded ").unwrap_or(&t);
        Metal::ALL
            .into_iter()
            .find(|m| m.label().eq_ignore_ascii_case(t))
    }

    /// The tier whose nominal value is nearest `av` (for a design with no tier, between bands).
    pub fn nearest(av: f64) -> Metal {
        Metal::ALL
            .into_iter()
            .min_by(|a, b| {
                (a.nominal_av() - av)
                    .abs()
                    .total_cmp(&(b.nominal_av() - av).abs())
            })
            .unwrap_or(Metal::Silver)
    }

    fn file_stem(self) -> &'static str {
        match self {
            Metal::Platinum => "platinum",
            Metal::Gold => "gold",
            Metal::Silver => "silver",
            Metal::Bronze => "bronze",
        }
    }
}

/// A metal level's allowed range of actuarial value in a span of plan years.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MetalBand {
    pub label: &'static str,
    pub metal: Metal,
    pub low: f64,
    pub high: f64,
}

const fn band(label: &'static str, metal: Metal, low: f64, high: f64) -> MetalBand {
    MetalBand {
        label,
        metal,
        low,
        high,
    }
}

/// Metal bands with their de minimis ranges, by the first plan year they apply to.
/// Source: 45 CFR 156.140(c) — ±2 points from 2014; −4/+2 from 2018 (Market Stabilization rule,
/// 82 FR 18346) with bronze plans covering a major service before the deductible allowed up to
/// 65 %; −2/+2 from 2024 (2023 Payment Notice, 87 FR 27208), expanded bronze 58–65 %.
pub const METAL_BANDS: &[(i64, [MetalBand; 5])] = &[
    (
        2014,
        [
            band("Platinum", Metal::Platinum, 0.88, 0.92),
            band("Gold", Metal::Gold, 0.78, 0.82),
            band("Silver", Metal::Silver, 0.68, 0.72),
            band("Bronze", Metal::Bronze, 0.58, 0.62),
            band("Bronze", Metal::Bronze, 0.58, 0.62),
        ],
    ),
    (
        2018,
        [
            band("Platinum", Metal::Platinum, 0.86, 0.92),
            band("Gold", Metal::Gold, 0.76, 0.82),
            band("Silver", Metal::Silver, 0.66, 0.72),
            band("Bronze", Metal::Bronze, 0.56, 0.62),
            band("Expanded bronze", Metal::Bronze, 0.62, 0.65),
        ],
    ),
    (
        2024,
        [
            band("Platinum", Metal::Platinum, 0.88, 0.92),
            band("Gold", Metal::Gold, 0.78, 0.82),
            band("Silver", Metal::Silver, 0.68, 0.72),
            band("Bronze", Metal::Bronze, 0.58, 0.62),
            band("Expanded bronze", Metal::Bronze, 0.62, 0.65),
        ],
    ),
];

/// The bands that apply in `plan_year` (the earliest set before 2014, the latest after).
pub fn metal_bands(plan_year: i64) -> &'static [MetalBand; 5] {
    METAL_BANDS
        .iter()
        .rev()
        .find(|(from, _)| plan_year >= *from)
        .map(|(_, b)| b)
        .unwrap_or(&METAL_BANDS[0].1)
}

/// The metal level `av` qualifies for in `plan_year`, or `None` between or below the bands.
/// Rounded to 0.01 % first, as the calculator reports.
pub fn metal_band(av: f64, plan_year: i64) -> Option<&'static MetalBand> {
    let av = (av * 10_000.0).round() / 10_000.0;
    metal_bands(plan_year)
        .iter()
        .find(|b| av >= b.low - 1e-9 && av <= b.high + 1e-9)
}

/// What the plan makes members pay, as the calculator takes it.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct AvDesign {
    pub deductible_usd: f64,
    /// The member's share after the deductible, 0–1.
    pub coinsurance: f64,
    pub oop_max_usd: f64,
    /// A separate drug deductible and coinsurance; `None` when deductibles are combined.
    pub rx: Option<RxCostSharing>,
    pub copays: Copays,
    /// Copays apply only once the deductible is met (otherwise from the first visit).
    pub copays_after_deductible: bool,
    /// Employer money in an HSA or HRA each year, spent on the member's cost sharing.
    pub hsa_hra_funding_usd: f64,
    /// Primary care visits a year with no cost sharing (up to 10, the tables' limit).
    #[serde(default)]
    pub free_primary_care_visits: u32,
}

/// The drug side of a plan with separate deductibles.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct RxCostSharing {
    pub deductible_usd: f64,
    pub coinsurance: f64,
}

/// Copays per visit or prescription; 0 means the service follows deductible and coinsurance.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Copays {
    pub primary_care_usd: f64,
    pub specialist_usd: f64,
    pub emergency_room_usd: f64,
    pub generic_drug_usd: f64,
}

/// The estimate and how it was reached.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AvEstimate {
    /// Plan-paid share of allowed cost, 0–1.
    pub av: f64,
    /// The tier whose tables gave `av`.
    pub table: Metal,
    /// True when the first result fell in another tier and was recomputed with its table.
    pub recomputed: bool,
}

impl AvEstimate {
    /// Meets the employer minimum value test (≥ 60 %).
    pub fn minimum_value(&self) -> bool {
        self.av + 1e-9 >= MINIMUM_VALUE_AV
    }
}

/// Estimates the actuarial value of `design`, starting from `tier`'s tables, and recomputing
/// once with another tier's tables when the first result falls in that tier's band in
/// `plan_year` (de minimis included). With no tier it starts from silver and, between bands,
/// takes the tier whose nominal value is nearest.
pub fn estimate(design: &AvDesign, tier: Option<Metal>, plan_year: i64) -> AvEstimate {
    let first = tier.unwrap_or(Metal::Silver);
    let av = av_with_tables(design, first);
    let landed = metal_band(av, plan_year)
        .map(|b| b.metal)
        .or_else(|| tier.is_none().then(|| Metal::nearest(av)));
    match landed {
        Some(other) if other != first => AvEstimate {
            av: av_with_tables(design, other),
            table: other,
            recomputed: true,
        },
        _ => AvEstimate {
            av,
            table: first,
            recomputed: false,
        },
    }
}

/// The actuarial value of `design` over one tier's tables.
pub fn av_with_tables(design: &AvDesign, metal: Metal) -> f64 {
    let t = tables(metal);
    let (paid, allowed) = match design.rx {
        None => t.combined.plan_paid(&Side::integrated(design)),
        Some(rx) => {
            let (med_paid, med_allowed) = t.medical.plan_paid(&Side::medical(design));
            let (rx_paid, rx_allowed) = t.drug.plan_paid(&Side::drug(design, rx));
            (med_paid + rx_paid, med_allowed + rx_allowed)
        }
    };
    if allowed <= 0.0 {
        return 1.0;
    }
    (paid / allowed).clamp(0.0, 1.0)
}

/// One table's view of the design: the cost sharing that applies to the services it holds.
struct Side {
    deductible_usd: f64,
    coinsurance: f64,
    oop_max_usd: f64,
    /// Copay per unit, by service column, for services with a copay before the deductible.
    copays: [f64; SERVICES],
    funding_usd: f64,
    /// Primary care visits free of cost sharing (0–10).
    free_visits: usize,
}

impl Side {
    fn integrated(d: &AvDesign) -> Side {
        Side::new(d, d.deductible_usd, d.coinsurance, Service::ALL)
            .with_free_visits(d.free_primary_care_visits)
    }

    fn medical(d: &AvDesign) -> Side {
        Side::new(d, d.deductible_usd, d.coinsurance, Service::MEDICAL)
            .with_free_visits(d.free_primary_care_visits)
    }

    fn with_free_visits(mut self, visits: u32) -> Side {
        self.free_visits = visits.min(FREE_VISIT_COLUMNS as u32) as usize;
        self
    }

    fn drug(d: &AvDesign, rx: RxCostSharing) -> Side {
        let mut side = Side::new(d, rx.deductible_usd, rx.coinsurance, Service::DRUG);
        // The HSA/HRA money is counted once, on the medical side.
        side.funding_usd = 0.0;
        side
    }

    fn new(d: &AvDesign, deductible_usd: f64, coinsurance: f64, services: &[Service]) -> Side {
        let mut copays = [0.0; SERVICES];
        if !d.copays_after_deductible {
            for s in services {
                copays[*s as usize] = s.copay(&d.copays);
            }
        }
        Side {
            deductible_usd: deductible_usd.max(0.0),
            coinsurance: coinsurance.clamp(0.0, 1.0),
            oop_max_usd: d.oop_max_usd.max(0.0),
            copays,
            funding_usd: d.hsa_hra_funding_usd.max(0.0),
            free_visits: 0,
        }
    }

    /// What a member of `bucket` pays in a year.
    fn member_cost_usd(&self, b: &Bucket) -> f64 {
        let mut copays_usd = 0.0;
        let mut copay_services_usd = 0.0;
        for (i, copay) in self.copays.iter().enumerate() {
            if *copay > 0.0 {
                copays_usd += (copay * b.use_count[i]).min(b.cost_usd[i]);
                copay_services_usd += b.cost_usd[i];
            }
        }
        let preventive = b.cost_usd[Service::Preventive as usize];
        let free_visits_usd = match self.free_visits {
            0 => 0.0,
            n if self.copays[Service::PrimaryCare as usize] > 0.0 => {
                // The first visits' copays are waived; the services are already outside the
                // deductible.
                copays_usd -= (self.copays[Service::PrimaryCare as usize] * n as f64)
                    .min(
                        b.use_count[Service::PrimaryCare as usize]
                            * self.copays[Service::PrimaryCare as usize],
                    )
                    .min(copays_usd);
                0.0
            }
            n => (b.cost_usd[Service::PrimaryCare as usize] - b.primary_care_beyond_usd[n - 1])
                .max(0.0),
        };
        let rest = (b.mean_cost_usd - preventive - copay_services_usd - free_visits_usd).max(0.0);
        let deductible = rest.min(self.deductible_usd);
        let coinsurance = (rest - deductible) * self.coinsurance;
        let oop = (copays_usd + deductible + coinsurance).min(self.oop_max_usd);
        (oop - self.funding_usd).max(0.0)
    }
}

/// The services whose cost and use the engine reads per bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Service {
    Preventive,
    PrimaryCare,
    Specialist,
    EmergencyRoom,
    Generics,
}

const SERVICES: usize = 5;

impl Service {
    const ALL: &'static [Service] = &[
        Service::Preventive,
        Service::PrimaryCare,
        Service::Specialist,
        Service::EmergencyRoom,
        Service::Generics,
    ];
    const MEDICAL: &'static [Service] = &[
        Service::Preventive,
        Service::PrimaryCare,
        Service::Specialist,
        Service::EmergencyRoom,
    ];
    const DRUG: &'static [Service] = &[Service::Generics];

    /// The table's cost column and use column.
    fn columns(self) -> (&'static str, &'static str) {
        match self {
            Service::Preventive => ("Preventive (Combined)", "Avg. Prev. Freq (Combined)"),
            Service::PrimaryCare => ("Primary Care", "Avg. Primary Care Freq"),
            Service::Specialist => ("Specialist", "Avg. Specialist Freq"),
            Service::EmergencyRoom => ("ER", "Avg. ER Freq"),
            Service::Generics => ("Generics", "Avg. Generics Prescriptions"),
        }
    }

    fn copay(self, c: &Copays) -> f64 {
        match self {
            Service::Preventive => 0.0,
            Service::PrimaryCare => c.primary_care_usd,
            Service::Specialist => c.specialist_usd,
            Service::EmergencyRoom => c.emergency_room_usd,
            Service::Generics => c.generic_drug_usd,
        }
    }
}

/// One band of enrollees by yearly allowed cost.
#[derive(Debug, Clone, PartialEq)]
struct Bucket {
    share: f64,
    mean_cost_usd: f64,
    /// Per enrollee in the band, by `Service`.
    cost_usd: [f64; SERVICES],
    use_count: [f64; SERVICES],
    /// Primary care cost beyond the first k visits, k = 1…10.
    primary_care_beyond_usd: [f64; FREE_VISIT_COLUMNS],
}

/// The tables hold primary care cost beyond the first 1 to 10 visits.
const FREE_VISIT_COLUMNS: usize = 10;

fn beyond_visits_column(k: usize) -> String {
    if k == 1 {
        "Primary Care >1 Visit".to_string()
    } else {
        format!("Primary Care >{k} Visits")
    }
}

/// A continuance table as bands of enrollees.
#[derive(Debug, Clone, PartialEq)]
struct Continuance {
    buckets: Vec<Bucket>,
}

impl Continuance {
    /// (plan paid, allowed) per enrollee under `side`.
    fn plan_paid(&self, side: &Side) -> (f64, f64) {
        self.buckets.iter().fold((0.0, 0.0), |(paid, allowed), b| {
            let member = side.member_cost_usd(b).min(b.mean_cost_usd);
            (
                paid + b.share * (b.mean_cost_usd - member),
                allowed + b.share * b.mean_cost_usd,
            )
        })
    }

    /// Reads a table: running conditional means of each service become per-band amounts.
    fn parse(csv: &str) -> Continuance {
        let mut lines = csv.lines();
        let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
        let col = |name: &str| header.iter().position(|h| *h == name);
        let share_col = col("Percent of Enrollees");
        let mean_col = col("Avg. Cost per Enrollee (Bucket)");
        let service_cols: Vec<(Option<usize>, Option<usize>)> = Service::ALL
            .iter()
            .map(|s| {
                let (cost, uses) = s.columns();
                (col(cost), col(uses))
            })
            .collect();
        let beyond_cols: Vec<Option<usize>> = (1..=FREE_VISIT_COLUMNS)
            .map(|k| col(&beyond_visits_column(k)))
            .collect();
        let mut buckets = Vec::new();
        let mut cumulative_share = 0.0;
        let mut running = [(0.0, 0.0); SERVICES];
        let mut running_beyond = [0.0; FREE_VISIT_COLUMNS];
        for line in lines {
            let cells: Vec<&str> = line.split(',').collect();
            let num = |c: Option<usize>| {
                c.and_then(|i| cells.get(i))
                    .and_then(|v| v.trim().parse::<f64>().ok())
                    .unwrap_or(0.0)
            };
            let share = num(share_col);
            if share <= 0.0 {
                continue;
            }
            cumulative_share += share;
            let mean_cost_usd = num(mean_col);
            let mut cost_usd = [0.0; SERVICES];
            let mut use_count = [0.0; SERVICES];
            for (i, (c, u)) in service_cols.iter().enumerate() {
                let (cost_now, use_now) = (num(*c) * cumulative_share, num(*u) * cumulative_share);
                cost_usd[i] = ((cost_now - running[i].0) / share).clamp(0.0, mean_cost_usd);
                use_count[i] = ((use_now - running[i].1) / share).max(0.0);
                running[i] = (cost_now, use_now);
            }
            let mut primary_care_beyond_usd = [0.0; FREE_VISIT_COLUMNS];
            for (k, c) in beyond_cols.iter().enumerate() {
                let now = num(*c) * cumulative_share;
                primary_care_beyond_usd[k] = ((now - running_beyond[k]) / share).max(0.0);
                running_beyond[k] = now;
            }
            buckets.push(Bucket {
                share,
                mean_cost_usd,
                cost_usd,
                use_count,
                primary_care_beyond_usd,
            });
        }
        Continuance { buckets }
    }
}

/// A plan's actuarial value: the estimate, the carrier's figure and what they mean.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanAv {
    pub estimate: AvEstimate,
    /// The carrier's (official) value when the plan file states one.
    pub official: Option<f64>,
    /// The metal level by the official value when known, else by the estimate; `None` outside
    /// every band.
    pub metal_level: Option<&'static str>,
    pub minimum_value: bool,
}

/// The metal level to show for a plan: the filed one where the carrier filed one, with what
/// a silver cost-sharing-reduction variant is (its value lands in another band by design),
/// and the band its value falls in where that differs.
pub fn shown_metal_level(filed: &str, code: &str, av: f64, plan_year: i64) -> String {
    let by_value = metal_label(av, plan_year);
    let Some(metal) = Metal::parse(filed) else {
        return by_value;
    };
    if let Some(pct) = csr_variant(code) {
        return format!("{}, cost-sharing reduction ({pct} %)", metal.label());
    }
    // "Expanded bronze" is the filed bronze's own band.
    let own_band = format!("expanded {}", metal.label());
    if by_value == metal.label() || by_value.eq_ignore_ascii_case(&own_band) {
        return by_value;
    }
    format!(
        "{} (filed; {} by value)",
        filed.trim(),
        by_value.to_lowercase()
    )
}

/// The actuarial value a silver plan's cost-sharing-reduction variant is built to (its plan id
/// ends -04, -05 or -06 in CMS files).
fn csr_variant(code: &str) -> Option<u32> {
    match code.rsplit_once('-')?.1 {
        "04" => Some(73),
        "05" => Some(87),
        "06" => Some(94),
        _ => None,
    }
}

/// The metal level's name for `av` in `plan_year`, or where it falls when in no band:
/// "Above platinum", "Below bronze", or "Between silver and gold".
pub fn metal_label(av: f64, plan_year: i64) -> String {
    if let Some(b) = metal_band(av, plan_year) {
        return b.label.to_string();
    }
    let bands = metal_bands(plan_year);
    let top = bands.iter().map(|b| b.high).fold(0.0, f64::max);
    let bottom = bands.iter().map(|b| b.low).fold(1.0, f64::min);
    if av > top {
        return "Above platinum".into();
    }
    if av < bottom {
        return "Below bronze".into();
    }
    let below = bands
        .iter()
        .filter(|b| b.high < av)
        .max_by(|a, b| a.high.total_cmp(&b.high));
    let above = bands
        .iter()
        .filter(|b| b.low > av)
        .min_by(|a, b| a.low.total_cmp(&b.low));
    match (below, above) {
        (Some(lo), Some(hi)) => format!(
            "Between {} and {}",
            lo.metal.label().to_lowercase(),
            hi.metal.label().to_lowercase()
        ),
        _ => "Between metal levels".into(),
    }
}

/// The design the calculator reads from a stored plan.
pub fn design_of(plan: &Plan) -> AvDesign {
    AvDesign {
        deductible_usd: plan.deductible_individual,
        coinsurance: plan.coinsurance,
        oop_max_usd: plan.oop_max_individual,
        rx: plan.rx_deductible_individual.map(|d| RxCostSharing {
            deductible_usd: d,
            coinsurance: plan.rx_coinsurance.unwrap_or(plan.coinsurance),
        }),
        copays: Copays {
            primary_care_usd: plan.pcp_copay,
            specialist_usd: plan.specialist_copay,
            emergency_room_usd: plan.er_copay,
            generic_drug_usd: plan.generic_drug_copay,
        },
        copays_after_deductible: plan.copays_after_deductible,
        hsa_hra_funding_usd: plan.hsa_hra_funding_usd,
        free_primary_care_visits: plan.free_primary_care_visits.clamp(0, 10) as u32,
    }
}

/// The tier a plan is filed in, else the one its official value is nearest to.
pub fn filed_tier(plan: &Plan) -> Option<Metal> {
    Metal::parse(&plan.metal_level).or_else(|| plan.actuarial_value.map(Metal::nearest))
}

/// The tier whose tables gave the carrier's official value: the band that value falls in.
/// The calculator ends on the tables of the tier its result falls in, so with the official
/// value known there is nothing to recompute.
fn official_table(plan: &Plan) -> Option<Metal> {
    plan.actuarial_value
        .and_then(|av| metal_band(av, plan.year))
        .map(|b| b.metal)
}

/// The actuarial value of a stored medical plan; `None` for a dental-only plan: with the
/// carrier's value known, over the tables of the tier that value falls in; otherwise from the
/// filed tier's tables, recomputed once if the result falls in another tier's band.
pub fn plan_av(plan: &Plan) -> Option<PlanAv> {
    if plan.dental_only {
        return None;
    }
    let design = design_of(plan);
    let estimate = match official_table(plan) {
        Some(table) => AvEstimate {
            av: av_with_tables(&design, table),
            table,
            recomputed: false,
        },
        None => estimate(&design, filed_tier(plan), plan.year),
    };
    let reference = plan.actuarial_value.unwrap_or(estimate.av);
    Some(PlanAv {
        estimate,
        official: plan.actuarial_value,
        metal_level: metal_band(reference, plan.year).map(|b| b.label),
        minimum_value: reference + 1e-9 >= MINIMUM_VALUE_AV,
    })
}

/// A tier's three tables.
struct TierTables {
    combined: Continuance,
    medical: Continuance,
    drug: Continuance,
}

macro_rules! table_csv {
    ($stem:literal) => {
        [
            include_str!(concat!("../../assets/avc2026/", $stem, "_combined.csv")),
            include_str!(concat!("../../assets/avc2026/", $stem, "_med.csv")),
            include_str!(concat!("../../assets/avc2026/", $stem, "_rx.csv")),
        ]
    };
}

fn csv_of(metal: Metal) -> [&'static str; 3] {
    match metal.file_stem() {
        "platinum" => table_csv!("platinum"),
        "gold" => table_csv!("gold"),
        "silver" => table_csv!("silver"),
        _ => table_csv!("bronze"),
    }
}

/// The tier's tables, parsed once per process from the embedded CSV (immutable data).
fn tables(metal: Metal) -> &'static TierTables {
    static PARSED: [OnceLock<TierTables>; 4] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    let i = Metal::ALL.iter().position(|m| *m == metal).unwrap_or(2);
    PARSED[i].get_or_init(|| {
        let [combined, medical, drug] = csv_of(metal).map(Continuance::parse);
        TierTables {
            combined,
            medical,
            drug,
        }
    })
}

/// Mean allowed cost per enrollee in a tier's combined table.
pub fn mean_allowed_usd(metal: Metal) -> f64 {
    tables(metal).combined.plan_paid(&Side::zero()).1
}

impl Side {
    fn zero() -> Side {
        Side {
            deductible_usd: 0.0,
            coinsurance: 0.0,
            oop_max_usd: 0.0,
            copays: [0.0; SERVICES],
            funding_usd: 0.0,
            free_visits: 0,
        }
    }
}

#[cfg(test)]
mod tests;
