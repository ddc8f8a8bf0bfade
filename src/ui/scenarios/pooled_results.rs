//! Pooled-volume results: the headline figures and the next-tier call-out, the tier schedule
//! as a step chart, stand-alone against pooled cost per member, the allocation table with a
//! method switch, the core check, and what happens if a member leaves.

use super::{ScenariosView, theme};
use crate::format::{count, money, pct, signed_money};
use crate::model::pooled::{Allocation, MemberResult, PooledOutputs, PooledParams, Pricing};
use crate::ui::paired_bars::{Layout, Series, paired_bars_ui};
use egui_plot::Corner;

/// The next-tier sentence: "100,000 more units reach $7.50 a unit: saves $375,000 a year".
pub(super) fn next_tier_text(out: &PooledOutputs) -> String {
    match (
        out.volume_to_next_tier,
        out.next_tier_price,
        out.next_tier_saving,
    ) {
        (Some(more), Some(price), Some(_)) if out.pricing == Pricing::Incremental => format!(
            "{} more units reach the {} tier: every unit beyond it costs {} less than today's last unit",
            count(more.ceil() as i64),
            money(price),
            money((out.marginal_unit_price - price).max(0.0))
        ),
        (Some(more), Some(price), Some(saving)) => format!(
            "{} more units reach {} a unit: saves {} a year",
            count(more.ceil() as i64),
            money(price),
            money(saving)
        ),
        _ => "The pool already buys at the schedule's lowest price.".into(),
    }
}

impl ScenariosView {
    /// The draft's inputs and the outputs already computed for it (never recomputed per frame).
    fn pooled(&self) -> Option<std::rc::Rc<(PooledParams, PooledOutputs)>> {
        match &self.kind_run {
            super::KindRun::Pooled(run) => Some(run.clone()),
            _ => None,
        }
    }

    pub(super) fn pooled_results_ui(&mut self, ui: &mut egui::Ui) {
        let Some(run) = self.pooled() else {
            return;
        };
        let (p, out) = (&run.0, &run.1);
        let dark = ui.visuals().dark_mode;
        cards_ui(ui, out);
        ui.add_space(6.0);
        ui.colored_label(
            theme::accent(dark),
            egui::RichText::new(next_tier_text(out)).strong(),
        );
        ui.add_space(8.0);
        // Side by side only when the cost chart's half still has room to name every member
        // under its bars (egui_plot drops an axis label that would overlap its neighbour).
        let per_member = 240.0 * out.members.len().max(2) as f32;
        let wide = ui.available_width() >= 900.0_f32.max(2.0 * per_member);
        if wide {
            ui.columns(2, |cols| {
                schedule_chart_ui(&mut cols[0], p, out);
                cost_bars_ui(&mut cols[1], out);
            });
        } else {
            schedule_chart_ui(ui, p, out);
            cost_bars_ui(ui, out);
        }
        ui.add_space(8.0);
        ui.strong(format!(
            "Largest effects on the savings: each input ±{:.0} % (blue: input lowered, orange: raised)",
            self.tornado_pct * 100.0
        ));
        self.tornado_chart_only_ui(ui);
    }

    pub(super) fn allocation_ui(&mut self, ui: &mut egui::Ui) {
        let Some(run) = self.pooled() else {
            return;
        };
        let (p, out) = (&run.0, &run.1);
        let time = ui.input(|i| i.time);
        ui.horizontal_wrapped(|ui| {
            ui.label("Share the savings");
            for a in Allocation::ALL {
                if ui.selectable_label(p.allocation == a, a.title()).clicked() && p.allocation != a
                {
                    let code = serde_json::to_value(a).unwrap_or_default();
                    self.edit("allocation", time, |d| d.params["allocation"] = code);
                }
            }
        });
        if out.admin_cost > 0.0 {
            ui.weak(format!(
                "The alliance's admin cost of {} is shared the same way and comes off each member's savings.",
                money(out.admin_cost)
            ));
        }
        if !out.shapley_exact {
            ui.weak(
                "Shapley values are estimated from sampled member orders; ± is one standard error.",
            );
        }
        allocation_table_ui(ui, out);
        ui.add_space(8.0);
        core_ui(ui, out);
    }

    pub(super) fn leave_one_out_ui(&mut self, ui: &mut egui::Ui) {
        let Some(run) = self.pooled() else {
            return;
        };
        let out = &run.1;
        ui.label(format!(
            "Today the pool saves {} a year. If one member leaves, the rest keep pooling:",
            money(out.savings)
        ));
        let names: Vec<String> = out.members.iter().map(|m| m.name.clone()).collect();
        let mut labels: Vec<egui::WidgetText> =
            vec![egui::RichText::new("If this member leaves").strong().into()];
        labels.extend(
            out.leave_one_out
                .iter()
                .map(|l| egui::WidgetText::from(l.leaving.as_str())),
        );
        let mut headers: Vec<egui::WidgetText> = vec![
            egui::RichText::new("Pooled total").strong().into(),
            egui::RichText::new("Pool savings").strong().into(),
        ];
        headers.extend(
            names
                .iter()
                .map(|n| egui::RichText::new(format!("{n} loses")).strong().into()),
        );
        let sizes = crate::ui::sticky::Sizes {
            row_height: 22.0,
            first_width: 200.0,
            column_width: 130.0,
        };
        let dark = ui.visuals().dark_mode;
        crate::ui::sticky::sticky_table(
            ui,
            "leave_one_out",
            &labels,
            &headers,
            sizes,
            |ui, row, col| {
                let Some(l) = out.leave_one_out.get(row) else {
                    return;
                };
                match col {
                    0 => {
                        ui.label(money(l.pooled_total));
                    }
                    1 => {
                        ui.label(money(l.savings));
                    }
                    _ => {
                        let i = col - 2;
                        if out.members.get(i).is_some_and(|m| m.name == l.leaving) {
                            ui.weak("leaves");
                        } else {
                            let loss = l.losses.get(i).copied().unwrap_or(0.0);
                            // A negative loss is a gain: said as one, not as "loses -$45,000".
                            let (colour, text) = if loss > 0.005 {
                                (theme::bad(dark), money(loss))
                            } else if loss < -0.005 {
                                (theme::good(dark), format!("gains {}", money(-loss)))
                            } else {
                                (ui.visuals().text_color(), money(0.0))
                            };
                            ui.colored_label(colour, text);
                        }
                    }
                }
            },
        );
    }
}

fn cards_ui(ui: &mut egui::Ui, out: &PooledOutputs) {
    let cards = [
        (
            "Savings a year",
            format!("{} ({})", money(out.savings), pct(out.savings_rate)),
            true,
        ),
        ("Pooled unit price", money(out.pooled_unit_price), true),
        ("Stand-alone total", money(out.standalone_total), false),
        ("Pooled total", money(out.pooled_total), false),
        (
            "Pool volume (units)",
            count(out.total_volume.round() as i64),
            false,
        ),
        ("Savings after admin cost", money(out.net_savings), false),
    ];
    crate::ui::cards::cards_ui(ui, &cards, 200.0);
}

/// The schedule's unit price by volume as steps, the pool's volume as a line and each member's
/// stand-alone volume as a labelled mark. Drawn by hand so labels never overlap the legend.
fn schedule_chart_ui(ui: &mut egui::Ui, p: &PooledParams, out: &PooledOutputs) {
    ui.strong("Vendor tier schedule: unit price by yearly volume");
    let dark = ui.visuals().dark_mode;
    let last = p.schedule.last().map_or(0.0, |t| t.min_volume);
    let x_max = (out.total_volume.max(last) * 1.15).max(1.0);
    // The price axis starts below the lowest tier, so tiers a few cents apart stay apart.
    let high = p
        .schedule
        .iter()
        .map(|t| t.unit_price)
        .fold(0.0, f64::max)
        .max(0.01);
    let low = p.schedule.iter().map(|t| t.unit_price).fold(high, f64::min);
    let floor = (low - (high - low).max(high * 0.05) * 0.6).max(0.0);
    let top = high + (high - floor) * 0.1;
    let width = ui.available_width().max(320.0);
    let (rect, area) = ui.allocate_exact_size(egui::vec2(width, 250.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let plot = egui::Rect::from_min_max(
        egui::pos2(rect.left() + 60.0, rect.top() + 10.0),
        egui::pos2(rect.right() - 12.0, rect.bottom() - 70.0),
    );
    let x_of = |v: f64| plot.left() + (v / x_max) as f32 * plot.width();
    let y_of =
        |price: f64| plot.bottom() - ((price - floor) / (top - floor)) as f32 * plot.height();
    let text = ui.visuals().text_color();
    let muted = theme::muted(dark);
    let small = egui::FontId::proportional(12.0);
    painter.line_segment(
        [plot.left_bottom(), plot.right_bottom()],
        egui::Stroke::new(1.0, muted),
    );
    painter.line_segment(
        [plot.left_top(), plot.left_bottom()],
        egui::Stroke::new(1.0, muted),
    );
    painter.text(
        plot.left_bottom() + egui::vec2(-4.0, 0.0),
        egui::Align2::RIGHT_BOTTOM,
        money(floor),
        small.clone(),
        muted,
    );
    for (i, t) in p.schedule.iter().enumerate() {
        let end = p.schedule.get(i + 1).map_or(x_max, |n| n.min_volume);
        let y = y_of(t.unit_price);
        let stroke = egui::Stroke::new(2.5, theme::accent(dark));
        painter.line_segment(
            [egui::pos2(x_of(t.min_volume), y), egui::pos2(x_of(end), y)],
            stroke,
        );
        if let Some(next) = p.schedule.get(i + 1) {
            painter.line_segment(
                [
                    egui::pos2(x_of(end), y),
                    egui::pos2(x_of(end), y_of(next.unit_price)),
                ],
                egui::Stroke::new(1.0, theme::accent(dark)),
            );
        }
        painter.text(
            egui::pos2(plot.left() - 4.0, y),
            egui::Align2::RIGHT_CENTER,
            money(t.unit_price),
            small.clone(),
            muted,
        );
        painter.text(
            egui::pos2(x_of(t.min_volume), plot.bottom() + 3.0),
            egui::Align2::CENTER_TOP,
            count(t.min_volume.round() as i64),
            small.clone(),
            muted,
        );
    }
    let pool_x = x_of(out.total_volume);
    painter.line_segment(
        [
            egui::pos2(pool_x, plot.top()),
            egui::pos2(pool_x, plot.bottom()),
        ],
        egui::Stroke::new(2.0, theme::good(dark)),
    );
    painter.text(
        egui::pos2(pool_x, plot.top()),
        if pool_x > plot.center().x {
            egui::Align2::RIGHT_TOP
        } else {
            egui::Align2::LEFT_TOP
        },
        format!(" Pool: {} units ", count(out.total_volume.round() as i64)),
        small.clone(),
        theme::good(dark),
    );
    // Members alone: a tick on the volume axis and a staggered label below it.
    for (i, m) in out.members.iter().enumerate() {
        let x = x_of(m.volume);
        painter.circle_filled(egui::pos2(x, plot.bottom()), 4.0, theme::bad(dark));
        let y = plot.bottom() + 18.0 + 14.0 * (i % 3) as f32;
        painter.line_segment(
            [egui::pos2(x, plot.bottom()), egui::pos2(x, y)],
            egui::Stroke::new(0.5, muted),
        );
        painter.text(
            egui::pos2(x, y),
            egui::Align2::CENTER_TOP,
            &m.name,
            small.clone(),
            text,
        );
    }
    crate::ui::chart_text::described(ui, area, "Vendor tier schedule", &schedule_in_words(p, out));
}

/// "From 0 units a year $10.00 a unit, from 100,000 $9.00 …; the pool's 260,000 units pay …".
fn schedule_in_words(p: &PooledParams, out: &PooledOutputs) -> String {
    let tiers: Vec<String> = p
        .schedule
        .iter()
        .map(|t| {
            format!(
                "from {} units {}",
                count(t.min_volume.round() as i64),
                money(t.unit_price)
            )
        })
        .collect();
    format!(
        "{} a unit; the pool's {} units a year pay {} a unit on average.",
        tiers.join(", "),
        count(out.total_volume.round() as i64),
        money(out.pooled_unit_price)
    )
}

/// Stand-alone against pooled (allocated) cost per member, as grouped bars.
fn cost_bars_ui(ui: &mut egui::Ui, out: &PooledOutputs) {
    ui.strong("Cost a year per member: alone and in the pool");
    let dark = ui.visuals().dark_mode;
    let alone = Series {
        label: "Alone",
        colour: theme::muted(dark),
        bars: out
            .members
            .iter()
            .map(|m| {
                let v = m.standalone_cost;
                (v, format!("{}: {} alone", m.name, money(v)))
            })
            .collect(),
    };
    let pooled = Series {
        label: "In the pool",
        colour: theme::accent(dark),
        bars: out
            .members
            .iter()
            .map(|m| {
                let v = m.allocated_cost;
                (v, format!("{}: {} in the pool", m.name, money(v)))
            })
            .collect(),
    };
    let names = out.members.iter().map(|m| m.name.clone()).collect();
    paired_bars_ui(
        ui,
        "pool_cost_bars",
        names,
        [alone, pooled],
        Layout {
            height: 240.0,
            legend: Corner::LeftTop,
            y_text: money,
        },
    );
}

/// A column of the allocation table: its header and how a member's cell reads.
type Column = (&'static str, fn(&MemberResult) -> String);

fn allocation_table_ui(ui: &mut egui::Ui, out: &PooledOutputs) {
    let mut labels: Vec<egui::WidgetText> = vec![egui::RichText::new("Member").strong().into()];
    labels.extend(
        out.members
            .iter()
            .map(|m| egui::WidgetText::from(m.name.as_str())),
    );
    let columns: [Column; 9] = [
        ("Volume (units)", |m| count(m.volume.round() as i64)),
        ("Alone", |m| money(m.standalone_cost)),
        ("Pays in the pool", |m| money(m.allocated_cost)),
        ("Saves", |m| money(m.savings)),
        ("Saves %", |m| pct(m.savings_pct)),
        ("By volume", |m| money(m.volume_savings)),
        ("By spend", |m| money(m.spend_savings)),
        ("By Shapley", |m| {
            if m.shapley_std_error > 0.0 {
                format!(
                    "{} ± {}",
                    money(m.shapley_savings),
                    money(m.shapley_std_error)
                )
            } else {
                money(m.shapley_savings)
            }
        }),
        ("At pooled price", |m| money(m.pooled_price_savings)),
    ];
    let headers: Vec<egui::WidgetText> = columns
        .iter()
        .map(|(h, _)| egui::RichText::new(*h).strong().into())
        .collect();
    let sizes = crate::ui::sticky::Sizes {
        row_height: 22.0,
        first_width: 180.0,
        column_width: 110.0,
    };
    crate::ui::sticky::sticky_table(
        ui,
        "pool_allocation",
        &labels,
        &headers,
        sizes,
        |ui, row, col| {
            if let (Some(m), Some((_, f))) = (out.members.get(row), columns.get(col)) {
                ui.label(f(m));
            }
        },
    );
}

fn core_ui(ui: &mut egui::Ui, out: &PooledOutputs) {
    let dark = ui.visuals().dark_mode;
    if out.core_violations.is_empty() {
        ui.colored_label(
            theme::good(dark),
            "No member or group of members would save more by pooling on its own: the split is stable.",
        );
        return;
    }
    ui.colored_label(
        theme::bad(dark),
        "Would do better on their own under this split:",
    );
    for v in out.core_violations.iter().take(20) {
        ui.label(format!(
            "• {}: gets {} but would save {} pooling alone ({})",
            v.members.join(" + "),
            money(v.allocated_savings),
            money(v.savings_alone),
            signed_money(v.allocated_savings - v.savings_alone)
        ));
    }
    if out.core_violations.len() > 20 {
        ui.weak(format!(
            "… and {} more groups",
            out.core_violations.len() - 20
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_tier_call_out_reads_in_units_and_dollars() {
        let out = crate::model::pooled::run(&crate::model::pooled::worked_example()).unwrap();
        assert_eq!(
            next_tier_text(&out),
            "100,000 more units reach $7.50 a unit: saves $375,000 a year"
        );
    }
}
