//! Properties of the compensation engine over generated inputs.
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
use salesphysics_core::limits::{MAX_RATE_TIERS, MAX_SPLITS};
use salesphysics_core::{Decimal, Money, Role, RoundingMode};
use support::compensation::*;

/// A valid table: ascending bounds (in whole units) and rates (in basis points).
fn arb_table() -> impl Strategy<Value = RateTable> {
    (
        prop::collection::vec((1u32..50_000, 0u32..2_000), 1..=MAX_RATE_TIERS),
        prop_oneof![
            Just(RateMethod::Graduated),
            Just(RateMethod::Retroactive),
            Just(RateMethod::Interpolated)
        ],
    )
        .prop_map(|(steps, method)| {
            let mut lower = 0i64;
            let mut tiers = heapless::Vec::new();
            let n = steps.len();
            for (i, (width, bp)) in steps.into_iter().enumerate() {
                let upper = lower + i64::from(width);
                let bounded = i + 1 < n || method == RateMethod::Interpolated;
                tiers
                    .push(Tier {
                        lower: Decimal::from(lower),
                        upper: bounded.then(|| Decimal::from(upper)),
                        rate: Decimal::new(i128::from(bp), 4).unwrap(),
                    })
                    .unwrap();
                lower = upper;
            }
            RateTable { method, tiers }
        })
}

fn rated(t: &RateTable, prior: Decimal, value: Decimal) -> Slices {
    let mut slices = Slices::new();
    t.rate(prior, value, None, &mut slices).unwrap();
    slices
}

fn slices_total(slices: &Slices) -> Decimal {
    slices.iter().fold(Decimal::ZERO, |acc, s| {
        let v = if s.per == Decimal::ONE {
            s.credit.checked_mul(s.rate).unwrap()
        } else {
            s.credit
                .mul_div_round(s.rate, s.per, 9, RoundingMode::HalfEven)
                .unwrap()
        };
        acc.checked_add(v).unwrap()
    })
}

fn cents(c: u32) -> Decimal {
    Decimal::new(i128::from(c), 2).unwrap()
}

proptest! {
    #[test]
    fn graduated_payout_is_monotonic_in_amount(t in arb_table(), a in 0u32..20_000_000, b in 0u32..20_000_000) {
        let mut t = t;
        t.method = RateMethod::Graduated;
        let (low, high) = (a.min(b), a.max(b));
        let f = |v| slices_total(&rated(&t, Decimal::ZERO, cents(v)));
        prop_assert!(f(low) <= f(high));
    }

    #[test]
    fn rating_deal_by_deal_equals_rating_the_sum(t in arb_table(), deals in prop::collection::vec(0u32..5_000_000, 1..12)) {
        prop_assume!(t.method != RateMethod::Interpolated); // interpolation rounds each slice at 9 decimals
        let mut prior = Decimal::ZERO;
        let mut sum = Decimal::ZERO;
        for v in &deals {
            sum = sum.checked_add(slices_total(&rated(&t, prior, cents(*v)))).unwrap();
            prior = prior.checked_add(cents(*v)).unwrap();
        }
        let whole = slices_total(&rated(&t, Decimal::ZERO, prior));
        prop_assert_eq!(sum, whole);
    }

    #[test]
    fn revenue_splits_conserve_credit(amount in 0u64..100_000_000, weights in prop::collection::vec(1u32..1000, 1..=MAX_SPLITS)) {
        // Shares w_i / Σw truncated to 9 decimals; the last takes the rest so they sum to 1.
        let total: u32 = weights.iter().sum();
        let mut shares: Vec<Decimal> = weights
            .iter()
            .map(|w| Decimal::from(*w).div_round(Decimal::from(total), 9, RoundingMode::Down).unwrap())
            .collect();
        let head = shares[..shares.len() - 1].iter().fold(Decimal::ZERO, |a, s| a.checked_add(*s).unwrap());
        *shares.last_mut().unwrap() = Decimal::ONE.checked_sub(head).unwrap();
        let splits: Vec<Split> = shares
            .iter()
            .enumerate()
            .map(|(i, s)| Split { participant_id: i as u64, kind: SplitKind::Revenue, share: *s })
            .collect();
        let amount = Money::from_minor_units(i128::from(amount), salesphysics_core::Currency::USD).unwrap();
        let mut tx = with_splits(1, date(1, 1), TransactionKind::New, "0", &splits);
        tx.amount = amount;
        let credits = credit_all(&[tx], &[]);
        let sum = credits.iter().fold(Decimal::ZERO, |a, c| a.checked_add(c.amount.amount()).unwrap());
        prop_assert_eq!(sum, amount.amount());
    }

    #[test]
    fn earnings_totals_are_sums_of_lines_and_deterministic(
        t in arb_table(),
        basis in prop_oneof![Just(TierBasis::Transaction), Just(TierBasis::PeriodToDate), Just(TierBasis::YearToDate)],
        per_total in any::<bool>(),
        cap in prop::option::of(0u32..5_000_000),
        deals in prop::collection::vec((1u32..=12, 0u32..1_000_000, any::<bool>()), 0..40),
    ) {
        let mut c = component(1, Measure::of(KindSet::of(&[TransactionKind::New, TransactionKind::Churn]), MeasureUnit::Mrr), "100000", QuotaPeriod::Quarter, t);
        c.tier_basis = basis;
        c.cap = cap.map(cents);
        c.accelerators.push(MultiplierBand { from_attainment: Decimal::ONE, multiplier: "1.25".parse().unwrap() }).unwrap();
        let mut p = plan(Role::AccountExecutive, vec![c]);
        if per_total {
            p.rounding.at = RoundAt::Total;
        }
        let mut deals = deals;
        deals.sort_by_key(|d| d.0);
        let txs: Vec<Transaction> = deals
            .iter()
            .enumerate()
            .map(|(i, (month, amount, churn))| {
                let (kind, sign) = if *churn { (TransactionKind::Churn, "-") } else { (TransactionKind::New, "") };
                deal(i as u64, date(*month, 1), kind, &format!("{sign}{}", cents(*amount)), 1)
            })
            .collect();
        let a = earn(&p, 1, &txs, date(12, 31)); // asserts the sums
        let b = earn(&p, 1, &txs, date(12, 31));
        prop_assert_eq!(format!("{a:?}"), format!("{b:?}"));
        prop_assert!(a.1.total.is_minor_exact());
    }
}
