//! The Hospital prices view on the sample workspace: every hospital with its price as a
//! percent of Medicare, the price-against-quality scatter in words, and one hospital's detail.

use alliance_desk::format::pct;
use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::model::medicare::MedicareTables;
use alliance_desk::report::prices::hospital_rows;
use alliance_desk::store::Workspace;
use alliance_desk::ui::{AllianceApp, View};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> (tempfile::TempDir, Harness<'static, AllianceApp>) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create(&dir.path().join("h.adesk")).unwrap();
    generate::fill_workspace(
        &mut ws,
        GenerateOptions {
            members: 300,
            seed: 7,
        },
    )
    .unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::HospitalPrices);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app);
    h.run();
    (dir, h)
}

#[test]
fn every_hospital_shows_its_price_as_a_percent_of_medicare() {
    let (_dir, h) = harness();
    let ws = h.state().workspace().unwrap();
    let rows = hospital_rows(ws, &MedicareTables::embedded()).unwrap();
    assert_eq!(rows.len(), 5);
    for r in &rows {
        h.get_by_label(&format!("{}, MN", r.hospital.name));
        let shown = pct(r.prices.overall.relative_price.unwrap());
        assert!(
            h.query_all_by_label(&shown).count() >= 1,
            "{shown} for {}",
            r.hospital.name
        );
    }
}

#[test]
fn the_scatter_says_which_hospitals_are_high_value() {
    let (_dir, h) = harness();
    // The words under the chart, and the same words as the chart's name for a screen reader.
    let words = h.get_by_label_contains("In words: ");
    let text = format!("{words:?}");
    assert!(text.contains("At or below the median price"), "{text}");
    assert!(text.contains("Diamonds are best in class"), "{text}");
    assert!(
        h.query_all_by_label_contains("Chart: Price against quality.")
            .count()
            == 1
    );
}

#[test]
fn choosing_a_hospital_shows_its_payers_and_services() {
    let (_dir, mut h) = harness();
    h.get_by_label("Harbor County Hospital, MN").click();
    h.run();
    h.get_by_label("Harbor County Hospital: by payer and plan");
    h.get_by_label("Prairie Mutual / PPO");
    h.get_by_label_contains("Not priced (12), with the reason");
}

#[test]
fn a_reference_price_scenario_fills_from_the_imported_prices() {
    let (_dir, mut h) = harness();
    h.state_mut().set_view(View::Scenarios);
    h.run();
    h.get_by_label("New reference pricing").click();
    h.run();
    h.get_by_label("Fill from workspace").click();
    h.run();
    let draft = h.state().scenario_draft().clone();
    let hospitals = draft.params["hospitals"].as_array().unwrap();
    assert_eq!(hospitals.len(), 5, "every hospital with priced services");
    let out = draft.run().unwrap();
    // The sample's hospitals run from 190 % to 330 % of Medicare: a 200 % cap saves.
    assert!(out["savings"].as_f64().unwrap() > 0.0, "{out:?}");
    h.get_by_label("Savings a year");
}

#[test]
fn finding_a_hospitals_area_sets_its_wage_index() {
    let (_dir, mut h) = harness();
    h.get_by_label("Harbor County Hospital, MN").click();
    h.run();
    h.get_by_label_contains("area wage index not set (1.0 is used)");
    let find = "Find the area (CBSA or name)";
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, find)
        .click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, find)
        .type_text("Minneapolis");
    h.run();
    h.get_by_label_contains("33460 Minneapolis-St. Paul-Bloomington")
        .click();
    h.run();
    h.run();
    h.get_by_label_contains("area wage index 1.0905");
}
