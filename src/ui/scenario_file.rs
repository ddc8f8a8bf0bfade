//! Scenario files (`sample_data/scenarios/*.json`) opened in the app: File ▸ Open scenario
//! file…, or a `.json` file opened or dropped in the Import view, which is not a table to
//! import but a scenario to open in Scenarios.

use super::command::AppCommand;
use super::theme;
use crate::model::scenario::Scenario;
use std::path::PathBuf;

/// What the Import view shows for a scenario file, with the button that opens it.
pub fn card_ui(
    ui: &mut egui::Ui,
    file: &(PathBuf, Result<Scenario, String>),
    commands: &mut Vec<AppCommand>,
) {
    let (path, read) = file;
    match read {
        Ok(s) => {
            ui.heading("A scenario file");
            ui.label(format!(
                "{} holds the {} scenario '{}'. It is opened in Scenarios as a new scenario; Save keeps it in this workspace.",
                path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                s.kind.title().to_lowercase(),
                s.name
            ));
            if ui.button("Open in Scenarios").clicked() {
                commands.push(AppCommand::OpenScenario(Box::new(s.clone())));
            }
        }
        Err(e) => {
            ui.colored_label(theme::bad(ui.visuals().dark_mode), e);
        }
    }
}

/// File ▸ Open scenario file…: a file dialog, then the scenario opened in Scenarios.
pub fn pick(commands: &mut Vec<AppCommand>) {
    let dialog = rfd::FileDialog::new().add_filter("Scenario file", &["json"]);
    match super::browse(dialog, false) {
        super::Browse::Picked(path) => match crate::import::scenario_file::read(&path) {
            Some(Ok(s)) => commands.push(AppCommand::OpenScenario(Box::new(s))),
            Some(Err(e)) => commands.push(AppCommand::Error(e)),
            None => commands.push(AppCommand::Error(format!(
                "{}: a scenario file ends in .json",
                path.display()
            ))),
        },
        super::Browse::Cancelled => {}
        super::Browse::Unavailable => commands.push(AppCommand::Error(
            "No file dialog is available on this system: drop the scenario file on the Import view, or type its path there.".into(),
        )),
    }
}
