//! Alliance Desk: workspace storage, import, pricing and quality models, scenarios and reports.
//! Everything here is headless; `ui` is the only module that touches egui. The `desktop`
//! feature (on by default) adds the window and the command line; fuzz targets build without it.

#[cfg(feature = "desktop")]
pub mod cli;
pub mod dice;
pub mod domain;
pub mod format;
#[doc(hidden)]
pub mod fuzzing;
pub mod generate;
pub mod import;
pub mod model;
pub mod report;
pub mod share_format;
pub mod store;
pub mod table;
#[cfg(feature = "desktop")]
pub mod ui;
