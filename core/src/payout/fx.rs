//! Exchange rates with the date they came into force, and the policy that
//! says which of them converts a deal and in what order. By default a
//! statement converts foreign-currency credits at the rates in force on the
//! date the caller states (`fx_date`: typically the period's last day); a
//! policy can instead lock each deal at the rate in force on its own date,
//! and rate in the deal currency before converting. Every converted line
//! names the rate (with its date) by its index in the request's list.

use crate::limits::MAX_FX_RATES;
use heapless::Vec;

use crate::{Date, Error, ErrorKind, FxRate, ResultExt};

/// A rate and the first day it is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct DatedFxRate {
    /// The rate.
    pub rate: FxRate,
    /// In force from this day until a later rate for the same pair.
    pub as_of: Date,
}

/// Which day's rate converts a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum FxRateDate {
    /// The rate in force on the request's `fx_date`: every statement
    /// re-converts every deal to date, so a moved rate trues up.
    #[default]
    StatementDate,
    /// The rate in force on the deal's own (posting) date: the conversion is
    /// locked when the deal posts and later rate moves never true it up.
    PostingDate,
}

/// Whether a deal is converted before or after it is rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum FxOrder {
    /// The credit is converted and rounded to the plan currency's minor
    /// unit, then rated: the credit the participant sees is a plan-currency
    /// amount, at the cost of a second rounding.
    #[default]
    ConvertThenRate,
    /// The credit is rated in the deal currency and the commission
    /// converted: the line is the exact `credit × fx × rate` rounded once.
    RateThenConvert,
}

/// What the plan says about foreign-currency deals. The default is the
/// statement-date rate, converted before rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct FxPolicy {
    /// Which day's rate converts a deal.
    #[cfg_attr(feature = "serde", serde(default))]
    pub rate_date: FxRateDate,
    /// Convert then rate, or rate then convert.
    #[cfg_attr(feature = "serde", serde(default))]
    pub order: FxOrder,
}

/// The index in `rates` of the `from` → `to` rate in force on `on` (the
/// same choice as [`in_force`]), if any.
pub(crate) fn rate_on(
    rates: &[DatedFxRate],
    from: crate::Currency,
    to: crate::Currency,
    on: Date,
) -> Option<u16> {
    let mut chosen: Option<(usize, Date)> = None;
    for (i, rate) in rates.iter().enumerate() {
        let later = chosen.is_none_or(|(_, as_of)| rate.as_of > as_of);
        if rate.rate.from() == from && rate.rate.to() == to && rate.as_of <= on && later {
            chosen = Some((i, rate.as_of));
        }
    }
    chosen.and_then(|(i, _)| u16::try_from(i).ok())
}

/// For each currency pair, the index in `rates` of the rate in force on
/// `on`: the latest `as_of` not after `on`; equal dates go to the earlier
/// one. Pairs appear in the order of their first rate in `rates`.
pub(crate) fn in_force(rates: &[DatedFxRate], on: Date) -> Result<Vec<u16, MAX_FX_RATES>, Error> {
    if rates.len() > MAX_FX_RATES {
        return Err(Error::from(ErrorKind::TooMany {
            max: MAX_FX_RATES as u32,
        })
        .at("fx"));
    }
    let mut chosen: Vec<u16, MAX_FX_RATES> = Vec::new();
    for (i, rate) in rates.iter().enumerate().filter(|(_, r)| r.as_of <= on) {
        let index = u16::try_from(i).map_err(|_| ErrorKind::Overflow).at("fx")?;
        let same_pair = |c: &&mut u16| {
            rates.get(usize::from(**c)).is_some_and(|current| {
                current.rate.from() == rate.rate.from() && current.rate.to() == rate.rate.to()
            })
        };
        match chosen.iter_mut().find(same_pair) {
            Some(current) => {
                if rates
                    .get(usize::from(*current))
                    .is_some_and(|c| rate.as_of > c.as_of)
                {
                    *current = index;
                }
            }
            // At most as many pairs as rates, which fit.
            None => chosen
                .push(index)
                .map_err(|_| ErrorKind::TooMany {
                    max: MAX_FX_RATES as u32,
                })
                .at("fx")?,
        }
    }
    Ok(chosen)
}
