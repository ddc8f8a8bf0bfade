//! Compare's what-ifs: a design change of the baseline plan and a contribution change with
//! the migration it causes, each an editor with unsaved work until saved as a scenario.

use super::*;
use crate::model::migration::fill;
use crate::ui::contribution_change::{ContributionChangePanel, DesignShift, add_claim_bands};

impl CompareView {
    /// Opens the design what-if on the baseline plan, at its employee-only premium.
    pub(super) fn open_design_change(&mut self) {
        // An open change with unsaved edits stays: it is brought into sight, not replaced.
        if self.design.as_ref().is_some_and(|d| d.has_unsaved_work()) {
            self.to_top = true;
            return;
        }
        let (Some(inputs), Some(cmp)) = (&self.inputs, &self.result) else {
            return;
        };
        let Some(col) = cmp.columns.get(cmp.baseline) else {
            return;
        };
        let ee = col
            .cost
            .tiers
            .iter()
            .find(|t| t.tier == crate::domain::Tier::EE);
        let premium = ee.and_then(|t| t.monthly_premium).unwrap_or(0.0);
        let employee = ee.and_then(|t| t.employee_monthly).unwrap_or(premium * 0.2);
        let share = if premium > 0.0 {
            (employee / premium).clamp(0.0, 1.0)
        } else {
            0.2
        };
        let plan = inputs
            .plans
            .iter()
            .find(|p| p.code == col.plan.code)
            .unwrap_or(&col.plan);
        let mut panel = DesignChangePanel::new(plan, premium, share, &cmp.use_level_claims_usd);
        // Under a flat, defined or as-rated contribution the employer's dollars stay put and
        // the employee's share moves with the premium; a percent of premium moves both.
        if self.strategy != Strategy::Percent && premium > 0.0 {
            panel.params.employer_fixed_monthly = Some((premium - employee).clamp(0.0, premium));
        }
        panel.start_clean();
        self.design = Some(panel);
        // The panel sits above the table: bring it into sight wherever the view was scrolled.
        self.to_top = true;
    }

    /// Opens the design what-if (tests and `--view`).
    pub fn model_design_change(&mut self) {
        self.open_design_change();
    }

    /// Shows the top of the view (plan names, and the design panel when open) next frame.
    pub fn scroll_to_top(&mut self) {
        self.to_top = true;
    }

    /// The plan of the open design change when it holds unsaved edits.
    pub fn unsaved_design(&self) -> Option<String> {
        self.design
            .as_ref()
            .filter(|d| d.has_unsaved_work())
            .map(|d| d.plan_code().to_string())
    }

    /// Marks the open design change as saved (it was saved as a scenario elsewhere).
    pub fn design_saved(&mut self) {
        if let Some(d) = self.design.as_mut() {
            d.start_clean();
        }
    }

    /// The open design change as a scenario to save, when it holds unsaved edits.
    pub fn unsaved_design_scenario(&self) -> Option<crate::model::scenario::Scenario> {
        self.design
            .as_ref()
            .filter(|d| d.has_unsaved_work())
            .map(|d| d.scenario())
    }

    /// The inputs of the open design what-if, if any.
    pub fn design_params(&self) -> Option<crate::model::plan_design::PlanDesignParams> {
        self.design.as_ref().map(|d| d.params.clone())
    }

    /// Opens the contribution change on the plans and contribution mode on screen: on the
    /// baseline plan, or on the design change's plan with its premium and out-of-pocket.
    pub(super) fn open_contribution_change(
        &mut self,
        ws: &Workspace,
        design: Option<DesignShift>,
        commands: &mut Vec<AppCommand>,
    ) {
        if self.shift.as_ref().is_some_and(|p| p.has_unsaved_work()) {
            self.to_top = true;
            return;
        }
        let Some(cmp) = &self.result else { return };
        let mut plans = fill::plans_from_comparison(cmp);
        // The thirds of the claims Compare already holds: one pass over members, no sort.
        let cuts = self
            .inputs
            .as_ref()
            .filter(|i| cmp.claims_from_members && !i.claims.is_empty())
            .map(|i| crate::store::claim_bands::thirds(&i.claims));
        let bands = match add_claim_bands(ws, self.purchaser, cmp, &mut plans, cuts) {
            Ok(b) => b,
            Err(e) => {
                commands.push(AppCommand::Error(e));
                None
            }
        };
        let plan = match (&design, &self.design) {
            (Some(_), Some(d)) => d.plan_code().to_string(),
            _ => cmp
                .columns
                .get(cmp.baseline)
                .map(|c| c.plan.code.clone())
                .unwrap_or_default(),
        };
        let panel = ContributionChangePanel::new(plans, bands, &plan);
        self.shift = Some(match design {
            Some(d) => panel.with_design(d),
            None => panel,
        });
        self.to_top = true;
    }

    /// Keeps an open contribution change on the plans and contribution mode on screen.
    pub(super) fn follow_comparison(&mut self) {
        if let (Some(panel), Some(cmp)) = (self.shift.as_mut(), &self.result) {
            panel.set_today(fill::plans_from_comparison(cmp));
        }
    }

    /// Opens the contribution change (tests and `--view`).
    pub fn model_contribution_change(&mut self, ws: &Workspace) {
        let mut ignored = Vec::new();
        self.open_contribution_change(ws, None, &mut ignored);
    }

    /// The open contribution change's inputs, if any (tests).
    pub fn contribution_change(&mut self) -> Option<&mut ContributionChangePanel> {
        self.shift.as_mut()
    }

    /// The plan of the open contribution change when it holds unsaved edits.
    pub fn unsaved_shift(&self) -> Option<String> {
        self.shift
            .as_ref()
            .filter(|p| p.has_unsaved_work())
            .map(|p| p.plan.clone())
    }

    /// The open contribution change as a scenario to save, when it holds unsaved edits.
    pub fn unsaved_shift_scenario(&self) -> Option<crate::model::scenario::Scenario> {
        self.shift
            .as_ref()
            .filter(|p| p.has_unsaved_work())
            .map(|p| p.scenario())
    }

    /// Marks the open contribution change as saved (it was saved as a scenario elsewhere).
    pub fn shift_saved(&mut self) {
        if let Some(p) = self.shift.as_mut() {
            p.start_clean();
        }
    }
}
