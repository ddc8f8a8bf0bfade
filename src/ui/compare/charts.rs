//! Compare's charts: member out-of-pocket by allowed claims, and cost against quality.

use super::*;
use crate::format::money;

pub(super) fn oop_curves_ui(ui: &mut egui::Ui, cmp: &Comparison) {
    ui.strong("Member out-of-pocket by allowed claims");
    let max_claims = 40_000.0;
    // The curves rise from the bottom left and level off: the top left stays clear.
    let dark = ui.visuals().dark_mode;
    let shown = Plot::new("oop_curves")
        .height(260.0)
        .legend(Legend::default().position(Corner::LeftTop))
        .allow_scroll(false)
        .x_axis_label("Allowed claims per year")
        .x_axis_formatter(|m, _| format!("${:.0}k", m.value / 1000.0))
        .y_axis_formatter(|m, _| format!("${:.0}", m.value))
        .show(ui, |plot| {
            for (i, c) in cmp.columns.iter().enumerate() {
                let d = CostSharing {
                    deductible_usd: c.plan.deductible_individual,
                    coinsurance: c.plan.coinsurance,
                    oop_max_usd: c.plan.oop_max_individual,
                };
                // Exact kinks plus a coarse grid: a few hundred points, never raw member rows.
                let mut xs: Vec<f64> = (0..=200).map(|k| max_claims * k as f64 / 200.0).collect();
                xs.push(d.deductible_usd);
                xs.sort_by(f64::total_cmp);
                let pts: Vec<[f64; 2]> =
                    xs.iter().map(|x| [*x, plan_cost::oop_usd(*x, d)]).collect();
                plot.line(
                    Line::new(c.plan.code.clone(), PlotPoints::new(pts))
                        .color(theme::series_on(i, dark))
                        .width(2.0),
                );
            }
        });
    let plans: Vec<String> = cmp.columns.iter().map(|c| oop_in_words(&c.plan)).collect();
    crate::ui::chart_text::described(
        ui,
        shown.response,
        "Member out-of-pocket by allowed claims",
        &format!("{}.", plans.join("; ")),
    );
}

/// "BCH-PPO500 pays all to its $500 deductible, then 20 %, reaching its $3,000 maximum at
/// $13,000 of claims".
fn oop_in_words(p: &crate::domain::Plan) -> String {
    let d = CostSharing {
        deductible_usd: p.deductible_individual,
        coinsurance: p.coinsurance,
        oop_max_usd: p.oop_max_individual,
    };
    let reach = plan_cost::claims_to_reach_oop_max_usd(d).map_or(
        "never reaching a maximum".to_string(),
        |c| {
            format!(
                "reaching its {} maximum at {} of claims",
                money(p.oop_max_individual),
                money(c)
            )
        },
    );
    format!(
        "{} pays all to its {} deductible, then {:.0} %, {reach}",
        p.code,
        money(p.deductible_individual),
        p.coinsurance * 100.0
    )
}

pub(super) fn cost_quality_ui(ui: &mut egui::Ui, cmp: &Comparison) {
    ui.strong("Cost vs quality (frontier dashed)");
    let pts: Vec<(String, f64, f64, bool)> = cmp
        .columns
        .iter()
        .filter_map(|c| {
            Some((
                c.plan.code.clone(),
                c.cost_per_member_usd?,
                c.rating.as_ref()?.composite.value()?,
                c.on_frontier,
            ))
        })
        .collect();
    let mut frontier: Vec<[f64; 2]> = pts.iter().filter(|p| p.3).map(|p| [p.1, p.2]).collect();
    frontier.sort_by(|a, b| a[0].total_cmp(&b[0]));
    let dark = ui.visuals().dark_mode;
    let (x_lo, x_hi) = pts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        });
    let pad = ((x_hi - x_lo) * 0.15).max(500.0);
    let summary = cost_quality_in_words(&pts);
    // Each point carries its plan code, so no legend covers the points.
    let shown = Plot::new("cost_quality")
        .height(260.0)
        .allow_scroll(false)
        .include_x(x_lo - pad)
        .include_x(x_hi + pad)
        .x_axis_label("Annual premium per subscriber")
        .y_axis_label("Quality composite")
        .x_axis_formatter(|m, _| format!("${:.1}k", m.value / 1000.0))
        .include_y(0.0)
        .include_y(100.0)
        .show(ui, |plot| {
            if frontier.len() > 1 {
                plot.line(
                    Line::new("Efficient frontier", PlotPoints::new(frontier))
                        .style(egui_plot::LineStyle::dashed_loose())
                        .color(theme::muted(dark)),
                );
            }
            for (i, (code, x, y, _)) in pts.into_iter().enumerate() {
                plot.points(
                    Points::new(code.clone(), PlotPoints::new(vec![[x, y]]))
                        .radius(6.0)
                        .color(theme::series_on(i, dark)),
                );
                plot.text(
                    egui_plot::Text::new(
                        code.clone(),
                        egui_plot::PlotPoint::new(x, y + 4.0),
                        egui::RichText::new(code).size(12.0),
                    )
                    .anchor(egui::Align2::CENTER_BOTTOM),
                );
            }
        });
    crate::ui::chart_text::described(ui, shown.response, "Cost vs quality", &summary);
}

/// The cheapest and the best-rated plan and the frontier, in words.
fn cost_quality_in_words(pts: &[(String, f64, f64, bool)]) -> String {
    let cheapest = pts.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    let best = pts.iter().max_by(|a, b| a.2.total_cmp(&b.2));
    let (Some(c), Some(b)) = (cheapest, best) else {
        return "No plan has both a premium and a quality composite to place.".into();
    };
    let frontier: Vec<String> = pts.iter().filter(|p| p.3).map(|p| p.0.clone()).collect();
    format!(
        "lowest premium {} ({} a year, composite {:.1}); highest quality {} (composite {:.1}, {} a year); on the efficient frontier: {}.",
        c.0,
        money(c.1),
        c.2,
        b.0,
        b.2,
        money(b.1),
        crate::ui::chart_text::and_list(&frontier)
    )
}
