//! Encrypted workspaces (SQLCipher, through rusqlite's bundled SQLCipher): a passphrase for a
//! new workspace, "Encrypt this workspace" for an existing one (exported into a new encrypted
//! file, then swapped in atomically), and backups that stay encrypted. The passphrase lives
//! only in memory while the workspace is open.

use super::{StoreError, StoreResult, Workspace, protect, schema};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// True when `path` holds bytes that are not a plain SQLite file but are page-shaped, as an
/// encrypted workspace is (its first bytes are a random salt).
pub fn looks_encrypted(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if meta.len() < 4096 || meta.len() % 1024 != 0 {
        return false;
    }
    let mut head = [0u8; 16];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok();
    read && &head != b"SQLite format 3\0"
}

/// The fewest characters a new passphrase may have.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// Refuses a new passphrase shorter than `MIN_PASSPHRASE_CHARS` (opening an existing workspace
/// takes whatever passphrase it has).
pub fn check_strength(passphrase: &str) -> StoreResult<()> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(StoreError::WeakPassphrase);
    }
    Ok(())
}

/// Keys a fresh connection (before anything reads it).
pub(crate) fn apply_key(conn: &Connection, passphrase: &str) -> rusqlite::Result<()> {
    keyed(conn, passphrase)
}

/// Waits for SQLCipher's start-up to finish. SQLite marks itself initialised before it runs
/// SQLCipher's start-up (outside its lock), so a thread that keys a connection while another
/// thread is still starting SQLite up would be refused with "An error occurred with PRAGMA key".
/// SQLCipher's start-up takes SQLite's main lock and returns at once when already done.
fn cipher_ready() -> rusqlite::Result<()> {
    unsafe extern "C" {
        fn sqlcipher_extra_init(arg: *const std::ffi::c_char) -> std::ffi::c_int;
    }
    // SAFETY: both are SQLite's own initialisers, safe to call from any thread at any time.
    let rc = unsafe {
        match rusqlite::ffi::sqlite3_initialize() {
            rusqlite::ffi::SQLITE_OK => sqlcipher_extra_init(std::ptr::null()),
            rc => rc,
        }
    };
    if rc == rusqlite::ffi::SQLITE_OK {
        return Ok(());
    }
    Err(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rc),
        Some("the encryption library did not start".into()),
    ))
}

fn keyed(conn: &Connection, passphrase: &str) -> rusqlite::Result<()> {
    cipher_ready()?;
    // A wrong passphrase is reported in words; SQLCipher's own log lines would only add noise.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    conn.pragma_update(None, "key", passphrase)
}

/// Checks that the key opens the file and that it is one of ours.
pub(crate) fn verify(conn: &Connection, path: &Path) -> StoreResult<()> {
    let wrong = || StoreError::WrongPassphrase {
        path: path.to_path_buf(),
    };
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|_| wrong())?;
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|_| wrong())?;
    super::check_ours_and_version(conn, path, app_id)
}

impl Workspace {
    /// Opens an encrypted workspace with its passphrase (a wrong one changes nothing).
    pub fn open_encrypted(path: &Path, passphrase: &str) -> StoreResult<Workspace> {
        if !path.exists() {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            });
        }
        let mut ws = Workspace::connect(path, Some(passphrase))?;
        ws.settle_in()?;
        Ok(ws)
    }

    /// Creates a new encrypted workspace at `path`.
    pub fn create_encrypted(path: &Path, passphrase: &str) -> StoreResult<Workspace> {
        check_strength(passphrase)?;
        if path.exists() {
            return Err(StoreError::AlreadyExists {
                path: path.to_path_buf(),
            });
        }
        {
            let conn = Connection::open(path)?;
            keyed(&conn, passphrase)?;
            conn.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
        }
        let mut ws = Workspace::open_encrypted(path, passphrase)?;
        ws.set_created_info()?;
        Ok(ws)
    }

    /// True when the workspace is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// Writes an encrypted copy (same passphrase) to `dest` with `sqlcipher_export`.
    pub(crate) fn export_encrypted(&self, dest: &Path, passphrase: &str) -> StoreResult<()> {
        let _ = std::fs::remove_file(dest);
        // The connection was opened without SQLITE_OPEN_CREATE, which ATTACH inherits: an
        // empty file is a valid new database for it.
        std::fs::File::create(dest).map_err(|source| StoreError::Io {
            path: dest.to_path_buf(),
            source,
        })?;
        cipher_ready()?;
        let dest_text = dest.to_string_lossy().into_owned();
        self.conn.execute(
            "ATTACH DATABASE ?1 AS copy KEY ?2",
            [&dest_text, passphrase],
        )?;
        let exported = (|| -> StoreResult<()> {
            self.conn
                .query_row("SELECT sqlcipher_export('copy')", [], |_| Ok(()))?;
            let version = self.schema_version()?;
            self.conn
                .execute_batch(&format!("PRAGMA copy.user_version = {version};"))?;
            self.conn.execute_batch(&format!(
                "PRAGMA copy.application_id = {};",
                schema::APPLICATION_ID
            ))?;
            Ok(())
        })();
        self.conn.execute("DETACH DATABASE copy", [])?;
        exported
    }

    /// Encrypts this workspace in place: an encrypted copy is written beside it, then renamed
    /// over it, so a crash leaves the plain file or the encrypted one, never half of each. The
    /// plain backups beside it are deleted (they would leak what the passphrase protects).
    pub fn encrypt_in_place(&mut self, passphrase: &str) -> StoreResult<Vec<PathBuf>> {
        check_strength(passphrase)?;
        if self.is_encrypted() {
            return Err(StoreError::AlreadyEncrypted {
                path: self.path.clone(),
            });
        }
        self.swap_in_encrypted_copy("adesk.encrypting", passphrase)?;
        let removed = protect::all_backups(&self.path);
        for b in &removed {
            let _ = std::fs::remove_file(b);
        }
        Ok(removed)
    }

    /// Changes the passphrase of this encrypted workspace to `new`, once `current` is confirmed.
    /// The workspace, then each backup beside it, is re-encrypted into a new file renamed over
    /// the old one, so a crash leaves each file whole under one passphrase or the other.
    /// Returns how many backups were re-encrypted.
    pub fn change_passphrase(&mut self, current: &str, new: &str) -> StoreResult<usize> {
        let path = self.path.clone();
        check_strength(new)?;
        match self.key.as_deref() {
            None => return Err(StoreError::NotEncrypted { path }),
            Some(key) if key != current => return Err(StoreError::WrongPassphrase { path }),
            Some(_) => {}
        }
        self.swap_in_encrypted_copy("adesk.rekeying", new)?;
        let backups = protect::all_backups(&path);
        for backup in &backups {
            rekey_file(backup, current, new)?;
        }
        Ok(backups.len())
    }

    /// Puts an encrypted backup in place of this encrypted workspace's file and reopens it.
    pub(crate) fn restore_encrypted(&mut self, backup: &Path, passphrase: &str) -> StoreResult<()> {
        // The backup must open with the same passphrase before anything is replaced.
        drop(Workspace::open_encrypted(backup, passphrase)?);
        let path = self.path.clone();
        self.release_file()?;
        let staging = path.with_extension("adesk.restoring");
        std::fs::copy(backup, &staging).map_err(|source| StoreError::Io {
            path: path.clone(),
            source,
        })?;
        replace_file(&staging, &path)?;
        *self = Workspace::open_encrypted(&path, passphrase)?;
        Ok(())
    }

    /// Writes this workspace, encrypted with `passphrase`, beside itself (`staging_ext`), renames
    /// it over the file and reopens it: a crash leaves the old file or the new one, whole.
    fn swap_in_encrypted_copy(&mut self, staging_ext: &str, passphrase: &str) -> StoreResult<()> {
        let path = self.path.clone();
        let staging = path.with_extension(staging_ext);
        // Checkpoint so the exported file holds everything committed.
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        self.export_encrypted(&staging, passphrase)?;
        self.release_file()?;
        replace_file(&staging, &path)?;
        *self = Workspace::open_encrypted(&path, passphrase)?;
        Ok(())
    }

    /// Closes the connection to the file (an in-memory one stands in) before it is replaced.
    fn release_file(&mut self) -> StoreResult<()> {
        let old = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        drop(old);
        Ok(())
    }
}

/// Renames `staging` over `path` and removes `path`'s stale WAL and shared-memory files.
fn replace_file(staging: &Path, path: &Path) -> StoreResult<()> {
    std::fs::rename(staging, path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    protect::remove_sidecars(path);
    Ok(())
}

/// Re-encrypts one encrypted file (a backup) from `current` to `new`, without migrating it.
fn rekey_file(path: &Path, current: &str, new: &str) -> StoreResult<()> {
    let staging = path.with_extension("rekeying");
    {
        let ws = Workspace::connect(path, Some(current))?;
        ws.export_encrypted(&staging, new)?;
    }
    replace_file(&staging, path)
}
