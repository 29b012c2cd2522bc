//! Issue 15, clawback shares: a share of the commission forfeited on early
//! termination (of the full commission or prorated by unserved months),
//! only the paid part recovered, the held part split between cancelled
//! (the share forfeited) and released (the share kept), recovered in
//! instalments — with published examples and their sources
//! (`data/clawback_shares.json`).
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
use salesphysics_core::Currency;
use serde_json::Value;
use support::payout::*;

fn vector(id: &str) -> Value {
    support::vectors::case(include_str!("data/clawback_shares.json"), id)
}

fn setup<'a>(plan: &'a Plan, policy: &'a PayoutPolicy) -> Setup<'a> {
    Setup {
        plan,
        policy,
        relief: None,
        fx: &[],
    }
}

fn months(n: usize) -> Vec<MonthInput> {
    vec![MonthInput::default(); n]
}

fn start() -> PayoutState {
    PayoutState::new(REP, Currency::USD)
}

fn clawback(method: ClawbackMethod, instalments: u32) -> ClawbackRule {
    ClawbackRule {
        id: 500,
        kinds: KindSet::of(&[TransactionKind::New]),
        window_days: 365,
        method,
        instalments,
    }
}

fn share(share: &str, of: ClawbackBasis) -> ClawbackMethod {
    ClawbackMethod::Share {
        share: d(share),
        of,
    }
}

fn policy(rule: ClawbackRule) -> PayoutPolicy {
    PayoutPolicy {
        clawbacks: [rule].into_iter().collect(),
        ..PayoutPolicy::plain()
    }
}

#[test]
fn core8_half_of_the_commission_on_early_termination() {
    // 100 000 MRR at 10 % = 10 000 paid in January; the customer
    // terminates in February: 50 % of it, 5 000, is clawed back.
    let case = vector("core8-early-termination-half");
    let plan = flat_plan();
    let policy = policy(clawback(share(s(&case["share"]), ClawbackBasis::Full), 1));
    let mut inputs = months(2);
    inputs[0].deals = vec![deal(1, date(1, 10), "100000")];
    inputs[1].events = vec![event(1, EventKind::Churn, date(2, 20), "1")];
    let runs = run_months(&setup(&plan, &policy), start(), &inputs);
    assert_eq!(
        runs[0].sum(PayoutLineKind::Earnings),
        d(s(&case["commission"]))
    );
    assert_eq!(
        runs[1].sum(PayoutLineKind::Clawback),
        d(s(&case["expected_clawback"]))
    );
    assert_eq!(runs[1].state.deals[0].clawed, usd("5000"));
}

#[test]
fn zepys_prorated_by_unserved_months_and_a_share_of_it() {
    // 10 000 MRR at 10 % = 1 000, 12 months, booked 10 January; cancelled
    // 15 July after 6 served months: prorated, 6/12 = 500 (the published
    // figure); with a 50 % share of the prorated amount, 250.
    let case = vector("zepys-prorated-half-term");
    let plan = flat_plan();
    for (method, expected) in [
        (
            ClawbackMethod::ProratedUnserved,
            s(&case["expected_clawback"]),
        ),
        (
            share("1", ClawbackBasis::ProratedUnserved),
            s(&case["expected_clawback"]),
        ),
        (share("0.5", ClawbackBasis::ProratedUnserved), "-250"),
    ] {
        let policy = policy(clawback(method, 1));
        let mut inputs = months(7);
        inputs[0].deals = vec![deal(1, date(1, 10), "10000")];
        inputs[6].events = vec![event(1, EventKind::Churn, date(7, 15), "1")];
        let runs = run_months(&setup(&plan, &policy), start(), &inputs);
        assert_eq!(
            runs[0].sum(PayoutLineKind::Earnings),
            d(s(&case["commission"]))
        );
        assert_eq!(
            runs[6].sum(PayoutLineKind::Clawback),
            d(expected),
            "{method:?}"
        );
    }
}

#[test]
fn only_the_paid_part_is_recovered_the_held_part_is_cancelled_or_kept() {
    // 10 000 MRR at 10 % = 1 000, half held until live: 500 paid. The
    // customer churns in February under a 50 % clawback share: of the 500
    // paid, 250 is clawed back; of the 500 held, 250 is cancelled (the
    // share forfeited) and 250 released (the share kept). Net 0; the rep
    // keeps 500 of 1 000, the plan's half.
    let plan = flat_plan();
    let policy = PayoutPolicy {
        holdbacks: [HoldbackRule {
            id: 300,
            kinds: KindSet::of(&[TransactionKind::New]),
            share: d("0.5"),
            condition: ReleaseCondition::CustomerLive,
            steps: heapless::Vec::new(),
        }]
        .into_iter()
        .collect(),
        ..policy(clawback(share("0.5", ClawbackBasis::Full), 1))
    };
    let mut inputs = months(2);
    inputs[0].deals = vec![deal(1, date(1, 10), "10000")];
    inputs[1].events = vec![event(1, EventKind::Churn, date(2, 20), "1")];
    let runs = run_months(&setup(&plan, &policy), start(), &inputs);
    assert_eq!(nets(&runs), ds(&["500", "0"]));
    let feb = &runs[1];
    assert_eq!(feb.sum(PayoutLineKind::Clawback), d("-250"));
    let cancelled = feb.of_kind(PayoutLineKind::HoldCancelled);
    assert_eq!(cancelled.len(), 1);
    assert_eq!(cancelled[0].basis, d("250"));
    let release = feb.of_kind(PayoutLineKind::Release);
    assert_eq!(
        (
            release.len(),
            release[0].amount,
            release[0].basis,
            release[0].rate
        ),
        (1, usd("250"), d("500"), d("0.5"))
    );
    assert!(feb
        .state
        .holds
        .iter()
        .all(|h| h.outstanding().unwrap().is_zero()));
    assert_eq!(feb.state.totals.paid, usd("500"));
    // A contraction of 40 % under the same rule: 40 % of the held 500 is
    // lost (200): 100 cancelled, 100 released; 300 stays held.
    let mut inputs = months(2);
    inputs[0].deals = vec![deal(1, date(1, 10), "10000")];
    inputs[1].events = vec![event(1, EventKind::Contraction, date(2, 20), "0.4")];
    let runs = run_months(&setup(&plan, &policy), start(), &inputs);
    let feb = &runs[1];
    // Clawback: 500 paid × 0.4 × 0.5 = 100.
    assert_eq!(feb.sum(PayoutLineKind::Clawback), d("-100"));
    assert_eq!(feb.sum(PayoutLineKind::Release), d("100"));
    assert_eq!(
        feb.of_kind(PayoutLineKind::HoldCancelled)[0].basis,
        d("100")
    );
    assert_eq!(feb.state.holds[0].outstanding().unwrap(), usd("300"));
}

#[test]
fn a_clawback_share_is_recovered_in_instalments_the_last_taking_the_rest() {
    // 50 % of 10 000 = 5 000 over three statements: 5 000 / 3 = 1 666.66
    // (toward zero), then 3 333.34 / 2 = 1 666.67, then the rest 1 666.67.
    let plan = flat_plan();
    let policy = policy(clawback(share("0.5", ClawbackBasis::Full), 3));
    let mut inputs = months(4);
    inputs[0].deals = vec![deal(1, date(1, 10), "100000")];
    inputs[1].events = vec![event(1, EventKind::Churn, date(2, 20), "1")];
    let runs = run_months(&setup(&plan, &policy), start(), &inputs);
    let instalments: Vec<_> = runs[1..]
        .iter()
        .map(|r| r.sum(PayoutLineKind::Clawback))
        .collect();
    assert_eq!(instalments, ds(&["-1666.66", "-1666.67", "-1666.67"]));
    assert!(runs[3].state.recoveries.is_empty());
}

#[test]
fn outside_the_window_nothing_is_clawed_and_the_hold_is_cancelled_as_before() {
    let plan = flat_plan();
    let mut rule = clawback(share("0.5", ClawbackBasis::Full), 1);
    rule.window_days = 20;
    let policy = PayoutPolicy {
        holdbacks: [HoldbackRule {
            id: 300,
            kinds: KindSet::of(&[TransactionKind::New]),
            share: d("0.5"),
            condition: ReleaseCondition::CustomerLive,
            steps: heapless::Vec::new(),
        }]
        .into_iter()
        .collect(),
        ..policy(rule)
    };
    let mut inputs = months(2);
    inputs[0].deals = vec![deal(1, date(1, 10), "10000")];
    inputs[1].events = vec![event(1, EventKind::Churn, date(2, 20), "1")];
    let runs = run_months(&setup(&plan, &policy), start(), &inputs);
    assert!(runs[1].of_kind(PayoutLineKind::Clawback).is_empty());
    assert!(runs[1].of_kind(PayoutLineKind::Release).is_empty());
    assert_eq!(
        runs[1].of_kind(PayoutLineKind::HoldCancelled)[0].basis,
        d("500")
    );
}

#[test]
fn a_clawback_share_is_validated_and_has_a_serde_shape() {
    for bad in ["0", "1.5", "-0.5"] {
        let policy = policy(clawback(share(bad, ClawbackBasis::Full), 1));
        let error = ValidatedPolicy::new(&flat_plan(), &policy).unwrap_err();
        assert_eq!(
            error.path().to_string(),
            "policy.clawbacks[0].method.share",
            "share {bad}"
        );
    }
    let rule = clawback(share("0.5", ClawbackBasis::ProratedUnserved), 2);
    let json = serde_json::to_value(rule).unwrap();
    assert_eq!(
        json["method"],
        serde_json::json!({"share": {"share": "0.5", "of": "prorated_unserved"}})
    );
    let back: ClawbackRule = serde_json::from_value(json).unwrap();
    assert_eq!(back, rule);
    // The plain methods keep their names.
    assert_eq!(
        serde_json::to_value(ClawbackMethod::Full).unwrap(),
        serde_json::json!("full")
    );
}
