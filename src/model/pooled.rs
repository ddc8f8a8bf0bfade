//! Pooled-volume tier pricing (DESIGN.md §4.4): what members pay alone and in a pool that
//! reaches a vendor's lower-price tier, how the savings are shared (by volume, by stand-alone
//! spend, by Shapley value, or at the pooled unit price), what happens when a member leaves,
//! how far the next tier is, and whether any group of members would do better on its own.
//!
//! One service line per scenario (a lab contract, an imaging contract …): the schedule and
//! the members' volumes are for that one line. Money in USD, volumes in units per year.

use crate::dice::Dice;
use serde::{Deserialize, Serialize};

/// Members up to which Shapley values are computed exactly (2¹² subsets).
pub const EXACT_SHAPLEY_MAX: usize = 12;
/// Permutations sampled for Shapley values above [`EXACT_SHAPLEY_MAX`] members by default.
pub const DEFAULT_PERMUTATIONS: u32 = 10_000;

/// One tier of a vendor schedule: from `min_volume` units a year, `unit_price` per unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub min_volume: f64,
    pub unit_price: f64,
}

/// How the schedule prices a volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Pricing {
    /// The tier the volume reaches prices every unit.
    #[default]
    AllUnits,
    /// Each unit is priced by the tier it falls in.
    Incremental,
}

/// How the pool's savings (and admin cost) are shared among members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Allocation {
    /// Savings in proportion to each member's volume.
    #[default]
    Volume,
    /// Savings in proportion to each member's stand-alone spend.
    Spend,
    /// Savings by the Shapley value of the savings game.
    Shapley,
    /// Everyone pays the pooled unit price (savings follow each member's own price gap).
    PooledPrice,
}

impl Allocation {
    /// Every method, in menu order.
    pub const ALL: [Allocation; 4] = [
        Allocation::Volume,
        Allocation::Spend,
        Allocation::Shapley,
        Allocation::PooledPrice,
    ];

    /// A name for menus and tables.
    pub fn title(self) -> &'static str {
        match self {
            Allocation::Volume => "By volume",
            Allocation::Spend => "By stand-alone spend",
            Allocation::Shapley => "By Shapley value",
            Allocation::PooledPrice => "At the pooled unit price",
        }
    }
}

/// A member of the pool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub name: String,
    /// Units a year.
    pub volume: f64,
    /// What the member pays per unit today; without it, the schedule at its own volume.
    #[serde(default)]
    pub current_unit_price: Option<f64>,
}

/// Inputs of a `pooled_volume` scenario (DESIGN.md §4.7; names fixed, extras added).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PooledParams {
    /// The service line (e.g. "Lab panels"), for titles.
    #[serde(default)]
    pub service: String,
    pub schedule: Vec<Tier>,
    #[serde(default)]
    pub pricing: Pricing,
    pub members: Vec<Member>,
    #[serde(default)]
    pub allocation: Allocation,
    /// The alliance's own yearly cost of running the contract, shared by the same method.
    #[serde(default)]
    pub admin_cost: f64,
    /// Permutations sampled for Shapley values above 12 members.
    #[serde(default = "default_permutations")]
    pub shapley_permutations: u32,
    /// Seed of the permutation sampling.
    #[serde(default = "default_seed")]
    pub seed: u64,
}

fn default_permutations() -> u32 {
    DEFAULT_PERMUTATIONS
}
fn default_seed() -> u64 {
    1
}

/// Input the model cannot price, naming the field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidPool(pub String);

/// A vendor's tier schedule, checked: tiers ascending from 0, prices positive.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    tiers: Vec<Tier>,
    pricing: Pricing,
}

impl Schedule {
    /// Checks and keeps a schedule: at least one tier, the first from 0, strictly ascending
    /// minimum volumes, finite non-negative prices.
    pub fn new(tiers: &[Tier], pricing: Pricing) -> Result<Schedule, InvalidPool> {
        let Some(first) = tiers.first() else {
            return Err(InvalidPool("schedule: needs at least one tier".into()));
        };
        if first.min_volume != 0.0 {
            return Err(InvalidPool(format!(
                "schedule[0].min_volume: the first tier must start at 0 units (got {})",
                first.min_volume
            )));
        }
        for (i, t) in tiers.iter().enumerate() {
            if !t.unit_price.is_finite() || t.unit_price < 0.0 {
                return Err(InvalidPool(format!(
                    "schedule[{i}].unit_price: must be a price of 0 or more (got {})",
                    t.unit_price
                )));
            }
            if !t.min_volume.is_finite() || t.min_volume < 0.0 {
                return Err(InvalidPool(format!(
                    "schedule[{i}].min_volume: must be 0 or more (got {})",
                    t.min_volume
                )));
            }
            if i > 0 && t.min_volume <= tiers[i - 1].min_volume {
                return Err(InvalidPool(format!(
                    "schedule[{i}].min_volume: tiers must be in ascending order of volume ({} is not above {})",
                    t.min_volume,
                    tiers[i - 1].min_volume
                )));
            }
        }
        Ok(Schedule {
            tiers: tiers.to_vec(),
            pricing,
        })
    }

    /// The tiers, ascending.
    pub fn tiers(&self) -> &[Tier] {
        &self.tiers
    }

    /// Index of the tier a volume reaches.
    fn tier_index(&self, volume: f64) -> usize {
        self.tiers
            .partition_point(|t| t.min_volume <= volume)
            .saturating_sub(1)
    }

    /// The unit price of the tier a volume reaches.
    pub fn price_at(&self, volume: f64) -> f64 {
        self.tiers[self.tier_index(volume)].unit_price
    }

    /// What `volume` units cost under the schedule.
    pub fn cost_usd(&self, volume: f64) -> f64 {
        let v = volume.max(0.0);
        match self.pricing {
            Pricing::AllUnits => v * self.price_at(v),
            Pricing::Incremental => self
                .tiers
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let upper = self
                        .tiers
                        .get(i + 1)
                        .map_or(f64::INFINITY, |n| n.min_volume);
                    (v.min(upper) - t.min_volume).max(0.0) * t.unit_price
                })
                .sum(),
        }
    }

    /// The next tier above `volume`, if any.
    pub fn next_tier(&self, volume: f64) -> Option<Tier> {
        self.tiers.get(self.tier_index(volume) + 1).copied()
    }
}

/// One member's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberResult {
    pub name: String,
    pub volume: f64,
    pub standalone_cost: f64,
    /// The member's share of the pooled cost and of the admin cost, by the chosen method.
    pub allocated_cost: f64,
    /// Stand-alone cost − allocated cost.
    pub savings: f64,
    /// Savings as a share of the stand-alone cost.
    pub savings_pct: f64,
    /// Savings by each method before admin cost (volume, spend, Shapley, pooled price).
    pub volume_savings: f64,
    pub spend_savings: f64,
    pub shapley_savings: f64,
    pub pooled_price_savings: f64,
    /// Standard error of the sampled Shapley savings (0 when computed exactly).
    pub shapley_std_error: f64,
}

/// The pool without one member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaveOneOut {
    pub leaving: String,
    pub pooled_total: f64,
    pub savings: f64,
    /// What each remaining member loses (its allocated savings now − without the leaver),
    /// in member order; the leaver's own entry is 0.
    pub losses: Vec<f64>,
}

/// A member or group of members whose allocated savings fall short of what it would save by
/// pooling on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoreViolation {
    pub members: Vec<String>,
    pub allocated_savings: f64,
    pub savings_alone: f64,
}

/// Everything the pooled-volume views and files show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PooledOutputs {
    /// How the savings were shared and how the schedule prices.
    pub allocation: Allocation,
    pub pricing: Pricing,
    pub standalone_total: f64,
    pub pooled_total: f64,
    pub savings: f64,
    pub savings_rate: f64,
    pub pooled_unit_price: f64,
    /// The price of the pool's last unit (the tier its volume reaches).
    pub marginal_unit_price: f64,
    pub total_volume: f64,
    pub admin_cost: f64,
    pub net_savings: f64,
    pub volume_to_next_tier: Option<f64>,
    pub next_tier_price: Option<f64>,
    /// What the pool would save a year once it reaches the next tier, against buying the
    /// extra units at today's price (0 for incremental pricing, where only the units beyond
    /// the next tier get its price).
    pub next_tier_saving: Option<f64>,
    pub shapley_exact: bool,
    pub members: Vec<MemberResult>,
    pub leave_one_out: Vec<LeaveOneOut>,
    pub core_violations: Vec<CoreViolation>,
    /// Tiers of the schedule, for charts: (min volume, unit price).
    pub schedule: Vec<Tier>,
}

/// Checks the members: at least one, unique non-empty names, finite non-negative volumes and
/// prices.
fn check_members(members: &[Member]) -> Result<(), InvalidPool> {
    if members.is_empty() {
        return Err(InvalidPool(
            "members: the pool needs at least one member".into(),
        ));
    }
    for (i, m) in members.iter().enumerate() {
        if m.name.trim().is_empty() {
            return Err(InvalidPool(format!(
                "members[{i}].name: every member needs a name"
            )));
        }
        if members[..i].iter().any(|o| o.name.trim() == m.name.trim()) {
            return Err(InvalidPool(format!(
                "members[{i}].name: '{}' appears twice; names must be unique",
                m.name
            )));
        }
        if !m.volume.is_finite() || m.volume < 0.0 {
            return Err(InvalidPool(format!(
                "members[{i}].volume: must be 0 or more units (got {})",
                m.volume
            )));
        }
        if let Some(p) = m.current_unit_price
            && (!p.is_finite() || p < 0.0)
        {
            return Err(InvalidPool(format!(
                "members[{i}].current_unit_price: must be 0 or more (got {p})"
            )));
        }
    }
    Ok(())
}

/// What a member pays alone: its current price when given, else the schedule at its volume.
pub fn standalone_cost_usd(schedule: &Schedule, member: &Member) -> f64 {
    match member.current_unit_price {
        Some(p) => member.volume * p,
        None => schedule.cost_usd(member.volume),
    }
}

/// The savings game: v(S) = Σ stand-alone costs in S − the schedule's cost of S's volume.
struct Game<'a> {
    schedule: &'a Schedule,
    volumes: Vec<f64>,
    standalone: Vec<f64>,
}

impl Game<'_> {
    fn value_of_mask(&self, mask: u32) -> f64 {
        let (mut vol, mut alone) = (0.0, 0.0);
        for i in 0..self.volumes.len() {
            if mask & (1 << i) != 0 {
                vol += self.volumes[i];
                alone += self.standalone[i];
            }
        }
        if vol == 0.0 {
            return 0.0;
        }
        alone - self.schedule.cost_usd(vol)
    }

    /// v(S) for every subset S, indexed by its bitmask.
    fn all_values(&self) -> Vec<f64> {
        (0..1u32 << self.volumes.len())
            .map(|m| self.value_of_mask(m))
            .collect()
    }
}

/// Exact Shapley values of the savings game by subset enumeration (n ≤ 12).
fn shapley_exact(values: &[f64], n: usize) -> Vec<f64> {
    // weight(s) = s!(n−s−1)!/n! for a coalition of size s without i.
    let fact: Vec<f64> = (0..=n)
        .scan(1.0, |acc, k| {
            if k > 0 {
                *acc *= k as f64;
            }
            Some(*acc)
        })
        .collect();
    let weight: Vec<f64> = (0..n)
        .map(|s| fact[s] * fact[n - s - 1] / fact[n])
        .collect();
    (0..n)
        .map(|i| {
            let bit = 1u32 << i;
            (0..values.len() as u32)
                .filter(|m| m & bit == 0)
                .map(|m| {
                    weight[m.count_ones() as usize]
                        * (values[(m | bit) as usize] - values[m as usize])
                })
                .sum()
        })
        .collect()
}

/// Shapley values by seeded permutation sampling, with the standard error of each mean.
fn shapley_sampled(game: &Game, permutations: u32, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let n = game.volumes.len();
    let mut dice = Dice::new(seed);
    let (mut sum, mut sum_sq) = (vec![0.0; n], vec![0.0; n]);
    let mut order: Vec<usize> = (0..n).collect();
    let runs = permutations.max(2);
    for _ in 0..runs {
        for k in (1..n).rev() {
            order.swap(k, dice.int(0, k as i64) as usize);
        }
        let (mut vol, mut alone, mut before) = (0.0, 0.0, 0.0);
        for &i in &order {
            vol += game.volumes[i];
            alone += game.standalone[i];
            let after = if vol == 0.0 {
                0.0
            } else {
                alone - game.schedule.cost_usd(vol)
            };
            let marginal = after - before;
            sum[i] += marginal;
            sum_sq[i] += marginal * marginal;
            before = after;
        }
    }
    let r = runs as f64;
    let mean: Vec<f64> = sum.iter().map(|s| s / r).collect();
    let se = sum_sq
        .iter()
        .zip(&mean)
        .map(|(sq, m)| ((sq / r - m * m).max(0.0) * r / (r - 1.0)).sqrt() / r.sqrt())
        .collect();
    (mean, se)
}

/// Each member's Shapley savings and their standard errors (0 when exact), with whether
/// they were computed exactly.
pub fn shapley_values(p: &PooledParams) -> Result<(Vec<f64>, Vec<f64>, bool), InvalidPool> {
    let schedule = Schedule::new(&p.schedule, p.pricing)?;
    check_members(&p.members)?;
    let (standalone, ..) = totals(&schedule, &p.members);
    let game = Game {
        schedule: &schedule,
        volumes: p.members.iter().map(|m| m.volume).collect(),
        standalone,
    };
    let n = p.members.len();
    Ok(if n <= EXACT_SHAPLEY_MAX {
        (shapley_exact(&game.all_values(), n), vec![0.0; n], true)
    } else {
        let (mean, se) = shapley_sampled(&game, p.shapley_permutations, p.seed);
        (mean, se, false)
    })
}

/// Shares that sum to 1 in proportion to `weights` (equal shares when all are 0).
fn shares(weights: &[f64]) -> Vec<f64> {
    let total: f64 = weights.iter().sum();
    if total > 0.0 {
        weights.iter().map(|w| w / total).collect()
    } else {
        vec![1.0 / weights.len().max(1) as f64; weights.len()]
    }
}

/// Each member's savings by each method (volume, spend, Shapley, pooled price), the Shapley
/// standard errors and whether Shapley was exact.
struct Splits {
    volume: Vec<f64>,
    spend: Vec<f64>,
    shapley: Vec<f64>,
    shapley_se: Vec<f64>,
    pooled_price: Vec<f64>,
    exact: bool,
}

fn splits(game: &Game, p: &PooledParams, savings: f64, pooled_price: f64) -> Splits {
    let n = game.volumes.len();
    let volume: Vec<f64> = shares(&game.volumes).iter().map(|s| s * savings).collect();
    let spend: Vec<f64> = shares(&game.standalone)
        .iter()
        .map(|s| s * savings)
        .collect();
    let exact = n <= EXACT_SHAPLEY_MAX;
    let (shapley, shapley_se) = if exact {
        (shapley_exact(&game.all_values(), n), vec![0.0; n])
    } else {
        shapley_sampled(game, p.shapley_permutations, p.seed)
    };
    let pooled = (0..n)
        .map(|i| game.standalone[i] - game.volumes[i] * pooled_price)
        .collect();
    Splits {
        volume,
        spend,
        shapley,
        shapley_se,
        pooled_price: pooled,
        exact,
    }
}

impl Splits {
    fn chosen(&self, method: Allocation) -> &[f64] {
        match method {
            Allocation::Volume => &self.volume,
            Allocation::Spend => &self.spend,
            Allocation::Shapley => &self.shapley,
            Allocation::PooledPrice => &self.pooled_price,
        }
    }
}

/// The pool's totals: stand-alone, pooled cost and unit price.
fn totals(schedule: &Schedule, members: &[Member]) -> (Vec<f64>, f64, f64, f64) {
    let standalone: Vec<f64> = members
        .iter()
        .map(|m| standalone_cost_usd(schedule, m))
        .collect();
    let volume: f64 = members.iter().map(|m| m.volume).sum();
    let pooled = schedule.cost_usd(volume);
    (
        standalone,
        volume,
        pooled,
        if volume > 0.0 { pooled / volume } else { 0.0 },
    )
}

/// Most permutations a sampled Shapley value may take.
pub const MAX_PERMUTATIONS: u32 = 1_000_000;
/// Most members one pool may have.
pub const MAX_MEMBERS: usize = 500;

/// Runs the pooled-volume model.
pub fn run(p: &PooledParams) -> Result<PooledOutputs, InvalidPool> {
    let schedule = Schedule::new(&p.schedule, p.pricing)?;
    check_members(&p.members)?;
    // Bounds that keep a run to seconds: sampling cost grows with permutations × members².
    if p.shapley_permutations > MAX_PERMUTATIONS {
        return Err(InvalidPool(format!(
            "shapley_permutations: at most {MAX_PERMUTATIONS} (got {})",
            p.shapley_permutations
        )));
    }
    if p.members.len() > MAX_MEMBERS {
        return Err(InvalidPool(format!(
            "members: at most {MAX_MEMBERS} in one pool (got {})",
            p.members.len()
        )));
    }
    if !p.admin_cost.is_finite() || p.admin_cost < 0.0 {
        return Err(InvalidPool(format!(
            "admin_cost: must be 0 or more (got {})",
            p.admin_cost
        )));
    }
    let (standalone, volume, pooled, unit_price) = totals(&schedule, &p.members);
    let standalone_total: f64 = standalone.iter().sum();
    let savings = standalone_total - pooled;
    let game = Game {
        schedule: &schedule,
        volumes: p.members.iter().map(|m| m.volume).collect(),
        standalone: standalone.clone(),
    };
    let split = splits(&game, p, savings, unit_price);
    let chosen = split.chosen(p.allocation).to_vec();
    let admin_shares = shares(&chosen.iter().map(|s| s.max(0.0)).collect::<Vec<_>>());
    let members = p
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let allocated = standalone[i] - chosen[i] + p.admin_cost * admin_shares[i];
            let saved = standalone[i] - allocated;
            MemberResult {
                name: m.name.clone(),
                volume: m.volume,
                standalone_cost: standalone[i],
                allocated_cost: allocated,
                savings: saved,
                savings_pct: if standalone[i] > 0.0 {
                    saved / standalone[i]
                } else {
                    0.0
                },
                volume_savings: split.volume[i],
                spend_savings: split.spend[i],
                shapley_savings: split.shapley[i],
                pooled_price_savings: split.pooled_price[i],
                shapley_std_error: split.shapley_se[i],
            }
        })
        .collect();
    let next = schedule.next_tier(volume);
    Ok(PooledOutputs {
        allocation: p.allocation,
        pricing: p.pricing,
        standalone_total,
        pooled_total: pooled,
        savings,
        savings_rate: if standalone_total > 0.0 {
            savings / standalone_total
        } else {
            0.0
        },
        pooled_unit_price: unit_price,
        marginal_unit_price: schedule.price_at(volume),
        total_volume: volume,
        admin_cost: p.admin_cost,
        net_savings: savings - p.admin_cost,
        volume_to_next_tier: next.map(|t| t.min_volume - volume),
        next_tier_price: next.map(|t| t.unit_price),
        next_tier_saving: next.map(|t| next_tier_saving(&schedule, volume, t)),
        shapley_exact: split.exact,
        leave_one_out: leave_one_out(p, &schedule, &chosen),
        core_violations: core_violations(&game, &chosen, &p.members),
        members,
        schedule: p.schedule.clone(),
    })
}

/// The saving of reaching `next`: the extra units bought at today's marginal price plus
/// today's cost, against the schedule's cost at the next tier's volume.
fn next_tier_saving(schedule: &Schedule, volume: f64, next: Tier) -> f64 {
    let extra = next.min_volume - volume;
    let marginal_now = schedule.price_at(volume);
    schedule.cost_usd(volume) + extra * marginal_now - schedule.cost_usd(next.min_volume)
}

/// The pool without each member in turn: its totals, and what each remaining member loses
/// under the same allocation method.
fn leave_one_out(p: &PooledParams, schedule: &Schedule, chosen: &[f64]) -> Vec<LeaveOneOut> {
    (0..p.members.len())
        .map(|out| {
            let rest: Vec<Member> = p
                .members
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != out)
                .map(|(_, m)| m.clone())
                .collect();
            let (standalone, _, pooled, unit_price) = totals(schedule, &rest);
            let savings = standalone.iter().sum::<f64>() - pooled;
            let without = if rest.is_empty() {
                Vec::new()
            } else {
                let game = Game {
                    schedule,
                    volumes: rest.iter().map(|m| m.volume).collect(),
                    standalone,
                };
                // Leave-one-out re-estimates a sampled Shapley split once per member: a tenth of
                // the orders keeps a 50-member pool's recompute interactive.
                let sub = PooledParams {
                    members: rest,
                    shapley_permutations: (p.shapley_permutations / 10).max(500),
                    ..p.clone()
                };
                splits(&game, &sub, savings, unit_price)
                    .chosen(p.allocation)
                    .to_vec()
            };
            let mut remaining = without.into_iter();
            let losses = (0..p.members.len())
                .map(|i| {
                    if i == out {
                        0.0
                    } else {
                        chosen[i] - remaining.next().unwrap_or(0.0)
                    }
                })
                .collect();
            LeaveOneOut {
                leaving: p.members[out].name.clone(),
                pooled_total: pooled,
                savings,
                losses,
            }
        })
        .collect()
}

/// Members or groups (every subset up to 12 members; single members above) whose allocated
/// savings are below what they would save pooling on their own.
fn core_violations(game: &Game, chosen: &[f64], members: &[Member]) -> Vec<CoreViolation> {
    let n = members.len();
    let full = if n <= EXACT_SHAPLEY_MAX {
        (1u32 << n) - 1
    } else {
        0
    };
    let masks: Vec<u32> = if n <= EXACT_SHAPLEY_MAX {
        (1..full).collect()
    } else {
        (0..n.min(31)).map(|i| 1u32 << i).collect()
    };
    let tolerance = 0.005;
    masks
        .into_iter()
        .filter_map(|mask| {
            let alone = game.value_of_mask(mask);
            let got: f64 = (0..n)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| chosen[i])
                .sum();
            (got + tolerance < alone).then(|| CoreViolation {
                members: (0..n)
                    .filter(|i| mask & (1 << i) != 0)
                    .map(|i| members[i].name.clone())
                    .collect(),
                allocated_savings: got,
                savings_alone: alone,
            })
        })
        .collect()
}

/// DESIGN.md's worked example: three hospitals on a four-tier lab schedule.
pub fn worked_example() -> PooledParams {
    let tier = |min_volume: f64, unit_price: f64| Tier {
        min_volume,
        unit_price,
    };
    let member = |name: &str, volume: f64| Member {
        name: name.into(),
        volume,
        current_unit_price: None,
    };
    PooledParams {
        service: "Lab panels".into(),
        schedule: vec![
            tier(0.0, 10.0),
            tier(100_000.0, 9.0),
            tier(250_000.0, 8.25),
            tier(500_000.0, 7.5),
        ],
        pricing: Pricing::AllUnits,
        members: vec![
            member("A", 60_000.0),
            member("B", 120_000.0),
            member("C", 220_000.0),
        ],
        allocation: Allocation::Shapley,
        admin_cost: 0.0,
        shapley_permutations: DEFAULT_PERMUTATIONS,
        seed: 1,
    }
}

#[cfg(test)]
mod tests;
