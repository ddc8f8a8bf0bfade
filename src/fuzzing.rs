//! Entry points shared by the cargo-fuzz targets (`fuzz/`) and the test that replays their
//! corpora on stable (`tests/fuzz_corpus.rs`). Each takes arbitrary bytes and must return
//! without panicking, hanging or allocating without bound.

use crate::import::cell::{self, CellValue};
use crate::import::source::{SheetData, Source};
use crate::import::{self, ImportOptions, Progress, layout, mapping};
use crate::model::scenario::Scenario;
use crate::store::Workspace;
use std::path::Path;

/// Money, percent, number, integer, yes/no, date and year-month parsing of one text cell.
pub fn values(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let cells = [
        CellValue::Text(text.to_string()),
        CellValue::Number(f64::from_le_bytes(first_eight(data))),
    ];
    for c in &cells {
        let _ = cell::parse_money(c);
        let _ = cell::parse_percent(c);
        let _ = cell::parse_number(c);
        let _ = cell::parse_int(c);
        let _ = cell::parse_bool(c);
        let _ = cell::parse_date(c);
        let _ = cell::parse_year_month(c);
        let _ = cell::parse_id(c);
        let _ = c.display();
    }
}

fn first_eight(data: &[u8]) -> [u8; 8] {
    let mut b = [0u8; 8];
    for (i, x) in data.iter().take(8).enumerate() {
        b[i] = *x;
    }
    b
}

/// Header detection and mapping over a grid made of the bytes (lines, comma-separated cells).
pub fn header_detection(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let rows: Vec<Vec<String>> = text
        .lines()
        .take(200)
        .map(|l| l.split(',').take(64).map(str::to_string).collect())
        .collect();
    let sheet = SheetData::Text(rows.clone());
    if let Some(found) = layout::detect(&sheet) {
        let kind = mapping::guess_kind(&found.headers);
        let _ = mapping::map_headers(kind, &found.headers);
        let _ = mapping::header_key(&found.headers);
    }
    if let Some(first) = rows.first() {
        let _ = mapping::guess_kind(first);
    }
}

/// Imports the bytes as a file named `name` into an in-memory workspace.
fn import_bytes(name: &str, data: &[u8]) {
    let Ok(src) = Source::from_bytes(Path::new(name), data.to_vec()) else {
        return;
    };
    let Ok(mut ws) = Workspace::in_memory() else {
        return;
    };
    for kind in [
        None,
        Some(mapping::Kind::Members),
        Some(mapping::Kind::Plans),
    ] {
        let opts = ImportOptions {
            kind,
            skip_invalid: true,
            purchaser: Some("Fuzz".into()),
            ..Default::default()
        };
        let _ = import::import_source(&mut ws, &src, &opts, &Progress::default());
    }
}

/// A delimited text file through the whole import.
pub fn csv_import(data: &[u8]) {
    import_bytes("fuzz.csv", data);
}

/// A workbook (format sniffed from the bytes) opened and imported.
pub fn workbook_import(data: &[u8]) {
    import_bytes("fuzz.xlsx", data);
}

/// A scenario file read, checked and run (large simulations are cut to keep a run short).
pub fn scenario_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mut scenario) = Scenario::from_json(text) else {
        return;
    };
    for name in ["trials", "shapley_permutations"] {
        if let Some(n) = scenario.params.get_mut(name)
            && n.as_u64().is_some_and(|t| t > 200)
        {
            *n = serde_json::json!(200);
        }
    }
    let _ = scenario.run();
    let _ = scenario.numeric_inputs();
}
