//! Real files no one here wrote (tests/data/corpus, copied with its PROVENANCE.md from the
//! team's shared corpus): every one is read or refused clearly,
//! never a panic or a hang; the census, 1904-date and CMS plan files import for real.

use alliance_desk::import::{self, ImportError, ImportOptions, Kind, Progress, Source};
use alliance_desk::store::Workspace;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// The corpus ships with the tests, so no clone runs without it.
fn corpus() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus");
    assert!(
        dir.is_dir(),
        "{} is missing from the checkout",
        dir.display()
    );
    dir
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x != "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Opens a file and previews its first sheet on a worker thread, with a time limit.
fn read_or_refuse(path: &Path) -> Result<String, String> {
    let (tx, rx) = mpsc::channel();
    let p = path.to_path_buf();
    std::thread::spawn(move || {
        let ws = Workspace::in_memory().unwrap();
        let outcome = match Source::open(&p) {
            Ok(src) => match import::preview(&ws, &src, None, None) {
                Ok(pv) => Ok(format!(
                    "sheet '{}', header row {}, {} columns, kind {}",
                    pv.sheet,
                    pv.layout.header_row + 1,
                    pv.width,
                    pv.kind.code()
                )),
                Err(e) => Err(e.to_string()),
            },
            Err(e) => Err(e.to_string()),
        };
        let _ = tx.send(outcome);
    });
    match rx.recv_timeout(Duration::from_secs(120)) {
        Ok(outcome) => outcome,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{}: reading took over 120 s", path.display())
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            panic!("{}: the reader panicked", path.display())
        }
    }
}

#[test]
fn every_corpus_file_is_read_or_refused_with_a_message() {
    let dir = corpus();
    let all = files(&dir);
    assert!(
        all.len() >= 200,
        "expected the whole corpus, found {}",
        all.len()
    );
    let (mut read, mut refused) = (0, 0);
    for f in &all {
        match read_or_refuse(f) {
            Ok(_) => read += 1,
            Err(message) => {
                let name = f.file_name().unwrap().to_string_lossy().to_string();
                assert!(
                    message.contains(&name),
                    "{}: message does not name the file: {message}",
                    f.display()
                );
                refused += 1;
            }
        }
    }
    eprintln!(
        "corpus: {read} read, {refused} refused with a message, of {}",
        all.len()
    );
    assert!(read >= 150, "only {read} files read");
}

#[test]
fn known_bad_files_are_refused_with_the_reason() {
    let dir = corpus();
    let c = dir.join("calamine");
    let refuse = |name: &str, needle: &str| {
        let err = Source::open(&c.join(name))
            .err()
            .map(|e| e.to_string())
            .or_else(|| read_or_refuse(&c.join(name)).err())
            .unwrap_or_default();
        assert!(err.contains(needle), "{name}: {err}");
    };
    refuse("pass_protected.xlsx", "password-protected");
    refuse("OOM_alloc3.xls", "OOM_alloc3.xls");
    refuse("issue_594_dos.ods", "issue_594_dos.ods");
    refuse("issue252.xlsx", "issue252.xlsx");
}

fn import(ws: &mut Workspace, path: &Path, opts: ImportOptions) -> import::ImportSummary {
    import::import_file(ws, path, &opts, &Progress::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn exchange_census_templates_import_as_members_with_dependents_rolled_up() {
    let dir = corpus();
    let census = dir.join("health/ideacrew_enroll");
    let mut found = 0;
    for f in files(&census).into_iter().filter(|f| {
        f.to_string_lossy().contains("Census") && f.extension().is_some_and(|e| e == "xlsx")
    }) {
        let mut ws = Workspace::in_memory().unwrap();
        let s = import(
            &mut ws,
            &f,
            ImportOptions {
                kind: Some(Kind::Members),
                purchaser: Some("DC Employer".into()),
                skip_invalid: true,
                ..Default::default()
            },
        );
        assert!(s.rows_imported > 0, "{}: nothing imported", f.display());
        let with_tier: i64 = ws
            .conn()
            .query_row(
                "SELECT count(*) FROM member WHERE tier IS NOT NULL AND plan_id IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            with_tier as usize, s.rows_imported,
            "every subscriber gets a derived tier and no plan"
        );
        found += 1;
    }
    assert!(found >= 3, "census templates found: {found}");
}

#[test]
fn conversion_file_with_1904_dates_reads_correct_dates() {
    let dir = corpus();
    let xlsx =
        dir.join("health/ideacrew_enroll/conversion_employees__sample_conversion_employees.xlsx");
    let csv =
        dir.join("health/ideacrew_enroll/conversion_employees__sample_conversion_employees.csv");
    let cell = |path: &Path, header: &str| {
        let src = Source::open(path).unwrap();
        let ws = Workspace::in_memory().unwrap();
        let pv = import::preview(&ws, &src, None, None).unwrap();
        let col = pv
            .layout
            .headers
            .iter()
            .position(|h| h == header)
            .expect("column");
        pv.rows[pv.layout.data_start - pv.layout.header_row][col].clone()
    };
    assert!(
        Source::open(&xlsx).unwrap().date1904(),
        "the workbook declares the 1904 date system"
    );
    for header in ["Subscriber DOB", "Benefit Begin Date", "Dep1 DOB"] {
        let from_csv = import::cell::parse_date(&import::cell::CellValue::Text(cell(&csv, header)))
            .unwrap()
            .unwrap();
        assert_eq!(
            cell(&xlsx, header),
            from_csv.format("%Y-%m-%d").to_string(),
            "{header}: 1904-system xlsx and its csv export agree"
        );
    }
    assert_eq!(cell(&xlsx, "Subscriber DOB"), "1962-06-14");
}

#[test]
fn cms_plan_attributes_import_as_plans() {
    let dir = corpus();
    let mut ws = Workspace::in_memory().unwrap();
    let csv = dir
        .join("health/cms_qhp_puf_2022_AmandaKnightKC/Plan_Attributes_PUF_2022.first2000lines.csv");
    let s = import(
        &mut ws,
        &csv,
        ImportOptions {
            kind: Some(Kind::Plans),
            skip_invalid: true,
            ..Default::default()
        },
    );
    assert!(s.rows_imported > 1000, "{s:?}");
    let (ded, av): (f64, Option<f64>) = ws.conn().query_row("SELECT deductible_individual, actuarial_value FROM plan WHERE deductible_individual > 0 AND actuarial_value IS NOT NULL LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert!(ded > 0.0 && av.unwrap() > 0.5 && av.unwrap() < 1.0);
    let xlsx = dir.join("health/cms_qhp_puf_delancey314/attr_unique.xlsx");
    let s = import(
        &mut ws,
        &xlsx,
        ImportOptions {
            kind: Some(Kind::Plans),
            skip_invalid: true,
            ..Default::default()
        },
    );
    assert!(s.rows_imported > 0, "{s:?}");
}

#[test]
fn corpus_failure_leaves_the_workspace_unchanged() {
    let dir = corpus();
    let mut ws = Workspace::in_memory().unwrap();
    let before = ws.data_fingerprint().unwrap();
    let err = import::import_file(
        &mut ws,
        &dir.join("calamine/issue252.xlsx"),
        &ImportOptions::default(),
        &Progress::default(),
    )
    .unwrap_err();
    assert!(!matches!(err, ImportError::Cancelled));
    assert_eq!(ws.data_fingerprint().unwrap(), before);
}

/// Binary workbooks stream cell by cell; each one read must give the rows the preview (a whole
/// sheet reading) shows.
#[test]
fn xlsb_workbooks_stream_the_same_rows_the_preview_shows() {
    let dir = corpus();
    let mut compared = 0;
    for f in files(&dir)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "xlsb"))
    {
        let ws = Workspace::in_memory().unwrap();
        let Ok(src) = Source::open(&f) else { continue };
        let Ok(pv) = import::preview(&ws, &src, None, None) else {
            continue;
        };
        let data: Vec<&Vec<String>> = pv.rows.iter().skip(1).collect();
        if data.len() >= 59 {
            continue;
        }
        let first_column_filled = data
            .iter()
            .filter(|r| r.first().is_some_and(|c| !c.trim().is_empty()))
            .count();
        let mut columns = vec![None; pv.width];
        columns[0] = Some("external_id".to_string());
        let mut ws = Workspace::in_memory().unwrap();
        let opts = ImportOptions {
            sheet: Some(pv.sheet.clone()),
            mapping: Some(import::Mapping {
                kind: Kind::Members,
                columns,
            }),
            purchaser: Some("Trust".into()),
            skip_invalid: true,
            dry_run: true,
            ..Default::default()
        };
        let outcome = import::import_source(&mut ws, &src, &opts, &Progress::default());
        if data.iter().all(|r| r.iter().all(|c| c.trim().is_empty())) {
            assert!(
                matches!(outcome, Err(ImportError::NoData { .. })),
                "{}",
                f.display()
            );
        } else {
            let s = outcome.unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            assert_eq!(s.rows_valid, first_column_filled, "{}", f.display());
        }
        compared += 1;
    }
    assert!(compared >= 3, "xlsb workbooks compared: {compared}");
}
