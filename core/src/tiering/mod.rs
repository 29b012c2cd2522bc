//! The tiering engine: the right sales motion for every account.
//!
//! The seed's first design step is to segment customers by potential
//! revenue and cost to serve, so that sales effort is proportional to the
//! opportunity. A [`TieringPolicy`] lists tiers (a [`Motion`] and the
//! [`Role`](crate::Role)s that work it) and ordered [`Rule`]s over an [`Account`]'s
//! attributes; [`classify`] returns the tier of the **first** matching rule
//! with the [`Reason`]s that decided it, or [`Outcome::Unmatched`].
//! [`cost_alignment`] flags accounts whose motion costs more to win than
//! they bring in a year, and names the cheaper motion that would pay.
//!
//! Validate once ([`ValidatedPolicy::new`]), then classify cheaply:
//!
//! ```
//! use salesphysics_core::tiering::{
//!     classify, cost_alignment, Account, Motion, Outcome, ValidatedPolicy, DEFAULT_POLICY,
//!     DEFAULT_TIER_ENTERPRISE,
//! };
//! use salesphysics_core::{Currency, Money};
//!
//! let policy = ValidatedPolicy::new(&DEFAULT_POLICY)?;
//! // 8,000 USD a year, but four stakeholders and an integration.
//! let account = Account {
//!     id: 7,
//!     first_year_value: Money::parse("8000.00", Currency::USD)?,
//!     employees: 120,
//!     decision_makers: 4,
//!     technical_integration: true,
//!     security_review: false,
//!     region: 0,
//!     vertical: 0,
//! };
//! let Outcome::Matched(tiered) = classify(&account, &policy)? else { unreachable!() };
//! assert_eq!(tiered.tier, DEFAULT_TIER_ENTERPRISE);
//! assert_eq!(tiered.matched_rule, 1); // the complexity rule
//! // Field sales costs 100,000 per win: 12.5× the first-year value.
//! let alignment = cost_alignment(&account, tiered.motion, &policy)?;
//! assert!(alignment.misaligned);
//! assert_eq!(alignment.cost_ratio.unwrap().to_string(), "12.5");
//! assert_eq!(alignment.cheaper_motion, Some(Motion::InsideSales));
//! # Ok::<(), salesphysics_core::Error>(())
//! ```

mod account;
mod alignment;
mod batch;
mod classification;
mod classify;
mod compiled;
mod criteria;
mod default_policy;
mod motion;
#[cfg(feature = "alloc")]
mod owned;
mod policy;
mod reachability;
mod validated;

pub use account::{first_year_value_from_mrr, Account};
pub use alignment::{cost_alignment, CostAlignment, COST_RATIO_PLACES};
pub use batch::{classify_batch, BatchSummary, TierSummary};
pub use classification::{Classification, Outcome};
pub use classify::classify;
pub use criteria::{
    Band, Comparison, Condition, CountBand, Criterion, Reason, Reasons, Rule, TagSet, ValueBand,
    ALL_CRITERIA,
};
pub use default_policy::{
    DEFAULT_POLICY, DEFAULT_TIER_ENTERPRISE, DEFAULT_TIER_MID_MARKET, DEFAULT_TIER_SMB,
    DEFAULT_TIER_VSB,
};
pub use motion::{Motion, MotionCosts, ALL_MOTIONS};
#[cfg(feature = "alloc")]
pub use owned::{classify_batch_owned, OwnedBatch, OwnedTier, OwnedTieringPolicy};
pub use policy::{Overlaps, Tier, TieringPolicy};
pub use validated::ValidatedPolicy;
