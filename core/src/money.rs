//! An amount in a currency. Arithmetic across currencies is an error, never a
//! silent sum; rounding to the currency's minor unit is explicit.

use core::fmt;

use crate::currency::Currency;
use crate::decimal::Decimal;
use crate::error::ErrorKind;
use crate::rounding::RoundingMode;

/// An exact amount of one currency.
///
/// The amount may carry more digits than the minor unit (an unrounded
/// commission line, say); [`Money::round_to_minor`] is where it becomes
/// payable, and [`Money::to_minor_units`] refuses to drop digits silently.
///
/// ```
/// use salesphysics_core::{Currency, Decimal, Money, RoundingMode};
///
/// let deal = Money::parse("12000.00", Currency::USD)?;
/// let rate: Decimal = "0.0725".parse()?;
/// let commission = deal.mul_round(rate, RoundingMode::HalfEven)?;
/// assert_eq!(commission.to_string(), "870.00 USD");
/// assert!(deal.checked_add(Money::zero(Currency::EUR)).is_err());
/// # Ok::<(), salesphysics_core::ErrorKind>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// `amount` of `currency`, at any precision.
    #[inline]
    pub const fn new(amount: Decimal, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// Zero of `currency`.
    #[inline]
    pub const fn zero(currency: Currency) -> Money {
        Money::new(Decimal::ZERO, currency)
    }

    /// Parses a decimal string as an amount of `currency`; the amount must
    /// already be in whole minor units (`"12.345"` USD is rejected).
    #[inline]
    pub fn parse(text: &str, currency: Currency) -> Result<Money, ErrorKind> {
        let money = Money::new(text.parse()?, currency);
        money.to_minor_units()?;
        Ok(money)
    }

    /// An amount given as an integer count of minor units (cents for USD).
    #[inline]
    pub fn from_minor_units(minor: i128, currency: Currency) -> Result<Money, ErrorKind> {
        Ok(Money::new(
            Decimal::new(minor, currency.minor_units())?,
            currency,
        ))
    }

    /// The amount.
    #[inline]
    pub const fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    #[inline]
    pub const fn currency(&self) -> Currency {
        self.currency
    }

    /// Whether the amount is zero.
    #[inline]
    pub const fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    /// Whether the amount is above zero.
    #[inline]
    pub const fn is_positive(&self) -> bool {
        self.amount.is_positive()
    }

    /// Whether the amount is below zero.
    #[inline]
    pub const fn is_negative(&self) -> bool {
        self.amount.is_negative()
    }

    /// The same amount with the opposite sign.
    #[inline]
    pub const fn neg(&self) -> Money {
        Money::new(self.amount.neg(), self.currency)
    }

    /// Fails with [`ErrorKind::CurrencyMismatch`] unless this is `expected`'s currency.
    #[inline]
    pub fn expect_currency(&self, expected: Currency) -> Result<(), ErrorKind> {
        if self.currency == expected {
            Ok(())
        } else {
            Err(ErrorKind::CurrencyMismatch {
                expected,
                found: self.currency,
            })
        }
    }

    /// `self + rhs`, same currency only.
    #[inline]
    pub fn checked_add(&self, rhs: Money) -> Result<Money, ErrorKind> {
        rhs.expect_currency(self.currency)?;
        Ok(Money::new(
            self.amount.checked_add(rhs.amount)?,
            self.currency,
        ))
    }

    /// `self − rhs`, same currency only.
    #[inline]
    pub fn checked_sub(&self, rhs: Money) -> Result<Money, ErrorKind> {
        rhs.expect_currency(self.currency)?;
        Ok(Money::new(
            self.amount.checked_sub(rhs.amount)?,
            self.currency,
        ))
    }

    /// `self × factor`, rounded once to the currency's minor unit.
    #[inline]
    pub fn mul_round(&self, factor: Decimal, mode: RoundingMode) -> Result<Money, ErrorKind> {
        let amount = self
            .amount
            .mul_round(factor, self.currency.minor_units(), mode)?;
        Ok(Money::new(amount, self.currency))
    }

    /// `self × numerator ÷ denominator`, rounded once to the minor unit: the
    /// exact form of proration (`quota × active days ÷ days in period`).
    #[inline]
    pub fn mul_div_round(
        &self,
        numerator: Decimal,
        denominator: Decimal,
        mode: RoundingMode,
    ) -> Result<Money, ErrorKind> {
        let amount =
            self.amount
                .mul_div_round(numerator, denominator, self.currency.minor_units(), mode)?;
        Ok(Money::new(amount, self.currency))
    }

    /// Rounds to the currency's minor unit (cents, yen, fils…).
    #[inline]
    pub fn round_to_minor(&self, mode: RoundingMode) -> Result<Money, ErrorKind> {
        let amount = self.amount.round(self.currency.minor_units(), mode)?;
        Ok(Money::new(amount, self.currency))
    }

    /// Whether the amount is in whole minor units already.
    #[inline]
    pub fn is_minor_exact(&self) -> bool {
        self.amount.fits_places(self.currency.minor_units())
    }

    /// The amount as an integer count of minor units; fails with
    /// [`ErrorKind::SubMinorUnit`] rather than drop digits.
    #[inline]
    pub fn to_minor_units(&self) -> Result<i128, ErrorKind> {
        self.amount
            .to_scaled_integer(self.currency.minor_units())
            .map_err(|_| ErrorKind::SubMinorUnit {
                currency: self.currency,
            })
    }
}

/// `1234.50 USD`: at least the currency's minor digits, every digit the
/// amount has, never rounded.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let places = usize::try_from(self.currency.minor_units()).map_err(|_| fmt::Error)?;
        write!(f, "{:.*} {}", places, self.amount, self.currency)
    }
}

/// `{"amount": "1234.50", "currency": "USD"}`: the amount as a string with at
/// least the currency's minor digits, so no reader ever sees a float (binary
/// formats carry the exact nano count instead).
#[cfg(feature = "serde")]
impl serde::Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use core::fmt::Write;
        use serde::ser::SerializeStruct;

        if !serializer.is_human_readable() {
            // Binary formats: the exact amount as the decimal's nano count.
            let mut state = serializer.serialize_struct("Money", 2)?;
            state.serialize_field("amount", &self.amount)?;
            state.serialize_field("currency", &self.currency)?;
            return state.end();
        }
        let places =
            usize::try_from(self.currency.minor_units()).map_err(serde::ser::Error::custom)?;
        let mut amount = crate::decimal::StackString::<64>::new();
        write!(amount, "{:.*}", places, self.amount).map_err(serde::ser::Error::custom)?;
        let mut state = serializer.serialize_struct("Money", 2)?;
        state.serialize_field("amount", amount.as_str())?;
        state.serialize_field("currency", &self.currency)?;
        state.end()
    }
}
