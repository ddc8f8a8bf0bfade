//! Pooled-volume scenarios in the Scenarios workbench: build a pool, switch the allocation.

use alliance_desk::store::Workspace;
use alliance_desk::ui::{AllianceApp, View};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> (tempfile::TempDir, Harness<'static, AllianceApp>) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("p.adesk")).unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::Scenarios);
    let harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app);
    (dir, harness)
}

fn shown(harness: &Harness<'_, AllianceApp>, text: &str) -> bool {
    harness.query_all_by_label(text).count() >= 1
}

#[test]
fn switching_the_allocation_method_changes_each_members_savings() {
    let (_dir, mut harness) = harness();
    harness.run();
    harness.get_by_label("New pooled volume").click();
    harness.run();
    // The worked example: three members on a four-tier lab schedule.
    assert!(shown(&harness, "Vendor tier schedule"));
    harness.get_by_label("Allocation").click();
    harness.run();
    // Shapley: A saves $90,000, B $82,500, C $187,500.
    assert!(shown(&harness, "$82,500"));
    // The method switch comes before the table's "By volume" column header.
    harness
        .query_all_by_label("By volume")
        .next()
        .unwrap()
        .click();
    harness.run();
    // By volume: A $54,000, B $108,000, C $198,000 in the "Saves" column.
    assert!(shown(&harness, "$108,000"));
    assert_eq!(
        harness.state().scenario_draft().params["allocation"],
        "volume"
    );
    // A split by volume leaves A + C short of what they would save alone.
    assert!(
        harness
            .query_all_by_label_contains("A + C: gets")
            .next()
            .is_some()
    );
}

#[test]
fn adding_a_member_grows_the_pool() {
    let (_dir, mut harness) = harness();
    harness.run();
    harness.get_by_label("New pooled volume").click();
    harness.run();
    harness.get_by_label("Add a member").click();
    harness.run();
    let members = harness.state().scenario_draft().params["members"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(members, 4);
    // 410,000 units now: still the $8.25 tier.
    assert!(shown(&harness, "410,000"));
}

#[test]
fn the_leave_one_out_tab_shows_each_remaining_members_loss() {
    let (_dir, mut harness) = harness();
    harness.run();
    harness.get_by_label("New pooled volume").click();
    harness.run();
    harness.get_by_label("If a member leaves").click();
    harness.run();
    assert!(shown(&harness, "If this member leaves"));
    assert!(shown(&harness, "C loses"));
    assert!(harness.query_all_by_label("leaves").count() >= 3);
}
