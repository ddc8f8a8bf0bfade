//! Import view: open a sample workbook through the view, import it, read the summary.

use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::store::Workspace;
use alliance_desk::ui::{AllianceApp, View};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Steps the UI until `label` appears (background work finishes) or 20 s pass.
fn wait_for(harness: &mut Harness<'_, AllianceApp>, label: &str) {
    for _ in 0..400 {
        harness.step();
        if harness.query_by_label_contains(label).is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("'{label}' never appeared");
}

/// Types `path` into the Import view's file box and presses Open.
fn open_typed(harness: &mut Harness<'_, AllianceApp>, path: &std::path::Path) {
    harness.get_by_role(Role::TextInput).click();
    harness.run();
    harness
        .get_by_role(Role::TextInput)
        .type_text(&path.display().to_string());
    harness.run();
    harness.get_by_label("Open").click();
}

#[test]
fn importing_a_sample_workbook_through_the_view_shows_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let data = generate::sample_data(GenerateOptions {
        members: 50,
        seed: 2,
    });
    let files = generate::write_workbooks(&data, dir.path()).unwrap();
    let plans = files
        .iter()
        .find(|f| f.ends_with("plans_and_rates.xlsx"))
        .unwrap()
        .clone();
    let ws = Workspace::create(&dir.path().join("import.adesk")).unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::Import);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 1000.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app);
    harness.run();

    open_typed(&mut harness, &plans);
    wait_for(&mut harness, "Header on row 1, 8 data rows");
    assert!(
        harness.query_all_by_label("Plan Code").count() >= 2,
        "header in the mapping table and the preview"
    );

    harness.get_by_label("Import all rows").click();
    wait_for(&mut harness, "Imported 8 plans rows");
    harness.get_by_label(
        "Imported 8 rows (plan designs) from plans_and_rates.xlsx (sheet 'Plan Designs') as import 1",
    );
    harness.run();
    assert_eq!(
        harness
            .state()
            .workspace()
            .unwrap()
            .summary()
            .unwrap()
            .plans,
        8
    );
}

fn generated_app(dir: &std::path::Path) -> AllianceApp {
    let mut ws = Workspace::create(&dir.join("g.adesk")).unwrap();
    generate::fill_workspace(
        &mut ws,
        GenerateOptions {
            members: 120,
            seed: 3,
        },
    )
    .unwrap();
    AllianceApp::with_workspace(ws).with_sample_dir(dir.join("sample"))
}

fn harness_for(app: AllianceApp) -> Harness<'static, AllianceApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app)
}

fn members(harness: &Harness<'_, AllianceApp>) -> i64 {
    harness
        .state()
        .workspace()
        .unwrap()
        .summary()
        .unwrap()
        .members
}

/// The Import view of a generated workspace with its undo question open.
fn asked_to_undo(dir: &std::path::Path) -> Harness<'static, AllianceApp> {
    let mut app = generated_app(dir);
    app.set_view(View::Import);
    let mut harness = harness_for(app);
    harness.run();
    harness.get_by_label("Undo…").click();
    harness.run();
    harness
}

#[test]
fn undoing_an_import_asks_first_and_says_what_goes() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = asked_to_undo(dir.path());
    assert!(harness.query_all_by_label_contains("120 members").count() >= 1);
    harness.get_by_label("This empties the workspace: every plan and member goes.");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(members(&harness), 120, "Cancel leaves the data alone");
}

#[test]
fn an_undone_import_can_be_restored_from_its_backup() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = asked_to_undo(dir.path());
    harness.get_by_label("Undo the import").click();
    harness.run();
    assert_eq!(members(&harness), 0);
    let backup = harness.state().last_backup().unwrap().to_path_buf();
    assert!(backup.exists(), "a backup is written before the undo");

    harness.get_by_label("Restore backup…").click();
    harness.run();
    harness.get_by_label("Nothing was saved since that backup.");
    harness.get_by_label("Restore the backup").click();
    harness.run();
    assert_eq!(members(&harness), 120);
}

#[test]
fn the_restore_offer_survives_a_restart_while_its_backup_exists() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = asked_to_undo(dir.path());
    harness.get_by_label("Undo the import").click();
    harness.run();
    let path = harness.state().workspace().unwrap().path().to_path_buf();
    drop(harness);
    let reopened =
        AllianceApp::with_workspace(alliance_desk::store::Workspace::open(&path).unwrap());
    assert!(reopened.last_backup().is_some_and(|b| b.exists()));
}

#[test]
fn the_sample_workspace_can_be_rebuilt_after_it_was_emptied() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = AllianceApp::new(Default::default()).with_sample_dir(dir.path().to_path_buf());
    app.open_startup(None);
    let ws = alliance_desk::store::Workspace::open(&dir.path().join("sample.adesk")).unwrap();
    // The generator's batch (the sample's claims are imports of their own after it).
    let batch = ws
        .import_history()
        .unwrap()
        .iter()
        .find(|b| b.kind == "generated")
        .unwrap()
        .id;
    drop(ws);
    app.apply(alliance_desk::ui::AppCommand::UndoImport(batch));
    assert_eq!(app.workspace().unwrap().summary().unwrap().members, 0);

    app.apply(alliance_desk::ui::AppCommand::RebuildSample);
    let summary = app.workspace().unwrap().summary().unwrap();
    assert_eq!(summary.members, 3000);
    assert_eq!(summary.plans, 8);
}

#[test]
fn an_empty_workspace_shows_what_to_import_first() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("empty.adesk")).unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::Members);
    let mut harness = harness_for(app);
    harness.run();
    harness.get_by_label("Getting started: this workspace is empty");
    harness.get_by_label("1. Plan designs and rates:");
    harness.get_by_label("Go to Import").click();
    harness.run();
    assert_eq!(harness.state().view(), View::Import);
}

#[test]
fn a_text_file_named_like_a_workbook_is_called_out() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("census.xlsx");
    std::fs::write(&fake, "Member ID,Employer\nA1,Harbor County\n").unwrap();
    let ws = Workspace::create(&dir.path().join("t.adesk")).unwrap();
    let mut harness = harness_for(AllianceApp::with_workspace(ws));
    harness.run();
    let ctx = harness.ctx.clone();
    harness.state_mut().open_for_import(fake, &ctx);
    wait_for(
        &mut harness,
        "is named like a workbook (.xlsx) but is not one",
    );
}

/// A census with no employer column, opened in the Import view of an empty workspace.
fn census_without_employer(dir: &std::path::Path) -> Harness<'static, AllianceApp> {
    let census = dir.join("census.csv");
    std::fs::write(
        &census,
        "Member ID,Plan Code,Coverage Tier,Birth Date,Sex,ZIP\n1,BCH-PPO500,EE,1980-01-01,F,55101\n",
    )
    .unwrap();
    let ws = Workspace::create(&dir.join("w.adesk")).unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::Import);
    let mut harness = harness_for(app);
    harness.run();
    open_typed(&mut harness, &census);
    wait_for(&mut harness, "This census has no employer column");
    harness
}

/// Types `name` into the purchaser box of a census without an employer column.
fn type_purchaser(harness: &mut Harness<'static, AllianceApp>, name: &str) {
    harness
        .get_all_by_role(Role::TextInput)
        .nth(1)
        .unwrap()
        .click();
    harness.run();
    harness
        .get_all_by_role(Role::TextInput)
        .nth(1)
        .unwrap()
        .type_text(name);
    harness.run();
}

#[test]
fn a_typed_purchaser_is_not_dropped_by_closing_the_file_without_asking() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = census_without_employer(dir.path());
    assert!(
        harness
            .state_mut()
            .import_view()
            .unsaved_choices()
            .is_none()
    );
    type_purchaser(&mut harness, "Acme Tools");
    assert_eq!(
        harness
            .state_mut()
            .import_view()
            .unsaved_choices()
            .as_deref(),
        Some("census.csv")
    );
    harness.get_by_label("Close file").click();
    harness.run();
    harness.get_by_label("Drop your choices for census.csv?");
    harness.get_by_label("Keep editing").click();
    harness.run();
    assert!(
        harness
            .state_mut()
            .import_view()
            .unsaved_choices()
            .is_some()
    );
    harness.get_by_label("Close file").click();
    harness.run();
    harness.get_by_label("Drop them").click();
    harness.run();
    assert!(
        harness
            .state_mut()
            .import_view()
            .unsaved_choices()
            .is_none()
    );
}

#[test]
fn quitting_with_import_choices_names_them_and_offers_no_save() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = census_without_employer(dir.path());
    type_purchaser(&mut harness, "Acme Tools");
    harness
        .state_mut()
        .apply(alliance_desk::ui::AppCommand::Quit);
    harness.run();
    assert!(!harness.state().is_closing());
    harness.get_by_label_contains("your choices for census.csv in Import");
    assert!(harness.query_by_label("Save").is_none());
    harness.get_by_label("Don't save").click();
    harness.run();
    assert!(harness.state().is_closing());
}

#[test]
fn a_hospital_price_file_is_recognised_and_imported_from_the_import_view() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("p.adesk")).unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::Import);
    let mut harness = harness_for(app);
    harness.run();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/price_transparency/hospital/V3.0.0_Tall_CSV_Format_Example.csv");
    open_typed(&mut harness, &file);
    wait_for(&mut harness, "Hospital price transparency file (CSV, tall");
    harness.get_by_label("Import hospital prices").click();
    wait_for(
        &mut harness,
        "Imported 45 charges (29 with a negotiated dollar amount) for West Mercy Hospital, CA",
    );
    let hospitals = harness.state().workspace().unwrap().hospitals().unwrap();
    assert_eq!(hospitals.len(), 1);
    assert_eq!(hospitals[0].state.as_deref(), Some("CA"));
}

#[test]
fn a_cms_fee_schedule_file_is_recognised_and_imported_from_the_import_view() {
    let dir = tempfile::tempdir().unwrap();
    let rvu = dir.path().join("PPRRVU2026_Jan.csv");
    std::fs::write(
        &rvu,
        ",,2026 National Physician Fee Schedule Relative Value File January Release,,\n\
         HCPCS,MOD,DESCRIPTION,CODE,PAYMENT,RVU,PE RVU,INDICATOR,PE RVU,INDICATOR,RVU\n\
         99213,,Office visit,A,,1.40,1.40,,0.60,,0.10,2.90,2.10,0,XXX,0,0,0,0,0,0,0,0,,33.4009\n",
    )
    .unwrap();
    let ws = Workspace::create(&dir.path().join("c.adesk")).unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::Import);
    let mut harness = harness_for(app);
    harness.run();
    open_typed(&mut harness, &rvu);
    wait_for(
        &mut harness,
        "CMS physician fee schedule relative value file, CY 2026",
    );
    harness.get_by_label("Import Medicare rates").click();
    wait_for(
        &mut harness,
        "Imported 1 code of the CY 2026 physician fee schedule",
    );
}
