//! Funnel engine hot paths: the reverse funnel for 4 segments × 3 channels ×
//! 6 stages over 36 months (target ≤ 20 µs), the forward projection of the
//! same table, and a 60-month MRR bridge (target ≤ 5 µs).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects
)]

use core::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use salesphysics_core::funnel::{
    mrr_bridge, project_forward, reverse_funnel, Bookings, BridgeInput, BridgeMonth, ChannelFunnel,
    FunnelModel, SegmentFunnel, Stage, Step,
};
use salesphysics_core::{Channel, Currency, Decimal, Money, RoundingMode};

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn step(rate: &str, lag: &str) -> Step {
    Step {
        conversion_rate: d(rate),
        lag_months: d(lag),
    }
}

fn funnel(c: &mut Criterion) {
    let inbound = [
        step("0.30", "0"),
        step("0.40", "0.5"),
        step("0.50", "0"),
        step("0.30", "1"),
        step("0.95", "1"),
    ];
    let outbound = [
        step("0.05", "1"),
        step("1", "0"),
        step("0.45", "0"),
        step("0.25", "1.5"),
        step("0.95", "1"),
    ];
    let partner = [
        step("0.20", "0"),
        step("0.50", "0"),
        step("0.60", "0"),
        step("0.35", "2"),
        step("0.90", "1"),
    ];
    let channels = [
        ChannelFunnel {
            share: d("0.5"),
            steps: &inbound,
        },
        ChannelFunnel {
            share: d("0.3"),
            steps: &outbound,
        },
        ChannelFunnel {
            share: d("0.2"),
            steps: &partner,
        },
    ];
    let segment = |mrr: &str, share: &str| SegmentFunnel {
        mrr_per_deal: Money::new(d(mrr), Currency::USD),
        mrr_share: d(share),
        channels: &channels,
    };
    let segments = [
        segment("99", "0.1"),
        segment("500", "0.2"),
        segment("2500", "0.3"),
        segment("12000", "0.4"),
    ];
    let model = FunnelModel {
        currency: Currency::USD,
        stages: &[
            Stage::Suspect,
            Stage::Mql,
            Stage::Sql,
            Stage::Opportunity,
            Stage::Commit,
            Stage::Live,
        ],
        channels: &[Channel::Inbound, Channel::Outbound, Channel::Partner],
        segments: &segments,
    };
    let new_mrr: Vec<Money> = (0..36)
        .map(|m| Money::new(Decimal::from_int(25_000 + 500 * m), Currency::USD))
        .collect();
    let mut table = vec![Decimal::ZERO; 48 * 4 * 3 * 6];
    c.bench_function("funnel/reverse_4x3x6_36_months", |b| {
        b.iter(|| reverse_funnel(black_box(&model), black_box(&new_mrr), &mut table).unwrap())
    });
    let layout = reverse_funnel(&model, &new_mrr, &mut table).unwrap();
    c.bench_function("funnel/forward_4x3x6_36_months", |b| {
        b.iter(|| project_forward(black_box(&model), &layout, &mut table).unwrap())
    });
}

fn bridge(c: &mut Criterion) {
    let input = BridgeInput {
        starting_mrr: Money::new(d("150000"), Currency::USD),
        starting_logos: d("300"),
        expansion_rate: d("0.015"),
        contraction_rate: d("0.005"),
        revenue_churn_rate: d("0.02"),
        logo_churn_rate: d("0.025"),
        rounding: RoundingMode::HalfEven,
    };
    let bookings: Vec<Bookings> = (0..60)
        .map(|m| Bookings {
            new_logos: Decimal::from_int(20 + m),
            new_mrr: Money::new(Decimal::from_int(10_000 + 250 * m), Currency::USD),
        })
        .collect();
    let mut out = vec![
        BridgeMonth {
            opening_mrr: Money::zero(Currency::USD),
            new_mrr: Money::zero(Currency::USD),
            expansion_mrr: Money::zero(Currency::USD),
            contraction_mrr: Money::zero(Currency::USD),
            churned_mrr: Money::zero(Currency::USD),
            ending_mrr: Money::zero(Currency::USD),
            opening_logos: Decimal::ZERO,
            new_logos: Decimal::ZERO,
            churned_logos: Decimal::ZERO,
            ending_logos: Decimal::ZERO,
        };
        60
    ];
    c.bench_function("funnel/mrr_bridge_60_months", |b| {
        b.iter(|| mrr_bridge(black_box(&input), black_box(&bookings), &mut out).unwrap())
    });
}

criterion_group!(benches, funnel, bridge);
criterion_main!(benches);
