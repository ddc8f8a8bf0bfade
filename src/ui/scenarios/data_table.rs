//! One- and two-input data tables with heat-map colouring; ranges typed in each input's unit.

use super::{ScenariosView, name_combo, theme};
use crate::model::scenario::{self, Unit, display_value, output_unit, unit_of};
use crate::ui::a11y::Named;

/// The table's set-up and its last result.
pub(super) struct DataTable {
    a: String,
    a_range: (f64, f64),
    b: Option<String>,
    b_range: (f64, f64),
    steps: usize,
    output: String,
    pub(super) result: Option<Result<TableResult, String>>,
}

impl Default for DataTable {
    fn default() -> Self {
        DataTable {
            a: "trend_medical".into(),
            a_range: (0.0, 0.12),
            b: Some("loads_pct".into()),
            b_range: (0.05, 0.20),
            steps: 7,
            output: "renewal_change".into(),
            result: None,
        }
    }
}

impl DataTable {
    /// The usual table of each kind: renewal change by trend and loads; pool savings by the
    /// first member's volume and the price of the tier the pool reaches.
    pub(super) fn for_scenario(s: &scenario::Scenario) -> Self {
        match s.kind {
            scenario::ScenarioKind::Renewal => DataTable::default(),
            scenario::ScenarioKind::ValueBased => {
                let (a, x) = match s.input("actual_pmpm") {
                    Some(x) => ("actual_pmpm", x),
                    None => ("utilization.0.lever", 0.0),
                };
                let range = if a == "actual_pmpm" {
                    (x * 0.9, x * 1.1)
                } else {
                    (-0.2, 0.1)
                };
                DataTable {
                    a: a.into(),
                    a_range: range,
                    b: Some("quality_score".into()),
                    b_range: (0.6, 1.0),
                    steps: 7,
                    output: "settlement".into(),
                    result: None,
                }
            }
            scenario::ScenarioKind::ReferencePrice => DataTable {
                a: "target".into(),
                a_range: (1.5, 2.5),
                b: None,
                b_range: (0.0, 0.0),
                steps: 11,
                output: "savings".into(),
                result: None,
            },
            scenario::ScenarioKind::Migration => {
                let plan = super::goal_seek::changed_plan_input(s);
                let c = s.input(&plan).unwrap_or(1_200.0);
                DataTable {
                    a: "premium_coefficient".into(),
                    a_range: (-0.3, -0.02),
                    b: Some(plan),
                    b_range: (c * 0.8, c * 1.4),
                    steps: 7,
                    output: "employer_saving".into(),
                    result: None,
                }
            }
            scenario::ScenarioKind::PlanDesign => {
                let d = s.input("new_deductible").unwrap_or(3_000.0);
                DataTable {
                    a: "new_deductible".into(),
                    a_range: (d * 0.5, d * 1.5),
                    b: Some("new_coinsurance".into()),
                    b_range: (0.1, 0.4),
                    steps: 7,
                    output: "premium_new".into(),
                    result: None,
                }
            }
            scenario::ScenarioKind::PooledVolume => {
                let volume = s.input("members.0.volume").unwrap_or(100_000.0);
                let price = s.input("schedule.0.unit_price").unwrap_or(10.0);
                DataTable {
                    a: "members.0.volume".into(),
                    a_range: (0.0, (volume * 2.0).max(1.0)),
                    b: Some("schedule.0.unit_price".into()),
                    b_range: (price * 0.8, price * 1.2),
                    steps: 7,
                    output: "savings".into(),
                    result: None,
                }
            }
        }
    }
}

pub(super) struct TableResult {
    a_values: Vec<f64>,
    b_values: Vec<f64>,
    grid: Vec<Vec<Option<f64>>>,
    millis: f64,
}

impl DataTable {
    fn compute(&mut self, draft: &scenario::Scenario) {
        let started = std::time::Instant::now();
        let a_values = scenario::linspace(self.a_range.0, self.a_range.1, self.steps);
        let result = match &self.b {
            Some(b) => {
                let b_values = scenario::linspace(self.b_range.0, self.b_range.1, self.steps);
                scenario::sweep_two(draft, &self.a, &a_values, b, &b_values, &self.output)
                    .map(|grid| (b_values, grid))
            }
            None => scenario::sweep_one(
                draft,
                &self.a,
                &a_values,
                std::slice::from_ref(&self.output),
            )
            .map(|rows| {
                (
                    vec![0.0],
                    rows.into_iter().map(|(_, cells)| cells).collect(),
                )
            }),
        };
        self.result = Some(
            result
                .map(|(b_values, grid)| TableResult {
                    a_values,
                    b_values,
                    grid,
                    millis: started.elapsed().as_secs_f64() * 1e3,
                })
                .map_err(|e| e.to_string()),
        );
    }
}

fn range_ui(ui: &mut egui::Ui, axis: &str, unit: Unit, range: &mut (f64, f64), enabled: bool) {
    ui.add_enabled_ui(enabled, |ui| {
        ui.label("from");
        super::editor::unit_drag(ui, &format!("{axis} from"), unit, &mut range.0);
        ui.label("to");
        super::editor::unit_drag(ui, &format!("{axis} to"), unit, &mut range.1);
    });
}

impl ScenariosView {
    pub(super) fn data_table_ui(&mut self, ui: &mut egui::Ui) {
        let (inputs, outputs) = self.numeric_names();
        let t = &mut self.table;
        egui::Grid::new("table_setup")
            .num_columns(3)
            .show(ui, |ui| {
                let caption = ui.label("Rows: input");
                name_combo(ui, "dt_a", caption.id, &self.draft, &mut t.a, &inputs);
                ui.horizontal(|ui| range_ui(ui, "Rows", unit_of(&t.a), &mut t.a_range, true));
                ui.end_row();
                let caption = ui.label("Columns: input");
                let mut two = t.b.is_some();
                ui.horizontal(|ui| {
                    ui.checkbox(&mut two, "")
                        .on_hover_text("Two-input table")
                        .labelled_by(caption.id)
                        .named("Two-input table: vary a second input in the columns");
                    if two {
                        let mut b =
                            t.b.clone()
                                .unwrap_or_else(|| inputs.first().cloned().unwrap_or_default());
                        name_combo(ui, "dt_b", caption.id, &self.draft, &mut b, &inputs);
                        t.b = Some(b);
                    } else {
                        t.b = None;
                        ui.weak("one-input table");
                    }
                });
                let b_unit = t.b.as_deref().map_or(Unit::Factor, unit_of);
                ui.horizontal(|ui| range_ui(ui, "Columns", b_unit, &mut t.b_range, two));
                ui.end_row();
                let caption = ui.label("Output");
                name_combo(
                    ui,
                    "dt_out",
                    caption.id,
                    &self.draft,
                    &mut t.output,
                    &outputs,
                );
                ui.add(egui::Slider::new(&mut t.steps, 2..=50).text("values per input (count)"));
                ui.end_row();
            });
        if ui.button("Compute table").clicked() {
            t.compute(&self.draft);
        }
        match &t.result {
            Some(Ok(r)) => heat_table_ui(ui, r, &self.draft, (&t.a, t.b.as_deref()), &t.output),
            Some(Err(e)) => {
                ui.colored_label(theme::bad(ui.visuals().dark_mode), e);
            }
            None => {
                ui.weak("Choose inputs and ranges, then Compute table.");
            }
        }
    }
}

fn heat_table_ui(
    ui: &mut egui::Ui,
    r: &TableResult,
    s: &scenario::Scenario,
    (a, b): (&str, Option<&str>),
    output: &str,
) {
    let display_name = |n: &str| s.label_of(n);
    let cells = r.grid.len() * r.grid.first().map_or(0, Vec::len);
    ui.weak(format!(
        "{} by {}: {} cells in {:.1} ms",
        display_name(output),
        b.map_or(display_name(a), |b| format!(
            "{} (rows) and {} (columns)",
            display_name(a),
            display_name(b)
        )),
        crate::format::count(cells as i64),
        r.millis
    ));
    let values: Vec<f64> = r.grid.iter().flatten().flatten().copied().collect();
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(x, y), v| {
            (x.min(*v), y.max(*v))
        });
    let (unit, a_unit) = (output_unit(output), unit_of(a));
    let better = crate::model::labels::output_better(output);
    ui.weak(match better {
        crate::model::labels::Better::Higher => "Green is better (higher), red worse.",
        crate::model::labels::Better::Lower => "Green is better (lower), red worse.",
        crate::model::labels::Better::Neither => "Darker is higher; neither way is better.",
    });
    let b_unit = b.map_or(Unit::Factor, unit_of);
    let dark = ui.visuals().dark_mode;
    let mut labels: Vec<egui::WidgetText> =
        vec![egui::RichText::new(display_name(a)).strong().into()];
    labels.extend(r.a_values.iter().map(|av| {
        egui::RichText::new(display_value(a_unit, *av))
            .strong()
            .into()
    }));
    let headers: Vec<egui::WidgetText> = match b {
        Some(_) => r
            .b_values
            .iter()
            .map(|bv| {
                egui::RichText::new(display_value(b_unit, *bv))
                    .strong()
                    .into()
            })
            .collect(),
        None => vec![egui::RichText::new(display_name(output)).strong().into()],
    };
    let sizes = crate::ui::sticky::Sizes {
        row_height: 28.0,
        first_width: 110.0,
        column_width: 90.0,
    };
    crate::ui::sticky::sticky_table(
        ui,
        "heat_table",
        &labels,
        &headers,
        sizes,
        |ui, row, col| {
            let cell = r
                .grid
                .get(row)
                .and_then(|cells| cells.get(col))
                .copied()
                .flatten();
            heat_cell_ui(ui, cell, (lo, hi), (unit, better), dark);
        },
    );
}

fn heat_cell_ui(
    ui: &mut egui::Ui,
    cell: Option<f64>,
    (lo, hi): (f64, f64),
    (unit, better): (Unit, crate::model::labels::Better),
    dark: bool,
) {
    let Some(v) = cell else {
        ui.weak("invalid");
        return;
    };
    let t = if hi > lo {
        ((v - lo) / (hi - lo)) as f32
    } else {
        0.5
    };
    egui::Frame::new()
        .fill(heat_fill(t, better, dark))
        .inner_margin(3.0)
        .show(ui, |ui| {
            ui.label(display_value(unit, v));
        });
}

/// A cell's colour at `t` (0 the lowest value, 1 the highest): the better end is green
/// whichever way is better (`theme::heat` runs from green at 0 to red at 1).
fn heat_fill(t: f32, better: crate::model::labels::Better, dark: bool) -> egui::Color32 {
    match better {
        crate::model::labels::Better::Lower => theme::heat(t, dark),
        crate::model::labels::Better::Higher => theme::heat(1.0 - t, dark),
        crate::model::labels::Better::Neither => theme::heat_neutral(t, dark),
    }
}

#[cfg(test)]
mod heat_tests {
    use super::*;
    use crate::model::labels::{Better, output_better};

    #[test]
    fn the_highest_savings_are_green_and_the_highest_cost_red() {
        assert_eq!(output_better("savings"), Better::Higher);
        assert_eq!(
            heat_fill(1.0, Better::Higher, false),
            theme::heat(0.0, false)
        );
        assert_eq!(
            heat_fill(1.0, Better::Lower, false),
            theme::heat(1.0, false)
        );
    }

    #[test]
    fn a_value_with_no_better_direction_is_neither_green_nor_red() {
        let c = heat_fill(1.0, Better::Neither, false);
        assert_ne!(c, theme::heat(0.0, false));
        assert_ne!(c, theme::heat(1.0, false));
    }
}
