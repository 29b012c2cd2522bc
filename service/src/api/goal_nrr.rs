//! FunnelService.PlanNrrGoal: a revenue goal when booked MRR churns and
//! expands.

use salesphysics_core::funnel::plan_new_mrr_with_retention;

use crate::convert::{decimal_out, funnel as funnel_cv, goal_nrr as cv};
use crate::fingerprint;
use crate::pb::salesphysics::v1 as pb;
use crate::status::{ApiError, Context as _};

/// PlanNrrGoal: the generalized rule of 78 and the new MRR per month.
pub fn plan_nrr_goal(
    request: &pb::PlanNrrGoalRequest,
) -> Result<pb::PlanNrrGoalResponse, ApiError> {
    let goal = cv::goal(request.goal.as_ref()).at("goal")?;
    let plan = plan_new_mrr_with_retention(&goal).at("goal")?;
    let retention = &goal.retention;
    let at = |e| ApiError::from(e).at("retention").at("goal");
    Ok(pb::PlanNrrGoalResponse {
        engine_version: super::engine_version(),
        input_fingerprint: fingerprint::of("PlanNrrGoal", &goal)?,
        plan: Some(funnel_cv::goal_plan_out(&plan)?),
        monthly_factor: decimal_out(retention.monthly_factor().map_err(at)?),
        annual_nrr: decimal_out(retention.annual_nrr().map_err(at)?),
    })
}
