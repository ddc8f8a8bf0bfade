//! Pure formulas: plan cost, quality, renewal, scenarios. No I/O, no egui.

pub mod actuarial_value;
pub mod benchmark;
pub mod claims;
pub mod compare;
pub mod kind;
pub mod labels;
pub mod medicare;
pub mod migration;
pub mod plan_cost;
pub mod plan_design;
pub mod pooled;
pub mod prices;
pub mod quality;
pub mod rating;
pub mod reference_price;
pub mod renewal;
pub mod scenario;
pub mod value_based;
