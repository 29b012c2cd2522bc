//! The forward plan against hand calculations and published sales-capacity
//! examples (`tests/data/forward_published.json`, each with its source):
//! prorated first months, ramp conventions, starting tenure, attrition
//! (hazard and anniversaries), backfill lead time, cost, ARR with NRR and
//! churn, payback, NPV and IRR, validation paths, determinism.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::float_arithmetic
)]

use num_bigint::BigUint;
use proptest::prelude::*;
use salesphysics_core::capacity::forward::{
    annualize, forward_plan, irr, monthly_rate, npv, Attrition, CostTerms, ForwardCell,
    ForwardInput, ForwardLine, ForwardMonth, ForwardSummary, Hire, RevenueTerms, Tenured,
};
use salesphysics_core::capacity::Ramp;
use salesphysics_core::funnel::{mrr_bridge, Bookings, BridgeInput, BridgeMonth};
use salesphysics_core::{Currency, Decimal, ErrorKind, Money, Role, RoundingMode};
use serde_json::Value;

const USD: Currency = Currency::USD;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn usd(text: &str) -> Money {
    Money::parse(text, USD).unwrap()
}

fn free() -> CostTerms {
    CostTerms {
        monthly_cost: usd("0"),
        overhead: d("0"),
        tools_monthly: usd("0"),
        commission_rate: d("0"),
    }
}

/// An AE line with no staff, no hires, no attrition and no cost.
fn line<'a>(quota: &str, attainment: &str, ramp: Ramp<'a>) -> ForwardLine<'a> {
    ForwardLine {
        role: Role::AccountExecutive,
        segment: 0,
        ramp,
        attrition: Attrition::None,
        backfill_lead_months: None,
        starting_staff: &[],
        hires: &[],
        annual_quota: usd(quota),
        attainment: d(attainment),
        cost: free(),
    }
}

fn input<'a>(lines: &'a [ForwardLine<'a>], months: u32) -> ForwardInput<'a> {
    ForwardInput {
        currency: USD,
        year: 2026,
        first_month: 1,
        months,
        lines,
        revenue: RevenueTerms {
            starting_arr: usd("0"),
            annual_nrr: d("1"),
            annual_gross_churn: d("0"),
            gross_margin: d("1"),
        },
        annual_discount_rate: None,
        irr: false,
    }
}

fn run(input: &ForwardInput<'_>) -> (Vec<ForwardCell>, Vec<ForwardMonth>, ForwardSummary) {
    let mut cells = vec![ForwardCell::empty(USD); input.cell_count()];
    let mut months = vec![ForwardMonth::empty(USD); input.months as usize];
    let summary = forward_plan(input, &mut cells, &mut months).unwrap();
    (cells, months, summary)
}

fn run_err(input: &ForwardInput<'_>) -> String {
    let mut cells = vec![ForwardCell::empty(USD); input.cell_count()];
    let mut months = vec![ForwardMonth::empty(USD); input.months as usize];
    let error = forward_plan(input, &mut cells, &mut months).unwrap_err();
    error.to_string()
}

fn data() -> Value {
    serde_json::from_str(include_str!("data/forward_published.json")).unwrap()
}

fn example(name: &str) -> Value {
    data()["examples"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .unwrap()
        .clone()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap()
}

fn sum_booked(months: &[ForwardMonth]) -> Money {
    months
        .iter()
        .fold(usd("0"), |a, m| a.checked_add(m.booked_arr).unwrap())
}

#[test]
fn metrickit_ramped_and_ramping_capacity() {
    // 7 ramped reps at 85 % of a 150k quota, 3 ramping reps at 40 %
    // productivity (attainment not applied to them in the source): a year of
    // months books 892,500 + 180,000 = 1,072,500.
    let e = example("metrickit_ramped_vs_ramping");
    let ramped_staff = [Tenured {
        count: d(s(&e["ramped_reps"])),
        tenure_months: 24,
    }];
    let ramp_curve = [d(s(&e["ramp_productivity"])); 12];
    let ramping_staff = [Tenured {
        count: d(s(&e["ramping_reps"])),
        tenure_months: 0,
    }];
    let mut ramped = line(
        s(&e["annual_quota"]),
        s(&e["attainment"]),
        Ramp::Linear { months: 3 },
    );
    ramped.starting_staff = &ramped_staff;
    let mut ramping = line(s(&e["annual_quota"]), "1", Ramp::Custom(&ramp_curve));
    ramping.starting_staff = &ramping_staff;
    let lines = [ramped, ramping];
    let (cells, months, _) = run(&input(&lines, 12));
    let line_total = |l: usize| {
        cells
            .iter()
            .skip(l)
            .step_by(2)
            .fold(usd("0"), |a, c| a.checked_add(c.booked_arr).unwrap())
    };
    assert_eq!(line_total(0), usd(s(&e["expected_ramped"])));
    assert_eq!(line_total(1), usd(s(&e["expected_ramping"])));
    assert_eq!(sum_booked(&months), usd(s(&e["expected_total"])));
}

#[test]
fn revcast_street_quota() {
    // 5 reps at 10k a month: 50k of street quota ramped, 25k when every rep
    // is in the second month of a ramp whose second month is 50 %.
    let e = example("revcast_street_quota");
    let annual = Decimal::from_int(12)
        .checked_mul(d(s(&e["monthly_quota"])))
        .unwrap()
        .to_string();
    let curve = [d("0.25"), d(s(&e["second_month_ramp"])), d("0.75")];
    let staff = [Tenured {
        count: d(s(&e["reps"])),
        tenure_months: 1,
    }];
    let mut ramping = line(&annual, "1", Ramp::Custom(&curve));
    ramping.starting_staff = &staff;
    let lines = [ramping];
    let (_, months, _) = run(&input(&lines, 4));
    assert_eq!(
        months[0].quota_capacity,
        usd(s(&e["expected_second_month"]))
    );
    // Tenure months 2 and 3: 75 %, then past the curve: 100 %.
    assert_eq!(months[1].quota_capacity, usd("37500"));
    assert_eq!(months[2].quota_capacity, usd(s(&e["expected_ramped"])));
}

#[test]
fn basis_monthly_value_is_quota_over_twelve_times_attainment() {
    let e = example("basis_monthly_value");
    let staff = [Tenured {
        count: d("1"),
        tenure_months: 12,
    }];
    let mut l = line(
        s(&e["annual_quota"]),
        s(&e["attainment"]),
        Ramp::Step { months: 0 },
    );
    l.starting_staff = &staff;
    let lines = [l];
    let (_, months, _) = run(&input(&lines, 1));
    assert_eq!(months[0].booked_arr, usd(s(&e["expected_monthly"])));
}

#[test]
fn a_hire_on_the_16th_is_prorated_and_ramps_linearly() {
    // April 2026 has 30 days. One AE starts on the 16th: 15 of 30 days on
    // board. Linear 3-month ramp (tenure month 0 = the partial month = 1/3).
    // Quota 120,000 a year (10,000 a month), attainment 100 %; salary
    // 10,000 + 20 % overhead + 100 tools = 12,100 a month; commission 10 %.
    //   April: paid 0.5; FTE 0.5 × 1/3 = 0.1666…; booked 10,000 × 1/6 =
    //          1,666.67; cost 0.5 × 12,100 + 166.67 = 6,216.67;
    //          ARR 1,666.67; revenue 1,666.666… ÷ 12 = 138.89;
    //          net 138.888… − 6,216.666… = −6,077.78.
    //   May:   FTE 2/3; booked 6,666.67; cost 12,100 + 666.67 = 12,766.67;
    //          ARR 8,333.33; revenue 694.44; net −12,072.22.
    //   June:  FTE 1; booked 10,000; cost 13,100; ARR 18,333.33.
    let hires = [Hire {
        month: 0,
        day: 16,
        count: d("1"),
    }];
    let mut l = line("120000", "1", Ramp::Linear { months: 3 });
    l.hires = &hires;
    l.cost = CostTerms {
        monthly_cost: usd("10000"),
        overhead: d("0.2"),
        tools_monthly: usd("100"),
        commission_rate: d("0.1"),
    };
    let lines = [l];
    let mut plan = input(&lines, 3);
    plan.first_month = 4;
    let (cells, months, _) = run(&plan);
    assert_eq!(cells[0].headcount, d("1"));
    assert_eq!(cells[0].paid_fte, d("0.5"));
    assert_eq!(cells[0].ramped_fte, d("0.166666667"));
    assert_eq!(months[0].booked_arr, usd("1666.67"));
    assert_eq!(months[0].cost, usd("6216.67"));
    assert_eq!(months[0].arr, usd("1666.67"));
    assert_eq!(months[0].revenue, usd("138.89"));
    assert_eq!(months[0].net, usd("-6077.78"));
    assert_eq!(months[1].booked_arr, usd("6666.67"));
    assert_eq!(months[1].cost, usd("12766.67"));
    assert_eq!(months[1].arr, usd("8333.33"));
    assert_eq!(months[1].revenue, usd("694.44"));
    assert_eq!(months[1].net, usd("-12072.22"));
    assert_eq!(months[2].booked_arr, usd("10000.00"));
    assert_eq!(months[2].cost, usd("13100.00"));
    assert_eq!(months[2].arr, usd("18333.33"));
    // Cumulative is the exact running sum: −6,077.777… − 12,072.222… −
    // (1,527.777… − 13,100) = −29,722.22.
    assert_eq!(months[2].cumulative, usd("-29722.22"));
}

#[test]
fn starting_staff_are_not_assumed_ramped() {
    // Two AEs who have completed one month of a 4-month linear ramp are in
    // tenure month 1 (2/4), then 3/4, then 1. Quota 12,000 (1,000 a month).
    let staff = [Tenured {
        count: d("2"),
        tenure_months: 1,
    }];
    let mut l = line("12000", "1", Ramp::Linear { months: 4 });
    l.starting_staff = &staff;
    let lines = [l];
    let (cells, months, _) = run(&input(&lines, 4));
    let fte: Vec<Decimal> = cells.iter().map(|c| c.ramped_fte).collect();
    assert_eq!(fte, [d("1"), d("1.5"), d("2"), d("2")]);
    assert_eq!(months[0].booked_arr, usd("1000"));
    assert_eq!(months[3].booked_arr, usd("2000"));
}

#[test]
fn anniversary_attrition_with_backfill_lead_time() {
    // 10 AEs with 11 months of tenure (fully ramped, ramp 2): 20 % leave at
    // every anniversary from the first. Month 0 ends their first year: 2
    // leave; with a 1-month lead their backfills start in month 2 (0 + 1 +
    // 1), ramp 1/2 then 1. Month 12 ends the second year for the 8 who
    // stayed: 1.6 leave (the backfills are then in tenure month 10).
    let staff = [Tenured {
        count: d("10"),
        tenure_months: 11,
    }];
    let mut l = line("12000", "1", Ramp::Linear { months: 2 });
    l.starting_staff = &staff;
    l.attrition = Attrition::Anniversary {
        rate: d("0.2"),
        from_year: 1,
    };
    l.backfill_lead_months = Some(1);
    let lines = [l];
    let (cells, _, _) = run(&input(&lines, 16));
    assert_eq!(cells[0].departures, d("2"));
    assert_eq!(cells[1].headcount, d("8"));
    assert_eq!(cells[2].backfills, d("2"));
    assert_eq!(cells[2].headcount, d("10"));
    assert_eq!(cells[2].ramped_fte, d("9"));
    assert_eq!(cells[3].ramped_fte, d("10"));
    assert_eq!(cells[12].departures, d("1.6"));
    // The first backfills' first anniversary ends tenure month 11: month
    // 13, 0.4 leave. Month 14: 6.4 + 1.6 + the 1.6 backfills = 9.6; the 0.4
    // backfills arrive in month 15 and the team is back at 10.
    assert_eq!(cells[13].departures, d("0.4"));
    assert_eq!(cells[14].backfills, d("1.6"));
    assert_eq!(cells[14].headcount, d("9.6"));
    assert_eq!(cells[15].backfills, d("0.4"));
    assert_eq!(cells[15].headcount, d("10"));
    // Starting in year 2 instead: nobody leaves at the first anniversary.
    let mut late = lines[0];
    late.attrition = Attrition::Anniversary {
        rate: d("0.2"),
        from_year: 2,
    };
    let lines = [late];
    let (cells, _, _) = run(&input(&lines, 13));
    assert_eq!(cells[0].departures, d("0"));
    assert_eq!(cells[12].departures, d("2"));
}

#[test]
fn hazard_departures_compound_to_the_annual_rate_without_backfill() {
    // 100 people, 25 %/year hazard, no backfill: after 12 months 75 remain
    // (to the nano: the monthly survival is the exact binary 0.75^(1/12)).
    let staff = [Tenured {
        count: d("100"),
        tenure_months: 0,
    }];
    let mut l = line("0", "1", Ramp::Step { months: 0 });
    l.starting_staff = &staff;
    l.attrition = Attrition::Hazard { annual: d("0.25") };
    let lines = [l];
    let (cells, _, _) = run(&input(&lines, 13));
    let remaining = cells[12].headcount;
    assert!(
        remaining.checked_sub(d("75")).unwrap().abs() <= d("0.000000012"),
        "{remaining}"
    );
}

#[test]
fn nrr_movement_splits_into_expansion_and_churn() {
    // 1,200,000 ARR, NRR 110 %, gross churn 10 %: month 1 churns
    // 1.2M × (1 − 0.9^(1/12)) = 1.2M × 0.0087416109… = 10,489.93 and grows
    // by 1.2M × (1.1^(1/12) − 1) = 1.2M × 0.0079741404… = 9,568.97 net, so
    // expansion is 20,058.90 and ARR 1,209,568.97; after 12 months
    // 1.2M × 1.1 = 1,320,000 exactly.
    let lines = [line("0", "1", Ramp::Step { months: 0 })];
    let mut plan = input(&lines, 12);
    plan.revenue = RevenueTerms {
        starting_arr: usd("1200000"),
        annual_nrr: d("1.1"),
        annual_gross_churn: d("0.1"),
        gross_margin: d("0.8"),
    };
    let (_, months, _) = run(&plan);
    assert_eq!(months[0].churned_arr, usd("10489.93"));
    assert_eq!(months[0].arr, usd("1209568.97"));
    assert_eq!(months[0].expansion_arr, usd("20058.90"));
    assert_eq!(months[11].arr, usd("1320000.00"));
    // Revenue 1,320,000 ÷ 12 = 110,000; gross profit 80 % of it.
    assert_eq!(months[11].revenue, usd("110000"));
    assert_eq!(months[11].gross_profit, usd("88000"));
}

#[test]
fn bookings_of_277_78_mrr_do_not_drift_in_the_bridge_or_the_plan() {
    // Issue 16: a bridge fed 277.78 new MRR a month drifted (−0.32 ARR by
    // month 12, −1.28 by month 36) while it rounded every month. Exact
    // inside: month t ends at 277.78 × t with nothing else moving, so
    // months 12 and 36 end at 3,333.36 and 10,000.08 MRR (ARR 40,000.32 and
    // 120,000.96) exactly.
    let booked: Vec<Bookings> = (0..36)
        .map(|_| Bookings {
            new_logos: Decimal::ZERO,
            new_mrr: usd("277.78"),
        })
        .collect();
    let bridge = BridgeInput {
        starting_mrr: usd("0"),
        starting_logos: Decimal::ZERO,
        expansion_rate: d("0"),
        contraction_rate: d("0"),
        revenue_churn_rate: d("0"),
        logo_churn_rate: d("0"),
        rounding: RoundingMode::HalfEven,
    };
    let blank = BridgeMonth::zero(USD);
    let mut out = vec![blank; 36];
    mrr_bridge(&bridge, &booked, &mut out).unwrap();
    assert_eq!(out[11].ending_mrr, usd("3333.36"));
    assert_eq!(out[35].ending_mrr, usd("10000.08"));
    // The forward plan booking 277.78 MRR (3,333.36 ARR) a month: one rep,
    // quota 40,000.32, productive from day one.
    let staff = [Tenured {
        count: d("1"),
        tenure_months: 0,
    }];
    let mut l = line("40000.32", "1", Ramp::Linear { months: 0 });
    l.starting_staff = &staff;
    let lines = [l];
    let (_, months, _) = run(&input(&lines, 36));
    assert_eq!(months[0].new_mrr, usd("277.78"));
    assert_eq!(months[11].arr, usd("40000.32"));
    assert_eq!(months[35].arr, usd("120000.96"));
    // With the bridge's 1 % expansion, 0.5 % contraction and 1.5 % churn a
    // month (kept × 0.99) the month-12 ending is 3,156.00 exactly (see
    // funnel_exact.rs); at month 36, from integer fractions:
    let bridge = BridgeInput {
        expansion_rate: d("0.01"),
        contraction_rate: d("0.005"),
        revenue_churn_rate: d("0.015"),
        ..bridge
    };
    mrr_bridge(&bridge, &booked, &mut out).unwrap();
    let (mut num, mut den) = (BigUint::from(0u32), BigUint::from(1u32));
    for t in 0..36 {
        if t > 0 {
            num *= 99u32;
            den *= 100u32;
        }
        num += &den * 27_778u32;
    }
    let (q, r) = (&num / &den, &num % &den);
    let two_r = r * 2u32;
    let odd = &q % 2u32 == BigUint::from(1u32);
    let cents = if two_r > den || (two_r == den && odd) {
        q + 1u32
    } else {
        q
    };
    let ours = out[35].ending_mrr.amount().to_scaled_integer(2).unwrap();
    assert_eq!(BigUint::from(ours as u128), cents);
}

#[test]
fn payback_npv_and_irr_by_hand() {
    // One rep from day one, quota 120,000 at 100 % (10,000 ARR a month),
    // cost 5,000 a month, gross margin 100 %. Month t revenue: 10,000 t ÷ 12.
    // Nets: 833.33 − 5,000 < 0 … cumulative turns positive when
    // Σ (833.33 t − 5,000) ≥ 0, i.e. 833.33 t(t+1)/2 ≥ 5,000 t → t ≥ 11:
    // cumulative after 10 months −4,166.67, after 11: 0 exactly.
    let staff = [Tenured {
        count: d("1"),
        tenure_months: 0,
    }];
    let mut l = line("120000", "1", Ramp::Step { months: 0 });
    l.starting_staff = &staff;
    l.cost.monthly_cost = usd("5000");
    let lines = [l];
    let mut plan = input(&lines, 24);
    plan.annual_discount_rate = Some(d("0"));
    plan.irr = true;
    let (_, months, summary) = run(&plan);
    assert_eq!(months[9].cumulative, usd("-4166.67"));
    assert_eq!(months[10].cumulative, usd("0"));
    assert_eq!(summary.payback_month, Some(11));
    // Trough: t(t+1)/2 × 833.33… − 5,000 t is lowest at t = 5 and 6: −12,500.
    assert_eq!(summary.trough, usd("-12500"));
    // At 0 % the NPV is the plain sum: Σ_{t=1..24} (833.33… t − 5,000) =
    // 833.33… × 300 − 120,000 = 130,000.
    assert_eq!(summary.npv, Some(usd("130000")));
    assert!(summary.irr_monthly.unwrap().is_positive());
}

#[test]
fn npv_and_irr_follow_excel_conventions() {
    // Excel: NPV(10 %/month, 110, 121) = 110/1.1 + 121/1.21 = 200; here at
    // the annual rate whose monthly equivalent is 10 %: 1.1¹² − 1.
    let annual = annualize(d("0.1")).unwrap();
    assert_eq!(annual, d("2.138428377"));
    // And back: the monthly equivalent of that annual rate is 10 %.
    let monthly = monthly_rate(annual).unwrap();
    assert!(monthly.checked_sub(d("0.1")).unwrap().abs() <= d("0.000000001"));
    let value = npv(annual, &[d("110"), d("121")]).unwrap();
    assert!(
        value.checked_sub(d("200")).unwrap().abs() <= d("0.000001"),
        "{value}"
    );
    // Excel IRR(−1000, 1100) = 10 %: the first flow is not discounted.
    let rate = irr(&[d("-1000"), d("1100")]).unwrap().unwrap();
    assert!(
        rate.checked_sub(d("0.1")).unwrap().abs() <= d("0.000000001"),
        "{rate}"
    );
    // IRR(−100, 60, 60) = 13.07 %: (√(0.36 + 4·100·... )) the root of
    // 100 (1+r)² = 60 (1+r) + 60 → 1 + r = (0.6 + √(0.36 + 2.4)) / 2.
    let rate = irr(&[d("-100"), d("60"), d("60")]).unwrap().unwrap();
    assert!(
        rate.checked_sub(d("0.130662386")).unwrap().abs() <= d("0.000000002"),
        "{rate}"
    );
    // Never positive: no IRR.
    assert_eq!(irr(&[d("-1"), d("-1")]).unwrap(), None);
}

#[test]
fn validation_names_the_field() {
    let hires = [
        Hire {
            month: 0,
            day: 1,
            count: d("1"),
        },
        Hire {
            month: 1,
            day: 29,
            count: d("1"),
        },
    ];
    let mut l = line("1000", "1", Ramp::Linear { months: 3 });
    l.hires = &hires;
    let lines = [line("1000", "1", Ramp::Linear { months: 3 }), l];
    // February 2026 has 28 days.
    assert_eq!(
        run_err(&input(&lines, 3)),
        "lines[1].hires[1].day: not a valid calendar date"
    );
    let mut bad = lines[0];
    bad.attrition = Attrition::Hazard { annual: d("1") };
    let lines = [bad];
    assert!(run_err(&input(&lines, 3)).starts_with("lines[0].attrition.annual"));
    let staff = [Tenured {
        count: d("1"),
        tenure_months: 121,
    }];
    let mut old = lines[0];
    old.attrition = Attrition::None;
    old.starting_staff = &staff;
    let lines = [old];
    assert!(run_err(&input(&lines, 3)).starts_with("lines[0].starting_staff[0].tenure_months"));
    let lines = [line("1000", "1", Ramp::Linear { months: 3 })];
    let mut plan = input(&lines, 3);
    plan.revenue.gross_margin = d("1.5");
    assert!(run_err(&plan).starts_with("revenue.gross_margin"));
    let mut cells = vec![ForwardCell::empty(USD); 2];
    let mut months = vec![ForwardMonth::empty(USD); 3];
    let error = forward_plan(&input(&lines, 3), &mut cells, &mut months).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::BufferTooSmall { needed: 3 });
    assert_eq!(error.to_string().split(':').next(), Some("cells"));
}

/// People are carried as 64-bit nanos: a line's staff and hires may add up
/// to 18.4 billion people (2⁶⁴ nanos; nobody else ever joins, a backfill
/// replaces a leaver), and the count that passes the bound is named.
#[test]
fn a_line_holds_up_to_2_pow_64_nanos_of_people() {
    let staff = [Tenured {
        count: d("10000000000"),
        tenure_months: 12,
    }];
    let hires = [Hire {
        month: 1,
        day: 1,
        count: d("8000000000"),
    }];
    let mut big = line("1200", "1", Ramp::Linear { months: 3 });
    big.starting_staff = &staff;
    big.hires = &hires;
    big.attrition = Attrition::Hazard { annual: d("0.2") };
    big.backfill_lead_months = Some(0);
    let lines = [big];
    let (cells, _, _) = run(&input(&lines, 3));
    // Month 1: the 10e9 less month 0's leavers, those leavers back as
    // backfills (lead 0) and 8e9 hired on the 1st: 18e9 on board.
    assert!(cells[0].departures.is_positive());
    assert_eq!(cells[1].backfills, cells[0].departures);
    assert_eq!(cells[1].headcount, d("18000000000"));
    let over = [Hire {
        month: 1,
        day: 1,
        count: d("8500000000"),
    }];
    let mut too_big = lines[0];
    too_big.hires = &over;
    let lines = [too_big];
    assert_eq!(
        run_err(&input(&lines, 3)).split(':').next(),
        Some("lines[0].hires[0].count")
    );
}

#[test]
fn the_plan_is_deterministic() {
    let hires = [Hire {
        month: 2,
        day: 10,
        count: d("3"),
    }];
    let mut l = line("600000", "0.7", Ramp::Linear { months: 5 });
    l.hires = &hires;
    l.attrition = Attrition::Hazard { annual: d("0.3") };
    l.backfill_lead_months = Some(2);
    let lines = [l];
    let mut plan = input(&lines, 36);
    plan.revenue.annual_nrr = d("1.15");
    plan.annual_discount_rate = Some(d("0.1"));
    plan.irr = true;
    assert_eq!(format!("{:?}", run(&plan)), format!("{:?}", run(&plan)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// With a hazard and immediate backfill the headcount never moves, ramped
    /// FTE never exceeds the paid people, and bookings are never negative.
    #[test]
    fn backfilled_headcount_is_conserved(
        people in 1i64..50,
        attrition in 0u32..90,
        ramp in 0u32..12,
        months in 1u32..48,
    ) {
        let staff = [Tenured { count: Decimal::from_int(people), tenure_months: 0 }];
        let mut l = line("100000", "0.8", Ramp::Linear { months: ramp });
        l.starting_staff = &staff;
        l.attrition = Attrition::Hazard {
            annual: Decimal::from_int(i64::from(attrition)).checked_div(Decimal::from_int(100)).unwrap(),
        };
        l.backfill_lead_months = Some(0);
        let lines = [l];
        let (cells, months, _) = run(&input(&lines, months));
        for c in &cells {
            prop_assert_eq!(c.headcount, Decimal::from_int(people));
            prop_assert!(c.ramped_fte <= c.paid_fte);
            prop_assert!(!c.booked_arr.is_negative());
        }
        for pair in months.windows(2) {
            prop_assert!(pair[1].arr.amount() >= pair[0].arr.amount());
        }
    }
}

#[cfg(all(feature = "alloc", feature = "serde"))]
#[test]
fn owned_input_loads_from_json_and_plans() {
    use salesphysics_core::capacity::forward::OwnedForwardInput;
    // The hand case above (a hire on 16 April), as a service would send it.
    let json = r#"{
        "currency": "USD", "year": 2026, "first_month": 4, "months": 3,
        "lines": [{
            "role": "account_executive", "segment": 0,
            "ramp": {"linear": {"months": 3}},
            "hires": [{"month": 0, "day": 16, "count": "1"}],
            "annual_quota": {"amount": "120000", "currency": "USD"}, "attainment": "1",
            "cost": {"monthly_cost": {"amount": "10000", "currency": "USD"}, "overhead": "0.2",
                     "tools_monthly": {"amount": "100", "currency": "USD"}, "commission_rate": "0.1"}
        }],
        "revenue": {"starting_arr": {"amount": "0", "currency": "USD"}, "annual_nrr": "1",
                    "annual_gross_churn": "0", "gross_margin": "1"},
        "annual_discount_rate": "0.1"
    }"#;
    let input: OwnedForwardInput = serde_json::from_str(json).unwrap();
    let plan = input.plan().unwrap();
    assert_eq!(plan.cells.len(), 3);
    assert_eq!(plan.months[0].net, usd("-6077.78"));
    assert!(plan.summary.npv.is_some());
    let back: OwnedForwardInput =
        serde_json::from_str(&serde_json::to_string(&input).unwrap()).unwrap();
    assert_eq!(back, input);
    let unknown = json.replace("\"segment\": 0", "\"segment\": 0, \"quota\": \"1\"");
    assert!(serde_json::from_str::<OwnedForwardInput>(&unknown).is_err());
}
