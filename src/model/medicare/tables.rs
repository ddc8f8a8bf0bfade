//! CMS's reference tables, embedded as compact CSV (`assets/medicare`, written by
//! `make_tables.py` there) and read once into lookups.

use super::{Gpci, Rvu, Unpriced};
use std::collections::HashMap;

const PFS: &str = include_str!("../../../assets/medicare/pfs_rvu_2025.csv");
const GPCI: &str = include_str!("../../../assets/medicare/gpci_2025.csv");
const OPPS: &str = include_str!("../../../assets/medicare/opps_addendum_b_2025.csv");
const IPPS_AVERAGE: &str = include_str!("../../../assets/medicare/ipps_average_payment_dy2021.csv");
const DRG_WEIGHTS: &str = include_str!("../../../assets/medicare/ms_drg_weights_fy2021.csv");
const WAGE_INDEX: &str = include_str!("../../../assets/medicare/wage_index_fy2021.csv");

/// A Medicare locality: its state, number, name and cost indices.
#[derive(Debug, Clone, PartialEq)]
pub struct Locality {
    pub state: String,
    pub number: String,
    pub name: String,
    pub gpci: Gpci,
}

/// A core-based statistical area (or a state's rural area) and its FY 2021 wage index.
#[derive(Debug, Clone, PartialEq)]
pub struct WageArea {
    pub cbsa: String,
    pub name: String,
    pub wage_index: f64,
}

/// The Medicare reference tables, read from the embedded files.
#[derive(Debug, Clone, Default)]
pub struct MedicareTables {
    pub(super) rvus: HashMap<(String, String), (Rvu, String)>,
    pub(super) localities: Vec<Locality>,
    pub(super) opps: HashMap<String, (String, Option<f64>)>,
    averages: HashMap<(String, String), f64>,
    drg_titles: HashMap<String, String>,
    pub(super) weights: HashMap<String, f64>,
    pub(super) wage_areas: Vec<WageArea>,
    /// The physician fee schedule's conversion factor and year (CY 2025 embedded).
    pub(super) pfs_conversion_factor: f64,
    pub(super) pfs_year: i32,
    /// The OPPS Addendum B's year.
    pub(super) opps_year: i32,
}

/// One code of a newer fee schedule read from CMS's own file.
#[derive(Debug, Clone, PartialEq)]
pub struct PfsRow {
    pub code: String,
    pub modifier: String,
    pub status: String,
    pub rvu: Rvu,
}

/// One code of a newer OPPS Addendum B.
#[derive(Debug, Clone, PartialEq)]
pub struct OppsRow {
    pub code: String,
    pub status: String,
    pub rate: Option<f64>,
}

/// The rows of an embedded table, header skipped, fields split (the files quote only titles).
fn rows(text: &'static str) -> impl Iterator<Item = Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let records: Vec<Vec<String>> = reader
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_string).collect())
        .collect();
    records.into_iter()
}

fn number(text: &str) -> f64 {
    text.trim().parse().unwrap_or(0.0)
}

impl MedicareTables {
    /// Reads the embedded CY 2025 / FY 2021 tables (about 70,000 rows; tens of milliseconds).
    pub fn embedded() -> MedicareTables {
        let mut t = MedicareTables {
            pfs_conversion_factor: super::PFS_CONVERSION_FACTOR,
            pfs_year: 2025,
            opps_year: 2025,
            ..Default::default()
        };
        for r in rows(PFS) {
            let rvu = Rvu {
                work: number(&r[3]),
                pe_nonfacility: number(&r[4]),
                pe_facility: number(&r[5]),
                mp: number(&r[6]),
            };
            t.rvus
                .insert((r[0].clone(), r[1].clone()), (rvu, r[2].clone()));
        }
        t.localities = rows(GPCI)
            .map(|r| Locality {
                state: r[0].clone(),
                number: r[1].clone(),
                name: r[2].clone(),
                gpci: Gpci {
                    work: number(&r[3]),
                    pe: number(&r[4]),
                    mp: number(&r[5]),
                },
            })
            .collect();
        for r in rows(OPPS) {
            let rate = r[4].trim().parse::<f64>().ok();
            t.opps.insert(r[0].clone(), (r[1].clone(), rate));
        }
        for r in rows(IPPS_AVERAGE) {
            t.averages
                .insert((r[0].clone(), r[1].clone()), number(&r[3]));
            if !r[4].is_empty() {
                t.drg_titles.insert(r[1].clone(), r[4].clone());
            }
        }
        for r in rows(DRG_WEIGHTS) {
            t.weights.insert(r[0].clone(), number(&r[1]));
        }
        t.wage_areas = rows(WAGE_INDEX)
            .map(|r| WageArea {
                cbsa: r[0].clone(),
                wage_index: number(&r[1]),
                name: r[2].clone(),
            })
            .collect();
        t
    }

    /// Puts a newer year's physician fee schedule (CMS's RVU file) in place of the embedded one.
    pub fn with_pfs(mut self, year: i32, conversion_factor: f64, rows: Vec<PfsRow>) -> Self {
        self.rvus = rows
            .into_iter()
            .map(|r| ((r.code, r.modifier), (r.rvu, r.status)))
            .collect();
        self.pfs_conversion_factor = conversion_factor;
        self.pfs_year = year;
        self
    }

    /// Puts a newer year's OPPS Addendum B in place of the embedded one.
    pub fn with_opps(mut self, year: i32, rows: Vec<OppsRow>) -> Self {
        self.opps = rows
            .into_iter()
            .map(|r| (r.code, (r.status, r.rate)))
            .collect();
        self.opps_year = year;
        self
    }

    /// The OPPS Addendum B's year in use.
    pub fn opps_year(&self) -> i32 {
        self.opps_year
    }

    /// The physician fee schedule's year and conversion factor in use.
    pub fn pfs(&self) -> (i32, f64) {
        (self.pfs_year, self.pfs_conversion_factor)
    }

    /// A code's RVUs and PFS status code.
    pub fn rvu(&self, code: &str, modifier: &str) -> Option<(Rvu, String)> {
        self.rvus
            .get(&(code.to_string(), modifier.to_string()))
            .cloned()
    }

    /// A code's OPPS status indicator and national payment rate (none when it has no rate).
    pub fn opps(&self, code: &str) -> Option<(String, Option<f64>)> {
        self.opps.get(code).cloned()
    }

    /// The average total Medicare payment per discharge for a DRG in a state (`US`: national).
    pub fn average_payment(&self, state: &str, drg: &str) -> Option<f64> {
        self.averages
            .get(&(state.to_string(), drg.to_string()))
            .copied()
    }

    /// CMS's title of an MS-DRG.
    pub fn drg_title(&self, drg: &str) -> Option<&str> {
        self.drg_titles.get(drg).map(String::as_str)
    }

    /// The FY 2021 weight of an MS-DRG.
    pub fn drg_weight(&self, drg: &str) -> Option<f64> {
        self.weights.get(drg).copied()
    }

    /// Every locality of a state.
    pub fn localities(&self, state: &str) -> Vec<&Locality> {
        self.localities
            .iter()
            .filter(|l| l.state.eq_ignore_ascii_case(state))
            .collect()
    }

    /// The wage areas whose name or CBSA contains `text` (case-insensitive).
    pub fn wage_areas(&self, text: &str) -> Vec<&WageArea> {
        let needle = text.to_lowercase();
        self.wage_areas
            .iter()
            .filter(|a| a.cbsa == text || a.name.to_lowercase().contains(&needle))
            .collect()
    }

    /// The cost indices of a state's locality; a state with one locality needs no number.
    pub fn locality_gpci(&self, state: &str, number: Option<&str>) -> Result<Gpci, Unpriced> {
        let all = self.localities(state);
        let known = || {
            all.iter()
                .map(|l| format!("{} {}", l.number, l.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if all.is_empty() {
            return Err(Unpriced::UnknownLocality {
                state: state.to_ascii_uppercase(),
                locality: number.unwrap_or("").into(),
                known: "none (not a state or territory Medicare pays in)".into(),
            });
        }
        match number {
            Some(n) => all
                .iter()
                .find(|l| l.number == format!("{:0>2}", n.trim()))
                .map(|l| l.gpci)
                .ok_or_else(|| Unpriced::UnknownLocality {
                    state: state.to_ascii_uppercase(),
                    locality: n.into(),
                    known: known(),
                }),
            None if all.len() == 1 => Ok(all[0].gpci),
            None => Err(Unpriced::AmbiguousLocality {
                state: state.to_ascii_uppercase(),
                known: known(),
            }),
        }
    }
}
