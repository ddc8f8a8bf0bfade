//! Opening, creating, encrypting, restoring and copying workspace files for the window: the
//! window lock, the passphrase prompt and the offer of a backup when a file is damaged.

use super::{AllianceApp, Confirm};
use crate::store::{StoreError, Workspace, protect};
use crate::ui::command::AppCommand;
use std::path::Path;

impl AllianceApp {
    /// Opens `path` for this window with `open` (open, create, or either with a passphrase):
    /// its lock first, so a second window gets a clear "in use" message instead of racing the
    /// first one's writes.
    pub(super) fn open_locked(
        &mut self,
        path: &Path,
        open: impl FnOnce(&Path) -> Result<Workspace, StoreError>,
    ) -> bool {
        // Opening the workspace this window already has: let go of it first.
        self.let_go_of(path);
        let lock = match protect::lock_for_window(path) {
            Ok(l) => Some(l),
            Err(e @ StoreError::InUse { .. }) => {
                self.error(e.to_string());
                return false;
            }
            // A folder where no lock file can be made (read-only media): open without one.
            Err(_) => None,
        };
        let opened = open(path);
        self.finish_open(opened, path, lock)
    }

    /// Installs an opened workspace, or says why it did not open (asking for a passphrase or
    /// offering a backup where that helps).
    fn finish_open(
        &mut self,
        opened: Result<Workspace, StoreError>,
        path: &Path,
        lock: Option<protect::WindowLock>,
    ) -> bool {
        use crate::ui::passphrase::{PassphraseDialog, Purpose};
        match opened {
            Err(StoreError::Encrypted { .. }) => {
                self.passphrase = Some(PassphraseDialog::new(
                    Purpose::Open(path.to_path_buf()),
                    None,
                ));
                false
            }
            Err(e @ StoreError::WrongPassphrase { .. }) => {
                self.passphrase = Some(PassphraseDialog::new(
                    Purpose::Open(path.to_path_buf()),
                    Some(e.to_string()),
                ));
                false
            }
            Ok(ws) => {
                self.install(ws, lock);
                true
            }
            Err(StoreError::Damaged { detail, .. }) => {
                self.offer_restore(path, detail);
                false
            }
            Err(e) => {
                self.error(e.to_string());
                false
            }
        }
    }

    fn offer_restore(&mut self, path: &Path, detail: String) {
        match protect::all_backups(path).into_iter().next() {
            Some(backup) => {
                self.confirm = Some(Confirm::RestoreDamaged {
                    path: path.to_path_buf(),
                    backup,
                    detail,
                })
            }
            None => self.error(format!(
                "{}: the workspace is damaged ({detail}) and no backup lies beside it",
                path.display()
            )),
        }
    }

    /// Opens `path`, or the sample workspace when there is none or it fails.
    pub fn open_startup(&mut self, path: Option<&Path>) {
        if let Some(p) = path
            && self.open_locked(p, |p| {
                if p.exists() {
                    Workspace::open(p)
                } else {
                    Workspace::create(p)
                }
            })
        {
            return;
        }
        self.apply(AppCommand::OpenSample);
    }

    pub(super) fn install(&mut self, ws: Workspace, lock: Option<protect::WindowLock>) {
        let path = ws.path().to_path_buf();
        // The restore offer outlives a restart while its backup is on disk: the newest backup
        // taken before an undo or a restore.
        self.last_backup = ["before-undo", "before-restore"]
            .into_iter()
            .filter_map(|reason| protect::backups(&path, reason).pop())
            .max_by_key(|b| std::fs::metadata(b).and_then(|m| m.modified()).ok());
        self.forget_the_last_workspace();
        // The new lock is taken before the old one is let go (two workspaces, two locks).
        self.lock = lock;
        if ws.is_read_only() {
            self.error(format!(
                "{} is read-only (the file or its folder cannot be written): you can look, not change anything. Save a copy to edit.",
                path.display()
            ));
        }
        if path != Path::new(":memory:") {
            self.prefs.recent.retain(|p| p != &path);
            self.prefs.recent.insert(0, path);
            self.prefs.recent.truncate(8);
        }
        self.ws = Some(ws);
        self.refresh();
    }

    /// Each view starts over on another workspace: no plan, baseline, file or message of the
    /// last one is left (an import still running keeps its view until it ends).
    fn forget_the_last_workspace(&mut self) {
        self.status = None;
        self.scenarios.reset();
        self.members = Default::default();
        self.compare = Default::default();
        self.quality = Default::default();
        self.benchmark = Default::default();
        self.hospital_prices = Default::default();
        self.reports = Default::default();
        if !self.import.busy() {
            self.import = Default::default();
        }
    }

    pub(super) fn read_only(&self) -> bool {
        self.ws.as_ref().is_some_and(Workspace::is_read_only)
    }

    /// Moves the damaged file aside, puts the backup in its place and opens it.
    pub(super) fn restore_damaged(&mut self, path: &Path, backup: &Path) {
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        let aside = protect::backup_path(path, "damaged", &stamp.to_string());
        let moved = std::fs::rename(path, &aside).and_then(|_| {
            // The damaged file keeps its log beside it, for whoever looks into what went wrong.
            for (side, moved) in protect::sidecars(path)
                .iter()
                .zip(protect::sidecars(&aside))
            {
                let _ = std::fs::rename(side, moved);
            }
            std::fs::copy(backup, path).map(|_| ())
        });
        match moved {
            Ok(()) => {
                if self.open_locked(path, Workspace::open) {
                    self.notify(format!(
                        "Restored {} from {}; the damaged file is {}",
                        path.display(),
                        backup.display(),
                        aside.display()
                    ));
                }
            }
            Err(e) => self.error(format!("Could not restore {}: {e}", path.display())),
        }
    }

    /// Names what a restore from `backup` would lose, then asks.
    pub(super) fn ask_restore_backup(&mut self, backup: std::path::PathBuf) {
        let Some(ws) = self.ws.as_ref() else {
            return self.error("No workspace is open".into());
        };
        let since = std::fs::metadata(&backup)
            .and_then(|m| m.modified())
            .map(|t| {
                chrono::DateTime::<chrono::Utc>::from(t)
                    .format("%Y-%m-%dT%H:%M:%SZ")
                    .to_string()
            });
        let lost = match since.map(|s| ws.saved_since_stamp(&s)) {
            Ok(Ok(lost)) => lost,
            Ok(Err(e)) => return self.error(e.to_string()),
            Err(e) => {
                return self.error(format!("Could not read {}: {e}", backup.display()));
            }
        };
        self.confirm = Some(Confirm::RestoreBackup { backup, lost });
    }

    /// Backs up the current state, then puts the workspace back as `path` has it.
    pub(super) fn restore_backup(&mut self, path: &Path) {
        let Some(ws) = self.ws.as_mut() else {
            return self.error("No workspace is open".into());
        };
        let before = match ws.backup("before-restore") {
            Ok(b) => b,
            Err(e) => {
                return self.error(format!(
                    "Not restored: no backup of the current state could be written ({e})"
                ));
            }
        };
        match ws.restore_from(path) {
            Ok(()) => {
                self.scenarios.reset();
                self.refresh();
                self.last_backup = Some(before.clone());
                self.notify(format!(
                    "Restored the workspace from {}; the state before the restore is in {}",
                    path.display(),
                    before.display()
                ));
            }
            Err(e) => self.error(format!("Could not restore {}: {e}", path.display())),
        }
    }

    pub(super) fn rebuild_sample(&mut self) {
        let sample = self.sample_dir.join("sample.adesk");
        // Close it first so its WAL is checkpointed and nothing writes to the old file.
        self.let_go_of(&sample);
        match crate::ui::rebuild_sample_workspace(&self.sample_dir) {
            Ok(ws) => {
                let lock = protect::lock_for_window(ws.path()).ok();
                self.install(ws, lock);
                self.last_backup = None;
                self.notify("Rebuilt the sample workspace".into());
            }
            Err(e) => self.error(format!("Could not rebuild the sample workspace: {e:#}")),
        }
    }

    /// Opens the workspace at `path` (File > Open, Recent workspaces).
    pub(super) fn open_workspace(&mut self, path: &Path) {
        if self.open_locked(path, Workspace::open) && !self.read_only() {
            self.notify(format!("Opened {}", path.display()));
        }
    }

    /// Creates a new, empty workspace at `path` and opens it.
    pub(super) fn new_workspace(&mut self, path: &Path) {
        if self.open_locked(path, Workspace::create) {
            self.notify(format!("Created {}", path.display()));
        }
    }

    /// Creates a new workspace encrypted with `passphrase` and opens it.
    pub(super) fn new_encrypted_workspace(&mut self, path: &Path, passphrase: &str) {
        if self.open_locked(path, |p| Workspace::create_encrypted(p, passphrase)) {
            self.notify(format!("Created {} (encrypted)", path.display()));
        }
    }

    /// Opens an encrypted workspace with the passphrase the user typed.
    pub(super) fn open_encrypted(&mut self, path: &Path, passphrase: &str) {
        if self.open_locked(path, |p| Workspace::open_encrypted(p, passphrase)) {
            self.notify(format!("Opened {} (encrypted)", path.display()));
        }
    }

    /// Encrypts the open workspace in place (File > Encrypt this workspace…).
    pub(super) fn encrypt_workspace(&mut self, passphrase: &str) {
        let result = self.ws.as_mut().map(|ws| ws.encrypt_in_place(passphrase));
        match result {
            Some(Ok(removed)) => self.notify(format!(
                "Encrypted the workspace; {} deleted",
                crate::format::plural(removed.len(), "plain backup", "plain backups")
            )),
            Some(Err(e)) => self.error(format!("Could not encrypt the workspace: {e}")),
            None => self.error("No workspace is open".into()),
        }
    }

    /// Re-encrypts the open workspace and its backups under a new passphrase; a wrong current
    /// passphrase asks again.
    pub(super) fn change_passphrase(&mut self, current: &str, new: &str) {
        use crate::ui::passphrase::{PassphraseDialog, Purpose};
        let result = self
            .ws
            .as_mut()
            .map(|ws| ws.change_passphrase(current, new));
        match result {
            Some(Ok(backups)) => self.notify(format!(
                "Changed the passphrase; {} re-encrypted with it",
                crate::format::plural(backups, "backup", "backups")
            )),
            Some(Err(StoreError::WrongPassphrase { .. })) => {
                self.passphrase = Some(PassphraseDialog::new(
                    Purpose::Change,
                    Some(
                        "The current passphrase is not this workspace's; nothing was changed."
                            .into(),
                    ),
                ))
            }
            Some(Err(e)) => self.error(format!("Could not change the passphrase: {e}")),
            None => self.error("No workspace is open".into()),
        }
    }

    /// Writes a copy of the open workspace to `path` (File > Save a copy as…).
    pub(super) fn save_copy(&mut self, path: &Path) {
        match self.ws.as_ref().map(|ws| ws.save_copy(path)) {
            Some(Ok(())) => self.notify(format!("Saved a copy as {}", path.display())),
            Some(Err(e)) => self.error(e.to_string()),
            None => self.error("No workspace is open".into()),
        }
    }

    /// Opens the sample workspace, building it on first use.
    pub(super) fn open_sample(&mut self) {
        match crate::ui::open_sample_workspace(&self.sample_dir) {
            Ok(ws) => {
                let lock = protect::lock_for_window(ws.path()).ok();
                self.install(ws, lock)
            }
            Err(e) => self.error(format!("Could not create the sample workspace: {e:#}")),
        }
    }

    /// Closes `path` when this window has it open, so it can be opened again or replaced.
    fn let_go_of(&mut self, path: &Path) {
        if self.ws.as_ref().is_some_and(|ws| ws.path() == path) {
            self.ws = None;
            self.lock = None;
        }
    }
}
