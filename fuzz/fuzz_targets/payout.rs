#![no_main]
//! Arbitrary multi-period sequences of statements: deals booked, go-lives,
//! payments, churn and contraction, under random holdback, clawback, draw,
//! relief and negative-net rules, on a plan of one component or two (the
//! second on its own quota period, table and kinds: with relief, the path
//! that rates each quota period's components apart and merges the lines).
//!
//! Invariants: no panic; every net is exactly the sum of its lines and the
//! totals reconcile; paid (net of the balance carried) never exceeds earned
//! plus draws; clawbacks on a deal never exceed what was paid on it; the
//! state round-trips (rebuilt field by field it is equal, it validates, and
//! the same statement from the same state gives the same answer).

use std::collections::BTreeMap;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use salesphysics_core::compensation::*;
use salesphysics_core::payout::*;
use salesphysics_core::{Currency, Date, Decimal, Money, Period, ALL_ROUNDING_MODES};
use salesphysics_testkit::payout::{booking, credit_all, plan_with, table, REP, YEAR};

#[derive(Arbitrary, Debug)]
struct FuzzDeal {
    day: u8,
    cents: u32,
    kind: u8,
    term: u8,
}

#[derive(Arbitrary, Debug)]
struct FuzzEvent {
    pick: u16,
    kind: u8,
    level_pct: u8,
}

#[derive(Arbitrary, Debug)]
struct FuzzMonth {
    deals: Vec<FuzzDeal>,
    events: Vec<FuzzEvent>,
}

#[derive(Arbitrary, Debug)]
struct FuzzInput {
    table: u8,
    per_total: bool,
    mode: u8,
    holdback: Option<(u8, u8, u8)>,
    clawback: Option<(bool, u16, u8)>,
    draw: Option<(bool, u32, u8, u8)>,
    pay_negative: bool,
    opening_cents: u16,
    relief: Option<(u8, u8, u8)>,
    /// A second component: quota period, table shape, kinds counted.
    second: Option<(u8, u8, u8)>,
    months: Vec<FuzzMonth>,
}

fn d(units: i64, scale: u32) -> Decimal {
    Decimal::new(i128::from(units), scale).unwrap()
}

fn date(month: u32, day: u32) -> Date {
    salesphysics_testkit::payout::date(month, day.clamp(1, 28))
}

fn plan(input: &FuzzInput) -> Plan {
    let (quota, period, first_table) = match input.table % 3 {
        0 => (
            "10000",
            QuotaPeriod::Month,
            table(RateMethod::Graduated, &[("0", None, "0.1")]),
        ),
        1 => (
            "10000",
            QuotaPeriod::Month,
            table(
                RateMethod::Graduated,
                &[("0", Some("10000"), "0.0725"), ("10000", None, "0.1333")],
            ),
        ),
        _ => (
            "30000",
            QuotaPeriod::Quarter,
            table(
                RateMethod::Retroactive,
                &[("0", Some("30000"), "0.08"), ("30000", None, "0.125")],
            ),
        ),
    };
    let mut plan = plan_with(quota, period, first_table);
    let component = &mut plan.components[0];
    component.measure = Measure::of(
        KindSet::of(&[TransactionKind::New, TransactionKind::Expansion]),
        MeasureUnit::Mrr,
    );
    component.gate = (input.table % 2 == 0).then_some(Gate {
        component_id: 70,
        min_attainment: d(5, 1),
    });
    plan.rounding = RoundingPolicy {
        at: if input.per_total {
            RoundAt::Total
        } else {
            RoundAt::Line
        },
        mode: ALL_ROUNDING_MODES[usize::from(input.mode) % ALL_ROUNDING_MODES.len()],
    };
    if let Some((period, shape, kinds)) = input.second {
        let period =
            [QuotaPeriod::Month, QuotaPeriod::Quarter, QuotaPeriod::Year][usize::from(period % 3)];
        let second_table = match shape % 3 {
            0 => table(RateMethod::Graduated, &[("0", None, "0.05")]),
            1 => table(
                RateMethod::Graduated,
                &[("0", Some("20000"), "0.02"), ("20000", None, "0.04")],
            ),
            _ => table(
                RateMethod::Retroactive,
                &[("0", Some("50000"), "0.03"), ("50000", None, "0.06")],
            ),
        };
        let kinds: &[TransactionKind] = match kinds % 3 {
            0 => &[TransactionKind::New],
            1 => &[TransactionKind::Expansion],
            _ => &[TransactionKind::New, TransactionKind::Expansion],
        };
        let measure = Measure::of(KindSet::of(kinds), MeasureUnit::Mrr);
        plan.components
            .push(Component::new(
                71,
                measure,
                d(40_000, 0),
                period,
                second_table,
            ))
            .unwrap();
    }
    plan
}

fn policy(input: &FuzzInput) -> PayoutPolicy {
    let new = KindSet::of(&[TransactionKind::New]);
    let mut policy = PayoutPolicy::plain();
    if let Some((share_pct, condition, days)) = input.holdback {
        policy
            .holdbacks
            .push(HoldbackRule {
                id: 300,
                kinds: new,
                share: d(i64::from(share_pct % 101), 2),
                condition: match condition % 4 {
                    0 => ReleaseCondition::CustomerLive,
                    1 => ReleaseCondition::FirstPayment,
                    2 => ReleaseCondition::DaysAfterBooking(u32::from(days)),
                    _ => ReleaseCondition::OnDate(date(u32::from(days % 12) + 1, 15)),
                },
                steps: [
                    ReleaseStep {
                        at_level: d(3, 1),
                        cumulative_share: d(25, 2),
                    },
                    ReleaseStep {
                        at_level: d(7, 1),
                        cumulative_share: d(6, 1),
                    },
                    ReleaseStep {
                        at_level: Decimal::ONE,
                        cumulative_share: Decimal::ONE,
                    },
                ]
                .into_iter()
                .collect(),
            })
            .unwrap();
    }
    if let Some((prorated, window, instalments)) = input.clawback {
        policy
            .clawbacks
            .push(ClawbackRule {
                id: 500,
                kinds: new,
                window_days: u32::from(window % 400),
                method: if prorated {
                    ClawbackMethod::ProratedUnserved
                } else {
                    ClawbackMethod::Full
                },
                instalments: u32::from(instalments % 6) + 1,
            })
            .unwrap();
    }
    if let Some((recoverable, cents, months, share_pct)) = input.draw {
        let months = u32::from(months % 12) + 1;
        policy.draw = Some(DrawPolicy {
            id: 900,
            kind: if recoverable {
                DrawKind::Recoverable
            } else {
                DrawKind::NonRecoverable
            },
            amount: d(i64::from(cents % 1_000_000), 2),
            in_force: Period::new(date(1, 1), Period::month(YEAR, months).unwrap().last()).unwrap(),
            recovery_share: d(i64::from(share_pct % 101), 2),
            recover_from: date(months, 1),
        });
    }
    if input.pay_negative {
        policy.negative_net = NegativeNet::PayNegative;
    }
    policy
}

fn relief(input: &FuzzInput) -> Option<QuotaRelief> {
    let (start, leave, ramp) = input.relief?;
    let start = date(u32::from(start % 12) + 1, u32::from(start % 28) + 1);
    let leave_first = date(u32::from(leave % 12) + 1, 1);
    Some(QuotaRelief {
        employment: Period::new(start, date(12, 31).max(start)).unwrap(),
        leaves: [Period::new(leave_first, leave_first.add_days(9).unwrap()).unwrap()]
            .into_iter()
            .collect(),
        ramp: [d(i64::from(ramp % 100) + 1, 2), d(75, 2)]
            .into_iter()
            .collect(),
    })
}

fn transaction(id: u64, on: Date, deal: &FuzzDeal) -> Transaction {
    let kind = if deal.kind % 4 == 0 {
        TransactionKind::Expansion
    } else {
        TransactionKind::New
    };
    let amount =
        Money::from_minor_units(i128::from(deal.cents % 5_000_000), Currency::USD).unwrap();
    let mut transaction = booking(id, on, kind, amount);
    transaction.source.term_months = u32::from(deal.term % 37);
    transaction
}

/// The state rebuilt field by field, as a proto mapping would.
fn rebuilt(state: &PayoutState) -> PayoutState {
    let PayoutState {
        participant_id,
        currency,
        through,
        plan_id,
        plan_start,
        earned_to_date,
        balance,
        draw_outstanding,
        holds,
        deals,
        recoveries,
        losses,
        closed,
        totals,
    } = state;
    let mut copy = PayoutState::new(*participant_id, *currency);
    copy.through = *through;
    copy.plan_id = *plan_id;
    copy.plan_start = *plan_start;
    copy.earned_to_date = *earned_to_date;
    copy.balance = *balance;
    copy.draw_outstanding = *draw_outstanding;
    for hold in holds {
        copy.holds.push(Hold { ..*hold }).unwrap();
    }
    for deal in deals {
        copy.deals.push(DealRecord { ..*deal }).unwrap();
    }
    for recovery in recoveries {
        copy.recoveries.push(Recovery { ..*recovery }).unwrap();
    }
    for loss in losses {
        copy.losses.push(Loss { ..*loss }).unwrap();
    }
    for period in closed {
        copy.closed.push(ClosedPeriod { ..*period }).unwrap();
    }
    copy.totals = *totals;
    copy
}

fn sum(lines: &[PayoutLine], kind: Option<PayoutLineKind>) -> Decimal {
    lines
        .iter()
        .filter(|l| kind.is_none_or(|k| l.kind == k))
        .fold(Decimal::ZERO, |acc, l| {
            acc.checked_add(l.amount.amount()).unwrap()
        })
}

fuzz_target!(|input: FuzzInput| {
    let plan = plan(&input);
    let policy = policy(&input);
    let relief = relief(&input);
    let mut state = PayoutState::new(REP, Currency::USD);
    state.balance =
        Money::from_minor_units(-i128::from(input.opening_cents), Currency::USD).unwrap();
    let mut transactions: Vec<Transaction> = Vec::new();
    let mut booked: Vec<u64> = Vec::new();
    let mut clawed: BTreeMap<u64, Decimal> = BTreeMap::new();
    let mut paid_on: BTreeMap<u64, Decimal> = BTreeMap::new();
    let mut credited: BTreeMap<u64, (Decimal, Decimal)> = BTreeMap::new();
    let mut scratch = vec![EarningsLine::EMPTY; 2048];
    let mut out = vec![PayoutLine::EMPTY; 2048];
    for (m, month) in input.months.iter().take(12).enumerate() {
        let m = m as u32 + 1;
        let period = Period::month(YEAR, m).unwrap();
        let mut deals: Vec<_> = month.deals.iter().take(40).collect();
        deals.sort_by_key(|deal| deal.day % 28);
        for deal in deals {
            let id = u64::from(m) * 1000 + booked.len() as u64;
            transactions.push(transaction(id, date(m, u32::from(deal.day % 28) + 1), deal));
            booked.push(id);
        }
        let mut events = Vec::new();
        for e in month.events.iter().take(40) {
            let Some(&id) = booked.get(usize::from(e.pick) % booked.len().max(1)) else {
                continue;
            };
            let kind = [
                EventKind::CustomerLive,
                EventKind::FirstPayment,
                EventKind::Churn,
                EventKind::Contraction,
            ][usize::from(e.kind % 4)];
            let level = if kind == EventKind::Churn {
                100
            } else {
                i64::from(e.level_pct % 100) + 1
            };
            events.push(PayoutEvent {
                transaction_id: id,
                kind,
                date: period.last(),
                level: d(level, 2),
            });
        }
        let credits = credit_all(&transactions);
        let request = StatementRequest {
            participant_id: REP,
            period,
            plan: &plan,
            policy: &policy,
            relief: relief.as_ref(),
            credits: &credits,
            events: &events,
            fx: &[],
            fx_date: period.last(),
            state: &state,
        };
        let mut next = PayoutState::new(REP, Currency::USD);
        let Ok(statement) =
            salesphysics_core::payout::statement(&request, &mut scratch, &mut out, &mut next)
        else {
            // A capacity or range error is an answer; the run ends there.
            return;
        };
        let lines = &out[..statement.line_count];

        // Every net is the sum of its lines; the totals reconcile.
        assert_eq!(sum(lines, None), statement.net.amount());
        assert_eq!(
            statement.totals.reconciled().unwrap(),
            statement.totals.paid
        );
        assert_eq!(next.totals.reconciled().unwrap(), next.totals.paid);
        if policy.negative_net == NegativeNet::CarryForward {
            assert!(!statement.net.is_negative());
        }

        // Paid (net of the balance carried, counted from the opening one)
        // never exceeds earned plus draws.
        let t = next.totals;
        let opening =
            Money::from_minor_units(-i128::from(input.opening_cents), Currency::USD).unwrap();
        let paid_net = t
            .paid
            .checked_add(next.balance)
            .unwrap()
            .checked_sub(opening)
            .unwrap();
        assert!(paid_net.amount() <= t.earned.checked_add(t.draws).unwrap().amount());

        // Clawbacks on a deal never exceed what was paid on it: the most
        // its record showed paid, or, once the record is gone (its window
        // closed before a late true-up paid it and the remembered events
        // clawed that back), the most commission ever credited to it.
        for deal in &next.deals {
            let seen = paid_on.entry(deal.transaction_id).or_insert(Decimal::ZERO);
            *seen = (*seen).max(deal.paid.amount());
            assert!(deal.clawed.amount() <= deal.paid.amount().max(Decimal::ZERO));
        }
        let attributed =
            |l: &&PayoutLine| matches!(l.kind, PayoutLineKind::Earnings | PayoutLineKind::TrueUp);
        for line in lines.iter().filter(attributed) {
            if let Some(id) = line.transaction_id {
                let (sum, peak) = credited.entry(id).or_insert((Decimal::ZERO, Decimal::ZERO));
                *sum = sum.checked_add(line.amount.amount()).unwrap();
                *peak = (*peak).max(*sum);
            }
        }
        for line in lines.iter().filter(|l| l.kind == PayoutLineKind::Clawback) {
            let id = line.transaction_id.unwrap();
            let total = clawed.entry(id).or_insert(Decimal::ZERO);
            *total = total.checked_sub(line.amount.amount()).unwrap();
            let bound = if next.deals.iter().any(|d| d.transaction_id == id) {
                paid_on.get(&id).copied()
            } else {
                credited.get(&id).map(|&(_, peak)| peak)
            };
            assert!(*total <= bound.unwrap_or(Decimal::ZERO));
        }

        // The state round-trips and the statement is deterministic.
        next.validate().unwrap();
        assert_eq!(rebuilt(&next), next);
        let mut again = PayoutState::new(REP, Currency::USD);
        let mut out_again = vec![PayoutLine::EMPTY; statement.line_count];
        let repeat = salesphysics_core::payout::statement(
            &request,
            &mut scratch,
            &mut out_again,
            &mut again,
        )
        .unwrap();
        assert_eq!(repeat, statement);
        assert_eq!(again, next);
        assert_eq!(&out_again[..], lines);
        state = next;
    }
});
