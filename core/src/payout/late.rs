//! Commission credited to a deal after it churned or contracted: a gate
//! that opens later, or a retroactive rate, pays a booking whose customer
//! already left or shrank. Paid on time, that commission would have been
//! held and clawed back by the event; paid late, it goes through the same
//! events, remembered in the state as [`Loss`]es, as if it had been there
//! at each of them. Without this, commission paid after the churn would
//! escape the clawback it was written for.

use crate::{Date, Decimal, Error, Money, ResultExt, RoundingMode};

use super::clawback::{clawed_share, recover, ClawbackRule, Deals, Loss, Recovery};
use super::holdback::Holds;
use super::holdback::{kept_release, split_lost};
use super::ledger::Ledger;
use super::line::{PayoutLine, PayoutLineKind};
use super::storage::{StateList, StateStorage};

/// Commission credited now to one booking: the part held and the part
/// credited to pay (already on its hold and clawback record).
pub(crate) struct Credited {
    pub(crate) transaction_id: u64,
    pub(crate) booked: Date,
    pub(crate) term_months: u32,
    pub(crate) held: Decimal,
    pub(crate) paid: Decimal,
}

/// Applies the churns and contractions of earlier statements on or after a
/// booking to commission credited on it now, in the order they were
/// reported, exactly as each does on time: it cancels its share of what is
/// still held of the new commission (all of it for a churn, toward zero)
/// and, if the clawback `rule` protecting the booking has it in its
/// window, claws back its share of what is not yet clawed of the new pay
/// (the rule's method, toward zero). The clawback is recovered over the
/// rule's instalments from this statement on.
#[allow(clippy::too_many_arguments)]
pub(crate) fn replay<S: StateStorage>(
    losses: &[Loss],
    rule: Option<&ClawbackRule>,
    credited: &Credited,
    holds: &mut Holds<'_, S>,
    deals: &mut Deals<'_, S>,
    recoveries: &mut impl StateList<Recovery>,
    ledger: &mut Ledger<'_>,
) -> Result<(), Error> {
    let currency = ledger.currency;
    let places = currency.minor_units();
    let (id, booked) = (credited.transaction_id, credited.booked);
    let mut held = credited.held;
    let mut clawed = Decimal::ZERO;
    let concerned = losses
        .iter()
        .filter(|loss| loss.transaction_id == id && loss.date >= booked);
    for loss in concerned {
        if held.is_positive() {
            let lost = if loss.level == Decimal::ONE {
                held
            } else {
                held.mul_round(loss.level, places, RoundingMode::Down)
                    .at("held")?
            };
            let kept = rule.and_then(|rule| rule.kept_of_held(booked, loss.date));
            let (cancelled, released) = split_lost(lost, kept, places)?;
            if let Some(hold) = holds.find_mut(id, booked).filter(|_| lost.is_positive()) {
                hold.cancelled = hold
                    .cancelled
                    .checked_add(Money::new(cancelled, currency))
                    .at("cancelled")?;
                hold.released = hold
                    .released
                    .checked_add(Money::new(released, currency))
                    .at("released")?;
                held = held.checked_sub(lost).at("held")?;
                let rule_id = hold.rule_id;
                if cancelled.is_positive() {
                    ledger.push(PayoutLine {
                        kind: PayoutLineKind::HoldCancelled,
                        rule_id,
                        transaction_id: Some(id),
                        date: loss.date,
                        amount: Money::zero(currency),
                        basis: cancelled,
                        rate: loss.level,
                        earnings: None,
                        fx: None,
                    })?;
                }
                if released.is_positive() {
                    ledger.push(kept_release(
                        rule_id,
                        id,
                        loss.date,
                        released,
                        lost,
                        kept.unwrap_or(Decimal::ZERO),
                        currency,
                    ))?;
                }
            }
        }
        let Some(rule) = rule.filter(|rule| rule.within_window(booked, loss.date)) else {
            continue;
        };
        let unclawed = credited.paid.checked_sub(clawed).at("paid")?;
        let amount = clawed_share(
            rule,
            booked,
            credited.term_months,
            (loss.date, loss.level),
            unclawed,
            places,
        )?;
        clawed = clawed.checked_add(amount).at("clawed")?;
    }
    let Some(rule) = rule.filter(|_| clawed.is_positive()) else {
        return Ok(());
    };
    let amount = Money::new(clawed, currency);
    if let Some(deal) = deals.find_mut(id, booked) {
        deal.clawed = deal.clawed.checked_add(amount).at("clawed")?;
    }
    recover(rule, id, amount, recoveries)
}
