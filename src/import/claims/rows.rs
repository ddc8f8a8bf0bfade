//! A claims row as a source hands it over (values borrowed from the reader's buffer), and the
//! readers of one value: fast paths for the spellings machine exports use, the workbook
//! importer's readers for everything else.

use crate::import::cell::{self, CellValue};
use chrono::{Datelike, NaiveDate};

/// One value, borrowed from the source.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    Int(i64),
    Date(NaiveDate),
}

impl Value<'_> {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// As shown in a problem, and as text for a code given as a number.
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.to_string(),
            Value::Number(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
            Value::Number(x) => format!("{x}"),
            Value::Int(i) => i.to_string(),
            Value::Date(d) => cell::iso_date(*d),
        }
    }

    fn to_cell(self) -> CellValue {
        match self {
            Value::Empty => CellValue::Empty,
            Value::Text(s) => CellValue::Text(s.to_string()),
            Value::Number(x) => CellValue::Number(x),
            Value::Int(i) => CellValue::Number(i as f64),
            Value::Date(d) => CellValue::Date(d),
        }
    }
}

/// What a reader hands each row to: its row number in the file and its values.
pub type EachRow<'f> = dyn FnMut(u64, &[Value]) -> Result<(), super::ClaimsError> + 'f;

/// A source of claims rows: its header, then each data row with its row number in the file.
pub trait RowReader {
    fn headers(&self) -> &[String];

    /// Only these columns will be looked at (a columnar file reads no others).
    fn project(&mut self, _columns: &[usize]) {}

    /// Calls `each` for every data row in order; stops at the first error `each` returns.
    fn for_each_row(&mut self, each: &mut EachRow) -> Result<(), super::ClaimsError>;

    /// The sha256 of the file, once every row has been read.
    fn sha256(&mut self) -> Result<String, String>;
}

const MIN_YEAR: i32 = 1900;
const MAX_YEAR: i32 = 2100;

/// YYYY-MM-DD without allocating.
fn iso(t: &str) -> Option<NaiveDate> {
    let b = t.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
}

/// A date: a date value, ISO text quickly, anything else as the workbook importer reads it
/// (MM/DD/YYYY, YYYYMMDD, Excel serials); outside 1900–2100 is a problem.
pub fn date(v: Value) -> Result<Option<NaiveDate>, String> {
    let d = match v {
        Value::Empty => return Ok(None),
        Value::Date(d) => d,
        Value::Text(t) => match iso(t.trim()) {
            Some(d) => d,
            None => return cell::parse_date(&v.to_cell()),
        },
        other => return cell::parse_date(&other.to_cell()),
    };
    if !(MIN_YEAR..=MAX_YEAR).contains(&d.year()) {
        return Err(format!("date {d} is out of range ({MIN_YEAR}–{MAX_YEAR})"));
    }
    Ok(Some(d))
}

/// An amount: numbers as they are, plain decimal text quickly, "$1,234.50" and "(12.00)" as
/// the workbook importer reads them. Negative amounts are kept: they are reversals.
pub fn money(v: Value) -> Result<Option<f64>, String> {
    match v {
        Value::Empty => Ok(None),
        Value::Number(x) if x.is_finite() => Ok(Some(x)),
        Value::Number(_) => Err("not a finite number".into()),
        Value::Int(i) => Ok(Some(i as f64)),
        Value::Text(t) => match t.trim().parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Some(x)),
            _ => cell::parse_money(&v.to_cell()),
        },
        Value::Date(_) => Err("expected an amount, found a date".into()),
    }
}

/// A whole number (a line number); anything else is left out.
pub fn int(v: Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(i),
        Value::Number(x) if x.fract() == 0.0 => Some(x as i64),
        Value::Text(t) => t.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_text_dates_read_quickly_and_others_as_workbooks_do() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 7).unwrap();
        assert_eq!(date(Value::Text("2025-03-07")), Ok(Some(d)));
        assert_eq!(date(Value::Text("03/07/2025")), Ok(Some(d)));
        assert_eq!(date(Value::Int(20250307)), Ok(Some(d)));
    }

    #[test]
    fn a_date_out_of_range_is_a_problem() {
        assert!(date(Value::Text("2525-01-01")).is_err());
        assert!(date(Value::Text("1800-01-01")).is_err());
    }

    #[test]
    fn amounts_keep_their_sign() {
        assert_eq!(money(Value::Text("-120.50")), Ok(Some(-120.5)));
        assert_eq!(money(Value::Text("($1,200.00)")), Ok(Some(-1200.0)));
        assert!(money(Value::Text("abc")).is_err());
    }
}
