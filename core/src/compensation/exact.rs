//! Exact products and sums of rated amounts, so an earnings figure is
//! rounded once from its exact value: `credit × rate × every multiplier ÷
//! per` with no rounded intermediate (a 5 986.50 deal at 0.046153846 ×
//! 1.25 is 345.3749888…, so 345.37, not the 345.38 a rate rounded to nine
//! places gives), and a per-total plan's total rounded from the exact sum
//! of its lines, whose nine-place amounts are only shown.
//!
//! A value is kept as `(units + num ÷ den) × 10⁻¹⁸`: a floor on an
//! 18-decimal grid (exact for products of two 9-decimal factors) plus the
//! exact rest, a fraction whose denominator comes from the division by
//! `per`. Magnitudes beyond what these widths hold are
//! [`ErrorKind::Overflow`], never a wrong figure.

use crate::rounding::Discarded;
use crate::wide;
use crate::{Decimal, ErrorKind, RoundingMode, SCALE};

/// Decimal places of the grid `units` counts on.
const GRID: u32 = 18;

/// `10^k` for `k ≤ 19`.
fn pow10(k: u32) -> Result<u128, ErrorKind> {
    usize::try_from(k)
        .ok()
        .and_then(|k| wide::POW10_U64.get(k))
        .map(|&p| u128::from(p))
        .ok_or(ErrorKind::Overflow)
}

/// A decimal's nanos as a sign and a magnitude.
fn nanos(d: Decimal) -> Result<(bool, u128), ErrorKind> {
    let n = d.to_scaled_integer(SCALE)?;
    Ok((n.is_negative(), n.unsigned_abs()))
}

/// `(high, low) × f` on 256 bits, or `Overflow`.
fn mul_wide(high: u128, low: u128, f: u128) -> Result<(u128, u128), ErrorKind> {
    let (h1, l1) = wide::mul(low, f);
    let (h2, l2) = wide::mul(high, f);
    if h2 != 0 {
        return Err(ErrorKind::Overflow);
    }
    Ok((l2.checked_add(h1).ok_or(ErrorKind::Overflow)?, l1))
}

/// An exact value: `±(units + num ÷ den) × 10⁻¹⁸`, `num < den`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Exact {
    negative: bool,
    units: u128,
    num: u128,
    den: u128,
}

impl Exact {
    /// `value × Π factors ÷ per`, exactly (`per` > 0).
    pub(crate) fn product(
        value: Decimal,
        factors: &[Decimal],
        per: Decimal,
    ) -> Result<Exact, ErrorKind> {
        let (mut negative, magnitude) = nanos(value)?;
        let (mut high, mut low) = (0u128, magnitude);
        for factor in factors {
            let (sign, f) = nanos(*factor)?;
            negative ^= sign;
            (high, low) = mul_wide(high, low, f)?;
        }
        let (per_negative, p) = nanos(per)?;
        negative ^= per_negative;
        // value × 10¹⁸ = Π nanos × 10^(18 + 9) ÷ (10^(9·(k+1)) × p).
        let k = u32::try_from(factors.len()).map_err(|_| ErrorKind::Overflow)?;
        let up = (GRID + SCALE).checked_sub(SCALE.saturating_mul(k.saturating_add(1)));
        let den = match up {
            Some(up) => {
                (high, low) = mul_wide(high, low, pow10(up)?)?;
                p
            }
            None => {
                let down = SCALE
                    .saturating_mul(k.saturating_add(1))
                    .saturating_sub(GRID + SCALE);
                p.checked_mul(pow10(down)?).ok_or(ErrorKind::Overflow)?
            }
        };
        let (units, num) = wide::div_rem(high, low, den).ok_or(ErrorKind::Overflow)?;
        Ok(Exact {
            negative: negative && (units != 0 || num != 0),
            units,
            num,
            den,
        })
    }

    /// A decimal, exactly.
    pub(crate) fn of(d: Decimal) -> Result<Exact, ErrorKind> {
        let (negative, n) = nanos(d)?;
        Ok(Exact {
            negative,
            units: n
                .checked_mul(pow10(GRID - SCALE)?)
                .ok_or(ErrorKind::Overflow)?,
            num: 0,
            den: 1,
        })
    }

    /// Rounded once to `places` (≤ 9) with `mode`.
    pub(crate) fn round(&self, places: u32, mode: RoundingMode) -> Result<Decimal, ErrorKind> {
        let places = places.min(SCALE);
        let unit = pow10(GRID.saturating_sub(places))?;
        let (kept, dropped) = wide::div_rem_u128(self.units, unit).ok_or(ErrorKind::Overflow)?;
        let discarded = Discarded::of(dropped, unit).with_sticky(self.num != 0);
        let kept = if mode.increments(discarded, self.negative, kept & 1 == 1) {
            kept.checked_add(1).ok_or(ErrorKind::Overflow)?
        } else {
            kept
        };
        let kept = i128::try_from(kept).map_err(|_| ErrorKind::Overflow)?;
        // `kept` came from a u128 through `try_from`: 0 ≤ kept ≤ i128::MAX,
        // so negating it cannot wrap.
        Decimal::new(
            if self.negative {
                kept.wrapping_neg()
            } else {
                kept
            },
            places,
        )
    }
}

/// An exact running sum: `(whole + num ÷ den) × 10⁻¹⁸`, `0 ≤ num < den`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ExactSum {
    whole: i128,
    num: u128,
    den: u128,
}

impl ExactSum {
    pub(crate) const ZERO: ExactSum = ExactSum {
        whole: 0,
        num: 0,
        den: 1,
    };

    /// Adds `value` exactly.
    pub(crate) fn add(&mut self, value: &Exact) -> Result<(), ErrorKind> {
        let units = i128::try_from(value.units).map_err(|_| ErrorKind::Overflow)?;
        // Floor form: −(u + n/d) = (−u − 1) + (d − n)/d.
        let (whole, num) = match (value.negative, value.num) {
            (false, num) => (units, num),
            (true, 0) => (units.checked_neg().ok_or(ErrorKind::Overflow)?, 0),
            (true, num) => (
                units
                    .checked_neg()
                    .and_then(|u| u.checked_sub(1))
                    .ok_or(ErrorKind::Overflow)?,
                value.den.checked_sub(num).ok_or(ErrorKind::Overflow)?,
            ),
        };
        self.whole = self.whole.checked_add(whole).ok_or(ErrorKind::Overflow)?;
        if num == 0 {
            return Ok(());
        }
        let g = gcd(self.den, value.den);
        let den = div(self.den, g)?
            .checked_mul(value.den)
            .ok_or(ErrorKind::Overflow)?;
        let scaled = |n: u128, d: u128| n.checked_mul(div(den, d)?).ok_or(ErrorKind::Overflow);
        let mut sum = scaled(self.num, self.den)?
            .checked_add(scaled(num, value.den)?)
            .ok_or(ErrorKind::Overflow)?;
        if sum >= den {
            // sum ≥ den: cannot wrap.
            sum = sum.wrapping_sub(den);
            self.whole = self.whole.checked_add(1).ok_or(ErrorKind::Overflow)?;
        }
        let g = gcd(sum, den);
        (self.num, self.den) = if sum == 0 {
            (0, 1)
        } else {
            (div(sum, g)?, div(den, g)?)
        };
        Ok(())
    }

    /// The sum rounded once to `places` (≤ 9) with `mode`.
    pub(crate) fn round(&self, places: u32, mode: RoundingMode) -> Result<Decimal, ErrorKind> {
        let negative = self.whole < 0;
        let magnitude = self.whole.unsigned_abs();
        let exact = match (negative, self.num) {
            (false, num) => Exact {
                negative,
                units: magnitude,
                num,
                den: self.den,
            },
            (true, 0) => Exact {
                negative,
                units: magnitude,
                num: 0,
                den: 1,
            },
            // −w + n/d = −((w − 1) + (d − n)/d) for w ≥ 1.
            (true, num) => Exact {
                negative,
                units: magnitude.saturating_sub(1),
                num: self.den.saturating_sub(num),
                den: self.den,
            },
        };
        exact.round(places, mode)
    }
}

/// `a ÷ b`, or `Overflow` for a zero divisor (never met: denominators
/// and common divisors are at least 1).
fn div(a: u128, b: u128) -> Result<u128, ErrorKind> {
    a.checked_div(b).ok_or(ErrorKind::Overflow)
}

/// The greatest common divisor (Euclid); `gcd(0, d) = d`.
fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a.checked_rem(b).unwrap_or(0));
    }
    a.max(1)
}
