//! Compensation engine benchmarks: a credited transaction line through
//! splits and a 4-tier graduated table, one participant-month of 100
//! transactions through a full plan, and credit lines through a first-match
//! product/category plan (attribute filters and precedence).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use core::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use salesphysics_core::compensation::*;
use salesphysics_core::{Channel, Currency, Date, Decimal, Money, Period, Role, RoundingMode};
use salesphysics_testkit::compensation::{d, YEAR};

fn four_tier_graduated() -> RateTable {
    let tiers = [
        ("0", Some("1000"), "0.01"),
        ("1000", Some("3000"), "0.02"),
        ("3000", Some("8000"), "0.03"),
        ("8000", None, "0.05"),
    ];
    RateTable {
        method: RateMethod::Graduated,
        tiers: tiers
            .iter()
            .map(|(l, u, r)| Tier {
                lower: d(l),
                upper: u.map(d),
                rate: d(r),
            })
            .collect(),
    }
}

/// 100 new deals in March, split 60/40 between participants 1 and 2.
fn month_of_transactions() -> Vec<Transaction> {
    (0..100u64)
        .map(|i| Transaction {
            source: Source {
                attributes: Default::default(),
                transaction_id: i,
                date: Date::new(YEAR, 3, 1 + (i as u32 % 28)).unwrap(),
                kind: TransactionKind::New,
                term_months: if i % 3 == 0 { 24 } else { 12 },
                account_tier: AccountTier::Smb,
                channel: Some(Channel::Inbound),
                prepaid: false,
                new_logo: true,
                at_renewal: false,
                days_to_event: 0,
            },
            amount: Money::from_minor_units(i128::from(150_000 + 3_717 * i as i64), Currency::USD)
                .unwrap(),
            quantity: Decimal::ZERO,
            splits: [
                Split {
                    participant_id: 1,
                    kind: SplitKind::Revenue,
                    share: d("0.6"),
                },
                Split {
                    participant_id: 2,
                    kind: SplitKind::Revenue,
                    share: d("0.4"),
                },
            ]
            .into_iter()
            .collect(),
        })
        .collect()
}

fn sorted(mut txs: Vec<Transaction>) -> Vec<Transaction> {
    txs.sort_by_key(|t| t.source.date);
    txs
}

fn ae_plan() -> Plan {
    let component = Component {
        group: None,
        id: 10,
        weight: Decimal::ONE,
        measure: Measure::of(KindSet::of(&[TransactionKind::New]), MeasureUnit::Mrr),
        quota: d("100000"),
        quota_period: QuotaPeriod::Month,
        rate_table: four_tier_graduated(),
        tier_basis: TierBasis::PeriodToDate,
        tier_axis: TierAxis::Amount,
        accelerators: [MultiplierBand {
            from_attainment: Decimal::ONE,
            multiplier: d("1.5"),
        }]
        .into_iter()
        .collect(),
        kickers: [Kicker {
            condition: EventCondition::TermLongerThan(12),
            multiplier: d("1.2"),
        }]
        .into_iter()
        .collect(),
        gate: Some(Gate {
            component_id: 10,
            min_attainment: d("0.25"),
        }),
        cap: Some(d("100000")),
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

/// Credits `txs` and rates every credit line on top of the prior credit in
/// `table`, as a participant-agnostic running total: the per-line hot path.
fn credit_and_rate(
    txs: &[Transaction],
    table: &RateTable,
    credits: &mut [CreditLine],
    slices: &mut Slices,
) -> Decimal {
    let n = credit_transactions(black_box(txs), &[], credits).unwrap();
    let mut prior = Decimal::ZERO;
    let mut total = Decimal::ZERO;
    for credit in &credits[..n] {
        let value = credit.amount.amount();
        table.rate(prior, value, None, slices).unwrap();
        for slice in slices.iter() {
            let amount = slice
                .credit
                .mul_round(slice.rate, 2, RoundingMode::HalfEven)
                .unwrap();
            total = total.checked_add(amount).unwrap();
        }
        prior = prior.checked_add(value).unwrap();
    }
    total
}

fn credited_line(c: &mut Criterion) {
    // Per credited line: split a transaction, then rate the credit on top of
    // the prior credit in a 4-tier graduated table.
    let split_60_40 = sorted(month_of_transactions());
    let single: Vec<Transaction> = split_60_40
        .iter()
        .cloned()
        .map(|mut t| {
            t.splits.truncate(1);
            t.splits[0].share = Decimal::ONE;
            t
        })
        .collect();
    let table = four_tier_graduated();
    let mut credits = vec![CreditLine::EMPTY; 256];
    let mut slices = Slices::new();
    let mut group = c.benchmark_group("compensation");
    group.throughput(Throughput::Elements(200)); // 100 transactions × 2 splits
    group.bench_function("credit_and_rate_200_lines_split_60_40", |b| {
        b.iter(|| {
            black_box(credit_and_rate(
                &split_60_40,
                &table,
                &mut credits,
                &mut slices,
            ))
        });
    });
    group.throughput(Throughput::Elements(100)); // 100 transactions × 1 split
    group.bench_function("credit_and_rate_100_lines_single_split", |b| {
        b.iter(|| black_box(credit_and_rate(&single, &table, &mut credits, &mut slices)));
    });
    group.finish();
}

fn participant_month(c: &mut Criterion) {
    // One participant-month: 100 credits through a full AE plan (4-tier graduated
    // month to date, accelerator, kicker, gate, cap), lines and totals.
    let txs = sorted(month_of_transactions());
    let mut credits = vec![CreditLine::EMPTY; 256];
    let n = credit_transactions(&txs, &[], &mut credits).unwrap();
    let participant: Vec<CreditLine> = credits[..n]
        .iter()
        .copied()
        .filter(|c| c.participant_id == 1)
        .collect();
    assert_eq!(participant.len(), 100);
    let plan = ae_plan();
    let through = Date::new(YEAR, 3, 31).unwrap();
    let mut lines = vec![EarningsLine::EMPTY; 512];
    let mut group = c.benchmark_group("compensation");
    group.throughput(Throughput::Elements(100));
    group.bench_function("participant_month_100_transactions", |b| {
        b.iter(|| {
            let summary = compute_earnings(
                black_box(&plan),
                1,
                black_box(&participant),
                &[],
                through,
                &mut lines,
            )
            .unwrap();
            black_box(summary.total)
        });
    });
    group.finish();
}

fn validated_plan(c: &mut Criterion) {
    // A server validates a plan once and rates every participant against it:
    // 1,000 participants × 1,000 credit lines = 1,000,000 lines through the
    // full AE plan (each participant's own month), with no re-validation.
    let plan = ae_plan();
    let plan = ValidatedPlan::new(&plan).unwrap();
    let txs = sorted(month_of_transactions());
    let mut credits = vec![CreditLine::EMPTY; 256];
    let n = credit_transactions(&txs, &[], &mut credits).unwrap();
    let month: Vec<CreditLine> = credits[..n]
        .iter()
        .copied()
        .filter(|c| c.participant_id == 1)
        .collect();
    // Ten months' worth of the same deals for one participant: 1,000 lines.
    let lines_per_participant: Vec<CreditLine> = (0..10)
        .flat_map(|m| {
            month.iter().map(move |c| {
                let mut c = *c;
                c.source.date = Date::new(YEAR, m + 1, c.source.date.day()).unwrap();
                c
            })
        })
        .collect();
    assert_eq!(lines_per_participant.len(), 1_000);
    let through = Date::new(YEAR, 10, 31).unwrap();
    let mut lines = vec![EarningsLine::EMPTY; 4_096];
    let mut group = c.benchmark_group("compensation");
    group.sample_size(10);
    group.throughput(Throughput::Elements(1_000_000));
    group.bench_function("validated_plan_1m_lines_1000_participants", |b| {
        b.iter(|| {
            let mut total = Decimal::ZERO;
            for participant in 0..1_000u64 {
                let summary = plan
                    .compute_earnings(
                        1,
                        black_box(&lines_per_participant),
                        &[],
                        through,
                        &mut lines,
                    )
                    .unwrap();
                total = total.checked_add(summary.total.amount()).unwrap();
                black_box(participant);
            }
            black_box(total)
        });
    });
    group.finish();
}

/// A Tryton-like plan: one rule group of 8 rules (3 on products, 4 on
/// categories of a 3-level tree of 21 categories, a catch-all last), lines
/// at 4 places half-even, the total to cents.
fn first_match_plan() -> Plan {
    let mut plan = ae_plan();
    plan.components.clear();
    let filters = [
        (Some(5), None),
        (None, Some(9)),
        (Some(11), None),
        (None, Some(2)),
        (None, Some(16)),
        (Some(3), None),
        (None, Some(1)),
        (None, None),
    ];
    for (i, (product, category)) in filters.into_iter().enumerate() {
        let mut measure = Measure::of(KindSet::of(&[TransactionKind::New]), MeasureUnit::Mrr);
        measure.attributes.product = product;
        measure.attributes.category = category;
        let mut component = Component::flat(
            100 + i as u32,
            measure,
            d("1000000"),
            QuotaPeriod::Year,
            d(["0.05", "0.125", "0.0375", "0.0825"][i % 4]),
        );
        component.tier_basis = TierBasis::Transaction;
        component.weight = if i == 0 { Decimal::ONE } else { Decimal::ZERO };
        component.group = Some(1);
        plan.components.push(component).unwrap();
    }
    // Roots 0–2, children 3–8 (two each), grandchildren 9–20 (two each).
    for id in 0..21u32 {
        let parent = match id {
            0..=2 => None,
            3..=8 => Some((id - 3) / 2),
            _ => Some(3 + (id - 9) / 2),
        };
        plan.categories.push(Category { id, parent }).unwrap();
    }
    plan.rounding.at = RoundAt::Places(4);
    plan
}

fn first_match(c: &mut Criterion) {
    // Per credited line: 1,000 credits of 12 products spread over the tree,
    // each matched against the group in order (most pass 4–8 filters before
    // the winner), rated at 4 places and summed, with the rounding line.
    let plan = first_match_plan();
    let plan = ValidatedPlan::new(&plan).unwrap();
    let txs = sorted(month_of_transactions());
    let mut credits = vec![CreditLine::EMPTY; 256];
    let n = credit_transactions(&txs, &[], &mut credits).unwrap();
    let month: Vec<CreditLine> = credits[..n]
        .iter()
        .copied()
        .filter(|c| c.participant_id == 1)
        .collect();
    let lines_in: Vec<CreditLine> = (0..10u32)
        .flat_map(|m| {
            month.iter().enumerate().map(move |(i, c)| {
                let mut c = *c;
                c.source.date = Date::new(YEAR, m + 1, c.source.date.day()).unwrap();
                let product = (i as u32 * 7 + m) % 12;
                c.source.attributes.product = Some(product);
                c.source.attributes.category = Some(9 + (product * 5) % 12);
                c
            })
        })
        .collect();
    let through = Date::new(YEAR, 10, 31).unwrap();
    let mut lines = vec![EarningsLine::EMPTY; 2_048];
    let mut group = c.benchmark_group("compensation");
    group.throughput(Throughput::Elements(lines_in.len() as u64));
    group.bench_function("first_match_plan_1000_lines", |b| {
        b.iter(|| {
            let summary = plan
                .compute_earnings(1, black_box(&lines_in), &[], through, &mut lines)
                .unwrap();
            black_box(summary.total)
        });
    });
    group.finish();
}

criterion_group!(
    benches,
    credited_line,
    participant_month,
    validated_plan,
    first_match
);
criterion_main!(benches);
