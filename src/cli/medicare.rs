//! `alliance-desk medicare-price`: what Medicare would pay for one code (DESIGN §4.9, §5).

use super::{OutputFormat, RejectedInput};
use crate::format::money;
use crate::model::medicare::{InpatientBasis, MedicareTables, PriceQuery, Setting};
use crate::out;
use anyhow::Result;

/// `medicare-price` options.
#[derive(Debug, clap::Args)]
pub struct MedicarePriceArgs {
    /// A HCPCS/CPT code (99213) or a three-digit MS-DRG (470).
    #[arg(long)]
    pub code: String,
    /// A HCPCS modifier (26 professional component, TC technical component).
    #[arg(long, default_value = "")]
    pub modifier: String,
    /// office or facility (physician fee schedule), outpatient (OPPS) or inpatient (MS-DRG);
    /// default inpatient for a three-digit code, office otherwise.
    #[arg(long, value_enum)]
    pub setting: Option<Setting>,
    /// Two-letter state (national when left out).
    #[arg(long)]
    pub state: Option<String>,
    /// Medicare locality number, for a state with several.
    #[arg(long)]
    pub locality: Option<String>,
    /// The hospital's area wage index (1.0 when left out).
    #[arg(long)]
    pub wage_index: Option<f64>,
    /// The inpatient basis: the state's 2021 average payment, or the FY 2021 DRG base.
    #[arg(long, value_enum, default_value_t)]
    pub basis: InpatientBasis,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

/// Prints the price, or why there is none (exit 2).
pub fn run(cli: &super::Cli, args: &MedicarePriceArgs) -> Result<()> {
    // With a workspace, a newer year imported from CMS's own files takes the embedded one's place.
    let tables = match &cli.workspace {
        Some(_) => crate::report::prices::medicare_tables(&super::open_existing(cli)?)?,
        None => MedicareTables::embedded(),
    };
    let query = PriceQuery {
        code: args.code.clone(),
        modifier: args.modifier.clone(),
        setting: args.setting,
        state: args.state.clone(),
        locality: args.locality.clone(),
        wage_index: args.wage_index,
        basis: args.basis,
    };
    let price = tables
        .price(&query)
        .map_err(|e| RejectedInput(e.to_string()))?;
    if args.format == OutputFormat::Json {
        out!("{}", serde_json::to_string_pretty(&price)?)?;
        return Ok(());
    }
    let place = match (&args.state, &args.locality) {
        (Some(s), Some(l)) => format!("{} locality {l}", s.to_ascii_uppercase()),
        (Some(s), None) => s.to_ascii_uppercase(),
        _ => "national".into(),
    };
    out!(
        "{} {} ({place}{}): {}",
        price.code,
        price.setting.code(),
        args.wage_index
            .map(|w| format!(", wage index {w}"))
            .unwrap_or_default(),
        money(price.medicare_allowed)
    )?;
    out!(
        "  basis {} · {} · {}",
        price.basis,
        price.year,
        price.source
    )?;
    if let Some(title) = tables
        .drg_title(&price.code)
        .filter(|_| price.setting == Setting::Inpatient)
    {
        out!("  MS-DRG {}: {title}", price.code)?;
    }
    Ok(())
}
