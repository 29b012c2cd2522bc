//! The compensation engine against the published vectors
//! (`data/compensation.json`, copied from the shared vectors) and hand
//! calculations: crediting, rate tables, modifiers, attainment, earnings.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod support;

use support::vectors::text as s;

use salesphysics_core::compensation::*;
use salesphysics_core::limits::MAX_HIERARCHY_DEPTH;
use salesphysics_core::{Currency, Decimal, ErrorKind, FxRate, Money, Period, Role, RoundingMode};
use serde_json::Value;
use support::compensation::*;
use TransactionKind::*;

fn vector(id: &str) -> Value {
    support::vectors::case(include_str!("data/compensation.json"), id)
}

fn vector_table(method: RateMethod, case: &Value) -> RateTable {
    let tiers: Vec<(String, Option<String>, String)> = case["rate_table"]["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                s(&t[0]).to_string(),
                t[1].as_str().map(str::to_string),
                s(&t[2]).to_string(),
            )
        })
        .collect();
    let refs: Vec<(&str, Option<&str>, &str)> = tiers
        .iter()
        .map(|(l, u, r)| (l.as_str(), u.as_deref(), r.as_str()))
        .collect();
    table(method, &refs)
}

fn one_component_plan(rate_table: RateTable, basis: TierBasis) -> Plan {
    let mut c = component(10, new_mrr(), "100000", QuotaPeriod::Month, rate_table);
    c.tier_basis = basis;
    plan(Role::AccountExecutive, vec![c])
}

// ---- published vectors -------------------------------------------------

#[test]
fn oracle_step_rate_each_transaction_alone() {
    // oracle-step-rate-per-transaction: graduated, each transaction alone.
    // 1500 → 1000×1% + 500×2% = 10 + 10 = 20; 4500 → 10 + 2000×2% + 1500×3% = 95.
    let case = vector("oracle-step-rate-per-transaction");
    let plan = one_component_plan(
        vector_table(RateMethod::Graduated, &case),
        TierBasis::Transaction,
    );
    let txs: Vec<Transaction> = case["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, a)| deal(i as u64 + 1, date(3, 1 + i as u32), New, s(a), 1))
        .collect();
    let (lines, summary) = earn(&plan, 1, &txs, date(12, 31));
    for (i, expected) in case["expected"]["per_transaction"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        assert_eq!(
            earned_on(&lines, i as u64 + 1),
            d(s(expected)),
            "transaction {i}"
        );
    }
    assert_eq!(summary.total, usd(s(&case["expected"]["total"])));
    // 4500 straddles two boundaries: three lines, tiers 0, 1, 2.
    let last: Vec<_> = lines
        .iter()
        .filter(|l| l.transaction_id == Some(6))
        .collect();
    assert_eq!(
        last.iter().map(|l| l.tier).collect::<Vec<_>>(),
        [Some(0), Some(1), Some(2)]
    );
    assert_eq!(
        last.iter().map(|l| l.credit).collect::<Vec<_>>(),
        [d("1000"), d("2000"), d("1500")]
    );
}

#[test]
fn spiff_marginal_on_top_of_prior_cumulative() {
    // spiff-marginal-on-top-of-prior: prior 145000, deal 20000 in the same period:
    // 5000 × 4% + 15000 × 6% = 200 + 900 = 1100; blended 1100 / 20000 = 0.055.
    let case = vector("spiff-marginal-on-top-of-prior");
    let plan = one_component_plan(
        vector_table(RateMethod::Graduated, &case),
        TierBasis::PeriodToDate,
    );
    let txs = [
        deal(1, date(5, 2), New, s(&case["prior_cumulative"]), 1),
        deal(2, date(5, 20), New, s(&case["deal"]), 1),
    ];
    let (lines, _) = earn(&plan, 1, &txs, date(5, 31));
    let commission = earned_on(&lines, 2);
    assert_eq!(commission, d(s(&case["expected"]["commission"])));
    assert_eq!(
        commission
            .div_round(d(s(&case["deal"])), 9, RoundingMode::HalfEven)
            .unwrap(),
        d(s(&case["expected"]["blended_rate"]))
    );
    let split: Vec<_> = lines
        .iter()
        .filter(|l| l.transaction_id == Some(2))
        .map(|l| (l.tier, l.credit))
        .collect();
    assert_eq!(split, [(Some(0), d("5000")), (Some(1), d("15000"))]);
}

#[test]
fn sage_and_aptify_graduated_versus_retroactive() {
    // sage: 6800 → graduated 5000×10% + 1800×15% = 770; retroactive 6800×15% = 1020.
    // aptify: 11000 → graduated 250 + 500 + 1000×15% = 900; retroactive 11000×15% = 1650.
    for id in [
        "sage-progressive-vs-non-progressive",
        "aptify-graduated-vs-highest-tier",
    ] {
        let case = vector(id);
        for (method, key) in [
            (RateMethod::Graduated, "graduated"),
            (RateMethod::Retroactive, "retroactive"),
        ] {
            let plan = one_component_plan(vector_table(method, &case), TierBasis::Transaction);
            let (_, summary) = earn(
                &plan,
                1,
                &[deal(1, date(2, 1), New, s(&case["sales"]), 1)],
                date(12, 31),
            );
            assert_eq!(
                summary.total.amount(),
                d(s(&case["expected"][key])),
                "{id} {key}"
            );
        }
    }
}

#[test]
fn quotapath_multi_year_kicker() {
    // quotapath-rate-multiplier: 5% × 1.5 for a term over 12 months = 7.5%.
    let case = vector("quotapath-rate-multiplier");
    let mut c = component(
        10,
        new_mrr(),
        "1000",
        QuotaPeriod::Month,
        RateTable::flat(d(s(&case["base_rate"]))),
    );
    c.kickers
        .push(Kicker {
            condition: EventCondition::TermLongerThan(12),
            multiplier: d("1.5"),
        })
        .unwrap();
    let plan = plan(Role::AccountExecutive, vec![c]);
    let mut long = deal(1, date(1, 10), New, "1000", 1);
    long.source.term_months = case["contract_term_months"].as_u64().unwrap() as u32;
    let mut annual = deal(2, date(1, 11), New, "1000", 1);
    annual.source.term_months = 12;
    let (lines, _) = earn(&plan, 1, &[long, annual], date(1, 31));
    assert_eq!(
        lines[0].effective_rate,
        d(s(&case["expected"]["effective_rate"]))
    );
    assert_eq!(lines[0].multiplier, d("1.5"));
    assert_eq!(lines[0].amount, usd("75")); // 1000 × 0.075
    assert_eq!(lines[1].effective_rate, d("0.05")); // exactly 12 months: no kicker
}

#[test]
fn split_rounding_reconciles_by_largest_remainder() {
    // split-rounding-reconciles: 6.45 × (0.30, 0.70) → 1.935, 4.515 → floors 1.93 + 4.51,
    // the leftover cent to the earlier tie → 1.94 + 4.51 = 6.45.
    let case = vector("split-rounding-reconciles");
    let shares = case["shares"].as_array().unwrap();
    let tx = with_splits(
        1,
        date(1, 5),
        New,
        s(&case["amount"]),
        &[
            split(1, SplitKind::Revenue, s(&shares[0])),
            split(2, SplitKind::Revenue, s(&shares[1])),
        ],
    );
    let credits = credit_all(&[tx], &[]);
    let expected: Vec<Money> = case["expected"]["shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| usd(s(v)))
        .collect();
    assert_eq!(
        credits.iter().map(|c| c.amount).collect::<Vec<_>>(),
        expected
    );
    assert_eq!(
        credits[0].amount.checked_add(credits[1].amount).unwrap(),
        usd(s(&case["expected"]["sum"]))
    );
}

// ---- rate tables -------------------------------------------------------

fn rated(t: &RateTable, prior: Decimal, value: Decimal) -> Slices {
    let mut slices = Slices::new();
    t.rate(prior, value, None, &mut slices).unwrap();
    slices
}

#[test]
fn boundary_value_takes_the_higher_tier() {
    // Exactly 5000 on 0–5000 @10 %, 5000+ @15 %: retroactive pays 5000 × 15 % = 750.
    let t = table(
        RateMethod::Retroactive,
        &[("0", Some("5000"), "0.10"), ("5000", None, "0.15")],
    );
    let slices = rated(&t, Decimal::ZERO, d("5000"));
    assert_eq!((slices[0].tier, slices[0].rate), (1, d("0.15")));
    // Graduated: the whole 5000 is in tier 0, nothing reaches tier 1.
    let g = table(
        RateMethod::Graduated,
        &[("0", Some("5000"), "0.10"), ("5000", None, "0.15")],
    );
    let slices = rated(&g, Decimal::ZERO, d("5000"));
    assert_eq!(slices.len(), 1);
    assert_eq!((slices[0].tier, slices[0].credit), (0, d("5000")));
}

#[test]
fn retroactive_cumulative_rerates_earlier_credit() {
    // 0–5000 @10 %, 5000+ @15 %, cumulative in the month: 4000 earns 400;
    // 2800 more reaches tier 1: 2800 × 15 % = 420 plus 4000 × (15 % − 10 %) = 200.
    // Total 1020 = 6800 × 15 %, the sage retroactive figure.
    let t = table(
        RateMethod::Retroactive,
        &[("0", Some("5000"), "0.10"), ("5000", None, "0.15")],
    );
    let plan = one_component_plan(t, TierBasis::PeriodToDate);
    let txs = [
        deal(1, date(4, 1), New, "4000", 1),
        deal(2, date(4, 9), New, "2800", 1),
    ];
    let (lines, summary) = earn(&plan, 1, &txs, date(4, 30));
    let kinds: Vec<_> = lines.iter().map(|l| (l.kind, l.amount.amount())).collect();
    assert_eq!(
        kinds,
        [
            (LineKind::Commission, d("400")),
            (LineKind::Commission, d("420")),
            (LineKind::RetroAdjustment, d("200"))
        ]
    );
    assert_eq!(summary.total, usd("1020"));
}

#[test]
fn interpolated_amount_table_earns_pro_rata_within_a_tier() {
    // Amount table: 0–10000 pays 500, 10000–20000 pays 1500 more, then tops out.
    // 15000 → 500 + 1500 × 5000/10000 = 1250; 25000 → 500 + 1500 = 2000.
    let t = table(
        RateMethod::Interpolated,
        &[
            ("0", Some("10000"), "500"),
            ("10000", Some("20000"), "1500"),
        ],
    );
    let plan = one_component_plan(t, TierBasis::Transaction);
    let txs = [
        deal(1, date(1, 2), New, "15000", 1),
        deal(2, date(1, 3), New, "25000", 1),
    ];
    let (lines, _) = earn(&plan, 1, &txs, date(1, 31));
    assert_eq!(earned_on(&lines, 1), d("1250"));
    assert_eq!(earned_on(&lines, 2), d("2000"));
    let unbounded = table(RateMethod::Interpolated, &[("0", None, "500")]);
    assert_eq!(
        unbounded.validate().unwrap_err().to_string(),
        "tiers[0].upper: interpolated tables need a bounded last tier"
    );
}

#[test]
fn tiers_on_attainment_scale_with_the_quota() {
    // Quota 10000; 0–100 % at 10 %, above 100 % at 20 %, month to date.
    // 8000 → 800; then 4000: 2000 × 10 % + 2000 × 20 % = 600.
    let t = table(
        RateMethod::Graduated,
        &[("0", Some("1"), "0.10"), ("1", None, "0.20")],
    );
    let mut c = component(10, new_mrr(), "10000", QuotaPeriod::Month, t);
    c.tier_basis = TierBasis::PeriodToDate;
    c.tier_axis = TierAxis::Attainment;
    let plan = plan(Role::AccountExecutive, vec![c]);
    let txs = [
        deal(1, date(6, 1), New, "8000", 1),
        deal(2, date(6, 2), New, "4000", 1),
    ];
    let (lines, summary) = earn(&plan, 1, &txs, date(6, 30));
    assert_eq!(earned_on(&lines, 1), d("800"));
    assert_eq!(earned_on(&lines, 2), d("600"));
    assert_eq!(summary.attainment.components[0].attainment, d("1.2"));
}

#[test]
fn year_to_date_basis_carries_across_months_period_basis_resets() {
    // 0–10000 @5 %, above @10 %; 8000 in January, 8000 in February.
    // Year to date: Feb = 2000 × 5 % + 6000 × 10 % = 700. Period to date: Feb = 400.
    let t = table(
        RateMethod::Graduated,
        &[("0", Some("10000"), "0.05"), ("10000", None, "0.10")],
    );
    let txs = [
        deal(1, date(1, 15), New, "8000", 1),
        deal(2, date(2, 15), New, "8000", 1),
    ];
    let (ytd, _) = earn(
        &one_component_plan(t.clone(), TierBasis::YearToDate),
        1,
        &txs,
        date(2, 28),
    );
    let (ptd, _) = earn(
        &one_component_plan(t, TierBasis::PeriodToDate),
        1,
        &txs,
        date(2, 28),
    );
    assert_eq!(earned_on(&ytd, 2), d("700"));
    assert_eq!(earned_on(&ptd, 2), d("400"));
}

#[test]
fn churn_unwinds_at_the_marginal_rates() {
    // 0–1000 @1 %, 1000+ @2 %, month to date: +1500 earns 10 + 10 = 20;
    // churn −800 unwinds 500 @2 % and 300 @1 % = −13.
    let t = table(
        RateMethod::Graduated,
        &[("0", Some("1000"), "0.01"), ("1000", None, "0.02")],
    );
    let mut c = component(
        10,
        Measure::of(KindSet::of(&[New, Churn]), MeasureUnit::Mrr),
        "1000",
        QuotaPeriod::Month,
        t,
    );
    c.tier_basis = TierBasis::PeriodToDate;
    let plan = plan(Role::AccountExecutive, vec![c]);
    let txs = [
        deal(1, date(3, 1), New, "1500", 1),
        deal(2, date(3, 20), Churn, "-800", 1),
    ];
    let (lines, summary) = earn(&plan, 1, &txs, date(3, 31));
    assert_eq!(earned_on(&lines, 2), d("-13"));
    assert_eq!(summary.total, usd("7")); // 700 × 1 %
}

#[test]
fn rate_table_validation_names_the_field() {
    let cases = [
        (
            vec![("0", Some("1000"), "0.01"), ("900", None, "0.02")],
            "tiers[1].lower: tiers overlap",
        ),
        (
            vec![("0", Some("1000"), "0.01"), ("1100", None, "0.02")],
            "tiers[1].lower: tiers leave a gap",
        ),
        (
            vec![("0", Some("1000"), "0.01"), ("1000", None, "-0.02")],
            "tiers[1].rate: must not be negative",
        ),
        (
            vec![("0", None, "0.01"), ("1000", None, "0.02")],
            "tiers[0].upper: only the last tier may be unbounded",
        ),
        (
            vec![
                ("0", Some("1000"), "0.01"),
                ("2000", Some("3000"), "0.02"),
                ("1000", None, "0.03"),
            ],
            "tiers[1].lower: tiers leave a gap",
        ),
        (
            vec![("0", Some("5000"), "0.01"), ("5000", Some("4000"), "0.02")],
            "tiers[1].upper: tier upper bound not above its lower bound",
        ),
        (
            vec![("100", None, "0.01")],
            "tiers[0].lower: the first tier must start at zero",
        ),
    ];
    for (tiers, message) in cases {
        let t = table(RateMethod::Graduated, &tiers);
        assert_eq!(t.validate().unwrap_err().to_string(), message);
    }
    let mut p = plan(
        Role::AccountExecutive,
        vec![component(
            10,
            new_mrr(),
            "1",
            QuotaPeriod::Month,
            table(
                RateMethod::Graduated,
                &[("0", Some("1000"), "0.01"), ("900", None, "0.02")],
            ),
        )],
    );
    assert_eq!(
        p.validate().unwrap_err().to_string(),
        "components[0].rate_table.tiers[1].lower: tiers overlap"
    );
    p.components[0].rate_table = RateTable::flat(d("0.01"));
    p.components[0].weight = d("0.9");
    assert_eq!(
        p.validate().unwrap_err().to_string(),
        "components: component weights must sum to 100%"
    );
}

#[test]
fn unsorted_tiers_are_rejected() {
    let t = table(
        RateMethod::Graduated,
        &[
            ("0", Some("1000"), "0.01"),
            ("1000", Some("3000"), "0.02"),
            ("500", None, "0.03"),
        ],
    );
    assert_eq!(
        t.validate().unwrap_err().to_string(),
        "tiers[2].lower: tier bounds unsorted"
    );
    let t = table(
        RateMethod::Graduated,
        &[("0", Some("5000"), "0.01"), ("0", None, "0.02")],
    );
    assert_eq!(
        t.validate().unwrap_err().to_string(),
        "tiers[1].lower: tiers overlap"
    );
}

// ---- crediting -----------------------------------------------------------

#[test]
fn revenue_splits_over_100_percent_are_rejected_overlay_adds_on_top() {
    let over = with_splits(
        1,
        date(1, 2),
        New,
        "100",
        &[
            split(1, SplitKind::Revenue, "0.6"),
            split(2, SplitKind::Revenue, "0.5"),
        ],
    );
    let mut out = vec![credit_all(&[deal(9, date(1, 1), New, "1", 1)], &[])[0]; 8];
    let e =
        credit_transactions(&[deal(9, date(1, 1), New, "1", 1), over], &[], &mut out).unwrap_err();
    assert_eq!(
        e.to_string(),
        "transactions[1].splits: revenue splits exceed 100%"
    );

    // AE 100 % revenue, SE and SDR overlays at 100 % and 50 %: credit adds on top.
    let tx = with_splits(
        2,
        date(1, 2),
        New,
        "1000.01",
        &[
            split(1, SplitKind::Revenue, "1"),
            split(7, SplitKind::Overlay, "1"),
            split(8, SplitKind::Overlay, "0.5"),
        ],
    );
    let credits = credit_all(&[tx], &[]);
    let got: Vec<_> = credits
        .iter()
        .map(|c| (c.participant_id, c.kind, c.amount))
        .collect();
    // 1000.01 × 50 % = 500.005: the tie goes to the overlay's share (largest remainder, earlier first).
    assert_eq!(
        got,
        [
            (1, CreditKind::Revenue, usd("1000.01")),
            (7, CreditKind::Overlay, usd("1000.01")),
            (8, CreditKind::Overlay, usd("500.01"))
        ]
    );
}

#[test]
fn partial_revenue_split_leaves_the_rest_uncredited() {
    // 100.00 × 1/3 each to two reps: 33.33 + 33.33 (+ 33.34 uncredited).
    let tx = with_splits(
        1,
        date(1, 2),
        New,
        "100",
        &[
            split(1, SplitKind::Revenue, "0.333333333"),
            split(2, SplitKind::Revenue, "0.333333333"),
        ],
    );
    let credits = credit_all(&[tx], &[]);
    assert_eq!(credits[0].amount, usd("33.33"));
    assert_eq!(credits[1].amount, usd("33.33"));
}

#[test]
fn rollups_follow_the_hierarchy_in_force_on_the_credit_date() {
    // Rep 1 reports to manager 50 until 31 March, then to manager 60; both managers report to VP 90.
    let h = [
        ReportingLine {
            participant_id: 1,
            manager_id: 50,
            effective: Period::new(date(1, 1), date(3, 31)).unwrap(),
        },
        ReportingLine {
            participant_id: 1,
            manager_id: 60,
            effective: Period::new(date(4, 1), date(12, 31)).unwrap(),
        },
        ReportingLine {
            participant_id: 50,
            manager_id: 90,
            effective: Period::year(YEAR).unwrap(),
        },
        ReportingLine {
            participant_id: 60,
            manager_id: 90,
            effective: Period::year(YEAR).unwrap(),
        },
    ];
    let txs = [
        deal(1, date(3, 31), New, "100", 1),
        deal(2, date(4, 1), New, "200", 1),
    ];
    let credits = credit_all(&txs, &h);
    let got: Vec<_> = credits
        .iter()
        .map(|c| {
            (
                c.source.transaction_id,
                c.participant_id,
                c.kind,
                c.credited_from,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (1, 1, CreditKind::Revenue, 1),
            (1, 50, CreditKind::Rollup, 1),
            (1, 90, CreditKind::Rollup, 1),
            (2, 1, CreditKind::Revenue, 1),
            (2, 60, CreditKind::Rollup, 1),
            (2, 90, CreditKind::Rollup, 1),
        ]
    );
    let cycle = [
        ReportingLine {
            participant_id: 1,
            manager_id: 2,
            effective: Period::year(YEAR).unwrap(),
        },
        ReportingLine {
            participant_id: 2,
            manager_id: 1,
            effective: Period::year(YEAR).unwrap(),
        },
    ];
    let mut out = vec![credits[0]; 64];
    let e = credit_transactions(&txs, &cycle, &mut out).unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::TooMany {
            max: MAX_HIERARCHY_DEPTH as u32
        }
    );
    let overlapping = [
        h[0],
        ReportingLine {
            manager_id: 70,
            ..h[0]
        },
    ];
    assert_eq!(
        validate_hierarchy(&overlapping).unwrap_err().to_string(),
        "hierarchy[1].effective: two reporting lines of one participant overlap"
    );
}

#[test]
fn short_buffer_names_the_size_needed() {
    let txs = [
        deal(1, date(1, 2), New, "100", 1),
        deal(2, date(1, 3), New, "100", 1),
    ];
    let credits = credit_all(&txs, &[]);
    let mut out = vec![credits[0]; 1];
    let e = credit_transactions(&txs, &[], &mut out).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BufferTooSmall { needed: 2 });
    let plan = one_component_plan(RateTable::flat(d("0.1")), TierBasis::Transaction);
    let mut lines = vec![blank_line(); 1];
    let e = compute_earnings(&plan, 1, &credits, &[], date(12, 31), &mut lines).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BufferTooSmall { needed: 2 });
}

// ---- modifiers -----------------------------------------------------------

#[test]
fn accelerator_bands_multiply_the_rate_by_attainment_to_date() {
    // Quota 10000 a month, 10 % flat; ×0.5 below 50 %… expressed as bands:
    // from 0: ×0.5 (decelerator), from 100 %: ×1.5 (accelerator).
    // 4000 → att 40 % → 4000 × 5 % = 200; 7000 → att 110 % → 7000 × 15 % = 1050.
    let mut c = component(
        10,
        new_mrr(),
        "10000",
        QuotaPeriod::Month,
        RateTable::flat(d("0.1")),
    );
    c.accelerators
        .push(MultiplierBand {
            from_attainment: d("0"),
            multiplier: d("0.5"),
        })
        .unwrap();
    c.accelerators
        .push(MultiplierBand {
            from_attainment: d("1"),
            multiplier: d("1.5"),
        })
        .unwrap();
    let plan = plan(Role::AccountExecutive, vec![c]);
    let txs = [
        deal(1, date(2, 1), New, "4000", 1),
        deal(2, date(2, 2), New, "7000", 1),
    ];
    let (lines, _) = earn(&plan, 1, &txs, date(2, 28));
    assert_eq!(
        (lines[0].multiplier, lines[0].amount),
        (d("0.5"), usd("200"))
    );
    assert_eq!(
        (lines[1].multiplier, lines[1].amount),
        (d("1.5"), usd("1050"))
    );
}

#[test]
fn gate_holds_earnings_until_attainment_is_reached_to_date() {
    // Nothing below 50 % of a 10000 monthly quota. 3000 alone: gated (zero line).
    // Recomputed after a further 3000 (60 %): both lines pay 10 %.
    let mut c = component(
        10,
        new_mrr(),
        "10000",
        QuotaPeriod::Month,
        RateTable::flat(d("0.1")),
    );
    c.gate = Some(Gate {
        component_id: 10,
        min_attainment: d("0.5"),
    });
    let plan = plan(Role::AccountExecutive, vec![c]);
    let txs = [
        deal(1, date(2, 1), New, "3000", 1),
        deal(2, date(2, 20), New, "3000", 1),
    ];
    let (early, s1) = earn(&plan, 1, &txs, date(2, 10));
    assert_eq!(early[0].status, LineStatus::Gated);
    assert_eq!(s1.total, usd("0"));
    let (late, s2) = earn(&plan, 1, &txs, date(2, 28));
    assert!(late.iter().all(|l| l.status == LineStatus::Earned));
    assert_eq!(s2.total, usd("600"));
}

#[test]
fn gate_on_another_component() {
    // Expansion pays only once new business reaches 100 % of its quarter.
    let mut new = component(
        10,
        new_mrr(),
        "5000",
        QuotaPeriod::Quarter,
        RateTable::flat(d("0.1")),
    );
    new.weight = d("0.7");
    let mut expansion = component(
        20,
        Measure::of(KindSet::of(&[Expansion]), MeasureUnit::Mrr),
        "1000",
        QuotaPeriod::Quarter,
        RateTable::flat(d("0.1")),
    );
    expansion.weight = d("0.3");
    expansion.gate = Some(Gate {
        component_id: 10,
        min_attainment: d("1"),
    });
    let plan = plan(Role::AccountManager, vec![new, expansion]);
    let txs = [
        deal(1, date(1, 5), Expansion, "1000", 1),
        deal(2, date(2, 5), New, "4999", 1),
    ];
    let (_, summary) = earn(&plan, 1, &txs, date(3, 31));
    assert_eq!(summary.components[1].earned, usd("0")); // 4999 < 5000
    let txs = [
        deal(1, date(1, 5), Expansion, "1000", 1),
        deal(2, date(2, 5), New, "5000", 1),
    ];
    let (_, summary) = earn(&plan, 1, &txs, date(3, 31));
    assert_eq!(summary.components[1].earned, usd("100")); // exactly 100 % opens it
    assert_eq!(summary.attainment.weighted, d("1")); // 0.7 × 5000/5000 + 0.3 × 1000/1000
}

#[test]
fn component_and_plan_caps_reduce_the_crossing_line() {
    // 10 % flat, component cap 500 a month, plan cap 800.
    // Jan: 3000 → 300; 4000 → 400 capped to 200. Feb: 5000 → 500 capped by the plan to 300.
    let mut c = component(
        10,
        new_mrr(),
        "10000",
        QuotaPeriod::Month,
        RateTable::flat(d("0.1")),
    );
    c.cap = Some(d("500"));
    let mut plan = plan(Role::AccountExecutive, vec![c]);
    plan.cap = Some(d("800"));
    let txs = [
        deal(1, date(1, 5), New, "3000", 1),
        deal(2, date(1, 6), New, "4000", 1),
        deal(3, date(2, 6), New, "5000", 1),
    ];
    let (lines, summary) = earn(&plan, 1, &txs, date(2, 28));
    let got: Vec<_> = lines
        .iter()
        .map(|l| (l.amount.amount(), l.status))
        .collect();
    assert_eq!(
        got,
        [
            (d("300"), LineStatus::Earned),
            (d("200"), LineStatus::Capped),
            (d("300"), LineStatus::Capped)
        ]
    );
    assert_eq!(summary.total, usd("800"));
}

#[test]
fn attainment_bonus_and_spif() {
    // Bonus 1000 once when the month reaches 100 % of 10000; SPIF 250 per new logo × share.
    let mut c = component(
        10,
        new_mrr(),
        "10000",
        QuotaPeriod::Month,
        RateTable::flat(d("0.1")),
    );
    c.bonuses
        .push(AttainmentBonus {
            id: 11,
            at_attainment: d("1"),
            amount: d("1000"),
        })
        .unwrap();
    let mut plan = plan(Role::AccountExecutive, vec![c]);
    plan.spifs
        .push(Spif {
            id: 30,
            qualifies: new_mrr(),
            condition: EventCondition::NewLogo,
            amount: d("250"),
        })
        .unwrap();
    let txs = [
        deal(1, date(3, 1), New, "6000", 1),
        with_splits(
            2,
            date(3, 2),
            New,
            "8000",
            &[
                split(1, SplitKind::Revenue, "0.5"),
                split(2, SplitKind::Revenue, "0.5"),
            ],
        ),
        deal(3, date(3, 3), New, "1000", 1),
    ];
    let (lines, summary) = earn(&plan, 1, &txs, date(3, 31));
    let got: Vec<_> = lines
        .iter()
        .map(|l| (l.kind, l.rule_id, l.transaction_id, l.amount.amount()))
        .collect();
    assert_eq!(
        got,
        [
            (LineKind::Commission, 10, Some(1), d("600")),
            (LineKind::Spif, 30, Some(1), d("250")),
            (LineKind::Commission, 10, Some(2), d("400")),
            (LineKind::Bonus, 11, Some(2), d("1000")),
            (LineKind::Spif, 30, Some(2), d("125")),
            (LineKind::Commission, 10, Some(3), d("100")),
            (LineKind::Spif, 30, Some(3), d("250")),
        ]
    );
    assert_eq!(summary.spifs, usd("625"));
    assert_eq!(summary.total, usd("2725"));
}

// ---- rounding, currency, determinism ------------------------------------

#[test]
fn rounding_per_line_versus_per_total() {
    // Three deals of 10.05 at 5 %: 0.5025 each. Per line half-even: 0.50 × 3 = 1.50.
    // Per total: 1.5075 → 1.51, one rounding line of +0.0025.
    let txs = [
        deal(1, date(1, 2), New, "10.05", 1),
        deal(2, date(1, 3), New, "10.05", 1),
        deal(3, date(1, 4), New, "10.05", 1),
    ];
    let mut p = one_component_plan(RateTable::flat(d("0.05")), TierBasis::Transaction);
    let (_, per_line) = earn(&p, 1, &txs, date(1, 31));
    assert_eq!(per_line.total, usd("1.50"));
    p.rounding = RoundingPolicy {
        at: RoundAt::Total,
        mode: RoundingMode::HalfEven,
    };
    let (lines, per_total) = earn(&p, 1, &txs, date(1, 31));
    assert_eq!(per_total.total, usd("1.51"));
    assert_eq!(per_total.rounding.amount(), d("0.0025"));
    assert_eq!(lines.last().unwrap().kind, LineKind::Rounding);
}

#[test]
fn foreign_currency_credit_needs_a_rate() {
    let mut tx = deal(1, date(1, 2), New, "100", 1);
    tx.amount = Money::parse("100", Currency::EUR).unwrap();
    let credits = credit_all(&[tx], &[]);
    let plan = one_component_plan(RateTable::flat(d("0.1")), TierBasis::Transaction);
    let mut out = vec![blank_line(); 4];
    let e = compute_earnings(&plan, 1, &credits, &[], date(1, 31), &mut out).unwrap_err();
    assert_eq!(
        e.to_string(),
        "credits[0].amount: currency mismatch: expected USD, found EUR"
    );
    let fx = [FxRate::new(Currency::EUR, Currency::USD, d("1.085")).unwrap()];
    let (_, summary) = earn_fx(&plan, 1, &credits, &fx, date(1, 31));
    assert_eq!(summary.total, usd("10.85"));
}

#[test]
fn credits_out_of_date_order_are_rejected() {
    let txs = [
        deal(1, date(2, 2), New, "100", 1),
        deal(2, date(2, 1), New, "100", 1),
    ];
    let credits = credit_all(&txs, &[]);
    let plan = one_component_plan(RateTable::flat(d("0.1")), TierBasis::Transaction);
    // With a gate the totals pass checks the order, before rating.
    let mut gated = plan.clone();
    gated.components[0].gate = Some(Gate {
        component_id: gated.components[0].id,
        min_attainment: d("0.5"),
    });
    for plan in [plan, gated] {
        let mut out = vec![blank_line(); 4];
        let e = compute_earnings(&plan, 1, &credits, &[], date(12, 31), &mut out).unwrap_err();
        assert_eq!(
            e.to_string(),
            "credits[1].source.date: credits out of date order"
        );
    }
}

#[test]
fn plan_versions_select_by_effective_date() {
    let mut v1 = one_component_plan(RateTable::flat(d("0.1")), TierBasis::Transaction);
    v1.effective = Period::new(date(1, 1), date(6, 30)).unwrap();
    let mut v2 = v1.clone();
    v2.version = 2;
    v2.effective = Period::new(date(4, 1), date(12, 31)).unwrap();
    assert_eq!(
        select_plan(&[v1.clone(), v2.clone()], date(3, 31))
            .unwrap()
            .version,
        1
    );
    assert_eq!(
        select_plan(&[v1.clone(), v2.clone()], date(4, 1))
            .unwrap()
            .version,
        2
    );
    assert!(select_plan(&[v1], date(7, 1)).is_none());
}

#[test]
fn cumulative_runs_true_up_by_difference() {
    // The year to February minus the year to January is February's earnings.
    let t = table(
        RateMethod::Graduated,
        &[("0", Some("10000"), "0.05"), ("10000", None, "0.10")],
    );
    let plan = one_component_plan(t, TierBasis::YearToDate);
    let txs = [
        deal(1, date(1, 15), New, "8000", 1),
        deal(2, date(2, 15), New, "8000", 1),
    ];
    let (_, jan) = earn(&plan, 1, &txs, date(1, 31));
    let (_, feb) = earn(&plan, 1, &txs, date(2, 28));
    assert_eq!(jan.total, usd("400"));
    assert_eq!(feb.total.checked_sub(jan.total).unwrap(), usd("700"));
}

#[test]
fn same_input_twice_gives_identical_output() {
    let t = table(
        RateMethod::Graduated,
        &[
            ("0", Some("1000"), "0.01"),
            ("1000", Some("3000"), "0.02"),
            ("3000", None, "0.03"),
        ],
    );
    let plan = one_component_plan(t, TierBasis::PeriodToDate);
    let txs: Vec<_> = (0..30)
        .map(|i| {
            deal(
                i,
                date(1 + (i as u32 % 12), 1 + i as u32 % 28),
                New,
                "777.77",
                1,
            )
        })
        .collect();
    let mut sorted = txs.clone();
    sorted.sort_by_key(|t| t.source.date);
    let a = earn(&plan, 1, &sorted, date(12, 31));
    let b = earn(&plan, 1, &sorted, date(12, 31));
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
}

#[test]
fn plan_validation_names_the_field() {
    let base = one_component_plan(RateTable::flat(d("0.1")), TierBasis::Transaction);
    let mut p = base.clone();
    p.components[0].gate = Some(Gate {
        component_id: 77,
        min_attainment: d("0.5"),
    });
    assert_eq!(
        p.validate().unwrap_err().to_string(),
        "components[0].gate.component_id: gate names an unknown component"
    );
    let mut p = base.clone();
    p.spifs
        .push(Spif {
            id: 10,
            qualifies: new_mrr(),
            condition: EventCondition::Always,
            amount: d("5"),
        })
        .unwrap();
    assert_eq!(
        p.validate().unwrap_err().to_string(),
        "spifs[0].id: rule ids must be unique"
    );
    let mut p = base.clone();
    p.components[0].cap = Some(d("10.005"));
    assert_eq!(
        p.validate().unwrap_err().to_string(),
        "components[0].cap: more fractional digits than USD's minor unit (2)"
    );
    let mut p = base.clone();
    p.components[0].quota = Decimal::ZERO;
    assert_eq!(
        p.validate().unwrap_err().to_string(),
        "components[0].quota: must be greater than zero"
    );
    let mut p = base;
    p.components[0]
        .accelerators
        .push(MultiplierBand {
            from_attainment: d("1"),
            multiplier: d("1.5"),
        })
        .unwrap();
    p.components[0]
        .accelerators
        .push(MultiplierBand {
            from_attainment: d("0.5"),
            multiplier: d("1.2"),
        })
        .unwrap();
    assert_eq!(
        p.validate().unwrap_err().to_string(),
        "components[0].accelerators[1].from_attainment: accelerator bands unsorted"
    );
}

#[test]
fn attainment_per_component_and_weighted() {
    // New MRR 60 % weight, quota 10 000 a month; SQLs 40 %, quota 20 a month.
    // March: 7 500 MRR (75 %) and 25 SQLs (125 %) → 0.6 × 0.75 + 0.4 × 1.25 = 0.95.
    let mut new = component(
        1,
        new_mrr(),
        "10000",
        QuotaPeriod::Month,
        RateTable::flat(d("0.1")),
    );
    new.weight = d("0.6");
    let mut sqls = component(
        2,
        Measure::of(KindSet::of(&[SqlAccepted]), MeasureUnit::Count),
        "20",
        QuotaPeriod::Month,
        RateTable::flat(d("10")),
    );
    sqls.weight = d("0.4");
    let plan = plan(Role::AccountExecutive, vec![new, sqls]);
    let txs = [
        deal(1, date(2, 27), New, "9000", 1), // February: another period
        deal(2, date(3, 2), New, "7500", 1),
        activity(3, date(3, 3), SqlAccepted, "25", 1),
    ];
    let credits = credit_all(&txs, &[]);
    let report = attainment(&plan, 1, &credits, &[], date(3, 31)).unwrap();
    assert_eq!(report.components[0].attainment, d("0.75"));
    assert_eq!(report.components[1].attainment, d("1.25"));
    assert_eq!(report.components[0].period, Period::month(YEAR, 3).unwrap());
    assert_eq!(report.weighted, d("0.95"));
}
