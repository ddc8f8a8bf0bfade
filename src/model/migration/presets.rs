//! Published estimates of how strongly enrollment responds to the employee's contribution,
//! each with its citation: starting points for β, never one number presented as the truth.
//! The studies measure the response differently (an elasticity, a share switching for a
//! dollar rise, a share moving when a plan became free), so each turns into β for the plan
//! at hand: its contribution and share change what a given elasticity means.

/// What a study found, in its own terms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Finding {
    /// An own-premium elasticity of plan choice: its lowest, central and highest value.
    Elasticity { low: f64, central: f64, high: f64 },
    /// A monthly rise of `monthly_usd` made this share of a plan's members leave it.
    Switching {
        monthly_usd: f64,
        share_leaving: f64,
    },
    /// A plan's share of a tier before and after its annual contribution fell to zero.
    FreePlan { share_before: f64, share_after: f64 },
}

/// One published study.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Preset {
    pub name: &'static str,
    pub citation: &'static str,
    pub population: &'static str,
    /// The finding as the source states it.
    pub says: &'static str,
    pub finding: Finding,
}

/// The studies, oldest first.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "Buchmueller & Feldstein (University of California)",
        citation: "Buchmueller, T. C. & Feldstein, P. J. (1997). The effect of price on switching among health plans. Journal of Health Economics 16(2), 231–247.",
        population: "University of California employees, 1994, after a move to a fixed-dollar employer contribution",
        says: "A $10 a month premium increase caused 26 % of employees to switch plans.",
        finding: Finding::Switching {
            monthly_usd: 10.0,
            share_leaving: 0.26,
        },
    },
    Preset {
        name: "Cutler & Reber (Harvard)",
        citation: "Cutler, D. M. & Reber, S. J. (1998). Paying for Health Insurance: The Trade-Off between Competition and Adverse Selection. Quarterly Journal of Economics 113(2), 433–466.",
        population: "Harvard University employees, 1995–1996",
        says: "Elasticity −0.3 in the first year and −0.6 in the second (as a review reports the published paper); the working paper's short-run estimate is about −2.",
        finding: Finding::Elasticity {
            low: -0.3,
            central: -0.6,
            high: -2.0,
        },
    },
    Preset {
        name: "Royalty & Solomon (Stanford)",
        citation: "Royalty, A. B. & Solomon, N. (1999). Health Plan Choice: Price Elasticities in a Managed Competition Setting. Journal of Human Resources 34(1), 1–41.",
        population: "Stanford University employees choosing among HMO and POS plans",
        says: "Elasticity −0.55 (as a review summarises it); older, longer-tenured employees and families with a chronic condition respond less.",
        finding: Finding::Elasticity {
            low: -0.55,
            central: -0.55,
            high: -0.55,
        },
    },
    Preset {
        name: "Strombom, Buchmueller & Feldstein (University of California)",
        citation: "Strombom, B. A., Buchmueller, T. C. & Feldstein, P. J. (2002). Switching costs, price sensitivity and health plan choice. Journal of Health Economics 21(1), 89–116.",
        population: "University of California employees; employees 30 and under respond about twice as much as those over 45",
        says: "For the average plan, a $5 a month premium increase lowered its market share by 5 %.",
        finding: Finding::Switching {
            monthly_usd: 5.0,
            share_leaving: 0.05,
        },
    },
    Preset {
        name: "EBRI: an HSA-eligible plan made free",
        citation: "Fronstin, P. & Roebuck, M. C. (2017). The Impact of Offering Free Coverage on Enrollment Choice and Risk Selection in an HSA-eligible Health Plan. EBRI Issue Brief No. 435.",
        population: "Two large employers, 2011–2014; one dropped the employee premium of its HSA-eligible plan in 2013 (those attracted were slightly healthier)",
        says: "Enrollment in the HSA-eligible plan rose from 4 % to 25 % of employee-only coverage (from 3 % to 28 % of family coverage).",
        finding: Finding::FreePlan {
            share_before: 0.04,
            share_after: 0.25,
        },
    },
];

/// The review that frames them: "usually between zero and −0.75".
pub const REVIEW: &str = "Employer plan-choice elasticities usually lie between 0 and −0.75 (Price and Income Elasticity of the Demand for Health Insurance and Health Care Services: A Critical Review of the Literature, prepared for ASPE, US Department of Health and Human Services).";

impl Preset {
    /// β per $100 a year (lowest, central, highest response) for a plan whose employee pays
    /// `contribution_annual` and holds `share` of its tier.
    pub fn beta_for(&self, contribution_annual: f64, share: f64) -> (f64, f64, f64) {
        let share = share.clamp(0.0, 0.99);
        match self.finding {
            Finding::Elasticity { low, central, high } => {
                let b = |e| super::beta_for_elasticity(e, contribution_annual, share);
                (b(low), b(central), b(high))
            }
            Finding::Switching {
                monthly_usd,
                share_leaving,
            } => {
                let b = beta_for_switching(monthly_usd * 12.0, share_leaving, share);
                (b, b, b)
            }
            Finding::FreePlan {
                share_before,
                share_after,
            } => {
                let b = beta_for_free_plan(contribution_annual, share_before, share_after);
                (b, b, b)
            }
        }
    }
}

/// β such that a rise of `rise_annual` makes `share_leaving` of a plan's members leave it,
/// when the plan holds `share` of its tier: the kept fraction e^{βx}/(s·e^{βx} + 1 − s).
pub fn beta_for_switching(rise_annual: f64, share_leaving: f64, share: f64) -> f64 {
    let kept = 1.0 - share_leaving;
    let x = rise_annual / 100.0;
    if x <= 0.0 || kept <= 0.0 {
        return 0.0;
    }
    (kept * (1.0 - share) / (1.0 - kept * share)).ln() / x
}

/// β such that cutting a plan's `contribution_annual` to zero moves its share from `before`
/// to `after`: the odds of choosing it multiply by e^{−β·c/100}.
pub fn beta_for_free_plan(contribution_annual: f64, before: f64, after: f64) -> f64 {
    let odds = |s: f64| s / (1.0 - s);
    if contribution_annual <= 0.0 {
        return 0.0;
    }
    -(odds(after) / odds(before)).ln() / (contribution_annual / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_switching_finding_turns_into_the_beta_that_reproduces_it() {
        let share = 0.3;
        let beta = beta_for_switching(120.0, 0.26, share);
        let w = (beta * 1.2).exp();
        let kept = w / (share * w + 1.0 - share);
        assert!((kept - 0.74).abs() < 1e-12, "{kept}");
    }

    #[test]
    fn a_free_plan_finding_turns_into_the_beta_that_reproduces_it() {
        let beta = beta_for_free_plan(1_000.0, 0.04, 0.25);
        // Odds 0.04/0.96 times e^{−β·10} must give 0.25/0.75.
        let odds = 0.04 / 0.96 * (-beta * 10.0).exp();
        assert!((odds / (1.0 + odds) - 0.25).abs() < 1e-12);
    }

    #[test]
    fn every_preset_gives_a_negative_beta_for_a_typical_plan() {
        for p in PRESETS {
            let (low, central, high) = p.beta_for(2_400.0, 0.3);
            for b in [low, central, high] {
                assert!(b < 0.0 && b > -2.0, "{}: {b}", p.name);
            }
            assert!(!p.citation.is_empty());
        }
    }
}
