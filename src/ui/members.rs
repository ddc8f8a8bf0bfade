//! Members view: a virtualized table over SQLite pages, sortable and filterable, with counts.

use super::command::AppCommand;
use super::theme;
use crate::format::{count, usd0};
use crate::store::{
    CountBy, CountRow, MEMBER_PAGE_ROWS, MemberFilter, MemberRow, MemberSort, SortColumn,
    StoreResult, Workspace,
};
use crate::ui::a11y::Named;
use egui_extras::{Column, TableBuilder};
use std::collections::HashMap;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

const PAGE_ROWS: usize = MEMBER_PAGE_ROWS;

/// From this many members the order and counts are read on a background thread.
const BACKGROUND_FROM_MEMBERS: i64 = 50_000;

/// State of the Members view: filter, sort, the members' order and a cache of fetched pages.
pub struct MembersView {
    filter: MemberFilter,
    sort: MemberSort,
    /// Ids of the matching members in the shown order; `None` until read.
    order: Option<Vec<i64>>,
    /// The order (and counts) being read on a background thread.
    pending: Option<Pending>,
    pages: HashMap<usize, Vec<MemberRow>>,
    counts: Option<Counts>,
    plans: Vec<(i64, String)>,
    purchasers: Vec<(i64, String)>,
    /// The purchaser and plan pickers were read (they may be empty in an empty workspace).
    pickers_read: bool,
    background_from_members: i64,
    /// When the filter last changed: a large workspace waits for typing to pause before it
    /// sorts (each keystroke would start a full sort of its own).
    filter_changed_at: Option<std::time::Instant>,
}

/// How long typing must pause before a large workspace is sorted for the new filter.
const TYPING_PAUSE: Duration = Duration::from_millis(300);

impl Default for MembersView {
    fn default() -> Self {
        MembersView {
            filter: MemberFilter::default(),
            sort: MemberSort::default(),
            order: None,
            pending: None,
            pages: HashMap::new(),
            counts: None,
            plans: Vec::new(),
            purchasers: Vec::new(),
            pickers_read: false,
            background_from_members: BACKGROUND_FROM_MEMBERS,
            filter_changed_at: None,
        }
    }
}

struct Counts {
    by_purchaser: Vec<CountRow>,
    by_plan: Vec<CountRow>,
    by_tier: Vec<CountRow>,
}

/// What a background read returns: the order, its first page, and the counts when they were
/// asked for.
type Listing = Result<(Vec<i64>, Vec<MemberRow>, Option<Counts>), String>;

struct Pending {
    filter: MemberFilter,
    sort: MemberSort,
    rx: Receiver<Listing>,
}

impl MembersView {
    /// Drops cached rows and counts after the data changed.
    pub fn invalidate(&mut self) {
        self.reset_filtered();
        self.plans.clear();
        self.purchasers.clear();
        self.pickers_read = false;
    }

    /// Reads the order and counts on a background thread from `members` members (tests use 0).
    pub fn set_background_from_members(&mut self, members: i64) {
        self.background_from_members = members;
    }

    /// True until the members' order for the current sort and filter is read.
    pub fn is_loading(&self) -> bool {
        self.order.is_none()
    }

    /// The member ids of the shown rows, in order, once read.
    pub fn shown_ids(&self) -> Option<&[i64]> {
        self.order.as_deref()
    }

    /// A new filter changes the rows and the counts; a new sort only the rows.
    fn reset_rows(&mut self) {
        self.order = None;
        self.pending = None;
        self.pages.clear();
    }

    fn reset_filtered(&mut self) {
        self.reset_rows();
        self.counts = None;
    }

    fn load(&mut self, ui: &egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
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
        self.poll(ui, commands);
        if self.order.is_none() && self.pending.is_none() {
            self.start_listing(ui, ws, commands);
        }
    }

    /// Reads the order (and the counts if needed) at once for a small workspace, on a thread
    /// for a large one: sorting a million members takes longer than a frame.
    fn start_listing(&mut self, ui: &egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        let with_counts = self.counts.is_none();
        let (filter, sort) = (self.filter.clone(), self.sort);
        let reopen = ws.reopener();
        if reopen.is_in_memory() || ws.member_total().unwrap_or(0) < self.background_from_members {
            let listing = read_listing(ws, &filter, sort, with_counts);
            return self.listed(listing, commands);
        }
        if let Some(waited) = self.filter_changed_at.map(|t| t.elapsed())
            && waited < TYPING_PAUSE
        {
            ui.ctx().request_repaint_after(TYPING_PAUSE - waited);
            return;
        }
        let (tx, rx) = channel();
        let ctx = ui.ctx().clone();
        std::thread::spawn(move || {
            let listing = reopen
                .open()
                .map_err(|e| e.to_string())
                .and_then(|ws| read_listing(&ws, &filter, sort, with_counts));
            // The view may have moved on; a closed channel just drops the result.
            let _ = tx.send(listing);
            ctx.request_repaint();
        });
        self.pending = Some(Pending {
            filter: self.filter.clone(),
            sort,
            rx,
        });
    }

    fn poll(&mut self, ui: &egui::Ui, commands: &mut Vec<AppCommand>) {
        let Some(pending) = &self.pending else { return };
        match pending.rx.try_recv() {
            Ok(listing) => {
                let current = pending.filter == self.filter && pending.sort == self.sort;
                self.pending = None;
                if current {
                    self.listed(listing, commands);
                }
            }
            Err(TryRecvError::Empty) => {
                ui.ctx().request_repaint_after(Duration::from_millis(30));
            }
            Err(TryRecvError::Disconnected) => {
                self.pending = None;
                self.order = Some(Vec::new());
                commands.push(AppCommand::Error(
                    "Reading the members stopped unexpectedly".into(),
                ));
            }
        }
    }

    fn listed(&mut self, listing: Listing, commands: &mut Vec<AppCommand>) {
        match listing {
            Ok((order, first_page, counts)) => {
                self.order = Some(order);
                self.pages.clear();
                self.pages.insert(0, first_page);
                if counts.is_some() {
                    self.counts = counts;
                }
            }
            Err(e) => {
                self.order = Some(Vec::new());
                self.pages.clear();
                commands.push(AppCommand::Error(format!(
                    "Could not read the members: {e}"
                )));
            }
        }
    }

    fn row(
        &mut self,
        ws: &Workspace,
        index: usize,
        commands: &mut Vec<AppCommand>,
    ) -> Option<&MemberRow> {
        let page = index / PAGE_ROWS;
        if !self.pages.contains_key(&page) {
            if self.pages.len() > 64 {
                self.pages.clear();
            }
            let order = self.order.as_deref().unwrap_or_default();
            let ids = order.get(page * PAGE_ROWS..).unwrap_or_default();
            let rows = match ws.members_by_id(&ids[..ids.len().min(PAGE_ROWS)]) {
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
            .and_then(|rows| rows.get(index % PAGE_ROWS))
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, commands: &mut Vec<AppCommand>) {
        self.load(ui, ws, commands);
        ui.horizontal(|ui| {
            ui.heading("Members");
            let Some(order) = &self.order else {
                ui.spinner();
                ui.label("Reading and sorting the members…");
                return;
            };
            let n = order.len() as i64;
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
            let caption = ui.label("Search");
            ui.add(
                egui::TextEdit::singleline(&mut self.filter.text)
                    .hint_text("member id, purchaser, plan, ZIP")
                    .desired_width(220.0),
            )
            .labelled_by(caption.id);
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
            self.filter_changed_at = Some(std::time::Instant::now());
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
                            ui.label(tier_words(&r.label));
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
        let state = match arrow {
            " ⏶" => ", sorted ascending",
            " ⏷" => ", sorted descending",
            _ => "",
        };
        if ui
            .button(egui::RichText::new(format!("{title}{arrow}")).strong())
            .named(format!("Sort by {title}{state}"))
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
        let Some(order) = &self.order else { return };
        let total = order.len();
        if total == 0 {
            ui.label("No members match. Import a census or clear the filter.");
            return;
        }
        let dark = ui.visuals().dark_mode;
        let widths = [100.0, 190.0, 100.0, 50.0, 80.0, 50.0, 70.0, 90.0, 110.0];
        let columns: Vec<(&str, Option<SortColumn>, f32)> = SortColumn::ALL
            .iter()
            .zip(widths)
            .map(|(c, w)| (c.label(), Some(*c), w))
            .collect();
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
                            let index = row.index();
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

/// A tier code with its meaning ("EE · Employee only"); any other label as it is.
fn tier_words(label: &str) -> String {
    match crate::domain::Tier::parse(label) {
        Some(t) if t.code() == label => format!("{} · {}", t.code(), t.label()),
        _ => label.to_string(),
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

/// The order of the matching members, its first page and, when asked, their counts.
fn read_listing(
    ws: &Workspace,
    filter: &MemberFilter,
    sort: MemberSort,
    with_counts: bool,
) -> Listing {
    let order = ws.member_order(filter, sort).map_err(|e| e.to_string())?;
    let first_page = ws
        .members_by_id(&order[..order.len().min(PAGE_ROWS)])
        .map_err(|e| e.to_string())?;
    let counts = if with_counts {
        Some(load_counts(ws, filter).map_err(|e| e.to_string())?)
    } else {
        None
    };
    Ok((order, first_page, counts))
}

fn load_counts(ws: &Workspace, filter: &MemberFilter) -> StoreResult<Counts> {
    Ok(Counts {
        by_purchaser: ws.member_counts(filter, CountBy::Purchaser)?,
        by_plan: ws.member_counts(filter, CountBy::Plan)?,
        by_tier: ws.member_counts(filter, CountBy::Tier)?,
    })
}
