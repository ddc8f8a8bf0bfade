//! Cell values and the parsers that turn what exports contain ("$1,234.50", "(1,234.50)",
//! "80%", "N/A", serial and text dates, IDs with leading zeros) into typed values.

use chrono::{Datelike, NaiveDate};

/// One cell, independent of the file format it came from.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
    Error(String),
}

impl CellValue {
    /// The cell as a user would read it in a report.
    pub fn display(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(s) => s.clone(),
            CellValue::Number(x) => format_number(*x),
            CellValue::Bool(b) => {
                if *b {
                    "TRUE".into()
                } else {
                    "FALSE".into()
                }
            }
            CellValue::Date(d) => d.format("%Y-%m-%d").to_string(),
            CellValue::Error(e) => e.clone(),
        }
    }

    /// True for blanks and the usual spellings of "missing".
    pub fn is_missing(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(s) => is_missing_text(s),
            CellValue::Error(e) => e.trim().eq_ignore_ascii_case("#N/A"),
            _ => false,
        }
    }
}

fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// "N/A", "#N/A", "NA", "-", "null", "none", blanks, and CMS's "Not Applicable" and
/// "Not Covered" (also "per person not applicable") mean missing.
pub fn is_missing_text(s: &str) -> bool {
    let t = s.trim();
    // Most spellings are short; longer text is a value unless it is one of CMS's phrases
    // (checked only then, as this runs for every cell).
    if t.len() > 8 {
        return t.len() <= 32 && is_cms_missing_phrase(t);
    }
    t.is_empty()
        || [
            "n/a", "#n/a", "na", "-", "--", "null", "none", "(blank)", "n.a.",
        ]
        .iter()
        .any(|m| t.eq_ignore_ascii_case(m))
}

fn is_cms_missing_phrase(t: &str) -> bool {
    let lower = t.to_ascii_lowercase();
    lower.ends_with("not applicable") || lower == "not covered"
}

/// Why a cell could not be read as the field's type.
pub type CellProblem = String;

/// Reads money: numbers, "$1,234.50", "(1,234.50)" (negative), "-$12", "1 234,00" is refused.
pub fn parse_money(cell: &CellValue) -> Result<Option<f64>, CellProblem> {
    match cell {
        _ if cell.is_missing() => Ok(None),
        CellValue::Number(x) => finite(*x).map(Some),
        CellValue::Text(s) => parse_money_str(s),
        CellValue::Error(e) => Err(format!("error cell {e}")),
        other => Err(format!("expected an amount, found {}", other.display())),
    }
}

/// Reads money written as text (see `parse_money`), without copying it when it is a plain
/// number, as most exports write it.
pub fn parse_money_str(s: &str) -> Result<Option<f64>, CellProblem> {
    if is_missing_text(s) {
        return Ok(None);
    }
    if let Ok(x) = s.trim().parse::<f64>()
        && x.is_finite()
    {
        return Ok(Some(x));
    }
    parse_money_text(s).map(Some)
}

fn finite(x: f64) -> Result<f64, CellProblem> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err("not a finite number".into())
    }
}

fn parse_money_text(s: &str) -> Result<f64, CellProblem> {
    let t = s.trim();
    let (negative, inner) = match t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        Some(inner) => (true, inner),
        None => (false, t),
    };
    let inner = strip_unit_suffix(inner);
    let cleaned: String = inner
        .chars()
        .filter(|c| !matches!(c, '$' | ',' | ' ' | '\u{a0}'))
        .collect();
    let cleaned = cleaned.trim_end_matches("USD").trim_start_matches("USD");
    let (negative, cleaned) = match cleaned.strip_prefix('-') {
        Some(rest) => (!negative, rest),
        None => (negative, cleaned),
    };
    let value: f64 = cleaned
        .parse()
        .map_err(|_| format!("'{s}' is not an amount"))?;
    finite(if negative { -value } else { value })
}

/// Drops the CMS PUF's " per person" / " per group" after a family amount.
fn strip_unit_suffix(s: &str) -> &str {
    let t = s.trim_end();
    for suffix in [" per person", " per group"] {
        // `get` rather than indexing: the cut may fall inside a multi-byte character (a fuzzer
        // found "Ø %Ø %", which panicked here).
        let cut = t.len().saturating_sub(suffix.len());
        if t.len() > suffix.len()
            && t.get(cut..)
                .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
        {
            return &t[..cut];
        }
    }
    t
}

/// Reads a plain number (counts, volumes, scores); accepts thousands separators.
pub fn parse_number(cell: &CellValue) -> Result<Option<f64>, CellProblem> {
    match cell {
        CellValue::Text(s) if !cell.is_missing() && s.trim().ends_with('%') => {
            parse_percent(cell).map(|v| v.map(|x| x * 100.0))
        }
        _ => parse_money(cell).map_err(|_| format!("'{}' is not a number", cell.display())),
    }
}

/// Reads a rate as a fraction: 0.2, "20%", "20 %", and 20 (read as 20 %) all give 0.2.
pub fn parse_percent(cell: &CellValue) -> Result<Option<f64>, CellProblem> {
    let value = match cell {
        _ if cell.is_missing() => return Ok(None),
        CellValue::Number(x) => finite(*x)?,
        CellValue::Text(s) => {
            let t = cost_sharing_rate(s.trim());
            match t.strip_suffix('%') {
                Some(p) => {
                    return parse_money_text(p)
                        .map(|v| Some(v / 100.0))
                        .map_err(|_| format!("'{s}' is not a percentage"));
                }
                None => parse_money_text(t).map_err(|_| format!("'{s}' is not a percentage"))?,
            }
        }
        CellValue::Error(e) => return Err(format!("error cell {e}")),
        other => return Err(format!("expected a percentage, found {}", other.display())),
    };
    if value > 1.0 && value <= 100.0 {
        return Ok(Some(value / 100.0));
    }
    if !(0.0..=1.0).contains(&value) {
        return Err(format!("{value} is not a percentage between 0 and 100 %"));
    }
    Ok(Some(value))
}

/// The rate in plan-file phrases: "20% Coinsurance after deductible" → "20%", "No Charge" → "0%".
fn cost_sharing_rate(t: &str) -> &str {
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("no charge") {
        return "0%";
    }
    match t.find('%') {
        Some(i) if i + 1 < t.len() && lower[i + 1..].trim_start().starts_with("coinsurance") => {
            &t[..=i]
        }
        _ => t,
    }
}

/// Reads yes/no flags: TRUE/FALSE, Y/N, Yes/No, 1/0.
pub fn parse_bool(cell: &CellValue) -> Result<Option<bool>, CellProblem> {
    match cell {
        _ if cell.is_missing() => Ok(None),
        CellValue::Bool(b) => Ok(Some(*b)),
        CellValue::Number(x) if *x == 0.0 || *x == 1.0 => Ok(Some(*x == 1.0)),
        CellValue::Text(s) => match s.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" | "true" | "t" | "1" | "x" => Ok(Some(true)),
            "n" | "no" | "false" | "f" | "0" => Ok(Some(false)),
            _ => Err(format!("'{s}' is not yes or no")),
        },
        other => Err(format!("'{}' is not yes or no", other.display())),
    }
}

/// Earliest and latest dates accepted (anything else is a typo or a sentinel).
const MIN_YEAR: i32 = 1900;
const MAX_YEAR: i32 = 2100;

/// Reads dates: real date cells, Excel serials (1900 system), ISO text, MM/DD/YYYY,
/// YYYYMMDD integers, "15-Mar-2019".
pub fn parse_date(cell: &CellValue) -> Result<Option<NaiveDate>, CellProblem> {
    parse_date_on(cell, false)
}

/// As [`parse_date`], for a workbook on the 1904 date system (old Mac Excel): plain serial
/// numbers count days from 1904-01-01.
pub fn parse_date_1904(cell: &CellValue) -> Result<Option<NaiveDate>, CellProblem> {
    parse_date_on(cell, true)
}

fn parse_date_on(cell: &CellValue, date1904: bool) -> Result<Option<NaiveDate>, CellProblem> {
    let date = match cell {
        _ if cell.is_missing() => return Ok(None),
        CellValue::Date(d) => *d,
        CellValue::Number(x) => number_to_date(*x, date1904)
            .ok_or_else(|| format!("{} is not a date", format_number(*x)))?,
        CellValue::Text(s) => return parse_date_str(s),
        CellValue::Error(e) => return Err(format!("error cell {e}")),
        CellValue::Bool(_) => return Err("expected a date, found TRUE/FALSE".into()),
        CellValue::Empty => return Ok(None),
    };
    date_in_range(date).map(Some)
}

/// Reads a date written as text (see `parse_date`), without copying it.
pub fn parse_date_str(s: &str) -> Result<Option<NaiveDate>, CellProblem> {
    if is_missing_text(s) {
        return Ok(None);
    }
    let date = parse_date_text(s).ok_or_else(|| format!("'{}' is not a date", s.trim()))?;
    date_in_range(date).map(Some)
}

/// The date, or why it is out of range (anything outside is a typo or a sentinel).
pub fn date_in_range(date: NaiveDate) -> Result<NaiveDate, CellProblem> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
        return Err(format!(
            "date {date} is out of range ({MIN_YEAR}–{MAX_YEAR})"
        ));
    }
    Ok(date)
}

fn number_to_date(x: f64, date1904: bool) -> Option<NaiveDate> {
    if x.fract() == 0.0 && (19_000_101.0..=21_001_231.0).contains(&x) {
        let n = x as i64;
        return NaiveDate::from_ymd_opt(
            (n / 10_000) as i32,
            ((n / 100) % 100) as u32,
            (n % 100) as u32,
        );
    }
    excel_serial_to_date(x, date1904)
}

/// Excel serial day number to a date (1900 system, or 1904 when `date1904`).
pub fn excel_serial_to_date(serial: f64, date1904: bool) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let base = if date1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    base.checked_add_signed(chrono::Duration::days(serial.floor() as i64))
}

/// Fast path for the two spellings almost every export uses: YYYY-MM-DD and MM/DD/YYYY.
fn parse_common_date(t: &str) -> Option<NaiveDate> {
    let b = t.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        std::str::from_utf8(b.get(r)?).ok()?.parse().ok()
    };
    match (b.len(), b.get(4), b.get(2), b.get(5)) {
        (10, Some(b'-'), _, _) if b[7] == b'-' => {
            NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
        }
        (10, _, Some(b'/'), Some(b'/')) => {
            NaiveDate::from_ymd_opt(num(6..10)? as i32, num(0..2)?, num(3..5)?)
        }
        _ => None,
    }
}

/// A date as the workspace stores it: YYYY-MM-DD.
pub fn iso_date(d: NaiveDate) -> String {
    let (y, m, day) = (d.year().clamp(0, 9999) as u32, d.month(), d.day());
    let digits = [
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        m / 10,
        m % 10,
        day / 10,
        day % 10,
    ]
    .map(|x| b'0' + x as u8);
    let bytes = [
        digits[0], digits[1], digits[2], digits[3], b'-', digits[4], digits[5], b'-', digits[6],
        digits[7],
    ];
    String::from_utf8_lossy(&bytes).into_owned()
}

fn parse_date_text(s: &str) -> Option<NaiveDate> {
    let t = s.trim();
    if let Some(d) = parse_common_date(t) {
        return Some(d);
    }

    let head = t.split([' ', 'T']).next().unwrap_or(t);
    for fmt in [
        "%Y-%m-%d",
        "%m/%d/%Y",
        "%m-%d-%Y",
        "%Y/%m/%d",
        "%d-%b-%Y",
        "%d %b %Y",
        "%b %d, %Y",
        "%m/%d/%y",
        "%Y%m%d",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(head, fmt) {
            return Some(d);
        }
        if let Ok(d) = NaiveDate::parse_from_str(t, fmt) {
            return Some(d);
        }
    }
    None
}

/// Reads a year-month such as "2024-01", "01/2024", "Jan 2024" or a date; returns (year, month).
pub fn parse_year_month(cell: &CellValue) -> Result<Option<(i64, i64)>, CellProblem> {
    if cell.is_missing() {
        return Ok(None);
    }
    if let CellValue::Text(s) = cell {
        let t = s.trim();
        for (sep, year_first) in [('-', true), ('/', false), ('/', true)] {
            if let Some((a, b)) = t.split_once(sep) {
                let (y, m) = if year_first { (a, b) } else { (b, a) };
                if let (Ok(y), Ok(m)) = (y.trim().parse::<i64>(), m.trim().parse::<i64>())
                    && (1..=12).contains(&m)
                    && (1900..=2100).contains(&y)
                {
                    return Ok(Some((y, m)));
                }
            }
        }
        if let Ok(d) = NaiveDate::parse_from_str(&format!("01 {t}"), "%d %b %Y") {
            return Ok(Some((d.year() as i64, d.month() as i64)));
        }
    }
    parse_date(cell).map(|d| d.map(|d| (d.year() as i64, d.month() as i64)))
}

/// Reads an identifier as text, keeping leading zeros; whole numbers lose their ".0".
pub fn parse_id(cell: &CellValue) -> Result<Option<String>, CellProblem> {
    match cell {
        _ if cell.is_missing() => Ok(None),
        CellValue::Text(s) => Ok(Some(s.trim().to_string())),
        CellValue::Number(x) => Ok(Some(format_number(*x))),
        CellValue::Error(e) => Err(format!("error cell {e}")),
        other => Ok(Some(other.display())),
    }
}

/// Reads free text (trimmed).
pub fn parse_text(cell: &CellValue) -> Result<Option<String>, CellProblem> {
    parse_id(cell)
}

/// Reads an integer such as a year.
pub fn parse_int(cell: &CellValue) -> Result<Option<i64>, CellProblem> {
    match parse_number(cell)? {
        None => Ok(None),
        Some(x) if x.fract() == 0.0 => Ok(Some(x as i64)),
        Some(x) => Err(format!("{x} is not a whole number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> CellValue {
        CellValue::Text(s.into())
    }

    #[test]
    fn money_text_with_symbols_and_separators() {
        assert_eq!(parse_money(&t("$1,234.50")), Ok(Some(1234.5)));
        assert_eq!(parse_money(&t("$4,750 ")), Ok(Some(4750.0)));
        assert_eq!(parse_money(&t("(1,234.50)")), Ok(Some(-1234.5)));
        assert_eq!(parse_money(&t("-$12")), Ok(Some(-12.0)));
        assert_eq!(parse_money(&t("830.7500")), Ok(Some(830.75)));
    }

    #[test]
    fn missing_spellings_are_missing() {
        for s in ["N/A", "#N/A", "", "  ", "-", "null"] {
            assert_eq!(parse_money(&t(s)), Ok(None), "{s:?}");
        }
        assert_eq!(parse_money(&CellValue::Error("#N/A".into())), Ok(None));
    }

    #[test]
    fn bad_money_is_reported() {
        assert_eq!(
            parse_money(&t("abc")),
            Err("'abc' is not an amount".to_string())
        );
        assert!(
            parse_money(&CellValue::Error("#DIV/0!".into()))
                .unwrap_err()
                .contains("#DIV/0!")
        );
    }

    #[test]
    fn percentages_in_every_spelling() {
        assert_eq!(parse_percent(&t("80%")), Ok(Some(0.8)));
        assert_eq!(parse_percent(&t("70.12%")), Ok(Some(0.7012)));
        assert_eq!(parse_percent(&CellValue::Number(0.2)), Ok(Some(0.2)));
        assert_eq!(parse_percent(&CellValue::Number(20.0)), Ok(Some(0.2)));
        assert!(parse_percent(&CellValue::Number(250.0)).is_err());
    }

    #[test]
    fn dates_as_serials_text_and_integers() {
        let d = NaiveDate::from_ymd_opt(2019, 3, 15).unwrap();
        assert_eq!(parse_date(&CellValue::Number(43_539.0)), Ok(Some(d)));
        assert_eq!(parse_date(&t("03/15/2019")), Ok(Some(d)));
        assert_eq!(parse_date(&t("2019-03-15")), Ok(Some(d)));
        assert_eq!(parse_date(&t("15-Mar-2019")), Ok(Some(d)));
        assert_eq!(parse_date(&CellValue::Number(20_190_315.0)), Ok(Some(d)));
        assert_eq!(
            parse_date(&t("3/8/2022 1:01")),
            Ok(NaiveDate::from_ymd_opt(2022, 3, 8))
        );
    }

    #[test]
    fn the_1904_date_system_shifts_serials_by_1462_days() {
        let d1900 = excel_serial_to_date(43_539.0, false).unwrap();
        let d1904 = excel_serial_to_date(43_539.0 - 1_462.0, true).unwrap();
        assert_eq!(d1900, d1904);
    }

    #[test]
    fn dates_out_of_range_are_refused() {
        assert!(
            parse_date(&t("12/31/9999"))
                .unwrap_err()
                .contains("out of range")
        );
        assert!(
            parse_date(&t("1/1/1850"))
                .unwrap_err()
                .contains("out of range")
        );
    }

    #[test]
    fn ids_keep_leading_zeros_and_drop_float_tails() {
        assert_eq!(parse_id(&t("007")), Ok(Some("007".into())));
        assert_eq!(
            parse_id(&CellValue::Number(12345.0)),
            Ok(Some("12345".into()))
        );
    }

    #[test]
    fn cms_family_amounts_read_per_person_and_per_group() {
        assert_eq!(parse_money(&t("$17400 per group")), Ok(Some(17400.0)));
        assert_eq!(parse_money(&t("$750 per person")), Ok(Some(750.0)));
    }

    #[test]
    fn text_ending_inside_a_multibyte_character_is_refused_not_a_panic() {
        // The fuzzer's bytes d8 20 20 25 d8 20 20 25, read leniently as UTF-8.
        let s = String::from_utf8_lossy(&[0xd8, 0x20, 0x20, 0x25, 0xd8, 0x20, 0x20, 0x25]);
        assert!(parse_money(&t(&s)).is_err());
        assert!(parse_money(&t("€€€€€€€€€€€€ per")).is_err());
    }

    #[test]
    fn cms_not_applicable_phrases_are_missing() {
        for s in [
            "Not Applicable",
            "Not Covered",
            "per person not applicable",
            "per group not applicable",
            "N/A",
        ] {
            assert_eq!(parse_money(&t(s)), Ok(None), "{s}");
            assert_eq!(parse_percent(&t(s)), Ok(None), "{s}");
        }
    }

    #[test]
    fn coinsurance_phrases_read_as_rates() {
        assert_eq!(parse_percent(&t("20.00%")), Ok(Some(0.2)));
        assert_eq!(
            parse_percent(&t("20% Coinsurance after deductible")),
            Ok(Some(0.2))
        );
        assert_eq!(
            parse_percent(&t("No Charge after deductible")),
            Ok(Some(0.0))
        );
        assert!(parse_percent(&t("20% of something else")).is_err());
    }

    #[test]
    fn year_month_spellings() {
        assert_eq!(parse_year_month(&t("2024-01")), Ok(Some((2024, 1))));
        assert_eq!(parse_year_month(&t("01/2024")), Ok(Some((2024, 1))));
        assert_eq!(parse_year_month(&t("Jan 2024")), Ok(Some((2024, 1))));
    }
}

#[cfg(test)]
mod format_tests {
    use super::*;

    #[test]
    fn iso_dates_are_zero_padded() {
        assert_eq!(
            iso_date(NaiveDate::from_ymd_opt(1905, 3, 7).unwrap()),
            "1905-03-07"
        );
        assert_eq!(
            iso_date(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()),
            "2026-12-31"
        );
    }
}
