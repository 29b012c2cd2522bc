//! Issue 15, fiscal years in the payout engine: quota relief prorates each
//! quota period of the plan's fiscal calendar, not the calendar quarter.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod support;

use salesphysics_core::compensation::*;
use salesphysics_core::payout::*;
use salesphysics_core::{Currency, Date, Decimal, Period};
use support::payout::*;

const REP: u64 = 1;

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

fn period(first: &str, last: &str) -> Period {
    Period::new(day(first), day(last)).unwrap()
}

/// Earnings of one statement over `statement_period` under `plan` and
/// `relief`.
fn earned(
    plan: &Plan,
    relief: &QuotaRelief,
    deals: &[Transaction],
    statement_period: Period,
) -> Vec<Decimal> {
    let credits = credit_all(deals);
    let policy = PayoutPolicy::plain();
    let state = PayoutState::new(REP, Currency::USD);
    let request = StatementRequest {
        participant_id: REP,
        period: statement_period,
        plan,
        policy: &policy,
        relief: Some(relief),
        credits: &credits,
        events: &[],
        fx: &[],
        fx_date: statement_period.last(),
        state: &state,
    };
    let mut scratch = vec![blank_earnings(); 64];
    let mut out = vec![blank_line(); 64];
    let mut next = PayoutState::new(REP, Currency::USD);
    let statement = statement(&request, &mut scratch, &mut out, &mut next).unwrap();
    out.truncate(statement.line_count);
    deals
        .iter()
        .map(|t| {
            out.iter()
                .filter(|l| {
                    l.kind == PayoutLineKind::Earnings
                        && l.transaction_id == Some(t.source.transaction_id)
                })
                .fold(Decimal::ZERO, |a, l| {
                    a.checked_add(l.amount.amount()).unwrap()
                })
        })
        .collect()
}

#[test]
fn relief_prorates_the_nrf_quarter_a_hire_starts_in() {
    // NRF fiscal 2024, quarterly quota 100 000, tiers on attainment: 10 %
    // up to 100 %, 20 % above. A hire on 3 Mar 2024 works 63 of NRF Q1's
    // 91 days (4 Feb – 4 May), so Q1's quota is 100 000 × 63 / 91 =
    // 69 230.769230769 (9 decimals, half-even). A 80 000 deal on 10 Apr:
    //   69 230.769230769 × 10 % = 6 923.0769… → 6 923.08
    //   10 769.230769231 × 20 % = 2 153.8461… → 2 153.85
    // A 50 000 deal on 5 May is in Q2, worked in full: 50 000 × 10 % = 5 000.
    let mut plan = plan_with(
        "100000",
        QuotaPeriod::Quarter,
        table(
            RateMethod::Graduated,
            &[("0", Some("1"), "0.1"), ("1", None, "0.2")],
        ),
    );
    plan.components[0].tier_axis = TierAxis::Attainment;
    plan.calendar = FiscalCalendar::NRF;
    plan.effective = period("2024-02-04", "2025-02-01");
    let relief = QuotaRelief {
        employment: period("2024-03-03", "2025-02-01"),
        leaves: heapless::Vec::new(),
        ramp: heapless::Vec::new(),
    };
    let deals = [
        deal(1, day("2024-04-10"), "80000"),
        deal(2, day("2024-05-05"), "50000"),
    ];
    let amounts = earned(&plan, &relief, &deals, period("2024-04-07", "2024-06-01"));
    assert_eq!(amounts, ds(&["9076.93", "5000"]));

    // On calendar quarters 10 April is in Q2 (1 Apr – 30 Jun), worked in
    // full: both deals share one 100 000 quota, 80 000 × 10 % = 8 000, then
    // 20 000 × 10 % + 30 000 × 20 % = 8 000.
    plan.calendar = FiscalCalendar::CALENDAR_YEAR;
    plan.effective = period("2024-02-04", "2024-12-31");
    let relief = QuotaRelief {
        employment: period("2024-03-03", "2024-12-31"),
        ..relief
    };
    let amounts = earned(&plan, &relief, &deals, period("2024-04-07", "2024-06-01"));
    assert_eq!(amounts, ds(&["8000", "8000"]));
}

#[test]
fn a_ramp_counts_tenure_in_fiscal_months() {
    // 4-4-5 fiscal 2024 ends on the last Saturday of December: month 1 is
    // 31 Dec 2023 – 27 Jan 2024 (28 days), month 2 is 28 Jan – 24 Feb. A
    // hire on 2 Jan with a 50 % first-month ramp works 26 of month 1's 28
    // days: quota 10 000 × 0.5 × 26 / 28 = 4 642.857142857. Tiers on
    // attainment, 10 % to 100 % and 20 % above; a 6 000 deal on 20 Jan:
    //   4 642.857142857 × 10 % = 464.2857… → 464.29
    //   1 357.142857143 × 20 % = 271.4285… → 271.43
    // Month 2 (28 Jan, still January) is tenure month 2: full quota, so a
    // 6 000 deal on 10 Feb earns 600. Counting calendar months would give
    // month 1 no ramp (it starts in December) and month 2 the 50 % ramp.
    let mut plan = plan_with(
        "10000",
        QuotaPeriod::Month,
        table(
            RateMethod::Graduated,
            &[("0", Some("1"), "0.1"), ("1", None, "0.2")],
        ),
    );
    plan.components[0].tier_axis = TierAxis::Attainment;
    plan.calendar = FiscalCalendar {
        start_month: 1,
        weeks: Some(Weeks {
            pattern: WeekPattern::FourFourFive,
            ends_on: Weekday::Saturday,
            year_end: YearEnd::LastInMonth,
        }),
    };
    plan.effective = period("2023-12-31", "2024-12-28");
    let relief = QuotaRelief {
        employment: period("2024-01-02", "2024-12-28"),
        leaves: heapless::Vec::new(),
        ramp: [d("0.5")].into_iter().collect(),
    };
    let deals = [
        deal(1, day("2024-01-20"), "6000"),
        deal(2, day("2024-02-10"), "6000"),
    ];
    let amounts = earned(&plan, &relief, &deals, period("2023-12-31", "2024-02-24"));
    assert_eq!(amounts, ds(&["735.72", "600"]));
}
