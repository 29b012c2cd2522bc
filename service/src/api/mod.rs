//! One handler module per engine: convert the request, call the core,
//! convert back. CPU-heavy batches run on tokio's blocking pool so the
//! async runtime keeps answering other calls.

pub mod capacity;
pub mod compensation;
pub mod coverage;
pub mod engine;
pub mod flow;
pub mod forward;
pub mod funnel;
pub mod goal_nrr;
pub mod parallel;
pub mod payout;
pub mod tiering;

use tonic::{Response, Status};

use crate::status::{self, ApiError};

/// Runs `work` on the blocking pool; a panic inside it becomes `INTERNAL`.
pub async fn blocking<T, F>(work: F) -> Result<Response<T>, Status>
where
    T: crate::layers::Fingerprinted + Send + 'static,
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => Ok(crate::layers::tag(result?)),
        Err(_) => Err(status::internal()),
    }
}

/// Runs cheap `work` (a few core calls) on the calling task.
pub fn inline<T: crate::layers::Fingerprinted>(
    work: impl FnOnce() -> Result<T, ApiError>,
) -> Result<Response<T>, Status> {
    Ok(crate::layers::tag(work()?))
}

/// The engine version every response carries.
pub fn engine_version() -> String {
    crate::ENGINE_VERSION.to_owned()
}
