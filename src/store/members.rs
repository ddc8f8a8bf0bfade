//! Paged, sorted, filtered member queries for the Members table (never the whole table at once).

use super::{StoreResult, Workspace};
use rusqlite::types::Value;

/// One row of the Members table, joined with purchaser and plan names.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberRow {
    pub id: i64,
    pub external_id: String,
    pub purchaser: String,
    pub plan: String,
    pub tier: String,
    pub birth_date: String,
    pub sex: String,
    pub zip: String,
    pub annual_salary: Option<f64>,
    pub annual_allowed_claims: Option<f64>,
}

/// A sortable column of the Members table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortColumn {
    ExternalId,
    Purchaser,
    Plan,
    Tier,
    BirthDate,
    Sex,
    Zip,
    Salary,
    Claims,
}

impl SortColumn {
    fn sql(self) -> &'static str {
        match self {
            SortColumn::ExternalId => "m.external_id",
            SortColumn::Purchaser => "pu.name",
            SortColumn::Plan => "pl.code",
            SortColumn::Tier => "m.tier",
            SortColumn::BirthDate => "m.birth_date",
            SortColumn::Sex => "m.sex",
            SortColumn::Zip => "m.zip",
            SortColumn::Salary => "m.annual_salary",
            SortColumn::Claims => "m.annual_allowed_claims",
        }
    }
}

/// Sort order of the Members table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MemberSort {
    pub column: SortColumn,
    pub descending: bool,
}

impl Default for MemberSort {
    fn default() -> Self {
        MemberSort {
            column: SortColumn::ExternalId,
            descending: false,
        }
    }
}

/// Which members to show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct MemberFilter {
    /// Matches the member id, purchaser, plan code or zip (case-insensitive substring).
    pub text: String,
    pub purchaser_id: Option<i64>,
    pub plan_id: Option<i64>,
    pub tier: Option<String>,
}

impl MemberFilter {
    fn where_clause(&self) -> (String, Vec<Value>) {
        let mut parts = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        let text = self.text.trim();
        if !text.is_empty() {
            parts.push(
                "(m.external_id LIKE ?1 OR pu.name LIKE ?1 OR pl.code LIKE ?1 OR pl.name LIKE ?1 OR m.zip LIKE ?1)"
                    .to_string(),
            );
            params.push(Value::Text(format!("%{}%", text.replace(['%', '_'], ""))));
        }
        if let Some(id) = self.purchaser_id {
            params.push(Value::Integer(id));
            parts.push(format!("m.purchaser_id = ?{}", params.len()));
        }
        if let Some(id) = self.plan_id {
            params.push(Value::Integer(id));
            parts.push(format!("m.plan_id = ?{}", params.len()));
        }
        if let Some(tier) = &self.tier {
            params.push(Value::Text(tier.clone()));
            parts.push(format!("m.tier = ?{}", params.len()));
        }
        if parts.is_empty() {
            (String::new(), params)
        } else {
            (format!("WHERE {}", parts.join(" AND ")), params)
        }
    }
}

/// What the Members count panels group by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountBy {
    Purchaser,
    Plan,
    Tier,
}

impl CountBy {
    fn group_sql(self) -> (&'static str, &'static str, &'static str) {
        match self {
            CountBy::Purchaser => ("pu.name", "m.purchaser_id", "count(*) DESC, pu.name"),
            CountBy::Plan => (
                "coalesce(pl.code || ' ' || pl.name, '(no plan)')",
                "m.plan_id",
                "count(*) DESC",
            ),
            CountBy::Tier => (
                "coalesce(m.tier, '(none)')",
                "m.tier",
                "CASE m.tier WHEN 'EE' THEN 1 WHEN 'ES' THEN 2 WHEN 'EC' THEN 3 WHEN 'FAM' THEN 4 ELSE 5 END",
            ),
        }
    }
}

const FROM: &str = "FROM member m JOIN purchaser pu ON pu.id = m.purchaser_id LEFT JOIN plan pl ON pl.id = m.plan_id";

impl Workspace {
    /// How many members match `filter`.
    pub fn member_count(&self, filter: &MemberFilter) -> StoreResult<i64> {
        let (clause, params) = filter.where_clause();
        let sql = format!("SELECT count(*) {FROM} {clause}");
        Ok(self
            .conn()
            .query_row(&sql, rusqlite::params_from_iter(params), |r| r.get(0))?)
    }

    /// Every member in the workspace.
    pub fn member_total(&self) -> StoreResult<i64> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM member", [], |r| r.get(0))?)
    }

    /// Members matching `filter`, counted per purchaser, plan or tier.
    pub fn member_counts(
        &self,
        filter: &MemberFilter,
        by: CountBy,
    ) -> StoreResult<Vec<super::CountRow>> {
        let (clause, params) = filter.where_clause();
        let (label, group, order) = by.group_sql();
        let sql =
            format!("SELECT {label}, count(*) {FROM} {clause} GROUP BY {group} ORDER BY {order}");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
            Ok(super::CountRow {
                label: r.get(0)?,
                count: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Plan ids and codes, by code (for pickers).
    pub fn plan_codes(&self) -> StoreResult<Vec<(i64, String)>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, code FROM plan ORDER BY code")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Up to `limit` members from position `offset` of the filtered, sorted list.
    pub fn member_page(
        &self,
        filter: &MemberFilter,
        sort: MemberSort,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<MemberRow>> {
        let (clause, mut params) = filter.where_clause();
        let dir = if sort.descending { "DESC" } else { "ASC" };
        params.push(Value::Integer(limit));
        let limit_ix = params.len();
        params.push(Value::Integer(offset));
        let offset_ix = params.len();
        let sql = format!(
            "SELECT m.id, m.external_id, pu.name, coalesce(pl.code, ''), coalesce(m.tier, ''),
                    coalesce(m.birth_date, ''), coalesce(m.sex, ''), coalesce(m.zip, ''),
                    m.annual_salary, m.annual_allowed_claims
             {FROM} {clause} ORDER BY {} {dir}, m.id {dir} LIMIT ?{limit_ix} OFFSET ?{offset_ix}",
            sort.column.sql()
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
            Ok(MemberRow {
                id: r.get(0)?,
                external_id: r.get(1)?,
                purchaser: r.get(2)?,
                plan: r.get(3)?,
                tier: r.get(4)?,
                birth_date: r.get(5)?,
                sex: r.get(6)?,
                zip: r.get(7)?,
                annual_salary: r.get(8)?,
                annual_allowed_claims: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
