//! Workspace protection: read-only files, a full disk, a second window, a damaged file,
//! and the backups taken before a migration or an undo.

use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::import::{self, ImportOptions, Progress};
use alliance_desk::model::scenario::{Scenario, ScenarioKind};
use alliance_desk::store::protect::{self, KEEP_BACKUPS};
use alliance_desk::store::{StoreError, Workspace, schema};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

fn filled(dir: &Path, members: usize) -> PathBuf {
    let path = dir.join("w.adesk");
    let mut ws = Workspace::create(&path).unwrap();
    generate::fill_workspace(&mut ws, GenerateOptions { members, seed: 5 }).unwrap();
    path
}

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_alliance-desk"))
        .args(args)
        .output()
        .unwrap()
}

fn members(ws: &Workspace) -> i64 {
    ws.conn()
        .query_row("SELECT count(*) FROM member", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_read_only_workspace_opens_read_only_and_refuses_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled(dir.path(), 200);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let mut ws = Workspace::open(&path).unwrap();
    assert!(ws.is_read_only());
    assert_eq!(members(&ws), 200, "it reads");
    let err = ws
        .save_scenario(&Scenario::new(ScenarioKind::Renewal, "x"))
        .unwrap_err();
    assert!(err.to_string().contains("read-only"), "{err}");
    drop(ws);
    let census = dir.path().join("c.csv");
    std::fs::write(&census, "Member ID,Employer\nA1,Acme\n").unwrap();
    let out = cli(&[
        "--workspace",
        path.to_str().unwrap(),
        "import",
        census.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("read-only"));
}

#[test]
fn a_full_disk_during_an_import_says_so_and_leaves_the_workspace_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let data = generate::sample_data(GenerateOptions {
        members: 20_000,
        seed: 3,
    });
    let files = generate::write_workbooks(&data, dir.path()).unwrap();
    let census = files.iter().find(|f| f.ends_with("census.xlsx")).unwrap();
    let plans = files
        .iter()
        .find(|f| f.ends_with("plans_and_rates.xlsx"))
        .unwrap();
    let path = dir.path().join("full.adesk");
    let mut ws = Workspace::create(&path).unwrap();
    let opts = ImportOptions {
        sheet: Some("Plan Designs".into()),
        ..Default::default()
    };
    import::import_file(&mut ws, plans, &opts, &Progress::default()).unwrap();
    let before = ws.data_fingerprint().unwrap();
    // SQLite's own limit on the file's pages: the next pages it needs fail as a full disk would.
    let pages: i64 = ws
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    ws.conn()
        .pragma_update(None, "max_page_count", pages + 30)
        .unwrap();
    let err = import::import_file(
        &mut ws,
        census,
        &ImportOptions::default(),
        &Progress::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("disk is full"), "{err}");
    drop(ws);
    let ws = Workspace::open(&path).unwrap();
    assert_eq!(ws.data_fingerprint().unwrap(), before);
    assert_eq!(members(&ws), 0);
}

#[test]
fn a_second_window_is_told_the_workspace_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled(dir.path(), 50);
    let first = protect::lock_for_window(&path).unwrap();
    let second = protect::lock_for_window(&path).unwrap_err();
    assert!(matches!(second, StoreError::InUse { .. }));
    assert!(
        second
            .to_string()
            .contains("in use by another Alliance Desk window")
    );
    let census = dir.path().join("c.csv");
    std::fs::write(&census, "Member ID,Employer\nA1,Acme\n").unwrap();
    let out = cli(&[
        "--workspace",
        path.to_str().unwrap(),
        "import",
        census.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("in use by another Alliance Desk window")
    );
    drop(first);
    assert!(
        protect::lock_for_window(&path).is_ok(),
        "free once the first window closes"
    );
}

#[test]
fn a_damaged_workspace_is_reported_with_where_its_backups_are() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled(dir.path(), 3_000);
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    let middle = (bytes.len() / 2 / page) * page;
    for b in &mut bytes[middle..middle + 4 * page] {
        *b = 0x5a;
    }
    std::fs::write(&path, bytes).unwrap();
    let err = Workspace::open(&path)
        .err()
        .expect("a damaged file is refused");
    let text = err.to_string();
    assert!(text.contains("damaged"), "{text}");
}

#[test]
fn a_migration_backs_up_the_old_file_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.adesk");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
            .unwrap();
        for m in &schema::MIGRATIONS[..3] {
            conn.execute_batch(m).unwrap();
        }
        conn.pragma_update(None, "user_version", 3).unwrap();
    }
    let ws = Workspace::open(&path).unwrap();
    assert_eq!(ws.schema_version().unwrap(), schema::current_version());
    let reason = format!("before-v{}", schema::current_version());
    let backups = protect::backups(&path, &reason);
    assert_eq!(backups.len(), 1, "{backups:?}");
    let old = rusqlite::Connection::open(&backups[0]).unwrap();
    let v: i32 = old
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 3, "the backup is the file as it was");
}

#[test]
fn only_the_newest_backups_of_a_kind_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled(dir.path(), 20);
    let ws = Workspace::open(&path).unwrap();
    for _ in 0..KEEP_BACKUPS + 2 {
        ws.backup("before-undo").unwrap();
    }
    assert_eq!(protect::backups(&path, "before-undo").len(), KEEP_BACKUPS);
}

#[test]
fn a_users_file_named_like_a_backup_is_never_pruned_or_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled(dir.path(), 20);
    let mine = dir.path().join("w.before-undo-2025.adesk");
    std::fs::copy(&path, &mine).unwrap();
    let mut ws = Workspace::open(&path).unwrap();
    for _ in 0..KEEP_BACKUPS + 2 {
        ws.backup("before-undo").unwrap();
    }
    assert!(!protect::all_backups(&path).contains(&mine));
    ws.encrypt_in_place("a passphrase").unwrap();
    assert!(mine.exists(), "encrypting deleted the user's own file");
}

#[test]
fn reading_a_read_only_workspace_leaves_no_log_files_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled(dir.path(), 50);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let ws = Workspace::open(&path).unwrap();
    assert!(ws.is_read_only());
    assert_eq!(members(&ws), 50);
    drop(ws);
    for side in protect::sidecars(&path) {
        assert!(!side.exists(), "{} was left behind", side.display());
    }
    // Writable again, it takes writes at once (a read-only -shm left behind blocked them).
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut ws = Workspace::open(&path).unwrap();
    ws.save_scenario(&Scenario::new(ScenarioKind::Renewal, "x"))
        .unwrap();
}

#[test]
fn an_immutable_uri_escapes_what_sqlite_would_read_as_uri_syntax() {
    assert_eq!(
        protect::immutable_uri(Path::new("/data/a b#1?.adesk")),
        "file:/data/a b%231%3f.adesk?immutable=1"
    );
    assert_eq!(
        protect::immutable_uri(Path::new("C:\\deals\\w.adesk")),
        "file:///C:/deals/w.adesk?immutable=1"
    );
}
