//! Scenarios view: saved scenarios by kind, an editor that recomputes on every edit,
//! waterfall and multi-year charts, goal seek, data tables, tornado, compare and the run log.

use super::app::AppCommand;
use super::theme;
use crate::format::{pct, usd};
use crate::model::scenario::{
    self, ParamSpec, Scenario, ScenarioKind, TornadoBar, Unit, format_value, output_unit,
    param_specs,
};
use crate::store::Workspace;
use crate::store::scenarios::SavedScenario;
use egui_plot::{Bar, BarChart, Line, Plot, PlotPoints};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Results,
    DataTable,
    Tornado,
    Compare,
    Log,
}

struct GoalSeekDialog {
    input: String,
    output: String,
    target: f64,
    answer: Option<Result<scenario::GoalSeekResult, String>>,
}

struct DataTable {
    a: String,
    a_range: (f64, f64),
    b: Option<String>,
    b_range: (f64, f64),
    steps: usize,
    output: String,
    result: Option<Result<TableResult, String>>,
}

struct TableResult {
    a_values: Vec<f64>,
    b_values: Vec<f64>,
    grid: Vec<Vec<Option<f64>>>,
    millis: f64,
}

/// State of the Scenarios view.
pub struct ScenariosView {
    list: Option<Vec<SavedScenario>>,
    /// Purchasers for "Fill from workspace", read once per data change.
    purchasers: Option<Vec<(i64, String)>>,
    draft: Scenario,
    draft_id: Option<i64>,
    dirty: bool,
    outputs: Result<Map<String, Value>, String>,
    undo: Vec<Scenario>,
    redo: Vec<Scenario>,
    last_edit: Option<(String, f64)>,
    tab: Tab,
    goal_seek: Option<GoalSeekDialog>,
    table: DataTable,
    tornado_pct: f64,
    tornado: Option<Result<Vec<TornadoBar>, String>>,
    compare: BTreeSet<i64>,
    baseline: Option<i64>,
    fill_purchaser: Option<i64>,
    claimants_text: String,
}

impl Default for ScenariosView {
    fn default() -> Self {
        let draft = Scenario::new(ScenarioKind::Renewal, "Untitled renewal");
        let mut view = ScenariosView {
            list: None,
            purchasers: None,
            claimants_text: claimants_text(&draft),
            draft,
            draft_id: None,
            dirty: false,
            outputs: Ok(Map::new()),
            undo: Vec::new(),
            redo: Vec::new(),
            last_edit: None,
            tab: Tab::Results,
            goal_seek: None,
            table: DataTable {
                a: "trend_medical".into(),
                a_range: (0.0, 0.12),
                b: Some("loads_pct".into()),
                b_range: (0.05, 0.20),
                steps: 11,
                output: "renewal_change".into(),
                result: None,
            },
            tornado_pct: 0.10,
            tornado: None,
            compare: BTreeSet::new(),
            baseline: None,
            fill_purchaser: None,
        };
        view.recompute();
        view
    }
}

fn claimants_text(s: &Scenario) -> String {
    s.params
        .get("claimants")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_f64)
                .map(|x| format!("{x}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

impl ScenariosView {
    /// Reloads the saved list after the workspace changed.
    pub fn invalidate(&mut self) {
        self.list = None;
        self.purchasers = None;
    }

    /// Called after a save: the draft is now that saved scenario.
    pub fn saved(&mut self, id: i64) {
        self.draft_id = Some(id);
        self.dirty = false;
        self.list = None;
    }

    /// The scenario being edited.
    pub fn draft(&self) -> &Scenario {
        &self.draft
    }

    fn recompute(&mut self) {
        self.outputs = self.draft.run().map_err(|e| e.to_string());
        self.tornado = None;
        self.table.result = None;
    }

    fn load(&mut self, s: &SavedScenario) {
        self.draft = s.scenario.clone();
        self.draft_id = Some(s.id);
        self.dirty = false;
        self.undo.clear();
        self.redo.clear();
        self.claimants_text = claimants_text(&self.draft);
        self.recompute();
    }

    fn edit(&mut self, field: &str, time: f64, change: impl FnOnce(&mut Scenario)) {
        // One undo step per field per burst of edits (a drag makes many small changes).
        let same_burst = matches!(&self.last_edit, Some((f, t)) if f == field && time - t < 1.0);
        if !same_burst {
            self.undo.push(self.draft.clone());
            self.redo.clear();
        }
        self.last_edit = Some((field.to_string(), time));
        change(&mut self.draft);
        self.dirty = true;
        self.recompute();
    }

    fn undo_step(&mut self) {
        if let Some(prev) = self.undo.pop() {
            self.redo.push(std::mem::replace(&mut self.draft, prev));
            self.after_history();
        }
    }

    fn redo_step(&mut self) {
        if let Some(next) = self.redo.pop() {
            self.undo.push(std::mem::replace(&mut self.draft, next));
            self.after_history();
        }
    }

    fn after_history(&mut self) {
        self.last_edit = None;
        self.dirty = true;
        self.claimants_text = claimants_text(&self.draft);
        self.recompute();
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        if self.list.is_none() {
            match ws.scenarios() {
                Ok(list) => self.list = Some(list),
                Err(e) => {
                    self.list = Some(Vec::new());
                    commands.push(AppCommand::Error(e.to_string()));
                }
            }
        }
        let (undo, redo) = ui.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::Z),
                i.consume_key(
                    egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
                    egui::Key::Z,
                ),
            )
        });
        if redo {
            self.redo_step();
        } else if undo {
            self.undo_step();
        }
        egui::Panel::left("scenario_list")
            .default_size(230.0)
            .show(ui, |ui| self.list_ui(ui, commands));
        egui::Panel::left("scenario_editor")
            .default_size(380.0)
            .show(ui, |ui| self.editor_ui(ui, ws, commands));
        egui::CentralPanel::default().show(ui, |ui| self.results_ui(ui, ws));
        self.goal_seek_ui(ui);
    }

    fn list_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<AppCommand>) {
        ui.heading("Scenarios");
        ui.horizontal_wrapped(|ui| {
            for kind in ScenarioKind::ALL {
                if ui
                    .button(format!("New {}", kind.title().to_lowercase()))
                    .clicked()
                {
                    self.undo.push(self.draft.clone());
                    self.draft =
                        Scenario::new(kind, &format!("Untitled {}", kind.title().to_lowercase()));
                    self.draft_id = None;
                    self.dirty = true;
                    self.claimants_text = claimants_text(&self.draft);
                    self.recompute();
                }
            }
            if let Some(id) = self.draft_id {
                if ui.button("Duplicate").clicked() {
                    commands.push(AppCommand::DuplicateScenario(id));
                }
                if ui.button("Delete").clicked() {
                    commands.push(AppCommand::DeleteScenario(id));
                    self.draft_id = None;
                    self.dirty = true;
                }
            }
        });
        ui.separator();
        let list = self.list.clone().unwrap_or_default();
        if list.is_empty() {
            ui.label("No saved scenarios yet. Edit the draft and press Save.");
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            for kind in ScenarioKind::ALL {
                let of_kind: Vec<_> = list.iter().filter(|s| s.scenario.kind == kind).collect();
                if of_kind.is_empty() {
                    continue;
                }
                egui::CollapsingHeader::new(kind.title())
                    .default_open(true)
                    .show(ui, |ui| {
                        for s in of_kind {
                            ui.horizontal(|ui| {
                                let mut in_compare = self.compare.contains(&s.id);
                                if ui
                                    .checkbox(&mut in_compare, "")
                                    .on_hover_text("Include in Compare")
                                    .changed()
                                {
                                    if in_compare {
                                        self.compare.insert(s.id);
                                    } else {
                                        self.compare.remove(&s.id);
                                    }
                                }
                                if ui
                                    .selectable_label(self.draft_id == Some(s.id), &s.scenario.name)
                                    .clicked()
                                {
                                    self.load(s);
                                }
                            });
                        }
                    });
            }
        });
    }

    fn editor_ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        let time = ui.input(|i| i.time);
        ui.horizontal(|ui| {
            ui.label("Name");
            let mut name = self.draft.name.clone();
            if ui
                .add(
                    egui::TextEdit::singleline(&mut name)
                        .desired_width(220.0)
                        .hint_text("Scenario name"),
                )
                .changed()
            {
                self.edit("name", time, |d| d.name = name);
            }
        });
        ui.horizontal(|ui| {
            let label = if self.dirty { "Save *" } else { "Save" };
            if ui.button(label).clicked() {
                commands.push(AppCommand::SaveScenario {
                    id: self.draft_id,
                    scenario: self.draft.clone(),
                });
            }
            if ui
                .add_enabled(!self.undo.is_empty(), egui::Button::new("Undo"))
                .clicked()
            {
                self.undo_step();
            }
            if ui
                .add_enabled(!self.redo.is_empty(), egui::Button::new("Redo"))
                .clicked()
            {
                self.redo_step();
            }
            if ui.button("Goal seek…").clicked() {
                self.goal_seek = Some(GoalSeekDialog {
                    input: "current_premium_pmpm".into(),
                    output: "renewal_change".into(),
                    target: 0.05,
                    answer: None,
                });
            }
        });
        if self.draft.kind == ScenarioKind::Renewal {
            self.fill_ui(ui, ws, time);
        }
        ui.separator();
        let error = self.outputs.as_ref().err().cloned();
        egui::ScrollArea::vertical().show(ui, |ui| {
            egui::Grid::new("scenario_form")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for spec in param_specs(self.draft.kind) {
                        self.field_ui(ui, spec, time, error.as_deref());
                    }
                    if self.draft.kind == ScenarioKind::Renewal {
                        ui.label("Large claimants")
                            .on_hover_text("Annual claim totals, comma-separated, for pooling");
                        let resp = ui.add(
                            egui::TextEdit::singleline(&mut self.claimants_text)
                                .desired_width(170.0)
                                .hint_text("e.g. 600000, 310000"),
                        );
                        if resp.changed() {
                            let parsed: Vec<Value> = self
                                .claimants_text
                                .split([',', ';', ' '])
                                .filter_map(|t| t.trim().replace('$', "").parse::<f64>().ok())
                                .map(Value::from)
                                .collect();
                            self.edit("claimants", time, |d| {
                                d.params["claimants"] = Value::Array(parsed)
                            });
                        }
                        ui.end_row();
                    }
                });
            ui.label("Notes");
            let mut notes = self.draft.notes.clone();
            if ui
                .add(
                    egui::TextEdit::multiline(&mut notes)
                        .desired_rows(3)
                        .hint_text("Assumptions, sources, what was agreed"),
                )
                .changed()
            {
                self.edit("notes", time, |d| d.notes = notes);
            }
        });
    }

    fn fill_ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, time: f64) {
        let purchasers = self
            .purchasers
            .get_or_insert_with(|| ws.purchaser_names().unwrap_or_default())
            .clone();
        ui.horizontal(|ui| {
            let current = self.fill_purchaser.and_then(|id| purchasers.iter().find(|p| p.0 == id)).map_or("Choose purchaser".to_string(), |p| p.1.clone());
            let label = ui.label("Purchaser");
            egui::ComboBox::from_id_salt("fill_purchaser")
                .selected_text(current)
                .width(180.0)
                .show_ui(ui, |ui| {
                    for (id, name) in &purchasers {
                        ui.selectable_value(&mut self.fill_purchaser, Some(*id), name);
                    }
                })
                .response
                .labelled_by(label.id);
            if ui.add_enabled(self.fill_purchaser.is_some(), egui::Button::new("Fill from workspace")).on_hover_text("Paid claims, member months, employees, large claimants and current premium from the last 12 months").clicked()
                && let Some(id) = self.fill_purchaser
            {
                let pooling = self.draft.input("pooling_point").unwrap_or(250_000.0).max(1.0);
                if let Ok(exp) = ws.experience(id, pooling)
                    && let Ok(mut p) = serde_json::from_value::<crate::model::renewal::RenewalParams>(self.draft.params.clone())
                {
                    exp.apply_to(&mut p);
                    let params = serde_json::to_value(p).unwrap_or(Value::Null);
                    self.edit("fill", time, |d| d.params = params);
                    self.claimants_text = claimants_text(&self.draft);
                }
            }
        });
    }

    fn field_ui(&mut self, ui: &mut egui::Ui, spec: &ParamSpec, time: f64, error: Option<&str>) {
        let label = ui.label(spec.label).on_hover_text(spec.help);
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
                    .changed()
                {
                    let v = if on {
                        Value::from(default_for(spec))
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
            let Some(mut x) = current.as_f64() else {
                return;
            };
            let (scale, suffix, speed, decimals) = match spec.unit {
                Unit::Percent => (100.0, " %", 0.05, 2),
                Unit::Usd => (1.0, "", (x.abs() * 0.001).max(1.0), 0),
                Unit::UsdPmpm | Unit::UsdPepm => (1.0, "", 0.5, 2),
                Unit::Count | Unit::Years => (1.0, "", (x.abs() * 0.001).max(1.0), 0),
                Unit::Months => (1.0, " mo", 0.1, 1),
                Unit::Factor => (1.0, "", 0.001, 4),
            };
            let prefix = if matches!(spec.unit, Unit::Usd | Unit::UsdPmpm | Unit::UsdPepm) {
                "$"
            } else {
                ""
            };
            let mut shown = x * scale;
            let resp = ui
                .add(
                    egui::DragValue::new(&mut shown)
                        .speed(speed)
                        .prefix(prefix)
                        .suffix(suffix)
                        .max_decimals(decimals)
                        .min_decimals(if decimals > 0 { 2.min(decimals) } else { 0 })
                        .custom_formatter(move |n, _| crate::format::grouped(n, decimals))
                        .custom_parser(|text| {
                            text.replace([',', '$', '%', ' '], "")
                                .trim_end_matches("mo")
                                .parse()
                                .ok()
                        }),
                )
                .labelled_by(label.id);
            if resp.changed() {
                x = shown / scale;
                if spec.unit == Unit::Years {
                    x = x.round().max(0.0);
                }
                self.edit(spec.name, time, |d| d.params[spec.name] = Value::from(x));
            }
        });
        ui.end_row();
        if let Some(e) = error.filter(|e| e.starts_with(spec.name)) {
            ui.label("");
            ui.colored_label(theme::bad(ui.visuals().dark_mode), e);
            ui.end_row();
        }
    }

    fn results_ui(&mut self, ui: &mut egui::Ui, ws: &Workspace) {
        ui.horizontal(|ui| {
            for (tab, title) in [
                (Tab::Results, "Results"),
                (Tab::DataTable, "Data table"),
                (Tab::Tornado, "Tornado"),
                (Tab::Compare, "Compare"),
                (Tab::Log, "Assumption log"),
            ] {
                ui.selectable_value(&mut self.tab, tab, title);
            }
        });
        ui.separator();
        let outputs = match &self.outputs {
            Ok(o) => o.clone(),
            Err(e) => {
                ui.colored_label(
                    theme::bad(ui.visuals().dark_mode),
                    format!("Cannot compute: {e}"),
                );
                return;
            }
        };
        egui::ScrollArea::vertical().show(ui, |ui| match self.tab {
            Tab::Results => self.results_tab_ui(ui, &outputs),
            Tab::DataTable => self.data_table_ui(ui),
            Tab::Tornado => self.tornado_ui(ui),
            Tab::Compare => self.compare_ui(ui),
            Tab::Log => self.log_ui(ui, ws),
        });
    }

    fn goal_seek_ui(&mut self, ui: &mut egui::Ui) {
        let Some(dialog) = self.goal_seek.as_mut() else {
            return;
        };
        let inputs: Vec<String> = self
            .draft
            .numeric_inputs()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        let outputs: Vec<String> = self
            .outputs
            .as_ref()
            .map(scenario::numeric_outputs)
            .unwrap_or_default();
        let mut open = true;
        let mut apply: Option<(String, f64)> = None;
        egui::Window::new("Goal seek")
            .open(&mut open)
            .collapsible(false)
            .show(ui.ctx(), |ui| {
                egui::Grid::new("goal_seek_grid")
                    .num_columns(2)
                    .show(ui, |ui| {
                        ui.label("Set output");
                        name_combo(ui, "gs_output", &mut dialog.output, &outputs);
                        ui.end_row();
                        ui.label("To value");
                        ui.add(
                            egui::DragValue::new(&mut dialog.target)
                                .speed(0.001)
                                .max_decimals(6),
                        );
                        ui.end_row();
                        ui.label("By changing");
                        name_combo(ui, "gs_input", &mut dialog.input, &inputs);
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
                        ui.label(format!(
                            "{} = {:.6} gives {} = {:.6} ({} steps)",
                            a.input, a.value, a.output, a.achieved, a.iterations
                        ));
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

    fn data_table_ui(&mut self, ui: &mut egui::Ui) {
        let inputs: Vec<String> = self
            .draft
            .numeric_inputs()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        let outputs: Vec<String> = self
            .outputs
            .as_ref()
            .map(scenario::numeric_outputs)
            .unwrap_or_default();
        let t = &mut self.table;
        egui::Grid::new("table_setup")
            .num_columns(4)
            .show(ui, |ui| {
                ui.label("Rows: input");
                name_combo(ui, "dt_a", &mut t.a, &inputs);
                ui.add(
                    egui::DragValue::new(&mut t.a_range.0)
                        .speed(0.001)
                        .prefix("from "),
                );
                ui.add(
                    egui::DragValue::new(&mut t.a_range.1)
                        .speed(0.001)
                        .prefix("to "),
                );
                ui.end_row();
                ui.label("Columns: input");
                let mut two = t.b.is_some();
                ui.horizontal(|ui| {
                    ui.checkbox(&mut two, "");
                    if two {
                        let mut b =
                            t.b.clone()
                                .unwrap_or_else(|| inputs.first().cloned().unwrap_or_default());
                        name_combo(ui, "dt_b", &mut b, &inputs);
                        t.b = Some(b);
                    } else {
                        t.b = None;
                        ui.weak("one-parameter table");
                    }
                });
                ui.add_enabled(
                    two,
                    egui::DragValue::new(&mut t.b_range.0)
                        .speed(0.001)
                        .prefix("from "),
                );
                ui.add_enabled(
                    two,
                    egui::DragValue::new(&mut t.b_range.1)
                        .speed(0.001)
                        .prefix("to "),
                );
                ui.end_row();
                ui.label("Output");
                name_combo(ui, "dt_out", &mut t.output, &outputs);
                ui.add(egui::Slider::new(&mut t.steps, 2..=50).text("steps"));
                ui.end_row();
            });
        if ui.button("Compute table").clicked() {
            let started = std::time::Instant::now();
            let a_values = scenario::linspace(t.a_range.0, t.a_range.1, t.steps);
            let result = match &t.b {
                Some(b) => {
                    let b_values = scenario::linspace(t.b_range.0, t.b_range.1, t.steps);
                    scenario::sweep_two(&self.draft, &t.a, &a_values, b, &b_values, &t.output)
                        .map(|grid| (b_values, grid))
                }
                None => scenario::sweep_one(
                    &self.draft,
                    &t.a,
                    &a_values,
                    std::slice::from_ref(&t.output),
                )
                .map(|rows| {
                    (
                        vec![0.0],
                        rows.into_iter().map(|(_, cells)| cells).collect(),
                    )
                }),
            };
            t.result = Some(
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
        match &t.result {
            Some(Ok(r)) => heat_table_ui(ui, r, &t.output, t.b.as_deref()),
            Some(Err(e)) => {
                ui.colored_label(theme::bad(ui.visuals().dark_mode), e);
            }
            None => {
                ui.weak("Choose inputs and ranges, then Compute table.");
            }
        }
    }

    fn results_tab_ui(&mut self, ui: &mut egui::Ui, outputs: &Map<String, Value>) {
        key_outputs_ui(ui, outputs);
        ui.add_space(8.0);
        waterfall_section_ui(ui, outputs);
        ui.strong(format!(
            "Sensitivity of required PMPM: each input ±{:.0} % (green: input lowered, red: raised)",
            self.tornado_pct * 100.0
        ));
        self.tornado_chart_only_ui(ui);
        multi_year_ui(ui, outputs);
    }

    fn tornado_bars(&mut self) -> &Result<Vec<TornadoBar>, String> {
        let (draft, pct) = (&self.draft, self.tornado_pct);
        self.tornado.get_or_insert_with(|| {
            scenario::tornado(draft, "required_pmpm", pct).map_err(|e| e.to_string())
        })
    }

    fn tornado_chart_only_ui(&mut self, ui: &mut egui::Ui) {
        let base = self.draft.output("required_pmpm").unwrap_or(0.0);
        if let Ok(bars) = self.tornado_bars() {
            let top: Vec<TornadoBar> = bars.iter().take(10).cloned().collect();
            tornado_plot_ui(ui, &top, base);
        }
    }

    fn tornado_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label("Each input moved by ±");
            let mut shown = self.tornado_pct * 100.0;
            if ui
                .add(
                    egui::DragValue::new(&mut shown)
                        .range(1.0..=50.0)
                        .suffix(" %"),
                )
                .changed()
            {
                self.tornado_pct = shown / 100.0;
                self.tornado = None;
            }
            ui.label("effect on required PMPM");
        });
        let base = self.draft.output("required_pmpm").unwrap_or(0.0);
        match self.tornado_bars() {
            Ok(bars) => {
                let bars = bars.clone();
                tornado_plot_ui(ui, &bars, base);
                tornado_table_ui(ui, &bars);
            }
            Err(e) => {
                ui.colored_label(theme::bad(ui.visuals().dark_mode), e.as_str());
            }
        }
    }

    fn compare_ui(&mut self, ui: &mut egui::Ui) {
        let list = self.list.clone().unwrap_or_default();
        let chosen: Vec<&SavedScenario> = list
            .iter()
            .filter(|s| self.compare.contains(&s.id))
            .collect();
        if chosen.len() < 2 {
            ui.label("Tick two or more saved scenarios in the list to compare them side by side.");
            return;
        }
        let baseline_id = self
            .baseline
            .filter(|b| self.compare.contains(b))
            .unwrap_or(chosen[0].id);
        ui.horizontal(|ui| {
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
        let runs: Vec<(&SavedScenario, Map<String, Value>)> = chosen
            .iter()
            .map(|s| (*s, s.scenario.run().unwrap_or_default()))
            .collect();
        let Some((base, base_out)) = runs.iter().find(|(s, _)| s.id == baseline_id) else {
            return;
        };
        let dark = ui.visuals().dark_mode;
        egui::Grid::new("compare_scenarios")
            .striped(true)
            .show(ui, |ui| {
                ui.strong("");
                for (s, _) in &runs {
                    ui.strong(&s.scenario.name);
                }
                ui.end_row();
                for spec in param_specs(base.scenario.kind) {
                    ui.label(spec.label);
                    let b = base.scenario.input(spec.name);
                    for (s, _) in &runs {
                        let v = s.scenario.input(spec.name);
                        cell_with_delta(ui, v, b, spec.unit, dark, false);
                    }
                    ui.end_row();
                }
                for name in scenario::numeric_outputs(base_out) {
                    ui.strong(name.replace('_', " "));
                    let b = base_out.get(&name).and_then(Value::as_f64);
                    for (_, out) in &runs {
                        cell_with_delta(
                            ui,
                            out.get(&name).and_then(Value::as_f64),
                            b,
                            output_unit(&name),
                            dark,
                            true,
                        );
                    }
                    ui.end_row();
                }
            });
    }

    fn log_ui(&mut self, ui: &mut egui::Ui, ws: &Workspace) {
        let Some(id) = self.draft_id else {
            ui.label("Save the scenario to start its assumption log.");
            return;
        };
        let runs = ws.scenario_runs(id).unwrap_or_default();
        ui.label(format!(
            "{} logged runs (each save records inputs and outputs)",
            runs.len()
        ));
        for run in runs.iter().take(50) {
            egui::CollapsingHeader::new(format!("Run {} at {}", run.id, run.run_at))
                .id_salt(run.id)
                .show(ui, |ui| {
                    ui.monospace(format!("inputs:  {}", run.inputs_json));
                    ui.monospace(format!("outputs: {}", run.outputs_json));
                });
        }
    }
}

fn default_for(spec: &ParamSpec) -> f64 {
    match spec.name {
        "target_loss_ratio" => 0.85,
        "rate_cap" => 0.08,
        "allowed_pmpm" => 600.0,
        "fixed_cost_sharing_pmpm" => 60.0,
        _ => 0.0,
    }
}

fn name_combo(ui: &mut egui::Ui, id: &str, value: &mut String, names: &[String]) {
    egui::ComboBox::from_id_salt(id)
        .selected_text(value.as_str())
        .width(200.0)
        .show_ui(ui, |ui| {
            for n in names {
                ui.selectable_value(value, n.clone(), n);
            }
        });
}

fn cell_with_delta(
    ui: &mut egui::Ui,
    v: Option<f64>,
    base: Option<f64>,
    unit: Unit,
    dark: bool,
    lower_is_better: bool,
) {
    let Some(v) = v else {
        ui.weak("—");
        return;
    };
    let text = format_value(unit, v);
    match base {
        Some(b) if (v - b).abs() > 1e-9 => {
            let delta = v - b;
            let better = if lower_is_better {
                delta < 0.0
            } else {
                delta > 0.0
            };
            let colour = if better {
                theme::good(dark)
            } else {
                theme::bad(dark)
            };
            let d = match unit {
                Unit::Percent => format!("{:+.2} pts", delta * 100.0),
                Unit::Usd | Unit::UsdPmpm | Unit::UsdPepm => crate::format::signed_usd(delta),
                _ => format!("{delta:+.4}"),
            };
            ui.colored_label(colour, format!("{text}  ({d})"));
        }
        _ => {
            ui.label(text);
        }
    }
}

/// The key outputs of a run.
fn key_outputs_ui(ui: &mut egui::Ui, outputs: &Map<String, Value>) {
    let num = |k: &str| outputs.get(k).and_then(Value::as_f64).unwrap_or(f64::NAN);
    let dark = ui.visuals().dark_mode;
    egui::Grid::new("key_outputs")
        .num_columns(4)
        .spacing([24.0, 6.0])
        .show(ui, |ui| {
            let pairs = [
                ("Experience PMPM", usd(num("experience_pmpm"))),
                ("Trend factor", format!("{:.5}", num("trend_factor"))),
                ("Credibility", pct(num("credibility"))),
                ("Projected PMPM", usd(num("projected_pmpm"))),
                ("Required PMPM", usd(num("required_pmpm"))),
                (
                    "Renewal change",
                    crate::format::signed_pct(num("renewal_change")),
                ),
                ("Renewal premium PMPM", usd(num("renewal_premium_pmpm"))),
                ("Pooled claims", usd(num("pooled_claims"))),
            ];
            for (i, (label, value)) in pairs.iter().enumerate() {
                ui.label(*label);
                let strong = *label == "Required PMPM" || *label == "Renewal change";
                let text = egui::RichText::new(value).size(if strong { 18.0 } else { 14.0 });
                let text = if strong {
                    text.strong().color(theme::accent(dark))
                } else {
                    text
                };
                ui.label(text);
                if i % 2 == 1 {
                    ui.end_row();
                }
            }
        });
}

/// The waterfall from experience to required PMPM.
fn waterfall_section_ui(ui: &mut egui::Ui, outputs: &Map<String, Value>) {
    let steps: Vec<(String, f64)> = outputs
        .get("waterfall")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|p| Some((p.get(0)?.as_str()?.to_string(), p.get(1)?.as_f64()?)))
                .collect()
        })
        .unwrap_or_default();
    ui.strong("From experience to required PMPM");
    waterfall_ui(ui, &steps, ui.visuals().dark_mode);
}

/// Required PMPM for each projected year.
fn multi_year_ui(ui: &mut egui::Ui, outputs: &Map<String, Value>) {
    let years: Vec<[f64; 2]> = outputs
        .get("years")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|y| Some([y.get("year")?.as_f64()?, y.get("required_pmpm")?.as_f64()?]))
                .collect()
        })
        .unwrap_or_default();
    if years.is_empty() {
        return;
    }
    let dark = ui.visuals().dark_mode;
    ui.strong("Multi-year projection (required PMPM)");
    Plot::new("multi_year")
        .height(150.0)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .x_axis_label("Plan year")
        .y_axis_formatter(|mark, _| format!("${:.0}", mark.value))
        .show(ui, |plot| {
            plot.line(
                Line::new("Required PMPM", PlotPoints::new(years.clone()))
                    .color(theme::accent(dark))
                    .width(2.0),
            );
            plot.points(
                egui_plot::Points::new("Required PMPM", PlotPoints::new(years))
                    .radius(4.0)
                    .color(theme::accent(dark)),
            );
        });
}

fn waterfall_ui(ui: &mut egui::Ui, steps: &[(String, f64)], dark: bool) {
    let mut bars = Vec::new();
    let mut prev = 0.0;
    for (i, (label, value)) in steps.iter().enumerate() {
        let (base, height, fill) = if i == 0 || i == steps.len() - 1 {
            (0.0, *value, theme::accent(dark))
        } else if *value >= prev {
            (prev, value - prev, theme::bad(dark))
        } else {
            (*value, prev - value, theme::good(dark))
        };
        bars.push(
            Bar::new(i as f64, height)
                .base_offset(base)
                .width(0.6)
                .fill(fill)
                .name(format!("{label}: {}", usd(*value))),
        );
        prev = *value;
    }
    let labels: Vec<String> = steps.iter().map(|(l, _)| l.clone()).collect();
    Plot::new("waterfall")
        .height(240.0)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .include_y(0.0)
        .include_y(steps.iter().map(|(_, v)| *v).fold(0.0, f64::max) * 1.2)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_axis_formatter(|mark, _| format!("${:.0}", mark.value))
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("PMPM", bars));
            for (i, (label, value)) in steps.iter().enumerate() {
                let text = egui::RichText::new(format!("{label}\n{}", usd(*value))).small();
                plot.text(
                    egui_plot::Text::new(
                        label.clone(),
                        egui_plot::PlotPoint::new(i as f64, value * 1.02 + 15.0),
                        text,
                    )
                    .anchor(egui::Align2::CENTER_BOTTOM),
                );
            }
        });
}

fn tornado_plot_ui(ui: &mut egui::Ui, bars: &[TornadoBar], base: f64) {
    let dark = ui.visuals().dark_mode;
    let n = bars.len();
    let mut low = Vec::new();
    let mut high = Vec::new();
    for (i, b) in bars.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        low.push(
            Bar::new(y, b.low_output - base)
                .base_offset(base)
                .width(0.7)
                .fill(theme::good(dark))
                .horizontal()
                .name(format!("{} −: {}", b.input, usd(b.low_output))),
        );
        high.push(
            Bar::new(y, b.high_output - base)
                .base_offset(base)
                .width(0.7)
                .fill(theme::bad(dark))
                .horizontal()
                .name(format!("{} +: {}", b.input, usd(b.high_output))),
        );
    }
    let names: Vec<String> = bars.iter().map(|b| b.input.clone()).collect();
    Plot::new("tornado")
        .height((n as f32 * 24.0).max(200.0))
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < names.len() {
                names[names.len() - 1 - i as usize].clone()
            } else {
                String::new()
            }
        })
        .x_axis_formatter(|mark, _| format!("${:.0}", mark.value))
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("input lowered", low).horizontal());
            plot.bar_chart(BarChart::new("input raised", high).horizontal());
        });
}

fn tornado_table_ui(ui: &mut egui::Ui, bars: &[TornadoBar]) {
    egui::Grid::new("tornado_table")
        .striped(true)
        .show(ui, |ui| {
            for h in ["Input", "Low", "High", "Required PMPM low", "high", "Swing"] {
                ui.strong(h);
            }
            ui.end_row();
            for b in bars {
                ui.label(&b.input);
                ui.label(format!("{:.4}", b.low_input));
                ui.label(format!("{:.4}", b.high_input));
                ui.label(usd(b.low_output));
                ui.label(usd(b.high_output));
                ui.label(usd(b.swing));
                ui.end_row();
            }
        });
}

fn heat_table_ui(ui: &mut egui::Ui, r: &TableResult, output: &str, b_name: Option<&str>) {
    ui.weak(format!(
        "{} cells in {:.1} ms",
        r.grid.len() * r.grid.first().map_or(0, Vec::len),
        r.millis
    ));
    let values: Vec<f64> = r.grid.iter().flatten().flatten().copied().collect();
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    let unit = output_unit(output);
    let dark = ui.visuals().dark_mode;
    egui::ScrollArea::horizontal().show(ui, |ui| {
        egui::Grid::new("heat_table")
            .spacing([2.0, 2.0])
            .show(ui, |ui| {
                ui.strong(b_name.map_or(output.to_string(), |b| format!("rows \\ {b}")));
                if b_name.is_some() {
                    for b in &r.b_values {
                        ui.strong(format!("{b:.4}"));
                    }
                } else {
                    ui.strong(output);
                }
                ui.end_row();
                for (a, row) in r.a_values.iter().zip(&r.grid) {
                    ui.strong(format!("{a:.4}"));
                    for cell in row {
                        match cell {
                            Some(v) => {
                                let t = if hi > lo {
                                    ((v - lo) / (hi - lo)) as f32
                                } else {
                                    0.5
                                };
                                egui::Frame::new()
                                    .fill(theme::heat(t, dark))
                                    .inner_margin(3.0)
                                    .show(ui, |ui| {
                                        ui.label(format_value(unit, *v));
                                    });
                            }
                            None => {
                                ui.weak("invalid");
                            }
                        }
                    }
                    ui.end_row();
                }
            });
    });
}
