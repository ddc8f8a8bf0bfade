//! Tests of `compare`, kept beside it so the module itself stays readable.

use super::*;

fn inputs() -> CompareInputs {
    let plan = |id: i64, code: &str, ded: f64| Plan {
        id,
        code: code.into(),
        name: code.into(),
        deductible_individual: ded,
        coinsurance: 0.2,
        oop_max_individual: 5_000.0,
        ..Default::default()
    };
    let rate = |p: f64| {
        HashMap::from([(
            Tier::EE,
            TierRate {
                monthly_premium: p,
                employer_monthly: p * 0.8,
            },
        )])
    };
    CompareInputs {
        plans: vec![plan(1, "A", 500.0), plan(2, "B", 2_000.0)],
        rates: HashMap::from([(1, rate(700.0)), (2, rate(550.0))]),
        enrollment: HashMap::from([(1, vec![(Tier::EE, 10.0)]), (2, vec![(Tier::EE, 30.0)])]),
        claims: ClaimsDistribution::from_claims(vec![0.0, 1_000.0, 3_000.0, 8_000.0, 50_000.0]),

        ..Default::default()
    }
}

#[test]
fn baseline_is_the_chosen_plan() {
    let s = CompareSettings {
        plan_codes: vec!["A".into(), "B".into()],
        baseline: Some("B".into()),
        ..Default::default()
    };
    assert_eq!(compare(&inputs(), &s).baseline, 1);
}

#[test]
fn enrollment_weighted_premium_per_plan() {
    let s = CompareSettings {
        plan_codes: vec!["A".into(), "B".into()],
        ..Default::default()
    };
    let cmp = compare(&inputs(), &s);
    // A: 10 × 700 × 12 = 84,000; B: 30 × 550 × 12 = 198,000
    assert_eq!(cmp.columns[0].cost.annual_premium_usd, 84_000.0);
    assert_eq!(cmp.columns[1].cost.annual_premium_usd, 198_000.0);
}

#[test]
fn member_cost_uses_the_employee_share_and_oop_at_each_percentile() {
    let s = CompareSettings {
        plan_codes: vec!["A".into()],
        ..Default::default()
    };
    let cmp = compare(&inputs(), &s);
    // median claims (nearest rank of 5) = 3,000; OOP A = 500 + 0.2 × 2,500 = 1,000;
    // employee share 140 × 12 = 1,680 → 2,680
    assert_eq!(cmp.use_level_claims_usd[1], 3_000.0);
    assert!((cmp.columns[0].member_cost_usd[1] - 2_680.0).abs() < 1e-9);
}

#[test]
fn a_plan_with_no_premium_has_no_member_total_and_nothing_is_called_cheapest() {
    let mut i = inputs();
    i.rates.remove(&2);
    let s = CompareSettings {
        plan_codes: vec!["A".into(), "B".into()],
        ..Default::default()
    };
    let cmp = compare(&i, &s);
    assert!(cmp.columns[1].member_cost_usd.iter().all(|v| v.is_nan()));
    assert!(cmp.columns.iter().all(|c| c.dominant_tiers.is_empty()));
}

#[test]
fn a_dental_plan_asked_for_is_named_as_dental_not_unknown() {
    let mut i = inputs();
    i.plans.push(Plan {
        id: 3,
        code: "D".into(),
        dental_only: true,
        ..Default::default()
    });
    let missing = vec!["D".to_string(), "ZZ".to_string()];
    assert_eq!(
        describe_missing(&i, &missing),
        "no plan with code ZZ; D is dental-only (plans are compared on medical coverage)"
    );
}

#[test]
fn unknown_plan_codes_are_reported() {
    let s = CompareSettings {
        plan_codes: vec!["A".into(), "ZZ".into()],
        ..Default::default()
    };
    assert_eq!(compare(&inputs(), &s).missing_plans, vec!["ZZ"]);
}

#[test]
fn tsv_has_a_header_and_one_line_per_row() {
    let s = CompareSettings {
        plan_codes: vec!["A".into(), "B".into()],
        ..Default::default()
    };
    let tsv = to_tsv(&compare(&inputs(), &s));
    assert!(tsv.starts_with("Measure\tA\tB\n"));
    assert!(tsv.contains("Employee only (EE) monthly premium\t$700.00\t$550.00"));
}

fn row_named<'a>(groups: &'a [RowGroup], label: &str) -> &'a Row {
    groups
        .iter()
        .flat_map(|g| &g.rows)
        .find(|r| r.label == label)
        .unwrap()
}

fn two_plans() -> Vec<RowGroup> {
    let s = CompareSettings {
        plan_codes: vec!["A".into(), "B".into()],
        ..Default::default()
    };
    rows(&compare(&inputs(), &s))
}

#[test]
fn totals_over_current_enrollees_are_not_called_better_or_worse() {
    let groups = two_plans();
    for label in [
        "Annual premium, current enrollees",
        "Annual employer cost, current enrollees",
        "Annual employee cost, current enrollees",
        "Enrolled subscribers",
    ] {
        assert_eq!(row_named(&groups, label).better, Better::Neither, "{label}");
    }
    let per_subscriber = row_named(
        &groups,
        "Annual premium per subscriber (coalition tier mix)",
    );
    assert_eq!(per_subscriber.better, Better::Lower);
}

#[test]
fn enrollment_counts_differ_by_whole_members() {
    let groups = two_plans();
    let enrolled = row_named(&groups, "Enrolled subscribers");
    assert_eq!(enrolled.unit, Unit::Count);
    assert_eq!(
        super::super::labels::display_delta(enrolled.unit, -195.0),
        "-195"
    );
}

#[test]
fn large_money_shows_no_cents() {
    let groups = two_plans();
    let total = row_named(&groups, "Annual premium, current enrollees");
    assert_eq!(total.texts, vec!["$84,000", "$198,000"]);
}

#[test]
fn a_whole_dollar_row_shows_its_difference_in_whole_dollars() {
    let groups = two_plans();
    let deductible = row_named(&groups, "Deductible (individual)");
    assert!(!deductible.texts.iter().any(|t| t.contains('.')));
    assert_eq!(deductible.delta_text(-250.0), "-$250");
    assert_eq!(deductible.delta_text(-1_234.4), "-$1,234");
}

#[test]
fn tier_rows_name_the_tier_in_words_beside_its_code() {
    let groups = two_plans();
    for label in [
        "Employee only (EE) monthly premium",
        "Employee + spouse (ES) employer monthly",
        "Employee + children (EC) employee monthly",
        "Family (FAM) monthly premium",
    ] {
        row_named(&groups, label);
    }
}

#[test]
fn a_negative_measure_result_reads_with_a_minus_that_needs_no_formula_guard() {
    assert_eq!(super::measure_result_text(-0.14), "−0.1");
    assert_eq!(super::measure_result_text(-0.04), "0.0");
    assert_eq!(super::measure_result_text(2.25), "2.2");
    let cell = format!("{} · score 9", super::measure_result_text(-0.1));
    assert_eq!(crate::table::neutralize(&cell), cell.as_str());
}

#[test]
fn a_quality_row_names_the_measure_in_words_with_its_code() {
    let names = vec![(
        "CBP".to_string(),
        "Controlling high blood pressure".to_string(),
    )];
    assert_eq!(
        super::measure_label("CBP", &names),
        "Controlling high blood pressure (CBP)"
    );
    assert_eq!(super::measure_label("QI", &names), "QI");
}

/// Better and worse are coloured green and red in Compare; the sign says which way a
/// difference goes for a reader who cannot tell the two colours apart.
#[test]
fn every_difference_carries_its_sign_beside_its_colour() {
    let row = |money: bool, unit: Unit, text: &str| Row {
        label: "x".into(),
        texts: vec![text.into()],
        values: vec![Some(1.0)],
        better: Better::Lower,
        money,
        unit,
    };
    for r in [
        row(true, Unit::Usd, "$604.27"),
        row(true, Unit::Usd, "$2,500"),
        row(false, Unit::Percent, "70.00%"),
        row(false, Unit::Count, "120"),
        row(false, Unit::Score, "71.2"),
    ] {
        let up = r.delta_text(12.5);
        let down = r.delta_text(-12.5);
        assert!(up.contains('+'), "{up}");
        assert!(down.contains('-') || down.contains('−'), "{down}");
    }
}
