//! Scenarios view: create a renewal, edit the trend, watch required PMPM move, save, reopen.

mod scenario_ui;
use scenario_ui::{harness, set_field};

use alliance_desk::format::money;
use alliance_desk::model::scenario::{Scenario, ScenarioKind};

use alliance_desk::ui::AllianceApp;
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn required_with_trend(trend: f64) -> String {
    let s = Scenario::new(ScenarioKind::Renewal, "x")
        .with_input("trend_medical", trend)
        .unwrap();
    format!("{} PMPM", money(s.output("required_pmpm").unwrap()))
}

/// Required PMPM is shown (renewal premium may show the same figure when no cap applies).
fn assert_shows(harness: &Harness<'_, AllianceApp>, text: &str) {
    assert!(
        harness.query_all_by_label(text).count() >= 1,
        "{text} is not shown"
    );
}

#[test]
fn editing_trend_recomputes_required_pmpm_and_survives_save_and_reopen() {
    let (_dir, mut harness) = harness();
    harness.run();
    assert_shows(&harness, &required_with_trend(0.07));

    let field = harness.get_by_role_and_label(Role::SpinButton, "Medical trend, percent");
    field.click();
    harness.run();
    harness.key_combination_modifiers(egui::Modifiers::COMMAND, &[Key::A]);
    // The clicked drag value is now a focused text field: replace its text.
    harness.event(egui::Event::Text("9".into()));

    harness.key_press(Key::Enter);
    harness.run();
    assert_shows(&harness, &required_with_trend(0.09));
    assert!(
        harness
            .query_all_by_label(&required_with_trend(0.07))
            .count()
            == 0
    );

    harness.get_by_label("Save *").click();
    harness.run();
    assert_eq!(
        harness
            .state()
            .workspace()
            .unwrap()
            .scenarios()
            .unwrap()
            .len(),
        1
    );

    harness.get_by_label("New renewal").click(); // a fresh draft at the default trend
    harness.run();
    assert_eq!(
        harness.state().scenario_draft().input("trend_medical"),
        Some(0.07)
    );
    // Reopen the saved one from the scenario picker.
    harness
        .get_by_role_and_label(Role::ComboBox, "Scenario")
        .click();
    harness.run();
    harness.get_by_label("Untitled renewal").click();
    harness.run();

    let trend = harness
        .state()
        .scenario_draft()
        .input("trend_medical")
        .unwrap();
    assert!(
        (trend - 0.09).abs() < 1e-12,
        "trend after reopening: {trend}"
    );
    assert_shows(&harness, &required_with_trend(0.09));
}

fn saved(harness: &Harness<'_, AllianceApp>) -> Vec<(i64, String, f64)> {
    harness
        .state()
        .workspace()
        .unwrap()
        .scenarios()
        .unwrap()
        .into_iter()
        .map(|s| {
            let trend = s.scenario.input("trend_medical").unwrap();
            (s.id, s.scenario.name, trend)
        })
        .collect()
}

#[test]
fn duplicate_switches_to_the_copy_and_leaves_the_original_as_saved() {
    let (_dir, mut harness) = harness();
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    let original = harness.state().scenario_draft_id().unwrap();

    set_field(&mut harness, "Medical trend", "9");
    harness.get_by_label("Duplicate").click();
    harness.run();
    let copy = harness.state().scenario_draft_id().unwrap();
    assert_ne!(copy, original, "the copy is now the scenario being edited");
    assert_eq!(
        harness.state().scenario_draft().name,
        "Untitled renewal (copy)"
    );

    // Further edits and Save go to the copy; the original keeps its saved inputs.
    set_field(&mut harness, "Medical trend", "11");
    harness.get_by_label("Save *").click();
    harness.run();
    let rows = saved(&harness);
    let find = |id: i64| rows.iter().find(|r| r.0 == id).unwrap().clone();
    assert_eq!(find(original).1, "Untitled renewal");
    assert!((find(original).2 - 0.07).abs() < 1e-12);
    assert_eq!(find(copy).1, "Untitled renewal (copy)");
    assert!((find(copy).2 - 0.11).abs() < 1e-12);
}

#[test]
fn command_shift_z_redoes_what_command_z_undid() {
    let (_dir, mut harness) = harness();
    harness.run();
    set_field(&mut harness, "Medical trend", "9");
    let trend = |h: &Harness<'_, AllianceApp>| h.state().scenario_draft().input("trend_medical");
    assert_eq!(trend(&harness), Some(0.09));
    // Focus away from the field so the shortcut reaches the view.
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_combination_modifiers(egui::Modifiers::COMMAND, &[Key::Z]);
    harness.run();
    assert_eq!(trend(&harness), Some(0.07));
    harness.key_combination_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, &[Key::Z]);
    harness.run();
    assert_eq!(trend(&harness), Some(0.09));
}

#[test]
fn tornado_rows_use_display_names_not_parameter_names() {
    let (_dir, mut harness) = harness();
    harness.run();
    harness.get_by_label("Tornado").click();
    harness.run();
    assert!(harness.query_all_by_label("Member months").count() >= 1);
    assert!(harness.query_all_by_label("Medical trend").count() >= 1);
    assert!(harness.query_all_by_label_contains("member_months").count() == 0);
    assert!(harness.query_all_by_label_contains("trend_medical").count() == 0);
}

#[test]
fn goal_seek_takes_a_percent_and_answers_in_words() {
    let (_dir, mut harness) = harness();
    harness.run();
    harness.get_by_label("Goal seek…").click();
    harness.run();
    // The target of a rate is typed and shown as a percent.
    let target = harness.get_by_role_and_label(Role::SpinButton, "Target value, percent");
    assert_eq!(target.accesskit_node().numeric_value(), Some(5.0));
    harness.get_by_label("Solve").click();
    harness.run();
    let answer = harness
        .query_all_by_label_contains("gives Renewal change = 5.00%")
        .count();
    assert_eq!(answer, 1, "the answer names the input and output in words");
    assert!(
        harness
            .query_all_by_label_contains("renewal_change")
            .count()
            == 0
    );
}

#[test]
fn the_assumption_log_says_what_changed_from_and_to() {
    let (_dir, mut harness) = harness();
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    set_field(&mut harness, "Medical trend", "8.5");
    harness.get_by_label("Save *").click();
    harness.run();
    harness.get_by_label("Assumption log").click();
    harness.run();
    harness.get_by_label("2 logged runs (each save records the inputs and the results)");
    harness.get_by_label("• Medical trend: from 7.00% to 8.50%");
}

#[test]
fn deleting_a_scenario_asks_first_and_save_brings_it_back() {
    let (_dir, mut harness) = harness();
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    harness.get_by_label("Delete…").click();
    harness.run();
    harness.get_by_label("Delete the scenario 'Untitled renewal'?");
    harness.get_by_label("Delete the scenario").click();
    harness.run();
    assert!(saved(&harness).is_empty());
    assert_eq!(harness.state().scenario_draft().name, "Untitled renewal");
    harness.get_by_label("Save *").click();
    harness.run();
    assert_eq!(saved(&harness).len(), 1);
}

#[test]
fn the_data_table_labels_its_inputs_in_their_units() {
    let (_dir, mut harness) = harness();
    harness.run();
    harness.get_by_label("Data table").click();
    harness.run();
    harness.get_by_label("Compute table").click();
    harness.run();
    // Rows: medical trend 0 % … 12 %; columns: percentage loads 5 % … 20 %.
    assert!(harness.query_all_by_label("Medical trend").count() >= 1);
    harness.get_by_label("0.00%");
    harness.get_by_label("12.00%");
    harness.get_by_label("20.00%");
    assert!(harness.query_all_by_label("0.0000").count() == 0);
    assert!(harness.query_all_by_label_contains("0.1200").count() == 0);
}

#[test]
fn a_new_plan_migration_shows_designs_worked_example_and_follows_an_edit() {
    let (_dir, mut harness) = harness();
    harness.run();
    harness.get_by_label("New plan migration").click();
    harness.run();
    harness.get_by_label("Employer saving after migration");
    // B's 300 members drop to 190.4 at β −0.10 (DESIGN §4.8).
    assert_shows(&harness, "190.4");
    set_field(
        &mut harness,
        "Price sensitivity (β per $100 a year)",
        "-0.2",
    );
    let after = harness.state().scenario_draft().run().unwrap();
    let b = after["plans"][1]["after"].as_f64().unwrap();
    let e = (-1.2f64).exp();
    let want = 300.0 * e / (500.0 + 300.0 * e + 200.0) * 1_000.0;
    assert!((b - want).abs() < 1e-6, "{b} vs {want}");
    assert_shows(&harness, &format!("{b:.1}"));
}
