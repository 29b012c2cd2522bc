//! Flow: proto ↔ `salesphysics_core::flow`, into the core's owned input.

use salesphysics_core::flow::{
    ConversionCurve, FlowPeriod, FlowSummary, LeadTimes, OwnedFlowInput, Release,
};

use super::funnel::{sla_rule, stage};
use super::{
    decimal, decimal_or_zero, decimal_out, id, int32_out, int64_out, known, list, required, u32_of,
    unspecified,
};
use crate::pb::salesphysics::v1 as pb;
use crate::status::{ApiError, Context as _};

fn release(value: Option<&pb::Release>) -> Result<Release, ApiError> {
    let value = required(value)?;
    Ok(match known::<pb::ReleaseKind>(value.kind).at("kind")? {
        pb::ReleaseKind::Unspecified => return Err(unspecified().at("kind")),
        pb::ReleaseKind::Free => Release::Free,
        pb::ReleaseKind::Capped => Release::Capped {
            wip_per_rep: u32_of(value.wip_per_rep).at("wip_per_rep")?,
        },
    })
}

fn conversion(value: Option<&pb::ConversionCurve>) -> Result<ConversionCurve, ApiError> {
    let value = required(value)?;
    Ok(ConversionCurve {
        initial: decimal(&value.initial).at("initial")?,
        daily_retention: decimal(&value.daily_retention).at("daily_retention")?,
        floor: decimal_or_zero(&value.floor).at("floor")?,
    })
}

/// SimulateFlowRequest → the core's owned input.
pub fn input(value: &pb::SimulateFlowRequest) -> Result<OwnedFlowInput, ApiError> {
    Ok(OwnedFlowInput {
        arrivals: list(&value.arrivals, "arrivals", |&a| u32_of(a))?,
        reps: u32_of(value.reps).at("reps")?,
        work_per_rep_per_day: u32_of(value.work_per_rep_per_day).at("work_per_rep_per_day")?,
        release: release(value.release.as_ref()).at("release")?,
        stage: stage(value.stage).at("stage")?,
        sla_rules: list(&value.sla_rules, "sla_rules", sla_rule)?,
        queue_expiry_days: value
            .queue_expiry_days
            .map(u32_of)
            .transpose()
            .at("queue_expiry_days")?,
        conversion: conversion(value.conversion.as_ref()).at("conversion")?,
        seed: id(value.seed).at("seed")?,
    })
}

fn lead_times_out(value: &LeadTimes) -> pb::LeadTimes {
    pb::LeadTimes {
        p50: value.p50.map(int32_out),
        p90: value.p90.map(int32_out),
        p99: value.p99.map(int32_out),
        max: value.max.map(int32_out),
    }
}

/// FlowPeriod → proto.
pub fn period_out(value: &FlowPeriod) -> pb::FlowPeriod {
    pb::FlowPeriod {
        first_day: int32_out(value.first_day),
        days: int32_out(value.days),
        arrivals: int64_out(value.arrivals),
        released: int64_out(value.released),
        worked: int64_out(value.worked),
        converted: int64_out(value.converted),
        expired: int64_out(value.expired),
        reassigned: int64_out(value.reassigned),
        escalated: int64_out(value.escalated),
        queue: int64_out(value.queue),
        wip: int64_out(value.wip),
        max_wip_per_rep: int64_out(value.max_wip_per_rep),
        wip_per_rep: decimal_out(value.wip_per_rep),
        lead_time: Some(lead_times_out(&value.lead_time)),
    }
}

/// FlowSummary → proto.
pub fn summary_out(value: &FlowSummary) -> pb::FlowSummary {
    pb::FlowSummary {
        total: Some(period_out(&value.total)),
        peak_queue: int64_out(value.peak_queue),
        peak_wip_per_rep: int64_out(value.peak_wip_per_rep),
    }
}
