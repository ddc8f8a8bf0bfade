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
    let (left, right) = (chart(left, -0.18), chart(right, 0.18));
    let y_text = layout.y_text;
    Plot::new(id)
        .height(layout.height)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .legend(Legend::default().position(layout.legend))
        .include_y(0.0)
        .x_axis_formatter(move |m, _| {
            let i = m.value.round();
            if (m.value - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_axis_formatter(move |m, _| y_text(m.value))
        .show(ui, |plot| {
            plot.bar_chart(left);
            plot.bar_chart(right);
        });
}
