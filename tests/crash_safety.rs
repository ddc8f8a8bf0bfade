//! A workspace survives the app being killed in the middle of an import: it opens, passes
//! SQLite's integrity check, and holds the whole batch or none of it.

use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::import::{self, ImportOptions, Progress};
use alliance_desk::store::Workspace;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const MEMBERS: usize = 50_000;

/// A workspace holding the plans, and the census workbook to import into it.
fn setup(dir: &Path) -> (PathBuf, PathBuf) {
    let data = generate::sample_data(GenerateOptions {
        members: MEMBERS,
        seed: 11,
    });
    let files = generate::write_workbooks(&data, dir).unwrap();
    let find = |name: &str| files.iter().find(|f| f.ends_with(name)).unwrap().clone();
    let base = dir.join("base.adesk");
    let mut ws = Workspace::create(&base).unwrap();
    let plans = ImportOptions {
        sheet: Some("Plan Designs".into()),
        ..Default::default()
    };
    import::import_file(
        &mut ws,
        &find("plans_and_rates.xlsx"),
        &plans,
        &Progress::default(),
    )
    .unwrap();
    (base, find("census.xlsx"))
}

fn count(ws: &Workspace, sql: &str) -> i64 {
    ws.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn import_command(path: &Path, census: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_alliance-desk"));
    command
        .arg("--workspace")
        .arg(path)
        .arg("import")
        .arg(census)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Opens the workspace after a kill: it must open, pass the integrity check and hold all of the
/// census or none of it. Returns the members it holds.
fn members_after_kill(path: &Path, when: &str) -> i64 {
    let ws = Workspace::open(path).unwrap_or_else(|e| panic!("{when}: {e}"));
    let check: String = ws
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "{when}");
    let members = count(&ws, "SELECT count(*) FROM member");
    let batches = count(&ws, "SELECT count(*) FROM import_batch");
    assert!(
        (members, batches) == (0, 1) || (members, batches) == (MEMBERS as i64, 2),
        "{when}: {members} members in {batches} batches"
    );
    members
}

#[test]
fn killing_an_import_at_any_moment_leaves_the_whole_batch_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let (base, census) = setup(dir.path());
    // A full run first: the kills land at fractions of its length, whatever this machine's speed.
    let full_path = dir.path().join("full.adesk");
    std::fs::copy(&base, &full_path).unwrap();
    let started = std::time::Instant::now();
    assert!(
        import_command(&full_path, &census)
            .status()
            .unwrap()
            .success()
    );
    let full = started.elapsed();
    assert_eq!(
        members_after_kill(&full_path, "uninterrupted"),
        MEMBERS as i64
    );

    let mut outcomes = Vec::new();
    for (i, fraction) in [0.02, 0.2, 0.4, 0.6, 0.75, 0.85, 0.9, 0.95, 0.98, 1.0]
        .iter()
        .enumerate()
    {
        let path = dir.path().join(format!("killed-{i}.adesk"));
        std::fs::copy(&base, &path).unwrap();
        let mut child = import_command(&path, &census).spawn().unwrap();
        std::thread::sleep(full.mul_f64(*fraction));
        child.kill().ok();
        child.wait().unwrap();
        outcomes.push(members_after_kill(
            &path,
            &format!("killed at {fraction} of the run"),
        ));
    }
    assert!(
        outcomes.contains(&0),
        "no kill landed before the commit: {outcomes:?}"
    );
}
