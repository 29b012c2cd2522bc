//! `funnel`: a revenue goal through the rule of 78 into new MRR per month,
//! the funnel volumes each month needs, and the MRR bridge they produce;
//! computed locally or by a running service.

use std::path::{Path, PathBuf};

use salesphysics_core::funnel::{
    cac, cac_payback_with_expansion, lifetime_value, ltv_to_cac, mrr_bridge_owned, mrr_ceiling,
    whole_units, Bookings, BridgeInput, BridgeMonth, Ltv, MrrCeiling, OwnedFunnelModel,
    OwnedGoalPlan, OwnedRevenueGoal, OwnedVolumes, Payback, Ratio,
};
use salesphysics_core::{Decimal, Error, Money, ResultExt};
use salesphysics_service::convert::{self, funnel as cv_funnel};
use salesphysics_service::pb::salesphysics::v1 as pb;
use salesphysics_service::status::{ApiError, Context as _};
use serde::{Deserialize, Serialize};
use tonic::transport::Channel;

use super::{text, Done};
use crate::chart::{self, Panel, Series};
use crate::document;
use crate::fail::{core_error, Failure};
use crate::output::{name, Report};
use crate::remote::{self, Remote};

/// The funnel file: the goal, the model that turns it into volumes, and
/// the bridge assumptions (churn, expansion) the bookings run through.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub goal: OwnedRevenueGoal,
    pub model: OwnedFunnelModel,
    pub bridge: BridgeInput,
    /// Optional: what a customer costs and is worth under the plan.
    #[serde(default)]
    pub economics: Option<Economics>,
}

/// The unit-economics assumptions (the sections of the service's
/// ComputeUnitEconomics, sharing their common figures).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Economics {
    /// Sales and marketing spend of a month.
    pub spend: Money,
    /// Customers that month's spend wins.
    pub new_customers: Decimal,
    /// MRR of a new customer (ARPA).
    pub mrr_per_customer: Money,
    /// Gross margin, in [0, 1].
    pub gross_margin: Decimal,
    /// Revenue churn a month, in [0, 1].
    pub monthly_churn: Decimal,
    /// Expansion a month, in [0, 1].
    pub monthly_expansion: Decimal,
    /// A customer's MRR growth a month for payback (expansion − contraction).
    pub monthly_net_expansion: Decimal,
    /// The months LTV sums when expansion ≥ churn.
    pub ltv_cap_months: u32,
}

/// The unit economics (`--format json`), each from the core's formula.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct UnitEconomics {
    pub cac: Money,
    pub payback: Payback,
    pub lifetime_value: Ltv,
    pub ltv_to_cac: Ratio,
    /// Where MRR levels off at the goal's new MRR a month.
    pub mrr_ceiling: MrrCeiling,
}

impl Economics {
    fn compute(&self, new_mrr_per_month: Money) -> core::result::Result<UnitEconomics, Error> {
        let cac = cac(self.spend, self.new_customers)?;
        let lifetime_value = lifetime_value(
            self.mrr_per_customer,
            self.gross_margin,
            self.monthly_churn,
            self.monthly_expansion,
            self.ltv_cap_months,
        )?;
        let ltv = match lifetime_value {
            Ltv::Finite(value) | Ltv::HorizonCapped { value, .. } => value,
        };
        Ok(UnitEconomics {
            cac,
            payback: cac_payback_with_expansion(
                cac,
                self.mrr_per_customer,
                self.gross_margin,
                self.monthly_net_expansion,
            )?,
            lifetime_value,
            ltv_to_cac: ltv_to_cac(ltv, cac)?,
            mrr_ceiling: mrr_ceiling(
                new_mrr_per_month,
                self.monthly_churn,
                self.monthly_expansion,
            )?,
        })
    }
}

/// The unit economics as `metric, value` rows.
fn economics_rows(e: &UnitEconomics) -> Vec<Vec<String>> {
    let ratio = |r: &Ratio| match r {
        Ratio::Finite(value) => text(value),
        Ratio::Unbounded => "unbounded".to_owned(),
    };
    let row = |metric: &str, value: String| vec![metric.to_owned(), value];
    vec![
        row("cac", text(e.cac)),
        row(
            "cac_payback_months",
            match e.payback {
                Payback::Months(months) => text(months),
                Payback::NotWithinHorizon => "not within the horizon".to_owned(),
            },
        ),
        row(
            "lifetime_value",
            match e.lifetime_value {
                Ltv::Finite(value) => text(value),
                Ltv::HorizonCapped { value, months } => format!("{value} over {months} months"),
            },
        ),
        row("ltv_to_cac", ratio(&e.ltv_to_cac)),
        row(
            "mrr_ceiling",
            match e.mrr_ceiling {
                MrrCeiling::Finite(value) => text(value),
                MrrCeiling::Unbounded => "unbounded".to_owned(),
            },
        ),
    ]
}

/// Everything `funnel` computed (its `--format json`); the same from the
/// core or from the service.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Figures {
    pub goal: OwnedGoalPlan,
    pub volumes: OwnedVolumes,
    pub bookings: Vec<Bookings>,
    pub bridge: Vec<BridgeMonth>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub economics: Option<UnitEconomics>,
}

/// Plans the goal, reverses the funnel, runs the bridge: here.
pub fn local(plan: &Plan) -> core::result::Result<Figures, Error> {
    let goal = plan.goal.plan()?;
    let volumes = plan.model.reverse(&goal.new_mrr)?;
    let bookings = plan.model.bookings(&volumes)?;
    let bridge = mrr_bridge_owned(&plan.bridge, &bookings)?;
    let economics = plan
        .economics
        .as_ref()
        .map(|e| ResultExt::at(e.compute(goal.plan.new_mrr_per_month), "economics"))
        .transpose()?;
    Ok(Figures {
        goal,
        volumes,
        bookings,
        bridge,
        economics,
    })
}

/// Plans `path` (here or on `server`) and lays it out.
pub fn run(
    path: &Path,
    chart: Option<PathBuf>,
    server: Option<&Remote>,
) -> core::result::Result<Done, Failure> {
    let plan: Plan = document::read(path)?;
    let origin = path.display().to_string();
    let result = match server {
        Some(service) => on_server(service, &plan)?,
        None => local(&plan).map_err(|e| core_error(&origin, &e))?,
    };
    let layout = result.volumes.layout;
    let stages: Vec<String> = plan.model.stages.iter().map(name).collect();
    let mut headers = vec!["month".to_owned(), "segment".into(), "channel".into()];
    headers.extend(stages.iter().cloned());
    let mut rows = Vec::new();
    let per_month = layout.cells_per_month();
    let stage_count = layout.stages.max(1);
    let mut totals = vec![vec![Decimal::ZERO; layout.months()]; stage_count];
    let per_segment = layout.channels.saturating_mul(stage_count).max(1);
    for (m, month) in result.volumes.cells.chunks(per_month.max(1)).enumerate() {
        for (segment, channels) in month.chunks(per_segment).enumerate() {
            for (group, channel) in channels.chunks(stage_count).zip(&plan.model.channels) {
                let mut row = vec![
                    month_label(m, layout.lead_months),
                    segment.to_string(),
                    name(channel),
                ];
                for (k, volume) in group.iter().enumerate() {
                    // People work whole leads: the exact need rounded up
                    // (the JSON keeps the exact figure).
                    row.push(
                        whole_units(*volume)
                            .map_err(|e| core_error(&origin, &e.into()))?
                            .to_string(),
                    );
                    if let Some(total) = totals.get_mut(k).and_then(|t| t.get_mut(m)) {
                        *total = total
                            .checked_add(*volume)
                            .map_err(|e| core_error(&origin, &e.into()))?;
                    }
                }
                rows.push(row);
            }
        }
    }
    let files = match chart {
        Some(path) => vec![(path, draw(&stages, totals, &result.bridge)?)],
        None => Vec::new(),
    };
    let economics = result.economics.as_ref().map(economics_rows);
    let mut report = Report::new(headers, rows, result);
    if let Some(rows) = economics {
        report = report.section("Unit economics", ["metric", "value"], rows);
    }
    Ok(Done { report, files })
}

/// Goal month `m − lead + 1`: lead months are 0 and below.
fn month_label(index: usize, lead: usize) -> String {
    let month = i64::try_from(index)
        .unwrap_or(i64::MAX)
        .saturating_sub(i64::try_from(lead).unwrap_or(0))
        .saturating_add(1);
    month.to_string()
}

fn draw(
    stages: &[String],
    totals: Vec<Vec<Decimal>>,
    bridge: &[BridgeMonth],
) -> core::result::Result<Vec<u8>, Failure> {
    let column = |label: &str, pick: fn(&BridgeMonth) -> Decimal| Series {
        label: label.to_owned(),
        values: bridge.iter().map(pick).collect(),
    };
    chart::svg(
        "Funnel: stage volumes and the MRR bridge",
        &[
            Panel {
                title: "Stage volumes per month (all segments and channels)".into(),
                x_label: "month (from the first lead month)",
                stacked: false,
                series: stages
                    .iter()
                    .zip(totals)
                    .map(|(label, values)| Series {
                        label: label.clone(),
                        values,
                    })
                    .collect(),
            },
            Panel {
                title: "MRR bridge: movements per month".into(),
                x_label: "month (from the first lead month)",
                stacked: true,
                series: vec![
                    column("new", |m| m.new_mrr.amount()),
                    column("expansion", |m| m.expansion_mrr.amount()),
                    column("contraction", |m| m.contraction_mrr.amount().abs()),
                    column("churn", |m| m.churned_mrr.amount().abs()),
                ],
            },
            Panel {
                title: "Ending MRR".into(),
                x_label: "month (from the first lead month)",
                stacked: false,
                series: vec![column("ending MRR", |m| m.ending_mrr.amount())],
            },
        ],
    )
}

/// `funnel` on the service at `remote`: PlanRevenueGoal, its new MRR
/// through ComputeReverseFunnel, the bookings through ComputeMrrBridge and,
/// with `[economics]`, ComputeUnitEconomics.
fn on_server(remote: &Remote, plan: &Plan) -> Result<Figures, Failure> {
    let request = cv_funnel::goal_request_out(&plan.goal).map_err(|e| remote::unsendable(&e))?;
    let answer = remote
        .call(|channel| async move { funnel_client(channel).plan_revenue_goal(request).await })?;
    let goal = cv_funnel::goal_response(&answer).map_err(|e| remote::malformed(&e))?;

    let request = cv_funnel::reverse_request_out(&plan.model, &goal.new_mrr)
        .map_err(|e| remote::unsendable(&e))?;
    let answer = remote.call(|channel| async move {
        funnel_client(channel).compute_reverse_funnel(request).await
    })?;
    let (volumes, bookings) =
        cv_funnel::reverse_response(&answer).map_err(|e| remote::malformed(&e))?;

    let request = cv_funnel::bridge_request_out(&plan.bridge, &bookings)
        .map_err(|e| remote::unsendable(&e))?;
    let answer = remote
        .call(|channel| async move { funnel_client(channel).compute_mrr_bridge(request).await })?;
    let bridge = convert::list(&answer.months, "months", cv_funnel::bridge_month)
        .map_err(|e| remote::malformed(&e))?;

    let economics = plan
        .economics
        .as_ref()
        .map(|e| unit_economics(remote, e, goal.plan.new_mrr_per_month))
        .transpose()?;
    Ok(Figures {
        goal,
        volumes,
        bookings,
        bridge,
        economics,
    })
}

fn funnel_client(channel: Channel) -> pb::funnel_service_client::FunnelServiceClient<Channel> {
    pb::funnel_service_client::FunnelServiceClient::new(channel)
}

/// ComputeUnitEconomics twice: CAC, LTV (and LTV:CAC) and the MRR ceiling
/// first, then the payback of the CAC the service answered.
fn unit_economics(
    remote: &Remote,
    economics: &Economics,
    new_mrr_per_month: Money,
) -> Result<UnitEconomics, Failure> {
    let request =
        economics_request(economics, new_mrr_per_month).map_err(|e| remote::unsendable(&e))?;
    let first = remote.call(|channel| async move {
        funnel_client(channel).compute_unit_economics(request).await
    })?;
    let cac = convert::money(first.cac.as_ref())
        .at("cac")
        .map_err(|e| remote::malformed(&e))?;
    let request = payback_request(economics, cac).map_err(|e| remote::unsendable(&e))?;
    let second = remote.call(|channel| async move {
        funnel_client(channel).compute_unit_economics(request).await
    })?;
    unit_economics_of(&first, &second).map_err(|e| remote::malformed(&e))
}

fn economics_request(
    e: &Economics,
    new_mrr_per_month: Money,
) -> Result<pb::ComputeUnitEconomicsRequest, ApiError> {
    Ok(pb::ComputeUnitEconomicsRequest {
        cac: Some(pb::CacInput {
            spend: Some(convert::money_out(e.spend).at("spend").at("cac")?),
            new_customers: convert::decimal_out(e.new_customers),
        }),
        lifetime_value: Some(pb::LifetimeValueInput {
            arpa: Some(
                convert::money_out(e.mrr_per_customer)
                    .at("arpa")
                    .at("lifetime_value")?,
            ),
            gross_margin: convert::decimal_out(e.gross_margin),
            monthly_churn: convert::decimal_out(e.monthly_churn),
            monthly_expansion: convert::decimal_out(e.monthly_expansion),
            cap_months: convert::int32_out(e.ltv_cap_months),
        }),
        mrr_ceiling: Some(pb::MrrCeilingInput {
            new_mrr_per_month: Some(
                convert::money_out(new_mrr_per_month)
                    .at("new_mrr_per_month")
                    .at("mrr_ceiling")?,
            ),
            monthly_churn: convert::decimal_out(e.monthly_churn),
            monthly_expansion: convert::decimal_out(e.monthly_expansion),
        }),
        ..Default::default()
    })
}

fn payback_request(e: &Economics, cac: Money) -> Result<pb::ComputeUnitEconomicsRequest, ApiError> {
    Ok(pb::ComputeUnitEconomicsRequest {
        payback: Some(pb::PaybackInput {
            cac: Some(convert::money_out(cac).at("cac").at("payback")?),
            mrr_per_customer: Some(
                convert::money_out(e.mrr_per_customer)
                    .at("mrr_per_customer")
                    .at("payback")?,
            ),
            gross_margin: convert::decimal_out(e.gross_margin),
            monthly_net_expansion: convert::decimal_out(e.monthly_net_expansion),
        }),
        ..Default::default()
    })
}

/// The two answers in the CLI's unit economics.
fn unit_economics_of(
    first: &pb::ComputeUnitEconomicsResponse,
    second: &pb::ComputeUnitEconomicsResponse,
) -> Result<UnitEconomics, ApiError> {
    Ok(UnitEconomics {
        cac: convert::money(first.cac.as_ref()).at("cac")?,
        payback: cv_funnel::payback(second)?,
        lifetime_value: cv_funnel::lifetime_value(first)?,
        ltv_to_cac: cv_funnel::ratio(first.ltv_to_cac.as_ref()).at("ltv_to_cac")?,
        mrr_ceiling: cv_funnel::mrr_ceiling(first)?,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use salesphysics_service::api;
    use salesphysics_service::convert::funnel as cv_funnel;

    use crate::document;
    use crate::org::example;

    /// Each of the funnel's four calls, core → proto → core, and the
    /// service's answers read back as the local figures.
    #[test]
    fn funnel_round_trips() {
        let plan: super::Plan = document::read(&example("funnel.toml")).unwrap();
        let local = super::local(&plan).unwrap();

        let request = cv_funnel::goal_request_out(&plan.goal).unwrap();
        let answer = api::funnel::plan_revenue_goal(&request).unwrap();
        let goal = cv_funnel::goal_response(&answer).unwrap();
        assert_eq!(goal, local.goal);

        let request = cv_funnel::reverse_request_out(&plan.model, &goal.new_mrr).unwrap();
        assert_eq!(
            cv_funnel::model(request.model.as_ref()).unwrap(),
            plan.model
        );
        let answer = api::funnel::compute_reverse_funnel(&request).unwrap();
        let (volumes, bookings) = cv_funnel::reverse_response(&answer).unwrap();
        assert_eq!(volumes, local.volumes);
        assert_eq!(bookings, local.bookings);

        let request = cv_funnel::bridge_request_out(&plan.bridge, &bookings).unwrap();
        assert_eq!(
            cv_funnel::bridge_input(request.input.as_ref()).unwrap(),
            plan.bridge
        );
        let back: Vec<_> = request
            .bookings
            .iter()
            .map(|b| cv_funnel::bookings(b).unwrap())
            .collect();
        assert_eq!(back, bookings);
        let answer = api::funnel::compute_mrr_bridge(&request).unwrap();
        let bridge: Vec<_> = answer
            .months
            .iter()
            .map(|m| cv_funnel::bridge_month(m).unwrap())
            .collect();
        assert_eq!(bridge, local.bridge);

        let economics = plan.economics.as_ref().unwrap();
        let new_mrr = goal.plan.new_mrr_per_month;
        let first = api::funnel::compute_unit_economics(
            &super::economics_request(economics, new_mrr).unwrap(),
        )
        .unwrap();
        let cac = local.economics.as_ref().unwrap().cac;
        let second =
            api::funnel::compute_unit_economics(&super::payback_request(economics, cac).unwrap())
                .unwrap();
        assert_eq!(
            super::unit_economics_of(&first, &second).unwrap(),
            local.economics.unwrap()
        );
    }
}
