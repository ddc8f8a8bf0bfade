//! Tests of `value_based`, kept beside it so the module itself stays readable.

use super::*;

fn with(f: impl FnOnce(&mut ValueBasedParams)) -> ValueBasedParams {
    let mut p = worked_example();
    f(&mut p);
    p
}

#[test]
fn worked_example_to_the_dollar() {
    let out = run(&worked_example()).unwrap();
    assert!((out.benchmark_total - 1_072_570_478.0).abs() < 1.0);
    assert!((out.savings - 112_535_952.0).abs() < 1.0);
    assert!((out.savings_rate - 0.104922).abs() < 1e-6);
    assert!(
        (out.shared_savings - 50_091_552.81).abs() < 1.0,
        "{}",
        out.shared_savings
    );
    assert_eq!(out.settlement, out.shared_savings);
}

#[test]
fn msr_table_interpolates_within_its_band() {
    assert!((msr_table(9_139.0) - 0.030861).abs() < 1e-6);
    assert_eq!(msr_table(60_000.0), 0.020);
    assert_eq!(msr_table(4_000.0), 0.039);
}

#[test]
fn glide_path_of_ten_percent_over_five_years() {
    assert!((yearly_reduction(0.10, 5) - 0.020852).abs() < 1e-6);
}

#[test]
fn savings_just_under_the_msr_pay_nothing_and_just_over_pay_from_the_first_dollar() {
    let bench = 1_000.0;
    let under = run(&with(|p| {
        p.benchmark_pmpm = Some(bench);
        p.actual_pmpm = Some(bench * (1.0 - 0.0199));
    }))
    .unwrap();
    assert_eq!(under.shared_savings, 0.0);
    let over = run(&with(|p| {
        p.benchmark_pmpm = Some(bench);
        p.actual_pmpm = Some(bench * (1.0 - 0.0201));
    }))
    .unwrap();
    let expected = over.savings * 0.5 * 0.9084 * 0.98;
    assert!((over.shared_savings - expected).abs() < 1e-6);
}

#[test]
fn savings_over_the_cap_are_capped() {
    let out = run(&with(|p| {
        p.actual_pmpm = Some(14_182.0 / 12.0 * 0.5);
    }))
    .unwrap();
    assert!((out.shared_savings - 0.10 * out.benchmark_total).abs() < 1e-3);
}

#[test]
fn a_loss_beyond_the_mlr_is_owed_in_a_two_sided_contract() {
    let out = run(&with(|p| {
        p.two_sided = true;
        p.actual_pmpm = Some(14_182.0 / 12.0 * 1.05);
    }))
    .unwrap();
    // Enhanced track: loss rate 1 − 0.5 × 0.9084 = 0.5458.
    assert!((out.loss_rate_used - 0.5458).abs() < 1e-9);
    let expected = -out.savings * 0.5458;
    assert!((out.shared_losses - expected).abs() < 1e-3);
    assert!(out.settlement < 0.0);
    let one_sided = run(&with(|p| p.actual_pmpm = Some(14_182.0 / 12.0 * 1.05))).unwrap();
    assert_eq!(one_sided.shared_losses, 0.0);
}

#[test]
fn a_failed_quality_gate_pays_no_savings() {
    let out = run(&with(|p| {
        p.quality_mode = QualityMode::Gate;
        p.quality_gate = 0.95;
    }))
    .unwrap();
    assert!(!out.quality_gate_passed);
    assert_eq!(out.shared_savings, 0.0);
}

#[test]
fn utilization_levers_build_the_actual_pmpm() {
    let p = with(|p| {
        p.actual_pmpm = None;
        p.utilization = vec![
            ServiceCategory {
                name: "ER visits".into(),
                util_per_1000: 400.0,
                unit_cost: 1_500.0,
                lever: -0.07,
            },
            ServiceCategory {
                name: "Inpatient admissions".into(),
                util_per_1000: 70.0,
                unit_cost: 18_000.0,
                lever: -0.14,
            },
        ];
    });
    let out = run(&p).unwrap();
    let expected = 400.0 * 0.93 / 1000.0 * 1500.0 / 12.0 + 70.0 * 0.86 / 1000.0 * 18_000.0 / 12.0;
    assert!((out.actual_pmpm - expected).abs() < 1e-9);
}

#[test]
fn outcome_payments_are_paid_when_their_target_is_met() {
    let out = run(&with(|p| {
        p.outcome_payments = vec![
            OutcomePayment {
                measure: "HbA1c control".into(),
                target: 0.6,
                actual: 0.65,
                amount: 1_000_000.0,
                higher_is_better: true,
            },
            OutcomePayment {
                measure: "ED visits per 1,000".into(),
                target: 350.0,
                actual: 380.0,
                amount: 500_000.0,
                higher_is_better: false,
            },
        ];
    }))
    .unwrap();
    assert_eq!(out.outcome_payments_total, 1_000_000.0);
    assert!((out.payer_net_savings - (out.savings - out.settlement - 1_000_000.0)).abs() < 1e-6);
}

#[test]
fn the_same_seed_gives_the_same_numbers() {
    let p = with(|p| p.trials = 2_000);
    assert_eq!(run(&p).unwrap(), run(&p).unwrap());
}

#[test]
fn the_mean_settlement_converges_to_the_deterministic_one_as_cv_falls() {
    let p = with(|p| {
        p.trials = 2_000;
        p.cv_member = 1e-6;
        p.quality_sd = 0.0;
    });
    let out = run(&p).unwrap();
    let mean = out.mean_settlement.unwrap();
    assert!(
        (mean - out.settlement).abs() < 1e-3 * out.settlement.abs(),
        "{mean} vs {}",
        out.settlement
    );
}

#[test]
fn p_savings_paid_matches_a_normal_approximation() {
    // Actual 2.5 % under the benchmark with an MSR of 2 % and a small population: the
    // chance that spend lands below 98 % of the benchmark, by the normal approximation.
    let p = with(|p| {
        p.attributed_lives = 2_000.0;
        p.benchmark_pmpm = Some(1_000.0);
        p.actual_pmpm = Some(975.0);
        p.cv_member = 0.6;
        p.quality_sd = 0.0;
        p.trials = 10_000;
    });
    let out = run(&p).unwrap();
    let sd = 975.0 * 0.6 / 2_000f64.sqrt();
    let z = (980.0 - 975.0) / sd;
    let expected = 0.5 * (1.0 + erf(z / std::f64::consts::SQRT_2));
    let got = out.p_savings.unwrap();
    let se = (expected * (1.0 - expected) / 10_000.0).sqrt();
    assert!(
        (got - expected).abs() < 4.0 * se + 0.01,
        "P {got} vs {expected}"
    );
}

fn erf(x: f64) -> f64 {
    // Abramowitz–Stegun 7.1.26, |error| < 1.5e-7.
    let t = 1.0 / (1.0 + 0.327_591_1 * x.abs());
    let y = 1.0
        - (((((1.061_405_429 * t - 1.453_152_027) * t) + 1.421_413_741) * t - 0.284_496_736) * t
            + 0.254_829_592)
            * t
            * (-x * x).exp();
    y.copysign(x)
}

#[test]
fn bad_input_is_refused_naming_the_field() {
    let err = |p: ValueBasedParams| run(&p).unwrap_err().0;
    assert!(err(with(|p| p.attributed_lives = 0.0)).starts_with("attributed_lives"));
    assert!(err(with(|p| p.shared_savings_rate = 1.5)).starts_with("shared_savings_rate"));
    assert!(err(with(|p| p.msr = Threshold::Table("tabel".into()))).starts_with("msr"));
    assert!(
        err(with(|p| {
            p.actual_pmpm = None;
        }))
        .starts_with("actual_pmpm")
    );
}
