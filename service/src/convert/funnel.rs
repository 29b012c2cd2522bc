//! Funnel: proto ↔ `salesphysics_core::funnel`.

use salesphysics_core::funnel::{
    Billing, Bookings, BridgeInput, BridgeMonth, GoalMeaning, GoalPlan, LeadTimeline, Milestone,
    MrrMovement, OwnedChannelFunnel, OwnedFunnelModel, OwnedRevenueBasis, OwnedSegmentFunnel,
    Ratio, SlaAction, SlaRule, Stage, Step, VolumeLayout,
};
use salesphysics_core::{Channel, ErrorKind};

use super::{
    currency, decimal, decimal_or_zero, decimal_out, int32_out, known, list, money, money_or_zero,
    money_out, required, rounding_mode, unspecified,
};
use crate::pb::salesphysics::v1 as pb;
use crate::status::{ApiError, Context as _};

/// Stage → core (required).
pub fn stage(value: i32) -> Result<Stage, ApiError> {
    Ok(match known::<pb::Stage>(value)? {
        pb::Stage::Unspecified => return Err(unspecified()),
        pb::Stage::Suspect => Stage::Suspect,
        pb::Stage::Lead => Stage::Lead,
        pb::Stage::Mql => Stage::Mql,
        pb::Stage::Sal => Stage::Sal,
        pb::Stage::Sql => Stage::Sql,
        pb::Stage::Opportunity => Stage::Opportunity,
        pb::Stage::Commit => Stage::Commit,
        pb::Stage::Live => Stage::Live,
    })
}

/// Channel → core (required).
fn channel(value: i32) -> Result<Channel, ApiError> {
    super::channel(value)?.ok_or_else(unspecified)
}

/// A u32 month count or index.
fn month_u32(value: i32) -> Result<u32, ApiError> {
    u32::try_from(value).map_err(|_| ApiError::new(ErrorKind::Negative))
}

/// RevenueBasis → the core's owned basis (required).
pub fn basis(value: Option<&pb::RevenueBasis>) -> Result<OwnedRevenueBasis, ApiError> {
    let value = required(value)?;
    let billing = billing(value.billing).at("billing")?;
    let mut booking_months = Vec::with_capacity(value.booking_months.len());
    for (i, &m) in value.booking_months.iter().enumerate() {
        booking_months.push(month_u32(m).at_index("booking_months", i)?);
    }
    Ok(OwnedRevenueBasis {
        horizon_months: month_u32(value.horizon_months).at("horizon_months")?,
        billing,
        monthly_churn: decimal_or_zero(&value.monthly_churn).at("monthly_churn")?,
        booking_months,
    })
}

/// Billing → core (required).
pub fn billing(value: i32) -> Result<Billing, ApiError> {
    Ok(match known::<pb::Billing>(value)? {
        pb::Billing::Unspecified => return Err(unspecified()),
        pb::Billing::FromBookingMonth => Billing::FromBookingMonth,
        pb::Billing::FromNextMonth => Billing::FromNextMonth,
        pb::Billing::HalfFirstMonth => Billing::HalfFirstMonth,
    })
}

/// GoalMeaning → core (required).
pub fn goal_meaning(value: i32) -> Result<GoalMeaning, ApiError> {
    Ok(match known::<pb::GoalMeaning>(value)? {
        pb::GoalMeaning::Unspecified => return Err(unspecified()),
        pb::GoalMeaning::RecognizedRevenue => GoalMeaning::RecognizedRevenue,
        pb::GoalMeaning::ExitArr => GoalMeaning::ExitArr,
        pb::GoalMeaning::NewMrrPerMonth => GoalMeaning::NewMrrPerMonth,
    })
}

/// GoalPlan → proto.
pub fn goal_plan_out(value: &GoalPlan) -> Result<pb::GoalPlan, ApiError> {
    Ok(pb::GoalPlan {
        compounded_months: decimal_out(value.compounded_months),
        new_mrr_exact: Some(money_out(value.new_mrr_exact)?),
        new_mrr_per_month: Some(money_out(value.new_mrr_per_month)?),
    })
}

/// FunnelModel → the core's owned model (required).
pub fn model(value: Option<&pb::FunnelModel>) -> Result<OwnedFunnelModel, ApiError> {
    let value = required(value)?;
    Ok(OwnedFunnelModel {
        currency: currency(&value.currency_code).at("currency_code")?,
        stages: list(&value.stages, "stages", |&s| stage(s))?,
        channels: list(&value.channels, "channels", |&c| channel(c))?,
        segments: list(&value.segments, "segments", segment_funnel)?,
    })
}

fn channel_funnel(value: &pb::ChannelFunnel) -> Result<OwnedChannelFunnel, ApiError> {
    Ok(OwnedChannelFunnel {
        share: decimal(&value.share).at("share")?,
        steps: list(&value.steps, "steps", step)?,
    })
}

fn segment_funnel(value: &pb::SegmentFunnel) -> Result<OwnedSegmentFunnel, ApiError> {
    Ok(OwnedSegmentFunnel {
        mrr_per_deal: money(value.mrr_per_deal.as_ref()).at("mrr_per_deal")?,
        mrr_share: decimal(&value.mrr_share).at("mrr_share")?,
        channels: list(&value.channels, "channels", channel_funnel)?,
    })
}

fn step(value: &pb::Step) -> Result<Step, ApiError> {
    Ok(Step {
        conversion_rate: decimal(&value.conversion_rate).at("conversion_rate")?,
        lag_months: decimal_or_zero(&value.lag_months).at("lag_months")?,
    })
}

/// VolumeLayout → proto.
pub fn layout_out(value: &VolumeLayout) -> pb::VolumeLayout {
    pb::VolumeLayout {
        lead_months: int32_out(value.lead_months),
        horizon_months: int32_out(value.horizon_months),
        segments: int32_out(value.segments),
        channels: int32_out(value.channels),
        stages: int32_out(value.stages),
    }
}

/// Bookings → core.
pub fn bookings(value: &pb::Bookings) -> Result<Bookings, ApiError> {
    Ok(Bookings {
        new_logos: decimal(&value.new_logos).at("new_logos")?,
        new_mrr: money(value.new_mrr.as_ref()).at("new_mrr")?,
    })
}

/// Bookings → proto.
pub fn bookings_out(value: &Bookings) -> Result<pb::Bookings, ApiError> {
    Ok(pb::Bookings {
        new_logos: decimal_out(value.new_logos),
        new_mrr: Some(money_out(value.new_mrr)?),
    })
}

/// BridgeInput → core (required).
pub fn bridge_input(value: Option<&pb::BridgeInput>) -> Result<BridgeInput, ApiError> {
    let value = required(value)?;
    Ok(BridgeInput {
        starting_mrr: money(value.starting_mrr.as_ref()).at("starting_mrr")?,
        starting_logos: decimal_or_zero(&value.starting_logos).at("starting_logos")?,
        expansion_rate: decimal_or_zero(&value.expansion_rate).at("expansion_rate")?,
        contraction_rate: decimal_or_zero(&value.contraction_rate).at("contraction_rate")?,
        revenue_churn_rate: decimal_or_zero(&value.revenue_churn_rate).at("revenue_churn_rate")?,
        logo_churn_rate: decimal_or_zero(&value.logo_churn_rate).at("logo_churn_rate")?,
        rounding: rounding_mode(value.rounding).at("rounding")?,
    })
}

/// BridgeMonth → proto.
pub fn bridge_month_out(value: &BridgeMonth) -> Result<pb::BridgeMonth, ApiError> {
    Ok(pb::BridgeMonth {
        opening_mrr: Some(money_out(value.opening_mrr)?),
        new_mrr: Some(money_out(value.new_mrr)?),
        expansion_mrr: Some(money_out(value.expansion_mrr)?),
        contraction_mrr: Some(money_out(value.contraction_mrr)?),
        churned_mrr: Some(money_out(value.churned_mrr)?),
        ending_mrr: Some(money_out(value.ending_mrr)?),
        opening_logos: decimal_out(value.opening_logos),
        new_logos: decimal_out(value.new_logos),
        churned_logos: decimal_out(value.churned_logos),
        ending_logos: decimal_out(value.ending_logos),
    })
}

/// MrrMovement → core; absent amounts are zero in the starting MRR's currency.
pub fn movement(value: &pb::MrrMovement) -> Result<MrrMovement, ApiError> {
    let starting_mrr = money(value.starting_mrr.as_ref()).at("starting_mrr")?;
    let zero_in = starting_mrr.currency();
    Ok(MrrMovement {
        starting_mrr,
        new_mrr: money_or_zero(value.new_mrr.as_ref(), zero_in).at("new_mrr")?,
        expansion_mrr: money_or_zero(value.expansion_mrr.as_ref(), zero_in).at("expansion_mrr")?,
        contraction_mrr: money_or_zero(value.contraction_mrr.as_ref(), zero_in)
            .at("contraction_mrr")?,
        churned_mrr: money_or_zero(value.churned_mrr.as_ref(), zero_in).at("churned_mrr")?,
    })
}

/// Ratio → proto.
pub fn ratio_out(value: Ratio) -> pb::Ratio {
    match value {
        Ratio::Finite(v) => pb::Ratio {
            value: Some(decimal_out(v)),
            unbounded: false,
        },
        Ratio::Unbounded => pb::Ratio {
            value: None,
            unbounded: true,
        },
    }
}

fn milestone(value: i32) -> Result<Milestone, ApiError> {
    Ok(match known::<pb::Milestone>(value)? {
        pb::Milestone::Unspecified => return Err(unspecified()),
        pb::Milestone::Assigned => Milestone::Assigned,
        pb::Milestone::Worked => Milestone::Worked,
        pb::Milestone::QualifyingCall => Milestone::QualifyingCall,
        pb::Milestone::Advanced => Milestone::Advanced,
    })
}

fn sla_action(value: i32) -> Result<SlaAction, ApiError> {
    Ok(match known::<pb::SlaAction>(value)? {
        pb::SlaAction::Unspecified => return Err(unspecified()),
        pb::SlaAction::Reassign => SlaAction::Reassign,
        pb::SlaAction::Nurture => SlaAction::Nurture,
        pb::SlaAction::Escalate => SlaAction::Escalate,
    })
}

/// SlaAction → proto.
pub fn sla_action_out(value: SlaAction) -> pb::SlaAction {
    match value {
        SlaAction::Reassign => pb::SlaAction::Reassign,
        SlaAction::Nurture => pb::SlaAction::Nurture,
        SlaAction::Escalate => pb::SlaAction::Escalate,
    }
}

/// LeadTimeline → core (required).
pub fn lead(value: Option<&pb::LeadTimeline>) -> Result<LeadTimeline, ApiError> {
    let value = required(value)?;
    Ok(LeadTimeline {
        stage: stage(value.stage).at("stage")?,
        assigned_at: value.assigned_at,
        worked_at: value.worked_at,
        qualifying_call_at: value.qualifying_call_at,
        advanced_at: value.advanced_at,
    })
}

/// SlaRule → core.
pub fn sla_rule(value: &pb::SlaRule) -> Result<SlaRule, ApiError> {
    Ok(SlaRule {
        stage: stage(value.stage).at("stage")?,
        from: milestone(value.from).at("from")?,
        until: milestone(value.until).at("until")?,
        within_seconds: value.within_seconds,
        action: sla_action(value.action).at("action")?,
    })
}
