//! The window's dialogs: confirmations of destructive actions, the workspace path dialog and About.

use super::{AllianceApp, Confirm, PathPurpose};
use crate::ui::command::AppCommand;
use crate::ui::theme;
use std::path::PathBuf;

/// Every keyboard shortcut, as Help lists it ("Ctrl" is ⌘ on a Mac).
const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+S", "Save the scenario being edited"),
    ("Ctrl+Z", "Undo the last scenario edit"),
    ("Ctrl+Shift+Z or Ctrl+Y", "Redo"),
    ("Ctrl+Q", "Quit (asks first about unsaved edits)"),
    (
        "Ctrl+1 … Ctrl+9",
        "Go to Import, Members, Compare plans, Quality, Scenarios, Benchmark, Reports or Hospital prices",
    ),
    ("Enter", "In the Import view's path box: open the file"),
    ("Tab / Shift+Tab", "Move to the next or previous control"),
    (
        "Space or Enter",
        "Press the focused button or tick the focused box",
    ),
    ("Escape", "Close a menu or a dialog"),
    (
        "Arrow keys",
        "Change the focused number by a step; choose in an open list",
    ),
];

impl AllianceApp {
    pub(super) fn about_ui(&mut self, ctx: &egui::Context) {
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
                ui.heading(crate::ui::window_title());
                ui.label(env!("CARGO_PKG_DESCRIPTION"));
                ui.add_space(6.0);
                ui.label("Everything runs on this computer. Workbooks are read here, the workspace is a file you keep, and no member data, scenario or report is sent anywhere: the app opens no network connection.");
                ui.add_space(6.0);
                ui.label(format!("Licence: {}", env!("CARGO_PKG_LICENSE")));
                ui.weak("Built with egui, SQLite (rusqlite), calamine and rust_xlsxwriter.");
            });
        self.show_about &= open;
    }

    /// Help ▸ Keyboard shortcuts.
    pub(super) fn shortcuts_ui(&mut self, ctx: &egui::Context) {
        if !self.show_shortcuts {
            return;
        }
        let mut open = true;
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("shortcuts")
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        for (keys, what) in SHORTCUTS {
                            ui.strong(*keys);
                            ui.label(*what);
                            ui.end_row();
                        }
                    });
            });
        self.show_shortcuts &= open;
    }

    pub(super) fn confirm_ui(&mut self, ctx: &egui::Context) {
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
                empties.then(|| "This empties the workspace: every plan and member goes.".to_string()),
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
                Some("Changes made after that backup are not in it.".to_string()),
                "Restore the backup",
                AppCommand::RestoreDamaged {
                    path: path.clone(),
                    backup: backup.clone(),
                },
            ),
            Confirm::RestoreBackup { backup, lost } => (
                "Restore the backup?".to_string(),
                format!(
                    "The workspace is put back as {} has it. The current state is saved as a backup first, so this restore can be undone the same way.",
                    backup.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
                ),
                Some(if lost.is_empty() {
                    "Nothing was saved since that backup.".to_string()
                } else {
                    format!("Saved since that backup, and not in it: {}.", lost.join(", "))
                }),
                "Restore the backup",
                AppCommand::RestoreBackup(backup.clone()),
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

    /// Save / Don't save / Cancel for the scenario editor's unsaved edits, before a command
    /// that would drop them (another workspace, a restore, quitting).
    pub(super) fn unsaved_ui(&mut self, ctx: &egui::Context) {
        let Some(command) = self.guarded.clone() else {
            return;
        };
        let doing = match &command {
            AppCommand::Quit => "close Alliance Desk",
            AppCommand::RestoreBackup(_) | AppCommand::RestoreDamaged { .. } => {
                "restore the backup"
            }
            AppCommand::RebuildSample => "rebuild the sample workspace",
            _ => "open another workspace",
        };
        let mut choice = None;
        let work = self.unsaved_work();
        let only_scenario = work.len() == 1 && self.scenarios.has_unsaved_work();
        let savable = self.has_savable_work();
        egui::Modal::new(egui::Id::unique("app_unsaved")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            if only_scenario {
                ui.heading(format!(
                    "Save the changes to the scenario '{}'?",
                    self.scenarios.draft_name()
                ));
            } else {
                ui.heading("Save your changes?");
                ui.label("Not saved yet:");
                for line in &work {
                    ui.label(format!("• {line}"));
                }
            }
            // A restore or a rebuild replaces the workspace's scenarios: a save now would be
            // replaced with them, so it is not offered.
            let replaces = matches!(
                command,
                AppCommand::RestoreBackup(_)
                    | AppCommand::RestoreDamaged { .. }
                    | AppCommand::RebuildSample
            );
            let what = if only_scenario {
                "The scenario has changes that are not saved"
            } else {
                "These changes are not saved"
            };
            if replaces {
                ui.label(format!(
                    "{what}, and to {doing} replaces the workspace's scenarios, so they cannot be kept in it. Leave them out and continue, or cancel (and copy what you need first)."
                ));
            } else if savable {
                ui.label(format!(
                    "{what}. Save them before you {doing}, or leave them out."
                ));
            } else {
                ui.label(format!(
                    "{what}. To {doing} leaves them out; cancel to import the file first."
                ));
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let options: &[(&str, Option<bool>)] = if replaces || !savable {
                    &[("Don't save", Some(false)), ("Cancel", None)]
                } else {
                    &[("Save", Some(true)), ("Don't save", Some(false)), ("Cancel", None)]
                };
                for (label, c) in options {
                    if ui.button(*label).clicked() {
                        choice = Some(*c);
                    }
                }
            });
        });
        let Some(choice) = choice else { return };
        self.guarded = None;
        match choice {
            Some(true) => {
                self.save_unsaved_work();
                if !self.has_savable_work() {
                    // Import's choices were named as not savable: going on drops them.
                    self.discarding = true;
                    self.apply(command);
                    self.discarding = false;
                }
            }
            Some(false) => {
                // The editor is cleared only when the command goes through (an open that fails
                // leaves the edits where they were).
                self.discarding = true;
                self.apply(command);
                self.discarding = false;
            }
            None => {}
        }
    }

    pub(super) fn path_dialog_ui(&mut self, ctx: &egui::Context) {
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
                        match crate::ui::browse(picker, dialog.purpose != PathPurpose::Open) {
                            crate::ui::Browse::Picked(p) => dialog.text = p.display().to_string(),
                            crate::ui::Browse::Cancelled => {}
                            crate::ui::Browse::Unavailable => no_dialog = true,
                        }
                    }
                });
                if no_dialog {
                    ui.colored_label(ui.visuals().warn_fg_color, crate::ui::NO_DIALOG);
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
