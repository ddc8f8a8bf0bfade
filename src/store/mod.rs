//! The workspace file: create, open (refusing files that are not ours), migrate, and query.
//! Every write goes through one immediate transaction so a crash leaves the last commit intact.

pub mod bulk;
pub mod claim_bands;
pub mod claims;
pub mod encryption;
pub mod enrollment;
mod experience;
pub mod export;
mod fingerprint;
pub mod imports;
pub mod location;
mod members;
pub mod peers;
pub mod plans;
pub mod prices;
pub mod protect;
pub mod records;
pub mod scenarios;
pub mod schema;
mod summary;
pub mod volumes;
pub mod writeback;

pub use members::{CountBy, MEMBER_PAGE_ROWS, MemberFilter, MemberRow, MemberSort, SortColumn};
pub use summary::{CountRow, Summary};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a workspace could not be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: the file is empty, not an Alliance Desk workspace")]
    EmptyFile { path: PathBuf },
    #[error(
        "{path}: not an Alliance Desk workspace (not a SQLite database; is it a spreadsheet? use import)"
    )]
    NotSqlite { path: PathBuf },
    #[error(
        "{path}: a SQLite database that is not an Alliance Desk workspace (application_id {found:#x}); it was left unchanged"
    )]
    ForeignDatabase { path: PathBuf, found: i32 },
    #[error(
        "{path}: made by a newer Alliance Desk (schema version {found}, this build knows {known}); update the app to open it"
    )]
    TooNew {
        path: PathBuf,
        found: i32,
        known: i32,
    },
    #[error("{path}: already exists")]
    AlreadyExists { path: PathBuf },
    #[error("{path}: {}", crate::format::io_words(source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no table named '{0}'; export one of: {tables}, or compare", tables = export::EXPORTABLE.join(", "))]
    UnknownTable(String),
    #[error("no import with batch id {0}; `imports` lists them")]
    NoSuchImport(i64),
    #[error("the workspace holds a record it cannot read: {0}")]
    Corrupt(String),
    #[error(
        "{path}: the workspace is damaged ({detail}); restore a backup (File ▸ Restore a backup…, or the newest {stem}.*.adesk beside it)"
    )]
    Damaged {
        path: PathBuf,
        stem: String,
        detail: String,
    },
    #[error(
        "{path}: in use by another Alliance Desk window; close it there first (two windows writing one workspace would overwrite each other's work)"
    )]
    InUse { path: PathBuf },
    #[error(
        "{path}: made by an older Alliance Desk and needs upgrading, but it is read-only; copy it somewhere writable first"
    )]
    ReadOnlyNeedsUpgrade { path: PathBuf },
    #[error(
        "{path}: an encrypted workspace (or not a workspace at all): open it with its passphrase (ALLIANCE_DESK_PASSPHRASE for the command line)"
    )]
    Encrypted { path: PathBuf },
    #[error(
        "{path}: this passphrase does not open the workspace (or it is not a workspace); nothing was changed"
    )]
    WrongPassphrase { path: PathBuf },
    #[error("{path}: the workspace is already encrypted")]
    AlreadyEncrypted { path: PathBuf },
    #[error("{path}: the workspace is not encrypted, so it has no passphrase to change")]
    NotEncrypted { path: PathBuf },
    #[error("a passphrase needs at least 8 characters; nothing was changed")]
    WeakPassphrase,
    #[error("{}", sqlite_message(.0))]
    Sqlite(#[from] rusqlite::Error),
}

/// SQLite's failures in words a user can act on; the rest as SQLite says them.
fn sqlite_message(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => {
            "the disk is full: nothing was written and the workspace is as it was; free some space and try again".into()
        }
        Some(ErrorCode::ReadOnly) => {
            "the workspace is read-only: nothing was changed (open a writable copy to edit)".into()
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "the workspace is busy in another window or program; try again in a moment".into()
        }
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
            format!("the workspace file is damaged or encrypted with another passphrase ({e})")
        }
        _ => format!("workspace database error: {e}"),
    }
}

impl Workspace {
    /// True when the file carries our application id (read without opening it for writing).
    pub fn looks_like_workspace(path: &Path) -> bool {
        check_is_ours(path).is_ok()
    }
}

/// Result type of the store.
pub type StoreResult<T> = Result<T, StoreError>;

/// An open workspace file.
pub struct Workspace {
    conn: Connection,
    path: PathBuf,
    /// Opened read-only (the file or its folder cannot be written): every write is refused.
    read_only: bool,
    /// The passphrase of an encrypted workspace, kept in memory while it is open.
    key: Option<String>,
    /// Set when the file sits on a network file system or in a cloud-synced folder.
    location_warning: Option<String>,
}

impl Workspace {
    /// Opens an existing workspace, migrating it to the current schema, or refuses it untouched.
    pub fn open(path: &Path) -> StoreResult<Workspace> {
        check_is_ours(path)?;
        let mut ws = Workspace::connect(path, None)?;
        ws.settle_in()?;
        Ok(ws)
    }

    /// What an open the user asked for does after connecting: the integrity check, the
    /// migration, and the warning about where the file lives.
    fn settle_in(&mut self) -> StoreResult<()> {
        self.check_integrity()?;
        self.migrate()?;
        self.location_warning = location::location_warning(&self.path);
        Ok(())
    }

    /// A connection to an existing workspace file, read-only when the file or its folder
    /// cannot be written, keyed (and the key checked) when `key` is given, and configured.
    /// Every way of opening a file goes through here; the opens a user asks for add the
    /// location warning (background reconnects need not read the mount table again).
    fn connect(path: &Path, key: Option<&str>) -> StoreResult<Workspace> {
        let read_only = protect::is_read_only(path);
        let conn = if read_only {
            protect::open_read_only(path)?
        } else {
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?
        };
        if let Some(k) = key {
            encryption::apply_key(&conn, k)?;
            encryption::verify(&conn, path)?;
        }
        let mut ws = Workspace {
            conn,
            path: path.to_path_buf(),
            read_only,
            key: key.map(str::to_string),
            location_warning: None,
        };
        ws.configure()?;
        Ok(ws)
    }

    /// Another connection to a workspace this process has open (checked and migrated): no
    /// integrity check or migration again, the same passphrase.
    pub(crate) fn reconnect(path: &Path, key: Option<&str>) -> StoreResult<Workspace> {
        Workspace::connect(path, key)
    }

    /// True when the workspace was opened read-only: it can be read, not changed.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Creates a new, empty workspace at `path`; fails if the file exists.
    pub fn create(path: &Path) -> StoreResult<Workspace> {
        if path.exists() {
            return Err(StoreError::AlreadyExists {
                path: path.to_path_buf(),
            });
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
        let mut ws = Workspace {
            conn,
            path: path.to_path_buf(),
            read_only: false,
            key: None,
            location_warning: location::location_warning(path),
        };
        ws.configure()?;
        ws.migrate()?;
        ws.set_created_info()?;
        Ok(ws)
    }

    /// Records the new workspace's name, creation time and app version.
    fn set_created_info(&mut self) -> StoreResult<()> {
        let name = display_name(&self.path);
        self.write(|tx| {
            let now = now_iso();
            tx.execute(
                "INSERT OR REPLACE INTO workspace_info(key, value) VALUES ('name', ?1), ('created_at', ?2), ('app_version', ?3)",
                (name, &now, env!("CARGO_PKG_VERSION")),
            )?;
            Ok::<_, StoreError>(())
        })
    }

    /// Opens `path` if it exists, else creates it.
    pub fn open_or_create(path: &Path) -> StoreResult<Workspace> {
        if path.exists() {
            Workspace::open(path)
        } else {
            Workspace::create(path)
        }
    }

    /// An in-memory workspace for tests and benchmarks.
    pub fn in_memory() -> StoreResult<Workspace> {
        let conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
        let mut ws = Workspace {
            conn,
            path: PathBuf::from(":memory:"),
            read_only: false,
            key: None,
            location_warning: None,
        };
        ws.configure()?;
        ws.migrate()?;
        Ok(ws)
    }

    /// The file this workspace lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why this file's folder is risky for a live database (network or cloud-synced), if it is.
    pub fn location_warning(&self) -> Option<&str> {
        self.location_warning.as_deref()
    }

    /// Read access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` inside one immediate transaction; any error rolls everything back.
    pub fn write<T, E>(&mut self, f: impl FnOnce(&Transaction) -> Result<T, E>) -> Result<T, E>
    where
        E: From<rusqlite::Error>,
    {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// As `write`, for an import of millions of rows: the kernel writes the file back as the
    /// import goes (`writeback`), so the commit does not wait for gigabytes at once.
    pub fn write_bulk<T, E>(&mut self, f: impl FnOnce(&Transaction) -> Result<T, E>) -> Result<T, E>
    where
        E: From<rusqlite::Error>,
    {
        let path = self.path.clone();
        writeback::while_running(&path, || self.write(f))
    }

    /// Writes a consistent copy to `dest` with `VACUUM INTO` (safe while open).
    pub fn save_copy(&self, dest: &Path) -> StoreResult<()> {
        if dest.exists() {
            std::fs::remove_file(dest).map_err(|source| StoreError::Io {
                path: dest.to_path_buf(),
                source,
            })?;
        }
        if let Some(key) = &self.key {
            // An encrypted workspace's copies stay encrypted with the same passphrase.
            return self.export_encrypted(dest, key);
        }
        self.conn
            .execute("VACUUM INTO ?1", [dest.to_string_lossy().as_ref()])?;
        Ok(())
    }

    /// Schema version recorded in the file.
    pub fn schema_version(&self) -> StoreResult<i32> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Reads a user setting saved in the workspace.
    pub fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Saves a user setting in the workspace.
    pub fn set_setting(&mut self, key: &str, value: &str) -> StoreResult<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO setting(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )?;
            Ok::<_, StoreError>(())
        })
    }

    fn configure(&mut self) -> StoreResult<()> {
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        if self.read_only {
            return Ok(());
        }
        if self.path != Path::new(":memory:") {
            let _mode: String =
                self.conn
                    .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        }
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        // 64 MB of page cache keeps a large import's pages out of the WAL until commit.
        self.conn.pragma_update(None, "cache_size", -65_536)?;
        Ok(())
    }

    fn migrate(&mut self) -> StoreResult<()> {
        let found = self.schema_version()?;
        let target = schema::current_version();
        if found >= target {
            return Ok(());
        }
        if self.read_only {
            return Err(StoreError::ReadOnlyNeedsUpgrade {
                path: self.path.clone(),
            });
        }
        // A file with data gets a backup before its schema changes (a new file has nothing).
        if found > 0 && self.path != Path::new(":memory:") {
            self.backup(&format!("before-v{target}"))?;
        }
        migrate_to(&mut self.conn, target)
    }

    /// SQLite's quick check: a damaged file is reported before anything reads or writes it.
    fn check_integrity(&self) -> StoreResult<()> {
        let verdict = self.quick_check()?;
        if verdict == "ok" {
            return Ok(());
        }
        Err(StoreError::Damaged {
            path: self.path.clone(),
            stem: display_name(&self.path),
            detail: verdict,
        })
    }
}

/// Tables of imported lines, millions of rows each, that a large workspace's open-time check
/// passes over: the check reads every page it covers, and over 10 M claim lines (2 GB) took
/// 8 s at every open. The records a negotiation rests on are still checked.
const BULK_LINE_TABLES: [&str; 3] = ["claim_line", "pharmacy_claim", "hospital_price"];

/// Above this size a workspace is checked table by table, without the bulk line tables.
const CHECK_EVERY_PAGE_BELOW_BYTES: u64 = 256 * 1024 * 1024;

impl Workspace {
    /// SQLite's quick check: "ok", or what it found. A large file is checked table by table,
    /// passing over `BULK_LINE_TABLES` (whose damage still shows as an error when read).
    fn quick_check(&self) -> rusqlite::Result<String> {
        let size = std::fs::metadata(&self.path).map_or(0, |m| m.len());
        if size < CHECK_EVERY_PAGE_BELOW_BYTES {
            return self.conn.query_row("PRAGMA quick_check", [], |r| r.get(0));
        }
        quick_check_tables(&self.conn, &BULK_LINE_TABLES)
    }
}

/// The quick check of every table but `skipping`, one at a time: "ok", or the first problem.
fn quick_check_tables(conn: &Connection, skipping: &[&str]) -> rusqlite::Result<String> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for table in tables.iter().filter(|t| !skipping.contains(&t.as_str())) {
        let sql = format!("PRAGMA quick_check(\"{}\")", table.replace('"', "\"\""));
        let verdict: String = conn.query_row(&sql, [], |r| r.get(0))?;
        if verdict != "ok" {
            return Ok(verdict);
        }
    }
    Ok("ok".into())
}

/// Applies migrations until the file is at `target` (tests use it to build old versions), all
/// in one transaction: a crash leaves the old version or the new one, never a step between
/// (a kill trial found a version-4 file left between 3 and 5 when each step committed alone).
pub fn migrate_to(conn: &mut Connection, target: i32) -> StoreResult<()> {
    let found: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found >= target {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for version in found..target {
        tx.execute_batch(schema::MIGRATIONS[version as usize])?;
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}

/// Refuses anything that is not an Alliance Desk workspace before a single byte is written.
fn check_is_ours(path: &Path) -> StoreResult<()> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut header = [0u8; 16];
    let mut read = 0;
    while read < header.len() {
        let n = file.read(&mut header[read..]).map_err(io)?;
        if n == 0 {
            break;
        }
        read += n;
    }
    if read == 0 {
        return Err(StoreError::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    if read == 16 && &header != b"SQLite format 3\0" && encryption::looks_encrypted(path) {
        return Err(StoreError::Encrypted {
            path: path.to_path_buf(),
        });
    }
    if read < 16 || &header != b"SQLite format 3\0" {
        return Err(StoreError::NotSqlite {
            path: path.to_path_buf(),
        });
    }
    let conn = protect::open_read_only(path)?;
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|_| StoreError::NotSqlite {
            path: path.to_path_buf(),
        })?;
    check_ours_and_version(&conn, path, app_id)
}

/// Refuses a database of another application, or one made by a newer build.
fn check_ours_and_version(conn: &Connection, path: &Path, app_id: i32) -> StoreResult<()> {
    if app_id != schema::APPLICATION_ID {
        return Err(StoreError::ForeignDatabase {
            path: path.to_path_buf(),
            found: app_id,
        });
    }
    let version: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > schema::current_version() {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known: schema::current_version(),
        });
    }
    Ok(())
}

fn display_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Workspace".to_string())
}

/// Current UTC time as ISO-8601 text, the format every `*_at` column uses.
pub fn now_iso() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {

    /// A database whose `note` table holds a NULL its schema now forbids (as damage would),
    /// opened afresh so the schema is read again.
    fn with_forbidden_null() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("damaged.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE note(body TEXT); INSERT INTO note VALUES (NULL);
             CREATE TABLE claim_line(x TEXT);
             PRAGMA writable_schema = ON;
             UPDATE sqlite_schema SET sql = 'CREATE TABLE note(body TEXT NOT NULL)'
              WHERE name = 'note';
             PRAGMA writable_schema = OFF;",
        )
        .unwrap();
        drop(conn);
        (dir, Connection::open(&path).unwrap())
    }

    #[test]
    fn the_table_by_table_check_finds_damage_in_a_record_table() {
        let (_dir, conn) = with_forbidden_null();
        let verdict = quick_check_tables(&conn, &BULK_LINE_TABLES).unwrap();
        assert!(verdict.contains("note"), "{verdict}");
    }

    #[test]
    fn the_table_by_table_check_passes_over_the_tables_it_is_told_to() {
        let (_dir, conn) = with_forbidden_null();
        assert_eq!(quick_check_tables(&conn, &["note"]).unwrap(), "ok");
    }
    use super::*;

    #[test]
    fn new_workspace_carries_application_id_and_current_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let ws = Workspace::create(&path).unwrap();
        let app: i32 = ws
            .conn()
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .unwrap();
        assert_eq!(app, schema::APPLICATION_ID);
        assert_eq!(ws.schema_version().unwrap(), schema::current_version());
    }

    #[test]
    fn failed_write_rolls_back_everything() {
        let mut ws = Workspace::in_memory().unwrap();
        let result: Result<(), StoreError> = ws.write(|tx| {
            tx.execute(
                "INSERT INTO purchaser(name, kind) VALUES ('A', 'employer')",
                [],
            )?;
            tx.execute("INSERT INTO nonsense VALUES (1)", [])?;
            Ok(())
        });
        assert!(result.is_err());
        let n: i64 = ws
            .conn()
            .query_row("SELECT count(*) FROM purchaser", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn settings_round_trip() {
        let mut ws = Workspace::in_memory().unwrap();
        ws.set_setting("theme", "dark").unwrap();
        ws.set_setting("theme", "light").unwrap();
        assert_eq!(ws.setting("theme").unwrap().as_deref(), Some("light"));
    }
}
