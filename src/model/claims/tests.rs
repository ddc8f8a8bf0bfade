use super::*;

fn codes<'a>(
    claim_type: &'a str,
    bill: &'a str,
    rev: &'a str,
    pos: &'a str,
    hcpcs: &'a str,
    drg: &'a str,
) -> LineCodes<'a> {
    LineCodes {
        claim_type,
        bill_type: bill,
        revenue_code: rev,
        place_of_service: pos,
        hcpcs_code: hcpcs,
        drg_code: drg,
    }
}

#[test]
fn an_institutional_bill_type_11x_is_inpatient() {
    assert_eq!(
        categorize(&codes("institutional", "0111", "0120", "", "", "")),
        Category::Inpatient
    );
    assert_eq!(
        categorize(&codes("", "121", "", "", "", "")),
        Category::Inpatient
    );
}

#[test]
fn a_drg_on_an_institutional_claim_is_inpatient() {
    assert_eq!(
        categorize(&codes("institutional", "131", "0450", "", "", "470")),
        Category::Inpatient
    );
}

#[test]
fn emergency_by_revenue_code_place_of_service_or_visit_code() {
    assert_eq!(
        categorize(&codes("institutional", "131", "0450", "", "", "")),
        Category::Emergency
    );
    assert_eq!(
        categorize(&codes("institutional", "131", "981", "", "", "")),
        Category::Emergency
    );
    assert_eq!(
        categorize(&codes("professional", "", "", "23", "99213", "")),
        Category::Emergency
    );
    assert_eq!(
        categorize(&codes("professional", "", "", "11", "99284", "")),
        Category::Emergency
    );
}

#[test]
fn other_institutional_is_outpatient_and_the_rest_professional() {
    assert_eq!(
        categorize(&codes("institutional", "131", "0360", "", "29881", "")),
        Category::Outpatient
    );
    assert_eq!(
        categorize(&codes("professional", "", "", "11", "99213", "")),
        Category::Professional
    );
    // A professional line's DRG does not make it inpatient.
    assert_eq!(
        categorize(&codes("professional", "", "", "21", "99223", "470")),
        Category::Professional
    );
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn a_member_month_needs_enrollment_on_the_first_day() {
    let months: Vec<Month> = span_member_months(
        d(2025, 1, 15),
        Some(d(2025, 4, 30)),
        Month::new(2025, 1),
        Month::new(2025, 12),
    )
    .collect();
    assert_eq!(
        months,
        vec![
            Month::new(2025, 2),
            Month::new(2025, 3),
            Month::new(2025, 4)
        ]
    );
    let open: Vec<Month> = span_member_months(
        d(2025, 11, 1),
        None,
        Month::new(2025, 1),
        Month::new(2025, 12),
    )
    .collect();
    assert_eq!(open, vec![Month::new(2025, 11), Month::new(2025, 12)]);
}

fn cell(plan: &str, month: u32, category: Category, allowed: f64, events: u64) -> Cell {
    Cell {
        purchaser: "Acme".into(),
        plan_code: plan.into(),
        month: Month::new(2025, month),
        category,
        allowed_usd: allowed,
        paid_usd: allowed * 0.8,
        lines: 1,
        events,
    }
}

fn data() -> ClaimsData {
    ClaimsData {
        cells: vec![
            cell("PPO", 1, Category::Inpatient, 12_000.0, 1),
            cell("PPO", 2, Category::Professional, 600.0, 3),
            cell("HMO", 2, Category::Emergency, 1_200.0, 2),
        ],
        member_months: vec![
            MemberMonthCell {
                purchaser: "Acme".into(),
                plan_code: "PPO".into(),
                month: Month::new(2025, 1),
                member_months: 10.0,
            },
            MemberMonthCell {
                purchaser: "Acme".into(),
                plan_code: "PPO".into(),
                month: Month::new(2025, 2),
                member_months: 10.0,
            },
            MemberMonthCell {
                purchaser: "Acme".into(),
                plan_code: "HMO".into(),
                month: Month::new(2025, 2),
                member_months: 4.0,
            },
        ],
        member_years: vec![MemberYear {
            purchaser: "Acme".into(),
            member: "007".into(),
            year: 2025,
            allowed_usd: 12_600.0,
            paid_usd: 10_080.0,
        }],
        census_members: BTreeMap::new(),
    }
}

#[test]
fn pmpm_and_per_1000_divide_by_member_months() {
    let s = summarize(&data(), &Filter::default(), 10_000.0);
    assert_eq!(s.member_months, 24.0);
    assert_eq!(s.allowed_total, 13_800.0);
    assert_eq!(s.allowed_pmpm, 575.0);
    assert_eq!(s.admissions_per_1000, 500.0);
    assert_eq!(s.er_visits_per_1000, 1_000.0);
    assert_eq!(s.large_claimants.len(), 1);
}

#[test]
fn a_plan_filter_takes_that_plans_claims_and_member_months() {
    let f = Filter {
        plan: Some("PPO".into()),
        ..Filter::default()
    };
    let s = summarize(&data(), &f, 10_000.0);
    assert_eq!(s.member_months, 20.0);
    assert_eq!(s.allowed_total, 12_600.0);
    assert_eq!(s.er_visits, 0);
}

#[test]
fn without_eligibility_member_months_are_census_members_times_twelve() {
    let mut data = data();
    data.member_months.clear();
    data.census_members.insert("Acme".into(), 5);
    let s = summarize(&data, &Filter::default(), 10_000.0);
    assert_eq!(s.member_months, 60.0);
    assert_eq!(s.member_months_from, MemberMonthSource::Census);
}

#[test]
fn trend_is_the_change_in_pmpm() {
    assert!((trend(500.0, 535.0).unwrap() - 0.07).abs() < 1e-12);
    assert_eq!(trend(0.0, 10.0), None);
}

#[test]
fn the_renewal_takes_the_latest_years_paid_claims_and_claimants() {
    let e = renewal_experience(&data(), "Acme", 10_000.0).unwrap();
    assert_eq!(e.year, 2025);
    assert!((e.paid_claims - 13_800.0 * 0.8).abs() < 1e-9);
    assert_eq!(e.claimants_paid, vec![10_080.0]);
}

#[test]
fn the_sql_names_every_table_and_output_column() {
    for dialect in [sql::Dialect::Duckdb, sql::Dialect::Spark] {
        let q = sql::summary_query(dialect, "/data/claims", 25_000.0);
        for name in [
            "claim_line",
            "pharmacy_claim",
            "eligibility",
            "row_kind",
            "member_months",
            "member_year",
        ] {
            assert!(q.contains(name), "{dialect:?} lacks {name}");
        }
    }
}

#[test]
fn the_value_baseline_levers_add_up_to_the_allowed_pmpm() {
    let b = value_baseline(&data(), "Acme").unwrap();
    let from_levers: f64 = b
        .levers
        .iter()
        .map(|(_, per_1000, cost)| per_1000 * cost / 12_000.0)
        .sum();
    assert!(
        (from_levers - b.baseline_pmpm).abs() < 1e-9,
        "{from_levers} vs {}",
        b.baseline_pmpm
    );
    assert_eq!(b.attributed_lives, 2.0);
}

#[test]
fn the_trend_compares_the_two_halves_of_a_short_period() {
    // January's PMPM (12,000 / 10) against February's ((600 + 1,200) / 14).
    let t = period_trend(&data(), &Filter::default()).unwrap();
    assert_eq!(
        (t.before, t.after),
        (
            (Month::new(2025, 1), Month::new(2025, 1)),
            (Month::new(2025, 2), Month::new(2025, 2))
        )
    );
    assert!((t.before_pmpm - 1_200.0).abs() < 1e-9);
    assert!((t.change - (1_800.0 / 14.0 / 1_200.0 - 1.0)).abs() < 1e-12);
}

#[test]
fn an_unknown_claim_type_falls_back_to_the_bill_type() {
    // A TPA's "Form Type" column: UB04 is a facility form, "X9" nothing known.
    assert_eq!(
        categorize(&codes("UB04", "0111", "0120", "", "", "470")),
        Category::Inpatient
    );
    assert_eq!(
        categorize(&codes("X9", "0111", "0120", "", "", "470")),
        Category::Inpatient
    );
    assert_eq!(
        categorize(&codes("CMS-1500", "", "", "11", "99213", "")),
        Category::Professional
    );
}

#[test]
fn census_member_months_count_whole_years_cut_by_the_filter_alike() {
    let mut data = data();
    data.member_months.clear();
    data.census_members.insert("Acme".into(), 5);
    let whole = summarize(&data, &Filter::default(), 10_000.0);
    let f = Filter {
        from: Some(Month::new(2025, 1)),
        to: Some(Month::new(2025, 12)),
        ..Filter::default()
    };
    let same = summarize(&data, &f, 10_000.0);
    assert_eq!(whole.member_months, same.member_months);
}

#[test]
fn a_purchaser_without_eligibility_counts_its_census_beside_one_with_spans() {
    let mut data = data();
    let mut beta = cell("PPO", 2, Category::Professional, 1_000.0, 1);
    beta.purchaser = "Beta".into();
    data.cells.push(beta);
    data.census_members.insert("Beta".into(), 3);
    let s = summarize(&data, &Filter::default(), 10_000.0);
    // Acme's 24 from spans, and Beta's 3 members × 12 months of 2025.
    assert_eq!(s.member_months, 24.0 + 36.0);
    assert_eq!(
        s.member_months_from,
        MemberMonthSource::EligibilityAndCensus
    );
}
