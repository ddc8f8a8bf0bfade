//! Workspace tables read whole for export, by their DESIGN.md names.

use super::{StoreError, StoreResult, Workspace};
use crate::table::Table;
use rusqlite::types::ValueRef;

/// The tables a user may export, by their public names.
pub const EXPORTABLE: [&str; 25] = [
    "purchaser",
    "plan",
    "plan_rate",
    "member",
    "measure",
    "measure_result",
    "provider",
    "service_volume",
    "price_tier",
    "spend_history",
    "eligibility",
    "hospital_price",
    "scenario",
    "scenario_run",
    "import_batch",
    "peer",
    "peer_plan",
    "peer_plan_tier",
    "peer_hospital",
    "medicare_rate",
    "claim_line",
    "pharmacy_claim",
    "claims_cell",
    "claims_member_year",
    "claims_member_month",
];

/// The query an export of `table` reads: the table, with the purchaser's name beside a
/// `purchaser_id` (what an engine groups by); `table` is one of `EXPORTABLE`, never user text.
fn export_sql(table: &str, keyed: bool) -> String {
    if keyed {
        format!("SELECT t.*, p.name FROM {table} t LEFT JOIN purchaser p ON p.id = t.purchaser_id")
    } else {
        format!("SELECT * FROM {table}")
    }
}

impl Workspace {
    /// The columns an export of `table` gives, each with its declared type: the table's own,
    /// then `purchaser` (the name, TEXT) when the table is keyed by purchaser.
    pub fn export_columns(&self, table: &str) -> StoreResult<Vec<(String, String)>> {
        if !EXPORTABLE.contains(&table) {
            return Err(StoreError::UnknownTable(table.to_string()));
        }
        let mut stmt = self
            .conn()
            .prepare(&format!("PRAGMA table_info({table})"))?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        let mut columns = rows.collect::<Result<Vec<_>, _>>()?;
        if columns.iter().any(|(c, _)| c == "purchaser_id") {
            columns.push(("purchaser".into(), "TEXT".into()));
        }
        Ok(columns)
    }

    /// Hands every row of `table`, in `export_columns`' order, to `each` (streamed: a table of
    /// millions of claim lines is never held whole).
    pub fn for_each_export_row<E: From<StoreError>>(
        &self,
        table: &str,
        each: &mut dyn FnMut(&rusqlite::Row) -> Result<(), E>,
    ) -> Result<(), E> {
        let keyed = self
            .export_columns(table)?
            .iter()
            .any(|(c, _)| c == "purchaser_id");
        let mut stmt = self
            .conn()
            .prepare(&export_sql(table, keyed))
            .map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            each(r)?;
        }
        Ok(())
    }

    /// Every row of a workspace table as text, numbers as SQLite stores them.
    pub fn export_table(&self, name: &str) -> StoreResult<Table> {
        if !EXPORTABLE.contains(&name) {
            return Err(StoreError::UnknownTable(name.to_string()));
        }
        // The name is one of the fixed list above, never user text, so it can be spliced in.
        let mut stmt = self.conn().prepare(&format!("SELECT * FROM {name}"))?;
        let headers: Vec<String> = stmt.column_names().map(str::to_string).collect();
        let width = headers.len();
        let rows = stmt.query_map([], |r| {
            (0..width)
                .map(|i| {
                    Ok(match r.get_ref(i)? {
                        ValueRef::Null => String::new(),
                        ValueRef::Integer(n) => n.to_string(),
                        ValueRef::Real(x) => x.to_string(),
                        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                        ValueRef::Blob(b) => format!("({} bytes)", b.len()),
                    })
                })
                .collect::<rusqlite::Result<Vec<String>>>()
        })?;
        Ok(Table {
            headers,
            rows: rows.collect::<Result<_, _>>()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workspace_table_exports_with_its_column_names() {
        let mut ws = Workspace::in_memory().unwrap();
        crate::generate::fill_workspace(
            &mut ws,
            crate::generate::GenerateOptions {
                members: 5,
                seed: 1,
            },
        )
        .unwrap();
        let t = ws.export_table("plan").unwrap();
        assert_eq!(t.headers[1], "code");
        assert_eq!(t.rows.len(), 8);
    }

    #[test]
    fn an_unknown_table_is_refused() {
        let ws = Workspace::in_memory().unwrap();
        assert!(matches!(
            ws.export_table("sqlite_master"),
            Err(StoreError::UnknownTable(_))
        ));
    }
}
