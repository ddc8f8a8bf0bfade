//! Any workspace table written as Parquet (`export-parquet`), for DuckDB, Spark or a
//! warehouse. Column types follow the table's declared ones (INTEGER → INT64, REAL → DOUBLE,
//! anything else → UTF-8 text, dates as ISO text); a table keyed by purchaser also gets the
//! purchaser's name, which is what an engine groups by. Rows stream out in row groups, so a
//! table of millions of claim lines never sits in memory whole.

use crate::store::{StoreError, Workspace};
use parquet::basic::{Compression, ConvertedType, Repetition, Type as Physical};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use rusqlite::types::ValueRef;
use std::path::Path;
use std::sync::Arc;

/// Rows per row group.
const GROUP_ROWS: usize = 131_072;

/// Why an export failed; names the file.
#[derive(Debug, thiserror::Error)]
pub enum ParquetExportError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{file}: {reason}")]
    Write { file: String, reason: String },
}

impl From<rusqlite::Error> for ParquetExportError {
    fn from(e: rusqlite::Error) -> Self {
        ParquetExportError::Store(StoreError::Sqlite(e))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Int,
    Real,
    Text,
}

/// One column's values for the current row group (`None` = null).
enum Buffer {
    Int(Vec<Option<i64>>),
    Real(Vec<Option<f64>>),
    Text(Vec<Option<ByteArray>>),
}

impl Buffer {
    fn new(kind: Kind) -> Buffer {
        match kind {
            Kind::Int => Buffer::Int(Vec::new()),
            Kind::Real => Buffer::Real(Vec::new()),
            Kind::Text => Buffer::Text(Vec::new()),
        }
    }

    fn push(&mut self, v: ValueRef) {
        match self {
            Buffer::Int(b) => b.push(match v {
                ValueRef::Integer(i) => Some(i),
                ValueRef::Real(x) => Some(x as i64),
                _ => None,
            }),
            Buffer::Real(b) => b.push(match v {
                ValueRef::Integer(i) => Some(i as f64),
                ValueRef::Real(x) => Some(x),
                _ => None,
            }),
            Buffer::Text(b) => b.push(match v {
                ValueRef::Null => None,
                ValueRef::Integer(i) => Some(ByteArray::from(i.to_string().into_bytes())),
                ValueRef::Real(x) => Some(ByteArray::from(x.to_string().into_bytes())),
                ValueRef::Text(t) | ValueRef::Blob(t) => Some(ByteArray::from(t.to_vec())),
            }),
        }
    }
}

/// The Parquet kind of a declared SQLite type.
fn kind_of(declared: &str) -> Kind {
    match declared.to_ascii_uppercase().as_str() {
        t if t.contains("INT") => Kind::Int,
        t if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") => Kind::Real,
        _ => Kind::Text,
    }
}

fn schema(columns: &[(String, Kind)]) -> parquet::errors::Result<Type> {
    let fields = columns
        .iter()
        .map(|(name, kind)| {
            let (physical, converted) = match kind {
                Kind::Int => (Physical::INT64, ConvertedType::NONE),
                Kind::Real => (Physical::DOUBLE, ConvertedType::NONE),
                Kind::Text => (Physical::BYTE_ARRAY, ConvertedType::UTF8),
            };
            Type::primitive_type_builder(name, physical)
                .with_repetition(Repetition::OPTIONAL)
                .with_converted_type(converted)
                .build()
                .map(Arc::new)
        })
        .collect::<parquet::errors::Result<Vec<_>>>()?;
    Type::group_type_builder("schema")
        .with_fields(fields)
        .build()
}

/// Levels and the non-null values of one column.
fn split<T: Clone>(values: &[Option<T>]) -> (Vec<i16>, Vec<T>) {
    let defs = values.iter().map(|v| i16::from(v.is_some())).collect();
    (defs, values.iter().flatten().cloned().collect())
}

fn write_group<W: std::io::Write + Send>(
    writer: &mut SerializedFileWriter<W>,
    buffers: &[Buffer],
) -> parquet::errors::Result<()> {
    let mut group = writer.next_row_group()?;
    for buffer in buffers {
        let Some(mut column) = group.next_column()? else {
            break;
        };
        match buffer {
            Buffer::Int(v) => {
                let (defs, vals) = split(v);
                column
                    .typed::<Int64Type>()
                    .write_batch(&vals, Some(&defs), None)?;
            }
            Buffer::Real(v) => {
                let (defs, vals) = split(v);
                column
                    .typed::<DoubleType>()
                    .write_batch(&vals, Some(&defs), None)?;
            }
            Buffer::Text(v) => {
                let (defs, vals) = split(v);
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&vals, Some(&defs), None)?;
            }
        }
        column.close()?;
    }
    group.close()?;
    Ok(())
}

/// Writes `table` to `out` as Parquet (Snappy); returns the rows written.
pub fn export_table(ws: &Workspace, table: &str, out: &Path) -> Result<u64, ParquetExportError> {
    let fail = |e: &dyn std::fmt::Display| ParquetExportError::Write {
        file: out.display().to_string(),
        reason: e.to_string(),
    };
    let columns: Vec<(String, Kind)> = ws
        .export_columns(table)?
        .into_iter()
        .map(|(name, declared)| (name, kind_of(&declared)))
        .collect();
    let schema = Arc::new(schema(&columns).map_err(|e| fail(&e))?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build(),
    );
    // Written beside the target and renamed into place: a failed export leaves no half file.
    let partial = out.with_extension("parquet.partial");
    let file = std::fs::File::create(&partial).map_err(|e| fail(&crate::format::io_words(&e)))?;
    let mut writer = SerializedFileWriter::new(file, schema, props).map_err(|e| fail(&e))?;
    let kinds: Vec<Kind> = columns.iter().map(|c| c.1).collect();
    let mut buffers: Vec<Buffer> = kinds.iter().map(|k| Buffer::new(*k)).collect();
    let (mut written, mut in_group) = (0u64, 0usize);
    ws.for_each_export_row(table, &mut |r| {
        for (i, b) in buffers.iter_mut().enumerate() {
            b.push(r.get_ref(i).map_err(StoreError::from)?);
        }
        in_group += 1;
        written += 1;
        if in_group == GROUP_ROWS {
            write_group(&mut writer, &buffers).map_err(|e| fail(&e))?;
            buffers = kinds.iter().map(|k| Buffer::new(*k)).collect();
            in_group = 0;
        }
        Ok::<_, ParquetExportError>(())
    })?;
    if in_group > 0 || written == 0 {
        write_group(&mut writer, &buffers).map_err(|e| fail(&e))?;
    }
    writer.close().map_err(|e| fail(&e))?;
    std::fs::rename(&partial, out).map_err(|e| fail(&crate::format::io_words(&e)))?;
    Ok(written)
}
