//! The benchmark workload, defined once: the requests that
//! `benches/service.rs`, the `loadgen` binary and the tests send, so every
//! figure in `docs/benchmarks.md` measures the same calls.
//!
//! A statement is January for one account executive on the core's
//! documented example plan (10 % of new MRR, graduated, rounded per line
//! half-even) with a 50 % holdback until the customer is live; its credit
//! lines are deals of 1,000 + i USD spread over the month in date order.

use crate::pb::google::r#type as gtype;
use crate::pb::salesphysics::v1 as pb;

/// `units` whole US dollars.
pub fn usd(units: i64) -> Option<gtype::Money> {
    Some(gtype::Money {
        currency_code: "USD".into(),
        units,
        nanos: 0,
    })
}

/// A calendar date.
pub fn date(year: i32, month: i32, day: i32) -> Option<gtype::Date> {
    Some(gtype::Date { year, month, day })
}

/// The core's documented example plan: one component, 10 % of new MRR on
/// a 10,000 monthly quota, 2026, USD, rounded per line half-even.
pub fn ten_percent_plan() -> pb::Plan {
    pb::Plan {
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
        spifs: vec![],
        cap: None,
        rounding: Some(pb::RoundingPolicy {
            at: pb::RoundAt::Line as i32,
            mode: pb::RoundingMode::HalfEven as i32,
            places: 0,
        }),
        calendar: None,
        categories: Vec::new(),
    }
}

/// Half of every new deal's earnings held until the customer is live.
pub fn holdback_policy() -> pb::PayoutPolicy {
    pb::PayoutPolicy {
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
    }
}

/// January's statement for `participant_id` with `lines` deals of
/// 1,000 + i USD (transaction ids `participant_id · 10⁶ + i`).
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
        plan: Some(ten_percent_plan()),
        policy: Some(holdback_policy()),
        credits,
        fx_date: date(2026, 1, 31),
        ..Default::default()
    }
}

/// `request` with the basic view (no line items) when `basic` is set, the
/// full view otherwise.
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

/// `statements` statements of `lines` lines each, participants 1, 2, …,
/// in the basic view when `basic` is set.
pub fn batch(statements: i64, lines: i64, basic: bool) -> pb::BatchComputeStatementsRequest {
    pb::BatchComputeStatementsRequest {
        statements: (1..=statements)
            .map(|p| viewed(statement(p, lines), basic))
            .collect(),
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
