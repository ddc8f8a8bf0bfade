//! `alliance-desk import` and `alliance-desk imports`.

use crate::cli::{Cli, OutputFormat, RejectedInput, workspace_path};
use crate::import::{self, ImportError, ImportOptions, ImportSummary, Kind, Progress};
use crate::store::Workspace;
use anyhow::Result;
use serde_json::json;
use std::path::Path;

fn summary_json(s: &ImportSummary, status: &str) -> serde_json::Value {
    json!({
        "status": status,
        "batch_id": s.batch_id,
        "file": s.file,
        "sheet": s.sheet,
        "kind": s.kind.code(),
        "header_row": s.header_row,
        "rows_imported": s.rows_imported,
        "rows_rejected": s.rows_rejected,
        "dependents_rolled_up": s.dependents_rolled_up,
        "duplicate_of_batch": s.duplicate_of,
        "problems_total": s.problems_total,
        "first_problems": s.problems.iter().take(20).collect::<Vec<_>>(),
    })
}

/// Imports a file; exit 2 when the input is rejected (nothing written).
pub fn import(
    cli: &Cli,
    file: &Path,
    sheet: Option<String>,
    kind: Option<&str>,
    skip_invalid: bool,
    purchaser: Option<String>,
    format: OutputFormat,
) -> Result<()> {
    let kind = match kind {
        Some(k) => Some(Kind::parse(k).ok_or_else(|| {
            let names: Vec<_> = Kind::ALL.iter().map(|k| k.code()).collect();
            RejectedInput(format!(
                "unknown kind '{k}'; use one of: {}",
                names.join(", ")
            ))
        })?),
        None => None,
    };
    let mut ws = crate::cli::open_for_writing(workspace_path(cli)?)?;
    let opts = ImportOptions {
        sheet,
        kind,
        skip_invalid,
        purchaser,
        ..Default::default()
    };
    match import::import_file(&mut ws, file, &opts, &Progress::default()) {
        Ok(s) => {
            if let Some(prev) = s.duplicate_of {
                eprintln!(
                    "warning: {} has the same contents as import {prev} (same sha256); imported again",
                    file.display()
                );
            }
            match format {
                OutputFormat::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&summary_json(&s, "imported"))?
                ),
                OutputFormat::Table => {
                    println!(
                        "imported {} {} rows from {} (sheet '{}', header on row {}) as batch {}",
                        s.rows_imported,
                        s.kind.code(),
                        s.file,
                        s.sheet,
                        s.header_row,
                        s.batch_id.unwrap_or_default()
                    );
                    if s.dependents_rolled_up > 0 {
                        println!(
                            "  {} dependents rolled up into their subscribers' tiers",
                            s.dependents_rolled_up
                        );
                    }
                    print_problems(&s);
                }
            }
            Ok(())
        }
        Err(ImportError::Rejected(s)) => {
            if format == OutputFormat::Json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&summary_json(&s, "rejected"))?
                );
            } else {
                print_problems(&s);
            }
            Err(RejectedInput(ImportError::Rejected(s).to_string()).into())
        }
        Err(e @ (ImportError::Store(_) | ImportError::Cancelled)) => Err(e.into()),
        Err(e) => Err(RejectedInput(e.to_string()).into()),
    }
}

fn print_problems(s: &ImportSummary) {
    if s.problems_total == 0 {
        return;
    }
    println!(
        "  {} rows rejected ({} problems):",
        s.rows_rejected, s.problems_total
    );
    for p in s.problems.iter().take(25) {
        println!(
            "    row {:>6}  {:<28} {:<20} {}",
            p.row,
            p.column,
            format!("'{}'", p.value),
            p.problem
        );
    }
    if s.problems_total > 25 {
        println!("    … and {} more", s.problems_total - 25);
    }
}

/// Lists imports or undoes one.
pub fn imports(cli: &Cli, undo: Option<i64>) -> Result<()> {
    let mut ws = Workspace::open(workspace_path(cli)?)?;
    if let Some(id) = undo {
        import::undo(&mut ws, id)?;
        println!("undid import {id}");
        return Ok(());
    }
    for b in import::history(&ws)? {
        println!(
            "{:>5}  {:<16} {:>8} rows  {:<30} {:<20} {}",
            b.id, b.kind, b.row_count, b.file_name, b.sheet, b.imported_at
        );
    }
    Ok(())
}
