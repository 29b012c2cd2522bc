//! Forward plan: proto ↔ `salesphysics_core::capacity::forward`, into the
//! core's owned input (which lends the borrowed form the engine reads).

use salesphysics_core::capacity::forward::{
    Attrition, CostTerms, ForwardCell, ForwardMonth, ForwardSummary, Hire, OwnedForwardInput,
    OwnedForwardLine, OwnedForwardPlan, RevenueTerms, Tenured,
};
use salesphysics_core::{Currency, Money};

use super::capacity::{ramp, ramp_out};
use super::{
    currency, decimal, decimal_or_zero, decimal_out, int32_out, known, list, money, money_or_zero,
    money_out, optional_decimal, required, role, role_out, u32_of,
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

// The client's directions: the request from the core's owned input, and
// the response back into the core's plan (`salesphysics forward --server`).

fn attrition_out(value: Attrition) -> pb::Attrition {
    match value {
        Attrition::None => pb::Attrition {
            kind: pb::AttritionKind::None as i32,
            ..pb::Attrition::default()
        },
        Attrition::Hazard { annual } => pb::Attrition {
            kind: pb::AttritionKind::Hazard as i32,
            annual: decimal_out(annual),
            ..pb::Attrition::default()
        },
        Attrition::Anniversary { rate, from_year } => pb::Attrition {
            kind: pb::AttritionKind::Anniversary as i32,
            rate: decimal_out(rate),
            from_year: int32_out(from_year),
            ..pb::Attrition::default()
        },
    }
}

fn cost_terms_out(value: &CostTerms) -> Result<pb::CostTerms, ApiError> {
    Ok(pb::CostTerms {
        monthly_cost: Some(money_out(value.monthly_cost).at("monthly_cost")?),
        overhead: decimal_out(value.overhead),
        tools_monthly: Some(money_out(value.tools_monthly).at("tools_monthly")?),
        commission_rate: decimal_out(value.commission_rate),
    })
}

fn line_out(value: &OwnedForwardLine) -> Result<pb::ForwardLine, ApiError> {
    Ok(pb::ForwardLine {
        role: role_out(value.role) as i32,
        segment: int32_out(value.segment),
        ramp: Some(ramp_out(&value.ramp)),
        attrition: Some(attrition_out(value.attrition)),
        backfill_lead_months: value.backfill_lead_months.map(int32_out),
        starting_staff: value
            .starting_staff
            .iter()
            .map(|t| pb::Tenured {
                count: decimal_out(t.count),
                tenure_months: int32_out(t.tenure_months),
            })
            .collect(),
        hires: value
            .hires
            .iter()
            .map(|h| pb::Hire {
                month: int32_out(h.month),
                day: int32_out(h.day),
                count: decimal_out(h.count),
            })
            .collect(),
        annual_quota: Some(money_out(value.annual_quota).at("annual_quota")?),
        attainment: decimal_out(value.attainment),
        cost: Some(cost_terms_out(&value.cost).at("cost")?),
    })
}

/// The core's owned input → PlanForwardRequest: the inverse of [`input`].
pub fn request_out(value: &OwnedForwardInput) -> Result<pb::PlanForwardRequest, ApiError> {
    let revenue = &value.revenue;
    Ok(pb::PlanForwardRequest {
        currency_code: value.currency.code().to_owned(),
        year: value.year,
        first_month: int32_out(value.first_month),
        months: int32_out(value.months),
        lines: value
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| line_out(l).at_index("lines", i))
            .collect::<Result<_, _>>()?,
        revenue: Some(pb::RevenueTerms {
            starting_arr: Some(
                money_out(revenue.starting_arr)
                    .at("starting_arr")
                    .at("revenue")?,
            ),
            annual_nrr: decimal_out(revenue.annual_nrr),
            annual_gross_churn: decimal_out(revenue.annual_gross_churn),
            gross_margin: decimal_out(revenue.gross_margin),
        }),
        annual_discount_rate: value.annual_discount_rate.map(decimal_out),
        irr: value.irr,
    })
}

/// ForwardCell → core: the inverse of [`cell_out`].
pub fn cell(value: &pb::ForwardCell) -> Result<ForwardCell, ApiError> {
    Ok(ForwardCell {
        headcount: decimal(&value.headcount).at("headcount")?,
        paid_fte: decimal(&value.paid_fte).at("paid_fte")?,
        ramped_fte: decimal(&value.ramped_fte).at("ramped_fte")?,
        departures: decimal(&value.departures).at("departures")?,
        backfills: decimal(&value.backfills).at("backfills")?,
        quota_capacity: money(value.quota_capacity.as_ref()).at("quota_capacity")?,
        booked_arr: money(value.booked_arr.as_ref()).at("booked_arr")?,
        cost: money(value.cost.as_ref()).at("cost")?,
    })
}

/// ForwardMonth → core: the inverse of [`month_out`].
pub fn month(value: &pb::ForwardMonth) -> Result<ForwardMonth, ApiError> {
    Ok(ForwardMonth {
        month: u32_of(value.month).at("month")?,
        headcount: decimal(&value.headcount).at("headcount")?,
        ramped_fte: decimal(&value.ramped_fte).at("ramped_fte")?,
        quota_capacity: money(value.quota_capacity.as_ref()).at("quota_capacity")?,
        booked_arr: money(value.booked_arr.as_ref()).at("booked_arr")?,
        new_mrr: money(value.new_mrr.as_ref()).at("new_mrr")?,
        expansion_arr: money(value.expansion_arr.as_ref()).at("expansion_arr")?,
        churned_arr: money(value.churned_arr.as_ref()).at("churned_arr")?,
        arr: money(value.arr.as_ref()).at("arr")?,
        revenue: money(value.revenue.as_ref()).at("revenue")?,
        gross_profit: money(value.gross_profit.as_ref()).at("gross_profit")?,
        cost: money(value.cost.as_ref()).at("cost")?,
        net: money(value.net.as_ref()).at("net")?,
        cumulative: money(value.cumulative.as_ref()).at("cumulative")?,
    })
}

/// ForwardSummary → core: the inverse of [`summary_out`].
pub fn summary(value: &pb::ForwardSummary) -> Result<ForwardSummary, ApiError> {
    Ok(ForwardSummary {
        payback_month: value
            .payback_month
            .map(u32_of)
            .transpose()
            .at("payback_month")?,
        trough: money(value.trough.as_ref()).at("trough")?,
        npv: value
            .npv
            .as_ref()
            .map(|m| money(Some(m)))
            .transpose()
            .at("npv")?,
        irr_monthly: optional_decimal(value.irr_monthly.as_ref()).at("irr_monthly")?,
        irr_annual: optional_decimal(value.irr_annual.as_ref()).at("irr_annual")?,
    })
}

/// PlanForwardResponse → the core's owned plan.
pub fn plan(value: &pb::PlanForwardResponse) -> Result<OwnedForwardPlan, ApiError> {
    Ok(OwnedForwardPlan {
        cells: list(&value.cells, "cells", cell)?,
        months: list(&value.months, "months", month)?,
        summary: summary(required(value.summary.as_ref())?).at("summary")?,
    })
}
