//! Keeping a workspace safe: read-only detection, backups through SQLite's backup API (kept
//! beside the workspace, the newest few of each kind), and the lock that keeps a second window
//! from opening a workspace another window is editing.

use super::{StoreError, StoreResult, Workspace};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// Backups of each kind ("before-undo", "before-v5"…) kept beside a workspace.
pub const KEEP_BACKUPS: usize = 5;

/// True when the file, or the folder that must hold its journal, cannot be written.
pub fn is_read_only(path: &Path) -> bool {
    let file_ro = std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly());
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir_ro = std::fs::metadata(dir).is_ok_and(|m| m.permissions().readonly());
    file_ro || dir_ro
}

/// A read-only connection that leaves nothing behind: with no changes waiting in a
/// write-ahead log, the file is read as immutable, so no log or shared-memory file is created
/// (a read-only folder forbids them, and one left behind read-only blocks the next writer).
pub(crate) fn open_read_only(path: &Path) -> rusqlite::Result<rusqlite::Connection> {
    use rusqlite::OpenFlags;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if has_pending_log(path) {
        return rusqlite::Connection::open_with_flags(path, flags);
    }
    rusqlite::Connection::open_with_flags(immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)
}

/// True when a non-empty write-ahead log lies beside `path` (committed changes not yet in it).
pub fn has_pending_log(path: &Path) -> bool {
    let [wal, _] = sidecars(path);
    std::fs::metadata(wal).is_ok_and(|m| m.len() > 0)
}

/// A `file:` URI that opens `path` as immutable: no locks, no journal, no side files.
pub fn immutable_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = String::from("file:");
    // A Windows drive path (C:/…) needs an empty authority before it.
    if text.as_bytes().get(1) == Some(&b':') {
        uri.push_str("///");
    }
    for ch in text.chars() {
        match ch {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// SQLite's write-ahead log and shared-memory files beside a database (`<file>-wal`, `<file>-shm`).
pub fn sidecars(path: &Path) -> [PathBuf; 2] {
    ["-wal", "-shm"].map(|ext| {
        let mut side = path.as_os_str().to_owned();
        side.push(ext);
        PathBuf::from(side)
    })
}

/// Deletes a database's stale sidecar files after another file was put in its place.
pub fn remove_sidecars(path: &Path) {
    for side in sidecars(path) {
        let _ = std::fs::remove_file(side);
    }
}

/// Where a backup of `workspace` for `reason` goes: `NAME.REASON-STAMP.adesk` beside it, or
/// the temporary folder for an in-memory workspace.
pub fn backup_path(workspace: &Path, reason: &str, stamp: &str) -> PathBuf {
    let in_memory = is_in_memory(workspace);
    let dir = match workspace.parent() {
        Some(d) if !in_memory && !d.as_os_str().is_empty() => d.to_path_buf(),
        Some(_) if !in_memory => PathBuf::from("."),
        _ => std::env::temp_dir(),
    };
    dir.join(format!(
        "{}.{reason}-{stamp}.adesk",
        stem(workspace, in_memory)
    ))
}

fn stem(workspace: &Path, in_memory: bool) -> String {
    workspace
        .file_stem()
        .filter(|_| !in_memory)
        .map_or("workspace".into(), |s| s.to_string_lossy().into_owned())
}

/// Backups of `workspace` for `reason`, oldest first.
pub fn backups(workspace: &Path, reason: &str) -> Vec<PathBuf> {
    let probe = backup_path(workspace, reason, "");
    let (Some(dir), Some(prefix)) = (probe.parent(), probe.file_name()) else {
        return Vec::new();
    };
    let prefix = prefix
        .to_string_lossy()
        .trim_end_matches(".adesk")
        .to_string();
    let mut found = adesk_files_with_prefix(dir, &prefix);
    found.sort();
    found
}

/// The backups in `dir` whose names start with `prefix`: `PREFIX…-YYYYMMDD-HHMMSSmmm.adesk`,
/// the stamp this module writes. A user's own file that merely starts the same way (say
/// `deals.before-undo-2025.adesk`) is not a backup, so pruning and encryption never delete it.
fn adesk_files_with_prefix(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy())
                .is_some_and(|n| n.starts_with(prefix) && has_backup_stamp(&n))
        })
        .collect()
}

/// True when `name` ends in `-YYYYMMDD-HHMMSSmmm.adesk`.
fn has_backup_stamp(name: &str) -> bool {
    let Some(rest) = name.strip_suffix(".adesk") else {
        return false;
    };
    let bytes = rest.as_bytes();
    let Some(tail) = bytes.len().checked_sub(19).map(|i| &bytes[i..]) else {
        return false;
    };
    tail[0] == b'-'
        && tail[9] == b'-'
        && tail[1..9].iter().all(u8::is_ascii_digit)
        && tail[10..].iter().all(u8::is_ascii_digit)
}

/// Every backup beside `workspace`, newest first (for "Restore a backup").
pub fn all_backups(workspace: &Path) -> Vec<PathBuf> {
    let Some(dir) = workspace.parent() else {
        return Vec::new();
    };
    let Some(stem) = workspace
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
    else {
        return Vec::new();
    };
    let prefix = format!("{stem}.before-");
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut found = adesk_files_with_prefix(dir, &prefix);
    found.sort_by_key(|p| std::cmp::Reverse(p.file_name().map(|n| n.to_os_string())));
    found
}

impl Workspace {
    /// Writes a consistent copy beside the workspace through SQLite's backup API (into a
    /// temporary name, then renamed, so a crash leaves no half backup), keeps the newest
    /// `KEEP_BACKUPS` of this kind and returns the new one's path.
    pub fn backup(&self, reason: &str) -> StoreResult<PathBuf> {
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S%3f").to_string();
        let dest = backup_path(self.path(), reason, &stamp);
        let partial = dest.with_extension("adesk.partial");
        let _ = std::fs::remove_file(&partial);
        let copied = match &self.key {
            // SQLCipher's backup API cannot write an encrypted copy: export instead, keyed.
            Some(key) => self.export_encrypted(&partial, key),
            None => self
                .conn()
                .backup(
                    rusqlite::MAIN_DB,
                    &partial,
                    None::<fn(rusqlite::backup::Progress)>,
                )
                .map_err(StoreError::Sqlite),
        };
        if let Err(e) = copied {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
        std::fs::rename(&partial, &dest).map_err(|source| StoreError::Io {
            path: dest.clone(),
            source,
        })?;
        let old = backups(self.path(), reason);
        for stale in old.iter().take(old.len().saturating_sub(KEEP_BACKUPS)) {
            let _ = std::fs::remove_file(stale);
        }
        Ok(dest)
    }
}

/// Held while a window has a workspace open; dropping it lets another window open it.
#[derive(Debug)]
pub struct WindowLock {
    _file: File,
    path: PathBuf,
}

impl WindowLock {
    /// The lock file (`NAME.adesk.lock`).
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn lock_path(workspace: &Path) -> PathBuf {
    let mut name = workspace.as_os_str().to_os_string();
    name.push(".lock");
    PathBuf::from(name)
}

/// Takes the window lock of `workspace`, or says another window holds it. The OS releases it
/// when the process ends, so a crash never leaves a workspace locked.
pub fn lock_for_window(workspace: &Path) -> StoreResult<WindowLock> {
    let path = lock_path(workspace);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| StoreError::Io {
            path: path.clone(),
            source,
        })?;
    match file.try_lock() {
        Ok(()) => Ok(WindowLock { _file: file, path }),
        Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::InUse {
            path: workspace.to_path_buf(),
        }),
        Err(std::fs::TryLockError::Error(source)) => Err(StoreError::Io { path, source }),
    }
}

/// True when a window holds `workspace` open (checked by the command line before it writes).
pub fn in_use_by_window(workspace: &Path) -> bool {
    if !lock_path(workspace).exists() {
        return false;
    }
    matches!(lock_for_window(workspace), Err(StoreError::InUse { .. }))
}

/// What another thread needs to open its own connection to an open workspace: the path and,
/// for an encrypted one, its passphrase. Cloned into background jobs (imports, reports).
#[derive(Clone)]
pub struct Reopener {
    path: PathBuf,
    key: Option<String>,
}

impl std::fmt::Debug for Reopener {
    // The passphrase never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reopener")
            .field("path", &self.path)
            .finish()
    }
}

impl Reopener {
    /// A second connection to the workspace, already checked and migrated by the first.
    pub fn open(&self) -> StoreResult<Workspace> {
        Workspace::reconnect(&self.path, self.key.as_deref())
    }

    /// The workspace file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True for an in-memory workspace, which no second connection can reach: background
    /// work must run on the connection in hand.
    pub fn is_in_memory(&self) -> bool {
        is_in_memory(&self.path)
    }
}

/// True for the path of an in-memory workspace (empty or `:memory:`).
fn is_in_memory(path: &Path) -> bool {
    path.as_os_str().is_empty() || path == Path::new(":memory:")
}

impl Workspace {
    /// How a background thread opens its own connection to this workspace.
    pub fn reopener(&self) -> Reopener {
        Reopener {
            path: self.path().to_path_buf(),
            key: self.key.clone(),
        }
    }
}
