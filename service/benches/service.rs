//! Round trips through the real server on loopback, one client, one call
//! at a time: the no-op ceiling, a unary payout statement with 100
//! credit lines, and a batch of 100 such statements (10,000 lines) — the
//! requests of `salesphysics_service::workload`, as `loadgen` sends them.
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
use salesphysics_service::pb::salesphysics::v1 as pb;
use salesphysics_service::pb::salesphysics::v1::engine_service_client::EngineServiceClient;
use salesphysics_service::pb::salesphysics::v1::payout_service_client::PayoutServiceClient;
use salesphysics_service::workload::{batch, statement};
use tonic::transport::{Channel, Endpoint};

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
    let full = batch(100, 100, false);
    group.throughput(Throughput::Elements(100 * 100));
    group.bench_function("batch_100x100_lines", |b| {
        b.iter(|| {
            client
                .block_on(payout.batch_compute_statements(full.clone()))
                .unwrap()
        });
    });
    let basic = batch(100, 100, true);
    group.bench_function("batch_100x100_lines_basic_view", |b| {
        b.iter(|| {
            client
                .block_on(payout.batch_compute_statements(basic.clone()))
                .unwrap()
        });
    });
    group.finish();
}

/// One 100-line statement, stage by stage as the server and the client
/// spend it: the client encodes the request, the server decodes it,
/// converts it in, computes, fingerprints, converts out and encodes the
/// response, and the client decodes that.
fn stages(c: &mut Criterion) {
    use prost::Message as _;
    use salesphysics_service::convert::payout as cv;
    use salesphysics_service::{api, fingerprint};
    let request = statement(1, 100);
    let request_bytes = request.encode_to_vec();
    let owned = cv::statement_request(&request).unwrap();
    let computed = owned.compute().unwrap();
    let response = api::payout::compute_statement(&request).unwrap();
    let response_bytes = response.encode_to_vec();
    let mut group = c.benchmark_group("service_stages_100_lines");
    group.bench_function("client_encode_request", |b| {
        b.iter(|| request.encode_to_vec());
    });
    group.bench_function("decode_request", |b| {
        b.iter(|| pb::ComputeStatementRequest::decode(request_bytes.as_slice()).unwrap());
    });
    group.bench_function("convert_in", |b| {
        b.iter(|| cv::statement_request(&request).unwrap());
    });
    group.bench_function("core_compute", |b| {
        b.iter(|| owned.compute().unwrap());
    });
    group.bench_function("fingerprint", |b| {
        b.iter(|| fingerprint::of("ComputeStatement", &owned).unwrap());
    });
    group.bench_function("convert_out_full", |b| {
        b.iter(|| cv::statement_response_out(&computed, true).unwrap());
    });
    group.bench_function("convert_out_basic", |b| {
        b.iter(|| cv::statement_response_out(&computed, false).unwrap());
    });
    group.bench_function("handler_full", |b| {
        b.iter(|| api::payout::compute_statement(&request).unwrap());
    });
    group.bench_function("encode_response_full", |b| {
        b.iter(|| response.encode_to_vec());
    });
    group.bench_function("client_decode_response_full", |b| {
        b.iter(|| pb::ComputeStatementResponse::decode(response_bytes.as_slice()).unwrap());
    });
    group.finish();
}

criterion_group!(benches, round_trips, stages);
criterion_main!(benches);
