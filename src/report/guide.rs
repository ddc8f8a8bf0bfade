//! The employee plan guide: one purchaser's plans in plain words, as a single self-contained
//! HTML file (no external resource; prints on A4 or Letter). For each plan: what the employee
//! pays a month by coverage tier, the likely yearly total at low, typical and high use, the
//! deductible and out-of-pocket maximum, quality stars and the best-in-class badge.

use crate::domain::Tier;
use crate::format::money;
use crate::model::compare::{Comparison, PlanColumn, star_text};

/// Escapes text for HTML.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The plan with the lowest yearly total at a use level (index into the use levels).
fn cheapest_at(cmp: &Comparison, level: usize) -> Option<&PlanColumn> {
    let cost = |c: &PlanColumn| c.member_cost_usd.get(level).copied().unwrap_or(f64::NAN);
    cmp.columns
        .iter()
        .filter(|c| cost(c).is_finite())
        .min_by(|a, b| cost(a).total_cmp(&cost(b)))
}

/// Plain-words advice: which plan costs least for someone who rarely, sometimes or often
/// needs care.
pub fn advice(cmp: &Comparison) -> Vec<String> {
    let who = [
        "If you rarely see a doctor",
        "If you see a doctor a few times a year",
        "If you expect a lot of care (a surgery, a pregnancy, a chronic condition)",
    ];
    who.iter()
        .enumerate()
        .filter_map(|(level, who)| {
            let best = cheapest_at(cmp, level)?;
            let total = best.member_cost_usd.get(level)?;
            Some(format!(
                "{who}, {} is likely to cost you the least: about {} a year, premiums and out-of-pocket costs together.",
                best.plan.name,
                money(*total)
            ))
        })
        .collect()
}

fn tier_row(col: &PlanColumn) -> String {
    Tier::ALL
        .iter()
        .map(|t| {
            let employee = col
                .cost
                .tiers
                .iter()
                .find(|c| c.tier == *t)
                .and_then(|c| c.employee_monthly);
            match employee {
                Some(amount) => format!("<td>{}</td>", money(amount)),
                None => "<td class=\"none\">not offered</td>".into(),
            }
        })
        .collect()
}

/// Quality stars with words for a screen reader ("4.5 of 5 stars"), or "not rated".
fn stars_html(stars: Option<f64>) -> String {
    match stars {
        Some(s) => format!(
            "<span class=\"stars\" role=\"img\" aria-label=\"{s:.1} of 5 stars\">{}</span>",
            star_text(s)
        ),
        None => "not rated".into(),
    }
}

/// A yearly total, or words when the plan has no premium on file to total.
fn total_text(total: f64) -> String {
    if total.is_finite() {
        money(total)
    } else {
        "not available (no premium on file)".into()
    }
}

/// Visit copays, or the plain fact that visits count toward the deductible (HSA plans).
fn copays(col: &PlanColumn) -> String {
    let p = &col.plan;
    if p.pcp_copay == 0.0 && p.specialist_copay == 0.0 && p.er_copay == 0.0 {
        return "no copays: visits count toward the deductible, then the coinsurance applies"
            .into();
    }
    format!(
        "{} / {} / {}",
        money(p.pcp_copay),
        money(p.specialist_copay),
        money(p.er_copay)
    )
}

fn plan_card(index: usize, col: &PlanColumn, cmp: &Comparison) -> String {
    let stars = stars_html(col.rating.as_ref().and_then(|r| r.stars));
    let badge = if col
        .rating
        .as_ref()
        .is_some_and(|r| r.certification.certified)
    {
        "<span class=\"badge\">Best in class</span>"
    } else {
        ""
    };
    let levels: String = ["Low use", "Typical use", "High use"]
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let claims = cmp.use_level_claims_usd.get(i).copied().unwrap_or(0.0);
            let total = col.member_cost_usd.get(i).copied().unwrap_or(f64::NAN);
            format!(
                "<tr><th scope=\"row\">{label}<small>care costing about {}</small></th><td>{}</td></tr>",
                money(claims),
                total_text(total)
            )
        })
        .collect();
    format!(
        r#"<section class="plan" aria-labelledby="plan-{index}">
<h2 id="plan-{index}">{name} {badge}</h2>
<p class="sub">{carrier} · {kind} · quality {stars}</p>
<table class="premiums"><caption>What comes out of your pay each month</caption>
<tr><th scope="col">Who is covered</th><th scope="col">You only</th><th scope="col">You + spouse</th><th scope="col">You + children</th><th scope="col">Family</th></tr>
<tr><th scope="row">You pay a month</th>{tiers}</tr></table>
<div class="cols">
<table class="design"><caption>How the plan shares the cost of care</caption>
<tr><th scope="row">Deductible</th><td>{ded}</td></tr>
<tr><th scope="row">Then you pay</th><td>{coins}% of costs</td></tr>
<tr><th scope="row">Most you pay in a year (out-of-pocket maximum)</th><td>{oop}</td></tr>
<tr><th scope="row">Doctor visit / specialist / emergency room</th><td>{copays}</td></tr>
</table>
<table class="totals"><caption>Your likely total for a year (you only: premiums + out-of-pocket)</caption>{levels}</table>
</div>
</section>"#,
        name = esc(&col.plan.name),
        carrier = esc(&col.plan.carrier),
        kind = esc(&col.plan.plan_type),
        tiers = tier_row(col),
        ded = money(col.plan.deductible_individual),
        coins = (col.plan.coinsurance * 100.0).round(),
        oop = money(col.plan.oop_max_individual),
        copays = copays(col),
    )
}

const STYLE: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1b1f24;margin:24px auto;max-width:920px;padding:0 16px;line-height:1.4}
h1{font-size:26px;margin:0 0 4px} h2{font-size:20px;margin:0} .sub{color:#555;margin:2px 0 10px}
.advice{background:#eef4ff;border-left:4px solid #1e5ac8;padding:10px 14px;margin:14px 0}
.advice p{margin:4px 0}
.plan{border:1px solid #ccd3dc;border-radius:8px;padding:14px 16px;margin:14px 0;break-inside:avoid;page-break-inside:avoid}
table{border-collapse:collapse;width:100%;margin:6px 0} th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e4e8ee;vertical-align:top}
.premiums td{font-weight:600} .cols{display:flex;gap:16px;flex-wrap:wrap} .cols table{flex:1 1 380px}
small{display:block;color:#666;font-weight:normal} .badge{background:#157a3c;color:#fff;border-radius:4px;font-size:13px;padding:2px 8px;margin-left:8px;vertical-align:middle}
.stars{color:#1e5ac8} footer{color:#595959;font-size:13px;margin-top:18px}
caption{text-align:left;font-weight:600;padding:6px 0 2px} .premiums caption{padding-top:0} td.none{color:#595959;font-weight:normal}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
@page{size:auto;margin:14mm} @media print{body{margin:0;max-width:none;font-size:11pt}.advice{break-inside:avoid;border-left-color:#000}.plan{border-color:#767676}}
"#;

/// The guide as one HTML document.
pub fn guide_html(purchaser: &str, year: i64, cmp: &Comparison) -> String {
    let advice: String = advice(cmp)
        .iter()
        .map(|a| format!("<p>{}</p>", esc(a)))
        .collect();
    let cards: String = cmp
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| plan_card(i + 1, c, cmp))
        .collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{who}: your health plan choices for {year}</title><style>{STYLE}</style></head>
<body>
<header><h1>Your health plan choices for {year}</h1>
<p class="sub">{who} · {n} plans · costs are estimates for planning, not a guarantee</p></header>
<main>
<section class="advice" aria-labelledby="advice"><h2 id="advice" class="sr-only">Which plan may cost you least</h2>{advice}</section>
{cards}
</main>
<footer>How to read this guide: the monthly amounts are what comes out of your pay for each coverage level. The yearly totals add twelve months of your share of the premium (you only) to what you would pay at the doctor and pharmacy for care costing the amount shown, after the deductible, coinsurance and the out-of-pocket maximum. Quality stars compare the plans on the coalition's uniform quality measures; "Best in class" plans meet every certification rule. Prepared with Alliance Desk; no personal data is in this file.</footer>
</body></html>
"#,
        who = esc(purchaser),
        n = cmp.columns.len(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::compare::{self, CompareSettings};

    fn guide() -> String {
        let mut ws = crate::store::Workspace::in_memory().unwrap();
        crate::generate::fill_workspace(
            &mut ws,
            crate::generate::GenerateOptions {
                members: 400,
                seed: 7,
            },
        )
        .unwrap();
        let inputs = ws.compare_inputs(None).unwrap();
        let codes: Vec<String> = inputs.plans.iter().map(|p| p.code.clone()).collect();
        let cmp = compare::compare(
            &inputs,
            &CompareSettings {
                plan_codes: codes,
                ..Default::default()
            },
        );
        guide_html("Northstar <Manufacturing>", 2026, &cmp)
    }

    #[test]
    fn the_guide_loads_nothing_from_outside() {
        let html = guide();
        for external in ["http://", "https://", "src=", "<link", "@import", "url("] {
            assert!(!html.contains(external), "{external}");
        }
    }

    #[test]
    fn the_guide_shows_every_plan_and_escapes_names() {
        let html = guide();
        assert_eq!(html.matches("<section class=\"plan\"").count(), 8);
        assert!(html.contains("Northstar &lt;Manufacturing&gt;"));
        assert!(html.contains("If you rarely see a doctor"));
    }
}
