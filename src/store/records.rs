//! Typed rows as they arrive from the generator or an import, keyed by natural keys
//! (purchaser name, plan code, measure code), and their insertion under an import batch.

use crate::domain::{Plan, Tier};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::LazyLock;

/// A purchaser (coalition member).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PurchaserRecord {
    pub name: String,
    pub kind: String,
}

/// A tier rate for a plan identified by code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RateRecord {
    pub plan_code: String,
    pub year: i64,
    pub tier: Tier,
    pub monthly_premium: f64,
    pub employer_monthly: f64,
}

/// A subscriber with natural keys for purchaser and plan.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MemberRecord {
    pub external_id: String,
    pub purchaser: String,
    /// The purchaser's kind when the file says it; a new purchaser without one is an employer.
    #[serde(default)]
    pub purchaser_kind: Option<crate::domain::PurchaserKind>,
    pub plan_code: Option<String>,
    pub tier: Option<Tier>,
    pub birth_date: Option<String>,
    pub sex: Option<String>,
    pub zip: Option<String>,
    pub hire_date: Option<String>,
    pub annual_salary: Option<f64>,
    pub annual_allowed_claims: Option<f64>,
}

/// A measure in the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureRecord {
    pub code: String,
    pub name: String,
    pub domain: String,
    pub higher_is_better: bool,
    pub weight: f64,
    pub unit: String,
}

/// A measure value for a plan (by code) or provider (by name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultRecord {
    pub entity_kind: String,
    pub entity: String,
    pub measure_code: String,
    pub year: i64,
    pub value: f64,
    pub denominator: Option<f64>,
}

/// A provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderRecord {
    pub name: String,
    pub system: String,
    pub kind: String,
    pub region: String,
}

/// A purchaser's annual volume of one service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VolumeRecord {
    pub purchaser: String,
    pub service_code: String,
    pub year: i64,
    pub annual_volume: f64,
    pub current_unit_price: Option<f64>,
}

/// One line of a vendor tier schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceTierRecord {
    pub schedule: String,
    pub service_code: String,
    pub min_volume: f64,
    pub unit_price: f64,
}

/// One month of a purchaser's claims experience.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpendRecord {
    pub purchaser: String,
    pub year: i64,
    pub month: i64,
    pub member_months: f64,
    pub medical_paid: f64,
    pub rx_paid: f64,
}

/// One eligibility span: a member enrolled in a plan from `start_date` to `end_date`
/// (ISO dates; no end date means still enrolled).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EligibilityRecord {
    pub member_external_id: String,
    pub purchaser: String,
    pub plan_code: String,
    pub start_date: String,
    pub end_date: Option<String>,
    pub tier: Option<Tier>,
}

/// Resolves natural keys to row ids within one transaction, creating purchasers on demand.
pub struct KeyCache<'a> {
    tx: &'a Transaction<'a>,
    batch_id: i64,
    purchasers: HashMap<String, i64>,
    plans: HashMap<String, i64>,
    measures: HashMap<String, i64>,
    providers: HashMap<String, i64>,
}

impl<'a> KeyCache<'a> {
    /// A cache writing new rows under `batch_id`.
    pub fn new(tx: &'a Transaction<'a>, batch_id: i64) -> Self {
        KeyCache {
            tx,
            batch_id,
            purchasers: HashMap::new(),
            plans: HashMap::new(),
            measures: HashMap::new(),
            providers: HashMap::new(),
        }
    }

    /// The batch new rows are written under.
    pub fn batch_id(&self) -> i64 {
        self.batch_id
    }

    /// Id of the purchaser named `name`, created as `kind` when new.
    pub fn purchaser_id(&mut self, name: &str, kind: &str) -> rusqlite::Result<i64> {
        if let Some(id) = self.purchasers.get(name) {
            return Ok(*id);
        }
        let found: Option<i64> = self
            .tx
            .query_row("SELECT id FROM purchaser WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                self.tx.execute(
                    "INSERT INTO purchaser(name, kind, import_batch_id) VALUES (?1, ?2, ?3)",
                    params![name, kind, self.batch_id],
                )?;
                self.tx.last_insert_rowid()
            }
        };
        self.purchasers.insert(name.to_string(), id);
        Ok(id)
    }

    /// Id of the plan with `code`, if the workspace has it.
    pub fn plan_id(&mut self, code: &str) -> rusqlite::Result<Option<i64>> {
        lookup(
            self.tx,
            &mut self.plans,
            "SELECT id FROM plan WHERE code = ?1",
            code,
        )
    }

    /// Id of the measure with `code`, if known.
    pub fn measure_id(&mut self, code: &str) -> rusqlite::Result<Option<i64>> {
        lookup(
            self.tx,
            &mut self.measures,
            "SELECT id FROM measure WHERE code = ?1",
            code,
        )
    }

    /// Id of the provider named `name`, if known.
    pub fn provider_id(&mut self, name: &str) -> rusqlite::Result<Option<i64>> {
        lookup(
            self.tx,
            &mut self.providers,
            "SELECT id FROM provider WHERE name = ?1",
            name,
        )
    }
}

fn lookup(
    tx: &Transaction,
    cache: &mut HashMap<String, i64>,
    sql: &str,
    key: &str,
) -> rusqlite::Result<Option<i64>> {
    if let Some(id) = cache.get(key) {
        return Ok(Some(*id));
    }
    let found: Option<i64> = tx.query_row(sql, [key], |r| r.get(0)).optional()?;
    if let Some(id) = found {
        cache.insert(key.to_string(), id);
    }
    Ok(found)
}

/// Inserts or updates a plan design by code.
pub fn upsert_plan(tx: &Transaction, plan: &Plan, batch_id: i64) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO plan(code, name, carrier, plan_type, network, year, deductible_individual,
            deductible_family, coinsurance, oop_max_individual, oop_max_family, pcp_copay,
            specialist_copay, er_copay, actuarial_value, hsa_eligible, import_batch_id,
            rx_deductible_individual, rx_deductible_family, rx_coinsurance, dental_only,
            metal_level, hsa_hra_funding, copays_after_deductible, generic_drug_copay, free_primary_care_visits)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26)
         ON CONFLICT(code) DO UPDATE SET name=excluded.name, carrier=excluded.carrier,
            plan_type=excluded.plan_type, network=excluded.network, year=excluded.year,
            deductible_individual=excluded.deductible_individual, deductible_family=excluded.deductible_family,
            coinsurance=excluded.coinsurance, oop_max_individual=excluded.oop_max_individual,
            oop_max_family=excluded.oop_max_family, pcp_copay=excluded.pcp_copay,
            specialist_copay=excluded.specialist_copay, er_copay=excluded.er_copay,
            actuarial_value=excluded.actuarial_value, hsa_eligible=excluded.hsa_eligible,
            rx_deductible_individual=excluded.rx_deductible_individual,
            rx_deductible_family=excluded.rx_deductible_family, rx_coinsurance=excluded.rx_coinsurance,
            dental_only=excluded.dental_only, metal_level=excluded.metal_level,
            hsa_hra_funding=excluded.hsa_hra_funding,
            copays_after_deductible=excluded.copays_after_deductible,
            generic_drug_copay=excluded.generic_drug_copay,
            free_primary_care_visits=excluded.free_primary_care_visits",
        params![
            plan.code, plan.name, plan.carrier, plan.plan_type, plan.network, plan.year,
            plan.deductible_individual, plan.deductible_family, plan.coinsurance,
            plan.oop_max_individual, plan.oop_max_family, plan.pcp_copay, plan.specialist_copay,
            plan.er_copay, plan.actuarial_value, plan.hsa_eligible, batch_id,
            plan.rx_deductible_individual, plan.rx_deductible_family, plan.rx_coinsurance,
            plan.dental_only, (!plan.metal_level.is_empty()).then_some(&plan.metal_level),
            plan.hsa_hra_funding_usd, plan.copays_after_deductible, plan.generic_drug_copay,
            plan.free_primary_care_visits
        ],
    )?;
    tx.query_row("SELECT id FROM plan WHERE code = ?1", [&plan.code], |r| {
        r.get(0)
    })
}

/// Inserts members; the statement is prepared once and reused for every row.
pub fn insert_members(
    keys: &mut KeyCache,
    members: &[MemberRecord],
    default_purchaser_kind: &str,
) -> rusqlite::Result<usize> {
    // Many rows per statement: a bulk load spends most of its time in per-statement overhead.
    let mut chunks = members.chunks_exact(MEMBERS_PER_INSERT);
    for chunk in chunks.by_ref() {
        insert_member_chunk(keys, chunk, default_purchaser_kind)?;
    }
    for m in chunks.remainder() {
        insert_member_chunk(keys, std::slice::from_ref(m), default_purchaser_kind)?;
    }
    Ok(members.len())
}

/// Members per multi-row INSERT (11 parameters each, well under SQLite's 32,766).
pub const MEMBERS_PER_INSERT: usize = 64;

const MEMBER_COLUMNS: &str =
    "INSERT INTO member(external_id, purchaser_id, plan_id, tier, birth_date, sex, zip,
    hire_date, annual_salary, annual_allowed_claims, import_batch_id) VALUES ";

fn member_insert_sql(rows: usize) -> String {
    let one = "(?,?,?,?,?,?,?,?,?,?,?)";
    let mut sql = String::with_capacity(MEMBER_COLUMNS.len() + rows * (one.len() + 1));
    sql.push_str(MEMBER_COLUMNS);
    for i in 0..rows {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(one);
    }
    sql
}

/// The two statements a member load uses, written once rather than per chunk.
static INSERT_MEMBER_CHUNK: LazyLock<String> =
    LazyLock::new(|| member_insert_sql(MEMBERS_PER_INSERT));
static INSERT_ONE_MEMBER: LazyLock<String> = LazyLock::new(|| member_insert_sql(1));

fn insert_member_chunk(
    keys: &mut KeyCache,
    chunk: &[MemberRecord],
    default_purchaser_kind: &str,
) -> rusqlite::Result<()> {
    let sql = if chunk.len() == MEMBERS_PER_INSERT {
        &*INSERT_MEMBER_CHUNK
    } else {
        debug_assert_eq!(chunk.len(), 1);
        &*INSERT_ONE_MEMBER
    };
    let tx = keys.tx;
    let mut stmt = tx.prepare_cached(sql)?;
    let mut at = 1;
    for m in chunk {
        let kind = m
            .purchaser_kind
            .map(crate::domain::PurchaserKind::code)
            .unwrap_or(default_purchaser_kind);
        let purchaser_id = keys.purchaser_id(&m.purchaser, kind)?;
        let plan_id = match &m.plan_code {
            Some(code) => keys.plan_id(code)?,
            None => None,
        };
        let values: [&dyn rusqlite::ToSql; 11] = [
            &m.external_id,
            &purchaser_id,
            &plan_id,
            &m.tier.map(Tier::code),
            &m.birth_date,
            &m.sex,
            &m.zip,
            &m.hire_date,
            &m.annual_salary,
            &m.annual_allowed_claims,
            &keys.batch_id,
        ];
        for v in values {
            stmt.raw_bind_parameter(at, v)?;
            at += 1;
        }
    }
    stmt.raw_execute()?;
    Ok(())
}

/// Inserts or replaces tier rates of known plans; rates of unknown plans are an error.
pub fn insert_rates(keys: &mut KeyCache, rates: &[RateRecord]) -> rusqlite::Result<usize> {
    let mut stmt = keys.tx.prepare_cached(
        "INSERT OR REPLACE INTO plan_rate(plan_id, year, tier, monthly_premium, employer_monthly, import_batch_id)
         VALUES (?1,?2,?3,?4,?5,?6)",
    )?;
    for r in rates {
        let Some(plan_id) = keys.plan_id(&r.plan_code)? else {
            return Err(rusqlite::Error::QueryReturnedNoRows);
        };
        stmt.execute(params![
            plan_id,
            r.year,
            r.tier.code(),
            r.monthly_premium,
            r.employer_monthly,
            keys.batch_id
        ])?;
    }
    Ok(rates.len())
}

/// Inserts or updates measures by code.
pub fn upsert_measures(keys: &mut KeyCache, measures: &[MeasureRecord]) -> rusqlite::Result<usize> {
    let mut stmt = keys.tx.prepare_cached(
        "INSERT INTO measure(code, name, domain, higher_is_better, weight, unit, import_batch_id)
         VALUES (?1,?2,?3,?4,?5,?6,?7)
         ON CONFLICT(code) DO UPDATE SET name=excluded.name, domain=excluded.domain,
            higher_is_better=excluded.higher_is_better, weight=excluded.weight, unit=excluded.unit",
    )?;
    for m in measures {
        stmt.execute(params![
            m.code,
            m.name,
            m.domain,
            m.higher_is_better,
            m.weight,
            m.unit,
            keys.batch_id
        ])?;
    }
    Ok(measures.len())
}

/// Inserts providers not already present (by name).
pub fn insert_providers(
    keys: &mut KeyCache,
    providers: &[ProviderRecord],
) -> rusqlite::Result<usize> {
    let mut stmt = keys.tx.prepare_cached(
        "INSERT INTO provider(name, system, kind, region, import_batch_id) VALUES (?1,?2,?3,?4,?5)",
    )?;
    let mut added = 0;
    for p in providers {
        if keys.provider_id(&p.name)?.is_some() {
            continue;
        }
        stmt.execute(params![p.name, p.system, p.kind, p.region, keys.batch_id])?;
        added += 1;
    }
    Ok(added)
}

/// Inserts or replaces measure results; unknown entities or measures are an error.
pub fn insert_results(keys: &mut KeyCache, results: &[ResultRecord]) -> rusqlite::Result<usize> {
    let mut stmt = keys.tx.prepare_cached(
        "INSERT OR REPLACE INTO measure_result(entity_kind, entity_id, measure_id, year, value, denominator, import_batch_id)
         VALUES (?1,?2,?3,?4,?5,?6,?7)",
    )?;
    for r in results {
        let entity_id = match r.entity_kind.as_str() {
            "plan" => keys.plan_id(&r.entity)?,
            _ => keys.provider_id(&r.entity)?,
        };
        let (Some(entity_id), Some(measure_id)) = (entity_id, keys.measure_id(&r.measure_code)?)
        else {
            return Err(rusqlite::Error::QueryReturnedNoRows);
        };
        stmt.execute(params![
            r.entity_kind,
            entity_id,
            measure_id,
            r.year,
            r.value,
            r.denominator,
            keys.batch_id
        ])?;
    }
    Ok(results.len())
}

/// Inserts or replaces service volumes (purchasers are created as hospitals when new).
pub fn insert_volumes(keys: &mut KeyCache, volumes: &[VolumeRecord]) -> rusqlite::Result<usize> {
    let mut stmt = keys.tx.prepare_cached(
        "INSERT OR REPLACE INTO service_volume(purchaser_id, service_code, year, annual_volume, current_unit_price, import_batch_id)
         VALUES (?1,?2,?3,?4,?5,?6)",
    )?;
    for v in volumes {
        let purchaser_id = keys.purchaser_id(&v.purchaser, "hospital")?;
        stmt.execute(params![
            purchaser_id,
            v.service_code,
            v.year,
            v.annual_volume,
            v.current_unit_price,
            keys.batch_id
        ])?;
    }
    Ok(volumes.len())
}

/// Inserts or replaces tier schedule lines.
pub fn insert_price_tiers(
    keys: &mut KeyCache,
    tiers: &[PriceTierRecord],
) -> rusqlite::Result<usize> {
    let mut stmt = keys.tx.prepare_cached(
        "INSERT OR REPLACE INTO price_tier(schedule, service_code, min_volume, unit_price, import_batch_id)
         VALUES (?1,?2,?3,?4,?5)",
    )?;
    for t in tiers {
        stmt.execute(params![
            t.schedule,
            t.service_code,
            t.min_volume,
            t.unit_price,
            keys.batch_id
        ])?;
    }
    Ok(tiers.len())
}

/// Inserts or replaces months of spend history.
pub fn insert_spend(keys: &mut KeyCache, spend: &[SpendRecord]) -> rusqlite::Result<usize> {
    let mut stmt = keys.tx.prepare_cached(
        "INSERT OR REPLACE INTO spend_history(purchaser_id, year, month, member_months, medical_paid, rx_paid, import_batch_id)
         VALUES (?1,?2,?3,?4,?5,?6,?7)",
    )?;
    for s in spend {
        let purchaser_id = keys.purchaser_id(&s.purchaser, "employer")?;
        stmt.execute(params![
            purchaser_id,
            s.year,
            s.month,
            s.member_months,
            s.medical_paid,
            s.rx_paid,
            keys.batch_id
        ])?;
    }
    Ok(spend.len())
}

/// Inserts eligibility spans.
pub fn insert_eligibility(
    keys: &mut KeyCache,
    spans: &[EligibilityRecord],
) -> rusqlite::Result<usize> {
    let mut stmt = keys.tx.prepare_cached(
        "INSERT INTO eligibility(member_external_id, purchaser_id, plan_code, start_date, end_date, tier, import_batch_id)
         VALUES (?1,?2,?3,?4,?5,?6,?7)",
    )?;
    for e in spans {
        let purchaser_id = keys.purchaser_id(&e.purchaser, "employer")?;
        stmt.execute(params![
            e.member_external_id,
            purchaser_id,
            e.plan_code,
            e.start_date,
            e.end_date,
            e.tier.map(|t| t.code()),
            keys.batch_id
        ])?;
    }
    Ok(spans.len())
}

/// Records an import batch and returns its id.
pub fn insert_batch(
    tx: &Transaction,
    file_name: &str,
    sha256: &str,
    sheet: Option<&str>,
    kind: &str,
    mapping_json: &str,
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO import_batch(file_name, file_sha256, sheet, kind, imported_at, row_count, mapping_json, status)
         VALUES (?1,?2,?3,?4,?5,0,?6,'committed')",
        params![file_name, sha256, sheet, kind, super::now_iso(), mapping_json],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Records the sha256 of a file read as a stream (known only once it is read through).
pub fn set_batch_sha256(tx: &Transaction, batch_id: i64, sha256: &str) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE import_batch SET file_sha256 = ?1 WHERE id = ?2",
        params![sha256, batch_id],
    )?;
    Ok(())
}

/// Sets the final row count of a batch.
pub fn finish_batch(tx: &Transaction, batch_id: i64, rows: usize) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE import_batch SET row_count = ?1 WHERE id = ?2",
        params![rows as i64, batch_id],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Workspace;

    fn member(i: usize) -> MemberRecord {
        MemberRecord {
            external_id: format!("{i:07}"),
            purchaser: if i.is_multiple_of(2) {
                "Even Co"
            } else {
                "Odd Co"
            }
            .into(),
            tier: Some(Tier::ES),
            zip: Some("02134".into()),
            annual_salary: Some(i as f64),
            ..Default::default()
        }
    }

    #[test]
    fn members_insert_in_full_chunks_and_a_remainder_keeping_order_and_fields() {
        let mut ws = Workspace::in_memory().unwrap();
        let count = MEMBERS_PER_INSERT * 2 + 5;
        let members: Vec<_> = (0..count).map(member).collect();
        ws.write(|tx| -> rusqlite::Result<()> {
            let batch = insert_batch(tx, "t.xlsx", "sha", None, "members", "{}")?;
            let mut keys = KeyCache::new(tx, batch);
            assert_eq!(insert_members(&mut keys, &members, "employer")?, count);
            Ok(())
        })
        .unwrap();
        let mut stmt = ws
            .conn()
            .prepare(
                "SELECT m.external_id, p.name, m.tier, m.zip, m.annual_salary FROM member m
                 JOIN purchaser p ON p.id = m.purchaser_id ORDER BY m.id",
            )
            .unwrap();
        let rows: Vec<(String, String, String, String, f64)> = stmt
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows.len(), count);
        for (i, row) in rows.iter().enumerate() {
            let m = member(i);
            assert_eq!(row.0, m.external_id);
            assert_eq!(row.1, m.purchaser);
            assert_eq!(
                (row.2.as_str(), row.3.as_str(), row.4),
                ("ES", "02134", i as f64)
            );
        }
    }
}
