//! TieringService: classify a batch of accounts with reasons and cost
//! alignment.

use salesphysics_core::tiering::{
    classify_batch, cost_alignment, Outcome, Tier, TieringPolicy, ValidatedPolicy, DEFAULT_POLICY,
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
    let mut accounts = Vec::with_capacity(listed.len());
    for (i, account) in listed.iter().enumerate() {
        accounts.push(cv::account(account).at_index("accounts", i)?);
    }

    // The custom policy borrows its tier names from the request.
    let tiers: Vec<Tier<'_>>;
    let rules: Vec<salesphysics_core::tiering::Rule>;
    let policy = match &request.policy {
        None => DEFAULT_POLICY,
        Some(p) => {
            let parts = cv::policy_parts(p).at("policy")?;
            tiers = p
                .tiers
                .iter()
                .enumerate()
                .map(|(i, t)| cv::tier(t).at_index("tiers", i))
                .collect::<Result<_, ApiError>>()
                .at("policy")?;
            rules = p
                .rules
                .iter()
                .enumerate()
                .map(|(i, r)| cv::rule(r).at_index("rules", i))
                .collect::<Result<_, ApiError>>()
                .at("policy")?;
            TieringPolicy {
                currency: parts.currency,
                tiers: &tiers,
                rules: &rules,
                acquisition_cost: parts.acquisition_cost,
                misalignment_threshold: parts.misalignment_threshold,
                overlaps: parts.overlaps,
            }
        }
    };
    let validated = ValidatedPolicy::new(&policy).at("policy")?;

    let mut outcomes = vec![Outcome::Unmatched; accounts.len()];
    let summary = classify_batch(&accounts, &validated, &mut outcomes)?;

    let mut out = Vec::with_capacity(accounts.len());
    for (i, (account, outcome)) in accounts.iter().zip(&outcomes).enumerate() {
        let mut result = pb::Outcome {
            account_id: convert::int64_out(account.id),
            ..pb::Outcome::default()
        };
        if let Outcome::Matched(c) = outcome {
            let alignment =
                cost_alignment(account, c.motion, &validated).at_index("accounts", i)?;
            result.matched = true;
            result.classification = Some(cv::classification_out(c));
            result.cost_alignment = Some(cv::cost_alignment_out(&alignment)?);
        }
        out.push(result);
    }
    Ok(pb::ClassifyAccountsResponse {
        engine_version: super::engine_version(),
        input_fingerprint: fingerprint::of("ClassifyAccounts", &(&policy, &accounts)),
        outcomes: out,
        summary: Some(pb::BatchSummary {
            tiers: summary
                .tiers
                .iter()
                .map(cv::tier_summary_out)
                .collect::<Result<_, _>>()?,
            unmatched: Some(cv::tier_summary_out(&summary.unmatched)?),
        }),
    })
}
