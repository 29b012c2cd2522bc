//! `capacity`: the month-by-month hiring plan by role and segment, PODs,
//! cost and mismatch flags, computed locally or by a running service.

use std::path::{Path, PathBuf};

use salesphysics_core::capacity::{
    cost_by_month, find_mismatches, pods_for_month, CostMonth, Handoff, MismatchFlag,
    OwnedPlanInput, OwnedPodDesign, PlanCell, PodCount, RatioRule,
};
use salesphysics_core::{Decimal, Money, ResultExt};
use salesphysics_service::convert::capacity::Parts;
use serde::{Deserialize, Serialize};

use super::{text, Done};
use crate::chart::{self, Panel, Series};
use crate::document;
use crate::fail::{core_error, Failure};
use crate::output::{name, Report};
use crate::remote;

/// The capacity file: the plan input and, optionally, POD designs (one per
/// segment), handoff and ratio rules, and the new business per month that
/// cost ratios divide by (empty = zero every month).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Roles, months, segments, headcount, workload.
    pub input: OwnedPlanInput,
    /// One POD design per segment, or none.
    #[serde(default)]
    pub pods: Vec<OwnedPodDesign>,
    /// Handoffs between roles whose capacities must match.
    #[serde(default)]
    pub handoffs: Vec<Handoff>,
    /// Ratio rules (SDRs per AE).
    #[serde(default)]
    pub ratios: Vec<RatioRule>,
    /// New MRR per month.
    #[serde(default)]
    pub new_mrr: Vec<Money>,
    /// New customers per month.
    #[serde(default)]
    pub new_customers: Vec<Decimal>,
}

impl Model {
    /// The model as the service's request parts (what `--server` sends),
    /// new business zero in every month it does not give, as the service
    /// reads an empty list.
    pub fn parts(&self) -> Parts {
        fn or_zero<T: Clone>(given: &[T], zero: T, months: usize) -> Vec<T> {
            if given.is_empty() {
                vec![zero; months]
            } else {
                given.to_vec()
            }
        }
        let months = self.input.months;
        Parts {
            input: self.input.clone(),
            pods: self.pods.clone(),
            handoffs: self.handoffs.clone(),
            ratios: self.ratios.clone(),
            new_mrr: or_zero(&self.new_mrr, Money::zero(self.input.currency), months),
            new_customers: or_zero(&self.new_customers, Decimal::ZERO, months),
        }
    }
}

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
pub fn run(path: &Path, chart: Option<PathBuf>, server: Option<&str>) -> Result<Done, Failure> {
    let model: Model = document::read(path)?;
    let plan = match server {
        Some(address) => remote::capacity(address, &model)?,
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

/// The plan from the core: the same steps as the service's PlanCapacity.
pub fn local(model: &Model) -> Result<Plan, salesphysics_core::Error> {
    let planned = model.input.plan()?;
    let (layout, cells) = (planned.layout, planned.cells);
    let designs: Vec<_> = model.pods.iter().map(OwnedPodDesign::as_design).collect();
    let mut pods = Vec::new();
    if !designs.is_empty() {
        for month in 0..layout.months {
            pods.extend(pods_for_month(&designs, &layout, &cells, month).at("pods")?);
        }
    }
    let zero = Money::zero(model.input.currency);
    let Parts {
        new_mrr,
        new_customers,
        ..
    } = model.parts();
    let mut role_lines = vec![zero; layout.months.saturating_mul(layout.roles)];
    let mut costs = vec![
        CostMonth {
            total: zero,
            new_mrr: zero,
            cost_per_new_mrr_dollar: None,
            implied_cac: None,
        };
        layout.months
    ];
    let flags = model.input.with_input(|input| {
        cost_by_month(
            input,
            &cells,
            &new_mrr,
            &new_customers,
            &mut role_lines,
            &mut costs,
        )?;
        find_mismatches(input, &cells, &model.handoffs, &model.ratios)
    })?;
    Ok(Plan {
        cells,
        pods,
        costs,
        mismatches: flags.into_iter().collect(),
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
