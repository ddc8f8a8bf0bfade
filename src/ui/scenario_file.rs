//! Scenario files (`sample_data/scenarios/*.json`) opened in the app: File ▸ Open scenario
//! file…, or a `.json` file opened or dropped in the Import view, which is not a table to
//! import but a scenario to open in Scenarios.

use super::command::AppCommand;
use super::theme;
use crate::model::scenario::Scenario;
use std::path::{Path, PathBuf};

/// Scenario files are small; a larger `.json` is not one.
const MAX_SCENARIO_FILE_BYTES: u64 = 10_000_000;

/// A `.json` file read as a scenario: the scenario, or why it is not one. `None` for any
/// other file (the importer reads it).
pub fn read(path: &Path) -> Option<Result<Scenario, String>> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if !is_json {
        return None;
    }
    let name = path.display();
    let size = std::fs::metadata(path).map(|m| m.len());
    Some(match size {
        Err(e) => Err(format!("{name}: {e}")),
        Ok(n) if n > MAX_SCENARIO_FILE_BYTES => Err(format!(
            "{name} is {} MB: too large for a scenario file, and JSON is not a table to import",
            n / 1_000_000
        )),
        Ok(_) => std::fs::read_to_string(path)
            .map_err(|e| format!("{name}: {e}"))
            .and_then(|text| {
                Scenario::from_json(&text)
                    .map_err(|e| format!("{name} is not a scenario file: {e}"))
            }),
    })
}

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
        super::Browse::Picked(path) => match read(&path) {
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
