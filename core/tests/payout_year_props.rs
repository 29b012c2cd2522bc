//! Plan-years where the payout rules meet, checked against an independent
//! model of the rules in `docs/payout.md`.
//!
//! Each generated year mixes a gated quarterly plan (gate not met, then
//! met: true-ups), holds stepped by fulfilment level (New deals) and dated
//! holds (`DaysAfterBooking`/`OnDate`, Expansions), contractions and
//! churn inside and outside clawback windows, credits in USD, EUR and GBP
//! converted at dated rates, transaction ids booked again in a later month
//! as another kind and currency, recoverable and non-recoverable draws, and
//! clawbacks larger than a month's pay (negative months, carried or paid).
//!
//! Checked per statement and per year:
//!
//! * the reconciliation identity
//!   `paid = earned − held + released − clawed_back + draws − recovered
//!   + carried_in + carried_out`, and `earned` of each statement is the
//!   compensation engine's total to date minus the previous one (so the
//!   year's `earned` is the annual computation: nothing paid twice);
//! * every timing line (hold, release, cancellation, clawback instalment,
//!   carry, draw, draw recovery) and the closing holds, clawback records,
//!   recoveries, balance and draw outstanding equal those of [`Model`],
//!   which applies the documented rules to each booking's commission;
//! * the balance identity. From the reconciliation identity with
//!   `held = released + cancelled + H`,
//!   `clawed_back = K − R`, `draws − recovered = Dn + D` and
//!   `carried_in + carried_out = −B`:
//!
//!   ```text
//!   paid + H + B − R − D − Dn = E − C − K
//!   ```
//!
//!   where `paid` is the sum of the nets, and the open balances come from
//!   the engine's closing state: `H` still held, `B` the negative balance
//!   carried (≤ 0), `R` clawbacks still to recover, `D` the recoverable
//!   draw outstanding; `Dn` the non-recoverable draws paid (a gift). The
//!   right-hand side — the exact earnings under the rules — comes from
//!   outside the engine: `E` the compensation engine's annual total, `C`
//!   the holds cancelled by churn and contraction and `K` the clawbacks
//!   scheduled, both from the model. It holds per statement with the
//!   changes of the balances, and for the year;
//! * every line is explained: earnings, rounding and attributed true-up
//!   lines point at the compensation engine's line (same rule, deal, date;
//!   a commission names its tier and rate; a true-up's amount is the
//!   re-rated amount minus its `basis`); a plan-level true-up names the
//!   plan; holds follow their booking's last line; hold, release,
//!   cancellation and clawback lines carry their rule and deal; a line of
//!   a foreign-currency credit points at the rate in force on the
//!   statement's FX date, a plan-currency line at none;
//! * determinism: the same year run twice gives the same bytes
//!   (`{:?}` of every statement, line and state).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod support;

use proptest::prelude::*;
use salesphysics_core::compensation::*;
use salesphysics_core::payout::*;
use salesphysics_core::{Currency, Date, Decimal, FxRate, Money, Period, RoundingMode};
use support::payout::*;

/// A booking: (day, MRR in minor units, currency pick, reuse of an id booked
/// in an earlier month, expansion rather than new).
type DealPick = (u32, i64, u8, Option<usize>, bool);
/// An event: (which booked id, kind, level pick).
type EventPick = (usize, u8, u8);

#[derive(Debug, Clone)]
struct Year {
    plan: u8,
    round_total: bool,
    /// How many of USD, EUR, GBP the credits use (1: plan currency only).
    currencies: u8,
    /// Holdback on New deals: (quarters held, stepped, first payment rather
    /// than go-live).
    live_hold: Option<(u8, bool, bool)>,
    /// Holdback on Expansions: (quarters held, on a date rather than days
    /// after booking, days or month).
    dated_hold: Option<(u8, bool, u32)>,
    /// (prorated, window days, instalments, a 50 % clawback share).
    clawback: Option<(bool, u32, u32, bool)>,
    /// (recoverable, minimum in cents, months in force).
    draw: Option<(bool, u32, u8)>,
    pay_negative: bool,
    months: Vec<(Vec<DealPick>, Vec<EventPick>)>,
}

fn year() -> impl Strategy<Value = Year> {
    let month = (
        prop::collection::vec(
            (
                1u32..=28,
                1i64..=2_000_000,
                0u8..3,
                prop::option::weighted(0.3, 0usize..64),
                any::<bool>(),
            ),
            0..5,
        ),
        prop::collection::vec((0usize..64, 0u8..4, 0u8..4), 0..4),
    );
    (
        (0u8..4, any::<bool>(), 1u8..=3),
        prop::option::weighted(0.8, (1u8..=4, any::<bool>(), any::<bool>())),
        prop::option::weighted(0.8, (1u8..=4, any::<bool>(), 1u32..120)),
        prop::option::weighted(0.8, (any::<bool>(), 30u32..200, 1u32..4, any::<bool>())),
        prop::option::weighted(0.7, (any::<bool>(), 0u32..300_000, 0u8..=12)),
        any::<bool>(),
        prop::collection::vec(month, 12),
    )
        .prop_map(
            |(
                (plan, round_total, currencies),
                live_hold,
                dated_hold,
                clawback,
                draw,
                pay_negative,
                months,
            )| {
                Year {
                    plan,
                    round_total,
                    currencies,
                    live_hold,
                    dated_hold,
                    clawback,
                    draw,
                    pay_negative,
                    months,
                }
            },
        )
}

const NEW: TransactionKind = TransactionKind::New;
const EXPANSION: TransactionKind = TransactionKind::Expansion;

fn plan_of(year: &Year) -> Plan {
    let mut plan = match year.plan {
        0 => flat_plan(),
        1 => {
            let mut p = plan_with(
                "10000",
                QuotaPeriod::Month,
                table(
                    RateMethod::Graduated,
                    &[("0", Some("1"), "0.10"), ("1", None, "0.20")],
                ),
            );
            p.components[0].tier_axis = TierAxis::Attainment;
            p
        }
        // A quarterly gate at half the quota: gated months are paid by a
        // later month's true-up (twice as likely as the other plans).
        _ => {
            let mut p = plan_with(
                "30000",
                QuotaPeriod::Quarter,
                table(
                    RateMethod::Retroactive,
                    &[("0", Some("30000"), "0.0725"), ("30000", None, "0.1175")],
                ),
            );
            p.components[0].gate = Some(Gate {
                component_id: 70,
                min_attainment: d("0.5"),
            });
            p
        }
    };
    plan.components[0].measure = Measure::of(KindSet::of(&[NEW, EXPANSION]), MeasureUnit::Mrr);
    if year.round_total {
        plan.rounding = RoundingPolicy {
            at: RoundAt::Total,
            mode: RoundingMode::HalfUp,
        };
    }
    plan
}

fn quarters(q: u8) -> Decimal {
    Decimal::new(i128::from(q) * 25, 2).unwrap()
}

fn policy_of(year: &Year) -> PayoutPolicy {
    let mut policy = PayoutPolicy::plain();
    if let Some((q, stepped, payment)) = year.live_hold {
        let mut rule = HoldbackRule::new(
            300,
            KindSet::of(&[NEW]),
            quarters(q),
            if payment {
                ReleaseCondition::FirstPayment
            } else {
                ReleaseCondition::CustomerLive
            },
        );
        if stepped {
            for (at_level, cumulative_share) in [("0.5", "0.4"), ("1", "1")] {
                rule.steps
                    .push(ReleaseStep {
                        at_level: d(at_level),
                        cumulative_share: d(cumulative_share),
                    })
                    .unwrap();
            }
        }
        policy.holdbacks.push(rule).unwrap();
    }
    if let Some((q, on_date, param)) = year.dated_hold {
        let condition = if on_date {
            ReleaseCondition::OnDate(date(param % 12 + 1, 15))
        } else {
            ReleaseCondition::DaysAfterBooking(param)
        };
        policy
            .holdbacks
            .push(HoldbackRule::new(
                301,
                KindSet::of(&[EXPANSION]),
                quarters(q),
                condition,
            ))
            .unwrap();
    }
    if let Some((prorated, window_days, instalments, half)) = year.clawback {
        let basis = if prorated {
            ClawbackBasis::ProratedUnserved
        } else {
            ClawbackBasis::Full
        };
        policy
            .clawbacks
            .push(ClawbackRule {
                id: 500,
                kinds: KindSet::of(&[NEW, EXPANSION]),
                window_days,
                method: match (half, basis) {
                    (true, of) => ClawbackMethod::Share {
                        share: d("0.5"),
                        of,
                    },
                    (false, ClawbackBasis::ProratedUnserved) => ClawbackMethod::ProratedUnserved,
                    (false, ClawbackBasis::Full) => ClawbackMethod::Full,
                },
                instalments,
            })
            .unwrap();
    }
    if let Some((recoverable, cents, months)) = year.draw {
        policy.draw = Some(DrawPolicy {
            id: 900,
            kind: if recoverable {
                DrawKind::Recoverable
            } else {
                DrawKind::NonRecoverable
            },
            amount: Decimal::new(i128::from(cents), 2).unwrap(),
            in_force: Period::new(date(1, 1), month(u32::from(months.max(1))).last()).unwrap(),
            recovery_share: d("0.5"),
            recover_from: date(u32::from(months.clamp(1, 12)), 1),
        });
    }
    if year.pay_negative {
        policy.negative_net = NegativeNet::PayNegative;
    }
    policy
}

/// EUR and GBP into USD, each with rates coming into force during the year.
fn fx_rates() -> Vec<DatedFxRate> {
    [
        (Currency::EUR, "1.08", 1, 1),
        (Currency::GBP, "1.27", 1, 1),
        (Currency::EUR, "1.1", 4, 1),
        (Currency::GBP, "1.255", 7, 1),
        (Currency::EUR, "1.0725", 9, 15),
    ]
    .into_iter()
    .map(|(from, rate, m, day)| DatedFxRate {
        rate: FxRate::new(from, Currency::USD, d(rate)).unwrap(),
        as_of: date(m, day),
    })
    .collect()
}

/// The index in `fx` of the rate from `from` in force on `on`.
fn rate_in_force(fx: &[DatedFxRate], from: Currency, on: Date) -> Option<usize> {
    let mut found: Option<usize> = None;
    for (i, r) in fx.iter().enumerate() {
        if r.rate.from() == from && r.as_of <= on && found.is_none_or(|f| fx[f].as_of < r.as_of) {
            found = Some(i);
        }
    }
    found
}

fn inputs_of(year: &Year) -> Vec<MonthInput> {
    // Ids booked in earlier months (reusable) and in all months.
    let mut earlier: Vec<u64> = Vec::new();
    let mut booked: Vec<u64> = Vec::new();
    let mut inputs = Vec::new();
    for (m, (deals, events)) in year.months.iter().enumerate() {
        let m = m as u32 + 1;
        let mut input = MonthInput::default();
        let mut sorted = deals.clone();
        sorted.sort_by_key(|pick| pick.0);
        for (i, (day, minor, currency, reuse, expansion)) in sorted.into_iter().enumerate() {
            // An id is booked at most once a month (two different bookings
            // of one id on one date are refused, as documented).
            let fresh = u64::from(m) * 100 + i as u64;
            let id = match reuse {
                Some(pick) if !earlier.is_empty() => earlier[pick % earlier.len()],
                _ => fresh,
            };
            let id = if input.deals.iter().any(|t| t.source.transaction_id == id) {
                fresh
            } else {
                id
            };
            let currency = [Currency::USD, Currency::EUR, Currency::GBP]
                [usize::from(currency % year.currencies)];
            let mrr = Money::from_minor_units(i128::from(minor), currency).unwrap();
            let kind = if expansion { EXPANSION } else { NEW };
            input.deals.push(booking(id, date(m, day), kind, mrr));
            if !booked.contains(&id) {
                booked.push(id);
            }
        }
        for &(pick, kind, level) in events {
            if booked.is_empty() {
                continue;
            }
            let id = booked[pick % booked.len()];
            let kind = [
                EventKind::CustomerLive,
                EventKind::FirstPayment,
                EventKind::Churn,
                EventKind::Contraction,
            ][usize::from(kind)];
            let level = match kind {
                EventKind::Churn => "1",
                _ => ["0.25", "0.5", "0.8", "1"][usize::from(level)],
            };
            input.events.push(event(id, kind, date(m, 28), level));
        }
        earlier.clone_from(&booked);
        inputs.push(input);
    }
    inputs
}

/// A timing line as compared: kind, rule, deal, date, amount, basis.
type Timing = (PayoutLineKind, u32, Option<u64>, Date, Decimal, Decimal);

fn is_timing(kind: PayoutLineKind) -> bool {
    !matches!(
        kind,
        PayoutLineKind::Earnings | PayoutLineKind::Rounding | PayoutLineKind::TrueUp
    )
}

fn timing(l: &PayoutLine) -> Timing {
    // A cancellation's figure is its basis (amount is zero); the other
    // lines' basis restates what they were computed from, checked through
    // the amounts.
    let basis = if l.kind == PayoutLineKind::HoldCancelled {
        l.basis
    } else {
        Decimal::ZERO
    };
    (
        l.kind,
        l.rule_id,
        l.transaction_id,
        l.date,
        l.amount.amount(),
        basis,
    )
}

fn add(a: Decimal, b: Decimal) -> Decimal {
    a.checked_add(b).unwrap()
}

fn sub(a: Decimal, b: Decimal) -> Decimal {
    a.checked_sub(b).unwrap()
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct MHold {
    id: u64,
    booked: Date,
    rule: u32,
    held: Decimal,
    released: Decimal,
    cancelled: Decimal,
}

impl MHold {
    fn outstanding(&self) -> Decimal {
        sub(sub(self.held, self.released), self.cancelled)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct MDeal {
    id: u64,
    booked: Date,
    rule: u32,
    term: u32,
    paid: Decimal,
    clawed: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct MRecovery {
    id: u64,
    rule: u32,
    remaining: Decimal,
    left: u32,
}

/// The rules of `docs/payout.md` applied to each booking's commission, in
/// the documented order, with its rounding (holds and releases in the
/// plan's mode; cancellations, clawbacks, instalments and draw recoveries
/// toward zero). It takes from the engine only the earned lines, which are
/// checked against the compensation engine separately.
#[derive(Debug, Default)]
struct Model {
    holds: Vec<MHold>,
    deals: Vec<MDeal>,
    recoveries: Vec<MRecovery>,
    balance: Decimal,
    draw_outstanding: Decimal,
    /// The year's churns and contractions (id, date, level), in order:
    /// commission credited after one goes through it as if paid before.
    losses: Vec<(u64, Date, Decimal)>,
    /// Year to date: holds cancelled, clawbacks scheduled,
    /// non-recoverable draws paid.
    cancelled: Decimal,
    scheduled: Decimal,
    gifts: Decimal,
}

/// What one month of the model produced.
struct MonthOut {
    lines: Vec<Timing>,
    cancelled: Decimal,
    scheduled: Decimal,
    gifts: Decimal,
}

impl Model {
    #[allow(clippy::too_many_arguments)]
    fn month(
        &mut self,
        period: Period,
        plan: &Plan,
        policy: &PayoutPolicy,
        kinds: &dyn Fn(u64, Date) -> TransactionKind,
        engine_lines: &[PayoutLine],
        events: &[PayoutEvent],
    ) -> MonthOut {
        let mode = plan.rounding.mode;
        let mut out = MonthOut {
            lines: Vec::new(),
            cancelled: Decimal::ZERO,
            scheduled: Decimal::ZERO,
            gifts: Decimal::ZERO,
        };
        // 1–3. Earned: each booking's run of earnings (or true-up) lines.
        let mut earned = Decimal::ZERO;
        let mut runs: Vec<(PayoutLineKind, u64, Date, Decimal)> = Vec::new();
        for l in engine_lines.iter().filter(|l| !is_timing(l.kind)) {
            earned = add(earned, l.amount.amount());
            let Some(id) = l.transaction_id else { continue };
            let pass = if l.kind == PayoutLineKind::TrueUp {
                PayoutLineKind::TrueUp
            } else {
                PayoutLineKind::Earnings
            };
            match runs.last_mut() {
                Some(r) if r.0 == pass && r.1 == id && r.2 == l.date => {
                    r.3 = add(r.3, l.amount.amount())
                }
                _ => runs.push((pass, id, l.date, l.amount.amount())),
            }
        }
        let mut settled_any = false;
        for &(_, id, booked, commission) in &runs {
            if !commission.is_positive() {
                continue;
            }
            let kind = kinds(id, booked);
            let mut held = Decimal::ZERO;
            if let Some(rule) = policy.holdbacks.iter().find(|r| r.kinds.contains(kind)) {
                held = commission.mul_round(rule.share, 2, mode).unwrap();
                if held.is_positive() {
                    match self
                        .holds
                        .iter_mut()
                        .find(|h| h.id == id && h.booked == booked)
                    {
                        Some(h) => h.held = add(h.held, held),
                        None => self.holds.push(MHold {
                            id,
                            booked,
                            rule: rule.id,
                            held,
                            released: Decimal::ZERO,
                            cancelled: Decimal::ZERO,
                        }),
                    }
                    out.lines.push((
                        PayoutLineKind::Hold,
                        rule.id,
                        Some(id),
                        booked,
                        held.neg(),
                        Decimal::ZERO,
                    ));
                } else {
                    held = Decimal::ZERO;
                }
            }
            let paid = sub(commission, held);
            match self
                .deals
                .iter_mut()
                .find(|x| x.id == id && x.booked == booked)
            {
                Some(x) => x.paid = add(x.paid, paid),
                None => {
                    if let Some(rule) = policy.clawbacks.iter().find(|r| r.kinds.contains(kind)) {
                        self.deals.push(MDeal {
                            id,
                            booked,
                            rule: rule.id,
                            term: 12,
                            paid,
                            clawed: Decimal::ZERO,
                        });
                    }
                }
            }
            // Earlier months' churns and contractions on or after the
            // booking take their share of this commission as if it had
            // been paid before them: of the new hold (cancelled) and, in
            // the clawback window, of the new pay (clawed back, recovered
            // over the rule's instalments).
            let claw_rule = policy.clawbacks.iter().find(|r| r.kinds.contains(kind));
            let mut new_hold = held;
            let mut clawed = Decimal::ZERO;
            for &(_, on, level) in self.losses.iter().filter(|l| l.0 == id && l.1 >= booked) {
                let lost = if level == Decimal::ONE {
                    new_hold
                } else {
                    new_hold.mul_round(level, 2, RoundingMode::Down).unwrap()
                };
                if lost.is_positive() {
                    let (cancel, kept) = split_lost(claw_rule, booked, on, lost);
                    let h = self
                        .holds
                        .iter_mut()
                        .find(|h| h.id == id && h.booked == booked)
                        .unwrap();
                    h.cancelled = add(h.cancelled, cancel);
                    h.released = add(h.released, kept);
                    new_hold = sub(new_hold, lost);
                    settled_any = true;
                    out.cancelled = add(out.cancelled, cancel);
                    if cancel.is_positive() {
                        out.lines.push((
                            PayoutLineKind::HoldCancelled,
                            h.rule,
                            Some(id),
                            on,
                            Decimal::ZERO,
                            cancel,
                        ));
                    }
                    if kept.is_positive() {
                        out.lines.push((
                            PayoutLineKind::Release,
                            h.rule,
                            Some(id),
                            on,
                            kept,
                            Decimal::ZERO,
                        ));
                    }
                }
                let Some(rule) =
                    claw_rule.filter(|r| booked.days_until(on) <= i64::from(r.window_days) as _)
                else {
                    continue;
                };
                let (n, dd) = clawback_factor(rule, booked, 12, on, level);
                let owed = sub(paid, clawed)
                    .mul_div_round(n, dd, 2, RoundingMode::Down)
                    .unwrap();
                clawed = add(clawed, owed);
            }
            if let Some(rule) = claw_rule.filter(|_| clawed.is_positive()) {
                let x = self
                    .deals
                    .iter_mut()
                    .find(|x| x.id == id && x.booked == booked)
                    .unwrap();
                x.clawed = add(x.clawed, clawed);
                out.scheduled = add(out.scheduled, clawed);
                self.recoveries.push(MRecovery {
                    id,
                    rule: rule.id,
                    remaining: clawed,
                    left: rule.instalments,
                });
            }
        }
        // 4. Events, in input order, on every booking of their id.
        for e in events {
            match e.kind {
                EventKind::CustomerLive | EventKind::FirstPayment => {
                    for i in 0..self.holds.len() {
                        if self.holds[i].id != e.transaction_id {
                            continue;
                        }
                        let rule = policy
                            .holdbacks
                            .iter()
                            .find(|r| r.id == self.holds[i].rule)
                            .unwrap();
                        let by = matches!(
                            (rule.condition, e.kind),
                            (ReleaseCondition::CustomerLive, EventKind::CustomerLive)
                                | (ReleaseCondition::FirstPayment, EventKind::FirstPayment)
                        );
                        if !by {
                            continue;
                        }
                        // The cumulative share reached at the level.
                        let share = if rule.steps.is_empty() {
                            Decimal::ONE
                        } else {
                            rule.steps
                                .iter()
                                .filter(|s| s.at_level <= e.level)
                                .map(|s| s.cumulative_share)
                                .next_back()
                                .unwrap_or(Decimal::ZERO)
                        };
                        settled_any |= self.release(i, rule.id, share, e.date, mode, &mut out);
                    }
                }
                EventKind::Churn | EventKind::Contraction => {
                    let deals = &self.deals;
                    for h in self.holds.iter_mut().filter(|h| h.id == e.transaction_id) {
                        let outstanding = h.outstanding();
                        let lost = if e.level == Decimal::ONE {
                            outstanding
                        } else {
                            outstanding
                                .mul_round(e.level, 2, RoundingMode::Down)
                                .unwrap()
                        };
                        // The booking's clawback rule, through its record.
                        let rule = deals
                            .iter()
                            .find(|x| x.id == h.id && x.booked == h.booked)
                            .and_then(|x| policy.clawbacks.iter().find(|r| r.id == x.rule));
                        let (amount, kept) = split_lost(rule, h.booked, e.date, lost);
                        if amount.is_positive() {
                            h.cancelled = add(h.cancelled, amount);
                            out.cancelled = add(out.cancelled, amount);
                            settled_any = true;
                            out.lines.push((
                                PayoutLineKind::HoldCancelled,
                                h.rule,
                                Some(e.transaction_id),
                                e.date,
                                Decimal::ZERO,
                                amount,
                            ));
                        }
                        if kept.is_positive() {
                            h.released = add(h.released, kept);
                            settled_any = true;
                            out.lines.push((
                                PayoutLineKind::Release,
                                h.rule,
                                Some(e.transaction_id),
                                e.date,
                                kept,
                                Decimal::ZERO,
                            ));
                        }
                    }
                    if !policy.clawbacks.is_empty() || !policy.holdbacks.is_empty() {
                        self.losses.push((e.transaction_id, e.date, e.level));
                    }
                    for x in self.deals.iter_mut().filter(|x| x.id == e.transaction_id) {
                        let rule = policy.clawbacks.iter().find(|r| r.id == x.rule).unwrap();
                        let days = x.booked.days_until(e.date);
                        if days < 0 || days as u32 > rule.window_days {
                            continue;
                        }
                        let unclawed = sub(x.paid, x.clawed).max(Decimal::ZERO);
                        let factor = clawback_factor(rule, x.booked, x.term, e.date, e.level);
                        let amount = unclawed
                            .mul_div_round(factor.0, factor.1, 2, RoundingMode::Down)
                            .unwrap();
                        if amount.is_positive() {
                            x.clawed = add(x.clawed, amount);
                            out.scheduled = add(out.scheduled, amount);
                            self.recoveries.push(MRecovery {
                                id: x.id,
                                rule: rule.id,
                                remaining: amount,
                                left: rule.instalments,
                            });
                        }
                    }
                }
            }
        }
        // 5. Date releases, in hold order.
        for i in 0..self.holds.len() {
            let rule = policy
                .holdbacks
                .iter()
                .find(|r| r.id == self.holds[i].rule)
                .unwrap();
            let due = match rule.condition {
                ReleaseCondition::OnDate(on) => on <= period.last(),
                ReleaseCondition::DaysAfterBooking(days) => {
                    self.holds[i].booked.add_days(days as i32).unwrap() <= period.last()
                }
                _ => false,
            };
            if due {
                settled_any |=
                    self.release(i, rule.id, Decimal::ONE, period.last(), mode, &mut out);
            }
        }
        if settled_any {
            self.holds.retain(|h| !h.outstanding().is_zero());
        }
        // 6. Clawback instalments, in scheduling order.
        for r in &mut self.recoveries {
            let amount = if r.left <= 1 {
                r.remaining
            } else {
                r.remaining
                    .div_round(Decimal::from_int(i64::from(r.left)), 2, RoundingMode::Down)
                    .unwrap()
            };
            out.lines.push((
                PayoutLineKind::Clawback,
                r.rule,
                Some(r.id),
                period.last(),
                amount.neg(),
                Decimal::ZERO,
            ));
            r.remaining = sub(r.remaining, amount);
            r.left -= 1;
        }
        self.recoveries
            .retain(|r| r.left > 0 && !r.remaining.is_zero());
        // 7. Carry-in.
        if !self.balance.is_zero() {
            out.lines.push((
                PayoutLineKind::CarryIn,
                0,
                None,
                period.last(),
                self.balance,
                Decimal::ZERO,
            ));
        }
        let net = |lines: &[Timing]| lines.iter().fold(earned, |a, l| add(a, l.4));
        // 8. Carry-out of a negative net: carried first, before any draw.
        let before = net(&out.lines);
        self.balance = Decimal::ZERO;
        if before.is_negative() && policy.negative_net == NegativeNet::CarryForward {
            out.lines.push((
                PayoutLineKind::CarryOut,
                0,
                None,
                period.last(),
                before.neg(),
                Decimal::ZERO,
            ));
            self.balance = before;
        }
        // 9. Draw to the minimum, or its recovery above it.
        if let Some(draw) = &policy.draw {
            let minimum = if period.last() <= draw.in_force.last() {
                draw.amount
            } else {
                Decimal::ZERO
            };
            let pay = net(&out.lines).max(Decimal::ZERO);
            if pay < minimum {
                let top_up = sub(minimum, pay);
                out.lines.push((
                    PayoutLineKind::Draw,
                    draw.id,
                    None,
                    period.last(),
                    top_up,
                    Decimal::ZERO,
                ));
                match draw.kind {
                    DrawKind::Recoverable => {
                        self.draw_outstanding = add(self.draw_outstanding, top_up)
                    }
                    DrawKind::NonRecoverable => out.gifts = add(out.gifts, top_up),
                }
            } else if self.draw_outstanding.is_positive() && period.last() >= draw.recover_from {
                let recovery = sub(pay, minimum)
                    .mul_round(draw.recovery_share, 2, RoundingMode::Down)
                    .unwrap()
                    .min(self.draw_outstanding);
                if recovery.is_positive() {
                    self.draw_outstanding = sub(self.draw_outstanding, recovery);
                    out.lines.push((
                        PayoutLineKind::DrawRecovery,
                        draw.id,
                        None,
                        period.last(),
                        recovery.neg(),
                        Decimal::ZERO,
                    ));
                }
            }
        }
        // Deals leave once their window has passed.
        self.deals.retain(|x| {
            let rule = policy.clawbacks.iter().find(|r| r.id == x.rule).unwrap();
            x.booked.days_until(period.last()) <= i64::from(rule.window_days) as _
        });
        self.cancelled = add(self.cancelled, out.cancelled);
        self.scheduled = add(self.scheduled, out.scheduled);
        self.gifts = add(self.gifts, out.gifts);
        out
    }

    /// Releases up to `share` of hold `i` in total: a step's target is its
    /// share of what can still be released (held − cancelled), never
    /// taking back a release; the whole share pays what is outstanding.
    fn release(
        &mut self,
        i: usize,
        rule: u32,
        share: Decimal,
        on: Date,
        mode: RoundingMode,
        out: &mut MonthOut,
    ) -> bool {
        let h = &mut self.holds[i];
        let outstanding = h.outstanding();
        let amount = if share == Decimal::ONE {
            outstanding
        } else {
            sub(
                sub(h.held, h.cancelled).mul_round(share, 2, mode).unwrap(),
                h.released,
            )
            .min(outstanding)
        };
        if !amount.is_positive() {
            return false;
        }
        h.released = add(h.released, amount);
        out.lines.push((
            PayoutLineKind::Release,
            rule,
            Some(h.id),
            on,
            amount,
            Decimal::ZERO,
        ));
        let (id, booked) = (h.id, h.booked);
        if let Some(x) = self
            .deals
            .iter_mut()
            .find(|x| x.id == id && x.booked == booked)
        {
            x.paid = add(x.paid, amount);
        }
        true
    }
}

/// The share of what is unclawed that an event losing `level` on `on`
/// claws back, as (numerator, denominator): the share lost times the
/// clawback share, times the unserved months over the term when prorated
/// (a month is served once its day comes again).
fn clawback_factor(
    rule: &ClawbackRule,
    booked: Date,
    term: u32,
    on: Date,
    level: Decimal,
) -> (Decimal, Decimal) {
    let (basis, share) = rule.method.basis_and_share();
    let level = level.checked_mul(share).unwrap();
    match basis {
        ClawbackBasis::Full => (level, Decimal::ONE),
        ClawbackBasis::ProratedUnserved => {
            let mut served = (on.month() as i64 - booked.month() as i64).max(0);
            if on.day() < booked.day() && served > 0 {
                served -= 1;
            }
            let unserved = i64::from(term) - served.min(i64::from(term));
            (
                level.checked_mul(Decimal::from_int(unserved)).unwrap(),
                Decimal::from_int(i64::from(term)),
            )
        }
    }
}

/// Held commission `lost` by an event on `on`, split into (cancelled,
/// released): under a clawback share whose window holds the event, the
/// share kept (1 − share, toward zero) is released and the rest cancelled;
/// otherwise all of it is cancelled.
fn split_lost(
    rule: Option<&ClawbackRule>,
    booked: Date,
    on: Date,
    lost: Decimal,
) -> (Decimal, Decimal) {
    let kept = match rule.map(|r| (r.method, r.window_days)) {
        Some((ClawbackMethod::Share { share, .. }, window))
            if booked.days_until(on) >= 0 && booked.days_until(on) <= i64::from(window) as _ =>
        {
            lost.mul_round(sub(Decimal::ONE, share), 2, RoundingMode::Down)
                .unwrap()
        }
        _ => Decimal::ZERO,
    };
    (sub(lost, kept), kept)
}

fn money_sum<'a>(values: impl Iterator<Item = &'a Decimal>) -> Decimal {
    values.fold(Decimal::ZERO, |a, b| add(a, *b))
}

/// The compensation engine's total through `through` at the rates in force
/// then (what a statement ending that day recomputes).
fn earned_through(
    plan: &Plan,
    transactions: &[Transaction],
    fx: &[DatedFxRate],
    through: Date,
) -> Decimal {
    let mut all: Vec<Transaction> = transactions
        .iter()
        .filter(|t| t.source.date <= through)
        .cloned()
        .collect();
    all.sort_by_key(|t| t.source.date);
    let credits = credit_all(&all);
    let rates: Vec<FxRate> = [Currency::EUR, Currency::GBP]
        .into_iter()
        .filter_map(|c| rate_in_force(fx, c, through).map(|i| fx[i].rate))
        .collect();
    let mut scratch = vec![blank_earnings(); 4096];
    compute_earnings(plan, REP, &credits, &rates, through, &mut scratch)
        .unwrap()
        .total
        .amount()
}

/// Checks that every line of `run` is explained (see the module docs).
fn check_explained(
    run: &Run,
    plan: &Plan,
    fx: &[DatedFxRate],
    currency_of: &dyn Fn(u64, Date) -> Currency,
) -> Result<(), TestCaseError> {
    let period = run.statement.period;
    for (i, l) in run.lines.iter().enumerate() {
        let foreign = |l: &PayoutLine| {
            l.transaction_id
                .map(|id| currency_of(id, l.date))
                .filter(|c| *c != Currency::USD)
        };
        match l.kind {
            PayoutLineKind::Earnings | PayoutLineKind::Rounding | PayoutLineKind::TrueUp
                if l.earnings.is_some() =>
            {
                let e = run.explain(l);
                prop_assert_eq!(
                    (e.rule_id, e.transaction_id, e.date),
                    (l.rule_id, l.transaction_id, l.date),
                    "line {} points at its rating",
                    i
                );
                let rated = sub(e.amount.amount(), l.basis);
                if l.kind == PayoutLineKind::TrueUp {
                    prop_assert_eq!(rated, l.amount.amount(), "true-up = re-rated − basis");
                    prop_assert!(
                        l.date < period.first(),
                        "a true-up re-rates an earlier line"
                    );
                } else {
                    prop_assert_eq!(e.amount, l.amount);
                    prop_assert!(period.contains(l.date) || l.kind == PayoutLineKind::Rounding);
                }
                if e.kind == LineKind::Commission {
                    prop_assert!(e.tier.is_some(), "a commission names its tier");
                }
                match foreign(l) {
                    Some(c) => {
                        let used = l.fx.map(usize::from);
                        prop_assert_eq!(used, rate_in_force(fx, c, period.last()), "line {} fx", i);
                    }
                    None => prop_assert_eq!(l.fx, None),
                }
            }
            PayoutLineKind::TrueUp => {
                prop_assert_eq!(
                    (l.rule_id, l.transaction_id),
                    (plan.id, None),
                    "plan true-up"
                );
            }
            PayoutLineKind::Earnings | PayoutLineKind::Rounding => {
                prop_assert!(false, "line {} has no explanation: {:?}", i, l);
            }
            PayoutLineKind::Hold => {
                prop_assert!(matches!(l.rule_id, 300 | 301) && l.transaction_id.is_some());
                // A hold follows its booking's last line (a per-total
                // plan's rounding line, of no deal, may come between).
                let previous = run.lines[..i]
                    .iter()
                    .rev()
                    .find(|p| !is_timing(p.kind) && p.transaction_id.is_some())
                    .unwrap();
                prop_assert_eq!(
                    (previous.transaction_id, previous.date),
                    (l.transaction_id, l.date)
                );
            }
            PayoutLineKind::Release | PayoutLineKind::HoldCancelled => {
                prop_assert!(matches!(l.rule_id, 300 | 301) && l.transaction_id.is_some());
            }
            PayoutLineKind::Clawback => {
                prop_assert!(l.rule_id == 500 && l.transaction_id.is_some());
            }
            PayoutLineKind::Draw | PayoutLineKind::DrawRecovery => {
                prop_assert!(l.rule_id == 900 && l.transaction_id.is_none());
            }
            PayoutLineKind::CarryIn | PayoutLineKind::CarryOut => {
                prop_assert!(l.rule_id == 0 && l.transaction_id.is_none());
            }
        }
    }
    Ok(())
}

fn bytes(runs: &[Run]) -> Vec<String> {
    runs.iter()
        .map(|r| format!("{:?}|{:?}|{:?}", r.statement, r.lines, r.state))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn a_plan_year_where_the_rules_meet_pays_exactly_the_earnings_under_the_rules(year in year()) {
        let plan = plan_of(&year);
        let policy = policy_of(&year);
        let inputs = inputs_of(&year);
        let fx = fx_rates();
        let setup = Setup { plan: &plan, policy: &policy, relief: None, fx: &fx };
        let runs = run_months(&setup, PayoutState::new(REP, Currency::USD), &inputs);

        // Determinism: the same year again gives the same bytes.
        let again = run_months(&setup, PayoutState::new(REP, Currency::USD), &inputs);
        prop_assert_eq!(bytes(&runs), bytes(&again));

        let all: Vec<Transaction> = inputs.iter().flat_map(|i| i.deals.clone()).collect();
        let source = |id: u64, on: Date| {
            all.iter()
                .find(|t| t.source.transaction_id == id && t.source.date == on)
                .unwrap_or_else(|| panic!("no booking of {id} on {on}"))
        };
        let kind_of = |id: u64, on: Date| source(id, on).source.kind;
        let currency_of = |id: u64, on: Date| source(id, on).amount.currency();

        let mut model = Model::default();
        let mut recomputed_before = Decimal::ZERO;
        let mut open_before = Decimal::ZERO;
        let balances = |s: &PayoutState| {
            // H + B − R − D: what the state still owes (+) or is owed (−).
            let held = money_sum(s.holds.iter().map(|h| h.outstanding().unwrap().amount()).collect::<Vec<_>>().iter());
            let recover = money_sum(s.recoveries.iter().map(|r| r.remaining.amount()).collect::<Vec<_>>().iter());
            sub(sub(add(held, s.balance.amount()), recover), s.draw_outstanding.amount())
        };
        for (m, (run, input)) in runs.iter().zip(&inputs).enumerate() {
            let period = run.statement.period;
            check_explained(run, &plan, &fx, &currency_of)?;

            // Earned this month = the compensation engine's total to date
            // minus last month's: each figure is paid once.
            let recomputed = earned_through(&plan, &all, &fx, period.last());
            let earned = sub(recomputed, recomputed_before);
            recomputed_before = recomputed;
            prop_assert_eq!(run.statement.totals.earned.amount(), earned, "month {} earned", m + 1);

            // The timing lines and the closing position are the model's.
            let month = model.month(period, &plan, &policy, &kind_of, &run.lines, &input.events);
            let engine: Vec<Timing> = run.lines.iter().filter(|l| is_timing(l.kind)).map(timing).collect();
            prop_assert_eq!(&engine, &month.lines, "month {} timing lines", m + 1);
            let s = &run.state;
            let holds: Vec<MHold> = s.holds.iter().map(|h| MHold {
                id: h.transaction_id, booked: h.booked, rule: h.rule_id,
                held: h.held.amount(), released: h.released.amount(), cancelled: h.cancelled.amount(),
            }).collect();
            prop_assert_eq!(&holds, &model.holds, "month {} holds", m + 1);
            let deals: Vec<MDeal> = s.deals.iter().map(|x| MDeal {
                id: x.transaction_id, booked: x.booked, rule: x.rule_id, term: x.term_months,
                paid: x.paid.amount(), clawed: x.clawed.amount(),
            }).collect();
            prop_assert_eq!(&deals, &model.deals, "month {} clawback records", m + 1);
            let recoveries: Vec<MRecovery> = s.recoveries.iter().map(|r| MRecovery {
                id: r.transaction_id, rule: r.rule_id, remaining: r.remaining.amount(), left: r.instalments_left,
            }).collect();
            prop_assert_eq!(&recoveries, &model.recoveries, "month {} recoveries", m + 1);
            prop_assert_eq!(s.balance.amount(), model.balance);
            prop_assert_eq!(s.draw_outstanding.amount(), model.draw_outstanding);

            // Per statement: paid + Δ(H + B − R − D) − Dn = E − C − K.
            let open = balances(s);
            let left = sub(add(run.net(), sub(open, open_before)), month.gifts);
            let right = sub(sub(earned, month.cancelled), month.scheduled);
            prop_assert_eq!(left, right, "month {} balance identity", m + 1);
            open_before = open;
            prop_assert_eq!(run.statement.totals.reconciled().unwrap(), run.statement.net);
            prop_assert!(run.statement.net.is_minor_exact());
            if !year.pay_negative {
                prop_assert!(!run.statement.net.is_negative());
            }
        }

        // Nothing re-rated escapes its booking: with plan-currency credits
        // and per-line rounding (no rate or rounding of a total moves), each
        // booking's earnings and true-ups over the year are its lines in the
        // annual computation, and no true-up is left at plan level.
        let plain = plan.rounding.at == RoundAt::Line
            && all.iter().all(|t| t.amount.currency() == Currency::USD);
        if plain {
            let mut sorted = all.clone();
            sorted.sort_by_key(|t| t.source.date);
            let credits = credit_all(&sorted);
            let mut scratch = vec![blank_earnings(); 4096];
            let annual = compute_earnings(&plan, REP, &credits, &[], date(12, 31), &mut scratch).unwrap();
            for t in &all {
                let key = (Some(t.source.transaction_id), t.source.date);
                let expected = money_sum(scratch[..annual.line_count].iter()
                    .filter(|l| (l.transaction_id, l.date) == key)
                    .map(|l| l.amount.amount()).collect::<Vec<_>>().iter());
                let paid = money_sum(runs.iter().flat_map(|r| r.lines.iter())
                    .filter(|l| !is_timing(l.kind) && (l.transaction_id, l.date) == key)
                    .map(|l| l.amount.amount()).collect::<Vec<_>>().iter());
                prop_assert_eq!(paid, expected, "booking {:?} attributed", key);
            }
            prop_assert!(
                runs.iter().flat_map(|r| r.lines.iter()).all(|l| l.kind != PayoutLineKind::TrueUp || l.transaction_id.is_some()),
                "no plan-level true-up"
            );
        }
        // The year: paid + H + B − R − D − Dn = E − C − K, with E the
        // annual computation and C, K from the model.
        let end = &runs[11].state;
        let t = end.totals;
        prop_assert_eq!(t.reconciled().unwrap(), t.paid);
        let paid = money_sum(runs.iter().map(Run::net).collect::<Vec<_>>().iter());
        prop_assert_eq!(paid, t.paid.amount());
        let annual = earned_through(&plan, &all, &fx, date(12, 31));
        prop_assert_eq!(t.earned.amount(), annual);
        prop_assert_eq!(
            sub(add(paid, balances(end)), model.gifts),
            sub(sub(annual, model.cancelled), model.scheduled),
            "year balance identity"
        );
        // The engine's own totals agree with the model's figures.
        prop_assert_eq!(t.cancelled.amount(), model.cancelled);
        let recovering = money_sum(end.recoveries.iter().map(|r| r.remaining.amount()).collect::<Vec<_>>().iter());
        prop_assert_eq!(add(t.clawed_back.amount(), recovering), model.scheduled);
    }
}

/// The gated year of the churn reproductions: deal 1 booked 10 000 on
/// 5 January (gated: 0), churned on 10 February (36 days, inside a 180-day
/// `Full` clawback window), paid 725 by March's true-up when deal 2's
/// 10 000 on 2 March opens the gate (20 000 of 30 000 ≥ 50 %, 7.25 %);
/// `live_hold` holds New deals until live. `april` are April's events.
fn churned_then_trued_up(
    live_hold: Option<(u8, bool, bool)>,
    april: Vec<PayoutEvent>,
) -> (Vec<Run>, PayoutState) {
    let churn = vec![event(1, EventKind::Churn, date(2, 10), "1")];
    gated_then_trued_up(live_hold, 180, [vec![], churn, vec![], april])
}

/// The gated year above with a `Full` clawback window of `window_days`
/// and `events` reported January to April.
fn gated_then_trued_up(
    live_hold: Option<(u8, bool, bool)>,
    window_days: u32,
    events: [Vec<PayoutEvent>; 4],
) -> (Vec<Run>, PayoutState) {
    let [january, february, march, april] = events;
    let year = Year {
        plan: 2,
        round_total: false,
        currencies: 1,
        live_hold,
        dated_hold: None,
        clawback: Some((false, window_days, 1, false)),
        draw: None,
        pay_negative: false,
        months: Vec::new(),
    };
    let plan = plan_of(&year);
    let policy = policy_of(&year);
    let fx = fx_rates();
    let setup = Setup {
        plan: &plan,
        policy: &policy,
        relief: None,
        fx: &fx,
    };
    let usd10k = Money::parse("10000", Currency::USD).unwrap();
    let months = vec![
        // January: 10 000 of a 30 000 quarterly quota, gate at 50 %: 0.
        MonthInput {
            deals: vec![booking(1, date(1, 5), NEW, usd10k)],
            events: january,
        },
        MonthInput {
            deals: vec![],
            events: february,
        },
        // March: 20 000, the gate opens; 7.25 % pays both deals 725.
        MonthInput {
            deals: vec![booking(2, date(3, 2), NEW, usd10k)],
            events: march,
        },
        MonthInput {
            deals: vec![],
            events: april,
        },
    ];
    let runs = run_months(&setup, PayoutState::new(REP, Currency::USD), &months);
    let end = runs[3].state.clone();
    (runs, end)
}

/// A deal gated when booked, churned inside its clawback window, then paid
/// by the true-up when the gate opens: paid on time, its commission would
/// have been clawed back by the churn.
#[test]
fn a_churn_before_the_true_up_that_pays_the_deal_still_claws_it_back() {
    let (runs, _) = churned_then_trued_up(None, vec![]);
    // Paid on time, January would have paid 725 and February's churn
    // clawed it back: the year pays deal 2's 725 only.
    assert_eq!(runs[2].sum(PayoutLineKind::TrueUp), d("725"));
    let clawed: Decimal = runs
        .iter()
        .map(|r| r.sum(PayoutLineKind::Clawback))
        .fold(Decimal::ZERO, add);
    assert_eq!(clawed, d("-725"), "nets {:?}", nets(&runs));
    // March: 725 + 725 earned − 725 clawed back at once (one instalment).
    assert_eq!(nets(&runs), ds(&["0", "0", "725", "0"]));
}

/// A contraction inside a window that has closed by the time the true-up
/// pays the deal (found by the payout fuzz target): the remembered event
/// still claws back its share of the late pay, and never more than that
/// pay.
#[test]
fn a_contraction_in_a_window_closed_before_the_true_up_claws_back_its_share_of_it() {
    // 40 % lost on 31 January, 26 days after booking: inside a 35-day
    // window that closes on 9 February, a month before March pays.
    let january = vec![event(1, EventKind::Contraction, date(1, 31), "0.4")];
    let (runs, _) = gated_then_trued_up(None, 35, [january, vec![], vec![], vec![]]);
    let march = &runs[2];
    assert_eq!(march.sum(PayoutLineKind::TrueUp), d("725"));
    // 725 × 0.4 = 290, on deal 1, dated on the contraction's statement.
    let clawed = march.of_kind(PayoutLineKind::Clawback);
    assert_eq!(clawed.len(), 1);
    assert_eq!(
        (clawed[0].transaction_id, clawed[0].amount.amount()),
        (Some(1), d("-290"))
    );
    // March: 725 + 725 − 290 = 1 160; nothing else in the year.
    assert_eq!(nets(&runs), ds(&["0", "0", "1160", "0"]));
}

/// The same churned deal under a 50 % hold until live: the hold made on
/// March's true-up, after the churn, is cancelled as the churn would have
/// cancelled it, the paid half is clawed back, and a later go-live of the
/// churned deal releases nothing.
#[test]
fn a_hold_made_after_the_churn_is_cancelled() {
    let april = vec![
        event(1, EventKind::CustomerLive, date(4, 10), "1"),
        event(2, EventKind::CustomerLive, date(4, 10), "1"),
    ];
    let (runs, end) = churned_then_trued_up(Some((2, false, false)), april);
    let march = &runs[2];
    // Deal 1's true-up 725: 362.50 held, then cancelled by the churn of
    // 10 February (dated on it, basis 362.50); the other 362.50 clawed.
    let cancelled = march.of_kind(PayoutLineKind::HoldCancelled);
    assert_eq!(cancelled.len(), 1);
    assert_eq!(
        (
            cancelled[0].transaction_id,
            cancelled[0].date,
            cancelled[0].basis
        ),
        (Some(1), date(2, 10), d("362.50"))
    );
    assert_eq!(march.sum(PayoutLineKind::Hold), d("-725"));
    assert_eq!(march.sum(PayoutLineKind::Clawback), d("-362.50"));
    // March: 1 450 earned − 725 held − 362.50 clawed = 362.50. April:
    // deal 2 live releases its 362.50; deal 1's hold is gone.
    assert_eq!(nets(&runs), ds(&["0", "0", "362.50", "362.50"]));
    let released = runs[3].of_kind(PayoutLineKind::Release);
    assert_eq!(released.len(), 1);
    assert_eq!(released[0].transaction_id, Some(2));
    assert!(end.holds.is_empty());
    // The year pays deal 2's 725 only; deal 1's 725 is cancelled or clawed.
    assert_eq!(end.totals.paid.amount(), d("725"));
    assert_eq!(end.totals.cancelled.amount(), d("362.50"));
    assert_eq!(end.totals.clawed_back.amount(), d("362.50"));
}
