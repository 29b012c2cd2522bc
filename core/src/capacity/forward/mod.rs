//! Forward capacity: from the team on board and a hiring plan to headcount,
//! ramped FTE, quota capacity, bookings, ARR, revenue, fully loaded cost,
//! net, cumulative net and payback, month by month (issue 16).
//!
//! The planning engines elsewhere answer "whom do I need for this goal";
//! this one answers the next question: "with the people I have and plan to
//! hire, what will we book, bill and spend, and when does it pay back?".
//!
//! - `line`: one `(role, segment)` line — starting staff with tenure,
//!   hires with a start day, ramp, attrition, backfill, quota and cost.
//! - `plan`: the cohort simulation and the revenue run.
//! - `ratio`: a line's fixed factors, prepared once for every month.
//! - `finance`: NPV and IRR with Excel's conventions.

mod finance;
mod line;
#[cfg(feature = "alloc")]
mod owned;
mod plan;
mod ratio;

pub use finance::{annualize, irr, monthly_rate, npv};
pub use line::{Attrition, CostTerms, ForwardLine, Hire, Tenured};
#[cfg(feature = "alloc")]
pub use owned::{OwnedForwardInput, OwnedForwardLine, OwnedForwardPlan};
pub use plan::{
    forward_plan, ForwardCell, ForwardInput, ForwardMonth, ForwardSummary, RevenueTerms,
};
