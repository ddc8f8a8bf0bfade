//! The workspace schema as an ordered list of migrations; `user_version` counts those applied.

/// Identifies an Alliance Desk workspace in `PRAGMA application_id` ("ALDK").
pub const APPLICATION_ID: i32 = 0x414C_444B;

/// Migration `i` (0-based) takes a workspace from `user_version` i to i + 1.
pub const MIGRATIONS: &[&str] = &[
    V1_BASE,
    V2_SETTINGS_AND_INDEXES,
    CREATE_MEMBER_INDEXES,
    V4_PLAN_DESIGN_DETAIL,
    V5_COALITION_PEERS,
    V6_ELIGIBILITY,
    V7_HOSPITAL_PRICES,
    V8_PEER_HOSPITALS,
    V9_MEDICARE_RATES,
    V10_CLAIMS,
];

/// The schema version this build writes.
pub fn current_version() -> i32 {
    MIGRATIONS.len() as i32
}

/// Version 1: every table of DESIGN.md §2.
pub const V1_BASE: &str = r#"
CREATE TABLE workspace_info(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE import_batch(
  id INTEGER PRIMARY KEY,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  sheet TEXT,
  kind TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  row_count INTEGER NOT NULL DEFAULT 0,
  mapping_json TEXT,
  status TEXT NOT NULL DEFAULT 'committed'
);
CREATE TABLE purchaser(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE
);
CREATE TABLE plan(
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  carrier TEXT,
  plan_type TEXT,
  network TEXT,
  year INTEGER,
  deductible_individual REAL,
  deductible_family REAL,
  coinsurance REAL,
  oop_max_individual REAL,
  oop_max_family REAL,
  pcp_copay REAL,
  specialist_copay REAL,
  er_copay REAL,
  actuarial_value REAL,
  hsa_eligible INTEGER NOT NULL DEFAULT 0,
  import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE
);
CREATE TABLE plan_rate(
  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  tier TEXT NOT NULL CHECK (tier IN ('EE','ES','EC','FAM')),
  monthly_premium REAL NOT NULL,
  employer_monthly REAL NOT NULL DEFAULT 0,
  import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE,
  PRIMARY KEY (plan_id, year, tier)
);
CREATE TABLE member(
  id INTEGER PRIMARY KEY,
  external_id TEXT NOT NULL,
  purchaser_id INTEGER NOT NULL REFERENCES purchaser(id) ON DELETE CASCADE,
  plan_id INTEGER REFERENCES plan(id) ON DELETE SET NULL,
  tier TEXT CHECK (tier IS NULL OR tier IN ('EE','ES','EC','FAM')),
  birth_date TEXT,
  sex TEXT,
  zip TEXT,
  hire_date TEXT,
  annual_salary REAL,
  annual_allowed_claims REAL,
  import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE
);
CREATE TABLE measure(
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  domain TEXT,
  higher_is_better INTEGER NOT NULL DEFAULT 1,
  weight REAL NOT NULL DEFAULT 1,
  unit TEXT,
  import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE
);
CREATE TABLE measure_result(
  entity_kind TEXT NOT NULL CHECK (entity_kind IN ('plan','provider')),
  entity_id INTEGER NOT NULL,
  measure_id INTEGER NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  value REAL NOT NULL,
  denominator REAL,
  import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE,
  PRIMARY KEY (entity_kind, entity_id, measure_id, year)
);
CREATE TABLE provider(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  system TEXT,
  kind TEXT,
  region TEXT,
  import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE
);
CREATE TABLE service_volume(
  purchaser_id INTEGER NOT NULL REFERENCES purchaser(id) ON DELETE CASCADE,
  service_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  annual_volume REAL NOT NULL,
  current_unit_price REAL,
  import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE,
  PRIMARY KEY (purchaser_id, service_code, year)
);
CREATE TABLE price_tier(
  schedule TEXT NOT NULL,
  service_code TEXT NOT NULL,
  min_volume REAL NOT NULL,
  unit_price REAL NOT NULL,
  import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE,
  PRIMARY KEY (schedule, service_code, min_volume)
);
CREATE TABLE spend_history(
  purchaser_id INTEGER NOT NULL REFERENCES purchaser(id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  member_months REAL NOT NULL,
  medical_paid REAL NOT NULL,
  rx_paid REAL NOT NULL,
  import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE,
  PRIMARY KEY (purchaser_id, year, month)
);
CREATE TABLE scenario(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  params_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  notes TEXT
);
CREATE TABLE scenario_run(
  id INTEGER PRIMARY KEY,
  scenario_id INTEGER REFERENCES scenario(id) ON DELETE CASCADE,
  run_at TEXT NOT NULL,
  inputs_json TEXT NOT NULL,
  outputs_json TEXT NOT NULL
);
"#;

/// Version 2: user settings, remembered import mappings, measure floors and the indexes
/// the Members and Compare views sort and aggregate on.
pub const V2_SETTINGS_AND_INDEXES: &str = r#"
CREATE TABLE setting(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE import_mapping(header_key TEXT PRIMARY KEY, kind TEXT NOT NULL, mapping_json TEXT NOT NULL, updated_at TEXT NOT NULL);
ALTER TABLE measure ADD COLUMN floor REAL NOT NULL DEFAULT 25;
"#;

/// Version 3: the member indexes the Members and Compare views sort and aggregate on
/// (also rebuilt by large imports, which drop them while loading).
pub const CREATE_MEMBER_INDEXES: &str = r#"
CREATE INDEX IF NOT EXISTS member_purchaser ON member(purchaser_id);
CREATE INDEX IF NOT EXISTS member_plan_tier ON member(plan_id, tier);
CREATE INDEX IF NOT EXISTS member_batch ON member(import_batch_id);
CREATE INDEX IF NOT EXISTS member_external ON member(external_id);
"#;

/// Version 4: what real plan files state beyond the basic design: separate drug deductibles,
/// dental-only plans, the filed metal level, HSA/HRA funding and when copays apply.
pub const V4_PLAN_DESIGN_DETAIL: &str = r#"
ALTER TABLE plan ADD COLUMN rx_deductible_individual REAL;
ALTER TABLE plan ADD COLUMN rx_deductible_family REAL;
ALTER TABLE plan ADD COLUMN rx_coinsurance REAL;
ALTER TABLE plan ADD COLUMN dental_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plan ADD COLUMN metal_level TEXT;
ALTER TABLE plan ADD COLUMN hsa_hra_funding REAL NOT NULL DEFAULT 0;
ALTER TABLE plan ADD COLUMN copays_after_deductible INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plan ADD COLUMN generic_drug_copay REAL NOT NULL DEFAULT 0;
ALTER TABLE plan ADD COLUMN free_primary_care_visits INTEGER NOT NULL DEFAULT 0;
"#;

/// Version 5: coalition peers and the plan aggregates their share packages carry (never member
/// rows); removed with the import that brought them.
pub const V5_COALITION_PEERS: &str = r#"
CREATE TABLE peer(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  format TEXT NOT NULL,
  sent_at TEXT,
  received_at TEXT NOT NULL,
  import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE
);
CREATE TABLE peer_plan(
  peer_id INTEGER NOT NULL REFERENCES peer(id) ON DELETE CASCADE,
  plan_code TEXT NOT NULL,
  plan_name TEXT,
  carrier TEXT,
  metal_level TEXT,
  enrolled REAL,
  premium_pmpm REAL,
  employer_share REAL,
  spend_pmpm REAL,
  deductible REAL,
  oop_max REAL,
  actuarial_value REAL,
  quality_composite REAL,
  PRIMARY KEY (peer_id, plan_code)
);
CREATE TABLE peer_plan_tier(
  peer_id INTEGER NOT NULL REFERENCES peer(id) ON DELETE CASCADE,
  plan_code TEXT NOT NULL,
  tier TEXT NOT NULL CHECK (tier IN ('EE','ES','EC','FAM')),
  enrolled REAL,
  monthly_premium REAL,
  employer_monthly REAL,
  PRIMARY KEY (peer_id, plan_code, tier)
);
"#;

/// Version 6: eligibility spans (DESIGN §2, the Tuva Project's layout): who was enrolled in
/// which plan and when, the enrollment history a migration's β is estimated from. `tier` is an
/// addition to DESIGN's columns: where a file carries the coverage tier it is kept, else the
/// census tier is used.
pub const V6_ELIGIBILITY: &str = r#"
CREATE TABLE eligibility(
  member_external_id TEXT NOT NULL,
  purchaser_id INTEGER NOT NULL REFERENCES purchaser(id) ON DELETE CASCADE,
  plan_code TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT,
  tier TEXT CHECK (tier IS NULL OR tier IN ('EE','ES','EC','FAM')),
  import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE
);
CREATE INDEX eligibility_purchaser ON eligibility(purchaser_id, member_external_id);
CREATE INDEX eligibility_batch ON eligibility(import_batch_id);
"#;

/// Version 7: hospital prices from price transparency files (DESIGN §2), the hospital a
/// `provider` row with its NPI, state, CBSA and wage index so its quality and prices meet.
/// `description`, `codes` (every code of the item), `modifiers` and `algorithm` are additions
/// to DESIGN's columns.
pub const V7_HOSPITAL_PRICES: &str = r#"
ALTER TABLE provider ADD COLUMN npi TEXT;
ALTER TABLE provider ADD COLUMN state TEXT;
ALTER TABLE provider ADD COLUMN cbsa TEXT;
ALTER TABLE provider ADD COLUMN wage_index REAL;
CREATE TABLE hospital_price(
  provider_id INTEGER NOT NULL REFERENCES provider(id) ON DELETE CASCADE,
  code TEXT,
  code_type TEXT,
  setting TEXT,
  payer TEXT,
  plan TEXT,
  negotiated_dollar REAL,
  negotiated_percentage REAL,
  methodology TEXT,
  count TEXT,
  gross_charge REAL,
  cash_price REAL,
  description TEXT,
  codes TEXT,
  modifiers TEXT,
  algorithm TEXT,
  import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE
);
CREATE INDEX hospital_price_provider ON hospital_price(provider_id, import_batch_id);
CREATE INDEX hospital_price_batch ON hospital_price(import_batch_id);
"#;

/// Version 8: the hospital prices (a share of Medicare, by setting) that peers' share
/// packages carry; removed with the package.
pub const V8_PEER_HOSPITALS: &str = r#"
CREATE TABLE peer_hospital(
  peer_id INTEGER NOT NULL REFERENCES peer(id) ON DELETE CASCADE,
  hospital TEXT NOT NULL,
  state TEXT,
  setting TEXT NOT NULL,
  relative_price REAL,
  services_priced INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (peer_id, hospital, setting)
);
"#;

/// Version 9: Medicare reference rates from CMS's own files of a newer year (DESIGN §2's
/// `medicare_rate`), which take the place of the embedded tables for their schedule. The
/// fee schedule's RVUs and conversion factor, and the OPPS weight, are additions.
pub const V9_MEDICARE_RATES: &str = r#"
CREATE TABLE medicare_rate(
  schedule TEXT NOT NULL,
  year INTEGER NOT NULL,
  code TEXT NOT NULL,
  modifier TEXT NOT NULL DEFAULT '',
  locality TEXT,
  setting TEXT,
  amount REAL,
  status TEXT,
  work_rvu REAL,
  pe_nonfacility_rvu REAL,
  pe_facility_rvu REAL,
  mp_rvu REAL,
  conversion_factor REAL,
  relative_weight REAL,
  import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE,
  PRIMARY KEY (schedule, year, code, modifier)
);
"#;

/// Version 10: claims (DESIGN §2, §4.10). `claim_line` and `pharmacy_claim` hold the lines as
/// imported; `claims_cell` and `claims_member_year` are the sums an import adds up as it reads
/// (by purchaser, plan, month and category; by member and year), so a summary never rescans
/// millions of lines; `claims_member_month` holds member months an external engine computed;
/// `claims_member_total` keeps each member's year summed over every import (undo subtracts a
/// batch's part), so the large claimants are an index range, not a grouping of every member;
/// `claims_provider_service` sums facility claims by hospital NPI and code (admissions by
/// MS-DRG, outpatient lines by HCPCS), what a hospital's price from claims rests on.
/// The line tables carry no index and no foreign key: a bulk load of millions of lines pays
/// for neither, undo deletes a batch's lines by name (one scan), and the summary reads the
/// sums, never the lines.
pub const V10_CLAIMS: &str = r#"
CREATE TABLE claim_line(
  claim_id TEXT NOT NULL,
  line_number INTEGER,
  claim_type TEXT,
  member_external_id TEXT NOT NULL,
  purchaser_id INTEGER NOT NULL,
  start_date TEXT,
  end_date TEXT,
  admission_date TEXT,
  discharge_date TEXT,
  place_of_service TEXT,
  bill_type TEXT,
  revenue_code TEXT,
  hcpcs_code TEXT,
  drg_code TEXT,
  provider_npi TEXT,
  allowed_amount REAL,
  paid_amount REAL,
  service_category TEXT NOT NULL,
  import_batch_id INTEGER
);
CREATE TABLE pharmacy_claim(
  claim_id TEXT NOT NULL,
  member_external_id TEXT NOT NULL,
  purchaser_id INTEGER NOT NULL,
  fill_date TEXT,
  ndc_code TEXT,
  allowed_amount REAL,
  paid_amount REAL,
  import_batch_id INTEGER
);
CREATE TABLE claims_cell(
  purchaser_id INTEGER NOT NULL REFERENCES purchaser(id) ON DELETE CASCADE,
  plan_code TEXT NOT NULL DEFAULT '',
  month TEXT NOT NULL,
  service_category TEXT NOT NULL,
  allowed_amount REAL NOT NULL DEFAULT 0,
  paid_amount REAL NOT NULL DEFAULT 0,
  lines INTEGER NOT NULL DEFAULT 0,
  events INTEGER NOT NULL DEFAULT 0,
  import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE
);
CREATE INDEX claims_cell_batch ON claims_cell(import_batch_id);
CREATE TABLE claims_member_year(
  purchaser_id INTEGER NOT NULL REFERENCES purchaser(id) ON DELETE CASCADE,
  member_external_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  allowed_amount REAL NOT NULL DEFAULT 0,
  paid_amount REAL NOT NULL DEFAULT 0,
  import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE
);
CREATE INDEX claims_member_year_batch ON claims_member_year(import_batch_id);
CREATE TABLE claims_member_total(
  purchaser_id INTEGER NOT NULL REFERENCES purchaser(id) ON DELETE CASCADE,
  member_external_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  allowed_amount REAL NOT NULL DEFAULT 0,
  paid_amount REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (purchaser_id, member_external_id, year)
);
CREATE INDEX claims_member_total_allowed ON claims_member_total(allowed_amount);
CREATE TABLE claims_provider_service(
  provider_npi TEXT NOT NULL,
  code_type TEXT NOT NULL,
  code TEXT NOT NULL,
  setting TEXT NOT NULL,
  services INTEGER NOT NULL,
  allowed_amount REAL NOT NULL,
  import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE
);
CREATE INDEX claims_provider_service_npi ON claims_provider_service(provider_npi);
CREATE TABLE claims_member_month(
  purchaser_id INTEGER NOT NULL REFERENCES purchaser(id) ON DELETE CASCADE,
  plan_code TEXT NOT NULL DEFAULT '',
  month TEXT NOT NULL,
  member_months REAL NOT NULL,
  import_batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE
);
"#;

/// Drops the member indexes that are costly to keep up row by row before a bulk load.
/// `member_batch` stays: one batch id with rising row ids only ever appends to it, which costs
/// less than rebuilding it after the load.
pub const DROP_MEMBER_INDEXES: &str = r#"
DROP INDEX IF EXISTS member_plan_tier;
DROP INDEX IF EXISTS member_external;
"#;
