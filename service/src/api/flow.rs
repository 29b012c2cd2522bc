//! FlowService: the day-by-day lead-release simulation.

use tonic::{Request, Response, Status};

use crate::convert::flow as cv;
use crate::fingerprint;
use crate::pb::salesphysics::v1 as pb;
use crate::status::ApiError;

/// Serves `salesphysics.v1.FlowService`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flow;

#[tonic::async_trait]
impl pb::flow_service_server::FlowService for Flow {
    async fn simulate_flow(
        &self,
        request: Request<pb::SimulateFlowRequest>,
    ) -> Result<Response<pb::SimulateFlowResponse>, Status> {
        let request = request.into_inner();
        // A year of 100,000 leads is milliseconds of CPU: off the runtime.
        super::blocking(move || simulate_flow(&request)).await
    }
}

/// SimulateFlow: every day, every week and the summary.
pub fn simulate_flow(
    request: &pb::SimulateFlowRequest,
) -> Result<pb::SimulateFlowResponse, ApiError> {
    let input = cv::input(request)?;
    let run = input.run()?;
    Ok(pb::SimulateFlowResponse {
        engine_version: super::engine_version(),
        input_fingerprint: fingerprint::of("SimulateFlow", &input)?,
        days: run.days.iter().map(cv::period_out).collect(),
        weeks: run.weeks.iter().map(cv::period_out).collect(),
        summary: Some(cv::summary_out(&run.summary)),
    })
}
