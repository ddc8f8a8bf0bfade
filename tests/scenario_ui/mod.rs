//! Shared by the Scenarios view's test crates: a window on an empty workspace showing
//! Scenarios, and typing into one of the editor's number fields.

use alliance_desk::store::Workspace;
use alliance_desk::ui::{AllianceApp, View};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{Queryable, by};

/// The app on a new, empty workspace, showing Scenarios.
pub fn harness() -> (tempfile::TempDir, Harness<'static, AllianceApp>) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("s.adesk")).unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::Scenarios);
    let harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 950.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app);
    (dir, harness)
}

/// Types `text` into the drag value labelled `label` and presses Enter.
pub fn set_field(harness: &mut Harness<'static, AllianceApp>, label: &str, text: &str) {
    // The field's spoken name is its caption and unit ("Medical trend, percent").
    let prefix = format!("{label}, ");
    harness
        .get(by().role(Role::SpinButton).predicate(move |n| {
            n.label()
                .is_some_and(|l| l == label || l.starts_with(&prefix))
        }))
        .click();
    harness.run();
    harness.key_combination_modifiers(egui::Modifiers::COMMAND, &[Key::A]);
    harness.event(egui::Event::Text(text.into()));
    harness.key_press(Key::Enter);
    harness.run();
}
