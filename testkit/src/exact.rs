//! Exact oracles on big integers: a fraction rounded to a whole number the
//! way the engine rounds, and nanos back into a `Decimal`. Tests compare an
//! engine's figure with the exact value worked out here, so the rounding
//! is written once (`core/tests/funnel_exact.rs`,
//! `core/tests/forward_goal_nrr.rs`, the forward reference).

use num_bigint::BigInt;
use salesphysics_core::{Decimal, RoundingMode};

/// `numerator ÷ denominator` (`denominator > 0`) rounded to a whole number
/// with `mode`.
pub fn round_fraction(numerator: &BigInt, denominator: &BigInt, mode: RoundingMode) -> BigInt {
    let zero = BigInt::from(0);
    assert!(*denominator > zero, "a positive denominator");
    let negative = *numerator < zero;
    let magnitude = if negative {
        -numerator
    } else {
        numerator.clone()
    };
    let q = &magnitude / denominator;
    let r = &magnitude % denominator;
    let twice = &r * 2;
    let up = match mode {
        RoundingMode::Down => false,
        RoundingMode::Up => r != zero,
        RoundingMode::Floor => negative && r != zero,
        RoundingMode::Ceiling => !negative && r != zero,
        RoundingMode::HalfUp => twice >= *denominator,
        RoundingMode::HalfDown => twice > *denominator,
        _ => twice > *denominator || (twice == *denominator && (&q % 2) == BigInt::from(1)),
    };
    let q = if up { q + 1 } else { q };
    if negative {
        -q
    } else {
        q
    }
}

/// `numerator ÷ denominator` rounded half-even to a whole number.
pub fn half_even(numerator: &BigInt, denominator: &BigInt) -> BigInt {
    round_fraction(numerator, denominator, RoundingMode::HalfEven)
}

/// A count of nanos as a `Decimal`.
pub fn nanos(value: &BigInt) -> Decimal {
    Decimal::from_nanos(i128::try_from(value).expect("nanos within i128")).expect("in range")
}
