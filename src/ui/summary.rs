//! The workspace panel on the left: what is in the open workspace, at a glance.

use crate::format::count;
use crate::store::{Summary, Workspace};

/// Draws the workspace summary (purchasers, plans, members, imports, scenarios).
pub fn workspace_panel_ui(
    ui: &mut egui::Ui,
    ws: Option<&Workspace>,
    summary: Option<&Summary>,
    purchasers: &[(i64, String, String)],
) {
    ui.add_space(4.0);
    ui.heading("Workspace");
    let (Some(ws), Some(s)) = (ws, summary) else {
        ui.label("No workspace open.");
        return;
    };
    ui.label(egui::RichText::new(&s.name).strong());
    ui.small(ws.path().display().to_string());
    if let Some(warning) = ws.location_warning() {
        ui.label(
            egui::RichText::new(warning)
                .small()
                .color(ui.visuals().warn_fg_color),
        );
    }
    ui.separator();
    egui::Grid::new("summary_grid")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (label, n) in [
                ("Purchasers", s.purchasers),
                ("Plans", s.plans),
                ("Members", s.members),
                ("Providers", s.providers),
                ("Measures", s.measures),
                ("Imports", s.imports),
                ("Scenarios", s.scenarios),
            ] {
                ui.label(label);
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(count(n));
                });
                ui.end_row();
            }
        });
    ui.separator();
    egui::CollapsingHeader::new("Purchasers")
        .default_open(true)
        .show(ui, |ui| {
            for (_, name, kind) in purchasers {
                ui.label(format!("{name}  ·  {}", kind.replace('_', " ")));
            }
        });
}
