//! Tests of `pooled`, kept beside it so the module itself stays readable.

use super::*;
use proptest::prelude::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.5
}

fn savings_of(out: &PooledOutputs, f: fn(&MemberResult) -> f64) -> Vec<f64> {
    out.members.iter().map(f).collect()
}

fn assert_all_close(got: Vec<f64>, want: [f64; 3]) {
    for (g, w) in got.iter().zip(want) {
        assert!(close(*g, w), "got {got:?}, want {want:?}");
    }
}

#[test]
fn worked_example_all_units_to_the_dollar() {
    let out = run(&worked_example()).unwrap();
    assert!(close(out.standalone_total, 3_660_000.0));
    assert!(close(out.pooled_total, 3_300_000.0));
    assert!(close(out.savings, 360_000.0));
    assert!(close(out.pooled_unit_price, 8.25));
    assert_all_close(
        savings_of(&out, |m| m.volume_savings),
        [54_000.0, 108_000.0, 198_000.0],
    );
    assert_all_close(
        savings_of(&out, |m| m.spend_savings),
        [59_016.0, 106_230.0, 194_754.0],
    );
    assert_all_close(
        savings_of(&out, |m| m.shapley_savings),
        [90_000.0, 82_500.0, 187_500.0],
    );
}

#[test]
fn worked_example_incremental_to_the_dollar() {
    let p = PooledParams {
        pricing: Pricing::Incremental,
        ..worked_example()
    };
    let out = run(&p).unwrap();
    assert!(close(out.savings, 272_500.0));
    assert_all_close(
        savings_of(&out, |m| m.shapley_savings),
        [58_750.0, 101_250.0, 112_500.0],
    );
}

#[test]
fn the_savings_game_matches_the_worked_pairs() {
    let p = worked_example();
    let schedule = Schedule::new(&p.schedule, p.pricing).unwrap();
    let (standalone, ..) = totals(&schedule, &p.members);
    let game = Game {
        schedule: &schedule,
        volumes: p.members.iter().map(|m| m.volume).collect(),
        standalone,
    };
    assert!(close(game.value_of_mask(0b011), 60_000.0));
    assert!(close(game.value_of_mask(0b101), 270_000.0));
    assert!(close(game.value_of_mask(0b110), 255_000.0));
}

#[test]
fn next_tier_is_reported_with_its_saving() {
    let out = run(&worked_example()).unwrap();
    assert_eq!(out.volume_to_next_tier, Some(100_000.0));
    assert_eq!(out.next_tier_price, Some(7.5));
    // 500,000 units at $7.50 instead of 400,000 at $8.25 plus 100,000 more at $8.25.
    assert!(close(out.next_tier_saving.unwrap(), 375_000.0));
}

#[test]
fn admin_cost_is_shared_and_comes_off_the_savings() {
    let p = PooledParams {
        admin_cost: 36_000.0,
        allocation: Allocation::Volume,
        ..worked_example()
    };
    let out = run(&p).unwrap();
    assert!(close(out.net_savings, 324_000.0));
    let member_savings: f64 = out.members.iter().map(|m| m.savings).sum();
    assert!(close(member_savings, 324_000.0));
}

#[test]
fn a_member_without_its_own_price_pays_the_schedule_alone() {
    let p = worked_example();
    let schedule = Schedule::new(&p.schedule, p.pricing).unwrap();
    assert!(close(
        standalone_cost_usd(&schedule, &p.members[1]),
        1_080_000.0
    ));
    let priced = Member {
        current_unit_price: Some(9.5),
        ..p.members[1].clone()
    };
    assert!(close(standalone_cost_usd(&schedule, &priced), 1_140_000.0));
}

#[test]
fn bad_input_is_refused_naming_the_field() {
    let err = |p: PooledParams| run(&p).unwrap_err().0;
    assert!(
        err(PooledParams {
            schedule: vec![],
            ..worked_example()
        })
        .starts_with("schedule")
    );
    let mut unsorted = worked_example();
    unsorted.schedule.swap(1, 2);
    assert!(err(unsorted).starts_with("schedule[2].min_volume"));
    let mut negative = worked_example();
    negative.schedule[1].unit_price = -1.0;
    assert!(err(negative).starts_with("schedule[1].unit_price"));
    let mut twice = worked_example();
    twice.members[2].name = "A".into();
    assert!(err(twice).starts_with("members[2].name"));
    assert!(
        err(PooledParams {
            members: vec![],
            ..worked_example()
        })
        .starts_with("members")
    );
}

#[test]
fn a_fair_split_has_no_core_violation_in_the_worked_example() {
    let out = run(&worked_example()).unwrap();
    assert!(out.core_violations.is_empty(), "{:?}", out.core_violations);
}

#[test]
fn an_unfair_split_is_flagged() {
    // At the pooled price, A saves 105,000 but B+C alone would save more than B and C get.
    let p = PooledParams {
        allocation: Allocation::Volume,
        ..worked_example()
    };
    let out = run(&p).unwrap();
    // by volume: B + C get 306,000 ≥ v(BC) = 255,000; A + C get 252,000 < v(AC) = 270,000
    assert!(out.core_violations.iter().any(|v| v.members == ["A", "C"]));
}

#[test]
fn leaving_with_zero_volume_changes_nothing() {
    let mut p = worked_example();
    p.members.push(Member {
        name: "D".into(),
        volume: 0.0,
        current_unit_price: None,
    });
    let out = run(&p).unwrap();
    let d = out.leave_one_out.iter().find(|l| l.leaving == "D").unwrap();
    assert!(close(d.savings, out.savings));
    assert!(d.losses.iter().all(|l| l.abs() < 1e-6), "{:?}", d.losses);
}

fn pool(volumes: &[f64]) -> PooledParams {
    PooledParams {
        members: volumes
            .iter()
            .enumerate()
            .map(|(i, v)| Member {
                name: format!("M{i}"),
                volume: *v,
                current_unit_price: None,
            })
            .collect(),
        ..worked_example()
    }
}

#[test]
fn sampled_shapley_converges_to_exact_within_three_standard_errors() {
    let volumes: Vec<f64> = (0..12).map(|i| 5_000.0 + 9_000.0 * i as f64).collect();
    let p = pool(&volumes);
    let schedule = Schedule::new(&p.schedule, p.pricing).unwrap();
    let (standalone, ..) = totals(&schedule, &p.members);
    let game = Game {
        schedule: &schedule,
        volumes: volumes.clone(),
        standalone,
    };
    let exact = shapley_exact(&game.all_values(), 12);
    let (sampled, se) = shapley_sampled(&game, 20_000, 7);
    for i in 0..12 {
        assert!(
            (sampled[i] - exact[i]).abs() <= 3.0 * se[i] + 1e-6,
            "member {i}: sampled {} exact {} se {}",
            sampled[i],
            exact[i],
            se[i]
        );
    }
}

proptest! {
    #[test]
    fn allocations_sum_to_the_pooled_cost(volumes in proptest::collection::vec(0.0f64..300_000.0, 1..7), method in 0usize..4) {
        let mut p = pool(&volumes);
        p.allocation = Allocation::ALL[method];
        let out = run(&p).unwrap();
        let allocated: f64 = out.members.iter().map(|m| m.allocated_cost).sum();
        prop_assert!((allocated - out.pooled_total).abs() < 1e-6 * (1.0 + out.pooled_total));
    }

    #[test]
    fn shapley_is_symmetric_efficient_and_zero_for_a_null_member(v in 1_000.0f64..200_000.0, w in 1_000.0f64..200_000.0) {
        let out = run(&pool(&[v, v, w, 0.0])).unwrap();
        let s = savings_of(&out, |m| m.shapley_savings);
        prop_assert!((s[0] - s[1]).abs() < 1e-6);
        prop_assert!(s[3].abs() < 1e-6);
        prop_assert!((s.iter().sum::<f64>() - out.savings).abs() < 1e-6 * (1.0 + out.savings.abs()));
    }
}
