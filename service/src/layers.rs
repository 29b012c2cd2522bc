//! The tower layer every call passes through. In order, it:
//!
//! 1. refuses new calls with `UNAVAILABLE` while the server drains (health
//!    checks still answer, with `NOT_SERVING`);
//! 2. checks the bearer token (`UNAUTHENTICATED`, no detail) unless the
//!    call is health or reflection and `--auth-open-health` is set;
//! 3. takes a global and a per-connection call slot with `try_acquire`, and
//!    sheds the call with `UNAVAILABLE` at once when either is full — there
//!    is no queue (health checks take no slot, so probes pass under load);
//! 4. runs the handler under the request deadline (the shorter of
//!    `--request-timeout-ms` and the client's `grpc-timeout`;
//!    `DEADLINE_EXCEEDED`) and turns a panic into `INTERNAL` for that call;
//! 5. holds the slots until the response body ends — a stream is in flight
//!    until its last message — and then writes one log line (method, gRPC
//!    status, latency, input fingerprint; never payload or token) and the
//!    call's metrics. The status is the one the client gets: trailers for a
//!    body, headers for a trailers-only error, `CANCELLED` for a reset.

use core::future::Future;
use core::panic::AssertUnwindSafe;
use core::pin::Pin;
use core::sync::atomic::{AtomicBool, Ordering};
use core::task::{Context, Poll};
use core::time::Duration;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use futures::FutureExt as _;
use http_body::{Frame, SizeHint};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tonic::body::Body;
use tonic::{Code, Status};
use tower::{Layer, Service};

use crate::auth::Tokens;
use crate::config::Config;
use crate::conn::ConnInfo;
use crate::metrics as names;
use crate::status;

/// The input fingerprint of a response, set by the handlers (through
/// [`tag`]) so the call's log line can name the input without the payload.
#[derive(Debug, Clone)]
pub struct InputFingerprint(pub String);

/// A response message that carries an `input_fingerprint`.
pub trait Fingerprinted {
    /// The response's `input_fingerprint`.
    fn input_fingerprint(&self) -> &str;
}

macro_rules! fingerprinted {
    ($($message:ident),* $(,)?) => {$(
        impl Fingerprinted for crate::pb::salesphysics::v1::$message {
            fn input_fingerprint(&self) -> &str {
                &self.input_fingerprint
            }
        }
    )*};
}

fingerprinted!(
    ClassifyAccountsResponse,
    PlanRevenueGoalResponse,
    ComputeReverseFunnelResponse,
    ProjectForwardResponse,
    ComputeMrrBridgeResponse,
    ComputeUnitEconomicsResponse,
    ComputeWorkInProgressResponse,
    EvaluateLeadSlaResponse,
    PlanCapacityResponse,
    CreditTransactionsResponse,
    ComputeEarningsResponse,
    EstimateEarningsResponse,
    ComputeStatementResponse,
    BatchComputeStatementsResponse,
    PlanForwardResponse,
    PlanCoverageResponse,
    PlanNrrGoalResponse,
    SimulateFlowResponse,
);

/// `message` as a response whose extensions carry its fingerprint.
pub fn tag<T: Fingerprinted>(message: T) -> tonic::Response<T> {
    let fingerprint = InputFingerprint(message.input_fingerprint().to_owned());
    let mut response = tonic::Response::new(message);
    response.extensions_mut().insert(fingerprint);
    response
}

/// Who may call and how many at once; shared by every connection.
#[derive(Debug)]
pub struct Admission {
    slots: Arc<Semaphore>,
    max_calls: u32,
    draining: AtomicBool,
    tokens: Option<Tokens>,
    open_health: bool,
    request_timeout: Duration,
    /// `/package.Service/Method` of every served method: the metric label
    /// (anything else is `other`, so clients cannot grow the label set).
    methods: HashSet<String>,
}

impl Admission {
    /// The admission rules of `config`, with `tokens` (auth off if `None`).
    pub fn new(config: &Config, tokens: Option<Tokens>) -> Admission {
        let max_calls =
            u32::try_from(config.max_calls.min(Semaphore::MAX_PERMITS)).unwrap_or(u32::MAX);
        Admission {
            slots: Arc::new(Semaphore::new(max_calls as usize)),
            max_calls,
            draining: AtomicBool::new(false),
            tokens,
            open_health: config.auth_open_health,
            request_timeout: config.request_timeout(),
            methods: served_methods(),
        }
    }

    /// Refuse new calls from now on (health checks still answer).
    pub fn start_draining(&self) {
        self.draining.store(true, Ordering::SeqCst);
    }

    /// Resolves when no admitted call is in flight (while draining, no new
    /// one can start).
    pub async fn idle(&self) {
        let _all = self.slots.acquire_many(self.max_calls).await;
    }

    fn label(&self, path: &str) -> String {
        if self.methods.contains(path) {
            path.to_owned()
        } else {
            "other".to_owned()
        }
    }
}

/// Every method of the descriptor sets the server registers.
fn served_methods() -> HashSet<String> {
    use prost::Message as _;
    let mut methods = HashSet::new();
    for set in [
        crate::pb::FILE_DESCRIPTOR_SET,
        tonic_health::pb::FILE_DESCRIPTOR_SET,
        tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET,
        tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET,
    ] {
        let Ok(set) = prost_types::FileDescriptorSet::decode(set) else {
            continue;
        };
        for file in &set.file {
            for service in &file.service {
                for method in &service.method {
                    methods.insert(format!(
                        "/{}.{}/{}",
                        file.package(),
                        service.name(),
                        method.name()
                    ));
                }
            }
        }
    }
    methods
}

/// Wraps a service in [`CallService`].
#[derive(Debug, Clone)]
pub struct CallLayer {
    admission: Arc<Admission>,
}

impl CallLayer {
    /// A layer that admits calls by `admission`.
    pub fn new(admission: Arc<Admission>) -> CallLayer {
        CallLayer { admission }
    }
}

impl Default for CallLayer {
    /// The production defaults of [`Config`], without auth.
    fn default() -> CallLayer {
        CallLayer::new(Arc::new(Admission::new(&Config::default(), None)))
    }
}

impl<S> Layer<S> for CallLayer {
    type Service = CallService<S>;

    fn layer(&self, inner: S) -> CallService<S> {
        CallService {
            inner,
            admission: Arc::clone(&self.admission),
        }
    }
}

/// Admits, times, logs and measures each call; see the module docs.
#[derive(Debug, Clone)]
pub struct CallService<S> {
    inner: S,
    admission: Arc<Admission>,
}

type BoxFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

/// What kind of call a path is, for the rules that exempt some.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Health,
    Reflection,
    Engine,
}

fn kind(path: &str) -> Kind {
    if path.starts_with("/grpc.health.v1.Health/") {
        Kind::Health
    } else if path.starts_with("/grpc.reflection.") {
        Kind::Reflection
    } else {
        Kind::Engine
    }
}

impl<S, B> Service<http::Request<B>> for CallService<S>
where
    S: Service<http::Request<B>, Response = http::Response<Body>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = http::Response<Body>;
    type Error = S::Error;
    type Future = BoxFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let admission = &self.admission;
        let path = request.uri().path();
        let kind = kind(path);
        let mut call = Call {
            method: path.to_owned(),
            label: admission.label(path),
            started: Instant::now(),
            fingerprint: None,
            slots: Vec::new(),
        };
        if kind != Kind::Health && admission.draining.load(Ordering::SeqCst) {
            return refuse(call, Status::unavailable("the server is shutting down"));
        }
        if let Some(tokens) = &admission.tokens {
            let open = admission.open_health && kind != Kind::Engine;
            if !open && !tokens.admits(request.headers()) {
                return refuse(call, Status::unauthenticated(""));
            }
        }
        if kind != Kind::Health {
            let connection = request
                .extensions()
                .get::<ConnInfo>()
                .map(|info| Arc::clone(&info.calls));
            for (limit, slots) in [
                ("global", Some(Arc::clone(&admission.slots))),
                ("connection", connection),
            ] {
                let Some(slots) = slots else { continue };
                match slots.try_acquire_owned() {
                    Ok(slot) => call.slots.push(slot),
                    Err(_) => {
                        metrics::counter!(names::SHED, "limit" => limit).increment(1);
                        return refuse(
                            call,
                            Status::unavailable(
                                "the server is at its concurrency limit; retry with backoff",
                            ),
                        );
                    }
                }
            }
        }
        // The client's deadline less a millisecond, so that this layer's
        // DEADLINE_EXCEEDED is sent before tonic's own grpc-timeout guard
        // (outside this layer) answers CANCELLED.
        let deadline = grpc_timeout(request.headers()).map_or(admission.request_timeout, |t| {
            t.saturating_sub(Duration::from_millis(1))
                .min(admission.request_timeout)
        });
        if !call.slots.is_empty() {
            metrics::gauge!(names::IN_FLIGHT).increment(1.0);
        }
        let handled = std::panic::catch_unwind(AssertUnwindSafe(|| self.inner.call(request)));
        Box::pin(async move {
            let outcome = match handled {
                Ok(future) => {
                    tokio::time::timeout(deadline, AssertUnwindSafe(future).catch_unwind()).await
                }
                Err(panic) => Ok(Err(panic)),
            };
            let response = match outcome {
                Ok(Ok(response)) => response?,
                Ok(Err(panic)) => {
                    let why = panic
                        .downcast_ref::<&str>()
                        .copied()
                        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
                        .unwrap_or("(no message)");
                    tracing::error!(method = %call.method, panic = why, "handler panicked; answered INTERNAL");
                    status::internal().into_http()
                }
                Err(_elapsed) => {
                    Status::deadline_exceeded("the call ran past its deadline").into_http()
                }
            };
            call.fingerprint = response
                .extensions()
                .get::<InputFingerprint>()
                .map(|f| f.0.clone());
            // A trailers-only response (every error) carries its status in
            // the headers and has no body to wait for.
            let mut response = response;
            size_limit_is_resource_exhausted(response.headers_mut());
            if let Some(code) = code_of(response.headers()) {
                call.finish(code);
                return Ok(response);
            }
            Ok(response.map(|body| {
                Body::new(CallBody {
                    inner: body,
                    call: Some(call),
                })
            }))
        })
    }
}

/// Answers `status` at once and logs the refusal.
fn refuse<E: Send + 'static>(call: Call, status: Status) -> BoxFuture<http::Response<Body>, E> {
    call.finish(status.code());
    Box::pin(core::future::ready(Ok(status.into_http())))
}

/// The `grpc-status` of `headers` (trailers or a trailers-only response).
fn code_of(headers: &http::HeaderMap) -> Option<Code> {
    headers
        .get("grpc-status")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i32>().ok())
        .map(Code::from)
}

/// tonic's message for an oversized message, as `grpc-message` carries it
/// (percent-encoded).
const TOO_LARGE: &[u8] = b"message%20length%20too%20large";

/// tonic answers a message over `--max-decode-bytes`/`--max-encode-bytes`
/// with `OUT_OF_RANGE`; the gRPC spec (and every other implementation)
/// says `RESOURCE_EXHAUSTED`, which clients know not to retry unchanged.
fn size_limit_is_resource_exhausted(headers: &mut http::HeaderMap) {
    let over_limit = code_of(headers) == Some(Code::OutOfRange)
        && headers.get("grpc-message").is_some_and(|m| {
            m.as_bytes()
                .windows(TOO_LARGE.len())
                .any(|w| w == TOO_LARGE)
        });
    if over_limit {
        headers.insert(
            "grpc-status",
            http::HeaderValue::from(Code::ResourceExhausted as i32),
        );
    }
}

/// The client's `grpc-timeout` (`<up to 8 digits><H|M|S|m|u|n>`).
fn grpc_timeout(headers: &http::HeaderMap) -> Option<Duration> {
    let value = headers.get("grpc-timeout")?.to_str().ok()?;
    let split = value.len().checked_sub(1)?;
    let (digits, unit) = (value.get(..split)?, value.get(split..)?);
    if digits.is_empty() || digits.len() > 8 {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    Some(match unit {
        "H" => Duration::from_secs(n.checked_mul(3600)?),
        "M" => Duration::from_secs(n.checked_mul(60)?),
        "S" => Duration::from_secs(n),
        "m" => Duration::from_millis(n),
        "u" => Duration::from_micros(n),
        "n" => Duration::from_nanos(n),
        _ => return None,
    })
}

/// One call from admission to its last byte.
#[derive(Debug)]
struct Call {
    method: String,
    label: String,
    started: Instant,
    fingerprint: Option<String>,
    /// Empty for a refused call or a health check.
    slots: Vec<OwnedSemaphorePermit>,
}

impl Call {
    /// Logs the call and records its metrics; frees its slots.
    fn finish(self, code: Code) {
        let elapsed = self.started.elapsed();
        if !self.slots.is_empty() {
            metrics::gauge!(names::IN_FLIGHT).decrement(1.0);
        }
        let code_label = format!("{code:?}");
        metrics::counter!(names::CALLS, "method" => self.label.clone(), "code" => code_label.clone())
            .increment(1);
        metrics::histogram!(names::LATENCY, "method" => self.label, "code" => code_label)
            .record(elapsed.as_secs_f64());
        tracing::info!(
            method = %self.method,
            status = ?code,
            latency_us = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
            input_fingerprint = self.fingerprint.as_deref().unwrap_or(""),
            "call"
        );
    }
}

/// A response body that finishes its [`Call`] with the status the client
/// receives.
struct CallBody {
    inner: Body,
    call: Option<Call>,
}

impl CallBody {
    fn finish(&mut self, code: Code) {
        if let Some(call) = self.call.take() {
            call.finish(code);
        }
    }
}

impl http_body::Body for CallBody {
    type Data = Bytes;
    type Error = Status;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Status>>> {
        let this = self.get_mut();
        let mut polled = Pin::new(&mut this.inner).poll_frame(cx);
        if let Poll::Ready(Some(Ok(frame))) = &mut polled {
            if let Some(trailers) = frame.trailers_mut() {
                size_limit_is_resource_exhausted(trailers);
            }
        }
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(trailers) = frame.trailers_ref() {
                    this.finish(code_of(trailers).unwrap_or(Code::Unknown));
                }
            }
            Poll::Ready(Some(Err(status))) => this.finish(status.code()),
            Poll::Ready(None) => this.finish(Code::Unknown),
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for CallBody {
    /// A body dropped before its trailers: the client reset the stream or
    /// the connection closed.
    fn drop(&mut self) {
        self.finish(Code::Cancelled);
    }
}

#[cfg(test)]
mod tests {
    use core::time::Duration;

    use super::grpc_timeout;

    fn timeout(value: &str) -> Option<Duration> {
        let mut headers = http::HeaderMap::new();
        if let Ok(value) = http::HeaderValue::from_str(value) {
            headers.insert("grpc-timeout", value);
        }
        grpc_timeout(&headers)
    }

    #[test]
    fn parses_grpc_timeout_units() {
        assert_eq!(timeout("2S"), Some(Duration::from_secs(2)));
        assert_eq!(timeout("1H"), Some(Duration::from_secs(3600)));
        assert_eq!(timeout("3M"), Some(Duration::from_secs(180)));
        assert_eq!(timeout("250m"), Some(Duration::from_millis(250)));
        assert_eq!(timeout("7u"), Some(Duration::from_micros(7)));
        assert_eq!(timeout("99999999n"), Some(Duration::from_nanos(99_999_999)));
        assert_eq!(timeout("123456789S"), None, "at most 8 digits");
        assert_eq!(timeout("S"), None);
        assert_eq!(timeout("5x"), None);
        assert_eq!(timeout("-5S"), None);
    }
}
