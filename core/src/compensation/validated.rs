//! A plan checked once: a server validates a plan when it is loaded and
//! rates any number of runs against it without checking it again (as
//! tiering's `ValidatedPolicy` and smoltcp's `new_checked` do).

use crate::payout::FxOrder;
use crate::{Date, Error, FxRate};

use super::conversion::Conversion;

use super::crediting::CreditLine;
use super::earnings::{earnings_of_valid_plan, EarningsLine, EarningsSummary};
use super::plan::Plan;

/// A [`Plan`] that passed [`Plan::validate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ValidatedPlan<'a> {
    plan: &'a Plan,
}

impl<'a> ValidatedPlan<'a> {
    /// Validates `plan`; errors name its fields (`components[2].quota`).
    pub fn new(plan: &'a Plan) -> Result<ValidatedPlan<'a>, Error> {
        plan.validate()?;
        Ok(ValidatedPlan { plan })
    }

    /// The plan as given.
    pub fn plan(&self) -> &'a Plan {
        self.plan
    }

    /// [`super::compute_earnings`] without validating the plan again.
    pub fn compute_earnings(
        &self,
        participant_id: u64,
        credits: &[CreditLine],
        fx: &[FxRate],
        through: Date,
        out: &mut [EarningsLine],
    ) -> Result<EarningsSummary, Error> {
        let fx = Conversion::fixed(fx, FxOrder::ConvertThenRate);
        earnings_of_valid_plan(self.plan, participant_id, credits, fx, through, out)
    }
}
