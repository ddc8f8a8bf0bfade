//! The sheet of a reference pricing scenario: each hospital's services (volume, negotiated
//! and Medicare's price) as inputs; their spend now and at the target, each hospital's totals
//! and price as a percent of Medicare, the target (or the coalition's median) and the savings
//! as live formulas.

use super::*;
use crate::model::reference_price::{
    RefPricing, ReferencePriceOutputs, ReferencePriceParams, Target, service_at_target,
};
use rust_xlsxwriter::utility::row_col_to_cell;

const SERVICE_COLUMNS: [&str; 8] = [
    "Hospital",
    "Service",
    "Volume a year",
    "Negotiated price",
    "Medicare's price",
    "Spend now",
    "Medicare would pay",
    "Spend at the target",
];

pub(super) fn reference_price(
    s: &mut Sheet,
    p: &ReferencePriceParams,
    o: &ReferencePriceOutputs,
) -> Result<(), XlsxError> {
    let f = s.f;
    let mut r = FIRST_ROW;
    s.section(r, "Inputs")?;
    let given = match p.target {
        Target::Multiple(t) => Some(s.input_row(r + 1, &label("target"), t, Unit::Percent)?),
        Target::Named(_) => {
            s.text(
                r + 1,
                0,
                "Target: the coalition's median price (below)",
                &f.note,
            )?;
            None
        }
    };
    let how = match p.mode {
        RefPricing::Cap => "A cap: each service's price above the target comes down to it",
        RefPricing::Flat => "A flat rate: every service is paid the target",
    };
    s.text(r + 2, 0, how, &f.note)?;
    r += 4;
    for (c, h) in SERVICE_COLUMNS.iter().enumerate() {
        s.text(r, c as u16, h, &f.header)?;
    }
    let lines: Vec<(&str, &crate::model::reference_price::ServiceLine)> = p
        .hospitals
        .iter()
        .flat_map(|h| h.services.iter().map(move |line| (h.name.as_str(), line)))
        .collect();
    let first = r + 1;
    let last = first + lines.len().max(1) as u32 - 1;
    let column = |c: u16| format!("{}:{}", abs(first, c), abs(last, c));
    // The hospitals' totals and the target sit under the services.
    let summary_first = last + 3;
    let summary_last = summary_first + p.hospitals.len() as u32 - 1;
    let target_row = summary_last + 2;
    let target = abs(target_row, 1);
    for (i, (hospital, line)) in lines.iter().enumerate() {
        let row = first + i as u32;
        let cell = |c: u16| row_col_to_cell(row, c);
        s.text(row, 0, hospital, &f.text)?;
        s.text(row, 1, &line.code, &f.text)?;
        s.input(row, 2, line.volume, Unit::Count)?;
        s.input(row, 3, line.negotiated, Unit::Usd)?;
        s.input(row, 4, line.medicare, Unit::Usd)?;
        let now = line.volume * line.negotiated;
        s.formula(row, 5, &format!("{}*{}", cell(2), cell(3)), now, Unit::Usd)?;
        let medicare = line.volume * line.medicare;
        s.formula(
            row,
            6,
            &format!("{}*{}", cell(2), cell(4)),
            medicare,
            Unit::Usd,
        )?;
        let at = match p.mode {
            RefPricing::Cap => format!("{}*MIN({},{target}*{})", cell(2), cell(3), cell(4)),
            RefPricing::Flat => format!("{}*{target}*{}", cell(2), cell(4)),
        };
        let at_value = service_at_target(line, o.target_used, p.mode);
        s.formula(row, 7, &at, at_value, Unit::Usd)?;
    }
    s.section(summary_first - 1, "Each hospital")?;
    for (c, h) in [
        "Hospital",
        "Spend now",
        "Medicare would pay",
        "Price, % of Medicare",
        "Spend at the target",
        "Savings",
    ]
    .iter()
    .enumerate()
    {
        s.text(summary_first - 1, c as u16 + 1, h, &f.header)?;
    }
    for (i, h) in o.hospitals.iter().enumerate() {
        let row = summary_first + i as u32;
        let cell = |c: u16| row_col_to_cell(row, c);
        s.text(row, 1, &h.name, &f.text)?;
        let sum = |c: u16| format!("SUMIF({},{},{})", column(0), cell(1), column(c));
        s.formula(row, 2, &sum(5), h.spend_now, Unit::Usd)?;
        s.formula(
            row,
            3,
            &sum(6),
            h.spend_now / h.relative_price_now,
            Unit::Usd,
        )?;
        s.formula(
            row,
            4,
            &format!("{}/{}", cell(2), cell(3)),
            h.relative_price_now,
            Unit::Percent,
        )?;
        s.formula(row, 5, &sum(7), h.spend_at_target, Unit::Usd)?;
        s.formula(
            row,
            6,
            &format!("{}-{}", cell(2), cell(5)),
            h.savings,
            Unit::Usd,
        )?;
    }
    let prices = format!("{}:{}", abs(summary_first, 4), abs(summary_last, 4));
    let target_formula = given.unwrap_or_else(|| format!("MEDIAN({prices})"));
    s.formula_row(
        target_row,
        &label("target_used"),
        &target_formula,
        o.target_used,
        Unit::Percent,
    )?;
    r = target_row + 2;
    s.section(r, "Totals a year")?;
    let totals = [
        ("spend_now", format!("SUM({})", column(5)), o.spend_now),
        (
            "spend_at_target",
            format!("SUM({})", column(7)),
            o.spend_at_target,
        ),
    ];
    let mut cells = Vec::new();
    for (k, (name, formula, value)) in totals.iter().enumerate() {
        cells.push(s.formula_row(r + 1 + k as u32, &label(name), formula, *value, Unit::Usd)?);
    }
    let saved = s.formula_row(
        r + 3,
        &label("savings"),
        &format!("{}-{}", cells[0], cells[1]),
        o.savings,
        Unit::Usd,
    )?;
    s.formula_row(
        r + 4,
        &label("savings_pct"),
        &format!("IF({0}>0,{saved}/{0},0)", cells[0]),
        o.savings_pct,
        Unit::Percent,
    )?;
    Ok(())
}
