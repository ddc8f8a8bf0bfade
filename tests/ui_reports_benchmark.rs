//! The Reports and Benchmark views driven through the UI.

use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::import::share_package::import_package;
use alliance_desk::model::scenario::Scenario;
use alliance_desk::report::assemble::share_content;
use alliance_desk::report::share::write_package;
use alliance_desk::store::Workspace;
use alliance_desk::ui::{AllianceApp, ReportKind, View};
use calamine::{Reader, open_workbook_auto};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::Path;

fn workspace(path: &Path, seed: u64) -> Workspace {
    let mut ws = Workspace::create(path).unwrap();
    generate::fill_workspace(&mut ws, GenerateOptions { members: 700, seed }).unwrap();
    ws
}

fn harness(app: AllianceApp) -> Harness<'static, AllianceApp> {
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app)
}

fn wait_until_written(h: &mut Harness<'static, AllianceApp>) {
    for _ in 0..300 {
        h.step();
        if !h.state_mut().reports_view().busy() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.run();
}

#[test]
fn reports_writes_the_chosen_comparison_and_scenario_to_a_typed_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(&dir.path().join("r.adesk"), 3);
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/scenarios/renewal.json"),
    )
    .unwrap();
    let id = ws
        .save_scenario(&Scenario::from_json(&text).unwrap())
        .unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::Reports);
    let out = dir.path().join("coalition report.xlsx");
    app.reports_view().choose(
        ReportKind::Workbook,
        None,
        &["BCH-PPO500", "MVH-HMO250"],
        &[id],
    );
    app.reports_view().set_path(&out);
    let mut h = harness(app);
    h.run();
    h.get_by_label_contains("Comparison of BCH-PPO500, MVH-HMO250");
    h.get_by_label_contains("Renewal: Northstar 2027 renewal");
    h.get_by_label("Export").click();
    wait_until_written(&mut h);
    assert_eq!(
        h.state_mut().reports_view().last_written(),
        Some(out.as_path())
    );
    let wb = open_workbook_auto(&out).unwrap();
    let names = wb.sheet_names();
    assert!(names.iter().any(|n| n == "Comparison"), "{names:?}");
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("Northstar 2027 renewal")),
        "{names:?}"
    );
    h.get_by_label("Open folder");
}

#[test]
fn the_guide_asks_for_a_purchaser_before_it_can_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = AllianceApp::with_workspace(workspace(&dir.path().join("r.adesk"), 3));
    app.set_view(View::Reports);
    app.reports_view().choose(ReportKind::Guide, None, &[], &[]);
    let mut h = harness(app);
    h.run();
    h.get_by_label("Choose the purchaser it is for.");
}

#[test]
fn benchmark_without_peers_says_how_to_get_a_package() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = AllianceApp::with_workspace(workspace(&dir.path().join("r.adesk"), 3));
    app.set_view(View::Benchmark);
    let mut h = harness(app);
    h.run();
    h.get_by_label("No coalition peer has shared a package with this workspace yet.");
}

#[test]
fn benchmark_ranks_our_plans_among_a_peers_plans() {
    let dir = tempfile::tempdir().unwrap();
    // Large enough that some of the sender's plans have no tier under 11, so their premium
    // averages are shared (a plan with a withheld tier keeps them back).
    let mut sender = Workspace::create(&dir.path().join("s.adesk")).unwrap();
    generate::fill_workspace(
        &mut sender,
        GenerateOptions {
            members: 6_000,
            seed: 9,
        },
    )
    .unwrap();
    let pkg = dir.path().join("north.xlsx");
    write_package(
        &share_content(&sender, "Northstar Manufacturing").unwrap(),
        &pkg,
    )
    .unwrap();
    let mut ws = workspace(&dir.path().join("r.adesk"), 3);
    import_package(&mut ws, &pkg).unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::Benchmark);
    let mut h = harness(app);
    h.run();
    h.get_by_label_contains("shared by 1 peer: Northstar Manufacturing");
    assert!(
        h.query_all_by_label_contains(" pct").count() > 5,
        "percentiles shown"
    );
    assert_eq!(
        h.query_all_by_label("Premium per subscriber a month")
            .count(),
        2,
        "table header and strip title"
    );
}

#[test]
fn reports_finds_any_plan_of_a_large_plan_file_by_search() {
    use alliance_desk::import::{self, ImportOptions, Kind, Progress};
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create(&dir.path().join("puf.adesk")).unwrap();
    let puf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/cms/Plan_Attributes_PUF_2022.first2000lines.csv");
    let opts = ImportOptions {
        kind: Some(Kind::Plans),
        ..Default::default()
    };
    import::import_file(&mut ws, &puf, &opts, &Progress::default()).unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::Reports);
    app.reports_view()
        .choose(ReportKind::Workbook, None, &[], &[]);
    let mut h = harness(app);
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Plans to compare")
        .click();
    h.run();
    let search = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Find a plan");
    search.click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Find a plan")
        .type_text("Preferred Silver 4500");
    h.run();
    h.get_by_label_contains("38344AK1060002-01").click();
    h.run();
    h.get_by_label("Remove 38344AK1060002-01 from the comparison");
    // The list stays open, so a second plan is one more click.
    h.get_by_label_contains("38344AK1060002-02").click();
    h.run();
    h.get_by_label_contains("Comparison of 38344AK1060002-01, 38344AK1060002-02");
}

fn reports_app(dir: &Path, kind: ReportKind, path: &Path) -> Harness<'static, AllianceApp> {
    let mut app = AllianceApp::with_workspace(workspace(&dir.join("r.adesk"), 3));
    app.set_view(View::Reports);
    app.reports_view().choose(
        kind,
        Some("Northstar Manufacturing"),
        &["BCH-PPO500", "MVH-HMO250"],
        &[],
    );
    app.reports_view().set_path(path);
    let mut h = harness(app);
    h.run();
    h
}

#[test]
fn a_guide_is_never_written_over_a_workbook_path() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = dir.path().join("report.xlsx");
    let mut h = reports_app(dir.path(), ReportKind::Workbook, &workbook);
    h.get_by_label("Export").click();
    wait_until_written(&mut h);
    let written = std::fs::read(&workbook).unwrap();
    // The guide has a path of its own; typed as the workbook's name, it is refused.
    h.state_mut().reports_view().choose(
        ReportKind::Guide,
        Some("Northstar Manufacturing"),
        &[],
        &[],
    );
    h.run();
    let guide_path = h
        .get_by_role_and_label(egui::accesskit::Role::TextInput, "Save to")
        .accesskit_node()
        .value()
        .unwrap_or_default()
        .to_string();
    assert!(
        guide_path.ends_with(".html"),
        "the guide's path is its own: {guide_path}"
    );
    h.state_mut().reports_view().set_path(&workbook);
    h.run();
    h.get_by_label("Export").click();
    h.run();
    h.get_by_label_contains(
        "report.xlsx ends in .xlsx, but the employee plan guide is an .html file",
    );
    assert_eq!(
        std::fs::read(&workbook).unwrap(),
        written,
        "the workbook is untouched"
    );
}

#[test]
fn an_existing_file_is_replaced_only_when_the_user_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("guide.html");
    std::fs::write(&out, "keep me").unwrap();
    let mut h = reports_app(dir.path(), ReportKind::Guide, &out);
    h.get_by_label("Export").click();
    h.run();
    assert!(h.state_mut().reports_view().asking_to_replace());
    h.get_by_label("Replace guide.html?");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    h.get_by_label("Export").click();
    h.run();
    h.get_by_label("Replace").click();
    wait_until_written(&mut h);
    assert!(std::fs::read_to_string(&out).unwrap().contains("<html"));
}

#[test]
fn an_emptied_path_box_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = reports_app(dir.path(), ReportKind::Workbook, Path::new(""));
    h.run();
    h.get_by_label("Export").click();
    h.run();
    h.get_by_label("Type where to save the file.");
}

#[test]
fn the_workbook_repeats_the_plans_baseline_and_contribution_that_compare_shows() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = AllianceApp::with_workspace(workspace(&dir.path().join("r.adesk"), 3));
    app.set_view(View::Compare);
    app.compare_view()
        .select_plans(&["SHP-ACO500", "MVH-HMO250", "BCH-PPO1500"]);
    let mut h = harness(app);
    h.run();
    h.get_by_label("Percent of premium").click();
    h.run();
    h.state_mut().set_view(View::Reports);
    h.run();
    h.get_by_label_contains("of each tier's premium (as set in Compare plans)");
    h.get_by_label_contains("Comparison of SHP-ACO500, MVH-HMO250, BCH-PPO1500");
    let out = dir.path().join("as shown.xlsx");
    h.state_mut().reports_view().set_path(&out);
    h.get_by_label("Export").click();
    wait_until_written(&mut h);
    let mut wb = open_workbook_auto(&out).unwrap();
    let shown = wb.worksheet_range("Comparison as shown").unwrap();
    let header: Vec<String> = shown
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        ["Measure", "SHP-ACO500", "MVH-HMO250", "BCH-PPO1500"]
    );
    let cover = wb.worksheet_range("Cover").unwrap();
    let said = cover.rows().flatten().any(|c| {
        c.to_string()
            .contains("Employer contribution: 80.00% of each tier's premium")
    });
    assert!(said, "the cover names the contribution Compare used");
}

#[test]
fn the_guide_is_titled_for_the_plan_year_set_in_the_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = AllianceApp::with_workspace(workspace(&dir.path().join("r.adesk"), 3));
    app.set_view(View::Reports);
    app.reports_view()
        .choose(ReportKind::Guide, Some("Northstar Manufacturing"), &[], &[]);
    let out = dir.path().join("guide.html");
    app.reports_view().set_path(&out);
    let mut h = harness(app);
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::SpinButton, "Plan year of the guide")
        .click();
    h.run();
    h.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    h.event(egui::Event::Text("2029".into()));
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label("Export").click();
    wait_until_written(&mut h);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("Your health plan choices for 2029"));
}

#[test]
fn benchmark_places_our_hospitals_among_the_hospitals_peers_shared() {
    let dir = tempfile::tempdir().unwrap();
    let mut sender = Workspace::create(&dir.path().join("s.adesk")).unwrap();
    generate::fill_workspace(
        &mut sender,
        GenerateOptions {
            members: 800,
            seed: 9,
        },
    )
    .unwrap();
    let pkg = dir.path().join("harbor.xlsx");
    write_package(
        &share_content(&sender, "Harbor County Hospital").unwrap(),
        &pkg,
    )
    .unwrap();
    let mut ws = workspace(&dir.path().join("r.adesk"), 3);
    import_package(&mut ws, &pkg).unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::Benchmark);
    let mut h = harness(app);
    h.run();
    h.get_by_label("Hospital prices, % of Medicare");
    h.get_by_label("Harbor County Hospital (shared by Harbor County Hospital)");
    h.get_by_label("Lakes Regional Medical Center (ours)");
    h.get_by_label_contains("In words: 1 peer hospital from");
}
