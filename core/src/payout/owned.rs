//! Owned entry points (feature `alloc`): one statement from owned inputs,
//! with its lines, its explanations and the next state, whose lists are
//! [`Growable`] (`Vec`s: no cap, and a state of a few hundred bytes that is
//! cheap to move and as large in JSON as what it holds).

use alloc::vec::Vec;

use crate::compensation::{CreditLine, EarningsLine, Plan};
use crate::owned::{until_fits, Buffer};
use crate::{Date, Error, Period};

use super::event::PayoutEvent;
use super::fx::DatedFxRate;
use super::line::PayoutLine;
use super::policy::PayoutPolicy;
use super::relief::QuotaRelief;
use super::state::PayoutState;
use super::statement::{statement, Statement, StatementRequest};
use super::storage::Growable;

/// Everything one statement reads, owned: the shape a service or a file
/// holds ([`StatementRequest`] borrows the same fields).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedStatementRequest {
    /// Whose statement.
    pub participant_id: u64,
    /// The statement period; it starts the day after `state.through`.
    pub period: Period,
    /// The compensation plan in force.
    pub plan: Plan,
    /// Holdbacks, clawbacks, draw and the negative-net rule.
    pub policy: PayoutPolicy,
    /// Employment, leave and ramp; absent for a full-year, fully ramped rep.
    #[cfg_attr(feature = "serde", serde(default))]
    pub relief: Option<QuotaRelief>,
    /// The plan year's credit lines to date, in date order.
    pub credits: Vec<CreditLine>,
    /// This period's events on deals.
    #[cfg_attr(feature = "serde", serde(default))]
    pub events: Vec<PayoutEvent>,
    /// Exchange rates with the dates they came into force.
    #[cfg_attr(feature = "serde", serde(default))]
    pub fx: Vec<DatedFxRate>,
    /// The date whose rates convert foreign-currency credits.
    pub fx_date: Date,
    /// The state the previous statement returned.
    pub state: PayoutState<Growable>,
}

impl OwnedStatementRequest {
    /// Runs [`statement_owned`] on the request.
    pub fn compute(&self) -> Result<OwnedStatement, Error> {
        statement_owned(&self.as_request())
    }

    /// The borrowed request the engine reads.
    pub fn as_request(&self) -> StatementRequest<'_, Growable> {
        StatementRequest {
            participant_id: self.participant_id,
            period: self.period,
            plan: &self.plan,
            policy: &self.policy,
            relief: self.relief.as_ref(),
            credits: &self.credits,
            events: &self.events,
            fx: &self.fx,
            fx_date: self.fx_date,
            state: &self.state,
        }
    }
}

/// A statement with everything it wrote.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedStatement {
    /// The figures: totals and the net.
    pub statement: Statement,
    /// The statement's lines; they sum to the net.
    pub lines: Vec<PayoutLine>,
    /// The compensation engine's lines that [`PayoutLine::earnings`]
    /// indices point into: the explanation of every earned figure.
    pub earnings: Vec<EarningsLine>,
    /// The state to store and pass to the next statement.
    pub state: PayoutState<Growable>,
}

/// [`statement`] with buffers sized by the engine and the next state's
/// lists grown as needed.
pub fn statement_owned(request: &StatementRequest<'_, Growable>) -> Result<OwnedStatement, Error> {
    // Each credit gives a line or two (a slice per tier, a hold); events,
    // releases and the carry add a few. A shortfall grows the buffer the
    // engine names, to the count it names.
    let credits = request.credits.len();
    let guess = credits.saturating_mul(2).saturating_add(16);
    let mut buffers = (
        Buffer::new("scratch", EarningsLine::EMPTY, guess),
        Buffer::new("out", PayoutLine::EMPTY, guess),
        // Written whole by the statement (from `request.state`).
        PayoutState::empty(request.state.participant_id, request.state.currency),
    );
    let figures = until_fits(
        &mut buffers,
        |(scratch, out, next)| statement(request, &mut scratch.items, &mut out.items, next),
        |(scratch, out, _), error| scratch.grow(error) || out.grow(error),
    )?;
    let (scratch, out, state) = buffers;
    let lines = out.into_vec(figures.line_count);
    // Keep the scratch up to the last line a statement line points to:
    // the explanations; the rest is the engine's working space.
    let explained = lines
        .iter()
        .filter_map(|line| line.earnings)
        .max()
        .map_or(0, |last| {
            usize::try_from(last).map_or(0, |i| i.saturating_add(1))
        });
    Ok(OwnedStatement {
        lines,
        earnings: scratch.into_vec(explained),
        state,
        statement: figures,
    })
}
