//! One documented JSON example per engine (`core/tests/data/json/`, shown in
//! `docs/json.md`), deserialized and computed end to end with the figures
//! checked by hand; and JSON round trips of what the engines produce.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use salesphysics_core::capacity::{OwnedCapacityModel, OwnedPlanInput};
use salesphysics_core::compensation::{
    credit_transactions_owned, OwnedEarningsRequest, ReportingLine, Transaction,
};
use salesphysics_core::funnel::{
    bookings_by_month, mrr_bridge_owned, whole_units, Bookings, BridgeInput, OwnedFunnelModel,
    OwnedRevenueGoal,
};
use salesphysics_core::tiering::{Account, Motion, Outcome, OwnedTieringPolicy};
use salesphysics_core::{dec, Currency, Decimal, Money};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// `value → JSON → value` is the identity, and the JSON is stable.
fn round_trips<T: Serialize + DeserializeOwned + PartialEq + core::fmt::Debug>(value: &T) {
    let json = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(&back, value, "{json}");
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
}

fn usd(amount: &str) -> Money {
    Money::parse(amount, Currency::USD).unwrap()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TieringBatch {
    policy: OwnedTieringPolicy,
    accounts: Vec<Account>,
}

#[test]
fn the_documented_tiering_batch_classifies() {
    let batch: TieringBatch =
        serde_json::from_str(include_str!("data/json/tiering_batch.json")).unwrap();
    let result = batch.policy.classify(&batch.accounts).unwrap();
    let tiers: Vec<Option<u8>> = result
        .outcomes
        .iter()
        .map(|o| o.classification().map(|c| c.tier))
        .collect();
    // 4,999.99 is below the 5,000 edge: VSB. 60,000 with four decision
    // makers and an integration hits the escalation rule: enterprise.
    // 8,000 is in [5,000, 100,000): SMB.
    assert_eq!(tiers, [Some(0), Some(2), Some(1)]);
    let Outcome::Matched(enterprise) = result.outcomes[1] else {
        panic!("account 2 matched")
    };
    assert_eq!(enterprise.matched_rule, 1);
    // Field sales costs 100,000 per win against 60,000 of first-year value
    // (threshold 1): misaligned; inside sales (5,000) would still pay.
    let alignment = result.alignments[1].unwrap();
    assert!(alignment.misaligned);
    assert_eq!(alignment.cost_ratio, Some(dec!(1.6667)));
    assert_eq!(alignment.cheaper_motion, Some(Motion::InsideSales));
    assert!(!result.alignments[2].unwrap().misaligned);
    assert_eq!(result.summary.tiers[2].first_year_value, usd("60000"));
    assert_eq!(result.summary.tiers[2].misaligned, 1);
    round_trips(&result);
    round_trips(&batch.policy);
}

#[test]
fn the_documented_earnings_request_rates() {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Crediting {
        transactions: Vec<Transaction>,
        hierarchy: Vec<ReportingLine>,
    }
    let json: serde_json::Value =
        serde_json::from_str(include_str!("data/json/compensation_earnings.json")).unwrap();
    let crediting: Crediting = serde_json::from_value(json["crediting"].clone()).unwrap();
    let credits = credit_transactions_owned(&crediting.transactions, &crediting.hierarchy).unwrap();
    // Deal 1 (10,000 MRR) splits 60/40 between reps 11 and 12, both roll up
    // to manager 50: four lines; deal 2 (2,500) is rep 11's alone: two more.
    assert_eq!(credits.len(), 6);
    let mut request: OwnedEarningsRequest =
        serde_json::from_value(json["earnings"].clone()).unwrap();
    request.credits = credits;
    let earnings = request.compute().unwrap();
    // Rep 11: 6,000 + 2,500 = 8,500 of new MRR in January, graduated 5 % to
    // 5,000 and 8 % above: 250 + 280 = 530.00.
    assert_eq!(earnings.summary.total, usd("530.00"));
    round_trips(&earnings);
    round_trips(&crediting.transactions);
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FunnelPlan {
    goal: OwnedRevenueGoal,
    model: OwnedFunnelModel,
    bridge: BridgeInput,
}

#[test]
fn the_documented_funnel_plan_turns_a_goal_into_volumes_and_mrr() {
    let plan: FunnelPlan =
        serde_json::from_str(include_str!("data/json/funnel_plan.json")).unwrap();
    // The rule of 78: $780,000 of in-year revenue billed from the booking
    // month is 12 + 11 + … + 1 = 78 months of each month's new MRR.
    let goal = plan.goal.plan().unwrap();
    assert_eq!(goal.plan.compounded_months, dec!(78));
    assert_eq!(goal.plan.new_mrr_per_month, usd("10000"));
    assert_eq!(goal.new_mrr, vec![usd("10000"); 12]);
    // 10,000 MRR a month at 1,000 a deal is 10 wins; SQL → live converts
    // 25 % a month later, so 40 SQLs a month earlier; MQL → SQL 50 % in the
    // same month: 80 MQLs. One lead month before the first goal month.
    let volumes = plan.model.reverse(&goal.new_mrr).unwrap();
    assert_eq!(volumes.layout.lead_months, 1);
    assert_eq!(volumes.layout.horizon_months, 12);
    let stage = |row: usize, k: usize| whole_units(volumes.cells[row * 3 + k]).unwrap();
    assert_eq!((stage(0, 0), stage(0, 1), stage(0, 2)), (80, 40, 0));
    assert_eq!((stage(5, 0), stage(5, 1), stage(5, 2)), (80, 40, 10));
    assert_eq!((stage(12, 0), stage(12, 1), stage(12, 2)), (0, 0, 10));
    // Those wins through a bridge with 2 % monthly churn: 10,000; then
    // 10,000 − 200 + 10,000 = 19,800; then 19,800 − 396 + 10,000 = 29,404.
    let mut bookings = vec![
        Bookings {
            new_logos: Decimal::ZERO,
            new_mrr: usd("0"),
        };
        volumes.layout.months()
    ];
    plan.model
        .with_model(|model| {
            bookings_by_month(model, &volumes.layout, &volumes.cells, &mut bookings)
        })
        .unwrap();
    let bridge = mrr_bridge_owned(&plan.bridge, &bookings).unwrap();
    let ending: Vec<Money> = bridge.iter().take(4).map(|m| m.ending_mrr).collect();
    assert_eq!(ending, [usd("0"), usd("10000"), usd("19800"), usd("29404")]);
    round_trips(&goal);
    round_trips(&volumes);
    round_trips(&bridge);
    round_trips(&plan.model);
    round_trips(&plan.goal);
}

#[test]
fn the_documented_capacity_plan_staffs_aes_and_sdrs() {
    let input: OwnedPlanInput =
        serde_json::from_str(include_str!("data/json/capacity_plan.json")).unwrap();
    let plan = input.plan().unwrap();
    let cell = |month: usize, role: usize| plan.cells[plan.layout.index(month, 0, role).unwrap()];
    // 100 SQLs a month at 25 per AE: 4 AEs; 2 on board, so 2 hires.
    assert_eq!(cell(0, 0).need_fte, dec!(4));
    assert_eq!((cell(0, 0).need_headcount, cell(0, 0).hires), (4, 2));
    // One SDR per 2.5 AEs: 4 × 0.4 = 1.6 FTE, so 2 people, both hired.
    assert_eq!(cell(0, 1).need_fte, dec!(1.6));
    assert_eq!((cell(0, 1).need_headcount, cell(0, 1).hires), (2, 2));
    // Nobody leaves and the need holds: no more hires.
    assert_eq!((cell(2, 0).hires, cell(2, 1).hires), (0, 0));
    round_trips(&plan);
    round_trips(&input);
}

#[test]
fn the_whole_capacity_model_costs_the_plan_and_spells_out_its_defaults() {
    let input: OwnedPlanInput =
        serde_json::from_str(include_str!("data/json/capacity_plan.json")).unwrap();
    let model = OwnedCapacityModel {
        input,
        pods: Vec::new(),
        handoffs: Vec::new(),
        ratios: Vec::new(),
        new_mrr: Vec::new(),
        new_customers: Vec::new(),
    };
    let report = model.plan().unwrap();
    // Month 0 pays everyone on board: 4 AEs × 12,000 + 2 SDRs × 7,000.
    assert_eq!(report.role_costs[0], usd("48000"));
    assert_eq!(report.role_costs[1], usd("14000"));
    assert_eq!(report.costs[0].total, usd("62000"));
    // No new MRR given: zero every month, so no cost ratio.
    assert_eq!(report.costs[0].new_mrr, usd("0"));
    assert_eq!(report.costs[0].cost_per_new_mrr_dollar, None);
    assert!(report.pods.is_empty() && report.mismatches.is_empty());

    // Empty per-month lists and explicit zeros are the same question.
    let spelled = model.clone().with_defaults().unwrap();
    assert_eq!(spelled.new_mrr, vec![usd("0"); 3]);
    assert_eq!(spelled.new_customers, vec![dec!(0); 3]);
    assert_eq!(spelled.plan().unwrap(), report);

    let short = OwnedCapacityModel {
        new_mrr: vec![usd("1000")],
        ..model
    };
    assert_eq!(short.plan().unwrap_err().path().to_string(), "new_mrr");
    round_trips(&report);
}
