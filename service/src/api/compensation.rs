//! CompensationService: answers UNIMPLEMENTED until the core's owned
//! crediting and earnings entry points land (the proto is final).

use crate::pb::salesphysics::v1 as pb;

/// Serves `salesphysics.v1.CompensationService`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Compensation;

impl pb::compensation_service_server::CompensationService for Compensation {}
