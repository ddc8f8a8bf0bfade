//! Compare plans view: 2–6 plans side by side, grouped rows with deltas from a baseline,
//! a contribution-strategy editor that recomputes instantly, OOP curves and cost vs quality.

use super::app::AppCommand;
use super::theme;
use crate::model::compare::{self, Better, CompareInputs, CompareSettings, Comparison, Row};
use crate::model::plan_cost::{self, Contribution, CostSharing};
use crate::store::Workspace;
use egui_plot::{Legend, Line, Plot, PlotPoints, Points};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strategy {
    AsRated,
    Percent,
    Flat,
    Defined,
}

type Choices = (
    Option<i64>,
    Vec<String>,
    Option<String>,
    Strategy,
    f64,
    [f64; 4],
    Option<String>,
);

/// State of the Compare view.
pub struct CompareView {
    purchaser: Option<i64>,
    selected: Vec<String>,
    baseline: Option<String>,
    strategy: Strategy,
    employer_share: f64,
    flat: [f64; 4],
    dc_base: Option<String>,
    inputs: Option<CompareInputs>,
    result: Option<Comparison>,
    purchasers: Vec<(i64, String)>,
    pub(crate) last_recompute_ms: f64,
}

impl Default for CompareView {
    fn default() -> Self {
        CompareView {
            purchaser: None,
            selected: Vec::new(),
            baseline: None,
            strategy: Strategy::AsRated,
            employer_share: 0.80,
            flat: [550.0, 1_000.0, 900.0, 1_400.0],
            dc_base: None,
            inputs: None,
            result: None,
            purchasers: Vec::new(),
            last_recompute_ms: 0.0,
        }
    }
}

impl CompareView {
    /// Drops cached aggregates after the data changed.
    pub fn invalidate(&mut self) {
        self.inputs = None;
        self.result = None;
    }

    /// Chooses the compared plans (tests and `--view compare` start with the first three).
    pub fn select_plans(&mut self, codes: &[&str]) {
        self.selected = codes.iter().map(|c| c.to_string()).collect();
        self.result = None;
    }

    /// The current comparison, once computed.
    pub fn comparison(&self) -> Option<&Comparison> {
        self.result.as_ref()
    }

    fn contribution(&self, inputs: &CompareInputs) -> Contribution {
        match self.strategy {
            Strategy::AsRated => Contribution::AsRated,
            Strategy::Percent => Contribution::PercentOfPremium {
                employer_share: self.employer_share,
            },
            Strategy::Flat => Contribution::FlatPerTier {
                monthly_usd: self.flat,
            },
            Strategy::Defined => {
                let base = self
                    .dc_base
                    .clone()
                    .or_else(|| self.selected.first().cloned())
                    .unwrap_or_default();
                compare::defined_contribution(inputs, &base, self.employer_share)
            }
        }
    }

    fn ensure(&mut self, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        if self.inputs.is_none() {
            self.purchasers = ws.purchaser_names().unwrap_or_default();
            match ws.compare_inputs(self.purchaser) {
                Ok(i) => {
                    if self.selected.is_empty() {
                        self.selected = most_enrolled(&i, 3);
                    }
                    self.inputs = Some(i);
                }
                Err(e) => commands.push(AppCommand::Error(e.to_string())),
            }
            self.result = None;
        }
        if self.result.is_none()
            && let Some(inputs) = &self.inputs
        {
            let started = std::time::Instant::now();
            let settings = CompareSettings {
                plan_codes: self.selected.clone(),
                baseline: self.baseline.clone(),
                contribution: self.contribution(inputs),
                quality: ws.quality_settings().unwrap_or_default(),
                ..Default::default()
            };
            self.result = Some(compare::compare(inputs, &settings));
            self.last_recompute_ms = started.elapsed().as_secs_f64() * 1e3;
        }
    }

    /// Everything the user chose; a change means a recompute.
    fn choices(&self) -> Choices {
        (
            self.purchaser,
            self.selected.clone(),
            self.baseline.clone(),
            self.strategy,
            self.employer_share,
            self.flat,
            self.dc_base.clone(),
        )
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        self.ensure(ws, commands);
        let before = self.choices();
        ui.horizontal(|ui| {
            ui.heading("Compare plans");
            ui.weak(format!("recomputed in {:.1} ms", self.last_recompute_ms));
        });
        self.controls_ui(ui, commands);
        let after = self.choices();
        if before.0 != after.0 {
            self.inputs = None;
        }
        if before != after {
            self.result = None;
            self.ensure(ws, commands);
        }
        ui.separator();
        let Some(cmp) = self.result.clone() else {
            return;
        };
        if cmp.columns.len() < 2 {
            ui.label("Choose at least two plans to compare.");
            return;
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            table_ui(ui, &cmp);
            ui.add_space(10.0);
            ui.columns(2, |cols| {
                oop_curves_ui(&mut cols[0], &cmp);
                cost_quality_ui(&mut cols[1], &cmp);
            });
        });
    }

    fn controls_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<AppCommand>) {
        let plans: Vec<(String, String)> = self
            .inputs
            .as_ref()
            .map(|i| {
                i.plans
                    .iter()
                    .map(|p| (p.code.clone(), p.name.clone()))
                    .collect()
            })
            .unwrap_or_default();
        ui.horizontal_wrapped(|ui| {
            let caption = ui.label("Population");
            let current = self
                .purchaser
                .and_then(|id| self.purchasers.iter().find(|p| p.0 == id))
                .map_or("Whole coalition".to_string(), |p| p.1.clone());
            egui::ComboBox::from_id_salt("compare_purchaser")
                .selected_text(current)
                .width(220.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.purchaser, None, "Whole coalition");
                    for (id, name) in &self.purchasers {
                        ui.selectable_value(&mut self.purchaser, Some(*id), name);
                    }
                })
                .response
                .labelled_by(caption.id);
            ui.separator();
            ui.label("Plans (2–6)");
            for (code, name) in &plans {
                let mut on = self.selected.contains(code);
                let enabled = on || self.selected.len() < 6;
                if ui
                    .add_enabled(enabled, egui::Checkbox::new(&mut on, code.as_str()))
                    .on_hover_text(name)
                    .changed()
                {
                    if on {
                        self.selected.push(code.clone());
                    } else {
                        self.selected.retain(|c| c != code);
                    }
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Baseline");
            let baseline = self
                .baseline
                .clone()
                .filter(|b| self.selected.contains(b))
                .or_else(|| self.selected.first().cloned());
            for code in self.selected.clone() {
                if ui
                    .selectable_label(
                        baseline.as_deref() == Some(code.as_str()),
                        format!("Baseline {code}"),
                    )
                    .clicked()
                {
                    self.baseline = Some(code);
                }
            }
            ui.separator();
            if ui
                .button("Copy table")
                .on_hover_text("Copy as tab-separated text for a spreadsheet")
                .clicked()
                && let Some(cmp) = &self.result
            {
                ui.ctx().copy_text(compare::to_tsv(cmp));
                commands.push(AppCommand::Notify(
                    "Copied the comparison as tab-separated text".into(),
                ));
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Employer contribution");
            for (s, label) in [
                (Strategy::AsRated, "As rated"),
                (Strategy::Percent, "Percent of premium"),
                (Strategy::Flat, "Flat per tier"),
                (Strategy::Defined, "Defined contribution"),
            ] {
                ui.selectable_value(&mut self.strategy, s, label);
            }
            match self.strategy {
                Strategy::AsRated => {
                    ui.weak("employer amounts from the rate file");
                }
                Strategy::Percent | Strategy::Defined => {
                    let caption = ui.label("Employer share");
                    let mut shown = self.employer_share * 100.0;
                    if ui
                        .add(
                            egui::DragValue::new(&mut shown)
                                .range(0.0..=100.0)
                                .speed(0.5)
                                .suffix(" %"),
                        )
                        .labelled_by(caption.id)
                        .changed()
                    {
                        self.employer_share = shown / 100.0;
                    }
                    if self.strategy == Strategy::Defined {
                        ui.label("of base plan");
                        let base = self
                            .dc_base
                            .clone()
                            .or_else(|| self.selected.first().cloned())
                            .unwrap_or_default();
                        egui::ComboBox::from_id_salt("dc_base")
                            .selected_text(base)
                            .show_ui(ui, |ui| {
                                for (code, _) in &plans {
                                    ui.selectable_value(
                                        &mut self.dc_base,
                                        Some(code.clone()),
                                        code,
                                    );
                                }
                            });
                    }
                }
                Strategy::Flat => {
                    for (i, tier) in crate::domain::Tier::ALL.iter().enumerate() {
                        let caption = ui.label(tier.code());
                        ui.add(
                            egui::DragValue::new(&mut self.flat[i])
                                .range(0.0..=10_000.0)
                                .prefix("$")
                                .speed(5.0),
                        )
                        .labelled_by(caption.id);
                    }
                }
            }
        });
    }
}

/// Codes of the `n` plans with the most subscribers (ties by code).
fn most_enrolled(inputs: &CompareInputs, n: usize) -> Vec<String> {
    let mut plans: Vec<(f64, &str)> = inputs
        .plans
        .iter()
        .map(|p| {
            (
                inputs
                    .enrollment
                    .get(&p.id)
                    .map_or(0.0, |c| c.iter().map(|(_, n)| n).sum()),
                p.code.as_str(),
            )
        })
        .collect();
    plans.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    plans
        .into_iter()
        .take(n)
        .map(|(_, c)| c.to_string())
        .collect()
}

fn delta_text(row: &Row, delta: f64) -> String {
    if row.money {
        crate::format::signed_usd(delta)
    } else if row.label.starts_with("Coinsurance") || row.label.starts_with("Actuarial") {
        format!("{:+.1} pts", delta * 100.0)
    } else {
        format!("{delta:+.1}")
    }
}

fn table_ui(ui: &mut egui::Ui, cmp: &Comparison) {
    let dark = ui.visuals().dark_mode;
    let base = cmp.baseline;
    for group in compare::rows(cmp) {
        egui::CollapsingHeader::new(egui::RichText::new(&group.title).strong())
            .default_open(true)
            .show(ui, |ui| {
                egui::Grid::new(&group.title)
                    .striped(true)
                    .min_col_width(150.0)
                    .show(ui, |ui| {
                        ui.label("");
                        for (i, c) in cmp.columns.iter().enumerate() {
                            let title = if i == base {
                                format!("{} (baseline)", c.plan.code)
                            } else {
                                c.plan.code.clone()
                            };
                            ui.strong(title);
                        }
                        ui.end_row();
                        for row in &group.rows {
                            ui.allocate_ui_with_layout(
                                egui::vec2(250.0, 18.0),
                                egui::Layout::left_to_right(egui::Align::Center),
                                |ui| {
                                    ui.set_min_width(250.0);
                                    ui.label(&row.label);
                                },
                            );
                            for (i, text) in row.texts.iter().enumerate() {
                                let (v, b) = (
                                    row.values.get(i).copied().flatten(),
                                    row.values.get(base).copied().flatten(),
                                );
                                match (v, b) {
                                    (Some(v), Some(b)) if i != base && (v - b).abs() > 1e-9 => {
                                        let better = match row.better {
                                            Better::Lower => Some(v < b),
                                            Better::Higher => Some(v > b),
                                            Better::Neither => None,
                                        };
                                        let colour = match better {
                                            Some(true) => theme::good(dark),
                                            Some(false) => theme::bad(dark),
                                            None => ui.visuals().text_color(),
                                        };
                                        ui.colored_label(
                                            colour,
                                            format!("{text}  ({})", delta_text(row, v - b)),
                                        );
                                    }
                                    _ => {
                                        ui.label(text);
                                    }
                                }
                            }
                            ui.end_row();
                        }
                    });
            });
    }
}

fn oop_curves_ui(ui: &mut egui::Ui, cmp: &Comparison) {
    ui.strong("Member out-of-pocket by allowed claims");
    let max_claims = 40_000.0;
    Plot::new("oop_curves")
        .height(260.0)
        .legend(Legend::default())
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
                        .color(theme::series(i))
                        .width(2.0),
                );
            }
        });
}

fn cost_quality_ui(ui: &mut egui::Ui, cmp: &Comparison) {
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
    Plot::new("cost_quality")
        .height(260.0)
        .legend(Legend::default())
        .allow_scroll(false)
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
                    Points::new(code, PlotPoints::new(vec![[x, y]]))
                        .radius(6.0)
                        .color(theme::series(i)),
                );
            }
        });
}
