//! Revenue goal with expansion: proto ↔ the core's `funnel::NrrGoal`.

use salesphysics_core::funnel::{NetRetention, NrrGoal};

use super::funnel::{billing, goal_meaning};
use super::{decimal_or_zero, money, required, rounding_mode, u32_of};
use crate::pb::salesphysics::v1 as pb;
use crate::status::{ApiError, Context as _};

/// NetRetention, absent meaning neither churn nor expansion.
fn retention(value: Option<&pb::NetRetention>) -> Result<NetRetention, ApiError> {
    let default = pb::NetRetention::default();
    let value = value.unwrap_or(&default);
    Ok(NetRetention {
        monthly_churn: decimal_or_zero(&value.monthly_churn).at("monthly_churn")?,
        monthly_expansion: decimal_or_zero(&value.monthly_expansion).at("monthly_expansion")?,
    })
}

/// NrrGoal → core (required).
pub fn goal(value: Option<&pb::NrrGoal>) -> Result<NrrGoal, ApiError> {
    let value = required(value)?;
    Ok(NrrGoal {
        meaning: goal_meaning(value.meaning).at("meaning")?,
        amount: money(value.amount.as_ref()).at("amount")?,
        horizon_months: u32_of(value.horizon_months).at("horizon_months")?,
        billing: billing(value.billing).at("billing")?,
        retention: retention(value.retention.as_ref()).at("retention")?,
        rounding: rounding_mode(value.rounding).at("rounding")?,
    })
}
