//! The fixed cast of the sample coalition: purchasers, plans, measures, providers, schedules.

use crate::domain::{PurchaserKind, Tier};

/// A sample purchaser with the plans it offers and its workforce profile.
pub struct PurchaserSpec {
    pub name: &'static str,
    pub kind: PurchaserKind,
    pub share: f64,
    pub plans: &'static [&'static str],
    pub salary_mean: f64,
    pub zip_prefix: &'static str,
}

pub const PURCHASERS: &[PurchaserSpec] = &[
    PurchaserSpec {
        name: "Northstar Manufacturing",
        kind: PurchaserKind::Employer,
        share: 0.26,
        plans: &["BCH-PPO500", "BCH-PPO1500", "BCH-HSA3400", "SHP-POS750"],
        salary_mean: 64_000.0,
        zip_prefix: "554",
    },
    PurchaserSpec {
        name: "Lakeview School District",
        kind: PurchaserKind::Employer,
        share: 0.17,
        plans: &["MVH-HMO250", "MVH-EPO1000", "SHP-HSA2800"],
        salary_mean: 58_000.0,
        zip_prefix: "553",
    },
    PurchaserSpec {
        name: "State Employees Health Program",
        kind: PurchaserKind::PublicProgram,
        share: 0.24,
        plans: &["BCH-PPO500", "MVH-HMO250", "SHP-ACO500", "SHP-HSA2800"],
        salary_mean: 61_000.0,
        zip_prefix: "551",
    },
    PurchaserSpec {
        name: "Carpenters Regional Health Trust",
        kind: PurchaserKind::UnionTrust,
        share: 0.13,
        plans: &["BCH-PPO500", "SHP-POS750"],
        salary_mean: 71_000.0,
        zip_prefix: "550",
    },
    PurchaserSpec {
        name: "Riverbend Community Hospital",
        kind: PurchaserKind::Hospital,
        share: 0.09,
        plans: &["SHP-ACO500", "BCH-PPO1500"],
        salary_mean: 67_000.0,
        zip_prefix: "563",
    },
    PurchaserSpec {
        name: "Prairie Valley Medical Center",
        kind: PurchaserKind::Hospital,
        share: 0.07,
        plans: &["SHP-ACO500", "MVH-EPO1000"],
        salary_mean: 63_000.0,
        zip_prefix: "562",
    },
    PurchaserSpec {
        name: "Harbor County Hospital",
        kind: PurchaserKind::Hospital,
        share: 0.04,
        plans: &["SHP-ACO500", "BCH-HSA3400"],
        salary_mean: 60_000.0,
        zip_prefix: "558",
    },
];

/// A sample plan design with its employee-only monthly premium.
pub struct PlanSpec {
    pub code: &'static str,
    pub name: &'static str,
    pub carrier: &'static str,
    pub plan_type: &'static str,
    pub network: &'static str,
    pub deductible: f64,
    pub coinsurance: f64,
    pub oop_max: f64,
    pub copays: [f64; 3],
    pub hsa: bool,
    pub ee_premium: f64,
    /// Relative pull on sicker members (richer plans attract higher users).
    pub richness: f64,
}

pub const PLANS: &[PlanSpec] = &[
    PlanSpec {
        code: "BCH-PPO500",
        name: "BlueCrest PPO 500",
        carrier: "BlueCrest Health",
        plan_type: "PPO",
        network: "Statewide Broad",
        deductible: 500.0,
        coinsurance: 0.20,
        oop_max: 3_000.0,
        copays: [25.0, 50.0, 250.0],
        hsa: false,
        ee_premium: 812.0,
        richness: 1.0,
    },
    PlanSpec {
        code: "BCH-PPO1500",
        name: "BlueCrest PPO 1500",
        carrier: "BlueCrest Health",
        plan_type: "PPO",
        network: "Statewide Broad",
        deductible: 1_500.0,
        coinsurance: 0.20,
        oop_max: 5_000.0,
        copays: [30.0, 60.0, 300.0],
        hsa: false,
        ee_premium: 706.0,
        richness: 0.6,
    },
    PlanSpec {
        code: "BCH-HSA3400",
        name: "BlueCrest HSA 3400",
        carrier: "BlueCrest Health",
        plan_type: "HDHP",
        network: "Statewide Broad",
        deductible: 3_400.0,
        coinsurance: 0.10,
        oop_max: 6_500.0,
        copays: [0.0, 0.0, 0.0],
        hsa: true,
        ee_premium: 571.0,
        richness: 0.2,
    },
    PlanSpec {
        code: "MVH-HMO250",
        name: "Meridian Valley HMO 250",
        carrier: "Meridian Valley Health",
        plan_type: "HMO",
        network: "Meridian Select",
        deductible: 250.0,
        coinsurance: 0.10,
        oop_max: 2_500.0,
        copays: [20.0, 40.0, 200.0],
        hsa: false,
        ee_premium: 684.0,
        richness: 0.9,
    },
    PlanSpec {
        code: "MVH-EPO1000",
        name: "Meridian Valley EPO 1000",
        carrier: "Meridian Valley Health",
        plan_type: "EPO",
        network: "Meridian Select",
        deductible: 1_000.0,
        coinsurance: 0.20,
        oop_max: 4_500.0,
        copays: [25.0, 50.0, 250.0],
        hsa: false,
        ee_premium: 642.0,
        richness: 0.55,
    },
    PlanSpec {
        code: "SHP-POS750",
        name: "Summit Health POS 750",
        carrier: "Summit Health Partners",
        plan_type: "POS",
        network: "Summit Regional",
        deductible: 750.0,
        coinsurance: 0.20,
        oop_max: 4_000.0,
        copays: [25.0, 45.0, 250.0],
        hsa: false,
        ee_premium: 733.0,
        richness: 0.75,
    },
    PlanSpec {
        code: "SHP-HSA2800",
        name: "Summit Health HSA 2800",
        carrier: "Summit Health Partners",
        plan_type: "HDHP",
        network: "Summit Regional",
        deductible: 2_800.0,
        coinsurance: 0.20,
        oop_max: 6_000.0,
        copays: [0.0, 0.0, 0.0],
        hsa: true,
        ee_premium: 589.0,
        richness: 0.25,
    },
    PlanSpec {
        code: "SHP-ACO500",
        name: "Summit Accountable Care 500",
        carrier: "Summit Health Partners",
        plan_type: "HMO",
        network: "Summit ACO",
        deductible: 500.0,
        coinsurance: 0.15,
        oop_max: 3_500.0,
        copays: [15.0, 35.0, 200.0],
        hsa: false,
        ee_premium: 655.0,
        richness: 0.85,
    },
];

/// Monthly premium ratio of each tier to employee only, and the employer's share of it.
pub const TIER_SHAPE: [(Tier, f64, f64, f64); 4] = [
    // tier, premium ratio, employer share of premium, share of subscribers
    (Tier::EE, 1.00, 0.85, 0.44),
    (Tier::ES, 2.05, 0.75, 0.19),
    (Tier::EC, 1.80, 0.75, 0.15),
    (Tier::FAM, 2.90, 0.72, 0.22),
];

/// Covered lives per subscriber in each tier (for member months).
pub fn lives_per_subscriber(tier: Tier) -> f64 {
    match tier {
        Tier::EE => 1.0,
        Tier::ES => 2.0,
        Tier::EC => 2.7,
        Tier::FAM => 3.9,
    }
}

/// A sample quality measure.
pub struct MeasureSpec {
    pub code: &'static str,
    pub name: &'static str,
    pub domain: &'static str,
    pub higher_is_better: bool,
    pub weight: f64,
    pub unit: &'static str,
    /// Typical value and spread across plans/providers.
    pub mean: f64,
    pub spread: f64,
    pub for_providers: bool,
}

pub const MEASURES: &[MeasureSpec] = &[
    MeasureSpec {
        code: "BCS",
        name: "Breast cancer screening",
        domain: "process",
        higher_is_better: true,
        weight: 1.0,
        unit: "%",
        mean: 72.0,
        spread: 7.0,
        for_providers: true,
    },
    MeasureSpec {
        code: "COL",
        name: "Colorectal cancer screening",
        domain: "process",
        higher_is_better: true,
        weight: 1.0,
        unit: "%",
        mean: 66.0,
        spread: 8.0,
        for_providers: true,
    },
    MeasureSpec {
        code: "FUH7",
        name: "Follow-up after mental health hospitalization (7 days)",
        domain: "process",
        higher_is_better: true,
        weight: 1.0,
        unit: "%",
        mean: 42.0,
        spread: 9.0,
        for_providers: false,
    },
    MeasureSpec {
        code: "CBP",
        name: "Controlling high blood pressure",
        domain: "intermediate outcome",
        higher_is_better: true,
        weight: 3.0,
        unit: "%",
        mean: 64.0,
        spread: 7.0,
        for_providers: true,
    },
    MeasureSpec {
        code: "HBA1C9",
        name: "Diabetes: HbA1c poor control (>9%)",
        domain: "intermediate outcome",
        higher_is_better: false,
        weight: 3.0,
        unit: "%",
        mean: 31.0,
        spread: 6.0,
        for_providers: true,
    },
    MeasureSpec {
        code: "READM30",
        name: "30-day all-cause readmissions",
        domain: "outcome",
        higher_is_better: false,
        weight: 3.0,
        unit: "%",
        mean: 9.5,
        spread: 1.8,
        for_providers: true,
    },
    MeasureSpec {
        code: "ED1000",
        name: "ED visits per 1,000 members",
        domain: "outcome",
        higher_is_better: false,
        weight: 3.0,
        unit: "per 1,000",
        mean: 390.0,
        spread: 55.0,
        for_providers: false,
    },
    MeasureSpec {
        code: "CAHPS-ACC",
        name: "Getting needed care (CAHPS)",
        domain: "patient experience",
        higher_is_better: true,
        weight: 2.0,
        unit: "score",
        mean: 82.0,
        spread: 3.5,
        for_providers: true,
    },
    MeasureSpec {
        code: "CAHPS-RATE",
        name: "Rating of health plan (CAHPS)",
        domain: "patient experience",
        higher_is_better: true,
        weight: 2.0,
        unit: "score",
        mean: 79.0,
        spread: 4.0,
        for_providers: false,
    },
    MeasureSpec {
        code: "QI",
        name: "Year-over-year quality improvement",
        domain: "improvement",
        higher_is_better: true,
        weight: 5.0,
        unit: "points",
        mean: 1.5,
        spread: 1.6,
        for_providers: false,
    },
];

/// A sample provider.
pub struct ProviderSpec {
    pub name: &'static str,
    pub system: &'static str,
    pub kind: &'static str,
    pub region: &'static str,
}

pub const PROVIDERS: &[ProviderSpec] = &[
    ProviderSpec {
        name: "Riverbend Community Hospital",
        system: "Independent",
        kind: "hospital",
        region: "Central",
    },
    ProviderSpec {
        name: "Prairie Valley Medical Center",
        system: "Independent",
        kind: "hospital",
        region: "Southwest",
    },
    ProviderSpec {
        name: "Harbor County Hospital",
        system: "Independent",
        kind: "hospital",
        region: "North Shore",
    },
    ProviderSpec {
        name: "Lakes Regional Medical Center",
        system: "Lakes Health",
        kind: "hospital",
        region: "Metro",
    },
    ProviderSpec {
        name: "Lakes Health North Clinic",
        system: "Lakes Health",
        kind: "clinic",
        region: "Metro",
    },
    ProviderSpec {
        name: "Lakes Health Southdale Clinic",
        system: "Lakes Health",
        kind: "clinic",
        region: "Metro",
    },
    ProviderSpec {
        name: "St. Brigid Hospital",
        system: "Mercy Alliance",
        kind: "hospital",
        region: "Metro",
    },
    ProviderSpec {
        name: "Mercy Alliance Family Medicine",
        system: "Mercy Alliance",
        kind: "medical group",
        region: "Metro",
    },
    ProviderSpec {
        name: "Mercy Alliance Heart Institute",
        system: "Mercy Alliance",
        kind: "specialty group",
        region: "Metro",
    },
    ProviderSpec {
        name: "North Woods Medical Group",
        system: "Independent",
        kind: "medical group",
        region: "North",
    },
    ProviderSpec {
        name: "Iron Range Clinic",
        system: "Independent",
        kind: "clinic",
        region: "North",
    },
    ProviderSpec {
        name: "Summit Physicians Network",
        system: "Summit Health",
        kind: "medical group",
        region: "Central",
    },
    ProviderSpec {
        name: "Summit Orthopedics",
        system: "Summit Health",
        kind: "specialty group",
        region: "Central",
    },
    ProviderSpec {
        name: "Bluestem Pediatrics",
        system: "Independent",
        kind: "clinic",
        region: "Southwest",
    },
    ProviderSpec {
        name: "Valley Women's Health",
        system: "Independent",
        kind: "clinic",
        region: "Southwest",
    },
    ProviderSpec {
        name: "Capitol Area Cardiology",
        system: "Independent",
        kind: "specialty group",
        region: "Metro",
    },
    ProviderSpec {
        name: "Twin Rivers Federally Qualified Health Center",
        system: "FQHC",
        kind: "clinic",
        region: "Metro",
    },
    ProviderSpec {
        name: "East Metro Urgent Care",
        system: "Lakes Health",
        kind: "clinic",
        region: "Metro",
    },
];

/// A vendor tier schedule line: (service, minimum annual volume, unit price).
pub const PRICE_TIERS: &[(&str, f64, f64)] = &[
    ("LAB-PANEL", 0.0, 10.00),
    ("LAB-PANEL", 100_000.0, 9.00),
    ("LAB-PANEL", 250_000.0, 8.25),
    ("LAB-PANEL", 500_000.0, 7.50),
    ("MRI", 0.0, 420.0),
    ("MRI", 2_000.0, 395.0),
    ("MRI", 5_000.0, 360.0),
    ("MRI", 10_000.0, 330.0),
];

/// Name of the sample vendor schedule.
pub const SCHEDULE_NAME: &str = "Granite Diagnostics 2026";

/// Service volumes of the hospitals (and the public program) for the pooled-pricing model.
pub const SERVICE_VOLUMES: &[(&str, &str, f64, f64)] = &[
    ("Harbor County Hospital", "LAB-PANEL", 60_000.0, 10.00),
    (
        "Prairie Valley Medical Center",
        "LAB-PANEL",
        120_000.0,
        9.00,
    ),
    ("Riverbend Community Hospital", "LAB-PANEL", 220_000.0, 9.00),
    ("Harbor County Hospital", "MRI", 900.0, 430.0),
    ("Prairie Valley Medical Center", "MRI", 1_700.0, 415.0),
    ("Riverbend Community Hospital", "MRI", 3_100.0, 398.0),
];

/// Plan year of the rates and the current renewal.
pub const PLAN_YEAR: i64 = 2026;
/// Year of the quality results.
pub const MEASURE_YEAR: i64 = 2025;
/// First year of the 24 months of spend history.
pub const SPEND_FIRST_YEAR: i32 = 2024;
