//! Labels of the reference pricing kind (DESIGN §4.9): its inputs and outputs as a
//! negotiator reads them.

use super::{Better, OutputSpec, ParamSpec, Unit, out, spec};

pub(in crate::model) const REFERENCE_PRICE_SPECS: &[ParamSpec] = &[spec(
    "target",
    "Target price (% of Medicare)",
    Unit::Percent,
    false,
    "What each hospital would be paid, as a percent of what Medicare pays for the same services (a cap brings dearer hospitals down to it; a flat rate pays every hospital it). Employers paid 254 % of Medicare in 2022",
)];

pub(in crate::model) const REFERENCE_PRICE_OUTPUTS: &[OutputSpec] = &[
    out("savings", "Savings a year", Unit::Usd, Better::Higher),
    out(
        "savings_pct",
        "Savings, share of spend",
        Unit::Percent,
        Better::Higher,
    ),
    out(
        "spend_now",
        "Hospital spend today",
        Unit::Usd,
        Better::Lower,
    ),
    out(
        "spend_at_target",
        "Hospital spend at the target",
        Unit::Usd,
        Better::Lower,
    ),
    out(
        "target_used",
        "Target applied (% of Medicare)",
        Unit::Percent,
        Better::Neither,
    ),
];
