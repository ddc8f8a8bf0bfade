//! Value-based contracts in the Scenarios workbench: the editor and each result tab.

use alliance_desk::store::Workspace;
use alliance_desk::ui::{AllianceApp, View};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> (tempfile::TempDir, Harness<'static, AllianceApp>) {
    harness_sized(egui::vec2(1400.0, 900.0))
}

/// A tall window shows the whole form, down to the lists at its end.
fn harness_sized(size: egui::Vec2) -> (tempfile::TempDir, Harness<'static, AllianceApp>) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("v.adesk")).unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::Scenarios);
    let mut harness = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app);
    harness.run();
    harness.get_by_label("New value-based contract").click();
    harness.run();
    (dir, harness)
}

fn shown(harness: &Harness<'_, AllianceApp>, text: &str) -> bool {
    harness.query_all_by_label(text).count() >= 1
}

#[test]
fn the_worked_aco_shows_both_sides_of_the_deal() {
    let (_dir, harness) = harness();
    assert!(shown(&harness, "The payer's view"));
    assert!(shown(&harness, "The provider's view"));
    // Shared savings of the MSSP worked example: $50,091,553.
    assert!(shown(&harness, "$50,091,553"));
    assert!(shown(&harness, "Settlement by savings rate (the corridor)"));
}

#[test]
fn the_simulation_fills_the_distribution_tab() {
    let (_dir, mut harness) = harness();
    harness.get_by_label("Distribution").click();
    harness.run();
    assert!(
        harness
            .query_all_by_label_contains("Switch on \"Simulate 10,000 outcomes\"")
            .next()
            .is_some()
    );
    harness.get_by_label("Simulate 10,000 outcomes").click();
    harness.run();
    assert!(shown(&harness, "Chance savings are paid"));
    assert_eq!(harness.state().scenario_draft().params["trials"], 10_000);
}

#[test]
fn the_glide_path_tab_lists_each_year() {
    let (_dir, mut harness) = harness();
    harness.get_by_label("Multi-year glide path").click();
    harness.run();
    harness.get_by_label("Glide path").click();
    harness.run();
    assert!(
        harness
            .query_all_by_label_contains("2.09% below trend each year")
            .next()
            .is_some()
    );
    assert!(shown(&harness, "Year 5"));
}

#[test]
fn utilization_levers_can_be_added_and_shown() {
    let (_dir, mut harness) = harness_sized(egui::vec2(1400.0, 1800.0));
    harness.get_by_label("Add service categories").click();
    harness.run();
    harness.get_by_label("Levers by service").click();
    harness.run();
    assert!(shown(&harness, "Emergency visits"));
    assert!(shown(&harness, "PMPM after"));
}
