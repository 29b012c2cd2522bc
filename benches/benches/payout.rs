//! Payout engine benchmarks (single core):
//! - a participant-year: 12 monthly statements, 100 new deals a month, with
//!   holdbacks released at go-live (about 110 go-live events a month),
//!   clawbacks on churn (3 a month) and a recoverable
//!   draw; each statement recomputes earnings to date (month 12 re-rates
//!   1 200 credits). Target ≤ 300 µs.
//! - an organization month: 10 000 participants' statements of 100
//!   transactions each (credits to date). Target ≤ 0.2 s.
//! - for scale, one December statement re-rating 1 200 credits.
//! - issue 10's size: a participant-year of 430 new deals a month (5 160
//!   credit lines by December), each held until go-live and in a year-long
//!   clawback window (about 4 650 holds open and 5 160 deals tracked in
//!   December), in the growable state storage.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use core::hint::black_box;
use core::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use salesphysics_core::compensation::*;
use salesphysics_core::payout::*;
use salesphysics_core::{Channel, Currency, Decimal, Money, Period, Role, RoundingMode};
use salesphysics_testkit::compensation::{d, date, YEAR};

const REP: u64 = 1;

fn plan() -> Plan {
    let tiers = [
        ("0", Some("20000"), "0.08"),
        ("20000", Some("60000"), "0.10"),
        ("60000", Some("100000"), "0.12"),
        ("100000", None, "0.15"),
    ];
    let component = Component {
        group: None,
        id: 10,
        weight: Decimal::ONE,
        measure: Measure::of(KindSet::of(&[TransactionKind::New]), MeasureUnit::Mrr),
        quota: d("100000"),
        quota_period: QuotaPeriod::Month,
        rate_table: RateTable {
            method: RateMethod::Graduated,
            tiers: tiers
                .iter()
                .map(|(l, u, r)| Tier {
                    lower: d(l),
                    upper: u.map(d),
                    rate: d(r),
                })
                .collect(),
        },
        tier_basis: TierBasis::PeriodToDate,
        tier_axis: TierAxis::Amount,
        accelerators: Default::default(),
        kickers: Default::default(),
        gate: None,
        cap: None,
        bonuses: Default::default(),
    };
    Plan {
        categories: Default::default(),
        id: 1,
        version: 1,
        role: Some(Role::AccountExecutive),
        effective: Period::year(YEAR).unwrap(),
        calendar: FiscalCalendar::CALENDAR_YEAR,
        currency: Currency::USD,
        on_target_earnings: d("120000"),
        variable_share: d("0.5"),
        components: [component].into_iter().collect(),
        spifs: Default::default(),
        cap: None,
        rounding: RoundingPolicy {
            at: RoundAt::Line,
            mode: RoundingMode::HalfEven,
        },
    }
}

fn policy() -> PayoutPolicy {
    let new = KindSet::of(&[TransactionKind::New]);
    PayoutPolicy {
        holdbacks: [HoldbackRule {
            id: 300,
            kinds: new,
            share: d("0.25"),
            condition: ReleaseCondition::CustomerLive,
            steps: [
                ReleaseStep {
                    at_level: d("0.5"),
                    cumulative_share: d("0.5"),
                },
                ReleaseStep {
                    at_level: d("1"),
                    cumulative_share: d("1"),
                },
            ]
            .into_iter()
            .collect(),
        }]
        .into_iter()
        .collect(),
        clawbacks: [ClawbackRule {
            id: 500,
            kinds: new,
            window_days: 30,
            method: ClawbackMethod::ProratedUnserved,
            instalments: 2,
        }]
        .into_iter()
        .collect(),
        draw: Some(DrawPolicy {
            id: 900,
            kind: DrawKind::Recoverable,
            amount: d("5000"),
            in_force: Period::new(date(1, 1), date(3, 31)).unwrap(),
            recovery_share: d("0.5"),
            recover_from: date(4, 1),
        }),
        negative_net: NegativeNet::CarryForward,
        fx: Default::default(),
    }
}

/// 100 new deals in `month`, credited to `REP`.
fn month_of_deals(month: u32, deals: u64) -> Vec<Transaction> {
    (0..deals)
        .map(|i| Transaction {
            source: Source {
                attributes: Default::default(),
                transaction_id: u64::from(month) * 1000 + i,
                date: date(month, 1 + (i as u32 % 28)),
                kind: TransactionKind::New,
                term_months: 12,
                account_tier: AccountTier::Smb,
                channel: Some(Channel::Inbound),
                prepaid: false,
                new_logo: true,
                at_renewal: false,
                days_to_event: 0,
            },
            amount: Money::from_minor_units(i128::from(50_000 + 3_717 * i as i64), Currency::USD)
                .unwrap(),
            quantity: Decimal::ZERO,
            splits: [Split {
                participant_id: REP,
                kind: SplitKind::Revenue,
                share: Decimal::ONE,
            }]
            .into_iter()
            .collect(),
        })
        .collect()
}

/// Go-lives for last month's deals (every tenth only half live, fully
/// live the month after) and churn of three of this month's deals, all on
/// the 28th.
fn month_of_events(month: u32, deals: u64) -> Vec<PayoutEvent> {
    let mut events = Vec::new();
    let live = |month: u32, i: u64, level: &str| PayoutEvent {
        transaction_id: u64::from(month) * 1000 + i,
        kind: EventKind::CustomerLive,
        date: date(1, 1),
        level: d(level),
    };
    if month > 2 {
        for i in (0..deals).step_by(10) {
            events.push(PayoutEvent {
                date: date(month, 28),
                ..live(month - 2, i, "1")
            });
        }
    }
    if month > 1 {
        for i in 0..deals {
            let level = if i % 10 == 0 { "0.5" } else { "1" };
            events.push(PayoutEvent {
                date: date(month, 28),
                ..live(month - 1, i, level)
            });
        }
    }
    for i in [3u64, 4, 5] {
        events.push(PayoutEvent {
            transaction_id: u64::from(month) * 1000 + i,
            kind: EventKind::Churn,
            date: date(month, 28),
            level: Decimal::ONE,
        });
    }
    events
}

fn credits_of(transactions: &[Transaction]) -> Vec<CreditLine> {
    let mut sorted = transactions.to_vec();
    sorted.sort_by_key(|t| t.source.date);
    credit_transactions_owned(&sorted, &[]).unwrap()
}

/// Inputs of the 12 statements: credits to date and the month's events.
struct YearInputs {
    credits: Vec<Vec<CreditLine>>,
    events: Vec<Vec<PayoutEvent>>,
}

/// `deals` new deals a month.
fn year_inputs(deals_per_month: u64) -> YearInputs {
    let mut deals = Vec::new();
    let mut credits = Vec::new();
    let mut events = Vec::new();
    for month in 1..=12 {
        deals.extend(month_of_deals(month, deals_per_month));
        credits.push(credits_of(&deals));
        events.push(month_of_events(month, deals_per_month));
    }
    YearInputs { credits, events }
}

/// Issue 10's participant-year: `deals` new deals a month, go-lives for
/// every tenth of last month's, three churns a month.
fn large_year_inputs(deals_per_month: u64) -> YearInputs {
    let mut deals = Vec::new();
    let mut credits = Vec::new();
    let mut events = Vec::new();
    for month in 1..=12 {
        deals.extend(month_of_deals(month, deals_per_month));
        credits.push(credits_of(&deals));
        let mut month_events = Vec::new();
        if month > 1 {
            for i in (0..deals_per_month).step_by(10) {
                month_events.push(PayoutEvent {
                    transaction_id: u64::from(month - 1) * 1000 + i,
                    kind: EventKind::CustomerLive,
                    date: date(month, 28),
                    level: Decimal::ONE,
                });
            }
        }
        for i in [3u64, 4, 5] {
            month_events.push(PayoutEvent {
                transaction_id: u64::from(month) * 1000 + i,
                kind: EventKind::Churn,
                date: date(month, 28),
                level: Decimal::ONE,
            });
        }
        events.push(month_events);
    }
    YearInputs { credits, events }
}

/// Reused output buffers and two states: the prior one and the next one,
/// swapped after each statement.
struct Buffers<S: StateStorage = Inline> {
    scratch: Vec<EarningsLine>,
    out: Vec<PayoutLine>,
    prior: Box<PayoutState<S>>,
    next: Box<PayoutState<S>>,
    empty: Box<PayoutState<S>>,
}

impl<S: StateStorage> Buffers<S> {
    fn new() -> Self {
        Self::sized(1400 * 4, 1024)
    }

    fn sized(scratch: usize, out: usize) -> Self {
        Buffers {
            scratch: vec![EarningsLine::EMPTY; scratch],
            out: vec![PayoutLine::EMPTY; out],
            prior: Box::new(PayoutState::empty(REP, Currency::USD)),
            next: Box::new(PayoutState::empty(REP, Currency::USD)),
            empty: Box::new(PayoutState::empty(REP, Currency::USD)),
        }
    }

    /// The statement of `month` on top of `prior`; the new state lands in
    /// `prior` for the next month.
    fn step(
        &mut self,
        plan: &Plan,
        policy: &PayoutPolicy,
        month: u32,
        credits: &[CreditLine],
        events: &[PayoutEvent],
    ) -> Statement {
        let period = Period::month(YEAR, month).unwrap();
        let request = StatementRequest {
            participant_id: REP,
            period,
            plan,
            policy,
            relief: None,
            credits,
            events,
            fx: &[],
            fx_date: period.last(),
            state: &self.prior,
        };
        let s = statement(&request, &mut self.scratch, &mut self.out, &mut self.next).unwrap();
        core::mem::swap(&mut self.prior, &mut self.next);
        s
    }

    fn reset(&mut self) {
        self.prior.copy_from(&self.empty);
    }
}

fn run_year<S: StateStorage>(
    plan: &Plan,
    policy: &PayoutPolicy,
    inputs: &YearInputs,
    buffers: &mut Buffers<S>,
) -> Money {
    buffers.reset();
    for (i, (credits, events)) in inputs.credits.iter().zip(&inputs.events).enumerate() {
        buffers.step(plan, policy, i as u32 + 1, credits, events);
    }
    buffers.prior.totals.paid
}

fn participant_year(c: &mut Criterion) {
    let (plan, policy, inputs) = (plan(), policy(), year_inputs(100));
    let mut buffers: Buffers = Buffers::new();
    let mut group = c.benchmark_group("payout");
    group.throughput(Throughput::Elements(12));
    group.bench_function("participant_year_12x100", |b| {
        b.iter(|| run_year(black_box(&plan), &policy, &inputs, &mut buffers))
    });
    // The lighter reading of the target: 100 transactions over the year.
    let light = year_inputs(9);
    group.bench_function("participant_year_108_deals", |b| {
        b.iter(|| run_year(black_box(&plan), &policy, &light, &mut buffers))
    });
    // December alone: the cumulative recomputation of 1 200 credits.
    buffers.reset();
    for (i, (credits, events)) in inputs
        .credits
        .iter()
        .zip(&inputs.events)
        .enumerate()
        .take(11)
    {
        buffers.step(&plan, &policy, i as u32 + 1, credits, events);
    }
    let november = buffers.prior.clone();
    group.bench_function("december_statement_1200_credits", |b| {
        b.iter(|| {
            buffers.prior.copy_from(&november);
            buffers
                .step(
                    black_box(&plan),
                    &policy,
                    12,
                    &inputs.credits[11],
                    &inputs.events[11],
                )
                .net
        })
    });
    group.finish();
}

fn organization_month(c: &mut Criterion) {
    // 10 000 participants with 100 transactions each: every participant
    // runs the same work (January statement, 100 credits, holds, churn
    // clawbacks, the draw), so one participant's inputs stand for all.
    let (plan, policy, inputs) = (plan(), policy(), year_inputs(100));
    let mut buffers: Buffers = Buffers::new();
    let mut group = c.benchmark_group("payout");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(10_000));
    group.bench_function("organization_month_10000x100", |b| {
        b.iter(|| {
            let mut paid = Decimal::ZERO;
            for _ in 0..10_000 {
                buffers.reset();
                let s = buffers.step(
                    black_box(&plan),
                    &policy,
                    1,
                    &inputs.credits[0],
                    &inputs.events[0],
                );
                paid = paid.checked_add(s.net.amount()).unwrap();
            }
            paid
        })
    });
    group.finish();
}

fn large_participant_year(c: &mut Criterion) {
    let plan = plan();
    let mut policy = policy();
    policy.clawbacks[0].window_days = 365;
    let inputs = large_year_inputs(430);
    let mut buffers = Buffers::<Growable>::sized(5_160 * 4, 8_192);
    run_year(&plan, &policy, &inputs, &mut buffers);
    assert_eq!(inputs.credits[11].len(), 5_160);
    assert!(buffers.prior.holds.len() >= 2_000);
    assert_eq!(buffers.prior.deals.len(), 5_160);
    let mut group = c.benchmark_group("payout");
    group.sample_size(10);
    group.throughput(Throughput::Elements(12));
    group.bench_function("participant_year_5160_credits_growable", |b| {
        b.iter(|| run_year(black_box(&plan), &policy, &inputs, &mut buffers))
    });
    group.finish();
}

criterion_group!(
    benches,
    participant_year,
    organization_month,
    large_participant_year
);
criterion_main!(benches);
