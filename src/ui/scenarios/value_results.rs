//! Value-based results: the deal from the payer's and the provider's side, the corridor chart,
//! the glide path, the distribution of outcomes and the utilization levers.

use super::{ScenariosView, theme};
use crate::format::{count, money, pct, signed_money};
use crate::model::value_based::{self, ValueBasedOutputs, ValueBasedParams};
use egui_plot::{Bar, BarChart, Corner, HLine, Legend, Line, Plot, PlotPoints, Points, VLine};

impl ScenariosView {
    /// The draft's inputs and the outputs already computed for it (never recomputed per frame).
    fn contract(&self) -> Option<std::rc::Rc<(ValueBasedParams, ValueBasedOutputs)>> {
        match &self.kind_run {
            super::KindRun::Contract(run) => Some(run.clone()),
            _ => None,
        }
    }

    pub(super) fn value_results_ui(&mut self, ui: &mut egui::Ui) {
        let Some(run) = self.contract() else {
            return;
        };
        let (p, out) = (&run.0, &run.1);
        sides_ui(ui, out);
        ui.add_space(8.0);
        corridor_ui(ui, p, out);
        ui.add_space(8.0);
        ui.strong(format!(
            "Largest effects on the settlement: each input ±{:.0} % (blue: input lowered, orange: raised)",
            self.tornado_pct * 100.0
        ));
        self.tornado_chart_only_ui(ui);
    }

    pub(super) fn glide_ui(&mut self, ui: &mut egui::Ui) {
        let Some(run) = self.contract() else {
            return;
        };
        let out = &run.1;
        let Some(r) = out.yearly_reduction else {
            ui.label(
                "Switch on the multi-year glide path in the form to see year-by-year targets.",
            );
            return;
        };
        ui.label(format!(
            "Spend {} below trend each year reaches the total goal in {} years. The path starts from the baseline spend trended each year; it does not use the Actual spend input of the Results tab, which settles one performance year.",
            pct(r),
            out.glide.len()
        ));
        glide_chart_ui(ui, out);
        egui::Grid::new("glide_table").striped(true).show(ui, |ui| {
            for h in ["Year", "Benchmark", "Actual", "Settlement", "Cumulative"] {
                ui.strong(h);
            }
            ui.end_row();
            for y in &out.glide {
                ui.label(format!("Year {}", y.year));
                ui.label(format!("{} PMPM", money(y.benchmark_pmpm)));
                ui.label(format!("{} PMPM", money(y.actual_pmpm)));
                ui.label(signed_money(y.settlement));
                ui.label(signed_money(y.cumulative_settlement));
                ui.end_row();
            }
        });
    }

    pub(super) fn distribution_ui(&mut self, ui: &mut egui::Ui) {
        let Some(run) = self.contract() else {
            return;
        };
        let (p, out) = (&run.0, &run.1);
        let (Some(ps), Some(pl), Some(hist)) =
            (out.p_savings, out.p_losses, out.histogram.as_ref())
        else {
            ui.label("Switch on \"Simulate 10,000 outcomes\" in the form to see the odds of each settlement.");
            return;
        };
        let dark = ui.visuals().dark_mode;
        ui.horizontal_wrapped(|ui| {
            for (label, value) in [
                ("Chance savings are paid", pct(ps)),
                ("Chance losses are owed", pct(pl)),
                (
                    "Mean settlement",
                    signed_money(out.mean_settlement.unwrap_or(0.0)),
                ),
                ("5th percentile", signed_money(out.p5.unwrap_or(0.0))),
                ("Median", signed_money(out.p50.unwrap_or(0.0))),
                ("95th percentile", signed_money(out.p95.unwrap_or(0.0))),
            ] {
                egui::Frame::group(ui.style())
                    .inner_margin(8.0)
                    .show(ui, |ui| {
                        ui.vertical(|ui| {
                            ui.weak(label);
                            ui.label(egui::RichText::new(value).size(15.0));
                        });
                    });
            }
        });
        ui.weak(format!(
            "{} trials (seed {}): spend varies with a coefficient of variation of {:.2} / √{} lives, quality by ±{} around its score.",
            count(p.trials as i64),
            p.seed,
            p.cv_member,
            count(p.attributed_lives as i64),
            pct(p.quality_sd)
        ));
        let width = (hist.edges.get(1).copied().unwrap_or(1.0) - hist.edges[0]).max(1.0);
        let bars: Vec<Bar> = hist
            .counts
            .iter()
            .zip(&hist.edges)
            .map(|(c, lo)| {
                let mid = lo + width / 2.0;
                let colour = if mid < 0.0 {
                    theme::bad(dark)
                } else if mid > 0.0 {
                    theme::good(dark)
                } else {
                    theme::muted(dark)
                };
                Bar::new(mid, *c as f64)
                    .width(width * 0.95)
                    .fill(colour)
                    .name(format!(
                        "{} to {}: {} trials",
                        money(*lo),
                        money(lo + width),
                        c
                    ))
            })
            .collect();
        let shown = Plot::new("settlement_histogram")
            .height(260.0)
            .allow_scroll(false)
            .allow_drag(false)
            .allow_zoom(false)
            .x_axis_label("Settlement (positive: paid to the provider)")
            .x_grid_spacer(theme::nice_grid_spacer())
            .y_axis_label("Trials")
            .x_axis_formatter(|m, _| money(m.value))
            .show(ui, |plot| {
                plot.bar_chart(BarChart::new("Trials", bars));
                plot.vline(
                    VLine::new("Settlement at the inputs", out.settlement)
                        .color(theme::accent(dark))
                        .width(2.0),
                );
            });
        let summary = format!(
            "of {} trials, {} pay savings and {} owe losses; nine in ten settlements lie between {} and {}, the median is {} and the settlement at the inputs {}.",
            count(p.trials as i64),
            pct(ps),
            pct(pl),
            signed_money(out.p5.unwrap_or(0.0)),
            signed_money(out.p95.unwrap_or(0.0)),
            signed_money(out.p50.unwrap_or(0.0)),
            signed_money(out.settlement)
        );
        crate::ui::chart_text::described(
            ui,
            shown.response,
            "Settlements over the trials",
            &summary,
        );
    }

    pub(super) fn levers_ui(&mut self, ui: &mut egui::Ui) {
        let Some(run) = self.contract() else {
            return;
        };
        let (p, out) = (&run.0, &run.1);
        if out.utilization.is_empty() {
            ui.label("Add service categories under Utilization levers in the form to build actual spend from use and unit cost.");
            return;
        }
        if p.actual_pmpm.is_some() {
            ui.weak("Actual spend is given directly; switch it off in the form to settle on these categories.");
        }
        egui::Grid::new("lever_table").striped(true).show(ui, |ui| {
            for h in [
                "Service",
                "Use per 1,000",
                "Change",
                "Use after",
                "Unit cost",
                "PMPM before",
                "PMPM after",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for c in &out.utilization {
                ui.label(&c.name);
                ui.label(count(c.util_per_1000.round() as i64));
                let change = if c.util_per_1000 > 0.0 {
                    c.util_after_lever / c.util_per_1000 - 1.0
                } else {
                    0.0
                };
                ui.label(crate::format::signed_pct(change));
                ui.label(count(c.util_after_lever.round() as i64));
                ui.label(money(c.unit_cost));
                ui.label(money(c.pmpm_before));
                ui.label(money(c.pmpm_after));
                ui.end_row();
            }
            let before: f64 = out.utilization.iter().map(|c| c.pmpm_before).sum();
            let after: f64 = out.utilization.iter().map(|c| c.pmpm_after).sum();
            ui.strong("Total");
            for _ in 0..4 {
                ui.label("");
            }
            ui.strong(money(before));
            ui.strong(money(after));
            ui.end_row();
        });
    }
}

/// The same deal from both sides.
fn sides_ui(ui: &mut egui::Ui, out: &ValueBasedOutputs) {
    let dark = ui.visuals().dark_mode;
    let verdict = if out.shared_savings > 0.0 {
        format!(
            "Savings of {} beat the minimum savings rate of {}: shared.",
            pct(out.savings_rate),
            pct(out.msr_used)
        )
    } else if out.shared_losses > 0.0 {
        format!(
            "Spend {} above the benchmark passes the minimum loss rate of {}: losses owed.",
            pct(-out.savings_rate),
            pct(out.mlr_used)
        )
    } else if !out.quality_gate_passed {
        "The quality score is below the gate: no savings are shared.".to_string()
    } else {
        format!(
            "A savings rate of {} stays inside the corridor: nothing is settled.",
            pct(out.savings_rate)
        )
    };
    ui.colored_label(theme::accent(dark), egui::RichText::new(verdict).strong());
    ui.add_space(4.0);
    let payer = [
        ("Benchmark", money(out.benchmark_total)),
        ("Actual spend", money(out.actual_total)),
        (
            "Savings",
            format!("{} ({})", signed_money(out.savings), pct(out.savings_rate)),
        ),
        ("Pays the provider", signed_money(out.provider_total)),
        ("Net savings", signed_money(out.payer_net_savings)),
    ];
    let provider = [
        ("Shared savings", money(out.shared_savings)),
        ("Shared losses", money(out.shared_losses)),
        ("Settlement", signed_money(out.settlement)),
        ("Outcome payments", money(out.outcome_payments_total)),
        ("Receives in all", signed_money(out.provider_total)),
    ];
    ui.columns(2, |cols| {
        side_ui(&mut cols[0], "The payer's view", &payer);
        side_ui(&mut cols[1], "The provider's view", &provider);
    });
}

fn side_ui(ui: &mut egui::Ui, title: &str, rows: &[(&str, String)]) {
    egui::Frame::group(ui.style())
        .inner_margin(8.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.strong(title);
            egui::Grid::new(title).num_columns(2).show(ui, |ui| {
                for (label, value) in rows {
                    ui.label(*label);
                    ui.label(egui::RichText::new(value).size(15.0));
                    ui.end_row();
                }
            });
        });
}

/// Settlement by savings rate: the corridor between the minimum loss and savings rates, the
/// caps, and this contract's point.
fn corridor_ui(ui: &mut egui::Ui, p: &ValueBasedParams, out: &ValueBasedOutputs) {
    ui.strong("Settlement by savings rate (the corridor)");
    let dark = ui.visuals().dark_mode;
    let reach = (out.savings_rate.abs() * 1.5)
        .max(out.msr_used * 3.0)
        .clamp(0.08, 0.6);
    let curve: Vec<[f64; 2]> = (0..=240)
        .map(|i| -reach + 2.0 * reach * i as f64 / 240.0)
        .filter_map(|x| {
            value_based::settlement_at_rate(p, x)
                .ok()
                .map(|y| [x * 100.0, y])
        })
        .collect();
    let msr = out.msr_used * 100.0;
    let mlr = out.mlr_used * 100.0;
    let shown = Plot::new("corridor")
        .height(260.0)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .legend(Legend::default().position(Corner::RightBottom))
        .x_axis_label("Savings rate (share of the benchmark)")
        .x_grid_spacer(theme::nice_grid_spacer())
        .x_axis_formatter(|m, _| theme::axis_percent(m.value))
        .y_axis_formatter(|m, _| money(m.value))
        .show(ui, |plot| {
            plot.line(
                Line::new("Settlement", PlotPoints::new(curve))
                    .color(theme::accent(dark))
                    .width(2.0),
            );
            plot.vline(VLine::new("Minimum savings rate", msr).color(theme::good(dark)));
            if p.two_sided {
                plot.vline(VLine::new("Minimum loss rate", -mlr).color(theme::bad(dark)));
                plot.hline(
                    HLine::new("Loss cap", -out.loss_cap_usd)
                        .color(theme::bad(dark))
                        .style(egui_plot::LineStyle::dashed_loose()),
                );
            }
            plot.hline(
                HLine::new("Savings cap", out.savings_cap_usd)
                    .color(theme::good(dark))
                    .style(egui_plot::LineStyle::dashed_loose()),
            );
            plot.points(
                Points::new(
                    "This contract",
                    PlotPoints::new(vec![[out.savings_rate * 100.0, out.settlement]]),
                )
                .radius(7.0)
                .color(theme::series_on(1, dark)),
            );
        });
    let band = if p.two_sided {
        format!(
            "between a {} loss and {} savings",
            pct(out.mlr_used),
            pct(out.msr_used)
        )
    } else {
        format!("below {} savings", pct(out.msr_used))
    };
    let losses = if p.two_sided {
        format!(
            ", and the losses owed to the {} loss cap",
            money(out.loss_cap_usd)
        )
    } else {
        String::new()
    };
    let summary = format!(
        "no settlement while the savings rate stays {band}; beyond it the shared savings grow to the {} savings cap{losses}. This contract: savings rate {}, settlement {}.",
        money(out.savings_cap_usd),
        pct(out.savings_rate),
        signed_money(out.settlement)
    );
    crate::ui::chart_text::described(ui, shown.response, "Settlement by savings rate", &summary);
}

fn glide_chart_ui(ui: &mut egui::Ui, out: &ValueBasedOutputs) {
    let dark = ui.visuals().dark_mode;
    let bench: Vec<[f64; 2]> = out
        .glide
        .iter()
        .map(|y| [y.year as f64, y.benchmark_pmpm])
        .collect();
    let actual: Vec<[f64; 2]> = out
        .glide
        .iter()
        .map(|y| [y.year as f64, y.actual_pmpm])
        .collect();
    let shown = Plot::new("glide_chart")
        .height(240.0)
        .y_grid_spacer(theme::nice_grid_spacer())
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .legend(Legend::default().position(Corner::LeftTop))
        .x_axis_label("Contract year")
        .x_axis_formatter(|m, _| {
            if (m.value - m.value.round()).abs() < 1e-6 {
                format!("Year {:.0}", m.value)
            } else {
                String::new()
            }
        })
        .y_axis_formatter(|m, _| money(m.value))
        .show(ui, |plot| {
            plot.line(
                Line::new("Benchmark PMPM", PlotPoints::new(bench.clone()))
                    .color(theme::muted(dark))
                    .width(2.0),
            );
            plot.points(
                Points::new("Benchmark PMPM", PlotPoints::new(bench))
                    .radius(4.0)
                    .color(theme::muted(dark)),
            );
            plot.line(
                Line::new(
                    "Actual PMPM on the glide path",
                    PlotPoints::new(actual.clone()),
                )
                .color(theme::accent(dark))
                .width(2.0),
            );
            plot.points(
                Points::new("Actual PMPM on the glide path", PlotPoints::new(actual))
                    .radius(4.0)
                    .color(theme::accent(dark)),
            );
        });
    let (Some(first), Some(last)) = (out.glide.first(), out.glide.last()) else {
        return;
    };
    let summary = format!(
        "the benchmark goes from {} PMPM in year {} to {} in year {}; actual spend on the glide path from {} to {}.",
        money(first.benchmark_pmpm),
        first.year,
        money(last.benchmark_pmpm),
        last.year,
        money(first.actual_pmpm),
        money(last.actual_pmpm)
    );
    crate::ui::chart_text::described(ui, shown.response, "Glide path", &summary);
}
