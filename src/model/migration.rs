//! Plan migration (DESIGN §4.8, scenario kind `migration`): who moves between plans when
//! contributions or designs change. A conditional logit per coverage tier whose constants
//! reproduce today's enrollment exactly; inertia, plans withdrawn and added, and optional
//! claims bands with their own price sensitivity (adverse selection).

use serde::{Deserialize, Serialize};

pub mod estimate;
pub mod fill;
pub mod history;
pub mod presets;

/// One plan in one coverage tier, today and after the change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanTier {
    pub code: String,
    /// `EE`, `ES`, `EC` or `FAM`: members choose among the plans of their own tier.
    pub tier: String,
    /// Enrolled today (0 for a plan added).
    pub members: f64,
    /// The employee's contribution a year, today and after the change.
    pub contribution_annual: f64,
    pub new_contribution_annual: f64,
    /// The employer's contribution a year per member, today and after the change.
    #[serde(default)]
    pub employer_annual: f64,
    #[serde(default)]
    pub new_employer_annual: f64,
    /// Expected out-of-pocket a year, today and after the change.
    #[serde(default)]
    pub oop: f64,
    #[serde(default)]
    pub new_oop: f64,
    #[serde(default = "yes")]
    pub offered: bool,
    #[serde(default = "yes")]
    pub new_offered: bool,
    /// For a plan added: the plan it is most like, whose constant it takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub like: Option<String>,
    /// With claims bands: the share of this plan's members in each band, low to high claims
    /// (thirds when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band_shares: Option<[f64; 3]>,
}

fn yes() -> bool {
    true
}

/// Members banded by yearly allowed claims (thirds), each band with its own price sensitivity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimBands {
    /// Multiplier on the premium coefficient per band, low to high claims.
    #[serde(default = "default_multipliers")]
    pub multipliers: [f64; 3],
    /// Mean yearly allowed claims per member of each band.
    pub claims_per_member: [f64; 3],
}

/// Low-claims members weigh price more: 1.5 / 1.0 / 0.5 (DESIGN §4.8).
pub fn default_multipliers() -> [f64; 3] {
    [1.5, 1.0, 0.5]
}

/// Inputs of a migration run (DESIGN §5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MigrationParams {
    pub plans: Vec<PlanTier>,
    /// β: utility per $100 a year of employee contribution (negative).
    pub premium_coefficient: f64,
    /// γ: utility per $100 a year of expected out-of-pocket; β when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oop_coefficient: Option<f64>,
    /// ρ: the share of members in a plan still offered who stay put, 0–1.
    #[serde(default)]
    pub inertia: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_bands: Option<ClaimBands>,
}

/// One plan in one tier after the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanShift {
    pub code: String,
    pub tier: String,
    /// Members today and after (unrounded).
    pub before: f64,
    pub after: f64,
    /// Own-contribution elasticity β·c/100·(1 − s) at today's share.
    pub elasticity: f64,
    /// With claims bands: expected allowed claims per member today and after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims_per_member_before: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims_per_member_after: Option<f64>,
    /// With claims bands: members per band, low to high, today and after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bands_before: Option<[f64; 3]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bands_after: Option<[f64; 3]>,
}

/// Outputs of a migration run (DESIGN §5; the names are a public interface).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MigrationOutputs {
    pub plans: Vec<PlanShift>,
    pub employer_cost_before: f64,
    pub employer_cost_after: f64,
    pub employee_cost_before: f64,
    pub employee_cost_after: f64,
    /// Members who leave plans that shrink (net of arrivals).
    pub members_moving: f64,
    /// The employer's saving a year after migration: before − after.
    pub employer_saving: f64,
    /// What the same change would save if nobody moved (members of a withdrawn plan count at
    /// no employer cost: read it beside the saving after migration, not alone).
    pub employer_saving_if_nobody_moved: f64,
}

/// Why a migration run was refused, in words.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct MigrationError(pub String);

fn check(p: &MigrationParams) -> Result<(), MigrationError> {
    let bad = |m: String| Err(MigrationError(m));
    if p.plans.is_empty() {
        return bad("add at least one plan".into());
    }
    if !p.premium_coefficient.is_finite() || p.premium_coefficient > 0.0 {
        return bad(
            "the premium coefficient must be zero or negative (people prefer to pay less)".into(),
        );
    }
    if !(0.0..=1.0).contains(&p.inertia) {
        return bad("inertia must be between 0 % and 100 %".into());
    }
    if let Some(g) = p.oop_coefficient
        && (!g.is_finite() || g > 0.0)
    {
        return bad("the out-of-pocket coefficient must be zero or negative".into());
    }
    if let Some(b) = &p.claim_bands
        && b.multipliers
            .iter()
            .chain(&b.claims_per_member)
            .any(|x| !x.is_finite() || *x < 0.0)
    {
        return bad("claims bands need multipliers and claims per member of zero or more".into());
    }
    for tier in tiers(&p.plans) {
        let of_tier = || p.plans.iter().filter(|t| t.tier == tier);
        let members: f64 = of_tier().map(|t| t.members).sum();
        if members > 0.0 && !of_tier().any(|t| t.new_offered) {
            return bad(format!(
                "tier {tier}: every plan is withdrawn, so its {members:.0} members have nowhere to go"
            ));
        }
    }
    for t in &p.plans {
        if t.members.is_nan() || t.members < 0.0 {
            return bad(format!("{} {}: members cannot be negative", t.code, t.tier));
        }
        let money = [
            t.contribution_annual,
            t.new_contribution_annual,
            t.employer_annual,
            t.new_employer_annual,
            t.oop,
            t.new_oop,
        ];
        if money.iter().any(|x| !x.is_finite()) {
            return bad(format!(
                "{} {}: every amount must be a number",
                t.code, t.tier
            ));
        }
        if t.members > 0.0 && !t.offered {
            return bad(format!(
                "{} {}: has members but is marked as not offered today",
                t.code, t.tier
            ));
        }
        if let Some(like) = &t.like
            && !p
                .plans
                .iter()
                .any(|o| &o.code == like && o.tier == t.tier && o.offered)
        {
            return bad(format!(
                "{} {}: the plan it is like, {like}, is not offered today in that tier",
                t.code, t.tier
            ));
        }
        if !t.offered && t.new_offered && t.like.is_none() {
            return bad(format!(
                "{} {}: a plan added needs the plan it is most like",
                t.code, t.tier
            ));
        }
    }
    Ok(())
}

/// Runs the model: each tier's plans on their own, each claims band on its own within them.
pub fn run(p: &MigrationParams) -> Result<MigrationOutputs, MigrationError> {
    check(p)?;
    let gamma = p.oop_coefficient.unwrap_or(p.premium_coefficient);
    let bands = p.claim_bands.as_ref();
    let mut after = vec![0.0; p.plans.len()];
    let mut band_before = vec![[0.0; 3]; p.plans.len()];
    let mut band_after = vec![[0.0; 3]; p.plans.len()];
    for tier in tiers(&p.plans) {
        let idx: Vec<usize> = (0..p.plans.len())
            .filter(|&i| p.plans[i].tier == tier)
            .collect();
        let band_count = if bands.is_some() { 3 } else { 1 };
        for b in 0..band_count {
            let multiplier = bands.map_or(1.0, |c| c.multipliers[b]);
            let members: Vec<f64> = idx
                .iter()
                .map(|&i| p.plans[i].members * band_share(&p.plans[i], b, bands.is_some()))
                .collect();
            let moved = choose(p, &idx, &members, p.premium_coefficient * multiplier, gamma);
            for (k, &i) in idx.iter().enumerate() {
                after[i] += moved[k];
                band_before[i][b] = members[k];
                band_after[i][b] = moved[k];
            }
        }
    }
    Ok(outputs(p, &after, bands, &band_before, &band_after))
}

/// The distinct tiers in order of first appearance.
fn tiers(plans: &[PlanTier]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in plans {
        if !out.contains(&t.tier) {
            out.push(t.tier.clone());
        }
    }
    out
}

fn band_share(t: &PlanTier, band: usize, banded: bool) -> f64 {
    if !banded {
        return 1.0;
    }
    t.band_shares.map_or(1.0 / 3.0, |s| {
        let total: f64 = s.iter().sum();
        if total > 0.0 {
            s[band] / total
        } else {
            1.0 / 3.0
        }
    })
}

/// One tier (and band): members after the change, from members today, by the calibrated logit
/// with inertia (DESIGN §4.8).
fn choose(p: &MigrationParams, idx: &[usize], members: &[f64], beta: f64, gamma: f64) -> Vec<f64> {
    let total: f64 = members.iter().sum();
    if total <= 0.0 {
        return vec![0.0; idx.len()];
    }
    let share = |code: &str| -> Option<(usize, f64)> {
        idx.iter()
            .position(|&i| p.plans[i].code == code && p.plans[i].offered)
            .map(|k| (k, members[k] / total))
    };
    let weights: Vec<f64> = idx
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let t = &p.plans[i];
            if !t.new_offered {
                return 0.0;
            }
            // A plan added takes the constant of the plan it is like, so its weight is that
            // plan's share moved by the difference from that plan's values today.
            let (s, base) = match (t.offered, t.like.as_deref().and_then(share)) {
                (false, Some((l, s))) => (s, &p.plans[idx[l]]),
                _ => (members[k] / total, t),
            };
            let du = beta * (t.new_contribution_annual - base.contribution_annual) / 100.0
                + gamma * (t.new_oop - base.oop) / 100.0;
            s * du.exp()
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 {
        return vec![0.0; idx.len()];
    }
    let withdrawn: f64 = idx
        .iter()
        .enumerate()
        .filter(|(_, i)| !p.plans[**i].new_offered)
        .map(|(k, _)| members[k] / total)
        .sum();
    let rho = p.inertia;
    let choosers = 1.0 - rho * (1.0 - withdrawn);
    idx.iter()
        .enumerate()
        .map(|(k, &i)| {
            let stay = if p.plans[i].new_offered {
                rho * members[k] / total
            } else {
                0.0
            };
            (stay + choosers * weights[k] / sum) * total
        })
        .collect()
}

fn outputs(
    p: &MigrationParams,
    after: &[f64],
    bands: Option<&ClaimBands>,
    band_before: &[[f64; 3]],
    band_after: &[[f64; 3]],
) -> MigrationOutputs {
    let beta = p.premium_coefficient;
    let claims = |b: &[f64; 3]| -> Option<f64> {
        let c = bands?;
        let n: f64 = b.iter().sum();
        (n > 0.0).then(|| {
            b.iter()
                .zip(c.claims_per_member)
                .map(|(m, x)| m * x)
                .sum::<f64>()
                / n
        })
    };
    let plans: Vec<PlanShift> = p
        .plans
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let s = tier_share(&p.plans, t).unwrap_or(0.0);
            PlanShift {
                code: t.code.clone(),
                tier: t.tier.clone(),
                before: t.members,
                after: after[i],
                elasticity: own_elasticity(beta, t.contribution_annual, s),
                claims_per_member_before: claims(&band_before[i]),
                claims_per_member_after: claims(&band_after[i]),
                bands_before: bands.map(|_| band_before[i]),
                bands_after: bands.map(|_| band_after[i]),
            }
        })
        .collect();
    let sum = |f: &dyn Fn(usize, &PlanTier) -> f64| -> f64 {
        p.plans.iter().enumerate().map(|(i, t)| f(i, t)).sum()
    };
    let employer_cost_before = sum(&|_, t| t.members * t.employer_annual);
    let employer_cost_after = sum(&|i, t| after[i] * t.new_employer_annual);
    let employer_if_nobody_moved = sum(&|_, t| {
        if t.new_offered {
            t.members * t.new_employer_annual
        } else {
            0.0
        }
    });
    MigrationOutputs {
        employer_cost_before,
        employer_cost_after,
        employee_cost_before: sum(&|_, t| t.members * t.contribution_annual),
        employee_cost_after: sum(&|i, t| after[i] * t.new_contribution_annual),
        members_moving: sum(&|i, t| (t.members - after[i]).max(0.0)),
        employer_saving: employer_cost_before - employer_cost_after,
        employer_saving_if_nobody_moved: employer_cost_before - employer_if_nobody_moved,
        plans,
    }
}

/// A plan's share today of its tier's members; `None` when the tier has none.
pub fn tier_share(plans: &[PlanTier], plan: &PlanTier) -> Option<f64> {
    let total: f64 = plans
        .iter()
        .filter(|t| t.tier == plan.tier)
        .map(|t| t.members)
        .sum();
    (total > 0.0).then(|| plan.members / total)
}

/// The own-contribution elasticity of the calibrated logit: β·c/100·(1 − s) — the percent
/// change in a plan's enrollment for a 1 % rise in its own contribution.
pub fn own_elasticity(beta_per_100: f64, contribution_annual: f64, share: f64) -> f64 {
    beta_per_100 * contribution_annual / 100.0 * (1.0 - share)
}

/// The β that gives `elasticity` for a plan with this contribution and share (the inverse of
/// `own_elasticity`), for presets quoted as elasticities.
pub fn beta_for_elasticity(elasticity: f64, contribution_annual: f64, share: f64) -> f64 {
    let scale = contribution_annual / 100.0 * (1.0 - share);
    if scale > 0.0 { elasticity / scale } else { 0.0 }
}

/// DESIGN §4.8's worked example: one tier, A/B/C with 500/300/200 members at $1,200 / $2,400 /
/// $600 a year; B rises to $3,000; β = −0.10, no inertia.
pub fn worked_example() -> MigrationParams {
    let plan = |code: &str, members: f64, c: f64, new_c: f64, employer: f64| PlanTier {
        code: code.into(),
        tier: "EE".into(),
        members,
        contribution_annual: c,
        new_contribution_annual: new_c,
        employer_annual: employer,
        new_employer_annual: employer - (new_c - c),
        oop: 0.0,
        new_oop: 0.0,
        offered: true,
        new_offered: true,
        like: None,
        band_shares: None,
    };
    MigrationParams {
        plans: vec![
            plan("A", 500.0, 1_200.0, 1_200.0, 6_000.0),
            plan("B", 300.0, 2_400.0, 3_000.0, 7_200.0),
            plan("C", 200.0, 600.0, 600.0, 5_400.0),
        ],
        premium_coefficient: -0.10,
        oop_coefficient: None,
        inertia: 0.0,
        claim_bands: None,
    }
}

#[cfg(test)]
mod tests;
