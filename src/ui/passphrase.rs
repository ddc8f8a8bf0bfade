//! The passphrase dialogs: opening an encrypted workspace, "Encrypt this workspace…" and
//! "Change the passphrase…".

use super::command::AppCommand;
use super::theme;
use std::path::PathBuf;

/// What the passphrase is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    Open(PathBuf),
    Encrypt,
    /// Asks for the current passphrase and a new one, twice.
    Change,
}

/// An open passphrase dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct PassphraseDialog {
    pub purpose: Purpose,
    /// The current passphrase (changing it).
    current: String,
    first: String,
    second: String,
    problem: Option<String>,
    /// The first field has been given the keyboard focus (once, when the dialog opens).
    focused: bool,
}

impl PassphraseDialog {
    pub fn new(purpose: Purpose, problem: Option<String>) -> Self {
        PassphraseDialog {
            purpose,
            current: String::new(),
            first: String::new(),
            second: String::new(),
            problem,
            focused: false,
        }
    }

    /// Draws the dialog; returns the command to run, or `Some(None)` when cancelled.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<Option<AppCommand>> {
        let mut outcome = None;
        egui::Modal::new(egui::Id::unique("passphrase_modal")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            self.intro_ui(ui);
            ui.add_space(6.0);
            let asks_twice = !self.opens();
            if self.purpose == Purpose::Change {
                let current = password_field(ui, "Current passphrase", &mut self.current);
                self.focus_once(&current);
            }
            let label = if self.purpose == Purpose::Change {
                "New passphrase"
            } else {
                "Passphrase"
            };
            let first = password_field(ui, label, &mut self.first);
            self.focus_once(&first);
            if !asks_twice && first.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                outcome = self.submit();
            }
            if asks_twice {
                password_field(ui, "Again", &mut self.second);
            }
            if let Some(p) = &self.problem {
                ui.colored_label(theme::bad(ui.visuals().dark_mode), p);
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let label = match self.purpose {
                    Purpose::Open(_) => "Open",
                    Purpose::Encrypt => "Encrypt",
                    Purpose::Change => "Change the passphrase",
                };
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

    /// Puts the cursor in the dialog's first field, so the passphrase can be typed at once.
    fn focus_once(&mut self, field: &egui::Response) {
        if !self.focused {
            field.request_focus();
            self.focused = true;
        }
    }

    fn opens(&self) -> bool {
        matches!(self.purpose, Purpose::Open(_))
    }

    fn intro_ui(&self, ui: &mut egui::Ui) {
        match &self.purpose {
            Purpose::Open(path) => {
                ui.heading("This workspace is encrypted");
                ui.label(format!("Type the passphrase of {}.", path.display()));
            }
            Purpose::Encrypt => {
                ui.heading("Encrypt this workspace");
                ui.label("Members' data in this file will need the passphrase to be read, on this computer or any other. There is no way to recover a forgotten passphrase. Plain backups beside the workspace are deleted; new backups are encrypted too.");
            }
            Purpose::Change => {
                ui.heading("Change the passphrase");
                ui.label("The workspace and the backups beside it are encrypted again under the new passphrase; the old one will open none of them. Copies kept elsewhere keep the old passphrase.");
            }
        }
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
            Purpose::Encrypt | Purpose::Change
                if crate::store::encryption::check_strength(&self.first).is_err() =>
            {
                self.problem = Some(format!(
                    "Use at least {} characters.",
                    crate::store::encryption::MIN_PASSPHRASE_CHARS
                ));
                None
            }
            Purpose::Encrypt if self.first != self.second => {
                self.problem = Some("The two passphrases differ.".into());
                None
            }
            Purpose::Encrypt => Some(Some(AppCommand::EncryptWorkspace(std::mem::take(
                &mut self.first,
            )))),
            Purpose::Change if self.current.is_empty() => {
                self.problem = Some("Type the current passphrase.".into());
                None
            }
            Purpose::Change if self.first != self.second => {
                self.problem = Some("The two new passphrases differ.".into());
                None
            }
            Purpose::Change => Some(Some(AppCommand::ChangePassphrase {
                current: std::mem::take(&mut self.current),
                new: std::mem::take(&mut self.first),
            })),
        }
    }
}

/// A labelled password field.
fn password_field(ui: &mut egui::Ui, label: &str, text: &mut String) -> egui::Response {
    let caption = ui.label(label);
    ui.add(egui::TextEdit::singleline(text).password(true))
        .labelled_by(caption.id)
}
