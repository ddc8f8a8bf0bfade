//! The desktop app: the only module that uses egui. Views read through the library and send
//! `AppCommand`s that the app applies once per frame.

mod a11y;
mod app;
mod benchmark;
mod cards;
mod chart_text;
mod claims;
mod close_question;
mod command;
mod compare;
mod contribution_change;
mod design_change;
mod guide;
mod hospital_prices;
mod import;
mod members;
mod migration_results;
mod paired_bars;
mod passphrase;
mod plan_picker;
mod quality;
mod reports;
mod scenario_file;
mod scenarios;
mod sticky;
mod summary;
pub mod theme;
mod view;
pub use contribution_change::{ContributionChangePanel, DesignShift};

pub use app::{AllianceApp, Prefs};
pub use command::AppCommand;
pub use reports::ReportKind;
pub use view::View;

use crate::generate::{self, GenerateOptions};
use crate::store::Workspace;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Seed and size of the built-in sample workspace every new user sees first.
pub const SAMPLE_OPTIONS: GenerateOptions = GenerateOptions {
    members: 3000,
    seed: 7,
};

/// Where the app keeps its own files (the sample workspace).
pub fn data_dir() -> PathBuf {
    directories::ProjectDirs::from("org", "Alliance Desk", "alliance-desk")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("alliance-desk"))
}

/// Opens the sample workspace, creating and filling it on first use.
pub fn open_sample_workspace(dir: &Path) -> Result<Workspace> {
    let path = dir.join("sample.adesk");
    if path.exists() {
        return Workspace::open(&path).with_context(|| format!("opening {}", path.display()));
    }
    let mut ws = Workspace::create(&path)?;
    let data = generate::fill_workspace(&mut ws, SAMPLE_OPTIONS)?;
    generate::fill_claims(&mut ws, &data, SAMPLE_OPTIONS.seed)?;
    Ok(ws)
}

/// Throws the sample workspace away and generates it again (for a sample the user emptied
/// or edited). The new file is built beside it and renamed over it, so a failure keeps the old.
pub fn rebuild_sample_workspace(dir: &Path) -> Result<Workspace> {
    let path = dir.join("sample.adesk");
    let fresh = dir.join("sample.rebuilding.adesk");
    remove_with_sidecars(&fresh);
    {
        let mut ws = Workspace::create(&fresh)?;
        let data = generate::fill_workspace(&mut ws, SAMPLE_OPTIONS)?;
        generate::fill_claims(&mut ws, &data, SAMPLE_OPTIONS.seed)?;
    }
    remove_with_sidecars(&path);
    std::fs::rename(&fresh, &path)
        .with_context(|| format!("replacing {} with the rebuilt sample", path.display()))?;
    Workspace::open(&path).with_context(|| format!("opening {}", path.display()))
}

/// Removes a closed workspace file and its WAL and shared-memory files, if there.
fn remove_with_sidecars(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        // Missing files are fine: the point is that none is left.
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// "Alliance Desk 0.1.0": the window title, with the version from Cargo.toml.
pub fn window_title() -> String {
    format!("Alliance Desk {}", env!("CARGO_PKG_VERSION"))
}

/// The app icon (assets/icon.png at 64×64, as raw RGBA so no image decoder is needed).
fn app_icon() -> egui::IconData {
    egui::IconData {
        rgba: include_bytes!("../../assets/icon-64.rgba").to_vec(),
        width: 64,
        height: 64,
    }
}

/// What came of a Browse… button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Browse {
    Picked(PathBuf),
    Cancelled,
    /// No dialog could be shown (no portal or zenity): the caller says so and points to the
    /// typed path.
    Unavailable,
}

/// The message shown when no file dialog exists on this system.
pub const NO_DIALOG: &str = "No file dialog is available on this system: type the full path in the box (or drop the file on the window).";

/// Runs a native file dialog. rfd returns at once with nothing when it has no backend, which
/// looks like a cancel; a "cancel" faster than a person can click is taken as no dialog.
pub fn browse(dialog: rfd::FileDialog, save: bool) -> Browse {
    let started = std::time::Instant::now();
    let picked = if save {
        dialog.save_file()
    } else {
        dialog.pick_file()
    };
    match picked {
        Some(p) => Browse::Picked(p),
        None if started.elapsed() < std::time::Duration::from_millis(250) => Browse::Unavailable,
        None => Browse::Cancelled,
    }
}

/// What the window opens on, from the command line.
#[derive(Debug, Clone, Default)]
pub struct StartupOptions {
    /// Workspace to open (default: the last one, or the sample).
    pub workspace: Option<PathBuf>,
    /// View to show first.
    pub view: Option<View>,
    /// Open the built-in sample workspace.
    pub sample: bool,
    /// Workbook to load into the Import view.
    pub import: Option<PathBuf>,
}

/// Starts the desktop window.
pub fn run_app(startup: StartupOptions) -> Result<()> {
    let StartupOptions {
        workspace: explicit,
        view,
        sample,
        import: import_file,
    } = startup;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(window_title())
            .with_app_id("alliance-desk")
            .with_icon(app_icon())
            .with_inner_size([1360.0, 840.0])
            .with_min_inner_size([900.0, 560.0]),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "Alliance Desk",
        options,
        Box::new(move |cc| {
            let prefs: Prefs = cc
                .storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default();
            let target = if sample {
                None
            } else {
                explicit.or_else(|| prefs.recent.first().cloned())
            };
            let mut app = AllianceApp::new(prefs);
            app.open_startup(target.as_deref());
            if let Some(v) = view {
                app.set_view(v);
            }
            if let Some(file) = import_file {
                app.open_for_import(file, &cc.egui_ctx);
            }

            theme::apply(&cc.egui_ctx, app.prefs().dark);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not start the window: {e}"))
}
