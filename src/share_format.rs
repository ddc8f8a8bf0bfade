//! The coalition share package's fixed words: its title, format version, sheet headers and
//! what a withheld cell reads as. The report writes them and the importer reads them, so they
//! sit below both.

/// The format tag a package carries in its About sheet; readers check the part before `/`.
pub const FORMAT: &str = "alliance-desk-share/1";
/// The About sheet's title cell, which marks a workbook as a share package.
pub const TITLE: &str = "Alliance Desk coalition share package";
/// What a withheld count of 1–10 reads as.
pub const WITHHELD: &str = "withheld (fewer than 11)";
/// What a value withheld because it would reveal a small count reads as.
pub const WITHHELD_COMPLEMENT: &str = "withheld (would reveal a count under 11)";
/// What a value the sender does not have reads as.
pub const NOT_KNOWN: &str = "not known";

/// Headers of the Plans sheet, in order.
pub const PLAN_HEADERS: [&str; 12] = [
    "Plan code",
    "Plan name",
    "Carrier",
    "Metal level",
    "Subscribers",
    "Premium per subscriber a month",
    "Employer share of premium",
    "Allowed claims per member a month",
    "Deductible",
    "Out-of-pocket max",
    "Actuarial value",
    "Quality composite",
];

/// Headers of the Hospitals sheet (optional: packages from before it have none).
pub const HOSPITAL_HEADERS: [&str; 5] = [
    "Hospital",
    "State",
    "Setting",
    "Price, share of Medicare",
    "Services priced",
];

/// Headers of the Tiers sheet.
pub const TIER_HEADERS: [&str; 5] = [
    "Plan code",
    "Coverage tier",
    "Subscribers",
    "Monthly premium",
    "Employer monthly",
];
