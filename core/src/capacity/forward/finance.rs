//! Discounting a monthly cash-flow series, with the spreadsheet conventions
//! planners check against: Excel `NPV` discounts the first flow one full
//! period, Excel `IRR` leaves the first flow undiscounted. A monthly rate
//! comes from an annual one as `(1 + annual)^(1/12) − 1`.

use crate::error::ErrorKind;
use crate::planning::BinaryFactor;
use crate::{fractional_power, Decimal, RoundingMode, SCALE};

/// The monthly rate equivalent to `annual`: `(1 + annual)^(1/12) − 1`,
/// half-even to 9 places ([`fractional_power`]). `annual > −1`.
pub fn monthly_rate(annual: Decimal) -> Result<Decimal, ErrorKind> {
    let base = Decimal::ONE.checked_add(annual)?;
    if !base.is_positive() {
        return Err(ErrorKind::OutOfRange);
    }
    fractional_power(base, 1, 12)?.checked_sub(Decimal::ONE)
}

/// Excel `NPV` of monthly `flows` at the monthly equivalent of `annual`:
/// `Σ flows[i] × (1 + annual)^(−(i + 1) ÷ 12)`, the first flow discounted
/// one full month. Each period's factor is the exact binary value of one
/// `libm` power (not a 9-place monthly rate compounded, which moves a
/// multi-million NPV by cents); each term is rounded once to the nano.
/// `annual > −1`.
pub fn npv(annual: Decimal, flows: &[Decimal]) -> Result<Decimal, ErrorKind> {
    let base = Decimal::ONE.checked_add(annual)?;
    if !base.is_positive() {
        return Err(ErrorKind::OutOfRange);
    }
    let mut value = Decimal::ZERO;
    for (period, flow) in (1i32..).zip(flows) {
        let factor =
            BinaryFactor::power(base, period.checked_neg().ok_or(ErrorKind::Overflow)?, 12)?;
        value = value.checked_add(factor.apply(*flow)?)?;
    }
    Ok(value)
}

/// `Σ flows[i] ÷ (1 + rate)^i` for a monthly `rate > −1`, by Horner's rule
/// from the last flow, each division half-even at the 9th place.
fn present_value(rate: Decimal, flows: &[Decimal]) -> Result<Decimal, ErrorKind> {
    let factor = Decimal::ONE.checked_add(rate)?;
    if !factor.is_positive() {
        return Err(ErrorKind::OutOfRange);
    }
    let Some((first, rest)) = flows.split_first() else {
        return Ok(Decimal::ZERO);
    };
    let mut value = Decimal::ZERO;
    for flow in rest.iter().rev() {
        value = value
            .checked_add(*flow)?
            .div_round(factor, SCALE, RoundingMode::HalfEven)?;
    }
    first.checked_add(value)
}

/// Lowest monthly rate the IRR search tries: −10 % a month (−71.8 % a
/// year); lower rates make `(1 + r)^−n` overflow over long horizons.
const IRR_LOW: Decimal = match Decimal::from_nanos(-100_000_000) {
    Ok(d) => d,
    Err(_) => Decimal::ZERO,
};

/// Highest monthly rate the IRR search tries: +100 % a month.
const IRR_HIGH: Decimal = Decimal::ONE;

/// Excel `IRR(flows)` as a monthly rate: the `r` in `[−0.1, 1]` with
/// `Σ flows[i] ÷ (1 + r)^i = 0`, by bisection down to one nano (so within
/// 1e-9 of the root; the lower end of the final bracket is returned).
/// `None` when the present value has the same sign at both ends (no root in
/// the range, e.g. a series that never turns positive).
pub fn irr(flows: &[Decimal]) -> Result<Option<Decimal>, ErrorKind> {
    if flows.is_empty() {
        return Err(ErrorKind::Empty);
    }
    let value_at = |rate: Decimal| present_value(rate, flows);
    let (mut low, mut high) = (IRR_LOW, IRR_HIGH);
    let at_low = value_at(low)?;
    let at_high = value_at(high)?;
    if at_low.is_zero() {
        return Ok(Some(low));
    }
    if at_low.is_negative() == at_high.is_negative() && !at_high.is_zero() {
        return Ok(None);
    }
    let low_negative = at_low.is_negative();
    while high.checked_sub(low)? > Decimal::NANO {
        let mid =
            low.checked_add(high)?
                .div_round(Decimal::from_int(2), SCALE, RoundingMode::Floor)?;
        let at_mid = value_at(mid)?;
        if at_mid.is_zero() {
            return Ok(Some(mid));
        }
        if at_mid.is_negative() == low_negative {
            low = mid;
        } else {
            high = mid;
        }
    }
    Ok(Some(low))
}

/// `(1 + monthly)^12 − 1`, by exact repeated multiplication rounded
/// half-even at the 9th place.
pub fn annualize(monthly: Decimal) -> Result<Decimal, ErrorKind> {
    let factor = Decimal::ONE.checked_add(monthly)?;
    let mut power = Decimal::ONE;
    for _ in 0..12 {
        power = power.checked_mul(factor)?;
    }
    power.checked_sub(Decimal::ONE)
}
