//! Nothing leaves the machine: the command line's main commands, traced with strace, open no
//! internet socket, and they all succeed in a network namespace with no interfaces.

mod support;

use std::path::Path;
use std::process::Command;

fn available(tool: &str, args: &[&str]) -> bool {
    Command::new(tool)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The commands a user runs, with their arguments (the workspace comes first).
fn commands(dir: &Path) -> Vec<Vec<String>> {
    let ws = dir.join("n.adesk").display().to_string();
    let sample = |f: &str| format!("{}/sample_data/{f}", env!("CARGO_MANIFEST_DIR"));
    let out = |f: &str| dir.join(f).display().to_string();
    let w = |args: &[&str]| {
        let mut v = vec!["--workspace".to_string(), ws.clone()];
        v.extend(args.iter().map(|s| s.to_string()));
        v
    };
    vec![
        w(&["generate", "--members", "300"]),
        w(&[
            "import",
            &sample("plans_and_rates.xlsx"),
            "--sheet",
            "Plan Designs",
        ]),
        w(&["info"]),
        w(&["compare", "--plans", "BCH-PPO500,MVH-HMO250"]),
        w(&["quality"]),
        w(&["av"]),
        w(&["scenario", "save", &sample("scenarios/renewal.json")]),
        w(&[
            "export",
            "--out",
            &out("r.xlsx"),
            "--compare",
            "BCH-PPO500,MVH-HMO250",
            "--scenarios",
            "1",
        ]),
        w(&[
            "share",
            "--purchaser",
            "Northstar Manufacturing",
            "--out",
            &out("s.xlsx"),
        ]),
        w(&["import", &out("s.xlsx")]),
        w(&["benchmark"]),
        w(&[
            "guide",
            "--purchaser",
            "Northstar Manufacturing",
            "--out",
            &out("g.html"),
        ]),
        w(&["export-csv", "--table", "plan", "--out", &out("p.csv")]),
        vec![
            "scenario".into(),
            "run".into(),
            sample("scenarios/mssp_aco.json"),
        ],
    ]
}

#[test]
fn the_main_commands_open_no_internet_socket() {
    if !available("strace", &["-V"]) {
        support::missing("strace");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace");
    // Control: the same trace does see a program that opens an internet socket.
    if !available("python3", &["-V"]) {
        support::missing("python3 (the trace's control)");
        return;
    }
    Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=socket,connect,sendto", "-o"])
        .arg(&trace)
        .args(["python3", "-c", "import socket; socket.socket()"])
        .output()
        .unwrap();
    assert!(std::fs::read_to_string(&trace).unwrap().contains("AF_INET"));
    for args in commands(dir.path()) {
        let status = Command::new("strace")
            .args(["-f", "-qq", "-e", "trace=socket,connect,sendto", "-o"])
            .arg(&trace)
            .arg(env!("CARGO_BIN_EXE_alliance-desk"))
            .args(&args)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        let log = std::fs::read_to_string(&trace).unwrap();
        for family in ["AF_INET", "AF_INET6", "AF_NETLINK", "AF_PACKET"] {
            assert!(
                !log.contains(family),
                "{args:?} opened an {family} socket:\n{log}"
            );
        }
    }
}

#[test]
fn the_main_commands_work_with_no_network_at_all() {
    if !available("unshare", &["-n", "true"]) {
        support::missing("a network namespace (unshare -n)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for args in commands(dir.path()) {
        let out = Command::new("unshare")
            .arg("-n")
            .arg(env!("CARGO_BIN_EXE_alliance-desk"))
            .args(&args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
