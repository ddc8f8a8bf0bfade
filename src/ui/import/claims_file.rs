//! A claims file opened in the Import view: what it holds (medical lines, pharmacy claims or
//! an engine's summary), which column each field reads, an import with progress and cancel,
//! and what the import brought.

use super::{ImportView, JobResult};
use crate::import::claims::{
    ClaimFile, ClaimsFormat, ClaimsImport, ClaimsOptions, Holds, engine_summary, import_claims_file,
};
use crate::store::Workspace;
use crate::ui::a11y::Named;
use crate::ui::command::AppCommand;
use crate::ui::theme;
use std::path::PathBuf;

/// A claims file waiting for its import.
#[derive(Debug, Clone)]
pub(super) struct ClaimsFile {
    pub path: PathBuf,
    pub format: ClaimsFormat,
    /// `None`: a claims summary computed by an external engine.
    pub kind: Option<ClaimFile>,
    pub bytes: u64,
    /// The file's column headers.
    pub headers: Vec<String>,
    /// The column each field reads, as found and as the user set it.
    pub detected: Vec<Option<usize>>,
    pub columns: Vec<Option<usize>>,
    pub valid_only: bool,
    /// The purchaser of members in neither the eligibility nor the census.
    pub purchaser: String,
    /// A workbook's sheet, as the preview chose it.
    pub sheet: Option<String>,
}

impl ClaimsFile {
    /// True when the user changed the purchaser or a column (not imported yet).
    pub fn has_choices(&self) -> bool {
        !self.purchaser.trim().is_empty() || self.columns != self.detected
    }

    /// The fields whose column the user changed, by field name and header.
    fn chosen_columns(&self) -> Vec<(String, String)> {
        let Some(kind) = self.kind else {
            return Vec::new();
        };
        kind.fields()
            .iter()
            .zip(self.columns.iter().zip(&self.detected))
            .filter(|(_, (now, found))| now != found)
            .filter_map(|(f, (now, _))| {
                Some((f.name.to_string(), self.headers.get((*now)?)?.clone()))
            })
            .collect()
    }

    /// The required fields no column is chosen for.
    fn missing(&self) -> Vec<&'static str> {
        let Some(kind) = self.kind else {
            return Vec::new();
        };
        kind.fields()
            .iter()
            .zip(&self.columns)
            .filter(|(f, c)| f.required && c.is_none())
            .map(|(f, _)| f.label)
            .collect()
    }

    /// The file at `path` when it holds claims or a claims summary.
    pub fn detect(path: &std::path::Path, ws: &Workspace) -> Option<ClaimsFile> {
        // A workbook is opened on the background thread (its preview says if it holds claims).
        if crate::import::claims::format_of(path) == Some(ClaimsFormat::Workbook) {
            return None;
        }
        let (format, headers, held) = crate::import::claims::detect(Some(ws), path)?;
        let kind = match held {
            Holds::Claims(kind) => kind,
            Holds::EngineSummary => {
                return Some(ClaimsFile {
                    path: path.to_path_buf(),
                    format,
                    kind: None,
                    bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
                    headers: Vec::new(),
                    detected: Vec::new(),
                    columns: Vec::new(),
                    valid_only: false,
                    purchaser: String::new(),
                    sheet: None,
                });
            }
        };
        Some(Self::from_headers(path, format, kind, &headers, ws))
    }

    /// A claims file of `kind` whose header is `headers`.
    pub fn from_headers(
        path: &std::path::Path,
        format: ClaimsFormat,
        kind: ClaimFile,
        headers: &[String],
        ws: &Workspace,
    ) -> ClaimsFile {
        let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let map = crate::import::claims::initial_map(ws, kind, headers);
        ClaimsFile {
            path: path.to_path_buf(),
            format,
            kind: Some(kind),
            bytes,
            headers: headers.to_vec(),
            detected: map.columns.clone(),
            columns: map.columns,
            valid_only: false,
            purchaser: String::new(),
            sheet: None,
        }
    }
}

/// The report of a claims import, and the app's notice of it.
pub(super) fn claims_finished(
    done: ClaimsImport,
    commands: &mut Vec<AppCommand>,
) -> super::price_file::PriceReport {
    let mut said = format!(
        "Imported {} {} ({} members, {} – {}): allowed {}, paid {}, as import {}",
        crate::format::count(done.rows_imported as i64),
        done.kind.label(),
        crate::format::count(done.members as i64),
        done.first_month.as_deref().unwrap_or("?"),
        done.last_month.as_deref().unwrap_or("?"),
        crate::format::money(done.allowed_total),
        crate::format::money(done.paid_total),
        done.batch_id.unwrap_or_default()
    );
    if done.lines_without_plan > 0 {
        said.push_str(&format!(
            "; {} on dates no eligibility span covers (\"no plan on file\")",
            crate::format::count(done.lines_without_plan as i64)
        ));
    }
    if let Some(prev) = done.duplicate_of {
        said.push_str(&format!(
            ". The same file was imported before (import {prev}): its claims now count twice; undo one of the two in Import history"
        ));
    }
    commands.push(AppCommand::DataChanged);
    commands.push(AppCommand::Notify(format!("{said}; see Claims")));
    super::price_file::PriceReport {
        said,
        problems: done
            .problems
            .into_iter()
            .map(|p| crate::import::prices::PriceProblem {
                row: p.row as u64,
                column: p.column,
                value: p.value,
                problem: p.problem,
            })
            .collect(),
    }
}

/// The report of an engine summary import.
pub(super) fn summary_finished(
    done: engine_summary::EngineSummaryImport,
    commands: &mut Vec<AppCommand>,
) -> super::price_file::PriceReport {
    let mut said = format!(
        "Imported a claims summary: {} cells, {} member-month rows, {} members' years, allowed {}, as import {}",
        done.cells,
        done.member_month_rows,
        done.member_years,
        crate::format::money(done.allowed_total),
        done.batch_id
    );
    if let Some(prev) = done.duplicate_of {
        said.push_str(&format!(
            ". The same file was imported before (import {prev}): its figures now count twice; undo one of the two in Import history"
        ));
    }
    commands.push(AppCommand::DataChanged);
    commands.push(AppCommand::Notify(format!("{said}; see Claims")));
    super::price_file::PriceReport {
        said,
        problems: Vec::new(),
    }
}

impl ImportView {
    /// The card of an opened claims file and its one action.
    pub(super) fn claims_file_ui(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        ctx: &egui::Context,
    ) {
        let Some(file) = self.claims_file.as_mut() else {
            return;
        };
        let what = match file.kind {
            Some(ClaimFile::Medical) => "Medical claim lines",
            Some(ClaimFile::Pharmacy) => "Pharmacy claims",
            None => "Claims summary from an external engine",
        };
        ui.strong(format!(
            "{what} ({}, {})",
            file.format.label(),
            crate::format::bytes(file.bytes)
        ));
        if file.kind.is_some() {
            ui.label("Each line is categorised (inpatient, emergency, outpatient facility, professional, pharmacy), linked to its member's purchaser and plan by member ID through the eligibility spans or the census, and added to the Claims view's totals. The file is read as a stream; the import runs in the background and can be cancelled.");
            let missing = file.missing();
            egui::CollapsingHeader::new("Columns read (change a field's column here)")
                .id_salt("claims_columns")
                .default_open(!missing.is_empty())
                .show(ui, |ui| columns_ui(ui, file));
            if !missing.is_empty() {
                ui.colored_label(
                    theme::bad(ui.visuals().dark_mode),
                    format!("Choose the column for {}", missing.join(", ")),
                );
            }
            ui.horizontal(|ui| {
                let caption = ui.label("Purchaser of members not on file");
                ui.add(
                    egui::TextEdit::singleline(&mut file.purchaser)
                        .desired_width(220.0)
                        .hint_text("optional"),
                )
                .labelled_by(caption.id)
                .named("Purchaser of members in neither the eligibility nor the census");
            });
            ui.checkbox(
                &mut file.valid_only,
                "Import the valid rows only (leave out rows that cannot be read)",
            );
        } else {
            ui.label("The claims totals, member months and large members' years that a warehouse computed with Alliance Desk's claims query. They go into the Claims view as they are.");
        }
        if let Some(done) = &self.price_report {
            ui.colored_label(theme::good(ui.visuals().dark_mode), &done.said);
            for p in done.problems.iter().take(20) {
                ui.label(format!(
                    "Left out: row {}, column {}, '{}': {}",
                    p.row, p.column, p.value, p.problem
                ));
            }
        }
        let ready = self.job.is_none() && self.price_report.is_none() && file.missing().is_empty();
        let action = if file.kind.is_some() {
            "Import claims"
        } else {
            "Import claims summary"
        };
        if !ui.add_enabled(ready, egui::Button::new(action)).clicked() {
            ui.separator();
            return;
        }
        let path = file.path.clone();
        let opts = ClaimsOptions {
            purchaser: Some(file.purchaser.trim().to_string()).filter(|p| !p.is_empty()),
            skip_invalid: file.valid_only,
            kind: file.kind,
            columns: file.chosen_columns(),
            dry_run: false,
            sheet: file.sheet.clone(),
        };
        let summary = file.kind.is_none();
        let by_bytes = file.format == ClaimsFormat::Csv;
        let reopen = ws.reopener();
        let label = format!("Importing {}", path.display());
        let work = move |progress: &crate::import::Progress| {
            let ws = reopen.open().map_err(|e| e.to_string());
            if summary {
                return JobResult::ClaimsSummaryImported(ws.and_then(|mut ws| {
                    engine_summary::import_engine_summary(&mut ws, &path, progress)
                        .map_err(|e| e.to_string())
                }));
            }
            JobResult::ClaimsImported(ws.and_then(|mut ws| {
                import_claims_file(&mut ws, &path, &opts, progress).map_err(|e| e.to_string())
            }))
        };
        if by_bytes {
            self.spawn_bytes(ctx, label, work);
        } else {
            self.spawn(ctx, label, work);
        }
        ui.separator();
    }
}

/// Each field with the column it reads, as a choice among the file's columns.
fn columns_ui(ui: &mut egui::Ui, file: &mut ClaimsFile) {
    let Some(kind) = file.kind else {
        return;
    };
    egui::Grid::new("claims_columns_grid")
        .striped(true)
        .show(ui, |ui| {
            for (i, field) in kind.fields().iter().enumerate() {
                let caption = ui.label(if field.required {
                    format!("{} (required)", field.label)
                } else {
                    field.label.to_string()
                });
                let shown = file.columns[i]
                    .and_then(|c| file.headers.get(c).cloned())
                    .unwrap_or_else(|| "— not in the file".into());
                egui::ComboBox::from_id_salt(("claims_column", i))
                    .selected_text(shown)
                    .width(220.0)
                    .height(theme::COMBO_HEIGHT)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut file.columns[i], None, "— not in the file");
                        for (c, h) in file.headers.iter().enumerate() {
                            ui.selectable_value(&mut file.columns[i], Some(c), h);
                        }
                    })
                    .response
                    .labelled_by(caption.id)
                    .named(format!("Column for {}", field.label));
                ui.end_row();
            }
        });
}
