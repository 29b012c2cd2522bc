//! Issue 15, first slice: transaction attributes (product, category tree,
//! territory, custom) that measures filter on, first-match rule groups
//! against additive components, and line precision independent of the
//! currency — each with a published example and its source, their
//! interactions (precedence and attainment, precision and the statement
//! total), validation paths and serde shapes.
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
use salesphysics_core::{Decimal, Period, RoundingMode};
use support::compensation::*;
use TransactionKind::New;

const CATEGORY: u32 = 1;
const CHILD_CATEGORY: u32 = 2;

/// A one-line-per-credit rule: `rate` on the MRR of credits with `filter`.
fn rule(id: u32, filter: Attributes, rate: &str) -> Component {
    let mut measure = new_mrr();
    measure.attributes = filter;
    let mut c = component(
        id,
        measure,
        "1000",
        QuotaPeriod::Year,
        RateTable::flat(d(rate)),
    );
    c.weight = Decimal::ZERO;
    c
}

/// A plan of `rules` (the first carries the weight), in `group` if given.
fn rules_plan(rules: Vec<Component>, group: Option<u32>) -> Plan {
    let rules = rules
        .into_iter()
        .enumerate()
        .map(|(i, mut c)| {
            c.group = group;
            c.weight = if i == 0 { Decimal::ONE } else { Decimal::ZERO };
            c
        })
        .collect();
    plan(None, rules)
}

fn sale(id: u64, amount: &str, attributes: Attributes) -> Transaction {
    let mut t = deal(id, date(3, 1), New, amount, 1);
    t.source.attributes = attributes;
    t
}

fn category(id: u32) -> Attributes {
    Attributes {
        category: Some(id),
        ..Attributes::NONE
    }
}

fn product(id: u32) -> Attributes {
    Attributes {
        product: Some(id),
        ..Attributes::NONE
    }
}

fn paid(plan: &Plan, transactions: &[Transaction]) -> (Vec<EarningsLine>, EarningsSummary) {
    earn(plan, 1, transactions, date(12, 31))
}

// --- feature 1 + 2: Tryton's published category example -----------------------

#[test]
fn tryton_category_rule_matches_the_category_and_its_sub_categories() {
    // Source: Tryton `commission` module, tests/test_module.py,
    // `test_plan_category` (trytond_commission 8.2): plan lines
    // [category "Category": amount * 0.8, (any): amount]; a product in
    // "Category" → compute(1) = 0.8; with no category → 1; in "Child
    // Category" (parent "Category") → 0.8.
    let mut p = rules_plan(
        vec![
            rule(10, category(CATEGORY), "0.8"),
            rule(11, Attributes::NONE, "1"),
        ],
        Some(1),
    );
    p.categories
        .push(Category {
            id: CATEGORY,
            parent: None,
        })
        .unwrap();
    p.categories
        .push(Category {
            id: CHILD_CATEGORY,
            parent: Some(CATEGORY),
        })
        .unwrap();
    p.rounding.at = RoundAt::Places(4);
    let (lines, _) = paid(
        &p,
        &[
            sale(1, "1", category(CATEGORY)),
            sale(2, "1", Attributes::NONE),
            sale(3, "1", category(CHILD_CATEGORY)),
        ],
    );
    assert_eq!(earned_on(&lines, 1), d("0.8"));
    assert_eq!(earned_on(&lines, 2), d("1"));
    assert_eq!(earned_on(&lines, 3), d("0.8"));
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.kind == LineKind::Commission)
            .count(),
        3
    );

    // Without the tree the child category is only itself: the catch-all pays.
    p.categories.clear();
    let (lines, _) = paid(&p, &[sale(3, "1", category(CHILD_CATEGORY))]);
    assert_eq!(earned_on(&lines, 3), d("1"));
}

// --- feature 2: precedence ------------------------------------------------------

#[test]
fn ten_percent_on_all_but_fifty_on_product_b_pays_fifty_on_b() {
    // The issue's plan, as Tryton writes it (sequence 10: product B at
    // 50 %, sequence 20: any product at 10 %). Product A 1 000 → 100;
    // product B 1 000 → 500 (first match), not 600.
    const A: u32 = 7;
    const B: u32 = 8;
    let rules = || {
        vec![
            rule(10, product(B), "0.5"),
            rule(11, Attributes::NONE, "0.1"),
        ]
    };
    let deals = [sale(1, "1000", product(A)), sale(2, "1000", product(B))];

    let (lines, summary) = paid(&rules_plan(rules(), Some(1)), &deals);
    assert_eq!(earned_on(&lines, 1), d("100"));
    assert_eq!(earned_on(&lines, 2), d("500"));
    assert_eq!(summary.total.amount(), d("600"));
    // Attainment counts what each rule rated: B's rule 1 000, the
    // catch-all only A's 1 000 (quota 1 000 → 100 % each).
    let credit: Vec<Decimal> = summary.components.iter().map(|c| c.credit).collect();
    assert_eq!(credit, [d("1000"), d("1000")]);
    assert_eq!(summary.attainment.components[1].attainment, d("1"));

    // Additive (today's default): every matching component pays, B earns 60 %.
    let (lines, summary) = paid(&rules_plan(rules(), None), &deals);
    assert_eq!(earned_on(&lines, 2), d("600"));
    assert_eq!(summary.components[1].credit, d("2000"));
}

#[test]
fn groups_are_independent_and_additive_components_pay_alongside() {
    // Group 1: product rules (first match); group 2: territory rules; one
    // additive kicker-free component on everything. A 1 000 deal of
    // product 8 in territory 3 pays 50 % (group 1) + 2 % (group 2, first
    // of its two matching rules) + 1 % (additive) = 530.
    let mut rules = vec![
        rule(10, product(8), "0.5"),
        rule(11, Attributes::NONE, "0.1"),
        rule(
            20,
            Attributes {
                territory: Some(3),
                ..Attributes::NONE
            },
            "0.02",
        ),
        rule(21, Attributes::NONE, "0.04"),
        rule(30, Attributes::NONE, "0.01"),
    ];
    for (c, group) in rules
        .iter_mut()
        .zip([Some(1), Some(1), Some(2), Some(2), None])
    {
        c.group = group;
    }
    rules[0].weight = Decimal::ONE;
    let p = plan(None, rules);
    let attributes = Attributes {
        product: Some(8),
        territory: Some(3),
        ..Attributes::NONE
    };
    let (lines, _) = paid(&p, &[sale(1, "1000", attributes)]);
    let rules: Vec<u32> = lines.iter().map(|l| l.rule_id).collect();
    assert_eq!(rules, [10, 20, 30]);
    assert_eq!(earned_on(&lines, 1), d("530"));
}

#[test]
fn territory_and_custom_attributes_filter_credits() {
    // 5 % on territory 4 deals flagged "multi-year" (custom attribute 2):
    // only deal 1 has both; deal 2 lacks the flag, deal 3 the territory.
    let filter = Attributes {
        territory: Some(4),
        custom: AttributeSet::of(&[2]).unwrap(),
        ..Attributes::NONE
    };
    let p = rules_plan(vec![rule(10, filter, "0.05")], None);
    let tagged = |territory, custom: &[u8]| Attributes {
        territory: Some(territory),
        custom: AttributeSet::of(custom).unwrap(),
        ..Attributes::NONE
    };
    let (lines, _) = paid(
        &p,
        &[
            sale(1, "2000", tagged(4, &[2, 5])),
            sale(2, "2000", tagged(4, &[5])),
            sale(3, "2000", tagged(5, &[2])),
        ],
    );
    assert_eq!(earned_on(&lines, 1), d("100"));
    assert_eq!(lines.len(), 1);
    assert!(AttributeSet::of(&[64]).is_err());
}

#[test]
fn attributes_are_carried_to_every_credit_line() {
    let attributes = Attributes {
        product: Some(9),
        category: Some(CHILD_CATEGORY),
        territory: Some(2),
        custom: AttributeSet::of(&[0, 63]).unwrap(),
    };
    let mut t = with_splits(
        1,
        date(3, 1),
        New,
        "900",
        &[
            split(1, SplitKind::Revenue, "0.5"),
            split(2, SplitKind::Revenue, "0.5"),
            split(3, SplitKind::Overlay, "1"),
        ],
    );
    t.source.attributes = attributes;
    let credits = credit_all(
        &[t],
        &[ReportingLine {
            participant_id: 1,
            manager_id: 4,
            effective: Period::year(YEAR).unwrap(),
        }],
    );
    assert_eq!(credits.len(), 4);
    assert!(credits.iter().all(|c| c.source.attributes == attributes));
}

// --- feature 3: line precision --------------------------------------------------

#[test]
fn tryton_scenario_line_at_four_places_statement_at_cents() {
    // Source: Tryton `commission` module, tests/scenario_commission.rst
    // (trytond_commission 8.2): a 100.00 invoice line under
    // `amount * 0.1` gives a commission of Decimal('10.0000') (4 places,
    // `round_price`), invoiced as total_amount Decimal('10.00').
    let mut p = rules_plan(vec![rule(10, Attributes::NONE, "0.1")], None);
    p.rounding.at = RoundAt::Places(4);
    let (lines, summary) = paid(&p, &[sale(1, "100", Attributes::NONE)]);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].amount.amount(), d("10"));
    assert_eq!(lines[0].places, 4);
    assert_eq!(summary.total.amount(), d("10"));
    assert!(
        lines[0]
            .to_string()
            .ends_with("= 10.00 USD (earned, 4 places)"),
        "{}",
        lines[0]
    );
}

#[test]
fn four_place_lines_round_half_even_and_the_total_rounds_once_to_cents() {
    // 5.25 × 0.0625 = 0.328125 → 0.3281; 0.01 × 0.125 = 0.00125 → 0.0012
    // (a tie, to even); 0.03 × 0.125 = 0.00375 → 0.0038 (tie, to even).
    // Lines sum 0.3281 × 3 + 0.0012 + 0.0038 = 0.9893 → 0.99 (a rounding
    // line of +0.0007). Per line at cents they would be 0.33 × 3 + 0.00 +
    // 0.00 = 0.99 too, but per-line 4-place amounts are Tryton's.
    let mut p = rules_plan(
        vec![
            rule(10, product(1), "0.0625"),
            rule(11, Attributes::NONE, "0.125"),
        ],
        Some(1),
    );
    p.rounding.at = RoundAt::Places(4);
    let deals = [
        sale(1, "5.25", product(1)),
        sale(2, "5.25", product(1)),
        sale(3, "5.25", product(1)),
        sale(4, "0.01", Attributes::NONE),
        sale(5, "0.03", Attributes::NONE),
    ];
    let (lines, summary) = paid(&p, &deals);
    let amounts: Vec<Decimal> = lines.iter().map(|l| l.amount.amount()).collect();
    assert_eq!(
        amounts,
        [
            d("0.3281"),
            d("0.3281"),
            d("0.3281"),
            d("0.0012"),
            d("0.0038"),
            d("0.0007")
        ]
    );
    let rounding = lines.last().unwrap();
    assert_eq!(rounding.kind, LineKind::Rounding);
    assert_eq!(rounding.places, 2);
    assert_eq!(summary.rounding.amount(), d("0.0007"));
    assert_eq!(summary.total.amount(), d("0.99"));

    // Rounding each line to the currency instead: 0.33 × 3 + 0.00 + 0.00.
    p.rounding.at = RoundAt::Line;
    let (lines, summary) = paid(&p, &deals);
    assert!(lines.iter().all(|l| l.places == 2));
    assert_eq!(summary.total.amount(), d("0.99"));
    assert_eq!(earned_on(&lines, 4), d("0"));
}

// --- validation -------------------------------------------------------------------

fn plan_error(p: &Plan) -> String {
    p.validate().unwrap_err().to_string()
}

#[test]
fn new_inputs_are_validated_with_field_paths() {
    let base = rules_plan(vec![rule(10, category(CATEGORY), "0.1")], Some(1));

    let mut p = base.clone();
    p.categories
        .push(Category {
            id: 1,
            parent: None,
        })
        .unwrap();
    p.categories
        .push(Category {
            id: 2,
            parent: Some(9),
        })
        .unwrap();
    assert!(
        plan_error(&p).starts_with("categories[1].parent"),
        "{}",
        plan_error(&p)
    );

    let mut p = base.clone();
    p.categories
        .push(Category {
            id: 1,
            parent: None,
        })
        .unwrap();
    p.categories
        .push(Category {
            id: 1,
            parent: None,
        })
        .unwrap();
    assert!(
        plan_error(&p).starts_with("categories[1].id"),
        "{}",
        plan_error(&p)
    );

    // A cycle is a chain deeper than any tree allows.
    let mut p = base.clone();
    p.categories
        .push(Category {
            id: 1,
            parent: Some(2),
        })
        .unwrap();
    p.categories
        .push(Category {
            id: 2,
            parent: Some(1),
        })
        .unwrap();
    assert!(
        plan_error(&p).starts_with("categories[0].parent"),
        "{}",
        plan_error(&p)
    );

    for places in [1, 10] {
        let mut p = base.clone();
        p.rounding.at = RoundAt::Places(places);
        assert!(
            plan_error(&p).starts_with("rounding.at"),
            "{}",
            plan_error(&p)
        );
    }
    let mut p = base;
    p.rounding.at = RoundAt::Places(9);
    p.validate().unwrap();
}

// --- serde ------------------------------------------------------------------------

#[test]
fn new_fields_have_serde_shapes_and_default_when_absent() {
    let mut p = rules_plan(
        vec![rule(
            10,
            Attributes {
                product: Some(3),
                category: Some(CATEGORY),
                territory: Some(4),
                custom: AttributeSet::of(&[1, 2]).unwrap(),
            },
            "0.1",
        )],
        Some(7),
    );
    p.categories
        .push(Category {
            id: CATEGORY,
            parent: None,
        })
        .unwrap();
    p.rounding = RoundingPolicy {
        at: RoundAt::Places(4),
        mode: RoundingMode::HalfEven,
    };
    let json = serde_json::to_string(&p).unwrap();
    assert!(json.contains(r#""at":{"places":4}"#), "{json}");
    assert!(json.contains(r#""custom":[1,2]"#), "{json}");
    assert!(json.contains(r#""group":7"#), "{json}");
    let back: Plan = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);

    // A transaction written before attributes existed still reads.
    let t: Transaction = serde_json::from_str(
        r#"{"source":{"transaction_id":1,"date":"2026-03-01","kind":"new",
            "account_tier":"smb","channel":null},
            "amount":{"amount":"10","currency":"USD"},"quantity":"0",
            "splits":[{"participant_id":1,"kind":"revenue","share":"1"}]}"#,
    )
    .unwrap();
    assert_eq!(t.source.attributes, Attributes::NONE);
    let unknown = serde_json::from_str::<Attributes>(r#"{"sku":1}"#);
    assert!(unknown.is_err());
    let out_of_range = serde_json::from_str::<Attributes>(r#"{"custom":[64]}"#);
    assert!(out_of_range.is_err());
}

// --- property: first match against a plain oracle -----------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// In one group every credit is paid by exactly the first rule whose
    /// product / category (ancestor) / territory it meets, at that rule's
    /// rate, at 4 places half-even.
    #[test]
    fn first_match_pays_the_first_rule_the_credit_meets(
        rules in prop::collection::vec(
            (prop::option::of(0u32..4), prop::option::of(0u32..7), prop::option::of(0u32..3), 1u32..2000),
            1..6,
        ),
        deals in prop::collection::vec((0u32..4, 0u32..7, 0u32..3, 1u64..10_000_000), 1..30),
    ) {
        // Tree: 0 ← 1 ← 3, 0 ← 2 ← 4, 5 ← 6.
        let tree = [(0, None), (1, Some(0)), (2, Some(0)), (3, Some(1)), (4, Some(2)), (5, None), (6, Some(5))];
        let ancestors = |mut c: u32| {
            let mut all = vec![c];
            while let Some(parent) = tree[c as usize].1 { all.push(parent); c = parent; }
            all
        };
        let components = rules
            .iter()
            .enumerate()
            .map(|(i, (product, category, territory, rate))| {
                let filter = Attributes { product: *product, category: *category, territory: *territory, ..Attributes::NONE };
                rule(10 + i as u32, filter, &format!("0.{rate:04}"))
            })
            .collect();
        let mut p = rules_plan(components, Some(1));
        p.rounding.at = RoundAt::Places(4);
        for (id, parent) in tree {
            p.categories.push(Category { id, parent }).unwrap();
        }
        let transactions: Vec<Transaction> = deals
            .iter()
            .enumerate()
            .map(|(i, (product, category, territory, cents))| {
                let attributes = Attributes { product: Some(*product), category: Some(*category), territory: Some(*territory), ..Attributes::NONE };
                sale(i as u64 + 1, &format!("{}.{:02}", cents / 100, cents % 100), attributes)
            })
            .collect();
        let (lines, _) = paid(&p, &transactions);
        for (i, (product, category, territory, cents)) in deals.iter().enumerate() {
            let winner = rules.iter().position(|(rp, rc, rt, _)| {
                rp.is_none_or(|x| x == *product)
                    && rc.is_none_or(|x| ancestors(*category).contains(&x))
                    && rt.is_none_or(|x| x == *territory)
            });
            let ours: Vec<&EarningsLine> = lines.iter().filter(|l| l.transaction_id == Some(i as u64 + 1)).collect();
            match winner {
                None => prop_assert!(ours.is_empty()),
                Some(w) => {
                    prop_assert_eq!(ours.len(), 1);
                    prop_assert_eq!(ours[0].rule_id, 10 + w as u32);
                    // cents × rate/10 000 ÷ 100, half-even at 4 places, by integers:
                    // amount × 10⁴ = cents × rate / 100 (exact over 10⁶).
                    let exact = u128::from(*cents) * u128::from(rules[w].3);
                    let (q, r) = (exact / 100, exact % 100);
                    let q = if r > 50 || (r == 50 && q % 2 == 1) { q + 1 } else { q };
                    let expected = d(&format!("{}.{:04}", q / 10_000, q % 10_000));
                    prop_assert_eq!(ours[0].amount.amount(), expected);
                }
            }
        }
    }
}
