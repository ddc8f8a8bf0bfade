//! Key figures as label-and-value cards laid out in rows that fit the width, the first ones
//! strong: the head of a results tab.

use super::theme;

/// One card: its label, its value as shown, and whether it is a headline figure.
pub type Card<'a> = (&'a str, String, bool);

/// Cards `width` wide (frame included), as many to a row as fit.
pub fn cards_ui(ui: &mut egui::Ui, cards: &[Card<'_>], width: f32) {
    let dark = ui.visuals().dark_mode;
    let per_row = ((ui.available_width() / width) as usize).max(1);
    for row in cards.chunks(per_row) {
        ui.horizontal(|ui| {
            for (label, value, strong) in row {
                egui::Frame::group(ui.style())
                    .inner_margin(8.0)
                    .show(ui, |ui| {
                        ui.set_width(width - 30.0);
                        ui.vertical(|ui| {
                            ui.weak(*label);
                            let rich =
                                egui::RichText::new(value).size(if *strong { 18.0 } else { 15.0 });
                            ui.label(if *strong {
                                rich.strong().color(theme::accent(dark))
                            } else {
                                rich
                            });
                        });
                    });
            }
        });
    }
}
