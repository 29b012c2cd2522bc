//! The two operations the volume tables run per cell, `volume ÷ rate` and
//! `volume × rate`, rounded half-even at the 9th digit exactly like
//! [`Decimal::div_round`] and [`Decimal::mul_round`] but on 64-bit
//! instructions when the volume is below 2⁶⁴ nanos (1.8 × 10¹⁰ units) and
//! the rate in `(0, 1]`: a volume table is thousands of these, and the
//! general 128-bit path is several times slower. Outside that range they
//! defer to the `Decimal` methods. Unit tests check both against them.

use crate::error::ErrorKind;
use crate::{Decimal, RoundingMode, SCALE};

const NANOS: u64 = 1_000_000_000;

/// Division by one conversion rate, many times: the reverse funnel divides
/// every month of a step by the same rate, so the divisor's reciprocal is
/// computed once and each division becomes two multiplications (64-bit
/// hardware division is the slowest instruction on the hot path).
pub(crate) struct RateDivisor {
    rate: Decimal,
    /// The rate in nanos when it lies in `(0, 1]`, else 0 (no fast path).
    nanos: u64,
    /// `⌊(2⁶⁴ − 1) ÷ nanos⌋`.
    reciprocal: u64,
}

impl RateDivisor {
    /// Prepares division by `rate`.
    pub(crate) fn new(rate: Decimal) -> Self {
        let nanos = u64::try_from(rate.nanos())
            .ok()
            .filter(|&r| r > 0 && r <= NANOS)
            .unwrap_or(0);
        Self {
            rate,
            nanos,
            reciprocal: u64::MAX.checked_div(nanos).unwrap_or(0),
        }
    }

    /// `(x ÷ nanos, x mod nanos)` by the reciprocal, for `nanos > 0`, or
    /// `None` if the estimate was not corrected to the exact quotient (it
    /// always is; the caller then takes the general path).
    ///
    /// The estimate `q̂ = ⌊x × reciprocal ÷ 2⁶⁴⌋` is never above `x ÷ nanos`
    /// and at most one below its floor `q`: `reciprocal ≥ (2⁶⁴ − nanos) ÷
    /// nanos`, so `x × reciprocal ÷ 2⁶⁴ ≥ x ÷ nanos − x ÷ 2⁶⁴ > x ÷ nanos − 1`.
    /// One correction, applied without a branch (the data decides it, so a
    /// branch would be mispredicted), brings it to `q`.
    #[inline]
    fn div_rem(&self, x: u64) -> Option<(u64, u64)> {
        // Both factors are below 2⁶⁴, so the product is below 2¹²⁸.
        let product = u128::from(x).wrapping_mul(u128::from(self.reciprocal));
        let estimate = u64::try_from(product >> 64).ok()?;
        // estimate ≤ x ÷ nanos, so estimate × nanos ≤ x: neither wraps.
        let remainder = x.wrapping_sub(estimate.wrapping_mul(self.nanos));
        let short = u64::from(remainder >= self.nanos);
        // short is 1 only when the estimate is q − 1, so q fits u64 and
        // remainder ≥ nanos.
        let quotient = estimate.wrapping_add(short);
        let remainder = remainder.wrapping_sub(self.nanos & short.wrapping_neg());
        (remainder < self.nanos).then_some((quotient, remainder))
    }

    /// `volume ÷ rate`, half-even at 9 digits.
    #[inline]
    pub(crate) fn divide(&self, volume: Decimal) -> Result<Decimal, ErrorKind> {
        if self.nanos > 0 {
            if let Ok(v) = u64::try_from(volume.nanos()) {
                // v × 10⁹ ÷ r = (v ÷ r) × 10⁹ + (v mod r) × 10⁹ ÷ r, and
                // (v mod r) × 10⁹ < 10¹⁸ fits u64.
                let fast = self.div_rem(v).and_then(|(whole, rest)| {
                    // rest < nanos ≤ 10⁹: the product is below 10¹⁸.
                    let (fraction, remainder) = self.div_rem(rest.wrapping_mul(NANOS))?;
                    // whole < 2⁶⁴ and fraction < 10⁹: below 2⁹⁴, no wrap.
                    let quotient = u128::from(whole)
                        .wrapping_mul(u128::from(NANOS))
                        .wrapping_add(u128::from(fraction));
                    Some((quotient, remainder))
                });
                if let Some((quotient, remainder)) = fast {
                    return round_half_even(quotient, remainder, self.nanos);
                }
            }
        }
        self.divide_general(volume)
    }

    /// [`Self::divide`] outside the fast range, kept out of line so the
    /// fast path inlines into the loops.
    #[cold]
    #[inline(never)]
    fn divide_general(&self, volume: Decimal) -> Result<Decimal, ErrorKind> {
        volume.div_round(self.rate, SCALE, RoundingMode::HalfEven)
    }
}

/// `volume × rate`, half-even at 9 digits.
#[inline]
pub(crate) fn mul_by_rate(volume: Decimal, rate: Decimal) -> Result<Decimal, ErrorKind> {
    if let (Ok(v), Ok(r)) = (u64::try_from(volume.nanos()), u64::try_from(rate.nanos())) {
        if r <= NANOS {
            // v × r ÷ 10⁹ = (v ÷ 10⁹) × r + (v mod 10⁹) × r ÷ 10⁹, and
            // (v mod 10⁹) × r < 10¹⁸ fits u64; 10⁹ is a constant divisor.
            let whole = v.checked_div(NANOS).ok_or(ErrorKind::DivisionByZero)?;
            let rest = v.checked_rem(NANOS).ok_or(ErrorKind::DivisionByZero)?;
            let scaled = rest.checked_mul(r).ok_or(ErrorKind::Overflow)?;
            let fraction = scaled.checked_div(NANOS).ok_or(ErrorKind::DivisionByZero)?;
            let remainder = scaled.checked_rem(NANOS).ok_or(ErrorKind::DivisionByZero)?;
            let quotient = u128::from(whole)
                .checked_mul(u128::from(r))
                .and_then(|q| q.checked_add(u128::from(fraction)))
                .ok_or(ErrorKind::Overflow)?;
            return round_half_even(quotient, remainder, NANOS);
        }
    }
    mul_general(volume, rate)
}

/// [`mul_by_rate`] outside the fast range, kept out of line.
#[cold]
#[inline(never)]
fn mul_general(volume: Decimal, rate: Decimal) -> Result<Decimal, ErrorKind> {
    volume.mul_round(rate, SCALE, RoundingMode::HalfEven)
}

/// `quotient + remainder ÷ divisor` nanos, rounded half-even to whole nanos.
#[inline]
fn round_half_even(quotient: u128, remainder: u64, divisor: u64) -> Result<Decimal, ErrorKind> {
    let twice = u128::from(remainder).saturating_mul(2);
    let divisor = u128::from(divisor);
    let up = twice > divisor || (twice == divisor && quotient & 1 == 1);
    let nanos = if up {
        quotient.checked_add(1).ok_or(ErrorKind::Overflow)?
    } else {
        quotient
    };
    Decimal::from_nanos(i128::try_from(nanos).map_err(|_| ErrorKind::Overflow)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn extreme_rates_and_volumes_match_the_decimal_methods() {
        let volumes = [
            0,
            1,
            999_999_999,
            1_000_000_000,
            u64::MAX as i128 - 1,
            u64::MAX as i128,
            u64::MAX as i128 + 1,
        ];
        let rates = [
            1,
            2,
            3,
            7,
            333_333_333,
            999_999_999,
            1_000_000_000,
            1_000_000_001,
        ];
        for &volume in &volumes {
            for &rate in &rates {
                let v = Decimal::from_nanos(volume).unwrap();
                let r = Decimal::from_nanos(rate).unwrap();
                assert_eq!(
                    RateDivisor::new(r).divide(v),
                    v.div_round(r, SCALE, RoundingMode::HalfEven),
                    "{v} / {r}"
                );
                assert_eq!(
                    mul_by_rate(v, r),
                    v.mul_round(r, SCALE, RoundingMode::HalfEven),
                    "{v} × {r}"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn kernels_match_the_decimal_methods(volume in 0i128..=i128::from(u64::MAX) * 4, rate in 0i128..=1_100_000_000) {
            let v = Decimal::from_nanos(volume).unwrap();
            let r = Decimal::from_nanos(rate).unwrap();
            prop_assert_eq!(mul_by_rate(v, r), v.mul_round(r, SCALE, RoundingMode::HalfEven));
            prop_assert_eq!(RateDivisor::new(r).divide(v), v.div_round(r, SCALE, RoundingMode::HalfEven));
        }
    }

    #[test]
    fn ties_go_to_even() {
        // 0.000000001 × 0.5 = 0.0000000005 → 0; 0.000000003 × 0.5 → 0.000000002.
        let half = Decimal::new(5, 1).unwrap();
        assert_eq!(mul_by_rate(Decimal::NANO, half).unwrap(), Decimal::ZERO);
        let three = Decimal::from_nanos(3).unwrap();
        assert_eq!(mul_by_rate(three, half).unwrap().nanos(), 2);
        // 0.000000001 ÷ 0.4 = 0.0000000025 → 0.000000002.
        let rate = Decimal::new(4, 1).unwrap();
        assert_eq!(
            RateDivisor::new(rate)
                .divide(Decimal::NANO)
                .unwrap()
                .nanos(),
            2
        );
    }
}
