//! Service volumes and vendor tier schedules, read as pooled-volume scenario inputs.

use super::{StoreResult, Workspace};
use crate::model::pooled::{Member, Tier};

/// A service line the workspace holds volumes or a schedule for.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceLine {
    pub service_code: String,
    /// The latest year with volumes (None when only a schedule exists).
    pub year: Option<i64>,
    pub schedule: Option<String>,
}

impl Workspace {
    /// Service lines with volumes or a price schedule, by code.
    pub fn service_lines(&self) -> StoreResult<Vec<ServiceLine>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT code, (SELECT max(year) FROM service_volume v WHERE v.service_code = code),
                    (SELECT min(schedule) FROM price_tier t WHERE t.service_code = code)
             FROM (SELECT service_code AS code FROM service_volume
                   UNION SELECT service_code FROM price_tier)
             ORDER BY code",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ServiceLine {
                service_code: r.get(0)?,
                year: r.get(1)?,
                schedule: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Each purchaser's volume and current unit price for a service in a year, by name.
    pub fn pool_members(&self, service_code: &str, year: i64) -> StoreResult<Vec<Member>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.name, v.annual_volume, v.current_unit_price FROM service_volume v
             JOIN purchaser p ON p.id = v.purchaser_id
             WHERE v.service_code = ?1 AND v.year = ?2 ORDER BY p.name",
        )?;
        let rows = stmt.query_map((service_code, year), |r| {
            Ok(Member {
                name: r.get(0)?,
                volume: r.get(1)?,
                current_unit_price: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A vendor schedule's tiers for a service, ascending.
    pub fn price_schedule(&self, schedule: &str, service_code: &str) -> StoreResult<Vec<Tier>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT min_volume, unit_price FROM price_tier
             WHERE schedule = ?1 AND service_code = ?2 ORDER BY min_volume",
        )?;
        let rows = stmt.query_map((schedule, service_code), |r| {
            Ok(Tier {
                min_volume: r.get(0)?,
                unit_price: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::generate::{self, GenerateOptions};
    use crate::store::Workspace;

    #[test]
    fn the_sample_lab_line_fills_a_pool() {
        let mut ws = Workspace::in_memory().unwrap();
        generate::fill_workspace(
            &mut ws,
            GenerateOptions {
                members: 20,
                seed: 7,
            },
        )
        .unwrap();
        let lines = ws.service_lines().unwrap();
        let lab = lines
            .iter()
            .find(|l| l.service_code == "LAB-PANEL")
            .unwrap();
        let members = ws.pool_members("LAB-PANEL", lab.year.unwrap()).unwrap();
        assert_eq!(members.len(), 3);
        let tiers = ws
            .price_schedule(lab.schedule.as_deref().unwrap(), "LAB-PANEL")
            .unwrap();
        assert_eq!(tiers.len(), 4);
        assert_eq!(tiers[2].unit_price, 8.25);
    }
}
