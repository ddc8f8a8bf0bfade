//! Members banded by yearly allowed claims (thirds of the population), for a migration's
//! adverse selection: each band's mean claims and each plan's mix of bands.

use super::{StoreResult, Workspace};
use std::collections::HashMap;

/// The population's claims thirds and how each plan's members fall into them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClaimBandMix {
    /// Mean yearly allowed claims per member of each band, low to high.
    pub claims_per_member: [f64; 3],
    /// Each plan's members by band, low to high (plan id → counts).
    pub members_by_plan: HashMap<i64, [f64; 3]>,
}

impl ClaimBandMix {
    /// A plan's share of its members in each band; `None` when it has no member with claims.
    pub fn shares(&self, plan_id: i64) -> Option<[f64; 3]> {
        let counts = self.members_by_plan.get(&plan_id)?;
        let total: f64 = counts.iter().sum();
        (total > 0.0).then(|| counts.map(|c| c / total))
    }
}

impl Workspace {
    /// Claims thirds over the members of one purchaser (or all) who carry claims; empty when
    /// none does.
    pub fn claim_bands(&self, purchaser_id: Option<i64>) -> StoreResult<ClaimBandMix> {
        let mut stmt = self.conn().prepare_cached(
            "WITH b AS (SELECT plan_id, annual_allowed_claims AS c, \
               NTILE(3) OVER (ORDER BY annual_allowed_claims) AS band \
             FROM member WHERE annual_allowed_claims IS NOT NULL AND (?1 IS NULL OR purchaser_id = ?1)) \
             SELECT plan_id, band, COUNT(*), SUM(c) FROM b GROUP BY plan_id, band",
        )?;
        let rows = stmt.query_map([purchaser_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, f64>(2)?,
                r.get::<_, f64>(3)?,
            ))
        })?;
        let mut mix = ClaimBandMix::default();
        let (mut counts, mut sums) = ([0.0; 3], [0.0; 3]);
        for row in rows {
            let (plan, band, n, sum) = row?;
            let b = (band.clamp(1, 3) - 1) as usize;
            mix.members_by_plan.entry(plan).or_insert([0.0; 3])[b] += n;
            counts[b] += n;
            sums[b] += sum;
        }
        for b in 0..3 {
            mix.claims_per_member[b] = if counts[b] > 0.0 {
                sums[b] / counts[b]
            } else {
                0.0
            };
        }
        Ok(mix)
    }
}
