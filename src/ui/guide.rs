//! First-launch guidance: what to import, and in which order, for an empty workspace.

use super::command::AppCommand;
use super::view::View;
use crate::store::Summary;

/// The import order, each step with why it comes there and the sample file that shows it.
pub const IMPORT_ORDER: [(&str, &str); 5] = [
    (
        "Plan designs and rates",
        "deductibles, coinsurance, copays and monthly premiums by tier (sample: plans_and_rates.xlsx). Import plans first: a census names each member's plan by its code.",
    ),
    (
        "Member census",
        "one row per enrolled employee with plan and coverage tier (sample: census.xlsx). Without an employer column, you name the purchaser.",
    ),
    (
        "Quality measures and results",
        "the measure catalogue, providers and their results (sample: quality_measures.xlsx).",
    ),
    (
        "Spend history",
        "monthly member months and paid claims, for renewals (sample: spend_history.csv).",
    ),
    (
        "Service volumes and price tiers",
        "each member's annual volume and a vendor's tier schedule, for pooled pricing (sample: service_volumes.xlsx).",
    ),
];

/// True when the workspace holds no plans and no members: the user starts from nothing.
pub fn is_empty(summary: Option<&Summary>) -> bool {
    summary.is_none_or(|s| s.plans == 0 && s.members == 0)
}

/// The numbered import order.
fn order_list_ui(ui: &mut egui::Ui) {
    for (i, (what, why)) in IMPORT_ORDER.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.strong(format!("{}. {what}:", i + 1));
            ui.label(*why);
        });
    }
}

/// A collapsible "what to import, in which order" for the Import view.
pub fn import_order_ui(ui: &mut egui::Ui) {
    egui::CollapsingHeader::new("What to import, and in which order")
        .default_open(false)
        .show(ui, order_list_ui);
}

/// The getting-started card shown above a view while the workspace is empty; true when the
/// user closes it.
pub fn getting_started_ui(ui: &mut egui::Ui, commands: &mut Vec<AppCommand>) -> bool {
    let mut close = false;
    egui::Frame::group(ui.style())
        .inner_margin(12.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.heading("Getting started: this workspace is empty");
            ui.label("Import your workbooks in this order (xlsx, xls, xlsb, ods or csv, as your carriers and HR systems send them):");
            ui.add_space(4.0);
            order_list_ui(ui);
            ui.add_space(6.0);
            ui.horizontal_wrapped(|ui| {
                if ui.button("Go to Import").clicked() {
                    commands.push(AppCommand::SetView(View::Import));
                }
                if ui.button("Open the sample workspace").clicked() {
                    commands.push(AppCommand::OpenSample);
                }
                close = ui.button("Hide this").clicked();
                ui.weak("The sample workbooks are in the sample_data folder of the source.");
            });
        });
    ui.add_space(8.0);
    close
}

/// What the Import view shows before a file is opened.
pub fn import_empty_ui(ui: &mut egui::Ui) {
    ui.add_space(8.0);
    ui.label("Type a path, press Browse…, or drop a workbook on the window to preview it. Nothing is written until you press Import.");
    ui.add_space(8.0);
    ui.strong("What to import, and in which order");
    ui.add_space(4.0);
    order_list_ui(ui);
}
