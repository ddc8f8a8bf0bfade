//! The Hospital prices view: each hospital's prices as a percent of Medicare by setting, a
//! scatter of price against quality (the high-value corner marked, certified hospitals
//! ringed), and one hospital's services: negotiated, Medicare and the ratio, and what could
//! not be priced and why.

use super::command::AppCommand;
use super::theme;
use crate::format::{money, pct};
use crate::model::medicare::MedicareTables;
use crate::report::prices::{HospitalRow, hospital_rows};
use crate::store::Workspace;
use egui_plot::{Line, Plot, PlotPoint, PlotPoints, Points, Text};

/// State of the Hospital prices view.
#[derive(Default)]
pub struct HospitalPricesView {
    /// CMS's tables, read once (tens of milliseconds).
    tables: Option<MedicareTables>,
    rows: Option<Result<Vec<HospitalRow>, String>>,
    selected: Option<i64>,
    /// The area search of the chosen hospital (a CBSA code or part of its name).
    area: String,
}

fn percent(rp: Option<f64>) -> String {
    rp.map_or("—".into(), pct)
}

impl HospitalPricesView {
    /// Drops what was read, after an import or undo.
    pub fn invalidate(&mut self) {
        self.rows = None;
        self.tables = None;
    }

    fn load(&mut self, ws: &Workspace) {
        if self.rows.is_some() {
            return;
        }
        let tables = match crate::report::prices::medicare_tables(ws) {
            Ok(t) => self.tables.insert(t),
            Err(e) => {
                self.rows = Some(Err(e.to_string()));
                return;
            }
        };
        self.rows = Some(hospital_rows(ws, tables).map_err(|e| e.to_string()));
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        self.load(ws);
        ui.heading("Hospital prices as a percent of Medicare");
        // Taken out for the frame and put back, not cloned: a hospital's rows hold every service.
        let rows = match self.rows.take() {
            Some(Ok(rows)) => rows,
            Some(Err(e)) => {
                commands.push(AppCommand::Error(e));
                self.rows = Some(Ok(Vec::new()));
                return;
            }
            None => return,
        };
        self.rows_ui(ui, &rows, commands);
        self.rows = Some(Ok(rows));
    }

    fn rows_ui(&mut self, ui: &mut egui::Ui, rows: &[HospitalRow], commands: &mut Vec<AppCommand>) {
        if rows.is_empty() {
            ui.label("No hospital prices yet. Import a hospital's price transparency file (CMS's CSV or JSON layout) in Import: each hospital's negotiated rates are then compared with what Medicare would pay for the same services.");
            return;
        }
        ui.weak("What payers pay each hospital divided by what Medicare would pay for the same services (the employer-led hospital price study's method). Employers paid 254 % of Medicare for hospital care in 2022.");
        egui::ScrollArea::vertical()
            .id_salt("hospital_prices_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                // Room for the scroll bar, so the right column's words are not cut.
                let room = ui.available_width() - 18.0;
                ui.set_max_width(room);
                let wide = room > 1_150.0;
                if wide {
                    ui.columns(2, |cols| {
                        self.table_ui(&mut cols[0], rows);
                        scatter_ui(&mut cols[1], rows);
                    });
                } else {
                    self.table_ui(ui, rows);
                    scatter_ui(ui, rows);
                }
                ui.separator();
                let chosen = self
                    .selected
                    .and_then(|id| rows.iter().find(|r| r.hospital.id == id))
                    .or(rows.first());
                if let Some(row) = chosen {
                    self.area_ui(ui, row, commands);
                    detail_ui(ui, row);
                }
            });
    }

    fn table_ui(&mut self, ui: &mut egui::Ui, rows: &[HospitalRow]) {
        ui.strong("Hospitals");
        egui::Grid::new("hospital_prices")
            .striped(true)
            .num_columns(7)
            .show(ui, |ui| {
                for h in [
                    "Hospital",
                    "All services",
                    "Inpatient",
                    "Outpatient",
                    "Our claims",
                    "Quality",
                    "Priced",
                ] {
                    ui.strong(h);
                }
                ui.end_row();
                for r in rows {
                    let selected = self.selected == Some(r.hospital.id);
                    let name = format!(
                        "{}{}",
                        r.hospital.name,
                        r.hospital
                            .state
                            .as_deref()
                            .map(|s| format!(", {s}"))
                            .unwrap_or_default()
                    );
                    if ui
                        .selectable_label(selected, &name)
                        .on_hover_text("Show this hospital's services below")
                        .clicked()
                    {
                        self.selected = Some(r.hospital.id);
                    }
                    ui.label(percent(r.prices.overall.relative_price));
                    let setting = |s: &str| {
                        r.prices
                            .by_setting
                            .get(s)
                            .map_or("—".to_string(), |x| percent(x.relative_price))
                    };
                    ui.label(setting("inpatient"));
                    ui.label(setting("outpatient"));
                    match &r.claims {
                        Some(c) => ui
                            .label(percent(c.relative_price))
                            .on_hover_text(format!(
                                "What the coalition's claims allowed at this hospital ({}) against Medicare for the same {} services, weighted by claim counts",
                                money(c.allowed_priced),
                                c.services_priced
                            )),
                        None => ui.label("—").on_hover_text("No claims at this hospital's NPI"),
                    };
                    let quality = r.quality.as_ref().and_then(|q| q.composite.value());
                    let certified = r
                        .quality
                        .as_ref()
                        .is_some_and(|q| q.certification.certified);
                    ui.label(match (quality, certified) {
                        (Some(q), true) => format!("{q:.1} · best in class"),
                        (Some(q), false) => format!("{q:.1}"),
                        (None, _) => "not rated".into(),
                    });
                    ui.label(format!(
                        "{} of {}",
                        r.prices.overall.services_priced,
                        r.prices.overall.services_priced + r.prices.overall.services_unpriced
                    ));
                    ui.end_row();
                }
            });
    }
}

impl HospitalPricesView {
    /// The hospital's area: its wage index sets Medicare's outpatient price there.
    fn area_ui(&mut self, ui: &mut egui::Ui, row: &HospitalRow, commands: &mut Vec<AppCommand>) {
        let h = &row.hospital;
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{}: area wage index {}",
                h.name,
                h.wage_index
                    .map_or("not set (1.0 is used)".to_string(), |w| format!("{w:.4}"))
            ));
            let caption = ui.label("Find the area (CBSA or name)");
            ui.add(egui::TextEdit::singleline(&mut self.area).desired_width(180.0))
                .labelled_by(caption.id);
        });
        let needle = self.area.trim();
        if needle.len() < 2 {
            return;
        }
        let Some(tables) = &self.tables else { return };
        ui.horizontal_wrapped(|ui| {
            for area in tables.wage_areas(needle).into_iter().take(8) {
                let text = format!("{} {} ({:.4})", area.cbsa, area.name, area.wage_index);
                if ui
                    .button(&text)
                    .on_hover_text("Use this area's FY 2021 wage index")
                    .clicked()
                {
                    commands.push(AppCommand::SetHospitalArea {
                        provider_id: h.id,
                        cbsa: Some(area.cbsa.clone()),
                        wage_index: area.wage_index,
                    });
                }
            }
        });
    }
}

/// Relative price (x) against quality composite (y), split at the medians: the top-left
/// quarter (lower price, higher quality) is the high-value corner.
fn scatter_ui(ui: &mut egui::Ui, rows: &[HospitalRow]) {
    ui.strong("Price against quality");
    let dark = ui.visuals().dark_mode;
    let points: Vec<(&HospitalRow, f64, f64)> = rows
        .iter()
        .filter_map(|r| {
            let x = r.prices.overall.relative_price? * 100.0;
            let y = r.quality.as_ref()?.composite.value()?;
            Some((r, x, y))
        })
        .collect();
    if points.is_empty() {
        ui.weak("No hospital has both prices and quality results to place.");
        return;
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let mid_x = median(points.iter().map(|p| p.1).collect());
    let mid_y = median(points.iter().map(|p| p.2).collect());
    let (lo_x, hi_x) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| {
            (l.min(p.1), h.max(p.1))
        });
    let shown = Plot::new("price_quality")
        .height(280.0)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .include_x(lo_x - 30.0)
        .include_x(hi_x + 30.0)
        .include_y(0.0)
        .include_y(100.0)
        .x_axis_label("Price, % of Medicare")
        .y_axis_label("Quality composite")
        .x_axis_formatter(|m, _| format!("{:.0}%", m.value))
        .show(ui, |plot| {
            let muted = theme::muted(dark);
            plot.line(
                Line::new(
                    "Median price",
                    PlotPoints::new(vec![[mid_x, 0.0], [mid_x, 100.0]]),
                )
                .color(muted)
                .style(egui_plot::LineStyle::dashed_loose()),
            );
            plot.line(
                Line::new(
                    "Median quality",
                    PlotPoints::new(vec![[lo_x - 30.0, mid_y], [hi_x + 30.0, mid_y]]),
                )
                .color(muted)
                .style(egui_plot::LineStyle::dashed_loose()),
            );
            plot.text(
                Text::new(
                    "high_value",
                    PlotPoint::new(lo_x - 25.0, 97.0),
                    egui::RichText::new("High value: lower price, higher quality").size(12.0),
                )
                .anchor(egui::Align2::LEFT_TOP)
                .color(theme::good(dark)),
            );
            for (i, (r, x, y)) in points.iter().enumerate() {
                let certified = r
                    .quality
                    .as_ref()
                    .is_some_and(|q| q.certification.certified);
                plot.points(
                    Points::new(r.hospital.name.clone(), PlotPoints::new(vec![[*x, *y]]))
                        .radius(if certified { 8.0 } else { 6.0 })
                        .shape(if certified {
                            egui_plot::MarkerShape::Diamond
                        } else {
                            egui_plot::MarkerShape::Circle
                        })
                        .color(theme::series_on(i, dark)),
                );
                plot.text(
                    Text::new(
                        r.hospital.name.clone(),
                        PlotPoint::new(*x, *y + 4.0),
                        egui::RichText::new(&r.hospital.name).size(11.0),
                    )
                    .anchor(egui::Align2::CENTER_BOTTOM),
                );
            }
        });
    let best: Vec<String> = points
        .iter()
        .filter(|p| p.1 <= mid_x && p.2 >= mid_y)
        .map(|p| p.0.hospital.name.clone())
        .collect();
    let placed: Vec<String> = points
        .iter()
        .map(|p| {
            format!(
                "{} {:.0} % of Medicare, quality {:.1}",
                p.0.hospital.name, p.1, p.2
            )
        })
        .collect();
    let summary = format!(
        "{}. At or below the median price ({mid_x:.0} %) and at or above the median quality ({mid_y:.1}): {}. Diamonds are best in class.",
        placed.join("; "),
        if best.is_empty() {
            "none".to_string()
        } else {
            super::chart_text::and_list(&best)
        }
    );
    super::chart_text::described(ui, shown.response, "Price against quality", &summary);
}

/// One hospital: by payer and plan, its priced services, and what could not be priced.
fn detail_ui(ui: &mut egui::Ui, row: &HospitalRow) {
    ui.strong(format!("{}: by payer and plan", row.hospital.name));
    if row.hospital.wage_index.is_none() {
        ui.weak("Outpatient Medicare prices use wage index 1.0: the hospital's area is not set.");
    }
    egui::Grid::new("hospital_payers")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for h in ["Payer and plan", "Price, % of Medicare", "Services priced"] {
                ui.strong(h);
            }
            ui.end_row();
            for (payer, plan, r) in &row.prices.by_payer {
                ui.label(format!("{payer} / {plan}"));
                ui.label(percent(r.relative_price));
                ui.label(format!(
                    "{} of {}",
                    r.services_priced,
                    r.services_priced + r.services_unpriced
                ));
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    egui::CollapsingHeader::new(format!("Services priced ({})", row.prices.priced.len()))
        .id_salt(("priced", row.hospital.id))
        .show(ui, |ui| {
            egui::Grid::new(("hospital_services", row.hospital.id))
                .striped(true)
                .num_columns(6)
                .show(ui, |ui| {
                    for h in [
                        "Code",
                        "Setting",
                        "Payer and plan",
                        "Negotiated",
                        "Medicare",
                        "Ratio",
                    ] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for s in row.prices.priced.iter().take(500) {
                        ui.label(&s.code);
                        ui.label(s.setting.code());
                        ui.label(format!("{} / {}", s.payer, s.plan));
                        ui.label(money(s.negotiated));
                        ui.label(money(s.medicare));
                        ui.label(pct(s.ratio()));
                        ui.end_row();
                    }
                });
        });
    egui::CollapsingHeader::new(format!(
        "Not priced ({}), with the reason",
        row.prices.unpriced.len()
    ))
    .id_salt(("unpriced", row.hospital.id))
    .show(ui, |ui| {
        for u in row.prices.unpriced.iter().take(500) {
            ui.label(format!(
                "{} {} ({} / {}): {}",
                u.code, u.description, u.payer, u.plan, u.reason
            ));
        }
    });
}
