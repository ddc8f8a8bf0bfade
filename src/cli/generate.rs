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
    /// Also make the members' claims (Tuva layout): imported into the workspace, and written
    /// to --out as medical_claim/pharmacy_claim .csv and .parquet.
    #[arg(long)]
    pub claims: bool,
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
            if args.claims {
                let w = generate::fill_claims(&mut ws, &data, args.seed)?;
                eprintln!(
                    "{}: {} claim lines and {} pharmacy claims",
                    path.display(),
                    crate::format::count(w.lines as i64),
                    crate::format::count(w.fills as i64)
                );
            }
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
        if args.claims {
            write_claims(&data, opts, dir)?;
        }
    }
    Ok(())
}

/// Writes the claims as CSV, then as Parquet through a scratch workspace (the same columns
/// `export-parquet` writes).
fn write_claims(
    data: &generate::SampleData,
    opts: GenerateOptions,
    dir: &std::path::Path,
) -> Result<()> {
    let seed = opts.seed;
    let started = std::time::Instant::now();
    let w = generate::claims::write_csv(seed, &data.members, dir)?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "wrote {} claim lines and {} pharmacy claims to {} in {:.2} s ({:.1} M lines/s)",
        crate::format::count(w.lines as i64),
        crate::format::count(w.fills as i64),
        dir.display(),
        secs,
        (w.lines + w.fills) as f64 / secs.max(1e-9) / 1e6
    );
    let scratch = dir.join(".claims-scratch.adesk");
    let _ = std::fs::remove_file(&scratch);
    {
        let mut ws = crate::store::Workspace::create(&scratch)?;
        generate::fill_workspace(&mut ws, opts)?;
        for (csv, table) in [
            ("medical_claim.csv", "claim_line"),
            ("pharmacy_claim.csv", "pharmacy_claim"),
        ] {
            crate::import::claims::import_claims_file(
                &mut ws,
                &dir.join(csv),
                &Default::default(),
                &Default::default(),
            )?;
            let out = dir.join(csv.replace(".csv", ".parquet"));
            crate::report::parquet::export_table(&ws, table, &out)?;
            eprintln!("wrote {}", out.display());
        }
        let out = dir.join("eligibility.parquet");
        crate::report::parquet::export_table(&ws, "eligibility", &out)?;
        eprintln!("wrote {}", out.display());
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", scratch.display()));
    }
    Ok(())
}
