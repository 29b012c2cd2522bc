//! Owned entry points (feature `alloc`): a capacity plan's input as a
//! service or a file holds it, lending the borrowed form the engine reads,
//! and the plan into a `Vec`.

use alloc::vec::Vec;

use crate::error::{ErrorKind, ResultExt};
use crate::{Currency, Decimal, Error, Money, Role};

use super::cost::{cost_by_month, CostMonth};
use super::mismatch::{find_mismatches, Handoff, MismatchFlag, RatioRule};
use super::plan::{plan_capacity, PlanCell, PlanInput};
use super::pods::{pods_for_month, PodCount, PodDesign, PodKind, PodSeat};
use super::ramp::Ramp;
use super::role::{Driver, RolePlan};
use super::workload::{Workload, WorkloadLayout};

/// A [`Ramp`] that owns its custom curve.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum OwnedRamp {
    /// `(k + 1) ÷ months` in tenure month `k < months`, then 1.
    Linear {
        /// Months until full productivity.
        months: u32,
    },
    /// 0 in tenure months `k < months`, then 1.
    Step {
        /// Months with no productivity.
        months: u32,
    },
    /// `curve[k]` in tenure month `k`, then 1.
    Custom(Vec<Decimal>),
}

impl OwnedRamp {
    /// The borrowed ramp.
    pub fn as_ramp(&self) -> Ramp<'_> {
        match self {
            OwnedRamp::Linear { months } => Ramp::Linear { months: *months },
            OwnedRamp::Step { months } => Ramp::Step { months: *months },
            OwnedRamp::Custom(curve) => Ramp::Custom(curve),
        }
    }
}

/// A [`Driver`] that owns its anchors.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum OwnedDriver {
    /// Need from the role's workload cell: flow and optional stock capacity.
    Workload {
        /// Units one fully ramped FTE handles per month.
        flow_per_fte: Decimal,
        /// Units one FTE can hold at once.
        #[cfg_attr(feature = "serde", serde(default))]
        stock_per_fte: Option<Decimal>,
    },
    /// Need = (sum of the anchor roles' need) × `per_anchor`.
    Ratio {
        /// Indices of the anchor roles, each before this role.
        anchors: Vec<usize>,
        /// FTE of this role per FTE of the anchors.
        per_anchor: Decimal,
    },
}

impl OwnedDriver {
    /// The borrowed driver.
    pub fn as_driver(&self) -> Driver<'_> {
        match self {
            OwnedDriver::Workload {
                flow_per_fte,
                stock_per_fte,
            } => Driver::Workload {
                flow_per_fte: *flow_per_fte,
                stock_per_fte: *stock_per_fte,
            },
            OwnedDriver::Ratio {
                anchors,
                per_anchor,
            } => Driver::Ratio {
                anchors,
                per_anchor: *per_anchor,
            },
        }
    }
}

/// A [`RolePlan`] that owns its driver and ramp.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedRolePlan {
    /// The role.
    pub role: Role,
    /// How its need follows from the workload.
    pub driver: OwnedDriver,
    /// How a new hire becomes productive.
    pub ramp: OwnedRamp,
    /// Fraction of the role's people who leave in a year, in `[0, 1)`.
    pub annual_attrition: Decimal,
    /// Months from requisition to first day.
    pub hiring_lead_months: u32,
    /// Fully loaded cost of one person for one month.
    pub monthly_cost: Money,
}

impl OwnedRolePlan {
    /// The borrowed role plan.
    pub fn as_role_plan(&self) -> RolePlan<'_> {
        RolePlan {
            role: self.role,
            driver: self.driver.as_driver(),
            ramp: self.ramp.as_ramp(),
            annual_attrition: self.annual_attrition,
            hiring_lead_months: self.hiring_lead_months,
            monthly_cost: self.monthly_cost,
        }
    }
}

/// A [`PlanInput`] that owns its lists: the shape a service or a file
/// holds. [`OwnedPlanInput::with_input`] lends the borrowed input.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedPlanInput {
    /// Currency of every role's cost.
    pub currency: Currency,
    /// The roles, in plan order (ratio anchors first).
    pub roles: Vec<OwnedRolePlan>,
    /// Months planned; month 0 is the first.
    pub months: usize,
    /// Segments (tiers).
    pub segments: usize,
    /// People on board at the start, per `(segment, role)`: index
    /// `segment × roles + role`.
    pub starting_headcount: Vec<u32>,
    /// The workload table in [`WorkloadLayout`] order.
    pub workload: Vec<Workload>,
}

/// A capacity plan: `cells` laid out as `layout` says.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedCapacityPlan {
    /// How `cells` are laid out (months × segments × roles).
    pub layout: WorkloadLayout,
    /// Every `(month, segment, role)` cell: need, headcount, hires, cost.
    pub cells: Vec<PlanCell>,
}

impl OwnedPlanInput {
    /// Runs `f` on the borrowed input.
    pub fn with_input<R>(&self, f: impl FnOnce(&PlanInput<'_>) -> R) -> R {
        let roles: Vec<RolePlan<'_>> = self.roles.iter().map(OwnedRolePlan::as_role_plan).collect();
        f(&PlanInput {
            currency: self.currency,
            roles: &roles,
            months: self.months,
            segments: self.segments,
            starting_headcount: &self.starting_headcount,
            workload: &self.workload,
        })
    }

    /// [`plan_capacity`] into an [`OwnedCapacityPlan`].
    pub fn plan(&self) -> Result<OwnedCapacityPlan, Error> {
        self.with_input(|input| {
            input.validate()?;
            let mut cells = Vec::new();
            cells.resize(input.layout().len(), PlanCell::EMPTY);
            let layout = plan_capacity(input, &mut cells)?;
            Ok(OwnedCapacityPlan { layout, cells })
        })
    }
}

/// A [`PodDesign`] that owns its seats.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedPodDesign {
    /// Which configuration this is.
    pub kind: PodKind,
    /// The seats; each role at most once.
    pub seats: Vec<PodSeat>,
}

impl OwnedPodDesign {
    /// The borrowed design.
    pub fn as_design(&self) -> PodDesign<'_> {
        PodDesign {
            kind: self.kind,
            seats: &self.seats,
        }
    }
}

/// A whole capacity question as a file or a service holds it: the plan
/// input and what the POD, cost and mismatch figures need beside it. The
/// CLI's capacity file and the service's `PlanCapacityRequest` are this.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedCapacityModel {
    /// Roles, months, segments, starting headcount, workload.
    pub input: OwnedPlanInput,
    /// One POD design per segment, or none (no POD counts).
    #[cfg_attr(feature = "serde", serde(default))]
    pub pods: Vec<OwnedPodDesign>,
    /// Handoffs whose two roles' capacities must match.
    #[cfg_attr(feature = "serde", serde(default))]
    pub handoffs: Vec<Handoff>,
    /// Ratio rules (SDRs per AE).
    #[cfg_attr(feature = "serde", serde(default))]
    pub ratios: Vec<RatioRule>,
    /// New MRR per month that cost ratios divide by; empty = zero every
    /// month.
    #[cfg_attr(feature = "serde", serde(default))]
    pub new_mrr: Vec<Money>,
    /// New customers per month that the implied CAC divides by; empty =
    /// zero every month.
    #[cfg_attr(feature = "serde", serde(default))]
    pub new_customers: Vec<Decimal>,
}

/// Everything [`OwnedCapacityModel::plan`] computes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedCapacityReport {
    /// How `cells` are laid out (months × segments × roles).
    pub layout: WorkloadLayout,
    /// Every `(month, segment, role)` cell: need, headcount, hires, cost.
    pub cells: Vec<PlanCell>,
    /// PODs per `(month, segment)`, month-major; empty without designs.
    pub pods: Vec<PodCount>,
    /// Cost per `(month, role)`: index `month × roles + role`.
    pub role_costs: Vec<Money>,
    /// Cost per month.
    pub costs: Vec<CostMonth>,
    /// Capacity mismatches.
    pub mismatches: Vec<MismatchFlag>,
}

impl OwnedCapacityModel {
    /// The model with its empty per-month lists spelled out as zeros: the
    /// same question either way, so figures and fingerprints are taken of
    /// this form.
    pub fn with_defaults(mut self) -> Result<Self, Error> {
        let months = self.input.months;
        let zero = Money::zero(self.input.currency);
        self.new_mrr = per_month(&self.new_mrr, months, zero).at("new_mrr")?;
        self.new_customers =
            per_month(&self.new_customers, months, Decimal::ZERO).at("new_customers")?;
        Ok(self)
    }

    /// The plan, its PODs per month and segment, its cost per month and
    /// role, and its mismatch flags.
    pub fn plan(&self) -> Result<OwnedCapacityReport, Error> {
        let planned = self.input.plan()?;
        let (layout, cells) = (planned.layout, planned.cells);
        let zero = Money::zero(self.input.currency);
        let new_mrr = per_month(&self.new_mrr, layout.months, zero).at("new_mrr")?;
        let new_customers =
            per_month(&self.new_customers, layout.months, Decimal::ZERO).at("new_customers")?;
        let designs: Vec<PodDesign<'_>> = self.pods.iter().map(OwnedPodDesign::as_design).collect();
        let mut pods = Vec::new();
        if !designs.is_empty() {
            for month in 0..layout.months {
                pods.extend(pods_for_month(&designs, &layout, &cells, month).at("pods")?);
            }
        }
        let mut role_costs = Vec::new();
        role_costs.resize(layout.months.saturating_mul(layout.roles), zero);
        let mut costs = Vec::new();
        costs.resize(
            layout.months,
            CostMonth {
                total: zero,
                new_mrr: zero,
                cost_per_new_mrr_dollar: None,
                implied_cac: None,
            },
        );
        let mismatches = self.input.with_input(|input| {
            cost_by_month(
                input,
                &cells,
                &new_mrr,
                &new_customers,
                &mut role_costs,
                &mut costs,
            )?;
            find_mismatches(input, &cells, &self.handoffs, &self.ratios)
        })?;
        Ok(OwnedCapacityReport {
            layout,
            cells,
            pods,
            role_costs,
            costs,
            mismatches: mismatches.into_iter().collect(),
        })
    }
}

/// `given` when it has one entry per month, `months` zeros when it is empty.
fn per_month<T: Copy>(given: &[T], months: usize, zero: T) -> Result<Vec<T>, Error> {
    if given.is_empty() {
        let mut out = Vec::new();
        out.resize(months, zero);
        Ok(out)
    } else if given.len() == months {
        Ok(given.to_vec())
    } else {
        Err(Error::from(ErrorKind::Invalid(
            "one entry per month, or none",
        )))
    }
}
