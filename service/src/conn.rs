//! Accepted connections: each TCP stream gets a handshake deadline
//! (hyper has none, so a client that connects and sends nothing would hold
//! a socket forever — slowloris) and its own call slots, which the
//! [`crate::layers::CallLayer`] finds in the request's connect info to shed
//! calls over the per-connection limit.

use core::future::Future as _;
use core::pin::Pin;
use core::task::{Context, Poll};
use core::time::Duration;
use std::io;
use std::sync::Arc;

use futures::{Stream, StreamExt as _};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::Sleep;
use tonic::transport::server::{Connected, TcpConnectInfo, TcpIncoming};

/// Bytes of the HTTP/2 client preface (`PRI * HTTP/2.0…`); a TLS
/// ClientHello is longer, so the same count covers both.
const PREFACE_BYTES: usize = 24;

/// What a request learns about its connection.
#[derive(Debug, Clone)]
pub struct ConnInfo {
    /// Addresses, as tonic reports them for a plain TCP stream.
    pub tcp: TcpConnectInfo,
    /// This connection's call slots.
    pub calls: Arc<Semaphore>,
}

/// A TCP stream with a handshake deadline and call slots.
#[derive(Debug)]
pub struct Conn {
    io: TcpStream,
    /// Until the preface has arrived: the deadline and the bytes still due.
    handshake: Option<(Pin<Box<Sleep>>, usize)>,
    info: ConnInfo,
}

/// The connections accepted on `listener`, with `TCP_NODELAY` (without it a
/// response that spans segments waits ~40 ms for the client's delayed ACK).
pub fn incoming(
    listener: TcpListener,
    handshake_timeout: Duration,
    calls_per_connection: usize,
) -> impl Stream<Item = io::Result<Conn>> {
    TcpIncoming::from(listener)
        .with_nodelay(Some(true))
        .map(move |accepted| {
            accepted.map(|io| {
                let tcp = io.connect_info();
                Conn {
                    io,
                    handshake: Some((
                        Box::pin(tokio::time::sleep(handshake_timeout)),
                        PREFACE_BYTES,
                    )),
                    info: ConnInfo {
                        tcp,
                        calls: Arc::new(Semaphore::new(
                            calls_per_connection.min(Semaphore::MAX_PERMITS),
                        )),
                    },
                }
            })
        })
}

impl Connected for Conn {
    type ConnectInfo = ConnInfo;

    fn connect_info(&self) -> ConnInfo {
        self.info.clone()
    }
}

impl AsyncRead for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.io).poll_read(cx, buf);
        if let Some((deadline, due)) = &mut this.handshake {
            match &polled {
                Poll::Ready(Ok(())) => {
                    let got = buf.filled().len().saturating_sub(before);
                    *due = due.saturating_sub(got);
                    if *due == 0 || got == 0 {
                        this.handshake = None;
                    }
                }
                Poll::Ready(Err(_)) => this.handshake = None,
                Poll::Pending => {
                    if deadline.as_mut().poll(cx).is_ready() {
                        this.handshake = None;
                        return Poll::Ready(Err(io::Error::new(
                            io::ErrorKind::TimedOut,
                            "no HTTP/2 preface before the handshake timeout",
                        )));
                    }
                }
            }
        }
        polled
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}
