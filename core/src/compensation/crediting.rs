//! Crediting: who gets credit for each transaction, and how much.
//!
//! Revenue shares split the amount with [`allocate`] (largest remainder), so
//! the revenue credit lines of a fully split deal sum exactly to its amount;
//! a share below 100 % leaves the rest uncredited. Overlay credit (SE, CSM,
//! SDR sourcing) is added on top. Every direct credit then rolls up, at full
//! value, through the managers (and POD pools) in force on the credit date.

use crate::limits::{MAX_HIERARCHY_DEPTH, MAX_SPLITS};
use crate::{allocate, Decimal, Error, ErrorKind, Money, ResultExt};

use super::hierarchy::{manager_on, validate_hierarchy, ReportingLine};
use super::transaction::{Source, SplitKind, Transaction};

/// How a participant came to hold a credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum CreditKind {
    /// A revenue split: a share of the deal.
    Revenue,
    /// Overlay credit on top of the revenue splits.
    Overlay,
    /// A direct credit of someone who reports (directly or not) to this
    /// participant.
    Rollup,
}

/// One participant's credit from one transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct CreditLine {
    /// Who holds the credit.
    pub participant_id: u64,
    /// Revenue, overlay or rollup.
    pub kind: CreditKind,
    /// The kind of the split the credit comes from (a rollup keeps its
    /// report's), so a team measure can count revenue credit only once.
    pub split_kind: SplitKind,
    /// Whose split produced the credit: `participant_id` itself for direct
    /// credit, the report for a rollup.
    pub credited_from: u64,
    /// The split share (a rollup keeps its report's share).
    pub share: Decimal,
    /// The credited MRR change, in the transaction's currency.
    pub amount: Money,
    /// The credited activity units.
    pub quantity: Decimal,
    /// The transaction the credit comes from.
    pub source: Source,
}

impl CreditLine {
    /// A blank line to fill an output buffer with (`[CreditLine::EMPTY;
    /// 64]`): zero USD from [`Source::EMPTY`]; it means nothing until the
    /// engine overwrites it.
    pub const EMPTY: CreditLine = CreditLine {
        participant_id: 0,
        kind: CreditKind::Revenue,
        split_kind: SplitKind::Revenue,
        credited_from: 0,
        share: Decimal::ZERO,
        amount: Money::zero(crate::Currency::USD),
        quantity: Decimal::ZERO,
        source: Source::EMPTY,
    };
}

impl Default for CreditLine {
    fn default() -> Self {
        Self::EMPTY
    }
}

/// Credits every transaction to its split participants and their managers.
///
/// Lines are written to `out` in a fixed order: transactions in input order;
/// within one, its splits in input order, each followed by its rollups from
/// the nearest manager up. Returns the number of lines; fails with
/// [`ErrorKind::BufferTooSmall`] (naming the count needed) when `out` is short.
pub fn credit_transactions(
    transactions: &[Transaction],
    hierarchy: &[ReportingLine],
    out: &mut [CreditLine],
) -> Result<usize, Error> {
    validate_hierarchy(hierarchy)?;
    let mut written = 0usize;
    for (i, transaction) in transactions.iter().enumerate() {
        transaction.validate().at_index("transactions", i)?;
        let mut revenue = [Money::zero(transaction.amount.currency()); MAX_SPLITS_PLUS_REST];
        split_revenue(transaction, &mut revenue).at_index("transactions", i)?;
        for (j, (split, revenue_share)) in transaction.splits.iter().zip(&revenue).enumerate() {
            let amount = match split.kind {
                SplitKind::Revenue => *revenue_share,
                SplitKind::Overlay => share_of(transaction.amount, split.share)
                    .at_index("splits", j)
                    .at_index("transactions", i)?,
            };
            let quantity = if transaction.quantity.is_zero() || split.share == Decimal::ONE {
                transaction.quantity
            } else {
                transaction
                    .quantity
                    .checked_mul(split.share)
                    .at("quantity")
                    .at_index("transactions", i)?
            };
            let direct = CreditLine {
                participant_id: split.participant_id,
                kind: match split.kind {
                    SplitKind::Revenue => CreditKind::Revenue,
                    SplitKind::Overlay => CreditKind::Overlay,
                },
                split_kind: split.kind,
                credited_from: split.participant_id,
                share: split.share,
                amount,
                quantity,
                source: transaction.source,
            };
            written = emit(out, written, direct)?;
            written = roll_up(hierarchy, &direct, out, written).at_index("transactions", i)?;
        }
    }
    if written > out.len() {
        return Err(Error::from(ErrorKind::BufferTooSmall {
            needed: u32::try_from(written).unwrap_or(u32::MAX),
        })
        .at("out"));
    }
    Ok(written)
}

/// Writes `line` at `at` if it fits and returns the next position; the count
/// keeps growing past the buffer so the error can name the size needed.
fn emit(out: &mut [CreditLine], at: usize, line: CreditLine) -> Result<usize, Error> {
    if let Some(slot) = out.get_mut(at) {
        *slot = line;
    }
    at.checked_add(1).ok_or(ErrorKind::Overflow).at("out")
}

/// The revenue splits' amounts, by largest remainder, into `parts` (by split
/// position; overlay positions get nothing). Shares summing below 100 %
/// leave an uncredited rest, a last part that is discarded.
fn split_revenue(
    transaction: &Transaction,
    parts: &mut [Money; MAX_SPLITS_PLUS_REST],
) -> Result<(), Error> {
    let mut weights = [Decimal::ZERO; MAX_SPLITS_PLUS_REST];
    let mut assigned = Decimal::ZERO;
    let mut revenue_splits = 0usize;
    let mut only = 0usize;
    for (j, (split, weight)) in transaction
        .splits
        .iter()
        .zip(weights.iter_mut())
        .enumerate()
    {
        if split.kind == SplitKind::Revenue {
            *weight = split.share;
            assigned = assigned.checked_add(split.share).at("splits")?;
            revenue_splits = revenue_splits.saturating_add(1);
            only = j;
        }
    }
    if assigned.is_zero() {
        return Ok(());
    }
    // Fast path: one split holding the whole deal needs no allocation.
    if revenue_splits == 1 && assigned == Decimal::ONE {
        if let Some(part) = parts.get_mut(only) {
            *part = transaction.amount;
        }
        return Ok(());
    }
    let mut count = transaction.splits.len();
    if assigned < Decimal::ONE {
        if let Some(weight) = weights.get_mut(count) {
            *weight = Decimal::ONE.checked_sub(assigned).at("splits")?;
        }
        count = count.saturating_add(1);
    }
    let used = weights.get(..count).unwrap_or_default();
    allocate(transaction.amount, used, parts).at("amount")
}

const MAX_SPLITS_PLUS_REST: usize = MAX_SPLITS + 1;

/// An overlay share of `amount`: the share's largest-remainder part of a
/// two-way split (share, rest), so it is rounded to the nearest minor unit,
/// ties toward the overlay.
fn share_of(amount: Money, share: Decimal) -> Result<Money, Error> {
    if share == Decimal::ONE {
        return Ok(amount);
    }
    if share.is_zero() {
        return Ok(Money::zero(amount.currency()));
    }
    let rest = Decimal::ONE.checked_sub(share).at("share")?;
    let mut parts = [Money::zero(amount.currency()); 2];
    allocate(amount, &[share, rest], &mut parts).at("share")?;
    let [overlay, _] = parts;
    Ok(overlay)
}

/// Emits one rollup line per manager above `direct`'s participant on its
/// credit date.
fn roll_up(
    hierarchy: &[ReportingLine],
    direct: &CreditLine,
    out: &mut [CreditLine],
    mut written: usize,
) -> Result<usize, Error> {
    let mut current = direct.participant_id;
    for _ in 0..MAX_HIERARCHY_DEPTH {
        let Some(manager) = manager_on(hierarchy, current, direct.source.date) else {
            return Ok(written);
        };
        written = emit(
            out,
            written,
            CreditLine {
                participant_id: manager,
                kind: CreditKind::Rollup,
                ..*direct
            },
        )?;
        current = manager;
    }
    if manager_on(hierarchy, current, direct.source.date).is_some() {
        return Err(Error::from(ErrorKind::TooMany {
            max: MAX_HIERARCHY_DEPTH as u32,
        })
        .at("hierarchy"));
    }
    Ok(written)
}
