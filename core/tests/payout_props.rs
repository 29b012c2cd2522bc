//! Properties of the payout engine over random years of deals and events:
//! the reconciliation identity (stated in `docs/payout.md`) holds exactly,
//! the months add up to the annual computation, and balances tie out.
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
use salesphysics_core::limits::MAX_RELEASE_STEPS;
use salesphysics_core::payout::*;
use salesphysics_core::{Currency, Decimal, Money, Period, RoundingMode};
use support::payout::*;

/// A deal as (day of month, MRR in cents).
type DealPick = (u32, i64);
/// An event as (which booked deal, kind, level).
type EventPick = (usize, u8, u8);

#[derive(Debug, Clone)]
struct Year {
    plan: u8,
    round_total: bool,
    holdback: Option<(u8, u8)>,
    clawback: Option<(bool, u32, u32)>,
    draw: Option<(bool, u32, u8)>,
    pay_negative: bool,
    /// Per month: deals as (day, MRR in cents), events as (deal pick, kind, level pick).
    months: Vec<(Vec<DealPick>, Vec<EventPick>)>,
}

fn year() -> impl Strategy<Value = Year> {
    let month = (
        prop::collection::vec((1u32..=28, 1i64..=2_000_000), 0..8),
        prop::collection::vec((0usize..64, 0u8..4, 0u8..4), 0..4),
    );
    (
        0u8..3,
        any::<bool>(),
        prop::option::of((1u8..=4, 0u8..3)),
        prop::option::of((any::<bool>(), 30u32..200, 1u32..4)),
        prop::option::of((any::<bool>(), 0u32..300_000, 0u8..=4)),
        any::<bool>(),
        prop::collection::vec(month, 12),
    )
        .prop_map(
            |(plan, round_total, holdback, clawback, draw, pay_negative, months)| Year {
                plan,
                round_total,
                holdback,
                clawback,
                draw,
                pay_negative,
                months,
            },
        )
}

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
    if year.round_total {
        plan.rounding = RoundingPolicy {
            at: RoundAt::Total,
            mode: RoundingMode::HalfUp,
        };
    }
    plan
}

fn policy_of(year: &Year) -> PayoutPolicy {
    let new = KindSet::of(&[TransactionKind::New]);
    let mut policy = PayoutPolicy::plain();
    if let Some((quarters, condition)) = year.holdback {
        let steps: heapless::Vec<ReleaseStep, MAX_RELEASE_STEPS> = [
            ReleaseStep {
                at_level: d("0.5"),
                cumulative_share: d("0.4"),
            },
            ReleaseStep {
                at_level: d("1"),
                cumulative_share: d("1"),
            },
        ]
        .into_iter()
        .collect();
        policy
            .holdbacks
            .push(HoldbackRule {
                id: 300,
                kinds: new,
                share: Decimal::new(i128::from(quarters) * 25, 2).unwrap(),
                condition: match condition {
                    0 => ReleaseCondition::CustomerLive,
                    1 => ReleaseCondition::FirstPayment,
                    _ => ReleaseCondition::DaysAfterBooking(75),
                },
                steps,
            })
            .unwrap();
    }
    if let Some((prorated, window_days, instalments)) = year.clawback {
        policy
            .clawbacks
            .push(ClawbackRule {
                id: 500,
                kinds: new,
                window_days,
                method: if prorated {
                    ClawbackMethod::ProratedUnserved
                } else {
                    ClawbackMethod::Full
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
            recover_from: date(u32::from(months) + 1, 1),
        });
    }
    if year.pay_negative {
        policy.negative_net = NegativeNet::PayNegative;
    }
    policy
}

fn inputs_of(year: &Year) -> Vec<MonthInput> {
    let mut booked: Vec<u64> = Vec::new();
    let mut inputs = Vec::new();
    for (m, (deals, events)) in year.months.iter().enumerate() {
        let m = m as u32 + 1;
        let mut input = MonthInput::default();
        let mut sorted = deals.clone();
        sorted.sort_by_key(|(day, _)| *day);
        for (day, cents) in sorted {
            let id = u64::from(m) * 100 + booked.len() as u64;
            let mrr = Money::from_minor_units(i128::from(cents), Currency::USD).unwrap();
            input
                .deals
                .push(deal(id, date(m, day), &mrr.amount().to_string()));
            booked.push(id);
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
        inputs.push(input);
    }
    inputs
}

fn sum(values: impl Iterator<Item = Money>) -> Money {
    values.fold(usd("0"), |a, b| a.checked_add(b).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_year_of_statements_reconciles_exactly(year in year()) {
        let plan = plan_of(&year);
        let policy = policy_of(&year);
        let inputs = inputs_of(&year);
        let setup = Setup { plan: &plan, policy: &policy, relief: None, fx: &[] };
        let runs = run_months(&setup, PayoutState::new(REP, Currency::USD), &inputs);
        let end = &runs[11].state;
        let t = end.totals;

        // Reusing closed quota periods changes nothing but the speed.
        let uncached = run_months_with(&setup, PayoutState::new(REP, Currency::USD), &inputs, true);
        for (a, b) in runs.iter().zip(&uncached) {
            prop_assert_eq!(&a.statement, &b.statement);
            // Same lines; the scratch positions of their explanations differ.
            let explained = |run: &Run| -> Vec<(PayoutLine, Option<EarningsLine>)> {
                run.lines
                    .iter()
                    .map(|l| (PayoutLine { earnings: None, ..*l }, l.earnings.map(|_| run.explain(l))))
                    .collect()
            };
            prop_assert_eq!(explained(a), explained(b));
        }

        // Σ monthly nets = paid to date, and the identity
        // paid = earned − held + released − clawed_back + draws − recovered
        //        + carried_in + carried_out
        prop_assert_eq!(sum(runs.iter().map(|r| r.statement.net)), t.paid);
        prop_assert_eq!(t.reconciled().unwrap(), t.paid);
        for kind_total in [
            (PayoutLineKind::Hold, t.held.neg()),
            (PayoutLineKind::Release, t.released),
            (PayoutLineKind::Clawback, t.clawed_back.neg()),
            (PayoutLineKind::Draw, t.draws),
            (PayoutLineKind::DrawRecovery, t.recovered.neg()),
            (PayoutLineKind::CarryIn, t.carried_in),
            (PayoutLineKind::CarryOut, t.carried_out),
        ] {
            let lines = runs.iter().map(|r| Money::new(r.sum(kind_total.0), Currency::USD));
            prop_assert_eq!(sum(lines), kind_total.1, "{:?}", kind_total.0);
        }

        // The months add up to the annual computation.
        let mut all: Vec<Transaction> = inputs.iter().flat_map(|i| i.deals.clone()).collect();
        all.sort_by_key(|t| t.source.date);
        let credits = credit_all(&all);
        let mut scratch = vec![blank_earnings(); 4096];
        let annual = compute_earnings(&plan, REP, &credits, &[], date(12, 31), &mut scratch).unwrap();
        prop_assert_eq!(t.earned, annual.total);
        prop_assert_eq!(end.earned_to_date, annual.total);

        // Balances tie out: what is still held, the draw outstanding, the
        // balance carried.
        let held = sum(end.holds.iter().map(|h| h.outstanding().unwrap()));
        prop_assert_eq!(held, t.held.checked_sub(t.released).unwrap().checked_sub(t.cancelled).unwrap());
        match policy.draw.map(|d| d.kind) {
            Some(DrawKind::Recoverable) => {
                prop_assert_eq!(end.draw_outstanding, t.draws.checked_sub(t.recovered).unwrap());
            }
            _ => prop_assert!(end.draw_outstanding.is_zero()),
        }
        prop_assert_eq!(end.balance, t.carried_in.checked_add(t.carried_out).unwrap().neg());

        // Paid (net of the debt carried) never exceeds earned + draws.
        let paid_net = t.paid.checked_add(end.balance).unwrap();
        prop_assert!(paid_net.amount() <= t.earned.checked_add(t.draws).unwrap().amount());
        if !year.pay_negative {
            prop_assert!(runs.iter().all(|r| !r.statement.net.is_negative()));
        }
        // Every payable figure is in whole cents.
        prop_assert!(runs.iter().all(|r| r.statement.net.is_minor_exact()));
    }
}
