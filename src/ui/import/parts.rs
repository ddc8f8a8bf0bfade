//! Pieces of the Import view drawn from its state: the headline of a finished import, the
//! column mapping editor and the preview grid.

use super::*;

/// The report's first line and its colour: green only for rows written, neutral for a check
/// that found nothing wrong, red when rows were refused.
pub(super) fn headline(r: &ImportSummary, dark: bool) -> (String, egui::Color32) {
    let rows = |n: usize| crate::format::plural(n, "row", "rows");
    match r.batch_id {
        Some(id) => (
            format!(
                "Imported {} ({}) from {} (sheet '{}') as import {id}{}",
                rows(r.rows_imported),
                kind_title(r.kind).to_lowercase(),
                r.file,
                r.sheet,
                if r.rows_rejected > 0 {
                    format!("; {} skipped", rows(r.rows_rejected))
                } else {
                    String::new()
                }
            ),
            theme::good(dark),
        ),
        None if r.rows_rejected == 0 => (
            format!(
                "Checked: all {} are valid. Nothing is written until you press Import.",
                rows(r.rows_valid)
            ),
            theme::muted(dark),
        ),
        None => (
            format!(
                "{} of {} have problems (listed below). Fix the file, or import only the valid rows.",
                crate::format::count(r.rows_rejected as i64),
                rows(r.rows_rejected + r.rows_valid)
            ),
            theme::bad(dark),
        ),
    }
}

/// A kind of file in words.
pub(super) fn kind_title(kind: Kind) -> &'static str {
    match kind {
        Kind::Members => "Members (census)",
        Kind::Plans => "Plan designs",
        Kind::Rates => "Plan rates",
        Kind::Measures => "Quality measures",
        Kind::MeasureResults => "Measure results",
        Kind::Providers => "Providers",
        Kind::Volumes => "Service volumes",
        Kind::PriceTiers => "Price tiers",
        Kind::Spend => "Spend history",
        Kind::Eligibility => "Eligibility spans",
    }
}

pub(super) fn mapping_ui(ui: &mut egui::Ui, l: &mut Loaded) {
    egui::CollapsingHeader::new("Column mapping")
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new("mapping")
                .striped(true)
                .num_columns(4)
                .show(ui, |ui| {
                    let fields: Vec<&'static str> =
                        l.kind.fields().iter().map(|f| f.name).collect();
                    let sample = l
                        .preview
                        .rows
                        .get(l.preview.layout.data_start - l.preview.layout.header_row);
                    for (i, header) in l.preview.layout.headers.iter().enumerate() {
                        ui.label(l.preview.layout.sheet_column(i));
                        let caption = ui.strong(header);
                        let current = l.mapping.columns.get(i).cloned().flatten();
                        let mut chosen = current.clone();
                        egui::ComboBox::from_id_salt(("map", i))
                            .selected_text(chosen.as_deref().map_or("(ignore)".into(), field_label))
                            .width(220.0)
                            .show_ui(ui, |ui| {
                                ui.selectable_value(&mut chosen, None, "(ignore)");
                                for f in &fields {
                                    ui.selectable_value(
                                        &mut chosen,
                                        Some(f.to_string()),
                                        field_label(f),
                                    );
                                }
                            })
                            .response
                            .labelled_by(caption.id);
                        if chosen != current {
                            // A field maps from one column: move it.
                            for c in l.mapping.columns.iter_mut() {
                                if c.is_some() && *c == chosen {
                                    *c = None;
                                }
                            }
                            if let Some(slot) = l.mapping.columns.get_mut(i) {
                                *slot = chosen;
                            }
                        }
                        ui.weak(sample.and_then(|r| r.get(i)).cloned().unwrap_or_default());
                        ui.end_row();
                    }
                });
        });
}

pub(super) fn preview_grid_ui(ui: &mut egui::Ui, p: &Preview) {
    let dark = ui.visuals().dark_mode;
    ui.strong(format!(
        "Preview of sheet '{}' (detected header highlighted)",
        p.sheet
    ));
    egui::ScrollArea::horizontal()
        .id_salt("preview_h")
        .show(ui, |ui| {
            egui::Grid::new("preview").striped(true).show(ui, |ui| {
                for (i, row) in p.rows.iter().take(25).enumerate() {
                    let sheet_row = p.layout.sheet_row(p.layout.header_row + i);
                    ui.weak(sheet_row.to_string());
                    for cell in row.iter().take(20) {
                        let text: String = cell.chars().take(28).collect();
                        if i == 0 {
                            ui.colored_label(
                                theme::accent(dark),
                                egui::RichText::new(text).strong(),
                            );
                        } else {
                            ui.label(text);
                        }
                    }
                    ui.end_row();
                }
            });
        });
}
