//! Hospital prices in the workspace: the hospital as a `provider` row, its charges in
//! `hospital_price` under the import that brought them, and the latest import's charges read
//! back per hospital.

use super::bulk::{BulkInsert, Rows};
use super::{StoreResult, Workspace};
use crate::model::prices::NegotiatedCharge;
use rusqlite::{OptionalExtension, Transaction, params};

/// What the file says about the hospital.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct HospitalInfo {
    pub name: String,
    /// The state of its licence (two letters), where the file gives one.
    pub state: Option<String>,
    /// Type 2 (organisation) NPIs.
    pub npis: Vec<String>,
    pub last_updated_on: Option<String>,
    pub version: Option<String>,
}

/// One standard charge for one payer and plan (or the gross and cash prices alone).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Charge {
    pub description: String,
    /// Every code of the item with its type (CPT, HCPCS, MS-DRG, RC, NDC …).
    pub codes: Vec<(String, String)>,
    /// inpatient, outpatient or both.
    pub setting: String,
    pub modifiers: String,
    pub gross_charge: Option<f64>,
    pub cash_price: Option<f64>,
    pub payer: String,
    pub plan: String,
    pub negotiated_dollar: Option<f64>,
    pub negotiated_percentage: Option<f64>,
    pub algorithm: Option<String>,
    pub methodology: String,
    /// As written: a number, or a range such as "1 through 10".
    pub count: Option<String>,
}

impl Charge {
    /// The code Medicare prices by: an MS-DRG for an inpatient stay, else CPT or HCPCS, else
    /// the first code given.
    pub fn primary_code(&self) -> Option<(&str, &str)> {
        let find = |types: &[&str]| {
            self.codes
                .iter()
                .find(|(_, t)| types.iter().any(|x| t.eq_ignore_ascii_case(x)))
        };
        let chosen = if self.setting != "outpatient" {
            find(&["MS-DRG"]).or_else(|| find(&["CPT", "HCPCS"]))
        } else {
            find(&["CPT", "HCPCS"]).or_else(|| find(&["MS-DRG"]))
        };
        chosen
            .or(self.codes.first())
            .map(|(c, t)| (c.as_str(), t.as_str()))
    }
}

/// A provider group: its NPIs and its tax id with the business name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProviderGroup {
    pub npis: Vec<String>,
    pub tin: String,
    pub business_name: String,
}

/// One negotiated price for one provider group.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InNetworkRate {
    pub group: ProviderGroup,
    pub code: String,
    pub code_type: String,
    pub description: String,
    /// inpatient, outpatient or both.
    pub setting: String,
    /// professional or institutional.
    pub billing_class: String,
    /// negotiated, derived, fee schedule, percentage or per diem.
    pub negotiated_type: String,
    pub rate: f64,
    pub modifiers: String,
}

/// A hospital with prices in the workspace.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hospital {
    pub id: i64,
    pub name: String,
    pub npi: Option<String>,
    pub state: Option<String>,
    pub cbsa: Option<String>,
    /// The area wage index, when set (1.0 is assumed otherwise).
    pub wage_index: Option<f64>,
    /// The import its prices come from (the latest for this hospital).
    pub batch_id: i64,
}

/// A provider row for the charges of a price file being read, before the file names its
/// hospital (`settle_provider` then gives them their hospital).
pub fn pending_provider(tx: &Transaction, file_name: &str, batch: i64) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO provider(name, kind, import_batch_id) VALUES (?1, 'hospital', ?2)",
        params![format!("(reading {file_name})"), batch],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Gives a known provider the NPI and state its price file states.
pub fn mark_hospital(tx: &Transaction, id: i64, npi: &str, state: &str) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE provider SET npi = ?2, state = ?3 WHERE id = ?1",
        params![id, npi, state],
    )?;
    Ok(())
}

/// Writes one code of a newer year's physician fee schedule (CMS's relative value file).
pub fn insert_pfs_rate(
    tx: &Transaction,
    year: i32,
    row: &crate::model::medicare::tables::PfsRow,
    conversion_factor: Option<f64>,
    batch: i64,
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT OR REPLACE INTO medicare_rate(schedule, year, code, modifier, setting, status,
         work_rvu, pe_nonfacility_rvu, pe_facility_rvu, mp_rvu, conversion_factor,
         import_batch_id) VALUES ('pfs', ?1, ?2, ?3, 'professional', ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    stmt.execute(params![
        year,
        row.code,
        row.modifier,
        row.status,
        row.rvu.work,
        row.rvu.pe_nonfacility,
        row.rvu.pe_facility,
        row.rvu.mp,
        conversion_factor,
        batch
    ])?;
    Ok(())
}

/// Writes one code of a newer year's OPPS Addendum B.
pub fn insert_opps_rate(
    tx: &Transaction,
    year: i32,
    row: &crate::model::medicare::tables::OppsRow,
    relative_weight: Option<f64>,
    batch: i64,
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT OR REPLACE INTO medicare_rate(schedule, year, code, modifier, setting, status,
         relative_weight, amount, import_batch_id)
         VALUES ('opps', ?1, ?2, '', 'outpatient', ?3, ?4, ?5, ?6)",
    )?;
    stmt.execute(params![
        year,
        row.code,
        row.status,
        relative_weight,
        row.rate,
        batch
    ])?;
    Ok(())
}

/// Gives the charges read into the `pending` provider row their hospital: one the workspace
/// knows by name or NPI (the pending row is dropped), or the pending row renamed.
pub fn settle_provider(
    tx: &Transaction,
    pending: i64,
    info: &HospitalInfo,
) -> rusqlite::Result<()> {
    let npi = info.npis.first().cloned();
    let found: Option<i64> = tx
        .query_row(
            "SELECT id FROM provider WHERE id <> ?3 AND (lower(name) = lower(?1)
             OR (npi IS NOT NULL AND npi = ?2)) ORDER BY id LIMIT 1",
            params![info.name, npi, pending],
            |r| r.get(0),
        )
        .optional()?;
    let Some(id) = found else {
        tx.execute(
            "UPDATE provider SET name = ?2, npi = ?3, state = ?4 WHERE id = ?1",
            params![pending, info.name, npi, info.state],
        )?;
        return Ok(());
    };
    tx.execute(
        "UPDATE provider SET npi = coalesce(npi, ?2), state = coalesce(state, ?3),
         kind = coalesce(kind, 'hospital') WHERE id = ?1",
        params![id, npi, info.state],
    )?;
    tx.execute(
        "UPDATE hospital_price SET provider_id = ?1 WHERE provider_id = ?2",
        params![id, pending],
    )?;
    tx.execute("DELETE FROM provider WHERE id = ?1", [pending])?;
    Ok(())
}

const INSERT_CHARGE: &str = "INSERT INTO hospital_price(provider_id, code, code_type, setting,
     payer, plan, negotiated_dollar, negotiated_percentage, methodology, count, gross_charge,
     cash_price, description, codes, modifiers, algorithm, import_batch_id)";

/// Values in a `hospital_price` row as `INSERT_CHARGE` names them.
pub const CHARGE_WIDTH: usize = 17;

/// The bulk insert of `hospital_price` rows made by `encode_charge`.
pub fn charge_insert<'t>(tx: &'t Transaction<'t>) -> rusqlite::Result<BulkInsert<'t>> {
    BulkInsert::new(tx, INSERT_CHARGE, CHARGE_WIDTH)
}

/// Buffers one charge as a `hospital_price` row of `provider` and import `batch`; `codes` is
/// scratch space for the list of every code.
pub fn encode_charge(r: &mut Rows, c: &Charge, (provider, batch): (i64, i64), codes: &mut String) {
    use std::fmt::Write;
    let (code, code_type) = c.primary_code().unwrap_or(("", ""));
    codes.clear();
    for (i, (code, kind)) in c.codes.iter().enumerate() {
        let sep = if i == 0 { "" } else { "; " };
        let _ = write!(codes, "{sep}{code} {kind}");
    }
    r.int(Some(provider));
    for t in [code, code_type, c.setting.as_str(), &c.payer, &c.plan] {
        r.text(t);
    }
    r.opt_real(c.negotiated_dollar);
    r.opt_real(c.negotiated_percentage);
    r.text(&c.methodology);
    r.text_or_null(c.count.as_deref());
    r.opt_real(c.gross_charge);
    r.opt_real(c.cash_price);
    r.text(&c.description);
    r.text(codes);
    r.text(&c.modifiers);
    r.text_or_null(c.algorithm.as_deref());
    r.int(Some(batch));
}

/// Writes charges many to a statement (`store::bulk`); `finish` writes the charges still
/// buffered. A file's import hands its rows over from a reading thread instead.
#[must_use = "call finish() to write the charges still buffered"]
pub struct ChargeWriter<'t> {
    bulk: BulkInsert<'t>,
    provider: i64,
    batch: i64,
    codes: String,
}

impl<'t> ChargeWriter<'t> {
    pub fn new(tx: &'t Transaction<'t>, provider: i64, batch: i64) -> rusqlite::Result<Self> {
        Ok(ChargeWriter {
            bulk: charge_insert(tx)?,
            provider,
            batch,
            codes: String::new(),
        })
    }

    /// Writes one charge (buffered).
    pub fn write(&mut self, c: &Charge) -> rusqlite::Result<()> {
        let ids = (self.provider, self.batch);
        encode_charge(self.bulk.row(), c, ids, &mut self.codes);
        self.bulk.end_row()
    }

    /// Writes the charges still buffered.
    pub fn finish(mut self) -> rusqlite::Result<()> {
        self.bulk.finish()
    }
}

/// Writes one charge (for a few; `ChargeWriter` for a file).
pub fn insert_charge<'t>(
    tx: &'t Transaction<'t>,
    provider: i64,
    batch: i64,
    c: &Charge,
) -> rusqlite::Result<()> {
    let mut writer = ChargeWriter::new(tx, provider, batch)?;
    writer.write(c)?;
    writer.finish()
}

/// The provider row for an insurer's provider group: one the workspace knows by the group's
/// business name, or a new one (named by its tax id when the file gives no name).
pub fn group_provider(
    tx: &Transaction,
    group: &ProviderGroup,
    batch: i64,
) -> rusqlite::Result<i64> {
    let name = if group.business_name.is_empty() {
        format!("TIN {}", group.tin)
    } else {
        group.business_name.clone()
    };
    let found: Option<i64> = tx
        .query_row(
            "SELECT id FROM provider WHERE lower(name) = lower(?1) ORDER BY id LIMIT 1",
            [&name],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO provider(name, kind, npi, import_batch_id) VALUES (?1, 'provider group', ?2, ?3)",
        params![name, group.npis.first(), batch],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Buffers one insurer rate as a `hospital_price` row of `provider` and import `batch`, under
/// `payer` and `plan`; `codes` is scratch space.
pub fn encode_rate(
    row: &mut Rows,
    r: &InNetworkRate,
    (provider, batch): (i64, i64),
    (payer, plan): (&str, &str),
    codes: &mut String,
) {
    // A professional fee is priced against the physician fee schedule, whatever the setting.
    let setting = if r.billing_class == "professional" {
        "professional"
    } else {
        r.setting.as_str()
    };
    let percentage = r.negotiated_type == "percentage";
    codes.clear();
    codes.push_str(&r.code);
    codes.push(' ');
    codes.push_str(&r.code_type);
    row.int(Some(provider));
    for t in [r.code.as_str(), &r.code_type, setting, payer, plan] {
        row.text(t);
    }
    row.opt_real((!percentage).then_some(r.rate));
    row.opt_real(percentage.then_some(r.rate));
    row.text(&r.negotiated_type);
    for _ in 0..3 {
        row.null(); // count, gross charge, cash price
    }
    row.text(&r.description);
    row.text(codes);
    row.text(&r.modifiers);
    row.null(); // algorithm
    row.int(Some(batch));
}

/// Names the payer and plan of every rate an import wrote under other names (the file named
/// its insurer or plan only after some of its rates).
pub fn name_payer(tx: &Transaction, batch: i64, payer: &str, plan: &str) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE hospital_price SET payer = ?2, plan = ?3
         WHERE import_batch_id = ?1 AND (payer IS NOT ?2 OR plan IS NOT ?3)",
        params![batch, payer, plan],
    )?;
    Ok(())
}

impl Workspace {
    /// Every hospital with prices, with the import its prices come from (its latest).
    pub fn hospitals(&self) -> StoreResult<Vec<Hospital>> {
        let mut stmt = self.conn().prepare(
            "SELECT v.id, v.name, v.npi, v.state, v.cbsa, v.wage_index, max(h.import_batch_id)
             FROM provider v JOIN hospital_price h ON h.provider_id = v.id
             GROUP BY v.id ORDER BY v.name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Hospital {
                id: r.get(0)?,
                name: r.get(1)?,
                npi: r.get(2)?,
                state: r.get(3)?,
                cbsa: r.get(4)?,
                wage_index: r.get(5)?,
                batch_id: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The hospital's negotiated charges (payer-specific rows only): from its latest price
    /// file, and from each payer and plan's latest in-network rate file.
    pub fn hospital_charges(&self, hospital: &Hospital) -> StoreResult<Vec<NegotiatedCharge>> {
        let mut stmt = self.conn().prepare(
            "SELECT coalesce(code,''), coalesce(code_type,''), coalesce(setting,''), payer,
             coalesce(plan,''), coalesce(description,''), negotiated_dollar,
             negotiated_percentage, algorithm, count
             FROM hospital_price h
             WHERE provider_id = ?1 AND coalesce(payer, '') <> '' AND import_batch_id = (
               SELECT max(x.import_batch_id) FROM hospital_price x
               JOIN import_batch b ON b.id = x.import_batch_id
               WHERE x.provider_id = ?1
               AND (b.kind = 'insurer_rates') = (
                 (SELECT kind FROM import_batch WHERE id = h.import_batch_id) = 'insurer_rates')
               AND (b.kind <> 'insurer_rates' OR (x.payer = h.payer AND x.plan = h.plan)))
             ORDER BY rowid",
        )?;
        let rows = stmt.query_map(params![hospital.id], |r| {
            Ok(NegotiatedCharge {
                code: r.get(0)?,
                code_type: r.get(1)?,
                setting: r.get(2)?,
                payer: r.get(3)?,
                plan: r.get(4)?,
                description: r.get(5)?,
                dollar: r.get(6)?,
                percentage: r.get(7)?,
                algorithm: r.get(8)?,
                count: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The latest year of Medicare fee schedule rates imported from CMS's own file, if any:
    /// (year, conversion factor, rows).
    pub fn imported_pfs(
        &self,
    ) -> StoreResult<Option<(i32, f64, Vec<crate::model::medicare::tables::PfsRow>)>> {
        let year: Option<i32> = self.conn().query_row(
            "SELECT max(year) FROM medicare_rate WHERE schedule = 'pfs'",
            [],
            |r| r.get(0),
        )?;
        let Some(year) = year else { return Ok(None) };
        let mut stmt = self.conn().prepare(
            "SELECT code, modifier, coalesce(status,''), coalesce(work_rvu,0), coalesce(pe_nonfacility_rvu,0),
             coalesce(pe_facility_rvu,0), coalesce(mp_rvu,0), conversion_factor
             FROM medicare_rate WHERE schedule = 'pfs' AND year = ?1",
        )?;
        let mut factor = None;
        let rows = stmt
            .query_map([year], |r| {
                Ok((
                    crate::model::medicare::tables::PfsRow {
                        code: r.get(0)?,
                        modifier: r.get(1)?,
                        status: r.get(2)?,
                        rvu: crate::model::medicare::Rvu {
                            work: r.get(3)?,
                            pe_nonfacility: r.get(4)?,
                            pe_facility: r.get(5)?,
                            mp: r.get(6)?,
                        },
                    },
                    r.get::<_, Option<f64>>(7)?,
                ))
            })?
            .map(|row| {
                row.map(|(p, cf)| {
                    factor = factor.or(cf.filter(|c| *c > 0.0));
                    p
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(factor.map(|f| (year, f, rows)))
    }

    /// The latest year of OPPS rates imported from CMS's own Addendum B, if any.
    pub fn imported_opps(
        &self,
    ) -> StoreResult<Option<(i32, Vec<crate::model::medicare::tables::OppsRow>)>> {
        let year: Option<i32> = self.conn().query_row(
            "SELECT max(year) FROM medicare_rate WHERE schedule = 'opps'",
            [],
            |r| r.get(0),
        )?;
        let Some(year) = year else { return Ok(None) };
        let mut stmt = self.conn().prepare(
            "SELECT code, coalesce(status,''), amount FROM medicare_rate
             WHERE schedule = 'opps' AND year = ?1",
        )?;
        let rows = stmt
            .query_map([year], |r| {
                Ok(crate::model::medicare::tables::OppsRow {
                    code: r.get(0)?,
                    status: r.get(1)?,
                    rate: r.get(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some((year, rows)))
    }

    /// Sets a hospital's area wage index (and CBSA), for its outpatient Medicare prices.
    pub fn set_hospital_wage_index(
        &mut self,
        provider_id: i64,
        cbsa: Option<&str>,
        wage_index: f64,
    ) -> StoreResult<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE provider SET wage_index = ?2, cbsa = coalesce(?3, cbsa) WHERE id = ?1",
                params![provider_id, wage_index, cbsa],
            )
        })?;
        Ok(())
    }
}
