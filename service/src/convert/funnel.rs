//! Funnel: proto ↔ `salesphysics_core::funnel`.

use salesphysics_core::funnel::{
    Billing, Bookings, BridgeInput, BridgeMonth, GoalMeaning, GoalPlan, LeadTimeline, Ltv,
    Milestone, MrrCeiling, MrrMovement, OwnedChannelFunnel, OwnedFunnelModel, OwnedGoalPlan,
    OwnedRevenueBasis, OwnedRevenueGoal, OwnedSegmentFunnel, OwnedVolumes, Payback, Ratio,
    SlaAction, SlaRule, Stage, Step, VolumeLayout,
};
use salesphysics_core::{Channel, ErrorKind, Money};

use super::{
    currency, decimal, decimal_or_zero, decimal_out, index, int32_out, known, list, money,
    money_or_zero, money_out, required, rounding_mode, rounding_mode_out, u32_of, unspecified,
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

// The client's directions: requests from the core's types, and responses
// back into them (the `salesphysics funnel --server` command).

/// Stage → proto.
pub fn stage_out(value: Stage) -> pb::Stage {
    match value {
        Stage::Suspect => pb::Stage::Suspect,
        Stage::Lead => pb::Stage::Lead,
        Stage::Mql => pb::Stage::Mql,
        Stage::Sal => pb::Stage::Sal,
        Stage::Sql => pb::Stage::Sql,
        Stage::Opportunity => pb::Stage::Opportunity,
        Stage::Commit => pb::Stage::Commit,
        Stage::Live => pb::Stage::Live,
    }
}

/// Billing → proto.
pub fn billing_out(value: Billing) -> pb::Billing {
    match value {
        Billing::FromBookingMonth => pb::Billing::FromBookingMonth,
        Billing::FromNextMonth => pb::Billing::FromNextMonth,
        Billing::HalfFirstMonth => pb::Billing::HalfFirstMonth,
    }
}

/// GoalMeaning → proto.
pub fn goal_meaning_out(value: GoalMeaning) -> pb::GoalMeaning {
    match value {
        GoalMeaning::RecognizedRevenue => pb::GoalMeaning::RecognizedRevenue,
        GoalMeaning::ExitArr => pb::GoalMeaning::ExitArr,
        GoalMeaning::NewMrrPerMonth => pb::GoalMeaning::NewMrrPerMonth,
    }
}

/// The core's owned basis → RevenueBasis: the inverse of [`basis`].
pub fn basis_out(value: &OwnedRevenueBasis) -> pb::RevenueBasis {
    pb::RevenueBasis {
        horizon_months: int32_out(value.horizon_months),
        billing: billing_out(value.billing) as i32,
        monthly_churn: decimal_out(value.monthly_churn),
        booking_months: value.booking_months.iter().map(|&m| int32_out(m)).collect(),
    }
}

/// The core's owned goal → PlanRevenueGoalRequest.
pub fn goal_request_out(value: &OwnedRevenueGoal) -> Result<pb::PlanRevenueGoalRequest, ApiError> {
    Ok(pb::PlanRevenueGoalRequest {
        goal: Some(pb::RevenueGoal {
            meaning: goal_meaning_out(value.meaning) as i32,
            amount: Some(money_out(value.amount).at("amount").at("goal")?),
            basis: Some(basis_out(&value.basis)),
            rounding: rounding_mode_out(value.rounding)
                .at("rounding")
                .at("goal")? as i32,
        }),
    })
}

/// PlanRevenueGoalResponse → the core's owned goal plan.
pub fn goal_response(value: &pb::PlanRevenueGoalResponse) -> Result<OwnedGoalPlan, ApiError> {
    let plan = required(value.plan.as_ref()).at("plan")?;
    Ok(OwnedGoalPlan {
        plan: GoalPlan {
            compounded_months: decimal(&plan.compounded_months)
                .at("compounded_months")
                .at("plan")?,
            new_mrr_exact: money(plan.new_mrr_exact.as_ref())
                .at("new_mrr_exact")
                .at("plan")?,
            new_mrr_per_month: money(plan.new_mrr_per_month.as_ref())
                .at("new_mrr_per_month")
                .at("plan")?,
        },
        new_mrr: list(&value.new_mrr_schedule, "new_mrr_schedule", |m| {
            money(Some(m))
        })?,
    })
}

/// The core's owned model → FunnelModel: the inverse of [`model`].
pub fn model_out(value: &OwnedFunnelModel) -> Result<pb::FunnelModel, ApiError> {
    let step_out = |s: &Step| pb::Step {
        conversion_rate: decimal_out(s.conversion_rate),
        lag_months: decimal_out(s.lag_months),
    };
    let segment_out = |s: &OwnedSegmentFunnel| -> Result<pb::SegmentFunnel, ApiError> {
        Ok(pb::SegmentFunnel {
            mrr_per_deal: Some(money_out(s.mrr_per_deal).at("mrr_per_deal")?),
            mrr_share: decimal_out(s.mrr_share),
            channels: s
                .channels
                .iter()
                .map(|c| pb::ChannelFunnel {
                    share: decimal_out(c.share),
                    steps: c.steps.iter().map(step_out).collect(),
                })
                .collect(),
        })
    };
    Ok(pb::FunnelModel {
        currency_code: value.currency.code().to_owned(),
        stages: value.stages.iter().map(|&s| stage_out(s) as i32).collect(),
        channels: value
            .channels
            .iter()
            .map(|&c| super::channel_out(c) as i32)
            .collect(),
        segments: value
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| segment_out(s).at_index("segments", i))
            .collect::<Result<_, _>>()?,
    })
}

/// The model and a new-MRR schedule → ComputeReverseFunnelRequest.
pub fn reverse_request_out(
    model: &OwnedFunnelModel,
    new_mrr: &[Money],
) -> Result<pb::ComputeReverseFunnelRequest, ApiError> {
    Ok(pb::ComputeReverseFunnelRequest {
        model: Some(model_out(model).at("model")?),
        new_mrr: new_mrr
            .iter()
            .enumerate()
            .map(|(i, m)| money_out(*m).at_index("new_mrr", i))
            .collect::<Result<_, _>>()?,
    })
}

/// VolumeLayout → core: the inverse of [`layout_out`].
pub fn layout(value: Option<&pb::VolumeLayout>) -> Result<VolumeLayout, ApiError> {
    let value = required(value)?;
    Ok(VolumeLayout {
        lead_months: index(value.lead_months).at("lead_months")?,
        horizon_months: index(value.horizon_months).at("horizon_months")?,
        segments: index(value.segments).at("segments")?,
        channels: index(value.channels).at("channels")?,
        stages: index(value.stages).at("stages")?,
    })
}

/// ComputeReverseFunnelResponse → the core's volumes and their bookings.
pub fn reverse_response(
    value: &pb::ComputeReverseFunnelResponse,
) -> Result<(OwnedVolumes, Vec<Bookings>), ApiError> {
    Ok((
        OwnedVolumes {
            layout: layout(value.layout.as_ref()).at("layout")?,
            cells: list(&value.volumes, "volumes", |v| decimal(v))?,
        },
        list(&value.bookings, "bookings", bookings)?,
    ))
}

/// BridgeInput → proto: the inverse of [`bridge_input`].
pub fn bridge_input_out(value: &BridgeInput) -> Result<pb::BridgeInput, ApiError> {
    Ok(pb::BridgeInput {
        starting_mrr: Some(money_out(value.starting_mrr).at("starting_mrr")?),
        starting_logos: decimal_out(value.starting_logos),
        expansion_rate: decimal_out(value.expansion_rate),
        contraction_rate: decimal_out(value.contraction_rate),
        revenue_churn_rate: decimal_out(value.revenue_churn_rate),
        logo_churn_rate: decimal_out(value.logo_churn_rate),
        rounding: rounding_mode_out(value.rounding).at("rounding")? as i32,
    })
}

/// The bridge's input and bookings → ComputeMrrBridgeRequest.
pub fn bridge_request_out(
    input: &BridgeInput,
    bookings: &[Bookings],
) -> Result<pb::ComputeMrrBridgeRequest, ApiError> {
    Ok(pb::ComputeMrrBridgeRequest {
        input: Some(bridge_input_out(input).at("input")?),
        bookings: bookings
            .iter()
            .enumerate()
            .map(|(i, b)| bookings_out(b).at_index("bookings", i))
            .collect::<Result<_, _>>()?,
    })
}

/// BridgeMonth → core: the inverse of [`bridge_month_out`].
pub fn bridge_month(value: &pb::BridgeMonth) -> Result<BridgeMonth, ApiError> {
    Ok(BridgeMonth {
        opening_mrr: money(value.opening_mrr.as_ref()).at("opening_mrr")?,
        new_mrr: money(value.new_mrr.as_ref()).at("new_mrr")?,
        expansion_mrr: money(value.expansion_mrr.as_ref()).at("expansion_mrr")?,
        contraction_mrr: money(value.contraction_mrr.as_ref()).at("contraction_mrr")?,
        churned_mrr: money(value.churned_mrr.as_ref()).at("churned_mrr")?,
        ending_mrr: money(value.ending_mrr.as_ref()).at("ending_mrr")?,
        opening_logos: decimal(&value.opening_logos).at("opening_logos")?,
        new_logos: decimal(&value.new_logos).at("new_logos")?,
        churned_logos: decimal(&value.churned_logos).at("churned_logos")?,
        ending_logos: decimal(&value.ending_logos).at("ending_logos")?,
    })
}

/// Ratio → core: the inverse of [`ratio_out`].
pub fn ratio(value: Option<&pb::Ratio>) -> Result<Ratio, ApiError> {
    let value = required(value)?;
    if value.unbounded {
        return Ok(Ratio::Unbounded);
    }
    Ok(Ratio::Finite(
        decimal(required(value.value.as_ref())?).at("value")?,
    ))
}

/// The payback a ComputeUnitEconomicsResponse answered.
pub fn payback(value: &pb::ComputeUnitEconomicsResponse) -> Result<Payback, ApiError> {
    if value.payback_not_within_horizon {
        return Ok(Payback::NotWithinHorizon);
    }
    Ok(Payback::Months(
        decimal(required(value.payback_months.as_ref())?).at("payback_months")?,
    ))
}

/// The lifetime value a ComputeUnitEconomicsResponse answered: a horizon
/// (never 0 when capped) marks the summed form.
pub fn lifetime_value(value: &pb::ComputeUnitEconomicsResponse) -> Result<Ltv, ApiError> {
    let amount = money(value.lifetime_value.as_ref()).at("lifetime_value")?;
    Ok(
        match u32_of(value.ltv_horizon_months).at("ltv_horizon_months")? {
            0 => Ltv::Finite(amount),
            months => Ltv::HorizonCapped {
                value: amount,
                months,
            },
        },
    )
}

/// The MRR ceiling a ComputeUnitEconomicsResponse answered.
pub fn mrr_ceiling(value: &pb::ComputeUnitEconomicsResponse) -> Result<MrrCeiling, ApiError> {
    if value.mrr_ceiling_unbounded {
        return Ok(MrrCeiling::Unbounded);
    }
    Ok(MrrCeiling::Finite(
        money(value.mrr_ceiling.as_ref()).at("mrr_ceiling")?,
    ))
}

fn milestone_out(value: Milestone) -> pb::Milestone {
    match value {
        Milestone::Assigned => pb::Milestone::Assigned,
        Milestone::Worked => pb::Milestone::Worked,
        Milestone::QualifyingCall => pb::Milestone::QualifyingCall,
        Milestone::Advanced => pb::Milestone::Advanced,
    }
}

/// SlaRule → proto: the inverse of [`sla_rule`].
pub fn sla_rule_out(value: &SlaRule) -> pb::SlaRule {
    pb::SlaRule {
        stage: stage_out(value.stage) as i32,
        from: milestone_out(value.from) as i32,
        until: milestone_out(value.until) as i32,
        within_seconds: value.within_seconds,
        action: sla_action_out(value.action) as i32,
    }
}
