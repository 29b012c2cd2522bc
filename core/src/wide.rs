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
/// case for money, and several times faster than 128-bit division). One
/// division: the remainder is recovered by a multiplication.
#[inline]
pub(crate) fn div_rem_u128(n: u128, d: u128) -> Option<(u128, u128)> {
    let q = match (u64::try_from(n), u64::try_from(d)) {
        (Ok(n64), Ok(d64)) => u128::from(n64.checked_div(d64)?),
        _ => n.checked_div(d)?,
    };
    // q·d ≤ n, so neither step wraps.
    Some((q, n.wrapping_sub(q.wrapping_mul(d))))
}

/// `(n / 10^k, n % 10^k)` for `k ≤ 9`, with a constant divisor per arm so
/// the compiler replaces each division by a multiplication.
#[inline]
pub(crate) fn div_rem_pow10(n: u128, k: u32) -> (u128, u128) {
    #[inline(always)]
    fn by<const D: u64>(n: u128) -> (u128, u128) {
        let q = match u64::try_from(n) {
            // D is a non-zero constant: the checks fold away.
            Ok(n64) => u128::from(n64.checked_div(D).unwrap_or(0)),
            Err(_) => n.checked_div(u128::from(D)).unwrap_or(0),
        };
        (q, n.wrapping_sub(q.wrapping_mul(u128::from(D))))
    }
    match k {
        0 => (n, 0),
        1 => by::<10>(n),
        2 => by::<100>(n),
        3 => by::<1_000>(n),
        4 => by::<10_000>(n),
        5 => by::<100_000>(n),
        6 => by::<1_000_000>(n),
        7 => by::<10_000_000>(n),
        8 => by::<100_000_000>(n),
        _ => by::<1_000_000_000>(n),
    }
}

/// `10^k` for every `k` a `u64` holds.
pub(crate) const POW10_U64: [u64; 20] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
    100_000_000_000,
    1_000_000_000_000,
    10_000_000_000_000,
    100_000_000_000_000,
    1_000_000_000_000_000,
    10_000_000_000_000_000,
    100_000_000_000_000_000,
    1_000_000_000_000_000_000,
    10_000_000_000_000_000_000,
];

/// A divisor prepared once for many `⌊a × b ÷ d⌋` (an allocation divides
/// every share by the same weight sum).
#[derive(Clone, Copy)]
pub(crate) enum Divisor {
    /// `10^k`: weights summing to 1 or 100 give one, and it divides by
    /// multiplication instead of a hardware division.
    PowerOfTen(u32),
    /// Anything else, zero included (every division by it fails).
    Other(u128),
}

impl Divisor {
    pub(crate) fn new(d: u128) -> Self {
        let exponent = u64::try_from(d).ok().and_then(|d64| {
            let k = d64.checked_ilog10()?;
            (POW10_U64.get(usize::try_from(k).ok()?) == Some(&d64)).then_some(k)
        });
        exponent.map_or(Self::Other(d), Self::PowerOfTen)
    }

    /// `⌊a × b ÷ d⌋` and the remainder, exactly; `None` for a zero divisor
    /// or a quotient beyond 128 bits.
    #[inline]
    pub(crate) fn mul_div_rem(self, a: u128, b: u128) -> Option<(u128, u128)> {
        let product = match (u64::try_from(a), u64::try_from(b)) {
            // One 64 × 64 → 128-bit multiplication, which cannot overflow.
            (Ok(a64), Ok(b64)) => Some(u128::from(a64).wrapping_mul(u128::from(b64))),
            _ => a.checked_mul(b),
        };
        match (product, self) {
            (Some(p), Self::PowerOfTen(k)) => Some(div_rem_pow10_any(p, k)),
            (Some(p), Self::Other(d)) => div_rem_u128(p, d),
            (None, Self::PowerOfTen(k)) => {
                let (high, low) = mul(a, b);
                div_rem(high, low, 10u128.checked_pow(k)?)
            }
            (None, Self::Other(d)) => {
                let (high, low) = mul(a, b);
                div_rem(high, low, d)
            }
        }
    }
}

/// `(n / 10^k, n % 10^k)` for any `k ≤ 38`, nine digits at a time.
fn div_rem_pow10_any(n: u128, k: u32) -> (u128, u128) {
    if k <= 9 {
        return div_rem_pow10(n, k);
    }
    let (mut quotient, mut remainder, mut done) = (n, 0u128, 0u32);
    while done < k {
        let step = (k.saturating_sub(done)).min(9);
        let (q, r) = div_rem_pow10(quotient, step);
        // r·10^done + remainder < 10^(done+step) ≤ n: no wrap.
        remainder = remainder.wrapping_add(r.wrapping_mul(10u128.wrapping_pow(done)));
        quotient = q;
        done = done.saturating_add(step);
    }
    (quotient, remainder)
}

/// `⌊a × b ÷ d⌋` and the remainder, exactly; `None` for a zero divisor or a
/// quotient beyond 128 bits.
pub(crate) fn mul_div_rem(a: u128, b: u128, d: u128) -> Option<(u128, u128)> {
    Divisor::new(d).mul_div_rem(a, b)
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
