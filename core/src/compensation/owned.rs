//! Owned entry points (feature `alloc`): crediting and earnings into
//! `Vec`s sized by the engine, for callers with an allocator.

use alloc::vec::Vec;

use crate::owned::{until_fits, Buffer};
use crate::{Date, Error, FxRate, ResultExt};

use super::crediting::{credit_transactions, CreditLine};
use super::earnings::{EarningsLine, EarningsSummary};
use super::hierarchy::ReportingLine;
use super::plan::Plan;
use super::transaction::Transaction;
use super::validated::ValidatedPlan;

/// A participant's earnings run with its explained lines.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedEarnings {
    /// Totals per component, attainment and the run's total.
    pub summary: EarningsSummary,
    /// Every earnings line, in the engine's order.
    pub lines: Vec<EarningsLine>,
}

/// Everything one earnings run reads, owned: the shape a service or a
/// file holds (the arguments of [`super::compute_earnings`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedEarningsRequest {
    /// The plan to rate under.
    pub plan: Plan,
    /// Whose earnings.
    pub participant_id: u64,
    /// Credit lines in date order; other participants' are skipped.
    pub credits: Vec<CreditLine>,
    /// Rates for credits in another currency than the plan's.
    #[cfg_attr(feature = "serde", serde(default))]
    pub fx: Vec<FxRate>,
    /// The statement date the run counts through.
    pub through: Date,
}

impl OwnedEarningsRequest {
    /// Runs [`compute_earnings_owned`] on the request.
    pub fn compute(&self) -> Result<OwnedEarnings, Error> {
        compute_earnings_owned(
            &self.plan,
            self.participant_id,
            &self.credits,
            &self.fx,
            self.through,
        )
    }
}

/// [`credit_transactions`] into a `Vec` of exactly the lines written.
pub fn credit_transactions_owned(
    transactions: &[Transaction],
    hierarchy: &[ReportingLine],
) -> Result<Vec<CreditLine>, Error> {
    // A split and one rollup per transaction is the common shape; a longer
    // chain grows the buffer once, to the count the engine names.
    let guess = transactions.len().saturating_mul(2).saturating_add(8);
    let mut out = Buffer::new("out", CreditLine::EMPTY, guess);
    let written = until_fits(
        &mut out,
        |out| credit_transactions(transactions, hierarchy, &mut out.items),
        |out, error| out.grow(error),
    )?;
    Ok(out.into_vec(written))
}

/// [`super::compute_earnings`] into an [`OwnedEarnings`], validating the
/// plan once however often the buffer grows.
pub fn compute_earnings_owned(
    plan: &Plan,
    participant_id: u64,
    credits: &[CreditLine],
    fx: &[FxRate],
    through: Date,
) -> Result<OwnedEarnings, Error> {
    let plan = ValidatedPlan::new(plan).at("plan")?;
    let guess = credits.len().saturating_mul(2).saturating_add(16);
    let mut out = Buffer::new("out", EarningsLine::EMPTY, guess);
    let summary = until_fits(
        &mut out,
        |out| plan.compute_earnings(participant_id, credits, fx, through, &mut out.items),
        |out, error| out.grow(error),
    )?;
    Ok(OwnedEarnings {
        lines: out.into_vec(summary.line_count),
        summary,
    })
}
