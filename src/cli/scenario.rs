//! `alliance-desk scenario …`: run, goal-seek, list, show and save scenario files.

use super::{Cli, OutputFormat, RejectedInput, open_existing};
use crate::model::scenario::{self, Scenario, display_value, output_label, output_unit};
use crate::out;
use anyhow::Result;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// `scenario` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ScenarioAction {
    /// Run a scenario file (no workspace needed; with one, the run is logged).
    Run {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// Solve one numeric input so that an output reaches a target.
    GoalSeek {
        file: PathBuf,
        #[arg(long)]
        input: String,
        #[arg(long)]
        output: String,
        /// The output's target, as a fraction for rates (0.05 = 5 %).
        #[arg(long, allow_negative_numbers = true)]
        target: f64,
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// List the scenarios saved in the workspace.
    List {
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// Print a saved scenario (by id or name) as a scenario file.
    Show { scenario: String },
    /// Save a scenario file into the workspace.
    Save { file: PathBuf },
    /// Estimate a migration's price sensitivity β by maximum likelihood from two years of
    /// enrollment: a CSV (Tier, Plan, Members year 1, Members year 2, Contribution change a
    /// year), or, without a file, the workspace's eligibility spans and plan rates.
    EstimateBeta {
        file: Option<PathBuf>,
        /// Without a file: whose enrollment (needed when the workspace has several purchasers).
        #[arg(long)]
        purchaser: Option<String>,
        /// Without a file: the second of the two plan years (default: the latest both the
        /// eligibility and the rates cover).
        #[arg(long)]
        year: Option<i32>,
        /// The share of members who stay put whatever the price (0–1).
        #[arg(long, default_value_t = 0.0)]
        inertia: f64,
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
}

/// Runs one `scenario` action.
pub fn run(cli: &Cli, action: &ScenarioAction) -> Result<()> {
    match action {
        ScenarioAction::Run { file, format } => run_file(cli, file, *format),
        ScenarioAction::EstimateBeta {
            file,
            purchaser,
            year,
            inertia,
            format,
        } => {
            if !(0.0..1.0).contains(inertia) {
                return Err(
                    RejectedInput("--inertia must be at least 0 and below 1".into()).into(),
                );
            }
            match file {
                Some(file) => estimate_beta(file, *inertia, *format),
                None => estimate_beta_from_workspace(
                    cli,
                    purchaser.as_deref(),
                    *year,
                    *inertia,
                    *format,
                ),
            }
        }
        ScenarioAction::GoalSeek {
            file,
            input,
            output,
            target,
            format,
        } => goal_seek(file, input, output, *target, *format),
        ScenarioAction::List { format } => list(cli, *format),
        ScenarioAction::Show { scenario } => show(cli, scenario),
        ScenarioAction::Save { file } => save(cli, file),
    }
}

/// Reads and checks a scenario file; a missing file or a bad one is the user's to fix (exit 2).
pub fn read_scenario(file: &Path) -> Result<Scenario> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| RejectedInput(format!("{}: cannot read: {e}", file.display())))?;
    Scenario::from_json(&text).map_err(|e| RejectedInput(format!("{}: {e}", file.display())).into())
}

fn run_file(cli: &Cli, file: &Path, format: OutputFormat) -> Result<()> {
    let s = read_scenario(file)?;
    let outputs = s
        .run()
        .map_err(|e| RejectedInput(format!("{}: {e}", file.display())))?;
    if let Some(path) = &cli.workspace {
        let mut ws = super::open_for_writing(path)?;
        ws.log_scenario_run(
            None,
            &s.params.to_string(),
            &Value::Object(outputs.clone()).to_string(),
        )?;
    }
    if format == OutputFormat::Json {
        let doc = json!({ "kind": s.kind.code(), "name": s.name, "outputs": outputs });
        out!("{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(());
    }
    out!("{} scenario: {}", s.kind.title(), s.name)?;
    let names = scenario::numeric_outputs(&outputs);
    let width = names
        .iter()
        .map(|n| output_label(n).chars().count())
        .max()
        .unwrap_or(0)
        .max(34);
    for name in names {
        let v = outputs
            .get(&name)
            .and_then(Value::as_f64)
            .unwrap_or(f64::NAN);
        out!(
            "  {:<width$} {:>18}",
            output_label(&name),
            display_value(output_unit(&name), v)
        )?;
    }
    print_members(&outputs)?;
    print_migration_plans(&outputs)
}

/// The plans of a migration run: members today and after, by tier.
fn print_migration_plans(outputs: &serde_json::Map<String, Value>) -> Result<()> {
    let Some(plans) = outputs.get("plans").and_then(Value::as_array) else {
        return Ok(());
    };
    out!()?;
    out!(
        "  {:<24} {:<5} {:>12} {:>12} {:>10}",
        "Plan",
        "Tier",
        "Today",
        "After",
        "Change"
    )?;
    for p in plans {
        let num = |k: &str| p.get(k).and_then(Value::as_f64).unwrap_or(f64::NAN);
        out!(
            "  {:<24} {:<5} {:>12} {:>12} {:>10}",
            p.get("code").and_then(Value::as_str).unwrap_or_default(),
            p.get("tier").and_then(Value::as_str).unwrap_or_default(),
            crate::format::grouped(num("before"), 1),
            crate::format::grouped(num("after"), 1),
            format!("{:+.1}", num("after") - num("before"))
        )?;
    }
    Ok(())
}

/// The members of a pooled run: alone, in the pool, saved (and the share of each method).
fn print_members(outputs: &serde_json::Map<String, Value>) -> Result<()> {
    let Some(members) = outputs.get("members").and_then(Value::as_array) else {
        return Ok(());
    };
    let method = outputs
        .get("allocation")
        .cloned()
        .and_then(|a| serde_json::from_value::<crate::model::pooled::Allocation>(a).ok())
        .unwrap_or_default();
    out!()?;
    let title = method.title();
    out!(
        "  Savings shared {}{} (\"Saves, net\" is after each member's share of the admin cost)",
        title.get(..1).unwrap_or_default().to_lowercase(),
        title.get(1..).unwrap_or_default()
    )?;
    out!(
        "  {:<32} {:>12} {:>14} {:>14} {:>12} {:>8} {:>12}",
        "Member",
        "Units",
        "Alone",
        "In the pool",
        "Saves, net",
        "Saves %",
        "By Shapley"
    )?;
    let money = |m: &Value, k: &str| {
        crate::format::money(m.get(k).and_then(Value::as_f64).unwrap_or(f64::NAN))
    };
    for m in members {
        out!(
            "  {:<32} {:>12} {:>14} {:>14} {:>12} {:>8} {:>12}",
            m.get("name").and_then(Value::as_str).unwrap_or_default(),
            crate::format::grouped(m.get("volume").and_then(Value::as_f64).unwrap_or(0.0), 0),
            money(m, "standalone_cost"),
            money(m, "allocated_cost"),
            money(m, "savings"),
            crate::format::pct(
                m.get("savings_pct")
                    .and_then(Value::as_f64)
                    .unwrap_or(f64::NAN)
            ),
            money(m, "shapley_savings")
        )?;
    }
    Ok(())
}

fn goal_seek(
    file: &Path,
    input: &str,
    output: &str,
    target: f64,
    format: OutputFormat,
) -> Result<()> {
    let s = read_scenario(file)?;
    let solved = scenario::goal_seek(&s, input, output, target)
        .map_err(|e| RejectedInput(format!("{}: {e}", file.display())))?;
    if format == OutputFormat::Json {
        out!("{}", serde_json::to_string_pretty(&solved)?)?;
        return Ok(());
    }
    out!("{}", scenario::goal_seek_sentence(&s, &solved))?;
    Ok(())
}

fn list(cli: &Cli, format: OutputFormat) -> Result<()> {
    let ws = open_existing(cli)?;
    let saved = ws.scenarios()?;
    if format == OutputFormat::Json {
        let rows: Vec<_> = saved
            .iter()
            .map(|s| json!({"id": s.id, "kind": s.scenario.kind.code(), "name": s.scenario.name, "updated_at": s.updated_at}))
            .collect();
        out!("{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    for s in saved {
        out!(
            "{:>5}  {:<10} {}  (saved {})",
            s.id,
            s.scenario.kind.title(),
            s.scenario.name,
            crate::format::local_time(&s.updated_at)
        )?;
    }
    Ok(())
}

fn show(cli: &Cli, key: &str) -> Result<()> {
    let ws = open_existing(cli)?;
    let Some(saved) = ws.find_scenario(key)? else {
        return Err(RejectedInput(format!("no saved scenario with id or name '{key}'")).into());
    };
    out!("{}", saved.scenario.to_json())?;
    Ok(())
}

fn save(cli: &Cli, file: &Path) -> Result<()> {
    let s = read_scenario(file)?;
    let mut ws = super::open_for_writing(super::workspace_path(cli)?)?;
    let id = ws.save_scenario(&s)?;
    out!("saved scenario {id}: {}", s.name)?;
    Ok(())
}

/// `scenario estimate-beta`: β, its standard error and 95 % interval, and the members used.
fn estimate_beta(file: &std::path::Path, inertia: f64, format: OutputFormat) -> Result<()> {
    let rows = crate::import::two_years::read(file).map_err(RejectedInput)?;
    let est = crate::model::migration::estimate::estimate_beta(&rows, inertia)
        .map_err(|e| RejectedInput(format!("{}: {e}", file.display())))?;
    print_estimate(
        &est,
        inertia,
        &file.display().to_string(),
        json!({}),
        format,
    )
}

/// `scenario estimate-beta` without a file: the panel of members the workspace's eligibility
/// holds in two consecutive plan years.
fn estimate_beta_from_workspace(
    cli: &Cli,
    purchaser: Option<&str>,
    year: Option<i32>,
    inertia: f64,
    format: OutputFormat,
) -> Result<()> {
    let ws = open_existing(cli)?;
    let (purchaser_id, name) = one_purchaser(&ws, purchaser)?;
    let history = ws.enrollment_history(purchaser_id, year)?.ok_or_else(|| {
        RejectedInput(format!(
            "{name} has no two consecutive plan years that both eligibility spans and plan rates cover; import eligibility (import --kind eligibility) and both years' rates"
        ))
    })?;
    let (year1, year2) = (history.year1, history.year2);
    let est = crate::model::migration::estimate::estimate_beta(&history.rows, inertia)
        .map_err(|e| RejectedInput(format!("{name}, {year1} to {year2}: {e}")))?;
    let source = format!("{name}'s enrollment, {year1} to {year2}");
    let panel = json!({
        "purchaser": name,
        "year1": year1,
        "year2": year2,
        "members_both_years": history.members_both_years,
        "members_one_year": history.members_one_year,
        "members_without_tier": history.members_without_tier,
        "plans_without_rates": history.plans_without_rates,
    });
    print_estimate(&est, inertia, &source, panel, format)?;
    if format != OutputFormat::Json {
        for line in history.notes() {
            out!("  {line}")?;
        }
    }
    Ok(())
}

/// The purchaser named, or the workspace's only one.
fn one_purchaser(ws: &crate::store::Workspace, name: Option<&str>) -> Result<(i64, String)> {
    if let Some(name) = name {
        let id = ws
            .purchaser_id(name)?
            .ok_or_else(|| RejectedInput(format!("no purchaser named '{name}'")))?;
        return Ok((id, name.to_string()));
    }
    let all = ws.purchasers()?;
    match all.as_slice() {
        [(id, name, _)] => Ok((*id, name.clone())),
        [] => Err(RejectedInput("the workspace has no purchaser".into()).into()),
        _ => Err(RejectedInput(format!(
            "name the purchaser with --purchaser (one of: {})",
            all.iter()
                .map(|p| p.1.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .into()),
    }
}

fn print_estimate(
    est: &crate::model::migration::estimate::BetaEstimate,
    inertia: f64,
    source: &str,
    extra: Value,
    format: OutputFormat,
) -> Result<()> {
    let (lo, hi) = est.interval_95();
    if format == OutputFormat::Json {
        let mut doc = json!({
            "premium_coefficient": est.beta,
            "standard_error": est.standard_error,
            "interval_95": [lo, hi],
            "members": est.members,
            "inertia": inertia,
        });
        if let (Some(doc), Value::Object(extra)) = (doc.as_object_mut(), extra) {
            doc.extend(extra);
        }
        out!("{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(());
    }
    out!("Price sensitivity estimated from {source}")?;
    out!("  β per $100 a year     {:>10.4}", est.beta)?;
    out!("  standard error        {:>10.4}", est.standard_error)?;
    out!("  95 % interval         {lo:>10.4} to {hi:.4}")?;
    out!(
        "  members in year 2     {:>10}",
        crate::format::count(est.members.round() as i64)
    )?;
    Ok(())
}
