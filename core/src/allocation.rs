//! Splitting an amount into shares that always add up to the whole.
//!
//! Rounding each share on its own loses or invents cents (6.45 × 30% + 6.45 ×
//! 70% rounds to 1.94 + 4.52 = 6.46). The largest-remainder rule takes every
//! exact share down to the minor unit and hands the leftover minor units, one
//! each, to the shares with the largest remainders, ties to the earlier share.
//! Every part is then within one minor unit of its exact share and the parts
//! sum exactly to the whole.

use crate::limits::MAX_ALLOCATION_PARTS;
use heapless::Vec;

use crate::currency::Currency;
use crate::decimal::Decimal;
use crate::error::{Error, ErrorKind, ResultExt};
use crate::money::Money;
use crate::wide;

/// Splits `total` in proportion to `weights` into `out[..weights.len()]`.
///
/// Weights are any non-negative decimals with a positive sum: fractions
/// (`0.30`, `0.70`), percentages (`30`, `70`) or counts (`1`, `1`, `1`).
/// `total` must be in whole minor units of its currency; a negative total
/// splits into negative parts of the same magnitudes.
///
/// ```
/// use salesphysics_core::{allocate, Currency, Decimal, Money};
///
/// let total = Money::parse("6.45", Currency::USD)?;
/// let weights = ["0.30".parse::<Decimal>()?, "0.70".parse()?];
/// let mut parts = [Money::zero(Currency::USD); 2];
/// allocate(total, &weights, &mut parts)?;
/// assert_eq!(parts.map(|p| p.to_string()), ["1.94 USD", "4.51 USD"]);
/// # Ok::<(), salesphysics_core::Error>(())
/// ```
pub fn allocate(total: Money, weights: &[Decimal], out: &mut [Money]) -> Result<(), Error> {
    if weights.is_empty() {
        return Err(Error::from(ErrorKind::Empty).at("weights"));
    }
    if weights.len() > MAX_ALLOCATION_PARTS {
        return Err(Error::from(ErrorKind::TooMany {
            max: MAX_ALLOCATION_PARTS as u32,
        })
        .at("weights"));
    }
    let parts = out
        .get_mut(..weights.len())
        .ok_or(ErrorKind::BufferTooSmall {
            needed: weights.len() as u32,
        })
        .at("out")?;
    let minor = total.to_minor_units().at("total")?;
    let mut weight_sum: u128 = 0;
    for (i, weight) in weights.iter().enumerate() {
        if weight.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at_index("weights", i));
        }
        weight_sum = weight_sum
            .checked_add(weight.nanos().unsigned_abs())
            .ok_or(ErrorKind::Overflow)
            .at("weights")?;
    }
    if weight_sum == 0 {
        return Err(Error::from(ErrorKind::DivisionByZero).at("weights"));
    }

    split(minor, weight_sum, weights, total.currency(), parts).at("total")
}

/// The largest-remainder split of `minor` minor units (weights validated,
/// `weight_sum > 0`). Every failure here concerns the total's size, so it
/// works on bare [`ErrorKind`]s and the caller names the field once.
fn split(
    minor: i128,
    weight_sum: u128,
    weights: &[Decimal],
    currency: Currency,
    parts: &mut [Money],
) -> Result<(), ErrorKind> {
    let whole = minor.unsigned_abs();
    // Exact shares in minor units: floor and remainder (over weight_sum).
    let mut shares: Vec<(u128, u128), MAX_ALLOCATION_PARTS> = Vec::new();
    let mut handed_out: u128 = 0;
    let divisor = wide::Divisor::new(weight_sum);
    for weight in weights {
        let share = divisor
            .mul_div_rem(whole, weight.nanos().unsigned_abs())
            .ok_or(ErrorKind::Overflow)?;
        handed_out = handed_out.saturating_add(share.0);
        // The caller checked the count against the capacity.
        shares.push(share).map_err(|_| ErrorKind::Overflow)?;
    }

    // Fewer than `weights.len()` minor units are left, since each floor lost
    // less than one. Share i gets one iff fewer than `leftover` shares rank
    // before it by (remainder descending, index ascending).
    let leftover = usize::try_from(whole.saturating_sub(handed_out)).unwrap_or(usize::MAX);
    let minor_unit = Decimal::new(1, currency.minor_units())?.nanos();
    for (i, (part, &(floor, mine))) in parts.iter_mut().zip(&shares).enumerate() {
        let gets_one = leftover > 0
            && shares
                .iter()
                .enumerate()
                .filter(|&(j, &(_, theirs))| theirs > mine || (theirs == mine && j < i))
                .take(leftover)
                .count()
                < leftover;
        let bonus = u128::from(gets_one);
        // A part never exceeds the whole, so part × minor unit ≤ |total|:
        // the conversion and the multiplication cannot overflow.
        let magnitude = i128::try_from(floor.saturating_add(bonus)).unwrap_or(i128::MAX);
        let nanos = magnitude.saturating_mul(minor_unit);
        let nanos = if minor.is_negative() {
            nanos.wrapping_neg()
        } else {
            nanos
        };
        *part = Money::new(Decimal::from_nanos(nanos)?, currency);
    }
    Ok(())
}
