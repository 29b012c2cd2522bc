//! Planning curves: the one place the core computes in floating point.
//!
//! A few planning figures need a fractional power with no exact decimal
//! form: a monthly attrition hazard `1 − (1 − a)^(1/12)`, a retention rate
//! annualized from a 5-month period. They go through `libm::pow` (pure
//! software, the same bits on every platform) and come back as the exact
//! binary value of the result rounded half-even to 9 places, so the answer
//! is identical on every machine. Money never passes through here.

use crate::decimal::{Decimal, NANOS_PER_UNIT};
use crate::error::ErrorKind;
use crate::wide;

/// Why a planning curve was refused: `pow` produced something that is not a
/// number (a negative base under a fractional power, say).
const NOT_FINITE: ErrorKind = ErrorKind::Invalid("planning curve is not a finite number");

/// `base^(numerator ÷ denominator)` for `base ≥ 0`, rounded half-even to 9
/// places.
///
/// ```
/// use salesphysics_core::{fractional_power, Decimal};
///
/// // 25 % annual attrition keeps (0.75)^(1/12) of a cohort each month.
/// let monthly = fractional_power("0.75".parse()?, 1, 12)?;
/// assert_eq!(monthly, "0.976311576".parse::<Decimal>()?);
/// # Ok::<(), salesphysics_core::ErrorKind>(())
/// ```
pub fn fractional_power(
    base: Decimal,
    numerator: u32,
    denominator: u32,
) -> Result<Decimal, ErrorKind> {
    if denominator == 0 {
        return Err(ErrorKind::DivisionByZero);
    }
    if base.is_negative() {
        return Err(ErrorKind::Negative);
    }
    f64_to_decimal(pow_f64(base.nanos(), numerator, denominator))
}

/// `(nanos ÷ 10⁹)^(numerator ÷ denominator)` in f64. The conversions and
/// divisions are correctly rounded IEEE operations (exact for the nanos of
/// any rate), and `libm::pow` is deterministic.
#[allow(clippy::float_arithmetic, clippy::cast_precision_loss)]
fn pow_f64(nanos: i128, numerator: u32, denominator: u32) -> f64 {
    let base = nanos as f64 / 1e9;
    libm::pow(base, f64::from(numerator) / f64::from(denominator))
}

/// A planning factor kept at full binary precision: `mantissa × 2^exponent`,
/// the exact value of a `libm` result. Chained month after month (a cohort's
/// survival, ARR's monthly NRR factor), a factor rounded to 9 places drifts
/// by cents on a ten-million ARR over three years; this one is applied to a
/// decimal exactly, the product rounded once, half-even, to the nano.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BinaryFactor {
    mantissa: u64,
    exponent: i32,
}

impl BinaryFactor {
    /// `base^(numerator ÷ denominator)` for `base > 0`, as the exact value
    /// of the `libm` result (deterministic on every platform).
    pub(crate) fn power(
        base: Decimal,
        numerator: i32,
        denominator: u32,
    ) -> Result<BinaryFactor, ErrorKind> {
        if denominator == 0 {
            return Err(ErrorKind::DivisionByZero);
        }
        if !base.is_positive() {
            return Err(ErrorKind::NotPositive);
        }
        BinaryFactor::from_f64(pow_f64_signed(base.nanos(), numerator, denominator))
    }

    /// The exact value of a finite, non-negative `x`.
    fn from_f64(x: f64) -> Result<BinaryFactor, ErrorKind> {
        const MANTISSA_BITS: u32 = 52;
        const EXPONENT_MASK: u64 = 0x7ff;
        let bits = x.to_bits();
        let exponent_bits = (bits >> MANTISSA_BITS) & EXPONENT_MASK;
        if bits >> 63 == 1 || exponent_bits == EXPONENT_MASK {
            return Err(NOT_FINITE);
        }
        let fraction = bits & ((1u64 << MANTISSA_BITS).wrapping_sub(1));
        let biased = i32::try_from(exponent_bits).map_err(|_| NOT_FINITE)?;
        Ok(if exponent_bits == 0 {
            BinaryFactor {
                mantissa: fraction,
                exponent: -1074,
            }
        } else {
            BinaryFactor {
                mantissa: fraction | (1u64 << MANTISSA_BITS),
                exponent: biased.wrapping_sub(1075),
            }
        })
    }

    /// `value × self`, rounded once half-even to the nano from the exact
    /// product.
    #[inline(always)]
    pub(crate) fn apply(self, value: Decimal) -> Result<Decimal, ErrorKind> {
        Decimal::from_nanos(self.apply_nanos(value.nanos())?)
    }

    /// [`BinaryFactor::apply`] on a count of nanos, for loops that carry
    /// nanos and range-check only the decimals they report.
    #[inline(always)]
    pub(crate) fn apply_nanos(self, nanos: i128) -> Result<i128, ErrorKind> {
        let magnitude = nanos.unsigned_abs();
        let shift = self.exponent.unsigned_abs();
        // The hot case (a cohort or an ARR below 2⁶⁴ nanos times a factor
        // below 1): the product fits 128 bits, so the 256-bit shift below
        // is not needed; same rounding.
        let narrow = self.exponent < 0 && shift < 128;
        let rounded = if let (Ok(small), true) = (u64::try_from(magnitude), narrow) {
            let product = u128::from(small).wrapping_mul(u128::from(self.mantissa));
            shift_u128_half_even(product, shift)
        } else {
            self.apply_wide(magnitude)?
        };
        let result = i128::try_from(rounded).map_err(|_| ErrorKind::Overflow)?;
        Ok(if nanos < 0 {
            result.wrapping_neg()
        } else {
            result
        })
    }

    /// The factor as `m ÷ 2⁶⁴` for a 64-bit `m`, when it is exactly that:
    /// below 1, with at most 64 fractional bits — every `libm` result from
    /// ½ up (a monthly survival `(1 − a)^(1/12)` for any annual rate below
    /// 99.97 %). [`BinaryFactor::apply_word`] then takes the product's
    /// high word, rounded by its low word: no shift by a variable count.
    pub(crate) fn word_fraction(self) -> Option<u64> {
        // The same value with exponent −64: the mantissa shifted left by
        // `exponent + 64`, kept only if no bit is shifted out.
        let left = u32::try_from(self.exponent.checked_add(64)?).ok()?;
        let word = self.mantissa.checked_shl(left)?;
        (word.checked_shr(left) == Some(self.mantissa)).then_some(word)
    }

    /// `count × word ÷ 2⁶⁴` rounded half-even: [`BinaryFactor::apply_nanos`]
    /// on a count of nanos for the factor whose
    /// [`BinaryFactor::word_fraction`] is `word`. Below 1, the factor keeps
    /// the result within `count`, so always a `u64`.
    #[inline(always)]
    pub(crate) fn apply_word(word: u64, count: u64) -> u64 {
        let product = u128::from(count).wrapping_mul(u128::from(word));
        // A constant shift: the high word, rounded by the low one. At most
        // `count`, so the conversion never fails.
        u64::try_from(shift_u128_half_even(product, 64)).unwrap_or(u64::MAX)
    }

    /// `magnitude × self` on 256 bits, rounded half-even to the nano.
    #[inline(never)]
    fn apply_wide(self, magnitude: u128) -> Result<u128, ErrorKind> {
        let (high, low) = wide::mul(magnitude, u128::from(self.mantissa));
        Ok(if self.exponent >= 0 {
            let shift = self.exponent.unsigned_abs();
            if high != 0 {
                return Err(ErrorKind::Overflow);
            }
            low.checked_shl(shift)
                .filter(|v| v.checked_shr(shift) == Some(low))
                .ok_or(ErrorKind::Overflow)?
        } else {
            shift_right_half_even(high, low, self.exponent.unsigned_abs())?
        })
    }
}

/// `value ÷ 2^shift` rounded half-even, for `shift < 128`.
#[inline(always)]
fn shift_u128_half_even(value: u128, shift: u32) -> u128 {
    if shift == 0 {
        return value;
    }
    let kept = value.checked_shr(shift).unwrap_or(0);
    let half = 1u128 << shift.wrapping_sub(1);
    let dropped = value & (half << 1).wrapping_sub(1);
    // Without branches: the dropped bits are data, a branch on them would
    // be mispredicted about every other time.
    let up = (dropped > half) | ((dropped == half) & (kept & 1 == 1));
    kept.wrapping_add(u128::from(up))
}

/// `(high·2¹²⁸ + low) ÷ 2^shift` rounded half-even, when it fits 128 bits.
fn shift_right_half_even(high: u128, low: u128, shift: u32) -> Result<u128, ErrorKind> {
    // A 256-bit value below 2^(shift − 1) rounds to 0.
    if shift > 256 {
        return Ok(0);
    }
    // Split at `shift`: kept = value >> shift, the dropped bits compared
    // with half of 2^shift. Shifts are done on 256 bits as (high, low).
    let shr = |h: u128, l: u128, s: u32| -> (u128, u128) {
        if s == 0 {
            (h, l)
        } else if s < 128 {
            (h >> s, (l >> s) | (h << (128u32.wrapping_sub(s))))
        } else if s < 256 {
            (0, h >> s.wrapping_sub(128))
        } else {
            (0, 0)
        }
    };
    let shl = |h: u128, l: u128, s: u32| -> (u128, u128) {
        if s == 0 {
            (h, l)
        } else if s < 128 {
            ((h << s) | (l >> (128u32.wrapping_sub(s))), l << s)
        } else if s < 256 {
            (l << s.wrapping_sub(128), 0)
        } else {
            (0, 0)
        }
    };
    let (kept_high, kept) = shr(high, low, shift);
    if kept_high != 0 {
        return Err(ErrorKind::Overflow);
    }
    if shift == 0 {
        return Ok(kept);
    }
    let (back_high, back_low) = shl(kept_high, kept, shift);
    // dropped = value − (kept << shift); no borrow past the high word.
    let (dropped_low, borrow) = low.overflowing_sub(back_low);
    let dropped_high = high
        .wrapping_sub(back_high)
        .wrapping_sub(u128::from(borrow));
    let (half_high, half_low) = shl(0, 1, shift.wrapping_sub(1));
    let above = (dropped_high, dropped_low) > (half_high, half_low);
    let tie = (dropped_high, dropped_low) == (half_high, half_low);
    Ok(if above || (tie && kept & 1 == 1) {
        kept.checked_add(1).ok_or(ErrorKind::Overflow)?
    } else {
        kept
    })
}

/// `(nanos ÷ 10⁹)^(numerator ÷ denominator)` in f64, for a signed exponent.
#[allow(clippy::float_arithmetic, clippy::cast_precision_loss)]
fn pow_f64_signed(nanos: i128, numerator: i32, denominator: u32) -> f64 {
    let base = nanos as f64 / 1e9;
    libm::pow(base, f64::from(numerator) / f64::from(denominator))
}

/// The exact binary value of `x` rounded half-even to 9 places; NaN and
/// infinities are errors. Reads the IEEE bits (`mantissa × 2^exponent`) and
/// divides by the power of two with shifts, so no float arithmetic can
/// change the result.
fn f64_to_decimal(x: f64) -> Result<Decimal, ErrorKind> {
    const MANTISSA_BITS: u32 = 52;
    const EXPONENT_MASK: u64 = 0x7ff;
    let bits = x.to_bits();
    let negative = bits >> 63 == 1;
    let exponent_bits = (bits >> MANTISSA_BITS) & EXPONENT_MASK;
    let fraction = bits & ((1u64 << MANTISSA_BITS).wrapping_sub(1));
    if exponent_bits == EXPONENT_MASK {
        return Err(NOT_FINITE);
    }
    // Subnormals have no implicit bit and the exponent of the smallest normal.
    let (mantissa, exponent) = if exponent_bits == 0 {
        (fraction, -1074i32)
    } else {
        let biased = i32::try_from(exponent_bits).map_err(|_| NOT_FINITE)?;
        (
            fraction | (1u64 << MANTISSA_BITS),
            biased.wrapping_sub(1075),
        )
    };
    // mantissa < 2⁵³ and 10⁹ < 2³⁰: the scaled value fits 83 bits.
    let scaled = u128::from(mantissa).wrapping_mul(u128::from(NANOS_PER_UNIT));
    let nanos = if exponent >= 0 {
        scaled
            .checked_shl(exponent.unsigned_abs())
            .filter(|v| v.leading_zeros() > 0 && v >> exponent.unsigned_abs() == scaled)
            .ok_or(ErrorKind::Overflow)?
    } else {
        let shift = exponent.unsigned_abs();
        if shift >= 127 {
            // Below 2⁸³⁻¹²⁷ nanos: far under half a nano.
            0
        } else {
            let kept = scaled >> shift;
            let dropped = scaled & ((1u128 << shift).wrapping_sub(1));
            let half = 1u128 << shift.wrapping_sub(1);
            let odd = kept & 1 == 1;
            if dropped > half || (dropped == half && odd) {
                kept.wrapping_add(1)
            } else {
                kept
            }
        }
    };
    let value = Decimal::from_nanos(i128::try_from(nanos).map_err(|_| ErrorKind::Overflow)?)?;
    Ok(if negative { value.neg() } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The one-word product is the general product, for survivals of
        /// every annual rate and cohorts up to the 64-bit bound.
        #[test]
        fn the_word_product_is_the_general_product(
            kept_nanos in 1i128..=1_000_000_000,
            count in any::<u64>(),
        ) {
            let factor = BinaryFactor::power(Decimal::from_nanos(kept_nanos)?, 1, 12)?;
            // Only a factor of exactly 1 (nothing leaves) has no word form.
            let Some(word) = factor.word_fraction() else {
                prop_assert_eq!(kept_nanos, 1_000_000_000);
                return Ok(());
            };
            let general = factor.apply_nanos(i128::from(count))?;
            prop_assert_eq!(i128::from(BinaryFactor::apply_word(word, count)), general);
        }
    }

    #[test]
    fn factors_of_one_and_above_or_tiny_have_no_word_form() {
        let of = |x: f64| BinaryFactor::from_f64(x).unwrap().word_fraction();
        assert_eq!(of(1.0), None);
        assert_eq!(of(1.5), None);
        // 2⁻⁷⁰ has its one bit 70 places down: more than a word.
        assert_eq!(of(f64::from_bits((1023 - 70) << 52)), None);
        assert_eq!(of(0.5), Some(1 << 63));
        assert_eq!(of(0.75), Some(3 << 62));
    }
}
