//! The reference pricing form beyond its target: cap or flat, a set target or the coalition's
//! median, each hospital's spend and Medicare-equivalent spend, and "Fill from workspace"
//! (the imported hospital prices); and its results: savings, each hospital now and at the
//! target, and the paired bars.

use super::editor::unit_drag;
use super::{AppCommand, ScenariosView};
use crate::format::{money, pct};
use crate::model::labels::Unit;
use crate::model::reference_price::{
    HospitalServices, RefPricing, ReferencePriceOutputs, ReferencePriceParams, ServiceLine, Target,
    TargetName,
};
use crate::store::Workspace;
use crate::ui::paired_bars::{Layout, Series, paired_bars_ui};
use serde_json::{Map, Value};

impl ScenariosView {
    fn reference_params(&self) -> Option<ReferencePriceParams> {
        serde_json::from_value(self.draft.params.clone()).ok()
    }

    /// The target's basis and mode, Fill from workspace and each hospital's services.
    pub(super) fn reference_lists_ui(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        time: f64,
        commands: &mut Vec<AppCommand>,
    ) {
        let Some(p) = self.reference_params() else {
            return;
        };
        let mut next = p.clone();
        ui.horizontal_wrapped(|ui| {
            ui.label("Target");
            let median = matches!(next.target, Target::Named(TargetName::Median));
            if ui.radio(!median, "the percent of Medicare above").clicked() && median {
                next.target = Target::Multiple(2.0);
            }
            if ui.radio(median, "the coalition's median price").clicked() {
                next.target = Target::Named(TargetName::Median);
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Apply it as");
            ui.radio_value(
                &mut next.mode,
                RefPricing::Cap,
                "a cap (dearer prices come down)",
            );
            ui.radio_value(
                &mut next.mode,
                RefPricing::Flat,
                "a flat rate (every service is paid it)",
            );
        });
        if ui
            .button("Fill from workspace")
            .on_hover_text("Each hospital's priced services from the imported price files: the negotiated and Medicare prices, with the files' counts as volumes where every service has one (else 1)")
            .clicked()
        {
            match hospitals_from_workspace(ws) {
                Ok(h) if !h.is_empty() => next.hospitals = h,
                Ok(_) => commands.push(AppCommand::Error(
                    "No hospital prices to fill from: import hospital price files first".into(),
                )),
                Err(e) => commands.push(AppCommand::Error(e)),
            }
        }
        ui.strong("Hospitals and their services");
        for h in next.hospitals.iter_mut() {
            let title = format!(
                "{}: {} services, {} a year, {} of Medicare",
                h.name,
                h.services.len(),
                money(h.spend()),
                pct(h.spend() / h.medicare_spend().max(1e-9))
            );
            egui::CollapsingHeader::new(title)
                .id_salt(("reference_hospital", &h.name))
                .show(ui, |ui| services_ui(ui, h));
        }
        if next != p
            && let Ok(value) = serde_json::to_value(&next)
        {
            self.edit("hospitals", time, |d| d.params = value);
        }
    }
}

/// A hospital's services: volume, negotiated and Medicare's price, each editable.
fn services_ui(ui: &mut egui::Ui, h: &mut HospitalServices) {
    egui::Grid::new(("reference_services", &h.name))
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for c in ["Service", "Volume a year", "Negotiated", "Medicare"] {
                ui.strong(c);
            }
            ui.end_row();
            for (k, line) in h.services.iter_mut().enumerate() {
                let row = format!("{} service {} ({})", h.name, k + 1, line.code);
                ui.label(&line.code);
                unit_drag(
                    ui,
                    &format!("{row}, volume a year"),
                    Unit::Count,
                    &mut line.volume,
                );
                unit_drag(
                    ui,
                    &format!("{row}, negotiated price"),
                    Unit::Usd,
                    &mut line.negotiated,
                );
                unit_drag(
                    ui,
                    &format!("{row}, Medicare's price"),
                    Unit::Usd,
                    &mut line.medicare,
                );
                ui.end_row();
            }
        });
}

/// Each hospital's priced services, with the files' counts as volumes where every service
/// has one of 11 or more (as the relative price weighs them), else 1.
pub(super) fn hospitals_from_workspace(ws: &Workspace) -> Result<Vec<HospitalServices>, String> {
    let tables = crate::report::prices::medicare_tables(ws).map_err(|e| e.to_string())?;
    let rows = crate::report::prices::hospital_rows(ws, &tables).map_err(|e| e.to_string())?;
    Ok(rows
        .into_iter()
        .filter(|r| !r.prices.priced.is_empty())
        .map(|r| {
            let by_volume = r.prices.overall.volume_weighted;
            HospitalServices {
                name: r.hospital.name,
                services: r
                    .prices
                    .priced
                    .iter()
                    .map(|s| ServiceLine {
                        code: s.code.clone(),
                        setting: s.setting.code().to_string(),
                        volume: if by_volume {
                            s.count.unwrap_or(1.0)
                        } else {
                            1.0
                        },
                        negotiated: s.negotiated,
                        medicare: s.medicare,
                    })
                    .collect(),
            }
        })
        .collect())
}

/// Savings, each hospital now and at the target, and the paired bars.
pub(super) fn reference_results_ui(ui: &mut egui::Ui, outputs: &Map<String, Value>) {
    let Ok(o) = serde_json::from_value::<ReferencePriceOutputs>(Value::Object(outputs.clone()))
    else {
        return;
    };
    crate::ui::cards::cards_ui(
        ui,
        &[
            ("Savings a year", money(o.savings), true),
            ("Share of hospital spend", pct(o.savings_pct), false),
            (
                "Target applied",
                format!("{} of Medicare", pct(o.target_used)),
                false,
            ),
            ("Spend today", money(o.spend_now), false),
            ("Spend at the target", money(o.spend_at_target), false),
        ],
        220.0,
    );
    ui.add_space(6.0);
    let dark = ui.visuals().dark_mode;
    paired_bars_ui(
        ui,
        "reference_bars",
        o.hospitals.iter().map(|h| h.name.clone()).collect(),
        [
            Series {
                label: "Today",
                colour: crate::ui::theme::muted(dark),
                bars: o
                    .hospitals
                    .iter()
                    .map(|h| (h.spend_now, money(h.spend_now)))
                    .collect(),
            },
            Series {
                label: "At the target",
                colour: crate::ui::theme::accent(dark),
                bars: o
                    .hospitals
                    .iter()
                    .map(|h| (h.spend_at_target, money(h.spend_at_target)))
                    .collect(),
            },
        ],
        Layout {
            height: 240.0,
            legend: egui_plot::Corner::RightTop,
            y_text: money,
        },
    );
    egui::Grid::new("reference_results")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for h in [
                "Hospital",
                "Price, % of Medicare",
                "Spend today",
                "At the target",
                "Savings",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for h in &o.hospitals {
                ui.label(&h.name);
                ui.label(pct(h.relative_price_now));
                ui.label(money(h.spend_now));
                ui.label(money(h.spend_at_target));
                ui.label(crate::format::signed_money(h.savings));
                ui.end_row();
            }
        });
}
