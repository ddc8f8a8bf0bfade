//! `bench prices`: a generated tall CSV and a generated one-array JSON hospital price file of
//! the given size imported by a child process (throughput and its own peak memory), and
//! DuckDB's `read_csv` of the same CSV in the same run where Python's duckdb is installed.

use crate::generate::price_file::{
    PriceFileSpec, write_in_network_json, write_json, write_tall_csv,
};
use anyhow::Result;
use std::path::Path;
use std::time::Instant;

const SPEC: PriceFileSpec = PriceFileSpec {
    hospital: "Riverbend Community Hospital",
    state: "MN",
    npi: "1234567890",
    level: 2.5,
};

/// Imports `file` into a new workspace in a child process: seconds and peak memory (MB).
fn child_import(dir: &Path, file: &Path) -> Result<(f64, Option<f64>)> {
    let ws = dir.join(format!(
        "bench-prices-{}.adesk",
        file.extension()
            .map_or("x".into(), |e| e.to_string_lossy().into_owned())
    ));
    let run = super::child_import(&ws, file)?;
    Ok((run.seconds, run.peak_mb))
}

/// DuckDB's `read_csv` of the item rows (the two file-level rows skipped), counted: seconds.
fn duckdb_read_csv(file: &Path) -> Option<f64> {
    let script = format!(
        "import duckdb, time\nt = time.time()\nn = duckdb.sql(\"SELECT count(*) FROM read_csv('{}', skip=2, header=true, all_varchar=true)\").fetchall()[0][0]\nprint(time.time() - t, n)",
        file.display()
    );
    super::python_seconds(&script)
}

fn report(label: &str, bytes: u64, rows: u64, seconds: f64, peak: Option<f64>) {
    let mb = bytes as f64 / 1e6;
    println!(
        "{label}: {mb:.0} MB, {rows} charges imported in {seconds:.1} s: {:.0} MB/s, {:.0} charges/s; peak memory {}",
        mb / seconds,
        rows as f64 / seconds,
        peak.map_or("not measured".into(), |p| format!("{p:.0} MB"))
    );
}

/// Generates, imports and reports each file of `mb` megabytes.
pub fn bench_prices(mb: u64) -> Result<()> {
    let dir = super::tempfile_dir()?;
    let target = mb * 1_000_000;
    let csv = dir.join("prices-tall.csv");
    let started = Instant::now();
    let (csv_bytes, csv_rows) = write_tall_csv(&csv, &SPEC, target, 7)?;
    println!(
        "generated {:.0} MB tall CSV in {:.1} s",
        csv_bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    let (seconds, peak) = child_import(&dir, &csv)?;
    report("tall CSV", csv_bytes, csv_rows, seconds, peak);
    match duckdb_read_csv(&csv) {
        Some(duck) => println!(
            "DuckDB read_csv of the same file: {duck:.1} s ({:.0} MB/s); our import takes {:.1}× as long",
            csv_bytes as f64 / 1e6 / duck,
            seconds / duck
        ),
        None => println!("DuckDB: not measured (pip install duckdb)"),
    }
    std::fs::remove_file(&csv).ok();
    let json = dir.join("prices.json");
    let (json_bytes, json_rows) = write_json(&json, &SPEC, target, 7)?;
    let (seconds, peak) = child_import(&dir, &json)?;
    report("one-array JSON", json_bytes, json_rows, seconds, peak);
    std::fs::remove_file(&json).ok();
    let insurer = dir.join("in-network.json");
    let (insurer_bytes, insurer_rates) = write_in_network_json(&insurer, &SPEC, target, 7)?;
    let (seconds, peak) = child_import(&dir, &insurer)?;
    report(
        "insurer in-network JSON",
        insurer_bytes,
        insurer_rates,
        seconds,
        peak,
    );
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
