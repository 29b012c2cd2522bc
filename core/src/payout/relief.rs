//! Quota relief: ramp for new hires (a share of quota by month of tenure)
//! and proration by active days for starts, exits and leave.
//!
//! A participant who works 214 of a year's 365 days carries 214/365 of the
//! annual quota (and of any draw); a new hire in their second month carries
//! the ramp share the plan sets for it. Both scale the quota, not the
//! rates: attainment is then measured against what the person could do.

use crate::limits::{MAX_LEAVES, MAX_RAMP_MONTHS};
use heapless::Vec;

use crate::compensation::{FiscalCalendar, QuotaPeriod};
use crate::{Date, Decimal, Error, ErrorKind, Money, Period, RoundingMode};

/// Employment, leave and ramp of one participant.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct QuotaRelief {
    /// From the start date to the exit date (or the plan's end), included.
    pub employment: Period,
    /// Leave taken, in date order, not overlapping; days of leave are not
    /// active days.
    #[cfg_attr(feature = "serde", serde(default))]
    pub leaves: Vec<Period, MAX_LEAVES>,
    /// The share of quota carried in tenure month 1, 2, … (the start month
    /// is month 1), each a fraction above zero (`0.25` = 25 %); later
    /// months carry 1.
    #[cfg_attr(feature = "serde", serde(default))]
    pub ramp: Vec<Decimal, MAX_RAMP_MONTHS>,
}

impl QuotaRelief {
    /// Checks leaves are sorted and disjoint and ramp shares are fractions.
    pub fn validate(&self) -> Result<(), Error> {
        let mut previous: Option<Period> = None;
        for (i, leave) in self.leaves.iter().enumerate() {
            if previous.is_some_and(|p| leave.first() <= p.last()) {
                return Err(Error::from(ErrorKind::Invalid(
                    "leaves must be in date order and not overlap",
                ))
                .at_index("leaves", i));
            }
            previous = Some(*leave);
        }
        for (i, share) in self.ramp.iter().enumerate() {
            if !share.is_positive() || *share > Decimal::ONE {
                return Err(Error::from(ErrorKind::OutOfRange).at_index("ramp", i));
            }
        }
        Ok(())
    }

    /// Days of `period` employed and not on leave.
    pub fn active_days(&self, period: Period) -> Result<u32, ErrorKind> {
        let Some(employed) = period.intersect(self.employment) else {
            return Ok(0);
        };
        let mut active = employed.days();
        for leave in &self.leaves {
            active = active
                .checked_sub(employed.active_days(*leave))
                .ok_or(ErrorKind::Overflow)?;
        }
        Ok(active)
    }

    /// `amount × active days ÷ days in period`, rounded once to the minor
    /// unit (the published proration of quotas and variable pay).
    pub fn prorate(
        &self,
        amount: Money,
        period: Period,
        mode: RoundingMode,
    ) -> Result<Money, ErrorKind> {
        crate::prorate_days(amount, self.active_days(period)?, period.days(), mode)
    }

    /// The ramp share for the tenure month containing `date` (1 before the
    /// start and after the ramp).
    pub fn ramp_share(&self, date: Date) -> Decimal {
        let start = self.employment.first();
        let months = i64::from(date.year())
            .saturating_sub(i64::from(start.year()))
            .saturating_mul(12)
            .saturating_add(i64::from(date.month()))
            .saturating_sub(i64::from(start.month()));
        usize::try_from(months)
            .ok()
            .and_then(|m| self.ramp.get(m))
            .copied()
            .unwrap_or(Decimal::ONE)
    }

    /// Whether the relief changes nothing over `period`.
    pub(crate) fn is_neutral(&self, period: Period) -> bool {
        self.ramp.is_empty()
            && self.leaves.is_empty()
            && self.employment.first() <= period.first()
            && period.last() <= self.employment.last()
    }

    /// The ramp share for the fiscal month of `calendar` starting
    /// `month_start`, counting tenure months on that calendar (the month
    /// containing the start date is month 1): under a 4-4-5 calendar a
    /// fiscal month can start in the calendar month before its own, so
    /// calendar months would miscount. On calendar months it is
    /// [`QuotaRelief::ramp_share`].
    fn fiscal_ramp_share(
        &self,
        calendar: &FiscalCalendar,
        month_start: Date,
    ) -> Result<Decimal, ErrorKind> {
        let mut month = calendar.period_of(self.employment.first(), QuotaPeriod::Month)?;
        let mut tenure = 0usize;
        while month.last() < month_start && tenure < self.ramp.len() {
            month = calendar.period_of(month.last().add_days(1)?, QuotaPeriod::Month)?;
            tenure = tenure.saturating_add(1);
        }
        Ok(self.ramp.get(tenure).copied().unwrap_or(Decimal::ONE))
    }

    /// `quota × ramp share × active days ÷ days` for the quota period
    /// `segment` of `calendar`, rounded half-even once at 9 decimals; the
    /// quota itself when no day is active (a quota must stay positive).
    pub(crate) fn relieve(
        &self,
        quota: Decimal,
        segment: Period,
        calendar: &FiscalCalendar,
    ) -> Result<Decimal, ErrorKind> {
        let active = self.active_days(segment)?;
        let share = self
            .fiscal_ramp_share(calendar, segment.first())?
            .checked_mul(Decimal::from(active))?;
        let relieved = quota.mul_div_round(
            share,
            Decimal::from(segment.days()),
            crate::SCALE,
            RoundingMode::HalfEven,
        )?;
        Ok(if relieved.is_positive() {
            relieved
        } else {
            quota
        })
    }
}
