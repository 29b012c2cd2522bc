//! The statement being written: lines go to the caller's buffer while they
//! fit, and every line is added to the period's totals as it is written, so
//! the totals are the sums of the lines by construction.

use crate::{Currency, Date, Decimal, Error, ErrorKind, Money, ResultExt};

use super::line::{PayoutLine, PayoutLineKind};
use super::totals::PayoutTotals;

pub(crate) struct Ledger<'a> {
    out: &'a mut [PayoutLine],
    count: usize,
    pub(crate) currency: Currency,
    pub(crate) totals: PayoutTotals,
}

impl<'a> Ledger<'a> {
    pub(crate) fn new(currency: Currency, out: &'a mut [PayoutLine]) -> Self {
        Ledger {
            out,
            count: 0,
            currency,
            totals: PayoutTotals::zero(currency),
        }
    }

    /// The net so far (the sum of the lines written).
    pub(crate) fn net(&self) -> Decimal {
        self.totals.paid.amount()
    }

    /// Writes a line whose basis is its amount and whose rate is one.
    pub(crate) fn simple(
        &mut self,
        kind: PayoutLineKind,
        rule_id: u32,
        transaction_id: Option<u64>,
        date: Date,
        amount: Decimal,
    ) -> Result<(), Error> {
        let amount = Money::new(amount, self.currency);
        self.push(PayoutLine {
            kind,
            rule_id,
            transaction_id,
            date,
            amount,
            basis: amount.amount(),
            rate: Decimal::ONE,
            earnings: None,
            fx: None,
        })
    }

    /// Records the line and writes it if the buffer has room; the count
    /// keeps growing so the error can name the size needed. Inlined so
    /// the line is built in place rather than copied from the stack.
    #[inline(always)]
    pub(crate) fn push(&mut self, line: PayoutLine) -> Result<(), Error> {
        self.totals.record(&line).at("amount")?;
        if let Some(slot) = self.out.get_mut(self.count) {
            *slot = line;
        }
        self.count = self
            .count
            .checked_add(1)
            .ok_or(ErrorKind::Overflow)
            .at("out")?;
        Ok(())
    }

    /// The number of lines, or [`ErrorKind::BufferTooSmall`] if they did
    /// not all fit.
    pub(crate) fn finish(&self) -> Result<usize, Error> {
        if self.count > self.out.len() {
            return Err(Error::from(ErrorKind::BufferTooSmall {
                needed: u32::try_from(self.count).unwrap_or(u32::MAX),
            })
            .at("out"));
        }
        Ok(self.count)
    }
}
