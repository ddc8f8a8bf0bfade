//! The passphrase dialogs: opening an encrypted workspace, and "Encrypt this workspace…".

use super::command::AppCommand;
use super::theme;
use std::path::PathBuf;

/// What the passphrase is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    Open(PathBuf),
    Encrypt,
}

/// An open passphrase dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct PassphraseDialog {
    pub purpose: Purpose,
    first: String,
    second: String,
    problem: Option<String>,
}

impl PassphraseDialog {
    pub fn new(purpose: Purpose, problem: Option<String>) -> Self {
        PassphraseDialog {
            purpose,
            first: String::new(),
            second: String::new(),
            problem,
        }
    }

    /// Draws the dialog; returns the command to run, or `Some(None)` when cancelled.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<Option<AppCommand>> {
        let mut outcome = None;
        egui::Modal::new(egui::Id::unique("passphrase_modal")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            let encrypt = self.purpose == Purpose::Encrypt;
            match &self.purpose {
                Purpose::Open(path) => {
                    ui.heading("This workspace is encrypted");
                    ui.label(format!("Type the passphrase of {}.", path.display()));
                }
                Purpose::Encrypt => {
                    ui.heading("Encrypt this workspace");
                    ui.label("Members' data in this file will need the passphrase to be read, on this computer or any other. There is no way to recover a forgotten passphrase. Plain backups beside the workspace are deleted; new backups are encrypted too.");
                }
            }
            ui.add_space(6.0);
            let caption = ui.label("Passphrase");
            let first = ui
                .add(egui::TextEdit::singleline(&mut self.first).password(true))
                .labelled_by(caption.id);
            if !encrypt && first.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                outcome = self.submit();
            }
            if encrypt {
                let caption = ui.label("Again");
                ui.add(egui::TextEdit::singleline(&mut self.second).password(true))
                    .labelled_by(caption.id);
            }
            if let Some(p) = &self.problem {
                ui.colored_label(theme::bad(ui.visuals().dark_mode), p);
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let label = if encrypt { "Encrypt" } else { "Open" };
                if ui.button(label).clicked() {
                    outcome = self.submit();
                }
                if ui.button("Cancel").clicked() {
                    outcome = Some(None);
                }
            });
        });
        outcome
    }

    fn submit(&mut self) -> Option<Option<AppCommand>> {
        if self.first.is_empty() {
            self.problem = Some("Type a passphrase.".into());
            return None;
        }
        match &self.purpose {
            Purpose::Open(path) => Some(Some(AppCommand::OpenEncrypted {
                path: path.clone(),
                passphrase: std::mem::take(&mut self.first),
            })),
            Purpose::Encrypt if self.first != self.second => {
                self.problem = Some("The two passphrases differ.".into());
                None
            }
            Purpose::Encrypt => Some(Some(AppCommand::EncryptWorkspace(std::mem::take(
                &mut self.first,
            )))),
        }
    }
}
