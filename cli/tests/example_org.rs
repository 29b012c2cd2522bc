//! Every subcommand on the example organization (`examples/org/`) against
//! the expected outputs checked in under `cli/tests/expected/`, and the
//! figures behind them checked from the CSV by hand.
//!
//! `UPDATE_EXPECTED=1 cargo test -p salesphysics-cli` rewrites the
//! expected files after an intended change; review the diff.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod support;

use std::path::Path;

use support::{expect_file, org, run_ok, svg_texts};

#[test]
fn tier_classifies_the_example_accounts() {
    let out = run_ok(&[
        "tier",
        "--policy",
        &org("tiering.toml"),
        "--accounts",
        &org("accounts.csv"),
    ]);
    expect_file("tier.txt", &out);
    // Account 1: 37,000 a year is in [5,000, 100,000): SMB, inside sales;
    // 5,000 to win it over 37,000 of value is 5,000 / 37,000 = 0.1351.
    let first = out.lines().nth(1).unwrap();
    assert!(
        first.contains("SMB inside sales") && first.contains("0.1351"),
        "{first}"
    );
}

#[test]
fn funnel_plans_the_goal_by_the_rule_of_78() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("funnel.svg");
    let out = run_ok(&[
        "funnel",
        "--plan",
        &org("funnel.toml"),
        "--chart",
        chart.to_str().unwrap(),
    ]);
    expect_file("funnel.txt", &out);
    // 2,000,000 / 78 = 25,641.025641… → 25,641.03 new MRR a month.
    let json = run_ok(&["funnel", "--plan", &org("funnel.toml"), "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["goal"]["plan"]["compounded_months"], "78");
    assert_eq!(value["goal"]["new_mrr"][0]["amount"], "25641.03");
    let texts = svg_texts(&chart);
    for label in [
        "mql",
        "sql",
        "live",
        "new",
        "expansion",
        "contraction",
        "churn",
        "ending MRR",
    ] {
        assert!(
            texts.iter().any(|t| t == label),
            "legend {label} in {texts:?}"
        );
    }
    let svg = std::fs::read_to_string(&chart).unwrap();
    // The bridge's first goal month opens on the starting 50,000 MRR.
    assert!(
        svg.contains("MRR bridge: movements per month / new: "),
        "values in <desc>"
    );
}

#[test]
fn capacity_plans_the_hiring() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("hiring.svg");
    let out = run_ok(&[
        "capacity",
        "--model",
        &org("capacity.toml"),
        "--chart",
        chart.to_str().unwrap(),
    ]);
    expect_file("capacity.txt", &out);
    // Month 1, inbound: 40 SQLs at 25 per AE = 1.6 FTE → 2 AEs; 240
    // companies at 133 per MDR = 1.804511279 FTE → 2 MDRs.
    assert!(out.contains("    1        0  account_executive                 1.6          2"));
    assert!(out.contains("1.804511279"));
    let texts = svg_texts(&chart);
    for label in [
        "account_executive total",
        "account_executive ramped",
        "sales_development_rep total",
    ] {
        assert!(
            texts.iter().any(|t| t == label),
            "legend {label} in {texts:?}"
        );
    }
}

#[test]
fn earnings_rate_every_participant() {
    let out = run_ok(&[
        "earnings",
        "--org",
        &org("comp.toml"),
        "--deals",
        &org("deals.csv"),
        "--through",
        "2026-03-31",
    ]);
    expect_file("earnings.txt", &out);
}

/// The MDR plan by hand from the export: 40 an SQL to 20 a month, 60
/// beyond, on inbound SQLs accepted.
fn mdr_pay(sqls: u64) -> u64 {
    40 * sqls.min(20) + 60 * sqls.saturating_sub(20)
}

#[test]
fn statements_for_the_year_carry_state_month_to_month() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let chart = dir.path().join("payouts.svg");
    let args = |month: &str, months: &str| {
        vec![
            "statement".to_owned(),
            "--org".into(),
            org("comp.toml"),
            "--deals".into(),
            org("deals.csv"),
            "--events".into(),
            org("events.csv"),
            "--month".into(),
            month.into(),
            "--months".into(),
            months.into(),
            "--state".into(),
            state.to_str().unwrap().into(),
            "--chart".into(),
            chart.to_str().unwrap().into(),
        ]
    };
    let year = run_ok(&args("2026-01", "12"));
    expect_file("statement.txt", &year);
    let texts = svg_texts(&chart);
    for label in ["paid", "held", "released", "clawed back"] {
        assert!(
            texts.iter().any(|t| t == label),
            "legend {label} in {texts:?}"
        );
    }

    // Mia's January from the CSV: her inbound SQLs accepted that month.
    let deals = std::fs::read_to_string(org("deals.csv")).unwrap();
    let sqls: u64 = deals
        .lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[1].starts_with("2026-01") && f[5] == "sql_accepted" && f[6] == "110")
        .map(|f| f[10].parse::<u64>().unwrap())
        .sum();
    let mia = year
        .lines()
        .find(|l| l.starts_with("2026-01-01") && l.contains("Mia"))
        .unwrap();
    assert!(
        mia.contains(&format!(" {}.00 USD", mdr_pay(sqls))),
        "{sqls} SQLs: {mia}"
    );

    // Two half-year runs through the state file give the same statements.
    let csv = |month: &str, months: &str| {
        let mut a = args(month, months);
        a.extend(["--format".to_owned(), "csv".to_owned()]);
        run_ok(&a)
    };
    std::fs::remove_file(&state).unwrap();
    let whole = csv("2026-01", "12");
    let whole_state = std::fs::read(&state).unwrap();
    std::fs::remove_file(&state).unwrap();
    let first = csv("2026-01", "6");
    let second = csv("2026-07", "6");
    let halves: String = first
        .lines()
        .chain(second.lines().skip(1))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(halves == whole, "two half years differ from one year");
    assert!(
        std::fs::read(&state).unwrap() == whole_state,
        "and so do the states"
    );

    // A month already stated cannot be stated again on the stored state.
    let again = support::run(&args("2026-07", "1"));
    assert_eq!(
        again.status.code(),
        Some(65),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

#[test]
fn json_and_csv_outputs_go_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("earnings.csv");
    let printed = run_ok(&[
        "earnings",
        "--org",
        &org("comp.toml"),
        "--deals",
        &org("deals.csv"),
        "--through",
        "2026-03-31",
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(printed.is_empty());
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with("participant,name,role,plan,credit_lines,earning_lines,total\n"));
    assert_eq!(csv.lines().count(), 14, "a header and 13 participants");
    let json = run_ok(&[
        "capacity",
        "--model",
        &org("capacity.toml"),
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    // 12 months × 3 segments × 5 roles.
    assert_eq!(value["cells"].as_array().unwrap().len(), 180);
    assert_eq!(value["pods"].as_array().unwrap().len(), 36);
    assert!(Path::new(&out).exists());
}

#[test]
fn a_salesforce_export_reads_through_its_header_map() {
    let csv = run_ok(&[
        "earnings",
        "--org",
        &org("comp.toml"),
        "--deals",
        "examples/salesforce/opportunities.csv",
        "--columns",
        "examples/salesforce/columns.toml",
        "--through",
        "2026-01-31",
        "--format",
        "csv",
    ]);
    let total = |id: &str| {
        csv.lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .and_then(|l| l.rsplit(',').next())
            .unwrap()
            .to_owned()
    };
    // Ada: 2,400 new MRR × 10 % = 240.00.
    assert_eq!(total("130"), "240.00 USD");
    // Ben and Chloe split 1,800 half and half: 900 × 10 % = 90.00 each.
    assert_eq!(
        (total("131"), total("132")),
        ("90.00 USD".into(), "90.00 USD".into())
    );
    // Elena: 15,000 MRR = 180,000 ARR, 60 % of the 300,000 quarter: 8 %.
    assert_eq!(total("140"), "14400.00 USD");
    // Hugo: a 600 MRR upsell = 7,200 ARR × 10 % = 720.00; Grace, the
    // overlay CSM, is credited but the NRR component pays by bonus only.
    assert_eq!(total("160"), "720.00 USD");
    assert_eq!(total("150"), "0.00 USD");
}
