//! Claims from delimited text, read record by record through a byte counter (progress, cancel
//! and the file's sha256 in the one pass); memory stays flat however long the file.

use super::ClaimsError;
use super::rows::{RowReader, Value};
use crate::import::Progress;
use crate::import::prices::{CountedFile, SharedHasher, open_counted, sha256_of};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// The delimiter: tab for .tsv, else whichever of comma, tab, pipe and semicolon the header
/// line holds most of.
fn delimiter(path: &Path, header_line: &str) -> u8 {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if ext.as_deref() == Some("tsv") {
        return b'\t';
    }
    [b',', b'\t', b'|', b';']
        .into_iter()
        .max_by_key(|d| header_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',')
}

fn first_line(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| crate::format::io_words(&e))?;
    let mut line = Vec::new();
    BufReader::new(file.take(1 << 20))
        .read_until(b'\n', &mut line)
        .map_err(|e| crate::format::io_words(&e))?;
    Ok(String::from_utf8_lossy(&line).into_owned())
}

fn header_names(record: &csv::ByteRecord) -> Vec<String> {
    record
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = String::from_utf8_lossy(h);
            let h = if i == 0 {
                h.trim_start_matches('\u{feff}')
            } else {
                &h
            };
            h.trim().to_string()
        })
        .collect()
}

/// The header of a delimited file, for recognising it.
pub fn headers(path: &Path) -> Result<Vec<String>, String> {
    let line = first_line(path)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(path, &line))
        .has_headers(false)
        .flexible(true)
        .from_reader(line.as_bytes());
    let mut record = csv::ByteRecord::new();
    reader
        .read_byte_record(&mut record)
        .map_err(|e| e.to_string())?;
    Ok(header_names(&record))
}

/// A delimited claims file opened for one pass.
pub struct CsvRows<'p> {
    reader: csv::Reader<CountedFile<'p>>,
    headers: Vec<String>,
    hasher: SharedHasher,
    file: String,
}

impl<'p> CsvRows<'p> {
    pub fn open(path: &Path, progress: &'p Progress) -> Result<Self, String> {
        let line = first_line(path)?;
        let (counted, hasher) = open_counted(path, progress).map_err(|e| e.to_string())?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter(path, &line))
            .has_headers(false)
            .flexible(true)
            .from_reader(counted);
        let mut record = csv::ByteRecord::new();
        if !reader
            .read_byte_record(&mut record)
            .map_err(|e| e.to_string())?
        {
            return Err("the file is empty".into());
        }
        Ok(CsvRows {
            reader,
            headers: header_names(&record),
            hasher,
            file: path.display().to_string(),
        })
    }
}

fn field_value(t: &str) -> Value<'_> {
    if t.is_empty() {
        Value::Empty
    } else {
        Value::Text(t)
    }
}

impl RowReader for CsvRows<'_> {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn for_each_row(&mut self, each: &mut super::rows::EachRow) -> Result<(), ClaimsError> {
        let mut record = csv::ByteRecord::new();
        // One allocation for every row's values: emptied, it is re-typed for the next record.
        let mut spare: Vec<Value<'static>> = Vec::with_capacity(self.headers.len());
        loop {
            let more = self.reader.read_byte_record(&mut record).map_err(|e| {
                if e.to_string().contains("cancelled") {
                    return ClaimsError::Cancelled;
                }
                let line = e.position().map_or(0, |p| p.line());
                ClaimsError::Unreadable {
                    file: self.file.clone(),
                    reason: format!("line {line}: {e}"),
                }
            })?;
            if !more {
                return Ok(());
            }
            let line = record.position().map_or(0, |p| p.line());
            // UTF-8 is checked once for the whole record; a record that is not (an older
            // export) is read as Windows-1252, field by field.
            let (text, latin) =
                match csv::StringRecord::from_byte_record(std::mem::take(&mut record)) {
                    Ok(text) => (Some(text), Vec::new()),
                    Err(e) => {
                        let bytes = e.into_byte_record();
                        let fields = bytes
                            .iter()
                            .map(|f| encoding_rs::WINDOWS_1252.decode(f).0.into_owned())
                            .collect();
                        record = bytes;
                        (None, fields)
                    }
                };
            let mut values: Vec<Value> = spare.into_iter().map(|_| Value::Empty).collect();
            match &text {
                Some(t) => values.extend(t.iter().map(field_value)),
                None => values.extend(latin.iter().map(|t| field_value(t))),
            }
            let outcome = each(line, &values);
            values.clear();
            spare = values.into_iter().map(|_| Value::Empty).collect();
            if let Some(t) = text {
                record = t.into_byte_record();
            }
            outcome?;
        }
    }

    fn sha256(&mut self) -> Result<String, String> {
        // The hash covers what was read; read any rest (a trailing blank line) first.
        let mut rest = Vec::new();
        self.reader
            .get_mut()
            .read_to_end(&mut rest)
            .map_err(|e| crate::format::io_words(&e))?;
        Ok(sha256_of(&self.hasher))
    }
}
