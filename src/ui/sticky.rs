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
/// rest; row 0 of `row_labels` and `column_headers` is the header row. Once the header row
/// scrolls up out of sight, a copy of it stays at the top of the visible part of the table.
pub fn sticky_table(
    ui: &mut egui::Ui,
    id: &str,
    row_labels: &[egui::WidgetText],
    column_headers: &[egui::WidgetText],
    sizes: Sizes,
    mut cell: impl FnMut(&mut egui::Ui, usize, usize),
) {
    let row_height = sizes.row_height;
    let mut first_header: Option<(egui::Rect, egui::WidgetText)> = None;
    let mut rest_headers: Vec<(egui::Rect, egui::WidgetText)> = Vec::new();
    let mut rest_clip = egui::Rect::NOTHING;
    let table = ui.horizontal_top(|ui| {
        egui::Grid::new((id, "first"))
            .striped(true)
            .min_col_width(sizes.first_width)
            .min_row_height(row_height)
            .show(ui, |ui| {
                for (i, label) in row_labels.iter().enumerate() {
                    let r = ui.add(egui::Label::new(label.clone()).extend());
                    if i == 0 {
                        first_header = Some((r.rect, label.clone()));
                    }
                    ui.end_row();
                }
            });
        egui::ScrollArea::horizontal()
            .id_salt((id, "scroll"))
            .auto_shrink([false, true])
            .show(ui, |ui| {
                rest_clip = ui.clip_rect();
                egui::Grid::new((id, "rest"))
                    .striped(true)
                    .min_col_width(sizes.column_width)
                    .min_row_height(row_height)
                    .show(ui, |ui| {
                        for header in column_headers {
                            let r = ui.add(egui::Label::new(header.clone()).extend());
                            rest_headers.push((r.rect, header.clone()));
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
    let Some((first_rect, first_text)) = first_header else {
        return;
    };
    let visible = ui.clip_rect();
    let Some(top) = floating_header_top(
        first_rect.top(),
        visible.top(),
        table.response.rect.bottom(),
        row_height,
    ) else {
        return;
    };
    let band = egui::Rect::from_min_max(
        egui::pos2(table.response.rect.left(), top),
        egui::pos2(table.response.rect.right(), top + row_height),
    );
    let painter = ui.painter().with_clip_rect(visible);
    painter.rect_filled(band, 0.0, ui.visuals().panel_fill);
    painter.hline(
        band.x_range(),
        band.bottom(),
        ui.visuals().widgets.noninteractive.bg_stroke,
    );
    let dy = top - first_rect.top();
    paint_header(
        ui,
        &painter,
        first_rect.translate(egui::vec2(0.0, dy)),
        first_text,
    );
    let rest_painter = painter.with_clip_rect(rest_clip.intersect(visible));
    for (rect, text) in rest_headers {
        paint_header(ui, &rest_painter, rect.translate(egui::vec2(0.0, dy)), text);
    }
}

/// Where the floating copy of the header row goes: at the top of the visible part once the
/// real header has scrolled above it, while at least two rows of the table are still in view.
pub fn floating_header_top(
    header_top: f32,
    visible_top: f32,
    table_bottom: f32,
    row_height: f32,
) -> Option<f32> {
    let scrolled_away = header_top < visible_top - 0.5;
    let rows_left = table_bottom - visible_top >= 2.0 * row_height;
    (scrolled_away && rows_left).then_some(visible_top)
}

fn paint_header(ui: &egui::Ui, painter: &egui::Painter, rect: egui::Rect, text: egui::WidgetText) {
    let galley = text.into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Body,
    );
    painter.galley(rect.left_top(), galley, ui.visuals().text_color());
}

#[cfg(test)]
mod tests {
    use super::floating_header_top;

    #[test]
    fn the_header_floats_only_once_scrolled_out_of_sight() {
        assert_eq!(floating_header_top(100.0, 80.0, 900.0, 24.0), None);
        assert_eq!(floating_header_top(40.0, 80.0, 900.0, 24.0), Some(80.0));
    }

    #[test]
    fn the_header_stops_floating_when_the_table_has_scrolled_past() {
        assert_eq!(floating_header_top(-500.0, 80.0, 110.0, 24.0), None);
    }
}
