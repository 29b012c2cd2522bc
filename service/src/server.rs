//! The server: every engine's service, health (`grpc.health.v1`),
//! reflection (v1 and v1alpha) and the [`CallLayer`], under the HTTP/2 and
//! size limits of a [`Config`], served until a shutdown future resolves
//! (SIGTERM/SIGINT in `main`) and then drained.

use core::future::Future;

use core::time::Duration;
use std::sync::Arc;

use tokio::net::TcpListener;
use tonic::server::NamedService;
use tonic::transport::{Identity, Server, ServerTlsConfig};
use tonic_health::ServingStatus;

use crate::api;
use crate::auth::Tokens;
use crate::config::Config;
use crate::conn;
use crate::layers::{Admission, CallLayer};
use crate::pb::salesphysics::v1 as pb;

/// The runtime the server runs on: multi-threaded, with tokio's default
/// thread stacks (the core's owned payout state keeps its lists on the
/// heap) and [`blocking_threads`] blocking threads.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(blocking_threads())
        .build()
}

/// Threads for the CPU-bound handlers: two per core. More only add
/// context switches and memory (each thread's stack and allocator arena;
/// tokio's default is 512); calls beyond them wait in tokio's blocking
/// queue, which the global call limit (`--max-calls`) bounds.
pub fn blocking_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(2, core::num::NonZeroUsize::get)
        .saturating_mul(2)
}

/// Serves every service on `listener` with the production defaults of
/// [`Config`] until `shutdown` resolves, then drains (see [`serve_with`]).
pub async fn serve(
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), Box<dyn core::error::Error + Send + Sync>> {
    serve_with(&Config::default(), listener, shutdown).await
}

/// Every service name the health service reports, `""` (the whole server)
/// first.
const SERVICES: [&str; 8] = [
    "",
    <pb::engine_service_server::EngineServiceServer<api::engine::Engine> as NamedService>::NAME,
    <pb::tiering_service_server::TieringServiceServer<api::tiering::Tiering> as NamedService>::NAME,
    <pb::funnel_service_server::FunnelServiceServer<api::funnel::Funnel> as NamedService>::NAME,
    <pb::capacity_service_server::CapacityServiceServer<api::capacity::Capacity> as NamedService>::NAME,
    <pb::compensation_service_server::CompensationServiceServer<api::compensation::Compensation> as NamedService>::NAME,
    <pb::payout_service_server::PayoutServiceServer<api::payout::Payout> as NamedService>::NAME,
    <pb::flow_service_server::FlowServiceServer<api::flow::Flow> as NamedService>::NAME,
];

/// Serves every service on `listener` under the limits of `config` until
/// `shutdown` resolves, then drains: health turns `NOT_SERVING` at once,
/// new calls are refused with `UNAVAILABLE`, calls in flight finish (for at
/// least `drain_grace`, at most `drain_timeout`), connections get GOAWAY,
/// and the function returns `Ok` — also when the deadline cut calls off.
pub async fn serve_with(
    config: &Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), Box<dyn core::error::Error + Send + Sync>> {
    let tokens = Tokens::load(&config.auth_tokens, config.auth_token_file.as_deref())?;
    let admission = Arc::new(Admission::new(config, tokens));
    let (reporter, health) = tonic_health::server::health_reporter();
    for name in SERVICES {
        reporter
            .set_service_status(name, ServingStatus::Serving)
            .await;
    }

    let reflection = || {
        tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(crate::pb::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
    };
    let reflection_v1 = reflection().build_v1()?;
    let reflection_v1alpha = reflection().build_v1alpha()?;

    let mut builder = Server::builder()
        .max_concurrent_streams(config.max_concurrent_streams)
        .http2_max_local_error_reset_streams(Some(config.max_local_error_reset_streams))
        .http2_max_pending_accept_reset_streams(Some(config.max_pending_accept_reset_streams))
        .http2_max_header_list_size(config.max_header_list_bytes)
        .http2_keepalive_interval(config.keepalive_interval())
        .http2_keepalive_timeout(Some(Duration::from_secs(config.keepalive_timeout_secs)));
    if let (Some(cert), Some(key)) = (&config.tls_cert, &config.tls_key) {
        let identity = Identity::from_pem(std::fs::read(cert)?, std::fs::read(key)?);
        builder = builder.tls_config(ServerTlsConfig::new().identity(identity))?;
    }
    let (decode, encode) = (config.max_decode_bytes, config.max_encode_bytes);
    let router = builder
        .layer(CallLayer::new(Arc::clone(&admission)))
        .add_service(health)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(
            pb::engine_service_server::EngineServiceServer::new(api::engine::Engine)
                .max_decoding_message_size(decode)
                .max_encoding_message_size(encode),
        )
        .add_service(
            pb::tiering_service_server::TieringServiceServer::new(api::tiering::Tiering)
                .max_decoding_message_size(decode)
                .max_encoding_message_size(encode),
        )
        .add_service(
            pb::funnel_service_server::FunnelServiceServer::new(api::funnel::Funnel)
                .max_decoding_message_size(decode)
                .max_encoding_message_size(encode),
        )
        .add_service(
            pb::capacity_service_server::CapacityServiceServer::new(api::capacity::Capacity)
                .max_decoding_message_size(decode)
                .max_encoding_message_size(encode),
        )
        .add_service(
            pb::compensation_service_server::CompensationServiceServer::new(
                api::compensation::Compensation,
            )
            .max_decoding_message_size(decode)
            .max_encoding_message_size(encode),
        )
        .add_service(
            pb::payout_service_server::PayoutServiceServer::new(api::payout::Payout)
                .max_decoding_message_size(decode)
                .max_encoding_message_size(encode),
        )
        .add_service(
            pb::flow_service_server::FlowServiceServer::new(api::flow::Flow)
                .max_decoding_message_size(decode)
                .max_encoding_message_size(encode),
        );

    let incoming = conn::incoming(
        listener,
        config.handshake_timeout(),
        config.max_calls_per_connection,
    );
    let (goaway, closing) = tokio::sync::oneshot::channel::<()>();
    let server = router.serve_with_incoming_shutdown(incoming, async {
        let _ = closing.await;
    });
    tokio::pin!(server);

    tokio::select! {
        served = &mut server => return Ok(served?),
        () = shutdown => {}
    }
    // Drain: refuse, report, let calls in flight finish.
    admission.start_draining();
    for name in SERVICES {
        reporter
            .set_service_status(name, ServingStatus::NotServing)
            .await;
    }
    let started = tokio::time::Instant::now();
    let after = |wait: Duration| started.checked_add(wait).unwrap_or(started);
    let deadline = after(config.drain_timeout());
    tracing::info!(
        drain_timeout_ms = config.drain_timeout_ms,
        "draining: health NOT_SERVING, new calls refused, calls in flight finishing"
    );
    let finished = async {
        admission.idle().await;
        tokio::time::sleep_until(after(config.drain_grace())).await;
    };
    tokio::select! {
        served = &mut server => return Ok(served?),
        () = finished => {}
        () = tokio::time::sleep_until(deadline) => {}
    }
    let _ = goaway.send(());
    tokio::select! {
        served = &mut server => served?,
        () = tokio::time::sleep_until(deadline) => {
            tracing::warn!("drain deadline reached; closing the connections still open");
        }
    }
    Ok(())
}
