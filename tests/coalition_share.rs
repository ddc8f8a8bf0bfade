//! Share packages leave no member-level data and no small cell; imported into another
//! workspace they become coalition peers, and the benchmark ranks our plans among theirs.

use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::import::share_package::import_package;
use alliance_desk::model::benchmark::{Metric, benchmark};
use alliance_desk::report::assemble::{our_aggregates, share_content};
use alliance_desk::report::share::{WITHHELD, WITHHELD_COMPLEMENT, write_package};
use alliance_desk::store::Workspace;
use calamine::{Data, Reader, open_workbook_auto};
use std::path::{Path, PathBuf};

fn generated(path: &Path, members: usize, seed: u64) -> Workspace {
    let mut ws = Workspace::create(path).unwrap();
    generate::fill_workspace(&mut ws, GenerateOptions { members, seed }).unwrap();
    ws
}

fn package(ws: &Workspace, purchaser: &str, dir: &Path) -> PathBuf {
    let path = dir.join(format!("{}.xlsx", purchaser.replace(' ', "_")));
    write_package(&share_content(ws, purchaser).unwrap(), &path).unwrap();
    path
}

/// Every cell of every sheet, as text or number.
fn cells(path: &Path) -> Vec<(String, u32, u32, Data)> {
    let mut wb = open_workbook_auto(path).unwrap();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        for (r, c, v) in range.used_cells() {
            out.push((name.clone(), r as u32, c as u32, v.clone()));
        }
    }
    out
}

#[test]
fn a_share_package_holds_no_member_identifier_birth_date_or_zip() {
    let dir = tempfile::tempdir().unwrap();
    let ws = generated(&dir.path().join("a.adesk"), 2_000, 5);
    let path = package(&ws, "Northstar Manufacturing", dir.path());
    let members = ws.export_table("member").unwrap();
    let col = |name: &str| members.headers.iter().position(|h| h == name).unwrap();
    let (id, birth, zip) = (col("external_id"), col("birth_date"), col("zip"));
    let texts: std::collections::HashSet<String> = cells(&path)
        .into_iter()
        .filter_map(|(_, _, _, v)| match v {
            Data::String(s) => Some(s),
            _ => None,
        })
        .collect();
    for m in &members.rows {
        for c in [id, birth, zip] {
            if !m[c].is_empty() {
                assert!(!texts.contains(&m[c]), "member data '{}' leaked", m[c]);
            }
        }
    }
}

#[test]
fn no_shared_count_is_under_eleven_and_a_lone_small_tier_is_complemented() {
    let dir = tempfile::tempdir().unwrap();
    let ws = generated(&dir.path().join("a.adesk"), 900, 8);
    let mut withheld_any = false;
    for purchaser in [
        "Northstar Manufacturing",
        "Lakeview School District",
        "Harbor County Hospital",
    ] {
        let path = package(&ws, purchaser, dir.path());
        let all = cells(&path);
        for (sheet, _, col, v) in &all {
            let is_count = (sheet == "Tiers" && *col == 2) || (sheet == "Plans" && *col == 4);
            if let (true, Data::Float(n)) = (is_count, v) {
                assert!(*n == 0.0 || *n >= 11.0, "{sheet} shows a count of {n}");
            }
        }
        let mut per_plan: std::collections::HashMap<String, usize> = Default::default();
        let tier_rows: Vec<_> = all
            .iter()
            .filter(|(s, r, _, _)| s == "Tiers" && *r > 0)
            .collect();
        for (_, row, col, v) in &tier_rows {
            let withheld = [WITHHELD, WITHHELD_COMPLEMENT].map(|w| Data::String(w.into()));
            if *col == 2 && withheld.contains(v) {
                let code = tier_rows
                    .iter()
                    .find(|(_, r, c, _)| r == row && *c == 0)
                    .map(|(_, _, _, v)| v.to_string())
                    .unwrap();
                *per_plan.entry(code).or_default() += 1;
                withheld_any = true;
            }
        }
        for (plan, n) in per_plan {
            assert!(
                n >= 2,
                "{purchaser} {plan}: a lone withheld tier could be recovered"
            );
        }
    }
    assert!(
        withheld_any,
        "the sample has small tiers, so something is withheld"
    );
}

/// With the tier rates on the Tiers sheet, a plan's average premium per subscriber would give
/// away how a withheld count splits (a reviewer solved 126 × average = Σ count × rate).
#[test]
fn a_plan_with_a_withheld_tier_shares_no_average_that_would_reveal_it() {
    let dir = tempfile::tempdir().unwrap();
    let ws = generated(&dir.path().join("a.adesk"), 2_000, 5);
    let all = cells(&package(&ws, "Northstar Manufacturing", dir.path()));
    let text_at = |sheet: &str, row: u32, col: u32| {
        all.iter()
            .find(|(s, r, c, _)| s == sheet && *r == row && *c == col)
            .map(|(_, _, _, v)| v.clone())
    };
    let mut checked = 0;
    for (sheet, row, col, v) in &all {
        if sheet != "Tiers" || *row == 0 || *col != 2 || !matches!(v, Data::String(_)) {
            continue;
        }
        let code = text_at("Tiers", *row, 0).unwrap();
        let plan_row = all
            .iter()
            .find(|(s, r, c, v)| s == "Plans" && *r > 0 && *c == 0 && *v == code)
            .map(|(_, r, _, _)| *r)
            .unwrap();
        for average in [5, 6] {
            assert_eq!(
                text_at("Plans", plan_row, average),
                Some(Data::String(WITHHELD_COMPLEMENT.into())),
                "{code}: column {average}"
            );
        }
        checked += 1;
    }
    assert!(checked > 0, "the sample has a withheld tier");
}

#[test]
fn packages_from_two_purchasers_make_peers_and_the_benchmark_matches_a_hand_count() {
    let dir = tempfile::tempdir().unwrap();
    let sender = generated(&dir.path().join("a.adesk"), 3_000, 7);
    let north = package(&sender, "Northstar Manufacturing", dir.path());
    let lake = package(&sender, "Lakeview School District", dir.path());
    let mut ours = generated(&dir.path().join("b.adesk"), 1_200, 42);
    let members_before = ours.export_table("member").unwrap().rows.len();
    let plans_before = ours.plans().unwrap();
    import_package(&mut ours, &north).unwrap();
    import_package(&mut ours, &lake).unwrap();
    assert_eq!(
        ours.export_table("member").unwrap().rows.len(),
        members_before
    );
    assert_eq!(
        ours.plans().unwrap(),
        plans_before,
        "our plans are untouched"
    );
    let peers = ours.peers().unwrap();
    let names: Vec<&str> = peers.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["Lakeview School District", "Northstar Manufacturing"]
    );

    let coalition = ours.peer_plans().unwrap();
    let mine = our_aggregates(&ours).unwrap();
    let result = benchmark(&mine, &coalition);
    assert_eq!(result.len(), mine.len());
    for standing in &result {
        for s in &standing.standings {
            let others: Vec<f64> = coalition
                .iter()
                .filter_map(|p| p.plan.metric(s.metric))
                .collect();
            let Some(v) = s.value else { continue };
            // By hand: plans strictly below, plus half of the ties, over all plans.
            let mut below = 0.0;
            for o in &others {
                if *o < v {
                    below += 1.0;
                } else if *o == v {
                    below += 0.5;
                }
            }
            let expected = below * 100.0 / others.len() as f64;
            let got = s.percentile.unwrap();
            assert!(
                (got - expected).abs() < 1e-9,
                "{:?}: {got} vs {expected}",
                s.metric
            );
        }
    }
    let premium = result[0]
        .standings
        .iter()
        .find(|s| s.metric == Metric::PremiumPmpm)
        .unwrap();
    assert_eq!(premium.coalition_plans, coalition.len());
}

#[test]
fn undoing_a_package_import_removes_the_peer() {
    let dir = tempfile::tempdir().unwrap();
    let sender = generated(&dir.path().join("a.adesk"), 1_000, 7);
    let north = package(&sender, "Northstar Manufacturing", dir.path());
    let mut ours = generated(&dir.path().join("b.adesk"), 500, 3);
    let summary = import_package(&mut ours, &north).unwrap();
    ours.undo_import(summary.batch_id).unwrap();
    assert!(ours.peers().unwrap().is_empty());
    assert!(ours.peer_plans().unwrap().is_empty());
}

#[test]
fn a_package_imported_again_replaces_the_first_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let sender = generated(&dir.path().join("a.adesk"), 1_000, 7);
    let north = package(&sender, "Northstar Manufacturing", dir.path());
    let mut ours = generated(&dir.path().join("b.adesk"), 500, 3);
    let first = import_package(&mut ours, &north).unwrap();
    let second = import_package(&mut ours, &north).unwrap();
    assert_eq!(second.duplicate_of, Some(first.batch_id));
    assert_eq!(second.replaced_batch, Some(first.batch_id));
    let packages: Vec<i64> = ours
        .import_history()
        .unwrap()
        .into_iter()
        .filter(|b| b.kind == "share_package")
        .map(|b| b.id)
        .collect();
    assert_eq!(
        packages,
        vec![second.batch_id],
        "the replaced batch left the history"
    );
    let warnings = second.warnings().join("\n");
    assert!(warnings.contains("same contents as import"), "{warnings}");
    // The generated workspaces share purchaser names, as a purchaser's own package would.
    assert!(
        warnings.contains("compares our plans with themselves"),
        "{warnings}"
    );
}

#[test]
fn a_package_names_only_the_files_behind_its_purchaser() {
    use alliance_desk::import::{self, ImportOptions, Progress};
    let dir = tempfile::tempdir().unwrap();
    let mut ws = generated(&dir.path().join("a.adesk"), 600, 5);
    let other = dir.path().join("Acme_census_confidential.csv");
    std::fs::write(
        &other,
        "Employee ID,Plan,Tier,Birth Date\nA1,BCH-PPO500,EE,1980-01-02\nA2,BCH-PPO500,EE,1975-03-04\n",
    )
    .unwrap();
    let opts = ImportOptions {
        purchaser: Some("Acme".into()),
        ..Default::default()
    };
    import::import_file(&mut ws, &other, &opts, &Progress::default()).unwrap();
    let content = share_content(&ws, "Northstar Manufacturing").unwrap();
    let names: Vec<&str> = content.sources.iter().map(|(n, _)| n.as_str()).collect();
    assert!(!names.is_empty());
    assert!(
        !names.contains(&"Acme_census_confidential.csv"),
        "{names:?}"
    );
    let acme = share_content(&ws, "Acme").unwrap();
    assert!(
        acme.sources
            .iter()
            .any(|(n, _)| n == "Acme_census_confidential.csv")
    );
}

#[test]
fn a_peer_named_like_a_formula_comes_back_as_it_was_named() {
    let dir = tempfile::tempdir().unwrap();
    let ws = generated(&dir.path().join("a.adesk"), 600, 5);
    ws.conn()
        .execute(
            "UPDATE purchaser SET name = '=HYPERLINK(\"http://x\")' WHERE name = 'Northstar Manufacturing'",
            [],
        )
        .unwrap();
    let path = dir.path().join("formula.xlsx");
    write_package(
        &share_content(&ws, "=HYPERLINK(\"http://x\")").unwrap(),
        &path,
    )
    .unwrap();
    let texts: Vec<String> = cells(&path)
        .into_iter()
        .filter_map(|(_, _, _, v)| match v {
            Data::String(s) => Some(s),
            _ => None,
        })
        .collect();
    assert!(texts.contains(&"'=HYPERLINK(\"http://x\")".to_string()));
    let mut other = generated(&dir.path().join("b.adesk"), 300, 6);
    import_package(&mut other, &path).unwrap();
    let peers: Vec<String> = other
        .conn()
        .prepare("SELECT name FROM peer")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(peers, vec!["=HYPERLINK(\"http://x\")".to_string()]);
}

#[test]
fn no_share_package_writes_a_negative_zero() {
    let dir = tempfile::tempdir().unwrap();
    // 200 members leave some plans' tiers without a subscriber, which wrote -0.
    let ws = generated(&dir.path().join("z.adesk"), 200, 3);
    let mut numbers = 0;
    for (_, name) in ws.purchaser_names().unwrap() {
        let path = package(&ws, &name, dir.path());
        for (sheet, r, c, v) in cells(&path) {
            if let Data::Float(x) = v {
                numbers += 1;
                assert!(
                    !(x == 0.0 && x.is_sign_negative()),
                    "{name}: {sheet} row {} column {} is -0",
                    r + 1,
                    c + 1
                );
            }
        }
    }
    assert!(numbers > 100, "{numbers} numbers read");
}

#[test]
fn a_hospitals_package_carries_its_prices_as_a_share_of_medicare_and_a_peer_stores_them() {
    let dir = tempfile::tempdir().unwrap();
    let sender = generated(&dir.path().join("s.adesk"), 800, 7);
    let path = package(&sender, "Harbor County Hospital", dir.path());
    let lines: Vec<_> = cells(&path)
        .into_iter()
        .filter(|(sheet, r, _, _)| sheet == "Hospitals" && *r > 0)
        .collect();
    assert!(!lines.is_empty(), "a Hospitals sheet");
    let content = share_content(&sender, "Harbor County Hospital").unwrap();
    let all = content
        .hospitals
        .iter()
        .find(|h| h.setting == "all")
        .unwrap();
    // 84 priced services: enough to share (a price on fewer than 11 is withheld).
    assert_eq!(all.services_priced, 84);
    assert!(all.relative_price.unwrap() > 2.0, "{all:?}");
    let mut receiver = generated(&dir.path().join("r.adesk"), 200, 3);
    import_package(&mut receiver, &path).unwrap();
    let stored = receiver.peer_hospitals().unwrap();
    let overall = stored
        .iter()
        .find(|(peer, h)| peer == "Harbor County Hospital" && h.setting == "all")
        .unwrap();
    assert_eq!(overall.1.relative_price, all.relative_price);
}

#[test]
fn an_employers_package_has_no_hospitals_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let sender = generated(&dir.path().join("s.adesk"), 300, 7);
    let path = package(&sender, "Northstar Manufacturing", dir.path());
    assert!(cells(&path).iter().all(|(sheet, ..)| sheet != "Hospitals"));
}
