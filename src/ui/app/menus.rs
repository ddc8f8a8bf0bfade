//! The menu bar and the status bar.

use super::{AllianceApp, PathDialog, PathPurpose, View};
use crate::ui::command::AppCommand;
use crate::ui::theme;

impl AllianceApp {
    pub(super) fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("New workspace…").clicked() {
                    self.dialog = Some(PathDialog::new(PathPurpose::New));
                }
                if ui.button("Open workspace…").clicked() {
                    self.dialog = Some(PathDialog::new(PathPurpose::Open));
                }
                if ui
                    .add_enabled(self.ws.is_some(), egui::Button::new("Save a copy as…"))
                    .clicked()
                {
                    self.dialog = Some(PathDialog::new(PathPurpose::SaveCopy));
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
                if ui
                    .add_enabled(self.ws.is_some(), egui::Button::new("Open scenario file…"))
                    .on_hover_text(
                        "A scenario saved as JSON, such as sample_data/scenarios/renewal.json",
                    )
                    .clicked()
                {
                    crate::ui::scenario_file::pick(&mut self.commands);
                }
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
                    self.passphrase = Some(crate::ui::passphrase::PassphraseDialog::new(
                        crate::ui::passphrase::Purpose::Encrypt,
                        None,
                    ));
                }
                let can_change = self
                    .ws
                    .as_ref()
                    .is_some_and(|ws| ws.is_encrypted() && !ws.is_read_only());
                if ui
                    .add_enabled(can_change, egui::Button::new("Change the passphrase…"))
                    .on_hover_text(
                        "Re-encrypt this workspace and its backups under a new passphrase",
                    )
                    .clicked()
                {
                    self.passphrase = Some(crate::ui::passphrase::PassphraseDialog::new(
                        crate::ui::passphrase::Purpose::Change,
                        None,
                    ));
                }
                if let Some(backup) = self.last_backup.clone()
                    && ui
                        .button("Restore a backup…")
                        .on_hover_text(backup.display().to_string())
                        .clicked()
                {
                    self.commands.push(AppCommand::AskRestoreBackup(backup));
                }
                ui.separator();
                if ui.button("Quit").on_hover_text("Ctrl+Q").clicked() {
                    self.commands.push(AppCommand::Quit);
                }
            });
            ui.menu_button("Help", |ui| {
                if ui.button("Keyboard shortcuts").clicked() {
                    self.show_shortcuts = true;
                }
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
                ui.checkbox(&mut self.show_frame_time, "Show the time each frame takes");
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

    pub(super) fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if self.show_frame_time {
                ui.small(format!("frame {:.1} ms", self.frame_ms));
            }
            if let Some(backup) = self.last_backup.clone()
                && ui
                    .small_button("Restore backup…")
                    .on_hover_text("Put the workspace back as the last backup has it")
                    .clicked()
            {
                self.commands.push(AppCommand::AskRestoreBackup(backup));
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
}
