//! Arbitrary bytes → prost decode → the service's conversion and
//! representation checks → the core: never a panic. The bytes are decoded
//! as every unary request of `salesphysics.v1` and each request that
//! decodes runs through its handler body, as the server would run it; an
//! answer or an error value are both fine, a panic is a bug (it would be an
//! INTERNAL in production).
//!
//! Random bytes rarely decode into a request that passes the first checks,
//! so the same bytes are also merged onto the benchmark workload's valid
//! requests (protobuf merge: a scalar in the bytes replaces the request's,
//! a list item is appended, a message is merged field by field). That
//! reaches the conversions and the engines with requests that are valid
//! but for a few hostile fields.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prost::Message;
use salesphysics_service::api;
use salesphysics_service::pb::salesphysics::v1 as pb;
use salesphysics_service::workload;

/// Decodes `bytes` as `$request` and, when it decodes, runs `$handler`.
/// Merges `bytes` onto `$valid` and, when that decodes, runs `$handler`.
macro_rules! try_onto {
    ($bytes:expr, $($valid:expr => $handler:path),+ $(,)?) => {
        $(
            let mut request = $valid;
            if request.merge($bytes).is_ok() {
                let _ = $handler(&request);
            }
        )+
    };
}

macro_rules! try_as {
    ($bytes:expr, $($request:ty => $handler:path),+ $(,)?) => {
        $(
            if let Ok(request) = <$request>::decode($bytes) {
                let _ = $handler(&request);
            }
        )+
    };
}

/// January's earnings on the workload's plan and credits.
fn earnings_request() -> pb::ComputeEarningsRequest {
    let statement = workload::statement(1, 4);
    pb::ComputeEarningsRequest {
        plan: statement.plan,
        participant_id: statement.participant_id,
        credits: statement.credits,
        fx: Vec::new(),
        through: workload::date(2026, 1, 31),
    }
}

fuzz_target!(|bytes: &[u8]| {
    try_as!(bytes,
        pb::ClassifyAccountsRequest => api::tiering::classify_accounts,
        pb::PlanRevenueGoalRequest => api::funnel::plan_revenue_goal,
        pb::ComputeReverseFunnelRequest => api::funnel::compute_reverse_funnel,
        pb::ProjectForwardRequest => api::funnel::project_forward_call,
        pb::ComputeMrrBridgeRequest => api::funnel::compute_mrr_bridge,
        pb::ComputeUnitEconomicsRequest => api::funnel::compute_unit_economics,
        pb::ComputeWorkInProgressRequest => api::funnel::compute_work_in_progress,
        pb::EvaluateLeadSlaRequest => api::funnel::evaluate_lead_sla_call,
        pb::PlanCapacityRequest => api::capacity::plan,
        pb::PlanForwardRequest => api::forward::plan_forward,
        pb::PlanCoverageRequest => api::coverage::plan_coverage,
        pb::PlanNrrGoalRequest => api::goal_nrr::plan_nrr_goal,
        pb::SimulateFlowRequest => api::flow::simulate_flow,
        pb::CreditTransactionsRequest => api::compensation::credit_transactions,
        pb::ComputeEarningsRequest => api::compensation::compute_earnings,
        pb::EstimateEarningsRequest => api::compensation::estimate_earnings,
        pb::ComputeStatementRequest => api::payout::compute_statement,
        pb::BatchComputeStatementsRequest => api::payout::batch_compute_statements,
    );
    try_onto!(bytes,
        workload::statement(1, 4) => api::payout::compute_statement,
        workload::batch(2, 3, false) => api::payout::batch_compute_statements,
        workload::accounts(5) => api::tiering::classify_accounts,
        earnings_request() => api::compensation::compute_earnings,
    );
});
