//! A busy participant-year (issue 10's size): 5,160 credit lines and more
//! than 2,000 deals with open holds and clawback windows at once. The
//! growable storage computes it with no cap; an inline storage computes the
//! same year when the caller gives it the capacity, and the default one
//! stops with `TooMany` naming the list.
#![cfg(feature = "alloc")]
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
use salesphysics_core::{dec, Currency, ErrorKind, Money};
use support::payout::*;

/// New deals a month: each 1,000 MRR, half its commission held until
/// go-live, protected by a year-long clawback window.
const NEW_PER_MONTH: u64 = 180;
/// Expansions a month: 200 MRR each, neither held nor protected.
const EXPANSIONS_PER_MONTH: u64 = 250;
/// From February, each month: go-lives and churns of the previous
/// month's first new deals.
const LIVE_PER_MONTH: u64 = 10;
const CHURNS_PER_MONTH: u64 = 2;

/// An inline capacity that fits the year's 2,160 tracked deals.
type Roomy = Inline<2304>;

/// An empty state of that capacity, copied from a constant straight into
/// the heap.
fn roomy() -> Box<PayoutState<Roomy>> {
    const EMPTY: PayoutState<Roomy> = PayoutState::empty(REP, Currency::USD);
    Box::new(EMPTY)
}

fn new_id(month: u32, k: u64) -> u64 {
    u64::from(month) * 1_000 + k
}

fn plan() -> Plan {
    let mut plan = flat_plan();
    let kinds = KindSet::of(&[TransactionKind::New, TransactionKind::Expansion]);
    plan.components[0].measure = Measure::of(kinds, MeasureUnit::Mrr);
    plan
}

fn policy() -> PayoutPolicy {
    let new = KindSet::of(&[TransactionKind::New]);
    PayoutPolicy::plain()
        .with_holdback(HoldbackRule::new(
            20,
            new,
            dec!(0.5),
            ReleaseCondition::CustomerLive,
        ))
        .unwrap()
        .with_clawback(ClawbackRule {
            id: 30,
            kinds: new,
            window_days: 365,
            method: ClawbackMethod::Full,
            instalments: 1,
        })
        .unwrap()
}

fn year() -> Vec<MonthInput> {
    (1..=12u32)
        .map(|m| {
            let day = |k: u64| date(m, 1 + (k % 28) as u32);
            let mut deals: Vec<Transaction> = (0..NEW_PER_MONTH)
                .map(|k| deal(new_id(m, k), day(k), "1000"))
                .collect();
            deals.extend((0..EXPANSIONS_PER_MONTH).map(|j| {
                let mrr = Money::parse("200", Currency::USD).unwrap();
                booking(
                    1_000_000 + new_id(m, j),
                    day(j),
                    TransactionKind::Expansion,
                    mrr,
                )
            }));
            let mut events = Vec::new();
            if m > 1 {
                for k in 0..LIVE_PER_MONTH {
                    let live = EventKind::CustomerLive;
                    events.push(event(new_id(m - 1, k), live, date(m, 5), "1"));
                }
                for k in LIVE_PER_MONTH..LIVE_PER_MONTH + CHURNS_PER_MONTH {
                    let churn = EventKind::Churn;
                    events.push(event(new_id(m - 1, k), churn, date(m, 20), "1"));
                }
            }
            MonthInput { deals, events }
        })
        .collect()
}

/// Each month's credit lines to date, in date order.
fn credits_by_month(months: &[MonthInput]) -> Vec<Vec<CreditLine>> {
    let mut deals = Vec::new();
    months
        .iter()
        .map(|input| {
            deals.extend(input.deals.iter().cloned());
            deals.sort_by_key(|t: &Transaction| t.source.date);
            credit_transactions_owned(&deals, &[]).unwrap()
        })
        .collect()
}

#[test]
fn a_year_of_5000_credit_lines_and_2000_open_deals_computes_with_growable_storage() {
    let (plan, policy, months) = (plan(), policy(), year());
    let credits = credits_by_month(&months);
    assert_eq!(credits[11].len(), 5_160);
    let mut state = PayoutState::<Growable>::empty(REP, Currency::USD);
    let mut most_open = 0;
    for (i, input) in months.iter().enumerate() {
        let mut request =
            StatementRequest::new(month(i as u32 + 1), &plan, &policy, &credits[i], &state);
        request.events = &input.events;
        let owned = statement_owned(&request).unwrap();
        most_open = most_open.max(owned.state.holds.len());
        state = owned.state;
    }
    // 2,160 new deals, 110 went live (released), 22 churned (cancelled):
    // 2,028 holds still open, every deal still in its clawback window.
    assert!(most_open >= 2_000);
    assert_eq!(state.holds.len(), 2_028);
    assert_eq!(state.deals.len(), 2_160);
    assert_eq!(state.losses.len(), 22);
    // Earned: 2,160 × 10 % × 1,000 + 3,000 × 10 % × 200
    //       = 216,000 + 60,000 = 276,000.00.
    // Held: 2,160 × 50.00 = 108,000.00; released: 110 × 50.00 = 5,500.00;
    // cancelled: 22 × 50.00 = 1,100.00 (no pay effect); clawed back: the
    // 50.00 paid on each churned deal, 22 × 50.00 = 1,100.00.
    // Paid: 276,000 − 108,000 + 5,500 − 1,100 = 172,400.00.
    let totals = state.totals;
    assert_eq!(totals.earned, usd("276000.00"));
    assert_eq!(totals.held, usd("108000.00"));
    assert_eq!(totals.released, usd("5500.00"));
    assert_eq!(totals.cancelled, usd("1100.00"));
    assert_eq!(totals.clawed_back, usd("1100.00"));
    assert_eq!(totals.paid, usd("172400.00"));
    // What is still held: 108,000 − 5,500 − 1,100 = 101,400.00.
    let outstanding = state.holds.iter().fold(usd("0"), |sum, hold| {
        sum.checked_add(hold.outstanding().unwrap()).unwrap()
    });
    assert_eq!(outstanding, usd("101400.00"));
}

#[test]
fn an_inline_storage_of_the_callers_capacity_computes_the_same_year() {
    let (plan, policy, months) = (plan(), policy(), year());
    let credits = credits_by_month(&months);
    // Two inline states on the heap, the prior one and the next one: each
    // is about 550 KB, too large to move around a test thread's stack.
    let mut states = [roomy(), roomy()];
    let mut growable = PayoutState::<Growable>::empty(REP, Currency::USD);
    let mut scratch = vec![EarningsLine::EMPTY; 8_192];
    let mut out = vec![PayoutLine::EMPTY; 8_192];
    for (i, input) in months.iter().enumerate() {
        let period = month(i as u32 + 1);
        let (prior, next) = states.split_at_mut(1);
        let mut request = StatementRequest::new(period, &plan, &policy, &credits[i], &prior[0]);
        request.events = &input.events;
        let figures = statement(&request, &mut scratch, &mut out, &mut next[0]).unwrap();
        let mut request = StatementRequest::new(period, &plan, &policy, &credits[i], &growable);
        request.events = &input.events;
        let owned = statement_owned(&request).unwrap();
        assert_eq!(figures, owned.statement, "month {}", i + 1);
        assert_eq!(&out[..figures.line_count], &owned.lines[..]);
        assert_eq!(next[0].to_storage::<Growable>().unwrap(), owned.state);
        growable = owned.state;
        states.swap(0, 1);
    }
    assert_eq!(states[0].holds.len(), 2_028);
    // The year does not fit a smaller inline storage: the error names the
    // list and its capacity.
    let error = growable.to_storage::<Inline<64>>().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooMany { max: 64 });
    assert_eq!(error.path().to_string(), "holds");
}

#[test]
fn the_default_inline_storage_stops_at_its_capacity_naming_the_list() {
    let (plan, policy, months) = (plan(), policy(), year());
    let credits = credits_by_month(&months);
    let mut states: Vec<PayoutState> = Vec::new();
    states.resize_with(2, || PayoutState::new(REP, Currency::USD));
    let mut scratch = vec![EarningsLine::EMPTY; 8_192];
    let mut out = vec![PayoutLine::EMPTY; 8_192];
    for (i, input) in months.iter().enumerate() {
        let (prior, next) = states.split_at_mut(1);
        let mut request =
            StatementRequest::new(month(i as u32 + 1), &plan, &policy, &credits[i], &prior[0]);
        request.events = &input.events;
        match statement(&request, &mut scratch, &mut out, &mut next[0]) {
            Ok(_) => states.swap(0, 1),
            Err(error) => {
                // 180 new deals a month, each tracked for a year: the
                // 513th deal record is March's 153rd deal (holds, 12 of
                // them settled a month, would overflow later).
                assert_eq!(i + 1, 3);
                assert_eq!(error.kind(), ErrorKind::TooMany { max: 512 });
                assert_eq!(error.path().to_string(), "state.deals");
                return;
            }
        }
    }
    panic!("the year fits 512 deals");
}
