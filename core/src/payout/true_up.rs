//! Year-to-date true-up: earnings are recomputed cumulatively through the
//! period's end and the earnings already recognized are subtracted, so a
//! retroactive tier, an accelerator, a gate that opens or a late credit is
//! paid exactly once, and the months of a plan year add up to the annual
//! computation.
//!
//! The period's own earnings lines are shown one by one; the true-up is
//! what is left: `recomputed to date − recognized before − this period's
//! lines`, the change recomputation made to earlier periods. The statement
//! attributes it to the earlier lines that changed (one true-up line per
//! re-rated line, held and clawed back with its booking); this module
//! writes the rest — what changed inputs (a late or corrected credit, a
//! new rate) moved — on one plan-level line.

use crate::compensation::Plan;
use crate::{Decimal, Error, Money, Period};

use super::ledger::Ledger;
use super::line::PayoutLineKind;
use super::state::PayoutState;
use super::storage::StateStorage;

/// The earnings already recognized under `plan`: the state's earnings to
/// date if they count from the same plan's first day, otherwise zero (a new
/// plan year starts from nothing).
pub(crate) fn recognized<S: StateStorage>(state: &PayoutState<S>, plan: &Plan) -> Money {
    if state.plan_id == plan.id && state.plan_start == Some(plan.effective.first()) {
        state.earned_to_date
    } else {
        Money::zero(plan.currency)
    }
}

/// Writes the plan-level true-up line: what recomputation changed that is
/// not attributed to a re-rated line (if not zero).
pub(crate) fn true_up(
    plan: &Plan,
    amount: Decimal,
    period: Period,
    ledger: &mut Ledger<'_>,
) -> Result<(), Error> {
    if !amount.is_zero() {
        ledger.simple(PayoutLineKind::TrueUp, plan.id, None, period.last(), amount)?;
    }
    Ok(())
}
