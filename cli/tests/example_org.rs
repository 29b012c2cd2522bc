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

/// Runs `args` with `--chart` into a temporary folder when `legends` are
/// given, compares the table with `expected` (under `cli/tests/expected/`)
/// and checks the chart parses as SVG carrying every legend; returns the
/// table and the chart's source.
fn run_expected(args: &[&str], expected: &str, legends: &[&str]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("chart.svg");
    let mut args: Vec<&str> = args.to_vec();
    if !legends.is_empty() {
        args.extend(["--chart", chart.to_str().unwrap()]);
    }
    let out = run_ok(&args);
    expect_file(expected, &out);
    if legends.is_empty() {
        return (out, String::new());
    }
    let texts = svg_texts(&chart);
    for label in legends {
        assert!(
            texts.iter().any(|t| t == label),
            "legend {label} in {texts:?}"
        );
    }
    (out, std::fs::read_to_string(&chart).unwrap())
}

#[test]
fn tier_classifies_the_example_accounts() {
    let (out, _) = run_expected(
        &[
            "tier",
            "--policy",
            &org("tiering.toml"),
            "--accounts",
            &org("accounts.csv"),
        ],
        "tier.txt",
        &[],
    );
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
    let (_, svg) = run_expected(
        &["funnel", "--plan", &org("funnel.toml")],
        "funnel.txt",
        &[
            "mql",
            "sql",
            "live",
            "new",
            "expansion",
            "contraction",
            "churn",
            "ending MRR",
        ],
    );
    // 2,000,000 / 78 = 25,641.025641… → 25,641.03 new MRR a month.
    let json = run_ok(&["funnel", "--plan", &org("funnel.toml"), "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["goal"]["plan"]["compounded_months"], "78");
    assert_eq!(value["goal"]["new_mrr"][0]["amount"], "25641.03");
    // Unit economics by hand (examples/org/funnel.toml [economics]):
    // CAC = 60,000 / 16.82 = 3,567.181926278 (9 places, half-even);
    // margin a month = 1,524.44 × 0.8 = 1,219.552; churn 0.02 = expansion
    // 0.02, so LTV sums 60 flat months: 60 × 1,219.552 = 73,173.12 and
    // LTV / CAC = 73,173.12 × 16.82 / 60,000 = 20.51286464.
    // Payback with the margin growing 1.5 % a month: 1,219.552 +
    // 1,237.84528 = 2,457.39728 after two months; the third earns
    // 1,256.4129592, and (3,567.181926278 − 2,457.39728) / 1,256.4129592 =
    // 0.883296084 of it: 2.883296084 months.
    let economics = &value["economics"];
    assert_eq!(economics["cac"]["amount"], "3567.181926278");
    assert_eq!(
        economics["lifetime_value"]["horizon_capped"]["value"]["amount"],
        "73173.12"
    );
    assert_eq!(economics["ltv_to_cac"]["finite"], "20.51286464");
    assert_eq!(economics["payback"]["months"], "2.883296084");
    assert_eq!(economics["mrr_ceiling"], "unbounded");
    let csv = run_ok(&["funnel", "--plan", &org("funnel.toml"), "--format", "csv"]);
    assert!(
        csv.ends_with("\nUnit economics\nmetric,value\ncac,3567.181926278 USD\ncac_payback_months,2.883296084\nlifetime_value,73173.12 USD over 60 months\nltv_to_cac,20.51286464\nmrr_ceiling,unbounded\n"),
        "{csv}"
    );
    // The bridge's first goal month opens on the starting 50,000 MRR.
    assert!(
        svg.contains("MRR bridge: movements per month / new: "),
        "values in <desc>"
    );
}

#[test]
fn capacity_plans_the_hiring() {
    let (out, _) = run_expected(
        &["capacity", "--model", &org("capacity.toml")],
        "capacity.txt",
        &[
            "account_executive total",
            "account_executive ramped",
            "sales_development_rep total",
        ],
    );
    // Month 1, inbound: 40 SQLs at 25 per AE = 1.6 FTE → 2 AEs; 240
    // companies at 133 per MDR = 1.804511279 FTE → 2 MDRs.
    assert!(out.contains("    1        0  account_executive                 1.6          2"));
    assert!(out.contains("1.804511279"));
    // Month 1's cost is the starting team on board: 4 AEs × 11,000 + 1
    // field AE × 21,000 + 1 MDR × 5,500 + 1 SDR × 6,500 + 2 CSMs × 8,000 =
    // 93,000, and 93,000 / 25,641.03 new MRR = 3.6270 a dollar.
    assert!(out.contains("\nCost per month\n"), "{out}");
    assert!(
        out.contains("    1   93000.00 USD  25641.03 USD                    3.627\n"),
        "{out}"
    );
    // The outbound SDR-per-AE ratio rule (0.33-0.5) fires from month 2.
    assert!(out.contains("\nMismatch flags"), "{out}");
    assert!(
        out.contains("ratio_out_of_range        1  sales_development_rep               2      11"),
        "{out}"
    );
}

#[test]
fn earnings_rate_every_participant() {
    run_expected(
        &[
            "earnings",
            "--org",
            &org("comp.toml"),
            "--deals",
            &org("deals.csv"),
            "--through",
            "2026-03-31",
        ],
        "earnings.txt",
        &[],
    );
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
        ]
    };
    let year_args = args("2026-01", "12");
    let year_args: Vec<&str> = year_args.iter().map(String::as_str).collect();
    let (year, _) = run_expected(
        &year_args,
        "statement.txt",
        &["paid", "held", "released", "clawed back"],
    );

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
