//! Negative balance carry-forward: a period whose net is negative pays zero
//! and carries the balance into the next period, which recovers it from its
//! pay first (or, if the plan says so, the negative net is paid — deducted
//! from salary — and nothing is carried).

use crate::{Decimal, Error, Money, Period};

use super::ledger::Ledger;
use super::line::PayoutLineKind;

/// What happens to a negative net.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum NegativeNet {
    /// Pay zero and carry the balance forward.
    CarryForward,
    /// Pay the negative amount; carry nothing.
    PayNegative,
}

/// Brings the carried balance (zero or negative) into the period.
pub(crate) fn carry_in(
    balance: Money,
    period: Period,
    ledger: &mut Ledger<'_>,
) -> Result<(), Error> {
    if balance.is_zero() {
        return Ok(());
    }
    ledger.simple(
        PayoutLineKind::CarryIn,
        0,
        None,
        period.last(),
        balance.amount(),
    )
}

/// Lifts a negative net to zero when carrying forward; returns the closing
/// balance (zero or negative).
pub(crate) fn carry_out(
    rule: NegativeNet,
    period: Period,
    ledger: &mut Ledger<'_>,
) -> Result<Money, Error> {
    let net = ledger.net();
    if rule == NegativeNet::PayNegative || !net.is_negative() {
        return Ok(Money::zero(ledger.currency));
    }
    ledger.simple(PayoutLineKind::CarryOut, 0, None, period.last(), net.neg())?;
    Ok(Money::new(net, ledger.currency))
}

/// Whether `balance` can be carried: zero or negative.
pub(crate) fn carriable(balance: Money) -> bool {
    balance.amount() <= Decimal::ZERO
}
