//! Benchmark view: our plans against the plans coalition peers shared, metric by metric, as a
//! box and strip plot with our plans highlighted, and a table of percentiles.

use super::command::AppCommand;
use super::theme;
use crate::format::ordinal;
use crate::model::benchmark::{self, Metric, PeerPlan, PlanStanding};
use crate::model::labels::{Unit, display_value};
use crate::report::assemble;
use crate::store::Workspace;
use crate::store::peers::PeerRow;
use egui_plot::{BoxElem, BoxPlot, BoxSpread, Plot, PlotPoints, Points};

/// What the view shows, read once per data change.
struct Loaded {
    peers: Vec<PeerRow>,
    coalition: Vec<PeerPlan>,
    standings: Vec<PlanStanding>,
    /// Peers' hospitals' overall prices as a share of Medicare: (peer, hospital, price).
    peer_hospitals: Vec<(String, String, f64)>,
    /// Our hospitals' overall prices: (hospital, price).
    our_hospitals: Vec<(String, f64)>,
}

/// State of the Benchmark view.
#[derive(Default)]
pub struct BenchmarkView {
    loaded: Option<Loaded>,
}

impl BenchmarkView {
    /// Drops what was read after the data changed.
    pub fn invalidate(&mut self) {
        self.loaded = None;
    }

    fn load(&mut self, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        if self.loaded.is_some() {
            return;
        }
        let read = || -> Result<Loaded, crate::store::StoreError> {
            let coalition = ws.peer_plans()?;
            let ours = assemble::our_aggregates(ws)?;
            let peer_hospitals: Vec<(String, String, f64)> = ws
                .peer_hospitals()?
                .into_iter()
                .filter(|(_, h)| h.setting == "all")
                .filter_map(|(peer, h)| Some((peer, h.hospital, h.relative_price?)))
                .collect();
            let our_hospitals = if peer_hospitals.is_empty() {
                Vec::new()
            } else {
                let tables = crate::report::prices::medicare_tables(ws)?;
                crate::report::prices::hospital_rows(ws, &tables)?
                    .into_iter()
                    .filter_map(|r| Some((r.hospital.name, r.prices.overall.relative_price?)))
                    .collect()
            };
            Ok(Loaded {
                peers: ws.peers()?,
                standings: benchmark::benchmark(&ours, &coalition),
                coalition,
                peer_hospitals,
                our_hospitals,
            })
        };
        match read() {
            Ok(l) => self.loaded = Some(l),
            Err(e) => commands.push(AppCommand::Error(format!(
                "Could not read the coalition's plans: {e}"
            ))),
        }
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        self.load(ws, commands);
        ui.heading("Coalition benchmark");
        let Some(l) = &self.loaded else { return };
        if l.peers.is_empty() {
            empty_ui(ui);
            return;
        }
        let names: Vec<String> = l
            .peers
            .iter()
            .map(|p| {
                format!(
                    "{} ({})",
                    p.name,
                    crate::format::plural(p.plans as usize, "plan", "plans")
                )
            })
            .collect();
        ui.label(format!(
            "Our {} against {} shared by {}: {}. A percentile is the share of coalition plans below ours.",
            crate::format::plural(l.standings.len(), "plan", "plans"),
            crate::format::plural(l.coalition.len(), "plan", "plans"),
            crate::format::plural(l.peers.len(), "peer", "peers"),
            names.join(", ")
        ));
        ui.separator();
        egui::ScrollArea::vertical().show(ui, |ui| {
            table_ui(ui, &l.standings);
            ui.add_space(10.0);
            for metric in Metric::ALL {
                strip_ui(ui, metric, &l.coalition, &l.standings);
            }
            hospitals_ui(ui, &l.peer_hospitals, &l.our_hospitals);
        });
    }
}

fn empty_ui(ui: &mut egui::Ui) {
    ui.add_space(8.0);
    ui.label("No coalition peer has shared a package with this workspace yet.");
    ui.label(
        "A coalition member writes one in Reports (Share package) or with `alliance-desk share --purchaser NAME --out FILE.xlsx`; open the file in Import to add them as a peer. Packages hold plan aggregates only, never member rows.",
    );
}

/// A value as the table shows it: dollars whole in every row (a column mixing `$500.00` and
/// `$1,500` reads unevenly), other units as everywhere else.
fn value_text(metric: Metric, v: Option<f64>) -> String {
    match (metric.unit(), v) {
        (_, None) => "—".into(),
        (Unit::Usd, Some(x)) => crate::format::usd0(x),
        (unit, Some(x)) => display_value(unit, x),
    }
}

/// Our plans by metric: value and percentile.
fn table_ui(ui: &mut egui::Ui, standings: &[PlanStanding]) {
    egui::Grid::new("benchmark_table")
        .striped(true)
        .num_columns(1 + Metric::ALL.len())
        .spacing([18.0, 6.0])
        .show(ui, |ui| {
            ui.strong("Our plan");
            for m in Metric::ALL {
                ui.strong(m.label());
            }
            ui.end_row();
            for p in standings {
                ui.label(&p.plan.plan_code).on_hover_text(&p.plan.plan_name);
                for s in &p.standings {
                    let rank = s
                        .percentile
                        .map(|x| format!(" · {} pct", ordinal(x.round() as i64)))
                        .unwrap_or_default();
                    ui.label(format!("{}{rank}", value_text(s.metric, s.value)));
                }
                ui.end_row();
            }
        });
}

/// One metric: a box over the coalition's plans, their points, and ours highlighted.
fn strip_ui(ui: &mut egui::Ui, metric: Metric, coalition: &[PeerPlan], standings: &[PlanStanding]) {
    let theirs: Vec<f64> = coalition
        .iter()
        .filter_map(|p| p.plan.metric(metric))
        .collect();
    let Some([lo, q1, med, q3, hi]) = benchmark::five_numbers(&theirs) else {
        return;
    };
    ui.strong(metric.label());
    let dark = ui.visuals().dark_mode;
    let unit = metric.unit();
    let mut ours: Vec<(usize, &PlanStanding, f64)> = standings
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((i, p, p.plan.metric(metric)?)))
        .collect();
    ours.sort_by(|a, b| a.2.total_cmp(&b.2));
    let values: Vec<f64> = theirs
        .iter()
        .chain(ours.iter().map(|o| &o.2))
        .copied()
        .collect();
    let labels: Vec<(f64, usize)> = ours
        .iter()
        .map(|(_, p, v)| (*v, p.plan.plan_code.chars().count()))
        .collect();
    let lanes = label_lanes(&labels, &values, ui.available_width());
    let top = LABEL_Y + LANE_STEP * lanes.iter().copied().max().unwrap_or(0) as f64;
    let ours_text: Vec<String> = ours
        .iter()
        .map(|(_, p, v)| format!("{} {}", p.plan.plan_code, value_text(metric, Some(*v))))
        .collect();
    let summary = format!(
        "coalition plans from {} to {}, the middle half {} to {}, median {}; ours: {}.",
        value_text(metric, Some(lo)),
        value_text(metric, Some(hi)),
        value_text(metric, Some(q1)),
        value_text(metric, Some(q3)),
        value_text(metric, Some(med)),
        crate::ui::chart_text::and_list(&ours_text)
    );
    let shown = Plot::new(("benchmark_strip", metric.code()))
        .height(96.0 + 18.0 * ((top - LABEL_Y) / LANE_STEP) as f32)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .show_y(false)
        .show_axes([true, false])
        .include_y(-1.2)
        .include_y(top + 0.55)
        .x_axis_formatter(move |m, _| axis_text(unit, m.value))
        .show(ui, |plot| {
            plot.box_plot(
                BoxPlot::new(
                    "Coalition",
                    vec![BoxElem::new(0.0, BoxSpread::new(lo, q1, med, q3, hi)).box_width(0.8)],
                )
                .horizontal()
                .color(theme::muted(dark)),
            );
            let points: Vec<[f64; 2]> = theirs.iter().map(|v| [*v, -0.8]).collect();
            plot.points(
                Points::new("Coalition plans", PlotPoints::new(points))
                    .radius(3.5)
                    .color(theme::muted(dark)),
            );
            for ((i, p, v), lane) in ours.into_iter().zip(lanes) {
                plot.points(
                    Points::new(p.plan.plan_code.clone(), PlotPoints::new(vec![[v, 0.9]]))
                        .radius(6.0)
                        .color(theme::series_on(i, dark)),
                );
                plot.text(
                    egui_plot::Text::new(
                        p.plan.plan_code.clone(),
                        egui_plot::PlotPoint::new(v, LABEL_Y + LANE_STEP * lane as f64),
                        egui::RichText::new(&p.plan.plan_code).size(11.0),
                    )
                    .anchor(egui::Align2::CENTER_BOTTOM),
                );
            }
        });
    crate::ui::chart_text::described(ui, shown.response, metric.label(), &summary);
    ui.add_space(6.0);
}

/// Height of the lowest row of plan labels, and the step between rows (plot units).
const LABEL_Y: f64 = 1.1;
const LANE_STEP: f64 = 0.45;

/// A row for each label (value, characters; sorted by value), the lowest where it does not
/// overlap a label already placed: label widths are estimated in pixels and turned into values
/// with the plot's span over `width_px` (egui_plot pads the data range by 5 % each side).
fn label_lanes(labels: &[(f64, usize)], values: &[f64], width_px: f32) -> Vec<usize> {
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    let span = ((hi - lo) * 1.1).max(f64::EPSILON);
    let per_px = span / f64::from(width_px.max(100.0));
    let mut lane_ends: Vec<f64> = Vec::new();
    labels
        .iter()
        .map(|(v, chars)| {
            let half = (*chars as f64 * 6.5 + 10.0) / 2.0 * per_px;
            let lane = lane_ends
                .iter()
                .position(|end| *end < v - half)
                .unwrap_or(lane_ends.len());
            if lane == lane_ends.len() {
                lane_ends.push(v + half);
            } else {
                lane_ends[lane] = v + half;
            }
            lane
        })
        .collect()
}

fn axis_text(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Percent | Unit::Points => format!("{:.1}%", v * 100.0),
        Unit::Usd | Unit::UsdPmpm | Unit::UsdPepm => format!("${}", crate::format::grouped(v, 0)),
        _ => format!("{v:.0}"),
    }
}

/// Our hospitals' prices among the hospitals peers shared: each one's percentile (the share of
/// peers' hospitals cheaper than it), and a strip of every price.
fn hospitals_ui(ui: &mut egui::Ui, peers: &[(String, String, f64)], ours: &[(String, f64)]) {
    if peers.is_empty() {
        return;
    }
    ui.add_space(10.0);
    ui.strong("Hospital prices, % of Medicare");
    let below = |x: f64| peers.iter().filter(|p| p.2 < x).count() as f64 / peers.len() as f64;
    egui::Grid::new("benchmark_hospitals")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for h in [
                "Hospital",
                "Price, % of Medicare",
                "Peers' hospitals cheaper",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for (name, rp) in ours {
                ui.label(format!("{name} (ours)"));
                ui.label(crate::format::pct(*rp));
                ui.label(crate::format::pct(below(*rp)));
                ui.end_row();
            }
            for (peer, name, rp) in peers {
                ui.label(format!("{name} (shared by {peer})"));
                ui.label(crate::format::pct(*rp));
                ui.label("");
                ui.end_row();
            }
        });
    let dark = ui.visuals().dark_mode;
    let shown = Plot::new("benchmark_hospital_strip")
        .height(90.0)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .show_y(false)
        .show_axes([true, false])
        .include_y(-1.0)
        .include_y(1.0)
        .x_axis_formatter(|m, _| format!("{:.0}%", m.value))
        .show(ui, |plot| {
            let theirs: Vec<[f64; 2]> = peers.iter().map(|p| [p.2 * 100.0, -0.4]).collect();
            plot.points(
                Points::new("Peers' hospitals", PlotPoints::new(theirs))
                    .radius(4.0)
                    .color(theme::muted(dark)),
            );
            for (i, (name, rp)) in ours.iter().enumerate() {
                plot.points(
                    Points::new(name.clone(), PlotPoints::new(vec![[rp * 100.0, 0.4]]))
                        .radius(6.0)
                        .color(theme::series_on(i, dark)),
                );
            }
        });
    let placed: Vec<String> = ours
        .iter()
        .map(|(name, rp)| {
            format!(
                "{name} {} of Medicare, dearer than {} of peers' hospitals",
                crate::format::pct(*rp),
                crate::format::pct(below(*rp))
            )
        })
        .collect();
    let summary = format!(
        "{} from {} to {}; ours: {}.",
        crate::format::plural(peers.len(), "peer hospital", "peers' hospitals"),
        crate::format::pct(peers.iter().map(|p| p.2).fold(f64::INFINITY, f64::min)),
        crate::format::pct(peers.iter().map(|p| p.2).fold(f64::NEG_INFINITY, f64::max)),
        if placed.is_empty() {
            "none with prices".to_string()
        } else {
            placed.join("; ")
        }
    );
    super::chart_text::described(ui, shown.response, "Hospital prices among peers'", &summary);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_close_together_take_separate_rows_and_far_ones_share_the_first() {
        let values = [0.0, 100.0];
        let labels = [(10.0, 10), (11.0, 10), (12.0, 10), (90.0, 10)];
        assert_eq!(label_lanes(&labels, &values, 1000.0), vec![0, 1, 2, 0]);
    }
}
