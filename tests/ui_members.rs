//! The app starts on a workspace and shows its members table.

use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::store::{MemberFilter, Workspace};
use alliance_desk::ui::{AllianceApp, View};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn app_with_members(n: usize) -> (tempfile::TempDir, AllianceApp) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create(&dir.path().join("ui.adesk")).unwrap();
    generate::fill_workspace(
        &mut ws,
        GenerateOptions {
            members: n,
            seed: 4,
        },
    )
    .unwrap();
    (dir, AllianceApp::with_workspace(ws))
}

fn harness_for(app: AllianceApp) -> Harness<'static, AllianceApp> {
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app)
}

#[test]
fn members_view_shows_the_member_count_and_table() {
    let (_dir, app) = app_with_members(1234);
    let mut harness = harness_for(app);
    harness.run();
    assert_eq!(harness.state().view(), View::Members);
    harness.get_by_label("1,234 members");
    harness.get_by_label("Member ID ⏶"); // sorted by member id, ascending
    harness.get_by_label("Allowed claims");
    // The first rows are real members from the workspace (ids keep leading zeros).
    assert!(harness.query_all_by_label_contains("000").count() > 0);
}

#[test]
fn typing_in_search_filters_the_members() {
    let (_dir, app) = app_with_members(500);
    let mut harness = harness_for(app);
    harness.run();
    harness.get_by_label("500 members");
    let search = harness.get_by_role(egui::accesskit::Role::TextInput);
    search.click();
    harness.run();
    harness
        .get_by_role(egui::accesskit::Role::TextInput)
        .type_text("Harbor County");
    harness.run();
    let filter = MemberFilter {
        text: "Harbor County".into(),
        ..Default::default()
    };
    let expected = harness
        .state()
        .workspace()
        .unwrap()
        .member_count(&filter)
        .unwrap();
    assert!(expected > 0 && expected < 500);
    harness.get_by_label(&format!("{expected} members match the filter"));
}

#[test]
fn a_workspace_in_a_synced_folder_shows_a_warning_in_the_workspace_panel() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("OneDrive - Harbor County/w.adesk")).unwrap();
    let mut harness = harness_for(AllianceApp::with_workspace(ws));
    harness.run();
    harness.get_by_label_contains("This workspace is in a folder synced by OneDrive.");
}

#[test]
fn a_workspace_on_a_local_disk_shows_no_location_warning() {
    let (_dir, app) = app_with_members(10);
    let mut harness = harness_for(app);
    harness.run();
    assert_eq!(
        harness
            .query_all_by_label_contains("This workspace is")
            .count(),
        0
    );
}

#[test]
fn count_panels_follow_the_filter() {
    let (_dir, app) = app_with_members(400);
    let mut harness = harness_for(app);
    harness.run();
    let ws = harness.state().workspace().unwrap();
    let ee = ws
        .member_count(&MemberFilter {
            tier: Some("EE".into()),
            ..Default::default()
        })
        .unwrap();
    harness
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "Tier")
        .click();
    harness.run();
    harness.get_by_label("EE · Employee only").click();
    harness.run();
    harness.get_by_label(&format!("{ee} members match the filter"));
    harness.get_by_label("Counts of the members that match the filter");
    // The tier panel now counts only EE: no ES row is left in it.
    assert!(harness.query_by_label("ES").is_none());
}

#[test]
fn sex_and_zip_columns_sort() {
    let (_dir, app) = app_with_members(50);
    let mut harness = harness_for(app);
    harness.run();
    harness.get_by_label("ZIP").click();
    harness.run();
    harness.get_by_label("ZIP ⏶");
    harness.get_by_label("Sex").click();
    harness.run();
    harness.get_by_label("Sex ⏶");
}
