//! Year-to-date true-up: earnings are recomputed cumulatively through the
//! period's end and the earnings already recognized are subtracted, so a
//! retroactive tier, an accelerator, a gate that opens or a late credit is
//! paid exactly once, and the months of a plan year add up to the annual
//! computation.
//!
//! The period's own earnings lines are shown one by one; the true-up line
//! is what is left: `recomputed to date − recognized before − this
//! period's lines`, the change recomputation made to earlier periods.

use crate::compensation::Plan;
use crate::{Decimal, Error, Money, Period, ResultExt};

use super::ledger::Ledger;
use super::line::PayoutLineKind;
use super::state::PayoutState;

/// The earnings already recognized under `plan`: the state's earnings to
/// date if they count from the same plan's first day, otherwise zero (a new
/// plan year starts from nothing).
pub(crate) fn recognized(state: &PayoutState, plan: &Plan) -> Money {
    if state.plan_id == plan.id && state.plan_start == Some(plan.effective.first()) {
        state.earned_to_date
    } else {
        Money::zero(plan.currency)
    }
}

/// Writes the true-up line (if not zero) and returns its amount.
pub(crate) fn true_up(
    plan: &Plan,
    recomputed: Money,
    recognized: Money,
    this_period: Decimal,
    period: Period,
    ledger: &mut Ledger<'_>,
) -> Result<Decimal, Error> {
    let amount = recomputed
        .checked_sub(recognized)
        .at("earned_to_date")?
        .amount()
        .checked_sub(this_period)
        .at("earned_to_date")?;
    if !amount.is_zero() {
        ledger.simple(PayoutLineKind::TrueUp, plan.id, None, period.last(), amount)?;
    }
    Ok(amount)
}
