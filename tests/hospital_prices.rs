//! CMS's three v3 example files (tall CSV, wide CSV, JSON) imported through the command line,
//! and the hospital's price for "Platform Health Insurance / PPO" as a percent of Medicare.

use std::path::{Path, PathBuf};
use std::process::Command;

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_alliance-desk"))
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/price_transparency/hospital")
        .join(name)
}

/// A new workspace in `dir` holding the example `file`, imported through the command line.
fn imported(dir: &tempfile::TempDir, file: &str) -> String {
    let ws = dir.path().join("p.adesk").to_str().unwrap().to_string();
    let out = cli()
        .args(["--workspace", &ws, "import"])
        .arg(example(file))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    ws
}

/// Imports `file` into a new workspace and returns `prices --unpriced --format json`.
fn prices_of(file: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let ws = imported(&dir, file);
    let ws = ws.as_str();
    let out = cli()
        .args([
            "--workspace",
            ws,
            "prices",
            "--unpriced",
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
    serde_json::from_slice(&out.stdout).unwrap()
}

fn platform_ppo(doc: &serde_json::Value) -> f64 {
    doc["hospitals"][0]["by_payer"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["payer"] == "Platform Health Insurance" && p["plan"] == "PPO")
        .and_then(|p| p["relative_price"].as_f64())
        .unwrap()
}

#[test]
fn the_platform_ppo_price_is_computed_from_its_dollar_rows() {
    let doc = prices_of("V3.0.0_Tall_CSV_Format_Example.csv");
    let h = &doc["hospitals"][0];
    assert_eq!(h["name"], "West Mercy Hospital");
    assert_eq!(h["state"], "CA");
    // MRI 70551 $400 against OPPS $241.72; hernia 49505 $8,000 against $3,529.06; DRG 470
    // $49,000 against California's 2021 average payment $19,619.14.
    let want = (400.0 + 8_000.0 + 49_000.0) / (241.72 + 3_529.06 + 19_619.14);
    assert!(
        (platform_ppo(&doc) - want).abs() < 1e-9,
        "{}",
        platform_ppo(&doc)
    );
}

#[test]
fn tall_wide_and_json_give_the_same_answer() {
    let tall = platform_ppo(&prices_of("V3.0.0_Tall_CSV_Format_Example.csv"));
    let wide = platform_ppo(&prices_of("V3.0.0_Wide_CSV_Format_Example.csv"));
    let json = platform_ppo(&prices_of("v3_json_format_example.json"));
    assert_eq!(tall, wide);
    assert_eq!(tall, json);
}

#[test]
fn rows_without_a_dollar_amount_are_listed_as_unpriced_with_their_reasons() {
    let doc = prices_of("V3.0.0_Tall_CSV_Format_Example.csv");
    let unpriced = doc["hospitals"][0]["unpriced"].as_array().unwrap();
    let reason = |code: &str| {
        unpriced
            .iter()
            .find(|u| u["code"] == code && u["payer"] == "Platform Health Insurance")
            .map(|u| u["reason"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("{code} is not listed"))
    };
    assert_eq!(reason("99283"), "80 % of charges: no dollar amount");
    assert_eq!(reason("786"), "an algorithm without a dollar amount");
    assert!(reason("120").starts_with("a revenue code alone"));
    assert!(reason("J1450").contains("packaged under OPPS (status N)"));
}

#[test]
fn undoing_the_import_removes_the_hospital_and_its_prices() {
    let dir = tempfile::tempdir().unwrap();
    let ws = imported(&dir, "v3_json_format_example.json");
    let ws = ws.as_str();
    let undo = cli()
        .args(["--workspace", ws, "imports", "--undo", "1"])
        .output()
        .unwrap();
    assert!(
        undo.status.success(),
        "{}",
        String::from_utf8_lossy(&undo.stderr)
    );
    let out = cli().args(["--workspace", ws, "prices"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no hospital prices"));
}

#[test]
fn a_negative_price_rejects_the_whole_file_naming_row_and_column_unless_valid_rows_are_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("V3.0.0_Tall_CSV_Format_Example.csv")).unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        text.replacen(
            "Platform Health Insurance,PPO,,400,",
            "Platform Health Insurance,PPO,,-400,",
            1,
        ),
    )
    .unwrap();
    let ws = dir.path().join("p.adesk");
    let ws = ws.to_str().unwrap();
    let strict = cli()
        .args(["--workspace", ws, "import"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(2));
    let err = String::from_utf8_lossy(&strict.stderr);
    assert!(err.contains("bad.csv"), "{err}");
    assert!(
        err.contains(
            "row 4, column 'standard_charge|negotiated_dollar', '-400': a price cannot be negative"
        ),
        "{err}"
    );
    let nothing = cli().args(["--workspace", ws, "prices"]).output().unwrap();
    assert_eq!(nothing.status.code(), Some(2), "nothing was written");
    let lenient = cli()
        .args(["--workspace", ws, "import", "--skip-invalid"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(lenient.status.success());
    let said = String::from_utf8_lossy(&lenient.stdout);
    assert!(said.contains("left out: row 4"), "{said}");
}

#[test]
fn setting_a_hospitals_area_prices_its_outpatient_services_at_that_wage_index() {
    let dir = tempfile::tempdir().unwrap();
    let ws = imported(&dir, "V3.0.0_Tall_CSV_Format_Example.csv");
    let ws = ws.as_str();
    let out = cli()
        .args([
            "--workspace",
            ws,
            "prices",
            "--hospital",
            "West Mercy Hospital",
        ])
        .args(["--cbsa", "33460", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["hospitals"][0]["wage_index"], 1.0905);
    let ppo = platform_ppo(&doc);
    // The MRI and hernia repair now cost Medicare × (0.6 · 1.0905 + 0.4); DRG 470 is unchanged.
    let medicare = (241.72 * 1.0543f64 * 100.0).round() / 100.0
        + (3_529.06 * 1.0543f64 * 100.0).round() / 100.0
        + 19_619.14;
    assert!((ppo - 57_400.0 / medicare).abs() < 1e-9, "{ppo}");
}

/// A CY 2026 relative value file in CMS's layout: banner lines, the stacked header's last line,
/// and one code (99213 with new RVUs and a new conversion factor).
const RVU_2026: &str = ",,2026 National Physician Fee Schedule Relative Value File January Release,,\n\
,,CPT codes and descriptions only are copyright 2025 American Medical Association.,,\n\
,,RELEASED 11/01/2025,,\n\
HCPCS,MOD,DESCRIPTION,CODE,PAYMENT,RVU,PE RVU,INDICATOR,PE RVU,INDICATOR,RVU,TOTAL,TOTAL,IND,DAYS,OP,OP,OP,PROC,SURG,SURG,SURG,SURG,BASE,FACTOR\n\
99213,,Office o/p est low 20 min,A,,1.40,1.40,,0.60,,0.10,2.90,2.10,0,XXX,0,0,0,0,0,0,0,0,,33.4009\n";

/// A CY 2026 Addendum B in CMS's tab-separated layout with one code.
const ADDENDUM_B_2026: &str = "\tAddendum B.-- OPPS Payment by HCPCS Code for CY 2026\t\t\n\
HCPCS Code\tShort Descriptor\t CI\t SI\t APC \tRelative Weight\tPayment Rate\n\
70551\tMri brain stem w/o dye\t\tQ3\t5523\t2.8000\t$255.00\n";

#[test]
fn cms_files_of_a_newer_year_take_the_embedded_tables_place() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("m.adesk");
    let ws = ws.to_str().unwrap();
    let made = cli()
        .args(["--workspace", ws, "generate", "--members", "10"])
        .output()
        .unwrap();
    assert!(made.status.success());
    for (name, text) in [
        ("PPRRVU2026_Jan.csv", RVU_2026),
        ("addendum_b_2026.txt", ADDENDUM_B_2026),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let out = cli()
            .args(["--workspace", ws, "import"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("CY 2026"));
    }
    let price = |code: &str, setting: &str| -> serde_json::Value {
        let out = cli()
            .args([
                "--workspace",
                ws,
                "medicare-price",
                "--code",
                code,
                "--setting",
                setting,
            ])
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    // (1.40 + 1.40 + 0.10) × 33.4009 = 96.86.
    let visit = price("99213", "office");
    assert_eq!(visit["medicare_allowed"], 96.86);
    assert_eq!(visit["year"], 2026);
    let mri = price("70551", "outpatient");
    assert_eq!(mri["medicare_allowed"], 255.0);
    assert_eq!(mri["year"], 2026);
    // Without the workspace, the embedded CY 2025 tables answer.
    let out = cli()
        .args(["medicare-price", "--code", "99213", "--format", "json"])
        .output()
        .unwrap();
    let embedded: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(embedded["medicare_allowed"], 88.95);
}
