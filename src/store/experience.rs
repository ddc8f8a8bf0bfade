//! Fills renewal inputs from a purchaser's spend history, members and current rates.

use super::{StoreResult, Workspace};
use crate::model::renewal::RenewalParams;

/// What the workspace knows about one purchaser's last 12 months.
#[derive(Debug, Clone, PartialEq)]
pub struct Experience {
    pub paid_claims: f64,
    pub rx_share: f64,
    pub member_months: f64,
    pub employees: f64,
    pub claimants: Vec<f64>,
    pub current_premium_pmpm: Option<f64>,
}

impl Workspace {
    /// The latest 12 months of spend, enrolled subscribers, large claimants above
    /// `claimant_threshold` and the current premium PMPM of a purchaser.
    pub fn experience(
        &self,
        purchaser_id: i64,
        claimant_threshold: f64,
    ) -> StoreResult<Experience> {
        let (paid, rx, mm): (f64, f64, f64) = self.conn().query_row(
            "SELECT coalesce(sum(medical_paid + rx_paid), 0), coalesce(sum(rx_paid), 0), coalesce(sum(member_months), 0)
             FROM (SELECT * FROM spend_history WHERE purchaser_id = ?1 ORDER BY year DESC, month DESC LIMIT 12)",
            [purchaser_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let employees: f64 = self.conn().query_row(
            "SELECT count(*) FROM member WHERE purchaser_id = ?1",
            [purchaser_id],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn().prepare(
            "SELECT annual_allowed_claims FROM member WHERE purchaser_id = ?1 AND annual_allowed_claims > ?2 ORDER BY annual_allowed_claims DESC",
        )?;
        let claimants = stmt
            .query_map((purchaser_id, claimant_threshold), |r| r.get(0))?
            .collect::<Result<Vec<f64>, _>>()?;
        let monthly_premium: Option<f64> = self.conn().query_row(
            "SELECT sum(r.monthly_premium) FROM member m JOIN plan_rate r ON r.plan_id = m.plan_id AND r.tier = m.tier
             AND r.year = (SELECT max(year) FROM plan_rate WHERE plan_id = m.plan_id) WHERE m.purchaser_id = ?1",
            [purchaser_id],
            |r| r.get(0),
        )?;
        let members_now = mm / 12.0;
        Ok(Experience {
            paid_claims: paid,
            rx_share: if paid > 0.0 { rx / paid } else { 0.0 },
            member_months: mm,
            employees,
            claimants,
            current_premium_pmpm: monthly_premium
                .filter(|_| members_now > 0.0)
                .map(|p| p / members_now),
        })
    }
}

impl Experience {
    /// Copies the experience into renewal inputs, keeping every assumption the user set.
    pub fn apply_to(&self, p: &mut RenewalParams) {
        p.paid_claims = (self.paid_claims * 100.0).round() / 100.0;
        p.rx_share = (self.rx_share * 10_000.0).round() / 10_000.0;
        p.member_months = self.member_months.max(1.0);
        p.employees = self.employees.max(1.0);
        p.claimants = self.claimants.clone();
        if let Some(c) = self.current_premium_pmpm {
            p.current_premium_pmpm = (c * 100.0).round() / 100.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{self, GenerateOptions};

    #[test]
    fn experience_sums_the_latest_twelve_months() {
        let mut ws = Workspace::in_memory().unwrap();
        generate::fill_workspace(
            &mut ws,
            GenerateOptions {
                members: 600,
                seed: 1,
            },
        )
        .unwrap();
        let (id, _, _) = ws.purchasers().unwrap()[0].clone();
        let e = ws.experience(id, 100_000.0).unwrap();
        let expected: f64 = ws
            .conn()
            .query_row("SELECT sum(member_months) FROM spend_history WHERE purchaser_id = ?1 AND year = 2025", [id], |r| r.get(0))
            .unwrap();
        assert_eq!(e.member_months, expected);
        assert!(e.rx_share > 0.1 && e.rx_share < 0.4);
        assert!(e.current_premium_pmpm.unwrap() > 100.0);
        assert!(e.claimants.iter().all(|c| *c > 100_000.0));
    }
}
