//! One rep's throughput and the step from fractional FTE to headcount.
//!
//! Need stays fractional everywhere inside the engine; [`headcount`] is the
//! only place it becomes an integer, so integers are never chained.

use crate::error::{Error, ErrorKind, ResultExt};
use crate::{Decimal, RoundingMode, SCALE};

/// Bookings one AE closes per month: `sqls_per_month × sql_to_win ×
/// average_deal` (10 SQLs × 30 % × 50,000 = 150,000), exact to 9 places
/// (rounded half-even there only if the product needs more digits).
pub fn ae_bookings_capacity(
    sqls_per_month: Decimal,
    sql_to_win: Decimal,
    average_deal: Decimal,
) -> Result<Decimal, Error> {
    non_negative(sqls_per_month).at("sqls_per_month")?;
    fraction(sql_to_win).at("sql_to_win")?;
    non_negative(average_deal).at("average_deal")?;
    let wins = sqls_per_month
        .mul_round(sql_to_win, SCALE, RoundingMode::HalfEven)
        .at("sql_to_win")?;
    wins.mul_round(average_deal, SCALE, RoundingMode::HalfEven)
        .at("average_deal")
}

/// Bookings one AE is expected to close per month when sized by quota:
/// `monthly_quota × expected_attainment` (attainment `0.8` = 80 %; above 1
/// is allowed for teams that habitually overachieve).
pub fn quota_capacity(
    monthly_quota: Decimal,
    expected_attainment: Decimal,
) -> Result<Decimal, Error> {
    non_negative(monthly_quota).at("monthly_quota")?;
    non_negative(expected_attainment).at("expected_attainment")?;
    monthly_quota
        .mul_round(expected_attainment, SCALE, RoundingMode::HalfEven)
        .at("expected_attainment")
}

/// Companies one SDR covers: `contacts_per_sdr ÷ contacts_per_company`,
/// rounded down (400 contacts at 3 a company cover 133 whole companies).
pub fn companies_per_sdr(
    contacts_per_sdr: Decimal,
    contacts_per_company: Decimal,
) -> Result<Decimal, Error> {
    non_negative(contacts_per_sdr).at("contacts_per_sdr")?;
    if !contacts_per_company.is_positive() {
        return Err(Error::from(ErrorKind::NotPositive).at("contacts_per_company"));
    }
    contacts_per_sdr
        .div_round(contacts_per_company, 0, RoundingMode::Floor)
        .at("contacts_per_company")
}

/// Fractional FTE needed for `workload` units at `per_fte` units per FTE,
/// rounded **up** at the ninth place: the ceiling of the rounded value is
/// then the ceiling of the exact quotient (1000 ÷ 400 = 2.5 FTE).
pub fn fte_need(workload: Decimal, per_fte: Decimal) -> Result<Decimal, Error> {
    non_negative(workload).at("workload")?;
    if !per_fte.is_positive() {
        return Err(Error::from(ErrorKind::NotPositive).at("per_fte"));
    }
    workload
        .div_round(per_fte, SCALE, RoundingMode::Ceiling)
        .at("per_fte")
}

/// People to have on board for `fte` fractional FTE: its ceiling (2.5 → 3,
/// 5.5556 → 6); zero or negative need reports 0. The same ceiling as the
/// funnel's [`crate::funnel::whole_units`] ([`Decimal::ceil_units`]), taken
/// on needs rounded up at the ninth digit, so it is the exact one.
pub fn headcount(fte: Decimal) -> Result<u32, ErrorKind> {
    u32::try_from(fte.ceil_units()?).map_err(|_| ErrorKind::Overflow)
}

fn non_negative(value: Decimal) -> Result<(), ErrorKind> {
    if value.is_negative() {
        Err(ErrorKind::Negative)
    } else {
        Ok(())
    }
}

fn fraction(value: Decimal) -> Result<(), ErrorKind> {
    if value.is_negative() || value > Decimal::ONE {
        Err(ErrorKind::OutOfRange)
    } else {
        Ok(())
    }
}
