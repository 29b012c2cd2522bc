//! Issue 15, credit notes: a refund or credit memo (a booking kind with a
//! negative amount) reverses the credit of the earlier booking of the same
//! transaction id and kind, fully or in part, with negative lines at the
//! original's rule, tier, rate and multiplier, each pointing at the line it
//! reverses — checked against Tryton's published scenario, after a tier
//! boundary, with FX, caps, gates and SPIFs, and its validation paths.
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
use salesphysics_core::{Currency, ErrorKind, FxRate, Money, RoundingMode};
use serde_json::Value;
use support::compensation::*;
use TransactionKind::{Expansion, New};

fn vector(id: &str) -> Value {
    support::vectors::case(include_str!("data/credit_notes.json"), id)
}

fn flat_plan(rate: &str) -> Plan {
    plan(
        None,
        vec![component(
            10,
            new_mrr(),
            "100000",
            QuotaPeriod::Month,
            RateTable::flat(d(rate)),
        )],
    )
}

/// 10 % up to 10 000 of new MRR a month, 15 % beyond, on the month to date.
fn tiered_plan() -> Plan {
    let mut c = component(
        10,
        new_mrr(),
        "10000",
        QuotaPeriod::Month,
        table(
            RateMethod::Graduated,
            &[("0", Some("10000"), "0.10"), ("10000", None, "0.15")],
        ),
    );
    c.tier_basis = TierBasis::PeriodToDate;
    plan(None, vec![c])
}

fn try_earn(
    plan: &Plan,
    txs: &[Transaction],
) -> Result<(Vec<EarningsLine>, EarningsSummary), salesphysics_core::Error> {
    let credits = credit_all(txs, &[]);
    let mut out = vec![blank_line(); 256];
    let summary = compute_earnings(plan, 1, &credits, &[], date(12, 31), &mut out)?;
    out.truncate(summary.line_count);
    Ok((out, summary))
}

#[test]
fn tryton_credit_note_reverses_the_commission_at_four_places() {
    // Tryton: 1 × 100 at `amount * 0.1` → 10.0000; the credit note → -10.0000.
    let case = vector("tryton-credit-posted-invoice");
    let mut p = flat_plan(s(&case["rate"]));
    p.rounding = RoundingPolicy {
        at: RoundAt::Places(u32::try_from(case["line_places"].as_u64().unwrap()).unwrap()),
        mode: RoundingMode::HalfEven,
    };
    let txs = [
        deal(7, date(3, 2), New, s(&case["invoice"]), 1),
        deal(7, date(3, 9), New, s(&case["credit_note"]), 1),
    ];
    let (lines, summary) = earn(&p, 1, &txs, date(12, 31));
    let e = &case["expected"];
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].amount.amount(), d(s(&e["commission"])));
    assert_eq!(lines[1].amount.amount(), d(s(&e["credit_commission"])));
    // Explained: the original's rule, tier and rate, its credit reversed,
    // dated on the note, pointing at line 0.
    assert_eq!(
        (
            lines[1].rule_id,
            lines[1].tier,
            lines[1].rate,
            lines[1].credit
        ),
        (10, Some(0), d("0.1"), d("-100"))
    );
    assert_eq!(lines[1].date, date(3, 9));
    assert_eq!(lines[1].reverses, Some(0));
    assert_eq!(lines[1].places, 4);
    assert_eq!(
        lines[1].to_string(),
        "commission rule 10 tier 0 deal 7: -100 × 0.1 × 1 ÷ 1 = -10.00 USD (earned, 4 places) reverses line 0"
    );
    assert_eq!(summary.total, usd("0"));
}

#[test]
fn a_partial_reversal_after_a_tier_boundary_follows_the_original_tiers() {
    // A 8 000 (2 Mar) → 800. B 4 000 (10 Mar) crosses 10 000:
    // 2 000 × 10 % + 2 000 × 15 % = 200 + 300. A credit note of 1 000 on B
    // (20 Mar) reverses a quarter of each of B's lines: -50 (tier 0,
    // credit -500) and -75 (tier 1, credit -500) = -125 — not 1 000 × 15 %
    // = -150 at the running total's tier. The month's credit is then
    // 11 000, so C 2 000 (25 Mar) earns 2 000 × 15 % = 300.
    let txs = [
        deal(1, date(3, 2), New, "8000", 1),
        deal(2, date(3, 10), New, "4000", 1),
        deal(2, date(3, 20), New, "-1000", 1),
        deal(3, date(3, 25), New, "2000", 1),
    ];
    let (lines, summary) = earn(&tiered_plan(), 1, &txs, date(3, 31));
    let view: Vec<_> = lines
        .iter()
        .map(|l| (l.transaction_id, l.tier, l.credit, l.amount, l.reverses))
        .collect();
    assert_eq!(
        view,
        [
            (Some(1), Some(0), d("8000"), usd("800"), None),
            (Some(2), Some(0), d("2000"), usd("200"), None),
            (Some(2), Some(1), d("2000"), usd("300"), None),
            (Some(2), Some(0), d("-500"), usd("-50"), Some(1)),
            (Some(2), Some(1), d("-500"), usd("-75"), Some(2)),
            (Some(3), Some(1), d("2000"), usd("300"), None),
        ]
    );
    // 800 + 500 - 125 + 300.
    assert_eq!(summary.total, usd("1475"));
    assert_eq!(summary.components[0].credit, d("13000"));
    // The note counts against attainment: (8 000 + 4 000 - 1 000 + 2 000) / 10 000.
    assert_eq!(summary.attainment.components[0].attainment, d("1.3"));
}

#[test]
fn several_notes_reverse_one_original_up_to_its_amount_and_no_further() {
    // 3 000 at 10 % = 300; notes of 1 000 and 2 000 reverse it in full
    // (-100, -200); a further note of 0.01 reverses more than credited.
    let p = flat_plan("0.1");
    let base = vec![
        deal(5, date(2, 1), New, "3000", 1),
        deal(5, date(2, 10), New, "-1000", 1),
        deal(5, date(2, 20), New, "-2000", 1),
    ];
    let (lines, summary) = try_earn(&p, &base).unwrap();
    let amounts: Vec<_> = lines.iter().map(|l| (l.amount, l.reverses)).collect();
    assert_eq!(
        amounts,
        [
            (usd("300"), None),
            (usd("-100"), Some(0)),
            (usd("-200"), Some(0))
        ]
    );
    assert_eq!(summary.total, usd("0"));
    let mut over = base.clone();
    over.push(deal(5, date(2, 21), New, "-0.01", 1));
    let error = try_earn(&p, &over).unwrap_err();
    assert_eq!(
        error.to_string(),
        "credits[3].amount: credit notes reverse more than the original credit"
    );
}

#[test]
fn credit_note_validation_names_the_field() {
    let p = flat_plan("0.1");
    // No earlier booking of id 9.
    let error = try_earn(
        &p,
        &[
            deal(1, date(4, 1), New, "500", 1),
            deal(9, date(4, 2), New, "-100", 1),
        ],
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "credits[1].source.transaction_id: a credit note reverses an earlier credit of the same transaction id and kind"
    );
    // The same id booked as another kind is not the original.
    let error = try_earn(
        &p,
        &[
            deal(1, date(4, 1), New, "500", 1),
            deal(1, date(4, 2), Expansion, "-100", 1),
        ],
    )
    .unwrap_err();
    assert_eq!(error.path().to_string(), "credits[1].source.transaction_id");
    // A note before its original.
    let error = try_earn(
        &p,
        &[
            deal(1, date(4, 1), New, "-100", 1),
            deal(1, date(4, 2), New, "500", 1),
        ],
    )
    .unwrap_err();
    assert_eq!(error.path().to_string(), "credits[0].source.transaction_id");
    // Another currency than the original's.
    let mut note = deal(1, date(4, 2), New, "0", 1);
    note.amount = Money::parse("-100", Currency::EUR).unwrap();
    let credits = credit_all(&[deal(1, date(4, 1), New, "500", 1), note], &[]);
    let fx = [FxRate::new(Currency::EUR, Currency::USD, d("1.1")).unwrap()];
    let mut out = vec![blank_line(); 16];
    let error = compute_earnings(&p, 1, &credits, &fx, date(12, 31), &mut out).unwrap_err();
    assert_eq!(
        error.kind(),
        ErrorKind::CurrencyMismatch {
            expected: Currency::USD,
            found: Currency::EUR
        }
    );
    assert_eq!(error.path().to_string(), "credits[1].amount");
    // Activities cannot go negative; churn still must.
    let mut lead = activity(3, date(4, 1), TransactionKind::LeadAccepted, "1", 1);
    lead.amount = usd("-1");
    assert_eq!(
        lead.validate().unwrap_err().to_string(),
        "amount: churn and contraction carry a negative amount, activities a non-negative one"
    );
}

#[test]
fn a_reversal_follows_the_original_conversion_with_fx() {
    // A EUR deal under a USD plan at 1.1: 1 000 EUR → 1 100 USD × 10 % =
    // 110. A 250 EUR credit note reverses a quarter of the original's
    // line: -27.50, whatever the note's own conversion (275) would round to.
    let p = flat_plan("0.1");
    let mut original = deal(4, date(5, 3), New, "0", 1);
    original.amount = Money::parse("1000", Currency::EUR).unwrap();
    let mut note = original.clone();
    note.source.date = date(5, 17);
    note.amount = Money::parse("-250", Currency::EUR).unwrap();
    let credits = credit_all(&[original, note], &[]);
    let fx = [FxRate::new(Currency::EUR, Currency::USD, d("1.1")).unwrap()];
    let (lines, summary) = earn_fx(&p, 1, &credits, &fx, date(12, 31));
    assert_eq!(lines[0].amount, usd("110"));
    assert_eq!(
        (lines[1].amount, lines[1].credit, lines[1].reverses),
        (usd("-27.50"), d("-275"), Some(0))
    );
    assert_eq!(summary.total, usd("82.50"));
    // An odd share rounds once from the exact value: 1/3 of 110 (a note
    // of 333.33 EUR of 1 000) is 36.6663 → -36.67 half-even.
    let mut third = deal(4, date(5, 17), New, "0", 1);
    third.amount = Money::parse("-333.33", Currency::EUR).unwrap();
    let mut original = deal(4, date(5, 3), New, "0", 1);
    original.amount = Money::parse("1000", Currency::EUR).unwrap();
    let credits = credit_all(&[original, third], &[]);
    let (lines, _) = earn_fx(&p, 1, &credits, &fx, date(12, 31));
    assert_eq!(lines[1].amount, usd("-36.67"));
}

#[test]
fn a_capped_original_is_reversed_by_what_it_paid_and_frees_headroom() {
    // Cap 1 000 a month at 10 %: A 8 000 → 800; B 4 000 → 400 capped to
    // 200. A full note on B reverses the 200 it paid (not 400) and frees
    // the headroom: C 3 000 then earns 300, capped to 200 again.
    let mut p = flat_plan("0.1");
    p.components[0].cap = Some(d("1000"));
    let txs = [
        deal(1, date(6, 1), New, "8000", 1),
        deal(2, date(6, 2), New, "4000", 1),
        deal(2, date(6, 3), New, "-4000", 1),
        deal(3, date(6, 4), New, "3000", 1),
    ];
    let (lines, summary) = earn(&p, 1, &txs, date(12, 31));
    let view: Vec<_> = lines.iter().map(|l| (l.amount, l.status)).collect();
    assert_eq!(
        view,
        [
            (usd("800"), LineStatus::Earned),
            (usd("200"), LineStatus::Capped),
            (usd("-200"), LineStatus::Earned),
            (usd("200"), LineStatus::Capped),
        ]
    );
    assert_eq!(summary.total, usd("1000"));
}

#[test]
fn a_credit_note_takes_back_its_share_of_the_original_spif_and_qualifies_for_none() {
    // 5 % plus a 200 SPIF per new logo: 2 000 → 100 + 200. A half note
    // reverses -50 and -100 (the SPIF line, pointing at it).
    let mut p = flat_plan("0.05");
    p.spifs
        .push(Spif {
            id: 90,
            qualifies: new_mrr(),
            condition: EventCondition::NewLogo,
            amount: d("200"),
        })
        .unwrap();
    let txs = [
        deal(8, date(7, 1), New, "2000", 1),
        deal(8, date(7, 15), New, "-1000", 1),
    ];
    let (lines, summary) = earn(&p, 1, &txs, date(12, 31));
    let view: Vec<_> = lines
        .iter()
        .map(|l| (l.kind, l.amount, l.reverses))
        .collect();
    assert_eq!(
        view,
        [
            (LineKind::Commission, usd("100"), None),
            (LineKind::Spif, usd("200"), None),
            (LineKind::Commission, usd("-50"), Some(0)),
            (LineKind::Spif, usd("-100"), Some(1)),
        ]
    );
    assert_eq!(summary.spifs, usd("100"));
    assert_eq!(summary.total, usd("150"));
}

#[test]
fn earnings_line_with_a_reversal_round_trips_and_old_lines_still_read() {
    let txs = [
        deal(7, date(3, 2), New, "100", 1),
        deal(7, date(3, 9), New, "-40", 1),
    ];
    let (lines, _) = earn(&flat_plan("0.1"), 1, &txs, date(12, 31));
    let json = serde_json::to_value(lines[1]).unwrap();
    assert_eq!(json["reverses"], 0);
    assert_eq!(json["amount"]["amount"], "-4.00");
    let back: EarningsLine = serde_json::from_value(json).unwrap();
    assert_eq!(back, lines[1]);
    // A line written before credit notes existed has no `reverses`.
    let mut old = serde_json::to_value(lines[0]).unwrap();
    old.as_object_mut().unwrap().remove("reverses");
    let back: EarningsLine = serde_json::from_value(old).unwrap();
    assert_eq!(back, lines[0]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Whatever the deals around it, a note reverses each of its
    /// original's lines by `original × note ÷ original credit`, rounded
    /// once half-even, points at that line, and a full note cancels the
    /// original exactly; the run's totals stay the sums of its lines.
    #[test]
    fn a_note_mirrors_its_original_line_by_line(
        before in prop::collection::vec(1u32..2_000_000, 0..4),
        original in 1u32..2_000_000,
        after in prop::collection::vec(1u32..2_000_000, 0..4),
        reversed_per_mille in 1u32..=1000,
    ) {
        let cents = |c: u32| Money::new(salesphysics_core::Decimal::new(i128::from(c), 2).unwrap(), Currency::USD);
        let mut txs = Vec::new();
        for (i, c) in before.iter().enumerate() {
            let mut t = deal(10 + i as u64, date(3, 1), New, "0", 1);
            t.amount = cents(*c);
            txs.push(t);
        }
        let mut o = deal(1, date(3, 2), New, "0", 1);
        o.amount = cents(original);
        txs.push(o);
        for (i, c) in after.iter().enumerate() {
            let mut t = deal(20 + i as u64, date(3, 3), New, "0", 1);
            t.amount = cents(*c);
            txs.push(t);
        }
        let refunded = (u64::from(original) * u64::from(reversed_per_mille) / 1000).max(1) as u32;
        let mut n = deal(1, date(3, 20), New, "0", 1);
        n.amount = cents(refunded).neg();
        txs.push(n);
        let (lines, summary) = earn(&tiered_plan(), 1, &txs, date(3, 31));
        let notes: Vec<_> = lines.iter().filter(|l| l.reverses.is_some()).collect();
        let originals: Vec<_> = lines
            .iter()
            .filter(|l| l.transaction_id == Some(1) && l.date == date(3, 2))
            .collect();
        prop_assert_eq!(notes.len(), originals.len());
        for line in &notes {
            let o = lines[line.reverses.unwrap() as usize];
            prop_assert_eq!((o.transaction_id, o.date, o.tier, o.rate), (Some(1), date(3, 2), line.tier, line.rate));
            let expected = o.amount.amount()
                .mul_div_round(cents(refunded).amount().neg(), cents(original).amount(), 2, RoundingMode::HalfEven)
                .unwrap();
            prop_assert_eq!(line.amount.amount(), expected);
        }
        if refunded == original {
            let sum = notes.iter().fold(salesphysics_core::Decimal::ZERO, |a, l| a.checked_add(l.amount.amount()).unwrap());
            let orig = originals.iter().fold(salesphysics_core::Decimal::ZERO, |a, l| a.checked_add(l.amount.amount()).unwrap());
            prop_assert_eq!(sum, orig.neg());
        }
        assert_sums(&lines, &summary);
    }
}
