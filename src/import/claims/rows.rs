//! A claims row as a source hands it over (values borrowed from the reader's buffer), and the
//! readers of one value: fast paths for the spellings machine exports use, the workbook
//! importer's readers for everything else.

use crate::import::cell::{self, CellValue};
use chrono::NaiveDate;

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

/// A date: a date value, text as the workbook importer reads it (YYYY-MM-DD quickly,
/// MM/DD/YYYY, …), numbers as YYYYMMDD or Excel serials; outside 1900–2100 is a problem.
pub fn date(v: Value) -> Result<Option<NaiveDate>, String> {
    match v {
        Value::Empty => Ok(None),
        Value::Date(d) => cell::date_in_range(d).map(Some),
        Value::Text(t) => cell::parse_date_str(t),
        other => cell::parse_date(&other.to_cell()),
    }
}

/// An amount: numbers as they are, text as the workbook importer reads it ("$1,234.50",
/// "(12.00)"). Negative amounts are kept: they are reversals.
pub fn money(v: Value) -> Result<Option<f64>, String> {
    match v {
        Value::Empty => Ok(None),
        Value::Text(t) => cell::parse_money_str(t),
        Value::Date(_) => Err("expected an amount, found a date".into()),
        other => cell::parse_money(&other.to_cell()),
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
