//! Import history and its SQL: the batch list, undo (with a backup and a preview of what goes),
//! remembered column mappings, look-ups the importer checks rows against, and the census
//! family roll-up.

use super::{StoreError, StoreResult, Workspace, now_iso};
use rusqlite::{OptionalExtension, Transaction};
use serde::Serialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// One committed import, for the history list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchRow {
    pub id: i64,
    pub file_name: String,
    pub sheet: String,
    pub kind: String,
    pub imported_at: String,
    pub row_count: i64,
    pub file_sha256: String,
}

/// What undoing an import removes, table by table (only tables that lose rows).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct UndoImpact {
    pub removed: Vec<(&'static str, i64)>,
}

impl UndoImpact {
    /// "3,000 members, 8 plans and 32 rates", or "nothing" when no row goes.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = self
            .removed
            .iter()
            .map(|(what, n)| format!("{} {what}", crate::format::count(*n)))
            .collect();
        match parts.as_slice() {
            [] => "nothing".to_string(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }

    /// True when the undo removes every purchaser, plan and member the workspace has.
    pub fn total(&self) -> i64 {
        self.removed.iter().map(|(_, n)| n).sum()
    }
}

/// An import that was undone, and where the backup taken first lies.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoneImport {
    pub what: String,
    pub backup: PathBuf,
}

/// Tables an import adds rows to, with their plain names.
const IMPORTED_TABLES: [(&str, &str); 18] = [
    ("purchaser", "purchasers"),
    ("plan", "plans"),
    ("plan_rate", "plan rates"),
    ("member", "members"),
    ("measure", "quality measures"),
    ("measure_result", "measure results"),
    ("provider", "providers"),
    ("service_volume", "service volumes"),
    ("price_tier", "price tiers"),
    ("spend_history", "spend months"),
    ("eligibility", "eligibility spans"),
    ("hospital_price", "hospital prices"),
    ("medicare_rate", "Medicare rates"),
    ("peer", "coalition peers"),
    ("peer_plan", "peer plans"),
    ("claim_line", "claim lines"),
    ("pharmacy_claim", "pharmacy claims"),
    ("claims_cell", "claims summary cells"),
];

/// Rows kept because rows of other imports still use them are detached, not deleted.
const DETACH_SHARED: [&str; 4] = [
    "UPDATE purchaser SET import_batch_id = NULL WHERE import_batch_id = ?1 AND (
        EXISTS (SELECT 1 FROM member m WHERE m.purchaser_id = purchaser.id AND m.import_batch_id IS NOT ?1)
        OR EXISTS (SELECT 1 FROM service_volume s WHERE s.purchaser_id = purchaser.id AND s.import_batch_id IS NOT ?1)
        OR EXISTS (SELECT 1 FROM spend_history s WHERE s.purchaser_id = purchaser.id AND s.import_batch_id IS NOT ?1)
        OR EXISTS (SELECT 1 FROM eligibility e WHERE e.purchaser_id = purchaser.id AND e.import_batch_id IS NOT ?1)
        OR EXISTS (SELECT 1 FROM claims_cell c WHERE c.purchaser_id = purchaser.id AND c.import_batch_id IS NOT ?1))",
    "UPDATE plan SET import_batch_id = NULL WHERE import_batch_id = ?1 AND (
        EXISTS (SELECT 1 FROM member m WHERE m.plan_id = plan.id AND m.import_batch_id IS NOT ?1)
        OR EXISTS (SELECT 1 FROM plan_rate r WHERE r.plan_id = plan.id AND r.import_batch_id IS NOT ?1))",
    "UPDATE measure SET import_batch_id = NULL WHERE import_batch_id = ?1 AND
        EXISTS (SELECT 1 FROM measure_result r WHERE r.measure_id = measure.id AND r.import_batch_id IS NOT ?1)",
    "UPDATE provider SET import_batch_id = NULL WHERE import_batch_id = ?1 AND (
        EXISTS (SELECT 1 FROM measure_result r WHERE r.entity_kind = 'provider' AND r.entity_id = provider.id AND r.import_batch_id IS NOT ?1)
        OR EXISTS (SELECT 1 FROM hospital_price h WHERE h.provider_id = provider.id AND h.import_batch_id IS NOT ?1))",
];

impl Workspace {
    /// Every import, newest first.
    pub fn import_history(&self) -> StoreResult<Vec<BatchRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, file_name, coalesce(sheet,''), kind, imported_at, row_count, file_sha256
             FROM import_batch ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(BatchRow {
                id: r.get(0)?,
                file_name: r.get(1)?,
                sheet: r.get(2)?,
                kind: r.get(3)?,
                imported_at: r.get(4)?,
                row_count: r.get(5)?,
                file_sha256: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The imported files (name, SHA-256) behind one purchaser's figures: files that brought
    /// its members, and files that brought no members at all (plans, rates, quality). Other
    /// purchasers' censuses and received share packages are left out.
    pub fn sources_for_purchaser(&self, purchaser_id: i64) -> StoreResult<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT b.file_name, b.file_sha256 FROM import_batch b
             WHERE b.kind != 'share_package'
               AND (EXISTS (SELECT 1 FROM member m
                            WHERE m.import_batch_id = b.id AND m.purchaser_id = ?1)
                    OR NOT EXISTS (SELECT 1 FROM member m WHERE m.import_batch_id = b.id))
             ORDER BY b.id",
        )?;
        let rows = stmt.query_map([purchaser_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// What undoing `batch_id` would remove, found by running the undo and rolling it back.
    pub fn undo_import_impact(&mut self, batch_id: i64) -> StoreResult<UndoImpact> {
        let tx = self.conn.transaction()?;
        let impact = undo_counting(&tx, batch_id)?;
        tx.rollback()?;
        Ok(impact)
    }

    /// Undoes an import after writing a backup of the workspace beside it: deletes its batch
    /// and every row it added; purchasers, plans, measures and providers that other imports'
    /// rows still use are kept (detached).
    pub fn undo_import(&mut self, batch_id: i64) -> StoreResult<UndoneImport> {
        // An unknown batch is refused before a backup is written for nothing.
        let known: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM import_batch WHERE id = ?1)",
            [batch_id],
            |r| r.get(0),
        )?;
        if !known {
            return Err(StoreError::NoSuchImport(batch_id));
        }
        let backup = self.backup("before-undo")?;
        let impact = self.write(|tx| undo_counting(tx, batch_id))?;
        Ok(UndoneImport {
            what: impact.describe(),
            backup,
        })
    }

    /// Replaces the whole content of the workspace with `backup` (one SQLite backup step).
    pub fn restore_from(&mut self, backup: &Path) -> StoreResult<()> {
        if let Some(key) = self.key.clone() {
            return self.restore_encrypted(backup, &key);
        }
        super::check_is_ours(backup)?;
        self.conn.restore(
            rusqlite::MAIN_DB,
            backup,
            None::<fn(rusqlite::backup::Progress)>,
        )?;
        Ok(())
    }

    /// The mapping saved for this header set, if the user corrected one before.
    pub fn remembered_mapping_json(&self, header_key: &str) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT mapping_json FROM import_mapping WHERE header_key = ?1",
                [header_key],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Codes or names already in a table the importer checks references against.
    pub fn known_keys(&self, of: KnownKeys) -> StoreResult<HashSet<String>> {
        let sql = match of {
            KnownKeys::PlanCodes => "SELECT code FROM plan",
            KnownKeys::ProviderNames => "SELECT name FROM provider",
            KnownKeys::MeasureCodes => "SELECT code FROM measure",
        };
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The newest import of the same file contents and sheet, if any.
    pub fn previous_import_of(&self, sha256: &str, sheet: &str) -> StoreResult<Option<i64>> {
        Ok(self.conn.query_row(
            "SELECT max(id) FROM import_batch WHERE file_sha256 = ?1 AND sheet IS ?2",
            (sha256, sheet),
            |r| r.get(0),
        )?)
    }
}

/// The first other import of a file with this sha256, inside the transaction writing `batch`
/// (a streamed file's hash is known only once it has been read).
pub fn earlier_import_of(
    tx: &Transaction,
    sha256: &str,
    batch: i64,
) -> rusqlite::Result<Option<i64>> {
    tx.query_row(
        "SELECT id FROM import_batch WHERE file_sha256 = ?1 AND id != ?2 ORDER BY id LIMIT 1",
        rusqlite::params![sha256, batch],
        |r| r.get(0),
    )
    .optional()
}

/// Which set of existing keys to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KnownKeys {
    PlanCodes,
    ProviderNames,
    MeasureCodes,
}

/// Saves the user's corrected mapping for a header set (inside the import's transaction).
pub fn remember_mapping(
    tx: &Transaction,
    header_key: &str,
    kind: &str,
    mapping_json: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO import_mapping(header_key, kind, mapping_json, updated_at) VALUES (?1,?2,?3,?4)
         ON CONFLICT(header_key) DO UPDATE SET kind = excluded.kind, mapping_json = excluded.mapping_json, updated_at = excluded.updated_at",
        (header_key, kind, mapping_json, now_iso()),
    )?;
    Ok(())
}

/// Sets each subscriber's tier (where its row gave none) from the family it heads.
pub fn set_family_tiers<'a>(
    tx: &Transaction,
    batch: i64,
    tiers: impl Iterator<Item = (&'a str, &'static str)>,
) -> rusqlite::Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE family_tier(external_id TEXT PRIMARY KEY, tier TEXT NOT NULL)",
    )?;
    {
        let mut insert = tx.prepare("INSERT INTO temp.family_tier VALUES (?1, ?2)")?;
        for (id, tier) in tiers {
            insert.execute((id, tier))?;
        }
    }
    tx.execute(
        "UPDATE member SET tier = (SELECT f.tier FROM temp.family_tier f WHERE f.external_id = member.external_id)
         WHERE import_batch_id = ?1 AND tier IS NULL",
        [batch],
    )?;
    tx.execute_batch("DROP TABLE temp.family_tier")
}

/// Drops the member indexes that are cheaper to rebuild once after a large load.
pub fn drop_member_indexes(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(super::schema::DROP_MEMBER_INDEXES)
}

/// Rebuilds the member indexes after a large load.
pub fn create_member_indexes(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(super::schema::CREATE_MEMBER_INDEXES)
}

fn undo_in(tx: &Transaction, batch_id: i64) -> StoreResult<()> {
    for sql in DETACH_SHARED {
        tx.execute(sql, [batch_id])?;
    }
    // Results are not tied to provider or plan rows by a foreign key: remove them explicitly.
    tx.execute("DELETE FROM measure_result WHERE entity_kind = 'provider' AND entity_id IN (SELECT id FROM provider WHERE import_batch_id = ?1)", [batch_id])?;
    tx.execute("DELETE FROM measure_result WHERE entity_kind = 'plan' AND entity_id IN (SELECT id FROM plan WHERE import_batch_id = ?1)", [batch_id])?;
    // Claim lines carry no foreign key (a bulk load pays for none): removed by batch here, and
    // with a purchaser that goes with its batch.
    tx.execute("DELETE FROM claim_line WHERE import_batch_id = ?1 OR purchaser_id IN (SELECT id FROM purchaser WHERE import_batch_id = ?1)", [batch_id])?;
    tx.execute("DELETE FROM pharmacy_claim WHERE import_batch_id = ?1 OR purchaser_id IN (SELECT id FROM purchaser WHERE import_batch_id = ?1)", [batch_id])?;
    // Members' yearly totals hold every import's part: this batch's is taken off.
    tx.execute(
        "UPDATE claims_member_total SET allowed_amount = claims_member_total.allowed_amount - y.allowed,
           paid_amount = claims_member_total.paid_amount - y.paid
         FROM (SELECT purchaser_id, member_external_id, year, sum(allowed_amount) AS allowed,
               sum(paid_amount) AS paid FROM claims_member_year WHERE import_batch_id = ?1
               GROUP BY 1, 2, 3) AS y
         WHERE claims_member_total.purchaser_id = y.purchaser_id
           AND claims_member_total.member_external_id = y.member_external_id
           AND claims_member_total.year = y.year",
        [batch_id],
    )?;
    tx.execute(
        "DELETE FROM claims_member_total WHERE abs(allowed_amount) < 0.005 AND abs(paid_amount) < 0.005",
        [],
    )?;
    let n = tx.execute("DELETE FROM import_batch WHERE id = ?1", [batch_id])?;
    if n == 0 {
        return Err(StoreError::NoSuchImport(batch_id));
    }
    Ok(())
}

/// Undoes the batch inside `tx` and counts, table by table, the rows it removed.
fn undo_counting(tx: &Transaction, batch_id: i64) -> StoreResult<UndoImpact> {
    let before = table_counts(tx)?;
    undo_in(tx, batch_id)?;
    let after = table_counts(tx)?;
    let removed = IMPORTED_TABLES
        .iter()
        .zip(before.iter().zip(after))
        .filter(|(_, (b, a))| **b > *a)
        .map(|((_, plain), (b, a))| (*plain, b - a))
        .collect();
    Ok(UndoImpact { removed })
}

fn table_counts(tx: &Transaction) -> StoreResult<Vec<i64>> {
    IMPORTED_TABLES
        .iter()
        .map(|(table, _)| {
            Ok(tx.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::protect::backup_path;

    #[test]
    fn backup_lies_beside_the_workspace() {
        let p = backup_path(
            Path::new("/data/coalition.adesk"),
            "before-undo",
            "20261126-0100",
        );
        assert_eq!(
            p,
            Path::new("/data/coalition.before-undo-20261126-0100.adesk")
        );
    }

    #[test]
    fn impact_reads_as_a_list() {
        let impact = UndoImpact {
            removed: vec![("members", 3000), ("plans", 8), ("plan rates", 32)],
        };
        assert_eq!(
            impact.describe(),
            "3,000 members, 8 plans and 32 plan rates"
        );
        assert_eq!(UndoImpact::default().describe(), "nothing");
    }
}
