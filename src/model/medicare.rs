//! What Medicare would pay for a service (DESIGN §4.9): the physician fee schedule (CY 2025),
//! hospital outpatient (OPPS Addendum B, CY 2025) and inpatient MS-DRGs on two named bases.
//! The reference tables are CMS's, embedded as codes and numbers (`assets/medicare`).

pub mod tables;

pub use tables::MedicareTables;

/// CY 2025 physician fee schedule conversion factor (dollars per RVU).
pub const PFS_CONVERSION_FACTOR: f64 = 32.3465;
/// Share of an OPPS payment adjusted by the area wage index.
pub const OPPS_LABOR_SHARE: f64 = 0.60;
/// FY 2021 IPPS standardized amounts (labor, non-labor) when the wage index is above 1.
pub const IPPS_STANDARD_HIGH_WAGE: (f64, f64) = (4_071.57, 1_889.74);
/// The same when the wage index is 1 or below (62 % labor share).
pub const IPPS_STANDARD_LOW_WAGE: (f64, f64) = (3_696.01, 2_265.30);

/// Where the service is given, which picks the fee schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "desktop", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    /// Professional service in an office: non-facility practice expense.
    Office,
    /// Professional service in a hospital: facility practice expense.
    Facility,
    /// Hospital outpatient facility payment (OPPS).
    Outpatient,
    /// Hospital inpatient stay by MS-DRG.
    Inpatient,
}

impl Setting {
    pub fn code(self) -> &'static str {
        match self {
            Setting::Office => "office",
            Setting::Facility => "facility",
            Setting::Outpatient => "outpatient",
            Setting::Inpatient => "inpatient",
        }
    }
}

/// The two inpatient bases, always named with the price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "desktop", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum InpatientBasis {
    /// The state's average total Medicare payment per discharge (2021), the national one
    /// where the state's cell is suppressed.
    #[default]
    StateAverage,
    /// FY 2021 DRG weight × the standardized amounts at the wage index (no capital, teaching,
    /// disproportionate-share or outlier payments).
    DrgBase,
}

impl InpatientBasis {
    pub fn code(self) -> &'static str {
        match self {
            InpatientBasis::StateAverage => "state_average",
            InpatientBasis::DrgBase => "drg_base",
        }
    }
}

/// Relative value units of one code (and modifier).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rvu {
    pub work: f64,
    pub pe_nonfacility: f64,
    pub pe_facility: f64,
    pub mp: f64,
}

/// Geographic practice cost indices of a locality (1, 1, 1 nationally).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gpci {
    pub work: f64,
    pub pe: f64,
    pub mp: f64,
}

impl Gpci {
    pub const NATIONAL: Gpci = Gpci {
        work: 1.0,
        pe: 1.0,
        mp: 1.0,
    };
}

/// The physician fee schedule amount: (work·GPCIw + PE·GPCIpe + MP·GPCImp) × CF, with the
/// facility or non-facility practice expense.
pub fn physician_fee_usd(rvu: Rvu, gpci: Gpci, facility: bool) -> f64 {
    physician_fee_at_usd(rvu, gpci, facility, PFS_CONVERSION_FACTOR)
}

/// The same at another year's conversion factor.
pub fn physician_fee_at_usd(rvu: Rvu, gpci: Gpci, facility: bool, conversion_factor: f64) -> f64 {
    let pe = if facility {
        rvu.pe_facility
    } else {
        rvu.pe_nonfacility
    };
    (rvu.work * gpci.work + pe * gpci.pe + rvu.mp * gpci.mp) * conversion_factor
}

/// The OPPS payment at an area wage index: rate × (0.60 · wage index + 0.40).
pub fn opps_payment_usd(national_rate_usd: f64, wage_index: f64) -> f64 {
    national_rate_usd * (OPPS_LABOR_SHARE * wage_index + 1.0 - OPPS_LABOR_SHARE)
}

/// The DRG base payment: weight × (labor × wage index + non-labor), FY 2021 amounts.
pub fn drg_base_payment_usd(weight: f64, wage_index: f64) -> f64 {
    let (labor, non_labor) = if wage_index > 1.0 {
        IPPS_STANDARD_HIGH_WAGE
    } else {
        IPPS_STANDARD_LOW_WAGE
    };
    weight * (labor * wage_index + non_labor)
}

/// Rounds to cents as a price is quoted.
pub fn cents(usd: f64) -> f64 {
    (usd * 100.0).round() / 100.0
}

/// What to price: a code in a setting, at a place.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PriceQuery {
    pub code: String,
    pub modifier: String,
    /// `None`: inpatient for a three-digit MS-DRG, office otherwise.
    pub setting: Option<Setting>,
    /// Two-letter state; `None` for national.
    pub state: Option<String>,
    /// Medicare locality number within the state (where it has several).
    pub locality: Option<String>,
    /// The hospital's area wage index (1.0 when unknown).
    pub wage_index: Option<f64>,
    pub basis: InpatientBasis,
}

fn pfs_source(year: i32) -> String {
    if year == 2025 {
        "CMS PFS RVU25D, CY 2025".into()
    } else {
        format!("CMS PFS relative value file, CY {year} (imported)")
    }
}

fn opps_source(year: i32) -> String {
    if year == 2025 {
        "CMS OPPS Addendum B, CY 2025 final rule".into()
    } else {
        format!("CMS OPPS Addendum B, CY {year} (imported)")
    }
}

/// Medicare's price for a service, and where it came from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MedicarePrice {
    pub code: String,
    pub setting: Setting,
    pub medicare_allowed: f64,
    /// `state_average` or `drg_base` for an inpatient price; the fee schedule otherwise.
    pub basis: String,
    pub year: i32,
    pub source: String,
}

/// Why a service has no Medicare price of its own.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Unpriced {
    #[error("{0} is not in the {1}")]
    UnknownCode(String, &'static str),
    #[error("{code} is packaged under OPPS (status {status}): it has no payment of its own")]
    Packaged { code: String, status: String },
    #[error("{code} is not paid under {schedule} (status {status})")]
    NotPaid {
        code: String,
        schedule: &'static str,
        status: String,
    },
    #[error("no Medicare locality {locality} in {state}; the state's localities are {known}")]
    UnknownLocality {
        state: String,
        locality: String,
        known: String,
    },
    #[error("{state} has several Medicare localities ({known}): name one with --locality")]
    AmbiguousLocality { state: String, known: String },
    #[error("no state or national average payment for MS-DRG {0} in 2021")]
    NoAverage(String),
    #[error("the wage index must be a positive number, not {0}")]
    BadWageIndex(f64),
}

impl MedicareTables {
    /// Medicare's price for `q`, or why there is none.
    pub fn price(&self, q: &PriceQuery) -> Result<MedicarePrice, Unpriced> {
        let code = q.code.trim().to_ascii_uppercase();
        let wage_index = q.wage_index.unwrap_or(1.0);
        if !(wage_index > 0.0 && wage_index.is_finite()) {
            return Err(Unpriced::BadWageIndex(wage_index));
        }
        let setting = q.setting.unwrap_or(
            if code.len() == 3 && code.chars().all(|c| c.is_ascii_digit()) {
                Setting::Inpatient
            } else {
                Setting::Office
            },
        );
        let (allowed, basis, year, source) = match setting {
            Setting::Office | Setting::Facility => {
                let fee = self.physician(&code, q, setting == Setting::Facility)?;
                let (year, _) = self.pfs();
                (fee, "physician_fee_schedule", year, pfs_source(year))
            }
            Setting::Outpatient => {
                let rate = self.opps_rate(&code)?;
                let year = self.opps_year();
                (
                    opps_payment_usd(rate, wage_index),
                    "opps",
                    year,
                    opps_source(year),
                )
            }
            Setting::Inpatient => {
                let (amount, basis, year, source) = self.inpatient(&code, q, wage_index)?;
                (amount, basis, year, source.to_string())
            }
        };
        Ok(MedicarePrice {
            code,
            setting,
            medicare_allowed: cents(allowed),
            basis: basis.to_string(),
            year,
            source,
        })
    }

    fn physician(&self, code: &str, q: &PriceQuery, facility: bool) -> Result<f64, Unpriced> {
        let (rvu, status) = self
            .rvu(code, q.modifier.trim())
            .ok_or_else(|| Unpriced::UnknownCode(code.into(), "physician fee schedule"))?;
        if !matches!(status.as_str(), "A" | "R" | "T") {
            return Err(Unpriced::NotPaid {
                code: code.into(),
                schedule: "the physician fee schedule",
                status,
            });
        }
        let gpci = match &q.state {
            None => Gpci::NATIONAL,
            Some(state) => self.locality_gpci(state, q.locality.as_deref())?,
        };
        Ok(physician_fee_at_usd(rvu, gpci, facility, self.pfs().1))
    }

    fn opps_rate(&self, code: &str) -> Result<f64, Unpriced> {
        let (status, rate) = self
            .opps(code)
            .ok_or_else(|| Unpriced::UnknownCode(code.into(), "OPPS Addendum B"))?;
        match rate {
            Some(rate) if rate > 0.0 => Ok(rate),
            _ if status == "N" || status.starts_with('Q') => Err(Unpriced::Packaged {
                code: code.into(),
                status,
            }),
            _ => Err(Unpriced::NotPaid {
                code: code.into(),
                schedule: "the OPPS",
                status,
            }),
        }
    }

    fn inpatient(
        &self,
        drg: &str,
        q: &PriceQuery,
        wage_index: f64,
    ) -> Result<(f64, &'static str, i32, &'static str), Unpriced> {
        let drg = format!("{drg:0>3}");
        match q.basis {
            InpatientBasis::StateAverage => {
                let state = q.state.as_deref().map(str::to_ascii_uppercase);
                let average = state
                    .as_deref()
                    .and_then(|s| self.average_payment(s, &drg))
                    .or_else(|| self.average_payment("US", &drg))
                    .ok_or_else(|| Unpriced::NoAverage(drg.clone()))?;
                Ok((
                    average,
                    "state_average",
                    2021,
                    "CMS Medicare Inpatient Hospitals by Geography and Service, 2021",
                ))
            }
            InpatientBasis::DrgBase => {
                let weight = self
                    .drg_weight(&drg)
                    .filter(|w| *w > 0.0)
                    .ok_or_else(|| Unpriced::UnknownCode(drg.clone(), "FY 2021 MS-DRG weights"))?;
                Ok((
                    drg_base_payment_usd(weight, wage_index),
                    "drg_base",
                    2021,
                    "CMS IPPS FY 2021 MS-DRG weights and standardized amounts",
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests;
