//! The serde shapes in a binary format (postcard): decimals travel as
//! their exact nano count, dates as day numbers, and every documented JSON
//! example survives `JSON → value → binary → value` unchanged, with the
//! engines' results on it. This is the encoding the service fingerprints.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use proptest::prelude::*;
use salesphysics_core::capacity::OwnedPlanInput;
use salesphysics_core::compensation::{
    credit_transactions_owned, OwnedEarningsRequest, Transaction,
};
use salesphysics_core::funnel::{BridgeInput, OwnedFunnelModel, OwnedRevenueGoal};
use salesphysics_core::payout::OwnedStatementRequest;
use salesphysics_core::tiering::{Account, OwnedTieringPolicy};
use salesphysics_core::{dec, Currency, Date, Decimal, Money};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// `value → postcard → value` is the identity and the bytes are stable.
fn binary_round_trips<T: Serialize + DeserializeOwned + PartialEq + core::fmt::Debug>(value: &T) {
    let bytes = postcard::to_allocvec(value).unwrap();
    let back: T = postcard::from_bytes(&bytes).unwrap();
    assert_eq!(&back, value);
    assert_eq!(postcard::to_allocvec(&back).unwrap(), bytes);
}

fn json<T: DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).unwrap()
}

#[test]
fn a_decimal_is_its_nano_count_and_a_date_its_day_number() {
    // 1.5 = 1,500,000,000 nanos: zigzag 3,000,000,000 as a LEB128 varint
    // (5 bytes), not the string "1.5".
    assert_eq!(
        postcard::to_allocvec(&dec!(1.5)).unwrap(),
        [0x80, 0xBC, 0xC1, 0x96, 0x0B]
    );
    // 1970-01-02 is day 1: zigzag 2.
    assert_eq!(
        postcard::to_allocvec(&Date::new(1970, 1, 2).unwrap()).unwrap(),
        [2]
    );
    // Money: the amount's nanos, then the code as a length-prefixed string.
    let money = Money::new(dec!(-0.000000001), Currency::USD);
    assert_eq!(
        postcard::to_allocvec(&money).unwrap(),
        [1, 3, b'U', b'S', b'D']
    );
    // JSON keeps its strings.
    assert_eq!(serde_json::to_string(&dec!(1.5)).unwrap(), "\"1.5\"");
}

#[test]
fn a_nano_count_out_of_range_is_refused() {
    let too_big = postcard::to_allocvec(&i128::MAX).unwrap();
    assert!(postcard::from_bytes::<Decimal>(&too_big).is_err());
}

#[test]
fn every_documented_example_round_trips_in_binary() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct TieringBatch {
        policy: OwnedTieringPolicy,
        accounts: Vec<Account>,
    }
    let tiering: TieringBatch = json(include_str!("data/json/tiering_batch.json"));
    binary_round_trips(&tiering);
    binary_round_trips(&tiering.policy.classify(&tiering.accounts).unwrap());

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct FunnelPlan {
        goal: OwnedRevenueGoal,
        model: OwnedFunnelModel,
        bridge: BridgeInput,
    }
    let funnel: FunnelPlan = json(include_str!("data/json/funnel_plan.json"));
    binary_round_trips(&funnel);
    binary_round_trips(&funnel.goal.plan().unwrap());

    let capacity: OwnedPlanInput = json(include_str!("data/json/capacity_plan.json"));
    binary_round_trips(&capacity);
    binary_round_trips(&capacity.plan().unwrap());

    let earnings: serde_json::Value = json(include_str!("data/json/compensation_earnings.json"));
    let transactions: Vec<Transaction> =
        serde_json::from_value(earnings["crediting"]["transactions"].clone()).unwrap();
    binary_round_trips(&transactions);
    let mut request: OwnedEarningsRequest =
        serde_json::from_value(earnings["earnings"].clone()).unwrap();
    request.credits = credit_transactions_owned(
        &transactions,
        &serde_json::from_value::<Vec<_>>(earnings["crediting"]["hierarchy"].clone()).unwrap(),
    )
    .unwrap();
    binary_round_trips(&request);
    binary_round_trips(&request.compute().unwrap());
}

#[test]
fn the_documented_statement_round_trips_in_binary() {
    let statement: OwnedStatementRequest =
        json(include_str!("data/json/payout_statement_request.json"));
    binary_round_trips(&statement);
    binary_round_trips(&statement.compute().unwrap());
}

proptest! {
    #[test]
    fn any_decimal_round_trips_exactly(nanos in -(10i128.pow(36))..10i128.pow(36)) {
        if let Ok(value) = Decimal::from_nanos(nanos) {
            let bytes = postcard::to_allocvec(&value).unwrap();
            prop_assert_eq!(postcard::from_bytes::<Decimal>(&bytes).unwrap(), value);
        }
    }

    #[test]
    fn any_date_round_trips(days in -1_000_000i32..1_000_000) {
        if let Ok(date) = Date::from_days_since_epoch(days) {
            let bytes = postcard::to_allocvec(&date).unwrap();
            prop_assert_eq!(postcard::from_bytes::<Date>(&bytes).unwrap(), date);
        }
    }
}
