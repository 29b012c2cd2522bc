//! Capacity: plan inputs (role plans, drivers, ramps, workload), plans,
//! costs, mismatch rules and flags, pod designs and counts, funnel feeds.

use proptest::prelude::*;
use proptest::sample::select;
use salesphysics_core::capacity::{
    CostMonth, FeedKind, Handoff, MismatchFlag, MismatchKind, OwnedCapacityPlan, OwnedDriver,
    OwnedPlanInput, OwnedPodDesign, OwnedRamp, OwnedRolePlan, PlanCell, PodCount, PodKind, PodSeat,
    RatioRule, StageFeed, Workload, WorkloadLayout,
};
use salesphysics_core::Currency;

use super::foundation::{currency, decimal, fraction, money_in, role};
use super::list;

pub fn owned_ramp() -> impl Strategy<Value = OwnedRamp> {
    prop_oneof![
        any::<u32>().prop_map(|months| OwnedRamp::Linear { months }),
        any::<u32>().prop_map(|months| OwnedRamp::Step { months }),
        list(fraction(), 6).prop_map(OwnedRamp::Custom),
    ]
}

pub fn owned_driver() -> impl Strategy<Value = OwnedDriver> {
    prop_oneof![
        (decimal(), proptest::option::of(decimal())).prop_map(|(flow_per_fte, stock_per_fte)| {
            OwnedDriver::Workload {
                flow_per_fte,
                stock_per_fte,
            }
        }),
        (list(any::<usize>(), 3), decimal()).prop_map(|(anchors, per_anchor)| OwnedDriver::Ratio {
            anchors,
            per_anchor
        }),
    ]
}

pub fn owned_role_plan(currency: Currency) -> impl Strategy<Value = OwnedRolePlan> {
    (
        role(),
        owned_driver(),
        owned_ramp(),
        fraction(),
        any::<u32>(),
        money_in(currency),
    )
        .prop_map(
            |(role, driver, ramp, annual_attrition, hiring_lead_months, monthly_cost)| {
                OwnedRolePlan {
                    role,
                    driver,
                    ramp,
                    annual_attrition,
                    hiring_lead_months,
                    monthly_cost,
                }
            },
        )
}

pub fn workload() -> impl Strategy<Value = Workload> {
    (decimal(), decimal()).prop_map(|(flow, stock)| Workload { flow, stock })
}

/// A plan input as a file holds it, shapes unchecked.
pub fn owned_plan_input() -> impl Strategy<Value = OwnedPlanInput> {
    currency().prop_flat_map(|currency| {
        (
            list(owned_role_plan(currency), 4),
            any::<usize>(),
            any::<usize>(),
            list(any::<u32>(), 8),
            list(workload(), 8),
        )
            .prop_map(
                move |(roles, months, segments, starting_headcount, workload)| OwnedPlanInput {
                    currency,
                    roles,
                    months,
                    segments,
                    starting_headcount,
                    workload,
                },
            )
    })
}

pub fn workload_layout() -> impl Strategy<Value = WorkloadLayout> {
    (any::<usize>(), any::<usize>(), any::<usize>()).prop_map(|(months, segments, roles)| {
        WorkloadLayout {
            months,
            segments,
            roles,
        }
    })
}

pub fn plan_cell() -> impl Strategy<Value = PlanCell> {
    (
        decimal(),
        any::<u32>(),
        decimal(),
        any::<u32>(),
        proptest::option::of(any::<u32>()),
        decimal(),
        decimal(),
        decimal(),
        decimal(),
    )
        .prop_map(
            |(
                need_fte,
                need_headcount,
                starting_headcount,
                hires,
                requisition_month,
                departures,
                ending_headcount,
                effective_fte,
                gap_fte,
            )| PlanCell {
                need_fte,
                need_headcount,
                starting_headcount,
                hires,
                requisition_month,
                departures,
                ending_headcount,
                effective_fte,
                gap_fte,
            },
        )
}

pub fn owned_capacity_plan() -> impl Strategy<Value = OwnedCapacityPlan> {
    (workload_layout(), list(plan_cell(), 8))
        .prop_map(|(layout, cells)| OwnedCapacityPlan { layout, cells })
}

pub fn pod_kind() -> impl Strategy<Value = PodKind> {
    select(vec![
        PodKind::Inbound,
        PodKind::Outbound,
        PodKind::Enterprise,
        PodKind::OneToOne,
    ])
}

pub fn pod_seat() -> impl Strategy<Value = PodSeat> {
    (any::<usize>(), decimal()).prop_map(|(role, fte)| PodSeat { role, fte })
}

pub fn owned_pod_design() -> impl Strategy<Value = OwnedPodDesign> {
    (pod_kind(), list(pod_seat(), 5)).prop_map(|(kind, seats)| OwnedPodDesign { kind, seats })
}

pub fn pod_count() -> impl Strategy<Value = PodCount> {
    (decimal(), any::<u32>(), any::<usize>()).prop_map(|(fractional, pods, binding_role)| {
        PodCount {
            fractional,
            pods,
            binding_role,
        }
    })
}

pub fn cost_month() -> impl Strategy<Value = CostMonth> {
    currency().prop_flat_map(|currency| {
        (
            money_in(currency),
            money_in(currency),
            proptest::option::of(decimal()),
            proptest::option::of(money_in(currency)),
        )
            .prop_map(
                |(total, new_mrr, cost_per_new_mrr_dollar, implied_cac)| CostMonth {
                    total,
                    new_mrr,
                    cost_per_new_mrr_dollar,
                    implied_cac,
                },
            )
    })
}

pub fn mismatch_kind() -> impl Strategy<Value = MismatchKind> {
    select(vec![
        MismatchKind::UnfedCapacity,
        MismatchKind::UnabsorbedSupply,
        MismatchKind::WipOverCap,
        MismatchKind::RatioOutOfRange,
    ])
}

pub fn handoff() -> impl Strategy<Value = Handoff> {
    (
        proptest::option::of(any::<usize>()),
        any::<usize>(),
        any::<usize>(),
    )
        .prop_map(|(segment, from, to)| Handoff { segment, from, to })
}

pub fn ratio_rule() -> impl Strategy<Value = RatioRule> {
    (
        proptest::option::of(any::<usize>()),
        any::<usize>(),
        any::<usize>(),
        decimal(),
        decimal(),
    )
        .prop_map(|(segment, role, per_role, min, max)| RatioRule {
            segment,
            role,
            per_role,
            min,
            max,
        })
}

pub fn mismatch_flag() -> impl Strategy<Value = MismatchFlag> {
    (
        mismatch_kind(),
        any::<usize>(),
        any::<usize>(),
        any::<usize>(),
        any::<u32>(),
        decimal(),
    )
        .prop_map(
            |(kind, segment, role, first_month, months, worst)| MismatchFlag {
                kind,
                segment,
                role,
                first_month,
                months,
                worst,
            },
        )
}

pub fn feed_kind() -> impl Strategy<Value = FeedKind> {
    select(vec![FeedKind::Flow, FeedKind::Stock, FeedKind::Accumulate])
}

pub fn stage_feed() -> impl Strategy<Value = StageFeed> {
    (
        any::<usize>(),
        any::<usize>(),
        proptest::option::of(any::<usize>()),
        feed_kind(),
        decimal(),
        any::<u32>(),
    )
        .prop_map(
            |(role, stage, channel, kind, weight, delay_months)| StageFeed {
                role,
                stage,
                channel,
                kind,
                weight,
                delay_months,
            },
        )
}
