//! PayoutService: one statement, an ordered atomic batch, and the
//! streaming form of the batch, all through the core's owned statement.

use salesphysics_core::ErrorKind;
use tokio_stream::StreamExt as _;
use tonic::{Request, Response, Status, Streaming};

use crate::convert::{self, payout as cv};
use crate::fingerprint;
use crate::pb::salesphysics::v1 as pb;
use crate::status::{self, ApiError, Context as _};

/// The most statements in one BatchComputeStatements call.
pub const MAX_STATEMENTS: usize = 1_000;
/// The most credit lines over all statements of one batch call.
pub const MAX_BATCH_CREDITS: usize = 1_000_000;

/// Statements with at most this many credit lines are computed on the
/// calling task (≈ 100 µs, within tokio's budget between awaits); a hop to
/// the blocking pool would cost more than the work. Larger ones go there.
pub const INLINE_CREDITS: usize = 256;

/// Serves `salesphysics.v1.PayoutService`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Payout;

/// The server stream of StreamStatements.
type StatementStream = core::pin::Pin<
    Box<dyn futures::Stream<Item = Result<pb::StreamStatementsResponse, Status>> + Send>,
>;

#[tonic::async_trait]
impl pb::payout_service_server::PayoutService for Payout {
    async fn compute_statement(
        &self,
        request: Request<pb::ComputeStatementRequest>,
    ) -> Result<Response<pb::ComputeStatementResponse>, Status> {
        let request = request.into_inner();
        if request.credits.len() <= INLINE_CREDITS {
            super::inline(|| compute_statement(&request))
        } else {
            super::blocking(move || compute_statement(&request)).await
        }
    }

    async fn batch_compute_statements(
        &self,
        request: Request<pb::BatchComputeStatementsRequest>,
    ) -> Result<Response<pb::BatchComputeStatementsResponse>, Status> {
        let request = request.into_inner();
        super::blocking(move || batch_compute_statements(&request)).await
    }

    async fn stream_statements(
        &self,
        request: Request<Streaming<pb::StreamStatementsRequest>>,
    ) -> Result<Response<StatementStream>, Status> {
        let mut inbound = request.into_inner();
        let (sender, receiver) = tokio::sync::mpsc::channel(16);
        tokio::spawn(async move {
            let mut index = 0usize;
            while let Some(message) = inbound.next().await {
                let result = match message {
                    Err(status) => Err(status),
                    Ok(message) => {
                        let i = index;
                        let worked = tokio::task::spawn_blocking(move || {
                            let request =
                                convert::required(message.statement.as_ref()).at("statement")?;
                            compute_statement(request)
                        })
                        .await;
                        match worked {
                            Ok(Ok(statement)) => Ok(pb::StreamStatementsResponse {
                                statement: Some(statement),
                            }),
                            Ok(Err(e)) => Err(Status::from(e.at_index("statements", i))),
                            Err(_) => Err(status::internal()),
                        }
                    }
                };
                index = index.saturating_add(1);
                let failed = result.is_err();
                if sender.send(result).await.is_err() || failed {
                    break;
                }
            }
        });
        let stream = tokio_stream::wrappers::ReceiverStream::new(receiver);
        Ok(Response::new(Box::pin(stream)))
    }
}

/// ComputeStatement (and one element of a batch or stream).
pub fn compute_statement(
    request: &pb::ComputeStatementRequest,
) -> Result<pb::ComputeStatementResponse, ApiError> {
    convert::capped(&request.credits, super::compensation::MAX_CREDITS).at("credits")?;
    let with_lines = cv::with_lines(request.view)?;
    let owned = cv::statement_request(request)?;
    let computed = owned.compute()?;
    let mut response = cv::statement_response_out(&computed, with_lines)?;
    response.engine_version = super::engine_version();
    response.input_fingerprint = fingerprint::of("ComputeStatement", &owned)?;
    Ok(response)
}

/// BatchComputeStatements: ordered, atomic, capped.
pub fn batch_compute_statements(
    request: &pb::BatchComputeStatementsRequest,
) -> Result<pb::BatchComputeStatementsResponse, ApiError> {
    let listed = convert::capped(&request.statements, MAX_STATEMENTS).at("statements")?;
    if listed.is_empty() {
        return Err(ApiError::new(ErrorKind::Empty).at("statements"));
    }
    let credits = listed
        .iter()
        .fold(0usize, |sum, s| sum.saturating_add(s.credits.len()));
    if credits > MAX_BATCH_CREDITS {
        return Err(ApiError::new(ErrorKind::TooMany {
            max: u32::try_from(MAX_BATCH_CREDITS).unwrap_or(u32::MAX),
        })
        .at("statements"));
    }
    let statements = super::parallel::map(listed, "statements", compute_statement)?;
    let fingerprints: Vec<&str> = statements
        .iter()
        .map(|s| s.input_fingerprint.as_str())
        .collect();
    Ok(pb::BatchComputeStatementsResponse {
        engine_version: super::engine_version(),
        input_fingerprint: fingerprint::of("BatchComputeStatements", &fingerprints)?,
        statements,
    })
}
