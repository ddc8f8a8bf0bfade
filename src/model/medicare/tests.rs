//! The Medicare prices DESIGN §4.9 and the issue quote, each worked out from CMS's tables.

use super::*;
use std::sync::LazyLock;

static TABLES: LazyLock<MedicareTables> = LazyLock::new(MedicareTables::embedded);

fn price(code: &str, setting: Setting, f: impl FnOnce(&mut PriceQuery)) -> Result<f64, Unpriced> {
    let mut q = PriceQuery {
        code: code.into(),
        setting: Some(setting),
        ..Default::default()
    };
    f(&mut q);
    TABLES.price(&q).map(|p| p.medicare_allowed)
}

#[test]
fn office_visit_99213_is_88_95_nationally() {
    // (1.30 + 1.35 + 0.10) × 32.3465 = 88.953.
    assert_eq!(price("99213", Setting::Office, |_| {}), Ok(88.95));
}

#[test]
fn office_visit_99213_is_87_78_in_minnesota() {
    // (1.30 × 1 + 1.35 × 1.025 + 0.10 × 0.3) × 32.3465 = 87.776.
    let mn = price("99213", Setting::Office, |q| q.state = Some("MN".into()));
    assert_eq!(mn, Ok(87.78));
    let with_number = price("99213", Setting::Office, |q| {
        q.state = Some("mn".into());
        q.locality = Some("0".into());
    });
    assert_eq!(with_number, Ok(87.78));
}

#[test]
fn the_same_visit_in_a_hospital_takes_the_facility_practice_expense() {
    // (1.30 + 0.57 + 0.10) × 32.3465 = 63.72.
    assert_eq!(price("99213", Setting::Facility, |_| {}), Ok(63.72));
}

#[test]
fn mri_70551_outpatient_is_241_72_nationally_and_254_85_at_wage_index_1_0905() {
    assert_eq!(price("70551", Setting::Outpatient, |_| {}), Ok(241.72));
    // 241.72 × (0.60 × 1.0905 + 0.40) = 254.845.
    let msp = price("70551", Setting::Outpatient, |q| {
        q.wage_index = Some(1.0905)
    });
    assert_eq!(msp, Ok(254.85));
}

#[test]
fn drg_470_in_minnesota_is_the_state_average_15_545_62() {
    let mn = price("470", Setting::Inpatient, |q| q.state = Some("MN".into()));
    assert_eq!(mn, Ok(15_545.62));
}

#[test]
fn drg_470_on_the_drg_base_at_1_0905_is_12_025_96() {
    // 1.8999 × (4,071.57 × 1.0905 + 1,889.74) = 12,025.96.
    let base = price("470", Setting::Inpatient, |q| {
        q.basis = InpatientBasis::DrgBase;
        q.wage_index = Some(1.0905);
    });
    assert_eq!(base, Ok(12_025.96));
}

#[test]
fn a_drg_without_a_state_cell_falls_back_to_the_national_average() {
    let national = price("470", Setting::Inpatient, |_| {});
    assert_eq!(national, Ok(15_779.58));
}

#[test]
fn a_three_digit_code_is_an_inpatient_drg_and_a_five_character_one_a_visit() {
    let drg = TABLES.price(&PriceQuery {
        code: "470".into(),
        ..Default::default()
    });
    assert_eq!(drg.unwrap().setting, Setting::Inpatient);
    let visit = TABLES.price(&PriceQuery {
        code: "99213".into(),
        ..Default::default()
    });
    assert_eq!(visit.unwrap().setting, Setting::Office);
}

#[test]
fn a_packaged_outpatient_code_says_so() {
    // J1100 (dexamethasone) has status N: packaged into the visit it comes with.
    let got = price("J1100", Setting::Outpatient, |_| {});
    assert_eq!(
        got,
        Err(Unpriced::Packaged {
            code: "J1100".into(),
            status: "N".into()
        })
    );
}

#[test]
fn a_conditionally_packaged_code_with_a_rate_is_priced() {
    // 96372 (injection) is Q1 with its own APC rate of $71.17 when billed alone.
    assert_eq!(price("96372", Setting::Outpatient, |_| {}), Ok(71.17));
}

#[test]
fn an_office_visit_has_no_outpatient_facility_rate() {
    // 99213 has status B in Addendum B: not paid under the OPPS.
    let got = price("99213", Setting::Outpatient, |_| {});
    assert!(
        matches!(got, Err(Unpriced::NotPaid { ref status, .. }) if status == "B"),
        "{got:?}"
    );
}

#[test]
fn a_state_with_several_localities_asks_which() {
    let got = price("99213", Setting::Office, |q| q.state = Some("MA".into()));
    let Err(Unpriced::AmbiguousLocality { known, .. }) = got else {
        panic!("{got:?}")
    };
    assert!(known.contains("01 METROPOLITAN BOSTON"), "{known}");
    let boston = price("99213", Setting::Office, |q| {
        q.state = Some("MA".into());
        q.locality = Some("01".into());
    });
    assert_eq!(boston, Ok(98.98));
}

#[test]
fn an_unknown_code_is_named() {
    let got = price("ZZ999", Setting::Office, |_| {});
    assert_eq!(
        got,
        Err(Unpriced::UnknownCode(
            "ZZ999".into(),
            "physician fee schedule"
        ))
    );
}

#[test]
fn the_embedded_tables_hold_every_row_of_cms_files() {
    assert_eq!(TABLES.rvus.len(), 19_090);
    assert_eq!(TABLES.opps.len(), 18_682);
    assert_eq!(TABLES.localities.len(), 109);
    assert_eq!(TABLES.weights.len(), 767);
    assert_eq!(TABLES.wage_areas.len(), 460);
    assert_eq!(TABLES.wage_areas("33460")[0].wage_index, 1.0905);
}
