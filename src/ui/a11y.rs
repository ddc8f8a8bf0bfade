//! What a screen reader says for a widget whose visible caption leaves something out: its
//! unit, or the row and column of a table it sits in ("BCH-PPO500 EE, members today").

use crate::model::labels::Unit;

/// Names a widget for AccessKit; a name set here wins over a `labelled_by` caption.
pub trait Named {
    /// Gives the widget `name` and returns it for chaining.
    fn named(self, name: impl Into<String>) -> Self;
}

impl Named for egui::Response {
    fn named(self, name: impl Into<String>) -> Self {
        let name = name.into();
        self.ctx
            .accesskit_node_builder(self.id, |node| node.set_label(name));
        self
    }
}

/// The unit in words, as a screen reader should say it after a caption.
pub fn unit_words(unit: Unit) -> &'static str {
    match unit {
        Unit::Usd => "dollars",
        Unit::UsdPmpm => "dollars per member per month",
        Unit::UsdPepm => "dollars per employee per month",
        Unit::Percent => "percent",
        Unit::Points => "percentage points",
        Unit::Count => "count",
        Unit::Months => "months",
        Unit::Factor => "factor",
        Unit::Years => "years",
        Unit::Score => "score out of 100",
        Unit::Stars => "stars out of 5",
    }
}

/// "Pooling point, dollars": a caption and its unit in words.
pub fn with_unit(caption: &str, unit: Unit) -> String {
    format!("{caption}, {}", unit_words(unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caption_gets_its_unit_in_words() {
        assert_eq!(
            with_unit("Deductible, individual", Unit::Usd),
            "Deductible, individual, dollars"
        );
        assert_eq!(
            with_unit("Renewal premium", Unit::UsdPmpm),
            "Renewal premium, dollars per member per month"
        );
    }
}
