//! Deterministic, realistic sample data for a purchasing coalition: the same seed always
//! yields the same workspace data and the same workbooks.

pub mod catalogue;
pub mod claims;
pub mod history;
pub mod price_file;
mod workbooks;

pub use workbooks::{eligibility_csv, write_workbooks};

use crate::dice::Dice;
use crate::domain::{Plan, Tier};
use crate::store::records::*;
use crate::store::{StoreError, Workspace};
use catalogue::*;
use chrono::{Datelike, Duration, NaiveDate};

/// Everything the generator produces, as typed records keyed by natural keys.
#[derive(Debug, Clone, Default)]
pub struct SampleData {
    pub purchasers: Vec<PurchaserRecord>,
    pub plans: Vec<Plan>,
    pub rates: Vec<RateRecord>,
    pub measures: Vec<MeasureRecord>,
    pub providers: Vec<ProviderRecord>,
    pub results: Vec<ResultRecord>,
    pub volumes: Vec<VolumeRecord>,
    pub price_tiers: Vec<PriceTierRecord>,
    pub spend: Vec<SpendRecord>,
    pub members: Vec<MemberRecord>,
    /// Eligibility spans over last plan year and this one.
    pub eligibility: Vec<EligibilityRecord>,
    /// Each hospital provider's negotiated rates, as its price transparency file lists them.
    pub hospital_prices: Vec<SampleHospital>,
}

/// A hospital's price file in the sample: who it is and its charges.
#[derive(Debug, Clone, Default)]
pub struct SampleHospital {
    pub name: String,
    pub npi: String,
    /// Its negotiated rates as a multiple of Medicare's (before each payer's spread).
    pub level: f64,
    pub charges: Vec<crate::store::prices::Charge>,
}

impl SampleHospital {
    /// The file-level facts its price file states.
    pub fn spec(&self) -> price_file::PriceFileSpec<'_> {
        price_file::PriceFileSpec {
            hospital: &self.name,
            state: "MN",
            npi: &self.npi,
            level: self.level,
        }
    }
}

/// Price levels of the sample's hospitals, × Medicare: a spread like the national study's.
const HOSPITAL_LEVELS: [f64; 5] = [2.9, 2.1, 2.5, 3.3, 1.9];

fn sample_hospitals(seed: u64) -> Vec<SampleHospital> {
    let mut dice = Dice::new(seed ^ 0x7072_6963_6573);
    PROVIDERS
        .iter()
        .filter(|p| p.kind == "hospital")
        .zip(HOSPITAL_LEVELS)
        .enumerate()
        .map(|(i, (p, level))| {
            let mut h = SampleHospital {
                name: p.name.to_string(),
                npi: format!("1{:09}", 234_500 + i),
                level,
                charges: Vec::new(),
            };
            h.charges = price_file::round_charges(&mut dice, &h.spec(), None);
            h
        })
        .collect()
}

/// How much data to make.
#[derive(Debug, Clone, Copy)]
pub struct GenerateOptions {
    pub members: usize,
    pub seed: u64,
}

/// Builds the sample coalition for `opts` (pure: no I/O).
pub fn sample_data(opts: GenerateOptions) -> SampleData {
    let mut dice = Dice::new(opts.seed);
    let mut data = SampleData {
        purchasers: PURCHASERS
            .iter()
            .map(|p| PurchaserRecord {
                name: p.name.into(),
                kind: p.kind.code().into(),
            })
            .collect(),
        plans: PLANS.iter().map(plan_from_spec).collect(),
        rates: rates(&mut dice),
        measures: measures(),
        providers: PROVIDERS
            .iter()
            .map(|p| ProviderRecord {
                name: p.name.into(),
                system: p.system.into(),
                kind: p.kind.into(),
                region: p.region.into(),
            })
            .collect(),
        results: Vec::new(),
        volumes: volumes(),
        price_tiers: PRICE_TIERS
            .iter()
            .map(|(svc, min, price)| PriceTierRecord {
                schedule: SCHEDULE_NAME.into(),
                service_code: (*svc).into(),
                min_volume: *min,
                unit_price: *price,
            })
            .collect(),
        spend: Vec::new(),
        members: Vec::with_capacity(opts.members),
        eligibility: Vec::new(),
        hospital_prices: Vec::new(),
    };
    data.results = results(&mut dice);
    data.members = (0..opts.members).map(|i| member(&mut dice, i)).collect();
    data.spend = spend(&mut dice, &data.members);
    // Its own stream, so the history leaves every figure drawn before it unchanged.
    let mut history_dice = Dice::new(opts.seed ^ 0x656c_6967_6962);
    let prior = history::prior_year_rates(&data.rates);
    data.rates.extend(prior);
    data.eligibility = history::eligibility(&mut history_dice, &data.members);
    data.hospital_prices = sample_hospitals(opts.seed);
    data
}

/// Generates sample data and writes it into `ws` as one import batch.
pub fn fill_workspace(ws: &mut Workspace, opts: GenerateOptions) -> Result<SampleData, StoreError> {
    let data = sample_data(opts);
    let label = format!("generator (seed {}, {} members)", opts.seed, opts.members);
    ws.write(|tx| {
        let batch = insert_batch(tx, &label, "", None, "generated", "{}")?;
        let rows = insert_sample(tx, batch, &data)?;
        finish_batch(tx, batch, rows)?;
        Ok::<_, StoreError>(())
    })?;
    Ok(data)
}

/// Generates the members' claims (`claims::write_csv`) and imports them as any user's files
/// are imported: two batches, medical then pharmacy.
pub fn fill_claims(
    ws: &mut Workspace,
    data: &SampleData,
    seed: u64,
) -> Result<claims::Written, crate::import::claims::ClaimsError> {
    use crate::import::claims::{ClaimsError, ClaimsOptions, import_claims_file};
    // Unique per call: tests fill several workspaces at once in one process.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let thread =
        format!("{:?}", std::thread::current().id()).replace(|c: char| !c.is_ascii_digit(), "");
    let dir = std::env::temp_dir().join(format!(
        "alliance-desk-claims-{}-{thread}-{nanos}-{seed}",
        std::process::id()
    ));
    let io = |e: std::io::Error| ClaimsError::Unreadable {
        file: dir.display().to_string(),
        reason: crate::format::io_words(&e),
    };
    let written = claims::write_csv(seed, &data.members, &dir).map_err(io)?;
    let progress = crate::import::Progress::default();
    let opts = ClaimsOptions::default();
    let outcome = import_claims_file(ws, &dir.join("medical_claim.csv"), &opts, &progress)
        .and_then(|_| import_claims_file(ws, &dir.join("pharmacy_claim.csv"), &opts, &progress));
    let _ = std::fs::remove_dir_all(&dir);
    outcome.map(|_| written)
}

/// Inserts every record of `data` under `batch`; returns the row count.
pub fn insert_sample(
    tx: &rusqlite::Transaction,
    batch: i64,
    data: &SampleData,
) -> rusqlite::Result<usize> {
    let mut keys = KeyCache::new(tx, batch);
    for p in &data.purchasers {
        keys.purchaser_id(&p.name, &p.kind)?;
    }
    let mut rows = data.purchasers.len();
    for plan in &data.plans {
        upsert_plan(tx, plan, batch)?;
    }
    rows += data.plans.len();
    rows += insert_rates(&mut keys, &data.rates)?;
    rows += upsert_measures(&mut keys, &data.measures)?;
    rows += insert_providers(&mut keys, &data.providers)?;
    rows += insert_results(&mut keys, &data.results)?;
    rows += insert_volumes(&mut keys, &data.volumes)?;
    rows += insert_price_tiers(&mut keys, &data.price_tiers)?;
    rows += insert_members(&mut keys, &data.members, "employer")?;
    rows += insert_spend(&mut keys, &data.spend)?;
    rows += insert_eligibility(&mut keys, &data.eligibility)?;
    for h in &data.hospital_prices {
        let Some(id) = keys.provider_id(&h.name)? else {
            continue;
        };
        crate::store::prices::mark_hospital(tx, id, &h.npi, "MN")?;
        let mut writer = crate::store::prices::ChargeWriter::new(tx, id, batch)?;
        for c in &h.charges {
            writer.write(c)?;
        }
        writer.finish()?;
        rows += h.charges.len();
    }
    Ok(rows)
}

fn plan_from_spec(s: &PlanSpec) -> Plan {
    Plan {
        id: 0,
        code: s.code.into(),
        name: s.name.into(),
        carrier: s.carrier.into(),
        plan_type: s.plan_type.into(),
        network: s.network.into(),
        year: PLAN_YEAR,
        deductible_individual: s.deductible,
        deductible_family: s.deductible * 2.0,
        coinsurance: s.coinsurance,
        oop_max_individual: s.oop_max,
        oop_max_family: s.oop_max * 2.0,
        pcp_copay: s.copays[0],
        specialist_copay: s.copays[1],
        er_copay: s.copays[2],
        actuarial_value: None,
        hsa_eligible: s.hsa,
        ..Default::default()
    }
}

pub(crate) fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn rates(dice: &mut Dice) -> Vec<RateRecord> {
    let mut out = Vec::new();
    for plan in PLANS {
        for (tier, ratio, employer_share, _) in TIER_SHAPE {
            let noise = 1.0 + (dice.uniform() - 0.5) * 0.04;
            let premium = cents(plan.ee_premium * ratio * noise);
            out.push(RateRecord {
                plan_code: plan.code.into(),
                year: PLAN_YEAR,
                tier,
                monthly_premium: premium,
                employer_monthly: cents(premium * employer_share),
            });
        }
    }
    out
}

fn measures() -> Vec<MeasureRecord> {
    MEASURES
        .iter()
        .map(|m| MeasureRecord {
            code: m.code.into(),
            name: m.name.into(),
            domain: m.domain.into(),
            higher_is_better: m.higher_is_better,
            weight: m.weight,
            unit: m.unit.into(),
        })
        .collect()
}

fn results(dice: &mut Dice) -> Vec<ResultRecord> {
    let mut out = Vec::new();
    let mut push = |dice: &mut Dice, kind: &str, entity: &str, m: &MeasureSpec, skill: f64| {
        let direction = if m.higher_is_better { 1.0 } else { -1.0 };
        let value = m.mean + m.spread * (0.8 * skill * direction + 0.6 * dice.normal());
        let value = if m.unit == "%" {
            value.clamp(1.0, 99.0)
        } else {
            value
        };
        out.push(ResultRecord {
            entity_kind: kind.into(),
            entity: entity.into(),
            measure_code: m.code.into(),
            year: MEASURE_YEAR,
            value: (value * 10.0).round() / 10.0,
            denominator: Some(dice.int(300, 12_000) as f64),
        });
    };
    for plan in PLANS {
        let skill = dice.normal();
        for m in MEASURES {
            push(dice, "plan", plan.code, m, skill);
        }
    }
    for (i, provider) in PROVIDERS.iter().enumerate() {
        let skill = dice.normal();
        for m in MEASURES.iter().filter(|m| m.for_providers) {
            // Small clinics do not report every measure: exercises "insufficient data".
            if i % 7 == 3 && m.weight >= 3.0 {
                continue;
            }
            push(dice, "provider", provider.name, m, skill);
        }
    }
    out
}

fn volumes() -> Vec<VolumeRecord> {
    SERVICE_VOLUMES
        .iter()
        .map(|(who, svc, vol, price)| VolumeRecord {
            purchaser: (*who).into(),
            service_code: (*svc).into(),
            year: PLAN_YEAR - 1,
            annual_volume: *vol,
            current_unit_price: Some(*price),
        })
        .collect()
}

fn member(dice: &mut Dice, index: usize) -> MemberRecord {
    let shares: Vec<f64> = PURCHASERS.iter().map(|p| p.share).collect();
    let purchaser = &PURCHASERS[dice.weighted(&shares)];
    let age = (22.0 + 44.0 * dice.uniform().powf(0.9)).floor() as i64;
    let tier_weights: Vec<f64> = TIER_SHAPE
        .iter()
        .map(|(t, _, _, share)| match t {
            Tier::EE if age < 30 => share * 2.0,
            Tier::FAM | Tier::EC if age > 58 => share * 0.3,
            _ => *share,
        })
        .collect();
    let tier = TIER_SHAPE[dice.weighted(&tier_weights)].0;
    let age_load = 0.55 + (age as f64 - 22.0) / 30.0;
    let claims = if dice.chance(0.14) {
        0.0
    } else {
        cents(dice.lognormal_mean_cv(4_800.0 * age_load, 2.6))
    };
    let plan_code = choose_plan(dice, purchaser, claims);
    let birth = NaiveDate::from_ymd_opt(2026 - age as i32, 1, 1).unwrap_or_default()
        + Duration::days(dice.int(0, 364));
    let tenure_years = dice.int(0, (age - 21).max(0)).min(35);
    let hire = NaiveDate::from_ymd_opt(2026 - tenure_years as i32, 1, 1).unwrap_or_default()
        + Duration::days(dice.int(0, 364));
    let salary = (dice.lognormal_mean_cv(purchaser.salary_mean * (0.8 + age as f64 / 110.0), 0.35)
        / 10.0)
        .round()
        * 10.0;
    MemberRecord {
        external_id: format!("{:07}", 100 + index * 7 + dice.int(0, 6) as usize),
        purchaser: purchaser.name.into(),
        purchaser_kind: Some(purchaser.kind),
        plan_code: Some(plan_code.into()),
        tier: Some(tier),
        birth_date: Some(birth.format("%Y-%m-%d").to_string()),
        sex: Some(if dice.chance(0.52) { "F" } else { "M" }.into()),
        zip: Some(format!("{}{:02}", purchaser.zip_prefix, dice.int(1, 99))),
        hire_date: Some(hire.format("%Y-%m-%d").to_string()),
        annual_salary: Some(salary.max(24_000.0)),
        annual_allowed_claims: Some(claims),
    }
}

fn choose_plan(dice: &mut Dice, purchaser: &PurchaserSpec, claims: f64) -> &'static str {
    let sick = (claims / 15_000.0).min(1.0);
    let weights: Vec<f64> = purchaser
        .plans
        .iter()
        .map(|code| {
            let richness = PLANS
                .iter()
                .find(|p| p.code == *code)
                .map_or(0.5, |p| p.richness);
            0.6 + richness * (0.4 + 1.5 * sick)
        })
        .collect();
    purchaser.plans[dice.weighted(&weights)]
}

fn spend(dice: &mut Dice, members: &[MemberRecord]) -> Vec<SpendRecord> {
    let mut out = Vec::new();
    for p in PURCHASERS {
        let lives: f64 = members
            .iter()
            .filter(|m| m.purchaser == p.name)
            .map(|m| m.tier.map_or(1.0, lives_per_subscriber))
            .sum();
        let base_pmpm = 430.0 + dice.normal() * 25.0;
        for month_index in 0..24 {
            let year = SPEND_FIRST_YEAR + month_index / 12;
            let month = month_index % 12 + 1;
            let date = NaiveDate::from_ymd_opt(year, month as u32, 1).unwrap_or_default();
            let trend = 1.07f64.powf(month_index as f64 / 12.0);
            let season = 1.0 + 0.06 * ((date.month0() as f64) * std::f64::consts::TAU / 12.0).cos();
            let member_months = (lives * (1.0 + 0.002 * month_index as f64)).round();
            let medical =
                member_months * base_pmpm * 0.79 * trend * season * (1.0 + 0.08 * dice.normal());
            let rx = member_months
                * base_pmpm
                * 0.21
                * 1.10f64.powf(month_index as f64 / 12.0)
                * (1.0 + 0.03 * dice.normal());
            out.push(SpendRecord {
                purchaser: p.name.into(),
                year: year as i64,
                month: month as i64,
                member_months,
                medical_paid: cents(medical.max(0.0)),
                rx_paid: cents(rx.max(0.0)),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_member_gets_a_plan_its_purchaser_offers() {
        let data = sample_data(GenerateOptions {
            members: 500,
            seed: 3,
        });
        for m in &data.members {
            let offered = PURCHASERS
                .iter()
                .find(|p| p.name == m.purchaser)
                .unwrap()
                .plans;
            assert!(offered.contains(&m.plan_code.as_deref().unwrap()));
        }
    }

    #[test]
    fn external_ids_are_unique_and_keep_leading_zeros() {
        let data = sample_data(GenerateOptions {
            members: 2000,
            seed: 3,
        });
        let ids: std::collections::HashSet<_> =
            data.members.iter().map(|m| &m.external_id).collect();
        assert_eq!(ids.len(), 2000);
        assert!(data.members[0].external_id.starts_with("0000"));
    }

    #[test]
    fn claims_are_skewed_with_some_zero_claimants() {
        let data = sample_data(GenerateOptions {
            members: 5000,
            seed: 9,
        });
        let mut claims: Vec<f64> = data
            .members
            .iter()
            .filter_map(|m| m.annual_allowed_claims)
            .collect();
        claims.sort_by(f64::total_cmp);
        let mean = claims.iter().sum::<f64>() / claims.len() as f64;
        let median = claims[claims.len() / 2];
        assert!(claims[0] == 0.0);
        assert!(mean > 1.5 * median, "mean {mean} median {median}");
    }
}
