//! Starts the desktop app, or runs a CLI command when one is given.
//!
//! On Windows the release build is a GUI program (no console window opens behind the app),
//! and a command run from a terminal attaches to that terminal's console to print, as
//! Alacritty does: `windows_subsystem = "windows"` plus `AttachConsole(ATTACH_PARENT_PROCESS)`.

#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

use alliance_desk::cli::{self, Cli};
use clap::Parser;
use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    attach_parent_console();
    let args = Cli::parse();
    let Some(command) = &args.command else {
        return match alliance_desk::ui::run_app(args.startup_options()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("alliance-desk: {e:#}");
                ExitCode::from(1)
            }
        };
    };
    let result = cli::run(&args, command);
    report_peak_memory();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `alliance-desk … | head` closing the pipe is not a failure (as ripgrep treats it).
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("alliance-desk: {e:#}");
            ExitCode::from(cli::exit_code(&e))
        }
    }
}

/// With ALLIANCE_DESK_REPORT_PEAK_RSS set, prints the process's peak resident memory to
/// stderr (`peak_rss_kb=N`, Linux) for the hostile-input measurements.
fn report_peak_memory() {
    if std::env::var_os("ALLIANCE_DESK_REPORT_PEAK_RSS").is_none() {
        return;
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    if let Some(kb) = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    {
        eprintln!("peak_rss_kb={kb}");
    }
}

/// A GUI-subsystem program has no console: borrow the one it was started from, if any, so
/// `alliance-desk.exe info` prints in the terminal (double-clicking opens no console).
#[cfg(windows)]
fn attach_parent_console() {
    const ATTACH_PARENT_PROCESS: u32 = u32::MAX;
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn AttachConsole(process_id: u32) -> i32;
    }
    // SAFETY: AttachConsole takes a process id and has no memory preconditions; failure
    // (no parent console) is the normal case for a double-click and is ignored.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

#[cfg(not(windows))]
fn attach_parent_console() {}
