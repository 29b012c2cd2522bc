//! The payout engine: published vectors and worked multi-month examples,
//! each with its figures computed by hand in the comments.
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
use salesphysics_core::payout::*;
use salesphysics_core::{Currency, Date, FxRate, Money, Period, RoundingMode};
use serde_json::Value;
use support::payout::*;

fn vector(id: &str) -> Value {
    support::vectors::case(include_str!("data/payout.json"), id)
}

fn months(n: usize) -> Vec<MonthInput> {
    vec![MonthInput::default(); n]
}

// --- published vectors -----------------------------------------------------

#[test]
fn vector_proration_by_days() {
    // Start on 1 June 2025: 30 + 31 + 31 + 30 + 31 + 30 + 31 = 214 of 365 days.
    // 800000 × 214 / 365 = 469041.0958… → 469041.10 (half-even, cents)
    //  75000 × 214 / 365 =  43972.6027… →  43972.60
    let v = vector("proration-by-days");
    let year = Period::year(2025).unwrap();
    let relief = QuotaRelief {
        employment: Period::new(
            Date::new(2025, 6, 1).unwrap(),
            Date::new(2025, 12, 31).unwrap(),
        )
        .unwrap(),
        leaves: heapless::Vec::new(),
        ramp: heapless::Vec::new(),
    };
    assert_eq!(
        u64::from(relief.active_days(year).unwrap()),
        v["active_days"].as_u64().unwrap()
    );
    assert_eq!(u64::from(year.days()), v["days_in_year"].as_u64().unwrap());
    for (input, expected) in [
        ("annual_quota", "prorated_quota"),
        ("annual_variable", "prorated_variable"),
    ] {
        let amount = Money::parse(s(&v[input]), Currency::USD).unwrap();
        let prorated = relief
            .prorate(amount, year, RoundingMode::HalfEven)
            .unwrap();
        assert_eq!(prorated.amount(), d(s(&v["expected"][expected])), "{input}");
    }
}

#[test]
fn vector_negative_balance_carry_forward() {
    // Opening balance −10; a 200 MRR deal at 10 % earns 20.
    // net = 20 − 10 = 10 ≥ 0: paid 10, nothing carried.
    let v = vector("negative-balance-carry-forward");
    let plan = flat_plan();
    let policy = PayoutPolicy::plain();
    let mut start = PayoutState::new(REP, Currency::USD);
    start.balance = Money::parse(s(&v["opening_balance"]), Currency::USD).unwrap();
    let runs = run_months(
        &Setup {
            plan: &plan,
            policy: &policy,
            relief: None,
            fx: &[],
        },
        start,
        &[MonthInput {
            deals: vec![deal(1, date(1, 15), "200")],
            events: vec![],
        }],
    );
    let run = &runs[0];
    assert_eq!(
        run.sum(PayoutLineKind::Earnings),
        d(s(&v["earned_this_period"]))
    );
    assert_eq!(run.sum(PayoutLineKind::CarryIn), d("-10"));
    assert_eq!(run.net(), d(s(&v["expected"]["paid"])));
    assert_eq!(
        run.state.balance.amount(),
        d(s(&v["expected"]["closing_balance"]))
    );
}

#[test]
fn negative_net_pays_zero_and_carries_or_pays_negative_if_the_plan_says_so() {
    // Opening −10, earned 5 → net −5: carried (pay 0, balance −5), or paid −5.
    let plan = flat_plan();
    let mut start = PayoutState::new(REP, Currency::USD);
    start.balance = usd("-10");
    let input = [MonthInput {
        deals: vec![deal(1, date(1, 15), "50")],
        events: vec![],
    }];
    let carry = PayoutPolicy::plain();
    let runs = run_months(
        &Setup {
            plan: &plan,
            policy: &carry,
            relief: None,
            fx: &[],
        },
        start.clone(),
        &input,
    );
    assert_eq!(runs[0].net(), d("0"));
    assert_eq!(runs[0].sum(PayoutLineKind::CarryOut), d("5"));
    assert_eq!(runs[0].state.balance, usd("-5"));
    let pay = PayoutPolicy {
        negative_net: NegativeNet::PayNegative,
        ..PayoutPolicy::plain()
    };
    let runs = run_months(
        &Setup {
            plan: &plan,
            policy: &pay,
            relief: None,
            fx: &[],
        },
        start,
        &input,
    );
    assert_eq!(runs[0].net(), d("-5"));
    assert_eq!(runs[0].state.balance, usd("0"));
}

// --- worked multi-month examples --------------------------------------------

/// Monthly quota 10 000 MRR; 10 % up to 100 % attainment, 20 % above
/// (tiers on attainment, period to date).
fn two_rate_plan() -> Plan {
    let mut plan = plan_with(
        "10000",
        QuotaPeriod::Month,
        table(
            RateMethod::Graduated,
            &[("0", Some("1"), "0.10"), ("1", None, "0.20")],
        ),
    );
    plan.components[0].tier_axis = TierAxis::Attainment;
    plan
}

#[test]
fn ramping_account_executive_with_a_recoverable_draw() {
    // Hired 1 January; ramp 25 %, 50 %, 75 % of the 10 000 quota, then 100 %.
    // Recoverable draw of 3 000 a month, January–March, recovered at 50 % of
    // pay above the minimum from April.
    //
    //        quota  deal    earnings                         draw   recovery  net   outstanding
    // Jan    2 500  2 000   2 000 × 10 %            =   200  2 800     –      3 000   2 800
    // Feb    5 000  6 000   5 000×10% + 1 000×20%   =   700  2 300     –      3 000   5 100
    // Mar    7 500  9 000   7 500×10% + 1 500×20%   = 1 050  1 950     –      3 000   7 050
    // Apr   10 000 20 000  10 000×10% +10 000×20%   = 3 000    –   3 000×50% = 1 500  1 500   5 550
    // May   10 000 30 000  1 000 + 20 000×20%       = 5 000    –   5 000×50% = 2 500  2 500   3 050
    // Jun   10 000 10 000  10 000 × 10 %            = 1 000    –   1 000×50% =   500    500   2 550
    //
    // Year to June: earned 10 950 + draws 7 050 − recovered 4 500 = paid 13 500.
    let plan = two_rate_plan();
    let relief = QuotaRelief {
        employment: Period::new(date(1, 1), date(12, 31)).unwrap(),
        leaves: heapless::Vec::new(),
        ramp: ["0.25", "0.5", "0.75"].iter().map(|s| d(s)).collect(),
    };
    let policy = PayoutPolicy {
        draw: Some(DrawPolicy {
            id: 900,
            kind: DrawKind::Recoverable,
            amount: d("3000"),
            in_force: Period::new(date(1, 1), date(3, 31)).unwrap(),
            recovery_share: d("0.5"),
            recover_from: date(4, 1),
        }),
        ..PayoutPolicy::plain()
    };
    let inputs: Vec<MonthInput> = [
        (1, "2000"),
        (2, "6000"),
        (3, "9000"),
        (4, "20000"),
        (5, "30000"),
        (6, "10000"),
    ]
    .iter()
    .map(|&(m, mrr)| MonthInput {
        deals: vec![deal(m, date(m as u32, 10), mrr)],
        events: vec![],
    })
    .collect();
    let runs = run_months(
        &Setup {
            plan: &plan,
            policy: &policy,
            relief: Some(&relief),
            fx: &[],
        },
        PayoutState::new(REP, Currency::USD),
        &inputs,
    );
    let earned: Vec<_> = runs
        .iter()
        .map(|r| r.sum(PayoutLineKind::Earnings))
        .collect();
    assert_eq!(earned, ds(&["200", "700", "1050", "3000", "5000", "1000"]));
    let draws: Vec<_> = runs.iter().map(|r| r.sum(PayoutLineKind::Draw)).collect();
    assert_eq!(draws, ds(&["2800", "2300", "1950", "0", "0", "0"]));
    let recovered: Vec<_> = runs
        .iter()
        .map(|r| r.sum(PayoutLineKind::DrawRecovery))
        .collect();
    assert_eq!(recovered, ds(&["0", "0", "0", "-1500", "-2500", "-500"]));
    assert_eq!(
        nets(&runs),
        ds(&["3000", "3000", "3000", "1500", "2500", "500"])
    );
    let last = &runs[5].state;
    assert_eq!(last.draw_outstanding, usd("2550"));
    assert_eq!(last.totals.earned, usd("10950"));
    assert_eq!(last.totals.draws, usd("7050"));
    assert_eq!(last.totals.recovered, usd("4500"));
    assert_eq!(last.totals.paid, usd("13500"));
    // No true-up: each month's quota is independent.
    assert!(runs
        .iter()
        .all(|r| r.of_kind(PayoutLineKind::TrueUp).is_empty()));
}

#[test]
fn deal_clawed_back_in_month_four_prorated_over_two_instalments() {
    // Deal 1: 5 000 MRR on 15 January, 12-month term, 10 % → 500 paid in January.
    // Churn on 20 April: served 15 Jan → 15 Apr = 3 months, unserved 9.
    // Clawback = 500 × 9/12 = 375, over 2 instalments: 187.50 in April and May.
    // April: deal 2 (1 000 MRR) earns 100; 100 − 187.50 = −87.50 → pay 0,
    //        carry −87.50.
    // May:   deal 3 (4 000 MRR) earns 400; 400 − 187.50 − 87.50 = 125.
    let plan = flat_plan();
    let policy = PayoutPolicy {
        clawbacks: [ClawbackRule {
            id: 500,
            kinds: KindSet::of(&[TransactionKind::New]),
            window_days: 180,
            method: ClawbackMethod::ProratedUnserved,
            instalments: 2,
        }]
        .into_iter()
        .collect(),
        ..PayoutPolicy::plain()
    };
    let mut inputs = months(5);
    inputs[0].deals.push(deal(1, date(1, 15), "5000"));
    inputs[3].deals.push(deal(2, date(4, 5), "1000"));
    inputs[3]
        .events
        .push(event(1, EventKind::Churn, date(4, 20), "1"));
    inputs[4].deals.push(deal(3, date(5, 7), "4000"));
    let runs = run_months(
        &Setup {
            plan: &plan,
            policy: &policy,
            relief: None,
            fx: &[],
        },
        PayoutState::new(REP, Currency::USD),
        &inputs,
    );
    assert_eq!(nets(&runs), ds(&["500", "0", "0", "0", "125"]));
    let april = &runs[3];
    let clawback = april.of_kind(PayoutLineKind::Clawback);
    assert_eq!(clawback.len(), 1);
    assert_eq!(clawback[0].rule_id, 500);
    assert_eq!(clawback[0].transaction_id, Some(1));
    assert_eq!(clawback[0].amount, usd("-187.50"));
    assert_eq!(clawback[0].basis, d("375"));
    assert_eq!(april.state.balance, usd("-87.50"));
    assert_eq!(april.state.deals[0].clawed, usd("375"));
    let may = &runs[4];
    assert_eq!(may.sum(PayoutLineKind::Clawback), d("-187.50"));
    assert_eq!(may.sum(PayoutLineKind::CarryIn), d("-87.50"));
    assert_eq!(may.state.balance, usd("0"));
    assert!(may.state.recoveries.is_empty());
    let totals = may.state.totals;
    assert_eq!(totals.clawed_back, usd("375"));
    assert_eq!(totals.paid, usd("625")); // 500 + 100 + 400 − 375
}

#[test]
fn churn_outside_the_window_claws_nothing_back() {
    // Booked 15 January, window 90 days (to 15 April); churn on 20 April.
    let plan = flat_plan();
    let policy = PayoutPolicy {
        clawbacks: [ClawbackRule {
            id: 500,
            kinds: KindSet::of(&[TransactionKind::New]),
            window_days: 90,
            method: ClawbackMethod::Full,
            instalments: 1,
        }]
        .into_iter()
        .collect(),
        ..PayoutPolicy::plain()
    };
    let mut inputs = months(4);
    inputs[0].deals.push(deal(1, date(1, 15), "5000"));
    inputs[3]
        .events
        .push(event(1, EventKind::Churn, date(4, 20), "1"));
    let runs = run_months(
        &Setup {
            plan: &plan,
            policy: &policy,
            relief: None,
            fx: &[],
        },
        PayoutState::new(REP, Currency::USD),
        &inputs,
    );
    assert_eq!(nets(&runs), ds(&["500", "0", "0", "0"]));
    // 15 Jan + 90 days = 15 April: the record left the state at April's end.
    assert!(runs[3].state.deals.is_empty());
}

fn holdback_policy() -> PayoutPolicy {
    PayoutPolicy {
        holdbacks: [HoldbackRule {
            id: 300,
            kinds: KindSet::of(&[TransactionKind::New]),
            share: d("0.5"),
            condition: ReleaseCondition::CustomerLive,
            steps: [
                ReleaseStep {
                    at_level: d("0.5"),
                    cumulative_share: d("0.5"),
                },
                ReleaseStep {
                    at_level: d("1"),
                    cumulative_share: d("1"),
                },
            ]
            .into_iter()
            .collect(),
        }]
        .into_iter()
        .collect(),
        clawbacks: [ClawbackRule {
            id: 500,
            kinds: KindSet::of(&[TransactionKind::New]),
            window_days: 90,
            method: ClawbackMethod::Full,
            instalments: 1,
        }]
        .into_iter()
        .collect(),
        ..PayoutPolicy::plain()
    }
}

#[test]
fn holdback_released_at_go_live_by_fulfilment_and_cancelled_on_churn() {
    // Half of each new deal's commission is held until the customer is live:
    // 50 % of the hold at 50 % fulfilment, all of it at 100 %.
    //
    // Jan: deal 1, 3 000 MRR → 300, hold 150; deal 2, 1 000 MRR → 100, hold 50.
    //      net = 400 − 200 = 200 (deal 1 paid 150, deal 2 paid 50).
    // Feb: deal 1 live at 50 % → release 150 × 50 % = 75.
    //      deal 2 churns (10 Feb, inside 90 days): its 50 still held is
    //      cancelled (never paid, no pay effect); the 50 paid is clawed back.
    //      net = 75 − 50 = 25.
    // Mar: deal 1 live at 100 % → release the remaining 75. net = 75.
    // Totals: earned 400 − held 200 + released 150 − clawed 50 = paid 300;
    //         held 200 = released 150 + cancelled 50: nothing left held.
    let plan = flat_plan();
    let policy = holdback_policy();
    let mut inputs = months(3);
    inputs[0].deals = vec![deal(1, date(1, 20), "3000"), deal(2, date(1, 25), "1000")];
    inputs[1].events = vec![
        event(1, EventKind::CustomerLive, date(2, 3), "0.5"),
        event(2, EventKind::Churn, date(2, 10), "1"),
    ];
    inputs[2].events = vec![event(1, EventKind::CustomerLive, date(3, 2), "1")];
    let runs = run_months(
        &Setup {
            plan: &plan,
            policy: &policy,
            relief: None,
            fx: &[],
        },
        PayoutState::new(REP, Currency::USD),
        &inputs,
    );
    assert_eq!(nets(&runs), ds(&["200", "25", "75"]));
    let holds = runs[0].of_kind(PayoutLineKind::Hold);
    assert_eq!(holds.len(), 2);
    assert_eq!((holds[0].amount, holds[0].basis), (usd("-150"), d("300")));
    assert_eq!((holds[1].amount, holds[1].basis), (usd("-50"), d("100")));
    // Each deal's hold follows its earnings line.
    assert_eq!(runs[0].lines[1].kind, PayoutLineKind::Hold);
    let feb = &runs[1];
    assert_eq!(feb.sum(PayoutLineKind::Release), d("75"));
    let cancelled = feb.of_kind(PayoutLineKind::HoldCancelled);
    assert_eq!(cancelled.len(), 1);
    assert_eq!(
        (cancelled[0].amount, cancelled[0].basis),
        (usd("0"), d("50"))
    );
    assert_eq!(feb.sum(PayoutLineKind::Clawback), d("-50"));
    let end = &runs[2].state;
    assert!(end.holds.is_empty());
    assert_eq!(end.totals.earned, usd("400"));
    assert_eq!(end.totals.held, usd("200"));
    assert_eq!(end.totals.released, usd("150"));
    assert_eq!(end.totals.cancelled, usd("50"));
    assert_eq!(end.totals.clawed_back, usd("50"));
    assert_eq!(end.totals.paid, usd("300"));
    // Deal 1 counts 150 + 75 + 75 = 300 paid: a later churn could claw back 300.
    assert_eq!(end.deals[0].paid, usd("300"));
}

#[test]
fn hold_released_by_date() {
    // 50 % held until 60 days after booking: booked 20 Jan → due 21 March.
    let plan = flat_plan();
    let mut policy = holdback_policy();
    policy.holdbacks[0].condition = ReleaseCondition::DaysAfterBooking(60);
    let mut inputs = months(3);
    inputs[0].deals = vec![deal(1, date(1, 20), "3000")];
    let runs = run_months(
        &Setup {
            plan: &plan,
            policy: &policy,
            relief: None,
            fx: &[],
        },
        PayoutState::new(REP, Currency::USD),
        &inputs,
    );
    assert_eq!(nets(&runs), ds(&["150", "0", "150"]));
}

#[test]
fn retroactive_accelerator_trued_up_in_the_last_month_of_the_quarter() {
    // Quarterly quota 30 000 MRR, retroactive table: 10 % below quota, 15 %
    // on everything once the quarter reaches it. Gate: nothing is earned
    // until the quarter reaches 50 % of quota (read to date).
    //
    // Jan: 10 000 → 33 % < 50 %: the line is gated, earns 0.       net     0
    // Feb: 10 000 → 20 000 = 66 %: the gate opens. Feb's line earns
    //      1 000; recomputing January now gives 1 000 too, so the
    //      true-up pays it.                                        net 2 000
    // Mar: 15 000 → 35 000 ≥ 30 000: March's credit earns
    //      15 000 × 15 % = 2 250 and the retroactive adjustment
    //      re-rates the quarter's earlier 20 000 at +5 % = 1 000.  net 3 250
    // Quarter: 5 250 = 35 000 × 15 %, the annual computation.
    let mut plan = plan_with(
        "30000",
        QuotaPeriod::Quarter,
        table(
            RateMethod::Retroactive,
            &[("0", Some("30000"), "0.10"), ("30000", None, "0.15")],
        ),
    );
    plan.components[0].gate = Some(Gate {
        component_id: 70,
        min_attainment: d("0.5"),
    });
    let policy = PayoutPolicy::plain();
    let mut inputs = months(3);
    inputs[0].deals = vec![deal(1, date(1, 12), "10000")];
    inputs[1].deals = vec![deal(2, date(2, 12), "10000")];
    inputs[2].deals = vec![deal(3, date(3, 12), "15000")];
    let runs = run_months(
        &Setup {
            plan: &plan,
            policy: &policy,
            relief: None,
            fx: &[],
        },
        PayoutState::new(REP, Currency::USD),
        &inputs,
    );
    assert_eq!(nets(&runs), ds(&["0", "2000", "3250"]));
    let jan = runs[0].of_kind(PayoutLineKind::Earnings);
    assert_eq!(runs[0].explain(&jan[0]).status, LineStatus::Gated);
    let feb_true_up = runs[1].of_kind(PayoutLineKind::TrueUp);
    assert_eq!(feb_true_up.len(), 1);
    // Attributed to January's re-rated line: its component rule and deal.
    assert_eq!(
        (
            feb_true_up[0].amount,
            feb_true_up[0].rule_id,
            feb_true_up[0].transaction_id
        ),
        (usd("1000"), 70, Some(1))
    );
    let mar = runs[2].of_kind(PayoutLineKind::Earnings);
    let kinds: Vec<_> = mar.iter().map(|l| runs[2].explain(l).kind).collect();
    assert_eq!(kinds, [LineKind::Commission, LineKind::RetroAdjustment]);
    assert_eq!((mar[0].amount, mar[1].amount), (usd("2250"), usd("1000")));
    // The months add up to the annual computation.
    let credits = credit_all(&[
        deal(1, date(1, 12), "10000"),
        deal(2, date(2, 12), "10000"),
        deal(3, date(3, 12), "15000"),
    ]);
    let mut scratch = vec![blank_earnings(); 64];
    let annual = compute_earnings(&plan, REP, &credits, &[], date(12, 31), &mut scratch).unwrap();
    assert_eq!(annual.total, usd("5250"));
    assert_eq!(runs[2].state.totals.paid, annual.total);
    assert_eq!(runs[2].state.earned_to_date, annual.total);
}

#[test]
fn late_credit_into_a_closed_month_is_trued_up() {
    // Jan: deal 1, 1 000 MRR → 100. Feb: nothing. March: a deal dated
    // 20 January (3 000 MRR) arrives late. January's quota period is closed,
    // but its credits changed, so it is re-rated: 100 + 300 = 400 for
    // January, 300 more than recognized → true-up 300 in March.
    let plan = flat_plan();
    let policy = PayoutPolicy::plain();
    let mut inputs = months(3);
    inputs[0].deals = vec![deal(1, date(1, 10), "1000")];
    inputs[2].deals = vec![deal(2, date(1, 20), "3000")];
    let runs = run_months(
        &Setup {
            plan: &plan,
            policy: &policy,
            relief: None,
            fx: &[],
        },
        PayoutState::new(REP, Currency::USD),
        &inputs,
    );
    assert_eq!(nets(&runs), ds(&["100", "0", "300"]));
    let true_up = runs[2].of_kind(PayoutLineKind::TrueUp);
    assert_eq!(
        (true_up[0].amount, true_up[0].date),
        (usd("300"), date(3, 31))
    );
    // February reused January's earnings; March re-rated January only.
    assert_eq!(runs[1].statement.line_count, 0);
    assert_eq!(runs[2].state.closed.len(), 3);
    assert_eq!(runs[2].state.closed[0].earned, usd("400"));
}

#[test]
fn foreign_currency_credit_converted_at_the_stated_date_with_the_rate_on_the_line() {
    // 1 000 EUR MRR on 10 January; EUR→USD 1.10 from 1 Jan, 1.20 from 1 Feb.
    // January (rates of 31 Jan): 1 100 USD × 10 % = 110, line records 1.10.
    // February (rates of 28 Feb): January re-converts at 1.20 → 120: the
    // true-up pays the difference, 10.
    let plan = flat_plan();
    let policy = PayoutPolicy::plain();
    let fx = [
        DatedFxRate {
            rate: FxRate::new(Currency::EUR, Currency::USD, d("1.10")).unwrap(),
            as_of: date(1, 1),
        },
        DatedFxRate {
            rate: FxRate::new(Currency::EUR, Currency::USD, d("1.20")).unwrap(),
            as_of: date(2, 1),
        },
    ];
    let mut inputs = months(2);
    inputs[0].deals = vec![deal_in(1, date(1, 10), "1000", Currency::EUR)];
    let runs = run_months(
        &Setup {
            plan: &plan,
            policy: &policy,
            relief: None,
            fx: &fx,
        },
        PayoutState::new(REP, Currency::USD),
        &inputs,
    );
    assert_eq!(nets(&runs), ds(&["110", "10"]));
    let line = runs[0].of_kind(PayoutLineKind::Earnings)[0];
    let applied = fx[usize::from(line.fx.unwrap())];
    assert_eq!(
        (applied.rate.rate(), applied.as_of),
        (d("1.10"), date(1, 1))
    );
    assert_eq!(runs[1].sum(PayoutLineKind::TrueUp), d("10"));
}

#[test]
fn leave_prorates_the_draw_and_the_quota() {
    // Leave 1–14 June: 16 of June's 30 days active.
    // Draw minimum 3 000 × 16/30 = 1 600. Quota 10 000 × 16/30 = 5 333.333333333,
    // so a 6 000 deal earns 5 333.333333333 × 10 % + 666.666666667 × 20 %
    // = 533.333… + 133.333… → 533.33 + 133.33 = 666.66 (each line rounded
    // to cents, half-even).
    let plan = two_rate_plan();
    let relief = QuotaRelief {
        employment: Period::new(date(1, 1), date(12, 31)).unwrap(),
        leaves: [Period::new(date(6, 1), date(6, 14)).unwrap()]
            .into_iter()
            .collect(),
        ramp: heapless::Vec::new(),
    };
    assert_eq!(relief.active_days(month(6)).unwrap(), 16);
    let policy = PayoutPolicy {
        draw: Some(DrawPolicy {
            id: 900,
            kind: DrawKind::NonRecoverable,
            amount: d("3000"),
            in_force: Period::year(YEAR).unwrap(),
            recovery_share: d("0"),
            recover_from: date(12, 31),
        }),
        ..PayoutPolicy::plain()
    };
    let mut inputs = months(6);
    inputs[5].deals = vec![deal(1, date(6, 20), "6000")];
    let runs = run_months(
        &Setup {
            plan: &plan,
            policy: &policy,
            relief: Some(&relief),
            fx: &[],
        },
        PayoutState::new(REP, Currency::USD),
        &inputs,
    );
    let june = &runs[5];
    assert_eq!(june.sum(PayoutLineKind::Earnings), d("666.66"));
    assert_eq!(june.sum(PayoutLineKind::Draw), d("933.34")); // 1 600 − 666.66
    assert_eq!(june.net(), d("1600"));
    // A non-recoverable draw leaves nothing outstanding.
    assert_eq!(june.state.draw_outstanding, usd("0"));
}

// --- errors, determinism ---------------------------------------------------

fn one_statement(
    state: &PayoutState,
    period: Period,
    events: &[PayoutEvent],
    out_len: usize,
) -> Result<(Statement, PayoutState), salesphysics_core::Error> {
    let plan = flat_plan();
    let policy = holdback_policy();
    let credits = credit_all(&[deal(1, date(1, 20), "3000")]);
    let request = StatementRequest {
        participant_id: REP,
        period,
        plan: &plan,
        policy: &policy,
        relief: None,
        credits: &credits,
        events,
        fx: &[],
        fx_date: period.last(),
        state,
    };
    let mut scratch = vec![blank_earnings(); 16];
    let mut out = vec![blank_line(); out_len];
    let mut next = PayoutState::new(REP, Currency::USD);
    statement(&request, &mut scratch, &mut out, &mut next).map(|s| (s, next))
}

#[test]
fn errors_name_the_field_and_the_reason() {
    let state = PayoutState::new(REP, Currency::USD);
    let late = [event(1, EventKind::CustomerLive, date(2, 1), "1")];
    let e = one_statement(&state, month(1), &late, 16).unwrap_err();
    assert_eq!(
        e.to_string(),
        "events[0].date: event outside the statement period"
    );
    let e = one_statement(&state, month(1), &[], 1).unwrap_err();
    assert_eq!(
        e.to_string(),
        "out: output buffer too small (2 items needed)"
    );
    let mut after_january = state.clone();
    after_january.through = Some(date(1, 31));
    let e = one_statement(&after_january, month(3), &[], 16).unwrap_err();
    assert_eq!(
        e.to_string(),
        "period: a statement starts the day after the previous one ends"
    );
    let mut owed = state.clone();
    owed.balance = usd("5");
    let e = one_statement(&owed, month(1), &[], 16).unwrap_err();
    assert_eq!(
        e.to_string(),
        "state.balance: a carried balance is zero or negative"
    );
}

#[test]
fn relief_the_plan_cannot_rate_by_period_is_refused_with_the_field() {
    // A ramp by month of tenure on a quarterly quota has no exact meaning.
    let plan = plan_with("30000", QuotaPeriod::Quarter, RateTable::flat(d("0.1")));
    let relief = QuotaRelief {
        employment: Period::new(date(1, 1), date(12, 31)).unwrap(),
        leaves: heapless::Vec::new(),
        ramp: [d("0.5")].into_iter().collect(),
    };
    let policy = PayoutPolicy::plain();
    let credits = credit_all(&[deal(1, date(1, 20), "3000")]);
    let state = PayoutState::new(REP, Currency::USD);
    let request = StatementRequest {
        participant_id: REP,
        period: month(1),
        plan: &plan,
        policy: &policy,
        relief: Some(&relief),
        credits: &credits,
        events: &[],
        fx: &[],
        fx_date: date(1, 31),
        state: &state,
    };
    let mut next = PayoutState::new(REP, Currency::USD);
    let e = statement(
        &request,
        &mut [blank_earnings(); 8],
        &mut [blank_line(); 8],
        &mut next,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "relief: a ramp by month of tenure needs monthly quotas"
    );
}

#[test]
fn same_inputs_give_byte_identical_statements() {
    let state = PayoutState::new(REP, Currency::USD);
    let first = one_statement(&state, month(1), &[], 16).unwrap();
    let second = one_statement(&state, month(1), &[], 16).unwrap();
    assert_eq!(format!("{first:?}"), format!("{second:?}"));
    let plan = flat_plan();
    let policy = holdback_policy();
    let mut inputs = months(3);
    inputs[0].deals = vec![deal(1, date(1, 20), "3000"), deal(2, date(1, 25), "1000")];
    inputs[1].events = vec![event(2, EventKind::Churn, date(2, 10), "1")];
    let setup = Setup {
        plan: &plan,
        policy: &policy,
        relief: None,
        fx: &[],
    };
    let a = run_months(&setup, PayoutState::new(REP, Currency::USD), &inputs);
    let b = run_months(&setup, PayoutState::new(REP, Currency::USD), &inputs);
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
}

// --- validate once ---------------------------------------------------------

#[test]
fn a_policy_validated_once_computes_the_same_statements() {
    // A server validates the plan and policy once and computes statement
    // after statement against them: the figures are statement()'s.
    let plan = flat_plan();
    let policy = holdback_policy();
    let validated = ValidatedPolicy::new(&plan, &policy).unwrap();
    let credits = credit_all(&[deal(1, date(1, 20), "3000")]);
    let state = PayoutState::new(REP, Currency::USD);
    let (expected, expected_state) = one_statement(&state, month(1), &[], 16).unwrap();
    let request = StatementRequest::new(
        month(1),
        validated.plan(),
        validated.policy(),
        &credits,
        &state,
    );
    for _ in 0..3 {
        let mut scratch = vec![blank_earnings(); 16];
        let mut out = vec![blank_line(); 16];
        let mut next = PayoutState::new(REP, Currency::USD);
        let figures = validated
            .statement(&request, &mut scratch, &mut out, &mut next)
            .unwrap();
        // 3,000 × 10 % = 300.00 earned, half held until go-live: 150.00.
        assert_eq!(figures.net, usd("150.00"));
        assert_eq!(figures, expected);
        assert_eq!(next, expected_state);
    }
}

#[test]
fn a_validated_policy_refuses_a_plan_or_policy_it_did_not_check() {
    let plan = flat_plan();
    let policy = holdback_policy();
    let validated = ValidatedPolicy::new(&plan, &policy).unwrap();
    let other_plan = flat_plan();
    let other_policy = holdback_policy();
    let credits = credit_all(&[deal(1, date(1, 20), "3000")]);
    let state = PayoutState::new(REP, Currency::USD);
    let mut next = PayoutState::new(REP, Currency::USD);
    let mut run = |plan, policy| {
        let request = StatementRequest::new(month(1), plan, policy, &credits, &state);
        validated
            .statement(
                &request,
                &mut [blank_earnings(); 16],
                &mut [blank_line(); 16],
                &mut next,
            )
            .unwrap_err()
            .to_string()
    };
    // Equal in value but never validated: the check is on identity.
    assert_eq!(
        run(&other_plan, &policy),
        "plan: not the plan and policy that were validated"
    );
    assert_eq!(
        run(&plan, &other_policy),
        "policy: not the plan and policy that were validated"
    );
    // And validation names the field under `plan` or `policy`.
    let mut bad = holdback_policy();
    bad.holdbacks[0].share = d("1.5");
    let e = ValidatedPolicy::new(&plan, &bad).unwrap_err();
    assert!(
        e.to_string().starts_with("policy.holdbacks[0].share"),
        "{e}"
    );
}
