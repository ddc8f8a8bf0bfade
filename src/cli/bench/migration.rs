//! `bench migration`: a migration run as the editor recomputes it on every edit (the scenario
//! file's JSON in, the outputs out), over 12 plans in 4 tiers holding N members with claims
//! bands, and the one-off read of a workspace's claims thirds over N generated members.

use super::ms;
use crate::model::migration::{ClaimBands, MigrationParams, PlanTier};
use crate::model::scenario::{Scenario, ScenarioKind};
use anyhow::Result;
use std::time::Instant;

const PLANS: usize = 12;
const TIERS: [&str; 4] = ["EE", "ES", "EC", "FAM"];

/// Twelve plans in four tiers, `members` in all, contributions from $600 to $7,200 a year.
fn params(members: usize) -> MigrationParams {
    let per_cell = members as f64 / (PLANS * TIERS.len()) as f64;
    let mut plans = Vec::new();
    for (t, tier) in TIERS.iter().enumerate() {
        for p in 0..PLANS {
            let employee = 600.0 * (1.0 + p as f64) * (1.0 + t as f64 * 0.5) / 2.0;
            let employer = 6_000.0 * (1.0 + t as f64 * 0.8);
            plans.push(PlanTier {
                code: format!("PLAN-{:02}", p + 1),
                tier: tier.to_string(),
                members: per_cell * (0.5 + (p % 4) as f64 / 3.0),
                contribution_annual: employee,
                new_contribution_annual: employee,
                employer_annual: employer,
                new_employer_annual: employer,
                oop: 1_000.0 + 150.0 * p as f64,
                new_oop: 1_000.0 + 150.0 * p as f64,
                offered: true,
                new_offered: true,
                like: None,
                band_shares: Some([0.2 + 0.02 * p as f64, 0.33, 0.47 - 0.02 * p as f64]),
            });
        }
    }
    MigrationParams {
        plans,
        premium_coefficient: -0.10,
        oop_coefficient: None,
        inertia: 0.3,
        claim_bands: Some(ClaimBands {
            multipliers: crate::model::migration::default_multipliers(),
            claims_per_member: [900.0, 4_500.0, 28_000.0],
        }),
    }
}

/// Prints the per-edit recompute (mean and slowest of 1,000 edits) and, with `generate`,
/// the claims-thirds read over that many generated members.
pub fn bench_migration(members: usize, generate: bool) -> Result<()> {
    let mut s = Scenario::new(ScenarioKind::Migration, "bench");
    s.params = serde_json::to_value(params(members))?;
    let edits = 1_000;
    let (mut total, mut slowest) = (0.0, 0.0f64);
    for i in 0..edits {
        let edited = s.with_input("plans.3.new_contribution_annual", 1_200.0 + i as f64)?;
        let started = Instant::now();
        std::hint::black_box(edited.run()?);
        let t = ms(started);
        total += t;
        slowest = slowest.max(t);
    }
    println!(
        "migration recompute, {PLANS} plans x {} tiers x 3 claims bands, {} members: {:.3} ms per edit on average, {:.3} ms at the slowest of {edits} (goal < 16 ms)",
        TIERS.len(),
        crate::format::count(members as i64),
        total / edits as f64,
        slowest
    );
    if generate {
        bench_fill(members)?;
    }
    Ok(())
}

/// The one-off reads behind Fill from workspace: enrollment and rates, and the claims thirds.
fn bench_fill(members: usize) -> Result<()> {
    let dir = std::env::temp_dir().join(format!(
        "alliance-desk-bench-migration-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir)?;
    let mut ws = crate::store::Workspace::create(&dir.join("bench-migration.adesk"))?;
    crate::generate::fill_workspace(
        &mut ws,
        crate::generate::GenerateOptions { members, seed: 1 },
    )?;
    let started = Instant::now();
    let read = ws.compare_inputs(None)?;
    let inputs = ms(started);
    let started = Instant::now();
    let mix = ws.claim_bands_between(None, crate::store::claim_bands::thirds(&read.claims))?;
    let compare_bands = ms(started);
    let started = Instant::now();
    std::hint::black_box(ws.claim_bands(None)?);
    let scenario_bands = ms(started);
    println!(
        "fill from a workspace of {} members (once, not per edit): enrollment, rates and claims {inputs:.0} ms (Compare holds these already); claims-band counts {compare_bands:.0} ms from Compare, {scenario_bands:.0} ms in Scenarios (reads and sorts the claims) ({} plans banded)",
        crate::format::count(members as i64),
        mix.members_by_plan.len()
    );
    drop(ws);
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
