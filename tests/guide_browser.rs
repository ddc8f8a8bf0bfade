//! The employee plan guide in a real headless browser: every plan renders and a screenshot is
//! produced. Needs Chromium: `.ci/run` installs it, and under CI a missing browser fails.

mod support;

use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::report::assemble::{guide_html, offered_comparison};
use alliance_desk::store::Workspace;
use std::process::Command;

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|bin| {
            Command::new(bin)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

fn headless(bin: &str) -> Command {
    let mut c = Command::new(bin);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
    ]);
    c
}

#[test]
fn the_guide_renders_every_plan_in_chromium() {
    let Some(bin) = chromium() else {
        support::missing("Chromium");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create(&dir.path().join("g.adesk")).unwrap();
    generate::fill_workspace(
        &mut ws,
        GenerateOptions {
            members: 800,
            seed: 7,
        },
    )
    .unwrap();
    let purchaser = "Northstar Manufacturing";
    let html = guide_html(&ws, purchaser, None).unwrap();
    let page = dir.path().join("guide.html");
    std::fs::write(&page, &html).unwrap();
    let url = format!("file://{}", page.display());
    let dom = headless(bin)
        .env("HOME", dir.path())
        .args(["--dump-dom", &url])
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    let id = ws.purchaser_id(purchaser).unwrap();
    let cmp = offered_comparison(&ws, id).unwrap();
    assert!(!cmp.columns.is_empty());
    for col in &cmp.columns {
        assert!(
            dom.contains(&col.plan.name),
            "{} is not in the rendered page",
            col.plan.name
        );
    }
    let shot = dir.path().join("guide.png");
    let status = headless(bin)
        .env("HOME", dir.path())
        .arg(format!("--screenshot={}", shot.display()))
        .args(["--window-size=1000,1400", &url])
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    assert!(
        png.len() > 20_000,
        "the page rendered content ({} bytes)",
        png.len()
    );
}
