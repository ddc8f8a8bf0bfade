//! Delimited text: encoding (UTF-8, UTF-16 with BOM, else Windows-1252) and delimiter detection.

/// The line where a quoted value opens and is never closed, if any: such a file would silently
/// swallow every following row into one cell.
pub fn unclosed_quote_line(text: &str) -> Option<usize> {
    let mut in_quotes = false;
    let mut field_start = true;
    let mut line = 1;
    let mut opened_on = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if in_quotes && chars.peek() == Some(&'"') => {
                chars.next();
            }
            '"' if in_quotes => in_quotes = false,
            '"' if field_start => {
                in_quotes = true;
                opened_on = line;
            }
            '\n' => line += 1,
            _ => {}
        }
        field_start = !in_quotes && matches!(c, ',' | '\t' | ';' | '|' | '\n' | '\r');
    }
    in_quotes.then_some(opened_on)
}

/// Decodes `bytes` and splits them into records with the detected delimiter, refusing a line
/// of more than `max_columns` fields (the caller's limit, so this module needs no other).
pub fn read_delimited(bytes: &[u8], max_columns: usize) -> Result<Vec<Vec<String>>, String> {
    let text = decode(bytes);
    if let Some(line) = unclosed_quote_line(&text) {
        return Err(format!(
            "line {line}: a quoted value opens here and is never closed; close the quote and import again"
        ));
    }
    if let Some((line, fields)) = too_wide_line(&text, max_columns) {
        check_width(fields, line, max_columns)?;
    }
    let mut rows = Vec::new();
    for (i, record) in records(&text).enumerate() {
        let record = record.map_err(|e| format!("line {}: {e}", i + 1))?;
        check_width(record.len(), i + 1, max_columns)?;
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(rows)
}

/// The first line with more than `max_columns` fields, and how many it has, found in one pass
/// over the text without splitting it (a line of millions of fields would cost gigabytes to
/// split before it could be refused).
pub fn too_wide_line(text: &str, max_columns: usize) -> Option<(usize, usize)> {
    let delimiter = detect_delimiter(text);
    let (mut line, mut fields, mut in_quotes) = (1, 1, false);
    for b in text.bytes() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                if fields > max_columns {
                    return Some((line, fields));
                }
                line += 1;
                fields = 1;
            }
            d if d == delimiter && !in_quotes => fields += 1,
            _ => {}
        }
    }
    (fields > max_columns).then_some((line, fields))
}

/// Refuses a line with more fields than a sheet has columns.
pub fn check_width(fields: usize, line: usize, max_columns: usize) -> Result<(), String> {
    if fields <= max_columns {
        return Ok(());
    }
    Err(format!(
        "line {line} has {} fields, over the limit of {} for one line, so this is not a table (ALLIANCE_DESK_MAX_COLUMNS raises the limit)",
        crate::format::count(fields as i64),
        crate::format::count(max_columns as i64)
    ))
}

/// The records of decoded text, split with the detected delimiter (rows may differ in width).
pub fn records(text: &str) -> csv::StringRecordsIntoIter<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(detect_delimiter(text))
        .from_reader(text.as_bytes())
        .into_records()
}

/// Text of the file: BOM-marked UTF-8/UTF-16, valid UTF-8, or Windows-1252 (Excel's "CSV").
pub fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// The delimiter that splits the first lines most consistently: comma, tab, semicolon or pipe.
pub fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (b',', 0usize);
    for d in [b',', b'\t', b';', b'|'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| l.bytes().filter(|b| *b == d).count())
            .collect();
        let max = counts.iter().copied().max().unwrap_or(0);
        let consistent = counts.iter().filter(|c| **c == max).count();
        let score = if max == 0 { 0 } else { consistent * 1000 + max };
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_wider_than_a_sheet_is_found_without_splitting_it() {
        let text = format!("a,b,c\n{}\n1,2,3\n", vec!["x"; 20].join(","));
        assert_eq!(too_wide_line(&text, 16), Some((2, 20)));
        assert_eq!(too_wide_line(&text, 20), None);
        assert_eq!(
            too_wide_line("\"a,b,c,d\",e\n", 2),
            None,
            "commas inside quotes"
        );
    }

    #[test]
    fn tabs_and_semicolons_are_detected() {
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(detect_delimiter("a;b;c\n1,5;2;3\n"), b';');
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), b',');
    }

    #[test]
    fn windows_1252_text_is_decoded() {
        assert_eq!(decode(b"Caf\xe9"), "Café");
        assert_eq!(decode("\u{feff}Plan".as_bytes()), "Plan");
    }
}
