//! Attrition: an annual rate `a` becomes a monthly survival `(1 − a)^(1/12)`
//! and a monthly hazard `1 − (1 − a)^(1/12)`, so twelve months of the hazard
//! compound back to exactly the annual rate (a naive `a ÷ 12` overstates
//! departures: 25 %/year is 2.37 %/month, not 2.08 %).

use crate::error::ErrorKind;
use crate::Decimal;

/// Why the f64 step is refused: `pow` produced something that is not a number.
const NOT_FINITE: ErrorKind = ErrorKind::Invalid("attrition math produced NaN or infinity");

/// The fraction of a cohort still on board after `months` months:
/// `(1 − annual)^(months ÷ 12)`, rounded half-even to 9 places from the
/// exact value of the `libm` result. `annual` must lie in `[0, 1)`.
pub fn survival(annual: Decimal, months: u32) -> Result<Decimal, ErrorKind> {
    if annual.is_negative() || annual >= Decimal::ONE {
        return Err(ErrorKind::OutOfRange);
    }
    if annual.is_zero() || months == 0 {
        return Ok(Decimal::ONE);
    }
    let retained = Decimal::ONE.checked_sub(annual)?;
    // retained ∈ (0, 1]: its nanos fit u32, so the cast to f64 is exact.
    let nanos = u32::try_from(retained.nanos()).map_err(|_| ErrorKind::OutOfRange)?;
    f64_to_decimal(survival_f64(nanos, months))
}

/// The expected fraction of the people on board at the start of a month
/// who leave during it: `1 − survival(annual, 1)`, so survival plus hazard
/// is exactly 1.
pub fn monthly_hazard(annual: Decimal) -> Result<Decimal, ErrorKind> {
    Decimal::ONE.checked_sub(survival(annual, 1)?)
}

/// `(nanos ÷ 10⁹)^(months ÷ 12)` in f64. This is the one place the engine
/// needs a fractional power; `libm::pow` is pure software, so the bits are
/// identical on every platform. Both divisions are correctly rounded IEEE
/// operations on exactly representable operands.
#[allow(clippy::float_arithmetic)]
fn survival_f64(retained_nanos: u32, months: u32) -> f64 {
    let base = f64::from(retained_nanos) / 1e9;
    libm::pow(base, f64::from(months) / 12.0)
}

/// The exact binary value of `x` rounded half-even to 9 places; NaN and
/// infinities are errors. Reads the IEEE bits (`mantissa × 2^exponent`) and
/// divides by the power of two with shifts, so no float arithmetic can
/// change the result.
fn f64_to_decimal(x: f64) -> Result<Decimal, ErrorKind> {
    const MANTISSA_BITS: u32 = 52;
    const EXPONENT_MASK: u64 = 0x7ff;
    const NANOS_PER_UNIT: u128 = 1_000_000_000;
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
    let scaled = u128::from(mantissa).wrapping_mul(NANOS_PER_UNIT);
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
