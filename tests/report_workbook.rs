//! The report workbook read back as a user's spreadsheet would: values, formats, live formulas
//! with the app's numbers cached, text that stays text, and a LibreOffice recalculation that
//! lands on the app's numbers to the cent.

mod support;

use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::model::scenario::Scenario;
use alliance_desk::report::assemble::{ReportRequest, assemble};
use alliance_desk::report::workbook::{FormulaCell, ReportSummary, write_report};
use alliance_desk::store::Workspace;
use calamine::{Data, Reader, open_workbook_auto};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

const PLANS: [&str; 3] = ["BCH-PPO500", "MVH-HMO250", "SHP-HSA2800"];

fn workspace(dir: &Path) -> Workspace {
    let mut ws = Workspace::create(&dir.join("r.adesk")).unwrap();
    generate::fill_workspace(
        &mut ws,
        GenerateOptions {
            members: 600,
            seed: 11,
        },
    )
    .unwrap();
    let scenarios = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/scenarios");
    for entry in std::fs::read_dir(scenarios).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        ws.save_scenario(&Scenario::from_json(&text).unwrap())
            .unwrap();
    }
    ws
}

fn report(dir: &Path, hostile: bool) -> (PathBuf, ReportSummary) {
    let ws = workspace(dir);
    let ids: Vec<i64> = ws.scenarios().unwrap().iter().map(|s| s.id).collect();
    let mut content = assemble(
        &ws,
        &ReportRequest {
            compare: PLANS.iter().map(|s| s.to_string()).collect(),
            scenario_ids: ids,
            purchaser: Some("Northstar Manufacturing".into()),
            ..Default::default()
        },
    )
    .unwrap();
    if hostile {
        let cmp = content.comparison.as_mut().unwrap();
        for (col, name) in cmp.columns.iter_mut().zip(HOSTILE) {
            col.plan.name = name.to_string();
        }
        content.population = "@SUM(A1:A9)".into();
    }
    let path = dir.join("report.xlsx");
    let summary = write_report(&content, &path).unwrap();
    (path, summary)
}

const HOSTILE: [&str; 3] = [
    "=HYPERLINK(\"http://evil.example\",\"Click\")",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
];

fn value_at(path: &Path, cell: &FormulaCell) -> Option<f64> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(&cell.sheet).unwrap();
    match range.get_value((cell.row, cell.col as u32))? {
        Data::Float(x) => Some(*x),
        Data::Int(x) => Some(*x as f64),
        _ => None,
    }
}

#[test]
fn the_report_holds_a_cover_the_comparison_the_guide_and_every_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let (path, summary) = report(dir.path(), false);
    let wb = open_workbook_auto(&path).unwrap();
    let names = wb.sheet_names();
    for expected in ["Cover", "Comparison", "Comparison as shown", "Plan guide"] {
        assert!(names.iter().any(|n| n == expected), "{names:?}");
    }
    let saved =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/scenarios"))
            .unwrap()
            .count();
    assert_eq!(
        names.len(),
        4 + saved,
        "one sheet per saved scenario: {names:?}"
    );
    assert!(summary.formulas.len() > 200, "{}", summary.formulas.len());
}

#[test]
fn formulas_are_live_and_cache_the_apps_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let (path, summary) = report(dir.path(), false);
    let mut wb = open_workbook_auto(&path).unwrap();
    for cell in &summary.formulas {
        let formulas = wb.worksheet_formula(&cell.sheet).unwrap();
        let text = formulas
            .get_value((cell.row, cell.col as u32))
            .cloned()
            .unwrap_or_default();
        assert_eq!(text, cell.formula, "{}!{}", cell.sheet, cell.cell);
        let cached = value_at(&path, cell).unwrap();
        assert!(
            (cached - cell.app_value).abs() < 1e-9,
            "{}!{}: cached {cached} vs app {}",
            cell.sheet,
            cell.cell,
            cell.app_value
        );
    }
}

#[test]
fn the_renewal_sheet_caches_the_renewal_models_required_premium() {
    let dir = tempfile::tempdir().unwrap();
    let (_, summary) = report(dir.path(), false);
    let expected =
        alliance_desk::model::renewal::run(&alliance_desk::model::renewal::worked_example())
            .unwrap()
            .required_pmpm;
    let renewal = summary
        .formulas
        .iter()
        .filter(|f| f.sheet.starts_with("Northstar 2027 renewal"))
        .any(|f| (f.app_value - expected).abs() < 1e-9);
    assert!(renewal, "the required premium {expected} is a formula cell");
}

fn zip_text(path: &Path, part: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(part)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn money_and_percent_formats_frozen_headers_and_filters_are_set() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = report(dir.path(), false);
    let styles = zip_text(&path, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"$#,##0.00\""), "{styles}");
    assert!(styles.contains("formatCode=\"0.00%\""));
    let comparison = zip_text(&path, "xl/worksheets/sheet2.xml");
    assert!(comparison.contains("<pane"), "frozen header");
    let shown = zip_text(&path, "xl/worksheets/sheet3.xml");
    assert!(
        shown.contains("<autoFilter"),
        "filter on the table as shown"
    );
}

#[test]
fn the_cover_and_guide_sheets_say_what_they_hold_and_mark_their_header_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = report(dir.path(), false);
    let mut wb = calamine::open_workbook::<calamine::Xlsx<_>, _>(&path).unwrap();
    for sheet in ["Cover", "Plan guide"] {
        let range = wb.worksheet_range(sheet).unwrap();
        let description = range
            .get_value((1, 0))
            .map(|d| d.to_string())
            .unwrap_or_default();
        assert!(
            description.starts_with("This sheet "),
            "{sheet}: {description}"
        );
    }
    wb.load_tables().unwrap();
    let cover: Vec<String> = wb
        .table_names_in_sheet("Cover")
        .into_iter()
        .cloned()
        .collect();
    assert_eq!(cover.len(), 1, "the imports table is an Excel table");
    let imports = wb.table_by_name(&cover[0]).unwrap();
    assert_eq!(imports.columns()[0], "File");
    let guide: Vec<String> = wb
        .table_names_in_sheet("Plan guide")
        .into_iter()
        .cloned()
        .collect();
    assert_eq!(guide.len(), 1, "the plans table is an Excel table");
    let plans = wb.table_by_name(&guide[0]).unwrap();
    assert_eq!(plans.columns()[0], "Plan");
    assert!(plans.data().height() >= 3, "one row per plan");
}

#[test]
fn input_cells_differ_by_a_border_as_well_as_by_colour() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = report(dir.path(), false);
    let styles = zip_text(&path, "xl/styles.xml");
    assert!(
        styles.contains("style=\"dashed\""),
        "a dashed border for inputs"
    );
    let comparison = zip_text(&path, "xl/sharedStrings.xml");
    assert!(
        !comparison.contains("Blue cells"),
        "no note points at colour alone"
    );
}

#[test]
fn the_report_has_native_charts() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = report(dir.path(), false);
    let zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let charts = zip
        .file_names()
        .filter(|n| n.as_ref().is_ok_and(|n| n.starts_with("xl/charts/chart")))
        .count();
    // Out-of-pocket curves, the renewal waterfall, the corridors and the pooled bars.
    assert!(charts >= 5, "{charts} charts");
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = report(dir.path(), true);
    let mut wb = open_workbook_auto(&path).unwrap();
    let range = wb.worksheet_range("Comparison as shown").unwrap();
    let formulas = wb.worksheet_formula("Comparison as shown").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    let texts: Vec<String> = range
        .used_cells()
        .filter_map(|(_, _, v)| match v {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    for hostile in HOSTILE.iter().take(2) {
        assert!(
            texts.contains(&format!("'{hostile}")),
            "{hostile} is written as text with a leading '"
        );
        assert!(!texts.contains(&hostile.to_string()));
    }
    assert!(
        texts.contains(&"-2+3".to_string()) || texts.contains(&"'-2+3".to_string()),
        "a dash-led name is text"
    );
    let cover = wb.worksheet_range("Cover").unwrap();
    let cover_texts: Vec<String> = cover
        .used_cells()
        .filter_map(|(_, _, v)| match v {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert!(cover_texts.contains(&"'@SUM(A1:A9)".to_string()));
}

/// A LibreOffice profile that recalculates every formula when it opens a file (its default is
/// to trust cached values of xlsx files, which would make the check below a tautology).
fn recalculating_profile(dir: &Path) -> PathBuf {
    let profile = dir.join("lo-profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    profile
}

fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|bin| {
        Command::new(bin)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Converts `file` to xlsx with LibreOffice (recalculating) into `out_dir`.
fn recalculate(bin: &str, profile: &Path, file: &Path, out_dir: &Path) -> PathBuf {
    let status = Command::new(bin)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(out_dir)
        .arg(file)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    out_dir.join(file.file_name().unwrap())
}

#[test]
fn libreoffice_recalculation_equals_the_app_to_the_cent() {
    let Some(bin) = soffice() else {
        support::missing("LibreOffice");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let profile = recalculating_profile(dir.path());
    // A control cell with a stale cached value proves LibreOffice recalculates.
    let control = dir.path().join("control.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet()
        .write_formula(0, 0, rust_xlsxwriter::Formula::new("=1+1").set_result("0"))
        .unwrap();
    wb.save(&control).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let control_out = recalculate(bin, &profile, &control, &out);
    let mut cw = open_workbook_auto(&control_out).unwrap();
    let first = cw.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(first.get_value((0, 0)), Some(&Data::Float(2.0)));

    let (path, summary) = report(dir.path(), false);
    let recalculated = recalculate(bin, &profile, &path, &out);
    let mut worst = (0.0f64, String::new());
    for cell in &summary.formulas {
        let v = value_at(&recalculated, cell).unwrap_or_else(|| {
            panic!(
                "{}!{} has no number after recalculation",
                cell.sheet, cell.cell
            )
        });
        let diff = (v - cell.app_value).abs();
        if diff > worst.0 {
            worst = (diff, format!("{}!{}", cell.sheet, cell.cell));
        }
        assert!(
            diff < 0.005,
            "{}!{} ({}) recalculates to {v}, the app says {}",
            cell.sheet,
            cell.cell,
            cell.formula,
            cell.app_value
        );
    }
    eprintln!(
        "LibreOffice recalculated {} formula cells; largest difference from the app ${:.6} at {}",
        summary.formulas.len(),
        worst.0,
        worst.1
    );
}

#[test]
fn the_migration_sheet_computes_members_after_with_live_logit_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, summary) = report(dir.path(), false);
    let after: Vec<&FormulaCell> = summary
        .formulas
        .iter()
        .filter(|c| c.sheet.starts_with("Plan B") && c.formula.contains("SUMIFS("))
        .collect();
    let values: Vec<f64> = after.iter().map(|c| c.app_value).collect();
    assert_eq!(
        values.len(),
        3,
        "one members-after formula per plan: {values:?}"
    );
    for (got, want) in values.iter().zip([578.3, 190.4, 231.3]) {
        assert!((got - want).abs() <= 0.1, "{values:?}");
    }
}
