//! A `.json` file is not a table to import but a scenario file: read it as one, for the
//! Import view (which opens it in Scenarios) and the `import` command (which says so).

use crate::model::scenario::Scenario;
use std::path::Path;

/// Scenario files are small; a larger `.json` is not one.
const MAX_SCENARIO_FILE_BYTES: u64 = 10_000_000;

/// A `.json` file read as a scenario: the scenario, or why it is not one. `None` for any
/// other file (the importer reads it).
pub fn read(path: &Path) -> Option<Result<Scenario, String>> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if !is_json {
        return None;
    }
    let name = path.display();
    let size = std::fs::metadata(path).map(|m| m.len());
    Some(match size {
        Err(e) => Err(format!("{name}: {e}")),
        Ok(n) if n > MAX_SCENARIO_FILE_BYTES => Err(format!(
            "{name} is {} MB: too large for a scenario file, and JSON is not a table to import",
            n / 1_000_000
        )),
        Ok(_) => std::fs::read_to_string(path)
            .map_err(|e| format!("{name}: {e}"))
            .and_then(|text| {
                Scenario::from_json(&text)
                    .map_err(|e| format!("{name} is not a scenario file: {e}"))
            }),
    })
}
