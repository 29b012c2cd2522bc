//! Cost alignment: is the motion an account gets worth its value? The seed's
//! warning is expensive people chasing low-value accounts; this puts a
//! number on it and names the cheaper motion that would still pay.

use crate::decimal::Decimal;
use crate::error::{Error, ResultExt};
use crate::money::Money;
use crate::rounding::RoundingMode;

use super::account::Account;
use super::motion::{Motion, ALL_MOTIONS};
use super::validated::ValidatedPolicy;

/// Fractional digits of [`CostAlignment::cost_ratio`] (0.0001 = 0.01 %).
pub const COST_RATIO_PLACES: u32 = 4;

/// How a motion's cost per win compares with an account's first-year value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct CostAlignment {
    /// The motion assessed.
    pub motion: Motion,
    /// Its fully loaded cost per win.
    pub cost_to_acquire: Money,
    /// The account's first-year value.
    pub first_year_value: Money,
    /// `cost ÷ first-year value`, half-even to [`COST_RATIO_PLACES`]; `None`
    /// for an account worth zero. For display only: `misaligned` is decided
    /// exactly, before any rounding.
    pub cost_ratio: Option<Decimal>,
    /// Whether the cost exceeds the policy's threshold × first-year value
    /// (exactly; a cost exactly on the threshold is aligned).
    pub misaligned: bool,
    /// When misaligned: the highest-touch motion that costs strictly less and
    /// is aligned, so the account still gets the most help that pays.
    /// `None` when aligned, or when no cheaper motion is aligned either.
    pub cheaper_motion: Option<Motion>,
}

/// Assesses `motion` (normally the account's [`super::Classification::motion`])
/// for `account` under `policy`'s costs and threshold.
pub fn cost_alignment(
    account: &Account,
    motion: Motion,
    policy: &ValidatedPolicy<'_>,
) -> Result<CostAlignment, Error> {
    let costs = &policy.policy().acquisition_cost;
    account.validate(policy.policy().currency)?;
    let value = account.first_year_value;
    let cost = costs.of(motion);
    let cost_ratio = if value.is_zero() {
        None
    } else {
        Some(
            cost.amount()
                .div_round(value.amount(), COST_RATIO_PLACES, RoundingMode::HalfEven)
                .at("first_year_value")?,
        )
    };
    let misaligned = policy.is_misaligned(motion, value.amount());
    let cheaper_motion = if misaligned {
        ALL_MOTIONS.into_iter().rev().find(|&other| {
            costs.of(other).amount() < cost.amount() && !policy.is_misaligned(other, value.amount())
        })
    } else {
        None
    };
    Ok(CostAlignment {
        motion,
        cost_to_acquire: cost,
        first_year_value: value,
        cost_ratio,
        misaligned,
        cheaper_motion,
    })
}
