//! Saved scenarios and their assumption log (`scenario`, `scenario_run`).

use super::{StoreError, StoreResult, Workspace, now_iso};
use crate::model::scenario::{Scenario, ScenarioKind};
use rusqlite::{OptionalExtension, params};

/// A scenario as saved in the workspace.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedScenario {
    pub id: i64,
    pub scenario: Scenario,
    pub created_at: String,
    pub updated_at: String,
}

/// One entry of the assumption log.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioRun {
    pub id: i64,
    pub scenario_id: Option<i64>,
    pub run_at: String,
    pub inputs_json: String,
    pub outputs_json: String,
}

/// A scenario row as read: id, kind, name, params, created, updated, notes.
type ScenarioRow = (i64, String, String, String, String, String, Option<String>);

fn row_to_saved(r: &rusqlite::Row) -> rusqlite::Result<ScenarioRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

fn to_saved(row: ScenarioRow) -> StoreResult<SavedScenario> {
    let (id, kind, name, params_json, created_at, updated_at, notes) = row;
    let kind = ScenarioKind::parse(&kind)
        .map_err(|e| StoreError::Corrupt(format!("scenario {id}: {e}")))?;
    let params = serde_json::from_str(&params_json)
        .map_err(|e| StoreError::Corrupt(format!("scenario {id}: {e}")))?;
    Ok(SavedScenario {
        id,
        scenario: Scenario {
            kind,
            name,
            notes: notes.unwrap_or_default(),
            params,
        },
        created_at,
        updated_at,
    })
}

const SELECT: &str =
    "SELECT id, kind, name, params_json, created_at, updated_at, notes FROM scenario";

impl Workspace {
    /// Saves a new scenario; returns its id.
    pub fn save_scenario(&mut self, s: &Scenario) -> StoreResult<i64> {
        self.write(|tx| {
            let now = now_iso();
            tx.execute(
                "INSERT INTO scenario(kind, name, params_json, created_at, updated_at, notes) VALUES (?1,?2,?3,?4,?4,?5)",
                params![s.kind.code(), s.name, s.params.to_string(), now, s.notes],
            )?;
            Ok::<_, StoreError>(tx.last_insert_rowid())
        })
    }

    /// Overwrites a saved scenario's name, notes and parameters.
    pub fn update_scenario(&mut self, id: i64, s: &Scenario) -> StoreResult<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE scenario SET kind=?1, name=?2, params_json=?3, notes=?4, updated_at=?5 WHERE id=?6",
                params![s.kind.code(), s.name, s.params.to_string(), s.notes, now_iso(), id],
            )?;
            Ok::<_, StoreError>(())
        })
    }

    /// Copies a scenario under "NAME (copy)"; returns the new id.
    pub fn duplicate_scenario(&mut self, id: i64) -> StoreResult<i64> {
        let Some(saved) = self.scenario(id)? else {
            return Err(StoreError::Corrupt(format!("no scenario {id}")));
        };
        let mut copy = saved.scenario;
        copy.name = format!("{} (copy)", copy.name);
        self.save_scenario(&copy)
    }

    /// Deletes a scenario and its run log.
    pub fn delete_scenario(&mut self, id: i64) -> StoreResult<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM scenario WHERE id = ?1", [id])?;
            Ok::<_, StoreError>(())
        })
    }

    /// All saved scenarios, grouped by kind then name.
    pub fn scenarios(&self) -> StoreResult<Vec<SavedScenario>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("{SELECT} ORDER BY kind, name, id"))?;
        let rows: Vec<_> = stmt
            .query_map([], row_to_saved)?
            .collect::<Result<_, _>>()?;
        rows.into_iter().map(to_saved).collect()
    }

    /// One saved scenario.
    pub fn scenario(&self, id: i64) -> StoreResult<Option<SavedScenario>> {
        let row = self
            .conn()
            .query_row(&format!("{SELECT} WHERE id = ?1"), [id], row_to_saved)
            .optional()?;
        row.map(to_saved).transpose()
    }

    /// Finds a saved scenario by id or exact name.
    pub fn find_scenario(&self, key: &str) -> StoreResult<Option<SavedScenario>> {
        if let Ok(id) = key.parse::<i64>()
            && let Some(s) = self.scenario(id)?
        {
            return Ok(Some(s));
        }
        let row = self
            .conn()
            .query_row(
                &format!("{SELECT} WHERE name = ?1 ORDER BY id LIMIT 1"),
                [key],
                row_to_saved,
            )
            .optional()?;
        row.map(to_saved).transpose()
    }

    /// Appends a run to the assumption log.
    pub fn log_scenario_run(
        &mut self,
        scenario_id: Option<i64>,
        inputs_json: &str,
        outputs_json: &str,
    ) -> StoreResult<i64> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO scenario_run(scenario_id, run_at, inputs_json, outputs_json) VALUES (?1,?2,?3,?4)",
                params![scenario_id, now_iso(), inputs_json, outputs_json],
            )?;
            Ok::<_, StoreError>(tx.last_insert_rowid())
        })
    }

    /// The assumption log of one scenario, newest first.
    pub fn scenario_runs(&self, scenario_id: i64) -> StoreResult<Vec<ScenarioRun>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, scenario_id, run_at, inputs_json, outputs_json FROM scenario_run WHERE scenario_id = ?1 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([scenario_id], |r| {
            Ok(ScenarioRun {
                id: r.get(0)?,
                scenario_id: r.get(1)?,
                run_at: r.get(2)?,
                inputs_json: r.get(3)?,
                outputs_json: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl Workspace {
    /// What was saved at or after `since` (a UTC `YYYY-MM-DDTHH:MM:SSZ` stamp, to the second:
    /// a save in the backup's own second is counted, as it may be missing from it), in words:
    /// the scenarios saved and the files imported, so a restore can say what it would lose.
    pub fn saved_since_stamp(&self, since: &str) -> StoreResult<Vec<String>> {
        let mut out = Vec::new();
        let mut stmt = self
            .conn()
            .prepare("SELECT name FROM scenario WHERE updated_at >= ?1 ORDER BY updated_at")?;
        for name in stmt.query_map([since], |r| r.get::<_, String>(0))? {
            out.push(format!("the scenario '{}'", name?));
        }
        let mut stmt = self.conn().prepare(
            "SELECT file_name FROM import_batch WHERE imported_at >= ?1 AND status = 'committed' ORDER BY id",
        )?;
        for file in stmt.query_map([since], |r| r.get::<_, String>(0))? {
            out.push(format!("the import of {}", file?));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_scenario_reopens_with_the_same_parameters() {
        let mut ws = Workspace::in_memory().unwrap();
        let s = Scenario::new(ScenarioKind::Renewal, "Carrier offer");
        let id = ws.save_scenario(&s).unwrap();
        assert_eq!(ws.scenario(id).unwrap().unwrap().scenario, s);
    }

    #[test]
    fn duplicate_and_delete_manage_the_list() {
        let mut ws = Workspace::in_memory().unwrap();
        let id = ws
            .save_scenario(&Scenario::new(ScenarioKind::Renewal, "A"))
            .unwrap();
        let copy = ws.duplicate_scenario(id).unwrap();
        assert_eq!(
            ws.scenario(copy).unwrap().unwrap().scenario.name,
            "A (copy)"
        );
        ws.delete_scenario(id).unwrap();
        let names: Vec<_> = ws
            .scenarios()
            .unwrap()
            .into_iter()
            .map(|s| s.scenario.name)
            .collect();
        assert_eq!(names, vec!["A (copy)"]);
    }

    #[test]
    fn runs_are_logged_per_scenario() {
        let mut ws = Workspace::in_memory().unwrap();
        let id = ws
            .save_scenario(&Scenario::new(ScenarioKind::Renewal, "A"))
            .unwrap();
        ws.log_scenario_run(Some(id), "{}", "{\"x\":1}").unwrap();
        ws.log_scenario_run(Some(id), "{}", "{\"x\":2}").unwrap();
        let runs = ws.scenario_runs(id).unwrap();
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].outputs_json, "{\"x\":2}");
    }
}
