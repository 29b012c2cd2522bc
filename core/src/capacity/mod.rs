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
mod funnel_feed;
mod mismatch;
mod need;
mod plan;
mod pods;
mod ramp;
mod role;
mod throughput;
mod workload;

pub use attrition::{monthly_hazard, survival};
pub use cost::{cost_by_month, CostMonth};
pub use funnel_feed::{workload_from_funnel, FeedKind, StageFeed, MAX_FEEDS};
pub use mismatch::{
    find_mismatches, Handoff, MismatchFlag, MismatchKind, RatioRule, MAX_FLAGS, MAX_RULES,
};
pub use need::fte_need_table;
pub use plan::{plan_capacity, PlanCell, PlanInput};
pub use pods::{pods_for_month, pods_needed, PodCount, PodDesign, PodKind, PodSeat};
pub use ramp::Ramp;
pub use role::{Driver, RolePlan};
pub use throughput::{
    ae_bookings_capacity, companies_per_sdr, fte_need, headcount, quota_capacity,
};
pub use workload::{Workload, WorkloadLayout};

/// The most roles in one plan (the eleven [`Role`]s plus a spare for a
/// role split by channel or tier).
pub const MAX_ROLES: usize = 12;
/// The most segments (tiers) in one plan; matches the funnel's limit.
pub const MAX_SEGMENTS: usize = 8;
/// The longest plan: the funnel's 120 goal months plus its 24 lead months.
pub const MAX_MONTHS: usize = 144;
/// The longest ramp, in months.
pub const MAX_RAMP_MONTHS: usize = 24;
/// The longest hiring lead time (requisition to start), in months.
pub const MAX_LEAD_TIME_MONTHS: u32 = 24;
/// The most roles one ratio driver may be anchored on.
pub const MAX_RATIO_ANCHORS: usize = 4;
