use super::*;
use crate::store::Workspace;
use std::io::Write;

fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("w.adesk")).unwrap();
    (dir, ws)
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    path
}

const HEADER: &str = "claim_id,claim_line_number,claim_type,member_id,claim_line_start_date,bill_type_code,revenue_center_code,place_of_service_code,hcpcs_code,allowed_amount,paid_amount\n";

fn opts() -> ClaimsOptions {
    ClaimsOptions {
        purchaser: Some("Acme".into()),
        ..Default::default()
    }
}

#[test]
fn a_tuva_medical_file_imports_with_its_categories() {
    let (dir, mut ws) = workspace();
    let file = write(
        dir.path(),
        "m.csv",
        &format!(
            "{HEADER}C1,1,professional,007,2025-03-02,,,11,99213,100.00,80.00\nC2,1,institutional,007,2025-03-05,131,0450,,,900.00,700.00\n"
        ),
    );
    let done = import_claims_file(&mut ws, &file, &opts(), &Progress::default()).unwrap();
    assert_eq!((done.rows_imported, done.kind), (2, ClaimFile::Medical));
    let cats: Vec<String> = ws
        .conn()
        .prepare("SELECT service_category FROM claim_line ORDER BY claim_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(cats, ["professional", "emergency"]);
}

#[test]
fn a_bad_row_in_a_strict_import_writes_nothing_and_names_row_and_column() {
    let (dir, mut ws) = workspace();
    let file = write(
        dir.path(),
        "m.csv",
        &format!(
            "{HEADER}C1,1,professional,007,2025-03-02,,,11,99213,100.00,80.00\nC2,1,professional,007,2025-13-45,,,11,99213,abc,1\n"
        ),
    );
    let err = import_claims_file(&mut ws, &file, &opts(), &Progress::default()).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("row 3") && text.contains("claim_line_start_date"),
        "{text}"
    );
    assert_eq!(ws.claim_counts().unwrap(), (0, 0));
}

#[test]
fn valid_rows_only_keeps_the_good_rows() {
    let (dir, mut ws) = workspace();
    let file = write(
        dir.path(),
        "m.csv",
        &format!(
            "{HEADER}C1,1,professional,007,2025-03-02,,,11,99213,100.00,80.00\nC2,1,professional,007,,,,11,99213,5,1\n"
        ),
    );
    let o = ClaimsOptions {
        skip_invalid: true,
        ..opts()
    };
    let done = import_claims_file(&mut ws, &file, &o, &Progress::default()).unwrap();
    assert_eq!((done.rows_imported, done.rows_rejected), (1, 1));
    assert_eq!(ws.claim_counts().unwrap(), (1, 0));
}

#[test]
fn negative_amounts_are_reversals_netted_in_the_sums() {
    let (dir, mut ws) = workspace();
    let file = write(
        dir.path(),
        "m.csv",
        &format!(
            "{HEADER}C1,1,professional,007,2025-03-02,,,11,99213,100.00,80.00\nC1,1,professional,007,2025-03-02,,,11,99213,-100.00,-80.00\n"
        ),
    );
    let done = import_claims_file(&mut ws, &file, &opts(), &Progress::default()).unwrap();
    assert_eq!(done.reversals, 1);
    assert_eq!(done.allowed_total, 0.0);
}

#[test]
fn member_ids_keep_their_leading_zeros() {
    let (dir, mut ws) = workspace();
    let file = write(
        dir.path(),
        "m.csv",
        &format!("{HEADER}C1,1,professional,000123,2025-03-02,,,11,99213,100.00,80.00\n"),
    );
    import_claims_file(&mut ws, &file, &opts(), &Progress::default()).unwrap();
    let id: String = ws
        .conn()
        .query_row("SELECT member_external_id FROM claim_line", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(id, "000123");
}

#[test]
fn a_member_nobody_knows_without_a_purchaser_is_a_problem() {
    let (dir, mut ws) = workspace();
    let file = write(
        dir.path(),
        "m.csv",
        &format!("{HEADER}C1,1,professional,999,2025-03-02,,,11,99213,100.00,80.00\n"),
    );
    let err = import_claims_file(
        &mut ws,
        &file,
        &ClaimsOptions::default(),
        &Progress::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("choose the purchaser"), "{err}");
}

#[test]
fn undoing_a_claims_import_removes_its_lines_and_sums() {
    let (dir, mut ws) = workspace();
    let file = write(
        dir.path(),
        "m.csv",
        &format!("{HEADER}C1,1,professional,007,2025-03-02,,,11,99213,100.00,80.00\n"),
    );
    let done = import_claims_file(&mut ws, &file, &opts(), &Progress::default()).unwrap();
    ws.undo_import(done.batch_id.unwrap()).unwrap();
    assert_eq!(ws.claim_counts().unwrap(), (0, 0));
    assert!(ws.claims_data().unwrap().cells.is_empty());
}

#[test]
fn a_file_that_is_not_claims_says_so() {
    let (dir, mut ws) = workspace();
    let file = write(dir.path(), "m.csv", "Employee ID,Plan,Tier\n1,PPO,EE\n");
    let err = import_claims_file(&mut ws, &file, &opts(), &Progress::default()).unwrap_err();
    assert!(matches!(err, ClaimsError::NotClaims { .. }), "{err}");
}

#[test]
fn a_parquet_file_with_a_corrupt_footer_is_refused_by_name() {
    let (dir, mut ws) = workspace();
    let mut bytes = b"PAR1".to_vec();
    bytes.extend_from_slice(&[7u8; 200]);
    bytes.extend_from_slice(b"PAR1");
    let path = dir.path().join("broken.parquet");
    std::fs::write(&path, bytes).unwrap();
    let err = import_claims_file(&mut ws, &path, &opts(), &Progress::default()).unwrap_err();
    assert!(
        err.to_string().contains("broken.parquet") && err.to_string().contains("footer"),
        "{err}"
    );
}

#[test]
fn compare_reads_members_claims_from_imported_lines_once_there_are_any() {
    let (dir, mut ws) = workspace();
    crate::generate::fill_workspace(
        &mut ws,
        crate::generate::GenerateOptions {
            members: 50,
            seed: 2,
        },
    )
    .unwrap();
    let census = ws.member_claims(None).unwrap();
    let member: String = ws
        .conn()
        .query_row(
            "SELECT external_id FROM member ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let file = write(
        dir.path(),
        "m.csv",
        &format!("{HEADER}C1,1,professional,{member},2026-03-02,,,11,99213,1234.00,1000.00\n"),
    );
    import_claims_file(
        &mut ws,
        &file,
        &ClaimsOptions::default(),
        &Progress::default(),
    )
    .unwrap();
    let from_claims = ws.member_claims(None).unwrap();
    assert_eq!(
        from_claims.len(),
        census.len(),
        "every census member counts"
    );
    assert!(from_claims.contains(&1234.0));
    // The member's purchaser's other members had no claims that year: $0 each.
    assert!(from_claims.iter().filter(|c| **c == 0.0).count() >= 1);
}

/// A two-line medical claims file in Parquet, as a warehouse would write it.
fn two_line_parquet(path: &Path) {
    let mut ws_dir = tempfile::tempdir().unwrap().keep();
    ws_dir.push("src.adesk");
    let mut ws = Workspace::create(&ws_dir).unwrap();
    let csv = write(
        ws_dir.parent().unwrap(),
        "m.csv",
        &format!(
            "{HEADER}C1,1,professional,007,2025-03-02,,,11,99213,100.00,80.00\nC2,1,professional,007,2025-03-05,,,11,99213,50.00,40.00\n"
        ),
    );
    import_claims_file(&mut ws, &csv, &opts(), &Progress::default()).unwrap();
    crate::report::parquet::export_table(&ws, "claim_line", path).unwrap();
}

#[test]
fn a_parquet_export_imports_back_with_the_same_lines() {
    let (dir, mut ws) = workspace();
    let path = dir.path().join("lines.parquet");
    two_line_parquet(&path);
    let done = import_claims_file(
        &mut ws,
        &path,
        &ClaimsOptions::default(),
        &Progress::default(),
    )
    .unwrap();
    assert_eq!((done.rows_imported, done.allowed_total), (2, 150.0));
    assert_eq!(done.format, ClaimsFormat::Parquet);
}

#[test]
fn a_parquet_file_declaring_a_billion_rows_it_does_not_hold_is_refused() {
    use parquet::file::metadata::{FileMetaData, ParquetMetaData, ParquetMetaDataWriter};
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let (dir, mut ws) = workspace();
    let path = dir.path().join("lines.parquet");
    two_line_parquet(&path);
    let bytes = std::fs::read(&path).unwrap();
    let meta_len = u32::from_le_bytes(bytes[bytes.len() - 8..bytes.len() - 4].try_into().unwrap());
    let footer_start = bytes.len() - 8 - meta_len as usize;
    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    let m = reader.metadata();
    let f = m.file_metadata();
    let billion = 1_000_000_000;
    let groups = m
        .row_groups()
        .iter()
        .map(|g| {
            g.clone()
                .into_builder()
                .set_num_rows(billion)
                .build()
                .unwrap()
        })
        .collect();
    let file = FileMetaData::new(f.version(), billion, None, None, f.schema_descr_ptr(), None);
    let lying = ParquetMetaData::new(file, groups);
    let mut out = bytes[..footer_start].to_vec();
    ParquetMetaDataWriter::new(&mut out, &lying)
        .finish()
        .unwrap();
    let liar = dir.path().join("billion.parquet");
    std::fs::write(&liar, &out).unwrap();
    let progress = Progress::default();
    let err = import_claims_file(&mut ws, &liar, &ClaimsOptions::default(), &progress).unwrap_err();
    assert_eq!(
        progress.rows_total.load(Ordering::Relaxed),
        billion as usize
    );
    assert!(
        err.to_string()
            .contains("ends before its declared row count"),
        "{err}"
    );
    assert_eq!(ws.claim_counts().unwrap(), (0, 0));
}

#[test]
fn a_parquet_file_of_something_else_is_not_claims() {
    let (dir, mut ws) = workspace();
    crate::generate::fill_workspace(
        &mut ws,
        crate::generate::GenerateOptions {
            members: 5,
            seed: 1,
        },
    )
    .unwrap();
    let path = dir.path().join("members.parquet");
    crate::report::parquet::export_table(&ws, "member", &path).unwrap();
    let err = import_claims_file(
        &mut ws,
        &path,
        &ClaimsOptions::default(),
        &Progress::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ClaimsError::NotClaims { .. }), "{err}");
    assert!(err.to_string().contains("members.parquet"), "{err}");
}

#[test]
fn dates_outside_1900_to_2100_are_problems_named_by_row() {
    let (dir, mut ws) = workspace();
    let file = write(
        dir.path(),
        "m.csv",
        &format!(
            "{HEADER}C1,1,professional,007,2525-03-02,,,11,99213,100.00,80.00\nC2,1,professional,007,1850-01-01,,,11,99213,5,1\n"
        ),
    );
    let o = ClaimsOptions {
        skip_invalid: true,
        ..opts()
    };
    let done = import_claims_file(&mut ws, &file, &o, &Progress::default()).unwrap();
    assert_eq!((done.rows_imported, done.rows_rejected), (0, 2));
    assert!(
        done.problems[0].problem.contains("out of range"),
        "{:?}",
        done.problems
    );
    assert_eq!(done.problems[1].row, 3);
}

#[test]
fn a_latin_1_field_is_read_not_refused() {
    let (dir, mut ws) = workspace();
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"C1,1,professional,007,2025-03-02,,,11,99213,100.00,80.00\n");
    bytes.extend_from_slice(b"C2,1,profession\xe9l,007,2025-03-02,,,11,99213,1.00,1.00\n");
    let path = dir.path().join("latin.csv");
    std::fs::write(&path, bytes).unwrap();
    let done = import_claims_file(&mut ws, &path, &opts(), &Progress::default()).unwrap();
    assert_eq!(done.rows_imported, 2);
}

#[test]
fn an_xlsx_of_claim_lines_with_a_title_row_imports() {
    let (dir, mut ws) = workspace();
    let path = dir.path().join("claims.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write(0, 0, "Claims paid, Q1 2025 (TPA export)")
        .unwrap();
    let header = [
        "Claim Number",
        "Employee ID",
        "Date of Service",
        "CPT",
        "POS",
        "Allowed Amt",
        "Paid Amt",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write(2, c as u16, *h).unwrap();
    }
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 2, 3).unwrap();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (r, (claim, allowed)) in [("A-1", 120.0), ("A-2", 80.5)].iter().enumerate() {
        let row = 3 + r as u32;
        sheet.write(row, 0, *claim).unwrap();
        sheet.write(row, 1, "00042").unwrap();
        sheet
            .write_datetime_with_format(row, 2, &date, &fmt)
            .unwrap();
        sheet.write(row, 3, 99213).unwrap();
        sheet.write(row, 4, 11).unwrap();
        sheet.write(row, 5, *allowed).unwrap();
        sheet.write(row, 6, allowed * 0.8).unwrap();
    }
    book.save(&path).unwrap();
    assert_eq!(
        sniff(&path),
        Some((ClaimsFormat::Workbook, ClaimFile::Medical))
    );
    let done = import_claims_file(&mut ws, &path, &opts(), &Progress::default()).unwrap();
    assert_eq!((done.rows_imported, done.allowed_total), (2, 200.5));
    let (id, code, date): (String, String, String) = ws
        .conn()
        .query_row(
            "SELECT member_external_id, hcpcs_code, start_date FROM claim_line LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (id.as_str(), code.as_str(), date.as_str()),
        ("00042", "99213", "2025-02-03")
    );
}

#[test]
fn undoing_one_of_two_imports_takes_its_part_off_the_members_totals() {
    let (dir, mut ws) = workspace();
    let a = write(
        dir.path(),
        "a.csv",
        &format!("{HEADER}C1,1,professional,007,2025-03-02,,,11,99213,8000.00,6000.00\n"),
    );
    let b = write(
        dir.path(),
        "b.csv",
        &format!("{HEADER}C2,1,professional,007,2025-04-02,,,11,99213,7000.00,5000.00\n"),
    );
    import_claims_file(&mut ws, &a, &opts(), &Progress::default()).unwrap();
    let second = import_claims_file(&mut ws, &b, &opts(), &Progress::default()).unwrap();
    let years = |ws: &Workspace| ws.claims_data().unwrap().member_years;
    assert_eq!(
        years(&ws)[0].allowed_usd,
        15_000.0,
        "over the $10,000 floor together"
    );
    ws.undo_import(second.batch_id.unwrap()).unwrap();
    assert!(years(&ws).is_empty(), "$8,000 alone is under the floor");
}

#[test]
fn title_lines_above_a_csv_header_are_passed_over() {
    let (dir, mut ws) = workspace();
    let file = write(
        dir.path(),
        "tpa.csv",
        &format!(
            "Acme TPA Claims Report\nRun 2025-04-01\n\n{HEADER}C1,1,professional,007,2025-03-02,,,11,99213,100.00,80.00\n"
        ),
    );
    assert_eq!(sniff(&file), Some((ClaimsFormat::Csv, ClaimFile::Medical)));
    let done = import_claims_file(&mut ws, &file, &opts(), &Progress::default()).unwrap();
    assert_eq!(done.rows_imported, 1);
}

fn two_employers_share_member_007(ws: &mut Workspace, dir: &Path) {
    let elig = write(
        dir,
        "elig.csv",
        "member_id,purchaser,plan,enrollment_start_date,enrollment_end_date\n007,Acme,PPO,2025-01-01,2025-06-30\n007,Beta,HMO,2025-07-01,\n",
    );
    crate::import::import_file(ws, &elig, &Default::default(), &Progress::default()).unwrap();
}

#[test]
fn a_member_id_two_employers_share_goes_to_the_one_covering_the_date() {
    let (dir, mut ws) = workspace();
    two_employers_share_member_007(&mut ws, dir.path());
    let file = write(
        dir.path(),
        "m.csv",
        &format!("{HEADER}C1,1,professional,007,2025-08-02,,,11,99213,100.00,80.00\n"),
    );
    import_claims_file(
        &mut ws,
        &file,
        &ClaimsOptions::default(),
        &Progress::default(),
    )
    .unwrap();
    let data = ws.claims_data().unwrap();
    assert_eq!(
        (
            data.cells[0].purchaser.as_str(),
            data.cells[0].plan_code.as_str()
        ),
        ("Beta", "HMO")
    );
}

#[test]
fn a_member_id_two_employers_share_on_an_uncovered_date_asks_for_the_purchaser() {
    let (dir, mut ws) = workspace();
    two_employers_share_member_007(&mut ws, dir.path());
    let file = write(
        dir.path(),
        "m.csv",
        &format!("{HEADER}C1,1,professional,007,2024-08-02,,,11,99213,100.00,80.00\n"),
    );
    let err = import_claims_file(
        &mut ws,
        &file,
        &ClaimsOptions::default(),
        &Progress::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("several purchasers"), "{err}");
}

#[test]
fn eligibility_imported_after_claims_is_flagged() {
    let (dir, mut ws) = workspace();
    let file = write(
        dir.path(),
        "m.csv",
        &format!("{HEADER}C1,1,professional,007,2025-03-02,,,11,99213,100.00,80.00\n"),
    );
    import_claims_file(&mut ws, &file, &opts(), &Progress::default()).unwrap();
    assert!(!ws.eligibility_after_claims().unwrap());
    two_employers_share_member_007(&mut ws, dir.path());
    assert!(ws.eligibility_after_claims().unwrap());
}

/// `n` professional lines for members 001–010, the purchaser named on each line.
fn named_lines(n: usize, purchaser: impl Fn(usize) -> &'static str) -> String {
    let mut text = String::from(
        "claim_id,claim_line_number,claim_type,member_id,employer,claim_line_start_date,allowed_amount,paid_amount\n",
    );
    for i in 0..n {
        let who = purchaser(i);
        text.push_str(&format!(
            "C{i},1,professional,{:03},{who},2025-03-02,10.00,8.00\n",
            i % 10 + 1
        ));
    }
    text
}

#[test]
fn lines_over_many_batches_naming_new_purchasers_are_all_stored_and_linked() {
    let (dir, mut ws) = workspace();
    let n = 10_000;
    let text = named_lines(n, |i| if i < 7_000 { "Acme" } else { "Borealis" });
    let file = write(dir.path(), "m.csv", &text);
    let no_default = ClaimsOptions::default();
    let done = import_claims_file(&mut ws, &file, &no_default, &Progress::default()).unwrap();
    assert_eq!(done.rows_imported, n as u64);
    let by_purchaser: Vec<(String, i64, f64)> = ws
        .conn()
        .prepare(
            "SELECT p.name, count(*), sum(c.allowed_amount) FROM claim_line c
             JOIN purchaser p ON p.id = c.purchaser_id GROUP BY p.name ORDER BY p.name",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        by_purchaser,
        [
            ("Acme".into(), 7_000, 70_000.0),
            ("Borealis".into(), 3_000, 30_000.0)
        ]
    );
}

#[test]
fn a_line_the_store_refuses_stops_the_import_and_writes_nothing() {
    let (dir, mut ws) = workspace();
    ws.conn()
        .execute_batch(
            "CREATE TEMP TRIGGER refuse BEFORE INSERT ON claim_line WHEN NEW.claim_id = 'C9000'
             BEGIN SELECT RAISE(ABORT, 'the store refused C9000'); END;",
        )
        .unwrap();
    let file = write(dir.path(), "m.csv", &named_lines(20_000, |_| "Acme"));
    let err = import_claims_file(
        &mut ws,
        &file,
        &ClaimsOptions::default(),
        &Progress::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("the store refused C9000"), "{err}");
    let stored: i64 = ws
        .conn()
        .query_row("SELECT count(*) FROM claim_line", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 0);
}

#[test]
fn a_cancelled_import_writes_nothing() {
    let (dir, mut ws) = workspace();
    let file = write(dir.path(), "m.csv", &named_lines(5_000, |_| "Acme"));
    let progress = Progress::default();
    progress.cancel.store(true, Ordering::Relaxed);
    let err = import_claims_file(&mut ws, &file, &ClaimsOptions::default(), &progress);
    assert!(matches!(err, Err(ClaimsError::Cancelled)), "{err:?}");
    let stored: i64 = ws
        .conn()
        .query_row("SELECT count(*) FROM claim_line", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 0);
}
