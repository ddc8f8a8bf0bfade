//! Command-line interface: subcommands map one-to-one onto library calls.

use crate::generate::{self, GenerateOptions};
use crate::store::Workspace;
use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

/// Alliance Desk: plans, quality and negotiation scenarios for purchasing coalitions.
#[derive(Debug, Parser)]
#[command(name = "alliance-desk", version, about)]
pub struct Cli {
    /// Workspace file to open or create.
    #[arg(long, global = true)]
    pub workspace: Option<PathBuf>,
    /// Open the app on this view (members, import, compare, quality, scenarios).
    #[arg(long)]
    pub view: Option<String>,
    /// Open the app on the built-in sample workspace (created on first use).
    #[arg(long)]
    pub sample: bool,
    /// Open the app on the Import view with this workbook loaded and its rows checked.
    #[arg(long, value_name = "FILE")]
    pub import: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Output format of commands that print results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    #[default]
    Table,
    Json,
}

/// Headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill the workspace with realistic sample data (and optionally write sample workbooks).
    Generate {
        #[arg(long, default_value_t = 3000)]
        members: usize,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Also write the sample workbooks (xlsx and csv) into this folder.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the workspace summary.
    Info {
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// Compare plans side by side: cost by tier, employer/employee share, member cost, quality.
    Compare {
        /// Plan codes, comma-separated (2 to 6).
        #[arg(long, value_delimiter = ',', required = true)]
        plans: Vec<String>,
        /// Limit enrollment and claims to one purchaser (default: the whole coalition).
        #[arg(long)]
        purchaser: Option<String>,
        /// Baseline plan code for differences (default: the first plan).
        #[arg(long)]
        baseline: Option<String>,
        /// Model a contribution change: employer share of premium (0.8 = 80 %).
        #[arg(long)]
        employer_share: Option<f64>,
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// Quality composites, stars and best-in-class certification of plans and providers.
    Quality {
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// Import a workbook (xlsx, xlsm, xlsb, xls, ods, csv, tsv) into the workspace.
    Import {
        file: PathBuf,
        /// Sheet to read (default: the first visible sheet with a table).
        #[arg(long)]
        sheet: Option<String>,
        /// What the sheet holds: members, plans, rates, measures, measure_results,
        /// providers, volumes, price_tiers, spend (default: guessed from the headers).
        #[arg(long)]
        kind: Option<String>,
        /// Import the valid rows and list the rejected ones (default: all or nothing).
        #[arg(long)]
        skip_invalid: bool,
        /// Purchaser for a census without an employer column (created if new).
        #[arg(long)]
        purchaser: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// List imports, or undo one.
    Imports {
        /// Undo the import with this batch id.
        #[arg(long)]
        undo: Option<i64>,
    },
    /// Run, solve, save and list negotiation scenarios.
    Scenario {
        #[command(subcommand)]
        action: ScenarioAction,
    },
    /// Measure speed: scenario recompute and data tables.
    Bench {
        #[command(subcommand)]
        what: BenchTarget,
    },
}

/// `scenario` subcommands.
#[derive(Debug, Subcommand)]
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
}

/// `bench` targets.
#[derive(Debug, Subcommand)]
pub enum BenchTarget {
    /// One renewal recompute and a 50×50 two-parameter data table.
    Scenario {
        #[arg(long, default_value_t = 2000)]
        iterations: u32,
    },
    /// Import speed: calamine's raw parse of an N-row census against our full import.
    Import {
        #[arg(long, default_value_t = 100_000)]
        rows: usize,
        /// Timed runs of each; the best of each is reported (this machine's noise is ±10 %).
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
    /// Compare view over N generated members: SQL aggregation, then recompute.
    Compare {
        #[arg(long, default_value_t = 1_000_000)]
        members: usize,
    },
}

/// Runs a headless command; the caller maps errors to exit codes.
pub fn run(cli: &Cli, command: &Command) -> Result<()> {
    match command {
        Command::Generate { members, seed, out } => {
            cmd_generate(cli, *members, *seed, out.as_deref())
        }
        Command::Info { format } => cmd_info(cli, *format),
        Command::Scenario { action } => crate::cli_scenario::run(cli, action),
        Command::Import {
            file,
            sheet,
            kind,
            skip_invalid,
            purchaser,
            format,
        } => crate::cli_import::import(
            cli,
            file,
            sheet.clone(),
            kind.as_deref(),
            *skip_invalid,
            purchaser.clone(),
            *format,
        ),
        Command::Imports { undo } => crate::cli_import::imports(cli, *undo),

        Command::Compare {
            plans,
            purchaser,
            baseline,
            employer_share,
            format,
        } => crate::cli_compare::compare(
            cli,
            plans,
            purchaser.as_deref(),
            baseline.as_deref(),
            *employer_share,
            *format,
        ),
        Command::Quality { format } => crate::cli_compare::quality(cli, *format),

        Command::Bench { what } => crate::bench::run(cli, what),
    }
}

/// Opens (or creates) the workspace a command writes to, warning on stderr when it sits on a
/// network file system or in a cloud-synced folder.
pub fn open_for_writing(path: &Path) -> Result<Workspace> {
    let ws = Workspace::open_or_create(path)?;
    if let Some(warning) = ws.location_warning() {
        eprintln!("warning: {}: {warning}", path.display());
    }
    Ok(ws)
}

/// The `--workspace` path, required by this command.
pub fn workspace_path(cli: &Cli) -> Result<&Path> {
    match &cli.workspace {
        Some(p) => Ok(p),
        None => bail!("this command needs --workspace FILE"),
    }
}

fn cmd_generate(cli: &Cli, members: usize, seed: u64, out: Option<&Path>) -> Result<()> {
    let opts = GenerateOptions { members, seed };
    let data = match &cli.workspace {
        Some(path) => {
            let mut ws = open_for_writing(path)?;
            let data = generate::fill_workspace(&mut ws, opts)
                .with_context(|| format!("{}: could not write the sample data", path.display()))?;
            eprintln!(
                "{}: {} members from seed {seed}",
                path.display(),
                data.members.len()
            );
            data
        }
        None if out.is_some() => generate::sample_data(opts),
        None => bail!("generate needs --workspace FILE, --out DIR, or both"),
    };
    if let Some(dir) = out {
        for file in generate::write_workbooks(&data, dir)? {
            eprintln!("wrote {}", file.display());
        }
    }
    Ok(())
}

fn cmd_info(cli: &Cli, format: OutputFormat) -> Result<()> {
    let path = workspace_path(cli)?;
    if !path.exists() {
        bail!("{}: no such workspace", path.display());
    }
    let ws = Workspace::open(path)?;
    let summary = ws.summary()?;
    match format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&summary)?),
        OutputFormat::Table => {
            let rows = [
                ("Purchasers", summary.purchasers),
                ("Plans", summary.plans),
                ("Members", summary.members),
                ("Providers", summary.providers),
                ("Measures", summary.measures),
                ("Measure results", summary.measure_results),
                ("Service volumes", summary.service_volumes),
                ("Price tiers", summary.price_tiers),
                ("Spend months", summary.spend_months),
                ("Imports", summary.imports),
                ("Scenarios", summary.scenarios),
                ("Scenario runs", summary.scenario_runs),
            ];
            println!(
                "Workspace {} (schema v{})",
                summary.name, summary.schema_version
            );
            for (label, n) in rows {
                println!("  {label:<16} {:>10}", crate::format::count(n));
            }
        }
    }
    Ok(())
}

/// Raised for input the user must fix (a rejected import, a bad scenario file): exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RejectedInput(pub String);

/// Exit code for an error: 2 for rejected input, 1 for anything else.
pub fn exit_code(error: &anyhow::Error) -> u8 {
    if error.downcast_ref::<RejectedInput>().is_some() {
        2
    } else {
        1
    }
}
