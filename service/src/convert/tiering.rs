//! Tiering: proto ↔ `salesphysics_core::tiering`.

use salesphysics_core::limits::MAX_TAGS;
use salesphysics_core::tiering::{
    Account, Band, BatchSummary, Classification, Comparison, Condition, CostAlignment, CountBand,
    Criterion, Motion, MotionCosts, Outcome, Overlaps, OwnedBatch, OwnedTier, OwnedTieringPolicy,
    Reason, Rule, TagSet, TierSummary, ValueBand,
};
use salesphysics_core::{ErrorKind, RoleSet};

use super::{
    decimal, decimal_or_zero, decimal_out, id, int64_out, known, list, money, money_out,
    optional_decimal, u32_of_i64, unspecified,
};
use crate::pb::salesphysics::v1 as pb;
use crate::status::{ApiError, Context as _};

/// Account → core.
pub fn account(value: &pb::Account) -> Result<Account, ApiError> {
    Ok(Account {
        id: id(value.id).at("id")?,
        first_year_value: money(value.first_year_value.as_ref()).at("first_year_value")?,
        employees: u32_of_i64(value.employees).at("employees")?,
        decision_makers: u32_of_i64(value.decision_makers).at("decision_makers")?,
        technical_integration: value.technical_integration,
        security_review: value.security_review,
        region: tag(value.region).at("region")?,
        vertical: tag(value.vertical).at("vertical")?,
    })
}

fn tag(value: i32) -> Result<u8, ApiError> {
    u8::try_from(value)
        .ok()
        .filter(|&t| t < MAX_TAGS)
        .ok_or_else(|| ApiError::new(ErrorKind::OutOfRange))
}

/// Motion → core (required).
pub fn motion(value: i32) -> Result<Motion, ApiError> {
    match known::<pb::Motion>(value)? {
        pb::Motion::Unspecified => Err(unspecified()),
        pb::Motion::SelfServe => Ok(Motion::SelfServe),
        pb::Motion::InsideSales => Ok(Motion::InsideSales),
        pb::Motion::FieldSales => Ok(Motion::FieldSales),
    }
}

/// Core motion → proto.
pub fn motion_out(value: Motion) -> pb::Motion {
    match value {
        Motion::SelfServe => pb::Motion::SelfServe,
        Motion::InsideSales => pb::Motion::InsideSales,
        Motion::FieldSales => pb::Motion::FieldSales,
    }
}

/// Roles → a core RoleSet; a role listed twice is rejected.
pub fn roles(values: &[i32]) -> Result<RoleSet, ApiError> {
    let mut set = RoleSet::EMPTY;
    for (i, &value) in values.iter().enumerate() {
        let role = super::role(value).at_index("roles", i)?;
        if set.contains(role) {
            return Err(ApiError::new(ErrorKind::Invalid("role listed twice")).at_index("roles", i));
        }
        set = set.with(role);
    }
    Ok(set)
}

/// Core RoleSet → proto roles, in Role order.
pub fn roles_out(set: RoleSet) -> Vec<i32> {
    set.iter().map(|r| super::role_out(r) as i32).collect()
}

fn condition(value: i32) -> Result<Condition, ApiError> {
    Ok(match known::<pb::Condition>(value)? {
        pb::Condition::Unspecified | pb::Condition::Any => Condition::Any,
        pb::Condition::Required => Condition::Required,
        pb::Condition::NotRequired => Condition::NotRequired,
    })
}

fn value_band(value: Option<&pb::ValueBand>) -> Result<ValueBand, ApiError> {
    let Some(value) = value else {
        return Ok(ValueBand::ANY_VALUE);
    };
    Ok(Band {
        min: decimal_or_zero(&value.min).at("min")?,
        max: optional_decimal(value.max.as_ref()).at("max")?,
    })
}

fn count_band(value: Option<&pb::CountBand>) -> Result<CountBand, ApiError> {
    let Some(value) = value else {
        return Ok(CountBand::ANY_COUNT);
    };
    Ok(Band {
        min: u32_of_i64(value.min).at("min")?,
        max: value.max.map(u32_of_i64).transpose().at("max")?,
    })
}

fn tag_set(values: &[i32], field: &str) -> Result<TagSet, ApiError> {
    if values.is_empty() {
        return Ok(TagSet::ANY_TAG);
    }
    let mut tags = Vec::with_capacity(values.len());
    for (i, &value) in values.iter().enumerate() {
        tags.push(tag(value).at_index(field, i)?);
    }
    TagSet::of(&tags).at(field)
}

fn tier(value: &pb::Tier) -> Result<OwnedTier, ApiError> {
    Ok(OwnedTier {
        name: value.name.clone(),
        motion: motion(value.motion).at("motion")?,
        roles: roles(&value.roles)?,
    })
}

/// Rule → core.
pub fn rule(value: &pb::Rule) -> Result<Rule, ApiError> {
    Ok(Rule {
        tier: u8::try_from(value.tier)
            .map_err(|_| ApiError::new(ErrorKind::OutOfRange))
            .at("tier")?,
        first_year_value: value_band(value.first_year_value.as_ref()).at("first_year_value")?,
        employees: count_band(value.employees.as_ref()).at("employees")?,
        decision_makers: count_band(value.decision_makers.as_ref()).at("decision_makers")?,
        technical_integration: condition(value.technical_integration)
            .at("technical_integration")?,
        security_review: condition(value.security_review).at("security_review")?,
        regions: tag_set(&value.regions, "regions")?,
        verticals: tag_set(&value.verticals, "verticals")?,
    })
}

/// MotionCosts → core.
pub fn motion_costs(value: Option<&pb::MotionCosts>) -> Result<MotionCosts, ApiError> {
    let value = super::required(value)?;
    Ok(MotionCosts {
        self_serve: money(value.self_serve.as_ref()).at("self_serve")?,
        inside_sales: money(value.inside_sales.as_ref()).at("inside_sales")?,
        field_sales: money(value.field_sales.as_ref()).at("field_sales")?,
    })
}

/// Overlaps → core (unspecified: the core default).
pub fn overlaps(value: i32) -> Result<Overlaps, ApiError> {
    Ok(match known::<pb::Overlaps>(value)? {
        pb::Overlaps::Unspecified => Overlaps::default(),
        pb::Overlaps::FirstMatchWins => Overlaps::FirstMatchWins,
        pb::Overlaps::Reject => Overlaps::Reject,
    })
}

/// TieringPolicy → the core's owned policy.
pub fn policy(value: &pb::TieringPolicy) -> Result<OwnedTieringPolicy, ApiError> {
    Ok(OwnedTieringPolicy {
        currency: super::currency(&value.currency_code).at("currency_code")?,
        tiers: list(&value.tiers, "tiers", tier)?,
        rules: list(&value.rules, "rules", rule)?,
        acquisition_cost: motion_costs(value.acquisition_cost.as_ref()).at("acquisition_cost")?,
        misalignment_threshold: decimal(&value.misalignment_threshold)
            .at("misalignment_threshold")?,
        overlaps: overlaps(value.overlaps).at("overlaps")?,
    })
}

fn criterion_out(value: Criterion) -> pb::Criterion {
    match value {
        Criterion::FirstYearValue => pb::Criterion::FirstYearValue,
        Criterion::Employees => pb::Criterion::Employees,
        Criterion::DecisionMakers => pb::Criterion::DecisionMakers,
        Criterion::TechnicalIntegration => pb::Criterion::TechnicalIntegration,
        Criterion::SecurityReview => pb::Criterion::SecurityReview,
        Criterion::Region => pb::Criterion::Region,
        Criterion::Vertical => pb::Criterion::Vertical,
    }
}

fn comparison_out(value: Comparison) -> pb::Comparison {
    match value {
        Comparison::AtLeast => pb::Comparison::AtLeast,
        Comparison::Below => pb::Comparison::Below,
        Comparison::Within => pb::Comparison::Within,
        Comparison::Required => pb::Comparison::Required,
        Comparison::NotRequired => pb::Comparison::NotRequired,
        Comparison::InSet => pb::Comparison::InSet,
    }
}

/// Classification → proto.
pub fn classification_out(value: &Classification) -> pb::Classification {
    pb::Classification {
        tier: i32::from(value.tier),
        motion: motion_out(value.motion) as i32,
        roles: roles_out(value.roles),
        matched_rule: i32::from(value.matched_rule),
        reasons: value
            .reasons
            .iter()
            .map(|r| pb::Reason {
                criterion: criterion_out(r.criterion) as i32,
                comparison: comparison_out(r.comparison) as i32,
            })
            .collect(),
    }
}

/// CostAlignment → proto.
pub fn cost_alignment_out(value: &CostAlignment) -> Result<pb::CostAlignment, ApiError> {
    Ok(pb::CostAlignment {
        motion: motion_out(value.motion) as i32,
        cost_to_acquire: Some(money_out(value.cost_to_acquire)?),
        first_year_value: Some(money_out(value.first_year_value)?),
        cost_ratio: value.cost_ratio.map(super::decimal_out),
        misaligned: value.misaligned,
        cheaper_motion: value
            .cheaper_motion
            .map_or(pb::Motion::Unspecified, motion_out) as i32,
    })
}

/// TierSummary → proto.
pub fn tier_summary_out(value: &TierSummary) -> Result<pb::TierSummary, ApiError> {
    Ok(pb::TierSummary {
        accounts: int64_out(value.accounts),
        first_year_value: Some(money_out(value.first_year_value)?),
        misaligned: int64_out(value.misaligned),
    })
}

// The client's directions: a request from the core's types, and the
// response back into them (the `salesphysics --server` command).

/// Account → proto.
pub fn account_out(value: &Account) -> Result<pb::Account, ApiError> {
    Ok(pb::Account {
        id: int64_out(value.id),
        first_year_value: Some(money_out(value.first_year_value)?),
        employees: i64::from(value.employees),
        decision_makers: i64::from(value.decision_makers),
        technical_integration: value.technical_integration,
        security_review: value.security_review,
        region: i32::from(value.region),
        vertical: i32::from(value.vertical),
    })
}

fn condition_out(value: Condition) -> pb::Condition {
    match value {
        Condition::Any => pb::Condition::Any,
        Condition::Required => pb::Condition::Required,
        Condition::NotRequired => pb::Condition::NotRequired,
    }
}

/// A tag set as its members; every tag is the empty list (any region). A
/// set of no tags has no proto form.
fn tag_set_out(value: TagSet) -> Result<Vec<i32>, ApiError> {
    if value == TagSet::ANY_TAG {
        return Ok(Vec::new());
    }
    if value.bits == 0 {
        return Err(ApiError::new(ErrorKind::Invalid(
            "an empty tag set has no proto form",
        )));
    }
    Ok((0..MAX_TAGS)
        .filter(|&t| value.bits >> t & 1 == 1)
        .map(i32::from)
        .collect())
}

/// Rule → proto.
pub fn rule_out(value: &Rule) -> Result<pb::Rule, ApiError> {
    let count = |band: CountBand| pb::CountBand {
        min: i64::from(band.min),
        max: band.max.map(i64::from),
    };
    Ok(pb::Rule {
        tier: i32::from(value.tier),
        first_year_value: Some(pb::ValueBand {
            min: decimal_out(value.first_year_value.min),
            max: value.first_year_value.max.map(decimal_out),
        }),
        employees: Some(count(value.employees)),
        decision_makers: Some(count(value.decision_makers)),
        technical_integration: condition_out(value.technical_integration) as i32,
        security_review: condition_out(value.security_review) as i32,
        regions: tag_set_out(value.regions).at("regions")?,
        verticals: tag_set_out(value.verticals).at("verticals")?,
    })
}

/// OwnedTieringPolicy → proto.
pub fn policy_out(value: &OwnedTieringPolicy) -> Result<pb::TieringPolicy, ApiError> {
    let costs = &value.acquisition_cost;
    Ok(pb::TieringPolicy {
        currency_code: value.currency.code().to_owned(),
        tiers: value
            .tiers
            .iter()
            .map(|t| pb::Tier {
                name: t.name.clone(),
                motion: motion_out(t.motion) as i32,
                roles: roles_out(t.roles),
            })
            .collect(),
        rules: value
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| rule_out(r).at_index("rules", i))
            .collect::<Result<_, _>>()?,
        acquisition_cost: Some(pb::MotionCosts {
            self_serve: Some(money_out(costs.self_serve).at("acquisition_cost.self_serve")?),
            inside_sales: Some(money_out(costs.inside_sales).at("acquisition_cost.inside_sales")?),
            field_sales: Some(money_out(costs.field_sales).at("acquisition_cost.field_sales")?),
        }),
        misalignment_threshold: decimal_out(value.misalignment_threshold),
        overlaps: match value.overlaps {
            Overlaps::FirstMatchWins => pb::Overlaps::FirstMatchWins,
            Overlaps::Reject => pb::Overlaps::Reject,
        } as i32,
    })
}

fn criterion(value: i32) -> Result<Criterion, ApiError> {
    Ok(match known::<pb::Criterion>(value)? {
        pb::Criterion::Unspecified => return Err(unspecified()),
        pb::Criterion::FirstYearValue => Criterion::FirstYearValue,
        pb::Criterion::Employees => Criterion::Employees,
        pb::Criterion::DecisionMakers => Criterion::DecisionMakers,
        pb::Criterion::TechnicalIntegration => Criterion::TechnicalIntegration,
        pb::Criterion::SecurityReview => Criterion::SecurityReview,
        pb::Criterion::Region => Criterion::Region,
        pb::Criterion::Vertical => Criterion::Vertical,
    })
}

fn comparison(value: i32) -> Result<Comparison, ApiError> {
    Ok(match known::<pb::Comparison>(value)? {
        pb::Comparison::Unspecified => return Err(unspecified()),
        pb::Comparison::AtLeast => Comparison::AtLeast,
        pb::Comparison::Below => Comparison::Below,
        pb::Comparison::Within => Comparison::Within,
        pb::Comparison::Required => Comparison::Required,
        pb::Comparison::NotRequired => Comparison::NotRequired,
        pb::Comparison::InSet => Comparison::InSet,
    })
}

fn small(value: i32) -> Result<u8, ApiError> {
    u8::try_from(value).map_err(|_| ApiError::new(ErrorKind::OutOfRange))
}

/// Classification → core.
pub fn classification(value: &pb::Classification) -> Result<Classification, ApiError> {
    Ok(Classification {
        tier: small(value.tier).at("tier")?,
        motion: motion(value.motion).at("motion")?,
        roles: roles(&value.roles)?,
        matched_rule: small(value.matched_rule).at("matched_rule")?,
        reasons: list(&value.reasons, "reasons", |r| {
            Ok(Reason {
                criterion: criterion(r.criterion).at("criterion")?,
                comparison: comparison(r.comparison).at("comparison")?,
            })
        })?
        .into_iter()
        .collect(),
    })
}

/// CostAlignment → core.
pub fn cost_alignment(value: &pb::CostAlignment) -> Result<CostAlignment, ApiError> {
    Ok(CostAlignment {
        motion: motion(value.motion).at("motion")?,
        cost_to_acquire: money(value.cost_to_acquire.as_ref()).at("cost_to_acquire")?,
        first_year_value: money(value.first_year_value.as_ref()).at("first_year_value")?,
        cost_ratio: optional_decimal(value.cost_ratio.as_ref()).at("cost_ratio")?,
        misaligned: value.misaligned,
        cheaper_motion: match known::<pb::Motion>(value.cheaper_motion).at("cheaper_motion")? {
            pb::Motion::Unspecified => None,
            _ => Some(motion(value.cheaper_motion).at("cheaper_motion")?),
        },
    })
}

/// TierSummary → core.
pub fn tier_summary(value: &pb::TierSummary) -> Result<TierSummary, ApiError> {
    Ok(TierSummary {
        accounts: id(value.accounts).at("accounts")?,
        first_year_value: money(value.first_year_value.as_ref()).at("first_year_value")?,
        misaligned: id(value.misaligned).at("misaligned")?,
    })
}

/// ClassifyAccountsResponse → the core's owned batch, as
/// [`OwnedTieringPolicy::classify`] returns it.
pub fn batch(value: &pb::ClassifyAccountsResponse) -> Result<OwnedBatch, ApiError> {
    let summary = super::required(value.summary.as_ref()).at("summary")?;
    Ok(OwnedBatch {
        outcomes: list(&value.outcomes, "outcomes", |o| {
            Ok(if o.matched {
                let c = super::required(o.classification.as_ref()).at("classification")?;
                Outcome::Matched(classification(c).at("classification")?)
            } else {
                Outcome::Unmatched
            })
        })?,
        alignments: list(&value.outcomes, "outcomes", |o| {
            o.cost_alignment
                .as_ref()
                .map(cost_alignment)
                .transpose()
                .at("cost_alignment")
        })?,
        summary: BatchSummary {
            tiers: super::bounded(&summary.tiers, "summary.tiers", tier_summary)?,
            unmatched: tier_summary(super::required(summary.unmatched.as_ref())?)
                .at("summary.unmatched")?,
        },
    })
}
