//! The monthly statement: earnings to date under the plan, trued up against
//! what was recognized before, then timing — holds, releases, clawbacks,
//! the carried balance and the draw — down to the net payout and the new
//! state for the caller to store.
//!
//! Order of lines (deterministic): the period's earnings lines in the
//! compensation engine's order, each deal's lines followed by its hold
//! (and the cancellations of it by earlier churns); the true-up; for each
//! event in input order its release, or its hold cancellation; releases
//! falling due by date, in hold order; clawback instalments in scheduling
//! order; the balance carried in; the carry-out of a negative net; the
//! draw or its recovery.

use crate::compensation::{CreditLine, EarningsLine, LineKind, Plan, Source};
use crate::limits::{MAX_EVENTS, MAX_FX_RATES};

use crate::{Currency, Date, Decimal, Error, ErrorKind, Money, Period, ResultExt, RoundingMode};

use super::carry_forward::{carry_in, carry_out};
use super::clawback::{self, collect, prune, schedule, Deals, Loss};
use super::draw;
use super::earnings::{earnings_to_date, RunInputs};
use super::event::{EventKind, PayoutEvent};
use super::fx::{in_force, rate_on, DatedFxRate, FxRateDate};
use super::holdback::{self, cancel, drop_settled, release_due, release_on_event, Holds};
use super::late::{self, Credited};
use super::ledger::Ledger;
use super::line::{PayoutLine, PayoutLineKind};
use super::policy::PayoutPolicy;
use super::relief::QuotaRelief;
use super::state::PayoutState;
use super::storage::{Inline, StateList, StateStorage};
use super::totals::PayoutTotals;
use super::tracked::Tracked;
use super::true_up::{recognized, true_up};
use super::validated::ValidatedPolicy;
use crate::compensation::reversal::{is_credit_note, original_of, Reversal};
use crate::compensation::Conversion;

/// Everything one statement reads; `S` is the storage of the state's
/// lists ([`super::storage`]).
#[derive(Debug, Clone, Copy)]
pub struct StatementRequest<'a, S: StateStorage = Inline> {
    /// Whose statement.
    pub participant_id: u64,
    /// The statement period (a month, usually); it must start the day
    /// after the state's `through`.
    pub period: Period,
    /// The compensation plan in force.
    pub plan: &'a Plan,
    /// Holdbacks, clawbacks, draw and the negative-net rule.
    pub policy: &'a PayoutPolicy,
    /// Employment, leave and ramp; `None` for a full-year, fully ramped rep.
    pub relief: Option<&'a QuotaRelief>,
    /// The plan year's credit lines to date, in date order: this period's
    /// and the earlier ones, which the cumulative recomputation re-rates.
    /// Other participants' lines are skipped.
    pub credits: &'a [CreditLine],
    /// This period's events on deals (go-live, payment, churn, contraction).
    pub events: &'a [PayoutEvent],
    /// Exchange rates with the dates they came into force.
    pub fx: &'a [DatedFxRate],
    /// The date whose rates convert foreign-currency credits.
    pub fx_date: Date,
    /// The state the previous statement returned.
    pub state: &'a PayoutState<S>,
}

impl<'a, S: StateStorage> StatementRequest<'a, S> {
    /// The request for `state`'s participant over `period`, with no events,
    /// no relief and no exchange rates (rates in force on the period's last
    /// day when given): set those fields with struct update syntax.
    pub fn new(
        period: Period,
        plan: &'a Plan,
        policy: &'a PayoutPolicy,
        credits: &'a [CreditLine],
        state: &'a PayoutState<S>,
    ) -> Self {
        StatementRequest {
            participant_id: state.participant_id,
            period,
            plan,
            policy,
            relief: None,
            credits,
            events: &[],
            fx: &[],
            fx_date: period.last(),
            state,
        }
    }
}

/// A statement's figures; its lines are in the caller's buffer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Statement {
    /// Whose statement.
    pub participant_id: u64,
    /// The plan's id.
    pub plan_id: u32,
    /// The plan's version.
    pub plan_version: u32,
    /// The statement period.
    pub period: Period,
    /// How many lines were written.
    pub line_count: usize,
    /// The period's lines summed by kind; `totals.paid` is the net.
    pub totals: PayoutTotals,
    /// The net payout: the sum of the lines.
    pub net: Money,
}

/// Computes the statement of `request.period`, writing the earnings
/// engine's lines to `scratch`, the statement's lines to `out` and the new
/// state to `next` (caller-provided like the buffers, so a large state is
/// never moved; on error its content is unspecified).
///
/// Fails with [`ErrorKind::BufferTooSmall`] naming `scratch` or `out` (and
/// the count needed) when a buffer is short; with a field path under
/// `scratch` it may name only the lines needed so far; with
/// [`ErrorKind::TooMany`] naming a list of `state` when `next`'s storage is
/// full.
///
/// Validates the plan and the policy; [`ValidatedPolicy::statement`]
/// skips that for a plan and policy validated once.
pub fn statement<S: StateStorage>(
    request: &StatementRequest<'_, S>,
    scratch: &mut [EarningsLine],
    out: &mut [PayoutLine],
    next: &mut PayoutState<S>,
) -> Result<Statement, Error> {
    ValidatedPolicy::new(request.plan, request.policy)?.statement(request, scratch, out, next)
}

/// [`statement`] with the plan and policy already validated (the caller
/// checked they are the request's).
pub(crate) fn statement_of_valid<S: StateStorage>(
    request: &StatementRequest<'_, S>,
    scratch: &mut [EarningsLine],
    out: &mut [PayoutLine],
    next: &mut PayoutState<S>,
) -> Result<Statement, Error> {
    validate(request)?;
    let plan = request.plan;
    let period = request.period;
    let mode = plan.rounding.mode;
    let rates = in_force(request.fx, request.fx_date)?;
    let fx_policy = request.policy.fx;
    let mut plain: heapless::Vec<crate::FxRate, MAX_FX_RATES> = heapless::Vec::new();
    for rate in rates.iter().filter_map(|i| request.fx.get(usize::from(*i))) {
        plain
            .push(rate.rate)
            .map_err(|_| ErrorKind::TooMany {
                max: MAX_FX_RATES as u32,
            })
            .at("fx")?;
    }
    next.copy_from(request.state);
    let inputs = RunInputs {
        participant_id: request.participant_id,
        credits: request.credits,
        fx: match fx_policy.rate_date {
            FxRateDate::StatementDate => Conversion::fixed(&plain, fx_policy.order),
            FxRateDate::PostingDate => Conversion::on_credit_date(request.fx, fx_policy.order),
        },
        relief: request.relief,
        period,
    };
    let to_date = earnings_to_date(
        plan,
        &inputs,
        &request.state.closed,
        &mut next.closed,
        scratch,
    )?;
    let mut ledger = Ledger::new(plan.currency, out);
    let mut book: Book<'_, S> = Book {
        holds: Tracked::new(&mut next.holds),
        deals: Tracked::new(&mut next.deals),
        recoveries: &mut next.recoveries,
        losses: &request.state.losses,
    };
    let (lines, spare) = scratch.split_at_mut(to_date.line_count.min(scratch.len()));
    let lines = &*lines;
    let this_period = period_lines(request, lines, &rates, mode, &mut book, &mut ledger)?;
    let recognized = recognized(request.state, plan);
    let change = to_date
        .total
        .checked_sub(recognized)
        .at("earned_to_date")?
        .amount()
        .checked_sub(this_period)
        .at("earned_to_date")?;
    let attributed = if change.is_zero() {
        Decimal::ZERO
    } else {
        attribute_true_up(
            request,
            &inputs,
            lines,
            spare,
            &rates,
            mode,
            &mut book,
            &mut ledger,
        )?
    };
    true_up(
        plan,
        change.checked_sub(attributed).at("earned_to_date")?,
        period,
        &mut ledger,
    )?;
    apply_events(request, mode, &mut book, &mut next.losses, &mut ledger)?;
    let policy = request.policy;
    let Book {
        mut holds,
        mut deals,
        recoveries,
        ..
    } = book;
    release_due(
        &policy.holdbacks,
        period,
        mode,
        &mut holds,
        &mut ledger,
        |transaction_id, booked, amount| {
            credit_deal(&mut deals, transaction_id, booked, amount, plan.currency)
        },
    )?;
    if !ledger.totals.released.is_zero() || !ledger.totals.cancelled.is_zero() {
        drop_settled(holds.items);
    }
    collect(recoveries, period, &mut ledger).at("state")?;
    carry_in(request.state.balance, period, &mut ledger)?;
    // A negative net is a debt: carried before the draw, so the guarantee
    // tops up pay and never pays the debt off (docs/payout.md, Draws).
    next.balance = carry_out(policy.negative_net, period, &mut ledger)?;
    if let Some(draw) = &policy.draw {
        draw::apply(
            draw,
            period,
            request.relief,
            mode,
            &mut next.draw_outstanding,
            &mut ledger,
        )
        .at("draw")
        .at("policy")?;
    }
    prune(&policy.clawbacks, &mut next.deals, period);
    // A new plan year re-rates none of the earlier bookings.
    next.losses.keep(|loss| loss.date >= plan.effective.first());
    let line_count = ledger.finish()?;
    let totals = ledger.totals;
    next.through = Some(period.last());
    next.plan_id = plan.id;
    next.plan_start = Some(plan.effective.first());
    next.earned_to_date = to_date.total;
    next.totals = next.totals.checked_add(&totals).at("totals")?;
    Ok(Statement {
        participant_id: request.participant_id,
        plan_id: plan.id,
        plan_version: plan.version,
        period,
        line_count,
        totals,
        net: totals.paid,
    })
}

/// Checks the rest of the request once (the plan and policy are valid);
/// the engines below rely on it.
fn validate<S: StateStorage>(request: &StatementRequest<'_, S>) -> Result<(), Error> {
    let state = request.state;
    state.validate().at("state")?;
    if state.participant_id != request.participant_id {
        return Err(Error::from(ErrorKind::Invalid(
            "the state belongs to another participant",
        ))
        .at("participant_id")
        .at("state"));
    }
    if state.currency != request.plan.currency {
        return Err(Error::from(ErrorKind::CurrencyMismatch {
            expected: request.plan.currency,
            found: state.currency,
        })
        .at("currency")
        .at("state"));
    }
    if let Some(through) = state.through {
        if through.add_days(1).ok() != Some(request.period.first()) {
            return Err(Error::from(ErrorKind::Invalid(
                "a statement starts the day after the previous one ends",
            ))
            .at("period"));
        }
    }
    if let Some(relief) = request.relief {
        relief.validate().at("relief")?;
    }
    if request.events.len() > MAX_EVENTS {
        return Err(Error::from(ErrorKind::TooMany {
            max: MAX_EVENTS as u32,
        })
        .at("events"));
    }
    for (i, event) in request.events.iter().enumerate() {
        event.validate(request.period).at_index("events", i)?;
    }
    Ok(())
}

/// The per-deal lists being updated, with their lookup filters, and the
/// churns and contractions of earlier statements.
struct Book<'a, S: StateStorage> {
    holds: Holds<'a, S>,
    deals: Deals<'a, S>,
    recoveries: &'a mut S::Recoveries,
    losses: &'a [Loss],
}

/// One deal's earnings in the period, accumulated over its run of lines.
struct Run {
    transaction_id: u64,
    source: Source,
    commission: Decimal,
    /// For a credit note's on-time lines, the booking it reverses.
    reverses: Option<Reversal>,
}

/// Writes the period's earnings lines, holds each deal's commission as the
/// policy says and credits the rest to its clawback record; returns the
/// sum of the period's earnings lines.
fn period_lines<S: StateStorage>(
    request: &StatementRequest<'_, S>,
    lines: &[EarningsLine],
    rates: &[u16],
    mode: RoundingMode,
    book: &mut Book<'_, S>,
    ledger: &mut Ledger<'_>,
) -> Result<Decimal, Error> {
    let plan = request.plan;
    let period = request.period;
    let mut sum = Decimal::ZERO;
    // No credit matched yet: the first match is checked like any other.
    let mut cursor = usize::MAX;
    let mut run: Option<Run> = None;
    for (index, line) in lines.iter().enumerate() {
        let credit = match line.transaction_id {
            Some(id) => find_credit(
                request.credits,
                request.participant_id,
                id,
                line.date,
                &mut cursor,
            )?,
            None => None,
        };
        if !period.contains(line.date) {
            continue;
        }
        let fx = credit.and_then(|c| applied_fx(request, rates, c));
        if let Some(credit) = credit {
            let reverses = if is_credit_note(credit) {
                Some(
                    original_of(request.credits, cursor, plan.effective.first())
                        .at_index("credits", cursor)?,
                )
            } else {
                None
            };
            add_to_run(
                &mut run,
                credit,
                line.amount.amount(),
                reverses,
                request,
                mode,
                book,
                ledger,
            )?;
        }
        ledger.push(PayoutLine {
            kind: if line.kind == LineKind::Rounding {
                PayoutLineKind::Rounding
            } else {
                PayoutLineKind::Earnings
            },
            rule_id: line.rule_id,
            transaction_id: line.transaction_id,
            date: line.date,
            amount: line.amount,
            basis: line.amount.amount(),
            rate: Decimal::ONE,
            earnings: u32::try_from(index).ok(),
            fx,
        })?;
        sum = sum.checked_add(line.amount.amount()).at("amount")?;
    }
    if let Some(done) = run {
        settle(request, &done, mode, book, ledger)?;
    }
    Ok(sum)
}

/// Adds `amount` to the run of `credit`'s booking, settling the previous
/// booking's run first when `credit` starts another (a deal's hold follows
/// its last line).
#[allow(clippy::too_many_arguments)]
fn add_to_run<S: StateStorage>(
    run: &mut Option<Run>,
    credit: &CreditLine,
    amount: Decimal,
    reverses: Option<Reversal>,
    request: &StatementRequest<'_, S>,
    mode: RoundingMode,
    book: &mut Book<'_, S>,
    ledger: &mut Ledger<'_>,
) -> Result<(), Error> {
    let same_deal = run.as_ref().is_some_and(|r| {
        r.transaction_id == credit.source.transaction_id && r.source.date == credit.source.date
    });
    if !same_deal {
        if let Some(done) = run.take() {
            settle(request, &done, mode, book, ledger)?;
        }
        *run = Some(Run {
            transaction_id: credit.source.transaction_id,
            source: credit.source,
            commission: Decimal::ZERO,
            reverses,
        });
    }
    if let Some(current) = run.as_mut() {
        current.commission = current.commission.checked_add(amount).at("amount")?;
    }
    Ok(())
}

/// The true-up of earlier periods' lines, attributed to their bookings:
/// each earlier line whose amount recomputation changed — a gate that
/// opened or closed, a cap — gets a true-up line with the change, pointing
/// at the re-rated line (its tier, rate, multiplier and status) and
/// carrying the amount recognized before as `basis`; each booking's change
/// is then held and credited to its clawback record exactly as on-time
/// earnings are. "Before" is the run through the previous statement's end
/// on the same inputs, written to `spare`; without a previous statement
/// under this plan, every earlier line is new. Returns the sum attributed
/// (zero, leaving the whole true-up to the plan-level line, when the two
/// runs' lines do not pair up).
#[allow(clippy::too_many_arguments)]
fn attribute_true_up<S: StateStorage>(
    request: &StatementRequest<'_, S>,
    inputs: &RunInputs<'_>,
    now: &[EarningsLine],
    spare: &mut [EarningsLine],
    rates: &[u16],
    mode: RoundingMode,
    book: &mut Book<'_, S>,
    ledger: &mut Ledger<'_>,
) -> Result<Decimal, Error> {
    let plan = request.plan;
    let first = request.period.first();
    let earlier = |l: &&EarningsLine| l.kind != LineKind::Rounding && l.date < first;
    let before: Option<&[EarningsLine]> = match previous_end(request) {
        Some(end) => {
            let inputs = RunInputs {
                period: Period::new(plan.effective.first(), end).at("period")?,
                ..*inputs
            };
            let mut closed = heapless::Vec::new();
            let run =
                earnings_to_date(plan, &inputs, &[], &mut closed, spare).map_err(|e| {
                    match e.kind() {
                        ErrorKind::BufferTooSmall { needed } => {
                            let offset = u32::try_from(now.len()).unwrap_or(u32::MAX);
                            Error::from(ErrorKind::BufferTooSmall {
                                needed: needed.saturating_add(offset),
                            })
                            .at("scratch")
                        }
                        _ => e,
                    }
                })?;
            Some(spare.get(..run.line_count).unwrap_or_default())
        }
        None => None,
    };
    // The run to date omits the quota periods it reused (unchanged, so no
    // change to attribute): each earlier line is paired with the next line
    // of the earlier run with the same key, skipping those periods.
    if let Some(before) = before {
        let mut previous = before.iter().filter(earlier);
        let paired = now
            .iter()
            .filter(earlier)
            .all(|line| next_match(&mut previous, line).is_some());
        if !paired {
            return Ok(Decimal::ZERO);
        }
    }
    let mut previous = before.unwrap_or_default().iter().filter(earlier);
    let mut sum = Decimal::ZERO;
    let mut cursor = usize::MAX;
    let mut run: Option<Run> = None;
    for (index, line) in now.iter().enumerate() {
        if !earlier(&line) {
            continue;
        }
        let recognized = match before {
            Some(_) => next_match(&mut previous, line).map_or(Decimal::ZERO, |b| b.amount.amount()),
            None => Decimal::ZERO,
        };
        let change = line.amount.amount().checked_sub(recognized).at("amount")?;
        if change.is_zero() {
            continue;
        }
        let credit = match line.transaction_id {
            Some(id) => find_credit(
                request.credits,
                request.participant_id,
                id,
                line.date,
                &mut cursor,
            )?,
            None => None,
        };
        let fx = credit.and_then(|c| applied_fx(request, rates, c));
        if let Some(credit) = credit {
            add_to_run(&mut run, credit, change, None, request, mode, book, ledger)?;
        }
        ledger.push(PayoutLine {
            kind: PayoutLineKind::TrueUp,
            rule_id: line.rule_id,
            transaction_id: line.transaction_id,
            date: line.date,
            amount: Money::new(change, plan.currency),
            basis: recognized,
            rate: Decimal::ONE,
            earnings: u32::try_from(index).ok(),
            fx,
        })?;
        sum = sum.checked_add(change).at("amount")?;
    }
    if let Some(done) = run {
        settle(request, &done, mode, book, ledger)?;
    }
    Ok(sum)
}

/// The next line of `lines` that is `line` as rated earlier: same kind,
/// rule, deal, date and tier.
fn next_match<'l>(
    lines: &mut impl Iterator<Item = &'l EarningsLine>,
    line: &EarningsLine,
) -> Option<&'l EarningsLine> {
    let key = |l: &EarningsLine| (l.kind, l.rule_id, l.transaction_id, l.date, l.tier);
    lines.find(|b| key(b) == key(line))
}

/// The last day of the previous statement under the same plan, if any.
fn previous_end<S: StateStorage>(request: &StatementRequest<'_, S>) -> Option<Date> {
    let state = request.state;
    let plan = request.plan;
    let same_plan = state.plan_id == plan.id && state.plan_start == Some(plan.effective.first());
    state
        .through
        .filter(|end| same_plan && *end >= plan.effective.first())
}

/// Holds part of a deal's positive commission and credits the rest to the
/// deal's clawback record; churns and contractions of earlier statements
/// then cancel and claw back their share of it, as if it had been paid
/// before them.
fn settle<S: StateStorage>(
    request: &StatementRequest<'_, S>,
    run: &Run,
    mode: RoundingMode,
    book: &mut Book<'_, S>,
    ledger: &mut Ledger<'_>,
) -> Result<(), Error> {
    if let Some(reversal) = &run.reverses {
        return settle_note(request, run, reversal, mode, book, ledger);
    }
    if !run.commission.is_positive() {
        return Ok(());
    }
    let policy = request.policy;
    let kind = run.source.kind;
    let held = match holdback::rule_for(&policy.holdbacks, kind) {
        Some(rule) => holdback::hold(
            rule,
            run.transaction_id,
            run.source.date,
            run.commission,
            mode,
            &mut book.holds,
            ledger,
        )
        .at("state")?,
        None => Decimal::ZERO,
    };
    let paid = run.commission.checked_sub(held).at("amount")?;
    let rule = clawback::rule_for(&policy.clawbacks, kind);
    clawback::credit_paid(
        &mut book.deals,
        rule,
        run.transaction_id,
        run.source.date,
        run.source.term_months,
        Money::new(paid, request.plan.currency),
    )
    .at("state")?;
    let credited = Credited {
        transaction_id: run.transaction_id,
        booked: run.source.date,
        term_months: run.source.term_months,
        held,
        paid,
    };
    late::replay(
        book.losses,
        rule,
        &credited,
        &mut book.holds,
        &mut book.deals,
        book.recoveries,
        ledger,
    )
    .at("state")
}

/// A credit note's negative commission: the part of it that was never paid
/// comes out of the original booking's hold (a release against the note),
/// and the rest reduces what the original's clawback record counts as paid,
/// so a later churn claws back only what is still paid.
fn settle_note<S: StateStorage>(
    request: &StatementRequest<'_, S>,
    run: &Run,
    reversal: &Reversal,
    mode: RoundingMode,
    book: &mut Book<'_, S>,
    ledger: &mut Ledger<'_>,
) -> Result<(), Error> {
    if !run.commission.is_negative() {
        return Ok(());
    }
    let released = holdback::release_against_note(
        run.transaction_id,
        reversal.booked,
        run.source.date,
        reversal.amount.abs(),
        reversal.remaining,
        run.commission.abs(),
        mode,
        &mut book.holds,
        ledger,
    )
    .at("state")?;
    let paid = run.commission.checked_add(released).at("amount")?;
    clawback::credit_paid(
        &mut book.deals,
        None,
        run.transaction_id,
        reversal.booked,
        run.source.term_months,
        Money::new(paid, request.plan.currency),
    )
    .at("state")
}

/// Releases, cancellations and clawbacks the period's events trigger, in
/// input order. Churns and contractions are remembered in `losses` (when
/// the policy holds or claws back) for commission paid on their deals
/// later.
fn apply_events<S: StateStorage>(
    request: &StatementRequest<'_, S>,
    mode: RoundingMode,
    book: &mut Book<'_, S>,
    losses: &mut S::List<Loss>,
    ledger: &mut Ledger<'_>,
) -> Result<(), Error> {
    let policy = request.policy;
    for (i, event) in request.events.iter().enumerate() {
        match event.kind {
            EventKind::CustomerLive | EventKind::FirstPayment => {
                let deals = &mut book.deals;
                release_on_event(
                    &policy.holdbacks,
                    event,
                    mode,
                    &mut book.holds,
                    ledger,
                    |transaction_id, booked, amount| {
                        credit_deal(deals, transaction_id, booked, amount, request.plan.currency)
                    },
                )
                .at_index("events", i)?;
            }
            EventKind::Churn | EventKind::Contraction => {
                let (rules, deals) = (&policy.clawbacks, &book.deals);
                let kept = |id, booked| {
                    let deal = deals.items.get(deals.position(id, booked)?)?;
                    let rule = rules.iter().find(|r| r.id == deal.rule_id)?;
                    rule.kept_of_held(booked, event.date)
                };
                cancel(event, &mut book.holds, ledger, kept).at_index("events", i)?;
                schedule(&policy.clawbacks, event, &mut book.deals, book.recoveries)
                    .at_index("events", i)?;
                if !policy.clawbacks.is_empty() || !policy.holdbacks.is_empty() {
                    losses
                        .try_push(Loss {
                            transaction_id: event.transaction_id,
                            date: event.date,
                            level: event.level,
                        })
                        .at("losses")
                        .at("state")?;
                }
            }
        }
    }
    Ok(())
}

/// Adds a release to the deal's paid commission, if the deal is tracked.
fn credit_deal<S: StateStorage>(
    deals: &mut Deals<'_, S>,
    transaction_id: u64,
    booked: Date,
    amount: Decimal,
    currency: Currency,
) -> Result<(), Error> {
    if let Some(deal) = deals.find_mut(transaction_id, booked) {
        deal.paid = deal
            .paid
            .checked_add(Money::new(amount, currency))
            .at("paid")
            .at("state")?;
    }
    Ok(())
}

/// The participant's credit an earnings line of transaction `id` dated
/// `date` comes from, searched forward from `cursor` (earnings lines follow
/// credit order, so a reused id is never matched to an earlier booking),
/// then from the start. Two of the participant's credits with the same id
/// and date, listed together, must be the same booking (same source and
/// currency): otherwise the line's deal is ambiguous and the later credit
/// is refused.
fn find_credit<'c>(
    credits: &'c [CreditLine],
    participant_id: u64,
    id: u64,
    date: Date,
    cursor: &mut usize,
) -> Result<Option<&'c CreditLine>, Error> {
    let matches = |c: &CreditLine| {
        c.participant_id == participant_id && c.source.transaction_id == id && c.source.date == date
    };
    let ahead = credits.get(*cursor..).unwrap_or_default();
    let found = match ahead.iter().position(matches) {
        Some(offset) => cursor.checked_add(offset),
        None => credits.iter().position(matches),
    };
    let Some(found) = found else {
        return Ok(None);
    };
    let credit = credits.get(found);
    if found != *cursor {
        *cursor = found;
        if let Some(first) = credit {
            check_same_booking(credits, found, first)?;
        }
    }
    Ok(credit)
}

/// Refuses a credit of the participant right after `first` (its next
/// lines) with the same id and date that is another booking (another
/// source or currency).
fn check_same_booking(
    credits: &[CreditLine],
    found: usize,
    first: &CreditLine,
) -> Result<(), Error> {
    let rest = credits.get(found.saturating_add(1)..).unwrap_or_default();
    for (offset, other) in rest.iter().enumerate() {
        if other.participant_id != first.participant_id {
            continue;
        }
        // Only the participant's next lines of the same id and date are
        // read (a booking's credit lines are written together), so the
        // check costs a step or two per credit.
        if other.source.date != first.source.date
            || other.source.transaction_id != first.source.transaction_id
        {
            break;
        }
        if other.source != first.source || other.amount.currency() != first.amount.currency() {
            return Err(Error::from(ErrorKind::Invalid(
                "a transaction id names two different bookings on one date",
            ))
            .at("transaction_id")
            .at("source")
            .at_index("credits", found.saturating_add(offset).saturating_add(1)));
        }
    }
    Ok(())
}

/// The index in the request's `fx` of the rate that converted `credit`
/// into the plan currency, if it differs: among the rates `in_force` on
/// `fx_date`, or the one in force on the credit's date when the policy
/// locks rates at posting.
fn applied_fx<S: StateStorage>(
    request: &StatementRequest<'_, S>,
    in_force: &[u16],
    credit: &CreditLine,
) -> Option<u16> {
    let (from, to) = (credit.amount.currency(), request.plan.currency);
    if from == to {
        return None;
    }
    if request.policy.fx.rate_date == FxRateDate::PostingDate {
        return rate_on(request.fx, from, to, credit.source.date);
    }
    in_force.iter().copied().find(|i| {
        request
            .fx
            .get(usize::from(*i))
            .is_some_and(|r| r.rate.from() == from && r.rate.to() == to)
    })
}
