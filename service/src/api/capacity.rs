//! CapacityService: the hiring plan with PODs, cost and mismatch flags.

use salesphysics_core::capacity::{cost_by_month, find_mismatches, pods_for_month, CostMonth};
use salesphysics_core::Money;
use tonic::{Request, Response, Status};

use crate::convert::capacity as cv;
use crate::fingerprint;
use crate::pb::salesphysics::v1 as pb;
use crate::status::{ApiError, Context as _};

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
    let parts = cv::parts(request)?;
    let planned = parts.input.plan()?;
    let (layout, cells) = (planned.layout, &planned.cells);
    parts.with_input(|input, pods| {
        let mut pod_counts = Vec::new();
        if !pods.is_empty() {
            for month in 0..layout.months {
                let counts = pods_for_month(pods, &layout, cells, month).at("pods")?;
                for (segment, count) in counts.iter().enumerate() {
                    pod_counts.push(cv::pod_count_out(month, segment, count));
                }
            }
        }

        let zero = Money::zero(input.currency);
        let mut role_lines = vec![zero; layout.months.saturating_mul(layout.roles)];
        let mut costs = vec![
            CostMonth {
                total: zero,
                new_mrr: zero,
                cost_per_new_mrr_dollar: None,
                implied_cac: None,
            };
            layout.months
        ];
        cost_by_month(
            input,
            cells,
            &parts.new_mrr,
            &parts.new_customers,
            &mut role_lines,
            &mut costs,
        )?;
        let flags = find_mismatches(input, cells, &parts.handoffs, &parts.ratios)?;

        let per_month = layout.roles.max(1);
        Ok(pb::PlanCapacityResponse {
            engine_version: super::engine_version(),
            input_fingerprint: fingerprint::of(
                "PlanCapacity",
                &(
                    &parts.input,
                    &parts.pods,
                    &parts.handoffs,
                    &parts.ratios,
                    &parts.new_mrr,
                    &parts.new_customers,
                ),
            )?,
            cells: cells.iter().map(cv::cell_out).collect(),
            pods: pod_counts,
            costs: costs
                .iter()
                .zip(role_lines.chunks(per_month))
                .map(|(cost, lines)| cv::cost_out(cost, lines))
                .collect::<Result<_, _>>()?,
            mismatches: flags.iter().map(cv::mismatch_out).collect(),
        })
    })
}
