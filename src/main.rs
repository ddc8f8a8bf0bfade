//! Starts the desktop app, or runs a CLI command when one is given.

use alliance_desk::cli::{self, Cli};
use clap::Parser;
use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
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
    match cli::run(&args, command) {
        Ok(()) => ExitCode::SUCCESS,
        // `alliance-desk … | head` closing the pipe is not a failure (as ripgrep treats it).
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("alliance-desk: {e:#}");
            ExitCode::from(cli::exit_code(&e))
        }
    }
}
