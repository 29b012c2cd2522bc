//! Flow: proto ↔ `salesphysics_core::flow`, into the core's owned input.

use salesphysics_core::flow::{
    ConversionCurve, FlowPeriod, FlowSummary, LeadTimes, OwnedFlowInput, OwnedFlowRun, Release,
};
use salesphysics_core::ErrorKind;

use super::funnel::{sla_rule, sla_rule_out, stage, stage_out};
use super::{
    decimal, decimal_or_zero, decimal_out, id, int32_out, int64_out, known, list, required, u32_of,
    u32_of_i64, unspecified,
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

// The client's directions: the request from the core's owned input, and
// the response back into the core's run (`salesphysics flow --server`).

/// The core's owned input → SimulateFlowRequest: the inverse of [`input`].
/// A seed beyond int64 cannot be sent.
pub fn request_out(value: &OwnedFlowInput) -> Result<pb::SimulateFlowRequest, ApiError> {
    let release = match value.release {
        Release::Free => pb::Release {
            kind: pb::ReleaseKind::Free as i32,
            wip_per_rep: 0,
        },
        Release::Capped { wip_per_rep } => pb::Release {
            kind: pb::ReleaseKind::Capped as i32,
            wip_per_rep: int32_out(wip_per_rep),
        },
    };
    Ok(pb::SimulateFlowRequest {
        arrivals: value.arrivals.iter().map(|&a| int32_out(a)).collect(),
        reps: int32_out(value.reps),
        work_per_rep_per_day: int32_out(value.work_per_rep_per_day),
        release: Some(release),
        stage: stage_out(value.stage) as i32,
        sla_rules: value.sla_rules.iter().map(sla_rule_out).collect(),
        queue_expiry_days: value.queue_expiry_days.map(int32_out),
        conversion: Some(pb::ConversionCurve {
            initial: decimal_out(value.conversion.initial),
            daily_retention: decimal_out(value.conversion.daily_retention),
            floor: decimal_out(value.conversion.floor),
        }),
        seed: i64::try_from(value.seed)
            .map_err(|_| ApiError::new(ErrorKind::OutOfRange))
            .at("seed")?,
    })
}

fn lead_times(value: Option<&pb::LeadTimes>) -> Result<LeadTimes, ApiError> {
    let value = required(value)?;
    let days = |v: Option<i32>, field: &str| v.map(u32_of).transpose().at(field);
    Ok(LeadTimes {
        p50: days(value.p50, "p50")?,
        p90: days(value.p90, "p90")?,
        p99: days(value.p99, "p99")?,
        max: days(value.max, "max")?,
    })
}

/// FlowPeriod → core: the inverse of [`period_out`].
pub fn period(value: &pb::FlowPeriod) -> Result<FlowPeriod, ApiError> {
    let count = |v: i64, field: &str| u32_of_i64(v).at(field);
    Ok(FlowPeriod {
        first_day: u32_of(value.first_day).at("first_day")?,
        days: u32_of(value.days).at("days")?,
        arrivals: count(value.arrivals, "arrivals")?,
        released: count(value.released, "released")?,
        worked: count(value.worked, "worked")?,
        converted: count(value.converted, "converted")?,
        expired: count(value.expired, "expired")?,
        reassigned: count(value.reassigned, "reassigned")?,
        escalated: count(value.escalated, "escalated")?,
        queue: count(value.queue, "queue")?,
        wip: count(value.wip, "wip")?,
        max_wip_per_rep: count(value.max_wip_per_rep, "max_wip_per_rep")?,
        wip_per_rep: decimal(&value.wip_per_rep).at("wip_per_rep")?,
        lead_time: lead_times(value.lead_time.as_ref()).at("lead_time")?,
    })
}

/// SimulateFlowResponse → the core's owned run.
pub fn run(value: &pb::SimulateFlowResponse) -> Result<OwnedFlowRun, ApiError> {
    let summary = required(value.summary.as_ref()).at("summary")?;
    Ok(OwnedFlowRun {
        days: list(&value.days, "days", period)?,
        weeks: list(&value.weeks, "weeks", period)?,
        summary: FlowSummary {
            total: period(required(summary.total.as_ref())?)
                .at("total")
                .at("summary")?,
            peak_queue: u32_of_i64(summary.peak_queue)
                .at("peak_queue")
                .at("summary")?,
            peak_wip_per_rep: u32_of_i64(summary.peak_wip_per_rep)
                .at("peak_wip_per_rep")
                .at("summary")?,
        },
    })
}
