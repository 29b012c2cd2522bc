//! Coverage: proto ↔ `salesphysics_core::capacity` coverage of the
//! installed base (mirrored AM + CSM books).

use salesphysics_core::capacity::{BookLimit, CoverageBinding, CoverageInput, CoveragePlan};

use super::{
    decimal, decimal_or_zero, decimal_out, int32_out, money, money_out, required, role, role_out,
};
use crate::pb::salesphysics::v1 as pb;
use crate::status::{ApiError, Context as _};

fn book(value: Option<&pb::BookLimit>) -> Result<BookLimit, ApiError> {
    let value = required(value)?;
    Ok(BookLimit {
        max_accounts: decimal(&value.max_accounts).at("max_accounts")?,
        max_mrr: money(value.max_mrr.as_ref()).at("max_mrr")?,
    })
}

/// PlanCoverageRequest → the core's input.
pub fn input(value: &pb::PlanCoverageRequest) -> Result<CoverageInput, ApiError> {
    Ok(CoverageInput {
        accounts: decimal(&value.accounts).at("accounts")?,
        mrr: money(value.mrr.as_ref()).at("mrr")?,
        target_nrr: decimal(&value.target_nrr).at("target_nrr")?,
        expected_churn: decimal_or_zero(&value.expected_churn).at("expected_churn")?,
        commercial_owner: role(value.commercial_owner).at("commercial_owner")?,
        commercial: book(value.commercial.as_ref()).at("commercial")?,
        csm: book(value.csm.as_ref()).at("csm")?,
        csm_per_book: decimal(&value.csm_per_book).at("csm_per_book")?,
    })
}

fn binding_out(value: CoverageBinding) -> pb::CoverageBinding {
    match value {
        CoverageBinding::CommercialAccounts => pb::CoverageBinding::CommercialAccounts,
        CoverageBinding::CommercialMrr => pb::CoverageBinding::CommercialMrr,
        CoverageBinding::CsmAccounts => pb::CoverageBinding::CsmAccounts,
        CoverageBinding::CsmMrr => pb::CoverageBinding::CsmMrr,
    }
}

/// The core's plan → the response fields after the version and fingerprint.
pub fn plan_out(
    value: &CoveragePlan,
    engine_version: String,
    input_fingerprint: String,
) -> Result<pb::PlanCoverageResponse, ApiError> {
    Ok(pb::PlanCoverageResponse {
        engine_version,
        input_fingerprint,
        books: decimal_out(value.books),
        commercial_headcount: int32_out(value.commercial_headcount),
        csm_headcount: int32_out(value.csm_headcount),
        binding: binding_out(value.binding).into(),
        accounts_per_book: decimal_out(value.accounts_per_book),
        mrr_per_book: Some(money_out(value.mrr_per_book)?),
        nrr_owners: value
            .nrr_owners
            .iter()
            .map(|r| role_out(*r).into())
            .collect(),
        target_ending_mrr: Some(money_out(value.target_ending_mrr)?),
        expansion_mrr_to_sell: Some(money_out(value.expansion_mrr_to_sell)?),
        expansion_mrr_per_book: Some(money_out(value.expansion_mrr_per_book)?),
    })
}
