//! The planning commands on the example organization: `forward` (the team
//! and hiring plan run forward into bookings, ARR, cost and payback) and
//! `flow` (the process-engineering seed's lead-flow scenario), against the
//! expected outputs in `cli/tests/expected/`, with figures checked by hand.
//!
//! `UPDATE_EXPECTED=1 cargo test -p salesphysics-cli --test planning`
//! rewrites the expected files after an intended change; review the diff.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod support;

use support::{expect_file, org, run, run_ok, svg_texts};

/// The `<desc>` line of a chart that starts with `prefix`.
fn desc_line(svg: &str, prefix: &str) -> String {
    svg.lines()
        .find(|l| l.starts_with(prefix) || l.contains(&format!("<desc>{prefix}")))
        .unwrap_or_else(|| panic!("no {prefix:?} in the chart's <desc>"))
        .to_owned()
}

#[test]
fn forward_runs_the_example_plan() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("forward.svg");
    let out = run_ok(&[
        "forward",
        "--plan",
        &org("forward.toml"),
        "--chart",
        chart.to_str().unwrap(),
    ]);
    expect_file("forward.txt", &out);

    // January 2026 by hand (31 days, nobody hired or leaving yet):
    // - inbound AEs: 2 ramped × 1,440,000 ÷ 12 = 240,000 quota, × 0.7 =
    //   168,000 booked; cost 2 × (11,000 × 1.25 + 300) + 1 % × 168,000 =
    //   28,100 + 1,680 = 29,780;
    // - outbound AEs in tenure months 2 and 1 of a 3-month linear ramp:
    //   3/3 + 2/3 = 5/3 FTE × 120,000 = 200,000 quota, × 0.6 = 120,000
    //   booked; cost 28,100 + 1,200 = 29,300;
    // - the field AE, 24 months in: 100,000 quota, × 0.8 = 80,000 booked;
    //   cost 21,000 × 1.25 + 300 + 800 = 27,350;
    // - MDR 5,500 × 1.25 + 300 = 7,175; SDR 8,425; CSM 10,300.
    // Headcount 8, ramped 2 + 1.666666667 + 5 = 7.666666667; quota
    // 540,000; booked 368,000 = the ARR (no starting ARR); revenue
    // 368,000 ÷ 12 = 30,666.67; gross profit × 0.8 = 24,533.33; cost
    // 29,780 + 29,300 + 27,350 + 7,175 + 8,425 + 10,300 = 112,330; net
    // 24,533.333… − 112,330 = −87,796.67.
    let january = out.lines().nth(1).unwrap();
    let cells: Vec<&str> = january.split_whitespace().collect();
    assert_eq!(
        cells,
        [
            "1",
            "2026-01",
            "8",
            "7.666666667",
            "540000.00",
            "368000.00",
            "368000.00",
            "30666.67",
            "24533.33",
            "112330.00",
            "-87796.67",
            "-87796.67"
        ]
    );

    // The summary under the table is the core's, as JSON carries it.
    let json = run_ok(&[
        "forward",
        "--plan",
        &org("forward.toml"),
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let payback = value["summary"]["payback_month"].as_u64().unwrap();
    assert!(
        out.contains(&format!("payback: month {payback} (")),
        "payback {payback} in the notes"
    );
    assert_eq!(value["months"].as_array().unwrap().len(), 24);
    // 24 months × 6 lines.
    assert_eq!(value["cells"].as_array().unwrap().len(), 144);
    let npv = value["summary"]["npv"]["amount"].as_str().unwrap();
    assert!(out.contains(&format!("npv at 0.1 a year: {npv} USD")));
    assert!(value["summary"]["irr_monthly"].is_string(), "{json}");
    // The cumulative in the last row is the JSON's, rounded once.
    let last = value["months"][23]["cumulative"]["amount"]
        .as_str()
        .unwrap();
    assert!(out.lines().nth(24).unwrap().ends_with(last));

    let texts = svg_texts(&chart);
    for label in [
        "ARR",
        "cumulative net",
        "revenue",
        "cost",
        "net",
        "headcount",
        "ramped FTE",
    ] {
        assert!(
            texts.iter().any(|t| t == label),
            "legend {label} in {texts:?}"
        );
    }
    let svg = std::fs::read_to_string(&chart).unwrap();
    let arr = desc_line(&svg, "ARR and cumulative net / ARR: ");
    assert!(arr.contains("ARR: 368000"), "{arr}");
    let people = desc_line(&svg, "Headcount on board and ramped FTE / ramped FTE: ");
    assert!(people.contains("ramped FTE: 7.666666667, "), "{people}");
}

#[test]
fn forward_csv_has_a_row_a_month_and_asks_override_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("forward.csv");
    let printed = run_ok(&[
        "forward",
        "--plan",
        &org("forward.toml"),
        "--discount-rate",
        "0",
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(printed.is_empty());
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with(
        "month,calendar,headcount,ramped_fte,quota_capacity,booked_arr,arr,revenue,\
         gross_profit,cost,net,cumulative\n"
    ));
    assert_eq!(csv.lines().count(), 25, "a header and 24 months");
    assert!(!csv.contains("payback"), "the notes are the table's only");
    // At a 0 % discount rate the NPV is the plain sum of the nets: the last
    // cumulative.
    let json = run_ok(&[
        "forward",
        "--plan",
        &org("forward.toml"),
        "--discount-rate",
        "0",
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["summary"]["npv"], value["months"][23]["cumulative"],
        "NPV at 0 %"
    );
    let last = csv.lines().last().unwrap().rsplit(',').next().unwrap();
    assert_eq!(value["summary"]["npv"]["amount"], last);

    let bad = run(&[
        "forward",
        "--plan",
        &org("forward.toml"),
        "--discount-rate",
        "ten percent",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--discount-rate"));
}

#[test]
fn forward_errors_name_the_file_and_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let example = std::fs::read_to_string(org("forward.toml")).unwrap();
    let out = dir.path().join("forward.txt");
    let chart = dir.path().join("forward.svg");
    let fails = |name: &str, text: String, expected: &str| {
        let plan = dir.path().join(name);
        std::fs::write(&plan, text).unwrap();
        let result = run(&[
            "forward",
            "--plan",
            plan.to_str().unwrap(),
            "--chart",
            chart.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
        assert_eq!(result.status.code(), Some(65), "{stderr}");
        assert!(
            stderr.starts_with(&format!("salesphysics: {}:", plan.display())),
            "{stderr}"
        );
        assert!(stderr.contains(expected), "{expected:?} in {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!out.exists() && !chart.exists(), "nothing written");
    };
    // The core's check: March 2026 has no 32nd.
    fails(
        "bad_day.toml",
        example.replacen("day = 16", "day = 32", 1),
        "lines[0].hires[0].day",
    );
    // The reader's: a field the shape does not have.
    fails(
        "unknown.toml",
        example.replacen("attainment = \"0.7\"", "attainment = \"0.7\"\nquota = 1", 1),
        "lines[0].quota: unknown field `quota`",
    );
    // A money amount that is not a decimal.
    fails(
        "bad_amount.toml",
        example.replacen("\"1440000\"", "\"1,440,000\"", 1),
        "lines[0].annual_quota.amount",
    );
}

#[test]
fn flow_runs_the_seeds_scenario_by_week() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("flow.svg");
    let out = run_ok(&[
        "flow",
        "--model",
        &org("flow.toml"),
        "--by",
        "week",
        "--chart",
        chart.to_str().unwrap(),
    ]);
    expect_file("flow_weeks.txt", &out);
    // 52 weeks and the year's last day, then the notes.
    assert_eq!(
        out.lines().nth(53).unwrap().split_whitespace().next(),
        Some("53")
    );

    // The first days by hand: 12 arrive a day, the 5 reps take 2 each (the
    // cap) and work them the same day. Day 1: 10 released and worked, 2
    // queued. Day 2: those 2 first, then 8 of the 12 new: lead times 1 and
    // 0, 4 queued. The queue grows by 2 a day until, on day 8, the first
    // leads reach 2 days unreleased and go to nurture: 2 a day from then on.
    let days = run_ok(&["flow", "--model", &org("flow.toml"), "--format", "csv"]);
    let rows: Vec<Vec<&str>> = days.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows[0][..10],
        [
            "day",
            "arrivals",
            "released",
            "worked",
            "converted",
            "expired",
            "reassigned",
            "escalated",
            "queue",
            "wip"
        ]
    );
    assert_eq!(rows.len(), 366, "a header and 365 days");
    let column = |name: &str| rows[0].iter().position(|h| *h == name).unwrap();
    let at = |day: usize, name: &str| rows[day][column(name)].to_owned();
    assert_eq!(
        (
            at(1, "released"),
            at(1, "worked"),
            at(1, "queue"),
            at(1, "wip")
        ),
        ("10".into(), "10".into(), "2".into(), "0".into())
    );
    assert_eq!(
        (at(2, "queue"), at(2, "lead_max"), at(2, "lead_p50")),
        ("4".into(), "1".into(), "0".into())
    );
    let queues: Vec<String> = (1..=9).map(|d| at(d, "queue")).collect();
    assert_eq!(queues, ["2", "4", "6", "8", "10", "12", "14", "14", "14"]);
    let expired: Vec<String> = (1..=9).map(|d| at(d, "expired")).collect();
    assert_eq!(expired, ["0", "0", "0", "0", "0", "0", "0", "2", "2"]);

    // The whole run: a cap of one day's work is worked the same day, so no
    // rep ends a day holding a lead; what cannot be worked is nurtured, 2 a
    // day from day 8 (358 days × 2 = 716); every lead worked within a day.
    let json = run_ok(&["flow", "--model", &org("flow.toml"), "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let summary = &value["summary"];
    assert_eq!(summary["peak_wip_per_rep"], 0);
    assert_eq!(summary["total"]["worked"], 3650);
    assert_eq!(summary["total"]["expired"], 716);
    assert_eq!(summary["total"]["queue"], 14);
    assert_eq!(summary["total"]["lead_time"]["max"], 1);

    // The chart: lead time and WIP with the cap and released freely. Free,
    // WIP grows by 2 a day (12 in, 10 worked): 14 leads at the end of
    // week 1 (day 7) = 2.8 per rep, 5.6 after week 2, 8.4 after week 3; at
    // the end of the year 730 = 146 per rep (as core/tests/flow.rs).
    let texts = svg_texts(&chart);
    for label in ["WIP cap 2 per rep", "no WIP cap"] {
        assert_eq!(
            texts.iter().filter(|t| *t == label).count(),
            3,
            "legend {label} in each of the 3 panels: {texts:?}"
        );
    }
    let svg = std::fs::read_to_string(&chart).unwrap();
    let free_wip = desc_line(&svg, "WIP per rep at the end of each week / no WIP cap: ");
    assert!(
        free_wip.contains("no WIP cap: 2.8, 5.6, 8.4, "),
        "{free_wip}"
    );
    assert!(free_wip.ends_with(", 146"), "{free_wip}");
    let capped_wip = desc_line(
        &svg,
        "WIP per rep at the end of each week / WIP cap 2 per rep: ",
    );
    let zeros = format!("WIP cap 2 per rep: 0{}", ", 0".repeat(52));
    assert!(capped_wip.ends_with(&zeros), "{capped_wip}");
    // Lead time: capped, the p90 stays at a day or less; free, it grows
    // week after week.
    let p90 = |label: &str| -> Vec<u32> {
        let line = desc_line(
            &svg,
            &format!("Lead time p90 (days) of the leads worked each week / {label}: "),
        );
        line.rsplit(": ")
            .next()
            .unwrap()
            .split(", ")
            .map(|v| v.parse().unwrap())
            .collect()
    };
    let (capped, free) = (p90("WIP cap 2 per rep"), p90("no WIP cap"));
    assert_eq!(capped.len(), 53);
    assert!(capped.iter().all(|d| *d <= 1), "{capped:?}");
    assert!(free[10] < free[30] && free[30] < free[51], "{free:?}");
}

#[test]
fn flow_chart_needs_a_cap_to_compare_and_errors_name_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let example = std::fs::read_to_string(org("flow.toml")).unwrap();
    let chart = dir.path().join("flow.svg");
    let model = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let free = model(
        "free.toml",
        example.replace(
            "release = { capped = { wip_per_rep = 2 } }",
            "release = \"free\"",
        ),
    );
    // Free release runs; its chart has nothing to compare with.
    let table = run_ok(&["flow", "--model", free.to_str().unwrap(), "--by", "week"]);
    assert!(table.contains("release: free (no WIP cap)"));
    let refused = run(&[
        "flow",
        "--model",
        free.to_str().unwrap(),
        "--chart",
        chart.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("--chart compares the model's WIP cap")
    );
    assert!(!chart.exists());

    let no_reps = model("no_reps.toml", example.replace("reps = 5", "reps = 0"));
    let failed = run(&["flow", "--model", no_reps.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(65), "{stderr}");
    assert!(
        stderr.contains(&format!("{}: reps", no_reps.display())),
        "{stderr}"
    );

    let zero_cap = model(
        "zero_cap.toml",
        example.replace("wip_per_rep = 2", "wip_per_rep = 0"),
    );
    let failed = run(&["flow", "--model", zero_cap.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(65), "{stderr}");
    assert!(stderr.contains("release.wip_per_rep"), "{stderr}");
}

#[test]
fn coverage_mirrors_the_books_and_names_the_nrr_owners() {
    let out = run_ok(&["coverage", "--base", &org("coverage.toml")]);
    expect_file("coverage.txt", &out);
    // By hand: needs AM accounts 120 ÷ 50 = 2.4, AM MRR 350,000 ÷ 150,000
    // = 2.333…, CSM accounts 120 ÷ 60 = 2, CSM MRR 350,000 ÷ 200,000 =
    // 1.75: 2.4 books, the AM's account limit binds; 3 AMs and 3 CSMs. Per
    // AM on board: 40 accounts, 116,666.67 MRR. NRR 110 % through 8 %
    // churn: end at 385,000, sell 350,000 × 0.18 = 63,000 of expansion,
    // 21,000 per book.
    let csv = run_ok(&[
        "coverage",
        "--base",
        &org("coverage.toml"),
        "--format",
        "csv",
    ]);
    let expected = "figure,value\n\
                    books,2.4\n\
                    commercial_owner,account_manager\n\
                    commercial_headcount,3\n\
                    csm_headcount,3\n\
                    binding,commercial_accounts\n\
                    accounts_per_book,40\n\
                    mrr_per_book,116666.67 USD\n\
                    nrr_owners,account_manager+customer_success_manager\n\
                    target_ending_mrr,385000.00 USD\n\
                    expansion_mrr_to_sell,63000.00 USD\n\
                    expansion_mrr_per_book,21000.00 USD\n";
    assert_eq!(csv, expected);
    let json = run_ok(&[
        "coverage",
        "--base",
        &org("coverage.toml"),
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["nrr_owners"],
        serde_json::json!(["account_manager", "customer_success_manager"])
    );

    // Nobody owning the base is refused with the field named.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("coverage.toml");
    let example = std::fs::read_to_string(org("coverage.toml")).unwrap();
    std::fs::write(
        &bad,
        example.replace("\"account_manager\"", "\"sales_development_rep\""),
    )
    .unwrap();
    let failed = run(&["coverage", "--base", bad.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(65), "{stderr}");
    assert!(stderr.contains(": commercial_owner: "), "{stderr}");
}
