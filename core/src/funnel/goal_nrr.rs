//! The rule of 78 with expansion: a revenue goal when the installed base
//! churns *and* expands, so net revenue retention is not 1.
//!
//! With a monthly net retention factor `q = 1 − churn + expansion` (the MRR
//! bridge's rates: each month's ending MRR is its opening × `q`), one unit
//! of new MRR booked in month `b` of a `T`-month horizon bills
//! `q⁰ + q¹ + … + q^(T−b)`. Booking one unit every month and summing:
//!
//! ```text
//! C(q, T) = Σ_{n=1..T} (1 − qⁿ)/(1 − q) = (T·(1 − q) − q·(1 − q^T)) / (1 − q)²
//! ```
//!
//! (78 at `q = 1`, `T = 12`; below 78 when the base shrinks, above when it
//! grows). The other billing conventions and meanings follow from
//! `S_T = (1 − q^T)/(1 − q)`: billed from the next month `C − S_T`, half the
//! first month `C − T/2`, exit ARR `12·S_T`. A goal divided by `C` is the new
//! MRR to book each month, which is what the reverse funnel takes.
//!
//! Exactness: `q^T` is carried at 18 fractional digits (one rounding per
//! multiplication, in 256-bit intermediates), `1 − q` is exact (9 digits),
//! and the closed form divides once by `(1 − q)²` and rounds once to 9
//! digits. Where `|1 − q| < 10⁻⁴` the division would magnify the 18th-digit
//! error, so the series itself is summed (at 18 digits) instead; both
//! agree to the 9th digit wherever both apply (tested).

use crate::error::{Error, ErrorKind, ResultExt};
use crate::funnel::goal::{Billing, GoalMeaning, GoalPlan};
use crate::limits::MAX_GOAL_MONTHS;
use crate::wide;
use crate::{Decimal, Money, RoundingMode, SCALE};

/// How the installed base moves each month, as fractions of the opening MRR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct NetRetention {
    /// MRR lost (churn and contraction) per month, in `[0, 1)`.
    pub monthly_churn: Decimal,
    /// MRR added by expansion per month, in `[0, 1]`.
    pub monthly_expansion: Decimal,
}

impl NetRetention {
    /// Checks the rates.
    pub fn validate(&self) -> Result<(), Error> {
        if self.monthly_churn.is_negative() || self.monthly_churn >= Decimal::ONE {
            return Err(Error::from(ErrorKind::OutOfRange).at("monthly_churn"));
        }
        if self.monthly_expansion.is_negative() || self.monthly_expansion > Decimal::ONE {
            return Err(Error::from(ErrorKind::OutOfRange).at("monthly_expansion"));
        }
        Ok(())
    }

    /// `q = 1 − churn + expansion`: the month's ending MRR per unit opening.
    pub fn monthly_factor(&self) -> Result<Decimal, ErrorKind> {
        Decimal::ONE
            .checked_sub(self.monthly_churn)?
            .checked_add(self.monthly_expansion)
    }

    /// The annual NRR these rates compound to, `q¹²`, half-even to 9 places
    /// (exact products at each step, rounded at the 9th digit).
    pub fn annual_nrr(&self) -> Result<Decimal, ErrorKind> {
        let q = self.monthly_factor()?;
        let mut power = Decimal::ONE;
        for _ in 0..12 {
            power = power.checked_mul(q)?;
        }
        Ok(power)
    }
}

/// A goal on a net-retention basis: booking every month of the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct NrrGoal {
    /// What `amount` means.
    pub meaning: GoalMeaning,
    /// The goal, not negative.
    pub amount: Money,
    /// Months in the horizon, `1..=MAX_GOAL_MONTHS`.
    pub horizon_months: u32,
    /// When bookings start to bill.
    pub billing: Billing,
    /// Churn and expansion of booked MRR.
    pub retention: NetRetention,
    /// How the monthly new MRR is rounded to the minor unit.
    pub rounding: RoundingMode,
}

/// One unit in the 10⁻¹⁸ fixed point.
const ATTO: u128 = NANO * NANO;
/// Nanos per unit.
const NANO: u128 = crate::NANOS_PER_UNIT as u128;
/// Below this `|1 − q|` in nanos (10⁻⁴) the series is summed, not divided.
const CLOSED_FORM_MIN_NANOS: u128 = 100_000;

/// `a × b ÷ ATTO`, half-even, for values in 10⁻¹⁸.
fn mul_atto(a: u128, b: u128) -> Result<u128, ErrorKind> {
    let (quotient, remainder) = wide::mul_div_rem(a, b, ATTO).ok_or(ErrorKind::Overflow)?;
    round_up_if(quotient, remainder, ATTO)
}

/// Rounds `quotient` half-even given the remainder of a division by `divisor`.
fn round_up_if(quotient: u128, remainder: u128, divisor: u128) -> Result<u128, ErrorKind> {
    let twice = remainder.checked_mul(2).ok_or(ErrorKind::Overflow)?;
    if twice > divisor || (twice == divisor && quotient & 1 == 1) {
        quotient.checked_add(1).ok_or(ErrorKind::Overflow)
    } else {
        Ok(quotient)
    }
}

/// `C` (recognized revenue billed from the booking month) and `S_T`, in
/// 10⁻¹⁸, by the closed form or the series.
fn compounded(q_nanos: u128, horizon: u32) -> Result<(i128, i128), ErrorKind> {
    let q = q_nanos.checked_mul(NANO).ok_or(ErrorKind::Overflow)?;
    let t = u128::from(horizon);
    let gap = q_nanos.abs_diff(NANO);
    if gap < CLOSED_FORM_MIN_NANOS {
        // Σ_{n=1..T} S_n with S_n = q⁰ + … + q^(n−1).
        let (mut power, mut s, mut c) = (ATTO, 0u128, 0u128);
        for _ in 0..horizon {
            s = s.checked_add(power).ok_or(ErrorKind::Overflow)?;
            c = c.checked_add(s).ok_or(ErrorKind::Overflow)?;
            power = mul_atto(power, q)?;
        }
        return Ok((
            i128::try_from(c).map_err(|_| ErrorKind::Overflow)?,
            i128::try_from(s).map_err(|_| ErrorKind::Overflow)?,
        ));
    }
    let mut power = ATTO;
    for _ in 0..horizon {
        power = mul_atto(power, q)?;
    }
    // With d = 1 − q (exact, in nanos): S_T = (1 − q^T)/d and
    // C = (T·d − q·(1 − q^T)) / d², all signed.
    let d_nanos = i128::try_from(NANO)
        .map_err(|_| ErrorKind::Overflow)?
        .checked_sub(i128::try_from(q_nanos).map_err(|_| ErrorKind::Overflow)?)
        .ok_or(ErrorKind::Overflow)?;
    let one_minus_power = i128::try_from(ATTO)
        .map_err(|_| ErrorKind::Overflow)?
        .checked_sub(i128::try_from(power).map_err(|_| ErrorKind::Overflow)?)
        .ok_or(ErrorKind::Overflow)?;
    let q_times = signed_mul_atto(
        i128::try_from(q).map_err(|_| ErrorKind::Overflow)?,
        one_minus_power,
    )?;
    let t_d = i128::try_from(t)
        .map_err(|_| ErrorKind::Overflow)?
        .checked_mul(d_nanos)
        .and_then(|v| v.checked_mul(i128::try_from(NANO).ok()?))
        .ok_or(ErrorKind::Overflow)?;
    let numerator = t_d.checked_sub(q_times).ok_or(ErrorKind::Overflow)?;
    // C in atto = numerator_atto / (d_nanos² × 10⁻¹⁸) = numerator × 10¹⁸ / d².
    let d_squared = d_nanos
        .unsigned_abs()
        .checked_mul(d_nanos.unsigned_abs())
        .ok_or(ErrorKind::Overflow)?;
    let c = signed_ratio(numerator, ATTO, d_squared)?;
    // S_T in atto = (1 − q^T) × 10⁹ / d_nanos.
    let s = signed_ratio(one_minus_power, NANO, d_nanos.unsigned_abs())?;
    let s = if d_nanos.is_negative() {
        s.checked_neg().ok_or(ErrorKind::Overflow)?
    } else {
        s
    };
    Ok((c, s))
}

/// `a × b ÷ ATTO` for signed `a`, half-even on the magnitude.
fn signed_mul_atto(a: i128, b: i128) -> Result<i128, ErrorKind> {
    let magnitude = mul_atto(a.unsigned_abs(), b.unsigned_abs())?;
    let magnitude = i128::try_from(magnitude).map_err(|_| ErrorKind::Overflow)?;
    Ok(if a.is_negative() != b.is_negative() {
        magnitude.checked_neg().ok_or(ErrorKind::Overflow)?
    } else {
        magnitude
    })
}

/// `a × b ÷ divisor` for signed `a`, half-even on the magnitude.
fn signed_ratio(a: i128, b: u128, divisor: u128) -> Result<i128, ErrorKind> {
    let (quotient, remainder) =
        wide::mul_div_rem(a.unsigned_abs(), b, divisor).ok_or(ErrorKind::Overflow)?;
    let magnitude = i128::try_from(round_up_if(quotient, remainder, divisor)?)
        .map_err(|_| ErrorKind::Overflow)?;
    Ok(if a.is_negative() {
        magnitude.checked_neg().ok_or(ErrorKind::Overflow)?
    } else {
        magnitude
    })
}

/// A value in 10⁻¹⁸ rounded once, half-even, to a 9-digit decimal.
fn atto_to_decimal(value: i128) -> Result<Decimal, ErrorKind> {
    let magnitude = round_up_if(
        value
            .unsigned_abs()
            .checked_div(NANO)
            .ok_or(ErrorKind::DivisionByZero)?,
        value
            .unsigned_abs()
            .checked_rem(NANO)
            .ok_or(ErrorKind::DivisionByZero)?,
        NANO,
    )?;
    let nanos = i128::try_from(magnitude).map_err(|_| ErrorKind::Overflow)?;
    Decimal::from_nanos(if value.is_negative() {
        nanos.checked_neg().ok_or(ErrorKind::Overflow)?
    } else {
        nanos
    })
}

/// The unit-months one unit of new MRR booked every month contributes to a
/// goal of `meaning` when booked MRR moves by `retention` each month: 78 at
/// `q = 1` over 12 months billed from the booking month.
pub fn compounded_months_with_retention(
    horizon_months: u32,
    billing: Billing,
    retention: &NetRetention,
    meaning: GoalMeaning,
) -> Result<Decimal, Error> {
    if horizon_months == 0 {
        return Err(Error::from(ErrorKind::Empty).at("horizon_months"));
    }
    if usize::try_from(horizon_months).map_or(true, |h| h > MAX_GOAL_MONTHS) {
        return Err(Error::from(ErrorKind::TooMany {
            max: MAX_GOAL_MONTHS as u32,
        })
        .at("horizon_months"));
    }
    retention.validate().at("retention")?;
    let q = retention.monthly_factor().at("retention")?;
    let q_nanos = u128::try_from(q.nanos())
        .map_err(|_| ErrorKind::OutOfRange)
        .at("retention")?;
    let (c, s) = compounded(q_nanos, horizon_months).at("retention")?;
    let t_atto = i128::from(horizon_months)
        .checked_mul(i128::try_from(ATTO).map_err(|_| ErrorKind::Overflow)?)
        .ok_or(ErrorKind::Overflow)?;
    let value = match meaning {
        // Each booking month counts once, as in `compounded_months`.
        GoalMeaning::NewMrrPerMonth => Some(t_atto),
        GoalMeaning::ExitArr => s.checked_mul(12),
        GoalMeaning::RecognizedRevenue => match billing {
            Billing::FromBookingMonth => Some(c),
            Billing::FromNextMonth => c.checked_sub(s),
            Billing::HalfFirstMonth => {
                c.checked_sub(t_atto.checked_div(2).ok_or(ErrorKind::Overflow)?)
            }
        },
    }
    .ok_or(ErrorKind::Overflow)?;
    Ok(atto_to_decimal(value)?)
}

/// Goal → new MRR per month on a net-retention basis: `amount ÷ C`. Feed
/// `new_mrr_per_month` for every horizon month to
/// [`crate::funnel::reverse_funnel`].
pub fn plan_new_mrr_with_retention(goal: &NrrGoal) -> Result<GoalPlan, Error> {
    if goal.amount.is_negative() {
        return Err(Error::from(ErrorKind::Negative).at("amount"));
    }
    let months = compounded_months_with_retention(
        goal.horizon_months,
        goal.billing,
        &goal.retention,
        goal.meaning,
    )?;
    let currency = goal.amount.currency();
    let amount = goal.amount.amount();
    Ok(GoalPlan {
        compounded_months: months,
        new_mrr_exact: Money::new(
            amount
                .div_round(months, SCALE, RoundingMode::HalfEven)
                .at("amount")?,
            currency,
        ),
        new_mrr_per_month: Money::new(
            amount
                .div_round(months, currency.minor_units(), goal.rounding)
                .at("amount")?,
            currency,
        ),
    })
}
