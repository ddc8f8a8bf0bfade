//! A plan design change priced by actuarial value: the editor Compare opens ("Model a design
//! change") and the side-by-side results it shares with the Scenarios view.

use super::command::AppCommand;
use crate::domain::Plan;
use crate::format::{money, money_alike, pct};
use crate::model::plan_design::{self, PlanDesignParams};
use crate::model::scenario::{Scenario, ScenarioKind};
use crate::ui::a11y::Named;
use crate::ui::theme;
use serde_json::{Map, Value};

fn num(outputs: &Map<String, Value>, name: &str) -> f64 {
    outputs
        .get(name)
        .and_then(Value::as_f64)
        .unwrap_or(f64::NAN)
}

fn text(outputs: &Map<String, Value>, name: &str) -> String {
    outputs
        .get(name)
        .and_then(Value::as_str)
        .unwrap_or("—")
        .to_string()
}

/// The side-by-side table: value, metal level, premium and member cost at three use levels.
pub(crate) fn design_results_ui(ui: &mut egui::Ui, outputs: &Map<String, Value>) {
    let o = |n: &str| num(outputs, n);
    ui.strong("Priced by actuarial value");
    ui.add_space(4.0);
    egui::Grid::new("design_results")
        .num_columns(4)
        .striped(true)
        .spacing([24.0, 6.0])
        .show(ui, |ui| {
            for h in ["", "Now", "New design", "Change"] {
                ui.strong(h);
            }
            ui.end_row();
            ui.label("Actuarial value (CMS method)");
            ui.label(pct(o("av_current")));
            ui.label(pct(o("av_new")));
            ui.label(format!("{:+.2} points", o("av_change") * 100.0));
            ui.end_row();
            ui.label("Metal level");
            ui.label(text(outputs, "metal_current"));
            ui.label(text(outputs, "metal_new"));
            ui.label("");
            ui.end_row();
            ui.label("Monthly premium, employee only");
            let premium = [
                o("premium_new") - o("premium_change"),
                o("premium_new"),
                o("premium_change"),
            ];
            let shown = money_alike(&premium, true);
            ui.label(&shown[0]);
            ui.label(format!("{} (estimate)", shown[1]));
            change_label(ui, premium[2], &shown[2]);
            ui.end_row();
            for (label, key) in [
                ("Member cost a year, low use", "low"),
                ("Member cost a year, typical use", "typical"),
                ("Member cost a year, high use", "high"),
            ] {
                let now = o(&format!("member_cost_{key}_current"));
                let new = o(&format!("member_cost_{key}_new"));
                let shown = money_alike(&[now, new, new - now], true);
                ui.label(label);
                ui.label(&shown[0]);
                ui.label(&shown[1]);
                change_label(ui, new - now, &shown[2]);
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.weak(
        "The new premium is today's premium × new AV ÷ current AV (benefit relativity): an \
         estimate that holds use and network fixed. Member cost is the employee's share of the \
         premium for a year plus what the deductible, coinsurance and out-of-pocket maximum make \
         them pay at that level of claims, less the HSA/HRA money. Copays count in the AV but \
         not in these three examples, which depend on how the claims split between visits.",
    );
}

fn change_label(ui: &mut egui::Ui, change: f64, shown: &str) {
    let dark = ui.visuals().dark_mode;
    let colour = if change < -0.005 {
        theme::good(dark)
    } else if change > 0.005 {
        theme::bad(dark)
    } else {
        ui.visuals().text_color()
    };
    ui.colored_label(colour, shown);
}

/// The "Model a design change" panel of Compare: one plan's design, edited beside the original.
pub(crate) struct DesignChangePanel {
    pub params: PlanDesignParams,
    plan_name: String,
    /// The inputs as last saved as a scenario (or as opened): edits beyond them are unsaved.
    saved: PlanDesignParams,
    /// Close was pressed with unsaved edits: Save as scenario / Don't save / Cancel.
    asking_close: bool,
    /// "Price with migration…" was pressed: Compare opens the contribution change on it.
    pub hand_to_migration: bool,
}

/// The editable fields: label, current value's key, new value's key, unit.
const FIELDS: &[(&str, &str, &str, Entry)] = &[
    ("Deductible", "deductible", "new_deductible", Entry::Usd),
    (
        "Coinsurance",
        "coinsurance",
        "new_coinsurance",
        Entry::Percent,
    ),
    ("Out-of-pocket max", "oop_max", "new_oop_max", Entry::Usd),
    (
        "Primary care copay",
        "pcp_copay",
        "new_pcp_copay",
        Entry::Usd,
    ),
    (
        "Specialist copay",
        "specialist_copay",
        "new_specialist_copay",
        Entry::Usd,
    ),
    (
        "Emergency room copay",
        "er_copay",
        "new_er_copay",
        Entry::Usd,
    ),
    (
        "Generic drug copay",
        "generic_copay",
        "new_generic_copay",
        Entry::Usd,
    ),
    (
        "Employer HSA/HRA funding",
        "hsa_hra_funding",
        "new_hsa_hra_funding",
        Entry::Usd,
    ),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Entry {
    Usd,
    Percent,
}

impl DesignChangePanel {
    /// Starts from `plan` at its employee-only premium and the comparison's use levels.
    pub fn new(plan: &Plan, monthly_premium: f64, employee_share: f64, use_levels: &[f64]) -> Self {
        let mut params = plan_design::from_plan(plan, monthly_premium, employee_share);
        if let [low, typical, high] = use_levels {
            params.low_use_claims = *low;
            params.typical_use_claims = *typical;
            params.high_use_claims = *high;
        }
        DesignChangePanel {
            saved: params.clone(),
            params,
            plan_name: plan.name.clone(),
            asking_close: false,
            hand_to_migration: false,
        }
    }

    /// Takes the current inputs as the starting point: nothing is unsaved yet.
    pub fn start_clean(&mut self) {
        self.saved = self.params.clone();
    }

    /// True when the inputs changed since the panel opened or was last saved as a scenario.
    pub fn has_unsaved_work(&self) -> bool {
        self.params != self.saved
    }

    /// The premium factor and out-of-pocket change a migration run needs.
    pub fn migration_shift(&self) -> Option<crate::ui::contribution_change::DesignShift> {
        let out = plan_design::run(&self.params).ok()?;
        let (premium_factor, oop_change_annual) = plan_design::migration_shift(&self.params, &out);
        Some(crate::ui::contribution_change::DesignShift {
            plan: self.params.plan_code.clone(),
            premium_factor,
            oop_change_annual,
            // Without a fixed employer amount the design panel holds a percent of premium.
            employer_scales: self.params.employer_fixed_monthly.is_none(),
        })
    }

    /// The plan whose design is being changed.
    pub fn plan_code(&self) -> &str {
        &self.params.plan_code
    }

    /// Draws the editor and results; returns true when the user closes it.
    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<AppCommand>) -> bool {
        let mut close = false;
        ui.horizontal(|ui| {
            ui.heading(format!("Model a design change: {}", self.params.plan_code));
            ui.weak(&self.plan_name);
        });
        if ui.available_width() >= 900.0 {
            ui.columns(2, |cols| {
                self.fields_ui(&mut cols[0]);
                self.results_ui(&mut cols[1]);
            });
        } else {
            self.fields_ui(ui);
            ui.add_space(6.0);
            self.results_ui(ui);
        }
        if self.asking_close {
            return self.close_question_ui(ui, commands);
        }
        ui.horizontal(|ui| {
            if ui
                .button("Save as scenario")
                .on_hover_text("Save this change in Scenarios, where it can be compared, goal-sought and logged")
                .clicked()
            {
                self.save(commands);
            }
            if ui
                .button("Price with migration…")
                .on_hover_text("See who moves between plans when this design changes the premium and out-of-pocket, and what that does to the employer's cost")
                .clicked()
            {
                self.hand_to_migration = true;
            }
            if ui.button("Close").clicked() {
                if self.has_unsaved_work() {
                    self.asking_close = true;
                } else {
                    close = true;
                }
            }
        });
        close
    }

    fn save(&mut self, commands: &mut Vec<AppCommand>) {
        commands.push(AppCommand::SaveScenario {
            id: None,
            scenario: self.scenario(),
        });
        self.saved = self.params.clone();
    }

    /// Close with unsaved edits: the question in place of the buttons; true to close.
    fn close_question_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<AppCommand>) -> bool {
        let closing =
            super::close_question::close_question(ui, "design change", &mut self.asking_close);
        if closing.save {
            self.save(commands);
        }
        closing.close
    }

    fn fields_ui(&mut self, ui: &mut egui::Ui) {
        let mut json = serde_json::to_value(&self.params).unwrap_or_default();
        egui::Grid::new("design_change_fields")
            .num_columns(3)
            .spacing([16.0, 4.0])
            .show(ui, |ui| {
                ui.strong("");
                ui.strong("Now");
                ui.strong("New design");
                ui.end_row();
                for (label, now, new, entry) in FIELDS {
                    let caption = ui.label(*label);
                    ui.label(shown(json[*now].as_f64().unwrap_or(0.0), *entry));
                    let mut v = json[*new].as_f64().unwrap_or(0.0);
                    let unit = match entry {
                        Entry::Usd => "dollars",
                        Entry::Percent => "percent",
                    };
                    if edit(ui, &mut v, *entry)
                        .labelled_by(caption.id)
                        .named(format!("{label}, new, {unit}"))
                        .changed()
                    {
                        json[*new] = serde_json::json!(v);
                    }
                    ui.end_row();
                }
            });
        if let Ok(p) = serde_json::from_value(json) {
            self.params = p;
        }
    }

    fn results_ui(&self, ui: &mut egui::Ui) {
        match plan_design::run(&self.params) {
            Ok(out) => {
                let outputs = serde_json::to_value(out)
                    .ok()
                    .and_then(|v| v.as_object().cloned())
                    .unwrap_or_default();
                design_results_ui(ui, &outputs);
            }
            Err(e) => {
                ui.colored_label(theme::bad(ui.visuals().dark_mode), e.0);
            }
        }
    }

    /// The change as a `plan_design` scenario.
    pub fn scenario(&self) -> Scenario {
        let mut s = Scenario::new(
            ScenarioKind::PlanDesign,
            &format!("{}: design change", self.params.plan_code),
        );
        s.params = serde_json::to_value(&self.params).unwrap_or_default();
        s
    }
}

fn shown(v: f64, entry: Entry) -> String {
    match entry {
        Entry::Usd => money(v),
        Entry::Percent => pct(v),
    }
}

fn edit(ui: &mut egui::Ui, v: &mut f64, entry: Entry) -> egui::Response {
    match entry {
        Entry::Usd => ui.add(
            egui::DragValue::new(v)
                .range(0.0..=100_000.0)
                .speed(25.0)
                .custom_formatter(|x, _| money(x))
                .custom_parser(|t| t.replace(['$', ',', ' '], "").parse().ok()),
        ),
        Entry::Percent => {
            let mut shown = *v * 100.0;
            let r = ui.add(
                egui::DragValue::new(&mut shown)
                    .range(0.0..=100.0)
                    .speed(0.5)
                    .suffix(" %"),
            );
            if r.changed() {
                *v = shown / 100.0;
            }
            r
        }
    }
}
