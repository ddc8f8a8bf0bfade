//! The employee plan guide meets WCAG 2.1 AA as axe-core checks it in Chromium: no violation at
//! any impact level, for the sample guide and for a purchaser with 12 plans, a plan without a
//! premium and a name with `<`, `&` and quotes. `.ci/run` installs axe-core (npm) and Chromium.

mod support;

use alliance_desk::generate::{self, GenerateOptions};
use alliance_desk::model::compare::{self, CompareSettings};
use alliance_desk::report::assemble;
use alliance_desk::store::Workspace;
use std::path::{Path, PathBuf};
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

/// axe-core's script: `AXE_CORE_JS`, or where `.ci/run` installs it.
fn axe_script() -> Option<PathBuf> {
    let path = std::env::var_os("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/axe/node_modules/axe-core/axe.min.js")
        });
    path.is_file().then_some(path)
}

/// Runs axe-core on `html` in headless Chromium; returns each violation as
/// "rule (impact): nodes".
fn violations(html: &str) -> Option<Vec<String>> {
    let (Some(bin), Some(axe)) = (chromium(), axe_script()) else {
        support::missing("Chromium with axe-core (npm axe-core)");
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    // axe runs after the page loads and writes its answer below the page, where --dump-dom
    // reads it; the page itself is unchanged until then.
    let probe = format!(
        r#"<script src="file://{}"></script><script>
axe.run(document, {{resultTypes: ['violations']}}).then(r => {{
  const out = document.createElement('pre'); out.id = 'axe-results';
  out.textContent = JSON.stringify(r.violations.map(v => ({{id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}})));
  document.body.appendChild(out);
}}, e => {{ const out = document.createElement('pre'); out.id = 'axe-results'; out.textContent = 'ERROR ' + e; document.body.appendChild(out); }});
</script></body>"#,
        axe.display()
    );
    let page = dir.path().join("guide.html");
    std::fs::write(&page, html.replacen("</body>", &probe, 1)).unwrap();
    let out = Command::new(bin)
        .env("HOME", dir.path())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--allow-file-access-from-files",
            "--virtual-time-budget=30000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"axe-results\">").unwrap_or_else(|| {
        panic!(
            "axe-core did not report: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let json = &dom[start + "<pre id=\"axe-results\">".len()..];
    let json = &json[..json.find("</pre>").unwrap()];
    let json = json
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    assert!(!json.starts_with("ERROR"), "{json}");
    let found: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    Some(
        found
            .iter()
            .map(|v| {
                format!(
                    "{} ({}): {} — {}",
                    v["id"], v["impact"], v["help"], v["nodes"]
                )
            })
            .collect(),
    )
}

fn sample_workspace(dir: &tempfile::TempDir) -> Workspace {
    let mut ws = Workspace::create(&dir.path().join("g.adesk")).unwrap();
    generate::fill_workspace(
        &mut ws,
        GenerateOptions {
            members: 800,
            seed: 7,
        },
    )
    .unwrap();
    ws
}

#[test]
fn the_sample_guide_has_no_accessibility_violation() {
    let dir = tempfile::tempdir().unwrap();
    let ws = sample_workspace(&dir);
    let html = assemble::guide_html(&ws, "Northstar Manufacturing", None).unwrap();
    if let Some(v) = violations(&html) {
        assert!(v.is_empty(), "{}", v.join("\n"));
    }
}

#[test]
fn a_twelve_plan_guide_with_an_unpriced_plan_and_an_awkward_name_has_no_violation() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = sample_workspace(&dir);
    // Four more plans: three copies with rates, and one with no premium on file.
    ws.write(|tx| {
        for (suffix, rated) in [("B", true), ("C", true), ("D", true), ("E", false)] {
            tx.execute(
                "INSERT INTO plan(code, name, carrier, plan_type, network, year, deductible_individual, deductible_family, coinsurance, oop_max_individual, oop_max_family, pcp_copay, specialist_copay, er_copay, hsa_eligible)
                 SELECT code || '-' || ?1, name || ' ' || ?1, carrier, plan_type, network, year, deductible_individual, deductible_family, coinsurance, oop_max_individual, oop_max_family, pcp_copay, specialist_copay, er_copay, hsa_eligible FROM plan WHERE code = 'BCH-PPO500'",
                [suffix],
            )?;
            if rated {
                tx.execute(
                    "INSERT INTO plan_rate(plan_id, year, tier, monthly_premium, employer_monthly)
                     SELECT (SELECT id FROM plan WHERE code = 'BCH-PPO500-' || ?1), year, tier, monthly_premium * 1.1, employer_monthly FROM plan_rate WHERE plan_id = (SELECT id FROM plan WHERE code = 'BCH-PPO500')",
                    [suffix],
                )?;
            }
        }
        Ok::<_, rusqlite::Error>(())
    })
    .unwrap();
    let inputs = ws.compare_inputs(None).unwrap();
    let codes: Vec<String> = inputs.plans.iter().map(|p| p.code.clone()).collect();
    assert_eq!(codes.len(), 12);
    let cmp = compare::compare(
        &inputs,
        &CompareSettings {
            plan_codes: codes,
            quality: ws.quality_settings().unwrap(),
            ..Default::default()
        },
    );
    let html = alliance_desk::report::guide::guide_html(
        "Smith & \"Jones\" <Holdings> 'Plan' Trust",
        2026,
        &cmp,
    );
    assert_eq!(html.matches("<section class=\"plan\"").count(), 12);
    if let Some(v) = violations(&html) {
        assert!(v.is_empty(), "{}", v.join("\n"));
    }
}
