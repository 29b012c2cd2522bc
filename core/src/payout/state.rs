//! The state a statement reads and returns. The engine is stateless: the
//! caller stores this after each statement and passes it to the next one.

use crate::limits::MAX_CLOSED_PERIODS;
use heapless::Vec;

use crate::{Currency, Date, Error, ErrorKind, Money, ResultExt};

use super::carry_forward::carriable;
use super::clawback::{DealRecord, Loss};
use super::earnings::ClosedPeriod;
use super::holdback::Hold;
use super::storage::{Inline, StateList, StateStorage};
use super::totals::PayoutTotals;
use super::tracked::first_repeat;

/// One participant's payout position after a statement.
///
/// Its per-deal lists live in the storage `S` the caller chooses
/// ([`super::storage`]): [`Inline`] lists of a fixed capacity (the
/// default, no allocator) or `Growable` `Vec`s (feature `alloc`). The
/// closed quota periods, at most a plan year's, are inline in both.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields, bound = "")
)]
pub struct PayoutState<S: StateStorage = Inline> {
    /// Whose position.
    pub participant_id: u64,
    /// The currency of every amount (the plan's).
    pub currency: Currency,
    /// The last day covered so far; the next statement starts the day after.
    pub through: Option<Date>,
    /// The plan whose earnings `earned_to_date` counts.
    pub plan_id: u32,
    /// That plan's first day: earnings to date count from it. A statement
    /// under a plan starting on another day (a new plan year) starts from
    /// zero earned.
    pub plan_start: Option<Date>,
    /// Earnings recomputed through `through` under that plan.
    pub earned_to_date: Money,
    /// The negative balance carried forward (zero or negative).
    pub balance: Money,
    /// The recoverable draw not yet recovered.
    pub draw_outstanding: Money,
    /// Commission held, per deal, in the order the holds were made.
    #[cfg_attr(feature = "serde", serde(default))]
    pub holds: S::List<Hold>,
    /// Deals in their clawback window, in the order they were first paid.
    #[cfg_attr(feature = "serde", serde(default))]
    pub deals: S::List<DealRecord>,
    /// Clawbacks being recovered, in the order they were scheduled.
    #[cfg_attr(feature = "serde", serde(default))]
    pub recoveries: S::Recoveries,
    /// The plan year's churns and contractions, in the order reported
    /// (kept while the policy claws back): commission paid on a deal after
    /// it churned — a true-up, a retroactive rate — is clawed back and its
    /// hold cancelled as if it had been paid before the churn.
    #[cfg_attr(feature = "serde", serde(default))]
    pub losses: S::List<Loss>,
    /// Earnings of the plan's quota periods closed so far, with the
    /// fingerprint of their inputs: reused while the fingerprint matches,
    /// re-rated otherwise. A cache: an empty list gives the same answer,
    /// only slower (like every field, it must be stored as returned).
    #[cfg_attr(feature = "serde", serde(default))]
    pub closed: Vec<ClosedPeriod, MAX_CLOSED_PERIODS>,
    /// Sums of every statement line so far, by kind.
    pub totals: PayoutTotals,
}

impl PayoutState {
    /// The position of a participant with no statement yet, in the default
    /// inline storage ([`PayoutState::empty`] for another).
    pub const fn new(participant_id: u64, currency: Currency) -> PayoutState {
        PayoutState::empty(participant_id, currency)
    }
}

impl<S: StateStorage> PayoutState<S> {
    /// The position of a participant with no statement yet, in storage `S`:
    /// `PayoutState::<Inline<2048>>::empty(..)`,
    /// `PayoutState::<Growable>::empty(..)`. A `const fn`, so a large
    /// inline state can live in a `static` or be copied from a `const`
    /// instead of being built on the stack.
    pub const fn empty(participant_id: u64, currency: Currency) -> PayoutState<S> {
        PayoutState {
            participant_id,
            currency,
            through: None,
            plan_id: 0,
            plan_start: None,
            earned_to_date: Money::zero(currency),
            balance: Money::zero(currency),
            draw_outstanding: Money::zero(currency),
            holds: StateList::EMPTY,
            deals: StateList::EMPTY,
            recoveries: StateList::EMPTY,
            losses: StateList::EMPTY,
            closed: Vec::new(),
            totals: PayoutTotals::zero(currency),
        }
    }

    /// The same position in storage `T`: from inline lists to growable
    /// ones, or to an inline capacity that fits. Fails with
    /// [`ErrorKind::TooMany`] naming the list that does not fit.
    pub fn to_storage<T: StateStorage>(&self) -> Result<PayoutState<T>, Error> {
        let mut other = PayoutState::empty(self.participant_id, self.currency);
        other.assign(self)?;
        Ok(other)
    }

    /// Makes `self` a copy of `other`, copying only the list items in use
    /// (a clone of an inline state would move its full capacity) and
    /// reusing `self`'s lists.
    pub fn copy_from(&mut self, other: &PayoutState<S>) {
        // Same storage on both sides: every list fits.
        let _ = self.assign(other);
    }

    /// Copies `other` into `self`, list by list.
    fn assign<T: StateStorage>(&mut self, other: &PayoutState<T>) -> Result<(), Error> {
        self.participant_id = other.participant_id;
        self.currency = other.currency;
        self.through = other.through;
        self.plan_id = other.plan_id;
        self.plan_start = other.plan_start;
        self.earned_to_date = other.earned_to_date;
        self.balance = other.balance;
        self.draw_outstanding = other.draw_outstanding;
        self.holds.assign(&other.holds).at("holds")?;
        self.deals.assign(&other.deals).at("deals")?;
        self.recoveries.assign(&other.recoveries).at("recoveries")?;
        self.losses.assign(&other.losses).at("losses")?;
        self.closed.assign(&other.closed).at("closed")?;
        self.totals = other.totals;
        Ok(())
    }

    /// Checks currencies, signs, that nothing was released, cancelled or
    /// clawed back beyond what was held or paid, that no booking
    /// (transaction id and credit date) is held or tracked twice, and that
    /// every churn or contraction remembered is a share lost dated within
    /// the statements so far.
    pub fn validate(&self) -> Result<(), Error> {
        let currency = self.currency;
        self.earned_to_date
            .expect_currency(currency)
            .at("earned_to_date")?;
        self.balance.expect_currency(currency).at("balance")?;
        if !carriable(self.balance) {
            return Err(
                Error::from(ErrorKind::Invalid("a carried balance is zero or negative"))
                    .at("balance"),
            );
        }
        self.draw_outstanding
            .expect_currency(currency)
            .at("draw_outstanding")?;
        if self.draw_outstanding.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("draw_outstanding"));
        }
        for (i, hold) in self.holds.iter().enumerate() {
            if !hold.plainly_valid(currency) {
                hold.validate(currency).at_index("holds", i)?;
            }
        }
        if let Some(i) = first_repeat::<_, S>(&self.holds) {
            return Err(repeated().at("transaction_id").at_index("holds", i));
        }
        for (i, deal) in self.deals.iter().enumerate() {
            deal.validate(currency).at_index("deals", i)?;
        }
        if let Some(i) = first_repeat::<_, S>(&self.deals) {
            return Err(repeated().at("transaction_id").at_index("deals", i));
        }
        for (i, recovery) in self.recoveries.iter().enumerate() {
            recovery.validate(currency).at_index("recoveries", i)?;
        }
        for (i, loss) in self.losses.iter().enumerate() {
            loss.validate().at_index("losses", i)?;
            if self.through.is_none_or(|through| loss.date > through) {
                return Err(Error::from(ErrorKind::Invalid(
                    "a churn or contraction after the last statement",
                ))
                .at("date")
                .at_index("losses", i));
            }
        }
        for (i, closed) in self.closed.iter().enumerate() {
            closed
                .earned
                .expect_currency(currency)
                .at("earned")
                .at_index("closed", i)?;
        }
        self.totals.validate(currency).at("totals")
    }
}

fn repeated() -> Error {
    Error::from(ErrorKind::Invalid(
        "a booking (transaction id and date) is listed twice",
    ))
}
