//! One full task by keyboard alone: import a file, compare plans, save a scenario. Only keys
//! reach the window: Tab and Shift+Tab to move, Enter and Space to press, typing into fields,
//! Ctrl+number to change views.

use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::store::Workspace;
use alliance_desk::ui::{AllianceApp, View};
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};

type H = Harness<'static, AllianceApp>;

fn harness(dir: &tempfile::TempDir) -> H {
    let mut ws = Workspace::create(&dir.path().join("k.adesk")).unwrap();
    generate::fill_workspace(
        &mut ws,
        GenerateOptions {
            members: 300,
            seed: 9,
        },
    )
    .unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::Members);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1500.0, 1000.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app);
    settle(&mut h);
    h
}

/// Runs frames until background work (an import, a sort) has finished.
fn settle(h: &mut H) {
    for _ in 0..400 {
        h.step();
        let busy = h.state_mut().import_view().busy();
        if !busy && h.query_by_label_contains("Reading and sorting").is_none() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    for _ in 0..8 {
        h.step();
    }
}

fn focused_name(h: &H) -> Option<String> {
    h.query(by().predicate(|n| n.is_focused()))
        .and_then(|n| n.accesskit_node().label())
}

/// Presses Tab until the control named `name` has the keyboard focus.
fn tab_to(h: &mut H, name: &str) {
    let mut seen = Vec::new();
    for _ in 0..400 {
        h.key_press(Key::Tab);
        h.step();
        h.step();
        let now = focused_name(h);
        if now.as_deref() == Some(name) {
            return;
        }
        seen.push(now.unwrap_or_else(|| "(nothing)".into()));
    }
    panic!("Tab never reached '{name}'; it went through: {seen:?}");
}

fn press(h: &mut H, key: Key) {
    h.key_press(key);
    h.step();
    h.step();
}

fn type_text(h: &mut H, text: &str) {
    h.key_combination_modifiers(egui::Modifiers::COMMAND, &[Key::A]);
    h.event(egui::Event::Text(text.into()));
    h.step();
}

fn go_to(h: &mut H, digit: Key) {
    h.key_combination_modifiers(egui::Modifiers::COMMAND, &[digit]);
    h.step();
    h.step();
}

#[test]
fn import_compare_and_save_a_scenario_by_keyboard_alone() {
    let dir = tempfile::tempdir().unwrap();
    let spans = dir.path().join("eligibility.csv");
    std::fs::write(
        &spans,
        "member_id,employer,plan,enrollment_start_date,enrollment_end_date\n\
         9000001,Northstar Manufacturing,BCH-PPO500,2026-01-01,\n\
         9000002,Northstar Manufacturing,BCH-PPO1500,2026-01-01,\n",
    )
    .unwrap();
    let mut h = harness(&dir);

    // Import: Ctrl+1, the path box, Enter to open, then the import button.
    go_to(&mut h, Key::Num1);
    assert_eq!(h.state().view(), View::Import);
    tab_to(&mut h, "File to import, path");
    type_text(&mut h, &spans.display().to_string());
    press(&mut h, Key::Enter);
    settle(&mut h);
    tab_to(&mut h, "Import all rows");
    press(&mut h, Key::Enter);
    settle(&mut h);
    let imported: i64 = h
        .state()
        .workspace()
        .unwrap()
        .conn()
        .query_row(
            "SELECT count(*) FROM eligibility WHERE member_external_id LIKE '900000%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(imported, 2, "the two spans were imported");

    // Compare: Ctrl+3, Space ticks or unticks a plan, Enter opens the design change.
    go_to(&mut h, Key::Num3);
    assert_eq!(h.state().view(), View::Compare);
    settle(&mut h);
    let has_ppo1500 = |h: &mut H| {
        let shown = h.state_mut().compare_view().shown().expect("a comparison");
        shown.plans.contains(&"BCH-PPO1500".to_string())
    };
    let before = has_ppo1500(&mut h);
    tab_to(&mut h, "BlueCrest PPO 1500 (BCH-PPO1500)");
    press(&mut h, Key::Space);
    settle(&mut h);
    assert_ne!(has_ppo1500(&mut h), before, "Space toggled the plan");
    tab_to(&mut h, "Model a design change…");
    press(&mut h, Key::Enter);
    // A number field reached by Tab is ready for typing.
    tab_to(&mut h, "Deductible, new, dollars");
    type_text(&mut h, "2500");
    press(&mut h, Key::Enter);
    let design = h
        .state()
        .compare_design_params()
        .expect("the design change is open");
    assert_eq!(design.new_deductible, 2_500.0, "{design:?}");

    // Save it as a scenario with Enter on the focused button.
    tab_to(&mut h, "Save as scenario");
    press(&mut h, Key::Enter);
    settle(&mut h);
    let saved = h.state().workspace().unwrap().scenarios().unwrap();
    assert_eq!(saved.len(), 1, "one scenario saved");
    assert_eq!(saved[0].scenario.kind.code(), "plan_design");
}
