//! The capacity engine against published vectors and hand calculations:
//! throughput, ramp curves, attrition, hiring lead time, backfills, PODs,
//! cost, mismatch flags, the funnel adapter and validation paths.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::float_arithmetic
)]

mod support;

use salesphysics_core::capacity::{
    ae_bookings_capacity, companies_per_sdr, cost_by_month, find_mismatches, fte_need,
    fte_need_table, headcount, monthly_hazard, plan_capacity, pods_for_month, pods_needed,
    quota_capacity, survival, workload_from_funnel, CostMonth, Driver, FeedKind, Handoff,
    MismatchKind, PlanCell, PlanInput, PodDesign, PodKind, PodSeat, Ramp, RatioRule, RolePlan,
    StageFeed, Workload, WorkloadLayout,
};
use salesphysics_core::funnel::{
    new_mrr_schedule, plan_new_mrr, reverse_funnel, Billing, ChannelFunnel, FunnelModel,
    GoalMeaning, RevenueBasis, RevenueGoal, SegmentFunnel, Stage, Step, VolumeLayout,
};
use salesphysics_core::{Channel, Currency, Decimal, ErrorKind, Money, Role, RoundingMode};
use serde_json::Value;

const USD: Currency = Currency::USD;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn usd(text: &str) -> Money {
    Money::parse(text, USD).unwrap()
}

fn case(id: &str) -> Value {
    support::vectors::case(include_str!("data/capacity.json"), id)
}

fn dec(v: &Value) -> Decimal {
    v.as_str().unwrap().parse().unwrap()
}

/// A workload role with `per_fte` units a month and the given ramp,
/// attrition and lead time, at 10,000 USD a month.
fn role<'a>(per_fte: i64, ramp: Ramp<'a>, attrition: &str, lead: u32) -> RolePlan<'a> {
    RolePlan {
        role: Role::AccountExecutive,
        driver: Driver::Workload {
            flow_per_fte: Decimal::from_int(per_fte),
            stock_per_fte: None,
        },
        ramp,
        annual_attrition: d(attrition),
        hiring_lead_months: lead,
        monthly_cost: usd("10000"),
    }
}

/// Plans one role in one segment with a constant flow over `months`.
fn plan_one(role: RolePlan<'_>, flow: i64, start: u32, months: usize) -> Vec<PlanCell> {
    let roles = [role];
    let workload = vec![
        Workload {
            flow: Decimal::from_int(flow),
            stock: Decimal::ZERO,
        };
        months
    ];
    let input = PlanInput {
        currency: USD,
        roles: &roles,
        months,
        segments: 1,
        starting_headcount: &[start],
        workload: &workload,
    };
    let mut out = vec![PlanCell::EMPTY; months];
    plan_capacity(&input, &mut out).unwrap();
    out
}

fn effective(plan: &[PlanCell]) -> Vec<String> {
    plan.iter().map(|c| c.effective_fte.to_string()).collect()
}

fn hires(plan: &[PlanCell]) -> Vec<u32> {
    plan.iter().map(|c| c.hires).collect()
}

// ---------------------------------------------------------------- vectors

#[test]
fn ae_capacity_vector() {
    let c = case("ae-capacity");
    // 10 SQLs × 0.30 win rate × 50,000 = 150,000 of bookings per AE a month.
    let per_ae = ae_bookings_capacity(
        dec(&c["sqls_per_ae_per_month"]),
        dec(&c["sql_to_win"]),
        dec(&c["average_deal"]),
    )
    .unwrap();
    assert_eq!(per_ae, dec(&c["expected"]["bookings_per_ae_per_month"]));
    // 10,000,000 / 12 = 833,333.333… a month; / 150,000 = 5.5555… AEs.
    let monthly = dec(&c["annual_new_bookings_goal"])
        .div_round(Decimal::from_int(12), 9, RoundingMode::HalfEven)
        .unwrap();
    let fte = fte_need(monthly, per_ae).unwrap();
    assert_eq!(fte, d("5.555555556")); // rounded up at the 9th place
    assert_eq!(
        fte.round(4, RoundingMode::HalfEven).unwrap(),
        dec(&c["expected"]["aes_fractional"])
    );
    assert_eq!(
        u64::from(headcount(fte).unwrap()),
        c["expected"]["aes_to_hire"].as_u64().unwrap()
    );
}

#[test]
fn ae_capacity_vector_through_the_plan() {
    // The same case as a one-month plan: workload in bookings, capacity in
    // bookings per AE; nobody on board, so all 6 are hires.
    let c = case("ae-capacity");
    let per_ae = ae_bookings_capacity(d("10"), d("0.30"), d("50000")).unwrap();
    let roles = [RolePlan {
        driver: Driver::Workload {
            flow_per_fte: per_ae,
            stock_per_fte: None,
        },
        ..role(1, Ramp::Step { months: 0 }, "0", 0)
    }];
    let workload = [Workload {
        flow: dec(&c["annual_new_bookings_goal"])
            .div_round(Decimal::from_int(12), 9, RoundingMode::HalfEven)
            .unwrap(),
        stock: Decimal::ZERO,
    }];
    let input = PlanInput {
        currency: USD,
        roles: &roles,
        months: 1,
        segments: 1,
        starting_headcount: &[0],
        workload: &workload,
    };
    let mut out = [PlanCell::EMPTY];
    plan_capacity(&input, &mut out).unwrap();
    assert_eq!(out[0].need_headcount, 6);
    assert_eq!(out[0].hires, 6);
    assert_eq!(out[0].requisition_month, Some(0));
    assert_eq!(out[0].effective_fte, d("6"));
    assert_eq!(out[0].gap_fte, d("-0.444444444"));
}

#[test]
fn qualification_capacity_vector() {
    let c = case("qualification-capacity");
    // 1000 leads / 400 leads per rep = 2.5 reps → 3 to hire.
    let fte = fte_need(dec(&c["leads_per_month"]), dec(&c["leads_per_rep"])).unwrap();
    assert_eq!(fte, dec(&c["expected"]["reps_fractional"]));
    assert_eq!(
        u64::from(headcount(fte).unwrap()),
        c["expected"]["reps_to_hire"].as_u64().unwrap()
    );
    // 400 contacts / 3 contacts per company = 133.33 → 133 whole companies.
    assert_eq!(
        companies_per_sdr(d("400"), d("3")).unwrap(),
        dec(&c["expected"]["companies_per_sdr_at_3_contacts"])
    );
}

#[test]
fn quota_capacity_is_quota_times_attainment() {
    // 40,000 quota × 80 % expected attainment = 32,000 a month.
    assert_eq!(quota_capacity(d("40000"), d("0.8")).unwrap(), d("32000"));
}

#[test]
fn headcount_is_the_ceiling_only_at_the_edge() {
    assert_eq!(headcount(d("0")).unwrap(), 0);
    assert_eq!(headcount(d("-1")).unwrap(), 0);
    assert_eq!(headcount(d("3")).unwrap(), 3);
    assert_eq!(headcount(d("3.000000001")).unwrap(), 4);
    // 1 / 3 rounds up at the 9th place, so 3 × it would exceed 1: need is
    // never understated.
    assert_eq!(fte_need(d("1"), d("3")).unwrap(), d("0.333333334"));
}

// ------------------------------------------------------------------- ramp

#[test]
fn linear_ramp_reaches_full_productivity_in_r_months() {
    // Linear over 4 months: 1/4, 2/4, 3/4, then 1. Need 4 FTE (40 units at
    // 10 per FTE) from an empty team: the 4 hires start in month 0 and
    // deliver 4 × 0.25 = 1, 4 × 0.5 = 2, 4 × 0.75 = 3, then 4 FTE.
    let plan = plan_one(role(10, Ramp::Linear { months: 4 }, "0", 0), 40, 0, 6);
    assert_eq!(hires(&plan), [4, 0, 0, 0, 0, 0]);
    assert_eq!(effective(&plan), ["1", "2", "3", "4", "4", "4"]);
    assert_eq!(plan[0].gap_fte, d("3"));
    assert_eq!(plan[3].gap_fte, d("0"));
    assert_eq!(Ramp::Linear { months: 4 }.full_month(), 3);
}

#[test]
fn step_ramp_is_zero_until_month_r() {
    // Step at 2 months: 0, 0, then 1. Two hires deliver nothing for two months.
    let plan = plan_one(role(10, Ramp::Step { months: 2 }, "0", 0), 20, 0, 4);
    assert_eq!(hires(&plan), [2, 0, 0, 0]);
    assert_eq!(effective(&plan), ["0", "0", "2", "2"]);
}

#[test]
fn custom_ramp_follows_its_table() {
    // Table 0.2, 0.5, 0.9 then 1: ten hires give 2, 5, 9, 10 FTE.
    let table = [d("0.2"), d("0.5"), d("0.9")];
    let roles = [role(1, Ramp::Custom(&table), "0", 0)];
    let workload = [Workload {
        flow: Decimal::from_int(10),
        stock: Decimal::ZERO,
    }; 5];
    let input = PlanInput {
        currency: USD,
        roles: &roles,
        months: 5,
        segments: 1,
        starting_headcount: &[0],
        workload: &workload,
    };
    let mut plan = [PlanCell::EMPTY; 5];
    plan_capacity(&input, &mut plan).unwrap();
    assert_eq!(hires(&plan), [10, 0, 0, 0, 0]);
    assert_eq!(effective(&plan), ["2", "5", "9", "10", "10"]);
}

#[test]
fn starting_headcount_is_fully_ramped() {
    // 3 on board, need 3: no hire, full capacity from month 0 even with a
    // 6-month step ramp.
    let plan = plan_one(role(10, Ramp::Step { months: 6 }, "0", 0), 30, 3, 3);
    assert_eq!(hires(&plan), [0, 0, 0]);
    assert_eq!(effective(&plan), ["3", "3", "3"]);
}

#[test]
fn hires_are_timed_for_the_month_they_are_productive() {
    // Step 2 ramp, need 0 for months 0–1 and 2 FTE from month 2: hires in
    // month 0 are productive in month 2 (the rule looks full_month ahead).
    let roles = [role(10, Ramp::Step { months: 2 }, "0", 0)];
    let flows = [0, 0, 20, 20];
    let workload: Vec<Workload> = flows
        .iter()
        .map(|&f| Workload {
            flow: Decimal::from_int(f),
            stock: Decimal::ZERO,
        })
        .collect();
    let input = PlanInput {
        currency: USD,
        roles: &roles,
        months: 4,
        segments: 1,
        starting_headcount: &[0],
        workload: &workload,
    };
    let mut plan = [PlanCell::EMPTY; 4];
    plan_capacity(&input, &mut plan).unwrap();
    assert_eq!(hires(&plan), [2, 0, 0, 0]);
    assert_eq!(effective(&plan), ["0", "0", "2", "2"]);
    assert_eq!(plan[2].gap_fte, d("0"));
}

// -------------------------------------------------------------- attrition

#[test]
fn attrition_compounds_to_the_annual_rate() {
    // 0.75^(1/12) = 0.9763115757773932… → 0.976311576 (half-even, 9 places);
    // hazard = 1 − 0.976311576 = 0.023688424, not 0.25 / 12 = 0.0208333.
    assert_eq!(survival(d("0.25"), 1).unwrap(), d("0.976311576"));
    assert_eq!(monthly_hazard(d("0.25")).unwrap(), d("0.023688424"));
    // Asked for twelve months at once, survival is the annual retention.
    assert_eq!(survival(d("0.25"), 12).unwrap(), d("0.75"));
    // 0.9^(1/12) = 0.99125838…, 0.5^(1/12) = 0.94387431…
    assert_eq!(survival(d("0.1"), 1).unwrap(), d("0.991258389"));
    assert_eq!(survival(d("0.5"), 1).unwrap(), d("0.943874313"));
    assert_eq!(monthly_hazard(d("0")).unwrap(), d("0"));
    assert_eq!(survival(d("1"), 1), Err(ErrorKind::OutOfRange));
    assert_eq!(survival(d("-0.1"), 1), Err(ErrorKind::OutOfRange));
}

#[test]
fn twelve_monthly_hazards_compound_to_the_annual_rate_within_the_ninth_digit() {
    // docs/capacity.md: the monthly survival is rounded to 9 places, so
    // twelve months compound to 0.976311576¹² = 0.75000000205207…, which
    // is 0.750000002 at 9 places, not exactly 0.75.
    let monthly = survival(d("0.25"), 1).unwrap();
    let mut kept = Decimal::ONE;
    for _ in 0..12 {
        kept = kept.checked_mul(monthly).unwrap();
    }
    assert_eq!(kept, d("0.750000002"));
    // The plan compounds the same way: 1,000 heads, no workload, no hires;
    // each month's departures are heads × 0.023688424 (half-even, 9 places)
    // and the twelfth month ends at 750.000002052 (recomputed with exact
    // fractions).
    let plan = plan_one(role(10, Ramp::Step { months: 0 }, "0.25", 0), 0, 1_000, 12);
    assert!(plan.iter().all(|c| c.hires == 0));
    assert_eq!(plan[11].ending_headcount, d("750.000002052"));
}

#[test]
fn attrition_departures_and_backfill_restart_the_ramp() {
    // 25 % a year (s = 0.976311576, h = 0.023688424), a one-month step ramp,
    // need 10 FTE throughout, 10 on board, no lead time.
    //
    // Month 0: hires become productive one month later, when 10 / s =
    //   10.242631806 heads (rounded up) are needed; 10 carried → hire
    //   ⌈0.242631806⌉ = 1. Heads 11, effective 11 − 1 (ramping) = 10.
    //   Departures 11 × h = 0.260572664; ending 10.739427336.
    // Month 1: 10.739427336 ≥ 10.242631806 → no hire; departures
    //   0.254400108; ending 10.485027228.
    // Month 2: no hire; departures 0.248373771; ending 10.236653457.
    // Month 3: 10.236653457 < 10.242631806 → one backfill. Heads
    //   11.236653457 but effective only 10.236653457: the backfill starts
    //   its ramp from zero.
    // Month 4 is the last: it can only target itself (10 heads), so no hire.
    let plan = plan_one(role(10, Ramp::Step { months: 1 }, "0.25", 0), 100, 10, 5);
    assert_eq!(hires(&plan), [1, 0, 0, 1, 0]);
    let dep: Vec<String> = plan.iter().map(|c| c.departures.to_string()).collect();
    // Month 4: 10.970474846 × 0.023688424 = 0.2598732596… → 0.259873260;
    // ending 10.970474846 − 0.25987326 = 10.710601586.
    assert_eq!(
        dep,
        [
            "0.260572664",
            "0.254400108",
            "0.248373771",
            "0.266178611",
            "0.25987326"
        ]
    );
    let ending: Vec<String> = plan
        .iter()
        .map(|c| c.ending_headcount.to_string())
        .collect();
    assert_eq!(
        ending,
        [
            "10.739427336",
            "10.485027228",
            "10.236653457",
            "10.970474846",
            "10.710601586"
        ]
    );
    assert_eq!(
        effective(&plan),
        [
            "10",
            "10.739427336",
            "10.485027228",
            "10.236653457",
            "10.970474846"
        ]
    );
    // Heads are conserved: start + hires − departures = end, every month.
    for c in &plan {
        let start = c
            .starting_headcount
            .checked_add(Decimal::from_int(i64::from(c.hires)))
            .unwrap();
        assert_eq!(start.checked_sub(c.departures).unwrap(), c.ending_headcount);
    }
}

// -------------------------------------------------------------- lead time

#[test]
fn hiring_lead_time_delays_starts_and_dates_requisitions() {
    // Lead time 2, productive at once, need 3 from month 0, nobody on board:
    // requisitions open in month 0, the 3 start in month 2; months 0–1 show
    // the full 3 FTE gap.
    let plan = plan_one(role(10, Ramp::Step { months: 0 }, "0", 2), 30, 0, 4);
    assert_eq!(hires(&plan), [0, 0, 3, 0]);
    assert_eq!(plan[2].requisition_month, Some(0));
    assert_eq!(plan[0].requisition_month, None);
    assert_eq!(plan[0].gap_fte, d("3"));
    assert_eq!(plan[1].gap_fte, d("3"));
    assert_eq!(plan[2].gap_fte, d("0"));
}

#[test]
fn lead_time_and_ramp_combine() {
    // Lead 1, linear 2 (0.5, 1), need 2 from month 0, growing to 4 in month
    // 4 (flows 20,20,20,20,40,40). Month 1 (first possible start) targets
    // month 2: 2 hires. Month 3 targets month 4 (need 4): carried 2 → 2
    // hires, opened in month 2. Effective: 0, 1, 2, 3 (2 + 2 × 0.5), 4, 4.
    let roles = [role(10, Ramp::Linear { months: 2 }, "0", 1)];
    let workload: Vec<Workload> = [20, 20, 20, 20, 40, 40]
        .iter()
        .map(|&f| Workload {
            flow: Decimal::from_int(f),
            stock: Decimal::ZERO,
        })
        .collect();
    let input = PlanInput {
        currency: USD,
        roles: &roles,
        months: 6,
        segments: 1,
        starting_headcount: &[0],
        workload: &workload,
    };
    let mut plan = [PlanCell::EMPTY; 6];
    plan_capacity(&input, &mut plan).unwrap();
    assert_eq!(hires(&plan), [0, 2, 0, 2, 0, 0]);
    assert_eq!(plan[1].requisition_month, Some(0));
    assert_eq!(plan[3].requisition_month, Some(2));
    assert_eq!(effective(&plan), ["0", "1", "2", "3", "4", "4"]);
}

// ------------------------------------------------------ ratios and stock

fn ratio_roles(anchors: &'static [usize]) -> [RolePlan<'static>; 3] {
    [
        RolePlan {
            role: Role::AccountExecutive,
            ..role(10, Ramp::Step { months: 0 }, "0", 0)
        },
        RolePlan {
            role: Role::CustomerSuccessManager,
            driver: Driver::Workload {
                flow_per_fte: Decimal::from_int(5),
                stock_per_fte: Some(Decimal::from_int(50)),
            },
            ..role(5, Ramp::Step { months: 0 }, "0", 0)
        },
        RolePlan {
            role: Role::SalesDevelopmentRep,
            driver: Driver::Ratio {
                anchors,
                per_anchor: d("0.4"),
            },
            ..role(1, Ramp::Step { months: 0 }, "0", 0)
        },
    ]
}

#[test]
fn need_uses_flow_stock_and_ratios() {
    // AE: 55 SQLs / 10 = 5.5 FTE. CSM: max(12 onboardings / 5 = 2.4,
    // 260 live accounts / 50 = 5.2) = 5.2. SDR: 1 per 2.5 AEs = 5.5 × 0.4 = 2.2.
    let roles = ratio_roles(&[0]);
    let layout = WorkloadLayout {
        months: 1,
        segments: 1,
        roles: 3,
    };
    let workload = [
        Workload {
            flow: d("55"),
            stock: d("0"),
        },
        Workload {
            flow: d("12"),
            stock: d("260"),
        },
        Workload::default(),
    ];
    let mut need = [Decimal::ZERO; 3];
    fte_need_table(&roles, &layout, &workload, &mut need).unwrap();
    assert_eq!(need, [d("5.5"), d("5.2"), d("2.2")]);
}

#[test]
fn ratio_anchor_must_come_first() {
    let roles = ratio_roles(&[2]);
    let layout = WorkloadLayout {
        months: 1,
        segments: 1,
        roles: 3,
    };
    let workload = [Workload::default(); 3];
    let input = PlanInput {
        currency: USD,
        roles: &roles,
        months: 1,
        segments: 1,
        starting_headcount: &[0, 0, 0],
        workload: &workload,
    };
    let err = plan_capacity(&input, &mut [PlanCell::EMPTY; 3]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "roles[2].driver.anchors[0]: a ratio anchor must be an earlier role"
    );
    let _ = layout;
}

// ------------------------------------------------------------- validation

#[test]
fn dimension_errors_name_the_field_the_caller_wrote() {
    // A plan of zero months: the fault is `input.months`, reported at the
    // input's root as `months` (there is no `layout` in the caller's data).
    let roles = [role(10, Ramp::Step { months: 0 }, "0", 0)];
    let input = PlanInput {
        currency: USD,
        roles: &roles,
        months: 0,
        segments: 1,
        starting_headcount: &[0],
        workload: &[],
    };
    let err = plan_capacity(&input, &mut []).unwrap_err();
    assert_eq!(err.to_string(), "months: must not be empty");
    let err = cost_by_month(&input, &[], &[], &[], &mut [], &mut []).unwrap_err();
    assert_eq!(err.to_string(), "months: must not be empty");
    let err = find_mismatches(&input, &[], &[], &[]).unwrap_err();
    assert_eq!(err.to_string(), "months: must not be empty");
    // The funnel adapter: `roles` is the caller's argument, not a field of
    // the volume layout.
    let volumes = VolumeLayout {
        lead_months: 0,
        horizon_months: 1,
        segments: 1,
        channels: 1,
        stages: 2,
    };
    let table = [Decimal::ZERO; 2];
    let err = workload_from_funnel(&volumes, &table, &[], 0, &mut []).unwrap_err();
    assert_eq!(err.to_string(), "roles: must not be empty");
    let empty = VolumeLayout {
        segments: 0,
        ..volumes
    };
    let err = workload_from_funnel(&empty, &table, &[], 1, &mut []).unwrap_err();
    assert_eq!(err.to_string(), "volumes.segments: must not be empty");
}

#[test]
fn validation_names_the_field() {
    let bad_attrition = [role(10, Ramp::Step { months: 0 }, "1", 0)];
    let workload = [Workload::default()];
    let input = PlanInput {
        currency: USD,
        roles: &bad_attrition,
        months: 1,
        segments: 1,
        starting_headcount: &[0],
        workload: &workload,
    };
    let mut out = [PlanCell::EMPTY];
    let err = plan_capacity(&input, &mut out).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutOfRange);
    assert!(
        err.to_string().starts_with("roles[0].annual_attrition"),
        "{err}"
    );

    let long = [role(10, Ramp::Linear { months: 25 }, "0", 0)];
    let err = plan_capacity(
        &PlanInput {
            roles: &long,
            ..input
        },
        &mut out,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooMany { max: 24 });
    assert!(err.to_string().starts_with("roles[0].ramp.months"), "{err}");

    let table = [d("0.5"), d("1.5")];
    let custom = [role(10, Ramp::Custom(&table), "0", 0)];
    let err = plan_capacity(
        &PlanInput {
            roles: &custom,
            ..input
        },
        &mut out,
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with("roles[0].ramp.table[1]"),
        "{err}"
    );

    let late = [role(10, Ramp::Step { months: 0 }, "0", 25)];
    let err = plan_capacity(
        &PlanInput {
            roles: &late,
            ..input
        },
        &mut out,
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with("roles[0].hiring_lead_months"),
        "{err}"
    );

    let negative = [Workload {
        flow: d("-1"),
        stock: d("0"),
    }];
    let ok_role = [role(10, Ramp::Step { months: 0 }, "0", 0)];
    let err = plan_capacity(
        &PlanInput {
            roles: &ok_role,
            workload: &negative,
            ..input
        },
        &mut out,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Negative);
    assert_eq!(err.path().to_string(), "workload[0].flow");

    let err = plan_capacity(
        &PlanInput {
            roles: &ok_role,
            ..input
        },
        &mut [],
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BufferTooSmall { needed: 1 });
    assert_eq!(err.path().to_string(), "out");

    let err = plan_capacity(
        &PlanInput {
            roles: &ok_role,
            months: 145,
            ..input
        },
        &mut out,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooMany { max: 144 });

    let euro = [RolePlan {
        monthly_cost: Money::parse("1", Currency::EUR).unwrap(),
        ..ok_role[0]
    }];
    let err = plan_capacity(
        &PlanInput {
            roles: &euro,
            ..input
        },
        &mut out,
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with("roles[0].monthly_cost"),
        "{err}"
    );
}

// ------------------------------------------------------- pods, cost, flags

#[test]
fn pods_follow_the_binding_role() {
    // Outbound POD: 1 SDR + 2 AEs + 0.5 CSM. Need 5.5 AE, 5.2 CSM, 2.2 SDR:
    // AEs 5.5 / 2 = 2.75, CSM 5.2 / 0.5 = 10.4, SDR 2.2 / 1 = 2.2 → the CSM
    // binds: 10.4 → 11 PODs.
    let seats = [
        PodSeat {
            role: 2,
            fte: d("1"),
        },
        PodSeat {
            role: 0,
            fte: d("2"),
        },
        PodSeat {
            role: 1,
            fte: d("0.5"),
        },
    ];
    let design = PodDesign {
        kind: PodKind::Outbound,
        seats: &seats,
    };
    let count = pods_needed(&design, &[d("5.5"), d("5.2"), d("2.2")]).unwrap();
    assert_eq!(count.fractional, d("10.4"));
    assert_eq!(count.pods, 11);
    assert_eq!(count.binding_role, 1);
    // Ties go to the earliest seat: SDR 2 / 1 = AE 4 / 2.
    let count = pods_needed(&design, &[d("4"), d("0"), d("2")]).unwrap();
    assert_eq!((count.pods, count.binding_role), (2, 2));
    let bad = [PodSeat {
        role: 7,
        fte: d("1"),
    }];
    let err = pods_needed(
        &PodDesign {
            kind: PodKind::OneToOne,
            seats: &bad,
        },
        &[d("1")],
    )
    .unwrap_err();
    assert_eq!(err.path().to_string(), "design.seats[0].role");
}

/// Two roles (AE 10 SQLs/FTE, CSM 5 onboardings and 50 accounts/FTE), two
/// segments, three months: a small plan for the cost and flag tests.
fn small_plan() -> ([RolePlan<'static>; 2], Vec<Workload>) {
    let roles = [
        RolePlan {
            monthly_cost: usd("12000"),
            ..role(10, Ramp::Step { months: 0 }, "0", 0)
        },
        RolePlan {
            role: Role::CustomerSuccessManager,
            driver: Driver::Workload {
                flow_per_fte: Decimal::from_int(5),
                stock_per_fte: Some(Decimal::from_int(50)),
            },
            monthly_cost: usd("8000.50"),
            ..role(5, Ramp::Step { months: 0 }, "0", 0)
        },
    ];
    let w = |flow: i64, stock: i64| Workload {
        flow: Decimal::from_int(flow),
        stock: Decimal::from_int(stock),
    };
    // month-major: (month, segment, role)
    let workload = vec![
        w(20, 0),
        w(5, 40),
        w(10, 0),
        w(5, 40), // month 0
        w(20, 0),
        w(5, 45),
        w(10, 0),
        w(5, 45), // month 1
        w(20, 0),
        w(5, 50),
        w(10, 0),
        w(5, 50), // month 2
    ];
    (roles, workload)
}

#[test]
fn cost_lines_sum_to_the_month_and_give_cac() {
    // Segment 0: AE need 2, CSM 1; segment 1: AE 1, CSM 1. Starting with
    // [3, 1 | 1, 1] nobody is hired. Paid heads: AE 4, CSM 2.
    // Cost: 4 × 12,000 + 2 × 8,000.50 = 48,000 + 16,001 = 64,001 a month.
    // New MRR 32,000.50 → 64,001 / 32,000.50 = 2.0000 per dollar; 8 new
    // customers → CAC 8,000.125 → 8,000.12 (half-even).
    let (roles, workload) = small_plan();
    let input = PlanInput {
        currency: USD,
        roles: &roles,
        months: 3,
        segments: 2,
        starting_headcount: &[3, 1, 1, 1],
        workload: &workload,
    };
    let mut plan = vec![PlanCell::EMPTY; 12];
    plan_capacity(&input, &mut plan).unwrap();
    assert!(plan.iter().all(|c| c.hires == 0));
    let mrr = [usd("32000.50"), usd("0"), usd("64002")];
    let customers = [d("8"), d("0"), d("3")];
    let mut lines = [Money::zero(USD); 6];
    let mut out = [CostMonth {
        total: Money::zero(USD),
        new_mrr: Money::zero(USD),
        cost_per_new_mrr_dollar: None,
        implied_cac: None,
    }; 3];
    cost_by_month(&input, &plan, &mrr, &customers, &mut lines, &mut out).unwrap();
    assert_eq!(lines[0], usd("48000"));
    assert_eq!(lines[1], usd("16001"));
    assert_eq!(out[0].total, usd("64001"));
    assert_eq!(out[0].cost_per_new_mrr_dollar, Some(d("2")));
    assert_eq!(out[0].implied_cac, Some(usd("8000.12")));
    assert_eq!(out[1].cost_per_new_mrr_dollar, None);
    assert_eq!(out[1].implied_cac, None);
    // 64,001 / 64,002 = 0.99998… → 1.0000; 64,001 / 3 = 21,333.67.
    assert_eq!(out[2].cost_per_new_mrr_dollar, Some(d("1")));
    assert_eq!(out[2].implied_cac, Some(usd("21333.67")));
}

#[test]
fn mismatch_flags_catch_unfed_aes_idle_sdrs_and_wip() {
    let (roles, workload) = small_plan();
    // Segment 0 starts with 5 AEs for a need of 2: 3 FTE unfed every month.
    // Segment 1's single CSM carries 40, 45, 50 accounts against a cap of
    // 50 per CSM: fine. Segment 0's CSM: same. Starting CSM 0 in segment 1
    // would hire, so WIP stays at the cap.
    let input = PlanInput {
        currency: USD,
        roles: &roles,
        months: 3,
        segments: 2,
        starting_headcount: &[5, 1, 1, 1],
        workload: &workload,
    };
    let mut plan = vec![PlanCell::EMPTY; 12];
    plan_capacity(&input, &mut plan).unwrap();
    // Handoff AE → CSM: segment 0 AEs (5 FTE × 10 = 50 a month) against one
    // CSM (1 × 5 = 5): 45 units a month unabsorbed. Segment 1: 1 × 10 = 10
    // against 5 → 5.
    // Ratio CSM per AE in [0.5, 1]: segment 0 is 1/5 = 0.2, 0.3 below.
    let flags = find_mismatches(
        &input,
        &plan,
        &[Handoff {
            segment: None,
            from: 0,
            to: 1,
        }],
        &[RatioRule {
            segment: None,
            role: 1,
            per_role: 0,
            min: d("0.5"),
            max: d("1"),
        }],
    )
    .unwrap();
    let summary: Vec<(MismatchKind, usize, usize, usize, u32, String)> = flags
        .iter()
        .map(|f| {
            (
                f.kind,
                f.segment,
                f.role,
                f.first_month,
                f.months,
                f.worst.to_string(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (MismatchKind::UnfedCapacity, 0, 0, 0, 3, "3".into()),
            (MismatchKind::UnabsorbedSupply, 0, 0, 0, 3, "45".into()),
            (MismatchKind::UnabsorbedSupply, 1, 0, 0, 3, "5".into()),
            (MismatchKind::RatioOutOfRange, 0, 1, 0, 3, "0.3".into()),
        ]
    );
}

#[test]
fn wip_over_cap_is_flagged_when_hiring_lags() {
    // One CSM role with a 2-month lead time: 100 live accounts against 50
    // per CSM and one CSM on board → 100 per head in months 0 and 1.
    let roles = [RolePlan {
        driver: Driver::Workload {
            flow_per_fte: Decimal::from_int(5),
            stock_per_fte: Some(Decimal::from_int(50)),
        },
        ..role(5, Ramp::Step { months: 0 }, "0", 2)
    }];
    let workload = [Workload {
        flow: d("0"),
        stock: d("100"),
    }; 3];
    let input = PlanInput {
        currency: USD,
        roles: &roles,
        months: 3,
        segments: 1,
        starting_headcount: &[1],
        workload: &workload,
    };
    let mut plan = [PlanCell::EMPTY; 3];
    plan_capacity(&input, &mut plan).unwrap();
    assert_eq!(hires(&plan), [0, 0, 1]);
    let flags = find_mismatches(&input, &plan, &[], &[]).unwrap();
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].kind, MismatchKind::WipOverCap);
    assert_eq!((flags[0].first_month, flags[0].months), (0, 2));
    assert_eq!(flags[0].worst, d("100"));
}

// ---------------------------------------------------------- funnel adapter

#[test]
fn adapter_reads_the_volume_table() {
    // A hand-built table: 3 months, 1 segment, 2 channels (inbound,
    // outbound), 3 stages (MQL, SQL, Live). Cell value = 100 × month +
    // 10 × channel + stage + 1.
    let volumes = VolumeLayout {
        lead_months: 1,
        horizon_months: 2,
        segments: 1,
        channels: 2,
        stages: 3,
    };
    let mut table = vec![Decimal::ZERO; volumes.len()];
    for m in 0..3 {
        for c in 0..2 {
            for s in 0..3 {
                table[volumes.index(m, 0, c, s).unwrap()] =
                    Decimal::from_int((100 * m + 10 * c + s + 1) as i64);
            }
        }
    }
    let feeds = [
        // MDR: inbound MQLs.
        StageFeed {
            role: 0,
            stage: 0,
            channel: Some(0),
            kind: FeedKind::Flow,
            weight: d("1"),
            delay_months: 0,
        },
        // AE: SQLs of every channel, and 1.5 months in stage as stock.
        StageFeed {
            role: 1,
            stage: 1,
            channel: None,
            kind: FeedKind::Flow,
            weight: d("1"),
            delay_months: 0,
        },
        StageFeed {
            role: 1,
            stage: 1,
            channel: None,
            kind: FeedKind::Stock,
            weight: d("1.5"),
            delay_months: 0,
        },
        // CSM: live accounts onboarded and accumulated; renewals one month later.
        StageFeed {
            role: 2,
            stage: 2,
            channel: None,
            kind: FeedKind::Accumulate,
            weight: d("1"),
            delay_months: 0,
        },
        StageFeed {
            role: 2,
            stage: 2,
            channel: None,
            kind: FeedKind::Flow,
            weight: d("1"),
            delay_months: 1,
        },
    ];
    let mut out = vec![Workload::default(); 9];
    let layout = workload_from_funnel(&volumes, &table, &feeds, 3, &mut out).unwrap();
    assert_eq!(
        layout,
        WorkloadLayout {
            months: 3,
            segments: 1,
            roles: 3
        }
    );
    // Month 0: MDR flow = 1. AE SQLs = 2 + 12 = 14, stock 21.
    // CSM live = 3 + 13 = 16 accumulated; no renewals yet (delay 1).
    assert_eq!(out[0].flow, d("1"));
    assert_eq!((out[1].flow, out[1].stock), (d("14"), d("21")));
    assert_eq!((out[2].flow, out[2].stock), (d("0"), d("16")));
    // Month 1: MDR 101; AE 102 + 112 = 214, stock 321; CSM live 16 + 103 +
    // 113 = 232, renewals = month 0's live 16.
    assert_eq!(out[3].flow, d("101"));
    assert_eq!((out[4].flow, out[4].stock), (d("214"), d("321")));
    assert_eq!((out[5].flow, out[5].stock), (d("16"), d("232")));
    // Month 2: CSM live 232 + 203 + 213 = 648, renewals 216.
    assert_eq!((out[8].flow, out[8].stock), (d("216"), d("648")));

    let bad = [StageFeed {
        stage: 3,
        ..feeds[0]
    }];
    let err = workload_from_funnel(&volumes, &table, &bad, 3, &mut out).unwrap_err();
    assert_eq!(err.path().to_string(), "feeds[0].stage");
}

#[test]
fn adapter_plans_from_a_real_reverse_funnel() {
    // The funnel module's own example: $780,000 in-year → $10,000 new MRR a
    // month; $500 deals, SQL → win 25 % with a one-month lag → 20 wins
    // need 80 SQLs a month, from one month before the goal. AEs working 20
    // SQLs a month need 80 / 20 = 4 FTE in every table month.
    let basis = RevenueBasis {
        horizon_months: 12,
        billing: Billing::FromBookingMonth,
        monthly_churn: Decimal::ZERO,
        booking_months: &[],
    };
    let goal = RevenueGoal {
        meaning: GoalMeaning::RecognizedRevenue,
        amount: usd("780000"),
        basis,
        rounding: RoundingMode::HalfEven,
    };
    let plan = plan_new_mrr(&goal).unwrap();
    let steps = [Step {
        conversion_rate: d("0.25"),
        lag_months: Decimal::ONE,
    }];
    let channels = [ChannelFunnel {
        share: Decimal::ONE,
        steps: &steps,
    }];
    let segments = [SegmentFunnel {
        mrr_per_deal: usd("500"),
        mrr_share: Decimal::ONE,
        channels: &channels,
    }];
    let model = FunnelModel {
        currency: USD,
        stages: &[Stage::Sql, Stage::Commit],
        channels: &[Channel::Inbound],
        segments: &segments,
    };
    let mut schedule = [Money::zero(USD); 12];
    new_mrr_schedule(&basis, plan.new_mrr_per_month, &mut schedule).unwrap();
    let mut table = [Decimal::ZERO; 13 * 2];
    let volumes = reverse_funnel(&model, &schedule, &mut table).unwrap();
    let feeds = [StageFeed {
        role: 0,
        stage: 0,
        channel: None,
        kind: FeedKind::Flow,
        weight: Decimal::ONE,
        delay_months: 0,
    }];
    let mut workload = [Workload::default(); 13];
    let layout = workload_from_funnel(&volumes, &table, &feeds, 1, &mut workload).unwrap();
    let roles = [role(20, Ramp::Step { months: 0 }, "0", 0)];
    let input = PlanInput {
        currency: USD,
        roles: &roles,
        months: layout.months,
        segments: layout.segments,
        starting_headcount: &[4],
        workload: &workload,
    };
    let mut cells = [PlanCell::EMPTY; 13];
    plan_capacity(&input, &mut cells).unwrap();
    // Months 0–11 need 80 SQLs worked; the last table month needs none (no
    // goal month follows it), so the final month shows 4 idle FTE.
    for c in &cells[..12] {
        assert_eq!(c.need_headcount, 4);
        assert_eq!(c.hires, 0);
    }
    assert_eq!(cells[12].need_headcount, 0);
}

// ----------------------------------------------------------- determinism

#[test]
fn the_plan_is_deterministic() {
    let (roles, workload) = small_plan();
    let input = PlanInput {
        currency: USD,
        roles: &roles,
        months: 3,
        segments: 2,
        starting_headcount: &[0, 0, 1, 0],
        workload: &workload,
    };
    let mut a = vec![PlanCell::EMPTY; 12];
    let mut b = vec![PlanCell::EMPTY; 12];
    plan_capacity(&input, &mut a).unwrap();
    plan_capacity(&input, &mut b).unwrap();
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    let layout = input.layout();
    let pods = [
        PodDesign {
            kind: PodKind::Inbound,
            seats: &[PodSeat {
                role: 0,
                fte: d("2"),
            }],
        },
        PodDesign {
            kind: PodKind::Outbound,
            seats: &[PodSeat {
                role: 1,
                fte: d("1"),
            }],
        },
    ];
    let p1 = pods_for_month(&pods, &layout, &a, 2).unwrap();
    let p2 = pods_for_month(&pods, &layout, &b, 2).unwrap();
    assert_eq!(format!("{p1:?}"), format!("{p2:?}"));
    // Segment 0 needs 2 AEs → 1 POD of 2; segment 1 needs 1 CSM → 1 POD.
    assert_eq!(p1[0].pods, 1);
    assert_eq!(p1[1].pods, 1);
}
