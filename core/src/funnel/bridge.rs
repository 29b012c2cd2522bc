//! The MRR bridge, month by month:
//! `opening + new + expansion − contraction − churned = ending`.
//!
//! Logos and revenue churn separately (a lost small customer and a lost
//! large one are one logo each but not the same MRR), so the bridge carries
//! a logo count beside the money. Every money line is rounded once, to the
//! minor unit, from its exact value; the ending MRR is the exact sum of the
//! rounded lines, so the bridge always adds up.

use crate::error::{Error, ErrorKind, ResultExt};
use crate::funnel::forward::Bookings;
use crate::funnel::model::{check_fraction, MAX_MONTHS};
use crate::{Decimal, Money, RoundingMode, SCALE};

/// The longest bridge: a goal horizon plus its longest lead.
pub const MAX_BRIDGE_MONTHS: usize = MAX_MONTHS + crate::funnel::model::MAX_LEAD_MONTHS;

/// How the installed base moves each month; every rate is a monthly fraction
/// of the opening MRR (or logos) of the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BridgeInput {
    /// MRR at the start of the first month, in whole minor units, non-negative.
    pub starting_mrr: Money,
    /// Customers at the start of the first month, non-negative.
    pub starting_logos: Decimal,
    /// Upsell and cross-sell MRR added, in `[0, 1]`.
    pub expansion_rate: Decimal,
    /// Downgrades that keep the customer, in `[0, 1]`.
    pub contraction_rate: Decimal,
    /// MRR of customers who leave, in `[0, 1]`; with contraction at most 1.
    pub revenue_churn_rate: Decimal,
    /// Customers who leave, in `[0, 1]`.
    pub logo_churn_rate: Decimal,
    /// How each money line is rounded to the minor unit.
    pub rounding: RoundingMode,
}

impl BridgeInput {
    /// Checks amounts and rates.
    pub fn validate(&self) -> Result<(), Error> {
        if self.starting_mrr.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("starting_mrr"));
        }
        self.starting_mrr.to_minor_units().at("starting_mrr")?;
        if self.starting_logos.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("starting_logos"));
        }
        check_fraction(self.expansion_rate).at("expansion_rate")?;
        check_fraction(self.contraction_rate).at("contraction_rate")?;
        check_fraction(self.revenue_churn_rate).at("revenue_churn_rate")?;
        check_fraction(self.logo_churn_rate).at("logo_churn_rate")?;
        let lost = self
            .contraction_rate
            .checked_add(self.revenue_churn_rate)
            .at("revenue_churn_rate")?;
        if lost > Decimal::ONE {
            return Err(Error::from(ErrorKind::Invalid(
                "contraction and revenue churn exceed the whole MRR",
            ))
            .at("revenue_churn_rate"));
        }
        Ok(())
    }
}

/// One month of the bridge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BridgeMonth {
    /// MRR at the start of the month (the previous month's ending).
    pub opening_mrr: Money,
    /// New MRR booked this month.
    pub new_mrr: Money,
    /// MRR added by existing customers.
    pub expansion_mrr: Money,
    /// MRR given up by customers who stay.
    pub contraction_mrr: Money,
    /// MRR of customers who left.
    pub churned_mrr: Money,
    /// `opening + new + expansion − contraction − churned`, exactly.
    pub ending_mrr: Money,
    /// Customers at the start of the month.
    pub opening_logos: Decimal,
    /// Customers won this month.
    pub new_logos: Decimal,
    /// Customers lost this month.
    pub churned_logos: Decimal,
    /// `opening + new − churned` customers.
    pub ending_logos: Decimal,
}

/// Runs the bridge over `bookings` (one entry per month, e.g. from
/// [`crate::funnel::bookings_by_month`]) into `out[..bookings.len()]`.
/// Rates apply to the month's opening figures; new business is not churned
/// in its first month.
pub fn mrr_bridge(
    input: &BridgeInput,
    bookings: &[Bookings],
    out: &mut [BridgeMonth],
) -> Result<(), Error> {
    input.validate()?;
    if bookings.len() > MAX_BRIDGE_MONTHS {
        return Err(Error::from(ErrorKind::TooMany {
            max: MAX_BRIDGE_MONTHS as u32,
        })
        .at("bookings"));
    }
    let out = out
        .get_mut(..bookings.len())
        .ok_or(ErrorKind::BufferTooSmall {
            needed: u32::try_from(bookings.len()).unwrap_or(u32::MAX),
        })
        .at("out")?;
    let currency = input.starting_mrr.currency();
    let places = currency.minor_units();
    let mode = input.rounding;
    let mut mrr = input.starting_mrr.amount();
    let mut logos = input.starting_logos;
    for (i, (booked, line)) in bookings.iter().zip(out.iter_mut()).enumerate() {
        let at = |e: ErrorKind| Error::from(e).at_index("bookings", i);
        booked.new_mrr.expect_currency(currency).map_err(at)?;
        if booked.new_mrr.is_negative() || booked.new_logos.is_negative() {
            return Err(at(ErrorKind::Negative));
        }
        let new = booked.new_mrr.amount().round(places, mode).map_err(at)?;
        let expansion = mrr
            .mul_round(input.expansion_rate, places, mode)
            .map_err(at)?;
        let contraction = mrr
            .mul_round(input.contraction_rate, places, mode)
            .map_err(at)?;
        let churned = mrr
            .mul_round(input.revenue_churn_rate, places, mode)
            .map_err(at)?;
        let ending = mrr
            .checked_add(new)
            .and_then(|x| x.checked_add(expansion))
            .and_then(|x| x.checked_sub(contraction))
            .and_then(|x| x.checked_sub(churned))
            .map_err(at)?;
        let churned_logos = logos
            .mul_round(input.logo_churn_rate, SCALE, RoundingMode::HalfEven)
            .map_err(at)?;
        let ending_logos = logos
            .checked_add(booked.new_logos)
            .and_then(|x| x.checked_sub(churned_logos))
            .map_err(at)?;
        *line = BridgeMonth {
            opening_mrr: Money::new(mrr, currency),
            new_mrr: Money::new(new, currency),
            expansion_mrr: Money::new(expansion, currency),
            contraction_mrr: Money::new(contraction, currency),
            churned_mrr: Money::new(churned, currency),
            ending_mrr: Money::new(ending, currency),
            opening_logos: logos,
            new_logos: booked.new_logos,
            churned_logos,
            ending_logos,
        };
        mrr = ending;
        logos = ending_logos;
    }
    Ok(())
}
