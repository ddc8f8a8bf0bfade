//! The report workbook (rust_xlsxwriter, no egui): a cover sheet with provenance, a plan
//! comparison as live formulas and as shown, one sheet per scenario, and the employee plan
//! guide; number formats, frozen headers, filters, column widths and native charts. Text cells
//! are protected against formula injection like the CSV export.

mod cells;
mod comparison;
mod guide_sheet;
mod scenarios;

use crate::model::compare::Comparison;
use crate::model::scenario::Scenario;
pub use cells::FormulaCell;

/// What a member's yearly total reads as for a plan with no premium on file.
const NO_PREMIUM: &str = "no premium on file";
use cells::{Formats, Sheet};
use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};
use std::path::Path;

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("could not build the workbook: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// One imported file, for the cover's provenance table.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    pub file: String,
    pub sheet: String,
    pub kind: String,
    pub rows: i64,
    pub sha256: String,
    pub imported_at: String,
}

/// Everything a report holds.
#[derive(Debug, Clone, Default)]
pub struct ReportContent {
    pub workspace: String,
    /// "Whole coalition" or the purchaser's name.
    pub population: String,
    pub generated_at: String,
    /// Assumptions in words, one a line ("Employer contribution: as rated").
    pub assumptions: Vec<String>,
    pub provenance: Vec<Provenance>,
    pub comparison: Option<Comparison>,
    pub scenarios: Vec<Scenario>,
    /// The employee plan guide for this purchaser (over `comparison`).
    pub guide_for: Option<String>,
}

/// What was written.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSummary {
    pub sheets: Vec<String>,
    /// Every formula cell with the app's value, for checks against a recalculation.
    pub formulas: Vec<FormulaCell>,
}

/// Builds the workbook in memory.
pub fn build(content: &ReportContent) -> Result<(Workbook, ReportSummary), ReportError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Alliance Desk report: {}", content.population))
            .set_subject("Health plan comparison, plan guide and scenarios")
            .set_comment("Made with Alliance Desk; member-level data is not included."),
    );
    let mut summary = ReportSummary {
        sheets: Vec::new(),
        formulas: Vec::new(),
    };
    let mut names = SheetNames::default();
    let push = |wb: &mut Workbook, s: Sheet, summary: &mut ReportSummary| {
        summary.sheets.push(s.name.clone());
        summary.formulas.extend(s.formulas);
        wb.push_worksheet(s.ws);
    };
    let mut cover = Sheet::new(&names.take("Cover"), &f)?;
    cover_sheet(&mut cover, content)?;
    push(&mut wb, cover, &mut summary);
    if let Some(cmp) = &content.comparison {
        let mut model = Sheet::new(&names.take("Comparison"), &f)?;
        comparison::model_sheet(&mut model, cmp, &content.population)?;
        push(&mut wb, model, &mut summary);
        let mut table = Sheet::new(&names.take("Comparison as shown"), &f)?;
        comparison::table_sheet(&mut table, cmp)?;
        push(&mut wb, table, &mut summary);
        if let Some(purchaser) = &content.guide_for {
            let mut guide = Sheet::new(&names.take("Plan guide"), &f)?;
            guide_sheet::guide_sheet(&mut guide, purchaser, cmp)?;
            push(&mut wb, guide, &mut summary);
        }
    }
    for scenario in &content.scenarios {
        let mut s = Sheet::new(&names.take(&scenario.name), &f)?;
        scenarios::scenario_sheet(&mut s, scenario)?;
        push(&mut wb, s, &mut summary);
    }
    Ok((wb, summary))
}

/// Writes the report to `path` through a temporary file, so a failure leaves no half file.
pub fn write_report(content: &ReportContent, path: &Path) -> Result<ReportSummary, ReportError> {
    let (mut wb, summary) = build(content)?;
    save_atomically(&wb.save_to_buffer()?, path)?;
    Ok(summary)
}

/// Writes `bytes` to a temporary name beside `path`, then renames it over `path`.
pub(crate) fn save_atomically(bytes: &[u8], path: &Path) -> Result<(), ReportError> {
    let io = |source| ReportError::Io {
        path: path.display().to_string(),
        source,
    };
    let tmp = path.with_extension("xlsx.partial");
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}

/// Unique sheet names within Excel's rules (31 characters, no `[]:*?/\`).
#[derive(Default)]
struct SheetNames {
    used: Vec<String>,
}

impl SheetNames {
    fn take(&mut self, wanted: &str) -> String {
        let clean: String = wanted
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
            .collect::<String>()
            .trim()
            .trim_matches('\'')
            .to_string();
        let base: String = if clean.is_empty() {
            "Sheet".into()
        } else {
            clean
        };
        let mut n = 1;
        loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(" ({n})")
            };
            let keep = 31 - suffix.chars().count();
            let name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
            if !self.used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
                self.used.push(name.clone());
                return name;
            }
            n += 1;
        }
    }
}

fn cover_sheet(s: &mut Sheet, c: &ReportContent) -> Result<(), XlsxError> {
    let f = s.f;
    s.text(0, 0, "Alliance Desk report", &f.title)?;
    s.text(
        1,
        0,
        "This sheet says what the workbook holds: the workspace and population, the assumptions, and every imported file the figures come from. The next sheets hold the comparison, the plan guide and the scenarios.",
        &f.note,
    )?;
    let lines = [
        ("Workspace", c.workspace.as_str()),
        ("Population", c.population.as_str()),
        ("Generated", c.generated_at.as_str()),
    ];
    for (i, (k, v)) in lines.iter().enumerate() {
        s.text(2 + i as u32, 0, k, &f.bold)?;
        s.text(2 + i as u32, 1, v, &f.text)?;
    }
    let mut row = 6;
    s.section(row, "Assumptions")?;
    row += 1;
    for a in &c.assumptions {
        s.text(row, 0, a, &f.text)?;
        row += 1;
    }
    row += 1;
    s.section(row, "Where the data came from")?;
    row += 1;
    let heads = ["File", "Sheet", "Kind", "Rows", "SHA-256", "Imported"];
    for (i, h) in heads.iter().enumerate() {
        s.text(row, i as u16, h, &f.header)?;
    }
    let first = row;
    for p in &c.provenance {
        row += 1;
        s.text(row, 0, &p.file, &f.text)?;
        s.text(row, 1, &p.sheet, &f.text)?;
        s.text(row, 2, &p.kind, &f.text)?;
        s.number(row, 3, p.rows as f64, &f.count.clone())?;
        s.text(row, 4, &p.sha256, &f.text)?;
        s.text(row, 5, &p.imported_at, &f.text)?;
    }
    s.header_table(first, row, 5)?;
    row += 2;
    s.text(
        row,
        0,
        "No member-level data is in this workbook: only plan designs, rates, enrollment counts and the scenarios' inputs.",
        &f.note,
    )?;
    for (c, w) in [
        (0u16, 34.0),
        (1, 22.0),
        (2, 16.0),
        (3, 10.0),
        (4, 66.0),
        (5, 20.0),
    ] {
        s.ws.set_column_width(c, w)?;
    }
    Ok(())
}
