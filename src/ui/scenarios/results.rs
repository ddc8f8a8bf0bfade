//! The Results tab: key figures, the waterfall from experience to the required premium, the
//! largest sensitivities and the multi-year projection.

use super::{ScenariosView, theme};
use crate::format::{signed_pct, signed_usd, usd};
use crate::model::scenario::{display_value, output_label, output_unit};
use serde_json::{Map, Value};

const CHART_HEIGHT: f32 = 240.0;

/// One bar of the waterfall: a running total (first and last) or a step.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct WaterfallBar {
    pub label: String,
    pub from: f64,
    pub to: f64,
    pub total: bool,
}

/// The model's running totals `(step, PMPM after it)` as bars: the starting total, one bar per
/// step (retention included) and the required premium as the closing total.
pub(super) fn waterfall_bars(steps: &[(String, f64)]) -> Vec<WaterfallBar> {
    let Some((first_label, first)) = steps.first() else {
        return Vec::new();
    };
    let mut bars = vec![WaterfallBar {
        label: format!("{first_label} claims"),
        from: 0.0,
        to: *first,
        total: true,
    }];
    for pair in steps.windows(2) {
        bars.push(WaterfallBar {
            label: pair[1].0.clone(),
            from: pair[0].1,
            to: pair[1].1,
            total: false,
        });
    }
    let last = steps.last().map_or(*first, |s| s.1);
    bars.push(WaterfallBar {
        label: "Required premium".into(),
        from: 0.0,
        to: last,
        total: true,
    });
    bars
}

impl ScenariosView {
    pub(super) fn results_tab_ui(&mut self, ui: &mut egui::Ui, outputs: &Map<String, Value>) {
        key_outputs_ui(ui, outputs);
        ui.add_space(10.0);
        ui.strong("From experience to the required premium (PMPM)");
        waterfall_ui(ui, &waterfall_steps(outputs));
        ui.add_space(10.0);
        ui.strong(format!(
            "Largest effects on the required premium: each input ±{:.0} % (blue: input lowered, orange: raised)",
            self.tornado_pct * 100.0
        ));
        self.tornado_chart_only_ui(ui);
        ui.add_space(10.0);
        multi_year_ui(ui, outputs);
    }
}

/// The key figures as label-value cards that wrap to the width.
fn key_outputs_ui(ui: &mut egui::Ui, outputs: &Map<String, Value>) {
    let dark = ui.visuals().dark_mode;
    let keys = [
        ("required_pmpm", true),
        ("renewal_change", true),
        ("renewal_premium_pmpm", false),
        ("experience_pmpm", false),
        ("projected_pmpm", false),
        ("trend_factor", false),
        ("credibility", false),
        ("pooled_claims", false),
    ];
    let shown: Vec<(&str, bool, f64)> = keys
        .iter()
        .filter_map(|(name, strong)| Some((*name, *strong, outputs.get(*name)?.as_f64()?)))
        .collect();
    // Cards are laid out in rows that fit the width (a wrapped layout cannot size frames).
    let per_row = ((ui.available_width() / CARD_WIDTH) as usize).max(1);
    for row in shown.chunks(per_row) {
        ui.horizontal(|ui| {
            for (name, strong, v) in row {
                key_card_ui(ui, name, *strong, *v, dark);
            }
        });
    }
}

const CARD_WIDTH: f32 = 178.0;

fn key_card_ui(ui: &mut egui::Ui, name: &str, strong: bool, v: f64, dark: bool) {
    let text = match name {
        "renewal_change" => signed_pct(v),
        _ => display_value(output_unit(name), v),
    };
    egui::Frame::group(ui.style())
        .inner_margin(8.0)
        .show(ui, |ui| {
            ui.set_width(CARD_WIDTH - 30.0);
            ui.vertical(|ui| {
                ui.weak(output_label(name));
                let rich = egui::RichText::new(text).size(if strong { 18.0 } else { 15.0 });
                let rich = if strong {
                    rich.strong().color(theme::accent(dark))
                } else {
                    rich
                };
                ui.label(rich);
            });
        });
}

fn waterfall_steps(outputs: &Map<String, Value>) -> Vec<(String, f64)> {
    outputs
        .get("waterfall")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|p| Some((p.get(0)?.as_str()?.to_string(), p.get(1)?.as_f64()?)))
                .collect()
        })
        .unwrap_or_default()
}

/// A value axis that starts near the smallest total, so steps of a few dollars stay visible;
/// the axis start is printed on the chart.
fn axis_floor(bars: &[WaterfallBar]) -> f64 {
    let lowest = bars
        .iter()
        .flat_map(|b| [b.from, b.to])
        .filter(|v| *v > 0.0)
        .fold(f64::INFINITY, f64::min);
    if !lowest.is_finite() {
        return 0.0;
    }
    ((lowest * 0.8) / 50.0).floor() * 50.0
}

fn waterfall_ui(ui: &mut egui::Ui, steps: &[(String, f64)]) {
    let bars = waterfall_bars(steps);
    if bars.is_empty() {
        return;
    }
    let dark = ui.visuals().dark_mode;
    let floor = axis_floor(&bars);
    let top = bars.iter().map(|b| b.to.max(b.from)).fold(0.0, f64::max) * 1.06;
    let width = ui.available_width().max(560.0);
    let (rect, _) =
        ui.allocate_exact_size(egui::vec2(width, CHART_HEIGHT + 40.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let plot = egui::Rect::from_min_max(
        egui::pos2(rect.left() + 56.0, rect.top() + 22.0),
        egui::pos2(rect.right() - 8.0, rect.top() + CHART_HEIGHT),
    );
    let y_of =
        |v: f64| plot.bottom() - ((v - floor) / (top - floor).max(1e-9)) as f32 * plot.height();
    let text = ui.visuals().text_color();
    let muted = theme::muted(dark);
    let small = egui::FontId::proportional(12.0);
    painter.text(
        egui::pos2(rect.left(), plot.bottom()),
        egui::Align2::LEFT_BOTTOM,
        usd(floor),
        small.clone(),
        muted,
    );
    painter.text(
        egui::pos2(rect.left(), plot.top()),
        egui::Align2::LEFT_TOP,
        usd(top),
        small.clone(),
        muted,
    );
    painter.line_segment(
        [plot.left_bottom(), plot.right_bottom()],
        egui::Stroke::new(1.0, muted),
    );
    let slot = plot.width() / bars.len() as f32;
    for (i, b) in bars.iter().enumerate() {
        let x = plot.left() + slot * (i as f32 + 0.5);
        let (lo, hi) = (b.from.min(b.to).max(floor), b.from.max(b.to).max(floor));
        let colour = if b.total {
            theme::accent(dark)
        } else if b.to >= b.from {
            theme::bad(dark)
        } else {
            theme::good(dark)
        };
        let bar = egui::Rect::from_min_max(
            egui::pos2(x - slot * 0.32, y_of(hi)),
            egui::pos2(x + slot * 0.32, y_of(lo).max(y_of(hi) + 1.0)),
        );
        painter.rect_filled(bar, 2.0, colour);
        let value = if b.total {
            usd(b.to)
        } else {
            signed_usd(b.to - b.from)
        };
        painter.text(
            egui::pos2(x, bar.top() - 3.0),
            egui::Align2::CENTER_BOTTOM,
            value,
            egui::FontId::proportional(13.0),
            text,
        );
        // Narrow bars take their label on two lines so neighbours do not run together.
        let label = if slot < 110.0 {
            b.label.replacen(' ', "\n", 1)
        } else {
            b.label.clone()
        };
        painter.text(
            egui::pos2(x, plot.bottom() + 6.0),
            egui::Align2::CENTER_TOP,
            label,
            small.clone(),
            text,
        );
    }
}

/// Required premium per projected year, with its change from today's premium.
fn multi_year_ui(ui: &mut egui::Ui, outputs: &Map<String, Value>) {
    let years: Vec<(f64, f64, f64)> = outputs
        .get("years")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|y| {
                    Some((
                        y.get("year")?.as_f64()?,
                        y.get("required_pmpm")?.as_f64()?,
                        y.get("change_from_current")?.as_f64()?,
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    if years.is_empty() {
        return;
    }
    ui.strong("Multi-year projection: required premium (PMPM) and change from today's premium");
    let dark = ui.visuals().dark_mode;
    let width = ui.available_width().clamp(320.0, 900.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, 190.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let plot = egui::Rect::from_min_max(
        egui::pos2(rect.left() + 8.0, rect.top() + 36.0),
        egui::pos2(rect.right() - 8.0, rect.bottom() - 24.0),
    );
    let top = years.iter().map(|y| y.1).fold(0.0, f64::max).max(1.0);
    let text = ui.visuals().text_color();
    let slot = plot.width() / years.len() as f32;
    for (i, (year, pmpm, change)) in years.iter().enumerate() {
        let x = plot.left() + slot * (i as f32 + 0.5);
        let h = (*pmpm / top) as f32 * plot.height();
        let bar = egui::Rect::from_min_max(
            egui::pos2(x - slot * 0.3, plot.bottom() - h),
            egui::pos2(x + slot * 0.3, plot.bottom()),
        );
        painter.rect_filled(bar, 2.0, theme::accent(dark));
        painter.text(
            egui::pos2(x, bar.top() - 3.0),
            egui::Align2::CENTER_BOTTOM,
            format!("{}  ({})", usd(*pmpm), signed_pct(*change)),
            egui::FontId::proportional(13.0),
            text,
        );
        painter.text(
            egui::pos2(x, plot.bottom() + 4.0),
            egui::Align2::CENTER_TOP,
            format!("Year {year:.0}"),
            egui::FontId::proportional(12.0),
            text,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waterfall_draws_retention_as_a_step_and_ends_on_the_required_premium() {
        let steps = vec![
            ("Incurred".to_string(), 437.75),
            ("Credibility".to_string(), 482.30),
            ("Retention".to_string(), 585.89),
        ];
        let bars = waterfall_bars(&steps);
        let retention = bars.iter().find(|b| b.label == "Retention").unwrap();
        assert!(!retention.total);
        assert!((retention.to - retention.from - 103.59).abs() < 1e-9);
        let last = bars.last().unwrap();
        assert_eq!(last.label, "Required premium");
        assert!(last.total && (last.to - 585.89).abs() < 1e-9);
    }
}
