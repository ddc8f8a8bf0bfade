//! Reports view: choose what to export (a report workbook with the comparison and scenarios,
//! the employee plan guide, or a share package for coalition peers), see what it will hold,
//! and write it on a background thread through a save dialog or a typed path.

use super::command::AppCommand;
use super::plan_picker::PlanPicker;
use super::theme;
use crate::report::assemble::{self, AssembleError, ReportRequest};
use crate::store::Workspace;
use crate::store::scenarios::SavedScenario;
use crate::ui::a11y::Named;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportKind {
    Workbook,
    Guide,
    SharePackage,
}

impl ReportKind {
    fn title(self) -> &'static str {
        match self {
            ReportKind::Workbook => "Report workbook (xlsx)",
            ReportKind::Guide => "Employee plan guide (HTML)",
            ReportKind::SharePackage => "Share package for coalition peers (xlsx)",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            ReportKind::Guide => "html",
            _ => "xlsx",
        }
    }
}

/// Lists read once per data change.
struct Lists {
    /// The latest year of the workspace's plans: the guide's year unless the user sets one.
    plans_year: i64,
    purchasers: Vec<String>,
    plans: Vec<(String, String)>,
    scenarios: Vec<SavedScenario>,
}

/// State of the Reports view.
pub struct ReportsView {
    kind: ReportKind,
    purchaser: Option<String>,
    /// The plans in the workbook's comparison.
    plans: PlanPicker,
    /// What Compare plans showed when last looked at; the workbook follows it until the
    /// user picks plans here.
    shown: Option<super::compare::Shown>,
    /// True once the user has picked plans in this view.
    own_plans: bool,
    /// The plan year the guide is titled for, once the user sets one.
    plan_year: Option<i64>,
    scenarios: Vec<i64>,
    /// Where each kind is written: a guide's path never becomes the workbook's.
    paths: std::collections::HashMap<ReportKind, String>,
    /// An existing file the user is asked about before it is replaced.
    confirm_replace: Option<PathBuf>,
    /// The file being written.
    writing: Option<PathBuf>,
    lists: Option<Lists>,
    job: Option<Receiver<Result<String, String>>>,
    last_written: Option<PathBuf>,
    error: Option<String>,
    no_dialog: bool,
    /// The preview and the choices it was made for (recomputed only when they change).
    preview: Option<(ReportKind, ReportRequest, Result<Vec<String>, String>)>,
}

impl Default for ReportsView {
    fn default() -> Self {
        ReportsView {
            kind: ReportKind::Workbook,
            purchaser: None,
            plans: PlanPicker::default(),
            shown: None,
            own_plans: false,
            plan_year: None,
            scenarios: Vec::new(),
            paths: std::collections::HashMap::new(),
            confirm_replace: None,
            writing: None,
            lists: None,
            job: None,
            last_written: None,
            error: None,
            no_dialog: false,
            preview: None,
        }
    }
}

impl ReportsView {
    /// Drops the lists after the data changed.
    pub fn invalidate(&mut self) {
        self.lists = None;
        self.preview = None;
    }

    /// Chooses what to write (tests and `--view reports`).
    pub fn choose(
        &mut self,
        kind: ReportKind,
        purchaser: Option<&str>,
        plans: &[&str],
        scenarios: &[i64],
    ) {
        self.kind = kind;
        self.purchaser = purchaser.map(str::to_string);
        self.plans.selected = plans.iter().map(|s| s.to_string()).collect();
        self.own_plans = true;
        self.scenarios = scenarios.to_vec();
    }

    /// Follows what Compare plans shows: its contribution and baseline always, its plans
    /// until the user picks others here.
    pub fn follow_compare(&mut self, shown: Option<super::compare::Shown>) {
        let Some(shown) = shown else { return };
        if self.shown.as_ref() == Some(&shown) {
            return;
        }
        if !self.own_plans {
            self.plans.selected = shown.plans.clone();
        }
        self.shown = Some(shown);
    }

    /// Sets the output path as if typed.
    pub fn set_path(&mut self, path: &Path) {
        self.paths.insert(self.kind, path.display().to_string());
    }

    /// The path typed or chosen for the current kind; a default in the documents folder the
    /// first time, never again (an emptied box stays empty while the user types).
    fn path_text(&mut self) -> &mut String {
        let default = self.default_path();
        self.paths.entry(self.kind).or_insert(default)
    }

    fn default_path(&self) -> String {
        let dir = directories::UserDirs::new()
            .and_then(|d| d.document_dir().map(Path::to_path_buf))
            .unwrap_or_else(std::env::temp_dir);
        dir.join(self.default_name()).display().to_string()
    }

    /// True while the user is asked whether to replace an existing file.
    pub fn asking_to_replace(&self) -> bool {
        self.confirm_replace.is_some()
    }

    /// True while a report is being written.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// The file written last.
    pub fn last_written(&self) -> Option<&Path> {
        self.last_written.as_deref()
    }

    fn load(&mut self, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        if self.lists.is_some() {
            return;
        }
        let read = || -> Result<Lists, crate::store::StoreError> {
            let plans = ws.plans()?;
            Ok(Lists {
                plans_year: plans.iter().map(|p| p.year).max().unwrap_or(2026),
                purchasers: ws.purchaser_names()?.into_iter().map(|(_, n)| n).collect(),
                plans: plans
                    .into_iter()
                    .filter(|p| !p.dental_only)
                    .map(|p| (p.code, p.name))
                    .collect(),
                scenarios: ws.scenarios()?,
            })
        };
        match read() {
            Ok(l) => {
                if self.plans.selected.is_empty() && self.purchaser.is_none() {
                    self.plans.selected = assemble::offered_plans(ws, None)
                        .unwrap_or_default()
                        .into_iter()
                        .take(3)
                        .collect();
                }
                self.lists = Some(l);
            }
            Err(e) => commands.push(AppCommand::Error(format!(
                "Could not read the workspace: {e}"
            ))),
        }
    }

    fn poll(&mut self, ctx: &egui::Context, commands: &mut Vec<AppCommand>) {
        let Some(rx) = &self.job else { return };
        match rx.try_recv() {
            Ok(Ok(text)) => {
                self.job = None;
                self.last_written = self.writing.take();
                commands.push(AppCommand::Notify(text));
            }
            Ok(Err(e)) => {
                self.job = None;
                self.error = Some(e);
            }
            Err(_) => ctx.request_repaint_after(std::time::Duration::from_millis(50)),
        }
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        self.poll(ui.ctx(), commands);
        self.load(ws, commands);
        ui.heading("Reports");
        ui.horizontal_wrapped(|ui| {
            for kind in [
                ReportKind::Workbook,
                ReportKind::Guide,
                ReportKind::SharePackage,
            ] {
                ui.selectable_value(&mut self.kind, kind, kind.title());
            }
        });
        ui.separator();
        egui::ScrollArea::vertical().show(ui, |ui| {
            self.choices_ui(ui);
            ui.separator();
            self.preview_ui(ui, ws);
            ui.separator();
            self.save_ui(ui, ws);
        });
    }

    fn choices_ui(&mut self, ui: &mut egui::Ui) {
        let Some(lists) = &self.lists else { return };
        let needs_purchaser = self.kind != ReportKind::Workbook;
        ui.horizontal_wrapped(|ui| {
            let caption = ui.label("Population");
            let shown = self.purchaser.clone().unwrap_or_else(|| {
                if needs_purchaser {
                    "Choose a purchaser".into()
                } else {
                    "Whole coalition".into()
                }
            });
            egui::ComboBox::from_id_salt("report_purchaser")
                .selected_text(shown)
                .width(260.0)
                .show_ui(ui, |ui| {
                    if !needs_purchaser {
                        ui.selectable_value(&mut self.purchaser, None, "Whole coalition");
                    }
                    for name in &lists.purchasers {
                        ui.selectable_value(&mut self.purchaser, Some(name.clone()), name);
                    }
                })
                .response
                .labelled_by(caption.id);
        });
        if self.kind == ReportKind::Guide {
            ui.horizontal(|ui| {
                let caption = ui.label("Plan year");
                let mut year = self.plan_year.unwrap_or(lists.plans_year);
                let edit = ui
                    .add(
                        egui::DragValue::new(&mut year)
                            .range(1900..=2200)
                            .speed(0.1),
                    )
                    .labelled_by(caption.id)
                    .named("Plan year of the guide")
                    .on_hover_text(
                        "The year in the guide's title: \"Your health plan choices for …\"",
                    );
                if edit.changed() {
                    self.plan_year = Some(year);
                }
            });
        }
        if self.kind != ReportKind::Workbook {
            ui.weak("The guide and the share package cover the plans the purchaser's employees are enrolled in.");
            return;
        }
        ui.horizontal_wrapped(|ui| {
            let caption = ui.label("Plans to compare");
            let before = self.plans.selected.clone();
            self.plans
                .ui(ui, caption.id, &lists.plans, assemble::MAX_REPORT_PLANS);
            self.own_plans |= self.plans.selected != before;
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Employer contribution");
            let rule = self.shown.as_ref().map_or_else(
                || "as rated in the rate file".to_string(),
                |s| format!("{} (as set in Compare plans)", s.contribution.describe()),
            );
            ui.weak(rule);
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Scenarios");
            if lists.scenarios.is_empty() {
                ui.weak("none saved yet");
            }
            for s in &lists.scenarios {
                let mut on = self.scenarios.contains(&s.id);
                let text = format!("{} ({})", s.scenario.name, s.scenario.kind.title());
                if ui.checkbox(&mut on, text).changed() {
                    if on {
                        self.scenarios.push(s.id);
                    } else {
                        self.scenarios.retain(|id| *id != s.id);
                    }
                }
            }
        });
    }

    fn request(&self) -> ReportRequest {
        let shown = self.shown.as_ref();
        ReportRequest {
            compare: self.plans.selected.clone(),
            scenario_ids: self.scenarios.clone(),
            purchaser: self.purchaser.clone(),
            contribution: shown.map(|s| s.contribution.clone()),
            baseline: shown
                .and_then(|s| s.baseline.clone())
                .filter(|b| self.plans.selected.contains(b)),
            plan_year: self.plan_year,
        }
    }

    /// What the file will hold, or why it cannot be written yet.
    fn preview_ui(&mut self, ui: &mut egui::Ui, ws: &Workspace) {
        ui.strong("What the file will hold");
        let req = self.request();
        let fresh = self
            .preview
            .as_ref()
            .is_some_and(|(k, r, _)| *k == self.kind && *r == req);
        if !fresh {
            let lines = match self.kind {
                ReportKind::Workbook => workbook_preview(ws, &req),
                ReportKind::Guide | ReportKind::SharePackage => match &self.purchaser {
                    None => Err("Choose the purchaser it is for.".into()),
                    Some(p) => purchaser_preview(ws, p, self.kind),
                },
            };
            self.preview = Some((self.kind, req, lines));
        }
        let Some((_, _, lines)) = self.preview.clone() else {
            return;
        };
        match lines {
            Ok(lines) => {
                for l in lines {
                    ui.label(format!("• {l}"));
                }
            }
            Err(e) => {
                ui.colored_label(ui.visuals().warn_fg_color, e);
            }
        }
    }

    fn default_name(&self) -> String {
        let stamp = chrono::Local::now().format("%Y%m%d");
        let who = self
            .purchaser
            .as_deref()
            .unwrap_or("coalition")
            .replace(|c: char| !c.is_alphanumeric(), "-");
        let what = match self.kind {
            ReportKind::Workbook => "report",
            ReportKind::Guide => "plan-guide",
            ReportKind::SharePackage => "share-package",
        };
        format!("{what}-{who}-{stamp}.{}", self.kind.extension())
    }

    fn save_ui(&mut self, ui: &mut egui::Ui, ws: &Workspace) {
        self.replace_ui(ui, ws);
        ui.horizontal_wrapped(|ui| {
            let caption = ui.label("Save to");
            let width = ui.available_width().clamp(240.0, 520.0);
            ui.add(egui::TextEdit::singleline(self.path_text()).desired_width(width))
                .labelled_by(caption.id);
            if ui
                .add_enabled(self.job.is_none(), egui::Button::new("Save as…"))
                .clicked()
            {
                let dialog = rfd::FileDialog::new()
                    .set_file_name(self.default_name())
                    .add_filter(self.kind.title(), &[self.kind.extension()]);
                self.no_dialog = false;
                match super::browse(dialog, true) {
                    super::Browse::Picked(p) => {
                        *self.path_text() = p.display().to_string();
                        // The save dialog has asked about replacing a file already.
                        self.check_then_start(ws, false);
                    }
                    super::Browse::Cancelled => {}
                    super::Browse::Unavailable => self.no_dialog = true,
                }
            }
            if ui
                .add_enabled(self.job.is_none(), egui::Button::new("Export"))
                .clicked()
            {
                self.check_then_start(ws, true);
            }
            if self.job.is_some() {
                ui.spinner();
                ui.label("Writing…");
            }
        });
        if self.no_dialog {
            ui.colored_label(ui.visuals().warn_fg_color, super::NO_DIALOG);
        }
        if let Some(e) = &self.error {
            ui.colored_label(theme::bad(ui.visuals().dark_mode), e);
        }
        if let Some(path) = self.last_written.clone() {
            ui.horizontal(|ui| {
                ui.label(format!("Written: {}", path.display()));
                if ui.button("Open folder").clicked() {
                    open_folder(path.parent().unwrap_or(Path::new(".")));
                }
            });
        }
    }

    /// Refuses a name for another format, asks before replacing a file, then writes.
    fn check_then_start(&mut self, ws: &Workspace, ask_to_replace: bool) {
        self.error = None;
        let path = PathBuf::from(self.path_text().trim());
        if path.as_os_str().is_empty() {
            self.error = Some("Type where to save the file.".into());
            return;
        }
        if let Err(e) = check_extension(&path, self.kind) {
            self.error = Some(e);
            return;
        }
        if path.is_dir() {
            self.error = Some(format!(
                "{} is a folder: add a file name to the path.",
                path.display()
            ));
            return;
        }
        if ask_to_replace && path.exists() {
            self.confirm_replace = Some(path);
            return;
        }
        self.start(ws, path);
    }

    /// Replace / Cancel for a file that exists.
    fn replace_ui(&mut self, ui: &egui::Ui, ws: &Workspace) {
        let Some(path) = self.confirm_replace.clone() else {
            return;
        };
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("replace_report")).show(ui.ctx(), |ui| {
            ui.set_max_width(460.0);
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            ui.heading(format!("Replace {}?", name.unwrap_or_default()));
            ui.label(format!(
                "{} already exists. Replacing it loses what it holds now.",
                path.display()
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Replace").clicked() {
                    choice = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    choice = Some(false);
                }
            });
        });
        match choice {
            Some(true) => {
                self.confirm_replace = None;
                self.start(ws, path);
            }
            Some(false) => self.confirm_replace = None,
            None => {}
        }
    }

    /// Writes the chosen file on a background thread (a large workspace takes a moment).
    fn start(&mut self, ws: &Workspace, path: PathBuf) {
        self.writing = Some(path.clone());
        let (tx, rx) = channel();
        let reopen = ws.reopener();
        let (kind, req) = (self.kind, self.request());
        std::thread::spawn(move || {
            let _ = tx.send(write(&reopen, kind, &req, &path));
        });
        self.job = Some(rx);
    }
}

/// A workbook is written as .xlsx and a guide as .html: a name for another format is refused
/// (the guide written as `report.xlsx` replaced the workbook).
fn check_extension(path: &Path, kind: ReportKind) -> Result<(), String> {
    let want = kind.extension();
    let got = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if got.as_deref() == Some(want) {
        return Ok(());
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let noun = match kind {
        ReportKind::Workbook => "report workbook",
        ReportKind::Guide => "employee plan guide",
        ReportKind::SharePackage => "share package",
    };
    let ends = got.map_or("has no extension".to_string(), |ext| {
        format!("ends in .{ext}")
    });
    Err(format!(
        "{name} {ends}, but the {noun} is an .{want} file: change the name to end in .{want}."
    ))
}

fn write(
    reopen: &crate::store::protect::Reopener,
    kind: ReportKind,
    req: &ReportRequest,
    path: &Path,
) -> Result<String, String> {
    let ws = reopen.open().map_err(|e| e.to_string())?;
    let shown = path.display();
    match kind {
        ReportKind::Workbook => {
            let content = assemble::assemble(&ws, req).map_err(|e| e.to_string())?;
            let s =
                crate::report::workbook::write_report(&content, path).map_err(|e| e.to_string())?;
            Ok(format!(
                "Wrote {shown}: {} with {} live formulas",
                crate::format::plural(s.sheets.len(), "sheet", "sheets"),
                crate::format::count(s.formulas.len() as i64)
            ))
        }
        ReportKind::Guide => {
            let purchaser = req
                .purchaser
                .as_deref()
                .ok_or("Choose the purchaser it is for.")?;
            let html =
                assemble::guide_html(&ws, purchaser, req.plan_year).map_err(|e| e.to_string())?;
            let tmp = path.with_extension("html.partial");
            std::fs::write(&tmp, html)
                .and_then(|_| std::fs::rename(&tmp, path))
                .map_err(|e| format!("{shown}: {e}"))?;
            Ok(format!("Wrote the plan guide for {purchaser} to {shown}"))
        }
        ReportKind::SharePackage => {
            let purchaser = req
                .purchaser
                .as_deref()
                .ok_or("Choose the purchaser it is for.")?;
            let content = assemble::share_content(&ws, purchaser).map_err(|e| e.to_string())?;
            crate::report::share::write_package(&content, path).map_err(|e| e.to_string())?;
            Ok(format!(
                "Wrote the share package of {purchaser} ({}) to {shown}",
                crate::format::plural(content.plans.len(), "plan", "plans")
            ))
        }
    }
}

fn workbook_preview(ws: &Workspace, req: &ReportRequest) -> Result<Vec<String>, String> {
    if req.compare.len() == 1 {
        return Err("Choose at least two plans to compare, or none.".into());
    }
    let content = assemble::assemble(ws, req).map_err(|e| match e {
        AssembleError::Empty => "Choose plans to compare or scenarios to include.".to_string(),
        other => other.to_string(),
    })?;
    let mut lines = vec![format!(
        "Cover: {}, {}, assumptions and {}",
        content.workspace,
        content.population,
        crate::format::plural(content.provenance.len(), "imported file", "imported files")
    )];
    if let Some(cmp) = &content.comparison {
        let codes: Vec<&str> = cmp.columns.iter().map(|c| c.plan.code.as_str()).collect();
        lines.push(format!(
            "Comparison of {}: inputs in blue cells, employee shares, annual totals and member cost as live formulas, and an out-of-pocket chart",
            codes.join(", ")
        ));
        lines.push("Comparison as shown in the app, with a filter".into());
    }
    if content.guide_for.is_some() {
        lines.push("Plan guide sheet for the purchaser's employees".into());
    }
    for s in &content.scenarios {
        lines.push(format!(
            "{}: {} with its inputs and formulas",
            s.kind.title(),
            s.name
        ));
    }
    Ok(lines)
}

fn purchaser_preview(
    ws: &Workspace,
    purchaser: &str,
    kind: ReportKind,
) -> Result<Vec<String>, String> {
    let id = ws
        .purchaser_id(purchaser)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no purchaser named '{purchaser}'"))?;
    let plans = assemble::offered_plans(ws, Some(id)).map_err(|e| e.to_string())?;
    if plans.is_empty() {
        return Err(format!(
            "{purchaser} has no enrolled members, so there is no plan to list."
        ));
    }
    Ok(match kind {
        ReportKind::Guide => vec![
            format!("One page for {purchaser}'s employees covering {}", plans.join(", ")),
            "Monthly cost by coverage level, yearly totals at low, typical and high use, deductible, out-of-pocket maximum, stars and best-in-class badges".into(),
            "Self-contained: no link or image outside the file; prints on A4 or Letter".into(),
        ],
        _ => vec![
            format!("Plan aggregates of {purchaser}: {}", plans.join(", ")),
            "Enrollment, premiums, employer share, spend per member, design, actuarial value and quality".into(),
            "No member-level row, ID, name, birth date or ZIP; counts under 11 withheld".into(),
        ],
    })
}

/// Opens a folder in the system's file manager.
fn open_folder(dir: &Path) {
    let opener = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener).arg(dir).spawn();
}
