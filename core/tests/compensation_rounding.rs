//! "Round once from the exact value", checked rather than claimed: the
//! issue-11 figures worked by hand, and a differential property test that
//! recomputes every rounded amount the compensation engine emits — each
//! line, and a per-total plan's total — from the exact inputs with big
//! integers (the approach of the `decimal_ops` fuzz target's oracle).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod support;

use num_bigint::BigInt;
use proptest::prelude::*;
use salesphysics_core::compensation::*;
use salesphysics_core::{Decimal, Role, RoundingMode};
use support::compensation::*;
use TransactionKind::New;

// --- item 5: rate × multiplier rounded once -----------------------------------

#[test]
fn rate_times_kicker_is_multiplied_exactly_and_rounded_once() {
    // 0.046153846 × 1.25 = 0.0576923075 exactly (ten places).
    // 5 986.50 × 0.0576923075 = 346.153845 − 13.5 × 0.0576923075
    //                         = 346.153845 − 0.77884615125 = 345.37499884875
    // → 345.37 (half-even, cents). Rounding the rate first to 0.057692308
    // gives 5 986.50 × 0.057692308 = 345.375001842 → 345.38.
    let mut c = component(
        10,
        new_mrr(),
        "100000",
        QuotaPeriod::Month,
        RateTable::flat(d("0.046153846")),
    );
    c.kickers
        .push(Kicker {
            condition: EventCondition::TermLongerThan(12),
            multiplier: d("1.25"),
        })
        .unwrap();
    let plan = plan(Role::AccountExecutive, vec![c]);
    let mut t = deal(1, date(1, 10), New, "5986.50", 1);
    t.source.term_months = 24;
    let (lines, summary) = earn(&plan, 1, &[t], date(1, 31));
    assert_eq!(lines[0].amount, usd("345.37"));
    assert_eq!(lines[0].multiplier, d("1.25"));
    assert_eq!(summary.total, usd("345.37"));
}

// --- item 6: a per-total plan rounds its exact total once ---------------------

#[test]
fn a_per_total_plan_rounds_the_exact_sum_of_its_lines_once() {
    // Interpolated table: 0–3 000 earns 500 across its width, 3 000–6 000
    // another 500; each deal rated alone (transaction basis).
    // 1 000 → 1 000 × 500 / 3 000 = 166.666…  (shown 166.666666667)
    // 1 000 → 166.666…                         (shown 166.666666667)
    // 1 000.03 → 1 000.03 / 6 = 166.671666…   (shown 166.671666667)
    // Exact total 3 000.03 / 6 = 500.005 → 500.00 half-even; the shown
    // lines sum to 500.005000001, which would round to 500.01.
    let table = table(
        RateMethod::Interpolated,
        &[("0", Some("3000"), "500"), ("3000", Some("6000"), "500")],
    );
    let c = component(10, new_mrr(), "100000", QuotaPeriod::Month, table);
    let mut plan = plan(Role::AccountExecutive, vec![c]);
    plan.rounding.at = RoundAt::Total;
    let deals = [
        deal(1, date(1, 10), New, "1000", 1),
        deal(2, date(1, 11), New, "1000", 1),
        deal(3, date(1, 12), New, "1000.03", 1),
    ];
    let (lines, summary) = earn(&plan, 1, &deals, date(1, 31));
    assert_eq!(lines[0].amount.amount(), d("166.666666667"));
    assert_eq!(summary.total, usd("500.00"));
    let rounding = lines.iter().find(|l| l.kind == LineKind::Rounding).unwrap();
    assert_eq!(rounding.amount.amount(), d("-0.005000001"));
}

// --- the oracle -----------------------------------------------------------------

/// A decimal as an exact fraction `nanos / 10⁹`.
fn big(d: Decimal) -> BigInt {
    BigInt::from(d.to_scaled_integer(9).unwrap())
}

/// `num / den` (den > 0) rounded to `places` with `mode`, as nanos.
fn round(num: &BigInt, den: &BigInt, places: u32, mode: RoundingMode) -> BigInt {
    let scale = BigInt::from(10u64.pow(places));
    let n = num * &scale;
    let negative = n < BigInt::from(0);
    let magnitude = if negative { -&n } else { n.clone() };
    let q = &magnitude / den;
    let r = &magnitude % den;
    let twice = &r * 2;
    let zero = BigInt::from(0);
    let up = match mode {
        RoundingMode::Down => false,
        RoundingMode::Up => r != zero,
        RoundingMode::Floor => negative && r != zero,
        RoundingMode::Ceiling => !negative && r != zero,
        RoundingMode::HalfUp => twice >= *den,
        RoundingMode::HalfDown => twice > *den,
        _ => twice > *den || (twice == *den && (&q % 2) == BigInt::from(1)),
    };
    let q = if up { q + 1 } else { q };
    let q = if negative { -q } else { q };
    q * BigInt::from(10u64.pow(9 - places))
}

fn amounts(s: &str) -> impl Strategy<Value = Decimal> {
    let s = s.to_owned();
    (1u64..200_000, 0u32..3).prop_map(move |(n, p)| {
        let _ = &s;
        Decimal::new(i128::from(n), p).unwrap()
    })
}

fn any_mode() -> impl Strategy<Value = RoundingMode> {
    prop::sample::select(salesphysics_core::ALL_ROUNDING_MODES.to_vec())
}

prop_compose! {
    fn plans()(
        interpolated in any::<bool>(),
        rate_nanos in 1i128..200_000_000,
        width in 1u32..20_000,
        kicker in prop::option::of(1u32..30_000),
        band in prop::option::of(1u32..30_000),
        per_total in any::<bool>(),
        mode in any_mode(),
        basis in prop::sample::select(vec![TierBasis::Transaction, TierBasis::PeriodToDate]),
    ) -> Plan {
        let rate = Decimal::new(rate_nanos, 9).unwrap();
        let table = if interpolated {
            // Amounts earned across each tier's width.
            let w = Decimal::from(width);
            let amount = Decimal::new(rate_nanos, 5).unwrap();
            RateTable {
                method: RateMethod::Interpolated,
                tiers: [
                    Tier { lower: Decimal::ZERO, upper: Some(w), rate: amount },
                    Tier {
                        lower: w,
                        upper: Some(Decimal::from(width * 7 + 3)),
                        rate: amount.checked_mul(Decimal::from(3u32)).unwrap(),
                    },
                ]
                .into_iter()
                .collect(),
            }
        } else {
            RateTable::flat(rate)
        };
        let mut c = component(10, new_mrr(), "50000", QuotaPeriod::Month, table);
        c.tier_basis = basis;
        if let Some(k) = kicker {
            // Four places at most: kicker × band stays exact at nine.
            c.kickers.push(Kicker {
                condition: EventCondition::TermLongerThan(12),
                multiplier: Decimal::ONE.checked_add(Decimal::new(i128::from(k), 4).unwrap()).unwrap(),
            }).unwrap();
        }
        if let Some(b) = band {
            c.accelerators.push(MultiplierBand {
                from_attainment: Decimal::ZERO,
                multiplier: Decimal::new(i128::from(b), 4).unwrap(),
            }).unwrap();
        }
        let mut p = plan(Role::AccountExecutive, vec![c]);
        p.rounding = RoundingPolicy {
            at: if per_total { RoundAt::Total } else { RoundAt::Line },
            mode,
        };
        p
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every commission line's amount is `credit × rate × multiplier ÷ per`
    /// rounded once (to the minor unit, or to nine places on a per-total
    /// plan), and a per-total plan's total is the exact sum rounded once.
    #[test]
    fn every_rounded_figure_is_the_exact_value_rounded_once(
        plan in plans(),
        deals in prop::collection::vec((amounts("mrr"), any::<bool>()), 1..8),
    ) {
        let transactions: Vec<Transaction> = deals
            .iter()
            .enumerate()
            .map(|(i, (mrr, long))| {
                let mut t = deal(i as u64 + 1, date(1, 1 + i as u32), New, &mrr.to_string(), 1);
                t.source.term_months = if *long { 24 } else { 12 };
                t
            })
            .collect();
        let (lines, summary) = earn(&plan, 1, &transactions, date(1, 31));
        let places = if plan.rounding.at == RoundAt::Total { 9 } else { 2 };
        let mode = plan.rounding.mode;
        let nano = BigInt::from(1_000_000_000u64);
        // Σ exact values as one fraction over 10²⁷ × per's nanos.
        let (mut num, mut den) = (BigInt::from(0), BigInt::from(1));
        for line in lines.iter().filter(|l| l.kind != LineKind::Rounding) {
            // value = credit × rate × multiplier ÷ per, in units:
            // nanos(c)·nanos(r)·nanos(m) / 10²⁷ ÷ (nanos(p) / 10⁹).
            let n = big(line.credit) * big(line.rate) * big(line.multiplier) * &nano;
            let d = BigInt::from(10u64).pow(27) * big(line.per);
            let expected = round(&n, &d, places, mode);
            prop_assert_eq!(
                big(line.amount.amount()), expected,
                "line {:?}", line
            );
            num = &num * &d + &n * &den;
            den *= &d;
        }
        if plan.rounding.at == RoundAt::Total {
            prop_assert_eq!(big(summary.total.amount()), round(&num, &den, 2, mode));
        }
    }
}
