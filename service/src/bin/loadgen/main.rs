//! `loadgen`: drives a running salesphysics server over gRPC and reports
//! calls/s, transaction lines/s, p50/p99/p99.9 latency, failures and the
//! server's peak RSS. Closed loop (`--rate 0`: `--concurrency` callers, each
//! sending its next call when the last one answered — the maximum rate) or
//! open loop (`--rate R`: calls start on a fixed schedule whatever the
//! answers, and latency counts from the scheduled start, so a stall is not
//! hidden by the callers waiting on it).
//!
//! Retries follow the gRPC service config below (tonic has no service
//! config support, so the policy is applied here, as every gRPC client
//! language does from the JSON):
//!
//! ```json
//! {"methodConfig": [{"name": [{"service": "salesphysics.v1.PayoutService"}, …],
//!   "retryPolicy": {"maxAttempts": 5, "initialBackoff": "0.05s",
//!     "maxBackoff": "1s", "backoffMultiplier": 2,
//!     "retryableStatusCodes": ["UNAVAILABLE"]}}]}
//! ```

mod shared;

/// mimalloc: decoding a response is mostly small allocations, and the
/// client shares the cores with the server it measures (see Cargo.toml for
/// why the server keeps glibc's malloc).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use core::time::Duration;
use std::sync::Arc;
use std::time::Instant;

use clap::{Parser, ValueEnum};
use salesphysics_service::metrics::Memory;
use salesphysics_service::pb::salesphysics::v1 as pb;
use salesphysics_service::pb::salesphysics::v1::engine_service_client::EngineServiceClient;
use salesphysics_service::workload;
use tonic::transport::{Channel, Endpoint};
use tonic::Code;

/// Load generator for the salesphysics.v1 service.
#[derive(Debug, Parser)]
struct Args {
    /// Server (or balancer) address.
    #[arg(long, default_value = "http://127.0.0.1:50051")]
    addr: String,

    /// What to call.
    #[arg(long, value_enum, default_value_t = Scenario::Unary)]
    scenario: Scenario,

    /// Calls per second on a fixed schedule (open loop); 0 = closed loop.
    #[arg(long, default_value_t = 0)]
    rate: u32,

    /// Callers in closed loop; most calls outstanding in open loop.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,

    /// HTTP/2 connections the calls are spread over.
    #[arg(long, default_value_t = 4)]
    connections: usize,

    /// How long to send (seconds), after `--warmup-secs`.
    #[arg(long, default_value_t = 5)]
    duration_secs: u64,

    /// Calls sent and not measured first (seconds).
    #[arg(long, default_value_t = 1)]
    warmup_secs: u64,

    /// Transaction lines per statement (unary, batch).
    #[arg(long, default_value_t = 100)]
    lines: i64,

    /// Statements per batch call.
    #[arg(long, default_value_t = 100)]
    statements: i64,

    /// Accounts per tiering call.
    #[arg(long, default_value_t = 1_000)]
    accounts: i64,

    /// Ask for statements without their line items (STATEMENT_VIEW_BASIC).
    #[arg(long)]
    basic_view: bool,

    /// Measure the floor of a statement call (unary, batch): each statement
    /// asks for an unknown view, so the server decodes the whole request
    /// and refuses it at its first check with INVALID_ARGUMENT, which is
    /// counted as answered. What is left is the client's encoding, the
    /// transport and the server's protobuf decoding: the most calls/s any
    /// handler could reach with this request on this machine.
    #[arg(long)]
    floor: bool,

    /// Retry UNAVAILABLE per the service config in the docs above.
    #[arg(long)]
    retry: bool,

    /// Server process ids whose peak RSS (VmHWM) to report.
    #[arg(long, value_delimiter = ',')]
    server_pid: Vec<u32>,

    /// Runtime threads of the load generator itself.
    #[arg(long, default_value_t = 1)]
    client_threads: usize,

    /// Exit 1 if any call failed (after retries).
    #[arg(long)]
    fail_on_error: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Scenario {
    /// GetEngineInfo: the no-op ceiling of this server.
    Noop,
    /// ComputeStatement with `--lines` lines.
    Unary,
    /// ClassifyAccounts with `--accounts` accounts.
    Tiering,
    /// BatchComputeStatements of `--statements` × `--lines` lines.
    Batch,
}

/// The request of a scenario, built once and shared by every call (each
/// call encodes it afresh).
#[derive(Debug, Clone)]
enum Call {
    Noop,
    Unary(Arc<pb::ComputeStatementRequest>),
    Tiering(Arc<pb::ClassifyAccountsRequest>),
    Batch(Arc<pb::BatchComputeStatementsRequest>),
}

impl Call {
    fn of(args: &Args) -> (Call, u64) {
        let lines = u64::try_from(args.lines).unwrap_or(0);
        let statements_count = u64::try_from(args.statements).unwrap_or(0);
        match args.scenario {
            Scenario::Noop => (Call::Noop, 0),
            Scenario::Unary => (
                Call::Unary(Arc::new(floored(
                    workload::viewed(workload::statement(1, args.lines), args.basic_view),
                    args.floor,
                ))),
                lines,
            ),
            Scenario::Tiering => (
                Call::Tiering(Arc::new(workload::accounts(args.accounts))),
                u64::try_from(args.accounts).unwrap_or(0),
            ),
            Scenario::Batch => {
                let batch = workload::batch(args.statements, args.lines, args.basic_view);
                let statements = batch
                    .statements
                    .into_iter()
                    .map(|statement| floored(statement, args.floor))
                    .collect();
                (
                    Call::Batch(Arc::new(pb::BatchComputeStatementsRequest { statements })),
                    lines.saturating_mul(statements_count),
                )
            }
        }
    }

    async fn send(&self, channel: Channel) -> Result<(), tonic::Status> {
        match self {
            Call::Noop => EngineServiceClient::new(channel)
                .get_engine_info(pb::GetEngineInfoRequest {})
                .await
                .map(drop),
            Call::Unary(request) => {
                unary::<_, pb::ComputeStatementResponse>(
                    channel,
                    request,
                    "/salesphysics.v1.PayoutService/ComputeStatement",
                )
                .await
            }
            Call::Tiering(request) => {
                unary::<_, pb::ClassifyAccountsResponse>(
                    channel,
                    request,
                    "/salesphysics.v1.TieringService/ClassifyAccounts",
                )
                .await
            }
            Call::Batch(request) => {
                unary::<_, pb::BatchComputeStatementsResponse>(
                    channel,
                    request,
                    "/salesphysics.v1.PayoutService/BatchComputeStatements",
                )
                .await
            }
        }
    }

    /// Sends, retrying UNAVAILABLE with exponential backoff and full
    /// jitter when `policy.retry`; returns the outcome (a refusal counted
    /// as answered under `policy.floor`) and the retries made.
    async fn send_with_retry(
        &self,
        channel: &Channel,
        policy: Policy,
        jitter: &mut Jitter,
    ) -> (Result<(), tonic::Status>, u32) {
        let mut backoff = RETRY_INITIAL_BACKOFF;
        let mut attempt = 1;
        loop {
            let outcome = self.send(channel.clone()).await;
            match outcome {
                Err(status)
                    if policy.retry
                        && status.code() == Code::Unavailable
                        && attempt < RETRY_MAX_ATTEMPTS =>
                {
                    tokio::time::sleep(jitter.below(backoff)).await;
                    backoff = backoff.saturating_mul(2).min(RETRY_MAX_BACKOFF);
                    attempt = attempt.saturating_add(1);
                }
                Err(status)
                    if policy.floor
                        && status.code() == Code::InvalidArgument
                        && status.message().contains("view") =>
                {
                    return (Ok(()), attempt.saturating_sub(1))
                }
                outcome => return (outcome, attempt.saturating_sub(1)),
            }
        }
    }
}

/// The view no server knows: `--floor`'s way to be refused after the
/// whole request is decoded.
const UNKNOWN_VIEW: i32 = 1_000;

/// `request` asking for [`UNKNOWN_VIEW`] when `floor` is set.
fn floored(request: pb::ComputeStatementRequest, floor: bool) -> pb::ComputeStatementRequest {
    if floor {
        pb::ComputeStatementRequest {
            view: UNKNOWN_VIEW,
            ..request
        }
    } else {
        request
    }
}

/// How a call's outcome is taken: `--retry` and `--floor`.
#[derive(Debug, Clone, Copy)]
struct Policy {
    retry: bool,
    floor: bool,
}

impl Policy {
    fn of(args: &Args) -> Self {
        Policy {
            retry: args.retry,
            floor: args.floor,
        }
    }
}

const RETRY_MAX_ATTEMPTS: u32 = 5;
const RETRY_INITIAL_BACKOFF: Duration = Duration::from_millis(50);
const RETRY_MAX_BACKOFF: Duration = Duration::from_secs(1);

/// One unary call of `path` with the shared `request`, its response
/// decoded in full (as a client would) and dropped.
async fn unary<T, U>(
    channel: Channel,
    request: &Arc<T>,
    path: &'static str,
) -> Result<(), tonic::Status>
where
    T: prost::Message + Send + Sync + 'static,
    U: prost::Message + Default + Send + Sync + 'static,
{
    let mut grpc = tonic::client::Grpc::new(channel).max_decoding_message_size(usize::MAX);
    grpc.ready()
        .await
        .map_err(|e| tonic::Status::unavailable(e.to_string()))?;
    grpc.unary(
        tonic::Request::new(Arc::clone(request)),
        http::uri::PathAndQuery::from_static(path),
        shared::SharedCodec::<T, U>::default(),
    )
    .await
    .map(drop)
}

/// xorshift64: the retry jitter needs spread, not unpredictability.
#[derive(Debug)]
struct Jitter(u64);

impl Jitter {
    /// A duration uniformly in `[0, max]` (microsecond steps).
    fn below(&mut self, max: Duration) -> Duration {
        self.0 ^= self.0.wrapping_shl(13);
        self.0 ^= self.0.wrapping_shr(7);
        self.0 ^= self.0.wrapping_shl(17);
        let micros = u64::try_from(max.as_micros()).unwrap_or(u64::MAX);
        Duration::from_micros(self.0.checked_rem(micros.saturating_add(1)).unwrap_or(0))
    }
}

/// What one caller saw.
#[derive(Debug, Default)]
struct Tally {
    latencies_us: Vec<u64>,
    failed: u64,
    retries: u64,
    failures: Vec<String>,
}

impl Tally {
    fn record(&mut self, started: Instant, outcome: Result<(), tonic::Status>, retries: u32) {
        self.retries = self.retries.saturating_add(u64::from(retries));
        match outcome {
            Ok(()) => self
                .latencies_us
                .push(u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX)),
            Err(status) => {
                self.failed = self.failed.saturating_add(1);
                if self.failures.len() < 5 {
                    self.failures
                        .push(format!("{:?}: {}", status.code(), status.message()));
                }
            }
        }
    }

    fn merge(&mut self, other: Tally) {
        self.latencies_us.extend(other.latencies_us);
        self.failed = self.failed.saturating_add(other.failed);
        self.retries = self.retries.saturating_add(other.retries);
        self.failures.extend(other.failures);
    }
}

fn main() -> Result<(), Box<dyn core::error::Error + Send + Sync>> {
    let args = Args::parse();
    if args.floor && !matches!(args.scenario, Scenario::Unary | Scenario::Batch) {
        return Err(
            "--floor measures statement calls: use it with --scenario unary or batch".into(),
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.client_threads.max(1))
        .enable_all()
        .build()?;
    let failed = runtime.block_on(run(args))?;
    if failed {
        std::process::exit(1);
    }
    Ok(())
}

async fn run(args: Args) -> Result<bool, Box<dyn core::error::Error + Send + Sync>> {
    let mut channels = Vec::new();
    for _ in 0..args.connections.max(1) {
        channels.push(Endpoint::from_shared(args.addr.clone())?.connect().await?);
    }
    let (call, lines_per_call) = Call::of(&args);
    let call = Arc::new(call);
    let warmup = Duration::from_secs(args.warmup_secs);
    let duration = Duration::from_secs(args.duration_secs);
    let begin = Instant::now();
    let measure_from = begin.checked_add(warmup).unwrap_or(begin);
    let end = measure_from.checked_add(duration).unwrap_or(measure_from);

    let tally = if args.rate == 0 {
        closed_loop(&args, &call, &channels, measure_from, end).await
    } else {
        open_loop(&args, &call, &channels, measure_from, end).await
    };

    let calls = u64::try_from(tally.latencies_us.len()).unwrap_or(u64::MAX);
    let seconds = duration.as_secs_f64();
    let mut latencies = tally.latencies_us;
    latencies.sort_unstable();
    let peak_rss_kib: Vec<String> = args
        .server_pid
        .iter()
        .map(|&pid| match Memory::of(pid) {
            Some(memory) => format!("{pid}:{:.1}MiB", kib_as_mib(memory.peak_rss_kib)),
            None => format!("{pid}:?"),
        })
        .collect();
    println!(
        "scenario={:?} mode={} rate={} concurrency={} connections={} seconds={} \
         calls={calls} calls_per_s={:.0} lines_per_s={:.0} p50_us={} p99_us={} p999_us={} \
         failed={} retries={} server_peak_rss={}",
        args.scenario,
        if args.rate == 0 { "closed" } else { "open" },
        args.rate,
        args.concurrency,
        args.connections,
        args.duration_secs,
        per_second(calls, seconds),
        per_second(calls.saturating_mul(lines_per_call), seconds),
        percentile(&latencies, 500),
        percentile(&latencies, 990),
        percentile(&latencies, 999),
        tally.failed,
        tally.retries,
        if peak_rss_kib.is_empty() {
            "-".to_owned()
        } else {
            peak_rss_kib.join(",")
        },
    );
    for failure in &tally.failures {
        eprintln!("failure: {failure}");
    }
    Ok(args.fail_on_error && tally.failed > 0)
}

async fn closed_loop(
    args: &Args,
    call: &Arc<Call>,
    channels: &[Channel],
    measure_from: Instant,
    end: Instant,
) -> Tally {
    let mut callers = tokio::task::JoinSet::new();
    for caller in 0..args.concurrency.max(1) {
        let call = Arc::clone(call);
        let channel = channels
            .get(caller.checked_rem(channels.len()).unwrap_or(0))
            .cloned();
        let policy = Policy::of(args);
        callers.spawn(async move {
            let mut tally = Tally::default();
            let Some(channel) = channel else { return tally };
            let mut jitter = Jitter(0x9E37_79B9_7F4A_7C15 ^ u64::try_from(caller).unwrap_or(0));
            loop {
                let started = Instant::now();
                if started >= end {
                    return tally;
                }
                let (outcome, retries) = call.send_with_retry(&channel, policy, &mut jitter).await;
                if started >= measure_from {
                    tally.record(started, outcome, retries);
                }
            }
        });
    }
    let mut tally = Tally::default();
    while let Some(done) = callers.join_next().await {
        if let Ok(done) = done {
            tally.merge(done);
        }
    }
    tally
}

/// The open loop's schedule: every `period` from now until `end`, each
/// start sent when it is due. A thread sleeping to each start keeps the
/// schedule to the operating system's timer (tens of microseconds); tokio's
/// timer wheel rounds to whole milliseconds, which added up to a
/// millisecond of the generator's own lateness to every latency measured
/// from the schedule. A start that comes late (the machine busy) is sent
/// late and still measured from when it was due.
fn pace(period: Duration, end: Instant) -> tokio::sync::mpsc::UnboundedReceiver<Instant> {
    let (starts, ticks) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        let mut due = Instant::now();
        while due < end {
            std::thread::sleep(due.saturating_duration_since(Instant::now()));
            if starts.send(due).is_err() {
                break;
            }
            due = due.checked_add(period).unwrap_or(end);
        }
    });
    ticks
}

async fn open_loop(
    args: &Args,
    call: &Arc<Call>,
    channels: &[Channel],
    measure_from: Instant,
    end: Instant,
) -> Tally {
    let period = Duration::from_secs(1)
        .checked_div(args.rate)
        .unwrap_or(Duration::from_secs(1));
    let mut ticks = pace(period, end);
    let outstanding = Arc::new(tokio::sync::Semaphore::new(args.concurrency.max(1)));
    let mut calls = tokio::task::JoinSet::new();
    let mut tally = Tally::default();
    let mut sent = 0usize;
    while let Some(scheduled) = ticks.recv().await {
        let measured = scheduled >= measure_from;
        let Ok(slot) = Arc::clone(&outstanding).try_acquire_owned() else {
            // More outstanding than --concurrency: the server fell behind
            // the schedule; the call counts as failed, not queued.
            if measured {
                tally.record(
                    scheduled,
                    Err(tonic::Status::resource_exhausted(
                        "loadgen: --concurrency calls outstanding",
                    )),
                    0,
                );
            }
            continue;
        };
        let channel = channels
            .get(sent.checked_rem(channels.len()).unwrap_or(0))
            .cloned();
        sent = sent.wrapping_add(1);
        let call = Arc::clone(call);
        let policy = Policy::of(args);
        let seed = u64::try_from(sent).unwrap_or(0);
        calls.spawn(async move {
            let mut tally = Tally::default();
            let Some(channel) = channel else { return tally };
            let mut jitter = Jitter(0x9E37_79B9_7F4A_7C15 ^ seed);
            let (outcome, retries) = call.send_with_retry(&channel, policy, &mut jitter).await;
            drop(slot);
            if measured {
                tally.record(scheduled, outcome, retries);
            }
            tally
        });
        while let Some(done) = calls.try_join_next() {
            if let Ok(done) = done {
                tally.merge(done);
            }
        }
    }
    while let Some(done) = calls.join_next().await {
        if let Ok(done) = done {
            tally.merge(done);
        }
    }
    tally
}

/// The `per_mille`-th per mille of sorted `values` (nearest rank), 0 if none.
fn percentile(sorted: &[u64], per_mille: usize) -> u64 {
    let rank = sorted
        .len()
        .saturating_mul(per_mille)
        .div_ceil(1000)
        .saturating_sub(1);
    sorted.get(rank).copied().unwrap_or(0)
}

#[allow(clippy::cast_precision_loss, clippy::float_arithmetic)]
fn per_second(count: u64, seconds: f64) -> f64 {
    if seconds > 0.0 {
        count as f64 / seconds
    } else {
        0.0
    }
}

#[allow(clippy::cast_precision_loss, clippy::float_arithmetic)]
fn kib_as_mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

#[cfg(test)]
mod tests {
    use core::time::Duration;

    use super::{percentile, Jitter};

    #[test]
    fn percentiles_are_nearest_rank() {
        let sorted: Vec<u64> = (1..=1000).collect();
        // Rank ⌈n·p⌉: the 500th, 990th and 999th of 1..=1000.
        assert_eq!(percentile(&sorted, 500), 500);
        assert_eq!(percentile(&sorted, 990), 990);
        assert_eq!(percentile(&sorted, 999), 999);
        // Ten values: p99.9 is the largest, p50 the fifth.
        let ten: Vec<u64> = (1..=10).collect();
        assert_eq!(percentile(&ten, 999), 10);
        assert_eq!(percentile(&ten, 500), 5);
        assert_eq!(percentile(&[], 500), 0);
    }

    #[test]
    fn jitter_stays_within_the_backoff() {
        let mut jitter = Jitter(42);
        let max = Duration::from_millis(50);
        assert!((0..1000).all(|_| jitter.below(max) <= max));
        assert_eq!(jitter.below(Duration::ZERO), Duration::ZERO);
    }
}
