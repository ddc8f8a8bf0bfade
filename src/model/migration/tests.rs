//! Tests of `migration`, each against a hand computation.

use super::*;

fn members_after(out: &MigrationOutputs) -> Vec<f64> {
    out.plans.iter().map(|p| p.after).collect()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn the_worked_example_moves_members_to_within_a_tenth() {
    let out = run(&worked_example()).unwrap();
    let after = members_after(&out);
    for (got, want) in after.iter().zip([578.3, 190.4, 231.3]) {
        assert!(close(*got, want, 0.1), "{after:?}");
    }
    assert!(close(after.iter().sum::<f64>(), 1_000.0, 1e-9));
    assert!(close(out.members_moving, 300.0 - after[1], 1e-9));
}

#[test]
fn inertia_keeps_its_share_in_place_and_the_rest_choose() {
    let mut p = worked_example();
    p.inertia = 0.5;
    let out = run(&p).unwrap();
    let e = (-0.6f64).exp();
    let denom = 500.0 + 300.0 * e + 200.0;
    let m = [500.0 / denom, 300.0 * e / denom, 200.0 / denom];
    let s = [0.5, 0.3, 0.2];
    for (k, got) in members_after(&out).iter().enumerate() {
        let want = (0.5 * s[k] + 0.5 * m[k]) * 1_000.0;
        assert!(close(*got, want, 1e-9), "{k}: {got} vs {want}");
    }
}

#[test]
fn a_withdrawn_plan_spreads_its_members_and_the_rest_stay_by_inertia() {
    let mut p = worked_example();
    p.plans[1].new_contribution_annual = p.plans[1].contribution_annual;
    p.plans[2].new_offered = false;
    p.inertia = 0.4;
    let out = run(&p).unwrap();
    // s_W = 0.2; m = (500, 300) / 800; s' = 0.4·s + (1 − 0.4·0.8)·m.
    let want = [
        (0.4 * 0.5 + 0.68 * 0.625) * 1_000.0,
        (0.4 * 0.3 + 0.68 * 0.375) * 1_000.0,
        0.0,
    ];
    for (got, want) in members_after(&out).iter().zip(want) {
        assert!(close(*got, want, 1e-9), "{got} vs {want}");
    }
}

#[test]
fn an_added_plan_takes_the_constant_of_the_plan_it_is_like() {
    let mut p = worked_example();
    p.plans[1].new_contribution_annual = p.plans[1].contribution_annual;
    p.plans.push(PlanTier {
        code: "D".into(),
        members: 0.0,
        contribution_annual: 0.0,
        new_contribution_annual: 0.0,
        offered: false,
        like: Some("C".into()),
        ..p.plans[2].clone()
    });
    let out = run(&p).unwrap();
    // D's weight: C's share moved by D's contribution against C's ($0 vs $600 a year).
    let d = 0.2 * (0.6f64).exp();
    let sum = 0.5 + 0.3 + 0.2 + d;
    let want = [0.5 / sum, 0.3 / sum, 0.2 / sum, d / sum].map(|s| s * 1_000.0);
    for (got, want) in members_after(&out).iter().zip(want) {
        assert!(close(*got, want, 1e-9), "{got} vs {want}");
    }
}

#[test]
fn an_added_plan_without_a_plan_it_is_like_is_refused() {
    let mut p = worked_example();
    p.plans.push(PlanTier {
        code: "D".into(),
        members: 0.0,
        offered: false,
        like: None,
        ..p.plans[2].clone()
    });
    let e = run(&p).unwrap_err();
    assert!(e.0.contains("needs the plan it is most like"), "{e}");
}

#[test]
fn claims_bands_move_the_healthy_first_and_raise_the_dearer_plans_claims() {
    let bands = ClaimBands {
        multipliers: [1.5, 1.0, 0.5],
        claims_per_member: [1_000.0, 5_000.0, 20_000.0],
    };
    let mut p = worked_example();
    p.plans.truncate(2);
    p.plans[0].band_shares = Some([0.5, 0.3, 0.2]);
    p.plans[1].band_shares = Some([0.2, 0.3, 0.5]);
    p.plans[0].members = 100.0;
    p.plans[1].members = 100.0;
    p.plans[1].new_contribution_annual = p.plans[1].contribution_annual + 600.0;
    p.claim_bands = Some(bands.clone());
    let out = run(&p).unwrap();
    // Band by band: B's weight is its count × e^{multiplier × −0.1 × 6}.
    let a_count = [50.0, 30.0, 20.0];
    let b_count = [20.0, 30.0, 50.0];
    let mut b_after = [0.0; 3];
    for k in 0..3 {
        let w = b_count[k] * (bands.multipliers[k] * -0.6f64).exp();
        b_after[k] = w / (a_count[k] + w) * (a_count[k] + b_count[k]);
    }
    let b = &out.plans[1];
    assert!(close(b.after, b_after.iter().sum(), 1e-9));
    let claims_after = b_after
        .iter()
        .zip(bands.claims_per_member)
        .map(|(m, c)| m * c)
        .sum::<f64>()
        / b_after.iter().sum::<f64>();
    assert!(close(
        b.claims_per_member_after.unwrap(),
        claims_after,
        1e-6
    ));
    let claims_before = (20.0 * 1_000.0 + 30.0 * 5_000.0 + 50.0 * 20_000.0) / 100.0;
    assert!(close(
        b.claims_per_member_before.unwrap(),
        claims_before,
        1e-6
    ));
    assert!(
        claims_after > claims_before,
        "the healthy leave first: {claims_before} → {claims_after}"
    );
}

#[test]
fn employer_and_employee_totals_follow_the_members_and_new_contributions() {
    let p = worked_example();
    let out = run(&p).unwrap();
    let before: f64 = p.plans.iter().map(|t| t.members * t.employer_annual).sum();
    let after: f64 = p
        .plans
        .iter()
        .zip(&out.plans)
        .map(|(t, s)| s.after * t.new_employer_annual)
        .sum();
    assert!(close(out.employer_cost_before, before, 1e-6));
    assert!(close(out.employer_cost_after, after, 1e-6));
    assert!(close(out.employer_saving, before - after, 1e-6));
    // B's employer share fell by $600 for its 300 members if nobody had moved.
    assert!(close(
        out.employer_saving_if_nobody_moved,
        300.0 * 600.0,
        1e-6
    ));
}

#[test]
fn elasticity_is_beta_times_contribution_times_the_share_left() {
    // β −0.10 per $100, $2,400 a year, 30 % share: −0.10 × 24 × 0.7 = −1.68.
    assert!(close(own_elasticity(-0.10, 2_400.0, 0.3), -1.68, 1e-12));
    assert!(close(
        beta_for_elasticity(-1.68, 2_400.0, 0.3),
        -0.10,
        1e-12
    ));
}

#[test]
fn a_positive_premium_coefficient_is_refused() {
    let mut p = worked_example();
    p.premium_coefficient = 0.2;
    assert!(run(&p).is_err());
}

#[test]
fn tiers_choose_among_their_own_plans_only() {
    let mut p = worked_example();
    let mut fam = p.plans.clone();
    for t in &mut fam {
        t.tier = "FAM".into();
        t.new_contribution_annual = t.contribution_annual;
    }
    p.plans.extend(fam);
    let out = run(&p).unwrap();
    let fam_after: Vec<f64> = out.plans[3..].iter().map(|s| s.after).collect();
    for (got, want) in fam_after.iter().zip([500.0, 300.0, 200.0]) {
        assert!(close(*got, want, 1e-9), "FAM did not change: {fam_after:?}");
    }
}

#[test]
fn a_tier_whose_every_plan_is_withdrawn_is_refused() {
    let mut p = worked_example();
    for t in &mut p.plans {
        t.new_offered = false;
    }
    let e = run(&p).unwrap_err();
    assert!(e.0.contains("nowhere to go"), "{e}");
}
