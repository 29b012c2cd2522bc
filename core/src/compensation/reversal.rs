//! Credit notes: a refund or credit memo that reverses, fully or in part,
//! the credit of a deal already booked.
//!
//! ICM products book a credit memo as a negative transaction carrying the
//! original's order (Tryton credits an invoice line with its `origin` the
//! original line; Tolt's refunds guide books a negative commission against
//! the next payout). Its commission follows the original's: the same
//! components, tiers, rates and multipliers, not the table at the running
//! total the day the memo arrives — a memo after the rep crossed into a
//! higher tier must not take back more than the original earned.
//!
//! A credit note is a revenue transaction of a booking kind (new,
//! expansion, renewal) with a **negative** amount; it reverses the latest
//! credit of the same participant, transaction id and kind dated on or
//! before it, in its currency. Its share of that original is `|note| ÷
//! original`; the notes of one original may not exceed it.

use crate::{Date, Decimal, Error, ErrorKind, ResultExt};

use super::crediting::CreditLine;
use super::transaction::TransactionKind;

/// The original a credit note reverses, and how much of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reversal {
    /// The original's credit date: with the transaction id, its booking.
    pub(crate) booked: Date,
    /// The note's amount (negative), the numerator of the share reversed.
    pub(crate) amount: Decimal,
    /// The original's credited amount, the denominator.
    pub(crate) original: Decimal,
    /// What earlier notes left of the original before this one: the note's
    /// share of what the booking still holds is `|amount| ÷ remaining`.
    pub(crate) remaining: Decimal,
}

/// Whether `credit` is a credit note: a booking kind with a negative amount.
pub(crate) fn is_credit_note(credit: &CreditLine) -> bool {
    matches!(
        credit.source.kind,
        TransactionKind::New | TransactionKind::Expansion | TransactionKind::Renewal
    ) && credit.amount.is_negative()
}

/// The original that `credits[i]`, a credit note, reverses: the latest
/// earlier credit of its participant, id and kind with a positive amount,
/// dated on or after `first` (the run's first day). Errors name the note's
/// field: no original (`source.transaction_id`), another currency or more
/// reversed than credited (`amount`).
pub(crate) fn original_of(
    credits: &[CreditLine],
    i: usize,
    first: Date,
) -> Result<Reversal, Error> {
    let Some(note) = credits.get(i) else {
        return Err(Error::from(ErrorKind::OutOfRange));
    };
    let same_booking = |c: &CreditLine| {
        c.participant_id == note.participant_id
            && c.source.transaction_id == note.source.transaction_id
            && c.source.kind == note.source.kind
    };
    let earlier = credits.get(..i).unwrap_or_default();
    let Some((at, original)) = earlier
        .iter()
        .enumerate()
        .rev()
        .find(|(_, c)| same_booking(c) && c.amount.amount().is_positive())
    else {
        return Err(Error::from(ErrorKind::Invalid(
            "a credit note reverses an earlier credit of the same transaction id and kind",
        ))
        .at("transaction_id")
        .at("source"));
    };
    if original.source.date < first {
        return Err(Error::from(ErrorKind::Invalid(
            "a credit note reverses a credit rated in the same plan run",
        ))
        .at("transaction_id")
        .at("source"));
    }
    if original.amount.currency() != note.amount.currency() {
        return Err(Error::from(ErrorKind::CurrencyMismatch {
            expected: original.amount.currency(),
            found: note.amount.currency(),
        })
        .at("amount"));
    }
    // Notes between the original and this one reverse the same original
    // (a later positive credit would have been found as the original).
    let mut reversed = note.amount.amount();
    for c in earlier.get(at.saturating_add(1)..).unwrap_or_default() {
        if same_booking(c) && c.amount.is_negative() {
            reversed = reversed.checked_add(c.amount.amount()).at("amount")?;
        }
    }
    let left = original
        .amount
        .amount()
        .checked_add(reversed)
        .at("amount")?;
    if left.is_negative() {
        return Err(Error::from(ErrorKind::Invalid(
            "credit notes reverse more than the original credit",
        ))
        .at("amount"));
    }
    Ok(Reversal {
        booked: original.source.date,
        amount: note.amount.amount(),
        original: original.amount.amount(),
        remaining: left.checked_sub(note.amount.amount()).at("amount")?,
    })
}
