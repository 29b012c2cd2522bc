//! Issue 15, credit notes in the payout engine: a refund reverses the
//! commission whether or not it was paid — the part still held comes out
//! of the hold, the part paid is recovered from pay (Tolt's refunds guide:
//! "Not paid out yet" → the commission is zeroed; "Already paid out" → a
//! negative commission nets against the next payout, docs.tolt.com/guides/refunds).
//! Interactions: after a hold, after a go-live release, with FX re-conversion,
//! before a churn's clawback, and under quota relief.
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
use salesphysics_core::{Currency, FxRate, Money};
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

fn held_until_live(share: &str) -> PayoutPolicy {
    PayoutPolicy {
        holdbacks: [HoldbackRule {
            id: 300,
            kinds: KindSet::of(&[TransactionKind::New]),
            share: d(share),
            condition: ReleaseCondition::CustomerLive,
            steps: heapless::Vec::new(),
        }]
        .into_iter()
        .collect(),
        ..PayoutPolicy::plain()
    }
}

/// A credit note of `mrr` (positive figure) on deal `id`.
fn note(id: u64, on: salesphysics_core::Date, mrr: &str) -> Transaction {
    let mut t = deal(id, on, "0");
    t.amount = Money::parse(mrr, Currency::USD).unwrap().neg();
    t
}

#[test]
fn a_full_refund_of_a_half_held_deal_recovers_only_what_was_paid() {
    // Jan: 10 000 MRR × 10 % = 1 000, half held until live: net 500.
    // Feb: refunded in full. The note's line is -1 000 (tier 0, 10 %,
    // pointing at January's line); the 500 still held is released against
    // it, so the net is -500 — what was paid — carried to March.
    // (Without the release the rep would owe 1 000 while 500 stayed held
    // for a customer who will never go live.)
    let plan = flat_plan();
    let policy = held_until_live("0.5");
    let mut inputs = months(2);
    inputs[0].deals = vec![deal(1, date(1, 10), "10000")];
    inputs[1].deals = vec![note(1, date(2, 12), "10000")];
    let runs = run_months(&setup(&plan, &policy, &[]), start(), &inputs);
    assert_eq!(nets(&runs), ds(&["500", "0"]));
    let feb = &runs[1];
    let earnings = feb.of_kind(PayoutLineKind::Earnings);
    assert_eq!(earnings.len(), 1);
    assert_eq!(earnings[0].amount, usd("-1000"));
    let explained = feb.explain(&earnings[0]);
    assert_eq!(
        (explained.tier, explained.rate, explained.credit),
        (Some(0), d("0.10"), d("-10000"))
    );
    let original = feb.scratch[explained.reverses.unwrap() as usize];
    assert_eq!((original.date, original.amount), (date(1, 10), usd("1000")));
    let release = feb.of_kind(PayoutLineKind::Release);
    assert_eq!(release.len(), 1);
    assert_eq!(
        (
            release[0].amount,
            release[0].basis,
            release[0].rate,
            release[0].date
        ),
        (usd("500"), d("500"), d("1"), date(2, 12))
    );
    assert_eq!(feb.sum(PayoutLineKind::CarryOut), d("500"));
    assert_eq!(feb.state.balance, usd("-500"));
    // Nothing is held any more; the year's books: earned 0, paid 500,
    // balance -500.
    assert!(feb
        .state
        .holds
        .iter()
        .all(|h| h.outstanding().unwrap().is_zero()));
    assert_eq!(feb.state.totals.earned, usd("0"));
    assert_eq!(feb.state.totals.paid, usd("500"));
}

#[test]
fn a_partial_refund_takes_its_share_of_the_hold_and_go_live_releases_the_rest() {
    // Jan: 10 000 → 1 000, half held: net 500. Feb: a quarter refunded
    // (2 500): -250 earnings, 125 of the 500 held released against it:
    // net -125, carried. Mar: live → the remaining 375 released, minus the
    // carried 125: net 250. Paid 500 + 250 = 750 = 7 500 × 10 %.
    let plan = flat_plan();
    let policy = held_until_live("0.5");
    let mut inputs = months(3);
    inputs[0].deals = vec![deal(1, date(1, 10), "10000")];
    inputs[1].deals = vec![note(1, date(2, 12), "2500")];
    inputs[2].events = vec![event(1, EventKind::CustomerLive, date(3, 3), "1")];
    let runs = run_months(&setup(&plan, &policy, &[]), start(), &inputs);
    assert_eq!(nets(&runs), ds(&["500", "0", "250"]));
    assert_eq!(runs[1].sum(PayoutLineKind::Release), d("125"));
    assert_eq!(runs[1].sum(PayoutLineKind::Earnings), d("-250"));
    assert_eq!(runs[2].sum(PayoutLineKind::Release), d("375"));
    let year = &runs[2].state.totals;
    assert_eq!(year.earned, usd("750"));
    assert_eq!(year.paid, usd("750"));
    assert_eq!(runs[2].state.balance, usd("0"));
}

#[test]
fn a_refund_after_go_live_nets_against_the_next_payout() {
    // Jan: 10 000 → 1 000, half held. Feb: live → 500 released (net 500).
    // Mar: refunded in full with a new 20 000 deal: -1 000 + 2 000 - 1 000
    // held = 0; nothing was held on deal 1 any more, so no release.
    let plan = flat_plan();
    let policy = held_until_live("0.5");
    let mut inputs = months(3);
    inputs[0].deals = vec![deal(1, date(1, 10), "10000")];
    inputs[1].events = vec![event(1, EventKind::CustomerLive, date(2, 3), "1")];
    inputs[2].deals = vec![deal(2, date(3, 1), "20000"), note(1, date(3, 20), "10000")];
    let runs = run_months(&setup(&plan, &policy, &[]), start(), &inputs);
    assert_eq!(nets(&runs), ds(&["500", "500", "0"]));
    assert!(runs[2].of_kind(PayoutLineKind::Release).is_empty());
    assert_eq!(runs[2].state.totals.earned, usd("2000"));
}

#[test]
fn a_refund_with_fx_follows_the_original_conversion_to_date() {
    // EUR→USD 1.10 from January, 1.20 from February; each statement
    // converts at the rate in force on its last day.
    // Jan: 1 000 EUR = 1 100 USD × 10 % = 110.
    // Feb: half refunded (500 EUR); the original re-converts to 1 200 ×
    // 10 % = 120 (true-up +10) and the note reverses half of it, -60; a
    // 1 000 USD deal earns 100: net 100 + 10 - 60 = 50.
    // Year: 110 + 50 = 160 = 600 EUR-worth kept (60) + 100.
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
    let mut refund = deal_in(1, date(2, 14), "0", Currency::EUR);
    refund.amount = Money::parse("-500", Currency::EUR).unwrap();
    let mut inputs = months(2);
    inputs[0].deals = vec![deal_in(1, date(1, 10), "1000", Currency::EUR)];
    inputs[1].deals = vec![deal(2, date(2, 1), "1000"), refund];
    let runs = run_months(&setup(&plan, &policy, &fx), start(), &inputs);
    assert_eq!(nets(&runs), ds(&["110", "50"]));
    let feb = &runs[1];
    assert_eq!(feb.sum(PayoutLineKind::TrueUp), d("10"));
    let note_line = feb
        .of_kind(PayoutLineKind::Earnings)
        .into_iter()
        .find(|l| l.transaction_id == Some(1))
        .unwrap();
    assert_eq!(note_line.amount, usd("-60"));
    assert_eq!(note_line.fx, Some(1));
    assert_eq!(feb.state.totals.earned, usd("160"));
}

#[test]
fn a_refund_lowers_what_a_later_churn_claws_back() {
    // Clawback Full within 180 days, one instalment. Jan: 10 000 → 1 000
    // paid. Feb: 4 000 refunded → -400 (paid 600 on the deal). Mar: churn
    // → the 600 still paid is clawed back, not 1 000.
    let plan = flat_plan();
    let policy = PayoutPolicy {
        clawbacks: [ClawbackRule {
            id: 500,
            kinds: KindSet::of(&[TransactionKind::New]),
            window_days: 180,
            method: ClawbackMethod::Full,
            instalments: 1,
        }]
        .into_iter()
        .collect(),
        ..PayoutPolicy::plain()
    };
    let mut inputs = months(3);
    inputs[0].deals = vec![deal(1, date(1, 10), "10000")];
    inputs[1].deals = vec![note(1, date(2, 12), "4000")];
    inputs[2].events = vec![event(1, EventKind::Churn, date(3, 5), "1")];
    let runs = run_months(&setup(&plan, &policy, &[]), start(), &inputs);
    assert_eq!(runs[1].state.deals[0].paid, usd("600"));
    assert_eq!(runs[2].sum(PayoutLineKind::Clawback), d("-600"));
    // Paid 1 000, then -400 and -600 carried: the balance is the whole 1 000.
    assert_eq!(runs[2].state.balance, usd("-1000"));
}

#[test]
fn under_quota_relief_a_refund_in_another_quota_period_is_refused_by_name() {
    // Relief rates each quota period alone under relieved quotas, so a
    // February note could not find its January original's lines.
    let plan = flat_plan();
    let policy = PayoutPolicy::plain();
    let relief = QuotaRelief {
        employment: salesphysics_core::Period::new(date(1, 1), date(12, 31)).unwrap(),
        leaves: heapless::Vec::new(),
        ramp: [d("0.5")].into_iter().collect(),
    };
    let credits = credit_all(&[deal(1, date(1, 10), "10000"), note(1, date(2, 12), "4000")]);
    let state = start();
    let request = StatementRequest {
        participant_id: REP,
        period: month(2),
        plan: &plan,
        policy: &policy,
        relief: Some(&relief),
        credits: &credits,
        events: &[],
        fx: &[],
        fx_date: date(2, 28),
        state: &state,
    };
    let mut scratch = vec![blank_earnings(); 64];
    let mut out = vec![blank_line(); 64];
    let mut next = start();
    let error = statement(&request, &mut scratch, &mut out, &mut next).unwrap_err();
    assert_eq!(
        error.to_string(),
        "credits[1].amount: under quota relief a credit note must be in its original's quota period"
    );
}

#[test]
fn a_same_day_partial_refund_nets_into_its_booking() {
    // 10 000 booked and 4 000 refunded on 10 January: one booking for the
    // payout engine (same id, kind and date), earning 1 000 - 400 = 600,
    // of which half is held: net 300.
    let plan = flat_plan();
    let policy = held_until_live("0.5");
    let mut inputs = months(1);
    inputs[0].deals = vec![deal(1, date(1, 10), "10000"), note(1, date(1, 10), "4000")];
    let runs = run_months(&setup(&plan, &policy, &[]), start(), &inputs);
    assert_eq!(nets(&runs), ds(&["300"]));
    assert_eq!(runs[0].sum(PayoutLineKind::Hold), d("-300"));
    assert_eq!(runs[0].state.holds[0].held, usd("300"));
}
