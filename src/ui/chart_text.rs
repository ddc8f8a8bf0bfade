//! A chart in words: every chart has a sentence under it that says what it shows, and the
//! same sentence is the chart's name for a screen reader.

use crate::ui::a11y::Named;

/// Writes `summary` under the chart whose area is `chart` and names the chart with it.
pub fn described(ui: &mut egui::Ui, chart: egui::Response, title: &str, summary: &str) {
    chart.named(format!("Chart: {title}. {summary}"));
    ui.add(egui::Label::new(egui::RichText::new(format!("In words: {summary}")).weak()).wrap());
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
