//! What-if estimator: what hypothetical deals would add to a participant's
//! earnings, the tier they reach and the attainment after, without changing
//! anything.
//!
//! Xactly's and Oracle's estimators answer "how much will I make if I close
//! this deal" from the participant's assigned plan and credit to date. The
//! engine is stateless and cumulative, so the honest answer is the
//! difference of two runs to the same date: the credits as they are, and
//! the credits with the hypothetical ones merged in date order. The
//! difference therefore includes everything the deals move — their own
//! lines, a retroactive re-rating, a gate they open, a cap they bind — and
//! equals, by construction, the difference of the two full statements.

use crate::limits::MAX_COMPONENTS;
use heapless::Vec;

use crate::{Date, Decimal, Error, ErrorKind, FxRate, Money, ResultExt};

use super::attainment::AttainmentReport;
use super::crediting::CreditLine;
use super::earnings::{EarningsLine, LineKind};
use super::validated::ValidatedPlan;

/// What the hypothetical deals change on one component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct ComponentEstimate {
    /// The component's rule id.
    pub component_id: u32,
    /// Earned with the deals minus earned without them.
    pub incremental: Money,
    /// The highest rate-table tier a hypothetical deal's commission line
    /// reaches on this component (`None`: no deal is rated by it).
    pub tier_reached: Option<u8>,
    /// Attainment in the quota period containing `through`, without the deals.
    pub attainment_before: Decimal,
    /// The same with the deals.
    pub attainment_after: Decimal,
}

/// The answer of [`estimate`]: both runs' totals and what the deals add.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Estimate {
    /// Whose earnings.
    pub participant_id: u64,
    /// The date both runs count through.
    pub through: Date,
    /// Earnings to date without the deals.
    pub earned_before: Money,
    /// Earnings to date with the deals.
    pub earned_after: Money,
    /// `earned_after − earned_before`.
    pub incremental: Money,
    /// Per component, in plan order.
    pub components: Vec<ComponentEstimate, MAX_COMPONENTS>,
    /// Attainment report without the deals.
    pub attainment_before: AttainmentReport,
    /// Attainment report with the deals.
    pub attainment_after: AttainmentReport,
    /// How many lines the run with the deals wrote to `out` (its lines
    /// explain every figure; those of the hypothetical deals carry their
    /// transaction ids).
    pub line_count: usize,
}

/// Estimates what `hypothetical` credit lines would add to
/// `participant_id`'s earnings under `plan` through `through`.
///
/// `credits` are the participant's credits to date (as for
/// [`super::compute_earnings`], in date order); `hypothetical` are credit
/// lines of deals not booked (credit them with
/// [`super::credit_transactions`]; other participants' lines are skipped).
/// Each must be dated within the plan and on or before `through`, and use a
/// transaction id none of the participant's credits uses, so its lines are
/// told apart (`hypothetical[2].source.transaction_id`), in date order.
/// They are merged after the credits of the same date into `merged`; `out`
/// receives the lines of the run with the deals. Fails with
/// `BufferTooSmall` naming `merged` or `out` when one is short.
#[allow(clippy::too_many_arguments)]
pub fn estimate(
    plan: &ValidatedPlan<'_>,
    participant_id: u64,
    credits: &[CreditLine],
    hypothetical: &[CreditLine],
    fx: &[FxRate],
    through: Date,
    merged: &mut [CreditLine],
    out: &mut [EarningsLine],
) -> Result<Estimate, Error> {
    let effective = plan.plan().effective;
    let mut last = Date::MIN;
    for (i, deal) in hypothetical.iter().enumerate() {
        if deal.participant_id != participant_id {
            continue;
        }
        if deal.source.date < last {
            return Err(Error::from(ErrorKind::Invalid(
                "hypothetical deals must be in date order",
            ))
            .at("date")
            .at("source")
            .at_index("hypothetical", i));
        }
        last = deal.source.date;
        if !effective.contains(deal.source.date) || deal.source.date > through {
            return Err(Error::from(ErrorKind::Invalid(
                "a hypothetical deal must be dated within the plan, on or before `through`",
            ))
            .at("date")
            .at("source")
            .at_index("hypothetical", i));
        }
        let id = deal.source.transaction_id;
        if credits
            .iter()
            .any(|c| c.participant_id == participant_id && c.source.transaction_id == id)
        {
            return Err(Error::from(ErrorKind::Invalid(
                "a hypothetical deal needs a transaction id no credit uses",
            ))
            .at("transaction_id")
            .at("source")
            .at_index("hypothetical", i));
        }
    }
    let count = merge(participant_id, credits, hypothetical, merged)?;
    let merged = merged.get(..count).unwrap_or_default();
    let before = plan.compute_earnings(participant_id, credits, fx, through, out)?;
    let after = plan.compute_earnings(participant_id, merged, fx, through, out)?;
    let lines = out.get(..after.line_count).unwrap_or_default();
    let mut components = Vec::new();
    let per_component = before.components.iter().zip(&after.components).zip(
        before
            .attainment
            .components
            .iter()
            .zip(&after.attainment.components),
    );
    for ((was, is), (reached_before, reached_after)) in per_component {
        let tier_reached = lines
            .iter()
            .filter(|line| {
                line.kind == LineKind::Commission
                    && line.component_id == Some(is.component_id)
                    && line
                        .transaction_id
                        .is_some_and(|id| is_hypothetical(participant_id, hypothetical, id))
            })
            .filter_map(|line| line.tier)
            .max();
        let incremental = is.earned.checked_sub(was.earned).at("components")?;
        // One entry per plan component, at most MAX_COMPONENTS: every push fits.
        let _ = components.push(ComponentEstimate {
            component_id: is.component_id,
            incremental,
            tier_reached,
            attainment_before: reached_before.attainment,
            attainment_after: reached_after.attainment,
        });
    }
    Ok(Estimate {
        participant_id,
        through,
        earned_before: before.total,
        earned_after: after.total,
        incremental: after.total.checked_sub(before.total).at("total")?,
        components,
        attainment_before: before.attainment,
        attainment_after: after.attainment,
        line_count: after.line_count,
    })
}

fn is_hypothetical(participant_id: u64, hypothetical: &[CreditLine], id: u64) -> bool {
    hypothetical
        .iter()
        .any(|deal| deal.participant_id == participant_id && deal.source.transaction_id == id)
}

/// Writes the participant's credits with their hypothetical ones into
/// `merged`, each hypothetical line after every credit dated on or before
/// it (both lists are in date order). Returns the count; the count keeps
/// growing past a short buffer so the error names the size needed.
fn merge(
    participant_id: u64,
    credits: &[CreditLine],
    hypothetical: &[CreditLine],
    merged: &mut [CreditLine],
) -> Result<usize, Error> {
    let mut written = 0usize;
    let mut emit = |line: &CreditLine| -> Result<(), Error> {
        if let Some(slot) = merged.get_mut(written) {
            *slot = *line;
        }
        written = written
            .checked_add(1)
            .ok_or(ErrorKind::Overflow)
            .at("merged")?;
        Ok(())
    };
    let mut deals = hypothetical
        .iter()
        .filter(|line| line.participant_id == participant_id)
        .peekable();
    for credit in credits
        .iter()
        .filter(|c| c.participant_id == participant_id)
    {
        while let Some(deal) = deals.next_if(|deal| deal.source.date < credit.source.date) {
            emit(deal)?;
        }
        emit(credit)?;
    }
    for deal in deals {
        emit(deal)?;
    }
    if written > merged.len() {
        return Err(Error::from(ErrorKind::BufferTooSmall {
            needed: u32::try_from(written).unwrap_or(u32::MAX),
        })
        .at("merged"));
    }
    Ok(written)
}
