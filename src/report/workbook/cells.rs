//! Writing cells with the report's formats: text protected against formula injection, numbers
//! in the unit's format, inputs highlighted, and formulas with the app's value cached and
//! recorded so tests can compare a recalculated workbook with the app.

use crate::model::labels::Unit;
use rust_xlsxwriter::utility::row_col_to_cell_absolute;
use rust_xlsxwriter::{
    Color, Format, FormatBorder, Formula, Table, TableStyle, Worksheet, XlsxError,
};

/// A formula cell and the number the app computed for it.
#[derive(Debug, Clone, PartialEq)]
pub struct FormulaCell {
    pub sheet: String,
    /// A1 reference, e.g. "C14".
    pub cell: String,
    /// Zero-based row and column of `cell`.
    pub row: u32,
    pub col: u16,
    pub formula: String,
    pub app_value: f64,
}

/// The report's cell formats.
pub struct Formats {
    pub title: Format,
    pub note: Format,
    pub header: Format,
    pub section: Format,
    pub text: Format,
    pub bold: Format,
    pub usd: Format,
    pub usd0: Format,
    pub percent: Format,
    pub count: Format,
    pub factor: Format,
    pub input_usd: Format,
    pub input_percent: Format,
    pub input_count: Format,
    pub input_factor: Format,
}

const INPUT_FILL: u32 = 0xE8F1FB;

impl Formats {
    pub fn new() -> Formats {
        let input = |f: Format| {
            // A dashed border tells inputs apart without their colour.
            f.set_background_color(Color::RGB(INPUT_FILL))
                .set_font_color(Color::RGB(0x1F4E79))
                .set_border(FormatBorder::Dashed)
                .set_border_color(Color::RGB(0x1F4E79))
        };
        Formats {
            title: Format::new().set_bold().set_font_size(15),
            note: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            header: Format::new()
                .set_bold()
                .set_border_bottom(FormatBorder::Thin)
                .set_background_color(Color::RGB(0xF2F2F2)),
            section: Format::new().set_bold().set_font_size(12),
            text: Format::new(),
            bold: Format::new().set_bold(),
            usd: Format::new().set_num_format("$#,##0.00"),
            usd0: Format::new().set_num_format("$#,##0"),
            percent: Format::new().set_num_format("0.00%"),
            count: Format::new().set_num_format("#,##0"),
            factor: Format::new().set_num_format("0.0000"),
            input_usd: input(Format::new().set_num_format("$#,##0.00")),
            input_percent: input(Format::new().set_num_format("0.00%")),
            input_count: input(Format::new().set_num_format("#,##0")),
            input_factor: input(Format::new().set_num_format("0.0000")),
        }
    }

    /// The format of a computed value in `unit`.
    pub fn of(&self, unit: Unit) -> &Format {
        match unit {
            Unit::Usd | Unit::UsdPmpm | Unit::UsdPepm => &self.usd,
            Unit::Percent | Unit::Points => &self.percent,
            Unit::Count | Unit::Months | Unit::Years => &self.count,
            Unit::Factor | Unit::Score | Unit::Stars => &self.factor,
        }
    }

    /// The format of an input in `unit`.
    pub fn input(&self, unit: Unit) -> &Format {
        match unit {
            Unit::Usd | Unit::UsdPmpm | Unit::UsdPepm => &self.input_usd,
            Unit::Percent | Unit::Points => &self.input_percent,
            Unit::Count | Unit::Months | Unit::Years => &self.input_count,
            Unit::Factor | Unit::Score | Unit::Stars => &self.input_factor,
        }
    }
}

/// A worksheet being written, with the formula cells it holds.
pub struct Sheet<'a> {
    pub ws: Worksheet,
    pub name: String,
    pub f: &'a Formats,
    pub formulas: Vec<FormulaCell>,
}

/// "$B$7" for (6, 1).
pub fn abs(row: u32, col: u16) -> String {
    row_col_to_cell_absolute(row, col)
}

impl<'a> Sheet<'a> {
    pub fn new(name: &str, f: &'a Formats) -> Result<Sheet<'a>, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        // Printed or saved as PDF, each sheet is one page wide, landscape.
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        Ok(Sheet {
            ws,
            name: name.to_string(),
            f,
            formulas: Vec::new(),
        })
    }

    /// Text, protected against formula injection.
    pub fn text(&mut self, row: u32, col: u16, s: &str, fmt: &Format) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(row, col, super::super::neutralize(s), fmt)?;
        Ok(())
    }

    pub fn number(&mut self, row: u32, col: u16, v: f64, fmt: &Format) -> Result<(), XlsxError> {
        if v.is_finite() {
            // + 0.0 turns a negative zero into 0, which is what a reader expects to see.
            self.ws.write_number_with_format(row, col, v + 0.0, fmt)?;
        }
        Ok(())
    }

    /// An input cell in `unit`'s format, highlighted; returns its absolute reference.
    pub fn input(&mut self, row: u32, col: u16, v: f64, unit: Unit) -> Result<String, XlsxError> {
        let fmt = self.f.input(unit).clone();
        self.number(row, col, v, &fmt)?;
        Ok(abs(row, col))
    }

    /// A formula with the app's value cached; returns its absolute reference.
    pub fn formula(
        &mut self,
        row: u32,
        col: u16,
        formula: &str,
        app_value: f64,
        unit: Unit,
    ) -> Result<String, XlsxError> {
        let fmt = self.f.of(unit).clone();
        let f = Formula::new(formula).set_result(format_result(app_value));
        self.ws.write_formula_with_format(row, col, f, &fmt)?;
        self.formulas.push(FormulaCell {
            sheet: self.name.clone(),
            cell: rust_xlsxwriter::utility::row_col_to_cell(row, col),
            row,
            col,
            formula: formula.to_string(),
            app_value,
        });
        Ok(abs(row, col))
    }

    /// A labelled input in columns A (label) and B (value).
    pub fn input_row(
        &mut self,
        row: u32,
        label: &str,
        v: f64,
        unit: Unit,
    ) -> Result<String, XlsxError> {
        let text = self.f.text.clone();
        self.text(row, 0, label, &text)?;
        self.input(row, 1, v, unit)
    }

    /// A labelled formula in columns A and B.
    pub fn formula_row(
        &mut self,
        row: u32,
        label: &str,
        formula: &str,
        app_value: f64,
        unit: Unit,
    ) -> Result<String, XlsxError> {
        let text = self.f.text.clone();
        self.text(row, 0, label, &text)?;
        self.formula(row, 1, formula, app_value, unit)
    }

    /// Makes the header row at `header` and the rows under it to `last_row` an Excel table, so
    /// the header row is marked as headers and a screen reader names each cell's column. A
    /// header with no row under it stays plain text.
    pub fn header_table(
        &mut self,
        header: u32,
        last_row: u32,
        last_col: u16,
    ) -> Result<(), XlsxError> {
        if last_row <= header {
            return Ok(());
        }
        let table = Table::new().set_style(TableStyle::Light1);
        self.ws.add_table(header, 0, last_row, last_col, &table)?;
        Ok(())
    }

    pub fn section(&mut self, row: u32, title: &str) -> Result<(), XlsxError> {
        let fmt = self.f.section.clone();
        self.text(row, 0, title, &fmt)
    }
}

/// The cached result as Excel stores it (full precision, no exponent surprises).
fn format_result(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        "0".into()
    }
}
