//! EngineService: the no-op ceiling of the load benchmark.

use tonic::{Request, Response, Status};

use crate::pb::salesphysics::v1 as pb;

/// Serves `salesphysics.v1.EngineService`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Engine;

#[tonic::async_trait]
impl pb::engine_service_server::EngineService for Engine {
    async fn get_engine_info(
        &self,
        _request: Request<pb::GetEngineInfoRequest>,
    ) -> Result<Response<pb::GetEngineInfoResponse>, Status> {
        Ok(Response::new(pb::GetEngineInfoResponse {
            engine_version: super::engine_version(),
        }))
    }
}
