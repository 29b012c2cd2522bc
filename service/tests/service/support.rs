//! Starting a server, connecting, raw-byte calls and error-detail checks.

use std::net::SocketAddr;

use bytes::{Buf, BufMut};
use salesphysics_service::pb::google::r#type as gtype;
use salesphysics_service::server;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::transport::{Channel, Endpoint};
use tonic::{Code, Request, Status};
use tonic_types::StatusExt;

/// A server on 127.0.0.1:<ephemeral> that stops when dropped.
pub struct TestServer {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
}

impl TestServer {
    /// Starts the server on its own runtime ([`server::runtime`], as the
    /// binary does) in a thread of its own.
    pub async fn start() -> TestServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        std::thread::spawn(move || {
            let runtime = server::runtime().unwrap();
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).unwrap();
                server::serve(listener, async {
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

    pub async fn channel(&self) -> Channel {
        connect(self.addr).await
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub async fn connect(addr: SocketAddr) -> Channel {
    Endpoint::from_shared(format!("http://{addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap()
}

pub fn usd(units: i64, nanos: i32) -> Option<gtype::Money> {
    Some(gtype::Money {
        currency_code: "USD".into(),
        units,
        nanos,
    })
}

pub fn date(year: i32, month: i32, day: i32) -> Option<gtype::Date> {
    Some(gtype::Date { year, month, day })
}

/// Asserts the rich status: code, ErrorInfo reason and domain, and the one
/// BadRequest field violation's path.
pub fn assert_rejected(status: &Status, code: Code, reason: &str, field: &str) {
    assert_eq!(status.code(), code, "{status:?}");
    let details = status.get_error_details();
    let info = details.error_info().expect("ErrorInfo");
    assert_eq!(info.reason, reason, "{status:?}");
    assert_eq!(info.domain, "salesphysics.dev");
    let bad = details.bad_request().expect("BadRequest");
    assert_eq!(bad.field_violations.len(), 1);
    assert_eq!(bad.field_violations[0].field, field, "{status:?}");
}

/// Sends and receives message bytes as they are, so tests can control the
/// wire encoding (field order, explicit defaults) and compare responses
/// byte for byte.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawCodec;

impl Codec for RawCodec {
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

impl Encoder for RawCodec {
    type Item = Vec<u8>;
    type Error = Status;

    fn encode(&mut self, item: Vec<u8>, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.put_slice(&item);
        Ok(())
    }
}

impl Decoder for RawCodec {
    type Item = Vec<u8>;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Vec<u8>>, Status> {
        Ok(Some(src.copy_to_bytes(src.remaining()).to_vec()))
    }
}

/// One unary call with raw message bytes, e.g. path
/// `/salesphysics.v1.TieringService/ClassifyAccounts`.
pub async fn raw_unary(
    channel: Channel,
    path: &'static str,
    body: Vec<u8>,
) -> Result<Vec<u8>, Status> {
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready().await.unwrap();
    let response = grpc
        .unary(
            Request::new(body),
            http::uri::PathAndQuery::from_static(path),
            RawCodec,
        )
        .await?;
    Ok(response.into_inner())
}
