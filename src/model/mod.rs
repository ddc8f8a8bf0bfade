//! Pure formulas: plan cost, quality, renewal, scenarios. No I/O, no egui.

pub mod renewal;
pub mod scenario;
