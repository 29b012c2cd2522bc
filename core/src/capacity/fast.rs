//! Exact fast paths for the plan's hot loop (a 36-month, 8-role, 4-segment
//! plan is ~1,200 cells, each with a division and two multiplications).
//!
//! Each function returns exactly what the foundation operation named in
//! its doc returns, for every input (the unit tests below check this on
//! random values); they only avoid 128-bit divisions when the operands are
//! small, and fall back to the foundation otherwise.

use crate::error::ErrorKind;
use crate::{Decimal, RoundingMode, SCALE};

const NANOS_PER_UNIT: u64 = 1_000_000_000;

/// `value.div_round(per, 9, Ceiling)` for `value ≥ 0`, `per > 0`.
///
/// Capacities are usually whole numbers (400 MQLs, 10 SQLs): then the
/// quotient's nanos are `value_nanos ÷ per` on 64-bit integers.
pub(crate) fn div_up(value: Decimal, per: Decimal) -> Result<Decimal, ErrorKind> {
    let whole_per = u64::try_from(per.nanos())
        .ok()
        .filter(|p| *p > 0 && p.checked_rem(NANOS_PER_UNIT) == Some(0))
        .and_then(|p| p.checked_div(NANOS_PER_UNIT));
    match (whole_per, u64::try_from(value.nanos())) {
        (Some(per_units), Ok(nanos)) => Decimal::from_nanos(i128::from(nanos.div_ceil(per_units))),
        _ => value.div_round(per, SCALE, RoundingMode::Ceiling),
    }
}

/// `a.mul_round(b, 9, mode)` for `mode` [`RoundingMode::Ceiling`] or
/// [`RoundingMode::HalfEven`] (any other mode takes the foundation path).
///
/// With `a < 2⁶⁴` nanos and `b < 2` the product splits as
/// `a·b/10⁹ = qa·b + ra·b/10⁹` (`a = qa·10⁹ + ra`), every term in 64 bits.
pub(crate) fn mul(a: Decimal, b: Decimal, mode: RoundingMode) -> Result<Decimal, ErrorKind> {
    const TWO: u64 = 2 * NANOS_PER_UNIT;
    let fast = matches!(mode, RoundingMode::Ceiling | RoundingMode::HalfEven);
    let (Ok(a_nanos), Ok(b_nanos)) = (u64::try_from(a.nanos()), u64::try_from(b.nanos())) else {
        return a.mul_round(b, SCALE, mode);
    };
    if !fast || b_nanos >= TWO {
        return a.mul_round(b, SCALE, mode);
    }
    let qa = a_nanos / NANOS_PER_UNIT;
    let ra = a_nanos % NANOS_PER_UNIT;
    // ra < 10⁹ and b < 2·10⁹: ra·b < 2·10¹⁸ < 2⁶⁴.
    let low = ra.wrapping_mul(b_nanos);
    let (low_whole, dropped) = (low / NANOS_PER_UNIT, low % NANOS_PER_UNIT);
    let Some(whole) = qa
        .checked_mul(b_nanos)
        .and_then(|x| x.checked_add(low_whole))
    else {
        return a.mul_round(b, SCALE, mode);
    };
    let half = NANOS_PER_UNIT / 2;
    let up = match mode {
        RoundingMode::Ceiling => dropped > 0,
        _ => dropped > half || (dropped == half && whole & 1 == 1),
    };
    let nanos = if up {
        whole.checked_add(1).ok_or(ErrorKind::Overflow)?
    } else {
        whole
    };
    Decimal::from_nanos(i128::from(nanos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(nanos: u64) -> Decimal {
        Decimal::from_nanos(i128::from(nanos)).unwrap()
    }

    proptest! {
        #[test]
        fn div_up_equals_div_round(value in 0u64.., per in 1u64..1_000_000, scale in 0u32..=9) {
            let per = Decimal::new(i128::from(per), scale).unwrap();
            prop_assert_eq!(
                div_up(dec(value), per),
                dec(value).div_round(per, SCALE, RoundingMode::Ceiling)
            );
        }

        #[test]
        fn mul_equals_mul_round(a in 0u64.., b in 0u64..2_500_000_000, half_even in any::<bool>()) {
            let mode = if half_even { RoundingMode::HalfEven } else { RoundingMode::Ceiling };
            prop_assert_eq!(mul(dec(a), dec(b), mode), dec(a).mul_round(dec(b), SCALE, mode));
        }
    }

    #[test]
    fn ties_round_to_even() {
        // 0.5 nano exactly: 1 nano × 0.5 → 0 (even), 3 nanos × 0.5 → 2.
        let half = Decimal::new(5, 1).unwrap();
        assert_eq!(mul(dec(1), half, RoundingMode::HalfEven), Ok(dec(0)));
        assert_eq!(mul(dec(3), half, RoundingMode::HalfEven), Ok(dec(2)));
        assert_eq!(mul(dec(1), half, RoundingMode::Ceiling), Ok(dec(1)));
    }
}
