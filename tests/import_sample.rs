//! The committed sample workbooks import into an empty workspace and give exactly the data
//! `generate` makes from the same seed.

use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::import::{self, ImportOptions, Progress};
use alliance_desk::store::Workspace;
use std::path::Path;

/// Files and sheets in dependency order: plans before rates and members, measures before results.
const SAMPLE_IMPORTS: &[(&str, Option<&str>)] = &[
    ("plans_and_rates.xlsx", Some("Plan Designs")),
    ("plans_and_rates.xlsx", Some("Rates")),
    ("census.xlsx", None),
    ("quality_measures.xlsx", Some("Measures")),
    ("quality_measures.xlsx", Some("Providers")),
    ("quality_measures.xlsx", Some("Results")),
    ("service_volumes.xlsx", Some("Service Volumes")),
    ("service_volumes.xlsx", Some("Tier Schedule")),
    ("spend_history.csv", None),
    ("eligibility.csv", None),
    ("prices_riverbend_community_hospital.csv", None),
    ("prices_prairie_valley_medical_center.csv", None),
    ("prices_harbor_county_hospital.csv", None),
    ("prices_lakes_regional_medical_center.csv", None),
    ("prices_st_brigid_hospital.csv", None),
];

#[test]
fn sample_workbooks_import_to_the_same_data_as_generate() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    let mut imported = Workspace::in_memory().unwrap();
    for (file, sheet) in SAMPLE_IMPORTS {
        let opts = ImportOptions {
            sheet: sheet.map(str::to_string),
            ..Default::default()
        };
        let path = dir.join(file);
        if import::prices::sniff(&path).is_some() {
            import::prices::import_file(&mut imported, &path, false, &Progress::default())
                .unwrap_or_else(|e| panic!("{e}"));
            continue;
        }
        import::import_file(&mut imported, &path, &opts, &Progress::default())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let mut generated = Workspace::in_memory().unwrap();
    generate::fill_workspace(
        &mut generated,
        GenerateOptions {
            members: 3000,
            seed: 7,
        },
    )
    .unwrap();
    for table in Workspace::fingerprint_tables() {
        assert_eq!(
            imported.table_fingerprint(table).unwrap(),
            generated.table_fingerprint(table).unwrap(),
            "table {table} differs"
        );
    }
}
