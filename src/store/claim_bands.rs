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

    /// Members banded into thirds by rank in one pass without sorting, given the claims at
    /// the two cut points (Compare passes the thirds of the claims it already holds). Members
    /// tied at a cut point (often many at $0) are shared between the bands it separates, so
    /// each band holds a third of the members however many ties there are.
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
        // Per plan, members and claims in five ordered slots: below the first cut, at it,
        // between, at the second, above.
        let mut slots: HashMap<i64, [(f64, f64); 5]> = HashMap::new();
        while let Some(row) = rows.next()? {
            let (plan, claims): (i64, f64) = (row.get(0)?, row.get(1)?);
            let slot = slot_of(claims, cuts);
            let cell = &mut slots.entry(plan).or_insert([(0.0, 0.0); 5])[slot];
            cell.0 += 1.0;
            cell.1 += claims;
        }
        Ok(bands_by_rank(&slots))
    }
}

fn slot_of(claims: f64, cuts: [f64; 2]) -> usize {
    if claims < cuts[0] {
        0
    } else if claims == cuts[0] {
        1
    } else if claims < cuts[1] {
        2
    } else if claims == cuts[1] {
        3
    } else {
        4
    }
}

/// Each slot's members spread over the thirds their ranks fall in (ties share a rank range).
fn bands_by_rank(slots: &HashMap<i64, [(f64, f64); 5]>) -> ClaimBandMix {
    let mut totals = [0.0; 5];
    for plan in slots.values() {
        for (t, cell) in totals.iter_mut().zip(plan) {
            *t += cell.0;
        }
    }
    let n: f64 = totals.iter().sum();
    // fraction[s][b]: the share of slot s's members that fall in band b by rank.
    let mut fraction = [[0.0; 3]; 5];
    let mut start = 0.0;
    for (s, total) in totals.iter().enumerate() {
        for (b, f) in fraction[s].iter_mut().enumerate() {
            let (lo, hi) = (b as f64 * n / 3.0, (b + 1) as f64 * n / 3.0);
            let overlap = (hi.min(start + total) - lo.max(start)).max(0.0);
            *f = if *total > 0.0 { overlap / total } else { 0.0 };
        }
        start += total;
    }
    let mut mix = ClaimBandMix::default();
    let (mut counts, mut sums) = ([0.0; 3], [0.0; 3]);
    for (plan, cells) in slots {
        let entry = mix.members_by_plan.entry(*plan).or_insert([0.0; 3]);
        for (s, (members, claims)) in cells.iter().enumerate() {
            for b in 0..3 {
                entry[b] += members * fraction[s][b];
                counts[b] += members * fraction[s][b];
                sums[b] += claims * fraction[s][b];
            }
        }
    }
    for b in 0..3 {
        mix.claims_per_member[b] = if counts[b] > 0.0 {
            sums[b] / counts[b]
        } else {
            0.0
        };
    }
    mix
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
    fn members_tied_at_zero_are_shared_so_each_band_holds_a_third() {
        use super::{ClaimBandMix, bands_by_rank, slot_of};
        // 9 members: six at $0 (two plans), then $100, $200, $900. Cuts at the thirds: 0 and 0.
        let claims = [
            (1, 0.0),
            (1, 0.0),
            (1, 0.0),
            (2, 0.0),
            (2, 0.0),
            (2, 0.0),
            (1, 100.0),
            (2, 200.0),
            (2, 900.0),
        ];
        let mut slots = std::collections::HashMap::new();
        for (plan, c) in claims {
            let cell: &mut (f64, f64) =
                &mut slots.entry(plan).or_insert([(0.0, 0.0); 5])[slot_of(c, [0.0, 0.0])];
            cell.0 += 1.0;
            cell.1 += c;
        }
        let mix: ClaimBandMix = bands_by_rank(&slots);
        let band_total = |b: usize| mix.members_by_plan.values().map(|m| m[b]).sum::<f64>();
        for b in 0..3 {
            assert!(
                (band_total(b) - 3.0).abs() < 1e-9,
                "band {b}: {}",
                band_total(b)
            );
        }
        assert_eq!(mix.claims_per_member[0], 0.0);
        assert!((mix.claims_per_member[2] - 400.0).abs() < 1e-9);
    }

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
