//! Workspace summary: the counts the left panel and `alliance-desk info` show.

use super::{StoreResult, Workspace};
use serde::Serialize;

/// Counts of everything in a workspace.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub name: String,
    pub schema_version: i32,
    pub purchasers: i64,
    pub plans: i64,
    pub members: i64,
    pub providers: i64,
    pub measures: i64,
    pub measure_results: i64,
    pub service_volumes: i64,
    pub price_tiers: i64,
    pub spend_months: i64,
    pub imports: i64,
    pub scenarios: i64,
    pub scenario_runs: i64,
}

/// A labelled count, e.g. members of one purchaser.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountRow {
    pub label: String,
    pub count: i64,
}

impl Workspace {
    /// Counts of every table the user cares about.
    pub fn summary(&self) -> StoreResult<Summary> {
        let count = |table: &str| -> StoreResult<i64> {
            Ok(self
                .conn()
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        let name: String = self.conn().query_row(
            "SELECT coalesce((SELECT value FROM workspace_info WHERE key = 'name'), '')",
            [],
            |r| r.get(0),
        )?;
        Ok(Summary {
            name,
            schema_version: self.schema_version()?,
            purchasers: count("purchaser")?,
            plans: count("plan")?,
            members: count("member")?,
            providers: count("provider")?,
            measures: count("measure")?,
            measure_results: count("measure_result")?,
            service_volumes: count("service_volume")?,
            price_tiers: count("price_tier")?,
            spend_months: count("spend_history")?,
            imports: count("import_batch")?,
            scenarios: count("scenario")?,
            scenario_runs: count("scenario_run")?,
        })
    }

    /// Purchaser names and ids, by name.
    pub fn purchasers(&self) -> StoreResult<Vec<(i64, String, String)>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, name, kind FROM purchaser ORDER BY name")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Purchaser ids and names, by name (for pickers).
    pub fn purchaser_names(&self) -> StoreResult<Vec<(i64, String)>> {
        Ok(self
            .purchasers()?
            .into_iter()
            .map(|(id, name, _)| (id, name))
            .collect())
    }
}
