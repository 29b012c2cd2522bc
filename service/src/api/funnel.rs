//! FunnelService: goal planning, reverse and forward funnels, the MRR
//! bridge, unit economics, work in progress and lead SLAs.

use salesphysics_core::funnel::{
    cac, cac_payback_with_expansion, evaluate_lead_sla, lifetime_value, ltv_to_cac,
    mrr_bridge_owned, mrr_ceiling, pipeline_velocity, release_rate_for_cap, wip_per_rep,
    work_in_progress, Ltv, MrrCeiling, OwnedRevenueGoal, Payback, SlaOutcome,
};
use salesphysics_core::ErrorKind;
use tonic::{Request, Response, Status};

use crate::convert::{self, funnel as cv};
use crate::fingerprint;
use crate::pb::salesphysics::v1 as pb;
use crate::status::{ApiError, Context as _};

/// Serves `salesphysics.v1.FunnelService`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Funnel;

#[tonic::async_trait]
impl pb::funnel_service_server::FunnelService for Funnel {
    async fn plan_revenue_goal(
        &self,
        request: Request<pb::PlanRevenueGoalRequest>,
    ) -> Result<Response<pb::PlanRevenueGoalResponse>, Status> {
        super::inline(|| plan_revenue_goal(request.get_ref()))
    }

    async fn plan_nrr_goal(
        &self,
        request: Request<pb::PlanNrrGoalRequest>,
    ) -> Result<Response<pb::PlanNrrGoalResponse>, Status> {
        super::inline(|| super::goal_nrr::plan_nrr_goal(request.get_ref()))
    }

    async fn compute_reverse_funnel(
        &self,
        request: Request<pb::ComputeReverseFunnelRequest>,
    ) -> Result<Response<pb::ComputeReverseFunnelResponse>, Status> {
        let request = request.into_inner();
        super::blocking(move || compute_reverse_funnel(&request)).await
    }

    async fn project_forward(
        &self,
        request: Request<pb::ProjectForwardRequest>,
    ) -> Result<Response<pb::ProjectForwardResponse>, Status> {
        let request = request.into_inner();
        super::blocking(move || project_forward_call(&request)).await
    }

    async fn compute_mrr_bridge(
        &self,
        request: Request<pb::ComputeMrrBridgeRequest>,
    ) -> Result<Response<pb::ComputeMrrBridgeResponse>, Status> {
        super::inline(|| compute_mrr_bridge(request.get_ref()))
    }

    async fn compute_unit_economics(
        &self,
        request: Request<pb::ComputeUnitEconomicsRequest>,
    ) -> Result<Response<pb::ComputeUnitEconomicsResponse>, Status> {
        super::inline(|| compute_unit_economics(request.get_ref()))
    }

    async fn compute_work_in_progress(
        &self,
        request: Request<pb::ComputeWorkInProgressRequest>,
    ) -> Result<Response<pb::ComputeWorkInProgressResponse>, Status> {
        super::inline(|| compute_work_in_progress(request.get_ref()))
    }

    async fn evaluate_lead_sla(
        &self,
        request: Request<pb::EvaluateLeadSlaRequest>,
    ) -> Result<Response<pb::EvaluateLeadSlaResponse>, Status> {
        super::inline(|| evaluate_lead_sla_call(request.get_ref()))
    }
}

/// PlanRevenueGoal.
pub fn plan_revenue_goal(
    request: &pb::PlanRevenueGoalRequest,
) -> Result<pb::PlanRevenueGoalResponse, ApiError> {
    let goal = convert::required(request.goal.as_ref()).at("goal")?;
    let goal = OwnedRevenueGoal {
        meaning: cv::goal_meaning(goal.meaning).at("meaning").at("goal")?,
        amount: convert::money(goal.amount.as_ref())
            .at("amount")
            .at("goal")?,
        basis: cv::basis(goal.basis.as_ref()).at("basis").at("goal")?,
        rounding: convert::rounding_mode(goal.rounding)
            .at("rounding")
            .at("goal")?,
    };
    let planned = goal.plan().at("goal")?;
    Ok(pb::PlanRevenueGoalResponse {
        engine_version: super::engine_version(),
        input_fingerprint: fingerprint::of("PlanRevenueGoal", &goal)?,
        plan: Some(cv::goal_plan_out(&planned.plan)?),
        new_mrr_schedule: planned
            .new_mrr
            .into_iter()
            .map(convert::money_out)
            .collect::<Result<_, _>>()?,
    })
}

/// ComputeReverseFunnel.
pub fn compute_reverse_funnel(
    request: &pb::ComputeReverseFunnelRequest,
) -> Result<pb::ComputeReverseFunnelResponse, ApiError> {
    let new_mrr = request
        .new_mrr
        .iter()
        .enumerate()
        .map(|(i, m)| convert::money(Some(m)).at_index("new_mrr", i))
        .collect::<Result<Vec<_>, _>>()?;
    let owned = cv::model(request.model.as_ref()).at("model")?;
    let volumes = owned.reverse(&new_mrr)?;
    let whole = volumes.whole_units()?;
    let bookings = owned.bookings(&volumes)?;
    Ok(pb::ComputeReverseFunnelResponse {
        engine_version: super::engine_version(),
        input_fingerprint: fingerprint::of("ComputeReverseFunnel", &(&owned, &new_mrr))?,
        layout: Some(cv::layout_out(&volumes.layout)),
        volumes: volumes
            .cells
            .into_iter()
            .map(convert::decimal_out)
            .collect(),
        whole_units: whole.into_iter().map(convert::int64_out).collect(),
        bookings: bookings
            .iter()
            .map(cv::bookings_out)
            .collect::<Result<_, _>>()?,
    })
}

/// ProjectForward.
pub fn project_forward_call(
    request: &pb::ProjectForwardRequest,
) -> Result<pb::ProjectForwardResponse, ApiError> {
    let horizon = convert::index(request.horizon_months).at("horizon_months")?;
    let entering = request
        .entering
        .iter()
        .enumerate()
        .map(|(i, v)| convert::decimal(v).at_index("entering", i))
        .collect::<Result<Vec<_>, _>>()?;
    let owned = cv::model(request.model.as_ref()).at("model")?;
    let volumes = owned.project_forward(horizon, &entering)?;
    let bookings = owned.bookings(&volumes)?;
    Ok(pb::ProjectForwardResponse {
        engine_version: super::engine_version(),
        input_fingerprint: fingerprint::of("ProjectForward", &(&owned, horizon, &entering))?,
        layout: Some(cv::layout_out(&volumes.layout)),
        volumes: volumes
            .cells
            .into_iter()
            .map(convert::decimal_out)
            .collect(),
        bookings: bookings
            .iter()
            .map(cv::bookings_out)
            .collect::<Result<_, _>>()?,
    })
}

/// ComputeMrrBridge.
pub fn compute_mrr_bridge(
    request: &pb::ComputeMrrBridgeRequest,
) -> Result<pb::ComputeMrrBridgeResponse, ApiError> {
    let input = cv::bridge_input(request.input.as_ref()).at("input")?;
    let bookings = request
        .bookings
        .iter()
        .enumerate()
        .map(|(i, b)| cv::bookings(b).at_index("bookings", i))
        .collect::<Result<Vec<_>, _>>()?;
    let months = mrr_bridge_owned(&input, &bookings).map_err(|e| {
        // The core names its input `input` implicitly (root) and the list
        // `bookings`; only the former needs the request's field name.
        let e = ApiError::from(e);
        if e.path().starts_with("bookings") {
            e
        } else {
            e.at("input")
        }
    })?;
    Ok(pb::ComputeMrrBridgeResponse {
        engine_version: super::engine_version(),
        input_fingerprint: fingerprint::of("ComputeMrrBridge", &(&input, &bookings))?,
        months: months
            .iter()
            .map(cv::bridge_month_out)
            .collect::<Result<_, _>>()?,
    })
}

/// ComputeUnitEconomics: every present section, in field order.
pub fn compute_unit_economics(
    request: &pb::ComputeUnitEconomicsRequest,
) -> Result<pb::ComputeUnitEconomicsResponse, ApiError> {
    let mut out = pb::ComputeUnitEconomicsResponse {
        engine_version: super::engine_version(),
        ..Default::default()
    };
    let mut inputs = String::new();
    let mut cac_value = None;
    if let Some(section) = &request.cac {
        let spend = convert::money(section.spend.as_ref())
            .at("spend")
            .at("cac")?;
        let customers = convert::decimal(&section.new_customers)
            .at("new_customers")
            .at("cac")?;
        inputs.push_str(&format!("cac{:?}", (spend, customers)));
        let value = cac(spend, customers).at("cac")?;
        cac_value = Some(value);
        out.cac = Some(convert::money_out(value)?);
    }
    if let Some(section) = &request.payback {
        let at = |e: ApiError| e.at("payback");
        let cac = convert::money(section.cac.as_ref()).at("cac").map_err(at)?;
        let mrr = convert::money(section.mrr_per_customer.as_ref())
            .at("mrr_per_customer")
            .map_err(at)?;
        let margin = convert::decimal(&section.gross_margin)
            .at("gross_margin")
            .map_err(at)?;
        let expansion = convert::decimal_or_zero(&section.monthly_net_expansion)
            .at("monthly_net_expansion")
            .map_err(at)?;
        inputs.push_str(&format!("payback{:?}", (cac, mrr, margin, expansion)));
        match cac_payback_with_expansion(cac, mrr, margin, expansion).at("payback")? {
            Payback::Months(months) => out.payback_months = Some(convert::decimal_out(months)),
            Payback::NotWithinHorizon => out.payback_not_within_horizon = true,
        }
    }
    if let Some(section) = &request.lifetime_value {
        let at = |e: ApiError| e.at("lifetime_value");
        let arpa = convert::money(section.arpa.as_ref())
            .at("arpa")
            .map_err(at)?;
        let margin = convert::decimal(&section.gross_margin)
            .at("gross_margin")
            .map_err(at)?;
        let churn = convert::decimal(&section.monthly_churn)
            .at("monthly_churn")
            .map_err(at)?;
        let expansion = convert::decimal_or_zero(&section.monthly_expansion)
            .at("monthly_expansion")
            .map_err(at)?;
        let cap = u32::try_from(section.cap_months)
            .map_err(|_| ApiError::new(ErrorKind::Negative))
            .at("cap_months")
            .map_err(at)?;
        inputs.push_str(&format!("ltv{:?}", (arpa, margin, churn, expansion, cap)));
        let value =
            match lifetime_value(arpa, margin, churn, expansion, cap).at("lifetime_value")? {
                Ltv::Finite(value) => value,
                Ltv::HorizonCapped { value, months } => {
                    out.ltv_horizon_months = convert::int32_out(months);
                    value
                }
            };
        out.lifetime_value = Some(convert::money_out(value)?);
        if let Some(cac) = cac_value {
            out.ltv_to_cac = Some(cv::ratio_out(ltv_to_cac(value, cac).at("lifetime_value")?));
        }
    }
    if let Some(section) = &request.movement {
        let movement = cv::movement(section).at("movement")?;
        inputs.push_str(&format!("movement{movement:?}"));
        out.net_revenue_retention = Some(convert::decimal_out(
            movement.net_revenue_retention().at("movement")?,
        ));
        out.gross_revenue_retention = Some(convert::decimal_out(
            movement.gross_revenue_retention().at("movement")?,
        ));
        out.quick_ratio = Some(cv::ratio_out(movement.quick_ratio().at("movement")?));
    }
    if let Some(section) = &request.mrr_ceiling {
        let at = |e: ApiError| e.at("mrr_ceiling");
        let new_mrr = convert::money(section.new_mrr_per_month.as_ref())
            .at("new_mrr_per_month")
            .map_err(at)?;
        let churn = convert::decimal(&section.monthly_churn)
            .at("monthly_churn")
            .map_err(at)?;
        let expansion = convert::decimal_or_zero(&section.monthly_expansion)
            .at("monthly_expansion")
            .map_err(at)?;
        inputs.push_str(&format!("ceiling{:?}", (new_mrr, churn, expansion)));
        match mrr_ceiling(new_mrr, churn, expansion).at("mrr_ceiling")? {
            MrrCeiling::Finite(value) => out.mrr_ceiling = Some(convert::money_out(value)?),
            MrrCeiling::Unbounded => out.mrr_ceiling_unbounded = true,
        }
    }
    if let Some(section) = &request.pipeline_velocity {
        let at = |e: ApiError| e.at("pipeline_velocity");
        let open = convert::decimal(&section.open_opportunities)
            .at("open_opportunities")
            .map_err(at)?;
        let win_rate = convert::decimal(&section.win_rate)
            .at("win_rate")
            .map_err(at)?;
        let deal = convert::money(section.average_deal.as_ref())
            .at("average_deal")
            .map_err(at)?;
        let days = convert::decimal(&section.cycle_days)
            .at("cycle_days")
            .map_err(at)?;
        inputs.push_str(&format!("velocity{:?}", (open, win_rate, deal, days)));
        out.pipeline_velocity = Some(convert::money_out(
            pipeline_velocity(open, win_rate, deal, days).at("pipeline_velocity")?,
        )?);
    }
    out.input_fingerprint = fingerprint::of("ComputeUnitEconomics", &inputs)?;
    Ok(out)
}

/// ComputeWorkInProgress.
pub fn compute_work_in_progress(
    request: &pb::ComputeWorkInProgressRequest,
) -> Result<pb::ComputeWorkInProgressResponse, ApiError> {
    let arrivals = convert::decimal(&request.arrivals_per_month).at("arrivals_per_month")?;
    let months = convert::decimal(&request.months_in_stage).at("months_in_stage")?;
    let reps = convert::optional_decimal(request.reps.as_ref()).at("reps")?;
    let cap = convert::optional_decimal(request.wip_cap_per_rep.as_ref()).at("wip_cap_per_rep")?;
    let wip = work_in_progress(arrivals, months)?;
    let per_rep = reps.map(|reps| wip_per_rep(wip, reps)).transpose()?;
    let release = match (cap, reps) {
        (Some(cap), Some(reps)) => Some(release_rate_for_cap(cap, reps, months)?),
        (Some(_), None) => {
            return Err(ApiError::new(ErrorKind::Invalid("a WIP cap needs reps")).at("reps"))
        }
        (None, _) => None,
    };
    Ok(pb::ComputeWorkInProgressResponse {
        engine_version: super::engine_version(),
        input_fingerprint: fingerprint::of(
            "ComputeWorkInProgress",
            &(arrivals, months, reps, cap),
        )?,
        wip: convert::decimal_out(wip),
        wip_per_rep: per_rep.map(convert::decimal_out),
        release_rate: release.map(cv::ratio_out),
    })
}

/// EvaluateLeadSla.
pub fn evaluate_lead_sla_call(
    request: &pb::EvaluateLeadSlaRequest,
) -> Result<pb::EvaluateLeadSlaResponse, ApiError> {
    let lead = cv::lead(request.lead.as_ref()).at("lead")?;
    let rules = request
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| cv::sla_rule(r).at_index("rules", i))
        .collect::<Result<Vec<_>, _>>()?;
    let outcome = evaluate_lead_sla(&lead, &rules, request.now)?;
    let mut out = pb::EvaluateLeadSlaResponse {
        engine_version: super::engine_version(),
        input_fingerprint: fingerprint::of("EvaluateLeadSla", &(&lead, &rules, request.now))?,
        ..Default::default()
    };
    let (state, fired) = match outcome {
        SlaOutcome::Clear => (pb::SlaState::Clear, None),
        SlaOutcome::Pending {
            rule,
            action,
            due_at,
        } => (pb::SlaState::Pending, Some((rule, action, due_at))),
        SlaOutcome::Due {
            rule,
            action,
            due_at,
        } => (pb::SlaState::Due, Some((rule, action, due_at))),
    };
    out.state = state as i32;
    if let Some((rule, action, due_at)) = fired {
        out.rule = convert::int32_out(rule);
        out.action = cv::sla_action_out(action) as i32;
        out.due_at = due_at;
    }
    Ok(out)
}
