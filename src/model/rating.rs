//! Rates a set of plans or providers on the measure catalogue: scores, composite, stars,
//! certification. Measures no entity reports are left out of the set.

use super::quality::{self, Certification, Composite, MeasureScore, QualitySettings};
use crate::domain::Measure;
use serde::Serialize;
use std::collections::HashMap;

/// One measure of a rated entity: its raw value and normalised score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureLine {
    pub code: String,
    pub value: Option<f64>,
    pub score: Option<f64>,
    pub weight: f64,
    pub floor: f64,
}

/// A plan or provider with its composite, stars and certification.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rated {
    pub id: i64,
    pub name: String,
    pub measures: Vec<MeasureLine>,
    pub composite: Composite,
    pub stars: Option<f64>,
    pub certification: Certification,
}

/// Rates `entities` (id, name) from `results` keyed by (entity id, measure id); best first.
pub fn rate(
    entities: &[(i64, String)],
    measures: &[Measure],
    results: &HashMap<(i64, i64), f64>,
    settings: &QualitySettings,
) -> Vec<Rated> {
    let reported: Vec<&Measure> = measures
        .iter()
        .filter(|m| {
            entities
                .iter()
                .any(|(id, _)| results.contains_key(&(*id, m.id)))
        })
        .collect();
    let scores: Vec<Vec<Option<f64>>> = reported
        .iter()
        .map(|m| {
            let values: Vec<Option<f64>> = entities
                .iter()
                .map(|(id, _)| results.get(&(*id, m.id)).copied())
                .collect();
            quality::normalise_min_max(&values, m.higher_is_better)
        })
        .collect();
    let mut rated: Vec<Rated> = entities
        .iter()
        .enumerate()
        .map(|(i, (id, name))| {
            let lines: Vec<MeasureLine> = reported
                .iter()
                .zip(&scores)
                .map(|(m, s)| MeasureLine {
                    code: m.code.clone(),
                    value: results.get(&(*id, m.id)).copied(),
                    score: s[i],
                    weight: m.weight,
                    floor: m.floor,
                })
                .collect();
            let weighted: Vec<(f64, Option<f64>)> =
                lines.iter().map(|l| (l.weight, l.score)).collect();
            let composite = quality::composite(&weighted, settings.min_weight_share);
            let floors: Vec<MeasureScore> = lines
                .iter()
                .map(|l| MeasureScore {
                    code: l.code.clone(),
                    weight: l.weight,
                    score: l.score,
                    floor: l.floor,
                    value: l.value,
                })
                .collect();
            Rated {
                id: *id,
                name: name.clone(),
                stars: composite
                    .value()
                    .map(|c| quality::stars(c, settings.star_cuts)),
                certification: quality::certify(composite, &floors, settings),
                composite,
                measures: lines,
            }
        })
        .collect();
    rated.sort_by(|a, b| {
        let key = |r: &Rated| r.composite.value().unwrap_or(f64::NEG_INFINITY);
        key(b).total_cmp(&key(a)).then_with(|| a.name.cmp(&b.name))
    });
    rated
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(id: i64, code: &str, higher: bool, weight: f64) -> Measure {
        Measure {
            id,
            code: code.into(),
            name: code.into(),
            domain: String::new(),
            higher_is_better: higher,
            weight,
            unit: "%".into(),
            floor: 25.0,
        }
    }

    #[test]
    fn best_entity_is_ranked_first_and_certified() {
        let measures = [
            measure(1, "BCS", true, 1.0),
            measure(2, "READM", false, 3.0),
        ];
        let results = HashMap::from([
            ((10, 1), 80.0),
            ((10, 2), 8.0),
            ((20, 1), 60.0),
            ((20, 2), 12.0),
        ]);
        let rated = rate(
            &[(10, "A".into()), (20, "B".into())],
            &measures,
            &results,
            &QualitySettings::default(),
        );
        assert_eq!(rated[0].name, "A");
        assert_eq!(rated[0].composite.value(), Some(100.0));
        assert!(rated[0].certification.certified);
        assert!(!rated[1].certification.certified);
    }

    #[test]
    fn measures_nobody_reports_do_not_count_against_coverage() {
        let measures = [measure(1, "BCS", true, 1.0), measure(2, "ED", false, 3.0)];
        let results = HashMap::from([((10, 1), 80.0), ((20, 1), 60.0)]);
        let rated = rate(
            &[(10, "A".into()), (20, "B".into())],
            &measures,
            &results,
            &QualitySettings::default(),
        );
        assert_eq!(rated[0].measures.len(), 1);
        assert!(rated[0].composite.value().is_some());
    }
}
