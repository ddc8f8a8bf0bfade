//! Typed records shared by the store, the importer, the models and the views.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Coverage tier of a subscriber: employee only, + spouse, + children, family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tier {
    EE,
    ES,
    EC,
    FAM,
}

impl Tier {
    /// All tiers in display order.
    pub const ALL: [Tier; 4] = [Tier::EE, Tier::ES, Tier::EC, Tier::FAM];

    /// The code stored in the workspace (`EE`, `ES`, `EC`, `FAM`).
    pub fn code(self) -> &'static str {
        match self {
            Tier::EE => "EE",
            Tier::ES => "ES",
            Tier::EC => "EC",
            Tier::FAM => "FAM",
        }
    }

    /// A label a benefits manager reads.
    pub fn label(self) -> &'static str {
        match self {
            Tier::EE => "Employee only",
            Tier::ES => "Employee + spouse",
            Tier::EC => "Employee + children",
            Tier::FAM => "Family",
        }
    }

    /// Parses the stored code or the usual spellings found in carrier and HRIS exports.
    pub fn parse(text: &str) -> Option<Tier> {
        let key: String = text
            .trim()
            .to_ascii_uppercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '+')
            .collect();
        match key.as_str() {
            "EE" | "EMP" | "EMPLOYEE" | "EMPLOYEEONLY" | "EEONLY" | "SINGLE" | "INDIVIDUAL"
            | "SUBSCRIBER" | "SUBSCRIBERONLY" | "EO" => Some(Tier::EE),
            "ES" | "EE+SP" | "EESP" | "EE+SPOUSE" | "EMPLOYEE+SPOUSE" | "EMPLOYEESPOUSE"
            | "ESP" | "EE+1SPOUSE" => Some(Tier::ES),
            "EC" | "EE+CH" | "EECH" | "EE+CHILD" | "EE+CHILDREN" | "EMPLOYEE+CHILDREN"
            | "EMPLOYEECHILDREN" | "EMPLOYEE+CHILD" | "ECH" => Some(Tier::EC),
            "FAM" | "FAMILY" | "F" | "EF" | "EE+FAM" | "EE+FAMILY" | "EMPLOYEE+FAMILY" => {
                Some(Tier::FAM)
            }
            _ => None,
        }
    }

    /// Tier ratio to the employee-only rate used when only a composite PMPM is known.
    pub fn default_ratio(self) -> f64 {
        match self {
            Tier::EE => 1.0,
            Tier::ES => 2.0,
            Tier::EC => 1.8,
            Tier::FAM => 2.85,
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What kind of coalition member a purchaser is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PurchaserKind {
    Employer,
    PublicProgram,
    UnionTrust,
    Hospital,
}

impl PurchaserKind {
    /// The code stored in `purchaser.kind`.
    pub fn code(self) -> &'static str {
        match self {
            PurchaserKind::Employer => "employer",
            PurchaserKind::PublicProgram => "public_program",
            PurchaserKind::UnionTrust => "union_trust",
            PurchaserKind::Hospital => "hospital",
        }
    }

    /// The kind in words, as an HR system writes it.
    pub fn label(self) -> &'static str {
        match self {
            PurchaserKind::Employer => "Employer",
            PurchaserKind::PublicProgram => "Public program",
            PurchaserKind::UnionTrust => "Union trust",
            PurchaserKind::Hospital => "Hospital",
        }
    }

    /// Reads a purchaser type as files write it: `public_program`, `Public program`,
    /// `Union trust`, `Taft-Hartley fund`, `Hospital`, `Employer`.
    pub fn parse(text: &str) -> Option<PurchaserKind> {
        // Letters and digits only, lower-cased, on the stack: a census repeats this per row.
        let mut buf = [0u8; 32];
        let mut len = 0;
        for b in text.bytes().filter(u8::is_ascii_alphanumeric) {
            *buf.get_mut(len)? = b.to_ascii_lowercase();
            len += 1;
        }
        match std::str::from_utf8(&buf[..len]).ok()? {
            "employer" | "employergroup" | "company" | "privateemployer" => {
                Some(PurchaserKind::Employer)
            }
            "publicprogram" | "public" | "publicemployer" | "government" | "medicaid" | "state"
            | "county" | "municipality" | "schooldistrict" => Some(PurchaserKind::PublicProgram),
            "uniontrust" | "union" | "labor" | "tafthartley" | "tafthartleyfund"
            | "multiemployer" | "multiemployerplan" => Some(PurchaserKind::UnionTrust),
            "hospital" | "independenthospital" | "healthsystem" => Some(PurchaserKind::Hospital),
            _ => None,
        }
    }
}

/// A plan design as stored in the `plan` table.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Plan {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub carrier: String,
    pub plan_type: String,
    pub network: String,
    pub year: i64,
    pub deductible_individual: f64,
    pub deductible_family: f64,
    pub coinsurance: f64,
    pub oop_max_individual: f64,
    pub oop_max_family: f64,
    pub pcp_copay: f64,
    pub specialist_copay: f64,
    pub er_copay: f64,
    /// The carrier's (official) actuarial value, when the file states one.
    pub actuarial_value: Option<f64>,
    pub hsa_eligible: bool,
    /// Drug deductible when the plan has separate medical and drug deductibles
    /// (`deductible_*` then hold the medical one); `None` when they are combined.
    pub rx_deductible_individual: Option<f64>,
    pub rx_deductible_family: Option<f64>,
    /// Drug coinsurance when it differs from the medical one.
    pub rx_coinsurance: Option<f64>,
    /// A stand-alone dental plan: kept out of medical comparisons and metal labels.
    pub dental_only: bool,
    /// The metal level the file states ("Silver", "Expanded Bronze"…), empty when none.
    pub metal_level: String,
    /// Employer money put in an HSA or HRA each year.
    pub hsa_hra_funding_usd: f64,
    /// Primary care visits a year with no cost sharing before the deductible applies.
    pub free_primary_care_visits: i64,
    /// Copay per generic prescription (0: deductible and coinsurance apply).
    pub generic_drug_copay: f64,
    /// Copays count only once the deductible is met (default: they apply from the first visit).
    pub copays_after_deductible: bool,
}

/// One tier's monthly premium and employer contribution for a plan year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PlanRate {
    pub plan_id: i64,
    pub year: i64,
    pub tier: Tier,
    pub monthly_premium: f64,
    pub employer_monthly: f64,
}

/// A quality measure in the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub domain: String,
    pub higher_is_better: bool,
    pub weight: f64,
    pub unit: String,
    /// Minimum normalised score (0–100) required for certification.
    pub floor: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purchaser_types_read_as_files_write_them() {
        assert_eq!(
            PurchaserKind::parse("Public program"),
            Some(PurchaserKind::PublicProgram)
        );
        assert_eq!(
            PurchaserKind::parse("public_program"),
            Some(PurchaserKind::PublicProgram)
        );
        assert_eq!(
            PurchaserKind::parse(" Union Trust "),
            Some(PurchaserKind::UnionTrust)
        );
        assert_eq!(
            PurchaserKind::parse("Taft-Hartley"),
            Some(PurchaserKind::UnionTrust)
        );
        assert_eq!(
            PurchaserKind::parse("HOSPITAL"),
            Some(PurchaserKind::Hospital)
        );
        assert_eq!(
            PurchaserKind::parse("Employer"),
            Some(PurchaserKind::Employer)
        );
        assert_eq!(PurchaserKind::parse("Retiree"), None);
        assert_eq!(
            PurchaserKind::parse(&"x".repeat(40)),
            None,
            "longer than any type"
        );
    }

    #[test]
    fn every_purchaser_kind_reads_back_from_its_label_and_code() {
        for kind in [
            PurchaserKind::Employer,
            PurchaserKind::PublicProgram,
            PurchaserKind::UnionTrust,
            PurchaserKind::Hospital,
        ] {
            assert_eq!(PurchaserKind::parse(kind.label()), Some(kind));
            assert_eq!(PurchaserKind::parse(kind.code()), Some(kind));
        }
    }
}
