//! Civil dates and periods, without a time zone and without allocation.
//!
//! Plans, quotas and proration count whole days; a date is the calendar day
//! on which the business recorded an event. Day arithmetic uses Howard
//! Hinnant's `days_from_civil` algorithm (proleptic Gregorian calendar).

use core::fmt;
use core::str::FromStr;

use crate::error::ErrorKind;

/// The earliest and latest years accepted: four-digit years.
const YEARS: core::ops::RangeInclusive<i32> = 1..=9999;

/// A calendar day, year 1 to 9999. Ordered by year, then month, then day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    year: i16,
    month: u8,
    day: u8,
}

impl Date {
    /// Year, month and day side by side in one integer (month and day
    /// below 2⁸), whose order is the dates' order: the engines compare
    /// every credit's date with windows and periods, and a comparison
    /// field by field branched three times.
    #[inline(always)]
    const fn key(self) -> i32 {
        ((self.year as i32) << 16) | ((self.month as i32) << 8) | self.day as i32
    }
}

impl Ord for Date {
    #[inline]
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for Date {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Whether `year` has a 29 February.
pub const fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1–12) of `year`; 0 for a month that does not exist.
pub const fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The earliest date, 0001-01-01: the date of blank placeholder lines.
    pub const MIN: Date = Date {
        year: 1,
        month: 1,
        day: 1,
    };

    /// The date `year-month-day`, if it exists.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, ErrorKind> {
        if !YEARS.contains(&year) || day == 0 || day > days_in_month(year, month) {
            return Err(ErrorKind::InvalidDate);
        }
        Ok(Date {
            year: i16::try_from(year).map_err(|_| ErrorKind::InvalidDate)?,
            month: u8::try_from(month).map_err(|_| ErrorKind::InvalidDate)?,
            day: u8::try_from(day).map_err(|_| ErrorKind::InvalidDate)?,
        })
    }

    /// The year.
    pub const fn year(&self) -> i32 {
        self.year as i32
    }

    /// The month, 1–12.
    pub const fn month(&self) -> u32 {
        self.month as u32
    }

    /// The day of the month, from 1.
    pub const fn day(&self) -> u32 {
        self.day as u32
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(&self) -> i32 {
        // Hinnant: shift the year to start in March so leap days fall last.
        // All values are bounded by the year range, far inside i32.
        let (y, m, d) = (self.year(), self.month(), self.day());
        let y = if m <= 2 { y.wrapping_sub(1) } else { y };
        let era = y.div_euclid(400);
        let year_of_era = y.rem_euclid(400);
        let shifted_month = if m > 2 {
            m.wrapping_sub(3)
        } else {
            m.wrapping_add(9)
        };
        let day_of_year = (153u32.wrapping_mul(shifted_month).wrapping_add(2) / 5)
            .wrapping_add(d)
            .wrapping_sub(1);
        let day_of_era = year_of_era
            .wrapping_mul(365)
            .wrapping_add(year_of_era / 4)
            .wrapping_sub(year_of_era / 100)
            .wrapping_add(day_of_year as i32);
        era.wrapping_mul(146_097)
            .wrapping_add(day_of_era)
            .wrapping_sub(719_468)
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i32) -> Result<Date, ErrorKind> {
        let z = days.checked_add(719_468).ok_or(ErrorKind::InvalidDate)?;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era = (day_of_era
            .wrapping_sub(day_of_era / 1460)
            .wrapping_add(day_of_era / 36_524)
            .wrapping_sub(day_of_era / 146_096))
            / 365;
        let day_of_year = day_of_era.wrapping_sub(
            year_of_era
                .wrapping_mul(365)
                .wrapping_add(year_of_era / 4)
                .wrapping_sub(year_of_era / 100),
        );
        let shifted_month = (day_of_year.wrapping_mul(5).wrapping_add(2)) / 153;
        let day = day_of_year
            .wrapping_sub((shifted_month.wrapping_mul(153).wrapping_add(2)) / 5)
            .wrapping_add(1);
        let month = if shifted_month < 10 {
            shifted_month.wrapping_add(3)
        } else {
            shifted_month.wrapping_sub(9)
        };
        let year = year_of_era
            .checked_add(era.checked_mul(400).ok_or(ErrorKind::InvalidDate)?)
            .and_then(|y| y.checked_add(i32::from(month <= 2)))
            .ok_or(ErrorKind::InvalidDate)?;
        let month = u32::try_from(month).map_err(|_| ErrorKind::InvalidDate)?;
        let day = u32::try_from(day).map_err(|_| ErrorKind::InvalidDate)?;
        Date::new(year, month, day)
    }

    /// Whole days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(&self, later: Date) -> i32 {
        later
            .days_since_epoch()
            .wrapping_sub(self.days_since_epoch())
    }

    /// The date `days` later (or earlier, if negative).
    pub fn add_days(&self, days: i32) -> Result<Date, ErrorKind> {
        let target = self
            .days_since_epoch()
            .checked_add(days)
            .ok_or(ErrorKind::InvalidDate)?;
        Date::from_days_since_epoch(target)
    }
}

impl fmt::Display for Date {
    /// ISO 8601: `2026-06-01`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = ErrorKind;

    /// Parses ISO 8601 `YYYY-MM-DD`, exactly ten characters.
    fn from_str(text: &str) -> Result<Date, ErrorKind> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
            return Err(ErrorKind::InvalidDate);
        }
        let number = |range: core::ops::Range<usize>| -> Result<u32, ErrorKind> {
            let part = text.get(range).ok_or(ErrorKind::InvalidDate)?;
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ErrorKind::InvalidDate);
            }
            part.parse().map_err(|_| ErrorKind::InvalidDate)
        };
        let year = i32::try_from(number(0..4)?).map_err(|_| ErrorKind::InvalidDate)?;
        Date::new(year, number(5..7)?, number(8..10)?)
    }
}

#[cfg(feature = "serde")]
/// `"2026-06-01"` in human-readable formats; the day count since
/// 1970-01-01 (`i32`) in binary ones.
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return serializer.serialize_i32(self.days_since_epoch());
        }
        serializer.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO 8601 date such as \"2026-06-01\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                v.parse().map_err(E::custom)
            }
        }
        if !deserializer.is_human_readable() {
            let days = <i32 as serde::Deserialize>::deserialize(deserializer)?;
            return Date::from_days_since_epoch(days).map_err(serde::de::Error::custom);
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// A run of whole days, both ends included (how plans are written:
/// "1 June to 31 December").
///
/// Deserializes through [`Period::new`] (`{"first": "2025-06-01", "last":
/// "2025-12-31"}`), so a stored period never ends before it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawPeriod")
)]
pub struct Period {
    first: Date,
    last: Date,
}

/// The wire form of [`Period`], unchecked: deserialization goes through
/// [`Period::new`].
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    first: Date,
    last: Date,
}

#[cfg(feature = "serde")]
impl TryFrom<RawPeriod> for Period {
    type Error = ErrorKind;

    fn try_from(raw: RawPeriod) -> Result<Period, ErrorKind> {
        Period::new(raw.first, raw.last)
    }
}

impl Period {
    /// The days from `first` to `last`, both included; `last` must not be
    /// before `first`.
    pub fn new(first: Date, last: Date) -> Result<Period, ErrorKind> {
        if last < first {
            return Err(ErrorKind::Invalid("period ends before it starts"));
        }
        Ok(Period { first, last })
    }

    /// Calendar month `month` (1–12) of `year`.
    pub fn month(year: i32, month: u32) -> Result<Period, ErrorKind> {
        Period::new(
            Date::new(year, month, 1)?,
            Date::new(year, month, days_in_month(year, month))?,
        )
    }

    /// Calendar quarter `quarter` (1–4) of `year`.
    pub fn quarter(year: i32, quarter: u32) -> Result<Period, ErrorKind> {
        if !(1..=4).contains(&quarter) {
            return Err(ErrorKind::OutOfRange);
        }
        let first_month = quarter
            .saturating_sub(1)
            .saturating_mul(3)
            .saturating_add(1);
        let last_month = first_month.saturating_add(2);
        Period::new(
            Date::new(year, first_month, 1)?,
            Date::new(year, last_month, days_in_month(year, last_month))?,
        )
    }

    /// The calendar month containing `date`.
    pub fn month_of(date: Date) -> Period {
        let last = Date {
            day: u8::try_from(days_in_month(date.year(), date.month())).unwrap_or(28),
            ..date
        };
        Period {
            first: Date { day: 1, ..date },
            last,
        }
    }

    /// The calendar quarter containing `date`.
    pub fn quarter_of(date: Date) -> Period {
        let first_month = (date.month.saturating_sub(1) / 3)
            .saturating_mul(3)
            .saturating_add(1);
        let last_month = first_month.saturating_add(2);
        let last_day = days_in_month(date.year(), u32::from(last_month));
        Period {
            first: Date {
                month: first_month,
                day: 1,
                ..date
            },
            last: Date {
                month: last_month,
                day: u8::try_from(last_day).unwrap_or(30),
                ..date
            },
        }
    }

    /// Calendar year `year`.
    pub fn year(year: i32) -> Result<Period, ErrorKind> {
        Period::new(Date::new(year, 1, 1)?, Date::new(year, 12, 31)?)
    }

    /// The first day.
    pub const fn first(&self) -> Date {
        self.first
    }

    /// The last day (included).
    pub const fn last(&self) -> Date {
        self.last
    }

    /// Number of days, both ends counted (a month has 28–31, a year 365 or 366).
    pub fn days(&self) -> u32 {
        let span = self.first.days_until(self.last);
        u32::try_from(span).unwrap_or(0).saturating_add(1)
    }

    /// Whether `date` falls in the period.
    #[inline]
    pub fn contains(&self, date: Date) -> bool {
        self.first <= date && date <= self.last
    }

    /// The days both periods share, if any.
    pub fn intersect(&self, other: Period) -> Option<Period> {
        let first = self.first.max(other.first);
        let last = self.last.min(other.last);
        Period::new(first, last).ok()
    }

    /// Days of this period that fall in `active` (e.g. employment dates).
    pub fn active_days(&self, active: Period) -> u32 {
        self.intersect(active).map_or(0, |p| p.days())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date() -> impl Strategy<Value = Date> {
        // Any year, and two adjacent ones so that months and days decide too.
        (
            prop_oneof![1i32..=9999, 2024i32..=2025],
            1u32..=12,
            1u32..=28,
        )
            .prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
    }

    proptest! {
        /// Dates order as (year, month, day) does, across years, months
        /// and days alike.
        #[test]
        fn dates_order_by_year_then_month_then_day(a in date(), b in date()) {
            let tuple = |d: Date| (d.year(), d.month(), d.day());
            prop_assert_eq!(a.cmp(&b), tuple(a).cmp(&tuple(b)));
            prop_assert_eq!(a.partial_cmp(&b), Some(tuple(a).cmp(&tuple(b))));
            prop_assert_eq!(a == b, tuple(a) == tuple(b));
        }
    }
}
