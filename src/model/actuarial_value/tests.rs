//! Tests of `actuarial_value`, kept beside it so the module itself stays readable.

use super::*;
use proptest::prelude::*;

fn design(deductible_usd: f64, coinsurance: f64, oop_max_usd: f64) -> AvDesign {
    AvDesign {
        deductible_usd,
        coinsurance,
        oop_max_usd,
        ..Default::default()
    }
}

#[test]
fn tables_hold_the_published_mean_costs() {
    for (metal, mean) in [
        (Metal::Platinum, 9_230.19),
        (Metal::Gold, 9_034.31),
        (Metal::Silver, 7_386.31),
        (Metal::Bronze, 5_190.48),
    ] {
        assert!((mean_allowed_usd(metal) - mean).abs() < 0.05, "{metal:?}");
    }
}

#[test]
fn per_band_preventive_care_adds_up_to_the_tables_overall_mean() {
    let t = &tables(Metal::Bronze).combined;
    let preventive: f64 = t
        .buckets
        .iter()
        .map(|b| b.share * b.cost_usd[Service::Preventive as usize])
        .sum();
    assert!((preventive - 297.458).abs() < 0.5, "{preventive}");
}

#[test]
fn no_cost_sharing_is_one_hundred_percent() {
    for metal in Metal::ALL {
        assert!((av_with_tables(&design(0.0, 0.0, 0.0), metal) - 1.0).abs() < 1e-12);
    }
}

#[test]
fn a_plan_that_pays_nothing_but_preventive_care_is_near_zero() {
    let av = av_with_tables(&design(1e12, 1.0, 1e12), Metal::Silver);
    let preventive_share = 0.05;
    assert!(av < preventive_share, "{av}");
}

#[test]
fn a_plan_that_pays_nothing_is_zero_percent() {
    let t = tables(Metal::Gold);
    let nothing = Side {
        deductible_usd: f64::MAX,
        coinsurance: 1.0,
        oop_max_usd: f64::MAX,
        copays: [0.0; SERVICES],
        funding_usd: 0.0,
        free_visits: 0,
    };
    let everything_but_preventive = t.combined.plan_paid(&nothing).0;
    let preventive: f64 = t
        .combined
        .buckets
        .iter()
        .map(|b| b.share * b.cost_usd[Service::Preventive as usize])
        .sum();
    assert!((everything_but_preventive - preventive).abs() < 1e-6);
}

#[test]
fn a_typical_silver_design_lands_in_silver() {
    let e = estimate(&design(4_500.0, 0.3, 8_000.0), Some(Metal::Silver), 2026);
    assert_eq!(Metal::nearest(e.av), Metal::Silver, "{}", e.av);
}

#[test]
fn a_result_in_another_tier_is_recomputed_with_that_tiers_table() {
    let design = design(1_500.0, 0.2, 4_000.0);
    let first = av_with_tables(&design, Metal::Bronze);
    assert_eq!(metal_band(first, 2026).map(|b| b.metal), Some(Metal::Gold));
    let e = estimate(&design, Some(Metal::Bronze), 2026);
    assert!(e.recomputed);
    assert_eq!(e.table, Metal::Gold);
}

#[test]
fn a_carriers_value_chooses_the_tables_of_its_tier() {
    let plan = Plan {
        code: "S".into(),
        metal_level: "Silver".into(),
        year: 2022,
        deductible_individual: 6_700.0,
        coinsurance: 0.4,
        oop_max_individual: 8_700.0,
        actuarial_value: Some(0.718),
        ..Default::default()
    };
    let first = av_with_tables(&design_of(&plan), Metal::Silver);
    assert!(metal_band(first, 2022).is_some_and(|b| b.metal == Metal::Bronze));
    let a = plan_av(&plan).unwrap();
    assert_eq!(a.estimate.table, Metal::Silver);
    assert!(!a.estimate.recomputed);
    assert_eq!(a.estimate.av, first);
}

/// A bronze design that comes out at 82.5 %, between gold and platinum, is in no band: it
/// stays on the bronze tables, as the calculator keeps the tier chosen.
#[test]
fn a_result_between_bands_keeps_the_filed_tiers_table() {
    let design = design(1_000.0, 0.2, 3_000.0);
    assert!(metal_band(av_with_tables(&design, Metal::Bronze), 2026).is_none());
    let e = estimate(&design, Some(Metal::Bronze), 2026);
    assert!(!e.recomputed);
    assert_eq!(e.table, Metal::Bronze);
}

#[test]
fn copays_before_the_deductible_raise_the_value() {
    let base = design(5_000.0, 0.3, 8_000.0);
    let with_copays = AvDesign {
        copays: Copays {
            primary_care_usd: 30.0,
            specialist_usd: 60.0,
            emergency_room_usd: 0.0,
            generic_drug_usd: 10.0,
        },
        ..base
    };
    let after = AvDesign {
        copays_after_deductible: true,
        ..with_copays
    };
    let av = |d| av_with_tables(&d, Metal::Silver);
    assert!(av(with_copays) > av(base) + 0.01);
    assert!((av(after) - av(base)).abs() < 1e-12);
}

#[test]
fn free_primary_care_visits_raise_the_value_more_the_more_there_are() {
    let base = design(5_000.0, 0.3, 8_000.0);
    let free = |n| AvDesign {
        free_primary_care_visits: n,
        ..base
    };
    let av = |d| av_with_tables(&d, Metal::Silver);
    assert!(av(free(2)) > av(base));
    assert!(av(free(4)) > av(free(2)));
    assert!(av(free(40)) == av(free(10)), "the tables stop at 10 visits");
}

#[test]
fn employer_hsa_funding_raises_the_value() {
    let base = design(3_000.0, 0.2, 6_000.0);
    let funded = AvDesign {
        hsa_hra_funding_usd: 1_000.0,
        ..base
    };
    assert!(av_with_tables(&funded, Metal::Bronze) > av_with_tables(&base, Metal::Bronze));
}

#[test]
fn separate_drug_deductible_uses_the_medical_and_drug_tables() {
    let integrated = design(2_000.0, 0.2, 7_000.0);
    let separate = AvDesign {
        rx: Some(RxCostSharing {
            deductible_usd: 0.0,
            coinsurance: 0.2,
        }),
        ..integrated
    };
    assert!(av_with_tables(&separate, Metal::Gold) > av_with_tables(&integrated, Metal::Gold));
}

#[test]
fn metal_bands_follow_the_plan_years_de_minimis_rules() {
    assert_eq!(metal_band(0.665, 2022).map(|b| b.label), Some("Silver"));
    assert_eq!(metal_band(0.665, 2026).map(|b| b.label), None);
    assert_eq!(
        metal_band(0.64, 2026).map(|b| b.label),
        Some("Expanded bronze")
    );
    assert_eq!(metal_band(0.64, 2016).map(|b| b.label), None);
    assert_eq!(metal_band(0.9005, 2024).map(|b| b.label), Some("Platinum"));
}

#[test]
fn a_silver_cost_sharing_variant_shows_its_filed_level_not_its_band() {
    assert_eq!(
        shown_metal_level("Silver", "13262AR0230002-05", 0.87, 2022),
        "Silver, cost-sharing reduction (87 %)"
    );
    assert_eq!(
        shown_metal_level("Silver", "13262AR0230002-06", 0.94, 2022),
        "Silver, cost-sharing reduction (94 %)"
    );
}

#[test]
fn a_filed_level_is_shown_with_the_band_when_they_differ() {
    assert_eq!(shown_metal_level("Gold", "X-01", 0.80, 2026), "Gold");
    assert_eq!(
        shown_metal_level("Expanded Bronze", "X-01", 0.645, 2022),
        "Expanded bronze"
    );
    assert_eq!(
        shown_metal_level("Gold", "X-01", 0.745, 2026),
        "Gold (filed; between silver and gold by value)"
    );
    assert_eq!(shown_metal_level("", "X-01", 0.80, 2026), "Gold");
}

#[test]
fn values_in_no_band_say_where_they_fall() {
    assert_eq!(metal_label(0.93, 2026), "Above platinum");
    assert_eq!(metal_label(0.50, 2026), "Below bronze");
    assert_eq!(metal_label(0.745, 2026), "Between silver and gold");
    assert_eq!(metal_label(0.80, 2026), "Gold");
}

#[test]
fn filed_metal_levels_parse_and_dental_levels_do_not() {
    assert_eq!(Metal::parse("Expanded Bronze"), Some(Metal::Bronze));
    assert_eq!(Metal::parse("silver"), Some(Metal::Silver));
    assert_eq!(Metal::parse("High"), None);
    assert_eq!(Metal::parse("Catastrophic"), None);
}

proptest! {
    #[test]
    fn value_falls_as_the_deductible_rises(d in 0.0..9_000.0f64, step in 1.0..3_000.0f64,
                                           c in 0.0..0.5f64, m in 0.0..10_000.0f64) {
        let lo = design(d, c, m.max(d));
        let hi = design(d + step, c, m.max(d + step));
        prop_assert!(av_with_tables(&hi, Metal::Silver) <= av_with_tables(&lo, Metal::Silver) + 1e-12);
    }

    #[test]
    fn value_falls_as_coinsurance_rises(d in 0.0..9_000.0f64, c in 0.0..0.9f64,
                                        step in 0.001..0.1f64, m in 0.0..10_000.0f64) {
        let lo = design(d, c, m);
        let hi = design(d, c + step, m);
        prop_assert!(av_with_tables(&hi, Metal::Gold) <= av_with_tables(&lo, Metal::Gold) + 1e-12);
    }

    #[test]
    fn value_falls_as_the_out_of_pocket_maximum_rises(d in 0.0..9_000.0f64, c in 0.0..0.5f64,
                                                      m in 0.0..10_000.0f64, step in 1.0..5_000.0f64) {
        let lo = design(d, c, m);
        let hi = design(d, c, m + step);
        prop_assert!(av_with_tables(&hi, Metal::Bronze) <= av_with_tables(&lo, Metal::Bronze) + 1e-12);
    }
}
