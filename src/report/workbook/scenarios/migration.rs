//! The sheet of a plan migration: each plan and tier's members and contributions as inputs,
//! the calibrated logit's shares and the members after as live formulas (they are closed
//! form), and the employer and employee totals over them.

use super::*;
use crate::model::migration::{MigrationOutputs, MigrationParams, tier_share};
use rust_xlsxwriter::utility::row_col_to_cell;

/// Input columns of the plan table, after the plan and tier (C onwards).
const INPUTS: [(&str, Unit); 8] = [
    ("Members today", Unit::Count),
    ("Employee contribution a year", Unit::Usd),
    ("New employee contribution a year", Unit::Usd),
    ("Employer contribution a year", Unit::Usd),
    ("New employer contribution a year", Unit::Usd),
    ("Expected out-of-pocket", Unit::Usd),
    ("New expected out-of-pocket", Unit::Usd),
    ("Offered after (1 yes, 0 no)", Unit::Count),
];

pub(super) fn migration(
    s: &mut Sheet,
    p: &MigrationParams,
    o: &MigrationOutputs,
) -> Result<(), XlsxError> {
    let f = s.f;
    let mut r = FIRST_ROW;
    s.section(r, "Inputs")?;
    let beta = s.input_row(
        r + 1,
        &label("premium_coefficient"),
        p.premium_coefficient,
        Unit::Factor,
    )?;
    // γ follows β unless the scenario sets its own, as in the model.
    let gamma = match p.oop_coefficient {
        Some(g) => s.input_row(r + 2, &label("oop_coefficient"), g, Unit::Factor)?,
        None => s.formula_row(
            r + 2,
            &label("oop_coefficient"),
            &beta,
            p.premium_coefficient,
            Unit::Factor,
        )?,
    };
    let rho = s.input_row(r + 3, &label("inertia"), p.inertia, Unit::Percent)?;
    r += 5;
    for (c, h) in ["Plan", "Tier"]
        .into_iter()
        .chain(INPUTS.iter().map(|(h, _)| *h))
        .chain(["Share today", "Choice weight", "Members after"])
        .enumerate()
    {
        s.text(r, c as u16, h, &f.header)?;
    }
    let first = r + 1;
    let last = first + p.plans.len() as u32 - 1;
    let col = |c: u16| (abs(first, c), abs(last, c));
    let range = |c: u16| {
        let (a, b) = col(c);
        format!("{a}:{b}")
    };
    let (tiers, members, weights, shares, offered) =
        (range(1), range(2), range(11), range(10), range(9));
    for (i, t) in p.plans.iter().enumerate() {
        let row = first + i as u32;
        let cell = |c: u16| row_col_to_cell(row, c);
        s.text(row, 0, &t.code, &f.text)?;
        s.text(row, 1, &t.tier, &f.text)?;
        let values = [
            t.members,
            t.contribution_annual,
            t.new_contribution_annual,
            t.employer_annual,
            t.new_employer_annual,
            t.oop,
            t.new_oop,
            if t.new_offered { 1.0 } else { 0.0 },
        ];
        for (k, (v, (_, unit))) in values.iter().zip(INPUTS).enumerate() {
            s.input(row, 2 + k as u16, *v, unit)?;
        }
        let tier_members = format!("SUMIF({tiers},{},{members})", cell(1));
        let share = format!("IF({tier_members}>0,{}/{tier_members},0)", cell(2));
        let share_value = tier_share(&p.plans, t).unwrap_or(0.0);
        s.formula(row, 10, &share, share_value, Unit::Percent)?;
        // A plan added takes the share and today's values of the plan it is like.
        let base = like_row(p, i).map_or(row, |k| first + k as u32);
        let b = |c: u16| row_col_to_cell(base, c);
        let weight = format!(
            "{}*EXP({beta}*({}-{})/100+{gamma}*({}-{})/100)*{}",
            b(10),
            cell(4),
            b(3),
            cell(8),
            b(7),
            cell(9)
        );
        s.formula(row, 11, &weight, weight_value(p, i), Unit::Factor)?;
        let withdrawn = format!("SUMIFS({shares},{tiers},{},{offered},0)", cell(1));
        let tier_weight = format!("SUMIF({tiers},{},{weights})", cell(1));
        let after = format!(
            "({rho}*{}*{}+(1-{rho}*(1-{withdrawn}))*IF({tier_weight}>0,{}/{tier_weight},0))*{tier_members}",
            cell(10),
            cell(9),
            cell(11)
        );
        if p.claim_bands.is_some() {
            s.number(row, 12, o.plans[i].after, &f.of(Unit::Count).clone())?;
        } else {
            s.formula(row, 12, &after, o.plans[i].after, Unit::Count)?;
        }
    }
    r = last + 2;
    if p.claim_bands.is_some() {
        s.text(
            r,
            0,
            "Members after are the app's values: with claims bands each band chooses with its own sensitivity.",
            &f.note,
        )?;
        r += 1;
    }
    totals(s, r, o, &range)
}

fn totals(
    s: &mut Sheet,
    mut r: u32,
    o: &MigrationOutputs,
    range: &dyn Fn(u16) -> String,
) -> Result<(), XlsxError> {
    s.section(r, "Totals a year")?;
    r += 1;
    let (members, after) = (range(2), range(12));
    let lines = [
        (
            "employer_cost_before",
            format!("SUMPRODUCT({members},{})", range(5)),
            o.employer_cost_before,
            Unit::Usd,
        ),
        (
            "employer_cost_after",
            format!("SUMPRODUCT({after},{})", range(6)),
            o.employer_cost_after,
            Unit::Usd,
        ),
        (
            "employee_cost_before",
            format!("SUMPRODUCT({members},{})", range(3)),
            o.employee_cost_before,
            Unit::Usd,
        ),
        (
            "employee_cost_after",
            format!("SUMPRODUCT({after},{})", range(4)),
            o.employee_cost_after,
            Unit::Usd,
        ),
        (
            "members_moving",
            format!("SUMPRODUCT(({members}-{after})*({members}>{after}))"),
            o.members_moving,
            Unit::Count,
        ),
    ];
    let mut cells = Vec::new();
    for (name, formula, value, unit) in lines {
        cells.push(s.formula_row(r, &labels::output_label(name), &formula, value, unit)?);
        r += 1;
    }
    s.formula_row(
        r,
        &labels::output_label("employer_saving"),
        &format!("{}-{}", cells[0], cells[1]),
        o.employer_saving,
        Unit::Usd,
    )?;
    Ok(())
}

/// The row (index into `plans`) of the plan an added plan is like.
fn like_row(p: &MigrationParams, i: usize) -> Option<usize> {
    let t = &p.plans[i];
    if t.offered {
        return None;
    }
    let like = t.like.as_deref()?;
    p.plans
        .iter()
        .position(|o| o.code == like && o.tier == t.tier && o.offered)
}

/// The choice weight the formula computes, for its cached value.
fn weight_value(p: &MigrationParams, i: usize) -> f64 {
    let t = &p.plans[i];
    let base = like_row(p, i).map_or(t, |k| &p.plans[k]);
    let share = tier_share(&p.plans, base).unwrap_or(0.0);
    let gamma = p.oop_coefficient.unwrap_or(p.premium_coefficient);
    let du = p.premium_coefficient * (t.new_contribution_annual - base.contribution_annual) / 100.0
        + gamma * (t.new_oop - base.oop) / 100.0;
    if t.new_offered { share * du.exp() } else { 0.0 }
}
