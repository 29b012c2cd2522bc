//! The rule of 78 generalized to churn and expansion (NRR ≠ 1), in closed
//! form: against the existing churn-only rule, an exact rational oracle,
//! hand values, and fed to the reverse funnel.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::float_arithmetic
)]

use num_bigint::BigInt;
use proptest::prelude::*;
use salesphysics_core::funnel::{
    compounded_months, compounded_months_with_retention, plan_new_mrr_with_retention,
    reverse_funnel, whole_units, Billing, ChannelFunnel, FunnelModel, GoalMeaning, NetRetention,
    NrrGoal, RevenueBasis, SegmentFunnel, Stage, Step, VolumeLayout,
};
use salesphysics_core::{Channel, Currency, Decimal, Money, RoundingMode};
use salesphysics_testkit::exact::{half_even, nanos};

const USD: Currency = Currency::USD;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn usd(text: &str) -> Money {
    Money::new(d(text), USD)
}

fn retention(churn: &str, expansion: &str) -> NetRetention {
    NetRetention {
        monthly_churn: d(churn),
        monthly_expansion: d(expansion),
    }
}

fn c(horizon: u32, billing: Billing, r: &NetRetention, meaning: GoalMeaning) -> Decimal {
    compounded_months_with_retention(horizon, billing, r, meaning).unwrap()
}

/// Exact `Σ_{n=1..T} Σ_{k<n} q^k` with `q = q_nanos / 10⁹`, rounded
/// half-even to 9 digits, from big integers.
fn oracle(q_nanos: i64, horizon: u32) -> Decimal {
    let base = BigInt::from(1_000_000_000i64);
    let q = BigInt::from(q_nanos);
    // Everything over base^(T): term q^k = q^k × base^(T−k).
    let t = horizon as usize;
    let scale = base.pow(horizon);
    let mut power = scale.clone(); // q^0
    let mut s = BigInt::from(0);
    let mut total = BigInt::from(0);
    for _ in 0..t {
        s += &power;
        total += &s;
        power = power * &q / &base; // exact: base^(T−k) divisible by base while k < T
    }
    // total / scale, to nanos half-even.
    nanos(&half_even(&(total * &base), &scale))
}

#[test]
fn at_nrr_one_it_is_the_rule_of_78() {
    let flat = retention("0", "0");
    let meaning = GoalMeaning::RecognizedRevenue;
    assert_eq!(c(12, Billing::FromBookingMonth, &flat, meaning), d("78"));
    assert_eq!(c(12, Billing::FromNextMonth, &flat, meaning), d("66"));
    assert_eq!(c(12, Billing::HalfFirstMonth, &flat, meaning), d("72"));
    assert_eq!(
        c(12, Billing::FromBookingMonth, &flat, GoalMeaning::ExitArr),
        d("144")
    );
}

#[test]
fn with_churn_only_it_agrees_with_the_churn_rule() {
    for churn in ["0.005", "0.01", "0.02", "0.05", "0.00001"] {
        for billing in [
            Billing::FromBookingMonth,
            Billing::FromNextMonth,
            Billing::HalfFirstMonth,
        ] {
            for meaning in [GoalMeaning::RecognizedRevenue, GoalMeaning::ExitArr] {
                for horizon in [1, 12, 36, 120] {
                    let basis = RevenueBasis {
                        horizon_months: horizon,
                        billing,
                        monthly_churn: d(churn),
                        booking_months: &[],
                    };
                    let old = compounded_months(&basis, meaning).unwrap();
                    let new = c(horizon, billing, &retention(churn, "0"), meaning);
                    let gap = old.checked_sub(new).unwrap().abs();
                    assert!(gap <= d("0.000000002"), "{churn} {horizon}: {old} vs {new}");
                }
            }
        }
    }
}

#[test]
fn expansion_by_hand() {
    // q = 1.01 (1 % net expansion a month), T = 12:
    // C = (12 × (−0.01) − 1.01 × (1 − 1.01¹²)) ÷ 0.01²
    //   = (−0.12 + 1.01 × 0.126825030…) ÷ 0.0001 = 80.932804333 (> 78).
    // q = 0.99: 75.210229990 (< 78). Churn 2 % with expansion 3 % is q = 1.01.
    let up = retention("0", "0.01");
    let meaning = GoalMeaning::RecognizedRevenue;
    assert_eq!(
        c(12, Billing::FromBookingMonth, &up, meaning),
        d("80.932804333")
    );
    assert_eq!(
        c(
            12,
            Billing::FromBookingMonth,
            &retention("0.02", "0.03"),
            meaning
        ),
        d("80.932804333")
    );
    assert_eq!(
        c(
            12,
            Billing::FromBookingMonth,
            &retention("0.01", "0"),
            meaning
        ),
        d("75.210229990")
    );
    // Annual NRR of 1 % a month: 1.01¹² = 1.126825030.
    assert_eq!(up.annual_nrr().unwrap(), d("1.126825030"));
    // A 1,000,000 recognized-revenue goal with 1 % net expansion needs
    // 1,000,000 ÷ 80.932804333 = 12,355.93 of new MRR a month, not 12,820.51.
    let plan = plan_new_mrr_with_retention(&NrrGoal {
        meaning,
        amount: usd("1000000"),
        horizon_months: 12,
        billing: Billing::FromBookingMonth,
        retention: up,
        rounding: RoundingMode::HalfEven,
    })
    .unwrap();
    assert_eq!(plan.new_mrr_per_month, usd("12355.93"));
}

#[test]
fn the_goal_feeds_the_reverse_funnel() {
    // The 12,355.93 a month above at 1,000 MRR a deal through SQL → win at
    // 25 % needs 12.35593 wins ÷ 0.25 = 49.42372 SQLs a month → 50.
    let plan = plan_new_mrr_with_retention(&NrrGoal {
        meaning: GoalMeaning::RecognizedRevenue,
        amount: usd("1000000"),
        horizon_months: 12,
        billing: Billing::FromBookingMonth,
        retention: retention("0", "0.01"),
        rounding: RoundingMode::HalfEven,
    })
    .unwrap();
    let schedule = vec![plan.new_mrr_per_month; 12];
    let steps = [Step {
        conversion_rate: d("0.25"),
        lag_months: d("0"),
    }];
    let channels = [ChannelFunnel {
        share: Decimal::ONE,
        steps: &steps,
    }];
    let segments = [SegmentFunnel {
        mrr_per_deal: usd("1000"),
        mrr_share: Decimal::ONE,
        channels: &channels,
    }];
    let model = FunnelModel {
        currency: USD,
        stages: &[Stage::Sql, Stage::Commit],
        channels: &[Channel::Inbound],
        segments: &segments,
    };
    let layout = VolumeLayout::for_model(&model, 12).unwrap();
    let mut table = vec![Decimal::ZERO; layout.len()];
    reverse_funnel(&model, &schedule, &mut table).unwrap();
    let sqls = table[layout.index(0, 0, 0, 0).unwrap()];
    assert_eq!(sqls, d("49.42372"));
    assert_eq!(whole_units(sqls).unwrap(), 50);
}

#[test]
fn closed_form_and_series_meet_at_the_switch() {
    // |1 − q| = 10⁻⁴ is the closed form, just below it the series; both
    // match the exact oracle.
    for q in [1_000_100_000i64, 1_000_099_999, 999_900_000, 999_900_001] {
        let churn = if q < 1_000_000_000 {
            Decimal::from_nanos(i128::from(1_000_000_000 - q)).unwrap()
        } else {
            Decimal::ZERO
        };
        let expansion = if q > 1_000_000_000 {
            Decimal::from_nanos(i128::from(q - 1_000_000_000)).unwrap()
        } else {
            Decimal::ZERO
        };
        let r = NetRetention {
            monthly_churn: churn,
            monthly_expansion: expansion,
        };
        for horizon in [12, 120] {
            let ours = c(
                horizon,
                Billing::FromBookingMonth,
                &r,
                GoalMeaning::RecognizedRevenue,
            );
            let exact = oracle(q, horizon);
            assert!(
                ours.checked_sub(exact).unwrap().abs() <= d("0.000000001"),
                "q {q} T {horizon}: {ours} vs {exact}"
            );
        }
    }
}

#[test]
fn validation_names_the_field() {
    let error = compounded_months_with_retention(
        12,
        Billing::FromBookingMonth,
        &retention("1", "0"),
        GoalMeaning::RecognizedRevenue,
    )
    .unwrap_err();
    assert_eq!(
        error.to_string().split(':').next(),
        Some("retention.monthly_churn")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The closed form equals the exact sum (to one nano) for any monthly
    /// net factor from −30 % to +20 % and any horizon.
    #[test]
    fn closed_form_matches_the_exact_series(
        q in 700_000_000i64..1_200_000_000,
        horizon in 1u32..=60,
    ) {
        let r = NetRetention {
            monthly_churn: if q < 1_000_000_000 { Decimal::from_nanos(i128::from(1_000_000_000 - q)).unwrap() } else { Decimal::ZERO },
            monthly_expansion: if q > 1_000_000_000 { Decimal::from_nanos(i128::from(q - 1_000_000_000)).unwrap() } else { Decimal::ZERO },
        };
        let ours = c(horizon, Billing::FromBookingMonth, &r, GoalMeaning::RecognizedRevenue);
        let exact = oracle(q, horizon);
        prop_assert!(ours.checked_sub(exact).unwrap().abs() <= d("0.000000001"), "{} vs {}", ours, exact);
    }
}
