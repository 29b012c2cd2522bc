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
