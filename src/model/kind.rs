//! The kinds of negotiation model a scenario can be: what every other module names a kind by
//! (the labels, the models, the scenario runner) without depending on each other.

use serde::{Deserialize, Serialize};

/// The kinds of negotiation model a scenario can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScenarioKind {
    Renewal,
    PooledVolume,
    ValueBased,
    PlanDesign,
    Migration,
    ReferencePrice,
}

impl ScenarioKind {
    /// Every kind, in menu order.
    pub const ALL: [ScenarioKind; 6] = [
        ScenarioKind::Renewal,
        ScenarioKind::PooledVolume,
        ScenarioKind::ValueBased,
        ScenarioKind::PlanDesign,
        ScenarioKind::Migration,
        ScenarioKind::ReferencePrice,
    ];

    /// The `kind` string of scenario files.
    pub fn code(self) -> &'static str {
        match self {
            ScenarioKind::Renewal => "renewal",
            ScenarioKind::PooledVolume => "pooled_volume",
            ScenarioKind::ValueBased => "value_based",
            ScenarioKind::PlanDesign => "plan_design",
            ScenarioKind::Migration => "migration",
            ScenarioKind::ReferencePrice => "reference_price",
        }
    }

    /// A title for menus.
    pub fn title(self) -> &'static str {
        match self {
            ScenarioKind::Renewal => "Renewal",
            ScenarioKind::PooledVolume => "Pooled volume",
            ScenarioKind::ValueBased => "Value-based contract",
            ScenarioKind::PlanDesign => "Plan design change",
            ScenarioKind::Migration => "Plan migration",
            ScenarioKind::ReferencePrice => "Reference pricing",
        }
    }
}
