//! `funnel`: a revenue goal through the rule of 78 into new MRR per month,
//! the funnel volumes each month needs, and the MRR bridge they produce.

use std::path::{Path, PathBuf};

use salesphysics_core::funnel::{
    bookings_by_month, mrr_bridge_owned, whole_units, Bookings, BridgeInput, BridgeMonth,
    OwnedFunnelModel, OwnedGoalPlan, OwnedRevenueGoal, OwnedVolumes,
};
use salesphysics_core::{Decimal, Money};
use serde::{Deserialize, Serialize};

use super::Done;
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
}

/// Everything `funnel` computed (its `--format json`).
#[derive(Serialize)]
struct Result {
    goal: OwnedGoalPlan,
    volumes: OwnedVolumes,
    bookings: Vec<Bookings>,
    bridge: Vec<BridgeMonth>,
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

    let stages: Vec<String> = plan.model.stages.iter().map(name).collect();
    let result = Result {
        goal,
        volumes,
        bookings,
        bridge,
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
    Ok(Done {
        report: Report::new(headers, rows, result),
        files,
    })
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
