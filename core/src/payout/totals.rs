//! The figures a statement (or a run of statements) reconciles.
//!
//! The reconciliation identity, exact to the nano:
//!
//! ```text
//! paid = earned − held + released − clawed_back + draws − recovered
//!        + carried_in + carried_out
//! ```
//!
//! Each figure is the sum of one kind of statement line, so the identity is
//! the statement's "net = Σ lines" regrouped; `docs/payout.md` states the
//! balance identities that go with it.

use crate::{Currency, Money, ResultExt};
use crate::{Error, ErrorKind};

use super::line::{PayoutLine, PayoutLineKind};

/// Sums of statement lines by kind, in plan currency. Deductions (`held`,
/// `clawed_back`, `recovered`) are positive here; the lines carry them
/// negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct PayoutTotals {
    /// Earnings, rounding and true-up lines.
    pub earned: Money,
    /// Commission held back.
    pub held: Money,
    /// Held commission released.
    pub released: Money,
    /// Held commission cancelled by churn or contraction (no pay effect).
    pub cancelled: Money,
    /// Clawback instalments recovered.
    pub clawed_back: Money,
    /// Draw top-ups paid (recoverable or not).
    pub draws: Money,
    /// Draw recoveries.
    pub recovered: Money,
    /// Negative balances carried in (zero or negative).
    pub carried_in: Money,
    /// Negative nets lifted to zero and carried forward (zero or positive).
    pub carried_out: Money,
    /// The net payout: the sum of every line.
    pub paid: Money,
}

impl PayoutTotals {
    /// All zero, in `currency`.
    pub const fn zero(currency: Currency) -> PayoutTotals {
        let z = Money::zero(currency);
        PayoutTotals {
            earned: z,
            held: z,
            released: z,
            cancelled: z,
            clawed_back: z,
            draws: z,
            recovered: z,
            carried_in: z,
            carried_out: z,
            paid: z,
        }
    }

    /// Adds one line to the figure of its kind and to `paid`.
    pub(crate) fn record(&mut self, line: &PayoutLine) -> Result<(), ErrorKind> {
        let amount = line.amount;
        let figure = match line.kind {
            PayoutLineKind::Earnings | PayoutLineKind::Rounding | PayoutLineKind::TrueUp => {
                (&mut self.earned, amount)
            }
            PayoutLineKind::Hold => (&mut self.held, amount.neg()),
            PayoutLineKind::Release => (&mut self.released, amount),
            PayoutLineKind::HoldCancelled => (
                &mut self.cancelled,
                Money::new(line.basis, amount.currency()),
            ),
            PayoutLineKind::Clawback => (&mut self.clawed_back, amount.neg()),
            PayoutLineKind::Draw => (&mut self.draws, amount),
            PayoutLineKind::DrawRecovery => (&mut self.recovered, amount.neg()),
            PayoutLineKind::CarryIn => (&mut self.carried_in, amount),
            PayoutLineKind::CarryOut => (&mut self.carried_out, amount),
        };
        // Every line is in the ledger's currency by construction.
        let (total, add) = figure;
        *total = Money::new(total.amount().checked_add(add.amount())?, total.currency());
        self.paid = Money::new(
            self.paid.amount().checked_add(amount.amount())?,
            self.paid.currency(),
        );
        Ok(())
    }

    /// The field-by-field sum: to-date totals from period totals.
    pub fn checked_add(&self, other: &PayoutTotals) -> Result<PayoutTotals, ErrorKind> {
        Ok(PayoutTotals {
            earned: self.earned.checked_add(other.earned)?,
            held: self.held.checked_add(other.held)?,
            released: self.released.checked_add(other.released)?,
            cancelled: self.cancelled.checked_add(other.cancelled)?,
            clawed_back: self.clawed_back.checked_add(other.clawed_back)?,
            draws: self.draws.checked_add(other.draws)?,
            recovered: self.recovered.checked_add(other.recovered)?,
            carried_in: self.carried_in.checked_add(other.carried_in)?,
            carried_out: self.carried_out.checked_add(other.carried_out)?,
            paid: self.paid.checked_add(other.paid)?,
        })
    }

    /// The right-hand side of the reconciliation identity; equals `paid`
    /// for totals built from statement lines.
    pub fn reconciled(&self) -> Result<Money, ErrorKind> {
        self.earned
            .checked_sub(self.held)?
            .checked_add(self.released)?
            .checked_sub(self.clawed_back)?
            .checked_add(self.draws)?
            .checked_sub(self.recovered)?
            .checked_add(self.carried_in)?
            .checked_add(self.carried_out)
    }

    /// Checks every figure is in `currency`.
    pub(crate) fn validate(&self, currency: Currency) -> Result<(), Error> {
        let figures = [
            (self.earned, "earned"),
            (self.held, "held"),
            (self.released, "released"),
            (self.cancelled, "cancelled"),
            (self.clawed_back, "clawed_back"),
            (self.draws, "draws"),
            (self.recovered, "recovered"),
            (self.carried_in, "carried_in"),
            (self.carried_out, "carried_out"),
            (self.paid, "paid"),
        ];
        for (money, field) in figures {
            money.expect_currency(currency).at(field)?;
        }
        Ok(())
    }
}
