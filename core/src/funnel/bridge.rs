//! The MRR bridge, month by month:
//! `opening + new + expansion − contraction − churned = ending`.
//!
//! Logos and revenue churn separately (a lost small customer and a lost
//! large one are one logo each but not the same MRR), so the bridge carries
//! a logo count beside the money.
//!
//! Inside, the bridge is exact: the MRR is carried month to month at 9
//! fractional digits (10⁷ times finer than a cent), never rounded to the
//! minor unit, so it cannot drift; and the losses of a month are capped at
//! the MRR there is. Only what is reported is rounded, at the edge, by
//! *cumulative rounding*: the running totals `opening`, `+ new`,
//! `+ expansion`, `− contraction`, `− churned` are each rounded once to the
//! minor unit, and every line is the difference of two consecutive rounded
//! totals. So the reported bridge adds up exactly, the ending (and the next
//! opening) is the exact MRR rounded once, no line is negative, the
//! losses never exceed the MRR reported before them, and every line is
//! within one minor unit of its exact value (a booked amount already in
//! minor units is reported as booked unless a running total lands exactly
//! on a half-unit tie).

use crate::error::{Error, ErrorKind, ResultExt};
use crate::funnel::forward::Bookings;
use crate::funnel::model::check_fraction;
use crate::limits::MAX_PLAN_MONTHS;
use crate::{Decimal, Money, RoundingMode, SCALE};

/// How the installed base moves each month; every rate is a monthly fraction
/// of the opening MRR (or logos) of the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
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
    /// How each reported running total is rounded to the minor unit.
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
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
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
    /// `opening + new + expansion − contraction − churned`, exactly: the
    /// exact MRR rounded once.
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

impl BridgeMonth {
    /// A month with nothing in it, in `currency`: the blank to fill an
    /// output buffer with.
    pub const fn zero(currency: crate::Currency) -> BridgeMonth {
        let zero = Money::zero(currency);
        BridgeMonth {
            opening_mrr: zero,
            new_mrr: zero,
            expansion_mrr: zero,
            contraction_mrr: zero,
            churned_mrr: zero,
            ending_mrr: zero,
            opening_logos: Decimal::ZERO,
            new_logos: Decimal::ZERO,
            churned_logos: Decimal::ZERO,
            ending_logos: Decimal::ZERO,
        }
    }
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
    if bookings.len() > MAX_PLAN_MONTHS {
        return Err(Error::from(ErrorKind::TooMany {
            max: MAX_PLAN_MONTHS as u32,
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
    let report = |exact: Decimal| exact.round(places, mode);
    let mut mrr = input.starting_mrr.amount();
    // In whole minor units (validated): its own rounding. Each later
    // opening is the previous month's reported ending.
    let mut opening_r = mrr;
    let mut logos = input.starting_logos;
    for (i, (booked, line)) in bookings.iter().zip(out.iter_mut()).enumerate() {
        let at = |e: ErrorKind| Error::from(e).at_index("bookings", i);
        booked.new_mrr.expect_currency(currency).map_err(at)?;
        if booked.new_mrr.is_negative() || booked.new_logos.is_negative() {
            return Err(at(ErrorKind::Negative));
        }
        let rate = |r: Decimal| mrr.mul_round(r, SCALE, RoundingMode::HalfEven).map_err(at);
        let expansion = rate(input.expansion_rate)?;
        let contraction = rate(input.contraction_rate)?;
        // Rates sum to at most 1, but two 9th-digit roundings could still
        // take a nano more than there is.
        let churned =
            rate(input.revenue_churn_rate)?.min(mrr.checked_sub(contraction).map_err(at)?);
        // The running totals, exact, then as reported.
        let with_new = mrr.checked_add(booked.new_mrr.amount()).map_err(at)?;
        let with_expansion = with_new.checked_add(expansion).map_err(at)?;
        let after_contraction = with_expansion.checked_sub(contraction).map_err(at)?;
        let ending = after_contraction.checked_sub(churned).map_err(at)?;
        let with_new_r = report(with_new).map_err(at)?;
        let with_expansion_r = report(with_expansion).map_err(at)?;
        let after_contraction_r = report(after_contraction).map_err(at)?;
        let ending_r = report(ending).map_err(at)?;
        let difference = |later: Decimal, earlier: Decimal| {
            later
                .checked_sub(earlier)
                .map(|d| Money::new(d, currency))
                .map_err(at)
        };
        let churned_logos = logos
            .mul_round(input.logo_churn_rate, SCALE, RoundingMode::HalfEven)
            .map_err(at)?;
        let ending_logos = logos
            .checked_add(booked.new_logos)
            .and_then(|x| x.checked_sub(churned_logos))
            .map_err(at)?;
        *line = BridgeMonth {
            opening_mrr: Money::new(opening_r, currency),
            new_mrr: difference(with_new_r, opening_r)?,
            expansion_mrr: difference(with_expansion_r, with_new_r)?,
            contraction_mrr: difference(with_expansion_r, after_contraction_r)?,
            churned_mrr: difference(after_contraction_r, ending_r)?,
            ending_mrr: Money::new(ending_r, currency),
            opening_logos: logos,
            new_logos: booked.new_logos,
            churned_logos,
            ending_logos,
        };
        mrr = ending;
        opening_r = ending_r;
        logos = ending_logos;
    }
    Ok(())
}
