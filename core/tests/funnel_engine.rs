//! Behaviour of the funnel engine beyond the published vectors: validation
//! with field paths, lags, churned goals, the bridge, unit economics, flow
//! and lead SLAs. Every expected figure is worked out in a comment.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use salesphysics_core::funnel::{
    annualize_retention, bookings_by_month, cac, cac_payback_with_expansion, compounded_months,
    coverage, evaluate_lead_sla, lifetime_value, ltv_to_cac, mrr_bridge, mrr_ceiling, plan_new_mrr,
    project_forward, release_rate_for_cap, reverse_funnel, whole_units, whole_units_table,
    wip_by_stage, wip_per_rep, work_in_progress, Billing, Bookings, BridgeInput, BridgeMonth,
    ChannelFunnel, FunnelModel, GoalMeaning, LeadTimeline, Ltv, Milestone, MrrCeiling, MrrMovement,
    Payback, Ratio, RevenueBasis, RevenueGoal, SegmentFunnel, SlaAction, SlaOutcome, SlaRule,
    Stage, Step, VolumeLayout,
};
use salesphysics_core::{Channel, Currency, Decimal, ErrorKind, Money, RoundingMode};

const USD: Currency = Currency::USD;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn usd(text: &str) -> Money {
    Money::new(d(text), USD)
}

fn step(rate: &str, lag: &str) -> Step {
    Step {
        conversion_rate: d(rate),
        lag_months: d(lag),
    }
}

const TWO_STAGES: [Stage; 2] = [Stage::Sql, Stage::Commit];

fn one_path<'a>(channels: &'a [ChannelFunnel<'a>]) -> [SegmentFunnel<'a>; 1] {
    [SegmentFunnel {
        mrr_per_deal: usd("100"),
        mrr_share: Decimal::ONE,
        channels,
    }]
}

fn model<'a>(stages: &'a [Stage], segments: &'a [SegmentFunnel<'a>]) -> FunnelModel<'a> {
    FunnelModel {
        currency: USD,
        stages,
        channels: &[Channel::Inbound, Channel::Outbound][..segments[0].channels.len()],
        segments,
    }
}

// ---------------------------------------------------------------- validation

#[test]
fn a_rate_above_one_names_its_full_path() {
    let good = [step("0.5", "0")];
    let bad = [step("1.2", "0")];
    let channels = [
        ChannelFunnel {
            share: d("0.5"),
            steps: &good,
        },
        ChannelFunnel {
            share: d("0.5"),
            steps: &bad,
        },
    ];
    let segments = one_path(&channels);
    let m = model(&TWO_STAGES, &segments);
    let e = m.validate().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutOfRange);
    assert_eq!(
        e.to_string(),
        "segments[0].channels[1].steps[0].conversion_rate: out of range"
    );
    let mut out = [Decimal::ZERO; 4];
    let e = reverse_funnel(&m, &[usd("100")], &mut out).unwrap_err();
    assert_eq!(
        e.path().to_string(),
        "model.segments[0].channels[1].steps[0].conversion_rate"
    );
}

#[test]
fn a_zero_rate_is_an_error_only_on_a_needed_path() {
    let zero = [step("0", "0")];
    let needed = [ChannelFunnel {
        share: Decimal::ONE,
        steps: &zero,
    }];
    let segments = one_path(&needed);
    let e = model(&TWO_STAGES, &segments).validate().unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::Invalid("zero conversion rate on a path that must produce deals")
    );
    assert_eq!(
        e.path().to_string(),
        "segments[0].channels[0].steps[0].conversion_rate"
    );
    // The same zero rate on a channel with no share is fine.
    let one = [step("0.5", "0")];
    let unused = [
        ChannelFunnel {
            share: Decimal::ONE,
            steps: &one,
        },
        ChannelFunnel {
            share: Decimal::ZERO,
            steps: &zero,
        },
    ];
    let segments = one_path(&unused);
    model(&TWO_STAGES, &segments).validate().unwrap();
}

#[test]
fn channel_shares_must_sum_to_one() {
    let s = [step("0.5", "0")];
    let channels = [
        ChannelFunnel {
            share: d("0.6"),
            steps: &s,
        },
        ChannelFunnel {
            share: d("0.3"),
            steps: &s,
        },
    ];
    let segments = one_path(&channels);
    let e = model(&TWO_STAGES, &segments).validate().unwrap_err();
    assert_eq!(
        e.to_string(),
        "segments[0].channels: channel shares must sum to 1"
    );
}

#[test]
fn negative_money_and_bad_shapes_are_rejected() {
    let s = [step("0.5", "0")];
    let channels = [ChannelFunnel {
        share: Decimal::ONE,
        steps: &s,
    }];
    let mut segments = one_path(&channels);
    segments[0].mrr_per_deal = usd("-1");
    let e = model(&TWO_STAGES, &segments).validate().unwrap_err();
    assert_eq!(
        e.to_string(),
        "segments[0].mrr_per_deal: must be greater than zero"
    );

    let segments = one_path(&channels);
    let m = model(&TWO_STAGES, &segments);
    let mut out = [Decimal::ZERO; 2];
    let e = reverse_funnel(&m, &[usd("-5")], &mut out).unwrap_err();
    assert_eq!(e.to_string(), "new_mrr[0]: must not be negative");
    let e = reverse_funnel(&m, &[Money::zero(Currency::EUR)], &mut out).unwrap_err();
    assert_eq!(e.path().to_string(), "new_mrr[0]");
    let e = reverse_funnel(&m, &[usd("5"), usd("5")], &mut out).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BufferTooSmall { needed: 4 });

    let backwards = [Stage::Commit, Stage::Sql];
    let e = model(&backwards, &segments).validate().unwrap_err();
    assert_eq!(
        e.to_string(),
        "stages: stages must be in funnel order without repeats"
    );

    let three = [Stage::Mql, Stage::Sql, Stage::Commit];
    let e = model(&three, &segments).validate().unwrap_err();
    assert_eq!(
        e.to_string(),
        "segments[0].channels[0].steps: a channel needs one step per pair of consecutive model stages"
    );
    let e = reverse_funnel(&m, &vec![usd("1"); 121], &mut [Decimal::ZERO; 400]).unwrap_err();
    assert_eq!(e.to_string(), "new_mrr: too many items (at most 120)");
}

// ---------------------------------------------------------------------- lags

#[test]
fn lags_move_the_need_earlier_and_fractions_split_it() {
    // Two steps: MQL→SQL rate 0.5 lag 1.5 months, SQL→win rate 0.25 lag 1.
    let steps = [step("0.5", "1.5"), step("0.25", "1")];
    let channels = [ChannelFunnel {
        share: Decimal::ONE,
        steps: &steps,
    }];
    let segments = one_path(&channels);
    let stages = [Stage::Mql, Stage::Sql, Stage::Commit];
    let m = model(&stages, &segments);
    // 1,000 new MRR in goal month 0 at 100 a deal = 10 wins; none in month 1.
    let mut table = vec![Decimal::ZERO; 5 * 3];
    let layout = reverse_funnel(&m, &[usd("1000"), usd("0")], &mut table).unwrap();
    // Lead = ceil(1.5) + 1 = 3 months before the goal.
    assert_eq!(layout.lead_months, 3);
    let at = |table: &[Decimal], month, stage| table[layout.index(month, 0, 0, stage).unwrap()];
    // 10 wins in table month 3; 10 / 0.25 = 40 SQLs one month earlier.
    assert_eq!(at(&table, 3, 2), d("10"));
    assert_eq!(at(&table, 2, 1), d("40"));
    // 40 / 0.5 = 80 MQLs, lag 1.5: half (40) one month before month 2, half two.
    assert_eq!(at(&table, 1, 0), d("40"));
    assert_eq!(at(&table, 0, 0), d("40"));
    // Forward: 40 MQLs in month 0 make 20 SQLs, 10 in month 1 and 10 in
    // month 2; the 40 in month 1 make 10 in month 2 and 10 in month 3.
    project_forward(&m, &layout, &mut table).unwrap();
    assert_eq!(at(&table, 1, 1), d("10"));
    assert_eq!(at(&table, 2, 1), d("20"));
    assert_eq!(at(&table, 3, 1), d("10"));
    // Wins one month later × 0.25: 2.5, 5, 2.5 — the 10 wins, smoothed
    // (a fractional lag moves each month's volume half a month either way).
    assert_eq!(at(&table, 2, 2), d("2.5"));
    assert_eq!(at(&table, 3, 2), d("5"));
    assert_eq!(at(&table, 4, 2), d("2.5"));
}

#[test]
fn integer_ceilings_are_taken_once_at_the_end() {
    // 1 win at SQL→win 0.3: 3.333… SQLs, written rounded up at the ninth
    // digit (3.333333334) → 4 whole SQLs.
    let steps = [step("0.3", "0")];
    let channels = [ChannelFunnel {
        share: Decimal::ONE,
        steps: &steps,
    }];
    let segments = one_path(&channels);
    let m = model(&TWO_STAGES, &segments);
    let mut table = [Decimal::ZERO; 2];
    reverse_funnel(&m, &[usd("100")], &mut table).unwrap();
    assert_eq!(table[0], d("3.333333334"));
    let mut whole = [0u64; 2];
    whole_units_table(&table, &mut whole).unwrap();
    assert_eq!(whole, [4, 1]);
    // Cells are never below the exact need, so there is no noise to
    // forgive: anything above a whole number is demand.
    assert_eq!(whole_units(d("35.000000900")).unwrap(), 36);
    assert_eq!(whole_units(d("35")).unwrap(), 35);
    assert_eq!(whole_units(d("-2")).unwrap(), 0);
}

#[test]
fn the_layout_is_month_major() {
    let steps = [step("0.5", "0")];
    let channels = [
        ChannelFunnel {
            share: d("0.5"),
            steps: &steps,
        },
        ChannelFunnel {
            share: d("0.5"),
            steps: &steps,
        },
    ];
    let segments = one_path(&channels);
    let layout = VolumeLayout::for_model(&model(&TWO_STAGES, &segments), 3).unwrap();
    // ((month × 1 + 0) × 2 + channel) × 2 + stage
    assert_eq!(layout.index(0, 0, 0, 0), Some(0));
    assert_eq!(layout.index(0, 0, 1, 1), Some(3));
    assert_eq!(layout.index(2, 0, 1, 0), Some(10));
    assert_eq!(layout.index(3, 0, 0, 0), None);
    assert_eq!(layout.len(), 12);
}

// ---------------------------------------------------------------------- goal

#[test]
fn billing_conventions_and_churn_change_the_divisor() {
    let basis = |billing, churn: &str| RevenueBasis {
        horizon_months: 12,
        billing,
        monthly_churn: d(churn),
        booking_months: &[],
    };
    let months = |b| compounded_months(&b, GoalMeaning::RecognizedRevenue).unwrap();
    assert_eq!(months(basis(Billing::FromBookingMonth, "0")), d("78"));
    // 0 + 1 + … + 11 = 66; ½ × 12 + 66 = 72.
    assert_eq!(months(basis(Billing::FromNextMonth, "0")), d("66"));
    assert_eq!(months(basis(Billing::HalfFirstMonth, "0")), d("72"));
    // 2-month horizon, churn 10 %: month 1 booking bills 1 + 0.9, month 2 bills 1 → 2.9.
    let short = RevenueBasis {
        horizon_months: 2,
        billing: Billing::FromBookingMonth,
        monthly_churn: d("0.1"),
        booking_months: &[],
    };
    assert_eq!(months(short), d("2.9"));
    // Exit ARR with churn 10 % over 2 months: 12 × (0.9 + 1) = 22.8.
    assert_eq!(
        compounded_months(&short, GoalMeaning::ExitArr).unwrap(),
        d("22.8")
    );
    // New MRR per month: the amount itself, once per booking month.
    let goal = RevenueGoal {
        meaning: GoalMeaning::NewMrrPerMonth,
        amount: usd("5000"),
        basis: short,
        rounding: RoundingMode::HalfEven,
    };
    assert_eq!(plan_new_mrr(&goal).unwrap().new_mrr_per_month, usd("2500"));
}

#[test]
fn goal_inputs_are_validated() {
    let basis = RevenueBasis {
        horizon_months: 12,
        billing: Billing::FromBookingMonth,
        monthly_churn: d("1"),
        booking_months: &[],
    };
    let e = compounded_months(&basis, GoalMeaning::RecognizedRevenue).unwrap_err();
    assert_eq!(e.to_string(), "monthly_churn: out of range");
    let basis = RevenueBasis {
        monthly_churn: Decimal::ZERO,
        booking_months: &[3, 3],
        ..basis
    };
    let e = compounded_months(&basis, GoalMeaning::RecognizedRevenue).unwrap_err();
    assert_eq!(e.path().to_string(), "booking_months[1]");
    let basis = RevenueBasis {
        booking_months: &[13],
        ..basis
    };
    let e = compounded_months(&basis, GoalMeaning::RecognizedRevenue).unwrap_err();
    assert_eq!(e.to_string(), "booking_months[0]: out of range");
}

// -------------------------------------------------------------------- bridge

#[test]
fn a_plan_projects_into_the_mrr_bridge() {
    // 1,000 new MRR a month for 3 months at 100 a deal, SQL → win 0.5, lag 1.
    let steps = [step("0.5", "1")];
    let channels = [ChannelFunnel {
        share: Decimal::ONE,
        steps: &steps,
    }];
    let segments = one_path(&channels);
    let m = model(&TWO_STAGES, &segments);
    let mut table = vec![Decimal::ZERO; 4 * 2];
    let layout = reverse_funnel(&m, &[usd("1000"); 3], &mut table).unwrap();
    // 10 wins a month need 20 SQLs a month, one month earlier.
    let sqls: Vec<Decimal> = (0..4)
        .map(|t| table[layout.index(t, 0, 0, 0).unwrap()])
        .collect();
    assert_eq!(sqls, [d("20"), d("20"), d("20"), d("0")]);
    project_forward(&m, &layout, &mut table).unwrap();
    let mut booked = [Bookings {
        new_logos: Decimal::ZERO,
        new_mrr: Money::zero(USD),
    }; 4];
    bookings_by_month(&m, &layout, &table, &mut booked).unwrap();
    assert_eq!(booked[0].new_mrr, usd("0"));
    assert_eq!(booked[1].new_logos, d("10"));
    assert_eq!(booked[3].new_mrr, usd("1000"));
    let input = BridgeInput {
        starting_mrr: usd("0"),
        starting_logos: Decimal::ZERO,
        expansion_rate: Decimal::ZERO,
        contraction_rate: Decimal::ZERO,
        revenue_churn_rate: d("0.1"),
        logo_churn_rate: d("0.1"),
        rounding: RoundingMode::HalfEven,
    };
    let mut out = [empty_month(); 4];
    mrr_bridge(&input, &booked, &mut out).unwrap();
    // 0 → 1,000 → 1,000 − 100 + 1,000 = 1,900 → 1,900 − 190 + 1,000 = 2,710.
    let ending: Vec<Money> = out.iter().map(|m| m.ending_mrr).collect();
    assert_eq!(ending, [usd("0"), usd("1000"), usd("1900"), usd("2710")]);
    assert_eq!(out[3].ending_logos, d("27.1"));
}

fn empty_month() -> BridgeMonth {
    BridgeMonth::zero(USD)
}

#[test]
fn the_bridge_by_hand() {
    let input = BridgeInput {
        starting_mrr: usd("10000"),
        starting_logos: d("100"),
        expansion_rate: d("0.02"),
        contraction_rate: d("0.01"),
        revenue_churn_rate: d("0.03"),
        logo_churn_rate: d("0.05"),
        rounding: RoundingMode::HalfEven,
    };
    let bookings = [
        Bookings {
            new_logos: d("10"),
            new_mrr: usd("1000"),
        },
        Bookings {
            new_logos: d("0"),
            new_mrr: usd("0"),
        },
    ];
    let mut out = [empty_month(); 2];
    mrr_bridge(&input, &bookings, &mut out).unwrap();
    // Month 1: 10,000 + 1,000 + 200 − 100 − 300 = 10,800; logos 100 + 10 − 5 = 105.
    assert_eq!(out[0].expansion_mrr, usd("200"));
    assert_eq!(out[0].contraction_mrr, usd("100"));
    assert_eq!(out[0].churned_mrr, usd("300"));
    assert_eq!(out[0].ending_mrr, usd("10800"));
    assert_eq!(out[0].ending_logos, d("105"));
    // Month 2: 10,800 + 0 + 216 − 108 − 324 = 10,584; logos 105 − 5.25 = 99.75.
    assert_eq!(out[1].opening_mrr, usd("10800"));
    assert_eq!(out[1].ending_mrr, usd("10584"));
    assert_eq!(out[1].churned_logos, d("5.25"));
    assert_eq!(out[1].ending_logos, d("99.75"));

    let bad = BridgeInput {
        contraction_rate: d("0.6"),
        revenue_churn_rate: d("0.5"),
        ..input
    };
    let e = mrr_bridge(&bad, &bookings, &mut out).unwrap_err();
    assert_eq!(
        e.to_string(),
        "revenue_churn_rate: contraction and revenue churn exceed the whole MRR"
    );
}

// ------------------------------------------------------------ unit economics

#[test]
fn unit_economics_by_hand() {
    // 120,000 spend / 20 customers = 6,000 CAC.
    assert_eq!(cac(usd("120000"), d("20")).unwrap(), usd("6000"));
    // Margin 400 a month growing 10 %: 400 + 440 = 840 after 2 months…
    // CAC 1,000: 400, 840, then 1,324 > 1,000 in month 3: 2 + 160/484.
    let payback = cac_payback_with_expansion(usd("1000"), usd("500"), d("0.8"), d("0.1")).unwrap();
    assert_eq!(payback, Payback::Months(d("2.330578512")));
    // Nothing to recover: paid back at once.
    assert_eq!(
        cac_payback_with_expansion(usd("0"), usd("0"), d("0.8"), d("0")).unwrap(),
        Payback::Months(Decimal::ZERO)
    );
    // Shrinking 50 % a month never pays back 1,000 from 400 (sum < 800).
    assert_eq!(
        cac_payback_with_expansion(usd("1000"), usd("500"), d("0.8"), d("-0.5")).unwrap(),
        Payback::NotWithinHorizon
    );
    // LTV = 500 × 0.8 / 0.02 = 20,000; with 1 % expansion 400 / 0.01 = 40,000.
    let ltv = |e: &str| lifetime_value(usd("500"), d("0.8"), d("0.02"), d(e), 60).unwrap();
    assert_eq!(ltv("0"), Ltv::Finite(usd("20000")));
    assert_eq!(ltv("0.01"), Ltv::Finite(usd("40000")));
    // Expansion = churn: 400 a month for 60 months = 24,000, flagged as capped.
    assert_eq!(
        ltv("0.02"),
        Ltv::HorizonCapped {
            value: usd("24000"),
            months: 60
        }
    );
    assert_eq!(
        ltv_to_cac(usd("20000"), usd("6000")).unwrap(),
        Ratio::Finite(d("3.333333333"))
    );
    assert_eq!(ltv_to_cac(usd("1"), usd("0")).unwrap(), Ratio::Unbounded);
    // Coverage at a 25 % win rate: 4×.
    assert_eq!(coverage(d("0.25")).unwrap(), d("4"));
    assert_eq!(
        mrr_ceiling(usd("1000"), d("0.02"), d("0.03")).unwrap(),
        MrrCeiling::Unbounded
    );
}

#[test]
fn retention_and_quick_ratio_by_hand() {
    let movement = MrrMovement {
        starting_mrr: usd("100000"),
        new_mrr: usd("15000"),
        expansion_mrr: usd("8000"),
        contraction_mrr: usd("2000"),
        churned_mrr: usd("3000"),
    };
    // NRR = (100,000 + 8,000 − 2,000 − 3,000) / 100,000 = 1.03; GRR = 0.95.
    assert_eq!(movement.net_revenue_retention().unwrap(), d("1.03"));
    assert_eq!(movement.gross_revenue_retention().unwrap(), d("0.95"));
    // Quick ratio = (15,000 + 8,000) / (2,000 + 3,000) = 4.6.
    assert_eq!(movement.quick_ratio().unwrap(), Ratio::Finite(d("4.6")));
    // Quarterly NRR 1.03 compounds to 1.03⁴ = 1.12550881 a year.
    assert_eq!(annualize_retention(d("1.03"), 3).unwrap(), d("1.12550881"));
    // Monthly GRR 0.99 → 0.99¹² = 0.886384871 (0.8863848717… half-even at 9 digits).
    assert_eq!(annualize_retention(d("0.99"), 1).unwrap(), d("0.886384872"));
    // Over 24 months, 1.21 → 1.21^(1/2) = 1.1 (libm, rounded to 9 digits).
    assert_eq!(annualize_retention(d("1.21"), 24).unwrap(), d("1.1"));
    let e = MrrMovement {
        churned_mrr: usd("-1"),
        ..movement
    }
    .net_revenue_retention()
    .unwrap_err();
    assert_eq!(e.to_string(), "churned_mrr: must not be negative");
}

// ---------------------------------------------------------------------- flow

#[test]
fn littles_law_and_the_release_rate() {
    // 120 leads a month staying 0.5 month: 60 in progress; over 4 reps 15 each.
    let wip = work_in_progress(d("120"), d("0.5")).unwrap();
    assert_eq!(wip, d("60"));
    assert_eq!(wip_per_rep(wip, d("4")).unwrap(), d("15"));
    // Cap of 25 per rep, 4 reps, 0.5 month in stage: release ≤ 200 a month.
    assert_eq!(
        release_rate_for_cap(d("25"), d("4"), d("0.5")).unwrap(),
        Ratio::Finite(d("200"))
    );
    assert_eq!(
        release_rate_for_cap(d("25"), d("4"), d("0")).unwrap(),
        Ratio::Unbounded
    );

    // WIP per stage from a plan: 40 SQLs a month staying 2 months = 80 SQLs in work.
    let steps = [step("0.25", "2")];
    let channels = [ChannelFunnel {
        share: Decimal::ONE,
        steps: &steps,
    }];
    let segments = one_path(&channels);
    let m = model(&TWO_STAGES, &segments);
    let mut table = vec![Decimal::ZERO; 3 * 2];
    let layout = reverse_funnel(&m, &[usd("1000")], &mut table).unwrap();
    let mut wip = [Decimal::ZERO; 2];
    wip_by_stage(&m, &layout, &table, 0, &mut wip).unwrap();
    assert_eq!(wip, [d("80"), d("0")]);
}

// ----------------------------------------------------------------------- SLA

const HOUR: i64 = 3_600;
const DAY: i64 = 24 * HOUR;

fn rules() -> [SlaRule; 2] {
    [
        // "not worked within 24 h → reassign"
        SlaRule {
            stage: Stage::Mql,
            from: Milestone::Assigned,
            until: Milestone::Worked,
            within_seconds: DAY,
            action: SlaAction::Reassign,
        },
        // "no qualifying call within 14 days → nurture queue"
        SlaRule {
            stage: Stage::Mql,
            from: Milestone::Assigned,
            until: Milestone::QualifyingCall,
            within_seconds: 14 * DAY,
            action: SlaAction::Nurture,
        },
    ]
}

fn lead(worked: Option<i64>, call: Option<i64>) -> LeadTimeline {
    LeadTimeline {
        stage: Stage::Mql,
        assigned_at: Some(1_000),
        worked_at: worked,
        qualifying_call_at: call,
        advanced_at: None,
    }
}

#[test]
fn lead_sla_reassigns_an_unworked_lead_after_24_hours() {
    let fresh = lead(None, None);
    // 23 h in: the 24 h deadline (1,000 + 86,400) is pending.
    assert_eq!(
        evaluate_lead_sla(&fresh, &rules(), 1_000 + 23 * HOUR).unwrap(),
        SlaOutcome::Pending {
            rule: 0,
            action: SlaAction::Reassign,
            due_at: 87_400
        }
    );
    // At exactly 24 h the reassignment is due.
    assert_eq!(
        evaluate_lead_sla(&fresh, &rules(), 87_400).unwrap(),
        SlaOutcome::Due {
            rule: 0,
            action: SlaAction::Reassign,
            due_at: 87_400
        }
    );
}

#[test]
fn lead_sla_nurtures_a_worked_lead_without_a_call_after_14_days() {
    let worked = lead(Some(5_000), None);
    let deadline = 1_000 + 14 * DAY;
    assert_eq!(
        evaluate_lead_sla(&worked, &rules(), 2 * DAY).unwrap(),
        SlaOutcome::Pending {
            rule: 1,
            action: SlaAction::Nurture,
            due_at: deadline
        }
    );
    assert_eq!(
        evaluate_lead_sla(&worked, &rules(), 20 * DAY).unwrap(),
        SlaOutcome::Due {
            rule: 1,
            action: SlaAction::Nurture,
            due_at: deadline
        }
    );
    // A lead never worked is due for both: the earlier deadline (24 h) wins.
    assert_eq!(
        evaluate_lead_sla(&lead(None, None), &rules(), 20 * DAY).unwrap(),
        SlaOutcome::Due {
            rule: 0,
            action: SlaAction::Reassign,
            due_at: 87_400
        }
    );
    // Qualified (call held) and worked: nothing runs; another stage: clear too.
    assert_eq!(
        evaluate_lead_sla(&lead(Some(5_000), Some(9_000)), &rules(), 20 * DAY).unwrap(),
        SlaOutcome::Clear
    );
    let sql = LeadTimeline {
        stage: Stage::Sql,
        ..lead(None, None)
    };
    assert_eq!(
        evaluate_lead_sla(&sql, &rules(), 20 * DAY).unwrap(),
        SlaOutcome::Clear
    );
}

#[test]
fn lead_sla_is_deterministic_and_validates_rules() {
    let a = format!(
        "{:?}",
        evaluate_lead_sla(&lead(None, None), &rules(), 3 * DAY)
    );
    let b = format!(
        "{:?}",
        evaluate_lead_sla(&lead(None, None), &rules(), 3 * DAY)
    );
    assert_eq!(a, b);
    let mut bad = rules();
    bad[1].within_seconds = 0;
    let e = evaluate_lead_sla(&lead(None, None), &bad, 0).unwrap_err();
    assert_eq!(
        e.to_string(),
        "rules[1].within_seconds: must be greater than zero"
    );
    let overflow = LeadTimeline {
        assigned_at: Some(i64::MAX),
        ..lead(None, None)
    };
    let e = evaluate_lead_sla(&overflow, &rules(), 0).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Overflow);
}
