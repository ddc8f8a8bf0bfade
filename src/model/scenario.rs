//! Scenarios (DESIGN.md §4.6–4.7): a kind, a name and typed parameters as JSON; running,
//! goal seek, one- and two-parameter data tables, and tornado sensitivity for every kind.

pub use super::labels::{
    Better, OutputSpec, ParamSpec, Unit, display_delta, display_name, display_value, output_better,
    output_label, output_unit, param_specs, unit_of,
};
use super::{migration, plan_design, pooled, reference_price, renewal, value_based};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use super::kind::ScenarioKind;

impl ScenarioKind {
    /// Parses a `kind` string.
    pub fn parse(code: &str) -> Result<ScenarioKind, ScenarioError> {
        ScenarioKind::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or_else(|| {
                let known: Vec<_> = ScenarioKind::ALL.iter().map(|k| k.code()).collect();
                ScenarioError::UnknownKind(code.to_string(), known.join(", "))
            })
    }

    /// Parameters a new scenario of this kind starts from.
    pub fn default_params(self) -> Value {
        match self {
            ScenarioKind::Renewal => {
                serde_json::to_value(renewal::worked_example()).unwrap_or(Value::Null)
            }
            ScenarioKind::PooledVolume => {
                serde_json::to_value(pooled::worked_example()).unwrap_or(Value::Null)
            }
            ScenarioKind::ValueBased => {
                serde_json::to_value(value_based::worked_example()).unwrap_or(Value::Null)
            }
            ScenarioKind::PlanDesign => {
                serde_json::to_value(plan_design::worked_example()).unwrap_or(Value::Null)
            }
            ScenarioKind::Migration => {
                serde_json::to_value(migration::worked_example()).unwrap_or(Value::Null)
            }
            ScenarioKind::ReferencePrice => {
                serde_json::to_value(reference_price::worked_example()).unwrap_or(Value::Null)
            }
        }
    }

    /// The output that sensitivity (tornado) and the headline figures follow.
    pub fn key_output(self) -> &'static str {
        match self {
            ScenarioKind::Renewal => "required_pmpm",
            ScenarioKind::PooledVolume => "savings",
            ScenarioKind::ValueBased => "settlement",
            ScenarioKind::PlanDesign => "premium_new",
            ScenarioKind::Migration => "employer_cost_after",
            ScenarioKind::ReferencePrice => "savings",
        }
    }

    /// Numeric parameters that steer the computation rather than describe the deal (a seed,
    /// a sample size): left out of goal seek, data tables and tornado.
    fn settings_not_inputs(self) -> &'static [&'static str] {
        match self {
            ScenarioKind::Renewal => &[],
            ScenarioKind::PooledVolume => &["seed", "shapley_permutations"],
            ScenarioKind::ValueBased => &["seed", "trials"],
            ScenarioKind::PlanDesign => &["plan_year"],
            ScenarioKind::Migration => &[],
            ScenarioKind::ReferencePrice => &[],
        }
    }
}

/// Why a scenario could not be read, run or solved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScenarioError {
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("unknown scenario kind '{0}'; known kinds: {1}")]
    UnknownKind(String, String),
    #[error("scenario file: {0}")]
    Shape(String),
    #[error("params: {0}")]
    Params(String),
    #[error("{0}")]
    Invalid(String),
    #[error("'{0}' is not a numeric input of this scenario")]
    UnknownInput(String),
    #[error("'{0}' is not a numeric output of this scenario")]
    UnknownOutput(String),
    #[error("no solution in range: {0}")]
    NoSolution(String),
}

/// A named scenario of one kind with its parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub kind: ScenarioKind,
    pub name: String,
    #[serde(default)]
    pub notes: String,
    pub params: Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    kind: String,
    name: String,
    #[serde(default)]
    notes: Option<String>,
    params: Value,
}

impl Scenario {
    /// A new scenario of `kind` with its default parameters.
    pub fn new(kind: ScenarioKind, name: &str) -> Scenario {
        Scenario {
            kind,
            name: name.to_string(),
            notes: String::new(),
            params: kind.default_params(),
        }
    }

    /// Parses a scenario file, checking the kind and the parameters' names and types.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let raw: Value =
            serde_json::from_str(text).map_err(|e| ScenarioError::Json(e.to_string()))?;
        let raw: RawFile =
            serde_json::from_value(raw).map_err(|e| ScenarioError::Shape(e.to_string()))?;
        let kind = ScenarioKind::parse(&raw.kind)?;
        let scenario = Scenario {
            kind,
            name: raw.name,
            notes: raw.notes.unwrap_or_default(),
            params: raw.params,
        };
        scenario.typed_check()?;
        Ok(scenario)
    }

    /// A copy whose params carry every optional input with its default (a file may leave them
    /// out), so a form can show and edit each one.
    pub fn with_defaults(&self) -> Scenario {
        let typed = match self.kind {
            ScenarioKind::Renewal => renewal_params(&self.params).and_then(to_json_value),
            ScenarioKind::PooledVolume => pooled_params(&self.params).and_then(to_json_value),
            ScenarioKind::ValueBased => value_params(&self.params).and_then(to_json_value),
            ScenarioKind::PlanDesign => design_params(&self.params).and_then(to_json_value),
            ScenarioKind::Migration => migration_params(&self.params).and_then(to_json_value),
            ScenarioKind::ReferencePrice => reference_params(&self.params).and_then(to_json_value),
        };
        match typed {
            Ok(params) => Scenario {
                params,
                ..self.clone()
            },
            Err(_) => self.clone(),
        }
    }

    /// The scenario file text (pretty JSON).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    fn typed_check(&self) -> Result<(), ScenarioError> {
        match self.kind {
            ScenarioKind::Renewal => renewal_params(&self.params).map(|_| ()),
            ScenarioKind::PooledVolume => pooled_params(&self.params).map(|_| ()),
            ScenarioKind::ValueBased => value_params(&self.params).map(|_| ()),
            ScenarioKind::PlanDesign => design_params(&self.params).map(|_| ()),
            ScenarioKind::Migration => migration_params(&self.params).map(|_| ()),
            ScenarioKind::ReferencePrice => reference_params(&self.params).map(|_| ()),
        }
    }

    /// Runs the model and returns its outputs as a JSON object.
    pub fn run(&self) -> Result<Map<String, Value>, ScenarioError> {
        let value = match self.kind {
            ScenarioKind::Renewal => {
                let p = renewal_params(&self.params)?;
                let out = renewal::run(&p).map_err(|e| ScenarioError::Invalid(e.0))?;
                serde_json::to_value(out).map_err(|e| ScenarioError::Invalid(e.to_string()))?
            }
            ScenarioKind::PooledVolume => {
                let p = pooled_params(&self.params)?;
                let out = pooled::run(&p).map_err(|e| ScenarioError::Invalid(e.0))?;
                serde_json::to_value(out).map_err(|e| ScenarioError::Invalid(e.to_string()))?
            }
            ScenarioKind::ValueBased => {
                let p = value_params(&self.params)?;
                let out = value_based::run(&p).map_err(|e| ScenarioError::Invalid(e.0))?;
                serde_json::to_value(out).map_err(|e| ScenarioError::Invalid(e.to_string()))?
            }
            ScenarioKind::PlanDesign => {
                let p = design_params(&self.params)?;
                let out = plan_design::run(&p).map_err(|e| ScenarioError::Invalid(e.0))?;
                serde_json::to_value(out).map_err(|e| ScenarioError::Invalid(e.to_string()))?
            }
            ScenarioKind::Migration => {
                let p = migration_params(&self.params)?;
                let out = migration::run(&p).map_err(|e| ScenarioError::Invalid(e.0))?;
                serde_json::to_value(out).map_err(|e| ScenarioError::Invalid(e.to_string()))?
            }
            ScenarioKind::ReferencePrice => {
                let p = reference_params(&self.params)?;
                let out = reference_price::run(&p).map_err(|e| ScenarioError::Invalid(e.0))?;
                serde_json::to_value(out).map_err(|e| ScenarioError::Invalid(e.to_string()))?
            }
        };
        match value {
            Value::Object(map) => Ok(map),
            _ => Ok(Map::new()),
        }
    }

    /// Numeric inputs by name, in file order: top-level numbers, and the numbers inside lists
    /// of records as paths (`schedule.2.unit_price`, `members.0.volume`).
    pub fn numeric_inputs(&self) -> Vec<(String, f64)> {
        let Value::Object(map) = &self.params else {
            return Vec::new();
        };
        let skip = self.kind.settings_not_inputs();
        let mut inputs = Vec::new();
        for (k, v) in map.iter().filter(|(k, _)| !skip.contains(&k.as_str())) {
            if let Some(x) = v.as_f64() {
                inputs.push((k.clone(), x));
            }
            for (i, item) in v.as_array().into_iter().flatten().enumerate() {
                for (field, x) in item.as_object().into_iter().flatten() {
                    if let Some(x) = x.as_f64() {
                        inputs.push((format!("{k}.{i}.{field}"), x));
                    }
                }
            }
        }
        inputs
    }

    /// Value of a numeric input (a top-level name or a path such as `members.0.volume`).
    pub fn input(&self, name: &str) -> Option<f64> {
        slot(&self.params, name).and_then(Value::as_f64)
    }

    /// The label of an input or output of this scenario, with member names where the path
    /// points at a member (`members.1.volume` → "B: volume").
    pub fn label_of(&self, name: &str) -> String {
        let mut parts = name.split('.');
        let subject = match (
            parts.next(),
            parts.next().and_then(|i| i.parse::<usize>().ok()),
        ) {
            (Some(list), Some(index)) => super::labels::item_name_field(list).and_then(|key| {
                let item = self.params.get(list)?.get(index)?;
                let name = item.get(key)?.as_str()?;
                // A migration plan is one plan in one tier: "BCH-PPO500 EE".
                Some(match item.get("tier").and_then(Value::as_str) {
                    Some(tier) if list == "plans" => format!("{name} {tier}"),
                    _ => name.to_string(),
                })
            }),
            _ => None,
        };
        match subject {
            Some(subject) => super::labels::item_display_name(name, &subject),
            None => display_name(name),
        }
    }

    /// A copy with one numeric input replaced.
    pub fn with_input(&self, name: &str, value: f64) -> Result<Scenario, ScenarioError> {
        let mut next = self.clone();
        let Some(slot) = slot_mut(&mut next.params, name) else {
            return Err(ScenarioError::UnknownInput(name.to_string()));
        };
        if !(slot.is_number() || slot.is_null()) {
            return Err(ScenarioError::UnknownInput(name.to_string()));
        }
        *slot = serde_json::Number::from_f64(value)
            .map(Value::Number)
            .ok_or_else(|| ScenarioError::Invalid(format!("{name} must be a finite number")))?;
        Ok(next)
    }

    /// Runs and reads one numeric output.
    pub fn output(&self, name: &str) -> Result<f64, ScenarioError> {
        let out = self.run()?;
        out.get(name)
            .and_then(Value::as_f64)
            .ok_or_else(|| ScenarioError::UnknownOutput(name.to_string()))
    }
}

fn renewal_params(params: &Value) -> Result<renewal::RenewalParams, ScenarioError> {
    serde_json::from_value(params.clone()).map_err(|e| ScenarioError::Params(e.to_string()))
}

fn to_json_value(v: impl Serialize) -> Result<Value, ScenarioError> {
    serde_json::to_value(v).map_err(|e| ScenarioError::Params(e.to_string()))
}

fn value_params(params: &Value) -> Result<value_based::ValueBasedParams, ScenarioError> {
    serde_json::from_value(params.clone()).map_err(|e| ScenarioError::Params(e.to_string()))
}

fn design_params(params: &Value) -> Result<plan_design::PlanDesignParams, ScenarioError> {
    serde_json::from_value(params.clone()).map_err(|e| ScenarioError::Params(e.to_string()))
}

fn migration_params(params: &Value) -> Result<migration::MigrationParams, ScenarioError> {
    serde_json::from_value(params.clone()).map_err(|e| ScenarioError::Params(e.to_string()))
}

fn reference_params(
    params: &Value,
) -> Result<reference_price::ReferencePriceParams, ScenarioError> {
    serde_json::from_value(params.clone()).map_err(|e| ScenarioError::Params(e.to_string()))
}

fn pooled_params(params: &Value) -> Result<pooled::PooledParams, ScenarioError> {
    serde_json::from_value(params.clone()).map_err(|e| ScenarioError::Params(e.to_string()))
}

/// The value at a name or dotted path (`schedule.2.unit_price`).
fn slot<'a>(params: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(params, |v, part| match part.parse::<usize>() {
            Ok(i) if v.is_array() => v.get(i),
            _ => v.get(part),
        })
}

fn slot_mut<'a>(params: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    path.split('.')
        .try_fold(params, |v, part| match part.parse::<usize>() {
            Ok(i) if v.is_array() => v.get_mut(i),
            _ => v.get_mut(part),
        })
}

/// Names of a run's numeric outputs, in order.
pub fn numeric_outputs(outputs: &Map<String, Value>) -> Vec<String> {
    outputs
        .iter()
        .filter(|(_, v)| v.is_number())
        .map(|(k, _)| k.clone())
        .collect()
}

/// The answer of a goal seek.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalSeekResult {
    pub input: String,
    pub value: f64,
    pub output: String,
    pub achieved: f64,
    pub iterations: u32,
}

/// Solves `input` so that `output` equals `target`, expanding a bracket around the current
/// value (within the input's valid range) and then bisecting with secant steps.
pub fn goal_seek(
    s: &Scenario,
    input: &str,
    output: &str,
    target: f64,
) -> Result<GoalSeekResult, ScenarioError> {
    let x0 = s
        .input(input)
        .ok_or_else(|| ScenarioError::UnknownInput(input.to_string()))?;
    let f = |x: f64| -> Result<f64, ScenarioError> {
        Ok(s.with_input(input, x)?.output(output)? - target)
    };
    let f0 = f(x0)?;
    let mut iterations = 0;
    if f0 == 0.0 {
        return Ok(GoalSeekResult {
            input: input.into(),
            value: x0,
            output: output.into(),
            achieved: target,
            iterations,
        });
    }
    let (mut lo, mut hi, mut flo, mut fhi) =
        bracket(&f, x0, f0, &mut iterations).ok_or_else(|| {
            ScenarioError::NoSolution(format!(
                "no value of {} within its valid range makes {} equal {}",
                s.label_of(input),
                s.label_of(output),
                display_value(unit_of(output), target)
            ))
        })?;
    let scale = target.abs().max(1.0);
    for _ in 0..200 {
        iterations += 1;
        let secant = hi - fhi * (hi - lo) / (fhi - flo);
        let mid = 0.5 * (lo + hi);
        let x = if secant.is_finite()
            && secant > lo.min(hi)
            && secant < lo.max(hi)
            && iterations % 3 != 0
        {
            secant
        } else {
            mid
        };
        let fx = f(x)?;
        if fx.abs() <= 1e-10 * scale || (hi - lo).abs() <= 1e-12 * x.abs().max(1.0) {
            return Ok(GoalSeekResult {
                input: input.into(),
                value: x,
                output: output.into(),
                achieved: fx + target,
                iterations,
            });
        }
        if (fx < 0.0) == (flo < 0.0) {
            lo = x;
            flo = fx;
        } else {
            hi = x;
            fhi = fx;
        }
    }
    let x = 0.5 * (lo + hi);
    Ok(GoalSeekResult {
        input: input.into(),
        value: x,
        output: output.into(),
        achieved: f(x)? + target,
        iterations,
    })
}

type Bracket = (f64, f64, f64, f64);

fn bracket(
    f: &dyn Fn(f64) -> Result<f64, ScenarioError>,
    x0: f64,
    f0: f64,
    iterations: &mut u32,
) -> Option<Bracket> {
    let mut step = (x0.abs() * 0.05).max(1e-3);
    let (mut up_ok, mut down_ok) = (true, true);
    for _ in 0..80 {
        *iterations += 1;
        for dir in [1.0, -1.0] {
            let ok = if dir > 0.0 { &mut up_ok } else { &mut down_ok };
            if !*ok {
                continue;
            }
            let x = x0 + dir * step;
            match f(x) {
                Ok(fx) if (fx < 0.0) != (f0 < 0.0) || fx == 0.0 => {
                    return Some(if dir > 0.0 {
                        (x0, x, f0, fx)
                    } else {
                        (x, x0, fx, f0)
                    });
                }
                Ok(_) => {}
                Err(_) => *ok = false,
            }
        }
        if !up_ok && !down_ok {
            return None;
        }
        step *= 1.6;
    }
    None
}

/// One row of a one-parameter data table: the input value and each output.
pub type SweepRow = (f64, Vec<Option<f64>>);

/// A one-parameter data table: each value of `input` with the chosen outputs.
pub fn sweep_one(
    s: &Scenario,
    input: &str,
    values: &[f64],
    outputs: &[String],
) -> Result<Vec<SweepRow>, ScenarioError> {
    let mut rows = Vec::with_capacity(values.len());
    for &v in values {
        let run = s.with_input(input, v)?.run().ok();
        let cells = outputs
            .iter()
            .map(|o| run.as_ref().and_then(|r| r.get(o)).and_then(Value::as_f64))
            .collect();
        rows.push((v, cells));
    }
    Ok(rows)
}

/// A two-parameter data table of one output: `grid[i][j]` for `a_values[i]`, `b_values[j]`;
/// `None` where the inputs are invalid.
pub fn sweep_two(
    s: &Scenario,
    a: &str,
    a_values: &[f64],
    b: &str,
    b_values: &[f64],
    output: &str,
) -> Result<Vec<Vec<Option<f64>>>, ScenarioError> {
    let mut grid = Vec::with_capacity(a_values.len());
    for &va in a_values {
        let row_scenario = s.with_input(a, va)?;
        let mut row = Vec::with_capacity(b_values.len());
        for &vb in b_values {
            row.push(row_scenario.with_input(b, vb)?.output(output).ok());
        }
        grid.push(row);
    }
    Ok(grid)
}

/// `n` evenly spaced values from `lo` to `hi`.
pub fn linspace(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    match n {
        0 => Vec::new(),
        1 => vec![lo],
        _ => (0..n)
            .map(|i| lo + (hi - lo) * i as f64 / (n - 1) as f64)
            .collect(),
    }
}

/// One bar of a tornado chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TornadoBar {
    pub input: String,
    pub low_input: f64,
    pub high_input: f64,
    pub low_output: f64,
    pub high_output: f64,
    pub swing: f64,
}

/// Each non-zero numeric input at ±`pct`, ranked by the swing of `output` (largest first).
/// Inputs whose moved values are invalid are left out.
pub fn tornado(s: &Scenario, output: &str, pct: f64) -> Result<Vec<TornadoBar>, ScenarioError> {
    s.output(output)?;
    let mut bars = Vec::new();
    for (name, x) in s.numeric_inputs() {
        if x == 0.0 {
            continue;
        }
        let (lo_x, hi_x) = (x * (1.0 - pct), x * (1.0 + pct));
        let (Ok(lo), Ok(hi)) = (
            s.with_input(&name, lo_x)?.output(output),
            s.with_input(&name, hi_x)?.output(output),
        ) else {
            continue;
        };
        bars.push(TornadoBar {
            input: name,
            low_input: lo_x,
            high_input: hi_x,
            low_output: lo,
            high_output: hi,
            swing: (hi - lo).abs(),
        });
    }
    bars.sort_by(|a, b| {
        b.swing
            .total_cmp(&a.swing)
            .then_with(|| a.input.cmp(&b.input))
    });
    Ok(bars)
}

/// Difference of each numeric output of `other` from `baseline` (other − baseline).
pub fn output_differences(
    baseline: &Map<String, Value>,
    other: &Map<String, Value>,
) -> Vec<(String, f64, f64, f64)> {
    baseline
        .iter()
        .filter_map(|(k, v)| {
            let b = v.as_f64()?;
            let o = other.get(k)?.as_f64()?;
            Some((k.clone(), b, o, o - b))
        })
        .collect()
}

/// The goal-seek answer in words: "Medical trend = 3.18% gives Renewal change = 5.00%".
pub fn goal_seek_sentence(s: &Scenario, r: &GoalSeekResult) -> String {
    format!(
        "{} = {} gives {} = {} ({} steps)",
        s.label_of(&r.input),
        display_value(unit_of(&r.input), r.value),
        s.label_of(&r.output),
        display_value(unit_of(&r.output), r.achieved),
        r.iterations
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Scenario {
        Scenario::new(ScenarioKind::Renewal, "Example")
    }

    #[test]
    fn goal_seek_recovers_the_current_premium_for_a_known_change() {
        // required 585.89 with a +8.50 % change means current premium 540: ask for exactly that change.
        let s = example();
        let change = s.output("renewal_change").unwrap();
        let moved = s.with_input("current_premium_pmpm", 500.0).unwrap();
        let solved = goal_seek(&moved, "current_premium_pmpm", "renewal_change", change).unwrap();
        assert!((solved.value - 540.0).abs() < 0.005, "got {}", solved.value);
    }

    #[test]
    fn goal_seek_finds_the_trend_that_gives_a_zero_renewal() {
        let s = example();
        let solved = goal_seek(&s, "trend_medical", "renewal_change", 0.0).unwrap();
        let check = s
            .with_input("trend_medical", solved.value)
            .unwrap()
            .output("renewal_change")
            .unwrap();
        assert!(check.abs() < 1e-8);
        assert!(solved.value < 0.07);
    }

    #[test]
    fn goal_seek_reports_no_solution_when_target_is_unreachable() {
        // rx_share is capped at 100 %: no share makes the renewal +500 %.
        let err = goal_seek(&example(), "rx_share", "renewal_change", 5.0).unwrap_err();
        assert!(matches!(err, ScenarioError::NoSolution(_)), "{err}");
    }

    #[test]
    fn tornado_is_ranked_by_swing() {
        let bars = tornado(&example(), "required_pmpm", 0.10).unwrap();
        assert!(bars.windows(2).all(|w| w[0].swing >= w[1].swing));
        // paid claims move required PMPM far more than the admin fee does.
        let pos = |n: &str| bars.iter().position(|b| b.input == n).unwrap();
        assert!(pos("paid_claims") < pos("admin_pepm"));
    }

    #[test]
    fn two_parameter_table_has_one_cell_per_pair() {
        let s = example();
        let grid = sweep_two(
            &s,
            "trend_medical",
            &linspace(0.0, 0.1, 5),
            "loads_pct",
            &linspace(0.05, 0.15, 4),
            "renewal_change",
        )
        .unwrap();
        assert_eq!(grid.len(), 5);
        assert!(
            grid.iter()
                .all(|r| r.len() == 4 && r.iter().all(Option::is_some))
        );
        assert!(
            grid[4][0].unwrap() > grid[0][0].unwrap(),
            "higher trend, higher renewal"
        );
    }

    #[test]
    fn scenario_json_round_trips() {
        let s = example();
        let back = Scenario::from_json(&s.to_json()).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn unknown_kind_is_rejected_with_the_known_kinds() {
        let err = Scenario::from_json(r#"{"kind":"magic","name":"x","params":{}}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown scenario kind 'magic'; known kinds: renewal, pooled_volume, value_based, plan_design, migration, reference_price"
        );
    }

    #[test]
    fn missing_field_is_named() {
        let err =
            Scenario::from_json(r#"{"kind":"renewal","name":"x","params":{"paid_claims":1}}"#)
                .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("params: missing field `member_months`"),
            "{err}"
        );
    }

    #[test]
    fn wrong_type_is_named() {
        let mut v: Value = serde_json::from_str(&example().to_json()).unwrap();
        v["params"]["trend_medical"] = Value::String("seven percent".into());
        let err = Scenario::from_json(&v.to_string()).unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid type: string \"seven percent\", expected f64"),
            "{err}"
        );
    }

    #[test]
    fn nan_is_rejected() {
        let text = example()
            .to_json()
            .replace("\"trend_rx\": 0.1", "\"trend_rx\": NaN");
        let err = Scenario::from_json(&text).unwrap_err();
        assert!(matches!(err, ScenarioError::Json(_)), "{err}");
    }

    #[test]
    fn unknown_parameter_is_rejected() {
        let mut v: Value = serde_json::from_str(&example().to_json()).unwrap();
        v["params"]["trend_medicle"] = Value::from(0.07);
        let err = Scenario::from_json(&v.to_string()).unwrap_err();
        assert!(
            err.to_string().contains("unknown field `trend_medicle`"),
            "{err}"
        );
    }
}
