//! Currencies, money, FX, allocation and dates.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use proptest::prelude::*;
use salesphysics_core::limits::MAX_ALLOCATION_PARTS;
use salesphysics_core::{
    allocate, days_in_month, is_leap_year, prorate_days, Currency, Date, Decimal, ErrorKind,
    FxRate, Money, Period, RoundingMode,
};

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn usd(text: &str) -> Money {
    Money::parse(text, Currency::USD).unwrap()
}

#[test]
fn currency_table_knows_minor_units() {
    for (code, numeric, minor) in [
        ("USD", 840, 2),
        ("EUR", 978, 2),
        ("JPY", 392, 0),
        ("KRW", 410, 0),
        ("BHD", 48, 3),
        ("KWD", 414, 3),
        ("JOD", 400, 3),
        ("OMR", 512, 3),
        ("TND", 788, 3),
        ("LYD", 434, 3),
        ("IQD", 368, 3),
        ("CLF", 990, 4),
    ] {
        let c = Currency::from_code(code).unwrap();
        assert_eq!(
            (c.code(), c.numeric(), c.minor_units()),
            (code, numeric, minor)
        );
        assert_eq!(Currency::from_numeric(numeric), Ok(c));
    }
    assert_eq!(Currency::from_code("usd"), Err(ErrorKind::UnknownCurrency));
    assert_eq!(Currency::from_code("XXX"), Err(ErrorKind::UnknownCurrency));
    assert_eq!(Currency::from_code("US"), Err(ErrorKind::UnknownCurrency));
    assert!(Currency::all()
        .windows(2)
        .all(|w| w[0].code() < w[1].code()));
}

#[test]
fn money_refuses_to_mix_currencies() {
    let err = usd("1.00").checked_add(Money::zero(Currency::EUR));
    assert_eq!(
        err,
        Err(ErrorKind::CurrencyMismatch {
            expected: Currency::USD,
            found: Currency::EUR
        })
    );
    assert_eq!(
        err.unwrap_err().to_string(),
        "currency mismatch: expected USD, found EUR"
    );
}

#[test]
fn parse_rejects_sub_minor_amounts_per_currency() {
    assert_eq!(
        Money::parse("12.345", Currency::USD),
        Err(ErrorKind::SubMinorUnit {
            currency: Currency::USD
        })
    );
    assert!(Money::parse("12.345", Currency::KWD).is_ok());
    assert!(Money::parse("12.5", Currency::JPY).is_err());
    assert!(Money::parse("1.2345", Currency::CLF).is_ok());
}

#[test]
fn rounding_to_zero_and_three_decimal_currencies() {
    let yen = Money::new(d("1234.5"), Currency::JPY);
    assert_eq!(
        yen.round_to_minor(RoundingMode::HalfEven)
            .unwrap()
            .to_string(),
        "1234 JPY"
    );
    assert_eq!(
        yen.round_to_minor(RoundingMode::HalfUp)
            .unwrap()
            .to_string(),
        "1235 JPY"
    );
    let dinar = Money::new(d("-10.0005"), Currency::BHD);
    assert_eq!(
        dinar
            .round_to_minor(RoundingMode::HalfEven)
            .unwrap()
            .to_string(),
        "-10.000 BHD"
    );
    assert_eq!(
        dinar
            .round_to_minor(RoundingMode::HalfUp)
            .unwrap()
            .to_string(),
        "-10.001 BHD"
    );
    assert_eq!(
        dinar
            .round_to_minor(RoundingMode::Ceiling)
            .unwrap()
            .to_string(),
        "-10.000 BHD"
    );
    assert_eq!(
        Money::parse("0.001", Currency::KWD)
            .unwrap()
            .to_minor_units(),
        Ok(1)
    );
    assert_eq!(
        Money::parse("150", Currency::JPY).unwrap().to_minor_units(),
        Ok(150)
    );
}

#[test]
fn money_displays_at_least_the_minor_digits() {
    assert_eq!(usd("1234.5").to_string(), "1234.50 USD");
    assert_eq!(
        Money::new(d("1.005"), Currency::USD).to_string(),
        "1.005 USD"
    );
    assert_eq!(
        Money::from_minor_units(-5, Currency::USD)
            .unwrap()
            .to_string(),
        "-0.05 USD"
    );
}

#[test]
fn fx_converts_with_explicit_rate_and_rounding() {
    let rate = FxRate::new(Currency::USD, Currency::JPY, d("151.37")).unwrap();
    // 12.34 × 151.37 = 1867.9058 → 1868 yen
    let yen = rate.convert(usd("12.34"), RoundingMode::HalfEven).unwrap();
    assert_eq!(yen.to_string(), "1868 JPY");
    let to_kwd = FxRate::new(Currency::USD, Currency::KWD, d("0.30745")).unwrap();
    // 100.01 × 0.30745 = 30.7480745 → 30.748 KWD
    assert_eq!(
        to_kwd
            .convert(usd("100.01"), RoundingMode::HalfEven)
            .unwrap()
            .to_string(),
        "30.748 KWD"
    );
    assert!(rate
        .convert(Money::zero(Currency::EUR), RoundingMode::HalfEven)
        .is_err());
    assert_eq!(
        FxRate::new(Currency::USD, Currency::EUR, Decimal::ZERO),
        Err(ErrorKind::NotPositive)
    );
}

#[test]
fn fx_rate_from_a_currency_to_itself_must_be_one() {
    // USD→USD at 2 would double every USD amount it "converts".
    assert_eq!(
        FxRate::new(Currency::USD, Currency::USD, d("2")),
        Err(ErrorKind::Invalid(
            "a rate from a currency to itself must be exactly 1"
        ))
    );
    assert!(FxRate::new(Currency::USD, Currency::USD, d("0.999999999")).is_err());
    let identity = FxRate::new(Currency::USD, Currency::USD, d("1.000")).unwrap();
    assert_eq!(
        identity.convert(usd("1234.56"), RoundingMode::HalfEven),
        Ok(usd("1234.56"))
    );
}

/// Vector `split-rounding-reconciles` (compensation.json).
#[test]
fn split_rounding_reconciles_vector() {
    let mut parts = [Money::zero(Currency::USD); 2];
    allocate(usd("6.45"), &[d("0.30"), d("0.70")], &mut parts).unwrap();
    assert_eq!(parts, [usd("1.94"), usd("4.51")]);
    assert_eq!(parts[0].checked_add(parts[1]).unwrap(), usd("6.45"));
}

#[test]
fn allocation_by_percentages_counts_and_negative_totals() {
    let mut parts = [Money::zero(Currency::USD); 3];
    allocate(usd("100.00"), &[d("1"), d("1"), d("1")], &mut parts).unwrap();
    assert_eq!(parts, [usd("33.34"), usd("33.33"), usd("33.33")]);
    allocate(usd("-100.00"), &[d("50"), d("25"), d("25")], &mut parts).unwrap();
    assert_eq!(parts, [usd("-50.00"), usd("-25.00"), usd("-25.00")]);
    // Remainders decide, not position: 0.10 over (1, 2) weights → 0.033.., 0.066..
    let mut two = [Money::zero(Currency::USD); 2];
    allocate(usd("0.10"), &[d("1"), d("2")], &mut two).unwrap();
    assert_eq!(two, [usd("0.03"), usd("0.07")]);
    // Zero decimals: 10 yen three ways.
    let mut yen = [Money::zero(Currency::JPY); 3];
    allocate(
        Money::parse("10", Currency::JPY).unwrap(),
        &[d("1"); 3],
        &mut yen,
    )
    .unwrap();
    assert_eq!(yen.map(|m| m.to_minor_units().unwrap()), [4, 3, 3]);
}

#[test]
fn allocation_errors_name_the_field() {
    let mut out = [Money::zero(Currency::USD); 2];
    let e = allocate(usd("1.00"), &[d("1"), d("-1")], &mut out).unwrap_err();
    assert_eq!(e.to_string(), "weights[1]: must not be negative");
    let e = allocate(usd("1.00"), &[Decimal::ZERO], &mut out).unwrap_err();
    assert_eq!(e.to_string(), "weights: division by zero");
    let e = allocate(usd("1.00"), &[d("1"); 3], &mut out).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BufferTooSmall { needed: 3 });
    let e = allocate(Money::new(d("1.001"), Currency::USD), &[d("1")], &mut out).unwrap_err();
    assert_eq!(
        e.to_string(),
        "total: more fractional digits than USD's minor unit (2)"
    );
    let e = allocate(usd("1.00"), &[], &mut out).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Empty);
    let many = [d("1"); MAX_ALLOCATION_PARTS + 1];
    let mut big = [Money::zero(Currency::USD); MAX_ALLOCATION_PARTS + 1];
    assert!(allocate(usd("1.00"), &many, &mut big).is_err());
}

#[test]
fn allocation_handles_extreme_magnitudes_exactly() {
    let total = Money::new(d("999999999999999999999999999.99"), Currency::USD);
    let mut parts = [Money::zero(Currency::USD); 3];
    allocate(
        total,
        &[d("999999999"), d("0.000000001"), d("123456789.123456789")],
        &mut parts,
    )
    .unwrap();
    let sum = parts
        .iter()
        .try_fold(Money::zero(Currency::USD), |s, p| s.checked_add(*p))
        .unwrap();
    assert_eq!(sum, total);
}

proptest! {
    #[test]
    fn allocation_conserves_and_stays_within_one_minor_unit(
        cents in -10_000_000_000i128..10_000_000_000,
        weights in prop::collection::vec(0i64..1_000_000, 1..12),
    ) {
        prop_assume!(weights.iter().any(|&w| w > 0));
        let total = Money::from_minor_units(cents, Currency::USD).unwrap();
        let weights: Vec<Decimal> = weights.iter().map(|&w| Decimal::new(w.into(), 3).unwrap()).collect();
        let mut parts = vec![Money::zero(Currency::USD); weights.len()];
        allocate(total, &weights, &mut parts).unwrap();
        let minor: Vec<i128> = parts.iter().map(|p| p.to_minor_units().unwrap()).collect();
        prop_assert_eq!(minor.iter().sum::<i128>(), cents);
        let weight_sum: i128 = weights.iter().map(|w| w.nanos()).sum();
        for (part, w) in minor.iter().zip(&weights) {
            // |part × W − cents × w| < W  ⇔ part is within one cent of the exact share.
            let diff = part * weight_sum - cents * w.nanos();
            prop_assert!(diff.abs() < weight_sum);
        }
    }
}

#[test]
fn leap_years_and_month_lengths() {
    assert!(is_leap_year(2024) && is_leap_year(2000) && !is_leap_year(1900) && !is_leap_year(2025));
    assert_eq!(days_in_month(2024, 2), 29);
    assert_eq!(days_in_month(2025, 2), 28);
    assert_eq!(days_in_month(2025, 13), 0);
    assert_eq!(Date::new(2023, 2, 29), Err(ErrorKind::InvalidDate));
    assert!(Date::new(2024, 2, 29).is_ok());
    assert_eq!(Date::new(2100, 2, 29), Err(ErrorKind::InvalidDate));
    assert_eq!(Period::year(2024).unwrap().days(), 366);
    assert_eq!(Period::year(2025).unwrap().days(), 365);
    assert_eq!(Period::month(2024, 2).unwrap().days(), 29);
    assert_eq!(Period::quarter(2024, 1).unwrap().days(), 91);
    assert_eq!(Period::quarter(2025, 1).unwrap().days(), 90);
    assert_eq!(Period::quarter(2025, 4).unwrap().days(), 92);
    assert!(Period::quarter(2025, 5).is_err());
}

#[test]
fn periods_containing_a_date() {
    let leap_day = Date::new(2024, 2, 29).unwrap();
    assert_eq!(Period::month_of(leap_day), Period::month(2024, 2).unwrap());
    assert_eq!(
        Period::quarter_of(leap_day),
        Period::quarter(2024, 1).unwrap()
    );
    let december = Date::new(2025, 12, 31).unwrap();
    assert_eq!(Period::month_of(december).days(), 31);
    assert_eq!(
        Period::quarter_of(december),
        Period::quarter(2025, 4).unwrap()
    );
    assert_eq!(
        Period::quarter_of(Date::new(2025, 7, 1).unwrap()),
        Period::quarter(2025, 3).unwrap()
    );
}

#[test]
fn day_counts_cross_years_and_round_trip() {
    let a = Date::new(2023, 12, 31).unwrap();
    let b = Date::new(2024, 3, 1).unwrap();
    assert_eq!(a.days_until(b), 61); // 31 Jan + 29 Feb + 1
    assert_eq!(b.days_until(a), -61);
    assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
    assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11017);
    assert_eq!(a.add_days(61).unwrap(), b);
    assert_eq!(
        "2024-02-29".parse::<Date>().unwrap().to_string(),
        "2024-02-29"
    );
    for bad in [
        "2024-2-29",
        "2023-02-29",
        "20240229",
        "2024-02-3x",
        "+024-02-01",
    ] {
        assert!(bad.parse::<Date>().is_err(), "{bad}");
    }
}

/// Vector `proration-by-days` (compensation.json): start 1 June, 214 of 365 days.
#[test]
fn proration_by_days_vector() {
    let year = Period::year(2025).unwrap();
    let employed = Period::new(
        Date::new(2025, 6, 1).unwrap(),
        Date::new(2025, 12, 31).unwrap(),
    )
    .unwrap();
    assert_eq!(year.active_days(employed), 214);
    let quota = year
        .prorate(usd("800000"), employed, RoundingMode::HalfEven)
        .unwrap();
    assert_eq!(quota, usd("469041.10"));
    let variable = prorate_days(usd("75000"), 214, 365, RoundingMode::HalfEven).unwrap();
    assert_eq!(variable, usd("43972.60"));
    assert_eq!(
        prorate_days(usd("1"), 2, 1, RoundingMode::HalfEven),
        Err(ErrorKind::OutOfRange)
    );
    assert_eq!(
        prorate_days(usd("1"), 0, 0, RoundingMode::HalfEven),
        Err(ErrorKind::DivisionByZero)
    );
    // A leave in a leap February: 10 of 29 days.
    let feb = Period::month(2024, 2).unwrap();
    let leave = Period::new(
        Date::new(2024, 2, 20).unwrap(),
        Date::new(2024, 3, 5).unwrap(),
    )
    .unwrap();
    assert_eq!(feb.active_days(leave), 10);
}

proptest! {
    #[test]
    fn dates_round_trip_through_day_numbers(days in -719_162i32..2_932_896) {
        // 0001-01-01 ..= 9999-12-31
        let date = Date::from_days_since_epoch(days).unwrap();
        prop_assert_eq!(date.days_since_epoch(), days);
        prop_assert_eq!(date.to_string().parse::<Date>().unwrap(), date);
    }
}

#[cfg(feature = "serde")]
#[test]
fn serde_writes_strings_never_floats() {
    let json = serde_json::to_string(&usd("1234.5")).unwrap();
    assert_eq!(json, r#"{"amount":"1234.50","currency":"USD"}"#);
    let back: Money = serde_json::from_str(&json).unwrap();
    assert_eq!(back, usd("1234.50"));
    assert_eq!(serde_json::to_string(&d("-0.075")).unwrap(), r#""-0.075""#);
    assert!(serde_json::from_str::<Decimal>("1.5").is_err());
    assert!(serde_json::from_str::<Money>(r#"{"amount":"1","currency":"ABC"}"#).is_err());
    let date: Date = serde_json::from_str(r#""2024-02-29""#).unwrap();
    assert_eq!(serde_json::to_string(&date).unwrap(), r#""2024-02-29""#);
}

#[cfg(feature = "serde")]
#[test]
fn fx_rate_deserializes_through_its_constructor() {
    // A 1,000 EUR deal at EUR→USD −1 would earn a negative commission:
    // the rate must not exist, from code or from JSON.
    let negative = serde_json::from_str::<FxRate>(r#"{"from":"EUR","to":"USD","rate":"-1"}"#);
    let message = negative.unwrap_err().to_string();
    assert!(message.contains("must be greater than zero"), "{message}");
    for bad in [
        r#"{"from":"EUR","to":"USD","rate":"0"}"#,
        r#"{"from":"USD","to":"USD","rate":"2"}"#,
        r#"{"from":"EUR","to":"USD","rate":1.1}"#,
        r#"{"from":"EUR","to":"ABC","rate":"1.1"}"#,
        r#"{"from":"EUR","to":"USD","rate":"1.1","inverse":"0.9"}"#,
        r#"{"from":"EUR","to":"USD"}"#,
    ] {
        assert!(serde_json::from_str::<FxRate>(bad).is_err(), "{bad}");
    }
    let json = r#"{"from":"EUR","to":"USD","rate":"1.1"}"#;
    let rate: FxRate = serde_json::from_str(json).unwrap();
    assert_eq!(
        rate,
        FxRate::new(Currency::EUR, Currency::USD, d("1.1")).unwrap()
    );
    assert_eq!(serde_json::to_string(&rate).unwrap(), json);
    // 1,000 EUR × 1.1 = 1,100.00 USD.
    let deal = Money::parse("1000.00", Currency::EUR).unwrap();
    assert_eq!(
        rate.convert(deal, RoundingMode::HalfEven).unwrap(),
        usd("1100.00")
    );
}

#[cfg(feature = "serde")]
#[test]
fn period_deserializes_through_its_constructor() {
    // Reversed, it used to load and report 1 day.
    let reversed = serde_json::from_str::<Period>(r#"{"first":"2025-12-31","last":"2025-06-01"}"#);
    let message = reversed.unwrap_err().to_string();
    assert!(
        message.contains("period ends before it starts"),
        "{message}"
    );
    for bad in [
        r#"{"first":"2023-02-29","last":"2023-03-31"}"#,
        r#"{"first":"2025-06-01"}"#,
        r#"{"first":"2025-06-01","last":"2025-12-31","days":214}"#,
    ] {
        assert!(serde_json::from_str::<Period>(bad).is_err(), "{bad}");
    }
    let json = r#"{"first":"2025-06-01","last":"2025-12-31"}"#;
    let period: Period = serde_json::from_str(json).unwrap();
    // June 30 + July 31 + August 31 + September 30 + October 31 +
    // November 30 + December 31 = 214 days.
    assert_eq!(period.days(), 214);
    assert_eq!(serde_json::to_string(&period).unwrap(), json);
    let one_day: Period =
        serde_json::from_str(r#"{"first":"2025-06-01","last":"2025-06-01"}"#).unwrap();
    assert_eq!(one_day.days(), 1);
}

#[cfg(feature = "serde")]
#[test]
fn foundation_types_reject_what_their_constructors_reject() {
    // Decimal: parse rules (no floats, no exponents, at most 9 places).
    for bad in ["1.5", r#""1e3""#, r#""0.0000000001""#, r#""1,000""#] {
        assert!(serde_json::from_str::<Decimal>(bad).is_err(), "{bad}");
    }
    // Currency: active ISO 4217 codes only, upper case.
    for bad in [r#""usd""#, r#""XXX""#, r#""US""#, "840"] {
        assert!(serde_json::from_str::<Currency>(bad).is_err(), "{bad}");
    }
    // Date: real calendar days, ISO 8601.
    for bad in [
        r#""2023-02-29""#,
        r#""2025-13-01""#,
        r#""2025-6-1""#,
        r#""0000-01-01""#,
    ] {
        assert!(serde_json::from_str::<Date>(bad).is_err(), "{bad}");
    }
    // Money: a decimal string and a currency, nothing else.
    for bad in [
        r#"{"amount":1.5,"currency":"USD"}"#,
        r#"{"amount":"1.5","currency":"USD","minor":150}"#,
        r#"{"amount":"1.5"}"#,
    ] {
        assert!(serde_json::from_str::<Money>(bad).is_err(), "{bad}");
    }
}

#[cfg(feature = "serde")]
proptest! {
    /// `value → JSON → value` is the identity for every valid period and rate.
    #[test]
    fn periods_and_rates_round_trip_through_json(
        first in -719_162i32..2_932_000,
        len in 0i32..800,
        nanos in 1i128..1_000_000_000_000_000,
        pair in 0usize..3,
    ) {
        let first = Date::from_days_since_epoch(first).unwrap();
        let period = Period::new(first, first.add_days(len).unwrap()).unwrap();
        let json = serde_json::to_string(&period).unwrap();
        prop_assert_eq!(serde_json::from_str::<Period>(&json).unwrap(), period);

        let (from, to) = [
            (Currency::EUR, Currency::USD),
            (Currency::USD, Currency::JPY),
            (Currency::KWD, Currency::CLF),
        ][pair];
        let rate = FxRate::new(from, to, Decimal::from_nanos(nanos).unwrap()).unwrap();
        let json = serde_json::to_string(&rate).unwrap();
        prop_assert_eq!(serde_json::from_str::<FxRate>(&json).unwrap(), rate);
    }
}
