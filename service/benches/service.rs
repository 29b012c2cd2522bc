//! Round trips through the real server on loopback, one client, one call
//! at a time: the no-op ceiling, a unary payout statement with 100
//! credit lines, and a batch of 100 such statements (10,000 lines).
//!
//! ```sh
//! cargo bench -p salesphysics-service --bench service -- --warm-up-time 1 --measurement-time 3
//! ```
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects,
    missing_docs
)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use salesphysics_service::pb::google::r#type as gtype;
use salesphysics_service::pb::salesphysics::v1 as pb;
use salesphysics_service::pb::salesphysics::v1::engine_service_client::EngineServiceClient;
use salesphysics_service::pb::salesphysics::v1::payout_service_client::PayoutServiceClient;
use tonic::transport::{Channel, Endpoint};

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

/// January for one AE on 10 % of new MRR with a 50 % holdback: `lines`
/// deals of 1,000 + i spread over the month in date order.in date order.
fn statement(participant_id: i64, lines: i64) -> pb::ComputeStatementRequest {
    let credits = (0..lines)
        .map(|i| pb::CreditLine {
            participant_id,
            kind: pb::CreditKind::Revenue as i32,
            split_kind: pb::SplitKind::Revenue as i32,
            credited_from: participant_id,
            share: "1".into(),
            amount: usd(1_000 + i),
            quantity: String::new(),
            source: Some(pb::Source {
                transaction_id: participant_id * 1_000 + i,
                date: date(2026, 1, 1 + i32::try_from(i * 30 / lines).unwrap()),
                kind: pb::TransactionKind::New as i32,
                term_months: 12,
                ..Default::default()
            }),
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

/// Starts the server on its own runtime and returns a connected channel.
fn serve(client: &tokio::runtime::Runtime) -> Channel {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let runtime = salesphysics_service::server::runtime().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            salesphysics_service::server::serve(listener, core::future::pending())
                .await
                .unwrap();
        });
    });
    client.block_on(async {
        Endpoint::from_shared(format!("http://{addr}"))
            .unwrap()
            .connect()
            .await
            .unwrap()
    })
}

fn round_trips(c: &mut Criterion) {
    let client = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let channel = serve(&client);
    let mut engine = EngineServiceClient::new(channel.clone());
    let mut payout = PayoutServiceClient::new(channel).max_decoding_message_size(usize::MAX);

    let mut group = c.benchmark_group("service");
    group.throughput(Throughput::Elements(1));
    group.bench_function("noop_get_engine_info", |b| {
        b.iter(|| {
            client
                .block_on(engine.get_engine_info(pb::GetEngineInfoRequest {}))
                .unwrap()
        });
    });
    let unary = statement(1, 100);
    group.bench_function("unary_statement_100_lines", |b| {
        b.iter(|| {
            client
                .block_on(payout.compute_statement(unary.clone()))
                .unwrap()
        });
    });
    let batch = pb::BatchComputeStatementsRequest {
        statements: (1..=100).map(|p| statement(p, 100)).collect(),
    };
    group.throughput(Throughput::Elements(100 * 100));
    group.bench_function("batch_100x100_lines", |b| {
        b.iter(|| {
            client
                .block_on(payout.batch_compute_statements(batch.clone()))
                .unwrap()
        });
    });
    let basic = pb::BatchComputeStatementsRequest {
        statements: batch
            .statements
            .iter()
            .map(|s| pb::ComputeStatementRequest {
                view: pb::StatementView::Basic as i32,
                ..s.clone()
            })
            .collect(),
    };
    group.bench_function("batch_100x100_lines_basic_view", |b| {
        b.iter(|| {
            client
                .block_on(payout.batch_compute_statements(basic.clone()))
                .unwrap()
        });
    });
    group.finish();
}

/// One 100-line statement inside the server, without the network: the
/// handler (convert in, core, fingerprint, convert out) and the response's
/// protobuf encoding.
fn handler_parts(c: &mut Criterion) {
    use prost::Message as _;
    let unary = statement(1, 100);
    let response = salesphysics_service::api::payout::compute_statement(&unary).unwrap();
    let mut group = c.benchmark_group("service_parts");
    group.bench_function("handler_statement_100_lines", |b| {
        b.iter(|| salesphysics_service::api::payout::compute_statement(&unary).unwrap());
    });
    group.bench_function("encode_statement_response_100_lines", |b| {
        b.iter(|| response.encode_to_vec());
    });
    let bytes = response.encode_to_vec();
    group.bench_function("decode_statement_response_100_lines", |b| {
        b.iter(|| pb::ComputeStatementResponse::decode(bytes.as_slice()).unwrap());
    });
    group.finish();
}

criterion_group!(benches, round_trips, handler_parts);
criterion_main!(benches);
