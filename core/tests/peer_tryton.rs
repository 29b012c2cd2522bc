//! Differential test against Tryton's `commission` module (issue 15,
//! acceptance point 2): the same invoice lines rated by a product/category
//! first-match plan give the same commission, line by line, at Tryton's
//! 4-decimal half-even line precision, in the invoice's own currency.
//!
//! `core/tests/data/tryton_commission.json` was written by
//! `core/tests/peer/tryton_commission.py` (seed 1515) from Tryton itself;
//! `.ci/peer-tryton` regenerates a file with fresh seeds and points
//! `PEER_TRYTON_JSON` at it, so this test then checks that file too.
//!
//! The mapping: a Tryton plan line (sequence order) is a component of one
//! rule group, its product or category the measure's attribute filter, its
//! formula `amount * rate` a flat rate on the line amount; the plan rounds
//! lines at `RoundAt::Places(4)` half-even. Tryton's category tree is the
//! plan's `categories`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod support;

use salesphysics_core::compensation::*;
use salesphysics_core::{Decimal, RoundingMode};
use serde_json::Value;
use support::compensation::*;
use TransactionKind::New;

fn id(value: &Value) -> Option<u32> {
    value.as_u64().map(|v| u32::try_from(v).unwrap())
}

fn dec(value: &Value) -> Decimal {
    value.as_str().unwrap().parse().unwrap()
}

/// Rates the file's invoice lines as salesphysics and compares each with
/// Tryton's commission; returns the number of lines compared.
fn check(json: &str) -> usize {
    let data: Value = serde_json::from_str(json).unwrap();
    let mut components = Vec::new();
    for (i, line) in data["plan_lines"].as_array().unwrap().iter().enumerate() {
        let mut measure = new_mrr();
        measure.attributes.product = id(&line["product"]);
        measure.attributes.category = id(&line["category"]);
        let mut c = component(
            u32::try_from(100 + i).unwrap(),
            measure,
            "1",
            QuotaPeriod::Year,
            RateTable::flat(dec(&line["rate"])),
        );
        c.group = Some(1);
        c.weight = if i == 0 { Decimal::ONE } else { Decimal::ZERO };
        components.push(c);
    }
    let mut p = plan(None, components);
    p.rounding = RoundingPolicy {
        at: RoundAt::Places(4),
        mode: RoundingMode::HalfEven,
    };
    for c in data["categories"].as_array().unwrap() {
        p.categories
            .push(Category {
                id: id(&c["id"]).unwrap(),
                parent: id(&c["parent"]),
            })
            .unwrap();
    }
    let category_of = |product: u32| {
        data["products"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| id(&q["id"]) == Some(product))
            .and_then(|q| id(&q["category"]))
    };
    let lines = data["lines"].as_array().unwrap();
    let transactions: Vec<Transaction> = lines
        .iter()
        .map(|l| {
            let product = id(&l["product"]).unwrap();
            let amount = l["amount"].as_str().unwrap();
            let mut t = deal(l["id"].as_u64().unwrap(), date(3, 1), New, amount, 1);
            t.source.attributes.product = Some(product);
            t.source.attributes.category = category_of(product);
            t
        })
        .collect();
    let (earned, _) = earn(&p, 1, &transactions, date(12, 31));
    for l in lines {
        let tx = l["id"].as_u64().unwrap();
        let ours: Vec<&EarningsLine> = earned
            .iter()
            .filter(|e| e.transaction_id == Some(tx))
            .collect();
        match &l["commission"] {
            Value::Null => assert!(ours.is_empty(), "line {tx}: Tryton pays nothing"),
            tryton => {
                assert_eq!(ours.len(), 1, "line {tx}: one rule wins");
                assert_eq!(ours[0].places, 4);
                assert_eq!(
                    ours[0].amount.amount(),
                    dec(tryton),
                    "line {tx}: {}",
                    ours[0]
                );
            }
        }
    }
    lines.len()
}

#[test]
fn recorded_tryton_commissions_match_line_by_line() {
    let compared = check(include_str!("data/tryton_commission.json"));
    assert!(compared >= 400);
}

#[test]
fn fresh_tryton_run_matches_line_by_line() {
    let Ok(path) = std::env::var("PEER_TRYTON_JSON") else {
        return;
    };
    let json = std::fs::read_to_string(&path).unwrap();
    let compared = check(&json);
    println!("peer-tryton: {compared} lines of {path} match Tryton exactly");
}
