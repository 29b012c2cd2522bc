//! From a revenue goal to the new MRR needed each month, and back.
//!
//! The seed's "78" rule: one unit of new MRR booked every month of a
//! 12-month year and never lost bills 1 + 2 + … + 12 = 78 unit-months in the
//! year, so an in-year revenue goal divided by 78 is the new MRR needed each
//! month. This file generalizes the count ("compounded months") to any
//! horizon, the three billing conventions, monthly churn and bookings in only
//! some months; with churn `c` and `r = 1 − c` the sum equals the closed
//! form `T − r(1 − rᵀ)/(1 − r)` over `(1 − r)` (booking every month, billed
//! from the booking month). Powers of `r` are exact integer products carried
//! at 18 fractional digits, one multiplication per month, and the result is
//! rounded once to 9: no floats, and no drift visible at 9 digits.

use crate::error::{Error, ErrorKind, ResultExt};
use crate::funnel::model::check_fraction;
use crate::limits::MAX_GOAL_MONTHS;
use crate::{Decimal, Money, RoundingMode};

/// What a goal amount means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum GoalMeaning {
    /// Revenue recognized (billed) within the horizon: the "78" rule.
    RecognizedRevenue,
    /// Annual run rate at the end of the horizon: 12 × ending MRR from the
    /// horizon's bookings (new MRR × 144 for twelve bookings and no churn).
    ExitArr,
    /// The new MRR to book in each booking month, as given.
    NewMrrPerMonth,
}

/// When a booked customer starts paying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Billing {
    /// Billed in full from the month it is booked (the "78" convention).
    FromBookingMonth,
    /// Billed from the month after the booking (1 + … + 11 = 66 a year).
    FromNextMonth,
    /// Half of the booking month is billed, then full months (72 a year).
    HalfFirstMonth,
}

/// The calendar a goal is measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RevenueBasis<'a> {
    /// Months in the horizon (12 for a year), `1..=MAX_GOAL_MONTHS`.
    pub horizon_months: u32,
    /// When bookings start to bill.
    pub billing: Billing,
    /// Fraction of MRR lost at the end of every billed month, in `[0, 1)`.
    pub monthly_churn: Decimal,
    /// Months (1-based, strictly increasing, within the horizon) in which
    /// new MRR is booked; empty means every month. A rep who starts in
    /// July books in `[7, 8, 9, 10, 11, 12]`.
    pub booking_months: &'a [u32],
}

impl RevenueBasis<'_> {
    /// Checks horizon, churn and booking months.
    pub fn validate(&self) -> Result<(), Error> {
        if self.horizon_months == 0 {
            return Err(Error::from(ErrorKind::Empty).at("horizon_months"));
        }
        if usize::try_from(self.horizon_months).map_or(true, |h| h > MAX_GOAL_MONTHS) {
            return Err(Error::from(ErrorKind::TooMany {
                max: MAX_GOAL_MONTHS as u32,
            })
            .at("horizon_months"));
        }
        check_fraction(self.monthly_churn).at("monthly_churn")?;
        if self.monthly_churn == Decimal::ONE {
            return Err(Error::from(ErrorKind::OutOfRange).at("monthly_churn"));
        }
        let mut previous = 0u32;
        for (i, &month) in self.booking_months.iter().enumerate() {
            if month == 0 || month > self.horizon_months {
                return Err(Error::from(ErrorKind::OutOfRange).at_index("booking_months", i));
            }
            if month <= previous {
                return Err(Error::from(ErrorKind::Invalid(
                    "booking months must be strictly increasing",
                ))
                .at_index("booking_months", i));
            }
            previous = month;
        }
        Ok(())
    }

    /// Whether new MRR is booked in `month` (1-based).
    pub fn books_in(&self, month: u32) -> bool {
        self.booking_months.is_empty() || self.booking_months.binary_search(&month).is_ok()
    }

    /// Unit-months of revenue (or of exit ARR) one unit of new MRR booked in
    /// `month` (1-based) contributes to a goal of `meaning`, in units of
    /// 10⁻¹⁸ (see [`Survival`]).
    fn weight(
        &self,
        meaning: GoalMeaning,
        month: u32,
        survival: &Survival,
    ) -> Result<i128, ErrorKind> {
        let remaining = self.horizon_months.saturating_sub(month);
        match meaning {
            GoalMeaning::NewMrrPerMonth => Ok(ATTO),
            // Alive in the last month with probability r^(T − b); ×12 for ARR.
            GoalMeaning::ExitArr => survival
                .power(remaining)?
                .checked_mul(12)
                .ok_or(ErrorKind::Overflow),
            GoalMeaning::RecognizedRevenue => match self.billing {
                // Months b..T bill r⁰ … r^(T−b).
                Billing::FromBookingMonth => survival.sum(remaining.saturating_add(1)),
                // Months b+1..T bill r⁰ … r^(T−b−1).
                Billing::FromNextMonth => survival.sum(remaining),
                // Month b bills ½, months b+1..T bill r¹ … r^(T−b).
                Billing::HalfFirstMonth => survival
                    .sum(remaining.saturating_add(1))?
                    .checked_sub(ATTO / 2)
                    .ok_or(ErrorKind::Overflow),
            },
        }
    }
}

/// Nanos per unit, to rescale 10⁻¹⁸ to 10⁻⁹.
const NANOS_PER_UNIT: i128 = crate::NANOS_PER_UNIT as i128;
/// One unit in the 10⁻¹⁸ fixed point the survival curve is carried in.
const ATTO: i128 = NANOS_PER_UNIT * NANOS_PER_UNIT;

/// Powers of `r = 1 − churn` and their running sums, carried at 18
/// fractional digits (each power rounded half-even at the 18th digit, one
/// exact integer multiplication per month), so the drift over a 120-month
/// horizon stays far below the 9-digit result, which is rounded once.
struct Survival {
    powers: [i128; MAX_GOAL_MONTHS + 1],
    /// `sums[n] = r⁰ + … + r^(n−1)`.
    sums: [i128; MAX_GOAL_MONTHS + 2],
}

impl Survival {
    fn new(monthly_churn: Decimal, horizon: u32) -> Result<Self, ErrorKind> {
        // r ∈ (0, 1] in nanos; powers ≤ 10¹⁸, so power × r ≤ 10²⁷ fits i128.
        let r = Decimal::ONE.checked_sub(monthly_churn)?.nanos();
        let mut powers = [0i128; MAX_GOAL_MONTHS + 1];
        let mut sums = [0i128; MAX_GOAL_MONTHS + 2];
        let mut power = ATTO;
        let mut sum = 0i128;
        let months = usize::try_from(horizon).map_err(|_| ErrorKind::OutOfRange)?;
        for (j, (p, s)) in powers
            .iter_mut()
            .zip(sums.iter_mut().skip(1))
            .enumerate()
            .take(months.saturating_add(1))
        {
            if j > 0 {
                power = div_half_even(
                    power.checked_mul(r).ok_or(ErrorKind::Overflow)?,
                    NANOS_PER_UNIT,
                )?;
            }
            *p = power;
            sum = sum.checked_add(power).ok_or(ErrorKind::Overflow)?;
            *s = sum;
        }
        Ok(Self { powers, sums })
    }

    fn power(&self, n: u32) -> Result<i128, ErrorKind> {
        usize::try_from(n)
            .ok()
            .and_then(|n| self.powers.get(n))
            .copied()
            .ok_or(ErrorKind::OutOfRange)
    }

    fn sum(&self, n: u32) -> Result<i128, ErrorKind> {
        usize::try_from(n)
            .ok()
            .and_then(|n| self.sums.get(n))
            .copied()
            .ok_or(ErrorKind::OutOfRange)
    }
}

/// `value ÷ divisor` for non-negative `value` and positive `divisor`,
/// rounded half-even.
fn div_half_even(value: i128, divisor: i128) -> Result<i128, ErrorKind> {
    let quotient = value
        .checked_div(divisor)
        .ok_or(ErrorKind::DivisionByZero)?;
    let remainder = value
        .checked_rem(divisor)
        .ok_or(ErrorKind::DivisionByZero)?;
    let twice = remainder.checked_mul(2).ok_or(ErrorKind::Overflow)?;
    let up = twice > divisor || (twice == divisor && quotient & 1 == 1);
    if up {
        quotient.checked_add(1).ok_or(ErrorKind::Overflow)
    } else {
        Ok(quotient)
    }
}

/// A weight in 10⁻¹⁸ as a decimal rounded once, half-even, to 9 digits.
fn weight_to_decimal(weight: i128) -> Result<Decimal, ErrorKind> {
    Decimal::from_nanos(div_half_even(weight, NANOS_PER_UNIT)?)
}

/// The unit-months one unit of new MRR, booked in every booking month,
/// contributes to a goal of `meaning`: 78 for a 12-month year billed from
/// the booking month without churn, 21 for bookings in months 7–12, 144 for
/// exit ARR.
pub fn compounded_months(basis: &RevenueBasis<'_>, meaning: GoalMeaning) -> Result<Decimal, Error> {
    basis.validate()?;
    let survival = Survival::new(basis.monthly_churn, basis.horizon_months).at("monthly_churn")?;
    let mut total = 0i128;
    for month in (1..=basis.horizon_months).filter(|&m| basis.books_in(m)) {
        let weight = basis.weight(meaning, month, &survival)?;
        total = total.checked_add(weight).ok_or(ErrorKind::Overflow)?;
    }
    Ok(weight_to_decimal(total)?)
}

/// A goal: an amount, what it means and the calendar it is measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RevenueGoal<'a> {
    /// What `amount` means.
    pub meaning: GoalMeaning,
    /// The goal, non-negative.
    pub amount: Money,
    /// Horizon, billing, churn and booking months.
    pub basis: RevenueBasis<'a>,
    /// How the monthly new MRR is rounded to the currency's minor unit.
    pub rounding: RoundingMode,
}

/// The new MRR a goal needs in each booking month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct GoalPlan {
    /// The divisor: unit-months one unit of monthly new MRR contributes.
    pub compounded_months: Decimal,
    /// `amount ÷ compounded_months`, at 9 fractional digits (half-even).
    pub new_mrr_exact: Money,
    /// The same rounded once to the minor unit with the goal's rounding.
    pub new_mrr_per_month: Money,
}

/// Goal → new MRR per booking month: `amount ÷ compounded_months`.
///
/// Booking the rounded `new_mrr_per_month` meets the goal within half a
/// minor unit × `compounded_months` (±0.39 USD for 78).
pub fn plan_new_mrr(goal: &RevenueGoal<'_>) -> Result<GoalPlan, Error> {
    if goal.amount.is_negative() {
        return Err(Error::from(ErrorKind::Negative).at("amount"));
    }
    let months = compounded_months(&goal.basis, goal.meaning).at("basis")?;
    let amount = goal.amount.amount();
    let currency = goal.amount.currency();
    let exact = amount
        .div_round(months, crate::SCALE, RoundingMode::HalfEven)
        .at("amount")?;
    let rounded = amount
        .div_round(months, currency.minor_units(), goal.rounding)
        .at("amount")?;
    Ok(GoalPlan {
        compounded_months: months,
        new_mrr_exact: Money::new(exact, currency),
        new_mrr_per_month: Money::new(rounded, currency),
    })
}

/// Writes the month-by-month new MRR schedule: `new_mrr_per_month` in
/// booking months, zero in the others; `out[i]` is month `i + 1`.
pub fn new_mrr_schedule(
    basis: &RevenueBasis<'_>,
    new_mrr_per_month: Money,
    out: &mut [Money],
) -> Result<(), Error> {
    basis.validate()?;
    let months = usize::try_from(basis.horizon_months).unwrap_or(usize::MAX);
    let out = out
        .get_mut(..months)
        .ok_or(ErrorKind::BufferTooSmall {
            needed: basis.horizon_months,
        })
        .at("out")?;
    let zero = Money::zero(new_mrr_per_month.currency());
    for (month, cell) in (1u32..).zip(out.iter_mut()) {
        *cell = if basis.books_in(month) {
            new_mrr_per_month
        } else {
            zero
        };
    }
    Ok(())
}

/// Forward: what a month-by-month new MRR schedule (`new_mrr[i]` booked in
/// month `i + 1`, every month counted whatever the booking months say)
/// yields as a goal of `meaning`, at 9 fractional digits.
pub fn goal_from_schedule(
    basis: &RevenueBasis<'_>,
    meaning: GoalMeaning,
    new_mrr: &[Money],
) -> Result<Money, Error> {
    basis.validate()?;
    let first = new_mrr.first().ok_or(ErrorKind::Empty).at("new_mrr")?;
    if new_mrr.len() > usize::try_from(basis.horizon_months).unwrap_or(usize::MAX) {
        return Err(Error::from(ErrorKind::TooMany {
            max: basis.horizon_months,
        })
        .at("new_mrr"));
    }
    let survival = Survival::new(basis.monthly_churn, basis.horizon_months).at("monthly_churn")?;
    let mut total = Money::zero(first.currency());
    for (i, (month, booked)) in (1u32..).zip(new_mrr).enumerate() {
        let weight = basis
            .weight(meaning, month, &survival)
            .at_index("new_mrr", i)?;
        // `weight` nanos are the weight × 10⁹: × booked ÷ 10⁹, rounded once.
        let scaled_weight = Decimal::from_nanos(weight).at_index("new_mrr", i)?;
        let revenue = booked
            .amount()
            .mul_div_round(
                scaled_weight,
                Decimal::from_int(NANOS_PER_UNIT as i64),
                crate::SCALE,
                RoundingMode::HalfEven,
            )
            .at_index("new_mrr", i)?;
        total = total
            .checked_add(Money::new(revenue, booked.currency()))
            .at_index("new_mrr", i)?;
    }
    Ok(total)
}
