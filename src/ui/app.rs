//! The application shell: menu, workspace panel, status bar, and the one place state changes.

use super::benchmark::BenchmarkView;
use super::command::AppCommand;
use super::compare::CompareView;
use super::import::ImportView;
use super::members::MembersView;
use super::quality::QualityView;
use super::reports::ReportsView;
use super::scenarios::ScenariosView;
use super::summary;
use super::theme;
use crate::model::scenario::Scenario;
use crate::store::{Summary, Workspace};
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The top-level views (`--view NAME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
pub enum View {
    Import,
    Members,
    Compare,
    Quality,
    Scenarios,
    Benchmark,
    Reports,
}

impl View {
    /// Every view in menu order.
    pub const ALL: [View; 7] = [
        View::Import,
        View::Members,
        View::Compare,
        View::Quality,
        View::Scenarios,
        View::Benchmark,
        View::Reports,
    ];

    /// The name shown in menus and tabs.
    pub fn title(self) -> &'static str {
        match self {
            View::Import => "Import",
            View::Members => "Members",
            View::Compare => "Compare plans",
            View::Quality => "Quality & certification",
            View::Scenarios => "Scenarios",
            View::Benchmark => "Benchmark",
            View::Reports => "Reports",
        }
    }
}

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
    passphrase: Option<super::passphrase::PassphraseDialog>,
    /// The getting-started card was closed for this session.
    hide_guide: bool,
    frame_ms: f32,
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
            reports: ReportsView::default(),
            commands: Vec::new(),
            status: None,
            dialog: None,
            confirm: None,
            last_backup: None,
            sample_dir: super::data_dir(),
            show_workspace_panel: None,
            show_about: false,
            passphrase: None,
            hide_guide: false,
            frame_ms: 0.0,
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

    /// Opens (or creates) `path` for this window: its lock first, so a second window gets a
    /// clear "in use" message instead of racing the first one's writes.
    fn open_locked(&mut self, path: &Path, create: bool) -> bool {
        if self.ws.as_ref().is_some_and(|ws| ws.path() == path) {
            // Opening the workspace this window already has: let go of it first.
            self.ws = None;
            self.lock = None;
        }
        let lock = match crate::store::protect::lock_for_window(path) {
            Ok(l) => Some(l),
            Err(e @ crate::store::StoreError::InUse { .. }) => {
                self.error(e.to_string());
                return false;
            }
            // A folder where no lock file can be made (read-only media): open without one.
            Err(_) => None,
        };
        let opened = if create {
            Workspace::create(path)
        } else {
            Workspace::open(path)
        };
        self.finish_open(opened, path, lock)
    }

    /// Installs an opened workspace, or says why it did not open (asking for a passphrase or
    /// offering a backup where that helps).
    fn finish_open(
        &mut self,
        opened: Result<Workspace, crate::store::StoreError>,
        path: &Path,
        lock: Option<crate::store::protect::WindowLock>,
    ) -> bool {
        use super::passphrase::{PassphraseDialog, Purpose};
        match opened {
            Err(crate::store::StoreError::Encrypted { .. }) => {
                self.passphrase = Some(PassphraseDialog::new(
                    Purpose::Open(path.to_path_buf()),
                    None,
                ));
                false
            }
            Err(e @ crate::store::StoreError::WrongPassphrase { .. }) => {
                self.passphrase = Some(PassphraseDialog::new(
                    Purpose::Open(path.to_path_buf()),
                    Some(e.to_string()),
                ));
                false
            }
            Ok(ws) => {
                self.install(ws, lock);
                true
            }
            Err(crate::store::StoreError::Damaged { detail, .. }) => {
                self.offer_restore(path, detail);
                false
            }
            Err(e) => {
                self.error(e.to_string());
                false
            }
        }
    }

    fn offer_restore(&mut self, path: &Path, detail: String) {
        match crate::store::protect::all_backups(path).into_iter().next() {
            Some(backup) => {
                self.confirm = Some(Confirm::RestoreDamaged {
                    path: path.to_path_buf(),
                    backup,
                    detail,
                })
            }
            None => self.error(format!(
                "{}: the workspace is damaged ({detail}) and no backup lies beside it",
                path.display()
            )),
        }
    }

    /// Opens `path`, or the sample workspace when there is none or it fails.
    pub fn open_startup(&mut self, path: Option<&Path>) {
        if let Some(p) = path
            && self.open_locked(p, !p.exists())
        {
            return;
        }
        self.apply(AppCommand::OpenSample);
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

    /// Shows the Import view with `file` loaded and its rows checked.
    pub fn open_for_import(&mut self, file: PathBuf, ctx: &egui::Context) {
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

    fn install(&mut self, ws: Workspace, lock: Option<crate::store::protect::WindowLock>) {
        let path = ws.path().to_path_buf();
        // The new lock is taken before the old one is let go (two workspaces, two locks).
        self.lock = lock;
        if ws.is_read_only() {
            self.error(format!(
                "{} is read-only (the file or its folder cannot be written): you can look, not change anything. Save a copy to edit.",
                path.display()
            ));
        }
        if path != Path::new(":memory:") {
            self.prefs.recent.retain(|p| p != &path);
            self.prefs.recent.insert(0, path);
            self.prefs.recent.truncate(8);
        }
        self.ws = Some(ws);
        self.refresh();
    }

    fn read_only(&self) -> bool {
        self.ws.as_ref().is_some_and(Workspace::is_read_only)
    }

    /// Moves the damaged file aside, puts the backup in its place and opens it.
    fn restore_damaged(&mut self, path: &Path, backup: &Path) {
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        let aside = crate::store::protect::backup_path(path, "damaged", &stamp.to_string());
        let moved =
            std::fs::rename(path, &aside).and_then(|_| std::fs::copy(backup, path).map(|_| ()));
        for ext in ["adesk-wal", "adesk-shm"] {
            let _ = std::fs::remove_file(path.with_extension(ext));
        }
        match moved {
            Ok(()) => {
                if self.open_locked(path, false) {
                    self.notify(format!(
                        "Restored {} from {}; the damaged file is {}",
                        path.display(),
                        backup.display(),
                        aside.display()
                    ));
                }
            }
            Err(e) => self.error(format!("Could not restore {}: {e}", path.display())),
        }
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
        if self.read_only() && command.writes() {
            self.error(
                "This workspace is read-only: nothing was changed. Save a copy (File menu) to edit."
                    .into(),
            );
            return;
        }
        match command {
            AppCommand::SetView(v) => self.view = v,
            AppCommand::OpenWorkspace(path) => {
                if self.open_locked(&path, false) && !self.read_only() {
                    self.notify(format!("Opened {}", path.display()));
                }
            }
            AppCommand::NewWorkspace(path) => {
                if self.open_locked(&path, true) {
                    self.notify(format!("Created {}", path.display()));
                }
            }
            AppCommand::RestoreDamaged { path, backup } => self.restore_damaged(&path, &backup),
            AppCommand::NewEncryptedWorkspace { path, passphrase } => {
                let lock = crate::store::protect::lock_for_window(&path).ok();
                let created = Workspace::create_encrypted(&path, &passphrase);
                if self.finish_open(created, &path, lock) {
                    self.notify(format!("Created {} (encrypted)", path.display()));
                }
            }
            AppCommand::OpenEncrypted { path, passphrase } => {
                if self.ws.as_ref().is_some_and(|ws| ws.path() == path) {
                    self.ws = None;
                    self.lock = None;
                }
                let lock = crate::store::protect::lock_for_window(&path).ok();
                let opened = Workspace::open_encrypted(&path, &passphrase);
                if self.finish_open(opened, &path, lock) {
                    self.notify(format!("Opened {} (encrypted)", path.display()));
                }
            }
            AppCommand::EncryptWorkspace(passphrase) => {
                let result = self.ws.as_mut().map(|ws| ws.encrypt_in_place(&passphrase));
                match result {
                    Some(Ok(removed)) => self.notify(format!(
                        "Encrypted the workspace; {} deleted",
                        crate::format::plural(removed.len(), "plain backup", "plain backups")
                    )),
                    Some(Err(e)) => self.error(format!("Could not encrypt the workspace: {e}")),
                    None => self.error("No workspace is open".into()),
                }
            }
            AppCommand::SaveCopy(path) => match self.ws.as_ref().map(|ws| ws.save_copy(&path)) {
                Some(Ok(())) => self.notify(format!("Saved a copy as {}", path.display())),
                Some(Err(e)) => self.error(e.to_string()),
                None => self.error("No workspace is open".into()),
            },
            AppCommand::OpenSample => match super::open_sample_workspace(&self.sample_dir) {
                Ok(ws) => {
                    let lock = crate::store::protect::lock_for_window(ws.path()).ok();
                    self.install(ws, lock)
                }
                Err(e) => self.error(format!("Could not create the sample workspace: {e:#}")),
            },
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
            AppCommand::AskUndoImport(id) => self.ask_undo_import(id),
            AppCommand::UndoImport(id) => self.undo_import(id),
            AppCommand::RestoreBackup(path) => self.restore_backup(&path),
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

    fn restore_backup(&mut self, path: &Path) {
        let Some(ws) = self.ws.as_mut() else {
            return self.error("No workspace is open".into());
        };
        match ws.restore_from(path) {
            Ok(()) => {
                self.refresh();
                self.last_backup = None;
                self.notify(format!("Restored the workspace from {}", path.display()));
            }
            Err(e) => self.error(format!("Could not restore {}: {e}", path.display())),
        }
    }

    fn rebuild_sample(&mut self) {
        let sample = self.sample_dir.join("sample.adesk");
        if self.ws.as_ref().is_some_and(|ws| ws.path() == sample) {
            // Close it first so its WAL is checkpointed and nothing writes to the old file.
            self.ws = None;
            self.lock = None;
        }
        match super::rebuild_sample_workspace(&self.sample_dir) {
            Ok(ws) => {
                let lock = crate::store::protect::lock_for_window(ws.path()).ok();
                self.install(ws, lock);
                self.last_backup = None;
                self.notify("Rebuilt the sample workspace".into());
            }
            Err(e) => self.error(format!("Could not rebuild the sample workspace: {e:#}")),
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
            Err(e) => return self.error(format!("Not saved: {e}")),
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
                self.scenarios.saved(id, scenario.clone());
                self.notify(format!("Saved scenario '{}'", scenario.name));
            }
            Err(e) => self.error(e.to_string()),
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
        if let Some(dialog) = self.passphrase.as_mut()
            && let Some(outcome) = dialog.ui(ui.ctx())
        {
            self.passphrase = None;
            if let Some(command) = outcome {
                self.commands.push(command);
            }
        }
        self.drain_commands(&ui.ctx().clone());
        self.frame_ms = started.elapsed().as_secs_f32() * 1000.0;
    }

    fn about_ui(&mut self, ctx: &egui::Context) {
        if !self.show_about {
            return;
        }
        let mut open = true;
        egui::Window::new("About Alliance Desk")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.set_max_width(420.0);
                ui.heading(super::window_title());
                ui.label(env!("CARGO_PKG_DESCRIPTION"));
                ui.add_space(6.0);
                ui.label("Everything runs on this computer. Workbooks are read here, the workspace is a file you keep, and no member data, scenario or report is sent anywhere: the app opens no network connection.");
                ui.add_space(6.0);
                ui.label(format!("Licence: {}", env!("CARGO_PKG_LICENSE")));
                ui.weak("Built with egui, SQLite (rusqlite), calamine and rust_xlsxwriter.");
            });
        self.show_about &= open;
    }

    /// The workspace panel starts hidden on narrow windows (laptops) and can be toggled.
    fn workspace_panel_shown(&self, ctx: &egui::Context) -> bool {
        self.show_workspace_panel
            .unwrap_or_else(|| ctx.content_rect().width() >= theme::WIDE_WINDOW)
    }

    fn confirm_ui(&mut self, ctx: &egui::Context) {
        let Some(confirm) = self.confirm.clone() else {
            return;
        };
        let (title, body, warning, yes, command) = match &confirm {
            Confirm::UndoImport {
                id,
                file,
                impact,
                empties,
            } => (
                format!("Undo import {id}?"),
                format!(
                    "Undoing import {id} ({file}) removes {}.\nA backup of the whole workspace is saved beside it first, and you can restore it from the File menu (Restore the backup from before the undo) or the status bar.",
                    impact.describe()
                ),
                empties.then_some("This empties the workspace: every plan and member goes."),
                "Undo the import",
                AppCommand::UndoImport(*id),
            ),
            Confirm::DeleteScenario { id, name } => (
                format!("Delete the scenario '{name}'?"),
                "The saved scenario and its assumption log are removed from the workspace. Its inputs stay in the editor, so Save brings the scenario back (with a new log).".to_string(),
                None,
                "Delete the scenario",
                AppCommand::DeleteScenario(*id),
            ),
            Confirm::RestoreDamaged {
                path,
                backup,
                detail,
            } => (
                "The workspace is damaged".to_string(),
                format!(
                    "{} failed SQLite's integrity check ({detail}).\nThe newest backup beside it is {}. Restoring it puts that copy in place; the damaged file is kept beside it as …damaged-….adesk.",
                    path.display(),
                    backup.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
                ),
                Some("Changes made after that backup are not in it."),
                "Restore the backup",
                AppCommand::RestoreDamaged {
                    path: path.clone(),
                    backup: backup.clone(),
                },
            ),
            Confirm::RebuildSample => (
                "Rebuild the sample workspace?".to_string(),
                "The sample workspace is generated again from scratch: 7 purchasers, 8 plans and 3,000 members. Scenarios and changes saved in it are lost; your own workspaces are not touched.".to_string(),
                None,
                "Rebuild the sample",
                AppCommand::RebuildSample,
            ),
        };
        let mut decided: Option<bool> = None;
        egui::Modal::new(egui::Id::unique("confirm_modal")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading(title);
            ui.label(body);
            if let Some(w) = warning {
                ui.colored_label(theme::bad(ui.visuals().dark_mode), w);
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(yes).clicked() {
                    decided = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    decided = Some(false);
                }
            });
        });
        match decided {
            Some(true) => {
                self.confirm = None;
                self.commands.push(command);
            }
            Some(false) => self.confirm = None,
            None => {}
        }
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
            View::Reports => self.reports.ui(ui, ws, &mut self.commands),
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("New workspace…").clicked() {
                    self.dialog = Some(PathDialog {
                        purpose: PathPurpose::New,
                        text: String::new(),
                        passphrase: String::new(),
                        no_dialog: false,
                    });
                }
                if ui.button("Open workspace…").clicked() {
                    self.dialog = Some(PathDialog {
                        purpose: PathPurpose::Open,
                        text: String::new(),
                        passphrase: String::new(),
                        no_dialog: false,
                    });
                }
                if ui
                    .add_enabled(self.ws.is_some(), egui::Button::new("Save a copy as…"))
                    .clicked()
                {
                    self.dialog = Some(PathDialog {
                        purpose: PathPurpose::SaveCopy,
                        text: String::new(),
                        passphrase: String::new(),
                        no_dialog: false,
                    });
                }
                ui.menu_button("Recent workspaces", |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.label("None yet");
                    }
                    for path in self.prefs.recent.clone() {
                        if ui.button(path.display().to_string()).clicked() {
                            self.commands.push(AppCommand::OpenWorkspace(path));
                        }
                    }
                });
                if ui.button("Open the sample workspace").clicked() {
                    self.commands.push(AppCommand::OpenSample);
                }
                if ui.button("Rebuild the sample workspace…").clicked() {
                    self.commands.push(AppCommand::AskRebuildSample);
                }
                let can_encrypt = self
                    .ws
                    .as_ref()
                    .is_some_and(|ws| !ws.is_encrypted() && !ws.is_read_only());
                if ui
                    .add_enabled(can_encrypt, egui::Button::new("Encrypt this workspace…"))
                    .on_hover_text("Protect members' data with a passphrase (SQLCipher)")
                    .clicked()
                {
                    self.passphrase = Some(super::passphrase::PassphraseDialog::new(
                        super::passphrase::Purpose::Encrypt,
                        None,
                    ));
                }
                if let Some(backup) = self.last_backup.clone()
                    && ui
                        .button("Restore the backup from before the undo")
                        .on_hover_text(backup.display().to_string())
                        .clicked()
                {
                    self.commands.push(AppCommand::RestoreBackup(backup));
                }
            });
            ui.menu_button("Help", |ui| {
                if ui.button("About Alliance Desk").clicked() {
                    self.show_about = true;
                }
            });
            ui.menu_button("View", |ui| {
                let shown = self.workspace_panel_shown(ui.ctx());
                let label = if shown {
                    "Hide the workspace panel"
                } else {
                    "Show the workspace panel"
                };
                if ui.button(label).clicked() {
                    self.show_workspace_panel = Some(!shown);
                }
                ui.separator();
                for v in View::ALL {
                    if ui.selectable_label(self.view == v, v.title()).clicked() {
                        self.commands.push(AppCommand::SetView(v));
                    }
                }
                ui.separator();
                let label = if self.prefs.dark {
                    "Light theme"
                } else {
                    "Dark theme"
                };
                if ui.button(label).clicked() {
                    self.commands.push(AppCommand::SetDark(!self.prefs.dark));
                }
            });
            ui.separator();
            for v in View::ALL {
                if ui.selectable_label(self.view == v, v.title()).clicked() {
                    self.commands.push(AppCommand::SetView(v));
                }
            }
            ui.separator();
            let shown = self.workspace_panel_shown(ui.ctx());
            if ui
                .selectable_label(shown, "Workspace panel")
                .on_hover_text("Show or hide the workspace summary on the left")
                .clicked()
            {
                self.show_workspace_panel = Some(!shown);
            }
        });
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.small(format!("frame {:.1} ms", self.frame_ms));
            if let Some(backup) = self.last_backup.clone()
                && ui
                    .small_button("Restore backup")
                    .on_hover_text("Put the workspace back as it was before the undo")
                    .clicked()
            {
                self.commands.push(AppCommand::RestoreBackup(backup));
            }
            ui.with_layout(
                egui::Layout::left_to_right(egui::Align::Center),
                |ui| match &self.status {
                    Some(s) if s.is_error => {
                        ui.add(
                            egui::Label::new(
                                egui::RichText::new(&s.text).color(theme::bad(self.prefs.dark)),
                            )
                            .truncate(),
                        );
                    }
                    Some(s) => {
                        ui.add(egui::Label::new(&s.text).truncate());
                    }
                    None => {
                        let ready = self.ws.as_ref().map_or("Ready".to_string(), |ws| {
                            format!("Ready · {}", ws.path().display())
                        });
                        ui.add(egui::Label::new(ready).truncate());
                    }
                },
            );
        });
    }

    fn path_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = self.dialog.as_mut() else {
            return;
        };
        let title = match dialog.purpose {
            PathPurpose::Open => "Open workspace",
            PathPurpose::New => "New workspace",
            PathPurpose::SaveCopy => "Save a copy as",
        };
        let mut close = false;
        let mut chosen: Option<PathBuf> = None;
        let mut no_dialog = dialog.no_dialog;
        egui::Window::new(title)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                let caption = ui.label("Workspace file path");
                ui.horizontal(|ui| {
                    ui.add(egui::TextEdit::singleline(&mut dialog.text).desired_width(420.0))
                        .labelled_by(caption.id);
                    if ui.button("Browse…").clicked() {
                        let picker = rfd::FileDialog::new()
                            .add_filter("Alliance Desk workspace", &["adesk", "db", "sqlite"]);
                        match super::browse(picker, dialog.purpose != PathPurpose::Open) {
                            super::Browse::Picked(p) => dialog.text = p.display().to_string(),
                            super::Browse::Cancelled => {}
                            super::Browse::Unavailable => no_dialog = true,
                        }
                    }
                });
                if no_dialog {
                    ui.colored_label(ui.visuals().warn_fg_color, super::NO_DIALOG);
                }
                if dialog.purpose == PathPurpose::New {
                    ui.horizontal(|ui| {
                        let caption = ui.label("Passphrase (optional)");
                        ui.add(
                            egui::TextEdit::singleline(&mut dialog.passphrase)
                                .password(true)
                                .desired_width(260.0),
                        )
                        .labelled_by(caption.id)
                        .on_hover_text("Encrypts the workspace (SQLCipher); it cannot be opened without the passphrase, and a forgotten one cannot be recovered");
                    });
                }
                ui.horizontal(|ui| {
                    if ui.button("OK").clicked() && !dialog.text.trim().is_empty() {
                        chosen = Some(PathBuf::from(dialog.text.trim()));
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            });
        dialog.no_dialog = no_dialog;
        if let Some(path) = chosen {
            let command = match dialog.purpose {
                PathPurpose::Open => AppCommand::OpenWorkspace(path),
                PathPurpose::New if !dialog.passphrase.is_empty() => {
                    AppCommand::NewEncryptedWorkspace {
                        path,
                        passphrase: std::mem::take(&mut dialog.passphrase),
                    }
                }
                PathPurpose::New => AppCommand::NewWorkspace(path),
                PathPurpose::SaveCopy => AppCommand::SaveCopy(path),
            };
            self.commands.push(command);
            close = true;
        }
        if close {
            self.dialog = None;
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
