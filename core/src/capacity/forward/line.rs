//! One line of a forward plan: the people of one role in one segment —
//! who is on board, who is hired when, how they ramp, leave and are
//! replaced, what they sell and what they cost.

use crate::capacity::forward::ratio::half_even;
use crate::capacity::ramp::Ramp;
use crate::error::{Error, ErrorKind, ResultExt};
use crate::limits::{MAX_HIRING_LEAD_MONTHS, MAX_SEGMENTS, MAX_STARTING_TENURE_MONTHS};
use crate::{days_in_month, Currency, Decimal, Money, Role};

/// People hired into a line: `count` start on `day` of plan month `month`
/// (0 = the first month). The first month is tenure month 0, prorated by the
/// days on board: a hire on day 16 of a 30-day month is paid and productive
/// for 15/30 of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Hire {
    /// Plan month of the first day (0-based).
    pub month: u32,
    /// Day of the month of the first day, from 1.
    pub day: u32,
    /// People (fractional for expected values), not negative.
    pub count: Decimal,
}

/// People already on board when the plan starts, with the whole months of
/// tenure they have completed: in plan month 0 they are in tenure month
/// `tenure_months`, so a starting team is not assumed fully ramped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Tenured {
    /// People, not negative.
    pub count: Decimal,
    /// Whole months completed before the plan starts, at most
    /// [`MAX_STARTING_TENURE_MONTHS`].
    pub tenure_months: u32,
}

/// How a line's people leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Attrition {
    /// Nobody leaves.
    #[default]
    None,
    /// Everyone on board during a month, whatever their tenure, leaves with
    /// the monthly hazard `1 − (1 − annual)^(1/12)`
    /// ([`crate::capacity::monthly_hazard`]); departures are expected
    /// (fractional) people.
    Hazard {
        /// Fraction leaving per year, in `[0, 1)`.
        annual: Decimal,
    },
    /// At the end of each tenure year `n ≥ from_year` (the last day of
    /// tenure month `12n − 1`) the fraction `rate` of the cohort still on
    /// board leaves: reps who stay through the first year and leave at
    /// anniversaries (vesting, plan resets).
    Anniversary {
        /// Fraction of the cohort leaving at each such anniversary, in `[0, 1]`.
        rate: Decimal,
        /// First anniversary with departures, from 1.
        from_year: u32,
    },
}

/// What one person of a line costs. A person is paid for every day on
/// board; someone who leaves in a month is paid for that month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct CostTerms {
    /// Salary and benefits of one person for one month (the fixed part of
    /// the OTE), not negative.
    pub monthly_cost: Money,
    /// Support overhead (SEs, managers, recruiting) as a fraction of
    /// `monthly_cost`, not negative (`0.25` = 25 %).
    pub overhead: Decimal,
    /// Tools and seats per person per month, not negative.
    pub tools_monthly: Money,
    /// Commission (the variable part of the OTE) as a fraction of the ARR
    /// the line books, paid in the month booked, not negative.
    pub commission_rate: Decimal,
}

/// One `(role, segment)` line of a forward plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ForwardLine<'a> {
    /// The role.
    pub role: Role,
    /// The segment (tier), below [`MAX_SEGMENTS`].
    pub segment: u32,
    /// How a hire becomes productive; tenure month 0 is the first (possibly
    /// partial) month, so `Ramp::Linear { months: 3 }` gives 1/3, 2/3, 1 —
    /// the convention of `saas-metrics` (month 1 = 1/ramp).
    pub ramp: Ramp<'a>,
    /// How people leave.
    pub attrition: Attrition,
    /// `Some(lead)`: everyone who leaves in month `m` is replaced by a hire
    /// starting on the first day of month `m + 1 + lead`, who ramps from
    /// tenure month 0; `None`: leavers are not replaced.
    pub backfill_lead_months: Option<u32>,
    /// People on board at the start.
    pub starting_staff: &'a [Tenured],
    /// Planned hires. With the starting staff, less than 2⁶⁴ nanos of people
    /// (18.4 billion) in all, or the plan fails with `Overflow` at the count
    /// that passes the bound.
    pub hires: &'a [Hire],
    /// New ARR one fully ramped person is expected to book per year (zero
    /// for roles without a quota).
    pub annual_quota: Money,
    /// Fraction of quota booked, not negative (`0.8` = 80 %).
    pub attainment: Decimal,
    /// What a person costs.
    pub cost: CostTerms,
}

impl Attrition {
    /// Checks the rates.
    pub fn validate(&self) -> Result<(), Error> {
        match *self {
            Attrition::None => {}
            Attrition::Hazard { annual } => {
                if annual.is_negative() || annual >= Decimal::ONE {
                    return Err(Error::from(ErrorKind::OutOfRange).at("annual"));
                }
            }
            Attrition::Anniversary { rate, from_year } => {
                if rate.is_negative() || rate > Decimal::ONE {
                    return Err(Error::from(ErrorKind::OutOfRange).at("rate"));
                }
                if from_year == 0 {
                    return Err(Error::from(ErrorKind::NotPositive).at("from_year"));
                }
            }
        }
        Ok(())
    }
}

impl CostTerms {
    /// Checks currencies and signs.
    pub fn validate(&self, currency: Currency) -> Result<(), Error> {
        for (money, name) in [
            (self.monthly_cost, "monthly_cost"),
            (self.tools_monthly, "tools_monthly"),
        ] {
            money.expect_currency(currency).at(name)?;
            if money.is_negative() {
                return Err(Error::from(ErrorKind::Negative).at(name));
            }
        }
        for (rate, name) in [
            (self.overhead, "overhead"),
            (self.commission_rate, "commission_rate"),
        ] {
            if rate.is_negative() {
                return Err(Error::from(ErrorKind::Negative).at(name));
            }
        }
        Ok(())
    }
}

impl ForwardLine<'_> {
    /// Checks the line of a plan in `currency` running `months` months from
    /// `(year, month)`.
    pub fn validate(
        &self,
        currency: Currency,
        year: i32,
        first_month: u32,
        months: u32,
    ) -> Result<(), Error> {
        if usize::try_from(self.segment).map_or(true, |s| s >= MAX_SEGMENTS) {
            return Err(Error::from(ErrorKind::OutOfRange).at("segment"));
        }
        self.ramp.validate().at("ramp")?;
        self.attrition.validate().at("attrition")?;
        if self
            .backfill_lead_months
            .is_some_and(|lead| lead > MAX_HIRING_LEAD_MONTHS)
        {
            return Err(Error::from(ErrorKind::OutOfRange).at("backfill_lead_months"));
        }
        for (i, staff) in self.starting_staff.iter().enumerate() {
            if staff.count.is_negative() {
                return Err(Error::from(ErrorKind::Negative)
                    .at("count")
                    .at_index("starting_staff", i));
            }
            if staff.tenure_months > MAX_STARTING_TENURE_MONTHS {
                return Err(Error::from(ErrorKind::OutOfRange)
                    .at("tenure_months")
                    .at_index("starting_staff", i));
            }
        }
        for (i, hire) in self.hires.iter().enumerate() {
            hire.validate(year, first_month, months)
                .at_index("hires", i)?;
        }
        self.annual_quota
            .expect_currency(currency)
            .at("annual_quota")?;
        if self.annual_quota.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("annual_quota"));
        }
        if self.attainment.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("attainment"));
        }
        self.cost.validate(currency).at("cost")
    }
}

impl Hire {
    /// Checks the month lies in the plan and the day in that month.
    pub fn validate(&self, year: i32, first_month: u32, months: u32) -> Result<(), Error> {
        if self.month >= months {
            return Err(Error::from(ErrorKind::OutOfRange).at("month"));
        }
        let (y, m) = calendar_month(year, first_month, self.month).at("month")?;
        if self.day == 0 || self.day > days_in_month(y, m) {
            return Err(Error::from(ErrorKind::InvalidDate).at("day"));
        }
        if self.count.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("count"));
        }
        Ok(())
    }

    /// The people of this hire missing from its first month, in person-months:
    /// `count × (day − 1) ÷ days`, rounded once half-even to 9 places, in
    /// nanos (the 10⁹ of two whole numbers cancel: one small division, not
    /// a general ratio). `count` is this hire's validated count in nanos.
    #[inline]
    pub(crate) fn missed(&self, count: u64, days: u32) -> Result<u64, ErrorKind> {
        let before = self.day.checked_sub(1).ok_or(ErrorKind::InvalidDate)?;
        let days = u64::from(days);
        // `count < 2⁶⁴` and `before < 31`: the product fits 128 bits.
        let product = u128::from(count).wrapping_mul(u128::from(before));
        let (whole, rest) = match u64::try_from(product) {
            // A month has 28 to 31 days: by a constant, the division is a
            // multiplication (hardware division is slow and every hire has one).
            Ok(small) => match days {
                28 => div_rem(small, 28),
                29 => div_rem(small, 29),
                30 => div_rem(small, 30),
                31 => div_rem(small, 31),
                _ => div_rem(small, days),
            },
            Err(_) => product
                .checked_div(u128::from(days))
                .zip(product.checked_rem(u128::from(days))),
        }
        .ok_or(ErrorKind::DivisionByZero)?;
        // At most `count` (the day is within the month).
        u64::try_from(half_even(whole, rest, u128::from(days))?).map_err(|_| ErrorKind::Overflow)
    }
}

/// `(x ÷ d, x mod d)`, `None` for `d = 0`; inlined so that a constant `d`
/// needs no division instruction.
#[inline(always)]
fn div_rem(x: u64, d: u64) -> Option<(u128, u128)> {
    Some((u128::from(x.checked_div(d)?), u128::from(x.checked_rem(d)?)))
}

/// The calendar `(year, month)` of plan month `offset` for a plan starting
/// in `(year, first_month)`.
pub(crate) fn calendar_month(
    year: i32,
    first_month: u32,
    offset: u32,
) -> Result<(i32, u32), ErrorKind> {
    let index = first_month
        .checked_sub(1)
        .and_then(|m| m.checked_add(offset))
        .ok_or(ErrorKind::OutOfRange)?;
    let years = i32::try_from(index / 12).map_err(|_| ErrorKind::Overflow)?;
    let y = year.checked_add(years).ok_or(ErrorKind::Overflow)?;
    Ok((y, (index % 12).wrapping_add(1)))
}
