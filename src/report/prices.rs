//! Each hospital's relative prices beside its quality rating, read once for the command line
//! and the Hospital prices view.

use crate::model::medicare::MedicareTables;
use crate::model::prices::{HospitalPlace, HospitalPrices, hospital_prices};
use crate::model::rating::{self, Rated};
use crate::store::prices::Hospital;
use crate::store::{StoreError, Workspace};

/// A hospital, its prices against Medicare and its quality rating (where it has results).
#[derive(Debug, Clone)]
pub struct HospitalRow {
    pub hospital: Hospital,
    pub prices: HospitalPrices,
    pub quality: Option<Rated>,
    /// What the coalition's claims paid the hospital (by its NPI), against Medicare.
    pub claims: Option<crate::model::prices::ClaimsPrice>,
}

/// CMS's embedded tables, with any newer year's fee schedule or Addendum B the workspace
/// holds (imported from CMS's own files) in their place.
pub fn medicare_tables(ws: &Workspace) -> Result<MedicareTables, StoreError> {
    let mut tables = MedicareTables::embedded();
    if let Some((year, factor, rows)) = ws.imported_pfs()? {
        tables = tables.with_pfs(year, factor, rows);
    }
    if let Some((year, rows)) = ws.imported_opps()? {
        tables = tables.with_opps(year, rows);
    }
    Ok(tables)
}

/// The hospital's price from claims at its NPI; `None` without an NPI or claims there.
fn claims_price(
    ws: &Workspace,
    tables: &MedicareTables,
    hospital: &Hospital,
    place: &HospitalPlace,
) -> Result<Option<crate::model::prices::ClaimsPrice>, StoreError> {
    let Some(npi) = hospital.npi.as_deref().filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    let services = ws.claimed_services(npi)?;
    if services.is_empty() {
        return Ok(None);
    }
    let list: Vec<crate::model::prices::ClaimedService> = services
        .iter()
        .map(|s| {
            (
                s.code_type.as_str(),
                s.code.as_str(),
                s.setting.as_str(),
                s.services,
                s.allowed_usd,
            )
        })
        .collect();
    Ok(Some(crate::model::prices::claims_relative_price(
        tables, place, &list,
    )))
}

/// Every hospital with prices, priced against `tables` and rated on the coalition's measures.
pub fn hospital_rows(
    ws: &Workspace,
    tables: &MedicareTables,
) -> Result<Vec<HospitalRow>, StoreError> {
    let hospitals = ws.hospitals()?;
    let providers: Vec<(i64, String)> = ws
        .providers()?
        .into_iter()
        .map(|(id, name, _)| (id, name))
        .collect();
    let ratings = rating::rate(
        &providers,
        &ws.measures()?,
        &ws.measure_results("provider")?,
        &ws.quality_settings()?,
    );
    let mut rows = Vec::with_capacity(hospitals.len());
    for hospital in hospitals {
        let charges = ws.hospital_charges(&hospital)?;
        let place = HospitalPlace {
            state: hospital.state.clone(),
            wage_index: hospital.wage_index,
        };
        let prices = hospital_prices(tables, &charges, &place);
        let quality = ratings
            .iter()
            .find(|r| r.id == hospital.id && r.composite.value().is_some())
            .cloned();
        let claims = claims_price(ws, tables, &hospital, &place)?;
        rows.push(HospitalRow {
            hospital,
            prices,
            quality,
            claims,
        });
    }
    Ok(rows)
}
