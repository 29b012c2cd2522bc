//! Properties of the funnel engine: forward ∘ reverse meets the goal,
//! monotonicity in every conversion rate, the "78" rule at zero churn and
//! the closed form under churn, the bridge identity, determinism.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::float_arithmetic
)]

use proptest::prelude::*;
use salesphysics_core::funnel::{
    bookings_by_month, compounded_months, goal_from_schedule, mrr_bridge, new_mrr_schedule,
    plan_new_mrr, project_forward, reverse_funnel, Billing, Bookings, BridgeInput, BridgeMonth,
    ChannelFunnel, FunnelModel, GoalMeaning, RevenueBasis, RevenueGoal, SegmentFunnel, Stage, Step,
    VolumeLayout,
};
use salesphysics_core::{Channel, Currency, Decimal, Money, RoundingMode};

const USD: Currency = Currency::USD;
const STAGES: [Stage; 6] = [
    Stage::Suspect,
    Stage::Mql,
    Stage::Sql,
    Stage::Opportunity,
    Stage::Commit,
    Stage::Live,
];
const CHANNELS: [Channel; 3] = [Channel::Inbound, Channel::Outbound, Channel::Partner];

/// An owned random model: rates in hundredths, lags in half months.
#[derive(Debug, Clone)]
struct Spec {
    stages: usize,
    channels: usize,
    /// [segment][channel][step] = (rate in hundredths 1..=100, lag in halves)
    steps: Vec<Vec<Vec<(i64, i64)>>>,
    /// Per segment: (mrr per deal in whole USD, share in hundredths)
    segments: Vec<(i64, i64)>,
    /// Per segment: channel shares in hundredths
    channel_shares: Vec<Vec<i64>>,
}

fn hundredths(n: i64) -> Decimal {
    Decimal::new(i128::from(n), 2).unwrap()
}

fn halves(n: i64) -> Decimal {
    Decimal::new(i128::from(n) * 5, 1).unwrap()
}

/// Shares in hundredths summing to exactly 100.
fn shares(n: usize) -> impl Strategy<Value = Vec<i64>> {
    prop::collection::vec(1i64..=10, n).prop_map(|w| {
        let total: i64 = w.iter().sum();
        let mut out: Vec<i64> = w.iter().map(|x| x * 100 / total).collect();
        let rest = 100 - out.iter().sum::<i64>();
        out[0] += rest;
        out
    })
}

fn spec(max_lag_halves: i64) -> impl Strategy<Value = Spec> {
    (2usize..=6, 1usize..=3, 1usize..=3).prop_flat_map(move |(stages, channels, segments)| {
        (
            prop::collection::vec(
                prop::collection::vec(
                    prop::collection::vec((5i64..=100, 0i64..=max_lag_halves), stages - 1),
                    channels,
                ),
                segments,
            ),
            prop::collection::vec(1i64..=20_000, segments),
            shares(segments),
            prop::collection::vec(shares(channels), segments),
        )
            .prop_map(move |(steps, mrr, seg_shares, channel_shares)| Spec {
                stages,
                channels,
                steps,
                segments: mrr.into_iter().zip(seg_shares).collect(),
                channel_shares,
            })
    })
}

/// Borrowed model built from a [`Spec`]; the vectors live in the caller.
struct Built {
    steps: Vec<Vec<Vec<Step>>>,
}

impl Built {
    fn new(spec: &Spec) -> Self {
        Self {
            steps: spec
                .steps
                .iter()
                .map(|channels| {
                    channels
                        .iter()
                        .map(|steps| {
                            steps
                                .iter()
                                .map(|&(rate, lag)| Step {
                                    conversion_rate: hundredths(rate),
                                    lag_months: halves(lag),
                                })
                                .collect()
                        })
                        .collect()
                })
                .collect(),
        }
    }

    fn channels<'a>(&'a self, spec: &Spec) -> Vec<Vec<ChannelFunnel<'a>>> {
        self.steps
            .iter()
            .zip(&spec.channel_shares)
            .map(|(channels, shares)| {
                channels
                    .iter()
                    .zip(shares)
                    .map(|(steps, &share)| ChannelFunnel {
                        share: hundredths(share),
                        steps,
                    })
                    .collect()
            })
            .collect()
    }
}

fn segments<'a>(spec: &Spec, channels: &'a [Vec<ChannelFunnel<'a>>]) -> Vec<SegmentFunnel<'a>> {
    spec.segments
        .iter()
        .zip(channels)
        .map(|(&(mrr, share), channels)| SegmentFunnel {
            mrr_per_deal: Money::new(Decimal::from_int(mrr), USD),
            mrr_share: hundredths(share),
            channels,
        })
        .collect()
}

fn model<'a>(spec: &Spec, segments: &'a [SegmentFunnel<'a>]) -> FunnelModel<'a> {
    FunnelModel {
        currency: USD,
        stages: &STAGES[6 - spec.stages..],
        channels: &CHANNELS[..spec.channels],
        segments,
    }
}

fn money(units: &[i64]) -> Vec<Money> {
    units
        .iter()
        .map(|&u| Money::new(Decimal::from_int(u), USD))
        .collect()
}

/// Reverse, keep only the top stage, project forward.
fn round_trip(
    model: &FunnelModel<'_>,
    new_mrr: &[Money],
) -> (VolumeLayout, Vec<Decimal>, Vec<Decimal>) {
    let layout = VolumeLayout::for_model(model, new_mrr.len()).unwrap();
    let mut planned = vec![Decimal::ZERO; layout.len()];
    reverse_funnel(model, new_mrr, &mut planned).unwrap();
    let mut projected = planned.clone();
    project_forward(model, &layout, &mut projected).unwrap();
    (layout, planned, projected)
}

fn close(a: Decimal, b: Decimal, tolerance_nanos: i128) -> bool {
    a.checked_sub(b).unwrap().abs().nanos() <= tolerance_nanos
}

/// The forward rule written cell by cell from its docs, straight on the
/// table: volume `v` at stage `k` in month `m` sends `v × rate` (half-even
/// at the ninth digit) to stage `k + 1`, `(1 − φ)` of it (rounded the same
/// way) in month `m + f` and the rest in `m + f + 1`, for lag `f + φ`.
fn forward_per_cell(model: &FunnelModel<'_>, layout: &VolumeLayout, table: &mut [Decimal]) {
    let at = |m: usize, s: usize, c: usize, k: usize| layout.index(m, s, c, k).unwrap();
    for (s, segment) in model.segments.iter().enumerate() {
        for (c, channel) in segment.channels.iter().enumerate() {
            for m in 0..layout.months() {
                for k in 1..layout.stages {
                    table[at(m, s, c, k)] = Decimal::ZERO;
                }
            }
            for (k, step) in channel.steps.iter().enumerate() {
                let whole = step.lag_months.nanos() / 1_000_000_000;
                let fraction = step
                    .lag_months
                    .checked_sub(Decimal::from_int(whole as i64))
                    .unwrap();
                for m in 0..layout.months() {
                    let converted = table[at(m, s, c, k)]
                        .mul_round(step.conversion_rate, 9, RoundingMode::HalfEven)
                        .unwrap();
                    let on_time = converted
                        .mul_round(
                            Decimal::ONE.checked_sub(fraction).unwrap(),
                            9,
                            RoundingMode::HalfEven,
                        )
                        .unwrap();
                    let (first, second) = (m + whole as usize, m + whole as usize + 1);
                    if first < layout.months() {
                        let cell = &mut table[at(first, s, c, k + 1)];
                        *cell = cell.checked_add(on_time).unwrap();
                    }
                    if second < layout.months() {
                        let cell = &mut table[at(second, s, c, k + 1)];
                        *cell = cell
                            .checked_add(converted.checked_sub(on_time).unwrap())
                            .unwrap();
                    }
                }
            }
        }
    }
}

proptest! {
    /// With whole-month lags every goal month's deals come back, per
    /// segment and channel, within one 10⁻⁹ rounding per division and per
    /// multiplication along the path (≤ 2 × stages nanos).
    #[test]
    fn forward_of_reverse_delivers_each_month(
        spec in spec(0).prop_map(|mut s| {
            // whole months only: double the half-month lags of 0
            for seg in &mut s.steps { for ch in seg { for st in ch { st.1 = 0; } } }
            s
        }),
        lags in prop::collection::vec(0i64..=2, 5),
        goal in prop::collection::vec(0i64..=200_000, 1..=18),
    ) {
        let mut spec = spec;
        for seg in &mut spec.steps { for ch in seg { for (k, st) in ch.iter_mut().enumerate() { st.1 = lags[k] * 2; } } }
        let built = Built::new(&spec);
        let channels = built.channels(&spec);
        let segments = segments(&spec, &channels);
        let model = model(&spec, &segments);
        let new_mrr = money(&goal);
        let (layout, planned, projected) = round_trip(&model, &new_mrr);
        let bottom = layout.stages - 1;
        let tolerance = 2 * layout.stages as i128;
        for month in 0..layout.months() {
            for s in 0..layout.segments {
                for c in 0..layout.channels {
                    let i = layout.index(month, s, c, bottom).unwrap();
                    prop_assert!(close(planned[i], projected[i], tolerance),
                        "month {month} segment {s} channel {c}: {} vs {}", planned[i], projected[i]);
                }
            }
        }
        // And the new MRR per goal month, summed over segments and channels.
        let mut booked = vec![Bookings { new_logos: Decimal::ZERO, new_mrr: Money::zero(USD) }; layout.months()];
        bookings_by_month(&model, &layout, &projected, &mut booked).unwrap();
        for (t, goal_mrr) in new_mrr.iter().enumerate() {
            let got = booked[layout.table_month(t).unwrap()].new_mrr.amount();
            // each path's deals within `tolerance` nanos, × at most 20,000 per deal
            let slack = tolerance * 20_000 * (layout.segments * layout.channels) as i128;
            prop_assert!(close(got, goal_mrr.amount(), slack), "goal month {t}: {got} vs {}", goal_mrr.amount());
        }
    }

    /// The projection is exactly the per-cell rule, to the nano, whole and
    /// fractional lags alike.
    #[test]
    fn forward_is_the_per_cell_rule(
        spec in spec(4),
        goal in prop::collection::vec(0i64..=200_000, 1..=18),
    ) {
        let built = Built::new(&spec);
        let channels = built.channels(&spec);
        let segments = segments(&spec, &channels);
        let model = model(&spec, &segments);
        let (layout, planned, projected) = round_trip(&model, &money(&goal));
        let mut expected = planned;
        forward_per_cell(&model, &layout, &mut expected);
        prop_assert_eq!(projected, expected);
    }

    /// With fractional lags, a constant goal is met exactly (within
    /// rounding) in every goal month at least one month per fractional step
    /// away from either edge of the horizon.
    #[test]
    fn fractional_lags_meet_a_constant_goal_away_from_the_edges(
        spec in spec(4),
        mrr in 1i64..=100_000,
    ) {
        let built = Built::new(&spec);
        let channels = built.channels(&spec);
        let segments = segments(&spec, &channels);
        let model = model(&spec, &segments);
        let horizon = 2 * spec.stages + 3;
        let new_mrr = money(&vec![mrr; horizon]);
        let (layout, planned, projected) = round_trip(&model, &new_mrr);
        let bottom = layout.stages - 1;
        let edge = spec.stages - 1;
        for t in edge..horizon - edge {
            let month = layout.table_month(t).unwrap();
            for s in 0..layout.segments {
                for c in 0..layout.channels {
                    let i = layout.index(month, s, c, bottom).unwrap();
                    prop_assert!(close(planned[i], projected[i], 4 * layout.stages as i128),
                        "goal month {t}: {} vs {}", planned[i], projected[i]);
                }
            }
        }
    }

    /// Goal → plan → schedule → reverse → forward → revenue meets the goal
    /// within the rounding of the monthly new MRR to cents (half a cent ×
    /// 78) plus the funnel's nano-level rounding.
    #[test]
    fn the_funnel_plan_meets_the_revenue_goal(
        spec in spec(0),
        goal_units in 0i64..=50_000_000,
    ) {
        let built = Built::new(&spec);
        let channels = built.channels(&spec);
        let segments = segments(&spec, &channels);
        let model = model(&spec, &segments);
        let basis = RevenueBasis { horizon_months: 12, billing: Billing::FromBookingMonth, monthly_churn: Decimal::ZERO, booking_months: &[] };
        let goal = RevenueGoal { meaning: GoalMeaning::RecognizedRevenue, amount: Money::new(Decimal::from_int(goal_units), USD), basis, rounding: RoundingMode::HalfEven };
        let plan = plan_new_mrr(&goal).unwrap();
        let mut schedule = [Money::zero(USD); 12];
        new_mrr_schedule(&basis, plan.new_mrr_per_month, &mut schedule).unwrap();
        let (layout, _, projected) = round_trip(&model, &schedule);
        let mut booked = vec![Bookings { new_logos: Decimal::ZERO, new_mrr: Money::zero(USD) }; layout.months()];
        bookings_by_month(&model, &layout, &projected, &mut booked).unwrap();
        let delivered: Vec<Money> = (0..12).map(|t| booked[layout.table_month(t).unwrap()].new_mrr).collect();
        let revenue = goal_from_schedule(&basis, GoalMeaning::RecognizedRevenue, &delivered).unwrap();
        // 0.005 × 78 = 0.39 from the cents, plus 0.01 for the nano-level funnel rounding.
        let slack = Decimal::new(40, 2).unwrap().nanos();
        prop_assert!(close(revenue.amount(), goal.amount.amount(), slack), "{} vs {}", revenue.amount(), goal.amount.amount());
    }

    /// Raising any one conversion rate never raises the volume any stage
    /// above it needs, and leaves the stages below it unchanged.
    #[test]
    fn reverse_volumes_fall_as_any_rate_rises(
        spec in spec(3),
        goal in prop::collection::vec(0i64..=100_000, 1..=12),
        which in (0usize..3, 0usize..3, 0usize..5),
        raise in 1i64..=95,
    ) {
        let (s, c, k) = which;
        let s = s % spec.segments.len();
        let c = c % spec.channels;
        let k = k % (spec.stages - 1);
        let mut better = spec.clone();
        let rate = &mut better.steps[s][c][k].0;
        *rate = (*rate + raise).min(100);
        let new_mrr = money(&goal);
        let run = |spec: &Spec| {
            let built = Built::new(spec);
            let channels = built.channels(spec);
            let segments = segments(spec, &channels);
            let model = model(spec, &segments);
            round_trip(&model, &new_mrr)
        };
        let (layout, before, _) = run(&spec);
        let (_, after, _) = run(&better);
        for month in 0..layout.months() {
            for stage in 0..layout.stages {
                let i = layout.index(month, s, c, stage).unwrap();
                if stage <= k {
                    prop_assert!(after[i] <= before[i], "stage {stage} month {month}: {} > {}", after[i], before[i]);
                } else {
                    prop_assert_eq!(after[i], before[i]);
                }
            }
        }
    }

    /// At zero churn, billed from the booking month, T months compound to
    /// T(T + 1)/2 (78 for a year); from the next month T(T − 1)/2 (66);
    /// half the first month T²/2 (72).
    #[test]
    fn zero_churn_reproduces_the_triangular_numbers(t in 1u32..=120) {
        let months = |billing| {
            let basis = RevenueBasis { horizon_months: t, billing, monthly_churn: Decimal::ZERO, booking_months: &[] };
            compounded_months(&basis, GoalMeaning::RecognizedRevenue).unwrap()
        };
        let t = i64::from(t);
        prop_assert_eq!(months(Billing::FromBookingMonth), Decimal::from_int(t * (t + 1) / 2));
        prop_assert_eq!(months(Billing::FromNextMonth), Decimal::from_int(t * (t - 1) / 2));
        prop_assert_eq!(months(Billing::HalfFirstMonth), Decimal::new(i128::from(t * t) * 5, 1).unwrap());
    }

    /// Under churn the exact decimal sum matches the closed form
    /// n·[T − r(1 − rᵀ)/(1 − r)]/(1 − r), r = 1 − c (here n = 1), evaluated
    /// in f64 as an independent oracle (itself good to ~10⁻⁹ here).
    #[test]
    fn churned_compounding_matches_the_closed_form(t in 1u32..=120, churn_bp in 1i64..=2_000) {
        let churn = Decimal::new(i128::from(churn_bp), 4).unwrap();
        let basis = RevenueBasis { horizon_months: t, billing: Billing::FromBookingMonth, monthly_churn: churn, booking_months: &[] };
        let got = compounded_months(&basis, GoalMeaning::RecognizedRevenue).unwrap();
        let r = 1.0 - churn_bp as f64 / 10_000.0;
        let tf = f64::from(t);
        let closed = (tf - r * (1.0 - r.powf(tf)) / (1.0 - r)) / (1.0 - r);
        let got_f = got.to_string().parse::<f64>().unwrap();
        prop_assert!((got_f - closed).abs() < 1e-8 * tf, "{got_f} vs {closed}");
    }

    /// Every bridge month adds up exactly and hands its ending to the next.
    #[test]
    fn the_bridge_always_adds_up(
        start_cents in 0i64..=100_000_000,
        rates in (0i64..=100, 0i64..=100, 0i64..=300, 0i64..=300),
        news in prop::collection::vec((0i64..=10_000_000, 0i64..=50), 1..=60),
    ) {
        let (e, x, c, l) = rates;
        let input = BridgeInput {
            starting_mrr: Money::new(Decimal::new(i128::from(start_cents), 2).unwrap(), USD),
            starting_logos: Decimal::from_int(100),
            expansion_rate: Decimal::new(i128::from(e), 4).unwrap(),
            contraction_rate: Decimal::new(i128::from(x), 4).unwrap(),
            revenue_churn_rate: Decimal::new(i128::from(c), 4).unwrap(),
            logo_churn_rate: Decimal::new(i128::from(l), 4).unwrap(),
            rounding: RoundingMode::HalfEven,
        };
        let bookings: Vec<Bookings> = news.iter().map(|&(mrr, logos)| Bookings {
            new_logos: Decimal::from_int(logos),
            new_mrr: Money::new(Decimal::new(i128::from(mrr), 3).unwrap(), USD),
        }).collect();
        let zero = Money::zero(USD);
        let mut out = vec![BridgeMonth { opening_mrr: zero, new_mrr: zero, expansion_mrr: zero, contraction_mrr: zero, churned_mrr: zero, ending_mrr: zero, opening_logos: Decimal::ZERO, new_logos: Decimal::ZERO, churned_logos: Decimal::ZERO, ending_logos: Decimal::ZERO }; bookings.len()];
        mrr_bridge(&input, &bookings, &mut out).unwrap();
        let mut opening = input.starting_mrr;
        for m in &out {
            prop_assert_eq!(m.opening_mrr, opening);
            let sum = m.opening_mrr.checked_add(m.new_mrr).unwrap().checked_add(m.expansion_mrr).unwrap()
                .checked_sub(m.contraction_mrr).unwrap().checked_sub(m.churned_mrr).unwrap();
            prop_assert_eq!(sum, m.ending_mrr);
            prop_assert!(m.ending_mrr.is_minor_exact());
            prop_assert!(!m.ending_mrr.is_negative());
            opening = m.ending_mrr;
        }
    }
}

#[test]
fn the_same_plan_twice_is_byte_identical() {
    let spec = Spec {
        stages: 4,
        channels: 2,
        steps: vec![vec![
            vec![(30, 1), (45, 3), (25, 2)],
            vec![(5, 0), (50, 1), (20, 4)],
        ]],
        segments: vec![(750, 100)],
        channel_shares: vec![vec![65, 35]],
    };
    let run = || {
        let built = Built::new(&spec);
        let channels = built.channels(&spec);
        let segments = segments(&spec, &channels);
        let model = model(&spec, &segments);
        let (_, planned, projected) = round_trip(&model, &money(&[10_000, 12_500, 0, 99_999]));
        format!("{planned:?}{projected:?}")
    };
    assert_eq!(run(), run());
}
