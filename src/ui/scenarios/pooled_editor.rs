//! The pooled-volume form: service line, pricing, the vendor's tier schedule, the members with
//! their volumes and current prices, the allocation method, and "Fill from workspace".

use super::editor::unit_drag;
use super::{AppCommand, ScenariosView, theme};
use crate::model::labels::Unit;
use crate::model::pooled::{Allocation, Member, PooledParams, Pricing, Tier};
use crate::store::Workspace;
use crate::store::volumes::ServiceLine;
use crate::ui::a11y::Named;

/// What one frame of the form changed, named for the undo history.
type Change = Option<(String, PooledParams)>;

impl ScenariosView {
    pub(super) fn pooled_editor_ui(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        time: f64,
        commands: &mut Vec<AppCommand>,
    ) {
        let params: PooledParams = match serde_json::from_value(self.draft.params.clone()) {
            Ok(p) => p,
            Err(e) => {
                ui.colored_label(
                    theme::bad(ui.visuals().dark_mode),
                    format!("These inputs cannot be edited here: {e}"),
                );
                return;
            }
        };
        self.pool_fill_ui(ui, ws, time, commands);
        let mut change: Change = None;
        egui::Grid::new("pool_settings")
            .num_columns(2)
            .show(ui, |ui| settings_ui(ui, &params, &mut change));
        ui.add_space(6.0);
        ui.strong("Vendor tier schedule");
        schedule_ui(ui, &params, &mut change);
        ui.add_space(6.0);
        ui.strong("Members");
        members_ui(ui, &params, &mut change);
        if let Some((field, next)) = change
            && let Ok(value) = serde_json::to_value(next)
        {
            self.edit(&field, time, |d| d.params = value);
        }
    }

    fn pool_fill_ui(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        time: f64,
        commands: &mut Vec<AppCommand>,
    ) {
        if self.service_lines.is_none() {
            match ws.service_lines() {
                Ok(lines) => self.service_lines = Some(lines),
                Err(e) => {
                    self.service_lines = Some(Vec::new());
                    commands.push(AppCommand::Error(e.to_string()));
                }
            }
        }
        let lines = self.service_lines.clone().unwrap_or_default();
        if lines.is_empty() {
            ui.weak("Import service volumes and a price schedule to fill this from the workspace.");
            return;
        }
        ui.horizontal_wrapped(|ui| {
            let caption = ui.label("Service");
            let current = self
                .fill_service
                .clone()
                .unwrap_or_else(|| "Choose a service".into());
            egui::ComboBox::from_id_salt("fill_service")
                .selected_text(current)
                .width(150.0)
                .show_ui(ui, |ui| {
                    for l in &lines {
                        ui.selectable_value(
                            &mut self.fill_service,
                            Some(l.service_code.clone()),
                            &l.service_code,
                        );
                    }
                })
                .response
                .labelled_by(caption.id);
            let chosen = self
                .fill_service
                .as_ref()
                .and_then(|c| lines.iter().find(|l| &l.service_code == c));
            if ui
                .add_enabled(chosen.is_some(), egui::Button::new("Fill from workspace"))
                .on_hover_text("Members and volumes from the service volumes, the schedule from the vendor's price tiers")
                .clicked()
                && let Some(line) = chosen
            {
                self.fill_pool(ws, line, time, commands);
            }
        });
    }

    fn fill_pool(
        &mut self,
        ws: &Workspace,
        line: &ServiceLine,
        time: f64,
        commands: &mut Vec<AppCommand>,
    ) {
        let members = match line.year.map(|y| ws.pool_members(&line.service_code, y)) {
            Some(Ok(m)) => m,
            Some(Err(e)) => return commands.push(AppCommand::Error(e.to_string())),
            None => Vec::new(),
        };
        let schedule = match &line.schedule {
            Some(s) => match ws.price_schedule(s, &line.service_code) {
                Ok(t) => t,
                Err(e) => return commands.push(AppCommand::Error(e.to_string())),
            },
            None => Vec::new(),
        };
        let Ok(mut p) = serde_json::from_value::<PooledParams>(self.draft.params.clone()) else {
            return;
        };
        if !members.is_empty() {
            p.members = members;
        }
        if !schedule.is_empty() {
            p.schedule = schedule;
        }
        p.service = line.service_code.clone();
        if let Ok(value) = serde_json::to_value(&p) {
            self.edit("fill", time, |d| d.params = value);
            commands.push(AppCommand::Notify(format!(
                "Filled {} members and {} tiers for {} from the workspace",
                p.members.len(),
                p.schedule.len(),
                line.service_code
            )));
        }
    }
}

fn settings_ui(ui: &mut egui::Ui, p: &PooledParams, change: &mut Change) {
    let caption = ui.label("Service line");
    let mut service = p.service.clone();
    if ui
        .add(
            egui::TextEdit::singleline(&mut service)
                .hint_text("e.g. Lab panels")
                .desired_width(180.0),
        )
        .labelled_by(caption.id)
        .changed()
    {
        *change = Some((
            "service".into(),
            PooledParams {
                service,
                ..p.clone()
            },
        ));
    }
    ui.end_row();
    ui.label("Pricing").on_hover_text(
        "All units: the tier the volume reaches prices every unit. Incremental: each unit is priced by the tier it falls in.",
    );
    ui.horizontal(|ui| {
        for (pricing, title) in [
            (Pricing::AllUnits, "All units"),
            (Pricing::Incremental, "Incremental"),
        ] {
            if ui.selectable_label(p.pricing == pricing, title).clicked() && p.pricing != pricing {
                *change = Some((
                    "pricing".into(),
                    PooledParams {
                        pricing,
                        ..p.clone()
                    },
                ));
            }
        }
    });
    ui.end_row();
    let caption = ui.label("Share savings");
    egui::ComboBox::from_id_salt("pool_allocation")
        .selected_text(p.allocation.title())
        .width(180.0)
        .show_ui(ui, |ui| {
            for a in Allocation::ALL {
                if ui.selectable_label(p.allocation == a, a.title()).clicked() && p.allocation != a
                {
                    *change = Some((
                        "allocation".into(),
                        PooledParams {
                            allocation: a,
                            ..p.clone()
                        },
                    ));
                }
            }
        })
        .response
        .labelled_by(caption.id);
    ui.end_row();
    ui.label("Alliance admin cost (a year)");
    let mut admin = p.admin_cost;
    if unit_drag(ui, "Alliance admin cost a year", Unit::Usd, &mut admin).changed() {
        *change = Some((
            "admin_cost".into(),
            PooledParams {
                admin_cost: admin.max(0.0),
                ..p.clone()
            },
        ));
    }
    ui.end_row();
}

fn schedule_ui(ui: &mut egui::Ui, p: &PooledParams, change: &mut Change) {
    egui::Grid::new("pool_schedule")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for h in ["Tier", "From (units a year)", "Unit price", ""] {
                ui.strong(h);
            }
            ui.end_row();
            for (i, t) in p.schedule.iter().enumerate() {
                ui.label(format!("Tier {}", i + 1));
                let mut min = t.min_volume;
                if unit_drag(
                    ui,
                    &format!("Tier {}, from units a year", i + 1),
                    Unit::Count,
                    &mut min,
                )
                .changed()
                {
                    *change = Some((
                        format!("schedule.{i}.min_volume"),
                        with_tier(
                            p,
                            i,
                            Tier {
                                min_volume: min.max(0.0),
                                ..*t
                            },
                        ),
                    ));
                }
                let mut price = t.unit_price;
                if unit_drag(
                    ui,
                    &format!("Tier {}, unit price", i + 1),
                    Unit::Usd,
                    &mut price,
                )
                .changed()
                {
                    *change = Some((
                        format!("schedule.{i}.unit_price"),
                        with_tier(
                            p,
                            i,
                            Tier {
                                unit_price: price.max(0.0),
                                ..*t
                            },
                        ),
                    ));
                }
                if ui
                    .add_enabled(p.schedule.len() > 1, egui::Button::new("Remove").small())
                    .on_hover_text(format!("Remove tier {}", i + 1))
                    .clicked()
                {
                    let mut next = p.clone();
                    next.schedule.remove(i);
                    *change = Some(("schedule".into(), next));
                }
                ui.end_row();
            }
        });
    if ui.button("Add a tier").clicked() {
        let mut next = p.clone();
        let last = p.schedule.last().copied().unwrap_or(Tier {
            min_volume: 0.0,
            unit_price: 10.0,
        });
        next.schedule.push(Tier {
            min_volume: (last.min_volume * 2.0).max(last.min_volume + 1_000.0),
            unit_price: (last.unit_price * 0.9 * 100.0).round() / 100.0,
        });
        *change = Some(("schedule".into(), next));
    }
}

fn with_tier(p: &PooledParams, i: usize, tier: Tier) -> PooledParams {
    let mut next = p.clone();
    if let Some(slot) = next.schedule.get_mut(i) {
        *slot = tier;
    }
    next
}

fn with_member(p: &PooledParams, i: usize, member: Member) -> PooledParams {
    let mut next = p.clone();
    if let Some(slot) = next.members.get_mut(i) {
        *slot = member;
    }
    next
}

fn members_ui(ui: &mut egui::Ui, p: &PooledParams, change: &mut Change) {
    egui::ScrollArea::horizontal()
        .id_salt("pool_members_scroll")
        .show(ui, |ui| {
            egui::Grid::new("pool_members")
                .num_columns(4)
                .striped(true)
                .show(ui, |ui| {
                    ui.strong("Member");
                    ui.strong("Units a year");
                    ui.strong("Pays today")
                        .on_hover_text("The unit price the member pays today, when it is not the schedule's price at its own volume");
                    ui.strong("");
                    ui.end_row();
                    for (i, m) in p.members.iter().enumerate() {
                        member_row_ui(ui, p, i, m, change);
                        ui.end_row();
                    }
                });
        });
    if ui.button("Add a member").clicked() {
        let mut next = p.clone();
        let n = p.members.len() + 1;
        let name = (n..)
            .map(|k| format!("Member {k}"))
            .find(|name| p.members.iter().all(|m| &m.name != name))
            .unwrap_or_default();
        next.members.push(Member {
            name,
            volume: 10_000.0,
            current_unit_price: None,
        });
        *change = Some(("members".into(), next));
    }
}

fn member_row_ui(ui: &mut egui::Ui, p: &PooledParams, i: usize, m: &Member, change: &mut Change) {
    let mut name = m.name.clone();
    // A fixed size: a text field in a grid otherwise shrinks to the column's first width.
    let name_resp = ui.add_sized(
        [150.0, 20.0],
        egui::TextEdit::singleline(&mut name).hint_text("member name"),
    );
    let name_resp = name_resp.on_hover_text(format!("Name of member {}", i + 1));
    if name_resp.changed() {
        *change = Some((
            format!("members.{i}.name"),
            with_member(p, i, Member { name, ..m.clone() }),
        ));
    }
    let mut volume = m.volume;
    if unit_drag(
        ui,
        &format!("{}, volume a year", m.name),
        Unit::Count,
        &mut volume,
    )
    .changed()
    {
        *change = Some((
            format!("members.{i}.volume"),
            with_member(
                p,
                i,
                Member {
                    volume: volume.max(0.0),
                    ..m.clone()
                },
            ),
        ));
    }
    ui.horizontal(|ui| {
        let mut own = m.current_unit_price.is_some();
        if ui
            .checkbox(&mut own, "")
            .on_hover_text("Its own current price (otherwise the schedule at its own volume)")
            .labelled_by(name_resp.id)
            .named(format!("{}, has its own current price", m.name))
            .changed()
        {
            let price = own.then(|| {
                let schedule = crate::model::pooled::Schedule::new(&p.schedule, p.pricing);
                schedule.map_or(0.0, |s| s.price_at(m.volume))
            });
            *change = Some((
                format!("members.{i}.current_unit_price"),
                with_member(
                    p,
                    i,
                    Member {
                        current_unit_price: price,
                        ..m.clone()
                    },
                ),
            ));
        }
        match m.current_unit_price {
            Some(mut price) => {
                if unit_drag(
                    ui,
                    &format!("{}, current unit price", m.name),
                    Unit::Usd,
                    &mut price,
                )
                .changed()
                {
                    *change = Some((
                        format!("members.{i}.current_unit_price"),
                        with_member(
                            p,
                            i,
                            Member {
                                current_unit_price: Some(price.max(0.0)),
                                ..m.clone()
                            },
                        ),
                    ));
                }
            }
            None => {
                ui.weak("schedule price");
            }
        }
    });
    if ui
        .add_enabled(p.members.len() > 1, egui::Button::new("Remove").small())
        .on_hover_text(format!("Remove {}", m.name))
        .clicked()
    {
        let mut next = p.clone();
        next.members.remove(i);
        *change = Some(("members".into(), next));
    }
}
