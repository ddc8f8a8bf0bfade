//! The command line as users script it: readable tables, exit codes, quiet broken pipes.

use std::io::Read;
use std::process::{Command, Stdio};

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_alliance-desk"))
}

fn sample(name: &str) -> String {
    format!("{}/sample_data/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn scenario_run_table_shows_money_and_percents_with_labels() {
    let out = cli()
        .args(["scenario", "run", &sample("scenarios/renewal.json")])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Required premium"), "{text}");
    assert!(text.contains("$585.89 PMPM"), "{text}");
    assert!(text.contains("Renewal change"), "{text}");
    assert!(text.contains("8.50%"), "{text}");
    assert!(text.contains("$10,506,000"), "{text}");
    assert!(!text.contains("renewal_change"), "{text}");
    assert!(!text.contains("0.0850"), "{text}");
}

#[test]
fn goal_seek_answers_in_words_and_units() {
    let out = cli()
        .args([
            "scenario",
            "goal-seek",
            &sample("scenarios/renewal.json"),
            "--input",
            "trend_medical",
            "--output",
            "renewal_change",
            "--target",
            "0.05",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Medical trend = "), "{text}");
    assert!(text.contains("% gives Renewal change = 5.00%"), "{text}");
}

#[test]
fn a_missing_scenario_file_exits_two() {
    let out = cli()
        .args(["scenario", "run", "/nonexistent/scenario.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/scenario.json"));
}

#[test]
fn a_missing_import_file_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.adesk");
    let out = cli()
        .args([
            "--workspace",
            ws.to_str().unwrap(),
            "import",
            "/nonexistent/census.xlsx",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file"));
}

/// A workspace with ten generated members.
fn generated(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let ws = dir.path().join("w.adesk");
    let made = cli()
        .args([
            "--workspace",
            ws.to_str().unwrap(),
            "generate",
            "--members",
            "10",
        ])
        .output()
        .unwrap();
    assert!(made.status.success());
    ws
}

#[test]
fn undoing_an_unknown_import_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    let ws = generated(&dir);
    let out = cli()
        .args([
            "--workspace",
            ws.to_str().unwrap(),
            "imports",
            "--undo",
            "999",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no import with batch id 999"));
}

#[test]
fn an_unknown_kind_is_refused_by_the_parser_with_exit_two() {
    let out = cli()
        .args([
            "--workspace",
            "x.adesk",
            "import",
            "a.csv",
            "--kind",
            "census",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("measure_results"));
}

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let ws = generated(&dir);
    let mut child = cli()
        .args(["--workspace", ws.to_str().unwrap(), "quality"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close our end at once, like `| head -0`.
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "exit {status:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn export_csv_writes_a_workspace_table_and_a_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let ws = generated(&dir);
    let plans = dir.path().join("plans.csv");
    let out = cli()
        .args([
            "--workspace",
            ws.to_str().unwrap(),
            "export-csv",
            "--table",
            "plan",
            "--out",
            plans.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&plans).unwrap();
    assert!(text.starts_with("id,code,name,"), "{text}");
    assert_eq!(text.lines().count(), 9, "a header and 8 plans");

    let cmp = dir.path().join("compare.csv");
    let out = cli()
        .args([
            "--workspace",
            ws.to_str().unwrap(),
            "export-csv",
            "--table",
            "compare",
            "--plans",
            "BCH-PPO500,MVH-HMO250",
            "--bom",
            "--out",
            cmp.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&cmp).unwrap();
    assert!(
        text.starts_with("\u{feff}Measure,BCH-PPO500,MVH-HMO250\r\n"),
        "{text}"
    );
}

#[test]
fn exporting_an_unknown_table_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    let ws = generated(&dir);
    let out = cli()
        .args([
            "--workspace",
            ws.to_str().unwrap(),
            "export-csv",
            "--table",
            "sqlite_master",
            "--out",
            "/tmp/x.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no table named 'sqlite_master'"));
}

#[test]
fn the_plan_guide_is_one_self_contained_html_file() {
    let dir = tempfile::tempdir().unwrap();
    let ws = generated(&dir);
    let html = dir.path().join("guide.html");
    let out = cli()
        .args([
            "--workspace",
            ws.to_str().unwrap(),
            "guide",
            "--purchaser",
            "Northstar Manufacturing",
            "--out",
            html.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>"));
    assert!(!text.contains("http://") && !text.contains("https://"));
    assert!(text.contains("Your health plan choices"));
}

#[test]
fn av_for_a_design_given_directly_prints_the_documented_json() {
    let out = cli()
        .args([
            "av",
            "--deductible",
            "0",
            "--coinsurance",
            "0",
            "--oop-max",
            "0",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["calculator"].as_str().unwrap().contains("CMS"));
    let plan = &doc["plans"][0];
    assert_eq!(plan["av_estimate"], 1.0);
    assert_eq!(plan["av_official"], serde_json::Value::Null);
    assert_eq!(
        plan["metal_level"],
        serde_json::Value::Null,
        "100 % is above platinum"
    );
    assert_eq!(plan["minimum_value"], true);
    assert_eq!(plan["dental_only"], false);
}

#[test]
fn av_over_imported_plans_reports_carrier_and_estimate() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("puf.adesk");
    let puf = format!(
        "{}/tests/data/cms/Plan_Attributes_PUF_2022.first2000lines.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let imported = cli()
        .args([
            "--workspace",
            ws.to_str().unwrap(),
            "import",
            &puf,
            "--kind",
            "plans",
        ])
        .output()
        .unwrap();
    assert!(imported.status.success());
    let out = cli()
        .args([
            "--workspace",
            ws.to_str().unwrap(),
            "av",
            "--plans",
            "12379FL0010003-01,12303AZ0010001-00",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let medical = &doc["plans"][0];
    assert!((medical["av_official"].as_f64().unwrap() - 0.6856).abs() < 1e-9);
    assert!((medical["av_estimate"].as_f64().unwrap() - 0.6856).abs() < 0.02);
    assert_eq!(medical["metal_level"], "Silver");
    let dental = &doc["plans"][1];
    assert_eq!(dental["dental_only"], true);
    assert_eq!(dental["av_estimate"], serde_json::Value::Null);
}

#[test]
fn av_with_an_unknown_plan_code_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.adesk");
    cli()
        .args([
            "--workspace",
            ws.to_str().unwrap(),
            "generate",
            "--members",
            "50",
        ])
        .output()
        .unwrap();
    let out = cli()
        .args(["--workspace", ws.to_str().unwrap(), "av", "--plans", "NOPE"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("NOPE"));
}

#[test]
fn a_report_named_like_another_format_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let ws = generated(&dir);
    let out = cli()
        .arg("--workspace")
        .arg(&ws)
        .args(["export", "--out"])
        .arg(dir.path().join("r.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("a report workbook is written as .xlsx"),
        "{err}"
    );
    assert!(!dir.path().join("r.csv").exists());
}

#[test]
fn an_output_folder_that_does_not_exist_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let ws = generated(&dir);
    let out = cli()
        .arg("--workspace")
        .arg(&ws)
        .args(["guide", "--purchaser", "Northstar Manufacturing", "--out"])
        .arg(dir.path().join("missing/guide.html"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing: no such folder"));
}

#[test]
fn av_refuses_an_out_of_pocket_maximum_below_the_deductible() {
    let out = cli()
        .args([
            "av",
            "--deductible",
            "9000",
            "--coinsurance",
            "0.2",
            "--oop-max",
            "8000",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("below --deductible"));
}

#[test]
fn av_names_the_metal_level_in_words_between_bands() {
    let out = cli()
        .args([
            "av",
            "--deductible",
            "1000",
            "--coinsurance",
            "0.2",
            "--oop-max",
            "3000",
            "--metal",
            "bronze",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let plan = &doc["plans"][0];
    assert!(plan["metal_level"].is_null());
    assert_eq!(plan["metal_label"], "Between gold and platinum");
}

#[test]
fn a_report_comparing_one_plan_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ws = generated(&dir);
    let out = cli()
        .arg("--workspace")
        .arg(&ws)
        .args(["export", "--compare", "BCH-PPO500,BCH-PPO500", "--out"])
        .arg(dir.path().join("r.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 to 12 different plan codes"));
}

#[test]
fn importing_a_scenario_file_says_what_it_is_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.adesk");
    let file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/scenarios/renewal.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_alliance-desk"))
        .arg("--workspace")
        .arg(&ws)
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is a scenario file"), "{err}");
    assert!(err.contains("scenario save"), "{err}");
}

#[test]
fn the_plan_guide_is_titled_for_the_plan_year_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let ws = generated(&dir);
    let html = dir.path().join("guide.html");
    let out = cli()
        .arg("--workspace")
        .arg(&ws)
        .args([
            "guide",
            "--purchaser",
            "Northstar Manufacturing",
            "--plan-year",
            "2031",
            "--out",
        ])
        .arg(&html)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("Your health plan choices for 2031"));
}

#[test]
fn the_migration_example_reproduces_design_to_a_tenth_of_a_member() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data/scenarios/migration.json");
    let out = cli()
        .args(["scenario", "run", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let plans = doc["outputs"]["plans"].as_array().unwrap();
    let after: Vec<f64> = plans.iter().map(|p| p["after"].as_f64().unwrap()).collect();
    for (got, want) in after.iter().zip([578.3, 190.4, 231.3]) {
        assert!((got - want).abs() <= 0.1, "{after:?}");
    }
    for key in [
        "employer_cost_before",
        "employer_cost_after",
        "employee_cost_before",
        "employee_cost_after",
        "members_moving",
    ] {
        assert!(doc["outputs"][key].is_number(), "{key}");
    }
}

#[test]
fn estimate_beta_recovers_the_sample_and_says_how_precise_it_is() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data/migration_two_years.csv");
    let out = cli()
        .args(["scenario", "estimate-beta", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let beta = doc["premium_coefficient"].as_f64().unwrap();
    let se = doc["standard_error"].as_f64().unwrap();
    assert!((beta - -0.12).abs() < 0.002, "{beta}");
    assert!(se > 0.0 && se < 0.02, "{se}");
    assert_eq!(doc["members"].as_f64(), Some(5_000.0));
}

#[test]
fn estimate_beta_from_the_workspace_recovers_the_generated_beta_within_ten_percent() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.adesk");
    let made = cli()
        .args([
            "--workspace",
            ws.to_str().unwrap(),
            "generate",
            "--members",
            "5000",
        ])
        .output()
        .unwrap();
    assert!(made.status.success());
    let out = cli()
        .args([
            "--workspace",
            ws.to_str().unwrap(),
            "scenario",
            "estimate-beta",
        ])
        .args(["--purchaser", "Northstar Manufacturing", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let beta = doc["premium_coefficient"].as_f64().unwrap();
    // The generator moved members as a logit with β −0.12 would (generate::history).
    assert!((beta - -0.12).abs() <= 0.012, "{doc}");
    assert_eq!(doc["year1"], 2025);
    assert_eq!(doc["year2"], 2026);
    assert!(doc["members_both_years"].as_u64().unwrap() > 1_000, "{doc}");
}

#[test]
fn estimate_beta_from_a_workspace_with_several_purchasers_asks_which() {
    let dir = tempfile::tempdir().unwrap();
    let ws = generated(&dir);
    let out = cli()
        .args([
            "--workspace",
            ws.to_str().unwrap(),
            "scenario",
            "estimate-beta",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--purchaser"), "{err}");
    assert!(err.contains("Northstar Manufacturing"), "{err}");
}

#[test]
fn medicare_price_prints_the_design_keys_in_json() {
    let out = cli()
        .args([
            "medicare-price",
            "--code",
            "470",
            "--state",
            "MN",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["code"], "470");
    assert_eq!(doc["setting"], "inpatient");
    assert_eq!(doc["medicare_allowed"], 15_545.62);
    assert_eq!(doc["basis"], "state_average");
    assert_eq!(doc["year"], 2021);
    assert!(
        doc["source"]
            .as_str()
            .unwrap()
            .contains("Geography and Service")
    );
}

#[test]
fn medicare_price_reads_as_money_with_its_basis() {
    let out = cli()
        .args([
            "medicare-price",
            "--code",
            "70551",
            "--setting",
            "outpatient",
            "--wage-index",
            "1.0905",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("$254.85"), "{text}");
    assert!(text.contains("OPPS Addendum B"), "{text}");
}

#[test]
fn medicare_price_of_an_unknown_code_says_why_and_exits_two() {
    let out = cli()
        .args(["medicare-price", "--code", "ZZ999"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ZZ999 is not in the physician fee schedule"),
        "{err}"
    );
}
