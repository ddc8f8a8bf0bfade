//! Command line: `alliance-desk [--workspace FILE] <command>`.
//!
//! The flow: `main` parses [`Cli`]; without a command it starts the window with
//! [`Cli::startup_options`]; with one it calls [`run`], which hands the command's `Args` struct
//! whole to the module of that command (`info`, `generate`, `import`, `compare`, `scenario`,
//! `bench`). Each module opens the workspace through the store, calls the library and prints
//! through [`out!`], so a closed pipe (`| head`) ends the command quietly. Errors travel up as
//! `anyhow::Error`; [`exit_code`] maps input the user must fix to exit 2, anything else to 1.

mod av;
mod bench;
mod claims;
mod coalition;
mod compare;
mod export;
mod generate;
mod import;
mod info;
mod medicare;
mod prices;
mod scenario;

pub use bench::BenchTarget;
pub use compare::{CompareArgs, QualityArgs};
pub use export::{ExportCsvArgs, GuideArgs};
pub use generate::GenerateArgs;
pub use import::{ImportArgs, ImportsArgs};
pub use info::InfoArgs;
pub use scenario::ScenarioAction;

use crate::store::{StoreError, Workspace};
use crate::ui::{StartupOptions, View};
use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

/// Writes a line to stdout, returning an error (instead of panicking) when the pipe is closed.
#[macro_export]
macro_rules! out {
    () => {{
        use ::std::io::Write as _;
        writeln!(::std::io::stdout().lock())
    }};
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        writeln!(::std::io::stdout().lock(), $($arg)*)
    }};
}

/// Alliance Desk: plans, quality and negotiation scenarios for purchasing coalitions.
#[derive(Debug, Parser)]
#[command(name = "alliance-desk", version, about)]
pub struct Cli {
    /// Workspace file to open or create.
    #[arg(long, global = true)]
    pub workspace: Option<PathBuf>,
    /// Open the app on this view.
    #[arg(long, value_enum)]
    pub view: Option<View>,
    /// Open the app on the built-in sample workspace (created on first use).
    #[arg(long)]
    pub sample: bool,
    /// Open the app on the Import view with this workbook loaded and its rows checked.
    #[arg(long, value_name = "FILE")]
    pub import: Option<PathBuf>,
    /// A workspace (.adesk) to open, or a workbook to import: what a double-click in the file
    /// manager passes.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// What the desktop window starts with. A plain path is a workspace when its name says so
    /// (or it is a workspace already), and a workbook to import otherwise.
    pub fn startup_options(&self) -> StartupOptions {
        let (mut workspace, mut import) = (self.workspace.clone(), self.import.clone());
        if let Some(path) = &self.path {
            if is_workspace_path(path) {
                workspace = Some(path.clone());
            } else {
                import = Some(path.clone());
            }
        }
        StartupOptions {
            workspace,
            view: self.view,
            sample: self.sample,
            import,
        }
    }
}

/// True for `.adesk` (and `.db`/`.sqlite`) names and for existing files that are workspaces.
fn is_workspace_path(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(ext.as_str(), "adesk" | "db" | "sqlite")
        || (path.exists() && Workspace::looks_like_workspace(path))
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
    Generate(GenerateArgs),
    /// Print the workspace summary.
    Info(InfoArgs),
    /// Compare plans side by side: cost by tier, employer/employee share, member cost, quality.
    Compare(CompareArgs),
    /// Quality composites, stars and best-in-class certification of plans and providers.
    Quality(QualityArgs),
    /// Import a workbook (xlsx, xlsm, xlsb, xls, ods, csv, tsv) into the workspace.
    Import(ImportArgs),
    /// List imports, or undo one.
    Imports(ImportsArgs),
    /// Write a workspace table or a plan comparison as CSV (formula injection neutralised).
    ExportCsv(ExportCsvArgs),
    /// Write a report workbook (xlsx): comparison with live formulas, scenarios, plan guide.
    Export(export::ExportArgs),
    /// Write one purchaser's de-identified plan aggregates as a share package for coalition peers.
    Share(coalition::ShareArgs),
    /// Our plans' percentiles among the plans coalition peers shared.
    Benchmark(coalition::BenchmarkArgs),
    /// Write the employee plan guide for one purchaser as a self-contained HTML file.
    Guide(GuideArgs),
    /// Actuarial value by the CMS AV Calculator's method, for plans or a design given directly.
    Av(av::AvArgs),
    /// What Medicare would pay for one code: physician fee schedule, OPPS or an MS-DRG.
    MedicarePrice(medicare::MedicarePriceArgs),
    /// Each hospital's prices as a percent of Medicare, by setting and by payer and plan.
    Prices(prices::PricesArgs),
    /// Claims: total cost of care summary, and the same summary as SQL for an external engine.
    Claims {
        #[command(subcommand)]
        action: claims::ClaimsAction,
    },
    /// Write a workspace table as Parquet (for DuckDB, Spark or a warehouse).
    ExportParquet(claims::ExportParquetArgs),
    /// Encrypt this workspace with a passphrase (from ALLIANCE_DESK_PASSPHRASE or a prompt).
    Encrypt,
    /// Change an encrypted workspace's passphrase (the current one from ALLIANCE_DESK_PASSPHRASE,
    /// the new one from ALLIANCE_DESK_NEW_PASSPHRASE, or prompts); its backups follow.
    ChangePassphrase,
    /// Run, solve, save and list negotiation scenarios.
    Scenario {
        #[command(subcommand)]
        action: ScenarioAction,
    },
    /// Measure speed: scenario recompute, data tables, compare and import.
    Bench {
        #[command(subcommand)]
        what: BenchTarget,
    },
}

/// Runs a headless command; the caller maps errors to exit codes.
pub fn run(cli: &Cli, command: &Command) -> Result<()> {
    match command {
        Command::Generate(args) => generate::run(cli, args),
        Command::Info(args) => info::run(cli, args),
        Command::Compare(args) => compare::compare(cli, args),
        Command::Quality(args) => compare::quality(cli, args),
        Command::Import(args) => import::import(cli, args),
        Command::Imports(args) => import::imports(cli, args),
        Command::ExportCsv(args) => export::run(cli, args),
        Command::Guide(args) => export::guide(cli, args),
        Command::Export(args) => export::export(cli, args),
        Command::Share(args) => coalition::share(cli, args),
        Command::Benchmark(args) => coalition::benchmark(cli, args),
        Command::Av(args) => av::run(cli, args),
        Command::MedicarePrice(args) => medicare::run(cli, args),
        Command::Prices(args) => prices::run(cli, args),
        Command::Claims { action } => claims::run(cli, action),
        Command::ExportParquet(args) => claims::export_parquet(cli, args),
        Command::Encrypt => encrypt(cli),
        Command::ChangePassphrase => change_passphrase(cli),
        Command::Scenario { action } => scenario::run(cli, action),
        Command::Bench { what } => bench::run(what),
    }
}

/// Encrypts the workspace in place; its plain backups are deleted.
fn encrypt(cli: &Cli) -> Result<()> {
    let mut ws = open_existing_for_writing(cli)?;
    if ws.is_encrypted() {
        return Err(RejectedInput(format!("{}: already encrypted", ws.path().display())).into());
    }
    let pass = passphrase("New passphrase: ", true)?;
    let removed = ws.encrypt_in_place(&pass).map_err(user_store_error)?;
    crate::out!(
        "encrypted {}; {} deleted (a plain copy would defeat the passphrase)",
        ws.path().display(),
        crate::format::plural(removed.len(), "plain backup", "plain backups")
    )?;
    Ok(())
}

/// Re-encrypts the workspace and its backups under a new passphrase.
fn change_passphrase(cli: &Cli) -> Result<()> {
    let path = workspace_path(cli)?;
    if !crate::store::encryption::looks_encrypted(path) {
        // A plain workspace (or no file): say so before asking for any passphrase.
        let ws = open_existing_for_writing(cli)?;
        let path = ws.path().to_path_buf();
        return Err(user_store_error(StoreError::NotEncrypted { path }));
    }
    if crate::store::protect::in_use_by_window(path) {
        let path = path.to_path_buf();
        return Err(user_store_error(StoreError::InUse { path }));
    }
    let current = passphrase(
        &format!("Current passphrase for {}: ", path.display()),
        false,
    )?;
    let mut ws = Workspace::open_encrypted(path, &current).map_err(user_store_error)?;
    let new = new_passphrase()?;
    let backups = ws
        .change_passphrase(&current, &new)
        .map_err(user_store_error)?;
    crate::out!(
        "changed the passphrase of {}; {} re-encrypted with it",
        ws.path().display(),
        crate::format::plural(backups, "backup", "backups")
    )?;
    Ok(())
}

/// The environment variable the command line reads a new passphrase from (change-passphrase).
pub const NEW_PASSPHRASE_VAR: &str = "ALLIANCE_DESK_NEW_PASSPHRASE";

/// The new passphrase from ALLIANCE_DESK_NEW_PASSPHRASE, else asked for twice on the terminal.
fn new_passphrase() -> Result<String> {
    passphrase_from(
        NEW_PASSPHRASE_VAR,
        "a new passphrase",
        "New passphrase: ",
        true,
    )
}

/// Opens (or creates) the workspace a command writes to, warning on stderr when it sits on a
/// network file system or in a cloud-synced folder.
pub fn open_for_writing(path: &Path) -> Result<Workspace> {
    if crate::store::protect::in_use_by_window(path) {
        return Err(user_store_error(crate::store::StoreError::InUse {
            path: path.to_path_buf(),
        }));
    }
    let ws = if path.exists() {
        open_any(path)?
    } else {
        match std::env::var(PASSPHRASE_VAR) {
            // A passphrase in the environment makes a new workspace encrypted.
            Ok(p) if !p.is_empty() => Workspace::create_encrypted(path, &p),
            _ => Workspace::create(path),
        }
        .map_err(user_store_error)?
    };
    if ws.is_read_only() {
        return Err(RejectedInput(format!(
            "{}: the workspace is read-only (the file or its folder cannot be written); nothing was changed",
            path.display()
        ))
        .into());
    }
    if let Some(warning) = ws.location_warning() {
        eprintln!("warning: {}: {warning}", path.display());
    }
    Ok(ws)
}

/// Opens an existing workspace; a missing or foreign file is the user's to fix (exit 2).
pub fn open_existing(cli: &Cli) -> Result<Workspace> {
    let path = workspace_path(cli)?;
    if !path.exists() {
        return Err(RejectedInput(format!("{}: no such workspace", path.display())).into());
    }
    open_any(path)
}

/// The environment variable the command line reads a workspace passphrase from.
pub const PASSPHRASE_VAR: &str = "ALLIANCE_DESK_PASSPHRASE";

/// Opens a plain workspace, or an encrypted one with the passphrase from the environment or
/// a prompt (never from an argument, which other users could read in the process list).
fn open_any(path: &Path) -> Result<Workspace> {
    match Workspace::open(path) {
        Err(StoreError::Encrypted { .. }) => {
            let pass = passphrase(&format!("Passphrase for {}: ", path.display()), false)?;
            Workspace::open_encrypted(path, &pass).map_err(user_store_error)
        }
        other => other.map_err(user_store_error),
    }
}

/// The passphrase from ALLIANCE_DESK_PASSPHRASE, else asked for on the terminal (twice when
/// `confirm`); refused when neither is possible.
pub fn passphrase(prompt: &str, confirm: bool) -> Result<String> {
    passphrase_from(PASSPHRASE_VAR, "a passphrase", prompt, confirm)
}

/// `what` from the environment variable `var`, else from the terminal; refused when neither is
/// possible (a passphrase is never an argument).
fn passphrase_from(var: &str, what: &str, prompt: &str, confirm: bool) -> Result<String> {
    match std::env::var(var) {
        Ok(p) if !p.is_empty() => return Ok(p),
        Ok(_) => {
            return Err(RejectedInput(format!("{var} is set but empty; {what} is needed")).into());
        }
        Err(_) => {}
    }
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Err(RejectedInput(format!(
            "{what} is needed: set {var} or run in a terminal to be asked"
        ))
        .into());
    }
    prompt_passphrase(prompt, confirm)
}

/// Asks for a passphrase on the terminal, twice when `confirm`.
fn prompt_passphrase(prompt: &str, confirm: bool) -> Result<String> {
    let first = rpassword::prompt_password(prompt)?;
    if confirm && rpassword::prompt_password("Again: ")? != first {
        return Err(RejectedInput("the two passphrases differ; nothing was changed".into()).into());
    }
    if first.is_empty() {
        return Err(RejectedInput("a passphrase cannot be empty".into()).into());
    }
    Ok(first)
}

/// Opens an existing workspace to change it: refused while a window has it open, or when it
/// is read-only.
pub fn open_existing_for_writing(cli: &Cli) -> Result<Workspace> {
    let path = workspace_path(cli)?;
    if !path.exists() {
        return Err(RejectedInput(format!("{}: no such workspace", path.display())).into());
    }
    open_for_writing(path)
}

/// Refuses an output path the command cannot write as asked, before any work: a name whose
/// extension is not one of `extensions` (a workbook named `.csv` would open as garbage), or a
/// folder that does not exist.
pub fn check_output(path: &Path, extensions: &[&str], what: &str) -> Result<()> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !extensions.contains(&ext.as_str()) {
        return Err(RejectedInput(format!(
            "{}: {what} is written as .{}; name the file so",
            path.display(),
            extensions.join(" or .")
        ))
        .into());
    }
    let folder = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = folder.filter(|d| !d.is_dir()) {
        return Err(RejectedInput(format!("{}: no such folder", dir.display())).into());
    }
    Ok(())
}

/// Plan codes as given, each once (a code typed twice would be a column twice), in order.
pub fn distinct(codes: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for code in codes {
        if !out.contains(code) {
            out.push(code.clone());
        }
    }
    out
}

/// The `--workspace` path, required by this command.
pub fn workspace_path(cli: &Cli) -> Result<&Path> {
    match &cli.workspace {
        Some(p) => Ok(p),
        None => Err(RejectedInput("this command needs --workspace FILE".into()).into()),
    }
}

/// A file that is not a workspace (or is too new) is the user's to fix; a database failure is not.
fn user_store_error(e: StoreError) -> anyhow::Error {
    match e {
        StoreError::EmptyFile { .. }
        | StoreError::NotSqlite { .. }
        | StoreError::ForeignDatabase { .. }
        | StoreError::TooNew { .. }
        | StoreError::AlreadyExists { .. }
        | StoreError::InUse { .. }
        | StoreError::Encrypted { .. }
        | StoreError::WrongPassphrase { .. }
        | StoreError::AlreadyEncrypted { .. }
        | StoreError::NotEncrypted { .. }
        | StoreError::WeakPassphrase
        | StoreError::Damaged { .. }
        | StoreError::ReadOnlyNeedsUpgrade { .. } => RejectedInput(e.to_string()).into(),
        other => other.into(),
    }
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

/// True when the error is stdout closing under us (`alliance-desk … | head`): not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_pipe_is_recognised_through_context() {
        let io = std::io::Error::new(std::io::ErrorKind::BrokenPipe, "closed");
        let e = anyhow::Error::from(io).context("printing the table");
        assert!(is_broken_pipe(&e));
    }

    #[test]
    fn rejected_input_exits_two() {
        let e: anyhow::Error = RejectedInput("bad".into()).into();
        assert_eq!(exit_code(&e), 2);
        assert_eq!(exit_code(&anyhow::anyhow!("disk")), 1);
    }

    #[test]
    fn a_plain_workspace_path_opens_it_and_a_workbook_opens_the_import_view() {
        let cli = Cli::try_parse_from(["alliance-desk", "deals.adesk"]).unwrap();
        let start = cli.startup_options();
        assert_eq!(start.workspace, Some(PathBuf::from("deals.adesk")));
        assert_eq!(start.import, None);
        let cli = Cli::try_parse_from(["alliance-desk", "census.xlsx"]).unwrap();
        assert_eq!(
            cli.startup_options().import,
            Some(PathBuf::from("census.xlsx"))
        );
    }

    #[test]
    fn subcommands_still_win_over_a_plain_path() {
        let cli = Cli::try_parse_from(["alliance-desk", "info"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Info(_))));
    }

    #[test]
    fn view_names_parse_as_value_enum() {
        let cli = Cli::try_parse_from(["alliance-desk", "--view", "scenarios"]).unwrap();
        assert_eq!(cli.view, Some(View::Scenarios));
        assert!(Cli::try_parse_from(["alliance-desk", "--view", "nowhere"]).is_err());
    }
}
