//! Decimals, money, currencies and the one vocabulary every engine shares.

use proptest::prelude::*;
use proptest::sample::select;
use salesphysics_core::{
    Channel, Currency, Decimal, Money, Role, RoleSet, RoundingMode, ALL_CHANNELS, ALL_ROLES,
    ALL_ROUNDING_MODES,
};

/// Any decimal up to ±10¹⁵ at all nine digits, plus the extremes and
/// round figures (0, 1, whole numbers).
pub fn decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (-10i128.pow(24)..=10i128.pow(24)).prop_map(|n| Decimal::from_nanos(n).unwrap()),
        (-1_000_000i64..=1_000_000).prop_map(Decimal::from_int),
        select(vec![
            Decimal::ZERO,
            Decimal::ONE,
            Decimal::MAX,
            Decimal::MIN
        ]),
    ]
}

/// A decimal in `[0, 1]` at nine digits: rates, shares and fractions.
pub fn fraction() -> impl Strategy<Value = Decimal> {
    (0i128..=1_000_000_000).prop_map(|n| Decimal::from_nanos(n).unwrap())
}

/// Currencies with 2, 0 and 3 minor digits: the JSON pads amounts to them.
pub fn currency() -> impl Strategy<Value = Currency> {
    select(vec![
        Currency::USD,
        Currency::EUR,
        Currency::GBP,
        Currency::JPY,
        Currency::KWD,
    ])
}

/// An amount of `currency`, at any precision.
pub fn money_in(currency: Currency) -> impl Strategy<Value = Money> {
    decimal().prop_map(move |amount| Money::new(amount, currency))
}

/// An amount in any of [`currency`]'s currencies.
pub fn money() -> impl Strategy<Value = Money> {
    (decimal(), currency()).prop_map(|(amount, currency)| Money::new(amount, currency))
}

/// Any rounding mode.
pub fn rounding_mode() -> impl Strategy<Value = RoundingMode> {
    select(&ALL_ROUNDING_MODES[..])
}

/// Any role.
pub fn role() -> impl Strategy<Value = Role> {
    select(&ALL_ROLES[..])
}

/// Any set of roles, the empty set included.
pub fn role_set() -> impl Strategy<Value = RoleSet> {
    proptest::collection::vec(role(), 0..=4).prop_map(|roles| RoleSet::of(&roles))
}

/// Any channel.
pub fn channel() -> impl Strategy<Value = Channel> {
    select(&ALL_CHANNELS[..])
}
