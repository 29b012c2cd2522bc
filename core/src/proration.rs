//! Proration: an amount scaled by the share of a period's days that count
//! (a start, an exit, a leave). Where calendar days meet money, so that
//! `date` stays pure calendar arithmetic and `money` knows no calendar.

use crate::date::Period;
use crate::decimal::Decimal;
use crate::error::ErrorKind;
use crate::money::Money;
use crate::rounding::RoundingMode;

impl Period {
    /// `amount × active days ÷ days in this period`, rounded once to the
    /// currency's minor unit: proration for a start, exit or leave.
    ///
    /// ```
    /// use salesphysics_core::{Currency, Date, Money, Period, RoundingMode};
    ///
    /// let plan_year = Period::year(2025)?;
    /// let employed = Period::new(Date::new(2025, 6, 1)?, Date::new(2025, 12, 31)?)?;
    /// let quota = Money::parse("800000", Currency::USD)?;
    /// let prorated = plan_year.prorate(quota, employed, RoundingMode::HalfEven)?;
    /// assert_eq!(prorated.to_string(), "469041.10 USD"); // 800000 × 214 / 365
    /// # Ok::<(), salesphysics_core::ErrorKind>(())
    /// ```
    pub fn prorate(
        &self,
        amount: Money,
        active: Period,
        mode: RoundingMode,
    ) -> Result<Money, ErrorKind> {
        prorate_days(amount, self.active_days(active), self.days(), mode)
    }
}

/// `amount × active_days ÷ total_days`, rounded once to the minor unit.
/// `active_days` may not exceed `total_days`, which must be positive.
pub fn prorate_days(
    amount: Money,
    active_days: u32,
    total_days: u32,
    mode: RoundingMode,
) -> Result<Money, ErrorKind> {
    if total_days == 0 {
        return Err(ErrorKind::DivisionByZero);
    }
    if active_days > total_days {
        return Err(ErrorKind::OutOfRange);
    }
    amount.mul_div_round(Decimal::from(active_days), Decimal::from(total_days), mode)
}
