//! Ways out of the app that land in spreadsheets: CSV of any table, with every text cell
//! protected against formula injection (a cell that Excel or LibreOffice would run as a
//! formula is written as text).

pub mod assemble;
pub mod csv_export;
pub mod guide;
pub mod parquet;
pub mod prices;
pub mod share;
pub mod workbook;

pub use crate::table::Table;

pub use crate::table::{neutralize, unneutralize};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unneutralize_gives_back_what_neutralize_protected_and_nothing_else() {
        for cell in [
            "=HYPERLINK(\"x\")",
            "+1 (800)",
            "-EVIL3",
            "@cmd",
            "Acme",
            "'quoted",
        ] {
            assert_eq!(unneutralize(&neutralize(cell)), cell, "{cell:?}");
        }
        assert_eq!(unneutralize("'Acme"), "'Acme");
    }

    #[test]
    fn each_formula_lead_character_is_neutralized() {
        for cell in [
            "=1+1",
            "+cmd",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(neutralize(cell), format!("'{cell}"), "{cell:?}");
        }
    }

    #[test]
    fn a_plan_named_like_a_hyperlink_formula_stays_text() {
        assert_eq!(
            neutralize("=HYPERLINK(\"http://x\",\"click\")"),
            "'=HYPERLINK(\"http://x\",\"click\")"
        );
    }

    #[test]
    fn plain_numbers_and_ordinary_text_are_untouched() {
        for cell in [
            "-274.11",
            "-$1,500",
            "+8.50%",
            "BlueCrest PPO 500",
            "",
            "$10,506,000",
        ] {
            assert_eq!(neutralize(cell), cell);
        }
    }
}
