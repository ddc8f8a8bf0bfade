//! Opening an encrypted workspace and encrypting one, through the app's dialogs.

use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::store::Workspace;
use alliance_desk::ui::{AllianceApp, AppCommand, Prefs};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const PASS: &str = "open sesame 42";

fn harness(app: AllianceApp) -> Harness<'static, AllianceApp> {
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app)
}

/// 120 generated members, plans and purchasers.
fn fill(ws: &mut Workspace) {
    let members = GenerateOptions {
        members: 120,
        seed: 1,
    };
    generate::fill_workspace(ws, members).unwrap();
}

fn type_into(h: &mut Harness<'static, AllianceApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::PasswordInput, label).click();
    h.run();
    h.event(egui::Event::Text(text.into()));
    h.run();
}

#[test]
fn an_encrypted_workspace_asks_for_its_passphrase_then_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.adesk");
    {
        let mut ws = Workspace::create_encrypted(&path, PASS).unwrap();
        fill(&mut ws);
    }
    let mut app = AllianceApp::new(Prefs::default());
    app.apply(AppCommand::OpenWorkspace(path.clone()));
    let mut h = harness(app);
    h.run();
    h.get_by_label("This workspace is encrypted");
    type_into(&mut h, "Passphrase", "wrong guess");
    h.get_by_label("Open").click();
    h.run();
    h.get_by_label_contains("this passphrase does not open the workspace");
    type_into(&mut h, "Passphrase", PASS);
    h.get_by_label("Open").click();
    h.run();
    let ws = h.state().workspace().expect("opened");
    assert!(ws.is_encrypted());
    assert_eq!(ws.path(), path.as_path());
}

#[test]
fn encrypt_this_workspace_asks_twice_and_encrypts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.adesk");
    let mut ws = Workspace::create(&path).unwrap();
    fill(&mut ws);
    let mut h = harness(AllianceApp::with_workspace(ws));
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Encrypt this workspace…").click();
    h.run();
    type_into(&mut h, "Passphrase", PASS);
    type_into(&mut h, "Again", "something else");
    h.get_by_label("Encrypt").click();
    h.run();
    h.get_by_label("The two passphrases differ.");
    assert!(!h.state().workspace().unwrap().is_encrypted());
    // A fresh dialog, so no half-typed field has to be edited.
    h.get_by_label("Cancel").click();
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Encrypt this workspace…").click();
    h.run();
    type_into(&mut h, "Passphrase", PASS);
    type_into(&mut h, "Again", PASS);
    h.get_by_label("Encrypt").click();
    h.run();
    let status = h.state().status().map(|s| s.text.clone());
    assert!(h.state().workspace().unwrap().is_encrypted(), "{status:?}");
    assert!(
        !std::fs::read(&path)
            .unwrap()
            .starts_with(b"SQLite format 3")
    );
}

fn wait_for(h: &mut Harness<'_, AllianceApp>, label: &str) {
    for _ in 0..400 {
        h.step();
        if h.query_by_label_contains(label).is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("'{label}' never appeared");
}

#[test]
fn importing_into_an_encrypted_workspace_works_from_the_view() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("plans.csv");
    std::fs::write(
        &csv,
        "Plan Code,Plan Name,Deductible\nP1,Alpha,1000\nP2,Beta,2000\n",
    )
    .unwrap();
    let ws = Workspace::create_encrypted(&dir.path().join("e.adesk"), PASS).unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(alliance_desk::ui::View::Import);
    let mut h = harness(app);
    h.run();
    h.get_by_role(Role::TextInput).click();
    h.run();
    h.get_by_role(Role::TextInput)
        .type_text(&csv.display().to_string());
    h.run();
    h.get_by_label("Open").click();
    wait_for(&mut h, "2 data rows");
    h.get_by_label("Import all rows").click();
    wait_for(&mut h, "Imported 2 plans rows");
    let ws = h.state().workspace().unwrap();
    assert!(ws.is_encrypted());
    assert_eq!(ws.summary().unwrap().plans, 2);
}

#[test]
fn a_new_workspace_with_a_passphrase_is_created_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.adesk");
    let mut h = harness(AllianceApp::new(Prefs::default()));
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("New workspace…").click();
    h.run();
    h.get_by_role(Role::TextInput).click();
    h.run();
    h.get_by_role(Role::TextInput)
        .type_text(&path.display().to_string());
    h.run();
    type_into(&mut h, "Passphrase (optional)", PASS);
    h.get_by_label("OK").click();
    h.run();
    let ws = h.state().workspace().expect("created");
    assert!(ws.is_encrypted());
    assert!(
        !std::fs::read(&path)
            .unwrap()
            .starts_with(b"SQLite format 3")
    );
}

#[test]
fn change_the_passphrase_checks_the_current_one_then_re_encrypts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.adesk");
    let mut ws = Workspace::create_encrypted(&path, PASS).unwrap();
    fill(&mut ws);
    let mut h = harness(AllianceApp::with_workspace(ws));
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Change the passphrase…").click();
    h.run();
    type_into(&mut h, "Current passphrase", "not it");
    type_into(&mut h, "New passphrase", "a new one 7");
    type_into(&mut h, "Again", "a new one 7");
    h.get_by_role_and_label(Role::Button, "Change the passphrase")
        .click();
    h.run();
    h.get_by_label_contains("The current passphrase is not this workspace's");
    type_into(&mut h, "Current passphrase", PASS);
    type_into(&mut h, "New passphrase", "a new one 7");
    type_into(&mut h, "Again", "a new one 7");
    h.get_by_role_and_label(Role::Button, "Change the passphrase")
        .click();
    h.run();
    let status = h.state().status().unwrap().text.clone();
    assert!(status.starts_with("Changed the passphrase"), "{status}");
    drop(h);
    assert!(Workspace::open_encrypted(&path, "a new one 7").is_ok());
    assert!(Workspace::open_encrypted(&path, PASS).is_err());
}

#[test]
fn an_encrypted_workspace_open_in_another_window_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.adesk");
    fill(&mut Workspace::create_encrypted(&path, PASS).unwrap());
    let _other_window = alliance_desk::store::protect::lock_for_window(&path).unwrap();
    let mut app = AllianceApp::new(Prefs::default());
    app.apply(AppCommand::OpenEncrypted {
        path: path.clone(),
        passphrase: PASS.into(),
    });
    assert!(app.workspace().is_none());
    let status = app.status().unwrap();
    assert!(
        status.is_error && status.text.contains("in use"),
        "{}",
        status.text
    );
}
