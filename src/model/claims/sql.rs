//! The claims summary as one SQL query for an engine that holds the claims where they live
//! (DuckDB, Spark SQL, Databricks): the same categories, plan attribution, events and member
//! months as the import computes, over Parquet files with the workspace's column names
//! (`export-parquet`). Its rows (`row_kind` cell, member_months, member_year) import back as a
//! claims summary.

/// The SQL dialects the query is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "desktop", derive(clap::ValueEnum))]
pub enum Dialect {
    Duckdb,
    Spark,
}

impl Dialect {
    fn table(self, input: &str, name: &str) -> String {
        let path = format!("{}/{name}*.parquet", input.trim_end_matches('/'));
        let path = path.replace('\'', "''");
        match self {
            Dialect::Duckdb => format!("read_parquet('{path}')"),
            Dialect::Spark => format!("parquet.`{}`", path.replace('`', "")),
        }
    }

    fn month_text(self, d: &str) -> String {
        match self {
            Dialect::Duckdb => format!("strftime({d}, '%Y-%m')"),
            Dialect::Spark => format!("date_format({d}, 'yyyy-MM')"),
        }
    }

    fn month_start(self, d: &str) -> String {
        match self {
            Dialect::Duckdb => format!("CAST(date_trunc('month', {d}) AS DATE)"),
            Dialect::Spark => format!("trunc({d}, 'MM')"),
        }
    }

    fn next_month(self, d: &str) -> String {
        match self {
            Dialect::Duckdb => format!("CAST({d} + INTERVAL 1 MONTH AS DATE)"),
            Dialect::Spark => format!("add_months({d}, 1)"),
        }
    }

    /// One row per month start from `a` to `b` (both month starts, `a <= b`), named `m`.
    fn months_between(self, a: &str, b: &str) -> String {
        match self {
            Dialect::Duckdb => format!(
                "CAST(unnest(generate_series(CAST({a} AS TIMESTAMP), CAST({b} AS TIMESTAMP), INTERVAL 1 MONTH)) AS DATE) AS m"
            ),
            Dialect::Spark => format!("explode(sequence({a}, {b}, interval 1 month)) AS m"),
        }
    }
}

/// `coalesce(trim(x), '')`.
fn t(column: &str) -> String {
    format!("coalesce(trim({column}), '')")
}

/// DESIGN §4.10's categories as a CASE over a claim line (mirrors `categorize`).
fn category_case() -> String {
    let claim_type = t("claim_type");
    let bill = t("bill_type");
    let rev = t("revenue_code");
    let list = |values: &[&str]| {
        values
            .iter()
            .map(|v| format!("'{v}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let institutional = format!(
        "(CASE WHEN lower({claim_type}) IN ({}) THEN true WHEN lower({claim_type}) IN ({}) THEN false ELSE ({bill} <> '' OR {rev} <> '') END)",
        list(&super::INSTITUTIONAL_TYPES),
        list(&super::PROFESSIONAL_TYPES)
    );
    let bill_digits = format!(
        "(CASE WHEN length({bill}) = 4 AND substr({bill}, 1, 1) = '0' THEN substr({bill}, 2) ELSE {bill} END)"
    );
    let emergency_revenue = format!(
        "(CASE WHEN length({rev}) = 3 THEN ({rev} LIKE '45%' OR {rev} = '981') ELSE ({rev} LIKE '045%' OR {rev} = '0981') END)"
    );
    format!(
        "CASE
        WHEN {institutional} AND ({bill_digits} LIKE '11%' OR {bill_digits} LIKE '12%' OR {drg} <> '') THEN 'inpatient'
        WHEN {emergency_revenue} OR {pos} = '23' OR {hcpcs} IN ('99281', '99282', '99283', '99284', '99285') THEN 'emergency'
        WHEN {institutional} THEN 'outpatient'
        ELSE 'professional' END",
        drg = t("drg_code"),
        pos = t("place_of_service"),
        hcpcs = t("hcpcs_code"),
    )
}

/// The summary query over `input`, a folder (or prefix) holding `claim_line*.parquet`,
/// `pharmacy_claim*.parquet` and `eligibility*.parquet`. Members' years are listed when their
/// allowed claims exceed `claimant_threshold_usd`.
pub fn summary_query(dialect: Dialect, input: &str, claimant_threshold_usd: f64) -> String {
    let tables = Tables {
        claim_line: dialect.table(input, "claim_line"),
        pharmacy_claim: dialect.table(input, "pharmacy_claim"),
        eligibility: dialect.table(input, "eligibility"),
    };
    summary_query_over(dialect, &tables, claimant_threshold_usd)
}

/// Where the three inputs come from: table names or table expressions (a parenthesised
/// SELECT) with the workspace's column names and a `purchaser` name.
pub struct Tables {
    pub claim_line: String,
    pub pharmacy_claim: String,
    pub eligibility: String,
}

/// The summary query over any three table expressions.
pub fn summary_query_over(
    dialect: Dialect,
    tables: &Tables,
    claimant_threshold_usd: f64,
) -> String {
    let d = dialect;
    let month = |col: &str| d.month_text(col);
    format!(
        "-- Alliance Desk claims summary ({dialect:?} dialect): categories, events and member months
-- as DESIGN §4.10 defines them. Save the result as CSV or Parquet and import it back.
WITH lines AS (
  SELECT purchaser, member_external_id AS member, claim_id,
    CAST(start_date AS DATE) AS service_date,
    least(CAST(coalesce(admission_date, start_date) AS DATE), CAST(start_date AS DATE)) AS admit_date,
    coalesce(allowed_amount, 0) AS allowed, coalesce(paid_amount, 0) AS paid,
    {category} AS category
  FROM {claim_line}
),
fills AS (
  SELECT purchaser, member_external_id AS member, CAST(fill_date AS DATE) AS service_date,
    coalesce(allowed_amount, 0) AS allowed, coalesce(paid_amount, 0) AS paid
  FROM {pharmacy_claim}
),
spans AS (
  SELECT purchaser, member_external_id AS member, plan_code,
    CAST(start_date AS DATE) AS s, CAST(end_date AS DATE) AS e
  FROM {eligibility}
),
admissions AS (
  SELECT purchaser, claim_id, min(member) AS member, min(admit_date) AS service_date
  FROM lines WHERE category = 'inpatient' GROUP BY purchaser, claim_id
),
er_visits AS (
  SELECT DISTINCT purchaser, member, service_date FROM lines WHERE category = 'emergency'
),
member_days AS (
  SELECT DISTINCT purchaser, member, service_date FROM (
    SELECT purchaser, member, service_date FROM lines
    UNION ALL SELECT purchaser, member, service_date FROM admissions
    UNION ALL SELECT purchaser, member, service_date FROM fills) x
),
day_plan AS (
  SELECT md.purchaser, md.member, md.service_date, coalesce(min(sp.plan_code), '') AS plan_code
  FROM member_days md LEFT JOIN spans sp
    ON sp.purchaser = md.purchaser AND sp.member = md.member
    AND sp.s <= md.service_date AND (sp.e IS NULL OR md.service_date <= sp.e)
  GROUP BY md.purchaser, md.member, md.service_date
),
parts AS (
  SELECT purchaser, member, service_date, category, allowed, paid, 1 AS lines,
    CASE WHEN category IN ('outpatient', 'professional') THEN 1 ELSE 0 END AS events FROM lines
  UNION ALL SELECT purchaser, member, service_date, 'emergency', 0, 0, 0, 1 FROM er_visits
  UNION ALL SELECT purchaser, member, service_date, 'inpatient', 0, 0, 0, 1 FROM admissions
  UNION ALL SELECT purchaser, member, service_date, 'pharmacy', allowed, paid, 1, 1 FROM fills
),
cells AS (
  SELECT p.purchaser, dp.plan_code, {part_month} AS month, p.category,
    sum(p.allowed) AS allowed_amount, sum(p.paid) AS paid_amount,
    sum(p.lines) AS lines, sum(p.events) AS events
  FROM parts p JOIN day_plan dp
    ON dp.purchaser = p.purchaser AND dp.member = p.member AND dp.service_date = p.service_date
  GROUP BY p.purchaser, dp.plan_code, {part_month}, p.category
),
bounds AS (
  SELECT {lo} AS lo, {hi} AS hi FROM parts
),
span_months AS (
  SELECT purchaser, plan_code, {months} FROM (
    SELECT sp.purchaser, sp.plan_code,
      greatest(CASE WHEN dayofmonth(sp.s) = 1 THEN sp.s ELSE {after_start} END, b.lo) AS a,
      least({end_month}, b.hi) AS b
    FROM spans sp CROSS JOIN bounds b) r
  WHERE a <= b
),
member_years AS (
  SELECT purchaser, member, year(service_date) AS year, sum(allowed) AS allowed, sum(paid) AS paid
  FROM (SELECT purchaser, member, service_date, allowed, paid FROM lines
        UNION ALL SELECT purchaser, member, service_date, allowed, paid FROM fills) x
  GROUP BY purchaser, member, year(service_date)
)
SELECT 'cell' AS row_kind, purchaser, plan_code, month, category AS service_category,
  allowed_amount, paid_amount, lines, events,
  CAST(NULL AS STRING) AS member_external_id, CAST(NULL AS INTEGER) AS year, CAST(NULL AS DOUBLE) AS member_months
FROM cells
UNION ALL
SELECT 'member_months', purchaser, plan_code, {mm_month}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, CAST(count(*) AS DOUBLE)
FROM span_months GROUP BY purchaser, plan_code, {mm_month}
UNION ALL
SELECT 'member_year', purchaser, NULL, NULL, NULL, allowed, paid, NULL, NULL, member, year, NULL
FROM member_years WHERE allowed > {threshold}
",
        category = category_case(),
        claim_line = tables.claim_line,
        pharmacy_claim = tables.pharmacy_claim,
        eligibility = tables.eligibility,
        part_month = month("p.service_date"),
        lo = d.month_start("min(service_date)"),
        hi = d.month_start("max(service_date)"),
        months = d.months_between("a", "b"),
        after_start = d.next_month(&d.month_start("sp.s")),
        end_month = d.month_start("coalesce(sp.e, b.hi)"),
        mm_month = month("m"),
        threshold = claimant_threshold_usd,
    )
}
