//! The scenario form: name, inputs with their units, large claimants, notes, and "Fill from
//! workspace" for renewals.

use super::{AppCommand, ScenariosView, theme};
use crate::model::labels::entry_format;
use crate::model::scenario::{ParamSpec, Scenario, ScenarioKind, Unit, param_specs};
use crate::store::Workspace;
use crate::ui::a11y::Named;
use serde_json::Value;

/// The claimants list as the user types it: `600000, 310000`.
pub(super) fn claimants_text(s: &Scenario) -> String {
    s.params
        .get("claimants")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_f64)
                .map(|x| crate::format::grouped(x, 0))
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default()
}

/// Amounts separated by `;`, commas, spaces or new lines; a comma followed by exactly three
/// digits is a thousands separator (`600,000`), any other comma separates amounts.
fn parse_claimants(text: &str) -> Vec<Value> {
    text.split([';', '\n', ' ', '\t'])
        .flat_map(split_commas)
        .filter_map(|t| t.replace('$', "").parse::<f64>().ok())
        .map(Value::from)
        .collect()
}

fn split_commas(token: &str) -> Vec<String> {
    let mut amounts: Vec<String> = Vec::new();
    for (i, part) in token.split(',').enumerate() {
        let group = part.len() == 3 && part.chars().all(|c| c.is_ascii_digit());
        match amounts.last_mut() {
            Some(last) if i > 0 && group => last.push_str(part),
            _ if part.is_empty() => {}
            _ => amounts.push(part.to_string()),
        }
    }
    amounts
}

/// How a drag value moves and how many decimals it shows, per unit.
fn drag_feel(unit: Unit, value: f64) -> (f64, usize) {
    match unit {
        Unit::Percent | Unit::Points => (0.05, 2),
        // Unit prices and small amounts keep their cents; large amounts move in whole dollars.
        Unit::Usd if value.abs() < 1_000.0 => (0.01, 2),
        Unit::Usd => ((value.abs() * 0.001).max(1.0), 0),
        Unit::UsdPmpm | Unit::UsdPepm => (0.5, 2),
        Unit::Count | Unit::Years => ((value.abs() * 0.001).max(1.0), 0),
        Unit::Months => (0.1, 1),
        Unit::Factor => (0.001, 4),
        Unit::Score | Unit::Stars => (0.1, 1),
    }
}

/// A drag value that shows and takes the unit (`$`, `%`, `mo`), storing the model's value.
/// A number in `unit`'s entry format; a screen reader hears `name` and the unit in words.
pub(super) fn unit_drag(
    ui: &mut egui::Ui,
    name: &str,
    unit: Unit,
    value: &mut f64,
) -> egui::Response {
    let (scale, prefix, suffix) = entry_format(unit);
    let (speed, decimals) = drag_feel(unit, *value);
    let mut shown = *value * scale;
    let resp = ui.add(
        egui::DragValue::new(&mut shown)
            .speed(speed)
            .prefix(prefix)
            .suffix(suffix)
            .max_decimals(decimals)
            .min_decimals(if decimals > 0 { 2.min(decimals) } else { 0 })
            .custom_formatter(move |n, _| crate::format::grouped(n, decimals))
            .custom_parser(|text| {
                // Keep the number: drop separators, $, % and unit words (mo, PMPM, PEPM).
                text.replace([',', '$', '%', ' '], "")
                    .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                    .parse()
                    .ok()
            }),
    );
    if resp.changed() {
        *value = shown / scale;
    }
    resp.named(crate::ui::a11y::with_unit(name, unit))
}

impl ScenariosView {
    pub(super) fn editor_ui(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        commands: &mut Vec<AppCommand>,
    ) {
        let time = ui.input(|i| i.time);
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let caption = ui.label("Name");
            let mut name = self.draft.name.clone();
            if ui
                .add(
                    egui::TextEdit::singleline(&mut name)
                        .desired_width(f32::INFINITY)
                        .hint_text("Scenario name"),
                )
                .labelled_by(caption.id)
                .changed()
            {
                self.edit("name", time, |d| d.name = name);
            }
        });
        if self.draft.kind == ScenarioKind::Renewal {
            self.fill_ui(ui, ws, time, commands);
        }
        ui.separator();
        let error = self.outputs.as_ref().err().cloned();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                // A kind's own errors (a list item, a schedule) show above its form; a
                // renewal's show beside the field they name.
                if let Some(e) = error
                    .as_ref()
                    .filter(|_| self.draft.kind != ScenarioKind::Renewal)
                {
                    ui.colored_label(theme::bad(ui.visuals().dark_mode), e);
                }
                match self.draft.kind {
                    ScenarioKind::PooledVolume => self.pooled_editor_ui(ui, ws, time, commands),
                    ScenarioKind::ValueBased => {
                        self.value_editor_ui(ui, ws, time, commands);
                        self.fields_ui(ui, time, error.as_deref());
                        self.value_lists_ui(ui, time);
                    }
                    ScenarioKind::Renewal | ScenarioKind::PlanDesign => {
                        self.fields_ui(ui, time, error.as_deref())
                    }
                    ScenarioKind::Migration => {
                        self.fill_ui(ui, ws, time, commands);
                        self.fields_ui(ui, time, error.as_deref());
                        self.migration_lists_ui(ui, ws, time);
                    }
                    ScenarioKind::ReferencePrice => {
                        self.fields_ui(ui, time, error.as_deref());
                        self.reference_lists_ui(ui, ws, time, commands);
                    }
                }
                self.notes_ui(ui, time);
            });
    }

    /// The kind's numeric inputs as a two-column form (with a renewal's claimants).
    fn fields_ui(&mut self, ui: &mut egui::Ui, time: f64, error: Option<&str>) {
        egui::Grid::new("scenario_form")
            .num_columns(2)
            .striped(true)
            .show(ui, |ui| {
                for spec in param_specs(self.draft.kind) {
                    self.field_ui(ui, spec, time, error);
                }
                if self.draft.kind == ScenarioKind::Renewal {
                    self.claimants_ui(ui, time);
                }
            });
    }

    fn claimants_ui(&mut self, ui: &mut egui::Ui, time: f64) {
        let caption = ui.label("Large claimants").on_hover_text(
            "Annual claim totals of the largest claimants, separated by ; for pooling",
        );
        let resp = ui
            .add(
                egui::TextEdit::singleline(&mut self.claimants_text)
                    .desired_width(170.0)
                    .hint_text("e.g. 600,000; 310,000"),
            )
            .labelled_by(caption.id);
        if resp.changed() {
            let parsed = parse_claimants(&self.claimants_text);
            self.edit("claimants", time, |d| {
                d.params["claimants"] = Value::Array(parsed)
            });
        }
        ui.end_row();
    }

    pub(super) fn notes_ui(&mut self, ui: &mut egui::Ui, time: f64) {
        ui.add_space(6.0);
        let caption = ui.label("Notes");
        let mut notes = self.draft.notes.clone();
        if ui
            .add(
                egui::TextEdit::multiline(&mut notes)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY)
                    .hint_text("Assumptions, sources, what was agreed"),
            )
            .labelled_by(caption.id)
            .changed()
        {
            self.edit("notes", time, |d| d.notes = notes);
        }
    }

    pub(super) fn fill_ui(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        time: f64,
        commands: &mut Vec<AppCommand>,
    ) {
        if self.purchasers.is_none() {
            match ws.purchaser_names() {
                Ok(p) => self.purchasers = Some(p),
                Err(e) => {
                    self.purchasers = Some(Vec::new());
                    commands.push(AppCommand::Error(e.to_string()));
                }
            }
        }
        let purchasers = self.purchasers.clone().unwrap_or_default();
        ui.horizontal_wrapped(|ui| {
            let current = self
                .fill_purchaser
                .and_then(|id| purchasers.iter().find(|p| p.0 == id))
                .map_or("Choose purchaser".to_string(), |p| p.1.clone());
            let label = ui.label("Purchaser");
            let before = self.fill_purchaser;
            egui::ComboBox::from_id_salt("fill_purchaser")
                .selected_text(current)
                .width(170.0)
                .show_ui(ui, |ui| {
                    for (id, name) in &purchasers {
                        ui.selectable_value(&mut self.fill_purchaser, Some(*id), name);
                    }
                })
                .response
                .labelled_by(label.id);
            if self.fill_purchaser != before {
                self.beta_estimate = None;
            }
            let fill = ui
                .add_enabled(
                    self.fill_purchaser.is_some(),
                    egui::Button::new("Fill from workspace"),
                )
                .on_hover_text(
                    "Paid claims, member months, employees, large claimants and current premium from the last 12 months",
                );
            if fill.clicked()
                && let Some(id) = self.fill_purchaser
            {
                self.fill_from(ws, id, time, commands);
            }
            let claims_kind = matches!(
                self.draft.kind,
                ScenarioKind::Renewal | ScenarioKind::ValueBased
            );
            if claims_kind {
                let name = self
                    .fill_purchaser
                    .and_then(|id| purchasers.iter().find(|p| p.0 == id))
                    .map(|p| p.1.clone());
                let from_claims = ui
                    .add_enabled(name.is_some(), egui::Button::new("Fill from claims"))
                    .on_hover_text(if self.draft.kind == ScenarioKind::Renewal {
                        "Paid claims, member months and claimants over the pooling point from the latest claims year"
                    } else {
                        "Baseline allowed PMPM, attributed lives, and use per 1,000 and cost per event by service from the latest claims year"
                    });
                if from_claims.clicked()
                    && let Some(name) = name
                {
                    self.fill_from_claims(ws, &name, time, commands);
                }
            }
        });
    }

    /// Renewal or value-based inputs from the purchaser's claims (DESIGN §4.10).
    fn fill_from_claims(
        &mut self,
        ws: &Workspace,
        purchaser: &str,
        time: f64,
        commands: &mut Vec<AppCommand>,
    ) {
        let data = match ws.claims_data() {
            Ok(d) => d,
            Err(e) => return commands.push(AppCommand::Error(e.to_string())),
        };
        if self.draft.kind == ScenarioKind::ValueBased {
            return self.fill_value_from_claims(&data, purchaser, time, commands);
        }
        let pooling = self
            .draft
            .input("pooling_point")
            .unwrap_or(250_000.0)
            .max(1.0);
        let Some(exp) = crate::model::claims::renewal_experience(&data, purchaser, pooling) else {
            return commands.push(AppCommand::Error(format!(
                "{purchaser} has no claims to fill from; import its claim lines in Import"
            )));
        };
        if exp.member_months <= 0.0 {
            return commands.push(AppCommand::Error(format!(
                "{purchaser}'s claims have no member months (import eligibility spans or a census)"
            )));
        }
        let rx_share = crate::model::claims::pharmacy_share(&data, purchaser, exp.year);
        let params = serde_json::from_value::<crate::model::renewal::RenewalParams>(
            self.draft.params.clone(),
        )
        .map(|mut p| {
            p.paid_claims = (exp.paid_claims * 100.0).round() / 100.0;
            p.member_months = exp.member_months;
            p.claimants = exp
                .claimants_paid
                .iter()
                .map(|c| (c * 100.0).round() / 100.0)
                .collect();
            p.rx_share = (rx_share * 10_000.0).round() / 10_000.0;
            serde_json::to_value(p)
        });
        match params {
            Ok(Ok(params)) => {
                self.edit("fill", time, |d| d.params = params);
                self.claimants_text = claimants_text(&self.draft);
                commands.push(AppCommand::Notify(format!(
                    "Filled from {purchaser}'s {} claims: paid {}, {} member months, {} claimants over {}",
                    exp.year,
                    crate::format::money(exp.paid_claims),
                    crate::format::count(exp.member_months.round() as i64),
                    exp.claimants_paid.len(),
                    crate::format::money(pooling)
                )));
            }
            Ok(Err(e)) | Err(e) => commands.push(AppCommand::Error(format!(
                "Could not fill from claims: {e}"
            ))),
        }
    }

    fn fill_from(
        &mut self,
        ws: &Workspace,
        purchaser: i64,
        time: f64,
        commands: &mut Vec<AppCommand>,
    ) {
        if self.draft.kind == ScenarioKind::ValueBased {
            return self.fill_value_from(ws, purchaser, time, commands);
        }
        if self.draft.kind == ScenarioKind::Migration {
            return self.fill_migration_from(ws, purchaser, time, commands);
        }
        let pooling = self
            .draft
            .input("pooling_point")
            .unwrap_or(250_000.0)
            .max(1.0);
        let exp = match ws.experience(purchaser, pooling) {
            Ok(exp) => exp,
            Err(e) => return commands.push(AppCommand::Error(e.to_string())),
        };
        let params = serde_json::from_value::<crate::model::renewal::RenewalParams>(
            self.draft.params.clone(),
        )
        .map(|mut p| {
            exp.apply_to(&mut p);
            serde_json::to_value(p)
        });
        match params {
            Ok(Ok(params)) => {
                self.edit("fill", time, |d| d.params = params);
                self.claimants_text = claimants_text(&self.draft);
                commands.push(AppCommand::Notify(
                    "Filled paid claims, member months, employees, claimants and premium from the workspace".into(),
                ));
            }
            Ok(Err(e)) | Err(e) => commands.push(AppCommand::Error(format!(
                "Could not fill from the workspace: {e}"
            ))),
        }
    }

    fn field_ui(&mut self, ui: &mut egui::Ui, spec: &ParamSpec, time: f64, error: Option<&str>) {
        ui.label(spec.label).on_hover_text(spec.help);
        let current = self
            .draft
            .params
            .get(spec.name)
            .cloned()
            .unwrap_or(Value::Null);
        ui.horizontal(|ui| {
            if spec.optional {
                let mut on = !current.is_null();
                if ui
                    .checkbox(&mut on, "")
                    .on_hover_text("Use this input")
                    .named(format!("Use {}", spec.label))
                    .changed()
                {
                    let v = if on {
                        Value::from(crate::model::labels::enabled_default(spec.name))
                    } else {
                        Value::Null
                    };
                    self.edit(spec.name, time, |d| d.params[spec.name] = v);
                }
                if !on {
                    ui.weak("not used");
                    return;
                }
            }
            if matches!(spec.name, "msr" | "mlr") && threshold_ui(ui, &current) {
                // Switch between a fixed rate and the MSSP table by attributed lives.
                let next = if current.is_string() {
                    Value::from(0.02)
                } else {
                    Value::from("table")
                };
                self.edit(spec.name, time, |d| d.params[spec.name] = next);
                return;
            }
            let Some(mut x) = current.as_f64() else {
                return;
            };
            let resp = unit_drag(ui, spec.label, spec.unit, &mut x);
            if resp.changed() {
                if spec.unit == Unit::Years {
                    x = x.round().max(0.0);
                }
                self.edit(spec.name, time, |d| d.params[spec.name] = Value::from(x));
            }
        });
        ui.end_row();
        if let Some(e) = error.filter(|e| e.contains(spec.name) || e.contains(spec.label)) {
            ui.label("");
            ui.colored_label(theme::bad(ui.visuals().dark_mode), e);
            ui.end_row();
        }
    }
}

/// The table/rate switch of a minimum savings or loss rate; true when clicked.
fn threshold_ui(ui: &mut egui::Ui, current: &Value) -> bool {
    if current.is_string() {
        ui.label("MSSP table by lives");
        return ui.small_button("Use a fixed rate").clicked();
    }
    ui.small_button("Table")
        .on_hover_text("Use the MSSP table by attributed lives")
        .clicked()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claimants_accept_thousands_separators_and_semicolons() {
        let parsed = parse_claimants("600,000; 310000\n$45,500");
        assert_eq!(
            parsed,
            vec![
                Value::from(600_000.0),
                Value::from(310_000.0),
                Value::from(45_500.0)
            ]
        );
    }

    #[test]
    fn claimants_accept_comma_space_lists() {
        let parsed = parse_claimants("600000, 310000,45000");
        assert_eq!(
            parsed,
            vec![
                Value::from(600_000.0),
                Value::from(310_000.0),
                Value::from(45_000.0)
            ]
        );
    }
}
