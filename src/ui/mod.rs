//! The desktop app: the only module that uses egui. Views read through the library and send
//! `AppCommand`s that the app applies once per frame.

mod app;
mod compare;
mod import;
mod members;
mod quality;
mod scenarios;
mod summary;
pub mod theme;

pub use app::{AllianceApp, AppCommand, Prefs, View};

use crate::cli::Cli;
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
    generate::fill_workspace(&mut ws, SAMPLE_OPTIONS)?;
    Ok(ws)
}

/// Starts the desktop window.
pub fn run_app(cli: &Cli) -> Result<()> {
    let explicit = cli.workspace.clone();
    let sample = cli.sample;
    let view = cli.view.as_deref().map(View::from_name).transpose()?;
    let import_file = cli.import.clone();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Alliance Desk")
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
