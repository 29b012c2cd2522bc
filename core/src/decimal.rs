//! Exact fixed-point decimal with 9 fractional digits.
//!
//! Nine digits line up with `google.type.Money` (`units` + `nanos`), so a
//! value crosses the API without conversion loss. The value is an `i128`
//! count of nanos, kept within ±(10³⁶ − 1): 27 integer digits, enough for any
//! amount a sales organization produces and small enough that every exact
//! intermediate fits the fast paths below.
//!
//! Every operation is checked. Operations whose exact result needs more than
//! 9 fractional digits (multiplication, division, ratios) take a
//! [`RoundingMode`] and a number of places and round **once**, from the exact
//! result: `a.mul_round(b, 2, mode)` never rounds to 9 digits first.

use core::cmp::Ordering;
use core::fmt;
use core::str::FromStr;

use crate::error::{ErrorKind, ParseError};
use crate::rounding::{Discarded, RoundingMode};
use crate::wide;

/// Fractional digits every [`Decimal`] carries.
pub const SCALE: u32 = 9;

/// `10^SCALE`: nanos in one unit. The one definition of 10⁹ in the core;
/// every engine that rescales nanos uses it.
pub const NANOS_PER_UNIT: u64 = 1_000_000_000;
const _: () = assert!(NANOS_PER_UNIT == 10u64.pow(SCALE));

/// [`NANOS_PER_UNIT`] as a 128-bit magnitude.
const UNIT: u128 = NANOS_PER_UNIT as u128;
/// 27 integer and 9 fractional digits: `10³⁶ − 1` nanos.
const MAX_MAGNITUDE: u128 = UNIT.pow(4) - 1;
// Sums and differences of two in-range values fit i128 (see `checked_add`).
const _: () = assert!(MAX_MAGNITUDE * 2 < i128::MAX as u128);

/// An exact decimal number: an integer count of 10⁻⁹.
///
/// Equality, ordering and hashing are on the value (`1.50 == 1.5`).
///
/// ```
/// use salesphysics_core::{Decimal, RoundingMode};
///
/// let price: Decimal = "19.99".parse()?;
/// let rate: Decimal = "0.075".parse()?;
/// let commission = price.mul_round(rate, 2, RoundingMode::HalfEven)?;
/// assert_eq!(commission.to_string(), "1.5"); // 1.49925 → 1.50
/// # Ok::<(), salesphysics_core::ErrorKind>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Decimal {
    nanos: i128,
}

/// `10^k` for `k ≤ 9`: the size of one unit at `9 - k` places.
fn pow10(k: u32) -> u128 {
    usize::try_from(k)
        .ok()
        .and_then(|k| wide::POW10_U64.get(k))
        .map_or(UNIT, |&p| u128::from(p))
}

/// An exact non-negative magnitude, in nanos: `whole + fraction`, where the
/// fraction `fraction_num / fraction_den` is below one nano.
struct Exact {
    whole: u128,
    fraction_num: u128,
    fraction_den: u128,
}

impl Exact {
    fn integral(whole: u128) -> Self {
        Self {
            whole,
            fraction_num: 0,
            fraction_den: 1,
        }
    }

    /// Rounds to `places` fractional digits (≥ 9 keeps every nano) and
    /// applies the sign.
    #[inline]
    fn round(self, negative: bool, places: u32, mode: RoundingMode) -> Result<Decimal, ErrorKind> {
        if places >= SCALE {
            // Every nano is kept: only the sub-nano fraction decides, and
            // the engines' 9-digit hot loops skip the digit split below.
            let discarded = Discarded::of(self.fraction_num, self.fraction_den);
            let odd = self.whole & 1 == 1;
            let kept = if mode.increments(discarded, negative, odd) {
                self.whole.checked_add(1).ok_or(ErrorKind::Overflow)?
            } else {
                self.whole
            };
            return Decimal::from_magnitude(negative, kept);
        }
        let dropped_digits = SCALE.saturating_sub(places);
        let unit = pow10(dropped_digits);
        let (kept, dropped) = wide::div_rem_pow10(self.whole, dropped_digits);
        let sub_nano = Discarded::of(self.fraction_num, self.fraction_den);
        let discarded = if unit == 1 {
            sub_nano
        } else {
            Discarded::of(dropped, unit).with_sticky(sub_nano != Discarded::Zero)
        };
        let odd = kept & 1 == 1;
        let kept = if mode.increments(discarded, negative, odd) {
            kept.checked_add(1).ok_or(ErrorKind::Overflow)?
        } else {
            kept
        };
        let magnitude = kept.checked_mul(unit).ok_or(ErrorKind::Overflow)?;
        Decimal::from_magnitude(negative, magnitude)
    }
}

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal { nanos: 0 };
    /// One.
    pub const ONE: Decimal = Decimal {
        nanos: UNIT as i128,
    };
    /// One hundred, for percentages.
    pub const ONE_HUNDRED: Decimal = Decimal {
        nanos: 100 * UNIT as i128,
    };
    /// The largest value: 27 nines, a point, 9 nines.
    pub const MAX: Decimal = Decimal {
        nanos: MAX_MAGNITUDE as i128,
    };
    /// The smallest value, `-MAX`.
    pub const MIN: Decimal = Decimal {
        nanos: -(MAX_MAGNITUDE as i128),
    };
    /// The smallest positive value, 10⁻⁹.
    pub const NANO: Decimal = Decimal { nanos: 1 };

    /// An integer as a decimal; every `i64` is in range.
    #[inline]
    pub const fn from_int(value: i64) -> Decimal {
        Decimal {
            // |i64| × 10⁹ < 10²⁹: cannot overflow, and const fn has no checked form.
            nanos: (value as i128).wrapping_mul(UNIT as i128),
        }
    }

    /// `mantissa × 10^-scale`, exactly: `Decimal::new(30, 2)` is `0.30`.
    ///
    /// Fails with [`ErrorKind::OutOfRange`] when `scale > 9` would lose
    /// digits, and [`ErrorKind::Overflow`] beyond the range.
    #[inline]
    pub fn new(mantissa: i128, scale: u32) -> Result<Decimal, ErrorKind> {
        if scale > SCALE {
            let divisor = 10i128
                .checked_pow(scale.saturating_sub(SCALE))
                .ok_or(ErrorKind::OutOfRange)?;
            if mantissa.checked_rem(divisor) != Some(0) {
                return Err(ErrorKind::OutOfRange);
            }
            return Self::from_nanos(mantissa.checked_div(divisor).ok_or(ErrorKind::OutOfRange)?);
        }
        let factor =
            i128::try_from(pow10(SCALE.saturating_sub(scale))).map_err(|_| ErrorKind::Overflow)?;
        Self::from_nanos(mantissa.checked_mul(factor).ok_or(ErrorKind::Overflow)?)
    }

    /// The value as an integer count of 10⁻⁹.
    #[inline]
    pub const fn nanos(self) -> i128 {
        self.nanos
    }

    /// A value from its count of 10⁻⁹, range-checked.
    #[inline]
    pub const fn from_nanos(nanos: i128) -> Result<Decimal, ErrorKind> {
        // |n| ≤ M ⇔ n + M ∈ [0, 2M] (a wrapped or negative sum reads above
        // 2M unsigned): one addition and one comparison, where the absolute
        // value took sign handling on both words, in every checked sum.
        if nanos.wrapping_add(MAX_MAGNITUDE as i128) as u128 > 2 * MAX_MAGNITUDE {
            Err(ErrorKind::Overflow)
        } else {
            Ok(Decimal { nanos })
        }
    }

    /// A value from a count of 10⁻⁹ that fits `u64`, so always in range
    /// (`u64 < 10³⁶`): for loops that carry small counts and need no check.
    #[inline]
    pub(crate) fn from_small_nanos(nanos: u64) -> Decimal {
        Decimal {
            nanos: i128::from(nanos),
        }
    }

    fn from_magnitude(negative: bool, magnitude: u128) -> Result<Decimal, ErrorKind> {
        if magnitude > MAX_MAGNITUDE {
            return Err(ErrorKind::Overflow);
        }
        let nanos = i128::try_from(magnitude).map_err(|_| ErrorKind::Overflow)?;
        Ok(Decimal {
            nanos: if negative {
                nanos.wrapping_neg()
            } else {
                nanos
            },
        })
    }

    /// `google.type.Money`-style parts: whole units and nanos, both carrying
    /// the value's sign. Fails when the units exceed `i64`.
    #[inline]
    pub fn to_units_nanos(self) -> Result<(i64, i32), ErrorKind> {
        let scale = i128::from(NANOS_PER_UNIT);
        let units = i64::try_from(self.nanos.checked_div(scale).ok_or(ErrorKind::Overflow)?)
            .map_err(|_| ErrorKind::Overflow)?;
        let nanos = i32::try_from(self.nanos.checked_rem(scale).ok_or(ErrorKind::Overflow)?)
            .map_err(|_| ErrorKind::Overflow)?;
        Ok((units, nanos))
    }

    /// The inverse of [`Decimal::to_units_nanos`]. As in `google.type.Money`,
    /// `nanos` must lie in ±999,999,999 and share the sign of `units`.
    #[inline]
    pub fn from_units_nanos(units: i64, nanos: i32) -> Result<Decimal, ErrorKind> {
        let sign_conflict = (units > 0 && nanos < 0) || (units < 0 && nanos > 0);
        if sign_conflict || u64::from(nanos.unsigned_abs()) >= NANOS_PER_UNIT {
            return Err(ErrorKind::OutOfRange);
        }
        let whole = i128::from(units)
            .checked_mul(i128::from(NANOS_PER_UNIT))
            .ok_or(ErrorKind::Overflow)?;
        Self::from_nanos(
            whole
                .checked_add(i128::from(nanos))
                .ok_or(ErrorKind::Overflow)?,
        )
    }

    /// Whether the value is zero.
    #[inline]
    pub const fn is_zero(self) -> bool {
        self.nanos == 0
    }

    /// Whether the value is below zero.
    #[inline]
    pub const fn is_negative(self) -> bool {
        self.nanos < 0
    }

    /// Whether the value is above zero.
    #[inline]
    pub const fn is_positive(self) -> bool {
        self.nanos > 0
    }

    /// The absolute value; always in range because the range is symmetric.
    #[inline]
    pub const fn abs(self) -> Decimal {
        Decimal {
            nanos: self.nanos.wrapping_abs(),
        }
    }

    /// The negated value; always in range because the range is symmetric.
    #[inline]
    pub const fn neg(self) -> Decimal {
        Decimal {
            nanos: self.nanos.wrapping_neg(),
        }
    }

    /// The smaller of two values.
    #[inline]
    pub fn min(self, other: Decimal) -> Decimal {
        Ord::min(self, other)
    }

    /// The larger of two values.
    #[inline]
    pub fn max(self, other: Decimal) -> Decimal {
        Ord::max(self, other)
    }

    /// `self + rhs`.
    #[inline]
    pub fn checked_add(self, rhs: Decimal) -> Result<Decimal, ErrorKind> {
        // Both magnitudes are at most 10³⁶ − 1, so the i128 sum (below
        // 2 × 10³⁶ < 2¹²⁷) cannot wrap: only the range check can fail. The
        // engines' accumulation loops skip the redundant overflow test.
        Self::from_nanos(self.nanos.wrapping_add(rhs.nanos))
    }

    /// `self − rhs`.
    #[inline]
    pub fn checked_sub(self, rhs: Decimal) -> Result<Decimal, ErrorKind> {
        // As in `checked_add`: the difference cannot wrap i128.
        Self::from_nanos(self.nanos.wrapping_sub(rhs.nanos))
    }

    /// `self × rhs`, exact when the product has at most 9 fractional digits,
    /// otherwise rounded half-even at the ninth. Use [`Decimal::mul_round`]
    /// to choose the place and mode.
    #[inline]
    pub fn checked_mul(self, rhs: Decimal) -> Result<Decimal, ErrorKind> {
        self.mul_round(rhs, SCALE, RoundingMode::HalfEven)
    }

    /// `self × rhs` rounded once, from the exact product, to `places`
    /// fractional digits (`places ≥ 9` keeps all nine).
    #[inline(always)]
    pub fn mul_round(
        self,
        rhs: Decimal,
        places: u32,
        mode: RoundingMode,
    ) -> Result<Decimal, ErrorKind> {
        // The engines' hot case: a non-negative volume or amount below 2⁶⁴
        // nanos times a rate below 18 units, rounded on 64-bit words.
        if let (Ok(a), Ok(b)) = (u64::try_from(self.nanos), u64::try_from(rhs.nanos)) {
            if b <= u64::MAX / NANOS_PER_UNIT {
                if let Some(product) = mul_round_u64(a, b, places, mode) {
                    return Ok(product);
                }
            }
        }
        self.mul_round_general(rhs, places, mode)
    }

    /// [`Decimal::mul_round`] beyond its 64-bit fast path: out of line,
    /// so that the hot loops inlining the fast path do not also carry (and
    /// hoist) the signed 128-bit preparation of this one.
    #[inline(never)]
    fn mul_round_general(
        self,
        rhs: Decimal,
        places: u32,
        mode: RoundingMode,
    ) -> Result<Decimal, ErrorKind> {
        let negative = self.is_negative() != rhs.is_negative();
        let (a, b) = (self.nanos.unsigned_abs(), rhs.nanos.unsigned_abs());
        // Matched here, not passed up through `?`: the exact product then
        // stays in registers on the way to the rounding.
        match mul_magnitudes(a, b) {
            Some(exact) => exact.round(negative, places, mode),
            None => mul_magnitudes_wide(a, b)?.round(negative, places, mode),
        }
    }

    /// `self ÷ rhs` rounded half-even at the ninth fractional digit.
    #[inline]
    pub fn checked_div(self, rhs: Decimal) -> Result<Decimal, ErrorKind> {
        self.div_round(rhs, SCALE, RoundingMode::HalfEven)
    }

    /// `self ÷ rhs` rounded once to `places` fractional digits.
    #[inline(always)]
    pub fn div_round(
        self,
        rhs: Decimal,
        places: u32,
        mode: RoundingMode,
    ) -> Result<Decimal, ErrorKind> {
        if places >= SCALE {
            // The engines' hot case: a non-negative volume over a whole
            // capacity (400 MQLs per rep): a ÷ units nanos, on 64 bits.
            if let (Ok(a), Ok(d)) = (u64::try_from(self.nanos), u64::try_from(rhs.nanos)) {
                if d != 0 && d % NANOS_PER_UNIT == 0 {
                    let units = d / NANOS_PER_UNIT;
                    let (Some(whole), Some(rest)) = (a.checked_div(units), a.checked_rem(units))
                    else {
                        return Err(ErrorKind::DivisionByZero);
                    };
                    let discarded = Discarded::of(u128::from(rest), u128::from(units));
                    let whole = u128::from(whole);
                    let nanos = if mode.increments(discarded, false, whole & 1 == 1) {
                        whole.wrapping_add(1)
                    } else {
                        whole
                    };
                    return Decimal::from_magnitude(false, nanos);
                }
            }
        }
        self.div_round_general(rhs, places, mode)
    }

    /// [`Decimal::div_round`] beyond its 64-bit fast path (out of line,
    /// as [`Decimal::mul_round_general`]).
    #[inline(never)]
    fn div_round_general(
        self,
        rhs: Decimal,
        places: u32,
        mode: RoundingMode,
    ) -> Result<Decimal, ErrorKind> {
        // value = a / b, so its nanos are a_nanos × 10⁹ / b_nanos.
        quotient(self.nanos.unsigned_abs(), rhs.nanos.unsigned_abs())?.round(
            self.is_negative() != rhs.is_negative(),
            places,
            mode,
        )
    }

    /// `self × numerator ÷ denominator` rounded once to `places`: the exact
    /// way to prorate (`quota × 214 ÷ 365`) or to take a share.
    #[inline]
    pub fn mul_div_round(
        self,
        numerator: Decimal,
        denominator: Decimal,
        places: u32,
        mode: RoundingMode,
    ) -> Result<Decimal, ErrorKind> {
        // nanos = a × n / d with all three in nanos: the 10⁹ factors cancel.
        let negative = (self.is_negative() != numerator.is_negative()) != denominator.is_negative();
        ratio(
            self.nanos.unsigned_abs(),
            numerator.nanos.unsigned_abs(),
            denominator.nanos.unsigned_abs(),
        )?
        .round(negative, places, mode)
    }

    /// Rounds to `places` fractional digits (`places ≥ 9` is the identity).
    #[inline(always)]
    pub fn round(self, places: u32, mode: RoundingMode) -> Result<Decimal, ErrorKind> {
        if places >= SCALE {
            return Ok(self);
        }
        let negative = self.is_negative();
        // Money amounts fit 64 bits of nanos: rounded there, inline.
        if let Ok(magnitude) = u64::try_from(self.nanos.unsigned_abs()) {
            if let Some(rounded) = round_u64(magnitude, Discarded::Zero, negative, places, mode) {
                let rounded = i128::from(rounded);
                return Decimal::from_nanos(if negative {
                    rounded.wrapping_neg()
                } else {
                    rounded
                });
            }
        }
        self.round_general(places, mode)
    }

    /// [`Decimal::round`] beyond 64 bits of nanos (out of line, as
    /// [`Decimal::mul_round_general`]).
    #[inline(never)]
    fn round_general(self, places: u32, mode: RoundingMode) -> Result<Decimal, ErrorKind> {
        Exact::integral(self.nanos.unsigned_abs()).round(self.is_negative(), places, mode)
    }

    /// Whether the value has no non-zero digit beyond `places` fractional
    /// digits, i.e. rounding to `places` would change nothing.
    #[inline]
    pub fn fits_places(self, places: u32) -> bool {
        wide::div_rem_pow10(self.nanos.unsigned_abs(), SCALE.saturating_sub(places)).1 == 0
    }

    /// The whole units a need takes: the ceiling of a positive value, 0 for
    /// zero or a negative one. Funnel volumes and capacity headcount both
    /// report their integers through this, from values never below the exact
    /// need, so their ceilings agree and are the exact ones.
    #[inline]
    pub fn ceil_units(self) -> Result<u64, ErrorKind> {
        if !self.is_positive() {
            return Ok(0);
        }
        // A constant divisor: the compiler turns both into multiplications.
        let whole = match u64::try_from(self.nanos) {
            Ok(nanos) => u128::from(nanos.div_ceil(NANOS_PER_UNIT)),
            Err(_) => self.nanos.unsigned_abs().div_ceil(UNIT),
        };
        u64::try_from(whole).map_err(|_| ErrorKind::Overflow)
    }

    /// The value as an integer count of `10^-places` (e.g. cents for 2),
    /// failing with [`ErrorKind::OutOfRange`] if that would drop digits.
    #[inline]
    pub fn to_scaled_integer(self, places: u32) -> Result<i128, ErrorKind> {
        if places > SCALE {
            let factor = 10i128
                .checked_pow(places.saturating_sub(SCALE))
                .ok_or(ErrorKind::Overflow)?;
            return self.nanos.checked_mul(factor).ok_or(ErrorKind::Overflow);
        }
        let (scaled, dropped) =
            wide::div_rem_pow10(self.nanos.unsigned_abs(), SCALE.saturating_sub(places));
        if dropped != 0 {
            return Err(ErrorKind::OutOfRange);
        }
        // scaled ≤ |nanos| < 2¹²⁷: fits, and the negation cannot wrap.
        let scaled = i128::try_from(scaled).map_err(|_| ErrorKind::Overflow)?;
        Ok(if self.is_negative() {
            scaled.wrapping_neg()
        } else {
            scaled
        })
    }

    /// Parses `[+-]digits[.digits]`, rounding any digits beyond the ninth
    /// fractional one with `mode` (the strict [`FromStr`] rejects them).
    #[inline]
    pub fn parse_rounded(text: &str, mode: RoundingMode) -> Result<Decimal, ErrorKind> {
        parse(text.as_bytes(), Some(mode))
    }
}

/// `a × b` nanos (both non-negative, `b ≤ 2⁶⁴ ÷ 10⁹`) rounded with `mode`
/// to `places` digits, on 64-bit operations: `a·b/10⁹ = qa·b + ra·b/10⁹`
/// with `a = qa·10⁹ + ra` and `ra·b < 10⁹·b < 2⁶⁴`, then the whole nanos
/// split at the place by a constant divisor. `None` when the product needs
/// more than 64 bits of nanos (beyond 1.8 × 10¹⁰ units), for the general
/// path: a money amount times a rate stays well inside.
#[inline(always)]
fn mul_round_u64(a: u64, b: u64, places: u32, mode: RoundingMode) -> Option<Decimal> {
    let (qa, ra) = (a / NANOS_PER_UNIT, a % NANOS_PER_UNIT);
    let low = ra.wrapping_mul(b);
    let (low_whole, sub_nano) = (low / NANOS_PER_UNIT, low % NANOS_PER_UNIT);
    let sub_nano = Discarded::of(u128::from(sub_nano), UNIT);
    let whole = qa.checked_mul(b)?.checked_add(low_whole)?;
    round_u64(whole, sub_nano, false, places, mode).map(Decimal::from_small_nanos)
}

/// The magnitude `whole` nanos, plus a sub-nano remainder classified as
/// `sub_nano`, rounded with `mode` to `places` digits on 64-bit words (the
/// split at the place by a constant divisor); `None` when the rounded
/// magnitude leaves them.
#[inline(always)]
fn round_u64(
    whole: u64,
    sub_nano: Discarded,
    negative: bool,
    places: u32,
    mode: RoundingMode,
) -> Option<u64> {
    let (kept, discarded, unit) = if places >= SCALE {
        (whole, sub_nano, 1)
    } else {
        let dropped_digits = SCALE.saturating_sub(places);
        let unit = *usize::try_from(dropped_digits)
            .ok()
            .and_then(|k| wide::POW10_U64.get(k))?;
        let (kept, dropped) = wide::div_rem_pow10_u64(whole, dropped_digits);
        let discarded = Discarded::of(u128::from(dropped), u128::from(unit))
            .with_sticky(sub_nano != Discarded::Zero);
        (kept, discarded, unit)
    };
    let up = u64::from(mode.increments(discarded, negative, kept & 1 == 1));
    kept.checked_add(up)?.checked_mul(unit)
}

/// The exact product of two nano magnitudes, in nanos, when the smaller
/// is at most 18 units and the larger below 2⁶⁴ nanos (money × rate);
/// `None` beyond, for [`mul_magnitudes_wide`].
#[inline(always)]
fn mul_magnitudes(a: u128, b: u128) -> Option<Exact> {
    // Money × rate: with a < 2⁶⁴ and b ≤ 1.8 × 10¹⁰ nanos (18 units), split
    // only `a`: a·b/10⁹ = qa·b + ra·b/10⁹, with ra·b < 10⁹·b < 2⁶⁴.
    let (small, other) = if b <= a { (b, a) } else { (a, b) };
    if let (Ok(small), Ok(other)) = (u64::try_from(small), u64::try_from(other)) {
        if small <= u64::MAX / NANOS_PER_UNIT {
            let (q, r) = (other / NANOS_PER_UNIT, other % NANOS_PER_UNIT);
            let low = r.wrapping_mul(small);
            let (low_whole, low_frac) = (low / NANOS_PER_UNIT, low % NANOS_PER_UNIT);
            // q·small < 2⁶⁴·2⁶⁴ and the sum is at most a·b/10⁹: no wrap.
            return Some(Exact {
                whole: u128::from(q)
                    .wrapping_mul(u128::from(small))
                    .wrapping_add(u128::from(low_whole)),
                fraction_num: u128::from(low_frac),
                fraction_den: UNIT,
            });
        }
    }
    None
}

/// The exact product of two nano magnitudes beyond [`mul_magnitudes`],
/// kept out of line so the fast path inlines into the engines' loops.
///
/// Splitting each factor at 10⁹ (`a = qa·10⁹ + ra`) keeps every partial
/// product inside 128 bits for the whole range, with no 256-bit division:
/// `a·b/10⁹ = qa·qb·10⁹ + qa·rb + ra·qb + ra·rb/10⁹`.
#[inline(never)]
fn mul_magnitudes_wide(a: u128, b: u128) -> Result<Exact, ErrorKind> {
    let (qa, ra) = wide::div_rem_pow10(a, SCALE);
    let (qb, rb) = wide::div_rem_pow10(b, SCALE);
    // ra, rb < 10⁹: their product is below 10¹⁸ and cannot wrap.
    let (low_whole, low_frac) = wide::div_rem_pow10(ra.wrapping_mul(rb), SCALE);
    let whole = if a <= u128::from(u64::MAX) && b <= u128::from(u64::MAX) {
        // a·b < 2¹²⁸ and every term below is at most a·b/10⁹: nothing wraps.
        qa.wrapping_mul(qb)
            .wrapping_mul(UNIT)
            .wrapping_add(qa.wrapping_mul(rb))
            .wrapping_add(ra.wrapping_mul(qb))
            .wrapping_add(low_whole)
    } else {
        qa.checked_mul(qb)
            .and_then(|x| x.checked_mul(UNIT))
            .and_then(|x| x.checked_add(qa.checked_mul(rb)?))
            .and_then(|x| x.checked_add(ra.checked_mul(qb)?))
            .and_then(|x| x.checked_add(low_whole))
            .ok_or(ErrorKind::Overflow)?
    };
    Ok(Exact {
        whole,
        fraction_num: low_frac,
        fraction_den: UNIT,
    })
}

/// `a × 10⁹ ÷ d` exactly (the nanos of `a ÷ d`), as whole nanos plus the
/// fraction left over.
///
/// For money-sized operands (`a < 2⁶⁴`, `d < 1.8 × 10¹⁰` nanos, i.e. below
/// 18 units: every rate and share) this is long division in two 64-bit
/// steps, `a = q·d + r` then `r·10⁹ = q'·d + r'`, instead of a 128-bit one.
#[inline(always)]
fn quotient(a: u128, d: u128) -> Result<Exact, ErrorKind> {
    if let (Ok(a), Ok(d)) = (u64::try_from(a), u64::try_from(d)) {
        // A whole divisor (400 MQLs per rep): a·10⁹ ÷ d = a ÷ (d ÷ 10⁹), one step.
        if d != 0 && d % NANOS_PER_UNIT == 0 {
            let units = d / NANOS_PER_UNIT;
            let (Some(whole), Some(remainder)) = (a.checked_div(units), a.checked_rem(units))
            else {
                return Err(ErrorKind::DivisionByZero);
            };
            return Ok(Exact {
                whole: u128::from(whole),
                fraction_num: u128::from(remainder),
                fraction_den: u128::from(units),
            });
        }
        if d != 0 && d <= u64::MAX / NANOS_PER_UNIT {
            let (Some(high), Some(rest)) = (a.checked_div(d), a.checked_rem(d)) else {
                return Err(ErrorKind::DivisionByZero);
            };
            // rest < d ≤ u64::MAX / 10⁹: the product fits.
            let scaled = rest.wrapping_mul(NANOS_PER_UNIT);
            let (Some(low), Some(remainder)) = (scaled.checked_div(d), scaled.checked_rem(d))
            else {
                return Err(ErrorKind::DivisionByZero);
            };
            // high·10⁹ + low < 2⁶⁴·10⁹ < 2¹²⁸: no wrap.
            return Ok(Exact {
                whole: u128::from(high)
                    .wrapping_mul(UNIT)
                    .wrapping_add(u128::from(low)),
                fraction_num: u128::from(remainder),
                fraction_den: u128::from(d),
            });
        }
    }
    ratio(a, UNIT, d)
}

/// `a × b ÷ d` exactly, as whole nanos plus the fraction left over.
#[inline(never)]
fn ratio(a: u128, b: u128, d: u128) -> Result<Exact, ErrorKind> {
    if d == 0 {
        return Err(ErrorKind::DivisionByZero);
    }
    // The quotient is the result's nanos; beyond 128 bits it is far beyond range.
    let (whole, remainder) = wide::mul_div_rem(a, b, d).ok_or(ErrorKind::Overflow)?;
    Ok(Exact {
        whole,
        fraction_num: remainder,
        fraction_den: d,
    })
}

fn parse(bytes: &[u8], mode: Option<RoundingMode>) -> Result<Decimal, ErrorKind> {
    let (negative, digits) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, bytes),
    };
    if digits.is_empty() {
        return Err(ParseError::Empty.into());
    }
    let sign_len = bytes.len().saturating_sub(digits.len());
    let mut point = None;
    for (i, &byte) in digits.iter().enumerate() {
        match byte {
            b'0'..=b'9' => {}
            b'.' if point.is_some() => return Err(ParseError::MultipleDecimalPoints.into()),
            b'.' => point = Some(i),
            _ => {
                let at = u32::try_from(i.saturating_add(sign_len)).unwrap_or(u32::MAX);
                return Err(ParseError::InvalidCharacter { byte, at }.into());
            }
        }
    }
    let (integer, fraction) = match point {
        Some(i) => (
            digits.get(..i).unwrap_or(&[]),
            digits.get(i.saturating_add(1)..).unwrap_or(&[]),
        ),
        None => (digits, &[][..]),
    };
    if integer.is_empty() || (point.is_some() && fraction.is_empty()) {
        return Err(ParseError::MissingDigits.into());
    }
    let integer = digits_value(integer).ok_or(ParseError::TooManyIntegerDigits)?;
    let (kept, beyond) = fraction.split_at(fraction.len().min(9));
    // At most nine digits: below 10⁹, no overflow.
    let kept_len = u32::try_from(kept.len()).unwrap_or(SCALE);
    let kept = digits_value(kept).unwrap_or(0);
    let fraction_nanos = kept.wrapping_mul(pow10(SCALE.saturating_sub(kept_len)));
    let nanos = integer
        .checked_mul(UNIT)
        .and_then(|n| n.checked_add(fraction_nanos))
        .filter(|&n| n <= MAX_MAGNITUDE)
        .ok_or(ParseError::TooManyIntegerDigits)?;
    let discarded = match beyond.split_first() {
        None => Discarded::Zero,
        Some((&first, rest)) => Discarded::of(u128::from(first.wrapping_sub(b'0')), 10)
            .with_sticky(rest.iter().any(|&b| b != b'0')),
    };
    if discarded == Discarded::Zero {
        return Decimal::from_magnitude(negative, nanos);
    }
    let mode = mode.ok_or(ParseError::TooManyFractionDigits)?;
    let nanos = if mode.increments(discarded, negative, nanos & 1 == 1) {
        nanos.checked_add(1).ok_or(ErrorKind::Overflow)?
    } else {
        nanos
    };
    Decimal::from_magnitude(negative, nanos)
}

/// The value of a run of ASCII digits, `None` past 128 bits. The first 19
/// digits accumulate in 64 bits (below 10¹⁹ < 2⁶⁴: no overflow), the rest
/// checked in 128.
fn digits_value(digits: &[u8]) -> Option<u128> {
    let (head, tail) = digits.split_at(digits.len().min(19));
    let head = head.iter().fold(0u64, |acc, &b| {
        acc.wrapping_mul(10)
            .wrapping_add(u64::from(b.wrapping_sub(b'0')))
    });
    tail.iter().try_fold(u128::from(head), |acc, &b| {
        acc.checked_mul(10)?
            .checked_add(u128::from(b.wrapping_sub(b'0')))
    })
}

impl FromStr for Decimal {
    type Err = ErrorKind;

    /// Parses `[+-]digits[.digits]` exactly. No exponents, no grouping, no
    /// surrounding spaces; fractional digits beyond the ninth are accepted
    /// only when they are zeros (nothing is lost).
    fn from_str(text: &str) -> Result<Decimal, ErrorKind> {
        parse(text.as_bytes(), None)
    }
}

/// Formats the shortest exact form (`1234.5`, `-0.000000001`, `7`).
///
/// A precision (`{:.2}`) is a **minimum** number of fractional digits:
/// `format!("{:.2}", d)` pads `1234.5` to `1234.50`, `{:.20}` pads with zeros
/// to twenty digits (the value is exact, so every digit past the ninth is 0),
/// but a precision never rounds `1.005` away — round explicitly with
/// [`Decimal::round`] first. Width, fill, alignment, `+` and `0` flags work
/// as for integers.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (integer, fraction) = wide::div_rem_pow10(self.nanos.unsigned_abs(), SCALE);
        // 27 integer digits, a point and 9 fraction digits.
        let mut text = Digits::<40>::new();
        text.push_integer(integer)?;
        let fraction = u32::try_from(fraction).map_err(|_| fmt::Error)?;
        let (mut fraction, mut digits) = (fraction, SCALE);
        while digits > 0 && fraction % 10 == 0 {
            fraction /= 10;
            digits = digits.saturating_sub(1);
        }
        let precision = f.precision().unwrap_or(0);
        if digits > 0 || precision > 0 {
            text.push(b'.')?;
            text.push_padded(fraction, digits)?;
        }
        let digits = usize::try_from(digits).map_err(|_| fmt::Error)?;
        let zeros = precision.saturating_sub(digits);
        if zeros == 0 {
            return f.pad_integral(!self.is_negative(), "", text.as_str()?);
        }
        pad_number(f, self.is_negative(), text.as_str()?, zeros)
    }
}

/// Writes `digits` then `zeros` zeros as a number, honouring the
/// formatter's sign, width, fill, alignment and `0` flag like
/// [`fmt::Formatter::pad_integral`] does; the zeros are written, not
/// buffered, so any precision fits.
fn pad_number(
    f: &mut fmt::Formatter<'_>,
    negative: bool,
    digits: &str,
    zeros: usize,
) -> fmt::Result {
    use fmt::Write;
    let sign = if negative {
        "-"
    } else if f.sign_plus() {
        "+"
    } else {
        ""
    };
    let len = sign
        .len()
        .saturating_add(digits.len())
        .saturating_add(zeros);
    let padding = f.width().unwrap_or(0).saturating_sub(len);
    let zero_pad = f.sign_aware_zero_pad();
    let (before, after) = match f.align() {
        _ if zero_pad => (0, 0),
        Some(fmt::Alignment::Left) => (0, padding),
        Some(fmt::Alignment::Center) => (padding / 2, padding.saturating_sub(padding / 2)),
        _ => (padding, 0),
    };
    let fill = f.fill();
    for _ in 0..before {
        f.write_char(fill)?;
    }
    f.write_str(sign)?;
    if zero_pad {
        for _ in 0..padding {
            f.write_char('0')?;
        }
    }
    f.write_str(digits)?;
    for _ in 0..zeros {
        f.write_char('0')?;
    }
    for _ in 0..after {
        f.write_char(fill)?;
    }
    Ok(())
}

/// A fixed-capacity ASCII buffer for formatting without allocation.
struct Digits<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Digits<N> {
    fn new() -> Self {
        Self {
            buf: [b'0'; N],
            len: 0,
        }
    }

    fn push(&mut self, byte: u8) -> fmt::Result {
        *self.buf.get_mut(self.len).ok_or(fmt::Error)? = byte;
        self.len = self.len.saturating_add(1);
        Ok(())
    }

    /// Writes `value` as exactly `width` digits, with leading zeros.
    fn push_padded(&mut self, mut value: u32, width: u32) -> fmt::Result {
        let start = self.len;
        let width = usize::try_from(width).map_err(|_| fmt::Error)?;
        let end = start.checked_add(width).ok_or(fmt::Error)?;
        for slot in self
            .buf
            .get_mut(start..end)
            .ok_or(fmt::Error)?
            .iter_mut()
            .rev()
        {
            // value % 10 < 10, so the cast and the add cannot overflow.
            *slot = b'0'.wrapping_add((value % 10) as u8);
            value /= 10;
        }
        self.len = end;
        Ok(())
    }

    /// Writes an integer of up to 27 digits, in 9-digit groups.
    fn push_integer(&mut self, value: u128) -> fmt::Result {
        let (high, low) = wide::div_rem_pow10(value, 9);
        let low = u32::try_from(low).map_err(|_| fmt::Error)?;
        if high == 0 {
            return self.push_leading(low);
        }
        let (top, middle) = wide::div_rem_pow10(high, 9);
        let middle = u32::try_from(middle).map_err(|_| fmt::Error)?;
        if top == 0 {
            self.push_leading(middle)?;
        } else {
            self.push_leading(u32::try_from(top).map_err(|_| fmt::Error)?)?;
            self.push_padded(middle, 9)?;
        }
        self.push_padded(low, 9)
    }

    /// Writes a value below 10⁹ without leading zeros ("0" for zero).
    fn push_leading(&mut self, value: u32) -> fmt::Result {
        let width = value.checked_ilog10().unwrap_or(0).saturating_add(1);
        self.push_padded(value, width)
    }

    fn as_str(&self) -> Result<&str, fmt::Error> {
        let bytes = self.buf.get(..self.len).ok_or(fmt::Error)?;
        core::str::from_utf8(bytes).map_err(|_| fmt::Error)
    }
}

impl PartialEq<i64> for Decimal {
    fn eq(&self, other: &i64) -> bool {
        *self == Decimal::from_int(*other)
    }
}

impl PartialOrd<i64> for Decimal {
    fn partial_cmp(&self, other: &i64) -> Option<Ordering> {
        Some(self.cmp(&Decimal::from_int(*other)))
    }
}

impl From<i32> for Decimal {
    fn from(value: i32) -> Self {
        Decimal::from_int(i64::from(value))
    }
}

impl From<i64> for Decimal {
    fn from(value: i64) -> Self {
        Decimal::from_int(value)
    }
}

impl From<u32> for Decimal {
    fn from(value: u32) -> Self {
        Decimal::from_int(i64::from(value))
    }
}

#[cfg(feature = "serde")]
mod serde_impl {
    use super::Decimal;
    use core::fmt::{self, Write};

    /// A stack string a `Display` can write into, for string
    /// serialization without allocation.
    pub(crate) type StackString<const N: usize> = heapless::String<N>;

    /// A string in human-readable formats (JSON, TOML), so no reader sees a
    /// float; the exact nano count (`i128`) in binary formats (postcard,
    /// bincode), where there is no float to fear and formatting is wasted.
    impl serde::Serialize for Decimal {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            if !serializer.is_human_readable() {
                return serializer.serialize_i128(self.nanos());
            }
            let mut text = StackString::<64>::new();
            write!(text, "{self}").map_err(serde::ser::Error::custom)?;
            serializer.serialize_str(text.as_str())
        }
    }

    impl<'de> serde::Deserialize<'de> for Decimal {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl serde::de::Visitor<'_> for Visitor {
                type Value = Decimal;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a decimal string such as \"1234.50\"")
                }
                fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Decimal, E> {
                    v.parse().map_err(E::custom)
                }
            }
            if !deserializer.is_human_readable() {
                let nanos = <i128 as serde::Deserialize>::deserialize(deserializer)?;
                return Decimal::from_nanos(nanos).map_err(serde::de::Error::custom);
            }
            deserializer.deserialize_str(Visitor)
        }
    }
}

#[cfg(feature = "serde")]
pub(crate) use serde_impl::StackString;

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::format;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn precision_pads_with_zeros_to_the_digit_asked_for() {
        // The value is exact: every digit past the ninth is zero.
        assert_eq!(format!("{:.20}", d("1.5")), "1.50000000000000000000");
        assert_eq!(
            format!("{:.20}", d("-0.123456789")),
            "-0.12345678900000000000"
        );
        assert_eq!(format!("{:.40}", Decimal::ZERO).len(), 42);
        assert_eq!(format!("{:.2}", d("1234.5")), "1234.50");
        // A precision is a minimum: it never rounds digits away.
        assert_eq!(format!("{:.1}", d("1.005")), "1.005");
        assert_eq!(format!("{:.0}", d("7")), "7");
    }

    #[test]
    fn width_fill_sign_and_zero_flag_apply_to_the_padded_digits() {
        assert_eq!(format!("{:>12.3}", d("-1.5")), "      -1.500");
        assert_eq!(format!("{:<8}|", d("2.25")), "2.25    |");
        assert_eq!(format!("{:*^9}", d("2.5")), "***2.5***");
        assert_eq!(format!("{:+010.2}", d("3.5")), "+000003.50");
        assert_eq!(format!("{:08.12}", d("-1")), "-1.000000000000");
        assert_eq!(
            format!("{}", Decimal::MAX),
            "999999999999999999999999999.999999999"
        );
    }

    proptest::proptest! {
        /// The 64-bit fast path of `mul_round` agrees with the general one
        /// at every place and in every mode, where it answers; and it
        /// answers for every product below 2⁶⁴ nanos.
        #[test]
        fn rate_fast_path_equals_the_general_product(
            // Amounts up to a billion units, where the fast path answers,
            // and any 64-bit count, where it mostly declines.
            a in proptest::prop_oneof![0u64..=10u64.pow(18), proptest::num::u64::ANY],
            b in 0u64..=u64::MAX / NANOS_PER_UNIT,
            places in 0u32..=SCALE,
            mode in proptest::sample::select(&crate::ALL_ROUNDING_MODES[..]),
        ) {
            let general = mul_magnitudes_wide(u128::from(a), u128::from(b))
                .and_then(|exact| exact.round(false, places, mode));
            match mul_round_u64(a, b, places, mode) {
                Some(fast) => proptest::prop_assert_eq!(Ok(fast), general),
                None => proptest::prop_assert!(
                    u128::from(a) * u128::from(b) / UNIT > u128::from(u64::MAX) - UNIT
                ),
            }
        }
    }

    proptest::proptest! {
        /// Rounding on 64 bits agrees with the general rounding at every
        /// place, in every mode, on both signs and either side of 2⁶⁴.
        #[test]
        fn rounding_on_64_bits_equals_the_general_rounding(
            nanos in proptest::prop_oneof![
                -(1i128 << 64)..(1i128 << 64),
                -(MAX_MAGNITUDE as i128)..=(MAX_MAGNITUDE as i128),
            ],
            places in 0u32..=SCALE,
            mode in proptest::sample::select(&crate::ALL_ROUNDING_MODES[..]),
        ) {
            let x = Decimal::from_nanos(nanos).unwrap();
            let general = Exact::integral(nanos.unsigned_abs()).round(x.is_negative(), places, mode);
            proptest::prop_assert_eq!(x.round(places, mode), general);
        }
    }

    proptest::proptest! {
        /// The whole-capacity fast path of `div_round` agrees with the
        /// general quotient in every mode.
        #[test]
        fn whole_divisor_fast_path_equals_the_general_quotient(
            a in 0i128..=i128::from(u64::MAX),
            units in 1i64..=1_000_000,
            mode in proptest::sample::select(&crate::ALL_ROUNDING_MODES[..]),
        ) {
            let (value, per) = (Decimal::from_nanos(a).unwrap(), Decimal::from_int(units));
            proptest::prop_assert_eq!(
                value.div_round(per, SCALE, mode),
                value.div_round_general(per, SCALE, mode)
            );
        }
    }

    #[test]
    fn whole_units_are_the_ceiling_of_a_positive_value() {
        assert_eq!(d("35.000000001").ceil_units(), Ok(36));
        assert_eq!(d("35").ceil_units(), Ok(35));
        assert_eq!(d("0.000000001").ceil_units(), Ok(1));
        assert_eq!(d("-3.5").ceil_units(), Ok(0));
        assert_eq!(
            d("18446744073709551615.5").ceil_units(),
            Err(ErrorKind::Overflow)
        );
        assert_eq!(d("18446744073709551615").ceil_units(), Ok(u64::MAX));
    }
}
