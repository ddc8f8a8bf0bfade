//! Import view: open a workbook (typed path, Browse… or drag-and-drop), pick the sheet, see the
//! detected header, fix the column mapping, check rows, import on a background thread with
//! progress and cancel, and undo past imports.

use super::command::AppCommand;
use super::theme;
use crate::import::share_package::{
    PackageSummary, import_package, is_share_package, read_package,
};
use crate::import::{
    self, ImportError, ImportOptions, ImportSummary, Kind, Mapping, Preview, Progress, Source,
};
use crate::model::labels::field_label;
use crate::store::Workspace;
use crate::ui::a11y::Named;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, channel};
use std::time::Instant;

mod claims_file;
mod parts;
mod price_file;
use parts::{headline, kind_title, mapping_ui, preview_grid_ui};

/// How the claims import reads an opened file: delimited text, or a workbook.
fn claims_format(source: &Source) -> crate::import::claims::ClaimsFormat {
    if source.format == crate::import::Format::Csv {
        crate::import::claims::ClaimsFormat::Csv
    } else {
        crate::import::claims::ClaimsFormat::Workbook
    }
}

/// What a background job sends back.
enum JobResult {
    Opened(Result<(Arc<Source>, Preview), String>),
    /// The file is a coalition share package: who sent it and how many plans.
    Package(PathBuf, Result<(String, usize), String>),
    PackageImported(Result<PackageSummary, String>),
    Previewed(Result<Preview, String>),
    Finished(Result<ImportSummary, String>, bool),
    PricesImported(Result<crate::import::prices::HospitalImport, String>),
    InsurerImported(Result<crate::import::prices::InsurerImport, String>),
    CmsImported(Result<crate::import::prices::cms_files::CmsImport, String>),
    ClaimsImported(Result<crate::import::claims::ClaimsImport, String>),
    ClaimsSummaryImported(
        Result<crate::import::claims::engine_summary::EngineSummaryImport, String>,
    ),
}

struct Job {
    rx: Receiver<JobResult>,
    progress: Arc<Progress>,
    started: Instant,
    label: String,
    /// The progress counts bytes of a file (a price file), not rows.
    bytes: bool,
}

struct Loaded {
    source: Arc<Source>,
    preview: Preview,
    kind: Kind,
    mapping: Mapping,
    purchaser: String,
    /// The kind and mapping read from the file, before the user changed anything.
    detected: (Kind, Mapping),
    /// True once the rows went into the workspace: the choices are kept there.
    imported: bool,
}

/// A step that would drop the user's column choices, waiting for an answer.
#[derive(Debug, Clone)]
enum DropChoices {
    Open(PathBuf),
    Close,
}

/// State of the Import view.
#[derive(Default)]
pub struct ImportView {
    path_text: String,
    loaded: Option<Loaded>,
    job: Option<Job>,
    report: Option<ImportSummary>,
    error: Option<String>,
    filter: String,
    history: Option<Vec<crate::store::imports::BatchRow>>,
    /// Browse… found no file dialog on this system.
    no_dialog: bool,
    pending: Option<(bool, bool)>,
    pending_close: bool,
    check_on_load: bool,
    /// A hospital price file waiting to be imported, and what its import brought.
    price_file: Option<price_file::PriceFile>,
    claims_file: Option<claims_file::ClaimsFile>,
    price_report: Option<price_file::PriceReport>,
    /// A CMS Medicare file of a newer year, waiting to be imported.
    cms_file: Option<(PathBuf, crate::import::prices::cms_files::CmsFile)>,
    /// A share package waiting for "Add as a coalition peer": path, sender, plans.
    package: Option<(PathBuf, String, usize)>,
    /// A `.json` file opened here: a scenario to open in Scenarios, or why it is not one.
    scenario_file: Option<(PathBuf, Result<crate::model::scenario::Scenario, String>)>,
    /// Asking whether to drop column choices not imported yet.
    asking: Option<DropChoices>,
}

impl ImportView {
    /// Reloads the history after the workspace changed.
    pub fn invalidate(&mut self) {
        self.history = None;
    }

    /// Drops the report of an import that was just undone.
    pub fn forget_batch(&mut self, id: i64) {
        if self.report.as_ref().is_some_and(|r| r.batch_id == Some(id)) {
            self.report = None;
        }
        self.history = None;
    }

    /// The last check or import report.
    pub fn report(&self) -> Option<&ImportSummary> {
        self.report.as_ref()
    }

    /// Runs "Check rows" as soon as the file being opened is loaded.
    pub fn check_when_loaded(&mut self) {
        self.check_on_load = true;
    }

    /// True while a file is being read or imported.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// The file whose kind, sheet, column mapping or purchaser the user changed and has not
    /// imported yet: work that opening another file or closing this one would drop.
    pub fn unsaved_choices(&self) -> Option<String> {
        if let Some(c) = &self.claims_file
            && c.has_choices()
            && self.price_report.is_none()
        {
            return c.path.file_name().map(|n| n.to_string_lossy().into_owned());
        }
        let l = self.loaded.as_ref()?;
        let changed =
            (l.kind, &l.mapping) != (l.detected.0, &l.detected.1) || !l.purchaser.trim().is_empty();
        (changed && !l.imported).then(|| {
            l.source.path.file_name().map_or_else(
                || l.source.path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
    }

    /// Forgets the loaded file and its choices (the user said to drop them).
    pub fn drop_choices(&mut self) {
        self.loaded = None;
        self.claims_file = None;
        self.report = None;
        self.asking = None;
    }

    /// Opens a file for preview (the path field, Browse… and drops all end here); asks first
    /// when that would drop column choices not imported yet.
    pub fn open(&mut self, path: PathBuf, ws: &Workspace, ctx: &egui::Context) {
        if self.unsaved_choices().is_some() {
            self.asking = Some(DropChoices::Open(path));
            return;
        }
        self.open_now(path, ws, ctx);
    }

    fn open_now(&mut self, path: PathBuf, ws: &Workspace, ctx: &egui::Context) {
        self.path_text = path.display().to_string();
        self.loaded = None;
        self.package = None;
        self.report = None;
        self.error = None;
        self.price_report = None;
        self.claims_file = None;
        self.scenario_file =
            crate::import::scenario_file::read(&path).map(|read| (path.clone(), read));
        if self.scenario_file.is_some() {
            return;
        }
        self.cms_file = crate::import::prices::cms_files::sniff(&path).map(|k| (path.clone(), k));
        self.price_file = None;
        if self.cms_file.is_some() {
            return;
        }
        self.price_file = price_file::PriceFile::detect(&path);
        if self.price_file.is_some() {
            self.claims_file = None;
            return;
        }
        self.claims_file = claims_file::ClaimsFile::detect(&path, ws);
        if self.claims_file.is_some() {
            return;
        }
        let reopen = ws.reopener();
        self.spawn(ctx, format!("Reading {}", path.display()), move |_| {
            if let Ok(src) = Source::open(&path)
                && is_share_package(&src)
            {
                let summary = read_package(&src)
                    .map(|p| (p.sender, p.plans.len()))
                    .map_err(|e| e.to_string());
                return JobResult::Package(path, summary);
            }
            let result = (|| {
                let source = Source::open(&path).map_err(|e| e.to_string())?;
                let ws = reopen.open().map_err(|e| e.to_string())?;
                let preview =
                    import::preview(&ws, &source, None, None).map_err(|e| e.to_string())?;
                Ok((Arc::new(source), preview))
            })();
            JobResult::Opened(result)
        });
    }

    fn spawn(
        &mut self,
        ctx: &egui::Context,
        label: String,
        work: impl FnOnce(&Progress) -> JobResult + Send + 'static,
    ) {
        let (tx, rx) = channel();
        let progress = Arc::new(Progress::default());
        let p = progress.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let result = work(&p);
            let _ = tx.send(result);
            ctx.request_repaint();
        });
        self.job = Some(Job {
            rx,
            progress,
            started: Instant::now(),
            label,
            bytes: false,
        });
    }

    /// As `spawn`, for work whose progress counts bytes of a file.
    fn spawn_bytes(
        &mut self,
        ctx: &egui::Context,
        label: String,
        work: impl FnOnce(&Progress) -> JobResult + Send + 'static,
    ) {
        self.spawn(ctx, label, work);
        if let Some(job) = self.job.as_mut() {
            job.bytes = true;
        }
    }

    fn poll(&mut self, ctx: &egui::Context, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        let Some(job) = &self.job else { return };
        let Ok(result) = job.rx.try_recv() else {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
            return;
        };
        self.job = None;
        match result {
            JobResult::Opened(Ok((source, preview)))
                if crate::import::claims::fields::recognise(&preview.layout.headers).is_some() =>
            {
                // A sheet of claim lines goes to the claims import, not the row mapping.
                if let Some(kind) =
                    crate::import::claims::fields::recognise(&preview.layout.headers)
                {
                    let mut file = claims_file::ClaimsFile::from_headers(
                        &source.path,
                        claims_format(&source),
                        kind,
                        &preview.layout.headers,
                        ws,
                    );
                    file.sheet = Some(preview.sheet.clone());
                    self.claims_file = Some(file);
                }
            }
            JobResult::Opened(Ok((source, preview))) => {
                let kind = preview.kind;
                let mapping = preview.mapping.clone();
                self.loaded = Some(Loaded {
                    source,
                    preview,
                    detected: (kind, mapping.clone()),
                    kind,
                    mapping,
                    purchaser: String::new(),
                    imported: false,
                });
                if std::mem::take(&mut self.check_on_load) {
                    self.pending = Some((false, true));
                }
            }
            JobResult::Previewed(Ok(preview)) => {
                if let Some(l) = self.loaded.as_mut() {
                    l.kind = preview.kind;
                    l.mapping = preview.mapping.clone();
                    l.preview = preview;
                }
            }
            JobResult::Opened(Err(e)) | JobResult::Previewed(Err(e)) => self.error = Some(e),
            JobResult::Package(path, Ok((sender, plans))) => {
                self.package = Some((path, sender, plans));
            }
            JobResult::Package(_, Err(e)) | JobResult::PackageImported(Err(e)) => {
                self.error = Some(e)
            }
            JobResult::PricesImported(Ok(done)) => {
                self.price_report = Some(price_file::hospital_finished(done, commands));
            }
            JobResult::InsurerImported(Ok(done)) => {
                self.price_report = Some(price_file::insurer_finished(done, commands));
            }
            JobResult::CmsImported(Ok(done)) => {
                self.price_report = Some(price_file::cms_finished(done, commands));
            }
            JobResult::ClaimsImported(Ok(done)) => {
                self.price_report = Some(claims_file::claims_finished(done, commands));
            }
            JobResult::ClaimsSummaryImported(Ok(done)) => {
                self.price_report = Some(claims_file::summary_finished(done, commands));
            }
            JobResult::PricesImported(Err(e))
            | JobResult::InsurerImported(Err(e))
            | JobResult::CmsImported(Err(e))
            | JobResult::ClaimsImported(Err(e))
            | JobResult::ClaimsSummaryImported(Err(e)) => self.error = Some(e),
            JobResult::PackageImported(Ok(p)) => {
                self.package = None;
                let done = format!(
                    "{} is now a coalition peer ({}); see Benchmark",
                    p.sender,
                    crate::format::plural(p.plans, "plan", "plans")
                );
                commands.push(AppCommand::DataChanged);
                // A warning (same file again, our own purchaser) must not pass unseen.
                let warnings = p.warnings();
                commands.push(if warnings.is_empty() {
                    AppCommand::Notify(done)
                } else {
                    AppCommand::Error(format!("{done}. Note: {}", warnings.join("; ")))
                });
            }
            JobResult::Finished(Ok(summary), committed) => {
                if committed {
                    if let Some(l) = self.loaded.as_mut() {
                        l.imported = true;
                    }
                    commands.push(AppCommand::Notify(format!(
                        "Imported {} {} rows from {}",
                        crate::format::count(summary.rows_imported as i64),
                        summary.kind.code(),
                        summary.file
                    )));
                    commands.push(AppCommand::DataChanged);
                }
                self.report = Some(summary);
            }
            JobResult::Finished(Err(e), _) => self.error = Some(e),
        }
    }

    fn run_import(
        &mut self,
        ws: &Workspace,
        ctx: &egui::Context,
        skip_invalid: bool,
        dry_run: bool,
    ) {
        let Some(l) = &self.loaded else { return };
        let source = l.source.clone();
        let corrected =
            l.mapping != import::mapping::map_headers(l.kind, &l.preview.layout.headers);
        let opts = ImportOptions {
            sheet: Some(l.preview.sheet.clone()),
            kind: Some(l.kind),
            skip_invalid,
            purchaser: Some(l.purchaser.trim().to_string()).filter(|p| !p.is_empty()),
            mapping: corrected.then(|| l.mapping.clone()),
            dry_run,
        };
        let reopen = ws.reopener();
        self.report = None;
        self.error = None;
        let label = if dry_run {
            "Checking rows"
        } else {
            "Importing"
        };
        self.spawn(
            ctx,
            format!("{label} from {}", source.file_name()),
            move |progress| {
                let result = reopen
                    .open()
                    .map_err(ImportError::from)
                    .and_then(|mut ws| import::import_source(&mut ws, &source, &opts, progress));
                match result {
                    Ok(s) => JobResult::Finished(Ok(s), !dry_run),
                    Err(ImportError::Rejected(s)) => JobResult::Finished(Ok(*s), false),
                    Err(e) => JobResult::Finished(Err(e.to_string()), false),
                }
            },
        );
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        let ctx = ui.ctx().clone();
        self.poll(&ctx, ws, commands);
        let dropped: Option<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .first()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
        });
        if let Some(path) = dropped
            && self.job.is_none()
        {
            self.open(path, ws, &ctx);
        }
        self.drop_choices_ui(ui, ws, &ctx);
        ui.heading("Import");
        if ws.is_read_only() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "This workspace is read-only, so nothing can be imported into it. Save a copy (File menu) and import there.",
            );
            return;
        }
        if self.loaded.is_some() {
            super::guide::import_order_ui(ui);
        }
        self.open_bar_ui(ui, ws, &ctx);
        if self.no_dialog {
            ui.colored_label(ui.visuals().warn_fg_color, super::NO_DIALOG);
        }
        if let Some(e) = &self.error {
            ui.colored_label(theme::bad(ui.visuals().dark_mode), e);
        }
        self.progress_ui(ui);
        egui::Panel::right("import_history")
            .default_size(320.0)
            .min_size(260.0)
            .show(ui, |ui| self.history_ui(ui, ws, commands));
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::both()
                .id_salt("import_scroll")
                .show(ui, |ui| {
                    if self.loaded.is_some() {
                        self.setup_ui(ui, ws, &ctx);
                        ui.separator();
                    }
                    self.package_ui(ui, ws, &ctx);
                    self.price_file_ui(ui, ws, &ctx);
                    self.claims_file_ui(ui, ws, &ctx);
                    self.cms_file_ui(ui, ws, &ctx);
                    if let Some(file) = &self.scenario_file {
                        super::scenario_file::card_ui(ui, file, commands);
                    }
                    if self.loaded.is_none()
                        && self.package.is_none()
                        && self.price_file.is_none()
                        && self.claims_file.is_none()
                        && self.cms_file.is_none()
                        && self.scenario_file.is_none()
                        && self.report.is_none()
                        && self.job.is_none()
                    {
                        super::guide::import_empty_ui(ui);
                    }
                    self.report_ui(ui);
                    if let Some(l) = &self.loaded {
                        ui.separator();
                        preview_grid_ui(ui, &l.preview);
                    }
                });
        });
    }

    /// A share package: who sent it, and the one action it allows.
    fn package_ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, ctx: &egui::Context) {
        let Some((path, sender, plans)) = self.package.clone() else {
            return;
        };
        ui.strong(format!("Coalition share package from {sender}"));
        ui.label(format!(
            "{} with enrollment, premiums, employer share, spend, design and quality, and no member-level data. Adding it makes {sender} a coalition peer for the Benchmark view; your own members and plans are not changed.",
            crate::format::plural(plans, "plan", "plans")
        ));
        if ui
            .add_enabled(
                self.job.is_none(),
                egui::Button::new(format!("Add {sender} as a coalition peer")),
            )
            .clicked()
        {
            let reopen = ws.reopener();
            self.spawn(ctx, format!("Adding {sender}"), move |_| {
                let result = reopen
                    .open()
                    .map_err(ImportError::from)
                    .and_then(|mut ws| import_package(&mut ws, &path))
                    .map_err(|e| e.to_string());
                JobResult::PackageImported(result)
            });
        }
        ui.separator();
    }

    fn open_bar_ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, ctx: &egui::Context) {
        ui.horizontal_wrapped(|ui| {
            let caption = ui.label("File");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.path_text)
                        .desired_width(ui.available_width().clamp(240.0, 460.0))
                        .hint_text(
                            "Path to xlsx, xlsm, xlsb, xls, ods, csv or tsv (or drop a file here)",
                        ),
                )
                .labelled_by(caption.id)
                .named("File to import, path");
            // Enter in the path box opens the file, as the Open button does.
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let idle = self.job.is_none();
            let can_open = idle && !self.path_text.trim().is_empty();
            if ui
                .add_enabled(can_open, egui::Button::new("Open"))
                .clicked()
                || (entered && can_open)
            {
                let path = PathBuf::from(self.path_text.trim());
                self.open(path, ws, ctx);
            }
            if ui.add_enabled(idle, egui::Button::new("Browse…")).clicked() {
                let picker = rfd::FileDialog::new().add_filter(
                    "Spreadsheets",
                    &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt"],
                );
                self.no_dialog = false;
                match super::browse(picker, false) {
                    super::Browse::Picked(path) => self.open(path, ws, ctx),
                    super::Browse::Cancelled => {}
                    super::Browse::Unavailable => self.no_dialog = true,
                }
            }
        });
    }

    fn progress_ui(&mut self, ui: &mut egui::Ui) {
        let Some(job) = &self.job else { return };
        let done = job.progress.rows_done.load(Ordering::Relaxed);
        let total = job.progress.rows_total.load(Ordering::Relaxed);
        let secs = job.started.elapsed().as_secs_f64().max(1e-3);
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(&job.label);
            if total > 0 {
                let frac = done as f32 / total as f32;
                let text = if job.bytes {
                    format!(
                        "{} of {} · {:.0}% · {}/s",
                        crate::format::bytes(done as u64),
                        crate::format::bytes(total as u64),
                        frac * 100.0,
                        crate::format::bytes((done as f64 / secs) as u64)
                    )
                } else {
                    format!(
                        "{} of {} rows · {:.0}% · {} rows/s",
                        crate::format::count(done as i64),
                        crate::format::count(total as i64),
                        frac * 100.0,
                        crate::format::count((done as f64 / secs) as i64)
                    )
                };
                ui.add(
                    egui::ProgressBar::new(frac)
                        .desired_width(ui.available_width().clamp(240.0, 440.0) - 80.0)
                        .text(text),
                );
            }
            if ui.button("Cancel").clicked() {
                job.progress.cancel.store(true, Ordering::Relaxed);
            }
        });
    }

    fn setup_ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, ctx: &egui::Context) {
        let Some(l) = self.loaded.as_mut() else {
            return;
        };
        let mut reload: Option<(String, Option<Kind>)> = None;
        let mut as_claims: Option<crate::import::claims::ClaimFile> = None;
        ui.horizontal_wrapped(|ui| {
            ui.strong(l.source.file_name());
            ui.weak(l.source.format.name());
            if let Some(notice) = &l.source.notice {
                ui.colored_label(ui.visuals().warn_fg_color, notice);
            }
            ui.separator();
            let caption = ui.label("Sheet");
            egui::ComboBox::from_id_salt("import_sheet")
                .selected_text(l.preview.sheet.clone())
                .show_ui(ui, |ui| {
                    for s in &l.source.sheets {
                        let label = if s.hidden {
                            format!("{} (hidden)", s.name)
                        } else {
                            s.name.clone()
                        };
                        if ui
                            .selectable_label(s.name == l.preview.sheet, label)
                            .clicked()
                        {
                            reload = Some((s.name.clone(), None));
                        }
                    }
                })
                .response
                .labelled_by(caption.id);
            let caption = ui.label("Kind");
            let before = l.kind;
            egui::ComboBox::from_id_salt("import_kind")
                .selected_text(kind_title(l.kind))
                .show_ui(ui, |ui| {
                    for k in Kind::ALL {
                        ui.selectable_value(&mut l.kind, k, kind_title(k));
                    }
                })
                .response
                .labelled_by(caption.id);
            if l.kind != before {
                l.mapping = import::mapping::map_headers(l.kind, &l.preview.layout.headers);
            }
            ui.menu_button("Claims…", |ui| {
                if ui.button("Read as medical claim lines").clicked() {
                    as_claims = Some(crate::import::claims::ClaimFile::Medical);
                }
                if ui.button("Read as pharmacy claims").clicked() {
                    as_claims = Some(crate::import::claims::ClaimFile::Pharmacy);
                }
            })
            .response
            .on_hover_text(
                "Claim lines in a layout not recognised: choose each field's column next",
            );
            ui.label(format!(
                "Header on row {}, {}{} data rows",
                l.preview.layout.sheet_row(l.preview.layout.header_row),
                if l.preview.extent_estimated {
                    "about "
                } else {
                    ""
                },
                crate::format::count(
                    l.preview
                        .layout
                        .data_end
                        .saturating_sub(l.preview.layout.data_start) as i64
                )
            ));
            if l.preview.remembered {
                ui.weak("(mapping remembered from a previous import)");
            }
        });
        let names_purchaser = matches!(l.kind, Kind::Members | Kind::Eligibility);
        if names_purchaser && l.mapping.column_of("purchaser").is_none() {
            ui.horizontal(|ui| {
                ui.label(if l.kind == Kind::Members {
                    "This census has no employer column. Purchaser:"
                } else {
                    "This file has no employer column. Purchaser:"
                });
                ui.add(
                    egui::TextEdit::singleline(&mut l.purchaser)
                        .hint_text("purchaser name (created if new)")
                        .desired_width(260.0),
                );
            });
        }
        mapping_ui(ui, l);
        let missing = l.mapping.missing_required();
        let idle = self.job.is_none();
        ui.horizontal(|ui| {
            if !missing.is_empty() {
                ui.colored_label(
                    theme::bad(ui.visuals().dark_mode),
                    format!(
                        "Map a column to: {}",
                        missing
                            .iter()
                            .map(|f| field_label(f))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
            let ready = idle && missing.is_empty();
            let check = ui
                .add_enabled(ready, egui::Button::new("Check rows"))
                .on_hover_text("Validate every row without writing anything");
            let all = ui
                .add_enabled(ready, egui::Button::new("Import all rows"))
                .on_hover_text("Import every row, or nothing if any row is invalid");
            let valid = ui
                .add_enabled(ready, egui::Button::new("Import valid rows"))
                .on_hover_text("Import the valid rows and list the rejected ones");
            let cancel = ui.add_enabled(idle, egui::Button::new("Close file"));
            if check.clicked() {
                self.pending = Some((false, true));
            }
            if all.clicked() {
                self.pending = Some((false, false));
            }
            if valid.clicked() {
                self.pending = Some((true, false));
            }
            if cancel.clicked() {
                self.pending_close = true;
            }
        });
        if let Some(kind) = as_claims {
            // The sheet's header read as claims; its row mapping (not imported) gives way.
            let mut file = claims_file::ClaimsFile::from_headers(
                &l.source.path,
                claims_format(&l.source),
                kind,
                &l.preview.layout.headers,
                ws,
            );
            file.sheet = Some(l.preview.sheet.clone());
            // What the user typed goes along.
            file.purchaser = l.purchaser.clone();
            self.loaded = None;
            self.claims_file = Some(file);
            return;
        }
        if let Some((sheet, kind)) = reload {
            let source = l.source.clone();
            let reopen = ws.reopener();
            self.spawn(ctx, format!("Reading sheet '{sheet}'"), move |_| {
                let result = reopen.open().map_err(|e| e.to_string()).and_then(|ws| {
                    import::preview(&ws, &source, Some(&sheet), kind).map_err(|e| e.to_string())
                });
                JobResult::Previewed(result)
            });
        }
        if let Some((skip_invalid, dry_run)) = self.pending.take() {
            self.run_import(ws, ctx, skip_invalid, dry_run);
        }
        if std::mem::take(&mut self.pending_close) {
            if self.unsaved_choices().is_some() {
                self.asking = Some(DropChoices::Close);
            } else {
                self.drop_choices();
            }
        }
    }

    /// "Drop your column choices?" before opening another file or closing this one.
    fn drop_choices_ui(&mut self, ui: &egui::Ui, ws: &Workspace, ctx: &egui::Context) {
        let (Some(ask), Some(file)) = (self.asking.clone(), self.unsaved_choices()) else {
            self.asking = None;
            return;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("import_drop_choices")).show(ui.ctx(), |ui| {
            ui.set_max_width(460.0);
            ui.heading(format!("Drop your choices for {file}?"));
            ui.label("You changed what this file holds, its sheet, its columns or its purchaser, and have not imported it. Opening another file or closing this one forgets those choices.");
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Drop them").clicked() {
                    answer = Some(true);
                }
                if ui.button("Keep editing").clicked() {
                    answer = Some(false);
                }
            });
        });
        match answer {
            Some(true) => {
                self.drop_choices();
                if let DropChoices::Open(path) = ask {
                    self.open_now(path, ws, ctx);
                }
            }
            Some(false) => self.asking = None,
            None => {}
        }
    }

    fn report_ui(&mut self, ui: &mut egui::Ui) {
        let Some(r) = &self.report else { return };
        let dark = ui.visuals().dark_mode;
        let (headline, colour) = headline(r, dark);
        ui.colored_label(colour, egui::RichText::new(headline).strong());
        if let Some(notice) = &r.notice {
            ui.colored_label(ui.visuals().warn_fg_color, notice);
        }
        if r.dependents_rolled_up > 0 {
            ui.label(format!(
                "{} dependents rolled up into their subscribers' tiers",
                r.dependents_rolled_up
            ));
        }
        if let Some(prev) = r.duplicate_of {
            ui.colored_label(
                theme::bad(dark),
                format!("This file was already imported (import {prev}, same contents)."),
            );
        }
        for d in &r.defaulted {
            ui.colored_label(ui.visuals().warn_fg_color, &d.message);
        }
        if !r.unused_columns.is_empty() {
            let title = format!(
                "{} not used (their values were not imported)",
                crate::format::plural(r.unused_columns.len(), "column", "columns")
            );
            egui::CollapsingHeader::new(title)
                .id_salt("unused_columns")
                .show(ui, |ui| {
                    ui.label(r.unused_columns.join(", "));
                });
        }
        if r.problems.is_empty() {
            return;
        }
        ui.horizontal(|ui| {
            ui.strong(format!(
                "Validation report: {}",
                crate::format::plural(r.problems_total, "problem", "problems")
            ));
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("filter problems")
                    .desired_width(200.0),
            );
            if ui.button("Copy report").clicked() {
                let mut text = String::from("Row\tColumn\tValue\tProblem\n");
                for p in &r.problems {
                    text.push_str(&format!(
                        "{}\t{}\t{}\t{}\n",
                        p.row,
                        field_label(&p.column),
                        p.value_one_line(),
                        p.problem
                    ));
                }
                ui.ctx().copy_text(text);
            }
        });
        let needle = self.filter.to_lowercase();
        let shown: Vec<&import::Problem> = r
            .problems
            .iter()
            .filter(|p| {
                needle.is_empty()
                    || format!("{} {} {} {}", p.row, p.column, p.value, p.problem)
                        .to_lowercase()
                        .contains(&needle)
            })
            .take(500)
            .collect();
        egui::Grid::new("problems")
            .striped(true)
            .num_columns(4)
            .show(ui, |ui| {
                for h in ["Row", "Column", "Value", "Problem"] {
                    ui.strong(h);
                }
                ui.end_row();
                for p in shown {
                    ui.label(p.row.to_string());
                    ui.label(field_label(&p.column));
                    ui.monospace(p.value_one_line());
                    ui.colored_label(theme::bad(dark), &p.problem);
                    ui.end_row();
                }
            });
    }

    fn history_ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        ui.strong("Import history");
        if self.history.is_none() {
            match ws.import_history() {
                Ok(h) => self.history = Some(h),
                Err(e) => {
                    self.history = Some(Vec::new());
                    commands.push(AppCommand::Error(e.to_string()));
                }
            }
        }
        let history = self.history.as_deref().unwrap_or_default();
        if history.is_empty() {
            ui.weak("No imports yet.");
        }
        egui::ScrollArea::vertical()
            .id_salt("history_scroll")
            .show(ui, |ui| {
                for b in history {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(format!(
                            "#{} {} · {} · {}",
                            b.id,
                            b.file_name,
                            b.kind.replace('_', " "),
                            crate::format::plural(b.row_count.max(0) as usize, "row", "rows")
                        ));
                        if ui
                            .small_button("Undo…")
                            .on_hover_text("Remove this import and every row it added (asks first; a backup is taken)")
                            .clicked()
                        {
                            commands.push(AppCommand::AskUndoImport(b.id));
                        }
                    });
                    let when = crate::format::local_time(&b.imported_at);
                    if b.sheet.is_empty() {
                        ui.weak(format!("   {when}"));
                    } else {
                        ui.weak(format!("   sheet '{}' · {when}", b.sheet));
                    }
                }
            });
    }
}
