//! Hostile traffic against the real server on ephemeral loopback ports:
//! oversized and over-cap messages, deep nesting, rapid reset (raw `h2`),
//! more calls than the limits, slowloris, bearer tokens, TLS, and SIGTERM
//! during a batch (the real binary). Each server gets small limits through
//! `server::serve_with`, so the tests probe the limits, not the defaults.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::std_instead_of_core,
    missing_docs
)]

use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use salesphysics_service::config::Config;
use salesphysics_service::pb::salesphysics::v1 as pb;
use salesphysics_service::pb::salesphysics::v1::engine_service_client::EngineServiceClient;
use salesphysics_service::pb::salesphysics::v1::payout_service_client::PayoutServiceClient;
use salesphysics_service::server;
use salesphysics_service::workload;
use tokio::io::AsyncReadExt as _;
use tokio::sync::{mpsc, oneshot};
use tokio_stream::wrappers::ReceiverStream;
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Endpoint};
use tonic::{Code, Request};
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::HealthCheckRequest;
use tonic_types::StatusExt as _;

/// A server with `config` on 127.0.0.1:<ephemeral>, on its own runtime
/// (as the binary runs it); stops when dropped.
struct TestServer {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
}

impl TestServer {
    fn start(config: Config) -> TestServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        std::thread::spawn(move || {
            server::runtime().unwrap().block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                server::serve_with(&config, listener, async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
            });
        });
        TestServer {
            addr,
            stop: Some(stop),
        }
    }

    async fn channel(&self) -> Channel {
        Endpoint::from_shared(format!("http://{}", self.addr))
            .unwrap()
            .connect()
            .await
            .unwrap()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn engine_info(channel: Channel) -> Result<pb::GetEngineInfoResponse, tonic::Status> {
    EngineServiceClient::new(channel)
        .get_engine_info(pb::GetEngineInfoRequest {})
        .await
        .map(tonic::Response::into_inner)
}

async fn health(channel: Channel) -> Result<i32, tonic::Status> {
    HealthClient::new(channel)
        .check(HealthCheckRequest {
            service: String::new(),
        })
        .await
        .map(|r| r.into_inner().status)
}

/// The one BadRequest field violation's path.
fn violated_field(status: &tonic::Status) -> String {
    let details = status.get_error_details();
    let bad = details.bad_request().expect("BadRequest");
    assert_eq!(bad.field_violations.len(), 1, "{status:?}");
    bad.field_violations[0].field.clone()
}

#[tokio::test]
async fn oversized_message_is_resource_exhausted() {
    let server = TestServer::start(Config {
        max_decode_bytes: 4 << 10,
        ..Config::default()
    });
    let mut payout = PayoutServiceClient::new(server.channel().await);
    // 100 credit lines encode to well over 4 KiB.
    let request = workload::statement(1, 100);
    assert!(prost::Message::encoded_len(&request) > 4 << 10);
    let status = payout.compute_statement(request).await.unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    // The same connection still serves a small call.
    payout
        .compute_statement(workload::statement(1, 3))
        .await
        .unwrap();
}

#[tokio::test]
async fn over_a_list_cap_is_resource_exhausted_naming_the_field() {
    let server = TestServer::start(Config::default());
    let mut payout = PayoutServiceClient::new(server.channel().await);
    // MAX_STATEMENTS is 1,000; empty statements keep the message small.
    let over = pb::BatchComputeStatementsRequest {
        statements: vec![pb::ComputeStatementRequest::default(); 1_001],
    };
    let status = payout.batch_compute_statements(over).await.unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert_eq!(violated_field(&status), "statements");
}

#[tokio::test]
async fn huge_repeated_field_is_capped_not_allocated_further() {
    let server = TestServer::start(Config::default());
    let mut payout = PayoutServiceClient::new(server.channel().await);
    // 300,000 empty credit lines (2 bytes each on the wire) against the
    // per-statement cap on credits.
    let request = pb::ComputeStatementRequest {
        credits: vec![pb::CreditLine::default(); 300_000],
        ..workload::statement(1, 0)
    };
    let status = payout.compute_statement(request).await.unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert_eq!(violated_field(&status), "credits");
}

#[tokio::test]
async fn deeply_nested_message_is_invalid_argument_and_the_server_lives() {
    let server = TestServer::start(Config::default());
    let channel = server.channel().await;
    // 100,000 nested start-group tags (field 15, wire type 3) as an unknown
    // field: prost stops at its recursion limit instead of the stack.
    let nested = vec![(15u8 << 3) | 3; 100_000];
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready().await.unwrap();
    let status = grpc
        .unary::<Vec<u8>, Vec<u8>, _>(
            Request::new(nested),
            http::uri::PathAndQuery::from_static("/salesphysics.v1.PayoutService/ComputeStatement"),
            RawCodec,
        )
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    engine_info(channel).await.unwrap();
}

#[tokio::test]
async fn a_call_past_its_deadline_is_deadline_exceeded() {
    // A 100 × 100-line batch takes far longer than 20 ms.
    let server = TestServer::start(Config {
        request_timeout_ms: 20,
        ..Config::default()
    });
    let mut payout = PayoutServiceClient::new(server.channel().await);
    let status = payout
        .batch_compute_statements(workload::batch(100, 100, false))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
}

#[tokio::test]
async fn rapid_reset_does_not_stop_other_clients() {
    let server = TestServer::start(Config::default());
    let addr = server.addr;
    let attacker = tokio::spawn(async move {
        let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
        let (mut h2, connection) = h2::client::handshake(tcp).await.unwrap();
        tokio::spawn(connection);
        let mut opened = 0u32;
        // Open and cancel streams as fast as the connection takes them,
        // until the server closes the connection (GOAWAY) or 20,000 went.
        while opened < 20_000 {
            if futures::future::poll_fn(|cx| h2.poll_ready(cx))
                .await
                .is_err()
            {
                break;
            }
            let request = http::Request::post(format!(
                "http://{addr}/salesphysics.v1.EngineService/GetEngineInfo"
            ))
            .header("content-type", "application/grpc")
            .header("te", "trailers")
            .body(())
            .unwrap();
            let Ok((_, mut stream)) = h2.send_request(request, false) else {
                break;
            };
            stream.send_reset(h2::Reason::CANCEL);
            opened += 1;
        }
        opened
    });
    // Meanwhile and afterwards, another client keeps being answered.
    let channel = server.channel().await;
    for _ in 0..50 {
        engine_info(channel.clone()).await.unwrap();
    }
    let opened = attacker.await.unwrap();
    assert!(opened > 0);
    engine_info(server.channel().await).await.unwrap();
}

/// A StreamStatements call held open: it keeps its call slot until the
/// client ends the request stream.
struct OpenStream {
    send: mpsc::Sender<pb::StreamStatementsRequest>,
    responses: tonic::Streaming<pb::StreamStatementsResponse>,
}

impl OpenStream {
    async fn open(channel: Channel) -> Result<OpenStream, tonic::Status> {
        let (send, receive) = mpsc::channel(4);
        let responses = PayoutServiceClient::new(channel)
            .stream_statements(ReceiverStream::new(receive))
            .await?
            .into_inner();
        Ok(OpenStream { send, responses })
    }

    /// Sends one statement, ends the stream, and returns its net.
    async fn finish(mut self) -> Result<usize, tonic::Status> {
        self.send
            .send(pb::StreamStatementsRequest {
                statement: Some(workload::statement(7, 10)),
            })
            .await
            .unwrap();
        drop(self.send);
        let mut answered = 0;
        while let Some(response) = self.responses.message().await? {
            assert!(response.statement.is_some());
            answered += 1;
        }
        Ok(answered)
    }
}

#[tokio::test]
async fn calls_over_the_global_limit_are_shed_at_once_and_admitted_ones_finish() {
    let server = TestServer::start(Config {
        max_calls: 2,
        ..Config::default()
    });
    let first = OpenStream::open(server.channel().await).await.unwrap();
    let second = OpenStream::open(server.channel().await).await.unwrap();
    // Both slots are taken: a third call on a fresh connection is shed
    // (not queued: it returns while the two are still open).
    let status = engine_info(server.channel().await).await.unwrap_err();
    assert_eq!(status.code(), Code::Unavailable, "{status:?}");
    let status = OpenStream::open(server.channel().await)
        .await
        .err()
        .expect("a third stream is shed");
    assert_eq!(status.code(), Code::Unavailable, "{status:?}");
    // Health checks take no slot: probes pass under load.
    assert_eq!(
        health(server.channel().await).await.unwrap(),
        ServingStatus::Serving as i32
    );
    assert_eq!(first.finish().await.unwrap(), 1);
    assert_eq!(second.finish().await.unwrap(), 1);
    // The slots are free again.
    engine_info(server.channel().await).await.unwrap();
}

#[tokio::test]
async fn calls_over_the_per_connection_limit_are_shed_on_that_connection_only() {
    let server = TestServer::start(Config {
        max_calls_per_connection: 1,
        ..Config::default()
    });
    let busy = server.channel().await;
    let open = OpenStream::open(busy.clone()).await.unwrap();
    let status = engine_info(busy.clone()).await.unwrap_err();
    assert_eq!(status.code(), Code::Unavailable, "{status:?}");
    engine_info(server.channel().await).await.unwrap();
    assert_eq!(open.finish().await.unwrap(), 1);
    engine_info(busy).await.unwrap();
}

#[tokio::test]
async fn a_silent_connection_is_closed_after_the_handshake_timeout() {
    let server = TestServer::start(Config {
        handshake_timeout_ms: 200,
        ..Config::default()
    });
    let mut silent = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    // The server closes it (EOF or reset); the outer timeout only keeps a
    // broken server from hanging the test.
    let mut byte = [0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            match silent.read(&mut byte).await {
                Ok(0) | Err(_) => return,
                // The server's SETTINGS frame may come first.
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the silent connection was never closed");
    // A real client on the same server is not affected.
    engine_info(server.channel().await).await.unwrap();
}

fn with_token(token: Option<&str>) -> Request<pb::GetEngineInfoRequest> {
    let mut request = Request::new(pb::GetEngineInfoRequest {});
    if let Some(token) = token {
        request
            .metadata_mut()
            .insert("authorization", token.parse().unwrap());
    }
    request
}

#[tokio::test]
async fn bearer_tokens_missing_wrong_and_right() {
    let dir = std::env::temp_dir().join(format!("salesphysics-auth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("tokens");
    std::fs::write(&file, "# ops\nfrom-file-token\n").unwrap();
    let server = TestServer::start(Config {
        auth_tokens: vec!["s3cret-token".into()],
        auth_token_file: Some(file),
        ..Config::default()
    });
    let mut engine = EngineServiceClient::new(server.channel().await);
    for token in [
        None,
        Some("Bearer wrong"),
        Some("Bearer s3cret-toke"),
        Some("Basic s3cret-token"),
    ] {
        let status = engine.get_engine_info(with_token(token)).await.unwrap_err();
        assert_eq!(status.code(), Code::Unauthenticated, "{token:?}");
        assert_eq!(status.message(), "", "no detail on what was wrong");
    }
    for token in ["Bearer s3cret-token", "Bearer from-file-token"] {
        engine
            .get_engine_info(with_token(Some(token)))
            .await
            .unwrap();
    }
    // Health needs a token too unless --auth-open-health.
    let status = health(server.channel().await).await.unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated);

    let open = TestServer::start(Config {
        auth_tokens: vec!["s3cret-token".into()],
        auth_open_health: true,
        ..Config::default()
    });
    assert_eq!(
        health(open.channel().await).await.unwrap(),
        ServingStatus::Serving as i32
    );
    let status = engine_info(open.channel().await).await.unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated);
}

#[tokio::test]
async fn tls_with_a_generated_certificate() {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let cert_pem = certified.cert.pem();
    let dir = std::env::temp_dir().join(format!("salesphysics-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert, &cert_pem).unwrap();
    std::fs::write(&key, certified.key_pair.serialize_pem()).unwrap();
    let server = TestServer::start(Config {
        tls_cert: Some(cert),
        tls_key: Some(key),
        ..Config::default()
    });
    let tls = ClientTlsConfig::new()
        .ca_certificate(Certificate::from_pem(&cert_pem))
        .domain_name("localhost");
    let channel = Endpoint::from_shared(format!("https://{}", server.addr))
        .unwrap()
        .tls_config(tls)
        .unwrap()
        .connect()
        .await
        .unwrap();
    let info = engine_info(channel).await.unwrap();
    assert_eq!(info.engine_version, salesphysics_service::ENGINE_VERSION);
    // Plaintext HTTP/2 to the TLS port gets no answer.
    let plain = Endpoint::from_shared(format!("http://{}", server.addr))
        .unwrap()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(5));
    match plain.connect().await {
        Err(_) => {}
        Ok(channel) => assert!(engine_info(channel).await.is_err()),
    }
}

/// The real binary on an ephemeral port, its log on stderr.
struct Binary {
    child: Child,
    addr: SocketAddr,
    log: std::sync::mpsc::Receiver<String>,
}

impl Binary {
    fn start(args: &[&str]) -> Binary {
        let mut child = Command::new(env!("CARGO_BIN_EXE_salesphysics-service"))
            .args(["--listen", "127.0.0.1:0", "--log", "info"])
            .args(args)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (send, log) = std::sync::mpsc::channel();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        let addr = loop {
            let line = log.recv_timeout(Duration::from_secs(60)).unwrap();
            if let Some(rest) = line.split("listen=").nth(1) {
                if line.contains("serving salesphysics.v1") {
                    break rest.split_whitespace().next().unwrap().parse().unwrap();
                }
            }
        };
        Binary { child, addr, log }
    }

    fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits (up to a minute, a guard against hanging) for the exit,
    /// without blocking the runtime: the client's connections must keep
    /// answering the server's GOAWAY and PING while it drains.
    async fn wait(&mut self) -> std::process::ExitStatus {
        for _ in 0..600 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = self.child.kill();
        panic!("the server did not exit after SIGTERM");
    }

    /// The log lines after the start line, up to the exit (call after
    /// [`Binary::wait`]: the pipe's end ends the list).
    fn log_lines(&self) -> Vec<String> {
        self.log.iter().collect()
    }

    async fn channel(&self) -> Channel {
        Endpoint::from_shared(format!("http://{}", self.addr))
            .unwrap()
            .connect()
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn sigterm_during_a_batch_drains_and_exits_zero() {
    let mut binary = Binary::start(&["--drain-timeout-ms", "30000"]);
    let channel = binary.channel().await;
    // StreamStatements is the batch in flight: open before the signal,
    // its statements sent after it.
    let batch = OpenStream::open(channel.clone()).await.unwrap();
    binary.terminate();
    // Health turns NOT_SERVING at once (polled only until the signal has
    // been handled), and new calls are refused.
    let mut status = ServingStatus::Serving as i32;
    for _ in 0..100 {
        status = match health(channel.clone()).await {
            Ok(status) => status,
            Err(e) => {
                let exit = binary.wait().await;
                panic!("{e:?}\n{exit:?}\n{}", binary.log_lines().join("\n"));
            }
        };
        if status == ServingStatus::NotServing as i32 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status, ServingStatus::NotServing as i32);
    let refused = engine_info(channel.clone()).await.unwrap_err();
    assert_eq!(refused.code(), Code::Unavailable, "{refused:?}");
    // The batch in flight completes.
    assert_eq!(batch.finish().await.unwrap(), 1);
    let exit = binary.wait().await;
    assert_eq!(exit.code(), Some(0));
    let log = binary.log_lines().join("\n");
    assert!(log.contains("stopped"), "{log}");
    assert!(!log.contains("drain deadline"), "{log}");
}

#[tokio::test]
async fn the_drain_deadline_ends_a_call_that_never_finishes() {
    let mut binary = Binary::start(&["--drain-timeout-ms", "300"]);
    let stuck = OpenStream::open(binary.channel().await).await.unwrap();
    binary.terminate();
    let exit = binary.wait().await;
    assert_eq!(exit.code(), Some(0));
    let log = binary.log_lines().join("\n");
    assert!(log.contains("drain deadline reached"), "{log}");
    drop(stuck);
}

#[tokio::test]
async fn the_call_log_has_the_real_status_and_the_fingerprint_never_the_token() {
    let mut binary = Binary::start(&["--auth-tokens", "s3cret-xyz"]);
    let channel = binary.channel().await;
    let mut payout = PayoutServiceClient::with_interceptor(channel, |mut r: Request<()>| {
        r.metadata_mut()
            .insert("authorization", "Bearer s3cret-xyz".parse().unwrap());
        Ok(r)
    });
    let statement = payout
        .compute_statement(workload::statement(1, 3))
        .await
        .unwrap()
        .into_inner();
    // A stream whose second statement is invalid fails midway, after an
    // answered first one: its status lives in the trailers.
    let requests = tokio_stream::iter([
        pb::StreamStatementsRequest {
            statement: Some(workload::statement(1, 3)),
        },
        pb::StreamStatementsRequest {
            statement: Some(pb::ComputeStatementRequest::default()),
        },
    ]);
    let mut responses = payout
        .stream_statements(requests)
        .await
        .unwrap()
        .into_inner();
    assert!(responses.message().await.unwrap().is_some());
    let status = responses.message().await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    binary.terminate();
    assert_eq!(binary.wait().await.code(), Some(0));
    let log = binary.log_lines().join("\n");
    let unary = log
        .lines()
        .find(|l| l.contains("method=/salesphysics.v1.PayoutService/ComputeStatement"))
        .unwrap_or_else(|| panic!("{log}"));
    assert!(unary.contains("status=Ok"), "{unary}");
    assert!(unary.contains(&statement.input_fingerprint), "{unary}");
    assert!(
        log.contains(
            "method=/salesphysics.v1.PayoutService/StreamStatements status=InvalidArgument"
        ),
        "{log}"
    );
    assert!(!log.contains("s3cret-xyz"), "{log}");
}

/// Sends and receives message bytes as they are.
#[derive(Debug, Clone, Copy, Default)]
struct RawCodec;

impl tonic::codec::Codec for RawCodec {
    type Encode = Vec<u8>;
    type Decode = Vec<u8>;
    type Encoder = RawCodec;
    type Decoder = RawCodec;

    fn encoder(&mut self) -> RawCodec {
        RawCodec
    }

    fn decoder(&mut self) -> RawCodec {
        RawCodec
    }
}

impl tonic::codec::Encoder for RawCodec {
    type Item = Vec<u8>;
    type Error = tonic::Status;

    fn encode(
        &mut self,
        item: Vec<u8>,
        dst: &mut tonic::codec::EncodeBuf<'_>,
    ) -> Result<(), tonic::Status> {
        bytes::BufMut::put_slice(dst, &item);
        Ok(())
    }
}

impl tonic::codec::Decoder for RawCodec {
    type Item = Vec<u8>;
    type Error = tonic::Status;

    fn decode(
        &mut self,
        src: &mut tonic::codec::DecodeBuf<'_>,
    ) -> Result<Option<Vec<u8>>, tonic::Status> {
        use bytes::Buf as _;
        Ok(Some(src.copy_to_bytes(src.remaining()).to_vec()))
    }
}
