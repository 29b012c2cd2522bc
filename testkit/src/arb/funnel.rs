//! Funnel: models (segments, channels, steps), goals, goal plans, volume
//! tables, bridge inputs and months, unit economics and lead SLAs.

use proptest::prelude::*;
use proptest::sample::select;
use salesphysics_core::funnel::{
    Billing, Bookings, BridgeInput, BridgeMonth, GoalMeaning, GoalPlan, LeadTimeline, Ltv,
    Milestone, MrrCeiling, MrrMovement, OwnedChannelFunnel, OwnedFunnelModel, OwnedGoalPlan,
    OwnedRevenueBasis, OwnedRevenueGoal, OwnedSegmentFunnel, OwnedVolumes, Payback, Ratio,
    SlaAction, SlaOutcome, SlaRule, Stage, Step, VolumeLayout,
};
use salesphysics_core::Currency;

use super::foundation::{channel, currency, decimal, fraction, money_in, rounding_mode};
use super::list;

pub fn stage() -> impl Strategy<Value = Stage> {
    select(vec![
        Stage::Suspect,
        Stage::Lead,
        Stage::Mql,
        Stage::Sal,
        Stage::Sql,
        Stage::Opportunity,
        Stage::Commit,
        Stage::Live,
    ])
}

pub fn step() -> impl Strategy<Value = Step> {
    (fraction(), decimal()).prop_map(|(conversion_rate, lag_months)| Step {
        conversion_rate,
        lag_months,
    })
}

pub fn owned_channel_funnel() -> impl Strategy<Value = OwnedChannelFunnel> {
    (fraction(), list(step(), 5)).prop_map(|(share, steps)| OwnedChannelFunnel { share, steps })
}

pub fn owned_segment_funnel(currency: Currency) -> impl Strategy<Value = OwnedSegmentFunnel> {
    (
        money_in(currency),
        fraction(),
        list(owned_channel_funnel(), 3),
    )
        .prop_map(|(mrr_per_deal, mrr_share, channels)| OwnedSegmentFunnel {
            mrr_per_deal,
            mrr_share,
            channels,
        })
}

/// A model as a file holds it, shapes unchecked.
pub fn owned_funnel_model() -> impl Strategy<Value = OwnedFunnelModel> {
    currency().prop_flat_map(|currency| {
        (
            list(stage(), 6),
            list(channel(), 5),
            list(owned_segment_funnel(currency), 3),
        )
            .prop_map(move |(stages, channels, segments)| OwnedFunnelModel {
                currency,
                stages,
                channels,
                segments,
            })
    })
}

pub fn volume_layout() -> impl Strategy<Value = VolumeLayout> {
    (0usize..24, 0usize..144, 0usize..8, 0usize..5, 0usize..8).prop_map(
        |(lead_months, horizon_months, segments, channels, stages)| VolumeLayout {
            lead_months,
            horizon_months,
            segments,
            channels,
            stages,
        },
    )
}

pub fn owned_volumes() -> impl Strategy<Value = OwnedVolumes> {
    (volume_layout(), list(decimal(), 12))
        .prop_map(|(layout, cells)| OwnedVolumes { layout, cells })
}

pub fn goal_meaning() -> impl Strategy<Value = GoalMeaning> {
    select(vec![
        GoalMeaning::RecognizedRevenue,
        GoalMeaning::ExitArr,
        GoalMeaning::NewMrrPerMonth,
    ])
}

pub fn billing() -> impl Strategy<Value = Billing> {
    select(vec![
        Billing::FromBookingMonth,
        Billing::FromNextMonth,
        Billing::HalfFirstMonth,
    ])
}

pub fn owned_revenue_basis() -> impl Strategy<Value = OwnedRevenueBasis> {
    (any::<u32>(), billing(), fraction(), list(any::<u32>(), 12)).prop_map(
        |(horizon_months, billing, monthly_churn, booking_months)| OwnedRevenueBasis {
            horizon_months,
            billing,
            monthly_churn,
            booking_months,
        },
    )
}

pub fn owned_revenue_goal() -> impl Strategy<Value = OwnedRevenueGoal> {
    (
        goal_meaning(),
        currency().prop_flat_map(money_in),
        owned_revenue_basis(),
        rounding_mode(),
    )
        .prop_map(|(meaning, amount, basis, rounding)| OwnedRevenueGoal {
            meaning,
            amount,
            basis,
            rounding,
        })
}

pub fn goal_plan(currency: Currency) -> impl Strategy<Value = GoalPlan> {
    (decimal(), money_in(currency), money_in(currency)).prop_map(
        |(compounded_months, new_mrr_exact, new_mrr_per_month)| GoalPlan {
            compounded_months,
            new_mrr_exact,
            new_mrr_per_month,
        },
    )
}

pub fn owned_goal_plan() -> impl Strategy<Value = OwnedGoalPlan> {
    currency().prop_flat_map(|currency| {
        (goal_plan(currency), list(money_in(currency), 12))
            .prop_map(|(plan, new_mrr)| OwnedGoalPlan { plan, new_mrr })
    })
}

pub fn bookings(currency: Currency) -> impl Strategy<Value = Bookings> {
    (decimal(), money_in(currency)).prop_map(|(new_logos, new_mrr)| Bookings { new_logos, new_mrr })
}

pub fn bridge_input() -> impl Strategy<Value = BridgeInput> {
    (
        currency().prop_flat_map(money_in),
        decimal(),
        fraction(),
        fraction(),
        fraction(),
        fraction(),
        rounding_mode(),
    )
        .prop_map(
            |(
                starting_mrr,
                starting_logos,
                expansion_rate,
                contraction_rate,
                revenue_churn_rate,
                logo_churn_rate,
                rounding,
            )| BridgeInput {
                starting_mrr,
                starting_logos,
                expansion_rate,
                contraction_rate,
                revenue_churn_rate,
                logo_churn_rate,
                rounding,
            },
        )
}

pub fn bridge_month(currency: Currency) -> impl Strategy<Value = BridgeMonth> {
    let money = move || money_in(currency);
    (
        (money(), money(), money(), money(), money(), money()),
        (decimal(), decimal(), decimal(), decimal()),
    )
        .prop_map(
            |(
                (opening_mrr, new_mrr, expansion_mrr, contraction_mrr, churned_mrr, ending_mrr),
                (opening_logos, new_logos, churned_logos, ending_logos),
            )| BridgeMonth {
                opening_mrr,
                new_mrr,
                expansion_mrr,
                contraction_mrr,
                churned_mrr,
                ending_mrr,
                opening_logos,
                new_logos,
                churned_logos,
                ending_logos,
            },
        )
}

pub fn ratio() -> impl Strategy<Value = Ratio> {
    prop_oneof![Just(Ratio::Unbounded), decimal().prop_map(Ratio::Finite)]
}

pub fn payback() -> impl Strategy<Value = Payback> {
    prop_oneof![
        Just(Payback::NotWithinHorizon),
        decimal().prop_map(Payback::Months)
    ]
}

pub fn ltv() -> impl Strategy<Value = Ltv> {
    prop_oneof![
        currency().prop_flat_map(money_in).prop_map(Ltv::Finite),
        (currency().prop_flat_map(money_in), any::<u32>())
            .prop_map(|(value, months)| Ltv::HorizonCapped { value, months }),
    ]
}

pub fn mrr_movement(currency: Currency) -> impl Strategy<Value = MrrMovement> {
    let money = move || money_in(currency);
    (money(), money(), money(), money(), money()).prop_map(
        |(starting_mrr, new_mrr, expansion_mrr, contraction_mrr, churned_mrr)| MrrMovement {
            starting_mrr,
            new_mrr,
            expansion_mrr,
            contraction_mrr,
            churned_mrr,
        },
    )
}

pub fn mrr_ceiling() -> impl Strategy<Value = MrrCeiling> {
    prop_oneof![
        Just(MrrCeiling::Unbounded),
        currency()
            .prop_flat_map(money_in)
            .prop_map(MrrCeiling::Finite),
    ]
}

pub fn milestone() -> impl Strategy<Value = Milestone> {
    select(vec![
        Milestone::Assigned,
        Milestone::Worked,
        Milestone::QualifyingCall,
        Milestone::Advanced,
    ])
}

pub fn lead_timeline() -> impl Strategy<Value = LeadTimeline> {
    let at = || proptest::option::of(any::<i64>());
    (stage(), at(), at(), at(), at()).prop_map(
        |(stage, assigned_at, worked_at, qualifying_call_at, advanced_at)| LeadTimeline {
            stage,
            assigned_at,
            worked_at,
            qualifying_call_at,
            advanced_at,
        },
    )
}

pub fn sla_action() -> impl Strategy<Value = SlaAction> {
    select(vec![
        SlaAction::Reassign,
        SlaAction::Nurture,
        SlaAction::Escalate,
    ])
}

pub fn sla_rule() -> impl Strategy<Value = SlaRule> {
    (
        stage(),
        milestone(),
        milestone(),
        any::<i64>(),
        sla_action(),
    )
        .prop_map(|(stage, from, until, within_seconds, action)| SlaRule {
            stage,
            from,
            until,
            within_seconds,
            action,
        })
}

pub fn sla_outcome() -> impl Strategy<Value = SlaOutcome> {
    prop_oneof![
        Just(SlaOutcome::Clear),
        (any::<usize>(), sla_action(), any::<i64>()).prop_map(|(rule, action, due_at)| {
            SlaOutcome::Due {
                rule,
                action,
                due_at,
            }
        }),
        (any::<usize>(), sla_action(), any::<i64>()).prop_map(|(rule, action, due_at)| {
            SlaOutcome::Pending {
                rule,
                action,
                due_at,
            }
        }),
    ]
}

/// A bridge's months, all in one currency.
pub fn bridge_months() -> impl Strategy<Value = Vec<BridgeMonth>> {
    currency().prop_flat_map(|currency| list(bridge_month(currency), 6))
}

/// Bookings in one currency, as a bridge reads them.
pub fn bookings_list() -> impl Strategy<Value = Vec<Bookings>> {
    currency().prop_flat_map(|currency| list(bookings(currency), 6))
}
