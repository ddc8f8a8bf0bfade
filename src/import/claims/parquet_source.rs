//! Claims from Parquet, read column chunk by column chunk in slices of rows, only the columns
//! the mapping uses, so memory stays flat whatever the row groups' size. Dates (DATE,
//! TIMESTAMP, INT96), decimals (INT32, INT64, fixed-length) and text become claim values.

use super::ClaimsError;
use super::rows::{RowReader, Value};
use crate::import::Progress;
use chrono::NaiveDate;
use parquet::basic::{ConvertedType, LogicalType, TimeUnit, Type as Physical};
use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::{
    BoolType, ByteArray, ByteArrayType, DataType, DoubleType, FixedLenByteArray,
    FixedLenByteArrayType, FloatType, Int32Type, Int64Type, Int96, Int96Type,
};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::schema::types::ColumnDescriptor;
use std::path::Path;
use std::sync::atomic::Ordering;

/// Rows read from every column before the rows are handed on.
const SLICE_ROWS: usize = 8192;

/// Days from 0001-01-01 (CE) to 1970-01-01.
const UNIX_EPOCH_DAYS_CE: i32 = 719_163;

fn open_reader(path: &Path) -> Result<SerializedFileReader<std::fs::File>, String> {
    let file = std::fs::File::open(path).map_err(|e| crate::format::io_words(&e))?;
    SerializedFileReader::new(file).map_err(|e| {
        format!(
            "not a readable Parquet file ({e}); the footer may be damaged or the copy incomplete"
        )
    })
}

/// The column names of a Parquet file (its flat leaf columns).
pub fn headers(path: &Path) -> Result<Vec<String>, String> {
    let reader = open_reader(path)?;
    let schema = reader.metadata().file_metadata().schema_descr();
    Ok(schema
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect())
}

/// How a column's stored values become claim values.
#[derive(Debug, Clone, Copy)]
enum Meaning {
    Plain,
    Date,
    Decimal(i32),
    Timestamp(i64),
}

fn meaning(c: &ColumnDescriptor) -> Meaning {
    match c.logical_type_ref() {
        Some(LogicalType::Date) => return Meaning::Date,
        Some(LogicalType::Decimal(d)) => return Meaning::Decimal(d.scale),
        Some(LogicalType::Timestamp(t)) => {
            return Meaning::Timestamp(match t.unit {
                TimeUnit::MILLIS => 86_400_000,
                TimeUnit::MICROS => 86_400_000_000,
                TimeUnit::NANOS => 86_400_000_000_000,
            });
        }
        _ => {}
    }
    match c.converted_type() {
        ConvertedType::DATE => Meaning::Date,
        ConvertedType::DECIMAL => Meaning::Decimal(c.type_scale()),
        ConvertedType::TIMESTAMP_MILLIS => Meaning::Timestamp(86_400_000),
        ConvertedType::TIMESTAMP_MICROS => Meaning::Timestamp(86_400_000_000),
        _ => Meaning::Plain,
    }
}

fn days_to_date(days: i64) -> Option<NaiveDate> {
    let ce = i32::try_from(days).ok()?.checked_add(UNIX_EPOCH_DAYS_CE)?;
    NaiveDate::from_num_days_from_ce_opt(ce)
}

/// One slice of one column: values for the non-null rows, and each row's definition level.
enum Values {
    Bool(Vec<bool>),
    I32(Vec<i32>),
    I64(Vec<i64>),
    F32(Vec<f32>),
    F64(Vec<f64>),
    Bytes(Vec<ByteArray>),
    Fixed(Vec<FixedLenByteArray>),
    I96(Vec<Int96>),
}

struct Column {
    index: usize,
    meaning: Meaning,
    max_def: i16,
    reader: Option<ColumnReader>,
    values: Values,
    defs: Vec<i16>,
    /// Position in `values` of the next non-null row.
    cursor: std::cell::Cell<usize>,
}

fn read_slice<T: DataType>(
    r: &mut ColumnReaderImpl<T>,
    defs: &mut Vec<i16>,
    values: &mut Vec<T::T>,
    max_def: i16,
) -> parquet::errors::Result<usize> {
    defs.clear();
    values.clear();
    let def = (max_def > 0).then_some(defs);
    let (records, _, _) = r.read_records(SLICE_ROWS, def, None, values)?;
    Ok(records)
}

impl Column {
    /// Reads the next slice; returns the rows read.
    fn fill(&mut self) -> parquet::errors::Result<usize> {
        self.cursor.set(0);
        let Some(reader) = self.reader.as_mut() else {
            return Ok(0);
        };
        let (defs, max) = (&mut self.defs, self.max_def);
        match (reader, &mut self.values) {
            (ColumnReader::BoolColumnReader(r), Values::Bool(v)) => {
                read_slice::<BoolType>(r, defs, v, max)
            }
            (ColumnReader::Int32ColumnReader(r), Values::I32(v)) => {
                read_slice::<Int32Type>(r, defs, v, max)
            }
            (ColumnReader::Int64ColumnReader(r), Values::I64(v)) => {
                read_slice::<Int64Type>(r, defs, v, max)
            }
            (ColumnReader::FloatColumnReader(r), Values::F32(v)) => {
                read_slice::<FloatType>(r, defs, v, max)
            }
            (ColumnReader::DoubleColumnReader(r), Values::F64(v)) => {
                read_slice::<DoubleType>(r, defs, v, max)
            }
            (ColumnReader::ByteArrayColumnReader(r), Values::Bytes(v)) => {
                read_slice::<ByteArrayType>(r, defs, v, max)
            }
            (ColumnReader::FixedLenByteArrayColumnReader(r), Values::Fixed(v)) => {
                read_slice::<FixedLenByteArrayType>(r, defs, v, max)
            }
            (ColumnReader::Int96ColumnReader(r), Values::I96(v)) => {
                read_slice::<Int96Type>(r, defs, v, max)
            }
            _ => Err(parquet::errors::ParquetError::General(
                "column type changed between row groups".into(),
            )),
        }
    }

    /// Row `row` of the slice (rows in order).
    fn value(&self, row: usize) -> Value<'_> {
        if self.max_def > 0 && self.defs.get(row).is_none_or(|d| *d < self.max_def) {
            return Value::Empty;
        }
        let i = self.cursor.get();
        self.cursor.set(i + 1);
        let scale = |x: f64, s: i32| x / 10f64.powi(s);
        match (&self.values, self.meaning) {
            (Values::I32(v), Meaning::Date) => v
                .get(i)
                .and_then(|d| days_to_date(i64::from(*d)))
                .map_or(Value::Empty, Value::Date),
            (Values::I32(v), Meaning::Decimal(s)) => v
                .get(i)
                .map_or(Value::Empty, |x| Value::Number(scale(f64::from(*x), s))),
            (Values::I32(v), _) => v.get(i).map_or(Value::Empty, |x| Value::Int(i64::from(*x))),
            (Values::I64(v), Meaning::Decimal(s)) => v
                .get(i)
                .map_or(Value::Empty, |x| Value::Number(scale(*x as f64, s))),
            (Values::I64(v), Meaning::Timestamp(per_day)) => v
                .get(i)
                .and_then(|t| days_to_date(t.div_euclid(per_day)))
                .map_or(Value::Empty, Value::Date),
            (Values::I64(v), _) => v.get(i).map_or(Value::Empty, |x| Value::Int(*x)),
            (Values::F32(v), _) => v
                .get(i)
                .map_or(Value::Empty, |x| Value::Number(f64::from(*x))),
            (Values::F64(v), _) => v.get(i).map_or(Value::Empty, |x| Value::Number(*x)),
            (Values::Bool(v), _) => v.get(i).map_or(Value::Empty, |b| Value::Int(i64::from(*b))),
            (Values::Bytes(v), _) => v
                .get(i)
                .and_then(|b| b.as_utf8().ok())
                .map_or(Value::Empty, Value::Text),
            (Values::Fixed(v), Meaning::Decimal(s)) => v
                .get(i)
                .and_then(|b| big_endian_decimal(b.data()))
                .map_or(Value::Empty, |x| Value::Number(scale(x, s))),
            (Values::Fixed(v), _) => v
                .get(i)
                .and_then(|b| std::str::from_utf8(b.data()).ok())
                .map_or(Value::Empty, Value::Text),
            (Values::I96(v), _) => v
                .get(i)
                .and_then(|t| days_to_date(i64::from(t.data()[2]) - 2_440_588))
                .map_or(Value::Empty, Value::Date),
        }
    }
}

/// A fixed-length big-endian two's-complement integer (a DECIMAL) as a float.
fn big_endian_decimal(bytes: &[u8]) -> Option<f64> {
    if bytes.is_empty() || bytes.len() > 16 {
        return None;
    }
    let fill = if bytes[0] & 0x80 != 0 { 0xFF } else { 0 };
    let mut full = [fill; 16];
    full[16 - bytes.len()..].copy_from_slice(bytes);
    Some(i128::from_be_bytes(full) as f64)
}

fn empty_values(physical: Physical) -> Values {
    match physical {
        Physical::BOOLEAN => Values::Bool(Vec::new()),
        Physical::INT32 => Values::I32(Vec::new()),
        Physical::INT64 => Values::I64(Vec::new()),
        Physical::FLOAT => Values::F32(Vec::new()),
        Physical::DOUBLE => Values::F64(Vec::new()),
        Physical::BYTE_ARRAY => Values::Bytes(Vec::new()),
        Physical::FIXED_LEN_BYTE_ARRAY => Values::Fixed(Vec::new()),
        Physical::INT96 => Values::I96(Vec::new()),
    }
}

/// A Parquet claims file opened for one pass.
pub struct ParquetRows<'p> {
    reader: SerializedFileReader<std::fs::File>,
    headers: Vec<String>,
    progress: &'p Progress,
    path: std::path::PathBuf,
    /// Columns read; the rest are handed on as empty.
    wanted: Vec<usize>,
}

impl<'p> ParquetRows<'p> {
    pub fn open(path: &Path, progress: &'p Progress) -> Result<Self, String> {
        let reader = open_reader(path)?;
        let meta = reader.metadata();
        let schema = meta.file_metadata().schema_descr();
        if let Some(nested) = schema
            .columns()
            .iter()
            .find(|c| c.max_rep_level() > 0 || c.path().parts().len() > 1)
        {
            return Err(format!(
                "column '{}' is nested; a claims file is a flat table (one column per field)",
                nested.path()
            ));
        }
        let headers: Vec<String> = schema
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        let declared: i64 = meta.row_groups().iter().map(|g| g.num_rows()).sum();
        progress
            .rows_total
            .store(declared.max(0) as usize, Ordering::Relaxed);
        progress.rows_done.store(0, Ordering::Relaxed);
        Ok(ParquetRows {
            reader,
            wanted: (0..headers.len()).collect(),
            headers,
            progress,
            path: path.to_path_buf(),
        })
    }

    /// Reads only these columns (the mapping's).
    pub fn project(&mut self, columns: &[usize]) {
        self.wanted = columns.to_vec();
    }

    fn unreadable(&self, group: usize, e: impl std::fmt::Display) -> ClaimsError {
        ClaimsError::Unreadable {
            file: self.path.display().to_string(),
            reason: format!("row group {}: {e}", group + 1),
        }
    }

    fn columns_of(&self, group: usize) -> Result<(Vec<Column>, usize), ClaimsError> {
        let rg = self
            .reader
            .get_row_group(group)
            .map_err(|e| self.unreadable(group, e))?;
        let rows = usize::try_from(rg.metadata().num_rows()).unwrap_or(0);
        let mut columns = Vec::new();
        for &index in &self.wanted {
            let descr = rg.metadata().column(index).column_descr_ptr();
            let reader = rg
                .get_column_reader(index)
                .map_err(|e| self.unreadable(group, e))?;
            columns.push(Column {
                index,
                meaning: meaning(&descr),
                max_def: descr.max_def_level(),
                reader: Some(reader),
                values: empty_values(descr.physical_type()),
                defs: Vec::new(),
                cursor: std::cell::Cell::new(0),
            });
        }
        Ok((columns, rows))
    }
}

impl RowReader for ParquetRows<'_> {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn project(&mut self, columns: &[usize]) {
        ParquetRows::project(self, columns);
    }

    fn for_each_row(&mut self, each: &mut super::rows::EachRow) -> Result<(), ClaimsError> {
        let width = self.headers.len();
        let mut row_number: u64 = 1;
        for group in 0..self.reader.num_row_groups() {
            let (mut columns, mut left) = self.columns_of(group)?;
            while left > 0 {
                let mut read = usize::MAX;
                for c in &mut columns {
                    read = read.min(c.fill().map_err(|e| self.unreadable(group, e))?);
                }
                if read == usize::MAX {
                    read = left.min(SLICE_ROWS);
                }
                if read == 0 {
                    return Err(
                        self.unreadable(group, "the row group ends before its declared row count")
                    );
                }
                let mut values = vec![Value::Empty; width];
                for row in 0..read {
                    for c in &columns {
                        values[c.index] = c.value(row);
                    }
                    row_number += 1;
                    each(row_number, &values)?;
                }
                left = left.saturating_sub(read);
                self.progress.rows_done.fetch_add(read, Ordering::Relaxed);
            }
        }
        Ok(())
    }

    fn sha256(&mut self) -> Result<String, String> {
        use sha2::{Digest, Sha256};
        use std::io::Read;
        let mut file = std::fs::File::open(&self.path).map_err(|e| crate::format::io_words(&e))?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = file
                .read(&mut buf)
                .map_err(|e| crate::format::io_words(&e))?;
            if n == 0 {
                return Ok(crate::format::hex(&hasher.finalize()));
            }
            hasher.update(&buf[..n]);
        }
    }
}
