//! The fiscal calendar a plan year, its quarters and months are counted on.
//!
//! Two families, as ICM products and retailers write them:
//!
//! - **Month-based**: the fiscal year starts on the first of any month (a
//!   July–June year starts in July) and its months and quarters are
//!   calendar months, three to a quarter. The default, January, is the
//!   calendar year, so plans written without a calendar keep their meaning.
//! - **Week-based** (4-4-5, 4-5-4, 5-4-4): the year ends on a given weekday
//!   — the last one of the month before the start month, or the one
//!   nearest that month's end — so every year is 52 whole weeks, or 53.
//!   Each quarter is 13 weeks split into months by the pattern; the 53rd
//!   week joins the last month. The NRF retail calendar is 4-5-4, ending
//!   on the Saturday nearest the end of January (start month February).
//!
//! A fiscal year is named by the calendar year its nominal start month
//! falls in (NRF "fiscal 2024" starts in February 2024).

use crate::{Date, Error, ErrorKind, Period};

/// The period a quota (and attainment, gates, caps, bonuses) is counted over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum QuotaPeriod {
    /// Month of the plan's fiscal calendar (the thread's "pay monthly,
    /// close to the behaviour").
    Month,
    /// Quarter of the plan's fiscal calendar.
    Quarter,
    /// The plan year.
    Year,
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Weekday {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl Weekday {
    /// Days after Monday.
    fn number(self) -> i32 {
        match self {
            Weekday::Monday => 0,
            Weekday::Tuesday => 1,
            Weekday::Wednesday => 2,
            Weekday::Thursday => 3,
            Weekday::Friday => 4,
            Weekday::Saturday => 5,
            Weekday::Sunday => 6,
        }
    }
}

/// How many weeks each month of a quarter has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum WeekPattern {
    /// 4, 4 and 5 weeks.
    FourFourFive,
    /// 4, 5 and 4 weeks (the NRF retail calendar).
    FourFiveFour,
    /// 5, 4 and 4 weeks.
    FiveFourFour,
}

impl WeekPattern {
    /// Weeks of the quarter before month `month` (0, 1, 2) of the quarter.
    fn weeks_before(self, month: u32) -> i32 {
        let weeks: [i32; 3] = match self {
            WeekPattern::FourFourFive => [4, 4, 5],
            WeekPattern::FourFiveFour => [4, 5, 4],
            WeekPattern::FiveFourFour => [5, 4, 4],
        };
        weeks.iter().take(usize::try_from(month).unwrap_or(0)).sum()
    }
}

/// Which weekday ends a week-based fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum YearEnd {
    /// The last such weekday of the month before the start month.
    LastInMonth,
    /// The such weekday nearest the last day of the month before the start
    /// month (up to three days into the start month; NRF's rule).
    NearestMonthEnd,
}

/// The week layout of a 4-4-5-style fiscal calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Weeks {
    /// Weeks per month within each quarter.
    pub pattern: WeekPattern,
    /// The weekday the year (and every week) ends on.
    pub ends_on: Weekday,
    /// Which such weekday ends the year.
    pub year_end: YearEnd,
}

/// The fiscal calendar quota periods are counted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct FiscalCalendar {
    /// The month the fiscal year starts in (1 = January, the calendar year).
    pub start_month: u32,
    /// Week-based months and quarters; `None`: calendar months.
    #[cfg_attr(feature = "serde", serde(default))]
    pub weeks: Option<Weeks>,
}

impl Default for FiscalCalendar {
    fn default() -> FiscalCalendar {
        FiscalCalendar::CALENDAR_YEAR
    }
}

impl FiscalCalendar {
    /// January to December in calendar months.
    pub const CALENDAR_YEAR: FiscalCalendar = FiscalCalendar {
        start_month: 1,
        weeks: None,
    };

    /// The NRF 4-5-4 retail calendar: the year ends on the Saturday nearest
    /// the end of January.
    pub const NRF: FiscalCalendar = FiscalCalendar {
        start_month: 2,
        weeks: Some(Weeks {
            pattern: WeekPattern::FourFiveFour,
            ends_on: Weekday::Saturday,
            year_end: YearEnd::NearestMonthEnd,
        }),
    };

    /// Checks the start month; the error names the field.
    pub fn validate(&self) -> Result<(), Error> {
        if !(1..=12).contains(&self.start_month) {
            return Err(Error::from(ErrorKind::OutOfRange).at("start_month"));
        }
        Ok(())
    }

    /// The fiscal year named `year` (see the module docs).
    pub fn year(&self, year: i32) -> Result<Period, ErrorKind> {
        let next = year.checked_add(1).ok_or(ErrorKind::InvalidDate)?;
        Period::new(self.start_of(year)?, self.start_of(next)?.add_days(-1)?)
    }

    /// The fiscal year containing `date`.
    pub fn year_of(&self, date: Date) -> Result<Period, ErrorKind> {
        if self.weeks.is_none() {
            // Whole months: the year named by the calendar year its start
            // month falls in (every credit line asks, so no search).
            let year = if date.month() >= self.start_month {
                Some(date.year())
            } else {
                date.year().checked_sub(1)
            };
            return self.year(year.ok_or(ErrorKind::InvalidDate)?);
        }
        let year = date.year();
        // A fiscal year starts less than a year and a week before or after
        // the calendar year of its date.
        for candidate in [year.checked_sub(1), Some(year), year.checked_add(1)]
            .into_iter()
            .flatten()
        {
            let fiscal = self.year(candidate)?;
            if fiscal.contains(date) {
                return Ok(fiscal);
            }
        }
        Err(ErrorKind::InvalidDate)
    }

    /// The quota period (fiscal month, quarter or year) containing `date`.
    pub fn period_of(&self, date: Date, period: QuotaPeriod) -> Result<Period, ErrorKind> {
        let year = self.year_of(date)?;
        let month = self.month_number(year, date)?;
        let (first, last) = match period {
            QuotaPeriod::Month => (month, month),
            QuotaPeriod::Quarter => {
                let first = month.checked_div(3).ok_or(ErrorKind::Overflow)?;
                let first = first.checked_mul(3).ok_or(ErrorKind::Overflow)?;
                (first, first.checked_add(2).ok_or(ErrorKind::Overflow)?)
            }
            QuotaPeriod::Year => (0, 11),
        };
        let start = self.month_start(year, first)?;
        let end = match last.checked_add(1).filter(|next| *next < 12) {
            Some(next) => self.month_start(year, next)?.add_days(-1)?,
            None => year.last(),
        };
        Period::new(start, end)
    }

    /// The 0-based number of the quota period containing `date` in its
    /// fiscal year; 0 if the date is outside the calendar's range (a
    /// validated plan's dates never are).
    pub fn period_index(&self, date: Date, period: QuotaPeriod) -> usize {
        let month = match self.weeks {
            None => self.whole_month_number(date),
            Some(_) => self
                .year_of(date)
                .and_then(|year| self.month_number(year, date))
                .unwrap_or(0),
        };
        let index = match period {
            QuotaPeriod::Month => month,
            QuotaPeriod::Quarter => month.checked_div(3).unwrap_or(0),
            QuotaPeriod::Year => 0,
        };
        usize::try_from(index).unwrap_or(0)
    }

    /// The first day of fiscal year `year`.
    fn start_of(&self, year: i32) -> Result<Date, ErrorKind> {
        let nominal = Date::new(year, self.start_month, 1)?;
        let Some(weeks) = self.weeks else {
            return Ok(nominal);
        };
        // The year before ends on the anchored weekday at the end of the
        // month before `nominal`.
        let month_end = nominal.add_days(-1)?;
        let behind = weekday(month_end)
            .checked_sub(weeks.ends_on.number())
            .and_then(|d| d.checked_rem_euclid(7))
            .ok_or(ErrorKind::Overflow)?;
        let end = match weeks.year_end {
            YearEnd::NearestMonthEnd if behind > 3 => {
                month_end.add_days(7i32.checked_sub(behind).ok_or(ErrorKind::Overflow)?)?
            }
            _ => month_end.add_days(behind.checked_neg().ok_or(ErrorKind::Overflow)?)?,
        };
        end.add_days(1)
    }

    /// The first day of month `month` (0-based) of fiscal year `year`.
    fn month_start(&self, year: Period, month: u32) -> Result<Date, ErrorKind> {
        let Some(weeks) = self.weeks else {
            let first = year.first();
            let zero_based = first.month().checked_sub(1).ok_or(ErrorKind::InvalidDate)?;
            let months = zero_based.checked_add(month).ok_or(ErrorKind::Overflow)?;
            let carry = i32::try_from(months / 12).map_err(|_| ErrorKind::Overflow)?;
            let calendar_year = first.year().checked_add(carry).ok_or(ErrorKind::Overflow)?;
            return Date::new(calendar_year, (months % 12).saturating_add(1), 1);
        };
        let quarter = i32::try_from(month / 3).map_err(|_| ErrorKind::Overflow)?;
        let days = quarter
            .checked_mul(13)
            .and_then(|w| w.checked_add(weeks.pattern.weeks_before(month % 3)))
            .and_then(|w| w.checked_mul(7))
            .ok_or(ErrorKind::Overflow)?;
        year.first().add_days(days)
    }

    /// The 0-based fiscal month of `date` in fiscal year `year`.
    fn month_number(&self, year: Period, date: Date) -> Result<u32, ErrorKind> {
        if self.weeks.is_none() {
            return Ok(self.whole_month_number(date));
        }
        let mut month = 11u32;
        while month > 0 && self.month_start(year, month)? > date {
            month = month.saturating_sub(1);
        }
        Ok(month)
    }

    /// The 0-based fiscal month of `date` on a calendar of whole months:
    /// its calendar month counted from the start month.
    fn whole_month_number(&self, date: Date) -> u32 {
        date.month()
            .checked_add(12)
            .and_then(|m| m.checked_sub(self.start_month))
            .and_then(|m| m.checked_rem(12))
            .unwrap_or(0)
    }
}

/// Days after Monday of `date`'s weekday (1970-01-01 was a Thursday).
fn weekday(date: Date) -> i32 {
    date.days_since_epoch()
        .checked_add(3)
        .and_then(|d| d.checked_rem_euclid(7))
        .unwrap_or(0)
}
