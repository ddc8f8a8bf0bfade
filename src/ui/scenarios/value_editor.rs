//! The value-based contract form beyond its numeric inputs: quality mode, one- or two-sided,
//! the simulation switch, the glide path, utilization levers and outcome payments, and
//! "Fill from workspace" (baseline spend and lives from the spend history).

use super::editor::unit_drag;
use super::{AppCommand, ScenariosView};
use crate::model::labels::Unit;
use crate::model::value_based::{
    GlidePath, OutcomePayment, QualityMode, ServiceCategory, ValueBasedParams,
};
use crate::store::Workspace;
use crate::ui::a11y::Named;

/// Typical commercial use per 1,000 members a year and unit costs, as a starting point.
fn default_categories() -> Vec<ServiceCategory> {
    let c = |name: &str, util: f64, cost: f64| ServiceCategory {
        name: name.into(),
        util_per_1000: util,
        unit_cost: cost,
        lever: 0.0,
    };
    vec![
        c("Inpatient admissions", 60.0, 18_000.0),
        c("Emergency visits", 180.0, 1_800.0),
        c("Outpatient visits", 1_400.0, 900.0),
        c("Professional services", 9_000.0, 110.0),
        c("Prescriptions", 11_000.0, 85.0),
        c("Other", 1_000.0, 120.0),
    ]
}

impl ScenariosView {
    fn value_params(&self) -> Option<ValueBasedParams> {
        serde_json::from_value(self.draft.params.clone()).ok()
    }

    fn set_value_params(&mut self, field: &str, time: f64, p: &ValueBasedParams) {
        if let Ok(value) = serde_json::to_value(p) {
            self.edit(field, time, |d| d.params = value);
        }
    }

    /// Quality mode, sides and simulation: the choices that are not numbers.
    pub(super) fn value_editor_ui(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        time: f64,
        commands: &mut Vec<AppCommand>,
    ) {
        self.fill_ui(ui, ws, time, commands);
        let Some(p) = self.value_params() else { return };
        let mut next = p.clone();
        ui.horizontal_wrapped(|ui| {
            ui.label("Quality");
            ui.selectable_value(&mut next.quality_mode, QualityMode::Gate, "Gate")
                .on_hover_text("The full sharing rate when the score reaches the gate");
            ui.selectable_value(&mut next.quality_mode, QualityMode::Multiply, "Multiply")
                .on_hover_text("The sharing rate times the quality score (MSSP)");
            ui.separator();
            ui.checkbox(&mut next.two_sided, "Two-sided (shares losses)");
        });
        ui.horizontal_wrapped(|ui| {
            let mut simulate = next.trials > 0;
            if ui
                .checkbox(&mut simulate, "Simulate 10,000 outcomes")
                .on_hover_text(
                    "Spend and quality vary around the inputs; the Distribution tab shows the odds",
                )
                .changed()
            {
                next.trials = if simulate { 10_000 } else { 0 };
            }
            let mut glide = next.glide_path.is_some();
            if ui.checkbox(&mut glide, "Multi-year glide path").changed() {
                next.glide_path = glide.then_some(GlidePath {
                    total_reduction: 0.10,
                    years: 5,
                });
            }
        });
        if let Some(g) = next.glide_path.as_mut() {
            ui.horizontal(|ui| {
                ui.label("Total reduction below trend");
                unit_drag(
                    ui,
                    "Total reduction below trend",
                    Unit::Percent,
                    &mut g.total_reduction,
                );
                ui.label("over");
                let mut years = g.years as f64;
                if unit_drag(ui, "Glide path over", Unit::Years, &mut years).changed() {
                    g.years = years.round().clamp(1.0, 30.0) as u32;
                }
                ui.label("years");
            });
        }
        if next != p {
            self.set_value_params("contract", time, &next);
        }
        ui.separator();
    }

    /// The utilization levers and outcome payments, each a small editable table.
    pub(super) fn value_lists_ui(&mut self, ui: &mut egui::Ui, time: f64) {
        let Some(p) = self.value_params() else { return };
        let mut next = p.clone();
        ui.add_space(6.0);
        ui.strong("Utilization levers");
        if next.utilization.is_empty() {
            ui.weak("Actual spend can be built from use and unit cost by service category.");
            if ui.button("Add service categories").clicked() {
                next.utilization = default_categories();
            }
        } else {
            levers_ui(ui, &mut next.utilization);
            if next.actual_pmpm.is_some() {
                ui.weak("Switch off Actual spend above to use these categories.");
            }
        }
        ui.add_space(6.0);
        ui.strong("Outcome payments");
        payments_ui(ui, &mut next.outcome_payments);
        if next != p {
            self.set_value_params("lists", time, &next);
        }
    }

    pub(super) fn fill_value_from(
        &mut self,
        ws: &Workspace,
        purchaser: i64,
        time: f64,
        commands: &mut Vec<AppCommand>,
    ) {
        let exp = match ws.experience(purchaser, 250_000.0) {
            Ok(exp) => exp,
            Err(e) => return commands.push(AppCommand::Error(e.to_string())),
        };
        let Some(mut p) = self.value_params() else {
            return;
        };
        if exp.member_months <= 0.0 {
            return commands.push(AppCommand::Error(
                "This purchaser has no spend history to fill from".into(),
            ));
        }
        p.baseline_pmpm = exp.paid_claims / exp.member_months;
        p.attributed_lives = (exp.member_months / 12.0).round();
        p.benchmark_pmpm = None;
        self.set_value_params("fill", time, &p);
        commands.push(AppCommand::Notify(format!(
            "Filled baseline spend {} PMPM and {} attributed lives from the spend history",
            crate::format::money(p.baseline_pmpm),
            crate::format::count(p.attributed_lives as i64)
        )));
    }
}

impl ScenariosView {
    /// Baseline, lives and the levers' use and cost by service from the purchaser's claims.
    pub(super) fn fill_value_from_claims(
        &mut self,
        data: &crate::model::claims::ClaimsData,
        purchaser: &str,
        time: f64,
        commands: &mut Vec<AppCommand>,
    ) {
        let Some(mut p) = self.value_params() else {
            return;
        };
        let Some(b) = crate::model::claims::value_baseline(data, purchaser) else {
            return commands.push(AppCommand::Error(format!(
                "{purchaser} has no claims with member months to fill from"
            )));
        };
        p.baseline_pmpm = (b.baseline_pmpm * 100.0).round() / 100.0;
        p.attributed_lives = b.attributed_lives;
        p.benchmark_pmpm = None;
        p.utilization = b
            .levers
            .iter()
            .map(|(name, per_1000, cost)| ServiceCategory {
                name: name.clone(),
                util_per_1000: (per_1000 * 10.0).round() / 10.0,
                unit_cost: (cost * 100.0).round() / 100.0,
                lever: 0.0,
            })
            .collect();
        self.set_value_params("fill", time, &p);
        commands.push(AppCommand::Notify(format!(
            "Filled baseline {} PMPM, {} attributed lives and {} services' use and cost from {purchaser}'s claims",
            crate::format::money(p.baseline_pmpm),
            crate::format::count(p.attributed_lives as i64),
            p.utilization.len()
        )));
    }
}

fn levers_ui(ui: &mut egui::Ui, categories: &mut Vec<ServiceCategory>) {
    let mut remove = None;
    // Scrolls sideways inside the form rather than widening it.
    egui::ScrollArea::horizontal()
        .id_salt("levers_scroll")
        .show(ui, |ui| {
            egui::Grid::new("value_levers")
                .num_columns(5)
                .striped(true)
                .show(ui, |ui| {
                    for h in ["Service", "Use per 1,000", "Unit cost", "Change in use", ""] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for (i, c) in categories.iter_mut().enumerate() {
                        ui.label(&c.name);
                        let name = c.name.clone();
                        unit_drag(
                            ui,
                            &format!("{name}, use per 1,000"),
                            Unit::Count,
                            &mut c.util_per_1000,
                        );
                        unit_drag(
                            ui,
                            &format!("{name}, unit cost"),
                            Unit::Usd,
                            &mut c.unit_cost,
                        );
                        unit_drag(
                            ui,
                            &format!("{name}, change in use"),
                            Unit::Percent,
                            &mut c.lever,
                        );
                        c.lever = c.lever.clamp(-1.0, 1.0);
                        if ui
                            .small_button("Remove")
                            .named(format!("Remove {name}"))
                            .clicked()
                        {
                            remove = Some(i);
                        }
                        ui.end_row();
                    }
                })
        });
    if let Some(i) = remove {
        categories.remove(i);
    }
}

fn payments_ui(ui: &mut egui::Ui, payments: &mut Vec<OutcomePayment>) {
    let mut remove = None;
    if !payments.is_empty() {
        egui::ScrollArea::horizontal()
            .id_salt("payments_scroll")
            .show(ui, |ui| {
                egui::Grid::new("value_payments")
                    .num_columns(6)
                    .striped(true)
                    .show(ui, |ui| {
                        ui.strong("Measure");
                        ui.strong("Target");
                        ui.strong("Result");
                        ui.strong("Higher?")
                            .on_hover_text("Ticked: a result above the target earns the bonus; not ticked: below it");
                        ui.strong("Bonus");
                        ui.strong("");
                        ui.end_row();
                        for (i, o) in payments.iter_mut().enumerate() {
                            let row = format!("Outcome payment {}", i + 1);
                            let caption = ui
                                .add_sized(
                                    [110.0, 20.0],
                                    egui::TextEdit::singleline(&mut o.measure),
                                )
                                .named(format!("{row}, measure"));
                            // In the measure's own unit (a share, a rate per 1,000): as typed.
                            for (v, what) in [(&mut o.target, "target"), (&mut o.actual, "result")] {
                                ui.add(egui::DragValue::new(v).speed(0.01).max_decimals(3))
                                    .labelled_by(caption.id)
                                    .named(format!("{row}, {what}, in the measure's unit"));
                            }
                            ui.checkbox(&mut o.higher_is_better, "")
                                .labelled_by(caption.id)
                                .named(format!("{row}, higher is better"));
                            unit_drag(ui, &format!("{row}, bonus"), Unit::Usd, &mut o.amount);
                            if ui.small_button("Remove").named(format!("Remove {row}")).clicked() {
                                remove = Some(i);
                            }
                            ui.end_row();
                        }
                    })
            });
    }
    if let Some(i) = remove {
        payments.remove(i);
    }
    if ui.button("Add an outcome payment").clicked() {
        payments.push(OutcomePayment {
            measure: format!("Measure {}", payments.len() + 1),
            target: 0.7,
            actual: 0.72,
            amount: 500_000.0,
            higher_is_better: true,
        });
    }
}
