//! 256-bit intermediates for exact `a × b ÷ c` on 128-bit magnitudes.
//!
//! Only the slow paths use these: products that fit 128 bits never get here.
//! The fuzz target `decimal_ops` checks them against a big-integer oracle.

const LOW_64: u128 = u64::MAX as u128;

/// The full product `a × b` as `(high, low)` 128-bit halves.
pub(crate) fn mul(a: u128, b: u128) -> (u128, u128) {
    let (a1, a0) = (a >> 64, a & LOW_64);
    let (b1, b0) = (b >> 64, b & LOW_64);
    // Each partial product is u64 × u64 and cannot overflow u128; the sums
    // below are bounded by the 256-bit product, so wrapping never wraps.
    let p00 = a0.wrapping_mul(b0);
    let p01 = a0.wrapping_mul(b1);
    let p10 = a1.wrapping_mul(b0);
    let p11 = a1.wrapping_mul(b1);
    let mid = (p00 >> 64)
        .wrapping_add(p01 & LOW_64)
        .wrapping_add(p10 & LOW_64);
    let low = (p00 & LOW_64) | (mid << 64);
    let high = p11
        .wrapping_add(p01 >> 64)
        .wrapping_add(p10 >> 64)
        .wrapping_add(mid >> 64);
    (high, low)
}

/// `(high·2¹²⁸ + low) ÷ divisor` as `(quotient, remainder)`, or `None` when
/// the quotient does not fit 128 bits (`high ≥ divisor`, which includes a
/// zero divisor).
pub(crate) fn div_rem(high: u128, low: u128, divisor: u128) -> Option<(u128, u128)> {
    if high >= divisor {
        return None;
    }
    if high == 0 {
        return Some((low.checked_div(divisor)?, low.checked_rem(divisor)?));
    }
    // Restoring shift-subtract division, one quotient bit per step. The
    // remainder stays below the divisor; `carry` is the bit shifted out.
    let mut remainder = high;
    let mut quotient = 0u128;
    for bit in (0..128u32).rev() {
        let carry = remainder >> 127;
        remainder = (remainder << 1) | ((low >> bit) & 1);
        quotient <<= 1;
        if carry == 1 || remainder >= divisor {
            remainder = remainder.wrapping_sub(divisor);
            quotient |= 1;
        }
    }
    Some((quotient, remainder))
}

/// `(n / d, n % d)`, on 64-bit instructions when both fit them (the common
/// case for money, and several times faster than 128-bit division).
pub(crate) fn div_rem_u128(n: u128, d: u128) -> Option<(u128, u128)> {
    match (u64::try_from(n), u64::try_from(d)) {
        (Ok(n), Ok(d)) => Some((u128::from(n.checked_div(d)?), u128::from(n.checked_rem(d)?))),
        _ => Some((n.checked_div(d)?, n.checked_rem(d)?)),
    }
}

/// `⌊a × b ÷ d⌋` and the remainder, exactly; `None` for a zero divisor or a
/// quotient beyond 128 bits.
pub(crate) fn mul_div_rem(a: u128, b: u128, d: u128) -> Option<(u128, u128)> {
    match a.checked_mul(b) {
        Some(product) => div_rem_u128(product, d),
        None => {
            let (high, low) = mul(a, b);
            div_rem(high, low, d)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_of_maxima_is_split_correctly() {
        // (2^128 - 1)^2 = 2^256 - 2^129 + 1
        assert_eq!(mul(u128::MAX, u128::MAX), (u128::MAX - 1, 1));
    }

    #[test]
    fn division_round_trips_the_product() {
        let (a, b, c) = (10u128.pow(36) - 7, 10u128.pow(30) + 3, 10u128.pow(35) + 11);
        let (hi, lo) = mul(a, b);
        let (q, r) = div_rem(hi, lo, c).unwrap();
        // q·c + r == a·b, checked in 256 bits.
        let (qh, ql) = mul(q, c);
        let (sum, carry) = ql.overflowing_add(r);
        assert_eq!((qh + u128::from(carry), sum), (hi, lo));
        assert!(r < c);
    }

    #[test]
    fn quotient_overflow_and_zero_divisor_are_none() {
        assert_eq!(div_rem(5, 0, 5), None);
        assert_eq!(div_rem(0, 5, 0), None);
    }
}
