//! The CMS Plan Attributes PUF imports as it is filed, and the CMS-method actuarial value
//! estimate is checked against the carriers' official values in the same file.

use alliance_desk::domain::Plan;
use alliance_desk::import::{self, ImportOptions, Kind, Progress};
use alliance_desk::model::actuarial_value::{self as av, Metal};
use alliance_desk::store::Workspace;
use std::collections::HashMap;
use std::path::PathBuf;

fn puf() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/cms/Plan_Attributes_PUF_2022.first2000lines.csv")
}

fn imported() -> (Workspace, import::ImportSummary) {
    let mut ws = Workspace::in_memory().unwrap();
    let opts = ImportOptions {
        kind: Some(Kind::Plans),
        ..Default::default()
    };
    let s = import::import_file(&mut ws, &puf(), &opts, &Progress::default()).unwrap();
    (ws, s)
}

/// The file's rows by PlanId, read with the csv crate independently of the importer.
fn file_rows() -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(puf()).unwrap();
    let headers: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn amount(s: &str) -> Option<f64> {
    let t: String = s
        .split(" per ")
        .next()?
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    t.parse().ok()
}

fn rate(s: &str) -> Option<f64> {
    if s.starts_with("No Charge") {
        return Some(0.0);
    }
    amount(s.split('%').next()?).map(|x| x / 100.0)
}

fn first(row: &HashMap<String, String>, cols: &[&str], f: fn(&str) -> Option<f64>) -> f64 {
    cols.iter().find_map(|c| f(&row[*c])).unwrap_or(0.0)
}

fn standard_medical(row: &HashMap<String, String>) -> bool {
    row["DentalOnlyPlan"] == "No" && row["CSRVariationType"].starts_with("Standard")
}

#[test]
fn the_puf_imports_strictly_with_no_invalid_row() {
    let (ws, s) = imported();
    assert_eq!(s.rows_rejected, 0);
    assert_eq!(s.rows_imported, 1_999);
    assert_eq!(ws.plans().unwrap().len(), 1_999);
}

#[test]
fn the_import_report_lists_the_columns_it_did_not_use() {
    let (_, s) = imported();
    for unused in ["PlanBrochure", "FormularyURL", "SBCHavingaBabyCopayment"] {
        assert!(s.unused_columns.iter().any(|c| c == unused), "{unused}");
    }
    assert!(
        !s.unused_columns
            .iter()
            .any(|c| c == "TEHBDedInnTier1Coinsurance")
    );
}

#[test]
fn every_puf_medical_plan_states_its_cost_sharing_so_nothing_is_assumed() {
    let (_, s) = imported();
    assert_eq!(s.defaulted, vec![]);
}

#[test]
fn the_import_report_counts_fields_it_assumed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plans.csv");
    std::fs::write(
        &file,
        "Plan Code,Plan Name,Deductible,Coinsurance,OOP Max\nA,Alpha,1000,20%,5000\nB,Beta,2000,,6000\nC,Gamma,500,Not Applicable,4000\n",
    )
    .unwrap();
    let mut ws = Workspace::in_memory().unwrap();
    let s = import::import_file(
        &mut ws,
        &file,
        &ImportOptions::default(),
        &Progress::default(),
    )
    .unwrap();
    let messages: Vec<&str> = s.defaulted.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages.contains(&"Coinsurance (%) not found: assumed 0 for 2 plans"),
        "{messages:?}"
    );
}

#[test]
fn stored_cost_sharing_equals_the_file_for_every_standard_medical_plan() {
    let (ws, _) = imported();
    let plans: HashMap<String, Plan> = ws
        .plans()
        .unwrap()
        .into_iter()
        .map(|p| (p.code.clone(), p))
        .collect();
    let mut separate = 0;
    let mut checked = 0;
    for row in file_rows().iter().filter(|r| standard_medical(r)) {
        let p = &plans[&row["PlanId"]];
        let integrated = row["MedicalDrugDeductiblesIntegrated"] == "Yes";
        let (ded, fam, coins, moop, moop_fam) = if integrated {
            (
                "TEHBDedInnTier1Individual",
                "TEHBDedInnTier1FamilyPerGroup",
                "TEHBDedInnTier1Coinsurance",
                "TEHBInnTier1IndividualMOOP",
                "TEHBInnTier1FamilyPerGroupMOOP",
            )
        } else {
            separate += 1;
            (
                "MEHBDedInnTier1Individual",
                "MEHBDedInnTier1FamilyPerGroup",
                "MEHBDedInnTier1Coinsurance",
                "MEHBInnTier1IndividualMOOP",
                "MEHBInnTier1FamilyPerGroupMOOP",
            )
        };
        let moop_cols = [moop, "TEHBInnTier1IndividualMOOP"];
        let moop_fam_cols = [moop_fam, "TEHBInnTier1FamilyPerGroupMOOP"];
        assert_eq!(
            p.deductible_individual,
            first(row, &[ded], amount),
            "{}",
            p.code
        );
        assert_eq!(
            p.deductible_family,
            first(row, &[fam], amount),
            "{}",
            p.code
        );
        assert!(
            (p.coinsurance - first(row, &[coins], rate)).abs() < 1e-9,
            "{}",
            p.code
        );
        assert_eq!(
            p.oop_max_individual,
            first(row, &moop_cols, amount),
            "{}",
            p.code
        );
        assert_eq!(
            p.oop_max_family,
            first(row, &moop_fam_cols, amount),
            "{}",
            p.code
        );
        if !integrated {
            let rx = first(row, &["DEHBDedInnTier1Individual"], amount);
            assert_eq!(p.rx_deductible_individual, Some(rx), "{}", p.code);
        }
        checked += 1;
    }
    assert!(checked > 600, "{checked}");
    assert!(
        separate > 10,
        "both deductible layouts are covered ({separate} separate)"
    );
}

#[test]
fn dental_only_plans_are_stored_as_dental_and_get_no_metal_level() {
    let (ws, _) = imported();
    let dental: Vec<Plan> = ws
        .plans()
        .unwrap()
        .into_iter()
        .filter(|p| p.dental_only)
        .collect();
    assert_eq!(dental.len(), 193);
    assert!(dental.iter().all(|p| av::plan_av(p).is_none()));
}

/// Mean absolute error (points) and share within ±2 points.
fn error_figures(errors: &[f64]) -> (f64, f64) {
    let n = errors.len() as f64;
    let mae = errors.iter().map(|e| e.abs()).sum::<f64>() / n * 100.0;
    let within = errors.iter().filter(|e| e.abs() <= 0.02).count() as f64 / n;
    (mae, within)
}

/// The PUF's standard, non-catastrophic medical plans with integrated deductibles and an
/// official value: `IssuerActuarialValue`, or the calculator's own `AVCalculatorOutputNumber`
/// where the issuer's is blank (289 and 225 plans).
fn integrated_plans_with_official_value() -> Vec<alliance_desk::domain::Plan> {
    let (ws, _) = imported();
    let rows: HashMap<String, HashMap<String, String>> = file_rows()
        .into_iter()
        .map(|r| (r["PlanId"].clone(), r))
        .collect();
    ws.plans()
        .unwrap()
        .into_iter()
        .filter(|p| {
            let row = &rows[&p.code];
            standard_medical(row)
                && !row["CSRVariationType"].contains("Catastrophic")
                && row["MedicalDrugDeductiblesIntegrated"] == "Yes"
                && p.actuarial_value.is_some()
        })
        .collect()
}

/// Prints and returns the MAE and share within ±2 points of `estimate` against the official
/// values, overall and by metal level.
fn report(
    what: &str,
    plans: &[alliance_desk::domain::Plan],
    estimate: impl Fn(&alliance_desk::domain::Plan) -> f64,
) -> (f64, f64) {
    let mut by_metal: HashMap<&'static str, Vec<f64>> = HashMap::new();
    let mut all = Vec::new();
    for p in plans {
        let e = estimate(p) - p.actuarial_value.unwrap();
        let metal = Metal::parse(&p.metal_level).unwrap().label();
        by_metal.entry(metal).or_default().push(e);
        all.push(e);
    }
    let (mae, within) = error_figures(&all);
    eprintln!(
        "{what}: {} plans, MAE {mae:.2} points, {:.1} % within ±2",
        all.len(),
        within * 100.0
    );
    let mut metals: Vec<_> = by_metal.into_iter().collect();
    metals.sort_by_key(|(m, _)| *m);
    for (metal, errors) in &metals {
        let (m, w) = error_figures(errors);
        eprintln!(
            "  {metal}: {} plans, MAE {m:.2}, {:.1} % within ±2",
            errors.len(),
            w * 100.0
        );
    }
    (mae, within)
}

#[test]
fn estimate_tracks_the_carriers_official_value_over_standard_integrated_plans() {
    let plans = integrated_plans_with_official_value();
    assert_eq!(plans.len(), 514);
    // What Compare shows beside the carrier's value: the tables of the tier that value is in.
    // Today: MAE 1.70 points, 68.5 % within ±2 (README); these bounds guard that accuracy.
    let (mae, within) = report("Estimate over the carrier's tier tables", &plans, |p| {
        av::plan_av(p).unwrap().estimate.av
    });
    assert!(mae <= 1.75, "MAE {mae:.2}");
    assert!(within >= 0.67, "{within}");
}

#[test]
fn estimate_without_the_official_value_stays_close() {
    let plans = integrated_plans_with_official_value();
    // As for a plan with no carrier value: the filed tier's tables, recomputed once if the
    // result falls in another tier's band. Goal 2 points; the PUF's plan attributes leave out
    // copays, which the official values include (README, "Actuarial value").
    let (mae, within) = report("Estimate from the filed tier alone", &plans, |p| {
        av::estimate(&av::design_of(p), av::filed_tier(p), p.year).av
    });
    // Today: MAE 1.88 points, 66.9 % within ±2.
    assert!(mae <= 1.9, "MAE {mae:.2}");
    assert!(within >= 0.665, "{within}");
}

#[test]
fn a_blank_issuer_value_falls_back_to_the_calculators_output() {
    let (ws, _) = imported();
    let plan = ws
        .plans()
        .unwrap()
        .into_iter()
        .find(|p| p.code == "13262AR0230002-01")
        .unwrap();
    let av = plan.actuarial_value.unwrap();
    assert!((av - 0.660151309).abs() < 1e-9, "{av}");
}

#[test]
fn estimate_tracks_the_issuers_own_figure() {
    let issuer: std::collections::HashSet<String> = file_rows()
        .into_iter()
        .filter(|r| !r["IssuerActuarialValue"].trim().is_empty())
        .map(|r| r["PlanId"].clone())
        .collect();
    let plans: Vec<_> = integrated_plans_with_official_value()
        .into_iter()
        .filter(|p| issuer.contains(&p.code))
        .collect();
    assert_eq!(plans.len(), 289);
    // Today: MAE 1.89 points, 63.7 % within ±2 (README, third row).
    let (mae, within) = report(
        "Estimate over the plans with the issuer's figure",
        &plans,
        |p| av::plan_av(p).unwrap().estimate.av,
    );
    assert!(mae <= 1.95, "MAE {mae:.2}");
    assert!(within >= 0.63, "{within}");
}
