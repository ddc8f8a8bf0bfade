//! Two bars side by side for each named item (a plan today and after a change, a member alone
//! and in a pool), the items named under their pair on the x axis.

use egui_plot::{Bar, BarChart, Corner, Legend, Plot};

/// One of the two bars of every item: its legend label, colour, and each item's value with
/// the text shown when the pointer is on its bar.
pub struct Series<'a> {
    pub label: &'a str,
    pub colour: egui::Color32,
    pub bars: Vec<(f64, String)>,
}

/// How the chart is laid out: its height, where the legend sits and how the y axis reads.
pub struct Layout {
    pub height: f32,
    pub legend: Corner,
    pub y_text: fn(f64) -> String,
}

/// Draws `names.len()` pairs: `left` bars just left of each item's mark, `right` just right.
pub fn paired_bars_ui(
    ui: &mut egui::Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    names: Vec<String>,
    [left, right]: [Series<'_>; 2],
    layout: Layout,
) {
    let chart = |s: Series<'_>, offset: f64| {
        let bars = s
            .bars
            .into_iter()
            .enumerate()
            .map(|(i, (v, hover))| Bar::new(i as f64 + offset, v).width(0.34).name(hover))
            .collect();
        BarChart::new(s.label, bars).color(s.colour)
    };
    let summary = in_words(&names, &left, &right, layout.y_text);
    let (left_label, right_label) = (left.label.to_string(), right.label.to_string());
    let (left, right) = (chart(left, -0.18), chart(right, 0.18));
    let y_text = layout.y_text;
    let shown = Plot::new(id)
        .height(layout.height)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .legend(Legend::default().position(layout.legend))
        .include_y(0.0)
        .x_axis_formatter(crate::ui::chart_text::index_labels(names))
        .y_axis_formatter(move |m, _| y_text(m.value))
        .show(ui, |plot| {
            plot.bar_chart(left);
            plot.bar_chart(right);
        });
    crate::ui::chart_text::described(
        ui,
        shown.response,
        &format!("{left_label} and {right_label}"),
        &summary,
    );
}

/// "PPO EE: 578 today, 520 after; …": each item's two values in the axis's words.
fn in_words(
    names: &[String],
    left: &Series<'_>,
    right: &Series<'_>,
    y_text: fn(f64) -> String,
) -> String {
    let items: Vec<String> = names
        .iter()
        .zip(left.bars.iter().zip(&right.bars))
        .map(|(name, ((a, _), (b, _)))| {
            format!(
                "{name}: {} {}, {} {}",
                y_text(*a),
                left.label.to_lowercase(),
                y_text(*b),
                right.label.to_lowercase()
            )
        })
        .collect();
    format!("{}.", items.join("; "))
}
