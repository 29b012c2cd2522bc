//! Decimal arithmetic, parsing, formatting and rounding at their edges.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use proptest::prelude::*;
use salesphysics_core::{Decimal, ErrorKind, ParseError, RoundingMode, ALL_ROUNDING_MODES};

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

#[test]
fn parses_and_prints_the_shortest_exact_form() {
    for (input, shown) in [
        ("0", "0"),
        ("-0", "0"),
        ("+12", "12"),
        ("1234.50", "1234.5"),
        ("0.000000001", "0.000000001"),
        ("-0.5", "-0.5"),
        ("007.100", "7.1"),
        ("1.0000000000000", "1"),
        (
            "999999999999999999999999999.999999999",
            "999999999999999999999999999.999999999",
        ),
    ] {
        assert_eq!(d(input).to_string(), shown, "{input}");
    }
}

#[test]
fn precision_pads_but_never_rounds() {
    assert_eq!(format!("{:.2}", d("1234.5")), "1234.50");
    assert_eq!(format!("{:.2}", d("1.005")), "1.005");
    assert_eq!(format!("{:.0}", d("7")), "7");
    assert_eq!(format!("{:>8}", d("-1.5")), "    -1.5");
}

#[test]
fn rejects_malformed_strings_with_the_reason() {
    let cases: [(&str, ParseError); 11] = [
        ("", ParseError::Empty),
        ("-", ParseError::Empty),
        ("1.2.3", ParseError::MultipleDecimalPoints),
        ("1e5", ParseError::InvalidCharacter { byte: b'e', at: 1 }),
        (",", ParseError::InvalidCharacter { byte: b',', at: 0 }),
        ("1,000", ParseError::InvalidCharacter { byte: b',', at: 1 }),
        (" 1", ParseError::InvalidCharacter { byte: b' ', at: 0 }),
        ("--1", ParseError::InvalidCharacter { byte: b'-', at: 1 }),
        (".5", ParseError::MissingDigits),
        ("1.", ParseError::MissingDigits),
        ("0.0000000001", ParseError::TooManyFractionDigits),
    ];
    for (input, reason) in cases {
        assert_eq!(
            input.parse::<Decimal>(),
            Err(ErrorKind::Parse(reason)),
            "{input:?}"
        );
    }
    assert_eq!(
        "1000000000000000000000000000".parse::<Decimal>(),
        Err(ErrorKind::Parse(ParseError::TooManyIntegerDigits))
    );
}

#[test]
fn extra_fraction_digits_round_only_when_asked() {
    // 10 fractional digits: the tenth is a tie at the ninth place.
    let text = "2.0000000005";
    assert!(text.parse::<Decimal>().is_err());
    let even = Decimal::parse_rounded(text, RoundingMode::HalfEven).unwrap();
    assert_eq!(even, d("2.000000000"));
    let up = Decimal::parse_rounded(text, RoundingMode::HalfUp).unwrap();
    assert_eq!(up, d("2.000000001"));
    // A non-zero digit after the 5 makes it more than half.
    let sticky = Decimal::parse_rounded("2.00000000050001", RoundingMode::HalfEven).unwrap();
    assert_eq!(sticky, d("2.000000001"));
    let neg = Decimal::parse_rounded("-2.0000000005", RoundingMode::Floor).unwrap();
    assert_eq!(neg, d("-2.000000001"));
}

/// Every mode at x.5 ties and near-ties on both signs, to 0 places.
#[test]
fn each_rounding_mode_at_ties_on_both_signs() {
    use RoundingMode::*;
    // (value, [HalfEven, HalfUp, HalfDown, Down, Up, Floor, Ceiling])
    let table: [(&str, [&str; 7]); 8] = [
        ("2.5", ["2", "3", "2", "2", "3", "2", "3"]),
        ("3.5", ["4", "4", "3", "3", "4", "3", "4"]),
        ("-2.5", ["-2", "-3", "-2", "-2", "-3", "-3", "-2"]),
        ("-3.5", ["-4", "-4", "-3", "-3", "-4", "-4", "-3"]),
        ("2.500000001", ["3", "3", "3", "2", "3", "2", "3"]),
        ("-2.499999999", ["-2", "-2", "-2", "-2", "-3", "-3", "-2"]),
        ("0.5", ["0", "1", "0", "0", "1", "0", "1"]),
        ("-0.5", ["0", "-1", "0", "0", "-1", "-1", "0"]),
    ];
    let modes = [HalfEven, HalfUp, HalfDown, Down, Up, Floor, Ceiling];
    assert_eq!(modes, ALL_ROUNDING_MODES);
    for (value, expected) in table {
        for (mode, want) in modes.iter().zip(expected) {
            assert_eq!(
                d(value).round(0, *mode).unwrap(),
                d(want),
                "{value} {mode:?}"
            );
        }
    }
}

#[test]
fn rounds_to_cents_and_mills() {
    assert_eq!(
        d("1.005").round(2, RoundingMode::HalfEven).unwrap(),
        d("1.00")
    );
    assert_eq!(
        d("1.015").round(2, RoundingMode::HalfEven).unwrap(),
        d("1.02")
    );
    assert_eq!(
        d("1.005").round(2, RoundingMode::HalfUp).unwrap(),
        d("1.01")
    );
    assert_eq!(
        d("-1.0005").round(3, RoundingMode::HalfUp).unwrap(),
        d("-1.001")
    );
    assert_eq!(d("1.23").round(9, RoundingMode::Up).unwrap(), d("1.23"));
    assert_eq!(d("1.23").round(20, RoundingMode::Up).unwrap(), d("1.23"));
}

#[test]
fn add_and_sub_are_exact_and_checked() {
    assert_eq!(d("0.1").checked_add(d("0.2")).unwrap(), d("0.3"));
    assert_eq!(d("-5").checked_sub(d("7.25")).unwrap(), d("-12.25"));
    assert_eq!(
        Decimal::MAX.checked_add(Decimal::NANO),
        Err(ErrorKind::Overflow)
    );
    assert_eq!(
        Decimal::MIN.checked_sub(Decimal::NANO),
        Err(ErrorKind::Overflow)
    );
    assert_eq!(Decimal::MAX.neg(), Decimal::MIN);
}

#[test]
fn the_range_is_ten_to_the_36_nanos_either_side_and_nothing_wraps_into_it() {
    let max = 10i128.pow(36) - 1;
    assert_eq!(Decimal::from_nanos(max), Ok(Decimal::MAX));
    assert_eq!(Decimal::from_nanos(-max), Ok(Decimal::MIN));
    for outside in [max + 1, -max - 1, i128::MAX, i128::MIN, i128::MAX - max + 1] {
        assert_eq!(
            Decimal::from_nanos(outside),
            Err(ErrorKind::Overflow),
            "{outside}"
        );
    }
}

#[test]
fn multiplication_rounds_once_from_the_exact_product() {
    // 19.99 × 0.075 = 1.49925 exactly.
    let m = |a, b, places, mode| d(a).mul_round(d(b), places, mode).unwrap();
    assert_eq!(m("19.99", "0.075", 2, RoundingMode::HalfEven), d("1.50"));
    assert_eq!(m("19.99", "0.075", 9, RoundingMode::HalfEven), d("1.49925"));
    // 0.000000001 × 0.5 = 5e-10: a tie at the ninth place.
    assert_eq!(m("0.000000001", "0.5", 9, RoundingMode::HalfEven), d("0"));
    assert_eq!(
        m("0.000000001", "0.5", 9, RoundingMode::HalfUp),
        d("0.000000001")
    );
    assert_eq!(
        m("-0.000000001", "0.5", 9, RoundingMode::Floor),
        d("-0.000000001")
    );
    // Double rounding would give 1.00: 1.004999999 × 1.000000001 = 1.005000000004999999
    // is above the tie, so half-even to cents gives 1.01.
    assert_eq!(
        m("1.004999999", "1.000000001", 2, RoundingMode::HalfEven),
        d("1.01")
    );
    // Signs.
    assert_eq!(m("-3", "2.5", 9, RoundingMode::HalfEven), d("-7.5"));
    assert_eq!(m("-3", "-2.5", 9, RoundingMode::HalfEven), d("7.5"));
}

#[test]
fn multiplication_overflow_is_an_error() {
    let big = d("100000000000000"); // 1e14
    assert_eq!(big.checked_mul(big), Err(ErrorKind::Overflow)); // 1e28 > MAX
    assert_eq!(big.checked_mul(big.neg()), Err(ErrorKind::Overflow));
    assert!(d("10000000000000").checked_mul(d("10000000000000")).is_ok()); // 1e26
    assert_eq!(Decimal::MAX.checked_mul(Decimal::ONE), Ok(Decimal::MAX));
    assert_eq!(
        Decimal::MAX.checked_mul(d("1.000000001")),
        Err(ErrorKind::Overflow)
    );
}

#[test]
fn division_is_checked_and_rounded_once() {
    let q = |a, b, places, mode| d(a).div_round(d(b), places, mode);
    assert_eq!(q("1", "3", 9, RoundingMode::HalfEven), Ok(d("0.333333333")));
    assert_eq!(q("2", "3", 2, RoundingMode::Down), Ok(d("0.66")));
    assert_eq!(q("-2", "3", 2, RoundingMode::HalfEven), Ok(d("-0.67")));
    assert_eq!(q("1", "8", 2, RoundingMode::HalfEven), Ok(d("0.12")));
    assert_eq!(
        q("1", "0", 2, RoundingMode::HalfEven),
        Err(ErrorKind::DivisionByZero)
    );
    assert_eq!(
        Decimal::MAX.div_round(d("0.5"), 9, RoundingMode::HalfEven),
        Err(ErrorKind::Overflow)
    );
    // Large dividend takes the 256-bit path and stays exact.
    assert_eq!(
        Decimal::MAX.div_round(Decimal::MAX, 9, RoundingMode::HalfEven),
        Ok(Decimal::ONE)
    );
}

#[test]
fn mul_div_prorates_exactly() {
    // proration-by-days vector: 800000 × 214 / 365 = 469041.0958… → 469041.10
    let quota = d("800000");
    let prorated = quota
        .mul_div_round(d("214"), d("365"), 2, RoundingMode::HalfEven)
        .unwrap();
    assert_eq!(prorated, d("469041.10"));
    // 75000 × 214 / 365 = 43972.6027… → 43972.60
    let variable = d("75000")
        .mul_div_round(d("214"), d("365"), 2, RoundingMode::HalfEven)
        .unwrap();
    assert_eq!(variable, d("43972.60"));
    assert_eq!(
        d("1").mul_div_round(d("1"), Decimal::ZERO, 2, RoundingMode::HalfEven),
        Err(ErrorKind::DivisionByZero)
    );
}

#[test]
fn units_and_nanos_match_google_money() {
    assert_eq!(d("-1.75").to_units_nanos(), Ok((-1, -750_000_000)));
    assert_eq!(Decimal::from_units_nanos(-1, -750_000_000), Ok(d("-1.75")));
    assert_eq!(Decimal::from_units_nanos(1, -5), Err(ErrorKind::OutOfRange));
    assert_eq!(
        Decimal::from_units_nanos(0, 1_000_000_000),
        Err(ErrorKind::OutOfRange)
    );
    assert_eq!(Decimal::MAX.to_units_nanos(), Err(ErrorKind::Overflow));
}

#[test]
fn new_and_scaled_integers_refuse_to_lose_digits() {
    assert_eq!(Decimal::new(30, 2), Ok(d("0.30")));
    assert_eq!(Decimal::new(5, 10), Err(ErrorKind::OutOfRange));
    assert_eq!(Decimal::new(50, 10), Ok(d("0.000000005")));
    assert_eq!(d("12.34").to_scaled_integer(2), Ok(1234));
    assert_eq!(d("12.345").to_scaled_integer(2), Err(ErrorKind::OutOfRange));
    assert_eq!(d("12").to_scaled_integer(0), Ok(12));
}

fn decimal() -> impl Strategy<Value = Decimal> {
    (-(10i128.pow(20))..10i128.pow(20)).prop_map(|n| Decimal::from_nanos(n).unwrap())
}

proptest! {
    #[test]
    fn display_then_parse_round_trips(x in decimal()) {
        prop_assert_eq!(x.to_string().parse::<Decimal>(), Ok(x));
    }

    #[test]
    fn rounded_value_is_within_one_unit_and_respects_the_mode(
        x in decimal(), places in 0u32..10, mode_index in 0usize..7
    ) {
        let mode = ALL_ROUNDING_MODES[mode_index];
        let r = x.round(places, mode).unwrap();
        let unit = 10i128.pow(9 - places);
        prop_assert_eq!(r.nanos() % unit, 0);
        prop_assert!((r.nanos() - x.nanos()).abs() < unit);
        match mode {
            RoundingMode::Floor => prop_assert!(r <= x),
            RoundingMode::Ceiling => prop_assert!(r >= x),
            RoundingMode::Down => prop_assert!(r.abs() <= x.abs()),
            RoundingMode::Up => prop_assert!(r.abs() >= x.abs()),
            _ => prop_assert!(2 * (r.nanos() - x.nanos()).abs() <= unit),
        }
    }

    #[test]
    fn mul_agrees_with_integer_arithmetic(a in -(10i128.pow(15))..10i128.pow(15), b in -(10i128.pow(15))..10i128.pow(15)) {
        // Exact product in nanos² ÷ 10⁹, truncated, equals Down rounding.
        let x = Decimal::from_nanos(a).unwrap();
        let y = Decimal::from_nanos(b).unwrap();
        let down = x.mul_round(y, 9, RoundingMode::Down).unwrap();
        prop_assert_eq!(down.nanos(), a * b / 1_000_000_000);
    }

    #[test]
    fn mul_round_rounds_the_exact_integer_product_once(
        a in -(10i128.pow(15))..10i128.pow(15),
        b in -(10i128.pow(11))..10i128.pow(11),
        places in 0u32..=9,
        mode_index in 0usize..7,
    ) {
        // The exact product has 18 fractional digits; keep `places` of them
        // by integer division and decide the last digit by the remainder.
        let mode = ALL_ROUNDING_MODES[mode_index];
        let (product, unit) = (a * b, 10i128.pow(18 - places));
        let (truncated, remainder) = (product / unit, product % unit);
        let twice = 2 * remainder.abs();
        let away = remainder != 0
            && match mode {
                RoundingMode::Down => false,
                RoundingMode::Up => true,
                RoundingMode::Floor => product < 0,
                RoundingMode::Ceiling => product > 0,
                RoundingMode::HalfUp => twice >= unit,
                RoundingMode::HalfDown => twice > unit,
                RoundingMode::HalfEven => twice > unit || (twice == unit && truncated % 2 != 0),
                other => panic!("a mode this test does not know: {other:?}"),
            };
        let kept = truncated + if away { product.signum() } else { 0 };
        let x = Decimal::from_nanos(a).unwrap();
        let y = Decimal::from_nanos(b).unwrap();
        let rounded = x.mul_round(y, places, mode).unwrap();
        prop_assert_eq!(rounded.nanos(), kept * 10i128.pow(9 - places));
    }

    #[test]
    fn addition_is_commutative_and_sub_inverts_it(x in decimal(), y in decimal()) {
        let s = x.checked_add(y).unwrap();
        prop_assert_eq!(s, y.checked_add(x).unwrap());
        prop_assert_eq!(s.checked_sub(y).unwrap(), x);
    }
}

/// Fractional powers for planning curves: exact binary value of libm's
/// result, rounded half-even to 9 places.
#[test]
fn fractional_power_is_deterministic_and_refuses_non_numbers() {
    use salesphysics_core::fractional_power;
    // An exponent of 1 returns the base; a square lands within a nano of the
    // exact decimal square (0.9 has no exact binary form).
    assert_eq!(fractional_power(d("0.75"), 12, 12), Ok(d("0.75")));
    let squared = fractional_power(d("0.9"), 12, 6).unwrap();
    assert!((squared.nanos() - d("0.81").nanos()).abs() <= 1);
    // Twelve monthly survivals of 25 % attrition compound back to 0.75.
    let monthly = fractional_power(d("0.75"), 1, 12).unwrap();
    assert_eq!(monthly, d("0.976311576"));
    assert_eq!(fractional_power(d("-0.5"), 1, 2), Err(ErrorKind::Negative));
    assert_eq!(
        fractional_power(d("2"), 1, 0),
        Err(ErrorKind::DivisionByZero)
    );
    assert_eq!(fractional_power(Decimal::ZERO, 1, 12), Ok(Decimal::ZERO));
}
