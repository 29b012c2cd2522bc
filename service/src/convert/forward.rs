//! Forward plan: proto ↔ `salesphysics_core::capacity::forward`, into the
//! core's owned input (which lends the borrowed form the engine reads).

use salesphysics_core::capacity::forward::{
    Attrition, CostTerms, ForwardCell, ForwardMonth, ForwardSummary, Hire, OwnedForwardInput,
    OwnedForwardLine, RevenueTerms, Tenured,
};
use salesphysics_core::{Currency, Money};

use super::capacity::ramp;
use super::{
    currency, decimal, decimal_or_zero, decimal_out, int32_out, known, list, money, money_or_zero,
    money_out, optional_decimal, required, role, u32_of,
};
use crate::pb::salesphysics::v1 as pb;
use crate::status::{ApiError, Context as _};

fn hire(value: &pb::Hire) -> Result<Hire, ApiError> {
    Ok(Hire {
        month: u32_of(value.month).at("month")?,
        day: u32_of(value.day).at("day")?,
        count: decimal(&value.count).at("count")?,
    })
}

fn tenured(value: &pb::Tenured) -> Result<Tenured, ApiError> {
    Ok(Tenured {
        count: decimal(&value.count).at("count")?,
        tenure_months: u32_of(value.tenure_months).at("tenure_months")?,
    })
}

/// Attrition, absent (or kind unspecified) meaning nobody leaves.
fn attrition(value: Option<&pb::Attrition>) -> Result<Attrition, ApiError> {
    let Some(value) = value else {
        return Ok(Attrition::None);
    };
    Ok(match known::<pb::AttritionKind>(value.kind).at("kind")? {
        pb::AttritionKind::Unspecified | pb::AttritionKind::None => Attrition::None,
        pb::AttritionKind::Hazard => Attrition::Hazard {
            annual: decimal(&value.annual).at("annual")?,
        },
        pb::AttritionKind::Anniversary => Attrition::Anniversary {
            rate: decimal(&value.rate).at("rate")?,
            from_year: u32_of(value.from_year).at("from_year")?,
        },
    })
}

fn cost(value: Option<&pb::CostTerms>, plan: Currency) -> Result<CostTerms, ApiError> {
    let value = required(value)?;
    Ok(CostTerms {
        monthly_cost: money(value.monthly_cost.as_ref()).at("monthly_cost")?,
        overhead: decimal_or_zero(&value.overhead).at("overhead")?,
        tools_monthly: money_or_zero(value.tools_monthly.as_ref(), plan).at("tools_monthly")?,
        commission_rate: decimal_or_zero(&value.commission_rate).at("commission_rate")?,
    })
}

fn line(value: &pb::ForwardLine, plan: Currency) -> Result<OwnedForwardLine, ApiError> {
    Ok(OwnedForwardLine {
        role: role(value.role).at("role")?,
        segment: u32_of(value.segment).at("segment")?,
        ramp: ramp(value.ramp.as_ref()).at("ramp")?,
        attrition: attrition(value.attrition.as_ref()).at("attrition")?,
        backfill_lead_months: value
            .backfill_lead_months
            .map(u32_of)
            .transpose()
            .at("backfill_lead_months")?,
        starting_staff: list(&value.starting_staff, "starting_staff", tenured)?,
        hires: list(&value.hires, "hires", hire)?,
        annual_quota: money(value.annual_quota.as_ref()).at("annual_quota")?,
        attainment: decimal(&value.attainment).at("attainment")?,
        cost: cost(value.cost.as_ref(), plan).at("cost")?,
    })
}

fn revenue(value: Option<&pb::RevenueTerms>, plan: Currency) -> Result<RevenueTerms, ApiError> {
    let value = required(value)?;
    Ok(RevenueTerms {
        starting_arr: money_or_zero(value.starting_arr.as_ref(), plan).at("starting_arr")?,
        annual_nrr: decimal(&value.annual_nrr).at("annual_nrr")?,
        annual_gross_churn: decimal_or_zero(&value.annual_gross_churn).at("annual_gross_churn")?,
        gross_margin: decimal(&value.gross_margin).at("gross_margin")?,
    })
}

/// PlanForwardRequest → the core's owned input.
pub fn input(value: &pb::PlanForwardRequest) -> Result<OwnedForwardInput, ApiError> {
    let plan = currency(&value.currency_code).at("currency_code")?;
    Ok(OwnedForwardInput {
        currency: plan,
        year: value.year,
        first_month: u32_of(value.first_month).at("first_month")?,
        months: u32_of(value.months).at("months")?,
        lines: list(&value.lines, "lines", |l| line(l, plan))?,
        revenue: revenue(value.revenue.as_ref(), plan).at("revenue")?,
        annual_discount_rate: optional_decimal(value.annual_discount_rate.as_ref())
            .at("annual_discount_rate")?,
        irr: value.irr,
    })
}

/// ForwardCell → proto.
pub fn cell_out(value: &ForwardCell) -> Result<pb::ForwardCell, ApiError> {
    Ok(pb::ForwardCell {
        headcount: decimal_out(value.headcount),
        paid_fte: decimal_out(value.paid_fte),
        ramped_fte: decimal_out(value.ramped_fte),
        departures: decimal_out(value.departures),
        backfills: decimal_out(value.backfills),
        quota_capacity: Some(money_out(value.quota_capacity)?),
        booked_arr: Some(money_out(value.booked_arr)?),
        cost: Some(money_out(value.cost)?),
    })
}

/// ForwardMonth → proto.
pub fn month_out(value: &ForwardMonth) -> Result<pb::ForwardMonth, ApiError> {
    let out = |m: Money| money_out(m).map(Some);
    Ok(pb::ForwardMonth {
        month: int32_out(value.month),
        headcount: decimal_out(value.headcount),
        ramped_fte: decimal_out(value.ramped_fte),
        quota_capacity: out(value.quota_capacity)?,
        booked_arr: out(value.booked_arr)?,
        new_mrr: out(value.new_mrr)?,
        expansion_arr: out(value.expansion_arr)?,
        churned_arr: out(value.churned_arr)?,
        arr: out(value.arr)?,
        revenue: out(value.revenue)?,
        gross_profit: out(value.gross_profit)?,
        cost: out(value.cost)?,
        net: out(value.net)?,
        cumulative: out(value.cumulative)?,
    })
}

/// ForwardSummary → proto.
pub fn summary_out(value: &ForwardSummary) -> Result<pb::ForwardSummary, ApiError> {
    Ok(pb::ForwardSummary {
        payback_month: value.payback_month.map(int32_out),
        trough: Some(money_out(value.trough)?),
        npv: value.npv.map(money_out).transpose()?,
        irr_monthly: value.irr_monthly.map(decimal_out),
        irr_annual: value.irr_annual.map(decimal_out),
    })
}
