//! The `alloc` + `serde` layer for compensation and payout: owned entry
//! points give the same figures as the caller-buffer API, every value
//! survives a JSON round trip, the documented JSON example computes, and
//! bad JSON is rejected naming the field.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod support;

use proptest::prelude::*;
use salesphysics_core::compensation::*;
use salesphysics_core::payout::*;
use salesphysics_core::{dec, Currency, Decimal};
use serde::{de::DeserializeOwned, Serialize};
use support::payout::*;

/// `value → JSON → value` is the identity, and the JSON is stable.
fn round_trips<T: Serialize + DeserializeOwned + PartialEq + core::fmt::Debug>(value: &T) {
    let json = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(&back, value, "{json}");
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
}

const EXAMPLE: &str = include_str!("data/json/payout_statement_request.json");

#[test]
fn the_documented_statement_request_computes() {
    let request: OwnedStatementRequest = serde_json::from_str(EXAMPLE).unwrap();
    let january = request.compute().unwrap();
    // 4,800 MRR × 10 % = 480.00 earned; half held until go-live: 240.00 paid.
    assert_eq!(january.statement.totals.earned, usd("480.00"));
    assert_eq!(january.statement.totals.held, usd("240.00"));
    assert_eq!(january.statement.net, usd("240.00"));
    let kinds: Vec<_> = january.lines.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, [PayoutLineKind::Earnings, PayoutLineKind::Hold]);
    // The earnings line points at its explanation: 4800 × 0.1 in tier 0.
    let rating = january.earnings[january.lines[0].earnings.unwrap() as usize];
    assert_eq!(
        (rating.credit, rating.rate, rating.tier),
        (dec!(4800), dec!(0.1), Some(0))
    );
    assert_eq!(january.state.holds.len(), 1);
    round_trips(&january);
}

#[test]
fn unknown_fields_are_rejected_with_their_path() {
    let bad = EXAMPLE.replacen(
        "\"tier_axis\": \"amount\"",
        "\"tier_axis\": \"amount\", \"tier_axes\": 1",
        1,
    );
    let error = serde_path_to_error::deserialize::<_, OwnedStatementRequest>(
        &mut serde_json::Deserializer::from_str(&bad),
    )
    .unwrap_err();
    assert_eq!(error.path().to_string(), "plan.components[0].tier_axes");
    assert!(
        error
            .inner()
            .to_string()
            .contains("unknown field `tier_axes`"),
        "{error}"
    );
}

#[test]
fn a_bad_enum_name_is_rejected_with_its_path() {
    let bad = EXAMPLE.replacen(
        "\"kinds\": [\"new\"], \"unit\"",
        "\"kinds\": [\"newish\"], \"unit\"",
        1,
    );
    let error = serde_path_to_error::deserialize::<_, OwnedStatementRequest>(
        &mut serde_json::Deserializer::from_str(&bad),
    )
    .unwrap_err();
    assert_eq!(
        error.path().to_string(),
        "plan.components[0].measure.kinds[0]"
    );
}

#[test]
fn a_serialized_state_is_as_large_as_what_it_holds() {
    // The fixed-capacity lists serialize only the items in use: an empty
    // state is a few hundred bytes, not the struct's in-memory size.
    let empty = serde_json::to_string(&PayoutState::new(REP, Currency::USD)).unwrap();
    assert!(empty.len() < 1_000, "{} bytes", empty.len());
    assert!(core::mem::size_of::<PayoutState>() > 50 * empty.len());
    // The growable storage writes the same JSON, and is small in memory
    // too: its lists are on the heap.
    let growable = PayoutState::<Growable>::empty(REP, Currency::USD);
    assert_eq!(serde_json::to_string(&growable).unwrap(), empty);
    assert!(core::mem::size_of::<PayoutState<Growable>>() < 2_048);
}

/// A year of monthly deals and go-lives under a stepped holdback and a
/// clawback, run through both APIs.
fn year_of(amounts: &[(u32, u32)]) -> (Plan, PayoutPolicy, Vec<MonthInput>) {
    let plan = flat_plan();
    let new = KindSet::of(&[TransactionKind::New]);
    let policy = PayoutPolicy::plain()
        .with_holdback(HoldbackRule::new(
            20,
            new,
            dec!(0.25),
            ReleaseCondition::CustomerLive,
        ))
        .unwrap();
    let mut months = vec![MonthInput::default(); 12];
    for (i, &(month, cents)) in amounts.iter().enumerate() {
        let id = i as u64 + 1;
        let booked = date(month, 10);
        let mrr = Decimal::from_nanos(i128::from(cents) * 10_000_000).unwrap();
        months[month as usize - 1]
            .deals
            .push(deal(id, booked, &mrr.to_string()));
        if month < 12 {
            months[month as usize].events.push(event(
                id,
                EventKind::CustomerLive,
                date(month + 1, 3),
                "1",
            ));
        }
    }
    (plan, policy, months)
}

#[test]
fn owned_statements_match_the_caller_buffer_ones_and_round_trip() {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(24));
    let strategy = prop::collection::vec((1u32..=12, 1u32..2_000_000), 0..12);
    runner
        .run(&strategy, |amounts| {
            owned_year_matches(&amounts);
            Ok(())
        })
        .unwrap();
}

fn owned_year_matches(amounts: &[(u32, u32)]) {
    let (plan, policy, months) = year_of(amounts);
    let setup = Setup {
        plan: &plan,
        policy: &policy,
        relief: None,
        fx: &[],
    };
    let runs = run_months(&setup, PayoutState::new(REP, Currency::USD), &months);
    let mut state = PayoutState::<Growable>::empty(REP, Currency::USD);
    let mut deals = Vec::new();
    round_trips(&plan);
    round_trips(&policy);
    for (i, (run, input)) in runs.iter().zip(&months).enumerate() {
        deals.extend(input.deals.iter().cloned());
        deals.sort_by_key(|t: &Transaction| t.source.date);
        let credits = credit_transactions_owned(&deals, &[]).unwrap();
        assert_eq!(credits, credit_all(&deals));
        let period = month(i as u32 + 1);
        let mut request = StatementRequest::new(period, &plan, &policy, &credits, &state);
        request.events = &input.events;
        let owned = statement_owned(&request).unwrap();
        assert_eq!(owned.statement, run.statement);
        assert_eq!(owned.lines, run.lines);
        // Same position in either storage, and the same JSON.
        assert_eq!(owned.state, run.state.to_storage().unwrap());
        assert_eq!(owned.state.to_storage::<Inline>().unwrap(), run.state);
        assert_eq!(
            serde_json::to_string(&owned.state).unwrap(),
            serde_json::to_string(&run.state).unwrap()
        );
        for line in &owned.lines {
            if let Some(index) = line.earnings {
                assert_eq!(owned.earnings[index as usize], run.explain(line));
            }
        }
        let earnings = compute_earnings_owned(&plan, REP, &credits, &[], period.last()).unwrap();
        round_trips(&earnings);
        round_trips(&owned);
        for transaction in &deals {
            round_trips(transaction);
        }
        state = owned.state;
    }
}
