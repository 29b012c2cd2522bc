//! TieringService: classify a batch of accounts with reasons and cost
//! alignment, through the core's owned batch.

use salesphysics_core::tiering::{
    classify_batch_owned, Outcome, TieringPolicy, ValidatedPolicy, DEFAULT_POLICY,
};
use salesphysics_core::ErrorKind;
use tonic::{Request, Response, Status};

use crate::convert::{self, tiering as cv};
use crate::fingerprint;
use crate::pb::salesphysics::v1 as pb;
use crate::status::{ApiError, Context as _};

/// The most accounts in one ClassifyAccounts call.
pub const MAX_ACCOUNTS: usize = 100_000;

/// Serves `salesphysics.v1.TieringService`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tiering;

#[tonic::async_trait]
impl pb::tiering_service_server::TieringService for Tiering {
    async fn classify_accounts(
        &self,
        request: Request<pb::ClassifyAccountsRequest>,
    ) -> Result<Response<pb::ClassifyAccountsResponse>, Status> {
        let request = request.into_inner();
        super::blocking(move || classify_accounts(&request)).await
    }
}

/// The whole call, off the async runtime.
pub fn classify_accounts(
    request: &pb::ClassifyAccountsRequest,
) -> Result<pb::ClassifyAccountsResponse, ApiError> {
    let listed = convert::capped(&request.accounts, MAX_ACCOUNTS).at("accounts")?;
    if listed.is_empty() {
        return Err(ApiError::new(ErrorKind::Empty).at("accounts"));
    }
    let accounts = convert::list(listed, "accounts", cv::account)?;
    let policy = request
        .policy
        .as_ref()
        .map(|policy| cv::policy(policy).at("policy"))
        .transpose()?;
    // An omitted policy (the default one) is fingerprinted as absent.
    let input_fingerprint = fingerprint::of("ClassifyAccounts", &(&policy, &accounts))?;
    let classify = |policy: &TieringPolicy<'_>| {
        let validated = ValidatedPolicy::new(policy).at("policy")?;
        let batch = classify_batch_owned(&accounts, &validated)?;
        let mut outcomes = Vec::with_capacity(accounts.len());
        for ((account, outcome), alignment) in
            accounts.iter().zip(&batch.outcomes).zip(&batch.alignments)
        {
            outcomes.push(pb::Outcome {
                account_id: convert::int64_out(account.id),
                matched: matches!(outcome, Outcome::Matched(_)),
                classification: outcome.classification().map(cv::classification_out),
                cost_alignment: alignment.as_ref().map(cv::cost_alignment_out).transpose()?,
            });
        }
        Ok(pb::ClassifyAccountsResponse {
            engine_version: super::engine_version(),
            input_fingerprint,
            outcomes,
            summary: Some(pb::BatchSummary {
                tiers: batch
                    .summary
                    .tiers
                    .iter()
                    .map(cv::tier_summary_out)
                    .collect::<Result<_, _>>()?,
                unmatched: Some(cv::tier_summary_out(&batch.summary.unmatched)?),
            }),
        })
    };
    match &policy {
        None => classify(&DEFAULT_POLICY),
        Some(policy) => policy.with_policy(classify),
    }
}
