//! The server around the engines: version, health, reflection, unwired
//! RPCs and panics.

use salesphysics_service::layers::CallLayer;
use salesphysics_service::pb::salesphysics::v1 as pb;
use salesphysics_service::pb::salesphysics::v1::engine_service_client::EngineServiceClient;
use salesphysics_service::pb::salesphysics::v1::engine_service_server::{
    EngineService, EngineServiceServer,
};
use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tokio_stream::StreamExt as _;
use tonic::{Code, Request, Response, Status};
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::HealthCheckRequest;

use crate::support::{connect, TestServer};

#[tokio::test]
async fn engine_info_names_the_build() {
    let server = TestServer::start().await;
    let info = EngineServiceClient::new(server.channel().await)
        .get_engine_info(pb::GetEngineInfoRequest {})
        .await
        .unwrap()
        .into_inner();
    assert_eq!(info.engine_version, salesphysics_service::ENGINE_VERSION);
    assert!(info.engine_version.starts_with(env!("CARGO_PKG_VERSION")));
}

#[tokio::test]
async fn health_reports_the_server_and_every_service_serving() {
    let server = TestServer::start().await;
    let mut health = HealthClient::new(server.channel().await);
    for service in [
        "",
        "salesphysics.v1.EngineService",
        "salesphysics.v1.TieringService",
        "salesphysics.v1.FunnelService",
        "salesphysics.v1.CapacityService",
        "salesphysics.v1.CompensationService",
        "salesphysics.v1.PayoutService",
        "salesphysics.v1.FlowService",
    ] {
        let response = health
            .check(HealthCheckRequest {
                service: service.into(),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(response.status, ServingStatus::Serving as i32, "{service}");
    }
    let unknown = health
        .check(HealthCheckRequest {
            service: "salesphysics.v1.NoSuchService".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), Code::NotFound);
}

#[tokio::test]
async fn reflection_v1_and_v1alpha_list_every_service() {
    use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
    use tonic_reflection::pb::v1::ServerReflectionRequest;

    let server = TestServer::start().await;
    let mut client = ServerReflectionClient::new(server.channel().await);
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut stream = client
        .server_reflection_info(tokio_stream::iter([request]))
        .await
        .unwrap()
        .into_inner();
    let Some(MessageResponse::ListServicesResponse(list)) =
        stream.next().await.unwrap().unwrap().message_response
    else {
        panic!("a service list expected");
    };
    let mut names: Vec<_> = list.service.into_iter().map(|s| s.name).collect();
    names.sort();
    for expected in [
        "grpc.health.v1.Health",
        "salesphysics.v1.CapacityService",
        "salesphysics.v1.CompensationService",
        "salesphysics.v1.EngineService",
        "salesphysics.v1.FlowService",
        "salesphysics.v1.FunnelService",
        "salesphysics.v1.PayoutService",
        "salesphysics.v1.TieringService",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }

    // v1alpha answers too (older grpcurl and clients use it).
    use tonic_reflection::pb::v1alpha::server_reflection_client::ServerReflectionClient as AlphaClient;
    use tonic_reflection::pb::v1alpha::server_reflection_request::MessageRequest as AlphaRequest;
    use tonic_reflection::pb::v1alpha::ServerReflectionRequest as AlphaReflectionRequest;
    let mut alpha = AlphaClient::new(server.channel().await);
    let mut stream = alpha
        .server_reflection_info(tokio_stream::iter([AlphaReflectionRequest {
            host: String::new(),
            message_request: Some(AlphaRequest::FileContainingSymbol(
                "salesphysics.v1.TieringService".into(),
            )),
        }]))
        .await
        .unwrap()
        .into_inner();
    assert!(stream
        .next()
        .await
        .unwrap()
        .unwrap()
        .message_response
        .is_some());
}

struct Panicking;

#[tonic::async_trait]
impl EngineService for Panicking {
    async fn get_engine_info(
        &self,
        _request: Request<pb::GetEngineInfoRequest>,
    ) -> Result<Response<pb::GetEngineInfoResponse>, Status> {
        panic!("a bug inside a handler");
    }
}

#[tokio::test]
async fn a_panic_in_a_handler_is_internal_for_that_call_and_the_server_keeps_serving() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (_reporter, health) = tonic_health::server::health_reporter();
    tokio::spawn(
        tonic::transport::Server::builder()
            .layer(CallLayer::default())
            .add_service(health)
            .add_service(EngineServiceServer::new(Panicking))
            .serve_with_incoming(TcpListenerStream::new(listener)),
    );
    let channel = connect(addr).await;
    for _ in 0..3 {
        let status = EngineServiceClient::new(channel.clone())
            .get_engine_info(pb::GetEngineInfoRequest {})
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::Internal);
        assert!(!status.message().contains("a bug inside"), "{status:?}");
    }
    // Same connection, another service: still answering.
    let response = HealthClient::new(channel)
        .check(HealthCheckRequest {
            service: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(response.status, ServingStatus::Serving as i32);
}

#[tokio::test]
async fn a_panic_on_the_blocking_pool_is_internal() {
    let result: Result<Response<pb::ComputeStatementResponse>, Status> =
        salesphysics_service::api::blocking(|| panic!("a bug in a batch")).await;
    assert_eq!(result.unwrap_err().code(), Code::Internal);
}

#[tokio::test]
async fn the_server_stops_when_asked() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(salesphysics_service::server::serve(listener, async {
        let _ = stopped.await;
    }));
    stop.send(()).unwrap();
    serving.await.unwrap().unwrap();
}
