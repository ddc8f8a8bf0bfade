//! Goal seek: solve one input so that an output reaches a target typed in its own unit.

use super::{ScenariosView, name_combo, theme};
use crate::model::scenario::{self, Scenario, ScenarioKind, unit_of};
use serde_json::Value;

/// The open goal-seek window.
pub(super) struct GoalSeekDialog {
    input: String,
    output: String,
    /// In the output's model unit (a fraction for rates).
    target: f64,
    answer: Option<Result<scenario::GoalSeekResult, String>>,
}

impl GoalSeekDialog {
    /// The usual question of each kind: which premium gives a 5 % renewal? Which unit price
    /// of the tier the pool reaches saves $50,000 more?
    pub(super) fn for_scenario(draft: &Scenario) -> Self {
        let (input, output, target) = match draft.kind {
            ScenarioKind::Renewal => ("current_premium_pmpm".to_string(), "renewal_change", 0.05),
            // Which target saves 15 % of the hospital spend?
            ScenarioKind::ReferencePrice => ("target".to_string(), "savings_pct", 0.15),
            ScenarioKind::Migration => {
                // Which new contribution of the plan that changes saves $100,000 more?
                let saving = draft.output("employer_saving").unwrap_or(0.0);
                let target = ((saving + 100_000.0) / 10_000.0).round() * 10_000.0;
                (changed_plan_input(draft), "employer_saving", target)
            }
            ScenarioKind::PlanDesign => {
                let now = draft.input("monthly_premium").unwrap_or(0.0);
                (
                    "new_deductible".to_string(),
                    "premium_new",
                    (now * 0.95).round(),
                )
            }
            ScenarioKind::ValueBased => {
                let settlement = draft.output("settlement").unwrap_or(0.0);
                let input = if draft.input("actual_pmpm").is_some() {
                    "actual_pmpm".to_string()
                } else {
                    "utilization.0.lever".to_string()
                };
                let target = ((settlement.max(0.0) + 1_000_000.0) / 100_000.0).round() * 100_000.0;
                (input, "settlement", target)
            }
            ScenarioKind::PooledVolume => {
                let savings = draft.output("savings").unwrap_or(0.0);
                let price = draft.output("pooled_unit_price").unwrap_or(0.0);
                let reached = draft
                    .numeric_inputs()
                    .into_iter()
                    .filter(|(n, v)| {
                        n.ends_with(".unit_price")
                            && n.starts_with("schedule.")
                            && (*v - price).abs() < 1e-9
                    })
                    .map(|(n, _)| n)
                    .next()
                    .unwrap_or_else(|| "schedule.0.unit_price".to_string());
                let target = ((savings + 50_000.0) / 10_000.0).round() * 10_000.0;
                (reached, "savings", target)
            }
        };
        GoalSeekDialog {
            input,
            output: output.into(),
            target,
            answer: None,
        }
    }
}

impl ScenariosView {
    pub(super) fn goal_seek_ui(&mut self, ui: &mut egui::Ui) {
        if self.goal_seek.is_none() {
            return;
        }
        let (inputs, outputs) = self.numeric_names();
        let Some(dialog) = self.goal_seek.as_mut() else {
            return;
        };
        let mut open = true;
        let mut apply: Option<(String, f64)> = None;
        egui::Window::new("Goal seek")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ui.ctx(), |ui| {
                egui::Grid::new("goal_seek_grid")
                    .num_columns(2)
                    .show(ui, |ui| {
                        let caption = ui.label("Set output");
                        name_combo(
                            ui,
                            "gs_output",
                            caption.id,
                            &self.draft,
                            &mut dialog.output,
                            &outputs,
                        );
                        ui.end_row();
                        ui.label("To value");
                        super::editor::unit_drag(
                            ui,
                            "Target value",
                            unit_of(&dialog.output),
                            &mut dialog.target,
                        );
                        ui.end_row();
                        let caption = ui.label("By changing");
                        name_combo(
                            ui,
                            "gs_input",
                            caption.id,
                            &self.draft,
                            &mut dialog.input,
                            &inputs,
                        );
                        ui.end_row();
                    });
                if ui.button("Solve").clicked() {
                    dialog.answer = Some(
                        scenario::goal_seek(
                            &self.draft,
                            &dialog.input,
                            &dialog.output,
                            dialog.target,
                        )
                        .map_err(|e| e.to_string()),
                    );
                }
                match &dialog.answer {
                    Some(Ok(a)) => {
                        ui.label(scenario::goal_seek_sentence(&self.draft, a));
                        if ui.button("Apply to scenario").clicked() {
                            apply = Some((a.input.clone(), a.value));
                        }
                    }
                    Some(Err(e)) => {
                        ui.colored_label(theme::bad(ui.visuals().dark_mode), e);
                    }
                    None => {}
                }
            });
        if !open {
            self.goal_seek = None;
        }
        if let Some((name, value)) = apply {
            let time = ui.input(|i| i.time);
            self.edit(&name, time, |d| {
                d.params[name.as_str()] = Value::from(value)
            });
            self.goal_seek = None;
        }
    }
}

/// `plans.K.new_contribution_annual` of the first plan whose contribution changes (else the
/// first plan): the lever a migration's questions turn on.
pub(super) fn changed_plan_input(draft: &Scenario) -> String {
    let plans = draft.params.get("plans").and_then(|v| v.as_array());
    let changed = plans.and_then(|list| {
        list.iter().position(|t| {
            let now = t.get("contribution_annual").and_then(|v| v.as_f64());
            let new = t.get("new_contribution_annual").and_then(|v| v.as_f64());
            matches!((now, new), (Some(a), Some(b)) if (a - b).abs() > 0.005)
        })
    });
    format!("plans.{}.new_contribution_annual", changed.unwrap_or(0))
}
