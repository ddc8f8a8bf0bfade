//! Nothing a user typed is dropped without asking: a scenario edit survives New, switching to
//! another scenario, opening another workspace and closing the window, unless the user says
//! "Don't save"; a restore says what it loses and backs up first.

mod scenario_ui;
use scenario_ui::{harness, set_field};

use alliance_desk::store::Workspace;
use alliance_desk::ui::{AllianceApp, AppCommand, View};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The saved medical trend of the scenario with `id`.
fn saved_trend(harness: &Harness<'_, AllianceApp>, id: i64) -> f64 {
    let ws = harness.state().workspace().unwrap();
    let s = ws
        .scenarios()
        .unwrap()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap();
    s.scenario.input("trend_medical").unwrap()
}

/// A saved renewal edited to a 9 % trend and not saved again.
fn with_an_unsaved_edit() -> (tempfile::TempDir, Harness<'static, AllianceApp>, i64) {
    let (dir, mut harness) = harness();
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    let id = harness.state().scenario_draft_id().unwrap();
    set_field(&mut harness, "Medical trend", "9");
    harness.get_by_label("Save *");
    (dir, harness, id)
}

const ASKED: &str = "Save the changes to 'Untitled renewal'?";

#[test]
fn new_scenario_asks_before_dropping_edits_and_cancel_keeps_them() {
    let (_dir, mut harness, id) = with_an_unsaved_edit();
    harness.get_by_label("New pooled volume").click();
    harness.run();
    harness.get_by_label_contains(ASKED);
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(harness.state().scenario_draft_id(), Some(id));
    let trend = harness
        .state()
        .scenario_draft()
        .input("trend_medical")
        .unwrap();
    assert!(
        (trend - 0.09).abs() < 1e-12,
        "the edit is still in the editor"
    );
    harness.get_by_label("Save *");
}

#[test]
fn save_in_the_question_saves_the_edit_then_starts_the_new_scenario() {
    let (_dir, mut harness, id) = with_an_unsaved_edit();
    harness.get_by_label("New pooled volume").click();
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    assert!((saved_trend(&harness, id) - 0.09).abs() < 1e-12);
    assert_eq!(
        harness.state().scenario_draft().name,
        "Untitled pooled volume"
    );
    assert_eq!(harness.state().scenario_draft_id(), None);
}

#[test]
fn dont_save_drops_the_edit_and_starts_the_new_scenario() {
    let (_dir, mut harness, id) = with_an_unsaved_edit();
    harness.get_by_label("New pooled volume").click();
    harness.run();
    harness.get_by_label("Don't save").click();
    harness.run();
    assert!((saved_trend(&harness, id) - 0.07).abs() < 1e-12);
    assert_eq!(
        harness.state().scenario_draft().name,
        "Untitled pooled volume"
    );
}

#[test]
fn a_fresh_new_scenario_is_left_without_asking() {
    let (_dir, mut harness) = harness();
    harness.run();
    harness.get_by_label("New pooled volume").click();
    harness.run();
    harness.get_by_label("New value-based contract").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Save the changes")
            .is_none()
    );
    assert_eq!(
        harness.state().scenario_draft().name,
        "Untitled value-based contract"
    );
}

#[test]
fn choosing_another_saved_scenario_asks_first() {
    let (_dir, mut harness, _) = with_an_unsaved_edit();
    // A second saved scenario to switch to.
    let other = {
        let ws = harness.state().workspace().unwrap();
        let s = alliance_desk::model::scenario::Scenario::new(
            alliance_desk::model::scenario::ScenarioKind::Renewal,
            "Second renewal",
        );
        let mut ws2 = Workspace::open(ws.path()).unwrap();
        ws2.save_scenario(&s).unwrap()
    };
    harness.state_mut().apply(AppCommand::DataChanged);
    harness.run();
    harness
        .get_by_role_and_label(Role::ComboBox, "Scenario")
        .click();
    harness.run();
    harness.get_by_label("Second renewal").click();
    harness.run();
    harness.get_by_label_contains(ASKED);
    harness.get_by_label("Don't save").click();
    harness.run();
    assert_eq!(harness.state().scenario_draft_id(), Some(other));
}

#[test]
fn ctrl_s_saves_the_scenario() {
    let (_dir, mut harness, id) = with_an_unsaved_edit();
    harness.key_combination_modifiers(egui::Modifiers::COMMAND, &[Key::S]);
    harness.run();
    assert!((saved_trend(&harness, id) - 0.09).abs() < 1e-12);
    harness.get_by_label("Save");
}

#[test]
fn closing_the_window_with_an_unsaved_edit_asks_first() {
    let (_dir, mut harness, id) = with_an_unsaved_edit();
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.run();
    assert_eq!(
        harness.state().waiting_on_unsaved(),
        Some(&AppCommand::Quit)
    );
    assert!(!harness.state().is_closing(), "the close was held back");
    harness.get_by_label_contains("before you close Alliance Desk");
    harness.get_by_label("Save").click();
    harness.run();
    assert!((saved_trend(&harness, id) - 0.09).abs() < 1e-12);
    assert!(harness.state().is_closing());
}

#[test]
fn quitting_without_unsaved_work_closes_at_once() {
    let (_dir, mut harness) = harness();
    harness.run();
    harness.state_mut().apply(AppCommand::Quit);
    assert!(harness.state().is_closing());
}

#[test]
fn opening_another_workspace_asks_then_starts_clean() {
    let (dir, mut harness, _) = with_an_unsaved_edit();
    let other = dir.path().join("other.adesk");
    Workspace::create(&other).unwrap();
    harness
        .state_mut()
        .apply(AppCommand::OpenWorkspace(other.clone()));
    harness.run();
    harness.get_by_label_contains("before you open another workspace");
    harness.get_by_label("Don't save").click();
    harness.run();
    assert_eq!(harness.state().workspace().unwrap().path(), other);
    assert_eq!(
        harness.state().scenario_draft_id(),
        None,
        "no scenario of the last workspace is being edited"
    );
}

#[test]
fn restoring_a_backup_names_what_it_loses_and_backs_up_first() {
    let (dir, mut harness) = harness();
    harness.run();
    let path = harness.state().workspace().unwrap().path().to_path_buf();
    let backup = harness
        .state()
        .workspace()
        .unwrap()
        .backup("before-undo")
        .unwrap();
    // Saved after the backup: the restore would lose it.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    harness.get_by_label("Save").click();
    harness.run();
    harness
        .state_mut()
        .apply(AppCommand::AskRestoreBackup(backup.clone()));
    harness.run();
    harness.get_by_label_contains("the scenario 'Untitled renewal'");
    harness.get_by_label("Restore the backup").click();
    harness.run();
    assert!(
        harness
            .state()
            .workspace()
            .unwrap()
            .scenarios()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        harness.state().scenario_draft_id(),
        None,
        "the editor no longer claims it is saved"
    );
    let before_restore = alliance_desk::store::protect::backups(&path, "before-restore");
    assert_eq!(before_restore.len(), 1);
    let kept = Workspace::open(&before_restore[0]).unwrap();
    assert_eq!(
        kept.scenarios().unwrap().len(),
        1,
        "the lost save is in the new backup"
    );
    drop(dir);
}

#[test]
fn another_workspace_starts_every_view_on_its_own_plans() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Workspace::create(&dir.path().join("a.adesk")).unwrap();
    alliance_desk::generate::fill_workspace(
        &mut a,
        alliance_desk::generate::GenerateOptions {
            members: 300,
            seed: 1,
        },
    )
    .unwrap();
    let b_path = dir.path().join("b.adesk");
    let mut b = Workspace::create(&b_path).unwrap();
    b.write(|tx| {
        tx.execute_batch(
            "INSERT INTO plan(code, name, deductible_individual, coinsurance, oop_max_individual)
             VALUES ('ZZ-1', 'Zed one', 1000, 0.2, 5000), ('ZZ-2', 'Zed two', 2000, 0.2, 6000),
                    ('ZZ-3', 'Zed three', 3000, 0.3, 7000)",
        )
    })
    .unwrap();
    drop(b);
    let mut app = AllianceApp::with_workspace(a);
    app.set_view(View::Compare);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 950.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app);
    harness.run();
    harness
        .state_mut()
        .compare_view()
        .select_plans(&["BCH-PPO500", "MVH-HMO250"]);
    harness.run();
    harness.state_mut().apply(AppCommand::OpenWorkspace(b_path));
    harness.run();
    let codes: Vec<String> = harness
        .state_mut()
        .compare_view()
        .comparison()
        .expect("Compare shows the new workspace's plans")
        .columns
        .iter()
        .map(|c| c.plan.code.clone())
        .collect();
    assert!(!codes.is_empty());
    assert!(codes.iter().all(|c| c.starts_with("ZZ-")), "{codes:?}");
    assert!(harness.state_mut().import_view().report().is_none());
}

#[test]
fn a_scenario_file_opened_in_the_import_view_opens_in_scenarios() {
    let (_dir, mut harness) = harness();
    harness.run();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data/scenarios/mssp_aco.json");
    harness.state_mut().set_view(View::Import);
    harness.run();
    harness.get_by_role(Role::TextInput).click();
    harness.run();
    harness
        .get_by_role(Role::TextInput)
        .type_text(&file.display().to_string());
    harness.run();
    harness.get_by_label("Open").click();
    harness.run();
    harness.get_by_label_contains("holds the value-based contract scenario");
    assert!(
        harness.query_by_label_contains("Header on row").is_none(),
        "not read as a table"
    );
    harness.get_by_label("Open in Scenarios").click();
    harness.run();
    assert_eq!(harness.state().view(), View::Scenarios);
    assert_eq!(
        harness.state().scenario_draft().name,
        "MSSP ACO A1001, performance year 2018"
    );
    assert_eq!(harness.state().scenario_draft_id(), None, "new until saved");
    harness.get_by_label("Save *");
}

#[test]
fn a_scenario_file_passed_to_the_app_opens_straight_in_scenarios() {
    let (_dir, mut harness) = harness();
    harness.run();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data/scenarios/mssp_aco.json");
    let ctx = harness.ctx.clone();
    harness.state_mut().open_for_import(file, &ctx);
    harness.run();
    assert_eq!(harness.state().view(), View::Scenarios);
    assert_eq!(
        harness.state().scenario_draft().name,
        "MSSP ACO A1001, performance year 2018"
    );
}

#[test]
fn a_scenario_file_asks_before_replacing_unsaved_edits() {
    let (_dir, mut harness, _) = with_an_unsaved_edit();
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/scenarios/renewal.json"),
    )
    .unwrap();
    let s = alliance_desk::model::scenario::Scenario::from_json(&text).unwrap();
    harness
        .state_mut()
        .apply(AppCommand::OpenScenario(Box::new(s)));
    harness.run();
    harness.get_by_label_contains(ASKED);
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(harness.state().scenario_draft().name, "Untitled renewal");
}

/// Where a toolbar button is (left and top of its node).
fn place_of(harness: &Harness<'_, AllianceApp>, label: &str) -> (f64, f64) {
    use egui_kittest::kittest::NodeT;
    let r = harness
        .get_by_label(label)
        .accesskit_node()
        .bounding_box()
        .unwrap();
    (r.x0, r.y0)
}

#[test]
fn toolbar_buttons_stay_put_when_a_scenario_is_saved_or_edited() {
    let (_dir, mut harness) = harness();
    harness.run();
    let before = place_of(&harness, "Goal seek…");
    harness.get_by_label("Save").click();
    harness.run();
    assert_eq!(place_of(&harness, "Goal seek…"), before, "Delete… appeared");
    set_field(&mut harness, "Medical trend", "9");
    harness.get_by_label("Save *");
    assert_eq!(place_of(&harness, "Goal seek…"), before, "the unsaved mark");
}

#[test]
fn an_open_that_fails_after_dont_save_leaves_the_edits_in_the_editor() {
    let (dir, mut harness, id) = with_an_unsaved_edit();
    let missing = dir.path().join("moved-away.adesk");
    harness
        .state_mut()
        .apply(AppCommand::OpenWorkspace(missing));
    harness.run();
    harness.get_by_label("Don't save").click();
    harness.run();
    assert_eq!(harness.state().scenario_draft_id(), Some(id));
    let trend = harness
        .state()
        .scenario_draft()
        .input("trend_medical")
        .unwrap();
    assert!((trend - 0.09).abs() < 1e-12, "the edit is still there");
}

#[test]
fn a_restore_with_unsaved_edits_offers_no_save_that_it_would_replace() {
    let (_dir, mut harness, _) = with_an_unsaved_edit();
    let backup = harness
        .state()
        .workspace()
        .unwrap()
        .backup("before-undo")
        .unwrap();
    harness.state_mut().apply(AppCommand::RestoreBackup(backup));
    harness.run();
    harness.get_by_label_contains("cannot be kept in it");
    assert!(
        harness.query_by_label("Save").is_none(),
        "no Save in the question"
    );
    harness.get_by_label("Don't save");
    harness.get_by_label("Cancel");
}

#[test]
fn ctrl_q_with_an_unsaved_edit_asks_before_quitting() {
    let (_dir, mut harness, _id) = with_an_unsaved_edit();
    harness.key_combination_modifiers(egui::Modifiers::COMMAND, &[Key::Q]);
    harness.run();
    assert!(!harness.state().is_closing());
    harness.get_by_label_contains("Save the changes to the scenario");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(!harness.state().is_closing());
    harness.get_by_label("Save *");
}
