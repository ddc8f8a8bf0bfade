//! Members banded by yearly allowed claims (thirds of the population), for a migration's
//! adverse selection: each band's mean claims and each plan's mix of bands.

use super::{StoreResult, Workspace};
use crate::model::plan_cost::ClaimsDistribution;
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
        let claims = ClaimsDistribution::from_claims(self.member_claims(purchaser_id)?);
        if claims.is_empty() {
            return Ok(ClaimBandMix::default());
        }
        self.claim_bands_between(purchaser_id, thirds(&claims))
    }

    /// Members banded at the two cut points (up to the first, up to the second, the rest) in
    /// one pass without sorting: Compare passes the thirds of the claims it already holds.
    pub fn claim_bands_between(
        &self,
        purchaser_id: Option<i64>,
        cuts: [f64; 2],
    ) -> StoreResult<ClaimBandMix> {
        // A plain scan summed here: SQLite's GROUP BY would sort a million rows first.
        let mut stmt = self.conn().prepare_cached(
            "SELECT plan_id, annual_allowed_claims FROM member \
             WHERE annual_allowed_claims IS NOT NULL AND (?1 IS NULL OR purchaser_id = ?1)",
        )?;
        let mut rows = stmt.query([purchaser_id])?;
        let mut mix = ClaimBandMix::default();
        let (mut counts, mut sums) = ([0.0; 3], [0.0; 3]);
        while let Some(row) = rows.next()? {
            let (plan, claims): (i64, f64) = (row.get(0)?, row.get(1)?);
            let b = if claims <= cuts[0] {
                0
            } else if claims <= cuts[1] {
                1
            } else {
                2
            };
            mix.members_by_plan.entry(plan).or_insert([0.0; 3])[b] += 1.0;
            counts[b] += 1.0;
            sums[b] += claims;
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

/// The cut points between the low, middle and high thirds of members' claims.
pub fn thirds(claims: &ClaimsDistribution) -> [f64; 2] {
    [claims.percentile(1.0 / 3.0), claims.percentile(2.0 / 3.0)]
}

#[cfg(test)]
mod tests {
    use crate::generate::{GenerateOptions, fill_workspace};
    use crate::store::Workspace;

    #[test]
    fn thirds_hold_every_member_with_claims_and_rise_from_low_to_high() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::create(&dir.path().join("b.adesk")).unwrap();
        fill_workspace(
            &mut ws,
            GenerateOptions {
                members: 900,
                seed: 4,
            },
        )
        .unwrap();
        let mix = ws.claim_bands(None).unwrap();
        let counted: f64 = mix.members_by_plan.values().flatten().sum();
        assert_eq!(counted, ws.member_claims(None).unwrap().len() as f64);
        let [low, mid, high] = mix.claims_per_member;
        assert!(low <= mid && mid < high, "{:?}", mix.claims_per_member);
        for id in mix.members_by_plan.keys() {
            let shares = mix.shares(*id).unwrap();
            assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
    }
}
