//! The employee plan guide as a sheet: the HTML guide's content in rows.

use super::cells::Sheet;
use crate::domain::Tier;
use crate::format::money;
use crate::model::compare::{Comparison, star_text};
use crate::report::guide::advice;
use rust_xlsxwriter::XlsxError;

/// Writes the guide: advice in words, then one row per plan.
pub fn guide_sheet(s: &mut Sheet, purchaser: &str, cmp: &Comparison) -> Result<(), XlsxError> {
    let f = s.f;
    s.text(
        0,
        0,
        &format!("{purchaser}: your health plan choices"),
        &f.title,
    )?;
    s.text(
        1,
        0,
        "This sheet is the employee plan guide: which plan is likely to cost least, then one row per plan with what you pay a month by coverage, yearly totals, the deductible, the out-of-pocket maximum and quality.",
        &f.note,
    )?;
    let mut row = 3;
    for a in advice(cmp) {
        s.text(row, 0, &a, &f.text)?;
        row += 1;
    }
    row += 1;
    let mut heads = vec!["Plan".to_string()];
    heads.extend(
        Tier::ALL
            .iter()
            .map(|t| format!("You pay a month, {}", t.label())),
    );
    heads.extend([
        "Yearly total, low use".into(),
        "Yearly total, typical use".into(),
        "Yearly total, high use".into(),
        "Deductible".into(),
        "Out-of-pocket maximum".into(),
        "Quality".into(),
        "Best in class".into(),
    ]);
    for (c, h) in heads.iter().enumerate() {
        s.text(row, c as u16, h, &f.header)?;
    }
    let head = row;
    for col in &cmp.columns {
        row += 1;
        s.text(row, 0, &col.plan.name, &f.text)?;
        for (t, line) in col.cost.tiers.iter().enumerate() {
            match line.employee_monthly {
                Some(v) => s.number(row, 1 + t as u16, v, &f.usd.clone())?,
                None => s.text(row, 1 + t as u16, "not offered", &f.text)?,
            }
        }
        let base = 1 + Tier::ALL.len() as u16;
        for (k, v) in col.member_cost_usd.iter().enumerate() {
            if v.is_finite() {
                s.number(row, base + k as u16, *v, &f.usd0.clone())?;
            } else {
                s.text(row, base + k as u16, super::NO_PREMIUM, &f.text)?;
            }
        }
        s.number(
            row,
            base + 3,
            col.plan.deductible_individual,
            &f.usd0.clone(),
        )?;
        s.number(row, base + 4, col.plan.oop_max_individual, &f.usd0.clone())?;
        let rating = col.rating.as_ref();
        let stars = rating
            .and_then(|r| r.stars)
            .map(star_text)
            .unwrap_or_else(|| "not rated".into());
        s.text(row, base + 5, &stars, &f.text)?;
        let best = rating.is_some_and(|r| r.certification.certified);
        s.text(row, base + 6, if best { "Yes" } else { "" }, &f.text)?;
    }
    s.header_table(head, row, heads.len() as u16 - 1)?;
    s.ws.set_freeze_panes(head + 1, 1)?;
    s.ws.set_column_width(0, 40)?;
    for c in 1..heads.len() as u16 {
        s.ws.set_column_width(c, 17)?;
    }
    row += 2;
    s.text(
        row,
        0,
        &format!(
            "Yearly totals add twelve months of your share of the premium (you only) to what you would pay for care; amounts such as {} are estimates for planning.",
            money(cmp.use_level_claims_usd.get(1).copied().unwrap_or(0.0))
        ),
        &f.note,
    )?;
    Ok(())
}
