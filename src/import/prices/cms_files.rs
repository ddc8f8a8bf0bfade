//! CMS's own Medicare files of a newer year, recognised by their headers: the physician fee
//! schedule's relative value file (PPRRVU…csv) and the OPPS Addendum B (txt or csv). Their
//! codes and numbers go into `medicare_rate` (no descriptor text: AMA copyright) and take the
//! place of the embedded tables for that schedule.

use super::{PriceFileError, PriceImportError};
use crate::model::medicare::Rvu;
use crate::model::medicare::tables::{OppsRow, PfsRow};
use crate::store::Workspace;
use crate::store::prices::{insert_opps_rate, insert_pfs_rate};
use std::io::Read;
use std::path::Path;

/// Which of CMS's files, and its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum CmsFile {
    /// The physician fee schedule's relative value file.
    PfsRvu { year: i32 },
    /// The OPPS Addendum B.
    OppsAddendumB { year: i32 },
}

/// What the import wrote.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CmsImport {
    pub file: CmsFile,
    pub batch_id: i64,
    pub codes: usize,
}

/// The first "20xx" year in the banner lines.
fn banner_year(lines: &[&str]) -> Option<i32> {
    lines.iter().find_map(|l| {
        l.as_bytes().windows(4).find_map(|w| {
            let t = std::str::from_utf8(w).ok()?;
            let y: i32 = t.parse().ok()?;
            (t.starts_with("20") && (2000..2100).contains(&y)).then_some(y)
        })
    })
}

/// The kind of CMS file at `path`, from its first lines; `None` when it is not one.
pub fn sniff(path: &Path) -> Option<CmsFile> {
    let mut head = vec![0u8; 16 * 1024];
    let n = std::fs::File::open(path).ok()?.read(&mut head).ok()?;
    let text: String = head[..n].iter().map(|&b| b as char).collect();
    let lines: Vec<&str> = text.lines().take(20).collect();
    let at = |prefix: &str| lines.iter().position(|l| l.starts_with(prefix));
    if let Some(i) = at("HCPCS,MOD,DESCRIPTION") {
        return Some(CmsFile::PfsRvu {
            year: banner_year(&lines[..i])?,
        });
    }
    if let Some(i) =
        at("HCPCS Code\tShort Descriptor").or_else(|| at("HCPCS Code,Short Descriptor"))
    {
        return Some(CmsFile::OppsAddendumB {
            year: banner_year(&lines[..i])?,
        });
    }
    None
}

fn number(text: &str) -> Option<f64> {
    text.trim()
        .trim_start_matches('$')
        .replace(',', "")
        .parse()
        .ok()
}

/// Imports a CMS file in one transaction under a new import batch.
pub fn import_cms_file(ws: &mut Workspace, path: &Path) -> Result<CmsImport, PriceImportError> {
    let file_name = path.display().to_string();
    let kind = sniff(path).ok_or_else(|| PriceFileError::Unreadable {
        file: file_name.clone(),
        reason: "not a CMS relative value file or OPPS Addendum B".into(),
    })?;
    let bytes = std::fs::read(path).map_err(|e| PriceFileError::Unreadable {
        file: file_name.clone(),
        reason: e.to_string(),
    })?;
    // CMS writes these files in Windows-1252; the codes and numbers are ASCII.
    let text: String = bytes.iter().map(|&b| b as char).collect();
    let (delimiter, header) = match kind {
        CmsFile::PfsRvu { .. } => (b',', "HCPCS,MOD,DESCRIPTION"),
        CmsFile::OppsAddendumB { .. } => {
            if text.contains("HCPCS Code\tShort Descriptor") {
                (b'\t', "HCPCS Code")
            } else {
                (b',', "HCPCS Code")
            }
        }
    };
    let start = text
        .lines()
        .position(|l| l.starts_with(header))
        .unwrap_or(0);
    let body: String = text.lines().skip(start + 1).collect::<Vec<_>>().join("\n");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body.as_bytes());
    let name = path
        .file_name()
        .map_or(file_name.clone(), |n| n.to_string_lossy().into_owned());
    ws.write(|tx| {
        let batch =
            crate::store::records::insert_batch(tx, &name, "", None, "medicare_rates", "{}")?;
        let mut codes = 0usize;
        for (i, record) in reader.records().enumerate() {
            let r = record.map_err(|e| PriceFileError::Row {
                file: file_name.clone(),
                row: (start + 2 + i) as u64,
                reason: e.to_string(),
            })?;
            let cell = |k: usize| r.get(k).unwrap_or("").trim();
            if cell(0).is_empty() {
                continue;
            }
            let rvu = |k: usize| number(cell(k)).unwrap_or(0.0);
            match kind {
                CmsFile::PfsRvu { year } => {
                    let row = PfsRow {
                        code: cell(0).to_string(),
                        modifier: cell(1).to_string(),
                        status: cell(3).to_string(),
                        rvu: Rvu {
                            work: rvu(5),
                            pe_nonfacility: rvu(6),
                            pe_facility: rvu(8),
                            mp: rvu(10),
                        },
                    };
                    insert_pfs_rate(tx, year, &row, number(cell(24)), batch)?;
                }
                CmsFile::OppsAddendumB { year } => {
                    let row = OppsRow {
                        code: cell(0).to_string(),
                        status: cell(3).to_string(),
                        rate: number(cell(6)),
                    };
                    insert_opps_rate(tx, year, &row, number(cell(5)), batch)?;
                }
            }
            codes += 1;
        }
        crate::store::records::finish_batch(tx, batch, codes)?;
        Ok(CmsImport {
            file: kind,
            batch_id: batch,
            codes,
        })
    })
}
