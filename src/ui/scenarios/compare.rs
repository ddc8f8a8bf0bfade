//! Saved scenarios side by side against a baseline: inputs with neutral differences, outputs
//! coloured by whether the difference is better or worse for the purchaser.

use super::{ScenariosView, theme};
use crate::model::scenario::{
    self, Better, Unit, display_delta, display_value, output_better, output_label, output_unit,
    param_specs,
};
use crate::store::scenarios::SavedScenario;
use serde_json::{Map, Value};

/// How a difference is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tone {
    Good,
    Bad,
    Neutral,
}

/// Green when the difference helps the purchaser, red when it hurts; inputs are neutral.
pub(super) fn tone(better: Better, delta: f64) -> Tone {
    match better {
        Better::Neither => Tone::Neutral,
        Better::Lower if delta < 0.0 => Tone::Good,
        Better::Higher if delta > 0.0 => Tone::Good,
        _ => Tone::Bad,
    }
}

impl ScenariosView {
    fn compare_picker_ui(&mut self, ui: &mut egui::Ui, list: &[SavedScenario]) {
        ui.label("Scenarios to compare:");
        ui.horizontal_wrapped(|ui| {
            for s in list {
                let mut on = self.compare.contains(&s.id);
                if ui.checkbox(&mut on, &s.scenario.name).changed() {
                    if on {
                        self.compare.insert(s.id);
                    } else {
                        self.compare.remove(&s.id);
                    }
                }
            }
        });
    }

    pub(super) fn compare_ui(&mut self, ui: &mut egui::Ui) {
        let list = self.list.clone().unwrap_or_default();
        if list.len() < 2 {
            ui.label("Save two or more scenarios to compare them side by side.");
            return;
        }
        self.compare_picker_ui(ui, &list);
        let chosen: Vec<&SavedScenario> = list
            .iter()
            .filter(|s| self.compare.contains(&s.id))
            .collect();
        if chosen.len() < 2 {
            ui.weak("Tick two or more scenarios.");
            return;
        }
        let baseline_id = self
            .baseline
            .filter(|b| self.compare.contains(b))
            .unwrap_or(chosen[0].id);
        ui.horizontal_wrapped(|ui| {
            ui.label("Baseline");
            for s in &chosen {
                if ui
                    .selectable_label(s.id == baseline_id, &s.scenario.name)
                    .clicked()
                {
                    self.baseline = Some(s.id);
                }
            }
        });
        ui.separator();
        let runs: Vec<(&SavedScenario, Map<String, Value>)> = chosen
            .iter()
            .map(|s| (*s, s.scenario.run().unwrap_or_default()))
            .collect();
        compare_table_ui(ui, &runs, baseline_id);
    }
}

/// One row of the comparison: label, unit, direction and each scenario's value.
struct Row {
    label: String,
    unit: Unit,
    better: Better,
    values: Vec<Option<f64>>,
}

fn compare_rows(runs: &[(&SavedScenario, Map<String, Value>)]) -> Vec<Row> {
    let Some((first, first_out)) = runs.first() else {
        return Vec::new();
    };
    let mut rows: Vec<Row> = param_specs(first.scenario.kind)
        .iter()
        .map(|spec| Row {
            label: spec.label.to_string(),
            unit: spec.unit,
            better: Better::Neither,
            values: runs
                .iter()
                .map(|(s, _)| s.scenario.input(spec.name))
                .collect(),
        })
        .collect();
    rows.extend(
        scenario::numeric_outputs(first_out)
            .into_iter()
            .map(|name| Row {
                label: output_label(&name),
                unit: output_unit(&name),
                better: output_better(&name),
                values: runs
                    .iter()
                    .map(|(_, out)| out.get(&name).and_then(Value::as_f64))
                    .collect(),
            }),
    );
    rows
}

fn compare_table_ui(
    ui: &mut egui::Ui,
    runs: &[(&SavedScenario, Map<String, Value>)],
    baseline_id: i64,
) {
    let base = runs
        .iter()
        .position(|(s, _)| s.id == baseline_id)
        .unwrap_or(0);
    let rows = compare_rows(runs);
    let inputs = param_specs(runs[0].0.scenario.kind).len();
    let mut labels: Vec<egui::WidgetText> = vec![egui::RichText::new("").into()];
    labels.extend(rows.iter().enumerate().map(|(i, r)| {
        let t = egui::RichText::new(&r.label);
        if i >= inputs {
            t.strong().into()
        } else {
            t.into()
        }
    }));
    let headers: Vec<egui::WidgetText> = runs
        .iter()
        .map(|(s, _)| {
            let name = if s.id == baseline_id {
                format!("{} (baseline)", s.scenario.name)
            } else {
                s.scenario.name.clone()
            };
            egui::RichText::new(name).strong().into()
        })
        .collect();
    let dark = ui.visuals().dark_mode;
    crate::ui::sticky::sticky_table(
        ui,
        "compare_scenarios",
        &labels,
        &headers,
        crate::ui::sticky::Sizes {
            row_height: 22.0,
            first_width: 200.0,
            column_width: 180.0,
        },
        |ui, row, col| {
            let Some(r) = rows.get(row) else { return };
            let value = r.values.get(col).copied().flatten();
            let b = r.values.get(base).copied().flatten();
            cell_ui(ui, value, b, r, dark);
        },
    );
}

fn cell_ui(ui: &mut egui::Ui, value: Option<f64>, base: Option<f64>, row: &Row, dark: bool) {
    let Some(v) = value else {
        ui.weak("—");
        return;
    };
    let text = display_value(row.unit, v);
    let Some(b) = base.filter(|b| (v - b).abs() > 1e-9) else {
        ui.label(text);
        return;
    };
    let delta = v - b;
    let colour = match tone(row.better, delta) {
        Tone::Good => theme::good(dark),
        Tone::Bad => theme::bad(dark),
        Tone::Neutral => theme::muted(dark),
    };
    ui.horizontal(|ui| {
        ui.label(text);
        ui.colored_label(colour, format!("({})", display_delta(row.unit, delta)));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_higher_cost_is_bad_and_an_input_is_neutral() {
        assert_eq!(tone(Better::Lower, 0.02), Tone::Bad);
        assert_eq!(tone(Better::Lower, -0.02), Tone::Good);
        assert_eq!(tone(Better::Neither, 0.02), Tone::Neutral);
    }
}
