//! A fixed exact fraction a line multiplies by every month.
//!
//! A line's ramp divisor, monthly quota and booking rate, cost per head,
//! commission and anniversary rate stay the same for the whole horizon, and
//! none is negative (the line's validation says so). Reduced once to lowest
//! terms, each month's product is one 64 × 64-bit multiplication and at
//! most one division by a precomputed reciprocal (`0.1` becomes `1/10`,
//! `720 000 ÷ 48` becomes `15 000/1`) instead of the general 128/256-bit
//! paths, with the same result: the exact product rounded once, half-even,
//! to the nano.

use crate::decimal::NANOS_PER_UNIT;
use crate::error::ErrorKind;
use crate::wide::{div_rem_by_reciprocal, Divisor, Fraction};
use crate::Decimal;

/// `numerator ÷ denominator` in lowest terms, not negative, prepared for
/// repeated use (not the staffing driver `Driver::Ratio`).
#[derive(Clone, Copy)]
pub(super) struct FixedRatio {
    numerator: u128,
    denominator: u128,
    /// Whether both terms fit 64 bits: `n`, `d` and the reciprocal of `d`
    /// are then the terms; otherwise every product takes the 256-bit path.
    narrow: bool,
    n: u64,
    d: u64,
    /// `⌊(2⁶⁴ − 1) ÷ d⌋`.
    reciprocal: u64,
}

impl FixedRatio {
    /// `1/1`: a factor that changes nothing.
    pub(super) const ONE: FixedRatio = FixedRatio {
        numerator: 1,
        denominator: 1,
        narrow: true,
        n: 1,
        d: 1,
        reciprocal: u64::MAX,
    };

    /// `numerator ÷ denominator` (the 10⁹ of both cancel); the same as
    /// `value.mul_div_round(numerator, denominator, 9, HalfEven)`.
    pub(super) fn quotient(
        numerator: Decimal,
        denominator: Decimal,
    ) -> Result<FixedRatio, ErrorKind> {
        let (Ok(n), Ok(d)) = (
            u128::try_from(numerator.nanos()),
            u128::try_from(denominator.nanos()),
        ) else {
            return Err(ErrorKind::Negative);
        };
        let fraction = Fraction::new(n, d).ok_or(ErrorKind::DivisionByZero)?;
        let (numerator, denominator) = (fraction.numerator(), fraction.denominator());
        let (narrow, n, d) = match (u64::try_from(numerator), u64::try_from(denominator)) {
            (Ok(n), Ok(d)) => (true, n, d),
            _ => (false, 0, 1),
        };
        Ok(FixedRatio {
            numerator,
            denominator,
            narrow,
            n,
            d,
            reciprocal: u64::MAX.checked_div(d).ok_or(ErrorKind::DivisionByZero)?,
        })
    }

    /// Multiplying by `factor`: the same as `value.checked_mul(factor)`.
    pub(super) fn of(factor: Decimal) -> Result<FixedRatio, ErrorKind> {
        FixedRatio::quotient(factor, Decimal::from_nanos(i128::from(NANOS_PER_UNIT))?)
    }

    /// Dividing by `divisor`: the same as `value.checked_div(divisor)`.
    pub(super) fn dividing(divisor: Decimal) -> Result<FixedRatio, ErrorKind> {
        FixedRatio::quotient(Decimal::ONE, divisor)
    }

    /// `nanos × self`, rounded once half-even to the nano (a count of
    /// nanos in, a count of nanos out), saturating at `u128::MAX` when the
    /// product leaves 128 bits: no decimal is that large, so the caller's
    /// range check reports the overflow. (A plain `u128` comes back in
    /// registers; a `Result` of one went through memory at every product.)
    #[inline(always)]
    pub(super) fn apply(self, nanos: u128) -> u128 {
        // Plain fields and branches, not an enum's jump table: each call
        // site sees the same terms every month, so the branches predict.
        let x = match u64::try_from(nanos) {
            Ok(x) if self.narrow => x,
            _ => return self.wide(nanos),
        };
        if self.d == 1 {
            // Two 64-bit factors: the product fits 128 bits.
            return u128::from(x).wrapping_mul(u128::from(self.n));
        }
        match x.checked_mul(self.n) {
            Some(product) => word(product, self.d, self.reciprocal),
            None => self.wide(nanos),
        }
    }

    /// [`FixedRatio::apply`] beyond 64 bits.
    #[inline(never)]
    fn wide(self, magnitude: u128) -> u128 {
        Divisor::new(self.denominator)
            .mul_div_rem(magnitude, self.numerator)
            .and_then(|(whole, rest)| half_even(whole, rest, self.denominator).ok())
            .unwrap_or(u128::MAX)
    }
}

/// `x ÷ d` by its reciprocal (`d ≥ 2`), rounded half-even on 64 bits.
#[inline(always)]
fn word(x: u64, d: u64, reciprocal: u64) -> u128 {
    let (whole, rest) = match div_rem_by_reciprocal(x, d, reciprocal) {
        Some((whole, rest)) => (u64::try_from(whole).ok(), u64::try_from(rest).ok()),
        None => (x.checked_div(d), x.checked_rem(d)),
    };
    // (`d = 0` cannot occur: a ratio's denominator is positive.)
    let (Some(whole), Some(rest)) = (whole, rest) else {
        return u128::MAX;
    };
    // As `half_even`; `whole ≤ x ÷ 2`, so adding the carry cannot wrap.
    let other = d.wrapping_sub(rest);
    let up = (rest > other) | ((rest == other) & (whole & 1 == 1));
    u128::from(whole.wrapping_add(u64::from(up)))
}

/// `whole + rest ÷ denominator` (with `rest < denominator`) rounded
/// half-even: up when the fraction is above ½, or exactly ½ with an odd
/// `whole`. Without branches (`|`, `&`): the data decides, so a branch
/// would be mispredicted about every other time.
#[inline(always)]
pub(super) fn half_even(whole: u128, rest: u128, denominator: u128) -> Result<u128, ErrorKind> {
    let other = denominator.wrapping_sub(rest);
    let up = (rest > other) | ((rest == other) & (whole & 1 == 1));
    whole.checked_add(u128::from(up)).ok_or(ErrorKind::Overflow)
}
