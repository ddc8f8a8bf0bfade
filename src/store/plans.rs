//! Plan, rate, enrollment, claims and quality queries for Compare and Quality.

use super::{StoreError, StoreResult, Workspace};
use crate::domain::{Measure, Plan, Tier};
use crate::model::plan_cost::TierRate;
use crate::model::quality::QualitySettings;
use std::collections::HashMap;

/// Rates by plan id and tier (the latest year of each plan).
pub type RateTable = HashMap<i64, HashMap<Tier, TierRate>>;
/// Subscribers by plan id and tier.
pub type Enrollment = HashMap<i64, Vec<(Tier, f64)>>;
/// Latest measure values by (entity id, measure id).
pub type ResultTable = HashMap<(i64, i64), f64>;

const QUALITY_SETTINGS_KEY: &str = "quality_settings";

impl Workspace {
    /// Every plan, by code.
    pub fn plans(&self) -> StoreResult<Vec<Plan>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, code, name, coalesce(carrier,''), coalesce(plan_type,''), coalesce(network,''), coalesce(year,0),
                    coalesce(deductible_individual,0), coalesce(deductible_family,0), coalesce(coinsurance,0),
                    coalesce(oop_max_individual,0), coalesce(oop_max_family,0), coalesce(pcp_copay,0),
                    coalesce(specialist_copay,0), coalesce(er_copay,0), actuarial_value, hsa_eligible,
                    rx_deductible_individual, rx_deductible_family, rx_coinsurance, dental_only,
                    coalesce(metal_level,''), hsa_hra_funding, copays_after_deductible, generic_drug_copay,
                    free_primary_care_visits
             FROM plan ORDER BY code",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Plan {
                id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                carrier: r.get(3)?,
                plan_type: r.get(4)?,
                network: r.get(5)?,
                year: r.get(6)?,
                deductible_individual: r.get(7)?,
                deductible_family: r.get(8)?,
                coinsurance: r.get(9)?,
                oop_max_individual: r.get(10)?,
                oop_max_family: r.get(11)?,
                pcp_copay: r.get(12)?,
                specialist_copay: r.get(13)?,
                er_copay: r.get(14)?,
                actuarial_value: r.get(15)?,
                hsa_eligible: r.get(16)?,
                rx_deductible_individual: r.get(17)?,
                rx_deductible_family: r.get(18)?,
                rx_coinsurance: r.get(19)?,
                dental_only: r.get(20)?,
                metal_level: r.get(21)?,
                hsa_hra_funding_usd: r.get(22)?,
                copays_after_deductible: r.get(23)?,
                generic_drug_copay: r.get(24)?,
                free_primary_care_visits: r.get(25)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Rates of every plan for its latest rated year.
    pub fn plan_rates(&self) -> StoreResult<RateTable> {
        let mut stmt = self.conn().prepare(
            "SELECT r.plan_id, r.tier, r.monthly_premium, r.employer_monthly FROM plan_rate r
             WHERE r.year = (SELECT max(year) FROM plan_rate x WHERE x.plan_id = r.plan_id)",
        )?;
        let mut out: RateTable = HashMap::new();
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
            ))
        })?;
        for row in rows {
            let (plan, tier, monthly_premium, employer_monthly) = row?;
            if let Some(t) = Tier::parse(&tier) {
                out.entry(plan).or_default().insert(
                    t,
                    TierRate {
                        monthly_premium,
                        employer_monthly,
                    },
                );
            }
        }
        Ok(out)
    }

    /// Subscribers per plan and tier, for one purchaser or the whole coalition.
    pub fn enrollment(&self, purchaser_id: Option<i64>) -> StoreResult<Enrollment> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT plan_id, tier, count(*) FROM member
             WHERE plan_id IS NOT NULL AND tier IS NOT NULL AND (?1 IS NULL OR purchaser_id = ?1)
             GROUP BY plan_id, tier",
        )?;
        let mut out: Enrollment = HashMap::new();
        let rows = stmt.query_map([purchaser_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, f64>(2)?,
            ))
        })?;
        for row in rows {
            let (plan, tier, n) = row?;
            if let Some(t) = Tier::parse(&tier) {
                out.entry(plan).or_default().push((t, n));
            }
        }
        Ok(out)
    }

    /// Members' annual allowed claims, for one purchaser or the coalition: from imported claim
    /// lines (each member's total in the purchaser's latest claims year, $0 for a member with
    /// none) where the purchaser has them, else the census's `annual_allowed_claims`.
    pub fn member_claims(&self, purchaser_id: Option<i64>) -> StoreResult<Vec<f64>> {
        let mut stmt = self.conn().prepare_cached(
            "WITH claim_years AS (
               SELECT y.purchaser_id, y.member_external_id, y.year, y.allowed_amount
               FROM claims_member_year y JOIN import_batch b ON b.id = y.import_batch_id
               WHERE b.kind IN ('medical_claims', 'pharmacy_claims')),
             latest AS (SELECT purchaser_id, max(year) AS year FROM claim_years GROUP BY 1),
             totals AS (
               SELECT c.purchaser_id, c.member_external_id, sum(c.allowed_amount) AS allowed
               FROM claim_years c JOIN latest l ON l.purchaser_id = c.purchaser_id AND l.year = c.year
               GROUP BY 1, 2)
             SELECT CASE WHEN l.purchaser_id IS NULL THEN m.annual_allowed_claims
                         ELSE max(0, coalesce(t.allowed, 0)) END
             FROM member m
             LEFT JOIN latest l ON l.purchaser_id = m.purchaser_id
             LEFT JOIN totals t ON t.purchaser_id = m.purchaser_id AND t.member_external_id = m.external_id
             WHERE (?1 IS NULL OR m.purchaser_id = ?1)
               AND (l.purchaser_id IS NOT NULL OR m.annual_allowed_claims IS NOT NULL)",
        )?;
        let rows = stmt.query_map([purchaser_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The measure catalogue with weights, directions and floors.
    pub fn measures(&self) -> StoreResult<Vec<Measure>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, code, name, coalesce(domain,''), higher_is_better, weight, coalesce(unit,''), floor FROM measure ORDER BY domain, code",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Measure {
                id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                domain: r.get(3)?,
                higher_is_better: r.get(4)?,
                weight: r.get(5)?,
                unit: r.get(6)?,
                floor: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Saves a measure's weight, direction and floor.
    pub fn update_measure(
        &mut self,
        id: i64,
        weight: f64,
        higher_is_better: bool,
        floor: f64,
    ) -> StoreResult<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE measure SET weight = ?1, higher_is_better = ?2, floor = ?3 WHERE id = ?4",
                (weight, higher_is_better, floor, id),
            )?;
            Ok::<_, StoreError>(())
        })
    }

    /// Latest measure values of plans or providers.
    pub fn measure_results(&self, entity_kind: &str) -> StoreResult<ResultTable> {
        let mut stmt = self.conn().prepare(
            "SELECT r.entity_id, r.measure_id, r.value FROM measure_result r WHERE r.entity_kind = ?1
             AND r.year = (SELECT max(year) FROM measure_result x WHERE x.entity_kind = r.entity_kind AND x.entity_id = r.entity_id AND x.measure_id = r.measure_id)",
        )?;
        let rows = stmt.query_map([entity_kind], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Providers (id, name, system).
    pub fn providers(&self) -> StoreResult<Vec<(i64, String, String)>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, name, coalesce(system,'') FROM provider ORDER BY name")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Certification and star settings (defaults until the user saves some).
    pub fn quality_settings(&self) -> StoreResult<QualitySettings> {
        Ok(self
            .setting(QUALITY_SETTINGS_KEY)?
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }

    /// Saves certification and star settings.
    pub fn set_quality_settings(&mut self, settings: &QualitySettings) -> StoreResult<()> {
        let json =
            serde_json::to_string(settings).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.set_setting(QUALITY_SETTINGS_KEY, &json)
    }
}

impl Workspace {
    /// Everything a plan comparison needs, aggregated by SQL, for a purchaser or the coalition.
    pub fn compare_inputs(
        &self,
        purchaser_id: Option<i64>,
    ) -> StoreResult<crate::model::compare::CompareInputs> {
        Ok(crate::model::compare::CompareInputs {
            plans: self.plans()?,
            rates: self.plan_rates()?,
            enrollment: self.enrollment(purchaser_id)?,
            claims: crate::model::plan_cost::ClaimsDistribution::from_claims(
                self.member_claims(purchaser_id)?,
            ),

            measures: self.measures()?,
            results: self.measure_results("plan")?,
        })
    }

    /// Id of the purchaser with this exact name.
    pub fn purchaser_id(&self, name: &str) -> StoreResult<Option<i64>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn()
            .query_row("SELECT id FROM purchaser WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?)
    }
}
