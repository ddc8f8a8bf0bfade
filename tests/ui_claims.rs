//! The Claims view on a generated coalition with claims: the key figures are the summary's,
//! a filter recomputes them, the charts say what they show, and a claims file opened in Import
//! lands in the view.

use alliance_desk::format::money;
use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::model::claims::{Filter, summarize};
use alliance_desk::store::Workspace;
use alliance_desk::ui::{AllianceApp, View};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{Queryable, by};

fn workspace(dir: &tempfile::TempDir, claims: bool) -> (Workspace, generate::SampleData) {
    let mut ws = Workspace::create(&dir.path().join("c.adesk")).unwrap();
    let data = generate::fill_workspace(
        &mut ws,
        GenerateOptions {
            members: 400,
            seed: 3,
        },
    )
    .unwrap();
    if claims {
        generate::fill_claims(&mut ws, &data, 3).unwrap();
    }
    (ws, data)
}

fn harness(ws: Workspace, view: View) -> Harness<'static, AllianceApp> {
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(view);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app);
    h.run();
    h
}

#[test]
fn the_key_figures_are_the_summarys() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, _) = workspace(&dir, true);
    let s = summarize(&ws.claims_data().unwrap(), &Filter::default(), 100_000.0);
    let h = harness(ws, View::Claims);
    h.get_by_label("Claims: total cost of care");
    assert!(
        h.query_all_by_label(&money(s.allowed_pmpm)).count() >= 1,
        "{}",
        money(s.allowed_pmpm)
    );
    let er = format!("{:.1}", s.er_visits_per_1000);
    assert!(h.query_all_by_label(&er).count() >= 1, "{er}");
}

#[test]
fn choosing_a_purchaser_recomputes_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, _) = workspace(&dir, true);
    let data = ws.claims_data().unwrap();
    let purchaser = data.cells[0].purchaser.clone();
    let f = Filter {
        purchaser: Some(purchaser.clone()),
        ..Filter::default()
    };
    let one = summarize(&data, &f, 100_000.0);
    let mut h = harness(ws, View::Claims);
    h.get(by().role(Role::ComboBox).label("Purchaser")).click();
    h.run();
    h.query_all_by_label(&purchaser).last().unwrap().click();
    h.run();
    assert!(
        h.query_all_by_label(&money(one.allowed_pmpm)).count() >= 1,
        "{}",
        money(one.allowed_pmpm)
    );
}

#[test]
fn every_chart_says_what_it_shows() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, _) = workspace(&dir, true);
    let h = harness(ws, View::Claims);
    assert_eq!(
        h.query_all_by_label_contains("Chart: Allowed PMPM by month.")
            .count(),
        1
    );
    assert_eq!(
        h.query_all_by_label_contains("Chart: Use per 1,000.")
            .count(),
        1
    );
    assert!(
        h.query_all_by_label_contains("In words: 12 months;")
            .count()
            == 1
    );
}

#[test]
fn without_claims_the_view_says_how_to_bring_them() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, _) = workspace(&dir, false);
    let h = harness(ws, View::Claims);
    h.get_by_label_contains("No claims yet.");
}

#[test]
fn a_claims_file_opened_in_import_lands_in_the_claims_view() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, data) = workspace(&dir, false);
    let files = dir.path().join("claims");
    generate::claims::write_csv(3, &data.members, &files).unwrap();
    let mut h = harness(ws, View::Import);
    let ctx = h.ctx.clone();
    h.state_mut()
        .open_for_import(files.join("medical_claim.csv"), &ctx);
    for _ in 0..200 {
        h.step();
        if h.query_by_label("Import claims").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.get_by_label_contains("Medical claim lines (delimited text");
    h.get_by_label("Import claims").click();
    for _ in 0..500 {
        h.step();
        if h.query_by_label_contains("Imported ").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.get_by_label_contains("medical claim lines (");
    h.state_mut().set_view(View::Claims);
    h.run();
    h.get_by_label("Allowed per member per month");
}

/// A new scenario of `kind` with the first purchaser that has claims chosen to fill from.
fn scenario_with_purchaser(
    kind_button: &str,
) -> (tempfile::TempDir, Harness<'static, AllianceApp>, String) {
    let dir = tempfile::tempdir().unwrap();
    let (ws, _) = workspace(&dir, true);
    let purchaser = ws.claims_data().unwrap().cells[0].purchaser.clone();
    let mut h = harness(ws, View::Scenarios);
    h.get_by_label(kind_button).click();
    h.run();
    h.get(by().role(Role::ComboBox).label("Purchaser")).click();
    h.run();
    h.query_all_by_label(&purchaser).last().unwrap().click();
    h.run();
    (dir, h, purchaser)
}

#[test]
fn a_renewal_fills_paid_claims_and_member_months_from_claims() {
    let (_dir, mut h, purchaser) = scenario_with_purchaser("New renewal");
    h.get_by_label("Fill from claims").click();
    h.run();
    let data = h.state().workspace().unwrap().claims_data().unwrap();
    let pooling = h.state().scenario_draft().params["pooling_point"]
        .as_f64()
        .unwrap();
    let exp = alliance_desk::model::claims::renewal_experience(&data, &purchaser, pooling).unwrap();
    let p = &h.state().scenario_draft().params;
    assert!(
        (p["paid_claims"].as_f64().unwrap() - exp.paid_claims).abs() < 0.01,
        "{p}"
    );
    assert_eq!(p["member_months"].as_f64().unwrap(), exp.member_months);
    assert_eq!(
        p["claimants"].as_array().unwrap().len(),
        exp.claimants_paid.len()
    );
}

#[test]
fn a_value_based_contract_fills_its_baseline_and_levers_from_claims() {
    let (_dir, mut h, _) = scenario_with_purchaser("New value-based contract");
    h.get_by_label("Fill from claims").click();
    h.run();
    let p = &h.state().scenario_draft().params;
    let levers = p["utilization"].as_array().unwrap();
    assert!(
        levers.iter().any(|l| l["name"] == "Emergency (ER visits)"),
        "{p}"
    );
    let from_levers: f64 = levers
        .iter()
        .map(|l| l["util_per_1000"].as_f64().unwrap() * l["unit_cost"].as_f64().unwrap() / 12_000.0)
        .sum();
    let baseline = p["baseline_pmpm"].as_f64().unwrap();
    assert!(
        (from_levers - baseline).abs() / baseline < 0.01,
        "{from_levers} vs {baseline}"
    );
}

#[test]
fn an_unfamiliar_claims_layout_is_read_as_claims_by_choosing_each_fields_column() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, _) = workspace(&dir, false);
    let file = dir.path().join("odd.csv");
    std::fs::write(
        &file,
        "Ref,Who,When,Proc,Amount\nX1,0042,2025-05-01,99213,120.00\n",
    )
    .unwrap();
    let mut h = harness(ws, View::Import);
    let ctx = h.ctx.clone();
    h.state_mut().open_for_import(file, &ctx);
    for _ in 0..200 {
        h.step();
        if h.query_by_label("Claims…").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.get_by_label("Claims…").click();
    h.run();
    h.get_by_label("Read as medical claim lines").click();
    h.run();
    h.get_by_label_contains("Choose the column for Claim ID, Member ID, Service date, Allowed ($)");
    h.get(by().role(Role::ComboBox).label("Column for Claim ID"))
        .click();
    h.run();
    h.query_all_by_label("Ref").last().unwrap().click();
    h.run();
    h.get_by_label_contains("Choose the column for Member ID, Service date, Allowed ($)");
    assert!(
        h.state_mut().import_view().unsaved_choices().is_some(),
        "a chosen column is unsaved work"
    );
}
