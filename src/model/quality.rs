//! Quality composite and certification (DESIGN.md §4.2): normalisation, weighted composite
//! with the insufficient-data rule, half-star ratings, best-in-class, value score, frontier.

use serde::{Deserialize, Serialize};

/// Certification and star settings, saved in the workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualitySettings {
    /// Composite needed for best-in-class.
    pub threshold: f64,
    /// Share of the total weight that must be reported (0.7 = 70 %).
    pub min_weight_share: f64,
    /// Composite cut points between 1|2, 2|3, 3|4 and 4|5 stars.
    pub star_cuts: [f64; 4],
}

impl Default for QualitySettings {
    fn default() -> Self {
        QualitySettings {
            threshold: 80.0,
            min_weight_share: 0.7,
            star_cuts: [20.0, 40.0, 60.0, 80.0],
        }
    }
}

/// Min–max scores 0–100 across the compared entities (inverted when lower is better).
/// Missing values stay missing; when every value is equal, everyone scores 100
/// (no entity is penalised on a measure that does not tell them apart).
pub fn normalise_min_max(values: &[Option<f64>], higher_is_better: bool) -> Vec<Option<f64>> {
    let present: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    let (lo, hi) = present
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    values
        .iter()
        .map(|v| {
            let v = (*v).filter(|x| x.is_finite())?;
            if hi - lo <= 1e-12 {
                return Some(100.0);
            }
            let s = (v - lo) / (hi - lo) * 100.0;
            Some(if higher_is_better { s } else { 100.0 - s })
        })
        .collect()
}

/// Score 0–100 as the percentile of `value` in a benchmark table of (percentile, value) pairs,
/// interpolated linearly; inverted when lower is better.
pub fn normalise_benchmark(
    value: f64,
    table: &[(f64, f64)],
    higher_is_better: bool,
) -> Option<f64> {
    let mut t: Vec<(f64, f64)> = table.to_vec();
    t.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (first, last) = (t.first()?, t.last()?);
    let pct = if value <= first.1 {
        first.0
    } else if value >= last.1 {
        last.0
    } else {
        let i = t
            .windows(2)
            .position(|w| value >= w[0].1 && value <= w[1].1)?;
        let (a, b) = (t[i], t[i + 1]);
        a.0 + (b.0 - a.0) * (value - a.1) / (b.1 - a.1)
    };
    let pct = pct.clamp(0.0, 100.0);
    Some(if higher_is_better { pct } else { 100.0 - pct })
}

/// A composite score, or not enough measures reported.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Composite {
    Score { value: f64, weight_share: f64 },
    InsufficientData { weight_share: f64 },
}

impl Composite {
    /// The score, if there is one.
    pub fn value(self) -> Option<f64> {
        match self {
            Composite::Score { value, .. } => Some(value),
            Composite::InsufficientData { .. } => None,
        }
    }
}

/// Σ wᵢ·scoreᵢ / Σ wᵢ over measures present; insufficient when present weight < min share.
pub fn composite(scores: &[(f64, Option<f64>)], min_weight_share: f64) -> Composite {
    let total: f64 = scores.iter().map(|(w, _)| w.max(0.0)).sum();
    let present: f64 = scores
        .iter()
        .filter(|(_, s)| s.is_some())
        .map(|(w, _)| w.max(0.0))
        .sum();
    let share = if total > 0.0 { present / total } else { 0.0 };
    if present <= 0.0 || share + 1e-12 < min_weight_share {
        return Composite::InsufficientData {
            weight_share: share,
        };
    }
    let sum: f64 = scores
        .iter()
        .filter_map(|(w, s)| s.map(|s| w.max(0.0) * s))
        .sum();
    Composite::Score {
        value: sum / present,
        weight_share: share,
    }
}

/// Stars 1–5 in half steps: the position within the cut-point bands, rounded down to the half
/// star, so a plan shows N stars only once its composite reaches the N-star cut point (the
/// half star comes at the middle of a band).
pub fn stars(composite: f64, cuts: [f64; 4]) -> f64 {
    let mut bounds = vec![0.0];
    bounds.extend(cuts);
    bounds.push(100.0);
    let raw = if composite >= cuts[3] {
        5.0
    } else {
        let band = bounds
            .windows(2)
            .position(|w| composite < w[1])
            .unwrap_or(0);
        let (lo, hi) = (bounds[band], bounds[band + 1]);
        let frac = if hi > lo {
            ((composite - lo) / (hi - lo)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        1.0 + band as f64 + frac
    };
    ((raw * 2.0 + 1e-9).floor() / 2.0).clamp(1.0, 5.0)
}

/// The CMS Star Ratings weight of a measure domain: process 1, access and experience 2 (patient
/// experience measures count 2 in the Part C/D ratings before 2026's 4x), outcomes and
/// intermediate outcomes 3, improvement 5. Unknown domains weigh 1.
pub fn cms_weight(domain: &str) -> f64 {
    match domain.trim().to_ascii_lowercase().as_str() {
        "outcome" | "outcomes" | "intermediate outcome" | "intermediate_outcome" => 3.0,
        "experience" | "patient experience" | "access" => 2.0,
        "improvement" => 5.0,
        _ => 1.0,
    }
}

/// The floor every measure starts with (a normalised score out of 100).
pub const DEFAULT_FLOOR: f64 = 25.0;

/// A measure's normalised score with the floor it must clear.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureScore {
    pub code: String,
    pub weight: f64,
    pub score: Option<f64>,
    pub floor: f64,
    /// The reported result, quoted in reasons so the user can check it in the source file.
    pub value: Option<f64>,
}

/// The certification decision and, when refused, every rule that failed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Certification {
    pub certified: bool,
    pub reasons: Vec<String>,
}

/// Best in class: composite ≥ threshold and no reported measure below its floor. A measure
/// with weight 0 is switched off: it counts neither in the composite nor against a floor.
pub fn certify(
    composite: Composite,
    measures: &[MeasureScore],
    settings: &QualitySettings,
) -> Certification {
    let mut reasons = Vec::new();
    match composite {
        Composite::InsufficientData { weight_share } => reasons.push(format!(
            "insufficient data: {:.0} % of the measure weight reported ({:.0} % needed)",
            weight_share * 100.0,
            settings.min_weight_share * 100.0
        )),
        Composite::Score { value, .. } if value + 1e-9 < settings.threshold => {
            reasons.push(format!(
                "composite {value:.1} is below the threshold {:.1}",
                settings.threshold
            ))
        }
        Composite::Score { .. } => {}
    }
    for m in measures.iter().filter(|m| m.weight > 0.0) {
        if let Some(s) = m.score
            && s + 1e-9 < m.floor
        {
            let result = m.value.map_or(String::new(), |v| format!("result {v:.1} "));
            reasons.push(format!(
                "{}: {result}scores {s:.1} of 100 against the others rated, below its floor of {:.1}",
                m.code, m.floor
            ));
        }
    }
    Certification {
        certified: reasons.is_empty(),
        reasons,
    }
}

/// Value score: composite ÷ (cost per member ÷ median cost per member).
pub fn value_score(
    composite: f64,
    cost_per_member: f64,
    median_cost_per_member: f64,
) -> Option<f64> {
    if cost_per_member <= 0.0 || median_cost_per_member <= 0.0 {
        return None;
    }
    Some(composite / (cost_per_member / median_cost_per_member))
}

/// Median of a list (mean of the middle two when even).
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// Indexes of (cost, quality) points on the efficient frontier (no other point is at least
/// as cheap and at least as good, and better in one), ordered by cost.
pub fn efficient_frontier(points: &[(f64, f64)]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..points.len())
        .filter(|&i| points[i].0.is_finite() && points[i].1.is_finite())
        .collect();
    idx.sort_by(|&a, &b| {
        points[a]
            .0
            .total_cmp(&points[b].0)
            .then(points[b].1.total_cmp(&points[a].1))
    });
    let mut frontier = Vec::new();
    let mut best_quality = f64::NEG_INFINITY;
    for i in idx {
        if points[i].1 > best_quality {
            frontier.push(i);
            best_quality = points[i].1;
        }
    }
    frontier
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn min_max_scores_best_100_and_worst_0() {
        let s = normalise_min_max(&[Some(60.0), Some(80.0), Some(70.0), None], true);
        assert_eq!(s, vec![Some(0.0), Some(100.0), Some(50.0), None]);
    }

    #[test]
    fn lower_is_better_measures_are_inverted() {
        // readmissions 8 % (best), 12 % (worst)
        let s = normalise_min_max(&[Some(8.0), Some(12.0)], false);
        assert_eq!(s, vec![Some(100.0), Some(0.0)]);
    }

    #[test]
    fn all_entities_equal_on_a_measure_score_100() {
        assert_eq!(
            normalise_min_max(&[Some(5.0), Some(5.0)], true),
            vec![Some(100.0), Some(100.0)]
        );
    }

    #[test]
    fn benchmark_percentile_interpolates() {
        let table = [(25.0, 60.0), (50.0, 70.0), (75.0, 80.0), (90.0, 85.0)];
        // 75 lies halfway between the 50th (70) and 75th (80) percentile values → 62.5
        assert_eq!(normalise_benchmark(75.0, &table, true), Some(62.5));
        assert_eq!(normalise_benchmark(75.0, &table, false), Some(37.5));
    }

    #[test]
    fn composite_weights_scores() {
        // (1·90 + 3·50) / 4 = 60
        assert_eq!(
            composite(&[(1.0, Some(90.0)), (3.0, Some(50.0))], 0.7).value(),
            Some(60.0)
        );
    }

    #[test]
    fn composite_ignores_missing_measures_when_enough_weight_is_present() {
        // present 8 of 10 = 80 % ≥ 70 %: (3·80 + 5·40) / 8 = 55
        let c = composite(&[(3.0, Some(80.0)), (5.0, Some(40.0)), (2.0, None)], 0.7);
        assert_eq!(
            c,
            Composite::Score {
                value: 55.0,
                weight_share: 0.8
            }
        );
    }

    #[test]
    fn composite_reports_insufficient_data_below_seventy_percent() {
        // present 6 of 10 = 60 %
        let c = composite(&[(3.0, Some(80.0)), (3.0, Some(40.0)), (4.0, None)], 0.7);
        assert_eq!(c, Composite::InsufficientData { weight_share: 0.6 });
    }

    #[test]
    fn stars_round_to_half_stars_the_cms_way() {
        let cuts = [20.0, 40.0, 60.0, 80.0];
        assert_eq!(stars(50.0, cuts), 3.5); // band 3, halfway: 3.5
        assert_eq!(stars(45.0, cuts), 3.0); // 3.25: not yet halfway to the 4-star cut
        assert_eq!(stars(55.0, cuts), 3.5); // 3.75: four stars need the 60 cut point
        assert_eq!(stars(44.0, cuts), 3.0);
        assert_eq!(stars(0.0, cuts), 1.0);
        assert_eq!(stars(80.0, cuts), 5.0);
        assert_eq!(stars(79.0, cuts), 4.5); // below the 80 cut point: not five stars
    }

    #[test]
    fn certification_lists_every_failed_rule() {
        let settings = QualitySettings::default();
        let measures = vec![MeasureScore {
            code: "READM30".into(),
            weight: 3.0,
            score: Some(10.0),
            floor: 25.0,
            value: Some(18.2),
        }];
        let c = certify(
            Composite::Score {
                value: 72.0,
                weight_share: 1.0,
            },
            &measures,
            &settings,
        );
        assert!(!c.certified);
        assert_eq!(
            c.reasons,
            vec![
                "composite 72.0 is below the threshold 80.0",
                "READM30: result 18.2 scores 10.0 of 100 against the others rated, below its floor of 25.0"
            ]
        );
    }

    #[test]
    fn a_measure_weighted_zero_does_not_block_by_its_floor() {
        let measures = vec![MeasureScore {
            code: "READM30".into(),
            weight: 0.0,
            score: Some(10.0),
            floor: 25.0,
            value: Some(18.2),
        }];
        let c = certify(
            Composite::Score {
                value: 85.0,
                weight_share: 1.0,
            },
            &measures,
            &QualitySettings::default(),
        );
        assert!(c.certified, "{:?}", c.reasons);
    }

    #[test]
    fn certified_when_above_threshold_and_floors() {
        let measures = vec![MeasureScore {
            code: "BCS".into(),
            weight: 1.0,
            score: Some(30.0),
            floor: 25.0,
            value: Some(71.0),
        }];
        assert!(
            certify(
                Composite::Score {
                    value: 85.0,
                    weight_share: 1.0
                },
                &measures,
                &QualitySettings::default()
            )
            .certified
        );
    }

    #[test]
    fn value_score_rewards_quality_per_dollar() {
        // composite 80 at 1.25× the median cost → 64
        assert_eq!(value_score(80.0, 12_500.0, 10_000.0), Some(64.0));
    }

    #[test]
    fn frontier_keeps_only_undominated_points() {
        let pts = [
            (100.0, 50.0),
            (120.0, 70.0),
            (110.0, 40.0),
            (150.0, 65.0),
            (130.0, 90.0),
        ];
        assert_eq!(efficient_frontier(&pts), vec![0, 1, 4]);
    }

    proptest! {
        #[test]
        fn composite_is_within_0_and_100(scores in proptest::collection::vec((0.1f64..10.0, proptest::option::of(0.0f64..=100.0)), 1..12)) {
            if let Some(v) = composite(&scores, 0.0).value() {
                prop_assert!((-1e-9..=100.0 + 1e-9).contains(&v));
            }
        }

        #[test]
        fn certification_is_monotone_in_the_threshold(value in 0.0f64..100.0, t1 in 0.0f64..100.0, t2 in 0.0f64..100.0) {
            let (lo, hi) = if t1 <= t2 { (t1, t2) } else { (t2, t1) };
            let c = Composite::Score { value, weight_share: 1.0 };
            let at = |t: f64| certify(c, &[], &QualitySettings { threshold: t, ..Default::default() }).certified;
            prop_assert!(!at(hi) || at(lo), "certified at the higher threshold implies certified at the lower");
        }
    }
}
