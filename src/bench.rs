//! `alliance-desk bench …`: timings printed for the closing note and README.

use crate::cli::{BenchTarget, Cli};
use crate::model::scenario::{self, Scenario, ScenarioKind};
use anyhow::Result;
use std::time::Instant;

/// Runs one benchmark and prints its figures.
pub fn run(_cli: &Cli, what: &BenchTarget) -> Result<()> {
    match what {
        BenchTarget::Scenario { iterations } => bench_scenario(*iterations),
    }
}

fn bench_scenario(iterations: u32) -> Result<()> {
    let s = Scenario::new(ScenarioKind::Renewal, "bench");
    let started = Instant::now();
    for _ in 0..iterations {
        std::hint::black_box(s.run()?);
    }
    let per_run = started.elapsed().as_secs_f64() / iterations.max(1) as f64;
    let a = scenario::linspace(0.0, 0.15, 50);
    let b = scenario::linspace(0.02, 0.20, 50);
    let started = Instant::now();
    let grid = scenario::sweep_two(&s, "trend_medical", &a, "loads_pct", &b, "renewal_change")?;
    let table = started.elapsed().as_secs_f64();
    println!(
        "renewal recompute: {:.3} ms per run ({iterations} runs; goal < 1 ms)",
        per_run * 1e3
    );
    println!(
        "50x50 data table:  {:.1} ms for {} cells (goal < 50 ms)",
        table * 1e3,
        grid.len() * grid[0].len()
    );
    Ok(())
}
