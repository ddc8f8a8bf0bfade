//! Gathers what a report holds from a workspace: the comparison of the chosen plans (or of the
//! plans a purchaser's employees are enrolled in), saved scenarios and the import provenance.
//! Shared by the `export` command and the Reports view.

use super::workbook::{Provenance, ReportContent};
use crate::model::compare::{self, CompareSettings, Comparison};
use crate::model::plan_cost::Contribution;
use crate::store::{StoreError, Workspace};

/// What the user asked to put in a report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportRequest {
    /// Plan codes to compare; empty with a purchaser means the plans it offers.
    pub compare: Vec<String>,
    pub scenario_ids: Vec<i64>,
    /// Limits enrollment to one purchaser and adds its employee plan guide.
    pub purchaser: Option<String>,
    /// The employer contribution the comparison uses; as rated when `None` (the app passes
    /// what Compare plans shows, so "as shown" means what the user saw).
    pub contribution: Option<Contribution>,
    /// The plan the others are measured against; the first plan when `None`.
    pub baseline: Option<String>,
    /// The plan year the employee guide is titled for; the plans' own year when `None`.
    pub plan_year: Option<i64>,
}

/// A request the workspace cannot answer, in words.
#[derive(Debug, thiserror::Error)]
pub enum AssembleError {
    #[error("no purchaser named '{0}'")]
    NoPurchaser(String),
    #[error("no medical plan with code {0}")]
    NoPlan(String),
    #[error("no saved scenario with id {0} (alliance-desk scenario list shows them)")]
    NoScenario(i64),
    #[error("{0} has no enrolled members, so there is no plan to compare")]
    NothingOffered(String),
    #[error("nothing to export: choose plans to compare, scenarios or a purchaser")]
    Empty,
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// Plans a report's comparison holds at most (one column each, printed one page wide).
pub const MAX_REPORT_PLANS: usize = 12;

/// The plans a population is enrolled in, by code.
pub fn offered_plans(ws: &Workspace, purchaser: Option<i64>) -> Result<Vec<String>, StoreError> {
    Ok(offered_codes(&ws.compare_inputs(purchaser)?))
}

/// The medical plans with enrolled members in `inputs`, by code.
fn offered_codes(inputs: &compare::CompareInputs) -> Vec<String> {
    inputs
        .plans
        .iter()
        .filter(|p| !p.dental_only)
        .filter(|p| {
            inputs
                .enrollment
                .get(&p.id)
                .is_some_and(|tiers| tiers.iter().any(|(_, n)| *n > 0.0))
        })
        .map(|p| p.code.clone())
        .collect()
}

/// The comparison a request asks for, if any.
fn comparison(
    ws: &Workspace,
    req: &ReportRequest,
    purchaser: Option<i64>,
) -> Result<Option<Comparison>, AssembleError> {
    let offered_to = match (&req.purchaser, req.compare.is_empty()) {
        (None, true) => return Ok(None),
        (Some(name), true) => Some(name),
        (_, false) => None,
    };
    let inputs = ws.compare_inputs(purchaser)?;
    let codes = match offered_to {
        Some(name) => {
            let offered = offered_codes(&inputs);
            if offered.is_empty() {
                return Err(AssembleError::NothingOffered(name.clone()));
            }
            offered
        }
        None => req.compare.clone(),
    };
    let settings = CompareSettings {
        plan_codes: codes,
        baseline: req.baseline.clone(),
        contribution: req.contribution.clone().unwrap_or(Contribution::AsRated),
        quality: ws.quality_settings()?,
        ..Default::default()
    };
    let cmp = compare::compare(&inputs, &settings);
    if !cmp.missing_plans.is_empty() {
        return Err(AssembleError::NoPlan(cmp.missing_plans.join(", ")));
    }
    Ok(Some(cmp))
}

/// Reads everything the request names; refuses unknown names before anything is written.
pub fn assemble(ws: &Workspace, req: &ReportRequest) -> Result<ReportContent, AssembleError> {
    let purchaser = match &req.purchaser {
        Some(name) => Some(
            ws.purchaser_id(name)?
                .ok_or_else(|| AssembleError::NoPurchaser(name.clone()))?,
        ),
        None => None,
    };
    let comparison = comparison(ws, req, purchaser)?;
    let mut scenarios = Vec::new();
    for id in &req.scenario_ids {
        let saved = ws.scenario(*id)?.ok_or(AssembleError::NoScenario(*id))?;
        scenarios.push(saved.scenario);
    }
    if comparison.is_none() && scenarios.is_empty() {
        return Err(AssembleError::Empty);
    }
    let provenance = ws
        .import_history()?
        .into_iter()
        .map(|b| Provenance {
            file: b.file_name,
            sheet: b.sheet,
            kind: b.kind,
            rows: b.row_count,
            sha256: b.file_sha256,
            imported_at: crate::format::local_time(&b.imported_at),
        })
        .collect();
    Ok(ReportContent {
        workspace: ws
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "(in memory)".into()),
        population: req
            .purchaser
            .clone()
            .unwrap_or_else(|| "Whole coalition".into()),
        generated_at: chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
        assumptions: assumptions(comparison.as_ref(), req.contribution.as_ref()),
        provenance,
        guide_for: req.purchaser.clone().filter(|_| comparison.is_some()),
        comparison,
        scenarios,
    })
}

fn assumptions(cmp: Option<&Comparison>, contribution: Option<&Contribution>) -> Vec<String> {
    let described =
        contribution.map_or_else(|| Contribution::AsRated.describe(), Contribution::describe);
    let mut out = vec![format!("Employer contribution: {described}")];
    if let Some(c) = cmp {
        let levels: Vec<String> = compare::USE_LEVELS
            .iter()
            .zip(&c.use_level_claims_usd)
            .map(|((label, _), v)| format!("{label}: {}", crate::format::money(*v)))
            .collect();
        out.push(format!(
            "Yearly claims at each use level ({}): {}",
            if c.claims_from_members {
                "from members' claims"
            } else {
                "a lognormal stand-in; members carry no claims"
            },
            levels.join("; ")
        ));
        out.push(
            "Actuarial value: CMS AV Calculator method over its 2026 continuance tables".into(),
        );
    }
    out
}

/// The comparison of the plans a population is enrolled in (medical plans only).
pub fn offered_comparison(
    ws: &Workspace,
    purchaser: Option<i64>,
) -> Result<Comparison, StoreError> {
    // One read of the aggregates serves both the plans offered and their comparison.
    let inputs = ws.compare_inputs(purchaser)?;
    let settings = CompareSettings {
        plan_codes: offered_codes(&inputs),
        quality: ws.quality_settings()?,
        ..Default::default()
    };
    Ok(compare::compare(&inputs, &settings))
}

/// Our plans' aggregates (for the benchmark): every plan our members are enrolled in.
pub fn our_aggregates(
    ws: &Workspace,
) -> Result<Vec<crate::model::benchmark::PlanAggregate>, StoreError> {
    let cmp = offered_comparison(ws, None)?;
    let spend = ws.plan_spend(None)?;
    Ok(cmp
        .columns
        .iter()
        .map(|c| crate::model::benchmark::aggregate(c, spend.get(&c.plan.id).copied()))
        .collect())
}

/// A purchaser's id and the comparison of the plans its employees are enrolled in.
fn purchaser_offer(ws: &Workspace, purchaser: &str) -> Result<(i64, Comparison), AssembleError> {
    let id = ws
        .purchaser_id(purchaser)?
        .ok_or_else(|| AssembleError::NoPurchaser(purchaser.to_string()))?;
    let cmp = offered_comparison(ws, Some(id))?;
    if cmp.columns.is_empty() {
        return Err(AssembleError::NothingOffered(purchaser.to_string()));
    }
    Ok((id, cmp))
}

/// A purchaser's share package content.
pub fn share_content(
    ws: &Workspace,
    purchaser: &str,
) -> Result<super::share::ShareContent, AssembleError> {
    let (id, cmp) = purchaser_offer(ws, purchaser)?;
    let spend = ws.plan_spend(Some(id))?;
    let sources = ws.sources_for_purchaser(id)?;
    let mut content = super::share::share_content(purchaser, &cmp, &spend, sources);
    // A hospital shares its own prices; the Medicare tables are read only when it has some.
    let ours: Vec<_> = ws
        .hospitals()?
        .into_iter()
        .filter(|h| h.name == purchaser)
        .collect();
    if !ours.is_empty() {
        let tables = super::prices::medicare_tables(ws)?;
        let rows = super::prices::hospital_rows(ws, &tables)?;
        let mine: Vec<_> = rows
            .into_iter()
            .filter(|r| r.hospital.name == purchaser)
            .collect();
        content.hospitals = super::share::hospital_lines(&mine);
    }
    Ok(content)
}

/// The employee plan guide (HTML) for a purchaser: the plans its employees are enrolled in,
/// titled for `plan_year` (the plans' own latest year when `None`).
pub fn guide_html(
    ws: &Workspace,
    purchaser: &str,
    plan_year: Option<i64>,
) -> Result<String, AssembleError> {
    let (_, cmp) = purchaser_offer(ws, purchaser)?;
    let year = plan_year.unwrap_or_else(|| plans_year(&cmp));
    Ok(super::guide::guide_html(purchaser, year, &cmp))
}

/// The latest plan year among a comparison's plans (2026 when none says).
pub fn plans_year(cmp: &Comparison) -> i64 {
    cmp.columns
        .iter()
        .map(|c| c.plan.year)
        .max()
        .unwrap_or(2026)
}
