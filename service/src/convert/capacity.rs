//! Capacity: proto ↔ `salesphysics_core::capacity`, into the core's owned
//! plan input and POD designs (which lend the borrowed forms the engine
//! reads).

use salesphysics_core::capacity::{
    CostMonth, Handoff, MismatchFlag, MismatchKind, OwnedCapacityModel, OwnedDriver,
    OwnedPlanInput, OwnedPodDesign, OwnedRamp, OwnedRolePlan, PlanCell, PodCount, PodKind, PodSeat,
    RatioRule, Workload,
};
use salesphysics_core::Money;

use super::{
    currency, decimal, decimal_or_zero, decimal_out, index, int32_out, known, list, money,
    money_out, optional_decimal, required, u32_of, unspecified,
};
use crate::pb::salesphysics::v1 as pb;
use crate::status::{ApiError, Context as _};

fn driver(value: Option<&pb::Driver>) -> Result<OwnedDriver, ApiError> {
    let value = required(value)?;
    Ok(match known::<pb::DriverKind>(value.kind).at("kind")? {
        pb::DriverKind::Unspecified => return Err(unspecified().at("kind")),
        pb::DriverKind::Workload => OwnedDriver::Workload {
            flow_per_fte: decimal(&value.flow_per_fte).at("flow_per_fte")?,
            stock_per_fte: optional_decimal(value.stock_per_fte.as_ref()).at("stock_per_fte")?,
        },
        pb::DriverKind::Ratio => OwnedDriver::Ratio {
            anchors: list(&value.anchors, "anchors", |&a| index(a))?,
            per_anchor: decimal(&value.per_anchor).at("per_anchor")?,
        },
    })
}

/// Ramp → the core's owned ramp (required).
pub fn ramp(value: Option<&pb::Ramp>) -> Result<OwnedRamp, ApiError> {
    let value = required(value)?;
    Ok(match known::<pb::RampKind>(value.kind).at("kind")? {
        pb::RampKind::Unspecified => return Err(unspecified().at("kind")),
        pb::RampKind::Linear => OwnedRamp::Linear {
            months: u32_of(value.months).at("months")?,
        },
        pb::RampKind::Step => OwnedRamp::Step {
            months: u32_of(value.months).at("months")?,
        },
        pb::RampKind::Custom => OwnedRamp::Custom(list(&value.table, "table", |t| decimal(t))?),
    })
}

fn role(value: &pb::RolePlan) -> Result<OwnedRolePlan, ApiError> {
    Ok(OwnedRolePlan {
        role: super::role(value.role).at("role")?,
        driver: driver(value.driver.as_ref()).at("driver")?,
        ramp: ramp(value.ramp.as_ref()).at("ramp")?,
        annual_attrition: decimal_or_zero(&value.annual_attrition).at("annual_attrition")?,
        hiring_lead_months: u32_of(value.hiring_lead_months).at("hiring_lead_months")?,
        monthly_cost: money(value.monthly_cost.as_ref()).at("monthly_cost")?,
    })
}

fn pod(value: &pb::PodDesign) -> Result<OwnedPodDesign, ApiError> {
    let kind = match known::<pb::PodKind>(value.kind).at("kind")? {
        pb::PodKind::Unspecified => return Err(unspecified().at("kind")),
        pb::PodKind::Inbound => PodKind::Inbound,
        pb::PodKind::Outbound => PodKind::Outbound,
        pb::PodKind::Enterprise => PodKind::Enterprise,
        pb::PodKind::OneToOne => PodKind::OneToOne,
    };
    let seats = list(&value.seats, "seats", |s| {
        Ok(PodSeat {
            role: index(s.role).at("role")?,
            fte: decimal(&s.fte).at("fte")?,
        })
    })?;
    Ok(OwnedPodDesign { kind, seats })
}

fn segment(value: Option<i32>) -> Result<Option<usize>, ApiError> {
    value.map(index).transpose().at("segment")
}

/// PlanCapacityRequest → the core's capacity model.
pub fn model(value: &pb::PlanCapacityRequest) -> Result<OwnedCapacityModel, ApiError> {
    let starting_headcount = if value.starting_headcount.is_empty() {
        let cells = usize::try_from(value.segments)
            .unwrap_or(0)
            .saturating_mul(value.roles.len());
        vec![0; cells]
    } else {
        list(&value.starting_headcount, "starting_headcount", |&h| {
            super::u32_of_i64(h)
        })?
    };
    Ok(OwnedCapacityModel {
        input: OwnedPlanInput {
            currency: currency(&value.currency_code).at("currency_code")?,
            roles: list(&value.roles, "roles", role)?,
            months: index(value.months).at("months")?,
            segments: index(value.segments).at("segments")?,
            starting_headcount,
            workload: list(&value.workload, "workload", |w| {
                Ok(Workload {
                    flow: decimal_or_zero(&w.flow).at("flow")?,
                    stock: decimal_or_zero(&w.stock).at("stock")?,
                })
            })?,
        },
        pods: list(&value.pods, "pods", pod)?,
        handoffs: list(&value.handoffs, "handoffs", |h| {
            Ok(Handoff {
                segment: segment(h.segment)?,
                from: index(h.from).at("from")?,
                to: index(h.to).at("to")?,
            })
        })?,
        ratios: list(&value.ratios, "ratios", |r| {
            Ok(RatioRule {
                segment: segment(r.segment)?,
                role: index(r.role).at("role")?,
                per_role: index(r.per_role).at("per_role")?,
                min: decimal(&r.min).at("min")?,
                max: decimal(&r.max).at("max")?,
            })
        })?,
        new_mrr: list(&value.new_mrr, "new_mrr", |m| money(Some(m)))?,
        new_customers: list(&value.new_customers, "new_customers", |c| decimal(c))?,
    })
}

/// PlanCell → proto.
pub fn cell_out(value: &PlanCell) -> pb::PlanCell {
    pb::PlanCell {
        need_fte: decimal_out(value.need_fte),
        need_headcount: i64::from(value.need_headcount),
        starting_headcount: decimal_out(value.starting_headcount),
        hires: i64::from(value.hires),
        requisition_month: value.requisition_month.map(int32_out),
        departures: decimal_out(value.departures),
        ending_headcount: decimal_out(value.ending_headcount),
        effective_fte: decimal_out(value.effective_fte),
        gap_fte: decimal_out(value.gap_fte),
    }
}

/// PodCount of (month, segment) → proto.
pub fn pod_count_out(month: usize, segment: usize, value: &PodCount) -> pb::PodCount {
    pb::PodCount {
        month: int32_out(month),
        segment: int32_out(segment),
        fractional: decimal_out(value.fractional),
        pods: i64::from(value.pods),
        binding_role: int32_out(value.binding_role),
    }
}

/// CostMonth with its role lines → proto.
pub fn cost_out(value: &CostMonth, role_lines: &[Money]) -> Result<pb::CostMonth, ApiError> {
    Ok(pb::CostMonth {
        total: Some(money_out(value.total)?),
        new_mrr: Some(money_out(value.new_mrr)?),
        cost_per_new_mrr_dollar: value.cost_per_new_mrr_dollar.map(decimal_out),
        implied_cac: value.implied_cac.map(money_out).transpose()?,
        role_lines: role_lines
            .iter()
            .map(|m| money_out(*m))
            .collect::<Result<_, _>>()?,
    })
}

/// MismatchFlag → proto.
pub fn mismatch_out(value: &MismatchFlag) -> pb::MismatchFlag {
    pb::MismatchFlag {
        kind: match value.kind {
            MismatchKind::UnfedCapacity => pb::MismatchKind::UnfedCapacity,
            MismatchKind::UnabsorbedSupply => pb::MismatchKind::UnabsorbedSupply,
            MismatchKind::WipOverCap => pb::MismatchKind::WipOverCap,
            MismatchKind::RatioOutOfRange => pb::MismatchKind::RatioOutOfRange,
        } as i32,
        segment: int32_out(value.segment),
        role: int32_out(value.role),
        first_month: int32_out(value.first_month),
        months: int32_out(value.months),
        worst: decimal_out(value.worst),
    }
}
