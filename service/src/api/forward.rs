//! CapacityService.PlanForward: the forward plan from a hiring plan.

use crate::convert::{forward as cv, list};
use crate::fingerprint;
use crate::pb::salesphysics::v1 as pb;
use crate::status::ApiError;

/// PlanForward: every (month, line) cell, every month and the summary.
pub fn plan_forward(request: &pb::PlanForwardRequest) -> Result<pb::PlanForwardResponse, ApiError> {
    let input = cv::input(request)?;
    let planned = input.plan()?;
    Ok(pb::PlanForwardResponse {
        engine_version: super::engine_version(),
        input_fingerprint: fingerprint::of("PlanForward", &input)?,
        cells: list(&planned.cells, "cells", cv::cell_out)?,
        months: list(&planned.months, "months", cv::month_out)?,
        summary: Some(cv::summary_out(&planned.summary)?),
    })
}
