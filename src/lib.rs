//! Alliance Desk: workspace storage, import, pricing and quality models, scenarios and reports.
//! Everything here is headless; `ui` is the only module that touches egui.

pub mod cli;
pub mod dice;
pub mod domain;
pub mod format;
pub mod generate;
pub mod import;
pub mod model;
pub mod report;
pub mod store;
pub mod ui;
