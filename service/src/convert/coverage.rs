//! Coverage: proto ↔ `salesphysics_core::capacity` coverage of the
//! installed base (mirrored AM + CSM books).

use salesphysics_core::capacity::{BookLimit, CoverageBinding, CoverageInput, CoveragePlan};
use salesphysics_core::{ErrorKind, Role};

use super::{
    decimal, decimal_or_zero, decimal_out, int32_out, known, list, money, money_out, required,
    role, role_out, u32_of, unspecified,
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

// The client's directions: the request from the core's input, and the
// response back into the core's plan (`salesphysics coverage --server`).

fn book_out(value: &BookLimit) -> Result<pb::BookLimit, ApiError> {
    Ok(pb::BookLimit {
        max_accounts: decimal_out(value.max_accounts),
        max_mrr: Some(money_out(value.max_mrr).at("max_mrr")?),
    })
}

/// The core's input → PlanCoverageRequest: the inverse of [`input`].
pub fn request_out(value: &CoverageInput) -> Result<pb::PlanCoverageRequest, ApiError> {
    Ok(pb::PlanCoverageRequest {
        accounts: decimal_out(value.accounts),
        mrr: Some(money_out(value.mrr).at("mrr")?),
        target_nrr: decimal_out(value.target_nrr),
        expected_churn: decimal_out(value.expected_churn),
        commercial_owner: role_out(value.commercial_owner) as i32,
        commercial: Some(book_out(&value.commercial).at("commercial")?),
        csm: Some(book_out(&value.csm).at("csm")?),
        csm_per_book: decimal_out(value.csm_per_book),
    })
}

fn binding(value: i32) -> Result<CoverageBinding, ApiError> {
    Ok(match known::<pb::CoverageBinding>(value)? {
        pb::CoverageBinding::Unspecified => return Err(unspecified()),
        pb::CoverageBinding::CommercialAccounts => CoverageBinding::CommercialAccounts,
        pb::CoverageBinding::CommercialMrr => CoverageBinding::CommercialMrr,
        pb::CoverageBinding::CsmAccounts => CoverageBinding::CsmAccounts,
        pb::CoverageBinding::CsmMrr => CoverageBinding::CsmMrr,
    })
}

/// PlanCoverageResponse → the core's plan: the inverse of [`plan_out`].
pub fn plan(value: &pb::PlanCoverageResponse) -> Result<CoveragePlan, ApiError> {
    let owners = list(&value.nrr_owners, "nrr_owners", |&r| role(r))?;
    let nrr_owners: [Role; 2] = owners
        .try_into()
        .map_err(|_| ApiError::new(ErrorKind::Invalid("two NRR owners")).at("nrr_owners"))?;
    Ok(CoveragePlan {
        books: decimal(&value.books).at("books")?,
        commercial_headcount: u32_of(value.commercial_headcount).at("commercial_headcount")?,
        csm_headcount: u32_of(value.csm_headcount).at("csm_headcount")?,
        binding: binding(value.binding).at("binding")?,
        accounts_per_book: decimal(&value.accounts_per_book).at("accounts_per_book")?,
        mrr_per_book: money(value.mrr_per_book.as_ref()).at("mrr_per_book")?,
        nrr_owners,
        target_ending_mrr: money(value.target_ending_mrr.as_ref()).at("target_ending_mrr")?,
        expansion_mrr_to_sell: money(value.expansion_mrr_to_sell.as_ref())
            .at("expansion_mrr_to_sell")?,
        expansion_mrr_per_book: money(value.expansion_mrr_per_book.as_ref())
            .at("expansion_mrr_per_book")?,
    })
}
