//! `serve` and `--server`: the same questions asked of a running
//! `salesphysics-service`, through its public generated client.

use crate::command::capacity::{Model, Plan};
use crate::fail::Failure;

/// Runs the gRPC server on `listen` until Ctrl-C.
pub fn serve(listen: &str) -> Result<(), Failure> {
    let _ = listen;
    Err(Failure::internal("serve: not yet"))
}

/// PlanCapacity on the service at `address`.
pub fn capacity(address: &str, model: &Model) -> Result<Plan, Failure> {
    let _ = (address, model);
    Err(Failure::internal("--server: not yet"))
}
