//! Two years of enrollment for estimating β (`scenario estimate-beta`): a CSV with one row
//! per plan and tier — tier, plan, members in year 1 and in year 2, and the change in the
//! employee's contribution a year between them.

use crate::model::migration::estimate::TwoYears;
use std::path::Path;

/// The headers, in words a spreadsheet carries (case and spacing are ignored).
pub const HEADERS: [&str; 5] = [
    "Tier",
    "Plan",
    "Members year 1",
    "Members year 2",
    "Contribution change a year",
];

fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Reads the file; a failure names the file, the row and the column.
pub fn read(path: &Path) -> Result<Vec<TwoYears>, String> {
    let name = path.display();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| format!("{name}: {e}"))?;
    let headers = reader
        .headers()
        .map_err(|e| format!("{name}: {e}"))?
        .clone();
    let mut columns = [0usize; 5];
    for (k, want) in HEADERS.iter().enumerate() {
        columns[k] = headers
            .iter()
            .position(|h| key(h) == key(want))
            .ok_or_else(|| {
                format!(
                    "{name}: no column '{want}' (the columns are: {})",
                    HEADERS.join(", ")
                )
            })?;
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = record.map_err(|e| format!("{name}, row {row}: {e}"))?;
        let text = |k: usize| record.get(columns[k]).unwrap_or("").trim().to_string();
        let number = |k: usize| -> Result<f64, String> {
            let t = text(k).replace([',', '$'], "");
            t.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    format!(
                        "{name}, row {row}, column '{}': '{}' is not a number",
                        HEADERS[k],
                        text(k)
                    )
                })
        };
        let (y1, y2) = (number(2)?, number(3)?);
        if y1 < 0.0 || y2 < 0.0 {
            return Err(format!("{name}, row {row}: members cannot be negative"));
        }
        rows.push(TwoYears {
            tier: text(0),
            code: text(1),
            members_year1: y1,
            members_year2: y2,
            contribution_change_annual: number(4)?,
        });
    }
    if rows.is_empty() {
        return Err(format!("{name}: no rows under the header"));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_number_is_named_by_file_row_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("two.csv");
        std::fs::write(
            &path,
            "Tier,Plan,Members year 1,Members year 2,Contribution change a year\nEE,PPO,10,twelve,0\n",
        )
        .unwrap();
        let e = read(&path).unwrap_err();
        assert!(
            e.contains("row 2, column 'Members year 2': 'twelve' is not a number"),
            "{e}"
        );
    }

    #[test]
    fn the_sample_estimates_the_beta_it_was_made_with() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/migration_two_years.csv");
        let rows = read(&path).unwrap();
        let est = crate::model::migration::estimate::estimate_beta(&rows, 0.0).unwrap();
        assert!((est.beta - -0.12).abs() < 0.002, "{est:?}");
    }
}
