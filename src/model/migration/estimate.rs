//! β estimated by maximum likelihood from two years of enrollment and contributions: the
//! year-2 enrollment of each tier is a multinomial draw from the calibrated logit's shares
//! (with the inertia given), so β is the value that makes what happened most likely.

use super::MigrationError;

/// One plan in one tier over two years.
#[derive(Debug, Clone, PartialEq)]
pub struct TwoYears {
    pub tier: String,
    pub code: String,
    /// Members enrolled in year 1 and in year 2.
    pub members_year1: f64,
    pub members_year2: f64,
    /// The change in the employee's contribution a year, year 2 − year 1.
    pub contribution_change_annual: f64,
}

/// The estimate and how precise it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BetaEstimate {
    /// β per $100 a year.
    pub beta: f64,
    /// Its standard error (from the curvature of the log-likelihood).
    pub standard_error: f64,
    /// Year-2 members the estimate rests on.
    pub members: f64,
}

impl BetaEstimate {
    /// The 95 % confidence interval, β ± 1.96 standard errors.
    pub fn interval_95(&self) -> (f64, f64) {
        let half = 1.96 * self.standard_error;
        (self.beta - half, self.beta + half)
    }
}

/// β by maximum likelihood over `rows` (any number of tiers), given the inertia.
pub fn estimate_beta(rows: &[TwoYears], inertia: f64) -> Result<BetaEstimate, MigrationError> {
    let groups = by_tier(rows);
    let varied = groups.iter().any(|g| {
        let first = g.first().map_or(0.0, |r| r.contribution_change_annual);
        g.iter()
            .any(|r| (r.contribution_change_annual - first).abs() > 0.5)
    });
    if !varied {
        return Err(MigrationError(
            "no tier saw contributions change by different amounts between the two years, so nothing shows how members respond to price".into(),
        ));
    }
    let members: f64 = rows.iter().map(|r| r.members_year2).sum();
    let ll = |beta: f64| log_likelihood(&groups, beta, inertia);
    let (lo, hi) = (-5.0, 0.0);
    let beta = golden_max(&ll, lo, hi);
    if beta > hi - 1e-6 {
        return Err(MigrationError(
            "members moved towards the plans that became dearer, so the data show no price sensitivity to estimate".into(),
        ));
    }
    if beta < lo + 1e-6 {
        return Err(MigrationError(
            "the estimate runs off the end of the search range (below −5 per $100 a year): check the contribution changes' units (dollars a year)".into(),
        ));
    }
    let h = 1e-3;
    let curvature = (ll(beta + h) - 2.0 * ll(beta) + ll(beta - h)) / (h * h);
    let standard_error = if curvature < 0.0 {
        (-1.0 / curvature).sqrt()
    } else {
        f64::INFINITY
    };
    Ok(BetaEstimate {
        beta,
        standard_error,
        members,
    })
}

fn by_tier(rows: &[TwoYears]) -> Vec<Vec<&TwoYears>> {
    let mut groups: Vec<Vec<&TwoYears>> = Vec::new();
    for r in rows {
        match groups.iter_mut().find(|g| g[0].tier == r.tier) {
            Some(g) => g.push(r),
            None => groups.push(vec![r]),
        }
    }
    groups
}

/// Σ over tiers and plans of year-2 members × ln(predicted share).
fn log_likelihood(groups: &[Vec<&TwoYears>], beta: f64, inertia: f64) -> f64 {
    groups
        .iter()
        .map(|g| {
            let total: f64 = g.iter().map(|r| r.members_year1).sum();
            if total <= 0.0 {
                return 0.0;
            }
            let weights: Vec<f64> = g
                .iter()
                .map(|r| {
                    r.members_year1 / total * (beta * r.contribution_change_annual / 100.0).exp()
                })
                .collect();
            let sum: f64 = weights.iter().sum();
            g.iter()
                .zip(&weights)
                .filter(|(r, _)| r.members_year2 > 0.0)
                .map(|(r, w)| {
                    let p = inertia * r.members_year1 / total + (1.0 - inertia) * w / sum;
                    r.members_year2 * p.max(1e-300).ln()
                })
                .sum::<f64>()
        })
        .sum()
}

/// The maximum of a unimodal `f` on [lo, hi] by golden-section search.
fn golden_max(f: &dyn Fn(f64) -> f64, mut lo: f64, mut hi: f64) -> f64 {
    let r = (5f64.sqrt() - 1.0) / 2.0;
    let (mut a, mut b) = (hi - r * (hi - lo), lo + r * (hi - lo));
    let (mut fa, mut fb) = (f(a), f(b));
    for _ in 0..200 {
        if hi - lo < 1e-9 {
            break;
        }
        if fa < fb {
            lo = a;
            a = b;
            fa = fb;
            b = lo + r * (hi - lo);
            fb = f(b);
        } else {
            hi = b;
            b = a;
            fb = fa;
            a = hi - r * (hi - lo);
            fa = f(a);
        }
    }
    (lo + hi) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dice::Dice;

    /// 5,000 members in two tiers; each draws its year-2 plan from the logit with `beta`.
    fn two_years(beta: f64, seed: u64) -> Vec<TwoYears> {
        let mut dice = Dice::new(seed);
        let mut rows = Vec::new();
        for (tier, counts, changes) in [
            ("EE", [1_800.0, 1_000.0, 700.0], [0.0, 600.0, -300.0]),
            ("FAM", [700.0, 500.0, 300.0], [240.0, 1_200.0, 0.0]),
        ] {
            let total: f64 = counts.iter().sum();
            let weights: Vec<f64> = counts
                .iter()
                .zip(changes)
                .map(|(n, c)| n / total * (beta * c / 100.0).exp())
                .collect();
            let mut year2 = [0.0; 3];
            for _ in 0..total as usize {
                year2[dice.weighted(&weights)] += 1.0;
            }
            for k in 0..3 {
                rows.push(TwoYears {
                    tier: tier.into(),
                    code: ["A", "B", "C"][k].into(),
                    members_year1: counts[k],
                    members_year2: year2[k],
                    contribution_change_annual: changes[k],
                });
            }
        }
        rows
    }

    #[test]
    fn the_estimate_recovers_a_known_beta_from_five_thousand_members() {
        let rows = two_years(-0.12, 11);
        let members: f64 = rows.iter().map(|r| r.members_year2).sum();
        assert_eq!(members, 5_000.0);
        let est = estimate_beta(&rows, 0.0).unwrap();
        assert!((est.beta - -0.12).abs() <= 0.012, "{est:?}");
        let (lo, hi) = est.interval_95();
        assert!(lo < -0.12 && -0.12 < hi, "{est:?}");
    }

    #[test]
    fn the_estimate_is_more_precise_with_more_members() {
        let small = estimate_beta(&two_years(-0.12, 3)[..3], 0.0).unwrap();
        let all = estimate_beta(&two_years(-0.12, 3), 0.0).unwrap();
        assert!(all.standard_error < small.standard_error);
    }

    #[test]
    fn no_price_difference_gives_no_estimate() {
        let mut rows = two_years(-0.12, 5);
        for r in &mut rows {
            r.contribution_change_annual = 120.0;
        }
        let e = estimate_beta(&rows, 0.0).unwrap_err();
        assert!(e.0.contains("nothing shows how members respond"), "{e}");
    }
}
