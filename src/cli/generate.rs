//! `alliance-desk generate`: seeded sample data into a workspace and/or sample workbooks.

use super::{Cli, RejectedInput, open_for_writing};
use crate::generate::{self, GenerateOptions};
use anyhow::{Context, Result};
use std::path::PathBuf;

/// `generate` options.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    #[arg(long, default_value_t = 3000)]
    pub members: usize,
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Also write the sample workbooks (xlsx and csv) into this folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Fills the workspace and/or writes the workbooks.
pub fn run(cli: &Cli, args: &GenerateArgs) -> Result<()> {
    let opts = GenerateOptions {
        members: args.members,
        seed: args.seed,
    };
    let data = match &cli.workspace {
        Some(path) => {
            let mut ws = open_for_writing(path)?;
            let data = generate::fill_workspace(&mut ws, opts)
                .with_context(|| format!("{}: could not write the sample data", path.display()))?;
            eprintln!(
                "{}: {} members from seed {}",
                path.display(),
                crate::format::count(data.members.len() as i64),
                args.seed
            );
            data
        }
        None if args.out.is_some() => generate::sample_data(opts),
        None => {
            return Err(RejectedInput(
                "generate needs --workspace FILE, --out DIR, or both".into(),
            )
            .into());
        }
    };
    if let Some(dir) = &args.out {
        for file in generate::write_workbooks(&data, dir)? {
            eprintln!("wrote {}", file.display());
        }
    }
    Ok(())
}
