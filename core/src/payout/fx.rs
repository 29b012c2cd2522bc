//! Exchange rates with the date they came into force. A statement converts
//! foreign-currency credits at the rates in force on the date the caller
//! states (`fx_date`: typically the period's last day), and every converted
//! line names the rate (with its date) by its index in the request's list.

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
