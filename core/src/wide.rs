//! 256-bit intermediates for exact `a × b ÷ c` on 128-bit magnitudes.
//!
//! Only the slow paths use these: products that fit 128 bits never get here.
//! The fuzz target `decimal_ops` checks them against a big-integer oracle.

use crate::decimal::NANOS_PER_UNIT;

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
    if let Ok(n) = u64::try_from(n) {
        let (q, r) = div_rem_pow10_u64(n, k);
        return (u128::from(q), u128::from(r));
    }
    #[inline(always)]
    fn by<const D: u64>(n: u128) -> (u128, u128) {
        // D is a non-zero constant: the check folds away.
        let q = n.checked_div(u128::from(D)).unwrap_or(0);
        (q, n.wrapping_sub(q.wrapping_mul(u128::from(D))))
    }
    by_power_of_ten!(n, k, by)
}

/// [`div_rem_pow10`] on 64 bits, always inlined: rating rounds every line
/// through it, and a call cost more than the division.
#[inline(always)]
pub(crate) fn div_rem_pow10_u64(n: u64, k: u32) -> (u64, u64) {
    #[inline(always)]
    fn by<const D: u64>(n: u64) -> (u64, u64) {
        let q = n.checked_div(D).unwrap_or(0);
        (q, n.wrapping_sub(q.wrapping_mul(D)))
    }
    by_power_of_ten!(n, k, by)
}

/// `by::<10^k>(n)` for `k ≤ 9` (nine for any larger `k`), `(n, 0)` for 0.
macro_rules! by_power_of_ten {
    ($n:expr, $k:expr, $by:ident) => {
        match $k {
            0 => ($n, 0),
            1 => $by::<10>($n),
            2 => $by::<100>($n),
            3 => $by::<1_000>($n),
            4 => $by::<10_000>($n),
            5 => $by::<100_000>($n),
            6 => $by::<1_000_000>($n),
            7 => $by::<10_000_000>($n),
            8 => $by::<100_000_000>($n),
            _ => $by::<NANOS_PER_UNIT>($n),
        }
    };
}
use by_power_of_ten;

/// `10^k` for every `k` a `u64` holds.
pub(crate) const POW10_U64: [u64; 20] = [
    10u64.pow(0),
    10u64.pow(1),
    10u64.pow(2),
    10u64.pow(3),
    10u64.pow(4),
    10u64.pow(5),
    10u64.pow(6),
    10u64.pow(7),
    10u64.pow(8),
    10u64.pow(9),
    10u64.pow(10),
    10u64.pow(11),
    10u64.pow(12),
    10u64.pow(13),
    10u64.pow(14),
    10u64.pow(15),
    10u64.pow(16),
    10u64.pow(17),
    10u64.pow(18),
    10u64.pow(19),
];

/// A divisor prepared once for many `⌊a × b ÷ d⌋` (an allocation divides
/// every share by the same weight sum).
#[derive(Clone, Copy)]
pub(crate) enum Divisor {
    /// `10^k`: weights summing to 1 or 100 give one, and it divides by
    /// multiplication instead of a hardware division.
    PowerOfTen(u32),
    /// A non-zero divisor below 2⁶⁴ with its reciprocal
    /// `⌊(2⁶⁴ − 1) ÷ d⌋`: a 64-bit dividend divides by two
    /// multiplications instead of a hardware division (the slowest
    /// instruction on the funnel's hot path).
    Word { divisor: u64, reciprocal: u64 },
    /// Anything else, zero included (every division by it fails).
    Other(u128),
}

impl Divisor {
    pub(crate) fn new(d: u128) -> Self {
        let exponent = u64::try_from(d).ok().and_then(|d64| {
            let k = d64.checked_ilog10()?;
            (POW10_U64.get(usize::try_from(k).ok()?) == Some(&d64)).then_some(k)
        });
        if let Some(k) = exponent {
            return Self::PowerOfTen(k);
        }
        match u64::try_from(d) {
            Ok(divisor) if divisor > 0 => Self::Word {
                divisor,
                reciprocal: u64::MAX.checked_div(divisor).unwrap_or(0),
            },
            _ => Self::Other(d),
        }
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
            (
                Some(p),
                Self::Word {
                    divisor,
                    reciprocal,
                },
            ) => match u64::try_from(p) {
                Ok(p64) => div_rem_by_reciprocal(p64, divisor, reciprocal)
                    .or_else(|| div_rem_u128(p, u128::from(divisor))),
                Err(_) => split_by_reciprocal(a, b, divisor, reciprocal)
                    .or_else(|| div_rem_u128(p, u128::from(divisor))),
            },
            (Some(p), Self::Other(d)) => div_rem_u128(p, d),
            (None, Self::PowerOfTen(k)) => {
                let (high, low) = mul(a, b);
                div_rem(high, low, 10u128.checked_pow(k)?)
            }
            (None, Self::Word { divisor, .. }) => {
                let (high, low) = mul(a, b);
                div_rem(high, low, u128::from(divisor))
            }
            (None, Self::Other(d)) => {
                let (high, low) = mul(a, b);
                div_rem(high, low, d)
            }
        }
    }
}

/// `(x ÷ d, x mod d)` by `reciprocal = ⌊(2⁶⁴ − 1) ÷ d⌋`, for `d > 0`, or
/// `None` if the estimate was not corrected to the exact quotient (it always
/// is; the caller then divides in hardware).
///
/// The estimate `q̂ = ⌊x × reciprocal ÷ 2⁶⁴⌋` is never above `x ÷ d` and at
/// most one below its floor `q`: `reciprocal ≥ (2⁶⁴ − d) ÷ d`, so
/// `x × reciprocal ÷ 2⁶⁴ ≥ x ÷ d − x ÷ 2⁶⁴ > x ÷ d − 1`. One correction,
/// applied without a branch (the data decides it, so a branch would be
/// mispredicted), brings it to `q`.
#[inline(always)]
pub(crate) fn div_rem_by_reciprocal(x: u64, d: u64, reciprocal: u64) -> Option<(u128, u128)> {
    // Both factors are below 2⁶⁴, so the product is below 2¹²⁸.
    let product = u128::from(x).wrapping_mul(u128::from(reciprocal));
    let estimate = u64::try_from(product >> 64).ok()?;
    // estimate ≤ x ÷ d, so estimate × d ≤ x: neither wraps.
    let remainder = x.wrapping_sub(estimate.wrapping_mul(d));
    let short = u64::from(remainder >= d);
    // short is 1 only when the estimate is q − 1, so q fits u64.
    let quotient = estimate.wrapping_add(short);
    let remainder = remainder.wrapping_sub(d & short.wrapping_neg());
    (remainder < d).then_some((u128::from(quotient), u128::from(remainder)))
}

/// `(a × b ÷ d, a × b mod d)` when the product passes 64 bits but `a` and
/// `b × d` do not: `a = q·d + r` gives `a·b ÷ d = q·b + r·b ÷ d` with
/// `r·b < d·b < 2⁶⁴`, two reciprocal divisions instead of a 128-bit one.
#[inline]
fn split_by_reciprocal(a: u128, b: u128, d: u64, reciprocal: u64) -> Option<(u128, u128)> {
    let (a, b) = (u64::try_from(a).ok()?, u64::try_from(b).ok()?);
    if b > u64::MAX.checked_div(d)? {
        return None;
    }
    let (high, rest) = div_rem_by_reciprocal(a, d, reciprocal)?;
    // rest < d, so rest·b < d·b ≤ 2⁶⁴ − 1.
    let rest = u64::try_from(rest).ok()?.wrapping_mul(b);
    let (low, remainder) = div_rem_by_reciprocal(rest, d, reciprocal)?;
    // high·b ≤ a·b ÷ d < 2¹²⁸ and low < b: the sum is the exact quotient.
    let quotient = high.checked_mul(u128::from(b))?.checked_add(low)?;
    Some((quotient, remainder))
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

/// The greatest common divisor (binary: shifts and subtractions only), on
/// 64-bit words when both fit: a rate, a share or a deal size in nanos
/// does, and the reverse funnel reduces a few hundred of them per call.
fn gcd(a: u128, b: u128) -> u128 {
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(a), Ok(b)) => u128::from(binary_gcd_u64(a, b)),
        _ => binary_gcd_u128(a, b),
    }
}

/// Stein's binary GCD on one unsigned width.
macro_rules! binary_gcd {
    ($name:ident, $t:ty) => {
        fn $name(a: $t, b: $t) -> $t {
            if a == 0 || b == 0 {
                return a | b;
            }
            let common = (a | b).trailing_zeros();
            let mut a = a.wrapping_shr(a.trailing_zeros());
            let mut b = b;
            loop {
                b = b.wrapping_shr(b.trailing_zeros());
                if a > b {
                    core::mem::swap(&mut a, &mut b);
                }
                // Both odd and a ≤ b: the difference is even and cannot wrap.
                b = b.wrapping_sub(a);
                if b == 0 {
                    return a.wrapping_shl(common);
                }
            }
        }
    };
}
binary_gcd!(binary_gcd_u64, u64);
binary_gcd!(binary_gcd_u128, u128);

/// An exact non-negative rational `numerator ÷ denominator` in lowest
/// terms, for chaining factors (conversion rates, shares) without rounding.
/// Realistic rates reduce to small terms (0.25 = 1/4, 0.3 = 3/10); a chain
/// whose terms outgrow 128 bits is refused, never approximated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fraction {
    numerator: u128,
    denominator: u128,
}

impl Fraction {
    /// One.
    pub(crate) const ONE: Fraction = Fraction {
        numerator: 1,
        denominator: 1,
    };

    /// `numerator ÷ denominator` in lowest terms; `None` for a zero
    /// denominator.
    pub(crate) fn new(numerator: u128, denominator: u128) -> Option<Fraction> {
        if denominator == 0 {
            return None;
        }
        let g = gcd(numerator, denominator);
        Some(Fraction {
            numerator: numerator.checked_div(g)?,
            denominator: denominator.checked_div(g)?,
        })
    }

    /// A decimal magnitude given in nanos: `nanos ÷ 10⁹`.
    pub(crate) fn of_nanos(nanos: u128) -> Fraction {
        Fraction::new(nanos, u128::from(NANOS_PER_UNIT)).unwrap_or(Fraction::ONE)
    }

    /// The numerator, in lowest terms.
    pub(crate) fn numerator(self) -> u128 {
        self.numerator
    }

    /// The denominator, in lowest terms (never zero).
    pub(crate) fn denominator(self) -> u128 {
        self.denominator
    }

    /// `1 ÷ self`; `None` for zero.
    pub(crate) fn recip(self) -> Option<Fraction> {
        (self.numerator != 0).then_some(Fraction {
            numerator: self.denominator,
            denominator: self.numerator,
        })
    }

    /// The exact product, in lowest terms; `None` beyond 128-bit terms.
    pub(crate) fn mul(self, other: Fraction) -> Option<Fraction> {
        // Both factors are in lowest terms, so cancelling across them
        // leaves the product in lowest terms.
        let g1 = gcd(self.numerator, other.denominator);
        let g2 = gcd(other.numerator, self.denominator);
        let (Some(a), Some(d)) = (
            self.numerator.checked_div(g1),
            other.denominator.checked_div(g1),
        ) else {
            // g1 is zero only when both are: 0 ÷ 0 cannot be a term.
            return None;
        };
        let (Some(b), Some(c)) = (
            other.numerator.checked_div(g2),
            self.denominator.checked_div(g2),
        ) else {
            return None;
        };
        Some(Fraction {
            numerator: a.checked_mul(b)?,
            denominator: c.checked_mul(d)?,
        })
    }

    /// Prepares `⌈x × self⌉` for many `x`.
    pub(crate) fn scaler(self) -> Scaler {
        let divisor = Divisor::new(self.denominator);
        let word = match (u64::try_from(self.numerator), divisor) {
            (
                Ok(numerator),
                Divisor::Word {
                    divisor,
                    reciprocal,
                },
            ) => Some(WordScaler {
                numerator,
                divisor,
                reciprocal,
            }),
            _ => None,
        };
        Scaler {
            numerator: self.numerator,
            divisor,
            word,
        }
    }
}

/// A [`Fraction`] ready to scale many integers, its division prepared once.
#[derive(Clone, Copy)]
pub(crate) struct Scaler {
    numerator: u128,
    divisor: Divisor,
    /// The same fraction on 64-bit words, when its terms fit them.
    word: Option<WordScaler>,
}

/// `numerator ÷ divisor` with the divisor's reciprocal: the reverse funnel's
/// case (needs below 1.8 × 10¹⁰ units, path fractions like 250/16929).
#[derive(Clone, Copy)]
struct WordScaler {
    numerator: u64,
    divisor: u64,
    reciprocal: u64,
}

impl Scaler {
    /// `⌈x × fraction⌉` exactly; `None` beyond 128 bits.
    #[inline(always)]
    pub(crate) fn ceil(&self, x: u128) -> Option<u128> {
        if let (Some(word), Ok(x)) = (self.word, u64::try_from(x)) {
            // Two 64-bit factors: the product fits 128 bits.
            let product = u128::from(x).wrapping_mul(u128::from(word.numerator));
            if let Ok(product) = u64::try_from(product) {
                if let Some((quotient, remainder)) =
                    div_rem_by_reciprocal(product, word.divisor, word.reciprocal)
                {
                    // quotient < 2⁶⁴: adding one cannot wrap 128 bits.
                    return Some(quotient.wrapping_add(u128::from(remainder != 0)));
                }
            }
        }
        self.ceil_general(x)
    }

    /// [`Scaler::ceil`] beyond 64-bit words, kept out of line so the word
    /// path inlines into the reverse funnel's loop.
    #[inline(never)]
    fn ceil_general(&self, x: u128) -> Option<u128> {
        let (quotient, remainder) = self.divisor.mul_div_rem(x, self.numerator)?;
        quotient.checked_add(u128::from(remainder != 0))
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
    fn fractions_stay_exact_and_in_lowest_terms() {
        // 0.3 × 0.000100001 = 3/10 × 100001/10⁹ = 300003/10¹⁰.
        let product = Fraction::of_nanos(300_000_000)
            .mul(Fraction::of_nanos(100_001))
            .unwrap();
        assert_eq!(product, Fraction::new(300_003, 10u128.pow(10)).unwrap());
        // One win needs ⌈10¹⁰ ÷ 300003⌉ = 33,334 MQLs (33,333.0000033…).
        assert_eq!(product.recip().unwrap().scaler().ceil(1), Some(33_334));
        assert_eq!(
            Fraction::of_nanos(250_000_000),
            Fraction::new(1, 4).unwrap()
        );
        assert_eq!(Fraction::new(0, 7).unwrap().recip(), None);
        assert_eq!(gcd(48, 180), 12);
        assert_eq!(gcd(0, 5), 5);
        let big = Fraction::new(u128::MAX, 1).unwrap();
        assert_eq!(big.mul(Fraction::new(2, 1).unwrap()), None);
    }

    #[test]
    fn reciprocal_division_is_exact_at_the_edges() {
        for d in [
            1u64,
            2,
            3,
            7,
            990,
            300_003,
            999_999_999,
            u64::MAX - 1,
            u64::MAX,
        ] {
            let divisor = Divisor::new(u128::from(d));
            for x in [
                0u64,
                1,
                d - 1,
                d,
                d.saturating_add(1),
                u64::MAX - 1,
                u64::MAX,
            ] {
                let expected = (u128::from(x) / u128::from(d), u128::from(x) % u128::from(d));
                assert_eq!(
                    divisor.mul_div_rem(u128::from(x), 1),
                    Some(expected),
                    "{x} / {d}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn reciprocal_division_matches_hardware_division(x: u64, d in 1u64.., b in 0u128..1 << 64) {
            let divisor = Divisor::new(u128::from(d));
            let expected = (u128::from(x) * b).checked_div(u128::from(d))
                .map(|q| (q, u128::from(x) * b % u128::from(d)));
            proptest::prop_assert_eq!(divisor.mul_div_rem(u128::from(x), b), expected);
        }
    }

    proptest::proptest! {
        /// The constant-divisor splits equal plain division, on either side
        /// of 2⁶⁴ and at every power they serve.
        #[test]
        fn powers_of_ten_split_as_division_does(
            n in proptest::prop_oneof![0..=u128::from(u64::MAX), proptest::num::u128::ANY],
            k in 0u32..=9,
        ) {
            let power = 10u128.pow(k);
            proptest::prop_assert_eq!(div_rem_pow10(n, k), (n / power, n % power));
            if let Ok(small) = u64::try_from(n) {
                let (q, r) = div_rem_pow10_u64(small, k);
                proptest::prop_assert_eq!((u128::from(q), u128::from(r)), (n / power, n % power));
            }
        }
    }

    /// Magnitudes that fit 20, 40 and 70 bits alike: both sides of the
    /// 64-bit paths.
    fn magnitude() -> impl proptest::strategy::Strategy<Value = u128> {
        proptest::prop_oneof![0u128..1 << 20, 0u128..1 << 40, 0u128..1 << 70]
    }

    proptest::proptest! {
        #[test]
        fn word_ceiling_matches_the_general_ceiling(
            numerator in magnitude(),
            denominator in magnitude(),
            x in magnitude(),
        ) {
            let denominator = denominator.max(1);
            let scaler = Fraction::new(numerator, denominator).unwrap().scaler();
            proptest::prop_assert_eq!(scaler.ceil(x), scaler.ceil_general(x));
        }

        #[test]
        fn word_gcd_matches_the_wide_gcd(a: u64, b: u64) {
            let (a, b) = (u128::from(a), u128::from(b));
            proptest::prop_assert_eq!(gcd(a, b), binary_gcd_u128(a, b));
        }
    }

    #[test]
    fn quotient_overflow_and_zero_divisor_are_none() {
        assert_eq!(div_rem(5, 0, 5), None);
        assert_eq!(div_rem(0, 5, 0), None);
    }
}
