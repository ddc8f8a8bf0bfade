//! Claims from delimited text, read record by record through a byte counter (progress, cancel
//! and the file's sha256 in the one pass); memory stays flat however long the file.

use super::ClaimsError;
use super::rows::{RowReader, Value};
use crate::import::Progress;
use crate::import::prices::{CountedFile, SharedHasher, open_counted, sha256_of};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Records searched for the header (title lines above it are common in TPA reports).
const HEAD_RECORDS: usize = 40;

/// The first lines of the file, for the delimiter and the header.
fn first_lines(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| crate::format::io_words(&e))?;
    let mut text = Vec::new();
    let mut reader = BufReader::new(file.take(4 << 20));
    for _ in 0..HEAD_RECORDS {
        if reader
            .read_until(b'\n', &mut text)
            .map_err(|e| crate::format::io_words(&e))?
            == 0
        {
            break;
        }
    }
    Ok(String::from_utf8_lossy(&text).into_owned())
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

/// Reads up to `HEAD_RECORDS` records and picks the header: the first that reads as claims
/// columns, else the first. Returns the records read, the header's index and its names.
fn find_header<R: Read>(
    reader: &mut csv::Reader<R>,
) -> Result<(Vec<csv::ByteRecord>, usize, Vec<String>), String> {
    let mut head = Vec::new();
    for _ in 0..HEAD_RECORDS {
        let mut record = csv::ByteRecord::new();
        if !reader
            .read_byte_record(&mut record)
            .map_err(|e| e.to_string())?
        {
            break;
        }
        let names = header_names(&record);
        head.push(record);
        if super::fields::recognise(&names).is_some()
            || super::engine_summary::is_engine_summary(&names)
        {
            let at = head.len();
            return Ok((head, at, names));
        }
    }
    let first = head.first().ok_or("the file is empty")?;
    let names = header_names(first);
    Ok((head, 1, names))
}

/// A record reader with the delimiter the workbook importer would find in the first lines.
fn reader_for<R: Read>(head_text: &str, input: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .delimiter(crate::import::text::detect_delimiter(head_text))
        .has_headers(false)
        .flexible(true)
        .from_reader(input)
}

/// The header of a delimited file, for recognising it.
pub fn headers(path: &Path) -> Result<Vec<String>, String> {
    let text = first_lines(path)?;
    let mut reader = reader_for(&text, text.as_bytes());
    Ok(find_header(&mut reader)?.2)
}

/// A delimited claims file opened for one pass.
pub struct CsvRows<'p> {
    reader: csv::Reader<CountedFile<'p>>,
    headers: Vec<String>,
    /// Records read after the header while looking for it, handed on first.
    pending: std::collections::VecDeque<csv::ByteRecord>,
    hasher: SharedHasher,
    file: String,
}

impl<'p> CsvRows<'p> {
    pub fn open(path: &Path, progress: &'p Progress) -> Result<Self, String> {
        let text = first_lines(path)?;
        let (counted, hasher) = open_counted(path, progress).map_err(|e| e.to_string())?;
        let mut reader = reader_for(&text, counted);
        let (head, header_at, headers) = find_header(&mut reader)?;
        Ok(CsvRows {
            reader,
            headers,
            pending: head.into_iter().skip(header_at).collect(),
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
        let mut pending = std::mem::take(&mut self.pending);
        // One allocation for every row's values: emptied, it is re-typed for the next record.
        let mut spare: Vec<Value<'static>> = Vec::with_capacity(self.headers.len());
        loop {
            let more = if let Some(next) = pending.pop_front() {
                record = next;
                true
            } else {
                self.reader.read_byte_record(&mut record).map_err(|e| {
                    if e.to_string().contains("cancelled") {
                        return ClaimsError::Cancelled;
                    }
                    let line = e.position().map_or(0, |p| p.line());
                    ClaimsError::Unreadable {
                        file: self.file.clone(),
                        reason: format!("line {line}: {e}"),
                    }
                })?
            };
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
