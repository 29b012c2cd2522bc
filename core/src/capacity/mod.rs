//! The capacity engine: staffing the organization by design (Blueprints §5,
//! §9, §11; role framework seed). From the workload the funnel produces it
//! derives how many MDRs, SDRs, BDRs, AEs, field AEs, SEs, CSMs, renewal
//! reps, lead-gen managers and managers each segment needs, month by month,
//! and a hiring plan that respects ramp, attrition and hiring lead time.
//!
//! - `throughput`: one rep's capacity (SQLs × win rate × deal size, quota ×
//!   attainment, contacts per company) and fractional FTE → headcount.
//! - `role`, `ramp`, `attrition`: what a role does and how fast people
//!   become productive and leave.
//! - `workload` and `need`: the per-month, per-segment workload each role
//!   faces, and the fractional FTE it needs (ratios such as 1 SDR per 2–3
//!   AEs, SE per field AE and manager spans included).
//! - `funnel_feed`: the one adapter from a funnel volume table to workload.
//! - `plan`: the month-by-month hiring plan.
//! - `pods`, `cost`, `mismatch`: PODs per segment, monthly cost, cost per new
//!   MRR dollar and CAC, and planning mismatches.
//!
//! ```
//! use salesphysics_core::capacity::{
//!     plan_capacity, Driver, PlanCell, PlanInput, Ramp, RolePlan, Workload,
//! };
//! use salesphysics_core::{Currency, Decimal, Money, Role};
//!
//! // One AE role working 25 SQLs a month each; 100 SQLs a month arrive.
//! let roles = [RolePlan {
//!     role: Role::AccountExecutive,
//!     driver: Driver::Workload { flow_per_fte: Decimal::from_int(25), stock_per_fte: None },
//!     ramp: Ramp::Step { months: 0 },
//!     annual_attrition: Decimal::ZERO,
//!     hiring_lead_months: 0,
//!     monthly_cost: Money::parse("12000", Currency::USD)?,
//! }];
//! let workload = [Workload { flow: Decimal::from_int(100), stock: Decimal::ZERO }; 3];
//! let input = PlanInput {
//!     currency: Currency::USD,
//!     roles: &roles,
//!     months: 3,
//!     segments: 1,
//!     starting_headcount: &[2],
//!     workload: &workload,
//! };
//! let mut plan = [PlanCell::EMPTY; 3];
//! plan_capacity(&input, &mut plan)?;
//! assert_eq!(plan[0].need_headcount, 4);
//! assert_eq!(plan[0].hires, 2); // 2 on board, 4 needed
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

mod attrition;
mod cost;
mod coverage;
pub mod forward;
mod funnel_feed;
mod mismatch;
mod need;
#[cfg(feature = "alloc")]
mod owned;
mod plan;
mod pods;
mod ramp;
mod role;
mod throughput;
mod workload;

pub use attrition::{monthly_hazard, survival};
pub use cost::{cost_by_month, CostMonth};
pub use coverage::{plan_coverage, BookLimit, CoverageBinding, CoverageInput, CoveragePlan};
pub use funnel_feed::{workload_from_funnel, FeedKind, StageFeed};
pub use mismatch::{find_mismatches, Handoff, MismatchFlag, MismatchKind, RatioRule};
pub use need::fte_need_table;
#[cfg(feature = "alloc")]
pub use owned::{
    OwnedCapacityModel, OwnedCapacityPlan, OwnedCapacityReport, OwnedDriver, OwnedPlanInput,
    OwnedPodDesign, OwnedRamp, OwnedRolePlan,
};
pub use plan::{plan_capacity, PlanCell, PlanInput};
pub use pods::{pods_for_month, pods_needed, PodCount, PodDesign, PodKind, PodSeat};
pub use ramp::Ramp;
pub use role::{Driver, RolePlan};
pub use throughput::{
    ae_bookings_capacity, companies_per_sdr, fte_need, headcount, quota_capacity,
};
pub use workload::{Workload, WorkloadLayout};
