//! The application shell: menu, workspace panel, status bar, and the one place state changes.

use super::benchmark::BenchmarkView;
use super::claims::ClaimsView;
use super::command::AppCommand;
use super::compare::CompareView;
use super::hospital_prices::HospitalPricesView;
use super::import::ImportView;
use super::members::MembersView;
use super::quality::QualityView;
use super::reports::ReportsView;
use super::scenarios::ScenariosView;
use super::summary;
use super::theme;
pub use super::view::View;
use crate::model::scenario::Scenario;
use crate::store::{Summary, Workspace};
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

mod dialogs;
mod menus;
mod workspace_files;

/// Preferences kept between runs (window state is kept by eframe itself). Every field has a
/// default, so a field added later never wipes what users saved.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub recent: Vec<PathBuf>,
    pub dark: bool,
}

/// Which file dialog is open (a typed path, with Browse… as a convenience).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PathPurpose {
    Open,
    New,
    SaveCopy,
}

struct PathDialog {
    purpose: PathPurpose,
    text: String,
    /// For a new workspace: an optional passphrase (empty: not encrypted).
    passphrase: String,
    /// Browse… found no file dialog on this system.
    no_dialog: bool,
}

impl PathDialog {
    fn new(purpose: PathPurpose) -> Self {
        PathDialog {
            purpose,
            text: String::new(),
            passphrase: String::new(),
            no_dialog: false,
        }
    }
}

/// A destructive action waiting for the user's yes.
#[derive(Debug, Clone, PartialEq)]
enum Confirm {
    UndoImport {
        id: i64,
        file: String,
        impact: crate::store::imports::UndoImpact,
        empties: bool,
    },
    RebuildSample,
    DeleteScenario {
        id: i64,
        name: String,
    },
    /// The workspace failed its integrity check on open: offer the newest backup.
    RestoreDamaged {
        path: PathBuf,
        backup: PathBuf,
        detail: String,
    },
    /// Put the workspace back as a backup has it; `lost` names what was saved since.
    RestoreBackup {
        backup: PathBuf,
        lost: Vec<String>,
    },
}

/// A status message at the bottom of the window.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusMessage {
    pub text: String,
    pub is_error: bool,
}

/// The desktop application.
pub struct AllianceApp {
    ws: Option<Workspace>,
    /// Keeps a second window from opening the same workspace.
    lock: Option<crate::store::protect::WindowLock>,
    summary: Option<Summary>,
    purchasers: Vec<(i64, String, String)>,
    view: View,
    prefs: Prefs,
    members: MembersView,
    scenarios: ScenariosView,
    compare: CompareView,
    quality: QualityView,
    import: ImportView,
    benchmark: BenchmarkView,
    hospital_prices: HospitalPricesView,
    claims: ClaimsView,
    reports: ReportsView,
    commands: Vec<AppCommand>,
    status: Option<StatusMessage>,
    dialog: Option<PathDialog>,
    confirm: Option<Confirm>,
    /// The backup taken before the last undo, offered for restore.
    last_backup: Option<PathBuf>,
    /// Where the sample workspace lives (the user data folder; tests use a temporary one).
    sample_dir: PathBuf,
    show_workspace_panel: Option<bool>,
    show_about: bool,
    show_shortcuts: bool,
    /// View ▸ Show the time each frame takes (off: a developer's readout).
    show_frame_time: bool,
    passphrase: Option<super::passphrase::PassphraseDialog>,
    /// The getting-started card was closed for this session.
    hide_guide: bool,
    frame_ms: f32,
    /// A command held until the user says what to do with unsaved edits.
    guarded: Option<AppCommand>,
    /// The user chose to close the window: let the close through.
    closing: bool,
    /// The user chose "Don't save": the command in hand goes through without asking again.
    discarding: bool,
    close_sent: bool,
}

impl AllianceApp {
    /// An app with no workspace open yet.
    pub fn new(prefs: Prefs) -> Self {
        AllianceApp {
            ws: None,
            lock: None,
            summary: None,
            purchasers: Vec::new(),
            view: View::Members,
            prefs,
            members: MembersView::default(),
            scenarios: ScenariosView::default(),
            compare: CompareView::default(),
            quality: QualityView::default(),
            import: ImportView::default(),
            benchmark: BenchmarkView::default(),
            hospital_prices: HospitalPricesView::default(),
            claims: ClaimsView::default(),
            reports: ReportsView::default(),
            commands: Vec::new(),
            status: None,
            dialog: None,
            confirm: None,
            last_backup: None,
            sample_dir: super::data_dir(),
            show_workspace_panel: None,
            show_about: false,
            show_shortcuts: false,
            show_frame_time: false,
            passphrase: None,
            hide_guide: false,
            frame_ms: 0.0,
            guarded: None,
            closing: false,
            close_sent: false,
            discarding: false,
        }
    }

    /// Keeps the sample workspace in `dir` instead of the user data folder (tests).
    pub fn with_sample_dir(mut self, dir: PathBuf) -> Self {
        self.sample_dir = dir;
        self
    }

    /// The backup offered for restore after an undo, if any.
    pub fn last_backup(&self) -> Option<&Path> {
        self.last_backup.as_deref()
    }

    /// An app showing `ws` (used by tests and the CLI-less start).
    pub fn with_workspace(ws: Workspace) -> Self {
        let mut app = AllianceApp::new(Prefs::default());
        let lock = crate::store::protect::lock_for_window(ws.path()).ok();
        app.install(ws, lock);
        app
    }

    /// Current preferences.
    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// The open workspace, if any.
    pub fn workspace(&self) -> Option<&Workspace> {
        self.ws.as_ref()
    }

    /// The view in the centre.
    pub fn view(&self) -> View {
        self.view
    }

    /// Switches the central view.
    pub fn set_view(&mut self, view: View) {
        self.view = view;
    }

    /// The scenario being edited in the Scenarios view.
    pub fn scenario_draft(&self) -> &Scenario {
        self.scenarios.draft()
    }

    /// The id of the saved scenario being edited, if it was saved.
    pub fn scenario_draft_id(&self) -> Option<i64> {
        self.scenarios.draft_id()
    }

    /// Shows the Import view with `file` loaded and its rows checked; a scenario file (what a
    /// double-click on a `.json` passes) opens in Scenarios instead.
    pub fn open_for_import(&mut self, file: PathBuf, ctx: &egui::Context) {
        if let Some(Ok(scenario)) = crate::import::scenario_file::read(&file) {
            self.commands
                .push(AppCommand::OpenScenario(Box::new(scenario)));
            return;
        }
        self.view = View::Import;
        if let Some(ws) = self.ws.as_ref() {
            self.import.open(file, ws, ctx);
            self.import.check_when_loaded();
        }
    }

    /// The Import view's state.
    pub fn import_view(&mut self) -> &mut ImportView {
        &mut self.import
    }

    /// The Reports view's state (tests choose what to write through it).
    pub fn reports_view(&mut self) -> &mut ReportsView {
        &mut self.reports
    }

    /// The Members view's state (tests watch its background reads through it).
    pub fn members_view(&mut self) -> &mut MembersView {
        &mut self.members
    }

    /// The Compare view's state (tests choose plans through it).
    pub fn compare_view(&mut self) -> &mut CompareView {
        &mut self.compare
    }

    /// The inputs of Compare's open "Model a design change" panel, if any.
    pub fn compare_design_params(&self) -> Option<crate::model::plan_design::PlanDesignParams> {
        self.compare.design_params()
    }

    /// The last status message.
    pub fn status(&self) -> Option<&StatusMessage> {
        self.status.as_ref()
    }

    fn refresh(&mut self) {
        let read = self
            .ws
            .as_ref()
            .map(|ws| Ok((ws.summary()?, ws.purchasers()?)));
        match read {
            Some(Ok((summary, purchasers))) => {
                self.summary = Some(summary);
                self.purchasers = purchasers;
            }
            Some(Err(e)) => {
                let e: crate::store::StoreError = e;
                self.summary = None;
                self.purchasers.clear();
                self.error(format!("Could not read the workspace summary: {e}"));
            }
            None => {
                self.summary = None;
                self.purchasers.clear();
            }
        }
        self.members.invalidate();
        self.scenarios.invalidate();
        self.compare.invalidate();
        self.quality.invalidate();
        self.import.invalidate();
        self.benchmark.invalidate();
        self.hospital_prices.invalidate();
        self.claims.invalidate();
        self.reports.invalidate();
    }

    fn error(&mut self, text: String) {
        self.status = Some(StatusMessage {
            text,
            is_error: true,
        });
    }

    fn notify(&mut self, text: String) {
        self.status = Some(StatusMessage {
            text,
            is_error: false,
        });
    }

    /// Applies one command; the only place app state changes.
    pub fn apply(&mut self, command: AppCommand) {
        if command.drops_editor_work() && !self.unsaved_work().is_empty() && !self.discarding {
            self.guarded = Some(command);
            return;
        }
        if self.read_only() && command.writes() {
            self.error(
                "This workspace is read-only: nothing was changed. Save a copy (File menu) to edit."
                    .into(),
            );
            return;
        }
        match command {
            AppCommand::SetView(v) => {
                // Compare opens at its top, plan names in sight, not where it was left.
                if v == View::Compare && self.view != View::Compare {
                    self.compare.scroll_to_top();
                }
                // A message belongs to the view it came from.
                if v != self.view {
                    self.status = None;
                }
                self.view = v;
            }
            AppCommand::OpenWorkspace(path) => self.open_workspace(&path),
            AppCommand::NewWorkspace(path) => self.new_workspace(&path),
            AppCommand::RestoreDamaged { path, backup } => self.restore_damaged(&path, &backup),
            AppCommand::NewEncryptedWorkspace { path, passphrase } => {
                self.new_encrypted_workspace(&path, &passphrase)
            }
            AppCommand::OpenEncrypted { path, passphrase } => {
                self.open_encrypted(&path, &passphrase)
            }
            AppCommand::EncryptWorkspace(passphrase) => self.encrypt_workspace(&passphrase),
            AppCommand::ChangePassphrase { current, new } => self.change_passphrase(&current, &new),
            AppCommand::SaveCopy(path) => self.save_copy(&path),
            AppCommand::OpenSample => self.open_sample(),
            AppCommand::SetDark(dark) => self.prefs.dark = dark,
            AppCommand::DataChanged => self.refresh(),
            AppCommand::Notify(text) => self.notify(text),
            AppCommand::Error(text) => self.error(text),
            AppCommand::SaveScenario { id, scenario } => self.save_scenario(id, &scenario),
            AppCommand::AskDeleteScenario { id, name } => {
                self.confirm = Some(Confirm::DeleteScenario { id, name })
            }
            AppCommand::DeleteScenario(id) => {
                let result = self.ws.as_mut().map(|ws| ws.delete_scenario(id));
                self.after_write(
                    result,
                    "Deleted the scenario and its run log. Its inputs are still in the editor: Save brings it back.",
                );
                self.scenarios.deleted(id);
            }
            AppCommand::UpdateMeasure {
                id,
                weight,
                higher_is_better,
                floor,
            } => {
                let result = self
                    .ws
                    .as_mut()
                    .map(|ws| ws.update_measure(id, weight, higher_is_better, floor));
                self.after_quality_write(result, "Saved the measure settings");
            }
            AppCommand::SaveQualitySettings(settings) => {
                let result = self
                    .ws
                    .as_mut()
                    .map(|ws| ws.set_quality_settings(&settings));
                self.after_quality_write(result, "Saved the certification rules");
            }
            AppCommand::SetHospitalArea {
                provider_id,
                cbsa,
                wage_index,
            } => {
                let result = self
                    .ws
                    .as_mut()
                    .map(|ws| ws.set_hospital_wage_index(provider_id, cbsa.as_deref(), wage_index));
                self.after_write_then(result, "Set the hospital's wage index", |app| {
                    app.hospital_prices.invalidate();
                });
            }
            AppCommand::AskUndoImport(id) => self.ask_undo_import(id),
            AppCommand::UndoImport(id) => self.undo_import(id),
            AppCommand::AskRestoreBackup(path) => self.ask_restore_backup(path),
            AppCommand::RestoreBackup(path) => self.restore_backup(&path),
            AppCommand::Quit => self.closing = true,
            AppCommand::OpenScenario(s) => {
                self.view = View::Scenarios;
                self.scenarios.open_scenario(*s);
            }
            AppCommand::AskRebuildSample => self.confirm = Some(Confirm::RebuildSample),
            AppCommand::RebuildSample => self.rebuild_sample(),
        }
    }

    fn ask_undo_import(&mut self, id: i64) {
        let Some(ws) = self.ws.as_mut() else {
            return self.error("No workspace is open".into());
        };
        let file = ws
            .import_history()
            .ok()
            .and_then(|h| h.into_iter().find(|b| b.id == id))
            .map_or(format!("import {id}"), |b| b.file_name);
        match ws.undo_import_impact(id) {
            Ok(impact) => {
                let empties = self.summary.as_ref().is_some_and(|s| {
                    let gone = |what: &str| {
                        impact
                            .removed
                            .iter()
                            .find(|(w, _)| *w == what)
                            .map_or(0, |(_, n)| *n)
                    };
                    gone("members") == s.members
                        && gone("plans") == s.plans
                        && s.members + s.plans > 0
                });
                self.confirm = Some(Confirm::UndoImport {
                    id,
                    file,
                    impact,
                    empties,
                });
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    fn undo_import(&mut self, id: i64) {
        let Some(ws) = self.ws.as_mut() else {
            return self.error("No workspace is open".into());
        };
        match ws.undo_import(id) {
            Ok(done) => {
                self.import.forget_batch(id);
                self.refresh();
                self.notify(format!(
                    "Undid import {id}: removed {}. A backup from before the undo is in {}",
                    done.what,
                    done.backup.display()
                ));
                self.last_backup = Some(done.backup);
            }
            Err(e) => self.error(format!("Could not undo import {id}: {e}")),
        }
    }

    fn after_write<T>(&mut self, result: Option<Result<T, crate::store::StoreError>>, done: &str) {
        self.after_write_then(result, done, Self::refresh);
    }

    /// Weights, floors and certification rules change only what quality feeds; these writes
    /// arrive every frame of a drag, so they must not recount the members.
    fn after_quality_write(
        &mut self,
        result: Option<Result<(), crate::store::StoreError>>,
        done: &str,
    ) {
        self.after_write_then(result, done, |app| {
            app.quality.invalidate();
            app.compare.invalidate();
        });
    }

    fn after_write_then<T>(
        &mut self,
        result: Option<Result<T, crate::store::StoreError>>,
        done: &str,
        then: impl FnOnce(&mut Self),
    ) {
        match result {
            Some(Ok(_)) => {
                self.notify(done.to_string());
                then(self);
            }
            Some(Err(e)) => self.error(e.to_string()),
            None => self.error("No workspace is open".into()),
        }
    }

    fn save_scenario(&mut self, id: Option<i64>, scenario: &Scenario) {
        let Some(ws) = self.ws.as_mut() else {
            return self.error("No workspace is open".into());
        };
        let outputs = match scenario.run() {
            Ok(o) => serde_json::Value::Object(o).to_string(),
            Err(e) => {
                self.scenarios.save_failed();
                return self.error(format!("Not saved: {e}"));
            }
        };
        let saved = match id {
            Some(id) => ws.update_scenario(id, scenario).map(|_| id),
            None => ws.save_scenario(scenario),
        };
        let logged = saved.and_then(|id| {
            ws.log_scenario_run(Some(id), &scenario.params.to_string(), &outputs)
                .map(|_| id)
        });
        match logged {
            Ok(id) => {
                self.refresh();
                if self.scenarios.holds(scenario) || !self.scenarios.has_unsaved_work() {
                    self.scenarios.saved(id, scenario.clone());
                    self.notify(format!("Saved scenario '{}'", scenario.name));
                } else {
                    self.scenarios.saved_elsewhere();
                    self.notify(format!(
                        "Saved scenario '{}'; the scenario editor keeps its unsaved changes (pick it in Scenarios to open it)",
                        scenario.name
                    ));
                }
            }
            Err(e) => {
                self.scenarios.save_failed();
                self.error(e.to_string());
            }
        }
    }

    fn drain_commands(&mut self, ctx: &egui::Context) {
        let commands = std::mem::take(&mut self.commands);
        for c in commands {
            if let AppCommand::SetDark(dark) = c {
                theme::apply(ctx, dark);
            }
            self.apply(c);
        }
    }

    /// Draws the whole window; tests call this directly through egui_kittest.
    pub fn root_ui(&mut self, ui: &mut egui::Ui) {
        let started = std::time::Instant::now();
        self.watch_close_request(ui.ctx());
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if self.workspace_panel_shown(ui.ctx()) {
            egui::Panel::left("workspace")
                .default_size(theme::SIDE_PANEL_WIDTH)
                .min_size(180.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        summary::workspace_panel_ui(
                            ui,
                            self.ws.as_ref(),
                            self.summary.as_ref(),
                            &self.purchasers,
                        )
                    });
                });
        }
        egui::CentralPanel::default().show(ui, |ui| self.view_ui(ui));
        self.path_dialog_ui(ui.ctx());
        self.confirm_ui(ui.ctx());
        self.about_ui(ui.ctx());
        self.shortcuts_ui(ui.ctx());
        if let Some(dialog) = self.passphrase.as_mut()
            && let Some(outcome) = dialog.ui(ui.ctx())
        {
            self.passphrase = None;
            if let Some(command) = outcome {
                self.commands.push(command);
            }
        }
        self.unsaved_ui(ui.ctx());
        focus_ring(ui.ctx());
        self.drain_commands(&ui.ctx().clone());
        if self.closing && !self.close_sent {
            self.close_sent = true;
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.frame_ms = started.elapsed().as_secs_f32() * 1000.0;
    }

    /// The window's close button goes through the same question as File ▸ Quit: with unsaved
    /// edits the close is cancelled and the user is asked.
    fn watch_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Q)) {
            self.commands.push(AppCommand::Quit);
        }
        self.view_shortcuts(ctx);
        if !ctx.input(|i| i.viewport().close_requested()) || self.closing {
            return;
        }
        if !self.unsaved_work().is_empty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.guarded = Some(AppCommand::Quit);
        }
    }

    /// Ctrl+1 … Ctrl+9 open the views in menu order, so each is one key away.
    fn view_shortcuts(&mut self, ctx: &egui::Context) {
        const KEYS: [egui::Key; 9] = [
            egui::Key::Num1,
            egui::Key::Num2,
            egui::Key::Num3,
            egui::Key::Num4,
            egui::Key::Num5,
            egui::Key::Num6,
            egui::Key::Num7,
            egui::Key::Num8,
            egui::Key::Num9,
        ];
        for (key, view) in KEYS.into_iter().zip(View::ALL) {
            if ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, key)) {
                self.commands.push(AppCommand::SetView(view));
            }
        }
    }

    /// True when the user asked to close the window and nothing unsaved holds it open.
    pub fn is_closing(&self) -> bool {
        self.closing
    }

    /// What the editors hold that is not in the workspace, one line each in words: the
    /// scenario editor, Compare's design change, Import's column choices. Every editor that
    /// can hold unsaved work is listed here, and so is guarded by the same question.
    pub fn unsaved_work(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.scenarios.has_unsaved_work() {
            out.push(format!("the scenario '{}'", self.scenarios.draft_name()));
        }
        if let Some(plan) = self.compare.unsaved_design() {
            out.push(format!("the design change to {plan} in Compare plans"));
        }
        if let Some(plan) = self.compare.unsaved_shift() {
            out.push(format!(
                "the contribution change to {plan} in Compare plans"
            ));
        }
        if let Some(file) = self.import.unsaved_choices() {
            out.push(format!(
                "your choices for {file} in Import (not imported, so they cannot be saved)"
            ));
        }
        out
    }

    /// True when some unsaved work can be saved (a scenario or a design change; Import's
    /// choices cannot be kept without importing).
    fn has_savable_work(&self) -> bool {
        self.scenarios.has_unsaved_work()
            || self.compare.unsaved_design().is_some()
            || self.compare.unsaved_shift().is_some()
    }

    /// Saves what can be saved of the unsaved work: the scenario, then the design change.
    fn save_unsaved_work(&mut self) {
        if let AppCommand::SaveScenario { id, scenario } = self.scenarios.save_command()
            && self.scenarios.has_unsaved_work()
        {
            self.save_scenario(id, &scenario);
        }
        if let Some(design) = self.compare.unsaved_design_scenario()
            && self.save_new_scenario(&design)
        {
            self.compare.design_saved();
        }
        if let Some(shift) = self.compare.unsaved_shift_scenario()
            && self.save_new_scenario(&shift)
        {
            self.compare.shift_saved();
        }
    }

    /// Saves `scenario` as a new one; true when the workspace holds one more scenario after.
    fn save_new_scenario(&mut self, scenario: &Scenario) -> bool {
        let count = |app: &Self| {
            app.ws
                .as_ref()
                .and_then(|w| w.scenarios().ok())
                .map(|l| l.len())
        };
        let before = count(self);
        self.save_scenario(None, scenario);
        count(self) > before
    }

    /// The command waiting for the user's answer about unsaved edits, if any.
    pub fn waiting_on_unsaved(&self) -> Option<&AppCommand> {
        self.guarded.as_ref()
    }

    /// The workspace panel starts hidden on narrow windows (laptops) and can be toggled.
    fn workspace_panel_shown(&self, ctx: &egui::Context) -> bool {
        self.show_workspace_panel
            .unwrap_or_else(|| ctx.content_rect().width() >= theme::WIDE_WINDOW)
    }

    fn view_ui(&mut self, ui: &mut egui::Ui) {
        let Some(ws) = self.ws.as_ref() else {
            ui.heading("No workspace open");
            ui.label("Use File > New or File > Open, or open the sample workspace.");
            if ui.button("Open the sample workspace").clicked() {
                self.commands.push(AppCommand::OpenSample);
            }
            return;
        };
        if self.view != View::Import
            && !self.hide_guide
            && super::guide::is_empty(self.summary.as_ref())
        {
            self.hide_guide = super::guide::getting_started_ui(ui, &mut self.commands);
        }
        match self.view {
            View::Members => self.members.ui(ui, ws, &mut self.commands),
            View::Scenarios => self.scenarios.ui(ui, ws, &mut self.commands),
            View::Compare => self.compare.ui(ui, ws, &mut self.commands),
            View::Quality => self.quality.ui(ui, ws, &mut self.commands),
            View::Import => self.import.ui(ui, ws, &mut self.commands),
            View::Benchmark => self.benchmark.ui(ui, ws, &mut self.commands),
            View::HospitalPrices => self.hospital_prices.ui(ui, ws, &mut self.commands),
            View::Claims => self.claims.ui(ui, ws, &mut self.commands),
            View::Reports => {
                self.reports.follow_compare(self.compare.shown());
                self.reports.ui(ui, ws, &mut self.commands)
            }
        }
    }
}

impl eframe::App for AllianceApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.root_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}

/// A 2 px outline around the focused control, in the theme's focus colour (at least 3:1
/// against the panel), painted on the control's own layer so a dialog above still covers it.
fn focus_ring(ctx: &egui::Context) {
    let Some(id) = ctx.memory(|m| m.focused()) else {
        return;
    };
    let Some(response) = ctx.read_response(id) else {
        return;
    };
    let visible = response.interact_rect;
    if visible.width() < 1.0 || visible.height() < 1.0 {
        return;
    }
    let colour = theme::focus_ring(ctx.global_style().visuals.dark_mode);
    ctx.layer_painter(response.layer_id).rect_stroke(
        visible.expand(1.0),
        3.0,
        egui::Stroke::new(2.0, colour),
        egui::StrokeKind::Outside,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_preferences_missing_a_field_keep_the_rest() {
        let prefs: Prefs = serde_json::from_str(r#"{"dark": true}"#).unwrap();
        assert!(prefs.dark);
        assert!(prefs.recent.is_empty());
    }
}
