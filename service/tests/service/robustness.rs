//! Arbitrary bytes → prost decode → conversion → core: never a panic.
//! Each case mutates a valid encoded request (or is random bytes) and runs
//! the handler body directly, so every representation check and core
//! validation sees malformed input. A panic here would be an INTERNAL in
//! production; the answer must be a value or an error.

use proptest::prelude::*;
use prost::Message;
use salesphysics_service::api;
use salesphysics_service::pb::salesphysics::v1 as pb;

use crate::support::usd;

/// A few valid requests to mutate, one per handler family.
fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let statement = crate::payout::january();
    vec![
        ("statement", statement.encode_to_vec()),
        (
            "classify",
            pb::ClassifyAccountsRequest {
                policy: None,
                accounts: vec![pb::Account {
                    id: 1,
                    first_year_value: usd(12_000, 0),
                    ..Default::default()
                }],
            }
            .encode_to_vec(),
        ),
        (
            "earnings",
            pb::ComputeEarningsRequest {
                plan: statement.plan.clone(),
                participant_id: 1,
                credits: statement.credits.clone(),
                fx: vec![],
                through: statement.fx_date,
            }
            .encode_to_vec(),
        ),
    ]
}

/// Decodes `bytes` as every request type and runs each handler that
/// accepts them.
fn run_all(bytes: &[u8]) {
    if let Ok(r) = pb::ComputeStatementRequest::decode(bytes) {
        let _ = api::payout::compute_statement(&r);
    }
    if let Ok(r) = pb::ClassifyAccountsRequest::decode(bytes) {
        let _ = api::tiering::classify_accounts(&r);
    }
    if let Ok(r) = pb::ComputeEarningsRequest::decode(bytes) {
        let _ = api::compensation::compute_earnings(&r);
    }
    if let Ok(r) = pb::EstimateEarningsRequest::decode(bytes) {
        let _ = api::compensation::estimate_earnings(&r);
    }
    if let Ok(r) = pb::CreditTransactionsRequest::decode(bytes) {
        let _ = api::compensation::credit_transactions(&r);
    }
    if let Ok(r) = pb::PlanCapacityRequest::decode(bytes) {
        let _ = api::capacity::plan(&r);
    }
    if let Ok(r) = pb::ComputeReverseFunnelRequest::decode(bytes) {
        let _ = api::funnel::compute_reverse_funnel(&r);
    }
    if let Ok(r) = pb::ComputeUnitEconomicsRequest::decode(bytes) {
        let _ = api::funnel::compute_unit_economics(&r);
    }
    if let Ok(r) = pb::ComputeMrrBridgeRequest::decode(bytes) {
        let _ = api::funnel::compute_mrr_bridge(&r);
    }
}

#[test]
fn mutated_requests_never_panic() {
    let seeds = seeds();
    let strategy = (
        0..seeds.len(),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    );
    proptest!(ProptestConfig::with_cases(512), |((seed, edits) in strategy)| {
        let mut bytes = seeds[seed].1.clone();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        run_all(&bytes);
    });
}

#[test]
fn random_bytes_never_panic() {
    proptest!(ProptestConfig::with_cases(512), |(bytes in prop::collection::vec(any::<u8>(), 0..512))| {
        run_all(&bytes);
    });
}

/// Over the wire: bytes that are no protobuf message of the method's
/// request type are the caller's fault, so `INVALID_ARGUMENT`, never
/// `INTERNAL` (prost's own codec says `INTERNAL`; `codec.rs` maps it).
#[tokio::test]
async fn undecodable_request_bytes_are_invalid_argument() {
    let server = crate::support::TestServer::start().await;
    for garbage in [
        vec![0xff, 0xff, 0xff, 0xff],
        vec![0x0a, 0x05, b'a', b'b', b'c'],
        (0..=255u8).collect::<Vec<u8>>(),
    ] {
        for path in [
            "/salesphysics.v1.PayoutService/ComputeStatement",
            "/salesphysics.v1.TieringService/ClassifyAccounts",
        ] {
            let status = crate::support::raw_unary(server.channel().await, path, garbage.clone())
                .await
                .unwrap_err();
            assert_eq!(
                status.code(),
                tonic::Code::InvalidArgument,
                "{path}: {status:?}"
            );
        }
    }
}
