//! The workspace file: migrations keep data, and files that are not ours are refused untouched.

use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::store::{StoreError, Workspace, migrate_to, schema};
use rusqlite::Connection;
use std::path::Path;

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn assert_refused_untouched(path: &Path, expect: impl Fn(&StoreError) -> bool) {
    let before = bytes(path);
    let err = Workspace::open(path).err().expect("must be refused");
    assert!(expect(&err), "unexpected error: {err}");
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "message names the file: {err}"
    );
    assert_eq!(bytes(path), before, "file bytes must not change");
}

#[test]
fn version_1_workspace_is_migrated_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.adesk");
    {
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
            .unwrap();
        migrate_to(&mut conn, 1).unwrap();
        conn.execute(
            "INSERT INTO purchaser(name, kind) VALUES ('Northstar', 'employer')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO measure(code, name) VALUES ('BCS', 'Breast cancer screening')",
            [],
        )
        .unwrap();
    }
    let ws = Workspace::open(&path).unwrap();
    assert_eq!(ws.schema_version().unwrap(), schema::current_version());
    let name: String = ws
        .conn()
        .query_row("SELECT name FROM purchaser", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Northstar");
    let floor: f64 = ws
        .conn()
        .query_row("SELECT floor FROM measure WHERE code = 'BCS'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(floor, 25.0, "v2 adds measure floors with the default");
}

#[test]
fn foreign_sqlite_database_is_refused_and_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    assert_refused_untouched(&path, |e| matches!(e, StoreError::ForeignDatabase { .. }));
}

#[test]
fn spreadsheet_is_refused_as_not_a_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let data = generate::sample_data(GenerateOptions {
        members: 20,
        seed: 1,
    });
    let files = generate::write_workbooks(&data, dir.path()).unwrap();
    assert_refused_untouched(&files[0], |e| matches!(e, StoreError::NotSqlite { .. }));
}

#[test]
fn random_bytes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("noise.adesk");
    let noise: Vec<u8> = (0..4000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, noise).unwrap();
    assert_refused_untouched(&path, |e| matches!(e, StoreError::NotSqlite { .. }));
}

#[test]
fn page_shaped_random_bytes_may_be_an_encrypted_workspace_and_say_so() {
    // 4,096 random bytes cannot be told from an encrypted workspace: the message says both.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("noise.adesk");
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, noise).unwrap();
    assert_refused_untouched(&path, |e| {
        matches!(e, StoreError::Encrypted { .. }) && e.to_string().contains("or not a workspace")
    });
}

#[test]
fn empty_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.adesk");
    std::fs::write(&path, b"").unwrap();
    assert_refused_untouched(&path, |e| matches!(e, StoreError::EmptyFile { .. }));
}

#[test]
fn workspace_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.adesk");
    drop(Workspace::create(&path).unwrap());
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    // Checkpoint the WAL so the bytes we compare are the whole file.
    Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    assert_refused_untouched(&path, |e| matches!(e, StoreError::TooNew { found: 99, .. }));
}

#[test]
fn creating_over_an_existing_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("exists.adesk");
    std::fs::write(&path, b"keep me").unwrap();
    assert!(matches!(
        Workspace::create(&path),
        Err(StoreError::AlreadyExists { .. })
    ));
    assert_eq!(bytes(&path), b"keep me");
}

#[test]
fn same_seed_gives_the_same_data() {
    let fingerprint = |seed| {
        let mut ws = Workspace::in_memory().unwrap();
        generate::fill_workspace(
            &mut ws,
            GenerateOptions {
                members: 1500,
                seed,
            },
        )
        .unwrap();
        ws.data_fingerprint().unwrap()
    };
    assert_eq!(fingerprint(7), fingerprint(7));
    assert_ne!(fingerprint(7), fingerprint(8));
}

#[test]
fn same_seed_gives_the_same_workbook_cells() {
    let csv_of = |seed| {
        let dir = tempfile::tempdir().unwrap();
        let data = generate::sample_data(GenerateOptions { members: 300, seed });
        generate::write_workbooks(&data, dir.path()).unwrap();
        std::fs::read(dir.path().join("spend_history.csv")).unwrap()
    };
    assert_eq!(csv_of(11), csv_of(11));
}

#[test]
fn saved_copy_opens_with_the_same_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.adesk");
    let mut ws = Workspace::create(&path).unwrap();
    generate::fill_workspace(
        &mut ws,
        GenerateOptions {
            members: 200,
            seed: 2,
        },
    )
    .unwrap();
    let copy = dir.path().join("copy.adesk");
    ws.save_copy(&copy).unwrap();
    let reopened = Workspace::open(&copy).unwrap();
    assert_eq!(
        reopened.data_fingerprint().unwrap(),
        ws.data_fingerprint().unwrap()
    );
}

#[test]
fn generated_workspace_has_every_kind_of_data() {
    let mut ws = Workspace::in_memory().unwrap();
    generate::fill_workspace(
        &mut ws,
        GenerateOptions {
            members: 400,
            seed: 5,
        },
    )
    .unwrap();
    let s = ws.summary().unwrap();
    assert_eq!(s.members, 400);
    assert_eq!(s.purchasers, 7);
    assert_eq!(s.plans, 8);
    assert!(
        s.measure_results > 100
            && s.spend_months == 7 * 24
            && s.price_tiers == 8
            && s.service_volumes == 6
    );
    assert_eq!(s.imports, 1);
}
