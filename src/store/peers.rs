//! Coalition peers: the plan aggregates their share packages carry, and the spend per plan our
//! own packages report.

use super::{StoreResult, Workspace, records};
use crate::domain::Tier;
use crate::model::benchmark::{PeerPlan, PlanAggregate};
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

/// A tier line of a package: plan code, tier, subscribers (None when withheld), monthly
/// premium, employer monthly.
pub type TierLine = (String, Tier, Option<f64>, Option<f64>, Option<f64>);

/// A hospital's relative price in a package: hospital, state, setting (`all`, `inpatient`,
/// `outpatient`, `professional`), price as a share of Medicare (None when withheld: fewer than
/// 11 services priced) and the services priced.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct HospitalLine {
    pub hospital: String,
    pub state: String,
    pub setting: String,
    pub relative_price: Option<f64>,
    pub services_priced: usize,
}

/// A share package as read: who sent it, when, its plans and tier lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Package {
    pub sender: String,
    pub format: String,
    pub sent_at: String,
    pub plans: Vec<PlanAggregate>,
    pub tiers: Vec<TierLine>,
    /// The sender's hospitals' prices as a share of Medicare.
    pub hospitals: Vec<HospitalLine>,
}

/// A received peer, for lists.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerRow {
    pub name: String,
    pub plans: i64,
    pub received_at: String,
}

impl Workspace {
    /// Stores a package as a coalition peer under a new import batch; our own members and plans
    /// are not touched. An earlier package from the same sender is replaced, and its import
    /// batch removed from the history with it (its figures are gone, so undoing it would undo
    /// nothing); returns the new batch and the replaced one.
    pub fn add_peer_package(
        &mut self,
        pkg: &Package,
        file_name: &str,
        sha256: &str,
    ) -> StoreResult<(i64, Option<i64>)> {
        self.write(|tx| {
            let replaced: Option<i64> = tx
                .query_row(
                    "SELECT import_batch_id FROM peer WHERE name = ?1",
                    [&pkg.sender],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            let batch = records::insert_batch(tx, file_name, sha256, Some("About"), "share_package", "")?;
            tx.execute("DELETE FROM peer WHERE name = ?1", [&pkg.sender])?;
            if let Some(old) = replaced {
                tx.execute("DELETE FROM import_batch WHERE id = ?1", [old])?;
            }
            tx.execute(
                "INSERT INTO peer(name, format, sent_at, received_at, import_batch_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![pkg.sender, pkg.format, pkg.sent_at, chrono::Utc::now().to_rfc3339(), batch],
            )?;
            let peer = tx.last_insert_rowid();
            let mut plan_stmt = tx.prepare(
                "INSERT INTO peer_plan(peer_id, plan_code, plan_name, carrier, metal_level, enrolled,
                    premium_pmpm, employer_share, spend_pmpm, deductible, oop_max, actuarial_value,
                    quality_composite) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
            )?;
            for p in &pkg.plans {
                plan_stmt.execute(params![
                    peer, p.plan_code, p.plan_name, p.carrier, p.metal_level, p.enrolled,
                    p.premium_pmpm, p.employer_share, p.spend_pmpm, p.deductible, p.oop_max,
                    p.actuarial_value, p.quality_composite
                ])?;
            }
            let mut tier_stmt = tx.prepare(
                "INSERT OR REPLACE INTO peer_plan_tier(peer_id, plan_code, tier, enrolled,
                    monthly_premium, employer_monthly) VALUES (?1,?2,?3,?4,?5,?6)",
            )?;
            for (code, tier, n, premium, employer) in &pkg.tiers {
                tier_stmt.execute(params![peer, code, tier.code(), n, premium, employer])?;
            }
            let mut hospital_stmt = tx.prepare(
                "INSERT OR REPLACE INTO peer_hospital(peer_id, hospital, state, setting,
                    relative_price, services_priced) VALUES (?1,?2,?3,?4,?5,?6)",
            )?;
            for h in &pkg.hospitals {
                hospital_stmt.execute(params![
                    peer,
                    h.hospital,
                    h.state,
                    h.setting,
                    h.relative_price,
                    h.services_priced as i64
                ])?;
            }
            records::finish_batch(tx, batch, pkg.plans.len())?;
            Ok((batch, replaced))
        })
    }

    /// Every hospital price every peer shared: (peer, line).
    pub fn peer_hospitals(&self) -> StoreResult<Vec<(String, HospitalLine)>> {
        let mut stmt = self.conn().prepare(
            "SELECT p.name, h.hospital, coalesce(h.state,''), h.setting, h.relative_price,
             h.services_priced FROM peer_hospital h JOIN peer p ON p.id = h.peer_id
             ORDER BY p.name, h.hospital, h.setting",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                HospitalLine {
                    hospital: r.get(1)?,
                    state: r.get(2)?,
                    setting: r.get(3)?,
                    relative_price: r.get(4)?,
                    services_priced: r.get::<_, i64>(5)? as usize,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every plan every peer shared.
    pub fn peer_plans(&self) -> StoreResult<Vec<PeerPlan>> {
        let mut stmt = self.conn().prepare(
            "SELECT p.name, x.plan_code, coalesce(x.plan_name,''), coalesce(x.carrier,''),
                    coalesce(x.metal_level,''), x.enrolled, x.premium_pmpm, x.employer_share,
                    x.spend_pmpm, coalesce(x.deductible,0), coalesce(x.oop_max,0),
                    x.actuarial_value, x.quality_composite
             FROM peer_plan x JOIN peer p ON p.id = x.peer_id ORDER BY p.name, x.plan_code",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(PeerPlan {
                peer: r.get(0)?,
                plan: PlanAggregate {
                    plan_code: r.get(1)?,
                    plan_name: r.get(2)?,
                    carrier: r.get(3)?,
                    metal_level: r.get(4)?,
                    enrolled: r.get(5)?,
                    premium_pmpm: r.get(6)?,
                    employer_share: r.get(7)?,
                    spend_pmpm: r.get(8)?,
                    deductible: r.get(9)?,
                    oop_max: r.get(10)?,
                    actuarial_value: r.get(11)?,
                    quality_composite: r.get(12)?,
                },
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Peers received, by name.
    pub fn peers(&self) -> StoreResult<Vec<PeerRow>> {
        let mut stmt = self.conn().prepare(
            "SELECT p.name, (SELECT count(*) FROM peer_plan x WHERE x.peer_id = p.id), p.received_at
             FROM peer p ORDER BY p.name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(PeerRow {
                name: r.get(0)?,
                plans: r.get(1)?,
                received_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Members with claims and their yearly claims, by plan id, for a purchaser or everyone.
    pub fn plan_spend(&self, purchaser_id: Option<i64>) -> StoreResult<HashMap<i64, (f64, f64)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT plan_id, count(*), sum(annual_allowed_claims) FROM member
             WHERE plan_id IS NOT NULL AND annual_allowed_claims IS NOT NULL
               AND (?1 IS NULL OR purchaser_id = ?1)
             GROUP BY plan_id",
        )?;
        let rows = stmt.query_map([purchaser_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                (r.get::<_, f64>(1)?, r.get::<_, f64>(2)?),
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
