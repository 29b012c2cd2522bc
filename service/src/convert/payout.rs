//! Payout: proto ↔ `salesphysics_core::payout`.

use salesphysics_core::payout::{
    ClawbackBasis, ClawbackMethod, ClawbackRule, ClosedPeriod, DatedFxRate, DealRecord, DrawKind,
    DrawPolicy, EventKind, FxOrder, FxPolicy, FxRateDate, Growable, Hold, HoldbackRule, Loss,
    NegativeNet, OwnedStatement, OwnedStatementRequest, PayoutEvent, PayoutLine, PayoutLineKind,
    PayoutPolicy, PayoutState, PayoutTotals, QuotaRelief, Recovery, ReleaseCondition, ReleaseStep,
    Statement,
};
use salesphysics_core::{Currency, ErrorKind};

use super::compensation::{
    credit_line, credit_line_out, earnings_line_out, kinds, kinds_out, plan,
};
use super::{
    bounded, currency, date, date_out, decimal, decimal_out, fx_rate, id, int32_out, int64_out,
    known, list, money, money_out, period, period_out, required, u32_of, u32_of_i64, unspecified,
};
use crate::pb::salesphysics::v1 as pb;
use crate::status::{ApiError, Context as _};

fn release_condition(value: Option<&pb::ReleaseCondition>) -> Result<ReleaseCondition, ApiError> {
    let value = required(value)?;
    Ok(
        match known::<pb::ReleaseConditionKind>(value.kind).at("kind")? {
            pb::ReleaseConditionKind::Unspecified => return Err(unspecified().at("kind")),
            pb::ReleaseConditionKind::CustomerLive => ReleaseCondition::CustomerLive,
            pb::ReleaseConditionKind::FirstPayment => ReleaseCondition::FirstPayment,
            pb::ReleaseConditionKind::OnDate => {
                ReleaseCondition::OnDate(date(value.date.as_ref()).at("date")?)
            }
            pb::ReleaseConditionKind::DaysAfterBooking => {
                ReleaseCondition::DaysAfterBooking(u32_of(value.days).at("days")?)
            }
        },
    )
}

fn holdback(value: &pb::HoldbackRule) -> Result<HoldbackRule, ApiError> {
    Ok(HoldbackRule {
        id: u32_of_i64(value.id).at("id")?,
        kinds: kinds(&value.kinds, "kinds")?,
        share: decimal(&value.share).at("share")?,
        condition: release_condition(value.condition.as_ref()).at("condition")?,
        steps: bounded(&value.steps, "steps", |s| {
            Ok(ReleaseStep {
                at_level: decimal(&s.at_level).at("at_level")?,
                cumulative_share: decimal(&s.cumulative_share).at("cumulative_share")?,
            })
        })?,
    })
}

/// A rule's `method` and `share` → the core's method: no share is the
/// whole (`Full`, `ProratedUnserved`), a share is `Share { share, of }`.
fn clawback(value: &pb::ClawbackRule) -> Result<ClawbackRule, ApiError> {
    let basis = match known::<pb::ClawbackMethod>(value.method).at("method")? {
        pb::ClawbackMethod::Unspecified => return Err(unspecified().at("method")),
        pb::ClawbackMethod::Full => ClawbackBasis::Full,
        pb::ClawbackMethod::ProratedUnserved => ClawbackBasis::ProratedUnserved,
    };
    let method = match (value.share.is_empty(), basis) {
        (true, ClawbackBasis::Full) => ClawbackMethod::Full,
        (true, ClawbackBasis::ProratedUnserved) => ClawbackMethod::ProratedUnserved,
        (false, of) => ClawbackMethod::Share {
            share: decimal(&value.share).at("share")?,
            of,
        },
    };
    let rule = ClawbackRule {
        id: u32_of_i64(value.id).at("id")?,
        kinds: kinds(&value.kinds, "kinds")?,
        window_days: u32_of(value.window_days).at("window_days")?,
        method,
        instalments: u32_of(value.instalments).at("instalments")?,
    };
    // The core's own check, run here only to name its field as the proto
    // spells it: the core's `method.share` is this message's `share`.
    rule.validate().map_err(|error| {
        let error = ApiError::from(error);
        if error.path() == "method.share" {
            ApiError::new(error.kind()).at("share")
        } else {
            error
        }
    })?;
    Ok(rule)
}

fn draw(value: &pb::DrawPolicy) -> Result<DrawPolicy, ApiError> {
    Ok(DrawPolicy {
        id: u32_of_i64(value.id).at("id")?,
        kind: match known::<pb::DrawKind>(value.kind).at("kind")? {
            pb::DrawKind::Unspecified => return Err(unspecified().at("kind")),
            pb::DrawKind::Recoverable => DrawKind::Recoverable,
            pb::DrawKind::NonRecoverable => DrawKind::NonRecoverable,
        },
        amount: decimal(&value.amount).at("amount")?,
        in_force: period(value.in_force.as_ref()).at("in_force")?,
        recovery_share: decimal(&value.recovery_share).at("recovery_share")?,
        recover_from: date(value.recover_from.as_ref()).at("recover_from")?,
    })
}

/// FxPolicy → core; absent or unspecified fields are the core's default
/// (the statement-date rate, converted before rating).
fn fx_policy(value: Option<&pb::FxPolicy>) -> Result<FxPolicy, ApiError> {
    let Some(value) = value else {
        return Ok(FxPolicy::default());
    };
    Ok(FxPolicy {
        rate_date: match known::<pb::FxRateDate>(value.rate_date).at("rate_date")? {
            pb::FxRateDate::Unspecified | pb::FxRateDate::StatementDate => {
                FxRateDate::StatementDate
            }
            pb::FxRateDate::PostingDate => FxRateDate::PostingDate,
        },
        order: match known::<pb::FxOrder>(value.order).at("order")? {
            pb::FxOrder::Unspecified | pb::FxOrder::ConvertThenRate => FxOrder::ConvertThenRate,
            pb::FxOrder::RateThenConvert => FxOrder::RateThenConvert,
        },
    })
}

/// PayoutPolicy → core; absent means no holdbacks, clawbacks or draw.
pub fn policy(value: Option<&pb::PayoutPolicy>) -> Result<PayoutPolicy, ApiError> {
    let Some(value) = value else {
        return Ok(PayoutPolicy::plain());
    };
    Ok(PayoutPolicy {
        holdbacks: bounded(&value.holdbacks, "holdbacks", holdback)?,
        clawbacks: bounded(&value.clawbacks, "clawbacks", clawback)?,
        draw: value.draw.as_ref().map(draw).transpose().at("draw")?,
        negative_net: match known::<pb::NegativeNet>(value.negative_net).at("negative_net")? {
            pb::NegativeNet::Unspecified | pb::NegativeNet::CarryForward => {
                NegativeNet::CarryForward
            }
            pb::NegativeNet::PayNegative => NegativeNet::PayNegative,
        },
        fx: fx_policy(value.fx.as_ref()).at("fx")?,
    })
}

fn relief(value: &pb::QuotaRelief) -> Result<QuotaRelief, ApiError> {
    Ok(QuotaRelief {
        employment: period(value.employment.as_ref()).at("employment")?,
        leaves: bounded(&value.leaves, "leaves", |p| period(Some(p)))?,
        ramp: bounded(&value.ramp, "ramp", |r| decimal(r))?,
    })
}

fn event(value: &pb::PayoutEvent) -> Result<PayoutEvent, ApiError> {
    Ok(PayoutEvent {
        transaction_id: id(value.transaction_id).at("transaction_id")?,
        kind: match known::<pb::EventKind>(value.kind).at("kind")? {
            pb::EventKind::Unspecified => return Err(unspecified().at("kind")),
            pb::EventKind::CustomerLive => EventKind::CustomerLive,
            pb::EventKind::FirstPayment => EventKind::FirstPayment,
            pb::EventKind::Churn => EventKind::Churn,
            pb::EventKind::Contraction => EventKind::Contraction,
        },
        date: date(value.date.as_ref()).at("date")?,
        level: decimal(&value.level).at("level")?,
    })
}

fn dated_fx(value: &pb::DatedFxRate) -> Result<DatedFxRate, ApiError> {
    Ok(DatedFxRate {
        rate: fx_rate(required(value.rate.as_ref()).at("rate")?).at("rate")?,
        as_of: date(value.as_of.as_ref()).at("as_of")?,
    })
}

/// 64 hex digits → the four 64-bit lanes of a closed period's fingerprint.
fn lanes(text: &str) -> Result<[u64; 4], ApiError> {
    let bad = || ApiError::new(ErrorKind::Invalid("expected 64 hexadecimal digits"));
    if text.len() != 64 || !text.is_ascii() {
        return Err(bad());
    }
    let mut lanes = [0u64; 4];
    for (lane, chunk) in lanes.iter_mut().zip(text.as_bytes().chunks(16)) {
        let digits = core::str::from_utf8(chunk).map_err(|_| bad())?;
        *lane = u64::from_str_radix(digits, 16).map_err(|_| bad())?;
    }
    Ok(lanes)
}

fn lanes_out(lanes: &[u64; 4]) -> String {
    lanes.iter().map(|lane| format!("{lane:016x}")).collect()
}

fn totals(value: Option<&pb::PayoutTotals>, currency: Currency) -> Result<PayoutTotals, ApiError> {
    let Some(value) = value else {
        return Ok(PayoutTotals::zero(currency));
    };
    let m = |field: &Option<crate::pb::google::r#type::Money>, name: &str| {
        super::money_or_zero(field.as_ref(), currency).at(name)
    };
    Ok(PayoutTotals {
        earned: m(&value.earned, "earned")?,
        held: m(&value.held, "held")?,
        released: m(&value.released, "released")?,
        cancelled: m(&value.cancelled, "cancelled")?,
        clawed_back: m(&value.clawed_back, "clawed_back")?,
        draws: m(&value.draws, "draws")?,
        recovered: m(&value.recovered, "recovered")?,
        carried_in: m(&value.carried_in, "carried_in")?,
        carried_out: m(&value.carried_out, "carried_out")?,
        paid: m(&value.paid, "paid")?,
    })
}

fn totals_out(value: &PayoutTotals) -> Result<pb::PayoutTotals, ApiError> {
    Ok(pb::PayoutTotals {
        earned: Some(money_out(value.earned)?),
        held: Some(money_out(value.held)?),
        released: Some(money_out(value.released)?),
        cancelled: Some(money_out(value.cancelled)?),
        clawed_back: Some(money_out(value.clawed_back)?),
        draws: Some(money_out(value.draws)?),
        recovered: Some(money_out(value.recovered)?),
        carried_in: Some(money_out(value.carried_in)?),
        carried_out: Some(money_out(value.carried_out)?),
        paid: Some(money_out(value.paid)?),
    })
}

/// PayoutState → core; absent starts from nothing for the participant in
/// the plan's currency.
pub fn state(
    value: Option<&pb::PayoutState>,
    participant_id: u64,
    plan_currency: Currency,
) -> Result<PayoutState<Growable>, ApiError> {
    let Some(value) = value else {
        return Ok(PayoutState::empty(participant_id, plan_currency));
    };
    let state_currency = currency(&value.currency_code).at("currency_code")?;
    let zero_or = |field: &Option<crate::pb::google::r#type::Money>, name: &str| {
        super::money_or_zero(field.as_ref(), state_currency).at(name)
    };
    Ok(PayoutState {
        participant_id: id(value.participant_id).at("participant_id")?,
        currency: state_currency,
        through: value
            .through
            .as_ref()
            .map(|d| date(Some(d)))
            .transpose()
            .at("through")?,
        plan_id: u32_of_i64(value.plan_id).at("plan_id")?,
        plan_start: value
            .plan_start
            .as_ref()
            .map(|d| date(Some(d)))
            .transpose()
            .at("plan_start")?,
        earned_to_date: zero_or(&value.earned_to_date, "earned_to_date")?,
        balance: zero_or(&value.balance, "balance")?,
        draw_outstanding: zero_or(&value.draw_outstanding, "draw_outstanding")?,
        holds: list(&value.holds, "holds", |h| {
            Ok(Hold {
                transaction_id: id(h.transaction_id).at("transaction_id")?,
                rule_id: u32_of_i64(h.rule_id).at("rule_id")?,
                booked: date(h.booked.as_ref()).at("booked")?,
                held: money(h.held.as_ref()).at("held")?,
                released: money(h.released.as_ref()).at("released")?,
                cancelled: money(h.cancelled.as_ref()).at("cancelled")?,
            })
        })?,
        deals: list(&value.deals, "deals", |d| {
            Ok(DealRecord {
                transaction_id: id(d.transaction_id).at("transaction_id")?,
                rule_id: u32_of_i64(d.rule_id).at("rule_id")?,
                booked: date(d.booked.as_ref()).at("booked")?,
                term_months: u32_of(d.term_months).at("term_months")?,
                paid: money(d.paid.as_ref()).at("paid")?,
                clawed: money(d.clawed.as_ref()).at("clawed")?,
            })
        })?,
        recoveries: list(&value.recoveries, "recoveries", |r| {
            Ok(Recovery {
                transaction_id: id(r.transaction_id).at("transaction_id")?,
                rule_id: u32_of_i64(r.rule_id).at("rule_id")?,
                remaining: money(r.remaining.as_ref()).at("remaining")?,
                instalments_left: u32_of(r.instalments_left).at("instalments_left")?,
            })
        })?,
        losses: list(&value.losses, "losses", |l| {
            Ok(Loss {
                transaction_id: id(l.transaction_id).at("transaction_id")?,
                date: date(l.date.as_ref()).at("date")?,
                level: decimal(&l.level).at("level")?,
            })
        })?,
        closed: bounded(&value.closed, "closed", |c| {
            Ok(ClosedPeriod {
                first: date(c.first.as_ref()).at("first")?,
                fingerprint: lanes(&c.fingerprint).at("fingerprint")?,
                earned: money(c.earned.as_ref()).at("earned")?,
            })
        })?,
        totals: totals(value.totals.as_ref(), state_currency).at("totals")?,
    })
}

/// `convert` of every item, into a vector sized once (collecting into a
/// Result grows it by doubling, copying thousands of lines again and again).
fn each<'a, P: 'a, T>(
    items: impl ExactSizeIterator<Item = &'a P>,
    convert: impl Fn(&P) -> Result<T, ApiError>,
) -> Result<Vec<T>, ApiError> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(convert(item)?);
    }
    Ok(out)
}

/// PayoutState → proto.
pub fn state_out(value: &PayoutState<Growable>) -> Result<pb::PayoutState, ApiError> {
    Ok(pb::PayoutState {
        participant_id: int64_out(value.participant_id),
        currency_code: value.currency.code().to_owned(),
        through: value.through.map(date_out),
        plan_id: i64::from(value.plan_id),
        plan_start: value.plan_start.map(date_out),
        earned_to_date: Some(money_out(value.earned_to_date)?),
        balance: Some(money_out(value.balance)?),
        draw_outstanding: Some(money_out(value.draw_outstanding)?),
        holds: each(value.holds.iter(), |h| {
            Ok(pb::Hold {
                transaction_id: int64_out(h.transaction_id),
                rule_id: i64::from(h.rule_id),
                booked: Some(date_out(h.booked)),
                held: Some(money_out(h.held)?),
                released: Some(money_out(h.released)?),
                cancelled: Some(money_out(h.cancelled)?),
            })
        })?,
        deals: each(value.deals.iter(), |d| {
            Ok(pb::DealRecord {
                transaction_id: int64_out(d.transaction_id),
                rule_id: i64::from(d.rule_id),
                booked: Some(date_out(d.booked)),
                term_months: int32_out(d.term_months),
                paid: Some(money_out(d.paid)?),
                clawed: Some(money_out(d.clawed)?),
            })
        })?,
        recoveries: each(value.recoveries.iter(), |r| {
            Ok(pb::Recovery {
                transaction_id: int64_out(r.transaction_id),
                rule_id: i64::from(r.rule_id),
                remaining: Some(money_out(r.remaining)?),
                instalments_left: int32_out(r.instalments_left),
            })
        })?,
        losses: value
            .losses
            .iter()
            .map(|l| pb::Loss {
                transaction_id: int64_out(l.transaction_id),
                date: Some(date_out(l.date)),
                level: decimal_out(l.level),
            })
            .collect(),
        closed: each(value.closed.iter(), |c| {
            Ok(pb::ClosedPeriod {
                first: Some(date_out(c.first)),
                fingerprint: lanes_out(&c.fingerprint),
                earned: Some(money_out(c.earned)?),
            })
        })?,
        totals: Some(totals_out(&value.totals)?),
    })
}

/// ComputeStatementRequest → the core's owned request.
pub fn statement_request(
    value: &pb::ComputeStatementRequest,
) -> Result<OwnedStatementRequest, ApiError> {
    let participant_id = id(value.participant_id).at("participant_id")?;
    let plan = plan(value.plan.as_ref()).at("plan")?;
    let state = state(value.state.as_ref(), participant_id, plan.currency).at("state")?;
    let fx = list(&value.fx, "fx", dated_fx)?;
    // Without rates the read date is irrelevant: default it to the
    // period's last day so a plain request needs no fx_date.
    let period = period(value.period.as_ref()).at("period")?;
    let fx_date = match (&value.fx_date, fx.is_empty()) {
        (None, true) => period.last(),
        (fx_date, _) => date(fx_date.as_ref()).at("fx_date")?,
    };
    Ok(OwnedStatementRequest {
        participant_id,
        period,
        plan,
        policy: policy(value.policy.as_ref()).at("policy")?,
        relief: value.relief.as_ref().map(relief).transpose().at("relief")?,
        credits: list(&value.credits, "credits", credit_line)?,
        events: list(&value.events, "events", event)?,
        fx,
        fx_date,
        state,
    })
}

fn line_kind_out(value: PayoutLineKind) -> pb::PayoutLineKind {
    match value {
        PayoutLineKind::Earnings => pb::PayoutLineKind::Earnings,
        PayoutLineKind::Rounding => pb::PayoutLineKind::Rounding,
        PayoutLineKind::TrueUp => pb::PayoutLineKind::TrueUp,
        PayoutLineKind::Hold => pb::PayoutLineKind::Hold,
        PayoutLineKind::Release => pb::PayoutLineKind::Release,
        PayoutLineKind::HoldCancelled => pb::PayoutLineKind::HoldCancelled,
        PayoutLineKind::Clawback => pb::PayoutLineKind::Clawback,
        PayoutLineKind::Draw => pb::PayoutLineKind::Draw,
        PayoutLineKind::DrawRecovery => pb::PayoutLineKind::DrawRecovery,
        PayoutLineKind::CarryIn => pb::PayoutLineKind::CarryIn,
        PayoutLineKind::CarryOut => pb::PayoutLineKind::CarryOut,
    }
}

fn line_out(value: &PayoutLine) -> Result<pb::PayoutLine, ApiError> {
    Ok(pb::PayoutLine {
        kind: line_kind_out(value.kind) as i32,
        rule_id: i64::from(value.rule_id),
        transaction_id: value.transaction_id.map(int64_out),
        date: Some(date_out(value.date)),
        amount: Some(money_out(value.amount)?),
        basis: Some(money_out(salesphysics_core::Money::new(
            value.basis,
            value.amount.currency(),
        ))?),
        rate: decimal_out(value.rate),
        earnings: value.earnings.map(int32_out),
        fx: value.fx.map(i32::from),
    })
}

fn statement_out(value: &Statement) -> Result<pb::Statement, ApiError> {
    Ok(pb::Statement {
        participant_id: int64_out(value.participant_id),
        plan_id: i64::from(value.plan_id),
        plan_version: i64::from(value.plan_version),
        period: Some(period_out(value.period)),
        line_count: int64_out(value.line_count),
        totals: Some(totals_out(&value.totals)?),
        net: Some(money_out(value.net)?),
    })
}

/// Whether a response carries the line items (`STATEMENT_VIEW_FULL`, the
/// default) or only the statement and the state (`STATEMENT_VIEW_BASIC`).
pub fn with_lines(view: i32) -> Result<bool, ApiError> {
    Ok(match known::<pb::StatementView>(view).at("view")? {
        pb::StatementView::Unspecified | pb::StatementView::Full => true,
        pb::StatementView::Basic => false,
    })
}

/// The owned statement → response (without version and fingerprint), with
/// or without its line items.
pub fn statement_response_out(
    value: &OwnedStatement,
    with_lines: bool,
) -> Result<pb::ComputeStatementResponse, ApiError> {
    let (lines, earnings_lines) = if with_lines {
        (
            each(value.lines.iter(), line_out)?,
            each(value.earnings.iter(), earnings_line_out)?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(pb::ComputeStatementResponse {
        engine_version: String::new(),
        input_fingerprint: String::new(),
        statement: Some(statement_out(&value.statement)?),
        lines,
        earnings_lines,
        state: Some(state_out(&value.state)?),
    })
}

// The client's directions: a request from the core's types, and the
// response back into them (the `salesphysics --server` command).

fn release_condition_out(value: ReleaseCondition) -> pb::ReleaseCondition {
    let (kind, date, days) = match value {
        ReleaseCondition::CustomerLive => (pb::ReleaseConditionKind::CustomerLive, None, 0),
        ReleaseCondition::FirstPayment => (pb::ReleaseConditionKind::FirstPayment, None, 0),
        ReleaseCondition::OnDate(on) => (pb::ReleaseConditionKind::OnDate, Some(date_out(on)), 0),
        ReleaseCondition::DaysAfterBooking(days) => (
            pb::ReleaseConditionKind::DaysAfterBooking,
            None,
            int32_out(days),
        ),
    };
    pb::ReleaseCondition {
        kind: kind as i32,
        date,
        days,
    }
}

/// FxPolicy → proto; the default is left out, as a client that never
/// heard of FX policies writes it.
fn fx_policy_out(value: FxPolicy) -> Option<pb::FxPolicy> {
    (value != FxPolicy::default()).then_some(pb::FxPolicy {
        rate_date: match value.rate_date {
            FxRateDate::StatementDate => pb::FxRateDate::StatementDate,
            FxRateDate::PostingDate => pb::FxRateDate::PostingDate,
        } as i32,
        order: match value.order {
            FxOrder::ConvertThenRate => pb::FxOrder::ConvertThenRate,
            FxOrder::RateThenConvert => pb::FxOrder::RateThenConvert,
        } as i32,
    })
}

/// PayoutPolicy → proto: the inverse of [`policy`].
pub fn policy_out(value: &PayoutPolicy) -> Result<pb::PayoutPolicy, ApiError> {
    Ok(pb::PayoutPolicy {
        holdbacks: value
            .holdbacks
            .iter()
            .map(|h| pb::HoldbackRule {
                id: i64::from(h.id),
                kinds: kinds_out(h.kinds),
                share: decimal_out(h.share),
                condition: Some(release_condition_out(h.condition)),
                steps: h
                    .steps
                    .iter()
                    .map(|s| pb::ReleaseStep {
                        at_level: decimal_out(s.at_level),
                        cumulative_share: decimal_out(s.cumulative_share),
                    })
                    .collect(),
            })
            .collect(),
        clawbacks: value
            .clawbacks
            .iter()
            .map(|c| {
                let (method, share) = match c.method {
                    ClawbackMethod::Full => (pb::ClawbackMethod::Full, String::new()),
                    ClawbackMethod::ProratedUnserved => {
                        (pb::ClawbackMethod::ProratedUnserved, String::new())
                    }
                    ClawbackMethod::Share { share, of } => (
                        match of {
                            ClawbackBasis::Full => pb::ClawbackMethod::Full,
                            ClawbackBasis::ProratedUnserved => pb::ClawbackMethod::ProratedUnserved,
                        },
                        decimal_out(share),
                    ),
                };
                pb::ClawbackRule {
                    id: i64::from(c.id),
                    kinds: kinds_out(c.kinds),
                    window_days: int32_out(c.window_days),
                    method: method as i32,
                    instalments: int32_out(c.instalments),
                    share,
                }
            })
            .collect(),
        draw: value.draw.map(|d| pb::DrawPolicy {
            id: i64::from(d.id),
            kind: match d.kind {
                DrawKind::Recoverable => pb::DrawKind::Recoverable,
                DrawKind::NonRecoverable => pb::DrawKind::NonRecoverable,
            } as i32,
            amount: decimal_out(d.amount),
            in_force: Some(period_out(d.in_force)),
            recovery_share: decimal_out(d.recovery_share),
            recover_from: Some(date_out(d.recover_from)),
        }),
        negative_net: match value.negative_net {
            NegativeNet::CarryForward => pb::NegativeNet::CarryForward,
            NegativeNet::PayNegative => pb::NegativeNet::PayNegative,
        } as i32,
        fx: fx_policy_out(value.fx),
    })
}

fn event_out(value: &PayoutEvent) -> pb::PayoutEvent {
    pb::PayoutEvent {
        transaction_id: int64_out(value.transaction_id),
        kind: match value.kind {
            EventKind::CustomerLive => pb::EventKind::CustomerLive,
            EventKind::FirstPayment => pb::EventKind::FirstPayment,
            EventKind::Churn => pb::EventKind::Churn,
            EventKind::Contraction => pb::EventKind::Contraction,
        } as i32,
        date: Some(date_out(value.date)),
        level: decimal_out(value.level),
    }
}

/// The core's owned request → ComputeStatementRequest (full view): the
/// inverse of [`statement_request`].
pub fn statement_request_out(
    value: &OwnedStatementRequest,
) -> Result<pb::ComputeStatementRequest, ApiError> {
    Ok(pb::ComputeStatementRequest {
        participant_id: int64_out(value.participant_id),
        period: Some(period_out(value.period)),
        plan: Some(super::compensation::plan_out(&value.plan).at("plan")?),
        policy: Some(policy_out(&value.policy).at("policy")?),
        relief: value.relief.as_ref().map(|r| pb::QuotaRelief {
            employment: Some(period_out(r.employment)),
            leaves: r.leaves.iter().map(|p| period_out(*p)).collect(),
            ramp: r.ramp.iter().map(|d| decimal_out(*d)).collect(),
        }),
        credits: value
            .credits
            .iter()
            .enumerate()
            .map(|(i, c)| credit_line_out(c).at_index("credits", i))
            .collect::<Result<_, _>>()?,
        events: value.events.iter().map(event_out).collect(),
        fx: value
            .fx
            .iter()
            .map(|f| pb::DatedFxRate {
                rate: Some(pb::FxRate {
                    from_currency_code: f.rate.from().code().to_owned(),
                    to_currency_code: f.rate.to().code().to_owned(),
                    rate: decimal_out(f.rate.rate()),
                }),
                as_of: Some(date_out(f.as_of)),
            })
            .collect(),
        fx_date: Some(date_out(value.fx_date)),
        state: Some(state_out(&value.state).at("state")?),
        view: pb::StatementView::Full as i32,
    })
}

fn line_kind(value: i32) -> Result<PayoutLineKind, ApiError> {
    Ok(match known::<pb::PayoutLineKind>(value)? {
        pb::PayoutLineKind::Unspecified => return Err(unspecified()),
        pb::PayoutLineKind::Earnings => PayoutLineKind::Earnings,
        pb::PayoutLineKind::Rounding => PayoutLineKind::Rounding,
        pb::PayoutLineKind::TrueUp => PayoutLineKind::TrueUp,
        pb::PayoutLineKind::Hold => PayoutLineKind::Hold,
        pb::PayoutLineKind::Release => PayoutLineKind::Release,
        pb::PayoutLineKind::HoldCancelled => PayoutLineKind::HoldCancelled,
        pb::PayoutLineKind::Clawback => PayoutLineKind::Clawback,
        pb::PayoutLineKind::Draw => PayoutLineKind::Draw,
        pb::PayoutLineKind::DrawRecovery => PayoutLineKind::DrawRecovery,
        pb::PayoutLineKind::CarryIn => PayoutLineKind::CarryIn,
        pb::PayoutLineKind::CarryOut => PayoutLineKind::CarryOut,
    })
}

fn line(value: &pb::PayoutLine) -> Result<PayoutLine, ApiError> {
    Ok(PayoutLine {
        kind: line_kind(value.kind).at("kind")?,
        rule_id: u32_of_i64(value.rule_id).at("rule_id")?,
        transaction_id: value
            .transaction_id
            .map(id)
            .transpose()
            .at("transaction_id")?,
        date: date(value.date.as_ref()).at("date")?,
        amount: money(value.amount.as_ref()).at("amount")?,
        basis: money(value.basis.as_ref()).at("basis")?.amount(),
        rate: decimal(&value.rate).at("rate")?,
        earnings: value.earnings.map(u32_of).transpose().at("earnings")?,
        fx: value
            .fx
            .map(|f| u16::try_from(f).map_err(|_| ApiError::new(ErrorKind::OutOfRange)))
            .transpose()
            .at("fx")?,
    })
}

fn statement(value: &pb::Statement, currency: Currency) -> Result<Statement, ApiError> {
    Ok(Statement {
        participant_id: id(value.participant_id).at("participant_id")?,
        plan_id: u32_of_i64(value.plan_id).at("plan_id")?,
        plan_version: u32_of_i64(value.plan_version).at("plan_version")?,
        period: period(value.period.as_ref()).at("period")?,
        line_count: usize::try_from(id(value.line_count).at("line_count")?)
            .map_err(|_| ApiError::new(ErrorKind::OutOfRange))
            .at("line_count")?,
        totals: totals(value.totals.as_ref(), currency).at("totals")?,
        net: money(value.net.as_ref()).at("net")?,
    })
}

/// ComputeStatementResponse (full view) of `request` → the core's owned
/// statement: the inverse of [`statement_response_out`].
pub fn statement_response(
    value: &pb::ComputeStatementResponse,
    request: &OwnedStatementRequest,
) -> Result<OwnedStatement, ApiError> {
    let plan = &request.plan;
    Ok(OwnedStatement {
        statement: statement(required(value.statement.as_ref())?, plan.currency).at("statement")?,
        lines: list(&value.lines, "lines", line)?,
        earnings: list(&value.earnings_lines, "earnings_lines", |l| {
            super::compensation::earnings_line(l, plan)
        })?,
        state: state(
            Some(required(value.state.as_ref()).at("state")?),
            request.participant_id,
            plan.currency,
        )
        .at("state")?,
    })
}
