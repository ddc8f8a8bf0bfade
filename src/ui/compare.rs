//! Compare plans view: 2–6 plans side by side, grouped rows with deltas from a baseline,
//! a contribution-strategy editor that recomputes instantly, OOP curves and cost vs quality.

use super::command::AppCommand;
use super::design_change::DesignChangePanel;
use super::plan_picker::PlanPicker;
use super::theme;
use crate::model::compare::{self, Better, CompareInputs, CompareSettings, Comparison, Row};
use crate::model::plan_cost::{self, Contribution, CostSharing};
use crate::store::Workspace;
use crate::ui::a11y::Named;
use egui_plot::{Corner, Legend, Line, Plot, PlotPoints, Points};
use std::sync::mpsc::{Receiver, channel};

/// Workspaces with at least this many members read Compare's aggregates on a background
/// thread (268 ms at 1M members); smaller ones read them at once (a few ms).
pub const BACKGROUND_FROM_MEMBERS: i64 = 50_000;

/// Aggregates being read on a background thread for one population.
struct Loading {
    purchaser: Option<i64>,
    rx: Receiver<Result<CompareInputs, String>>,
}

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

/// The comparison on screen, as a report repeats it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub plans: Vec<String>,
    pub baseline: Option<String>,
    pub contribution: Contribution,
}

/// State of the Compare view.
pub struct CompareView {
    /// Scroll to the top on the next frame.
    to_top: bool,
    purchaser: Option<i64>,
    /// The plans compared (2–6).
    picker: PlanPicker,
    baseline: Option<String>,
    strategy: Strategy,
    employer_share: f64,
    flat: [f64; 4],
    dc_base: Option<String>,
    inputs: Option<CompareInputs>,
    result: Option<Comparison>,
    purchasers: Vec<(i64, String)>,
    pub(crate) last_recompute_ms: f64,
    loading: Option<Loading>,
    background_from_members: i64,
    /// "Model a design change", when open.
    design: Option<DesignChangePanel>,
    /// "Model a contribution change", when open.
    shift: Option<crate::ui::contribution_change::ContributionChangePanel>,
    /// Open the contribution change next frame (it reads the workspace's claims bands).
    open_shift: Option<Option<crate::ui::contribution_change::DesignShift>>,
}

impl Default for CompareView {
    fn default() -> Self {
        CompareView {
            purchaser: None,
            picker: PlanPicker::default(),
            baseline: None,
            strategy: Strategy::AsRated,
            employer_share: 0.80,
            flat: [550.0, 1_000.0, 900.0, 1_400.0],
            dc_base: None,
            inputs: None,
            result: None,
            purchasers: Vec::new(),
            last_recompute_ms: 0.0,
            loading: None,
            background_from_members: BACKGROUND_FROM_MEMBERS,
            to_top: false,
            design: None,
            shift: None,
            open_shift: None,
        }
    }
}

impl CompareView {
    /// Drops cached aggregates after the data changed.
    pub fn invalidate(&mut self) {
        self.inputs = None;
        self.result = None;
        self.loading = None;
        self.purchasers.clear();
    }

    /// Reads aggregates on a background thread from this many members (tests use 0).
    pub fn set_background_from_members(&mut self, members: i64) {
        self.background_from_members = members;
    }

    /// True while the aggregates are read on a background thread.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Chooses the compared plans (tests and `--view compare` start with the first three).
    pub fn select_plans(&mut self, codes: &[&str]) {
        self.picker.selected = codes.iter().map(|c| c.to_string()).collect();
        self.result = None;
    }

    /// The current comparison, once computed.
    pub fn comparison(&self) -> Option<&Comparison> {
        self.result.as_ref()
    }

    /// What the table shows now: the plans, the baseline and the employer contribution, for a
    /// report "as shown"; `None` until the comparison has been computed.
    pub fn shown(&self) -> Option<Shown> {
        let (inputs, result) = (self.inputs.as_ref()?, self.result.as_ref()?);
        Some(Shown {
            plans: result.columns.iter().map(|c| c.plan.code.clone()).collect(),
            baseline: result
                .columns
                .get(result.baseline)
                .map(|c| c.plan.code.clone()),
            contribution: self.contribution(inputs),
        })
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
                    .or_else(|| self.picker.selected.first().cloned())
                    .unwrap_or_default();
                compare::defined_contribution(inputs, &base, self.employer_share)
            }
        }
    }

    fn ensure(&mut self, ui: &egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        if self.purchasers.is_empty() {
            match ws.purchaser_names() {
                Ok(p) => self.purchasers = p,
                Err(e) => commands.push(AppCommand::Error(e.to_string())),
            }
        }
        self.poll_loading(ui, commands);
        if self.inputs.is_none() && self.loading.is_none() {
            self.start_loading(ui, ws, commands);
        }
        if self.result.is_none()
            && let Some(inputs) = &self.inputs
        {
            let started = std::time::Instant::now();
            let quality = match ws.quality_settings() {
                Ok(q) => q,
                Err(e) => {
                    commands.push(AppCommand::Error(e.to_string()));
                    Default::default()
                }
            };
            let settings = CompareSettings {
                plan_codes: self.picker.selected.clone(),
                baseline: self.baseline.clone(),
                contribution: self.contribution(inputs),
                quality,
                ..Default::default()
            };
            self.result = Some(compare::compare(inputs, &settings));
            self.last_recompute_ms = started.elapsed().as_secs_f64() * 1e3;
            // An open contribution change follows the plans and mode now on screen.
            self.follow_comparison();
        }
    }

    /// Reads the aggregates at once for a small workspace, on a thread for a large one.
    fn start_loading(&mut self, ui: &egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        let members = ws.member_total().unwrap_or(0);
        let reopen = ws.reopener();
        if members < self.background_from_members || reopen.is_in_memory() {
            let result = ws.compare_inputs(self.purchaser).map_err(|e| e.to_string());
            return self.loaded(result, commands);
        }
        let (tx, rx) = channel();
        let purchaser = self.purchaser;
        let ctx = ui.ctx().clone();
        std::thread::spawn(move || {
            let result = reopen
                .open()
                .and_then(|ws| ws.compare_inputs(purchaser))
                .map_err(|e| e.to_string());
            // The view may have moved on; a closed channel just drops the result.
            let _ = tx.send(result);
            ctx.request_repaint();
        });
        self.loading = Some(Loading { purchaser, rx });
    }

    fn poll_loading(&mut self, ui: &egui::Ui, commands: &mut Vec<AppCommand>) {
        let Some(loading) = &self.loading else { return };
        match loading.rx.try_recv() {
            Ok(result) => {
                let current = loading.purchaser == self.purchaser;
                self.loading = None;
                if current {
                    self.loaded(result, commands);
                }
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(30));
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.loading = None;
                commands.push(AppCommand::Error(
                    "Reading the plan comparison stopped unexpectedly".into(),
                ));
            }
        }
    }

    fn loaded(&mut self, result: Result<CompareInputs, String>, commands: &mut Vec<AppCommand>) {
        match result {
            Ok(i) => {
                if self.picker.selected.is_empty() {
                    self.picker.selected = most_enrolled(&i, 3);
                }
                self.inputs = Some(i);
                self.result = None;
            }
            Err(e) => commands.push(AppCommand::Error(format!(
                "Could not read the plans to compare: {e}"
            ))),
        }
    }

    /// Everything the user chose; a change means a recompute.
    fn choices(&self) -> Choices {
        (
            self.purchaser,
            self.picker.selected.clone(),
            self.baseline.clone(),
            self.strategy,
            self.employer_share,
            self.flat,
            self.dc_base.clone(),
        )
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        self.ensure(ui, ws, commands);
        let before = self.choices();
        ui.horizontal(|ui| {
            ui.heading("Compare plans");
            if self.loading.is_some() {
                ui.spinner();
                ui.weak("reading enrollment, claims and rates…");
            } else {
                ui.weak(format!("recomputed in {:.1} ms", self.last_recompute_ms));
            }
        });
        self.controls_ui(ui, commands);
        let after = self.choices();
        if before.0 != after.0 {
            self.inputs = None;
            self.loading = None;
        }
        if before != after {
            self.result = None;
            self.ensure(ui, ws, commands);
        }
        if let Some(design) = self.open_shift.take() {
            self.open_contribution_change(ws, design, commands);
        }
        ui.separator();
        let Some(cmp) = self.result.clone() else {
            return;
        };
        if cmp.columns.len() < 2 {
            ui.label("Choose at least two plans to compare.");
            return;
        }
        let mut area = egui::ScrollArea::vertical();
        if std::mem::take(&mut self.to_top) {
            area = area.vertical_scroll_offset(0.0);
        }
        area.show(ui, |ui| {
            if let Some(panel) = self.design.as_mut() {
                let close = egui::Frame::group(ui.style())
                    .show(ui, |ui| panel.ui(ui, commands))
                    .inner;
                if close {
                    self.design = None;
                }
                if let Some(panel) = self.design.as_mut()
                    && std::mem::take(&mut panel.hand_to_migration)
                {
                    self.open_shift = Some(panel.migration_shift());
                }
                ui.add_space(8.0);
            }
            if let Some(panel) = self.shift.as_mut() {
                let close = egui::Frame::group(ui.style())
                    .show(ui, |ui| panel.ui(ui, commands))
                    .inner;
                if close {
                    self.shift = None;
                }
                ui.add_space(8.0);
            }
            table_ui(ui, &cmp);
            ui.add_space(10.0);
            // Side by side when there is room, one under the other on a narrow window.
            if ui.available_width() >= 900.0 {
                ui.columns(2, |cols| {
                    oop_curves_ui(&mut cols[0], &cmp);
                    cost_quality_ui(&mut cols[1], &cmp);
                });
            } else {
                oop_curves_ui(ui, &cmp);
                ui.add_space(10.0);
                cost_quality_ui(ui, &cmp);
            }
        });
    }

    fn controls_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<AppCommand>) {
        // Dental-only plans are not medical options.
        let plans: Vec<(String, String)> = self
            .inputs
            .as_ref()
            .map(|i| {
                i.plans
                    .iter()
                    .filter(|p| !p.dental_only)
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
            let caption = ui.label("Plans (2–6)");
            self.picker.ui(
                ui,
                caption.id,
                &plans,
                crate::model::compare::MAX_COMPARED_PLANS,
            );
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Baseline");
            let baseline = self
                .baseline
                .clone()
                .filter(|b| self.picker.selected.contains(b))
                .or_else(|| self.picker.selected.first().cloned());
            for code in self.picker.selected.clone() {
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
            if ui
                .button("Export CSV…")
                .on_hover_text("Save the table as CSV for Excel (text that looks like a formula is kept as text)")
                .clicked()
                && let Some(cmp) = &self.result
            {
                export_csv(cmp, commands);
            }
            if ui
                .button("Model a design change…")
                .on_hover_text("Change the baseline plan's deductible, coinsurance, out-of-pocket max or copays and see its actuarial value, premium and member cost")
                .clicked()
            {
                self.open_design_change();
            }
            if ui
                .button("Model a contribution change…")
                .on_hover_text("Move part of a plan's premium from the employer to employees (or back) and see who moves between plans and what the employer saves after they do")
                .clicked()
            {
                self.open_shift = Some(None);
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
                        .named("Employer share, percent")
                        .changed()
                    {
                        self.employer_share = shown / 100.0;
                    }
                    if self.strategy == Strategy::Defined {
                        ui.label("of base plan");
                        let base = self
                            .dc_base
                            .clone()
                            .or_else(|| self.picker.selected.first().cloned())
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
                        .labelled_by(caption.id)
                        .named(format!("Employer pays a month, {}, dollars", tier.label()));
                    }
                }
            }
        });
    }
}

/// Saves the comparison through a save dialog; where the system has none, into the home
/// folder with a dated name, and says where.
fn export_csv(cmp: &Comparison, commands: &mut Vec<AppCommand>) {
    let name = format!(
        "plan-comparison-{}.csv",
        chrono::Local::now().format("%Y%m%d-%H%M")
    );
    let dialog = rfd::FileDialog::new()
        .set_file_name(&name)
        .add_filter("CSV for Excel", &["csv"]);
    let path = match super::browse(dialog, true) {
        super::Browse::Picked(p) => p,
        super::Browse::Cancelled => return,
        super::Browse::Unavailable => directories::UserDirs::new()
            .map_or_else(std::env::temp_dir, |d| d.home_dir().to_path_buf())
            .join(name),
    };
    match crate::report::csv_export::save_csv(&compare::to_table(cmp), &path, true) {
        Ok(()) => commands.push(AppCommand::Notify(format!(
            "Saved the comparison as {}",
            path.display()
        ))),
        Err(e) => commands.push(AppCommand::Error(format!("Could not save the CSV: {e}"))),
    }
}

/// Codes of the `n` medical plans with the most subscribers (ties by code); dental-only plans
/// are never compared.
fn most_enrolled(inputs: &CompareInputs, n: usize) -> Vec<String> {
    let mut plans: Vec<(f64, &str)> = inputs
        .plans
        .iter()
        .filter(|p| !p.dental_only)
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

/// Green when the difference helps (lower cost, higher quality), red when it hurts, plain
/// when the row has no better direction (plan names, head counts, enrollment totals).
fn delta_colour(row: &Row, v: f64, b: f64, dark: bool, plain: egui::Color32) -> egui::Color32 {
    match row.better {
        Better::Lower if v < b => theme::good(dark),
        Better::Higher if v > b => theme::good(dark),
        Better::Neither => plain,
        _ => theme::bad(dark),
    }
}

/// Room for the longest row label and for a value with its difference.
const TABLE_SIZES: super::sticky::Sizes = super::sticky::Sizes {
    row_height: 24.0,
    first_width: 330.0,
    column_width: 200.0,
};

fn table_ui(ui: &mut egui::Ui, cmp: &Comparison) {
    let dark = ui.visuals().dark_mode;
    let base = cmp.baseline;
    let headers: Vec<egui::WidgetText> = cmp
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let title = if i == base {
                format!("{} (baseline)", c.plan.code)
            } else {
                c.plan.code.clone()
            };
            egui::RichText::new(title).strong().into()
        })
        .collect();
    // One table for all groups: one sideways scroll, and plan columns that line up. A group
    // title is a row of its own with no values.
    let groups = compare::rows(cmp);
    let mut labels: Vec<egui::WidgetText> = vec![egui::RichText::new("").into()];
    let mut rows: Vec<Option<&Row>> = Vec::new();
    for group in &groups {
        labels.push(egui::RichText::new(&group.title).strong().size(15.0).into());
        rows.push(None);
        for r in &group.rows {
            labels.push(egui::WidgetText::from(r.label.as_str()));
            rows.push(Some(r));
        }
    }
    let plain = ui.visuals().text_color();
    super::sticky::sticky_table(
        ui,
        "compare_table",
        &labels,
        &headers,
        TABLE_SIZES,
        |ui, r, i| {
            let Some(Some(row)) = rows.get(r) else {
                ui.label("");
                return;
            };
            cell_ui(ui, row, i, base, dark, plain);
        },
    );
}

/// One value, with its difference from the baseline coloured by direction.
fn cell_ui(ui: &mut egui::Ui, row: &Row, i: usize, base: usize, dark: bool, plain: egui::Color32) {
    let text = row.texts.get(i).cloned().unwrap_or_default();
    let (v, b) = (
        row.values.get(i).copied().flatten(),
        row.values.get(base).copied().flatten(),
    );
    match (v, b) {
        (Some(v), Some(b)) if i != base && (v - b).abs() > 1e-9 => {
            let colour = delta_colour(row, v, b, dark, theme::muted(dark));
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(text).color(plain));
                ui.colored_label(colour, format!("({})", row.delta_text(v - b)));
            });
        }
        _ => {
            ui.label(text);
        }
    }
}

mod charts;
mod what_if;
use charts::{cost_quality_ui, oop_curves_ui};
