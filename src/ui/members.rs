//! Members view: a virtualized table over SQLite pages, sortable and filterable, with counts.

use super::command::AppCommand;
use super::theme;
use crate::format::{count, usd0};
use crate::store::{
    CountBy, CountRow, MemberFilter, MemberRow, MemberSort, SortColumn, StoreResult, Workspace,
};
use egui_extras::{Column, TableBuilder};
use std::collections::HashMap;

const PAGE_ROWS: i64 = 200;

/// State of the Members view: filter, sort, and a cache of fetched pages.
#[derive(Default)]
pub struct MembersView {
    filter: MemberFilter,
    sort: MemberSort,
    total: Option<i64>,
    pages: HashMap<i64, Vec<MemberRow>>,
    counts: Option<Counts>,
    plans: Vec<(i64, String)>,
    purchasers: Vec<(i64, String)>,
    /// The purchaser and plan pickers were read (they may be empty in an empty workspace).
    pickers_read: bool,
}

struct Counts {
    by_purchaser: Vec<CountRow>,
    by_plan: Vec<CountRow>,
    by_tier: Vec<CountRow>,
}

impl MembersView {
    /// Drops cached rows and counts after the data changed.
    pub fn invalidate(&mut self) {
        self.total = None;
        self.pages.clear();
        self.counts = None;
        self.plans.clear();
        self.purchasers.clear();
        self.pickers_read = false;
    }

    /// A new filter changes the rows and the counts; a new sort only the rows.
    fn reset_rows(&mut self) {
        self.total = None;
        self.pages.clear();
    }

    fn reset_filtered(&mut self) {
        self.reset_rows();
        self.counts = None;
    }

    fn load(&mut self, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        if self.counts.is_none() {
            match load_counts(ws, &self.filter) {
                Ok(c) => self.counts = Some(c),
                Err(e) => commands.push(AppCommand::Error(e.to_string())),
            }
        }
        if !self.pickers_read {
            self.pickers_read = true;
            match ws.purchaser_names().and_then(|p| Ok((p, ws.plan_codes()?))) {
                Ok((purchasers, plans)) => {
                    self.purchasers = purchasers;
                    self.plans = plans;
                }
                Err(e) => commands.push(AppCommand::Error(e.to_string())),
            }
        }
        if self.total.is_none() {
            match ws.member_count(&self.filter) {
                Ok(n) => self.total = Some(n),
                Err(e) => {
                    self.total = Some(0);
                    commands.push(AppCommand::Error(e.to_string()));
                }
            }
        }
    }

    fn row(
        &mut self,
        ws: &Workspace,
        index: i64,
        commands: &mut Vec<AppCommand>,
    ) -> Option<&MemberRow> {
        let page = index / PAGE_ROWS;
        if !self.pages.contains_key(&page) {
            if self.pages.len() > 64 {
                self.pages.clear();
            }
            let rows = match ws.member_page(&self.filter, self.sort, page * PAGE_ROWS, PAGE_ROWS) {
                Ok(rows) => rows,
                Err(e) => {
                    commands.push(AppCommand::Error(e.to_string()));
                    Vec::new()
                }
            };
            self.pages.insert(page, rows);
        }
        self.pages
            .get(&page)
            .and_then(|rows| rows.get((index % PAGE_ROWS) as usize))
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        self.load(ws, commands);
        ui.horizontal(|ui| {
            ui.heading("Members");
            let n = self.total.unwrap_or(0);
            let filtered = self.filter != MemberFilter::default();
            ui.label(format!(
                "{} {}{}",
                count(n),
                if n == 1 { "member" } else { "members" },
                if filtered { " match the filter" } else { "" }
            ));
        });
        self.filter_bar_ui(ui);
        ui.separator();
        egui::Panel::right("member_counts")
            .default_size(230.0)
            .show(ui, |ui| self.counts_ui(ui));
        egui::CentralPanel::default().show(ui, |ui| self.table_ui(ui, ws, commands));
    }

    fn filter_bar_ui(&mut self, ui: &mut egui::Ui) {
        let before = self.filter.clone();
        ui.horizontal(|ui| {
            ui.label("Search");
            ui.add(
                egui::TextEdit::singleline(&mut self.filter.text)
                    .hint_text("member id, purchaser, plan, ZIP")
                    .desired_width(220.0),
            );
            combo_ui(
                ui,
                "Purchaser",
                &self.purchasers,
                &mut self.filter.purchaser_id,
            );
            combo_ui(ui, "Plan", &self.plans, &mut self.filter.plan_id);
            let tier_label = self
                .filter
                .tier
                .clone()
                .unwrap_or_else(|| "All tiers".into());
            let caption = ui.label("Tier");
            egui::ComboBox::from_id_salt("tier_filter")
                .selected_text(tier_label)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.filter.tier, None, "All tiers");
                    for t in crate::domain::Tier::ALL {
                        ui.selectable_value(
                            &mut self.filter.tier,
                            Some(t.code().to_string()),
                            format!("{} · {}", t.code(), t.label()),
                        );
                    }
                })
                .response
                .labelled_by(caption.id);
            if ui.button("Clear").clicked() {
                self.filter = MemberFilter::default();
            }
        });
        if self.filter != before {
            self.reset_filtered();
        }
    }

    fn counts_ui(&mut self, ui: &mut egui::Ui) {
        let Some(c) = &self.counts else { return };
        let filtered = self.filter != MemberFilter::default();
        egui::ScrollArea::vertical().show(ui, |ui| {
            if filtered {
                ui.weak("Counts of the members that match the filter");
            }
            for (title, rows) in [
                ("By purchaser", &c.by_purchaser),
                ("By plan", &c.by_plan),
                ("By tier", &c.by_tier),
            ] {
                ui.strong(title);
                egui::Grid::new(title)
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        for r in rows {
                            ui.label(&r.label);
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| ui.label(count(r.count)),
                            );
                            ui.end_row();
                        }
                    });
                ui.add_space(8.0);
            }
        });
    }

    fn header_ui(&mut self, ui: &mut egui::Ui, title: &str, column: Option<SortColumn>) {
        let Some(column) = column else {
            ui.strong(title);
            return;
        };
        let arrow = match (self.sort.column == column, self.sort.descending) {
            (true, false) => " ⏶",
            (true, true) => " ⏷",
            _ => "",
        };
        if ui
            .button(egui::RichText::new(format!("{title}{arrow}")).strong())
            .clicked()
        {
            self.sort = MemberSort {
                column,
                descending: self.sort.column == column && !self.sort.descending,
            };
            self.reset_rows();
        }
    }

    fn table_ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        let total = self.total.unwrap_or(0).max(0) as usize;
        if total == 0 {
            ui.label("No members match. Import a census or clear the filter.");
            return;
        }
        let dark = ui.visuals().dark_mode;
        let columns: [(&str, Option<SortColumn>, f32); 9] = [
            ("Member ID", Some(SortColumn::ExternalId), 100.0),
            ("Purchaser", Some(SortColumn::Purchaser), 190.0),
            ("Plan", Some(SortColumn::Plan), 100.0),
            ("Tier", Some(SortColumn::Tier), 50.0),
            ("Birth date", Some(SortColumn::BirthDate), 80.0),
            ("Sex", Some(SortColumn::Sex), 50.0),
            ("ZIP", Some(SortColumn::Zip), 70.0),
            ("Salary", Some(SortColumn::Salary), 90.0),
            ("Allowed claims", Some(SortColumn::Claims), 110.0),
        ];
        // Narrow windows scroll the table sideways instead of cutting columns off.
        egui::ScrollArea::horizontal()
            .id_salt("members_hscroll")
            .show(ui, |ui| {
                let mut table = TableBuilder::new(ui)
                    .striped(true)
                    .id_salt("members_table")
                    .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
                for (_, _, w) in &columns {
                    table = table.column(Column::initial(*w).resizable(true).clip(true));
                }
                table
                    .header(theme::ROW_HEIGHT + 4.0, |mut header| {
                        for (title, col, _) in &columns {
                            header.col(|ui| self.header_ui(ui, title, *col));
                        }
                    })
                    .body(|body| {
                        body.rows(theme::ROW_HEIGHT, total, |mut row| {
                            let index = row.index() as i64;
                            let Some(m) = self.row(ws, index, commands).cloned() else {
                                row.col(|ui| {
                                    ui.colored_label(theme::muted(dark), "…");
                                });
                                return;
                            };
                            row.col(|ui| {
                                ui.label(&m.external_id);
                            });
                            row.col(|ui| {
                                ui.label(&m.purchaser);
                            });
                            row.col(|ui| {
                                ui.label(&m.plan);
                            });
                            row.col(|ui| {
                                ui.label(&m.tier);
                            });
                            row.col(|ui| {
                                ui.label(&m.birth_date);
                            });
                            row.col(|ui| {
                                ui.label(&m.sex);
                            });
                            row.col(|ui| {
                                ui.label(&m.zip);
                            });
                            row.col(|ui| {
                                ui.label(m.annual_salary.map(usd0).unwrap_or_default());
                            });
                            row.col(|ui| {
                                ui.label(m.annual_allowed_claims.map(usd0).unwrap_or_default());
                            });
                        });
                    });
            });
    }
}

fn combo_ui(ui: &mut egui::Ui, label: &str, items: &[(i64, String)], selected: &mut Option<i64>) {
    let text = selected
        .and_then(|id| items.iter().find(|(i, _)| *i == id))
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| format!("All {}s", label.to_lowercase()));
    let caption = ui.label(label);
    egui::ComboBox::from_id_salt(label)
        .selected_text(text)
        .width(180.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(selected, None, format!("All {}s", label.to_lowercase()));
            for (id, name) in items {
                ui.selectable_value(selected, Some(*id), name);
            }
        })
        .response
        .labelled_by(caption.id);
}

fn load_counts(ws: &Workspace, filter: &MemberFilter) -> StoreResult<Counts> {
    Ok(Counts {
        by_purchaser: ws.member_counts(filter, CountBy::Purchaser)?,
        by_plan: ws.member_counts(filter, CountBy::Plan)?,
        by_tier: ws.member_counts(filter, CountBy::Tier)?,
    })
}
