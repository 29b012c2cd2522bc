//! Owned entry points (feature `alloc`): a capacity plan's input as a
//! service or a file holds it, lending the borrowed form the engine reads,
//! and the plan into a `Vec`.

use alloc::vec::Vec;

use crate::{Currency, Decimal, Error, Money, Role};

use super::plan::{plan_capacity, PlanCell, PlanInput};
use super::pods::{PodDesign, PodKind, PodSeat};
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
