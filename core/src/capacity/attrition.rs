//! Attrition: an annual rate `a` becomes a monthly survival `(1 − a)^(1/12)`
//! and a monthly hazard `1 − (1 − a)^(1/12)`, so twelve months of the hazard
//! compound back to the annual rate within the ninth digit (the monthly
//! survival is rounded to 9 places: 0.976311576¹² = 0.750000002…), where a
//! naive `a ÷ 12` overstates departures: 25 %/year is 2.37 %/month, not
//! 2.08 %.

use crate::error::ErrorKind;
use crate::{fractional_power, Decimal};

/// The fraction of a cohort still on board after `months` months:
/// `(1 − annual)^(months ÷ 12)`, rounded half-even to 9 places from the
/// exact value of the `libm` result ([`fractional_power`]). `annual` must
/// lie in `[0, 1)`.
pub fn survival(annual: Decimal, months: u32) -> Result<Decimal, ErrorKind> {
    if annual.is_negative() || annual >= Decimal::ONE {
        return Err(ErrorKind::OutOfRange);
    }
    if annual.is_zero() || months == 0 {
        return Ok(Decimal::ONE);
    }
    fractional_power(Decimal::ONE.checked_sub(annual)?, months, 12)
}

/// The expected fraction of the people on board at the start of a month
/// who leave during it: `1 − survival(annual, 1)`, so survival plus hazard
/// is exactly 1.
pub fn monthly_hazard(annual: Decimal) -> Result<Decimal, ErrorKind> {
    Decimal::ONE.checked_sub(survival(annual, 1)?)
}
