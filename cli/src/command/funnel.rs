//! `funnel`: a revenue goal through the rule of 78 into new MRR per month,
//! the funnel volumes each month needs, and the MRR bridge they produce.

use std::path::{Path, PathBuf};

use salesphysics_core::funnel::{
    bookings_by_month, cac, cac_payback_with_expansion, lifetime_value, ltv_to_cac,
    mrr_bridge_owned, mrr_ceiling, whole_units, Bookings, BridgeInput, BridgeMonth, Ltv,
    MrrCeiling, OwnedFunnelModel, OwnedGoalPlan, OwnedRevenueGoal, OwnedVolumes, Payback, Ratio,
};
use salesphysics_core::{Decimal, Error, Money, ResultExt};
use serde::{Deserialize, Serialize};

use super::{text, Done};
use crate::chart::{self, Panel, Series};
use crate::document;
use crate::fail::{core_error, Failure};
use crate::output::{name, Report};

/// The funnel file: the goal, the model that turns it into volumes, and
/// the bridge assumptions (churn, expansion) the bookings run through.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Plan {
    goal: OwnedRevenueGoal,
    model: OwnedFunnelModel,
    bridge: BridgeInput,
    /// Optional: what a customer costs and is worth under the plan.
    #[serde(default)]
    economics: Option<Economics>,
}

/// The unit-economics assumptions (the sections of the service's
/// ComputeUnitEconomics, sharing their common figures).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Economics {
    /// Sales and marketing spend of a month.
    spend: Money,
    /// Customers that month's spend wins.
    new_customers: Decimal,
    /// MRR of a new customer (ARPA).
    mrr_per_customer: Money,
    /// Gross margin, in [0, 1].
    gross_margin: Decimal,
    /// Revenue churn a month, in [0, 1].
    monthly_churn: Decimal,
    /// Expansion a month, in [0, 1].
    monthly_expansion: Decimal,
    /// A customer's MRR growth a month for payback (expansion − contraction).
    monthly_net_expansion: Decimal,
    /// The months LTV sums when expansion ≥ churn.
    ltv_cap_months: u32,
}

/// The unit economics (`--format json`), each from the core's formula.
#[derive(Serialize)]
struct UnitEconomics {
    cac: Money,
    payback: Payback,
    lifetime_value: Ltv,
    ltv_to_cac: Ratio,
    /// Where MRR levels off at the goal's new MRR a month.
    mrr_ceiling: MrrCeiling,
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

/// Everything `funnel` computed (its `--format json`).
#[derive(Serialize)]
struct Result {
    goal: OwnedGoalPlan,
    volumes: OwnedVolumes,
    bookings: Vec<Bookings>,
    bridge: Vec<BridgeMonth>,
    #[serde(skip_serializing_if = "Option::is_none")]
    economics: Option<UnitEconomics>,
}

/// Plans the goal, reverses the funnel, runs the bridge.
pub fn run(path: &Path, chart: Option<PathBuf>) -> core::result::Result<Done, Failure> {
    let plan: Plan = document::read(path)?;
    let origin = path.display().to_string();
    let failed = |e| core_error(&origin, &e);
    let goal = plan.goal.plan().map_err(failed)?;
    let volumes = plan.model.reverse(&goal.new_mrr).map_err(failed)?;
    let layout = volumes.layout;
    let mut bookings = vec![
        Bookings {
            new_logos: Decimal::ZERO,
            new_mrr: Money::zero(plan.model.currency),
        };
        layout.months()
    ];
    plan.model
        .with_model(|model| bookings_by_month(model, &layout, &volumes.cells, &mut bookings))
        .map_err(failed)?;
    let bridge = mrr_bridge_owned(&plan.bridge, &bookings).map_err(failed)?;
    let economics = plan
        .economics
        .as_ref()
        .map(|e| e.compute(goal.plan.new_mrr_per_month).at("economics"))
        .transpose()
        .map_err(failed)?;

    let stages: Vec<String> = plan.model.stages.iter().map(name).collect();
    let result = Result {
        goal,
        volumes,
        bookings,
        bridge,
        economics,
    };
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
