//! Pure formulas: plan cost, quality, renewal, scenarios. No I/O, no egui.
