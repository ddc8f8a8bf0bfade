//! Scenarios view: create a renewal, edit the trend, watch required PMPM move, save, reopen.

use alliance_desk::format::usd;
use alliance_desk::model::scenario::{Scenario, ScenarioKind};
use alliance_desk::store::Workspace;
use alliance_desk::ui::{AllianceApp, View};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> (tempfile::TempDir, Harness<'static, AllianceApp>) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("s.adesk")).unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::Scenarios);
    let harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 950.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app);
    (dir, harness)
}

fn required_with_trend(trend: f64) -> String {
    let s = Scenario::new(ScenarioKind::Renewal, "x")
        .with_input("trend_medical", trend)
        .unwrap();
    usd(s.output("required_pmpm").unwrap())
}

/// Required PMPM is shown (renewal premium may show the same figure when no cap applies).
fn assert_shows(harness: &Harness<'_, AllianceApp>, text: &str) {
    assert!(
        harness.query_all_by_label(text).count() >= 1,
        "{text} is not shown"
    );
}

#[test]
fn editing_trend_recomputes_required_pmpm_and_survives_save_and_reopen() {
    let (_dir, mut harness) = harness();
    harness.run();
    assert_shows(&harness, &required_with_trend(0.07));

    let field = harness.get_by_role_and_label(Role::SpinButton, "Medical trend");
    field.click();
    harness.run();
    harness.key_combination_modifiers(egui::Modifiers::COMMAND, &[Key::A]);
    // The clicked drag value is now a focused text field: replace its text.
    harness.event(egui::Event::Text("9".into()));

    harness.key_press(Key::Enter);
    harness.run();
    assert_shows(&harness, &required_with_trend(0.09));
    assert!(
        harness
            .query_all_by_label(&required_with_trend(0.07))
            .count()
            == 0
    );

    harness.get_by_label("Save *").click();
    harness.run();
    assert_eq!(
        harness
            .state()
            .workspace()
            .unwrap()
            .scenarios()
            .unwrap()
            .len(),
        1
    );

    harness.get_by_label("New renewal").click(); // a fresh draft at the default trend
    harness.run();
    assert_eq!(
        harness.state().scenario_draft().input("trend_medical"),
        Some(0.07)
    );
    harness.get_by_label("Untitled renewal").click(); // reopen the saved one from the list
    harness.run();

    let trend = harness
        .state()
        .scenario_draft()
        .input("trend_medical")
        .unwrap();
    assert!(
        (trend - 0.09).abs() < 1e-12,
        "trend after reopening: {trend}"
    );
    assert_shows(&harness, &required_with_trend(0.09));
}
