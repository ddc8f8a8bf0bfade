//! CMS's Transparency in Coverage examples: each in-network rate attached to the provider
//! groups its provider reference names, with the insurer as payer and the plan as plan.

use alliance_desk::import::prices::{PriceProgress, import_insurer_file, insurer::InsurerFilter};
use alliance_desk::store::Workspace;
use std::path::{Path, PathBuf};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/price_transparency/insurer")
        .join(name)
}

/// (provider, code, setting, dollars, percent) of one rate.
type Rate = (String, String, String, Option<f64>, Option<f64>);

/// Every rate, sorted.
fn rates(ws: &Workspace) -> Vec<Rate> {
    let mut stmt = ws
        .conn()
        .prepare(
            "SELECT v.name, h.code, h.setting, h.negotiated_dollar, h.negotiated_percentage
             FROM hospital_price h JOIN provider v ON v.id = h.provider_id",
        )
        .unwrap();
    let mut out: Vec<_> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    out.sort_by(|a: &Rate, b| a.partial_cmp(b).unwrap());
    out
}

fn import(
    name: &str,
    filter: &InsurerFilter,
) -> (Workspace, alliance_desk::import::prices::InsurerImport) {
    let mut ws = Workspace::in_memory().unwrap();
    let done =
        import_insurer_file(&mut ws, &example(name), filter, &PriceProgress::default()).unwrap();
    (ws, done)
}

#[test]
fn every_example_imports() {
    for name in [
        "in-network-rates-all-negotiated-types-sample.json",
        "in-network-rates-bundle-single-plan-sample.json",
        "in-network-rates-capitation-single-plan-sample.json",
        "in-network-rates-fee-for-service-single-plan-sample.json",
        "in-network-rates-multiple-plans-sample.json",
        "in-network-rates-no-npi.json",
    ] {
        let (_, done) = import(name, &InsurerFilter::default());
        assert!(done.rates > 0, "{name}");
        assert!(done.problems.is_empty(), "{name}: {:?}", done.problems);
    }
}

#[test]
fn each_rate_goes_to_the_groups_its_reference_names() {
    let (ws, done) = import(
        "in-network-rates-all-negotiated-types-sample.json",
        &InsurerFilter::default(),
    );
    assert_eq!(
        done.insurer.reporting_entity_name,
        "Comprehensive Health Insurance"
    );
    assert_eq!(done.insurer.plan_name, "Plan D PPO");
    assert_eq!((done.rates, done.providers), (15, 3));
    let all = rates(&ws);
    let of = |provider: &str| -> Vec<_> {
        all.iter()
            .filter(|r| r.0 == provider)
            .map(|r| (r.1.as_str(), r.2.as_str(), r.3, r.4))
            .collect()
    };
    // Reference 2 is City General Hospital alone: the per diem, the ER visit and the knee.
    assert_eq!(
        of("City General Hospital"),
        vec![
            ("0200", "inpatient", Some(5_500.0), None),
            ("27447", "inpatient", Some(12_000.0), None),
            ("27447", "professional", Some(8_500.0), None),
            ("99285", "outpatient", Some(2_500.0), None),
            ("99285", "professional", None, Some(75.5)),
        ]
    );
    // Reference 1 is two groups; each gets the office visit, therapy at 65 %, the lab and the knee.
    for group in ["Premier Medical Associates", "Regional Healthcare Group"] {
        assert_eq!(
            of(group),
            vec![
                ("27447", "inpatient", Some(12_000.0), None),
                ("27447", "professional", Some(8_500.0), None),
                ("80053", "professional", Some(45.0), None),
                ("97110", "professional", None, Some(65.0)),
                ("99214", "professional", Some(150.0), None),
            ],
            "{group}"
        );
    }
}

#[test]
fn the_payer_and_plan_name_every_rate() {
    let (ws, _) = import(
        "in-network-rates-fee-for-service-single-plan-sample.json",
        &InsurerFilter::default(),
    );
    let named: i64 = ws
        .conn()
        .query_row(
            "SELECT count(*) FROM hospital_price WHERE payer = 'medicare' AND plan = 'Plan A PPO'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(named, 10, "5 rates for each of two groups");
}

#[test]
fn a_file_shared_by_several_plans_says_where_they_are_named() {
    let (_, done) = import(
        "in-network-rates-multiple-plans-sample.json",
        &InsurerFilter::default(),
    );
    assert_eq!(
        done.insurer.plan_name,
        "plans named in the insurer's table of contents"
    );
}

#[test]
fn rates_are_kept_only_for_the_providers_and_codes_asked_for() {
    let filter = InsurerFilter {
        tins: ["34-5678901".to_string()].into(),
        codes: ["27447".to_string()].into(),
        ..Default::default()
    };
    let (ws, done) = import("in-network-rates-all-negotiated-types-sample.json", &filter);
    assert_eq!((done.rates, done.providers), (2, 1));
    assert!(
        rates(&ws)
            .iter()
            .all(|r| r.0 == "City General Hospital" && r.1 == "27447")
    );
}

#[test]
fn a_file_naming_its_insurer_after_its_rates_still_names_every_rate() {
    // The same example with `in_network` moved ahead of the insurer's and plan's names.
    let text = std::fs::read_to_string(example(
        "in-network-rates-fee-for-service-single-plan-sample.json",
    ))
    .unwrap();
    let mut file: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
    let in_network = file.remove("in_network").unwrap();
    let mut reordered = serde_json::Map::new();
    if let Some(refs) = file.remove("provider_references") {
        reordered.insert("provider_references".into(), refs);
    }
    reordered.insert("in_network".into(), in_network);
    reordered.extend(file);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("late-names.json");
    std::fs::write(&path, serde_json::Value::Object(reordered).to_string()).unwrap();
    let mut ws = Workspace::in_memory().unwrap();
    import_insurer_file(
        &mut ws,
        &path,
        &InsurerFilter::default(),
        &PriceProgress::default(),
    )
    .unwrap();
    let named: (i64, i64) = ws
        .conn()
        .query_row(
            "SELECT count(*), sum(payer = 'medicare' AND plan = 'Plan A PPO') FROM hospital_price",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(named, (10, 10));
}
