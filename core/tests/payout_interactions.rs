//! Where payout rules meet (issue 11): reused transaction ids × FX × holds,
//! stepped releases × contractions, draws × negative months, true-ups ×
//! holds × clawbacks, and error paths that name the caller's field. Each
//! test failed on the engine before its fix; the figures are worked by hand
//! in the comments.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod support;

use salesphysics_core::compensation::*;
use salesphysics_core::payout::*;
use salesphysics_core::{Currency, Decimal, FxRate, Money};
use support::payout::*;

fn setup<'a>(plan: &'a Plan, policy: &'a PayoutPolicy, fx: &'a [DatedFxRate]) -> Setup<'a> {
    Setup {
        plan,
        policy,
        relief: None,
        fx,
    }
}

fn months(n: usize) -> Vec<MonthInput> {
    vec![MonthInput::default(); n]
}

fn start() -> PayoutState {
    PayoutState::new(REP, Currency::USD)
}

/// A flat 10 % on new and expansion MRR, monthly quota 10 000.
fn new_and_expansion_plan() -> Plan {
    let mut plan = flat_plan();
    plan.components[0].measure = Measure::of(
        KindSet::of(&[TransactionKind::New, TransactionKind::Expansion]),
        MeasureUnit::Mrr,
    );
    plan
}

fn hold_new(share: &str, condition: ReleaseCondition, steps: &[(&str, &str)]) -> HoldbackRule {
    HoldbackRule {
        id: 300,
        kinds: KindSet::of(&[TransactionKind::New]),
        share: d(share),
        condition,
        steps: steps
            .iter()
            .map(|(level, share)| ReleaseStep {
                at_level: d(level),
                cumulative_share: d(share),
            })
            .collect(),
    }
}

fn expansion(id: u64, on: salesphysics_core::Date, mrr: &str, currency: Currency) -> Transaction {
    let mut t = deal_in(id, on, mrr, currency);
    t.source.kind = TransactionKind::Expansion;
    t.source.new_logo = false;
    t
}

// --- item 1: a reused transaction id ---------------------------------------

#[test]
fn a_reused_transaction_id_is_rated_held_and_converted_as_its_own_booking() {
    // Deal 7: New, 3 000 USD on 10 Jan; Expansion, 1 000 EUR on 10 Mar.
    // EUR→USD 1.10. New deals are held 100 % until live.
    // Jan: 3 000 × 10 % = 300, held 300: net 0.
    // Mar: 1 000 EUR = 1 100 USD × 10 % = 110, converted at the 1.10 rate
    //      (fx index 0 on the line); an expansion is not held: net 110.
    // (Before: the March line matched January's New USD credit — no FX,
    //  and 110 held dated 10 Jan, net 0.)
    let plan = new_and_expansion_plan();
    let policy = PayoutPolicy {
        holdbacks: [hold_new("1", ReleaseCondition::CustomerLive, &[])]
            .into_iter()
            .collect(),
        ..PayoutPolicy::plain()
    };
    let fx = [DatedFxRate {
        rate: FxRate::new(Currency::EUR, Currency::USD, d("1.10")).unwrap(),
        as_of: date(1, 1),
    }];
    let mut inputs = months(3);
    inputs[0].deals = vec![deal(7, date(1, 10), "3000")];
    inputs[2].deals = vec![expansion(7, date(3, 10), "1000", Currency::EUR)];
    let runs = run_months(&setup(&plan, &policy, &fx), start(), &inputs);
    assert_eq!(nets(&runs), ds(&["0", "0", "110"]));
    let march = &runs[2];
    let line = march.of_kind(PayoutLineKind::Earnings)[0];
    assert_eq!(line.fx, Some(0));
    assert_eq!(line.amount, usd("110"));
    assert!(march.of_kind(PayoutLineKind::Hold).is_empty());
    // January's hold is untouched and still dated on its booking.
    assert_eq!(march.state.holds.len(), 1);
    assert_eq!(march.state.holds[0].booked, date(1, 10));
    assert_eq!(march.state.holds[0].held, usd("300"));
}

#[test]
fn a_reused_id_held_twice_keeps_two_holds_each_released_on_its_own_date() {
    // Both bookings of deal 7 are New and held 50 % for 30 days.
    // 10 Jan: 1 000 → 100, hold 50 (due 9 Feb). 20 Feb: 2 000 → 200, hold
    // 100 (due 22 Mar). Feb: 100 (Feb earnings) − 100 held + 50 released = 50.
    // Mar: 100 released. (Before: the second hold merged into January's and
    // was released in February, 30 days after January's booking.)
    let plan = flat_plan();
    let policy = PayoutPolicy {
        holdbacks: [hold_new("0.5", ReleaseCondition::DaysAfterBooking(30), &[])]
            .into_iter()
            .collect(),
        ..PayoutPolicy::plain()
    };
    let mut inputs = months(3);
    inputs[0].deals = vec![deal(7, date(1, 10), "1000")];
    inputs[1].deals = vec![deal(7, date(2, 20), "2000")];
    let runs = run_months(&setup(&plan, &policy, &[]), start(), &inputs);
    assert_eq!(nets(&runs), ds(&["50", "150", "100"]));
}

#[test]
fn two_different_bookings_under_one_id_on_one_date_are_refused_with_the_credit() {
    let plan = new_and_expansion_plan();
    let policy = PayoutPolicy::plain();
    let credits = credit_all(&[
        deal(7, date(1, 10), "1000"),
        expansion(7, date(1, 10), "500", Currency::USD),
    ]);
    let e = run_one(&plan, &policy, &credits, &[], &start()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "credits[1].source.transaction_id: a transaction id names two different bookings on one date"
    );
}

fn run_one(
    plan: &Plan,
    policy: &PayoutPolicy,
    credits: &[CreditLine],
    events: &[PayoutEvent],
    state: &PayoutState,
) -> Result<(Statement, Vec<PayoutLine>, PayoutState), salesphysics_core::Error> {
    let period = month(1);
    let request = StatementRequest {
        participant_id: REP,
        period,
        plan,
        policy,
        relief: None,
        credits,
        events,
        fx: &[],
        fx_date: period.last(),
        state,
    };
    let mut scratch = vec![blank_earnings(); 64];
    let mut out = vec![blank_line(); 64];
    let mut next = PayoutState::new(REP, Currency::USD);
    let s = statement(&request, &mut scratch, &mut out, &mut next)?;
    out.truncate(s.line_count);
    Ok((s, out, next))
}

// --- item 3: stepped release after a contraction -----------------------------

#[test]
fn a_stepped_release_after_a_contraction_targets_what_remains_held() {
    // 1 000 MRR → 100 commission, all held; steps: 50 % at 50 % live, 100 %
    // at 100 %. Feb: contraction of 50 % cancels 50 (50 remain). Mar: live
    // at 50 % → the step releases 50 % of what remains, 25 (not the whole
    // remaining 50, which 50 % of the original hold would be). Apr: live at
    // 100 % → the last 25.
    let plan = flat_plan();
    let policy = PayoutPolicy {
        holdbacks: [hold_new(
            "1",
            ReleaseCondition::CustomerLive,
            &[("0.5", "0.5"), ("1", "1")],
        )]
        .into_iter()
        .collect(),
        ..PayoutPolicy::plain()
    };
    let mut inputs = months(4);
    inputs[0].deals = vec![deal(1, date(1, 10), "1000")];
    inputs[1].events = vec![event(1, EventKind::Contraction, date(2, 5), "0.5")];
    inputs[2].events = vec![event(1, EventKind::CustomerLive, date(3, 5), "0.5")];
    inputs[3].events = vec![event(1, EventKind::CustomerLive, date(4, 5), "1")];
    let runs = run_months(&setup(&plan, &policy, &[]), start(), &inputs);
    assert_eq!(nets(&runs), ds(&["0", "0", "25", "25"]));
    assert_eq!(runs[1].state.totals.cancelled, usd("50"));
}

// --- item 4: a draw never covers a negative month ----------------------------

#[test]
fn a_non_recoverable_minimum_does_not_cover_a_clawback_the_debt_is_carried_whole() {
    // Jan: 50 000 MRR → 5 000 paid (above the 3 000 minimum, no draw).
    // Feb: churn → 5 000 clawed back; nothing earned. Net before the draw
    // −5 000: the debt is carried whole (−5 000) and the guarantee pays the
    // 3 000 minimum on top (the draw tops up commission pay, not debts).
    // (Before: the draw took the net to −2 000 and only −2 000 was carried.)
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
        draw: Some(DrawPolicy {
            id: 600,
            kind: DrawKind::NonRecoverable,
            amount: d("3000"),
            in_force: salesphysics_core::Period::year(YEAR).unwrap(),
            recovery_share: Decimal::ZERO,
            recover_from: date(12, 31),
        }),
        ..PayoutPolicy::plain()
    };
    let mut inputs = months(2);
    inputs[0].deals = vec![deal(1, date(1, 10), "50000")];
    inputs[1].events = vec![event(1, EventKind::Churn, date(2, 5), "1")];
    let runs = run_months(&setup(&plan, &policy, &[]), start(), &inputs);
    assert_eq!(nets(&runs), ds(&["5000", "3000"]));
    let feb = &runs[1];
    assert_eq!(feb.sum(PayoutLineKind::Clawback), d("-5000"));
    assert_eq!(feb.sum(PayoutLineKind::CarryOut), d("5000"));
    assert_eq!(feb.sum(PayoutLineKind::Draw), d("3000"));
    assert_eq!(feb.state.balance, usd("-5000"));
}

// --- item 12: rejections name the field the caller wrote ----------------------

#[test]
fn an_unreachable_days_after_booking_release_is_refused_on_the_rule() {
    let plan = flat_plan();
    let policy = PayoutPolicy {
        holdbacks: [hold_new(
            "0.5",
            ReleaseCondition::DaysAfterBooking(3_000_000),
            &[],
        )]
        .into_iter()
        .collect(),
        ..PayoutPolicy::plain()
    };
    let credits = credit_all(&[deal(1, date(1, 10), "1000")]);
    let e = run_one(&plan, &policy, &credits, &[], &start()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "policy.holdbacks[0].condition: the release date of a booking falls beyond the calendar"
    );
}

#[test]
fn duplicate_rule_ids_are_refused_naming_the_duplicate() {
    let mut policy = PayoutPolicy::plain();
    policy.holdbacks = [
        hold_new("0.5", ReleaseCondition::CustomerLive, &[]),
        hold_new("0.5", ReleaseCondition::FirstPayment, &[]),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        policy.validate(Currency::USD).unwrap_err().to_string(),
        "holdbacks[1].id: payout rule ids must be unique"
    );
    let mut plan = flat_plan();
    let mut second = plan.components[0].clone();
    second.weight = d("0.5");
    plan.components[0].weight = d("0.5");
    plan.components.push(second).unwrap();
    assert_eq!(
        plan.validate().unwrap_err().to_string(),
        "components[1].id: rule ids must be unique"
    );
    let credits = credit_all(&[deal(1, date(1, 10), "1000")]);
    let e = run_one(&plan, &PayoutPolicy::plain(), &credits, &[], &start()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "plan.components[1].id: rule ids must be unique"
    );
}

// --- item 13: a state holding one booking twice -------------------------------

#[test]
fn a_state_with_a_booking_held_twice_is_refused() {
    let hold = Hold {
        transaction_id: 1,
        rule_id: 300,
        booked: date(1, 10),
        held: usd("10"),
        released: Money::zero(Currency::USD),
        cancelled: Money::zero(Currency::USD),
    };
    let mut state = start();
    state.holds.push(hold).unwrap();
    state.holds.push(hold).unwrap();
    assert_eq!(
        state.validate().unwrap_err().to_string(),
        "holds[1].transaction_id: a booking (transaction id and date) is listed twice"
    );
}

#[test]
fn a_state_with_an_impossible_churn_remembered_is_refused() {
    let loss = Loss {
        transaction_id: 1,
        date: date(1, 10),
        level: d("0.5"),
    };
    let mut state = start();
    state.through = Some(date(1, 31));
    state
        .losses
        .push(Loss {
            level: d("0"),
            ..loss
        })
        .unwrap();
    assert_eq!(
        state.validate().unwrap_err().to_string(),
        "losses[0].level: out of range"
    );
    state.losses[0] = Loss {
        date: date(2, 1),
        ..loss
    };
    assert_eq!(
        state.validate().unwrap_err().to_string(),
        "losses[0].date: a churn or contraction after the last statement"
    );
    state.losses[0] = loss;
    assert!(state.validate().is_ok());
}

// --- items 2 and 10: commission released by a true-up -------------------------

#[test]
fn a_true_up_is_attributed_to_its_deal_held_explained_and_clawed_back() {
    // Quarterly quota 20 000 MRR, flat 10 %, gate at 50 % of quota (to date).
    // Half of a new deal's commission is held until live; a churn within 90
    // days claws back everything paid.
    // Jan: deal 1, 5 000 → 25 %: gated, 0.                          net 0
    // Feb: deal 2, 5 000 → 50 %: the gate opens. Deal 2 earns 500, hold
    //      250. Deal 1's January line is re-rated 0 → 500: a true-up line
    //      on deal 1 (basis 0, pointing at the re-rated line), hold 250.
    //      net = 500 − 250 + 500 − 250 = 500
    // Mar: deal 1 churns on 10 Mar: its 250 still held is cancelled and the
    //      250 paid through the true-up is clawed back. net −250 → 0, carry.
    // (Before: February paid the 500 true-up unheld, with no deal record,
    //  and March recovered nothing.)
    let mut plan = plan_with("20000", QuotaPeriod::Quarter, RateTable::flat(d("0.10")));
    plan.components[0].gate = Some(Gate {
        component_id: 70,
        min_attainment: d("0.5"),
    });
    let policy = PayoutPolicy {
        holdbacks: [hold_new("0.5", ReleaseCondition::CustomerLive, &[])]
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
    };
    let mut inputs = months(3);
    inputs[0].deals = vec![deal(1, date(1, 10), "5000")];
    inputs[1].deals = vec![deal(2, date(2, 10), "5000")];
    inputs[2].events = vec![event(1, EventKind::Churn, date(3, 10), "1")];
    let runs = run_months(&setup(&plan, &policy, &[]), start(), &inputs);
    assert_eq!(nets(&runs), ds(&["0", "500", "0"]));
    let feb = &runs[1];
    let true_ups = feb.of_kind(PayoutLineKind::TrueUp);
    assert_eq!(true_ups.len(), 1);
    let t = true_ups[0];
    assert_eq!(
        (t.transaction_id, t.date, t.amount, t.basis),
        (Some(1), date(1, 10), usd("500"), d("0"))
    );
    let rerated = feb.explain(&t);
    assert_eq!(
        (rerated.transaction_id, rerated.status, rerated.amount),
        (Some(1), LineStatus::Earned, usd("500"))
    );
    let holds = feb.of_kind(PayoutLineKind::Hold);
    assert_eq!(holds.len(), 2);
    assert_eq!(
        (holds[1].transaction_id, holds[1].amount),
        (Some(1), usd("-250"))
    );
    let deal_1 = feb
        .state
        .deals
        .iter()
        .find(|r| r.transaction_id == 1)
        .unwrap();
    assert_eq!(deal_1.paid, usd("250"));
    let mar = &runs[2];
    assert_eq!(mar.sum(PayoutLineKind::Clawback), d("-250"));
    assert_eq!(mar.state.totals.cancelled, usd("250"));
    assert_eq!(mar.state.balance, usd("-250"));
}

#[test]
fn a_contraction_before_the_true_up_claws_back_its_prorated_share_in_instalments() {
    // Quarterly quota 20 000 MRR, flat 10 %, gate at 50 % of quota; a
    // contraction within 90 days claws back the unserved months of the
    // share lost, over two instalments.
    // Jan: deal 1, 5 000 booked 10 Jan → 25 %: gated, 0.           net 0
    // Feb: deal 1 loses half on 20 Feb (41 days): nothing paid yet, so
    //      nothing to claw back now; the contraction is remembered.  net 0
    // Mar: deal 2, 10 000 → 75 %: the gate opens. Deal 2 earns 1 000 and
    //      the true-up pays deal 1's 500. As if paid before 20 Feb: 1
    //      month served (10 Jan → 10 Feb), 11 of 12 unserved:
    //      500 × 0.5 × 11/12 = 229.1666… → 229.16 (toward zero), in two
    //      instalments of 114.58.     net = 1 000 + 500 − 114.58 = 1 385.42
    // Apr: the second instalment: −114.58 → pay 0, carry −114.58.
    let mut plan = plan_with("20000", QuotaPeriod::Quarter, RateTable::flat(d("0.10")));
    plan.components[0].gate = Some(Gate {
        component_id: 70,
        min_attainment: d("0.5"),
    });
    let policy = PayoutPolicy {
        clawbacks: [ClawbackRule {
            id: 500,
            kinds: KindSet::of(&[TransactionKind::New]),
            window_days: 90,
            method: ClawbackMethod::ProratedUnserved,
            instalments: 2,
        }]
        .into_iter()
        .collect(),
        ..PayoutPolicy::plain()
    };
    let mut inputs = months(4);
    inputs[0].deals = vec![deal(1, date(1, 10), "5000")];
    inputs[1].events = vec![event(1, EventKind::Contraction, date(2, 20), "0.5")];
    inputs[2].deals = vec![deal(2, date(3, 5), "10000")];
    let runs = run_months(&setup(&plan, &policy, &[]), start(), &inputs);
    assert_eq!(nets(&runs), ds(&["0", "0", "1385.42", "0"]));
    assert_eq!(runs[1].state.losses.len(), 1);
    assert!(runs[1].state.deals.is_empty(), "nothing paid: no record");
    let mar = &runs[2];
    assert_eq!(mar.sum(PayoutLineKind::TrueUp), d("500"));
    let claws = mar.of_kind(PayoutLineKind::Clawback);
    assert_eq!(claws.len(), 1);
    assert_eq!(
        (claws[0].transaction_id, claws[0].amount, claws[0].basis),
        (Some(1), usd("-114.58"), d("229.16"))
    );
    let deal_1 = mar
        .state
        .deals
        .iter()
        .find(|r| r.transaction_id == 1)
        .unwrap();
    assert_eq!((deal_1.paid, deal_1.clawed), (usd("500"), usd("229.16")));
    assert_eq!(runs[3].sum(PayoutLineKind::Clawback), d("-114.58"));
    assert_eq!(runs[3].state.balance, usd("-114.58"));
}

#[test]
fn a_hold_made_after_a_churn_is_cancelled_without_a_clawback_rule() {
    // Quarterly quota 20 000 MRR, flat 10 %, gate at 50 %; half of a new
    // deal held until live; no clawback rule (what was paid stays paid).
    // Jan: deal 1, 5 000 → gated, 0.                                net 0
    // Feb: deal 1 churns on 20 Feb: nothing held yet to cancel.     net 0
    // Mar: deal 2, 10 000 → the gate opens. Deal 2 earns 1 000, holds
    //      500; the true-up pays deal 1's 500, holds 250 and the churn of
    //      20 Feb cancels that 250 as it would have on time.
    //      net = 1 000 − 500 + 500 − 250 = 750; only deal 2 stays held.
    let mut plan = plan_with("20000", QuotaPeriod::Quarter, RateTable::flat(d("0.10")));
    plan.components[0].gate = Some(Gate {
        component_id: 70,
        min_attainment: d("0.5"),
    });
    let policy = PayoutPolicy {
        holdbacks: [hold_new("0.5", ReleaseCondition::CustomerLive, &[])]
            .into_iter()
            .collect(),
        ..PayoutPolicy::plain()
    };
    let mut inputs = months(3);
    inputs[0].deals = vec![deal(1, date(1, 10), "5000")];
    inputs[1].events = vec![event(1, EventKind::Churn, date(2, 20), "1")];
    inputs[2].deals = vec![deal(2, date(3, 5), "10000")];
    let runs = run_months(&setup(&plan, &policy, &[]), start(), &inputs);
    assert_eq!(nets(&runs), ds(&["0", "0", "750"]));
    let mar = &runs[2];
    let cancelled = mar.of_kind(PayoutLineKind::HoldCancelled);
    assert_eq!(cancelled.len(), 1);
    assert_eq!(
        (
            cancelled[0].transaction_id,
            cancelled[0].date,
            cancelled[0].basis
        ),
        (Some(1), date(2, 20), d("250"))
    );
    assert_eq!(mar.sum(PayoutLineKind::Clawback), d("0"));
    let held: Vec<u64> = mar.state.holds.iter().map(|h| h.transaction_id).collect();
    assert_eq!(held, vec![2]);
}
