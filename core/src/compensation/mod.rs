//! The compensation engine: what each participant earns from a period's
//! transactions, explained line by line.
//!
//! The flow, each step plain data in and out:
//!
//! 1. [`credit_transactions`]: transactions and their [`Split`]s become
//!    [`CreditLine`]s — revenue splits by largest remainder, overlay credit
//!    on top, rollups to the managers and POD pools in force on the credit
//!    date.
//! 2. [`compute_earnings`]: a participant's credits, rated under their
//!    [`Plan`] from the plan's first day through a statement date, become
//!    [`EarningsLine`]s — rate tables ([`RateTable`]), accelerators,
//!    kickers, gates, caps, attainment bonuses and SPIFs — with totals that
//!    are exactly the sums of their lines. The run is cumulative, so a
//!    payout statement trues up by recomputing to date and subtracting what
//!    was paid.
//! 3. [`attainment`]: credit over quota per component and weighted overall.
//! 4. [`estimate`]: what hypothetical deals would add (a what-if), as the
//!    difference of two runs.
//!
//! Rates, shares, multipliers and attainment are decimal fractions (`0.05`
//! = 5 %). `docs/compensation.md` documents the rate-table semantics and
//! example plans for every seed role.

mod attainment;
mod attributes;
mod calendar;
mod conversion;
mod crediting;
mod earnings;
mod estimate;
pub(crate) mod exact;
mod hierarchy;
mod measure;
mod modifiers;
#[cfg(feature = "alloc")]
mod owned;
mod plan;
mod rate_table;
pub(crate) mod reversal;
mod selection;
mod transaction;
mod validated;

pub use attainment::{attainment, attainment_of, AttainmentReport, ComponentAttainment};
pub use attributes::{
    validate_categories, AttributeSet, Attributes, Category, CategoryIndex, Lineage,
};
pub use calendar::{FiscalCalendar, QuotaPeriod, WeekPattern, Weekday, Weeks, YearEnd};
pub(crate) use conversion::Conversion;
pub use crediting::{credit_transactions, CreditKind, CreditLine};
pub(crate) use earnings::earnings_of_valid_plan;
pub use earnings::{
    compute_earnings, ComponentEarnings, EarningsLine, EarningsSummary, LineKind, LineStatus,
};
pub use estimate::{estimate, ComponentEstimate, Estimate};
pub use hierarchy::{manager_on, validate_hierarchy, ReportingLine};
pub use measure::{Measure, MeasureUnit};
pub use modifiers::{AttainmentBonus, EventCondition, Gate, Kicker, MultiplierBand, Spif};
#[cfg(feature = "alloc")]
pub use owned::{
    compute_earnings_owned, credit_transactions_owned, estimate_owned, OwnedEarnings,
    OwnedEarningsRequest, OwnedEstimate, OwnedEstimateRequest,
};
pub use plan::{select_plan, Component, Plan, RoundAt, RoundingPolicy, TierAxis, TierBasis};
pub use rate_table::{RateMethod, RateTable, SliceKind, Slices, Tier, TierSlice};
pub use transaction::{
    AccountTier, KindSet, Source, Split, SplitKind, Transaction, TransactionKind,
    ALL_TRANSACTION_KINDS,
};
pub use validated::ValidatedPlan;
