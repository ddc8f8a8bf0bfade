//! `bench claims`: N generated medical claim lines (Tuva layout) imported as CSV and as
//! Parquet by a child process (lines a second, its own peak memory), the summary read after
//! the import, a filter edit's recompute, and DuckDB reading the same CSV and computing the
//! same summary (`claims sql` over the file) in the same run.

use crate::generate::{self, GenerateOptions};
use crate::model::claims::sql::{Dialect, Tables, summary_query_over};
use crate::model::claims::{Filter, summarize};
use anyhow::Result;
use std::path::Path;
use std::time::Instant;

/// Medical lines the generator makes per member, on average (measured: 11.0).
const LINES_PER_MEMBER: f64 = 11.0;

/// Imports `file` into a copy of `base` in a child process.
fn child_import(base: &Path, ws: &Path, file: &Path) -> Result<super::ChildRun> {
    std::fs::copy(base, ws)?;
    super::child_import(ws, file)
}

/// The CSVs as DuckDB tables with the workspace's column names; each line's purchaser is its
/// member's, from the eligibility spans (as the import links it).
fn duckdb_tables(dir: &Path) -> Tables {
    let p = |name: &str| dir.join(name).display().to_string().replace('\'', "''");
    let codes = "types={'claim_id':'VARCHAR','member_id':'VARCHAR','place_of_service_code':'VARCHAR','bill_type_code':'VARCHAR','revenue_center_code':'VARCHAR','hcpcs_code':'VARCHAR','drg_code':'VARCHAR','rendering_npi':'VARCHAR'}";
    let rx_codes = "types={'claim_id':'VARCHAR','member_id':'VARCHAR','ndc_code':'VARCHAR'}";
    let members = format!(
        "(SELECT DISTINCT member_id, employer AS purchaser FROM read_csv('{}', types={{'member_id':'VARCHAR'}}))",
        p("eligibility.csv")
    );
    Tables {
        claim_line: format!(
            "(SELECT m.claim_id, m.claim_line_number AS line_number, m.claim_type, m.member_id AS member_external_id, e.purchaser, m.claim_line_start_date AS start_date, m.admission_date, m.place_of_service_code AS place_of_service, m.bill_type_code AS bill_type, m.revenue_center_code AS revenue_code, m.hcpcs_code, m.drg_code, m.allowed_amount, m.paid_amount FROM read_csv('{}', {codes}) m JOIN {members} e ON e.member_id = m.member_id) AS claim_line",
            p("medical_claim.csv")
        ),
        pharmacy_claim: format!(
            "(SELECT r.member_id AS member_external_id, e.purchaser, r.dispensing_date AS fill_date, r.allowed_amount, r.paid_amount FROM read_csv('{}', {rx_codes}) r JOIN {members} e ON e.member_id = r.member_id WHERE false) AS pharmacy_claim",
            p("pharmacy_claim.csv")
        ),
        eligibility: format!(
            "(SELECT member_id AS member_external_id, employer AS purchaser, plan AS plan_code, enrollment_start_date AS start_date, enrollment_end_date AS end_date FROM read_csv('{}', types={{'member_id':'VARCHAR','enrollment_end_date':'DATE'}})) AS eligibility",
            p("eligibility.csv")
        ),
    }
}

/// Generates `lines` medical claim lines over a coalition, imports them as CSV and Parquet and
/// reports each figure the claims benchmark asks for.
pub fn bench_claims(lines: u64) -> Result<()> {
    let dir = super::tempfile_dir()?.join("claims");
    std::fs::create_dir_all(&dir)?;
    let members = ((lines as f64 / LINES_PER_MEMBER).ceil() as usize).max(100);
    let opts = GenerateOptions { members, seed: 11 };
    let base = dir.join("base.adesk");
    let started = Instant::now();
    let data = {
        let mut ws = crate::store::Workspace::create(&base)?;
        generate::fill_workspace(&mut ws, opts)?
    };
    println!(
        "workspace of {members} members in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    generate::eligibility_csv(&data, &dir.join("eligibility.csv"))?;
    let started = Instant::now();
    let written = generate::claims::write_csv(opts.seed, &data.members, &dir)?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "generated {} medical lines and {} fills in {secs:.2} s ({:.1} M lines/s)",
        written.lines,
        written.fills,
        (written.lines + written.fills) as f64 / secs / 1e6
    );
    let csv = dir.join("medical_claim.csv");
    let parquet = dir.join("medical_claim.parquet");
    let converted = super::python_seconds(&format!(
        "import duckdb, time\nduckdb.sql(\"SET enable_progress_bar = false\")\nt = time.time()\nduckdb.sql(\"COPY (SELECT * FROM read_csv('{}', types={{'claim_id':'VARCHAR','member_id':'VARCHAR','place_of_service_code':'VARCHAR','bill_type_code':'VARCHAR','revenue_center_code':'VARCHAR','hcpcs_code':'VARCHAR','drg_code':'VARCHAR','rendering_npi':'VARCHAR'}})) TO '{}' (FORMAT parquet, COMPRESSION snappy)\")\nprint(time.time() - t)",
        csv.display(),
        parquet.display()
    ));
    let csv_run = child_import(&base, &dir.join("csv.adesk"), &csv)?;
    report("CSV", &csv, written.lines, &csv_run);
    let csv_s = csv_run.seconds;
    if converted.is_some() {
        let run = child_import(&base, &dir.join("parquet.adesk"), &parquet)?;
        report(
            "Parquet (Snappy, written by DuckDB)",
            &parquet,
            written.lines,
            &run,
        );
    } else {
        println!("Parquet: not measured (pip install duckdb writes the Parquet copy)");
    }
    let ws = crate::store::Workspace::open(&dir.join("csv.adesk"))?;
    let started = Instant::now();
    let claims = ws.claims_data()?;
    let s = summarize(&claims, &Filter::default(), 100_000.0);
    let summary_ms = super::ms(started);
    println!(
        "summary after import: {summary_ms:.0} ms (read the sums, member months from {} spans, summarise): {} member months, allowed {} PMPM",
        data.eligibility.len(),
        s.member_months,
        crate::format::money(s.allowed_pmpm)
    );
    let filter_us = time_filter_edits(&claims);
    println!("a filter edit (purchaser, plan or months) recomputes in {filter_us:.0} µs");
    let query = summary_query_over(Dialect::Duckdb, &duckdb_tables(&dir), 25_000.0);
    let script = format!(
        "import duckdb, time\nduckdb.sql(\"SET enable_progress_bar = false\")\nq = open('{}').read()\nt = time.time()\nrows = duckdb.sql(q).fetchall()\nprint(time.time() - t, len(rows))",
        {
            let file = dir.join("bench.sql");
            std::fs::write(&file, &query)?;
            file.display().to_string()
        }
    );
    match super::python_seconds(&script) {
        Some(duck) => println!(
            "DuckDB reading the same CSV and computing the same summary: {duck:.1} s; our import + summary takes {:.1}× as long",
            (csv_s + summary_ms / 1e3) / duck
        ),
        None => println!("DuckDB: not measured (pip install duckdb)"),
    }
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

fn report(label: &str, file: &Path, lines: u64, run: &super::ChildRun) {
    let mb = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    println!(
        "{label}: {lines} lines ({mb:.0} MB) imported in {:.1} s: {:.2} M lines/s; peak memory {}",
        run.seconds,
        lines as f64 / run.seconds / 1e6,
        run.peak_mb
            .map_or("not measured".into(), |p| format!("{p:.0} MB"))
    );
    if let Some(phases) = &run.phases {
        println!("  where the time went: {phases}");
    }
}

/// The mean time of a summary recompute as the filter changes (µs).
fn time_filter_edits(data: &crate::model::claims::ClaimsData) -> f64 {
    let (purchasers, plans) = crate::model::claims::purchasers_and_plans(data);
    let mut filters = vec![Filter::default()];
    filters.extend(purchasers.into_iter().map(|p| Filter {
        purchaser: Some(p),
        ..Filter::default()
    }));
    filters.extend(plans.into_iter().map(|p| Filter {
        plan: Some(p),
        ..Filter::default()
    }));
    let started = Instant::now();
    let rounds = 20;
    for _ in 0..rounds {
        for f in &filters {
            std::hint::black_box(summarize(data, f, 100_000.0));
        }
    }
    started.elapsed().as_secs_f64() * 1e6 / (rounds * filters.len()) as f64
}
