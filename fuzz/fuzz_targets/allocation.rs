#![no_main]
//! Largest-remainder allocation: parts always sum to the whole and each part
//! is within one minor unit of its exact share, checked in big integers.

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use num_bigint::BigInt;
use num_traits::Signed;
use salesphysics_core::{allocate, Currency, Decimal, Money};

#[derive(Arbitrary, Debug)]
struct Input {
    minor_units: i128,
    currency: u8,
    weights: Vec<i128>,
}

fuzz_target!(|input: Input| {
    let currencies = [Currency::USD, Currency::JPY, Currency::KWD, Currency::CLF];
    let currency = currencies[usize::from(input.currency) % currencies.len()];
    let Ok(total) = Money::from_minor_units(input.minor_units % 10i128.pow(30), currency) else {
        return;
    };
    let weights: Vec<Decimal> = input
        .weights
        .iter()
        .take(70)
        .map(|&w| Decimal::from_nanos(w % 10i128.pow(36)).unwrap())
        .collect();
    let mut parts = vec![Money::zero(currency); weights.len()];
    let result = allocate(total, &weights, &mut parts);
    let valid = !weights.is_empty()
        && weights.len() <= salesphysics_core::limits::MAX_ALLOCATION_PARTS
        && weights.iter().all(|w| !w.is_negative())
        && weights.iter().any(|w| w.is_positive());
    let Ok(()) = result else {
        assert!(!valid, "valid input rejected: {result:?} {input:?}");
        return;
    };
    assert!(valid, "invalid input accepted: {input:?}");
    let whole = BigInt::from(total.to_minor_units().unwrap());
    let weight_sum: BigInt = weights.iter().map(|w| BigInt::from(w.nanos())).sum();
    let mut sum = BigInt::from(0);
    for (part, weight) in parts.iter().zip(&weights) {
        assert_eq!(part.currency(), currency);
        let minor = BigInt::from(part.to_minor_units().unwrap());
        // |part − whole × w / W| < 1  ⇔  |part × W − whole × w| < W
        let gap = &minor * &weight_sum - &whole * BigInt::from(weight.nanos());
        assert!(
            gap.abs() < weight_sum,
            "part off its share by a unit or more: {input:?}"
        );
        sum += minor;
    }
    assert_eq!(sum, whole, "parts do not sum to the whole: {input:?}");
});
