//! The payout engine: the net amount to pay a participant this period, why,
//! and what is owed next period.
//!
//! Built on the compensation engine's cumulative earnings: each
//! [`statement`] recomputes earnings from the plan's first day through the
//! period's end and trues up against what was recognized before, then
//! applies timing — holdbacks released at go-live, payment or a date
//! ([`HoldbackRule`]), clawbacks on early churn or contraction
//! ([`ClawbackRule`]), recoverable and non-recoverable draws
//! ([`DrawPolicy`]), ramp and proration ([`QuotaRelief`]) and negative
//! balance carry-forward ([`NegativeNet`]). The engine is stateless: the
//! caller passes the [`PayoutState`] the previous statement returned.
//!
//! Every statement line carries its rule id and source; the net is exactly
//! the sum of the lines, and the totals reconcile:
//! `paid = earned − held + released − clawed_back + draws − recovered +
//! carried_in + carried_out` ([`PayoutTotals::reconciled`]).
//! `docs/payout.md` states the identities and works the examples.

mod carry_forward;
mod clawback;
mod draw;
mod earnings;
mod event;
mod fingerprint;
mod fx;
mod holdback;
mod late;
mod ledger;
mod line;
#[cfg(feature = "alloc")]
mod owned;
mod policy;
mod relief;
mod state;
mod statement;
pub mod storage;
mod totals;
mod tracked;
mod true_up;
mod validated;

pub use carry_forward::NegativeNet;
pub use clawback::{ClawbackBasis, ClawbackMethod, ClawbackRule, DealRecord, Loss, Recovery};
pub use draw::{DrawKind, DrawPolicy};
pub use earnings::ClosedPeriod;
pub use event::{EventKind, PayoutEvent};
pub(crate) use fx::rate_on;
pub use fx::{DatedFxRate, FxOrder, FxPolicy, FxRateDate};
pub use holdback::{Hold, HoldbackRule, ReleaseCondition, ReleaseStep};
pub use line::{PayoutLine, PayoutLineKind};
#[cfg(feature = "alloc")]
pub use owned::{statement_owned, OwnedStatement, OwnedStatementRequest};
pub use policy::PayoutPolicy;
pub use relief::QuotaRelief;
pub use state::PayoutState;
pub use statement::{statement, Statement, StatementRequest};
#[cfg(feature = "alloc")]
pub use storage::Growable;
pub use storage::{Inline, StateStorage};
pub use totals::PayoutTotals;
pub use validated::ValidatedPolicy;
