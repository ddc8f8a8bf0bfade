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

/// Rows the Members table reads at a time (a page is read by id, wherever it is).
pub const MEMBER_PAGE_ROWS: usize = 200;

impl SortColumn {
    /// Every sortable column, in the table's order.
    pub const ALL: [SortColumn; 9] = [
        SortColumn::ExternalId,
        SortColumn::Purchaser,
        SortColumn::Plan,
        SortColumn::Tier,
        SortColumn::BirthDate,
        SortColumn::Sex,
        SortColumn::Zip,
        SortColumn::Salary,
        SortColumn::Claims,
    ];

    /// The column's heading in the Members table.
    pub fn label(self) -> &'static str {
        match self {
            SortColumn::ExternalId => "Member ID",
            SortColumn::Purchaser => "Purchaser",
            SortColumn::Plan => "Plan",
            SortColumn::Tier => "Tier",
            SortColumn::BirthDate => "Birth date",
            SortColumn::Sex => "Sex",
            SortColumn::Zip => "ZIP",
            SortColumn::Salary => "Salary",
            SortColumn::Claims => "Allowed claims",
        }
    }

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
    /// The member column counted by, the label of a group `g` (with `g.k` the key and `g.n`
    /// the count), the join that names it, and the order of the groups.
    fn group_sql(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            CountBy::Purchaser => (
                "m.purchaser_id",
                "pu.name",
                "JOIN purchaser pu ON pu.id = g.k",
                "g.n DESC, pu.name",
            ),
            CountBy::Plan => (
                "m.plan_id",
                "coalesce(pl.code || ' ' || pl.name, '(no plan)')",
                "LEFT JOIN plan pl ON pl.id = g.k",
                "g.n DESC",
            ),
            CountBy::Tier => (
                "m.tier",
                "coalesce(g.k, '(none)')",
                "",
                "CASE g.k WHEN 'EE' THEN 1 WHEN 'ES' THEN 2 WHEN 'EC' THEN 3 WHEN 'FAM' THEN 4 ELSE 5 END",
            ),
        }
    }
}

const FROM: &str = "FROM member m JOIN purchaser pu ON pu.id = m.purchaser_id LEFT JOIN plan pl ON pl.id = m.plan_id";

impl MemberFilter {
    /// The joins a filter needs: purchaser and plan names only for a text search (a join per
    /// member row costs a second at a million members).
    fn from(&self) -> &'static str {
        if self.text.trim().is_empty() {
            "FROM member m"
        } else {
            FROM
        }
    }
}

impl Workspace {
    /// How many members match `filter`.
    pub fn member_count(&self, filter: &MemberFilter) -> StoreResult<i64> {
        let (clause, params) = filter.where_clause();
        let sql = format!("SELECT count(*) {} {clause}", filter.from());
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
        let (key, label, names, order) = by.group_sql();
        let from = filter.from();
        let sql = format!(
            "SELECT {label}, g.n FROM (SELECT {key} AS k, count(*) AS n {from} {clause} GROUP BY {key}) g
             {names} ORDER BY {order}"
        );
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

    /// The ids of every member matching `filter`, in `sort` order (ties by id). The Members
    /// table computes this once per sort or filter, off the UI thread for a large workspace,
    /// and then reads any page by id, so a page halfway down costs what the first one does.
    pub fn member_order(&self, filter: &MemberFilter, sort: MemberSort) -> StoreResult<Vec<i64>> {
        let (clause, params) = filter.where_clause();
        let dir = if sort.descending { "DESC" } else { "ASC" };
        // The joins are needed only to filter or sort by a purchaser or plan name.
        let needs_join = matches!(sort.column, SortColumn::Purchaser | SortColumn::Plan);
        let from = if needs_join { FROM } else { filter.from() };
        let sql = format!(
            "SELECT m.id {from} {clause} ORDER BY {} {dir}, m.id {dir}",
            sort.column.sql()
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let ids = stmt.query_map(rusqlite::params_from_iter(params), |r| r.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// The members with these ids, in the order given (ids no longer present are skipped).
    pub fn members_by_id(&self, ids: &[i64]) -> StoreResult<Vec<MemberRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // Integers only, so writing them into the statement is safe; one statement per page.
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = format!(
            "SELECT m.id, m.external_id, pu.name, coalesce(pl.code, ''), coalesce(m.tier, ''),
                    coalesce(m.birth_date, ''), coalesce(m.sex, ''), coalesce(m.zip, ''),
                    m.annual_salary, m.annual_allowed_claims
             {FROM} WHERE m.id IN ({list})"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map([], member_row)?;
        let mut by_id: std::collections::HashMap<i64, MemberRow> = rows
            .map(|r| r.map(|m| (m.id, m)))
            .collect::<Result<_, _>>()?;
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// Up to `limit` members from position `offset` of the filtered, sorted list (one query;
    /// fine for the first pages, linear in `offset` beyond them: the table uses
    /// [`Workspace::member_order`]).
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
        let rows = stmt.query_map(rusqlite::params_from_iter(params), member_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn member_row(r: &rusqlite::Row) -> rusqlite::Result<MemberRow> {
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
}
