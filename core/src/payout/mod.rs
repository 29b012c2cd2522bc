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
mod totals;
mod tracked;
mod true_up;

pub use carry_forward::NegativeNet;
pub use clawback::{
    ClawbackMethod, ClawbackRule, DealRecord, Loss, Recovery, MAX_CLAWBACK_RULES, MAX_DEALS,
    MAX_INSTALMENTS, MAX_LOSSES, MAX_RECOVERIES,
};
pub use draw::{DrawKind, DrawPolicy};
pub use earnings::{ClosedPeriod, MAX_CLOSED_PERIODS};
pub use event::{EventKind, PayoutEvent, MAX_EVENTS};
pub use fx::{DatedFxRate, MAX_FX_RATES};
pub use holdback::{
    Hold, HoldbackRule, ReleaseCondition, ReleaseStep, MAX_HOLDBACK_RULES, MAX_HOLDS,
    MAX_RELEASE_STEPS,
};
pub use line::{PayoutLine, PayoutLineKind};
#[cfg(feature = "alloc")]
pub use owned::{statement_owned, OwnedStatement, OwnedStatementRequest};
pub use policy::PayoutPolicy;
pub use relief::{QuotaRelief, MAX_LEAVES, MAX_RAMP_MONTHS};
pub use state::PayoutState;
pub use statement::{statement, Statement, StatementRequest};
pub use totals::PayoutTotals;
