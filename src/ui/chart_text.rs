//! A chart in words: every chart has a sentence under it that says what it shows, and the
//! same sentence is the chart's name for a screen reader.

use crate::ui::a11y::Named;

/// Writes `summary` under the chart whose area is `chart` and names the chart with it.
pub fn described(ui: &mut egui::Ui, chart: egui::Response, title: &str, summary: &str) {
    chart.named(format!("Chart: {title}. {summary}"));
    ui.add(egui::Label::new(egui::RichText::new(format!("In words: {summary}")).weak()).wrap());
}

/// An x axis that names item `i` at mark `i` (and nothing between the items).
pub fn index_labels(
    names: Vec<String>,
) -> impl Fn(egui_plot::GridMark, &std::ops::RangeInclusive<f64>) -> String {
    move |m, _| {
        let i = m.value.round();
        if (m.value - i).abs() < 1e-6 && i >= 0.0 {
            names.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    }
}

/// "A, B and C".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_reads_as_a_sentence() {
        let l = |v: &[&str]| and_list(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(l(&["A"]), "A");
        assert_eq!(l(&["A", "B", "C"]), "A, B and C");
    }
}
