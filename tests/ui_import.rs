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

    let field = harness.get_by_role(Role::TextInput);
    field.click();
    harness.run();
    harness
        .get_by_role(Role::TextInput)
        .type_text(&plans.display().to_string());
    harness.run();
    harness.get_by_label("Open").click();
    wait_for(&mut harness, "Header on row 1, 8 data rows");
    assert!(
        harness.query_all_by_label("Plan Code").count() >= 2,
        "header in the mapping table and the preview"
    );

    harness.get_by_label("Import all rows").click();
    wait_for(&mut harness, "Imported 8 plans rows");
    harness.get_by_label(
        "Imported 8 plans rows from plans_and_rates.xlsx (sheet 'Plan Designs') as import 1",
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
