//! Replays every fuzz corpus (`fuzz/corpus/<target>`) through the same entry points the
//! fuzzers drive, on stable: inputs that once crashed stay fixed.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            run(&std::fs::read(&path).unwrap());
            n += 1;
        }
    }
    assert!(n > 0, "{target}: the corpus is empty");
}

#[test]
fn value_parsing_corpus_replays_without_a_panic() {
    replay("values", alliance_desk::fuzzing::values);
}

#[test]
fn header_detection_corpus_replays_without_a_panic() {
    replay("header_detection", alliance_desk::fuzzing::header_detection);
}

#[test]
fn csv_import_corpus_replays_without_a_panic() {
    replay("csv_import", alliance_desk::fuzzing::csv_import);
}

#[test]
fn workbook_import_corpus_replays_without_a_panic() {
    replay("workbook_import", alliance_desk::fuzzing::workbook_import);
}

#[test]
fn scenario_json_corpus_replays_without_a_panic() {
    replay("scenario_json", alliance_desk::fuzzing::scenario_json);
}
