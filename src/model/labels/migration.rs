//! Labels of the plan migration kind (DESIGN §4.8): its inputs and outputs as a benefits
//! manager reads them.

use super::{Better, OutputSpec, ParamSpec, Unit, out, spec};

pub(in crate::model) const MIGRATION_SPECS: &[ParamSpec] = &[
    spec(
        "premium_coefficient",
        "Price sensitivity (β per $100 a year)",
        Unit::Factor,
        false,
        "How much less likely a member is to choose a plan for each $100 a year more it costs them; negative. Presets from published studies are beside it",
    ),
    spec(
        "oop_coefficient",
        "Out-of-pocket sensitivity (per $100 a year)",
        Unit::Factor,
        true,
        "The same for expected out-of-pocket costs; the price sensitivity when not used",
    ),
    spec(
        "inertia",
        "Stay put whatever the price",
        Unit::Percent,
        false,
        "The share of members of a plan still offered who do not reconsider at all",
    ),
];

pub(in crate::model) const MIGRATION_OUTPUTS: &[OutputSpec] = &[
    out(
        "employer_cost_after",
        "Employer cost after migration",
        Unit::Usd,
        Better::Lower,
    ),
    out(
        "employer_cost_before",
        "Employer cost today",
        Unit::Usd,
        Better::Lower,
    ),
    out(
        "employer_saving",
        "Employer saving after migration",
        Unit::Usd,
        Better::Higher,
    ),
    out(
        "employer_saving_if_nobody_moved",
        "Employer saving if nobody moved",
        Unit::Usd,
        Better::Higher,
    ),
    out(
        "employee_cost_after",
        "Employee contributions after migration",
        Unit::Usd,
        Better::Lower,
    ),
    out(
        "employee_cost_before",
        "Employee contributions today",
        Unit::Usd,
        Better::Lower,
    ),
    out(
        "members_moving",
        "Members who change plans",
        Unit::Count,
        Better::Neither,
    ),
];
