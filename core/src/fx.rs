//! Currency conversion at an explicit rate: the caller states the rate (and
//! the date it was in force, recorded by the engines); the core never looks
//! one up.

use crate::currency::Currency;
use crate::decimal::Decimal;
use crate::error::ErrorKind;
use crate::money::Money;
use crate::rounding::RoundingMode;

/// `1 from = rate × to`, e.g. EUR→USD at 1.0850.
///
/// Deserializes through [`FxRate::new`] (`{"from": "EUR", "to": "USD",
/// "rate": "1.0850"}`), so a stored rate is checked like a constructed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawFxRate")
)]
pub struct FxRate {
    from: Currency,
    to: Currency,
    rate: Decimal,
}

impl FxRate {
    /// A rate; it must be greater than zero, and exactly 1 between a
    /// currency and itself (any other figure would create or destroy money
    /// in a "conversion" that converts nothing).
    pub fn new(from: Currency, to: Currency, rate: Decimal) -> Result<FxRate, ErrorKind> {
        if !rate.is_positive() {
            return Err(ErrorKind::NotPositive);
        }
        if from == to && rate != Decimal::ONE {
            return Err(ErrorKind::Invalid(
                "a rate from a currency to itself must be exactly 1",
            ));
        }
        Ok(FxRate { from, to, rate })
    }

    /// The source currency.
    pub const fn from(&self) -> Currency {
        self.from
    }

    /// The target currency.
    pub const fn to(&self) -> Currency {
        self.to
    }

    /// Units of `to` per unit of `from`.
    pub const fn rate(&self) -> Decimal {
        self.rate
    }

    /// Converts `money` (which must be in [`FxRate::from`]) and rounds once
    /// to the target currency's minor unit.
    ///
    /// ```
    /// use salesphysics_core::{Currency, Decimal, FxRate, Money, RoundingMode};
    ///
    /// let eur_usd = FxRate::new(Currency::EUR, Currency::USD, "1.0850".parse()?)?;
    /// let usd = eur_usd.convert(Money::parse("100.05", Currency::EUR)?, RoundingMode::HalfEven)?;
    /// assert_eq!(usd.to_string(), "108.55 USD"); // 108.55425
    /// # Ok::<(), salesphysics_core::ErrorKind>(())
    /// ```
    pub fn convert(&self, money: Money, mode: RoundingMode) -> Result<Money, ErrorKind> {
        money.expect_currency(self.from)?;
        let amount = money
            .amount()
            .mul_round(self.rate, self.to.minor_units(), mode)?;
        Ok(Money::new(amount, self.to))
    }
}

/// The wire form of [`FxRate`], unchecked: deserialization goes through
/// [`FxRate::new`].
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFxRate {
    from: Currency,
    to: Currency,
    rate: Decimal,
}

#[cfg(feature = "serde")]
impl TryFrom<RawFxRate> for FxRate {
    type Error = ErrorKind;

    fn try_from(raw: RawFxRate) -> Result<FxRate, ErrorKind> {
        FxRate::new(raw.from, raw.to, raw.rate)
    }
}
