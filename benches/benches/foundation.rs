//! Foundation hot paths: decimal multiply-and-round, parse and format, and a
//! five-way largest-remainder allocation.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use core::fmt::Write;
use core::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use salesphysics_core::{allocate, Currency, Decimal, Money, RoundingMode};

fn decimal(c: &mut Criterion) {
    let amount: Decimal = "48213.37".parse().unwrap();
    let rate: Decimal = "0.0725".parse().unwrap();
    c.bench_function("decimal/mul_round_to_cents", |b| {
        b.iter(|| {
            black_box(amount)
                .mul_round(black_box(rate), 2, RoundingMode::HalfEven)
                .unwrap()
        })
    });
    c.bench_function("decimal/parse", |b| {
        b.iter(|| black_box("1234567.891").parse::<Decimal>().unwrap())
    });
    let mut text = heapless_string();
    c.bench_function("decimal/format", |b| {
        b.iter(|| {
            text.clear();
            write!(text, "{}", black_box(amount)).unwrap();
            black_box(text.len())
        })
    });
}

/// A reusable buffer so the format benchmark measures formatting only.
fn heapless_string() -> String {
    String::with_capacity(64)
}

fn allocation(c: &mut Criterion) {
    let total = Money::parse("1000.03", Currency::USD).unwrap();
    let weights: [Decimal; 5] = ["0.35", "0.25", "0.2", "0.15", "0.05"].map(|w| w.parse().unwrap());
    let mut parts = [Money::zero(Currency::USD); 5];
    let pair: [Decimal; 2] = ["0.6", "0.4"].map(|w| w.parse().unwrap());
    let mut two = [Money::zero(Currency::USD); 2];
    c.bench_function("allocation/two_way", |b| {
        b.iter(|| {
            allocate(black_box(total), black_box(&pair), &mut two).unwrap();
            black_box(&two);
        })
    });
    c.bench_function("allocation/five_way", |b| {
        b.iter(|| {
            allocate(black_box(total), black_box(&weights), &mut parts).unwrap();
            black_box(&parts);
        })
    });
}

criterion_group!(benches, decimal, allocation);
criterion_main!(benches);
