//! The Claims view: total cost of care from claim lines (DESIGN §4.10). Filters (purchaser,
//! plan, months, pooling point) recompute the summary from the aggregated cells in
//! microseconds; key figures, PMPM by category, a stacked PMPM chart by month, per-1,000 bars,
//! the trend between periods, results by plan and the large claimants.

use super::cards::{Card, cards_ui};
use super::command::AppCommand;
use super::theme;
use crate::format::{count, money, pct};
use crate::model::claims::{
    Category, ClaimsData, Filter, MemberMonthSource, Month, Summary, per_1000,
    purchasers_and_plans, summarize,
};
use crate::store::Workspace;
use crate::ui::a11y::Named;
use egui_plot::{Bar, BarChart, Plot};

/// Default pooling point: members over $100,000 a year are large claimants.
const POOLING_POINT_USD: f64 = 100_000.0;

/// State of the Claims view.
pub struct ClaimsView {
    data: Option<Result<ClaimsData, String>>,
    /// Eligibility was imported after claims: their plans may be out of date.
    stale_plans: bool,
    purchasers: Vec<String>,
    plans: Vec<String>,
    months: Vec<Month>,
    filter: Filter,
    pooling_point: f64,
    /// What the view shows for `filter`, recomputed only when it changes.
    shown: Option<Shown>,
    shown_filter: Option<(Filter, u64)>,
}

/// The figures for one filter: the summary, the trend in words and each plan's summary.
struct Shown {
    summary: Summary,
    trend: Option<String>,
    by_plan: Vec<(String, Summary)>,
}

impl Default for ClaimsView {
    fn default() -> Self {
        ClaimsView {
            data: None,
            stale_plans: false,
            purchasers: Vec::new(),
            plans: Vec::new(),
            months: Vec::new(),
            filter: Filter::default(),
            pooling_point: POOLING_POINT_USD,
            shown: None,
            shown_filter: None,
        }
    }
}

fn per_1000_text(x: f64) -> String {
    format!("{x:.1}")
}

impl ClaimsView {
    /// Drops what was read, after an import or undo.
    pub fn invalidate(&mut self) {
        self.data = None;
        self.shown = None;
        self.shown_filter = None;
    }

    fn load(&mut self, ws: &Workspace) {
        if self.data.is_some() {
            return;
        }
        let data = ws.claims_data().map_err(|e| e.to_string());
        self.stale_plans = ws.eligibility_after_claims().unwrap_or(false);
        if let Ok(d) = &data {
            (self.purchasers, self.plans) = purchasers_and_plans(d);
            let mut months: Vec<Month> = d.cells.iter().map(|c| c.month).collect();
            months.sort();
            months.dedup();
            self.months = months;
            // A filter naming what the new data no longer holds is let go.
            if self
                .filter
                .purchaser
                .as_ref()
                .is_some_and(|p| !self.purchasers.contains(p))
            {
                self.filter.purchaser = None;
            }
            if self
                .filter
                .plan
                .as_ref()
                .is_some_and(|p| !p.is_empty() && !self.plans.contains(p))
            {
                self.filter.plan = None;
            }
        }
        self.data = Some(data);
    }

    /// Recomputes what the view shows when the filter or pooling point changed (not every
    /// frame: each plan's summary and the trend are summaries of their own).
    fn refresh_shown(&mut self) {
        let Some(Ok(data)) = &self.data else {
            return;
        };
        let key = (self.filter.clone(), self.pooling_point.to_bits());
        if self.shown.is_some() && self.shown_filter.as_ref() == Some(&key) {
            return;
        }
        self.shown = Some(Shown {
            summary: summarize(data, &self.filter, self.pooling_point),
            trend: self.trend_text(),
            by_plan: self.by_plan(),
        });
        self.shown_filter = Some(key);
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        self.load(ws);
        ui.heading("Claims: total cost of care");
        match &self.data {
            Some(Err(e)) => {
                commands.push(AppCommand::Error(e.clone()));
                self.data = Some(Ok(ClaimsData::default()));
                return;
            }
            Some(Ok(d)) if d.cells.is_empty() => {
                ui.label("No claims yet. Import medical claim lines and pharmacy claims in Import (the Tuva Project's layout or a TPA's export, as CSV, TSV or Parquet), and eligibility spans for member months. A summary computed in a warehouse with Alliance Desk's claims query imports the same way. To see example claims, open the sample workspace (File > Open the sample workspace; a sample made by a version before claims needs File > Rebuild the sample workspace…).");
                return;
            }
            _ => {}
        }
        self.filters_ui(ui);
        if self.stale_plans {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Eligibility spans were imported after some claims: those claims keep the plans the spans of their own import gave them. Import the claims files again (and undo the earlier imports) to attribute them to the new spans.",
            );
        }
        ui.separator();
        self.refresh_shown();
        // Taken out for the frame and put back, not cloned.
        let Some(shown) = self.shown.take() else {
            return;
        };
        let (summary, trend_line, by_plan) = (&shown.summary, &shown.trend, &shown.by_plan);
        egui::ScrollArea::vertical()
            .id_salt("claims_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let room = ui.available_width() - 18.0;
                ui.set_max_width(room);
                figures_ui(ui, summary, trend_line.as_deref());
                ui.add_space(6.0);
                if room > 1_150.0 {
                    ui.columns(2, |cols| {
                        categories_ui(&mut cols[0], summary);
                        per_1000_chart(&mut cols[1], summary);
                    });
                } else {
                    categories_ui(ui, summary);
                    per_1000_chart(ui, summary);
                }
                ui.add_space(6.0);
                stacked_pmpm_chart(ui, summary);
                ui.add_space(6.0);
                if room > 1_150.0 {
                    ui.columns(2, |cols| {
                        plans_ui(&mut cols[0], by_plan);
                        claimants_ui(&mut cols[1], summary);
                    });
                } else {
                    plans_ui(ui, by_plan);
                    claimants_ui(ui, summary);
                }
            });
        self.shown = Some(shown);
    }

    fn filters_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            let caption = ui.label("Purchaser");
            let current = self
                .filter
                .purchaser
                .clone()
                .unwrap_or("Whole coalition".into());
            egui::ComboBox::from_id_salt("claims_purchaser")
                .selected_text(current)
                .width(220.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.filter.purchaser, None, "Whole coalition");
                    for p in &self.purchasers {
                        ui.selectable_value(&mut self.filter.purchaser, Some(p.clone()), p);
                    }
                })
                .response
                .labelled_by(caption.id);
            ui.separator();
            let caption = ui.label("Plan");
            let shown = match &self.filter.plan {
                None => "All plans".to_string(),
                Some(p) if p.is_empty() => "No plan on file".to_string(),
                Some(p) => p.clone(),
            };
            egui::ComboBox::from_id_salt("claims_plan")
                .selected_text(shown)
                .width(160.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.filter.plan, None, "All plans");
                    for p in &self.plans {
                        ui.selectable_value(&mut self.filter.plan, Some(p.clone()), p);
                    }
                    ui.selectable_value(
                        &mut self.filter.plan,
                        Some(String::new()),
                        "No plan on file",
                    )
                    .on_hover_text("Claims on dates no eligibility span covers");
                })
                .response
                .labelled_by(caption.id);
            ui.separator();
            month_combo(
                ui,
                "From",
                "claims_from",
                &mut self.filter.from,
                &self.months,
            );
            month_combo(ui, "To", "claims_to", &mut self.filter.to, &self.months);
            ui.separator();
            let caption = ui.label("Pooling point");
            ui.add(
                egui::DragValue::new(&mut self.pooling_point)
                    .range(crate::store::claims::CLAIMANT_FLOOR_USD..=5_000_000.0)
                    .speed(1_000.0)
                    .prefix("$")
                    .custom_formatter(|v, _| count(v.round() as i64)),
            )
            .labelled_by(caption.id)
            .named("Pooling point, dollars a year")
            .on_hover_text(
                "Members whose allowed claims in a year exceed this are large claimants",
            );
        });
    }

    /// The PMPM change between the latest twelve months and the twelve before them, else
    /// between the two halves of the period.
    fn trend_text(&self) -> Option<String> {
        let Some(Ok(data)) = &self.data else {
            return None;
        };
        let t = crate::model::claims::period_trend(data, &self.filter)?;
        Some(format!(
            "Trend: allowed PMPM {} from {}–{} ({}) to {}–{} ({})",
            signed_pct(t.change),
            t.before.0.label(),
            t.before.1.label(),
            money(t.before_pmpm),
            t.after.0.label(),
            t.after.1.label(),
            money(t.after_pmpm)
        ))
    }

    /// Each plan's member months, PMPM and rates under the other filters.
    fn by_plan(&self) -> Vec<(String, Summary)> {
        let Some(Ok(data)) = &self.data else {
            return Vec::new();
        };
        let mut plans: Vec<String> = self.plans.clone();
        plans.push(String::new());
        plans
            .into_iter()
            .filter(|p| self.filter.plan.as_ref().is_none_or(|f| f == p))
            .map(|p| {
                let f = Filter {
                    plan: Some(p.clone()),
                    ..self.filter.clone()
                };
                (p, summarize(data, &f, self.pooling_point))
            })
            .filter(|(_, s)| s.lines > 0 || s.member_months > 0.0)
            .collect()
    }
}

fn signed_pct(x: f64) -> String {
    if x >= 0.0 {
        format!("+{}", pct(x))
    } else {
        format!("−{}", pct(-x))
    }
}

fn month_combo(
    ui: &mut egui::Ui,
    label: &str,
    id: &str,
    value: &mut Option<Month>,
    months: &[Month],
) {
    let caption = ui.label(label);
    let shown = value.map_or(
        if label == "From" {
            "First month".to_string()
        } else {
            "Last month".to_string()
        },
        Month::label,
    );
    egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .width(110.0)
        .height(theme::COMBO_HEIGHT)
        .show_ui(ui, |ui| {
            ui.selectable_value(
                value,
                None,
                if label == "From" {
                    "First month"
                } else {
                    "Last month"
                },
            );
            for m in months {
                ui.selectable_value(value, Some(*m), m.label());
            }
        })
        .response
        .labelled_by(caption.id);
}

fn figures_ui(ui: &mut egui::Ui, s: &Summary, trend_line: Option<&str>) {
    let large: f64 = s.large_claimants.iter().map(|c| c.allowed).sum();
    let cards: Vec<Card> = vec![
        ("Allowed per member per month", money(s.allowed_pmpm), true),
        ("Paid per member per month", money(s.paid_pmpm), true),
        (
            "Member months",
            count(s.member_months.round() as i64),
            false,
        ),
        ("Allowed claims", money(s.allowed_total), false),
        (
            "ER visits per 1,000",
            per_1000_text(s.er_visits_per_1000),
            false,
        ),
        (
            "Admissions per 1,000",
            per_1000_text(s.admissions_per_1000),
            false,
        ),
        (
            "Large claimants",
            format!(
                "{} ({})",
                count(s.large_claimants.len() as i64),
                share(large, s.allowed_total)
            ),
            false,
        ),
    ];
    cards_ui(ui, &cards, 230.0);
    let source = match s.member_months_from {
        MemberMonthSource::Eligibility => {
            "Member months from eligibility spans (enrolled on the first of the month)."
        }
        MemberMonthSource::EligibilityAndCensus => {
            "Member months from eligibility spans, and from the census (members × 12) for purchasers without spans."
        }
        MemberMonthSource::Census => {
            "No eligibility spans: member months are census members × 12 over the claims' year."
        }
        MemberMonthSource::None => {
            "No eligibility or census for these claims: PMPM and per-1,000 rates cannot be computed."
        }
    };
    ui.weak(source);
    if let Some(t) = trend_line {
        ui.label(t);
    }
}

fn share(part: f64, whole: f64) -> String {
    if whole == 0.0 {
        "—".into()
    } else {
        format!("{} of allowed", pct(part / whole))
    }
}

fn categories_ui(ui: &mut egui::Ui, s: &Summary) {
    ui.strong("By service category");
    egui::Grid::new("claims_categories")
        .striped(true)
        .num_columns(6)
        .show(ui, |ui| {
            for h in [
                "Category",
                "Allowed",
                "PMPM",
                "Share",
                "Events",
                "Per 1,000",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for c in &s.categories {
                ui.label(c.category.label());
                ui.label(money(c.allowed));
                ui.label(money(c.allowed_pmpm));
                ui.label(if s.allowed_total == 0.0 {
                    "—".into()
                } else {
                    pct(c.allowed / s.allowed_total)
                });
                ui.label(format!(
                    "{} {}",
                    count(c.events as i64),
                    c.category.events_label()
                ));
                ui.label(per_1000_text(c.per_1000));
                ui.end_row();
            }
            ui.strong("Total");
            ui.strong(money(s.allowed_total));
            ui.strong(money(s.allowed_pmpm));
            ui.label("100%");
            ui.label(format!("{} lines", count(s.lines as i64)));
            ui.label("");
            ui.end_row();
        });
}

fn per_1000_chart(ui: &mut egui::Ui, s: &Summary) {
    ui.strong("Use per 1,000 members a year");
    let dark = ui.visuals().dark_mode;
    let items: Vec<(String, f64)> = s
        .categories
        .iter()
        .filter(|c| {
            matches!(
                c.category,
                Category::Inpatient | Category::Emergency | Category::Outpatient
            )
        })
        .map(|c| {
            (
                format!("{} ({})", c.category.label(), c.category.events_label()),
                c.per_1000,
            )
        })
        .collect();
    let bars: Vec<Bar> = items
        .iter()
        .enumerate()
        .map(|(i, (name, v))| {
            Bar::new(i as f64, *v)
                .width(0.6)
                .name(format!("{name}: {v:.1}"))
        })
        .collect();
    let names: Vec<String> = items.iter().map(|(n, _)| n.clone()).collect();
    let shown = Plot::new("claims_per_1000")
        .height(200.0)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .include_y(0.0)
        .y_axis_label("Per 1,000 members a year")
        .x_axis_formatter(crate::ui::chart_text::index_labels(names))
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("Per 1,000", bars).color(theme::series_on(0, dark)));
        });
    let words: Vec<String> = items.iter().map(|(n, v)| format!("{n} {v:.1}")).collect();
    crate::ui::chart_text::described(
        ui,
        shown.response,
        "Use per 1,000",
        &format!(
            "per 1,000 members a year: {}",
            crate::ui::chart_text::and_list(&words)
        ),
    );
}

fn stacked_pmpm_chart(ui: &mut egui::Ui, s: &Summary) {
    ui.strong("Allowed per member per month, by category and month");
    let dark = ui.visuals().dark_mode;
    colour_key(ui, dark);
    let months: Vec<Month> = s.months.iter().map(|m| m.month).collect();
    let mut charts: Vec<BarChart> = Vec::new();
    for (k, category) in Category::ALL.iter().enumerate() {
        let bars: Vec<Bar> = s
            .months
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let v = m.pmpm(*category);
                Bar::new(i as f64, v).width(0.7).name(format!(
                    "{} {}: {}",
                    m.month.label(),
                    category.label(),
                    money(v)
                ))
            })
            .collect();
        let mut chart = BarChart::new(category.label(), bars).color(theme::series_on(k, dark));
        if !charts.is_empty() {
            let below: Vec<&BarChart> = charts.iter().collect();
            chart = chart.stack_on(&below);
        }
        charts.push(chart);
    }
    let labels: Vec<String> = months.iter().map(|m| m.label()).collect();
    let shown = Plot::new("claims_pmpm_by_month")
        .height(240.0)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .include_y(0.0)
        .y_axis_formatter(|m, _| money(m.value))
        .x_axis_formatter(crate::ui::chart_text::index_labels(labels))
        .show(ui, |plot| {
            for c in charts {
                plot.bar_chart(c);
            }
        });
    let total = |m: &crate::model::claims::MonthFigures| {
        Category::ALL.iter().map(|c| m.pmpm(*c)).sum::<f64>()
    };
    let peak = s.months.iter().max_by(|a, b| total(a).total_cmp(&total(b)));
    let low = s.months.iter().min_by(|a, b| total(a).total_cmp(&total(b)));
    let summary = match (peak, low) {
        (Some(p), Some(l)) => format!(
            "{} months; allowed PMPM is highest in {} ({}) and lowest in {} ({}); overall {}",
            s.months.len(),
            p.month.label(),
            money(total(p)),
            l.month.label(),
            money(total(l)),
            money(s.allowed_pmpm)
        ),
        _ => "no months".into(),
    };
    crate::ui::chart_text::described(ui, shown.response, "Allowed PMPM by month", &summary);
}

/// The categories' colours in stacking order, above the chart (a legend inside would cover
/// the bars).
fn colour_key(ui: &mut egui::Ui, dark: bool) {
    ui.horizontal_wrapped(|ui| {
        for (k, c) in Category::ALL.iter().enumerate() {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 2.0, theme::series_on(k, dark));
            ui.label(format!(
                "{}{}",
                c.label(),
                if k == 0 { " (bottom)" } else { "" }
            ));
            ui.add_space(8.0);
        }
    });
}

fn plans_ui(ui: &mut egui::Ui, plans: &[(String, Summary)]) {
    ui.strong("By plan");
    egui::Grid::new("claims_plans")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for h in [
                "Plan",
                "Member months",
                "Allowed PMPM",
                "ER visits / 1,000",
                "Admissions / 1,000",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for (plan, s) in plans {
                ui.label(if plan.is_empty() {
                    "No plan on file"
                } else {
                    plan.as_str()
                });
                ui.label(count(s.member_months.round() as i64));
                ui.label(if s.member_months > 0.0 {
                    money(s.allowed_pmpm)
                } else {
                    format!("{} allowed", money(s.allowed_total))
                });
                ui.label(per_1000_text(per_1000(s.er_visits, s.member_months)));
                ui.label(per_1000_text(per_1000(s.admissions, s.member_months)));
                ui.end_row();
            }
        });
}

fn claimants_ui(ui: &mut egui::Ui, s: &Summary) {
    ui.strong(format!(
        "Large claimants (over {} a year)",
        money(s.pooling_point)
    ));
    if s.large_claimants.is_empty() {
        ui.weak("No member's allowed claims exceed the pooling point.");
        return;
    }
    egui::Grid::new("claims_claimants")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for h in [
                "Member",
                "Purchaser",
                "Year",
                "Allowed",
                "Over the pooling point",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for c in s.large_claimants.iter().take(15) {
                ui.label(&c.member);
                ui.label(&c.purchaser);
                ui.label(c.year.to_string());
                ui.label(money(c.allowed));
                ui.label(money(c.allowed - s.pooling_point));
                ui.end_row();
            }
        });
    if s.large_claimants.len() > 15 {
        ui.weak(format!("and {} more", s.large_claimants.len() - 15));
    }
}
