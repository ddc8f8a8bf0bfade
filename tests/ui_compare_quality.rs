//! Compare and Quality views driven through the UI.

use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::model::compare::{self, CompareSettings};
use alliance_desk::model::plan_cost::Contribution;
use alliance_desk::store::Workspace;
use alliance_desk::ui::{AllianceApp, View};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

const PLANS: [&str; 3] = ["BCH-PPO500", "MVH-HMO250", "SHP-HSA2800"];

fn setup(view: View) -> (tempfile::TempDir, Harness<'static, AllianceApp>) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create(&dir.path().join("c.adesk")).unwrap();
    generate::fill_workspace(
        &mut ws,
        GenerateOptions {
            members: 800,
            seed: 21,
        },
    )
    .unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(view);
    app.compare_view().select_plans(&PLANS);
    let harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 1000.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app);
    (dir, harness)
}

/// The EE employee monthly delta of `plan` from `baseline`, as the view prints it.
fn ee_employee_delta(
    ws: &Workspace,
    baseline: &str,
    plan: &str,
    contribution: Contribution,
) -> String {
    let inputs = ws.compare_inputs(None).unwrap();
    let settings = CompareSettings {
        plan_codes: PLANS.iter().map(|s| s.to_string()).collect(),
        baseline: Some(baseline.into()),
        contribution,
        ..Default::default()
    };
    let cmp = compare::compare(&inputs, &settings);
    let ee = |code: &str| {
        let col = cmp.columns.iter().find(|c| c.plan.code == code).unwrap();
        col.cost.tiers[0].employee_monthly.unwrap()
    };
    let (v, b) = (ee(plan), ee(baseline));
    format!("({})", alliance_desk::format::signed_money(v - b))
}

/// Types `text` into the spin button labelled `label`, as a user replacing its value.
fn type_into(harness: &mut Harness<'static, AllianceApp>, label: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::SpinButton, label)
        .click();
    harness.run();
    harness.key_combination_modifiers(egui::Modifiers::COMMAND, &[Key::A]);
    harness.event(egui::Event::Text(text.into()));
    harness.key_press(Key::Enter);
    harness.run();
}

/// True when some widget shows exactly `text`.
fn shown(harness: &Harness<'_, AllianceApp>, text: &str) -> bool {
    harness.query_all_by_label(text).count() >= 1
}

#[test]
fn changing_baseline_and_contribution_updates_the_deltas() {
    let (_dir, mut harness) = setup(View::Compare);
    harness.run();
    let ws = || harness.state().workspace().unwrap();
    let first = ee_employee_delta(ws(), "BCH-PPO500", "SHP-HSA2800", Contribution::AsRated);
    assert!(shown(&harness, &first), "{first}");

    harness.get_by_label("Baseline MVH-HMO250").click();
    harness.run();
    let ws = || harness.state().workspace().unwrap();
    let rebased = ee_employee_delta(ws(), "MVH-HMO250", "SHP-HSA2800", Contribution::AsRated);
    assert!(shown(&harness, &rebased), "{rebased}");
    assert!(!shown(&harness, &first));

    harness.get_by_label("Percent of premium").click();
    harness.run();
    type_into(&mut harness, "Employer share, percent", "70");
    let ws = || harness.state().workspace().unwrap();
    let at_70 = ee_employee_delta(
        ws(),
        "MVH-HMO250",
        "SHP-HSA2800",
        Contribution::PercentOfPremium {
            employer_share: 0.70,
        },
    );
    assert!(shown(&harness, &at_70), "{at_70}");
}

#[test]
fn quality_view_ranks_plans_and_explains_refusals() {
    let (_dir, mut harness) = setup(View::Quality);
    harness.run();
    harness.get_by_label("Plans (8)");
    assert!(
        harness
            .query_all_by_label_contains("is not certified")
            .count()
            >= 1
    );
    assert!(harness.query_all_by_label_contains("composite").count() >= 8);
}

#[test]
fn quality_weight_edits_can_be_undone_and_reset() {
    let (_dir, mut harness) = setup(View::Quality);
    harness.run();
    let weight_of = |h: &Harness<'_, AllianceApp>, code: &str| {
        h.state()
            .workspace()
            .unwrap()
            .measures()
            .unwrap()
            .into_iter()
            .find(|m| m.code == code)
            .unwrap()
            .weight
    };
    let before = weight_of(&harness, "BCS");
    type_into(
        &mut harness,
        "Breast cancer screening (BCS) weight in the composite",
        "4",
    );
    assert_eq!(weight_of(&harness, "BCS"), 4.0);

    harness.get_by_label("Undo").click();
    harness.run();
    assert_eq!(weight_of(&harness, "BCS"), before);

    harness.get_by_label("Redo").click();
    harness.run();
    assert_eq!(weight_of(&harness, "BCS"), 4.0);

    harness.get_by_label("Reset weights and floors").click();
    harness.run();
    assert_eq!(weight_of(&harness, "BCS"), 1.0, "process measures weigh 1");
}

#[test]
fn compare_reads_a_large_workspace_on_a_background_thread() {
    let (_dir, mut harness) = setup(View::Compare);
    harness
        .state_mut()
        .compare_view()
        .set_background_from_members(0);
    harness.state_mut().compare_view().invalidate();
    harness.step();
    assert!(harness.state_mut().compare_view().is_loading());
    for _ in 0..200 {
        harness.step();
        if harness.state_mut().compare_view().comparison().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let cmp = harness.state_mut().compare_view().comparison().cloned();
    assert_eq!(cmp.map(|c| c.columns.len()), Some(3));
}

#[test]
fn a_design_change_shows_the_new_actuarial_value_and_saves_as_a_scenario() {
    let (_dir, mut harness) = setup(View::Compare);
    harness.run();
    harness.get_by_label("Model a design change…").click();
    harness.run();
    assert!(shown(&harness, "Model a design change: BCH-PPO500"));
    let params = |h: &Harness<'static, AllianceApp>| {
        h.state()
            .compare_design_params()
            .expect("the design panel is open")
    };
    let now = params(&harness);
    type_into(&mut harness, "Deductible, new, dollars", "3000");
    let new = params(&harness);
    assert_eq!(new.new_deductible, 3_000.0);
    let out = alliance_desk::model::plan_design::run(&new).unwrap();
    assert!(
        out.av_new < out.av_current,
        "a higher deductible lowers the value"
    );
    assert!(shown(&harness, &alliance_desk::format::pct(out.av_new)));
    assert!(shown(
        &harness,
        &format!(
            "{} (estimate)",
            alliance_desk::format::money(out.premium_new)
        )
    ));
    assert_eq!(
        now.deductible, new.deductible,
        "the original design is kept"
    );

    harness.get_by_label("Save as scenario").click();
    harness.run();
    let saved = harness.state().workspace().unwrap().scenarios().unwrap();
    assert!(
        saved
            .iter()
            .any(|s| s.scenario.name == "BCH-PPO500: design change"
                && s.scenario.kind == alliance_desk::model::scenario::ScenarioKind::PlanDesign),
        "{saved:?}"
    );
    // It opens in Scenarios worked out, not with every result blank until an edit.
    harness.state_mut().set_view(View::Scenarios);
    harness.run();
    assert!(shown(&harness, &alliance_desk::format::pct(out.av_new)));
    assert!(harness.query_by_label_contains("NaN").is_none());
    assert_eq!(
        harness.state().scenario_draft().kind,
        alliance_desk::model::scenario::ScenarioKind::PlanDesign
    );
}

#[test]
fn a_plan_file_without_members_opens_compare_on_medical_plans() {
    use alliance_desk::import::{self, ImportOptions, Kind, Progress};
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create(&dir.path().join("puf.adesk")).unwrap();
    let puf = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/cms/Plan_Attributes_PUF_2022.first2000lines.csv");
    let opts = ImportOptions {
        kind: Some(Kind::Plans),
        ..Default::default()
    };
    import::import_file(&mut ws, &puf, &opts, &Progress::default()).unwrap();
    let mut app = AllianceApp::with_workspace(ws);
    app.set_view(View::Compare);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 1000.0))
        .build_ui_state(|ui, app: &mut AllianceApp| app.root_ui(ui), app);
    harness.run();
    // The file starts with dental plans; none of them is picked, so a comparison shows.
    let cmp = harness.state_mut().compare_view().comparison().cloned();
    let columns = cmp.map(|c| c.columns.len());
    assert_eq!(columns, Some(3));
    assert!(shown(&harness, "Actuarial value (carrier)"));
}

/// Where the table's "Metal level" row is on screen (the top of its label).
fn metal_row_top(harness: &Harness<'static, AllianceApp>) -> f64 {
    harness
        .query_all_by_label("Metal level")
        .filter_map(|n| n.accesskit_node().bounding_box())
        .map(|r| r.y0)
        .fold(f64::INFINITY, f64::min)
}

#[test]
fn compare_opens_at_its_top_after_another_view() {
    let (_dir, mut harness) = setup(View::Compare);
    harness.run();
    let top = metal_row_top(&harness);
    assert!(top.is_finite());
    // Scroll well down the table.
    harness.hover_at(egui::pos2(700.0, 600.0));
    for _ in 0..20 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -200.0),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        harness.step();
    }
    harness.run();
    assert!(
        metal_row_top(&harness) < top - 100.0,
        "the test scrolled the table"
    );
    harness
        .state_mut()
        .apply(alliance_desk::ui::AppCommand::SetView(View::Members));
    harness.run();
    harness
        .state_mut()
        .apply(alliance_desk::ui::AppCommand::SetView(View::Compare));
    harness.run();
    assert_eq!(metal_row_top(&harness), top, "back at the top");
}

/// Compare with the design change open and its deductible typed as `deductible`.
fn with_an_edited_design_change(
    deductible: &str,
) -> (tempfile::TempDir, Harness<'static, AllianceApp>) {
    let (dir, mut harness) = setup(View::Compare);
    harness.run();
    harness.get_by_label("Model a design change…").click();
    harness.run();
    type_into(&mut harness, "Deductible, new, dollars", deductible);
    (dir, harness)
}

#[test]
fn closing_an_edited_design_change_asks_and_cancel_keeps_it() {
    let (_dir, mut harness) = with_an_edited_design_change("3000");
    harness.get_by_label("Close").click();
    harness.run();
    harness.get_by_label_contains("This design change is not saved");
    harness.get_by_label("Cancel").click();
    harness.run();
    let params = harness.state().compare_design_params().expect("still open");
    assert_eq!(params.new_deductible, 3_000.0);
    harness.get_by_label("Close").click();
    harness.run();
    harness.get_by_label("Don't save").click();
    harness.run();
    assert!(harness.state().compare_design_params().is_none());
}

#[test]
fn quitting_with_an_edited_design_change_saves_it_as_a_scenario_when_asked() {
    let (_dir, mut harness) = with_an_edited_design_change("3000");
    harness
        .state_mut()
        .apply(alliance_desk::ui::AppCommand::Quit);
    harness.run();
    assert!(!harness.state().is_closing());
    harness.get_by_label_contains("the design change to BCH-PPO500 in Compare plans");
    harness.get_by_label("Save").click();
    harness.run();
    assert!(harness.state().is_closing());
    let saved = harness.state().workspace().unwrap().scenarios().unwrap();
    assert!(
        saved
            .iter()
            .any(|s| s.scenario.input("new_deductible") == Some(3_000.0))
    );
}

#[test]
fn a_contribution_change_shows_the_employer_saving_after_migration() {
    let (_dir, mut harness) = setup(View::Compare);
    harness.run();
    harness.get_by_label("Model a contribution change…").click();
    harness.run();
    harness.run();
    let cmp = harness
        .state_mut()
        .compare_view()
        .comparison()
        .unwrap()
        .clone();
    let baseline = cmp.columns[cmp.baseline].plan.code.clone();
    // The same run by hand: the plans on screen, the baseline's employees paying $50 more.
    let panel = harness
        .state_mut()
        .compare_view()
        .contribution_change()
        .expect("the panel is open")
        .clone();
    assert_eq!(panel.plan, baseline);
    assert_eq!(panel.monthly_usd, 50.0);
    let mut plans = alliance_desk::model::migration::fill::plans_from_comparison(&cmp);
    alliance_desk::model::migration::fill::shift_contribution(&mut plans, &baseline, 50.0);
    let params = panel.params();
    assert_eq!(
        params
            .plans
            .iter()
            .map(|t| t.new_contribution_annual)
            .collect::<Vec<_>>(),
        plans
            .iter()
            .map(|t| t.new_contribution_annual)
            .collect::<Vec<_>>()
    );
    assert!(
        params.claim_bands.is_some(),
        "members carry claims, so bands apply"
    );
    let out = alliance_desk::model::migration::run(&params).unwrap();
    harness.get_by_label("Employer saving after migration");
    assert!(shown(
        &harness,
        &alliance_desk::format::signed_money(out.employer_saving)
    ));
    assert!(out.members_moving > 0.0);
}

#[test]
fn a_contribution_change_saves_as_a_migration_scenario() {
    let (_dir, mut harness) = setup(View::Compare);
    harness.run();
    harness.get_by_label("Model a contribution change…").click();
    harness.run();
    harness.get_by_label("Save as scenario").click();
    harness.run();
    let saved = harness.state().workspace().unwrap().scenarios().unwrap();
    let migration = saved
        .iter()
        .find(|s| s.scenario.kind == alliance_desk::model::scenario::ScenarioKind::Migration)
        .expect("saved as a migration scenario");
    assert!(
        migration.scenario.name.contains("a month more"),
        "{}",
        migration.scenario.name
    );
    assert!(
        migration.scenario.run().unwrap()["employer_saving"]
            .as_f64()
            .unwrap()
            > 0.0
    );
}

#[test]
fn quitting_with_an_edited_contribution_change_asks_first() {
    let (_dir, mut harness) = setup(View::Compare);
    harness.run();
    harness.get_by_label("Model a contribution change…").click();
    harness.run();
    harness
        .state_mut()
        .compare_view()
        .contribution_change()
        .unwrap()
        .monthly_usd = 80.0;
    harness
        .state_mut()
        .apply(alliance_desk::ui::AppCommand::Quit);
    harness.run();
    assert!(!harness.state().is_closing());
    harness.get_by_label_contains("the contribution change to");
}

#[test]
fn a_design_change_hands_its_premium_and_out_of_pocket_to_a_migration_run() {
    let (_dir, mut harness) = with_an_edited_design_change("3000");
    harness.get_by_label("Price with migration…").click();
    harness.run();
    harness.run();
    let panel = harness
        .state_mut()
        .compare_view()
        .contribution_change()
        .expect("the contribution change opens on the design")
        .clone();
    assert_eq!(panel.plan, "BCH-PPO500");
    let params = panel.params();
    for t in params.plans.iter().filter(|t| t.code == "BCH-PPO500") {
        assert!(
            t.new_oop > t.oop,
            "a higher deductible raises out-of-pocket: {t:?}"
        );
        assert!(
            t.new_contribution_annual < t.contribution_annual,
            "a lower premium lowers what the employee pays when the employer keeps its dollars: {t:?}"
        );
        assert!((t.new_employer_annual - t.employer_annual).abs() < 1e-6);
    }
    for t in params.plans.iter().filter(|t| t.code != "BCH-PPO500") {
        assert_eq!(t.new_contribution_annual, t.contribution_annual);
    }
}

#[test]
fn an_open_contribution_change_follows_the_contribution_mode_on_screen() {
    let (_dir, mut harness) = setup(View::Compare);
    harness.run();
    harness.get_by_label("Model a contribution change…").click();
    harness.run();
    let today = |h: &mut Harness<'static, AllianceApp>| -> Vec<f64> {
        let panel = h
            .state_mut()
            .compare_view()
            .contribution_change()
            .unwrap()
            .clone();
        panel
            .params()
            .plans
            .iter()
            .map(|t| t.contribution_annual)
            .collect()
    };
    let as_rated = today(&mut harness);
    harness.get_by_label("Percent of premium").click();
    harness.run();
    harness.run();
    let percent = today(&mut harness);
    let cmp = harness
        .state_mut()
        .compare_view()
        .comparison()
        .unwrap()
        .clone();
    let want: Vec<f64> = alliance_desk::model::migration::fill::plans_from_comparison(&cmp)
        .iter()
        .map(|t| t.contribution_annual)
        .collect();
    assert_ne!(as_rated, percent);
    assert_eq!(percent, want);
}
