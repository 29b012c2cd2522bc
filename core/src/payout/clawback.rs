//! Clawbacks: when a customer churns or contracts within N days of booking,
//! the commission paid on the deal is recovered, in full or prorated by the
//! unserved months of the term, and possibly over several instalments.
//!
//! Only what was actually paid can be clawed back: the engine keeps, per
//! protected deal, the commission credited to pay (earned, minus held, plus
//! released) and what was already clawed back. What is still held is
//! cancelled instead ([`super::holdback`]). Clawed amounts round toward
//! zero, so they never exceed what was paid.
//!
//! Churns and contractions are remembered ([`Loss`]) so commission paid
//! on the deal later is clawed back as if paid before ([`super::late`]).

use crate::limits::{MAX_CLAWBACK_RULES, MAX_INSTALMENTS};

use crate::compensation::exact::Exact;
use crate::compensation::{KindSet, TransactionKind};
use crate::{Date, Decimal, Error, ErrorKind, Money, Period, ResultExt, RoundingMode};

use super::event::PayoutEvent;
use super::ledger::Ledger;
use super::line::{PayoutLine, PayoutLineKind};
use super::storage::{StateList, StateStorage};
use super::tracked::{Keyed, Tracked};

/// How much of the paid commission a clawback recovers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum ClawbackMethod {
    /// All of it (times the share lost, for a contraction: by revenue lost).
    Full,
    /// `unserved months ÷ term months` of it (times the share lost); a
    /// served month is a whole month from the booking date.
    ProratedUnserved,
    /// A clawback share: `share` of what `of` recovers, as plans write "50 %
    /// of the commission is repaid on early termination". The share also
    /// splits what is still held of the lost commission: `share` of it is
    /// cancelled and the rest released, since the rep keeps it.
    Share {
        /// The fraction of the commission forfeited, above 0 and at most 1.
        share: Decimal,
        /// What the share is taken of.
        of: ClawbackBasis,
    },
}

/// What a [`ClawbackMethod::Share`] takes its share of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum ClawbackBasis {
    /// The paid commission times the share lost ([`ClawbackMethod::Full`]).
    Full,
    /// That times `unserved ÷ term` ([`ClawbackMethod::ProratedUnserved`]).
    ProratedUnserved,
}

impl ClawbackMethod {
    /// The basis and the share forfeited: `Full` is a share of 1 of the
    /// full basis, `ProratedUnserved` of the prorated one.
    pub const fn basis_and_share(self) -> (ClawbackBasis, Decimal) {
        match self {
            Self::Full => (ClawbackBasis::Full, Decimal::ONE),
            Self::ProratedUnserved => (ClawbackBasis::ProratedUnserved, Decimal::ONE),
            Self::Share { share, of } => (of, share),
        }
    }
}

/// Protects deals of the given kinds for `window_days` after booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct ClawbackRule {
    /// The rule id carried by clawback lines.
    pub id: u32,
    /// The transaction kinds whose commission can be clawed back.
    pub kinds: KindSet,
    /// A churn or contraction at most this many days after booking claws back.
    pub window_days: u32,
    /// Full or prorated recovery.
    pub method: ClawbackMethod,
    /// Recovered over this many statements (1 = at once).
    pub instalments: u32,
}

/// A protected deal and what was paid and clawed back on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct DealRecord {
    /// The deal.
    pub transaction_id: u64,
    /// The clawback rule protecting it.
    pub rule_id: u32,
    /// The credit (booking) date.
    pub booked: Date,
    /// The contract term in months.
    pub term_months: u32,
    /// Commission credited to pay on the deal.
    pub paid: Money,
    /// Clawed back so far (scheduled for recovery).
    pub clawed: Money,
}

/// A churn or contraction reported in an earlier statement, remembered for
/// the plan year: commission credited to a booking of the deal after it
/// (a true-up released by a gate, a retroactive rate) is clawed back and
/// its hold cancelled as if it had been paid before the event (see the
/// payout engine's `late` module). A deal with nothing paid yet has no
/// clawback record to carry this, and the true-up may come after the
/// record's window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Loss {
    /// The deal (every booking of it made on or before `date`).
    pub transaction_id: u64,
    /// The event date: it decides the clawback window and the unserved
    /// months.
    pub date: Date,
    /// The share lost: 1 for a churn.
    pub level: Decimal,
}

/// A clawback being recovered in instalments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Recovery {
    /// The deal clawed back.
    pub transaction_id: u64,
    /// The clawback rule.
    pub rule_id: u32,
    /// Still to recover.
    pub remaining: Money,
    /// Instalments left, at least 1.
    pub instalments_left: u32,
}

impl ClawbackRule {
    /// Checks the instalment count.
    pub fn validate(&self) -> Result<(), Error> {
        if self.instalments == 0 || self.instalments > MAX_INSTALMENTS {
            return Err(Error::from(ErrorKind::OutOfRange).at("instalments"));
        }
        let (_, share) = self.method.basis_and_share();
        if !share.is_positive() || share > Decimal::ONE {
            return Err(Error::from(ErrorKind::OutOfRange).at("share").at("method"));
        }
        Ok(())
    }

    /// The share of a lost booking's held commission that is kept and
    /// released rather than cancelled, for a [`ClawbackMethod::Share`]
    /// whose window holds the event: `1 − share`.
    pub(crate) fn kept_of_held(&self, booked: Date, date: Date) -> Option<Decimal> {
        match self.method {
            ClawbackMethod::Share { share, .. } if self.within_window(booked, date) => {
                Decimal::ONE.checked_sub(share).ok()
            }
            _ => None,
        }
    }

    /// Whether a churn on `date` of a deal booked on `booked` is in the window.
    pub(crate) fn within_window(&self, booked: Date, date: Date) -> bool {
        let days = booked.days_until(date);
        days >= 0 && days.unsigned_abs() <= self.window_days
    }
}

impl DealRecord {
    pub(crate) fn validate(&self, currency: crate::Currency) -> Result<(), Error> {
        self.paid.expect_currency(currency).at("paid")?;
        self.clawed.expect_currency(currency).at("clawed")?;
        if self.clawed.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("clawed"));
        }
        if self.clawed.amount() > self.paid.amount().max(Decimal::ZERO) {
            return Err(
                Error::from(ErrorKind::Invalid("clawed back more than was paid")).at("clawed"),
            );
        }
        Ok(())
    }
}

impl Loss {
    pub(crate) fn validate(&self) -> Result<(), Error> {
        if !self.level.is_positive() || self.level > Decimal::ONE {
            return Err(Error::from(ErrorKind::OutOfRange).at("level"));
        }
        Ok(())
    }
}

impl Recovery {
    pub(crate) fn validate(&self, currency: crate::Currency) -> Result<(), Error> {
        self.remaining.expect_currency(currency).at("remaining")?;
        if !self.remaining.is_minor_exact() || self.remaining.is_negative() {
            return Err(Error::from(ErrorKind::Invalid(
                "a recovery is a non-negative amount in minor units",
            ))
            .at("remaining"));
        }
        if self.instalments_left == 0 || self.instalments_left > MAX_INSTALMENTS {
            return Err(Error::from(ErrorKind::OutOfRange).at("instalments_left"));
        }
        Ok(())
    }
}

/// Clawback records during a statement, looked up by deal.
pub(crate) type Deals<'a, S> = Tracked<'a, DealRecord, S>;

impl Keyed for DealRecord {
    fn transaction_id(&self) -> u64 {
        self.transaction_id
    }

    fn booked(&self) -> Date {
        self.booked
    }
}

/// The first rule (in policy order) protecting deals of `kind`.
pub(crate) fn rule_for(rules: &[ClawbackRule], kind: TransactionKind) -> Option<&ClawbackRule> {
    rules.iter().find(|rule| rule.kinds.contains(kind))
}

/// Adds `amount` credited to pay on a deal to its record, creating it for a
/// deal a rule protects.
pub(crate) fn credit_paid<S: StateStorage>(
    deals: &mut Deals<'_, S>,
    rule: Option<&ClawbackRule>,
    transaction_id: u64,
    booked: Date,
    term_months: u32,
    amount: Money,
) -> Result<(), Error> {
    if let Some(deal) = deals.find_mut(transaction_id, booked) {
        deal.paid = deal.paid.checked_add(amount).at("paid")?;
        return Ok(());
    }
    let Some(rule) = rule else {
        return Ok(());
    };
    deals
        .push(DealRecord {
            transaction_id,
            rule_id: rule.id,
            booked,
            term_months,
            paid: amount,
            clawed: Money::zero(amount.currency()),
        })
        .at("deals")
}

/// Schedules the clawback a churn or contraction `event` triggers on its
/// deal (every booking of its transaction id), for each booking a rule
/// protects and the event falls in the window of.
pub(crate) fn schedule<S: StateStorage>(
    rules: &[ClawbackRule],
    event: &PayoutEvent,
    deals: &mut Deals<'_, S>,
    recoveries: &mut impl StateList<Recovery>,
) -> Result<(), Error> {
    let mut from = 0usize;
    while let Some((index, after)) = deals.next_of(event.transaction_id, from) {
        from = after;
        if let Some(deal) = deals.items.get_mut(index) {
            schedule_one(rules, event, deal, recoveries)?;
        }
    }
    Ok(())
}

fn schedule_one(
    rules: &[ClawbackRule],
    event: &PayoutEvent,
    deal: &mut DealRecord,
    recoveries: &mut impl StateList<Recovery>,
) -> Result<(), Error> {
    let Some(rule) = rules.iter().find(|r| r.id == deal.rule_id) else {
        return Err(
            Error::from(ErrorKind::Invalid("deal names an unknown clawback rule")).at("rule_id"),
        );
    };
    if !rule.within_window(deal.booked, event.date) {
        return Ok(());
    }
    let currency = deal.paid.currency();
    let unclawed = deal
        .paid
        .checked_sub(deal.clawed)
        .at("paid")?
        .amount()
        .max(Decimal::ZERO);
    let amount = clawed_share(
        rule,
        deal.booked,
        deal.term_months,
        (event.date, event.level),
        unclawed,
        currency.minor_units(),
    )?;
    if !amount.is_positive() {
        return Ok(());
    }
    let amount = Money::new(amount, currency);
    deal.clawed = deal.clawed.checked_add(amount).at("clawed")?;
    recover(rule, deal.transaction_id, amount, recoveries)
}

/// Schedules the recovery of `amount` clawed back on a deal, over the
/// rule's instalments.
pub(crate) fn recover(
    rule: &ClawbackRule,
    transaction_id: u64,
    amount: Money,
    recoveries: &mut impl StateList<Recovery>,
) -> Result<(), Error> {
    recoveries
        .try_push(Recovery {
            transaction_id,
            rule_id: rule.id,
            remaining: amount,
            instalments_left: rule.instalments,
        })
        .at("recoveries")
}

/// What an event losing `level` of a deal on `date` claws back of
/// `unclawed`: all of the share lost (`Full`), or that times
/// `unserved months ÷ term` (`ProratedUnserved`), times a clawback share,
/// rounded once toward zero to `places` so it never exceeds what was paid.
pub(crate) fn clawed_share(
    rule: &ClawbackRule,
    booked: Date,
    term_months: u32,
    (date, level): (Date, Decimal),
    unclawed: Decimal,
    places: u32,
) -> Result<Decimal, Error> {
    let (basis, share) = rule.method.basis_and_share();
    let unserved = match basis {
        ClawbackBasis::ProratedUnserved if term_months > 0 => {
            let served = served_months(booked, date).min(term_months);
            Some(term_months.saturating_sub(served))
        }
        _ => None,
    };
    // paid × level × share × unserved ÷ term, exactly, then rounded once.
    let (factors, per) = match unserved {
        Some(unserved) => (
            [level, share, Decimal::from(unserved)],
            Decimal::from(term_months),
        ),
        None => ([level, share, Decimal::ONE], Decimal::ONE),
    };
    Exact::product(unclawed, &factors, per)
        .and_then(|exact| exact.round(places, RoundingMode::Down))
        .at("paid")
}

/// Whole months from `from` to `to`: a month is served once its day of the
/// month is reached again.
fn served_months(from: Date, to: Date) -> u32 {
    let months = i64::from(to.year())
        .saturating_sub(i64::from(from.year()))
        .saturating_mul(12)
        .saturating_add(i64::from(to.month()))
        .saturating_sub(i64::from(from.month()));
    let months = if to.day() < from.day() {
        months.saturating_sub(1)
    } else {
        months
    };
    u32::try_from(months.max(0)).unwrap_or(u32::MAX)
}

/// Takes this period's instalment of every recovery, in list order: the
/// remainder over the instalments left, rounded toward zero, the last one
/// taking the exact rest.
pub(crate) fn collect(
    recoveries: &mut impl StateList<Recovery>,
    period: Period,
    ledger: &mut Ledger<'_>,
) -> Result<(), Error> {
    let currency = ledger.currency;
    for recovery in recoveries.iter_mut() {
        let remaining = recovery.remaining.amount();
        let amount = if recovery.instalments_left <= 1 {
            remaining
        } else {
            remaining
                .div_round(
                    Decimal::from(recovery.instalments_left),
                    currency.minor_units(),
                    RoundingMode::Down,
                )
                .at("remaining")?
        };
        recovery.remaining = Money::new(remaining.checked_sub(amount).at("remaining")?, currency);
        recovery.instalments_left = recovery.instalments_left.saturating_sub(1);
        ledger.push(PayoutLine {
            kind: PayoutLineKind::Clawback,
            rule_id: recovery.rule_id,
            transaction_id: Some(recovery.transaction_id),
            date: period.last(),
            amount: Money::new(amount.neg(), currency),
            basis: remaining,
            rate: Decimal::ONE,
            earnings: None,
            fx: None,
        })?;
    }
    recoveries.keep(|r| r.instalments_left > 0 && !r.remaining.is_zero());
    Ok(())
}

/// Drops deals whose clawback window has passed by the end of `period`.
pub(crate) fn prune(
    rules: &[ClawbackRule],
    deals: &mut impl StateList<DealRecord>,
    period: Period,
) {
    // The earliest booking date still in each rule's window, found once.
    let mut cutoffs = [(0u32, None::<Date>); MAX_CLAWBACK_RULES];
    for (slot, rule) in cutoffs.iter_mut().zip(rules) {
        let back = i32::try_from(rule.window_days).map_or(i32::MIN, i32::saturating_neg);
        *slot = (rule.id, period.last().add_days(back).ok());
    }
    deals.keep(|deal| {
        cutoffs
            .iter()
            .take(rules.len())
            .find(|(id, _)| *id == deal.rule_id)
            .is_some_and(|(_, cutoff)| cutoff.is_none_or(|c| deal.booked >= c))
    });
}
