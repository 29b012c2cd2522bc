//! The planning RPCs (issue 16): the forward plan and the AM + CSM coverage
//! (CapacityService), the revenue goal with NRR (FunnelService) and the
//! lead-flow simulation (FlowService) — figures by hand and by the core,
//! and one bad field each with its exact path.

use salesphysics_core::capacity::forward::{
    CostTerms, Hire, OwnedForwardInput, OwnedForwardLine, RevenueTerms, Tenured,
};
use salesphysics_core::capacity::{plan_coverage, BookLimit, CoverageInput, OwnedRamp};
use salesphysics_core::flow::{ConversionCurve, OwnedFlowInput, Release};
use salesphysics_core::funnel::{
    plan_new_mrr_with_retention, Billing, GoalMeaning, NetRetention, NrrGoal, Stage,
};
use salesphysics_core::{Currency, Decimal, Money, Role, RoundingMode};
use salesphysics_service::convert;
use salesphysics_service::pb::salesphysics::v1 as pb;
use salesphysics_service::pb::salesphysics::v1::capacity_service_client::CapacityServiceClient;
use salesphysics_service::pb::salesphysics::v1::flow_service_client::FlowServiceClient;
use salesphysics_service::pb::salesphysics::v1::funnel_service_client::FunnelServiceClient;
use tonic::Code;

use crate::support::{assert_rejected, usd, TestServer};

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn dollars(text: &str) -> Money {
    Money::new(d(text), Currency::USD)
}

/// Two AE lines from April 2026 (30 days), 3 months: one rep on board with
/// 12 months of tenure (fully ramped on a linear 3-month ramp), and one hire
/// on 16 April with no ramp; 120,000 ARR quota a year at 100 %, 10,000 a
/// month each, nothing else; no base, NRR 1, margin 1; NPV at 0 %, IRR asked.
fn forward_request() -> pb::PlanForwardRequest {
    let line =
        |segment, ramp: pb::Ramp, staff: Vec<pb::Tenured>, hires: Vec<pb::Hire>| pb::ForwardLine {
            role: pb::Role::AccountExecutive as i32,
            segment,
            ramp: Some(ramp),
            attrition: None,
            backfill_lead_months: None,
            starting_staff: staff,
            hires,
            annual_quota: usd(120_000, 0),
            attainment: "1".into(),
            cost: Some(pb::CostTerms {
                monthly_cost: usd(10_000, 0),
                ..Default::default()
            }),
        };
    pb::PlanForwardRequest {
        currency_code: "USD".into(),
        year: 2026,
        first_month: 4,
        months: 3,
        lines: vec![
            line(
                0,
                pb::Ramp {
                    kind: pb::RampKind::Linear as i32,
                    months: 3,
                    table: vec![],
                },
                vec![pb::Tenured {
                    count: "1".into(),
                    tenure_months: 12,
                }],
                vec![],
            ),
            line(
                1,
                pb::Ramp {
                    kind: pb::RampKind::Step as i32,
                    months: 0,
                    table: vec![],
                },
                vec![],
                vec![pb::Hire {
                    month: 0,
                    day: 16,
                    count: "1".into(),
                }],
            ),
        ],
        revenue: Some(pb::RevenueTerms {
            starting_arr: None,
            annual_nrr: "1".into(),
            annual_gross_churn: String::new(),
            gross_margin: "1".into(),
        }),
        annual_discount_rate: Some("0".into()),
        irr: true,
    }
}

/// The same plan as the core's owned input.
fn forward_core() -> OwnedForwardInput {
    let cost = CostTerms {
        monthly_cost: dollars("10000"),
        overhead: Decimal::ZERO,
        tools_monthly: dollars("0"),
        commission_rate: Decimal::ZERO,
    };
    let line = |segment, ramp, starting_staff, hires| OwnedForwardLine {
        role: Role::AccountExecutive,
        segment,
        ramp,
        attrition: Default::default(),
        backfill_lead_months: None,
        starting_staff,
        hires,
        annual_quota: dollars("120000"),
        attainment: Decimal::ONE,
        cost,
    };
    OwnedForwardInput {
        currency: Currency::USD,
        year: 2026,
        first_month: 4,
        months: 3,
        lines: vec![
            line(
                0,
                OwnedRamp::Linear { months: 3 },
                vec![Tenured {
                    count: Decimal::ONE,
                    tenure_months: 12,
                }],
                vec![],
            ),
            line(
                1,
                OwnedRamp::Step { months: 0 },
                vec![],
                vec![Hire {
                    month: 0,
                    day: 16,
                    count: Decimal::ONE,
                }],
            ),
        ],
        revenue: RevenueTerms {
            starting_arr: dollars("0"),
            annual_nrr: Decimal::ONE,
            annual_gross_churn: Decimal::ZERO,
            gross_margin: Decimal::ONE,
        },
        annual_discount_rate: Some(Decimal::ZERO),
        irr: true,
    }
}

#[tokio::test]
async fn plan_forward_by_hand_and_by_the_core() {
    let server = TestServer::start().await;
    let mut client = CapacityServiceClient::new(server.channel().await);
    let response = client
        .plan_forward(forward_request())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        response.engine_version,
        salesphysics_service::ENGINE_VERSION
    );
    assert_eq!(response.input_fingerprint.len(), 64);

    // By hand. The hire on 16 April misses 15 of 30 days: 0.5 paid and
    // ramped FTE, 0.5 × 10,000 = 5,000 cost, 0.5 × 120,000 ÷ 12 = 5,000
    // booked. The tenured rep books 10,000 ARR a month for 10,000 of cost.
    //   month 0: booked 15,000, ARR 15,000, revenue 15,000 ÷ 12 = 1,250,
    //            cost 15,000, net −13,750.
    //   month 1: booked 20,000, ARR 35,000, revenue 2,916.666… → 2,916.67,
    //            cost 20,000, net −17,083.333… → −17,083.33,
    //            cumulative −30,833.333… → −30,833.33.
    //   month 2: ARR 55,000, revenue 4,583.333… → 4,583.33, net
    //            −15,416.666… → −15,416.67, cumulative exactly −46,250
    //            (the exact running sum, not −46,250.00 ± a cent of
    //            rounded months).
    assert_eq!(response.cells.len(), 6);
    let hire = &response.cells[1];
    assert_eq!(
        (hire.headcount.as_str(), hire.paid_fte.as_str()),
        ("1", "0.5")
    );
    assert_eq!(hire.cost, usd(5_000, 0));
    assert_eq!(hire.booked_arr, usd(5_000, 0));
    let months = &response.months;
    assert_eq!(months.len(), 3);
    assert_eq!(months[0].headcount, "2");
    assert_eq!(months[0].ramped_fte, "1.5");
    assert_eq!(months[0].booked_arr, usd(15_000, 0));
    assert_eq!(months[0].revenue, usd(1_250, 0));
    assert_eq!(months[0].net, usd(-13_750, 0));
    assert_eq!(months[1].arr, usd(35_000, 0));
    assert_eq!(months[1].revenue, usd(2_916, 670_000_000));
    assert_eq!(months[1].net, usd(-17_083, -330_000_000));
    assert_eq!(months[1].cumulative, usd(-30_833, -330_000_000));
    assert_eq!(months[2].arr, usd(55_000, 0));
    assert_eq!(months[2].revenue, usd(4_583, 330_000_000));
    assert_eq!(months[2].net, usd(-15_416, -670_000_000));
    assert_eq!(months[2].cumulative, usd(-46_250, 0));
    let summary = response.summary.as_ref().unwrap();
    // Still under water in the last month; NPV at 0 % is the plain sum;
    // a series that never turns positive has no IRR.
    assert_eq!(summary.payback_month, None);
    assert_eq!(summary.trough, usd(-46_250, 0));
    assert_eq!(summary.npv, usd(-46_250, 0));
    assert_eq!(summary.irr_monthly, None);

    // The core on the same input gives the same figures.
    let core = forward_core().plan().unwrap();
    for (got, want) in response.months.iter().zip(&core.months) {
        assert_eq!(got, &convert::forward::month_out(want).unwrap());
    }
    for (got, want) in response.cells.iter().zip(&core.cells) {
        assert_eq!(got, &convert::forward::cell_out(want).unwrap());
    }
    assert_eq!(
        summary,
        &convert::forward::summary_out(&core.summary).unwrap()
    );
}

#[tokio::test]
async fn plan_forward_names_a_bad_hire_day_as_the_client_wrote_it() {
    let server = TestServer::start().await;
    let mut client = CapacityServiceClient::new(server.channel().await);
    let mut request = forward_request();
    // 31 April does not exist.
    request.lines[1].hires[0].day = 31;
    let status = client.plan_forward(request).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_INVALID_DATE",
        "lines[1].hires[0].day",
    );
    let mut request = forward_request();
    request.revenue.as_mut().unwrap().gross_margin = "1.5".into();
    let status = client.plan_forward(request).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_OUT_OF_RANGE",
        "revenue.gross_margin",
    );
}

/// 300 accounts and 600,000 MRR to take to 110 % NRR through 8 % churn;
/// an AM holds 50 accounts or 100,000 MRR, a CSM 40 accounts or 150,000.
fn coverage_request() -> pb::PlanCoverageRequest {
    pb::PlanCoverageRequest {
        accounts: "300".into(),
        mrr: usd(600_000, 0),
        target_nrr: "1.1".into(),
        expected_churn: "0.08".into(),
        commercial_owner: pb::Role::AccountManager as i32,
        commercial: Some(pb::BookLimit {
            max_accounts: "50".into(),
            max_mrr: usd(100_000, 0),
        }),
        csm: Some(pb::BookLimit {
            max_accounts: "40".into(),
            max_mrr: usd(150_000, 0),
        }),
        csm_per_book: "1".into(),
    }
}

#[tokio::test]
async fn plan_coverage_by_hand_and_by_the_core() {
    let server = TestServer::start().await;
    let mut client = CapacityServiceClient::new(server.channel().await);
    let response = client
        .plan_coverage(coverage_request())
        .await
        .unwrap()
        .into_inner();
    // Needs: AM accounts 300 ÷ 50 = 6, AM MRR 600,000 ÷ 100,000 = 6, CSM
    // accounts 300 ÷ 40 = 7.5, CSM MRR 600,000 ÷ 150,000 = 4: 7.5 books,
    // bound by the CSMs' accounts; 8 AMs and 8 CSMs; 300 ÷ 8 = 37.5
    // accounts and 75,000 MRR a book; the base must end at 600,000 × 1.1 =
    // 660,000 and sell 600,000 × (0.1 + 0.08) = 108,000 of expansion,
    // 13,500 a book.
    assert_eq!(response.books, "7.5");
    assert_eq!(response.commercial_headcount, 8);
    assert_eq!(response.csm_headcount, 8);
    assert_eq!(response.binding, pb::CoverageBinding::CsmAccounts as i32);
    assert_eq!(response.accounts_per_book, "37.5");
    assert_eq!(response.mrr_per_book, usd(75_000, 0));
    assert_eq!(
        response.nrr_owners,
        vec![
            pb::Role::AccountManager as i32,
            pb::Role::CustomerSuccessManager as i32
        ]
    );
    assert_eq!(response.target_ending_mrr, usd(660_000, 0));
    assert_eq!(response.expansion_mrr_to_sell, usd(108_000, 0));
    assert_eq!(response.expansion_mrr_per_book, usd(13_500, 0));

    let core = plan_coverage(&CoverageInput {
        accounts: d("300"),
        mrr: dollars("600000"),
        target_nrr: d("1.1"),
        expected_churn: d("0.08"),
        commercial_owner: Role::AccountManager,
        commercial: BookLimit {
            max_accounts: d("50"),
            max_mrr: dollars("100000"),
        },
        csm: BookLimit {
            max_accounts: d("40"),
            max_mrr: dollars("150000"),
        },
        csm_per_book: Decimal::ONE,
    })
    .unwrap();
    let want = convert::coverage::plan_out(
        &core,
        response.engine_version.clone(),
        response.input_fingerprint.clone(),
    )
    .unwrap();
    assert_eq!(response, want);
}

#[tokio::test]
async fn plan_coverage_names_a_bad_limit_and_a_bad_owner() {
    let server = TestServer::start().await;
    let mut client = CapacityServiceClient::new(server.channel().await);
    let mut request = coverage_request();
    request.commercial.as_mut().unwrap().max_accounts = "0".into();
    let status = client.plan_coverage(request).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_NOT_POSITIVE",
        "commercial.max_accounts",
    );
    let mut request = coverage_request();
    request.commercial_owner = pb::Role::SalesEngineer as i32;
    let status = client.plan_coverage(request).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_INVALID",
        "commercial_owner",
    );
}

fn nrr_goal(amount: i64, horizon: i32, churn: &str, expansion: &str) -> pb::PlanNrrGoalRequest {
    pb::PlanNrrGoalRequest {
        goal: Some(pb::NrrGoal {
            meaning: pb::GoalMeaning::RecognizedRevenue as i32,
            amount: usd(amount, 0),
            horizon_months: horizon,
            billing: pb::Billing::FromBookingMonth as i32,
            retention: Some(pb::NetRetention {
                monthly_churn: churn.into(),
                monthly_expansion: expansion.into(),
            }),
            rounding: pb::RoundingMode::Unspecified as i32,
        }),
    }
}

#[tokio::test]
async fn plan_nrr_goal_by_hand_and_by_the_core() {
    let server = TestServer::start().await;
    let mut client = FunnelServiceClient::new(server.channel().await);

    // q = 1: the rule of 78; 780,000 of revenue in a year is 10,000 of new
    // MRR a month.
    let flat = client
        .plan_nrr_goal(nrr_goal(780_000, 12, "", ""))
        .await
        .unwrap()
        .into_inner();
    let plan = flat.plan.unwrap();
    assert_eq!(plan.compounded_months, "78");
    assert_eq!(plan.new_mrr_per_month, usd(10_000, 0));
    assert_eq!(flat.annual_nrr, "1");

    // q = 1 − 0.05 + 0.15 = 1.1 over 3 months: a unit booked in month 1
    // bills 1 + 1.1 + 1.21, in month 2 1 + 1.1, in month 3 1: C = 6.41;
    // 641,000 ÷ 6.41 = 100,000 a month. Annual NRR 1.1^12 =
    // 3.138428376721 → 3.138428377.
    let growing = client
        .plan_nrr_goal(nrr_goal(641_000, 3, "0.05", "0.15"))
        .await
        .unwrap()
        .into_inner();
    let plan = growing.plan.clone().unwrap();
    assert_eq!(plan.compounded_months, "6.41");
    assert_eq!(plan.new_mrr_per_month, usd(100_000, 0));
    assert_eq!(growing.monthly_factor, "1.1");
    assert_eq!(growing.annual_nrr, "3.138428377");

    let core = plan_new_mrr_with_retention(&NrrGoal {
        meaning: GoalMeaning::RecognizedRevenue,
        amount: dollars("641000"),
        horizon_months: 3,
        billing: Billing::FromBookingMonth,
        retention: NetRetention {
            monthly_churn: d("0.05"),
            monthly_expansion: d("0.15"),
        },
        rounding: RoundingMode::HalfEven,
    })
    .unwrap();
    assert_eq!(
        plan,
        convert::funnel::goal_plan_out(&core).unwrap(),
        "the core's own plan"
    );
}

#[tokio::test]
async fn plan_nrr_goal_names_a_bad_churn_rate() {
    let server = TestServer::start().await;
    let mut client = FunnelServiceClient::new(server.channel().await);
    let status = client
        .plan_nrr_goal(nrr_goal(780_000, 12, "1", ""))
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_OUT_OF_RANGE",
        "goal.retention.monthly_churn",
    );
}

fn flow_request(arrivals: Vec<i32>, work: i32, release: pb::Release) -> pb::SimulateFlowRequest {
    pb::SimulateFlowRequest {
        arrivals,
        reps: 1,
        work_per_rep_per_day: work,
        release: Some(release),
        stage: pb::Stage::Lead as i32,
        sla_rules: vec![],
        queue_expiry_days: None,
        // Every lead converts, whatever its age: conversions are exact.
        conversion: Some(pb::ConversionCurve {
            initial: "1".into(),
            daily_retention: "1".into(),
            floor: String::new(),
        }),
        seed: 7,
    }
}

fn free() -> pb::Release {
    pb::Release {
        kind: pb::ReleaseKind::Free as i32,
        wip_per_rep: 0,
    }
}

#[tokio::test]
async fn simulate_flow_by_hand() {
    let server = TestServer::start().await;
    let mut client = FlowServiceClient::new(server.channel().await);
    // Two leads on day 0, one rep working one a day, released freely: day 0
    // releases both and works one (lead time 0), leaving 1 in WIP; day 1
    // works the other (lead time 1); day 2 is idle.
    let response = client
        .simulate_flow(flow_request(vec![2, 0, 0], 1, free()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(response.days.len(), 3);
    let day0 = &response.days[0];
    assert_eq!(
        (day0.arrivals, day0.released, day0.worked, day0.converted),
        (2, 2, 1, 1)
    );
    assert_eq!((day0.queue, day0.wip, day0.max_wip_per_rep), (0, 1, 1));
    assert_eq!(day0.wip_per_rep, "1");
    assert_eq!(day0.lead_time.unwrap().max, Some(0));
    assert_eq!(response.days[1].lead_time.unwrap().p50, Some(1));
    assert_eq!(response.days[2].lead_time.unwrap().p50, None);
    // One (short) week; nearest-rank over the lead times {0, 1}: the median
    // is rank ⌈0.5 × 2⌉ = 1 → 0 days, p90 rank ⌈1.8⌉ = 2 → 1 day.
    assert_eq!(response.weeks.len(), 1);
    let week = &response.weeks[0];
    assert_eq!((week.days, week.worked, week.converted), (3, 2, 2));
    let times = week.lead_time.unwrap();
    assert_eq!(
        (times.p50, times.p90, times.max),
        (Some(0), Some(1), Some(1))
    );
    let summary = response.summary.unwrap();
    assert_eq!(summary.total.unwrap().worked, 2);
    assert_eq!((summary.peak_queue, summary.peak_wip_per_rep), (0, 1));
}

#[tokio::test]
async fn simulate_flow_capped_release_bounds_wip_as_the_core_does() {
    let server = TestServer::start().await;
    let mut client = FlowServiceClient::new(server.channel().await);
    // Three leads a day for 14 days to one rep working two: freely released,
    // WIP grows by one a day (14 at the end); capped at 2, WIP stays at most
    // 2 and the excess waits in the queue instead (3 × 14 − 2 × 14 = 14
    // leads short of capacity, so queue + WIP = 14 at the end).
    let arrivals = vec![3; 14];
    let free_run = client
        .simulate_flow(flow_request(arrivals.clone(), 2, free()))
        .await
        .unwrap()
        .into_inner();
    let capped = pb::Release {
        kind: pb::ReleaseKind::Capped as i32,
        wip_per_rep: 2,
    };
    let capped_run = client
        .simulate_flow(flow_request(arrivals.clone(), 2, capped))
        .await
        .unwrap()
        .into_inner();
    let free_summary = free_run.summary.unwrap();
    let free_total = free_summary.total.as_ref().unwrap();
    assert_eq!((free_total.wip, free_total.queue), (14, 0));
    assert_eq!(free_summary.peak_wip_per_rep, 14);
    let capped_summary = capped_run.summary.unwrap();
    let capped_total = capped_summary.total.as_ref().unwrap();
    assert!(capped_summary.peak_wip_per_rep <= 2);
    assert_eq!(capped_total.queue + capped_total.wip, 14);
    assert_eq!(capped_total.worked, 28);

    // The core on the same input gives the same days, weeks and summary.
    let core = OwnedFlowInput {
        arrivals: vec![3; 14],
        reps: 1,
        work_per_rep_per_day: 2,
        release: Release::Capped { wip_per_rep: 2 },
        stage: Stage::Lead,
        sla_rules: vec![],
        queue_expiry_days: None,
        conversion: ConversionCurve {
            initial: Decimal::ONE,
            daily_retention: Decimal::ONE,
            floor: Decimal::ZERO,
        },
        seed: 7,
    }
    .run()
    .unwrap();
    let days: Vec<_> = core.days.iter().map(convert::flow::period_out).collect();
    assert_eq!(capped_run.days, days);
    let weeks: Vec<_> = core.weeks.iter().map(convert::flow::period_out).collect();
    assert_eq!(capped_run.weeks, weeks);
    assert_eq!(capped_summary, convert::flow::summary_out(&core.summary));
}

#[tokio::test]
async fn simulate_flow_names_a_zero_wip_cap_and_caps_the_leads() {
    let server = TestServer::start().await;
    let mut client = FlowServiceClient::new(server.channel().await);
    let capped = pb::Release {
        kind: pb::ReleaseKind::Capped as i32,
        wip_per_rep: 0,
    };
    let status = client
        .simulate_flow(flow_request(vec![1], 1, capped))
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_NOT_POSITIVE",
        "release.wip_per_rep",
    );
    let request = flow_request(vec![1, -1], 1, free());
    let status = client.simulate_flow(request).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_NEGATIVE",
        "arrivals[1]",
    );
    // One lead over the core's cap (limits::MAX_FLOW_LEADS).
    let request = flow_request(vec![1_000_000, 1_000_001], 1, free());
    let status = client.simulate_flow(request).await.unwrap_err();
    assert_rejected(
        &status,
        Code::ResourceExhausted,
        "SALESPHYSICS_TOO_MANY",
        "arrivals",
    );
}

#[tokio::test]
async fn plan_forward_is_deterministic_and_its_fingerprint_ignores_explicit_defaults() {
    use prost::Message;

    let server = TestServer::start().await;
    let mut client = CapacityServiceClient::new(server.channel().await);
    let a = client
        .plan_forward(forward_request())
        .await
        .unwrap()
        .into_inner();
    let again = client
        .plan_forward(forward_request())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(a.encode_to_vec(), again.encode_to_vec(), "byte-identical");

    // Every optional default spelled out, and decimals spelled differently.
    let mut explicit = forward_request();
    for line in &mut explicit.lines {
        line.attrition = Some(pb::Attrition {
            kind: pb::AttritionKind::None as i32,
            ..Default::default()
        });
        line.attainment = "1.000".into();
        let cost = line.cost.as_mut().unwrap();
        cost.overhead = "0".into();
        cost.tools_monthly = usd(0, 0);
        cost.commission_rate = "0.0".into();
    }
    let revenue = explicit.revenue.as_mut().unwrap();
    revenue.starting_arr = usd(0, 0);
    revenue.annual_gross_churn = "0".into();
    let b = client.plan_forward(explicit).await.unwrap().into_inner();
    assert_eq!(a.input_fingerprint, b.input_fingerprint);
    assert_eq!(a.months, b.months);

    // A different input gives a different fingerprint.
    let mut other = forward_request();
    other.lines[1].hires[0].day = 15;
    let c = client.plan_forward(other).await.unwrap().into_inner();
    assert_ne!(a.input_fingerprint, c.input_fingerprint);
}

#[tokio::test]
async fn simulate_flow_reassigns_by_the_lead_sla_rules() {
    let server = TestServer::start().await;
    let mut client = FlowServiceClient::new(server.channel().await);
    // One lead, one rep who works nothing, and a 24 h assigned → worked SLA
    // that re-assigns: released on day 0; at the start of day 1 (86,400 s
    // after assignment) the rule is due, the lead goes back to the front of
    // the queue and is released again; the same on day 2. Released 3 times,
    // re-assigned twice, never worked.
    let mut request = flow_request(vec![1, 0, 0], 0, free());
    request.sla_rules = vec![pb::SlaRule {
        stage: pb::Stage::Lead as i32,
        from: pb::Milestone::Assigned as i32,
        until: pb::Milestone::Worked as i32,
        within_seconds: 86_400,
        action: pb::SlaAction::Reassign as i32,
    }];
    let response = client
        .simulate_flow(request.clone())
        .await
        .unwrap()
        .into_inner();
    let reassigned: Vec<_> = response.days.iter().map(|d| d.reassigned).collect();
    assert_eq!(reassigned, vec![0, 1, 1]);
    let total = response.summary.unwrap().total.unwrap();
    assert_eq!((total.released, total.reassigned, total.worked), (3, 2, 0));
    assert_eq!(total.wip, 1);

    // A rule the core rejects is named with its index.
    request.sla_rules[0].within_seconds = 0;
    let status = client.simulate_flow(request).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_NOT_POSITIVE",
        "sla_rules[0].within_seconds",
    );
}
