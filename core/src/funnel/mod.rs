//! The funnel engine: the "physics" of SaaS sales. The goal is MRR, the
//! input is leads, and every stage in between is a conversion point.
//!
//! - `goal`: a revenue goal → new MRR per month (the "78" rule, churn,
//!   billing conventions, partial years) and back.
//! - `reverse`: new MRR per month → volume per stage, segment, channel and
//!   month, lags moving the need earlier ([`VolumeLayout`] is the table).
//! - `forward` and `bridge`: volumes → deals → the month-by-month MRR
//!   bridge with expansion, contraction, revenue and logo churn.
//! - `economics`: CAC, payback, LTV, NRR/GRR, quick ratio, ceiling,
//!   pipeline velocity, coverage.
//! - `flow` and `sla`: work in progress by Little's law, release rates,
//!   and lead-expiration rules.
//!
//! ```
//! use salesphysics_core::funnel::{
//!     new_mrr_schedule, plan_new_mrr, reverse_funnel, whole_units, Billing,
//!     ChannelFunnel, FunnelModel, GoalMeaning, RevenueBasis, RevenueGoal, SegmentFunnel, Stage,
//!     Step,
//! };
//! use salesphysics_core::{Channel, Currency, Decimal, Money, RoundingMode};
//!
//! // $780,000 of in-year revenue: 780,000 / 78 = $10,000 of new MRR a month.
//! let basis = RevenueBasis {
//!     horizon_months: 12,
//!     billing: Billing::FromBookingMonth,
//!     monthly_churn: Decimal::ZERO,
//!     booking_months: &[],
//! };
//! let goal = RevenueGoal {
//!     meaning: GoalMeaning::RecognizedRevenue,
//!     amount: Money::parse("780000", Currency::USD)?,
//!     basis,
//!     rounding: RoundingMode::HalfEven,
//! };
//! let plan = plan_new_mrr(&goal)?;
//! assert_eq!(plan.new_mrr_per_month, Money::parse("10000", Currency::USD)?);
//!
//! // One segment at $500 a deal, SQL → win 25 % with a one-month lag.
//! let steps = [Step { conversion_rate: "0.25".parse()?, lag_months: Decimal::ONE }];
//! let channels = [ChannelFunnel { share: Decimal::ONE, steps: &steps }];
//! let segments = [SegmentFunnel {
//!     mrr_per_deal: Money::parse("500", Currency::USD)?,
//!     mrr_share: Decimal::ONE,
//!     channels: &channels,
//! }];
//! let model = FunnelModel {
//!     currency: Currency::USD,
//!     stages: &[Stage::Sql, Stage::Commit],
//!     channels: &[Channel::Inbound],
//!     segments: &segments,
//! };
//! let mut schedule = [Money::zero(Currency::USD); 12];
//! new_mrr_schedule(&basis, plan.new_mrr_per_month, &mut schedule)?;
//! let mut table = [Decimal::ZERO; 13 * 2];
//! let layout = reverse_funnel(&model, &schedule, &mut table)?;
//! // 20 wins a month need 80 SQLs a month, starting one month early.
//! assert_eq!(layout.lead_months, 1);
//! let sqls = table[layout.index(0, 0, 0, 0).unwrap()];
//! assert_eq!(whole_units(sqls)?, 80);
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

mod bridge;
mod economics;
mod flow;
mod forward;
mod goal;
mod goal_nrr;
mod layout;
mod model;
#[cfg(feature = "alloc")]
mod owned;
mod reverse;
mod sla;
mod stage;

pub use bridge::{mrr_bridge, BridgeInput, BridgeMonth};
pub use economics::{
    annualize_retention, cac, cac_payback_months, cac_payback_with_expansion, compound_improvement,
    coverage, lifetime_value, ltv_to_cac, mrr_ceiling, pipeline_velocity, Ltv, MrrCeiling,
    MrrMovement, Payback, Ratio,
};
pub use flow::{release_rate_for_cap, wip_by_stage, wip_per_rep, work_in_progress};
pub use forward::{bookings_by_month, project_forward, Bookings};
pub use goal::{
    compounded_months, goal_from_schedule, new_mrr_schedule, plan_new_mrr, Billing, GoalMeaning,
    GoalPlan, RevenueBasis, RevenueGoal,
};
pub use goal_nrr::{
    compounded_months_with_retention, plan_new_mrr_with_retention, NetRetention, NrrGoal,
};
pub use layout::{whole_units, whole_units_table, VolumeLayout};
pub use model::{ChannelFunnel, FunnelModel, SegmentFunnel, Step};
#[cfg(feature = "alloc")]
pub use owned::{
    mrr_bridge_owned, OwnedChannelFunnel, OwnedFunnelModel, OwnedGoalPlan, OwnedRevenueBasis,
    OwnedRevenueGoal, OwnedSegmentFunnel, OwnedVolumes,
};
pub use reverse::reverse_funnel;
pub use sla::{evaluate_lead_sla, LeadTimeline, Milestone, SlaAction, SlaOutcome, SlaRule};
pub use stage::Stage;
