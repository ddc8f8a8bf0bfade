//! `alliance-desk bench …`: timings printed for the closing note and README.

use crate::cli::{BenchTarget, Cli};
use crate::model::scenario::{self, Scenario, ScenarioKind};
use anyhow::Result;
use std::time::Instant;

/// Runs one benchmark and prints its figures.
pub fn run(_cli: &Cli, what: &BenchTarget) -> Result<()> {
    match what {
        BenchTarget::Scenario { iterations } => bench_scenario(*iterations),
        BenchTarget::Compare { members } => bench_compare(*members),
        BenchTarget::Import { rows } => bench_import(*rows),
    }
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1e3
}

fn bench_compare(members: usize) -> Result<()> {
    let dir = tempfile_dir()?;
    let path = dir.join("bench-compare.adesk");
    let started = Instant::now();
    let mut ws = crate::store::Workspace::create(&path)?;
    crate::generate::fill_workspace(
        &mut ws,
        crate::generate::GenerateOptions { members, seed: 1 },
    )?;
    println!(
        "generated {members} members into {} in {:.0} ms",
        path.display(),
        ms(started)
    );
    let codes: Vec<String> = ws.plans()?.into_iter().take(6).map(|p| p.code).collect();
    let started = Instant::now();
    let inputs = ws.compare_inputs(None)?;
    let aggregate = ms(started);
    let settings = crate::model::compare::CompareSettings {
        plan_codes: codes,
        ..Default::default()
    };
    let started = Instant::now();
    let runs = 20;
    for _ in 0..runs {
        std::hint::black_box(crate::model::compare::compare(&inputs, &settings));
    }
    let recompute = ms(started) / runs as f64;
    println!(
        "SQL aggregation (enrollment by plan and tier, claims, rates, measures): {aggregate:.1} ms"
    );
    println!(
        "recompute of 6 plans from the aggregates (every edit): {recompute:.2} ms (goal < 50 ms)"
    );
    drop(ws);
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

fn bench_import(rows: usize) -> Result<()> {
    use calamine::Reader;
    let dir = tempfile_dir()?;
    let started = Instant::now();
    let data = crate::generate::sample_data(crate::generate::GenerateOptions {
        members: rows,
        seed: 3,
    });
    let files = crate::generate::write_workbooks(&data, &dir)?;
    let census = files
        .iter()
        .find(|f| f.ends_with("census.xlsx"))
        .cloned()
        .unwrap_or_default();
    let plans = files
        .iter()
        .find(|f| f.ends_with("plans_and_rates.xlsx"))
        .cloned()
        .unwrap_or_default();
    drop(data);
    println!(
        "wrote a {rows}-row census ({} MB) in {:.1} s",
        std::fs::metadata(&census)?.len() / 1_000_000,
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&census)?;
    let range = wb.worksheet_range("Census")?;
    let raw = started.elapsed().as_secs_f64();
    let cells = range.get_size().0 * range.get_size().1;
    drop((range, wb));

    let mut ws = crate::store::Workspace::create(&dir.join("bench-import.adesk"))?;
    let progress = crate::import::Progress::default();
    let plan_opts = crate::import::ImportOptions {
        sheet: Some("Plan Designs".into()),
        ..Default::default()
    };
    crate::import::import_file(&mut ws, &plans, &plan_opts, &progress)?;
    let started = Instant::now();
    let summary = crate::import::import_file(
        &mut ws,
        &census,
        &crate::import::ImportOptions::default(),
        &progress,
    )?;
    let full = started.elapsed().as_secs_f64();
    println!(
        "calamine raw parse: {raw:.2} s ({:.2} M cells/s, {cells} cells)",
        cells as f64 / raw / 1e6
    );
    println!(
        "full import:        {full:.2} s ({:.2} M cells/s, {} members committed)",
        cells as f64 / full / 1e6,
        summary.rows_imported
    );
    println!(
        "ratio full / raw:   {:.2} (goal <= 1.5; >= 1 M cells/s)",
        full / raw
    );
    drop(ws);
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

fn tempfile_dir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("alliance-desk-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
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
