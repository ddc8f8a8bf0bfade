//! A hospital price transparency file opened in the Import view: what it is, an import with
//! progress in bytes and cancel, and what the import brought.

use super::{ImportView, JobResult};
use crate::import::prices::{self, HospitalImport, InsurerImport, Layout};
use crate::store::Workspace;
use crate::ui::command::AppCommand;
use crate::ui::theme;
use std::path::PathBuf;

/// A price file waiting for "Import hospital prices": its path, layout and size in bytes.
#[derive(Debug, Clone)]
pub(super) struct PriceFile {
    pub path: PathBuf,
    pub layout: Layout,
    pub bytes: u64,
    pub valid_only: bool,
}

impl PriceFile {
    /// The file at `path` when it is a hospital price file.
    pub fn detect(path: &std::path::Path) -> Option<PriceFile> {
        let layout = prices::sniff(path)?;
        let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        Some(PriceFile {
            path: path.to_path_buf(),
            layout,
            bytes,
            valid_only: false,
        })
    }
}

/// What a price or rate file import brought, in words, and the cells it left out.
#[derive(Debug, Clone)]
pub(super) struct PriceReport {
    pub said: String,
    pub problems: Vec<crate::import::prices::PriceProblem>,
}

/// The report of a hospital price file import, and the app's notice of it.
pub(super) fn hospital_finished(
    done: HospitalImport,
    commands: &mut Vec<AppCommand>,
) -> PriceReport {
    let said = format!(
        "Imported {} charges ({} with a negotiated dollar amount) for {}{} as import {}",
        crate::format::count(done.charges as i64),
        crate::format::count(done.dollar_charges as i64),
        done.hospital.name,
        done.hospital
            .state
            .as_deref()
            .map(|s| format!(", {s}"))
            .unwrap_or_default(),
        done.batch_id
    );
    commands.push(AppCommand::DataChanged);
    commands.push(AppCommand::Notify(format!("{said}; see Hospital prices")));
    PriceReport {
        said,
        problems: done.problems,
    }
}

/// The report of an insurer's in-network rate file import, and the app's notice of it.
pub(super) fn insurer_finished(done: InsurerImport, commands: &mut Vec<AppCommand>) -> PriceReport {
    let said = format!(
        "Imported {} in-network rates of {} ({}) for {} providers as import {}",
        crate::format::count(done.rates as i64),
        done.insurer.reporting_entity_name,
        done.insurer.plan_name,
        done.providers,
        done.batch_id
    );
    commands.push(AppCommand::DataChanged);
    commands.push(AppCommand::Notify(format!("{said}; see Hospital prices")));
    PriceReport {
        said,
        problems: done.problems,
    }
}

impl ImportView {
    /// The card of an opened price file and its one action.
    pub(super) fn price_file_ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, ctx: &egui::Context) {
        let Some(file) = self.price_file.as_mut() else {
            return;
        };
        let what = if file.layout == Layout::InsurerJson {
            "Insurer in-network rate file"
        } else {
            "Hospital price transparency file"
        };
        ui.strong(format!(
            "{what} ({}, {})",
            file.layout.label(),
            crate::format::bytes(file.bytes)
        ));
        ui.label(
            "Each item's negotiated rates by payer and plan, with the gross and cash prices, go into the workspace under the hospital the file names. The file is read as a stream, so its size does not matter; the import runs in the background and can be cancelled.",
        );
        ui.checkbox(
            &mut file.valid_only,
            "Import the valid rows only (leave out cells that cannot be read)",
        );
        if let Some(done) = &self.price_report {
            ui.colored_label(theme::good(ui.visuals().dark_mode), &done.said);
            for p in done.problems.iter().take(20) {
                ui.label(format!(
                    "Left out: row {}, column '{}', '{}': {}",
                    p.row, p.column, p.value, p.problem
                ));
            }
        }
        let insurer = file.layout == Layout::InsurerJson;
        let ready = self.job.is_none() && self.price_report.is_none();
        let action = if insurer {
            "Import in-network rates"
        } else {
            "Import hospital prices"
        };
        if ui.add_enabled(ready, egui::Button::new(action)).clicked() {
            let (path, valid_only) = (file.path.clone(), file.valid_only);
            let reopen = ws.reopener();
            let label = format!("Importing {}", path.display());
            self.spawn_bytes(ctx, label, move |progress| {
                let ws = reopen.open().map_err(|e| e.to_string());
                if insurer {
                    let filter = prices::insurer::InsurerFilter::default();
                    return JobResult::InsurerImported(ws.and_then(|mut ws| {
                        prices::import_insurer_file(&mut ws, &path, &filter, progress)
                            .map_err(|e| e.to_string())
                    }));
                }
                JobResult::PricesImported(ws.and_then(|mut ws| {
                    prices::import_file(&mut ws, &path, valid_only, progress)
                        .map_err(|e| e.to_string())
                }))
            });
        }
        ui.separator();
    }
}

/// The report of a CMS Medicare file import, and the app's notice of it.
pub(super) fn cms_finished(
    done: crate::import::prices::cms_files::CmsImport,
    commands: &mut Vec<AppCommand>,
) -> PriceReport {
    use crate::import::prices::cms_files::CmsFile;
    let what = match done.file {
        CmsFile::PfsRvu { year } => format!("the CY {year} physician fee schedule"),
        CmsFile::OppsAddendumB { year } => format!("the CY {year} OPPS Addendum B"),
    };
    let said = format!(
        "Imported {} of {what} as import {}; Medicare prices now use it",
        crate::format::plural(done.codes, "code", "codes"),
        done.batch_id
    );
    commands.push(AppCommand::DataChanged);
    commands.push(AppCommand::Notify(said.clone()));
    PriceReport {
        said,
        problems: Vec::new(),
    }
}

impl ImportView {
    /// The card of an opened CMS Medicare file and its one action.
    pub(super) fn cms_file_ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, ctx: &egui::Context) {
        use crate::import::prices::cms_files::{CmsFile, import_cms_file};
        let Some((path, kind)) = self.cms_file.clone() else {
            return;
        };
        let what = match kind {
            CmsFile::PfsRvu { year } => {
                format!("CMS physician fee schedule relative value file, CY {year}")
            }
            CmsFile::OppsAddendumB { year } => format!("CMS OPPS Addendum B, CY {year}"),
        };
        ui.strong(what);
        ui.label("Its codes and numbers (no descriptor text) take the place of the embedded tables for this schedule, so Medicare prices and hospitals' relative prices use this year.");
        if let Some(done) = &self.price_report {
            ui.colored_label(theme::good(ui.visuals().dark_mode), &done.said);
        }
        let ready = self.job.is_none() && self.price_report.is_none();
        if ui
            .add_enabled(ready, egui::Button::new("Import Medicare rates"))
            .clicked()
        {
            let reopen = ws.reopener();
            self.spawn(ctx, format!("Importing {}", path.display()), move |_| {
                JobResult::CmsImported(
                    reopen.open().map_err(|e| e.to_string()).and_then(|mut ws| {
                        import_cms_file(&mut ws, &path).map_err(|e| e.to_string())
                    }),
                )
            });
        }
        ui.separator();
    }
}
