//! Rows packed for the trip from the reader thread to the importer: one text buffer and one
//! cell array per batch, so the reader (the slower side of a streamed import) allocates nothing
//! per cell; the importer unpacks them into typed cells.

use super::cell::CellValue;
use super::source::from_data_ref;
use calamine::DataRef;

/// One cell: text as a range of the batch's buffer, anything else as it is.
#[derive(Debug, Clone, PartialEq)]
enum Packed {
    Text(usize, usize),
    Value(CellValue),
}

/// A batch of rows: (sheet row, index of its first cell) and the cells of all of them.
#[derive(Debug, Default)]
pub(super) struct PackedRows {
    text: String,
    cells: Vec<Packed>,
    rows: Vec<(usize, usize)>,
}

impl PackedRows {
    /// An empty batch sized like `previous`, so a steady stream does not regrow its buffers.
    pub(super) fn sized_like(previous: &PackedRows) -> Self {
        PackedRows {
            text: String::with_capacity(previous.text.len()),
            cells: Vec::with_capacity(previous.cells.len()),
            rows: Vec::with_capacity(previous.rows.len()),
        }
    }

    /// Rows in the batch.
    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }

    /// Cells in the batch, gaps included.
    pub(super) fn cells(&self) -> usize {
        self.cells.len()
    }

    /// Starts sheet row `row`; cells set from now on belong to it.
    pub(super) fn begin_row(&mut self, row: usize) {
        self.rows.push((row, self.cells.len()));
    }

    /// Sets column `col` of the current row to a workbook cell.
    pub(super) fn set(&mut self, col: usize, value: &DataRef<'_>) {
        let cell = match value {
            DataRef::SharedString(s) => self.text(s),
            DataRef::String(s) => self.text(s),
            other => Packed::Value(from_data_ref(other)),
        };
        self.put(col, cell);
    }

    /// Sets column `col` of the current row to text (blank text is an empty cell).
    pub(super) fn set_text(&mut self, col: usize, value: &str) {
        let cell = self.text(value);
        self.put(col, cell);
    }

    fn text(&mut self, s: &str) -> Packed {
        if super::source::is_blank_text(s) {
            return Packed::Value(CellValue::Empty);
        }
        let start = self.text.len();
        self.text.push_str(s);
        Packed::Text(start, self.text.len())
    }

    fn put(&mut self, col: usize, cell: Packed) {
        let start = self.rows.last().map_or(0, |r| r.1);
        let at = start + col;
        // Cells arrive left to right, almost always without gaps.
        if at == self.cells.len() {
            self.cells.push(cell);
            return;
        }
        if self.cells.len() < at {
            self.cells.resize(at, Packed::Value(CellValue::Empty));
            self.cells.push(cell);
            return;
        }
        self.cells[at] = cell;
    }

    /// The rows as (sheet row, typed cells).
    pub(super) fn into_rows(self) -> Vec<(usize, Vec<CellValue>)> {
        let PackedRows { text, cells, rows } = self;
        let total = cells.len();
        let mut cells = cells.into_iter();
        let ends = rows
            .iter()
            .skip(1)
            .map(|r| r.1)
            .chain(std::iter::once(total));
        rows.iter()
            .zip(ends)
            .map(|(&(row, start), end)| {
                let row_cells = cells
                    .by_ref()
                    .take(end - start)
                    .map(|c| match c {
                        Packed::Text(a, b) => CellValue::Text(text[a..b].to_string()),
                        Packed::Value(v) => v,
                    })
                    .collect();
                (row, row_cells)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_unpack_with_their_gaps_blanks_and_values() {
        let mut batch = PackedRows::default();
        batch.begin_row(3);
        batch.set(0, &DataRef::SharedString("0041"));
        batch.set(2, &DataRef::Float(12.5));
        batch.begin_row(4);
        batch.begin_row(7);
        batch.set_text(1, "  ");
        batch.set_text(0, "Trust");
        assert_eq!(
            batch.into_rows(),
            vec![
                (
                    3,
                    vec![
                        CellValue::Text("0041".into()),
                        CellValue::Empty,
                        CellValue::Number(12.5)
                    ]
                ),
                (4, vec![]),
                (7, vec![CellValue::Text("Trust".into()), CellValue::Empty]),
            ]
        );
    }
}
