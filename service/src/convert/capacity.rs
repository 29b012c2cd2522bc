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

// The client's directions: a request from the core's types, and the
// response back into them (the `salesphysics --server` command).

fn driver_out(value: &OwnedDriver) -> pb::Driver {
    match value {
        OwnedDriver::Workload {
            flow_per_fte,
            stock_per_fte,
        } => pb::Driver {
            kind: pb::DriverKind::Workload as i32,
            flow_per_fte: decimal_out(*flow_per_fte),
            stock_per_fte: stock_per_fte.map(decimal_out),
            ..pb::Driver::default()
        },
        OwnedDriver::Ratio {
            anchors,
            per_anchor,
        } => pb::Driver {
            kind: pb::DriverKind::Ratio as i32,
            anchors: anchors.iter().map(|&a| int32_out(a)).collect(),
            per_anchor: decimal_out(*per_anchor),
            ..pb::Driver::default()
        },
    }
}

/// The core's owned ramp → Ramp: the inverse of [`ramp`].
pub fn ramp_out(value: &OwnedRamp) -> pb::Ramp {
    let (kind, months, table) = match value {
        OwnedRamp::Linear { months } => (pb::RampKind::Linear, int32_out(*months), Vec::new()),
        OwnedRamp::Step { months } => (pb::RampKind::Step, int32_out(*months), Vec::new()),
        OwnedRamp::Custom(curve) => (
            pb::RampKind::Custom,
            0,
            curve.iter().map(|d| decimal_out(*d)).collect(),
        ),
    };
    pb::Ramp {
        kind: kind as i32,
        months,
        table,
    }
}

fn role_out(value: &OwnedRolePlan) -> Result<pb::RolePlan, ApiError> {
    Ok(pb::RolePlan {
        role: super::role_out(value.role) as i32,
        driver: Some(driver_out(&value.driver)),
        ramp: Some(ramp_out(&value.ramp)),
        annual_attrition: decimal_out(value.annual_attrition),
        hiring_lead_months: int32_out(value.hiring_lead_months),
        monthly_cost: Some(money_out(value.monthly_cost).at("monthly_cost")?),
    })
}

fn pod_out(value: &OwnedPodDesign) -> pb::PodDesign {
    pb::PodDesign {
        kind: match value.kind {
            PodKind::Inbound => pb::PodKind::Inbound,
            PodKind::Outbound => pb::PodKind::Outbound,
            PodKind::Enterprise => pb::PodKind::Enterprise,
            PodKind::OneToOne => pb::PodKind::OneToOne,
        } as i32,
        seats: value
            .seats
            .iter()
            .map(|s| pb::PodSeat {
                role: int32_out(s.role),
                fte: decimal_out(s.fte),
            })
            .collect(),
    }
}

/// The core's capacity model → PlanCapacityRequest: the inverse of
/// [`model`].
pub fn request_out(value: &OwnedCapacityModel) -> Result<pb::PlanCapacityRequest, ApiError> {
    let input = &value.input;
    Ok(pb::PlanCapacityRequest {
        currency_code: input.currency.code().to_owned(),
        roles: input
            .roles
            .iter()
            .enumerate()
            .map(|(i, r)| role_out(r).at_index("roles", i))
            .collect::<Result<_, _>>()?,
        months: int32_out(input.months),
        segments: int32_out(input.segments),
        starting_headcount: input
            .starting_headcount
            .iter()
            .map(|&h| i64::from(h))
            .collect(),
        workload: input
            .workload
            .iter()
            .map(|w| pb::Workload {
                flow: decimal_out(w.flow),
                stock: decimal_out(w.stock),
            })
            .collect(),
        pods: value.pods.iter().map(pod_out).collect(),
        handoffs: value
            .handoffs
            .iter()
            .map(|h| pb::Handoff {
                segment: h.segment.map(int32_out),
                from: int32_out(h.from),
                to: int32_out(h.to),
            })
            .collect(),
        ratios: value
            .ratios
            .iter()
            .map(|r| pb::RatioRule {
                segment: r.segment.map(int32_out),
                role: int32_out(r.role),
                per_role: int32_out(r.per_role),
                min: decimal_out(r.min),
                max: decimal_out(r.max),
            })
            .collect(),
        new_mrr: value
            .new_mrr
            .iter()
            .enumerate()
            .map(|(i, m)| money_out(*m).at_index("new_mrr", i))
            .collect::<Result<_, _>>()?,
        new_customers: value
            .new_customers
            .iter()
            .map(|d| decimal_out(*d))
            .collect(),
    })
}

fn whole(value: i64) -> Result<u32, ApiError> {
    super::u32_of_i64(value)
}

/// PlanCell → core: the inverse of [`cell_out`].
pub fn cell(value: &pb::PlanCell) -> Result<PlanCell, ApiError> {
    Ok(PlanCell {
        need_fte: decimal(&value.need_fte).at("need_fte")?,
        need_headcount: whole(value.need_headcount).at("need_headcount")?,
        starting_headcount: decimal(&value.starting_headcount).at("starting_headcount")?,
        hires: whole(value.hires).at("hires")?,
        requisition_month: value
            .requisition_month
            .map(u32_of)
            .transpose()
            .at("requisition_month")?,
        departures: decimal(&value.departures).at("departures")?,
        ending_headcount: decimal(&value.ending_headcount).at("ending_headcount")?,
        effective_fte: decimal(&value.effective_fte).at("effective_fte")?,
        gap_fte: decimal(&value.gap_fte).at("gap_fte")?,
    })
}

/// PodCount → core (its month and segment are its place in the list).
pub fn pod_count(value: &pb::PodCount) -> Result<PodCount, ApiError> {
    Ok(PodCount {
        fractional: decimal(&value.fractional).at("fractional")?,
        pods: whole(value.pods).at("pods")?,
        binding_role: index(value.binding_role).at("binding_role")?,
    })
}

/// CostMonth → core (its role lines stay in the response).
pub fn cost(value: &pb::CostMonth) -> Result<CostMonth, ApiError> {
    Ok(CostMonth {
        total: money(value.total.as_ref()).at("total")?,
        new_mrr: money(value.new_mrr.as_ref()).at("new_mrr")?,
        cost_per_new_mrr_dollar: optional_decimal(value.cost_per_new_mrr_dollar.as_ref())
            .at("cost_per_new_mrr_dollar")?,
        implied_cac: value
            .implied_cac
            .as_ref()
            .map(|m| money(Some(m)))
            .transpose()
            .at("implied_cac")?,
    })
}

/// MismatchFlag → core: the inverse of [`mismatch_out`].
pub fn mismatch(value: &pb::MismatchFlag) -> Result<MismatchFlag, ApiError> {
    Ok(MismatchFlag {
        kind: match known::<pb::MismatchKind>(value.kind).at("kind")? {
            pb::MismatchKind::Unspecified => return Err(unspecified().at("kind")),
            pb::MismatchKind::UnfedCapacity => MismatchKind::UnfedCapacity,
            pb::MismatchKind::UnabsorbedSupply => MismatchKind::UnabsorbedSupply,
            pb::MismatchKind::WipOverCap => MismatchKind::WipOverCap,
            pb::MismatchKind::RatioOutOfRange => MismatchKind::RatioOutOfRange,
        },
        segment: index(value.segment).at("segment")?,
        role: index(value.role).at("role")?,
        first_month: index(value.first_month).at("first_month")?,
        months: u32_of(value.months).at("months")?,
        worst: decimal(&value.worst).at("worst")?,
    })
}
