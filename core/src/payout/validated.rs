//! A payout policy checked once, with the plan it pays: a server loads the
//! plan and the policy, validates them together, and computes every
//! participant's statement without checking them again (as
//! [`ValidatedPlan`] does for earnings).

use core::ptr;

use crate::compensation::{EarningsLine, Plan, ValidatedPlan};
use crate::{Error, ErrorKind, ResultExt};

use super::holdback::check_release_dates;
use super::line::PayoutLine;
use super::policy::PayoutPolicy;
use super::state::PayoutState;
use super::statement::{statement_of_valid, Statement, StatementRequest};
use super::storage::StateStorage;

/// A [`PayoutPolicy`] that passed [`PayoutPolicy::validate`] in its plan's
/// currency, with release dates inside the plan year, and that plan,
/// valid too. The policy's checks depend on the plan, so they are made for
/// the pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ValidatedPolicy<'a> {
    plan: ValidatedPlan<'a>,
    policy: &'a PayoutPolicy,
}

impl<'a> ValidatedPolicy<'a> {
    /// Validates `plan` and `policy` for it; errors name their fields
    /// under `plan` or `policy` (`policy.holdbacks[0].share`).
    pub fn new(plan: &'a Plan, policy: &'a PayoutPolicy) -> Result<ValidatedPolicy<'a>, Error> {
        let plan = ValidatedPlan::new(plan).at("plan")?;
        let currency = plan.plan().currency;
        policy.validate(currency).at("policy")?;
        check_release_dates(&policy.holdbacks, plan.plan().effective).at("policy")?;
        Ok(ValidatedPolicy { plan, policy })
    }

    /// The plan as given.
    pub fn plan(&self) -> &'a Plan {
        self.plan.plan()
    }

    /// The policy as given.
    pub fn policy(&self) -> &'a PayoutPolicy {
        self.policy
    }

    /// [`super::statement`] without validating the plan and policy again.
    /// The request must borrow this very plan and policy (`request.plan =
    /// validated.plan()`); another is refused, at `plan` or `policy`, since
    /// it was never checked. The rest of the request (state, relief,
    /// events) is the participant's and is checked on every call.
    pub fn statement<S: StateStorage>(
        &self,
        request: &StatementRequest<'_, S>,
        scratch: &mut [EarningsLine],
        out: &mut [PayoutLine],
        next: &mut PayoutState<S>,
    ) -> Result<Statement, Error> {
        if !ptr::eq(request.plan, self.plan()) {
            return Err(not_validated().at("plan"));
        }
        if !ptr::eq(request.policy, self.policy) {
            return Err(not_validated().at("policy"));
        }
        statement_of_valid(request, scratch, out, next)
    }
}

fn not_validated() -> Error {
    Error::from(ErrorKind::Invalid(
        "not the plan and policy that were validated",
    ))
}
