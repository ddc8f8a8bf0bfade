//! Awkward workbooks written by the tests themselves, each with a precise expected outcome.

use alliance_desk::import::{self, ImportError, ImportOptions, ImportSummary, Kind, Progress};
use alliance_desk::store::Workspace;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use std::io::Write;
use std::path::{Path, PathBuf};

struct Case {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn xlsx(name: &str, build: impl FnOnce(&mut Workbook)) -> Case {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    let mut wb = Workbook::new();
    build(&mut wb);
    wb.save(&path).unwrap();
    Case { _dir: dir, path }
}

fn bytes_file(name: &str, bytes: &[u8]) -> Case {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    Case { _dir: dir, path }
}

/// A workspace with the plans the census rows refer to.
fn workspace() -> Workspace {
    let mut ws = Workspace::in_memory().unwrap();
    ws.write(|tx| {
        tx.execute(
            "INSERT INTO plan(code, name) VALUES ('PPO500', 'PPO 500'), ('HMO250', 'HMO 250')",
            [],
        )?;
        Ok::<_, rusqlite::Error>(())
    })
    .unwrap();
    ws
}

fn run(ws: &mut Workspace, path: &Path, opts: ImportOptions) -> Result<ImportSummary, ImportError> {
    import::import_file(ws, path, &opts, &Progress::default())
}

fn strict(ws: &mut Workspace, path: &Path) -> Result<ImportSummary, ImportError> {
    run(ws, path, ImportOptions::default())
}

/// Imports the valid rows and reports the rest.
fn lenient(ws: &mut Workspace, path: &Path) -> Result<ImportSummary, ImportError> {
    run(
        ws,
        path,
        ImportOptions {
            skip_invalid: true,
            ..Default::default()
        },
    )
}

fn one<T: rusqlite::types::FromSql>(ws: &Workspace, sql: &str) -> T {
    ws.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn census_header(ws: &mut rust_xlsxwriter::Worksheet, row: u32) {
    for (c, h) in [
        "Employee ID",
        "Employer",
        "Medical Plan",
        "Coverage Level",
        "Date of Birth",
        "Annual Salary",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(row, c as u16, *h).unwrap();
    }
}

#[test]
fn title_rows_merged_headers_and_a_totals_row() {
    let case = xlsx("census.xlsx", |wb| {
        let ws = wb.add_worksheet();
        ws.merge_range(0, 0, 0, 5, "Northstar HRIS export", &Format::new())
            .unwrap();
        ws.merge_range(2, 0, 2, 1, "Employee", &Format::new())
            .unwrap();
        ws.merge_range(2, 2, 2, 3, "Coverage", &Format::new())
            .unwrap();
        census_header(ws, 3);
        for i in 0..3u32 {
            ws.write_string(4 + i, 0, format!("00{i}")).unwrap();
            ws.write_string(4 + i, 1, "Northstar").unwrap();
            ws.write_string(4 + i, 2, "PPO500").unwrap();
            ws.write_string(4 + i, 3, "EE+SP").unwrap();
            ws.write_number(4 + i, 5, 50_000.0).unwrap();
        }
        ws.write_string(7, 0, "Total").unwrap();
        ws.write_number(7, 5, 150_000.0).unwrap();
    });
    let mut ws = workspace();
    let s = strict(&mut ws, &case.path).unwrap();
    assert_eq!(
        (s.header_row, s.rows_imported, s.kind),
        (4, 3, Kind::Members)
    );
    assert_eq!(
        one::<String>(&ws, "SELECT group_concat(tier) FROM member"),
        "ES,ES,ES"
    );
}

#[test]
fn money_percent_and_missing_spellings_are_parsed() {
    let case = xlsx("plans.xlsx", |wb| {
        let ws = wb.add_worksheet();
        for (c, h) in [
            "Plan Code",
            "Plan Name",
            "Deductible",
            "Coinsurance",
            "OOP Max",
            "PCP Copay",
            "Actuarial Value",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        let rows = [
            ["A", "Plan A", "$1,234.50", "20%", "$6,000", "N/A", "70.12%"],
            ["B", "Plan B", "500", "0.1", "3000", "#N/A", ""],
        ];
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
            }
        }
    });
    let mut ws = workspace();
    strict(&mut ws, &case.path).unwrap();
    let (ded, coins, oop, pcp, av): (f64, f64, f64, f64, f64) = ws
        .conn()
        .query_row("SELECT deductible_individual, coinsurance, oop_max_individual, pcp_copay, actuarial_value FROM plan WHERE code = 'A'", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap();
    assert_eq!((ded, coins, oop, pcp), (1234.5, 0.2, 6000.0, 0.0));
    assert!((av - 0.7012).abs() < 1e-12);
    assert_eq!(
        one::<Option<f64>>(&ws, "SELECT actuarial_value FROM plan WHERE code = 'B'"),
        None
    );
}

#[test]
fn negative_amount_in_parentheses_is_reported_for_a_deductible() {
    let case = xlsx("neg.xlsx", |wb| {
        let ws = wb.add_worksheet();
        for (c, h) in ["Plan Code", "Plan Name", "Deductible"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_string(1, 0, "A").unwrap();
        ws.write_string(1, 1, "A").unwrap();
        ws.write_string(1, 2, "(1,234.50)").unwrap();
    });
    let Err(ImportError::Rejected(s)) = strict(&mut workspace(), &case.path) else {
        panic!("must be rejected")
    };
    assert_eq!(s.problems[0].row, 2);
    assert_eq!(s.problems[0].column, "C (Deductible)");
    assert_eq!(s.problems[0].value, "(1,234.50)");
    assert_eq!(
        s.problems[0].problem,
        "Deductible, individual ($) cannot be negative"
    );
}

#[test]
fn serial_dates_text_dates_and_leading_zero_ids() {
    let case = xlsx("dates.xlsx", |wb| {
        let ws = wb.add_worksheet();
        census_header(ws, 0);
        ws.write_string(1, 0, "000123").unwrap();
        ws.write_string(1, 1, "Lakeview").unwrap();
        ws.write_datetime_with_format(
            1,
            4,
            ExcelDateTime::from_ymd(1980, 2, 29).unwrap(),
            &Format::new().set_num_format("mm/dd/yyyy"),
        )
        .unwrap();
        ws.write_string(2, 0, "000124").unwrap();
        ws.write_string(2, 1, "Lakeview").unwrap();
        ws.write_string(2, 4, "03/15/1975").unwrap();
        ws.write_string(3, 0, "000125").unwrap();
        ws.write_string(3, 1, "Lakeview").unwrap();
        ws.write_number(3, 4, 29_221.0).unwrap(); // serial without a date format: 1980-01-01
    });
    let mut ws = workspace();
    strict(&mut ws, &case.path).unwrap();
    assert_eq!(
        one::<String>(
            &ws,
            "SELECT group_concat(external_id || '=' || birth_date, ' ') FROM member ORDER BY external_id"
        ),
        "000123=1980-02-29 000124=1975-03-15 000125=1980-01-01"
    );
    assert_eq!(
        one::<Option<i64>>(&ws, "SELECT count(plan_id) FROM member"),
        Some(0),
        "members without a plan are kept with no plan"
    );
}

/// Rewrites a saved workbook so that it counts days from 1904, as old Mac Excel did
/// (rust_xlsxwriter writes only the 1900 system).
fn mark_1904(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut body = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut body).unwrap();
        if name == "xl/workbook.xml" {
            let xml = String::from_utf8(body).unwrap();
            assert!(xml.contains("<workbookPr "), "no workbookPr in {xml}");
            body = xml
                .replace("<workbookPr ", "<workbookPr date1904=\"1\" ")
                .into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(&body).unwrap();
    }
    zout.finish().unwrap();
}

#[test]
fn a_1904_workbook_reads_plain_and_formatted_serial_dates_on_its_own_base() {
    // 25,000 days after 1904-01-01 is 1972-06-12; on the 1900 base it would be 1968-06-11.
    let case = xlsx("mac-1904.xlsx", |wb| {
        let ws = wb.add_worksheet();
        census_header(ws, 0);
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (row, id) in [(1, "A1"), (2, "A2")] {
            ws.write_string(row, 0, id).unwrap();
            ws.write_string(row, 1, "Lakeview").unwrap();
        }
        ws.write_number_with_format(1, 4, 25_000.0, &date).unwrap();
        ws.write_number(2, 4, 25_000.0).unwrap();
    });
    mark_1904(&case.path);
    let mut ws = workspace();
    strict(&mut ws, &case.path).unwrap();
    assert_eq!(
        one::<String>(
            &ws,
            "SELECT group_concat(external_id || '=' || birth_date, ' ') FROM (SELECT * FROM member ORDER BY external_id)"
        ),
        "A1=1972-06-12 A2=1972-06-12"
    );
}

#[test]
fn empty_sheet_is_refused_naming_the_sheet() {
    let case = xlsx("empty.xlsx", |wb| {
        wb.add_worksheet().set_name("Blank").unwrap();
    });
    let err = strict(&mut workspace(), &case.path).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}, sheet 'Blank': no header row found (the sheet is empty or has no column titles)",
            case.path.display()
        )
    );
}

#[test]
fn header_only_sheet_is_refused() {
    let case = xlsx("header.xlsx", |wb| census_header(wb.add_worksheet(), 0));
    assert!(matches!(
        strict(&mut workspace(), &case.path),
        Err(ImportError::NoData { .. })
    ));
}

#[test]
fn duplicate_and_unknown_headers_are_ignored() {
    let case = xlsx("dups.xlsx", |wb| {
        let ws = wb.add_worksheet();
        for (c, h) in ["Member ID", "Member ID", "Employer", "Favourite Colour"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (c, v) in ["A1", "B1", "Trust", "blue"].iter().enumerate() {
            ws.write_string(1, c as u16, *v).unwrap();
        }
    });
    let mut ws = workspace();
    let s = strict(&mut ws, &case.path).unwrap();
    assert_eq!(
        s.mapping.columns,
        vec![
            Some("external_id".into()),
            None,
            Some("purchaser".into()),
            None
        ]
    );
    assert_eq!(one::<String>(&ws, "SELECT external_id FROM member"), "A1");
}

fn census_with_one_bad_salary() -> Case {
    xlsx("bad.xlsx", |wb| {
        let ws = wb.add_worksheet();
        census_header(ws, 0);
        for (r, salary) in ["52000", "abc", "61000"].iter().enumerate() {
            ws.write_string(r as u32 + 1, 0, format!("E{r}")).unwrap();
            ws.write_string(r as u32 + 1, 1, "Trust").unwrap();
            ws.write_string(r as u32 + 1, 5, *salary).unwrap();
        }
    })
}

#[test]
fn wrong_type_rejects_the_whole_file_by_default() {
    let case = census_with_one_bad_salary();
    let mut ws = workspace();
    let before = ws.data_fingerprint().unwrap();
    let Err(ImportError::Rejected(s)) = strict(&mut ws, &case.path) else {
        panic!("must be rejected")
    };
    assert_eq!((s.rows_valid, s.rows_rejected), (2, 1));
    let p = &s.problems[0];
    assert_eq!(
        (
            p.row,
            p.column.as_str(),
            p.value.as_str(),
            p.problem.as_str()
        ),
        (3, "F (Annual Salary)", "abc", "'abc' is not an amount")
    );
    assert_eq!(ws.data_fingerprint().unwrap(), before, "nothing written");
}

#[test]
fn skip_invalid_imports_the_valid_rows_and_lists_the_rest() {
    let case = census_with_one_bad_salary();
    let mut ws = workspace();
    let s = lenient(&mut ws, &case.path).unwrap();
    assert_eq!(
        (s.rows_imported, s.rows_rejected, s.problems.len()),
        (2, 1, 1)
    );
    assert_eq!(one::<i64>(&ws, "SELECT count(*) FROM member"), 2);
}

#[test]
fn dates_out_of_range_are_reported() {
    let case = xlsx("range.xlsx", |wb| {
        let ws = wb.add_worksheet();
        census_header(ws, 0);
        ws.write_string(1, 0, "E1").unwrap();
        ws.write_string(1, 1, "Trust").unwrap();
        ws.write_string(1, 4, "12/31/9999").unwrap();
    });
    let Err(ImportError::Rejected(s)) = strict(&mut workspace(), &case.path) else {
        panic!()
    };
    assert_eq!(
        s.problems[0].problem,
        "date 9999-12-31 is out of range (1900–2100)"
    );
}

#[test]
fn formulas_read_their_cached_values_and_error_cells_are_reported() {
    let case = xlsx("formulas.xlsx", |wb| {
        let ws = wb.add_worksheet();
        census_header(ws, 0);
        for r in 1..=2u32 {
            ws.write_string(r, 0, format!("E{r}")).unwrap();
            ws.write_string(r, 1, "Trust").unwrap();
        }
        ws.write_formula(1, 5, Formula::new("=4000*12").set_result("48000"))
            .unwrap();
        ws.write_formula(2, 5, Formula::new("=1/0").set_result("#DIV/0!"))
            .unwrap();
    });
    let mut ws = workspace();
    let s = lenient(&mut ws, &case.path).unwrap();
    assert_eq!(
        one::<f64>(
            &ws,
            "SELECT annual_salary FROM member WHERE external_id = 'E1'"
        ),
        48_000.0
    );
    assert_eq!(s.rows_rejected, 1);
    assert!(s.problems[0].problem.contains("DIV"), "{:?}", s.problems[0]);
}

#[test]
fn very_wide_sheet_imports() {
    let case = xlsx("wide.xlsx", |wb| {
        let ws = wb.add_worksheet();
        census_header(ws, 0);
        for c in 6..3_000u16 {
            ws.write_string(0, c, format!("Extra {c}")).unwrap();
            ws.write_number(1, c, c as f64).unwrap();
        }
        ws.write_string(1, 0, "W1").unwrap();
        ws.write_string(1, 1, "Trust").unwrap();
    });
    let mut ws = workspace();
    assert_eq!(strict(&mut ws, &case.path).unwrap().rows_imported, 1);
}

#[test]
fn a_full_sheet_of_1048576_rows_imports() {
    let case = xlsx("full.xlsx", |wb| {
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "Member ID").unwrap();
        ws.write_string(0, 1, "Employer").unwrap();
        for r in 1..1_048_576u32 {
            ws.write_number(r, 0, r as f64).unwrap();
            ws.write_string(r, 1, "Trust").unwrap();
        }
    });
    let mut ws = workspace();
    let s = strict(&mut ws, &case.path).unwrap();
    assert_eq!(s.rows_imported, 1_048_575);
    assert_eq!(
        one::<String>(
            &ws,
            "SELECT max(external_id) FROM member WHERE external_id = '1048575'"
        ),
        "1048575"
    );
}

#[test]
fn windows_1252_csv_is_decoded() {
    let mut bytes = b"Member ID;Employer;ZIP\n001;Caf".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b" Nordique;2134\n");
    let case = bytes_file("latin.csv", &bytes);
    let mut ws = workspace();
    strict(&mut ws, &case.path).unwrap();
    assert_eq!(
        one::<String>(&ws, "SELECT name FROM purchaser"),
        "Café Nordique"
    );
    assert_eq!(
        one::<String>(&ws, "SELECT zip FROM member"),
        "02134",
        "ZIP keeps its leading zero"
    );
}

#[test]
fn truncated_xlsx_is_refused_and_nothing_changes() {
    let good = census_with_one_bad_salary();
    let bytes = std::fs::read(&good.path).unwrap();
    let case = bytes_file("cut.xlsx", &bytes[..bytes.len() / 2]);
    let mut ws = workspace();
    let before = ws.data_fingerprint().unwrap();
    let err = strict(&mut ws, &case.path).unwrap_err().to_string();
    assert!(err.contains("cut.xlsx") && err.contains("damaged"), "{err}");
    assert_eq!(ws.data_fingerprint().unwrap(), before);
}

#[test]
fn password_protected_workbook_is_refused() {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend(vec![0u8; 512]);
    bytes.extend(
        "EncryptionInfo"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    let case = bytes_file("locked.xlsx", &bytes);
    let err = strict(&mut workspace(), &case.path)
        .unwrap_err()
        .to_string();
    assert!(err.contains("password-protected"), "{err}");
}

#[test]
fn renamed_pdf_is_refused() {
    let case = bytes_file("rates.xlsx", b"%PDF-1.7\n1 0 obj <<>> endobj\n");
    let err = strict(&mut workspace(), &case.path)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!(
            "{}: this is a PDF document, not a spreadsheet",
            case.path.display()
        )
    );
}

#[test]
fn zip_bomb_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..64 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    let err = strict(&mut workspace(), &path).unwrap_err().to_string();
    assert!(err.contains("zip bomb"), "{err}");
}

fn family_census() -> Case {
    census_of_families(&[
        ("F1", "Employee"),
        ("F1", "Spouse"),
        ("F1", "Child"),
        ("F2", "Self"),
        ("F3", "employee"),
        ("F3", "child"),
        ("F4", "Employee"),
        ("F4", "Spouse"),
    ])
}

fn census_of_families(rows: &[(&str, &str)]) -> Case {
    xlsx("families.xlsx", |wb| {
        let ws = wb.add_worksheet();
        for (c, h) in ["Family ID", "Relationship", "DOB"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (r, (id, rel)) in rows.iter().enumerate() {
            ws.write_string(r as u32 + 1, 0, *id).unwrap();
            ws.write_string(r as u32 + 1, 1, *rel).unwrap();
        }
    })
}

#[test]
fn census_without_employer_needs_a_purchaser() {
    let case = family_census();
    let Err(ImportError::Rejected(s)) = strict(&mut workspace(), &case.path) else {
        panic!()
    };
    assert!(
        s.problems[0].problem.contains("no employer column"),
        "{:?}",
        s.problems[0]
    );
}

#[test]
fn dependents_roll_up_into_one_subscriber_with_a_derived_tier() {
    let case = family_census();
    let mut ws = workspace();
    let s = run(
        &mut ws,
        &case.path,
        ImportOptions {
            purchaser: Some("Harbor County".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((s.rows_imported, s.dependents_rolled_up), (4, 4));
    assert_eq!(
        one::<String>(
            &ws,
            "SELECT group_concat(external_id || ':' || tier, ' ') FROM (SELECT * FROM member ORDER BY external_id)"
        ),
        "F1:FAM F2:EE F3:EC F4:ES"
    );
    assert_eq!(
        one::<String>(&ws, "SELECT name FROM purchaser"),
        "Harbor County"
    );
}

#[test]
fn undo_removes_every_row_of_the_batch() {
    let case = census_with_one_bad_salary();
    let mut ws = workspace();
    let before = ws.data_fingerprint().unwrap();
    let s = lenient(&mut ws, &case.path).unwrap();
    ws.undo_import(s.batch_id.unwrap()).unwrap();
    assert_eq!(ws.data_fingerprint().unwrap(), before);
    assert!(ws.import_history().unwrap().is_empty());
}

#[test]
fn undo_keeps_a_purchaser_that_a_later_import_uses() {
    let case = census_with_one_bad_salary();
    let mut ws = workspace();
    let first = lenient(&mut ws, &case.path).unwrap();
    let other = bytes_file("more.csv", b"Member ID,Employer\nZ9,Trust\n");
    run(&mut ws, &other.path, ImportOptions::default()).unwrap();
    ws.undo_import(first.batch_id.unwrap()).unwrap();
    assert_eq!(
        one::<String>(&ws, "SELECT group_concat(external_id) FROM member"),
        "Z9"
    );
}

#[test]
fn reimporting_the_same_file_is_flagged() {
    let case = census_with_one_bad_salary();
    let mut ws = workspace();
    let first = lenient(&mut ws, &case.path).unwrap();
    let second = lenient(&mut ws, &case.path).unwrap();
    assert_eq!(
        (first.duplicate_of, second.duplicate_of),
        (None, first.batch_id)
    );
}

#[test]
fn corrected_mapping_is_remembered_for_the_same_headers() {
    let case = bytes_file("odd.csv", b"Ref,Org\n1,Trust\n");
    let mut ws = workspace();
    let mapping = import::Mapping {
        kind: Kind::Members,
        columns: vec![Some("external_id".into()), Some("purchaser".into())],
    };
    run(
        &mut ws,
        &case.path,
        ImportOptions {
            mapping: Some(mapping.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    let src = import::Source::open(&case.path).unwrap();
    let pv = import::preview(&ws, &src, None, None).unwrap();
    assert!(pv.remembered);
    assert_eq!(pv.mapping, mapping);
}

#[test]
fn problems_name_the_sheet_row_and_column_when_the_table_does_not_start_at_a1() {
    let case = xlsx("offset.xlsx", |wb| {
        let ws = wb.add_worksheet();
        for (c, h) in ["Employee ID", "Employer", "Annual Salary"]
            .iter()
            .enumerate()
        {
            ws.write_string(4, c as u16 + 2, *h).unwrap();
        }
        ws.write_string(5, 2, "E1").unwrap();
        ws.write_string(5, 3, "Trust").unwrap();
        ws.write_string(5, 4, "lots").unwrap();
    });
    let Err(ImportError::Rejected(s)) = strict(&mut workspace(), &case.path) else {
        panic!()
    };
    assert_eq!(
        (
            s.header_row,
            s.problems[0].row,
            s.problems[0].column.as_str()
        ),
        (5, 6, "E (Annual Salary)")
    );
}

/// Headers no synonym knows, with the table at C5 rather than A1.
fn odd_headers_census(name: &str, ids: &[&str]) -> Case {
    xlsx(name, |wb| {
        let ws = wb.add_worksheet();
        for (c, h) in ["Ref", "Org", "Pay"].iter().enumerate() {
            ws.write_string(4, c as u16 + 2, *h).unwrap();
        }
        for (r, id) in ids.iter().enumerate() {
            let row = 5 + r as u32;
            ws.write_string(row, 2, *id).unwrap();
            ws.write_string(row, 3, "Trust").unwrap();
            ws.write_number(row, 4, 50_000.0 + r as f64).unwrap();
        }
    })
}

#[test]
fn corrected_mapping_imports_an_xlsx_and_is_reused_for_the_next_file_with_those_headers() {
    let mut ws = workspace();
    let mapping = import::Mapping {
        kind: Kind::Members,
        columns: vec![
            Some("external_id".into()),
            Some("purchaser".into()),
            Some("annual_salary".into()),
        ],
    };
    let january = odd_headers_census("january.xlsx", &["007", "008"]);
    let opts = ImportOptions {
        mapping: Some(mapping),
        purchaser: None,
        ..Default::default()
    };
    let first = run(&mut ws, &january.path, opts).unwrap();
    let february = odd_headers_census("february.xlsx", &["009", "010", "011"]);
    let second = strict(&mut ws, &february.path).unwrap();
    assert_eq!(
        (first.rows_imported, second.rows_imported, second.kind),
        (2, 3, Kind::Members)
    );
    let ids: String = one(
        &ws,
        "SELECT group_concat(external_id || ':' || annual_salary, ',') FROM member ORDER BY id",
    );
    assert_eq!(
        ids,
        "007:50000.0,008:50001.0,009:50000.0,010:50001.0,011:50002.0"
    );
}

fn for_harbor_county(skip_invalid: bool) -> ImportOptions {
    ImportOptions {
        purchaser: Some("Harbor County".into()),
        skip_invalid,
        ..Default::default()
    }
}

#[test]
fn dependents_listed_before_their_employee_still_set_the_tier() {
    let case = census_of_families(&[("F1", "Child"), ("F1", "Spouse"), ("F1", "Employee")]);
    let mut ws = workspace();
    let s = run(&mut ws, &case.path, for_harbor_county(false)).unwrap();
    assert_eq!((s.rows_imported, s.dependents_rolled_up), (1, 2));
    assert_eq!(one::<String>(&ws, "SELECT tier FROM member"), "FAM");
}

#[test]
fn a_dependent_without_an_employee_row_rejects_a_strict_import() {
    let case = census_of_families(&[("F1", "Employee"), ("F2", "Spouse")]);
    let mut ws = workspace();
    let Err(ImportError::Rejected(s)) = run(&mut ws, &case.path, for_harbor_county(false)) else {
        panic!("a strict import with an orphan dependent must be rejected")
    };
    assert_eq!(
        (
            s.rows_rejected,
            s.problems[0].row,
            s.problems[0].problem.as_str()
        ),
        (1, 3, "dependent of family F2 has no employee row")
    );
    assert_eq!(one::<i64>(&ws, "SELECT count(*) FROM member"), 0);
}

#[test]
fn a_dependent_without_an_employee_row_is_left_out_of_a_lenient_import() {
    let case = census_of_families(&[("F1", "Employee"), ("F1", "Child"), ("F2", "Spouse")]);
    let mut ws = workspace();
    let s = run(&mut ws, &case.path, for_harbor_county(true)).unwrap();
    assert_eq!((s.rows_imported, s.rows_valid, s.rows_rejected), (1, 2, 1));
    assert_eq!(
        one::<String>(&ws, "SELECT external_id || ':' || tier FROM member"),
        "F1:EC"
    );
}

#[test]
fn a_census_with_dependents_over_the_bulk_size_streams_and_rolls_up() {
    let mut rows = Vec::new();
    let ids: Vec<String> = (0..12_000).map(|i| format!("F{i:05}")).collect();
    for (i, id) in ids.iter().enumerate() {
        rows.push((id.as_str(), "Employee"));
        if i % 3 == 0 {
            rows.push((id.as_str(), "Spouse"));
        }
        if i % 2 == 0 {
            rows.push((id.as_str(), "Child"));
        }
    }
    let case = census_of_families(&rows);
    let mut ws = workspace();
    let s = run(&mut ws, &case.path, for_harbor_county(false)).unwrap();
    assert_eq!(s.rows_imported, 12_000);
    let tiers: String = one(
        &ws,
        "SELECT group_concat(tier || '=' || n, ' ') FROM
           (SELECT tier, count(*) n FROM member GROUP BY tier ORDER BY tier)",
    );
    // Of 12,000 families: both spouse and child every 6th, spouse only 1 in 6, child only 2 in 6.
    assert_eq!(tiers, "EC=4000 EE=4000 ES=2000 FAM=2000");
}

#[test]
fn a_long_csv_reports_a_bad_value_on_its_own_line_and_writes_nothing() {
    let mut text = String::from("Employee ID,Employer,Annual Salary\n");
    for i in 0..5_000 {
        let salary = if i == 4_321 {
            "lots".to_string()
        } else {
            format!("{}", 40_000 + i)
        };
        text.push_str(&format!("E{i:05},Trust,{salary}\n"));
    }
    let case = bytes_file("long.csv", text.as_bytes());
    let mut ws = workspace();
    let Err(ImportError::Rejected(s)) = strict(&mut ws, &case.path) else {
        panic!("the bad salary must reject the import")
    };
    // Line 1 is the header, so the 4,322nd record sits on line 4,323.
    assert_eq!(
        (
            s.rows_valid,
            s.rows_rejected,
            s.problems[0].row,
            s.problems[0].value.as_str()
        ),
        (4_999, 1, 4_323, "lots")
    );
    assert_eq!(one::<i64>(&ws, "SELECT count(*) FROM member"), 0);
}

#[test]
fn a_cancelled_import_writes_nothing() {
    let case = census_with_one_bad_salary();
    let mut ws = workspace();
    let progress = Progress::default();
    progress
        .cancel
        .store(true, std::sync::atomic::Ordering::Relaxed);
    let outcome = import::import_file(&mut ws, &case.path, &ImportOptions::default(), &progress);
    assert!(
        matches!(outcome, Err(ImportError::Cancelled)),
        "{outcome:?}"
    );
    assert_eq!(
        one::<i64>(
            &ws,
            "SELECT (SELECT count(*) FROM member) + (SELECT count(*) FROM import_batch)"
        ),
        0
    );
}

fn census_rows(name: &str, rows: u32, totals: bool) -> Case {
    xlsx(name, |wb| {
        let ws = wb.add_worksheet();
        census_header(ws, 0);
        for r in 1..=rows {
            ws.write_string(r, 0, format!("E{r:05}")).unwrap();
            ws.write_string(r, 1, "Trust").unwrap();
        }
        if totals {
            ws.write_string(rows + 1, 0, "Total").unwrap();
            ws.write_number(rows + 1, 5, 1.0).unwrap();
        }
    })
}

#[test]
fn a_large_sheet_previews_from_its_first_rows_with_an_estimated_extent() {
    let case = census_rows("large.xlsx", 5_000, false);
    let src = import::Source::open(&case.path).unwrap();
    let pv = import::preview(&workspace(), &src, None, None).unwrap();
    assert!(pv.extent_estimated);
    assert_eq!(pv.layout.data_end - pv.layout.data_start, 5_000);
    assert_eq!(pv.rows[1][0], "E00001");
}

#[test]
fn a_small_sheet_previews_whole_with_an_exact_extent_above_its_totals_row() {
    let case = census_rows("small.xlsx", 30, true);
    let src = import::Source::open(&case.path).unwrap();
    let pv = import::preview(&workspace(), &src, None, None).unwrap();
    assert!(!pv.extent_estimated);
    assert_eq!(pv.layout.data_end - pv.layout.data_start, 30);
}

#[test]
fn a_list_with_one_familiar_header_is_not_guessed_into_a_kind() {
    let case = bytes_file(
        "contents.csv",
        b"Name,Description\nApplications,Count of applications\nEnrollees,Count of enrollees\n",
    );
    let mut ws = workspace();
    let err = import::import_file(
        &mut ws,
        &case.path,
        &ImportOptions::default(),
        &Progress::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::UnclearKind { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("only the column 'Name' looks familiar")
    );
    let named = ImportOptions {
        kind: Some(Kind::Providers),
        ..Default::default()
    };
    import::import_file(&mut ws, &case.path, &named, &Progress::default()).unwrap();
}

#[test]
fn measures_without_a_weight_get_the_weight_that_reset_applies() {
    let case = bytes_file(
        "measures.csv",
        b"Measure Code,Measure Name,Domain,Higher Is Better\n\
          CAHPS,Rating of health plan,experience,Y\n\
          HBP,Controlling high blood pressure,outcomes,Y\n\
          BCS,Breast cancer screening,process,Y\n",
    );
    let mut ws = workspace();
    run(
        &mut ws,
        &case.path,
        ImportOptions {
            kind: Some(Kind::Measures),
            ..Default::default()
        },
    )
    .unwrap();
    let weights = one::<String>(
        &ws,
        "SELECT group_concat(code || '=' || weight, ' ') FROM (SELECT * FROM measure ORDER BY code)",
    );
    assert_eq!(weights, "BCS=1.0 CAHPS=2.0 HBP=3.0");
    for (domain, weight) in [("experience", 2.0), ("outcomes", 3.0), ("process", 1.0)] {
        assert_eq!(alliance_desk::model::quality::cms_weight(domain), weight);
    }
}

/// Tuva's eligibility layout: the kind is recognised, leading zeros kept, an open end and
/// 9999-12-31 both read, and the purchaser given for a file without an employer column.
const TUVA_ELIGIBILITY: &str = "person_id,member_id,payer,plan,coverage_tier,enrollment_start_date,enrollment_end_date\n\
P1,000123,Acme Health,PPO500,EE+SP,2025-01-01,2025-12-31\n\
P1,000123,Acme Health,HMO250,EE+SP,01/01/2026,\n\
P2,000456,Acme Health,HMO250,,2024-07-01,9999-12-31\n";

#[test]
fn tuva_eligibility_spans_are_recognised_and_keep_member_ids_as_text() {
    let case = bytes_file("eligibility.csv", TUVA_ELIGIBILITY.as_bytes());
    let mut ws = workspace();
    let summary = run(
        &mut ws,
        &case.path,
        ImportOptions {
            purchaser: Some("Acme Manufacturing".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(summary.kind, Kind::Eligibility);
    assert_eq!(summary.rows_imported, 3);
    let second: (String, String, Option<String>, Option<String>) = ws
        .conn()
        .query_row(
            "SELECT member_external_id, start_date, end_date, tier FROM eligibility WHERE plan_code = 'HMO250' AND member_external_id = '000123'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        second,
        (
            "000123".into(),
            "2026-01-01".into(),
            None,
            Some("ES".into())
        )
    );
    let purchaser: String = one(
        &ws,
        "SELECT pu.name FROM eligibility e JOIN purchaser pu ON pu.id = e.purchaser_id LIMIT 1",
    );
    assert_eq!(purchaser, "Acme Manufacturing");
}

#[test]
fn an_eligibility_span_that_ends_before_it_starts_names_its_row_and_column_and_writes_nothing() {
    let text = "member_id,plan,enrollment_start_date,enrollment_end_date\n\
        1,PPO500,2025-01-01,2025-12-31\n\
        2,PPO500,2025-06-01,2025-05-31\n";
    let case = bytes_file("eligibility.csv", text.as_bytes());
    let mut ws = workspace();
    let err = run(
        &mut ws,
        &case.path,
        ImportOptions {
            purchaser: Some("Acme".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("eligibility.csv"), "{message}");
    let ImportError::Rejected(summary) = err else {
        panic!("{message}")
    };
    let p = &summary.problems[0];
    assert_eq!(p.row, 3);
    assert!(p.column.contains("enrollment_end_date"), "{p:?}");
    assert!(p.problem.contains("ends before it starts"), "{p:?}");
    assert_eq!(one::<i64>(&ws, "SELECT count(*) FROM eligibility"), 0);
}
