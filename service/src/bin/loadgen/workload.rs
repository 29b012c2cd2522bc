//! The requests the load generator (and the hostile tests) send: the
//! January statement of one AE on 10 % of new MRR with a 50 % holdback —
//! the same shape as `benches/service.rs` — and a tiering batch.

use salesphysics_service::pb::google::r#type as gtype;
use salesphysics_service::pb::salesphysics::v1 as pb;

fn usd(units: i64) -> Option<gtype::Money> {
    Some(gtype::Money {
        currency_code: "USD".into(),
        units,
        nanos: 0,
    })
}

fn date(year: i32, month: i32, day: i32) -> Option<gtype::Date> {
    Some(gtype::Date { year, month, day })
}

/// `lines` deals of 1,000 + i USD for `participant_id`, spread over
/// January in date order.
pub fn statement(participant_id: i64, lines: i64) -> pb::ComputeStatementRequest {
    let credits = (0..lines)
        .map(|i| {
            let day = i.saturating_mul(30).checked_div(lines).unwrap_or(0);
            pb::CreditLine {
                participant_id,
                kind: pb::CreditKind::Revenue as i32,
                split_kind: pb::SplitKind::Revenue as i32,
                credited_from: participant_id,
                share: "1".into(),
                amount: usd(i.saturating_add(1_000)),
                quantity: String::new(),
                source: Some(pb::Source {
                    transaction_id: participant_id.saturating_mul(1_000_000).saturating_add(i),
                    date: date(2026, 1, i32::try_from(day).unwrap_or(0).saturating_add(1)),
                    kind: pb::TransactionKind::New as i32,
                    term_months: 12,
                    ..Default::default()
                }),
            }
        })
        .collect();
    pb::ComputeStatementRequest {
        participant_id,
        period: Some(pb::Period {
            first: date(2026, 1, 1),
            last: date(2026, 1, 31),
        }),
        plan: Some(pb::Plan {
            id: 1,
            version: 1,
            role: pb::Role::AccountExecutive as i32,
            effective: Some(pb::Period {
                first: date(2026, 1, 1),
                last: date(2026, 12, 31),
            }),
            currency_code: "USD".into(),
            on_target_earnings: "120000".into(),
            variable_share: "0.5".into(),
            components: vec![pb::Component {
                id: 10,
                weight: "1".into(),
                measure: Some(pb::Measure {
                    kinds: vec![pb::TransactionKind::New as i32],
                    unit: pb::MeasureUnit::Mrr as i32,
                    ..Default::default()
                }),
                quota: "10000".into(),
                quota_period: pb::QuotaPeriod::Month as i32,
                rate_table: Some(pb::RateTable {
                    method: pb::RateMethod::Graduated as i32,
                    tiers: vec![pb::RateTier {
                        lower: "0".into(),
                        upper: None,
                        rate: "0.10".into(),
                    }],
                }),
                tier_basis: pb::TierBasis::PeriodToDate as i32,
                tier_axis: pb::TierAxis::Amount as i32,
                ..Default::default()
            }],
            rounding: Some(pb::RoundingPolicy {
                at: pb::RoundAt::Line as i32,
                mode: pb::RoundingMode::HalfEven as i32,
            }),
            ..Default::default()
        }),
        policy: Some(pb::PayoutPolicy {
            holdbacks: vec![pb::HoldbackRule {
                id: 20,
                kinds: vec![pb::TransactionKind::New as i32],
                share: "0.5".into(),
                condition: Some(pb::ReleaseCondition {
                    kind: pb::ReleaseConditionKind::CustomerLive as i32,
                    ..Default::default()
                }),
                steps: vec![],
            }],
            ..Default::default()
        }),
        credits,
        fx_date: date(2026, 1, 31),
        ..Default::default()
    }
}

/// `request` with the basic view (no line items) when `basic` is set.
pub fn viewed(request: pb::ComputeStatementRequest, basic: bool) -> pb::ComputeStatementRequest {
    let view = if basic {
        pb::StatementView::Basic
    } else {
        pb::StatementView::Full
    };
    pb::ComputeStatementRequest {
        view: view as i32,
        ..request
    }
}

/// `statements` statements of `lines` lines each, participants 1, 2, ….
pub fn batch(statements: i64, lines: i64) -> pb::BatchComputeStatementsRequest {
    pb::BatchComputeStatementsRequest {
        statements: (1..=statements).map(|p| statement(p, lines)).collect(),
    }
}

/// `accounts` accounts for ClassifyAccounts against the default policy,
/// their values cycling through every tier (1,000 to 200,000 USD).
pub fn accounts(accounts: i64) -> pb::ClassifyAccountsRequest {
    pb::ClassifyAccountsRequest {
        policy: None,
        accounts: (1..=accounts)
            .map(|id| pb::Account {
                id,
                first_year_value: usd(id.wrapping_rem(200).saturating_add(1).saturating_mul(1_000)),
                decision_makers: id.wrapping_rem(5),
                technical_integration: id.wrapping_rem(2) == 0,
                ..Default::default()
            })
            .collect(),
    }
}
