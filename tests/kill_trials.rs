//! Kill trials: the CLI is killed with SIGKILL at random moments of an import, a scenario
//! save, an undo and a migration. Every time the workspace must pass SQLite's integrity check
//! and hold exactly the state before or after the operation. Ten trials run with the tests;
//! `cargo test --test kill_trials -- --ignored` runs 200 (KILL_TRIALS overrides the count).

use alliance_desk::dice::Dice;
use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::import::{self, ImportOptions, Progress};
use alliance_desk::store::{Workspace, schema};

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MEMBERS: usize = 20_000;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Import,
    SaveScenario,
    Undo,
    Migrate,
}

struct Fixture {
    dir: tempfile::TempDir,
    census: PathBuf,
    scenario: PathBuf,
    /// Plans only (before an import or a scenario save).
    base: PathBuf,
    /// Plans and the census as batch 2 (before an undo).
    imported: PathBuf,
    /// A version-3 workspace (before a migration).
    old: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let data = generate::sample_data(GenerateOptions {
        members: MEMBERS,
        seed: 13,
    });
    let files = generate::write_workbooks(&data, dir.path()).unwrap();
    let find = |name: &str| files.iter().find(|f| f.ends_with(name)).unwrap().clone();
    let base = dir.path().join("base.adesk");
    {
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
    }
    let census = find("census.xlsx");
    let imported = dir.path().join("imported.adesk");
    std::fs::copy(&base, &imported).unwrap();
    assert!(
        cli(&imported, &["import", census.to_str().unwrap()])
            .status()
            .unwrap()
            .success()
    );
    let old = dir.path().join("old.adesk");
    {
        let conn = rusqlite::Connection::open(&old).unwrap();
        conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
            .unwrap();
        for m in &schema::MIGRATIONS[..3] {
            conn.execute_batch(m).unwrap();
        }
        conn.pragma_update(None, "user_version", 3).unwrap();
        conn.execute_batch(
            "INSERT INTO purchaser(name, kind) VALUES ('Old Employer', 'employer');
             INSERT INTO plan(code, name) VALUES ('OLD-PPO', 'Old PPO');",
        )
        .unwrap();
    }
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/scenarios/renewal.json");
    Fixture {
        dir,
        census,
        scenario,
        base,
        imported,
        old,
    }
}

fn cli(workspace: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_alliance-desk"));
    c.arg("--workspace")
        .arg(workspace)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

impl Fixture {
    fn start(&self, op: Op) -> &Path {
        match op {
            Op::Import | Op::SaveScenario => &self.base,
            Op::Undo => &self.imported,
            Op::Migrate => &self.old,
        }
    }

    fn command(&self, op: Op, ws: &Path) -> Command {
        match op {
            Op::Import => cli(ws, &["import", self.census.to_str().unwrap()]),
            Op::SaveScenario => cli(ws, &["scenario", "save", self.scenario.to_str().unwrap()]),
            Op::Undo => cli(ws, &["imports", "--undo", "2"]),
            Op::Migrate => cli(ws, &["info"]),
        }
    }

    /// A fresh copy of the operation's starting workspace.
    fn copy(&self, op: Op, name: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::copy(self.start(op), &path).unwrap();
        path
    }
}

/// What a workspace holds, read without migrating it: the schema version and every table's
/// row count. Panics unless SQLite's integrity check passes.
fn state(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "{}", path.display());
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables.sort();
    let counts: Vec<String> = tables
        .iter()
        .map(|t| {
            let n: i64 = conn
                .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            format!("{t}={n}")
        })
        .collect();
    format!("v{version} {}", counts.join(" "))
}

/// Before and after states and the uninterrupted duration of each operation.
struct Expected {
    before: String,
    after: String,
    duration: Duration,
}

fn expected(f: &Fixture, op: Op) -> Expected {
    let path = f.copy(op, &format!("reference-{op:?}.adesk"));
    let before = state(&path);
    let started = Instant::now();
    assert!(f.command(op, &path).status().unwrap().success(), "{op:?}");
    let duration = started.elapsed();
    let after = state(&path);
    assert_ne!(before, after, "{op:?} changes the workspace");
    Expected {
        before,
        after,
        duration,
    }
}

/// Which state a killed operation left.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Left {
    Before,
    After,
}

/// Starts `op` on a fresh copy, kills it (SIGKILL) after `delay` and says which state it left;
/// panics if it left anything else.
fn kill_after(f: &Fixture, op: Op, e: &Expected, name: &str, delay: Duration) -> Left {
    let path = f.copy(op, &format!("{name}.adesk"));
    let mut child = f.command(op, &path).spawn().unwrap();
    std::thread::sleep(delay);
    child.kill().ok();
    child.wait().unwrap();
    let got = state(&path);
    std::fs::remove_file(&path).ok();
    match got {
        s if s == e.before => Left::Before,
        s if s == e.after => Left::After,
        s => panic!(
            "{name}: {op:?} killed after {delay:?} left neither state:\n got    {s}\n before {}\n after  {}",
            e.before, e.after
        ),
    }
}

/// Runs `trials` kills; returns how many left the state before and after (nothing else may).
fn run_trials(trials: usize, seed: u64) -> (usize, usize) {
    let f = fixture();
    let ops = [Op::Import, Op::SaveScenario, Op::Undo, Op::Migrate];
    let expected: Vec<Expected> = ops.iter().map(|op| expected(&f, *op)).collect();
    let mut dice = Dice::new(seed);
    let (mut before, mut after) = (0, 0);
    for trial in 0..trials {
        let i = trial % ops.len();
        let delay = expected[i].duration.mul_f64(dice.uniform() * 1.2);
        match kill_after(&f, ops[i], &expected[i], &format!("trial-{trial}"), delay) {
            Left::Before => before += 1,
            Left::After => after += 1,
        }
    }
    eprintln!(
        "{trials} kill trials: {before} left the state before, {after} the state after, 0 anything else"
    );
    (before, after)
}

#[test]
fn an_import_killed_across_its_run_keeps_the_whole_batch_or_none() {
    let f = fixture();
    let e = expected(&f, Op::Import);
    // Fractions of an uninterrupted run, so the kills spread over it whatever the machine's speed.
    let left: Vec<Left> = [0.02, 0.2, 0.4, 0.6, 0.75, 0.85, 0.9, 0.95, 0.98, 1.0]
        .iter()
        .enumerate()
        .map(|(i, fraction)| {
            let delay = e.duration.mul_f64(*fraction);
            kill_after(&f, Op::Import, &e, &format!("import-{i}"), delay)
        })
        .collect();
    assert!(
        left.contains(&Left::Before),
        "no kill landed before the commit: {left:?}"
    );
}

#[test]
fn ten_kills_at_random_moments_leave_the_state_before_or_after() {
    let (before, after) = run_trials(10, 2026);
    assert_eq!(before + after, 10);
}

#[test]
#[ignore = "200 kill trials take a few minutes: cargo test --test kill_trials -- --ignored"]
fn two_hundred_kills_at_random_moments_leave_the_state_before_or_after() {
    let n = std::env::var("KILL_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let (before, after) = run_trials(n, 7);
    assert_eq!(before + after, n);
    assert!(
        before > 0 && after > 0,
        "kills landed on both sides of the commits"
    );
}
