//! Scenarios view: a toolbar to pick, create, duplicate and save scenarios, an editor that
//! recomputes on every edit, and result tabs (results, data table, tornado, compare, log).
//! One file per panel; the state and its undo history live here.

mod compare;
mod data_table;
mod editor;
mod goal_seek;
mod log;
mod migration_editor;
mod pooled_editor;
mod pooled_results;
mod reference_editor;
mod results;
mod tornado;
mod value_editor;
mod value_results;

use super::command::AppCommand;
use super::theme;
use crate::model::pooled::{PooledOutputs, PooledParams};
use crate::model::scenario::{Scenario, ScenarioKind, TornadoBar};
use crate::model::value_based::{ValueBasedOutputs, ValueBasedParams};
use crate::store::Workspace;
use crate::store::scenarios::SavedScenario;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Results,
    Allocation,
    LeaveOneOut,
    Glide,
    Distribution,
    Levers,
    DataTable,
    Tornado,
    Compare,
    Log,
}

/// The last run of a pooled or value-based draft, typed for that kind's views: read once per
/// recompute, shared with every frame that draws it.
#[derive(Clone, Default)]
enum KindRun {
    #[default]
    None,
    Pooled(Rc<(PooledParams, PooledOutputs)>),
    Contract(Rc<(ValueBasedParams, ValueBasedOutputs)>),
}

impl KindRun {
    fn of(draft: &Scenario, outputs: &Map<String, Value>) -> KindRun {
        let typed = || Value::Object(outputs.clone());
        match draft.kind {
            ScenarioKind::Renewal
            | ScenarioKind::PlanDesign
            | ScenarioKind::Migration
            | ScenarioKind::ReferencePrice => KindRun::None,
            ScenarioKind::PooledVolume => serde_json::from_value(draft.params.clone())
                .and_then(|p| Ok((p, serde_json::from_value(typed())?)))
                .map_or(KindRun::None, |run| KindRun::Pooled(Rc::new(run))),
            ScenarioKind::ValueBased => serde_json::from_value(draft.params.clone())
                .and_then(|p| Ok((p, serde_json::from_value(typed())?)))
                .map_or(KindRun::None, |run| KindRun::Contract(Rc::new(run))),
        }
    }
}

/// What the user chose in the unsaved-changes dialog.
enum UnsavedChoice {
    Save,
    Discard,
    Cancel,
}

/// The toolbar's width on one row: picker, six New buttons, Save to Goal seek….
const TOOLBAR_ONE_ROW_WIDTH: f32 = 1_700.0;

/// State of the Scenarios view.
pub struct ScenariosView {
    list: Option<Vec<SavedScenario>>,
    /// Purchasers for "Fill from workspace", read once per data change.
    purchasers: Option<Vec<(i64, String)>>,
    draft: Scenario,
    draft_id: Option<i64>,
    dirty: bool,
    outputs: Result<Map<String, Value>, String>,
    kind_run: KindRun,
    undo: Vec<Scenario>,
    redo: Vec<Scenario>,
    last_edit: Option<(String, f64)>,
    tab: Tab,
    goal_seek: Option<goal_seek::GoalSeekDialog>,
    table: data_table::DataTable,
    tornado_pct: f64,
    tornado: Option<Result<Vec<TornadoBar>, String>>,
    compare: BTreeSet<i64>,
    baseline: Option<i64>,
    fill_purchaser: Option<i64>,
    /// The last "Estimate from enrollment history" for a migration, until another is asked for.
    beta_estimate: Option<Result<migration_editor::HistoryEstimate, String>>,
    claimants_text: String,
    /// Service lines for the pooled "Fill from workspace", read once per data change.
    service_lines: Option<Vec<crate::store::volumes::ServiceLine>>,
    fill_service: Option<String>,
    /// A fresh "New …" draft nobody has edited: nothing to lose.
    untouched_new: bool,
    /// What the user asked for that would drop unsaved edits, held until they choose.
    pending: Option<Switch>,
    /// The switch to make once the save the user chose has gone through.
    after_save: Option<Switch>,
}

/// Leaving the scenario being edited: for another new one, or a saved one.
#[derive(Debug, Clone)]
enum Switch {
    New(ScenarioKind),
    Load(Box<SavedScenario>),
    /// A scenario read from a file: a new scenario until saved.
    File(Box<Scenario>),
}

impl Default for ScenariosView {
    fn default() -> Self {
        let draft = Scenario::new(ScenarioKind::Renewal, "Untitled renewal");
        let mut view = ScenariosView {
            list: None,
            purchasers: None,
            claimants_text: editor::claimants_text(&draft),
            draft,
            draft_id: None,
            dirty: false,
            outputs: Ok(Map::new()),
            kind_run: KindRun::None,
            undo: Vec::new(),
            redo: Vec::new(),
            last_edit: None,
            tab: Tab::Results,
            goal_seek: None,
            table: data_table::DataTable::default(),
            tornado_pct: 0.10,
            tornado: None,
            compare: BTreeSet::new(),
            baseline: None,
            fill_purchaser: None,
            beta_estimate: None,
            service_lines: None,
            fill_service: None,
            untouched_new: false,
            pending: None,
            after_save: None,
        };
        view.recompute();
        view
    }
}

impl ScenariosView {
    /// Reloads the saved list after the workspace changed.
    pub fn invalidate(&mut self) {
        self.list = None;
        self.purchasers = None;
        self.service_lines = None;
    }

    /// Called after a save: the draft is now that saved scenario (for Duplicate, the copy).
    pub fn saved(&mut self, id: i64, scenario: Scenario) {
        if self.draft.name != scenario.name {
            self.undo.push(self.draft.clone());
        }
        // Another kind (a design change saved from Compare) brings its own data table, and
        // every result is worked out at once rather than on the first edit.
        self.set_draft(scenario);
        self.draft_id = Some(id);
        self.dirty = false;
        self.untouched_new = false;
        self.list = None;
        self.claimants_text = editor::claimants_text(&self.draft);
        self.recompute();
        if let Some(switch) = self.after_save.take() {
            self.switch_to(switch);
        }
    }

    /// True when `scenario` is what the editor holds (the same kind and inputs; a duplicate
    /// differs only by its name), so saving it is the editor's own save.
    pub fn holds(&self, scenario: &Scenario) -> bool {
        scenario.kind == self.draft.kind && scenario.params == self.draft.params
    }

    /// Called after a save made elsewhere (Compare's design change) while the editor holds
    /// unsaved edits of its own: the list learns of it, the editor keeps its work.
    pub fn saved_elsewhere(&mut self) {
        self.list = None;
    }

    /// Called when a save failed: a switch waiting on it is dropped, the edits stay.
    pub fn save_failed(&mut self) {
        self.after_save = None;
    }

    /// True when the editor holds edits that are not saved (a fresh, untouched new scenario
    /// holds none).
    pub fn has_unsaved_work(&self) -> bool {
        self.dirty && !self.untouched_new
    }

    /// The name of the scenario being edited.
    pub fn draft_name(&self) -> &str {
        &self.draft.name
    }

    /// The save the editor's Save button makes.
    pub fn save_command(&self) -> AppCommand {
        AppCommand::SaveScenario {
            id: self.draft_id,
            scenario: self.draft.clone(),
        }
    }

    /// Starts over with an empty renewal (another workspace was opened, or the user chose not
    /// to keep the edits): nothing refers to the last workspace's scenarios.
    pub fn reset(&mut self) {
        *self = ScenariosView::default();
    }

    /// Called after a delete: the inputs stay in the editor, unsaved, so Save brings them back.
    pub fn deleted(&mut self, id: i64) {
        if self.draft_id == Some(id) {
            self.draft_id = None;
            self.dirty = true;
        }
        self.compare.remove(&id);
        self.list = None;
    }

    /// The scenario being edited.
    pub fn draft(&self) -> &Scenario {
        &self.draft
    }

    /// The id of the saved scenario being edited, if it was saved.
    pub fn draft_id(&self) -> Option<i64> {
        self.draft_id
    }

    /// The draft with a new name, to be saved as a new scenario (Duplicate).
    fn duplicate_of_draft(&self) -> Scenario {
        let mut copy = self.draft.clone();
        copy.name = format!("{} (copy)", self.draft.name);
        copy
    }

    fn recompute(&mut self) {
        self.outputs = self.draft.run().map_err(|e| e.to_string());
        self.kind_run = match &self.outputs {
            Ok(outputs) => KindRun::of(&self.draft, outputs),
            Err(_) => KindRun::None,
        };
        self.tornado = None;
        self.table.result = None;
    }

    /// A new draft of another kind gets that kind's data table and a fresh tornado.
    fn set_draft(&mut self, draft: Scenario) {
        let draft = draft.with_defaults();
        if draft.kind != self.draft.kind {
            self.table = data_table::DataTable::for_scenario(&draft);
        }
        self.draft = draft;
    }

    /// New or Load as the user asked, after asking first when edits would be lost.
    fn request(&mut self, switch: Switch) {
        if self.has_unsaved_work() {
            self.pending = Some(switch);
        } else {
            self.switch_to(switch);
        }
    }

    fn switch_to(&mut self, switch: Switch) {
        match switch {
            Switch::New(kind) => self.start_new(kind),
            Switch::Load(saved) => self.load(&saved),
            Switch::File(scenario) => self.start_from(*scenario),
        }
    }

    /// Save / Don't save / Cancel, when a switch would drop unsaved edits.
    fn unsaved_dialog_ui(&mut self, ui: &egui::Ui, commands: &mut Vec<AppCommand>) {
        let Some(switch) = self.pending.clone() else {
            return;
        };
        let leaving = match &switch {
            Switch::New(kind) => format!("start a new {}", kind.title().to_lowercase()),
            Switch::Load(s) => format!("open '{}'", s.scenario.name),
            Switch::File(s) => format!("open '{}' from its file", s.name),
        };
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("scenario_unsaved")).show(ui.ctx(), |ui| {
            ui.set_max_width(440.0);
            ui.heading(format!("Save the changes to '{}'?", self.draft.name));
            ui.label(format!(
                "The scenario has changes that are not saved. Save them before you {leaving}, or leave them out."
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    choice = Some(UnsavedChoice::Save);
                }
                if ui.button("Don't save").clicked() {
                    choice = Some(UnsavedChoice::Discard);
                }
                if ui.button("Cancel").clicked() {
                    choice = Some(UnsavedChoice::Cancel);
                }
            });
        });
        match choice {
            Some(UnsavedChoice::Save) => {
                self.pending = None;
                self.after_save = Some(switch);
                commands.push(self.save_command());
            }
            Some(UnsavedChoice::Discard) => {
                self.pending = None;
                self.switch_to(switch);
            }
            Some(UnsavedChoice::Cancel) => self.pending = None,
            None => {}
        }
    }

    fn load(&mut self, s: &SavedScenario) {
        self.set_draft(s.scenario.clone());
        self.draft_id = Some(s.id);
        self.dirty = false;
        self.untouched_new = false;
        self.undo.clear();
        self.redo.clear();
        self.claimants_text = editor::claimants_text(&self.draft);
        self.recompute();
    }

    /// Opens a scenario read from a file (asking first about unsaved edits).
    pub fn open_scenario(&mut self, scenario: Scenario) {
        self.request(Switch::File(Box::new(scenario)));
    }

    /// A scenario from a file becomes the draft: new, with edits to save.
    fn start_from(&mut self, scenario: Scenario) {
        self.undo.push(self.draft.clone());
        self.set_draft(scenario);
        self.draft_id = None;
        self.dirty = true;
        self.untouched_new = false;
        self.claimants_text = editor::claimants_text(&self.draft);
        self.recompute();
    }

    fn start_new(&mut self, kind: ScenarioKind) {
        self.undo.push(self.draft.clone());
        self.set_draft(Scenario::new(
            kind,
            &format!("Untitled {}", kind.title().to_lowercase()),
        ));
        self.draft_id = None;
        self.dirty = true;
        self.untouched_new = true;
        self.claimants_text = editor::claimants_text(&self.draft);
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
        self.untouched_new = false;
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
        self.untouched_new = false;
        self.claimants_text = editor::claimants_text(&self.draft);
        self.recompute();
    }

    fn read_list(&mut self, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        if self.list.is_some() {
            return;
        }
        match ws.scenarios() {
            Ok(list) => self.list = Some(list),
            Err(e) => {
                self.list = Some(Vec::new());
                commands.push(AppCommand::Error(e.to_string()));
            }
        }
        // Opening the view on an untouched draft reopens the scenario saved last.
        let untouched = self.draft_id.is_none() && !self.dirty && self.undo.is_empty();
        let latest = self
            .saved_list()
            .iter()
            .max_by(|a, b| a.updated_at.cmp(&b.updated_at).then(a.id.cmp(&b.id)))
            .cloned();
        if untouched && let Some(s) = latest {
            self.load(&s);
        }
    }

    /// Names of the draft's numeric inputs and of its run's numeric outputs (for pickers).
    fn numeric_names(&self) -> (Vec<String>, Vec<String>) {
        let inputs = self
            .draft
            .numeric_inputs()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        let outputs = self
            .outputs
            .as_ref()
            .map(crate::model::scenario::numeric_outputs)
            .unwrap_or_default();
        (inputs, outputs)
    }

    fn saved_list(&self) -> &[SavedScenario] {
        self.list.as_deref().unwrap_or_default()
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        self.read_list(ws, commands);
        self.shortcuts(ui, commands);
        egui::Panel::top("scenario_toolbar").show(ui, |ui| self.toolbar_ui(ui, commands));
        // Room for the pooled members' table, "Pays today" included, without scrolling.
        egui::Panel::left("scenario_editor")
            .default_size(440.0)
            .min_size(300.0)
            .max_size(520.0)
            .resizable(true)
            .show(ui, |ui| self.editor_ui(ui, ws, commands));
        egui::CentralPanel::default().show(ui, |ui| self.results_ui(ui, ws, commands));
        self.goal_seek_ui(ui);
        self.unsaved_dialog_ui(ui, commands);
    }

    /// Cmd+Shift+Z must be checked before Cmd+Z, which would otherwise swallow it.
    fn shortcuts(&mut self, ui: &mut egui::Ui, commands: &mut Vec<AppCommand>) {
        if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::S)) {
            commands.push(self.save_command());
        }
        let (redo, undo) = ui.input_mut(|i| {
            let redo = i.consume_key(
                egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
                egui::Key::Z,
            ) || i.consume_key(egui::Modifiers::COMMAND, egui::Key::Y);
            let undo = !redo && i.consume_key(egui::Modifiers::COMMAND, egui::Key::Z);
            (redo, undo)
        });
        if redo {
            self.redo_step();
        } else if undo {
            self.undo_step();
        }
    }

    fn toolbar_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<AppCommand>) {
        ui.add_space(2.0);
        // One row when everything fits, else the New buttons on a second row of their own:
        // chosen by the window's width, never by a name's length, so nothing moves under the
        // pointer as the user types.
        if ui.available_width() >= TOOLBAR_ONE_ROW_WIDTH {
            ui.horizontal(|ui| {
                self.picker_ui(ui);
                self.new_buttons_ui(ui);
                ui.separator();
                self.file_buttons_ui(ui, commands);
            });
        } else {
            ui.horizontal(|ui| {
                self.picker_ui(ui);
                ui.separator();
                self.file_buttons_ui(ui, commands);
            });
            ui.horizontal(|ui| self.new_buttons_ui(ui));
        }
        ui.add_space(2.0);
    }

    fn new_buttons_ui(&mut self, ui: &mut egui::Ui) {
        for kind in ScenarioKind::ALL {
            if ui
                .button(format!("New {}", kind.title().to_lowercase()))
                .clicked()
            {
                self.request(Switch::New(kind));
            }
        }
    }

    /// Save, Duplicate, Delete…, Undo, Redo and Goal seek….
    fn file_buttons_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<AppCommand>) {
        let label = if self.dirty { "Save *" } else { "Save" };
        // One width with or without the mark, so nothing after it moves under the pointer.
        if ui
            .add(egui::Button::new(label).min_size(egui::vec2(64.0, 0.0)))
            .on_hover_text("Save the inputs and log this run (Ctrl+S)")
            .clicked()
        {
            commands.push(self.save_command());
        }
        if ui
            .button("Duplicate")
            .on_hover_text("Save these inputs as a new scenario and switch to it; the original stays as last saved")
            .clicked()
        {
            commands.push(AppCommand::SaveScenario {
                id: None,
                scenario: self.duplicate_of_draft(),
            });
        }
        // Always there (greyed until saved), so the buttons after it keep their place.
        let delete = ui
            .add_enabled(self.draft_id.is_some(), egui::Button::new("Delete…"))
            .on_disabled_hover_text("Only a saved scenario can be deleted");
        if let Some(id) = self.draft_id
            && delete.clicked()
        {
            commands.push(AppCommand::AskDeleteScenario {
                id,
                name: self.draft.name.clone(),
            });
        }
        ui.separator();
        self.history_buttons_ui(ui);
        if ui.button("Goal seek…").clicked() {
            self.goal_seek = Some(goal_seek::GoalSeekDialog::for_scenario(&self.draft));
        }
    }

    fn history_buttons_ui(&mut self, ui: &mut egui::Ui) {
        if ui
            .add_enabled(!self.undo.is_empty(), egui::Button::new("Undo"))
            .on_hover_text("Ctrl+Z")
            .clicked()
        {
            self.undo_step();
        }
        if ui
            .add_enabled(!self.redo.is_empty(), egui::Button::new("Redo"))
            .on_hover_text("Ctrl+Shift+Z")
            .clicked()
        {
            self.redo_step();
        }
    }

    /// The saved scenarios by kind, in one drop-down.
    fn picker_ui(&mut self, ui: &mut egui::Ui) {
        let name = short(&self.draft.name, 36);
        let current = match self.draft_id {
            Some(_) => name,
            None => format!("{name} (not saved)"),
        };
        let caption = ui.label("Scenario");
        let mut chosen: Option<SavedScenario> = None;
        egui::ComboBox::from_id_salt("scenario_picker")
            .selected_text(current)
            // One width whatever the name, truncated: the toolbar never reflows under the pointer.
            .width(300.0)
            .truncate()
            .show_ui(ui, |ui| {
                if self.saved_list().is_empty() {
                    ui.weak("No saved scenarios yet");
                }
                for kind in ScenarioKind::ALL {
                    let of_kind: Vec<&SavedScenario> = self
                        .saved_list()
                        .iter()
                        .filter(|s| s.scenario.kind == kind)
                        .collect();
                    if of_kind.is_empty() {
                        continue;
                    }
                    ui.weak(kind.title());
                    for s in of_kind {
                        if ui
                            .selectable_label(self.draft_id == Some(s.id), &s.scenario.name)
                            .clicked()
                        {
                            chosen = Some(s.clone());
                        }
                    }
                }
            })
            .response
            .labelled_by(caption.id);
        if let Some(s) = chosen {
            self.request(Switch::Load(Box::new(s)));
        }
    }

    fn results_ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        let tabs = self.tabs();
        if !tabs.iter().any(|(t, _)| *t == self.tab) {
            self.tab = Tab::Results;
        }
        ui.horizontal_wrapped(|ui| {
            for (tab, title) in tabs {
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
        // Vertical only: charts take the width they are given and wide tables scroll
        // sideways inside themselves, so nothing runs off the right edge.
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| match self.tab {
                Tab::Results if self.draft.kind == ScenarioKind::PooledVolume => {
                    self.pooled_results_ui(ui)
                }
                Tab::Results if self.draft.kind == ScenarioKind::ValueBased => {
                    self.value_results_ui(ui)
                }
                Tab::Results if self.draft.kind == ScenarioKind::PlanDesign => {
                    crate::ui::design_change::design_results_ui(ui, &outputs)
                }
                Tab::Results if self.draft.kind == ScenarioKind::Migration => {
                    migration_editor::migration_results_tab_ui(ui, &outputs)
                }
                Tab::Results if self.draft.kind == ScenarioKind::ReferencePrice => {
                    reference_editor::reference_results_ui(ui, &outputs)
                }
                Tab::Glide => self.glide_ui(ui),
                Tab::Distribution => self.distribution_ui(ui),
                Tab::Levers => self.levers_ui(ui),
                Tab::Results => self.results_tab_ui(ui, &outputs),
                Tab::Allocation => self.allocation_ui(ui),
                Tab::LeaveOneOut => self.leave_one_out_ui(ui),
                Tab::DataTable => self.data_table_ui(ui),
                Tab::Tornado => self.tornado_ui(ui),
                Tab::Compare => self.compare_ui(ui),
                Tab::Log => self.log_ui(ui, ws, commands),
            });
    }
}

/// A name cut to `max` characters with an ellipsis, for a toolbar that must not wrap.
fn short(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_string();
    }
    let cut: String = name.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

impl ScenariosView {
    /// The result tabs of the draft's kind: its own first, then the ones every kind has.
    fn tabs(&self) -> Vec<(Tab, &'static str)> {
        let mut tabs = vec![(Tab::Results, "Results")];
        if self.draft.kind == ScenarioKind::PooledVolume {
            tabs.push((Tab::Allocation, "Allocation"));
            tabs.push((Tab::LeaveOneOut, "If a member leaves"));
        }
        if self.draft.kind == ScenarioKind::ValueBased {
            tabs.push((Tab::Glide, "Glide path"));
            tabs.push((Tab::Distribution, "Distribution"));
            tabs.push((Tab::Levers, "Levers by service"));
        }
        tabs.extend([
            (Tab::DataTable, "Data table"),
            (Tab::Tornado, "Tornado"),
            (Tab::Compare, "Compare"),
            (Tab::Log, "Assumption log"),
        ]);
        tabs
    }
}

/// A combo box over scenario inputs or outputs that shows their display names, named for
/// screen readers by its caption.
fn name_combo(
    ui: &mut egui::Ui,
    id: &str,
    caption: egui::Id,
    scenario: &Scenario,
    value: &mut String,
    names: &[String],
) {
    egui::ComboBox::from_id_salt(id)
        .selected_text(scenario.label_of(value))
        .width(240.0)
        .show_ui(ui, |ui| {
            for n in names {
                ui.selectable_value(value, n.clone(), scenario.label_of(n));
            }
        })
        .response
        .labelled_by(caption);
}
