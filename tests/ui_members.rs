//! The app starts on a workspace and shows its members table.

use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::store::{MemberFilter, MemberRow, Workspace};
use alliance_desk::ui::{AllianceApp, View};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

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
    harness.get_by_label("Sort by Member ID, sorted ascending"); // sorted by member id, ascending
    harness.get_by_label("Sort by Allowed claims");
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
    // The drop-down's entry, not the count panel's row of the same words.
    harness
        .query_all_by_label("EE · Employee only")
        .find(|n| n.accesskit_node().role() != egui::accesskit::Role::Label)
        .expect("the tier drop-down lists EE")
        .click();
    harness.run();
    harness.get_by_label(&format!("{ee} members match the filter"));
    harness.get_by_label("Counts of the members that match the filter");
    // The tier panel now counts only EE, in words: no ES row is left in it.
    assert!(harness.query_by_label("ES · Employee + spouse").is_none());
    assert!(harness.query_all_by_label("EE · Employee only").count() >= 1);
}

/// The shown members' values of one column, read back from the workspace in the shown order.
fn shown<T>(harness: &mut Harness<'static, AllianceApp>, pick: fn(&MemberRow) -> T) -> Vec<T> {
    let ids = harness
        .state_mut()
        .members_view()
        .shown_ids()
        .expect("the order is read")
        .to_vec();
    let ws = harness.state().workspace().unwrap();
    ws.members_by_id(&ids).unwrap().iter().map(pick).collect()
}

fn is_sorted<T: PartialOrd>(v: &[T]) -> bool {
    v.windows(2).all(|w| w[0] <= w[1])
}

#[test]
fn zip_sorts_the_rows_ascending_then_descending() {
    let (_dir, app) = app_with_members(300);
    let mut harness = harness_for(app);
    harness.run();
    let before = shown(&mut harness, |m| m.zip.clone());
    assert!(
        !is_sorted(&before),
        "the member-id order is not already a ZIP order"
    );
    harness.get_by_label("Sort by ZIP").click();
    harness.run();
    harness.get_by_label("Sort by ZIP, sorted ascending");
    let up = shown(&mut harness, |m| m.zip.clone());
    assert_eq!(up.len(), 300);
    assert!(is_sorted(&up), "{up:?}");
    harness
        .get_by_label("Sort by ZIP, sorted ascending")
        .click();
    harness.run();
    harness.get_by_label("Sort by ZIP, sorted descending");
    let mut down = shown(&mut harness, |m| m.zip.clone());
    down.reverse();
    assert!(is_sorted(&down), "{down:?}");
}

#[test]
fn sex_sorts_the_rows() {
    let (_dir, app) = app_with_members(300);
    let mut harness = harness_for(app);
    harness.run();
    harness.get_by_label("Sort by Sex").click();
    harness.run();
    harness.get_by_label("Sort by Sex, sorted ascending");
    let sexes = shown(&mut harness, |m| m.sex.clone());
    assert!(is_sorted(&sexes), "{sexes:?}");
    assert!(
        sexes.first() != sexes.last(),
        "both sexes are in the sample"
    );
}

/// Steps the UI until the members' order is read (a background read) or 8 s pass.
fn wait_until_listed(harness: &mut Harness<'static, AllianceApp>) {
    for _ in 0..400 {
        harness.step();
        if !harness.state_mut().members_view().is_loading() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn a_large_workspace_sorts_on_a_background_thread_and_pages_by_id() {
    let (_dir, app) = app_with_members(600);
    let mut harness = harness_for(app);
    harness
        .state_mut()
        .members_view()
        .set_background_from_members(0);
    harness.state_mut().members_view().invalidate();
    harness.step();
    harness.get_by_label("Reading and sorting the members…");
    wait_until_listed(&mut harness);
    harness.run();
    harness.get_by_label("Sort by Salary").click();
    harness.step();
    assert!(harness.state_mut().members_view().is_loading());
    wait_until_listed(&mut harness);
    harness.run();
    harness.get_by_label("600 members");
    let salaries = shown(&mut harness, |m| m.annual_salary.unwrap_or(0.0));
    assert!(is_sorted(&salaries), "ascending salaries");
    // The first row on screen is the lowest salary (pages are read by id, in the order).
    let lowest = alliance_desk::format::usd0(salaries[0]);
    assert!(
        harness.query_all_by_label(&lowest).count() > 0,
        "{lowest} shown"
    );
}
