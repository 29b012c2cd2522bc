#![no_main]
//! Arbitrary funnel models through reverse, forward, the bridge and the
//! planning curve. Invariants: no panic; every output volume non-negative
//! and every ceiling the ceiling of its volume (no NaN/inf can exist in a
//! Decimal, and the one f64 curve must come back finite or as an error);
//! forward ∘ reverse delivers each month's deals within 2 × stages nanos
//! when lags are whole months, and never more than planned in total
//! otherwise; every bridge month adds up with no negative line.
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use salesphysics_core::funnel::{annualize_retention, mrr_bridge, project_forward, reverse_funnel, whole_units, BridgeInput, BridgeMonth, Bookings, ChannelFunnel, FunnelModel, SegmentFunnel, Stage, Step, VolumeLayout};
use salesphysics_core::{Channel, Currency, Decimal, Money, RoundingMode, NANOS_PER_UNIT};

const STAGES: [Stage; 6] = [
    Stage::Suspect,
    Stage::Mql,
    Stage::Sql,
    Stage::Opportunity,
    Stage::Commit,
    Stage::Live,
];
const CHANNELS: [Channel; 3] = [Channel::Inbound, Channel::Outbound, Channel::Partner];

#[derive(Arbitrary, Debug)]
struct RawStep {
    /// Thousandths (`rate % 1001`); from 65,000 up, 1.000 to 1.535, which
    /// must be rejected.
    rate: u16,
    /// Quarter months.
    lag: u8,
}

#[derive(Arbitrary, Debug)]
struct Input {
    stages: u8,
    channels: u8,
    segments: u8,
    steps: [[[RawStep; 5]; 3]; 3],
    mrr_per_deal: [u32; 3],
    segment_weights: [u8; 3],
    channel_weights: [[u8; 3]; 3],
    goal: Vec<u32>,
    start_mrr_cents: u32,
    bridge_rates: [u16; 4],
    retention_nanos: u64,
    period_months: u8,
}

fn thousandths(raw: u16) -> Decimal {
    let value = if raw >= 65_000 { raw - 64_000 } else { raw % 1001 };
    Decimal::new(i128::from(value), 3).unwrap()
}

/// Hundredth shares summing to exactly 1 (the first takes the remainder).
fn shares(weights: &[u8]) -> Vec<Decimal> {
    let w: Vec<i128> = weights.iter().map(|&w| i128::from(w) + 1).collect();
    let total: i128 = w.iter().sum();
    let mut parts: Vec<i128> = w.iter().map(|x| x * 100 / total).collect();
    parts[0] += 100 - parts.iter().sum::<i128>();
    parts.into_iter().map(|p| Decimal::new(p, 2).unwrap()).collect()
}

fuzz_target!(|input: Input| {
    let stages = 2 + usize::from(input.stages) % 5;
    let channel_count = 1 + usize::from(input.channels) % 3;
    let segment_count = 1 + usize::from(input.segments) % 3;
    let mut whole_lags = true;
    let steps: Vec<Vec<Vec<Step>>> = input.steps[..segment_count]
        .iter()
        .map(|channels| {
            channels[..channel_count]
                .iter()
                .map(|raw| {
                    raw[..stages - 1]
                        .iter()
                        .map(|s| {
                            let lag = u32::from(s.lag % 16);
                            whole_lags &= lag % 4 == 0;
                            Step {
                                conversion_rate: thousandths(s.rate),
                                lag_months: Decimal::new(i128::from(lag) * 25, 2).unwrap(),
                            }
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let segment_shares = shares(&input.segment_weights[..segment_count]);
    let channel_funnels: Vec<Vec<ChannelFunnel<'_>>> = steps
        .iter()
        .zip(&input.channel_weights)
        .map(|(channels, weights)| {
            channels
                .iter()
                .zip(shares(&weights[..channel_count]))
                .map(|(steps, share)| ChannelFunnel { share, steps })
                .collect()
        })
        .collect();
    let segments: Vec<SegmentFunnel<'_>> = channel_funnels
        .iter()
        .zip(&segment_shares)
        .zip(&input.mrr_per_deal)
        .map(|((channels, &mrr_share), &mrr)| SegmentFunnel {
            mrr_per_deal: Money::new(Decimal::from_int(i64::from(mrr)), Currency::USD),
            mrr_share,
            channels,
        })
        .collect();
    let model = FunnelModel {
        currency: Currency::USD,
        stages: &STAGES[6 - stages..],
        channels: &CHANNELS[..channel_count],
        segments: &segments,
    };
    let goal: Vec<Money> = input
        .goal
        .iter()
        .take(48)
        .map(|&g| Money::new(Decimal::from_int(i64::from(g)), Currency::USD))
        .collect();

    if let Ok(layout) = VolumeLayout::for_model(&model, goal.len()) {
        let mut planned = vec![Decimal::ZERO; layout.len()];
        if reverse_funnel(&model, &goal, &mut planned).is_ok() {
            for &v in &planned {
                assert!(!v.is_negative());
                if let Ok(whole) = whole_units(v) {
                    // In i128: u64::MAX × 10⁹ < 2⁹⁴, no overflow. The
                    // ceiling, with no tolerance: at or above the volume,
                    // less than one unit above it.
                    let whole_nanos = i128::from(whole) * i128::from(NANOS_PER_UNIT);
                    assert!(whole_nanos >= v.nanos());
                    assert!(whole_nanos - v.nanos() < i128::from(NANOS_PER_UNIT));
                }
            }
            let mut projected = planned.clone();
            if project_forward(&model, &layout, &mut projected).is_ok() {
                let bottom = layout.stages - 1;
                let tolerance = 2 * layout.stages as i128;
                for s in 0..layout.segments {
                    for c in 0..layout.channels {
                        let (mut plan_total, mut got_total) = (0i128, 0i128);
                        for month in 0..layout.months() {
                            let i = layout.index(month, s, c, bottom).unwrap();
                            assert!(!projected[i].is_negative());
                            let diff = (planned[i].nanos() - projected[i].nanos()).abs();
                            if whole_lags {
                                assert!(diff <= tolerance, "month {month}: {} vs {}", planned[i], projected[i]);
                            }
                            plan_total += planned[i].nanos();
                            got_total += projected[i].nanos();
                        }
                        let slack = tolerance * layout.months() as i128;
                        assert!(got_total <= plan_total + slack);
                    }
                }
            }
        }
    }

    let rate = |i: usize| Decimal::new(i128::from(input.bridge_rates[i] % 1200), 3).unwrap();
    let bridge = BridgeInput {
        starting_mrr: Money::new(
            Decimal::new(i128::from(input.start_mrr_cents), 2).unwrap(),
            Currency::USD,
        ),
        starting_logos: Decimal::from_int(100),
        expansion_rate: rate(0),
        contraction_rate: rate(1),
        revenue_churn_rate: rate(2),
        logo_churn_rate: rate(3),
        rounding: RoundingMode::HalfEven,
    };
    let bookings: Vec<Bookings> = goal
        .iter()
        .map(|&new_mrr| Bookings {
            new_logos: Decimal::ONE,
            new_mrr,
        })
        .collect();
    let mut months = vec![
        BridgeMonth::zero(Currency::USD);
        bookings.len()
    ];
    if mrr_bridge(&bridge, &bookings, &mut months).is_ok() {
        for m in &months {
            let sum = m
                .opening_mrr
                .checked_add(m.new_mrr)
                .and_then(|x| x.checked_add(m.expansion_mrr))
                .and_then(|x| x.checked_sub(m.contraction_mrr))
                .and_then(|x| x.checked_sub(m.churned_mrr))
                .unwrap();
            assert_eq!(sum, m.ending_mrr);
            for line in [
                m.opening_mrr,
                m.new_mrr,
                m.expansion_mrr,
                m.contraction_mrr,
                m.churned_mrr,
                m.ending_mrr,
            ] {
                assert!(!line.is_negative());
            }
        }
    }

    let retention = Decimal::from_nanos(i128::from(input.retention_nanos)).unwrap();
    if let Ok(annual) = annualize_retention(retention, u32::from(input.period_months)) {
        assert!(!annual.is_negative());
    }
});
