//! PayoutService: answers UNIMPLEMENTED until the core's owned statement
//! entry point lands (the proto is final).

use crate::pb::salesphysics::v1 as pb;

/// Serves `salesphysics.v1.PayoutService`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Payout;

impl pb::payout_service_server::PayoutService for Payout {}
