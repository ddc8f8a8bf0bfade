//! Compare's "Model a contribution change": move dollars of one plan's premium from the
//! employer to the employee (or back) on the plans and contribution mode on screen, and see
//! who moves, what the employer saves after they do and, with members' claims, who moves by
//! claims band. Saved as a `migration` scenario.

use super::command::AppCommand;
use super::theme;
use crate::model::migration::presets::{PRESETS, REVIEW};
use crate::model::migration::{self, ClaimBands, MigrationParams, PlanTier, fill};
use crate::model::scenario::{Scenario, ScenarioKind};
use crate::ui::a11y::Named;

/// The panel's inputs; the run follows them every frame (a few dozen plan-tier cells).
#[derive(Debug, Clone, PartialEq)]
pub struct ContributionChangePanel {
    /// Every plan and tier on screen, at today's contributions.
    today: Vec<PlanTier>,
    bands: Option<ClaimBands>,
    /// The plan whose employee contribution changes.
    pub plan: String,
    /// Dollars a month the employee pays more (negative: less), in every tier.
    pub monthly_usd: f64,
    pub beta: f64,
    pub inertia: f64,
    /// A design change's new premium factor and out-of-pocket change, when handed over.
    design: Option<DesignShift>,
    saved: Option<Box<ContributionChangePanel>>,
    asking_close: bool,
}

/// What a design change hands to a migration run: its premium scales by `premium_factor`
/// (the employer's dollars stay) and its expected out-of-pocket moves by `oop_change_annual`.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignShift {
    /// The plan whose design changed (the panel stays on it).
    pub plan: String,
    pub premium_factor: f64,
    pub oop_change_annual: f64,
    /// True under a percent-of-premium contribution: the employer's share scales too.
    pub employer_scales: bool,
}

/// Sets each plan's claims-band mix from the workspace's members and returns the bands, or
/// `None` when no member carries claims.
/// `cuts` are the thirds' cut points when the caller holds the claims already (Compare).
pub(crate) fn add_claim_bands(
    ws: &crate::store::Workspace,
    purchaser: Option<i64>,
    cmp: &crate::model::compare::Comparison,
    plans: &mut [PlanTier],
    cuts: Option<[f64; 2]>,
) -> Result<Option<ClaimBands>, String> {
    let mix = match cuts {
        Some(cuts) => ws.claim_bands_between(purchaser, cuts),
        None => ws.claim_bands(purchaser),
    }
    .map_err(|e| e.to_string())?;
    if mix.members_by_plan.is_empty() {
        return Ok(None);
    }
    for t in plans.iter_mut() {
        let id = cmp
            .columns
            .iter()
            .find(|c| c.plan.code == t.code)
            .map(|c| c.plan.id);
        t.band_shares = id.and_then(|id| mix.shares(id));
    }
    Ok(Some(ClaimBands {
        multipliers: migration::default_multipliers(),
        claims_per_member: mix.claims_per_member,
    }))
}

/// β −0.10 per $100 a year: the DESIGN example's value, inside the published range.
const DEFAULT_BETA: f64 = -0.10;

impl ContributionChangePanel {
    /// Opens on `plan` with +$50 a month, over the plans and tiers on screen.
    pub fn new(today: Vec<PlanTier>, bands: Option<ClaimBands>, plan: &str) -> Self {
        let mut panel = ContributionChangePanel {
            today,
            bands,
            plan: plan.to_string(),
            monthly_usd: 50.0,
            beta: DEFAULT_BETA,
            inertia: 0.0,
            design: None,
            saved: None,
            asking_close: false,
        };
        panel.start_clean();
        panel
    }

    /// Follows the plans and contribution mode on screen, keeping the user's inputs.
    pub fn set_today(&mut self, today: Vec<PlanTier>) {
        if today == self.today {
            return;
        }
        // Each plan keeps its own claims mix: matched by plan and tier, never by position.
        let mix = |code: &str| {
            self.today
                .iter()
                .find(|t| t.code == code)
                .and_then(|t| t.band_shares)
        };
        let today: Vec<PlanTier> = today
            .into_iter()
            .map(|mut t| {
                t.band_shares = t.band_shares.or_else(|| mix(&t.code));
                t
            })
            .collect();
        self.today = today;
        if let Some(saved) = self.saved.as_mut() {
            saved.today = self.today.clone();
        }
    }

    /// Prices a design change of `plan` with the enrollment shift it causes.
    pub fn with_design(mut self, shift: DesignShift) -> Self {
        self.design = Some(shift);
        self.monthly_usd = 0.0;
        self.start_clean();
        self
    }

    /// Takes the current inputs as the starting point: nothing is unsaved yet.
    pub fn start_clean(&mut self) {
        let mut copy = self.clone();
        copy.saved = None;
        copy.asking_close = false;
        self.saved = Some(Box::new(copy));
    }

    /// True when the inputs changed since the panel opened or was saved as a scenario.
    pub fn has_unsaved_work(&self) -> bool {
        let mut copy = self.clone();
        copy.saved = None;
        copy.asking_close = false;
        self.saved.as_deref().is_some_and(|s| *s != copy)
    }

    /// The run's inputs: today's plans with the chosen change applied.
    pub fn params(&self) -> MigrationParams {
        let mut plans = self.today.clone();
        fill::shift_contribution(&mut plans, &self.plan, self.monthly_usd);
        if let Some(d) = &self.design {
            for t in plans.iter_mut().filter(|t| t.code == d.plan) {
                let premium = (t.contribution_annual + t.employer_annual) * d.premium_factor;
                // The employer keeps its dollars, or under a percent of premium its share.
                let employer = if d.employer_scales {
                    t.employer_annual * d.premium_factor
                } else {
                    t.employer_annual
                };
                let employee =
                    (premium - employer.min(premium) + self.monthly_usd * 12.0).clamp(0.0, premium);
                t.new_contribution_annual = employee;
                t.new_employer_annual = premium - employee;
                t.new_oop = (t.oop + d.oop_change_annual).max(0.0);
            }
        }
        MigrationParams {
            plans,
            premium_coefficient: self.beta,
            oop_coefficient: None,
            inertia: self.inertia,
            claim_bands: self.bands.clone(),
        }
    }

    /// The change as a `migration` scenario.
    pub fn scenario(&self) -> Scenario {
        let what = if self.design.is_some() {
            format!("{}: design change with migration", self.plan)
        } else {
            format!(
                "{}: employees pay {} a month {}",
                self.plan,
                crate::format::money(self.monthly_usd.abs()),
                if self.monthly_usd >= 0.0 {
                    "more"
                } else {
                    "less"
                }
            )
        };
        let mut s = Scenario::new(ScenarioKind::Migration, &what);
        s.params = serde_json::to_value(self.params()).unwrap_or_default();
        s
    }

    /// Draws the inputs and the results; returns true when the user closes it. Save and
    /// Close sit by the heading, in sight without scrolling past the results.
    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<AppCommand>) -> bool {
        let mut close = false;
        ui.horizontal_wrapped(|ui| {
            ui.heading("Model a contribution change: who moves, and what it saves");
            if self.asking_close {
                return;
            }
            if ui
                .button("Save as scenario")
                .on_hover_text("Save this change in Scenarios as a plan migration, where it can be goal-sought, tabled and logged")
                .clicked()
            {
                self.save(commands);
            }
            if ui.button("Close").clicked() {
                if self.has_unsaved_work() {
                    self.asking_close = true;
                } else {
                    close = true;
                }
            }
        });
        if self.asking_close {
            close = self.close_question_ui(ui, commands);
        }
        self.inputs_ui(ui);
        match migration::run(&self.params()) {
            Ok(out) => super::migration_results::migration_results_ui(ui, &out, "compare_shift"),
            Err(e) => {
                ui.colored_label(theme::bad(ui.visuals().dark_mode), e.0);
            }
        }
        close
    }

    fn inputs_ui(&mut self, ui: &mut egui::Ui) {
        let codes: Vec<String> = self.today.iter().fold(Vec::new(), |mut v, t| {
            if !v.contains(&t.code) {
                v.push(t.code.clone());
            }
            v
        });
        ui.horizontal_wrapped(|ui| {
            let caption = ui.label("Plan");
            if let Some(d) = &self.design {
                // The design change belongs to its plan: the panel stays on it.
                self.plan = d.plan.clone();
                ui.label(egui::RichText::new(&self.plan).strong()).labelled_by(caption.id);
                return;
            }
            egui::ComboBox::from_id_salt("shift_plan")
                .selected_text(self.plan.clone())
                .width(160.0)
                .show_ui(ui, |ui| {
                    for code in &codes {
                        ui.selectable_value(&mut self.plan, code.clone(), code);
                    }
                })
                .response
                .labelled_by(caption.id);
            let caption = ui.label("Employees pay, a month, in every tier");
            ui.add(
                egui::DragValue::new(&mut self.monthly_usd)
                    .speed(5.0)
                    .range(-2_000.0..=2_000.0)
                    .custom_formatter(|v, _| crate::format::signed_money(v))
                    .custom_parser(|t| t.replace(['$', ',', ' ', '+'], "").parse().ok()),
            )
            .labelled_by(caption.id)
            .named("Employees pay more a month in every tier, dollars (negative: less)")
            .on_hover_text("More (positive) or less (negative) than today; the employer's share moves the other way and the premium stays");
        });
        if self.design.is_some() {
            ui.weak("The design change's new premium and out-of-pocket are priced in; the employer keeps its dollars.");
        }
        self.sensitivity_ui(ui);
    }

    fn sensitivity_ui(&mut self, ui: &mut egui::Ui) {
        let (contribution, share) = self.reference();
        ui.horizontal_wrapped(|ui| {
            let caption = ui.label("Price sensitivity (β per $100 a year)");
            ui.add(
                egui::DragValue::new(&mut self.beta)
                    .speed(0.005)
                    .range(-10.0..=0.0)
                    .max_decimals(3),
            )
            .labelled_by(caption.id)
            .named("Price sensitivity, beta per 100 dollars a year");
            let caption = ui.label("Studies");
            egui::ComboBox::from_id_salt("shift_preset")
                .selected_text("From a study…")
                .width(150.0)
                .show_ui(ui, |ui| {
                    for preset in PRESETS {
                        let (_, central, _) = preset.beta_for(contribution, share);
                        if ui
                            .selectable_label(false, format!("{}: β {central:.3}", preset.name))
                            .on_hover_text(format!("{}\n{}", preset.says, preset.citation))
                            .clicked()
                        {
                            self.beta = central;
                        }
                    }
                })
                .response
                .labelled_by(caption.id)
                .named("Price sensitivity from a published study")
                .on_hover_text(REVIEW);
            let caption = ui.label("Stay put whatever the price");
            let mut pct = self.inertia * 100.0;
            if ui
                .add(
                    egui::DragValue::new(&mut pct)
                        .speed(1.0)
                        .range(0.0..=100.0)
                        .suffix(" %"),
                )
                .labelled_by(caption.id)
                .named("Members who stay put whatever the price, percent")
                .changed()
            {
                self.inertia = pct / 100.0;
            }
        });
        ui.weak(format!(
            "Elasticity at this β for {} ({} a year, {:.0} % of its tier): {:.2}. Published estimates range from about 0 to −2; try the studies' values to see the spread.",
            self.plan,
            crate::format::money(contribution),
            share * 100.0,
            migration::own_elasticity(self.beta, contribution, share)
        ));
    }

    /// The changed plan's employee-only contribution and share (its first tier).
    fn reference(&self) -> (f64, f64) {
        let Some(t) = self.today.iter().find(|t| t.code == self.plan) else {
            return (1_200.0, 0.3);
        };
        let share = migration::tier_share(&self.today, t).unwrap_or(0.0);
        (t.contribution_annual, share)
    }

    fn save(&mut self, commands: &mut Vec<AppCommand>) {
        commands.push(AppCommand::SaveScenario {
            id: None,
            scenario: self.scenario(),
        });
        self.asking_close = false;
        self.start_clean();
    }

    fn close_question_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<AppCommand>) -> bool {
        let closing = super::close_question::close_question(
            ui,
            "contribution change",
            &mut self.asking_close,
        );
        if closing.save {
            self.save(commands);
        }
        closing.close
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_plan() -> Vec<PlanTier> {
        let mut plans = migration::worked_example().plans;
        plans.truncate(2);
        plans
    }

    #[test]
    fn a_design_and_a_monthly_shift_add_once_with_the_employer_keeping_its_dollars() {
        let shift = DesignShift {
            plan: "A".into(),
            premium_factor: 0.9,
            oop_change_annual: 300.0,
            employer_scales: false,
        };
        let mut panel = ContributionChangePanel::new(one_plan(), None, "A").with_design(shift);
        panel.monthly_usd = 10.0;
        let a = &panel.params().plans[0];
        // $1,200 + $6,000 a year at 90 % is $6,480; the employer keeps $6,000.
        assert!((a.new_contribution_annual - (6_480.0 - 6_000.0 + 120.0)).abs() < 1e-9);
        assert!((a.new_employer_annual - (6_000.0 - 120.0)).abs() < 1e-9);
        assert!((a.new_oop - 300.0).abs() < 1e-9);
    }

    #[test]
    fn under_a_percent_of_premium_the_employer_share_scales_with_the_design() {
        let shift = DesignShift {
            plan: "A".into(),
            premium_factor: 0.9,
            oop_change_annual: 0.0,
            employer_scales: true,
        };
        let panel = ContributionChangePanel::new(one_plan(), None, "A").with_design(shift);
        let a = &panel.params().plans[0];
        assert!((a.new_contribution_annual - 1_200.0 * 0.9).abs() < 1e-9);
        assert!((a.new_employer_annual - 6_000.0 * 0.9).abs() < 1e-9);
    }

    #[test]
    fn a_fresh_panel_holds_no_unsaved_work_and_an_edit_does() {
        let mut panel = ContributionChangePanel::new(one_plan(), None, "A");
        assert!(!panel.has_unsaved_work());
        panel.monthly_usd = 75.0;
        assert!(panel.has_unsaved_work());
        panel.start_clean();
        assert!(!panel.has_unsaved_work());
    }
}
