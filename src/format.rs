//! Number formats shared by the CLI, reports and views: dollars with separators, percents.

/// `1234567.891` → `"$1,234,567.89"`; negatives as `"-$1,234.00"`.
pub fn usd(amount: f64) -> String {
    usd_places(amount, 2)
}

/// Dollars with no cents: `"$1,234,568"`.
pub fn usd0(amount: f64) -> String {
    usd_places(amount, 0)
}

/// Money as people read it: whole dollars for a whole amount (`$2,500`, `$250`) and from
/// $10,000 up (`$10,506,000`), cents otherwise (`$585.89`, `$1,642.13`), so a column of
/// premiums or a deductible beside its difference never mixes the two.
pub fn money(amount: f64) -> String {
    let whole = (amount - amount.round()).abs() < 0.005;
    if whole || amount.abs() >= 9_999.995 {
        usd_places(amount, 0)
    } else {
        usd_places(amount, 2)
    }
}

/// Amounts that sit side by side (a row of now, new and change) in one precision: cents for
/// all when any of them shows cents under `money`'s rule, whole dollars otherwise; the last
/// amount signed when `signed_last` (the change).
pub fn money_alike(amounts: &[f64], signed_last: bool) -> Vec<String> {
    let cents = amounts.iter().any(|a| money(*a).contains('.'));
    let places = if cents { 2 } else { 0 };
    let n = amounts.len();
    amounts
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let text = usd_places(*a, places);
            if signed_last && i + 1 == n {
                with_sign(text)
            } else {
                text
            }
        })
        .collect()
}

/// Signed money: `+$103.59`, `-$4,900,000`; an amount that rounds to zero is `+$0.00`.
pub fn signed_money(amount: f64) -> String {
    with_sign(money(amount))
}

/// A `-` in front of a figure whose digits are all zero (`-0`, `-$0.00`, `-0.00%`) dropped:
/// a negative zero means nothing to a reader and must not reach an export.
pub fn no_negative_zero(text: String) -> String {
    match text.strip_prefix('-') {
        Some(rest) if rest.contains('0') && rest.chars().all(|c| "0.,$%".contains(c)) => {
            rest.to_string()
        }
        _ => text,
    }
}

/// `+` in front of a figure that has no `-` (and is a number).
fn with_sign(text: String) -> String {
    if text.starts_with('-') || text == "—" {
        text
    } else {
        format!("+{text}")
    }
}

/// A stored UTC timestamp (`2026-11-26T01:50:00Z`) in the user's local time:
/// `26 Nov 2026, 02:50`. Text that is not such a timestamp is returned as it is.
pub fn local_time(iso: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(iso) {
        Ok(t) => t
            .with_timezone(&chrono::Local)
            .format("%-d %b %Y, %H:%M")
            .to_string(),
        Err(_) => iso.to_string(),
    }
}

/// 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st…
pub fn ordinal(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// "1 run" / "3 runs".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", count(n as i64), if n == 1 { one } else { many })
}

fn usd_places(amount: f64, places: usize) -> String {
    if !amount.is_finite() {
        return "—".to_string();
    }
    let sign = if amount < 0.0 { "-" } else { "" };
    no_negative_zero(format!("{sign}${}", grouped(amount.abs(), places)))
}

/// Thousands-separated number with `places` decimals.
pub fn grouped(value: f64, places: usize) -> String {
    let text = format!("{value:.places$}");
    let (int_part, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text.clone(), None),
    };
    let (sign, digits) = match int_part.strip_prefix('-') {
        Some(d) => ("-", d.to_string()),
        None => ("", int_part),
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    no_negative_zero(match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    })
}

/// Integer count with separators: `12,345`.
pub fn count(n: i64) -> String {
    grouped(n as f64, 0)
}

/// Fraction as a percent: `0.0851` → `"8.51%"`.
pub fn pct(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "—".to_string();
    }
    no_negative_zero(format!("{:.2}%", fraction * 100.0))
}

/// Signed percent: `+8.51%` / `-2.00%`.
pub fn signed_pct(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "—".to_string();
    }
    with_sign(pct(fraction))
}

/// Signed dollars: `+$12.50` / `-$3.00`.
pub fn signed_usd(amount: f64) -> String {
    with_sign(usd(amount))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_that_round_to_zero_never_read_as_negative_zero() {
        assert_eq!(usd(-0.0), "$0.00");
        assert_eq!(usd(-0.004), "$0.00");
        assert_eq!(usd0(-0.4), "$0");
        assert_eq!(pct(-0.00001), "0.00%");
        assert_eq!(grouped(-0.0, 0), "0");
        assert_eq!(signed_pct(-0.00001), "+0.00%");
        assert_eq!(signed_usd(-0.001), "+$0.00");
        assert_eq!(signed_money(-0.0), "+$0");
        assert_eq!(usd(-0.01), "-$0.01", "a real cent stays negative");
    }

    #[test]
    fn usd_groups_thousands_and_rounds_to_cents() {
        assert_eq!(usd(1_234_567.891), "$1,234,567.89");
        assert_eq!(usd(-1234.0), "-$1,234.00");
        assert_eq!(usd(0.5), "$0.50");
    }

    #[test]
    fn money_shows_cents_only_on_amounts_under_ten_thousand_that_have_them() {
        assert_eq!(money(585.894), "$585.89");
        assert_eq!(money(1_642.13), "$1,642.13");
        assert_eq!(money(250.0), "$250");
        assert_eq!(money(2_500.0), "$2,500");
        assert_eq!(money(4_900_000.4), "$4,900,000");
        assert_eq!(money(-1_500.0), "-$1,500");
        assert_eq!(signed_money(103.59), "+$103.59");
        assert_eq!(signed_money(-250.0), "-$250");
        assert_eq!(money(0.0), "$0");
        assert_eq!(money(0.004), "$0");
    }

    #[test]
    fn amounts_side_by_side_share_one_precision() {
        assert_eq!(
            money_alike(&[620.0, 604.27, -15.73], true),
            ["$620.00", "$604.27", "-$15.73"]
        );
        assert_eq!(
            money_alike(&[1_988.0, 1_950.0, -38.0], true),
            ["$1,988", "$1,950", "-$38"]
        );
        assert_eq!(money_alike(&[0.0, 0.0], true), ["$0", "+$0"]);
    }

    #[test]
    fn ordinals_read_as_words() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 100].map(ordinal).to_vec();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "100th"
            ]
        );
    }

    #[test]
    fn plural_agrees_with_the_count() {
        assert_eq!(plural(1, "logged run", "logged runs"), "1 logged run");
        assert_eq!(plural(2_000, "run", "runs"), "2,000 runs");
    }

    #[test]
    fn unparseable_timestamps_pass_through() {
        assert_eq!(local_time("yesterday"), "yesterday");
        assert!(local_time("2026-11-26T01:50:00Z").contains("2026"));
    }

    #[test]
    fn percent_formats_fractions() {
        assert_eq!(pct(0.0851), "8.51%");
        assert_eq!(signed_pct(0.085), "+8.50%");
        assert_eq!(signed_pct(-0.02), "-2.00%");
    }
}

/// A file-system error in words a user can act on, without Rust's "(os error 2)".
pub fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or folder".into(),
        PermissionDenied => "permission denied: this account may not read or write it".into(),
        AlreadyExists => "a file of that name already exists".into(),
        IsADirectory => "that is a folder, not a file".into(),
        NotADirectory => "a part of the path is a file, not a folder".into(),
        StorageFull => "the disk is full".into(),
        ReadOnlyFilesystem => "the disk or folder is read-only".into(),
        _ => {
            // Keep the system's words, minus the code only a programmer reads.
            let text = e.to_string();
            match text.rfind(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod io_tests {
    use super::io_words;

    #[test]
    fn a_missing_file_is_said_in_words_without_the_os_error_code() {
        let e = std::fs::metadata("/no/such/alliance-desk-file").unwrap_err();
        assert_eq!(io_words(&e), "no such file or folder");
        assert!(!io_words(&e).contains("os error"));
    }
}

/// A file size in words a user reads: "840 KB", "12.3 MB", "1.2 GB".
pub fn bytes(n: u64) -> String {
    let n = n as f64;
    if n >= 1e9 {
        format!("{:.1} GB", n / 1e9)
    } else if n >= 1e6 {
        format!("{:.1} MB", n / 1e6)
    } else {
        format!("{:.0} KB", (n / 1e3).max(1.0))
    }
}

/// Bytes as lower-case hex: how a sha256 is shown and stored.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
