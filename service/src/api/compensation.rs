//! CompensationService: crediting, earnings and the what-if estimate
//! through the core's owned entry points.

use salesphysics_core::compensation::{
    compute_earnings_owned, credit_transactions_owned, estimate_owned,
};
use salesphysics_core::ErrorKind;
use tonic::{Request, Response, Status};

use crate::convert::{self, compensation as cv};
use crate::fingerprint;
use crate::pb::salesphysics::v1 as pb;
use crate::status::{ApiError, Context as _};

/// The most transactions in one CreditTransactions call.
pub const MAX_TRANSACTIONS: usize = 100_000;
/// The most credit lines in one ComputeEarnings call (and per statement).
pub const MAX_CREDITS: usize = 100_000;

/// Serves `salesphysics.v1.CompensationService`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Compensation;

#[tonic::async_trait]
impl pb::compensation_service_server::CompensationService for Compensation {
    async fn credit_transactions(
        &self,
        request: Request<pb::CreditTransactionsRequest>,
    ) -> Result<Response<pb::CreditTransactionsResponse>, Status> {
        let request = request.into_inner();
        super::blocking(move || credit_transactions(&request)).await
    }

    async fn compute_earnings(
        &self,
        request: Request<pb::ComputeEarningsRequest>,
    ) -> Result<Response<pb::ComputeEarningsResponse>, Status> {
        let request = request.into_inner();
        super::blocking(move || compute_earnings(&request)).await
    }

    async fn estimate_earnings(
        &self,
        request: Request<pb::EstimateEarningsRequest>,
    ) -> Result<Response<pb::EstimateEarningsResponse>, Status> {
        let request = request.into_inner();
        super::blocking(move || estimate_earnings(&request)).await
    }
}

/// CreditTransactions.
pub fn credit_transactions(
    request: &pb::CreditTransactionsRequest,
) -> Result<pb::CreditTransactionsResponse, ApiError> {
    let listed = convert::capped(&request.transactions, MAX_TRANSACTIONS).at("transactions")?;
    if listed.is_empty() {
        return Err(ApiError::new(ErrorKind::Empty).at("transactions"));
    }
    let transactions = convert::list(listed, "transactions", cv::transaction)?;
    let hierarchy = convert::list(&request.hierarchy, "hierarchy", cv::reporting_line)?;
    let credits = credit_transactions_owned(&transactions, &hierarchy)?;
    Ok(pb::CreditTransactionsResponse {
        engine_version: super::engine_version(),
        input_fingerprint: fingerprint::of("CreditTransactions", &(&transactions, &hierarchy))?,
        credits: credits
            .iter()
            .map(cv::credit_line_out)
            .collect::<Result<_, _>>()?,
    })
}

/// ComputeEarnings.
pub fn compute_earnings(
    request: &pb::ComputeEarningsRequest,
) -> Result<pb::ComputeEarningsResponse, ApiError> {
    let plan = cv::plan(request.plan.as_ref()).at("plan")?;
    let participant_id = convert::id(request.participant_id).at("participant_id")?;
    let listed = convert::capped(&request.credits, MAX_CREDITS).at("credits")?;
    let credits = convert::list(listed, "credits", cv::credit_line)?;
    let fx = convert::list(&request.fx, "fx", convert::fx_rate)?;
    let through = convert::date(request.through.as_ref()).at("through")?;
    let earnings = compute_earnings_owned(&plan, participant_id, &credits, &fx, through)?;
    Ok(pb::ComputeEarningsResponse {
        engine_version: super::engine_version(),
        input_fingerprint: fingerprint::of(
            "ComputeEarnings",
            &(&plan, participant_id, &credits, &fx, through),
        )?,
        summary: Some(cv::earnings_summary_out(&earnings.summary)?),
        lines: earnings
            .lines
            .iter()
            .map(cv::earnings_line_out)
            .collect::<Result<_, _>>()?,
    })
}

/// EstimateEarnings: the what-if, two earnings runs in the core.
pub fn estimate_earnings(
    request: &pb::EstimateEarningsRequest,
) -> Result<pb::EstimateEarningsResponse, ApiError> {
    let plan = cv::plan(request.plan.as_ref()).at("plan")?;
    let participant_id = convert::id(request.participant_id).at("participant_id")?;
    let listed = convert::capped(&request.credits, MAX_CREDITS).at("credits")?;
    let credits = convert::list(listed, "credits", cv::credit_line)?;
    let listed = convert::capped(&request.hypothetical, MAX_TRANSACTIONS).at("hypothetical")?;
    if listed.is_empty() {
        return Err(ApiError::new(ErrorKind::Empty).at("hypothetical"));
    }
    let hypothetical = convert::list(listed, "hypothetical", cv::transaction)?;
    let hierarchy = convert::list(&request.hierarchy, "hierarchy", cv::reporting_line)?;
    let fx = convert::list(&request.fx, "fx", convert::fx_rate)?;
    let through = convert::date(request.through.as_ref()).at("through")?;
    let estimate = estimate_owned(
        &plan,
        participant_id,
        &credits,
        &hypothetical,
        &hierarchy,
        &fx,
        through,
    )?;
    Ok(pb::EstimateEarningsResponse {
        engine_version: super::engine_version(),
        input_fingerprint: fingerprint::of(
            "EstimateEarnings",
            &(
                &plan,
                participant_id,
                &credits,
                &hypothetical,
                &hierarchy,
                &fx,
                through,
            ),
        )?,
        estimate: Some(cv::estimate_out(&estimate.estimate)?),
        lines: estimate
            .lines
            .iter()
            .map(cv::earnings_line_out)
            .collect::<Result<_, _>>()?,
    })
}
