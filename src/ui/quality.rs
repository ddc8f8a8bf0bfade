//! Quality & certification view: the measure catalogue with editable weights, direction and
//! floors; plans and providers ranked by composite with stars, a certified badge and reasons.

use super::command::AppCommand;
use super::theme;
use crate::domain::Measure;
use crate::model::compare::star_text;
use crate::model::quality::{self, QualitySettings};
use crate::model::rating::{self, Rated};
use crate::store::Workspace;
use crate::ui::a11y::Named;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ranking {
    Plans,
    Providers,
}

/// What a weight edit can be undone to: each measure's direction, weight and floor, and the
/// certification rules.
#[derive(Debug, Clone, PartialEq)]
struct Snapshot {
    measures: Vec<(i64, bool, f64, f64)>,
    settings: Option<QualitySettings>,
}

/// State of the Quality & certification view.
pub struct QualityView {
    measures: Option<Vec<Measure>>,
    settings: Option<QualitySettings>,
    plans: Vec<Rated>,
    providers: Vec<Rated>,
    ranking: Ranking,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// When the last edit happened: a drag is one undo step, not one per frame.
    last_edit: f64,
}

impl Default for QualityView {
    fn default() -> Self {
        QualityView {
            measures: None,
            settings: None,
            plans: Vec::new(),
            providers: Vec::new(),
            ranking: Ranking::Plans,
            undo: Vec::new(),
            redo: Vec::new(),
            last_edit: f64::NEG_INFINITY,
        }
    }
}

impl QualityView {
    /// Reloads after the workspace changed.
    pub fn invalidate(&mut self) {
        self.measures = None;
        self.settings = None;
    }

    fn load(&mut self, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        if self.measures.is_some() {
            return;
        }
        let loaded = (|| {
            let measures = ws.measures()?;
            let settings = ws.quality_settings()?;
            let plans: Vec<(i64, String)> = ws
                .plans()?
                .into_iter()
                .map(|p| (p.id, format!("{} · {}", p.code, p.name)))
                .collect();
            let providers: Vec<(i64, String)> = ws
                .providers()?
                .into_iter()
                .map(|(id, n, _)| (id, n))
                .collect();
            let rated_plans =
                rating::rate(&plans, &measures, &ws.measure_results("plan")?, &settings);
            let rated_providers = rating::rate(
                &providers,
                &measures,
                &ws.measure_results("provider")?,
                &settings,
            );
            Ok::<_, crate::store::StoreError>((measures, settings, rated_plans, rated_providers))
        })();
        match loaded {
            Ok((m, s, p, v)) => {
                self.measures = Some(m);
                self.settings = Some(s);
                self.plans = p;
                self.providers = v;
            }
            Err(e) => {
                self.measures = Some(Vec::new());
                commands.push(AppCommand::Error(e.to_string()));
            }
        }
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            measures: self
                .measures
                .iter()
                .flatten()
                .map(|m| (m.id, m.higher_is_better, m.weight, m.floor))
                .collect(),
            settings: self.settings.clone(),
        }
    }

    /// Records the state before an edit; edits less than a second apart are one step.
    fn before_edit(&mut self, time: f64, snapshot: Snapshot) {
        if time - self.last_edit > 1.0 {
            self.undo.push(snapshot);
            self.redo.clear();
        }
        self.last_edit = time;
    }

    /// Puts back a snapshot and writes every measure and rule that differs.
    fn restore(&mut self, to: &Snapshot, commands: &mut Vec<AppCommand>) {
        if let Some(measures) = self.measures.as_mut() {
            for m in measures.iter_mut() {
                let Some((_, hib, weight, floor)) = to.measures.iter().find(|s| s.0 == m.id) else {
                    continue;
                };
                if (m.higher_is_better, m.weight, m.floor) != (*hib, *weight, *floor) {
                    (m.higher_is_better, m.weight, m.floor) = (*hib, *weight, *floor);
                    commands.push(measure_command(m));
                }
            }
        }
        if let Some(settings) = &to.settings
            && self.settings.as_ref() != Some(settings)
        {
            self.settings = Some(settings.clone());
            commands.push(AppCommand::SaveQualitySettings(settings.clone()));
        }
        self.last_edit = f64::NEG_INFINITY;
    }

    fn history_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<AppCommand>) {
        ui.horizontal_wrapped(|ui| {
            if ui
                .add_enabled(!self.undo.is_empty(), egui::Button::new("Undo"))
                .on_hover_text("Undo the last change to weights, floors or rules")
                .clicked()
                && let Some(prev) = self.undo.pop()
            {
                self.redo.push(self.snapshot());
                self.restore(&prev, commands);
            }
            if ui
                .add_enabled(!self.redo.is_empty(), egui::Button::new("Redo"))
                .clicked()
                && let Some(next) = self.redo.pop()
            {
                self.undo.push(self.snapshot());
                self.restore(&next, commands);
            }
            if ui
                .button("Reset weights and floors")
                .on_hover_text("CMS Star Ratings weights by domain (process 1, experience 2, outcome 3, improvement 5) and a floor of 25 for every measure")
                .clicked()
            {
                let before = self.snapshot();
                let mut reset = before.clone();
                for (id, _, weight, floor) in reset.measures.iter_mut() {
                    let domain = self
                        .measures
                        .iter()
                        .flatten()
                        .find(|m| m.id == *id)
                        .map_or("", |m| m.domain.as_str());
                    *weight = quality::cms_weight(domain);
                    *floor = quality::DEFAULT_FLOOR;
                }
                if reset != before {
                    self.undo.push(before);
                    self.redo.clear();
                    self.restore(&reset, commands);
                }
            }
        });
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        self.load(ws, commands);
        ui.heading("Quality & certification");
        let wide = ui.available_width() >= 1000.0;
        egui::Panel::left("measure_catalogue")
            .default_size(if wide {
                560.0
            } else {
                ui.available_width() * 0.55
            })
            .min_size(300.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::both()
                    .id_salt("catalogue_scroll")
                    .show(ui, |ui| {
                        self.history_ui(ui, commands);
                        self.settings_ui(ui, commands);
                        ui.separator();
                        self.catalogue_ui(ui, commands);
                    });
            });
        egui::CentralPanel::default().show(ui, |ui| self.ranking_ui(ui));
    }

    fn settings_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<AppCommand>) {
        let snapshot = self.snapshot();
        let time = ui.input(|i| i.time);
        let Some(settings) = self.settings.as_mut() else {
            return;
        };
        let before = settings.clone();
        ui.strong("Certification rules");
        egui::Grid::new("quality_settings")
            .num_columns(2)
            .show(ui, |ui| {
                let caption = ui.label("Best-in-class threshold (composite)");
                ui.add(
                    egui::DragValue::new(&mut settings.threshold)
                        .range(0.0..=100.0)
                        .speed(0.5),
                )
                .labelled_by(caption.id)
                .named("Best-in-class threshold, composite score out of 100");
                ui.end_row();
                let caption = ui.label("Measure weight that must be reported");
                let mut share = settings.min_weight_share * 100.0;
                if ui
                    .add(
                        egui::DragValue::new(&mut share)
                            .range(0.0..=100.0)
                            .suffix(" %"),
                    )
                    .labelled_by(caption.id)
                    .named("Measure weight that must be reported, percent")
                    .changed()
                {
                    settings.min_weight_share = share / 100.0;
                }
                ui.end_row();
                ui.label("Composite needed for 2, 3, 4 and 5 stars")
                    .on_hover_text("Half stars come halfway between two cut points");
                ui.horizontal(|ui| {
                    for (i, cut) in settings.star_cuts.iter_mut().enumerate() {
                        ui.add(egui::DragValue::new(cut).range(0.0..=100.0).speed(0.5))
                            .on_hover_text(format!("composite for {} stars", i + 2))
                            .named(format!(
                                "Composite needed for {} stars, score out of 100",
                                i + 2
                            ));
                    }
                });
                ui.end_row();
            });
        if *settings != before {
            settings.star_cuts.sort_by(f64::total_cmp);
            commands.push(AppCommand::SaveQualitySettings(settings.clone()));
            self.before_edit(time, snapshot);
        }
    }

    fn catalogue_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<AppCommand>) {
        let snapshot = self.snapshot();
        let time = ui.input(|i| i.time);
        let mut edited = false;
        let Some(measures) = self.measures.as_mut() else {
            return;
        };
        ui.strong("Measure catalogue");
        ui.weak(
            "Weights follow CMS Star Ratings: process 1, outcomes 3, experience 2, improvement 5. Weight 0 switches a measure off (its floor no longer applies). Floors are scores out of 100 against the others rated.",
        );
        egui::Grid::new("catalogue")
            .striped(true)
            .num_columns(5)
            .show(ui, |ui| {
                for h in ["Measure", "Domain", "Higher is better", "Weight", "Floor"] {
                    ui.strong(h);
                }
                ui.end_row();
                for m in measures.iter_mut() {
                    let before = (m.higher_is_better, m.weight, m.floor);
                    // A measure weighted 0 is switched off: greyed, and said so.
                    let off = m.weight == 0.0;
                    ui.vertical(|ui| {
                        ui.set_min_width(140.0);
                        if off {
                            ui.weak(format!("{} (off)", m.code));
                            ui.weak(&m.name);
                        } else {
                            ui.label(&m.code);
                            ui.small(&m.name);
                        }
                    });
                    ui.label(&m.domain);
                    let measure = format!("{} ({})", m.name, m.code);
                    ui.checkbox(&mut m.higher_is_better, "")
                        .on_hover_text(format!("{}: higher is better", m.code))
                        .named(format!("{measure}: higher is better"));
                    named_drag(
                        ui,
                        egui::DragValue::new(&mut m.weight)
                            .range(0.0..=10.0)
                            .speed(0.1),
                        &format!("{measure} weight in the composite"),
                    );
                    named_drag(
                        ui,
                        egui::DragValue::new(&mut m.floor)
                            .range(0.0..=100.0)
                            .speed(0.5),
                        &format!("{measure} floor, score out of 100"),
                    );
                    ui.end_row();
                    if before != (m.higher_is_better, m.weight, m.floor) {
                        commands.push(measure_command(m));
                        edited = true;
                    }
                }
            });
        if edited {
            self.before_edit(time, snapshot);
        }
    }

    fn ranking_ui(&mut self, ui: &mut egui::Ui) {
        let dark = ui.visuals().dark_mode;
        ui.horizontal(|ui| {
            ui.selectable_value(
                &mut self.ranking,
                Ranking::Plans,
                format!("Plans ({})", self.plans.len()),
            );
            ui.selectable_value(
                &mut self.ranking,
                Ranking::Providers,
                format!("Providers ({})", self.providers.len()),
            );
        });
        let list = if self.ranking == Ranking::Plans {
            &self.plans
        } else {
            &self.providers
        };
        let certified = list.iter().filter(|r| r.certification.certified).count();
        ui.label(format!(
            "{certified} of {} certified best in class",
            list.len()
        ));
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("ranking_scroll")
            .show(ui, |ui| {
                for (rank, r) in list.iter().enumerate() {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(format!("{:>2}.", rank + 1));
                        if r.certification.certified {
                            ui.colored_label(theme::good(dark), "✔ Certified");
                        }
                        ui.strong(&r.name);
                        match r.composite.value() {
                            Some(c) => ui.label(format!("composite {c:.1}")),
                            None => ui.colored_label(theme::muted(dark), "insufficient data"),
                        };
                        if let Some(s) = r.stars {
                            ui.colored_label(theme::accent(dark), star_text(s));
                        }
                    });
                    if !r.certification.certified {
                        let why = egui::CollapsingHeader::new("Why not certified")
                            .id_salt(("why", &r.name))
                            .show(ui, |ui| {
                                for reason in &r.certification.reasons {
                                    ui.add(
                                        egui::Label::new(
                                            egui::RichText::new(format!("• {reason}"))
                                                .color(theme::bad(dark)),
                                        )
                                        .wrap(),
                                    );
                                }
                            });
                        why.header_response
                            .named(format!("Why {} is not certified", r.name));
                    }
                    ui.add_space(2.0);
                }
            });
    }
}

fn measure_command(m: &Measure) -> AppCommand {
    AppCommand::UpdateMeasure {
        id: m.id,
        weight: m.weight,
        higher_is_better: m.higher_is_better,
        floor: m.floor,
    }
}

/// A drag value in a table row, named for screen readers (and tests) as "CODE weight".
fn named_drag(ui: &mut egui::Ui, drag: egui::DragValue<'_>, name: &str) {
    ui.add(drag).on_hover_text(name).named(name);
}
