//! A digest of a workspace's data by natural keys (names, codes), independent of row ids,
//! batch ids and timestamps: two workspaces with the same data have the same fingerprint.

use super::{StoreResult, Workspace};
use crate::format::hex;
use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

/// Natural-key dumps of every data table, in a fixed order: every column but row ids, batch
/// ids and the time a package arrived (references by id are dumped as the names they point
/// to). A test holds every table of the schema to this.
const DUMPS: &[(&str, &str)] = &[
    (
        "purchaser",
        "SELECT name, kind FROM purchaser ORDER BY name",
    ),
    (
        "plan",
        "SELECT code, name, carrier, plan_type, network, year, deductible_individual, deductible_family, coinsurance, oop_max_individual, oop_max_family, pcp_copay, specialist_copay, er_copay, actuarial_value, hsa_eligible, rx_deductible_individual, rx_deductible_family, rx_coinsurance, dental_only, metal_level, hsa_hra_funding, copays_after_deductible, generic_drug_copay, free_primary_care_visits FROM plan ORDER BY code",
    ),
    (
        "plan_rate",
        "SELECT p.code, r.year, r.tier, r.monthly_premium, r.employer_monthly FROM plan_rate r JOIN plan p ON p.id = r.plan_id ORDER BY 1, 2, 3",
    ),
    (
        "member",
        "SELECT m.external_id, pu.name, pl.code, m.tier, m.birth_date, m.sex, m.zip, m.hire_date, m.annual_salary, m.annual_allowed_claims FROM member m JOIN purchaser pu ON pu.id = m.purchaser_id LEFT JOIN plan pl ON pl.id = m.plan_id ORDER BY 1, 2",
    ),
    (
        "measure",
        "SELECT code, name, domain, higher_is_better, weight, unit, floor FROM measure ORDER BY code",
    ),
    (
        "provider",
        "SELECT name, system, kind, region, npi, state, cbsa, wage_index FROM provider ORDER BY name",
    ),
    (
        "measure_result",
        "SELECT r.entity_kind, coalesce(p.code, v.name), m.code, r.year, r.value, r.denominator FROM measure_result r JOIN measure m ON m.id = r.measure_id LEFT JOIN plan p ON r.entity_kind = 'plan' AND p.id = r.entity_id LEFT JOIN provider v ON r.entity_kind = 'provider' AND v.id = r.entity_id ORDER BY 1, 2, 3, 4",
    ),
    (
        "service_volume",
        "SELECT pu.name, s.service_code, s.year, s.annual_volume, s.current_unit_price FROM service_volume s JOIN purchaser pu ON pu.id = s.purchaser_id ORDER BY 1, 2, 3",
    ),
    (
        "price_tier",
        "SELECT schedule, service_code, min_volume, unit_price FROM price_tier ORDER BY 1, 2, 3",
    ),
    (
        "spend_history",
        "SELECT pu.name, s.year, s.month, s.member_months, s.medical_paid, s.rx_paid FROM spend_history s JOIN purchaser pu ON pu.id = s.purchaser_id ORDER BY 1, 2, 3",
    ),
    (
        "eligibility",
        "SELECT pu.name, e.member_external_id, e.plan_code, e.start_date, e.end_date, e.tier FROM eligibility e JOIN purchaser pu ON pu.id = e.purchaser_id ORDER BY 1, 2, 4, 3",
    ),
    (
        "hospital_price",
        "SELECT v.name, h.code, h.code_type, h.setting, h.payer, h.plan, h.negotiated_dollar, h.negotiated_percentage, h.methodology, h.count, h.gross_charge, h.cash_price, h.description, h.codes, h.modifiers, h.algorithm FROM hospital_price h JOIN provider v ON v.id = h.provider_id ORDER BY 1, 2, 5, 6, 4, 13, 7",
    ),
    (
        "peer",
        "SELECT name, format, sent_at FROM peer ORDER BY name",
    ),
    (
        "peer_plan",
        "SELECT p.name, x.plan_code, x.plan_name, x.carrier, x.metal_level, x.enrolled, x.premium_pmpm, x.employer_share, x.spend_pmpm, x.deductible, x.oop_max, x.actuarial_value, x.quality_composite FROM peer_plan x JOIN peer p ON p.id = x.peer_id ORDER BY 1, 2",
    ),
    (
        "peer_plan_tier",
        "SELECT p.name, x.plan_code, x.tier, x.enrolled, x.monthly_premium, x.employer_monthly FROM peer_plan_tier x JOIN peer p ON p.id = x.peer_id ORDER BY 1, 2, 3",
    ),
    (
        "medicare_rate",
        "SELECT schedule, year, code, modifier, locality, setting, amount, status, work_rvu, pe_nonfacility_rvu, pe_facility_rvu, mp_rvu, conversion_factor, relative_weight FROM medicare_rate ORDER BY 1, 2, 3, 4",
    ),
    (
        "claim_line",
        "SELECT pu.name, c.claim_id, c.line_number, c.claim_type, c.member_external_id, c.start_date, c.end_date, c.admission_date, c.discharge_date, c.place_of_service, c.bill_type, c.revenue_code, c.hcpcs_code, c.drg_code, c.provider_npi, c.allowed_amount, c.paid_amount, c.service_category FROM claim_line c JOIN purchaser pu ON pu.id = c.purchaser_id ORDER BY 1, 2, 3, 6, 16",
    ),
    (
        "pharmacy_claim",
        "SELECT pu.name, c.claim_id, c.member_external_id, c.fill_date, c.ndc_code, c.allowed_amount, c.paid_amount FROM pharmacy_claim c JOIN purchaser pu ON pu.id = c.purchaser_id ORDER BY 1, 2, 4, 6",
    ),
    (
        "claims_cell",
        "SELECT pu.name, c.plan_code, c.month, c.service_category, sum(c.allowed_amount), sum(c.paid_amount), sum(c.lines), sum(c.events) FROM claims_cell c JOIN purchaser pu ON pu.id = c.purchaser_id GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    ),
    (
        "claims_member_year",
        "SELECT pu.name, c.member_external_id, c.year, sum(c.allowed_amount), sum(c.paid_amount) FROM claims_member_year c JOIN purchaser pu ON pu.id = c.purchaser_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    ),
    (
        "claims_member_total",
        "SELECT pu.name, c.member_external_id, c.year, round(c.allowed_amount, 2), round(c.paid_amount, 2) FROM claims_member_total c JOIN purchaser pu ON pu.id = c.purchaser_id WHERE abs(c.allowed_amount) >= 0.005 OR abs(c.paid_amount) >= 0.005 ORDER BY 1, 2, 3",
    ),
    (
        "claims_member_month",
        "SELECT pu.name, c.plan_code, c.month, sum(c.member_months) FROM claims_member_month c JOIN purchaser pu ON pu.id = c.purchaser_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    ),
    (
        "claims_provider_service",
        "SELECT provider_npi, code_type, code, setting, sum(services), sum(allowed_amount) FROM claims_provider_service GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    ),
    (
        "peer_hospital",
        "SELECT p.name, h.hospital, h.state, h.setting, h.relative_price, h.services_priced FROM peer_hospital h JOIN peer p ON p.id = h.peer_id ORDER BY 1, 2, 4",
    ),
];

#[cfg(test)]
/// Tables that hold no imported data: the workspace's own records, settings and scenarios.
const NOT_DATA: &[&str] = &[
    "workspace_info",
    "import_batch",
    "import_mapping",
    "setting",
    "scenario",
    "scenario_run",
];

#[cfg(test)]
/// Columns a dump leaves out on purpose: when a package arrived is not what it holds.
const NOT_DUMPED: &[(&str, &str)] = &[("peer", "received_at")];

impl Workspace {
    /// Hex SHA-256 over every data table's natural-key dump.
    pub fn data_fingerprint(&self) -> StoreResult<String> {
        let mut hasher = Sha256::new();
        for (table, _) in DUMPS {
            hasher.update(self.table_fingerprint(table)?.as_bytes());
        }
        Ok(hex(&hasher.finalize()))
    }

    /// Hex SHA-256 of one table's natural-key dump (to say which table differs).
    pub fn table_fingerprint(&self, table: &str) -> StoreResult<String> {
        let Some((_, sql)) = DUMPS.iter().find(|(t, _)| *t == table) else {
            return Ok(String::new());
        };
        let mut hasher = Sha256::new();
        let mut stmt = self.conn().prepare(sql)?;
        let width = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            for i in 0..width {
                let text = match row.get_ref(i)? {
                    ValueRef::Null => "∅".to_string(),
                    ValueRef::Integer(n) => format!("{n}"),
                    ValueRef::Real(x) => format!("{x:?}"),
                    ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    ValueRef::Blob(b) => hex(b),
                };
                hasher.update(text.as_bytes());
                hasher.update([0x1f]);
            }
            hasher.update([0x1e]);
        }
        Ok(hex(&hasher.finalize()))
    }

    /// Names of the data tables the fingerprint covers.
    pub fn fingerprint_tables() -> impl Iterator<Item = &'static str> {
        DUMPS.iter().map(|(t, _)| *t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every column of every table, as the schema has it now.
    fn schema_columns(ws: &Workspace) -> Vec<(String, String)> {
        let sql = "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c
                   WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1, c.cid";
        let mut stmt = ws.conn().prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn the_fingerprint_covers_every_column_of_every_data_table() {
        let ws = Workspace::in_memory().unwrap();
        let mut missing = Vec::new();
        for (table, column) in schema_columns(&ws) {
            if NOT_DATA.contains(&table.as_str()) {
                continue;
            }
            let Some((_, sql)) = DUMPS.iter().find(|(t, _)| *t == table) else {
                missing.push(format!("table {table}"));
                continue;
            };
            let by_reference = column == "id" || column.ends_with("_id");
            let left_out = NOT_DUMPED.contains(&(table.as_str(), column.as_str()));
            let named = sql
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .any(|word| word == column);
            if !(by_reference || left_out || named) {
                missing.push(format!("{table}.{column}"));
            }
        }
        assert!(missing.is_empty(), "not in the fingerprint: {missing:?}");
    }

    #[test]
    fn a_change_to_a_purchasers_kind_changes_the_fingerprint() {
        let mut ws = Workspace::in_memory().unwrap();
        ws.write(|tx| {
            tx.execute(
                "INSERT INTO purchaser(name, kind) VALUES ('A', 'employer')",
                [],
            )
        })
        .unwrap();
        let before = ws.data_fingerprint().unwrap();
        ws.write(|tx| tx.execute("UPDATE purchaser SET kind = 'hospital'", []))
            .unwrap();
        assert_ne!(ws.data_fingerprint().unwrap(), before);
    }
}
