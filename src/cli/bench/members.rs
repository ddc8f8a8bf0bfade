//! `bench members`: the Members table's cost per sort and filter over generated members.

use super::{ms, tempfile_dir};
use crate::format::count;
use crate::store::{MEMBER_PAGE_ROWS, MemberFilter, MemberSort, SortColumn, Workspace};
use anyhow::Result;
use std::time::Instant;

/// One frame at 60 Hz: what a page read must stay under.
const FRAME_MS: f64 = 16.0;

/// Prints, per workspace size, the background read of each sort and filter and the cost of the
/// first page, a page halfway and the last page (what a frame pays when it scrolls there).
pub fn bench_members(sizes: &[usize]) -> Result<()> {
    println!(
        "| members | sort or filter | background read (order, first page; counts for a filter) | first page | page halfway | last page | under one frame |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut worst: f64 = 0.0;
    for &members in sizes {
        let dir = tempfile_dir()?;
        let path = dir.join(format!("bench-members-{members}.adesk"));
        let mut ws = Workspace::create(&path)?;
        let options = crate::generate::GenerateOptions { members, seed: 1 };
        crate::generate::fill_workspace(&mut ws, options)?;
        // As in the app: the order is read on a background connection, the pages on the
        // window's own.
        let window = ws.reopener().open()?;
        for (label, case) in cases(&ws)? {
            let row = measure(&ws, &window, &case)?;
            worst = worst.max(row.frame_ms());
            println!(
                "| {} | {label} | {:.0} ms | {:.2} ms | {:.2} ms | {:.2} ms | {} |",
                count(members as i64),
                row.order_ms,
                row.pages_ms[0],
                row.pages_ms[1],
                row.pages_ms[2],
                if row.frame_ms() < FRAME_MS {
                    "yes"
                } else {
                    "NO"
                }
            );
        }
        drop((ws, window));
        std::fs::remove_dir_all(&dir).ok();
    }
    println!(
        "\nslowest page read: {worst:.2} ms (goal < {FRAME_MS} ms per frame); pages are {MEMBER_PAGE_ROWS} rows read by id"
    );
    Ok(())
}

/// A filter, a sort, and whether the counts are read too (on opening and on a new filter).
type Case = (MemberFilter, MemberSort, bool);

/// Opening the view, every column in both directions, then the filters the view offers.
fn cases(ws: &Workspace) -> Result<Vec<(String, Case)>> {
    let everyone = MemberFilter::default();
    let mut out = vec![(
        "opening the view (by member ID, with the counts)".to_string(),
        (everyone.clone(), MemberSort::default(), true),
    )];
    for column in SortColumn::ALL {
        for descending in [false, true] {
            let arrow = if descending {
                "descending"
            } else {
                "ascending"
            };
            let sort = MemberSort { column, descending };
            let label = format!("{} {arrow}", column.label());
            out.push((label, (everyone.clone(), sort, false)));
        }
    }
    let purchaser = ws.purchaser_names()?.first().map(|(id, _)| *id);
    let plan = ws.plan_codes()?.first().map(|(id, _)| *id);
    let by_salary = MemberSort {
        column: SortColumn::Salary,
        descending: true,
    };
    let filters = [
        (
            "search \"Harbor\"",
            MemberFilter {
                text: "Harbor".into(),
                ..Default::default()
            },
        ),
        (
            "one purchaser",
            MemberFilter {
                purchaser_id: purchaser,
                ..Default::default()
            },
        ),
        (
            "one plan",
            MemberFilter {
                plan_id: plan,
                ..Default::default()
            },
        ),
        (
            "tier EE",
            MemberFilter {
                tier: Some("EE".into()),
                ..Default::default()
            },
        ),
    ];
    for (label, filter) in filters {
        let label = format!("{label}, by salary descending (with the counts)");
        out.push((label, (filter, by_salary, true)));
    }
    Ok(out)
}

struct Measured {
    order_ms: f64,
    /// First page, a page halfway, the last page.
    pages_ms: [f64; 3],
}

impl Measured {
    fn frame_ms(&self) -> f64 {
        self.pages_ms.iter().copied().fold(0.0, f64::max)
    }
}

fn measure(
    background: &Workspace,
    window: &Workspace,
    (filter, sort, with_counts): &Case,
) -> Result<Measured> {
    let sort = *sort;
    let ws = background;
    let started = Instant::now();
    let order = ws.member_order(filter, sort)?;
    // Counts change with the filter only; a new sort reads the order alone.
    if *with_counts {
        for by in [
            crate::store::CountBy::Purchaser,
            crate::store::CountBy::Plan,
            crate::store::CountBy::Tier,
        ] {
            std::hint::black_box(ws.member_counts(filter, by)?);
        }
    }
    // The background read ends with the first page, so the window has rows at once.
    let first = &order[..order.len().min(MEMBER_PAGE_ROWS)];
    std::hint::black_box(ws.members_by_id(first)?);
    let order_ms = ms(started);
    let pages = order.len().div_ceil(MEMBER_PAGE_ROWS).max(1);
    let mut pages_ms = [0.0; 3];
    for (slot, page) in [0, pages / 2, pages - 1].into_iter().enumerate() {
        let ids = order.get(page * MEMBER_PAGE_ROWS..).unwrap_or_default();
        let ids = &ids[..ids.len().min(MEMBER_PAGE_ROWS)];
        let started = Instant::now();
        let rows = window.members_by_id(ids)?;
        pages_ms[slot] = ms(started);
        anyhow::ensure!(rows.len() == ids.len(), "a page lost rows");
    }
    Ok(Measured { order_ms, pages_ms })
}
