//! `--server` asks a running service the same question and prints the same
//! figures, byte for byte, as computing locally; `serve` answers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use support::{org, run, run_ok};

/// Starts the service in this process on an ephemeral port; returns its
/// address and the sender that stops it.
fn start_server() -> (String, tokio::sync::oneshot::Sender<()>) {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (ready, address) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = salesphysics_service::server::runtime().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            ready.send(listener.local_addr().unwrap()).unwrap();
            salesphysics_service::server::serve(listener, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
    });
    (format!("http://{}", address.recv().unwrap()), stop)
}

/// Runs `args` locally and with `--server address` in every format and
/// asserts the outputs are the same bytes.
fn same_on_the_server(address: &str, args: &[&str]) {
    for format in ["json", "table", "csv"] {
        let mut local = args.to_vec();
        local.extend(["--format", format]);
        let mut remote = local.clone();
        remote.extend(["--server", address]);
        assert!(
            run_ok(&local) == run_ok(&remote),
            "{} --format {format}: the server's output differs",
            args[0]
        );
    }
}

#[test]
fn tier_on_the_server_matches_the_local_tiering() {
    let (address, stop) = start_server();
    same_on_the_server(
        &address,
        &[
            "tier",
            "--policy",
            &org("tiering.toml"),
            "--accounts",
            &org("accounts.csv"),
        ],
    );
    let _ = stop.send(());
}

#[test]
fn earnings_on_the_server_match_the_local_earnings() {
    let (address, stop) = start_server();
    same_on_the_server(
        &address,
        &[
            "earnings",
            "--org",
            &org("comp.toml"),
            "--deals",
            &org("deals.csv"),
            "--through",
            "2026-03-31",
        ],
    );
    let _ = stop.send(());
}

/// `statement` for `comp` from a fresh state file at `state`, one run per
/// `(month, months)`, locally or on `server`: what it printed and the
/// state file it left.
fn statement_runs(
    comp: &str,
    runs: &[(&str, &str)],
    state: &std::path::Path,
    server: Option<&str>,
    format: &str,
) -> (String, Vec<u8>) {
    let (deals, events) = (org("deals.csv"), org("events.csv"));
    let _ = std::fs::remove_file(state);
    let mut printed = String::new();
    for (month, months) in runs {
        let mut args = vec![
            "statement",
            "--org",
            comp,
            "--deals",
            &deals,
            "--events",
            &events,
            "--month",
            month,
            "--months",
            months,
            "--state",
            state.to_str().unwrap(),
            "--format",
            format,
        ];
        if let Some(address) = server {
            args.extend(["--server", address]);
        }
        printed.push_str(&run_ok(&args));
    }
    (printed, std::fs::read(state).unwrap())
}

/// Statements through a state file, in two half-year runs: locally and on
/// the server, each from a fresh state file, in every format.
#[test]
fn statements_on_the_server_match_and_carry_the_same_state() {
    let (address, stop) = start_server();
    let (org_comp, org_deals) = (org("comp.toml"), org("deals.csv"));
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let state_path = state.to_str().unwrap();
    let halves = [("2026-01", "6"), ("2026-07", "6")];
    for format in ["json", "table", "csv"] {
        let local = statement_runs(&org_comp, &halves, &state, None, format);
        let remote = statement_runs(&org_comp, &halves, &state, Some(&address), format);
        assert!(local.0 == remote.0, "statement --format {format}: differs");
        assert!(local.1 == remote.1, "the state files differ");
    }
    // A month the stored state has closed is refused by the service as
    // by the core: bad input, exit 65.
    let again = run(&[
        "statement",
        "--org",
        &org_comp,
        "--deals",
        &org_deals,
        "--month",
        "2026-07",
        "--state",
        state_path,
        "--server",
        &address,
    ]);
    assert_eq!(
        again.status.code(),
        Some(65),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let _ = stop.send(());
}

/// The example org with every plan on the NRF 4-5-4 calendar (fiscal
/// 2026: 1 Feb 2026 to 30 Jan 2027) and every payout policy locking the
/// rate at posting and rating before converting, written to `dir`.
fn fiscal_comp(dir: &std::path::Path) -> String {
    let example = std::fs::read_to_string(org("comp.toml")).unwrap();
    let calendar_year = r#"effective = { first = "2026-01-01", last = "2026-12-31" }"#;
    let nrf = r#"effective = { first = "2026-02-01", last = "2027-01-30" }
calendar = { start_month = 2, weeks = { pattern = "four_five_four", ends_on = "saturday", year_end = "nearest_month_end" } }"#;
    let carry = r#"negative_net = "carry_forward""#;
    let locked = r#"negative_net = "carry_forward"
fx = { rate_date = "posting_date", order = "rate_then_convert" }"#;
    assert!(example.contains(calendar_year) && example.contains(carry));
    let text = example.replace(calendar_year, nrf).replace(carry, locked);
    let path = dir.join("fiscal_comp.toml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// The example org's comp.toml with the MDR plan given a category tree,
/// lines at 4 places, and its one rule a rule group and a category to
/// require, written to `dir`.
fn category_comp(dir: &std::path::Path) -> String {
    let example = std::fs::read_to_string(org("comp.toml")).unwrap();
    let mdr = r#"rounding = { at = "line", mode = "half_even" }

[[plans.components]]
id = 100
weight = "1"
measure = { kinds = ["sql_accepted"], unit = "count", channels = ["inbound"] }"#;
    let with_categories = r#"rounding = { at = { places = 4 }, mode = "half_even" }
categories = [{ id = 1 }, { id = 2, parent = 1 }]

[[plans.components]]
id = 100
weight = "1"
group = 1
measure = { kinds = ["sql_accepted"], unit = "count", channels = ["inbound"], attributes = { category = 1 } }"#;
    assert!(example.contains(mdr));
    let path = dir.join("category_comp.toml");
    std::fs::write(&path, example.replace(mdr, with_categories)).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Attributes, a category tree, a rule group and a line precision cross
/// to the server (which used to refuse them): the earnings are the same
/// bytes as local, and not those of the plain org (the MDR's rule now
/// requires category 1, which no deal of the export carries).
#[test]
fn categories_and_rule_groups_on_the_server_match_the_local_run() {
    let (address, stop) = start_server();
    let dir = tempfile::tempdir().unwrap();
    let comp = category_comp(dir.path());
    let earnings = |comp: &str| {
        [
            "earnings",
            "--org",
            comp,
            "--deals",
            &org("deals.csv"),
            "--through",
            "2026-03-31",
        ]
        .map(str::to_owned)
    };
    let with_categories = earnings(&comp);
    let args: Vec<&str> = with_categories.iter().map(String::as_str).collect();
    same_on_the_server(&address, &args);
    let plain = earnings(&org("comp.toml"));
    let plain: Vec<&str> = plain.iter().map(String::as_str).collect();
    assert!(run_ok(&args) != run_ok(&plain));
    let _ = stop.send(());
}

/// A fiscal calendar and an FX policy cross to the server (which used to
/// refuse them): earnings and statements are the same bytes as local.
#[test]
fn a_fiscal_calendar_and_fx_policy_on_the_server_match_the_local_run() {
    let (address, stop) = start_server();
    let dir = tempfile::tempdir().unwrap();
    let comp = fiscal_comp(dir.path());
    let earnings = [
        "earnings",
        "--org",
        &comp,
        "--deals",
        &org("deals.csv"),
        "--through",
        "2026-05-31",
    ];
    same_on_the_server(&address, &earnings);
    // The calendar is really used: NRF quarters are not calendar quarters.
    let calendar_year = [
        "earnings",
        "--org",
        &org("comp.toml"),
        "--deals",
        &org("deals.csv"),
        "--through",
        "2026-05-31",
    ];
    assert!(run_ok(&earnings) != run_ok(&calendar_year));

    let state = dir.path().join("state.json");
    let runs = [("2026-02", "2"), ("2026-04", "2")];
    for format in ["json", "table", "csv"] {
        let local = statement_runs(&comp, &runs, &state, None, format);
        let remote = statement_runs(&comp, &runs, &state, Some(&address), format);
        assert!(local.0 == remote.0, "statement --format {format}: differs");
        assert!(local.1 == remote.1, "the state files differ");
    }
    let _ = stop.send(());
}

#[test]
fn capacity_on_the_server_matches_the_local_plan() {
    let (address, stop) = start_server();
    same_on_the_server(&address, &["capacity", "--model", &org("capacity.toml")]);
    // A plan the core rejects is bad input from the server too (exit 65),
    // with the same field.
    let model = "cli/tests/bad/rejected_capacity.json";
    let local = run(&["capacity", "--model", model]);
    let remote = run(&["capacity", "--model", model, "--server", &address]);
    assert_eq!(
        (local.status.code(), remote.status.code()),
        (Some(65), Some(65))
    );
    let stderr = String::from_utf8(remote.stderr).unwrap();
    assert!(stderr.contains("flow_per_fte"), "{stderr}");
    let _ = stop.send(());
}

/// PlanRevenueGoal, ComputeReverseFunnel, ComputeMrrBridge and
/// ComputeUnitEconomics on the server give the local funnel.
#[test]
fn funnel_on_the_server_matches_the_local_funnel() {
    let (address, stop) = start_server();
    same_on_the_server(&address, &["funnel", "--plan", &org("funnel.toml")]);
    let _ = stop.send(());
}

/// PlanForward with the file's NPV and IRR, and with the command line's
/// discount rate.
#[test]
fn forward_on_the_server_matches_the_local_plan() {
    let (address, stop) = start_server();
    let plan = org("forward.toml");
    same_on_the_server(&address, &["forward", "--plan", &plan]);
    same_on_the_server(
        &address,
        &["forward", "--plan", &plan, "--discount-rate", "0", "--irr"],
    );
    let _ = stop.send(());
}

/// A plan the core rejects is bad input from the server too (exit 65),
/// naming the same field, and nothing is written.
#[test]
fn forward_rejected_by_the_server_names_the_field() {
    let (address, stop) = start_server();
    let dir = tempfile::tempdir().unwrap();
    // March 2026 has no 32nd: the core's check, inside the service.
    let example = std::fs::read_to_string(org("forward.toml")).unwrap();
    let plan = dir.path().join("bad_day.toml");
    std::fs::write(&plan, example.replacen("day = 16", "day = 32", 1)).unwrap();
    let out = dir.path().join("forward.txt");
    let result = run(&[
        "forward",
        "--plan",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--server",
        &address,
    ]);
    let stderr = String::from_utf8(result.stderr).unwrap();
    assert_eq!(result.status.code(), Some(65), "{stderr}");
    assert!(stderr.contains("lines[0].hires[0].day"), "{stderr}");
    assert!(!out.exists(), "nothing written");
    let _ = stop.send(());
}

#[test]
fn coverage_on_the_server_matches_the_local_plan() {
    let (address, stop) = start_server();
    same_on_the_server(&address, &["coverage", "--base", &org("coverage.toml")]);
    let _ = stop.send(());
}

/// SimulateFlow by day and by week; with `--chart` the free-release
/// comparison run is simulated by the server too and the SVG is the same.
#[test]
fn flow_on_the_server_matches_the_local_run_and_chart() {
    let (address, stop) = start_server();
    let model = org("flow.toml");
    same_on_the_server(&address, &["flow", "--model", &model]);
    same_on_the_server(&address, &["flow", "--model", &model, "--by", "week"]);
    let dir = tempfile::tempdir().unwrap();
    let (local, remote) = (dir.path().join("local.svg"), dir.path().join("remote.svg"));
    let chart = |path: &std::path::Path, server: Option<&str>| {
        let mut args = vec!["flow", "--model", &model, "--chart", path.to_str().unwrap()];
        if let Some(address) = server {
            args.extend(["--server", address]);
        }
        run_ok(&args)
    };
    assert!(chart(&local, None) == chart(&remote, Some(&address)));
    let svg = std::fs::read(&local).unwrap();
    assert!(svg == std::fs::read(&remote).unwrap(), "the charts differ");
    assert!(String::from_utf8(svg).unwrap().contains("no WIP cap"));
    let _ = stop.send(());
}

/// Every command that takes `--server` really asks it: with nothing
/// listening each fails as internal (exit 70) instead of computing locally,
/// so the byte-identical tests above compare two different paths.
#[test]
fn an_unreachable_server_is_an_internal_failure() {
    let (comp, deals) = (org("comp.toml"), org("deals.csv"));
    let (policy, accounts) = (org("tiering.toml"), org("accounts.csv"));
    let (capacity, funnel) = (org("capacity.toml"), org("funnel.toml"));
    let (forward, flow, coverage) = (org("forward.toml"), org("flow.toml"), org("coverage.toml"));
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let state = state.to_str().unwrap();
    let commands: [&[&str]; 8] = [
        &["tier", "--policy", &policy, "--accounts", &accounts],
        &["funnel", "--plan", &funnel],
        &["capacity", "--model", &capacity],
        &["coverage", "--base", &coverage],
        &["forward", "--plan", &forward],
        &["flow", "--model", &flow],
        &[
            "earnings",
            "--org",
            &comp,
            "--deals",
            &deals,
            "--through",
            "2026-03-31",
        ],
        &[
            "statement",
            "--org",
            &comp,
            "--deals",
            &deals,
            "--month",
            "2026-01",
            "--state",
            state,
        ],
    ];
    for args in commands {
        let mut args = args.to_vec();
        args.extend(["--server", "http://127.0.0.1:1"]);
        let out = run(&args);
        assert_eq!(out.status.code(), Some(70), "{}", args[0]);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.starts_with("salesphysics: --server http://127.0.0.1:1: "),
            "{}: {stderr}",
            args[0]
        );
    }
}
