//! What a screen reader hears: every interactive widget in every view (and the views' main
//! states: Compare's what-if panels, each scenario kind's editor, a loaded import) gives
//! AccessKit a name.

use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::store::Workspace;
use alliance_desk::ui::{AllianceApp, View};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};

fn harness(view: View) -> (tempfile::TempDir, Harness<'static, AllianceApp>) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create(&dir.path().join("a.adesk")).unwrap();
    let data = generate::fill_workspace(
        &mut ws,
        GenerateOptions {
            members: 600,
            seed: 5,
        },
    )
    .unwrap();
    generate::fill_claims(&mut ws, &data, 5).unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(view);
    app.compare_view()
        .select_plans(&["BCH-PPO500", "MVH-HMO250", "SHP-HSA2800"]);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app);
    harness.run();
    (dir, harness)
}

/// Roles a user operates.
fn interactive(role: Role) -> bool {
    matches!(
        role,
        Role::Button
            | Role::CheckBox
            | Role::ComboBox
            | Role::SpinButton
            | Role::TextInput
            | Role::MultilineTextInput
            | Role::SearchInput
            | Role::Slider
            | Role::Tab
            | Role::Link
            | Role::MenuItem
            | Role::MenuItemCheckBox
            | Role::MenuItemRadio
            | Role::RadioButton
            | Role::Switch
            | Role::ListBoxOption
            | Role::DisclosureTriangle
    )
}

/// Every interactive node without a name, described so it can be found.
fn unnamed(harness: &Harness<'static, AllianceApp>) -> Vec<String> {
    harness
        .query_all(by().predicate(|n| interactive(n.role())))
        .filter_map(|n| {
            let node = n.accesskit_node();
            let name = node.label().unwrap_or_default();
            if !name.trim().is_empty()
                && !name
                    .chars()
                    .all(|c| c.is_ascii_digit() || ".,-$%".contains(c))
            {
                return None;
            }
            let parent = n
                .parent()
                .and_then(|p| p.accesskit_node().label())
                .unwrap_or_default();
            Some(format!(
                "{:?} value {:?} at {:?} (in {parent:?})",
                node.role(),
                node.value(),
                node.bounding_box().map(|r| (r.x0 as i32, r.y0 as i32)),
            ))
        })
        .collect()
}

/// Names that more than one field, box or list shares: a screen reader could not tell them
/// apart (buttons may repeat, like a menu and a toolbar opening the same view).
fn ambiguous(harness: &Harness<'static, AllianceApp>) -> Vec<String> {
    let fields = |r: Role| {
        matches!(
            r,
            Role::SpinButton
                | Role::CheckBox
                | Role::TextInput
                | Role::MultilineTextInput
                | Role::ComboBox
                | Role::DisclosureTriangle
        )
    };
    let mut names: Vec<String> = harness
        .query_all(by().predicate(move |n| fields(n.role())))
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    names.sort();
    let mut repeated: Vec<String> = names
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0].clone())
        .collect();
    repeated.dedup();
    repeated
}

/// Number fields whose name gives no unit or measure in words.
fn unitless(harness: &Harness<'static, AllianceApp>) -> Vec<String> {
    const WORDS: [&str; 12] = [
        "dollars", "percent", "points", "count", "months", "years", "out of", "factor", "weight",
        "beta", "year", "unit",
    ];
    harness
        .query_all(by().role(Role::SpinButton))
        .filter_map(|n| n.accesskit_node().label())
        .filter(|name| !WORDS.iter().any(|w| name.to_lowercase().contains(w)))
        .collect()
}

fn assert_all_named(harness: &Harness<'static, AllianceApp>, state: &str) {
    let missing = unnamed(harness);
    assert!(
        missing.is_empty(),
        "{state}: {} unnamed:\n{}",
        missing.len(),
        missing.join("\n")
    );
    let repeated = ambiguous(harness);
    assert!(repeated.is_empty(), "{state}: names shared: {repeated:?}");
    let bare = unitless(harness);
    assert!(
        bare.is_empty(),
        "{state}: number fields without a unit: {bare:?}"
    );
}

#[test]
fn every_view_names_its_widgets() {
    for view in View::ALL {
        let (_dir, harness) = harness(view);
        assert_all_named(&harness, view.title());
    }
}

#[test]
fn compares_what_if_panels_name_their_widgets() {
    for panel in ["Model a design change…", "Model a contribution change…"] {
        let (_dir, mut harness) = harness(View::Compare);
        harness.get_by_label(panel).click();
        harness.run();
        assert_all_named(&harness, panel);
    }
}

#[test]
fn every_scenario_editor_names_its_widgets() {
    for kind in [
        "New renewal",
        "New pooled volume",
        "New value-based contract",
        "New plan design change",
        "New plan migration",
        "New reference pricing",
    ] {
        let (_dir, mut harness) = harness(View::Scenarios);
        let Some(button) = harness.query_by_label(kind) else {
            panic!("no {kind} button");
        };
        button.click();
        harness.run();
        assert_all_named(&harness, kind);
    }
}

#[test]
fn a_loaded_import_names_its_mapping_widgets() {
    let (_dir, mut harness) = harness(View::Import);
    let census = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/census.xlsx");
    let ctx = harness.ctx.clone();
    harness.state_mut().open_for_import(census, &ctx);
    for _ in 0..200 {
        harness.step();
        if harness.query_by_label("Check rows").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    for _ in 0..40 {
        harness.step();
    }
    harness.get_by_label("Check rows");
    assert_all_named(&harness, "Import with the census loaded");
}

#[test]
fn the_data_table_and_tornado_name_their_widgets() {
    for tab in ["Data table", "Tornado"] {
        let (_dir, mut harness) = harness(View::Scenarios);
        harness.get_by_label("New renewal").click();
        harness.run();
        harness.get_by_label(tab).click();
        harness.run();
        assert_all_named(&harness, tab);
    }
}

/// Each chart's words: (a "Chart: …" name for a screen reader, an "In words: …" line).
fn chart_words(harness: &Harness<'static, AllianceApp>) -> (usize, usize) {
    let named = harness
        .query_all(by().predicate(|n| n.label().is_some_and(|l| l.starts_with("Chart: "))))
        .count();
    let shown = harness.query_all_by_label_contains("In words: ").count();
    (named, shown)
}

#[test]
fn compares_charts_say_what_they_show_in_words() {
    let (_dir, harness) = harness(View::Compare);
    assert_eq!(chart_words(&harness), (2, 2));
    harness.get_by_label_contains("In words: BCH-PPO500 pays all to its $500 deductible");
}

#[test]
fn every_scenario_chart_says_what_it_shows_in_words() {
    for (kind, tabs, charts) in [
        ("New pooled volume", &["Results"][..], 2),
        ("New value-based contract", &["Results"][..], 1),
        ("New plan migration", &["Results"][..], 1),
        ("New renewal", &["Tornado"][..], 1),
    ] {
        let (_dir, mut harness) = harness(View::Scenarios);
        harness.get_by_label(kind).click();
        harness.run();
        for tab in tabs {
            if let Some(t) = harness.query_by_label(tab) {
                t.click();
                harness.run();
            }
            let (named, shown) = chart_words(&harness);
            assert_eq!(named, shown, "{kind} {tab}: every chart has its words");
            assert!(named >= charts, "{kind} {tab}: {named} charts in words");
        }
    }
}
