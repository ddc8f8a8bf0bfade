//! The window around the views: Help lists the shortcuts, no developer readout by default, and
//! Enter in the Import view's path box opens the file.

use alliance_desk::store::Workspace;
use alliance_desk::ui::{AllianceApp, View};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(view: View) -> (tempfile::TempDir, Harness<'static, AllianceApp>) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("w.adesk")).unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(view);
    let harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app);
    (dir, harness)
}

#[test]
fn help_lists_the_keyboard_shortcuts() {
    let (_dir, mut harness) = harness(View::Members);
    harness.run();
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("Keyboard shortcuts").click();
    harness.run();
    harness.get_by_label("Ctrl+S");
    harness.get_by_label("Save the scenario being edited");
    harness.get_by_label("Ctrl+Q");
}

#[test]
fn the_frame_time_is_not_shown_unless_asked_for() {
    let (_dir, mut harness) = harness(View::Members);
    harness.run();
    assert!(harness.query_by_label_contains("frame ").is_none());
}

#[test]
fn enter_in_the_import_path_box_opens_the_file() {
    let (_dir, mut harness) = harness(View::Import);
    harness.run();
    let file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/spend_history.csv");
    harness
        .get_by_role_and_label(Role::TextInput, "File to import, path")
        .click();
    harness.run();
    harness.event(egui::Event::Text(file.display().to_string()));
    harness.key_press(egui::Key::Enter);
    for _ in 0..200 {
        harness.step();
        if harness.query_by_label_contains("Header on row").is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("Enter did not open the file");
}

#[test]
fn a_status_message_does_not_follow_the_user_to_another_view() {
    let (_dir, mut harness) = harness(View::Members);
    harness.run();
    harness
        .state_mut()
        .apply(alliance_desk::ui::AppCommand::Notify(
            "Imported 1,999 rows".into(),
        ));
    harness.run();
    harness.get_by_label("Imported 1,999 rows");
    harness
        .state_mut()
        .apply(alliance_desk::ui::AppCommand::SetView(View::Compare));
    harness.run();
    assert!(harness.query_by_label("Imported 1,999 rows").is_none());
}

#[test]
fn a_measure_weighted_zero_is_greyed_and_called_off() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create(&dir.path().join("q.adesk")).unwrap();
    alliance_desk::generate::fill_workspace(
        &mut ws,
        alliance_desk::generate::GenerateOptions {
            members: 100,
            seed: 2,
        },
    )
    .unwrap();
    ws.write(|tx| tx.execute("UPDATE measure SET weight = 0 WHERE code = 'BCS'", []))
        .unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::Quality);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app);
    harness.run();
    harness.get_by_label("BCS (off)");
    assert!(harness.query_by_label("BCS").is_none());
}
