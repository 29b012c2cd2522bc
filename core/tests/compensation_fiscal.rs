//! Issue 15, fiscal years: plan years that are not calendar years — a
//! fiscal year starting in any month and 4-4-5 / 4-5-4 / 5-4-4 week
//! calendars — checked against published calendars (sources in
//! `data/fiscal_calendars.json`), and quota periods, attainment and
//! tiering that reset at fiscal period boundaries, hand-checked.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod support;

use proptest::prelude::*;
use salesphysics_core::compensation::*;
use salesphysics_core::{Date, Period};
use serde_json::Value;
use support::compensation::*;
use support::vectors::{case, text};
use TransactionKind::New;

const CALENDARS: &str = include_str!("data/fiscal_calendars.json");

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

fn period(first: &str, last: &str) -> Period {
    Period::new(day(first), day(last)).unwrap()
}

fn calendar_of(case: &Value) -> FiscalCalendar {
    serde_json::from_value(case["calendar"].clone()).unwrap()
}

/// Every published year and quota period of `id` resolves to its dates.
fn check_published(id: &str) -> FiscalCalendar {
    let case = case(CALENDARS, id);
    let calendar = calendar_of(&case);
    calendar.validate().unwrap();
    for year in case["years"].as_array().unwrap() {
        let expected = period(text(&year["first"]), text(&year["last"]));
        let named = i32::try_from(year["year"].as_i64().unwrap()).unwrap();
        assert_eq!(calendar.year(named).unwrap(), expected, "{id} {named}");
        assert_eq!(calendar.year_of(expected.first()).unwrap(), expected);
        assert_eq!(calendar.year_of(expected.last()).unwrap(), expected);
    }
    for p in case["periods"].as_array().unwrap() {
        let quota_period: QuotaPeriod = serde_json::from_value(p["period"].clone()).unwrap();
        let on = day(text(&p["date"]));
        assert_eq!(
            calendar.period_of(on, quota_period).unwrap(),
            period(text(&p["first"]), text(&p["last"])),
            "{id} {on} {quota_period:?}"
        );
    }
    calendar
}

#[test]
fn nrf_454_years_months_and_quarters_match_the_published_calendar() {
    let calendar = check_published("nrf_454");
    assert_eq!(calendar, FiscalCalendar::NRF);
    // 53-week years are exactly the published ones (NRF; Coresight).
    let case = case(CALENDARS, "nrf_454");
    let long: Vec<i64> = case["fifty_three_week_years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y.as_i64().unwrap())
        .collect();
    let range = case["checked_years"].as_array().unwrap();
    let (from, to) = (range[0].as_i64().unwrap(), range[1].as_i64().unwrap());
    for year in from..=to {
        let days = calendar.year(i32::try_from(year).unwrap()).unwrap().days();
        let weeks = if long.contains(&year) { 53 } else { 52 };
        assert_eq!(days, weeks * 7, "fiscal {year}");
    }
}

#[test]
fn a_july_june_year_matches_the_published_fiscal_year() {
    check_published("july_june");
}

#[test]
fn a_445_year_ending_on_the_last_saturday_of_december() {
    // Hand-checked: 30 Dec 2023 and 28 Dec 2024 are the last Saturdays of
    // their Decembers, so fiscal 2024 is 31 Dec 2023 – 28 Dec 2024, 52
    // weeks: January 4 weeks (31 Dec – 27 Jan), February 4 (28 Jan – 24
    // Feb), March 5 (25 Feb – 30 Mar).
    let mut calendar = FiscalCalendar {
        start_month: 1,
        weeks: Some(Weeks {
            pattern: WeekPattern::FourFourFive,
            ends_on: Weekday::Saturday,
            year_end: YearEnd::LastInMonth,
        }),
    };
    assert_eq!(
        calendar.year(2024).unwrap(),
        period("2023-12-31", "2024-12-28")
    );
    let months = [
        ("2023-12-31", "2024-01-27"),
        ("2024-01-28", "2024-02-24"),
        ("2024-02-25", "2024-03-30"),
    ];
    for (first, last) in months {
        assert_eq!(
            calendar.period_of(day(first), QuotaPeriod::Month).unwrap(),
            period(first, last)
        );
    }
    assert_eq!(
        calendar.period_index(day("2024-03-30"), QuotaPeriod::Month),
        2
    );
    assert_eq!(
        calendar.period_index(day("2024-03-31"), QuotaPeriod::Quarter),
        1
    );
    // 5-4-4: the five-week month comes first (31 Dec – 3 Feb).
    calendar.weeks.as_mut().unwrap().pattern = WeekPattern::FiveFourFour;
    assert_eq!(
        calendar
            .period_of(day("2024-02-03"), QuotaPeriod::Month)
            .unwrap(),
        period("2023-12-31", "2024-02-03")
    );
}

/// Each period of fiscal year `named` starts the day after the one before, every day's period index is its position, and there are
/// 12 months, 4 quarters, 1 year.
fn assert_tiles(calendar: FiscalCalendar, named: i32) {
    for quota_period in [QuotaPeriod::Month, QuotaPeriod::Quarter, QuotaPeriod::Year] {
        let year = calendar.year(named).unwrap();
        let mut on = year.first();
        let mut count = 0;
        while on <= year.last() {
            let p = calendar.period_of(on, quota_period).unwrap();
            assert_eq!(p.first(), on, "{calendar:?} {quota_period:?}");
            assert_eq!(calendar.period_index(on, quota_period), count);
            assert_eq!(calendar.period_index(p.last(), quota_period), count);
            assert_eq!(calendar.year_of(p.last()).unwrap(), year);
            count += 1;
            on = p.last().add_days(1).unwrap();
        }
        let expected = match quota_period {
            QuotaPeriod::Month => 12,
            QuotaPeriod::Quarter => 4,
            QuotaPeriod::Year => 1,
        };
        assert_eq!(count, expected, "{calendar:?} {quota_period:?}");
    }
}

fn weekday(n: u8) -> Weekday {
    use Weekday::*;
    [
        Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday,
    ][usize::from(n % 7)]
}

proptest! {
    /// Any calendar: consecutive fiscal years meet, a week-based year is 52
    /// or 53 whole weeks ending on its weekday, and its periods tile it.
    #[test]
    fn fiscal_years_meet_and_periods_tile_them(
        start_month in 1u32..=12,
        weeks in proptest::option::of((0u8..3, 0u8..7, any::<bool>())),
        named in 1950i32..2150,
    ) {
        let calendar = FiscalCalendar {
            start_month,
            weeks: weeks.map(|(pattern, ends_on, nearest)| Weeks {
                pattern: [
                    WeekPattern::FourFourFive,
                    WeekPattern::FourFiveFour,
                    WeekPattern::FiveFourFour,
                ][usize::from(pattern)],
                ends_on: weekday(ends_on),
                year_end: if nearest { YearEnd::NearestMonthEnd } else { YearEnd::LastInMonth },
            }),
        };
        let year = calendar.year(named).unwrap();
        let next = calendar.year(named + 1).unwrap();
        prop_assert_eq!(year.last().add_days(1).unwrap(), next.first());
        if let Some(weeks) = calendar.weeks {
            prop_assert!(year.days() == 364 || year.days() == 371);
            // 1970-01-01 was a Thursday (3 days after Monday).
            let ends = (year.last().days_since_epoch() + 3).rem_euclid(7);
            prop_assert_eq!(weekday(u8::try_from(ends).unwrap()), weeks.ends_on);
        }
        assert_tiles(calendar, named);
    }
}

#[test]
fn every_day_lies_in_one_period_and_periods_tile_the_year() {
    let calendars = [
        FiscalCalendar::CALENDAR_YEAR,
        FiscalCalendar::NRF,
        FiscalCalendar {
            start_month: 7,
            weeks: None,
        },
        FiscalCalendar {
            start_month: 10,
            weeks: Some(Weeks {
                pattern: WeekPattern::FiveFourFour,
                ends_on: Weekday::Sunday,
                year_end: YearEnd::LastInMonth,
            }),
        },
    ];
    for calendar in calendars {
        assert_tiles(calendar, 2024);
    }
}

/// Graduated: 10 % of a quota period's first 100 000, 20 % above.
fn graduated(
    period: QuotaPeriod,
    basis: TierBasis,
    calendar: FiscalCalendar,
    effective: Period,
) -> Plan {
    let mut c = component(
        1,
        new_mrr(),
        "100000",
        period,
        table(
            RateMethod::Graduated,
            &[("0", Some("100000"), "0.1"), ("100000", None, "0.2")],
        ),
    );
    c.tier_basis = basis;
    let mut p = plan(None, vec![c]);
    p.calendar = calendar;
    p.effective = effective;
    p
}

#[test]
fn nrf_quarters_reset_tiers_and_attainment_on_the_fiscal_boundary() {
    let fiscal_2024 = period("2024-02-04", "2025-02-01");
    let p = graduated(
        QuotaPeriod::Quarter,
        TierBasis::PeriodToDate,
        FiscalCalendar::NRF,
        fiscal_2024,
    );
    p.validate().unwrap();
    let deals = [
        deal(1, day("2024-05-03"), New, "80000", 1),
        // Last day of NRF Q1: 20 000 at 10 % + 20 000 at 20 %.
        deal(2, day("2024-05-04"), New, "40000", 1),
        // First day of Q2: the tier restarts, 50 000 at 10 %.
        deal(3, day("2024-05-05"), New, "50000", 1),
    ];
    let (lines, summary) = earn(&p, 1, &deals, day("2025-02-01"));
    assert_eq!(earned_on(&lines, 1), d("8000"));
    assert_eq!(earned_on(&lines, 2), d("6000"));
    assert_eq!(earned_on(&lines, 3), d("5000"));
    assert_eq!(summary.total.amount(), d("19000"));

    let credits = credit_all(&deals, &[]);
    let q1 = attainment(&p, 1, &credits, &[], day("2024-05-04")).unwrap();
    assert_eq!(q1.components[0].period, period("2024-02-04", "2024-05-04"));
    assert_eq!(q1.components[0].credit, d("120000"));
    assert_eq!(q1.components[0].attainment, d("1.2"));
    let q2 = attainment(&p, 1, &credits, &[], day("2024-05-05")).unwrap();
    assert_eq!(q2.components[0].period, period("2024-05-05", "2024-08-03"));
    assert_eq!(q2.components[0].credit, d("50000"));
    assert_eq!(q2.components[0].attainment, d("0.5"));

    // The same deals on calendar quarters (4 and 5 May are both in Q2):
    // no reset, so deal 3 is all above 100 000, at 20 %.
    let calendar_quarters = graduated(
        QuotaPeriod::Quarter,
        TierBasis::PeriodToDate,
        FiscalCalendar::CALENDAR_YEAR,
        period("2024-02-04", "2024-12-31"),
    );
    let (lines, _) = earn(&calendar_quarters, 1, &deals, day("2024-12-31"));
    // Deal 2 is the same either way: 20 000 at 10 % + 20 000 at 20 %.
    assert_eq!(earned_on(&lines, 2), d("6000"));
    assert_eq!(earned_on(&lines, 3), d("10000"));
}

#[test]
fn a_july_june_plan_spans_two_calendar_years() {
    let july = FiscalCalendar {
        start_month: 7,
        weeks: None,
    };
    let fiscal = period("2024-07-01", "2025-06-30");
    let p = graduated(QuotaPeriod::Year, TierBasis::YearToDate, july, fiscal);
    p.validate().unwrap();
    // Year to date runs through 1 January: 80 000 at 10 %, then 20 000 at
    // 10 % + 20 000 at 20 %.
    let deals = [
        deal(1, day("2024-12-20"), New, "80000", 1),
        deal(2, day("2025-01-10"), New, "40000", 1),
    ];
    let (lines, summary) = earn(&p, 1, &deals, day("2025-06-30"));
    assert_eq!(earned_on(&lines, 1), d("8000"));
    assert_eq!(earned_on(&lines, 2), d("6000"));
    assert_eq!(summary.total.amount(), d("14000"));
    // Quarterly, 1 January starts fiscal Q3: deal 2 starts at 10 % again.
    let q = graduated(QuotaPeriod::Quarter, TierBasis::PeriodToDate, july, fiscal);
    let (lines, _) = earn(&q, 1, &deals, day("2025-06-30"));
    assert_eq!(earned_on(&lines, 2), d("4000"));
    let credits = credit_all(&deals, &[]);
    let report = attainment(&p, 1, &credits, &[], day("2025-03-01")).unwrap();
    assert_eq!(report.components[0].period, fiscal);
    assert_eq!(report.components[0].attainment, d("1.2"));
}

#[test]
fn validation_names_the_calendar_and_the_fiscal_year() {
    let july = FiscalCalendar {
        start_month: 7,
        weeks: None,
    };
    let mut p = graduated(
        QuotaPeriod::Year,
        TierBasis::PeriodToDate,
        FiscalCalendar::CALENDAR_YEAR,
        period("2024-07-01", "2025-06-30"),
    );
    assert_eq!(
        p.validate().unwrap_err().to_string(),
        "effective: a plan lies within one fiscal year"
    );
    p.calendar = july;
    p.validate().unwrap();
    p.effective = period("2024-07-01", "2025-07-01");
    assert_eq!(
        p.validate().unwrap_err().to_string(),
        "effective: a plan lies within one fiscal year"
    );
    p.effective = period("2024-07-01", "2025-06-30");
    p.calendar.start_month = 13;
    assert_eq!(
        p.validate().unwrap_err().to_string(),
        "calendar.start_month: out of range"
    );
}

#[test]
fn calendars_in_json() {
    // Absent: the calendar year, so plans written before stay valid.
    let mut value = serde_json::to_value(plan(None, vec![])).unwrap();
    value.as_object_mut().unwrap().remove("calendar");
    let back: Plan = serde_json::from_value(value).unwrap();
    assert_eq!(back.calendar, FiscalCalendar::CALENDAR_YEAR);
    let nrf = serde_json::to_string(&FiscalCalendar::NRF).unwrap();
    assert_eq!(
        nrf,
        r#"{"start_month":2,"weeks":{"pattern":"four_five_four","ends_on":"saturday","year_end":"nearest_month_end"}}"#
    );
    assert_eq!(
        serde_json::from_str::<FiscalCalendar>(&nrf).unwrap(),
        FiscalCalendar::NRF
    );
    assert!(serde_json::from_str::<FiscalCalendar>(r#"{"start_month":2,"leap":1}"#).is_err());
}
