//! CapacityService: the hiring plan with PODs, cost and mismatch flags.

use tonic::{Request, Response, Status};

use crate::convert::capacity as cv;
use crate::fingerprint;
use crate::pb::salesphysics::v1 as pb;
use crate::status::ApiError;

/// Serves `salesphysics.v1.CapacityService`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Capacity;

#[tonic::async_trait]
impl pb::capacity_service_server::CapacityService for Capacity {
    async fn plan_capacity(
        &self,
        request: Request<pb::PlanCapacityRequest>,
    ) -> Result<Response<pb::PlanCapacityResponse>, Status> {
        let request = request.into_inner();
        super::blocking(move || plan(&request)).await
    }

    async fn plan_forward(
        &self,
        request: Request<pb::PlanForwardRequest>,
    ) -> Result<Response<pb::PlanForwardResponse>, Status> {
        let request = request.into_inner();
        super::blocking(move || super::forward::plan_forward(&request)).await
    }

    async fn plan_coverage(
        &self,
        request: Request<pb::PlanCoverageRequest>,
    ) -> Result<Response<pb::PlanCoverageResponse>, Status> {
        super::inline(|| super::coverage::plan_coverage(request.get_ref()))
    }
}

/// PlanCapacity: plan, PODs per (month, segment), cost per month, flags.
pub fn plan(request: &pb::PlanCapacityRequest) -> Result<pb::PlanCapacityResponse, ApiError> {
    let model = cv::model(request)?.with_defaults()?;
    let report = model.plan()?;
    let segments = report.layout.segments.max(1);
    Ok(pb::PlanCapacityResponse {
        engine_version: super::engine_version(),
        input_fingerprint: fingerprint::of("PlanCapacity", &model)?,
        cells: report.cells.iter().map(cv::cell_out).collect(),
        pods: report
            .pods
            .chunks(segments)
            .enumerate()
            .flat_map(|(month, counts)| {
                counts
                    .iter()
                    .enumerate()
                    .map(move |(segment, count)| cv::pod_count_out(month, segment, count))
            })
            .collect(),
        costs: report
            .costs
            .iter()
            .zip(report.role_costs.chunks(report.layout.roles.max(1)))
            .map(|(cost, lines)| cv::cost_out(cost, lines))
            .collect::<Result<_, _>>()?,
        mismatches: report.mismatches.iter().map(cv::mismatch_out).collect(),
    })
}
