//! CapacityService.PlanCoverage: mirrored AM + CSM coverage of the base.

use salesphysics_core::capacity::plan_coverage as core_plan_coverage;

use crate::convert::coverage as cv;
use crate::fingerprint;
use crate::pb::salesphysics::v1 as pb;
use crate::status::ApiError;

/// PlanCoverage: books, headcounts, the binding limit and the NRR owners.
pub fn plan_coverage(
    request: &pb::PlanCoverageRequest,
) -> Result<pb::PlanCoverageResponse, ApiError> {
    let input = cv::input(request)?;
    let plan = core_plan_coverage(&input)?;
    cv::plan_out(
        &plan,
        super::engine_version(),
        fingerprint::of("PlanCoverage", &input)?,
    )
}
