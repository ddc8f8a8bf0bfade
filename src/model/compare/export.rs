//! The comparison as a table for a workbook or CSV, and as tab-separated text for the
//! clipboard.

use super::{Comparison, rows};

/// The table for export: a header of plan codes, then each group's title and rows.
pub fn to_table(cmp: &Comparison) -> crate::table::Table {
    let mut headers = vec!["Measure".to_string()];
    headers.extend(cmp.columns.iter().map(|c| c.plan.code.clone()));
    let mut lines = Vec::new();
    for g in rows(cmp) {
        lines.push(vec![g.title]);
        for r in g.rows {
            let mut line = vec![r.label];
            line.extend(r.texts);
            lines.push(line);
        }
    }
    crate::table::Table {
        headers,
        rows: lines,
    }
}

/// The table as tab-separated text (for the clipboard), with a header of plan codes.
pub fn to_tsv(cmp: &Comparison) -> String {
    let mut out = String::from("Measure");
    for c in &cmp.columns {
        out.push('\t');
        out.push_str(&c.plan.code);
    }
    out.push('\n');
    for g in rows(cmp) {
        out.push_str(&g.title);
        out.push('\n');
        for r in g.rows {
            out.push_str(&r.label);
            for t in r.texts {
                out.push('\t');
                out.push_str(&t.replace(['\t', '\n'], " "));
            }
            out.push('\n');
        }
    }
    out
}
