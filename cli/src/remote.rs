//! `serve` and `--server`: the same question asked of a running
//! `salesphysics-service`, through its generated client and its public
//! conversions.
//!
//! The service converts proto → core for requests and core → proto for
//! responses; a client needs the other two directions, which live here as
//! a thin mapping (no figures are computed: every decimal crosses as the
//! core's own text).

use salesphysics_core::capacity::{
    CostMonth, MismatchFlag, MismatchKind, OwnedDriver, OwnedRamp, PlanCell, PodCount, PodKind,
};
use salesphysics_core::{Decimal, Money};
use salesphysics_service::convert::{decimal, decimal_out, int32_out, money, money_out, role_out};
use salesphysics_service::pb::google::r#type as gtype;
use salesphysics_service::pb::salesphysics::v1 as pb;
use salesphysics_service::server;

use crate::command::capacity::{Model, Plan};
use crate::fail::Failure;

/// Runs the gRPC server on `listen` until Ctrl-C, as `salesphysics-service`
/// does.
pub fn serve(listen: &str) -> Result<(), Failure> {
    let runtime = server::runtime().map_err(|e| Failure::internal(format!("runtime: {e}")))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| Failure::usage(format!("--listen {listen}: {e}")))?;
        let address = listener
            .local_addr()
            .map_err(|e| Failure::internal(e.to_string()))?;
        eprintln!("salesphysics: serving salesphysics.v1 on {address} (Ctrl-C stops)");
        server::serve(listener, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| Failure::internal(format!("server: {e}")))
    })
}

/// PlanCapacity on the service at `address` (`http://host:port`).
pub fn capacity(address: &str, model: &Model) -> Result<Plan, Failure> {
    let request = capacity_request(model)?;
    let runtime = server::runtime().map_err(|e| Failure::internal(format!("runtime: {e}")))?;
    let response = runtime.block_on(async {
        let mut client =
            pb::capacity_service_client::CapacityServiceClient::connect(address.to_owned())
                .await
                .map_err(|e| Failure::internal(format!("--server {address}: {e}")))?;
        client
            .plan_capacity(request)
            .await
            .map_err(|status| status_failure(address, &status))
    })?;
    capacity_plan(response.into_inner())
}

/// A rejected request is bad input, like a local core error; anything else
/// (unreachable, internal) is not the file's fault.
fn status_failure(address: &str, status: &tonic::Status) -> Failure {
    let message = format!("{address}: {}", status.message());
    if status.code() == tonic::Code::InvalidArgument {
        Failure::input(message)
    } else {
        Failure::internal(format!("{message} ({:?})", status.code()))
    }
}

fn money_pb(value: Money) -> Result<gtype::Money, Failure> {
    money_out(value).map_err(|e| Failure::input(format!("{e:?}")))
}

fn capacity_request(model: &Model) -> Result<pb::PlanCapacityRequest, Failure> {
    let input = &model.input;
    Ok(pb::PlanCapacityRequest {
        currency_code: input.currency.code().to_owned(),
        roles: input
            .roles
            .iter()
            .map(|r| {
                Ok(pb::RolePlan {
                    role: role_out(r.role) as i32,
                    driver: Some(match &r.driver {
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
                    }),
                    ramp: Some(match &r.ramp {
                        OwnedRamp::Linear { months } => pb::Ramp {
                            kind: pb::RampKind::Linear as i32,
                            months: int32_out(*months),
                            table: Vec::new(),
                        },
                        OwnedRamp::Step { months } => pb::Ramp {
                            kind: pb::RampKind::Step as i32,
                            months: int32_out(*months),
                            table: Vec::new(),
                        },
                        OwnedRamp::Custom(curve) => pb::Ramp {
                            kind: pb::RampKind::Custom as i32,
                            months: 0,
                            table: curve.iter().map(|d| decimal_out(*d)).collect(),
                        },
                    }),
                    annual_attrition: decimal_out(r.annual_attrition),
                    hiring_lead_months: int32_out(r.hiring_lead_months),
                    monthly_cost: Some(money_pb(r.monthly_cost)?),
                })
            })
            .collect::<Result<_, Failure>>()?,
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
        pods: model
            .pods
            .iter()
            .map(|p| pb::PodDesign {
                kind: match p.kind {
                    PodKind::Inbound => pb::PodKind::Inbound,
                    PodKind::Outbound => pb::PodKind::Outbound,
                    PodKind::Enterprise => pb::PodKind::Enterprise,
                    PodKind::OneToOne => pb::PodKind::OneToOne,
                } as i32,
                seats: p
                    .seats
                    .iter()
                    .map(|s| pb::PodSeat {
                        role: int32_out(s.role),
                        fte: decimal_out(s.fte),
                    })
                    .collect(),
            })
            .collect(),
        handoffs: model
            .handoffs
            .iter()
            .map(|h| pb::Handoff {
                segment: h.segment.map(int32_out),
                from: int32_out(h.from),
                to: int32_out(h.to),
            })
            .collect(),
        ratios: model
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
        new_mrr: model
            .new_mrr
            .iter()
            .map(|m| money_pb(*m))
            .collect::<Result<_, _>>()?,
        new_customers: model
            .new_customers
            .iter()
            .map(|d| decimal_out(*d))
            .collect(),
    })
}

/// The service's answer in the core's types: each decimal parsed back from
/// the core's own text, so equal figures compare equal.
fn capacity_plan(response: pb::PlanCapacityResponse) -> Result<Plan, Failure> {
    let bad = |what: &str| Failure::internal(format!("--server answered a malformed {what}"));
    let dec = |text: &str, what: &str| decimal(text).map_err(|_| bad(what));
    let whole = |n: i64, what: &str| u32::try_from(n).map_err(|_| bad(what));
    let index = |n: i32, what: &str| usize::try_from(n).map_err(|_| bad(what));
    let cash = |m: Option<&gtype::Money>, what: &str| money(m).map_err(|_| bad(what));
    let optional_dec = |text: Option<&String>, what: &str| -> Result<Option<Decimal>, Failure> {
        text.map(|t| dec(t, what)).transpose()
    };
    Ok(Plan {
        cells: response
            .cells
            .iter()
            .map(|c| {
                Ok(PlanCell {
                    need_fte: dec(&c.need_fte, "need_fte")?,
                    need_headcount: whole(c.need_headcount, "need_headcount")?,
                    starting_headcount: dec(&c.starting_headcount, "starting_headcount")?,
                    hires: whole(c.hires, "hires")?,
                    requisition_month: c
                        .requisition_month
                        .map(|m| u32::try_from(m).map_err(|_| bad("requisition_month")))
                        .transpose()?,
                    departures: dec(&c.departures, "departures")?,
                    ending_headcount: dec(&c.ending_headcount, "ending_headcount")?,
                    effective_fte: dec(&c.effective_fte, "effective_fte")?,
                    gap_fte: dec(&c.gap_fte, "gap_fte")?,
                })
            })
            .collect::<Result<_, Failure>>()?,
        pods: response
            .pods
            .iter()
            .map(|p| {
                Ok(PodCount {
                    fractional: dec(&p.fractional, "fractional")?,
                    pods: whole(p.pods, "pods")?,
                    binding_role: index(p.binding_role, "binding_role")?,
                })
            })
            .collect::<Result<_, Failure>>()?,
        costs: response
            .costs
            .iter()
            .map(|c| {
                Ok(CostMonth {
                    total: cash(c.total.as_ref(), "total")?,
                    new_mrr: cash(c.new_mrr.as_ref(), "new_mrr")?,
                    cost_per_new_mrr_dollar: optional_dec(
                        c.cost_per_new_mrr_dollar.as_ref(),
                        "cost_per_new_mrr_dollar",
                    )?,
                    implied_cac: c
                        .implied_cac
                        .as_ref()
                        .map(|m| cash(Some(m), "implied_cac"))
                        .transpose()?,
                })
            })
            .collect::<Result<_, Failure>>()?,
        mismatches: response
            .mismatches
            .iter()
            .map(|m| {
                Ok(MismatchFlag {
                    kind: match pb::MismatchKind::try_from(m.kind) {
                        Ok(pb::MismatchKind::UnfedCapacity) => MismatchKind::UnfedCapacity,
                        Ok(pb::MismatchKind::UnabsorbedSupply) => MismatchKind::UnabsorbedSupply,
                        Ok(pb::MismatchKind::WipOverCap) => MismatchKind::WipOverCap,
                        Ok(pb::MismatchKind::RatioOutOfRange) => MismatchKind::RatioOutOfRange,
                        _ => return Err(bad("mismatch kind")),
                    },
                    segment: index(m.segment, "segment")?,
                    role: index(m.role, "role")?,
                    first_month: index(m.first_month, "first_month")?,
                    months: u32::try_from(m.months).map_err(|_| bad("months"))?,
                    worst: dec(&m.worst, "worst")?,
                })
            })
            .collect::<Result<_, Failure>>()?,
    })
}
