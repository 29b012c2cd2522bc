//! `capacity`: the month-by-month hiring plan by role and segment, PODs,
//! cost and mismatch flags, computed locally or by a running service.

use std::path::{Path, PathBuf};

use salesphysics_core::capacity::{
    CostMonth, MismatchFlag, OwnedCapacityModel, OwnedCapacityReport, PlanCell, PodCount,
};
use salesphysics_core::Decimal;
use salesphysics_service::convert::{self, capacity as cv_capacity};
use salesphysics_service::pb::salesphysics::v1 as pb;
use salesphysics_service::status::ApiError;
use serde::Serialize;

use super::{text, Done};
use crate::chart::{self, Panel, Series};
use crate::document;
use crate::fail::{core_error, Failure};
use crate::output::{name, Report};
use crate::remote::{self, Remote};

/// Everything `capacity` computed (its `--format json`); the same from the
/// core or from the service.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Plan {
    /// `(month × segments + segment) × roles + role`.
    pub cells: Vec<PlanCell>,
    /// PODs per (month, segment), month-major, when designs were given.
    pub pods: Vec<PodCount>,
    /// Cost per month.
    pub costs: Vec<CostMonth>,
    /// Capacity mismatches.
    pub mismatches: Vec<MismatchFlag>,
}

/// Plans `model` (here or on `server`) and lays it out.
pub fn run(path: &Path, chart: Option<PathBuf>, server: Option<&Remote>) -> Result<Done, Failure> {
    // The file is the core's whole capacity question, as serde reads it.
    let model: OwnedCapacityModel = document::read(path)?;
    let plan = match server {
        Some(service) => on_server(service, &model)?,
        None => local(&model).map_err(|e| core_error(&path.display().to_string(), &e))?,
    };
    let input = &model.input;
    let roles: Vec<String> = input.roles.iter().map(|r| name(&r.role)).collect();
    let mut rows = Vec::new();
    let per_month = input.segments.saturating_mul(roles.len()).max(1);
    for (m, month) in plan.cells.chunks(per_month).enumerate() {
        for (segment, cells) in month.chunks(roles.len().max(1)).enumerate() {
            for (cell, role) in cells.iter().zip(&roles) {
                if *cell == PlanCell::EMPTY {
                    continue; // a role this segment does not staff
                }
                rows.push(vec![
                    m.saturating_add(1).to_string(),
                    segment.to_string(),
                    role.clone(),
                    text(cell.need_fte),
                    cell.need_headcount.to_string(),
                    cell.hires.to_string(),
                    text(cell.departures),
                    text(cell.ending_headcount),
                    text(cell.effective_fte),
                    text(cell.gap_fte),
                ]);
            }
        }
    }
    let files = match chart {
        Some(path) => vec![(path, draw(&roles, per_month, &plan)?)],
        None => Vec::new(),
    };
    let costs = plan
        .costs
        .iter()
        .enumerate()
        .map(|(m, c)| {
            vec![
                m.saturating_add(1).to_string(),
                text(c.total),
                text(c.new_mrr),
                c.cost_per_new_mrr_dollar.map(text).unwrap_or_default(),
                c.implied_cac.map(text).unwrap_or_default(),
            ]
        })
        .collect();
    let flags = plan
        .mismatches
        .iter()
        .map(|f| {
            vec![
                name(&f.kind),
                f.segment.to_string(),
                roles
                    .get(f.role)
                    .cloned()
                    .unwrap_or_else(|| f.role.to_string()),
                f.first_month.saturating_add(1).to_string(),
                f.months.to_string(),
                text(f.worst),
            ]
        })
        .collect();
    let report = Report::new(
        [
            "month",
            "segment",
            "role",
            "need_fte",
            "headcount",
            "hires",
            "departures",
            "ending",
            "effective_fte",
            "gap_fte",
        ],
        rows,
        plan,
    )
    .section(
        "Cost per month",
        [
            "month",
            "cost",
            "new_mrr",
            "cost_per_new_mrr_dollar",
            "implied_cac",
        ],
        costs,
    )
    .section(
        "Mismatch flags (first month counted from 1)",
        ["kind", "segment", "role", "first_month", "months", "worst"],
        flags,
    );
    Ok(Done { report, files })
}

/// The plan from the core.
pub fn local(model: &OwnedCapacityModel) -> Result<Plan, salesphysics_core::Error> {
    let OwnedCapacityReport {
        cells,
        pods,
        costs,
        mismatches,
        ..
    } = model.plan()?;
    Ok(Plan {
        cells,
        pods,
        costs,
        mismatches,
    })
}

/// Headcount by role: on board (total) and ramped (effective FTE).
fn draw(roles: &[String], per_month: usize, plan: &Plan) -> Result<Vec<u8>, Failure> {
    let mut series = Vec::new();
    for (r, role) in roles.iter().enumerate() {
        let column = |pick: fn(&PlanCell) -> Decimal| -> Result<Vec<Decimal>, Failure> {
            plan.cells
                .chunks(per_month)
                .map(|month| {
                    month
                        .iter()
                        .skip(r)
                        .step_by(roles.len().max(1))
                        .try_fold(Decimal::ZERO, |sum, cell| sum.checked_add(pick(cell)))
                        .map_err(|e| Failure::internal(format!("chart: {e}")))
                })
                .collect()
        };
        series.push(Series {
            label: format!("{role} total"),
            values: column(|c| c.ending_headcount)?,
        });
        series.push(Series {
            label: format!("{role} ramped"),
            values: column(|c| c.effective_fte)?,
        });
    }
    chart::svg(
        "Capacity: headcount by role",
        &[Panel {
            title: "Headcount by role: on board (total) and ramped (effective FTE)".into(),
            x_label: "month",
            stacked: false,
            series,
        }],
    )
}

/// PlanCapacity on the service at `remote`.
fn on_server(remote: &Remote, model: &OwnedCapacityModel) -> Result<Plan, Failure> {
    let request = cv_capacity::request_out(model).map_err(|e| remote::unsendable(&e))?;
    let response = remote.call(|channel| async move {
        pb::capacity_service_client::CapacityServiceClient::new(channel)
            .plan_capacity(request)
            .await
    })?;
    plan_of(&response).map_err(|e| remote::malformed(&e))
}

/// The service's answer in the core's types.
fn plan_of(response: &pb::PlanCapacityResponse) -> Result<Plan, ApiError> {
    Ok(Plan {
        cells: convert::list(&response.cells, "cells", cv_capacity::cell)?,
        pods: convert::list(&response.pods, "pods", cv_capacity::pod_count)?,
        costs: convert::list(&response.costs, "costs", cv_capacity::cost)?,
        mismatches: convert::list(&response.mismatches, "mismatches", cv_capacity::mismatch)?,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use salesphysics_core::capacity::OwnedCapacityModel;
    use salesphysics_service::api;
    use salesphysics_service::convert::capacity as cv_capacity;

    use crate::document;
    use crate::org::example;

    /// core → proto → core on the example org's capacity model, and the
    /// service's answer read back as the local plan.
    #[test]
    fn capacity_round_trips() {
        let model: OwnedCapacityModel = document::read(&example("capacity.toml")).unwrap();
        let request = cv_capacity::request_out(&model).unwrap();
        assert_eq!(
            cv_capacity::model(&request)
                .unwrap()
                .with_defaults()
                .unwrap(),
            model.clone().with_defaults().unwrap()
        );
        let answer = api::capacity::plan(&request).unwrap();
        assert_eq!(
            super::plan_of(&answer).unwrap(),
            super::local(&model).unwrap()
        );
    }
}
