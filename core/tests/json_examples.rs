//! One documented JSON example per engine (`core/tests/data/json/`, shown in
//! `docs/json.md`), deserialized and computed end to end with the figures
//! checked by hand; and JSON round trips of what the engines produce.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use salesphysics_core::compensation::{
    credit_transactions_owned, OwnedEarningsRequest, ReportingLine, Transaction,
};
use salesphysics_core::tiering::{Account, Motion, Outcome, OwnedTieringPolicy};
use salesphysics_core::{dec, Currency, Money};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// `value → JSON → value` is the identity, and the JSON is stable.
fn round_trips<T: Serialize + DeserializeOwned + PartialEq + core::fmt::Debug>(value: &T) {
    let json = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(&back, value, "{json}");
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
}

fn usd(amount: &str) -> Money {
    Money::parse(amount, Currency::USD).unwrap()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TieringBatch {
    policy: OwnedTieringPolicy,
    accounts: Vec<Account>,
}

#[test]
fn the_documented_tiering_batch_classifies() {
    let batch: TieringBatch =
        serde_json::from_str(include_str!("data/json/tiering_batch.json")).unwrap();
    let result = batch.policy.classify(&batch.accounts).unwrap();
    let tiers: Vec<Option<u8>> = result
        .outcomes
        .iter()
        .map(|o| o.classification().map(|c| c.tier))
        .collect();
    // 4,999.99 is below the 5,000 edge: VSB. 60,000 with four decision
    // makers and an integration hits the escalation rule: enterprise.
    // 8,000 is in [5,000, 100,000): SMB.
    assert_eq!(tiers, [Some(0), Some(2), Some(1)]);
    let Outcome::Matched(enterprise) = result.outcomes[1] else {
        panic!("account 2 matched")
    };
    assert_eq!(enterprise.matched_rule, 1);
    // Field sales costs 100,000 per win against 60,000 of first-year value
    // (threshold 1): misaligned; inside sales (5,000) would still pay.
    let alignment = result.alignments[1].unwrap();
    assert!(alignment.misaligned);
    assert_eq!(alignment.cost_ratio, Some(dec!(1.6667)));
    assert_eq!(alignment.cheaper_motion, Some(Motion::InsideSales));
    assert!(!result.alignments[2].unwrap().misaligned);
    assert_eq!(result.summary.tiers[2].first_year_value, usd("60000"));
    assert_eq!(result.summary.tiers[2].misaligned, 1);
    round_trips(&result);
    round_trips(&batch.policy);
}

#[test]
fn the_documented_earnings_request_rates() {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Crediting {
        transactions: Vec<Transaction>,
        hierarchy: Vec<ReportingLine>,
    }
    let json: serde_json::Value =
        serde_json::from_str(include_str!("data/json/compensation_earnings.json")).unwrap();
    let crediting: Crediting = serde_json::from_value(json["crediting"].clone()).unwrap();
    let credits = credit_transactions_owned(&crediting.transactions, &crediting.hierarchy).unwrap();
    // Deal 1 (10,000 MRR) splits 60/40 between reps 11 and 12, both roll up
    // to manager 50: four lines; deal 2 (2,500) is rep 11's alone: two more.
    assert_eq!(credits.len(), 6);
    let mut request: OwnedEarningsRequest =
        serde_json::from_value(json["earnings"].clone()).unwrap();
    request.credits = credits;
    let earnings = request.compute().unwrap();
    // Rep 11: 6,000 + 2,500 = 8,500 of new MRR in January, graduated 5 % to
    // 5,000 and 8 % above: 250 + 280 = 530.00.
    assert_eq!(earnings.summary.total, usd("530.00"));
    round_trips(&earnings);
    round_trips(&crediting.transactions);
}
