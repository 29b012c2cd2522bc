//! CapacityService.

use crate::pb::salesphysics::v1 as pb;

/// Serves `salesphysics.v1.CapacityService`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Capacity;

impl pb::capacity_service_server::CapacityService for Capacity {}
