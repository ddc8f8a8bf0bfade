//! A table whose first column stays in place while the other columns scroll sideways, so a
//! wide comparison stays readable on a laptop screen.

/// Sizes of a sticky table: row height and the least width of the first and other columns
/// (equal widths keep several tables of one comparison aligned).
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub row_height: f32,
    pub first_width: f32,
    pub column_width: f32,
}

/// Draws a table: `row_labels[i]` in the fixed first column, `cell(ui, row, column)` for the
/// rest; row 0 of `row_labels` and `column_headers` is the header row.
pub fn sticky_table(
    ui: &mut egui::Ui,
    id: &str,
    row_labels: &[egui::WidgetText],
    column_headers: &[egui::WidgetText],
    sizes: Sizes,
    mut cell: impl FnMut(&mut egui::Ui, usize, usize),
) {
    let row_height = sizes.row_height;
    ui.horizontal_top(|ui| {
        egui::Grid::new((id, "first"))
            .striped(true)
            .min_col_width(sizes.first_width)
            .min_row_height(row_height)
            .show(ui, |ui| {
                for label in row_labels {
                    ui.add(egui::Label::new(label.clone()).extend());
                    ui.end_row();
                }
            });
        egui::ScrollArea::horizontal()
            .id_salt((id, "scroll"))
            .auto_shrink([false, true])
            .show(ui, |ui| {
                egui::Grid::new((id, "rest"))
                    .striped(true)
                    .min_col_width(sizes.column_width)
                    .min_row_height(row_height)
                    .show(ui, |ui| {
                        for header in column_headers {
                            ui.add(egui::Label::new(header.clone()).extend());
                        }
                        ui.end_row();
                        for row in 0..row_labels.len().saturating_sub(1) {
                            for col in 0..column_headers.len() {
                                cell(ui, row, col);
                            }
                            ui.end_row();
                        }
                    });
            });
    });
}
