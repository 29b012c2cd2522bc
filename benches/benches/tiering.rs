//! Tiering hot paths with the default policy: one account at a time over a
//! realistic mix, and a 1,000,000-account batch with its summary.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use core::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use salesphysics_core::tiering::{
    classify, classify_batch, cost_alignment, Account, Outcome, ValidatedPolicy, DEFAULT_POLICY,
};
use salesphysics_core::{Currency, Money};

/// A deterministic mix across all four default tiers (values from 0 to
/// ~300,000 USD, one in eight complex enough for the escalation rule).
fn accounts(n: usize) -> Vec<Account> {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    (0..n)
        .map(|i| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let cents = i128::from(state % 30_000_000);
            Account {
                id: i as u64,
                first_year_value: Money::from_minor_units(cents, Currency::USD).unwrap(),
                employees: (state >> 32) as u32 % 20_000,
                decision_makers: (state >> 40) as u32 % 6,
                technical_integration: state & (1 << 50) != 0,
                security_review: state & (1 << 51) != 0,
                region: (state >> 52) as u8 % 8,
                vertical: (state >> 56) as u8 % 16,
            }
        })
        .collect()
}

fn per_account(c: &mut Criterion) {
    let policy = ValidatedPolicy::new(&DEFAULT_POLICY).unwrap();
    let book = accounts(1024);
    let mut group = c.benchmark_group("tiering");
    group.throughput(Throughput::Elements(book.len() as u64));
    group.bench_function("classify_1024_accounts", |b| {
        b.iter(|| {
            for account in &book {
                black_box(classify(black_box(account), &policy).unwrap());
            }
        })
    });
    group.bench_function("cost_alignment_1024_accounts", |b| {
        b.iter(|| {
            for account in &book {
                let motion = match classify(account, &policy).unwrap() {
                    Outcome::Matched(c) => c.motion,
                    Outcome::Unmatched => continue,
                };
                black_box(cost_alignment(black_box(account), motion, &policy).unwrap());
            }
        })
    });
    group.finish();
}

fn batch(c: &mut Criterion) {
    let policy = ValidatedPolicy::new(&DEFAULT_POLICY).unwrap();
    let book = accounts(1_000_000);
    let mut out = vec![Outcome::Unmatched; book.len()];
    let mut group = c.benchmark_group("tiering");
    group.sample_size(10);
    group.throughput(Throughput::Elements(book.len() as u64));
    group.bench_function("classify_batch_1m", |b| {
        b.iter(|| black_box(classify_batch(black_box(&book), &policy, &mut out).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, per_account, batch);
criterion_main!(benches);
