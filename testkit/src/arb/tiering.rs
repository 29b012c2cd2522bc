//! Tiering: policies (tiers, rules, costs), accounts and decisions
//! (outcomes, alignments, batch summaries).

use proptest::prelude::*;
use proptest::sample::select;
use salesphysics_core::limits::MAX_POLICY_TIERS;
use salesphysics_core::tiering::{
    Account, Band, BatchSummary, Classification, Comparison, Condition, CostAlignment, CountBand,
    Criterion, Motion, MotionCosts, Outcome, Overlaps, OwnedBatch, OwnedTier, OwnedTieringPolicy,
    Reason, Reasons, Rule, TagSet, TierSummary, ValueBand, ALL_CRITERIA, ALL_MOTIONS,
};
use salesphysics_core::Currency;

use super::foundation::{currency, decimal, money_in, role_set};
use super::list;

pub fn motion() -> impl Strategy<Value = Motion> {
    select(&ALL_MOTIONS[..])
}

pub fn condition() -> impl Strategy<Value = Condition> {
    select(vec![
        Condition::Any,
        Condition::Required,
        Condition::NotRequired,
    ])
}

pub fn criterion() -> impl Strategy<Value = Criterion> {
    select(&ALL_CRITERIA[..])
}

pub fn comparison() -> impl Strategy<Value = Comparison> {
    select(vec![
        Comparison::AtLeast,
        Comparison::Below,
        Comparison::Within,
        Comparison::Required,
        Comparison::NotRequired,
        Comparison::InSet,
    ])
}

/// Any tag set: "any" (every bit) or a list of ids, empty included.
pub fn tag_set() -> impl Strategy<Value = TagSet> {
    prop_oneof![
        Just(TagSet::ANY_TAG),
        any::<u64>().prop_map(|bits| TagSet { bits })
    ]
}

pub fn value_band() -> impl Strategy<Value = ValueBand> {
    (decimal(), proptest::option::of(decimal())).prop_map(|(min, max)| Band { min, max })
}

pub fn count_band() -> impl Strategy<Value = CountBand> {
    (any::<u32>(), proptest::option::of(any::<u32>())).prop_map(|(min, max)| Band { min, max })
}

pub fn rule() -> impl Strategy<Value = Rule> {
    (
        any::<u8>(),
        value_band(),
        count_band(),
        count_band(),
        condition(),
        condition(),
        tag_set(),
        tag_set(),
    )
        .prop_map(
            |(
                tier,
                first_year_value,
                employees,
                decision_makers,
                technical_integration,
                security_review,
                regions,
                verticals,
            )| Rule {
                tier,
                first_year_value,
                employees,
                decision_makers,
                technical_integration,
                security_review,
                regions,
                verticals,
            },
        )
}

pub fn motion_costs(currency: Currency) -> impl Strategy<Value = MotionCosts> {
    (money_in(currency), money_in(currency), money_in(currency)).prop_map(
        |(self_serve, inside_sales, field_sales)| MotionCosts {
            self_serve,
            inside_sales,
            field_sales,
        },
    )
}

pub fn owned_tier() -> impl Strategy<Value = OwnedTier> {
    (".{0,12}", motion(), role_set()).prop_map(|(name, motion, roles)| OwnedTier {
        name,
        motion,
        roles,
    })
}

pub fn overlaps() -> impl Strategy<Value = Overlaps> {
    select(vec![Overlaps::FirstMatchWins, Overlaps::Reject])
}

/// A policy as a file holds it, tiers and rules unchecked.
pub fn owned_tiering_policy() -> impl Strategy<Value = OwnedTieringPolicy> {
    currency().prop_flat_map(|currency| {
        (
            list(owned_tier(), 5),
            list(rule(), 6),
            motion_costs(currency),
            decimal(),
            overlaps(),
        )
            .prop_map(
                move |(tiers, rules, acquisition_cost, misalignment_threshold, overlaps)| {
                    OwnedTieringPolicy {
                        currency,
                        tiers,
                        rules,
                        acquisition_cost,
                        misalignment_threshold,
                        overlaps,
                    }
                },
            )
    })
}

pub fn account() -> impl Strategy<Value = Account> {
    (
        any::<u64>(),
        currency().prop_flat_map(money_in),
        any::<u32>(),
        any::<u32>(),
        any::<bool>(),
        any::<bool>(),
        any::<u8>(),
        any::<u8>(),
    )
        .prop_map(
            |(
                id,
                first_year_value,
                employees,
                decision_makers,
                technical_integration,
                security_review,
                region,
                vertical,
            )| Account {
                id,
                first_year_value,
                employees,
                decision_makers,
                technical_integration,
                security_review,
                region,
                vertical,
            },
        )
}

/// At most one comparison per criterion, as a rule produces them.
pub fn reasons() -> impl Strategy<Value = Reasons> {
    list((criterion(), comparison()), 4).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(criterion, comparison)| Reason {
                criterion,
                comparison,
            })
            .collect()
    })
}

pub fn outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        Just(Outcome::Unmatched),
        (any::<u8>(), motion(), role_set(), any::<u8>(), reasons()).prop_map(
            |(tier, motion, roles, matched_rule, reasons)| Outcome::Matched(Classification {
                tier,
                motion,
                roles,
                matched_rule,
                reasons,
            })
        ),
    ]
}

pub fn cost_alignment(currency: Currency) -> impl Strategy<Value = CostAlignment> {
    (
        motion(),
        money_in(currency),
        money_in(currency),
        proptest::option::of(decimal()),
        any::<bool>(),
        proptest::option::of(motion()),
    )
        .prop_map(
            |(
                motion,
                cost_to_acquire,
                first_year_value,
                cost_ratio,
                misaligned,
                cheaper_motion,
            )| CostAlignment {
                motion,
                cost_to_acquire,
                first_year_value,
                cost_ratio,
                misaligned,
                cheaper_motion,
            },
        )
}

pub fn tier_summary(currency: Currency) -> impl Strategy<Value = TierSummary> {
    (any::<u64>(), money_in(currency), any::<u64>()).prop_map(
        |(accounts, first_year_value, misaligned)| TierSummary {
            accounts,
            first_year_value,
            misaligned,
        },
    )
}

pub fn batch_summary(currency: Currency) -> impl Strategy<Value = BatchSummary> {
    (
        list(tier_summary(currency), MAX_POLICY_TIERS),
        tier_summary(currency),
    )
        .prop_map(|(tiers, unmatched)| BatchSummary {
            tiers: tiers.into_iter().collect(),
            unmatched,
        })
}

/// A batch's decisions: outcomes, alignments and totals.
pub fn owned_batch() -> impl Strategy<Value = OwnedBatch> {
    currency().prop_flat_map(|currency| {
        (
            list(outcome(), 6),
            list(proptest::option::of(cost_alignment(currency)), 6),
            batch_summary(currency),
        )
            .prop_map(|(outcomes, alignments, summary)| OwnedBatch {
                outcomes,
                alignments,
                summary,
            })
    })
}
