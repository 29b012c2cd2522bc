//! FlowService: the day-by-day lead-release simulation.

use salesphysics_core::ErrorKind;
use tonic::{Request, Response, Status};

use crate::convert::flow as cv;
use crate::fingerprint;
use crate::pb::salesphysics::v1 as pb;
use crate::status::{ApiError, Context as _};

/// Most leads one call may simulate (the sum of `arrivals`): the run holds
/// 20 bytes per lead, so a call stays within 40 MB; more is
/// `RESOURCE_EXHAUSTED`.
pub const MAX_FLOW_LEADS: usize = 2_000_000;

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
    let leads = input.with_input(|i| i.total_leads()).at("arrivals")?;
    if leads > MAX_FLOW_LEADS {
        return Err(ApiError::new(ErrorKind::TooMany {
            max: u32::try_from(MAX_FLOW_LEADS).unwrap_or(u32::MAX),
        })
        .at("arrivals"));
    }
    let run = input.run()?;
    Ok(pb::SimulateFlowResponse {
        engine_version: super::engine_version(),
        input_fingerprint: fingerprint::of("SimulateFlow", &input)?,
        days: run.days.iter().map(cv::period_out).collect(),
        weeks: run.weeks.iter().map(cv::period_out).collect(),
        summary: Some(cv::summary_out(&run.summary)),
    })
}
