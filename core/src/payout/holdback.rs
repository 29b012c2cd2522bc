//! Holdbacks: part of a deal's commission is held until the customer is
//! live, has paid, or a date has passed, because in SaaS the value of a
//! sale is realized long after it closes. A release pays the held amount
//! by fulfilment level; a churn or contraction cancels what is still held
//! (it was never paid, so nothing is clawed back for it).

use crate::limits::MAX_RELEASE_STEPS;
use heapless::Vec;

use crate::compensation::KindSet;
use crate::{Date, Decimal, Error, ErrorKind, Money, Period, ResultExt, RoundingMode};

use super::event::{EventKind, PayoutEvent};
use super::ledger::Ledger;
use super::line::{PayoutLine, PayoutLineKind};
use super::storage::{StateList, StateStorage};
use super::tracked::{Keyed, Tracked};

/// What releases a hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum ReleaseCondition {
    /// A [`EventKind::CustomerLive`] event on the deal.
    CustomerLive,
    /// A [`EventKind::FirstPayment`] event on the deal.
    FirstPayment,
    /// The whole hold, in the period containing this date (or the first
    /// statement after it).
    OnDate(Date),
    /// The whole hold, once this many days have passed since booking.
    DaysAfterBooking(u32),
}

/// From fulfilment `at_level` up (included), `cumulative_share` of the held
/// amount is released in total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct ReleaseStep {
    /// The fulfilment level (fraction) the step starts at.
    pub at_level: Decimal,
    /// The share of the held amount released in total at this level.
    pub cumulative_share: Decimal,
}

/// Holds `share` of the commission of deals of the given kinds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct HoldbackRule {
    /// The rule id carried by hold and release lines.
    pub id: u32,
    /// The transaction kinds whose commission is held.
    pub kinds: KindSet,
    /// The fraction of a deal's commission held (`0.5` = 50 %).
    pub share: Decimal,
    /// What releases it.
    pub condition: ReleaseCondition,
    /// Release by fulfilment level for event conditions, ascending; empty
    /// releases everything on the first event whatever its level.
    #[cfg_attr(feature = "serde", serde(default))]
    pub steps: Vec<ReleaseStep, MAX_RELEASE_STEPS>,
}

/// Commission held on one deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Hold {
    /// The deal.
    pub transaction_id: u64,
    /// The holdback rule that holds it.
    pub rule_id: u32,
    /// The deal's credit date.
    pub booked: Date,
    /// Everything held on the deal so far.
    pub held: Money,
    /// Released so far.
    pub released: Money,
    /// Cancelled so far (churn, contraction).
    pub cancelled: Money,
}

impl Hold {
    /// The amount still held.
    pub fn outstanding(&self) -> Result<Money, ErrorKind> {
        self.held
            .checked_sub(self.released)?
            .checked_sub(self.cancelled)
    }

    /// Whether [`Hold::validate`] passes, decided without building errors
    /// (the common case); `false` sends the caller to `validate`, which
    /// names the error. Amounts in `currency`, none negative, and released
    /// plus cancelled (without overflow) at most the amount held: then
    /// `outstanding` cannot overflow and is not negative.
    pub(crate) fn plainly_valid(&self, currency: crate::Currency) -> bool {
        let fine = |money: Money| money.currency() == currency && !money.is_negative();
        fine(self.held)
            && fine(self.released)
            && fine(self.cancelled)
            && self
                .released
                .amount()
                .checked_add(self.cancelled.amount())
                .is_ok_and(|settled| settled <= self.held.amount())
    }

    pub(crate) fn validate(&self, currency: crate::Currency) -> Result<(), Error> {
        for (money, field) in [
            (self.held, "held"),
            (self.released, "released"),
            (self.cancelled, "cancelled"),
        ] {
            money.expect_currency(currency).at(field)?;
            if money.is_negative() {
                return Err(Error::from(ErrorKind::Negative).at(field));
            }
        }
        if self.outstanding()?.is_negative() {
            return Err(Error::from(ErrorKind::Invalid(
                "released and cancelled exceed the amount held",
            ))
            .at("released"));
        }
        Ok(())
    }
}

impl HoldbackRule {
    /// Holds `share` of the commission on deals of `kinds` until
    /// `condition`, all at once (no release steps).
    pub fn new(id: u32, kinds: KindSet, share: Decimal, condition: ReleaseCondition) -> Self {
        HoldbackRule {
            id,
            kinds,
            share,
            condition,
            steps: Vec::new(),
        }
    }

    /// Checks the share is a fraction and the steps ascend to at most 100 %.
    pub fn validate(&self) -> Result<(), Error> {
        if self.share.is_negative() || self.share > Decimal::ONE {
            return Err(Error::from(ErrorKind::OutOfRange).at("share"));
        }
        let mut previous: Option<ReleaseStep> = None;
        for (i, step) in self.steps.iter().enumerate() {
            let fraction = |d: Decimal| !d.is_negative() && d <= Decimal::ONE;
            if !fraction(step.at_level) || !fraction(step.cumulative_share) {
                return Err(Error::from(ErrorKind::OutOfRange).at_index("steps", i));
            }
            if previous.is_some_and(|p| {
                step.at_level <= p.at_level || step.cumulative_share < p.cumulative_share
            }) {
                return Err(Error::from(ErrorKind::Invalid(
                    "release steps must ascend in level and share",
                ))
                .at_index("steps", i));
            }
            previous = Some(*step);
        }
        Ok(())
    }

    /// The share of the hold released in total at fulfilment `level`.
    fn released_share(&self, level: Decimal) -> Decimal {
        if self.steps.is_empty() {
            return Decimal::ONE;
        }
        self.steps
            .iter()
            .take_while(|step| step.at_level <= level)
            .last()
            .map_or(Decimal::ZERO, |step| step.cumulative_share)
    }

    /// Whether an event of `kind` can release this rule's holds.
    fn released_by(&self, kind: EventKind) -> bool {
        matches!(
            (self.condition, kind),
            (ReleaseCondition::CustomerLive, EventKind::CustomerLive)
                | (ReleaseCondition::FirstPayment, EventKind::FirstPayment)
        )
    }

    /// Whether a date condition is met by the end of `period`.
    fn due(&self, booked: Date, period: Period) -> Result<bool, ErrorKind> {
        Ok(match self.condition {
            ReleaseCondition::OnDate(date) => date <= period.last(),
            ReleaseCondition::DaysAfterBooking(days) => {
                let days = i32::try_from(days).map_err(|_| ErrorKind::OutOfRange)?;
                booked.add_days(days)? <= period.last()
            }
            ReleaseCondition::CustomerLive | ReleaseCondition::FirstPayment => false,
        })
    }
}

/// Checks every `DaysAfterBooking` release date of a deal booked under a
/// plan effective over `plan` exists in the calendar, so the fault is
/// reported on the rule rather than on every hold it makes.
pub(crate) fn check_release_dates(rules: &[HoldbackRule], plan: Period) -> Result<(), Error> {
    for (i, rule) in rules.iter().enumerate() {
        if let ReleaseCondition::DaysAfterBooking(days) = rule.condition {
            let reachable = i32::try_from(days)
                .ok()
                .and_then(|days| plan.last().add_days(days).ok())
                .is_some();
            if !reachable {
                return Err(Error::from(ErrorKind::Invalid(
                    "the release date of a booking falls beyond the calendar",
                ))
                .at("condition")
                .at_index("holdbacks", i));
            }
        }
    }
    Ok(())
}

/// The first rule (in policy order) holding deals of `kind`.
pub(crate) fn rule_for(
    rules: &[HoldbackRule],
    kind: crate::compensation::TransactionKind,
) -> Option<&HoldbackRule> {
    rules.iter().find(|rule| rule.kinds.contains(kind))
}

/// Holds `rule.share` of a deal's commission this period, rounded once to
/// the minor unit; returns the amount held. The hold line is dated on the
/// deal's credit date.
pub(crate) fn hold<S: StateStorage>(
    rule: &HoldbackRule,
    transaction_id: u64,
    booked: Date,
    commission: Decimal,
    mode: RoundingMode,
    holds: &mut Holds<'_, S>,
    ledger: &mut Ledger<'_>,
) -> Result<Decimal, Error> {
    let currency = ledger.currency;
    let amount = commission
        .mul_round(rule.share, currency.minor_units(), mode)
        .at("amount")?;
    if !amount.is_positive() {
        return Ok(Decimal::ZERO);
    }
    let held = Money::new(amount, currency);
    match holds.find_mut(transaction_id, booked) {
        Some(existing) => existing.held = existing.held.checked_add(held).at("held")?,
        None => holds
            .push(Hold {
                transaction_id,
                rule_id: rule.id,
                booked,
                held,
                released: Money::zero(currency),
                cancelled: Money::zero(currency),
            })
            .at("holds")?,
    }
    ledger.push(PayoutLine {
        kind: PayoutLineKind::Hold,
        rule_id: rule.id,
        transaction_id: Some(transaction_id),
        date: booked,
        amount: held.neg(),
        basis: commission,
        rate: rule.share,
        earnings: None,
        fx: None,
    })?;
    Ok(amount)
}

/// Releases what a live or payment `event` unlocks on the holds of its
/// deal (every booking of its transaction id), reporting each release as
/// `(transaction id, booking date, amount)` to `on_release`.
pub(crate) fn release_on_event<S: StateStorage>(
    rules: &[HoldbackRule],
    event: &PayoutEvent,
    mode: RoundingMode,
    holds: &mut Holds<'_, S>,
    ledger: &mut Ledger<'_>,
    mut on_release: impl FnMut(u64, Date, Decimal) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut from = 0usize;
    while let Some((index, after)) = holds.next_of(event.transaction_id, from) {
        from = after;
        let Some(hold) = holds.items.get(index).copied() else {
            continue;
        };
        let rule = find_rule(rules, hold.rule_id)?;
        if !rule.released_by(event.kind) {
            continue;
        }
        let share = rule.released_share(event.level);
        let released = release(rule, share, event.date, index, mode, holds, ledger)?;
        if released.is_positive() {
            on_release(hold.transaction_id, hold.booked, released)?;
        }
    }
    Ok(())
}

/// Releases every hold whose date condition is met by the end of `period`,
/// reporting each release as `(transaction id, booking date, amount)` to
/// `on_release`.
pub(crate) fn release_due<S: StateStorage>(
    rules: &[HoldbackRule],
    period: Period,
    mode: RoundingMode,
    holds: &mut Holds<'_, S>,
    ledger: &mut Ledger<'_>,
    mut on_release: impl FnMut(u64, Date, Decimal) -> Result<(), Error>,
) -> Result<(), Error> {
    for index in 0..holds.items.len() {
        let Some(hold) = holds.items.get(index).copied() else {
            continue;
        };
        let rule = find_rule(rules, hold.rule_id).at_index("holds", index)?;
        if rule.due(hold.booked, period).at_index("holds", index)? {
            let released = release(
                rule,
                Decimal::ONE,
                period.last(),
                index,
                mode,
                holds,
                ledger,
            )?;
            if released.is_positive() {
                on_release(hold.transaction_id, hold.booked, released)?;
            }
        }
    }
    Ok(())
}

/// Releases up to `share` of hold `index` in total (never taking back what
/// was released); a full release pays the exact remainder.
fn release<S: StateStorage>(
    rule: &HoldbackRule,
    share: Decimal,
    date: Date,
    index: usize,
    mode: RoundingMode,
    holds: &mut Holds<'_, S>,
    ledger: &mut Ledger<'_>,
) -> Result<Decimal, Error> {
    let currency = ledger.currency;
    let Some(hold) = holds.items.get_mut(index) else {
        return Ok(Decimal::ZERO);
    };
    let outstanding = hold.outstanding().at("held")?;
    let amount = if share == Decimal::ONE {
        outstanding.amount()
    } else {
        // The step's target is a share of what the deal can still release
        // (held minus cancelled): a contraction shrinks every later step.
        let target = hold
            .held
            .checked_sub(hold.cancelled)
            .at("cancelled")?
            .amount()
            .mul_round(share, currency.minor_units(), mode)
            .at("held")?;
        target
            .checked_sub(hold.released.amount())
            .at("released")?
            .min(outstanding.amount())
    };
    if !amount.is_positive() {
        return Ok(Decimal::ZERO);
    }
    hold.released = hold
        .released
        .checked_add(Money::new(amount, currency))
        .at("released")?;
    let transaction_id = hold.transaction_id;
    ledger.push(PayoutLine {
        kind: PayoutLineKind::Release,
        rule_id: rule.id,
        transaction_id: Some(transaction_id),
        date,
        amount: Money::new(amount, currency),
        basis: outstanding.amount(),
        rate: share,
        earnings: None,
        fx: None,
    })?;
    Ok(amount)
}

/// Releases, against a credit note dated `date`, the note's share
/// (`reversed ÷ remaining` of the original credit not yet reversed) of what
/// is still held on the booking it reverses, rounded once with the plan's
/// mode and at most `limit` (the note's negative commission): the note
/// takes back the whole commission, so the part never paid comes out of
/// the hold and only the paid part is recovered from pay. A note reversing
/// all that remains releases the exact outstanding amount.
#[allow(clippy::too_many_arguments)]
pub(crate) fn release_against_note<S: StateStorage>(
    transaction_id: u64,
    booked: Date,
    date: Date,
    reversed: Decimal,
    remaining: Decimal,
    limit: Decimal,
    mode: RoundingMode,
    holds: &mut Holds<'_, S>,
    ledger: &mut Ledger<'_>,
) -> Result<Decimal, Error> {
    let currency = ledger.currency;
    let Some(hold) = holds.find_mut(transaction_id, booked) else {
        return Ok(Decimal::ZERO);
    };
    let outstanding = hold.outstanding().at("held")?.amount();
    let share = if reversed >= remaining {
        Decimal::ONE
    } else {
        reversed
            .div_round(remaining, crate::SCALE, RoundingMode::HalfEven)
            .at("amount")?
    };
    let amount = if reversed >= remaining {
        outstanding
    } else {
        outstanding
            .mul_div_round(reversed, remaining, currency.minor_units(), mode)
            .at("held")?
    }
    .min(limit);
    if !amount.is_positive() {
        return Ok(Decimal::ZERO);
    }
    hold.released = hold
        .released
        .checked_add(Money::new(amount, currency))
        .at("released")?;
    let rule_id = hold.rule_id;
    ledger.push(PayoutLine {
        kind: PayoutLineKind::Release,
        rule_id,
        transaction_id: Some(transaction_id),
        date,
        amount: Money::new(amount, currency),
        basis: outstanding,
        rate: share,
        earnings: None,
        fx: None,
    })?;
    Ok(amount)
}

/// Cancels `lost` of what is still held on a churned or contracted deal
/// (every booking of its transaction id; all of it for a churn), rounded
/// toward zero; no pay effect. When `kept` gives a booking's kept share (a
/// clawback share rule in window), that share of the lost part is released
/// instead (toward zero) and only the rest is cancelled.
pub(crate) fn cancel<S: StateStorage>(
    event: &PayoutEvent,
    holds: &mut Holds<'_, S>,
    ledger: &mut Ledger<'_>,
    kept: impl Fn(u64, Date) -> Option<Decimal>,
) -> Result<(), Error> {
    let currency = ledger.currency;
    let mut from = 0usize;
    while let Some((index, after)) = holds.next_of(event.transaction_id, from) {
        from = after;
        let Some(hold) = holds.items.get_mut(index) else {
            continue;
        };
        let rule_id = hold.rule_id;
        let outstanding = hold.outstanding().at("held")?;
        let lost = if event.level == Decimal::ONE {
            outstanding.amount()
        } else {
            outstanding
                .amount()
                .mul_round(event.level, currency.minor_units(), RoundingMode::Down)
                .at("held")?
        };
        let kept_share = kept(hold.transaction_id, hold.booked);
        let (amount, released) = split_lost(lost, kept_share, currency.minor_units())?;
        if released.is_positive() {
            hold.released = hold
                .released
                .checked_add(Money::new(released, currency))
                .at("released")?;
        }
        if amount.is_positive() {
            hold.cancelled = hold
                .cancelled
                .checked_add(Money::new(amount, currency))
                .at("cancelled")?;
            ledger.push(PayoutLine {
                kind: PayoutLineKind::HoldCancelled,
                rule_id,
                transaction_id: Some(event.transaction_id),
                date: event.date,
                amount: Money::zero(currency),
                basis: amount,
                rate: event.level,
                earnings: None,
                fx: None,
            })?;
        }
        if released.is_positive() {
            ledger.push(kept_release(
                rule_id,
                event.transaction_id,
                event.date,
                released,
                lost,
                kept_share.unwrap_or(Decimal::ZERO),
                currency,
            ))?;
        }
    }
    Ok(())
}

/// `lost` held commission split into what is cancelled and what is kept
/// and released (`kept` of it, toward zero).
pub(crate) fn split_lost(
    lost: Decimal,
    kept: Option<Decimal>,
    places: u32,
) -> Result<(Decimal, Decimal), Error> {
    let Some(kept) = kept.filter(|k| k.is_positive()) else {
        return Ok((lost, Decimal::ZERO));
    };
    let released = lost
        .mul_round(kept, places, RoundingMode::Down)
        .at("held")?;
    Ok((lost.checked_sub(released).at("held")?, released))
}

/// The release of the kept part of a lost booking's hold under a clawback
/// share (`basis` = the held commission lost, `rate` = the kept share).
pub(crate) fn kept_release(
    rule_id: u32,
    transaction_id: u64,
    date: Date,
    released: Decimal,
    lost: Decimal,
    kept: Decimal,
    currency: crate::Currency,
) -> PayoutLine {
    PayoutLine {
        kind: PayoutLineKind::Release,
        rule_id,
        transaction_id: Some(transaction_id),
        date,
        amount: Money::new(released, currency),
        basis: lost,
        rate: kept,
        earnings: None,
        fx: None,
    }
}

/// Holds during a statement, looked up by deal.
pub(crate) type Holds<'a, S> = Tracked<'a, Hold, S>;

impl Keyed for Hold {
    fn transaction_id(&self) -> u64 {
        self.transaction_id
    }

    fn booked(&self) -> Date {
        self.booked
    }
}

/// Drops the holds fully released or cancelled. Holds stay in the list
/// while the statement is written, so positions do not move under it.
pub(crate) fn drop_settled(holds: &mut impl StateList<Hold>) {
    // Amounts of one currency (validated): compare the decimals directly.
    holds.keep(|h| {
        h.held.amount()
            != h.released
                .amount()
                .checked_add(h.cancelled.amount())
                .unwrap_or(Decimal::MAX)
    });
}

fn find_rule(rules: &[HoldbackRule], id: u32) -> Result<&HoldbackRule, Error> {
    rules.iter().find(|rule| rule.id == id).ok_or_else(|| {
        Error::from(ErrorKind::Invalid("hold names an unknown holdback rule")).at("rule_id")
    })
}
