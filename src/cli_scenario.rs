//! `alliance-desk scenario …`: run, goal-seek, list, show and save scenario files.

use crate::cli::{Cli, OutputFormat, RejectedInput, ScenarioAction, workspace_path};
use crate::model::scenario::{self, Scenario};
use crate::store::Workspace;
use anyhow::{Context, Result};
use serde_json::{Value, json};
use std::path::Path;

/// Runs one `scenario` action.
pub fn run(cli: &Cli, action: &ScenarioAction) -> Result<()> {
    match action {
        ScenarioAction::Run { file, format } => run_file(cli, file, *format),
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

/// Reads and checks a scenario file; problems are the user's to fix (exit 2).
pub fn read_scenario(file: &Path) -> Result<Scenario> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("{}: cannot read", file.display()))?;
    Scenario::from_json(&text).map_err(|e| RejectedInput(format!("{}: {e}", file.display())).into())
}

fn run_file(cli: &Cli, file: &Path, format: OutputFormat) -> Result<()> {
    let s = read_scenario(file)?;
    let outputs = s
        .run()
        .map_err(|e| RejectedInput(format!("{}: {e}", file.display())))?;
    if let Some(path) = &cli.workspace {
        let mut ws = crate::cli::open_for_writing(path)?;
        ws.log_scenario_run(
            None,
            &s.params.to_string(),
            &Value::Object(outputs.clone()).to_string(),
        )?;
    }
    match format {
        OutputFormat::Json => {
            let doc = json!({ "kind": s.kind.code(), "name": s.name, "outputs": outputs });
            println!("{}", serde_json::to_string_pretty(&doc)?);
        }
        OutputFormat::Table => {
            println!("{} scenario: {}", s.kind.title(), s.name);
            for name in scenario::numeric_outputs(&outputs) {
                let v = outputs
                    .get(&name)
                    .and_then(Value::as_f64)
                    .unwrap_or(f64::NAN);
                println!("  {name:<24} {}", crate::format::grouped(v, 4));
            }
        }
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
    match format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&solved)?),
        OutputFormat::Table => println!(
            "{input} = {} gives {output} = {} ({} iterations)",
            crate::format::grouped(solved.value, 6),
            crate::format::grouped(solved.achieved, 6),
            solved.iterations
        ),
    }
    Ok(())
}

fn list(cli: &Cli, format: OutputFormat) -> Result<()> {
    let ws = Workspace::open(workspace_path(cli)?)?;
    let saved = ws.scenarios()?;
    match format {
        OutputFormat::Json => {
            let rows: Vec<_> = saved
                .iter()
                .map(|s| json!({"id": s.id, "kind": s.scenario.kind.code(), "name": s.scenario.name, "updated_at": s.updated_at}))
                .collect();
            println!("{}", serde_json::to_string_pretty(&rows)?);
        }
        OutputFormat::Table => {
            for s in saved {
                println!(
                    "{:>5}  {:<10} {}  ({})",
                    s.id,
                    s.scenario.kind.code(),
                    s.scenario.name,
                    s.updated_at
                );
            }
        }
    }
    Ok(())
}

fn show(cli: &Cli, key: &str) -> Result<()> {
    let ws = Workspace::open(workspace_path(cli)?)?;
    let Some(saved) = ws.find_scenario(key)? else {
        return Err(RejectedInput(format!("no saved scenario with id or name '{key}'")).into());
    };
    println!("{}", saved.scenario.to_json());
    Ok(())
}

fn save(cli: &Cli, file: &Path) -> Result<()> {
    let s = read_scenario(file)?;
    let mut ws = Workspace::open_or_create(workspace_path(cli)?)?;
    let id = ws.save_scenario(&s)?;
    println!("saved scenario {id}: {}", s.name);
    Ok(())
}
