//! What a view or menu may ask the app to do: commands are queued while drawing and applied
//! once per frame by `AllianceApp::apply`, so views and the app do not import each other.

use super::view::View;
use crate::model::quality::QualitySettings;
use crate::model::scenario::Scenario;
use std::path::PathBuf;

/// Everything a view or menu may ask the app to do; applied once per frame.
#[derive(Debug, Clone, PartialEq)]
pub enum AppCommand {
    SetView(View),
    OpenWorkspace(PathBuf),
    NewWorkspace(PathBuf),
    SaveCopy(PathBuf),
    OpenSample,
    SetDark(bool),
    /// Data in the workspace changed: refresh summaries and caches.
    DataChanged,
    Notify(String),
    Error(String),
    /// Save a scenario (new when `id` is None) and log its run.
    SaveScenario {
        id: Option<i64>,
        scenario: Scenario,
    },
    /// Ask before deleting a saved scenario and its run log.
    AskDeleteScenario {
        id: i64,
        name: String,
    },
    DeleteScenario(i64),
    UpdateMeasure {
        id: i64,
        weight: f64,
        higher_is_better: bool,
        floor: f64,
    },
    SaveQualitySettings(QualitySettings),
    /// Sets a hospital's area (CBSA) and wage index, for its outpatient Medicare prices.
    SetHospitalArea {
        provider_id: i64,
        cbsa: Option<String>,
        wage_index: f64,
    },
    /// Ask before undoing an import: shows what it removes.
    AskUndoImport(i64),
    /// Undo an import (confirmed), after a backup of the workspace.
    UndoImport(i64),
    /// Replace a damaged workspace file with a backup (confirmed), keeping the damaged one aside.
    RestoreDamaged {
        path: PathBuf,
        backup: PathBuf,
    },
    /// Create a new workspace encrypted with a passphrase.
    NewEncryptedWorkspace {
        path: PathBuf,
        passphrase: String,
    },
    /// Open an encrypted workspace with its passphrase.
    OpenEncrypted {
        path: PathBuf,
        passphrase: String,
    },
    /// Encrypt the open workspace with a passphrase.
    EncryptWorkspace(String),
    /// Re-encrypt the open workspace and its backups under a new passphrase.
    ChangePassphrase {
        current: String,
        new: String,
    },
    /// Ask before putting back the whole workspace from a backup file.
    AskRestoreBackup(PathBuf),
    /// Put back the whole workspace from a backup file (confirmed; the current state is
    /// backed up first).
    RestoreBackup(PathBuf),
    /// Close the window (File ▸ Quit, or the window's close button).
    Quit,
    /// Open a scenario read from a file in Scenarios, as a new, unsaved scenario.
    OpenScenario(Box<crate::model::scenario::Scenario>),
    /// Ask before replacing the sample workspace with a freshly generated one.
    AskRebuildSample,
    /// Replace the sample workspace with a freshly generated one (confirmed).
    RebuildSample,
}

impl AppCommand {
    /// True for commands that would drop what an editor holds unsaved: another workspace,
    /// a restore, a rebuild, quitting.
    pub fn drops_editor_work(&self) -> bool {
        matches!(
            self,
            AppCommand::OpenWorkspace(_)
                | AppCommand::NewWorkspace(_)
                | AppCommand::OpenSample
                | AppCommand::RebuildSample
                | AppCommand::RestoreBackup(_)
                | AppCommand::RestoreDamaged { .. }
                | AppCommand::NewEncryptedWorkspace { .. }
                | AppCommand::OpenEncrypted { .. }
                | AppCommand::Quit
        )
    }

    /// True for commands that change the open workspace (refused when it is read-only).
    pub fn writes(&self) -> bool {
        matches!(
            self,
            AppCommand::SaveScenario { .. }
                | AppCommand::DeleteScenario(_)
                | AppCommand::AskDeleteScenario { .. }
                | AppCommand::UpdateMeasure { .. }
                | AppCommand::SaveQualitySettings(_)
                | AppCommand::SetHospitalArea { .. }
                | AppCommand::AskUndoImport(_)
                | AppCommand::UndoImport(_)
                | AppCommand::RestoreBackup(_)
                | AppCommand::EncryptWorkspace(_)
                | AppCommand::ChangePassphrase { .. }
        )
    }
}
