//! The published funnel vectors (copied from shared/vectors/funnel.json into
//! tests/data/funnel_vectors.json), mapped onto the funnel engine's API.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod support;

use salesphysics_core::funnel::{
    cac_payback_months, compound_improvement, compounded_months, goal_from_schedule, mrr_ceiling,
    new_mrr_schedule, pipeline_velocity, plan_new_mrr, reverse_funnel, whole_units, Billing,
    ChannelFunnel, FunnelModel, GoalMeaning, MrrCeiling, RevenueBasis, RevenueGoal, SegmentFunnel,
    Stage, Step,
};
use salesphysics_core::{Channel, Currency, Decimal, Money, RoundingMode};
use serde_json::Value;

const USD: Currency = Currency::USD;

fn case(id: &str) -> Value {
    support::vectors::case(include_str!("data/funnel_vectors.json"), id)
}

fn dec(v: &Value) -> Decimal {
    match v {
        Value::String(s) => s.parse().unwrap(),
        Value::Number(n) => Decimal::from_int(n.as_i64().unwrap()),
        other => panic!("not a number: {other}"),
    }
}

fn usd(v: &Value) -> Money {
    Money::new(dec(v), USD)
}

fn year(booking_months: &[u32]) -> RevenueBasis<'_> {
    RevenueBasis {
        horizon_months: 12,
        billing: Billing::FromBookingMonth,
        monthly_churn: Decimal::ZERO,
        booking_months,
    }
}

#[test]
fn every_vector_is_covered() {
    let all: Value = serde_json::from_str(include_str!("data/funnel_vectors.json")).unwrap();
    let ids: Vec<&str> = all["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "rule-of-78-from-goal",
            "rule-of-78-forward",
            "rule-of-78-late-start-and-exit-run-rate",
            "reverse-funnel-ten-steps",
            "reverse-funnel-exact-chain",
            "pipeline-velocity",
            "mrr-growth-ceiling",
            "cac-payback-months",
            "compound-improvement",
        ]
    );
}

#[test]
fn rule_of_78_from_goal() {
    let c = case("rule-of-78-from-goal");
    let goal = RevenueGoal {
        meaning: GoalMeaning::RecognizedRevenue,
        amount: usd(&c["annual_in_year_revenue_goal"]),
        basis: year(&[]),
        rounding: RoundingMode::HalfEven,
    };
    let plan = plan_new_mrr(&goal).unwrap();
    // 2,000,000 / 78 = 25,641.025641… → 25,641.03 (half-even to cents).
    assert_eq!(plan.compounded_months, Decimal::from_int(78));
    assert_eq!(
        plan.compounded_months,
        dec(&c["expected"]["compounded_months"])
    );
    assert_eq!(
        plan.new_mrr_per_month,
        usd(&c["expected"]["new_mrr_per_month"])
    );
    assert_eq!(plan.new_mrr_exact.amount().to_string(), "25641.025641026");
}

#[test]
fn rule_of_78_forward() {
    let c = case("rule-of-78-forward");
    for (n, expected) in c["new_mrr_per_month"]
        .as_array()
        .unwrap()
        .iter()
        .zip(c["expected"]["in_year_revenue"].as_array().unwrap())
    {
        let mut schedule = [Money::zero(USD); 12];
        new_mrr_schedule(&year(&[]), usd(n), &mut schedule).unwrap();
        let revenue =
            goal_from_schedule(&year(&[]), GoalMeaning::RecognizedRevenue, &schedule).unwrap();
        assert_eq!(revenue, usd(expected));
    }
}

#[test]
fn rule_of_78_late_start_and_exit_run_rate() {
    let c = case("rule-of-78-late-start-and-exit-run-rate");
    let months: Vec<u32> = c["booking_months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| u32::try_from(m.as_u64().unwrap()).unwrap())
        .collect();
    let late = year(&months);
    // 6 + 5 + 4 + 3 + 2 + 1 = 21 compounded months.
    assert_eq!(
        compounded_months(&late, GoalMeaning::RecognizedRevenue).unwrap(),
        dec(&c["expected"]["compounded_months"])
    );
    let mut schedule = [Money::zero(USD); 12];
    new_mrr_schedule(&late, usd(&c["new_mrr_per_month"]), &mut schedule).unwrap();
    assert!(schedule[..6].iter().all(Money::is_zero));
    // 8,000 × 21 = 168,000.
    assert_eq!(
        goal_from_schedule(&late, GoalMeaning::RecognizedRevenue, &schedule).unwrap(),
        usd(&c["expected"]["in_year_revenue"])
    );
    // Exit ARR booking all 12 months: 12 × (12 × 8,000) = 8,000 × 144.
    let all_year = [usd(&c["new_mrr_per_month"]); 12];
    assert_eq!(
        goal_from_schedule(&year(&[]), GoalMeaning::ExitArr, &all_year).unwrap(),
        usd(&c["expected"]["exit_arr_if_booking_all_12_months"])
    );
    assert_eq!(
        compounded_months(&year(&[]), GoalMeaning::ExitArr).unwrap(),
        Decimal::from_int(144)
    );
}

#[test]
fn reverse_funnel_ten_steps() {
    let c = case("reverse-funnel-ten-steps");
    let goal = RevenueGoal {
        meaning: GoalMeaning::RecognizedRevenue,
        amount: usd(&c["annual_in_year_revenue_goal"]),
        basis: year(&[]),
        rounding: RoundingMode::HalfEven,
    };
    let plan = plan_new_mrr(&goal).unwrap();
    // 780,000 / 78 = 10,000 new MRR a month.
    assert_eq!(
        plan.new_mrr_per_month,
        usd(&c["expected"]["new_mrr_per_month"])
    );

    let inbound_share = dec(&c["inbound_share"]);
    let step = [Step {
        conversion_rate: dec(&c["sql_to_win"]),
        lag_months: Decimal::ZERO,
    }];
    let channels = [
        ChannelFunnel {
            share: inbound_share,
            steps: &step,
        },
        ChannelFunnel {
            share: Decimal::ONE.checked_sub(inbound_share).unwrap(),
            steps: &step,
        },
    ];
    let segments = [SegmentFunnel {
        mrr_per_deal: usd(&c["mrr_per_deal"]),
        mrr_share: Decimal::ONE,
        channels: &channels,
    }];
    let model = FunnelModel {
        currency: USD,
        stages: &[Stage::Sql, Stage::Commit],
        channels: &[Channel::Inbound, Channel::Outbound],
        segments: &segments,
    };
    let mut schedule = [Money::zero(USD); 12];
    new_mrr_schedule(&goal.basis, plan.new_mrr_per_month, &mut schedule).unwrap();
    let mut table = vec![Decimal::ZERO; 12 * 2 * 2];
    let layout = reverse_funnel(&model, &schedule, &mut table).unwrap();
    assert_eq!(layout.lead_months, 0);
    let e = &c["expected"];
    for month in 0..12 {
        let cell = |channel, stage| table[layout.index(month, 0, channel, stage).unwrap()];
        // 10,000 / 500 = 20 wins; 20 / 0.25 = 80 SQLs; 60 % inbound = 48, 40 % = 32.
        let wins = cell(0, 1).checked_add(cell(1, 1)).unwrap();
        let sqls = cell(0, 0).checked_add(cell(1, 0)).unwrap();
        assert_eq!(wins, dec(&e["wins_per_month"]));
        assert_eq!(sqls, dec(&e["sqls_per_month"]));
        assert_eq!(cell(0, 0), dec(&e["inbound_sqls"]));
        assert_eq!(cell(1, 0), dec(&e["outbound_sqls"]));
    }
}

#[test]
fn reverse_funnel_exact_chain() {
    let c = case("reverse-funnel-exact-chain");
    let from_bottom: Vec<Decimal> = c["rates_from_bottom"]
        .as_array()
        .unwrap()
        .iter()
        .map(dec)
        .collect();
    // Steps run top down, so the rates from the bottom are reversed.
    let steps: Vec<Step> = from_bottom
        .iter()
        .rev()
        .map(|&rate| Step {
            conversion_rate: rate,
            lag_months: Decimal::ZERO,
        })
        .collect();
    let channels = [ChannelFunnel {
        share: Decimal::ONE,
        steps: &steps,
    }];
    let segments = [SegmentFunnel {
        mrr_per_deal: Money::new(Decimal::ONE, USD),
        mrr_share: Decimal::ONE,
        channels: &channels,
    }];
    let model = FunnelModel {
        currency: USD,
        stages: &[
            Stage::Suspect,
            Stage::Mql,
            Stage::Sql,
            Stage::Opportunity,
            Stage::Commit,
        ],
        channels: &[Channel::Outbound],
        segments: &segments,
    };
    // 14 wins at 1 USD each.
    let mut table = [Decimal::ZERO; 5];
    let layout = reverse_funnel(&model, &[usd(&c["wins"])], &mut table).unwrap();
    assert_eq!(layout.len(), 5);
    // 14 / 0.40 = 35; 35 / 0.50 = 70; 70 / 0.35 = 200; 200 / 0.10 = 2,000.
    let from_bottom: Vec<Decimal> = table.iter().rev().skip(1).copied().collect();
    let expected: Vec<Decimal> = c["expected"]["stage_volumes_from_bottom"]
        .as_array()
        .unwrap()
        .iter()
        .map(dec)
        .collect();
    assert_eq!(from_bottom, expected);
    let whole: Vec<u64> = from_bottom
        .iter()
        .map(|&v| whole_units(v).unwrap())
        .collect();
    assert_eq!(whole, [35, 70, 200, 2000]);
}

#[test]
fn pipeline_velocity_vector() {
    let c = case("pipeline-velocity");
    for (days, expected) in c["cycle_days"]
        .as_array()
        .unwrap()
        .iter()
        .zip(c["expected"]["revenue_per_day"].as_array().unwrap())
    {
        // 20 × 0.20 × 15,000 / 30 = 2,000 a day; / 20 = 3,000 a day.
        let velocity = pipeline_velocity(
            dec(&c["open_opportunities"]),
            dec(&c["win_rate"]),
            usd(&c["average_deal"]),
            dec(days),
        )
        .unwrap();
        assert_eq!(velocity, usd(expected));
    }
}

#[test]
fn mrr_growth_ceiling() {
    let c = case("mrr-growth-ceiling");
    // 1,000 / 0.05 = 20,000.
    let ceiling = mrr_ceiling(
        usd(&c["new_mrr_per_month"]),
        dec(&c["monthly_revenue_churn"]),
        Decimal::ZERO,
    )
    .unwrap();
    assert_eq!(
        ceiling,
        MrrCeiling::Finite(usd(&c["expected"]["ceiling_mrr"]))
    );
}

#[test]
fn cac_payback_vector() {
    let c = case("cac-payback-months");
    // 6,000 / (500 × 0.80) = 6,000 / 400 = 15 months.
    let months = cac_payback_months(
        usd(&c["cac"]),
        usd(&c["mrr_per_customer"]),
        dec(&c["gross_margin"]),
    )
    .unwrap();
    assert_eq!(months, dec(&c["expected"]["payback_months"]));
}

#[test]
fn compound_improvement_vector() {
    let c = case("compound-improvement");
    let rates = u32::try_from(c["rates"].as_u64().unwrap()).unwrap();
    // 1.1⁷ = 1.9487171 exactly.
    let multiple = compound_improvement(dec(&c["improvement_per_rate"]), rates).unwrap();
    assert_eq!(multiple, dec(&c["expected"]["output_multiple"]));
}
