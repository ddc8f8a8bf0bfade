//! CMS's own v3 examples, in each of the three layouts, read to the same charges.

use super::*;
use std::path::PathBuf;

fn example(name: &str) -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/price_transparency/hospital")
        .join(name)
}

const TALL: &str = "V3.0.0_Tall_CSV_Format_Example.csv";
const WIDE: &str = "V3.0.0_Wide_CSV_Format_Example.csv";
const JSON: &str = "v3_json_format_example.json";

fn charges(name: &str) -> (HospitalInfo, Vec<Charge>, Vec<PriceProblem>) {
    let path = example(name);
    let layout = sniff(&path).expect("a hospital price file");
    let mut out = Vec::new();
    let (info, problems) = read(&path, layout, &PriceProgress::default(), &mut |c| {
        out.push(c);
        Ok(())
    })
    .unwrap();
    (info, out, problems)
}

#[test]
fn each_layout_is_recognised_from_its_content() {
    assert_eq!(sniff(&example(TALL)), Some(Layout::CsvTall));
    assert_eq!(sniff(&example(WIDE)), Some(Layout::CsvWide));
    assert_eq!(sniff(&example(JSON)), Some(Layout::Json));
    let census =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/spend_history.csv");
    assert_eq!(sniff(&census), None);
}

#[test]
fn the_hospital_its_state_and_npis_come_from_the_file_rows() {
    for name in [TALL, WIDE, JSON] {
        let (info, _, _) = charges(name);
        assert_eq!(info.name, "West Mercy Hospital", "{name}");
        assert_eq!(info.state.as_deref(), Some("CA"), "{name}");
        assert_eq!(
            info.npis,
            ["0000000001", "0000000002", "0000000003"],
            "{name}"
        );
    }
}

/// The dollar charges of one payer and plan: (primary code, setting, dollars).
fn dollars(all: &[Charge], payer: &str, plan: &str) -> Vec<(String, String, f64)> {
    let mut v: Vec<(String, String, f64)> = all
        .iter()
        .filter(|c| c.payer == payer && c.plan == plan)
        .filter_map(|c| {
            let (code, _) = c.primary_code()?;
            Some((code.to_string(), c.setting.clone(), c.negotiated_dollar?))
        })
        .collect();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v
}

#[test]
fn tall_wide_and_json_give_the_same_dollar_charges() {
    let (_, tall, p1) = charges(TALL);
    let (_, wide, p2) = charges(WIDE);
    let (_, json, p3) = charges(JSON);
    assert!(
        p1.is_empty() && p2.is_empty() && p3.is_empty(),
        "{p1:?} {p2:?} {p3:?}"
    );
    let platform = dollars(&tall, "Platform Health Insurance", "PPO");
    assert!(
        platform.contains(&("70551".into(), "outpatient".into(), 400.0)),
        "{platform:?}"
    );
    assert!(
        platform.contains(&("470".into(), "inpatient".into(), 49_000.0)),
        "{platform:?}"
    );
    assert_eq!(platform, dollars(&wide, "Platform Health Insurance", "PPO"));
    assert_eq!(platform, dollars(&json, "Platform Health Insurance", "PPO"));
}

#[test]
fn a_percentage_or_algorithm_row_has_no_dollar_amount_but_is_kept() {
    let (_, tall, _) = charges(TALL);
    let er = tall
        .iter()
        .find(|c| c.primary_code() == Some(("99283", "CPT")) && c.payer.starts_with("Platform"))
        .unwrap();
    assert_eq!(er.negotiated_dollar, None);
    assert_eq!(er.negotiated_percentage, Some(80.0));
    let section = tall
        .iter()
        .find(|c| c.primary_code() == Some(("786", "MS-DRG")) && c.payer.starts_with("Platform"))
        .unwrap();
    assert!(
        section
            .algorithm
            .as_deref()
            .unwrap()
            .starts_with("Allowed amount")
    );
    assert_eq!(section.count.as_deref(), Some("1 through 10"));
}

#[test]
fn an_inpatient_item_is_priced_by_its_drg_and_an_outpatient_one_by_its_cpt() {
    let mri = Charge {
        codes: vec![("611".into(), "RC".into()), ("70551".into(), "CPT".into())],
        setting: "outpatient".into(),
        ..Default::default()
    };
    assert_eq!(mri.primary_code(), Some(("70551", "CPT")));
    let stay = Charge {
        codes: vec![("120".into(), "RC".into()), ("470".into(), "MS-DRG".into())],
        setting: "inpatient".into(),
        ..Default::default()
    };
    assert_eq!(stay.primary_code(), Some(("470", "MS-DRG")));
}

#[test]
fn a_truncated_json_file_names_the_file_and_how_far_it_got() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example(JSON)).unwrap();
    let cut = dir.path().join("cut.json");
    std::fs::write(&cut, &text[..text.len() / 2]).unwrap();
    let err = read(&cut, Layout::Json, &PriceProgress::default(), &mut |_| {
        Ok(())
    })
    .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("cut.json"), "{message}");
    assert!(
        message.contains("not a complete hospital price file"),
        "{message}"
    );
}

#[test]
fn a_negative_or_text_price_is_reported_by_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example(TALL)).unwrap();
    let bad = text.replacen(
        "Platform Health Insurance,PPO,,400,",
        "Platform Health Insurance,PPO,,-400,",
        1,
    );
    let bad = bad.replacen(
        "Region Health Insurance,HMO,,250,",
        "Region Health Insurance,HMO,,about 250,",
        1,
    );
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, bad).unwrap();
    let (_, problems) = read(
        &path,
        Layout::CsvTall,
        &PriceProgress::default(),
        &mut |_| Ok(()),
    )
    .unwrap();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(problems[0].row, 4);
    assert_eq!(problems[0].column, "standard_charge|negotiated_dollar");
    assert_eq!(problems[0].problem, "a price cannot be negative");
    assert_eq!(problems[1].row, 5);
    assert_eq!(problems[1].problem, "not a number");
}

#[test]
fn a_wide_file_with_a_hundred_thousand_payer_columns_reads_in_one_pass() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.csv");
    let payers = 100_000;
    let mut text = String::from(
        "hospital_name,license_number|MN\nWide Hospital,1\ndescription,code|1,code|1|type,setting",
    );
    for p in 0..payers {
        text.push_str(&format!(",standard_charge|Payer {p}|PPO|negotiated_dollar"));
    }
    text.push_str("\nMRI,70551,CPT,outpatient");
    for p in 0..payers {
        text.push_str(if p % 2 == 0 { ",400" } else { "," });
    }
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    let mut n = 0;
    read(
        &path,
        Layout::CsvWide,
        &PriceProgress::default(),
        &mut |_| {
            n += 1;
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(n, payers / 2, "one charge per payer with a price");
}

#[test]
fn a_file_without_its_item_header_row_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("noheader.csv");
    std::fs::write(
        &path,
        "hospital_name,license_number|MN\nNo Header Hospital,1\nMRI,70551,CPT,outpatient,400\n",
    )
    .unwrap();
    let err = read(
        &path,
        Layout::CsvWide,
        &PriceProgress::default(),
        &mut |_| Ok(()),
    )
    .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("noheader.csv, row 3"), "{message}");
    assert!(message.contains("item header"), "{message}");
}
