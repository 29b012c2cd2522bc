//! Issue 15, what-if estimator: what hypothetical deals add to a
//! participant's earnings, the tier they reach and attainment after,
//! without changing anything — checked against a published example and,
//! by property, against two full statements with and without the deals.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod support;

use support::vectors::text as s;

use proptest::prelude::*;
use salesphysics_core::compensation::*;
use salesphysics_core::{Date, Decimal, ErrorKind, Money};
use serde_json::Value;
use support::compensation::*;
use TransactionKind::New;

fn vector(id: &str) -> Value {
    support::vectors::case(include_str!("data/what_if.json"), id)
}

fn graduated(tiers: &Value) -> RateTable {
    let tiers: Vec<(String, Option<String>, String)> = tiers
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                s(&t[0]).to_string(),
                t[1].as_str().map(str::to_string),
                s(&t[2]).to_string(),
            )
        })
        .collect();
    let refs: Vec<(&str, Option<&str>, &str)> = tiers
        .iter()
        .map(|(l, u, r)| (l.as_str(), u.as_deref(), r.as_str()))
        .collect();
    table(RateMethod::Graduated, &refs)
}

fn request(plan: Plan, booked: &[Transaction], what_if: &[Transaction]) -> OwnedEstimateRequest {
    OwnedEstimateRequest {
        plan,
        participant_id: 1,
        credits: credit_all(booked, &[]),
        hypothetical: what_if.to_vec(),
        hierarchy: vec![],
        fx: vec![],
        through: date(12, 31),
    }
}

/// A plan of one monthly new-MRR component (quota 10 000) whose table is
/// tiered on the month's credit to date.
fn monthly_period_to_date(method: RateMethod, tiers: &[(&str, Option<&str>, &str)]) -> Plan {
    let mut c = component(
        10,
        new_mrr(),
        "10000",
        QuotaPeriod::Month,
        table(method, tiers),
    );
    c.tier_basis = TierBasis::PeriodToDate;
    plan(None, vec![c])
}

#[test]
fn spiff_marginal_example_as_a_what_if() {
    // 145 000 booked in May earns 145 000 × 4 % = 5 800. What if a 20 000
    // deal closes on 20 May? 5 000 × 4 % + 15 000 × 6 % = 1 100 more (the
    // published figure), tier 1 reached, attainment 145/250 = 0.58 → 0.66.
    let case = vector("spiff-marginal-what-if");
    let mut c = component(
        10,
        new_mrr(),
        s(&case["quota"]),
        QuotaPeriod::Month,
        graduated(&case["tiers"]),
    );
    c.tier_basis = TierBasis::PeriodToDate;
    let plan = plan(None, vec![c]);
    let booked = [deal(1, date(5, 2), New, s(&case["prior_cumulative"]), 1)];
    let what_if = [deal(2, date(5, 20), New, s(&case["hypothetical_deal"]), 1)];
    let mut req = request(plan, &booked, &what_if);
    req.through = date(5, 31);
    let before = req.credits.clone();
    let answer = req.estimate().unwrap();
    let e = &case["expected"];
    let estimate = &answer.estimate;
    assert_eq!(estimate.earned_before, usd(s(&e["earned_before"])));
    assert_eq!(estimate.earned_after, usd(s(&e["earned_after"])));
    assert_eq!(estimate.incremental, usd(s(&e["incremental"])));
    let component = &estimate.components[0];
    assert_eq!(component.incremental, usd(s(&e["incremental"])));
    assert_eq!(
        component.tier_reached,
        Some(u8::try_from(e["tier_reached"].as_u64().unwrap()).unwrap())
    );
    assert_eq!(component.attainment_before, d(s(&e["attainment_before"])));
    assert_eq!(component.attainment_after, d(s(&e["attainment_after"])));
    assert_eq!(estimate.attainment_after.weighted, d("0.66"));
    // The deal's own lines explain the 1 100: two slices, tiers 0 and 1.
    let slices: Vec<_> = answer
        .lines
        .iter()
        .map(|l| (l.tier, l.credit, l.amount))
        .collect();
    assert_eq!(
        slices,
        [
            (Some(0), d("5000"), usd("200")),
            (Some(1), d("15000"), usd("900"))
        ]
    );
    // Nothing changed: the request's credits are as they were.
    assert_eq!(req.credits, before);
}

#[test]
fn a_what_if_that_crosses_a_retroactive_tier_counts_the_re_rating() {
    // Sage's retroactive table (0–5 000 @ 10 %, 5 000+ @ 15 %), per month:
    // 4 000 booked earns 400; a 2 800 deal takes the month to 6 800, which
    // pays 6 800 × 15 % = 1 020 — the deal's 2 800 × 15 % = 420 plus the
    // re-rating of the 4 000 at +5 % = 200: 620 more, tier 1 reached.
    let plan = monthly_period_to_date(
        RateMethod::Retroactive,
        &[("0", Some("5000"), "0.10"), ("5000", None, "0.15")],
    );
    let booked = [deal(1, date(3, 2), New, "4000", 1)];
    let what_if = [deal(2, date(3, 9), New, "2800", 1)];
    let answer = request(plan, &booked, &what_if).estimate().unwrap();
    assert_eq!(answer.estimate.earned_before, usd("400"));
    assert_eq!(answer.estimate.earned_after, usd("1020"));
    assert_eq!(answer.estimate.incremental, usd("620"));
    assert_eq!(answer.estimate.components[0].tier_reached, Some(1));
    let kinds: Vec<_> = answer.lines.iter().map(|l| (l.kind, l.amount)).collect();
    assert_eq!(
        kinds,
        [
            (LineKind::Commission, usd("420")),
            (LineKind::RetroAdjustment, usd("200"))
        ]
    );
}

#[test]
fn a_what_if_that_opens_a_gate_adds_the_commission_it_releases() {
    // 10 % gated at 50 % of a 10 000 monthly quota: 3 000 booked is gated
    // (0). A 4 000 deal makes 70 %: its 400 and the released 300 → 700.
    let mut c = component(
        10,
        new_mrr(),
        "10000",
        QuotaPeriod::Month,
        RateTable::flat(d("0.1")),
    );
    c.gate = Some(Gate {
        component_id: 10,
        min_attainment: d("0.5"),
    });
    let plan = plan(None, vec![c]);
    let booked = [deal(1, date(4, 1), New, "3000", 1)];
    let what_if = [deal(2, date(4, 20), New, "4000", 1)];
    // Attainment is reported for the quota period containing `through`.
    let mut req = request(plan, &booked, &what_if);
    req.through = date(4, 30);
    let answer = req.estimate().unwrap();
    assert_eq!(answer.estimate.earned_before, usd("0"));
    assert_eq!(answer.estimate.incremental, usd("700"));
    assert_eq!(answer.estimate.components[0].attainment_before, d("0.3"));
    assert_eq!(answer.estimate.components[0].attainment_after, d("0.7"));
    // Only the deal's own line is listed; the release is in the total.
    assert_eq!(answer.lines.len(), 1);
    assert_eq!(answer.lines[0].amount, usd("400"));
}

#[test]
fn a_what_if_other_than_earlier_credit_is_merged_in_date_order() {
    // A hypothetical deal dated before a booked one is rated before it: on
    // a period-to-date graduated table the booked deal's tier moves.
    let plan = monthly_period_to_date(
        RateMethod::Graduated,
        &[("0", Some("5000"), "0.10"), ("5000", None, "0.20")],
    );
    // Booked 4 000 on 20 June: 400. What if 3 000 closes on 5 June?
    // 3 000 × 10 % = 300 first; then 4 000 = 2 000 × 10 % + 2 000 × 20 % =
    // 600; total 900, 500 more, though the deal's own line is 300.
    let booked = [deal(1, date(6, 20), New, "4000", 1)];
    let what_if = [deal(2, date(6, 5), New, "3000", 1)];
    let answer = request(plan, &booked, &what_if).estimate().unwrap();
    assert_eq!(answer.estimate.incremental, usd("500"));
    assert_eq!(answer.estimate.components[0].tier_reached, Some(0));
    assert_eq!(answer.lines[0].amount, usd("300"));
}

#[test]
fn what_if_validation_names_the_field() {
    let plan = plan(
        None,
        vec![component(
            10,
            new_mrr(),
            "10000",
            QuotaPeriod::Month,
            RateTable::flat(d("0.1")),
        )],
    );
    let booked = [deal(1, date(3, 2), New, "4000", 1)];
    // A deal split between two participants is two credit lines; errors
    // still name the transaction as the caller wrote it.
    let halves = [
        split(2, SplitKind::Revenue, "0.5"),
        split(1, SplitKind::Revenue, "0.5"),
    ];
    let cases: [(Vec<Transaction>, &str); 6] = [
        (
            vec![with_splits(1, date(3, 9), New, "100", &halves)],
            "hypothetical[0].source.transaction_id: a hypothetical deal needs a transaction id no credit uses",
        ),
        (
            vec![
                with_splits(2, date(3, 9), New, "100", &halves),
                deal(3, date(3, 8), New, "100", 1),
            ],
            "hypothetical[1].source.date: hypothetical deals must be in date order",
        ),
        (
            vec![deal(1, date(3, 9), New, "100", 1)],
            "hypothetical[0].source.transaction_id: a hypothetical deal needs a transaction id no credit uses",
        ),
        (
            vec![
                deal(2, date(3, 9), New, "100", 1),
                deal(3, date(3, 8), New, "100", 1),
            ],
            "hypothetical[1].source.date: hypothetical deals must be in date order",
        ),
        (
            vec![deal(2, Date::new(2027, 1, 4).unwrap(), New, "100", 1)],
            "hypothetical[0].source.date: a hypothetical deal must be dated within the plan, on or before `through`",
        ),
        (
            vec![
                deal(2, date(3, 9), New, "100", 1),
                activity(3, date(3, 10), TransactionKind::LeadAccepted, "-1", 1),
            ],
            "hypothetical[1].quantity: must not be negative",
        ),
    ];
    for (what_if, message) in cases {
        let error = request(plan.clone(), &booked, &what_if)
            .estimate()
            .unwrap_err();
        assert_eq!(error.to_string(), message);
    }
    // A date after `through`.
    let mut req = request(plan, &booked, &[deal(2, date(4, 1), New, "1", 1)]);
    req.through = date(3, 31);
    assert_eq!(
        req.estimate().unwrap_err().path().to_string(),
        "hypothetical[0].source.date"
    );
}

#[test]
fn short_buffers_name_the_size_needed() {
    let plan = plan(
        None,
        vec![component(
            10,
            new_mrr(),
            "10000",
            QuotaPeriod::Month,
            RateTable::flat(d("0.1")),
        )],
    );
    let credits = credit_all(&[deal(1, date(3, 2), New, "4000", 1)], &[]);
    let what_if = credit_all(&[deal(2, date(3, 9), New, "100", 1)], &[]);
    let valid = ValidatedPlan::new(&plan).unwrap();
    let mut merged = [CreditLine::EMPTY; 1];
    let mut out = [EarningsLine::EMPTY; 8];
    let error = estimate(
        &valid,
        1,
        &credits,
        &what_if,
        &[],
        date(12, 31),
        &mut merged,
        &mut out,
    )
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::BufferTooSmall { needed: 2 });
    assert_eq!(error.path().to_string(), "merged");
    let mut merged = [CreditLine::EMPTY; 2];
    let e = estimate(
        &valid,
        1,
        &credits,
        &what_if,
        &[],
        date(12, 31),
        &mut merged,
        &mut out,
    )
    .unwrap();
    assert_eq!(e.incremental, usd("10"));
    assert_eq!(e.line_count, 2);
}

#[test]
fn estimate_request_and_answer_serde_shapes() {
    let plan = plan(
        None,
        vec![component(
            10,
            new_mrr(),
            "10000",
            QuotaPeriod::Month,
            RateTable::flat(d("0.1")),
        )],
    );
    let mut req = request(
        plan,
        &[deal(1, date(3, 2), New, "4000", 1)],
        &[deal(2, date(3, 9), New, "1000", 1)],
    );
    req.through = date(3, 31);
    let json = serde_json::to_string(&req).unwrap();
    let back: OwnedEstimateRequest = serde_json::from_str(&json).unwrap();
    assert_eq!(back, req);
    let answer = back.estimate().unwrap();
    let value = serde_json::to_value(&answer).unwrap();
    assert_eq!(value["estimate"]["incremental"]["amount"], "100.00");
    assert_eq!(value["estimate"]["components"][0]["tier_reached"], 0);
    assert_eq!(
        value["estimate"]["components"][0]["attainment_after"],
        "0.5"
    );
    let again: OwnedEstimate = serde_json::from_value(value).unwrap();
    assert_eq!(again, answer);
    // `hierarchy` and `fx` may be left out.
    let mut value = serde_json::to_value(&req).unwrap();
    value.as_object_mut().unwrap().remove("hierarchy");
    value.as_object_mut().unwrap().remove("fx");
    assert_eq!(
        serde_json::from_value::<OwnedEstimateRequest>(value).unwrap(),
        req
    );
}

// ---- property: the estimate is the difference of two full statements ----

/// A plan exercising what a deal can move elsewhere: a period-to-date
/// graduated or retroactive table with an accelerator, a gate and a cap.
fn arb_plan() -> impl Strategy<Value = Plan> {
    (
        prop_oneof![Just(RateMethod::Graduated), Just(RateMethod::Retroactive)],
        any::<bool>(),
        any::<bool>(),
        prop_oneof![Just(QuotaPeriod::Month), Just(QuotaPeriod::Quarter)],
    )
        .prop_map(|(method, gated, capped, period)| {
            let mut c = component(
                10,
                new_mrr(),
                "20000",
                period,
                table(
                    method,
                    &[
                        ("0", Some("8000"), "0.05"),
                        ("8000", Some("20000"), "0.1"),
                        ("20000", None, "0.125"),
                    ],
                ),
            );
            c.tier_basis = TierBasis::PeriodToDate;
            c.accelerators
                .push(MultiplierBand {
                    from_attainment: d("1.2"),
                    multiplier: d("1.5"),
                })
                .unwrap();
            if gated {
                c.gate = Some(Gate {
                    component_id: 10,
                    min_attainment: d("0.25"),
                });
            }
            if capped {
                c.cap = Some(d("2500"));
            }
            plan(None, vec![c])
        })
}

fn arb_deals(first_id: u64, max: usize) -> impl Strategy<Value = Vec<Transaction>> {
    prop::collection::vec((1u32..=6, 1u32..=28, 1u32..1_500_000), 0..max).prop_map(
        move |mut raw| {
            raw.sort_by_key(|&(m, day, _)| (m, day));
            raw.into_iter()
                .enumerate()
                .map(|(i, (m, day, cents))| {
                    let amount = Money::new(
                        Decimal::new(i128::from(cents), 2).unwrap(),
                        usd("0").currency(),
                    );
                    let mut t = deal(first_id + i as u64, date(m, day), New, "0", 1);
                    t.amount = amount;
                    t
                })
                .collect()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn estimate_equals_the_difference_of_two_full_statements(
        plan in arb_plan(),
        booked in arb_deals(1, 12),
        what_if in arb_deals(1000, 4).prop_filter("at least one deal", |d| !d.is_empty()),
        through_month in 1u32..=6,
    ) {
        let through = Date::new(2026, through_month, 28).unwrap();
        let what_if: Vec<_> = what_if.into_iter().filter(|t| t.source.date <= through).collect();
        let req = OwnedEstimateRequest { through, ..request(plan.clone(), &booked, &what_if) };
        let answer = req.estimate().unwrap();
        // The two full statements, built independently: every transaction
        // credited together, in date order (booked first on a shared date).
        let mut all: Vec<Transaction> = booked.iter().chain(&what_if).cloned().collect();
        all.sort_by_key(|t| t.source.date);
        let (_, without) = earn_fx(&plan, 1, &credit_all(&booked, &[]), &[], through);
        let (lines, with) = earn_fx(&plan, 1, &credit_all(&all, &[]), &[], through);
        let e = &answer.estimate;
        prop_assert_eq!(e.earned_before, without.total);
        prop_assert_eq!(e.earned_after, with.total);
        prop_assert_eq!(e.incremental.amount(), with.total.amount().checked_sub(without.total.amount()).unwrap());
        prop_assert_eq!(
            e.components[0].incremental.amount(),
            with.components[0].earned.amount().checked_sub(without.components[0].earned.amount()).unwrap()
        );
        prop_assert_eq!(&e.attainment_before, &without.attainment);
        prop_assert_eq!(&e.attainment_after, &with.attainment);
        let ids: Vec<u64> = what_if.iter().map(|t| t.source.transaction_id).collect();
        let theirs: Vec<_> = lines
            .iter()
            .filter(|l| l.transaction_id.is_some_and(|id| ids.contains(&id)))
            .copied()
            .collect();
        let tier = theirs
            .iter()
            .filter(|l| l.kind == LineKind::Commission)
            .filter_map(|l| l.tier)
            .max();
        prop_assert_eq!(e.components[0].tier_reached, tier);
        prop_assert_eq!(&answer.lines, &theirs);
    }
}
