//! What a migration run shows, in Scenarios and in Compare's contribution change: the
//! employer's saving after people move (beside the saving if nobody moved), enrollment before
//! and after by plan, each plan and tier's shift and, with claims bands, who moves.

use super::paired_bars::{Layout, Series, paired_bars_ui};
use super::theme;
use crate::format::{count, money, signed_money, usd0};
use crate::model::migration::{MigrationOutputs, PlanShift};
use egui_plot::Corner;

/// Cards, the before/after chart and the table.
pub fn migration_results_ui(ui: &mut egui::Ui, out: &MigrationOutputs, id: &str) {
    cards_ui(ui, out);
    ui.add_space(8.0);
    enrollment_bars_ui(ui, out, id);
    ui.add_space(8.0);
    shift_table_ui(ui, out, id);
    if out.plans.iter().any(|p| p.bands_before.is_some()) {
        ui.add_space(8.0);
        bands_ui(ui, out, id);
    }
}

fn cards_ui(ui: &mut egui::Ui, out: &MigrationOutputs) {
    let cards = [
        (
            "Employer saving after migration",
            signed_money(out.employer_saving),
            true,
        ),
        (
            "If nobody moved",
            signed_money(out.employer_saving_if_nobody_moved),
            false,
        ),
        (
            "Employer cost today",
            money(out.employer_cost_before),
            false,
        ),
        ("Employer cost after", money(out.employer_cost_after), false),
        (
            "Employee contributions after",
            format!(
                "{} ({})",
                money(out.employee_cost_after),
                signed_money(out.employee_cost_after - out.employee_cost_before)
            ),
            false,
        ),
        (
            "Members who change plans",
            count(out.members_moving.round() as i64),
            false,
        ),
    ];
    super::cards::cards_ui(ui, &cards, 230.0);
}

/// Members by plan (all tiers), before and after.
pub fn by_plan(out: &MigrationOutputs) -> Vec<(String, f64, f64)> {
    let mut plans: Vec<(String, f64, f64)> = Vec::new();
    for p in &out.plans {
        match plans.iter_mut().find(|(code, _, _)| code == &p.code) {
            Some(row) => {
                row.1 += p.before;
                row.2 += p.after;
            }
            None => plans.push((p.code.clone(), p.before, p.after)),
        }
    }
    plans
}

fn enrollment_bars_ui(ui: &mut egui::Ui, out: &MigrationOutputs, id: &str) {
    ui.strong("Members by plan: today and after the change");
    let dark = ui.visuals().dark_mode;
    let plans = by_plan(out);
    let series = |label, colour, pick: fn(&(String, f64, f64)) -> f64, when: &str| Series {
        label,
        colour,
        bars: plans
            .iter()
            .map(|p| {
                let v = pick(p);
                (v, format!("{} {when}: {}", p.0, count(v.round() as i64)))
            })
            .collect(),
    };
    let today = series("Today", theme::muted(dark), |p| p.1, "today");
    let after = series("After the change", theme::accent(dark), |p| p.2, "after");
    let names = plans.iter().map(|p| p.0.clone()).collect();
    paired_bars_ui(
        ui,
        (id, "migration_bars"),
        names,
        [today, after],
        Layout {
            height: 220.0,
            legend: Corner::RightTop,
            y_text: |v| count(v.round() as i64),
        },
    );
}

/// A column of the shift table: its header and how a plan's cell reads.
type Column = (&'static str, fn(&PlanShift) -> String);

fn shift_table_ui(ui: &mut egui::Ui, out: &MigrationOutputs, id: &str) {
    let banded = out
        .plans
        .iter()
        .any(|p| p.claims_per_member_before.is_some());
    let mut labels: Vec<egui::WidgetText> =
        vec![egui::RichText::new("Plan and tier").strong().into()];
    labels.extend(
        out.plans
            .iter()
            .map(|p| egui::WidgetText::from(format!("{} {}", p.code, p.tier))),
    );
    let mut columns: Vec<Column> = vec![
        ("Today", |p| count(p.before.round() as i64)),
        ("After", |p| format!("{:.1}", p.after)),
        ("Change", |p| format!("{:+.1}", p.after - p.before)),
        ("Elasticity", |p| format!("{:.2}", p.elasticity)),
    ];
    if banded {
        columns.push(("Claims per member today", |p| {
            p.claims_per_member_before.map_or("—".into(), usd0)
        }));
        columns.push(("Claims per member after", |p| {
            p.claims_per_member_after.map_or("—".into(), usd0)
        }));
    }
    let headers: Vec<egui::WidgetText> = columns
        .iter()
        .map(|(h, _)| egui::RichText::new(*h).strong().into())
        .collect();
    let sizes = super::sticky::Sizes {
        row_height: 22.0,
        first_width: 150.0,
        column_width: 110.0,
    };
    super::sticky::sticky_table(
        ui,
        &format!("{id}_shift"),
        &labels,
        &headers,
        sizes,
        |ui, r, c| {
            if let (Some(p), Some((_, cell))) = (out.plans.get(r), columns.get(c)) {
                ui.label(cell(p));
            }
        },
    );
    ui.weak("Elasticity: the percent change in a plan's enrollment for a 1 % rise in its own employee contribution, at today's share.");
}

/// Who moves, by claims band: members of each band leaving or joining each plan.
fn bands_ui(ui: &mut egui::Ui, out: &MigrationOutputs, id: &str) {
    ui.strong("Who moves, by claims band (members gained or lost)");
    let names = ["Low claims", "Middle", "High claims"];
    egui::Grid::new((id, "bands")).striped(true).show(ui, |ui| {
        ui.strong("Plan and tier");
        for n in names {
            ui.strong(n);
        }
        ui.end_row();
        for p in &out.plans {
            let (Some(b), Some(a)) = (p.bands_before, p.bands_after) else {
                continue;
            };
            ui.label(format!("{} {}", p.code, p.tier));
            for k in 0..3 {
                ui.label(format!("{:+.1}", a[k] - b[k]));
            }
            ui.end_row();
        }
    });
}
