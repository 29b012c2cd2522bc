#![no_main]
//! Differential fuzzing of Decimal arithmetic and rounding against exact
//! big-integer rational arithmetic.

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, Zero};
use salesphysics_core::{Decimal, ErrorKind, RoundingMode, ALL_ROUNDING_MODES};

const MAX_NANOS: i128 = 10i128.pow(36) - 1;

#[derive(Arbitrary, Debug)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
    MulDiv,
    Round,
    Parse,
}

#[derive(Arbitrary, Debug)]
struct Input {
    op: Op,
    a: i128,
    b: i128,
    c: i128,
    places: u8,
    mode: u8,
    /// Shrinks operands toward money-sized values some of the time, so both
    /// the 64-bit fast paths and the 256-bit slow paths are exercised.
    small: bool,
}

fn operand(raw: i128, small: bool) -> Decimal {
    let bound = if small { 10i128.pow(20) } else { MAX_NANOS + 1 };
    Decimal::from_nanos(raw % bound).unwrap()
}

/// Rounds the exact rational `num / den` (in nanos, `den > 0`) to a multiple
/// of 10^(9 - places) nanos, as `mode` says.
fn oracle_round(num: &BigInt, den: &BigInt, places: u32, mode: RoundingMode) -> BigInt {
    let unit = BigInt::from(10).pow(9 - places.min(9));
    let scaled_den = den * &unit;
    let negative = num.is_negative();
    let magnitude = num.abs();
    let (q, r) = magnitude.div_rem(&scaled_den);
    let twice = &r * 2;
    let up = if r.is_zero() {
        false
    } else {
        match mode {
            RoundingMode::Down => false,
            RoundingMode::Up => true,
            RoundingMode::Floor => negative,
            RoundingMode::Ceiling => !negative,
            RoundingMode::HalfUp => twice >= scaled_den,
            RoundingMode::HalfDown => twice > scaled_den,
            RoundingMode::HalfEven => twice > scaled_den || (twice == scaled_den && q.is_odd()),
            _ => unreachable!("new rounding mode: extend the oracle"),
        }
    };
    let q = if up { q + 1 } else { q };
    let result = q * unit;
    if negative {
        -result
    } else {
        result
    }
}

fn check(result: Result<Decimal, ErrorKind>, expected: Option<BigInt>, input: &Input) {
    match expected {
        None => assert_eq!(result, Err(ErrorKind::DivisionByZero), "{input:?}"),
        Some(nanos) if nanos.abs() > BigInt::from(MAX_NANOS) => {
            assert_eq!(result, Err(ErrorKind::Overflow), "{input:?}")
        }
        Some(nanos) => assert_eq!(
            result.map(|d| BigInt::from(d.nanos())),
            Ok(nanos),
            "{input:?}"
        ),
    }
}

fuzz_target!(|input: Input| {
    let a = operand(input.a, input.small);
    let b = operand(input.b, input.small);
    let c = operand(input.c, input.small);
    let places = u32::from(input.places % 12);
    let mode = ALL_ROUNDING_MODES[usize::from(input.mode) % ALL_ROUNDING_MODES.len()];
    let (an, bn, cn) = (
        BigInt::from(a.nanos()),
        BigInt::from(b.nanos()),
        BigInt::from(c.nanos()),
    );
    let billion = BigInt::from(1_000_000_000);
    let one = BigInt::from(1);
    // Rationals in nanos: value_nanos = num / den.
    let exact = |num: BigInt, den: BigInt| -> Option<BigInt> {
        if den.is_zero() {
            return None;
        }
        let (num, den) = if den.is_negative() {
            (-num, -den)
        } else {
            (num, den)
        };
        Some(oracle_round(&num, &den, places, mode))
    };
    match input.op {
        Op::Add => check(a.checked_add(b), Some(&an + &bn), &input),
        Op::Sub => check(a.checked_sub(b), Some(&an - &bn), &input),
        Op::Mul => check(
            a.mul_round(b, places, mode),
            exact(&an * &bn, billion),
            &input,
        ),
        Op::Div => check(
            a.div_round(b, places, mode),
            exact(&an * &billion, bn),
            &input,
        ),
        Op::MulDiv => check(
            a.mul_div_round(b, c, places, mode),
            exact(&an * &bn, cn),
            &input,
        ),
        Op::Round => check(a.round(places, mode), exact(an, one), &input),
        Op::Parse => {
            let text = a.to_string();
            assert_eq!(text.parse::<Decimal>(), Ok(a), "{text}");
            let padded = format!("{a:.12}");
            assert_eq!(padded.parse::<Decimal>(), Ok(a), "{padded}");
        }
    }
});
