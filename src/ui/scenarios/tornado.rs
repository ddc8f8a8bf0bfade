//! Tornado sensitivity: each input moved by ±X %, ranked by how far it swings the required
//! premium. Drawn by hand so every row keeps its full label at any width.

use super::{ScenariosView, theme};
use crate::model::scenario::{self, Scenario, TornadoBar, display_value, output_label, unit_of};
use crate::ui::a11y::Named;

const LABEL_WIDTH: f32 = 200.0;
const ROW: f32 = 24.0;

impl ScenariosView {
    /// Computes the tornado once per draft change (a recompute clears it).
    fn ensure_tornado(&mut self) {
        if self.tornado.is_none() {
            let key = self.draft.kind.key_output();
            self.tornado = Some(
                scenario::tornado(&self.draft, key, self.tornado_pct).map_err(|e| e.to_string()),
            );
        }
    }

    /// The key output of the draft's last run (read, never recomputed per frame).
    fn key_value(&self) -> f64 {
        self.outputs
            .as_ref()
            .ok()
            .and_then(|o| o.get(self.draft.kind.key_output()))
            .and_then(serde_json::Value::as_f64)
            .unwrap_or(0.0)
    }

    /// The ten largest swings, for the Results tab.
    pub(super) fn tornado_chart_only_ui(&mut self, ui: &mut egui::Ui) {
        self.ensure_tornado();
        let base = self.key_value();
        if let Some(Ok(bars)) = &self.tornado {
            tornado_chart_ui(ui, &self.draft, &bars[..bars.len().min(10)], base);
        }
    }

    pub(super) fn tornado_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            let caption = ui.label("Each input moved by ±");
            let mut shown = self.tornado_pct * 100.0;
            if ui
                .add(
                    egui::DragValue::new(&mut shown)
                        .range(1.0..=50.0)
                        .suffix(" %"),
                )
                .labelled_by(caption.id)
                .named("Each input moved up and down by, percent")
                .changed()
            {
                self.tornado_pct = shown / 100.0;
                self.tornado = None;
            }
            ui.label(format!(
                "effect on {} (blue: input lowered, orange: input raised)",
                output_label(self.draft.kind.key_output()).to_lowercase()
            ));
        });
        self.ensure_tornado();
        let base = self.key_value();
        match &self.tornado {
            Some(Ok(bars)) => {
                tornado_chart_ui(ui, &self.draft, bars, base);
                ui.add_space(8.0);
                tornado_table_ui(ui, &self.draft, bars);
            }
            Some(Err(e)) => {
                ui.colored_label(theme::bad(ui.visuals().dark_mode), e.as_str());
            }
            None => {}
        }
    }
}

/// Horizontal bars around the base value of the key output, one row per input.
pub(super) fn tornado_chart_ui(ui: &mut egui::Ui, s: &Scenario, bars: &[TornadoBar], base: f64) {
    let key = s.kind.key_output();
    let money = |v: f64| display_value(unit_of(key), v);
    if bars.is_empty() {
        ui.weak(format!(
            "No input moves the {}.",
            output_label(key).to_lowercase()
        ));
        return;
    }
    let (lo, hi) = bars.iter().fold((base, base), |(lo, hi), b| {
        (
            lo.min(b.low_output).min(b.high_output),
            hi.max(b.low_output).max(b.high_output),
        )
    });
    let span = (hi - lo).max(1e-9);
    let width = ui.available_width().max(LABEL_WIDTH + 200.0);
    let height = ROW * (bars.len() as f32 + 1.0);
    let (rect, chart_area) =
        ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    // Room for the value text on both ends of the bar area.
    let area = egui::Rect::from_min_max(
        egui::pos2(rect.left() + LABEL_WIDTH + 110.0, rect.top()),
        egui::pos2(rect.right() - 110.0, rect.bottom() - ROW),
    );
    let x_of = |v: f64| area.left() + ((v - lo) / span) as f32 * area.width();
    let text = ui.visuals().text_color();
    let dark = ui.visuals().dark_mode;
    let font = egui::FontId::proportional(13.0);
    for (i, b) in bars.iter().enumerate() {
        let y = rect.top() + ROW * i as f32;
        let mid = y + ROW / 2.0;
        painter.text(
            egui::pos2(rect.left(), mid),
            egui::Align2::LEFT_CENTER,
            s.label_of(&b.input),
            font.clone(),
            text,
        );
        // Lowered and raised are told apart by two neutral colours: green and red would say
        // good and bad, which depends on the input.
        for (value, colour) in [
            (b.low_output, theme::series_on(0, dark)),
            (b.high_output, theme::series_on(1, dark)),
        ] {
            let (x0, x1) = (x_of(base).min(x_of(value)), x_of(base).max(x_of(value)));
            let bar = egui::Rect::from_min_max(
                egui::pos2(x0, y + 4.0),
                egui::pos2(x1.max(x0 + 1.0), y + ROW - 4.0),
            );
            painter.rect_filled(bar, 2.0, colour);
            let (anchor, at) = if value < base {
                (egui::Align2::RIGHT_CENTER, egui::pos2(x0 - 4.0, mid))
            } else {
                (egui::Align2::LEFT_CENTER, egui::pos2(x1 + 4.0, mid))
            };
            if (value - base).abs() > 0.005 {
                painter.text(at, anchor, money(value), font.clone(), text);
            }
        }
    }
    let x = x_of(base);
    painter.line_segment(
        [egui::pos2(x, rect.top()), egui::pos2(x, area.bottom())],
        egui::Stroke::new(1.5, text),
    );
    painter.text(
        egui::pos2(x, area.bottom() + 4.0),
        egui::Align2::CENTER_TOP,
        format!("{} {}", output_label(key), money(base)),
        font,
        text,
    );
    let swings: Vec<String> = bars
        .iter()
        .take(3)
        .map(|b| {
            format!(
                "{} moves it from {} to {}",
                s.label_of(&b.input),
                money(b.low_output),
                money(b.high_output)
            )
        })
        .collect();
    let summary = format!(
        "{} is {} at the inputs; the largest swings: {}.",
        output_label(key),
        money(base),
        swings.join("; ")
    );
    crate::ui::chart_text::described(ui, chart_area, "Tornado", &summary);
}

fn tornado_table_ui(ui: &mut egui::Ui, s: &Scenario, bars: &[TornadoBar]) {
    let key = s.kind.key_output();
    let label = output_label(key);
    let money = |v: f64| display_value(unit_of(key), v);
    egui::ScrollArea::horizontal()
        .id_salt("tornado_table_scroll")
        .show(ui, |ui| {
            egui::Grid::new("tornado_table")
                .striped(true)
                .show(ui, |ui| {
                    for h in [
                        "Input".to_string(),
                        "Lowered to".into(),
                        "Raised to".into(),
                        format!("{label} (lowered)"),
                        format!("{label} (raised)"),
                        "Swing".into(),
                    ] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for b in bars {
                        let unit = unit_of(&b.input);
                        ui.label(s.label_of(&b.input));
                        ui.label(display_value(unit, b.low_input));
                        ui.label(display_value(unit, b.high_input));
                        ui.label(money(b.low_output));
                        ui.label(money(b.high_output));
                        ui.label(money(b.swing));
                        ui.end_row();
                    }
                });
        });
}
