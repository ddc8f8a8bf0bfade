//! The assumption log in words: each save with its local time, what changed from the save
//! before (from → to, with units) and the result it gave.

use super::{AppCommand, ScenariosView};
use crate::format::{local_time, plural, signed_pct};
use crate::model::labels::{describe_changes, display_value, output_unit};
use crate::store::Workspace;
use crate::store::scenarios::ScenarioRun;
use serde_json::Value;

/// One logged run, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LogEntry {
    pub when: String,
    pub changes: Vec<String>,
    pub result: String,
}

/// Runs newest first, each described against the run before it.
pub(super) fn log_entries(runs: &[ScenarioRun]) -> Vec<LogEntry> {
    let parse = |text: &str| serde_json::from_str::<Value>(text).unwrap_or(Value::Null);
    runs.iter()
        .enumerate()
        .map(|(i, run)| {
            let inputs = parse(&run.inputs_json);
            let changes = match runs.get(i + 1) {
                Some(older) => describe_changes(&parse(&older.inputs_json), &inputs),
                None => vec!["First save of this scenario".to_string()],
            };
            LogEntry {
                when: local_time(&run.run_at),
                changes: if changes.is_empty() {
                    vec!["Saved again with no input changed".to_string()]
                } else {
                    changes
                },
                result: result_line(&parse(&run.outputs_json)),
            }
        })
        .collect()
}

fn result_line(outputs: &Value) -> String {
    let num = |k: &str| outputs.get(k).and_then(Value::as_f64);
    if let (Some(req), Some(change)) = (num("required_pmpm"), num("renewal_change")) {
        return format!(
            "Required premium {}, renewal change {}",
            display_value(output_unit("required_pmpm"), req),
            signed_pct(change)
        );
    }
    if let (Some(settlement), Some(rate)) = (num("settlement"), num("savings_rate")) {
        return format!(
            "Settlement {} at a savings rate of {}",
            crate::format::signed_money(settlement),
            crate::format::pct(rate)
        );
    }
    if let (Some(savings), Some(price)) = (num("savings"), num("pooled_unit_price")) {
        return format!(
            "Pool savings {} a year at {} a unit",
            crate::format::money(savings),
            crate::format::money(price)
        );
    }
    String::new()
}

impl ScenariosView {
    pub(super) fn log_ui(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        commands: &mut Vec<AppCommand>,
    ) {
        let Some(id) = self.draft_id else {
            ui.label("Save the scenario to start its assumption log.");
            return;
        };
        let runs = match ws.scenario_runs(id) {
            Ok(runs) => runs,
            Err(e) => {
                commands.push(AppCommand::Error(e.to_string()));
                return;
            }
        };
        ui.label(format!(
            "{} (each save records the inputs and the results)",
            plural(runs.len(), "logged run", "logged runs")
        ));
        ui.add_space(4.0);
        for entry in log_entries(&runs).iter().take(100) {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.strong(&entry.when);
                for change in &entry.changes {
                    ui.label(format!("• {change}"));
                }
                if !entry.result.is_empty() {
                    ui.weak(&entry.result);
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(id: i64, inputs: &str) -> ScenarioRun {
        ScenarioRun {
            id,
            scenario_id: Some(1),
            run_at: "2026-11-26T01:50:00Z".into(),
            inputs_json: inputs.into(),
            outputs_json: r#"{"required_pmpm": 585.894, "renewal_change": 0.085}"#.into(),
        }
    }

    #[test]
    fn each_run_lists_what_changed_since_the_one_before() {
        let runs = vec![
            run(2, r#"{"trend_medical": 0.09}"#),
            run(1, r#"{"trend_medical": 0.07}"#),
        ];
        let entries = log_entries(&runs);
        assert_eq!(
            entries[0].changes,
            vec!["Medical trend: from 7.00% to 9.00%"]
        );
        assert_eq!(entries[1].changes, vec!["First save of this scenario"]);
        assert_eq!(
            entries[0].result,
            "Required premium $585.89 PMPM, renewal change +8.50%"
        );
    }
}
