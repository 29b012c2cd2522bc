//! Owned entry points (feature `alloc`): crediting and earnings into
//! `Vec`s sized by the engine, for callers with an allocator.

use alloc::vec::Vec;

use crate::owned::{until_fits, Buffer};
use crate::{Date, Error, FieldPath, FxRate, ResultExt, Segment};

use super::crediting::{credit_transactions, CreditLine};
use super::earnings::{EarningsLine, EarningsSummary};
use super::estimate::{estimate, Estimate};
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

/// A what-if question, owned: the participant's plan and credits to date
/// and the hypothetical deals (the arguments of [`super::estimate`], with
/// the deals as transactions).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedEstimateRequest {
    /// The participant's plan.
    pub plan: Plan,
    /// Whose earnings.
    pub participant_id: u64,
    /// Credit lines to date, in date order; other participants' are skipped.
    pub credits: Vec<CreditLine>,
    /// Deals not booked, in date order, credited like booked ones.
    pub hypothetical: Vec<Transaction>,
    /// Reporting lines, so a manager can estimate a report's deal.
    #[cfg_attr(feature = "serde", serde(default))]
    pub hierarchy: Vec<ReportingLine>,
    /// Rates for credits in another currency than the plan's.
    #[cfg_attr(feature = "serde", serde(default))]
    pub fx: Vec<FxRate>,
    /// The date both runs count through.
    pub through: Date,
}

/// An estimate with the lines of the run that includes the deals.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedEstimate {
    /// What the deals add, the tier they reach and attainment before and after.
    pub estimate: Estimate,
    /// The hypothetical deals' own lines (commission, adjustment, bonus,
    /// SPIF), in the engine's order.
    pub lines: Vec<EarningsLine>,
}

impl OwnedEstimateRequest {
    /// Runs [`estimate_owned`] on the request.
    pub fn estimate(&self) -> Result<OwnedEstimate, Error> {
        estimate_owned(
            &self.plan,
            self.participant_id,
            &self.credits,
            &self.hypothetical,
            &self.hierarchy,
            &self.fx,
            self.through,
        )
    }
}

/// [`super::estimate`] with the hypothetical deals as transactions, sized
/// buffers and the plan validated once. Errors in a deal name it
/// (`hypothetical[1].amount`).
pub fn estimate_owned(
    plan: &Plan,
    participant_id: u64,
    credits: &[CreditLine],
    hypothetical: &[Transaction],
    hierarchy: &[ReportingLine],
    fx: &[FxRate],
    through: Date,
) -> Result<OwnedEstimate, Error> {
    let plan = ValidatedPlan::new(plan).at("plan")?;
    let deals = credit_transactions_owned(hypothetical, hierarchy).map_err(|error| {
        first_segment(error, |segment| match segment.name {
            "transactions" => Segment {
                name: "hypothetical",
                ..segment
            },
            _ => segment,
        })
    })?;
    let size = credits.len().saturating_add(deals.len());
    let mut buffers = (
        Buffer::new("merged", CreditLine::EMPTY, size),
        Buffer::new(
            "out",
            EarningsLine::EMPTY,
            size.saturating_mul(2).saturating_add(16),
        ),
    );
    let estimate = until_fits(
        &mut buffers,
        |(merged, out)| {
            estimate(
                &plan,
                participant_id,
                credits,
                &deals,
                fx,
                through,
                &mut merged.items,
                &mut out.items,
            )
        },
        |(merged, out), error| merged.grow(error) || out.grow(error),
    )
    .map_err(|error| {
        // The estimate names a deal by its credit line; one transaction
        // may give several (splits, roll-ups): name the one written.
        first_segment(error, |segment| match segment.name {
            "hypothetical" => Segment {
                index: segment
                    .index
                    .and_then(|line| deals.get(usize::try_from(line).ok()?))
                    .and_then(|deal| hypothetical.iter().position(|t| t.source == deal.source))
                    .and_then(|at| u32::try_from(at).ok())
                    .or(segment.index),
                ..segment
            },
            _ => segment,
        })
    })?;
    let (_, out) = buffers;
    let lines = out
        .into_vec(estimate.line_count)
        .into_iter()
        .filter(|line| {
            line.transaction_id.is_some_and(|id| {
                deals.iter().any(|deal| {
                    deal.participant_id == participant_id && deal.source.transaction_id == id
                })
            })
        })
        .collect();
    Ok(OwnedEstimate { estimate, lines })
}

/// `error` with its outermost path segment mapped by `map`: a hypothetical
/// deal is credited as `transactions[i]` and estimated as credit line `i`,
/// but the caller wrote it as `hypothetical[j]`.
fn first_segment(error: Error, map: impl Fn(Segment) -> Segment) -> Error {
    let segments: Vec<Segment> = error.path().segments().collect();
    let path = segments
        .iter()
        .enumerate()
        .rev()
        .fold(FieldPath::ROOT, |path, (i, segment)| {
            path.prepend(if i == 0 { map(*segment) } else { *segment })
        });
    Error::new(error.kind(), path)
}
