//! CompensationService: crediting with rollups and earnings with explained
//! lines.

use salesphysics_service::pb::salesphysics::v1 as pb;
use salesphysics_service::pb::salesphysics::v1::compensation_service_client::CompensationServiceClient;
use tonic::Code;

use crate::support::{assert_rejected, date, usd, TestServer};

fn split(participant_id: i64, share: &str) -> pb::Split {
    pb::Split {
        participant_id,
        kind: pb::SplitKind::Revenue as i32,
        share: share.into(),
    }
}

fn deal(id: i64, units: i64, splits: Vec<pb::Split>) -> pb::Transaction {
    pb::Transaction {
        source: Some(pb::Source {
            transaction_id: id,
            date: date(2026, 1, 15),
            kind: pb::TransactionKind::New as i32,
            term_months: 12,
            account_tier: pb::AccountTier::Smb as i32,
            channel: pb::Channel::Inbound as i32,
            ..Default::default()
        }),
        amount: usd(units, 0),
        quantity: String::new(),
        splits,
    }
}

/// A reports to manager 9 for 2026.
fn hierarchy() -> Vec<pb::ReportingLine> {
    vec![pb::ReportingLine {
        participant_id: 1,
        manager_id: 9,
        effective: Some(pb::Period {
            first: date(2026, 1, 1),
            last: date(2026, 12, 31),
        }),
    }]
}

#[tokio::test]
async fn a_split_deal_credits_both_reps_and_rolls_up_to_the_manager() {
    let server = TestServer::start().await;
    let mut client = CompensationServiceClient::new(server.channel().await);
    let response = client
        .credit_transactions(pb::CreditTransactionsRequest {
            transactions: vec![deal(7, 1_000, vec![split(1, "0.6"), split(2, "0.4")])],
            hierarchy: hierarchy(),
        })
        .await
        .unwrap()
        .into_inner();
    // 1,000 split 60/40: rep 1 gets 600 and its manager 9 the same 600 as
    // a rollup (right after it), rep 2 gets 400.
    let credits: Vec<_> = response
        .credits
        .iter()
        .map(|c| (c.participant_id, c.kind, c.credited_from, c.amount.clone()))
        .collect();
    assert_eq!(
        credits,
        vec![
            (1, pb::CreditKind::Revenue as i32, 1, usd(600, 0)),
            (9, pb::CreditKind::Rollup as i32, 1, usd(600, 0)),
            (2, pb::CreditKind::Revenue as i32, 2, usd(400, 0)),
        ]
    );
    assert_eq!(
        response.credits[0].source.as_ref().unwrap().transaction_id,
        7
    );

    // An unspecified split kind names the split.
    let mut bad = split(2, "0.4");
    bad.kind = 0;
    let status = client
        .credit_transactions(pb::CreditTransactionsRequest {
            transactions: vec![
                deal(7, 1_000, vec![split(1, "0.6")]),
                deal(8, 10, vec![bad]),
            ],
            hierarchy: vec![],
        })
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_INVALID",
        "transactions[1].splits[0].kind",
    );

    // More than 8 splits is over the core's list cap.
    let status = client
        .credit_transactions(pb::CreditTransactionsRequest {
            transactions: vec![deal(7, 1_000, vec![split(1, "0.1"); 9])],
            hierarchy: vec![],
        })
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::ResourceExhausted,
        "SALESPHYSICS_TOO_MANY",
        "transactions[0].splits",
    );
}

/// The core's documented example plan: one component, 10 % of new MRR
/// (the benchmark workload's plan).
pub use salesphysics_service::workload::ten_percent_plan;

/// The example's one credit: 4,800 of new MRR for participant 1.
pub fn example_credit() -> pb::CreditLine {
    pb::CreditLine {
        participant_id: 1,
        kind: pb::CreditKind::Revenue as i32,
        split_kind: pb::SplitKind::Revenue as i32,
        credited_from: 1,
        share: "1".into(),
        amount: usd(4_800, 0),
        quantity: "0".into(),
        source: deal(7, 4_800, vec![]).source,
    }
}

#[tokio::test]
async fn earnings_explain_every_figure() {
    let server = TestServer::start().await;
    let mut client = CompensationServiceClient::new(server.channel().await);
    let response = client
        .compute_earnings(pb::ComputeEarningsRequest {
            plan: Some(ten_percent_plan()),
            participant_id: 1,
            credits: vec![example_credit()],
            fx: vec![],
            through: date(2026, 1, 31),
        })
        .await
        .unwrap()
        .into_inner();
    // 4,800 × 10 % = 480.00, one commission line in tier 0 of rule 10;
    // attainment 4,800 ÷ 10,000 = 0.48.
    let summary = response.summary.unwrap();
    assert_eq!(summary.total, usd(480, 0));
    assert_eq!(response.lines.len(), 1);
    let line = &response.lines[0];
    assert_eq!(line.kind, pb::LineKind::Commission as i32);
    assert_eq!(
        (line.rule_id, line.tier, line.transaction_id),
        (10, Some(0), Some(7))
    );
    assert_eq!((line.credit.as_str(), line.rate.as_str()), ("4800", "0.1"));
    assert_eq!(line.amount, usd(480, 0));
    assert_eq!(summary.attainment.unwrap().components[0].attainment, "0.48");

    // A weight that does not sum to 1 is a core rule inside the plan.
    let mut plan = ten_percent_plan();
    plan.components[0].weight = "0.9".into();
    let status = client
        .compute_earnings(pb::ComputeEarningsRequest {
            plan: Some(plan),
            participant_id: 1,
            credits: vec![example_credit()],
            fx: vec![],
            through: date(2026, 1, 31),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    let field = &tonic_types::StatusExt::get_error_details(&status)
        .bad_request()
        .unwrap()
        .field_violations[0]
        .field
        .clone();
    assert!(field.starts_with("plan.components"), "{field}");
}
