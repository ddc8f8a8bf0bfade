//! The plan migration form beyond its numeric inputs: a published preset for the price
//! sensitivity, the plans by tier with today's and new contributions, and "Fill from
//! workspace" (enrollment, contributions and expected out-of-pocket of every plan in use).

use super::editor::unit_drag;
use super::{AppCommand, ScenariosView};
use crate::model::labels::Unit;
use crate::model::migration::presets::{PRESETS, REVIEW};
use crate::model::migration::{
    ClaimBands, MigrationParams, PlanTier, fill, own_elasticity, tier_share,
};
use crate::store::Workspace;
use crate::ui::a11y::Named;
use serde_json::{Map, Value};

impl ScenariosView {
    fn migration_params(&self) -> Option<MigrationParams> {
        serde_json::from_value(self.draft.params.clone()).ok()
    }

    fn set_migration_params(&mut self, field: &str, time: f64, p: &MigrationParams) {
        if let Ok(value) = serde_json::to_value(p) {
            self.edit(field, time, |d| d.params = value);
        }
    }

    /// Presets and the plan table (the numeric inputs are drawn by the common form).
    pub(super) fn migration_lists_ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, time: f64) {
        let Some(p) = self.migration_params() else {
            return;
        };
        let mut next = p.clone();
        presets_ui(ui, &mut next);
        self.estimate_ui(ui, ws, &mut next);
        ui.add_space(6.0);
        ui.strong("Plans by coverage tier");
        plans_ui(ui, &mut next.plans);
        if next != p {
            self.set_migration_params("plans", time, &next);
        }
    }

    /// "Estimate from enrollment history": β by maximum likelihood from the chosen purchaser's
    /// eligibility spans and both years' rates, with its interval, and a button to use it.
    fn estimate_ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, p: &mut MigrationParams) {
        ui.horizontal_wrapped(|ui| {
            let estimate = ui
                .add_enabled(
                    self.fill_purchaser.is_some(),
                    egui::Button::new("Estimate from enrollment history"),
                )
                .on_hover_text(
                    "β by maximum likelihood from the purchaser's eligibility spans in two plan years and each plan's contributions in both: how members actually moved when prices changed",
                )
                .on_disabled_hover_text("Choose the purchaser above first");
            if estimate.clicked()
                && let Some(id) = self.fill_purchaser
            {
                self.beta_estimate = Some(estimate_from_history(ws, id, p.inertia));
            }
        });
        let Some(result) = &self.beta_estimate else {
            return;
        };
        match result {
            Err(e) => {
                ui.colored_label(crate::ui::theme::bad(ui.visuals().dark_mode), e);
            }
            Ok((est, history)) => {
                let (lo, hi) = est.interval_95();
                let whose = self
                    .fill_purchaser
                    .and_then(|id| self.purchasers.as_ref()?.iter().find(|p| p.0 == id))
                    .map_or("the purchaser".to_string(), |p| p.1.clone());
                ui.label(format!(
                    "From {whose}'s enrollment {} to {}: β {:.3} per $100 a year, 95 % interval {lo:.3} to {hi:.3} (standard error {:.3}).",
                    history.year1, history.year2, est.beta, est.standard_error
                ));
                for note in history.notes() {
                    ui.weak(note);
                }
                let same = (p.premium_coefficient - est.beta).abs() < 5e-4;
                if ui
                    .add_enabled(!same, egui::Button::new(format!("Use β {:.3}", est.beta)))
                    .clicked()
                {
                    p.premium_coefficient = (est.beta * 1_000.0).round() / 1_000.0;
                }
            }
        }
    }

    /// Every plan and tier with members, at today's contributions and out-of-pocket; with
    /// members' claims, the claims thirds and each plan's mix of them.
    pub(super) fn fill_migration_from(
        &mut self,
        ws: &Workspace,
        purchaser: i64,
        time: f64,
        commands: &mut Vec<AppCommand>,
    ) {
        let Some(mut p) = self.migration_params() else {
            return;
        };
        match plans_from_workspace(ws, Some(purchaser)) {
            Ok((plans, bands)) if !plans.is_empty() => {
                p.plans = plans;
                p.claim_bands = bands;
                self.set_migration_params("fill", time, &p);
            }
            Ok(_) => commands.push(AppCommand::Error(
                "This purchaser has no members enrolled in a medical plan to fill from".into(),
            )),
            Err(e) => commands.push(AppCommand::Error(e)),
        }
    }
}

/// The plans a population is enrolled in, as migration inputs, with claims bands when the
/// members carry claims.
pub(crate) fn plans_from_workspace(
    ws: &Workspace,
    purchaser: Option<i64>,
) -> Result<(Vec<PlanTier>, Option<ClaimBands>), String> {
    let cmp =
        crate::report::assemble::offered_comparison(ws, purchaser).map_err(|e| e.to_string())?;
    let mut plans = fill::plans_from_comparison(&cmp);
    let bands =
        crate::ui::contribution_change::add_claim_bands(ws, purchaser, &cmp, &mut plans, None)?;
    Ok((plans, bands))
}

pub(super) type HistoryEstimate = (
    crate::model::migration::estimate::BetaEstimate,
    crate::model::migration::history::EnrollmentHistory,
);

/// β from the purchaser's latest two plan years of eligibility, or why there is none.
pub(super) fn estimate_from_history(
    ws: &Workspace,
    purchaser: i64,
    inertia: f64,
) -> Result<HistoryEstimate, String> {
    let history = ws
        .enrollment_history(purchaser, None)
        .map_err(|e| e.to_string())?
        .ok_or("This purchaser's workspace data hold no two consecutive plan years with both eligibility spans and plan rates. In Import, load the eligibility spans (kind: Eligibility spans) and last year's plan rates.")?;
    let (year1, year2) = (history.year1, history.year2);
    let est = crate::model::migration::estimate::estimate_beta(&history.rows, inertia)
        .map_err(|e| format!("From enrollment {year1} to {year2}: {e}"))?;
    Ok((est, history))
}

/// A preset per published study: β for the plan whose contribution changes most.
fn presets_ui(ui: &mut egui::Ui, p: &mut MigrationParams) {
    let reference = reference_plan(p);
    ui.horizontal_wrapped(|ui| {
        let caption = ui.label("Start from a study");
        egui::ComboBox::from_id_salt("migration_preset")
            .selected_text("Choose a published estimate")
            .width(240.0)
            .show_ui(ui, |ui| {
                for preset in PRESETS {
                    let (c, s) = reference;
                    let (low, central, high) = preset.beta_for(c, s);
                    let range = if (low - high).abs() > 1e-9 {
                        format!(" (range {low:.3} to {high:.3})")
                    } else {
                        String::new()
                    };
                    if ui
                        .selectable_label(false, format!("{}: β {central:.3}{range}", preset.name))
                        .on_hover_text(format!(
                            "{}\n{}\n{}",
                            preset.says, preset.population, preset.citation
                        ))
                        .clicked()
                    {
                        p.premium_coefficient = central;
                    }
                }
            })
            .response
            .labelled_by(caption.id)
            .on_hover_text(REVIEW);
    });
    let (c, s) = reference;
    ui.weak(format!(
        "At β {:.3}, a plan costing its members {} a year with {:.0} % of its tier has an elasticity of {:.2}.",
        p.premium_coefficient,
        crate::format::money(c),
        s * 100.0,
        own_elasticity(p.premium_coefficient, c, s)
    ));
}

/// The contribution and share of the plan whose contribution changes most (the first plan
/// when none changes): what a preset's β is fitted to.
fn reference_plan(p: &MigrationParams) -> (f64, f64) {
    let change = |t: &PlanTier| (t.new_contribution_annual - t.contribution_annual).abs();
    let Some(t) = p
        .plans
        .iter()
        .max_by(|a, b| change(a).total_cmp(&change(b)))
    else {
        return (1_200.0, 0.3);
    };
    let share = tier_share(&p.plans, t).unwrap_or(0.3);
    (t.contribution_annual.max(1.0), share)
}

/// The plan table: members and contributions today and after; offered after.
fn plans_ui(ui: &mut egui::Ui, plans: &mut [PlanTier]) {
    egui::ScrollArea::horizontal()
        .id_salt("migration_plans_scroll")
        .show(ui, |ui| {
            egui::Grid::new("migration_plans")
                .striped(true)
                .show(ui, |ui| {
                    ui.strong("Plan");
                    ui.strong("Members");
                    ui.strong("Employee")
                        .on_hover_text("The employee's contribution a year, today");
                    ui.strong("New")
                        .on_hover_text("The employee's contribution a year after the change");
                    ui.strong("Employer")
                        .on_hover_text("The employer's contribution a year, today");
                    ui.strong("New")
                        .on_hover_text("The employer's contribution a year after the change");
                    ui.strong("Offered");
                    ui.end_row();
                    for t in plans.iter_mut() {
                        let row = format!("{} {}", t.code, t.tier);
                        let caption = ui.label(&row);
                        unit_drag(
                            ui,
                            &format!("{row}, members today"),
                            Unit::Count,
                            &mut t.members,
                        );
                        for (v, what) in [
                            (
                                &mut t.contribution_annual,
                                "employee contribution a year today",
                            ),
                            (
                                &mut t.new_contribution_annual,
                                "employee contribution a year after the change",
                            ),
                            (&mut t.employer_annual, "employer contribution a year today"),
                            (
                                &mut t.new_employer_annual,
                                "employer contribution a year after the change",
                            ),
                        ] {
                            dollars_drag(ui, v)
                                .labelled_by(caption.id)
                                .named(format!("{row}, {what}, dollars"));
                        }
                        ui.checkbox(&mut t.new_offered, "")
                            .on_hover_text("Offered after the change (untick to withdraw the plan)")
                            .labelled_by(caption.id)
                            .named(format!("{row}, offered after the change"));
                        ui.end_row();
                    }
                });
        });
}

/// Whole dollars a year, so a column of a plan table reads alike.
fn dollars_drag(ui: &mut egui::Ui, value: &mut f64) -> egui::Response {
    ui.add(
        egui::DragValue::new(value)
            .speed(10.0)
            .range(0.0..=1_000_000.0)
            .custom_formatter(|n, _| crate::format::usd0(n))
            .custom_parser(|t| t.replace(['$', ',', ' '], "").parse().ok()),
    )
}

/// The results tab of a migration scenario.
pub(super) fn migration_results_tab_ui(ui: &mut egui::Ui, outputs: &Map<String, Value>) {
    match serde_json::from_value(Value::Object(outputs.clone())) {
        Ok(out) => crate::ui::migration_results::migration_results_ui(ui, &out, "scenario"),
        Err(_) => {
            ui.weak("Run the scenario to see who moves.");
        }
    }
}
