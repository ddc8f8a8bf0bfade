//! `alliance-desk bench …`: timings printed for the closing note and README.

use crate::model::scenario::{self, Scenario, ScenarioKind};
use anyhow::Result;
use std::time::Instant;

mod claims;
mod members;
mod migration;
mod prices;

/// `bench` targets.
#[derive(Debug, clap::Subcommand)]
pub enum BenchTarget {
    /// One renewal recompute and a 50×50 two-parameter data table.
    Scenario {
        #[arg(long, default_value_t = 2000)]
        iterations: u32,
    },
    /// Import speed: calamine's raw parse of an N-row census against our full import.
    Import {
        #[arg(long, default_value_t = 100_000)]
        rows: usize,
        /// Timed runs of each; the best of each is reported (this machine's noise is ±10 %).
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
    /// Compare view over N generated members: SQL aggregation, then recompute.
    Compare {
        #[arg(long, default_value_t = 1_000_000)]
        members: usize,
    },
    /// The Members table over N generated members: each sort and filter read in the
    /// background, then the first page, a page halfway and the last page (each a frame's work).
    Members {
        /// Workspace sizes to measure (repeat for several, e.g. --members 1000000 --members 5000000).
        #[arg(long, default_values_t = [1_000_000])]
        members: Vec<usize>,
    },
    /// A plan migration recompute per edit over 12 plans in 4 tiers with claims bands, and
    /// (with --generate) Fill from workspace over that many generated members.
    Migration {
        #[arg(long, default_value_t = 1_000_000)]
        members: usize,
        /// Also generate a workspace of that many members and time the one-off fill reads.
        #[arg(long)]
        generate: bool,
    },
    /// Hospital price files: a generated tall CSV and a one-array JSON of --mb megabytes each,
    /// imported in a child process (MB/s, peak memory), and DuckDB's read_csv of the CSV.
    Prices {
        #[arg(long, default_value_t = 1_000)]
        mb: u64,
    },
    /// Claims: N generated medical claim lines imported as CSV and as Parquet in a child
    /// process (lines/s, peak memory), the summary after import, a filter edit, and DuckDB
    /// reading the same CSV and computing the same summary.
    Claims {
        #[arg(long, default_value_t = 10_000_000)]
        lines: u64,
    },
    /// The cost of encryption: import and compare on a plain and an encrypted workspace.
    Encryption {
        #[arg(long, default_value_t = 100_000)]
        rows: usize,
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
}

/// Runs one benchmark and prints its figures.
pub fn run(what: &BenchTarget) -> Result<()> {
    match what {
        BenchTarget::Scenario { iterations } => bench_scenario(*iterations),
        BenchTarget::Compare { members } => bench_compare(*members),
        BenchTarget::Import { rows, runs } => bench_import(*rows, (*runs).max(1)),
        BenchTarget::Encryption { rows, runs } => bench_encryption(*rows, (*runs).max(1)),
        BenchTarget::Members { members } => members::bench_members(members),
        BenchTarget::Prices { mb } => prices::bench_prices(*mb),
        BenchTarget::Claims { lines } => claims::bench_claims(*lines),
        BenchTarget::Migration { members, generate } => {
            migration::bench_migration(*members, *generate)
        }
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
    let oop = time_expected_oop(&inputs, &settings.plan_codes);
    println!(
        "SQL aggregation (enrollment by plan and tier, claims, rates, measures; off the UI thread): {aggregate:.1} ms"
    );
    println!(
        "recompute of 6 plans from the aggregates (every edit): {recompute:.2} ms (goal < 50 ms)"
    );
    println!(
        "expected out-of-pocket of 6 plans over {} members' claims (prefix sums): {oop:.4} ms per edit (goal < 1 ms)",
        crate::format::count(inputs.claims.len() as i64)
    );
    drop(ws);
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

/// Mean time of one edit's expected-OOP step: every compared plan over the sorted claims.
fn time_expected_oop(inputs: &crate::model::compare::CompareInputs, codes: &[String]) -> f64 {
    let designs: Vec<crate::model::plan_cost::CostSharing> = inputs
        .plans
        .iter()
        .filter(|p| codes.contains(&p.code))
        .map(|p| crate::model::plan_cost::CostSharing {
            deductible_usd: p.deductible_individual,
            coinsurance: p.coinsurance,
            oop_max_usd: p.oop_max_individual,
        })
        .collect();
    let runs = 1_000;
    let started = Instant::now();
    for _ in 0..runs {
        for d in &designs {
            std::hint::black_box(inputs.claims.expected_oop_usd(*d));
        }
    }
    ms(started) / runs as f64
}

fn bench_import(rows: usize, runs: usize) -> Result<()> {
    let dir = tempfile_dir()?;
    let started = Instant::now();
    let (census, plans) = census_workbooks(rows, &dir)?;
    println!(
        "wrote a {rows}-row census ({} MB) in {:.1} s; best of {runs} runs each, alternating",
        std::fs::metadata(&census)?.len() / 1_000_000,
        started.elapsed().as_secs_f64()
    );
    let mut raw = f64::INFINITY;
    let mut full = f64::INFINITY;
    let mut cells = 0;
    let mut committed = 0;
    for run in 0..runs {
        let (seconds, size) = time_raw_parse(&census)?;
        raw = raw.min(seconds);
        cells = size;
        let ws_path = dir.join(format!("bench-import-{run}.adesk"));
        let (seconds, rows_imported) = time_full_import(&ws_path, &plans, &census)?;
        full = full.min(seconds);
        committed = rows_imported;
        for suffix in ["", "-wal", "-shm"] {
            std::fs::remove_file(format!("{}{suffix}", ws_path.display())).ok();
        }
    }
    println!(
        "calamine raw parse: {raw:.2} s ({:.2} M cells/s, {cells} cells)",
        cells as f64 / raw / 1e6
    );
    println!(
        "full import:        {full:.2} s ({:.2} M cells/s, {committed} members committed)",
        cells as f64 / full / 1e6
    );
    println!(
        "ratio full / raw:   {:.2} (goal <= 1.5; >= 1 M cells/s)",
        full / raw
    );
    match import_peak_memory_mb(&dir, &plans, &census) {
        Ok(Some(mb)) => println!(
            "peak memory of the census import (alliance-desk import, alone in a child process): {mb:.0} MB"
        ),
        Ok(None) => println!("peak memory: not measured on this system"),
        Err(e) => println!("peak memory: not measured ({e})"),
    }
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

/// Runs `alliance-desk import` of the census in a child process (the plans imported here
/// first) and returns its peak resident memory: the only child this process waits for.
fn import_peak_memory_mb(
    dir: &std::path::Path,
    plans: &std::path::Path,
    census: &std::path::Path,
) -> Result<Option<f64>> {
    let ws_path = dir.join("bench-import-memory.adesk");
    let mut ws = crate::store::Workspace::create(&ws_path)?;
    let plan_opts = crate::import::ImportOptions {
        sheet: Some("Plan Designs".into()),
        ..Default::default()
    };
    crate::import::import_file(&mut ws, plans, &plan_opts, &Default::default())?;
    drop(ws);
    // The child's own high-water mark: a waited-for child's rusage would count the pages it
    // shared with this (much larger) process before exec.
    let out = std::process::Command::new(std::env::current_exe()?)
        .arg("--workspace")
        .arg(&ws_path)
        .arg("import")
        .arg(census)
        .env("ALLIANCE_DESK_REPORT_PEAK_RSS", "1")
        .stdout(std::process::Stdio::null())
        .output()?;
    anyhow::ensure!(out.status.success(), "the import failed ({})", out.status);
    let peak_kb = String::from_utf8_lossy(&out.stderr)
        .lines()
        .find_map(|l| l.strip_prefix("peak_rss_kb=")?.trim().parse::<f64>().ok());
    Ok(peak_kb.map(|kb| kb / 1024.0))
}

/// calamine alone: open the workbook and read the census sheet into a range.
fn time_raw_parse(census: &std::path::Path) -> Result<(f64, usize)> {
    use calamine::Reader;
    let started = Instant::now();
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(census)?;
    let range = wb.worksheet_range("Census")?;
    let seconds = started.elapsed().as_secs_f64();
    let cells = range.get_size().0 * range.get_size().1;
    Ok((seconds, cells))
}

/// Our whole import of the census (open, checks, parse, validate, insert, index, commit) into
/// a fresh workspace that already holds the plans.
fn time_full_import(
    ws_path: &std::path::Path,
    plans: &std::path::Path,
    census: &std::path::Path,
) -> Result<(f64, usize)> {
    let ws = crate::store::Workspace::create(ws_path)?;
    time_import_into(ws, plans, census).map(|(t, n, _)| (t, n))
}

/// Imports plans then the census into `ws`; the census import's seconds and rows, and the
/// seconds of reading the Compare view's aggregates afterwards.
fn time_import_into(
    mut ws: crate::store::Workspace,
    plans: &std::path::Path,
    census: &std::path::Path,
) -> Result<(f64, usize, f64)> {
    let progress = crate::import::Progress::default();
    let plan_opts = crate::import::ImportOptions {
        sheet: Some("Plan Designs".into()),
        ..Default::default()
    };
    crate::import::import_file(&mut ws, plans, &plan_opts, &progress)?;
    let started = Instant::now();
    let summary = crate::import::import_file(
        &mut ws,
        census,
        &crate::import::ImportOptions::default(),
        &progress,
    )?;
    let import = started.elapsed().as_secs_f64();
    let started = Instant::now();
    std::hint::black_box(ws.compare_inputs(None)?);
    Ok((
        import,
        summary.rows_imported,
        started.elapsed().as_secs_f64(),
    ))
}

/// Import and Compare aggregation, plain against encrypted (SQLCipher), best of `runs`.
fn bench_encryption(rows: usize, runs: usize) -> Result<()> {
    let dir = tempfile_dir()?;
    let (census, plans) = census_workbooks(rows, &dir)?;
    let mut best = [(f64::INFINITY, f64::INFINITY); 2];
    for run in 0..runs {
        for (i, encrypted) in [false, true].into_iter().enumerate() {
            let path = dir.join(format!("bench-enc-{run}-{i}.adesk"));
            let ws = if encrypted {
                crate::store::Workspace::create_encrypted(&path, "bench passphrase")?
            } else {
                crate::store::Workspace::create(&path)?
            };
            let (import, _, compare) = time_import_into(ws, &plans, &census)?;
            best[i] = (best[i].0.min(import), best[i].1.min(compare));
            for suffix in ["", "-wal", "-shm"] {
                std::fs::remove_file(format!("{}{suffix}", path.display())).ok();
            }
        }
    }
    let [(pi, pc), (ei, ec)] = best;
    println!("{rows}-member census, best of {runs} runs:");
    println!(
        "  import:              plain {pi:.2} s, encrypted {ei:.2} s ({:+.0} %)",
        (ei / pi - 1.0) * 100.0
    );
    println!(
        "  compare aggregation: plain {:.0} ms, encrypted {:.0} ms ({:+.0} %)",
        pc * 1e3,
        ec * 1e3,
        (ec / pc - 1.0) * 100.0
    );
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

/// Writes the sample census (of `rows` members) and plan workbooks into `dir`.
fn census_workbooks(
    rows: usize,
    dir: &std::path::Path,
) -> Result<(std::path::PathBuf, std::path::PathBuf)> {
    let data = crate::generate::sample_data(crate::generate::GenerateOptions {
        members: rows,
        seed: 3,
    });
    let files = crate::generate::write_workbooks(&data, dir)?;
    let find = |name: &str| files.iter().find(|f| f.ends_with(name)).cloned();
    match (find("census.xlsx"), find("plans_and_rates.xlsx")) {
        (Some(census), Some(plans)) => Ok((census, plans)),
        _ => anyhow::bail!("the generator wrote no census or plan workbook"),
    }
}

/// Runs `import FILE` on workspace `ws` in a child process: seconds and the child's own peak
/// memory (MB), which the parent's would hide.
fn child_import(ws: &std::path::Path, file: &std::path::Path) -> Result<ChildRun> {
    let started = Instant::now();
    let out = std::process::Command::new(std::env::current_exe()?)
        .arg("--workspace")
        .arg(ws)
        .arg("import")
        .arg(file)
        .env("ALLIANCE_DESK_REPORT_PEAK_RSS", "1")
        .env("ALLIANCE_DESK_REPORT_PHASES", "1")
        .stdout(std::process::Stdio::null())
        .output()?;
    let seconds = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        out.status.success(),
        "the import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let peak_mb = stderr
        .lines()
        .find_map(|l| l.strip_prefix("peak_rss_kb=")?.trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    let phases = stderr
        .lines()
        .find_map(|l| l.strip_prefix("phases: "))
        .map(str::to_string);
    Ok(ChildRun {
        seconds,
        peak_mb,
        phases,
    })
}

/// What a child import measured: its wall time, its peak memory, and where the time went when
/// the import reports it.
struct ChildRun {
    seconds: f64,
    peak_mb: Option<f64>,
    phases: Option<String>,
}

/// Runs a Python snippet with DuckDB; its first printed number, or `None` without DuckDB.
fn python_seconds(script: &str) -> Option<f64> {
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!("DuckDB failed: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    let seconds = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .and_then(|t| t.parse().ok());
    if seconds.is_none() {
        eprintln!("DuckDB said: {}", String::from_utf8_lossy(&out.stdout));
    }
    seconds
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
    bench_pooled()?;
    bench_value_based()
}

fn bench_value_based() -> Result<()> {
    use crate::model::value_based::{run, worked_example};
    let deterministic = worked_example();
    let runs = 20_000;
    let started = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(run(&deterministic)?);
    }
    println!(
        "value-based contract, one deterministic recompute: {:.4} ms (goal < 0.1 ms)",
        ms(started) / runs as f64
    );
    let simulated = crate::model::value_based::ValueBasedParams {
        trials: 10_000,
        ..worked_example()
    };
    let runs = 20;
    let started = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(run(&simulated)?);
    }
    println!(
        "value-based contract, 10,000-trial Monte Carlo: {:.2} ms (goal < 20 ms)",
        ms(started) / runs as f64
    );
    Ok(())
}

/// A pool of `n` members with spread-out volumes on the worked example's schedule.
fn pool_of(n: usize) -> crate::model::pooled::PooledParams {
    use crate::model::pooled::{Allocation, Member, worked_example};
    crate::model::pooled::PooledParams {
        members: (0..n)
            .map(|i| Member {
                name: format!("Member {i}"),
                volume: 2_000.0 + 7_919.0 * ((i * 37) % 53) as f64,
                current_unit_price: (i % 3 == 0).then_some(10.5),
            })
            .collect(),
        allocation: Allocation::Shapley,
        ..worked_example()
    }
}

fn bench_pooled() -> Result<()> {
    let runs = 20;
    let exact = pool_of(12);
    let started = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(crate::model::pooled::shapley_values(&exact)?);
    }
    println!(
        "exact Shapley, 12 members (4,096 coalitions): {:.2} ms (goal < 20 ms)",
        ms(started) / runs as f64
    );
    let sampled = pool_of(50);
    let started = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(crate::model::pooled::shapley_values(&sampled)?);
    }
    println!(
        "sampled Shapley, 50 members, {} orders: {:.1} ms (goal < 100 ms)",
        sampled.shapley_permutations,
        ms(started) / runs as f64
    );
    let started = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(crate::model::pooled::run(&exact)?);
    }
    println!(
        "whole pooled run, 12 members (Shapley, leave-one-out, core check of 4,095 groups): {:.2} ms",
        ms(started) / runs as f64
    );
    let started = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(crate::model::pooled::run(&sampled)?);
    }
    println!(
        "whole pooled run, 50 members (sampled Shapley, leave-one-out with a tenth of the orders): {:.1} ms",
        ms(started) / runs as f64
    );
    Ok(())
}
