//! Scenarios ▸ plan migration: β estimated from the enrollment history the workspace holds.

use alliance_desk::generate::{self, GenerateOptions, history::SAMPLE_BETA};
use alliance_desk::store::Workspace;
use alliance_desk::ui::{AllianceApp, View};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn harness() -> (tempfile::TempDir, Harness<'static, AllianceApp>) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create(&dir.path().join("s.adesk")).unwrap();
    generate::fill_workspace(
        &mut ws,
        GenerateOptions {
            members: 3_000,
            seed: 7,
        },
    )
    .unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::Scenarios);
    let harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 950.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app);
    (dir, harness)
}

#[test]
fn estimating_from_enrollment_history_finds_the_samples_beta_and_uses_it() {
    let (_dir, mut h) = harness();
    h.run();
    h.get_by_label("New plan migration").click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "Purchaser").click();
    h.run();
    h.get_by_label("Northstar Manufacturing").click();
    h.run();
    h.get_by_label("Estimate from enrollment history").click();
    h.run();
    let node = h
        .query_all_by_label_contains("Northstar Manufacturing's enrollment 2025 to 2026: β")
        .next()
        .expect("the estimate is shown");
    let shown = node
        .accesskit_node()
        .label()
        .or_else(|| node.accesskit_node().value())
        .unwrap_or_default();
    let beta: f64 = shown
        .split("β ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no β in {shown}"));
    assert!(
        (beta - SAMPLE_BETA).abs() <= 0.1 * SAMPLE_BETA.abs(),
        "{shown}"
    );
    h.get_by_label_contains("members enrolled in both 2025 and 2026");
    h.get_by_label(&format!("Use β {beta:.3}")).click();
    h.run();
    let used = h.state().scenario_draft().params["premium_coefficient"]
        .as_f64()
        .unwrap();
    assert_eq!(used, beta);
}

#[test]
fn estimating_without_history_says_what_to_import() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create(&dir.path().join("s.adesk")).unwrap();
    generate::fill_workspace(
        &mut ws,
        GenerateOptions {
            members: 200,
            seed: 3,
        },
    )
    .unwrap();
    ws.conn().execute("DELETE FROM eligibility", []).unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::Scenarios);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1500.0, 950.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app);
    h.run();
    h.get_by_label("New plan migration").click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "Purchaser").click();
    h.run();
    h.get_by_label("Northstar Manufacturing").click();
    h.run();
    h.get_by_label("Estimate from enrollment history").click();
    h.run();
    h.get_by_label_contains("load the eligibility spans (kind: Eligibility spans)");
}
