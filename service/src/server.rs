//! The server: every engine's service, health (`grpc.health.v1`),
//! reflection (v1 and v1alpha) and the [`CallLayer`], served until a
//! shutdown future resolves (SIGTERM/SIGINT in `main`).

use core::future::Future;

use tokio::net::TcpListener;
use tonic::transport::server::TcpIncoming;
use tonic::transport::Server;

use crate::api;
use crate::layers::CallLayer;
use crate::pb::salesphysics::v1 as pb;

/// The runtime the server runs on: multi-threaded, with tokio's default
/// thread stacks (the core's owned payout state keeps its lists on the
/// heap).
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
}

/// Serves every service on `listener` until `shutdown` resolves, then
/// finishes the calls in flight and returns.
pub async fn serve(
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), Box<dyn core::error::Error + Send + Sync>> {
    let (reporter, health) = tonic_health::server::health_reporter();
    reporter
        .set_serving::<pb::engine_service_server::EngineServiceServer<api::engine::Engine>>()
        .await;
    reporter
        .set_serving::<pb::tiering_service_server::TieringServiceServer<api::tiering::Tiering>>()
        .await;
    reporter
        .set_serving::<pb::funnel_service_server::FunnelServiceServer<api::funnel::Funnel>>()
        .await;
    reporter
        .set_serving::<pb::capacity_service_server::CapacityServiceServer<api::capacity::Capacity>>(
        )
        .await;
    reporter
        .set_serving::<pb::compensation_service_server::CompensationServiceServer<
            api::compensation::Compensation,
        >>()
        .await;
    reporter
        .set_serving::<pb::payout_service_server::PayoutServiceServer<api::payout::Payout>>()
        .await;

    let reflection = || {
        tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(crate::pb::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
    };
    let reflection_v1 = reflection().build_v1()?;
    let reflection_v1alpha = reflection().build_v1alpha()?;

    Server::builder()
        .layer(CallLayer)
        .add_service(health)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(pb::engine_service_server::EngineServiceServer::new(
            api::engine::Engine,
        ))
        .add_service(pb::tiering_service_server::TieringServiceServer::new(
            api::tiering::Tiering,
        ))
        .add_service(pb::funnel_service_server::FunnelServiceServer::new(
            api::funnel::Funnel,
        ))
        .add_service(pb::capacity_service_server::CapacityServiceServer::new(
            api::capacity::Capacity,
        ))
        .add_service(
            pb::compensation_service_server::CompensationServiceServer::new(
                api::compensation::Compensation,
            ),
        )
        .add_service(pb::payout_service_server::PayoutServiceServer::new(
            api::payout::Payout,
        ))
        // Without TCP_NODELAY a response that spans segments waits for the
        // client's delayed ACK (~40 ms a call on Linux).
        .serve_with_incoming_shutdown(
            TcpIncoming::from(listener).with_nodelay(Some(true)),
            shutdown,
        )
        .await?;
    Ok(())
}
